"""Stories in the store: which story each article is in (`article_story`, in decision order),
the stories themselves, the user's corrections (pins and a log) that survive every re-run, and
what the grouper read of each text (`story_tokens`). The grouping itself is `stories/`.

The tables are schema version 3 (`store.schema`): every connection from `open_store` has them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from newsparallax.model import Article, content_id
from newsparallax.store.articles import article_from_row, dropped_of
from newsparallax.store.schema import has_tables, now_iso, rows, transaction


class StoryError(Exception):
    """A story command that cannot be done (unknown id, article not in the story)."""


# ---------------------------------------------------------------------------------------------
# What the grouper reads and decides (stories.grouping)
# ---------------------------------------------------------------------------------------------


def forget_decisions(conn: sqlite3.Connection) -> None:
    """Every decision forgotten but the user's: stories that hold a pin, or took a merge, stay."""
    with transaction(conn):
        conn.execute("DELETE FROM article_story")
        conn.execute(
            "DELETE FROM story WHERE merged_into IS NULL"
            " AND id NOT IN (SELECT story_id FROM story_pin)"
            " AND id NOT IN (SELECT merged_into FROM story WHERE merged_into IS NOT NULL)"
        )


def decisions(conn: sqlite3.Connection) -> dict[str, tuple[str, bool, str | None]]:
    """Article → (its story, whether it went there as a copy, of which article), in the order
    the decisions were made."""
    return {
        a: (s, how == "duplicate", original)
        for a, s, how, original in conn.execute(
            "SELECT article_id, story_id, how, duplicate_of FROM article_story ORDER BY position"
        )
    }


def pins(conn: sqlite3.Connection) -> dict[str, str]:
    """Article → the story a user's correction put it in."""
    return dict(conn.execute("SELECT article_id, story_id FROM story_pin"))


def articles_to_group(
    conn: sqlite3.Connection, tokens_key: str | None = None
) -> list[tuple[str, str | None, str | None, str, list[tuple[int, int]]]]:
    """Every stored article as (id, title, date, text, clutter spans), in arrival order: by date
    where known, else by when it was first stored (ISO-8601 strings of both sort together well
    enough), then in the order stored, so a run stopped and resumed decides as an uninterrupted
    one. With a `tokens_key`, articles whose tokens are stored under it come without their text
    (empty)."""
    dropped: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in conn.execute('SELECT article_id, start, "end" FROM dropped'):
        dropped.setdefault(article_id, []).append((start, end))
    found = conn.execute(
        "SELECT id, title, date, CASE WHEN id IN"
        " (SELECT article_id FROM story_tokens WHERE options = ?) THEN '' ELSE text END"
        " FROM article ORDER BY coalesce(date, first_seen), first_seen, rowid",
        (tokens_key or "",),
    )
    return [(i, title, date, text, dropped.get(i, [])) for i, title, date, text in found]


def stored_tokens(conn: sqlite3.Connection, tokens_key: str) -> dict[str, str]:
    """Article → what the grouper read of its text (JSON), when read under these options."""
    return dict(
        conn.execute("SELECT article_id, tokens FROM story_tokens WHERE options = ?", (tokens_key,))
    )


def duplicate_groups(conn: sqlite3.Connection) -> dict[str, str]:
    """Article → the first article of its near-duplicate group, from the ingest's
    `duplicate_member` table when the store has one (schema version 2 and later)."""
    if not has_tables(conn, "duplicate_member"):
        return {}
    return dict(conn.execute("SELECT article_id, group_id FROM duplicate_member"))


def record_decisions(
    conn: sqlite3.Connection,
    *,
    tokens: Sequence[tuple[str, str, str]],
    split_off: Sequence[tuple[str, str]],
    moved: Sequence[tuple[str, str]],
    decided: Sequence[tuple[str, str, str, float, str | None]],
) -> int:
    """In one transaction: the tokens read anew (article, options key, JSON), the stories split
    off (story, founder), the stored articles such a split moved (story, article), and the new
    decisions (article, story, how, score, duplicate of) in order. Returns the live stories."""
    with transaction(conn):
        conn.executemany(
            "INSERT OR REPLACE INTO story_tokens (article_id, options, tokens) VALUES (?, ?, ?)",
            tokens,
        )
        start = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM article_story")
        position = start.fetchone()[0]
        now = now_iso()
        conn.executemany(
            "INSERT OR IGNORE INTO story (id, founder, created) VALUES (?, ?, ?)",
            [(story, founder, now) for story, founder in split_off],
        )
        conn.executemany("UPDATE article_story SET story_id = ? WHERE article_id = ?", moved)
        for article, story, how, score, duplicate_of in decided:
            conn.execute(
                "INSERT OR IGNORE INTO story (id, founder, created) VALUES (?, ?, ?)",
                (story, article, now),
            )
            inserted = conn.execute(
                "INSERT OR IGNORE INTO article_story (article_id, story_id, position, how, score,"
                " duplicate_of, assigned) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (article, story, position, how, score, duplicate_of, now),
            ).rowcount
            position += inserted
        return conn.execute("SELECT count(DISTINCT story_id) FROM article_story").fetchone()[0]


# ---------------------------------------------------------------------------------------------
# Stories and their corrections
# ---------------------------------------------------------------------------------------------


def resolve_story(conn: sqlite3.Connection, story: str) -> str:
    """The live story a (possibly abbreviated, possibly merged-away) story id stands for."""
    prefix = "SELECT id FROM story WHERE substr(id, 1, ?) = ?"  # not LIKE: a user may type % or _
    matches = [r[0] for r in conn.execute(prefix, (len(story), story))]
    if story in matches:
        matches = [story]
    if not matches:
        raise StoryError(f"no story {story!r} in this store")
    if len(matches) > 1:
        raise StoryError(f"story id {story!r} is ambiguous ({', '.join(sorted(matches)[:5])})")
    current, seen = matches[0], set()
    while current not in seen:
        seen.add(current)
        row = conn.execute("SELECT merged_into FROM story WHERE id = ?", (current,)).fetchone()
        if row is None or row[0] is None:
            return current
        current = row[0]
    raise StoryError(f"story {story!r}: merges form a loop")  # pragma: no cover


def _resolve_article(conn: sqlite3.Connection, ref: str) -> str:
    """An article id from its sha, its label (file stem), or a unique sha prefix, in that
    order of preference."""
    exact = conn.execute("SELECT id FROM article WHERE id = ?", (ref,)).fetchone()
    if exact:
        return exact[0]
    for sql, args in (("label = ?", (ref,)), ("substr(id, 1, ?) = ?", (len(ref), ref))):
        ids = sorted(r[0] for r in conn.execute(f"SELECT id FROM article WHERE {sql}", args))
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            shown = ", ".join(i[:12] for i in ids[:5])
            raise StoryError(f"article {ref!r} is ambiguous ({shown})")
    raise StoryError(f"no article {ref!r} in this store")


def story_members(conn: sqlite3.Connection, story: str) -> list[str]:
    """Article ids of a live story, in decision order."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT article_id FROM article_story WHERE story_id = ? ORDER BY position", (story,)
        )
    ]


def merge_stories(conn: sqlite3.Connection, keep: str, other: str) -> tuple[str, int]:
    """Merge story `other` into `keep` (the user says they are one story). Every article of
    both is pinned to `keep`; `other` is remembered as merged, so its id still resolves.
    Returns the kept id and how many articles moved."""
    keep, other = resolve_story(conn, keep), resolve_story(conn, other)
    if keep == other:
        raise StoryError(f"story {keep} is already one story")
    with transaction(conn):
        moved = story_members(conn, other)
        conn.execute("UPDATE article_story SET story_id = ? WHERE story_id = ?", (keep, other))
        conn.execute("UPDATE story SET merged_into = ? WHERE id = ?", (keep, other))
        conn.execute("UPDATE story_pin SET story_id = ? WHERE story_id = ?", (keep, other))
        conn.executemany(
            "INSERT OR REPLACE INTO story_pin (article_id, story_id) VALUES (?, ?)",
            [(a, keep) for a in story_members(conn, keep)],
        )
        _log(conn, "merge", keep, other, moved)
    return keep, len(moved)


def split_story(conn: sqlite3.Connection, story: str, articles: Sequence[str]) -> str:
    """Move `articles` out of `story` into a new story of their own (the user says they are
    another event). Both parts are pinned. Returns the new story's id."""
    story = resolve_story(conn, story)
    moving = sorted({_resolve_article(conn, a) for a in articles})
    members = story_members(conn, story)
    if stray := [a for a in moving if a not in members]:
        raise StoryError(f"not in story {story}: {', '.join(a[:12] for a in stray)}")
    if len(moving) == len(members):
        raise StoryError(f"that is every article of story {story}; nothing would remain")
    new = content_id("split", story, *moving, length=12)
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO story (id, founder, created) VALUES (?, ?, ?)",
            (new, next(a for a in members if a in moving), now_iso()),
        )
        conn.execute("UPDATE story SET merged_into = NULL WHERE id = ?", (new,))
        conn.executemany(
            "UPDATE article_story SET story_id = ? WHERE article_id = ?", [(new, a) for a in moving]
        )
        conn.executemany(
            "INSERT OR REPLACE INTO story_pin (article_id, story_id) VALUES (?, ?)",
            [(a, new if a in moving else story) for a in members],
        )
        _log(conn, "split", story, new, moving)
    return new


def _log(conn: sqlite3.Connection, kind: str, story: str, other: str, moved: Sequence[str]):
    conn.execute(
        "INSERT INTO story_correction (kind, story_id, other, articles, made)"
        " VALUES (?, ?, ?, ?, ?)",
        (kind, story, other, json.dumps(list(moved)), now_iso()),
    )


@dataclass(frozen=True)
class StorySummary:
    id: str
    n_articles: int
    outlets: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    title: str | None  # the founding article's headline
    pinned: bool


def list_stories(conn: sqlite3.Connection) -> list[StorySummary]:
    """Live stories, largest first."""
    found = conn.execute(
        "SELECT s.story_id, count(*), group_concat(DISTINCT a.outlet), min(a.date), max(a.date),"
        " (SELECT title FROM article WHERE id = st.founder),"
        " EXISTS (SELECT 1 FROM story_pin p WHERE p.story_id = s.story_id)"
        " FROM article_story s JOIN article a ON a.id = s.article_id"
        " JOIN story st ON st.id = s.story_id"
        " GROUP BY s.story_id ORDER BY count(*) DESC, min(s.position)"
    )
    return [
        StorySummary(
            sid,
            n,
            tuple(sorted((outlets or "").split(",")) if outlets else ()),
            first,
            last,
            title,
            bool(pinned),
        )
        for sid, n, outlets, first, last, title, pinned in found
    ]


def story_articles(conn: sqlite3.Connection, story: str) -> list[Article]:
    """The articles of a story as `Article` records (for `compare --story`), labelled by their
    stored label, made unique within the story."""
    story = resolve_story(conn, story)
    found = rows(
        conn,
        "SELECT a.* FROM article_story s JOIN article a ON a.id = s.article_id"
        " WHERE s.story_id = ? ORDER BY s.position",
        (story,),
    )
    dropped = dropped_of(conn, (r["id"] for r in found))
    articles, used = [], set()
    for r in found:
        label, n = r["label"], 2
        while label in used:
            label, n = f"{r['label']}-{n}", n + 1
        used.add(label)
        articles.append(article_from_row(r, dropped[r["id"]], label=label))
    return articles


# ---------------------------------------------------------------------------------------------
# Stories, filtered, a page at a time, with the comparison each would be
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryFilter:
    """Which stories a listing shows: at least `min_articles` articles, and among them one of
    `outlet`, one dated within `date_from`..`date_to` (ISO prefixes, inclusive: `2024-05` is the
    whole month) and one of `articles` (ids a search found; None: any)."""

    min_articles: int = 1
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    articles: frozenset[str] | None = None

    def where(self) -> tuple[str, list[Any]]:
        """SQL over `article_story` (grouped by story_id): HAVING and its parameters."""
        clauses, params = ["count(*) >= ?"], [self.min_articles]
        if self.outlet:
            clauses.append("sum(coalesce(nullif(a.outlet, ''), a.label) = ?) > 0")
            params.append(self.outlet)
        if self.date_from:
            clauses.append("sum(a.date <> '' AND substr(a.date, 1, ?) >= ?) > 0")
            params += [len(self.date_from), self.date_from]
        if self.date_to:
            clauses.append("sum(a.date <> '' AND substr(a.date, 1, ?) <= ?) > 0")
            params += [len(self.date_to), self.date_to]
        if self.articles is not None:
            clauses.append("sum(a.id IN (SELECT value FROM json_each(?))) > 0")
            params.append(json.dumps(sorted(self.articles)))
        return " HAVING " + " AND ".join(clauses), params


_LIVE = "FROM article_story s JOIN article a ON a.id = s.article_id GROUP BY s.story_id"


def count_grouped_stories(conn: sqlite3.Connection, shown: StoryFilter | None = None) -> int:
    """How many live stories `grouped_stories` lists with this filter and no limit."""
    if not has_tables(conn, "story", "article_story"):
        return 0
    having, params = (shown or StoryFilter()).where()
    return conn.execute(
        f"SELECT count(*) FROM (SELECT s.story_id {_LIVE}{having})", params
    ).fetchone()[0]


def grouped_stories(
    conn: sqlite3.Connection,
    limit: int | None = None,
    offset: int = 0,
    shown: StoryFilter | None = None,
) -> list[dict[str, Any]]:
    """Live stories, largest first (then by id), narrowed by `shown`, each with the id its
    comparison has (a content id of the member texts, so it is known before comparing) and
    whether that comparison is stored. SQL filters and picks the page (LIMIT/OFFSET) before any
    member is read, so a corpus of 100,000 articles costs a page what a page shows. Read only:
    a store without story tables has none."""
    if not has_tables(conn, "story", "article_story"):
        return []
    having, params = (shown or StoryFilter()).where()
    page = conn.execute(
        f"SELECT s.story_id, count(*) AS n {_LIVE}{having}"
        " ORDER BY n DESC, s.story_id LIMIT ? OFFSET ?",
        (*params, -1 if limit is None else limit, offset),
    ).fetchall()
    members: dict[str, list[tuple[str, str | None, str | None, str | None]]] = {
        story: [] for story, _ in page
    }
    for chunk in _chunks(list(members), 500):
        marks = ",".join("?" * len(chunk))
        for story, sha, outlet, date, title in conn.execute(
            "SELECT s.story_id, a.id, coalesce(a.outlet, a.label), a.date, a.title"
            " FROM article_story s JOIN article a ON a.id = s.article_id"
            f" WHERE s.story_id IN ({marks}) ORDER BY s.story_id, s.position",
            chunk,
        ):
            members[story].append((sha, outlet, date, title))
    ids = {story: content_id(*sorted({sha for sha, *_ in m})) for story, m in members.items()}
    stored = _compared(conn, list(ids.values()))
    out = []
    for story, found in members.items():
        dates = sorted(d for _, _, d, _ in found if d)
        out.append(
            {
                "id": story,
                "articles": len(found),
                "outlets": sorted({o for _, o, _, _ in found if o}),
                "title": next((t for *_, t in found if t), None),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "comparison": ids[story],
                "compared": ids[story] in stored,
            }
        )
    return out


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _compared(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        found |= {
            r[0] for r in conn.execute(f"SELECT id FROM comparison WHERE id IN ({marks})", chunk)
        }
    return found
