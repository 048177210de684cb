"""What an article says a person is: the title before the name, an apposition, a relative
clause, a parenthetical party. Outlets describe the same person differently, and those
differences are findings (a party only one outlet mentions, "18 years" against "nearly 20")."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsparallax.analysis.lexicon import PARTIES
from newsparallax.analysis.nlp import full_text, source_text
from newsparallax.model import Descriptor

TITLE_POS = ("PROPN", "NOUN", "ADJ")
STOP_ENTS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "PERSON")
MAX_TITLE_TOKENS = 8
# "Sen. Joe Manchin, D-W.Va.,", "Kristi Noem (R)", "Susan Collins (R-ME)": read from the text,
# since the parser splits these tags in too many ways to follow.
PARTY_AFTER = re.compile(
    r"\s*(?:,\s*|\(\s*)([RDI](?:\s?[-–]\s?[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)?)\s*(?:\)|,)"
)
PARTY_TAG = re.compile(r"^\(?\s*([RDI])\s*(?:[-–]\s*([A-Z][A-Za-z.]{1,14}))?\s*\)?$")


def title_before(name: SpacySpan) -> SpacySpan | None:
    """`Fresno County Supervisor` in `Fresno County Supervisor Garry Bredefeld`: the run of
    nouns, names and adjectives (commas allowed, for `Lincoln, Nebraska, Mayor`) just before."""
    doc, start = name.doc, name.start
    sentence_start = name.sent.start
    while start > sentence_start and name.start - start < MAX_TITLE_TOKENS:
        token = doc[start - 1]
        if token.ent_type_ in STOP_ENTS or "\n" in token.whitespace_ or "\n" in token.text:
            break
        before = doc[start - 2] if start - 1 > sentence_start else None
        # "Lincoln, Nebraska, Mayor": commas between names; "Gov. Noem": an abbreviation's dot
        joins = before is not None and (
            (token.text == "," and before.pos_ == "PROPN")
            or (token.text == "." and before.pos_ in TITLE_POS and len(before) <= 4)
        )
        if token.pos_ in TITLE_POS or joins or token.is_space:  # a no-break space is a space
            start -= 1
            continue
        break
    while start < name.start and (doc[start].is_punct or doc[start].is_space):
        start += 1
    span = doc[start : name.start]
    while len(span) and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    if not len(span) or not any(t.pos_ in ("NOUN", "PROPN") for t in span):
        return None
    return span


def describe(article: str, name: SpacySpan, head: Token) -> list[Descriptor]:
    """Every descriptor attached to one mention of a person (`head` is the mention's head)."""
    found: list[Descriptor] = []
    title = title_before(name)
    if title is not None:
        party_words = [  # not a word of an organisation's name ("California Independent
            t  # System Operator spokeswoman Jo Park")
            for t in title
            if t.lower_ in PARTIES and t.pos_ in ("PROPN", "ADJ") and t.ent_type_ != "ORG"
        ]
        for token in party_words:
            found.append(_descriptor(article, "party", token.doc[token.i : token.i + 1]))
        rest = [t for t in title if t not in party_words]
        if rest:
            span = title.doc[rest[0].i : rest[-1].i + 1]
            while len(span) and span[0].is_punct:
                span = span[1:]
            if len(span):
                found.append(_descriptor(article, "title", span))
                found.extend(_descriptor(article, "place", place) for place in _places(span))
    tag = PARTY_AFTER.match(full_text(name.doc), name.end_char)
    if tag:
        found.append(Descriptor(article, "party", tag.group(1), tag.start(1), tag.end(1)))
    for child in head.children:
        if child.dep_ == "appos":
            span = _clean(child.doc[child.left_edge.i : child.right_edge.i + 1])
            if span is None:
                continue
            tag = PARTY_TAG.match(span.text)
            if tag:
                found.append(_descriptor(article, "party", span))
            elif len(span) == 1 and span[0].like_num:
                found.append(_descriptor(article, "age", span))  # "Jerry Dyer, 62, said"
            else:
                found.append(_descriptor(article, "role", span))
                found.extend(
                    _descriptor(article, "party", t.doc[t.i : t.i + 1])
                    for t in span
                    if t.lower_ in PARTIES and len(t) > 1 and t.pos_ in ("PROPN", "ADJ", "NOUN")
                )
        elif child.dep_ == "relcl":
            span = _clean(child.doc[child.left_edge.i : child.right_edge.i + 1], relative=True)
            if span is not None:
                found.append(_descriptor(article, "background", span))
    return found


def _places(title: SpacySpan) -> list[SpacySpan]:
    """The places a title names: `Fresno` in `Fresno Mayor`, `Nebraska` in `Lincoln, Nebraska,
    Mayor` (the parser's own GPE entities)."""
    places, start = [], None
    for token in [*title, None]:
        inside = token is not None and token.ent_type_ == "GPE"
        if inside and start is None:
            start = token.i
        elif not inside and start is not None:
            places.append(title.doc[start : token.i if token is not None else title.end])
            start = None
    return places


def party_of(text: str) -> str | None:
    """The party a descriptor names: `a Republican`, `Democratic`, `(R-ME)`."""
    tag = PARTY_TAG.match(text.strip())
    if tag:
        return PARTIES[tag.group(1).lower()]
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in PARTIES and len(word) > 1:
            return PARTIES[word.lower()]
    return None


def _clean(span: SpacySpan, relative: bool = False) -> SpacySpan | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].is_punct
        or (relative and doc[start].lower_ in ("who", "whom", "whose", "that", "which"))
    ):
        start += 1
    while start < end and relative and doc[start].text[:1] in "’'":
        start += 1  # "who’s seen as ...": the contracted verb goes with the pronoun
    while end > start and doc[end - 1].is_punct and doc[end - 1].text not in ")":
        end -= 1
    if doc[start:end].text.startswith("(") and not doc[start:end].text.endswith(")"):
        start += 1
    return doc[start:end] if end > start else None


def _descriptor(article: str, kind: str, span: SpacySpan) -> Descriptor:
    return Descriptor(article, kind, source_text(span), span.start_char, span.end_char)
