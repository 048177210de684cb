"""The HTML report in a real headless Chromium: clicking a quote lights up its aligned twins,
hostile article text never runs, the page's own script raises no errors (a CSP violation would
show up as one), and nothing is fetched from anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsparallax.report import render
from sample_comparison import build_sample_comparison

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def page_events(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render(build_sample_comparison(), "html"), encoding="utf-8")
    events: dict[str, list[str]] = {"dialogs": [], "errors": [], "requests": []}
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on(
        "console",
        lambda m: events["errors"].append(m.text) if m.type == "error" else None,
    )
    page.on("request", lambda r: events["requests"].append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    yield page, events, path
    page.close()


def test_click_lights_up_the_twin(page_events):
    page, _, _ = page_events
    ledger_quote = page.locator("#a-ledger mark#q-l2")
    ledger_quote.hover()  # mouseover must not run anything either
    ledger_quote.click()
    twins = page.locator("#a-courier mark.twin")
    assert sorted(twins.evaluate_all("els => els.map(e => e.dataset.quote)")) == ["c1", "c2"]
    assert "active" in (ledger_quote.get_attribute("class") or "")
    assert page.locator("#a-radio mark.twin").count() == 0
    assert "2 aligned rendering(s)" in page.locator("#status").inner_text()

    page.locator("#a-radio mark#q-r1").click()
    assert page.locator("mark.twin").evaluate_all("els => els.map(e => e.id)") == ["q-l5"]
    assert page.locator("#a-courier mark.twin").count() == 0


def test_alignment_link_selects_quote(page_events):
    page, _, _ = page_events
    page.locator('#aligned a[data-goto="c2"]').click()
    twins = page.locator("mark.twin").evaluate_all("els => els.map(e => e.dataset.quote)")
    assert twins == ["l2"]
    active = page.locator("mark.active").evaluate_all("els => els.map(e => e.dataset.quote)")
    assert sorted(active) == ["c1", "c2"]  # both halves of the split rendering


def test_hostile_text_is_inert(page_events):
    page, events, _ = page_events
    page.locator("#q-c3").hover()
    page.locator("#q-c3").click()
    title = page.locator("#a-courier h2").inner_text()
    assert "<script>alert(1)</script>" in title  # shown as text, not run
    assert page.locator("#a-courier script").count() == 0
    assert events["dialogs"] == []
    assert events["errors"] == []
    assert all(url.startswith("file://") for url in events["requests"]), events["requests"]


def test_columns_side_by_side_screenshot(page_events):
    page, events, _ = page_events
    boxes = [page.locator(f"#a-{aid}").bounding_box() for aid in ("ledger", "courier", "radio")]
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1
    page.locator("#a-ledger mark#q-l2").click()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
    assert events["errors"] == []


def test_real_comparison_split_quote_lights_up_in_the_other_column(
    browser, examples_comparison, tmp_path
):
    """The report of the sample articles, as `make demo` writes it: click the wire's one quote
    and both halves of the local station's split rendering light up."""
    split = next(a for a in examples_comparison.alignments if a.relation == "split")
    quotes = {q.id: q for q in examples_comparison.quotes}
    [whole] = [q for q in split.quotes if quotes[q].article == "wire"]
    halves = sorted(q for q in split.quotes if quotes[q].article == "local-tv")
    path = tmp_path / "report.html"
    path.write_text(render(examples_comparison, "html"), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.locator(f"mark#q-{whole}").click()
    lit = page.locator("mark.twin").evaluate_all("els => els.map(e => e.dataset.quote)")
    assert sorted(set(lit) & set(halves)) == halves
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "examples-report.png"))
    page.close()
    assert errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_claim_sections_fit_the_screen(browser, examples_comparison, tmp_path, width):
    path = tmp_path / "report.html"
    path.write_text(render(examples_comparison, "html"), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    for section in ("#claims", "#framing"):
        box = page.locator(section).bounding_box()
        assert box is not None and box["x"] + box["width"] <= width + 1, section
    page.locator("#claims").screenshot(path=str(ARTIFACTS / f"report-claims-{width}.png"))
    page.locator("#framing").screenshot(path=str(ARTIFACTS / f"report-framing-{width}.png"))
    page.close()
