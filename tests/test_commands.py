"""What the commands tell a user (issue 17): the version, a store that is missing, `--db` after
any subcommand, an ingest that stored nothing, `compare` on URLs, and the warnings about input
the analysis reads badly. The texts are written for these tests; the pages come from a real HTTP
server on 127.0.0.1 (tests/localserver.py)."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsparallax
from corpora import NEWSPARALLAX
from localserver import serve
from newsparallax.checks import article_warnings
from newsparallax.cli import app
from newsparallax.model import Article

runner = CliRunner()

FERRY = """Ferry service to Tern Island halted after pier cracks

CALDER BAY, Maine — The island ferry will stop running for three weeks after inspectors found
cracks in the main pier, Harbormaster Petra Okonkwo said on Thursday.

“We cannot risk a single passenger on a pier that is moving under our feet,” Okonkwo said. She
added that repairs would cost about $2 million and that a water taxi would carry patients.

Fisherman Dale Whitcomb said the closure would hurt island families. “Half of us cannot get to
the mainland without that boat,” he said.
"""

ORCHARD = """Orchard growers in the Vessa valley count frost losses

VESSA, Oregon — Pear growers in the Vessa valley lost about a third of their blossoms to two
nights of hard frost this week, the county extension office said on Monday.

“Some blocks look fine and the next row over is brown,” said Ines Marchetti, who farms 40 acres
east of town. She said wind machines had saved the lower orchards but not the hillside ones.

The extension agent, Corwin Bale, said final losses would not be known until fruit set in May.
"""

GERMAN = (
    "Der Stadtrat von Kellbach hat am Dienstag beschlossen, die alte Brücke über die Lenne für"
    " den Autoverkehr zu sperren. „Wir können die Sicherheit nicht länger garantieren“, sagte"
    " Bürgermeisterin Anna Vogt nach der Sitzung. Die Reparatur soll im Frühjahr beginnen und"
    " etwa zwei Millionen Euro kosten, teilte die Verwaltung mit. Fußgänger und Radfahrer dürfen"
    " die Brücke weiterhin benutzen, bis die Bauarbeiten beginnen."
)
CAPTION = "Harbormaster Petra Okonkwo inspects the cracked pier on Thursday. (Photo: Calder Herald)"
TEASER = (
    "The Calder Bay council met behind closed doors on Monday to discuss the harbor budget, and"
    " what members decided there will surprise many residents who rely on the ferry, the pier"
    " and the boatyard for their living, according to two people who were in the room and who"
    " asked not to be named because the meeting was private…"
)


def invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"newsparallax {newsparallax.__version__}\n"


@pytest.mark.parametrize(
    "args",
    [
        ("errors",),
        ("export", "articles"),
        ("stories",),
        ("stories", "merge", "a", "b"),
        ("stories", "split", "a", "b"),
        ("compare", "--story", "a"),
    ],
    ids=lambda a: " ".join(a),
)
def test_a_missing_store_is_an_error_for_commands_that_read_one(tmp_path: Path, args):
    db = tmp_path / "typo.db"
    result = invoke(*args, "--db", db)
    assert result.exit_code == 2
    assert result.stderr == f"newsparallax: error: {db}: no such store\n"
    assert not db.exists()  # nothing created under the mistyped name


def test_db_after_a_stories_subcommand(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (corpus / "orchard.txt").write_text(ORCHARD, encoding="utf-8")
    db = tmp_path / "s.db"
    assert invoke("ingest", corpus, "--db", db, "--workers", "0", "-q").exit_code == 0
    listed = invoke("stories", "--db", db)
    assert listed.exit_code == 0, listed.output
    ids = [line.split()[0] for line in listed.stdout.splitlines()[1:]]
    assert len(ids) == 2  # two events, two stories
    merged = invoke("stories", "merge", ids[0], ids[1], "--db", db)
    assert merged.exit_code == 0, merged.output
    assert merged.stdout == f"merged: 1 articles moved into story {ids[0]}\n"
    split = invoke("stories", "split", ids[0], "orchard", "--db", db)
    assert split.exit_code == 0, split.output


def test_ingest_exits_non_zero_when_nothing_was_stored(tmp_path: Path):
    corpus = tmp_path / "bad"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    result = invoke("ingest", corpus, "--db", tmp_path / "b.db", "--workers", "0", "-q")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "newsparallax: error: none of the 2 documents could be ingested"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("ingest", empty, "--db", tmp_path / "e.db", "--workers", "0", "-q")
    assert result.exit_code == 2
    assert "newsparallax: error: no document found in the SOURCEs given" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FERRY, []),
        (ORCHARD, []),
        (GERMAN, ["looks like language 'de', not English"]),
        (CAPTION, ["only 12 words (88 characters)"]),
        (TEASER, ["ends like a teaser cut short"]),
        (FERRY.replace("\n\n", "\n\nSubscribe to continue reading.\n\n", 1), []),
    ],
    ids=["english", "english-2", "german", "caption", "teaser", "english-with-prompt-mid-text"],
)
def test_article_warnings(text: str, expected: list[str]):
    found = [w.message for w in article_warnings(Article(id="a", text=text))]
    assert len(found) == len(expected)
    for message, start in zip(found, expected, strict=True):
        assert start in message


@pytest.mark.slow
def test_compare_fetches_urls_and_warns_of_unrelated_articles(tmp_path: Path):
    orchard = tmp_path / "orchard.txt"
    orchard.write_text(ORCHARD, encoding="utf-8")
    with serve() as (base, hits):
        refused = invoke("compare", f"{base}/news/dam.html", orchard, "--no-store")
        result = invoke(
            "compare", f"{base}/news/dam.html", orchard, "--no-store", "--allow-private"
        )
        assert hits.get("/robots.txt") == 1  # polite: robots.txt read before the page
    assert refused.exit_code == 2
    assert refused.stderr.splitlines()[0].startswith(
        f"newsparallax: error: {base}/news/dam.html: cannot fetch: refused:"
    )
    assert result.exit_code == 0, result.stderr
    assert "127.0.0.1" in result.stdout and "Walt Ibarra" in result.stdout
    assert result.stderr.splitlines() == [
        f"newsparallax: warning: {label}: shares no voice, no name and no story with the other"
        " articles: a report of another event?"
        for label in ("127.0.0.1", "orchard")
    ]


def test_compare_related_articles_gives_no_warning(tmp_path: Path):
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(FERRY, encoding="utf-8")
    two.write_text(FERRY.replace("three weeks", "a month").replace("Thursday", "Friday"), "utf-8")
    result = invoke("compare", one, two, "--no-store")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_serve_on_a_busy_port_is_one_line(tmp_path: Path):
    db = tmp_path / "s.db"
    newsparallax.open_store(db).close()
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = invoke("serve", "--db", db, "--port", port)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(
        f"newsparallax: error: cannot listen on 127.0.0.1:{port} ("
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "nonsense"], "Invalid value for 'kind'"),
        (["compare", "--bogus"], "No such option: --bogus"),
        (["stories", "merge"], "Missing argument 'keep'."),
    ],
)
def test_usage_errors_are_one_line_from_the_console_script(tmp_path: Path, args, message):
    done = subprocess.run(
        [NEWSPARALLAX, *args], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"newsparallax: error: {message}") and line.endswith("--help)")
