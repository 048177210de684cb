"""What reading a corpus source yields, item by item: a `Document` (raw bytes with provenance,
`reading.document`), a `SourceError` (a source, or one record of it, that could not be read:
the run records it and goes on) or `Seen` (a URL an earlier run stored: not fetched again); the
caps and hooks every container reader takes (`SourceOptions`), and what tells containers apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from newsparallax.corpus.fetch import Fetcher
from newsparallax.limits import MAX_BYTES, MAX_RATIO, MAX_WARC_RECORDS
from newsparallax.reading.document import Document

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
ARTICLE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".shtml")
_FEED_SNIFF = (b"<rss", b"<feed", b"<rdf:rdf")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


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


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
    while head.startswith(b"<!--") and b"-->" in head:
        head = head[head.find(b"-->") + 3 :].lstrip()
    return head.startswith(_FEED_SNIFF)


def url_label(url: str | None) -> str:
    if not url:
        return "page"
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    tail = path.rsplit("/", 1)[-1]
    if "://" in path and path.count("/") <= 2:
        tail = path.split("://", 1)[1]
    return tail.rsplit(".", 1)[0] if "." in tail and tail.count(".") == 1 else tail or "page"
