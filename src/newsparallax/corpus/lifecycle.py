"""One corpus run's life, the same for `ingest` and `run`: runs a killed process left 'running'
marked interrupted and another run still going refused; a `run` row started with the sources
and options; the near-duplicate index loaded from the store and a writer over it; and, however
the run ends, the row finished with its counts and how it ended (done, interrupted, failed), an
open transaction rolled back so that only whole documents stay.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from newsparallax.corpus.defaults import LOCK_WAIT
from newsparallax.corpus.duplicates import load_near_duplicates
from newsparallax.store.corpus import RunSummary, Writer, finish_run, start_run
from newsparallax.store.schema import RunStopped, set_lock_wait
from newsparallax.store.schema import lock_wait as store_lock_wait


@contextmanager
def corpus_run(
    conn: sqlite3.Connection,
    sources: Sequence[str],
    options: Any,
    threshold: float,
    lock_wait: float = LOCK_WAIT,
) -> Iterator[Writer]:
    """A run over `sources` (its `options`, a dataclass, recorded with it), near duplicates at
    Jaccard `threshold`: the writer to record its outcomes with, its summary at `.summary`.

    Another process writing to the store (`compare --db`, `stories`, a script) is waited for,
    up to `lock_wait` seconds at each transaction; another run is refused at the start
    (`RunStopped`). A lock held past the wait or a full disk ends the run with RunStopped: the
    open transaction is rolled back, so the store holds whole documents only, and the same
    command run again resumes."""
    started = time.monotonic()
    waited = store_lock_wait(conn)
    set_lock_wait(conn, lock_wait)
    try:
        summary = RunSummary(start_run(conn, list(sources), options))
    except sqlite3.OperationalError as exc:
        set_lock_wait(conn, waited)
        raise RunStopped(_why(exc, lock_wait, "the run did not start")) from exc
    writer = Writer(conn, summary.run_id, summary, load_near_duplicates(conn, threshold))
    status = "failed"
    try:
        yield writer
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"  # the open transaction is rolled back: whole documents only
        raise
    except sqlite3.OperationalError as exc:
        set_lock_wait(conn, FINISH_WAIT)
        done = f"the run stopped after {writer.committed} documents"
        raise RunStopped(_why(exc, lock_wait, done)) from exc
    finally:
        summary.seconds = time.monotonic() - started
        # Still locked, or no room for the row: the next run marks it interrupted.
        with contextlib.suppress(sqlite3.OperationalError):
            finish_run(conn, summary, status)
        set_lock_wait(conn, waited)


FINISH_WAIT = 5.0  # seconds to wait for the lock to record how a stopped run ended


def _why(error: sqlite3.OperationalError, lock_wait: float, done: str) -> str:
    """What stopped a run and what to do, in one line."""
    message = str(error)
    if "locked" in message or "busy" in message:
        cause = f"another process held the store's write lock for over {lock_wait:g} s"
    elif "full" in message:
        cause = "the disk is full (database or disk is full)"
    else:
        cause = f"the store cannot be written ({message})"
    return (
        f"{cause}; {done}, and the store holds whole documents only: run the same command"
        " again to resume"
    )
