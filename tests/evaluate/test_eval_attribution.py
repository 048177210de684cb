"""The attribution scorer's definitions, on texts written here."""

import hashlib

import pytest

from newsparallax.evaluate.attribution import (
    marked_spans,
    match,
    relocate,
    same_name,
    score,
    speaker_right,
    words,
)


def gold_article(text: str, quotes: list[tuple[str, str | None, str]]) -> dict:
    """A gold record for `text`, each quote given by its words, speaker and speaker type."""
    records = []
    for n, (said, speaker, kind) in enumerate(quotes):
        start = text.index(said)
        ws = words(said)
        records.append(
            {
                "id": f"q{n}",
                "kind": "direct",
                "where": "body",
                "start": start,
                "end": start + len(said),
                "words": len(ws),
                "hash": hashlib.sha256(" ".join(ws).encode()).hexdigest()[:16],
                "speaker": speaker,
                "speaker_type": kind,
            }
        )
    sha = hashlib.sha256(text.encode()).hexdigest()
    return {"id": "a", "text_sha256": sha, "quotes": records}


TEXT = (
    "“We will not close the school,” Mayor Ana Ruiz said.\n\n"
    "“It stays open,” she said. Officials said it was “too early” to tell."
)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ("Jerry Dyer", "Dyer", True),
        ("Jerry Dyer", "Mayor Dyer", True),
        ("Jerry Dyer", "Jerry", False),
        ("Jerry Dyer", "Dana Dyer", False),
        ("Fresno Police Department", "Fresno police", True),
        ("Jerry Dyer", None, False),
        ("Patrick Carlineo Jr.", "Patrick W. Carlineo", True),
        ("Patrick Carlineo Jr.", "Patrick W. Dyer", False),
    ],
)
def test_same_name(gold, pred, expected):
    assert same_name(gold, pred) is expected


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        (("Ana Ruiz", "person"), {"speaker": "Ruiz"}, True),
        (("Ana Ruiz", "person"), {"speaker": None, "mention": {"text": "she"}}, False),
        (("officials", "group"), {"speaker": None, "mention": {"text": "Officials"}}, True),
        (("officials", "group"), {"speaker": "Ana Ruiz"}, False),
        ((None, "none"), {"speaker": None}, True),
        ((None, "none"), {"speaker": "Ana Ruiz"}, False),
    ],
)
def test_speaker_right(gold, pred, expected):
    speaker, kind = gold
    assert speaker_right({"speaker": speaker, "speaker_type": kind}, pred) is expected


def test_relocate_finds_spans_in_a_changed_text():
    gold = gold_article(TEXT, [("It stays open,", "Ana Ruiz", "person")])
    changed = "A headline\n\n" + TEXT.replace("“", '"').replace("”", '"')
    (span,) = relocate(gold, changed).values()
    assert changed[span[0] : span[1]] == "It stays open"


def test_relocate_gives_a_place_to_one_quote_only():
    text = "Ruiz: it is 'too early'\n\nThe council met on Monday."
    gold = gold_article(text, [("too early", "Ana Ruiz", "person")] * 2)
    gold["quotes"][1].update(start=40, end=49)  # its copy in a standfirst the page dropped
    spans = relocate(gold, text + " ")
    assert spans == {"q0": (13, 22), "q1": None}


def test_relocate_keeps_two_quotes_of_the_same_words_apart():
    text = "Ruiz: it is 'too early'\n\nRuiz said it was “too early” to tell."
    gold = gold_article(text, [("too early", "Ana Ruiz", "person")] * 2)
    second = text.rindex("too early")
    gold["quotes"][1].update(start=second, end=second + len("too early"))
    changed = "Page title\n\n" + text
    spans = relocate(gold, changed)
    assert sorted(spans.values()) == [
        (changed.index("too early"), changed.index("too early") + 9),
        (changed.rindex("too early"), changed.rindex("too early") + 9),
    ]


@pytest.mark.parametrize(("cover", "hit"), [(0.3, True), (0.8, False)])
def test_match_by_coverage(cover, hit):
    gold = {"g": (0, 100)}
    assert bool(match(gold, [{"start": 50, "end": 100}], cover)) is hit


def test_quoted_words_inside_a_statement_count_once():
    statement = {"kind": "indirect", "start": 0, "end": 40, "quoted": [{"start": 10, "end": 20}]}
    assert [(s["start"], s["end"]) for s in marked_spans([statement])] == [(10, 20)]


def test_score_counts_a_confident_misattribution():
    gold = gold_article(
        TEXT,
        [
            ("We will not close the school,", "Ana Ruiz", "person"),
            ("It stays open,", "Ana Ruiz", "person"),
        ],
    )
    first, second = gold["quotes"]
    pred = [
        {"kind": "direct", "start": first["start"], "end": first["end"], "speaker": "Ana Ruiz"},
        {"kind": "direct", "start": second["start"], "end": second["end"], "speaker": "Bo Lind"},
        {"kind": "partial", "start": TEXT.index("too early"), "end": TEXT.index(" to tell")},
    ]
    result = score([gold], {"a": (TEXT, pred)})
    assert result["cover30"]["tp"] == 2 and result["cover30"]["fp"] == 1
    assert result["speaker"]["right"] == 1 and result["speaker"]["confident_wrong"] == 1
