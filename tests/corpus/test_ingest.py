"""`newsparallax ingest`, `errors` and `export` end to end: every kind of source, bad documents,
exact and near duplicates, idempotent re-runs, a run killed with kill -9 and resumed, exports
with stable ids, and the migration of a version-1 store. Real files, a real SQLite store, a real
HTTP server on 127.0.0.1 and real worker processes."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpora import count_rows, counts, ingest_command, write_pages, write_warc
from localserver import SLOW_TIMEOUT, article, serve
from newspages import boilerplated, edited, page, story, trimmed
from newsparallax.cli import app
from newsparallax.corpus.fetch import FetchOptions
from newsparallax.corpus.ingest import IngestOptions, ingest
from newsparallax.store import schema
from newsparallax.store.comparisons import load_comparison, save_comparison
from newsparallax.store.schema import open_store

SERIAL = IngestOptions(workers=0, fetch=FetchOptions(delay=0, allow_private=True))


def errors_by_source(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    return {
        Path(r[0]).name: (r[1], r[2])
        for r in conn.execute("SELECT source, stage, reason FROM error")
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with one document of each kind, good and bad."""
    root = tmp_path / "corpus"
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "page.html").write_bytes(article("bridge"))
    (root / "nested" / "deeper" / "plain.txt").write_text(
        "HARROW (Harrow Post) — The zoning panel met on Tuesday.\n\n“We will decide in June,”"
        " said Walt Ibarra, the panel's chair, after a long hearing on the plan.\n"
    )
    rng = random.Random(3)
    (root / "garbage.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    (root / "helper.py").write_text("print('not an article')\n")  # skipped: not an article file
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff" + b"\0" * 100)  # skipped too
    (root / "cp1252.html").write_bytes(
        b"<html><head><meta charset='utf-8'><title>Caf\xe9 closes</title></head><body><article>"
        b"<p>The caf\xe9 on Main Street closed on Monday after forty years, its owner said. \x93It"
        b" was time,\x94 said Ren\xe9e Dubois, who ran it with her late husband since 1985.</p>"
        b"</article></body></html>"
    )
    (root / "empty.html").write_bytes(b"")
    (root / "no-article.html").write_bytes(
        b"<html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav>"
        b"</body></html>"
    )
    (root / ".hidden.html").write_bytes(article("hidden"))
    lines = [
        json.dumps(
            {
                "text": "The Harrow library trustees voted to extend opening hours on Sundays"
                " starting in July, the board's chair said.",
                "url": "https://lib.example/a",
                "title": "Library opens Sundays",
                "authors": "By Ana Brandt and Sam Yoon",
                "date": "2025-05-02",
                "outlet": "Harrow Post",
                "id": "lib-1",
            }
        ),
        "{not json",
        json.dumps({"title": "no body"}),
        json.dumps({"html": article("jsonl-page").decode(), "url": "https://x.example/j"}),
        "",
    ]
    (root / "lines.jsonl").write_text("\n".join(lines) + "\n")
    write_warc(
        root / "crawl.warc.gz",
        [
            ("request", "", b""),
            ("response", "text/html; charset=utf-8", article("warc-one")),
            ("response", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100),
            ("response", "text/html", article("warc-two")),
        ],
    )
    return root


def test_every_kind_of_document(corpus: Path, tmp_path: Path):
    conn = open_store(tmp_path / "c.db")
    summary = ingest(conn, [str(corpus)], SERIAL)
    assert (summary.added, summary.errors) == (7, 5)
    errors = errors_by_source(conn)
    assert errors == {
        "garbage.txt": ("extract", "looks like binary data (NUL or control bytes), not text"),
        "empty.html": ("extract", "empty document"),
        "no-article.html": ("extract", errors["no-article.html"][1]),
        "lines.jsonl:2": ("parse", errors["lines.jsonl:2"][1]),
        "lines.jsonl:3": ("parse", "no `text` or `html` field"),
    }
    assert errors["lines.jsonl:2"][1].startswith("not a JSON object")
    assert errors["no-article.html"][1].startswith("no article text found in the HTML page")
    cursor = conn.execute("SELECT * FROM article")
    names = [c[0] for c in cursor.description]
    rows = {r["label"]: r for r in (dict(zip(names, row, strict=True)) for row in cursor)}
    assert set(rows) == {"page", "plain", "cp1252", "lib-1", "lines-4", "story-1", "story-3"}
    page_row = rows["page"]
    assert page_row["title"] == "Harrow pauses bridge project"
    assert json.loads(page_row["authors"]) == ["Dana Reyes"]
    assert (page_row["date"], page_row["date_source"]) == ("2025-06-11T08:00:00+00:00", "meta")
    assert page_row["language"] == "en" and page_row["truncated"] == 0
    assert "Renée Dubois" in rows["cp1252"]["text"] and "“It was time,”" in rows["cp1252"]["text"]
    lib = rows["lib-1"]
    assert (lib["date"], lib["date_source"], lib["date_confidence"]) == ("2025-05-02", "given", 1.0)
    assert json.loads(lib["authors"]) == ["Ana Brandt", "Sam Yoon"]
    assert (lib["outlet"], lib["url"]) == ("Harrow Post", "https://lib.example/a")
    warc = rows["story-1"]
    assert warc["url"] == "https://news.example/2025/06/02/story-1.html"
    assert warc["raw"] == article("warc-one")
    sources = {r[0] for r in conn.execute("SELECT source FROM article_source")}
    assert any(s.startswith(str(corpus / "crawl.warc.gz") + "@") for s in sources)
    assert not any("hidden" in s for s in sources)
    conn.close()


def test_reingesting_adds_nothing(corpus: Path, tmp_path: Path):
    conn = open_store(tmp_path / "c.db")
    ingest(conn, [str(corpus)], SERIAL)
    before = counts(conn)
    again = ingest(conn, [str(corpus), str(corpus / "page.html")], SERIAL)
    assert counts(conn) == before
    assert (again.documents, again.added, again.skipped) == (0, 0, 13)
    runs = conn.execute("SELECT status, added, skipped FROM run ORDER BY id").fetchall()
    assert runs == [("done", 7, 0), ("done", 0, 13)]
    conn.close()


def test_exact_copies_share_one_article(tmp_path: Path):
    (tmp_path / "a.html").write_bytes(article("dam"))
    (tmp_path / "b.htm").write_bytes(article("dam"))
    (tmp_path / "c.html").write_bytes(article("dam").replace(b"<nav>Home | News</nav>", b""))
    conn = open_store(tmp_path / "c.db")
    summary = ingest(conn, [str(tmp_path / "*.htm*")], SERIAL)
    assert (summary.added, summary.copies) == (1, 2)
    assert counts(conn)["article_source"] == 3
    conn.close()


def test_near_duplicates_form_one_group(tmp_path: Path):
    rng = random.Random(11)
    original, other = story(rng, 1), story(rng, 2)
    copies = [edited(original, rng, 1), trimmed(original, rng, 2), boilerplated(original, rng, 3)]
    for s in [original, other, *copies]:
        (tmp_path / f"{s.id}.html").write_text(page(s, rng))
    conn = open_store(tmp_path / "c.db")
    summary = ingest(conn, [str(tmp_path)], SERIAL)
    assert summary.added == 5
    groups = conn.execute(
        "SELECT group_id, group_concat(a.label) FROM duplicate_member d"
        " JOIN article a ON a.id = d.article_id GROUP BY group_id"
    ).fetchall()
    assert len(groups) == 1
    assert sorted(groups[0][1].split(",")) == ["c00001", "c00002", "c00003", "s00001"]
    conn.close()


def test_v1_store_is_migrated_and_comparisons_still_load(tmp_path: Path, monkeypatch):
    from sample_comparison import build_sample_comparison

    comparison = build_sample_comparison()
    path = tmp_path / "old.db"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    conn = open_store(path)
    for column in ("confidence", "cue_kind", "quoted"):  # what the writer needs, for a moment
        conn.execute(f"ALTER TABLE quote ADD COLUMN {column} TEXT")
    save_comparison(conn, comparison)
    conn.execute("UPDATE quote SET how = cue_kind")  # as version 1 kept it
    for column in ("confidence", "cue_kind", "quoted"):
        conn.execute(f"ALTER TABLE quote DROP COLUMN {column}")
    conn.close()
    monkeypatch.undo()
    conn = open_store(path)
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_version")]
    assert versions == list(range(1, schema.SCHEMA_VERSION + 1))
    unjudged = tuple(replace(q, how="", confidence=None) for q in comparison.quotes)
    assert load_comparison(conn, comparison.id) == replace(comparison, quotes=unjudged)
    (tmp_path / "again.txt").write_text(comparison.articles[0].text)
    assert ingest(conn, [str(tmp_path / "again.txt")], SERIAL).copies == 1  # same text: one row
    assert conn.execute(
        "SELECT count(*) FROM article WHERE ingested_at IS NOT NULL"
    ).fetchone() == (1,)
    conn.close()


# --- the command line, with worker processes and the local HTTP server ------------------------


def run(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(app, list(args), input=input)
    return result


@pytest.mark.slow
def test_cli_urls_feed_and_errors(tmp_path: Path):
    db = str(tmp_path / "web.db")
    with serve() as (base, hits):
        result = run(
            "ingest",
            f"{base}/feed.xml",
            f"{base}/teaser",
            f"{base}/redirect",
            f"{base}/private/x",
            f"{base}/redirect-file",
            f"{base}/slow",
            f"{base}/bomb",
            "ftp://example.com/x",
            "--db",
            db,
            "--allow-private",
            "--delay",
            "0",
            "--timeout",
            SLOW_TIMEOUT,
            "--retries",
            "0",
            "--workers",
            "1",
            "-q",
        )
        assert result.exit_code == 0, result.output
        assert "4 new articles" in result.output and "5 errors" in result.output
        fetched = dict(hits)
        again = run(
            "ingest", f"{base}/feed.xml", "--db", db, "--allow-private", "--delay", "0", "-q"
        )
        assert "0 new articles" in again.output and "2 already done" in again.output
        assert hits["/news/1.html"] == fetched["/news/1.html"]  # stored URLs are not fetched again
    conn = sqlite3.connect(db)
    rows = dict(
        conn.execute(
            "SELECT s.source, date_source FROM article_source s"
            " JOIN article a ON a.id = s.article_id"
        )
    )
    assert rows[f"{base}/news/1.html"] == "meta"
    assert conn.execute(
        "SELECT truncated FROM article a JOIN article_source s ON a.id = s.article_id"
        " WHERE s.source = ?",
        (f"{base}/teaser",),
    ).fetchone() == (1,)
    canonical = conn.execute(
        "SELECT canonical_url, url FROM article WHERE label = 'moved'"
    ).fetchone()
    assert canonical == (f"{base}/canonical/moved", f"{base}/news/moved.html")
    listed = run("errors", "--db", db).output.splitlines()
    reasons = {line.split("\t")[0]: line.split("\t")[2] for line in listed}
    assert reasons[f"{base}/private/x"] == "refused: disallowed by robots.txt"
    assert reasons[f"{base}/redirect-file"] == "refused: scheme 'file' is not http(s)"
    assert reasons[f"{base}/slow"] == "timed out (--timeout)"
    assert reasons[f"{base}/bomb"] == (
        "refused: decompresses more than 100 times its size (--max-ratio)"
    )
    assert reasons["ftp://example.com/x"] == "refused: scheme 'ftp' is not http(s)"


@pytest.mark.slow
def test_cli_stdin_and_missing_sources(tmp_path: Path):
    db = str(tmp_path / "s.db")
    result = run(
        "ingest",
        "-",
        str(tmp_path / "nope.html"),
        str(tmp_path / "*.none"),
        "--db",
        db,
        "-q",
        input=article("stdin"),
    )
    assert result.exit_code == 0, result.output
    assert "1 new articles" in result.output and "2 errors" in result.output
    errors = [
        json.loads(line) for line in run("errors", "--db", db, "-f", "json").output.splitlines()
    ]
    assert {e["reason"] for e in errors} == {
        "no such file or directory",
        "no files match this pattern",
    }


def test_export_formats_and_stable_ids(corpus: Path, tmp_path: Path):
    pa = pytest.importorskip("pyarrow.parquet")
    exported = {}
    for name in ("one", "two"):
        db = str(tmp_path / f"{name}.db")
        assert run("ingest", str(corpus), "--db", db, "-q", "--workers", "0").exit_code == 0
        out = tmp_path / f"{name}.jsonl"
        assert run("export", "articles", "--db", db, "--out", str(out)).exit_code == 0
        exported[name] = [json.loads(line) for line in out.read_text().splitlines()]
    ids = [r["id"] for r in exported["one"]]
    assert ids == [r["id"] for r in exported["two"]] and len(ids) == 7
    db = str(tmp_path / "one.db")
    run("export", "articles", "--db", db, "-f", "csv", "--out", str(tmp_path / "a.csv"))
    with (tmp_path / "a.csv").open(newline="") as stream:
        table = list(csv.DictReader(stream))
    assert [r["id"] for r in table] == ids
    assert [json.loads(r["authors"]) for r in table if r["label"] == "page"] == [["Dana Reyes"]]
    run("export", "articles", "--db", db, "-f", "parquet", "--out", str(tmp_path / "a.parquet"))
    assert pa.read_table(tmp_path / "a.parquet").column("id").to_pylist() == ids
    assert run("export", "articles", "--db", db, "-f", "parquet").exit_code == 2  # needs --out


def test_export_quotes_and_people(tmp_path: Path):
    from sample_comparison import build_sample_comparison

    comparison = build_sample_comparison()
    conn = open_store(tmp_path / "q.db")
    save_comparison(conn, comparison)
    conn.close()
    quotes = run("export", "quotes", "--db", str(tmp_path / "q.db")).output.splitlines()
    assert [json.loads(q)["id"] for q in quotes] == [q.id for q in comparison.quotes]
    people = [
        json.loads(p)
        for p in run("export", "people", "--db", str(tmp_path / "q.db")).output.splitlines()
    ]
    assert [(p["id"], p["aliases"]) for p in people] == [
        (p.id, list(p.aliases)) for p in comparison.people
    ]


# --- kill -9 and resume -------------------------------------------------------------------------


@pytest.mark.slow
def test_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path):
    folder = tmp_path / "pages"
    total = write_pages(folder, stories=300, copies=40)
    killed = tmp_path / "killed.db"
    process = subprocess.Popen(
        ingest_command(folder, killed),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    done_at_kill = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        done_at_kill = count_rows(killed)
        if done_at_kill >= 30:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < done_at_kill < total, "the run must be killed part way"
    assert count_rows(killed) < total

    resumed = subprocess.run(
        ingest_command(folder, killed), capture_output=True, text=True, timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr
    reference = tmp_path / "reference.db"
    subprocess.run(ingest_command(folder, reference), check=True, capture_output=True, timeout=120)

    a, b = sqlite3.connect(killed), sqlite3.connect(reference)
    assert counts(a) == counts(b)
    assert counts(a)["article_source"] + counts(a)["error"] == total
    for sql in (
        "SELECT id FROM article ORDER BY id",
        "SELECT article_id, group_id FROM duplicate_member ORDER BY article_id",
    ):
        assert a.execute(sql).fetchall() == b.execute(sql).fetchall()
    assert 30 <= len(a.execute("SELECT * FROM duplicate_group").fetchall()) <= 40
    statuses = [r[0] for r in a.execute("SELECT status FROM run ORDER BY id")]
    assert statuses == ["interrupted", "done"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("Mayor said", "Mayor said"),
        (-4, -4),
        (None, ""),
    ],
)
def test_csv_cells_never_start_a_formula(value, expected):
    from newsparallax.store.export import spreadsheet_safe

    assert spreadsheet_safe(value) == expected
