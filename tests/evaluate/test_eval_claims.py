"""The claim-map scorer's definitions, on data the test writes itself."""

from __future__ import annotations

import json

import pytest

from newsparallax.evaluate.claims import (
    GRID,
    Question,
    best_threshold,
    count,
    evaluate_nanco,
    predicted_only,
)
from newsparallax.evaluate.quote_metrics import Counts
from newsparallax.model import Statement


def test_pairs_are_across_outlets_and_singletons_are_negatives():
    q = Question(outlets=("a", "a", "b", "c"), clusters=(1, 1, 1, 2), answers=("",) * 4)
    assert q.pairs() == [(0, 2, True), (0, 3, False), (1, 2, True), (1, 3, False), (2, 3, False)]
    # (0, 1) is one outlet: never scored, even when predicted
    assert count(q, {(0, 1), (0, 2), (2, 3)}) == Counts(tp=1, fp=1, fn=1)


def test_the_middle_of_the_longest_run_of_best_thresholds():
    best = Counts(1, 0, 0)
    worse = Counts(0, 1, 1)
    figures = [[worse] * 10 + [best] * 5 + [worse] * (len(GRID) - 15)]
    assert best_threshold(figures, [0]) == 12


def _statement(start, end, only):
    return Statement("s", "a", start, end, "", "g", only)


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        ([_statement(0, 10, True)], True),
        ([_statement(0, 10, False)], False),
        ([_statement(0, 6, True), _statement(6, 10, False)], True),  # by characters
        ([_statement(0, 4, True), _statement(4, 10, False)], False),
        ([_statement(20, 30, True)], None),  # touches nothing: not in the map
    ],
)
def test_a_gold_statement_takes_the_label_of_most_of_its_characters(statements, expected):
    assert predicted_only((0, 10), statements) is expected


def test_nanco_scoring_end_to_end(nlp, tmp_path):
    def answer(text, url, cluster):
        return {"Answer": text, "Article URL": url, "cluster_global": cluster}

    questions = [
        {
            "answers": [
                answer("inspections of trucks at the border bridges", "https://www.a.com/1", 0),
                answer("extra inspections of trucks crossing the border", "https://b.com/2", 0),
                answer("prices of avocados rose", "https://c.com/3", 1),
            ]
        }
    ] * 2
    path = tmp_path / "nanco.json"
    path.write_text(json.dumps(questions))
    method, baseline = evaluate_nanco(path, nlp)
    assert method.in_sample == Counts(2, 0, 0)  # the two trucks answers, in both questions
    assert method.loqo.f1 == 1.0
    assert baseline.in_sample.f1 == 1.0
