"""`newsparallax eval attribution` end to end on gold written here: a page kept in a bare git
copy (as the pages gold keeps its texts) and an AllSides-style roundups file."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsparallax.cli import app
from newsparallax.evaluate.attribution import words
from newsparallax.evaluate.run_attribution import in_split

runner = CliRunner()

HEADLINE = "Harbour ferry fares to rise in May"
BODY = (
    "The harbour board voted on Tuesday to raise ferry fares by a fifth from May.",
    "“We held fares for six years and the fuel bill doubled,” said board chair Lena Ostrova.",
    "Commuters were less pleased. “It is a tax on people who cannot drive,” said Tom Reyes, "
    "who rides the early boat every day.",
)
PAGE = (
    "<!doctype html><html><head><title>" + HEADLINE + "</title></head><body><article>"
    "<h1>" + HEADLINE + "</h1>" + "".join(f"<p>{p}</p>" for p in BODY) + "</article></body></html>"
)


def gold_record(gold_id: str, text: str, said: list[tuple[str, str]], source: dict) -> dict:
    quotes = []
    for n, (words_said, speaker) in enumerate(said, 1):
        start = text.index(words_said)
        ws = words(words_said)
        quotes.append(
            {
                "id": f"q{n}",
                "kind": "direct",
                "start": start,
                "end": start + len(words_said),
                "words": len(ws),
                "hash": hashlib.sha256(" ".join(ws).encode()).hexdigest()[:16],
                "speaker": speaker,
                "speaker_type": "person",
                "where": "body",
                "cue": "named",
            }
        )
    return {
        "id": gold_id,
        "source": source,
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "title_chars": len(HEADLINE),
        "quotes": quotes,
    }


SAID = [
    ("We held fares for six years and the fuel bill doubled,", "Lena Ostrova"),
    ("It is a tax on people who cannot drive,", "Tom Reyes"),
]


@pytest.fixture(scope="module")
def gold_sets(tmp_path_factory) -> dict[str, Path]:
    """A bare git copy holding the page gzipped, its gold, a roundups file and its gold."""
    root = tmp_path_factory.mktemp("gold")
    work = root / "work"
    work.mkdir()
    (work / "page.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(work)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "page"], check=True)
    commit = subprocess.run(
        [*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    mirror = root / "mirror"
    bare = mirror / "example+pages" / "repo"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    annotated = HEADLINE + "\n\n" + "\n".join(BODY)
    source = {"kind": "git", "repo": "example/pages", "commit": commit, "path": "page.html.gz"}
    pages_gold = root / "pages.jsonl"
    pages_gold.write_text(json.dumps(gold_record("example/page", annotated, SAID, source)) + "\n")
    story = {"id": 7, "news": {"left": {"newsTitle": HEADLINE, "newBody": list(BODY)}}}
    roundups = root / "roundups.jsonl"
    roundups.write_text(json.dumps(story) + "\n")
    side_text = HEADLINE + "\n\n" + "\n\n".join(BODY)
    side = {"kind": "allsides", "story": 7, "side": "left"}
    allsides_gold = root / "allsides.jsonl"
    allsides_gold.write_text(json.dumps(gold_record("allsides/7/left", side_text, SAID, side)))
    return {
        "mirror": mirror,
        "pages_gold": pages_gold,
        "roundups": roundups,
        "allsides_gold": allsides_gold,
    }


def run(gold_sets, *extra: str):
    args = ["eval", "attribution", "--pages", str(gold_sets["mirror"])]
    args += ["--pages-gold", str(gold_sets["pages_gold"])]
    args += ["--allsides", str(gold_sets["roundups"])]
    args += ["--allsides-gold", str(gold_sets["allsides_gold"]), *extra]
    return runner.invoke(app, args)


def test_both_gold_sets_are_read_and_scored(gold_sets, nlp):
    result = run(gold_sets, "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    for name in ("pages", "allsides"):
        assert figures[name]["cover30"]["tp"] == 2, name
        assert figures[name]["speaker"]["right"] == 2, name
        assert figures[name]["unread"] == []


def test_errors_file_and_floors(gold_sets, nlp, tmp_path):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"pages": {"cover30/recall": 1.01}}))
    errors = tmp_path / "errors.jsonl"
    result = run(gold_sets, "--errors", str(errors), "--floors", str(floors))
    assert result.exit_code == 1
    assert "LOW pages cover30/recall" in result.output
    assert "speaker accuracy on matched" in result.stdout
    assert errors.exists()


def test_a_page_missing_from_the_git_copies_is_named(gold_sets, nlp, tmp_path):
    args = ["eval", "attribution", "--pages", str(tmp_path)]
    args += ["--pages-gold", str(gold_sets["pages_gold"]), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "not in the git copies given" in result.output
    assert json.loads(result.stdout)["pages"]["cover30"]["fn"] == 2


def test_no_gold_source_is_a_one_line_error():
    result = runner.invoke(app, ["eval", "attribution"])
    assert result.exit_code == 2
    assert "--pages" in result.output


def test_a_broken_gold_file_is_a_one_line_error(tmp_path):
    broken = tmp_path / "gold.jsonl"
    broken.write_text("{not json\n")
    result = runner.invoke(
        app, ["eval", "attribution", "--pages", str(tmp_path), "--pages-gold", str(broken)]
    )
    assert result.exit_code == 2
    assert "not a gold file" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("split", "expected"), [("all", True), ("dev", True), ("held-out", False)])
def test_split_by_hash_of_the_id(split, expected):
    dev_id = next(
        f"a{n}" for n in range(100) if int(hashlib.sha256(f"a{n}".encode()).hexdigest()[:8], 16) % 3
    )
    assert in_split(dev_id, split) is expected
