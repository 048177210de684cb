"""JSONL files (also gzipped): one article per line, provenance `path:LINE`, read one line at a
time under the size and inflation caps; a line that is not an article is one error."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsparallax.corpus.items import Item, SourceError, SourceOptions
from newsparallax.limits import Inflation, TooCompressed
from newsparallax.reading.document import Document
from newsparallax.reading.files import open_regular

# One article per JSONL line. `text` or `html` is required; the rest override what is read from
# the page (a supplied date is stored with date_source "given").
JSONL_FIELDS = {
    "text": "the article's plain text (or give `html`)",
    "html": "the page's HTML (or give `text`)",
    "url": "where the article was published",
    "title": "headline",
    "authors": "a list of names, or one string such as 'By A and B'",
    "date": "publication date, ISO-8601 (also read from `published`)",
    "outlet": "publication name",
    "language": "ISO 639-1 code; detected from the text when absent",
    "id": "a label for the article (default: FILE-LINE)",
}


def read_jsonl(path: Path, options: SourceOptions) -> Iterator[Item]:
    try:
        raw = open_regular(path)
    except OSError as exc:
        yield SourceError(str(path), "read", f"cannot read: {exc.strerror or exc}")
        return
    with raw:
        gzipped = path.name.lower().endswith(".gz")
        stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
        inflation = Inflation(options.max_ratio)  # each line read is bounded: check after it
        number = decoded = 0
        try:
            while line := stream.readline(options.max_bytes + 2):
                number += 1
                decoded += len(line)
                inflation.check(decoded, raw.tell())
                if len(line) > options.max_bytes:
                    yield SourceError(
                        f"{path}:{number}",
                        "size",
                        f"too large: line longer than {options.max_bytes} bytes (--max-bytes)",
                    )
                    while line and not line.endswith(b"\n"):  # skip the rest of the long line
                        line = stream.readline(options.max_bytes)
                        decoded += len(line)
                        inflation.check(decoded, raw.tell())
                elif line.strip():
                    yield _jsonl_document(f"{path}:{number}", line, f"{path.stem}-{number}")
                inflation.mark(decoded, raw.tell())
        except TooCompressed as exc:
            yield SourceError(f"{path}:{number}", "size", str(exc))
        except (OSError, EOFError) as exc:
            yield SourceError(str(path), "read", f"read failed after line {number} ({exc})")


def _jsonl_document(source: str, line: bytes, label: str) -> Item:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return SourceError(source, "parse", f"not a JSON object ({exc})")
    except RecursionError:
        return SourceError(source, "parse", "not a JSON object (nested too deeply)")
    if not isinstance(obj, dict):
        return SourceError(source, "parse", "not a JSON object")
    obj = {key: _unicode(value) for key, value in obj.items()}
    html, text = obj.get("html"), obj.get("text")
    body, kind = (html, "html") if isinstance(html, str) and html.strip() else (text, "text")
    if not isinstance(body, str) or not body.strip():
        return SourceError(source, "parse", "no `text` or `html` field")
    fields = {
        k: obj[k]
        for k in ("title", "authors", "outlet", "language")
        if isinstance(obj.get(k), str | list)
    }
    date = obj.get("date") or obj.get("published")
    if isinstance(date, str):
        fields["date"] = date
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    label = str(obj["id"]) if isinstance(obj.get("id"), str | int) else label
    return Document(source, body.encode("utf-8"), kind=kind, url=url, label=label, fields=fields)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode(value: Any) -> Any:
    """A JSON string (or list of them) as text that UTF-8 and SQLite can hold: JSON can escape a
    lone surrogate ("\\ud83d", half of an emoji cut off), which becomes U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_unicode(v) for v in value]
    return value
