"""The embedded SQLite store: every comparison, with its articles, quotes, people and findings.

Articles are keyed by their content hash (`Article.sha`) so two comparisons that share a report
share one row. Everything an analysis derives (people, quotes, alignments, discrepancies, voices)
belongs to one comparison and is keyed by `(comparison_id, id)`: the same person or quote id may
carry different findings in another comparison, and re-analysing a comparison replaces its rows
wholesale instead of mixing old and new results.

Inside a comparison, records name articles by their label (`Article.id`, e.g. the file stem);
the store keeps `article_id` = sha in its rows and maps labels through `comparison_article`.
Every tuple's order is kept in a `position` column so that `load_comparison` rebuilds a
`Comparison` equal to the one saved.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsparallax.model import (
    AlignedPair,
    Alignment,
    Article,
    Comparison,
    Coverage,
    Descriptor,
    DiffOp,
    Discrepancy,
    Dropped,
    Mention,
    Person,
    Quote,
    Span,
)

__all__ = [
    "SCHEMA_VERSION",
    "SchemaVersionError",
    "StoreError",
    "list_comparisons",
    "load_comparison",
    "open_store",
    "save_comparison",
]


class StoreError(Exception):
    """A store file we cannot use; the message names the file and the reason."""


class SchemaVersionError(StoreError):
    """The store was written by a newer newsparallax; opening it could corrupt it."""


# ---------------------------------------------------------------------------------------------
# Schema and migrations
# ---------------------------------------------------------------------------------------------

# Version 1. A migration is a frozen snapshot: never edit it once released, append a new one.
# SQLite spells reserved words "end", "values" and "exclusive" only when quoted.
_V1 = (
    """CREATE TABLE article (
        id TEXT PRIMARY KEY,                -- Article.sha: the content hash of the text
        label TEXT NOT NULL,                -- Article.id when first seen
        source TEXT NOT NULL,               -- Article.source when first seen
        title TEXT,
        authors TEXT NOT NULL,              -- JSON array of names
        date TEXT,                          -- ISO-8601 as given by the article
        outlet TEXT,
        place TEXT,
        dateline_start INTEGER,
        dateline_end INTEGER,
        dateline_text TEXT,
        text TEXT NOT NULL,
        raw BLOB,
        first_seen TEXT NOT NULL            -- ISO-8601 UTC
    )""",
    """CREATE TABLE dropped (
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    )""",
    """CREATE TABLE comparison (
        id TEXT PRIMARY KEY,                -- Comparison.id
        created TEXT NOT NULL,              -- ISO-8601 UTC, kept across re-saves
        shared TEXT NOT NULL                -- JSON array: Coverage.shared, in order
    )""",
    """CREATE TABLE comparison_article (
        comparison_id TEXT NOT NULL REFERENCES comparison(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES article(id),
        label TEXT NOT NULL,                -- Article.id within this comparison
        position INTEGER NOT NULL,
        source TEXT NOT NULL,               -- Article.source as given to this comparison
        in_voices INTEGER NOT NULL CHECK (in_voices IN (0, 1)),       -- a Coverage.voices key
        in_exclusive INTEGER NOT NULL CHECK (in_exclusive IN (0, 1)), -- a Coverage.exclusive key
        PRIMARY KEY (comparison_id, article_id),
        UNIQUE (comparison_id, label),
        UNIQUE (comparison_id, position)
    )""",
    """CREATE TABLE person (
        comparison_id TEXT NOT NULL REFERENCES comparison(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (comparison_id, id)
    )""",
    """CREATE TABLE person_alias (
        comparison_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        alias TEXT NOT NULL,
        PRIMARY KEY (comparison_id, person_id, position),
        FOREIGN KEY (comparison_id, person_id)
            REFERENCES person(comparison_id, id) ON DELETE CASCADE
    )""",
    """CREATE TABLE mention (
        comparison_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (comparison_id, person_id, position),
        FOREIGN KEY (comparison_id, person_id)
            REFERENCES person(comparison_id, id) ON DELETE CASCADE,
        FOREIGN KEY (comparison_id, article_id)
            REFERENCES comparison_article(comparison_id, article_id) ON DELETE CASCADE
    )""",
    """CREATE TABLE descriptor (
        comparison_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (comparison_id, person_id, position),
        FOREIGN KEY (comparison_id, person_id)
            REFERENCES person(comparison_id, id) ON DELETE CASCADE,
        FOREIGN KEY (comparison_id, article_id)
            REFERENCES comparison_article(comparison_id, article_id) ON DELETE CASCADE
    )""",
    """CREATE TABLE quote (
        comparison_id TEXT NOT NULL,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        cue_start INTEGER,
        cue_end INTEGER,
        cue_text TEXT,
        mention_start INTEGER,
        mention_end INTEGER,
        mention_text TEXT,
        speaker TEXT,
        person_id TEXT,                     -- Quote.speaker_id
        how TEXT NOT NULL,
        PRIMARY KEY (comparison_id, id),
        FOREIGN KEY (comparison_id, article_id)
            REFERENCES comparison_article(comparison_id, article_id) ON DELETE CASCADE,
        FOREIGN KEY (comparison_id, person_id) REFERENCES person(comparison_id, id)
    )""",
    """CREATE TABLE alignment (
        comparison_id TEXT NOT NULL REFERENCES comparison(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        relation TEXT NOT NULL,
        person_id TEXT,                     -- Alignment.speaker_id
        PRIMARY KEY (comparison_id, id),
        FOREIGN KEY (comparison_id, person_id) REFERENCES person(comparison_id, id)
    )""",
    """CREATE TABLE alignment_member (
        comparison_id TEXT NOT NULL,
        alignment_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        quote_id TEXT NOT NULL,
        PRIMARY KEY (comparison_id, alignment_id, position),
        FOREIGN KEY (comparison_id, alignment_id)
            REFERENCES alignment(comparison_id, id) ON DELETE CASCADE,
        FOREIGN KEY (comparison_id, quote_id)
            REFERENCES quote(comparison_id, id) ON DELETE CASCADE
    )""",
    """CREATE TABLE aligned_pair (
        comparison_id TEXT NOT NULL,
        alignment_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        a TEXT NOT NULL,                    -- JSON array of quote ids
        b TEXT NOT NULL,                    -- JSON array of quote ids
        relation TEXT NOT NULL,
        similarity REAL NOT NULL,
        diff TEXT NOT NULL,                 -- JSON array of DiffOp objects
        PRIMARY KEY (comparison_id, alignment_id, position),
        FOREIGN KEY (comparison_id, alignment_id)
            REFERENCES alignment(comparison_id, id) ON DELETE CASCADE
    )""",
    """CREATE TABLE discrepancy (
        comparison_id TEXT NOT NULL,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        person_id TEXT NOT NULL,
        about TEXT NOT NULL,
        topic TEXT NOT NULL,
        "values" TEXT NOT NULL,             -- JSON object: article sha -> value or null
        spans TEXT NOT NULL,                -- JSON object: article sha -> {start,end,text} or null
        PRIMARY KEY (comparison_id, id),
        FOREIGN KEY (comparison_id, person_id)
            REFERENCES person(comparison_id, id) ON DELETE CASCADE
    )""",
    """CREATE TABLE voice (
        comparison_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        position INTEGER NOT NULL,          -- order in Coverage.voices[article]
        exclusive_position INTEGER,         -- not null: only this article carries this voice
        PRIMARY KEY (comparison_id, article_id, person_id),
        FOREIGN KEY (comparison_id, article_id)
            REFERENCES comparison_article(comparison_id, article_id) ON DELETE CASCADE,
        FOREIGN KEY (comparison_id, person_id)
            REFERENCES person(comparison_id, id) ON DELETE CASCADE
    )""",
    "CREATE INDEX comparison_article_by_article ON comparison_article(article_id)",
    "CREATE INDEX quote_by_article ON quote(article_id)",
    "CREATE INDEX quote_by_person ON quote(person_id)",
    "CREATE INDEX mention_by_article ON mention(article_id)",
    "CREATE INDEX descriptor_by_article ON descriptor(article_id)",
    "CREATE INDEX member_by_quote ON alignment_member(comparison_id, quote_id)",
    "CREATE INDEX voice_by_person ON voice(person_id)",
)


def _migrate_to_v1(conn: sqlite3.Connection) -> None:
    """Create the first schema."""
    for statement in _V1:
        conn.execute(statement)


# Version 2: the corpus (`newsparallax ingest`). Articles gain where they were published and
# how they were read; every place an article was read from is an `article_source` row (one
# article, many copies); documents that could not be read are `error` rows; near-duplicates
# (syndicated copies) form `duplicate_group`s; `run` records each ingest run and its progress.
_V2 = (
    "ALTER TABLE article ADD COLUMN url TEXT",
    "ALTER TABLE article ADD COLUMN canonical_url TEXT",
    "ALTER TABLE article ADD COLUMN language TEXT",  # ISO 639-1, detected unless given
    # json-ld | meta | feed | url | url-month | text | given, and how far to trust it (0-1)
    "ALTER TABLE article ADD COLUMN date_source TEXT",
    "ALTER TABLE article ADD COLUMN date_confidence REAL",
    "ALTER TABLE article ADD COLUMN truncated INTEGER CHECK (truncated IN (0, 1))",  # a teaser
    "ALTER TABLE article ADD COLUMN ingested_at TEXT",  # ISO-8601 UTC; null: only compared
    """CREATE TABLE run (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,              -- ISO-8601 UTC
        finished TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'interrupted', 'failed')),
        pid INTEGER NOT NULL,
        sources TEXT NOT NULL,              -- JSON array of the SOURCE arguments
        options TEXT NOT NULL,              -- JSON object
        documents INTEGER NOT NULL DEFAULT 0,  -- documents read (committed)
        added INTEGER NOT NULL DEFAULT 0,      -- new articles
        copies INTEGER NOT NULL DEFAULT 0,     -- documents whose text was already stored
        near_duplicates INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,    -- already done by an earlier run
        errors INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE article_source (
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        source TEXT NOT NULL,               -- path, path:LINE (JSONL), path@OFFSET (WARC), URL
        raw_sha TEXT NOT NULL,              -- sha256 of the bytes as read
        url TEXT,
        run_id INTEGER REFERENCES run(id),
        seen TEXT NOT NULL,                 -- ISO-8601 UTC
        PRIMARY KEY (source, raw_sha)
    )""",
    "CREATE INDEX article_source_by_article ON article_source(article_id)",
    "CREATE INDEX article_source_by_url ON article_source(url)",
    """CREATE TABLE error (
        source TEXT NOT NULL,
        raw_sha TEXT NOT NULL,              -- '' when nothing was read (a failed fetch)
        stage TEXT NOT NULL,                -- read|fetch|parse|size|extract|timeout|crash
        reason TEXT NOT NULL,
        run_id INTEGER REFERENCES run(id),
        at TEXT NOT NULL,                   -- ISO-8601 UTC
        PRIMARY KEY (source)                -- the latest failure of this source
    )""",
    """CREATE TABLE minhash (
        article_id TEXT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        shingle INTEGER NOT NULL,           -- words per shingle
        signature BLOB NOT NULL             -- little-endian uint32 per permutation
    )""",
    """CREATE TABLE duplicate_group (
        id TEXT PRIMARY KEY,                -- the article id of the group's first member
        created TEXT NOT NULL
    )""",
    """CREATE TABLE duplicate_member (
        article_id TEXT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        group_id TEXT NOT NULL REFERENCES duplicate_group(id) ON DELETE CASCADE,
        similarity REAL NOT NULL            -- estimated Jaccard to its closest earlier member
    )""",
    "CREATE INDEX duplicate_member_by_group ON duplicate_member(group_id)",
)


def _migrate_to_v2(conn: sqlite3.Connection) -> None:
    """Add the corpus tables and article columns."""
    for statement in _V2:
        conn.execute(statement)


# Version 3: stories (see stories.py). An article belongs to one story (`article_story`, in
# decision order, so the online index can be rebuilt by replaying it); user corrections are pins
# (`story_pin`) and a log (`story_correction`); a merged-away story keeps its row and points to
# the story it went into. IF NOT EXISTS: before this migration the story module created these
# same tables itself, and a store that has them already must still migrate.
_V3 = (
    """CREATE TABLE IF NOT EXISTS story (
        id TEXT PRIMARY KEY,                -- story_id_for(founder), or a split's content id
        founder TEXT NOT NULL,              -- article id (sha) that started it
        created TEXT NOT NULL,              -- ISO-8601 UTC
        merged_into TEXT REFERENCES story(id)  -- set when a user merged it into another
    )""",
    """CREATE TABLE IF NOT EXISTS article_story (
        article_id TEXT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES story(id),
        position INTEGER NOT NULL,          -- decision order: a rebuild of the index replays it
        how TEXT NOT NULL,                  -- new | joined | duplicate | pinned
        score REAL NOT NULL,
        duplicate_of TEXT,                  -- article id of the earlier copy
        assigned TEXT NOT NULL              -- ISO-8601 UTC
    )""",
    "CREATE INDEX IF NOT EXISTS article_story_by_story ON article_story(story_id)",
    """CREATE TABLE IF NOT EXISTS story_pin (
        article_id TEXT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES story(id)
    )""",
    """CREATE TABLE IF NOT EXISTS story_correction (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
        story_id TEXT NOT NULL,             -- merge: the story kept; split: the story split
        other TEXT NOT NULL,                -- merge: the story merged in; split: the new story
        articles TEXT NOT NULL,             -- JSON array of the article ids that moved
        made TEXT NOT NULL                  -- ISO-8601 UTC
    )""",
    # What the story grouper reads of an article's text (stories.Tokens), so that a run replays
    # the stored decisions without re-reading and re-tokenising every article.
    """CREATE TABLE IF NOT EXISTS story_tokens (
        article_id TEXT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        options TEXT NOT NULL,              -- stories.tokens_key (other options: stale)
        tokens TEXT NOT NULL                -- JSON [word counts, name counts, sketch]
    )""",
)


def _migrate_to_v3(conn: sqlite3.Connection) -> None:
    """Add the story tables."""
    for statement in _V3:
        conn.execute(statement)


# Version 4: corpus runs (`newsparallax run`, see partitions.py). Each stored article's own
# analysis, outside any comparison: its quotes with their speakers as the article names them,
# and its people (mentions and descriptors as JSON arrays of offsets). `article_analysis` says an
# article was analysed even when it quotes no one. `run_partition` records each unit of work
# loaded, so a stopped run resumes where it was.
_V4 = (
    """CREATE TABLE article_analysis (
        article_id TEXT PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        quotes INTEGER NOT NULL,
        people INTEGER NOT NULL,
        analysed TEXT NOT NULL              -- ISO-8601 UTC
    )""",
    """CREATE TABLE article_quote (
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        cue_start INTEGER,
        cue_end INTEGER,
        cue_text TEXT,
        mention_start INTEGER,
        mention_end INTEGER,
        mention_text TEXT,
        speaker TEXT,
        how TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    )""",
    "CREATE INDEX article_quote_by_speaker ON article_quote(speaker)",
    """CREATE TABLE article_person (
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        gender TEXT,
        aliases TEXT NOT NULL,              -- JSON array of names
        roles TEXT NOT NULL,                -- JSON array
        mentions TEXT NOT NULL,             -- JSON array of [start, end, text]
        descriptors TEXT NOT NULL,          -- JSON array of [kind, start, end, text]
        PRIMARY KEY (article_id, position)
    )""",
    "CREATE INDEX article_person_by_name ON article_person(name)",
    """CREATE TABLE run_partition (
        id TEXT PRIMARY KEY,                -- partitions.Partition.id
        run_id INTEGER REFERENCES run(id),
        sources TEXT NOT NULL,              -- JSON array of files
        documents INTEGER NOT NULL,
        articles INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        seconds REAL NOT NULL,              -- worker time
        worker TEXT NOT NULL,               -- host:pid that computed it
        loaded TEXT NOT NULL                -- ISO-8601 UTC
    )""",
)


def _migrate_to_v4(conn: sqlite3.Connection) -> None:
    """Add per-article analysis and corpus-run partitions."""
    for statement in _V4:
        conn.execute(statement)


# MIGRATIONS[n] takes a store from version n to n + 1. Append only.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_to_v1,
    _migrate_to_v2,
    _migrate_to_v3,
    _migrate_to_v4,
]
SCHEMA_VERSION = len(MIGRATIONS)


def open_store(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) the store at `path`, migrated to the current schema.

    The connection runs in autocommit mode (`isolation_level=None`): this module opens its own
    transactions, so a caller's forgotten `commit()` can never hold half a comparison.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        _migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable newsparallax store ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the store up to date in one write transaction, so two processes opening a fresh
    file at once cannot both create the schema."""
    target = len(MIGRATIONS)
    with transaction(conn):
        current = _schema_version(conn, path)
        if current > target:
            raise SchemaVersionError(
                f"{path}: store has schema version {current}, newer than the {target} this "
                "newsparallax understands; upgrade newsparallax to open it"
            )
        for version in range(current, target):
            MIGRATIONS[version](conn)
            conn.execute(
                "INSERT INTO schema_version (version, applied) VALUES (?, ?)",
                (version + 1, now_iso()),
            )


def _schema_version(conn: sqlite3.Connection, path: Path) -> int:
    """The store's schema version: 0 for an empty file. A database holding other tables but no
    version is someone else's, and we refuse to write our tables into it."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "schema_version" not in tables:
        if tables:
            raise StoreError(f"{path}: an SQLite database, but not a newsparallax store")
        conn.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"
        )
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


@contextmanager
def transaction(conn: sqlite3.Connection, *, write: bool = True) -> Iterator[None]:
    """All or nothing. Writes take the write lock up front (BEGIN IMMEDIATE) so a concurrent
    writer makes us wait instead of failing mid-way; reads get one consistent snapshot. Inside
    a caller's transaction we use a savepoint, which the caller's commit or rollback decides."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT newsparallax")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO newsparallax")
            conn.execute("RELEASE newsparallax")
            raise
        conn.execute("RELEASE newsparallax")
        return
    conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def now_iso() -> str:
    """Now, as ISO-8601 UTC to the second: how every time in the store is written."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(value: Any) -> str:
    """Compact JSON that keeps curly quotes and accents readable in the file."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _span_cols(span: Span | None) -> tuple[int | None, int | None, str | None]:
    return (None, None, None) if span is None else (span.start, span.end, span.text)


def _span_from(start: int | None, end: int | None, text: str | None) -> Span | None:
    return None if start is None else Span(start, end, text)  # type: ignore[arg-type]


def _span_json(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    """Rows addressable by column name, without changing the caller's connection settings."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()


def _known(ids: set[str], value: str | None, where: str) -> str | None:
    """Check a cross-reference before SQLite does, to fail with a message naming the record."""
    if value is not None and value not in ids:
        raise ValueError(f"{where} refers to unknown id {value!r}")
    return value


class _Labels:
    """Maps a comparison's article labels to store article ids (shas) and back."""

    def __init__(self, pairs: Sequence[tuple[str, str]]):
        self.sha = dict(pairs)
        self.label = {sha: label for label, sha in pairs}

    def __getitem__(self, label: str) -> str:
        if label not in self.sha:
            raise ValueError(f"unknown article label {label!r} (have {sorted(self.sha)})")
        return self.sha[label]

    def keyed_by_sha(self, mapping: dict[str, Any]) -> dict[str, Any]:
        return {self[label]: value for label, value in mapping.items()}

    def keyed_by_label(self, mapping: dict[str, Any]) -> dict[str, Any]:
        return {self.label[sha]: value for sha, value in mapping.items()}


def _labels_of(comparison: Comparison) -> _Labels:
    """Article labels must be unique, and so must texts: two articles with identical text would
    be one store row and could not be told apart when loading."""
    pairs = [(a.id, a.sha) for a in comparison.articles]
    for index, (label, sha) in enumerate(pairs):
        for other, other_sha in pairs[:index]:
            if label == other:
                raise ValueError(f"two articles share the label {label!r}")
            if sha == other_sha:
                raise ValueError(f"articles {other!r} and {label!r} have identical text")
    return _Labels(pairs)


# ---------------------------------------------------------------------------------------------
# Saving
# ---------------------------------------------------------------------------------------------


def save_comparison(conn: sqlite3.Connection, comparison: Comparison) -> str:
    """Store `comparison` in one transaction and return its id.

    Re-saving a comparison replaces its derived rows (same content gives the same rows, so this
    is idempotent, and a re-analysis never leaves stale findings behind); its `created` time and
    any shared article rows are kept.
    """
    cid = comparison.id
    labels = _labels_of(comparison)
    with transaction(conn):
        _write_comparison_row(conn, cid, comparison.coverage)
        _write_articles(conn, cid, comparison, labels)
        _write_people(conn, cid, comparison.people, labels)
        _write_quotes(conn, cid, comparison, labels)
        _write_alignments(conn, cid, comparison)
        _write_discrepancies(conn, cid, comparison, labels)
        _write_coverage(conn, cid, comparison, labels)
    return cid


def _write_comparison_row(conn: sqlite3.Connection, cid: str, coverage: Coverage) -> None:
    """Replace the comparison row, which cascades to every derived row, keeping `created`."""
    row = conn.execute("SELECT created FROM comparison WHERE id = ?", (cid,)).fetchone()
    created = row[0] if row else now_iso()
    conn.execute("DELETE FROM comparison WHERE id = ?", (cid,))
    conn.execute(
        "INSERT INTO comparison (id, created, shared) VALUES (?, ?, ?)",
        (cid, created, _json(list(coverage.shared))),
    )


def _write_articles(
    conn: sqlite3.Connection, cid: str, comparison: Comparison, labels: _Labels
) -> None:
    """Insert articles not yet stored (the text decides identity, so an existing row is the same
    report) and link every article to this comparison under its label."""
    for position, article in enumerate(comparison.articles):
        _write_article(conn, article)
        conn.execute(
            "INSERT INTO comparison_article (comparison_id, article_id, label, position, source,"
            " in_voices, in_exclusive) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                cid,
                labels[article.id],
                article.id,
                position,
                article.source,
                article.id in comparison.coverage.voices,
                article.id in comparison.coverage.exclusive,
            ),
        )


def _write_article(conn: sqlite3.Connection, article: Article) -> None:
    """First write wins for metadata; `raw` is filled in when a later save brings it."""
    sha = article.sha
    inserted = conn.execute(
        "INSERT OR IGNORE INTO article (id, label, source, title, authors, date, outlet, place,"
        " dateline_start, dateline_end, dateline_text, text, raw, first_seen)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sha,
            article.id,
            article.source,
            article.title,
            _json(list(article.authors)),
            article.date,
            article.outlet,
            article.place,
            *_span_cols(article.dateline),
            article.text,
            article.raw,
            now_iso(),
        ),
    ).rowcount
    if not inserted:
        if article.raw is not None:
            conn.execute(
                "UPDATE article SET raw = ? WHERE id = ? AND raw IS NULL", (article.raw, sha)
            )
        return
    conn.executemany(
        'INSERT INTO dropped (article_id, position, start, "end", reason) VALUES (?, ?, ?, ?, ?)',
        [(sha, i, d.start, d.end, d.reason) for i, d in enumerate(article.dropped)],
    )


def _write_people(
    conn: sqlite3.Connection, cid: str, people: Sequence[Person], labels: _Labels
) -> None:
    """People with their aliases, descriptors and mentions, each list in its original order."""
    conn.executemany(
        "INSERT INTO person (comparison_id, id, position, name, kind) VALUES (?, ?, ?, ?, ?)",
        [(cid, p.id, i, p.name, p.kind) for i, p in enumerate(people)],
    )
    conn.executemany(
        "INSERT INTO person_alias (comparison_id, person_id, position, alias) VALUES (?, ?, ?, ?)",
        [(cid, p.id, i, alias) for p in people for i, alias in enumerate(p.aliases)],
    )
    conn.executemany(
        "INSERT INTO descriptor (comparison_id, person_id, position, article_id, kind, text,"
        ' start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
            (cid, p.id, i, labels[d.article], d.kind, d.text, d.start, d.end)
            for p in people
            for i, d in enumerate(p.descriptors)
        ],
    )
    conn.executemany(
        'INSERT INTO mention (comparison_id, person_id, position, article_id, start, "end",'
        " text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (cid, p.id, i, labels[m.article], m.start, m.end, m.text)
            for p in people
            for i, m in enumerate(p.mentions)
        ],
    )


def _write_quotes(
    conn: sqlite3.Connection, cid: str, comparison: Comparison, labels: _Labels
) -> None:
    """Quotes with their cue and speaker mention spans; `speaker_id` must name a person."""
    people = {p.id for p in comparison.people}
    conn.executemany(
        'INSERT INTO quote (comparison_id, id, position, article_id, kind, start, "end", text,'
        " cue_start, cue_end, cue_text, mention_start, mention_end, mention_text, speaker,"
        " person_id, how) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                cid,
                q.id,
                i,
                labels[q.article],
                q.kind,
                q.start,
                q.end,
                q.text,
                *_span_cols(q.cue),
                *_span_cols(q.mention),
                q.speaker,
                _known(people, q.speaker_id, f"quote {q.id} speaker_id"),
                q.how,
            )
            for i, q in enumerate(comparison.quotes)
        ],
    )


def _write_alignments(conn: sqlite3.Connection, cid: str, comparison: Comparison) -> None:
    """Alignments, their member quotes and their pairwise diffs."""
    people = {p.id for p in comparison.people}
    quotes = {q.id for q in comparison.quotes}
    alignments = comparison.alignments
    conn.executemany(
        "INSERT INTO alignment (comparison_id, id, position, relation, person_id)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                cid,
                a.id,
                i,
                a.relation,
                _known(people, a.speaker_id, f"alignment {a.id} speaker_id"),
            )
            for i, a in enumerate(alignments)
        ],
    )
    conn.executemany(
        "INSERT INTO alignment_member (comparison_id, alignment_id, position, quote_id)"
        " VALUES (?, ?, ?, ?)",
        [
            (cid, a.id, i, _known(quotes, q, f"alignment {a.id}"))
            for a in alignments
            for i, q in enumerate(a.quotes)
        ],
    )
    conn.executemany(
        "INSERT INTO aligned_pair (comparison_id, alignment_id, position, a, b, relation,"
        " similarity, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                cid,
                a.id,
                i,
                _json(list(p.a)),
                _json(list(p.b)),
                p.relation,
                p.similarity,
                _json([asdict(op) for op in p.diff]),
            )
            for a in alignments
            for i, p in enumerate(a.pairs)
        ],
    )


def _write_discrepancies(
    conn: sqlite3.Connection, cid: str, comparison: Comparison, labels: _Labels
) -> None:
    """Discrepancies, their per-article values and spans keyed by article sha."""
    people = {p.id for p in comparison.people}
    conn.executemany(
        'INSERT INTO discrepancy (comparison_id, id, position, person_id, about, topic, "values",'
        " spans) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                cid,
                d.id,
                i,
                _known(people, d.person_id, f"discrepancy {d.id}"),
                d.about,
                d.topic,
                _json(labels.keyed_by_sha(d.values)),
                _json(labels.keyed_by_sha({k: _span_json(s) for k, s in d.spans.items()})),
            )
            for i, d in enumerate(comparison.discrepancies)
        ],
    )


def _write_coverage(
    conn: sqlite3.Connection, cid: str, comparison: Comparison, labels: _Labels
) -> None:
    """One voice row per (article, person); `exclusive_position` marks (and orders) the voices
    only that article carries. An exclusive voice the article does not carry is a bug upstream."""
    coverage = comparison.coverage
    people = {p.id for p in comparison.people}
    labels.keyed_by_sha(coverage.voices)  # every key must be an article of the comparison
    labels.keyed_by_sha(coverage.exclusive)
    rows = []
    for label in labels.sha:
        voices = coverage.voices.get(label, ())
        exclusive = coverage.exclusive.get(label, ())
        if stray := set(exclusive) - set(voices):
            raise ValueError(f"coverage: {label!r} has exclusive voices it lacks: {sorted(stray)}")
        rows += [
            (
                cid,
                labels[label],
                _known(people, pid, f"coverage of {label!r}"),
                i,
                exclusive.index(pid) if pid in exclusive else None,
            )
            for i, pid in enumerate(voices)
        ]
    conn.executemany(
        "INSERT INTO voice (comparison_id, article_id, person_id, position, exclusive_position)"
        " VALUES (?, ?, ?, ?, ?)",
        rows,
    )


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def load_comparison(
    conn: sqlite3.Connection, comparison_id: str, *, with_raw: bool = False
) -> Comparison:
    """Rebuild the stored comparison, equal to the one saved. `Article.raw` (the page as fetched,
    possibly large) is loaded only on request: nothing but a re-extraction needs it."""
    with transaction(conn, write=False):
        row = conn.execute("SELECT shared FROM comparison WHERE id = ?", (comparison_id,))
        found = row.fetchone()
        if found is None:
            raise KeyError(f"no comparison {comparison_id!r} in this store")
        articles, labels, keys = _load_articles(conn, comparison_id, with_raw)
        return Comparison(
            articles=articles,
            quotes=_load_quotes(conn, comparison_id, labels),
            people=_load_people(conn, comparison_id, labels),
            alignments=_load_alignments(conn, comparison_id),
            discrepancies=_load_discrepancies(conn, comparison_id, labels),
            coverage=_load_coverage(conn, comparison_id, labels, keys, json.loads(found[0])),
        )


def _load_articles(
    conn: sqlite3.Connection, cid: str, with_raw: bool
) -> tuple[tuple[Article, ...], _Labels, list[tuple[str, bool, bool]]]:
    """Articles in comparison order, under their labels in this comparison; also the label map
    and which labels were Coverage keys."""
    rows = _rows(
        conn,
        "SELECT a.*, ca.label AS ca_label, ca.source AS ca_source, ca.in_voices, ca.in_exclusive"
        " FROM comparison_article ca JOIN article a ON a.id = ca.article_id"
        " WHERE ca.comparison_id = ? ORDER BY ca.position",
        (cid,),
    )
    dropped = defaultdict(list)
    for d in _rows(
        conn,
        'SELECT d.article_id, d.start, d."end", d.reason FROM dropped d JOIN comparison_article ca'
        " ON ca.article_id = d.article_id WHERE ca.comparison_id = ? ORDER BY d.position",
        (cid,),
    ):
        dropped[d["article_id"]].append(Dropped(d["start"], d["end"], d["reason"]))
    articles = tuple(
        Article(
            id=r["ca_label"],
            text=r["text"],
            source=r["ca_source"],
            title=r["title"],
            authors=tuple(json.loads(r["authors"])),
            date=r["date"],
            outlet=r["outlet"],
            place=r["place"],
            dateline=_span_from(r["dateline_start"], r["dateline_end"], r["dateline_text"]),
            dropped=tuple(dropped[r["id"]]),
            raw=r["raw"] if with_raw else None,
        )
        for r in rows
    )
    labels = _Labels([(r["ca_label"], r["id"]) for r in rows])
    keys = [(r["ca_label"], bool(r["in_voices"]), bool(r["in_exclusive"])) for r in rows]
    return articles, labels, keys


def _load_quotes(conn: sqlite3.Connection, cid: str, labels: _Labels) -> tuple[Quote, ...]:
    return tuple(
        Quote(
            id=r["id"],
            article=labels.label[r["article_id"]],
            kind=r["kind"],
            start=r["start"],
            end=r["end"],
            text=r["text"],
            cue=_span_from(r["cue_start"], r["cue_end"], r["cue_text"]),
            mention=_span_from(r["mention_start"], r["mention_end"], r["mention_text"]),
            speaker=r["speaker"],
            speaker_id=r["person_id"],
            how=r["how"],
        )
        for r in _rows(
            conn, "SELECT * FROM quote WHERE comparison_id = ? ORDER BY position", (cid,)
        )
    )


def _load_people(conn: sqlite3.Connection, cid: str, labels: _Labels) -> tuple[Person, ...]:
    """People with their lists, one query per table grouped here rather than one per person."""

    def grouped(table: str, make: Callable[[sqlite3.Row], Any]) -> dict[str, list[Any]]:
        groups: dict[str, list[Any]] = defaultdict(list)
        for r in _rows(
            conn,
            f"SELECT * FROM {table} WHERE comparison_id = ? ORDER BY person_id, position",
            (cid,),
        ):
            groups[r["person_id"]].append(make(r))
        return groups

    aliases = grouped("person_alias", lambda r: r["alias"])
    descriptors = grouped(
        "descriptor",
        lambda r: Descriptor(
            labels.label[r["article_id"]], r["kind"], r["text"], r["start"], r["end"]
        ),
    )
    mentions = grouped(
        "mention",
        lambda r: Mention(labels.label[r["article_id"]], r["start"], r["end"], r["text"]),
    )
    return tuple(
        Person(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            aliases=tuple(aliases[r["id"]]),
            descriptors=tuple(descriptors[r["id"]]),
            mentions=tuple(mentions[r["id"]]),
        )
        for r in _rows(
            conn, "SELECT * FROM person WHERE comparison_id = ? ORDER BY position", (cid,)
        )
    )


def _load_alignments(conn: sqlite3.Connection, cid: str) -> tuple[Alignment, ...]:
    members: dict[str, list[str]] = defaultdict(list)
    for r in _rows(
        conn,
        "SELECT alignment_id, quote_id FROM alignment_member WHERE comparison_id = ?"
        " ORDER BY alignment_id, position",
        (cid,),
    ):
        members[r["alignment_id"]].append(r["quote_id"])
    pairs: dict[str, list[AlignedPair]] = defaultdict(list)
    for r in _rows(
        conn,
        "SELECT * FROM aligned_pair WHERE comparison_id = ? ORDER BY alignment_id, position",
        (cid,),
    ):
        pairs[r["alignment_id"]].append(
            AlignedPair(
                a=tuple(json.loads(r["a"])),
                b=tuple(json.loads(r["b"])),
                relation=r["relation"],
                similarity=r["similarity"],
                diff=tuple(DiffOp(**op) for op in json.loads(r["diff"])),
            )
        )
    return tuple(
        Alignment(
            id=r["id"],
            quotes=tuple(members[r["id"]]),
            relation=r["relation"],
            speaker_id=r["person_id"],
            pairs=tuple(pairs[r["id"]]),
        )
        for r in _rows(
            conn, "SELECT * FROM alignment WHERE comparison_id = ? ORDER BY position", (cid,)
        )
    )


def _load_discrepancies(
    conn: sqlite3.Connection, cid: str, labels: _Labels
) -> tuple[Discrepancy, ...]:
    def spans(text: str) -> dict[str, Span | None]:
        return {k: None if s is None else Span(**s) for k, s in json.loads(text).items()}

    return tuple(
        Discrepancy(
            id=r["id"],
            person_id=r["person_id"],
            about=r["about"],
            topic=r["topic"],
            values=labels.keyed_by_label(json.loads(r["values"])),
            spans=labels.keyed_by_label(spans(r["spans"])),
        )
        for r in _rows(
            conn, "SELECT * FROM discrepancy WHERE comparison_id = ? ORDER BY position", (cid,)
        )
    )


def _load_coverage(
    conn: sqlite3.Connection,
    cid: str,
    labels: _Labels,
    keys: list[tuple[str, bool, bool]],
    shared: list[str],
) -> Coverage:
    voices: dict[str, list[str]] = defaultdict(list)
    exclusive: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in _rows(conn, "SELECT * FROM voice WHERE comparison_id = ? ORDER BY position", (cid,)):
        label = labels.label[r["article_id"]]
        voices[label].append(r["person_id"])
        if r["exclusive_position"] is not None:
            exclusive[label].append((r["exclusive_position"], r["person_id"]))
    return Coverage(
        voices={label: tuple(voices[label]) for label, in_voices, _ in keys if in_voices},
        exclusive={
            label: tuple(pid for _, pid in sorted(exclusive[label]))
            for label, _, in_exclusive in keys
            if in_exclusive
        },
        shared=tuple(shared),
    )


# ---------------------------------------------------------------------------------------------
# Listing
# ---------------------------------------------------------------------------------------------

COUNTED = {
    "quotes": "quote",
    "people": "person",
    "alignments": "alignment",
    "discrepancies": "discrepancy",
}


def list_comparisons(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every stored comparison, newest first: id, created, article labels and record counts."""
    counts = {
        key: dict(
            conn.execute(f"SELECT comparison_id, count(*) FROM {table} GROUP BY comparison_id")
        )
        for key, table in COUNTED.items()
    }
    labels: dict[str, list[str]] = defaultdict(list)
    for cid, label in conn.execute(
        "SELECT comparison_id, label FROM comparison_article ORDER BY comparison_id, position"
    ):
        labels[cid].append(label)
    return [
        {
            "id": cid,
            "created": created,
            "articles": labels[cid],
            **{key: counts[key].get(cid, 0) for key in COUNTED},
        }
        for cid, created in conn.execute(
            "SELECT id, created FROM comparison ORDER BY created DESC, id"
        )
    ]
