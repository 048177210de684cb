"""Articles in the store: the one mapping between an `article` row (with its `dropped` rows) and
an `Article`, whoever writes it (`compare`, `ingest`, `run`) and whoever reads it back (a stored
comparison, a story's articles).

An article row is keyed by `Article.sha`, the hash of its text: the same text read twice, by any
command, is one row. The first write wins for what the text says about itself (label, title,
authors, date, outlet, dateline, clutter); a later write only fills in what the first lacked:
the raw bytes, or, for an article `compare` stored, what a corpus run knows (`CorpusColumns`).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from typing import Any

from newsparallax.model import Article, Dropped, Span
from newsparallax.store.schema import json_text, now_iso

_COLUMNS = (
    "id, label, source, title, authors, date, outlet, place, dateline_start, dateline_end,"
    " dateline_text, text, raw, first_seen"
)
# Schema version 2's: a comparison saved into a store of version 1 (a test does) writes none.
_CORPUS_COLUMNS = (
    ", url, canonical_url, language, date_source, date_confidence, truncated, ingested_at"
)


@dataclass(frozen=True)
class CorpusColumns:
    """What a corpus run stores of an article beside the article itself (schema version 2)."""

    url: str | None
    canonical_url: str | None
    language: str | None
    date_source: str | None
    date_confidence: float | None
    truncated: int
    ingested_at: str


def write_article(
    conn: sqlite3.Connection, article: Article, corpus: CorpusColumns | None = None
) -> bool:
    """Store `article` with its clutter spans unless its text is stored already; True when it
    was new. A stored one gains the raw bytes it lacked (a comparison's save) or, when only
    `compare` had stored it, what the corpus knows (`corpus`), its date kept if it had one."""
    sha = article.sha
    extra = astuple(corpus) if corpus is not None else ()
    columns = _COLUMNS + (_CORPUS_COLUMNS if corpus is not None else "")
    inserted = conn.execute(
        f"INSERT OR IGNORE INTO article ({columns}) VALUES ({', '.join('?' * (14 + len(extra)))})",
        (
            sha,
            article.id,
            article.source,
            article.title,
            json_text(list(article.authors)),
            article.date,
            article.outlet,
            article.place,
            *span_columns(article.dateline),
            article.text,
            article.raw,
            corpus.ingested_at if corpus is not None else now_iso(),
            *extra,
        ),
    ).rowcount
    if inserted:
        conn.executemany(
            'INSERT INTO dropped (article_id, position, start, "end", reason)'
            " VALUES (?, ?, ?, ?, ?)",
            [(sha, i, d.start, d.end, d.reason) for i, d in enumerate(article.dropped)],
        )
        return True
    if corpus is not None:
        conn.execute(
            "UPDATE article SET url = ?, canonical_url = ?, language = ?, date_source = ?,"
            " date_confidence = ?, truncated = ?, ingested_at = ?, date = coalesce(date, ?)"
            " WHERE id = ? AND ingested_at IS NULL",
            (*extra, article.date, sha),
        )
    elif article.raw is not None:
        conn.execute("UPDATE article SET raw = ? WHERE id = ? AND raw IS NULL", (article.raw, sha))
    return False


def article_from_row(
    row: sqlite3.Row,
    dropped: Iterable[Dropped],
    *,
    label: str | None = None,
    source: str | None = None,
    with_raw: bool = False,
) -> Article:
    """The `Article` an `article` row stores, under `label` and `source` when a comparison
    gave it others than those it was first stored with. `raw` (the page as fetched, possibly
    large) only on request: nothing but a re-extraction needs it."""
    return Article(
        id=row["label"] if label is None else label,
        text=row["text"],
        source=row["source"] if source is None else source,
        title=row["title"],
        authors=tuple(json.loads(row["authors"])),
        date=row["date"],
        outlet=row["outlet"],
        place=row["place"],
        dateline=span_from_columns(
            row["dateline_start"], row["dateline_end"], row["dateline_text"]
        ),
        dropped=tuple(dropped),
        raw=row["raw"] if with_raw else None,
    )


def dropped_of(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, list[Dropped]]:
    """The clutter spans of the articles `ids`, each in its stored order."""
    found: dict[str, list[Dropped]] = defaultdict(list)
    for article_id, start, end, reason in conn.execute(
        'SELECT article_id, start, "end", reason FROM dropped'
        " WHERE article_id IN (SELECT value FROM json_each(?)) ORDER BY article_id, position",
        (json.dumps(sorted(set(ids))),),
    ):
        found[article_id].append(Dropped(start, end, reason))
    return found


def span_columns(span: Span | None) -> tuple[int | None, int | None, str | None]:
    """A span as its (start, end, text) columns, all null for none."""
    return (None, None, None) if span is None else (span.start, span.end, span.text)


def span_from_columns(start: int | None, end: Any, text: Any) -> Span | None:
    return None if start is None else Span(start, end, text)


def quoted_json(spans: tuple[Span, ...]) -> str:
    """The quoted words of a statement as the `quoted` column holds them: [[start, end, text]]."""
    return json.dumps([[q.start, q.end, q.text] for q in spans], ensure_ascii=False)


def quoted_spans(value: str | None) -> tuple[Span, ...]:
    return tuple(Span(start, end, text) for start, end, text in json.loads(value or "[]"))
