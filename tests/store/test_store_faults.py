"""The store under faults (issue 18, classes 1 and 6): one article's rows the store refuses,
two writers at once, a write lock held by another process, a full disk. Each run either waits
its turn or is refused with one clear line; a run that cannot go on ends with a clear error, the
store intact (`PRAGMA integrity_check`), and a re-run stores exactly what one clean run stores.
Real SQLite files, real processes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsparallax.corpus import partitions
from newsparallax.corpus.lifecycle import corpus_run
from newsparallax.corpus.partitions import PartitionOptions, load_partition, plan
from newsparallax.store.schema import open_store


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


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
