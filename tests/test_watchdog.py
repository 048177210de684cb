"""The watchdog: a document past its hard cap is recorded as poison and its worker stopped."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsparallax.watchdog import POISONED_EXIT, Watchdog, hard_cap, poisoned


def test_a_document_past_its_cap_is_recorded_and_the_worker_stopped(tmp_path: Path):
    stopped: list[int] = []
    poison = tmp_path / "_poison" / "p1.jsonl"
    with Watchdog(poison, cap=0.2, stop=stopped.append) as watchdog:
        with watchdog.watching("quick.html"):
            pass
        with watchdog.watching("stuck.html"):
            deadline = time.monotonic() + 5
            while not stopped and time.monotonic() < deadline:
                time.sleep(0.01)
    assert stopped == [POISONED_EXIT]
    assert poisoned(poison) == {"stuck.html": 0.2}


def test_no_cap_no_thread_and_nothing_recorded(tmp_path: Path):
    poison = tmp_path / "p.jsonl"
    watchdog = Watchdog(poison, cap=hard_cap(0), stop=pytest.fail)
    with watchdog, watchdog.watching("slow.html"):
        time.sleep(0.05)
    assert not poison.exists() and poisoned(poison) == {}


def test_a_torn_last_line_is_ignored(tmp_path: Path):
    poison = tmp_path / "p.jsonl"
    poison.write_text('{"source": "a.html", "cap": 3}\n{"source": "b.ht', encoding="utf-8")
    assert poisoned(poison) == {"a.html": 3.0}


@pytest.mark.parametrize(
    "stuck",
    [
        "time.sleep(30)",  # blocked outside Python, as lxml's parser is
        "while True: pass",  # busy in Python code
    ],
)
def test_the_worker_process_ends_itself_whatever_thread_is_stuck(tmp_path: Path, stuck: str):
    """The work runs in a thread that is not the main one, as a Dask task does."""
    poison = tmp_path / "p.jsonl"
    script = textwrap.dedent(
        f"""
        import threading, time
        from pathlib import Path
        from newsparallax.watchdog import Watchdog

        def task():
            with Watchdog(Path({str(poison)!r}), cap=0.3) as watchdog:
                with watchdog.watching("stuck.html"):
                    {stuck}

        worker = threading.Thread(target=task)
        worker.start()
        worker.join()
        """
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], timeout=20, check=False)
    assert done.returncode == POISONED_EXIT
    assert time.monotonic() - started < 15
    assert poisoned(poison) == {"stuck.html": 0.3}
