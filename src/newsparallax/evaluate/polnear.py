"""Read PolNeAR-layout attribution corpora (brat standoff) into gold attribution records.

Layout: ``data/<split>/text/<article>.txt`` and
``data/<split>/attributions/<article>_<annotator>.ann``.
`read_polnear` accepts the corpus root (holding ``data/``), the ``data/`` directory itself, or the
split directory (holding ``text/`` and ``attributions/``).

When one article has several annotators' files, the first in sorted file-name order is used and
the others are ignored (PolNeAR's dev split has two such articles); the choice is deterministic,
so figures are reproducible.

What is read from a ``.ann`` file:

- ``T`` lines: ``T<n>\\t<Label> <start> <end>[;<start> <end>...]\\t<text>``. A span's text may
  contain newlines, in which case the record continues on the next physical lines; a ``T``
  record's text is read until it is as long as its offsets say (fragments joined by one space, as
  brat writes them). Labels ``Discard`` and ``Discuss`` are skipped.
- ``E`` lines: ``E<n>\\tAttribution:T<a> Content:T<c> Cue:T<q> Source:T<s>``; the trigger role may
  be ``Attribution-no-source``; role names may carry a numeric suffix (``Content2``); there may be
  several of each role, and no ``Source`` at all.
- ``#`` notes and any other record kind are ignored.

Bad input never stops the run: an ill-formed line, a missing text file, an offset outside the
text, a span whose text disagrees with the article, an attribution without content or pointing at
an unknown span all become a `Problem` naming the file and line; the attribution (or the whole
file) is skipped and counted.

Gold type of an attribution, from the characters of its content (`content_type`):

- Quotation marks are ``"`` ``“`` ``”`` ``„`` ``«`` ``»`` (and two apostrophes ``''``, which
  some texts use for ``"``) and single marks ``‘`` ``’`` ``'``.
  Double marks always count; a curly mark's direction is its own, a straight ``"`` opens when it
  follows the start, whitespace or an opening bracket/dash and closes otherwise. Single marks count
  only in pairs within one fragment (an opening ``‘``/``'`` after a non-letter, later closed by a
  ``’``/``'`` before a non-letter), so apostrophes ("it’s", "voters’") are not marks.
- Each content fragment is read together with its immediate edges: up to two characters of
  punctuation or whitespace on either side, plus a quotation mark just beyond them, because
  annotators sometimes leave the marks out of the span (``“We will win,” he said`` with content
  ``We will win``).
- Walking a fragment, a mark that opens adds one level of quotation, one that closes removes one;
  a fragment whose first double mark is a closing one starts inside a quotation.
- A letter or digit is *quoted* when the level at its position is above zero. The content is
  **direct** when it has quoted characters and no unquoted ones, **mixed** when it has both, and
  **indirect** when it has no quoted characters.

`speech_cue`: true when some word of the cue has a simple lemma (lowercased, irregular past forms
and the suffixes -s/-es/-ies/-ed/-ied/-ing undone, with or without a final e) in
`newsparallax.analysis.lexicon.SPEECH_VERBS`. Any word rather than the last one because cues such as
"said Thursday morning", "called for" or "said in a statement" end in a non-verb. "according to"
has no verb and so is not a speech cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsparallax.analysis.lexicon import SPEECH_VERBS

GoldType = str  # "direct" | "mixed" | "indirect"
TYPES: tuple[str, ...] = ("direct", "mixed", "indirect")

_RECORD = re.compile(r"^(?:[TERAN]\d+|#\d*|\*)\t")
_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$", re.DOTALL)
_E_ARG = re.compile(r"^([A-Za-z][A-Za-z-]*?)(\d*):(T\d+)$")
IGNORED_LABELS = frozenset({"Discard", "Discuss"})
KNOWN_LABELS = frozenset({"Source", "Cue", "Content", "Attribution", "Attribution-no-source"})


@dataclass(frozen=True)
class Problem:
    """Something in the input that could not be used: which file, which line, what was wrong."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


Segments = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution relation; offsets index the article text."""

    id: str  # the E record, e.g. "E3"
    article: str
    content: Segments
    cue: Segments
    source: Segments
    type: GoldType
    speech_cue: bool
    line: int  # line of the E record in the .ann file

    @property
    def content_span(self) -> tuple[int, int]:
        """The union span of the content fragments: (min start, max end)."""
        return _union(self.content)

    @property
    def cue_span(self) -> tuple[int, int] | None:
        return _union(self.cue) if self.cue else None

    @property
    def source_span(self) -> tuple[int, int] | None:
        return _union(self.source) if self.source else None


@dataclass(frozen=True)
class GoldDoc:
    """One article with its gold attributions."""

    id: str
    text: str
    text_path: Path
    ann_path: Path
    annotator: str
    attributions: tuple[GoldAttribution, ...]


@dataclass
class ReadResult:
    docs: list[GoldDoc]
    problems: list[Problem]
    skipped_attributions: int = 0
    skipped_files: int = 0


def _union(segments: Segments) -> tuple[int, int]:
    return min(s for s, _ in segments), max(e for _, e in segments)


def split_dir(root: Path, split: str) -> Path | None:
    """The directory holding ``text/`` and ``attributions/`` for `split`, wherever `root` points."""
    for candidate in (root, root / split, root / "data" / split):
        if (candidate / "text").is_dir() and (candidate / "attributions").is_dir():
            return candidate
    return None


def read_polnear(root: Path, split: str = "dev") -> tuple[list[GoldDoc], list[Problem]]:
    """Gold documents of one split, in article-name order, and the problems met reading them."""
    result = read_polnear_full(root, split)
    return result.docs, result.problems


def read_polnear_full(root: Path, split: str = "dev", limit: int | None = None) -> ReadResult:
    """`read_polnear` with the counts of skipped attributions and files; `limit` keeps the first
    `limit` articles (in name order) that have both a text and an annotation file."""
    result = ReadResult([], [])
    base = split_dir(Path(root), split)
    if base is None:
        result.problems.append(
            Problem(str(root), None, f"no '{split}' split here (expected text/ and attributions/)")
        )
        return result
    texts = {p.stem: p for p in sorted((base / "text").glob("*.txt"))}
    annotations: dict[str, list[tuple[str, Path]]] = {}
    for path in sorted((base / "attributions").glob("*.ann")):
        article, sep, annotator = path.stem.rpartition("_")
        if not sep:
            article, annotator = path.stem, ""
        annotations.setdefault(article, []).append((annotator, path))
    for article, files in sorted(annotations.items()):
        if article not in texts:
            for _, path in files:
                result.problems.append(Problem(str(path), None, "no text file for this article"))
                result.skipped_files += 1
    for article, text_path in texts.items():
        if limit is not None and len(result.docs) >= limit:
            break
        if article not in annotations:
            result.problems.append(Problem(str(text_path), None, "no annotation file"))
            result.skipped_files += 1
            continue
        annotator, ann_path = annotations[article][0]
        try:
            text = text_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result.problems.append(Problem(str(text_path), None, f"cannot read text ({exc})"))
            result.skipped_files += 1
            continue
        try:
            ann = ann_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            result.problems.append(Problem(str(ann_path), None, f"cannot read annotations ({exc})"))
            result.skipped_files += 1
            continue
        attributions, problems, skipped = parse_ann(ann, text, article, str(ann_path))
        result.problems.extend(problems)
        result.skipped_attributions += skipped
        result.docs.append(
            GoldDoc(article, text, text_path, ann_path, annotator, tuple(attributions))
        )
    return result


@dataclass
class _TRecord:
    label: str
    segments: Segments
    line: int
    ok: bool  # offsets inside the text and text agrees


def parse_ann(
    ann: str, text: str, article: str, file: str
) -> tuple[list[GoldAttribution], list[Problem], int]:
    """Attributions of one ``.ann`` file against its article text, the problems found, and how
    many attributions were skipped because of them."""
    problems: list[Problem] = []
    spans: dict[str, _TRecord] = {}
    events: list[tuple[int, str, list[tuple[str, str]]]] = []
    lines = ann.split("\n")
    bad_events = 0
    i = 0
    while i < len(lines):
        number, line = i + 1, lines[i].rstrip("\r")
        i += 1
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("T"):
            i = _read_t(line, lines, i, number, text, file, spans, problems)
        elif line.startswith("E"):
            parsed = _read_e(line)
            if parsed is None:
                problems.append(Problem(file, number, "ill-formed event line"))
                bad_events += 1
                continue
            events.append((number, parsed[0], parsed[1]))
        elif not _RECORD.match(line):
            problems.append(Problem(file, number, "ill-formed line"))
    attributions: list[GoldAttribution] = []
    skipped = bad_events
    for number, event_id, args in events:
        roles: dict[str, list[_TRecord]] = {"Content": [], "Cue": [], "Source": []}
        bad = None
        for role, ref in args:
            record = spans.get(ref)
            if record is None:
                bad = f"{event_id} refers to {ref}, which is missing or ill-formed"
                break
            if not record.ok:
                bad = f"{event_id} uses {ref} (line {record.line}), which is unusable"
                break
            if role in roles:
                roles[role].append(record)
        if bad is None and not roles["Content"]:
            bad = f"{event_id} has no content"
        if bad is not None:
            problems.append(Problem(file, number, bad))
            skipped += 1
            continue
        content = _segments(roles["Content"])
        cue = _segments(roles["Cue"])
        attributions.append(
            GoldAttribution(
                id=event_id,
                article=article,
                content=content,
                cue=cue,
                source=_segments(roles["Source"]),
                type=content_type(text, content),
                speech_cue=is_speech_cue(" ".join(text[s:e] for s, e in cue)),
                line=number,
            )
        )
    return attributions, problems, skipped


def _segments(records: list[_TRecord]) -> Segments:
    return tuple(sorted({seg for r in records for seg in r.segments}))


def _read_t(
    line: str,
    lines: list[str],
    i: int,
    number: int,
    text: str,
    file: str,
    spans: dict[str, _TRecord],
    problems: list[Problem],
) -> int:
    """Parse one T record starting on physical line `number`; returns the next line index."""
    head = line.split("\t")
    if len(head) < 3 or not re.fullmatch(r"T\d+", head[0]):
        problems.append(Problem(file, number, "ill-formed span line"))
        return i
    label_offsets = head[1].split(" ", 1)
    if len(label_offsets) != 2 or not re.fullmatch(r"\d+ \d+(?:;\d+ \d+)*", label_offsets[1]):
        problems.append(Problem(file, number, f"{head[0]}: ill-formed offsets"))
        return i
    segments = tuple(
        (int(a), int(b)) for a, b in (part.split(" ") for part in label_offsets[1].split(";"))
    )
    span_text = "\t".join(head[2:])
    expected = sum(e - s for s, e in segments) + len(segments) - 1
    while len(span_text) < expected and i < len(lines) and not _RECORD.match(lines[i]):
        span_text += "\n" + lines[i].rstrip("\r")
        i += 1
    tid, label = head[0], label_offsets[0]
    if label in IGNORED_LABELS:
        return i
    ok = True
    if label not in KNOWN_LABELS:
        problems.append(Problem(file, number, f"{tid}: unknown label {label!r}"))
        ok = False
    elif any(s > e or e > len(text) for s, e in segments):
        problems.append(
            Problem(file, number, f"{tid}: offsets outside the text ({len(text)} characters)")
        )
        ok = False
    elif _squash(" ".join(text[s:e] for s, e in segments)) != _squash(span_text):
        problems.append(Problem(file, number, f"{tid}: span text differs from the article"))
        ok = False
    spans[tid] = _TRecord(label, segments, number, ok)
    return i


def _squash(value: str) -> str:
    return " ".join(value.split())


def _read_e(line: str) -> tuple[str, list[tuple[str, str]]] | None:
    parts = line.rstrip().split("\t")
    if len(parts) < 2 or not re.fullmatch(r"E\d+", parts[0]):
        return None
    args: list[tuple[str, str]] = []
    for item in parts[1].split():
        m = _E_ARG.match(item)
        if m is None:
            return None
        args.append((m.group(1), m.group(3)))
    if not args or not args[0][0].startswith("Attribution"):
        return None
    return parts[0], args[1:]


# --- gold type ---------------------------------------------------------------------------------

DOUBLE_OPEN = frozenset("“„«")
DOUBLE_CLOSE = frozenset("”»")
SINGLE_OPEN = frozenset("‘'")
SINGLE_CLOSE = frozenset("’'")
QUOTE_MARKS = frozenset("\"“”„«»‘’'")
_EDGE = 2  # punctuation/whitespace characters looked past at a fragment's edge


def content_type(text: str, segments: Segments) -> GoldType:
    """direct, mixed or indirect, as defined in the module docstring."""
    quoted = unquoted = 0
    for start, end in segments:
        q, u = _quoted_counts(text, start, end)
        quoted += q
        unquoted += u
    if quoted and not unquoted:
        return "direct"
    if quoted:
        return "mixed"
    return "indirect"


def _extend(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) by up to `_EDGE` punctuation/whitespace characters and one mark."""
    lo = start
    for _ in range(_EDGE):
        if lo > 0 and text[lo - 1] in QUOTE_MARKS:
            break
        if lo > 0 and (text[lo - 1].isspace() or _is_punct(text[lo - 1])):
            lo -= 1
        else:
            break
    if lo > 0 and text[lo - 1] in QUOTE_MARKS:
        lo -= 1
    else:
        lo = start
    hi = end
    for _ in range(_EDGE):
        if hi < len(text) and text[hi] in QUOTE_MARKS:
            break
        if hi < len(text) and (text[hi].isspace() or _is_punct(text[hi])):
            hi += 1
        else:
            break
    if hi < len(text) and text[hi] in QUOTE_MARKS:
        hi += 1
    else:
        hi = end
    return lo, hi


def _is_punct(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace() and ch not in QUOTE_MARKS


def _quoted_counts(text: str, start: int, end: int) -> tuple[int, int]:
    """(quoted, unquoted) letters and digits of text[start:end], read with its edges."""
    lo, hi = _extend(text, start, end)
    region = text[lo:hi]
    marks = _marks(region)
    level = 0
    doubles = [d for _, d, single in marks if not single]
    if doubles and doubles[0] < 0:
        level = 1
    deltas = {pos: d for pos, d, _ in marks}
    quoted = unquoted = 0
    for k, ch in enumerate(region):
        if k in deltas:
            level = max(0, level + deltas[k])
            continue
        if not ch.isalnum() or not (start <= lo + k < end):
            continue
        if level > 0:
            quoted += 1
        else:
            unquoted += 1
    return quoted, unquoted


def _marks(region: str) -> list[tuple[int, int, bool]]:
    """(position, +1 open / -1 close, is single) for each quotation mark in `region`."""
    found: list[tuple[int, int, bool]] = []
    open_single: list[int] = []
    region = region.replace("''", '"\x00')  # two apostrophes: a straight double mark (NYT)
    for k, ch in enumerate(region):
        before = region[k - 1] if k > 0 else " "
        after = region[k + 1] if k + 1 < len(region) else " "
        if after == "\x00":
            after = region[k + 2] if k + 2 < len(region) else " "
        if ch in DOUBLE_OPEN:
            found.append((k, 1, False))
        elif ch in DOUBLE_CLOSE:
            found.append((k, -1, False))
        elif ch == '"':
            opens = (before.isspace() or before in "([{—–-") and not after.isspace()
            found.append((k, 1 if opens else -1, False))
        elif ch in SINGLE_OPEN and not before.isalnum() and after.isalnum():
            open_single.append(k)
        elif ch in SINGLE_CLOSE and open_single and not after.isalnum() and not before.isspace():
            found.append((open_single.pop(), 1, True))
            found.append((k, -1, True))
    return sorted(found)


# --- speech cue --------------------------------------------------------------------------------

_IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "writes": "write",
    "spoke": "speak",
    "spoken": "speak",
    "swore": "swear",
    "sworn": "swear",
    "foretold": "foretell",
    "retold": "retell",
}


def simple_lemmas(word: str) -> set[str]:
    """Candidate lemmas of an English verb form, by undoing common inflections."""
    w = word.lower().strip(".,;:!?\"'“”‘’()")
    found = {w}
    if w in _IRREGULAR:
        found.add(_IRREGULAR[w])
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ing", ""),
    ):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            stem = w[: -len(suffix)] + repl
            found.update({stem, stem + "e"})
            if len(stem) > 2 and stem[-1] == stem[-2]:  # committed -> commit
                found.add(stem[:-1])
    return found


def is_speech_cue(cue_text: str) -> bool:
    """True when some word of the cue is a form of a verb in `SPEECH_VERBS`."""
    return any(simple_lemmas(word) & SPEECH_VERBS for word in cue_text.split())
