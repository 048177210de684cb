"""Measuring story grouping: ECB+ (shuffled streams) and AllSides roundups (date order).

The scores are BCubed precision/recall/F1 over articles (the story-clustering standard), pairwise
F1 and the adjusted Rand index. Beside the streaming grouper, the same run scores an optimistic
baseline: TF-IDF over the whole data set + average-link agglomerative clustering, its threshold
chosen on the very labels it is scored on (an oracle), as in the ECB+ README.

`newsparallax eval stories --ecbplus FILE` / `--allsides FILE` is the command line over
`eval_stories_command`.
"""

from __future__ import annotations

import json
import math
import random
import statistics
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from newsparallax.stories.features import StoryDoc, StoryOptions, words
from newsparallax.stories.index import group

# ---------------------------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldDoc:
    doc: StoryDoc
    story: str  # the gold story label


def read_ecbplus(path: str | Path) -> list[GoldDoc]:
    """ECB+ `docs.jsonl`: one article a line; gold story = `cluster_id` (topic × sub-topic).

    The first sentence of an `ecbplus` article is often its URL: it is page address, not text,
    and in ECB+ it gives the sub-topic away by its format, so it is dropped."""
    docs = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            sentences = list(row["sentences"])
            if sentences and sentences[0].replace(" ", "").startswith(("http", "www.")):
                sentences = sentences[1:]
            doc = StoryDoc(id=str(row["doc_id"]), text="\n".join(sentences))
            docs.append(GoldDoc(doc, str(row["cluster_id"])))
    return docs


def read_allsides(path: str | Path) -> list[GoldDoc]:
    """AllSides `roundups.jsonl`: each side's article (headline + lead paragraphs) is one doc,
    dated with its roundup; gold story = the roundup `id`. Returned in date order."""
    docs = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            for side in ("left", "center", "right"):
                news = (row.get("news") or {}).get(side)
                if not news:
                    continue
                doc = StoryDoc(
                    id=f"{row['id']}:{side}",
                    title=news.get("newsTitle") or None,
                    text="\n".join(news.get("newBody") or ()),
                    date=row.get("date"),
                )
                docs.append(GoldDoc(doc, str(row["id"])))
    return sorted(docs, key=lambda g: g.doc.date or "")  # stable: file order within a date


# ---------------------------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    b3_p: float
    b3_r: float
    b3_f1: float
    pair_p: float
    pair_r: float
    pair_f1: float
    ari: float
    n_docs: int
    n_predicted: int
    n_gold: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score_clustering(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> Scores:
    """BCubed P/R/F1, pairwise P/R/F1 and ARI of `predicted` against `gold` (doc → label) over
    the docs both label."""
    docs = [d for d in gold if d in predicted]
    n = len(docs)
    cells = Counter((predicted[d], gold[d]) for d in docs)
    pred_sizes = Counter(predicted[d] for d in docs)
    gold_sizes = Counter(gold[d] for d in docs)
    # BCubed: every doc in cell (c, g) sees |c ∩ g| right among |c| predicted and |g| gold.
    b3_p = sum(k * k / pred_sizes[c] for (c, _), k in cells.items()) / n if n else 0.0
    b3_r = sum(k * k / gold_sizes[g] for (_, g), k in cells.items()) / n if n else 0.0
    together = sum(_pairs(k) for k in cells.values())
    pred_pairs = sum(_pairs(k) for k in pred_sizes.values())
    gold_pairs = sum(_pairs(k) for k in gold_sizes.values())
    pair_p = together / pred_pairs if pred_pairs else 1.0
    pair_r = together / gold_pairs if gold_pairs else 1.0
    expected = pred_pairs * gold_pairs / _pairs(n) if n > 1 else 0.0
    top = (pred_pairs + gold_pairs) / 2
    ari = (together - expected) / (top - expected) if top != expected else 1.0
    return Scores(
        b3_p,
        b3_r,
        _f1(b3_p, b3_r),
        pair_p,
        pair_r,
        _f1(pair_p, pair_r),
        ari,
        n,
        len(pred_sizes),
        len(gold_sizes),
    )


# ---------------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------------


def run_stream(docs: Sequence[GoldDoc], options: StoryOptions | None = None) -> Scores:
    """Feed the docs in the given order to a fresh grouper and score its stories."""
    assignments = group([g.doc for g in docs], options)
    predicted = {a.doc: a.story for a in assignments}
    return score_clustering(predicted, {g.doc.id: g.story for g in docs})


def shuffled(docs: Sequence[GoldDoc], seed: int) -> list[GoldDoc]:
    order = list(docs)
    random.Random(seed).shuffle(order)
    return order


# ---------------------------------------------------------------------------------------------
# The baseline: TF-IDF + average-link agglomerative, oracle threshold
# ---------------------------------------------------------------------------------------------


def tfidf_matrix(docs: Sequence[StoryDoc], title_weight: int = 2):
    """Unit-length sublinear TF-IDF rows (numpy), fitted on all of `docs` at once."""
    import numpy as np

    counts = []
    for doc in docs:
        c = Counter(words(doc.text))
        if doc.title:
            for w in words(doc.title):
                c[w] += title_weight
        counts.append(c)
    df = Counter(w for c in counts for w in c)
    vocab = {w: i for i, w in enumerate(sorted(df))}
    n = len(docs)
    matrix = np.zeros((n, len(vocab)), dtype=np.float64)
    for row, c in enumerate(counts):
        for w, k in c.items():
            matrix[row, vocab[w]] = (1 + math.log(k)) * (math.log((n + 1) / (df[w] + 1)) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def average_link_merges(similarity) -> list[tuple[int, int, float]]:
    """Average-link agglomeration over a similarity matrix: every merge (i, j, similarity) in
    order. Average link never merges at a higher similarity than before, so cutting the tree at
    a threshold keeps exactly the merges at or above it. O(n³) in numpy: fine to ~2,000 docs."""
    import numpy as np

    n = similarity.shape[0]
    total = similarity.astype(np.float64).copy()  # sum of pair similarities between clusters
    sizes = np.ones(n)
    active = np.ones(n, dtype=bool)
    merges = []
    for _ in range(n - 1):
        average = total / np.outer(sizes, sizes)
        average[~active, :] = -np.inf
        average[:, ~active] = -np.inf
        np.fill_diagonal(average, -np.inf)
        flat = int(np.argmax(average))
        i, j = divmod(flat, n)
        best = float(average[i, j])
        if not math.isfinite(best):
            break
        merges.append((i, j, best))
        total[i, :] += total[j, :]
        total[:, i] += total[:, j]
        sizes[i] += sizes[j]
        active[j] = False
    return merges


def cut(merges: Sequence[tuple[int, int, float]], n: int, threshold: float) -> list[int]:
    """Cluster label per item after applying the merges with similarity ≥ threshold."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, sim in merges:
        if sim < threshold:
            break
        parent[find(j)] = find(i)
    return [find(x) for x in range(n)]


def baseline(docs: Sequence[GoldDoc]) -> tuple[Scores, float]:
    """The oracle-tuned baseline's scores and the threshold it was tuned to (best B3-F1)."""
    matrix = tfidf_matrix([g.doc for g in docs])
    merges = average_link_merges(matrix @ matrix.T)
    gold = {g.doc.id: g.story for g in docs}
    best: tuple[Scores, float] | None = None
    for step in range(1, 100):
        threshold = step / 100
        labels = cut(merges, len(docs), threshold)
        scores = score_clustering({g.doc.id: labels[i] for i, g in enumerate(docs)}, gold)
        if best is None or scores.b3_f1 > best[0].b3_f1:
            best = (scores, threshold)
    assert best is not None
    return best


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------

SEEDS = (0, 1, 2, 3, 4)
_FIELDS = ("b3_p", "b3_r", "b3_f1", "pair_f1", "ari")


@dataclass(frozen=True)
class Row:
    name: str
    mean: dict[str, float]
    spread: dict[str, float]  # population std over seeds; 0 for a single run
    n_docs: int
    n_gold: int
    n_predicted: float
    note: str = ""


def _row(name: str, runs: Sequence[Scores], note: str = "") -> Row:
    mean = {f: statistics.fmean(getattr(s, f) for s in runs) for f in _FIELDS}
    spread = {f: statistics.pstdev(getattr(s, f) for s in runs) for f in _FIELDS}
    return Row(
        name,
        mean,
        spread,
        runs[0].n_docs,
        runs[0].n_gold,
        statistics.fmean(s.n_predicted for s in runs),
        note,
    )


def evaluate_ecbplus(
    path: str | Path, options: StoryOptions | None = None, seeds: Sequence[int] = SEEDS
) -> list[Row]:
    docs = read_ecbplus(path)
    runs = [run_stream(shuffled(docs, seed), options) for seed in seeds]
    base, threshold = baseline(docs)
    return [
        _row("ECB+ streaming", runs, f"{len(seeds)} seeded shuffles {list(seeds)}"),
        _row("ECB+ TF-IDF + average-link", [base], f"oracle threshold {threshold:.2f}"),
    ]


def evaluate_allsides(path: str | Path, options: StoryOptions | None = None) -> list[Row]:
    docs = read_allsides(path)
    base, threshold = baseline(docs)
    return [
        _row("AllSides streaming", [run_stream(docs, options)], "date order"),
        _row("AllSides TF-IDF + average-link", [base], f"oracle threshold {threshold:.2f}"),
    ]


def render_rows(rows: Sequence[Row], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([asdict(r) for r in rows], indent=2)
    head = f"{'run':32} {'docs':>5} {'gold':>5} {'pred':>6}  " + "  ".join(
        f"{f:>13}" for f in _FIELDS
    )
    lines = [head]
    for r in rows:
        cells = "  ".join(
            f"{r.mean[f]:.3f} ± {r.spread[f]:.3f}" if r.spread[f] else f"{r.mean[f]:13.3f}"
            for f in _FIELDS
        )
        lines.append(
            f"{r.name:32} {r.n_docs:5d} {r.n_gold:5d} {r.n_predicted:6.1f}  {cells}  {r.note}"
        )
    return "\n".join(lines)


def eval_stories_command(
    ecbplus: Path | None, allsides: Path | None, fmt: str = "text", floor: float | None = None
) -> int:
    """Print the figures; return 1 when a streaming B3-F1 is below `floor`, 2 on bad input."""
    import sys

    rows: list[Row] = []
    try:
        if ecbplus is not None:
            rows += evaluate_ecbplus(ecbplus)
        if allsides is not None:
            rows += evaluate_allsides(allsides)
    except (OSError, ValueError, KeyError) as exc:
        print(f"newsparallax: error: cannot read the evaluation data ({exc})", file=sys.stderr)
        return 2
    print(render_rows(rows, fmt))
    if floor is not None:
        low = [r for r in rows if "streaming" in r.name and r.mean["b3_f1"] < floor]
        if low:
            print(
                f"below the B3-F1 floor {floor}: {', '.join(r.name for r in low)}", file=sys.stderr
            )
            return 1
    return 0
