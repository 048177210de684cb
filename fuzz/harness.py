"""What every fuzz target shares: reading fuzzed bytes the way `newsparallax ingest` reads a
file, and the one rule about errors.

A reader may refuse its input, and says so in the documented ways: `expand` yields a
`SourceError` for a source or record it cannot read, `read_document` raises `InputError` for a
document with no article in it. Anything else that escapes (an exception, an article whose
offsets do not point at its own text) is a crash, which libFuzzer reports with the input.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from newsparallax.corpus.items import SourceOptions
from newsparallax.corpus.sources import expand
from newsparallax.model import Article, InputError
from newsparallax.reading.document import Document, read_document

DIRECTORY = Path(tempfile.mkdtemp(prefix="newsparallax-fuzz-"))


def ingest(data: bytes, name: str) -> None:
    """Expand `data` saved as a file called `name` (the suffix picks the reader), then read
    every document found in it, as a batch worker would."""
    path = DIRECTORY / name
    path.write_bytes(data)
    for item in expand([str(path)], SourceOptions(max_bytes=1 << 20)):
        if isinstance(item, Document):
            read(item)


def read(document: Document) -> None:
    try:
        article = read_document(document).article
    except InputError:
        return
    check_article(article)


def check_article(article: Article) -> None:
    text = article.text
    for dropped in article.dropped:
        assert 0 <= dropped.start <= dropped.end <= len(text), dropped
    if article.dateline is not None:
        span = article.dateline
        assert text[span.start : span.end] == span.text, span
