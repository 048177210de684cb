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

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.utils import BUFF_SIZE

from newsparallax.corpus.items import Item, SourceError, SourceOptions, url_label
from newsparallax.limits import MAX_HEADER_BYTES, Inflation, TooCompressed
from newsparallax.reading.document import Document
from newsparallax.reading.files import open_regular

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
    images, robots.txt) are not articles and are passed over silently. A record whose headers
    run past MAX_HEADER_BYTES is an error and reading goes on at the next record; a gzip bomb or
    a file (or range) of more than `max_warc_records` records ends the file with an error: what
    came before is kept, the rest is not read."""
    from warcio.exceptions import ArchiveLoadFailed

    try:
        stream = open_regular(path)
    except OSError as exc:
        yield SourceError(str(path), "read", f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        gzipped = path.name.lower().endswith(".gz")
        at = record_boundary(stream, start, gzipped)
        # Stop where the next range starts, found the same way, so that no record is read twice
        # or lost; a file gzipped as one stream has no boundary after 0 and is read whole.
        stop = record_boundary(stream, end, gzipped) if end is not None else None
        reading = _Reading(path, options, stop)
        try:
            while at is not None and (stop is None or at < stop):
                yield from reading.records_from(stream, at)
                at = reading.resume_at(stream, gzipped)
        except TooCompressed as exc:
            yield SourceError(f"{path}@{reading.offset}", "size", str(exc))
        except TooManyRecords:
            yield SourceError(
                str(path),
                "size",
                f"stopped: more than {options.max_warc_records} records in the file"
                " (--max-warc-records); the rest is not read",
            )
        except ArchiveLoadFailed as exc:
            yield SourceError(str(path), "parse", f"not a readable WARC file ({exc})")
        except (OSError, EOFError) as exc:
            yield SourceError(str(path), "read", f"WARC read failed ({exc})")


class TooManyRecords(Exception):
    """More records than `--max-warc-records`: the rest of the file is not read."""


class HeadersTooLong(Exception):
    """A record whose header lines run past MAX_HEADER_BYTES: it is skipped."""


class _Reading:
    """One WARC file (or range) read record by record, the record count and the inflation
    measured across every restart after a record with headers too long."""

    def __init__(self, path: Path, options: SourceOptions, stop: int | None):
        self.path = path
        self.options = options
        self.stop = stop
        self.count = 0
        self.offset = 0  # where the record being read begins
        self.inflation = Inflation(options.max_ratio)
        self.decoded_before = 0  # bytes inflated by the readers of earlier restarts
        self.refused_at: int | None = None

    def records_from(self, stream: BinaryIO, at: int) -> Iterator[Item]:
        """The documents of the records from offset `at` on; stops at a record whose headers
        are too long, noting where (`resume_at`)."""
        stream.seek(at)
        self.offset, self.refused_at = at, None
        metered = _Metered(stream, self.inflation)
        records = _CappedArchive(metered)
        before = self.decoded_before
        metered.decoded = lambda: before + (records.reader.tell() if records.reader else 0)
        path, options = self.path, self.options
        try:
            for record in _parsed(records):
                self.offset = records.offset
                if self.stop is not None and records.offset >= self.stop:
                    return  # the next range's first record
                self.count += 1
                if self.count > options.max_warc_records:
                    raise TooManyRecords
                metered.next_record()
                records.reader.new_record()
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
                source = f"{path}@{self.offset}"
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
        except TooCompressed:
            self.offset = records.offset  # the record being inflated
            raise
        except HeadersTooLong:
            # Past a record already read, warcio was on the lines after it (`records.offset`
            # still names that record) or on the next record's headers (it names that one).
            after = records.record is not None and records.offset <= self.offset
            self.refused_at = metered.tell() if after else records.offset
            yield SourceError(
                f"{path}@{self.refused_at}",
                "size",
                f"refused: WARC record headers longer than {MAX_HEADER_BYTES} bytes;"
                " reading goes on at the next record",
            )
        finally:
            self.decoded_before = metered.decoded()

    def resume_at(self, stream: BinaryIO, gzipped: bool) -> int | None:
        """Where reading goes on: the record after the one refused, else nowhere."""
        if self.refused_at is None:
            return None
        return record_boundary(stream, self.refused_at + 1, gzipped)


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
        except (ArchiveLoadFailed, TooCompressed, HeadersTooLong, OSError, EOFError):
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


class _CappedReader(DecompressingBufferedReader):
    """warcio's reader with a bounded `readline`. Lines are what warcio reads of headers (WARC
    and HTTP, and the blank lines between records); bodies it reads by size. Its own readline
    joins a long line block by block, in time growing with the square of the line (a 100 MB
    header line took over ten minutes): this one joins once, and refuses more than
    MAX_HEADER_BYTES of lines between two records (`new_record`)."""

    line_bytes = 0

    def new_record(self) -> None:
        self.line_bytes = 0

    def readline(self, length: int | None = None) -> bytes:
        pieces: list[bytes] = []
        want = -1 if length is None or length < 0 else length
        while want != 0:
            self._fillbuff()
            if self.empty():
                break
            room = MAX_HEADER_BYTES + 1 - self.line_bytes
            piece = self.buff.readline(room if want < 0 else min(want, room))
            pieces.append(piece)
            self.line_bytes += len(piece)
            if self.line_bytes > MAX_HEADER_BYTES:
                raise HeadersTooLong
            if piece.endswith(b"\n"):
                break
            if want > 0:
                want -= len(piece)
        return b"".join(pieces)


class _CappedArchive(ArchiveIterator):
    """warcio's record iterator reading through `_CappedReader`."""

    def __init__(self, fileobj: Any):
        super().__init__(fileobj)
        self.reader = _CappedReader(self.fh, block_size=BUFF_SIZE)
