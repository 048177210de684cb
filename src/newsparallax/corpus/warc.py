"""WARC and WARC.gz files (as in Common Crawl's news crawl): the HTTP 200 response records that
hold HTML, each a document with provenance `path@OFFSET` (the byte offset of the record, where
`warcio extract` finds it again), read one record at a time; a big file can be read as byte
ranges by several workers at once (`warc_range`), each record by exactly one of them.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsparallax.corpus.items import Item, SourceError, SourceOptions, url_label
from newsparallax.limits import Inflation, TooCompressed
from newsparallax.reading.document import Document

BOUNDARY_CHUNK = 1 << 20  # bytes searched at a time for a WARC record's start


def warc_range(path: Path, start: int, end: int, options: SourceOptions) -> Iterator[Item]:
    """The documents of the WARC records that begin at a byte offset in [start, end): a big
    WARC file cut into byte ranges is read by several workers at once, each record by exactly
    one of them, with the same provenance (`path@OFFSET`) as when the file is read whole. A range
    begins at the first record boundary at or after `start` (`record_boundary`)."""
    yield from read_warc(path, options, start, end)


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


def read_warc(
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
                yield Document(source, data, kind="html", url=url, label=url_label(url))
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
