"""Expand `newsparallax ingest SOURCE...` arguments into documents, one at a time: files,
directories, globs and stdin here, each container by its own reader.

A source is a file, a directory (walked recursively, in sorted order), a glob, `-` (stdin), an
RSS/Atom feed (a file or a URL: each entry's link is fetched, `corpus.feeds`), a WARC or WARC.gz
file (HTTP response records holding HTML, as in Common Crawl's news crawl, `corpus.warc`), a
JSONL file (one article per line, `corpus.jsonl`) or a URL (`corpus.feeds`). Everything is a
generator: a 40 GB WARC or a million-line JSONL file is read one record at a time, and nothing
here holds more than one document, but for URLs: consecutive URL arguments, and the links of one
feed, are fetched a few at a time (`FetchOptions.connections`, one request per host at a time)
and yielded in their given order, so at most about twice that many pages wait in memory.

A source that cannot be read yields a `SourceError` (`corpus.items`) instead of raising, so the
run records it in the errors table and moves on; one bad line never ends a run. Every document
carries its provenance in `source`: the path, `path:LINE` for JSONL, `path@OFFSET` for a WARC
record (the byte offset of the record, where `warcio extract` finds it again), or the URL.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsparallax.corpus.feeds import fetch_urls, read_feed
from newsparallax.corpus.items import (
    ARTICLE_SUFFIXES,
    FEED_SUFFIXES,
    JSONL_SUFFIXES,
    SCHEME,
    WARC_SUFFIXES,
    Item,
    SourceError,
    SourceOptions,
    is_url,
    looks_like_feed,
)
from newsparallax.corpus.jsonl import read_jsonl
from newsparallax.corpus.warc import read_warc
from newsparallax.reading.document import Document
from newsparallax.reading.files import open_regular


def expand(sources: Iterable[str], options: SourceOptions) -> Iterator[Item]:
    """Documents (or errors) from every source argument, in argument order."""
    urls: list[str] = []
    for source in sources:
        if is_url(source):
            urls.append(source)
            continue
        yield from fetch_urls([(url, None) for url in urls], options, feed_ok=True)
        urls = []
        yield from _expand_one(source, options)
    yield from fetch_urls([(url, None) for url in urls], options, feed_ok=True)


def _expand_one(source: str, options: SourceOptions) -> Iterator[Item]:
    if source == "-":
        yield from _stdin(options)
    elif is_url(source):
        yield from fetch_urls([(source, None)], options, feed_ok=True)
    elif SCHEME.match(source) and not Path(source).exists():
        scheme = source.split("://", 1)[0]
        yield SourceError(source, "fetch", f"refused: scheme {scheme!r} is not http(s)")
    elif Path(source).is_dir():
        yield from _directory(Path(source), options)
    elif Path(source).exists():
        yield from _file(Path(source), options)
    elif glob.has_magic(source):
        matches = glob_paths(source)
        if not matches:
            yield SourceError(source, "read", "no files match this pattern")
        for path in matches:
            yield from _directory(path, options) if path.is_dir() else _file(path, options)
    else:
        yield SourceError(source, "read", "no such file or directory")


def glob_paths(pattern: str) -> list[Path]:
    """The paths `pattern` matches, sorted, as `glob.glob(pattern, recursive=True)` finds them
    (hidden names only when the pattern names them), except that `**` never goes through a
    link to a directory: glob's does, and a link back up the tree (`ln -s .. up`) makes it walk
    forever. pathlib's `**` does not follow such links."""
    parts = Path(pattern).parts
    first = next(k for k, part in enumerate(parts) if glob.has_magic(part))
    base, rest = Path(*parts[:first]) if first else Path(), Path(*parts[first:])
    dotted = any(part.startswith(".") for part in rest.parts)
    return sorted(
        path
        for path in base.glob(str(rest))
        if dotted or not any(part.startswith(".") for part in path.relative_to(base).parts)
    )


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
        yield from read_warc(path, options)
    elif name.endswith(JSONL_SUFFIXES):
        yield from read_jsonl(path, options)
    else:
        try:
            with open_regular(path) as stream:
                size = os.fstat(stream.fileno()).st_size
                data = stream.read(options.max_bytes + 1) if size <= options.max_bytes else b""
        except OSError as exc:
            yield SourceError(str(path), "read", f"cannot read: {exc.strerror or exc}")
            return
        if size > options.max_bytes or len(data) > options.max_bytes:
            yield SourceError(str(path), "size", _too_large(size, options.max_bytes))
        elif name.endswith(FEED_SUFFIXES) or looks_like_feed(data):
            yield from read_feed(str(path), data, options)
        else:
            yield Document(str(path), data, label=path.stem)


def _too_large(size: int, cap: int) -> str:
    """Why a file is refused: its size when it says it is too large, else (it grew while being
    read) the cap it went past."""
    if size > cap:
        return f"too large: {size} bytes (cap {cap}, --max-bytes)"
    return f"too large: more than {cap} bytes (--max-bytes)"


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
            paths = (p for p in glob_paths(source) if p.is_file())
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
        with open_regular(path) as stream:
            while chunk := stream.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return count + (last != b"\n")
