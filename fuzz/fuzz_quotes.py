"""Fuzz quote extraction: text through the real English pipeline, then quotes and speakers
(`pipeline.analyse`), checking that every quote, cue and mention points at its own text.

Why the real model and not a blank pipeline: every rule in quotes.py and speakers.py reads
the parse (part-of-speech tags, dependencies, sentence starts, named entities). On a blank
pipeline none of that exists, no cue or subject is ever found, and the fuzzer would only
exercise the quotation-mark scanner. The price is speed, paid by keeping inputs short
(MAX_CHARS): a short text parses in milliseconds, which still gives tens of thousands of runs
in a few minutes. Bytes are decoded as UTF-8 with invalid bytes kept as lone surrogates, so any
input is a text and the text includes what JSON can smuggle in.

    python fuzz/fuzz_quotes.py -max_total_time=60 -dict=fuzz/dicts/quotes.dict \
        CORPUS_DIR fuzz/seeds/quotes
"""

from __future__ import annotations

import sys

import atheris
import spacy  # noqa: F401  (imported before instrumenting: only our own code is traced)

with atheris.instrument_imports(include=["newsparallax"]):
    from newsparallax.analysis.nlp import load_nlp, parse_articles
    from newsparallax.pipeline import analyse
    from newsparallax.reading.text import article_from_text

MAX_CHARS = 2000
NLP = load_nlp()


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape")[:MAX_CHARS]
    article = article_from_text(text, "fuzz")
    (doc,) = parse_articles(NLP, [article])
    quotes, people = analyse(article, doc)
    for quote in quotes:
        assert 0 <= quote.start < quote.end <= len(text), quote
        assert text[quote.start : quote.end] == quote.text, quote
        for span in (quote.cue, quote.mention):
            assert span is None or text[span.start : span.end] == span.text, quote
    for person in people:
        for mention in person.mentions:
            assert text[mention.start : mention.end] == mention.text, mention


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
