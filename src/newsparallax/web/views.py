"""Page contexts and output helpers shared by the HTML views and the API.

The story page reuses the HTML report's building blocks (`report.html_format`): the article
bodies cut by `report.highlight` (every piece escaped on its own), the aligned quotes with their
word diffs, the voices table, speaker colours and the data the report's script reads. The web
page adds links (people, sources, CSV) and pictures around them; it never re-implements them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from markupsafe import Markup

from newsparallax.export import spreadsheet_safe
from newsparallax.model import Comparison
from newsparallax.report import html_format as report
from newsparallax.report.highlight import Layer, highlight
from newsparallax.web import charts
from newsparallax.web.queries import story_charts, story_tables

env = report.escaping_environment("newsparallax.web")


def story_context(c: Comparison) -> dict[str, Any]:
    """Everything the story template needs, built by the report's own functions."""
    numbers = story_charts(c)
    tables = story_tables(c)
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
