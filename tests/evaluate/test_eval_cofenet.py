"""CofeNet's sentence-level protocol: finding CoreNLP tokens in the text, BIO spans, projection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsparallax.cli import app
from newsparallax.evaluate.cofenet import (
    BioSentence,
    align,
    labels_for,
    read_bio,
    score,
    spans_of,
)
from newsparallax.model import Quote, Span

TEXT = (
    "“We will rebuild the bridge,” Mayor Ana Pirlo said — it will take a year.\n\n"
    "Del. Ruiz (D-Fernhill) can't wait.\n"
)


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["``", "We", "will"], ["“", "We", "will"]),
        (["said", "--", "it"], ["said", "—", "it"]),
        (["-LRB-", "D-Fernhill", "-RRB-"], ["(", "D-Fernhill", ")"]),
        (["ca", "n't", "wait", "."], ["ca", "n't", "wait", "."]),
        (["Del.", ".", "Ruiz"], ["Del.", "", "Ruiz"]),  # a full stop the tokenizer added
    ],
)
def test_align_finds_corenlp_tokens_in_the_text(tokens, expected) -> None:
    offsets, cursor = align(TEXT, tokens, 0)
    assert offsets is not None
    assert [TEXT[s:e] for s, e in offsets] == expected
    assert cursor == offsets[-1][1]


def test_align_skips_sentences_the_file_left_out_and_fails_cleanly() -> None:
    offsets, _ = align(TEXT, ["Del.", "Ruiz"], 0)
    assert offsets is not None and TEXT[offsets[0][0] :].startswith("Del. Ruiz")
    assert align(TEXT, ["Nobody", "said"], 0) == (None, 0)


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["B-source", "I-source", "B-cue", "O"], {("source", 0, 2), ("cue", 2, 3)}),
        (["I-content", "I-content", "O"], {("content", 0, 2)}),
        (["B-content", "B-content"], {("content", 0, 1), ("content", 1, 2)}),
        (["O", "O"], set()),
    ],
)
def test_spans_of_bio_labels(labels, expected) -> None:
    assert spans_of(labels) == expected


def test_labels_for_character_spans_first_label_wins() -> None:
    offsets = [(0, 2), (3, 7), (8, 12), (12, 13)]  # "He said this."
    items = [("source", [(0, 2)]), ("cue", [(3, 7)]), ("content", [(0, 13)])]
    assert labels_for(offsets, items) == ["B-source", "B-cue", "B-content", "I-content"]


def test_score_counts_exact_spans_and_unaligned_sentences_as_missed() -> None:
    text = "Pirlo said the loan was fair.\n\nSomething else happened.\n"
    said = text.index("said")
    gold = BioSentence(
        "a_x",
        ("Pirlo", "said", "the", "loan", "was", "fair", "."),
        ("B-source", "B-cue", "B-content", "I-content", "I-content", "I-content", "O"),
    )
    lost = BioSentence("a_x", ("Nowhere", "in", "text"), ("B-source", "O", "O"))
    ours = {"a": [("source", [(0, 5)]), ("cue", [(said, said + 4)]), ("content", [(11, 24)])]}
    result = score([gold, lost], {"a": text}, ours, {})
    assert result.sentences == 2 and result.unaligned == 1
    assert (result.counts["cue"].tp, result.counts["cue"].fp) == (1, 0)
    assert (result.counts["content"].tp, result.counts["content"].fp) == (0, 1)  # "fair" left out
    assert (result.counts["source"].tp, result.counts["source"].fn) == (1, 1)


def test_read_bio_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "valid.txt"
    good = {"id": "a_x", "tokens": ["Hi", "."], "labels": ["O", "O"]}
    path.write_text(
        json.dumps(good) + "\nnot json\n" + json.dumps({**good, "labels": ["O"]}) + "\n",
        encoding="utf-8",
    )
    sentences, problems = read_bio(path)
    assert [s.id for s in sentences] == ["a_x"]
    assert [p.line for p in problems] == [2, 3]


def test_eval_quotes_scores_the_cofenet_file_when_the_corpus_has_one(tmp_path: Path) -> None:
    """End to end on an invented article: the gold .ann projects to the file's own labels, and
    our quote is scored per sentence."""
    text = "“We will rebuild the bridge,” Mayor Ana Pirlo said.\n"
    split = tmp_path / "data" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "bridge.txt").write_text(text, encoding="utf-8")
    content = (0, text.index(" Mayor"))
    source = (text.index("Mayor"), text.index(" said"))
    cue = (text.index("said"), text.index("said") + 4)
    ann = "\n".join(
        [
            f"T1\tContent {content[0]} {content[1]}\t{text[slice(*content)]}",
            f"T2\tCue {cue[0]} {cue[1]}\tsaid",
            f"T3\tSource {source[0]} {source[1]}\t{text[slice(*source)]}",
            f"T4\tAttribution {cue[0]} {cue[1]}\tsaid",
            "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
            "",
        ]
    )
    (split / "attributions" / "bridge_q1.ann").write_text(ann, encoding="utf-8")
    tokens = ["``", "We", "will", "rebuild", "the", "bridge", ",", "''", "Mayor", "Ana"]
    tokens += ["Pirlo", "said", "."]
    labels = ["B-content"] + ["I-content"] * 7 + ["B-source", "I-source", "I-source", "B-cue", "O"]
    (tmp_path / "cofenet-bio").mkdir()
    (tmp_path / "cofenet-bio" / "valid.txt").write_text(
        json.dumps({"id": "bridge_q1", "tokens": tokens, "labels": labels}) + "\n",
        encoding="utf-8",
    )
    args = ["eval", "quotes", "--polnear", str(tmp_path), "--split", "dev", "--format", "json"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    bio = json.loads(result.stdout)["cofenet_protocol"]
    assert bio["sentences"] == 1 and bio["unaligned"] == 0
    assert all(bio["gold_projection"][role]["f1"] == 1.0 for role in ("source", "cue", "content"))
    assert bio["metrics"]["content"]["tp"] == 1 and bio["metrics"]["cue"]["tp"] == 1


def test_our_quote_marks_are_part_of_a_direct_content() -> None:
    from newsparallax.evaluate.cofenet import our_items

    text = "“Yes,” she said, adding that the plan was “a fair deal” in her view.\n"

    def quote(kind: str, piece: str, quoted: tuple[Span, ...] = ()) -> Quote:
        start = text.index(piece)
        end = start + len(piece)
        cue = Span(7, 15, "she said")
        return Quote(kind, "a", kind, start, end, piece, cue, quoted=quoted)

    words = Span(text.index("a fair deal"), text.index("a fair deal") + 11, "a fair deal")
    items = our_items(
        [
            quote("direct", "Yes,"),
            quote("indirect", "the plan was “a fair deal” in her view", (words,)),
        ],
        text,
    )
    contents = [text[s:e] for role, segments in items if role == "content" for s, e in segments]
    assert contents == ["“Yes,”", "the plan was “a fair deal” in her view"]


def _one(text: str, kind: str, content: str, cue: str, source: str | None = None) -> Quote:
    start = text.index(content)
    cue_at = text.index(cue)
    mention = None
    if source is not None:
        mention = Span(text.index(source), text.index(source) + len(source), source)
    return Quote(
        "q",
        "a",
        kind,
        start,
        start + len(content),
        content,
        Span(cue_at, cue_at + len(cue), cue),
        mention,
    )


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        (  # two-character marks, as some outlets type them
            "He said, ''We will win.''\n",
            ("direct", "We will win.", "said", "He"),
            {"source": ["He"], "cue": ["said"], "content": ["''We will win.''"]},
        ),
        (  # a content the cue interrupts is two fragments, without the commas
            "This campaign, he says, is different.\n",
            ("indirect", "This campaign, he says, is different", "says", "he"),
            {"source": ["he"], "cue": ["says"], "content": ["This campaign", "is different"]},
        ),
        (  # an appositive's closing comma is part of the source
            "Ana Ruiz, the mayor, said the bridge would reopen.\n",
            ("indirect", "the bridge would reopen", "said", "Ana Ruiz, the mayor"),
            {
                "source": ["Ana Ruiz, the mayor,"],
                "cue": ["said"],
                "content": ["the bridge would reopen"],
            },
        ),
        (  # a plain name keeps no comma
            "Ruiz, who spoke first, said the bridge would reopen.\n",
            ("indirect", "the bridge would reopen", "said", "Ruiz"),
            {"source": ["Ruiz"], "cue": ["said"], "content": ["the bridge would reopen"]},
        ),
    ],
)
def test_our_spans_follow_polnear_marking(text, quote, expected) -> None:
    from newsparallax.evaluate.cofenet import our_items

    items = our_items([_one(text, *quote)], text)
    got: dict[str, list[str]] = {}
    for role, segments in items:
        got.setdefault(role, []).extend(text[s:e] for s, e in segments)
    assert got == expected
