"""Profile the full pipeline of one corpus partition with pyinstrument (`make profile`).

Runs `partitions.process_partition` in this process — read, extract, parse, analyse, write
Parquet — on generated reports (benchmarks/corpus.py, fixed seed), then loads the result into a
SQLite store and assigns stories, all under the profiler. The model is loaded before profiling
starts. Writes the call tree as text to `benchmarks/profile-run.txt` (and HTML with `--html`),
and prints the share of time spent in our own code versus spaCy's. The model, the language
identifier and the name lists are loaded before profiling starts: once per worker, not per
article.

Options: `--articles N` (default 200), `--seed S`, `--html PATH`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from pyinstrument import Profiler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate_events
from newsparallax.analysis.nlp import load_nlp
from newsparallax.corpus.duplicates import load_near_duplicates
from newsparallax.corpus.partitions import PartitionOptions, load_partition, plan, process_partition
from newsparallax.store.corpus import RunSummary, Writer, start_run
from newsparallax.store.schema import open_store
from newsparallax.stories.grouping import assign_stories

HERE = Path(__file__).resolve().parent


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--articles", type=int, default=200)
    cli.add_argument("--seed", type=int, default=99)
    cli.add_argument("--html", type=Path)
    args = cli.parse_args()

    events = generate_events((args.articles + 3) // 4, args.seed)
    texts = [text for event in events for _, text in event][: args.articles]
    load_nlp()
    with tempfile.TemporaryDirectory(prefix="profile-run-") as tmp:
        work = Path(tmp)
        (work / "articles").mkdir()
        for i, text in enumerate(texts):
            (work / "articles" / f"a{i:05d}.txt").write_text(text)
        (partition,), _ = plan([str(work / "articles")], files_per_partition=len(texts))
        conn = open_store(work / "store.db")
        summary = RunSummary(start_run(conn, [str(work)], PartitionOptions()))
        writer = Writer(conn, summary.run_id, summary, load_near_duplicates(conn, 0.5))

        warm, _ = plan([str(work / "articles" / "a00000.txt")])
        process_partition(warm[0], str(work / "warm"), PartitionOptions())  # one-time loads

        profiler = Profiler(interval=0.002)
        profiler.start()
        process_partition(partition, str(work / "out"), PartitionOptions())
        load_partition(writer, work / "out", partition)
        assign_stories(conn)
        profiler.stop()
        conn.close()

    text = profiler.output_text(unicode=True, color=False, show_all=False)
    (HERE / "profile-run.txt").write_text(text)
    if args.html:
        args.html.write_text(profiler.output_html())
    session = profiler.last_session
    assert session is not None
    total = session.duration
    ours = _ours(session.root_frame())
    print(f"{len(texts)} articles in {total:.1f} s under the profiler ({len(texts) / total:.1f}/s)")
    print(f"our code (newsparallax, less its calls into spaCy): {ours:.2f} s, {ours / total:.0%}")
    print(f"everything else (spaCy's parse, its Cython and BLAS): {1 - ours / total:.0%}")
    print(f"call tree written to {HERE / 'profile-run.txt'}")
    return 0


def _ours(frame) -> float:
    """Time in newsparallax's own frames, less what they spend in spaCy or thinc. Cython and
    BLAS code have no Python frames, so the profiler puts much of the parse at the root."""
    if frame is None:
        return 0.0
    if "newsparallax" in (frame.file_path or ""):
        return frame.time - _inside(frame, ("spacy", "thinc"))
    return sum(_ours(child) for child in frame.children)


def _inside(frame, packages: tuple[str, ...]) -> float:
    if any(f"/{p}/" in (frame.file_path or "") for p in packages):
        return frame.time
    return sum(_inside(child, packages) for child in frame.children)


if __name__ == "__main__":
    sys.exit(main())
