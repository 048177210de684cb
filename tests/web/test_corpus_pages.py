"""One corpus, one web app (issue 17): what `ingest` and `run` stored is visible and searchable
in `serve`, whether or not anything was compared. Real stores made by the real commands from
texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from newsparallax.analysis.people import person_id
from newsparallax.cli import app as cli_app
from newsparallax.web import create_app
from test_commands import FERRY, ORCHARD

runner = CliRunner()

# A second report of the ferry closure, with a dateline outlet, so the stories list has a story
# of two articles beside one of one.
FERRY_WIRE = (
    "CALDER BAY, Maine (Coastal Wire) — Ferry crossings to Tern Island were suspended on"
    " Thursday after engineers found cracks in the harbor's main pier.\n\n"
    "“We cannot risk a single passenger on a pier that is shifting under our feet,”"
    " Harbormaster Petra Okonkwo told reporters. She said repairs would cost about $3 million.\n"
)


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (folder / "ferry-wire.txt").write_text(FERRY_WIRE, encoding="utf-8")
    (folder / "orchard.txt").write_text(ORCHARD, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus-pages")
    db = root / "ingested.db"
    corpus = write_corpus(root / "corpus")
    assert runner.invoke(cli_app, ["ingest", str(corpus), "--db", str(db), "-q"]).exit_code == 0
    assert runner.invoke(cli_app, ["stories", "--db", str(db)]).exit_code == 0
    return db


def test_ingested_articles_are_stories_and_searchable(ingested, nlp):
    with TestClient(create_app(ingested, nlp=lambda: nlp)) as client:
        stories = client.get("/api/stories").json()
        assert [s["articles"] for s in stories["stories"]] == [2, 1]  # the single one too
        page = client.get("/stories").text
        assert "2 stories" in page and "0 stories" not in page
        assert client.get("/api/stories", params={"min_articles": 2}).json()["total"] == 1

        found = client.get("/api/stories", params={"q": "pear blossoms"}).json()
        assert [s["articles"] for s in found["stories"]] == [1]
        (hit,) = found["search"]["articles"]
        assert hit["comparisons"] == []  # never compared, found all the same
        article = client.get(f"/api/articles/{hit['sha'][:10]}").json()
        assert article["article"]["title"].startswith("Orchard growers")
        assert article["quotes"] == [] and article["story"] == found["stories"][0]["id"]
        assert "Not analysed yet" in client.get(f"/articles/{hit['sha']}").text

        outlet = client.get("/api/outlets/Coastal Wire").json()
        assert outlet["total"] == 1 and outlet["articles"][0]["story"] is not None


@pytest.mark.slow
def test_a_runs_analysis_shows_on_article_person_and_search_pages(tmp_path, nlp):
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "run.db"
    out = tmp_path / "out"
    args = ["run", str(corpus), "--db", str(db), "--out", str(out), "-q", "--workers", "1"]
    result = runner.invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    with TestClient(create_app(db, nlp=lambda: nlp)) as client:
        hits = client.get("/api/stories", params={"q": "blocks brown"}).json()["search"]
        (quote,) = hits["quotes"]
        assert quote["comparison"] is None and quote["speaker"] == "Ines Marchetti"
        article = client.get(f"/api/articles/{quote['sha']}").json()
        assert article["quotes_from"] == "run"
        text = article["article"]["text"]
        for q in article["quotes"]:
            assert text[q["start"] : q["end"]] == q["text"]
        page = client.get(f"/articles/{quote['sha']}").text
        assert page.count('<mark class="q ') == len(article["quotes"]) > 0
        person = client.get(f"/api/people/{person_id('person', 'Ines Marchetti')}").json()
        assert person["comparisons"] == [] and person["quotes"] >= 1
        said = [q for o in person["outlets"] for q in o["quotes"]]
        assert len(said) == person["quotes"]
        assert {(q["sha"], q["comparison"]) for q in said} == {(quote["sha"], None)}
