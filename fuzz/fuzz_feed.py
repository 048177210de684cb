"""Fuzz the RSS/Atom feed reader: a feed file through `sources.expand` (feed sniffing,
feedparser, entry metadata; entries with a link are not fetched, fetching is off) and every
entry carried in full through `reading.document.read_document`.

    python fuzz/fuzz_feed.py -max_total_time=60 -dict=fuzz/dicts/feed.dict \
        CORPUS_DIR fuzz/seeds/feed
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["newsparallax", "feedparser"]):
    from harness import ingest


def test_one_input(data: bytes) -> None:
    ingest(data, "feed.xml")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
