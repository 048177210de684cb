"""Where does a corpus run spend its time, and does it scale with workers? (`make bench`)

Writes ≥ 1,000 generated reports (benchmarks/corpus.py, fixed seed) as files, then, in one
process and on the same files, times:

- the spaCy parse alone, in this process (the floor: no reading, no analysis, no store);
- `newsparallax run` end to end (read, extract, analyse, write Parquet, load into SQLite,
  assign stories) with 1 local worker process, with 2, and on a 2-worker Dask LocalCluster.

Workers are started and their model loaded before the clock starts: that is a fixed cost per
worker, paid once per run, not per article. Every process runs one BLAS thread, so processes do
not fight over cores. Prints one table with articles/s, peak memory per worker and the ratios
against the targets: full pipeline ≥ 75% of the parse alone; 2 processes ≥ 1.7× one; Dask
within 10% of local processes. Always exits 0 once every measurement ran.

Options: `--articles N` (default 1000), `--seed S`, `--files-per-partition K` (default 25).
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate_events  # noqa: E402
from newsparallax.analysis.nlp import load_nlp, parse  # noqa: E402
from newsparallax.corpus.executors import DaskExecutor, Executor, LocalExecutor  # noqa: E402
from newsparallax.corpus.run import CorpusRunSummary, RunOptions, run_corpus  # noqa: E402
from newsparallax.store.schema import open_store  # noqa: E402

console = Console()


def timed_run(
    label: str, make: Callable[[], Executor], files: Path, work: Path, options: RunOptions
) -> tuple[float, CorpusRunSummary]:
    with console.status(f"{label}: starting workers"):
        executor = make()
        executor.start()
    try:
        conn = open_store(work / f"{label}.db")
        with console.status(f"{label}: running"):
            started = time.perf_counter()
            summary = run_corpus(conn, [str(files)], work / label, executor, options)
            seconds = time.perf_counter() - started
        conn.close()
    finally:
        executor.close()
    assert not summary.failed, summary.failed
    return seconds, summary


def worker_memory(summary: CorpusRunSummary) -> str:
    peaks: dict[str, float] = {}
    for result in summary.results:
        peaks[result.worker] = max(peaks.get(result.worker, 0.0), result.peak_rss_mb)
    return " / ".join(f"{mb:.0f}" for mb in sorted(peaks.values())) + " MB"


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--articles", type=int, default=1000)
    cli.add_argument("--seed", type=int, default=1234)
    cli.add_argument("--files-per-partition", type=int, default=25)
    args = cli.parse_args()

    events = generate_events((args.articles + 3) // 4, args.seed)
    texts = [text for event in events for _, text in event][: args.articles]
    n = len(texts)
    options = RunOptions(files_per_partition=args.files_per_partition)
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        work = Path(tmp)
        files = work / "articles"
        files.mkdir()
        for i, text in enumerate(texts):
            (files / f"a{i:05d}.txt").write_text(text)

        with console.status("parse alone: loading the model"):
            nlp = load_nlp()
        with console.status("parse alone"):
            started = time.perf_counter()
            for _ in parse(nlp, texts):
                pass
            parse_seconds = time.perf_counter() - started

        rows = [("spaCy parse alone (1 process)", parse_seconds, "-")]
        runs = {}
        for label, make in (
            ("local-1", lambda: LocalExecutor(1)),
            ("local-2", lambda: LocalExecutor(2)),
            ("dask-2", lambda: DaskExecutor(workers=2)),
        ):
            seconds, summary = timed_run(label, make, files, work, options)
            assert summary.ingest.added + summary.ingest.copies == n, "every article stored"
            runs[label] = seconds
            parquet = sum(f.stat().st_size for f in (work / label).rglob("*.parquet"))
            store = (work / f"{label}.db").stat().st_size
            rows.append((f"newsparallax run, {label}", seconds, worker_memory(summary)))
            driver = (summary.load_seconds + summary.stories_seconds) / n * 1000

    words = sum(len(text.split()) for text in texts)
    title = f"{n} articles ({words:,} words), {args.files_per_partition} files per partition"
    table = Table(title=title)
    for column in ("", "seconds", "articles/s", "words/s", "peak memory per worker"):
        table.add_column(column, justify="left" if not column else "right")
    for name, seconds, memory in rows:
        table.add_row(
            name, f"{seconds:.1f}", f"{n / seconds:.1f}", f"{words / seconds:,.0f}", memory
        )
    console.print(table)
    console.print(
        f"disk per 1,000 articles: Parquet {parquet / n / 1000:.1f} MB,"
        f" SQLite store {store / n / 1000:.1f} MB;"
        f" worker core-seconds per 1,000 words: {runs['local-1'] / words * 1000:.3f};"
        f" the driver's serial work (loading, stories): {driver:.1f} ms per article"
    )

    checks = (
        ("full pipeline (1 process) / parse alone", parse_seconds / runs["local-1"], 0.75, "≥"),
        ("2 processes / 1 process", runs["local-1"] / runs["local-2"], 1.7, "≥"),
        ("Dask 2 workers / 2 local processes", runs["local-2"] / runs["dask-2"], 0.9, "≥"),
    )
    for name, ratio, target, sign in checks:
        verdict = "[green]PASS" if ratio >= target else "[yellow]below target"
        console.print(f"{name}: {ratio:.2f} (target {sign} {target}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
