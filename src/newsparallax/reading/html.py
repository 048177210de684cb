"""An HTML page into an `Article`: trafilatura's main text (one paragraph a line) and its
metadata, with the plain-text rules (`reading.text`) run on the text: dateline and clutter."""

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
    text = doc.text
    dateline, outlet, place = find_dateline(text)
    return Article(
        id=article_id,
        text=text,
        source=source,
        title=_clean(doc.title),
        authors=split_authors(doc.author),
        date=_clean(doc.date),
        outlet=_clean(doc.sitename) or outlet,
        place=place,
        dateline=dateline,
        dropped=find_clutter(text),
    )


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
