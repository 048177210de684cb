"""Paste two to eight articles (texts, pages or URLs) and compare them.

| route | what |
| --- | --- |
| GET /paste | the form (page) |
| GET /api/paste | what the form needs: a CSRF token, the limits, whether results are stored |
| POST /paste | compare, then the comparison's page (or the form again with the reason) |
| POST /api/paste | compare, the comparison as JSON |
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from newsparallax.model import Comparison
from newsparallax.report.json_format import to_dict
from newsparallax.web.paste import MAX_BODY, MAX_CHARS, MAX_TEXTS, PasteError
from newsparallax.web.security import same_origin
from newsparallax.web.state import AppState, State
from newsparallax.web.views import comparison_context, html_page

router = APIRouter()


def form_info(state: State) -> dict[str, Any]:
    return {
        "csrf_token": state.csrf.token("paste"),
        "writable": state.writable,
        "max_texts": MAX_TEXTS,
        "max_chars": MAX_CHARS,
    }


async def submitted(
    state: State, request: Request
) -> tuple[Comparison | None, list[str], str | None]:
    """The form checked (same origin, CSRF token) and its articles compared: the comparison,
    the texts as sent, and the reason when the form refuses them."""
    if not same_origin(request):
        raise HTTPException(403, "cross-site form submission refused")
    form = await request.form(max_files=0, max_fields=MAX_TEXTS + 4, max_part_size=MAX_BODY)
    token = form.get("csrf_token")
    if not state.csrf.valid("paste", token if isinstance(token, str) else None):
        raise HTTPException(403, "missing or invalid CSRF token; reload the form")
    texts = [t for t in form.getlist("text") if isinstance(t, str)]
    try:
        return state.compare_pasted(texts), texts, None
    except PasteError as exc:
        return None, texts, str(exc)


@router.get("/paste", response_class=HTMLResponse, summary="Paste articles (page)")
def paste_page(state: AppState) -> HTMLResponse:
    return html_page("paste.html.j2", **form_info(state), texts=[""] * MAX_TEXTS, error=None)


@router.get("/api/paste", summary="What the paste form needs")
def paste_info(state: AppState) -> dict[str, Any]:
    """The CSRF token to send back as `csrf_token`, the limits, and whether results are
    stored (`writable`)."""
    return form_info(state)


@router.post("/paste", response_class=HTMLResponse, summary="Compare pasted articles (page)")
async def paste_submit(state: AppState, request: Request) -> Response:
    comparison, texts, error = await submitted(state, request)
    if comparison is None:
        texts = texts[:MAX_TEXTS] + [""] * max(0, MAX_TEXTS - len(texts))
        return html_page("paste.html.j2", 422, **form_info(state), texts=texts, error=error)
    if state.writable:
        return RedirectResponse(f"/comparisons/{comparison.id}", status_code=303)
    return html_page("story.html.j2", **comparison_context(comparison), stored=False, story=None)


@router.post("/api/paste", summary="Compare pasted articles")
async def paste_api(state: AppState, request: Request) -> JSONResponse:
    """Form fields: `text` (two to eight, each an article's text or one URL) and
    `csrf_token` (from `GET /api/paste`). Returns the comparison and whether it was stored."""
    comparison, _, error = await submitted(state, request)
    if comparison is None:
        return JSONResponse({"detail": error}, status_code=422)
    return JSONResponse(
        {"stored": state.writable, "id": comparison.id, "comparison": to_dict(comparison)}
    )
