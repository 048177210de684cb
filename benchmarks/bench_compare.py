"""How much does newsparallax cost beyond spaCy's own parse? (`make bench`)

Generates synthetic events of four reports each (benchmarks/corpus.py, fixed seed), loads the
English model once, then times in the same process:

- the parse alone: `list(newsparallax.analysis.nlp.parse(nlp, texts))` over every text;
- the whole pipeline: per event, `article_from_text` for each report and `pipeline.compare`;
- quotes and speakers alone: `pipeline.analyse` on every article parsed beforehand, the stage
  attribution work changes, as a share of the parse.

Each is run twice and the faster run kept (the first warms caches). The figure that matters is
the overhead beyond the parse, `(pipeline - parse) / parse`, with a target of at most 30%. The
script prints PASS or over-target and always exits 0 once both measurements ran.

Options: `--events N` (default 60, i.e. 240 articles), `--seed S`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate_events
from newsparallax.analysis.nlp import load_nlp, parse
from newsparallax.reading.text import article_from_text

TARGET = 0.30
console = Console()


def best_of_two(label: str, total: int, run: Callable[[Callable[[], None]], None]) -> float:
    """Seconds taken by the faster of two runs of `run(step)`; `step` advances the bar."""
    times = []
    for attempt in (1, 2):
        columns = (TextColumn(f"{label} (run {attempt}/2)"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task(label, total=total)
            start = time.perf_counter()
            run(partial(bar.advance, task))
            times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--events", type=int, default=60, help="events of 4 articles (default 60)")
    cli.add_argument("--seed", type=int, default=1234)
    args = cli.parse_args()

    events = generate_events(args.events, args.seed)
    texts = [text for event in events for _, text in event]
    n_words = sum(len(text.split()) for text in texts)
    with console.status("Loading the English model"):
        nlp = load_nlp()

    def parse_all(step: Callable[[], None]) -> None:
        for _ in parse(nlp, texts):
            step()

    parse_time = best_of_two("spaCy parse", len(texts), parse_all)

    try:
        from newsparallax.pipeline import compare
    except ImportError as error:
        console.print(f"[red]newsparallax.pipeline.compare is not available yet: {error}")
        return 1

    def compare_all(step: Callable[[], None]) -> None:
        for event in events:
            compare([article_from_text(text, article_id) for article_id, text in event], nlp)
            step()

    pipeline_time = best_of_two("whole pipeline", len(events), compare_all)

    # Quotes and speakers alone (the stage attribution work changes), on texts parsed beforehand.
    from newsparallax.analysis.nlp import parse_articles
    from newsparallax.pipeline import analyse

    articles = [article_from_text(text, aid) for event in events for aid, text in event]
    parsed = list(zip(articles, parse_articles(nlp, articles), strict=True))

    def analyse_all(step: Callable[[], None]) -> None:
        for article, doc in parsed:
            analyse(article, doc)
            step()

    attribution_time = best_of_two("quotes and speakers", len(parsed), analyse_all)

    table = Table(title=f"{len(events)} events, {len(texts)} articles, {n_words:,} words")
    for column in ("", "articles", "words", "seconds", "articles/s", "words/s"):
        table.add_column(column, justify="left" if not column else "right")
    for name, seconds in (("parse alone", parse_time), ("whole pipeline", pipeline_time)):
        table.add_row(
            name, str(len(texts)), f"{n_words:,}", f"{seconds:.2f}",
            f"{len(texts) / seconds:.1f}", f"{n_words / seconds:,.0f}",
        )  # fmt: skip
    console.print(table)
    overhead = (pipeline_time - parse_time) / parse_time
    console.print(
        f"quotes and speakers: {attribution_time:.2f} s, {attribution_time / parse_time:.1%} of "
        f"the parse; every other stage (claim map, alignment, facts, ...): "
        f"{(pipeline_time - parse_time - attribution_time) / parse_time:.0%} of the parse"
    )
    console.print(f"overhead beyond the parse: {overhead:.0%} (target ≤ {TARGET:.0%})")
    if overhead <= TARGET:
        console.print("[green]PASS")
    else:
        console.print(f"[yellow]over target by {overhead - TARGET:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
