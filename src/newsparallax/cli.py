"""The command line: a thin layer that reads arguments, calls the library and turns its errors
into one-line messages (exit code 2 for bad input)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

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


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def _error(message: str) -> None:
    typer.echo(f"newsparallax: error: {message}", err=True)


@app.callback()
def main() -> None:
    """newsparallax"""


@app.command()
def compare(
    files: Annotated[list[Path], typer.Argument(help="Article files (plain text or HTML).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here, not stdout.")] = None,
    db: Annotated[Path, typer.Option(help="SQLite store for the analysis.")] = DEFAULT_DB,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not save the analysis.")] = False,
    encoding: Annotated[str | None, typer.Option(help="Decode text files with this.")] = None,
) -> None:
    """Find every quote and speaker, align the same utterance across articles, list each
    article's voices and the facts they state differently."""
    from .ingest import read_articles
    from .nlp import load_nlp
    from .pipeline import compare as run_compare
    from .report import render

    articles, errors = read_articles(files, encoding=encoding)
    for error in errors:
        _error(str(error))
    seen: dict[str, str] = {}
    for article in articles:
        if article.sha in seen:
            first = seen[article.sha]
            why = "given twice" if first == article.source else f"same text as {first}"
            typer.echo(f"newsparallax: warning: {article.source}: {why}; compared once", err=True)
        seen.setdefault(article.sha, article.source)
    if not articles:
        raise typer.Exit(BAD_INPUT)
    comparison = run_compare(articles, load_nlp())
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
        _save(db, comparison)
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


def _save(db: Path, comparison) -> None:
    from .store import StoreError, open_store, save_comparison

    try:
        conn = open_store(db)
        try:
            save_comparison(conn, comparison)
        finally:
            conn.close()
    except (StoreError, OSError) as exc:
        _error(f"{db}: cannot save the analysis ({exc})")
        raise typer.Exit(BAD_INPUT) from None
    except Exception as exc:  # sqlite3 errors: a locked or read-only database
        if type(exc).__module__ != "sqlite3":
            raise
        _error(f"{db}: cannot save the analysis ({exc})")
        raise typer.Exit(BAD_INPUT) from None


__all__ = ["InputError", "app"]
