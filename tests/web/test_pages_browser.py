"""Every kind of page, as a journalist would open it, in real headless Chromium at 1280 px and
at 390 px (a phone): nothing wider than the screen (a table or a chart scrolls inside its own
box instead), a legend beside every chart, and the paste form taking eight articles. The
screenshots go to test-artifacts/pages/ to be looked at."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from test_web import PASTE_A, make_store
from test_web_browser import ARTIFACTS, served

from newsparallax.store.schema import open_store
from newsparallax.stories.grouping import assign_stories
from newsparallax.web import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 390)
SHOTS = ARTIFACTS / "pages"


@pytest.fixture(scope="module")
def site(tmp_path_factory, examples_comparison, nlp):
    """The sample articles saved as a comparison and grouped into a story, served read-only;
    yields (base URL, the paths of every kind of page)."""
    path = tmp_path_factory.mktemp("pages") / "pages.db"
    make_store(path, [examples_comparison])
    conn = open_store(path)
    try:
        assign_stories(conn)
        (story,) = [r[0] for r in conn.execute("SELECT DISTINCT story_id FROM article_story")]
    finally:
        conn.close()
    wire = examples_comparison.article("wire")
    ortiz = next(p for p in examples_comparison.people if p.name == "Elena Ortiz")
    paths = {
        "stories": "/stories",
        "search": "/stories?q=reservoir",
        "story": f"/stories/{story}",
        "comparisons": "/comparisons",
        "article": f"/articles/{wire.sha}",
        "outlet": f"/outlets/{wire.outlet}",
        "person": f"/people/{ortiz.id}",
        "paste": "/paste",
    }
    with served(create_app(path, nlp=lambda: nlp)) as base:
        yield base, paths


def _wider_than_the_screen(page) -> list[str]:
    """Elements reaching past the window's right edge that no scrolling box of theirs holds."""
    return page.evaluate(
        """() => {
        const found = [];
        for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.right <= window.innerWidth + 1) continue;
            let p = e.parentElement, held = false;
            while (p) { if (getComputedStyle(p).overflowX !== 'visible') { held = true; break; }
                        p = p.parentElement; }
            if (!held) found.push(e.tagName.toLowerCase() + '.' + e.className);
        }
        return found.slice(0, 10);
    }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen(browser, site, width):
    base, paths = site
    page = browser.new_page(viewport={"width": width, "height": 900})
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for name, path in paths.items():
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert _wider_than_the_screen(page) == [], path
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        assert errors == []
    finally:
        page.close()


def test_every_chart_has_a_legend_and_dates_read_as_dates(browser, site):
    base, paths = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(base + paths["story"])
        charts = page.locator("#pictures svg.chart").count()
        assert charts >= 1
        assert page.locator("#pictures .chart-legend").count() == charts
        # The samples have one dated article: a sentence, not a timeline of one dot.
        assert "Only one article gives its date" in page.locator("#pictures").inner_text()
        page.goto(base + paths["stories"])
        dates = page.locator("table.list time").all_inner_texts()
        assert dates and all(d[0].isdigit() and "-" not in d for d in dates)  # "11 Jun 2025"
    finally:
        page.close()


def test_the_paste_form_takes_eight_articles(browser, site):
    base, paths = site
    page = browser.new_page(viewport={"width": 390, "height": 900})
    try:
        page.goto(base + paths["paste"])
        boxes = page.locator("textarea[name=text]")
        assert boxes.count() == 8
        for n in range(8):  # eight reports, each its own text
            boxes.nth(n).fill(PASTE_A.replace("a dollar", f"{n + 1} dollars"))
        with page.expect_navigation():
            page.locator("button[type=submit]").click()
        assert page.locator("#articles article.col").count() == 8
        assert _wider_than_the_screen(page) == []
        page.screenshot(path=str(SHOTS / "paste-eight-390.png"))
    finally:
        page.close()
