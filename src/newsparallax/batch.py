"""Ingest a corpus into the store: documents read in parallel, written by one process, never lost.

The parent expands the SOURCE arguments (`sources.expand`, a generator) and hands documents to a
pool of worker processes (all cores by default), at most a few per worker in flight so memory
stays bounded. Each worker turns one document into a `CorpusArticle` (`read_document`)
under a per-document time cap, or returns the reason it could not. The parent takes results in
input order, so a run is deterministic, and writes them to SQLite in short transactions.

Why a re-run, or a run killed with kill -9 and started again, loses and duplicates nothing:

- every document is keyed by `(source, sha256 of its bytes)`; a document whose key is already
  in `article_source` or `error` is skipped before any work is done (a URL already stored is not
  even fetched again);
- articles are keyed by the hash of their text, so the same story read twice is one article with
  two `article_source` rows, and near-duplicate groups are keyed by their first article;
- a transaction holds whole documents only (an article with its dropped spans, source row,
  signature and group membership), so a kill leaves each document either fully written or not
  at all, and the next run redoes exactly the missing ones, in the same order.

One bad document never stops a run: it becomes an `error` row with its stage and reason. A
worker that crashes (a segfault, the OOM killer) or hangs past the cap is replaced; a document
that crashes a fresh worker on its own is recorded as the culprit.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from typing import Any, BinaryIO

from newsparallax.dedupe import THRESHOLD, NearDuplicates
from newsparallax.executors import warmed_pool
from newsparallax.fetch import Fetcher, FetchOptions
from newsparallax.limits import DOC_TIMEOUT, MAX_BYTES, MAX_DEPTH, MAX_RATIO, MAX_WARC_RECORDS
from newsparallax.model import InputError
from newsparallax.reading.document import CorpusArticle, Document, raw_hash, read_document
from newsparallax.reading.fingerprint import SHINGLE
from newsparallax.sources import Seen, SourceError, SourceOptions, expand
from newsparallax.store import now_iso

COMMIT_EVERY = 64  # documents per transaction at most
COMMIT_SECONDS = 1.0  # and at most this long between commits
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class IngestOptions:
    workers: int | None = None  # processes; None: all cores; 0: in this process (debugging)
    doc_timeout: float = DOC_TIMEOUT  # seconds one document may take to extract; 0: no cap
    max_bytes: int = MAX_BYTES  # size cap for one document
    max_ratio: float = MAX_RATIO  # decompressed / compressed size of a .gz file
    max_depth: int = MAX_DEPTH  # elements nested in an HTML page
    max_warc_records: int = MAX_WARC_RECORDS  # records read from one WARC file
    threshold: float = THRESHOLD  # near-duplicate Jaccard threshold
    fetch: FetchOptions = field(default_factory=FetchOptions)


@dataclass
class RunSummary:
    """What one run did. `documents` counts documents newly read; `skipped` those an earlier run
    had already stored or recorded as errors."""

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
    """A document that yielded no article: where, at which stage, why."""

    source: str
    raw_sha: str
    stage: str  # read | fetch | parse | size | extract | timeout | crash
    reason: str


Outcome = CorpusArticle | Failure
Progress = Callable[[RunSummary, str], None]


# ---------------------------------------------------------------------------------------------
# The worker side
# ---------------------------------------------------------------------------------------------


class _DocumentTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _DocumentTimeout


def work(document: Document, timeout: float, max_depth: int = MAX_DEPTH) -> Outcome:
    """Read one document under a wall-clock cap; never raises for a bad document."""
    sha = raw_hash(document.content)
    use_alarm = timeout > 0 and _main_thread()
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return read_document(document, max_depth=max_depth)
    except InputError as exc:
        return Failure(document.source, sha, "extract", exc.reason)
    except _DocumentTimeout:
        return Failure(
            document.source, sha, "timeout", f"extraction took over {timeout:g} s (--doc-timeout)"
        )
    except RecursionError:
        return Failure(document.source, sha, "extract", "document nested too deeply")
    except MemoryError:
        return Failure(document.source, sha, "extract", "out of memory")
    except Exception as exc:  # a library bug on odd input must not end the run
        return Failure(document.source, sha, "extract", f"{type(exc).__name__}: {exc}"[:300])
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


WARM_UP = (
    Document(
        "warm-up.html",
        b"<html><head><title>Warm</title></head><body><article><p>"
        b"The council met on Tuesday, the mayor said.</p></article></body></html>",
    ),
    Document("warm-up.txt", b"The council met on Tuesday, the mayor said."),
)


def warm_extraction() -> int:
    """Read a page and a text once, so that the libraries' first-use set-up (well under a
    second) is not charged to a real document's `--doc-timeout`."""
    for document in WARM_UP:
        work(document, 0)
    return os.getpid()


# ---------------------------------------------------------------------------------------------
# The parent side
# ---------------------------------------------------------------------------------------------


def ingest(
    conn: sqlite3.Connection,
    sources: Iterable[str],
    options: IngestOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Read every source into the store at `conn` (opened with `store.open_store`)."""
    options = options or IngestOptions()
    sources = list(sources)
    started = time.monotonic()
    close_stale_runs(conn)
    run_id = start_run(conn, sources, options)
    summary = RunSummary(run_id)
    index = load_near_duplicates(conn, options.threshold)
    writer = Writer(conn, run_id, summary, index)
    fetcher = Fetcher(options.fetch)
    status = "failed"
    try:
        items = expand(
            sources,
            SourceOptions(
                max_bytes=options.max_bytes,
                max_ratio=options.max_ratio,
                max_warc_records=options.max_warc_records,
                fetcher=fetcher,
                stdin=stdin,
                seen_url=writer.url_done,
                exclude=_store_files(conn),
            ),
        )
        for outcome in _outcomes(items, options, writer, summary):
            writer.write(outcome)
            if progress:
                progress(summary, outcome.source)
        writer.flush()
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"  # the open transaction is rolled back: whole documents only
        raise
    finally:
        fetcher.close()
        summary.seconds = time.monotonic() - started
        finish_run(conn, summary, status)
    return summary


def _outcomes(
    items: Iterator[Any], options: IngestOptions, writer: Writer, summary: RunSummary
) -> Iterator[Outcome]:
    """Results in input order: errors from expansion pass straight through, documents already
    stored are skipped, the rest are read by the pool."""

    def todo() -> Iterator[Document | Failure]:
        for item in items:
            if isinstance(item, Seen):
                summary.skipped += 1
            elif isinstance(item, SourceError):
                failure = Failure(item.source, "", item.stage, item.reason)
                if writer.done(failure.source, ""):
                    summary.skipped += 1
                else:
                    yield failure
            elif writer.done(item.source, raw_hash(item.content)):
                summary.skipped += 1
            else:
                yield item

    workers = os.cpu_count() or 1 if options.workers is None else options.workers
    if workers <= 0:
        for item in todo():
            yield (
                item
                if isinstance(item, Failure)
                else work(item, options.doc_timeout, options.max_depth)
            )
        return
    with _Pool(workers, options.doc_timeout, options.max_depth) as pool:
        yield from pool.ordered(todo())


class _Pool:
    """A process pool with a bounded window of documents in flight, results in input order,
    and recovery from a crashed or hung worker."""

    def __init__(self, workers: int, doc_timeout: float, max_depth: int = MAX_DEPTH):
        self.workers = workers
        self.doc_timeout = doc_timeout
        self.max_depth = max_depth
        self.hard_timeout = doc_timeout * 2 + 30 if doc_timeout > 0 else None
        self.window = workers * IN_FLIGHT_PER_WORKER
        self.executor = self._new()

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._kill()

    def _new(self) -> ProcessPoolExecutor:
        return warmed_pool(self.workers, "newsparallax.batch", warm_extraction)

    def _kill(self) -> None:
        processes = list(getattr(self.executor, "_processes", {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(5)

    def _restart(self) -> None:
        self._kill()
        self.executor = self._new()

    def _submit(self, document: Document) -> Future:
        return self.executor.submit(work, document, self.doc_timeout, self.max_depth)

    def ordered(self, items: Iterator[Document | Failure]) -> Iterator[Outcome]:
        pending: deque[tuple[Document | Failure, Future | None]] = deque()
        for item in items:
            pending.append((item, None if isinstance(item, Failure) else self._submit(item)))
            while len(pending) >= self.window:
                yield self._next(pending)
        while pending:
            yield self._next(pending)

    def _next(self, pending: deque[tuple[Document | Failure, Future | None]]) -> Outcome:
        item, future = pending.popleft()
        if future is None:
            return item  # type: ignore[return-value]
        assert isinstance(item, Document)
        try:
            return future.result(timeout=self.hard_timeout)
        except FutureTimeout:
            failure = Failure(
                item.source,
                raw_hash(item.content),
                "timeout",
                "worker stopped responding; it was killed (--doc-timeout)",
            )
        except BrokenProcessPool:
            failure = self._alone(item)
        self._restart()
        self._resubmit(pending)
        return failure

    def _alone(self, document: Document) -> Outcome:
        """After a crash: read the document on its own in a fresh pool, to tell whether it is
        the one that crashes workers."""
        self._restart()
        try:
            return self._submit(document).result(timeout=self.hard_timeout)
        except (BrokenProcessPool, FutureTimeout):
            return Failure(
                document.source,
                raw_hash(document.content),
                "crash",
                "the worker reading it crashed (twice)",
            )

    def _resubmit(self, pending: deque[tuple[Document | Failure, Future | None]]) -> None:
        for i, (item, future) in enumerate(pending):
            if future is not None:
                pending[i] = (item, self._submit(item))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


class Writer:
    """Writes outcomes in short transactions of whole documents."""

    def __init__(
        self, conn: sqlite3.Connection, run_id: int, summary: RunSummary, index: NearDuplicates
    ):
        self.conn = conn
        self.run_id = run_id
        self.summary = summary
        self.index = index
        self.open_since: float | None = None
        self.in_batch = 0

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
        self.open_since = None
        self.in_batch = 0

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
        a = item.article
        sha = a.sha
        now = now_iso()
        existing = self.conn.execute(
            "SELECT ingested_at FROM article WHERE id = ?", (sha,)
        ).fetchone()
        published = item.published
        corpus_cols = (
            item.url,
            item.canonical_url,
            item.language,
            published.source if published else None,
            published.confidence if published else None,
            int(item.truncated),
            now,
        )
        if existing is None:
            dateline = a.dateline
            self.conn.execute(
                "INSERT INTO article (id, label, source, title, authors, date, outlet, place,"
                " dateline_start, dateline_end, dateline_text, text, raw, first_seen, url,"
                " canonical_url, language, date_source, date_confidence, truncated, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sha,
                    a.id,
                    a.source,
                    a.title,
                    _json(list(a.authors)),
                    a.date,
                    a.outlet,
                    a.place,
                    dateline.start if dateline else None,
                    dateline.end if dateline else None,
                    dateline.text if dateline else None,
                    a.text,
                    a.raw,
                    now,
                    *corpus_cols,
                ),
            )
            self.conn.executemany(
                'INSERT INTO dropped (article_id, position, start, "end", reason)'
                " VALUES (?, ?, ?, ?, ?)",
                [(sha, i, d.start, d.end, d.reason) for i, d in enumerate(a.dropped)],
            )
            self.summary.added += 1
        else:
            if existing[0] is None:  # stored by `compare` only: add what ingest knows
                self.conn.execute(
                    "UPDATE article SET url = ?, canonical_url = ?, language = ?, date_source = ?,"
                    " date_confidence = ?, truncated = ?, ingested_at = ?,"
                    " date = coalesce(date, ?) WHERE id = ?",
                    (*corpus_cols, a.date, sha),
                )
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
# Runs
# ---------------------------------------------------------------------------------------------


def load_near_duplicates(conn: sqlite3.Connection, threshold: float) -> NearDuplicates:
    """The near-duplicate index of every stored article, so new ones are matched against all."""
    index = NearDuplicates(threshold=threshold)
    index.load(
        (
            (r[0], r[1])
            for r in conn.execute("SELECT article_id, signature FROM minhash ORDER BY rowid")
        ),
        ((r[0], r[1]) for r in conn.execute("SELECT article_id, group_id FROM duplicate_member")),
    )
    return index


def start_run(conn: sqlite3.Connection, sources: list[str], options: Any) -> int:
    """A `run` row for this run; `options` (a dataclass) is recorded beside the sources."""
    opts = asdict(options)
    opts.get("fetch", {}).pop("user_agent", None)
    cursor = conn.execute(
        "INSERT INTO run (started, status, pid, sources, options) VALUES (?, 'running', ?, ?, ?)",
        (now_iso(), os.getpid(), _json(sources), _json(opts)),
    )
    return int(cursor.lastrowid)


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
    """Runs left 'running' by a process that no longer exists were killed: say so."""
    for run_id, pid in conn.execute("SELECT id, pid FROM run WHERE status = 'running'").fetchall():
        if not _alive(pid):
            conn.execute("UPDATE run SET status = 'interrupted' WHERE id = ?", (run_id,))


def _store_files(conn: sqlite3.Connection) -> frozenset[str]:
    """The store's own files, never to be read as documents (`ingest .` in the store's folder)."""
    files = set()
    for _, _name, path in conn.execute("PRAGMA database_list"):
        if path:
            files |= {
                os.path.realpath(path + suffix) for suffix in ("", "-wal", "-shm", "-journal")
            }
    return frozenset(files)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
