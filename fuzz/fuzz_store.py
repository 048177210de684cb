"""Fuzz the store as a file someone hands over (`--db`): the fuzzed bytes as an SQLite file,
opened read-only as `serve` opens it and read-write as every other command does (migrating it),
then read by what the commands read: `errors`, the comparisons, each comparison whole,
`export` of articles, quotes and people. A file that is not a usable store is a StoreError
and a damaged page an sqlite3.DatabaseError (the command line turns both into one line);
anything else that escapes (a column that is not the JSON it should hold, a value of the wrong
type) would be a traceback for the user, and is a crash.

    python fuzz/fuzz_store.py -max_total_time=60 -timeout=20 CORPUS_DIR fuzz/seeds/store
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import sys
from contextlib import redirect_stdout

import atheris

with atheris.instrument_imports(include=["newsparallax"]):
    from harness import DIRECTORY
    from newsparallax.store.comparisons import list_comparisons, load_comparison
    from newsparallax.store.corpus import list_errors
    from newsparallax.store.export import export
    from newsparallax.store.schema import StoreError, open_read_only, open_store


def read_all(conn: sqlite3.Connection) -> None:
    list_errors(conn)
    for row in list_comparisons(conn):
        # A damaged row (no id, an id not found again) answers KeyError, as any unknown id does.
        with contextlib.suppress(KeyError):
            load_comparison(conn, row["id"], with_raw=True)
    for kind in ("articles", "quotes", "people"):
        for fmt in ("jsonl", "csv"):
            with redirect_stdout(io.StringIO()):
                export(conn, kind, fmt, None)


def test_one_input(data: bytes) -> None:
    path = DIRECTORY / "store.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(data)
    for opener in (open_read_only, open_store):
        try:
            conn = opener(path)
        except StoreError:
            continue
        try:
            read_all(conn)
        except (sqlite3.DatabaseError, StoreError):
            pass
        finally:
            conn.close()


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
