"""Numbers stated as facts: a value, its unit, and the words that say what it counts.

Two readings of one article. About a person: what the article says of them and their own
first-person words ("nearly 20 years as Fresno's police chief"; "the last 18 as a police chief",
where the unit is carried over from "40 years" before it). About the story: numbers in the
reporter's own sentences ("budgeted $4.2 million to replace the Eastside main"), with the
content words around them as context. Years, dates, times, ordinals and numbers that are part
of a name ("Stage 3", "Route 66") are not facts to compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsparallax.analysis.lexicon import CURRENCIES, SCALES, WORD_NUMBERS
from newsparallax.analysis.nlp import source_text, span_between
from newsparallax.model import Span

PHRASE_TOKENS = 8  # how far after a person's number its phrase may run
WINDOW = 7  # content words either side of a story number
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")


@dataclass(frozen=True)
class NumberFact:
    value: float
    shown: str  # as written, with its qualifier: "nearly 20", "$4.2 million"
    unit: str  # lemma, for matching: "year"
    unit_text: str  # as written, for reading: "years"
    context: tuple[str, ...]  # the words that say what is counted, lower case
    span: Span


# --- about a person -----------------------------------------------------------------------------


def person_numbers(doc: Doc, spans: list[tuple[int, int]]) -> list[NumberFact]:
    """Numbers in the given stretches (descriptors, first-person quotes), phrase-bound."""
    facts: list[NumberFact] = []
    for start, end in spans:
        previous_unit: tuple[str, str] | None = None
        for token in span_between(doc, start, end):
            value = number_value(token)
            if value is None:
                continue
            unit = _unit(token) or previous_unit
            if unit is None:
                continue
            previous_unit = unit
            anchor = token.head if _counts_a_noun(token) else token
            context = []
            for word in doc[anchor.i + 1 : anchor.i + 1 + PHRASE_TOKENS]:
                if word.is_punct or word.idx >= end or word.like_num:
                    break
                context.append(word.lower_)
            facts.append(_fact(token, anchor, value, unit, tuple(context)))
    return facts


# --- about the story ----------------------------------------------------------------------------


def story_numbers(doc: Doc, skip: list[bool]) -> list[NumberFact]:
    """Numbers in the reporter's own sentences (`skip` marks quoted words and clutter)."""
    facts: list[NumberFact] = []
    for token in doc:
        if skip[token.i]:
            continue
        money = _money(token)
        if money is not None:
            value, unit, ent = money
            anchor = doc[ent.end - 1]
            facts.append(_fact(token, anchor, value, (unit, unit), _window(doc, ent, skip), ent))
            continue
        value = number_value(token)
        unit = _unit(token) if value is not None else None
        if unit is None or token.ent_type_ == "MONEY":
            continue
        anchor = token.head
        phrase = doc[min(token.i, anchor.i) : max(token.i, anchor.i) + 1]
        facts.append(_fact(token, anchor, value, unit, _window(doc, phrase, skip)))
    return facts


def _money(token: Token) -> tuple[float, str, SpacySpan] | None:
    """`$4.2 million` → (4200000.0, "dollars", the entity), read from its first token."""
    if token.ent_type_ != "MONEY" or token.ent_iob_ != "B":
        return None
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
        end += 1
    ent = token.doc[token.i : end]
    unit = next((CURRENCIES[t.text] for t in ent if t.text in CURRENCIES), None)
    unit = unit or next(
        (t.lemma_.lower() + "s" for t in ent if t.lemma_.lower() in ("dollar", "euro", "pound")),
        None,
    )
    amounts = [t for t in ent if re.fullmatch(r"\d[\d,]*(\.\d+)?", t.text)]
    if unit is None or len(amounts) != 1:
        return None
    value = float(amounts[0].text.replace(",", ""))
    value *= next((SCALES[t.lower_] for t in ent if t.lower_ in SCALES), 1.0)
    return value, unit, ent


def _window(doc: Doc, phrase: SpacySpan, skip: list[bool]) -> tuple[str, ...]:
    """Content words of the same sentence near the number, in order."""
    sent = phrase.sent
    before = [t for t in doc[sent.start : phrase.start] if _content(t, skip)][-WINDOW:]
    after = [t for t in doc[phrase.end : sent.end] if _content(t, skip)][:WINDOW]
    return tuple(t.lemma_.lower() for t in before + after)


def _content(token: Token, skip: list[bool]) -> bool:
    return (
        token.pos_ in CONTENT_POS
        and not token.is_stop
        and not token.like_num
        and not skip[token.i]
        and token.ent_type_ not in ("DATE", "TIME", "MONEY", "CARDINAL")
    )


# --- shared ---------------------------------------------------------------------------------


def number_value(token: Token) -> float | None:
    """The number a token states, or None for years, ordinals, times and non-numbers."""
    if token.ent_type_ in ("ORDINAL", "TIME") or (token.pos_ != "NUM" and not token.like_num):
        return None
    text = token.lower_.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        value = float(text)
        is_year = token.ent_type_ == "DATE" and len(text) == 4 and 1900 <= value <= 2100
        return None if is_year else value
    return float(WORD_NUMBERS[text]) if text in WORD_NUMBERS else None


def _counts_a_noun(token: Token) -> bool:
    head = token.head
    return token.dep_ == "nummod" and head.pos_ == "NOUN" and head.text[:1].islower()


def _unit(token: Token) -> tuple[str, str] | None:
    """The noun a number counts ("20 years" → year), or percent; None for "Stage 3"."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.text == "%":
        return ("percent", "percent")
    if _counts_a_noun(token):
        return (token.head.lemma_.lower(), token.head.lower_)
    return None


def _fact(
    number: Token,
    anchor: Token,
    value: float,
    unit: tuple[str, str],
    context: tuple[str, ...],
    shown: SpacySpan | None = None,
) -> NumberFact:
    doc = number.doc
    if shown is None:
        qualifiers = [
            c.i for c in number.children if c.dep_ in ("advmod", "quantmod") and c.i < number.i
        ]
        shown = doc[min([number.i, *qualifiers]) : number.i + 1]
    start = shown.start
    while (
        start > 0 and doc[start - 1].dep_ in ("det", "amod") and doc[start - 1].head.i == number.i
    ):
        start -= 1
    phrase = doc[start : max(anchor.i, shown.end - 1) + 1]
    return NumberFact(
        value=value,
        shown=source_text(shown),
        unit=unit[0],
        unit_text=unit[1],
        context=context,
        span=Span(phrase.start_char, phrase.end_char, source_text(phrase)),
    )
