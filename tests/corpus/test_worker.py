"""The one worker and the one pool, as `ingest` uses them: a document an earlier attempt was
stopped on is a timeout without being read again, and results come in input order through
worker deaths."""

from __future__ import annotations

from pathlib import Path

import pytest

import executor_tasks
from newsparallax.corpus.executors import LocalExecutor
from newsparallax.corpus.worker import hard_cap, read, warm
from newsparallax.limits import MAX_DEPTH
from newsparallax.reading.document import CorpusArticle, Document
from newsparallax.store.corpus import Failure

TEXT = b"The council met on Tuesday and voted to close the bridge, the mayor said on Wednesday."


def test_the_hard_cap_lies_past_the_soft_one():
    assert hard_cap(60) == 121 and hard_cap(0.5) == 2 and hard_cap(0) is None


def test_a_document_its_worker_was_stopped_on_is_a_timeout(tmp_path: Path):
    poison = tmp_path / "poison.jsonl"
    poison.write_text('{"source": "stuck.html", "cap": 3}\n', encoding="utf-8")
    stuck = read(Document("stuck.html", TEXT), 0, MAX_DEPTH, str(poison))
    assert isinstance(stuck, Failure) and stuck.stage == "timeout"
    assert stuck.reason == "extraction ran past 3 s and its worker was stopped (--doc-timeout)"
    assert isinstance(read(Document("fine.txt", TEXT), 0, MAX_DEPTH, str(poison)), CorpusArticle)
    failure = Failure("feed.xml", "", "parse", "not a feed")
    assert read(failure, 0, MAX_DEPTH, str(poison)) is failure  # found while expanding: as is


@pytest.mark.slow
def test_ordered_results_keep_their_order_through_worker_deaths(tmp_path: Path):
    """Each item kills its worker the first time: every one is run again alone, and still the
    results come out in the order given, as `ingest` writes them."""
    executor = LocalExecutor(
        2, retries=1, preload="newsparallax.corpus.worker", warm=warm, per_worker=4
    )
    try:
        done = list(executor.map(executor_tasks.die_once, range(5), str(tmp_path), ordered=True))
    finally:
        executor.close()
    assert done == [(n, n * 10) for n in range(5)]
