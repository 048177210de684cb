"""The Python API (`import newsparallax`): its names, fixed here, and each one at work on the
examples and on texts written for these tests, against a real SQLite file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import newsparallax
from newsparallax.report import render
from test_commands import FERRY, ORCHARD

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

PUBLIC = [
    "Article",
    "Comparison",
    "InputError",
    "Store",
    "StoreError",
    "__version__",
    "compare",
    "open_store",
    "read_article",
    "read_text",
    "warnings",
]


def test_the_public_names_are_fixed_and_each_resolves():
    assert newsparallax.__all__ == PUBLIC
    for name in PUBLIC:
        assert getattr(newsparallax, name) is not None
    assert set(PUBLIC) <= set(dir(newsparallax))
    with pytest.raises(AttributeError):
        newsparallax.compare_all  # noqa: B018


def test_importing_the_package_loads_no_model_and_no_spacy():
    code = "import sys, newsparallax; print('spacy' in sys.modules, newsparallax.__version__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == f"False {newsparallax.__version__}\n"


def test_compare_files_gives_what_the_command_prints(examples_comparison):
    files = sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.html"))
    comparison = newsparallax.compare(files)
    assert isinstance(comparison, newsparallax.Comparison)
    assert render(comparison, "json") == render(examples_comparison, "json")
    for quote in comparison.quotes:  # offsets index each article's own text
        assert comparison.article(quote.article).text[quote.start : quote.end] == quote.text


def test_compare_strings_and_files_together(tmp_path: Path):
    path = tmp_path / "ferry.txt"
    path.write_text(FERRY, encoding="utf-8")
    second = newsparallax.read_text(FERRY.replace("three weeks", "a month"), "ferry-2")
    comparison = newsparallax.compare([path, second])
    assert [a.id for a in comparison.articles] == ["ferry", "ferry-2"]
    speakers = {p.name for p in comparison.people if p.id in comparison.coverage.shared}
    assert "Petra Okonkwo" in speakers
    assert newsparallax.warnings(comparison) == []


def test_warnings_name_the_article_that_shares_nothing():
    comparison = newsparallax.compare(
        [newsparallax.read_text(FERRY, "ferry"), newsparallax.read_text(ORCHARD, "orchard")]
    )
    assert [
        (w.article, "shares no voice" in w.message) for w in newsparallax.warnings(comparison)
    ] == [
        ("ferry", True),
        ("orchard", True),
    ]


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        (["missing.txt"], "missing.txt: no such file"),
        ([], "compare: no article to compare"),
    ],
)
def test_bad_sources_raise_input_error(sources, message):
    with pytest.raises(newsparallax.InputError) as caught:
        newsparallax.compare(sources)
    assert str(caught.value) == message


def test_read_text_refuses_an_empty_string():
    with pytest.raises(newsparallax.InputError, match="the text is empty"):
        newsparallax.read_text("  \n", "blank")


def test_store_reads_what_compare_saved(tmp_path: Path):
    db = tmp_path / "api.db"
    with pytest.raises(newsparallax.StoreError, match="no such store"):
        newsparallax.open_store(db, read_only=True)
    one = newsparallax.read_text(FERRY, "ferry")
    two = newsparallax.read_text(FERRY.replace("three weeks", "a month"), "ferry-2")
    comparison = newsparallax.compare([one, two])
    with newsparallax.open_store(db) as store:
        assert store.save(comparison) == comparison.id
        assert store.save(comparison) == comparison.id  # idempotent
        assert [c["id"] for c in store.comparisons()] == [comparison.id]
        loaded = store.comparison(comparison.id[:8])
        assert [q.id for q in loaded.quotes] == [q.id for q in comparison.quotes]
        quotes = list(store.rows("quotes"))
        assert {q["id"] for q in quotes} == {q.id for q in comparison.quotes}
        with pytest.raises(ValueError, match="unknown kind"):
            store.rows("stories")
    with newsparallax.open_store(db, read_only=True) as store:
        articles = [json.dumps(r["id"]) for r in store.rows("articles")]
        assert len(articles) == 2
        with pytest.raises(KeyError):
            store.comparison("ffff")


def test_a_story_is_compared_once_then_read_from_the_store(tmp_path: Path):
    from typer.testing import CliRunner

    from newsparallax.cli import app

    corpus, db = tmp_path / "corpus", tmp_path / "s.db"
    corpus.mkdir()
    (corpus / "herald.txt").write_text(FERRY, encoding="utf-8")
    (corpus / "wire.txt").write_text(FERRY.replace("three weeks", "a month"), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-q"]).exit_code == 0
    assert runner.invoke(app, ["stories", "--db", str(db)]).exit_code == 0
    with newsparallax.open_store(db, read_only=True) as store:
        (story,) = store.stories()
        assert store.compare_story(story.id).id  # compared, not saved: read-only
        assert store.comparisons() == []
    with newsparallax.open_store(db) as store:
        first = store.compare_story(story.id)
        assert [c["id"] for c in store.comparisons()] == [first.id]
        assert store.compare_story(story.id[:6]).id == first.id
        assert len(store.comparisons()) == 1
