"""The terminal summary: what a reader scanning a shell wants first — who spoke where, which
renderings of one utterance differ and how, and which facts disagree.

Built with rich on a recording console so the same code yields plain text for tests and pipes
and ANSI colour for a real terminal. Article text is only ever passed as `Text` objects (never
markup strings) and flattened to one line, so it cannot inject styles or terminal controls.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsparallax.model import AlignedPair, Comparison
from newsparallax.report.common import (
    UNKNOWN_SPEAKER,
    article_keys,
    diff_chunks,
    one_line,
    pair_label,
    person_name,
    quote_map,
    quotes_in,
    side_article,
    side_text,
    speaker_check,
    speaker_label,
    value_or_missing,
)

RELATION_STYLE = {
    "verbatim": "green",
    "trimmed": "cyan",
    "split": "blue",
    "reworded": "bold red",
    "paraphrase": "magenta",
}
DIFF_STYLE = {"equal": "", "del": "red strike", "ins": "green underline"}
DIFF_MARKS = {"equal": ("", ""), "del": ("[-", "-]"), "ins": ("{+", "+}")}


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Text(title, style="bold underline"))


def _articles(console: Console, c: Comparison) -> None:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name, justify in [
        ("article", "left"),
        ("outlet", "left"),
        ("title", "left"),
        ("quotes", "right"),
        ("dropped", "right"),
    ]:
        table.add_column(name, justify=justify)
    for a in c.articles:
        table.add_row(
            Text(a.id, style="bold"),
            Text(one_line(a.outlet or "—")),
            Text(one_line(a.title or "—")),
            str(len(quotes_in(c, a.id))),
            str(len(a.dropped)),
        )
    _heading(console, "Articles")
    console.print(table)


def _voices(console: Console, c: Comparison) -> None:
    _heading(console, "Voices")
    voices, exclusive = c.coverage.voices, c.coverage.exclusive
    for aid in article_keys(c, set(voices) | {a.id for a in c.articles}):
        line = Text(f"{aid}: ", style="bold")
        ids = voices.get(aid, ())
        for i, pid in enumerate(ids):
            line.append(", " if i else "")
            line.append(one_line(person_name(c, pid) or pid))
            if pid in exclusive.get(aid, ()):
                line.append(" [only here]", style="yellow")
        if not ids:
            line.append("(nobody quoted)", style="dim")
        console.print(line, soft_wrap=True)


def _diff_line(pair: AlignedPair) -> Text:
    line = Text("    ")
    for i, (kind, text) in enumerate(diff_chunks(pair)):
        opening, closing = DIFF_MARKS[kind]
        line.append(" " if i else "")
        line.append(f"{opening}{text}{closing}", style=DIFF_STYLE[kind])
    return line


def _alignments(console: Console, c: Comparison) -> None:
    if not c.alignments:
        return
    _heading(console, "Aligned quotes")
    quotes = quote_map(c)
    for al in c.alignments:
        head = Text(f"{al.id}  ")
        head.append(al.relation, style=RELATION_STYLE.get(al.relation, ""))
        head.append(f"  {one_line(person_name(c, al.speaker_id) or UNKNOWN_SPEAKER)}")
        head.append(f"  ({', '.join(al.quotes)})", style="dim")
        console.print(head, soft_wrap=True)
        for pair in al.pairs:
            label = Text(f"  {pair_label(quotes, pair)}  ")
            label.append(pair.relation, style=RELATION_STYLE.get(pair.relation, ""))
            label.append(f", similarity {pair.similarity:.2f}", style="dim")
            console.print(label, soft_wrap=True)
            if pair.diff:
                console.print(_diff_line(pair), soft_wrap=True)
            else:
                for ids in (pair.a, pair.b):
                    console.print(
                        Text(f'    {side_article(quotes, ids)}: "{side_text(quotes, ids)}"'),
                        soft_wrap=True,
                    )


def _discrepancies(console: Console, c: Comparison) -> None:
    if not c.discrepancies:
        return
    _heading(console, "Facts that differ")
    for d in c.discrepancies:
        console.print(Text(f"{one_line(d.about)} — {one_line(d.topic)}", style="bold"))
        for aid in article_keys(c, d.values):
            span = d.spans.get(aid)
            where = f" ({aid}:{span.start}-{span.end})" if span else ""
            console.print(Text(f"  {aid}: {value_or_missing(d.values[aid])}{where}"))


def _quotes(console: Console, c: Comparison) -> None:
    _heading(console, "Quotes")
    for a in c.articles:
        console.print(Text(a.id, style="bold"))
        for q in quotes_in(c, a.id):
            line = Text(f"  {q.kind:<8} ", style="dim")
            line.append(one_line(speaker_label(c, q)), style="bold" if q.speaker_id else "")
            line.append(f' — "{one_line(q.text)}" ({q.article}:{q.start}-{q.end})')
            check = speaker_check(q)
            if check:
                line.append(f" [{check}]", style="yellow")
            console.print(line, soft_wrap=True)


def render_text(comparison: Comparison, color: bool = False, width: int = 100) -> str:
    """The summary as a string; `color=True` keeps rich's ANSI styles for a real terminal."""
    console = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=color,
        color_system="standard" if color else None,
        markup=False,
        highlight=False,
        emoji=False,
    )
    c = comparison
    console.print(
        Text(
            f"newsparallax comparison {c.id}: {len(c.articles)} articles, "
            f"{len(c.quotes)} quotes, {len(c.people)} people",
            style="bold",
        )
    )
    for section in (_articles, _voices, _alignments, _discrepancies, _quotes):
        section(console, c)
    return console.export_text(styles=color)
