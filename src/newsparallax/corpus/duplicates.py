"""Duplicates: exact copies by content hash, near-duplicates by MinHash LSH.

An exact copy (the same extracted text, wherever it came from) is the same `Article.sha`, so the
store keeps one article row and one `article_source` row per place it was read.

A near-duplicate is the same story with light changes: a wire report re-published with a local
headline, a paragraph trimmed from the end, a newsletter plug or copyright line added. Each
article arrives with the MinHash signature of its word shingles (`reading.fingerprint`, made
where it was read). Locality sensitive hashing finds candidates whose estimated Jaccard
similarity may reach `THRESHOLD`; each candidate is then checked against the signature
estimate, so LSH only decides whom to compare.

Why this number: two different stories about one event, which share names and phrases but not
whole passages, stay well below 0.5 in shared 4-word shingles. A copy cut by a third still
shares about 2/3 of its shingles with the full text, which is above `THRESHOLD` = 0.5; two
stories that share a quoted paragraph are not.
The benchmark (`benchmarks/bench_ingest.py`) measures precision and recall on generated copies.

Groups are transitive: a copy of a copy joins the first one's group. A group's id is the article
id of its earliest member (in ingest order), so re-running in the same order gives the same ids.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from datasketch import LeanMinHash, MinHashLSH

from newsparallax.reading.fingerprint import NUM_PERM, SCHEME, SEED, similarity, unpack
from newsparallax.store.corpus import duplicate_memberships, signatures

THRESHOLD = 0.5


@dataclass
class Match:
    """What adding one article changed: the group it joined (None: no near-duplicate), its
    similarity to the closest earlier member, the members new to that group (the article itself,
    and the earlier article when the group is new) and groups folded into it."""

    group: str | None
    similarity: float = 0.0
    new_members: list[tuple[str, float]] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


class NearDuplicates:
    """An in-memory LSH index over every stored article's signature, with its groups.

    Built from the store at the start of a run (`load`), then fed each new article in ingest
    order (`add`); memory is about a kilobyte per article.
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM):
        self.threshold = threshold
        self.num_perm = num_perm
        self._empty()

    def _empty(self) -> None:
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        self._signatures: dict[str, bytes] = {}
        self._order: dict[str, int] = {}
        self._group: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures

    def load(
        self, signatures: Iterable[tuple[str, bytes]], groups: Iterable[tuple[str, str]]
    ) -> None:
        """Stored signatures in ingest order, and stored (article, group) memberships."""
        for key, packed in signatures:
            self._insert(key, packed)
        self._group.update(groups)

    def reload(self, conn: sqlite3.Connection) -> None:
        """Forget everything and read the store's signatures and groups again: after a write the
        store rolled back, the index must not know an article the store does not."""
        self._empty()
        self.load(signatures(conn), duplicate_memberships(conn))

    def group_of(self, key: str) -> str | None:
        return self._group.get(key)

    def add(self, key: str, packed: bytes) -> Match:
        """Index one new article and say which group, if any, it joins.

        The group is the earliest existing group among its close matches (other groups it
        bridges are merged into that one); with no group among them, a new group is rooted at
        the earliest close match."""
        if key in self._signatures:
            return Match(self._group.get(key))
        candidates = self._lsh.query(self._lean(packed))
        close = {
            other: s
            for other in candidates
            if (s := similarity(packed, self._signatures[other])) >= self.threshold
        }
        self._insert(key, packed)
        if not close:
            return Match(None)
        by_order = self._order.__getitem__
        groups = sorted({self._group[o] for o in close if o in self._group}, key=by_order)
        lone = sorted((o for o in close if o not in self._group), key=by_order)
        match = Match(groups[0] if groups else lone[0], similarity=max(close.values()))
        target = match.group
        for group in groups[1:]:
            match.merged.append(group)
            for member, owner in self._group.items():
                if owner == group:
                    self._group[member] = target
        for other in lone:
            self._group[other] = target
            match.new_members.append((other, 1.0 if other == target else close[other]))
        self._group[key] = target
        match.new_members.append((key, match.similarity))
        return match

    def _insert(self, key: str, packed: bytes) -> None:
        self._order[key] = len(self._order)
        self._signatures[key] = packed
        self._lsh.insert(key, self._lean(packed), check_duplication=False)

    def _lean(self, packed: bytes) -> LeanMinHash:
        return LeanMinHash(seed=SEED, hashvalues=unpack(packed), scheme=SCHEME)


def load_near_duplicates(conn: sqlite3.Connection, threshold: float = THRESHOLD) -> NearDuplicates:
    """The index of every stored article's signature, so new ones are matched against all."""
    index = NearDuplicates(threshold=threshold)
    index.reload(conn)
    return index
