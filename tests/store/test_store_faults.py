"""The store under faults (issue 18, classes 1 and 6): one article's rows the store refuses,
two writers at once, a write lock held by another process, a full disk. Each run either waits
its turn or is refused with one clear line; a run that cannot go on ends with a clear error, the
store intact (`PRAGMA integrity_check`), and a re-run stores exactly what one clean run stores.
Real SQLite files, real processes."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from corpora import NEWSPARALLAX, count_rows, write_pages
from newsparallax.corpus import partitions
from newsparallax.corpus.ingest import IngestOptions, ingest
from newsparallax.corpus.lifecycle import corpus_run
from newsparallax.corpus.partitions import PartitionOptions, load_partition, plan
from newsparallax.store.schema import RunStopped, open_store


def write_reports(root: Path, n: int) -> list[str]:
    """`n` invented reports, each quoting someone twice."""
    root.mkdir(parents=True, exist_ok=True)
    names = ["Mara Quill", "Tobias Fenn", "Odile Brandt", "Ravi Oduya", "Hester Lyle"]
    paths = []
    for i in range(n):
        who = names[i % len(names)]
        path = root / f"report-{i:02d}.txt"
        path.write_text(
            f"HARROW — The council met for the {i + 1}th time on Tuesday.\n\n"
            f"“We cannot wait another {i + 2} years for the bridge,” said {who}, who chairs"
            f" the panel.\n\n“The money is there,” {who.split()[0]} added.\n"
        )
        paths.append(str(path))
    return paths


def test_one_articles_store_error_keeps_the_partitions_other_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp
) -> None:
    """Rows of one article that break a key (as two quotes with one id did) make that article
    an `error` row of stage `store`; the partition's other articles and analyses are stored."""
    files = write_reports(tmp_path / "corpus", 3)
    real = partitions.quote_row

    def broken(sha, position, quote):  # Tobias Fenn's two quotes at one position
        return real(sha, 0 if "Tobias" in (quote.speaker or "") else position, quote)

    monkeypatch.setattr(partitions, "quote_row", broken)
    (partition,), _ = plan(files, files_per_partition=3)
    out = tmp_path / "out"
    partitions.process_partition(partition, str(out), PartitionOptions())
    conn = open_store(tmp_path / "store.db")
    try:
        with corpus_run(conn, files, PartitionOptions(), 0.5) as writer:
            load_partition(writer, out, partition)
        stored = {Path(s).name for (s,) in conn.execute("SELECT source FROM article_source")}
        errors = conn.execute("SELECT source, stage, reason FROM error").fetchall()
        analysed = conn.execute("SELECT count(*) FROM article_analysis").fetchone()[0]
        minhashes = conn.execute("SELECT count(*) FROM minhash").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    assert stored == {"report-00.txt", "report-02.txt"}
    assert [(Path(s).name, stage) for s, stage, _ in errors] == [("report-01.txt", "store")]
    assert "UNIQUE constraint failed" in errors[0][2]
    assert (analysed, minhashes) == (2, 2)


# --- contention and a full disk -------------------------------------------------------------

SNAPSHOT = {
    "articles": "SELECT id FROM article ORDER BY id",
    "sources": "SELECT source, raw_sha, article_id FROM article_source ORDER BY source",
    "errors": "SELECT source, stage, reason FROM error ORDER BY source",
    "minhash": "SELECT article_id FROM minhash ORDER BY article_id",
    "groups": "SELECT article_id, group_id FROM duplicate_member ORDER BY article_id",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """What a store holds of a corpus, whatever runs wrote it."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {name: conn.execute(sql).fetchall() for name, sql in SNAPSHOT.items()}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> tuple[Path, dict[str, list[tuple]]]:
    """A folder of 400 generated pages (with syndicated copies and one empty page) and what one
    clean run stores of it."""
    folder = tmp_path_factory.mktemp("pages") / "corpus"
    write_pages(folder, stories=360, copies=40)
    db = folder.parent / "clean.db"
    conn = open_store(db)
    try:
        ingest(conn, [str(folder)], IngestOptions(workers=0))
    finally:
        conn.close()
    return folder, snapshot(db)


def ingest_in_thread(
    db: Path, folder: Path, options: IngestOptions
) -> tuple[threading.Thread, list]:
    """`ingest` into `db` in a thread of this process; the list receives its summary or error."""
    outcome: list = []

    def work() -> None:
        conn = open_store(db)
        try:
            outcome.append(ingest(conn, [str(folder)], options))
        except Exception as exc:
            outcome.append(exc)
        finally:
            conn.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, outcome


def wait_until(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


# It asks for the lock every millisecond: SQLite's own wait polls at up to 100 ms, and a run
# that commits every second and begins again at once leaves it a window of a few milliseconds.
LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
deadline = time.monotonic() + 60
while True:
    try:
        conn.execute("BEGIN IMMEDIATE")
        break
    except sqlite3.OperationalError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.001)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    """Another process that takes the store's write lock (waiting its turn for it) and holds
    it for `seconds`; returns once it holds it."""
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert locker.stdout.readline().strip() == "locked"
    return locker


@pytest.mark.slow
def test_two_runs_at_once_one_is_refused_and_nothing_is_lost(tmp_path: Path, pages) -> None:
    """A second run, in-process or from the command line, while a first one writes: refused
    at the start with one line; the first goes on; re-run, the second adds nothing twice."""
    folder, clean = pages
    db = tmp_path / "store.db"
    first = subprocess.Popen(
        [NEWSPARALLAX, "ingest", str(folder), "--db", str(db), "-q", "--workers", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_until(lambda: count_rows(db) > 0)
    conn = open_store(db)
    try:
        with pytest.raises(RunStopped, match=rf"another run \(run 1, process {first.pid},"):
            ingest(conn, [str(folder)], IngestOptions(workers=0))
    finally:
        conn.close()
    second = subprocess.run(
        [NEWSPARALLAX, "ingest", str(folder), "--db", str(db), "-q", "--workers", "0"],
        capture_output=True,
        text=True,
    )
    assert first.poll() is None, "the first run ended before the second started: make it longer"
    assert second.returncode == 1
    assert second.stderr.count("\n") == 1 and "another run (run 1" in second.stderr
    assert first.wait(timeout=600) == 0, first.stderr.read()
    again = subprocess.run(
        [NEWSPARALLAX, "ingest", str(folder), "--db", str(db), "-q", "--workers", "0"],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert " 0 documents " in again.stdout and "already done" in again.stdout
    assert snapshot(db) == clean


@pytest.mark.slow
def test_a_run_waits_for_a_lock_another_process_holds_a_while(tmp_path: Path, pages) -> None:
    folder, clean = pages
    db = tmp_path / "store.db"
    open_store(db).close()
    locker = hold_lock(db, 3)
    conn = open_store(db)
    try:
        summary = ingest(conn, [str(folder)], IngestOptions(workers=0, lock_wait=60))
    finally:
        conn.close()
    assert locker.wait(timeout=60) == 0
    assert summary.errors == 1 and snapshot(db) == clean


@pytest.mark.slow
def test_a_lock_held_too_long_stops_the_run_and_a_rerun_resumes(tmp_path: Path, pages) -> None:
    """The lock taken by another process in the middle of a run, and held past the run's wait:
    the run stops with RunStopped, whole documents only in the store; run again once the lock
    is gone, it stores exactly what one clean run stores."""
    folder, clean = pages
    db = tmp_path / "store.db"
    thread, outcome = ingest_in_thread(db, folder, IngestOptions(workers=0, lock_wait=1))
    wait_until(lambda: count_rows(db) > 0)
    locker = hold_lock(db, 600)
    try:
        thread.join(timeout=120)
        assert not thread.is_alive()
        [error] = outcome
        assert isinstance(error, RunStopped), error
        assert re.fullmatch(
            r"another process held the store's write lock for over 1 s; the run stopped after"
            r" \d+ documents, and the store holds whole documents only: run the same command"
            r" again to resume",
            str(error),
        )
    finally:
        locker.kill()
        locker.wait()
    partial = snapshot(db)
    stored = {sha for _, _, sha in partial["sources"]}
    assert 0 < len(partial["sources"]) < len(clean["sources"])
    assert stored == {sha for (sha,) in partial["articles"]} == {s for (s,) in partial["minhash"]}
    conn = open_store(db)
    try:
        ingest(conn, [str(folder)], IngestOptions(workers=0))
        statuses = [s for (s,) in conn.execute("SELECT status FROM run ORDER BY id")]
    finally:
        conn.close()
    assert statuses == ["interrupted", "done"]
    assert snapshot(db) == clean


@pytest.mark.slow
def test_a_full_store_stops_the_run_and_a_rerun_resumes(tmp_path: Path, pages) -> None:
    """SQLite's own size limit (`max_page_count`) as a full disk, met in the middle of a run."""
    folder, clean = pages
    db = tmp_path / "store.db"
    conn = open_store(db)
    try:
        pages_now = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages_now + 200}")
        with pytest.raises(RunStopped, match=r"^the disk is full \(database or disk is full\)"):
            ingest(conn, [str(folder)], IngestOptions(workers=0))
    finally:
        conn.close()
    partial = snapshot(db)
    assert 0 < len(partial["sources"]) < len(clean["sources"])
    conn = open_store(db)
    try:
        ingest(conn, [str(folder)], IngestOptions(workers=0))
    finally:
        conn.close()
    assert snapshot(db) == clean


@pytest.fixture
def small_disk(tmp_path: Path):
    """A tmpfs of 1 MiB, mounted here (root only); yields its mount point."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow
def test_a_full_disk_ends_the_command_with_one_line_and_a_rerun_resumes(
    small_disk: Path, pages
) -> None:
    folder, clean = pages
    db = small_disk / "store.db"
    command = [NEWSPARALLAX, "ingest", str(folder), "--db", str(db), "-q", "--workers", "0"]
    full = subprocess.run(command, capture_output=True, text=True)
    assert full.returncode == 1, full.stderr
    assert full.stderr.count("\n") == 1 and "Traceback" not in full.stderr
    assert full.stderr.startswith(f"newsparallax: error: {db}: the disk is full"), full.stderr
    partial = snapshot(db)
    assert 0 < len(partial["sources"]) < len(clean["sources"])
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    resumed = subprocess.run(command, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert snapshot(db) == clean
