"""The whole pipeline on the project's own sample articles, against their answer key
(examples/expected.json, written with the articles: see examples/README.md)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from conftest import EXAMPLES

KEY = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
WORD = re.compile(r"[^\W_]+")


def bag(text: str) -> Counter:
    return Counter(w.lower() for w in WORD.findall(text.replace("’", "'")))


def overlaps(gold: str, predicted: str) -> bool:
    """Both ways at least 60% of the words in common (the acceptance case's rule)."""
    g, p = bag(gold), bag(predicted)
    common = sum((g & p).values())
    return bool(g and p) and common >= 0.6 * sum(g.values()) and common >= 0.6 * sum(p.values())


def match(comparison) -> dict[str, object]:
    """Gold quote id → predicted quote, one to one, greedy in gold order."""
    used, pairs = set(), {}
    for gold in KEY["quotes"]:
        for quote in comparison.quotes:
            if (
                quote.id not in used
                and quote.article == gold["article"]
                and overlaps(gold["text"], quote.text)
            ):
                used.add(quote.id)
                pairs[gold["id"]] = quote
                break
    return pairs


def test_every_quote_keeps_its_provenance(examples_comparison):
    for quote in examples_comparison.quotes:
        assert (
            examples_comparison.article(quote.article).text[quote.start : quote.end] == quote.text
        )


def test_reported_speech_adds_words_to_the_quotes_it_holds(examples_comparison):
    """An indirect quote holding a partial one carries reporter's words of its own: it is never
    the partial quote again with only its quotation marks around it."""
    marks = "“”\"'‘’ ,.;:"
    for quote in examples_comparison.quotes:
        if quote.kind != "indirect":
            continue
        held = [
            q
            for q in examples_comparison.quotes
            if q.kind == "partial"
            and q.article == quote.article
            and quote.start <= q.start
            and q.end <= quote.end
        ]
        rest = quote.text
        for q in held:
            rest = rest.replace(q.text, "")
        assert rest.strip(marks), quote.text


def test_quoted_speech_is_found(examples_comparison):
    pairs = match(examples_comparison)
    marked = [g for g in KEY["quotes"] if g["kind"] != "indirect"]
    found = [g["id"] for g in marked if g["id"] in pairs]
    assert len(found) / len(marked) >= 0.9, sorted({g["id"] for g in marked} - set(found))
    predicted = [q for q in examples_comparison.quotes if q.kind != "indirect"]
    matched = {id(q) for q in pairs.values()}
    false = [q.text for q in predicted if id(q) not in matched]
    assert len(false) <= 0.1 * len(predicted), false


def test_reported_speech_is_found(examples_comparison):
    pairs = match(examples_comparison)
    indirect = [g for g in KEY["quotes"] if g["kind"] == "indirect"]
    assert sum(g["id"] in pairs for g in indirect) >= 0.8 * len(indirect)


def named_speaker(quote) -> str | None:
    """The person or organisation a quote is given to; a group or a description shown by its
    words is nobody named."""
    return quote.speaker if quote.speaker_id is not None else None


def test_speakers(examples_comparison):
    pairs = match(examples_comparison)
    judged = [g for g in KEY["quotes"] if g["id"] in pairs]
    wrong = [
        (g["id"], g["speaker"], named_speaker(pairs[g["id"]]))
        for g in judged
        if named_speaker(pairs[g["id"]]) != g["speaker"]
    ]
    assert len(wrong) <= 0.1 * len(judged), wrong


@pytest.mark.parametrize(
    "alignment", KEY["alignments"], ids=lambda a: "+".join(map(str, a["quotes"]))
)
def test_alignments(examples_comparison, alignment):
    pairs = match(examples_comparison)
    gold = [x for item in alignment["quotes"] for x in (item if isinstance(item, list) else [item])]
    assert all(g in pairs for g in gold)
    wanted = {pairs[g].id for g in gold}
    relations = {a.relation for a in examples_comparison.alignments if wanted <= set(a.quotes)}
    relations |= {
        p.relation
        for a in examples_comparison.alignments
        for p in a.pairs
        if wanted <= {*p.a, *p.b}
    }
    assert alignment["relation"] in relations


def test_facts_that_differ_and_only_those(examples_comparison):
    found = {(d.about, d.topic): d.values for d in examples_comparison.discrepancies}
    for gold in KEY["discrepancies"]:
        hits = [
            v
            for (about, topic), v in found.items()
            if about == gold["about"] and set(bag(topic)) & set(bag(gold["topic"]))
        ]
        assert hits, gold
        stated = {a: v for a, v in gold["values"].items() if v is not None}
        assert any(all(h.get(a) and bag(v) & bag(h[a]) for a, v in stated.items()) for h in hits), (
            gold,
            hits,
        )
    assert len(found) == len(KEY["discrepancies"]), found  # nothing consistent is reported


def test_voices(examples_comparison):
    c = examples_comparison
    name = {p.id: p.name for p in c.people}
    assert {a: [name[p] for p in ids] for a, ids in c.coverage.voices.items()} == KEY["voices"]
    exclusive = {a: [name[p] for p in ids] for a, ids in c.coverage.exclusive.items()}
    assert exclusive == KEY["exclusive_voices"]


def test_groups_stay_unresolved(examples_comparison):
    """A group is no person: the quote has no speaker id, and is shown by the words that name
    the group."""
    pairs = match(examples_comparison)
    for item in KEY["unresolved"]:
        quote = pairs[item["quote"]]
        assert (quote.speaker_id, quote.speaker) == (None, item["mention"])


@pytest.mark.parametrize("item", KEY["not_quotes"], ids=lambda n: n["text"][:20])
def test_not_quotes(examples_comparison, item):
    assert not any(
        q.article == item["article"] and overlaps(item["text"], q.text)
        for q in examples_comparison.quotes
    )


def test_clutter_is_dropped(examples_comparison):
    for article_id, lines in KEY["not_story"].items():
        article = examples_comparison.article(article_id)
        for line in lines:
            start = article.text.index(line)
            assert article.is_dropped(start, start + len(line)), line
