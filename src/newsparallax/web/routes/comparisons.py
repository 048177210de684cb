"""The saved comparisons (what `compare`, `compare --story` or the paste form analysed): the list
with search, filters and pages; one comparison; one of its articles' source text; search hits.
A story's page (`routes.stories`) shows its comparison with these same parts.

| route | what |
| --- | --- |
| GET /comparisons | the list (page) |
| GET /api/comparisons | the list, a page at a time |
| GET /api/comparisons.csv | every match, streamed |
| GET /api/search/{table}.csv | search hits, articles or quotes |
| GET /comparisons/{comparison} | one comparison (page) |
| GET /api/comparisons/{comparison} | one comparison, its tables and charts |
| GET /api/comparisons/{comparison}/{table}.csv | one of its tables |
| GET /comparisons/{comparison}/articles/{article} | an article's text, a range marked (page) |
| GET /api/comparisons/{comparison}/articles/{article} | the same as JSON |
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from newsparallax.report.json_format import to_dict
from newsparallax.store.comparisons import count_comparisons, filter_choices, find_comparisons
from newsparallax.web.state import AppState, State, not_found
from newsparallax.web.views import (
    comparison_context,
    comparison_json,
    comparison_tables,
    csv_file,
    html_page,
    source_body,
    to_csv,
)

router = APIRouter()

Text = Annotated[str | None, Query(max_length=200)]
Offset = Annotated[int | None, Query(ge=0)]
PER_PAGE = 50  # comparisons on a page unless `per_page` says otherwise
MAX_PER_PAGE = 500
Page = Annotated[int, Query(ge=1, le=1_000_000, description="Which page (1-based).")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page.")]


@dataclass(frozen=True)
class Filters:
    """The list's search and filters, as the page, the JSON API and the CSV take them."""

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
        """As `find_comparisons` and `count_comparisons` take them."""
        return {
            "outlet": self.outlet,
            "speaker": self.speaker,
            "date_from": self.since,
            "date_to": self.until,
        }

    def search(self, state: State, conn: sqlite3.Connection) -> tuple[Any, set[str] | None]:
        """The search hits, and the comparisons they fall in (None: no search, every one)."""
        if not self.q:
            return None, None
        hits = state.index.search(conn, self.q)
        found = {cid for h in hits["articles"] for cid in h["comparisons"]}
        return hits, found | {h["comparison"] for h in hits["quotes"] if h["comparison"]}


def filters(
    q: Text = None,
    outlet: Text = None,
    speaker: Text = None,
    since: Annotated[str | None, Query(alias="from", max_length=32)] = None,
    until: Annotated[str | None, Query(alias="to", max_length=32)] = None,
) -> Filters:
    return Filters(q, outlet, speaker, since, until)


FiltersQuery = Annotated[Filters, Depends(filters)]


def listing(
    state: State, found: Filters, page: int = 1, per_page: int = PER_PAGE
) -> dict[str, Any]:
    """One page of the list, with the total over every page. A page past the last is empty
    (not a 404), with the same total, so a client can tell it went too far."""
    with state.connect() as conn:
        hits, only = found.search(state, conn)
        total = count_comparisons(conn, **found.columns, only=only)
        comparisons = find_comparisons(
            conn, **found.columns, only=only, limit=per_page, offset=(page - 1) * per_page
        )
        choices = filter_choices(conn)
    return {
        "query": found.query,
        "comparisons": comparisons,
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "search": hits,
        "choices": choices,
    }


def page_link(path: str, query: dict[str, str | None], page: int, per_page: int) -> str:
    """A list's page `page` with the same search and filters (empty ones left out)."""
    params = {k: v for k, v in query.items() if v}
    if per_page != PER_PAGE:
        params["per_page"] = str(per_page)
    params["page"] = str(page)
    return f"{path}?" + urlencode(params)


def pager_links(path: str, query: dict[str, str | None], page: int, pages: int, per_page: int):
    return {
        "prev": page_link(path, query, page - 1, per_page) if page > 1 else None,
        "next": page_link(path, query, page + 1, per_page) if page < pages else None,
    }


@router.get("/comparisons", response_class=HTMLResponse, summary="Saved comparisons (page)")
def list_page(
    state: AppState, found: FiltersQuery, page: Page = 1, per_page: PerPage = PER_PAGE
) -> HTMLResponse:
    data = listing(state, found, page, per_page)
    query = data["query"]
    kept = urlencode({k: v for k, v in query.items() if v})  # the CSV: every page
    links = {
        **pager_links("/comparisons", query, page, data["pages"], per_page),
        "csv": "/api/comparisons.csv" + (f"?{kept}" if kept else ""),
    }
    return html_page("comparisons.html.j2", **data, links=links, writable=state.writable)


@router.get("/api/comparisons", summary="Saved comparisons, searched and filtered, paged")
def list_api(
    state: AppState,
    found: FiltersQuery,
    page: Page = 1,
    per_page: PerPage = PER_PAGE,
) -> dict[str, Any]:
    """Saved comparisons, newest first. `q` searches every stored article's
    and quote's text (SQLite FTS5, every word must occur); `outlet`, `speaker` (substring),
    `from` and `to` (ISO date prefixes) filter. Paged: `page` (1-based) and `per_page`
    (default 50, at most 500); `total` counts every match and `pages` the pages. A page
    past the last is empty, with the same `total`."""
    return listing(state, found, page, per_page)


@router.get("/api/comparisons.csv", summary="Saved comparisons as CSV (every match, streamed)")
def list_csv(state: AppState, found: FiltersQuery) -> Response:
    """Every matching comparison, not one page: streamed in chunks of 500 read by SQL
    LIMIT/OFFSET, so neither the server nor the database holds the whole list."""
    with state.connect() as conn:
        _, only = found.search(state, conn)

    def chunks() -> Iterator[str]:
        offset, columns = 0, None
        while True:
            with state.connect() as conn:
                rows = find_comparisons(
                    conn, **found.columns, only=only, limit=MAX_PER_PAGE, offset=offset
                )
            if not rows:
                if columns is None:
                    yield to_csv([])
                return
            flat = [
                {k: "; ".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows
            ]
            text = to_csv(flat, columns or list(flat[0]))
            # The header comes once, with the first chunk.
            yield text if columns is None else text.split("\n", 1)[1]
            columns = columns or list(flat[0])
            offset += MAX_PER_PAGE

    return StreamingResponse(
        chunks(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="comparisons.csv"'},
    )


@router.get("/api/search/{table}.csv", summary="Search hits (articles or quotes) as CSV")
def search_csv(state: AppState, table: str, q: Annotated[str, Query(max_length=200)]) -> Response:
    if table not in ("articles", "quotes"):
        raise not_found(f"table {table!r}")
    with state.connect() as conn:
        hits = state.index.search(conn, q)[table]
    flat = [{k: "; ".join(v) if isinstance(v, list) else v for k, v in h.items()} for h in hits]
    return csv_file(flat, f"search-{table}")


@router.get(
    "/comparisons/{comparison}", response_class=HTMLResponse, summary="One saved comparison (page)"
)
def comparison_page(state: AppState, comparison: str) -> HTMLResponse:
    c, stored = state.load(comparison)
    return html_page("story.html.j2", **comparison_context(c), stored=stored, story=None)


@router.get("/api/comparisons/{comparison}", summary="One saved comparison")
def comparison_api(state: AppState, comparison: str) -> dict[str, Any]:
    """The whole comparison in the `newsparallax/1` JSON format, plus the page's tables
    (`tables`: the rows of each CSV) and the numbers behind its pictures (`charts`)."""
    return comparison_json(state.load(comparison)[0])


@router.get("/api/comparisons/{comparison}/{table}.csv", summary="One table of a comparison (CSV)")
def comparison_csv(state: AppState, comparison: str, table: str) -> Response:
    """`table` is one of articles, quotes, alignments, matrix (speaker × article: quotes
    and words), exclusive (voices only one article has), discrepancies."""
    tables = comparison_tables(state.load(comparison)[0])
    if table not in tables:
        raise not_found(f"table {table!r}")
    return csv_file(tables[table], f"{comparison[:12]}-{table}")


def source(state: State, comparison: str, article: str, start: int | None, end: int | None):
    c = state.load(comparison)[0]
    found = next((a for a in c.articles if a.id == article), None)
    if found is None:
        raise not_found(f"article {article!r} in comparison {comparison!r}")
    if start is not None and end is not None and not 0 <= start < end <= len(found.text):
        start = end = None
    return {"c": c, "a": found, "start": start, "end": end}


@router.get(
    "/comparisons/{comparison}/articles/{article}",
    response_class=HTMLResponse,
    summary="One article's source text, a range marked (page)",
)
def source_page(
    state: AppState, comparison: str, article: str, start: Offset = None, end: Offset = None
):
    data = source(state, comparison, article, start, end)
    body = source_body(data["a"].text, data["start"], data["end"])
    return html_page("source.html.j2", **data, body=body)


@router.get("/api/comparisons/{comparison}/articles/{article}", summary="One article's source text")
def source_api(
    state: AppState, comparison: str, article: str, start: Offset = None, end: Offset = None
):
    """The article as read, and the marked range (`span`) when `start`/`end` are valid."""
    data = source(state, comparison, article, start, end)
    a, s, e = data["a"], data["start"], data["end"]
    span = None if s is None else {"start": s, "end": e, "text": a.text[s:e]}
    found = next(x for x in to_dict(data["c"])["articles"] if x["id"] == a.id)
    return {"comparison": data["c"].id, "article": {**found, "text": a.text}, "span": span}
