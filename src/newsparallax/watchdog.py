"""A hard time cap on one document's extraction, in any thread and through C code.

`--doc-timeout` is kept with SIGALRM where a signal can reach the work (the main thread of a
local worker process). A Dask worker runs its tasks in threads, where no signal arrives, and a
page that hangs inside lxml's or a regular expression's C code does not see a Python exception
either. So a partition's worker also runs a watchdog: a thread that watches the document being
extracted, and when one runs past its hard cap (`hard_cap`), writes its source to the partition's
poison list in the run folder and ends the worker process. The executor runs the partition again
(the Dask nanny starts a new worker; the local pool is restarted), and the partition skips every
document its poison list names, recording each as a `timeout` error. Nothing else is lost: a
partition's results are written only when it completes.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POISONED_EXIT = 70  # the worker's exit status when it stopped itself on a document


def hard_cap(doc_timeout: float) -> float | None:
    """Seconds after which the watchdog stops the worker: past the soft cap (SIGALRM), so that
    where the signal works it is the one that fires; None when there is no cap."""
    return doc_timeout * 2 + 1 if doc_timeout > 0 else None


def poison_path(out: Path, partition: str) -> Path:
    return Path(out) / "_poison" / f"{partition}.jsonl"


def poisoned(path: Path) -> dict[str, float]:
    """The sources a partition's earlier attempts were stopped on, with the cap they ran past."""
    found: dict[str, float] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
                found[str(record["source"])] = float(record["cap"])
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by the process ending: its document ran again
    return found


class Watchdog:
    """Watches one document at a time (`watching`); see the module docstring."""

    def __init__(
        self, poison: Path, cap: float | None, stop: Callable[[int], None] = os._exit
    ) -> None:
        self.poison = poison
        self.cap = cap
        self._stop = stop
        self._current: tuple[str, float] | None = None
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None
        if cap is not None:
            self._thread = threading.Thread(target=self._watch, name="watchdog", daemon=True)
            self._thread.start()

    def __enter__(self) -> Watchdog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed.set()
        if self._thread is not None:
            self._thread.join()

    @contextmanager
    def watching(self, source: str) -> Iterator[None]:
        with self._lock:
            self._current = (source, time.monotonic())
        try:
            yield
        finally:
            with self._lock:
                self._current = None

    def _watch(self) -> None:
        assert self.cap is not None
        while not self._closed.wait(min(0.25, self.cap / 4)):
            with self._lock:
                current = self._current
            if current is not None and time.monotonic() - current[1] > self.cap:
                self._record(current[0])
                self._stop(POISONED_EXIT)
                return

    def _record(self, source: str) -> None:
        self.poison.parent.mkdir(parents=True, exist_ok=True)
        with self.poison.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"source": source, "cap": self.cap}) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
