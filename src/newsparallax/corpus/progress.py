"""The progress bar of a long ingest run: documents done, rate, elapsed time and, when the number
of documents can be known up front cheaply, a bar and an ETA (see `corpus.sources.estimate`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from newsparallax.corpus.sources import estimate
from newsparallax.store.corpus import RunSummary


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "– docs/s", style="progress.data.speed")


@contextmanager
def ingest_progress(
    sources: Sequence[str], *, enabled: bool = True
) -> Iterator[Callable[[RunSummary, str], None] | None]:
    """A callback for `corpus.ingest.ingest` that drives a rich progress bar on stderr (None:
    quiet)."""
    if not enabled:
        yield None
        return
    total = estimate(sources)
    columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("ingest")]
    if total is not None:
        columns += [BarColumn(), MofNCompleteColumn()]
    else:
        columns += [TextColumn("{task.completed} docs")]
    columns += [_RateColumn(), TimeElapsedColumn()]
    if total is not None:
        columns += [TextColumn("ETA"), TimeRemainingColumn()]
    columns += [TextColumn("{task.fields[errors]} errors")]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("ingest", total=total, errors=0)

        def update(summary: RunSummary, source: str) -> None:
            bar.update(task, completed=summary.documents + summary.skipped, errors=summary.errors)

        yield update


@contextmanager
def run_progress(*, enabled: bool = True) -> Iterator[Callable[..., None] | None]:
    """A callback for `corpus.run.run_corpus`: partitions stored out of the plan, documents."""
    if not enabled:
        yield None
        return
    columns: list[ProgressColumn] = [
        SpinnerColumn(),
        TextColumn("run"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("partitions · {task.fields[documents]} docs · {task.fields[errors]} errors"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("run", total=None, documents=0, errors=0)

        def update(summary: Any, result: Any) -> None:
            bar.update(
                task,
                total=summary.partitions - summary.already_loaded,
                completed=len(summary.results) + len(summary.failed),
                documents=summary.ingest.documents,
                errors=summary.ingest.errors,
            )

        yield update
