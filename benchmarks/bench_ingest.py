"""Corpus ingest: throughput, and near-duplicate precision/recall beside brute force (`make bench`).

1. Throughput: `--pages` (default 5,000) generated news pages (tests/newspages.py: full
   HTML with navigation, byline, JSON-LD or <meta> dates, related links, footer) written to a
   temporary folder, then `batch.ingest` over the folder into a fresh SQLite store with all cores
   (the same path as `newsparallax ingest DIR`). Reports articles/s, end to end.
2. Near duplicates: `--originals` stories, two of every three with two syndicated copies each
   (a few words changed, the ending trimmed, boilerplate added; one or two edits per copy), so
   the true duplicate pairs are known. The pages are ingested (so the texts are the extracted
   ones), then on those texts, in the same run:
   - MinHash LSH (`corpus.duplicates.NearDuplicates`, the code ingest uses): signatures and index;
   - brute force: exact Jaccard of the shingle sets for every pair, same threshold.
   Precision and recall are over pairs of articles (a group of n gives n(n-1)/2 pairs); the
   time ratio is brute force / LSH, the recall ratio LSH recall / brute-force recall.

Options: `--pages N`, `--originals N`, `--workers N`, `--seed S`. Always exits 0 once measured.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

# The page generator the ingest tests use too.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from newspages import page, story, syndication_set
from newsparallax.corpus.duplicates import THRESHOLD, NearDuplicates
from newsparallax.corpus.ingest import IngestOptions, ingest
from newsparallax.reading.fingerprint import jaccard, shingles, signature
from newsparallax.store.schema import open_store


def write_pages(folder: Path, pages: int, seed: int) -> int:
    rng = random.Random(seed)
    size = 0
    for i in range(pages):
        s = story(rng, i)
        html = page(s, rng)
        (folder / f"{s.id}.html").write_text(html, encoding="utf-8")
        size += len(html)
    return size


def throughput(pages: int, workers: int | None, seed: int, console: Console) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        size = write_pages(folder, pages, seed)
        conn = open_store(Path(tmp) / "bench.db")
        console.print(f"ingesting {pages} generated pages ({size / 1e6:.1f} MB of HTML) ...")
        started = time.perf_counter()
        summary = ingest(conn, [str(folder)], IngestOptions(workers=workers))
        seconds = time.perf_counter() - started
        conn.close()
    return {
        "pages": pages,
        "added": summary.added,
        "errors": summary.errors,
        "seconds": seconds,
        "rate": summary.added / seconds,
    }


def near_duplicates(originals: int, workers: int | None, seed: int, console: Console) -> dict:
    stories, truth = syndication_set(originals, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "syndicated"
        folder.mkdir()
        rng = random.Random(seed)
        for s in stories:
            (folder / f"{s.id}.html").write_text(page(s, rng), encoding="utf-8")
        conn = open_store(Path(tmp) / "dup.db")
        console.print(f"ingesting {len(stories)} pages with {len(truth)} true duplicate pairs ...")
        ingest(conn, [str(folder)], IngestOptions(workers=workers))
        from newsparallax.model import Article, Dropped
        from newsparallax.reading.fingerprint import story_text

        texts: dict[str, str] = {}
        dropped: dict[str, list[Dropped]] = {}
        for aid, start, end, reason in conn.execute(
            'SELECT article_id, start, "end", reason FROM dropped'
        ):
            dropped.setdefault(aid, []).append(Dropped(start, end, reason))
        for aid, label, text in conn.execute("SELECT id, label, text FROM article ORDER BY rowid"):
            texts[label] = story_text(Article(label, text, dropped=tuple(dropped.get(aid, ()))))
        stored = _group_pairs(
            conn.execute(
                "SELECT a.label, d.group_id FROM duplicate_member d"
                " JOIN article a ON a.id = d.article_id"
            ).fetchall()
        )
        # Exact copies (same extracted text) are one article under the first file's label: map
        # the true pairs onto articles; a pair inside one article was caught by the content hash.
        label_of = {
            Path(source).stem: label
            for source, label in conn.execute(
                "SELECT s.source, a.label FROM article_source s"
                " JOIN article a ON a.id = s.article_id"
            )
        }
        conn.close()
    mapped = {frozenset(label_of[i] for i in pair) for pair in truth}
    exact = sum(1 for pair in mapped if len(pair) == 1)
    truth = {pair for pair in mapped if len(pair) == 2}
    labels = list(texts)

    started = time.perf_counter()
    index = NearDuplicates()
    for label in labels:
        index.add(label, signature(texts[label]))
    lsh_seconds = time.perf_counter() - started
    lsh = _group_pairs([(k, index.group_of(k)) for k in labels if index.group_of(k)])

    started = time.perf_counter()
    sets = {label: shingles(texts[label]) for label in labels}
    brute = {
        frozenset((a, b))
        for a, b in itertools.combinations(labels, 2)
        if jaccard(sets[a], sets[b]) >= THRESHOLD
    }
    brute_seconds = time.perf_counter() - started

    return {
        "documents": len(labels),
        "true_pairs": len(truth),
        "exact_pairs": exact,
        "store": _scores(stored, truth),
        "lsh": _scores(lsh, truth) | {"seconds": lsh_seconds},
        "brute": _scores(brute, truth) | {"seconds": brute_seconds},
    }


def _group_pairs(memberships: list[tuple[str, str]]) -> set[frozenset[str]]:
    groups: dict[str, list[str]] = {}
    for label, group in memberships:
        groups.setdefault(group, []).append(label)
    return {frozenset(p) for members in groups.values() for p in itertools.combinations(members, 2)}


def _scores(found: set[frozenset[str]], truth: set[frozenset[str]]) -> dict[str, float]:
    hits = len(found & truth)
    return {
        "found": len(found),
        "precision": hits / len(found) if found else 1.0,
        "recall": hits / len(truth) if truth else 1.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--originals", type=int, default=600)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    console = Console()

    speed = throughput(args.pages, args.workers, args.seed, console)
    dup = near_duplicates(args.originals, args.workers, args.seed, console)

    table = Table(title="newsparallax ingest")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("pages ingested", f"{speed['added']:,} ({speed['errors']} errors)")
    table.add_row("ingest throughput", f"{speed['rate']:.1f} articles/s ({speed['seconds']:.1f} s)")
    table.add_row(
        "near-dup set",
        f"{dup['documents']:,} articles, {dup['true_pairs']} true near-duplicate pairs"
        f" (+{dup['exact_pairs']} caught as exact copies)",
    )
    for name, key in (
        ("stored groups (ingest)", "store"),
        ("MinHash LSH", "lsh"),
        ("brute force", "brute"),
    ):
        s = dup[key]
        extra = f", {s['seconds']:.2f} s" if "seconds" in s else ""
        table.add_row(
            name, f"P {s['precision']:.3f}  R {s['recall']:.3f}  ({s['found']} pairs{extra})"
        )
    lsh, brute = dup["lsh"], dup["brute"]
    table.add_row("time ratio brute / LSH", f"{brute['seconds'] / lsh['seconds']:.1f}x")
    table.add_row(
        "recall ratio LSH / brute",
        f"{lsh['recall'] / brute['recall']:.3f}" if brute["recall"] else "n/a",
    )
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
