"""Expand `newsparallax ingest SOURCE...` arguments into documents, one at a time.

A source is a file, a directory (walked recursively, in sorted order), a glob, `-` (stdin), an
RSS/Atom feed (a file or a URL: each entry's link is fetched), a WARC or WARC.gz file (HTTP
response records holding HTML, as in Common Crawl's news crawl), a JSONL file (one article per
line, see `JSONL_FIELDS`) or a URL. Everything is a generator: a 40 GB WARC or a million-line
JSONL file is read one record at a time, and nothing here holds more than one document, but for
URLs: consecutive URL arguments, and the links of one feed, are fetched a few at a time
(`FetchOptions.connections`, one request per host at a time) and yielded in their given order,
so at most about twice that many pages wait in memory.

A source that cannot be read yields a `SourceError` instead of raising, so the batch records it
in the errors table and moves on; one bad line never ends a run. Every document carries its
provenance in `source`: the path, `path:LINE` for JSONL, `path@OFFSET` for a WARC record (the
byte offset of the record, where `warcio extract` finds it again), or the URL.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from newsparallax.fetch import Fetched, Fetcher, FetchError
from newsparallax.limits import MAX_BYTES, MAX_RATIO, MAX_WARC_RECORDS, Inflation, TooCompressed
from newsparallax.reading.document import Document

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".shtml")
_FEED_SNIFF = (b"<rss", b"<feed", b"<rdf:rdf")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
BOUNDARY_CHUNK = 1 << 20  # bytes searched at a time for a WARC record's start

# One article per JSONL line. `text` or `html` is required; the rest override what is read from
# the page (a supplied date is stored with date_source "given").
JSONL_FIELDS = {
    "text": "the article's plain text (or give `html`)",
    "html": "the page's HTML (or give `text`)",
    "url": "where the article was published",
    "title": "headline",
    "authors": "a list of names, or one string such as 'By A and B'",
    "date": "publication date, ISO-8601 (also read from `published`)",
    "outlet": "publication name",
    "language": "ISO 639-1 code; detected from the text when absent",
    "id": "a label for the article (default: FILE-LINE)",
}


@dataclass(frozen=True)
class SourceError:
    """A source, or one record of it, that could not be read."""

    source: str
    stage: str  # read | fetch | parse | size
    reason: str


@dataclass(frozen=True)
class Seen:
    """A URL already stored by an earlier run: not fetched again."""

    source: str


Item = Document | SourceError | Seen


@dataclass
class SourceOptions:
    """What expansion needs from the run: its caps (see `limits`), a fetcher, stdin, a resume
    check."""

    max_bytes: int = MAX_BYTES
    max_ratio: float = MAX_RATIO  # of a .gz file's decompressed to compressed size
    max_warc_records: int = MAX_WARC_RECORDS
    fetcher: Fetcher | None = None
    stdin: BinaryIO | None = None
    seen_url: Callable[[str], bool] = lambda url: False
    exclude: frozenset[str] = frozenset()  # real paths never to read (the store's own files)


def expand(sources: Iterable[str], options: SourceOptions) -> Iterator[Item]:
    """Documents (or errors) from every source argument, in argument order."""
    urls: list[str] = []
    for source in sources:
        if is_url(source):
            urls.append(source)
            continue
        yield from _urls([(url, None) for url in urls], options, feed_ok=True)
        urls = []
        yield from _expand_one(source, options)
    yield from _urls([(url, None) for url in urls], options, feed_ok=True)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _expand_one(source: str, options: SourceOptions) -> Iterator[Item]:
    if source == "-":
        yield from _stdin(options)
    elif is_url(source):
        yield from _urls([(source, None)], options, feed_ok=True)
    elif _SCHEME.match(source) and not Path(source).exists():
        scheme = source.split("://", 1)[0]
        yield SourceError(source, "fetch", f"refused: scheme {scheme!r} is not http(s)")
    elif Path(source).is_dir():
        yield from _directory(Path(source), options)
    elif Path(source).exists():
        yield from _file(Path(source), options)
    elif glob.has_magic(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            yield SourceError(source, "read", "no files match this pattern")
        for match in matches:
            path = Path(match)
            yield from _directory(path, options) if path.is_dir() else _file(path, options)
    else:
        yield SourceError(source, "read", "no such file or directory")


def _stdin(options: SourceOptions) -> Iterator[Item]:
    stream = options.stdin or sys.stdin.buffer
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield SourceError(
            "-", "size", f"too large: more than {options.max_bytes} bytes on stdin (--max-bytes)"
        )
    elif data:
        yield Document("-", data, label="stdin")
    else:
        yield SourceError("-", "read", "stdin is empty")


def _directory(root: Path, options: SourceOptions) -> Iterator[Item]:
    for path in article_files(root):
        yield from _file(path, options)


def article_files(root: Path) -> Iterator[Path]:
    """Every article file below `root`, sorted, skipping hidden files and directories and
    files that cannot hold articles (code, images, a README): a file named on the command line
    is always read, whatever its name."""
    for directory, dirs, files in os.walk(root, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and is_article_file(name):
                yield Path(directory) / name


def is_article_file(name: str) -> bool:
    name = name.lower()
    return name.endswith(ARTICLE_SUFFIXES + WARC_SUFFIXES + JSONL_SUFFIXES + FEED_SUFFIXES)


def _file(path: Path, options: SourceOptions) -> Iterator[Item]:
    if options.exclude and os.path.realpath(path) in options.exclude:
        return
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        yield from _warc(path, options)
    elif name.endswith(JSONL_SUFFIXES):
        yield from _jsonl(path, options)
    else:
        try:
            size = path.stat().st_size
            if size > options.max_bytes:
                yield SourceError(
                    str(path),
                    "size",
                    f"too large: {size} bytes (cap {options.max_bytes}, --max-bytes)",
                )
                return
            data = path.read_bytes()
        except OSError as exc:
            yield SourceError(str(path), "read", f"cannot read: {exc.strerror or exc}")
            return
        if name.endswith(FEED_SUFFIXES) or _looks_like_feed(data):
            yield from _feed(str(path), data, options)
        else:
            yield Document(str(path), data, label=path.stem)


def _looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
    while head.startswith(b"<!--") and b"-->" in head:
        head = head[head.find(b"-->") + 3 :].lstrip()
    return head.startswith(_FEED_SNIFF)


# ---------------------------------------------------------------------------------------------
# WARC
# ---------------------------------------------------------------------------------------------


def warc_range(path: Path, start: int, end: int, options: SourceOptions) -> Iterator[Item]:
    """The documents of the WARC records that begin at a byte offset in [start, end): a big
    WARC file cut into byte ranges is read by several workers at once, each record by exactly
    one of them, with the same provenance (`path@OFFSET`) as when the file is read whole. A range
    begins at the first record boundary at or after `start` (`record_boundary`)."""
    yield from _warc(path, options, start, end)


def record_boundary(stream: BinaryIO, start: int, gzipped: bool) -> int | None:
    """The offset of the first WARC record at or after `start`: the first gzip member there
    that inflates to a WARC header (records are gzipped one by one), or, uncompressed, the first
    `WARC/1.` line that follows a record's blank-line end. None when there is none."""
    if start == 0:
        return 0
    marker = b"\x1f\x8b\x08" if gzipped else b"\r\n\r\nWARC/1."
    skip = 0 if gzipped else 4  # the blank line ending the record before
    at = max(0, start - skip)
    while True:
        stream.seek(at)
        chunk = stream.read(BOUNDARY_CHUNK + len(marker))
        if len(chunk) < len(marker):
            return None
        found = chunk.find(marker)
        if found < 0:
            at += BOUNDARY_CHUNK
            continue
        candidate = at + found + skip
        if not gzipped or _inflates_to_warc(stream, candidate):
            return candidate
        at = at + found + 1


def _inflates_to_warc(stream: BinaryIO, offset: int) -> bool:
    stream.seek(offset)
    try:
        head = zlib.decompressobj(31).decompress(stream.read(512), 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def _warc(
    path: Path, options: SourceOptions, start: int = 0, end: int | None = None
) -> Iterator[Item]:
    """HTTP 200 response records whose payload is HTML; other records (requests, metadata,
    images, robots.txt) are not articles and are passed over silently. A gzip bomb or a file
    (or range) of more than `max_warc_records` records ends the file with an error: what came
    before is kept, the rest is not read."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        stream = path.open("rb")
    except OSError as exc:
        yield SourceError(str(path), "read", f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        gzipped = path.name.lower().endswith(".gz")
        first = record_boundary(stream, start, gzipped)
        # Stop where the next range starts, found the same way, so that no record is read twice
        # or lost; a file gzipped as one stream has no boundary after 0 and is read whole.
        stop = record_boundary(stream, end, gzipped) if end is not None else None
        if first is None or (stop is not None and first >= stop):
            return
        stream.seek(first)
        metered = _Metered(stream, Inflation(options.max_ratio))
        records = ArchiveIterator(metered)
        metered.decoded = lambda: records.reader.tell() if records.reader else 0
        try:
            for count, record in enumerate(_parsed(records), 1):
                if stop is not None and records.offset >= stop:
                    return  # the next range's first record
                if count > options.max_warc_records:
                    yield SourceError(
                        str(path),
                        "size",
                        f"stopped: more than {options.max_warc_records} records in the file"
                        " (--max-warc-records); the rest is not read",
                    )
                    return
                metered.next_record()
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if status != "200" or not ("html" in ctype or not ctype):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                try:
                    data = record.content_stream().read(options.max_bytes + 1)
                    problem = None
                except TooCompressed:
                    raise
                except Exception as exc:  # a corrupt record body: gzip, chunking
                    data, problem = b"", f"corrupt WARC record ({exc})"
                # The offset is known once the record is read to its end (warcio reads ahead).
                source = f"{path}@{records.get_record_offset()}"
                if problem:
                    yield SourceError(source, "read", problem)
                    continue
                if len(data) > options.max_bytes:
                    yield SourceError(
                        source,
                        "size",
                        f"too large: more than {options.max_bytes} bytes (--max-bytes)",
                    )
                    continue
                yield Document(source, data, kind="html", url=url, label=_url_label(url))
        except TooCompressed as exc:
            yield SourceError(f"{path}@{records.offset}", "size", str(exc))
        except ArchiveLoadFailed as exc:
            yield SourceError(str(path), "parse", f"not a readable WARC file ({exc})")
        except (OSError, EOFError) as exc:
            yield SourceError(str(path), "read", f"WARC read failed ({exc})")


def _parsed(records: Iterable[Any]) -> Iterator[Any]:
    """warcio's records. Its parser meets a malformed header with whatever error its own code
    runs into (an AttributeError for a response with no target URI, a ValueError for a bad
    length): each is turned into the ArchiveLoadFailed it stands for, so the file gets one
    error and the run goes on. Read errors and the gzip-bomb stop pass through as they are."""
    from warcio.exceptions import ArchiveLoadFailed

    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except (ArchiveLoadFailed, TooCompressed, OSError, EOFError):
            raise
        except Exception as exc:
            raise ArchiveLoadFailed(f"{type(exc).__name__}: {exc}") from exc
        yield record


class _Metered:
    """A compressed WARC file whose every read, and every record, first checks how far warcio's
    decompression has inflated (`decoded`, set once the reader exists): a gzip bomb stops
    within one block of the cap instead of being inflated to its end. warcio inflates a record's
    gzip member as soon as it parses the record's headers, often with no read in between,
    hence the check at each record. Only what warcio calls of a file is here."""

    def __init__(self, stream: BinaryIO, inflation: Inflation):
        self.stream = stream
        self.inflation = inflation
        self.decoded: Callable[[], int] = lambda: 0

    def read(self, size: int = -1) -> bytes:
        self.inflation.check(self.decoded(), self.stream.tell())
        return self.stream.read(size)

    def tell(self) -> int:
        return self.stream.tell()

    def next_record(self) -> None:
        """A record begins: check what was inflated since the last one, then judge from here."""
        self.inflation.check(self.decoded(), self.stream.tell())
        self.inflation.mark(self.decoded(), self.stream.tell())


# ---------------------------------------------------------------------------------------------
# JSONL
# ---------------------------------------------------------------------------------------------


def _jsonl(path: Path, options: SourceOptions) -> Iterator[Item]:
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield SourceError(str(path), "read", f"cannot read: {exc.strerror or exc}")
        return
    with raw:
        gzipped = path.name.lower().endswith(".gz")
        stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
        inflation = Inflation(options.max_ratio)  # each line read is bounded: check after it
        number = decoded = 0
        try:
            while line := stream.readline(options.max_bytes + 2):
                number += 1
                decoded += len(line)
                inflation.check(decoded, raw.tell())
                if len(line) > options.max_bytes:
                    yield SourceError(
                        f"{path}:{number}",
                        "size",
                        f"too large: line longer than {options.max_bytes} bytes (--max-bytes)",
                    )
                    while line and not line.endswith(b"\n"):  # skip the rest of the long line
                        line = stream.readline(options.max_bytes)
                        decoded += len(line)
                        inflation.check(decoded, raw.tell())
                elif line.strip():
                    yield _jsonl_document(f"{path}:{number}", line, f"{path.stem}-{number}")
                inflation.mark(decoded, raw.tell())
        except TooCompressed as exc:
            yield SourceError(f"{path}:{number}", "size", str(exc))
        except (OSError, EOFError) as exc:
            yield SourceError(str(path), "read", f"read failed after line {number} ({exc})")


def _jsonl_document(source: str, line: bytes, label: str) -> Item:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return SourceError(source, "parse", f"not a JSON object ({exc})")
    except RecursionError:
        return SourceError(source, "parse", "not a JSON object (nested too deeply)")
    if not isinstance(obj, dict):
        return SourceError(source, "parse", "not a JSON object")
    obj = {key: _unicode(value) for key, value in obj.items()}
    html, text = obj.get("html"), obj.get("text")
    body, kind = (html, "html") if isinstance(html, str) and html.strip() else (text, "text")
    if not isinstance(body, str) or not body.strip():
        return SourceError(source, "parse", "no `text` or `html` field")
    fields = {
        k: obj[k]
        for k in ("title", "authors", "outlet", "language")
        if isinstance(obj.get(k), str | list)
    }
    date = obj.get("date") or obj.get("published")
    if isinstance(date, str):
        fields["date"] = date
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    label = str(obj["id"]) if isinstance(obj.get("id"), str | int) else label
    return Document(source, body.encode("utf-8"), kind=kind, url=url, label=label, fields=fields)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode(value: Any) -> Any:
    """A JSON string (or list of them) as text that UTF-8 and SQLite can hold: JSON can escape a
    lone surrogate ("\\ud83d", half of an emoji cut off), which becomes U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_unicode(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# URLs and feeds
# ---------------------------------------------------------------------------------------------


def _urls(
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
        or ("xml" in ctype and _looks_like_feed(page.content))
        or _looks_like_feed(page.content)
    )
    if is_feed and feed_ok:
        yield from _feed(url, page.content, options)
    elif is_feed:
        yield SourceError(url, "parse", "a feed where an article was expected")
    else:
        yield Document(
            url,
            page.content,
            url=page.final_url,
            label=_url_label(page.final_url),
            fields=fields or {},
        )


def _feed(source: str, data: bytes, options: SourceOptions) -> Iterator[Item]:
    """Each entry's link, fetched; the entry's title, date and authors go along as given
    metadata. An entry with no link but full content is taken from the feed itself.
    feedparser falls back to a loose parser for broken XML, and that one meets some broken
    markup with whatever error its code hits (a KeyError for `<link</item></link`): the feed
    is then one `parse` error, like any other feed it cannot read."""
    import feedparser

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
        yield from _urls(links, options, feed_ok=False)
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
    yield from _urls(links, options, feed_ok=False)


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


def _url_label(url: str | None) -> str:
    if not url:
        return "page"
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    tail = path.rsplit("/", 1)[-1]
    if "://" in path and path.count("/") <= 2:
        tail = path.split("://", 1)[1]
    return tail.rsplit(".", 1)[0] if "." in tail and tail.count(".") == 1 else tail or "page"


def estimate(sources: Iterable[str]) -> int | None:
    """How many documents the sources hold, when that is cheap to know (files, directories,
    globs, JSONL line counts); None when any source is a URL, a feed, a WARC or stdin."""
    total = 0
    for source in sources:
        if source == "-" or is_url(source):
            return None
        path = Path(source)
        if path.is_dir():
            paths: Iterable[Path] = (
                Path(d) / name
                for d, dirs, files in os.walk(path)
                for name in files
                if not name.startswith(".")
                and is_article_file(name)
                and not any(p.startswith(".") for p in Path(d).parts)
            )
        elif path.exists():
            paths = [path]
        elif glob.has_magic(source):
            paths = (Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())
        else:
            total += 1  # an error line
            continue
        for p in paths:
            name = p.name.lower()
            if name.endswith(WARC_SUFFIXES) or name.endswith(FEED_SUFFIXES):
                return None
            if name.endswith(JSONL_SUFFIXES):
                if name.endswith(".gz"):
                    return None
                total += _count_lines(p)
            else:
                total += 1
    return total


def _count_lines(path: Path) -> int:
    count, last = 0, b"\n"
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return count + (last != b"\n")
