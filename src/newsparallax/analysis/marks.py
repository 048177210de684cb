"""Quotation marks → quoted spans, before any parsing.

Typography on the web is messy: curly and straight marks, a closing mark typed as an opening one,
quotes that run over several paragraphs (the convention: a paragraph ends with no closing mark
and the next one opens with a mark; each paragraph is a quoted span of its own, which
`analysis.marked` reads as continuing the one before), and unbalanced marks. Everything here is
one linear scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“„«‹"
CLOSERS = "”»›"
STRAIGHT = '"'
OPEN_CONTEXT = " \t\n([{—–-/"
# "Ortiz: 'Not the right time' for ...": a name, then a colon, opening a headline.
HEADLINE_LABEL = re.compile(r"\s*([^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3})\s*:\s")


@dataclass(frozen=True)
class Marked:
    """A quoted stretch: `open`/`close` index the marks (close is None when the quote runs to the
    end of its last paragraph); `start`/`end` bound the words inside, whitespace trimmed."""

    open: int
    close: int | None
    start: int
    end: int
    after: int = 0  # just past the closing mark (the end of the words when unclosed)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end): news text puts one paragraph on a line."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def headline_end(title: str | None, text: str, paras: list[tuple[int, int]]) -> int:
    """Where the headline ends: the end of the first paragraph when it is the article's title
    (plain text opens with it; an HTML page's text is its title, a blank line and the body),
    else 0 (no headline in the text)."""
    if title and paras and text[slice(*paras[0])].strip() == title.strip():
        return paras[0][1]
    return 0


def _is_opener(text: str, i: int, lo: int, hi: int, is_open: bool, width: int = 1) -> bool | None:
    """True for an opening mark, False for a closing one, None for a mark to ignore."""
    char = text[i]
    before = text[i - 1] if i > lo else " "
    after = text[i + width] if i + width < hi else " "
    opens_here = before in OPEN_CONTEXT or before in OPENERS
    closes_here = not before.isspace()
    if char in OPENERS:  # unless it is a closing mark typed as an opening one
        return not (is_open and closes_here and not after.isalnum())
    if char in CLOSERS:  # unless it is an opening mark typed as a closing one
        return not is_open and opens_here and after.isalnum()
    # straight marks: decided by the side the space is on, then by state
    if opens_here and not after.isspace():
        return not is_open or not closes_here
    if closes_here:
        return False
    if after.isspace():  # spaces both sides ("ourselves? " she wrote): a stray space inside
        return not is_open
    return None


def _single_marked(text: str, lo: int, hi: int) -> list[tuple[int, int | None]]:
    """‘single’ and 'single' quotes, only in a paragraph without double marks (headline style).
    An apostrophe inside a word (it’s, mayors’) is never a mark: an opener needs a space before
    and a letter after, a closer a non-space before and no letter after."""
    pairs, open_at = [], None
    for i in range(lo, hi):
        char = text[i]
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if char in "‘'" and open_at is None and (before in OPEN_CONTEXT) and after.isalnum():
            open_at = i
        elif (
            char in "’'"
            and open_at is not None
            and (text[open_at] == "'") == (char == "'")  # straight pairs with straight
            and not before.isspace()
            and not after.isalnum()
        ):
            pairs.append((open_at, i))
            open_at = None
    return pairs


def _width(text: str, i: int, hi: int) -> int:
    """How many characters the mark at i takes: `''` (two apostrophes, as in some newspaper
    archives) is one straight double mark, `‘‘` and `’’` one curly opening and closing double
    mark; 0 when there is no mark at i."""
    char = text[i]
    if char in OPENERS or char in CLOSERS or char == STRAIGHT:
        return 1
    if char in "'‘’" and i + 1 < hi and text[i + 1] == char:
        return 2
    return 0


def _scan_paragraph(
    text: str, lo: int, hi: int, runs_on: bool = False
) -> list[tuple[int, int, int | None, int]]:
    """(open, open width, close or None, close width) for each quote in one paragraph;
    `runs_on` when the next paragraph opens with a mark, as a quotation carried over does."""
    pairs: list[tuple[int, int, int | None, int]] = []
    open_at: tuple[int, int] | None = None
    found_double = False
    i = lo
    while i < hi:
        width = _width(text, i, hi)
        if not width:
            i += 1
            continue
        found_double = True
        if text[i] in "‘’":  # doubled single marks: which side they stand for is in the mark
            kind = text[i] == "‘"
        else:
            kind = _is_opener(text, i, lo, hi, open_at is not None, width)
        if kind is True and open_at is None:
            open_at = (i, width)
        elif kind is False and open_at is not None:
            pairs.append((*open_at, i, width))
            open_at = None
        i += width
    if open_at is not None and (
        not text[lo : open_at[0]].strip()
        or (runs_on and text[lo : open_at[0]].rstrip()[-1:] in ".!?:")
    ):
        # Unclosed: a paragraph that opens with the mark runs on (news convention), as does
        # one opened after a sentence ("..., he said. “The ...") when the next paragraph
        # takes it up with a mark; any other unclosed mark is a typo and quotes nothing.
        pairs.append((*open_at, None, 0))
    if not found_double:
        pairs = [(o, 1, c, 1) for o, c in _single_marked(text, lo, hi)]
    return pairs


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_marked(text: str) -> list[Marked]:
    """Every quoted stretch in the text, in order, one per paragraph: a quotation that runs
    over several paragraphs (each but the last left unclosed, the next opening with a mark) is
    one quote per paragraph, each after the first continuing the one before, as readers and
    annotators count them."""
    spans = paragraphs(text)
    out: list[Marked] = []
    for n, (lo, hi) in enumerate(spans):
        following = text[spans[n + 1][0] : spans[n + 1][1]].lstrip() if n + 1 < len(spans) else ""
        runs_on = following[:1] in OPENERS + STRAIGHT or following[:2] in ("''", "‘‘")
        for open_at, open_len, close, close_len in _scan_paragraph(text, lo, hi, runs_on):
            end_at = close if close is not None else spans[n][1]
            start, end = _trimmed(text, open_at + open_len, end_at)
            if end > start:
                after = close + close_len if close is not None else end
                out.append(Marked(open_at, close, start, end, after))
    return out
