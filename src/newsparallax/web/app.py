"""The FastAPI application: server-rendered pages, their JSON twins and CSV tables.

Every page has a JSON route under `/api` that returns the same data (documented in the OpenAPI
schema at `/openapi.json` and `/docs`), and every table on a page is a CSV file under the same
path. Views are a few lines each: the data comes from `web.queries`, the markup from
`web/templates`.

Read-only by default: the store is opened with SQLite's `mode=ro`, and the paste form analyses
the pasted articles and shows the comparison without storing it. With `writable=True` the
comparison is saved (as `newsparallax compare` would) and the browser is sent to its story page.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from newsparallax.model import Comparison, content_id
from newsparallax.report.html_format import report_css, report_js
from newsparallax.report.json_format import to_dict
from newsparallax.web import queries
from newsparallax.web.paste import MAX_BODY, MAX_CHARS, MAX_TEXTS, PasteError, compare_pasted
from newsparallax.web.search import SearchIndex
from newsparallax.web.security import Csrf, Guard, same_origin
from newsparallax.web.views import env, source_body, story_context, to_csv

CACHED = 8  # comparisons made on demand that a read-only server keeps in memory
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
_STATIC = Path(__file__).parent / "static"


@lru_cache(maxsize=1)
def _default_nlp() -> Any:
    from newsparallax.analysis.nlp import load_nlp

    return load_nlp()


class State:
    """Per-app state: the store path and mode, the search index, the CSRF secret."""

    def __init__(self, db: Path, writable: bool, nlp: Callable[[], Any]):
        self.db = db
        self.writable = writable
        self.nlp = nlp
        self.csrf = Csrf()
        self.index = SearchIndex()
        self.write_lock = threading.Lock()
        self.cache: OrderedDict[str, Comparison] = OrderedDict()  # compared, not stored
        with self.connect() as conn:
            self.index.rebuild(conn)

    def remember(self, comparison: Comparison) -> None:
        """Keep a comparison the read-only server could not store, for its page's links."""
        with self.write_lock:
            self.cache[comparison.id] = comparison
            self.cache.move_to_end(comparison.id)
            while len(self.cache) > CACHED:
                self.cache.popitem(last=False)

    def load(self, ref: str) -> tuple[Comparison, bool]:
        """A story's comparison and whether it is stored (else it is one compared on demand)."""
        with self.connect() as conn:
            try:
                return queries.load_story(conn, ref), True
            except KeyError:
                pass
        with self.write_lock:
            found = [c for cid, c in self.cache.items() if cid.startswith(ref) and ref]
        if len(found) != 1:
            raise _not_found(f"story {ref!r}")
        return found[0], False

    def save(self, comparison: Comparison) -> None:
        from newsparallax.store import save_comparison

        with self.write_lock, self.connect() as conn:
            save_comparison(conn, comparison)
            self.index.rebuild(conn)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """One connection per request: SQLite connections are cheap, threads never share one."""
        conn = queries.connect(self.db, writable=self.writable)
        try:
            yield conn
        finally:
            conn.close()


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
    state = State(Path(db), writable, nlp or _default_nlp)
    app = FastAPI(
        title="newsparallax",
        summary="One story's coverage, side by side: quotes, voices and facts across outlets.",
        version="1",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: /api-docs instead
        redoc_url=None,
    )
    app.state.np = state
    app.add_middleware(Guard, max_body=MAX_BODY, hosts=hosts)
    _static_routes(app)
    _story_routes(app, state)
    _person_routes(app, state)
    _paste_routes(app, state)
    return app


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(env.get_template(name).render(**context), status_code=status)


def _csv(rows: list[dict[str, Any]], name: str) -> Response:
    return Response(
        to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


def _not_found(what: str) -> HTTPException:
    return HTTPException(404, f"no {what} in this store")


def _static_routes(app: FastAPI) -> None:
    css, js = report_css(), report_js()
    web_css = (_STATIC / "web.css").read_text(encoding="utf-8")

    @app.get("/static/report.css", include_in_schema=False)
    def _report_css() -> Response:
        return Response(css, media_type="text/css; charset=utf-8")

    @app.get("/static/report.js", include_in_schema=False)
    def _report_js() -> Response:
        return Response(js, media_type="text/javascript; charset=utf-8")

    @app.get("/static/web.css", include_in_schema=False)
    def _web_css() -> Response:
        return Response(web_css, media_type="text/css; charset=utf-8")

    @app.get("/api-docs", response_class=HTMLResponse, include_in_schema=False)
    def _api_docs() -> HTMLResponse:
        """The OpenAPI schema as a plain page: every route, its parameters and what it does."""
        return _page("api.html.j2", schema=app.openapi())

    @app.get("/favicon.ico", include_in_schema=False)
    def _favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def _home() -> RedirectResponse:
        return RedirectResponse("/stories", status_code=303)

    @app.exception_handler(HTTPException)
    async def _error(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return _page("error.html.j2", exc.status_code, code=exc.status_code, detail=exc.detail)


# ---------------------------------------------------------------------------------------------
# Stories: the list with search and filters, one story, one article's source text
# ---------------------------------------------------------------------------------------------

Text = Annotated[str | None, Query(max_length=200)]
Offset = Annotated[int | None, Query(ge=0)]


PER_PAGE = 50  # stories on a page unless `per_page` says otherwise
MAX_PER_PAGE = 500
Page = Annotated[int, Query(ge=1, le=1_000_000, description="Which page (1-based).")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Stories per page.")]
GroupsPerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Groups per page.")]
GROUPS_PER_PAGE = 20  # grouped stories under the stories list


@dataclass(frozen=True)
class StoryFilters:
    """The stories list's search and filters, as the page, the JSON API and the CSV take them."""

    q: str | None = None
    outlet: str | None = None
    speaker: str | None = None
    since: str | None = None
    until: str | None = None

    @property
    def query(self) -> dict[str, str | None]:
        """As the URL spells them (for links)."""
        return {
            "q": self.q,
            "outlet": self.outlet,
            "speaker": self.speaker,
            "from": self.since,
            "to": self.until,
        }

    @property
    def columns(self) -> dict[str, str | None]:
        """As `queries.list_stories` and `count_stories` take them."""
        return {
            "outlet": self.outlet,
            "speaker": self.speaker,
            "date_from": self.since,
            "date_to": self.until,
        }

    def search(self, state: State, conn: sqlite3.Connection) -> tuple[Any, set[str] | None]:
        """The search hits, and the stories they fall in (None: no search, every story)."""
        if not self.q:
            return None, None
        hits = state.index.search(conn, self.q)
        return hits, {h["story"] for h in hits["articles"]} | {h["story"] for h in hits["quotes"]}


def story_filters(
    q: Text = None,
    outlet: Text = None,
    speaker: Text = None,
    since: Annotated[str | None, Query(alias="from", max_length=32)] = None,
    until: Annotated[str | None, Query(alias="to", max_length=32)] = None,
) -> StoryFilters:
    return StoryFilters(q, outlet, speaker, since, until)


Filters = Annotated[StoryFilters, Depends(story_filters)]


def _stories_data(
    state: State,
    filters: StoryFilters,
    page: int = 1,
    per_page: int = PER_PAGE,
    groups_page: int = 1,
) -> dict[str, Any]:
    """One page of the stories list, with the total over every page, and one page of the
    grouped stories. A page past the last is empty (not a 404), with the same total, so a
    client can tell it went too far."""
    with state.connect() as conn:
        hits, only = filters.search(state, conn)
        total = queries.count_stories(conn, **filters.columns, only=only)
        stories = queries.list_stories(
            conn, **filters.columns, only=only, limit=per_page, offset=(page - 1) * per_page
        )
        choices = queries.filter_choices(conn)
        groups_total = queries.count_grouped_stories(conn)
        groups = queries.grouped_stories(
            conn, limit=GROUPS_PER_PAGE, offset=(groups_page - 1) * GROUPS_PER_PAGE
        )
    return {
        "groups": groups,
        "groups_total": groups_total,
        "groups_page": groups_page,
        "groups_pages": max(1, -(-groups_total // GROUPS_PER_PAGE)),
        "query": filters.query,
        "stories": stories,
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "search": hits,
        "choices": choices,
    }


def _page_link(query: dict[str, str | None], page: int, per_page: int, groups_page: int = 1) -> str:
    """The stories page `page` with the same search and filters (empty ones left out)."""
    params = {k: v for k, v in query.items() if v}
    if per_page != PER_PAGE:
        params["per_page"] = str(per_page)
    params["page"] = str(page)
    if groups_page != 1:
        params["groups_page"] = str(groups_page)
    return "/stories?" + urlencode(params)


def _story_routes(app: FastAPI, state: State) -> None:
    @app.get("/stories", response_class=HTMLResponse, summary="Stories (page)")
    def stories_page(
        filters: Filters, page: Page = 1, per_page: PerPage = PER_PAGE, groups_page: Page = 1
    ) -> HTMLResponse:
        data = _stories_data(state, filters, page, per_page, groups_page)
        query = data["query"]
        kept = urlencode({k: v for k, v in query.items() if v})  # the CSV: every page

        def groups_link(n: int) -> str:
            return _page_link(query, page, per_page, n) + "#groups"

        links = {
            "prev": _page_link(query, page - 1, per_page, groups_page) if page > 1 else None,
            "next": _page_link(query, page + 1, per_page, groups_page)
            if page < data["pages"]
            else None,
            "csv": "/api/stories.csv" + (f"?{kept}" if kept else ""),
            "groups_prev": groups_link(groups_page - 1) if groups_page > 1 else None,
            "groups_next": groups_link(groups_page + 1)
            if groups_page < data["groups_pages"]
            else None,
        }
        return _page("stories.html.j2", **data, links=links, writable=state.writable)

    @app.get("/api/stories", summary="Stories, searched and filtered, a page at a time")
    def stories_api(
        filters: Filters, page: Page = 1, per_page: PerPage = PER_PAGE
    ) -> dict[str, Any]:
        """Stored comparisons (a story is a comparison), newest first. `q` searches article
        and quote text (SQLite FTS5, every word must occur); `outlet`, `speaker` (substring),
        `from` and `to` (ISO date prefixes) filter. Paged: `page` (1-based) and `per_page`
        (default 50, at most 500); `total` counts every match and `pages` the pages. A page
        past the last is empty, with the same `total`."""
        return _stories_data(state, filters, page, per_page)

    @app.get("/api/stories.csv", summary="Stories as CSV (every match, streamed)")
    def stories_csv(filters: Filters) -> Response:
        """Every matching story, not one page: streamed in chunks of 500 read by SQL
        LIMIT/OFFSET, so neither the server nor the database holds the whole list."""
        with state.connect() as conn:
            _, only = filters.search(state, conn)

        def chunks() -> Iterator[str]:
            offset, columns = 0, None
            while True:
                with state.connect() as conn:
                    rows = queries.list_stories(
                        conn, **filters.columns, only=only, limit=MAX_PER_PAGE, offset=offset
                    )
                if not rows:
                    if columns is None:
                        yield to_csv([])
                    return
                flat = [
                    {k: "; ".join(v) if isinstance(v, list) else v for k, v in r.items()}
                    for r in rows
                ]
                text = to_csv(flat, columns or list(flat[0]))
                # The header comes once, with the first chunk.
                yield text if columns is None else text.split("\n", 1)[1]
                columns = columns or list(flat[0])
                offset += MAX_PER_PAGE

        return StreamingResponse(
            chunks(),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="stories.csv"'},
        )

    @app.get("/api/search/{table}.csv", summary="Search hits (articles or quotes) as CSV")
    def search_csv(table: str, q: Annotated[str, Query(max_length=200)]) -> Response:
        if table not in ("articles", "quotes"):
            raise _not_found(f"table {table!r}")
        with state.connect() as conn:
            return _csv(state.index.search(conn, q)[table], f"search-{table}")

    def load(ref: str) -> Comparison:
        return state.load(ref)[0]

    @app.get("/stories/{story}", response_class=HTMLResponse, summary="One story (page)")
    def story_page(story: str) -> HTMLResponse:
        c, stored = state.load(story)
        return _page("story.html.j2", **story_context(c), stored=stored)

    def compare_group(story: str) -> Comparison:
        """A grouped story's comparison: from the store when compared before; else compared
        now, and then stored (writable) or kept in memory (read-only)."""
        with state.connect() as conn:
            try:
                articles = queries.grouped_story_articles(conn, story)
            except KeyError:
                raise _not_found(f"grouped story {story!r}") from None
        cid = content_id(*sorted({a.sha for a in articles}))
        try:
            return state.load(cid)[0]
        except HTTPException:
            pass
        from newsparallax.pipeline import compare

        comparison = compare(articles, state.nlp())
        if state.writable:
            state.save(comparison)
        else:
            state.remember(comparison)
        return comparison

    @app.get("/groups/{story}", summary="A grouped story, compared on demand (page)")
    def group_page(story: str) -> RedirectResponse:
        """Redirects to the story page of the group's comparison (comparing first if needed:
        a few seconds for a handful of articles)."""
        return RedirectResponse(f"/stories/{compare_group(story).id}", status_code=303)

    @app.get("/api/groups", summary="Grouped stories (newsparallax stories), a page at a time")
    def groups_api(
        response: Response, page: Page = 1, per_page: GroupsPerPage = MAX_PER_PAGE
    ) -> list[dict[str, Any]]:
        """Stories grouped by `newsparallax stories`, largest first, with their comparison's id
        and whether it is stored yet. Paged: `page` (1-based) and `per_page` (default and at
        most 500); the `X-Total-Count` header counts every grouped story."""
        with state.connect() as conn:
            response.headers["X-Total-Count"] = str(queries.count_grouped_stories(conn))
            return queries.grouped_stories(conn, limit=per_page, offset=(page - 1) * per_page)

    @app.get("/api/groups/{story}", summary="A grouped story, compared on demand")
    def group_api(story: str) -> dict[str, Any]:
        c = compare_group(story)
        return {
            "comparison": to_dict(c),
            "tables": queries.story_tables(c),
            "charts": queries.story_charts(c),
        }

    @app.get("/api/stories/{story}", summary="One story")
    def story_api(story: str) -> dict[str, Any]:
        """The whole comparison in the `newsparallax/1` JSON format, plus the page's tables
        (`tables`: the rows of each CSV) and the numbers behind its pictures (`charts`)."""
        c = load(story)
        return {
            "comparison": to_dict(c),
            "tables": queries.story_tables(c),
            "charts": queries.story_charts(c),
        }

    @app.get("/api/stories/{story}/{table}.csv", summary="One table of a story as CSV")
    def story_csv(story: str, table: str) -> Response:
        """`table` is one of articles, quotes, alignments, matrix (speaker × article: quotes
        and words), exclusive (voices only one article has), discrepancies."""
        tables = queries.story_tables(load(story))
        if table not in tables:
            raise _not_found(f"table {table!r}")
        return _csv(tables[table], f"{story[:12]}-{table}")

    def source(story: str, article: str, start: int | None, end: int | None) -> dict[str, Any]:
        c = load(story)
        found = next((a for a in c.articles if a.id == article), None)
        if found is None:
            raise _not_found(f"article {article!r} in story {story!r}")
        if start is not None and end is not None and not 0 <= start < end <= len(found.text):
            start = end = None
        return {"c": c, "a": found, "start": start, "end": end}

    @app.get(
        "/stories/{story}/articles/{article}",
        response_class=HTMLResponse,
        summary="One article's source text, a range marked (page)",
    )
    def source_page(story: str, article: str, start: Offset = None, end: Offset = None):
        data = source(story, article, start, end)
        body = source_body(data["a"].text, data["start"], data["end"])
        return _page("source.html.j2", **data, body=body)

    @app.get("/api/stories/{story}/articles/{article}", summary="One article's source text")
    def source_api(story: str, article: str, start: Offset = None, end: Offset = None):
        """The article as read, and the marked range (`span`) when `start`/`end` are valid."""
        data = source(story, article, start, end)
        a, s, e = data["a"], data["start"], data["end"]
        span = None if s is None else {"start": s, "end": e, "text": a.text[s:e]}
        article = next(x for x in to_dict(data["c"])["articles"] if x["id"] == a.id)
        return {"story": data["c"].id, "article": {**article, "text": a.text}, "span": span}


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


def _person_routes(app: FastAPI, state: State) -> None:
    def load(person: str) -> dict[str, Any]:
        with state.connect() as conn:
            try:
                return queries.person_page(conn, person)
            except KeyError:
                raise _not_found(f"person {person!r}") from None

    @app.get("/people/{person}", response_class=HTMLResponse, summary="One person (page)")
    def person_page(person: str) -> HTMLResponse:
        return _page("person.html.j2", p=load(person))

    @app.get("/api/people/{person}", summary="One person")
    def person_api(person: str) -> dict[str, Any]:
        """Every quote of the person in every story, grouped by outlet, with the descriptors
        each outlet gives them; offsets index the article text."""
        return load(person)

    @app.get("/api/people/{person}/{table}.csv", summary="A person's quotes or descriptors")
    def person_csv(person: str, table: str) -> Response:
        if table not in ("quotes", "descriptors"):
            raise _not_found(f"table {table!r}")
        return _csv(queries.person_rows(load(person), table), f"{person}-{table}")


# ---------------------------------------------------------------------------------------------
# Paste two or more articles
# ---------------------------------------------------------------------------------------------


def _paste_routes(app: FastAPI, state: State) -> None:
    def form_info() -> dict[str, Any]:
        return {
            "csrf_token": state.csrf.token("paste"),
            "writable": state.writable,
            "max_texts": MAX_TEXTS,
            "max_chars": MAX_CHARS,
        }

    @app.get("/paste", response_class=HTMLResponse, summary="Paste articles (page)")
    def paste_page() -> HTMLResponse:
        return _page("paste.html.j2", **form_info(), texts=[""] * 4, error=None)

    @app.get("/api/paste", summary="What the paste form needs")
    def paste_info() -> dict[str, Any]:
        """The CSRF token to send back as `csrf_token`, the limits, and whether results are
        stored (`writable`)."""
        return form_info()

    async def run(request: Request) -> tuple[Comparison | None, list[str], str | None]:
        if not same_origin(request):
            raise HTTPException(403, "cross-site form submission refused")
        form = await request.form(max_files=0, max_fields=MAX_TEXTS + 4, max_part_size=MAX_BODY)
        token = form.get("csrf_token")
        if not state.csrf.valid("paste", token if isinstance(token, str) else None):
            raise HTTPException(403, "missing or invalid CSRF token; reload the form")
        texts = [t for t in form.getlist("text") if isinstance(t, str)]
        try:
            comparison = compare_pasted(texts, state.nlp)
        except PasteError as exc:
            return None, texts, str(exc)
        if state.writable:
            state.save(comparison)
        else:
            state.remember(comparison)
        return comparison, texts, None

    @app.post("/paste", response_class=HTMLResponse, summary="Compare pasted articles (page)")
    async def paste_submit(request: Request) -> Response:
        comparison, texts, error = await run(request)
        if comparison is None:
            texts = texts + [""] * max(0, 2 - len(texts))
            return _page("paste.html.j2", 422, **form_info(), texts=texts, error=error)
        if state.writable:
            return RedirectResponse(f"/stories/{comparison.id}", status_code=303)
        return _page("story.html.j2", **story_context(comparison), stored=False)

    @app.post("/api/paste", summary="Compare pasted articles")
    async def paste_api(request: Request) -> JSONResponse:
        """Form fields: `text` (two to eight, each an article's text or one URL) and
        `csrf_token` (from `GET /api/paste`). Returns the comparison and whether it was stored."""
        comparison, _, error = await run(request)
        if comparison is None:
            return JSONResponse({"detail": error}, status_code=422)
        return JSONResponse(
            {"stored": state.writable, "story": comparison.id, "comparison": to_dict(comparison)}
        )
