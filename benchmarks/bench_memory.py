"""How much memory does `compare` take on a long text? (`make bench`)

For each size (default 0.1, 1 and 10 MB), a child process of its own loads the English model,
compares one small article to warm it, notes its resident memory (the baseline: the model and
the interpreter), then compares one article of that size made from the synthetic reports of
benchmarks/corpus.py. It prints the peak resident memory above the baseline, that figure per
megabyte of text, and the seconds taken beside the seconds of the parse alone (spaCy's own
floor, the same text, the same process), so a regression shows as memory growing with the text
faster than the Doc itself does (about 300 bytes a token) or as a time ratio drifting up.

Options: `--sizes 0.1 1 10` (megabytes), `--seed S`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def text_of(megabytes: float, seed: int) -> str:
    """Synthetic reports, one after another, cut to `megabytes` (10^6 characters each)."""
    from corpus import generate_events

    texts = [text for event in generate_events(40, seed) for _, text in event]
    size, parts, total = int(megabytes * 1_000_000), [], 0
    while total < size:
        parts.append(texts[len(parts) % len(texts)])
        total += len(parts[-1]) + 2
    return "\n\n".join(parts)[:size]


def one(megabytes: float, seed: int) -> dict[str, float]:
    """The figures of one size, measured in this process."""
    from newsparallax.analysis.nlp import load_nlp, parse_articles
    from newsparallax.pipeline import compare
    from newsparallax.reading.text import article_from_text

    nlp = load_nlp()
    compare([article_from_text(text_of(0.005, seed), "warm")], nlp)
    baseline = rss_mb()
    article = article_from_text(text_of(megabytes, seed), "long")
    started = time.perf_counter()
    comparison = compare([article], nlp)
    seconds = time.perf_counter() - started
    peak = rss_mb()
    started = time.perf_counter()
    for _ in parse_articles(nlp, [article]):
        pass
    parse_seconds = time.perf_counter() - started
    return {
        "megabytes": megabytes,
        "baseline_mb": baseline,
        "over_baseline_mb": peak - baseline,
        "seconds": seconds,
        "parse_seconds": parse_seconds,
        "quotes": len(comparison.quotes),
    }


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1.0, 10.0])
    cli.add_argument("--seed", type=int, default=1234)
    cli.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = cli.parse_args()
    if args.one is not None:
        print(json.dumps(one(args.one, args.seed)))
        return 0
    columns = ("MB", "baseline MB", "peak over it", "per MB", "s", "s/parse")
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, (6, 12, 13, 8, 8, 8), strict=True)))
    for size in args.sizes:
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(child.stdout.splitlines()[-1])
        print(
            f"{size:>6g} {r['baseline_mb']:>12.0f} {r['over_baseline_mb']:>13.0f}"
            f" {r['over_baseline_mb'] / size:>8.0f} {r['seconds']:>8.1f}"
            f" {r['seconds'] / r['parse_seconds']:>8.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
