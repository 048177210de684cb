"""What a news page says about itself, read from its markup: JSON-LD, <meta> tags, the canonical
link, the declared language and paywall markers.

trafilatura gives the story text; this module reads the few machine-readable claims a page makes
about the story (when it was published, by whom, where its canonical copy lives), because those
beat anything guessed from the prose. The page is parsed once here with lxml, and everything is
best effort: a page with broken JSON-LD still yields its <meta> tags.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

_MAX_JSONLD = 200_000  # characters of one JSON-LD block worth parsing
_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "blogposting",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "webpage",
        "report",
        "liveblogposting",
        "socialmediaposting",
    }
)
# Markers of a page that shows only the start of a story to non-subscribers.
_PAYWALL_CLASSES = ("paywall", "subscriber-only", "premium-content", "meteredcontent", "piano-")


@dataclass(frozen=True)
class PageMeta:
    """Claims a page makes about itself; lists keep document order."""

    jsonld: tuple[dict[str, Any], ...] = ()  # article-like JSON-LD objects, flattened
    meta: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lower-cased name -> values
    canonical: str | None = None
    lang: str | None = None
    paywalled: bool = False  # the page marks itself as not free to read

    def first_meta(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None


def read_page_meta(html: str) -> PageMeta:
    """Parse `html` and collect its self-description; an unparseable page gives an empty one."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return PageMeta()
    meta: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        name = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if name and content is not None:
            meta.setdefault(name.strip().lower(), []).append(content)
    for el in root.iter("time"):
        published = (
            el.get("itemprop", "").lower() == "datepublished" or el.get("pubdate") is not None
        )
        if published and el.get("datetime"):
            meta.setdefault("time-datepublished", []).append(el.get("datetime"))
    canonical = None
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            canonical = el.get("href").strip()
            break
    objects = tuple(_jsonld_objects(root))
    paywalled = any(_not_free(o) for o in objects) or _paywall_markup(root)
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    return PageMeta(
        jsonld=objects,
        meta={k: tuple(v) for k, v in meta.items()},
        canonical=canonical or None,
        lang=(lang or "").strip() or None,
        paywalled=paywalled,
    )


def _jsonld_objects(root: Any) -> Iterator[dict[str, Any]]:
    """Article-like objects from every JSON-LD block, looking inside lists and @graph."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text or len(text) > _MAX_JSONLD:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # nested past the interpreter's stack: not metadata
            continue
        yield from _article_like(data, depth=0)


def _article_like(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _article_like(item, depth + 1)
    elif isinstance(data, dict):
        types = data.get("@type", "")
        types = types if isinstance(types, list) else [types]
        if any(str(t).lower() in _ARTICLE_TYPES for t in types):
            yield data
        if "@graph" in data:
            yield from _article_like(data["@graph"], depth + 1)


def _not_free(obj: dict[str, Any]) -> bool:
    value = obj.get("isAccessibleForFree")
    return value is False or str(value).strip().lower() == "false"


def _paywall_markup(root: Any) -> bool:
    for el in root.iter("div", "section", "article"):
        classes = (el.get("class") or "").lower()
        if any(marker in classes for marker in _PAYWALL_CLASSES):
            return True
    return False


def jsonld_names(value: Any) -> list[str]:
    """Names from a JSON-LD author/publisher value: a string, an object or a list of either."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
    return [n.strip() for n in names if n and n.strip()]
