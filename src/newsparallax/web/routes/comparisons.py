"""The stored comparisons: the list with search, filters and pages; one comparison; one article's
source text. Their URLs say `/stories` (a comparison is the analysis of one event's reports, as
the pages call it), but a story proper is a group from `newsparallax stories` (`routes.groups`).

| route | what |
| --- | --- |
| GET /stories | the list (page) |
| GET /api/stories | the list, a page at a time |
| GET /api/stories.csv | every match, streamed |
| GET /api/search/{table}.csv | search hits, articles or quotes |
| GET /stories/{comparison} | one comparison (page) |
| GET /api/stories/{comparison} | one comparison, its tables and charts |
| GET /api/stories/{comparison}/{table}.csv | one of its tables |
| GET /stories/{comparison}/articles/{article} | an article's text, a range marked (page) |
| GET /api/stories/{comparison}/articles/{article} | the same as JSON |
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
from newsparallax.store.stories import count_grouped_stories, grouped_stories
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
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Stories per page.")]
GROUPS_PER_PAGE = 20  # grouped stories under the list


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
        return hits, {h["story"] for h in hits["articles"]} | {h["story"] for h in hits["quotes"]}


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
    state: State, found: Filters, page: int = 1, per_page: int = PER_PAGE, groups_page: int = 1
) -> dict[str, Any]:
    """One page of the list, with the total over every page, and one page of the grouped
    stories. A page past the last is empty (not a 404), with the same total, so a client can
    tell it went too far."""
    with state.connect() as conn:
        hits, only = found.search(state, conn)
        total = count_comparisons(conn, **found.columns, only=only)
        comparisons = find_comparisons(
            conn, **found.columns, only=only, limit=per_page, offset=(page - 1) * per_page
        )
        choices = filter_choices(conn)
        groups_total = count_grouped_stories(conn)
        groups = grouped_stories(
            conn, limit=GROUPS_PER_PAGE, offset=(groups_page - 1) * GROUPS_PER_PAGE
        )
    return {
        "groups": groups,
        "groups_total": groups_total,
        "groups_page": groups_page,
        "groups_pages": max(1, -(-groups_total // GROUPS_PER_PAGE)),
        "query": found.query,
        "stories": comparisons,
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "search": hits,
        "choices": choices,
    }


def page_link(query: dict[str, str | None], page: int, per_page: int, groups_page: int = 1) -> str:
    """The list's page `page` with the same search and filters (empty ones left out)."""
    params = {k: v for k, v in query.items() if v}
    if per_page != PER_PAGE:
        params["per_page"] = str(per_page)
    params["page"] = str(page)
    if groups_page != 1:
        params["groups_page"] = str(groups_page)
    return "/stories?" + urlencode(params)


@router.get("/stories", response_class=HTMLResponse, summary="Stories (page)")
def list_page(
    state: AppState,
    found: FiltersQuery,
    page: Page = 1,
    per_page: PerPage = PER_PAGE,
    groups_page: Page = 1,
) -> HTMLResponse:
    data = listing(state, found, page, per_page, groups_page)
    query, pages, groups_pages = data["query"], data["pages"], data["groups_pages"]
    kept = urlencode({k: v for k, v in query.items() if v})  # the CSV: every page

    def groups_link(n: int) -> str:
        return page_link(query, page, per_page, n) + "#groups"

    links = {
        "prev": page_link(query, page - 1, per_page, groups_page) if page > 1 else None,
        "next": page_link(query, page + 1, per_page, groups_page) if page < pages else None,
        "csv": "/api/stories.csv" + (f"?{kept}" if kept else ""),
        "groups_prev": groups_link(groups_page - 1) if groups_page > 1 else None,
        "groups_next": groups_link(groups_page + 1) if groups_page < groups_pages else None,
    }
    return html_page("stories.html.j2", **data, links=links, writable=state.writable)


@router.get("/api/stories", summary="Stories, searched and filtered, a page at a time")
def list_api(
    state: AppState,
    found: FiltersQuery,
    page: Page = 1,
    per_page: PerPage = PER_PAGE,
) -> dict[str, Any]:
    """Stored comparisons (a story is a comparison), newest first. `q` searches article
    and quote text (SQLite FTS5, every word must occur); `outlet`, `speaker` (substring),
    `from` and `to` (ISO date prefixes) filter. Paged: `page` (1-based) and `per_page`
    (default 50, at most 500); `total` counts every match and `pages` the pages. A page
    past the last is empty, with the same `total`."""
    return listing(state, found, page, per_page)


@router.get("/api/stories.csv", summary="Stories as CSV (every match, streamed)")
def list_csv(state: AppState, found: FiltersQuery) -> Response:
    """Every matching story, not one page: streamed in chunks of 500 read by SQL
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
        headers={"content-disposition": 'attachment; filename="stories.csv"'},
    )


@router.get("/api/search/{table}.csv", summary="Search hits (articles or quotes) as CSV")
def search_csv(state: AppState, table: str, q: Annotated[str, Query(max_length=200)]) -> Response:
    if table not in ("articles", "quotes"):
        raise not_found(f"table {table!r}")
    with state.connect() as conn:
        return csv_file(state.index.search(conn, q)[table], f"search-{table}")


@router.get("/stories/{story}", response_class=HTMLResponse, summary="One story (page)")
def comparison_page(state: AppState, story: str) -> HTMLResponse:
    c, stored = state.load(story)
    return html_page("story.html.j2", **comparison_context(c), stored=stored)


@router.get("/api/stories/{story}", summary="One story")
def comparison_api(state: AppState, story: str) -> dict[str, Any]:
    """The whole comparison in the `newsparallax/1` JSON format, plus the page's tables
    (`tables`: the rows of each CSV) and the numbers behind its pictures (`charts`)."""
    return comparison_json(state.load(story)[0])


@router.get("/api/stories/{story}/{table}.csv", summary="One table of a story as CSV")
def comparison_csv(state: AppState, story: str, table: str) -> Response:
    """`table` is one of articles, quotes, alignments, matrix (speaker × article: quotes
    and words), exclusive (voices only one article has), discrepancies."""
    tables = comparison_tables(state.load(story)[0])
    if table not in tables:
        raise not_found(f"table {table!r}")
    return csv_file(tables[table], f"{story[:12]}-{table}")


def source(state: State, story: str, article: str, start: int | None, end: int | None):
    c = state.load(story)[0]
    found = next((a for a in c.articles if a.id == article), None)
    if found is None:
        raise not_found(f"article {article!r} in story {story!r}")
    if start is not None and end is not None and not 0 <= start < end <= len(found.text):
        start = end = None
    return {"c": c, "a": found, "start": start, "end": end}


@router.get(
    "/stories/{story}/articles/{article}",
    response_class=HTMLResponse,
    summary="One article's source text, a range marked (page)",
)
def source_page(
    state: AppState, story: str, article: str, start: Offset = None, end: Offset = None
):
    data = source(state, story, article, start, end)
    body = source_body(data["a"].text, data["start"], data["end"])
    return html_page("source.html.j2", **data, body=body)


@router.get("/api/stories/{story}/articles/{article}", summary="One article's source text")
def source_api(state: AppState, story: str, article: str, start: Offset = None, end: Offset = None):
    """The article as read, and the marked range (`span`) when `start`/`end` are valid."""
    data = source(state, story, article, start, end)
    a, s, e = data["a"], data["start"], data["end"]
    span = None if s is None else {"start": s, "end": e, "text": a.text[s:e]}
    found = next(x for x in to_dict(data["c"])["articles"] if x["id"] == a.id)
    return {"story": data["c"].id, "article": {**found, "text": a.text}, "span": span}
