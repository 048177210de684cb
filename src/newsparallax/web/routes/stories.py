"""The stories `newsparallax stories` grouped: the list (every stored article is in one, a story
of one article included), and one story, its articles compared side by side. The first view of
a story compares its articles (a few seconds for a handful); the comparison is then saved in the
store when the server is writable, else kept in memory.

| route | what |
| --- | --- |
| GET /stories | the stories, largest first, searched and filtered (page) |
| GET /api/stories | the same, a page at a time |
| GET /stories/{story} | one story, its articles compared (page) |
| GET /api/stories/{story} | its comparison, tables and charts |
| GET /groups/{story}, /api/groups | old addresses: redirect here |

A saved comparison's id at /stories/ID (its address before stories had pages of their own)
redirects to /comparisons/ID.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsparallax.store.comparisons import filter_choices
from newsparallax.store.stories import StoryFilter, count_grouped_stories, grouped_stories
from newsparallax.web.routes.comparisons import (
    MAX_PER_PAGE,
    FiltersQuery,
    Page,
    pager_links,
)
from newsparallax.web.state import AppState, State
from newsparallax.web.views import comparison_context, comparison_json, html_page

router = APIRouter()

STORIES_PER_PAGE = 50
StoriesPerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Stories per page.")]
MinArticles = Annotated[
    int, Query(ge=1, le=1000, description="Only stories of at least this many articles.")
]


def story_listing(
    state: State,
    found: Any,
    page: int = 1,
    per_page: int = STORIES_PER_PAGE,
    min_articles: int = 1,
) -> dict[str, Any]:
    """One page of stories, largest first, with the total over every page: those with an
    article of the outlet, in the dates, and (`q`) with an article or a quote the search finds.
    A page past the last is empty, with the same total."""
    shown = StoryFilter(
        min_articles=min_articles,
        outlet=found.outlet,
        date_from=found.since,
        date_to=found.until,
    )
    with state.connect() as conn:
        hits = state.index.search(conn, found.q) if found.q else None
        if hits is not None:
            shas = {h["sha"] for h in hits["articles"]} | {h["sha"] for h in hits["quotes"]}
            shown = replace(shown, articles=frozenset(shas))
        total = count_grouped_stories(conn, shown)
        stories = grouped_stories(conn, limit=per_page, offset=(page - 1) * per_page, shown=shown)
        choices = filter_choices(conn)
    return {
        "query": {**found.query, "min_articles": str(min_articles) if min_articles > 1 else None},
        "stories": stories,
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": max(1, -(-total // per_page)),
        "min_articles": min_articles,
        "search": hits,
        "choices": choices,
    }


@router.get("/stories", response_class=HTMLResponse, summary="Stories (page)")
def stories_page(
    state: AppState,
    found: FiltersQuery,
    page: Page = 1,
    per_page: StoriesPerPage = STORIES_PER_PAGE,
    min_articles: MinArticles = 1,
) -> HTMLResponse:
    data = story_listing(state, found, page, per_page, min_articles)
    links = pager_links("/stories", data["query"], page, data["pages"], per_page)
    return html_page("stories.html.j2", **data, links=links, writable=state.writable)


@router.get("/api/stories", summary="Stories, searched and filtered, a page at a time")
def stories_api(
    state: AppState,
    found: FiltersQuery,
    page: Page = 1,
    per_page: StoriesPerPage = STORIES_PER_PAGE,
    min_articles: MinArticles = 1,
) -> dict[str, Any]:
    """Stories grouped by `newsparallax stories`, largest first, each with its articles'
    outlets and dates, the id its comparison has and whether that is saved (`compared`).
    `q` keeps the stories with an article or a quote holding every word (SQLite FTS5; the hits
    are in `search`); `outlet`, `from`, `to` (ISO date prefixes) and `min_articles` filter.
    Paged: `page` (1-based), `per_page` (default 50, at most 500); `total` counts every match."""
    return story_listing(state, found, page, per_page, min_articles)


@router.get("/stories/{story}", response_class=HTMLResponse, summary="One story (page)")
def story_page(state: AppState, story: str) -> Response:
    comparison = state.story_comparison(story)
    if comparison is None:
        return RedirectResponse(f"/comparisons/{story}", status_code=301)
    context = comparison_context(comparison)
    return html_page("story.html.j2", **context, stored=True, story=story)


@router.get("/api/stories/{story}", summary="One story, its articles compared")
def story_api(state: AppState, story: str) -> Any:
    """The story's comparison in the `newsparallax/1` format, its tables and charts (compared
    on the first request: a few seconds)."""
    comparison = state.story_comparison(story)
    if comparison is None:
        return RedirectResponse(f"/api/comparisons/{story}", status_code=301)
    return {"story": story, **comparison_json(comparison)}


@router.get("/groups/{story}", include_in_schema=False)
def old_group_page(story: str) -> RedirectResponse:
    return RedirectResponse(f"/stories/{story}", status_code=301)


@router.get("/api/groups", include_in_schema=False)
def old_groups_api() -> RedirectResponse:
    return RedirectResponse("/api/stories", status_code=301)
