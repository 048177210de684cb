"""A writing `newsparallax ingest` killed with SIGKILL at random moments, again and again, each run
resuming the last: while it starts, opens and migrates the store, reads, writes and commits.
After every kill the store opens, passes `PRAGMA integrity_check`, and holds each document
whole or not at all; the documents it holds are the first ones in input order; and the last run
completes the batch with exactly what an uninterrupted run stores, nothing missing or doubled.

What one document's transaction writes (batch.Writer): its article row with its dropped spans,
its minhash signature and near-duplicate membership (a group's id being its earliest member),
and its `article_source` row; or one `error` row. "Whole" is checked against a clean run: every
row present must be a row the clean run wrote, and an article present must have all of them."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing, suppress
from pathlib import Path

import pytest

from corpora import count_rows, counts, ingest_command, write_pages

pytestmark = pytest.mark.slow

KILLS = 21  # seven at each moment of `kill_at`
SEED = 8
# Rows as a clean run writes them, minus clocks and run ids.
CONTENT = {
    "article": "SELECT id, label, source, title, authors, date, outlet, place, text, raw, url,"
    " canonical_url, language, date_source, date_confidence, truncated FROM article",
    "dropped": 'SELECT article_id, position, start, "end", reason FROM dropped',
    "minhash": "SELECT article_id, shingle, signature FROM minhash",
    "article_source": "SELECT article_id, source, raw_sha, url FROM article_source",
    "error": "SELECT source, raw_sha, stage, reason FROM error",
}


def rows(conn: sqlite3.Connection) -> dict[str, set[tuple]]:
    return {table: set(conn.execute(sql)) for table, sql in CONTENT.items()}


def check_whole(path: Path, clean: dict[str, set[tuple]], order: list[str]) -> int:
    """Assert the killed store at `path` is sound and holds whole documents, the first ones of
    `order`; return how many documents it holds."""
    conn = sqlite3.connect(path)  # a hot WAL is recovered here, as the next run would
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "article_source" not in tables:
            return 0  # killed before the schema was committed: nothing stored, nothing torn
        found = rows(conn)
        members = conn.execute("SELECT article_id, group_id FROM duplicate_member").fetchall()
        groups = {r[0] for r in conn.execute("SELECT id FROM duplicate_group")}
    finally:
        conn.close()
    for table, present in found.items():
        assert present <= clean[table], f"{table}: rows no clean run writes"
    articles = {r[0] for r in found["article"]}
    assert {r[0] for r in found["minhash"]} == articles
    assert {r[0] for r in found["article_source"]} == articles
    assert found["dropped"] == {r for r in clean["dropped"] if r[0] in articles}
    assert {a for a, _ in members} <= articles
    by_group: dict[str, set[str]] = {}
    for article, group in members:
        by_group.setdefault(group, set()).add(article)
    assert set(by_group) == groups
    assert all(len(m) >= 2 and g in m for g, m in by_group.items())
    held = {r[1] for r in found["article_source"]} | {r[0] for r in found["error"]}
    assert held == set(order[: len(held)]), "stored documents are not a prefix of the input"
    return len(held)


def done(path: Path) -> int:
    return count_rows(path, "article_source") + count_rows(path, "error")


def kill_at(moment: str, folder: Path, db: Path, rng: random.Random) -> None:
    """Start an ingest into `db` and SIGKILL it with its workers at a random time in one phase
    of its run: while it starts and opens the store ("start"); once its run row shows it is
    reading and writing its first transaction ("writing"); or after it has committed some
    documents, most likely with the next transaction open ("committed")."""
    runs, stored = count_rows(db, "run"), done(db)
    process = subprocess.Popen(
        ingest_command(folder, db, workers=rng.choice([0, 2])),
        start_new_session=True,  # its worker processes die with it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if moment == "writing":
        _wait(process, lambda: count_rows(db, "run") > runs)
    elif moment == "committed":
        _wait(process, lambda: done(db) > stored)
    time.sleep(rng.uniform(0.02, 1.2) if moment == "start" else rng.uniform(0.0, 0.8))
    with suppress(ProcessLookupError):  # it may have finished: nothing was left to do
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _wait(process: subprocess.Popen, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline and not condition():
        time.sleep(0.01)


def test_many_kills_never_tear_or_lose_a_document(tmp_path: Path):
    folder = tmp_path / "pages"
    total = write_pages(folder, stories=460, copies=40)
    order = sorted(str(p) for p in folder.iterdir())
    clean_db = tmp_path / "clean.db"
    subprocess.run(
        ingest_command(folder, clean_db, workers=0), check=True, capture_output=True, timeout=120
    )
    with closing(sqlite3.connect(clean_db)) as conn:
        clean = rows(conn)
        clean_counts = counts(conn)
        clean_groups = sorted(conn.execute("SELECT article_id, group_id FROM duplicate_member"))
    assert len(clean["article_source"]) + len(clean["error"]) == total

    rng = random.Random(SEED)
    db = tmp_path / "killed.db"
    held = [0]
    for n in range(KILLS):
        kill_at(("start", "writing", "committed")[n % 3], folder, db, rng)
        if db.exists():
            held.append(check_whole(db, clean, order))
    assert held == sorted(held), "a kill lost documents an earlier run had stored"
    partial = [h for h in held if 0 < h < total]
    assert len(set(partial)) >= 3, f"too few kills left a store part written: {held}"

    final = subprocess.run(ingest_command(folder, db), capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    assert check_whole(db, clean, order) == total
    with closing(sqlite3.connect(db)) as conn:
        assert rows(conn) == clean
        assert counts(conn) == clean_counts
        assert sorted(conn.execute("SELECT article_id, group_id FROM duplicate_member")) == (
            clean_groups
        )
        statuses = [r[0] for r in conn.execute("SELECT status FROM run ORDER BY id")]
    assert statuses[-1] == "done" and set(statuses) <= {"interrupted", "done"}
