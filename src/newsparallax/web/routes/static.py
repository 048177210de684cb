"""The files every page loads, the API's own documentation, and the way in.

| route | what |
| --- | --- |
| GET /static/report.css, /static/report.js | the HTML report's styles and script |
| GET /static/web.css | the web pages' own styles |
| GET /api-docs | the OpenAPI schema as a plain page |
| GET /favicon.ico | nothing |
| GET / | to /stories |
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from newsparallax.report.html_format import report_css, report_js
from newsparallax.web.views import html_page

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parent.parent / "static"


@cache
def _files() -> dict[str, str]:
    """Read once: they do not change while the server runs."""
    return {
        "report.css": report_css(),
        "report.js": report_js(),
        "web.css": (STATIC / "web.css").read_text(encoding="utf-8"),
    }


@router.get("/static/report.css")
def report_styles() -> Response:
    return Response(_files()["report.css"], media_type="text/css; charset=utf-8")


@router.get("/static/report.js")
def report_script() -> Response:
    return Response(_files()["report.js"], media_type="text/javascript; charset=utf-8")


@router.get("/static/web.css")
def web_styles() -> Response:
    return Response(_files()["web.css"], media_type="text/css; charset=utf-8")


@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI schema as a plain page: every route, its parameters and what it does."""
    return html_page("api.html.j2", schema=request.app.openapi())


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/stories", status_code=303)
