"""Stories: group articles about the same event as they arrive, one decision per article.

An article joins the story whose running centroid it matches best — TF-IDF cosine on its words
(headline and lead counted extra), cosine on the names it mentions, scaled by how close its date
is to the story's dates when both are known, lowered when the latest year it mentions is none of
the story's and raised when it is one of them (unless it is merely the article's own publication
year) — or starts a new story when no story clears the threshold. The one decision revisited
is a story's own make-up: while it is young (`split_max`), a story that has taken in a second,
similar event is cut in two (`StoryIndex._maybe_split`). So a stream of N articles costs N
decisions and at most N bounded checks, and each decision scores only the stories
found under the article's rarest words and names (each word remembers at most `posting_cap`
recently active stories): the cost per article stays flat as the stream grows, where comparing
with every story would grow with it.

Wire copies are collapsed first: an article whose word 5-gram shingles mostly coincide with an
earlier article's (a bottom-k MinHash estimate) joins that article's story without moving its
centroid or the word statistics, so a syndicated text counts once as coverage.

A story's id is a content id of the article that founded it, so the same stream gives the same
ids. User corrections (`merge_stories`, `split_story`) are kept as pins (article → story) and a
log; a pinned article always goes to its pinned story, which is how corrections survive a
rebuild. The store side is at the end of this module; its tables (`story`, `article_story`,
`story_pin`, `story_correction`) are schema version 3 of `store.py`.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

from .model import Article, Dropped, Span, content_id
from .store import now_iso, transaction

How = Literal["new", "joined", "duplicate", "pinned"]

# ---------------------------------------------------------------------------------------------
# Records and options
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryDoc:
    """What the story grouper needs of an article. `entities` are the names it mentions; left
    as None they are read cheaply from capitalised words (no parse), see `cheap_entities`."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO-8601; None when unknown
    entities: tuple[str, ...] | None = None


@dataclass(frozen=True)
class StoryOptions:
    """The knobs. The defaults were chosen once for both ECB+ (no dates, two similar events per
    topic) and AllSides (dated roundups) — no per-corpus setting; see the README's figures.

    The `split_` knobs revisit a story as it grows: the first report of a second, similar event
    often clears the threshold against the first event's story (it recalls its names), and the
    reports after it then follow it in. Once enough of them are in, the two events stand apart
    inside the story, so it is cut in two (`StoryIndex._maybe_split`). With that safety net a
    lower threshold pays: a wrong join is undone later, a missed one never is. On ECB+ B3-F1 goes
    from 0.886 to 0.909 by the split alone (threshold 0.30) and to 0.923 with threshold 0.26
    (0.875 without the split), AllSides 0.915 (0.917 before). 0.26 keeps ECB+ at 0.90 or more
    on every third and half of its topics, and AllSides' hardest parts no lower than 0.27–0.30
    do, for the parts of both kept apart (README).
    """

    threshold: float = 0.26  # a settled story takes an article scoring at least this
    size_k: float = 1.0  # a story of n articles asks threshold × sqrt(n / (n + size_k))
    entity_weight: float = 0.30  # share of the score from names; the rest from words
    title_weight: int = 2  # headline words count this many extra times
    lead_words: int = 30  # the first words of the text (the lead) ...
    lead_weight: int = 1  # ... count this many extra times
    date_bonus: float = 0.5  # published the same day: score × (1 + date_bonus) ...
    window_days: float = 1.0  # ... divided by (1 + gap / window_days)
    max_gap_days: float = 30.0  # further apart than this: never the same story
    year_penalty: float = 0.3  # latest year mentioned is none of the story's: score × (1 − this)
    year_bonus: float = 0.3  # ... is one of the story's (not the article's own): score × (1 + this)
    query_terms: int = 12  # an article's rarest words and names used to find candidates
    posting_cap: int = 40  # stories remembered per word or name (the most recently active)
    candidates: int = 20  # stories scored per article, those sharing the most weight first
    centroid_terms: int = 300  # a story keeps its heaviest words and names, up to this many
    duplicate_jaccard: float = 0.6  # estimated shingle overlap that makes two texts copies
    sketch_size: int = 48  # MinHash bottom-k size for the copy test
    # A story that grows is split in two when its articles fit the other part less than this
    # share of how well they fit their own (mean scores, each article left out of its own part;
    # 0 turns splitting off) ...
    split_ratio: float = 0.5
    split_min_part: int = 3  # ... and each part holds at least this many articles (2 splits pairs)
    split_max: int = 32  # ... checked while it has at most this many (then it is settled)


@dataclass(frozen=True)
class Assignment:
    """One decision: `doc` went to `story`, how, and with what score (relative to the
    threshold for joins: ≥ 1; the estimated overlap for copies; 0 for a new story)."""

    doc: str
    story: str
    how: How
    score: float = 0.0
    duplicate_of: str | None = None


# ---------------------------------------------------------------------------------------------
# Features: words, names, dates, shingles
# ---------------------------------------------------------------------------------------------

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself said says say told tell
    according one two three new year years last first time like get got would could may might
    must shall us per since still even back well much many another way made make mr mrs ms
    s t ll re ve d m don didn doesn isn wasn weren aren won wouldn couldn shouldn
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week
    """.split()
)

# Capitalised words that are not names: they open sentences, or name days and months.
_NOT_NAMES = STOPWORDS | frozenset(
    """
    january february march april may june july august september october november december
    president senator sen rep gov governor mayor chief officer minister secretary judge dr
    prof st mt gen lt col sgt capt cmdr adm det rev former late new north south east west
    breaking update updated read watch photo video related
    """.split()
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_NAME = re.compile(r"\b[A-Z][\w'’.-]*\w(?:[ ]+[A-Z][\w'’.-]*\w)*")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”‘’`'(\[\n—-])\s*$")


def _stem(word: str) -> str:
    """A crude plural fold: "rehab"/"rehabs", "earthquake"/"earthquakes" match."""
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-cased content words, possessives and plurals folded, stopwords and digits out."""
    out = []
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 2 or word in STOPWORDS or word.isdigit():
            continue
        out.append(sys.intern(_stem(word)))
    return out


def cheap_entities(text: str) -> tuple[str, ...]:
    """Names as runs of capitalised words, without a parse: "President Joe Biden" gives
    "joe biden" and "biden"; a capitalised word that only ever opens a sentence is no name.

    This is the fast path (about 50 times cheaper than spaCy's NER); pass `StoryDoc.entities`
    from a parse when one exists anyway.
    """
    found: list[tuple[list[str], bool]] = []
    midsentence: set[str] = set()
    for match in _NAME.finditer(text):
        tokens = [_POSSESSIVE.sub("", t).strip(".'’-") for t in match.group().split()]
        initial = bool(_SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]))
        found.append((tokens, initial))
        if not initial:
            midsentence.add(tokens[0].lower())
    out: list[str] = []
    for tokens, initial in found:
        kept = [t.lower() for t in tokens if t and t.lower() not in _NOT_NAMES]
        if not kept or (initial and len(tokens) == 1 and kept[0] not in midsentence):
            continue
        if len(kept) > 1:
            out.append(" ".join(kept))
        out.append(kept[-1])
    return tuple(out)


_YEAR = re.compile(r"(?<![\w$£€.,])(?:19[5-9]\d|20[0-3]\d)(?![\w%])")


def stated_year(text: str) -> int | None:
    """The latest year (1950–2039) the text mentions, or None (a decade, money, a percentage or a
    code is no year). A report seldom mentions a year later than its event's, and earlier years
    are background: two events of the same kind (two heists by one gang) in different years
    differ here even when they share every name and the later reports recall the first year."""
    years = [int(m.group()) for m in _YEAR.finditer(text)]
    return max(years) if years else None


def parse_day(date: str | None) -> float | None:
    """Days since the epoch (UTC) of an ISO-8601 date, or None when absent or unreadable."""
    if not date:
        return None
    try:
        moment = datetime.fromisoformat(date.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp() / 86400.0


def _year_of(day: float | None) -> int | None:
    """The calendar year (UTC) of a `parse_day` value."""
    if day is None:
        return None
    try:
        return datetime.fromtimestamp(day * 86400.0, UTC).year
    except (OverflowError, ValueError, OSError):
        return None


def _sketch(text: str, size: int) -> array:
    """Bottom-k MinHash of word 5-gram shingles (all words, stopwords too: copies are about
    wording), with crc32 so that the same text gives the same sketch in every run."""
    tokens = [m.group().lower() for m in _WORD.finditer(text)]
    if len(tokens) < 5:
        shingles = {" ".join(tokens)} if tokens else set()
    else:
        shingles = {" ".join(tokens[i : i + 5]) for i in range(len(tokens) - 4)}
    return array("I", sorted({zlib.crc32(s.encode("utf-8")) for s in shingles})[:size])


def _sketch_jaccard(a: Sequence[int], b: Sequence[int], size: int) -> float:
    """The bottom-k estimate of the Jaccard overlap of two shingle sets."""
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[:size]
    if not union:
        return 0.0
    return sum(1 for h in union if h in sa and h in sb) / len(union)


# ---------------------------------------------------------------------------------------------
# The online index
# ---------------------------------------------------------------------------------------------


@dataclass
class _Story:
    id: str
    terms: dict[str, float] = field(default_factory=dict)  # sum of member unit vectors
    norm2: float = 0.0
    names: dict[str, float] = field(default_factory=dict)
    names_norm2: float = 0.0
    first_day: float | None = None
    last_day: float | None = None
    years: set[int] = field(default_factory=set)  # latest years its members mention
    size: int = 0  # members that moved the centroid (copies do not)
    members: list[str] = field(default_factory=list)
    # While the story may still be split: each member's features, and which members are copies
    # (copy → the article it copies); None once it has grown past `split_max`.
    features: dict[str, _Features] | None = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)
    pinned: bool = False  # holds a user's correction: never split


@dataclass(frozen=True)
class Tokens:
    """An article's words and names counted (headline and lead weighted in), its copy sketch and
    the latest year it mentions: all the grouper reads from its text, stored so that a later run
    need not re-read it."""

    counts: dict[str, int]
    names: dict[str, int]  # "@"-prefixed, lower-cased
    sketch: array
    year: int | None = None  # `stated_year` of headline and text

    def to_json(self) -> str:
        return json.dumps(
            [self.counts, self.names, list(self.sketch), self.year], ensure_ascii=False
        )

    @classmethod
    def from_json(cls, text: str) -> Tokens:
        counts, names, sketch, *rest = json.loads(text)
        return cls(
            {sys.intern(k): v for k, v in counts.items()},
            {sys.intern(k): v for k, v in names.items()},
            array("I", sketch),
            rest[0] if rest else None,
        )


def tokens_key(options: StoryOptions) -> str:
    """The options that `tokens_of` depends on: stored tokens made under others are stale."""
    o = options
    return f"v2 lead={o.lead_words}x{o.lead_weight} title={o.title_weight} sketch={o.sketch_size}"


def tokens_of(doc: StoryDoc, options: StoryOptions) -> Tokens:
    """Count `doc`'s words (headline and lead counted extra) and names, and sketch its text."""
    o = options
    tokens = words(doc.text)
    counts: Counter[str] = Counter(tokens)
    for word in tokens[: o.lead_words]:
        counts[word] += o.lead_weight
    if doc.title:
        for word in words(doc.title):
            counts[word] += o.title_weight
    whole = f"{doc.title}\n{doc.text}" if doc.title else doc.text
    names = doc.entities
    if names is None:
        names = cheap_entities(whole)
    return Tokens(
        dict(counts),
        dict(Counter(sys.intern("@" + n.lower()) for n in names)),
        _sketch(doc.text, o.sketch_size),
        stated_year(whole),
    )


@dataclass
class _Features:
    terms: dict[str, float]
    names: dict[str, float]
    day: float | None
    sketch: array
    year: int | None
    published_year: int | None = None  # the year of `day`, when the date is known


class _Postings:
    """Key → the ids most recently active under it, at most `cap` of them (LRU order)."""

    def __init__(self, cap: int):
        self.cap = cap
        self.lists: dict[str, dict[str, None]] = {}

    def touch(self, key: str, value: str) -> None:
        values = self.lists.setdefault(key, {})
        values.pop(value, None)
        values[value] = None
        if len(values) > self.cap:
            del values[next(iter(values))]

    def get(self, key: str) -> Iterable[str]:
        return self.lists.get(key, ())


class StoryIndex:
    """Online story grouping. `add(doc)` decides and records one article; `place(doc, story)`
    records a decision made earlier (rebuilding the index from the store) without deciding.

    Memory stays bounded on dated streams: a story whose last article is more than
    `max_gap_days` older than the newest article seen can never be joined again, and is retired
    from the index (its assignments stay in `story_of`)."""

    def __init__(self, options: StoryOptions | None = None):
        self.options = options or StoryOptions()
        self.stories: dict[str, _Story] = {}
        self.story_of: dict[str, str] = {}
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.newest_day: float | None = None
        self._terms = _Postings(self.options.posting_cap)
        self._copies = _Postings(self.options.posting_cap)
        self._sketches: dict[str, array] = {}
        self._retire_at: float | None = None
        self.split_off: dict[str, str] = {}  # story split off an earlier one → its first article

    # -- public ----------------------------------------------------------------------------

    def add(
        self,
        doc: StoryDoc,
        pin: str | None = None,
        copy_of: str | None = None,
        tokens: Tokens | None = None,
    ) -> Assignment:
        """Assign `doc` to a story (joining, copying, or founding one) and return the decision.
        A `pin` (a story id from a user correction) overrides every signal; `copy_of` names an
        earlier article this one is known to copy (the ingest's near-duplicate groups);
        `tokens`, when given, stand for the doc's text (`tokens_of`, made earlier)."""
        if doc.id in self.story_of:
            return Assignment(doc.id, self.story_of[doc.id], "joined", 1.0)
        features = self._features(doc, tokens)
        if pin is not None:
            self._record(doc.id, pin, features, moves_centroid=True, pinned=True)
            return Assignment(doc.id, pin, "pinned", 1.0)
        if copy_of is not None and copy_of != doc.id and copy_of in self.story_of:
            original, overlap = copy_of, 1.0
        else:
            original, overlap = self._find_copy(features.sketch)
        if original is not None:
            story = self.story_of[original]
            self._record(doc.id, story, features, moves_centroid=False, copy_of=original)
            return Assignment(doc.id, story, "duplicate", overlap, original)
        best, ratio = self._best_story(features)
        if best is not None and ratio >= 1.0:
            self._record(doc.id, best, features, moves_centroid=True)
            self._maybe_split(self.stories[best])
            return Assignment(doc.id, best, "joined", ratio)
        story = story_id_for(doc.id)
        self._record(doc.id, story, features, moves_centroid=True)
        return Assignment(doc.id, story, "new", 0.0)

    def place(
        self,
        doc: StoryDoc,
        story: str,
        *,
        copy: bool = False,
        tokens: Tokens | None = None,
        duplicate_of: str | None = None,
        pinned: bool = False,
    ) -> None:
        """Record that `doc` belongs to `story`, decided earlier; `copy` when it was a copy
        (it then leaves the centroid alone, as when it was decided) of `duplicate_of`; `pinned`
        when a user's correction put it there. Nothing is split on replay."""
        if doc.id not in self.story_of:
            features = self._features(doc, tokens)
            copy_of = (duplicate_of or "") if copy else None
            self._record(doc.id, story, features, moves_centroid=not copy, copy_of=copy_of)
            self.stories[story].pinned |= pinned

    def score(self, doc: StoryDoc, story: str) -> float:
        """How well `doc` fits `story` now, before the threshold (for explanations, tests)."""
        return self._score(self._features(doc), self.stories[story])

    # -- features --------------------------------------------------------------------------

    def _idf(self, key: str) -> float:
        return math.log((self.n_docs + 1) / (self.df[key] + 1)) + 1.0

    def _features(self, doc: StoryDoc, tokens: Tokens | None = None) -> _Features:
        if tokens is None:
            tokens = tokens_of(doc, self.options)
        day = parse_day(doc.date)
        return _Features(
            terms=self._weigh(tokens.counts),
            names=self._weigh(tokens.names),
            day=day,
            sketch=tokens.sketch,
            year=tokens.year,
            published_year=_year_of(day),
        )

    def _weigh(self, counts: Mapping[str, int]) -> dict[str, float]:
        """Sublinear tf × idf, unit length."""
        vector = {k: (1.0 + math.log(c)) * self._idf(k) for k, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {k: v / norm for k, v in vector.items()}

    # -- decisions -------------------------------------------------------------------------

    def _find_copy(self, sketch: array) -> tuple[str | None, float]:
        best, best_overlap = None, 0.0
        seen: set[str] = set()
        for h in sketch[:8]:
            for other in self._copies.get(str(h)):
                if other in seen or other not in self._sketches:
                    continue
                seen.add(other)
                overlap = _sketch_jaccard(sketch, self._sketches[other], self.options.sketch_size)
                if overlap > best_overlap:
                    best, best_overlap = other, overlap
        if best is not None and best_overlap >= self.options.duplicate_jaccard:
            return best, best_overlap
        return None, 0.0

    def _candidates(self, features: _Features) -> list[str]:
        """Live stories sharing the article's weightiest words and names, the `candidates`
        with the most weight in common first: a bounded number, however long the stream."""
        k = self.options.query_terms
        shared: Counter[str] = Counter()
        for vector in (features.terms, features.names):
            for key in _top(vector, k):
                weight = vector[key]
                for story in self._terms.get(key):
                    shared[story] += weight
        n = self.options.candidates
        live = [s for s, _ in shared.most_common(2 * n) if s in self.stories]
        return live[:n]

    def _best_story(self, features: _Features) -> tuple[str | None, float]:
        """The candidate scoring best against its own threshold, and that ratio (≥ 1 joins)."""
        best, best_ratio = None, 0.0
        for story_id in self._candidates(features):
            story = self.stories[story_id]
            ratio = self._score(features, story) / self._threshold(story)
            if ratio > best_ratio:
                best, best_ratio = story_id, ratio
        return best, best_ratio

    def _threshold(self, story: _Story) -> float:
        """A young story's centroid carries one or two articles' quirks, so articles on the
        same event score lower against it than against a settled story: it asks less."""
        n, k = max(story.size, 1), self.options.size_k
        return self.options.threshold * math.sqrt(n / (n + k))

    def _score(self, features: _Features, story: _Story) -> float:
        o = self.options
        score = _cosine(features.terms, story.terms, story.norm2)
        if features.names and story.names:
            names = _cosine(features.names, story.names, story.names_norm2)
            score = (1 - o.entity_weight) * score + o.entity_weight * names
        if features.year is not None and story.years:
            if features.year not in story.years:
                score *= 1.0 - o.year_penalty  # another year's event of the same kind, likely
            elif features.year != features.published_year:
                score *= 1.0 + o.year_bonus  # the same year stated: the same event, likely
        return self._in_time(score, features.day, story)

    def _in_time(self, score: float, day: float | None, dated: _Story | _Part) -> float:
        """`score` scaled by how far `day` lies from the dates of a story (or part of one)."""
        gap = _gap(day, dated)
        if gap is None:
            return score
        if gap > self.options.max_gap_days:
            return 0.0
        return score * (1.0 + self.options.date_bonus) / (1.0 + gap / self.options.window_days)

    # -- bookkeeping -----------------------------------------------------------------------

    def _record(
        self,
        doc_id: str,
        story_id: str,
        features: _Features,
        *,
        moves_centroid: bool,
        copy_of: str | None = None,
        pinned: bool = False,
    ) -> None:
        story = self.stories.get(story_id)
        if story is None:
            story = self.stories[story_id] = _Story(story_id)
        story.members.append(doc_id)
        story.pinned |= pinned
        if story.features is not None:
            story.features[doc_id] = features
            if not moves_centroid:
                story.copies[doc_id] = copy_of or ""
            elif story.size >= self.options.split_max:
                story.features, story.copies = None, {}  # settled: it will not be split
        self.story_of[doc_id] = story_id
        self._sketches[doc_id] = features.sketch
        for h in features.sketch[:8]:
            self._copies.touch(str(h), doc_id)
        if features.day is not None:
            self._note_day(story, features.day)
        if not moves_centroid:
            return
        story.size += 1
        if features.year is not None:
            story.years.add(features.year)
        cap = self.options.centroid_terms
        story.norm2 = _accumulate(story.terms, features.terms, story.norm2, cap)
        story.names_norm2 = _accumulate(story.names, features.names, story.names_norm2, cap)
        self.n_docs += 1
        self.df.update(features.terms.keys())
        self.df.update(features.names.keys())
        k = self.options.query_terms * 2
        for vector in (features.terms, features.names):
            for key in _top(vector, k):
                self._terms.touch(key, story_id)

    # -- splitting a story that holds two events ------------------------------------------

    def _maybe_split(self, story: _Story) -> None:
        """Cut `story` in two when, now that it has grown, its articles form two groups that
        fit each other far less than they fit their own: the first report of a second, similar
        event joined it, and its later reports followed. The groups come from 2-means on the
        grouper's own score, started from the articles stating the same latest year as the
        newcomer's (or, like it, none) — the one cheap feature telling two such events apart —
        with the founding article held in the first part. That part keeps the story's id; the
        other becomes a story of its own, named by its earliest article (`story_id_for`), with
        the copies of its articles. Stories holding a user's correction are never split. The
        cost is bounded: a story is checked only while it has at most `split_max` articles."""
        o = self.options
        members = story.features
        if (
            o.split_ratio <= 0
            or story.pinned
            or members is None
            or story.size < 2 * o.split_min_part
        ):
            return
        ids = [m for m in story.members if m in members and m not in story.copies]
        founder, year = ids[0], members[ids[-1]].year
        b = {m for m in ids[1:] if members[m].year == year}
        if not b or len(b) == len(ids) - 1:
            return
        a = set(ids) - b
        for _ in range(10):
            part_a, part_b = self._part(a, members), self._part(b, members)
            next_a, next_b = set(), set()
            for m in ids:
                fit_a = self._fit(members[m], part_a, m in a) if a - {m} else 0.0
                fit_b = self._fit(members[m], part_b, m in b) if b - {m} else 0.0
                (next_a if m == founder or fit_a >= fit_b else next_b).add(m)
            if not next_b:
                return
            if (next_a, next_b) == (a, b):
                break
            a, b = next_a, next_b
        if min(len(a), len(b)) < o.split_min_part:
            return
        part_a, part_b = self._part(a, members), self._part(b, members)
        own = [self._fit(members[m], part_a, True) for m in a]
        own += [self._fit(members[m], part_b, True) for m in b]
        cross = [self._fit(members[m], part_b, False) for m in a]
        cross += [self._fit(members[m], part_a, False) for m in b]
        if sum(cross) / len(cross) < o.split_ratio * sum(own) / len(own):
            self._split(story, b)

    def _part(self, ids: Iterable[str], members: Mapping[str, _Features]) -> _Part:
        part = _Part()
        for m in sorted(ids):
            f = members[m]
            for key, w in f.terms.items():
                part.terms[key] = part.terms.get(key, 0.0) + w
            for key, w in f.names.items():
                part.names[key] = part.names.get(key, 0.0) + w
            if f.year is not None:
                part.years[f.year] += 1
            if f.day is not None:
                part.first_day = f.day if part.first_day is None else min(part.first_day, f.day)
                part.last_day = f.day if part.last_day is None else max(part.last_day, f.day)
        part.norm2 = sum(w * w for w in part.terms.values())
        part.names_norm2 = sum(w * w for w in part.names.values())
        return part

    def _fit(self, features: _Features, part: _Part, leave_out: bool) -> float:
        """`_score` of a member against a part of its story, without itself when `leave_out`
        (|c − v|² = |c|² − 2 c·v + |v|²; a lone article in a part would otherwise fit it
        perfectly)."""
        o = self.options
        score = _cosine_without(features.terms, part.terms, part.norm2, leave_out)
        if features.names and part.names:
            names = _cosine_without(features.names, part.names, part.names_norm2, leave_out)
            score = (1 - o.entity_weight) * score + o.entity_weight * names
        if features.year is not None:
            left = 1 if leave_out else 0
            if sum(part.years.values()) > left:
                if part.years[features.year] <= left:
                    score *= 1.0 - o.year_penalty
                elif features.year != features.published_year:
                    score *= 1.0 + o.year_bonus
        return self._in_time(score, features.day, part)

    def _split(self, story: _Story, part: set[str]) -> None:
        """Move `part` (with the copies of its articles) out of `story` into a new story."""
        members, copies = story.features, story.copies
        assert members is not None
        moving = set(part)
        for copy in story.members:  # a copy comes after its original
            if story.copies.get(copy) in moving:
                moving.add(copy)
        order = [m for m in story.members if m in moving]
        if story_id_for(order[0]) in self.stories:  # its article founded a story once: keep it
            return
        new = self.stories[story_id_for(order[0])] = _Story(story_id_for(order[0]))
        self.split_off[new.id] = order[0]
        kept = [m for m in story.members if m not in moving]
        for target, ids in ((new, order), (story, kept)):
            target.terms, target.names, target.years = {}, {}, set()
            target.norm2 = target.names_norm2 = 0.0
            target.first_day = target.last_day = None
            target.size = 0
            target.members = list(ids)
            target.features = {m: members[m] for m in ids}
            target.copies = {m: c for m, c in copies.items() if m in target.features}
            cap = self.options.centroid_terms
            for m in ids:
                f = members[m]
                self.story_of[m] = target.id
                if f.day is not None:
                    first, last = target.first_day, target.last_day
                    target.first_day = f.day if first is None else min(first, f.day)
                    target.last_day = f.day if last is None else max(last, f.day)
                if m in target.copies:
                    continue
                target.size += 1
                if f.year is not None:
                    target.years.add(f.year)
                target.norm2 = _accumulate(target.terms, f.terms, target.norm2, cap)
                target.names_norm2 = _accumulate(target.names, f.names, target.names_norm2, cap)
        k = self.options.query_terms * 2
        for vector in (new.terms, new.names):
            for key in _top(vector, k):
                self._terms.touch(key, new.id)

    def _note_day(self, story: _Story, day: float) -> None:
        first, last = story.first_day, story.last_day
        story.first_day = day if first is None else min(first, day)
        story.last_day = day if last is None else max(last, day)
        if self.newest_day is None or day > self.newest_day:
            self.newest_day = day
        # Retire in sweeps, once per window of days, so the cost per article stays constant.
        if self._retire_at is None:
            self._retire_at = day + self.options.max_gap_days
        elif day >= self._retire_at:
            self._retire(day - self.options.max_gap_days)
            self._retire_at = day + self.options.max_gap_days

    def _retire(self, before: float) -> None:
        for story_id in [
            s.id for s in self.stories.values() if s.last_day is not None and s.last_day < before
        ]:
            for member in self.stories.pop(story_id).members:
                self._sketches.pop(member, None)


@dataclass
class _Part:
    """A tentative part of a story while `_maybe_split` weighs cutting it."""

    terms: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    names: dict[str, float] = field(default_factory=dict)
    names_norm2: float = 0.0
    years: Counter[int] = field(default_factory=Counter)
    first_day: float | None = None
    last_day: float | None = None


def _cosine_without(
    query: Mapping[str, float], centroid: Mapping[str, float], norm2: float, leave_out: bool
) -> float:
    """Cosine of `query` to `centroid` (a sum of vectors, `query` among them when
    `leave_out`, then taken out of it first)."""
    dot = sum(w * centroid.get(k, 0.0) for k, w in query.items())
    if leave_out:
        own = sum(w * w for w in query.values())
        dot, norm2 = dot - own, norm2 - 2 * dot + own
    return dot / math.sqrt(norm2) if norm2 > 1e-12 else 0.0


def _top(vector: Mapping[str, float], k: int) -> list[str]:
    """The k heaviest keys (ties by key, so runs agree)."""
    if len(vector) <= k:
        return list(vector)
    return sorted(vector, key=lambda key: (-vector[key], key))[:k]


def _cosine(query: Mapping[str, float], centroid: Mapping[str, float], norm2: float) -> float:
    if norm2 <= 0:
        return 0.0
    dot = sum(query[k] * centroid[k] for k in query.keys() & centroid.keys())
    return dot / math.sqrt(norm2)


def _accumulate(
    centroid: dict[str, float], vector: Mapping[str, float], norm2: float, cap: int
) -> float:
    """Add `vector` to `centroid` in place and return the new squared norm: in O(|vector|),
    |c + v|² = |c|² + 2 c·v + |v|². Past twice `cap` keys the centroid keeps its `cap` heaviest
    (the norm is then recomputed), so a long-running story stays small."""
    dot = sum(vector[k] * centroid[k] for k in vector.keys() & centroid.keys())
    own = sum(w * w for w in vector.values())
    for k, w in vector.items():
        centroid[k] = centroid.get(k, 0.0) + w
    if len(centroid) <= 2 * cap:
        return norm2 + 2 * dot + own
    kept = _top(centroid, cap)
    pruned = {k: centroid[k] for k in kept}
    centroid.clear()
    centroid.update(pruned)
    return sum(w * w for w in centroid.values())


def _gap(day: float | None, story: _Story | _Part) -> float | None:
    if day is None or story.first_day is None or story.last_day is None:
        return None
    if day < story.first_day:
        return story.first_day - day
    return max(0.0, day - story.last_day)


def story_id_for(founding_doc: str) -> str:
    """A story's id: a content id of the article that founded it, stable across runs."""
    return content_id("story", founding_doc, length=12)


def group(
    docs: Iterable[StoryDoc],
    options: StoryOptions | None = None,
    pins: Mapping[str, str] | None = None,
) -> list[Assignment]:
    """Feed `docs` in order to a fresh index and return one assignment per doc."""
    index = StoryIndex(options)
    pins = pins or {}
    decided = [index.add(doc, pins.get(doc.id)) for doc in docs]
    return [_now(a, index) for a in decided]


def _now(assignment: Assignment, index: StoryIndex) -> Assignment:
    """`assignment` with the story its article is in now (a later split may have moved it)."""
    story = index.story_of[assignment.doc]
    return assignment if story == assignment.story else replace(assignment, story=story)


# ---------------------------------------------------------------------------------------------
# The store: stories of the stored articles, corrections that survive re-runs
# ---------------------------------------------------------------------------------------------

# The tables (`story`, `article_story`, `story_pin`, `story_correction`, `story_tokens`) are
# store.py's schema version 3: every connection from `store.open_store` has them.


class StoryError(Exception):
    """A story command that cannot be done (unknown id, article not in the story)."""


def ensure_story_tables(conn: sqlite3.Connection) -> None:
    """Create the story tables if missing, for a connection not opened with `open_store` (which
    migrates to schema version 3 and so has them already): a no-op on a migrated store."""
    from .store import _V3

    with transaction(conn):
        for statement in _V3:
            conn.execute(statement)


def story_doc(article_id: str, article: Article) -> StoryDoc:
    """`article` as the grouper reads it, the same as `stored_docs` gives once it is stored, so
    that a corpus run's workers can count its tokens (`tokens_of`) before it reaches the store."""
    dropped = [(d.start, d.end) for d in article.dropped]
    return StoryDoc(
        id=article_id,
        text=_visible_text(article.text, dropped),
        title=article.title,
        date=article.date,
    )


def _visible_text(text: str, dropped: Sequence[tuple[int, int]]) -> str:
    """The text with clutter (related links, captions, polls) blanked out, offsets kept."""
    if not dropped:
        return text
    chars = list(text)
    for start, end in dropped:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def stored_docs(conn: sqlite3.Connection, tokens_key: str | None = None) -> list[StoryDoc]:
    """Every stored article as a StoryDoc, in arrival order: by date where known, else by when
    it was first stored (ISO-8601 strings of both sort together well enough), then in the order
    stored, so a run stopped and resumed decides as an uninterrupted one. With a
    `tokens_key`, articles whose tokens are stored under it come without their text (empty)."""
    dropped: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in conn.execute('SELECT article_id, start, "end" FROM dropped'):
        dropped.setdefault(article_id, []).append((start, end))
    rows = conn.execute(
        "SELECT id, title, date, CASE WHEN id IN"
        " (SELECT article_id FROM story_tokens WHERE options = ?) THEN '' ELSE text END"
        " FROM article ORDER BY coalesce(date, first_seen), first_seen, rowid",
        (tokens_key or "",),
    )
    return [
        StoryDoc(id=i, text=_visible_text(text, dropped.get(i, ())), title=title, date=date)
        for i, title, date, text in rows
    ]


@dataclass(frozen=True)
class StoryRun:
    """What one `assign_stories` did."""

    assigned: tuple[Assignment, ...]  # decisions made in this run, in order
    n_articles: int  # stored articles, all of them now in a story
    n_stories: int  # live stories (merged-away ones not counted)
    split_off: tuple[str, ...] = ()  # stories cut out of a story found to hold two events
    n_moved: int = 0  # articles stored by earlier runs that such a cut moved


def assign_stories(
    conn: sqlite3.Connection, options: StoryOptions | None = None, *, rebuild: bool = False
) -> StoryRun:
    """Put every stored article without a story into one, online: the index is rebuilt from
    the stored decisions (replayed in their order, nothing re-decided), then each new article is
    decided in arrival order. A story that grows may be split in two (`StoryOptions.split_ratio`),
    which moves earlier articles, stored ones too, into the new story. `rebuild` forgets every
    decision but the user's pins and decides all articles again."""
    if rebuild:
        with transaction(conn):
            conn.execute("DELETE FROM article_story")
            conn.execute(
                "DELETE FROM story WHERE merged_into IS NULL"
                " AND id NOT IN (SELECT story_id FROM story_pin)"
                " AND id NOT IN (SELECT merged_into FROM story WHERE merged_into IS NOT NULL)"
            )
    known = {
        a: (s, how == "duplicate", original)
        for a, s, how, original in conn.execute(
            "SELECT article_id, story_id, how, duplicate_of FROM article_story ORDER BY position"
        )
    }
    pins = dict(conn.execute("SELECT article_id, story_id FROM story_pin"))
    options = options or StoryOptions()
    key = tokens_key(options)
    docs = stored_docs(conn, key)
    by_id = {d.id: d for d in docs}
    stored = {
        a: Tokens.from_json(t)
        for a, t in conn.execute(
            "SELECT article_id, tokens FROM story_tokens WHERE options = ?", (key,)
        )
    }
    fresh = {d.id: tokens_of(d, options) for d in docs if d.id not in stored}
    tokens = stored | fresh
    index = StoryIndex(options)
    for article_id, (story, copy, original) in known.items():
        if article_id in by_id:
            index.place(
                by_id[article_id],
                story,
                copy=copy,
                tokens=tokens[article_id],
                duplicate_of=original,
                pinned=article_id in pins,
            )
    copies = _duplicate_groups(conn)
    decided = [
        index.add(d, pins.get(d.id), copies.get(d.id), tokens[d.id])
        for d in docs
        if d.id not in known
    ]
    decided = [_now(a, index) for a in decided]
    moved = [
        (index.story_of[a], a) for a, (s, *_) in known.items() if index.story_of.get(a, s) != s
    ]
    with transaction(conn):
        conn.executemany(
            "INSERT OR REPLACE INTO story_tokens (article_id, options, tokens) VALUES (?, ?, ?)",
            [(a, key, t.to_json()) for a, t in fresh.items()],
        )
        start = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM article_story")
        position = start.fetchone()[0]
        now = now_iso()
        conn.executemany(
            "INSERT OR IGNORE INTO story (id, founder, created) VALUES (?, ?, ?)",
            [(story, founder, now) for story, founder in index.split_off.items()],
        )
        conn.executemany("UPDATE article_story SET story_id = ? WHERE article_id = ?", moved)
        for a in decided:
            conn.execute(
                "INSERT OR IGNORE INTO story (id, founder, created) VALUES (?, ?, ?)",
                (a.story, a.doc, now),
            )
            inserted = conn.execute(
                "INSERT OR IGNORE INTO article_story (article_id, story_id, position, how, score,"
                " duplicate_of, assigned) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (a.doc, a.story, position, a.how, round(a.score, 6), a.duplicate_of, now),
            ).rowcount
            position += inserted
        live = conn.execute("SELECT count(DISTINCT story_id) FROM article_story").fetchone()[0]
    return StoryRun(tuple(decided), len(docs), live, tuple(index.split_off), len(moved))


def _duplicate_groups(conn: sqlite3.Connection) -> dict[str, str]:
    """Article → the first article of its near-duplicate group, from the ingest's
    `duplicate_member` table when the store has one (schema version 2 and later)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "duplicate_member" not in tables:
        return {}
    return dict(conn.execute("SELECT article_id, group_id FROM duplicate_member"))


def resolve_story(conn: sqlite3.Connection, story: str) -> str:
    """The live story a (possibly abbreviated, possibly merged-away) story id stands for."""
    prefix = "SELECT id FROM story WHERE substr(id, 1, ?) = ?"  # not LIKE: a user may type % or _
    matches = [r[0] for r in conn.execute(prefix, (len(story), story))]
    if story in matches:
        matches = [story]
    if not matches:
        raise StoryError(f"no story {story!r} in this store")
    if len(matches) > 1:
        raise StoryError(f"story id {story!r} is ambiguous ({', '.join(sorted(matches)[:5])})")
    current, seen = matches[0], set()
    while current not in seen:
        seen.add(current)
        row = conn.execute("SELECT merged_into FROM story WHERE id = ?", (current,)).fetchone()
        if row is None or row[0] is None:
            return current
        current = row[0]
    raise StoryError(f"story {story!r}: merges form a loop")  # pragma: no cover


def _resolve_article(conn: sqlite3.Connection, ref: str) -> str:
    """An article id from its sha, its label (file stem), or a unique sha prefix, in that
    order of preference."""
    exact = conn.execute("SELECT id FROM article WHERE id = ?", (ref,)).fetchone()
    if exact:
        return exact[0]
    for sql, args in (("label = ?", (ref,)), ("substr(id, 1, ?) = ?", (len(ref), ref))):
        ids = sorted(r[0] for r in conn.execute(f"SELECT id FROM article WHERE {sql}", args))
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            shown = ", ".join(i[:12] for i in ids[:5])
            raise StoryError(f"article {ref!r} is ambiguous ({shown})")
    raise StoryError(f"no article {ref!r} in this store")


def story_members(conn: sqlite3.Connection, story: str) -> list[str]:
    """Article ids of a live story, in decision order."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT article_id FROM article_story WHERE story_id = ? ORDER BY position", (story,)
        )
    ]


def merge_stories(conn: sqlite3.Connection, keep: str, other: str) -> tuple[str, int]:
    """Merge story `other` into `keep` (the user says they are one story). Every article of
    both is pinned to `keep`; `other` is remembered as merged, so its id still resolves.
    Returns the kept id and how many articles moved."""
    keep, other = resolve_story(conn, keep), resolve_story(conn, other)
    if keep == other:
        raise StoryError(f"story {keep} is already one story")
    with transaction(conn):
        moved = story_members(conn, other)
        conn.execute("UPDATE article_story SET story_id = ? WHERE story_id = ?", (keep, other))
        conn.execute("UPDATE story SET merged_into = ? WHERE id = ?", (keep, other))
        conn.execute("UPDATE story_pin SET story_id = ? WHERE story_id = ?", (keep, other))
        conn.executemany(
            "INSERT OR REPLACE INTO story_pin (article_id, story_id) VALUES (?, ?)",
            [(a, keep) for a in story_members(conn, keep)],
        )
        _log(conn, "merge", keep, other, moved)
    return keep, len(moved)


def split_story(conn: sqlite3.Connection, story: str, articles: Sequence[str]) -> str:
    """Move `articles` out of `story` into a new story of their own (the user says they are
    another event). Both parts are pinned. Returns the new story's id."""
    story = resolve_story(conn, story)
    moving = sorted({_resolve_article(conn, a) for a in articles})
    members = story_members(conn, story)
    if stray := [a for a in moving if a not in members]:
        raise StoryError(f"not in story {story}: {', '.join(a[:12] for a in stray)}")
    if len(moving) == len(members):
        raise StoryError(f"that is every article of story {story}; nothing would remain")
    new = content_id("split", story, *moving, length=12)
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO story (id, founder, created) VALUES (?, ?, ?)",
            (new, next(a for a in members if a in moving), now_iso()),
        )
        conn.execute("UPDATE story SET merged_into = NULL WHERE id = ?", (new,))
        conn.executemany(
            "UPDATE article_story SET story_id = ? WHERE article_id = ?", [(new, a) for a in moving]
        )
        conn.executemany(
            "INSERT OR REPLACE INTO story_pin (article_id, story_id) VALUES (?, ?)",
            [(a, new if a in moving else story) for a in members],
        )
        _log(conn, "split", story, new, moving)
    return new


def _log(conn: sqlite3.Connection, kind: str, story: str, other: str, moved: Sequence[str]):
    conn.execute(
        "INSERT INTO story_correction (kind, story_id, other, articles, made)"
        " VALUES (?, ?, ?, ?, ?)",
        (kind, story, other, json.dumps(list(moved)), now_iso()),
    )


@dataclass(frozen=True)
class StorySummary:
    id: str
    n_articles: int
    outlets: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    title: str | None  # the founding article's headline
    pinned: bool


def list_stories(conn: sqlite3.Connection) -> list[StorySummary]:
    """Live stories, largest first."""
    rows = conn.execute(
        "SELECT s.story_id, count(*), group_concat(DISTINCT a.outlet), min(a.date), max(a.date),"
        " (SELECT title FROM article WHERE id = st.founder),"
        " EXISTS (SELECT 1 FROM story_pin p WHERE p.story_id = s.story_id)"
        " FROM article_story s JOIN article a ON a.id = s.article_id"
        " JOIN story st ON st.id = s.story_id"
        " GROUP BY s.story_id ORDER BY count(*) DESC, min(s.position)"
    )
    return [
        StorySummary(
            sid,
            n,
            tuple(sorted((outlets or "").split(",")) if outlets else ()),
            first,
            last,
            title,
            bool(pinned),
        )
        for sid, n, outlets, first, last, title, pinned in rows
    ]


def story_articles(conn: sqlite3.Connection, story: str) -> list[Article]:
    """The articles of a story as `Article` records (for `compare --story`), labelled by their
    stored label, made unique within the story."""
    story = resolve_story(conn, story)
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    rows = cursor.execute(
        "SELECT a.* FROM article_story s JOIN article a ON a.id = s.article_id"
        " WHERE s.story_id = ? ORDER BY s.position",
        (story,),
    ).fetchall()
    articles, used = [], set()
    for r in rows:
        label, n = r["label"], 2
        while label in used:
            label, n = f"{r['label']}-{n}", n + 1
        used.add(label)
        dropped = tuple(
            Dropped(start, end, reason)
            for start, end, reason in conn.execute(
                'SELECT start, "end", reason FROM dropped WHERE article_id = ? ORDER BY position',
                (r["id"],),
            )
        )
        dateline = None
        if r["dateline_start"] is not None:
            dateline = Span(r["dateline_start"], r["dateline_end"], r["dateline_text"])
        articles.append(
            Article(
                id=label,
                text=r["text"],
                source=r["source"],
                title=r["title"],
                authors=tuple(json.loads(r["authors"])),
                date=r["date"],
                outlet=r["outlet"],
                place=r["place"],
                dateline=dateline,
                dropped=dropped,
            )
        )
    return articles


__all__ = [
    "Assignment",
    "StoryDoc",
    "StoryError",
    "StoryIndex",
    "StoryOptions",
    "StoryRun",
    "StorySummary",
    "Tokens",
    "assign_stories",
    "cheap_entities",
    "ensure_story_tables",
    "group",
    "list_stories",
    "merge_stories",
    "parse_day",
    "resolve_story",
    "split_story",
    "stated_year",
    "story_articles",
    "story_id_for",
    "tokens_key",
    "tokens_of",
    "words",
]
