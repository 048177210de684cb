"""Quote ids are unique within an article, so every analysis can be saved (issue 18, class 1).

A quote's id is made from its article, kind and span. Two partial quotes in one clause the
parser does not hang from their cue were each given the clause as a host, so the article held
two quotes with one id and `compare --db` lost the whole analysis on the store's UNIQUE key.
(text, indirect quotes expected) cases, negatives included; each text is written for the test.
"""

from __future__ import annotations

from collections import Counter

import pytest

from newsparallax.analysis.nlp import parse_articles
from newsparallax.pipeline import analyse, compare
from newsparallax.reading.text import article_from_text
from newsparallax.store.comparisons import load_comparison, save_comparison
from newsparallax.store.schema import open_store

TWO_PARTIALS_ONE_HOST = (
    "At a town meeting in Dover on Tuesday, one resident claimed that the “forces of"
    " bureaucracy” and “social engineering,” ”like new parking rules, meters, and other fees”"
    " were slowly ruining the old harbour."
)
CASES = {
    "two partials, one host": (TWO_PARTIALS_ONE_HOST, 1),
    "two partials, one host, another verb": (
        "Speaking on Monday, the senator argued that the “forces of inertia” and “political"
        " cowardice,” ”like delays, excuses, and other tricks” were hurting the bill.",
        1,
    ),
    "two partials the parser hosts": (
        "At the hearing, a farmer claimed that “the drought” and “the new canal” were ruining"
        " the valley.",
        1,
    ),
    "no partial quote": ("The mayor said the bridge would reopen in May.", 1),
    "no quote at all": ("The bridge reopened in May after a long winter of repairs.", 0),
}


@pytest.mark.parametrize("text, indirect", CASES.values(), ids=CASES.keys())
def test_quote_ids_are_unique_within_an_article(nlp, text: str, indirect: int) -> None:
    article = article_from_text(text, "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    repeated = [qid for qid, n in Counter(q.id for q in quotes).items() if n > 1]
    assert not repeated
    assert sum(q.kind == "indirect" for q in quotes) == indirect


def test_an_article_with_two_hosted_partials_is_saved_and_loaded(nlp, tmp_path) -> None:
    articles = [
        article_from_text(TWO_PARTIALS_ONE_HOST, "harbour"),
        article_from_text("“The harbour is fine,” the harbourmaster said on Wednesday.", "reply"),
    ]
    comparison = compare(articles, nlp)
    conn = open_store(tmp_path / "store.db")
    try:
        cid = save_comparison(conn, comparison)
        assert load_comparison(conn, cid).quotes == comparison.quotes
    finally:
        conn.close()
