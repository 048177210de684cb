"""The command line: a thin layer that reads arguments, calls the library and turns its errors
into one-line messages (exit code 2 for bad input). Every command opens the store one way
(`_store`), and every default comes from where the library defines it (`limits`,
`corpus.defaults`)."""

from __future__ import annotations

import socket
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .corpus import defaults
from .limits import DOC_TIMEOUT, MAX_BYTES, MAX_DEPTH, MAX_RATIO, MAX_WARC_RECORDS, PARSER_DEPTH
from .model import InputError

app = typer.Typer(
    help="Compare news reports of one event: who said what, how faithfully, who was left out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)

BAD_INPUT = 2
DEFAULT_DB = Path("newsparallax.db")
MIB = 1024 * 1024


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


# The caps on hostile input (see `limits`), shared by `ingest` and `run`.
DocTimeout = Annotated[
    float, typer.Option(min=0, help="Seconds one document may take to extract (0: no cap).")
]
MaxBytes = Annotated[int, typer.Option(min=1, help="Size cap for one document, in bytes.")]
MaxRatio = Annotated[
    float, typer.Option(min=1, help="Most a .gz file or a gzip page may inflate, times.")
]
MaxDepth = Annotated[
    int,
    typer.Option(
        min=1, max=PARSER_DEPTH, help="Most elements nested inside one another in a page."
    ),
]
MaxWarcRecords = Annotated[int, typer.Option(min=1, help="Most records read from one WARC file.")]


def _error(message: str) -> None:
    typer.echo(f"newsparallax: error: {message}", err=True)


def _warn(message: str) -> None:
    typer.echo(f"newsparallax: warning: {message}", err=True)


def _show_version(value: bool) -> None:
    if value:
        from .version import __version__

        typer.echo(f"newsparallax {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Exit codes: 0 done; 1 done, but part of the work failed (a corpus run's partition, an
    evaluation below its floor, an ingest that stored nothing); 2 bad input (a file, a URL, an
    option, a store), told in one line on stderr."""


@app.command()
def compare(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files (plain text or HTML) or http(s) URLs.", metavar="SOURCE"
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here, not stdout.")] = None,
    db: Annotated[Path, typer.Option(help="SQLite store for the analysis.")] = DEFAULT_DB,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not save the analysis.")] = False,
    encoding: Annotated[str | None, typer.Option(help="Decode text files with this.")] = None,
    story: Annotated[
        str | None,
        typer.Option(help="Compare every article of this story (from --db), no SOURCEs."),
    ] = None,
    max_bytes: MaxBytes = MAX_BYTES,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Fetch private/loopback addresses too.")
    ] = False,
) -> None:
    """Find every quote and speaker, align the same utterance across articles, list each
    article's voices and the facts they state differently. A URL is fetched as `ingest` fetches
    (robots.txt obeyed, public addresses only). Warns of articles not in English, too short to
    be the article, teasers, and articles that share nothing with the others."""
    from .analysis.nlp import load_nlp
    from .api import read_sources
    from .checks import comparison_warnings
    from .corpus.fetch import FetchOptions
    from .pipeline import compare as run_compare
    from .report import render

    if story is not None:
        if sources:
            raise typer.BadParameter("give SOURCEs or --story, not both", param_hint="'--story'")
        articles, errors, cautions = read_sources(_story_articles(db, story))
    elif not sources:
        raise typer.BadParameter(
            "give the articles to compare (files or URLs), or --story ID", param_hint="'SOURCE...'"
        )
    else:
        fetch = FetchOptions(retries=0, delay=0.0, max_bytes=max_bytes, allow_private=allow_private)
        articles, errors, cautions = read_sources(
            sources, encoding=encoding, fetch=fetch, max_bytes=max_bytes
        )
    for error in errors:
        _error(str(error))
    seen: dict[str, str] = {}
    for article in articles:
        if article.sha in seen:
            first = seen[article.sha]
            why = "given twice" if first == article.source else f"same text as {first}"
            _warn(f"{article.source}: {why}; compared once")
        seen.setdefault(article.sha, article.source)
    if not articles:
        raise typer.Exit(BAD_INPUT)
    comparison = run_compare(articles, load_nlp())
    for caution in [*cautions, *comparison_warnings(comparison)]:
        _warn(str(caution))
    text = render(comparison, fmt.value)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            _error(f"{out}: cannot write the report ({exc.strerror})")
            raise typer.Exit(BAD_INPUT) from None
    if not no_store:
        from .store.comparisons import save_comparison

        with _store(db, action="save the analysis") as conn:
            save_comparison(conn, comparison)
    if errors:
        raise typer.Exit(BAD_INPUT)


eval_app = typer.Typer(
    help="Measure newsparallax against annotated corpora.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(eval_app, name="eval")


class Split(StrEnum):
    train = "train"
    dev = "dev"
    test = "test"


class EvalFormat(StrEnum):
    text = "text"
    json = "json"


@eval_app.command("quotes")
def eval_quotes(
    polnear: Annotated[
        Path, typer.Option(help="PolNeAR-layout directory (corpus root, data/ or a split dir).")
    ],
    split: Annotated[Split, typer.Option(help="Which split to score.")] = Split.dev,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = (
        EvalFormat.text
    ),
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N articles.")] = None,
    errors: Annotated[
        Path | None, typer.Option(help="Write every missed/spurious/wrong-speaker item (JSONL).")
    ] = None,
) -> None:
    """Score quote, cue, source and speaker extraction against PolNeAR, beside textacy."""
    from .evaluate import eval_quotes_command

    code = eval_quotes_command(polnear, split.value, fmt.value, limit, errors)
    if code:
        raise typer.Exit(code)


class GoldSplit(StrEnum):
    all = "all"
    dev = "dev"
    held_out = "held-out"


@eval_app.command("attribution")
def eval_attribution(
    pages: Annotated[
        Path | None,
        typer.Option(
            help="Folder of bare git copies of the pages' projects (DIR/owner+name/repo)."
        ),
    ] = None,
    allsides: Annotated[Path | None, typer.Option(help="AllSides roundups.jsonl.")] = None,
    pages_gold: Annotated[
        Path | None, typer.Option(help="Pages gold (default: the repository's).")
    ] = None,
    allsides_gold: Annotated[
        Path | None, typer.Option(help="AllSides gold (default: the repository's).")
    ] = None,
    split: Annotated[
        GoldSplit, typer.Option(help="The pages' development or held-out articles.")
    ] = GoldSplit.all,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = (
        EvalFormat.text
    ),
    errors: Annotated[
        Path | None, typer.Option(help="Write every missed/spurious/wrong-speaker item (JSONL).")
    ] = None,
    floors: Annotated[
        Path | None, typer.Option(help="Exit 1 when a figure is below this JSON file's floor.")
    ] = None,
) -> None:
    """Score quotes and their speakers against the gold read by people (benchmarks/gold)."""
    from .evaluate.run_attribution import (
        ALLSIDES_GOLD,
        PAGES_GOLD,
        eval_attribution_command,
    )

    if pages is None and allsides is None:
        raise typer.BadParameter(
            "give --pages DIR, --allsides FILE or both", param_hint="'--pages'"
        )
    try:
        code = eval_attribution_command(
            pages,
            allsides,
            pages_gold or PAGES_GOLD,
            allsides_gold or ALLSIDES_GOLD,
            split.value,
            fmt.value,
            errors,
            floors,
            echo=typer.echo,
            warn=lambda line: typer.echo(line, err=True),
        )
    except InputError as error:
        _error(str(error))
        raise typer.Exit(BAD_INPUT) from None
    if code:
        raise typer.Exit(code)


def _story_articles(db: Path, story: str) -> list:
    """The stored articles of one story, for `compare --story`."""
    from .store.stories import StoryError, story_articles

    with _store(db, must_exist=True) as conn:
        try:
            return story_articles(conn, story)
        except StoryError as exc:
            _error(f"{db}: {exc}")
            raise typer.Exit(BAD_INPUT) from None


@contextmanager
def _store(
    db: Path, *, must_exist: bool = False, action: str = "open the store"
) -> Iterator[sqlite3.Connection]:
    """The store at `db`, opened (created and migrated unless `must_exist`) for the block and
    closed after it; a store that cannot be used, then or in the block, is a one-line error."""
    from .store.schema import RunStopped, StoreError, open_store

    if must_exist and not db.exists():
        _error(f"{db}: no such store")
        raise typer.Exit(BAD_INPUT)
    try:
        conn = open_store(db)
    except (StoreError, OSError, sqlite3.Error) as exc:
        _error(f"{db}: cannot {action} ({exc})")
        raise typer.Exit(BAD_INPUT) from None
    try:
        yield conn
    except RunStopped as exc:  # another run writing, a lock held too long, a full disk
        _error(f"{db}: {exc}")
        raise typer.Exit(1) from None
    except (StoreError, sqlite3.Error) as exc:  # a locked or read-only database
        _error(f"{db}: cannot {action} ({exc})")
        raise typer.Exit(BAD_INPUT) from None
    finally:
        conn.close()


stories_app = typer.Typer(
    help="Group stored articles into stories (events), and correct the grouping.",
    rich_markup_mode=None,
)
app.add_typer(stories_app, name="stories")


@stories_app.callback(invoke_without_command=True)
def stories(
    ctx: typer.Context,
    db: Annotated[Path, typer.Option(help="SQLite store.")] = DEFAULT_DB,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Decide every article again (corrections kept).")
    ] = False,
    top: Annotated[int, typer.Option(min=0, help="List this many stories, largest first.")] = 20,
) -> None:
    """Put every stored article not yet in a story into one (online: earlier decisions stay,
    but a young story found to hold two events is cut in two), then list the stories.
    Subcommands merge and split correct the grouping."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = db
        return
    from .store.stories import list_stories
    from .stories.grouping import assign_stories

    with _store(db, must_exist=True) as conn:
        run = assign_stories(conn, rebuild=rebuild)
        summaries = list_stories(conn)
    new = sum(1 for a in run.assigned if a.how == "new")
    copies = sum(1 for a in run.assigned if a.how == "duplicate")
    typer.echo(
        f"{len(run.assigned)} articles assigned ({new} new stories, {copies} copies);"
        f" {run.n_articles} articles in {run.n_stories} stories"
    )
    if run.split_off:
        typer.echo(
            f"{len(run.split_off)} stories cut out of stories that held two events"
            f" ({run.n_moved} articles of earlier runs moved)"
        )
    for s in summaries[:top]:
        dates = s.first_date[:10] if s.first_date else "-"
        if s.last_date and s.last_date[:10] != dates:
            dates += f"..{s.last_date[:10]}"
        outlets = ", ".join(s.outlets) or "-"
        pin = " (corrected)" if s.pinned else ""
        typer.echo(
            f"{s.id}  {s.n_articles:4d}  {dates:22}  {outlets[:40]:40}  {s.title or ''}{pin}"
        )


# `stories merge A B --db X` and `stories --db X merge A B` both name the store.
StoriesDb = Annotated[
    Path | None, typer.Option("--db", help="SQLite store (default: newsparallax.db).")
]


@stories_app.command("merge")
def stories_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="Story to keep (id or unique prefix).")],
    other: Annotated[str, typer.Argument(help="Story merged into it.")],
    db: StoriesDb = None,
) -> None:
    """Merge two stories into one; the correction survives re-runs and --rebuild."""
    from .store.stories import StoryError, merge_stories

    with _store(db or ctx.obj, must_exist=True) as conn:
        try:
            kept, moved = merge_stories(conn, keep, other)
        except StoryError as exc:
            _error(str(exc))
            raise typer.Exit(BAD_INPUT) from None
    typer.echo(f"merged: {moved} articles moved into story {kept}")


@stories_app.command("split")
def stories_split(
    ctx: typer.Context,
    story: Annotated[str, typer.Argument(help="Story to split (id or unique prefix).")],
    articles: Annotated[
        list[str], typer.Argument(help="Articles that leave it (id, id prefix or label).")
    ],
    db: StoriesDb = None,
) -> None:
    """Move articles out of a story into a new one; the correction survives re-runs."""
    from .store.stories import StoryError, split_story

    with _store(db or ctx.obj, must_exist=True) as conn:
        try:
            new = split_story(conn, story, articles)
        except StoryError as exc:
            _error(str(exc))
            raise typer.Exit(BAD_INPUT) from None
    typer.echo(f"split: {len(articles)} articles now in story {new}")


@eval_app.command("stories")
def eval_stories(
    ecbplus: Annotated[Path | None, typer.Option(help="ECB+ docs.jsonl.")] = None,
    allsides: Annotated[Path | None, typer.Option(help="AllSides roundups.jsonl.")] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = (
        EvalFormat.text
    ),
    floor: Annotated[
        float | None, typer.Option(help="Exit 1 when a streaming B3-F1 is below this.")
    ] = None,
) -> None:
    """Score story grouping (BCubed P/R/F1, pairwise F1, ARI) beside a TF-IDF + average-link
    baseline with an oracle threshold."""
    from .evaluate.stories_eval import eval_stories_command

    if ecbplus is None and allsides is None:
        _error("give --ecbplus FILE and/or --allsides FILE")
        raise typer.Exit(BAD_INPUT)
    code = eval_stories_command(ecbplus, allsides, fmt.value, floor)
    if code:
        raise typer.Exit(code)


@eval_app.command("claims")
def eval_claims(
    nanco: Annotated[Path | None, typer.Option(help="NAnCo questions (nanco-dev.json).")] = None,
    allsides: Annotated[
        Path | None, typer.Option(help="AllSides roundups.jsonl, scored against --gold.")
    ] = None,
    gold: Annotated[Path, typer.Option(help='The AllSides "only in X" gold.')] = Path(
        "benchmarks/gold/allsides-claims.jsonl"
    ),
    floor: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME=VALUE",
            help="Exit 1 when a figure is below VALUE; NAME is nanco_f1, nanco_gain, "
            "only_precision or only_recall (repeatable).",
        ),
    ] = None,
) -> None:
    """Score the claim map: "same information" on NAnCo beside a tuned TF-IDF baseline
    (in-sample and leave-one-question-out), "only in X" on the AllSides gold."""
    from .evaluate.claims import eval_claims_command

    if nanco is None and allsides is None:
        _error("give --nanco FILE and/or --allsides FILE")
        raise typer.Exit(BAD_INPUT)
    floors = {}
    for item in floor or []:
        name, _, value = item.partition("=")
        try:
            floors[name] = float(value)
        except ValueError:
            _error(f"--floor {item!r}: expected NAME=NUMBER")
            raise typer.Exit(BAD_INPUT) from None
    code = eval_claims_command(nanco, gold if allsides else None, allsides, floors)
    if code:
        raise typer.Exit(code)


class ExportKind(StrEnum):
    articles = "articles"
    quotes = "quotes"
    people = "people"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


@app.command()
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories, globs, '-' (stdin), RSS/Atom feeds, WARC(.gz), JSONL, URLs."
        ),
    ],
    db: Annotated[Path, typer.Option(help="SQLite store to add the articles to.")] = DEFAULT_DB,
    workers: Annotated[
        int | None, typer.Option(min=0, help="Worker processes (default: all cores; 0: none).")
    ] = None,
    doc_timeout: DocTimeout = DOC_TIMEOUT,
    max_bytes: MaxBytes = MAX_BYTES,
    max_ratio: MaxRatio = MAX_RATIO,
    max_depth: MaxDepth = MAX_DEPTH,
    max_warc_records: MaxWarcRecords = MAX_WARC_RECORDS,
    user_agent: Annotated[str | None, typer.Option(help="User-Agent for fetching URLs.")] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds for one fetch attempt.")
    ] = defaults.FETCH_TIMEOUT,
    retries: Annotated[
        int, typer.Option(min=0, help="Retries after a transient failure.")
    ] = defaults.FETCH_RETRIES,
    delay: Annotated[
        float, typer.Option(help="Seconds between requests to one host.")
    ] = defaults.FETCH_DELAY,
    connections: Annotated[
        int, typer.Option(min=1, help="Pages fetched at once, from different hosts.")
    ] = defaults.CONNECTIONS,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Fetch private/loopback addresses too.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Add a corpus to the store: text, metadata, dates with their source, duplicates. Re-running
    (or resuming a killed run) adds nothing twice; unreadable documents go to `errors`."""
    from .corpus.fetch import DEFAULT_USER_AGENT, FetchOptions
    from .corpus.ingest import IngestOptions
    from .corpus.ingest import ingest as run_ingest
    from .corpus.progress import ingest_progress

    options = IngestOptions(
        workers=workers,
        doc_timeout=doc_timeout,
        max_bytes=max_bytes,
        max_ratio=max_ratio,
        max_depth=max_depth,
        max_warc_records=max_warc_records,
        fetch=FetchOptions(
            user_agent=user_agent or DEFAULT_USER_AGENT,
            timeout=timeout,
            retries=retries,
            delay=delay,
            connections=connections,
            max_bytes=max_bytes,
            max_ratio=max_ratio,
            allow_private=allow_private,
        ),
    )
    with _store(db) as conn, ingest_progress(sources, enabled=not quiet) as progress:
        summary = run_ingest(conn, sources, options, progress=progress)
    typer.echo(
        f"run {summary.run_id}: {summary.documents} documents in {summary.seconds:.1f} s"
        f" ({summary.rate:.1f}/s): {summary.added} new articles, {summary.copies} exact copies,"
        f" {summary.near_duplicates} near-duplicates, {summary.skipped} already done,"
        f" {summary.errors} errors"
        + (" (newsparallax errors lists them)" if summary.errors else "")
    )
    if not (summary.documents or summary.skipped):
        _error("no document found in the SOURCEs given")
        raise typer.Exit(BAD_INPUT)
    if not (summary.added or summary.copies or summary.near_duplicates or summary.skipped):
        _error(f"none of the {summary.documents} documents could be ingested")
        raise typer.Exit(1)


@app.command()
def run(
    sources: Annotated[
        list[str], typer.Argument(help="Files, directories, globs: WARC(.gz), JSONL, feeds, pages.")
    ],
    executor: Annotated[
        str,
        typer.Option(help="local, dask (a LocalCluster here) or dask=SCHEDULER_ADDRESS."),
    ] = "local",
    out: Annotated[
        Path, typer.Option(help="Directory for the Parquet partitions (shared by all workers).")
    ] = Path("newsparallax-run"),
    db: Annotated[Path, typer.Option(help="SQLite store to load the results into.")] = DEFAULT_DB,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Local processes or LocalCluster workers.")
    ] = None,
    files_per_partition: Annotated[
        int, typer.Option(min=1, help="Article files per partition (a container is one).")
    ] = defaults.FILES_PER_PARTITION,
    warc_split_mb: Annotated[
        int, typer.Option(min=1, help="A WARC file bigger than this many MiB is cut into ranges.")
    ] = defaults.WARC_SPLIT_BYTES // MIB,
    retries: Annotated[
        int, typer.Option(min=0, help="Retries of a failed partition.")
    ] = defaults.RETRIES,
    doc_timeout: DocTimeout = DOC_TIMEOUT,
    max_bytes: MaxBytes = MAX_BYTES,
    max_ratio: MaxRatio = MAX_RATIO,
    max_depth: MaxDepth = MAX_DEPTH,
    max_warc_records: MaxWarcRecords = MAX_WARC_RECORDS,
    no_stories: Annotated[
        bool, typer.Option("--no-stories", help="Do not assign stories at the end.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest, analyse (quotes, people), store and group a whole corpus, on local processes or a
    Dask cluster. Results are Parquet partitions under --out, loaded into --db; a stopped run
    resumes where it was."""
    from .corpus.executors import make_executor
    from .corpus.partitions import PartitionOptions
    from .corpus.progress import run_progress
    from .corpus.run import RunOptions, run_corpus

    options = RunOptions(
        files_per_partition=files_per_partition,
        warc_split=warc_split_mb * MIB,
        partition=PartitionOptions(
            doc_timeout=doc_timeout,
            max_bytes=max_bytes,
            max_ratio=max_ratio,
            max_depth=max_depth,
            max_warc_records=max_warc_records,
        ),
        stories=not no_stories,
    )
    with _store(db) as conn:
        try:
            pool = make_executor(executor, workers, retries)
        except (ValueError, RuntimeError, OSError) as exc:
            _error(str(exc))
            raise typer.Exit(BAD_INPUT) from None
        try:
            with run_progress(enabled=not quiet) as progress:
                summary = run_corpus(conn, sources, out, pool, options, progress=progress)
        finally:
            pool.close()
    s = summary.ingest
    typer.echo(
        f"run {s.run_id}: {summary.partitions} partitions ({summary.computed} computed,"
        f" {summary.reused} reused, {summary.already_loaded} already loaded,"
        f" {len(summary.failed)} failed) in {s.seconds:.1f} s: {s.documents} documents,"
        f" {s.added} new articles, {s.copies} exact copies, {s.near_duplicates} near-duplicates,"
        f" {s.skipped} already stored, {s.errors} errors; peak worker memory"
        f" {summary.peak_rss_mb:.0f} MB"
    )
    if summary.stories:
        typer.echo(f"{summary.stories.n_articles} articles in {summary.stories.n_stories} stories")
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def errors(
    db: Annotated[Path, typer.Option(help="SQLite store.")] = DEFAULT_DB,
    run: Annotated[int | None, typer.Option(help="Only this run's errors.")] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = (
        EvalFormat.text
    ),
) -> None:
    """List documents that could not be ingested, with the stage and the reason."""
    import json

    from .store.corpus import list_errors

    with _store(db, must_exist=True) as conn:
        found = list_errors(conn, run)
    for row in found:
        if fmt == EvalFormat.json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            typer.echo(f"{row['source']}\t{row['stage']}\t{row['reason']}")


@app.command()
def framing(
    db: Annotated[Path, typer.Option(help="SQLite store.")] = DEFAULT_DB,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = (
        EvalFormat.text
    ),
) -> None:
    """Per outlet, over every comparison in the store: the share of each reporting-verb frame
    (docs/framing.md), of named sources and of direct speech."""
    import json

    from .analysis.lexicon import FRAMES
    from .store.claims import framing_by_outlet

    with _store(db) as conn:
        shares = framing_by_outlet(conn)
    if fmt == EvalFormat.json:
        for outlet, s in shares.items():
            typer.echo(json.dumps({"outlet": outlet, **s.as_dict()}, ensure_ascii=False))
        return
    typer.echo("outlet\tquotes\tcued\t" + "\t".join(FRAMES) + "\tnamed\tdirect")
    for outlet, s in shares.items():
        cued = sum(s.frames.values())
        frames = "\t".join(f"{s.share(f):.0%}" if cued else "-" for f in FRAMES)
        named = f"{s.named / s.quotes:.0%}" if s.quotes else "-"
        direct = f"{s.direct / s.quotes:.0%}" if s.quotes else "-"
        typer.echo(f"{outlet}\t{s.quotes}\t{cued}\t{frames}\t{named}\t{direct}")


@app.command()
def export(
    kind: Annotated[ExportKind, typer.Argument(help="What to export.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")] = (
        ExportFormat.jsonl
    ),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here, not stdout.")] = None,
    db: Annotated[Path, typer.Option(help="SQLite store.")] = DEFAULT_DB,
) -> None:
    """Export articles, quotes or people with their stable ids: everything `compare`, `ingest`
    and `run` stored."""
    from .store.export import export as run_export

    with _store(db, must_exist=True) as conn:
        try:
            count = run_export(conn, kind.value, fmt.value, out)
        except ValueError as exc:
            _error(str(exc))
            raise typer.Exit(BAD_INPUT) from None
    if out is not None:
        typer.echo(f"{count} {kind.value} written to {out}", err=True)


@app.command()
def serve(
    db: Annotated[Path, typer.Option(help="SQLite store to show (it must exist).")] = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but loopback exposes the store.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    writable: Annotated[
        bool, typer.Option("--writable", help="Save comparisons made with the paste form.")
    ] = False,
) -> None:
    """Browse the store in a web browser: the stories (each compared side by side on its first
    view: quotes, who is quoted, facts that differ), saved comparisons, search over every stored
    article, one article, outlet or person across the corpus; a JSON API and CSV tables.
    Read-only unless --writable (then a story's comparison and pasted articles are saved).
    Needs the `web` extra."""
    try:
        import uvicorn

        from .web.app import LOOPBACK_HOSTS, create_app
    except ImportError as exc:
        _error(f"the web app needs the web extra: pip install 'newsparallax[web]' ({exc})")
        raise typer.Exit(BAD_INPUT) from None
    from .store.schema import StoreError

    loopback = host in {"127.0.0.1", "localhost", "::1"}
    if not loopback:
        _warn(f"listening on {host}, not only this machine")
    try:
        web = create_app(db, writable=writable, hosts=LOOPBACK_HOSTS if loopback else None)
    except (StoreError, OSError) as exc:
        _error(f"{db}: cannot open the store ({exc})")
        raise typer.Exit(BAD_INPUT) from None
    try:  # told in one line here, rather than by uvicorn's logger after start-up
        socket.create_server((host, port)).close()
    except OSError as exc:
        _error(f"cannot listen on {host}:{port} ({exc.strerror or exc})")
        raise typer.Exit(BAD_INPUT) from None
    typer.echo(f"newsparallax: serving {db} on http://{host}:{port}/", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


def console_main() -> None:
    """The `newsparallax` command: the app, with click's usage errors (an unknown option, a
    missing argument, a value it refuses) told in one line like every other error, exit 2, and
    Ctrl-C in one line too."""
    try:
        code = app(prog_name="newsparallax", standalone_mode=False)
    except typer.Abort:
        _error("interrupted")
        sys.exit(130)
    except typer.TyperException as exc:  # click's ClickException and UsageError
        ctx = getattr(exc, "ctx", None)
        hint = f" (see {ctx.command_path} --help)" if ctx is not None else ""
        _error(f"{exc.format_message()}{hint}")  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", BAD_INPUT))
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["InputError", "app", "console_main"]
