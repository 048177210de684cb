"""The web app end to end: uvicorn on 127.0.0.1 (a free port, in a thread) and a real headless
Chromium driving it. Click a quote on a story page and its aligned twin in another column lights
up; a hostile story renders inert (no dialog, no console error — a CSP violation would be one);
the paste form works through a real browser's Origin header and CSRF token. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from test_web import PASTE_A, PASTE_B, hostile_comparison, make_store  # noqa: E402

from newsparallax.web import create_app  # noqa: E402

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(app) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port, in a thread of this process, for the
    block; yields its base URL."""
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def server(tmp_path_factory, examples_comparison, nlp):
    """The app over a store of the sample articles and a hostile story, read-only; yields its
    base URL."""
    path = tmp_path_factory.mktemp("webserver") / "web.db"
    make_store(path, [examples_comparison, hostile_comparison()])
    with served(create_app(path, nlp=lambda: nlp)) as base:
        yield base


@pytest.fixture
def page(browser, server):
    """A fresh page that records dialogs, script errors, console errors and every request."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    events: dict[str, list[str]] = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("console", lambda m: events["errors"].append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: events["requests"].append(r.url))
    page.events = events  # type: ignore[attr-defined]
    yield page
    page.close()


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)
    assert (ARTIFACTS / name).stat().st_size > 10_000


def test_click_a_quote_lights_its_twin_in_another_column(page, server, examples_comparison):
    split = next(a for a in examples_comparison.alignments if a.relation == "split")
    quotes = {q.id: q for q in examples_comparison.quotes}
    [whole] = [q for q in split.quotes if quotes[q].article == "wire"]
    halves = sorted(q for q in split.quotes if quotes[q].article == "local-tv")

    page.goto(f"{server}/comparisons")
    page.locator(f'a[href="/comparisons/{examples_comparison.id}"]').click()
    page.wait_for_load_state("load")
    mark = page.locator(f"#a-wire mark#q-{whole}")
    mark.click()
    assert "active" in (mark.get_attribute("class") or "")
    lit = page.locator("#a-local-tv mark.twin").evaluate_all("els => els.map(e => e.dataset.quote)")
    assert sorted(set(lit)) == halves
    assert "aligned rendering" in page.locator("#status").inner_text()
    assert page.locator("svg.chart").count() == 1  # one dated article: a sentence, no timeline
    _screenshot(page, "web-story.png")
    assert page.events["errors"] == [] and page.events["dialogs"] == []
    assert all(u.startswith(server) for u in page.events["requests"]), page.events["requests"]


def test_person_link_leads_to_the_quote_in_its_column(page, server, examples_comparison):
    ortiz = next(p for p in examples_comparison.people if p.name == "Elena Ortiz")
    page.goto(f"{server}/people/{ortiz.id}")
    link = page.locator("a", has_text="in the comparison").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state("load")
    qid = href.split("#q-")[1]
    assert "active" in (page.locator(f"mark#q-{qid}").get_attribute("class") or "")
    assert page.events["errors"] == []


def test_hostile_story_renders_inert(page, server):
    hostile = hostile_comparison()
    page.goto(f"{server}/stories/{hostile.id}")
    page.wait_for_load_state("load")
    quote = page.locator("#a-courier mark#q-c3")
    quote.hover()
    quote.click()
    assert "<script>alert(1)</script>" in page.locator("#a-courier h2").inner_text()
    assert page.locator("#a-courier script, #a-courier img").count() == 0
    assert "<script>alert(5)</script>Joan Pell" in page.locator("#voices").inner_text()
    page.goto(f"{server}/people/p3")
    page.goto(f"{server}/stories?q=alert")
    _screenshot(page, "web-hostile-search.png")
    page.goto(f"{server}/stories/{hostile.id}")
    _screenshot(page, "web-hostile.png")
    assert page.events["dialogs"] == []
    assert page.events["errors"] == []


def test_paste_form_in_a_real_browser(page, server):
    page.goto(f"{server}/paste")
    boxes = page.locator("textarea[name=text]")
    boxes.nth(0).fill(PASTE_A)
    boxes.nth(1).fill(PASTE_B)
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert page.locator("#a-pasted-1").count() == 1 and page.locator("#a-pasted-2").count() == 1
    assert "not stored" in page.locator("header.top").inner_text()
    _screenshot(page, "web-paste.png")
    assert page.events["errors"] == []
