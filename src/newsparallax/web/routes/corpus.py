"""The corpus, whatever wrote it (`compare`, `ingest`, `run`): one stored article with its
quotes, and one outlet's articles.

| route | what |
| --- | --- |
| GET /articles/{article} | one stored article, its quotes marked in its text (page) |
| GET /api/articles/{article} | the same as JSON |
| GET /outlets/{outlet} | an outlet's stored articles, newest first, a page at a time (page) |
| GET /api/outlets/{outlet} | the same as JSON |
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from newsparallax.report.highlight import Layer, highlight
from newsparallax.report.html_format import SPEAKER_COLOURS
from newsparallax.store.browse import outlet_articles, stored_article
from newsparallax.web.routes.comparisons import Page
from newsparallax.web.state import AppState, State, not_found
from newsparallax.web.views import html_page

router = APIRouter()


def article_data(state: State, article: str) -> dict[str, Any]:
    with state.connect() as conn:
        try:
            return stored_article(conn, article)
        except KeyError:
            raise not_found(f"article {article!r}") from None


def outlet_data(state: State, outlet: str, page: int) -> dict[str, Any]:
    with state.connect() as conn:
        try:
            return outlet_articles(conn, outlet, page)
        except KeyError:
            raise not_found(f"outlet {outlet!r}") from None


@router.get("/articles/{article}", response_class=HTMLResponse, summary="One article (page)")
def article_page(state: AppState, article: str) -> HTMLResponse:
    data = article_data(state, article)
    text = data["article"]["text"]
    # A colour per speaker, in order of first quote, as a story page paints them.
    speakers = list(dict.fromkeys(q["speaker"] for q in data["quotes"] if q["speaker"]))
    colour = {name: f"sp-{i % SPEAKER_COLOURS}" for i, name in enumerate(speakers)}
    layers = [
        Layer(
            q["start"],
            q["end"],
            "mark",
            classes=("q", f"q-{q['kind']}", colour.get(q["speaker"], "sp-none")),
            id=f"q-{n}",
        )
        for n, q in enumerate(data["quotes"])
        if 0 <= q["start"] < q["end"] <= len(text)
    ]
    legend = [{"name": name, "cls": cls} for name, cls in colour.items()]
    return html_page("article.html.j2", **data, body=highlight(text, layers), legend=legend)


@router.get("/api/articles/{article}", summary="One stored article with its quotes")
def article_api(state: AppState, article: str) -> dict[str, Any]:
    """The article as stored (text and metadata), its quotes with offsets into the text (a
    corpus run's analysis, else a saved comparison's: `quotes_from`), its story and the saved
    comparisons that hold it. `article` is the id or a unique prefix."""
    return article_data(state, article)


@router.get("/outlets/{outlet:path}", response_class=HTMLResponse, summary="One outlet (page)")
def outlet_page(state: AppState, outlet: str, page: Page = 1) -> HTMLResponse:
    return html_page("outlet.html.j2", **outlet_data(state, outlet, page))


@router.get("/api/outlets/{outlet:path}", summary="One outlet's stored articles")
def outlet_api(state: AppState, outlet: str, page: Page = 1) -> dict[str, Any]:
    """The outlet's articles, newest first, 100 a page (`page`, 1-based; `pages`, `total`), each
    with its story and its quotes counted when a corpus run analysed it."""
    return outlet_data(state, outlet, page)
