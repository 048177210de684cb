"""`newsparallax run`: a corpus cut into partitions, computed by local processes or a Dask
LocalCluster, written as Parquet and loaded into the store. Real worker processes, real Parquet
files, a real SQLite store; a worker killed mid-task and a driver killed mid-run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import executor_tasks
from corpora import NEWSPARALLAX, count_rows
from newsparallax.cli import app
from newsparallax.corpus.executors import DaskExecutor, LocalExecutor, make_executor
from newsparallax.corpus.ingest import IngestOptions, ingest
from newsparallax.corpus.partitions import PartitionOptions, plan, process_partition
from newsparallax.corpus.run import RunOptions, run_corpus
from newsparallax.pipeline import analyse
from newsparallax.store.export import rows as export_rows
from newsparallax.store.schema import open_store
from newsparallax.stories.grouping import assign_stories

SMALL = RunOptions(files_per_partition=3)
SPEAKERS = ["Mara Quill", "Tobias Fenn", "Odile Brandt", "Ravi Oduya", "Hester Lyle"]
TOPICS = ["the bridge", "the library", "the water plan", "the school budget", "the bus depot"]


def write_corpus(root: Path, n: int = 10) -> Path:
    """`n` invented reports with quotes, a JSONL file of two more, an empty and a binary file."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        who, topic = SPEAKERS[i % 5], TOPICS[(i * 3) % 5]
        (root / f"report-{i:02d}.txt").write_text(
            f"HARROW — The council argued over {topic} for the {i + 1}th time on Tuesday.\n\n"
            f"“We cannot wait another year for {topic},” said {who}, who chairs the panel. "
            f"{who.split()[0]} added that the cost had grown by {i + 2} million dollars.\n\n"
            f"She said the vote would come in June. Residents said they were tired of delays.\n"
        )
    (root / "more.jsonl").write_text(
        '{"text": "The ferry will run again in May, the harbour master said on Friday.'
        ' \\u201cWe are ready,\\u201d said Ines Vale, the harbour master.", "url":'
        ' "https://port.example/ferry", "date": "2025-04-02"}\n'
        "{not json\n"
    )
    (root / "empty.txt").write_bytes(b"")
    (root / "noise.txt").write_bytes(bytes(range(256)) * 8)
    return root


def table(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return conn.execute(sql).fetchall()


SNAPSHOT = {
    "articles": "SELECT id, title, date, outlet FROM article ORDER BY id",
    "sources": "SELECT source, article_id FROM article_source ORDER BY source",
    "errors": "SELECT source, stage FROM error ORDER BY source",
    "quotes": "SELECT * FROM article_quote ORDER BY article_id, position",
    "people": "SELECT * FROM article_person ORDER BY article_id, position",
    "analysed": "SELECT article_id, quotes, people FROM article_analysis ORDER BY article_id",
    "stories": "SELECT article_id, story_id, how FROM article_story ORDER BY article_id",
    "groups": "SELECT article_id, group_id FROM duplicate_member ORDER BY article_id",
    "story_tokens": "SELECT article_id, options, tokens FROM story_tokens ORDER BY article_id",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {name: table(conn, sql) for name, sql in SNAPSHOT.items()}
    finally:
        conn.close()


def run_into(db: Path, sources: list[str], out: Path, executor, options=SMALL):
    conn = open_store(db)
    try:
        return run_corpus(conn, sources, out, executor, options)
    finally:
        conn.close()


# --- planning ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "per_partition", "expected"),
    [
        (["a.txt", "b.txt", "c.txt"], 2, [["a.txt", "b.txt"], ["c.txt"]]),
        (
            ["x.warc.gz", "a.txt", "feed.rss", "b.html"],
            5,
            [["x.warc.gz"], ["feed.rss"], ["a.txt", "b.html"]],
        ),
        (["l.jsonl", "m.jsonl"], 1, [["l.jsonl"], ["m.jsonl"]]),
        (["a.txt", "notes.py", ".hidden.txt"], 10, [["a.txt"]]),
    ],
)
def test_plan_groups_article_files_and_keeps_containers_alone(
    tmp_path: Path, names: list[str], per_partition: int, expected: list[list[str]]
):
    for name in names:
        (tmp_path / name).write_text("x")
    parts, problems = plan([str(tmp_path)], per_partition)
    assert not problems
    assert sorted([Path(f).name for f in p.files] for p in parts) == sorted(expected)
    again, _ = plan([str(tmp_path)], per_partition)
    assert [p.id for p in again] == [p.id for p in parts]  # the same corpus, the same ids


def test_plan_ids_change_with_content_and_bad_sources_are_reported(tmp_path: Path):
    (tmp_path / "a.txt").write_text("first")
    (before,), _ = plan([str(tmp_path / "a.txt")])
    (tmp_path / "a.txt").write_text("second, longer")
    (after,), _ = plan([str(tmp_path / "a.txt")])
    assert before.id != after.id
    _, problems = plan(["-", "https://news.example/a", str(tmp_path / "missing"), "nope/*.txt"])
    assert [(p.source, p.stage) for p in problems] == [
        ("-", "read"),
        ("https://news.example/a", "read"),
        (str(tmp_path / "missing"), "read"),
        ("nope/*.txt", "read"),
    ]


# --- the executors -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_executor():
    executor = LocalExecutor(2, retries=1)
    yield executor
    executor.close()


@pytest.fixture(scope="module")
def dask_executor():
    executor = DaskExecutor(workers=2, retries=1)
    yield executor
    executor.close()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["local_executor", "dask_executor"])
def test_killed_worker_is_retried_and_a_failing_task_gives_up(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
):
    executor = request.getfixturevalue(kind)
    results = dict(executor.map(executor_tasks.die_once, range(5), str(tmp_path)))
    assert results == {i: i * 10 for i in range(5)}  # every worker died once, every task done
    failing = tmp_path / "failing"
    failing.mkdir()
    (outcome,) = executor.map(executor_tasks.fail_always, [7], str(failing))
    assert isinstance(outcome[1], ValueError)
    assert (failing / "7").read_text() == "2"  # the first try and one retry


def test_make_executor_refuses_unknown_kinds():
    with pytest.raises(ValueError, match="unknown executor 'spark'"):
        make_executor("spark")


# --- whole runs --------------------------------------------------------------------------------


@pytest.mark.slow
def test_run_stores_what_ingest_stores_with_each_articles_analysis(
    tmp_path: Path, local_executor: LocalExecutor, nlp
):
    corpus = write_corpus(tmp_path / "corpus")
    out, db = tmp_path / "out", tmp_path / "run.db"
    summary = run_into(db, [str(corpus)], out, local_executor)
    assert (summary.partitions, summary.computed, summary.failed) == (5, 5, [])
    assert summary.stories is not None and summary.stories.n_articles == 11

    reference = tmp_path / "ingest.db"
    conn = open_store(reference)
    ingest(conn, [str(corpus)], IngestOptions(workers=0))
    assign_stories(conn)  # story tokens counted by the driver, from the stored text
    conn.close()
    ours, theirs = snapshot(db), snapshot(reference)
    for name in ("articles", "sources", "errors", "story_tokens"):  # tokens: counted by workers
        assert ours[name] == theirs[name], name
    assert len(ours["story_tokens"]) == 11
    assert {stage for _, stage in ours["errors"]} == {"extract", "parse"}

    conn = open_store(db)
    rows = table(conn, "SELECT id, label, text FROM article")
    assert len(rows) == 11 and len(ours["analysed"]) == 11
    for sha, _label, text in rows:  # every span is the article's own text at its offsets
        for start, end, quoted, cs, ce, cue in table(
            conn,
            f'SELECT start, "end", text, cue_start, cue_end, cue_text FROM article_quote'
            f" WHERE article_id = '{sha}'",
        ):
            assert text[start:end] == quoted
            assert cs is None or text[cs:ce] == cue
    # the stored analysis is the pipeline's own, for one article checked in this process
    sha, label, text = next(r for r in rows if "Mara Quill" in r[2])
    from newsparallax.model import Article

    article = Article(id=label, text=text)
    quotes, _ = analyse(article, next(iter(nlp.pipe([text]))))
    stored = table(conn, f"SELECT text, speaker FROM article_quote WHERE article_id = '{sha}'")
    assert stored == [(q.text, q.speaker) for q in quotes]
    assert ("We cannot wait another year for the bridge,", "Mara Quill") in stored
    # `export` covers what the run stored, with the ids the analysis gives
    exported = [r for r in export_rows(conn, "quotes") if r["article_id"] == sha]
    assert [(r["id"], r["text"], r["comparison_id"]) for r in exported] == [
        (q.id, q.text, None) for q in quotes
    ]
    assert len(list(export_rows(conn, "quotes"))) == len(ours["quotes"]) > 0
    people = [r for r in export_rows(conn, "people") if r["article_id"] == sha]
    assert {r["name"] for r in people} >= {"Mara Quill"}
    quill = next(r for r in exported if r["speaker"] == "Mara Quill")
    assert quill["person_id"] == next(r["id"] for r in people if r["name"] == "Mara Quill")
    conn.close()

    parquet = pq.read_table(out / "quotes").to_pylist()  # the partitions, read as one data set
    assert len(parquet) == len(ours["quotes"])
    assert len(list((out / "_done").glob("*.json"))) == 5


@pytest.mark.slow
def test_dask_cluster_gives_the_same_store_as_local_processes(
    tmp_path: Path, local_executor: LocalExecutor, dask_executor: DaskExecutor
):
    corpus = write_corpus(tmp_path / "corpus", n=8)
    local = run_into(tmp_path / "local.db", [str(corpus)], tmp_path / "a", local_executor)
    dask = run_into(tmp_path / "dask.db", [str(corpus)], tmp_path / "b", dask_executor)
    assert local.computed == dask.computed == 5
    assert snapshot(tmp_path / "local.db") == snapshot(tmp_path / "dask.db")


@pytest.mark.slow
def test_computed_partitions_are_reused_and_loaded_ones_skipped(
    tmp_path: Path, local_executor: LocalExecutor
):
    corpus = write_corpus(tmp_path / "corpus", n=6)
    out, db = tmp_path / "out", tmp_path / "run.db"
    parts, _ = plan([str(corpus)], SMALL.files_per_partition)
    process_partition(parts[0], str(out), PartitionOptions())  # as if a run stopped here
    first = run_into(db, [str(corpus)], out, local_executor)
    assert (first.reused, first.computed, first.already_loaded) == (1, len(parts) - 1, 0)
    again = run_into(db, [str(corpus)], out, local_executor)
    assert (again.reused, again.computed, again.already_loaded) == (0, 0, len(parts))
    assert again.ingest.documents == 0
    reference = tmp_path / "reference.db"
    run_into(reference, [str(corpus)], tmp_path / "fresh", local_executor)
    assert snapshot(db) == snapshot(reference)


def test_an_article_the_analysis_fails_on_is_an_error_and_the_rest_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp
):
    from newsparallax import pipeline

    corpus = write_corpus(tmp_path / "corpus", n=4)
    real = pipeline.analyse

    def fragile(article, doc):
        if "Tobias Fenn" in article.text:
            raise ValueError("cannot analyse this one")
        return real(article, doc)

    monkeypatch.setattr(pipeline, "analyse", fragile)
    (partition, *_), _ = plan([str(corpus / "report-01.txt"), str(corpus / "report-02.txt")])
    result = process_partition(partition, str(tmp_path / "out"), PartitionOptions())
    assert (result.documents, result.articles, result.errors) == (2, 1, 1)
    errors = pq.read_table(tmp_path / "out" / "errors").to_pylist()
    assert [(Path(e["source"]).name, e["stage"]) for e in errors] == [("report-01.txt", "analyse")]
    assert "cannot analyse this one" in errors[0]["reason"]


def big_page(paragraphs: int = 6000) -> bytes:
    """A 9 MB page (under the 10 MiB cap): about four seconds to extract here."""
    para = "<p>" + "The council met again on Tuesday to argue about the bridge. " * 24 + "</p>\n"
    return (
        "<html><head><title>A very long page</title></head><body><article><h1>Long</h1>"
        + para * paragraphs
        + "</article></body></html>"
    ).encode()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["local_executor", "dask_executor"])
def test_a_document_past_its_time_cap_is_an_error_on_any_executor(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
):
    """Under Dask the work runs in a thread no SIGALRM reaches: the watchdog stops the worker,
    Dask runs the partition again, and it skips the document (see `watchdog`)."""
    corpus = write_corpus(tmp_path / "corpus", n=2)
    (corpus / "big.html").write_bytes(big_page())
    options = RunOptions(files_per_partition=10, partition=PartitionOptions(doc_timeout=0.5))
    executor = request.getfixturevalue(kind)
    summary = run_into(tmp_path / "run.db", [str(corpus)], tmp_path / "out", executor, options)
    assert summary.computed == 2  # the text files, and more.jsonl
    conn = sqlite3.connect(tmp_path / "run.db")
    errors = {
        Path(s).name: (stage, reason)
        for s, stage, reason in table(conn, "SELECT source, stage, reason FROM error")
    }
    stored = table(conn, "SELECT count(*) FROM article_analysis")[0][0]
    conn.close()
    assert errors["big.html"][0] == "timeout" and "--doc-timeout" in errors["big.html"][1]
    assert stored == 3  # the two reports and the JSONL article
    poison = list((tmp_path / "out" / "_poison").glob("*.jsonl"))
    assert bool(poison) is (kind == "dask_executor")  # locally SIGALRM stops it first


@pytest.mark.slow
def test_a_big_warc_file_cut_into_ranges_stores_what_one_partition_stores(
    tmp_path: Path, local_executor: LocalExecutor
):
    from corpora import write_warc
    from localserver import article

    slugs = [f"{topic.split()[-1]}-{n}" for n in range(4) for topic in TOPICS]
    crawl = tmp_path / "crawl.warc.gz"
    write_warc(crawl, [("response", "text/html", article(slug)) for slug in slugs])
    whole = RunOptions(warc_split=10**9)
    cut = RunOptions(warc_split=-(-crawl.stat().st_size // 5))
    one = run_into(tmp_path / "whole.db", [str(crawl)], tmp_path / "a", local_executor, whole)
    many = run_into(tmp_path / "cut.db", [str(crawl)], tmp_path / "b", local_executor, cut)
    assert (one.partitions, many.partitions) == (1, 5)
    assert snapshot(tmp_path / "whole.db") == snapshot(tmp_path / "cut.db")
    assert len(snapshot(tmp_path / "cut.db")["analysed"]) == len(slugs)


@pytest.mark.slow
def test_stopped_run_resumes_without_loss_or_duplicates(tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus", n=16)
    command = [
        NEWSPARALLAX,
        "run",
        str(corpus),
        "-q",
        "--workers",
        "1",
        "--files-per-partition",
        "1",
    ]
    db, out = tmp_path / "killed.db", tmp_path / "out"
    process = subprocess.Popen(
        [*command, "--db", str(db), "--out", str(out)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    loaded = 0
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None and loaded < 3:
        loaded = count_rows(db, "run_partition")
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert 3 <= loaded < 19, "the run must be killed part way"

    resumed = subprocess.run(
        [*command, "--db", str(db), "--out", str(out)], capture_output=True, text=True, timeout=180
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "already loaded" in resumed.stdout
    reference = tmp_path / "reference.db"
    subprocess.run(
        [*command, "--db", str(reference), "--out", str(tmp_path / "ref")],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert snapshot(db) == snapshot(reference)
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("SELECT status FROM run ORDER BY id")] == [
        "interrupted",
        "done",
    ]
    conn.close()


def test_cli_run_reports_and_rejects_bad_arguments(tmp_path: Path):
    runner = CliRunner()
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["run", str(tmp_path), "--executor", "spark", "--db", db])
    assert result.exit_code == 2
    assert "unknown executor 'spark'" in result.output
