"""URLs and RSS/Atom feeds: pages fetched `connections` at a time (one request per host at a
time, `corpus.fetch`) and yielded in their given order, so at most about twice that many pages
wait in memory; a feed's entries' links fetched the same way, the entry's title, date and
authors going along as given metadata.
"""

from __future__ import annotations

import io
import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from newsparallax.corpus.fetch import Fetched, Fetcher, FetchError
from newsparallax.corpus.items import (
    Item,
    Seen,
    SourceError,
    SourceOptions,
    is_url,
    looks_like_feed,
    url_label,
)
from newsparallax.reading.document import Document


def fetch_urls(
    entries: Iterable[tuple[str, dict | None]], options: SourceOptions, *, feed_ok: bool
) -> Iterator[Item]:
    """Each URL's page, fetched `connections` at a time, in the order given (module docstring).
    URLs an earlier run stored are not fetched again."""
    fetcher = options.fetcher
    connections = fetcher.options.connections if fetcher is not None else 1
    pool = ThreadPoolExecutor(max(1, connections), thread_name_prefix="fetch")
    waiting: deque[tuple[str, dict | None, Future | Item]] = deque()
    try:
        for url, fields in entries:
            if options.seen_url(url):
                waiting.append((url, fields, Seen(url)))
            elif fetcher is None:
                waiting.append((url, fields, SourceError(url, "fetch", "fetching is turned off")))
            else:
                waiting.append((url, fields, pool.submit(_get, fetcher, url)))
            while len(waiting) > 2 * connections:
                yield from _page(*waiting.popleft(), options, feed_ok)
        while waiting:
            yield from _page(*waiting.popleft(), options, feed_ok)
    finally:  # a consumer that stops early does not wait for pages it will never read
        pool.shutdown(wait=True, cancel_futures=True)


def _get(fetcher: Fetcher, url: str) -> Fetched | SourceError:
    try:
        return fetcher.get(url)
    except FetchError as exc:
        return SourceError(url, "fetch", exc.reason)


def _page(
    url: str, fields: dict | None, result: Future | Item, options: SourceOptions, feed_ok: bool
) -> Iterator[Item]:
    page = result.result() if isinstance(result, Future) else result
    if not isinstance(page, Fetched):
        yield page
        return
    ctype = page.content_type.lower()
    is_feed = (
        any(t in ctype for t in ("rss", "atom"))
        or ("xml" in ctype and looks_like_feed(page.content))
        or looks_like_feed(page.content)
    )
    if is_feed and feed_ok:
        yield from read_feed(url, page.content, options)
    elif is_feed:
        yield SourceError(url, "parse", "a feed where an article was expected")
    else:
        yield Document(
            url,
            page.content,
            url=page.final_url,
            label=url_label(page.final_url),
            fields=fields or {},
        )


def read_feed(source: str, data: bytes, options: SourceOptions) -> Iterator[Item]:
    """Each entry's link, fetched; the entry's title, date and authors go along as given
    metadata. An entry with no link but full content is taken from the feed itself.
    feedparser falls back to a loose parser for broken XML, and that one meets some broken
    markup with whatever error its code hits (a KeyError for `<link</item></link`): the feed
    is then one `parse` error, like any other feed it cannot read."""
    import feedparser

    if (size := expanded_size(data)) > options.max_bytes:
        yield SourceError(
            source,
            "size",
            f"refused: the feed expands to {size} bytes, more than {options.max_bytes}"
            " (--max-bytes)",
        )
        return
    try:
        parsed = feedparser.parse(
            io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as exc:
        reason = f"feedparser failed: {type(exc).__name__} {exc}"
        yield SourceError(source, "parse", f"not a usable RSS/Atom feed ({reason})")
        return
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no entries")
        yield SourceError(source, "parse", f"not a usable RSS/Atom feed ({reason})")
        return
    links: list[tuple[str, dict | None]] = []
    for number, entry in enumerate(parsed.entries, 1):
        fields = _entry_fields(entry)
        link = entry.get("link")
        if link and is_url(link):
            links.append((link, fields))
            continue
        yield from fetch_urls(links, options, feed_ok=False)
        links = []
        content = entry.get("content") or []
        html = content[0].get("value") if content else None
        if html:
            yield Document(
                f"{source}#{number}",
                html.encode("utf-8"),
                kind="html",
                label=f"entry-{number}",
                fields=fields,
            )
        else:
            yield SourceError(f"{source}#{number}", "parse", "feed entry has no link or content")
    yield from fetch_urls(links, options, feed_ok=False)


_REFERENCE = re.compile(rb"&(\w+);")


def expanded_size(data: bytes) -> int:
    """The size of a feed once feedparser has replaced its entity references. feedparser keeps
    the entities a feed declares in its DOCTYPE if they hold plain text, and its loose parser,
    the fallback for a feed XML's own parser refuses, expands them with no limit: a 13 KB feed
    declaring a 10 KB entity and citing it a thousand times becomes 10 MB (a few hundred KB
    become gigabytes). Counted here, in one pass, before feedparser sees the feed."""
    from feedparser.sanitizer import replace_doctype

    _, stripped, entities = replace_doctype(data)
    if not entities:
        return len(data)
    grows = {name.encode(): len(value.encode()) - len(name) - 2 for name, value in entities.items()}
    return len(stripped) + sum(grows.get(m[1], 0) for m in _REFERENCE.finditer(stripped))


def _entry_fields(entry: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if entry.get("title"):
        fields["feed_title"] = entry["title"]
    if entry.get("published") or entry.get("updated"):
        fields["feed_date"] = entry.get("published") or entry.get("updated")
    names = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
    if names:
        fields["feed_authors"] = names
    return fields
