"""Corpus tables in the store (schema versions 2 and 4): each run (`run`), every place an article
was read (`article_source`), what could not be read (`error`), the MinHash signatures and the
near-duplicate groups, each article's own analysis (`article_analysis`, `article_quote`,
`article_person`) and each partition of a corpus run loaded (`run_partition`).

Why a run, or a run killed with kill -9 and started again, loses and duplicates nothing:

- every document is keyed by `(source, sha256 of its bytes)`; a document whose key is already
  in `article_source` or `error` is skipped before any work is done (`Writer.done`; a URL
  already stored is not even fetched again, `Writer.url_done`);
- articles are keyed by the hash of their text (`store.articles`), so the same story read twice
  is one article with two `article_source` rows, and near-duplicate groups are keyed by their
  first article;
- a transaction holds whole documents only (an article with its dropped spans, source row,
  signature and group membership), so a kill leaves each document either fully written or not
  at all, and the next run redoes exactly the missing ones, in the same order.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from newsparallax.reading.document import CorpusArticle
from newsparallax.reading.fingerprint import SHINGLE
from newsparallax.store.articles import CorpusColumns, write_article
from newsparallax.store.schema import RunStopped, json_text, now_iso, transaction

COMMIT_EVERY = 64  # documents per transaction at most
COMMIT_SECONDS = 1.0  # and at most this long between commits


@dataclass
class RunSummary:
    """What one run did, as its `run` row counts it. `documents` counts documents newly read;
    `skipped` those an earlier run had already stored or recorded as errors."""

    run_id: int
    documents: int = 0
    added: int = 0
    copies: int = 0
    near_duplicates: int = 0
    skipped: int = 0
    errors: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Failure:
    """A document that yielded no article, as its `error` row says: where, at which stage, why."""

    source: str
    raw_sha: str  # '' when nothing was read (a failed fetch)
    # read | fetch | parse | size | extract | timeout | crash | partition | analyse | store
    stage: str
    reason: str


Outcome = CorpusArticle | Failure


class GroupChange(Protocol):
    """What adding an article changed in the near-duplicate groups (`corpus.duplicates.Match`)."""

    group: str | None
    new_members: list[tuple[str, float]]
    merged: list[str]


class DuplicateIndex(Protocol):
    """The near-duplicate index a writer keeps in step with the store (`NearDuplicates`)."""

    def __contains__(self, key: object) -> bool: ...

    def add(self, key: str, packed: bytes) -> GroupChange: ...

    def reload(self, conn: sqlite3.Connection) -> None: ...


# ---------------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------------


def start_run(conn: sqlite3.Connection, sources: list[str], options: Any) -> int:
    """A `run` row for this run; `options` (a dataclass) is recorded beside the sources. One
    run writes to a store at a time: runs left 'running' by processes that are gone are marked
    interrupted, and a run still going in another process makes this one RunStopped. The check
    and the new row are one write transaction, so two runs starting at once cannot both pass;
    it is made first without the write lock, which a run that is writing takes again as soon
    as it lets it go, so that waiting for the lock would last as long as that run."""
    opts = asdict(options)
    opts.get("fetch", {}).pop("user_agent", None)
    with transaction(conn, write=False):
        _refuse_another_run(conn)
    with transaction(conn):
        close_stale_runs(conn)
        _refuse_another_run(conn)
        cursor = conn.execute(
            "INSERT INTO run (started, status, pid, sources, options)"
            " VALUES (?, 'running', ?, ?, ?)",
            (now_iso(), os.getpid(), json_text(sources), json_text(opts)),
        )
    return int(cursor.lastrowid)


def _refuse_another_run(conn: sqlite3.Connection) -> None:
    for run_id, pid, started in conn.execute(
        "SELECT id, pid, started FROM run WHERE status = 'running' ORDER BY id"
    ).fetchall():
        if pid != os.getpid() and _running(pid, started):
            raise RunStopped(
                f"another run (run {run_id}, process {pid}, started {started}) is"
                " writing to this store; wait for it to finish, or use another --db"
            )


def finish_run(conn: sqlite3.Connection, summary: RunSummary, status: str) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.execute(
        "UPDATE run SET finished = ?, status = ?, documents = ?, added = ?, copies = ?,"
        " near_duplicates = ?, skipped = ?, errors = ? WHERE id = ?",
        (
            now_iso(),
            status,
            summary.documents,
            summary.added,
            summary.copies,
            summary.near_duplicates,
            summary.skipped,
            summary.errors,
            summary.run_id,
        ),
    )


def close_stale_runs(conn: sqlite3.Connection) -> None:
    """Runs left 'running' by a process that no longer exists were killed: say so. So were
    runs of this very process, which is starting one now: one that is still 'running' could
    not record how it ended (the store was locked or full)."""
    for run_id, pid, started in conn.execute(
        "SELECT id, pid, started FROM run WHERE status = 'running'"
    ).fetchall():
        if pid == os.getpid() or not _running(pid, started):
            conn.execute("UPDATE run SET status = 'interrupted' WHERE id = ?", (run_id,))


def _running(pid: int, started: str) -> bool:
    """Whether process `pid` is alive and is the one that started a run at `started`. A pid is
    given again once its process has ended (a container restarted, a machine rebooted): a live
    process that began after the run did is another program, and the run was killed."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    began = _process_start(pid)
    return began is None or began <= datetime.fromisoformat(started).timestamp() + 2


def _process_start(pid: int) -> float | None:
    """When process `pid` began (Unix time), from /proc; None where there is no /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22, starttime
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def store_files(conn: sqlite3.Connection) -> frozenset[str]:
    """The store's own files, never to be read as documents (`ingest .` in the store's folder)."""
    files = set()
    for _, _name, path in conn.execute("PRAGMA database_list"):
        if path:
            files |= {
                os.path.realpath(path + suffix) for suffix in ("", "-wal", "-shm", "-journal")
            }
    return frozenset(files)


def list_errors(conn: sqlite3.Connection, run_id: int | None = None) -> list[dict[str, Any]]:
    """Every recorded error (optionally of one run), oldest first."""
    sql = "SELECT source, stage, reason, run_id, at FROM error"
    params: tuple[Any, ...] = ()
    if run_id is not None:
        sql += " WHERE run_id = ?"
        params = (run_id,)
    cursor = conn.execute(sql + " ORDER BY at, source", params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def signatures(conn: sqlite3.Connection) -> Iterator[tuple[str, bytes]]:
    """Every stored article's MinHash signature, in the order stored."""
    yield from conn.execute("SELECT article_id, signature FROM minhash ORDER BY rowid")


def duplicate_memberships(conn: sqlite3.Connection) -> Iterator[tuple[str, str]]:
    """(article, group) of every near-duplicate group member."""
    yield from conn.execute("SELECT article_id, group_id FROM duplicate_member")


# ---------------------------------------------------------------------------------------------
# Writing a run's outcomes
# ---------------------------------------------------------------------------------------------


class Writer:
    """Writes outcomes in short transactions of whole documents, keeping the near-duplicate
    index in step with what it writes."""

    def __init__(
        self, conn: sqlite3.Connection, run_id: int, summary: RunSummary, index: DuplicateIndex
    ):
        self.conn = conn
        self.run_id = run_id
        self.summary = summary
        self.index = index
        self.open_since: float | None = None
        self.in_batch = 0
        self.committed = summary.documents  # documents in the store for good

    def done(self, source: str, raw_sha: str) -> bool:
        """True when an earlier run (or this one) already stored or rejected this document."""
        return bool(
            self.conn.execute(
                "SELECT 1 FROM article_source WHERE source = ? AND raw_sha = ?"
                " UNION ALL SELECT 1 FROM error WHERE source = ? AND raw_sha = ? LIMIT 1",
                (source, raw_sha, source, raw_sha),
            ).fetchone()
        )

    def url_done(self, url: str) -> bool:
        """A URL already stored as an article: not fetched again."""
        return bool(
            self.conn.execute(
                "SELECT 1 FROM article_source WHERE source = ? LIMIT 1", (url,)
            ).fetchone()
        )

    def write(self, outcome: Outcome) -> None:
        """Record `outcome`, committing every few documents or every second."""
        if self.open_since is None:
            self.conn.execute("BEGIN IMMEDIATE")
            self.open_since = time.monotonic()
        self.record(outcome)
        self.in_batch += 1
        if self.in_batch >= COMMIT_EVERY or time.monotonic() - self.open_since >= COMMIT_SECONDS:
            self.flush()

    def record(self, outcome: Outcome) -> None:
        """Record `outcome` inside the caller's open transaction."""
        if isinstance(outcome, Failure):
            self._failure(outcome)
        else:
            self._article(outcome)
        self.summary.documents += 1

    def flush(self) -> None:
        if self.open_since is None:
            return
        self._count()
        self.conn.execute("COMMIT")
        self.committed = self.summary.documents
        self.open_since = None
        self.in_batch = 0

    def record_all(self, failures: Sequence[Failure]) -> None:
        """Record failures found outside any document (a source naming nothing, a partition
        that keeps failing) in one transaction of their own."""
        if not failures:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        for failure in failures:
            self.record(failure)
        self.conn.execute("COMMIT")
        self.committed = self.summary.documents

    def _count(self) -> None:
        s = self.summary
        self.conn.execute(
            "UPDATE run SET documents = ?, added = ?, copies = ?, near_duplicates = ?, skipped = ?,"
            " errors = ? WHERE id = ?",
            (s.documents, s.added, s.copies, s.near_duplicates, s.skipped, s.errors, self.run_id),
        )

    def _failure(self, failure: Failure) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO error (source, raw_sha, stage, reason, run_id, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                failure.source,
                failure.raw_sha,
                failure.stage,
                failure.reason,
                self.run_id,
                now_iso(),
            ),
        )
        self.summary.errors += 1

    def _article(self, item: CorpusArticle) -> None:
        sha = item.article.sha
        now = now_iso()
        published = item.published
        corpus = CorpusColumns(
            url=item.url,
            canonical_url=item.canonical_url,
            language=item.language,
            date_source=published.source if published else None,
            date_confidence=published.confidence if published else None,
            truncated=int(item.truncated),
            ingested_at=now,
        )
        if write_article(self.conn, item.article, corpus):
            self.summary.added += 1
        else:
            self.summary.copies += 1
        if sha not in self.index:
            self.conn.execute(
                "INSERT INTO minhash (article_id, shingle, signature) VALUES (?, ?, ?)",
                (sha, SHINGLE, item.signature),
            )
            self._group(sha, item.signature)
        self.conn.execute(
            "INSERT OR IGNORE INTO article_source (article_id, source, raw_sha, url, run_id, seen)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (sha, item.source, item.raw_sha, item.url, self.run_id, now),
        )
        self.conn.execute("DELETE FROM error WHERE source = ?", (item.source,))

    def _group(self, sha: str, signature: bytes) -> None:
        match = self.index.add(sha, signature)
        if match.group is None:
            return
        self.summary.near_duplicates += 1
        self.conn.execute(
            "INSERT OR IGNORE INTO duplicate_group (id, created) VALUES (?, ?)",
            (match.group, now_iso()),
        )
        for merged in match.merged:
            self.conn.execute(
                "UPDATE duplicate_member SET group_id = ? WHERE group_id = ?", (match.group, merged)
            )
            self.conn.execute("DELETE FROM duplicate_group WHERE id = ?", (merged,))
        self.conn.executemany(
            "INSERT OR REPLACE INTO duplicate_member (article_id, group_id, similarity)"
            " VALUES (?, ?, ?)",
            [(member, match.group, round(sim, 4)) for member, sim in match.new_members],
        )


# ---------------------------------------------------------------------------------------------
# Corpus runs: partitions and each article's own analysis
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysed:
    """One article of a computed partition, with its analysis as rows of `article_quote` and
    `article_person`, and what the story grouper read of it (`story_tokens`)."""

    item: CorpusArticle
    quotes: list[dict[str, Any]]
    people: list[dict[str, Any]]
    tokens_key: str
    tokens: str


def loaded_partitions(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT id FROM run_partition")}


def store_partition(
    writer: Writer,
    partition: str,
    sources: Sequence[str],
    result: Mapping[str, Any],
    failures: Sequence[Failure],
    articles: Sequence[Analysed],
) -> None:
    """A computed partition in one transaction: its errors, its articles (through the run's
    writer: sources, exact and near duplicates), each new article's analysis and tokens, and
    its `run_partition` row (`result`: documents, articles, errors, seconds, worker)."""
    conn = writer.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        for failure in failures:
            if not writer.done(failure.source, failure.raw_sha):
                writer.record(failure)
        for analysed in articles:
            item = analysed.item
            if writer.done(item.source, item.raw_sha):
                writer.summary.skipped += 1
                continue
            _store_analysed(writer, analysed)
        conn.executemany(  # a failure of an earlier attempt at this partition is over
            "DELETE FROM error WHERE stage = 'partition' AND source = ?",
            [(f,) for f in sources],
        )
        conn.execute(
            "INSERT OR REPLACE INTO run_partition (id, run_id, sources, documents, articles,"
            " errors, seconds, worker, loaded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                partition,
                writer.run_id,
                json.dumps(list(sources), ensure_ascii=False),
                result["documents"],
                result["articles"],
                result["errors"],
                result["seconds"],
                result["worker"],
                now_iso(),
            ),
        )
        conn.execute("COMMIT")
        writer.committed = writer.summary.documents
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself on some errors (a full disk)
            conn.execute("ROLLBACK")
        raise


def _store_analysed(writer: Writer, analysed: Analysed) -> None:
    """One article of a partition with its analysis, inside a savepoint: rows of its own the
    store refuses (a broken key, a value SQLite cannot hold) make it an `error` row, stage
    `store`, and the partition's other articles are stored. What ends the whole partition is
    what no article caused: a full disk, a lost lock (`sqlite3.OperationalError`)."""
    conn, item = writer.conn, analysed.item
    counts = replace(writer.summary)
    conn.execute("SAVEPOINT article")
    try:
        writer.record(item)
        _store_analysis(conn, item.article.sha, analysed.quotes, analysed.people)
        conn.execute(
            "INSERT OR IGNORE INTO story_tokens (article_id, options, tokens) VALUES (?, ?, ?)",
            (item.article.sha, analysed.tokens_key, analysed.tokens),
        )
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, ValueError, OverflowError) as exc:
        conn.execute("ROLLBACK TO article")
        writer.summary.__dict__.update(counts.__dict__)
        writer.index.reload(conn)  # it learnt the article's signature, which is not stored
        reason = f"cannot store its analysis ({type(exc).__name__}: {exc})"[:300]
        writer.record(Failure(item.source, item.raw_sha, "store", reason))
    conn.execute("RELEASE article")


def _store_analysis(
    conn: sqlite3.Connection,
    sha: str,
    quotes: list[dict[str, Any]],
    people: list[dict[str, Any]],
) -> None:
    """An article's analysis, once: the same text read from another source is not redone."""
    added = conn.execute(
        "INSERT OR IGNORE INTO article_analysis (article_id, quotes, people, analysed)"
        " VALUES (?, ?, ?, ?)",
        (sha, len(quotes), len(people), now_iso()),
    ).rowcount
    if not added:
        return
    for table, found in (("article_quote", quotes), ("article_person", people)):
        if found:
            columns = list(found[0])
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            conn.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                [tuple(row[c] for c in columns) for row in found],
            )
