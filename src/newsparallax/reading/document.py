"""One corpus document (bytes from a file, a WARC record, a JSONL line, a URL) → one article with
everything the corpus stores about it: text and clutter (`reading.text`, `reading.html`), title,
a clean author list, the publication date with its source and confidence (`reading.dates`),
outlet, language, URL and canonical URL, a truncated-teaser flag and the MinHash signature for
near-duplicate search (`reading.fingerprint`).

This is the work a corpus worker does, so it is a pure function of the document: no store, no
network. The bytes are decoded leniently (`reading.decode`: nobody is there to name an encoding).
It raises `InputError` with a one-line reason for a document that holds no article.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsparallax.limits import MAX_DEPTH, html_too_deep
from newsparallax.model import Article, InputError
from newsparallax.reading import fingerprint
from newsparallax.reading.dates import Published, find_published
from newsparallax.reading.decode import declared_charset, decode
from newsparallax.reading.html import article_from_html, split_authors
from newsparallax.reading.pagemeta import PageMeta, jsonld_names, read_page_meta
from newsparallax.reading.text import article_from_text

_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_LANGUAGE_SAMPLE = 3000  # characters of text enough to tell the language
# A page cut short for non-subscribers: an ellipsis ending, or an invitation to pay to read on.
_TEASER_END = re.compile(r"(?:\.\.\.|…|\[\.\.\.\]|\[…\])\s*$")
_PAYWALL_PROMPT = re.compile(
    r"(?:subscribe|sign[ ]in|log[ ]in|register|become[ ]a[ ](?:member|subscriber))"
    r"[^\n]{0,60}(?:to[ ](?:continue[ ]reading|read[ ](?:the[ ])?(?:full|rest|more|this))"
    r"|for[ ](?:full|unlimited)[ ]access)"
    r"|(?:this|the[ ]rest[ ]of[ ]this)[ ](?:article|story|content)[ ]is[ ](?:for|available[ ]to"
    r"|reserved[ ]for|only[ ]available[ ]to)[ ](?:our[ ])?(?:subscribers|members)",
    re.IGNORECASE,
)
_TEASER_WORDS = 400  # an ellipsis ending on a longer text is a style, not a cut
MIN_WORDS = 15  # what trafilatura finds on a page with no story: a menu, a cookie notice
_EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


@dataclass(frozen=True)
class Document:
    """Raw bytes of one article as found, with its provenance and any metadata given with it."""

    source: str
    content: bytes
    kind: str = "auto"  # auto (sniffed) | html | text
    url: str | None = None
    label: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # metadata given by a JSONL line or feed


@dataclass(frozen=True)
class CorpusArticle:
    """An article as stored by `newsparallax ingest`, with its provenance."""

    article: Article  # text, dropped spans, title, authors, date, outlet, raw bytes
    source: str
    raw_sha: str  # sha256 of the bytes as read: the resume key with `source`
    url: str | None
    canonical_url: str | None
    language: str | None
    published: Published | None
    truncated: bool
    signature: bytes  # MinHash, see fingerprint.signature


def raw_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(document: Document, *, max_depth: int = MAX_DEPTH) -> CorpusArticle:
    """Extract the article in `document`; InputError (naming the source) when there is none,
    or when its HTML is nested deeper than `max_depth` (the parser would drop the rest)."""
    source = document.source
    raw = document.content
    if not raw.strip():
        raise InputError(source, "empty document")
    is_html = document.kind == "html" or (document.kind == "auto" and _looks_html(raw))
    text = decode(raw, source, strict=False, declared=declared_charset(raw) if is_html else None)
    if not any(c.isalnum() for c in text):
        raise InputError(source, "no letters or digits in the document")
    fields = document.fields
    label = document.label or "article"
    meta: PageMeta | None = None
    if is_html:
        too_deep = html_too_deep(text, max_depth)
        if too_deep:
            raise InputError(source, too_deep)
        article = article_from_html(text, label, source)
        meta = read_page_meta(text)
    else:
        article = article_from_text(text, label, source)
    words = len(article.text.split())
    if is_html and words < MIN_WORDS:
        raise InputError(source, f"no article text found in the HTML page (only {words} words)")
    url = fields.get("url") or document.url
    canonical = _canonical(meta, url)
    published = find_published(
        meta, url or canonical, article.text, given=fields.get("date"), feed=fields.get("feed_date")
    )
    article = dataclasses.replace(
        article,
        title=_str(fields.get("title")) or article.title or _str(fields.get("feed_title")),
        authors=_authors(fields, meta, article.authors),
        date=published.value if published else article.date,
        outlet=_str(fields.get("outlet")) or _outlet(meta, article.outlet, canonical or url),
        raw=raw,
    )
    return CorpusArticle(
        article=article,
        source=source,
        raw_sha=raw_hash(raw),
        url=url,
        canonical_url=canonical,
        language=_str(fields.get("language")) or detect_language(article.text, meta),
        published=published,
        truncated=is_truncated(article.text, meta),
        signature=fingerprint.signature(fingerprint.story_text(article)),
    )


def _looks_html(raw: bytes) -> bool:
    head = raw[:2048].removeprefix(codecs.BOM_UTF8)
    return bool(_HTML_START.match(head)) or b"<p>" in head.lower() or b"<div" in head.lower()


# ---------------------------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------------------------


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _canonical(meta: PageMeta | None, url: str | None) -> str | None:
    """rel=canonical, else og:url, resolved against the page URL; http(s) only, no fragment."""
    for candidate in (
        meta.canonical if meta else None,
        meta.first_meta("og:url") if meta else None,
    ):
        if candidate:
            try:
                absolute = urljoin(url or "", candidate).split("#", 1)[0]
            except ValueError:  # "https://a[b/": an unclosed IPv6 bracket
                continue
            if absolute.lower().startswith(("http://", "https://")):
                return absolute
    return url.split("#", 1)[0] if url else None


def _authors(
    fields: dict[str, Any], meta: PageMeta | None, found: tuple[str, ...]
) -> tuple[str, ...]:
    """Given authors, else JSON-LD's, else the byline trafilatura found, else the feed's;
    cleaned: no "By", no e-mail addresses or URLs, no duplicates, ALL-CAPS names in title case."""
    given = fields.get("authors")
    names: list[str] = []
    if isinstance(given, list):
        names = [n for n in given if isinstance(n, str)]
    elif isinstance(given, str):
        names = list(split_authors(given))
    if not names and meta:
        for obj in meta.jsonld:
            names = [n for raw in jsonld_names(obj.get("author")) for n in split_authors(raw)]
            if names:
                break
    if not names:
        names = list(found) or list(fields.get("feed_authors") or [])
    return clean_authors(names)


def clean_authors(names: list[str]) -> tuple[str, ...]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = _EMAIL_OR_URL.sub("", raw)
        name = re.sub(r"^\s*by\s+", "", name, flags=re.IGNORECASE).strip(" \t,;|-–—.")
        name = re.sub(r"\s+", " ", name)
        if not name or any(c.isdigit() for c in name) or len(name) > 80:
            continue
        if name.isupper() and len(name) > 3:
            name = name.title()
        if name.lower() not in seen:
            seen.add(name.lower())
            cleaned.append(name)
    return tuple(cleaned)


def _outlet(meta: PageMeta | None, found: str | None, url: str | None) -> str | None:
    if meta:
        for obj in meta.jsonld:
            names = jsonld_names(obj.get("publisher"))
            if names:
                return names[0]
        site = meta.first_meta("og:site_name", "application-name")
        if site:
            return site
    if found:
        return found
    host = _host(url) if url else None
    return host.removeprefix("www.") if host else None


def _host(url: str) -> str | None:
    """The URL's host; None for one that cannot be split (an unclosed IPv6 bracket): a URL is
    given data in a JSONL line or a page, not something we checked."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def detect_language(text: str, meta: PageMeta | None = None) -> str | None:
    """ISO 639-1 code from the text (py3langid, offline); a short text defers to the page's
    declared `lang`."""
    sample = text[:_LANGUAGE_SAMPLE]
    declared = meta.lang.split("-")[0].lower() if meta and meta.lang else None
    if len(sample.split()) < 20 and declared:
        return declared
    if not sample.strip():
        return declared
    import py3langid

    code, _ = py3langid.classify(sample)
    return code


def is_truncated(text: str, meta: PageMeta | None) -> bool:
    """A teaser: the page says it is not free to read, it asks the reader to subscribe to read
    on, or a short text ends in an ellipsis."""
    if meta and meta.paywalled:
        return True
    tail = text[-400:]
    if _PAYWALL_PROMPT.search(tail):
        return True
    return bool(_TEASER_END.search(text)) and len(text.split()) < _TEASER_WORDS
