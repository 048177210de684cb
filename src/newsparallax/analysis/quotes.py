"""Quotes: what was said, the cue that reports it, and the phrase naming who said it.

Four sub-tasks, a module each: quoted spans come from the marks (`analysis.marks`); their kind
and cue from the sentence around them (`analysis.marked`); unquoted reported speech and unmarked
statement paragraphs from speech verbs and their clauses (`analysis.reported`); the cue words
and the source phrase of every quote from the parse (`analysis.cues`). Which *person* a mention
means is the next stage's job (`analysis.speakers`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from newsparallax.analysis.marked import marked_quotes, recounted_quotes
from newsparallax.analysis.marks import (
    HEADLINE_LABEL,
    Marked,
    find_marked,
    headline_end,
    paragraphs,
)
from newsparallax.analysis.reported import block_quotes, indirect_quotes, partial_hosts
from newsparallax.model import Article, Quote, Span, content_id

POSSESSIVE = re.compile(r"['’]s$")


def extract_quotes(article: Article, doc: Doc) -> tuple[Quote, ...]:
    """All quotes of one article in text order (direct, partial, block and indirect). Reported
    speech is not read from the headline, whose telegraphic grammar the parser gets wrong."""
    marked = [m for m in find_marked(article.text) if not article.is_dropped(m.start, m.end)]
    in_quote = _quoted_token_mask(doc, marked)
    paras = paragraphs(article.text)
    found = marked_quotes(article, doc, marked, in_quote, paras)
    scare = [q for q in found if q.cue_kind == "scare"]
    found = [q for q in found if q.cue_kind != "scare"]
    found += block_quotes(article, doc, in_quote, paras)
    partials = [(q.start, q.end) for q in found if q.kind == "partial"]
    taken = [(q.start, q.end) for q in found if q.kind != "partial"]
    found += indirect_quotes(article, doc, marked, in_quote, partials, taken)
    found += partial_hosts(article, doc, marked, found)
    found += recounted_quotes(article, doc, found)
    found = _outside_blocks(_once(found))
    body = headline_end(article.title, article.text, paras)
    kept = [q for q in found if q.start >= body or q.kind != "indirect"]
    kept += _headline_statement(article, doc, body, kept)
    return _statements_hold_their_words(sorted(kept, key=lambda q: (q.start, q.end)), scare)


def _headline_statement(article: Article, doc: Doc, body: int, found: list[Quote]) -> list[Quote]:
    """A headline that gives a name and a colon and then words some of which are quoted
    ("Ortiz: Fare Rise Would Be ‘A Tax On Riders’") states what the named one said, as "Ortiz
    said the fare rise would be ..." would: one statement, its quoted words inside it, the
    colon its cue. Not when the label names no one ("Exclusive: ...") or the quote is all the
    headline holds after it."""
    label = HEADLINE_LABEL.match(article.text, 0, body)
    if label is None:
        return []
    start, end = label.end(), len(article.text[:body].rstrip())
    inside = [q for q in found if start <= q.start and q.end <= end + 1]
    if not inside or any(q.kind != "partial" for q in inside):
        return []
    if not _names_someone(doc, label.group(1)):
        return []
    colon = article.text.index(":", label.end(1))
    return [
        Quote(
            id=content_id(article.sha, "indirect", start, end, length=12),
            article=article.id,
            kind="indirect",
            start=start,
            end=end,
            text=article.text[start:end],
            cue=Span(colon, colon + 1, ":"),
            mention=Span(label.start(1), label.end(1), label.group(1)),
            cue_kind="label",
        )
    ]


def _names_someone(doc: Doc, label: str) -> bool:
    """A headline's label is a person's or an organisation's name when the article tags it so
    anywhere ("Ortiz" of "Transit chief Elena Ortiz"; the headline alone is often untagged)."""
    last = label.split()[-1].lower()
    return any(
        ent.label_ in ("PERSON", "ORG") and POSSESSIVE.sub("", ent.text.split()[-1].lower()) == last
        for ent in doc.ents
    )


def _statements_hold_their_words(found: list[Quote], scare: list[Quote]) -> tuple[Quote, ...]:
    """A partial quote inside a statement ("she called the plan “a disaster”") is that
    statement's quoted words (`Quote.quoted`), not a second quote beside it: one statement is
    one item, and the same words are not counted twice. So are scare quotes inside one ("it
    calls on “revolutionaries” to ..."): the speaker's words, where outside any statement
    they would be no one's; but a name someone gives inside another's statement is the
    namer's ("Ruiz said ..., in what the council called a “stunt”"): not Ruiz's words."""
    statements = [q for q in found if q.kind == "indirect"]
    held: dict[str, list[Span]] = {}
    kept = []
    for quote in sorted(found + scare, key=lambda q: (q.start, q.end)):
        if quote.kind == "partial":
            host = next(
                (s for s in statements if s.start <= quote.start and quote.end <= s.end), None
            )
            namer = quote.cue if quote.cue_kind == "scare" else None
            if host is not None and (namer is None or host.cue == namer):
                held.setdefault(host.id, []).append(Span(quote.start, quote.end, quote.text))
                continue
        if quote.cue_kind != "scare":
            kept.append(quote)
    return tuple(replace(q, quoted=tuple(held[q.id])) if q.id in held else q for q in kept)


def _once(found: list[Quote]) -> list[Quote]:
    """One quote per id, the first reading kept. A quote's id is its article, kind and span, so
    two readings of the same words as the same kind (two partial quotes hosted by one clause, a
    clause read as speech and again as a belief) are one attribution, and ids stay unique
    within an article: the store keys quotes by them."""
    seen: set[str] = set()
    return [q for q in found if not (q.id in seen or seen.add(q.id))]


def _outside_blocks(found: list[Quote]) -> list[Quote]:
    """Reported speech whose cue lies inside a block quote is the statement's own ("staff will
    recommend lifting the limits"), not a second statement."""
    blocks = [q for q in found if q.kind == "block"]
    return [
        q
        for q in found
        if q.kind != "indirect"
        or q.cue is None
        or not any(b.start <= q.cue.start < b.end for b in blocks)
    ]


def _quoted_token_mask(doc: Doc, marked: list[Marked]) -> list[bool]:
    """For each token, whether it lies inside quotation marks (marks included)."""
    mask = [False] * len(doc)
    spans = [(m.open, m.after) for m in marked]
    k = 0
    for token in doc:
        while k < len(spans) and spans[k][1] <= token.idx:
            k += 1
        if k < len(spans) and spans[k][0] <= token.idx < spans[k][1]:
            mask[token.i] = True
    return mask
