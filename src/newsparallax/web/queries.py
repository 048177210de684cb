"""What the web pages show, as plain data read from the store: the library behind every view.

A *story* here is a stored comparison. A comparison is already the analysis of the articles of
one event (whether they came from `compare FILE...`, `compare --story` or the paste form), and
its results are in the store, so the server never has to run the NLP pipeline to show a page.
The grouping of `stories.py` decides which articles `compare --story` compares; a grouped story
nobody compared yet has no analysis to show and is not listed.

Every function takes a connection and returns dicts and lists of JSON-ready values: the HTML
views render them, the JSON API returns them as they are, and the CSV export flattens them.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsparallax.model import Article, Comparison, content_id
from newsparallax.report.common import person_name, speaker_label
from newsparallax.store import (
    COUNTED,
    SCHEMA_VERSION,
    StoreError,
    load_comparison,
    open_store,
)

# Tables a file must hold to be read as a store (read-only mode cannot migrate it).
_REQUIRED = {"schema_version", "article", "comparison", "comparison_article", "quote", "person"}


def connect(path: str | Path, *, writable: bool = False) -> sqlite3.Connection:
    """A connection to the store. Read-only (`mode=ro`: SQLite itself refuses every write)
    unless `writable`, which opens (creating and migrating) it as the CLI does."""
    path = Path(path)
    if writable:
        return open_store(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such store")
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False, timeout=30
    )
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable newsparallax store ({exc})") from exc
    if missing := _REQUIRED - tables:
        conn.close()
        raise StoreError(f"{path}: not a newsparallax store (no {', '.join(sorted(missing))})")
    version = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"{path}: store has schema version {version}, newer than this reader")
    return conn


def outlet_of(comparison: Comparison, label: str) -> str:
    """An article's outlet, or its label when the outlet is unknown (pasted plain text)."""
    return next((a.outlet or a.id for a in comparison.articles if a.id == label), label)


# ---------------------------------------------------------------------------------------------
# Stories list, with filters
# ---------------------------------------------------------------------------------------------


def _casefold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


def _story_facets(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per comparison in `ids`: article labels, outlets, dates, titles and speakers."""
    out: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"articles": [], "outlets": [], "dates": [], "titles": [], "speakers": []}
    )
    wanted = json.dumps(ids)
    for cid, label, outlet, date, title in conn.execute(
        "SELECT ca.comparison_id, ca.label, a.outlet, a.date, a.title FROM comparison_article ca"
        " JOIN article a ON a.id = ca.article_id"
        " WHERE ca.comparison_id IN (SELECT value FROM json_each(?))"
        " ORDER BY ca.comparison_id, ca.position",
        (wanted,),
    ):
        facet = out[cid]
        facet["outlets"].append(outlet or label)
        facet["articles"].append(label)
        if date:
            facet["dates"].append(date)
        if title:
            facet["titles"].append(title)
    for cid, name in conn.execute(
        "SELECT DISTINCT q.comparison_id, p.name FROM quote q JOIN person p"
        " ON p.comparison_id = q.comparison_id AND p.id = q.person_id"
        " WHERE q.comparison_id IN (SELECT value FROM json_each(?)) ORDER BY p.position",
        (wanted,),
    ):
        out[cid]["speakers"].append(name)
    return out


def _counts(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, int]]:
    """Per kind of record (quotes, people, ...): how many each comparison in `ids` has."""
    wanted = json.dumps(ids)
    return {
        key: dict(
            conn.execute(
                f"SELECT comparison_id, count(*) FROM {table}"
                " WHERE comparison_id IN (SELECT value FROM json_each(?)) GROUP BY comparison_id",
                (wanted,),
            )
        )
        for key, table in COUNTED.items()
    }


def _story_where(
    conn: sqlite3.Connection,
    outlet: str | None,
    speaker: str | None,
    date_from: str | None,
    date_to: str | None,
    only: set[str] | None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (over `comparison c`) and its parameters for the stories filters, so
    SQLite filters, counts and pages the stories instead of Python reading every one."""
    # An article "of" a comparison, with its outlet as listed (the label when it has none).
    member = (
        "SELECT 1 FROM comparison_article ca JOIN article a ON a.id = ca.article_id"
        " WHERE ca.comparison_id = c.id"
    )
    clauses: list[str] = []
    params: list[Any] = []
    if only is not None:
        clauses.append("c.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(only)))
    if outlet:
        clauses.append(f"EXISTS ({member} AND coalesce(nullif(a.outlet, ''), ca.label) = ?)")
        params.append(outlet)
    if speaker:
        # Python's casefold (Unicode), not SQLite's ASCII-only lower().
        conn.create_function("np_casefold", 1, _casefold, deterministic=True)
        clauses.append(
            "EXISTS (SELECT 1 FROM quote q JOIN person p"
            " ON p.comparison_id = q.comparison_id AND p.id = q.person_id"
            " WHERE q.comparison_id = c.id AND instr(np_casefold(p.name), ?) > 0)"
        )
        params.append(speaker.casefold())
    if date_from:
        clauses.append(f"EXISTS ({member} AND a.date <> '' AND substr(a.date, 1, ?) >= ?)")
        params += [len(date_from), date_from]
    if date_to:
        clauses.append(f"EXISTS ({member} AND a.date <> '' AND substr(a.date, 1, ?) <= ?)")
        params += [len(date_to), date_to]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_stories(
    conn: sqlite3.Connection,
    *,
    outlet: str | None = None,
    speaker: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    only: set[str] | None = None,
) -> int:
    """How many stories `list_stories` would list with these filters and no limit."""
    where, params = _story_where(conn, outlet, speaker, date_from, date_to, only)
    return conn.execute(f"SELECT count(*) FROM comparison c{where}", params).fetchone()[0]


def list_stories(
    conn: sqlite3.Connection,
    *,
    outlet: str | None = None,
    speaker: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    only: set[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored comparisons, newest first, narrowed by outlet (exact), speaker (case-insensitive
    substring of a quoted person's name), dates (ISO prefixes compared as text, inclusive:
    `2024-05` matches the whole month) and `only` (ids found by a search); at most `limit`
    of them after skipping `offset`. SQLite filters and pages (LIMIT/OFFSET), and only the
    page's stories are then read in full."""
    where, params = _story_where(conn, outlet, speaker, date_from, date_to, only)
    rows = conn.execute(
        f"SELECT c.id, c.created FROM comparison c{where}"
        " ORDER BY c.created DESC, c.id LIMIT ? OFFSET ?",
        [*params, -1 if limit is None else limit, offset],
    ).fetchall()
    ids = [cid for cid, _ in rows]
    if not ids:
        return []
    facets, counts = _story_facets(conn, ids), _counts(conn, ids)
    stories = []
    for cid, created in rows:
        facet = facets[cid]
        dates = sorted(facet["dates"])
        stories.append(
            {
                "id": cid,
                "created": created,
                "articles": facet["articles"],
                **{key: counts[key].get(cid, 0) for key in COUNTED},
                "title": facet["titles"][0] if facet["titles"] else None,
                "outlets": facet["outlets"],
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "speakers": facet["speakers"],
            }
        )
    return stories


MAX_SPEAKER_CHOICES = 500  # the speaker box takes any name; it suggests the most quoted


def filter_choices(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The outlets a filter can pick from, and the most quoted speakers it suggests."""
    outlets = conn.execute(
        "SELECT DISTINCT coalesce(nullif(a.outlet, ''), ca.label) FROM comparison_article ca"
        " JOIN article a ON a.id = ca.article_id"
    )
    speakers = conn.execute(
        "SELECT p.name FROM quote q JOIN person p"
        " ON p.comparison_id = q.comparison_id AND p.id = q.person_id"
        " GROUP BY p.name ORDER BY count(*) DESC, p.name LIMIT ?",
        (MAX_SPEAKER_CHOICES,),
    )
    return {
        "outlets": sorted(o for (o,) in outlets),
        "speakers": sorted(s for (s,) in speakers),
    }


# ---------------------------------------------------------------------------------------------
# Grouped stories (`newsparallax stories`): each is compared on demand
# ---------------------------------------------------------------------------------------------


def _has_tables(conn: sqlite3.Connection, *names: str) -> bool:
    found = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return set(names) <= found


def count_grouped_stories(conn: sqlite3.Connection) -> int:
    """How many live grouped stories have two or more articles."""
    if not _has_tables(conn, "story", "article_story"):
        return 0
    return conn.execute(
        "SELECT count(*) FROM (SELECT story_id FROM article_story"
        " GROUP BY story_id HAVING count(*) >= 2)"
    ).fetchone()[0]


def grouped_stories(
    conn: sqlite3.Connection, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Live grouped stories of two or more articles, largest first (then by id), each with the
    id its comparison has (a content id of the member texts, so it is known before comparing)
    and whether that comparison is stored. SQL picks the page (LIMIT/OFFSET) before any member
    is read, so a corpus of 100,000 articles costs a page what a page shows. Read only: a store
    without story tables has none."""
    if not _has_tables(conn, "story", "article_story"):
        return []
    page = conn.execute(
        "SELECT story_id, count(*) AS n FROM article_story GROUP BY story_id HAVING n >= 2"
        " ORDER BY n DESC, story_id LIMIT ? OFFSET ?",
        (-1 if limit is None else limit, offset),
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
    ids = {story: content_id(*sorted({sha for sha, *_ in rows})) for story, rows in members.items()}
    stored = _stored_comparisons(conn, list(ids.values()))
    out = []
    for story, rows in members.items():
        dates = sorted(d for _, _, d, _ in rows if d)
        out.append(
            {
                "id": story,
                "articles": len(rows),
                "outlets": sorted({o for _, o, _, _ in rows if o}),
                "title": next((t for *_, t in rows if t), None),
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


def _stored_comparisons(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        found |= {
            r[0] for r in conn.execute(f"SELECT id FROM comparison WHERE id IN ({marks})", chunk)
        }
    return found


def grouped_story_articles(conn: sqlite3.Connection, story: str) -> list[Article]:
    """The articles of a live grouped story (KeyError when there is none), via `stories.py`."""
    from newsparallax.stories import StoryError, story_articles

    if not _has_tables(conn, "story", "article_story"):
        raise KeyError(story)
    try:
        return story_articles(conn, story)
    except StoryError as exc:
        raise KeyError(story) from exc


# ---------------------------------------------------------------------------------------------
# One story
# ---------------------------------------------------------------------------------------------


def resolve_story_id(conn: sqlite3.Connection, ref: str) -> str:
    """A comparison id from itself or a unique prefix (ids are long; pages show 12 characters)."""
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM comparison WHERE substr(id, 1, ?) = ?", (len(ref), ref)
        )
    ]
    if ref in ids:
        return ref
    if len(ids) != 1 or not ref:
        raise KeyError(ref)
    return ids[0]


def story_tables(c: Comparison) -> dict[str, list[dict[str, Any]]]:
    """The tables of a story page as rows: each is also a CSV file and part of the JSON."""
    quotes = {q.id: q for q in c.quotes}
    counts: Counter[tuple[str | None, str]] = Counter()
    words: Counter[tuple[str | None, str]] = Counter()
    for q in c.quotes:
        counts[q.speaker_id, q.article] += 1
        words[q.speaker_id, q.article] += len(q.text.split())
    speakers = [p for p in c.people if any(k[0] == p.id for k in counts)]
    only = {pid: aid for aid, ids in c.coverage.exclusive.items() for pid in ids}
    return {
        "articles": [
            {
                "article": a.id,
                "outlet": a.outlet,
                "title": a.title,
                "authors": "; ".join(a.authors),
                "date": a.date,
                "place": a.place,
                "source": a.source,
                "quotes": sum(1 for q in c.quotes if q.article == a.id),
                "chars": len(a.text),
            }
            for a in c.articles
        ],
        "quotes": [
            {
                "quote": q.id,
                "article": q.article,
                "outlet": outlet_of(c, q.article),
                "kind": q.kind,
                "speaker": speaker_label(c, q),
                "person": q.speaker_id,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "how": q.how,
            }
            for q in c.quotes
        ],
        "alignments": [
            {
                "alignment": al.id,
                "relation": al.relation,
                "speaker": person_name(c, al.speaker_id),
                "a": " + ".join(p.a),
                "a_article": quotes[p.a[0]].article if p.a and p.a[0] in quotes else None,
                "b": " + ".join(p.b),
                "b_article": quotes[p.b[0]].article if p.b and p.b[0] in quotes else None,
                "pair_relation": p.relation,
                "similarity": round(p.similarity, 4),
            }
            for al in c.alignments
            for p in al.pairs
        ],
        "matrix": [
            {
                "person": p.id,
                "speaker": p.name,
                "only_in": only.get(p.id),
                **{f"{a.id} quotes": counts[p.id, a.id] for a in c.articles},
                **{f"{a.id} words": words[p.id, a.id] for a in c.articles},
            }
            for p in speakers
        ],
        "exclusive": [
            {
                "article": aid,
                "outlet": outlet_of(c, aid),
                "person": pid,
                "speaker": person_name(c, pid),
            }
            for aid, ids in c.coverage.exclusive.items()
            for pid in ids
        ],
        "discrepancies": [
            {
                "discrepancy": d.id,
                "about": d.about,
                "topic": d.topic,
                "article": aid,
                "value": d.values.get(aid),
                "start": span.start if (span := d.spans.get(aid)) else None,
                "end": span.end if span else None,
            }
            for d in c.discrepancies
            for aid in d.values
        ],
    }


def story_charts(c: Comparison) -> dict[str, list[dict[str, Any]]]:
    """The numbers behind the pictures: voices (distinct speakers quoted) and quotes per
    article, and each article's publication date when known."""
    return {
        "voices": [
            {
                "article": a.id,
                "outlet": outlet_of(c, a.id),
                "voices": len(c.coverage.voices.get(a.id, ())),
                "exclusive": len(c.coverage.exclusive.get(a.id, ())),
                "quotes": sum(1 for q in c.quotes if q.article == a.id),
            }
            for a in c.articles
        ],
        "timeline": [
            {"article": a.id, "outlet": outlet_of(c, a.id), "date": a.date}
            for a in c.articles
            if a.date
        ],
    }


def load_story(conn: sqlite3.Connection, ref: str) -> Comparison:
    """The comparison behind a story page; KeyError when there is none."""
    return load_comparison(conn, resolve_story_id(conn, ref))


# ---------------------------------------------------------------------------------------------
# One person, across every story
# ---------------------------------------------------------------------------------------------


def person_page(conn: sqlite3.Connection, person_id: str) -> dict[str, Any]:
    """Everything said by one person (person ids are content ids of the name, so the same
    person has the same id in every comparison): their quotes grouped by outlet, with what each
    outlet calls them. KeyError when no comparison knows them."""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    names = cur.execute(
        "SELECT name, kind, comparison_id FROM person WHERE id = ? ORDER BY comparison_id",
        (person_id,),
    ).fetchall()
    if not names:
        raise KeyError(person_id)
    quotes = cur.execute(
        'SELECT q.comparison_id, q.id, q.kind, q.start, q."end", q.text, ca.label,'
        " coalesce(a.outlet, ca.label) AS outlet, a.title, a.date FROM quote q"
        " JOIN comparison_article ca ON ca.comparison_id = q.comparison_id"
        " AND ca.article_id = q.article_id JOIN article a ON a.id = q.article_id"
        " WHERE q.person_id = ? ORDER BY outlet, q.comparison_id, ca.label, q.position",
        (person_id,),
    ).fetchall()
    descriptors = cur.execute(
        'SELECT d.comparison_id, d.kind, d.text, d.start, d."end", ca.label,'
        " coalesce(a.outlet, ca.label) AS outlet FROM descriptor d"
        " JOIN comparison_article ca ON ca.comparison_id = d.comparison_id"
        " AND ca.article_id = d.article_id JOIN article a ON a.id = d.article_id"
        " WHERE d.person_id = ? ORDER BY outlet, d.comparison_id, d.position",
        (person_id,),
    ).fetchall()
    outlets: dict[str, dict[str, Any]] = {}
    for r in [*quotes, *descriptors]:
        outlets.setdefault(r["outlet"], {"outlet": r["outlet"], "quotes": [], "descriptors": []})
    for r in quotes:
        outlets[r["outlet"]]["quotes"].append(
            {
                "story": r["comparison_id"],
                "quote": r["id"],
                "article": r["label"],
                "title": r["title"],
                "date": r["date"],
                "kind": r["kind"],
                "start": r["start"],
                "end": r["end"],
                "text": r["text"],
            }
        )
    seen: set[tuple[str, str, str]] = set()
    for r in descriptors:
        key = (r["outlet"], r["kind"], r["text"])
        if key not in seen:  # the same descriptor in every comparison of one article: once
            seen.add(key)
            outlets[r["outlet"]]["descriptors"].append(
                {
                    "story": r["comparison_id"],
                    "article": r["label"],
                    "kind": r["kind"],
                    "text": r["text"],
                    "start": r["start"],
                    "end": r["end"],
                }
            )
    return {
        "id": person_id,
        "name": names[0]["name"],
        "kind": names[0]["kind"],
        "stories": sorted({r["comparison_id"] for r in names}),
        "outlets": list(outlets.values()),
    }


def person_rows(page: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """A person page's quotes or descriptors as flat rows (for CSV)."""
    return [{"outlet": o["outlet"], **item} for o in page["outlets"] for item in o[table]]
