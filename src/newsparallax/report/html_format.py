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
from collections import Counter, defaultdict
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from newsparallax.analysis.framing import aligned_frames, outlet_shares
from newsparallax.analysis.lexicon import FRAMES
from newsparallax.model import Article, Comparison, Quote, Statement
from newsparallax.report.common import (
    UNKNOWN_SPEAKER,
    alignments_by_quote,
    article_keys,
    diff_chunks,
    one_line,
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
# Reporting-verb classes (docs/framing.md): neutral is grey so that the loaded verbs stand out.
FRAME_COLOURS = {
    "neutral": "#b8b8bd", "assertive": "#1f5fbf", "doubting": "#c62828", "conceding": "#ef8f00",
    "denying": "#7b1fa2", "factive": "#2e7d32", "emotive": "#e0457b", "directive": "#00838f",
    "belief": "#8d6e63", "finding": "#5c6bc0", "other": "#e4e4e7",
}  # fmt: skip
LIST_LIMIT = 8  # statements shown per list before "more"
BAR_WIDTH = 220  # pixels of a report's frame bar
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
    layers += _statement_layers(c, a)
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


def _statement_layers(c: Comparison, a: Article) -> list[Layer]:
    """Every statement as an anchor (`st-ID`, shaded when only this report carries it), and
    the words of a statement another report tells differently (`cd-ID-a` / `cd-ID-b`)."""
    layers = [
        Layer(s.start, s.end, "span", 0, ("st", "only-claim"), f"st-{s.id}",
              (("title", f"only in {a.id}"),))
        if s.only
        else Layer(s.start, s.end, "span", 0, ("st",), f"st-{s.id}")
        for s in c.claims.statements
        if s.article == a.id
    ]  # fmt: skip
    articles = {s.id: s.article for s in c.claims.statements}
    for d in c.claims.differences:
        for side, sid, span in (("a", d.a, d.a_span), ("b", d.b, d.b_span)):
            if articles.get(sid) == a.id:
                title = f"told differently ({d.kind}) in another report"
                layers.append(
                    Layer(span.start, span.end, "span", 5, ("claim-diff",), f"cd-{d.id}-{side}",
                          (("title", title),))
                )  # fmt: skip
    return layers


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
    frames = {item.alignment: item for item in aligned_frames(c)}
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
        framed = frames.get(al.id)
        out.append(
            {
                "al": al,
                "speaker": person_name(c, al.speaker_id) or UNKNOWN_SPEAKER,
                "cls": cls.get(al.speaker_id or "", "sp-none"),
                "pairs": pairs,
                "verbs": [r for r in framed.renderings if r.verb] if framed else [],
                "frame_changed": bool(framed and framed.changed),
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
    prominence = {(p.article, p.person): p for p in c.coverage.prominence}
    rows = [
        {
            "name": person_name(c, pid) or pid,
            "cls": cls.get(pid, "sp-none"),
            "only": only.get(pid),
            "cells": [
                (pid in c.coverage.voices.get(a.id, ()), counts[pid, a.id]) for a in c.articles
            ],
            "prominence": [prominence.get((a.id, pid)) for a in c.articles],
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
    frames = "".join(
        f".frame-{f}{{--c:{colour};fill:{colour}}}" for f, colour in FRAME_COLOURS.items()
    )
    return _source("report.css") + f"\n.sp-none{{--c:{UNRESOLVED}}}{palette}{frames}\n"


def report_js() -> str:
    """The report's click-a-quote script."""
    return _source("report.js")


def _source(name: str) -> str:
    loader = _env.loader
    assert loader is not None
    return loader.get_source(_env, name)[0]


def _label(a: Article) -> str:
    return f"{a.id} · {a.outlet}" if a.outlet and a.outlet != a.id else a.id


def _claims(c: Comparison) -> dict[str, Any]:
    """Per report: the statements only it carries, the groups it leaves out (each shown by its
    first statement, with how many reports carry it); then the statements told differently."""
    statements = {s.id: s for s in c.claims.statements}
    by_group: dict[str, list[Statement]] = defaultdict(list)
    for statement in c.claims.statements:
        by_group[statement.group].append(statement)
    labels = {a.id: _label(a) for a in c.articles}
    articles = []
    for a in c.articles:
        own = [s for s in c.claims.statements if s.article == a.id]
        left_out = []
        for group in c.claims.left_out.get(a.id, ()):
            members = by_group.get(group)
            if members:
                left_out.append(
                    {"statement": _typical(members), "carriers": len({s.article for s in members})}
                )
        articles.append(
            {"label": labels[a.id], "statements": len(own), "only": [s for s in own if s.only],
             "left_out": left_out}
        )  # fmt: skip
    differences = [
        {
            "id": d.id, "kind": d.kind,
            "a_label": labels.get(statements[d.a].article, "?"),
            "b_label": labels.get(statements[d.b].article, "?"),
            "a_words": one_line(d.a_span.text) if d.a_span.end - d.a_span.start < 60 else "",
            "b_words": one_line(d.b_span.text) if d.b_span.end - d.b_span.start < 60 else "",
            "a_text": one_line(statements[d.a].text), "b_text": one_line(statements[d.b].text),
        }
        for d in c.claims.differences
        if d.a in statements and d.b in statements
    ]  # fmt: skip
    return {
        "articles": articles,
        "differences": differences,
        "notes": c.claims.notes,
        "others": max(1, len(c.articles) - 1),
    }


def _typical(members: list[Statement]) -> Statement:
    """The statement a group is shown by: the one of median length (the first is often a
    headline or an aside that happens to share the group's words)."""
    lengths = sorted(len(s.text) for s in members)
    median = lengths[len(lengths) // 2]
    return min(members, key=lambda s: abs(len(s.text) - median))


def _framing(c: Comparison, claims: dict[str, Any]) -> dict[str, Any]:
    """Per report: a bar of its cued quotes by reporting-verb class, the shares of named sources
    and direct speech, and its only-here and left-out counts; and the utterances whose verbs
    change class from one report to another."""
    shares = outlet_shares(c)
    rows = []
    for a, claimed in zip(c.articles, claims["articles"], strict=True):
        found = shares[a.id]
        cued = sum(found.frames.values())
        bar, x = [], 0.0
        for frame in FRAMES:
            if found.frames[frame]:
                width = round(BAR_WIDTH * found.frames[frame] / cued, 1)
                bar.append({"frame": frame, "x": x, "w": width})
                x += width
        rows.append(
            {
                "label": claimed["label"],
                "bar": bar,
                "title": ", ".join(f"{f} {found.frames[f]}" for f in FRAMES if found.frames[f]),
                "named": _share(found.named, found.quotes),
                "direct": _share(found.direct, found.quotes),
                "only": _share(len(claimed["only"]), claimed["statements"]),
                "left_out": len(claimed["left_out"]),
            }
        )
    speakers = {al.id: person_name(c, al.speaker_id) or UNKNOWN_SPEAKER for al in c.alignments}
    changed = [
        {"alignment": item.alignment, "renderings": [r for r in item.renderings if r.verb],
         "speaker": speakers.get(item.alignment, UNKNOWN_SPEAKER)}
        for item in aligned_frames(c)
        if item.changed
    ]  # fmt: skip
    return {"rows": rows, "legend": FRAMES, "width": BAR_WIDTH, "changed": changed}


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%} ({part} of {whole})" if whole else "–"


def claims_sections(c: Comparison) -> Markup:
    """The claim map's and the framing summary's sections, for the report and the story page."""
    claims = _claims(c)
    return Markup(
        _env.get_template("claims.html.j2").render(
            claims=claims, framing=_framing(c, claims), limit=LIST_LIMIT
        )
    )


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
        "claims_html": claims_sections(c),
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
