"""The Python API: what the command line does, as functions over the project's records.

    import newsparallax
    comparison = newsparallax.compare(["a.txt", "b.html", "https://example.org/story"])
    for quote in comparison.quotes: ...
    with newsparallax.open_store("corpus.db") as store: ...

A source is a file path, an http(s) URL (fetched politely, public addresses only, as `ingest`
fetches) or an `Article` already read (`read_text` makes one from a string). The spaCy model is
loaded once, on the first comparison, and kept for the next. Bad input raises `InputError` (its
message names the source and the reason); a store that cannot be used raises `StoreError`.
docs/python.md shows it at work.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from newsparallax.checks import Caution, article_warnings, comparison_warnings
from newsparallax.corpus.fetch import Fetcher, FetchError, FetchOptions
from newsparallax.limits import MAX_BYTES
from newsparallax.model import Article, Comparison, InputError, content_id
from newsparallax.reading.document import Document, read_document
from newsparallax.reading.files import read_article as read_file
from newsparallax.reading.html import article_from_html
from newsparallax.reading.text import article_from_text
from newsparallax.store import comparisons as stored_comparisons
from newsparallax.store.export import KINDS, rows
from newsparallax.store.schema import StoreError, open_read_only
from newsparallax.store.schema import open_store as open_connection
from newsparallax.store.stories import StorySummary, list_stories, story_articles

Source = str | Path | Article


def is_url(source: object) -> bool:
    """An http(s) address given as a string (a Path never is one)."""
    return isinstance(source, str) and source.strip().lower().startswith(("http://", "https://"))


@cache
def _nlp() -> Any:
    from newsparallax.analysis.nlp import load_nlp

    return load_nlp()


def read_text(text: str, id: str = "article", *, source: str = "") -> Article:
    """An article from a string: HTML when it starts with a tag, plain text otherwise."""
    if not text.strip():
        raise InputError(source or id, "the text is empty")
    if text.lstrip().startswith("<"):
        return article_from_html(text, id, source=source or id)
    return article_from_text(text, id, source=source or id)


def url_label(url: str) -> str:
    """A short label for a fetched page: its host without `www.` (made unique by `compare`)."""
    host = urlsplit(url).hostname or "page"
    return host.removeprefix("www.")


def read_url(
    url: str, id: str | None = None, *, options: FetchOptions | None = None
) -> tuple[Article, str | None]:
    """The article at `url` and its detected language, read as `ingest` reads a fetched page:
    robots.txt obeyed, public addresses only, redirects re-checked, size caps. InputError on
    failure."""
    with Fetcher(options or FetchOptions(retries=0, delay=0.0)) as fetcher:
        try:
            page = fetcher.get(url)
        except FetchError as exc:
            raise InputError(url, f"cannot fetch: {exc.reason}") from None
    found = read_document(
        Document(url, page.content, url=page.final_url, label=id or url_label(url))
    )
    return found.article, found.language


def read_article(
    source: str | Path,
    id: str | None = None,
    *,
    encoding: str | None = None,
    fetch: FetchOptions | None = None,
) -> Article:
    """One article from a file or a URL (see the module's docstring); `id` labels it in a
    comparison (default: the file's name without suffix, or the page's host)."""
    if is_url(source):
        return read_url(str(source), id, options=fetch)[0]
    return read_file(Path(source), id, encoding=encoding)


def read_sources(
    sources: Iterable[Source],
    *,
    encoding: str | None = None,
    fetch: FetchOptions | None = None,
    max_bytes: int = MAX_BYTES,
) -> tuple[list[Article], list[InputError], list[Caution]]:
    """Every source read, in order, ids made unique ("a", "a-2"); a bad source is an error in
    the list, never fatal. A file or page over `max_bytes` is refused, as `ingest` refuses it.
    The warnings are each article's (`checks.article_warnings`)."""
    articles: list[Article] = []
    errors: list[InputError] = []
    cautions: list[Caution] = []
    used: set[str] = set()
    options = fetch or FetchOptions(retries=0, delay=0.0, max_bytes=max_bytes)
    for source in sources:
        language = None
        try:
            if isinstance(source, Article):
                article = source
            elif is_url(source):
                article, language = read_url(str(source), options=options)
            else:
                article = read_file(Path(source), encoding=encoding, max_bytes=max_bytes)
        except InputError as error:
            errors.append(error)
            continue
        label, n = article.id, 2
        while label in used:
            label, n = f"{article.id}-{n}", n + 1
        used.add(label)
        article = dataclasses.replace(article, id=label)
        articles.append(article)
        cautions.extend(article_warnings(article, language))
    return articles, errors, cautions


def compare(sources: Iterable[Source], *, encoding: str | None = None) -> Comparison:
    """Compare the reports in `sources` (paths, URLs or `Article`s): every quote and speaker,
    the same utterance across articles, each article's voices, the facts stated differently.
    Raises InputError for the first source that cannot be read."""
    from newsparallax.pipeline import compare as run_compare

    articles, errors, _ = read_sources(sources, encoding=encoding)
    if errors:
        raise errors[0]
    if not articles:
        raise InputError("compare", "no article to compare")
    return run_compare(articles, _nlp())


def warnings(comparison: Comparison) -> list[Caution]:
    """What to doubt in a comparison: articles not in English, too short, teasers, and articles
    that share no voice, name or story with the others (`newsparallax.checks`)."""
    found = [w for a in comparison.articles for w in article_warnings(a)]
    return found + comparison_warnings(comparison)


class Store:
    """A newsparallax store (SQLite) opened for reading what `compare`, `ingest` and `run` wrote,
    and for saving comparisons. Use it as a context manager, or `close()` it."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool):
        self.conn = conn  # sqlite3, for queries of your own (docs/store-format.md)
        self.path = path
        self.read_only = read_only

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def rows(self, kind: str) -> Iterator[dict[str, Any]]:
        """Every stored article, quote or person as `newsparallax export` writes them (streamed;
        `kind` is one of articles, quotes, people)."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
        return rows(self.conn, kind)

    def stories(self) -> list[StorySummary]:
        """The stories `newsparallax stories` grouped, largest first."""
        return list_stories(self.conn)

    def story_articles(self, story: str) -> list[Article]:
        """The articles of one story (id or unique prefix)."""
        return story_articles(self.conn, story)

    def comparisons(self) -> list[dict[str, Any]]:
        """The saved comparisons, newest first: id, created, article labels, counts."""
        return stored_comparisons.list_comparisons(self.conn)

    def comparison(self, ref: str) -> Comparison:
        """A saved comparison by id or unique prefix; KeyError when there is none."""
        cid = stored_comparisons.resolve_comparison(self.conn, ref)
        return stored_comparisons.load_comparison(self.conn, cid)

    def save(self, comparison: Comparison) -> str:
        """Save a comparison (idempotent: saving it again changes nothing); its id."""
        return stored_comparisons.save_comparison(self.conn, comparison)

    def compare_story(self, story: str) -> Comparison:
        """The comparison of a story's articles: the saved one when the store has it, else made
        now (and saved, unless the store is read-only)."""
        articles = self.story_articles(story)
        try:
            return self.comparison(content_id(*sorted({a.sha for a in articles})))
        except KeyError:
            pass
        from newsparallax.pipeline import compare as run_compare

        comparison = run_compare(articles, _nlp())
        if not self.read_only:
            self.save(comparison)
        return comparison


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    """The store at `path`: created and migrated to the current schema, or, `read_only`, opened
    so that SQLite itself refuses every write (it must exist then). StoreError when the file is
    not a usable store."""
    path = Path(path)
    try:
        conn = open_read_only(path) if read_only else open_connection(path)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{path}: cannot open the store ({exc})") from None
    return Store(conn, path, read_only)


__all__ = [
    "Article",
    "Caution",
    "Comparison",
    "InputError",
    "Store",
    "StoreError",
    "compare",
    "open_store",
    "read_article",
    "read_sources",
    "read_text",
    "read_url",
    "warnings",
]
