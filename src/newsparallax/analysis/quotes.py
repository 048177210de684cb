"""Quotes: what was said, the cue that reports it, and the phrase naming who said it.

Four sub-tasks, a module each: quoted spans come from the marks (`analysis.marks`); their kind
and cue from the sentence around them (`analysis.marked`); unquoted reported speech and unmarked
statement paragraphs from speech verbs and their clauses (`analysis.reported`); the cue words
and the source phrase of every quote from the parse (`analysis.cues`). Which *person* a mention
means is the next stage's job (`analysis.speakers`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsparallax.analysis.marked import marked_quotes
from newsparallax.analysis.marks import Marked, find_marked, paragraphs
from newsparallax.analysis.reported import block_quotes, indirect_quotes, partial_hosts
from newsparallax.model import Article, Quote


def extract_quotes(article: Article, doc: Doc) -> tuple[Quote, ...]:
    """All quotes of one article in text order (direct, partial, block and indirect). Reported
    speech is not read from the headline, whose telegraphic grammar the parser gets wrong."""
    marked = [m for m in find_marked(article.text) if not article.is_dropped(m.start, m.end)]
    in_quote = _quoted_token_mask(doc, marked)
    paras = paragraphs(article.text)
    found = marked_quotes(article, doc, marked, in_quote, paras)
    found += block_quotes(article, doc, in_quote, paras)
    partials = [(q.start, q.end) for q in found if q.kind == "partial"]
    taken = [(q.start, q.end) for q in found if q.kind != "partial"]
    found += indirect_quotes(article, doc, marked, in_quote, partials, taken)
    found += partial_hosts(article, doc, marked, found)
    found = _outside_blocks(_once(found))
    body = _headline_end(article, paras)
    kept = (q for q in found if q.start >= body or q.kind != "indirect")
    return tuple(sorted(kept, key=lambda q: (q.start, q.end)))


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


def _headline_end(article: Article, paras: list[tuple[int, int]]) -> int:
    if article.title and paras and article.text[slice(*paras[0])].strip() == article.title:
        return paras[0][1]
    return 0


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
