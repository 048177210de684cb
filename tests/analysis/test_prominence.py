"""Where each voice first appears in each article, and how many words of quotes it gets."""

from __future__ import annotations

from newsparallax.pipeline import compare
from newsparallax.reading.text import article_from_text

TEXT = (
    "Ruiz vows to reopen the bridge by May\n\n"
    "Riverton Mayor Ana Ruiz said Monday the bridge would reopen by May.\n\n"
    "The council met for three hours and heard from dozens of residents about the closure.\n\n"
    "“We cannot wait another winter,” said council member Tom Hale.\n\n"
    "Traffic has been diverted through the old town since March, and shop owners say sales "
    "have fallen by a third. The state has not said whether it will pay for the repairs, and "
    "the city has asked for a decision before the end of the month.\n\n"
    "Engineer Maria Lopez said the steel would arrive in April, a month later than planned, "
    "and that the crews were ready to work through the nights to make up the lost time."
)


def test_first_position_and_words(nlp):
    comparison = compare([article_from_text(TEXT, "one")], nlp)
    names = {p.id: p.name for p in comparison.people}
    found = {names[p.person]: (p.first, p.words) for p in comparison.coverage.prominence}
    assert found["Ana Ruiz"][0] == "headline"
    assert found["Tom Hale"] == ("first third", 5)
    assert found["Maria Lopez"][0] == "later"
