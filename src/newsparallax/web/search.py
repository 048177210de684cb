"""Full-text search over every stored article and quote with SQLite FTS5, kept out of the store
(the one SQL outside `store/`: a private index, not the store).

The index lives in a private in-memory database built from the store when the server starts
(and rebuilt after the paste form saves a comparison). That keeps the default read-only mode
truly read-only — SQLite opens the store with `mode=ro` — and leaves the store's schema alone;
the index of a few thousand articles builds in well under a second. A corpus too big for that
wants an FTS table in a store migration instead.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from newsparallax.store.browse import searchable_text
from newsparallax.store.comparisons import labels_by_article

_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5("
    "article_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS quote_fts USING fts5("
    "comparison_id UNINDEXED, article_id UNINDEXED, quote_id UNINDEXED, speaker, text,"
    " tokenize = 'unicode61 remove_diacritics 2')",
)


def fts_query(text: str) -> str | None:
    """User words as an FTS5 query: every word must occur (each quoted, so FTS5 operators and
    punctuation in the input are plain text, never syntax). None when there is no word."""
    terms = [t for t in text.split() if any(ch.isalnum() for ch in t)]
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms) or None


class SearchIndex:
    """An FTS5 index of the store's articles and quotes, safe to query from many threads."""

    def __init__(self) -> None:
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        for statement in _SCHEMA:
            self._conn.execute(statement)

    def rebuild(self, store: sqlite3.Connection) -> None:
        """Fill the index from every stored article and quote, replacing what it held."""
        articles, quotes = searchable_text(store)
        with self._lock, self._conn:
            self._conn.execute("DELETE FROM article_fts")
            self._conn.execute("DELETE FROM quote_fts")
            self._conn.executemany("INSERT INTO article_fts VALUES (?, ?, ?)", articles)
            self._conn.executemany("INSERT INTO quote_fts VALUES (?, ?, ?, ?, ?)", quotes)

    def search(
        self, store: sqlite3.Connection, text: str, limit: int = 50
    ) -> dict[str, list[dict[str, Any]]]:
        """Articles and quotes matching every word of `text`, best first, each with a short
        snippet (plain text: `[` `]` mark the hits; the page escapes it), its stored article
        (`sha`) and the saved comparisons it is in (`comparisons`; for a quote `comparison`,
        None for a corpus run's)."""
        query = fts_query(text)
        if query is None:
            return {"articles": [], "quotes": []}
        with self._lock:
            articles = self._conn.execute(
                "SELECT article_id, title, snippet(article_fts, 2, '[', ']', '…', 16)"
                " FROM article_fts WHERE article_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
            quotes = self._conn.execute(
                "SELECT comparison_id, article_id, quote_id, speaker,"
                " snippet(quote_fts, 4, '[', ']', '…', 24)"
                " FROM quote_fts WHERE quote_fts MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
        compared = labels_by_article(store)
        return {
            "articles": [
                {
                    "sha": sha,
                    "title": title,
                    "snippet": snip,
                    "comparisons": [cid for cid, _ in compared.get(sha, [])],
                }
                for sha, title, snip in articles
            ],
            "quotes": [
                {
                    "comparison": cid or None,
                    "sha": sha,
                    "quote": qid,
                    "speaker": speaker,
                    "snippet": snip,
                }
                for cid, sha, qid, speaker, snip in quotes
            ],
        }

    def close(self) -> None:
        self._conn.close()
