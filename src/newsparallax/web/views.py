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


def report_css() -> str:
    """The report's stylesheet with its speaker palette, served as a file (CSP: no inline)."""
    loader = report._env.loader
    assert loader is not None
    palette = "".join(f".sp-{i}{{--c:{colour}}}" for i, colour in enumerate(report.PALETTE))
    css = loader.get_source(report._env, "report.css")[0]
    return css + f"\n.sp-none{{--c:{report.UNRESOLVED}}}{palette}\n"


def report_js() -> str:
    """The report's click-a-quote script, unchanged: the story page has the same markup."""
    loader = report._env.loader
    assert loader is not None
    return loader.get_source(report._env, "report.js")[0]


def story_context(c: Comparison) -> dict[str, Any]:
    """Everything the story template needs, built by the report's own functions."""
    cls = report.speaker_classes(c)
    numbers = story_charts(c)
    tables = story_tables(c)
    speaking = {q.speaker_id for q in c.quotes if q.speaker_id}
    return {
        "c": c,
        "articles": report._articles(c, cls),
        "legend": report._legend(c, cls),
        "alignments": report._alignments(c, cls),
        "voices": report._voices(c, cls),
        "discrepancies": report._discrepancies(c),
        "people": report._people(c, cls),
        "people_ids": {p.name: p.id for p in c.people if p.id in speaking},
        "matrix": tables["matrix"],
        "exclusive": tables["exclusive"],
        "article_ids": [a.id for a in c.articles],
        "data": report.script_json(report._script_data(c)),
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
