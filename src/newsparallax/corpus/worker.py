"""The one worker: a corpus document read into an article, under the one time-cap policy, for
`ingest` (a task per document) and `run` (a partition's documents in turn) alike.

The policy. Each document may take `--doc-timeout` seconds (the soft cap): SIGALRM stops it where
a signal can reach the work (the main thread of a worker process) and it becomes a `timeout`
error. Past the hard cap (`hard_cap`: twice the soft cap and a second, so that where the signal
works it is the one that fires) a watchdog (`corpus.watchdog`, a process of its own) records the
document in the poison list and kills the worker, whatever it is stuck in: a Dask thread no
signal reaches, C code, C code that keeps the GIL. The executor runs the work again, and a
document the poison list names is a `timeout` error without being read again.

Never raises for a bad document: every reason it yields no article is a `Failure`. Each worker
process reads a page and a text once before its first document (`warm`), so the libraries'
first-use set-up is not charged to a real document's cap, also in a worker started again after
a crash.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Mapping
from pathlib import Path

from newsparallax.corpus.watchdog import Watchdog, poisoned
from newsparallax.limits import MAX_DEPTH
from newsparallax.model import InputError
from newsparallax.reading.document import Document, raw_hash, read_document
from newsparallax.store.corpus import Failure, Outcome


def hard_cap(doc_timeout: float) -> float | None:
    """Seconds after which the watchdog stops the worker: past the soft cap (SIGALRM), so that
    where the signal works it is the one that fires; None when there is no cap."""
    return doc_timeout * 2 + 1 if doc_timeout > 0 else None


class _DocumentTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _DocumentTimeout


def work(document: Document, timeout: float, max_depth: int = MAX_DEPTH) -> Outcome:
    """Read one document under the soft cap (where SIGALRM reaches); never raises for a bad
    document."""
    sha = raw_hash(document.content)
    use_alarm = timeout > 0 and threading.current_thread() is threading.main_thread()
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


def watched(
    document: Document,
    timeout: float,
    max_depth: int,
    watchdog: Watchdog,
    stopped: Mapping[str, float],
) -> Outcome:
    """`work` under both caps: the watchdog told which document this is, and a document an
    earlier attempt was stopped on (`stopped`: its poison list) a timeout without reading it."""
    warm()
    if document.source in stopped:
        reason = f"extraction ran past {stopped[document.source]:g} s and its worker was stopped"
        return Failure(
            document.source, raw_hash(document.content), "timeout", reason + " (--doc-timeout)"
        )
    with watchdog.watching(document.source):
        return work(document, timeout, max_depth)


def read(item: Document | Failure, timeout: float, max_depth: int, poison: str | None) -> Outcome:
    """The ingest's task, in a worker process: one document (a failure found while expanding
    the sources passes through) under both caps, watched by this process's watchdog, which
    writes to the run's poison list `poison`. None: in the process of the run, soft cap only."""
    if isinstance(item, Failure):
        return item
    if poison is None:
        return work(item, timeout, max_depth)
    watchdog = _process_watchdog(Path(poison), hard_cap(timeout))
    return watched(item, timeout, max_depth, watchdog, poisoned(watchdog.poison))


_watchdogs: dict[tuple[int, Path, float | None], Watchdog] = {}


def _process_watchdog(poison: Path, cap: float | None) -> Watchdog:
    """One watchdog for this worker process (and poison list), started with its first document
    and ended with the process (its pipe closes)."""
    key = (os.getpid(), poison, cap)
    if key not in _watchdogs:
        _watchdogs[key] = Watchdog(poison, cap)
    return _watchdogs[key]


WARM_UP = (
    Document(
        "warm-up.html",
        b"<html><head><title>Warm</title></head><body><article><p>"
        b"The council met on Tuesday, the mayor said.</p></article></body></html>",
    ),
    Document("warm-up.txt", b"The council met on Tuesday, the mayor said."),
)
_warmed: set[int] = set()
_warming = threading.Lock()


def warm() -> int:
    """Read a page and a text once in this process, so that the libraries' first-use set-up
    (well under a second) is not charged to a real document's `--doc-timeout`."""
    with _warming:
        if os.getpid() not in _warmed:
            for document in WARM_UP:
                work(document, 0)
            _warmed.add(os.getpid())
    return os.getpid()
