"""Export the store's articles, quotes and people as JSONL, CSV or Parquet, for analysis elsewhere.

Ids are the store's own and stable: an article's id is the hash of its text, a quote's and a
person's id is derived from content within its comparison, so the same input exported twice, or
from two stores, gives the same ids and rows join across exports (`quotes.article_id` →
`articles.id`, `quotes.person_id` → `people.id` within one `comparison_id`).

Rows are streamed from SQLite in batches, so exporting a large corpus needs little memory. Lists
(authors, aliases, sources) are arrays in JSONL and Parquet and JSON text in CSV.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

KINDS = ("articles", "quotes", "people")
FORMATS = ("jsonl", "csv", "parquet")
_BATCH = 1000

# name, SQL expression, type (str | int | float | bool | list)
_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "articles": [
        ("id", "a.id", "str"),
        ("label", "a.label", "str"),
        ("url", "a.url", "str"),
        ("canonical_url", "a.canonical_url", "str"),
        ("title", "a.title", "str"),
        ("authors", "a.authors", "list"),
        ("date", "a.date", "str"),
        ("date_source", "a.date_source", "str"),
        ("date_confidence", "a.date_confidence", "float"),
        ("outlet", "a.outlet", "str"),
        ("language", "a.language", "str"),
        ("truncated", "a.truncated", "bool"),
        ("duplicate_group", "d.group_id", "str"),
        (
            "sources",
            "(SELECT json_group_array(source) FROM (SELECT source FROM article_source s"
            " WHERE s.article_id = a.id ORDER BY s.seen, s.source))",
            "list",
        ),
        ("first_seen", "a.first_seen", "str"),
        ("text", "a.text", "str"),
    ],
    "quotes": [
        ("comparison_id", "q.comparison_id", "str"),
        ("id", "q.id", "str"),
        ("article_id", "q.article_id", "str"),
        ("kind", "q.kind", "str"),
        ("start", "q.start", "int"),
        ("end", 'q."end"', "int"),
        ("text", "q.text", "str"),
        ("speaker", "q.speaker", "str"),
        ("person_id", "q.person_id", "str"),
        ("cue", "q.cue_text", "str"),
        ("mention", "q.mention_text", "str"),
        ("how", "q.how", "str"),
    ],
    "people": [
        ("comparison_id", "p.comparison_id", "str"),
        ("id", "p.id", "str"),
        ("name", "p.name", "str"),
        ("kind", "p.kind", "str"),
        (
            "aliases",
            "(SELECT json_group_array(alias) FROM (SELECT alias FROM person_alias x"
            " WHERE x.comparison_id = p.comparison_id AND x.person_id = p.id ORDER BY position))",
            "list",
        ),
    ],
}
_FROM = {
    "articles": "article a LEFT JOIN duplicate_member d ON d.article_id = a.id ORDER BY a.rowid",
    "quotes": "quote q ORDER BY q.comparison_id, q.position",
    "people": "person p ORDER BY p.comparison_id, p.position",
}


def rows(conn: sqlite3.Connection, kind: str) -> Iterator[dict[str, Any]]:
    """Rows of one kind, with lists decoded, in a stable order (ingest order for articles)."""
    columns = _COLUMNS[kind]
    select = ", ".join(expr for _, expr, _ in columns)
    cursor = conn.execute(f"SELECT {select} FROM {_FROM[kind]}")
    while batch := cursor.fetchmany(_BATCH):
        for values in batch:
            yield {
                name: _value(value, typ)
                for (name, _, typ), value in zip(columns, values, strict=True)
            }


def _value(value: Any, typ: str) -> Any:
    if value is None:
        return [] if typ == "list" else None
    if typ == "list":
        return json.loads(value)
    if typ == "bool":
        return bool(value)
    return value


def export(conn: sqlite3.Connection, kind: str, fmt: str, out: Path | None) -> int:
    """Write every row of `kind` to `out` (stdout when None; Parquet needs a file); the count."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    if fmt == "parquet":
        if out is None:
            raise ValueError("Parquet is binary: give --out FILE")
        return _parquet(conn, kind, out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if out is None:
        return _text(conn, kind, fmt, sys.stdout)
    with out.open("w", encoding="utf-8", newline="") as stream:
        return _text(conn, kind, fmt, stream)


# Cells a spreadsheet would run as a formula; prefixed with ' so they stay text (OWASP advice).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as written: text from the open web (titles, quotes,
    names) must not start a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return "" if value is None else value


def _text(conn: sqlite3.Connection, kind: str, fmt: str, stream: TextIO) -> int:
    count = 0
    if fmt == "jsonl":
        for row in rows(conn, kind):
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    names = [name for name, _, _ in _COLUMNS[kind]]
    writer = csv.DictWriter(stream, fieldnames=names)
    writer.writeheader()
    for row in rows(conn, kind):
        writer.writerow(
            {
                k: spreadsheet_safe(json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v)
                for k, v in row.items()
            }
        )
        count += 1
    return count


def _parquet(conn: sqlite3.Connection, kind: str, out: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is an optional extra
        raise ValueError(
            "Parquet export needs pyarrow: pip install 'newsparallax[parquet]'"
        ) from None
    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
    }
    schema = pa.schema([(name, types[typ]) for name, _, typ in _COLUMNS[kind]])
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows(conn, kind):
            batch.append(row)
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
