"""One person across the store: every saved comparison and every article a corpus run analysed
(person ids are the same in all of them).

| route | what |
| --- | --- |
| GET /people/{person} | their quotes by outlet, what each outlet calls them (page) |
| GET /api/people/{person} | the same as JSON |
| GET /api/people/{person}/{table}.csv | their quotes or descriptors |
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import HTMLResponse

from newsparallax.store.comparisons import person_across_comparisons
from newsparallax.web.state import AppState, State, not_found
from newsparallax.web.views import csv_file, html_page, person_rows

router = APIRouter()


def load(state: State, person: str) -> dict[str, Any]:
    with state.connect() as conn:
        try:
            return person_across_comparisons(conn, person)
        except KeyError:
            raise not_found(f"person {person!r}") from None


@router.get("/people/{person}", response_class=HTMLResponse, summary="One person (page)")
def person_page(state: AppState, person: str) -> HTMLResponse:
    return html_page("person.html.j2", p=load(state, person))


@router.get("/api/people/{person}", summary="One person")
def person_api(state: AppState, person: str) -> dict[str, Any]:
    """Every quote of the person in the store (saved comparisons and corpus runs), grouped by
    outlet, with the descriptors each outlet gives them; offsets index the article text."""
    return load(state, person)


@router.get("/api/people/{person}/{table}.csv", summary="A person's quotes or descriptors")
def person_csv(state: AppState, person: str, table: str) -> Response:
    if table not in ("quotes", "descriptors"):
        raise not_found(f"table {table!r}")
    return csv_file(person_rows(load(state, person), table), f"{person}-{table}")
