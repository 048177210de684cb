"""The whole comparison, stage by stage: parse → quotes → speakers → people → align, facts,
coverage, framing, the claim map. Each stage is a plain function over records; this module only
wires them together, so the CLI, the web app and a batch executor all run exactly the same
analysis. The claim map's sentence-vector model, like spaCy, is loaded once per process."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from newsparallax.analysis.align import align_quotes
from newsparallax.analysis.claims import claim_map
from newsparallax.analysis.coverage import voices_by_article
from newsparallax.analysis.embeddings import load_encoder
from newsparallax.analysis.facts import find_discrepancies
from newsparallax.analysis.framing import cue_frames
from newsparallax.analysis.nlp import parse_articles
from newsparallax.analysis.people import build_people
from newsparallax.analysis.quotes import extract_quotes
from newsparallax.analysis.speakers import LocalPerson, resolve_speakers
from newsparallax.model import Article, Comparison, Quote


def analyse(article: Article, doc: Doc) -> tuple[tuple[Quote, ...], tuple[LocalPerson, ...]]:
    """One article on its own: its quotes with speakers resolved, and its people."""
    return resolve_speakers(article, doc, extract_quotes(article, doc))


def compare(articles: Sequence[Article], nlp: Language) -> Comparison:
    """Compare reports of one event. Articles with identical text are one report: keep one."""
    articles = list(_distinct(articles))
    docs = list(parse_articles(nlp, articles))
    return compare_parsed(articles, docs)


def compare_parsed(articles: Sequence[Article], docs: Sequence[Doc]) -> Comparison:
    quotes: list[Quote] = []
    local_people: list[LocalPerson] = []
    for article, doc in zip(articles, docs, strict=True):
        found, people = analyse(article, doc)
        quotes.extend(found)
        local_people.extend(people)
    people, linked = build_people(local_people, tuple(quotes))
    return Comparison(
        articles=tuple(articles),
        quotes=linked,
        people=people,
        alignments=align_quotes(linked),
        discrepancies=find_discrepancies(articles, docs, people, linked),
        coverage=voices_by_article(articles, linked, people),
        claims=claim_map(articles, docs, load_encoder()),
        framing=cue_frames(linked, {a.id: d for a, d in zip(articles, docs, strict=True)}),
    )


def _distinct(articles: Sequence[Article]) -> Iterator[Article]:
    seen: set[str] = set()
    for article in articles:
        if article.sha not in seen:
            seen.add(article.sha)
            yield article
