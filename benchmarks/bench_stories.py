"""Does story grouping scale near-linearly? (`make bench`)

Generates news-like articles (fixed seed): invented events, each reported by one to nine
articles over a couple of days, with the event's own names and words inside a Zipf-distributed
general vocabulary, and now and then a wire copy. The stream density is the same at every size
(about 300 articles a day), so the sizes differ only in length. For 10,000 and 100,000 articles
it runs `stories.group` in a fresh process and reports:

- time per article at both sizes, and their ratio (target ≤ 1.5: the cost of one decision must
  not grow with the stream);
- peak memory of that process (ru_maxrss), beside its memory once the articles were generated;
- at 10,000, the brute-force baseline in the same process: all-pairs cosine similarity of the
  same TF-IDF vectors (scipy.sparse, in row blocks), the work that grouping without an index
  would have to do;
- B3-F1 against the generated events, as a sanity check that the fast path still groups.

Options: `--sizes 10000 100000`, `--seed S`. Exits 0 once the measurements ran; prints PASS or
over-target for the ratio.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from newsparallax.evaluate.stories_eval import score_clustering
from newsparallax.stories.features import StoryDoc, words
from newsparallax.stories.index import group

TARGET_RATIO = 1.5
PER_DAY = 300
SYLLABLES = (
    "ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se"
    " si so ta te ti to va ve vi vo za ze zo"
).split()


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def generate(n: int, seed: int) -> tuple[list[StoryDoc], dict[str, str]]:
    """n articles in date order and their gold event ids."""
    rng = random.Random(seed)
    vocabulary = sorted({_word(rng, rng.randint(2, 4)) for _ in range(30000)})
    zipf = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    days = max(1, n // PER_DAY)
    docs: list[tuple[float, StoryDoc]] = []
    gold: dict[str, str] = {}
    event = 0
    while len(docs) < n:
        event += 1
        names = [
            f"{_word(rng, 2).title()} {_word(rng, 3).title()}" for _ in range(rng.randint(2, 3))
        ]
        place = _word(rng, 3).title()
        keywords = rng.sample(vocabulary[2000:], 8)
        start = rng.uniform(0, days)
        first_text = None
        for k in range(min(rng.randint(1, 9), n - len(docs))):
            doc_id = f"e{event}a{k}"
            if first_text is not None and rng.random() < 0.1:
                text = first_text  # a wire copy
            else:
                sentences = []
                for _ in range(rng.randint(6, 10)):
                    body = rng.choices(vocabulary, cum_weights=zipf, k=rng.randint(8, 16))
                    body += rng.sample(keywords, 3)
                    rng.shuffle(body)
                    sentences.append(f"{rng.choice(names)} said in {place} that {' '.join(body)}.")
                text = "\n".join(sentences)
                first_text = first_text or text
            title = f"{place} {' '.join(rng.sample(keywords, 4))}"
            day = start + rng.uniform(0, 2)
            date = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(1.6e9 + day * 86400))
            docs.append((day, StoryDoc(id=doc_id, text=text, title=title, date=date)))
            gold[doc_id] = f"e{event}"
    docs.sort(key=lambda pair: pair[0])
    return [d for _, d in docs], gold


def brute_force_seconds(docs: list[StoryDoc]) -> float:
    """All-pairs cosine of TF-IDF vectors, in blocks of 1,000 rows (each row's best match)."""
    import numpy as np
    from scipy import sparse

    start = time.perf_counter()
    counts = [Counter(words(d.text)) for d in docs]
    df = Counter(w for c in counts for w in c)
    vocab = {w: i for i, w in enumerate(df)}
    rows, cols, vals = [], [], []
    for r, c in enumerate(counts):
        weights = {w: (1 + math.log(k)) * math.log(len(docs) / df[w]) for w, k in c.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        for w, v in weights.items():
            rows.append(r)
            cols.append(vocab[w])
            vals.append(v / norm)
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))
    transposed = matrix.T.tocsc()
    for block in range(0, len(docs), 1000):
        sims = (matrix[block : block + 1000] @ transposed).toarray()
        np.fill_diagonal(sims[:, block : block + 1000], 0)
        sims.argmax(axis=1)
    return time.perf_counter() - start


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(size: int, seed: int, brute: bool) -> dict:
    """One size, in this process: generation, grouping, optionally the brute-force baseline."""
    docs, gold = generate(size, seed)
    after_generation = _peak_mb()
    start = time.perf_counter()
    assignments = group(docs)
    seconds = time.perf_counter() - start
    result = {
        "size": size,
        "seconds": seconds,
        "ms_per_article": 1000 * seconds / size,
        "generated_mb": after_generation,
        "peak_mb": _peak_mb(),
        "stories": len({a.story for a in assignments}),
        "events": len(set(gold.values())),
        "copies": sum(1 for a in assignments if a.how == "duplicate"),
        "b3_f1": score_clustering({a.doc: a.story for a in assignments}, gold).b3_f1,
    }
    if brute:
        try:
            result["brute_seconds"] = brute_force_seconds(docs)
        except ImportError:
            result["brute_seconds"] = None
    return result


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    cli.add_argument("--seed", type=int, default=1234)
    cli.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size
    cli.add_argument("--brute", action="store_true", help=argparse.SUPPRESS)
    args = cli.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.seed, args.brute)))
        return 0

    results = []
    for size in args.sizes:
        print(f"stories: grouping {size:,} generated articles ...", file=sys.stderr, flush=True)
        command = [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)]
        if size == min(args.sizes):
            command.append("--brute")
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out))

    print(
        f"{'articles':>9} {'ms/article':>11} {'seconds':>8} {'peak MB':>8} {'gen MB':>7}"
        f" {'stories':>8} {'events':>7} {'copies':>7} {'B3-F1':>6}"
    )
    for r in results:
        print(
            f"{r['size']:9,d} {r['ms_per_article']:11.3f} {r['seconds']:8.1f} {r['peak_mb']:8.0f}"
            f" {r['generated_mb']:7.0f} {r['stories']:8,d} {r['events']:7,d} {r['copies']:7,d}"
            f" {r['b3_f1']:6.3f}"
        )
    small = results[0]
    if small.get("brute_seconds") is not None:
        print(
            f"brute-force all-pairs cosine at {small['size']:,}: {small['brute_seconds']:.1f} s"
            f" ({small['brute_seconds'] / small['seconds']:.1f}× the online grouping;"
            " it grows with the square of the stream)"
        )
        if len(results) > 1:
            factor = (results[-1]["size"] / small["size"]) ** 2
            print(
                f"  extrapolated to {results[-1]['size']:,}: about"
                f" {small['brute_seconds'] * factor:,.0f} s, against"
                f" {results[-1]['seconds']:.0f} s measured for the online grouping"
            )
    elif "brute_seconds" in small:
        print("brute-force all-pairs: skipped (scipy not installed)")
    if len(results) > 1:
        ratio = results[-1]["ms_per_article"] / small["ms_per_article"]
        verdict = "PASS" if ratio <= TARGET_RATIO else "over target"
        print(
            f"time per article, {results[-1]['size']:,} vs {small['size']:,}: ratio {ratio:.2f}"
            f" (target ≤ {TARGET_RATIO}) {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
