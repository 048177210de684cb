"""Partitions: a corpus cut into units of work that any worker, anywhere, can do on its own.

A partition is a list of input files: a container (WARC, JSONL, a feed) alone, plain article
files in sorted groups. Its id hashes the files' paths, sizes and modification times, so the
same corpus gives the same partitions and a resumed run knows what it has done.

A worker turns one partition into Parquet files under the output directory — `articles/`,
`quotes/`, `people/`, `errors/`, one `part-<id>.parquet` in each — reading documents exactly as
`newsparallax ingest` does (`corpus.worker`, under the same caps) and analysing each article as
`compare` does (`pipeline.analyse`), with the spaCy model loaded once per worker process and
articles parsed in batches through `nlp.pipe`. Files are written under temporary names and
renamed, and a `_done/<id>.json` marker is written last: a killed worker leaves no partial
partition, only a missing one, which the next attempt computes again.

The driver's side (`load_partition`) reads a finished partition back into records and has the
store write it in one transaction (`store.corpus.store_partition`), so a partition is in the
store whole or not at all.
"""

from __future__ import annotations

import glob
import json
import os
import resource
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsparallax.analysis.speakers import LocalPerson
from newsparallax.corpus.defaults import FILES_PER_PARTITION, WARC_SPLIT_BYTES
from newsparallax.corpus.items import (
    FEED_SUFFIXES,
    JSONL_SUFFIXES,
    WARC_SUFFIXES,
    SourceError,
    SourceOptions,
    is_url,
)
from newsparallax.corpus.sources import article_files, expand, glob_paths
from newsparallax.corpus.warc import warc_range
from newsparallax.corpus.watchdog import Watchdog, poison_path, poisoned
from newsparallax.corpus.worker import hard_cap, watched
from newsparallax.limits import DOC_TIMEOUT, MAX_BYTES, MAX_DEPTH, MAX_RATIO, MAX_WARC_RECORDS
from newsparallax.model import Article, Dropped, Quote, Span, content_id
from newsparallax.reading.dates import Published
from newsparallax.reading.document import CorpusArticle, Document
from newsparallax.store.articles import quoted_json
from newsparallax.store.corpus import Analysed, Failure, Outcome, Writer, store_partition
from newsparallax.stories.features import StoryOptions, story_doc, tokens_key, tokens_of

STORY_OPTIONS = StoryOptions()  # what `newsparallax run` groups stories with
TABLES = ("articles", "quotes", "people", "errors")
CONTAINER_SUFFIXES = WARC_SUFFIXES + JSONL_SUFFIXES + FEED_SUFFIXES


@dataclass(frozen=True)
class Partition:
    id: str
    files: tuple[str, ...]
    span: tuple[int, int] | None = None  # a byte range of its one WARC file (`warc_range`)


@dataclass(frozen=True)
class PartitionOptions:
    """The ingest's caps on hostile input (see `limits`), and the parse batch size."""

    doc_timeout: float = DOC_TIMEOUT  # seconds one document may take to extract
    max_bytes: int = MAX_BYTES  # size cap for one document
    max_ratio: float = MAX_RATIO  # decompressed / compressed size of a .gz file
    max_depth: int = MAX_DEPTH  # elements nested in an HTML page
    max_warc_records: int = MAX_WARC_RECORDS  # records read from one WARC file
    batch_size: int = 64  # articles parsed together by nlp.pipe


@dataclass(frozen=True)
class PartitionResult:
    """What a worker did with one partition: counts, its own time and peak memory."""

    partition: str
    documents: int
    articles: int
    errors: int
    seconds: float
    peak_rss_mb: float
    worker: str  # host:pid


# ---------------------------------------------------------------------------------------------
# Planning (the driver)
# ---------------------------------------------------------------------------------------------


def plan(
    sources: Iterable[str],
    files_per_partition: int = FILES_PER_PARTITION,
    warc_split: int = WARC_SPLIT_BYTES,
) -> tuple[list[Partition], list[SourceError]]:
    """The partitions of `sources` (files, directories, globs), and the sources that name
    nothing readable: article files `files_per_partition` at a time, every other container file
    alone, but a WARC file bigger than `warc_split` bytes cut into byte ranges of that size, each
    a partition (so one big crawl file keeps every worker busy). URLs and stdin are not
    partitionable: `newsparallax ingest` reads them."""
    containers: list[str] = []
    articles: list[str] = []
    problems: list[SourceError] = []
    for source in sources:
        if source == "-" or is_url(source):
            problems.append(
                SourceError(source, "read", "a run reads files; use `newsparallax ingest` for it")
            )
            continue
        files = _files(source)
        if not files:
            problems.append(SourceError(source, "read", "no such file, or no article files in it"))
        for path in files:
            (containers if path.lower().endswith(CONTAINER_SUFFIXES) else articles).append(path)
    articles = sorted(dict.fromkeys(articles))
    partitions = []
    for path in dict.fromkeys(containers):
        partitions += _container_partitions(path, warc_split)
    partitions += [
        Partition(_partition_id(group), group)
        for group in (
            tuple(articles[i : i + files_per_partition])
            for i in range(0, len(articles), files_per_partition)
        )
    ]
    return partitions, problems


def _container_partitions(path: str, warc_split: int) -> list[Partition]:
    size = os.path.getsize(path) if os.path.isfile(path) else 0
    if not path.lower().endswith((".warc", ".warc.gz")) or size <= warc_split:
        return [Partition(_partition_id((path,)), (path,))]
    spans = [(start, min(start + warc_split, size)) for start in range(0, size, warc_split)]
    return [Partition(_partition_id((path,), span), (path,), span) for span in spans]


def _files(source: str) -> list[str]:
    path = Path(source)
    if path.is_dir():
        return [str(p) for p in article_files(path)]
    if path.exists():
        return [source]
    if glob.has_magic(source):
        found: list[str] = []
        for match in glob_paths(source):
            found += _files(str(match)) if match.is_dir() else [str(match)]
        return found
    return []


def _partition_id(files: Sequence[str], span: tuple[int, int] | None = None) -> str:
    stamps: list = [span] if span is not None else []
    for name in files:
        try:
            stat = os.stat(name)
            stamps.append((os.path.abspath(name), stat.st_size, stat.st_mtime_ns))
        except OSError:
            stamps.append((os.path.abspath(name), -1, -1))
    return content_id(*stamps)


def is_done(out: Path, partition: str) -> bool:
    """Computed by some earlier attempt: its marker and all its files are there."""
    files = [out / table / f"part-{partition}.parquet" for table in TABLES]
    return (out / "_done" / f"{partition}.json").exists() and all(f.exists() for f in files)


# ---------------------------------------------------------------------------------------------
# The worker
# ---------------------------------------------------------------------------------------------


def process_partition(partition: Partition, out: str, options: PartitionOptions) -> PartitionResult:
    """Read, extract and analyse every document of `partition`; write its Parquet files."""
    from newsparallax.analysis.nlp import load_nlp

    started = time.monotonic()
    nlp = load_nlp()  # cached: once per worker process
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    documents = 0
    pending: list[CorpusArticle] = []
    poison = poison_path(Path(out), partition.id)
    with Watchdog(poison, hard_cap(options.doc_timeout)) as watchdog:
        for outcome in _outcomes(partition, options, watchdog):
            documents += 1
            if isinstance(outcome, Failure):
                rows["errors"].append(asdict(outcome))
                continue
            pending.append(outcome)
            if len(pending) >= options.batch_size:
                _analyse(nlp, pending, rows)
                pending = []
    _analyse(nlp, pending, rows)
    _write(Path(out), partition, rows)
    result = PartitionResult(
        partition=partition.id,
        documents=documents,
        articles=len(rows["articles"]),
        errors=len(rows["errors"]),
        seconds=round(time.monotonic() - started, 3),
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )
    _write_json(Path(out) / "_done" / f"{partition.id}.json", asdict(result))
    return result


def _outcomes(
    partition: Partition, options: PartitionOptions, watchdog: Watchdog
) -> Iterator[Outcome]:
    """Each document read by the worker (`corpus.worker.watched`) under the partition's
    watchdog; those an earlier attempt of this partition was stopped on are timeout errors."""
    caps = SourceOptions(
        max_bytes=options.max_bytes,
        max_ratio=options.max_ratio,
        max_warc_records=options.max_warc_records,
    )
    stopped = poisoned(watchdog.poison)
    items = (
        warc_range(Path(partition.files[0]), *partition.span, caps)
        if partition.span is not None
        else expand(partition.files, caps)
    )
    for item in items:
        if isinstance(item, Document):
            yield watched(item, options.doc_timeout, options.max_depth, watchdog, stopped)
        elif isinstance(item, SourceError):
            yield Failure(item.source, "", item.stage, item.reason)


def _analyse(nlp: Any, items: list[CorpusArticle], rows: dict[str, list[dict[str, Any]]]) -> None:
    """Parse a batch with `nlp.pipe` and analyse each article; an article the parser or the
    analysis fails on becomes an error row instead of ending the partition."""
    from newsparallax.analysis.nlp import parse_articles
    from newsparallax.pipeline import analyse

    if not items:
        return
    try:
        docs: list[Any] = list(parse_articles(nlp, [item.article for item in items]))
    except Exception:  # one text the parser rejects: parse them one by one to find it
        docs = [None] * len(items)
    for item, doc in zip(items, docs, strict=True):
        try:
            if doc is None:
                (doc,) = parse_articles(nlp, [item.article])
            quotes, people = analyse(item.article, doc)
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"[:300]
            rows["errors"].append(asdict(Failure(item.source, item.raw_sha, "analyse", reason)))
            continue
        _add_article(item, quotes, people, rows)


def _add_article(
    item: CorpusArticle,
    quotes: Sequence[Quote],
    people: Sequence[LocalPerson],
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    sha = item.article.sha
    rows["articles"].append(article_row(item))
    rows["quotes"] += [quote_row(sha, i, q) for i, q in enumerate(quotes)]
    rows["people"] += [person_row(sha, i, p) for i, p in enumerate(people)]


# ---------------------------------------------------------------------------------------------
# Rows: records as flat columns, the same in Parquet and in the store
# ---------------------------------------------------------------------------------------------


def article_row(item: CorpusArticle) -> dict[str, Any]:
    a = item.article
    published = item.published
    return {
        "id": a.sha,
        "label": a.id,
        "source": item.source,
        "raw_sha": item.raw_sha,
        "title": a.title,
        "authors": list(a.authors),
        "date": a.date,
        "outlet": a.outlet,
        "place": a.place,
        "dateline_start": a.dateline.start if a.dateline else None,
        "dateline_end": a.dateline.end if a.dateline else None,
        "text": a.text,
        "dropped": json.dumps([[d.start, d.end, d.reason] for d in a.dropped]),
        "url": item.url,
        "canonical_url": item.canonical_url,
        "language": item.language,
        "date_value": published.value if published else None,
        "date_source": published.source if published else None,
        "date_confidence": published.confidence if published else None,
        "truncated": item.truncated,
        "signature": item.signature,
        # what the story grouper counts in it, so the driver does not read the text again
        "story_options": tokens_key(STORY_OPTIONS),
        "story_tokens": tokens_of(story_doc(a.sha, a), STORY_OPTIONS).to_json(),
    }


def corpus_article(row: dict[str, Any]) -> CorpusArticle:
    """The inverse of `article_row` (without the raw bytes, which a run does not keep)."""
    text = row["text"]
    start, end = row["dateline_start"], row["dateline_end"]
    article = Article(
        id=row["label"],
        text=text,
        source=row["source"],
        title=row["title"],
        authors=tuple(row["authors"] or ()),
        date=row["date"],
        outlet=row["outlet"],
        place=row["place"],
        dateline=None if start is None else Span(start, end, text[start:end]),
        dropped=tuple(Dropped(s, e, r) for s, e, r in json.loads(row["dropped"])),
    )
    published = (
        None
        if row["date_value"] is None
        else Published(row["date_value"], row["date_source"], row["date_confidence"])
    )
    return CorpusArticle(
        article=article,
        source=row["source"],
        raw_sha=row["raw_sha"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        language=row["language"],
        published=published,
        truncated=bool(row["truncated"]),
        signature=row["signature"],
    )


def quote_row(sha: str, position: int, q: Quote) -> dict[str, Any]:
    cue, mention = q.cue, q.mention
    return {
        "article_id": sha,
        "position": position,
        "kind": q.kind,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "cue_text": cue.text if cue else None,
        "mention_start": mention.start if mention else None,
        "mention_end": mention.end if mention else None,
        "mention_text": mention.text if mention else None,
        "speaker": q.speaker,
        "how": q.how,
        "confidence": q.confidence,
        "cue_kind": q.cue_kind,
        "quoted": quoted_json(q.quoted),
    }


def person_row(sha: str, position: int, p: LocalPerson) -> dict[str, Any]:
    return {
        "article_id": sha,
        "position": position,
        "name": p.name,
        "kind": p.kind,
        "gender": p.gender,
        "aliases": json.dumps(list(p.aliases), ensure_ascii=False),
        "roles": json.dumps(list(p.roles), ensure_ascii=False),
        "mentions": json.dumps([[m.start, m.end, m.text] for m in p.mentions], ensure_ascii=False),
        "descriptors": json.dumps(
            [[d.kind, d.start, d.end, d.text] for d in p.descriptors], ensure_ascii=False
        ),
    }


# ---------------------------------------------------------------------------------------------
# Parquet
# ---------------------------------------------------------------------------------------------


# Each table's columns, as `name` (a string) or `name:type`.
COLUMNS = {
    "articles": "id label source raw_sha title authors:list date outlet place dateline_start:int"
    " dateline_end:int text dropped url canonical_url language date_value date_source"
    " date_confidence:float truncated:bool signature:binary story_options story_tokens",
    "quotes": "article_id position:int kind start:int end:int text cue_start:int cue_end:int"
    " cue_text mention_start:int mention_end:int mention_text speaker how confidence cue_kind"
    " quoted",
    "people": "article_id position:int name kind gender aliases roles mentions descriptors",
    "errors": "source raw_sha stage reason",
}


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "binary": pa.binary(),
        "list": pa.list_(pa.string()),
    }
    return {
        table: pa.schema(
            [
                (name, types[kind or "str"])
                for name, _, kind in (c.partition(":") for c in spec.split())
            ]
        )
        for table, spec in COLUMNS.items()
    }


def _write(out: Path, partition: Partition, rows: dict[str, list[dict[str, Any]]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for table, schema in _schemas().items():
        target = out / table / f"part-{partition.id}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        pq.write_table(pa.Table.from_pylist(rows[table], schema=schema), partial)
        os.replace(partial, target)


def _write_json(target: Path, value: Any) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(value))
    os.replace(partial, target)


def read_partition(out: Path, partition: str) -> dict[str, list[dict[str, Any]]]:
    import pyarrow.parquet as pq

    return {
        table: pq.read_table(out / table / f"part-{partition}.parquet").to_pylist()
        for table in TABLES
    }


def read_result(out: Path, partition: str) -> PartitionResult:
    return PartitionResult(**json.loads((out / "_done" / f"{partition}.json").read_text()))


# ---------------------------------------------------------------------------------------------
# Loading a computed partition (the driver)
# ---------------------------------------------------------------------------------------------


def load_partition(writer: Writer, out: Path, partition: Partition) -> PartitionResult:
    """Have the store write a computed partition in one transaction: its errors, its articles
    (through the run's writer: sources, exact and near duplicates), and each new article's
    analysis."""
    rows = read_partition(out, partition.id)
    result = read_result(out, partition.id)
    quotes = _by_article(rows["quotes"])
    people = _by_article(rows["people"])
    store_partition(
        writer,
        partition.id,
        partition.files,
        asdict(result),
        [Failure(**row) for row in rows["errors"]],
        [
            Analysed(
                corpus_article(row),
                quotes.get(row["id"], []),
                people.get(row["id"], []),
                row["story_options"],
                row["story_tokens"],
            )
            for row in rows["articles"]
        ],
    )
    return result


def _by_article(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["article_id"], []).append(row)
    return grouped
