"""Quotes and their speakers, article by article: (text, expected) cases, negatives included.

Each case is a short invented news text; expected items are (kind, quoted text, speaker).
"""

from __future__ import annotations

import pytest

from newsparallax.ingest import article_from_text
from newsparallax.nlp import parse_articles
from newsparallax.pipeline import analyse


def attributions(nlp, text: str) -> list[tuple[str, str, str | None]]:
    article = article_from_text(text, "t")
    doc = next(parse_articles(nlp, [article]))
    quotes, _ = analyse(article, doc)
    for q in quotes:
        assert article.text[q.start : q.end] == q.text
    return [(q.kind, q.text, q.speaker) for q in quotes]


INTRO = "Mayor Ana Ruiz of Riverton spoke at the ribbon cutting on Monday.\n"

CASES = {
    "speaker after the quote": (
        "“We will rebuild the bridge,” Mayor Ana Ruiz said.",
        [("direct", "We will rebuild the bridge,", "Ana Ruiz")],
    ),
    "speaker after the verb": (
        "“We will rebuild the bridge,” said Mayor Ana Ruiz.",
        [("direct", "We will rebuild the bridge,", "Ana Ruiz")],
    ),
    "present tense, title and surname": (
        INTRO + "“The river does not wait for budgets,” says Mayor Ruiz.",
        [("direct", "The river does not wait for budgets,", "Ana Ruiz")],
    ),
    "speaker before, colon": (
        "Ana Ruiz told the council: “We will rebuild the bridge before winter.”",
        [("direct", "We will rebuild the bridge before winter.", "Ana Ruiz")],
    ),
    "pronoun": (
        INTRO + "“The bridge will reopen in May,” she said.",
        [("direct", "The bridge will reopen in May,", "Ana Ruiz")],
    ),
    "nominal": (
        INTRO + "“We are ready for the flood season,” the mayor said.",
        [("direct", "We are ready for the flood season,", "Ana Ruiz")],
    ),
    "continuation in the paragraph": (
        INTRO + "“The bridge is safe,” Ruiz said. “The inspectors signed off on Friday.”",
        [
            ("direct", "The bridge is safe,", "Ana Ruiz"),
            ("direct", "The inspectors signed off on Friday.", "Ana Ruiz"),
        ],
    ),
    "continuation paragraph": (
        INTRO + "“The bridge is safe,” Ruiz said.\n\n“The inspectors signed off on Friday.”",
        [
            ("direct", "The bridge is safe,", "Ana Ruiz"),
            ("direct", "The inspectors signed off on Friday.", "Ana Ruiz"),
        ],
    ),
    "quote over two paragraphs": (
        INTRO + "“The first paragraph runs on.\n\n“And the second one closes it,” Ruiz said.",
        [("direct", "The first paragraph runs on.\n\n“And the second one closes it,", "Ana Ruiz")],
    ),
    "partial quote inside reported speech": (
        INTRO + "Ruiz called the repairs “a long overdue fix for the river crossing.”",
        [("partial", "a long overdue fix for the river crossing.", "Ana Ruiz")],
    ),
    "indirect with that": (
        INTRO + "Ruiz said that the bridge would reopen to traffic in May.",
        [("indirect", "the bridge would reopen to traffic in May", "Ana Ruiz")],
    ),
    "indirect with a participle": (
        "Mayor Ana Ruiz defended the closure, saying the old deck could not carry trucks.",
        [("indirect", "the old deck could not carry trucks", "Ana Ruiz")],
    ),
    "according to": (
        "The bridge will reopen to traffic in May, according to Mayor Ana Ruiz.",
        [("indirect", "The bridge will reopen to traffic in May", "Ana Ruiz")],
    ),
    "an organisation speaks": (
        "Riverton police said two drivers were hurt in the crash.",
        [("indirect", "two drivers were hurt in the crash", "Riverton police")],
    ),
    "a group stays unresolved": (
        "Several residents said they were worried about the long detour.",
        [("indirect", "they were worried about the long detour", None)],
    ),
    "statement paragraph": (
        "Councilwoman Jo Park responded in a statement to the Riverton Ledger.\n\n"
        "The council was never shown the inspection report and will ask for it in public.",
        [
            (
                "block",
                "The council was never shown the inspection report and will ask for it in public.",
                "Jo Park",
            )
        ],
    ),
    "name after a dash": (
        "Readers wrote in after the debate.\n“He never answered the question.” ― Maria Lopez\n",
        [("direct", "He never answered the question.", "Maria Lopez")],
    ),
    "introduced by a colon": (
        "Mayor Ana Ruiz had a message for the council: “Fund the bridge or explain why not.”",
        [("direct", "Fund the bridge or explain why not.", "Ana Ruiz")],
    ),
    "two speakers, pronouns by gender": (
        "Tom Hale, the county engineer, met Mayor Ana Ruiz on Monday.\n"
        "“We made real progress,” she said.\n"
        "“I am not convinced the deck will hold,” Hale said.\n"
        "“Let us see the numbers first,” he added.",
        [
            ("direct", "We made real progress,", "Ana Ruiz"),
            ("direct", "I am not convinced the deck will hold,", "Tom Hale"),
            ("direct", "Let us see the numbers first,", "Tom Hale"),
        ],
    ),
}

NEGATIVES = {
    "no quotes at all": "The bridge closed on Monday. Traffic moved to the old ferry road.",
    "scare quotes": "The so-called “fix” lasted a week before the deck cracked again.",
    "short term with no speaker": "Engineers call it a “fatigue crack” in the steel.",
    "title of a work": "The council read “The State of Our Bridges” at the meeting.",
    "unbalanced mark": "The detour was “temporary for a week and then it was not.",
    "empty marks": "The sign said “” and nothing else.",
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_quotes_and_speakers(nlp, text, expected):
    assert attributions(nlp, text) == expected


@pytest.mark.parametrize("text", NEGATIVES.values(), ids=NEGATIVES.keys())
def test_no_quote_where_none_was_said(nlp, text):
    assert [a for a in attributions(nlp, text) if a[0] != "indirect"] == []


def test_dateline_is_not_a_speaker(nlp):
    text = (
        "RIVERTON, Ore. (KRVT) — Mayor Ana Ruiz is asking the state for help, "
        "saying the bridge repairs will cost more than the city can pay."
    )
    assert attributions(nlp, text) == [
        ("indirect", "the bridge repairs will cost more than the city can pay", "Ana Ruiz")
    ]


def test_clutter_is_never_quoted(nlp):
    text = (
        "Mayor Ana Ruiz said the bridge would reopen in May.\n"
        "[RELATED] “Bridge closures hit small shops hard,” owners say\n"
        "Do you think the city moved fast enough?"
    )
    assert [a[0] for a in attributions(nlp, text)] == ["indirect"]


def test_no_break_spaces_keep_provenance(nlp):
    """Web text is full of no-break spaces: parsed as spaces, reported as written."""
    text = (
        "South Dakota Gov.\u00a0Kristi Noem said the troops would leave Friday, "
        "the\u00a0Wall Street Journal reported.\n"
        "“We will help,”\u00a0Gov.\u00a0Noem said."
    )
    article = article_from_text(text, "t")
    doc = next(parse_articles(nlp, [article]))
    quotes, people = analyse(article, doc)
    assert ("direct", "We will help,", "Kristi Noem") in [
        (q.kind, q.text, q.speaker) for q in quotes
    ]
    for q in quotes:
        for span in (q.cue, q.mention):
            if span is not None:
                assert text[span.start : span.end] == span.text
    for person in people:
        for item in (*person.mentions, *person.descriptors):
            assert text[item.start : item.end] == item.text


def test_a_continuation_carries_the_mention_it_continues(nlp):
    text = INTRO + "“The bridge is safe,” Ruiz said. “The inspectors signed off on Friday.”"
    article = article_from_text(text, "t")
    quotes, _ = analyse(article, next(parse_articles(nlp, [article])))
    first, second = quotes
    assert second.how == "continuation" and second.cue is None
    assert second.mention == first.mention and second.mention.text == "Ruiz"
