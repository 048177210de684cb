"""A WARC file read as byte ranges: every record by exactly one range, with the provenance of a
whole read, whatever the cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpora import write_warc
from newsparallax.corpus.items import SourceOptions
from newsparallax.corpus.sources import expand
from newsparallax.corpus.warc import record_boundary, warc_range
from newsparallax.reading.document import Document

PAGE = "<html><head><title>Report {n}</title></head><body><p>{words}</p></body></html>"


def crawl(path: Path, n: int = 30) -> Path:
    """Responses of varied sizes, with request and image records between them."""
    records = []
    for i in range(n):
        words = " ".join(f"word{i}-{k}" for k in range(20 + (i * 37) % 400))
        records.append(("response", "text/html", PAGE.format(n=i, words=words).encode()))
        if i % 4 == 0:
            records.append(("request", "", b""))
        if i % 5 == 0:
            records.append(("response", "image/png", b"\x89PNG" + bytes(300)))
    write_warc(path, records)
    return path


def sources(items) -> list[str]:
    return [item.source for item in items if isinstance(item, Document)]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
@pytest.mark.parametrize("cut", [pytest.param(1, marks=pytest.mark.slow), 997, 4096, 25_000, 10**9])
def test_ranges_read_every_record_once(tmp_path: Path, name: str, cut: int):
    path = crawl(tmp_path / name)
    whole = sources(expand([str(path)], SourceOptions()))
    assert len(whole) == 30
    size = path.stat().st_size
    pieces = []
    for start in range(0, size, cut):
        pieces += sources(warc_range(path, start, min(start + cut, size), SourceOptions()))
    assert pieces == whole


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_boundary_is_where_a_record_begins(tmp_path: Path, name: str):
    path = crawl(tmp_path / name, n=6)
    offsets = [int(s.rsplit("@", 1)[1]) for s in sources(expand([str(path)], SourceOptions()))]
    with path.open("rb") as stream:
        gzipped = name.endswith(".gz")
        for offset in offsets[1:]:
            assert record_boundary(stream, offset, gzipped) == offset
            found = record_boundary(stream, offset - 1, gzipped)
            assert found is not None and found <= offset
        assert record_boundary(stream, path.stat().st_size, gzipped) is None
