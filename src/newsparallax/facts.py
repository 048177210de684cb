"""Facts that differ: what two outlets state differently about the same person.

A number fact is a number with its unit and the phrase that says what it counts ("nearly 20 years
as Fresno's police chief", "the last 18 as a police chief" — the unit carried over from "40
years" before it). It is taken from what an article says of the person and from the person's own
first-person words. Two articles' facts about one person are compared when their units agree
and the phrases share content words. Party and title come from the descriptors; a party only one
outlet states is reported too, since its absence is what a reader of the other outlet misses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from spacy.tokens import Doc, Token

from .descriptors import party_of
from .lexicon import ROLE_NOUNS, canonical_role
from .model import Article, Discrepancy, Person, Quote, Span, content_id
from .nlp import span_between

WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
FIRST_PERSON = frozenset({"i", "my", "me", "i’ve", "i've", "i’m", "i'm"})
CONTEXT_STOP = frozenset(
    {"a", "an", "the", "’s", "'s", "of", "in", "as", "at", "for", "on", "with", "to"}
)
CONTEXT_TOKENS = 8
MIN_OVERLAP = 0.34


@dataclass(frozen=True)
class NumberFact:
    value: float
    shown: str  # as written, with its qualifier: "nearly 20"
    unit: str  # lemma, for matching: "year"
    unit_text: str  # as written, for reading: "years"
    context: tuple[str, ...]  # the phrase after the unit, as lower-case words
    span: Span


def find_discrepancies(
    articles: Sequence[Article],
    docs: Sequence[Doc],
    people: Sequence[Person],
    quotes: Sequence[Quote],
) -> tuple[Discrepancy, ...]:
    docs_by_article = {a.id: d for a, d in zip(articles, docs, strict=True)}
    found: list[Discrepancy] = []
    for person in people:
        present = sorted(
            {m.article for m in person.mentions}
            | {q.article for q in quotes if q.speaker_id == person.id}
        )
        if len(present) < 2:
            continue
        facts = {
            a: number_facts(docs_by_article[a], _sources(person, quotes, a, docs_by_article[a]))
            for a in present
        }
        found += _number_discrepancies(person, facts)
        found += _descriptor_discrepancies(person, present)
    return tuple(found)


# --- number facts ----------------------------------------------------------------------------


def _sources(
    person: Person, quotes: Sequence[Quote], article: str, doc: Doc
) -> list[tuple[int, int]]:
    """Where an article states facts about the person: its descriptors of them, and the
    sentences of their own quotes that speak in the first person."""
    spans = [(d.start, d.end) for d in person.descriptors_in(article)]
    for q in quotes:
        if q.article != article or q.speaker_id != person.id or q.kind == "indirect":
            continue
        span = span_between(doc, q.start, q.end)
        if span is None:
            continue
        for sent in span.sents:
            if any(t.lower_ in FIRST_PERSON for t in sent):
                spans.append((max(q.start, sent.start_char), min(q.end, sent.end_char)))
    return spans


def number_facts(doc: Doc, spans: list[tuple[int, int]]) -> list[NumberFact]:
    facts: list[NumberFact] = []
    for start, end in spans:
        span = span_between(doc, start, end)
        if span is None:
            continue
        previous_unit: tuple[str, str] | None = None
        for token in span:
            value = _number(token)
            if value is None:
                continue
            counted = token.dep_ == "nummod" and token.head.pos_ == "NOUN"
            unit = (token.head.lemma_.lower(), token.head.lower_) if counted else previous_unit
            if unit is None:
                continue
            previous_unit = unit
            anchor = token.head if counted else token
            facts.append(_fact(doc, token, anchor, value, unit, end))
    return facts


def _number(token: Token) -> float | None:
    if token.ent_type_ in ("ORDINAL", "MONEY", "TIME") or (
        token.pos_ != "NUM" and not token.like_num
    ):
        return None
    text = token.lower_.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        value = float(text)
        return (
            None
            if 1900 <= value <= 2100 and token.ent_type_ == "DATE" and len(text) == 4
            else value
        )
    return float(WORD_NUMBERS[text]) if text in WORD_NUMBERS else None


def _fact(
    doc: Doc, number: Token, anchor: Token, value: float, unit: tuple[str, str], limit: int
) -> NumberFact:
    qualifiers = [c for c in number.children if c.dep_ in ("advmod", "quantmod") and c.i < number.i]
    first = min([number.i] + [q.i for q in qualifiers])
    start = first
    while (
        start > 0 and doc[start - 1].dep_ in ("det", "amod") and doc[start - 1].head.i == number.i
    ):
        start -= 1
    context = []
    for token in doc[anchor.i + 1 : anchor.i + 1 + CONTEXT_TOKENS]:
        if token.is_punct or token.idx >= limit or token.like_num:
            break
        context.append(token.lower_)
    shown = " ".join(t.text for t in doc[first : number.i + 1])
    phrase = doc[start : anchor.i + 1]
    return NumberFact(
        value=value,
        shown=shown,
        unit=unit[0],
        unit_text=unit[1],
        context=tuple(context),
        span=Span(phrase.start_char, phrase.end_char, phrase.text),
    )


def _content(context: tuple[str, ...]) -> set[str]:
    return {w for w in context if w not in CONTEXT_STOP}


def _number_discrepancies(person: Person, facts: dict[str, list[NumberFact]]) -> list[Discrepancy]:
    out = []
    for a, b in combinations(sorted(facts), 2):
        used_a: set[int] = set()
        used: set[int] = set()
        scored = []
        for i, fa in enumerate(facts[a]):
            for j, fb in enumerate(facts[b]):
                ca, cb = _content(fa.context), _content(fb.context)
                if fa.unit != fb.unit or not ca or not cb:
                    continue
                scored.append((len(ca & cb) / len(ca | cb), i, fa, j, fb))
        for score, i, fa, j, fb in sorted(scored, key=lambda s: -s[0]):
            if score < MIN_OVERLAP or j in used or i in used_a:
                continue
            used.add(j)
            used_a.add(i)
            if fa.value != fb.value:
                out.append(
                    _discrepancy(
                        person, _topic(fa, fb), {a: (fa.shown, fa.span), b: (fb.shown, fb.span)}
                    )
                )
    return out


def _topic(fa: NumberFact, fb: NumberFact) -> str:
    """`years as police chief`: the unit, the phrase's first preposition, the shared words."""
    shared = _content(fa.context) & _content(fb.context)
    lead = fa.context[:1] if fa.context and fa.context[0] in CONTEXT_STOP else ()
    return " ".join([fa.unit_text, *lead, *[w for w in fa.context if w in shared]])


# --- descriptors: party and title --------------------------------------------------------------


def _descriptor_discrepancies(person: Person, present: list[str]) -> list[Discrepancy]:
    out = []
    parties: dict[str, tuple[str, Span] | None] = {}
    titles: dict[str, list[tuple[str, Span]]] = defaultdict(list)
    for article in present:
        parties[article] = None
        for d in person.descriptors_in(article):
            party = party_of(d.text) if d.kind == "party" or d.kind == "role" else None
            if party and parties[article] is None:
                parties[article] = (party, Span(d.start, d.end, d.text))
            if d.kind == "title":
                titles[article].append((d.text, Span(d.start, d.end, d.text)))
    stated = {v[0] for v in parties.values() if v}
    if stated and (len(stated) > 1 or None in parties.values()):
        out.append(_discrepancy(person, "party", parties))
    roles = {a: r for a, ts in titles.items() if (r := _roles(t for t, _ in ts))}
    if len(roles) > 1 and any(not (r1 & r2) for r1, r2 in combinations(roles.values(), 2)):
        values = {a: (titles[a][0][0], titles[a][0][1]) if a in titles else None for a in present}
        out.append(_discrepancy(person, "title", values))
    return out


def _roles(titles) -> set[str]:
    words = (canonical_role(w) for t in titles for w in t.split())
    return {w for w in words if w in ROLE_NOUNS}


def _discrepancy(
    person: Person, topic: str, values: dict[str, tuple[str, Span] | None]
) -> Discrepancy:
    return Discrepancy(
        id=content_id(person.id, topic, *sorted(values), length=12),
        person_id=person.id,
        about=person.name,
        topic=topic,
        values={a: (v[0] if v else None) for a, v in values.items()},
        spans={a: (v[1] if v else None) for a, v in values.items()},
    )
