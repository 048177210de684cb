"""The whole corpus as the web app browses it: one stored article with its quotes, an outlet's
articles, and the text a search index reads. Whatever wrote the article (`compare`, `ingest`,
`run`), it is here: a corpus run's own analysis (`article_quote`) when there is one, else the
quotes of a saved comparison that holds the article.

Read-only queries; an id may be given whole or as a unique prefix (pages show 12 characters).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from newsparallax.analysis.people import person_id
from newsparallax.store.schema import has_tables, rows

PER_PAGE = 100  # an outlet's articles on one page


def resolve_article(conn: sqlite3.Connection, ref: str) -> str:
    """An article id from itself or a unique prefix; KeyError when none or several match."""
    found = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM article WHERE substr(id, 1, ?) = ? LIMIT 2", (len(ref), ref)
        )
    ]
    if len(found) != 1 or not ref:
        raise KeyError(ref)
    return found[0]


def stored_article(conn: sqlite3.Connection, ref: str) -> dict[str, Any]:
    """One article: its text and metadata, its quotes (offsets into the text) and where they
    come from, the story it is in and the comparisons that hold it. KeyError when unknown."""
    sha = resolve_article(conn, ref)
    (row,) = rows(conn, "SELECT * FROM article WHERE id = ?", (sha,))
    article = {k: row[k] for k in row.keys() if k != "raw"}  # noqa: SIM118 - sqlite3.Row
    comparisons = [
        {"comparison": r["comparison_id"], "label": r["label"]}
        for r in rows(
            conn,
            "SELECT ca.comparison_id, ca.label FROM comparison_article ca"
            " JOIN comparison c ON c.id = ca.comparison_id"
            " WHERE ca.article_id = ? ORDER BY c.created DESC, c.id",
            (sha,),
        )
    ]
    quotes: list[dict[str, Any]] = []
    origin = None
    if has_tables(conn, "article_quote"):
        conn.create_function("np_person_id", 2, person_id, deterministic=True)
        quotes = [
            dict(r)
            for r in rows(
                conn,
                'SELECT kind, start, "end", text, speaker, (SELECT np_person_id(p.kind, p.name)'
                " FROM article_person p WHERE p.article_id = q.article_id AND p.name = q.speaker"
                " LIMIT 1) AS person_id, cue_text AS cue, how"
                " FROM article_quote q WHERE article_id = ? ORDER BY position",
                (sha,),
            )
        ]
        origin = "run" if quotes else None
    if not quotes and comparisons:
        first = comparisons[0]["comparison"]
        quotes = [
            dict(r)
            for r in rows(
                conn,
                'SELECT q.kind, q.start, q."end", q.text, coalesce(p.name, q.speaker)'
                " AS speaker, q.person_id, q.cue_text AS cue, q.how FROM quote q"
                " LEFT JOIN person p ON p.comparison_id = q.comparison_id AND p.id = q.person_id"
                " WHERE q.comparison_id = ? AND q.article_id = ? ORDER BY q.position",
                (first, sha),
            )
        ]
        origin = first
    story = None
    if has_tables(conn, "article_story"):
        found = conn.execute(
            "SELECT story_id FROM article_story WHERE article_id = ?", (sha,)
        ).fetchone()
        story = found[0] if found else None
    return {
        "article": article,
        "quotes": quotes,
        "quotes_from": origin,  # "run", a comparison id, or None (not analysed yet)
        "story": story,
        "comparisons": comparisons,
    }


def outlet_articles(
    conn: sqlite3.Connection, outlet: str, page: int = 1, per_page: int = PER_PAGE
) -> dict[str, Any]:
    """An outlet's stored articles, newest first, a page at a time, with the story each is in
    and its quotes counted (a corpus run's analysis). KeyError when no article has the outlet."""
    named = "coalesce(nullif(a.outlet, ''), a.label) = ?"  # as story listings name it
    total = conn.execute(f"SELECT count(*) FROM article a WHERE {named}", (outlet,)).fetchone()[0]
    if not total:
        raise KeyError(outlet)
    story = (
        "(SELECT story_id FROM article_story s WHERE s.article_id = a.id)"
        if has_tables(conn, "article_story")
        else "NULL"
    )
    quoted = (
        "(SELECT quotes FROM article_analysis x WHERE x.article_id = a.id)"
        if has_tables(conn, "article_analysis")
        else "NULL"
    )
    found = rows(
        conn,
        f"SELECT a.id, a.title, a.date, a.label, {story} AS story, {quoted} AS quotes"
        f" FROM article a WHERE {named} ORDER BY a.date IS NULL, a.date DESC, a.id"
        " LIMIT ? OFFSET ?",
        (outlet, per_page, (page - 1) * per_page),
    )
    return {
        "outlet": outlet,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // per_page)),
        "articles": [dict(r) for r in found],
    }


def searchable_text(
    conn: sqlite3.Connection,
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str, str]]]:
    """What a full-text index of the corpus holds: (article id, title, text) of every stored
    article, and (comparison id or "", article id, quote id, speaker, text) of every quote, a
    saved comparison's (the speaker as the person it resolved to) and a corpus run's."""
    articles = conn.execute("SELECT id, coalesce(title, ''), text FROM article").fetchall()
    quotes = conn.execute(
        "SELECT q.comparison_id, q.article_id, q.id, coalesce(p.name, q.speaker, ''), q.text"
        " FROM quote q"
        " LEFT JOIN person p ON p.comparison_id = q.comparison_id AND p.id = q.person_id"
    ).fetchall()
    if has_tables(conn, "article_quote"):
        quotes += conn.execute(
            "SELECT '', article_id, article_id || ':' || position, coalesce(speaker, ''), text"
            " FROM article_quote"
        ).fetchall()
    return articles, quotes
