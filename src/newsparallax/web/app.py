"""The FastAPI application: server-rendered pages, their JSON twins and CSV tables.

The route table is one router per resource, each a module of `web.routes` that lists its routes
in its docstring: `static` (styles, script, /api-docs, /), `stories` (the stories `newsparallax
stories` grouped, each compared on its first view), `comparisons` (the saved comparisons, one
article's source text, search hits), `corpus` (one stored article, one outlet), `people` (one
person across the corpus) and `paste`. Every page has a JSON route under `/api` that returns the
same data (documented in the OpenAPI schema at `/openapi.json` and `/api-docs`), and every table
on a page is a CSV file. A route is a few lines: the data comes from the store (`store/`) or the
app's state (`web.state`, where the comparing is done), the markup from `web/templates`.

Read-only by default: the store is opened with SQLite's `mode=ro`; a story compared on its first
view is kept in memory, and the paste form shows its comparison without storing it. With
`writable=True` both are saved (as `newsparallax compare` would save them).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from newsparallax.web.paste import MAX_BODY
from newsparallax.web.routes import comparisons, corpus, paste, people, static, stories
from newsparallax.web.security import Guard
from newsparallax.web.state import State
from newsparallax.web.views import html_page

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
ROUTERS = (
    static.router,
    stories.router,
    comparisons.router,
    corpus.router,
    people.router,
    paste.router,
)


@lru_cache(maxsize=1)
def _default_nlp() -> Any:
    from newsparallax.analysis.nlp import load_nlp

    return load_nlp()


def create_app(
    db: str | Path,
    *,
    writable: bool = False,
    nlp: Callable[[], Any] | None = None,
    hosts: frozenset[str] | None = None,
) -> FastAPI:
    """The app over the store at `db`. `nlp` returns the spaCy pipeline for the paste form
    (loaded on first use by default); `hosts` limits the Host header (DNS-rebinding defence;
    `serve` passes the loopback names when bound to loopback). Raises StoreError for a file
    that is not a store."""
    app = FastAPI(
        title="newsparallax",
        summary="One story's coverage, side by side: quotes, voices and facts across outlets.",
        version="1",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: /api-docs instead
        redoc_url=None,
    )
    app.state.np = State(Path(db), writable, nlp or _default_nlp)
    app.add_middleware(Guard, max_body=MAX_BODY, hosts=hosts)
    app.add_exception_handler(HTTPException, _error)  # type: ignore[arg-type]
    for router in ROUTERS:
        app.include_router(router)
    return app


async def _error(request: Request, exc: HTTPException) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    return html_page("error.html.j2", exc.status_code, code=exc.status_code, detail=exc.detail)
