"""`newsparallax run`: a whole corpus, end to end: ingest → analyse (quotes, people) → store →
stories.

The driver cuts the sources into partitions (`corpus.partitions`), has an executor compute the
ones not done yet — local processes or a Dask cluster, the same worker code either way — and
loads each finished partition into the store as it arrives, one transaction per partition.
Stories are assigned last, online, over everything stored.

Why a stopped run resumes where it was, with nothing lost or twice: a partition loaded into the
store is a `run_partition` row and is never touched again; a partition computed but not loaded
(its `_done` marker exists under `out`) is loaded without recomputing; any other is computed.
A partition whose worker fails or dies is retried by the executor, and when it keeps failing,
its files are recorded as errors (stage `partition`) and the run goes on.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from newsparallax.corpus.defaults import FILES_PER_PARTITION, LOCK_WAIT, WARC_SPLIT_BYTES
from newsparallax.corpus.duplicates import THRESHOLD
from newsparallax.corpus.executors import Executor
from newsparallax.corpus.lifecycle import corpus_run
from newsparallax.corpus.partitions import (
    Partition,
    PartitionOptions,
    PartitionResult,
    is_done,
    load_partition,
    plan,
    process_partition,
)
from newsparallax.store.corpus import Failure, RunSummary, loaded_partitions
from newsparallax.stories.grouping import StoryRun, assign_stories


@dataclass(frozen=True)
class RunOptions:
    files_per_partition: int = FILES_PER_PARTITION
    warc_split: int = WARC_SPLIT_BYTES  # a bigger WARC file is cut into byte ranges this long
    partition: PartitionOptions = field(default_factory=PartitionOptions)
    threshold: float = THRESHOLD  # near-duplicate Jaccard threshold
    stories: bool = True
    lock_wait: float = LOCK_WAIT  # seconds to wait for another process's write lock


@dataclass
class CorpusRunSummary:
    """What one run did, beside the ingest counts of its `run` row."""

    ingest: RunSummary
    partitions: int = 0  # in the plan
    already_loaded: int = 0  # by an earlier run
    reused: int = 0  # computed by an earlier run, loaded by this one
    computed: int = 0  # by this run's workers
    failed: list[tuple[Partition, str]] = field(default_factory=list)
    results: list[PartitionResult] = field(default_factory=list)
    stories: StoryRun | None = None
    load_seconds: float = 0.0  # the driver's own serial work: loading partitions into SQLite,
    stories_seconds: float = 0.0  # and assigning stories

    @property
    def peak_rss_mb(self) -> float:
        return max((r.peak_rss_mb for r in self.results), default=0.0)


Progress = Callable[[CorpusRunSummary, PartitionResult | None], None]


def run_corpus(
    conn: sqlite3.Connection,
    sources: Sequence[str],
    out: Path,
    executor: Executor,
    options: RunOptions | None = None,
    *,
    progress: Progress | None = None,
) -> CorpusRunSummary:
    """Ingest, analyse and store every article of `sources`; Parquet partitions go to `out`."""
    options = options or RunOptions()
    with corpus_run(conn, sources, options, options.threshold, options.lock_wait) as writer:
        summary = CorpusRunSummary(writer.summary)
        parts, problems = plan(sources, options.files_per_partition, options.warc_split)
        writer.record_all([Failure(p.source, "", p.stage, p.reason) for p in problems])
        summary.partitions = len(parts)
        loaded = loaded_partitions(conn)
        todo = [p for p in parts if p.id not in loaded]
        summary.already_loaded = len(parts) - len(todo)
        fresh = [p for p in todo if not is_done(out, p.id)]

        def store(partition: Partition) -> None:
            """Load in plan order, whatever order workers finish in, so near-duplicate groups
            and stories come out the same on any executor and after any resume."""
            started = time.monotonic()
            summary.results.append(load_partition(writer, out, partition))
            summary.load_seconds += time.monotonic() - started
            if progress:
                progress(summary, summary.results[-1])

        finished = dict.fromkeys({p.id for p in todo} - {p.id for p in fresh}, True)
        summary.reused = len(finished)
        waiting = iter(todo)
        head = next(waiting, None)
        outcomes = executor.map(process_partition, fresh, str(out), options.partition)
        for partition, outcome in chain([(None, None)], outcomes):  # (None: load reused first)
            if partition is not None:
                finished[partition.id] = not isinstance(outcome, BaseException)
                if isinstance(outcome, BaseException):
                    reason = f"{type(outcome).__name__}: {outcome}"[:300]
                    summary.failed.append((partition, reason))
                    writer.record_all(
                        [
                            Failure(_where(f, partition.span), "", "partition", reason)
                            for f in partition.files
                        ]
                    )
                else:
                    summary.computed += 1
            while head is not None and head.id in finished:  # load in plan order
                if finished[head.id]:
                    store(head)
                head = next(waiting, None)
        if options.stories:
            stories_started = time.monotonic()
            summary.stories = assign_stories(conn)
            summary.stories_seconds = time.monotonic() - stories_started
    return summary


def _where(path: str, span: tuple[int, int] | None) -> str:
    """A failed partition's file, with its byte range when it was one range of the file."""
    return f"{path}@{span[0]}-{span[1]}" if span is not None else path
