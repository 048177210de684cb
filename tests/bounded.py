"""A command run under hard bounds, for tests of hostile input: address space (RLIMIT_AS), CPU
seconds (RLIMIT_CPU) and a wall-clock timeout, set on the child process by the kernel, so a
regression is a failure (killed, MemoryError, timed out) rather than a slow test. The child's
own peak memory comes back with its result (`os.wait4`), for the figures tests report."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
NEWSPARALLAX = str(Path(sys.executable).with_name("newsparallax"))


@dataclass(frozen=True)
class Bounded:
    returncode: int  # negative: killed (SIGXCPU past the CPU bound, SIGKILL at the wall)
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool

    def explain(self) -> str:
        return (
            f"exit {self.returncode}, {self.seconds:.1f} s, peak {self.peak_mb:.0f} MB"
            f"{', killed at the wall-clock timeout' if self.timed_out else ''}\n"
            f"stdout: {self.stdout[-2000:]}\nstderr: {self.stderr[-3000:]}"
        )


def run_bounded(
    argv: list[str],
    *,
    memory_mb: int,
    cpu_seconds: int,
    wall_seconds: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Bounded:
    """Run `argv` with its address space capped at `memory_mb`, its CPU time at `cpu_seconds`
    and its life at `wall_seconds` (then killed)."""

    def limits() -> None:
        memory = memory_mb * MIB
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))

    # One BLAS thread: each would reserve address space, which RLIMIT_AS counts.
    child_env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            argv,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=child_env,
            preexec_fn=limits,
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(wall_seconds, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        return Bounded(
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            peak_mb=usage.ru_maxrss / 1024,
            timed_out=killed.is_set(),
        )
