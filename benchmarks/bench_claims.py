"""What the claim map costs, against the spaCy parse, in one process (`make bench`).

The claim map (docs/claims.md) compares every statement of a story with every other: its cost
grows with the square of the story's statements, and its sentence vectors (all-MiniLM-L6-v2 in
numpy) cost a forward pass per statement. Measured on a 40-article story (ten synthetic events of
four reports, benchmarks/corpus.py, fixed seed) and, when ../shared/data/nanco is there, on the
real 46-outlet story of documents_recession.json (read at run time, never copied):

- the parse of the story's articles (the floor every comparison pays);
- the claim map from the parses, grouped by sentence vectors and by word overlap alone;
- the claim map of one pair of articles (the mean over ten pairs);
- the whole comparison, parse included (the issue's budget: under a minute for 40 articles).

Ratios are against the parse measured in the same run; the faster of two runs is kept.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate_events
from newsparallax.analysis.claims import claim_map
from newsparallax.analysis.embeddings import load_encoder
from newsparallax.analysis.nlp import load_nlp, parse_articles
from newsparallax.model import Article
from newsparallax.pipeline import compare
from newsparallax.reading.text import article_from_text

BUDGET = 60.0  # seconds for a whole 40-article comparison
RECESSION = Path(__file__).resolve().parents[2] / "shared/data/nanco/documents_recession.json"


def best_of_two(run: Callable[[], object]) -> float:
    times = []
    for _ in range(2):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def synthetic_story(n_articles: int, seed: int) -> list[Article]:
    events = generate_events((n_articles + 3) // 4, seed)
    pairs = [pair for event in events for pair in event][:n_articles]
    return [article_from_text(text, f"{n}-{aid}") for n, (aid, text) in enumerate(pairs)]


def recession_story() -> list[Article] | None:
    if not RECESSION.is_file():
        return None
    documents = json.loads(RECESSION.read_text(encoding="utf-8"))
    return [
        article_from_text(f"{d['title']}\n\n{d['content']}", d["domain"], d["url"])
        for d in documents
    ]


def measure(name: str, articles: list[Article], nlp, encoder) -> None:
    docs = list(parse_articles(nlp, articles))
    statements = len(claim_map(articles, docs).statements)
    parse_time = best_of_two(lambda: list(parse_articles(nlp, articles)))
    lexical = best_of_two(lambda: claim_map(articles, docs))
    rows = [("parse (the floor)", parse_time), ("claim map, word overlap", lexical)]
    if encoder is not None:
        rows.append(("claim map, sentence vectors", best_of_two(
            lambda: claim_map(articles, docs, encoder))))  # fmt: skip
        rng = random.Random(7)
        pairs = [rng.sample(range(len(articles)), 2) for _ in range(10)]
        start = time.perf_counter()
        for i, j in pairs:
            claim_map([articles[i], articles[j]], [docs[i], docs[j]], encoder)
        rows.append(("claim map, one article pair", (time.perf_counter() - start) / len(pairs)))
    whole = best_of_two(lambda: compare(articles, nlp))
    rows.append(("whole comparison, parse included", whole))
    words = sum(len(a.text.split()) for a in articles)
    print(f"\n{name}: {len(articles)} articles, {words:,} words, {statements:,} statements")
    for label, seconds in rows:
        print(f"  {label:<36} {seconds:8.2f} s   {seconds / parse_time:6.2f} x parse")
    verdict = "within" if whole <= BUDGET * len(articles) / 40 else "OVER"
    print(f"  budget: {BUDGET:.0f} s per 40 articles -> {verdict}")


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--articles", type=int, default=40)
    cli.add_argument("--seed", type=int, default=1234)
    args = cli.parse_args()
    nlp = load_nlp()
    encoder = load_encoder()
    if encoder is None:
        print("the sentence-vector model is not installed: word overlap only (docs/claims.md)")
    measure("synthetic story", synthetic_story(args.articles, args.seed), nlp, encoder)
    real = recession_story()
    if real is not None:
        measure("documents_recession.json (NAnCo)", real, nlp, encoder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
