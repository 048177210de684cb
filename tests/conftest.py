"""Shared fixtures: the spaCy pipeline loads once per test session (it takes seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="session")
def nlp():
    from newsparallax.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def examples_comparison(nlp):
    """The four sample articles compared, as `make demo` does."""
    from newsparallax.ingest import read_articles
    from newsparallax.pipeline import compare

    paths = sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.html"))
    articles, errors = read_articles(paths)
    assert not errors
    return compare(articles, nlp)
