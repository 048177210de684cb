"""A hard time cap on one document's extraction, in any thread and through any C code.

`--doc-timeout` is kept with SIGALRM where a signal can reach the work (the main thread of a
local worker process). A Dask worker runs its tasks in threads, where no signal arrives; a page
that hangs inside lxml's C code does not see a Python exception; and C code that keeps the GIL
(a regular expression backtracking without end) stops every thread of its process, a watching
thread too. So a worker is watched from a small process of its own: the worker tells it, through
a pipe, which document it is extracting, and when one runs past its hard cap
(`corpus.worker.hard_cap`), the watching process writes that document's source to the poison
list (a partition's, in the run folder; an ingest's, for the run) and kills the worker. The
executor runs the work again (the Dask nanny starts a new worker; the local pool is restarted),
and the worker skips every document its poison list names, recording each as a `timeout` error
(`corpus.worker.watched`). Nothing else is lost: a partition's results are written only when
it completes, an ingest's document by the run once its worker answers. When the worker ends, the
pipe closes and the watching process ends with it.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
    """Watches one document at a time (`watching`) from a process of its own (module
    docstring); none when `cap` is None."""

    def __init__(self, poison: Path, cap: float | None) -> None:
        self.poison = poison
        self.cap = cap
        self._monitor: subprocess.Popen[bytes] | None = None
        if cap is not None:
            command = [sys.executable, "-m", __name__, str(poison), repr(cap), str(os.getpid())]
            self._monitor = subprocess.Popen(command, stdin=subprocess.PIPE)

    def __enter__(self) -> Watchdog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        monitor, self._monitor = self._monitor, None
        if monitor is not None:
            assert monitor.stdin is not None
            monitor.stdin.close()
            monitor.wait()

    @contextmanager
    def watching(self, source: str) -> Iterator[None]:
        self._tell(json.dumps({"source": source}))
        try:
            yield
        finally:
            self._tell("")

    def _tell(self, line: str) -> None:
        if self._monitor is not None:
            assert self._monitor.stdin is not None
            self._monitor.stdin.write(line.encode("utf-8") + b"\n")
            self._monitor.stdin.flush()


def watch(poison: Path, cap: float, worker: int, fd: int = 0) -> None:
    """The watching process: read which document the worker is on from `fd`; kill the worker
    when one runs past `cap` seconds, after writing it to `poison`; end when the pipe closes."""
    current: str | None = None
    started = 0.0
    pending = b""
    while True:
        wait = None if current is None else max(0.0, started + cap - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            assert current is not None
            _record(poison, current, cap)
            os.kill(worker, signal.SIGKILL)
            return
        chunk = os.read(fd, 65536)
        if not chunk:
            return  # the worker is done with us, or gone
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            current = json.loads(line)["source"] if line.strip() else None
            started = time.monotonic()


def _record(poison: Path, source: str, cap: float) -> None:
    poison.parent.mkdir(parents=True, exist_ok=True)
    with poison.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"source": source, "cap": cap}) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the worker; we end with it
    watch(Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]))
