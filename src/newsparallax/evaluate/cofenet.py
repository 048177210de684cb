"""CofeNet's protocol, like for like: exact source, cue and content spans per sentence.

CofeNet (COLING 2022) scores PolNeAR as sentences tagged BIO: a span is right when its role, first
token and last token all equal a gold span's in the same sentence. Its published figures are on
PolNeAR's test split; the dev split's file is shipped with the data (`cofenet-bio/valid.txt`:
CoreNLP tokens, one JSON object per sentence, `id` = article and annotator). To score our
article-level quotes the same way, each sentence's tokens are found in the article text (PTB
escapes such as ``` `` ``` and ``--`` undone; a full stop the tokenizer added after "Del." matches
nothing), and every span — gold or ours — is turned into token labels the same way: a token lies in
a span when its characters do; a token already labelled keeps its first label. Projecting the
gold .ann files this way reproduces the file's own labels (the agreement is printed), so the
projection is CofeNet's. A sentence that cannot be found in the text counts all its gold spans as
missed.

Ours: each quote is one content (direct, partial and block quotes with their quotation marks, as
PolNeAR marks them; a statement's quoted words are part of its content, as they are one item of
ours; a content its cue interrupts is two fragments), its cue and its source mention
(with the comma closing an appositive, as PolNeAR marks it), in text order. Those marking
conventions were read off the train split's .ann files, never off the dev file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .polnear import GoldAttribution, Problem, parse_ann, split_dir
from .quote_metrics import Counts

ROLES = ("source", "cue", "content")
BIO_FILES = {"dev": "valid.txt", "train": "train.txt", "test": "test.txt"}
PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
QUOTE_CHARS = "\"“”'‘’`"
ONE_QUOTE = r"(?:``|''|[\"“”'‘’`])"
DASH = r"(?:--|[—–―-])"
ELLIPSIS = r"(?:\.\.\.|…|\. \. \.)"
WINDOW = 200  # how far the next token of a sentence may be

Segments = Sequence[tuple[int, int]]
Item = tuple[str, Segments]  # role, character segments


@dataclass(frozen=True)
class BioSentence:
    id: str  # article name and annotator, as the .ann file is named
    tokens: tuple[str, ...]
    labels: tuple[str, ...]

    @property
    def article(self) -> str:
        return self.id.rpartition("_")[0] or self.id


@dataclass
class BioScore:
    counts: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    projection: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    sentences: int = 0
    unaligned: int = 0
    path: str = ""


def bio_path(root: Path, split: str) -> Path | None:
    path = Path(root) / "cofenet-bio" / BIO_FILES.get(split, f"{split}.txt")
    return path if path.is_file() else None


def read_bio(path: Path) -> tuple[list[BioSentence], list[Problem]]:
    """The sentences of a CofeNet BIO file; lines that are not such a sentence are reported."""
    sentences, problems = [], []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                tokens, labels = tuple(row["tokens"]), tuple(row["labels"])
                if len(tokens) != len(labels) or not tokens:
                    raise ValueError("tokens and labels differ in length")
                sentences.append(BioSentence(str(row["id"]), tokens, labels))
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(Problem(str(path), number, f"not a BIO sentence ({exc})"))
    return sentences, problems


def token_pattern(token: str) -> str:
    token = PTB.get(token, token)
    if token in ("--", "-"):
        return DASH
    if token == "...":
        return ELLIPSIS
    if set(token) <= set(QUOTE_CHARS):
        return ONE_QUOTE + "{1,2}" if len(token) > 2 else ONE_QUOTE
    parts = []
    for ch in token:
        if ch in QUOTE_CHARS:
            parts.append(f"[{re.escape(QUOTE_CHARS)}]")
        elif ch.isspace():
            parts.append(r"\s")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def align(
    text: str, tokens: Sequence[str], cursor: int
) -> tuple[list[tuple[int, int]] | None, int]:
    """Character offsets of a sentence's tokens, found from `cursor` on: the first token anywhere
    after it (the file leaves sentences out), each next one after only whitespace. Returns the
    offsets and the new cursor, or None and the old cursor."""
    first = re.compile(r"(?<!\w)" + token_pattern(tokens[0]))
    rest = [re.compile(token_pattern(t)) for t in tokens[1:]]
    start = cursor
    while (found := first.search(text, start)) is not None:
        offsets, at = [found.span()], found.end()
        for token, pattern in zip(tokens[1:], rest, strict=True):
            match = pattern.search(text, at, at + WINDOW)
            if match is None or text[at : match.start()].strip():
                if token == ".":  # a full stop the tokenizer added ("Del." → "Del." ".")
                    offsets.append((at, at))
                    continue
                break
            offsets.append(match.span())
            at = match.end()
        else:
            return offsets, at
        start = found.end()
    return None, cursor


def spans_of(labels: Sequence[str]) -> set[tuple[str, int, int]]:
    """(role, first token, end token) of every labelled span; an I- without its B- opens one."""
    found, open_ = set(), None
    for i, label in enumerate([*labels, "O"]):
        if open_ is not None and not (label.startswith("I-") and label[2:] == open_[0]):
            found.add((open_[0], open_[1], i))
            open_ = None
        if label.startswith("B-") or (label.startswith("I-") and open_ is None):
            open_ = (label[2:], i)
    return found


def labels_for(offsets: Sequence[tuple[int, int]], items: Iterable[Item]) -> list[str]:
    """BIO labels of one sentence's tokens for spans given as character segments, first wins."""
    labels = ["O"] * len(offsets)
    for role, segments in items:
        for start, end in segments:
            previous = None
            for i, (a, b) in enumerate(offsets):
                if start <= a and b <= end and a < b and labels[i] == "O":
                    labels[i] = ("I-" if previous == i - 1 else "B-") + role
                    previous = i
    return labels


def gold_items(attributions: Iterable[GoldAttribution]) -> list[Item]:
    items: list[Item] = []
    for a in attributions:
        items += [("source", a.source), ("cue", a.cue), ("content", a.content)]
    return items


def our_items(quotes: Iterable, text: str) -> list[Item]:
    """Our quotes as (role, segments), in text order (module docstring)."""
    quotes = sorted(quotes, key=lambda q: (q.start, q.end))
    items: list[Item] = []
    for q in quotes:
        start, end = q.start, q.end
        if q.kind != "indirect":
            for _ in range(2):  # “…” or ''…'' (two characters a mark, as some outlets type it)
                start -= start > 0 and text[start - 1] in QUOTE_CHARS
                end += end < len(text) and text[end] in QUOTE_CHARS
        if q.mention is not None:
            items.append(("source", [_source_span(q.mention, text)]))
        if q.cue is not None:
            items.append(("cue", [(q.cue.start, q.cue.end)]))
        items.append(("content", _content_segments(q, start, end, text)))
    return items


def _content_segments(q, start: int, end: int, text: str) -> list[tuple[int, int]]:
    """A content that a parenthetical cue interrupts ("This campaign, he says, is different")
    is two fragments, as PolNeAR marks it, each without the commas that set the cue off."""
    inside = [s for s in (q.cue, q.mention) if s is not None and start < s.start < end]
    if not inside:
        return [(start, end)]
    lo = min(s.start for s in inside)
    hi = max(s.end for s in inside)
    return [seg for seg in (_strip(text, start, lo), _strip(text, hi, end)) if seg[1] > seg[0]]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",—–"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",—–"):
        end -= 1
    return start, end


def _source_span(mention, text: str) -> tuple[int, int]:
    """A source phrase with an appositive ("Huma Abedin, vice chairwoman for the campaign,")
    keeps the comma that closes it, as PolNeAR marks it (921 times in 1,027 on the train split;
    a source with no comma inside keeps none: 798 in 803)."""
    end = mention.end
    if "," in text[mention.start : end] and text[end : end + 1] == ",":
        end += 1
    return mention.start, end


def score(
    sentences: Sequence[BioSentence],
    texts: dict[str, str],
    ours: dict[str, list[Item]],
    golds: dict[str, list[Item]],
) -> BioScore:
    """Exact-span counts per role over the sentences whose article we analysed; `golds` (by
    sentence id) are the .ann spans, projected to check the projection against the file."""
    result = BioScore()
    cursors: dict[str, int] = {}
    for sentence in sentences:
        text = texts.get(sentence.article)
        if text is None:
            continue
        result.sentences += 1
        gold = spans_of(sentence.labels)
        offsets, cursors[sentence.id] = align(text, sentence.tokens, cursors.get(sentence.id, 0))
        if offsets is None:
            result.unaligned += 1
            _tally(result.counts, gold, set())
            continue
        _tally(result.counts, gold, spans_of(labels_for(offsets, ours.get(sentence.article, []))))
        if sentence.id in golds:
            _tally(result.projection, gold, spans_of(labels_for(offsets, golds[sentence.id])))
    return result


def _tally(counts: dict[str, Counts], gold: set, pred: set) -> None:
    for role in ROLES:
        g = {s for s in gold if s[0] == role}
        p = {s for s in pred if s[0] == role}
        counts[role].add(Counts(len(g & p), len(p - g), len(g - p)))


def score_split(
    root: Path, split: str, texts: dict[str, str], quotes: dict[str, list]
) -> BioScore | None:
    """CofeNet's protocol on the split's BIO file, if the corpus has one."""
    path = bio_path(root, split)
    if path is None:
        return None
    sentences, _ = read_bio(path)
    ours = {article: our_items(qs, texts[article]) for article, qs in quotes.items()}
    golds: dict[str, list[Item]] = {}
    base = split_dir(Path(root), split)
    ann_dir = (base or Path(root)) / "attributions"
    for sentence_id in {s.id for s in sentences}:
        article = sentence_id.rpartition("_")[0]
        ann = ann_dir / f"{sentence_id}.ann"
        if article in texts and ann.is_file():
            parsed, _, _ = parse_ann(
                ann.read_text(encoding="utf-8"), texts[article], article, str(ann)
            )
            golds[sentence_id] = gold_items(parsed)
    result = score(sentences, texts, ours, golds)
    result.path = str(path)
    return result
