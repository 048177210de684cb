"""Corpora and store checks shared by the ingest tests: a WARC writer, a folder of generated news
pages with syndicated copies, the `newsparallax ingest` command line, and table counts."""

from __future__ import annotations

import io
import random
import sqlite3
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newspages import edited, page, story, trimmed

# The console script installed beside the interpreter running the tests (no path to a venv).
NEWSPARALLAX = str(Path(sys.executable).with_name("newsparallax"))
TABLES = (
    "article",
    "article_source",
    "error",
    "minhash",
    "duplicate_group",
    "duplicate_member",
    "dropped",
)


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> None:
    """(record type, content type, body) records, as a crawler writes them; gzipped per record
    when the name ends in .gz."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        for n, (rtype, ctype, body) in enumerate(records):
            url = f"https://news.example/2025/06/0{n + 1}/story-{n}.html"
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            if rtype == "request":
                headers = StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True
                )
            record = writer.create_warc_record(
                url, rtype, payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def write_pages(folder: Path, stories: int, copies: int, seed: int = 5) -> int:
    """`stories` generated news pages, `copies` syndicated near-duplicates of the first ones
    (so duplicate groups are written too) and one empty page (an error row); the file count."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    originals = [story(rng, i) for i in range(stories)]
    for s in originals:
        (folder / f"{s.id}.html").write_text(page(s, rng))
    for n, s in enumerate(originals[:copies]):
        copy = trimmed(edited(s, rng, n), rng, n)
        (folder / f"{copy.id}.html").write_text(page(copy, rng))
    (folder / "bad.html").write_bytes(b"")
    return len(list(folder.iterdir()))


def ingest_command(folder: Path, db: Path, workers: int = 2) -> list[str]:
    return [NEWSPARALLAX, "ingest", str(folder), "--db", str(db), "-q", "--workers", str(workers)]


def count_rows(path: Path, table: str = "article_source") -> int:
    """Rows of `table` a (possibly running) ingest has committed to the store at `path` so far;
    0 before the store or the table exists."""
    if not path.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0
