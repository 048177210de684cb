"""Facts that differ: what two outlets state differently about a person or about the story.

Numbers (numbers.py) are compared across articles when their units agree and the words around
them overlap: a person's numbers against the same person's in the other article ("18" years as
police chief against "nearly 20"), the story's numbers against the story's ("$4.2 million" against
"$4.8 million" to replace the same pipe). Party and title come from the descriptors; a party only
one outlet states is reported too, since its absence is what a reader of the other outlet misses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from spacy.tokens import Doc

from newsparallax.analysis.descriptors import party_of
from newsparallax.analysis.lexicon import (
    CONTEXT_STOP,
    FIRST_PERSON_SINGULAR,
    ROLE_NOUNS,
    canonical_role,
)
from newsparallax.analysis.nlp import span_between
from newsparallax.analysis.numbers import NumberFact, person_numbers, story_numbers
from newsparallax.model import Article, Discrepancy, Person, Quote, Span, content_id

PERSON_OVERLAP = 0.34  # a person's facts are few: phrases need only share a third
STORY_OVERLAP = 0.5  # the story's are many: half the words around the fewer, three at least
STORY_SHARED = 3
TOPIC_WORDS = 4


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
            a: person_numbers(docs_by_article[a], _sources(person, quotes, a, docs_by_article[a]))
            + _ages(person, a)
            for a in present
        }
        for fa, fb, a, b in _matches(facts, _jaccard, PERSON_OVERLAP, 1):
            values = {a: (fa.shown, fa.span), b: (fb.shown, fb.span)}
            found.append(_discrepancy(person.id, person.name, _topic(fa, fb), values))
        if person.kind == "person":
            found += _descriptor_discrepancies(person, present)
    found += _story_discrepancies(articles, docs, people, quotes)
    return tuple(found)


# --- a person's numbers ------------------------------------------------------------------------


def _sources(
    person: Person, quotes: Sequence[Quote], article: str, doc: Doc
) -> list[tuple[int, int]]:
    """Where an article states facts about the person: its descriptors of them, and the
    sentences of their own quotes that speak in the first person."""
    spans = [(d.start, d.end) for d in person.descriptors_in(article)]
    for q in quotes:
        if q.article != article or q.speaker_id != person.id or q.kind == "indirect":
            continue
        for sent in span_between(doc, q.start, q.end).sents:
            if any(t.lower_ in FIRST_PERSON_SINGULAR for t in sent):
                spans.append((max(q.start, sent.start_char), min(q.end, sent.end_char)))
    return spans


def _ages(person: Person, article: str) -> list[NumberFact]:
    return [
        NumberFact(float(d.text), d.text, "age", "age", (), Span(d.start, d.end, d.text))
        for d in person.descriptors_in(article)
        if d.kind == "age" and d.text.isdigit()
    ]


# --- the story's numbers -----------------------------------------------------------------------


def _story_discrepancies(articles, docs, people, quotes) -> list[Discrepancy]:
    docs_by_article = {a.id: d for a, d in zip(articles, docs, strict=True)}
    facts = {
        a.id: story_numbers(doc, _not_narrative(a, doc, people, quotes))
        for a, doc in zip(articles, docs, strict=True)
    }
    out = []
    for fa, fb, a, b in _matches(facts, _overlap, STORY_OVERLAP, STORY_SHARED):
        about = _named_near(people, a, docs_by_article[a], fa)
        about = about or _named_near(people, b, docs_by_article[b], fb)
        values = {a: (fa.shown, fa.span), b: (fb.shown, fb.span)}
        topic = " ".join(
            [
                fa.unit_text,
                *sorted(set(fa.context) & set(fb.context), key=fa.context.index)[:TOPIC_WORDS],
            ]
        )
        out.append(
            _discrepancy(
                about.id if about else None, about.name if about else "the story", topic, values
            )
        )
    return out


def _not_narrative(article: Article, doc: Doc, people, quotes) -> list[bool]:
    """Tokens whose numbers are not the reporter's statements about the story: quoted words,
    clutter, the dateline, and descriptors of people (compared as that person's facts)."""
    skip = [False] * len(doc)
    spans = [(q.start, q.end) for q in quotes if q.article == article.id and q.kind != "indirect"]
    spans += [(d.start, d.end) for d in article.dropped]
    spans += [(d.start, d.end) for p in people for d in p.descriptors_in(article.id)]
    if article.dateline is not None:
        spans.append((article.dateline.start, article.dateline.end))
    for start, end in spans:
        for token in span_between(doc, start, end):
            skip[token.i] = True
    return skip


def _named_near(
    people: Sequence[Person], article: str, doc: Doc, fact: NumberFact
) -> Person | None:
    """The person or organisation the fact's own sentence names first, if any."""
    sent = span_between(doc, fact.span.start, fact.span.end).sent
    named = [
        (m.start, p)
        for p in people
        for m in p.mentions
        if m.article == article and sent.start_char <= m.start < sent.end_char
    ]
    return min(named, key=lambda x: x[0])[1] if named else None


# --- matching ------------------------------------------------------------------------------------


def _content(context: tuple[str, ...]) -> set[str]:
    return {w for w in context if w not in CONTEXT_STOP}


def _jaccard(ca: set[str], cb: set[str]) -> float:
    return len(ca & cb) / len(ca | cb)


def _overlap(ca: set[str], cb: set[str]) -> float:
    return len(ca & cb) / min(len(ca), len(cb))


def _matches(facts: dict[str, list[NumberFact]], similarity, threshold: float, shared: int):
    """Pairs of facts from two articles with one unit and similar context whose values differ.
    Matching is one-to-one and best first, and a fact restated with the same value elsewhere is
    matched first: "34 percent" in both must not leave one free to pair with "80 percent"."""
    for a, b in combinations(sorted(facts), 2):
        scored = []
        for i, fa in enumerate(facts[a]):
            for j, fb in enumerate(facts[b]):
                ca, cb = _content(fa.context) or {fa.unit}, _content(fb.context) or {fb.unit}
                if fa.unit == fb.unit and len(ca & cb) >= shared:
                    score = similarity(ca, cb)
                    if score >= threshold:
                        scored.append((fa.value == fb.value, score, i, j))
        used_a: set[int] = set()
        used_b: set[int] = set()
        for same, _, i, j in sorted(scored, reverse=True):
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            if not same:
                yield facts[a][i], facts[b][j], a, b


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
        out.append(_discrepancy(person.id, person.name, "party", parties))
    roles = {a: r for a, ts in titles.items() if (r := _roles(t for t, _ in ts))}
    if len(roles) > 1 and any(not (r1 & r2) for r1, r2 in combinations(roles.values(), 2)):
        values = {a: (titles[a][0][0], titles[a][0][1]) if a in titles else None for a in present}
        out.append(_discrepancy(person.id, person.name, "title", values))
    return out


def _roles(titles) -> set[str]:
    words = (canonical_role(w) for t in titles for w in t.split())
    return {w for w in words if w in ROLE_NOUNS}


def _discrepancy(
    person_id: str | None, about: str, topic: str, values: dict[str, tuple[str, Span] | None]
) -> Discrepancy:
    return Discrepancy(
        id=content_id(person_id, about, topic, *sorted(values), length=12),
        person_id=person_id,
        about=about,
        topic=topic,
        values={a: (v[0] if v else None) for a, v in values.items()},
        spans={a: (v[1] if v else None) for a, v in values.items()},
    )
