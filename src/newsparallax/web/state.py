"""What the web app holds between requests, and the library calls its routes make: the store
(read-only unless writable), the search index, the CSRF secret, the comparisons made on demand
that a read-only server could not store, and the comparing itself (a grouped story or pasted
articles), so that no route runs the analysis.

A route gets the app's `State` as a dependency (`AppState`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from newsparallax.model import Comparison, content_id
from newsparallax.store.comparisons import (
    load_comparison,
    resolve_comparison,
    save_comparison,
)
from newsparallax.store.schema import has_tables, open_read_only, open_store
from newsparallax.store.stories import StoryError, resolve_story, story_articles
from newsparallax.web.paste import compare_pasted
from newsparallax.web.search import SearchIndex
from newsparallax.web.security import Csrf

CACHED = 8  # comparisons made on demand that a read-only server keeps in memory


class State:
    """Per-app state: the store path and mode, the search index, the CSRF secret."""

    def __init__(self, db: Path, writable: bool, nlp: Callable[[], Any]):
        self.db = db
        self.writable = writable
        self.nlp = nlp
        self.csrf = Csrf()
        self.index = SearchIndex()
        self.write_lock = threading.Lock()
        self.cache: OrderedDict[str, Comparison] = OrderedDict()  # compared, not stored
        with self.connect() as conn:
            self.index.rebuild(conn)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """One connection per request: SQLite connections are cheap, threads never share one.
        Read-only (`mode=ro`: SQLite itself refuses every write) unless writable, which opens
        (creating and migrating) the store as the CLI does."""
        conn = open_store(self.db) if self.writable else open_read_only(self.db)
        try:
            yield conn
        finally:
            conn.close()

    def load(self, ref: str) -> tuple[Comparison, bool]:
        """A comparison (by id or unique prefix) and whether it is stored (else it is one compared
        on demand); 404 when there is none."""
        with self.connect() as conn:
            try:
                return load_comparison(conn, resolve_comparison(conn, ref)), True
            except KeyError:
                pass
        with self.write_lock:
            found = [c for cid, c in self.cache.items() if cid.startswith(ref) and ref]
        if len(found) != 1:
            raise not_found(f"comparison {ref!r}")
        return found[0], False

    def compare_group(self, story: str) -> Comparison:
        """A story's comparison: from the store when compared before; else compared now, and
        then stored (writable) or kept in memory (read-only)."""
        with self.connect() as conn:
            try:
                if not has_tables(conn, "story", "article_story"):
                    raise StoryError(story)
                articles = story_articles(conn, story)
            except StoryError:
                raise not_found(f"story {story!r}") from None
        try:
            return self.load(content_id(*sorted({a.sha for a in articles})))[0]
        except HTTPException:
            pass
        from newsparallax.pipeline import compare

        return self._keep(compare(articles, self.nlp()))

    def story_comparison(self, ref: str) -> Comparison | None:
        """The comparison of the story `ref` names (see `compare_group`); None when `ref` is not
        a story but a saved comparison (its old address); 404 when it is neither."""
        with self.connect() as conn:
            is_story = has_tables(conn, "story", "article_story") and _resolves(conn, ref)
        if is_story:
            return self.compare_group(ref)
        try:
            self.load(ref)
        except HTTPException:
            raise not_found(f"story {ref!r}") from None
        return None

    def compare_pasted(self, texts: Sequence[str]) -> Comparison:
        """Pasted articles compared (PasteError for what the form refuses), then stored
        (writable) or kept in memory (read-only)."""
        return self._keep(compare_pasted(texts, self.nlp))

    def _keep(self, comparison: Comparison) -> Comparison:
        if self.writable:
            with self.write_lock, self.connect() as conn:
                save_comparison(conn, comparison)
                self.index.rebuild(conn)
        else:
            with self.write_lock:
                self.cache[comparison.id] = comparison
                self.cache.move_to_end(comparison.id)
                while len(self.cache) > CACHED:
                    self.cache.popitem(last=False)
        return comparison


def _resolves(conn: sqlite3.Connection, story: str) -> bool:
    try:
        resolve_story(conn, story)
    except StoryError:
        return False
    return True


def current_state(request: Request) -> State:
    return request.app.state.np


AppState = Annotated[State, Depends(current_state)]


def not_found(what: str) -> HTTPException:
    return HTTPException(404, f"no {what} in this store")
