"""Renderers: every format renders the sample, JSON follows the interchange format, and hostile
article text never turns into markup in Markdown or HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from newsparallax.model import Article, Comparison, Coverage, Quote, Span
from newsparallax.report import FORMATS, render
from newsparallax.report.common import speaker_label
from newsparallax.report.highlight import Layer, highlight
from newsparallax.report.html_format import script_json
from newsparallax.report.json_format import FORMAT_VERSION, to_dict
from newsparallax.report.markdown_format import md
from newsparallax.report.text_format import render_text
from sample_comparison import HOSTILE_QUOTE, HOSTILE_TITLE, build_sample_comparison


@pytest.fixture(scope="module")
def comparison():
    return build_sample_comparison()


@pytest.fixture(scope="module")
def rendered(comparison):
    return {fmt: render(comparison, fmt) for fmt in FORMATS}


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_renders_deterministically(comparison, rendered, fmt):
    assert rendered[fmt].strip()
    assert render(comparison, fmt) == rendered[fmt]


def bare_comparison() -> Comparison:
    """One article, one unattributed quote with offsets past the end, nothing else."""
    text = "TITLE [red]x[/red] \x1b[2J\nA line. `code` <b>"
    article = Article(id="solo", text=text, title=text.splitlines()[0])
    stray = Quote(id="q9", article="solo", kind="direct", start=40, end=90, text="gone")
    return Comparison((article,), (stray,), (), (), (), Coverage({}, {}, ()))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bare_comparison_renders(fmt):
    out = render(bare_comparison(), fmt)
    assert "solo" in out
    assert "\x1b" not in out


def test_text_shows_markup_literally():
    out = render(bare_comparison(), "text")
    assert "TITLE [red]x[/red]" in out
    assert "nobody quoted" in out


def test_unknown_format_is_a_clear_error(comparison):
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render(comparison, "pdf")


def test_sample_offsets_are_exact(comparison):
    for q in comparison.quotes:
        assert comparison.article(q.article).text[q.start : q.end] == q.text


# --- JSON ---------------------------------------------------------------------------------------


def test_json_has_the_interchange_fields(rendered):
    out = json.loads(rendered["json"])
    assert out["format"] == FORMAT_VERSION
    for a in out["articles"]:
        assert {"id", "outlet", "dropped"} <= a.keys()
        assert all(isinstance(s, list) and len(s) == 2 for s in a["dropped"])
    for q in out["quotes"]:
        assert {
            "id",
            "article",
            "kind",
            "start",
            "end",
            "text",
            "speaker",
            "speaker_id",
        } <= q.keys()
        assert q["kind"] in {"direct", "partial", "indirect", "block"}
    for p in out["people"]:
        assert {"id", "name", "aliases", "descriptors"} <= p.keys()
        assert all(isinstance(v, list) for v in p["descriptors"].values())
    for al in out["alignments"]:
        assert {"quotes", "relation"} <= al.keys()
    for d in out["discrepancies"]:
        assert {"about", "topic", "values"} <= d.keys()
    assert list(out)[:2] == ["format", "id"]


def test_json_quote_text_is_the_article_slice(comparison, rendered):
    out = json.loads(rendered["json"])
    texts = {a.id: a.text for a in comparison.articles}
    assert len(out["quotes"]) == len(comparison.quotes)
    for q in out["quotes"]:
        assert texts[q["article"]][q["start"] : q["end"]] == q["text"]
    for a in out["articles"]:
        for start, end in a["dropped"]:
            assert 0 <= start < end <= len(texts[a["id"]])


def test_json_values(comparison, rendered):
    out = json.loads(rendered["json"])
    assert out["voices"] == {
        "ledger": ["Ilse Varga", "Tomas Oduya", "City of Marrowby"],
        "courier": ["Ilse Varga", "Joan Pell"],
        "radio": ["Tomas Oduya", "Ilse Varga"],
    }
    assert out["coverage"]["exclusive"] == {"ledger": ["p4"], "courier": ["p3"]}
    assert out["coverage"]["shared"] == ["p1", "p2"]
    varga = next(p for p in out["people"] if p["id"] == "p1")
    assert varga["descriptors"] == {
        "ledger": ["Mayor"],
        "courier": ["mayor for eight years"],
        "radio": ["Mayor"],
    }
    split = next(al for al in out["alignments"] if al["relation"] == "split")
    assert split["quotes"] == ["l2", "c1", "c2"] and split["speaker"] == "Ilse Varga"
    assert split["pairs"][0]["b"] == ["c1", "c2"]
    texts = {a.id: a.text for a in comparison.articles}
    for op in split["pairs"][0]["diff"]:
        if op["a_start"] is not None:
            assert texts["ledger"][op["a_start"] : op["a_end"]] == op["a_text"]
    years = out["discrepancies"][0]
    assert years["values"] == {"ledger": "six years", "courier": "eight years", "radio": None}
    assert years["spans"]["radio"] is None
    assert texts["courier"][years["spans"]["courier"]["start"] :].startswith("eight years")
    courier = next(a for a in out["articles"] if a["id"] == "courier")
    assert courier["title"] == HOSTILE_TITLE
    assert courier["dropped_detail"][0]["reason"] == "related-link"


def test_json_is_utf8_and_indented(rendered):
    assert "—" in rendered["json"] and "\\u2014" not in rendered["json"]
    assert rendered["json"].startswith('{\n  "format"')
    assert json.loads(rendered["json"]) == json.loads(
        json.dumps(to_dict(build_sample_comparison()))
    )


# --- text and Markdown --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_summaries_mention_speakers_relations_and_facts(comparison, rendered, fmt):
    out = rendered[fmt]
    for p in comparison.people:
        assert p.name in out
    for relation in ("split", "reworded", "paraphrase"):
        assert relation in out
    for topic in ("years as mayor", "cost of repairs"):
        assert topic in out
    for a in comparison.articles:
        assert a.id in out


def test_text_lists_every_quote_with_its_location(comparison, rendered):
    out = squash(rendered["text"])
    for q in comparison.quotes:
        assert f'"{squash(q.text)}" ({q.article}:{q.start}-{q.end})' in out
    assert 'Joan Pell — "' in out
    assert "[only here]" in out
    assert "We rebuilt it stronger than before, [-and-] it will carry" in out
    assert "good for a [-century-] {+hundred years+}" in out
    assert "courier: eight years" in out and "radio: (not stated)" in out
    assert "Marrowby Ledger" in out


def test_text_colour_is_opt_in(comparison, rendered):
    assert "\x1b[" not in rendered["text"]
    assert "\x1b[" in render_text(comparison, color=True)


def test_markdown_escapes_article_text(rendered):
    out = rendered["markdown"]
    assert "<script>" not in out
    assert r"Bridge reopens \<script\>alert(1)\</script\> \| \*soon\*" in out
    assert "~~century~~ **hundred years**" in out
    rows = [line for line in out.splitlines() if line.startswith("| **courier**")]
    assert len(rows) == 1 and rows[0].count(" | ") == 4  # the escaped | did not split the row


def test_md_escape():
    assert md("a|b *c* [d](e) <f> $1\nnext") == r"a\|b \*c\* \[d\](e) \<f\> \$1 next"


# --- HTML ---------------------------------------------------------------------------------------


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = Collect()
    collector.feed(html)
    return collector.tags


def test_html_fetches_nothing(rendered):
    tags = parse(rendered["html"])
    for tag, attrs in tags:
        for name in ("src", "href", "srcset", "action", "poster", "data"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
        assert tag not in {"img", "iframe", "link", "object", "embed", "base"}
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "np-data"}, {}]
    assert not re.search(r"url\(|@import", rendered["html"])
    csp = next(a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy")
    assert csp.startswith("default-src 'none'; script-src 'sha256-")


def test_html_never_emits_article_markup(rendered):
    html = rendered["html"]
    assert "<script>alert(1)" not in html
    assert 'onmouseover="alert(2)' not in html
    assert html.count("<script") == 2
    assert not any("onmouseover" in attrs for _, attrs in parse(html))
    assert "Bridge reopens &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_marks_every_quote(comparison, rendered):
    tags = parse(rendered["html"])
    marks = {a["id"]: a for t, a in tags if t == "mark" and a.get("id")}
    for q in comparison.quotes:
        mark = marks[f"q-{q.id}"]
        assert mark["data-quote"] == q.id
        assert mark["data-speaker"] == (q.speaker_id or "")
    assert marks["q-l2"]["data-align"] == "a1"
    assert "sp-none" in marks["q-c4"]["class"]
    assert marks["q-c1"]["class"] == marks["q-r2"]["class"]  # same speaker, same colour
    ids = [a["id"] for _, a in tags if a.get("id")]
    assert len(ids) == len(set(ids))


def test_html_sections(rendered):
    html = rendered["html"]
    for heading in ("Aligned quotes", "Voices", "Facts that differ", "People"):
        assert f"<h2>{heading}</h2>" in html
    assert "<del>century</del> <ins>hundred years</ins>" in html
    assert 'href="#q-c2"' in html and 'href="#d-d1-courier"' in html
    assert 'id="d-d1-courier"' in html and 'id="d-d1-radio"' not in html
    assert 'class="dateline"' in html and 'class="dropped"' in html
    assert "only in courier" in html


def test_highlight_text_survives(comparison, rendered):
    """Stripping the tags from each column and unescaping gives back the article, exactly."""
    import html as htmllib

    for a in comparison.articles:
        body = re.search(
            rf'data-article="{a.id}">.*?<div class="text">(.*?)</div>', rendered["html"], re.S
        )
        assert htmllib.unescape(re.sub(r"<[^>]+>", "", body.group(1))) == a.text


def test_highlight_nests_and_splits_crossing_ranges():
    text = "ab<cd>ef"
    out = highlight(
        text,
        [
            Layer(0, 6, "mark", 0, ("outer",), "o"),
            Layer(2, 4, "mark", 1, ("inner",), "i"),
            Layer(3, 8, "span", 2, ("cross",), "x"),
            Layer(5, 99, "span", 0, ("bad",)),  # out of range: skipped
        ],
    )
    assert out == (
        '<mark class="outer" id="o">ab<mark class="inner" id="i">&lt;'
        '<span class="cross" id="x">c</span></mark><span class="cross cont">d&gt;</span></mark>'
        '<span class="cross cont">ef</span>'
    )


def test_script_json_cannot_close_the_script():
    out = script_json({"t": "</script><!-- & -->"})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"t": "</script><!-- & -->"}


def test_hostile_quote_is_in_the_sample():
    c = build_sample_comparison()
    assert any(HOSTILE_QUOTE in q.text for q in c.quotes)


def test_every_json_field_is_documented(rendered):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "json-format.md").read_text()

    def keys(value):
        if isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from keys(v)
        elif isinstance(value, list):
            for v in value:
                yield from keys(v)

    out = json.loads(rendered["json"])
    article_ids = {a["id"] for a in out["articles"]}
    missing = {k for k in keys(out) if k not in article_ids and f"`{k}`" not in doc}
    assert not missing


def test_highlight_makes_controls_visible_without_shifting_offsets():
    out = highlight("a\x1bb\tc\nd", [Layer(2, 3, "b")])
    assert out == "a␛<b>b</b>\tc\nd"
    assert "␛" in render(bare_comparison(), "html")


@pytest.mark.parametrize(
    ("speaker", "mention", "expected"),
    [
        ("Ana Ruiz", "Ruiz", "Ana Ruiz"),
        (None, "Several residents", "Several residents (unresolved)"),
        (None, "the district's\ndrought plan", "the district's drought plan (unresolved)"),
        (None, None, "unknown speaker"),
    ],
)
def test_an_unresolved_speaker_is_labelled_by_the_words_naming_it(
    comparison, speaker, mention, expected
):
    text = f"{mention or 'It'} said the bridge would reopen in May."
    quote = Quote(
        id="q",
        article=comparison.articles[0].id,
        kind="indirect",
        start=text.index("the bridge"),
        end=len(text) - 1,
        text="the bridge would reopen in May",
        cue=None,
        mention=Span(0, len(mention), mention) if mention else None,
        speaker=speaker,
        how="cue",
    )
    assert speaker_label(comparison, quote) == expected


def test_speaker_colours_stay_distinct_beyond_the_palette():
    """Twenty speakers in one story get twenty colours a reader tells apart (CIE76 distance of
    15 or more, about what the hand-picked palette keeps between its own colours)."""
    import itertools
    import math

    from newsparallax.report.html_format import (
        PALETTE,
        SPEAKER_COLOURS,
        _hex_rgb,
        _lab,
        report_css,
        speaker_colours,
    )

    colours = speaker_colours()
    assert colours[: len(PALETTE)] == PALETTE and len(set(colours)) == SPEAKER_COLOURS
    labs = [_lab(_hex_rgb(c)) for c in colours[:20]]
    assert min(math.dist(a, b) for a, b in itertools.combinations(labs, 2)) >= 15
    assert all(_lab(_hex_rgb(c))[0] >= 65 for c in colours)  # light: dark text stays readable
    assert f".sp-{SPEAKER_COLOURS - 1}{{--c:{colours[-1]}}}" in report_css()


def test_the_claim_map_and_framing_in_the_html_report(examples_comparison):
    import re

    c = examples_comparison
    page = render(c, "html")
    only = [s for s in c.claims.statements if s.only]
    assert only and len(re.findall(r'class="st only-claim"', page)) == len(only)
    anchors = set(re.findall(r'id="(st-[0-9a-f]+|cd-[0-9a-f]+-[ab])"', page))
    links = set(re.findall(r'href="#(st-[0-9a-f]+|cd-[0-9a-f]+-[ab])"', page))
    assert links and links <= anchors  # every "only here", "left out" and "told" link lands
    left_out = sum(len(groups) for groups in c.claims.left_out.values())
    assert page.count("others</small>") == left_out
    framing = page[page.index('<section id="framing">') :]
    rows = framing[: framing.index("</table>")].count("<tr>") - 1
    assert rows == len(c.articles)
    assert framing.count('<rect class="frame-') >= len(c.articles) - 1
    assert page.count('class="prom"') == len(c.coverage.prominence)
    for difference in c.claims.differences:
        assert f'href="#cd-{difference.id}-a"' in page
