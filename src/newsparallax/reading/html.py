"""An HTML page into an `Article`: its headline and trafilatura's main text (one paragraph a
line), its metadata, and the plain-text rules (`reading.text`) run on the text: dateline and
clutter."""

from __future__ import annotations

import re

import trafilatura

from newsparallax.model import Article, InputError
from newsparallax.reading.text import find_clutter, find_dateline


def article_from_html(html: str | bytes, article_id: str, source: str = "") -> Article:
    """An article from a web page: trafilatura's main text (one paragraph a line) and metadata.

    The page's site name is the outlet when it has one; otherwise the dateline's outlet.
    Raises InputError when the page holds no article text (an index page, a bare shell).
    """
    doc = _extract(html)
    if doc is None or not (doc.text or "").strip():
        raise InputError(source or article_id, "no article text found in the HTML page")
    title = _clean(doc.title)
    text = with_headline(title, doc.text)
    dateline, outlet, place = find_dateline(text)
    return Article(
        id=article_id,
        text=text,
        source=source,
        title=title,
        authors=split_authors(doc.author),
        date=_clean(doc.date),
        outlet=_clean(doc.sitename) or outlet,
        place=place,
        dateline=dateline,
        dropped=find_clutter(text),
    )


def with_headline(title: str | None, body: str) -> str:
    """The text as a reader sees the page: the headline, a blank line, the body (unless the body
    already opens with the headline). A headline's quotes are quotes too ("'Nobody wins a price
    war': Ortiz says ..."), and only a headline that is part of the text can carry offsets."""
    if not title:
        return body
    first = body.lstrip().split("\n", 1)[0]
    if " ".join(first.split()) == " ".join(title.split()):
        return body
    return title + "\n\n" + body


def _extract(html: str | bytes) -> trafilatura.settings.Document | None:
    """trafilatura's main-content extraction, comments and tables left out (not the story)."""
    if not html.strip():
        return None
    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
        )
    except (ValueError, TypeError):  # trafilatura rejects some malformed documents this way
        return None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


_AUTHOR_SPLIT = re.compile(r"\s*(?:[;,|&]|\band\b)\s*", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^by\s+", re.IGNORECASE)


def split_authors(value: str | None) -> tuple[str, ...]:
    """ "By A, B and C" / "A; B" -> ("A", "B", "C"): a clean tuple, duplicates dropped."""
    names: list[str] = []
    for part in _AUTHOR_SPLIT.split(value or ""):
        name = _BY_PREFIX.sub("", part).strip(" .\t")
        if name and name not in names:
            names.append(name)
    return tuple(names)
