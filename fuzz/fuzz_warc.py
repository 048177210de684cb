"""Fuzz the WARC reader: a WARC file (plain or gzipped, warcio tells which) through
`sources.expand` (record headers, HTTP status and content type, record bodies) and every HTML
response found through `reading.document.read_document`.

    python fuzz/fuzz_warc.py -max_total_time=60 -dict=fuzz/dicts/warc.dict \
        CORPUS_DIR fuzz/seeds/warc
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["newsparallax", "warcio"]):
    from harness import ingest


def test_one_input(data: bytes) -> None:
    ingest(data, "crawl.warc")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
