"""The typed records that flow between pipeline stages.

Every record is a frozen dataclass so a stage can never mutate another stage's output, and every
extracted item carries its article id and character offsets into `Article.text` (the text exactly
as read), which is what lets a user click back from any finding to its source sentence.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

QuoteKind = Literal["direct", "partial", "indirect", "block"]
Relation = Literal["verbatim", "trimmed", "split", "reworded", "paraphrase"]
EntityKind = Literal["person", "organisation"]
# How sure the analysis is of a quote's speaker. `high` is meant to be right at least 99 times in
# 100 (measured by `newsparallax eval attribution`); `medium` and `low` ask the reader to check.
Confidence = Literal["high", "medium", "low"]
# Where a voice first appears in an article: its headline, its lead paragraph, the first third of
# its text, or later (coverage.py).
Position = Literal["headline", "lead", "first third", "later"]
# How two statements carrying the same information state it differently (claims.py).
DifferenceKind = Literal["number", "qualifier", "negation", "name"]


def content_id(*parts: object, length: int = 16) -> str:
    """A stable id from content, so re-running the same input yields the same ids everywhere.
    A lone surrogate (which JSON can carry) is hashed as itself rather than refused."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:length]


@dataclass(frozen=True)
class Span:
    """A character range of one article's text, with the text it covers (for readers of JSON)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Dropped:
    """A stretch of the page judged not to be the story (clutter), and why."""

    start: int
    end: int
    reason: str  # related-link | caption | poll | promo-headline | ...


@dataclass(frozen=True)
class Article:
    """One report as read. `id` is a short label unique within a comparison (the file stem);
    `sha` identifies the content itself and is the key in the store."""

    id: str
    text: str
    source: str = ""
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    outlet: str | None = None
    place: str | None = None
    dateline: Span | None = None
    dropped: tuple[Dropped, ...] = ()
    raw: bytes | None = field(default=None, repr=False, compare=False)

    @cached_property
    def sha(self) -> str:
        """Cached: every quote id hashes it, and a megabyte text must not be hashed per quote."""
        return content_id(self.text, length=32)

    def is_dropped(self, start: int, end: int) -> bool:
        """True when [start, end) lies mostly inside clutter. Called for every token, so the
        clutter spans are searched by bisection, not scanned (thousands of clutter lines in a
        hostile page would otherwise make the analysis quadratic)."""
        if end <= start or not self.dropped:
            return False
        spans, starts, reach = self._dropped_index
        covered = 0
        i = bisect_left(starts, end) - 1  # the last span starting before `end`
        while i >= 0 and reach[i] > start:  # no span at or before i reaches past `start`
            covered += max(0, min(end, spans[i][1]) - max(start, spans[i][0]))
            i -= 1
        return covered * 2 >= end - start

    @cached_property
    def _dropped_index(self) -> tuple[list[tuple[int, int]], list[int], list[int]]:
        """Clutter spans sorted by start, their starts, and the furthest end reached so far."""
        spans = sorted((d.start, d.end) for d in self.dropped)
        reach, furthest = [], 0
        for _, end in spans:
            furthest = max(furthest, end)
            reach.append(furthest)
        return spans, [s for s, _ in spans], reach


@dataclass(frozen=True)
class Quote:
    """One attribution: what was said (`start`/`end`/`text`), the cue that says so, who said it.

    `mention` is the speaker as written at the cue ("he", "the mayor", "Dyer", "Ana Ruiz, the
    mayor of Riverton": a name with its appositive or relative clause); `speaker` is the
    canonical name it resolves to within the article, or, for a group or someone the article
    never names, the words that describe them ("a spokesperson for the port authority", also for
    a later "he said"); None when nobody is found. `speaker_id` is the person across all
    compared articles, filled in by the people stage (None for the undescribed and unnamed).

    `how` says how the speaker was found (named at the cue, a role noun, a pronoun, the quote
    before, the headline, ...: docs/json-format.md) and `confidence` how sure that is, so that a
    reader knows which attributions to check. `cue_kind` says what reports the quote
    (a speech verb, a belief, a colon, a dash, nothing: the quote continues the one before).
    An indirect statement keeps the words it quotes as `quoted`: one statement is one item.
    """

    id: str
    article: str
    kind: QuoteKind
    start: int
    end: int
    text: str
    cue: Span | None = None
    mention: Span | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    how: str = ""
    confidence: Confidence | None = None
    cue_kind: str = ""
    quoted: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Descriptor:
    """What one article says a person is: a title, a party, a place, a role, their background."""

    article: str
    kind: str  # title | party | place | role | background
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A place in an article's text where a person or organisation is named or referred to."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Person:
    """One person or organisation across every compared article."""

    id: str
    name: str
    kind: EntityKind = "person"
    aliases: tuple[str, ...] = ()
    descriptors: tuple[Descriptor, ...] = ()
    mentions: tuple[Mention, ...] = ()

    def descriptors_in(self, article: str) -> tuple[Descriptor, ...]:
        return tuple(d for d in self.descriptors if d.article == article)


@dataclass(frozen=True)
class DiffOp:
    """One step of a word-level diff between two renderings; offsets are into each article."""

    op: Literal["equal", "insert", "delete", "replace"]
    a_text: str
    b_text: str
    a_start: int | None = None
    a_end: int | None = None
    b_start: int | None = None
    b_end: int | None = None


@dataclass(frozen=True)
class AlignedPair:
    """Two renderings of one utterance in two articles. `a` and `b` are tuples of quote ids so
    that a quote split in two by one outlet pairs with the other outlet's single quote."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    relation: Relation
    similarity: float
    diff: tuple[DiffOp, ...] = ()


@dataclass(frozen=True)
class Alignment:
    """The quotes, across articles, that render one utterance."""

    id: str
    quotes: tuple[str, ...]
    relation: Relation
    speaker_id: str | None
    pairs: tuple[AlignedPair, ...] = ()


@dataclass(frozen=True)
class Discrepancy:
    """A fact about one person that the articles state differently (or only one states)."""

    id: str
    person_id: str | None  # None for a fact about the story rather than about someone
    about: str
    topic: str
    values: dict[str, str | None]
    spans: dict[str, Span | None]


@dataclass(frozen=True)
class Prominence:
    """How prominently one article gives one voice: where it first appears (a mention or a
    quote) and how many words of its quotes the article carries."""

    article: str
    person: str
    first: Position
    offset: int | None  # of the first appearance; None when only the headline (not in the text)
    words: int


@dataclass(frozen=True)
class Coverage:
    """Whose voices each article carries, and which voices only one article has."""

    voices: dict[str, tuple[str, ...]]  # article id -> person ids, in order of first voice
    exclusive: dict[str, tuple[str, ...]]  # article id -> person ids no other article quotes
    shared: tuple[str, ...]  # person ids quoted by two or more articles
    prominence: tuple[Prominence, ...] = ()  # per (article, voice), in voice order


@dataclass(frozen=True)
class Statement:
    """One sentence of an article that states something (clutter, bylines and the dateline
    aside; quotes included), and the claim group it belongs to: the statements of other articles
    carrying the same information in other words. `only` is True when no other article carries
    it, neither in its group nor as a statement that states it differently."""

    id: str
    article: str
    start: int
    end: int
    text: str
    group: str
    only: bool = False


@dataclass(frozen=True)
class ClaimDifference:
    """Two statements of two articles that carry one piece of information but state it
    differently: a number, a qualifier ("nearly"), a negation, a name. The spans are the words
    that differ, in each article."""

    id: str
    kind: DifferenceKind
    a: str  # statement id
    b: str
    a_span: Span
    b_span: Span


@dataclass(frozen=True)
class ClaimMap:
    """Every statement of every article in its claim group, the differences, and per article
    the groups most other articles carry and it leaves out. `notes` say which bounds were
    applied (statements past a cap are left out of the map, never out of the comparison)."""

    statements: tuple[Statement, ...] = ()
    differences: tuple[ClaimDifference, ...] = ()
    left_out: dict[str, tuple[str, ...]] = field(default_factory=dict)  # article -> group ids
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CueFrame:
    """What the reporting verb of one quote implies about what was said (framing.py)."""

    quote: str
    verb: str  # the cue's verb lemma, or "according to"
    frame: str  # neutral | assertive | doubting | conceding | denying | emotive | directive | ...


@dataclass(frozen=True)
class Comparison:
    """The whole analysis of a set of articles about one event."""

    articles: tuple[Article, ...]
    quotes: tuple[Quote, ...]
    people: tuple[Person, ...]
    alignments: tuple[Alignment, ...]
    discrepancies: tuple[Discrepancy, ...]
    coverage: Coverage
    claims: ClaimMap = field(default_factory=ClaimMap)
    framing: tuple[CueFrame, ...] = ()

    @property
    def id(self) -> str:
        return content_id(*sorted(a.sha for a in self.articles))

    def person(self, person_id: str | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def article(self, article_id: str) -> Article:
        return next(a for a in self.articles if a.id == article_id)


class InputError(Exception):
    """Input we cannot read; the message names the source and the reason, for one-line errors."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
