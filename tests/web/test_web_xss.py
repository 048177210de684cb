"""Hostile input through every page, JSON route and CSV table of the web app, and the HTML
report (issue #8, item 6).

Two invented reports carry the XSS corpus of `xss_payloads` in every stored string field that
reaches a page: the pipeline extracts the quotes (and headline) with payloads inside them; the
metadata a hostile web page supplies (byline, outlet, date, place, URL) and the names NER would
never yield with markup in them are set on the records, as a hostile page or another program
writing the store could. The routes are enumerated from the app, so a new route is covered
without touching this file. In-process, every page must parse to the app's own elements and
attributes only; JSON must round-trip the payloads exactly; no CSV cell may start a formula.
In headless Chromium, no injected code may run, log an error or fetch anything.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from newsparallax.model import Comparison, Coverage
from newsparallax.pipeline import compare
from newsparallax.reading.text import article_from_text
from newsparallax.report.html_format import render_html, report_js
from newsparallax.report.json_format import to_dict
from newsparallax.store.comparisons import load_comparison, save_comparison
from newsparallax.store.schema import open_read_only, open_store
from newsparallax.stories.grouping import assign_stories
from newsparallax.web import create_app
from newsparallax.web.views import comparison_tables, readable_date, to_csv
from webserver import serving
from xss_payloads import EVIL_ID, FORMULAS, PAYLOADS

P = PAYLOADS
SRC = Path(__file__).resolve().parents[2] / "src" / "newsparallax"

# ---------------------------------------------------------------------------------------------
# The hostile story
# ---------------------------------------------------------------------------------------------

# One distinct noun per quote, so quotes share no run of words and align only with their twin.
NOUNS = """harbour ferry ticket dock pier captain engine timetable river lighthouse bridge tunnel
station market school garden library museum stadium hospital orchard bakery factory warehouse
airport railway canal reservoir meadow quarry chapel theatre gallery courthouse marina village
county island valley summit""".split()
SPEAKERS = ("Ruth Okafor", "Dev Hale", "Jane Doe")


def _said(i: int, payload: str, tail: str = "") -> str:
    return f"“The {NOUNS[i]} {payload} needs work{tail},” said {SPEAKERS[i % 3]}.\n\n"


GAZETTE = (
    f"Ferry fares to rise {P[15]} {P[0]}\n\n"
    "PORT ELLIS (Gazette) — Ferry fares will rise in May, harbour master Ruth Okafor said.\n\n"
    + "".join(_said(i, p) for i, p in enumerate(P))
    + "The plan costs $4.2 million, Okafor said.\n"
)
RADIO = (
    "Ferry fares going up\n\n"
    "PORT ELLIS (Coast Radio) — Harbour master Ruth Okafor announced a fare rise on Monday.\n\n"
    + "".join(_said(i, p, " badly") for i, p in enumerate(P[:6]))
    + "The plan costs $4.8 million, Okafor said.\n"
)
RENAMED = {
    "Ruth Okafor": f"{FORMULAS[2]} Ruth Okafor",
    "Dev Hale": f"{P[4]}Dev Hale",
    "Jane Doe": f"Jane {P[31]} Doe",
}


def hostile_comparison(nlp) -> Comparison:
    """The two reports compared by the real pipeline, then given hostile metadata and names."""
    gazette = replace(
        article_from_text(GAZETTE, "gazette", source=P[8]),
        authors=P[1:12],
        outlet=P[13],
        date=f"2031-03-03 {P[26]}",
        place=P[24],
    )
    radio = replace(
        article_from_text(RADIO, EVIL_ID, source=P[17]),
        title=FORMULAS[0],
        authors=(P[19], P[20], P[32]),
        outlet=FORMULAS[1],
        date="2031-03-04",
        place=P[21],
    )
    c = compare([gazette, radio], nlp)
    extra = itertools.cycle(P[5:12])
    people = tuple(
        replace(
            p,
            name=RENAMED.get(p.name, p.name),
            aliases=(*p.aliases, P[35], P[16]),
            descriptors=tuple(replace(d, text=f"{d.text} {next(extra)}") for d in p.descriptors),
        )
        for p in c.people
    )
    facts = tuple(
        replace(
            d,
            about=P[28],
            topic=P[29],
            values={aid: P[30] if aid == "gazette" else FORMULAS[3] for aid in d.values},
        )
        for d in c.discrepancies
    )
    return replace(c, people=people, discrepancies=facts)


def string_fields(c: Comparison) -> dict[str, list[str]]:
    """Every free-text field of a comparison that a page shows, by kind."""
    facts = c.discrepancies
    return {
        "title": [a.title or "" for a in c.articles],
        "author": [x for a in c.articles for x in a.authors],
        "outlet": [a.outlet or "" for a in c.articles],
        "date": [a.date or "" for a in c.articles],
        "place": [a.place or "" for a in c.articles],
        "source": [a.source for a in c.articles],
        "article id": [a.id for a in c.articles],
        "quote": [q.text for q in c.quotes],
        "speaker": [p.name for p in c.people],
        "alias": [x for p in c.people for x in p.aliases],
        "descriptor": [d.text for p in c.people for d in p.descriptors],
        "fact about": [d.about for d in facts],
        "fact topic": [d.topic for d in facts],
        "fact value": [v for d in facts for v in d.values.values() if v],
    }


@pytest.fixture(scope="module")
def hostile(nlp) -> Comparison:
    return hostile_comparison(nlp)


@pytest.fixture(scope="module")
def store(tmp_path_factory, hostile) -> Path:
    """The hostile comparison stored and its articles grouped into a story, as the CLI does."""
    path = tmp_path_factory.mktemp("xss") / "xss.db"
    conn = open_store(path)
    try:
        save_comparison(conn, hostile)
        assign_stories(conn)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


@pytest.fixture(scope="module")
def stored(store, hostile) -> Comparison:
    conn = open_read_only(store)
    try:
        return load_comparison(conn, hostile.id)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def app(store, nlp):
    return create_app(store, nlp=lambda: nlp)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as test_client:
        yield test_client


# ---------------------------------------------------------------------------------------------
# Checks: inert HTML, payloads shown as text
# ---------------------------------------------------------------------------------------------


def _template_tags() -> frozenset[str]:
    """Every element the app's and the report's templates write, and the highlighter's."""
    templates = [
        *(SRC / "web" / "templates").glob("*.j2"),
        *(SRC / "report" / "templates").glob("*.j2"),
    ]
    found = {t for path in templates for t in re.findall(r"<([a-z][a-z0-9]*)", path.read_text())}
    return frozenset(found | {"mark", "span"})


APP_TAGS = _template_tags()
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href"})
BANNED_ATTRS = frozenset({"style", "srcdoc", "autofocus", "srcset", "background", "ping"})
NP_DATA = {"type": "application/json", "id": "np-data"}
MARKUP = tuple(p for p in (*PAYLOADS, EVIL_ID) if any(ch in p for ch in "<>\"'&"))


class _Parsed(HTMLParser):
    """Elements with their attributes, script elements with their source, and the text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.data: list[str] = []
        self.attr_text: list[str] = []
        self._script: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        found = {k: v or "" for k, v in attrs}
        self.tags.append((tag, found))
        self.attr_text.extend(found.values())
        if tag == "script":
            self._script = []

    def handle_data(self, data):
        (self._script if self._script is not None else self.data).append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self.tags[-1][1] if self.tags else {}, "".join(self._script)))
            self._script = None

    @property
    def text(self) -> str:
        """What a reader sees: text nodes joined (a quote may be cut by marks), then attributes."""
        return "".join(self.data) + "\n" + "\n".join(self.attr_text)


def _own_url(value: str) -> bool:
    return value.startswith("#") or (value.startswith("/") and not value.startswith("//"))


def html_problems(html: str, inline_js: str | None = None) -> list[str]:
    """Everything in a page that is not the app's own markup: unknown elements, event handlers,
    styles, links leaving the site, scripts other than ours, and payloads unescaped."""
    page = _Parsed(html)
    problems = []
    for tag, attrs in page.tags:
        if tag not in APP_TAGS:
            problems.append(f"element <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in BANNED_ATTRS:
                problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and not _own_url(value):
                problems.append(f"<{tag} {name}={value!r}> leaves the site")
        if attrs.get("http-equiv", "").lower() not in ("", "content-security-policy"):
            problems.append(f"<{tag} http-equiv={attrs['http-equiv']!r}>")
    for attrs, source in page.scripts:
        if attrs == NP_DATA:
            try:
                json.loads(source)
            except ValueError as exc:
                problems.append(f"np-data is not JSON: {exc}")
        elif not (attrs == {"src": "/static/report.js"} and not source.strip()) and not (
            attrs == {} and inline_js is not None and source == inline_js
        ):
            problems.append(f"<script {attrs}>{source[:60]}")
    outside = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    problems += [f"unescaped {p!r}" for p in MARKUP if p in outside]
    return problems


def _shown(html: str, strings: list[str]) -> list[str]:
    """The strings (non-empty) a page does not show as text."""
    text = _Parsed(html).text
    return [s for s in strings if s and s not in text]


# ---------------------------------------------------------------------------------------------
# Every GET route, path parameters filled from the store
# ---------------------------------------------------------------------------------------------

QUERY = {"q": "xss", "start": "0", "end": "120"}


def _fillers(client, c: Comparison) -> dict[str, list[str]]:
    stories = [g["id"] for g in client.get("/api/stories").json()["stories"]]
    return {
        "story": [*stories, c.id],  # a comparison's id: its old address, redirected
        "comparison": [c.id, c.id[:12]],
        "article": [a.id for a in c.articles] + [a.sha for a in c.articles],
        "outlet": [a.outlet for a in c.articles if a.outlet],
        "person": [p.id for p in c.people],
        "table": sorted({*comparison_tables(c), "articles", "quotes", "descriptors"}),
    }


def _routes(routes: list) -> Iterator:
    """Every route, those of the routers the app includes (one per resource) among them."""
    for route in routes:
        router = getattr(route, "original_router", None)  # how FastAPI keeps an included router
        yield from _routes(router.routes) if router is not None else [route]


def _urls(app, fillers: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """(route, URL) for every GET route and every filling of its path: once bare (unless it
    requires a query) and once with the query parameters of QUERY it takes."""
    for route in _routes(app.routes):
        if "GET" not in getattr(route, "methods", ()):
            continue
        names = re.findall(r"{(\w+)(?::path)?}", route.path)
        unknown = [n for n in names if n not in fillers]
        assert not unknown, f"{route.path}: teach this test to fill {unknown}"
        params = route.dependant.query_params if isinstance(route, APIRoute) else []
        taken = {p.alias: QUERY[p.alias] for p in params if p.alias in QUERY}
        required = any(p.field_info.is_required() for p in params)
        for values in itertools.product(*(fillers[n] for n in names)):
            path = route.path.replace(":path}", "}").format(
                **{n: quote(v, safe="") for n, v in zip(names, values, strict=True)}
            )
            if not required:
                yield route.path, path
            if taken:
                yield route.path, path + "?" + "&".join(f"{k}={v}" for k, v in taken.items())


@pytest.fixture(scope="module")
def fetched(client, app, stored) -> list[tuple[str, str, object]]:
    """(route, URL, response) for every URL of `_urls`, redirects followed."""
    return [(r, url, client.get(url)) for r, url in _urls(app, _fillers(client, stored))]


def _kind(response) -> str:
    return response.headers.get("content-type", "").split(";")[0]


# ---------------------------------------------------------------------------------------------
# The corpus really is in the store (else every other test here would pass vacuously)
# ---------------------------------------------------------------------------------------------


FIELDS = tuple(string_fields(Comparison((), (), (), (), (), Coverage({}, {}, ()))))


@pytest.mark.parametrize("field", FIELDS)
def test_field_is_stored_with_payloads(stored, field):
    values = string_fields(stored)[field]
    assert any(p in v for v in values for p in (*PAYLOADS, EVIL_ID)), (field, values)


def test_every_payload_is_stored_and_most_are_quoted(stored):
    everything = [v for values in string_fields(stored).values() for v in values]
    assert [p for p in PAYLOADS if not any(p in v for v in everything)] == []
    quoted = {p for p in PAYLOADS for q in stored.quotes if p in q.text and q.speaker_id}
    assert len(quoted) >= 30  # extracted by the pipeline, speaker resolved
    assert stored.alignments and stored.discrepancies


def test_grouped_story_has_the_hostile_title(client, hostile):
    [group] = client.get("/api/stories").json()["stories"]
    assert group["title"] == hostile.articles[0].title and group["compared"]


# ---------------------------------------------------------------------------------------------
# In-process: every route
# ---------------------------------------------------------------------------------------------


def test_every_get_route_answers(fetched):
    """Each route serves at least one URL (a route with no 200 would be checked for nothing)."""
    routes = {r for r, _, _ in fetched}
    ok = {r for r, _, resp in fetched if resp.status_code in (200, 204)}
    assert routes - ok == set()
    assert {_kind(resp) for _, _, resp in fetched} >= {"text/html", "application/json", "text/csv"}


def test_every_page_is_inert(fetched):
    problems = {
        url: found
        for _, url, resp in fetched
        if _kind(resp) == "text/html" and (found := html_problems(resp.text))
    }
    assert problems == {}


def as_shown(c: Comparison) -> list[str]:
    """Every stored string of `c` as a page shows it: dates as a reader writes them ("4 Mar
    2031"; a date that is not ISO-8601, a hostile one, as it came), the rest as stored."""
    fields = {**string_fields(c), "date": [readable_date(a.date) for a in c.articles]}
    return [v for values in fields.values() for v in values]


def _expected(name: str, c: Comparison) -> tuple[str, list[str]]:
    """A page and the stored strings it must show: the story page every field; a source page
    its article's metadata and quotes; a person page the name and what they said; the list the
    titles, outlets, dates and speakers (the speaker filter's choices)."""
    kind, _, n = name.partition(" ")
    if kind == "story":
        return f"/comparisons/{c.id}", as_shown(c)
    if kind == "source":
        a = c.articles[int(n)]
        said = [q.text for q in c.quotes if q.article == a.id]
        meta = [a.title, *a.authors, a.outlet, readable_date(a.date), a.source, a.id]
        return f"/comparisons/{c.id}/articles/{quote(a.id, safe='')}", [*meta, *said]
    if kind == "article":
        a = c.articles[int(n)]
        said = [q.text for q in c.quotes if q.article == a.id]
        date = readable_date(a.date)
        return f"/articles/{a.sha}", [a.title, *a.authors, a.outlet, date, *said]
    if kind == "person":
        p = c.people[int(n)]
        return f"/people/{p.id}", [p.name, *(q.text for q in c.quotes if q.speaker_id == p.id)]
    dates = (readable_date(a.date) for a in c.articles)  # lists show dates as a reader writes them
    listed = [c.articles[0].title, *(a.outlet for a in c.articles), *dates]
    if kind == "stories":
        return "/stories", [c.articles[0].title, *(a.outlet for a in c.articles)]
    return "/comparisons", [*listed, *(p.name for p in c.people)]


@pytest.mark.parametrize(
    "name",
    [
        "story",
        "source 0",
        "source 1",
        "article 0",
        "article 1",
        "person 0",
        "person 1",
        "person 2",
        "stories",
        "comparisons",
    ],
)
def test_pages_show_payloads_as_text(client, stored, name):
    """Escaped is not enough: the reader must see the hostile strings exactly as written."""
    url, strings = _expected(name, stored)
    assert any(p in s for s in strings for p in (*PAYLOADS, EVIL_ID))
    assert _shown(client.get(url).text, strings) == []


def test_json_round_trips_every_string(client, hostile, stored, fetched):
    """JSON carries the payloads as data, unchanged through the store and the API."""
    assert client.get(f"/api/comparisons/{hostile.id}").json()["comparison"] == to_dict(hostile)
    for a in stored.articles:
        data = client.get(f"/api/comparisons/{hostile.id}/articles/{quote(a.id, safe='')}").json()
        assert data["article"]["text"] == a.text and data["article"]["authors"] == list(a.authors)
    for p in stored.people:
        assert client.get(f"/api/people/{p.id}").json()["name"] == p.name
    for _, url, resp in fetched:
        if url.startswith("/api/") and not url.split("?")[0].endswith(".csv"):
            assert _kind(resp) == "application/json", url  # never sniffed as HTML
            resp.json()


def test_csv_cells_never_start_a_formula(fetched, stored):
    cells = [
        cell
        for _, url, resp in fetched
        if _kind(resp) == "text/csv"
        for row in csv.reader(io.StringIO(resp.text))
        for cell in row
    ]
    assert [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    for formula in (*FORMULAS, EVIL_ID):  # shown as text, the data otherwise intact
        assert any(c.startswith("'" + formula) for c in cells), formula
    assert {q.text for q in stored.quotes} <= set(cells)


def test_csv_header_cells_never_start_a_formula():
    """Column names can come from article ids (the matrix: "<id> quotes") — file names."""
    assert to_csv([{"=1+2 quotes": 1}]).splitlines()[0] == "'=1+2 quotes"


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_reflected_input_is_inert(client, stored, payload):
    """Payloads in query strings and path segments come back escaped (search form, filters,
    404 pages), and the paste form's echo of a refused text stays inside its textarea."""
    short = payload[:32]
    urls = [
        f"/stories?q={quote(payload)}&outlet={quote(payload)}&speaker={quote(payload)}"
        f"&from={quote(short)}&to={quote(short)}",
        f"/stories/{quote(payload, safe='')}",
        f"/people/{quote(payload, safe='')}",
        f"/comparisons/{stored.id}/articles/{quote(payload, safe='')}",
        f"/articles/{quote(payload, safe='')}",
        f"/outlets/{quote(payload, safe='')}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404)
        assert html_problems(response.text) == [], url
    assert _shown(client.get(urls[0]).text, [payload]) == []
    token = client.get("/api/paste").json()["csrf_token"]
    refused = client.post("/paste", data={"csrf_token": token, "text": [payload]})
    assert refused.status_code == 422
    assert html_problems(refused.text) == [] and _shown(refused.text, [payload]) == []


HOSTILE_PAGE = f"""<!DOCTYPE html><html><head><title>{P[0]} ferry fares</title>
<meta property="og:site_name" content='{P[4]}'></head><body><article>
<h1>Ferry fares {P[0].replace("<", "&lt;")}</h1>
<p>PORT ELLIS — Ferry fares will rise in May, harbour master Ruth Okafor said on Monday, after a
long meeting of the harbour board that ran late into the night and ended in a vote.</p>
<p>“The pier {P[2].replace("<", "&lt;")} needs work,” said Ruth Okafor. The board voted five to
two in favour of the new fares after hearing from commuters and the ferry crews.</p>
</article></body></html>"""


def test_pasted_hostile_articles_render_inert(client):
    """The paste form compares on the spot: text, and a web page whose metadata is hostile."""
    token = client.get("/api/paste").json()["csrf_token"]
    data = {"csrf_token": token, "text": [GAZETTE, HOSTILE_PAGE]}
    page = client.post("/paste", data=data)
    assert page.status_code == 200 and "not stored" in page.text
    assert html_problems(page.text) == []
    c = client.post("/api/paste", data=data).json()["comparison"]
    pasted = c["articles"][1]
    assert P[4] == pasted["outlet"] and P[0] in pasted["title"]
    assert _shown(page.text, [pasted["outlet"], pasted["title"], *P]) == []


def test_html_report_is_inert(hostile):
    html = render_html(hostile)
    assert html_problems(html, inline_js=report_js()) == []
    assert _shown(html, as_shown(hostile)) == []


# ---------------------------------------------------------------------------------------------
# Headless Chromium
# ---------------------------------------------------------------------------------------------

# Foreign elements: what no template writes. Our only <details> (a claim list's "N more") has
# class "more"; a payload's <details ontoggle=...> has none, and its handler is counted too.
RECORD = "window.__xss = (n) => (window.top.__xssCalls = window.top.__xssCalls || []).push(n);"
DOM_CHECK = """() => {
  const all = [...document.querySelectorAll('*')];
  return {
    calls: window.__xssCalls || [],
    handlers: all.flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name))
      .map(a => e.tagName + ' ' + a.name)),
    foreign: [...document.querySelectorAll(
      'img, iframe, object, embed, base, math, details:not(.more), meta[http-equiv=refresh]')]
      .map(e => e.outerHTML),
    links: all.map(e => e.getAttribute('href') || e.getAttribute('src') || '')
      .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u)),
  };
}"""


POKE = """() => document.querySelectorAll('mark[data-quote], a[data-goto]').forEach(e => {
  e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
  e.focus();
  e.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  e.click();
})"""
HTTP_STATUS_NOTE = "Failed to load resource: the server responded with a status of"


@pytest.fixture(scope="module")
def live(app) -> Iterator[str]:
    with serving(app) as base:
        yield base


@pytest.fixture
def watched(browser):
    """A page that records marker calls, dialogs, script errors, console errors and requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(RECORD)
    page = context.new_page()
    events: dict[str, list[str]] = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("console", lambda m: _console(events, m))
    page.on("request", lambda r: events["requests"].append(r.url))
    yield page, events
    context.close()


def _console(events: dict[str, list[str]], message) -> None:
    """Console errors, but for the browser's own note of a 404 or 422 response (the pages of
    unknown things and refused forms answer so on purpose; a CSP violation still counts)."""
    if message.type == "error" and not message.text.startswith(HTTP_STATUS_NOTE):
        events["errors"].append(message.text)


def _poke_and_check(page, url: str) -> dict[str, list[str]]:
    """Hover, focus and click every quote and alignment link (they run the page's script; the
    first few with the real mouse), then report what in the DOM could run code."""
    for element in page.locator("mark[data-quote], a[data-goto]").all()[:3]:
        element.hover()
        element.click()
    page.evaluate(POKE)
    found = {k: v for k, v in page.evaluate(DOM_CHECK).items() if v}
    return {"url": [url], **found} if found else {}


def _assert_quiet(events: dict[str, list[str]], allowed_prefix: str) -> None:
    assert events["dialogs"] == [] and events["errors"] == []
    assert [u for u in events["requests"] if not u.startswith(allowed_prefix)] == []


def _browser_urls(fetched) -> list[str]:
    """Every HTML page that answered 200, and one URL per other route and status (JSON, error
    pages). CSV files are downloads, and a 204 has no page."""
    seen, urls = set(), []
    for route, url, r in fetched:
        if r.status_code == 204 or _kind(r) == "text/csv":
            continue
        key = url if _kind(r) == "text/html" and r.status_code == 200 else (route, r.status_code)
        if key not in seen:
            seen.add(key)
            urls.append(url)
    return urls


@pytest.mark.browser
def test_no_page_runs_injected_code_in_chromium(watched, live, fetched):
    browser_error = pytest.importorskip("playwright.sync_api").Error
    page, events = watched
    urls = _browser_urls(fetched)
    assert any(u.startswith("/stories/") for u in urls)
    found = []
    for url in urls:
        try:
            page.goto(live + url)
            page.wait_for_load_state("load")
            found += [state] if (state := _poke_and_check(page, url)) else []
        except browser_error as exc:  # e.g. injected code navigated away
            found.append({"url": [url], "error": [str(exc)]})
    assert found == []
    _assert_quiet(events, live + "/")


@pytest.mark.browser
@pytest.mark.parametrize("fragment", ["q-__proto__", "q-constructor", "q-%E0%A4%A", "q-<img>"])
def test_hostile_fragment_raises_no_error(watched, live, stored, fragment):
    """The page's script selects the quote named in the URL fragment: a link anyone can send."""
    page, events = watched
    page.goto(f"{live}/comparisons/{stored.id}#{fragment}")
    page.wait_for_load_state("load")
    page.locator("mark[data-quote]").first.click()
    _assert_quiet(events, live + "/")


@pytest.mark.browser
def test_paste_form_in_chromium_stays_inert(watched, live):
    page, events = watched
    page.goto(f"{live}/paste")
    page.locator("textarea[name=text]").nth(0).fill(P[12] + "\n" + P[0])
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert P[12] in page.locator("textarea[name=text]").nth(0).input_value()  # 422, echoed
    page.locator("textarea[name=text]").nth(1).fill(HOSTILE_PAGE)
    page.locator("textarea[name=text]").nth(0).fill(GAZETTE)
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert "not stored" in page.locator("header.top").inner_text()
    assert _poke_and_check(page, "/paste") == {}
    _assert_quiet(events, live + "/")


@pytest.mark.browser
def test_html_report_in_chromium_stays_inert(watched, hostile, tmp_path):
    page, events = watched
    path = tmp_path / "report.html"
    path.write_text(render_html(hostile), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert P[0] in page.locator("h2").first.inner_text()
    assert _poke_and_check(page, path.name) == {}
    _assert_quiet(events, path.as_uri())
