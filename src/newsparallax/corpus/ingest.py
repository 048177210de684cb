"""`newsparallax ingest`: a corpus into the store, documents read in parallel, written by one
process, never lost.

The parent expands the SOURCE arguments (`corpus.sources`, a generator) and hands documents to
worker processes (all cores by default, `corpus.executors`), at most a few per worker in flight
so memory stays bounded. Each worker turns one document into a `CorpusArticle`
(`corpus.worker`, under the per-document time caps) or the reason it could not. The parent takes
results in input order, so a run is deterministic, and writes them to SQLite in short
transactions of whole documents (`store.corpus`: why a re-run, or a run killed with kill -9 and
started again, loses and duplicates nothing).

One bad document never stops a run: it becomes an `error` row with its stage and reason. A
worker that crashes (a segfault, the OOM killer) or is stopped past the hard cap is replaced; a
document that crashes a fresh worker on its own is recorded as the culprit.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from newsparallax.corpus.defaults import LOCK_WAIT
from newsparallax.corpus.duplicates import THRESHOLD
from newsparallax.corpus.executors import LocalExecutor
from newsparallax.corpus.fetch import Fetcher, FetchOptions
from newsparallax.corpus.items import Seen, SourceError, SourceOptions
from newsparallax.corpus.lifecycle import corpus_run
from newsparallax.corpus.sources import expand
from newsparallax.corpus.worker import read, warm
from newsparallax.limits import DOC_TIMEOUT, MAX_BYTES, MAX_DEPTH, MAX_RATIO, MAX_WARC_RECORDS
from newsparallax.reading.document import Document, raw_hash
from newsparallax.store.corpus import Failure, Outcome, RunSummary, Writer, store_files

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
    lock_wait: float = LOCK_WAIT  # seconds to wait for another process's write lock
    fetch: FetchOptions = field(default_factory=FetchOptions)


Progress = Callable[[RunSummary, str], None]


def ingest(
    conn: sqlite3.Connection,
    sources: Iterable[str],
    options: IngestOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Read every source into the store at `conn` (opened with `store.schema.open_store`)."""
    options = options or IngestOptions()
    sources = list(sources)
    with (
        corpus_run(conn, sources, options, options.threshold, options.lock_wait) as writer,
        Fetcher(options.fetch) as fetcher,
    ):
        items = expand(
            sources,
            SourceOptions(
                max_bytes=options.max_bytes,
                max_ratio=options.max_ratio,
                max_warc_records=options.max_warc_records,
                fetcher=fetcher,
                stdin=stdin,
                seen_url=writer.url_done,
                exclude=store_files(conn),
            ),
        )
        for outcome in _outcomes(items, options, writer):
            writer.write(outcome)
            if progress:
                progress(writer.summary, outcome.source)
        writer.flush()
    return writer.summary


def _outcomes(items: Iterator[Any], options: IngestOptions, writer: Writer) -> Iterator[Outcome]:
    """Results in input order: errors from expansion pass straight through, documents already
    stored are skipped, the rest are read by the workers."""
    summary = writer.summary

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
    caps = (options.doc_timeout, options.max_depth)
    if workers <= 0:
        for item in todo():
            yield read(item, *caps, None)
        return
    executor = LocalExecutor(
        workers,
        retries=1,
        preload="newsparallax.corpus.worker",
        warm=warm,
        per_worker=IN_FLIGHT_PER_WORKER,
    )
    with tempfile.TemporaryDirectory(prefix="newsparallax-ingest-") as scratch:
        poison = str(Path(scratch) / "poison.jsonl")
        try:
            for item, result in executor.map(read, todo(), *caps, poison, ordered=True):
                yield _crashed(item, result) if isinstance(result, BaseException) else result
        finally:
            executor.close()


def _crashed(document: Document, error: BaseException) -> Failure:
    """A document whose worker died under it every time, alone too; or (a bug) whose task
    raised."""
    sha = raw_hash(document.content)
    if isinstance(error, BrokenProcessPool):
        reason = "the worker reading it crashed, also when it was read alone"
    else:
        reason = f"{type(error).__name__}: {error}"[:300]
    return Failure(document.source, sha, "crash", reason)
