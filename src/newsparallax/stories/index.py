"""The online grouping index: one decision per article as it arrives, and a young story that
turns out to hold two events cut in two. See the package docstring for the method.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from newsparallax.model import content_id
from newsparallax.stories.features import (
    StoryDoc,
    StoryOptions,
    Tokens,
    parse_day,
    sketch_jaccard,
    tokens_of,
    year_of,
)

How = Literal["new", "joined", "duplicate", "pinned"]


@dataclass(frozen=True)
class Assignment:
    """One decision: `doc` went to `story`, how, and with what score (relative to the
    threshold for joins: ≥ 1; the estimated overlap for copies; 0 for a new story)."""

    doc: str
    story: str
    how: How
    score: float = 0.0
    duplicate_of: str | None = None


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
            published_year=year_of(day),
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
                overlap = sketch_jaccard(sketch, self._sketches[other], self.options.sketch_size)
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
    return [current(a, index) for a in decided]


def current(assignment: Assignment, index: StoryIndex) -> Assignment:
    """`assignment` with the story its article is in now (a later split may have moved it)."""
    story = index.story_of[assignment.doc]
    return assignment if story == assignment.story else replace(assignment, story=story)
