"""Inputs the fuzzers in fuzz/ crashed on, each with what the reader must do with it instead.

A reader's answer to bad input is a `SourceError` item (the file or record is listed as an
error and the run goes on) or an `InputError` from `read_document` (no article in the
document); anything else escaping is the crash the fuzzer found. Each case is the fuzzer's
input cut down by hand to what still crashed before the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsparallax.corpus.items import SourceError, SourceOptions
from newsparallax.corpus.sources import expand
from newsparallax.model import InputError
from newsparallax.reading.document import Document, read_document


def outcome(tmp_path: Path, name: str, data: bytes) -> list[str]:
    """What ingesting `data` saved as `name` gives: `error STAGE` for each SourceError,
    `article` or `no article` for each document."""
    path = tmp_path / name
    path.write_bytes(data)
    found = []
    for item in expand([str(path)], SourceOptions()):
        if isinstance(item, SourceError):
            found.append(f"error {item.stage}")
        elif isinstance(item, Document):
            try:
                read_document(item)
            except InputError:
                found.append("no article")
            else:
                found.append("article")
    return found


STORY = (
    b"The Calder Valley water board voted 5-2 on Tuesday to limit lawn watering to two days a"
    b" week, and its chair said every household would be asked to cut back by a fifth."
)
READER_CASES = {
    # warcio: AttributeError ('NoneType' has no 'startswith') reading the HTTP headers of a
    # response record with no WARC-Target-URI
    "WARC response without a target URI": (
        "crawl.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 19\r\n\r\n"
        b"HTTP/1.1 200 OK\r\n\r\n\r\n\r\n",
        ["error parse"],
    ),
    # urllib: ValueError ("Invalid IPv6 URL") splitting a given URL with an unclosed bracket,
    # for the outlet's host name and for resolving rel=canonical against it
    "JSONL URL with an unclosed IPv6 bracket": (
        "articles.jsonl",
        b'{"text": "' + STORY + b'", "url": "https://heral[d.example/w"}\n',
        ["article"],
    ),
    "JSONL page with a canonical link, URL with an unclosed bracket": (
        "articles.jsonl",
        b'{"html": "<html><head><link rel=\\"canonical\\" href=\\"/water\\"></head><body><p>'
        + STORY
        + b'</p></body></html>", "url": "https://a[b/"}\n',
        ["article"],
    ),
    # UnicodeEncodeError encoding the text to UTF-8: JSON's "\ud83d" escape decodes to a lone
    # surrogate (half an emoji), which no UTF-8 text (nor SQLite) can hold
    "JSONL text and title with lone surrogates": (
        "articles.jsonl",
        b'{"text": "\\ud83d ' + STORY + b' \\udfff", "title": "Water \\ud83d"}\n',
        ["article"],
    ),
    # feedparser's loose parser: KeyError ('links') closing a link that never opened
    "feed with a link closed inside an item": (
        "feed.xml",
        b"<channel<item<link</item></link<",
        ["error parse"],
    ),
}


@pytest.mark.parametrize(
    ("name", "data", "expected"), READER_CASES.values(), ids=READER_CASES.keys()
)
def test_reader_survives_fuzzed_input(tmp_path, name, data, expected):
    assert outcome(tmp_path, name, data) == expected
