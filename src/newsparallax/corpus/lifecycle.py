"""One corpus run's life, the same for `ingest` and `run`: runs a killed process left 'running'
marked interrupted; a `run` row started with the sources and options; the near-duplicate index
loaded from the store and a writer over it; and, however the run ends, the row finished with
its counts and how it ended (done, interrupted, failed), an open transaction rolled back so
that only whole documents stay.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from newsparallax.corpus.duplicates import load_near_duplicates
from newsparallax.store.corpus import (
    RunSummary,
    Writer,
    close_stale_runs,
    finish_run,
    start_run,
)


@contextmanager
def corpus_run(
    conn: sqlite3.Connection, sources: Sequence[str], options: Any, threshold: float
) -> Iterator[Writer]:
    """A run over `sources` (its `options`, a dataclass, recorded with it), near duplicates at
    Jaccard `threshold`: the writer to record its outcomes with, its summary at `.summary`."""
    started = time.monotonic()
    close_stale_runs(conn)
    summary = RunSummary(start_run(conn, list(sources), options))
    writer = Writer(conn, summary.run_id, summary, load_near_duplicates(conn, threshold))
    status = "failed"
    try:
        yield writer
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"  # the open transaction is rolled back: whole documents only
        raise
    finally:
        summary.seconds = time.monotonic() - started
        finish_run(conn, summary, status)
