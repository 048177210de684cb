"""Fuzz the JSONL reader: a file of one JSON article per line through `sources.expand` (line
splitting, JSON, the `text`/`html`/metadata fields) and each article through
`reading.document.read_document`.

    python fuzz/fuzz_jsonl.py -max_total_time=60 -dict=fuzz/dicts/jsonl.dict \
        CORPUS_DIR fuzz/seeds/jsonl
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["newsparallax"]):
    from harness import ingest


def test_one_input(data: bytes) -> None:
    ingest(data, "articles.jsonl")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
