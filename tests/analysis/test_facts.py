"""Facts that differ between two short invented reports (model-backed)."""

from __future__ import annotations

import pytest

from newsparallax.pipeline import compare
from newsparallax.reading.text import article_from_text

BASE = "Riverton Mayor Ana Ruiz, {who}, said the bridge would reopen in May.\n{extra}"


def discrepancies(nlp, first: str, second: str) -> list[tuple[str, str, dict]]:
    articles = [article_from_text(first, "one"), article_from_text(second, "two")]
    found = compare(articles, nlp).discrepancies
    return [(d.about, d.topic, d.values) for d in found]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (
            BASE.format(who="who has served 12 years on the council", extra=""),
            BASE.format(who="who has served nearly 15 years on the council", extra=""),
            [("Ana Ruiz", "years on council", {"one": "12", "two": "nearly 15"})],
        ),
        (
            BASE.format(who="a Democrat", extra=""),
            BASE.format(who="a Republican", extra=""),
            [("Ana Ruiz", "party", {"one": "Democrat", "two": "Republican"})],
        ),
        (
            BASE.format(who="a Democrat", extra=""),
            BASE.format(who="who grew up in Riverton", extra=""),
            [("Ana Ruiz", "party", {"one": "Democrat", "two": None})],
        ),
        (
            BASE.format(
                who="a Democrat",
                extra="The city budgeted $4.2 million to replace the old bridge deck.",
            ),
            BASE.format(
                who="a Democrat",
                extra="The city set aside $4.8 million to replace the old bridge deck.",
            ),
            [
                (
                    "the story",
                    "dollars city replace old bridge",
                    {"one": "$4.2 million", "two": "$4.8 million"},
                )
            ],
        ),
    ],
    ids=["years", "party differs", "party omitted", "story number"],
)
def test_facts_that_differ(nlp, first, second, expected):
    found = discrepancies(nlp, first, second)
    assert [(a, v) for a, _, v in found] == [(a, v) for a, _, v in expected]
    for (_, topic, _), (_, want, _) in zip(found, expected, strict=True):
        assert set(want.split()) <= set(topic.split())


@pytest.mark.parametrize(
    "extra",
    [
        "The reservoir stood at 34 percent of capacity.",  # the same number in both
        "Traffic will use Route 9 until then.",  # a number that is part of a name
        "The bridge was built in 1962.",  # a year
    ],
)
def test_consistent_facts_are_not_reported(nlp, extra):
    text = BASE.format(who="a Democrat", extra=extra)
    assert discrepancies(nlp, text, text.replace("said", "told reporters")) == []


def test_age_differs(nlp):
    found = discrepancies(
        nlp,
        "Riverton Mayor Ana Ruiz, 52, said the bridge would reopen in May.",
        "Riverton Mayor Ana Ruiz, 54, said the bridge would reopen in May.",
    )
    assert [(a, t, v) for a, t, v in found] == [("Ana Ruiz", "age", {"one": "52", "two": "54"})]
