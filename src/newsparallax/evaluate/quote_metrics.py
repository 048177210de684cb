"""Quote-extraction metrics against gold attributions, as shared/notes/evaluation.md defines them.

Every figure is micro-averaged precision, recall and F1 with its TP/FP/FN counts, split by the
GOLD type of the attribution (direct / mixed / indirect, see `polnear.content_type`) and given
for all attributions and for speech-verb cues only.

Predictions. Each of our quotes is one predicted content, ``[quote.start, quote.end)``. Kinds map
to gold types: ``direct`` and ``block`` → direct; ``indirect`` → indirect; ``partial`` → mixed.
A statement that quotes some of its words (an indirect quote with ``quoted`` spans: "she called
the plan “a disaster”") is one prediction, the reported clause, which is what PolNeAR annotates
as a mixed content: its type is mixed. A partial quote in no statement is a prediction of its
own (type mixed). A direct quote that our
extractor marks as continuing the quote before it (“A,” he said. “B.”), in the same paragraph or
the next, is joined to it, whatever that quote's type (“she said the plan was “a disaster.”” then
“We will fight it.” on a paragraph of its own); so is a direct quote that shares the cue of the
direct quote before it (“A,” he said, “B.”), in the same paragraph. PolNeAR annotates such a
quote as one attribution with a discontinuous content: the prediction spans from the first piece
to the last.

Content spans. Gold content is the union span of its fragments (min start, max end): a quote
interrupted by "he said" is one span including the interruption. Both gold and predicted spans are
trimmed of whitespace, quotation marks and punctuation at both edges before comparing.

- **strict**: trimmed spans identical.
- **overlap ≥30% / ≥80%** (the Gender Gap Tracker's definition): a prediction covers a gold span
  when at least that share of the gold span's characters lies inside it. Matching is greedy and
  one-to-one: candidate pairs are taken in order of coverage, then of the share of the prediction
  inside the gold span, then document order; a gold or prediction is used once.

Counting by type. A gold attribution is TP or FN under its own type. An unmatched prediction is an
FP under its own mapped type; a matched prediction judged wrong (wrong source, wrong speaker) is an
FP under its gold partner's type. For "speech-verb cues only" the gold attributions whose cue is
not a speech verb are left out, so are the predictions matched to them, and an unmatched
prediction counts as an FP only when its own cue is a speech verb or it has no cue.

- **cue**: exact span (both trimmed of edge whitespace and punctuation unless the cue is only
  punctuation, like PolNeAR's ``:`` cues). Pairs of content-matched (≥30%) quotes with equal cues
  are taken first, then the remaining gold and predicted cues are paired one-to-one by equal span.
  Gold attributions without a cue and predictions without one are not counted.
- **source mention**, on pairs matched at ≥30%: right when the predicted mention overlaps a gold
  source fragment by at least one character; a gold attribution without a source is right only if
  we predict no mention. TP = matched and right; FP = predictions − TP; FN = gold − TP. The
  accuracy over matched pairs is given beside it.
- **resolved speaker**, on pairs matched at ≥30%: the gold source mention is resolved to a name
  with `resolve_gold_sources` (below). When it resolves, our `Quote.speaker` must be the same name
  (`same_name`), or, when our speaker is a coordination ("Obama and Clinton"), one of its
  members must be; when it does not (groups, "a spokesman", "officials", no source) the speaker
  is judged by the source-mention rule instead. Counted like the source mention.
- **end to end**: pair matched at ≥80% and the speaker right by the rule above.

Resolving a gold source mention (`resolve_gold_sources`) uses only the article's text, the gold
annotations and the spaCy parse and entities, never our speaker resolution. The source's head
is the syntactic root of its (first fragment's) span in our parse ("Rendell, a Clinton
surrogate," → Rendell; "the GOP nominee" → nominee; "Experts on North Korea" → Experts).

1. a head inside a PERSON entity: that name without titles and possessives; a one-word name
   becomes the PERSON name with the same last word named last before it, else first after it
   ("Caddell" → "Pat Caddell"; "Johnson" after "Jeh Johnson" → "Jeh Johnson", even where a
   "Gary Johnson" was named earlier);
2. a head inside an ORG entity: its text without a leading "the";
3. a capitalised head that is the last word of a PERSON name in the article (NER missed it);
4. a third-person singular pronoun as the whole source: the nearest preceding antecedent of a
   compatible gender (the pronoun's, or not known) that is a sentence subject, else the nearest
   of a compatible gender. Agreement filters and nearness ranks: a name of unknown gender
   ("Chris Matthews", "Terry Strada") in the sentence before is a better antecedent than a name
   of the pronoun's gender paragraphs earlier. Antecedents are PERSON mentions read as full
   names (a surname as in rule 1; a one-word name with no longer
   form in the article, such as "Mr. Obama", as itself, as in rule 1) and already resolved gold
   sources (counted as subjects), but not names inside a direct gold content: those are in the
   quoted speaker's words, not the reporter's narrative a pronoun source refers back to. A name's
   gender comes from an honorific at any of its mentions, else from the first name. This judge
   is a heuristic too: where it and our resolver disagree on a pronoun, either may be wrong;
5. "I"/"me"/"my": the resolved speaker of the gold attribution whose content contains it;
6. anything else is unresolved (nominals such as "the GOP nominee", groups, "we", "they").

Two names are the same when, after lowercasing, splitting hyphenated parts and dropping titles,
"the", possessives, punctuation and one-letter initials, their words are identical, or their last
words agree and the shorter's words are all in the longer ("Trump" = "Donald Trump" = "Donald J.
Trump", "Holtz-Eakin" = "Holtz Eakin", but "Bill Clinton" ≠ "Hillary Clinton").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from newsparallax.analysis.lexicon import NAME_SUFFIXES, PRONOUN_GENDER, TITLES, first_name_gender

from .polnear import TYPES, GoldAttribution, is_speech_cue

VIEWS = ("all", "speech")
METRICS = (
    "content_strict",
    "content_30",
    "content_80",
    "cue",
    "source",
    "speaker",
    "end_to_end",
)
METRIC_LABELS = {
    "content_strict": "content strict",
    "content_30": "content ≥30%",
    "content_80": "content ≥80%",
    "cue": "cue exact",
    "source": "source mention",
    "speaker": "resolved speaker",
    "end_to_end": "end to end",
}
KIND_TO_TYPE = {"direct": "direct", "block": "direct", "partial": "mixed", "indirect": "indirect"}
EDGE_CHARS = frozenset("\"“”„«»‘’'`.,;:!?—–-…()[]{}")
FIRST_PERSON = frozenset({"i", "me", "my", "myself"})


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pred:
    """One predicted attribution, in evaluation terms."""

    start: int
    end: int
    type: str  # direct | mixed | indirect
    kind: str  # our Quote.kind (or "textacy")
    cue: tuple[int, int] | None = None
    mention: tuple[int, int] | None = None
    speaker: str | None = None
    speech: bool = True  # its cue is a speech verb, or it has no cue
    partials: tuple[tuple[int, int], ...] = ()  # the quoted words of a statement
    how: str = ""
    confidence: str | None = None  # our Quote.confidence


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Accuracy:
    correct: int = 0
    matched: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.matched if self.matched else 0.0


Pairs = list[tuple[int, int]]  # (gold index, prediction index)


@dataclass
class Table:
    """Counts per view, metric and type (the three gold types and "all")."""

    counts: dict[str, dict[str, dict[str, Counts]]] = field(default_factory=dict)
    accuracy: dict[str, dict[str, dict[str, Accuracy]]] = field(default_factory=dict)

    def cell(self, view: str, metric: str, type_: str) -> Counts:
        by_metric = self.counts.setdefault(view, {})
        by_type = by_metric.setdefault(metric, {})
        return by_type.setdefault(type_, Counts())

    def acc(self, view: str, metric: str, type_: str) -> Accuracy:
        by_metric = self.accuracy.setdefault(view, {})
        by_type = by_metric.setdefault(metric, {})
        return by_type.setdefault(type_, Accuracy())

    def add(self, other: Table) -> None:
        for view, metrics in other.counts.items():
            for metric, types in metrics.items():
                for type_, counts in types.items():
                    self.cell(view, metric, type_).add(counts)
        for view, metrics in other.accuracy.items():
            for metric, types in metrics.items():
                for type_, acc in types.items():
                    mine = self.acc(view, metric, type_)
                    mine.correct += acc.correct
                    mine.matched += acc.matched


# --- spans -------------------------------------------------------------------------------------


def trim(text: str, start: int, end: int, chars: frozenset[str] = EDGE_CHARS) -> tuple[int, int]:
    """[start, end) without whitespace, quotation marks and punctuation at either edge."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end


def trim_cue(text: str, start: int, end: int) -> tuple[int, int]:
    s, e = trim(text, start, end)
    return (s, e) if e > s else (start, end)


def coverage(gold: tuple[int, int], pred: tuple[int, int]) -> float:
    """Share of the gold span's characters inside the predicted span."""
    length = gold[1] - gold[0]
    if length <= 0:
        return 0.0
    return max(0, min(gold[1], pred[1]) - max(gold[0], pred[0])) / length


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def match_exact(golds: Sequence[tuple[int, int]], preds: Sequence[tuple[int, int]]) -> Pairs:
    """One-to-one pairs of identical spans, in document order."""
    free: dict[tuple[int, int], list[int]] = {}
    for pi, span in enumerate(preds):
        free.setdefault(span, []).append(pi)
    pairs: Pairs = []
    for gi, span in enumerate(golds):
        if free.get(span):
            pairs.append((gi, free[span].pop(0)))
    return pairs


def match_overlap(
    golds: Sequence[tuple[int, int]], preds: Sequence[tuple[int, int]], threshold: float
) -> Pairs:
    """Greedy one-to-one pairs whose coverage of the gold span is at least `threshold`."""
    candidates = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            cov = coverage(g, p)
            if cov >= threshold and cov > 0:
                inside = max(0, min(g[1], p[1]) - max(g[0], p[0])) / max(1, p[1] - p[0])
                candidates.append((-cov, -inside, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: Pairs = []
    for _, _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


# --- predictions -------------------------------------------------------------------------------


MAX_JOIN_BREAKS = 2  # a blank line between paragraphs


def predictions_from_quotes(quotes: Iterable, text: str) -> list[Pred]:
    """Our `Quote` records as predictions (kinds mapped; a statement with quoted words is one
    mixed prediction: module docstring)."""
    preds: list[Pred] = []
    for q in quotes:
        partials = tuple((s.start, s.end) for s in q.quoted)
        cue = (q.cue.start, q.cue.end) if q.cue is not None else None
        preds.append(
            Pred(
                start=q.start,
                end=q.end,
                type="mixed" if partials else KIND_TO_TYPE.get(q.kind, "direct"),
                kind=q.kind,
                cue=cue,
                mention=(q.mention.start, q.mention.end) if q.mention is not None else None,
                speaker=q.speaker,
                speech=cue is None or is_speech_cue(text[cue[0] : cue[1]]),
                partials=partials,
                how=q.cue_kind,
                confidence=q.confidence,
            )
        )
    return _join_continuations(preds, text)


def _join_continuations(preds: list[Pred], text: str) -> list[Pred]:
    """One prediction for a quote we split around its cue, or that goes on in the next
    paragraph (module docstring)."""
    joined: list[Pred] = []
    for pred in sorted(preds, key=lambda p: p.start):
        last = joined[-1] if joined else None
        gap = text[last.end : pred.start] if last is not None else ""
        continues = pred.type == "direct" and pred.how == "continuation"
        shares_cue = (
            last is not None
            and last.type == "direct"
            and pred.type in ("direct", "mixed")
            and pred.cue is not None
            and pred.cue == last.cue
            and "\n" not in gap
        )
        if last is not None and ((continues and gap.count("\n") <= MAX_JOIN_BREAKS) or shares_cue):
            joined[-1] = replace(last, end=pred.end)
            continue
        joined.append(pred)
    return joined


# --- names -------------------------------------------------------------------------------------

_DROP = {t.rstrip(".") for t in TITLES} | {"the"} | NAME_SUFFIXES
HONORIFIC = {"mr": "m", "mrs": "f", "ms": "f"}
INITIALS_SKIP = frozenset("and of for to the on in at".split())  # "AROS": Alliance to Reclaim ...


def name_words(name: str | None) -> list[str]:
    """Lowercased words of a name without titles, "the", possessives, punctuation, initials;
    the parts of a hyphenated name are words of their own ("Holtz-Eakin" = "Holtz Eakin", as
    the PERSON mentions read by `resolve_gold_sources` drop the hyphen)."""
    if not name:
        return []
    words = []
    for raw in re.findall(r"[\w'’.]+", name.lower()):
        w = re.sub(r"['’]s$", "", raw).strip(".'’")
        if w and w not in _DROP and len(w) > 1:
            words.append(w)
    return words


def same_name(a: str | None, b: str | None) -> bool:
    """One name in two forms: the same words, or a shorter form with the same last word (a
    generational suffix is no word of the name: "Bozell" is "Brent Bozell III"), a one-word
    form that is another word of the other where the family name is not the last word: first
    ("Gao" of "Gao Junlan", "Ban" of "Ban Ki-moon") or the first of two surnames ("Acosta" of
    "Melba Acosta Febo"), where the gold's surname rule, keyed by last words, finds no fuller
    name; or an acronym of the other ("F.B.I.", "Federal Bureau of Investigation")."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if short[-1] == long_[-1] and set(short) <= set(long_):
        return True
    if len(short) == 1 and short[0] in long_[:-1]:
        return True
    letters = "".join(short).replace(".", "")
    initials = "".join(w[0] for w in long_ if w not in INITIALS_SKIP)
    return len(short) == 1 and len(long_) >= 2 and letters == initials


@dataclass(frozen=True)
class GoldName:
    name: str | None
    how: str  # name | organisation | surname | pronoun | first-person | unresolved | no-source


@dataclass(frozen=True)
class _Mention:
    """A PERSON entity of our parse: where, its words, gender, whether it is a subject."""

    start: int
    words: tuple[str, ...]
    gender: str | None
    subject: bool


def _person_mentions(doc) -> list[_Mention]:
    """Each PERSON entity, titles and possessives dropped."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words = [
            t.text for t in ent if not t.is_punct and t.tag_ != "POS" and t.text not in ("’s", "'s")
        ]
        while words and words[0].lower().rstrip(".") in _DROP:
            words = words[1:]
        if not words:
            continue
        before = doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
        first = ent[0].lower_.rstrip(".")
        gender = HONORIFIC.get(first) or HONORIFIC.get(before)
        if gender is None and len(words) >= 2:
            gender = first_name_gender(words[0])
        subject = ent.root.dep_ in ("nsubj", "nsubjpass")
        found.append(_Mention(ent.start_char, tuple(words), gender, subject))
    return found


def resolve_gold_sources(text: str, doc, golds: Sequence[GoldAttribution]) -> list[GoldName]:
    """The name each gold source mention refers to (rules in the module docstring)."""
    mentions = _person_mentions(doc)
    by_last = _FullNames(mentions)
    gender_of: dict[str, str | None] = {}

    def full_name(m: _Mention) -> str:
        if len(m.words) >= 2:
            return " ".join(m.words)
        return by_last.get(m.words[0], m.start) or m.words[0]

    for m in mentions:  # a gender known from any mention ("Mrs. Clinton") holds for the name
        name = full_name(m)
        if m.gender and not gender_of.get(name):
            gender_of[name] = m.gender
    # Antecedents for pronouns: PERSON mentions outside quoted speech as full names, and
    # resolved gold sources.
    quoted = [g.content_span for g in golds if g.type == "direct"]
    named: list[tuple[int, str, str | None, bool]] = []
    for m in mentions:
        if not any(s <= m.start < e for s, e in quoted):
            name = full_name(m)
            named.append((m.start, name, gender_of.get(name), m.subject))
    result: list[GoldName | None] = [None] * len(golds)
    order = sorted(range(len(golds)), key=lambda i: (golds[i].source_span or (10**12, 0))[0])
    for i in order:
        span = golds[i].source_span
        if span is None:
            result[i] = GoldName(None, "no-source")
            continue
        head = _head(doc, golds[i].source[0])
        hit = None
        if head is not None:
            hit = _by_entity(head, by_last) or _by_surname(head, by_last)
            if hit is None and _width(doc, golds[i].source[0]) == 1:  # "he", not "his ex-wife"
                hit = _by_pronoun(head, span, named)
        if hit is not None and hit.how in ("name", "surname") and hit.name:
            named.append((span[0], hit.name, gender_of.get(hit.name), True))
        result[i] = hit
    for i in order:  # "I" once the enclosing quotes' speakers are known
        span = golds[i].source_span
        if result[i] is not None or span is None:
            continue
        head = _head(doc, golds[i].source[0])
        if head is not None and head.lower_ in FIRST_PERSON:
            for j, other in enumerate(golds):
                s, e = other.content_span
                found = result[j]
                if j != i and s <= span[0] < e and found is not None and found.name:
                    result[i] = GoldName(found.name, "first-person")
                    break
    return [r if r is not None else GoldName(None, "unresolved") for r in result]


def _head(doc, span: tuple[int, int]):
    """The syntactic head of the gold source in our parse (its first fragment's tokens)."""
    piece = doc.char_span(span[0], span[1], alignment_mode="expand")
    if piece is None or len(piece) == 0:
        return None
    return piece.root


def _width(doc, span: tuple[int, int]) -> int:
    piece = doc.char_span(span[0], span[1], alignment_mode="expand")
    return len(piece) if piece is not None else 0


class _FullNames:
    """The article's PERSON names of two words or more, by last word and place: a surname
    stands for the one named last before it, else the first named after it."""

    def __init__(self, mentions: Sequence[_Mention]):
        self.named: dict[str, list[tuple[int, str, str | None]]] = {}
        for m in mentions:
            if len(m.words) >= 2:
                full = (m.start, " ".join(m.words), m.gender)
                self.named.setdefault(m.words[-1].lower(), []).append(full)

    def get(self, word: str, at: int, gender: str | None = None) -> str | None:
        """`gender` from an honorific ("Mrs. Clinton") keeps only the names it fits."""
        named = self.named.get(word.lower())
        if not named:
            return None
        fitting = [n for n in named if gender is None or n[2] in (None, gender)] or named
        before = [name for start, name, _ in fitting if start < at]
        return before[-1] if before else fitting[0][1]

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.named


def _by_entity(head, by_last: _FullNames) -> GoldName | None:
    if head.ent_type_ not in ("PERSON", "ORG"):
        return None
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
    if ent is None:
        return None
    if ent.label_ == "ORG":
        return GoldName(re.sub(r"^[Tt]he\s+", "", ent.text), "organisation")
    words = [
        t.text for t in ent if not t.is_punct and t.tag_ != "POS" and t.text not in ("’s", "'s")
    ]
    while words and words[0].lower().rstrip(".") in _DROP:
        words = words[1:]
    if not words:
        return None
    if len(words) == 1:
        before = head.doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
        gender = HONORIFIC.get(ent[0].lower_.rstrip(".")) or HONORIFIC.get(before)
        return GoldName(by_last.get(words[0], ent.start_char, gender) or words[0], "name")
    return GoldName(" ".join(words), "name")


def _by_surname(head, by_last: _FullNames) -> GoldName | None:
    word = head.text
    if word[:1].isupper() and word.lower() not in _DROP and word in by_last:
        return GoldName(by_last.get(word, head.idx), "surname")
    return None


def _by_pronoun(head, span, named) -> GoldName | None:
    gender = PRONOUN_GENDER.get(head.lower_)
    if gender is None:
        return None
    compatible = [c for c in named if c[0] < span[0] and c[2] in (gender, None)]
    for subjects_only in (True, False):
        found = [c for c in compatible if c[3] or not subjects_only]
        if found:
            return GoldName(max(found)[1], "pronoun")
    return None


def source_right(gold: GoldAttribution, pred: Pred) -> bool:
    """The predicted mention overlaps a gold source fragment; no gold source wants no mention."""
    if not gold.source:
        return pred.mention is None
    return pred.mention is not None and any(overlaps(pred.mention, s) for s in gold.source)


COORDINATION = re.compile(r",\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+")


def speaker_right(gold: GoldAttribution, pred: Pred, name: GoldName) -> bool:
    """Our speaker is the gold source's name; an unresolved gold source falls back to the
    source-mention rule. Coordinated speakers ("Obama and Clinton", which PolNeAR resolves to
    its first name) are right when one of them is the gold name: we give the quote to all of
    them, as written."""
    if name.name is None:
        return source_right(gold, pred)
    return any(same_name(one, name.name) for one in coordinated(pred.speaker))


def coordinated(speaker: str | None) -> list[str | None]:
    """The speakers a coordination names ("Both Mr. King and Mr. Schultz" → "Mr. King", "Mr.
    Schultz"), or the speaker itself."""
    if not speaker:
        return [speaker]
    text = re.sub(r"^(?:both|either)\s+", "", speaker, flags=re.IGNORECASE)
    return [part for part in COORDINATION.split(text) if part] or [speaker]


# --- one article -------------------------------------------------------------------------------


@dataclass
class ArticleEval:
    """Everything measured on one article, kept for error listings."""

    article: str
    golds: list[GoldAttribution]
    preds: list[Pred]
    names: list[GoldName]
    pairs: dict[str, Pairs]  # strict, 30, 80, cue
    table: Table


def evaluate_article(
    text: str,
    golds: Sequence[GoldAttribution],
    preds: Sequence[Pred],
    names: Sequence[GoldName] | None = None,
    article: str = "",
) -> ArticleEval:
    """Match predictions to gold attributions and count every metric for one article. Without
    `names` (no parse at hand) every gold source counts as unresolved, so the speaker is judged by
    the source-mention rule."""
    golds = list(golds)
    preds = list(preds)
    names = list(names) if names is not None else [GoldName(None, "unresolved")] * len(golds)
    g_spans = [trim(text, *g.content_span) for g in golds]
    p_spans = [trim(text, p.start, p.end) for p in preds]
    strict = match_exact(g_spans, p_spans)
    m30 = match_overlap(g_spans, p_spans, 0.30)
    m80 = match_overlap(g_spans, p_spans, 0.80)
    cues = _match_cues(text, golds, preds, m30)

    def source_ok(gi: int, pi: int) -> bool:
        return source_right(golds[gi], preds[pi])

    def speaker_ok(gi: int, pi: int) -> bool:
        return speaker_right(golds[gi], preds[pi], names[gi])

    table = Table()

    def always(gi: int, pi: int) -> bool:
        return True

    has_cue_g = [bool(g.cue) for g in golds]
    has_cue_p = [p.cue is not None for p in preds]
    specs: list[tuple[str, Pairs, Callable[[int, int], bool], list[bool], list[bool]]] = [
        ("content_strict", strict, always, [True] * len(golds), [True] * len(preds)),
        ("content_30", m30, always, [True] * len(golds), [True] * len(preds)),
        ("content_80", m80, always, [True] * len(golds), [True] * len(preds)),
        ("cue", cues, always, has_cue_g, has_cue_p),
        ("source", m30, source_ok, [True] * len(golds), [True] * len(preds)),
        ("speaker", m30, speaker_ok, [True] * len(golds), [True] * len(preds)),
        ("end_to_end", m80, speaker_ok, [True] * len(golds), [True] * len(preds)),
    ]
    for metric, pairs, ok, g_in, p_in in specs:
        for view in VIEWS:
            _tally(table, view, metric, golds, preds, pairs, ok, g_in, p_in)
    return ArticleEval(
        article, golds, preds, names, {"strict": strict, "30": m30, "80": m80, "cue": cues}, table
    )


def _match_cues(text: str, golds, preds, content_pairs: Pairs) -> Pairs:
    g_cues = [trim_cue(text, *g.cue_span) if g.cue else None for g in golds]
    p_cues = [trim_cue(text, *p.cue) if p.cue is not None else None for p in preds]
    pairs: Pairs = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for gi, pi in content_pairs:
        if g_cues[gi] is not None and g_cues[gi] == p_cues[pi]:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    rest_g = [gi for gi in range(len(golds)) if gi not in used_g and g_cues[gi] is not None]
    rest_p = [pi for pi in range(len(preds)) if pi not in used_p and p_cues[pi] is not None]
    for a, b in match_exact([g_cues[gi] for gi in rest_g], [p_cues[pi] for pi in rest_p]):
        pairs.append((rest_g[a], rest_p[b]))
    return sorted(pairs)


def _tally(
    table: Table,
    view: str,
    metric: str,
    golds: Sequence[GoldAttribution],
    preds: Sequence[Pred],
    pairs: Pairs,
    ok: Callable[[int, int], bool],
    g_in: Sequence[bool],
    p_in: Sequence[bool],
) -> None:
    speech_only = view == "speech"
    by_gold = dict(pairs)
    by_pred = {pi: gi for gi, pi in pairs}
    for gi, g in enumerate(golds):
        if not g_in[gi] or (speech_only and not g.speech_cue):
            continue
        pi = by_gold.get(gi)
        right = pi is not None and ok(gi, pi)
        for type_ in (g.type, "all"):
            cell = table.cell(view, metric, type_)
            if right:
                cell.tp += 1
            else:
                cell.fn += 1
            if pi is not None:
                acc = table.acc(view, metric, type_)
                acc.matched += 1
                acc.correct += right
    for pi, p in enumerate(preds):
        if not p_in[pi]:
            continue
        gi = by_pred.get(pi)
        if gi is not None:
            g = golds[gi]
            if (speech_only and not g.speech_cue) or ok(gi, pi):
                continue
            type_ = g.type
        else:
            if speech_only and not p.speech:
                continue
            type_ = p.type
        for t in (type_, "all"):
            table.cell(view, metric, t).fp += 1
    for type_ in (*TYPES, "all"):
        table.cell(view, metric, type_)  # every cell exists, zero or not
