"""The claim map scored: "same information" on NAnCo, "only in X" on the AllSides gold.

Definitions (fixed before any system output on these data was looked at):

NAnCo (`nanco-dev.json`: questions, each with 28-34 answers from outlets' articles)
- a unit is an answer's `Answer` span, parsed alone; its outlet is its URL's host, "www." aside;
- pairs: every two answers of one question from different outlets; a pair is positive when both
  have the same `cluster_global` (a singleton's pairs are negatives: nobody else carries it);
- the method is the claim map's own grouping (`analysis.claims`: its similarity, number veto and
  average-linkage cut) run on the question's answers; a pair is predicted positive when both
  answers fall in one group;
- the baseline is a TF-IDF cosine (words of two or more word characters, lower case, spaCy's
  English stop words left out, smoothed IDF fitted on the question's answers), a pair positive
  when its cosine reaches a threshold;
- figures are pooled precision, recall and F1 over all questions' pairs: "shipped" at the
  threshold the code ships with; "in-sample" at the threshold best on all questions (for the
  baseline this is its optimistic figure); "LOQO" with the threshold tuned on the other
  questions and applied to each one in turn, counts pooled. Thresholds run from 0.005 to 1
  by 0.005; among equally good ones the middle of the longest run is taken.

AllSides (`benchmarks/gold/allsides-claims.jsonl`, statements labelled `only` or `shared`)
- each story's three sides are compared as the product compares them: a side's text (headline,
  a blank line, its paragraphs) read by `article_from_text`, the three articles through
  `pipeline.compare`;
- gold statements are found in the text by their offsets, or their word anchors;
- a gold statement is predicted "only" when more than half of its characters that lie in system
  statements lie in statements marked `only`; a gold statement no system statement touches is
  predicted not "only" (and counted as unmapped);
- precision and recall of "only": positives are the statements labelled `only`; reported over
  all statements, and separately over the statements not marked `partly` and those marked
  `partly` (the annotators' soft cases).
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from newsparallax.analysis import claims
from newsparallax.analysis.embeddings import Encoder, load_encoder
from newsparallax.evaluate.attribution import relocate
from newsparallax.evaluate.quote_metrics import Counts

GRID = np.round(np.arange(0.005, 1.0001, 0.005), 3)
_WORDS = re.compile(r"\b\w\w+\b")


@dataclass(frozen=True)
class Question:
    outlets: tuple[str, ...]
    clusters: tuple[int, ...]
    answers: tuple[str, ...]

    def pairs(self) -> list[tuple[int, int, bool]]:
        n = len(self.answers)
        return [
            (i, j, self.clusters[i] == self.clusters[j])
            for i, j in combinations(range(n), 2)
            if self.outlets[i] != self.outlets[j]
        ]


def pooled(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for c in counts:
        total.add(c)
    return total


def load_nanco(path: Path) -> list[Question]:
    questions = []
    for q in json.loads(path.read_text(encoding="utf-8")):
        answers = q["answers"]
        questions.append(
            Question(
                outlets=tuple(_host(a["Article URL"]) for a in answers),
                clusters=tuple(int(a["cluster_global"]) for a in answers),
                answers=tuple(a["Answer"] for a in answers),
            )
        )
    return questions


def _host(url: str) -> str:
    host = urlparse(url).netloc.lower()
    return host.removeprefix("www.")


# --- deciders: a question and a threshold -> the pairs predicted to carry one piece of news ---

Decider = Callable[[float], set[tuple[int, int]]]


def method_decider(question: Question, nlp, encoder: Encoder | None) -> Decider:
    """The claim map's grouping of a question's answers: by sentence vectors when an encoder is
    given, else by the lexical similarity."""
    docs = list(nlp.pipe(question.answers))
    units = [
        claims.unit_of(doc[:], outlet) for doc, outlet in zip(docs, question.outlets, strict=True)
    ]
    if encoder is None:
        scores = claims.vetoed(units, claims.similarity(units))
    else:
        vectors = encoder.encode(list(question.answers))
        scores = claims.vetoed(units, claims.embedded_similarity(vectors))

    def decide(threshold: float) -> set[tuple[int, int]]:
        labels = claims.groups(scores, threshold)
        return {(i, j) for i, j in combinations(range(len(units)), 2) if labels[i] == labels[j]}

    return decide


def baseline_decider(question: Question, stop_words: frozenset[str]) -> Decider:
    tokens = [
        [w for w in _WORDS.findall(text.lower()) if w not in stop_words]
        for text in question.answers
    ]
    vocabulary = {w: n for n, w in enumerate(sorted({w for t in tokens for w in t}))}
    x = np.zeros((len(tokens), max(1, len(vocabulary))))
    for i, words in enumerate(tokens):
        for w in words:
            x[i, vocabulary[w]] += 1
    df = (x > 0).sum(axis=0)
    x *= np.log((1 + len(tokens)) / (1 + df)) + 1
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x /= np.where(norms > 0, norms, 1)
    cosine = x @ x.T

    def decide(threshold: float) -> set[tuple[int, int]]:
        n = len(tokens)
        return {(i, j) for i, j in combinations(range(n), 2) if cosine[i, j] >= threshold}

    return decide


def count(question: Question, predicted: set[tuple[int, int]]) -> Counts:
    tp = fp = fn = 0
    for i, j, same in question.pairs():
        hit = (i, j) in predicted
        tp += hit and same
        fp += hit and not same
        fn += same and not hit
    return Counts(tp, fp, fn)


def table(questions: Sequence[Question], deciders: Sequence[Decider]) -> list[list[Counts]]:
    """figures[q][g]: question q's counts at GRID[g]."""
    return [[count(q, d(float(t))) for t in GRID] for q, d in zip(questions, deciders, strict=True)]


def best_threshold(figures: list[list[Counts]], questions: Sequence[int]) -> int:
    """The grid index with the best pooled F1 over these questions: the middle of the longest
    run of equally good thresholds."""
    f1s = [pooled(figures[q][g] for q in questions).f1 for g in range(len(GRID))]
    best = max(f1s)
    runs: list[list[int]] = []
    for g, f in enumerate(f1s):
        if abs(f - best) < 1e-12:
            if runs and runs[-1][-1] == g - 1:
                runs[-1].append(g)
            else:
                runs.append([g])
    run = max(runs, key=len)
    return run[len(run) // 2]


@dataclass(frozen=True)
class Row:
    name: str
    threshold: float
    in_sample: Counts
    loqo: Counts
    loqo_thresholds: tuple[float, ...]
    shipped: Counts | None = None
    shipped_at: float = 0.0


def score(figures: list[list[Counts]], name: str, shipped: float | None = None) -> Row:
    everyone = list(range(len(figures)))
    g = best_threshold(figures, everyone)
    in_sample = pooled(figures[q][g] for q in everyone)
    loqo, chosen = Counts(), []
    for q in everyone:
        gq = best_threshold(figures, [k for k in everyone if k != q])
        loqo.add(figures[q][gq])
        chosen.append(float(GRID[gq]))
    at_shipped = None
    if shipped is not None:
        gs = int(np.argmin(np.abs(GRID - shipped)))
        at_shipped = pooled(figures[q][gs] for q in everyone)
    return Row(name, float(GRID[g]), in_sample, loqo, tuple(chosen), at_shipped, shipped or 0.0)


def evaluate_nanco(path: Path, nlp, encoder: Encoder | None = None) -> list[Row]:
    """The claim map's grouping (by sentence vectors when an encoder is given, and by its
    lexical similarity), then the baseline."""
    questions = load_nanco(path)
    rows = []
    if encoder is not None:
        embedded = table(questions, [method_decider(q, nlp, encoder) for q in questions])
        rows.append(
            score(
                embedded,
                "claim map (MiniLM vectors, number veto, average linkage)",
                claims.SAME_INFORMATION_EMBEDDED,
            )
        )
    lexical = table(questions, [method_decider(q, nlp, None) for q in questions])
    rows.append(
        score(
            lexical,
            "claim map without the model (TF-IDF words, number veto, average linkage)",
            claims.SAME_INFORMATION,
        )
    )
    stop_words = frozenset(nlp.Defaults.stop_words)
    baseline = table(questions, [baseline_decider(q, stop_words) for q in questions])
    return [*rows, score(baseline, "baseline: TF-IDF cosine, threshold tuned")]


# --- AllSides: "only in X" -----------------------------------------------------------------------


@dataclass(frozen=True)
class OnlyScore:
    all: Counts
    not_partly: Counts
    partly: Counts
    statements: int
    unmapped: int


def side_text(side: dict) -> str:
    return side["newsTitle"] + "\n\n" + "\n\n".join(side["newBody"])


def predicted_only(gold_span: tuple[int, int] | None, statements) -> bool | None:
    """True/False by the majority of the gold statement's characters in system statements;
    None when no system statement touches it."""
    if gold_span is None:
        return None
    start, end = gold_span
    only = shared = 0
    for s in statements:
        overlap = min(end, s.end) - max(start, s.start)
        if overlap > 0:
            if s.only:
                only += overlap
            else:
                shared += overlap
    if only + shared == 0:
        return None
    return only > shared


def evaluate_allsides(gold_path: Path, roundups: Path, nlp) -> OnlyScore:
    from newsparallax.pipeline import compare
    from newsparallax.reading.text import article_from_text

    golds = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    wanted = {g["story"] for g in golds}
    stories = {}
    with roundups.open(encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            if story["id"] in wanted:
                stories[story["id"]] = story
    counts = {"all": [0, 0, 0], "not_partly": [0, 0, 0], "partly": [0, 0, 0]}
    n = unmapped = 0
    for gold in golds:
        story = stories[gold["story"]]
        sides = list(gold["sides"])
        articles = [article_from_text(side_text(story["news"][side]), side, side) for side in sides]
        comparison = compare(articles, nlp)
        by_article = defaultdict(list)
        for s in comparison.claims.statements:
            by_article[s.article].append(s)
        for side, article in zip(sides, articles, strict=True):
            labelled = gold["sides"][side]
            spans = relocate({**labelled, "quotes": labelled["statements"]}, article.text)
            for statement in labelled["statements"]:
                n += 1
                guess = predicted_only(spans[statement["id"]], by_article[side])
                unmapped += guess is None
                truth = statement["label"] == "only"
                for key in ("all", "partly" if statement["partly"] else "not_partly"):
                    c = counts[key]
                    c[0] += bool(guess) and truth
                    c[1] += bool(guess) and not truth
                    c[2] += truth and not guess
    return OnlyScore(
        Counts(*counts["all"]),
        Counts(*counts["not_partly"]),
        Counts(*counts["partly"]),
        n,
        unmapped,
    )


# --- the command ---------------------------------------------------------------------------------


def _fig(f: Counts) -> str:
    return (
        f"P {f.precision:.3f}  R {f.recall:.3f}  F1 {f.f1:.3f}  (TP {f.tp}, FP {f.fp}, FN {f.fn})"
    )


def render(rows: list[Row], only: OnlyScore | None) -> str:
    lines = []
    if rows:
        lines.append("NAnCo: same information between answers of different outlets (pairs)")
        for row in rows:
            lines.append(f"  {row.name}")
            if row.shipped is not None:
                lines.append(f"    shipped threshold {row.shipped_at:.3f}: {_fig(row.shipped)}")
            lines.append(f"    in-sample (t={row.threshold:.3f}): {_fig(row.in_sample)}")
            lines.append(
                f"    LOQO (t={', '.join(f'{t:.3f}' for t in row.loqo_thresholds)}): "
                f"{_fig(row.loqo)}"
            )
    if only is not None:
        lines.append(
            f'AllSides: "only in X" per statement ({only.statements} statements, '
            f"{only.unmapped} not in the claim map)"
        )
        lines.append(f"  all:          {_fig(only.all)}")
        lines.append(f"  not partly:   {_fig(only.not_partly)}")
        lines.append(f"  partly:       {_fig(only.partly)}")
    return "\n".join(lines)


def eval_claims_command(
    nanco: Path | None,
    allsides_gold: Path | None,
    roundups: Path | None,
    floors: dict[str, float],
) -> int:
    """Print the figures; 1 when one is below its floor, 2 on unreadable data."""
    from newsparallax.analysis.nlp import load_nlp

    nlp = load_nlp()
    try:
        rows = evaluate_nanco(nanco, nlp, load_encoder()) if nanco is not None else []
        only = (
            evaluate_allsides(allsides_gold, roundups, nlp)
            if allsides_gold is not None and roundups is not None
            else None
        )
    except (OSError, ValueError, KeyError) as exc:
        print(f"newsparallax: error: cannot read the evaluation data ({exc})", file=sys.stderr)
        return 2
    print(render(rows, only))
    measured = {}
    if rows:
        measured["nanco_f1"] = rows[0].loqo.f1
        measured["nanco_gain"] = rows[0].loqo.f1 - rows[-1].in_sample.f1
    if only is not None:
        measured["only_precision"] = only.all.precision
        measured["only_recall"] = only.all.recall
    low = [
        f"{k} {measured[k]:.3f} < {v}"
        for k, v in floors.items()
        if k in measured and measured[k] < v
    ]
    if low:
        print("below the floors: " + "; ".join(low), file=sys.stderr)
        return 1
    return 0
