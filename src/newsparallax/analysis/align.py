"""Alignment: the quotes, across articles, that render one utterance, and how faithfully.

Quotes are compared as word sequences after normalising case, punctuation, curly and straight
marks and hyphenation ("well-trained" = "well trained"). Candidate pairs come from shared word
trigrams, so cost grows with the number of real matches, not with the square of the quotes.
A word-level diff keeps offsets into both articles so a reader can see each change in place.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations, product

from newsparallax.analysis.lexicon import FUNCTION_WORDS
from newsparallax.model import AlignedPair, Alignment, DiffOp, Quote, Relation, Span, content_id

WORD = re.compile(r"[^\W_]+")
SHINGLE = 3
MIN_SHARED_RUN = 4  # a run of this many words in common links two quotes on its own
MIN_COVER = 0.6  # or this share of the shorter quote, when the speaker is the same
DIFFERENT_SPEAKER_RUN = 8  # two different speakers need a long run and that share
PARAPHRASE_MIN_SHARED = 3
PARAPHRASE_BOTH = 0.4
PARAPHRASE_SHORTER = 0.6
SEVERITY: dict[Relation, int] = {
    "verbatim": 0,
    "trimmed": 1,
    "split": 2,
    "reworded": 3,
    "paraphrase": 4,
}


@dataclass(frozen=True)
class Words:
    """A quote's normalised words, where each sits in its article, and which quote it is from
    (a split rendering joins several quotes)."""

    quote: Quote
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sources: tuple[Quote, ...] = ()

    def surface(self, i: int, j: int) -> str:
        """Words i..j as the article writes them (punctuation and case kept)."""
        pieces = []
        k = i
        while k < j:
            quote = self.sources[k] if self.sources else self.quote
            end = k
            while end + 1 < j and (self.sources[end + 1] if self.sources else self.quote) is quote:
                end += 1
            pieces.append(quote.text[self.starts[k] - quote.start : self.ends[end] - quote.start])
            k = end + 1
        return " … ".join(pieces)


def words_of(quote: Quote) -> Words:
    return _words_in(quote, [Span(quote.start, quote.end, quote.text)])


def quoted_words_of(quote: Quote) -> Words:
    """The words a quote puts in quotation marks: all of a direct or partial quote, the quoted
    stretches of a statement ("called the plan “a disaster”": "a disaster")."""
    if quote.kind == "indirect":
        return _words_in(quote, list(quote.quoted))
    return words_of(quote)


def _words_in(quote: Quote, spans: list[Span]) -> Words:
    found = [(s.start, m) for s in spans for m in WORD.finditer(s.text)]
    return Words(
        quote,
        tuple(m.group().lower() for _, m in found),
        tuple(start + m.start() for start, m in found),
        tuple(start + m.end() for start, m in found),
    )


def align_quotes(quotes: Sequence[Quote]) -> tuple[Alignment, ...]:
    """Group renderings of one utterance across articles (the quoted words of each quote, a
    statement's quoted words included), then add paraphrase links between reported speech and
    the quoted words of the same speaker elsewhere."""
    marked = [
        quoted_words_of(q)
        for q in quotes
        if (q.kind != "indirect" and q.text.strip()) or any(s.text.strip() for s in q.quoted)
    ]
    links = [(a, b) for a, b in _candidates(marked) if _linked(a, b)]
    order = {
        w.quote.id: n
        for n, w in enumerate(sorted(marked, key=lambda w: (w.quote.article, w.quote.start)))
    }
    alignments = [_alignment(group, order) for group in _components(marked, links)]
    alignments += _paraphrases(quotes, marked)
    return tuple(sorted(alignments, key=lambda al: al.quotes))


# --- linking ---------------------------------------------------------------------------------


def _shingles(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    if len(words) < SHINGLE:
        return {words} if words else set()
    return {words[i : i + SHINGLE] for i in range(len(words) - SHINGLE + 1)}


def _candidates(items: list[Words]):
    """Pairs of quotes from two articles that share a trigram. Members of a trigram are split
    by article first: an article repeating one phrase a thousand times must not cost a million
    same-article pairs that are then thrown away."""
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for shingle in _shingles(item.words):
            index[shingle].append(i)
    seen: set[tuple[int, int]] = set()
    for members in index.values():
        by_article: dict[str, list[int]] = defaultdict(list)
        for i in members:
            by_article[items[i].quote.article].append(i)
        for side_a, side_b in combinations(by_article.values(), 2):
            for i, j in product(side_a, side_b):
                pair = (min(i, j), max(i, j))
                if pair not in seen:
                    seen.add(pair)
                    yield items[pair[0]], items[pair[1]]


def _linked(a: Words, b: Words) -> bool:
    blocks = SequenceMatcher(None, a.words, b.words, autojunk=False).get_matching_blocks()
    longest = max((blk.size for blk in blocks), default=0)
    shared = sum(blk.size for blk in blocks)
    shorter = min(len(a.words), len(b.words))
    cover = shared / max(1, shorter)
    ids = (a.quote.speaker_id, b.quote.speaker_id)
    if None not in ids and ids[0] != ids[1]:
        # the same words given to two different people: a finding, but only on strong evidence
        return longest >= DIFFERENT_SPEAKER_RUN and cover >= MIN_COVER
    if longest >= MIN_SHARED_RUN:
        return True
    return ids[0] is not None and shorter >= 2 and cover >= MIN_COVER


def _components(items: list[Words], links) -> list[list[Words]]:
    parent = {id(w): id(w) for w in items}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        parent[find(id(a))] = find(id(b))
    groups: dict[int, list[Words]] = defaultdict(list)
    for w in items:
        groups[find(id(w))].append(w)
    return [
        sorted(g, key=lambda w: (w.quote.article, w.quote.start))
        for g in groups.values()
        if len({w.quote.article for w in g}) > 1
    ]


# --- relations -------------------------------------------------------------------------------


def _alignment(group: list[Words], order: dict[str, int]) -> Alignment:
    by_article: dict[str, list[Words]] = defaultdict(list)
    for w in group:
        by_article[w.quote.article].append(w)
    pairs = [
        pair
        for a, b in combinations(sorted(by_article), 2)
        for pair in _pairs(by_article[a], by_article[b], order)
    ]
    relation = max((p.relation for p in pairs), key=SEVERITY.__getitem__)
    ids = tuple(w.quote.id for w in group)
    return Alignment(content_id(*ids, length=12), ids, relation, _speaker(group), tuple(pairs))


def _pairs(a_side: list[Words], b_side: list[Words], order: dict[str, int]) -> list[AlignedPair]:
    """One pair when each side is one quote, or when one side's quotes are consecutive pieces
    of the other's (a split). Otherwise each quote pairs with its best match on the other side:
    an outlet quoting two separate parts of one utterance has not split a quote."""
    if len(a_side) == 1 and len(b_side) == 1:
        return [_pair(a_side, b_side)]
    if len(a_side) == 1 or len(b_side) == 1:
        whole, pieces = (a_side, b_side) if len(a_side) == 1 else (b_side, a_side)
        if _is_split(whole[0], pieces, order):
            return [_pair(a_side, b_side)]
    fewer, more = (a_side, b_side) if len(a_side) <= len(b_side) else (b_side, a_side)
    pairs = []
    for piece in more:
        best = max(fewer, key=lambda w: _shared(piece, w))
        pairs.append(_pair([piece], [best]) if fewer is b_side else _pair([best], [piece]))
    return pairs


def _shared(a: Words, b: Words) -> int:
    return sum(
        blk.size
        for blk in SequenceMatcher(None, a.words, b.words, autojunk=False).get_matching_blocks()
    )


def _is_split(whole: Words, pieces: list[Words], order: dict[str, int]) -> bool:
    """Pieces next to each other in their article, matching the whole in the same order."""
    positions = [order[p.quote.id] for p in pieces]
    if positions != list(range(positions[0], positions[0] + len(pieces))):
        return False
    starts = []
    for piece in pieces:
        m = SequenceMatcher(None, whole.words, piece.words, autojunk=False)
        found = m.find_longest_match(0, len(whole.words), 0, len(piece.words))
        starts.append(found.a)
    return starts == sorted(starts)


def _pair(a_side: list[Words], b_side: list[Words]) -> AlignedPair:
    """Relation between one article's rendering (one or several quotes, in text order) and
    another's. Several quotes on one side against one on the other is a split."""
    a, b = _joined(a_side), _joined(b_side)
    relation = relation_of(a.words, b.words)
    if (len(a_side) > 1) != (len(b_side) > 1) and relation in ("verbatim", "trimmed"):
        relation = "split"
    matcher = SequenceMatcher(None, a.words, b.words, autojunk=False)
    shorter = max(1, min(len(a.words), len(b.words)))
    similarity = round(sum(blk.size for blk in matcher.get_matching_blocks()) / shorter, 3)
    return AlignedPair(
        tuple(w.quote.id for w in a_side),
        tuple(w.quote.id for w in b_side),
        relation,
        similarity,
        tuple(_diff(matcher, a, b)),
    )


def relation_of(a: Sequence[str], b: Sequence[str]) -> Relation:
    """verbatim: the same words; trimmed: one is a contiguous run of the other; otherwise the
    words were changed inside the shared part: reworded."""
    if list(a) == list(b):
        return "verbatim"
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    n = len(shorter)
    if n and any(list(longer[i : i + n]) == list(shorter) for i in range(len(longer) - n + 1)):
        return "trimmed"
    return "reworded"


def _joined(side: list[Words]) -> Words:
    if len(side) == 1:
        return side[0]
    return Words(
        side[0].quote,
        tuple(w for s in side for w in s.words),
        tuple(x for s in side for x in s.starts),
        tuple(x for s in side for x in s.ends),
        tuple(s.quote for s in side for _ in s.words),
    )


def _diff(matcher: SequenceMatcher, a: Words, b: Words):
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        yield DiffOp(
            op=op,
            a_text=a.surface(i1, i2),
            b_text=b.surface(j1, j2),
            a_start=a.starts[i1] if i2 > i1 else None,
            a_end=a.ends[i2 - 1] if i2 > i1 else None,
            b_start=b.starts[j1] if j2 > j1 else None,
            b_end=b.ends[j2 - 1] if j2 > j1 else None,
        )


def _speaker(group: list[Words]) -> str | None:
    counts = Counter(w.quote.speaker_id for w in group if w.quote.speaker_id)
    return counts.most_common(1)[0][0] if counts else None


# --- paraphrase --------------------------------------------------------------------------------


def _content(words: Sequence[str]) -> set[str]:
    return {w.rstrip("s") for w in words if w not in FUNCTION_WORDS and len(w) > 2}


def _paraphrased(shared: int, said: int, quoted: int) -> bool:
    """Enough content words in common on both sides, or nearly all of the shorter side when
    many words are shared; a shared three-word phrase alone ("local law enforcement") is not."""
    if shared < PARAPHRASE_MIN_SHARED:
        return False
    both = min(shared / said, shared / quoted) >= PARAPHRASE_BOTH
    shorter = (
        shared / min(said, quoted) >= PARAPHRASE_SHORTER and shared >= 2 * PARAPHRASE_MIN_SHARED - 1
    )
    return both or shorter


def _paraphrases(quotes: Sequence[Quote], marked: list[Words]) -> list[Alignment]:
    """Reported speech against the same speaker's quoted words in another article: the best
    match per article, when enough content words are shared."""
    out = []
    # speaker -> article -> quoted words: only another article's quotes of the same speaker are
    # looked at, so a long article does not compare each reported line with all its own quotes
    by_speaker: dict[str, dict[str, list[Words]]] = defaultdict(lambda: defaultdict(list))
    for other in marked:
        if other.quote.speaker_id is not None:
            by_speaker[other.quote.speaker_id][other.quote.article].append(other)
    for quote in quotes:
        if quote.kind != "indirect" or quote.speaker_id not in by_speaker:
            continue
        said = _content(words_of(quote).words)
        best: dict[str, tuple[float, Words]] = {}
        theirs_by_article = by_speaker[quote.speaker_id]
        for other in (
            w for article, ws in theirs_by_article.items() if article != quote.article for w in ws
        ):
            theirs = _content(other.words)
            shared = said & theirs
            score = len(shared) / max(1, min(len(said), len(theirs)))
            better = score > best.get(other.quote.article, (0.0, None))[0]
            if better and _paraphrased(len(shared), len(said), len(theirs)):
                best[other.quote.article] = (score, other)
        for score, other in best.values():
            ids = (quote.id, other.quote.id)
            pair = AlignedPair((quote.id,), (other.quote.id,), "paraphrase", round(score, 3))
            out.append(
                Alignment(
                    content_id("p", *ids, length=12), ids, "paraphrase", quote.speaker_id, (pair,)
                )
            )
    return out
