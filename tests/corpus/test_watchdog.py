"""The watchdog: a document past its hard cap is recorded as poison and its worker stopped, from a
process of its own, so that nothing the worker is stuck in can keep it from firing."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsparallax.corpus.watchdog import Watchdog, poisoned
from newsparallax.corpus.worker import hard_cap


def test_no_cap_no_watching_process_and_nothing_recorded(tmp_path: Path):
    poison = tmp_path / "p.jsonl"
    watchdog = Watchdog(poison, cap=hard_cap(0))
    with watchdog, watchdog.watching("slow.html"):
        time.sleep(0.05)
    assert watchdog._monitor is None
    assert not poison.exists() and poisoned(poison) == {}


def test_documents_within_their_cap_are_not_recorded(tmp_path: Path):
    poison = tmp_path / "p.jsonl"
    with Watchdog(poison, cap=0.3) as watchdog:
        for n in range(3):
            with watchdog.watching(f"quick-{n}.html"):
                time.sleep(0.2)  # together past the cap, each within it
    assert not poison.exists()


def test_a_torn_last_line_is_ignored(tmp_path: Path):
    poison = tmp_path / "p.jsonl"
    poison.write_text('{"source": "a.html", "cap": 3}\n{"source": "b.ht', encoding="utf-8")
    assert poisoned(poison) == {"a.html": 3.0}


@pytest.mark.slow
@pytest.mark.parametrize(
    "stuck",
    [
        "time.sleep(30)",  # blocked outside Python, as lxml's parser is
        "while True: pass",  # busy in Python code
        're.match(r"(a+)+$", "a" * 60 + "b")',  # in C code that keeps the GIL: no thread runs
    ],
)
def test_the_worker_process_is_stopped_whatever_it_is_stuck_in(tmp_path: Path, stuck: str):
    """The work runs in a thread that is not the main one, as a Dask task does."""
    poison = tmp_path / "p.jsonl"
    script = textwrap.dedent(
        f"""
        import re, threading, time
        from pathlib import Path
        from newsparallax.corpus.watchdog import Watchdog

        def task():
            with Watchdog(Path({str(poison)!r}), cap=0.3) as watchdog:
                with watchdog.watching("quick.html"):
                    pass
                with watchdog.watching("stuck.html"):
                    {stuck}

        worker = threading.Thread(target=task)
        worker.start()
        worker.join()
        """
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], timeout=20, check=False)
    assert done.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 15
    assert poisoned(poison) == {"stuck.html": 0.3}
