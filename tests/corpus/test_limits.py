"""Every cap of docs/limits.md, exceeded through `newsparallax ingest` and its flag: each ends as
one `error` row whose reason names the flag, and the run goes on with the other documents."""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpora import write_warc
from localserver import SLOW_TIMEOUT, article, serve
from newsparallax.cli import app
from newsparallax.corpus import worker

GOOD = article("bridge")  # about 1.2 KB: under every cap below
ZEROS = b"\0" * (5 * 1024 * 1024)  # gzips to about 5 KB: a thousandfold
RATIO = "refused: decompresses more than 50 times its size (--max-ratio)"


def nested(levels: int) -> bytes:
    """The good page with its story wrapped in `levels` divs."""
    return GOOD.replace(b"<article>", b"<div>" * levels + b"<article>").replace(
        b"</article>", b"</article>" + b"</div>" * levels
    )


def jsonl(*lines: bytes) -> bytes:
    return b"\n".join(lines) + b"\n"


def line(slug: str) -> bytes:
    return json.dumps({"html": article(slug).decode()}).encode()


def warc(path: Path, bodies: list[bytes]) -> None:
    write_warc(path, [("response", "text/html", body) for body in bodies])


# (id, files to write beside good.html, flags, expected (source pattern, stage, reason), added)
CASES = [
    (
        "max-bytes file",
        {"big.html": GOOD + b" " * 5000},
        ["--max-bytes", "4000"],
        (r"big\.html", "size", f"too large: {len(GOOD) + 5000} bytes (cap 4000, --max-bytes)"),
        1,
    ),
    (
        "max-bytes JSONL line",
        {"lines.jsonl": jsonl(line("x" * 5000), line("short"))},
        ["--max-bytes", "4000"],
        (r"lines\.jsonl:1", "size", "too large: line longer than 4000 bytes (--max-bytes)"),
        2,
    ),
    (
        "max-bytes WARC record",
        {"crawl.warc": [article("x" * 5000), article("short")]},
        ["--max-bytes", "4000"],
        (r"crawl\.warc@0", "size", "too large: more than 4000 bytes (--max-bytes)"),
        2,
    ),
    (
        "max-ratio JSONL.gz",
        {"bomb.jsonl.gz": gzip.compress(jsonl(line("before"), ZEROS, line("after")))},
        ["--max-ratio", "50"],
        (r"bomb\.jsonl\.gz:2", "size", RATIO),
        2,
    ),
    (
        "max-ratio WARC.gz",
        {"bomb.warc.gz": [article("before"), ZEROS, article("after")]},
        ["--max-ratio", "50"],
        (r"bomb\.warc\.gz@[1-9]\d*", "size", RATIO),  # the second record
        2,
    ),
    (
        "max-depth flag",
        {"deep.html": nested(40)},
        ["--max-depth", "30"],
        (r"deep\.html", "extract", "refused: HTML nested more than 30 elements deep (--max-depth)"),
        1,
    ),
    (
        "max-depth default: deeper than the parser keeps",
        {"deep.html": nested(100_000)},
        [],
        (
            r"deep\.html",
            "extract",
            "refused: HTML nested more than 255 elements deep (--max-depth)",
        ),
        1,
    ),
    (
        "max-warc-records",
        {"crawl.warc": [article("one"), article("two"), article("three"), article("four")]},
        ["--max-warc-records", "3"],
        (
            r"crawl\.warc",
            "size",
            "stopped: more than 3 records in the file (--max-warc-records); the rest is not read",
        ),
        4,
    ),
]


@pytest.fixture(scope="module")
def server():
    with serve() as (base, _):
        yield base


def ingest(folder: Path, db: Path, *args: str) -> tuple[int, list[tuple[str, str, str]], int]:
    """Exit code, error rows and the number of stored documents of one ingest of `folder`."""
    result = CliRunner().invoke(
        app, ["ingest", str(folder), *args, "--db", str(db), "-q", "--workers", "0"]
    )
    conn = sqlite3.connect(db)
    errors = conn.execute("SELECT source, stage, reason FROM error").fetchall()
    stored = conn.execute("SELECT count(*) FROM article_source").fetchone()[0]
    conn.close()
    return result.exit_code, errors, stored


@pytest.mark.parametrize(
    ("files", "flags", "expected", "added"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_limit_exceeded(tmp_path: Path, files, flags, expected, added):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.html").write_bytes(GOOD)
    for name, content in files.items():
        if name.endswith((".warc", ".warc.gz")):
            warc(folder / name, content)
        else:
            (folder / name).write_bytes(content)
    code, errors, stored = ingest(folder, tmp_path / "c.db", *flags)
    assert code == 0
    [(source, stage, reason)] = errors
    pattern, want_stage, want_reason = expected
    assert re.fullmatch(re.escape(str(folder)) + "/" + pattern, source)
    assert (stage, reason) == (want_stage, want_reason)
    assert stored == added  # good.html, and whatever else the source held within the cap


def test_url_limits(server, tmp_path: Path):
    """The same flags cap fetched pages: a gzip bomb, a page too large, a page too slow."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.html").write_bytes(GOOD)
    urls = [f"{server}/bomb", f"{server}/huge", f"{server}/slow", f"{server}/news/fine.html"]
    args = [*urls, "--allow-private", "--delay", "0", "--retries", "0", "--timeout", SLOW_TIMEOUT]
    code, errors, stored = ingest(folder, tmp_path / "c.db", *args, "--max-ratio", "50")
    assert code == 0 and stored == 2
    expected = {
        f"{server}/bomb": ("fetch", re.escape(RATIO)),
        f"{server}/huge": ("fetch", r"too large: \d+ bytes declared \(cap 10485760, --max-bytes\)"),
        f"{server}/slow": ("fetch", re.escape("timed out (--timeout)")),
    }
    assert {source for source, _, _ in errors} == set(expected)
    for source, stage, reason in errors:
        assert stage == expected[source][0] and re.fullmatch(expected[source][1], reason)


def test_document_time_cap(tmp_path: Path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.html").write_bytes(GOOD)
    (folder / "slow.html").write_bytes(article("slow"))
    read = worker.read_document

    def slow_for_one(document, **kwargs):
        if document.source.endswith("slow.html"):
            time.sleep(5)
        return read(document, **kwargs)

    monkeypatch.setattr(worker, "read_document", slow_for_one)
    code, errors, stored = ingest(folder, tmp_path / "c.db", "--doc-timeout", "0.2")
    assert code == 0 and stored == 1
    assert errors == [
        (str(folder / "slow.html"), "timeout", "extraction took over 0.2 s (--doc-timeout)")
    ]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("deep.jsonl", b"[" * 100_000 + b"\n", ("parse", "not a JSON object (nested too deeply)")),
        (
            "deep-jsonld.html",
            GOOD.replace(
                b"</head>",
                b"<script type='application/ld+json'>" + b"[" * 100_000 + b"</script></head>",
            ),
            None,
        ),
    ],
)
def test_nested_json_costs_neither_the_run_nor_the_article(tmp_path: Path, name, content, error):
    """JSON nested past the interpreter's stack once raised RecursionError: in a JSONL line it
    ended the whole run, in a page's JSON-LD it cost the article."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.html").write_bytes(GOOD)
    (folder / name).write_bytes(content)
    code, errors, stored = ingest(folder, tmp_path / "c.db")
    assert code == 0
    assert [(stage, reason) for _, stage, reason in errors] == ([error] if error else [])
    assert stored == (1 if error else 2)


@pytest.mark.parametrize(
    "flag",
    [
        "--max-bytes",
        "--doc-timeout",
        "--max-ratio",
        "--max-depth",
        "--max-warc-records",
        "--timeout",
    ],
)
def test_each_cap_is_a_flag_with_a_row_in_the_limits_page(flag):
    limits = (Path(__file__).resolve().parents[2] / "docs" / "limits.md").read_text()
    table = limits.split("### Caps on hostile input", 1)[1].split("\n### ", 1)[0]
    rows = [r for r in table.splitlines() if r.startswith("| ") and f"`{flag}`" in r]
    assert len(rows) == 1, f"docs/limits.md's table has no row for {flag}"
    help_text = CliRunner().invoke(app, ["ingest", "--help"]).output
    assert re.search(rf"{flag}\b", help_text)
