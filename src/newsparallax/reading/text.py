"""Plain text into an `Article`: the story kept verbatim, its dateline and its clutter found.

Everything downstream points back into `Article.text` by character offset, so this stage never
edits the story text. Page clutter (related-story links, photo captions, reader polls, promo
headlines, ...) is *marked* as `Dropped` spans rather than cut out: later stages skip it, while
every offset, including those inside the clutter, stays true to the source a reader can open.
The HTML reader (`reading.html`) runs the same rules on the text it extracts from a page.

Every regular expression here is linear-time: no nested unbounded quantifiers, and the per-line
rules look only at a bounded head or tail of a line, so megabyte inputs cannot stall them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsparallax.model import Article, Dropped, Span

# ---------------------------------------------------------------------------------------------
# Datelines
# ---------------------------------------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_DATE = rf"(?:,[ ]{_MONTH}[ ]\d{{1,2}}(?:,[ ]\d{{4}})?)"
_REGION = rf"(?:,[ ](?!{_MONTH}[ ]\d)[A-Z][A-Za-z.'’-]*(?:[ ][A-Z][A-Za-z.'’-]*){{0,2}})"
_OUTLET = r"(?:\((?P<outlet>[A-Za-z0-9][A-Za-z0-9&.'’/ -]{0,39})\)[ ]*)"
# An em/en dash (not a number range like "COVID–19"), or a spaced hyphen or double hyphen.
_DASH = r"(?P<dash>[—–―](?!\d)|(?<=[ ])-{1,2}(?=[ ]))"

# `FRESNO, Calif. (FOX26) —`, `NEW YORK, Jan. 5 (Reuters) -`, `SPRINGFIELD, Ill. —`, `(CNN) —`
_CAPS_DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Z.'’&-]+(?:[ ][A-Z][A-Z.'’&-]*){{0,4}}{_REGION}?)?"
    rf"{_DATE}?[ ]*{_OUTLET}?{_DASH}"
)
# AFP style, title-case place, only with an outlet: `Kyiv (AFP) -`
_TITLE_DATELINE = re.compile(
    rf"(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}}{_REGION}?){_DATE}?[ ]*{_OUTLET}{_DASH}"
)
# Capitalised openers that are labels, not places.
_LABELS = (
    "BREAKING|BREAKING NEWS|UPDATE|UPDATED|EXCLUSIVE|WATCH|LIVE|OPINION|ANALYSIS|EDITOR'S NOTE"
    "|EDITOR’S NOTE|NEW|VIDEO|PHOTOS|FILE|ALERT"
)
_NOT_PLACES = frozenset(_LABELS.split("|"))
_PARTY = re.compile(r"[RDI]-")  # "(R-Texas)" after a name is a party, not an outlet
_OPENING_LINES = 4  # a dateline opens the story; look past at most a headline, byline and date
_MAX_DATELINE = 200


def find_dateline(text: str) -> tuple[Span | None, str | None, str | None]:
    """The wire/broadcast dateline that opens the story, as (span, outlet, place).

    The span runs from the place (or the parenthesised outlet) through the dash. A headline,
    byline or date line may come first (HTML extraction keeps the headline), so the first few
    short lines are tried; the search stops at the first long paragraph, because a dateline
    only ever opens the story.
    """
    for start, line in _opening_lines(text):
        found = _match_dateline(text, start, start + min(len(line), _MAX_DATELINE))
        if found:
            return found
    return None, None, None


def _opening_lines(text: str) -> Iterator[tuple[int, str]]:
    """The first few non-blank lines, stopping after the first paragraph-length one."""
    for seen, (start, end) in enumerate(_lines(text), 1):
        line = text[start:end]
        yield start, line
        if seen >= _OPENING_LINES or len(line) > 200:
            return


def _match_dateline(text: str, start: int, end: int) -> tuple[Span, str | None, str | None] | None:
    for pattern in (_CAPS_DATELINE, _TITLE_DATELINE):
        m = pattern.match(text, start, end)
        if m and _plausible_dateline(m):
            place = m.group("place")
            span = Span(start, m.end("dash"), text[start : m.end("dash")])
            return span, m.group("outlet"), place.strip() if place else None
    return None


def _plausible_dateline(m: re.Match[str]) -> bool:
    """Reject label words ("BREAKING —"), party tags and a bare short caps word ("AI — ...")."""
    place, outlet = m.group("place"), m.group("outlet")
    if not place and not outlet:
        return False
    if outlet and _PARTY.match(outlet):
        return False
    if place:
        head = place.split(",")[0].strip()
        if head in _NOT_PLACES:
            return False
        if not outlet and "," not in place and sum(c.isalpha() for c in head) < 3:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Clutter
# ---------------------------------------------------------------------------------------------

_QUOTE_OPENERS = "\"“”‘«»„‟'‹›"
# A quotation mark: any double mark, or a single mark that opens a quotation (not an apostrophe).
_QUOTE_MARK = re.compile(r"[\"“”«»„‟‹›‘]|(?:^|(?<=\s))['’](?=\w)")
_SHORT = 30  # words; promos, polls and links are short, story paragraphs often are not

_RELATED = re.compile(
    r"\[\s*(?:related|read|more|see|watch|video|listen|photos?|gallery|also)\b"
    r"|(?:related(?:[ ](?:stories|articles|coverage|content|links?|news))?|more|also|see[ ]also"
    r"|watch|listen|video|photos|gallery|recommended|trending|latest|top[ ]stories"
    r"|don[’']t[ ]miss)\s*:"
    r"|read[ ](?:more|also|next)\b|also[ ]read\b|see[ ]also\b|more[ ]from\b[^:\n]{0,40}:"
    r"|click[ ]here\b|sign[ ]up\b|subscribe\b|follow[ ]us\b|(?:download|get)[ ](?:the|our)[ ]"
    r"(?:\w+[ ])?(?:app|newsletter)\b|join[ ]our\b",
    re.IGNORECASE,
)
_CAPTION_HEAD = re.compile(
    r"FILE\s*[-–—]|FILE[ ]PHOTO\b|(?:photos?|image|pictured|caption)\s*:|\(\s*AP[ ]Photo\b",
    re.IGNORECASE,
)
_TAIL = 160  # a credit sits at the end of a caption: look only at a line's last characters
# Credit words are matched in their usual capitalisation only: "a photo by a local artist" in a
# story sentence is not a credit, nor is a URL containing "/ap".
_CREDIT_TAIL = re.compile(
    r"(?:\((?i:photo|image)\s*:|\(AP[ ]Photo\b|\b(?:Photo|PHOTO)(?:graph)?[ ](?:by|BY)\b"
    r"|\b(?:Photo|PHOTO|Image|IMAGE)[ ](?i:credit|courtesy)\b|\b(?:Image|IMAGE|Credit|CREDIT):"
    r"|(?:/|\bvia\b)\s*Getty[ ]Images|\bGetty[ ]Images\s*\)"
    r"|/\s*(?:AP|AFP|Reuters|REUTERS|EPA|Shutterstock)\b)[^\n]{0,120}$"
)
# "(REUTERS/Jane Doe)", "(Jane Doe/The Courier)", "(Courtesy of the family)" ending a line.
_PAREN_CREDIT = re.compile(
    r"\((?:[^()\n]{0,60}[A-Z][\w.]*\s*/\s*[A-Z][^()\n]{0,60}|(?:[Cc]ourtesy|COURTESY)\b"
    r"[^()\n]{0,80})\)\s*$"
)
# "POLL: Should the town ...?" (a poll label on a headline that is not a question is a headline)
_POLL_LABEL = re.compile(r"(?:poll|vote|survey)\s*:", re.IGNORECASE)
_POLL_HEAD = re.compile(
    r"take[ ]our[ ](?:poll|survey)\b|tell[ ]us\b|have[ ]your[ ]say\b"
    r"|share[ ]your[ ](?:thoughts|views|story)\b|let[ ]us[ ]know\b|weigh[ ]in\b",
    re.IGNORECASE,
)
# How reader polls are worded; elsewhere a question to "you" must sit at the end of the page.
_POLL_OPENER = re.compile(
    r"(?:(?:do|did|would|will|should|could|are|were|have)[ ]you[ ](?:agree|disagree|think"
    r"|support|oppose|favou?r|approve|believe|feel|like|want|plan)|what[ ]do[ ]you[ ]think"
    r"|how[ ](?:do|would)[ ]you[ ](?:feel|rate|vote)|where[ ]do[ ]you[ ]stand)\b",
    re.IGNORECASE,
)
# An interview's "Q:", "TAPPER:", "Sen. Ruiz:" - a question put to a guest, not to the reader.
_SPEAKER_LABEL = re.compile(r"Q(?=[A-Z][a-z])|[A-Z][\w.'’-]*(?:[ ][A-Z][\w.'’-]*){0,2}\s*:")
_END_LINES = 3  # polls close the page
_POLL_ANYWHERE = re.compile(
    r"\b(?:take|vote[ ]in|answer)[ ]our[ ](?:poll|survey)\b|\bvote[ ](?:below|now)\b",
    re.IGNORECASE,
)
_YOU = re.compile(r"\b(?:you|your|yours|yourself|you[’']\w{1,2})\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"\b(\w+)[.!?][\"”’)]*\s+[A-Z]")
_ABBREVIATION_WORDS = (
    "Mr Mrs Ms Dr St Sr Jr Gov Sen Rep Lt Gen Col Sgt Capt Prof Rev Mt No vs Inc Co Corp Ltd"
    " Jan Feb Aug Sept Oct Nov Dec"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_ADVERT = re.compile(
    r"(?:skip[ ])?advertisement|ad|sponsored(?:[ ]content)?|continue[ ]reading(?:[ ]below)?"
    r"|(?:the[ ])?(?:story|article)[ ]continues[ ](?:below|after)"
    r"(?:[ ](?:this[ ])?(?:ad|advertisement))?"
    r"|advertisement[ ]?[-–—:][ ]?scroll[ ]to[ ]continue",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)[ ]\d{4}|all[ ]rights[ ]reserved\b"
    r"|this[ ]material[ ]may[ ]not[ ]be[ ]published\b|share[ ](?:this|on)\b",
    re.IGNORECASE,
)
# A wire story's closing credits: "(Reporting by Jane Doe; Editing by John Roe)".
_WIRE_CREDITS = re.compile(
    r"\((?:additional[ ])?(?:reporting|writing|editing)[ ]by\b"
    r"|(?:additional[ ])?reporting[ ]by\b[^\n]{0,200}\bediting[ ]by\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"(?:By|BY)[ ]+[A-Z]")
_BYLINE_WORDS = frozenset({"and", "&", "of", "the", "de", "da", "del", "van", "von", "|", "in"})
_TIMESTAMP = re.compile(
    r"(?:last[ ])?(?:updated|published|posted)(?:\s*:|[ ](?:on|at)\b)?\s*"
    r"(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]{0,6}\.?[ ,]+\d)",
    re.IGNORECASE,
)
_TRAILING_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}$")


def find_clutter(text: str) -> tuple[Dropped, ...]:
    """Lines of page furniture that are not the story, each marked with why.

    A paragraph is one line (blank lines between paragraphs or not). Rules, first match wins:

    - ``related-link``: a line that opens as a link or call to action: ``[RELATED]``,
      ``RELATED:``, ``Read more``, ``SEE ALSO``, ``MORE:``, ``WATCH:``, ``LISTEN:``,
      ``Click here``, ``Sign up``, ``Subscribe``, ``Follow us``, ... (short lines only).
    - ``caption``: opens with ``FILE –``, ``FILE PHOTO``, ``PHOTO:``, ``(AP Photo``; or ends
      with a photo credit (``(Photo: ...)``, ``Photo by``, ``/Getty Images``, ``(REUTERS/...)``).
    - ``promo-headline``: an ALL-CAPS line (cased letters >= 80% upper) of three or more words
      with no sentence-ending period. Kept when it is the first line (the article's own
      headline), when it opens with the dateline, or when most lines are capitals anyway (an
      all-caps wire copy, where capitals say nothing).
    - ``poll``: a question after ``POLL:``/``Vote:``; a line opening ``Take our poll``,
      ``Tell us``, ...; or one short question to the reader (ends with ``?``, says *you*/*your*,
      no quotation marks, no interview label like ``Q:``) that is worded as a poll ("Do you
      agree ...", "What do you think") or is among the last three lines of the page.
    - ``advert``, ``boilerplate``, ``byline``, ``timestamp``: "Advertisement", copyright, share
      and wire-credit lines ("(Reporting by ...)"), "By Jane Doe", "Updated 3:15 p.m.".

    A line that opens with a quotation mark is someone's words and is never clutter; nor is a
    story sentence that merely ends in ``?`` ("But what happens next?").
    """
    lines = list(_lines(text))
    dateline, _, _ = find_dateline(text)
    caps_copy = _mostly_capitals(text, lines)
    dropped = []
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        if line[0] in _QUOTE_OPENERS or (dateline and dateline.start == start):
            continue
        near_end = index >= len(lines) - _END_LINES
        reason = _clutter_reason(line, headline=index == 0 or caps_copy, near_end=near_end)
        if reason:
            dropped.append(Dropped(start, end, reason))
    return tuple(dropped)


def _clutter_reason(line: str, headline: bool, near_end: bool) -> str | None:
    """Why one stripped line is clutter, or None.

    `headline` exempts the line from promo-headline; `near_end` says it is among the page's
    last lines, where a reader poll sits.
    """
    words = len(line.split())
    short = words <= _SHORT
    if short and _RELATED.match(line):
        return "related-link"
    if _is_caption(line):
        return "caption"
    if words <= 40 and _WIRE_CREDITS.match(line):
        return "boilerplate"
    if not headline and _is_promo_headline(line):
        return "promo-headline"
    if short and _is_poll(line, near_end):
        return "poll"
    return _furniture_reason(line) if words <= 12 else None


def _furniture_reason(line: str) -> str | None:
    """The small fixed furniture of a page: ads, copyright and share lines, bylines, times."""
    if _ADVERT.fullmatch(line.rstrip(" .:!-–—")):
        return "advert"
    if _BOILERPLATE.match(line) or "all rights reserved" in line.lower():
        return "boilerplate"
    if _is_byline(line):
        return "byline"
    if not line.endswith(".") and _TIMESTAMP.match(line):
        return "timestamp"
    return None


def _is_caption(line: str) -> bool:
    if _CAPTION_HEAD.match(line):
        return True
    tail = line[-_TAIL:]
    return bool(_CREDIT_TAIL.search(tail) or _PAREN_CREDIT.search(tail))


def _is_poll(line: str, near_end: bool) -> bool:
    if _POLL_LABEL.match(line):
        return line.endswith("?")
    if _POLL_HEAD.match(line) or _POLL_ANYWHERE.search(line):
        return True
    return _is_reader_question(line) and (near_end or bool(_POLL_OPENER.match(line)))


def _is_reader_question(line: str) -> bool:
    """One short question put to the reader: "Do you agree with the council's decision?".

    Not a question in an interview transcript ("Q: Do you ...?"), nor one in quotation marks.
    """
    if not line.endswith("?") or len(line) > 300 or len(line.split()) > 25:
        return False
    if _QUOTE_MARK.search(line) or _SPEAKER_LABEL.match(line):
        return False
    return bool(_YOU.search(line)) and not _several_sentences(line)


def _several_sentences(line: str) -> bool:
    """True when a sentence ends before the line does (abbreviations like "Gov." aside)."""
    for m in _SENTENCE_BREAK.finditer(line):
        word = m.group(1)
        if len(word) > 1 and word not in _ABBREVIATIONS:
            return True
    return False


def _is_promo_headline(line: str) -> bool:
    """An ALL-CAPS line of 3+ words that does not end a sentence with a period."""
    if not line[0].isalnum() or not _is_capitals(line):
        return False  # "(END VIDEO CLIP.)" is a transcript marker
    if sum(any(c.isalpha() for c in w) for w in line.split()) < 3:
        return False
    ending = line.rstrip("’”\"')")
    if ending.endswith("."):
        return bool(_TRAILING_ABBREVIATION.search(ending))  # "... LEAVE U.S." is a headline
    return True


def _is_capitals(line: str) -> bool:
    upper = sum(c.isupper() for c in line)
    lower = sum(c.islower() for c in line)
    return upper >= 4 and upper >= 0.8 * (upper + lower)


def _mostly_capitals(text: str, lines: list[tuple[int, int]]) -> bool:
    """An all-caps article (old wire copy): capitals there mark nothing, so promos can't be told."""
    caps = sum(_is_capitals(text[s:e]) for s, e in lines)
    return len(lines) >= 3 and caps * 2 > len(lines)


def _is_byline(line: str) -> bool:
    """ "By Jane Doe and John Roe, Associated Press": "By" then only names and joining words."""
    if not _BYLINE.match(line) or (line.endswith(".") and not line.endswith(("Jr.", "Sr."))):
        return False
    names = line.replace(",", " ").split()[1:]
    return all(w[0].isupper() or w.lower() in _BYLINE_WORDS for w in names)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, leading and trailing whitespace (and CR) excluded."""
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


# ---------------------------------------------------------------------------------------------
# Headline, and the article
# ---------------------------------------------------------------------------------------------


HEADLINE_MAX_WORDS = 25


def find_headline(text: str, dateline: Span | None = None) -> str | None:
    """The first line when it reads as a headline: short, not a sentence (no closing period),
    not the dateline's paragraph, and followed by more text."""
    first = next(((lo, hi) for lo, hi in _lines(text) if text[lo:hi].strip()), None)
    if first is None:
        return None
    lo, hi = first
    line = text[lo:hi].strip()
    if dateline is not None and dateline.start < hi:
        return None
    if not line or line[-1] in ".:;,…" or len(line.split()) > HEADLINE_MAX_WORDS:
        return None
    return line if text[hi:].strip() else None


def article_from_text(text: str, article_id: str, source: str = "") -> Article:
    """An article from plain text, kept verbatim; dateline and clutter are found, not removed."""
    dateline, outlet, place = find_dateline(text)
    return Article(
        id=article_id,
        text=text,
        source=source,
        title=find_headline(text, dateline),
        outlet=outlet,
        place=place,
        dateline=dateline,
        dropped=find_clutter(text),
    )
