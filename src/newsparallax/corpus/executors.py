"""Where the work is done: local worker processes, or a Dask cluster; the one pool and retry
policy for both, and for both commands (`ingest` reads a document a task, `run` a partition).

Both executors offer one operation, `map(fn, items, *args)`, which yields each item with its
result (or the exception of its last attempt) as it finishes (or, `ordered`, in the order
given), with a bounded number in flight. The retry policy: an item whose task raised is tried
again, up to `retries` more times; an item whose worker died (a segfault, the OOM killer, the
watchdog) is tried again alone, so that only the culprit is charged, up to `retries` more times
too. Workers are warmed before any task is charged: run workers load the spaCy model once
(`load_nlp` is cached per process) and keep it.

`dask.distributed` is an optional dependency (the `[dask]` extra); it is imported only when a
Dask executor is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

from newsparallax.corpus.defaults import RETRIES
from newsparallax.corpus.worker import warm

T = TypeVar("T")
Done = tuple[T, Any]  # (item, result or the exception of its last attempt)

# One thread of BLAS per worker: the processes are the parallelism, and oversubscribed
# threads only fight for the same cores.
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which hands freed memory back to
# the OS at once but also turns off glibc's adaptive mmap threshold: spaCy's many short-lived
# arrays then cost a page fault each, and workers ran 20-30% slower than plain processes here.
# A real cluster's workers want the same setting in their Dask config (README: Corpus runs).
KEEP_MALLOC_DEFAULTS = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


class Executor(Protocol):
    workers: int

    def start(self) -> None:
        """Start the workers and load the model in each (otherwise done on first use)."""

    def map(self, fn: Callable[..., Any], items: Iterable[T], *args: Any) -> Iterator[Done]: ...

    def close(self) -> None: ...


def warmed_pool(workers: int, preload: str, warm: Callable[[], Any]) -> ProcessPoolExecutor:
    """Worker processes forked from a clean forkserver that has imported `preload` (not from
    this process, which may run threads: a progress bar, an HTTP client), each having run `warm`
    before the pool is handed out, so no task is charged for start-up."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([preload])
    pool = ProcessPoolExecutor(workers, mp_context=context)
    for started in [pool.submit(warm) for _ in range(workers)]:
        started.result()
    return pool


def warm_analysis() -> int:
    """A run worker's start: the spaCy model loaded, the reading libraries warmed."""
    from newsparallax.analysis.nlp import load_nlp

    load_nlp()
    return warm()


class LocalExecutor:
    """Worker processes on this machine (forkserver: each starts from a clean interpreter that
    has imported `preload`), each warmed by `warm` before any task; `per_worker` tasks each in
    flight. The defaults are a corpus run's."""

    def __init__(
        self,
        workers: int,
        retries: int = RETRIES,
        *,
        preload: str = "newsparallax.corpus.partitions",
        warm: Callable[[], Any] = warm_analysis,
        per_worker: int = 2,
    ):
        self.workers = workers
        self.retries = retries
        self.preload = preload
        self.warm = warm
        self.window = workers * per_worker
        for name, value in SINGLE_THREADED.items():
            os.environ.setdefault(name, value)
        self._pool: ProcessPoolExecutor | None = None  # started on first use

    def map(
        self, fn: Callable[..., Any], items: Iterable[T], *args: Any, ordered: bool = False
    ) -> Iterator[Done]:
        """When a worker dies, the pool and every task in flight die with it, and nothing says
        which task killed it: the lost tasks are run again one at a time, where a death counts
        against the task that caused it and no other. `ordered`: results in the order of
        `items`, the window counting those done but not yet given out too, so that one slow
        task holds back a bounded number of results."""
        todo = enumerate(items)
        running: dict[Future, tuple[int, T, int]] = {}
        suspects: deque[tuple[int, T, int]] = deque()
        finished: dict[int, Done] = {}
        given = 0  # ordered: the results given out so far

        def submit(n: int, item: T, attempt: int) -> None:
            self.start()
            assert self._pool is not None
            running[self._pool.submit(fn, item, *args)] = (n, item, attempt)

        def fill() -> None:
            if suspects:
                if not running:
                    submit(*suspects.popleft())
                return
            while len(running) + len(finished) < self.window:
                nxt = next(todo, None)
                if nxt is None:
                    return
                submit(*nxt, 0)

        fill()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            alone = len(running) == 1
            broken = False
            for future in done:
                n, item, attempt = running.pop(future)
                try:
                    finished[n] = (item, future.result())
                except BrokenProcessPool as exc:
                    broken = True
                    if not alone:
                        suspects.append((n, item, attempt))
                    elif attempt < self.retries:
                        suspects.append((n, item, attempt + 1))
                    else:
                        finished[n] = (item, exc)
                except Exception as exc:
                    if attempt < self.retries:
                        submit(n, item, attempt + 1)
                    else:
                        finished[n] = (item, exc)
            if broken:
                self._restart()
                suspects.extend(running.values())
                running.clear()
            if not ordered:
                yield from finished.values()
                finished.clear()
            while given in finished:
                yield finished.pop(given)
                given += 1
            fill()

    def start(self) -> None:
        self._pool = self._pool or warmed_pool(self.workers, self.preload, self.warm)

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def close(self) -> None:
        """Stop the workers; a task still running (a run stopped part way) is not waited for."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(5)


class DaskExecutor:
    """A Dask cluster: the scheduler at `address`, or a LocalCluster of `workers` processes.
    Dask itself reschedules the task of a worker that dies, and `retries` covers tasks that
    raise; a task Dask gives up on after workers died under it (KilledWorker: a partition whose
    documents stop the worker one after another, see `watchdog`) is submitted again, `retries`
    more times."""

    def __init__(self, address: str | None = None, workers: int = 2, retries: int = RETRIES):
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise RuntimeError(
                "the Dask executor needs dask.distributed: pip install 'newsparallax[dask]'"
            ) from exc
        self.retries = retries
        self._cluster = None
        if address:
            self._client = Client(address)
        else:
            with dask.config.set(KEEP_MALLOC_DEFAULTS):
                self._cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    env=SINGLE_THREADED,
                )
            self._client = Client(self._cluster)
        self.workers = len(self._client.scheduler_info()["workers"]) or workers
        self._client.run(warm_analysis)

    def start(self) -> None:
        """Already started: the cluster is reached, and warmed, when the executor is made."""

    def map(self, fn: Callable[..., Any], items: Iterable[T], *args: Any) -> Iterator[Done]:
        from distributed import as_completed

        todo = iter(items)
        window = self.workers * 2
        owner: dict[str, tuple[T, int]] = {}
        pending = as_completed(with_results=False)

        def submit(item: T, attempt: int = 0) -> None:
            future = self._client.submit(fn, item, *args, retries=self.retries, pure=False)
            owner[future.key] = (item, attempt)
            pending.add(future)

        def submit_next() -> bool:
            item = next(todo, None)
            if item is not None:
                submit(item)
            return item is not None

        for _ in range(window):
            if not submit_next():
                break
        for future in pending:
            item, attempt = owner.pop(future.key)
            again = False
            try:
                yield item, future.result()
            except Exception as exc:  # KilledWorker after too many deaths, or the last raise
                again = type(exc).__name__ == "KilledWorker" and attempt < self.retries
                if again:
                    submit(item, attempt + 1)
                else:
                    yield item, exc
            future.release()
            if not again:
                submit_next()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(spec: str, workers: int | None = None, retries: int = RETRIES) -> Executor:
    """`local` or `dask` (a LocalCluster) or `dask=tcp://host:8786` (a running scheduler)."""
    workers = workers or os.cpu_count() or 1
    name, _, address = spec.partition("=")
    if name == "local":
        return LocalExecutor(workers, retries)
    if name == "dask":
        return DaskExecutor(address or None, workers, retries)
    raise ValueError(f"unknown executor {spec!r}: use local, dask or dask=SCHEDULER_ADDRESS")
