"""What the pages and the API show, from records already made: a comparison's tables and the
numbers behind its pictures, the page contexts, CSV. Nothing here reads the store or runs the
analysis (`web.state` does both); a page and its JSON twin say the same thing.

The comparison page reuses the HTML report's building blocks (`report.html_format`): the article
bodies cut by `report.highlight` (every piece escaped on its own), the aligned quotes with their
word diffs, the voices table, speaker colours and the data the report's script reads. The web
page adds links (people, sources, CSV) and pictures around them; it never re-implements them.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from newsparallax.model import Comparison
from newsparallax.report import html_format as report
from newsparallax.report.common import check_note, person_name, readable_date, speaker_label
from newsparallax.report.highlight import Layer, highlight
from newsparallax.report.json_format import to_dict
from newsparallax.store.export import spreadsheet_safe
from newsparallax.web import charts

env = report.escaping_environment("newsparallax.web")
env.globals["check_note"] = check_note  # a person page's quotes, as the story page marks them


env.filters["readable_date"] = readable_date
env.filters["fromjson"] = json.loads


def comparison_context(c: Comparison) -> dict[str, Any]:
    """Everything the comparison's page (story.html.j2) needs, built by the report's own
    functions."""
    numbers = comparison_charts(c)
    tables = comparison_tables(c)
    speaking = {q.speaker_id for q in c.quotes if q.speaker_id}
    return {
        "c": c,
        **report.report_context(c),
        "people_ids": {p.name: p.id for p in c.people if p.id in speaking},
        "matrix": tables["matrix"],
        "exclusive": tables["exclusive"],
        "voice_chart": charts.voice_bars(numbers["voices"]),
        "timeline": charts.timeline(numbers["timeline"]),
    }


def html_page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page rendered from its template."""
    return HTMLResponse(env.get_template(name).render(**context), status_code=status)


def csv_file(rows: list[dict[str, Any]], name: str) -> Response:
    """Rows as a CSV download named `name`.csv."""
    return Response(
        to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


def comparison_json(c: Comparison) -> dict[str, Any]:
    """A comparison as the API returns it: the whole of it in the `newsparallax/1` format, the
    page's tables (the rows of each CSV) and the numbers behind its pictures."""
    tables, numbers = comparison_tables(c), comparison_charts(c)
    return {"comparison": to_dict(c), "tables": tables, "charts": numbers}


def source_body(text: str, start: int | None, end: int | None) -> Markup:
    """An article's text, escaped, with one range (a quote, a descriptor, a fact) marked."""
    layers = []
    if start is not None and end is not None:
        layers.append(Layer(start, end, "mark", classes=("hl",), id="hl"))
    return highlight(text, layers)


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """Rows as CSV with a header; columns from the first row unless given. Header cells are
    guarded too: some column names are made from article ids, which are file names."""
    columns = columns or (list(rows[0]) if rows else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_safe(col) for col in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe(row.get(col)) for col in columns])
    return out.getvalue()


def outlet_of(comparison: Comparison, label: str) -> str:
    """An article's outlet, or its label when the outlet is unknown (pasted plain text)."""
    return next((a.outlet or a.id for a in comparison.articles if a.id == label), label)


def comparison_tables(c: Comparison) -> dict[str, list[dict[str, Any]]]:
    """The tables of a comparison's page as rows: each is also a CSV file and part of the JSON."""
    quotes = {q.id: q for q in c.quotes}
    counts: Counter[tuple[str | None, str]] = Counter()
    words: Counter[tuple[str | None, str]] = Counter()
    for q in c.quotes:
        counts[q.speaker_id, q.article] += 1
        words[q.speaker_id, q.article] += len(q.text.split())
    speakers = [p for p in c.people if any(k[0] == p.id for k in counts)]
    only = {pid: aid for aid, ids in c.coverage.exclusive.items() for pid in ids}
    first = {(p.article, p.person): p.first for p in c.coverage.prominence}
    return {
        "articles": [
            {
                "article": a.id,
                "outlet": a.outlet,
                "title": a.title,
                "authors": "; ".join(a.authors),
                "date": a.date,
                "place": a.place,
                "source": a.source,
                "quotes": sum(1 for q in c.quotes if q.article == a.id),
                "chars": len(a.text),
            }
            for a in c.articles
        ],
        "quotes": [
            {
                "quote": q.id,
                "article": q.article,
                "outlet": outlet_of(c, q.article),
                "kind": q.kind,
                "speaker": speaker_label(c, q),
                "person": q.speaker_id,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "how": q.how,
                "confidence": q.confidence,
            }
            for q in c.quotes
        ],
        "alignments": [
            {
                "alignment": al.id,
                "relation": al.relation,
                "speaker": person_name(c, al.speaker_id),
                "a": " + ".join(p.a),
                "a_article": quotes[p.a[0]].article if p.a and p.a[0] in quotes else None,
                "b": " + ".join(p.b),
                "b_article": quotes[p.b[0]].article if p.b and p.b[0] in quotes else None,
                "pair_relation": p.relation,
                "similarity": round(p.similarity, 4),
            }
            for al in c.alignments
            for p in al.pairs
        ],
        "matrix": [
            {
                "person": p.id,
                "speaker": p.name,
                "only_in": only.get(p.id),
                **{f"{a.id} quotes": counts[p.id, a.id] for a in c.articles},
                **{f"{a.id} words": words[p.id, a.id] for a in c.articles},
                **{f"{a.id} first": first.get((a.id, p.id)) for a in c.articles},
            }
            for p in speakers
        ],
        "exclusive": [
            {
                "article": aid,
                "outlet": outlet_of(c, aid),
                "person": pid,
                "speaker": person_name(c, pid),
            }
            for aid, ids in c.coverage.exclusive.items()
            for pid in ids
        ],
        "discrepancies": [
            {
                "discrepancy": d.id,
                "about": d.about,
                "topic": d.topic,
                "article": aid,
                "value": d.values.get(aid),
                "start": span.start if (span := d.spans.get(aid)) else None,
                "end": span.end if span else None,
            }
            for d in c.discrepancies
            for aid in d.values
        ],
    }


def comparison_charts(c: Comparison) -> dict[str, list[dict[str, Any]]]:
    """The numbers behind the pictures: voices (distinct speakers quoted) and quotes per
    article, and each article's publication date when known."""
    return {
        "voices": [
            {
                "article": a.id,
                "outlet": outlet_of(c, a.id),
                "voices": len(c.coverage.voices.get(a.id, ())),
                "exclusive": len(c.coverage.exclusive.get(a.id, ())),
                "quotes": sum(1 for q in c.quotes if q.article == a.id),
            }
            for a in c.articles
        ],
        "timeline": [
            {"article": a.id, "outlet": outlet_of(c, a.id), "date": a.date}
            for a in c.articles
            if a.date
        ],
    }


def person_rows(page: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """A person page's quotes or descriptors as flat rows (for CSV)."""
    return [{"outlet": o["outlet"], **item} for o in page["outlets"] for item in o[table]]
