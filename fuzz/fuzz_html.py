"""Fuzz the HTML reader: the bytes of a web page through `reading.document.read_document` (charset
sniffing and decoding, trafilatura's extraction, page metadata, dates, authors, language).

    python fuzz/fuzz_html.py -max_total_time=60 -dict=fuzz/dicts/html.dict \
        CORPUS_DIR fuzz/seeds/html
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["newsparallax", "trafilatura"]):
    from harness import read
    from newsparallax.reading.document import Document


def test_one_input(data: bytes) -> None:
    read(Document("fuzz.html", data, kind="html", label="fuzz"))


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
