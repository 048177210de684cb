"""The web app in-process (FastAPI's TestClient over ASGI) against a real SQLite store holding
the sample articles' comparison and a hand-built hostile one: every page, its JSON twin and its
CSV tables; escaping of hostile text; read-only mode; the paste form's CSRF, origin and size
checks; the Host-header guard."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sqlite3
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsparallax.cli import app as cli_app
from newsparallax.model import Comparison
from newsparallax.store.comparisons import save_comparison
from newsparallax.store.schema import open_read_only, open_store
from newsparallax.web import create_app
from newsparallax.web.app import LOOPBACK_HOSTS
from newsparallax.web.paste import MAX_BODY
from newsparallax.web.search import fts_query
from sample_comparison import build_sample_comparison

EVIL_SPEAKER = "<script>alert(5)</script>Joan Pell"
EVIL_BYLINE = '"><script>alert(3)</script>'
EVIL_OUTLET = "<img src=x onerror=alert(4)>"

# Two short invented reports for the paste form (written for these tests).
PASTE_A = """Harbour ferry fares to rise in May

PORT ELLIS (Ellis Gazette) — Ferry fares will rise by a dollar in May, harbour master \
Ruth Okafor said Monday.

"We held the price for six years, and we cannot hold it any longer," Okafor said.
"""
PASTE_B = """Ferry fares going up

PORT ELLIS (Coast Radio) — Harbour master Ruth Okafor announced a fare rise on Monday.

"We held the price for six years and cannot hold it any longer," Okafor told listeners.

Commuter Dev Hale said: "A dollar a day adds up fast."
"""


def hostile_comparison() -> Comparison:
    """The hand-built sample, made worse: a script in a byline, an image with an onerror
    handler as an outlet, and a script in a speaker's name (besides its hostile headline and
    quote)."""
    c = build_sample_comparison()
    articles = tuple(
        replace(a, authors=(EVIL_BYLINE, "Ann Lee"), outlet=EVIL_OUTLET) if a.id == "courier" else a
        for a in c.articles
    )
    people = tuple(replace(p, name=EVIL_SPEAKER) if p.id == "p3" else p for p in c.people)
    return replace(c, articles=articles, people=people)


def make_store(path: Path, comparisons: list[Comparison]) -> Path:
    conn = open_store(path)
    try:
        for comparison in comparisons:
            save_comparison(conn, comparison)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory, examples_comparison) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    return make_store(path, [examples_comparison, hostile_comparison()])


@pytest.fixture(scope="module")
def ids(examples_comparison) -> dict[str, str]:
    return {"examples": examples_comparison.id, "hostile": hostile_comparison().id}


@pytest.fixture(scope="module")
def client(store, nlp):
    with TestClient(create_app(store, nlp=lambda: nlp)) as test_client:
        yield test_client


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------------------------------------
# Saved comparisons: list, search, filters
# ---------------------------------------------------------------------------------------------


def test_home_redirects_to_stories(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/stories"


def test_comparisons_page_and_api_list_both(client, ids):
    page = client.get("/comparisons")
    assert page.status_code == 200
    assert all(f'href="/comparisons/{cid}"' in page.text for cid in ids.values())
    data = client.get("/api/comparisons").json()
    assert {s["id"] for s in data["comparisons"]} == set(ids.values())
    examples = next(s for s in data["comparisons"] if s["id"] == ids["examples"])
    assert examples["quotes"] > 10 and "AP" in examples["outlets"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "reservoir"}, {"examples"}),
        ({"q": "footbridge parade"}, {"hostile"}),
        ({"q": "nothingmatchesthis"}, set()),
        ({"outlet": "KMRB"}, {"hostile"}),
        ({"speaker": "varga"}, {"hostile"}),
        ({"speaker": "Elena Ortiz"}, {"examples"}),
        ({"from": "2031-03-01", "to": "2031-03-31"}, {"hostile"}),
        ({"to": "1999"}, set()),
    ],
)
def test_search_and_filters(client, ids, params, expected):
    data = client.get("/api/comparisons", params=params).json()
    assert {s["id"] for s in data["comparisons"]} == {ids[k] for k in expected}
    page = client.get("/comparisons", params=params)
    assert page.status_code == 200
    for key in ids:
        assert (f'href="/comparisons/{ids[key]}"' in page.text) == (key in expected)


def test_search_hits_link_to_their_quote_and_article(client, ids):
    data = client.get("/api/comparisons", params={"q": "reservoir"}).json()
    assert data["search"]["quotes"] and data["search"]["articles"]
    hit = data["search"]["quotes"][0]
    assert "[" in hit["snippet"] and hit["comparison"] == ids["examples"]
    page = client.get("/comparisons", params={"q": "reservoir"}).text
    assert f"/comparisons/{ids['examples']}#q-{hit['quote']}" in page
    article = data["search"]["articles"][0]
    assert f'href="/articles/{article["sha"]}"' in page  # the stored article's own page
    assert client.get(f"/articles/{article['sha']}").status_code == 200
    rows = _csv_rows(client.get("/api/search/quotes.csv", params={"q": "reservoir"}).text)
    assert rows and rows[0]["comparison"] == ids["examples"]
    assert client.get("/api/search/articles.csv", params={"q": "reservoir"}).status_code == 200


@pytest.mark.parametrize("query", ['"', "AND OR (", "NEAR(", "*", "a:b -c ^d", "'; DROP"])
def test_search_input_is_never_fts_syntax(client, query):
    assert client.get("/api/comparisons", params={"q": query}).status_code == 200


def test_fts_query_quotes_every_word():
    assert fts_query('water "rates') == '"water" """rates"'
    assert fts_query("  ( ) ") is None


def test_comparisons_csv(client, ids):
    rows = _csv_rows(client.get("/api/comparisons.csv").text)
    assert {r["id"] for r in rows} == set(ids.values())


# ---------------------------------------------------------------------------------------------
# One story
# ---------------------------------------------------------------------------------------------


def test_story_page_shows_columns_alignments_matrix_facts_and_pictures(
    client, ids, examples_comparison
):
    page = client.get(f"/comparisons/{ids['examples'][:12]}")  # a unique prefix is enough
    assert page.status_code == 200
    text = page.text
    for a in examples_comparison.articles:
        assert f'id="a-{a.id}"' in text
    assert text.count("<mark") >= len(examples_comparison.quotes)
    assert "<del>" in text and "<ins>" in text  # the reworded quote's word diff
    assert 'data-goto="' in text  # aligned quotes link to their renderings in the columns
    assert "Who is quoted" in text and "words</small>" in text
    assert "only in local-tv" in text  # a voice only one outlet has
    assert "$4.8 million" in text and "$4.2 million" in text  # a discrepancy, both sources
    frame_bars = text.count('<svg class="bar"')  # the framing chart: a bar per report
    assert text.count("<svg") - frame_bars == 1 and 'aria-label="Voices per outlet"' in text
    assert frame_bars and 'aria-label="Reporting verbs"' in text  # with its legend
    assert text.count('class="st only-claim"') == sum(
        s.only for s in examples_comparison.claims.statements
    )
    assert "Only one article gives its date" in text  # no timeline of one dot
    assert text.count('class="chart-legend"') == 1  # every chart has its legend
    assert '<script src="/static/report.js"></script>' in text
    assert "/people/" in text and "/articles/" in text


def test_story_api_mirrors_the_page(client, ids, examples_comparison):
    data = client.get(f"/api/comparisons/{ids['examples']}").json()
    assert data["comparison"]["id"] == ids["examples"]
    assert len(data["tables"]["quotes"]) == len(examples_comparison.quotes)
    assert {r["article"] for r in data["charts"]["voices"]} == {
        a.id for a in examples_comparison.articles
    }
    assert set(data["tables"]) == {
        "articles",
        "quotes",
        "alignments",
        "matrix",
        "exclusive",
        "discrepancies",
    }


@pytest.mark.parametrize(
    "table", ["articles", "quotes", "alignments", "matrix", "exclusive", "discrepancies"]
)
def test_every_story_table_is_a_csv(client, ids, table):
    response = client.get(f"/api/comparisons/{ids['examples']}/{table}.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _csv_rows(response.text)
    api = client.get(f"/api/comparisons/{ids['examples']}").json()["tables"][table]
    assert len(rows) == len(api) > 0


def test_matrix_counts_quotes_and_words(client, ids, examples_comparison):
    rows = _csv_rows(client.get(f"/api/comparisons/{ids['examples']}/matrix.csv").text)
    ortiz = next(r for r in rows if r["speaker"] == "Elena Ortiz")
    wire = [q for q in examples_comparison.quotes if q.article == "wire"]
    wire_ortiz = [q for q in wire if q.speaker_id == ortiz["person"]]
    assert int(ortiz["wire quotes"]) == len(wire_ortiz)
    assert int(ortiz["wire words"]) == sum(len(q.text.split()) for q in wire_ortiz)


def test_source_page_marks_the_range(client, ids, examples_comparison):
    q = next(q for q in examples_comparison.quotes if q.article == "wire")
    url = f"/comparisons/{ids['examples']}/articles/wire?start={q.start}&end={q.end}"
    page = client.get(url)
    assert page.status_code == 200
    assert '<mark class="hl" id="hl">' in page.text
    data = client.get("/api" + url).json()
    assert data["span"]["text"] == q.text
    assert data["article"]["text"] == examples_comparison.article("wire").text
    bad = client.get(f"/api/comparisons/{ids['examples']}/articles/wire?start=5&end=999999").json()
    assert bad["span"] is None  # a range outside the text marks nothing


@pytest.mark.parametrize(
    "path",
    [
        "/stories/ffffffffffff",
        "/comparisons/ffffffffffff",
        "/comparisons/{examples}/articles/nosuch",
        "/articles/nosuch",
        "/outlets/nosuch",
        "/people/nosuchperson",
        "/comparisons/{examples}/nosuch.csv",
    ],
)
def test_unknown_things_are_404_in_html_and_json(client, ids, path):
    path = path.format(**ids)
    if not path.endswith(".csv"):
        page = client.get(path)
        assert page.status_code == 404 and "<h1>404</h1>" in page.text
    api = client.get("/api" + path)
    assert api.status_code == 404 and "detail" in api.json()


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


def test_person_page_groups_quotes_by_outlet_with_descriptors(client, ids, examples_comparison):
    ortiz = next(p for p in examples_comparison.people if p.name == "Elena Ortiz")
    data = client.get(f"/api/people/{ortiz.id}").json()
    assert data["name"] == "Elena Ortiz" and data["comparisons"] == [ids["examples"]]
    outlets = {o["outlet"] for o in data["outlets"]}
    quoted_in = {
        examples_comparison.article(q.article).outlet or q.article
        for q in examples_comparison.quotes
        if q.speaker_id == ortiz.id
    }
    assert quoted_in <= outlets
    assert sum(len(o["quotes"]) for o in data["outlets"]) == len(
        [q for q in examples_comparison.quotes if q.speaker_id == ortiz.id]
    )
    assert any(o["descriptors"] for o in data["outlets"])
    page = client.get(f"/people/{ortiz.id}").text
    first = data["outlets"][0]["quotes"][0]
    assert f"/comparisons/{first['comparison']}#q-{first['quote']}" in page  # to its column
    assert f"start={first['start']}&amp;end={first['end']}" in page  # and to the source text
    for table in ("quotes", "descriptors"):
        rows = _csv_rows(client.get(f"/api/people/{ortiz.id}/{table}.csv").text)
        assert rows and "outlet" in rows[0]


# ---------------------------------------------------------------------------------------------
# Hostile text
# ---------------------------------------------------------------------------------------------


def _script_tags(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>", html, flags=re.I)


@pytest.mark.parametrize(
    "path",
    [
        "/comparisons",
        "/comparisons/{hostile}",
        "/people/p3",
        "/comparisons/{hostile}/articles/courier",
        "/outlets/KMRB",
    ],
)
def test_hostile_text_is_escaped_everywhere(client, ids, path):
    html = client.get(path.format(**ids)).text
    lists = ("/comparisons", "/outlets/KMRB")
    assert "alert(" in html or path in lists  # the hostile text is shown ...
    assert "<script>alert" not in html  # ... never as markup
    assert "<img" not in html and "onerror=alert" not in html.replace("onerror=alert(4)&gt;", "")
    assert 'onmouseover="alert' not in html
    allowed = {'<script type="application/json" id="np-data">', '<script src="/static/report.js">'}
    assert set(_script_tags(html)) <= allowed
    if path not in lists:
        assert "&lt;script&gt;" in html


def test_hostile_speaker_and_byline_escaped_in_json_and_csv(client, ids):
    data = client.get(f"/api/comparisons/{ids['hostile']}").json()
    names = {p["name"] for p in data["comparison"]["people"]}
    assert EVIL_SPEAKER in names  # JSON carries the text as data
    quotes = client.get(f"/api/comparisons/{ids['hostile']}/quotes.csv").text
    assert EVIL_SPEAKER in quotes
    page = client.get(f"/comparisons/{ids['hostile']}").text
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page  # the byline
    assert "&lt;script&gt;alert(5)&lt;/script&gt;Joan Pell" in page  # the speaker


def test_csv_cells_never_start_a_formula():
    from newsparallax.web.views import to_csv

    text = to_csv([{"a": "=SUM(A1)", "b": "+1", "c": "-2", "d": "@x", "e": 3, "f": None}])
    assert text.splitlines()[1] == "'=SUM(A1),'+1,'-2,'@x,3,"


def test_security_headers(client):
    response = client.get("/stories")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


# ---------------------------------------------------------------------------------------------
# Read-only, paste, CSRF, size cap, Host header
# ---------------------------------------------------------------------------------------------


def test_read_only_store_refuses_writes(store):
    conn = open_read_only(store)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM quote")
    finally:
        conn.close()


def _token(client) -> str:
    page = client.get("/paste").text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page).group(1)
    assert token == client.get("/api/paste").json()["csrf_token"]
    return token


def test_paste_read_only_shows_the_comparison_and_stores_nothing(client, store):
    before = _digest(store)
    response = client.post(
        "/paste",
        data={"csrf_token": _token(client), "text": [PASTE_A, PASTE_B, ""]},
        headers={"origin": "http://testserver"},
    )
    assert response.status_code == 200, response.text[:500]
    assert 'id="a-pasted-1"' in response.text and 'id="a-pasted-2"' in response.text
    assert "not stored" in response.text
    assert "Ruth Okafor" in response.text
    assert _digest(store) == before
    data = client.post(
        "/api/paste", data={"csrf_token": _token(client), "text": [PASTE_A, PASTE_B]}
    ).json()
    assert data["stored"] is False and len(data["comparison"]["articles"]) == 2


@pytest.mark.parametrize(
    ("data", "headers", "with_token", "status"),
    [
        ({"text": [PASTE_A, PASTE_B]}, {}, False, 403),  # no token
        ({"text": [PASTE_A, PASTE_B], "csrf_token": "0" * 64}, {}, False, 403),  # forged
        ({"text": [PASTE_A, PASTE_B]}, {"origin": "http://evil.example"}, True, 403),
        ({"text": [PASTE_A, PASTE_B]}, {"referer": "http://evil.example/x"}, True, 403),
        ({"text": [PASTE_A, PASTE_B]}, {"sec-fetch-site": "cross-site"}, True, 403),
        ({"text": [PASTE_A]}, {}, True, 422),  # one article is not a comparison
        ({"text": [PASTE_A, PASTE_A]}, {}, True, 422),  # the same text twice
        ({"text": ["x" * 200_001, PASTE_B]}, {}, True, 422),  # one article too long
        ({"text": [PASTE_A] * 9}, {}, True, 422),  # too many
    ],
)
def test_paste_refuses(client, data, headers, with_token, status):
    if with_token:
        data = {"csrf_token": _token(client), **data}
    response = client.post("/paste", data=data, headers=headers)
    assert response.status_code == status
    if status == 422:
        assert 'class="error"' in response.text
    api = client.post("/api/paste", data=data, headers=headers)
    assert api.status_code == status and "detail" in api.json()


def test_paste_body_over_the_cap_is_refused_before_parsing(client):
    response = client.post(
        "/paste",
        content=b"text=" + b"a" * (MAX_BODY + 10),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


def test_paste_writable_saves_and_redirects(tmp_path, nlp):
    path = make_store(tmp_path / "rw.db", [hostile_comparison()])
    with TestClient(create_app(path, writable=True, nlp=lambda: nlp)) as rw:
        token = rw.get("/api/paste").json()["csrf_token"]
        response = rw.post(
            "/paste", data={"csrf_token": token, "text": [PASTE_A, PASTE_B]}, follow_redirects=False
        )
        assert response.status_code == 303
        saved = response.headers["location"]
        assert rw.get(saved).status_code == 200
        found = rw.get("/api/comparisons", params={"q": "ferry"}).json()["comparisons"]
        assert [f"/comparisons/{s['id']}" for s in found] == [saved]


def test_unknown_host_header_is_refused(store):
    with TestClient(create_app(store, hosts=LOOPBACK_HOSTS)) as guarded:
        assert guarded.get("/stories", headers={"host": "evil.example"}).status_code == 400
        assert guarded.get("/stories", headers={"host": "127.0.0.1:8000"}).status_code == 200
        assert guarded.get("/stories", headers={"host": "[::1]:8000"}).status_code == 200


def test_openapi_documents_every_api_route(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    expected = {
        "/api/stories",
        "/api/stories/{story}",
        "/api/comparisons",
        "/api/comparisons.csv",
        "/api/search/{table}.csv",
        "/api/comparisons/{comparison}",
        "/api/comparisons/{comparison}/{table}.csv",
        "/api/comparisons/{comparison}/articles/{article}",
        "/api/articles/{article}",
        "/api/outlets/{outlet}",  # :path converters show as the bare name
        "/api/people/{person}",
        "/api/people/{person}/{table}.csv",
        "/api/paste",
    }
    assert expected <= paths


def test_api_docs_page_needs_no_cdn(client):
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN script
    page = client.get("/api-docs")
    assert page.status_code == 200
    assert "GET /api/comparisons/{comparison}/{table}.csv" in page.text
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]*)"', page.text))


def test_cli_serve_refuses_a_missing_store(tmp_path):
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no such store" in result.output


def test_cli_serve_refuses_a_file_that_is_not_a_store(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(other)])
    assert result.exit_code == 2
    assert "not a newsparallax store" in result.output


# ---------------------------------------------------------------------------------------------
# Grouped stories (stories.py), compared on demand
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grouped_store(tmp_path_factory, examples_comparison) -> Path:
    """The sample articles stored and grouped into stories, but their comparison deleted: the
    web app must compare the group when it is opened."""
    from newsparallax.stories.grouping import assign_stories

    path = make_store(tmp_path_factory.mktemp("grouped") / "grouped.db", [examples_comparison])
    conn = open_store(path)
    try:
        assign_stories(conn)
        conn.execute("DELETE FROM comparison")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


def test_a_story_is_compared_on_its_first_view_read_only(grouped_store, nlp):
    before = _digest(grouped_store)
    with TestClient(create_app(grouped_store, nlp=lambda: nlp)) as ro:
        stories = ro.get("/api/stories").json()["stories"]
        assert stories and not any(g["compared"] for g in stories)
        story = stories[0]
        listing = ro.get("/stories").text
        assert f'href="/stories/{story["id"]}"' in listing and "0 stories" not in listing
        page = ro.get(f"/stories/{story['id']}")
        assert page.status_code == 200 and f"story {story['id']}" in page.text
        assert ro.get(f"/api/comparisons/{story['comparison']}/quotes.csv").status_code == 200
        data = ro.get(f"/api/stories/{story['id']}").json()
        assert data["comparison"]["id"] == story["comparison"] and data["story"] == story["id"]
        assert ro.get("/stories/nosuchstory").status_code == 404
        old = ro.get(f"/groups/{story['id']}", follow_redirects=False)
        assert (old.status_code, old.headers["location"]) == (301, f"/stories/{story['id']}")
    assert _digest(grouped_store) == before


def test_a_story_is_saved_when_writable(grouped_store, tmp_path, nlp):
    path = tmp_path / "copy.db"
    path.write_bytes(grouped_store.read_bytes())
    with TestClient(create_app(path, writable=True, nlp=lambda: nlp)) as rw:
        story = rw.get("/api/stories").json()["stories"][0]
        rw.get(f"/stories/{story['id']}")
        again = next(g for g in rw.get("/api/stories").json()["stories"] if g["id"] == story["id"])
        assert again["compared"] is True
        saved = rw.get("/api/comparisons").json()["comparisons"]
        assert story["comparison"] in {c["id"] for c in saved}


def test_a_comparisons_old_address_redirects(client, ids):
    for old, new in (
        (f"/stories/{ids['examples']}", f"/comparisons/{ids['examples']}"),
        (f"/api/stories/{ids['examples']}", f"/api/comparisons/{ids['examples']}"),
    ):
        response = client.get(old, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (301, new)


def test_charts_geometry():
    from newsparallax.web.charts import timeline, voice_bars

    bars = voice_bars(
        [
            {"article": "a", "outlet": "A", "voices": 4, "exclusive": 1, "quotes": 9},
            {"article": "b", "outlet": "B", "voices": 2, "exclusive": 0, "quotes": 3},
        ]
    )["bars"]
    assert bars[0]["w"] == 2 * bars[1]["w"] and bars[0]["xw"] == bars[0]["w"] / 4
    line = timeline(
        [
            {"article": "a", "outlet": "A", "date": "2024-05-02T18:00:00+00:00"},
            {"article": "b", "outlet": "B", "date": "2024-05-01"},
            {"article": "c", "outlet": "C", "date": "sometime"},
        ]
    )
    assert [p["article"] for p in line["points"]] == ["b", "a"]  # unreadable dates left out
    assert line["points"][0]["x"] < line["points"][1]["x"]
    assert (line["first"], line["last"]) == ("1 May 2024", "2 May 2024, 18:00")
    assert timeline([{"article": "c", "outlet": "C", "date": "soon"}]) is None
    one = {"article": "a", "outlet": "A", "date": "2024-05-01"}
    assert timeline([one]) is None  # one dated article: no chart, a sentence
    assert timeline([one, {**one, "article": "b"}]) is None  # all at one time: the same


# ---------------------------------------------------------------------------------------------
# Stories list: pagination
# ---------------------------------------------------------------------------------------------

PAGED_OUTLET = 'Even & "Odd" <Post>'  # needs both URL-encoding and HTML escaping in links


def _paged_comparison(i: int) -> Comparison:
    """The sample comparison made a distinct story (its texts differ, so its id does); even
    ones have the ledger's outlet changed to PAGED_OUTLET, for a filter that keeps 4 of 7."""
    c = build_sample_comparison()
    articles = tuple(
        replace(
            a,
            text=f"{a.text}\n\n[{i}]",
            outlet=PAGED_OUTLET if a.id == "ledger" and i % 2 == 0 else a.outlet,
        )
        for a in c.articles
    )
    return replace(c, articles=articles)


@pytest.fixture(scope="module")
def paged_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("paged") / "paged.db"
    make_store(path, [_paged_comparison(i) for i in range(7)])
    with TestClient(create_app(path)) as test_client:
        yield test_client


def _pager_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="pager".*?</nav>', html, re.S)
    assert nav, "no pager"
    return {
        rel: link.replace("&amp;", "&")
        for rel, link in re.findall(r'rel="(prev|next)" class="\w+" href="([^"]*)"', nav[0])
    }


@pytest.mark.parametrize(
    ("page", "count", "has_prev", "has_next"),
    [(1, 3, False, True), (2, 3, True, True), (3, 1, True, False), (4, 0, True, False)],
)
def test_comparisons_are_paged(paged_client, page, count, has_prev, has_next):
    params = {"page": page, "per_page": 3}
    data = paged_client.get("/api/comparisons", params=params).json()
    assert (data["total"], data["page"], data["per_page"], data["pages"]) == (7, page, 3, 3)
    assert len(data["comparisons"]) == count
    html = paged_client.get("/comparisons", params=params)
    assert html.status_code == 200  # past the last page: empty, not 404
    assert html.text.count('class="story-link"') == count
    assert f"page {page} of 3" in html.text and "7 saved comparisons" in html.text
    links = _pager_links(html.text)
    assert ("prev" in links, "next" in links) == (has_prev, has_next)
    if has_prev:
        assert links["prev"] == f"/comparisons?per_page=3&page={page - 1}"
    if has_next:
        assert links["next"] == f"/comparisons?per_page=3&page={page + 1}"


def test_pages_cover_every_comparison_once_newest_first(paged_client):
    pages = [
        paged_client.get("/api/comparisons", params={"page": p, "per_page": 3}).json()[
            "comparisons"
        ]
        for p in (1, 2, 3)
    ]
    listed = [s for page in pages for s in page]
    everything = paged_client.get("/api/comparisons", params={"per_page": 500}).json()[
        "comparisons"
    ]
    assert [s["id"] for s in listed] == [s["id"] for s in everything]
    assert len({s["id"] for s in listed}) == 7
    assert [s["created"] for s in listed] == sorted((s["created"] for s in listed), reverse=True)
    assert all(s["quotes"] > 0 and s["articles"] == ["ledger", "courier", "radio"] for s in listed)


def test_pager_links_keep_search_and_filters_escaped(paged_client):
    params = {"outlet": PAGED_OUTLET, "speaker": "a", "from": "2000", "per_page": 3}
    data = paged_client.get("/api/comparisons", params=params).json()
    assert (data["total"], data["pages"], len(data["comparisons"])) == (4, 2, 3)
    html = paged_client.get("/comparisons", params=params).text
    assert PAGED_OUTLET not in html.split('<nav class="pager"', 1)[1]  # only escaped forms
    links = _pager_links(html)
    assert "prev" not in links
    kept = urlencode({"outlet": PAGED_OUTLET, "speaker": "a", "from": "2000", "per_page": 3})
    assert links["next"] == f"/comparisons?{kept}&page=2"
    assert parse_qs(urlsplit(links["next"]).query)["outlet"] == [PAGED_OUTLET]
    second = paged_client.get(links["next"])
    assert second.text.count('class="story-link"') == 1 and "page 2 of 2" in second.text
    assert "prev" in _pager_links(second.text) and "next" not in _pager_links(second.text)


def test_single_page_has_no_links_and_default_per_page(paged_client):
    data = paged_client.get("/api/comparisons").json()
    assert (data["total"], data["page"], data["per_page"], len(data["comparisons"])) == (
        7,
        1,
        50,
        7,
    )
    html = paged_client.get("/comparisons").text
    assert _pager_links(html) == {} and "page 1 of 1" in html


@pytest.mark.parametrize(
    "params", [{"page": 0}, {"page": -1}, {"per_page": 0}, {"per_page": 501}, {"page": "x"}]
)
def test_bad_page_parameters_are_refused(paged_client, params):
    assert paged_client.get("/api/comparisons", params=params).status_code == 422
    assert paged_client.get("/comparisons", params=params).status_code == 422


def test_comparisons_csv_is_every_one_streamed_once(paged_client, monkeypatch):
    monkeypatch.setattr("newsparallax.web.routes.comparisons.MAX_PER_PAGE", 2)  # several chunks
    text = paged_client.get("/api/comparisons.csv").text
    assert text.count("id,created,") == 1  # one header over the chunks
    rows = _csv_rows(text)
    assert len(rows) == 7 and len({r["id"] for r in rows}) == 7
    filtered = _csv_rows(
        paged_client.get("/api/comparisons.csv", params={"outlet": PAGED_OUTLET}).text
    )
    assert len(filtered) == 4
    assert paged_client.get("/api/comparisons.csv", params={"outlet": "none"}).text.strip() == ""


@pytest.fixture(scope="module")
def many_groups(tmp_path_factory) -> Path:
    """A store with 7 grouped stories of 7, 6, ... 2 articles and one single-article story
    (not a group), written straight to the story tables."""
    path = tmp_path_factory.mktemp("groups") / "groups.db"
    conn = open_store(path)
    try:
        position = 0
        for size in (1, 2, 3, 4, 5, 6, 7):
            story = f"story-{size}"
            conn.execute(
                "INSERT INTO story (id, founder, created) VALUES (?, ?, '2026-01-01')",
                (story, f"{story}-a0"),
            )
            for n in range(size):
                article = f"{story}-a{n}"
                conn.execute(
                    "INSERT INTO article (id, label, source, title, authors, date, outlet, text,"
                    " first_seen) VALUES (?, ?, 'test', ?, '[]', ?, ?, 'text', '2026-01-01')",
                    (article, article, f"Title {size}", f"2026-01-0{n + 1}", f"Outlet {n}"),
                )
                conn.execute(
                    "INSERT INTO article_story (article_id, story_id, position, how, score,"
                    " assigned) VALUES (?, ?, ?, 'new', 1.0, '2026-01-01')",
                    (article, story, position),
                )
                position += 1
        conn.commit()
    finally:
        conn.close()
    return path


def test_stories_are_paged_in_sql_largest_first_singletons_included(many_groups, monkeypatch):
    with TestClient(create_app(many_groups)) as client:
        everything = client.get("/api/stories").json()
        assert everything["total"] == 7
        assert [g["articles"] for g in everything["stories"]] == [7, 6, 5, 4, 3, 2, 1]
        second = client.get("/api/stories", params={"page": 2, "per_page": 2}).json()
        assert [g["id"] for g in second["stories"]] == ["story-5", "story-4"]
        assert second["stories"][0]["outlets"] == [f"Outlet {n}" for n in range(5)]
        assert second["stories"][0]["first_date"] == "2026-01-01"
        assert client.get("/api/stories", params={"page": 9}).json()["stories"] == []
        assert client.get("/api/stories", params={"per_page": 501}).status_code == 422

        page = client.get("/stories", params={"per_page": 4}).text
        assert "7 stories" in page and "page 1 of 2" in page
        assert 'href="/stories/story-4"' in page and 'href="/stories/story-3"' not in page
        last = client.get("/stories", params={"per_page": 4, "page": 2}).text
        assert 'href="/stories/story-3"' in last and 'href="/stories/story-1"' in last
        assert 'href="/stories/story-7"' not in last


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_articles": 2}, ["story-7", "story-6", "story-5", "story-4", "story-3", "story-2"]),
        ({"min_articles": 6}, ["story-7", "story-6"]),
        ({"outlet": "Outlet 5"}, ["story-7", "story-6"]),
        ({"from": "2026-01-07"}, ["story-7"]),
        ({"to": "2026-01-01", "min_articles": 7}, ["story-7"]),
        ({"outlet": "Outlet 9"}, []),
    ],
)
def test_stories_are_filtered(many_groups, params, expected):
    with TestClient(create_app(many_groups)) as client:
        data = client.get("/api/stories", params=params).json()
        assert [g["id"] for g in data["stories"]] == expected and data["total"] == len(expected)
        page = client.get("/stories", params=params).text
        assert ("No story matches." in page) == (not expected)
