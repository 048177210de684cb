"""Shared fixtures: the spaCy pipeline loads once per test session (it takes seconds)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="session")
def nlp():
    from newsparallax.analysis.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def examples_comparison(nlp):
    """The four sample articles compared, as `make demo` does."""
    from newsparallax.pipeline import compare
    from newsparallax.reading.files import read_articles

    paths = sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.html"))
    articles, errors = read_articles(paths)
    assert not errors
    return compare(articles, nlp)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives a browser is a slow one too: `pytest -m "not slow"` leaves it out."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright, one per test module (Playwright's sync
    API allows one session a thread); skipped where chromium is not installed."""
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("chromium is not on PATH")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
