"""The same summary as the terminal one, as Markdown for pasting into an issue, a wiki or a note.

Article text is escaped character by character (backslash before every Markdown special, `|`
included) and flattened to one line, so a headline can neither break a table nor become a link,
an image or raw HTML wherever the Markdown is rendered. (No code spans around article-derived
text: backslash escapes do not work inside them.)
"""

from __future__ import annotations

from newsparallax.model import Comparison
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

# Only characters that can start markup mid-line (plus `$`, which GitHub reads as maths):
# line-start markers like `-` or `1.` never apply because article text never starts a line here.
_SPECIALS = set("\\`*_{}[]<>#!|~&$")


def md(text: str | None) -> str:
    """Escape text for inline Markdown (CommonMark lets any ASCII punctuation be escaped)."""
    return "".join(f"\\{ch}" if ch in _SPECIALS else ch for ch in one_line(text or ""))


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]], right: int = 0) -> list[str]:
    """A pipe table; the last `right` columns are right-aligned numbers."""
    rule = ["---"] * (len(header) - right) + ["---:"] * right
    return [_row(*header), _row(*rule), *(_row(*r) for r in rows), ""]


def _articles(c: Comparison) -> list[str]:
    rows = [
        [
            f"**{md(a.id)}**",
            md(a.outlet or "—"),
            md(a.title or "—"),
            str(len(quotes_in(c, a.id))),
            str(len(a.dropped)),
        ]
        for a in c.articles
    ]
    return [
        "## Articles",
        "",
        *_table(["Article", "Outlet", "Title", "Quotes", "Dropped"], rows, 2),
    ]


def _voices(c: Comparison) -> list[str]:
    lines = ["## Voices", ""]
    voices, exclusive = c.coverage.voices, c.coverage.exclusive
    for aid in article_keys(c, set(voices) | {a.id for a in c.articles}):
        names = [
            md(person_name(c, pid) or pid)
            + (" *(only here)*" if pid in exclusive.get(aid, ()) else "")
            for pid in voices.get(aid, ())
        ]
        lines.append(f"- **{md(aid)}**: {', '.join(names) or '*(nobody quoted)*'}")
    return [*lines, ""]


def _diff(chunks: list[tuple[str, str]]) -> str:
    marks = {"equal": "{}", "del": "~~{}~~", "ins": "**{}**"}
    return " ".join(marks[kind].format(md(text)) for kind, text in chunks)


def _alignments(c: Comparison) -> list[str]:
    if not c.alignments:
        return []
    lines = ["## Aligned quotes", "", "Removed words are ~~struck~~, added words **bold**.", ""]
    quotes = quote_map(c)
    for al in c.alignments:
        who = md(person_name(c, al.speaker_id) or UNKNOWN_SPEAKER)
        lines += [f"### {md(al.id)}: {al.relation} — {who}", ""]
        for pair in al.pairs:
            lines.append(
                f"- {md(pair_label(quotes, pair))}: *{pair.relation}*, "
                f"similarity {pair.similarity:.2f}"
            )
            if pair.diff:
                lines.append(f"  - {_diff(diff_chunks(pair))}")
            else:
                for ids in (pair.a, pair.b):
                    art, text = side_article(quotes, ids), side_text(quotes, ids)
                    lines.append(f"  - {md(art)}: “{md(text)}”")
        lines.append("")
    return lines


def _discrepancies(c: Comparison) -> list[str]:
    if not c.discrepancies:
        return []
    arts = [a.id for a in c.articles]
    rows = []
    for d in c.discrepancies:
        cells = []
        for aid in arts:
            span = d.spans.get(aid)
            where = f" ({md(aid)}:{span.start}-{span.end})" if span else ""
            cells.append(md(value_or_missing(d.values.get(aid))) + where if aid in d.values else "")
        rows.append([md(d.about), md(d.topic), *cells])
    return ["## Facts that differ", "", *_table(["Person", "Topic", *map(md, arts)], rows)]


def _quotes(c: Comparison) -> list[str]:
    lines = ["## Quotes", ""]
    for a in c.articles:
        lines += [f"### {md(a.id)}", ""]
        for q in quotes_in(c, a.id):
            check = speaker_check(q)
            lines.append(
                f"- **{md(speaker_label(c, q))}** — “{md(q.text)}” "
                f"({md(q.article)}:{q.start}-{q.end}, {q.kind})"
                + (f" — *{md(check)}*" if check else "")
            )
        lines.append("")
    return lines


def _people(c: Comparison) -> list[str]:
    if not c.people:
        return []
    lines = ["## People", ""]
    for p in c.people:
        aka = f" (also: {', '.join(md(x) for x in p.aliases)})" if p.aliases else ""
        lines.append(f"- **{md(p.name)}**{aka}, {p.kind}")
        for aid in article_keys(c, {d.article for d in p.descriptors}):
            lines.append(f"  - {md(aid)}: {'; '.join(md(d.text) for d in p.descriptors_in(aid))}")
    return [*lines, ""]


def render_markdown(comparison: Comparison) -> str:
    c = comparison
    head = [
        f"# newsparallax comparison `{c.id}`",
        "",
        f"{len(c.articles)} articles, {len(c.quotes)} quotes, {len(c.people)} people.",
        "",
    ]
    sections = (_articles, _voices, _alignments, _discrepancies, _quotes, _people)
    body = [line for section in sections for line in section(c)]
    return "\n".join(head + body).rstrip("\n") + "\n"
