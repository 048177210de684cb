"""Lookups and labels every renderer needs, so the four formats say the same thing the same way."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime

from newsparallax.model import AlignedPair, Comparison, Quote

UNKNOWN_SPEAKER = "unknown speaker"
_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Collapse whitespace and drop control characters: article text must never move a
    terminal's cursor or break a table row."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return _SPACE.sub(" ", text).strip()


def person_name(comparison: Comparison, person_id: str | None) -> str | None:
    person = comparison.person(person_id)
    return person.name if person else None


def speaker_label(comparison: Comparison, quote: Quote) -> str:
    """The cross-article name when the people stage resolved one, else the article's own name;
    the words describing a group or someone the article never names, marked "(not named)";
    else the words at the cue ("the district's drought plan"), marked unresolved, so a reader
    does not take them for a person the tool identified."""
    name = person_name(comparison, quote.speaker_id) or quote.speaker
    if name and quote.speaker_id is None and quote.how in ("group", "description"):
        return f"{one_line(name)} (not named)"
    if name:
        return name
    if quote.mention is not None and quote.mention.text.strip():
        return f"{one_line(quote.mention.text)} (unresolved)"
    return UNKNOWN_SPEAKER


def speaker_check(quote: Quote) -> str | None:
    """What a reader should verify about a speaker the analysis is not sure of (confidence
    `medium` or `low`): "speaker found from ‘he’ — check". None for a speaker named at the cue,
    for an unresolved one (its label says so) and for quotes stored before confidence was kept."""
    if quote.speaker is None:
        return None
    mention = quote.mention.text if quote.mention is not None else None
    return check_note(quote.how, quote.confidence, mention)


def check_note(how: str, confidence: str | None, mention: str | None) -> str | None:
    """`speaker_check` for a quote given by its fields (a row of the store)."""
    if confidence in (None, "high"):
        return None
    words = one_line(mention or "")
    if how == "continuation":
        found = "carried from the quote before"
    elif how == "context":
        found = "taken from the paragraph before (no cue)"
    elif how == "headline":
        found = "taken from the headline or the story's quote of these words"
    elif words:
        found = f"found from ‘{words}’"
    else:
        found = "uncertain"
    return f"speaker {found} — check"


def article_keys(comparison: Comparison, keys: Iterable[str]) -> list[str]:
    """Keys of a per-article mapping in the comparison's article order, strays after, sorted,
    so output never depends on dict construction order upstream."""
    keys = set(keys)
    ordered = [a.id for a in comparison.articles if a.id in keys]
    return ordered + sorted(keys - set(ordered))


def quote_map(comparison: Comparison) -> dict[str, Quote]:
    return {q.id: q for q in comparison.quotes}


def quotes_in(comparison: Comparison, article_id: str) -> list[Quote]:
    return sorted(
        (q for q in comparison.quotes if q.article == article_id), key=lambda q: (q.start, q.end)
    )


def alignments_by_quote(comparison: Comparison) -> dict[str, list[str]]:
    """Quote id -> ids of the alignments it belongs to (usually one)."""
    out: dict[str, list[str]] = {}
    for al in comparison.alignments:
        for qid in al.quotes:
            out.setdefault(qid, []).append(al.id)
    return out


def side_article(quotes: Mapping[str, Quote], ids: Iterable[str]) -> str:
    """The article one side of a pair comes from (all its quotes share it)."""
    arts = [quotes[i].article for i in ids if i in quotes]
    return arts[0] if arts else "?"


def side_text(quotes: Mapping[str, Quote], ids: Iterable[str]) -> str:
    return " … ".join(one_line(quotes[i].text) for i in ids if i in quotes)


def pair_label(quotes: Mapping[str, Quote], pair: AlignedPair) -> str:
    """`ledger q1 ↔ courier q3 + q4`: which quotes a pair joins, readable in any format."""
    a = f"{side_article(quotes, pair.a)} {' + '.join(pair.a)}"
    b = f"{side_article(quotes, pair.b)} {' + '.join(pair.b)}"
    return f"{a} ↔ {b}"


def diff_chunks(pair: AlignedPair) -> list[tuple[str, str]]:
    """A pair's diff as (kind, text) with kind equal | del | ins; a replace is a del then an ins."""
    chunks: list[tuple[str, str]] = []
    for op in pair.diff:
        if op.op == "equal":
            chunks.append(("equal", op.a_text))
            continue
        if op.op in ("delete", "replace") and op.a_text:
            chunks.append(("del", op.a_text))
        if op.op in ("insert", "replace") and op.b_text:
            chunks.append(("ins", op.b_text))
    return [(kind, one_line(text)) for kind, text in chunks if one_line(text)]


def compact_diff(pair: AlignedPair) -> str:
    """`words [-removed-] {+added+} words`, the wdiff convention terminals users already know."""
    marks = {"equal": "{}", "del": "[-{}-]", "ins": "{{+{}+}}"}
    return " ".join(marks[kind].format(text) for kind, text in diff_chunks(pair))


def value_or_missing(value: str | None) -> str:
    return "(not stated)" if value is None else one_line(value)


def readable_date(value: str | None) -> str:
    """An ISO date as a reader writes it ("11 Jun 2025", "11 Jun 2025, 14:05"); anything else
    as it came."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return readable_when(when, with_time=len(value) > 10)


def readable_when(when: datetime, with_time: bool) -> str:
    """ "11 Jun 2025", or "11 Jun 2025, 14:05" `with_time`: no reader has to decode ISO-8601."""
    day = f"{when.day} {when:%b %Y}"
    return f"{day}, {when:%H:%M}" if with_time else day
