"""What the story grouper reads of an article: its content words (headline and lead counted
extra), the names it mentions, the latest year it states, its date, and a sketch of its wording
for telling copies apart; and the knobs (`StoryOptions`) that decide how much each counts.

All of it is a pure function of the text, made once per article (`tokens_of`) and storable
(`Tokens.to_json`), so that a corpus run's workers count it and a later run replays it.
"""

from __future__ import annotations

import json
import re
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsparallax.model import Article

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


# ---------------------------------------------------------------------------------------------
# Words, names, years, dates, sketches
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


def year_of(day: float | None) -> int | None:
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


def sketch_jaccard(a: Sequence[int], b: Sequence[int], size: int) -> float:
    """The bottom-k estimate of the Jaccard overlap of two shingle sets."""
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[:size]
    if not union:
        return 0.0
    return sum(1 for h in union if h in sa and h in sb) / len(union)


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


def story_doc(article_id: str, article: Article) -> StoryDoc:
    """`article` as the grouper reads it, the same as grouping a store reads it once it is stored
    (`stories.grouping`), so that a corpus run's workers can count its tokens (`tokens_of`)
    before it reaches the store."""
    dropped = [(d.start, d.end) for d in article.dropped]
    return StoryDoc(
        id=article_id,
        text=visible_text(article.text, dropped),
        title=article.title,
        date=article.date,
    )


def visible_text(text: str, dropped: Sequence[tuple[int, int]]) -> str:
    """The text with clutter (related links, captions, polls) blanked out, offsets kept."""
    if not dropped:
        return text
    chars = list(text)
    for start, end in dropped:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
