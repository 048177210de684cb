"""Tasks for the executor tests. They live in a module of their own so that worker processes
(forkserver children, Dask workers) can import them by name."""

from __future__ import annotations

import os
from pathlib import Path


def die_once(item: int, flags: str) -> int:
    """Kill the worker process the first time `item` is tried; succeed the second time."""
    flag = Path(flags) / str(item)
    if not flag.exists():
        flag.write_text("tried")
        os._exit(17)
    return item * 10


def fail_always(item: int, flags: str) -> int:
    """Raise on every attempt, counting them."""
    flag = Path(flags) / str(item)
    flag.write_text(str(int(flag.read_text()) + 1) if flag.exists() else "1")
    raise ValueError(f"item {item} is bad")


def double(item: int, flags: str) -> int:
    return item * 2
