"""The claim map on short invented reports (model-backed): which statements two outlets share,
which only one carries, and how two renderings of one statement differ."""

from __future__ import annotations

import pytest

from newsparallax.analysis.claims import MIN_WORDS, claim_map, statement_spans
from newsparallax.analysis.nlp import parse_articles
from newsparallax.model import Article, Dropped
from newsparallax.reading.text import article_from_text

LEAD = "Riverton's council approved the new bridge budget on Monday night after a long debate."
OTHER_LEAD = (
    "On Monday night, after a long debate, the council in Riverton approved the bridge budget."
)


def mapped(nlp, *texts: str):
    articles = [article_from_text(t, f"a{n}") for n, t in enumerate(texts)]
    return articles, claim_map(articles, list(parse_articles(nlp, articles)))


@pytest.mark.parametrize(
    ("first", "second", "only_first"),
    [
        # the same information in other words: shared
        (LEAD, OTHER_LEAD, False),
        ("Heavy rain flooded three streets near the river on Sunday.", OTHER_LEAD, True),
        # different numbers keep two statements apart, but they differ rather than stand alone
        (
            "The bridge repairs will cost $4.2 million, the city engineer said.",
            "The city engineer said the bridge repairs will cost $4.8 million.",
            False,
        ),
        # one shared name is not the same information
        (
            "A new library director from Boise was named by Riverton's mayor.",
            "Trucks will be kept off the bridge until a June vote.",
            True,
        ),
    ],
)
def test_only_in_one_outlet(nlp, first, second, only_first):
    _, found = mapped(nlp, first + "\n\n" + LEAD, second + "\n\n" + OTHER_LEAD)
    statements = [s for s in found.statements if s.article == "a0"]
    assert statements[0].only is only_first
    assert statements[1].only is False  # the shared lead


@pytest.mark.parametrize(
    ("first", "second", "kind", "spans"),
    [
        (
            "The bridge repairs will cost $4.2 million, the city engineer said.",
            "The city engineer said the bridge repairs will cost $4.8 million.",
            "number",
            ("$4.2 million", "$4.8 million"),
        ),
        (
            "Nearly 200 residents attended the hearing at the public library.",
            "200 residents attended the hearing at the public library.",
            "qualifier",
            ("Nearly 200", "200"),
        ),
        (
            "The mayor signed the water bill at City Hall on Tuesday afternoon.",
            "The mayor did not sign the water bill at City Hall on Tuesday afternoon.",
            "negation",
            ("signed", "not"),
        ),
        # the same statement, the same figures: no difference
        (
            "The bridge repairs will cost $4.2 million, the city engineer said.",
            "The city engineer said the bridge repairs will cost $4.2 million.",
            None,
            None,
        ),
        # two statements about different things: no difference even with different numbers
        (
            "Heavy rain flooded 3 streets near the river on Sunday.",
            "The bridge repairs will cost $4.8 million, the city engineer said.",
            None,
            None,
        ),
    ],
)
def test_differences(nlp, first, second, kind, spans):
    articles, found = mapped(nlp, first, second)
    if kind is None:
        assert found.differences == ()
        return
    (difference,) = found.differences
    assert difference.kind == kind
    texts = {s.id: s for s in found.statements}
    assert {texts[difference.a].article, texts[difference.b].article} == {"a0", "a1"}
    first_span, second_span = spans
    if first_span is not None:
        assert difference.a_span.text == first_span
        assert articles[0].text[difference.a_span.start : difference.a_span.end] == first_span
    assert difference.b_span.text == second_span
    assert not any(s.only for s in found.statements)


def test_statements_leave_out_clutter_fragments_and_the_dateline(nlp):
    text = (
        "RIVERTON, Ore. (AP) — The council approved the bridge budget on Monday.\n\n"
        "Photo: AP\n\n"
        "Read more: Five things to know about bridges\n\n"
        "The vote was 5-2 after a long debate."
    )
    article = article_from_text(text, "wire")
    clutter = text.index("Read more")
    article = Article(
        id="wire",
        text=text,
        dateline=article.dateline,
        dropped=(Dropped(clutter, text.index("\n", clutter), "related-link"),),
    )
    (doc,) = parse_articles(nlp, [article])
    found = [s.text for s in statement_spans(article, doc)]
    assert found == [
        "The council approved the bridge budget on Monday.",
        "The vote was 5-2 after a long debate.",
    ]
    assert all(len(s.split()) >= MIN_WORDS for s in found)


def test_left_out_and_groups(nlp):
    rain = "Heavy rain flooded three streets near the river on Sunday."
    _, found = mapped(nlp, LEAD + "\n\n" + rain, OTHER_LEAD + "\n\n" + rain, OTHER_LEAD)
    shared_lead = {s.group for s in found.statements if s.article == "a0"}
    rain_group = next(s.group for s in found.statements if s.text == rain)
    assert found.left_out["a2"] == (rain_group,)  # half the others carry it: left out by a2
    assert found.left_out["a0"] == found.left_out["a1"] == ()
    assert len(shared_lead) == 2


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Photo: AP"])
def test_an_article_with_no_statements(nlp, text):
    articles = [Article(id="empty", text=text), article_from_text(LEAD, "full")]
    found = claim_map(articles, list(parse_articles(nlp, articles)))
    assert [s.article for s in found.statements] == ["full"]
    assert found.statements[0].only is True
    assert found.left_out == {"empty": (found.statements[0].group,), "full": ()}
