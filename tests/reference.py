"""docs/commands.md, made from the command line itself: every command's `--help`, in order, so
the reference cannot drift from the code. `python tests/reference.py` (or `make docs`) writes it;
tests/test_docs.py fails when the file is not what this makes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from newsparallax.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs"
WIDTH = 100

INTRO = """# Command reference

Made from `newsparallax COMMAND --help` by `make docs` (tests/reference.py); a test fails when
it differs from the commands. Every command prints errors as one line on stderr,
`newsparallax: error: ...`, and warnings as `newsparallax: warning: ...`; no traceback.

Exit codes: **0** done; **1** done, but part of the work failed (a `run` partition, an
evaluation below its `--floor`, an `ingest` that stored nothing, a run the store refused or
stopped: another run writing to it, its write lock held too long, a full disk); **2** bad input
(a file, a URL, an option, a store that is missing or not a store).

`--db` names the store (default `newsparallax.db` in the working directory) and goes after the
command, as any option (`newsparallax stories merge A B --db corpus.db`). Commands that only read
a store (`errors`, `export`, `stories`, `compare --story`, `serve`) refuse a store that does not
exist rather than create an empty one.
"""


def walk(command: Any, ctx: Any = None, name: str = "newsparallax") -> Iterator[tuple[Any, Any]]:
    """(command, its context) for the group and every command below it, in the order `--help`
    lists them (Typer's commands are click commands, from the copy of click Typer carries)."""
    ctx = command.make_context(
        name, [], parent=ctx, resilient_parsing=True, terminal_width=WIDTH, max_content_width=WIDTH
    )
    yield command, ctx
    for sub in getattr(command, "commands", {}):
        yield from walk(command.commands[sub], ctx, sub)


def command_names() -> list[str]:
    """ "newsparallax", "newsparallax compare", ...: every command as a user types it."""
    return [ctx.command_path for _, ctx in walk(typer.main.get_command(app))]


def reference() -> str:
    parts = [INTRO]
    for command, ctx in walk(typer.main.get_command(app)):
        title = ctx.command_path
        text = command.get_help(ctx)
        parts.append(f"\n## {title}\n\n```\n{text.rstrip()}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    (DOCS / "commands.md").write_text(reference(), encoding="utf-8")
    sys.exit(0)
