"""The HTML report: one self-contained file a reader can open offline, mail, or archive.

Everything from articles is hostile, so: Jinja autoescaping is on, article text reaches the page
only through `highlight` (which escapes every piece it cuts), the data for the script is JSON
with `<`, `>` and `&` escaped, and a Content-Security-Policy admits only this page's own inline
script and style (by hash) and no network fetches at all, should anything ever slip through.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import Counter
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from newsparallax.model import Article, Comparison, Quote
from newsparallax.report.common import (
    UNKNOWN_SPEAKER,
    alignments_by_quote,
    article_keys,
    diff_chunks,
    person_name,
    quote_map,
    quotes_in,
    readable_date,
    side_article,
    side_text,
    speaker_check,
    speaker_label,
)
from newsparallax.report.highlight import Layer, highlight, visible

# Light fills dark text stays readable on; order chosen so neighbours differ in hue. After these,
# `speaker_colours` picks each next colour as far as it can from those taken.
# fmt: off
PALETTE = ("#ffd166", "#8ecae6", "#b5e48c", "#f4a3c0", "#cdb4db", "#ffb4a2",
           "#90e0c9", "#a0c4ff", "#ffc6ff", "#d4a373")
# fmt: on
SPEAKER_COLOURS = 40  # distinct classes; beyond, colours repeat (forty voices in one story)
UNRESOLVED = "#d4d4d4"
KIND_RANK = {"block": 2, "indirect": 2, "direct": 3, "partial": 3}


def _finalize(value: Any) -> Any:
    """Every `{{ }}` passes here before escaping: make control characters in plain strings
    visible (Markup is ours, or article text already cleaned by highlight)."""
    return visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def escaping_environment(package: str) -> Environment:
    """Jinja with autoescape on and control characters made visible, for every page that shows
    article text (this report and the web app): article text is hostile input."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_env = escaping_environment("newsparallax.report")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def script_json(data: Any) -> Markup:
    """JSON safe inside a <script> element: no `</script>`, `<!--` or entity can form in it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(ch, esc)
    return Markup(text)


def speaker_classes(c: Comparison) -> dict[str, str]:
    """Person id -> CSS class `sp-N`: speakers in the comparison's people order, so the same
    comparison always paints the same person the same colour in every column."""
    speaking = {q.speaker_id for q in c.quotes if q.speaker_id}
    ids = [p.id for p in c.people if p.id in speaking]
    ids += sorted(speaking - set(ids))
    return {pid: f"sp-{i % SPEAKER_COLOURS}" for i, pid in enumerate(ids)}


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB colour (D65): distances there are differences a reader sees."""
    r, g, b = (((x + 0.055) / 1.055) ** 2.4 if x > 0.04045 else x / 12.92 for x in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _hex_rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


@cache
def speaker_colours() -> tuple[str, ...]:
    """SPEAKER_COLOURS fills: the hand-picked palette, then, one at a time, the light colour
    farthest (in L*a*b*) from every one taken, so the 11th or the 30th speaker is no twin of an
    earlier one."""
    import colorsys

    candidates = {
        "#{:02x}{:02x}{:02x}".format(*(round(v * 255) for v in rgb)): _lab(rgb)
        for hue in range(0, 360, 6)
        for light, sat in ((0.70, 0.55), (0.78, 0.65), (0.86, 0.75))
        for rgb in [colorsys.hls_to_rgb(hue / 360, light, sat)]
        if _lab(rgb)[0] >= 65  # light enough for dark text on it
    }
    chosen = list(PALETTE)
    labs = [_lab(_hex_rgb(c)) for c in chosen]
    while len(chosen) < SPEAKER_COLOURS:
        best = max(candidates, key=lambda c: min(math.dist(candidates[c], lab) for lab in labs))
        chosen.append(best)
        labs.append(candidates.pop(best))
    return tuple(chosen)


def _quote_layer(c: Comparison, q: Quote, cls: dict[str, str], aligns: list[str]) -> Layer:
    check = speaker_check(q)
    title = f"{speaker_label(c, q)} · {q.kind} · {q.article}:{q.start}-{q.end}"
    title += f" · {check}" if check else ""
    return Layer(
        q.start,
        q.end,
        "mark",
        rank=KIND_RANK.get(q.kind, 3),
        classes=("q", f"q-{q.kind}", cls.get(q.speaker_id or "", "sp-none"))
        + (("check",) if check else ()),
        id=f"q-{q.id}",
        attrs=(
            ("data-quote", q.id),
            ("data-speaker", q.speaker_id or ""),
            ("data-align", " ".join(aligns)),
            ("data-kind", q.kind),
            ("title", title),
            ("tabindex", "0"),
        ),
    )


def _article_body(c: Comparison, a: Article, cls: dict[str, str]) -> Markup:
    aligns = alignments_by_quote(c)
    layers = [
        Layer(d.start, d.end, "span", 0, ("dropped",), attrs=(("title", f"dropped: {d.reason}"),))
        for d in a.dropped
    ]
    if a.dateline:
        span = a.dateline
        layers.append(
            Layer(span.start, span.end, "span", 1, ("dateline",), attrs=(("title", "dateline"),))
        )
    layers += [_quote_layer(c, q, cls, aligns.get(q.id, [])) for q in quotes_in(c, a.id)]
    for d in c.discrepancies:
        span = d.spans.get(a.id)
        if span:
            title = f"{d.about}, {d.topic}: {d.values.get(a.id)}"
            layers.append(
                Layer(
                    span.start,
                    span.end,
                    "span",
                    4,
                    ("fact",),
                    f"d-{d.id}-{a.id}",
                    (("data-disc", d.id), ("title", title)),
                )
            )
    return highlight(a.text, layers)


def _meta(c: Comparison, a: Article) -> str:
    reasons = ", ".join(sorted({d.reason for d in a.dropped}))
    dropped = f"{len(a.dropped)} dropped" + (f" ({reasons})" if reasons else "")
    date = readable_date(a.date)
    parts = [", ".join(a.authors), date, a.place, f"{len(quotes_in(c, a.id))} quotes", dropped]
    return " · ".join(p for p in parts if p)


def _articles(c: Comparison, cls: dict[str, str]) -> list[dict[str, Any]]:
    return [{"a": a, "body": _article_body(c, a, cls), "meta": _meta(c, a)} for a in c.articles]


def _alignments(c: Comparison, cls: dict[str, str]) -> list[dict[str, Any]]:
    quotes = quote_map(c)
    out = []
    for al in c.alignments:
        pairs = [
            {
                "p": pair,
                "sides": [
                    (side_article(quotes, ids), ids, side_text(quotes, ids))
                    for ids in (pair.a, pair.b)
                ],
                "diff": diff_chunks(pair),
            }
            for pair in al.pairs
        ]
        out.append(
            {
                "al": al,
                "speaker": person_name(c, al.speaker_id) or UNKNOWN_SPEAKER,
                "cls": cls.get(al.speaker_id or "", "sp-none"),
                "pairs": pairs,
            }
        )
    return out


def _to_check(c: Comparison, cls: dict[str, str]) -> list[dict[str, Any]]:
    """Every attribution a reader should verify, in article order: the speaker, why it is
    uncertain, the quote."""
    return [
        {
            "q": q,
            "speaker": speaker_label(c, q),
            "cls": cls.get(q.speaker_id or "", "sp-none"),
            "check": check,
        }
        for a in c.articles
        for q in quotes_in(c, a.id)
        if (check := speaker_check(q))
    ]


def _voices(c: Comparison, cls: dict[str, str]) -> dict[str, Any]:
    counts = Counter((q.speaker_id, q.article) for q in c.quotes)
    voiced = {pid for ids in c.coverage.voices.values() for pid in ids}
    order = [p.id for p in c.people if p.id in voiced] + sorted(voiced - {p.id for p in c.people})
    only = {pid: aid for aid, ids in c.coverage.exclusive.items() for pid in ids}
    rows = [
        {
            "name": person_name(c, pid) or pid,
            "cls": cls.get(pid, "sp-none"),
            "only": only.get(pid),
            "cells": [
                (pid in c.coverage.voices.get(a.id, ()), counts[pid, a.id]) for a in c.articles
            ],
        }
        for pid in order
    ]
    exclusive = [
        (aid, [person_name(c, pid) or pid for pid in c.coverage.exclusive[aid]])
        for aid in article_keys(c, c.coverage.exclusive)
        if c.coverage.exclusive[aid]
    ]
    return {"rows": rows, "exclusive": exclusive}


def _discrepancies(c: Comparison) -> list[dict[str, Any]]:
    """Each discrepancy with every article's value (None: not stated) and its span's anchor."""
    return [
        {
            "d": d,
            "rows": [
                (aid, d.values.get(aid), f"d-{d.id}-{aid}" if d.spans.get(aid) else None)
                for aid in article_keys(c, d.values)
            ],
        }
        for d in c.discrepancies
    ]


def _people(c: Comparison, cls: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "p": p,
            "cls": cls.get(p.id, "sp-none"),
            "by_article": [
                (aid, p.descriptors_in(aid))
                for aid in article_keys(c, {d.article for d in p.descriptors})
            ],
        }
        for p in c.people
    ]


def _legend(c: Comparison, cls: dict[str, str]) -> list[dict[str, Any]]:
    counts = Counter(q.speaker_id for q in c.quotes)
    legend = [
        {"name": person_name(c, pid) or pid, "cls": k, "n": counts[pid]} for pid, k in cls.items()
    ]
    if counts[None]:
        legend.append({"name": "unresolved speaker", "cls": "sp-none", "n": counts[None]})
    return legend


def _script_data(c: Comparison) -> dict[str, Any]:
    aligns = alignments_by_quote(c)
    return {
        "alignments": {al.id: list(al.quotes) for al in c.alignments},
        "quotes": {
            q.id: {
                "article": q.article,
                "speaker": speaker_label(c, q),
                "check": speaker_check(q),
                "align": aligns.get(q.id, []),
            }
            for q in c.quotes
        },
    }


def report_css() -> str:
    """The report's stylesheet with its speaker palette (inlined in the file, served by the web
    app)."""
    palette = "".join(f".sp-{i}{{--c:{c}}}" for i, c in enumerate(speaker_colours()))
    return _source("report.css") + f"\n.sp-none{{--c:{UNRESOLVED}}}{palette}\n"


def report_js() -> str:
    """The report's click-a-quote script."""
    return _source("report.js")


def _source(name: str) -> str:
    loader = _env.loader
    assert loader is not None
    return loader.get_source(_env, name)[0]


def report_context(c: Comparison) -> dict[str, Any]:
    """What the report's markup is built from — article bodies, legend, aligned quotes, the
    attributions to check, voices, facts that differ, people, the script's data — for the HTML
    file and the web story page."""
    cls = speaker_classes(c)
    return {
        "data": script_json(_script_data(c)),
        "articles": _articles(c, cls),
        "legend": _legend(c, cls),
        "alignments": _alignments(c, cls),
        "to_check": _to_check(c, cls),
        "voices": _voices(c, cls),
        "discrepancies": _discrepancies(c),
        "people": _people(c, cls),
        "article_ids": [a.id for a in c.articles],
    }


def render_html(comparison: Comparison) -> str:
    css, js = report_css(), report_js()
    return _env.get_template("report.html.j2").render(
        c=comparison,
        css=Markup(css),
        js=Markup(js),
        csp=f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'",
        **report_context(comparison),
    )
