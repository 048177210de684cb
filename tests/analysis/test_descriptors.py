"""What an article says a person is (model-backed, one sentence each)."""

from __future__ import annotations

import pytest

from newsparallax.pipeline import compare
from newsparallax.reading.text import article_from_text


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (
            "Fresno Mayor Jerry Dyer, a Republican, said the city would help.",
            "Jerry Dyer",
            {
                ("title", "Fresno Mayor"),
                ("place", "Fresno"),
                ("role", "a Republican"),
                ("party", "Republican"),
            },
        ),
        (
            "Sen. Susan Collins (R-ME) said the surge had ended.",
            "Susan Collins",
            {("title", "Sen."), ("party", "R-ME")},
        ),
        (
            "Riverton Mayor Ana Ruiz, 52, said the bridge would reopen.",
            "Ana Ruiz",
            {("title", "Riverton Mayor"), ("place", "Riverton"), ("age", "52")},
        ),
        (
            "Tom Hale, who served 20 years as county engineer, said the deck was sound.",
            "Tom Hale",
            {("background", "served 20 years as county engineer")},
        ),
        ("Tom Hale said the deck was sound.", "Tom Hale", set()),
    ],
)
def test_descriptors(nlp, text, name, expected):
    comparison = compare([article_from_text(text, "a")], nlp)
    person = next(p for p in comparison.people if p.name == name)
    found = {(d.kind, d.text) for d in person.descriptors}
    assert found == expected
    for d in person.descriptors:
        assert text[d.start : d.end] == d.text
