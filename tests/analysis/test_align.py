"""Alignment across articles: relations and diffs on hand-built quotes (no model needed)."""

from __future__ import annotations

import pytest

from newsparallax.analysis.align import align_quotes, relation_of, words_of
from newsparallax.model import Quote


def quote(qid: str, article: str, text: str, kind: str = "direct", speaker: str | None = "p1"):
    """A quote whose article text is the quote itself, offset by 100 (offsets must survive)."""
    return Quote(qid, article, kind, 100, 100 + len(text), text, speaker_id=speaker)


def words(text: str) -> list[str]:
    return list(words_of(quote("x", "a", text)).words)


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("We will rebuild the bridge.", "we will rebuild the bridge", "verbatim"),
        ("It’s well-trained staff.", "It's well trained staff", "verbatim"),
        ("We will rebuild the bridge before winter.", "rebuild the bridge", "trimmed"),
        ("the people in which you serve", "the people you serve", "reworded"),
        (
            "That trust is delicate, and it’s hard.",
            "That trust is delicate. It’s hard.",
            "reworded",
        ),
        ("One two three", "Four five six", "reworded"),
    ],
)
def test_relation_of(a, b, relation):
    assert relation_of(words(a), words(b)) == relation


def test_split_quote_is_one_alignment():
    whole = quote(
        "a1", "national", "There is a lack of training, a lack of training in de-escalation,"
    )
    first = quote("b1", "local", "There is a lack of training,")
    second = Quote(
        "b2", "local", "direct", 200, 240, "A lack of training in de-escalation.", speaker_id="p1"
    )
    [alignment] = align_quotes([whole, first, second])
    assert alignment.relation == "split"
    assert set(alignment.quotes) == {"a1", "b1", "b2"}
    [pair] = alignment.pairs
    assert {pair.a, pair.b} == {("a1",), ("b1", "b2")}


def test_reworded_pair_has_a_diff_with_offsets():
    a = quote("a1", "x", "you have to earn the trust of the people in which you serve")
    b = quote("b1", "y", "you have to earn the trust of the people you serve")
    [alignment] = align_quotes([a, b])
    assert alignment.relation == "reworded"
    removed = [op for op in alignment.pairs[0].diff if op.op != "equal"]
    assert [(op.op, op.a_text, op.b_text) for op in removed] == [("delete", "in which", "")]
    op = removed[0]
    assert a.text[op.a_start - a.start : op.a_end - a.start] == "in which"


def test_unrelated_quotes_are_not_aligned():
    a = quote("a1", "x", "The reservoir is at a record low this summer.")
    b = quote("b1", "y", "Our budget passed with two votes to spare.")
    assert align_quotes([a, b]) == ()


def test_same_article_repeats_are_not_alignments():
    a = quote("a1", "x", "We will rebuild the bridge before winter.")
    b = Quote("a2", "x", "direct", 300, 341, "We will rebuild the bridge before winter.")
    assert align_quotes([a, b]) == ()


def test_short_common_phrase_needs_the_same_speaker():
    a = quote("a1", "x", "a lack of training", speaker="p1")
    b = quote("b1", "y", "There is a lack of training in every county.", speaker="p2")
    assert align_quotes([a, b]) == ()
    c = quote("c1", "y", "There is a lack of training in every county.", speaker="p1")
    assert align_quotes([a, c])[0].relation == "trimmed"


def test_paraphrase_links_reported_speech_to_the_same_speakers_words():
    direct = quote(
        "a1", "x", "We want them held to the same standard as our local police departments."
    )
    indirect = quote(
        "b1",
        "y",
        "ICE should be held to the same standards as local police departments",
        "indirect",
    )
    other = quote(
        "c1",
        "y",
        "ICE should be held to the same standards as local police departments",
        "indirect",
        "p2",
    )
    found = align_quotes([direct, indirect, other])
    assert [(al.relation, al.quotes) for al in found] == [("paraphrase", ("b1", "a1"))]


def test_three_outlets_one_group():
    texts = {
        "x": "This is not a punishment. It is the cheapest insurance.",
        "y": "This is not a punishment. It is the cheapest insurance.",
        "z": "the cheapest insurance",
    }
    quotes = [quote(f"{k}1", k, t, "partial" if k == "z" else "direct") for k, t in texts.items()]
    [alignment] = align_quotes(quotes)
    assert alignment.relation == "trimmed"  # the most altered pair decides
    assert sorted(p.relation for p in alignment.pairs) == ["trimmed", "trimmed", "verbatim"]


def test_two_separate_pieces_are_not_a_split():
    """Outlet B quotes the beginning and, paragraphs later after another quote, the end of one
    utterance: two trimmed renderings, not a split."""
    whole = quote(
        "a1", "x", "We will rebuild the bridge before winter and we will pay for it ourselves."
    )
    first = Quote("b1", "y", "direct", 100, 130, "We will rebuild the bridge", speaker_id="p1")
    other = Quote(
        "b2", "y", "direct", 200, 240, "Something else entirely was said here.", speaker_id="p1"
    )
    last = Quote("b3", "y", "direct", 300, 340, "we will pay for it ourselves", speaker_id="p1")
    [alignment] = align_quotes([whole, first, other, last])
    assert sorted(p.relation for p in alignment.pairs) == ["trimmed", "trimmed"]
    assert alignment.relation == "trimmed"
