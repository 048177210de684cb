"""The stories `newsparallax stories` grouped, each compared on demand (a few seconds for a
handful of articles): stored when the server is writable, else kept in memory.

| route | what |
| --- | --- |
| GET /groups/{story} | to the page of the story's comparison, comparing it first if needed |
| GET /api/groups | the grouped stories, largest first, a page at a time |
| GET /api/groups/{story} | the story's comparison, its tables and charts |
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import RedirectResponse

from newsparallax.store.stories import count_grouped_stories, grouped_stories
from newsparallax.web.routes.comparisons import MAX_PER_PAGE, Page
from newsparallax.web.state import AppState
from newsparallax.web.views import comparison_json

router = APIRouter()

GroupsPerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Groups per page.")]


@router.get("/groups/{story}", summary="A grouped story, compared on demand (page)")
def group_page(state: AppState, story: str) -> RedirectResponse:
    """Redirects to the story page of the group's comparison (comparing first if needed:
    a few seconds for a handful of articles)."""
    return RedirectResponse(f"/stories/{state.compare_group(story).id}", status_code=303)


@router.get("/api/groups", summary="Grouped stories (newsparallax stories), a page at a time")
def groups_api(
    state: AppState, response: Response, page: Page = 1, per_page: GroupsPerPage = MAX_PER_PAGE
) -> list[dict[str, Any]]:
    """Stories grouped by `newsparallax stories`, largest first, with their comparison's id
    and whether it is stored yet. Paged: `page` (1-based) and `per_page` (default and at
    most 500); the `X-Total-Count` header counts every grouped story."""
    with state.connect() as conn:
        response.headers["X-Total-Count"] = str(count_grouped_stories(conn))
        return grouped_stories(conn, limit=per_page, offset=(page - 1) * per_page)


@router.get("/api/groups/{story}", summary="A grouped story, compared on demand")
def group_api(state: AppState, story: str) -> dict[str, Any]:
    return comparison_json(state.compare_group(story))
