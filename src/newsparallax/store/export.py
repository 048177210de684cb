"""Export the store's articles, quotes and people as JSONL, CSV or Parquet, for analysis elsewhere.

Ids are the store's own and stable: an article's id is the hash of its text, a quote's id is
derived from its article and offsets and a person's from their name, so the same input exported
twice, or from two stores, gives the same ids and rows join across exports (`quotes.article_id` →
`articles.id`, `quotes.person_id` → `people.id`). Quotes and people cover both what `compare`
saved (with a `comparison_id`) and what `run` analysed article by article (`comparison_id`
empty; people then have the `article_id` that names them).

Rows are streamed from SQLite in batches, so exporting a large corpus needs little memory. Lists
(authors, aliases, sources) are arrays in JSONL and Parquet and JSON text in CSV.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from newsparallax.analysis.people import person_id
from newsparallax.model import content_id
from newsparallax.store.schema import quote_evidence, reading

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
        ("confidence", "q.confidence", "str"),
        ("cue_kind", "q.cue_kind", "str"),
        ("quoted", "q.quoted", "str"),  # JSON [[start, end, text]]
    ],
    "people": [
        ("comparison_id", "p.comparison_id", "str"),
        ("article_id", "p.article_id", "str"),
        ("id", "p.id", "str"),
        ("name", "p.name", "str"),
        ("kind", "p.kind", "str"),
        ("aliases", "p.aliases", "list"),
    ],
}
# Quotes and people come from two places: the saved comparisons (`quote`, `person`: ids and
# speakers resolved across the comparison's articles) and the per-article analysis of a corpus
# run (`article_quote`, `article_person`: no comparison, the speaker as the article names them).
# The run's rows get the ids the analysis would give them (`np_quote_id`, `np_person_id`), so
# one quote or person has one id wherever it was stored.
_FROM = {
    "articles": "article a LEFT JOIN duplicate_member d ON d.article_id = a.id ORDER BY a.rowid",
    "quotes": """(
        SELECT comparison_id, id, article_id, kind, start, "end", text, speaker, person_id,
            cue_text, mention_text, {evidence}, 0 AS origin, position
            FROM quote
        UNION ALL
        SELECT NULL, np_quote_id(article_id, kind, start, "end"), article_id, kind, start, "end",
            text, speaker, (SELECT np_person_id(p.kind, p.name) FROM article_person p
                WHERE p.article_id = aq.article_id AND p.name = aq.speaker LIMIT 1),
            cue_text, mention_text, {evidence_aq}, 1, position
            FROM article_quote aq
    ) q ORDER BY q.origin, q.comparison_id, CASE q.origin WHEN 1 THEN q.article_id END,
        q.position""",
    "people": """(
        SELECT comparison_id, NULL AS article_id, id, name, kind,
            (SELECT json_group_array(alias) FROM (SELECT alias FROM person_alias x
                WHERE x.comparison_id = person.comparison_id AND x.person_id = person.id
                ORDER BY position)) AS aliases, 0 AS origin, position FROM person
        UNION ALL
        SELECT NULL, article_id, np_person_id(kind, name), name, kind, aliases, 1, position
            FROM article_person
    ) p ORDER BY p.origin, p.comparison_id, p.article_id, p.position""",
}


def _quote_id(article_sha: str, kind: str, start: int, end: int) -> str:
    return content_id(article_sha, kind, start, end, length=12)


def rows(conn: sqlite3.Connection, kind: str) -> Iterator[dict[str, Any]]:
    """Rows of one kind, with lists decoded, in a stable order (ingest order for articles)."""
    conn.create_function("np_quote_id", 4, _quote_id, deterministic=True)
    conn.create_function("np_person_id", 2, person_id, deterministic=True)
    columns = _COLUMNS[kind]
    select = ", ".join(expr for _, expr, _ in columns)
    source = _FROM[kind]
    if kind == "quotes":  # a store read as it is may be older than its evidence columns
        evidence = quote_evidence(conn, "quote")
        source = source.format(evidence=evidence, evidence_aq=evidence.replace("quote.", "aq."))
    cursor = conn.execute(f"SELECT {select} FROM {source}")
    while batch := cursor.fetchmany(_BATCH):
        for values in batch:
            with reading(f"the {kind}"):  # the row's decoding, not what the caller does with it
                row = {
                    name: _value(value, typ)
                    for (name, _, typ), value in zip(columns, values, strict=True)
                }
            yield row


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


# Where a spreadsheet would start a formula: a cell (or a line of one, which a spreadsheet may
# split into a row of its own) starting with = + - @, their fullwidth forms (read as the same),
# a tab or a carriage return, also after spaces. Each such line gets a leading ' so it stays text
# (OWASP's advice for CSV files).
_FORMULA = re.compile(r"(?:^|(?<=[\r\n]))(?=[ \u00a0\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20])")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as written: text from the open web (titles, quotes,
    names) must not start a formula."""
    if isinstance(value, str):
        return _FORMULA.sub("'", value)
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
