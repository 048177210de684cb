"""The store's schema: the SQLite file, its tables (in migrations whose texts never change once
released) and how it is opened, read-write and migrated, or read-only.

The connection runs in autocommit mode: the store's modules open their own transactions
(`transaction`), so a caller's forgotten `commit()` can never hold half a comparison. Every time
in the store is ISO-8601 UTC (`now_iso`); lists are JSON arrays (`json_text`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class StoreError(Exception):
    """A store file we cannot use; the message names the file and the reason."""


class RunStopped(StoreError):
    """A corpus run the store would not start (another run is writing to it) or could not go on
    with (its write lock held too long by another process, a full disk): the message says what
    happened, what the store holds and what to do."""


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


# Version 3: stories (see stories/). An article belongs to one story (`article_story`, in
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


def ensure_story_tables(conn: sqlite3.Connection) -> None:
    """Create the story tables if missing, for a connection not opened with `open_store` (which
    migrates to schema version 3 and so has them already): a no-op on a migrated store."""
    with transaction(conn):
        for statement in _V3:
            conn.execute(statement)


# Version 4: corpus runs (`newsparallax run`, see corpus/partitions.py). Each stored article's own
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


# Version 5: attribution evidence. A quote says how its speaker was found (`how`: name, role,
# pronoun, continuation, ...; what `how` held until now, what reports the quote, moves to
# `cue_kind`) and how sure that is (`confidence`: high, medium, low; NULL for quotes stored
# before, which nobody judged); an indirect statement keeps the words it quotes (`quoted`, a
# JSON array of [start, end, text]).
def _migrate_to_v5(conn: sqlite3.Connection) -> None:
    for table in ("quote", "article_quote"):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN confidence TEXT")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN cue_kind TEXT NOT NULL DEFAULT ''")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN quoted TEXT NOT NULL DEFAULT '[]'")
        conn.execute(f"UPDATE {table} SET cue_kind = how, how = ''")


# Version 6: the claim map, cue frames and the prominence of voices (store/claims.py). Every
# statement of every article with its claim group and whether only its article carries it; the
# differences between two renderings of one statement (both spans); per article, the groups most
# other articles carry and it leaves out; each quote's cue verb and frame; on `voice`, where the
# voice first appears in the article and how many words of quotes it gets.
_V6 = (
    """CREATE TABLE statement (
        comparison_id TEXT NOT NULL,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        claim_group TEXT NOT NULL,          -- statements of one group carry the same information
        only INTEGER NOT NULL CHECK (only IN (0, 1)),  -- no other article carries it
        PRIMARY KEY (comparison_id, id),
        FOREIGN KEY (comparison_id, article_id)
            REFERENCES comparison_article(comparison_id, article_id) ON DELETE CASCADE
    )""",
    "CREATE INDEX statement_by_group ON statement(comparison_id, claim_group)",
    """CREATE TABLE claim_difference (
        comparison_id TEXT NOT NULL,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,                 -- number | qualifier | negation | name
        a TEXT NOT NULL,                    -- statement ids
        b TEXT NOT NULL,
        a_start INTEGER NOT NULL,           -- the words that differ, in a's article
        a_end INTEGER NOT NULL,
        a_text TEXT NOT NULL,
        b_start INTEGER NOT NULL,
        b_end INTEGER NOT NULL,
        b_text TEXT NOT NULL,
        PRIMARY KEY (comparison_id, id),
        FOREIGN KEY (comparison_id, a) REFERENCES statement(comparison_id, id) ON DELETE CASCADE,
        FOREIGN KEY (comparison_id, b) REFERENCES statement(comparison_id, id) ON DELETE CASCADE
    )""",
    """CREATE TABLE left_out (
        comparison_id TEXT NOT NULL,
        article_id TEXT NOT NULL,
        position INTEGER NOT NULL,          -- most widely carried first
        claim_group TEXT NOT NULL,
        PRIMARY KEY (comparison_id, article_id, position),
        FOREIGN KEY (comparison_id, article_id)
            REFERENCES comparison_article(comparison_id, article_id) ON DELETE CASCADE
    )""",
    # ClaimMap.notes, and the articles ClaimMap.left_out has a key for (JSON arrays)
    "ALTER TABLE comparison ADD COLUMN claim_notes TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE comparison ADD COLUMN left_out_articles TEXT NOT NULL DEFAULT '[]'",
    """CREATE TABLE cue_frame (
        comparison_id TEXT NOT NULL,
        quote_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        verb TEXT NOT NULL,                 -- the cue's verb lemma, or "according to"
        frame TEXT NOT NULL,                -- neutral | assertive | doubting | ... | other
        PRIMARY KEY (comparison_id, quote_id),
        FOREIGN KEY (comparison_id, quote_id)
            REFERENCES quote(comparison_id, id) ON DELETE CASCADE
    )""",
    "ALTER TABLE voice ADD COLUMN first_position TEXT",  # headline | lead | first third | later
    "ALTER TABLE voice ADD COLUMN first_offset INTEGER",
    "ALTER TABLE voice ADD COLUMN words INTEGER",  # words of the voice's quotes in the article
)


def _migrate_to_v6(conn: sqlite3.Connection) -> None:
    """Add the claim map, cue frames and the prominence of voices."""
    for statement in _V6:
        conn.execute(statement)


# Version 7: a fact that differs about the story rather than about someone (`Discrepancy.person_id`
# None) can be stored: `discrepancy.person_id` may be NULL. SQLite cannot drop a NOT NULL, so the
# table is made again with the same columns and rows.
def _migrate_to_v7(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE discrepancy_v7 (
        comparison_id TEXT NOT NULL,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        person_id TEXT,                     -- NULL: a fact about the story, not about someone
        about TEXT NOT NULL,
        topic TEXT NOT NULL,
        "values" TEXT NOT NULL,             -- JSON object: article sha -> value or null
        spans TEXT NOT NULL,                -- JSON object: article sha -> {start,end,text} or null
        PRIMARY KEY (comparison_id, id),
        FOREIGN KEY (comparison_id, person_id)
            REFERENCES person(comparison_id, id) ON DELETE CASCADE
    )"""
    )
    conn.execute("INSERT INTO discrepancy_v7 SELECT * FROM discrepancy")
    conn.execute("DROP TABLE discrepancy")
    conn.execute("ALTER TABLE discrepancy_v7 RENAME TO discrepancy")


# MIGRATIONS[n] takes a store from version n to n + 1. Append only.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_to_v1,
    _migrate_to_v2,
    _migrate_to_v3,
    _migrate_to_v4,
    _migrate_to_v5,
    _migrate_to_v6,
    _migrate_to_v7,
]
SCHEMA_VERSION = len(MIGRATIONS)


OPEN_WAIT = 30.0  # seconds a statement waits for another process's write lock


def _lenient_text(value: bytes) -> str:
    """Text as SQLite hands it over. A store is a file people pass around: one holding bytes
    that are not UTF-8 in a text column (damaged, or written by another program) reads with
    U+FFFD in their place, instead of failing with a UnicodeDecodeError wherever it is read."""
    return value.decode("utf-8", "replace")


_DAMAGED_SCHEMA = "{path}: not a usable newsparallax store (its schema is damaged)"


def _check_schema_text(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a schema whose text is not UTF-8: SQLite parses it without complaint when the
    bytes are in a comment or a name, and the names then fail to decode at a later query."""
    try:
        for row in conn.execute("SELECT CAST(name AS BLOB), CAST(sql AS BLOB) FROM sqlite_master"):
            for value in row:
                (value or b"").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(_DAMAGED_SCHEMA.format(path=path)) from exc


def open_store(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) the store at `path`, migrated to the current schema.

    The connection runs in autocommit mode (`isolation_level=None`): this module opens its own
    transactions, so a caller's forgotten `commit()` can never hold half a comparison.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=OPEN_WAIT, isolation_level=None)
    conn.text_factory = _lenient_text
    try:
        _check_schema_text(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        _migrate(conn, path)
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" not in str(exc):
            raise StoreError(f"{path}: not a usable newsparallax store ({exc})") from exc
        raise StoreError(
            f"{path}: another process held the store's write lock for over {OPEN_WAIT:g} s;"
            " try again when it is done"
        ) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable newsparallax store ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the store up to date. The version is read without the write lock, so opening a
    store that is up to date never waits on a long run writing to it; a migration takes the
    lock and reads the version again under it, so two processes opening a fresh file at once
    cannot both create the schema."""
    target = len(MIGRATIONS)
    with transaction(conn, write=False):
        current = _schema_version(conn, path)
    if current > target:
        raise SchemaVersionError(
            f"{path}: store has schema version {current}, newer than the {target} this "
            "newsparallax understands; upgrade newsparallax to open it"
        )
    if current == target:
        return
    with transaction(conn):
        current = _schema_version(conn, path, create=True)
        for version in range(current, target):
            MIGRATIONS[version](conn)
            conn.execute(
                "INSERT INTO schema_version (version, applied) VALUES (?, ?)",
                (version + 1, now_iso()),
            )


def _schema_version(conn: sqlite3.Connection, path: Path, *, create: bool = False) -> int:
    """The store's schema version: 0 for an empty file (whose version table is made when
    `create`). A database holding other tables but no version is someone else's, and we refuse
    to write our tables into it."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "schema_version" not in tables:
        if tables:
            raise StoreError(f"{path}: an SQLite database, but not a newsparallax store")
        if create:
            conn.execute(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"
            )
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


@contextmanager
def reading(what: str) -> Iterator[None]:
    """Rows read back into records: what the store's own writers cannot have written (text where
    JSON belongs, a JSON object of other fields, a column renamed, in a damaged file or one
    another program wrote to) is one StoreError naming `what`, not a traceback from deep in the
    reader. (A row without a column raises IndexError.)"""
    try:
        yield
    except (ValueError, TypeError, IndexError) as exc:
        message = f"the store is damaged: {what} holds a value that cannot be read ({exc})"
        raise StoreError(message) from exc


def lock_wait(conn: sqlite3.Connection) -> float:
    """Seconds a statement on `conn` waits for another process's write lock (SQLite's busy
    timeout) before it fails with 'database is locked'."""
    return conn.execute("PRAGMA busy_timeout").fetchone()[0] / 1000


def set_lock_wait(conn: sqlite3.Connection, seconds: float) -> None:
    """Wait up to `seconds` for another process's write lock at each statement on `conn`."""
    conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")


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
        if conn.in_transaction:  # SQLite rolls back by itself on some errors (a full disk)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def open_read_only(path: str | Path) -> sqlite3.Connection:
    """A connection SQLite itself keeps from writing (`mode=ro`), for a store that must not change
    (the web app unless --writable). It cannot migrate, so a file without the store's tables,
    or of a newer schema, is refused with StoreError."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such store")
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False, timeout=30
    )
    conn.text_factory = _lenient_text
    try:
        _check_schema_text(conn, path)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable newsparallax store ({exc})") from exc
    if missing := _REQUIRED - tables:
        conn.close()
        raise StoreError(f"{path}: not a newsparallax store (no {', '.join(sorted(missing))})")
    version = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"{path}: store has schema version {version}, newer than this reader")
    return conn


# Tables a file must hold to be read as a store (read-only mode cannot migrate it).
_REQUIRED = {"schema_version", "article", "comparison", "comparison_article", "quote", "person"}


def quote_evidence(conn: sqlite3.Connection, alias: str) -> str:
    """The select list of a quote's attribution evidence, `how, confidence, cue_kind, quoted`,
    for `quote` or `article_quote` rows named `alias`. A store read as it is (read-only) from
    before schema version 5 has no such columns: what reported the quote was then in `how`,
    and nobody judged the speaker."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(quote)")}
    if "confidence" in columns:
        return f"{alias}.how, {alias}.confidence, {alias}.cue_kind, {alias}.quoted"
    return f"'' AS how, NULL AS confidence, {alias}.how AS cue_kind, '[]' AS quoted"


def has_tables(conn: sqlite3.Connection, *names: str) -> bool:
    """Whether the store holds these tables (a read-only store of an older schema may not)."""
    found = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return set(names) <= found


# ---------------------------------------------------------------------------------------------
# Small helpers every store module uses
# ---------------------------------------------------------------------------------------------


def now_iso() -> str:
    """Now, as ISO-8601 UTC to the second: how every time in the store is written."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def json_text(value: Any) -> str:
    """Compact JSON that keeps curly quotes and accents readable in the file."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    """Rows addressable by column name, without changing the caller's connection settings."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()
