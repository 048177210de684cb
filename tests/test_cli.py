"""End-to-end tests of `newsparallax compare`: real files in, reports and a real SQLite store out.

Most tests drive the Typer app in-process with `CliRunner` (the spaCy pipeline is loaded once per
process by the lru_cached `load_nlp`); a few run the installed console script in a subprocess to
check what a user really sees: exit codes, stderr lines, the default store in the working
directory.

The three reports below are invented for these tests: a pier closure in the fictional town of
Calder Bay, Maine. Harbormaster Petra Okonkwo is quoted in all three, in slightly different words.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsparallax.cli import app
from newsparallax.report import render
from newsparallax.store.comparisons import list_comparisons, load_comparison
from newsparallax.store.schema import open_store

HERALD = """Ferry service halted after pier cracks

By Lena Moravec

CALDER BAY, Maine (Calder Herald) — The island ferry will stop running for three weeks after \
inspectors found cracks in the main pier, Harbormaster Petra Okonkwo said on Thursday.

“We cannot risk a single passenger on a pier that is moving under our feet,” Okonkwo said. \
She added that repairs would cost about $2 million.

Fisherman Dale Whitcomb, 58, said the closure would hurt island families. “Half of us can’t get \
to the mainland without that boat,” he said.
"""

# CR LF line ends: offsets must still agree with the file as Python reads it in text mode.
WIRE = (
    "CALDER BAY, Maine (Coastal Wire) — Ferry crossings to Tern Island were suspended on "
    "Thursday when engineers discovered cracks in the harbor’s main pier.\r\n"
    "\r\n"
    "“We cannot risk a single passenger on a pier that is shifting under our feet,” Harbormaster "
    "Petra Okonkwo told reporters. Okonkwo said the repairs would cost about $3 million and take "
    "a month.\r\n"
    "\r\n"
    "Town manager Greg Althaus said a water taxi would carry medical patients in the meantime.\r\n"
)

# Only characters cp1252 can encode: this one is also written as cp1252 bytes.
ISLANDER = """TERN ISLAND, Maine — Islanders gathered at the Harbor Café on Thursday night after \
learning that the ferry would be idle for most of the month.

“We cannot risk a single passenger on that pier,” Harbormaster Petra Okonkwo said at the \
meeting. “The ferry comes back when the pier is safe, not a day sooner.”

Dale Whitcomb said the island school would close early.
"""

GOOD = {"herald.txt": HERALD, "wire.txt": WIRE, "islander.txt": ISLANDER}
LABELS = ["herald", "wire", "islander"]
FORMATS = ["text", "json", "markdown", "html"]
SPEAKER = "Petra Okonkwo"
DB_NAME = "newsparallax.db"

runner = CliRunner()


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def write_articles(directory: Path, names: list[str] | None = None) -> list[Path]:
    """The good reports as UTF-8 files (bytes written as given, so WIRE keeps its CR LF)."""
    paths = []
    for name in names or list(GOOD):
        path = directory / name
        path.write_bytes(GOOD[name].encode("utf-8"))
        paths.append(path)
    return paths


def invoke(*args: object):
    """Run the app in-process; stdout and stderr come back separately."""
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def compare_json(*args: object) -> tuple[dict, object]:
    result = invoke("compare", "--format", "json", *args)
    return json.loads(result.stdout), result


def stderr_lines(result) -> list[str]:
    return result.stderr.splitlines()


def table_counts(db: Path) -> dict[str, int]:
    """Row count of every table in the store, read with plain sqlite3."""
    with closing(sqlite3.connect(db)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def stored_comparisons(db: Path) -> int:
    """How many comparisons the file holds: 0 when it is absent or has no schema yet."""
    if not db.exists():
        return 0
    return table_counts(db).get("comparison", 0)


def assert_quotes_point_into_files(report: dict, files: dict[str, str]) -> None:
    """Every quote's text is exactly the slice of its article's file, as Python reads it."""
    assert report["quotes"], "the reports quote people; no quote found"
    for quote in report["quotes"]:
        text = files[quote["article"]]
        assert quote["text"] == text[quote["start"] : quote["end"]], quote


def console_script() -> Path:
    script = Path(sys.executable).parent / "newsparallax"
    assert script.exists(), f"console script not installed next to {sys.executable}"
    return script


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture
def articles(tmp_path: Path) -> list[Path]:
    return write_articles(tmp_path)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in an empty directory, so the default store lands there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------------------------


def test_json_report_quotes_match_the_files(articles: list[Path]) -> None:
    report, result = compare_json(*articles, "--no-store")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert report["format"] == "newsparallax/1"
    assert [a["id"] for a in report["articles"]] == LABELS
    files = {p.stem: p.read_text(encoding="utf-8") for p in articles}
    assert_quotes_point_into_files(report, files)
    # The harbormaster is found speaking in every report, and her words are aligned.
    speakers = {(q["article"], q["speaker"]) for q in report["quotes"]}
    assert {(label, SPEAKER) for label in LABELS} <= speakers
    assert any(al["speaker"] == SPEAKER for al in report["alignments"])
    herald = next(a for a in report["articles"] if a["id"] == "herald")
    assert herald["outlet"] == "Calder Herald"
    assert herald["dateline"]["text"] == "CALDER BAY, Maine (Calder Herald) —"


@pytest.mark.parametrize("pair", [("herald.txt", "wire.txt"), ("herald.txt", "islander.txt")])
def test_facts_that_differ_really_differ(tmp_path: Path, pair: tuple[str, str]) -> None:
    """Regression: "Harbormaster" in both reports was once listed as a title that differs,
    because a title with no known role noun compared unequal to everything."""
    report, result = compare_json(*write_articles(tmp_path, list(pair)), "--no-store")
    assert result.exit_code == 0, result.stderr
    for d in report["discrepancies"]:
        assert len(set(d["values"].values())) > 1, d


def test_dateline_outlet_is_not_a_person(articles: list[Path]) -> None:
    report, result = compare_json(*articles, "--no-store")
    assert result.exit_code == 0, result.stderr
    outlets = {a["outlet"] for a in report["articles"]} - {None}
    assert outlets == {"Calder Herald", "Coastal Wire"}
    assert not outlets & {p["name"] for p in report["people"]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_to_stdout(articles: list[Path], fmt: str) -> None:
    result = invoke("compare", *articles, "--format", fmt, "--no-store")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.endswith("\n")
    assert SPEAKER in out
    if fmt == "json":
        json.loads(out)
    elif fmt == "html":
        assert out.lstrip().lower().startswith("<!doctype html")
        assert out.rstrip().endswith("</html>")
    elif fmt == "markdown":
        assert out.startswith("#")
    else:
        assert out.startswith("newsparallax comparison ")


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_to_out_file(articles: list[Path], tmp_path: Path, fmt: str) -> None:
    to_stdout = invoke("compare", *articles, "-f", fmt, "--no-store")
    target = tmp_path / f"report.{fmt}"
    result = invoke("compare", *articles, "-f", fmt, "--no-store", "--out", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""
    written = target.read_text(encoding="utf-8")
    # The same report, whichever way it goes (stdout only adds a missing final newline).
    assert written.rstrip("\n") == to_stdout.stdout.rstrip("\n")
    if fmt == "json":
        files = {p.stem: p.read_text(encoding="utf-8") for p in articles}
        assert_quotes_point_into_files(json.loads(written), files)


def test_short_out_option_and_overwrite(articles: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("stale", encoding="utf-8")
    result = invoke("compare", *articles, "-f", "json", "-o", target, "--no-store")
    assert result.exit_code == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["articles"]


def test_out_into_missing_directory(articles: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "report.html"
    result = invoke("compare", *articles, "-f", "html", "--out", target, "--no-store")
    assert result.exit_code == 2
    no_traceback(result)
    assert result.stdout == ""
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert str(target) in lines[0]
    assert lines[0].startswith("newsparallax: error:")
    assert not target.exists()
    assert not target.parent.exists()


# ---------------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------------


def test_default_store_is_in_the_working_directory(in_tmp: Path) -> None:
    paths = write_articles(in_tmp)
    report, result = compare_json(*(p.name for p in paths))
    assert result.exit_code == 0, result.stderr
    db = in_tmp / DB_NAME
    assert db.is_file()
    counts = table_counts(db)
    assert counts["comparison"] == 1
    assert counts["article"] == 3
    assert counts["quote"] == len(report["quotes"])
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT id FROM comparison").fetchone()[0] == report["id"]


def test_db_option(articles: list[Path], in_tmp: Path) -> None:
    db = in_tmp / "stores" / "mine.sqlite"
    result = invoke("compare", *articles, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert db.is_file()
    assert stored_comparisons(db) == 1
    assert not (in_tmp / DB_NAME).exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_store_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    paths = write_articles(tmp_path)
    explicit = tmp_path / "explicit.db"
    result = invoke("compare", *paths, "-f", fmt, "--no-store", "--db", explicit)
    assert result.exit_code == 0, result.stderr
    assert list(work.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*GOOD, "work"])


def test_same_compare_twice_is_idempotent(articles: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "twice.db"
    first, result = compare_json(*articles, "--db", db)
    assert result.exit_code == 0, result.stderr
    counts = table_counts(db)
    second, result = compare_json(*articles, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert table_counts(db) == counts
    assert first["id"] == second["id"]
    assert first == second
    # Something was really stored, in every table the analysis fills.
    for table in ("article", "comparison", "comparison_article", "person", "quote", "voice"):
        assert counts[table] > 0, table
    assert counts["comparison"] == 1
    assert counts["alignment"] >= 1
    with closing(open_store(db)) as conn:
        [entry] = list_comparisons(conn)
    assert entry["id"] == first["id"]
    assert entry["articles"] == LABELS


def test_argument_order_does_not_change_the_comparison_id(
    articles: list[Path], tmp_path: Path
) -> None:
    db = tmp_path / "order.db"
    forward, _ = compare_json(*articles, "--db", db)
    backward, result = compare_json(*reversed(articles), "--db", db)
    assert result.exit_code == 0, result.stderr
    assert forward["id"] == backward["id"]
    assert stored_comparisons(db) == 1
    with closing(open_store(db)) as conn:
        [entry] = list_comparisons(conn)
    assert entry["articles"] == list(reversed(LABELS))  # the latest save's order


def test_load_comparison_round_trips(articles: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "round.db"
    report, result = compare_json(*articles, "--db", db)
    assert result.exit_code == 0, result.stderr
    with closing(open_store(db)) as conn:
        loaded = load_comparison(conn, report["id"], with_raw=True)
    assert loaded.id == report["id"]
    assert [a.id for a in loaded.articles] == LABELS
    for article, path in zip(loaded.articles, articles, strict=True):
        assert article.source == str(path)
        assert article.text == path.read_text(encoding="utf-8")
        assert article.raw == path.read_bytes()
    # The stored analysis renders to exactly the report the command printed.
    assert json.loads(render(loaded, "json")) == report
    assert render(loaded, "json").rstrip("\n") == result.stdout.rstrip("\n")


def test_unusable_store_is_a_one_line_error(articles: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("not a database, just notes\n" * 200, encoding="utf-8")
    result = invoke("compare", *articles, "--db", db)
    assert result.exit_code == 2
    no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert str(db) in lines[0]
    assert db.read_text(encoding="utf-8").startswith("not a database")


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------

CP1252_ISLANDER = ISLANDER.encode("cp1252")
assert b"Caf\xe9" in CP1252_ISLANDER and b"\x93" in CP1252_ISLANDER
FIRST_BAD = bytes([next(b for b in CP1252_ISLANDER if b >= 0x80)])  # "—" is 0x97 in cp1252

# name -> (file contents, or None for no file, or "dir"; what the reason says)
BAD_FILES = {
    "missing.txt": (None, "no such file"),
    "folder.txt": ("dir", "is a directory"),
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\t\r\n   \n", "only whitespace"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
    "cp1252.txt": (CP1252_ISLANDER, "not valid UTF-8"),
    "cafe.txt": (b"Meet me at the caf\xe9 on Main Street.\n", "not valid UTF-8"),
}


def make_bad(directory: Path, name: str) -> Path:
    content, _ = BAD_FILES[name]
    path = directory / name
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


def assert_one_line_per_bad_file(result, paths: list[Path]) -> None:
    no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == len(paths), lines
    for line, path in zip(lines, paths, strict=True):
        assert line.startswith("newsparallax: error: ")
        assert str(path) in line
        assert BAD_FILES[path.name][1] in line, line


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_alone(in_tmp: Path, name: str) -> None:
    path = make_bad(in_tmp, name)
    result = invoke("compare", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert_one_line_per_bad_file(result, [path])
    assert stored_comparisons(in_tmp / DB_NAME) == 0


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_among_good_ones(in_tmp: Path, name: str) -> None:
    herald, wire = write_articles(in_tmp, ["herald.txt", "wire.txt"])
    bad = make_bad(in_tmp, name)
    report, result = compare_json(herald, bad, wire)
    assert result.exit_code == 2
    assert_one_line_per_bad_file(result, [bad])
    assert [a["id"] for a in report["articles"]] == ["herald", "wire"]
    files = {p.stem: p.read_text(encoding="utf-8") for p in (herald, wire)}
    assert_quotes_point_into_files(report, files)
    # The good reports' analysis is kept.
    with closing(open_store(in_tmp / DB_NAME)) as conn:
        [entry] = list_comparisons(conn)
    assert entry["id"] == report["id"]
    assert entry["articles"] == ["herald", "wire"]


def test_every_bad_file_at_once(in_tmp: Path) -> None:
    paths = [make_bad(in_tmp, name) for name in BAD_FILES]
    result = invoke("compare", *paths, "-f", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert_one_line_per_bad_file(result, paths)
    assert stored_comparisons(in_tmp / DB_NAME) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--frobnicate"],
        ["--format", "pdf"],
        ["--format"],
        [],
    ],
    ids=["unknown-option", "unknown-format", "option-without-value", "no-files"],
)
def test_usage_errors(in_tmp: Path, args: list[str]) -> None:
    (path,) = write_articles(in_tmp, ["herald.txt"])
    files = [path] if args else []
    result = invoke("compare", *files, *args)
    assert result.exit_code == 2
    no_traceback(result)
    assert result.stdout == ""
    assert "Error:" in result.stderr
    assert not (in_tmp / DB_NAME).exists()


def test_encoding_option_reads_cp1252(in_tmp: Path) -> None:
    path = make_bad(in_tmp, "cp1252.txt")
    report, result = compare_json(path, "--encoding", "cp1252")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    text = path.read_text(encoding="cp1252")
    assert text == ISLANDER
    assert_quotes_point_into_files(report, {"cp1252": text})
    said = [q["text"] for q in report["quotes"] if q["speaker"] == SPEAKER]
    assert any("not a day sooner" in q for q in said), said
    with closing(open_store(in_tmp / DB_NAME)) as conn:
        [article] = load_comparison(conn, report["id"]).articles
    assert "Harbor Café" in article.text


def test_unknown_encoding(in_tmp: Path) -> None:
    (path,) = write_articles(in_tmp, ["herald.txt"])
    result = invoke("compare", path, "--encoding", "klingon-8")
    assert result.exit_code == 2
    no_traceback(result)
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert str(path) in lines[0] and "klingon-8" in lines[0]


def test_same_file_twice_is_compared_once(in_tmp: Path) -> None:
    herald, wire = write_articles(in_tmp, ["herald.txt", "wire.txt"])
    report, result = compare_json(herald, wire, herald)
    assert result.exit_code == 0, result.stderr
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert str(herald) in lines[0] and "compared once" in lines[0]
    assert [a["id"] for a in report["articles"]] == ["herald", "wire"]
    alone, _ = compare_json(herald, wire, "--no-store")
    assert report == alone
    assert stored_comparisons(in_tmp / DB_NAME) == 1


def test_same_text_under_two_names_is_compared_once(in_tmp: Path) -> None:
    herald, wire = write_articles(in_tmp, ["herald.txt", "wire.txt"])
    copy = in_tmp / "herald-copy.txt"
    copy.write_bytes(herald.read_bytes())
    report, result = compare_json(herald, copy, wire)
    assert result.exit_code == 0, result.stderr
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert str(copy) in lines[0] and str(herald) in lines[0]
    assert [a["id"] for a in report["articles"]] == ["herald", "wire"]


def test_duplicate_notice_is_a_warning_not_an_error(in_tmp: Path) -> None:
    (herald,) = write_articles(in_tmp, ["herald.txt"])
    result = invoke("compare", herald, herald, "--no-store")
    assert result.exit_code == 0
    [line] = stderr_lines(result)
    assert "warning" in line and "error" not in line


# ---------------------------------------------------------------------------------------------
# Help
# ---------------------------------------------------------------------------------------------


def test_help_lists_the_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert "compare" in result.stdout
    assert "Usage:" in result.stdout


def test_compare_help_lists_the_options() -> None:
    result = invoke("compare", "--help")
    assert result.exit_code == 0
    for option in ("--format", "-f", "--out", "-o", "--db", "--no-store", "--encoding"):
        assert option in result.stdout, option
    for fmt in FORMATS:
        assert fmt in result.stdout
    assert DB_NAME in result.stdout  # the default store is documented


# ---------------------------------------------------------------------------------------------
# The real console script
# ---------------------------------------------------------------------------------------------


def run_script(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(console_script()), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_console_script_end_to_end(tmp_path: Path) -> None:
    write_articles(tmp_path)
    proc = run_script("compare", *GOOD, "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    report = json.loads(proc.stdout)
    files = {Path(n).stem: (tmp_path / n).read_text(encoding="utf-8") for n in GOOD}
    assert_quotes_point_into_files(report, files)
    db = tmp_path / DB_NAME
    assert db.is_file()
    with closing(open_store(db)) as conn:
        loaded = load_comparison(conn, report["id"])
    assert json.loads(render(loaded, "json")) == report
    # The in-process app gives the same analysis as the installed script.
    in_process, _ = compare_json(*(tmp_path / n for n in GOOD), "--no-store")
    assert in_process["id"] == report["id"]
    assert in_process["quotes"] == report["quotes"]


@pytest.mark.slow
def test_console_script_bad_input(tmp_path: Path) -> None:
    (tmp_path / "herald.txt").write_bytes(HERALD.encode("utf-8"))
    (tmp_path / "cp1252.txt").write_bytes(CP1252_ISLANDER)
    proc = run_script("compare", "missing.txt", "cp1252.txt", "--no-store", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert lines == [
        "newsparallax: error: missing.txt: no such file",
        f"newsparallax: error: cp1252.txt: not valid UTF-8 (byte 0x{FIRST_BAD.hex()} at offset "
        f"{CP1252_ISLANDER.index(FIRST_BAD)}); pass its encoding with --encoding, e.g. "
        "--encoding cp1252",
    ]
    proc = run_script("compare", "herald.txt", "--frobnicate", cwd=tmp_path)
    assert proc.returncode == 2
    assert "--frobnicate" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / DB_NAME).exists()


@pytest.mark.slow
def test_console_script_help(tmp_path: Path) -> None:
    proc = run_script("--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert "compare" in proc.stdout
    proc = run_script("compare", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    for option in ("--format", "--out", "--db", "--no-store", "--encoding"):
        assert option in proc.stdout, option


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsparallax", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: newsparallax" in done.stdout
