"""`newsparallax eval quotes`: the PolNeAR-layout reader, the quote metrics and the command.

Every text here is invented for these tests (a bridge in the fictional town of Fernhill); no
PolNeAR text is used. Offsets are computed from the invented texts, never typed in by hand.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsparallax.cli import app
from newsparallax.evaluate.polnear import (
    GoldAttribution,
    content_type,
    is_speech_cue,
    parse_ann,
    read_polnear,
    read_polnear_full,
)
from newsparallax.evaluate.quote_metrics import (
    GoldName,
    Pred,
    coverage,
    evaluate_article,
    match_overlap,
    predictions_from_quotes,
    resolve_gold_sources,
    same_name,
    speaker_right,
    trim,
)
from newsparallax.model import Quote, Span

BRIDGE = (
    "Fernhill votes on the bridge\n"
    "\n"
    "“We will rebuild the bridge,” Mayor Ana Pirlo said. “It will take a year.”\n"
    "Pirlo said the town would borrow the money.\n"
    "Councillors believe the loan is too large.\n"
)


def at(text: str, piece: str, after: int = 0) -> tuple[int, int]:
    start = text.index(piece, after)
    return start, start + len(piece)


def t_line(tid: str, label: str, text: str, *spans: tuple[int, int]) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in spans)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in spans)}"


def bridge_ann() -> str:
    t = BRIDGE
    q1 = at(t, "“We will rebuild the bridge,”")
    q2 = at(t, "“It will take a year.”")
    said1 = at(t, "said")
    mayor = at(t, "Mayor Ana Pirlo")
    src2 = at(t, "Pirlo", said1[1])
    said2 = at(t, "said", src2[1])
    content2 = at(t, "the town would borrow the money")
    believe = at(t, "believe")
    who = at(t, "Councillors")
    content3 = at(t, "the loan is too large")
    return "\n".join(
        [
            t_line("T1", "Content", t, q1, q2),
            t_line("T2", "Cue", t, said1),
            t_line("T3", "Source", t, mayor),
            t_line("T4", "Attribution", t, said1),
            "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
            "#1\tAnnotatorNotes T1\tsplit by the cue",
            t_line("T5", "Source", t, src2),
            t_line("T6", "Cue", t, said2),
            t_line("T7", "Content", t, content2),
            t_line("T8", "Attribution", t, said2),
            "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
            t_line("T9", "Source", t, who),
            t_line("T10", "Cue", t, believe),
            t_line("T11", "Content", t, content3),
            t_line("T12", "Discard", t, believe),
            t_line("T13", "Attribution", t, believe),
            "E3\tAttribution:T13 Content:T11 Cue:T10 Source:T9",
            "",
        ]
    )


def write_split(root: Path, articles: dict[str, tuple[str | None, dict[str, str]]]) -> Path:
    """A PolNeAR-layout corpus at `root`: data/dev/text and data/dev/attributions."""
    split = root / "data" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    for name, (text, anns) in articles.items():
        if text is not None:
            (split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        for annotator, ann in anns.items():
            (split / "attributions" / f"{name}_{annotator}.ann").write_text(ann, encoding="utf-8")
    return split


# --- reader ------------------------------------------------------------------------------------


def test_reader_reads_discontinuous_content_cue_source_and_type(tmp_path: Path) -> None:
    write_split(tmp_path, {"fernhill_bridge": (BRIDGE, {"a1b2": bridge_ann()})})
    docs, problems = read_polnear(tmp_path, "dev")
    assert problems == []
    [doc] = docs
    assert doc.id == "fernhill_bridge" and doc.annotator == "a1b2"
    first, second, third = doc.attributions
    assert len(first.content) == 2
    assert first.content_span == (first.content[0][0], first.content[1][1])
    assert first.type == "direct" and first.speech_cue
    assert BRIDGE[slice(*first.source[0])] == "Mayor Ana Pirlo"
    assert second.type == "indirect" and BRIDGE[slice(*second.cue_span)] == "said"
    assert third.type == "indirect" and not third.speech_cue  # "believe" is not speech


def test_reader_accepts_root_data_dir_or_split_dir(tmp_path: Path) -> None:
    split = write_split(tmp_path, {"fernhill_bridge": (BRIDGE, {"a1b2": bridge_ann()})})
    for where in (tmp_path, tmp_path / "data", split):
        docs, problems = read_polnear(where, "dev")
        assert len(docs) == 1 and problems == []
    docs, problems = read_polnear(tmp_path, "test")
    assert docs == [] and "no 'test' split" in problems[0].message


def test_reader_multiline_span_text(tmp_path: Path) -> None:
    text = "The clerk wrote that the vote\nwas postponed.\n"
    content = at(text, "the vote\nwas postponed")
    wrote = at(text, "wrote")
    clerk = at(text, "The clerk")
    ann = "\n".join(
        [
            t_line("T1", "Content", text, content),  # its text holds a newline: two lines
            t_line("T2", "Cue", text, wrote),
            t_line("T3", "Source", text, clerk),
            t_line("T4", "Attribution", text, wrote),
            "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
        ]
    )
    assert len(ann.splitlines()) == 6
    write_split(tmp_path, {"clerk_note": (text, {"x": ann})})
    docs, problems = read_polnear(tmp_path, "dev")
    assert problems == []
    [attribution] = docs[0].attributions
    assert attribution.content == (content,)
    assert is_speech_cue("wrote")


def test_reader_attribution_without_source(tmp_path: Path) -> None:
    text = "The bridge will be rebuilt, officials announced.\n"
    ann = "\n".join(
        [
            t_line("T1", "Content", text, at(text, "The bridge will be rebuilt")),
            t_line("T2", "Cue", text, at(text, "announced")),
            t_line("T3", "Attribution-no-source", text, at(text, "announced")),
            "E1\tAttribution-no-source:T3 Content:T1 Cue:T2",
        ]
    )
    attributions, problems, skipped = parse_ann(ann, text, "x", "x.ann")
    assert problems == [] and skipped == 0
    assert attributions[0].source == () and attributions[0].source_span is None


def test_reader_reports_bad_lines_and_offsets_and_goes_on(tmp_path: Path) -> None:
    good = bridge_ann().splitlines()
    bad = [
        *good[:5],
        "this is not brat",  # line 6
        "T20\tContent 5 99999\tfar away",  # line 7: outside the text
        "E20\tAttribution:T4 Content:T20 Cue:T2",  # line 8: uses it
        "E21\tAttribution:T4 Content:T99",  # line 9: unknown span
        *good[5:],
    ]
    write_split(tmp_path, {"fernhill_bridge": (BRIDGE, {"a1b2": "\n".join(bad)})})
    result = read_polnear_full(tmp_path, "dev")
    where = {(Path(p.file).name, p.line) for p in result.problems}
    assert where == {
        ("fernhill_bridge_a1b2.ann", 6),
        ("fernhill_bridge_a1b2.ann", 7),
        ("fernhill_bridge_a1b2.ann", 8),
        ("fernhill_bridge_a1b2.ann", 9),
    }
    assert any("outside the text" in p.message for p in result.problems)
    assert result.skipped_attributions == 2
    assert len(result.docs[0].attributions) == 3  # the good ones are all still read


def test_reader_missing_text_file_and_several_annotators(tmp_path: Path) -> None:
    write_split(
        tmp_path,
        {
            "fernhill_bridge": (BRIDGE, {"b222": "", "a111": bridge_ann()}),
            "lost_story": (None, {"c333": bridge_ann()}),
        },
    )
    result = read_polnear_full(tmp_path, "dev")
    [problem] = result.problems
    assert problem.file.endswith("lost_story_c333.ann") and "no text file" in problem.message
    assert result.skipped_files == 1
    [doc] = result.docs
    assert doc.annotator == "a111" and len(doc.attributions) == 3  # first in sorted order


@pytest.mark.parametrize(
    ("text", "piece", "expected"),
    [
        ("He said “we will win” today.", "we will win", "direct"),  # marks just outside
        ("He said “we will win,” today.", "“we will win,”", "direct"),
        (
            "She called the plan “a gamble” for the town.",
            "the plan “a gamble” for the town",
            "mixed",
        ),
        ("She said it’s the voters’ choice.", "it’s the voters’ choice", "indirect"),
        ("They said ‘no more delays’ again.", "‘no more delays’", "direct"),
        ("He said ''we will win'' today.", "''we will win''", "direct"),
        ('He said "we will win" and "soon".', '"we will win" and "soon"', "mixed"),
    ],
)
def test_content_type(text: str, piece: str, expected: str) -> None:
    assert content_type(text, (at(text, piece),)) == expected


def test_speech_cue_lemmas() -> None:
    assert is_speech_cue("said Thursday morning")
    assert is_speech_cue("has argued") and is_speech_cue("replied") and is_speech_cue("told")
    assert is_speech_cue("called for")
    assert not is_speech_cue("believes") and not is_speech_cue("according to")
    assert not is_speech_cue("shows")


# --- metrics -----------------------------------------------------------------------------------

TEXT = (
    "“The bridge is safe,” the engineer said. Mayor Ana Pirlo said the repairs would cost "
    "four million dollars and take a year to finish. Residents think the toll is unfair.\n"
)


def gold(
    text: str, content: str, cue: str, source: str | None, *, speech: bool = True
) -> GoldAttribution:
    span = at(text, content)
    return GoldAttribution(
        id="E",
        article="a",
        content=(span,),
        cue=(at(text, cue),),
        source=(at(text, source),) if source else (),
        type=content_type(text, (span,)),
        speech_cue=speech,
        line=1,
    )


def pred(text: str, piece: str, type_: str = "direct", **kw) -> Pred:
    start, end = at(text, piece)
    for key in ("cue", "mention"):
        if isinstance(kw.get(key), str):
            kw[key] = at(text, kw[key])
    return Pred(start=start, end=end, type=type_, kind=type_, **kw)


def cell(result, metric: str, type_: str = "all", view: str = "all"):
    return result.table.cell(view, metric, type_)


def test_strict_match_ignores_quote_marks_and_edge_punctuation() -> None:
    g = gold(TEXT, "“The bridge is safe,”", "said", "the engineer")
    result = evaluate_article(TEXT, [g], [pred(TEXT, "The bridge is safe")])
    assert (cell(result, "content_strict").tp, cell(result, "content_strict").fp) == (1, 0)
    assert trim(TEXT, *at(TEXT, "“The bridge is safe,”")) == at(TEXT, "The bridge is safe")


def test_overlap_thresholds_30_and_80() -> None:
    content = "the repairs would cost four million dollars and take a year to finish"
    g = gold(TEXT, content, "said", "Mayor Ana Pirlo")
    half = pred(TEXT, "the repairs would cost four million dollars", "indirect")
    assert 0.3 <= coverage(g.content_span, (half.start, half.end)) < 0.8
    result = evaluate_article(TEXT, [g], [half])
    c30, c80 = cell(result, "content_30", "indirect"), cell(result, "content_80", "indirect")
    assert (c30.tp, c30.fp, c30.fn) == (1, 0, 0)
    assert (c80.tp, c80.fp, c80.fn) == (0, 1, 1)
    assert cell(result, "content_strict").tp == 0
    assert c30.precision == 1.0 and c80.f1 == 0.0


def test_greedy_matching_is_one_to_one() -> None:
    golds = [(0, 100), (100, 200)]
    assert match_overlap(golds, [(0, 200)], 0.3) == [(0, 0)]  # one prediction, one gold
    # two predictions on one gold: the better coverage wins, the other is left over
    assert match_overlap([(0, 100)], [(0, 50), (0, 90)], 0.3) == [(0, 1)]
    content = "the repairs would cost four million dollars and take a year to finish"
    g = gold(TEXT, content, "said", "Mayor Ana Pirlo")
    result = evaluate_article(
        TEXT, [g], [pred(TEXT, content, "indirect"), pred(TEXT, "take a year", "indirect")]
    )
    c = cell(result, "content_30", "indirect")
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)


def test_source_mention_overlap_and_no_source_rule() -> None:
    g = gold(TEXT, "“The bridge is safe,”", "said", "the engineer")
    right = pred(TEXT, "The bridge is safe", cue="said", mention="engineer")
    wrong = pred(TEXT, "The bridge is safe", cue="said", mention="Mayor Ana Pirlo")
    assert cell(evaluate_article(TEXT, [g], [right]), "source").tp == 1
    result = evaluate_article(TEXT, [g], [wrong])
    c = cell(result, "source", "direct")
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)
    assert result.table.acc("all", "source", "direct").matched == 1
    assert result.table.acc("all", "source", "direct").correct == 0
    no_source = gold(TEXT, "the toll is unfair", "think", None, speech=False)
    silent = pred(TEXT, "the toll is unfair", "indirect")
    talky = pred(TEXT, "the toll is unfair", "indirect", mention="Residents")
    assert cell(evaluate_article(TEXT, [no_source], [silent]), "source").tp == 1
    assert cell(evaluate_article(TEXT, [no_source], [talky]), "source").tp == 0


def test_speaker_and_end_to_end() -> None:
    content = "the repairs would cost four million dollars and take a year to finish"
    g = gold(TEXT, content, "said", "Mayor Ana Pirlo")
    names = [GoldName("Ana Pirlo", "name")]
    ok = pred(TEXT, content, "indirect", mention="Pirlo", speaker="Ana Pirlo")
    other = pred(TEXT, content, "indirect", mention="Pirlo", speaker="Bo Pirlo")
    r_ok = evaluate_article(TEXT, [g], [ok], names)
    assert cell(r_ok, "speaker").tp == 1 and cell(r_ok, "end_to_end").tp == 1
    r_other = evaluate_article(TEXT, [g], [other], names)
    assert cell(r_other, "source").tp == 1  # right mention ...
    assert cell(r_other, "speaker").tp == 0 and cell(r_other, "end_to_end").fn == 1  # wrong name


def pronoun_gold(text: str, quote: str, pronoun: str) -> GoldAttribution:
    """A direct quote followed by `, <pronoun> said`."""
    content = at(text, quote)
    source = (content[1] + 1, content[1] + 1 + len(pronoun))
    assert text[source[0] : source[1]] == pronoun
    said = at(text, "said", source[1])
    return GoldAttribution("E", "a", (content,), (said,), (source,), "direct", True, 1)


@pytest.mark.parametrize(
    ("text", "quote", "pronoun", "name"),
    [
        # a one-word name with no longer form in the article is an antecedent as it stands
        (
            "Mr. Pirlo spoke at the town hall on Monday.\n“We will rebuild the bridge,” he said.",
            "“We will rebuild the bridge,”",
            "he",
            "Pirlo",
        ),
        # a name inside someone's quoted words is not the reporter's antecedent
        (
            "Councillor Mark Ellis spoke after the vote.\n"
            "“Tom Brennan has promised us a bridge for years,” he said.",
            "“Tom Brennan has promised us a bridge for years,”",
            "he",
            "Mark Ellis",
        ),
        # gender agreement filters, nearness ranks: a name of unknown gender just before beats
        # one of the pronoun's gender further back
        (
            "Mayor Ana Pirlo opened the meeting.\nCouncillor Robin Tate spoke next.\n"
            "“The loan is too large,” she said.",
            "“The loan is too large,”",
            "she",
            "Robin Tate",
        ),
    ],
)
def test_gold_pronoun_judge(nlp, text: str, quote: str, pronoun: str, name: str) -> None:
    [found] = resolve_gold_sources(text, nlp(text), [pronoun_gold(text, quote, pronoun)])
    assert (found.name, found.how) == (name, "pronoun")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Gary Johnson spoke in Ohio on Monday. Jeh Johnson warned of hackers on Friday.\n"
            "Johnson said the states should ask for help.",
            "Jeh Johnson",
        ),
        (
            "Jeh Johnson warned of hackers on Friday. Gary Johnson spoke in Ohio on Monday.\n"
            "Johnson said the states should ask for help.",
            "Gary Johnson",
        ),
        (  # an honorific's gender keeps the name it fits
            "Hillary Clinton spoke in Ohio on Monday. Bill Clinton spoke on Friday.\n"
            "Mrs. Clinton said the states should ask for help.",
            "Hillary Clinton",
        ),
        (  # named only after the mention: the first full name after it
            "Johnson said the states should ask for help.\nJeh Johnson, the secretary, spoke.",
            "Jeh Johnson",
        ),
    ],
)
def test_gold_surname_is_the_full_name_named_last_before_it(nlp, text: str, name: str) -> None:
    attribution = gold(text, "the states should ask for help", "said", None)
    said = attribution.cue[0][0]
    surname = "Clinton" if "Clinton" in text else "Johnson"
    source = text.rindex(surname, 0, said)
    attribution = replace(attribution, source=((source, source + len(surname)),))
    [found] = resolve_gold_sources(text, nlp(text), [attribution])
    assert found.name == name


def test_same_name() -> None:
    assert same_name("Trump", "Donald J. Trump") and same_name("Mr. Obama", "Barack Obama")
    assert same_name("the Fernhill Council", "Fernhill Council")
    assert same_name("Lena Park-Ortiz", "Lena Park Ortiz") and same_name(
        "Park-Ortiz", "Lena Park Ortiz"
    )
    assert not same_name("Bill Pirlo", "Ana Pirlo") and not same_name(None, "Ana Pirlo")
    assert same_name("AROS", "Alliance to Reclaim Our Schools")
    assert not same_name("ARS", "Alliance to Reclaim Our Schools")
    assert same_name("Gao", "Gao Junlan") and same_name("Mr. Lou", "Lou Jiwei")  # family first
    assert not same_name("Lou", "Jiwei Gao")
    assert same_name("Ms. Acosta", "Melba Acosta Febo")  # the first of two surnames
    assert not same_name("Febo", "Melba Acosta Rivera")


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("Obama and Clinton", True),
        ("Both Mr. Obama and Mr. Biden", True),
        ("Clinton, Biden and Obama", True),
        ("Barack Obama", True),
        ("Clinton and Biden", False),
        ("Michelle Obama and Clinton", False),
        (None, False),
    ],
)
def test_a_coordinated_speaker_is_right_when_one_of_them_is(speaker, expected) -> None:
    named = gold(TEXT, "the toll is unfair", "said", "Residents")
    predicted = Pred(start=0, end=1, type="indirect", kind="indirect", speaker=speaker)
    assert speaker_right(named, predicted, GoldName("Barack Obama", "name")) is expected


def test_types_unmatched_fp_by_own_type_and_speech_view() -> None:
    belief = gold(TEXT, "the toll is unfair", "think", "Residents", speech=False)
    p_belief = pred(TEXT, "the toll is unfair", "indirect", mention="Residents")
    stray = pred(TEXT, "The bridge is safe", "direct", cue="said")
    result = evaluate_article(TEXT, [belief], [p_belief, stray])
    assert cell(result, "content_30", "indirect").tp == 1
    assert cell(result, "content_30", "direct").fp == 1  # unmatched: its own type
    speech = result.table
    # speech-verb cues only: the belief and the prediction matched to it drop out
    assert (
        speech.cell("speech", "content_30", "all").tp,
        speech.cell("speech", "content_30", "all").fn,
    ) == (0, 0)
    assert speech.cell("speech", "content_30", "all").fp == 1


def test_cue_exact() -> None:
    g = gold(TEXT, "“The bridge is safe,”", "said", "the engineer")
    hit = pred(TEXT, "The bridge is safe", cue="said")
    miss = pred(TEXT, "The bridge is safe", cue="the engineer said")
    assert cell(evaluate_article(TEXT, [g], [hit]), "cue").tp == 1
    c = cell(evaluate_article(TEXT, [g], [miss]), "cue")
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)


def test_a_statement_with_quoted_words_is_one_mixed_prediction() -> None:
    text = "Pirlo said the loan was “a fair deal” for Fernhill.\n"

    def quote(kind: str, piece: str, quoted: tuple[Span, ...] = ()) -> Quote:
        s, e = at(text, piece)
        return Quote(
            id=kind,
            article="a",
            kind=kind,
            start=s,
            end=e,
            text=text[s:e],
            cue=Span(*at(text, "said"), "said"),
            speaker="Ana Pirlo",
            quoted=quoted,
        )

    words = Span(*at(text, "a fair deal"), "a fair deal")
    statement = quote("indirect", "the loan was “a fair deal” for Fernhill", (words,))
    [only] = predictions_from_quotes([statement], text)
    assert only.type == "mixed" and only.partials == (at(text, "a fair deal"),)
    plain = predictions_from_quotes([quote("indirect", "the loan was")], text)
    assert [p.type for p in plain] == ["indirect"]
    alone = predictions_from_quotes([quote("partial", "a fair deal")], text)
    assert [p.type for p in alone] == ["mixed"]


# --- the command -------------------------------------------------------------------------------

STORY = (
    "“We will rebuild the bridge by spring,” Mayor Maria Lopez said on Monday.\n"
    "Lopez said the council would vote next week.\n"
)


def story_ann() -> str:
    t = STORY
    said1 = at(t, "said")
    said2 = at(t, "said", said1[1])
    return "\n".join(
        [
            t_line("T1", "Content", t, at(t, "“We will rebuild the bridge by spring,”")),
            t_line("T2", "Cue", t, said1),
            t_line("T3", "Source", t, at(t, "Mayor Maria Lopez")),
            t_line("T4", "Attribution", t, said1),
            "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
            t_line("T5", "Content", t, at(t, "the council would vote next week")),
            t_line("T6", "Cue", t, said2),
            t_line("T7", "Source", t, at(t, "Lopez", said1[1])),
            t_line("T8", "Attribution", t, said2),
            "E2\tAttribution:T8 Content:T5 Cue:T6 Source:T7",
            "E3\tbroken",
        ]
    )


def test_cli_eval_quotes(tmp_path: Path) -> None:
    write_split(tmp_path, {"lopez_bridge": (STORY, {"q1": story_ann()})})
    runner = CliRunner()
    args = ["eval", "quotes", "--polnear", str(tmp_path), "--split", "dev"]
    result = runner.invoke(app, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["articles"] == 1 and report["gold_attributions"]["all"] == 2
    direct = report["metrics"]["all"]["content_30"]["direct"]
    assert direct["tp"] == 1 and direct["fn"] == 0
    assert report["metrics"]["all"]["source"]["direct"]["tp"] == 1
    assert report["problems"]["count"] == 1
    assert "lopez_bridge_q1.ann:11" in result.stderr  # problems on stderr beside the JSON
    assert isinstance(report["baseline"]["available"], bool)
    sources = report["speaker_by_gold_source"]
    assert sum(v["matched"] for v in sources.values()) == sum(
        v["matched"] for v in report["speaker_by_confidence"].values()
    )

    errors = tmp_path / "errors.jsonl"
    text = runner.invoke(app, [*args, "--errors", str(errors)], catch_exceptions=False)
    assert text.exit_code == 0
    assert "content ≥30%" in text.stdout and "Problems: 1" in text.stdout
    assert all(json.loads(line)["error"] for line in errors.read_text().splitlines())

    missing = runner.invoke(app, [*args[:3], str(tmp_path / "nowhere")], catch_exceptions=False)
    assert missing.exit_code == 2 and "no article" in missing.stderr


def test_run_without_textacy_reports_baseline_missing(tmp_path: Path, monkeypatch) -> None:
    from newsparallax.evaluate import run_quote_eval

    monkeypatch.setitem(sys.modules, "textacy", None)  # as if not installed
    write_split(tmp_path, {"lopez_bridge": (STORY, {"q1": story_ann()})})
    report = run_quote_eval(tmp_path, "dev")
    assert not report.baseline.available and "not importable" in report.baseline.reason
    assert report.table.cell("all", "content_30", "all").tp >= 1


def test_speaker_accuracy_by_confidence_and_by_how_the_gold_name_was_read() -> None:
    from collections import Counter

    from newsparallax.evaluate.run_quotes import by_gold_source_dict, calibration_dict

    pairs = Counter(
        {
            ("high", True, "name"): 8,
            ("high", False, "name"): 1,
            ("high", False, "unresolved"): 3,
            ("low", True, "pronoun"): 2,
        }
    )
    assert calibration_dict(pairs)["high"] == {"matched": 12, "correct": 8, "accuracy": 0.6667}
    named = calibration_dict(pairs, ("name", "surname", "organisation"))
    assert named == {"high": {"matched": 9, "correct": 8, "accuracy": 0.8889}}
    assert by_gold_source_dict(pairs)["pronoun"] == {"matched": 2, "correct": 2, "accuracy": 1.0}
