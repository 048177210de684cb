"""Comparisons in the store: every comparison with its articles, quotes, people and findings;
the listings, filters and lookups the web app shows them by; one person across them all.

Articles are keyed by their content hash (`Article.sha`) so two comparisons that share a report
share one row (`store.articles`). Everything an analysis derives (people, quotes, alignments,
discrepancies, voices) belongs to one comparison and is keyed by `(comparison_id, id)`: the same
person or quote id may carry different findings in another comparison, and re-analysing a
comparison replaces its rows wholesale instead of mixing old and new results.

Inside a comparison, records name articles by their label (`Article.id`, e.g. the file stem);
the store keeps `article_id` = sha in its rows and maps labels through `comparison_article`.
Every tuple's order is kept in a `position` column so that `load_comparison` rebuilds a
`Comparison` equal to the one saved.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from newsparallax.model import (
    AlignedPair,
    Alignment,
    Article,
    Comparison,
    Coverage,
    Descriptor,
    DiffOp,
    Discrepancy,
    Mention,
    Person,
    Prominence,
    Quote,
    Span,
)
from newsparallax.store.articles import (
    article_from_row,
    dropped_of,
    quoted_json,
    quoted_spans,
    span_columns,
    span_from_columns,
    write_article,
)
from newsparallax.store.claims import load_claims, load_framing, write_claims
from newsparallax.store.schema import (
    has_tables,
    json_text,
    now_iso,
    quote_evidence,
    reading,
    rows,
    transaction,
)

# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _span_json(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _known(ids: set[str], value: str | None, where: str) -> str | None:
    """Check a cross-reference before SQLite does, to fail with a message naming the record."""
    if value is not None and value not in ids:
        raise ValueError(f"{where} refers to unknown id {value!r}")
    return value


class _Labels:
    """Maps a comparison's article labels to store article ids (shas) and back."""

    def __init__(self, pairs: Sequence[tuple[str, str]]):
        self.sha = dict(pairs)
        self.label = {sha: label for label, sha in pairs}

    def __getitem__(self, label: str) -> str:
        if label not in self.sha:
            raise ValueError(f"unknown article label {label!r} (have {sorted(self.sha)})")
        return self.sha[label]

    def keyed_by_sha(self, mapping: dict[str, Any]) -> dict[str, Any]:
        return {self[label]: value for label, value in mapping.items()}

    def keyed_by_label(self, mapping: dict[str, Any]) -> dict[str, Any]:
        return {self.label[sha]: value for sha, value in mapping.items()}


def _labels_of(comparison: Comparison) -> _Labels:
    """Article labels must be unique, and so must texts: two articles with identical text would
    be one store row and could not be told apart when loading."""
    pairs = [(a.id, a.sha) for a in comparison.articles]
    for index, (label, sha) in enumerate(pairs):
        for other, other_sha in pairs[:index]:
            if label == other:
                raise ValueError(f"two articles share the label {label!r}")
            if sha == other_sha:
                raise ValueError(f"articles {other!r} and {label!r} have identical text")
    return _Labels(pairs)


# ---------------------------------------------------------------------------------------------
# Saving
# ---------------------------------------------------------------------------------------------


def save_comparison(conn: sqlite3.Connection, comparison: Comparison) -> str:
    """Store `comparison` in one transaction and return its id.

    Re-saving a comparison replaces its derived rows (same content gives the same rows, so this
    is idempotent, and a re-analysis never leaves stale findings behind); its `created` time and
    any shared article rows are kept.
    """
    cid = comparison.id
    labels = _labels_of(comparison)
    with transaction(conn):
        _write_comparison_row(conn, cid, comparison.coverage)
        _write_articles(conn, cid, comparison, labels)
        _write_people(conn, cid, comparison.people, labels)
        _write_quotes(conn, cid, comparison, labels)
        _write_alignments(conn, cid, comparison)
        _write_discrepancies(conn, cid, comparison, labels)
        claims_kept = has_tables(conn, "statement")  # a store opened at an older schema has not
        _write_coverage(conn, cid, comparison, labels, claims_kept)
        if claims_kept:
            write_claims(conn, cid, comparison, labels)
    return cid


def _write_comparison_row(conn: sqlite3.Connection, cid: str, coverage: Coverage) -> None:
    """Replace the comparison row, which cascades to every derived row, keeping `created`."""
    row = conn.execute("SELECT created FROM comparison WHERE id = ?", (cid,)).fetchone()
    created = row[0] if row else now_iso()
    conn.execute("DELETE FROM comparison WHERE id = ?", (cid,))
    conn.execute(
        "INSERT INTO comparison (id, created, shared) VALUES (?, ?, ?)",
        (cid, created, json_text(list(coverage.shared))),
    )


def _write_articles(
    conn: sqlite3.Connection, cid: str, comparison: Comparison, labels: _Labels
) -> None:
    """Insert articles not yet stored (the text decides identity, so an existing row is the same
    report) and link every article to this comparison under its label."""
    for position, article in enumerate(comparison.articles):
        write_article(conn, article)
        conn.execute(
            "INSERT INTO comparison_article (comparison_id, article_id, label, position, source,"
            " in_voices, in_exclusive) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                cid,
                labels[article.id],
                article.id,
                position,
                article.source,
                article.id in comparison.coverage.voices,
                article.id in comparison.coverage.exclusive,
            ),
        )


def _write_people(
    conn: sqlite3.Connection, cid: str, people: Sequence[Person], labels: _Labels
) -> None:
    """People with their aliases, descriptors and mentions, each list in its original order."""
    conn.executemany(
        "INSERT INTO person (comparison_id, id, position, name, kind) VALUES (?, ?, ?, ?, ?)",
        [(cid, p.id, i, p.name, p.kind) for i, p in enumerate(people)],
    )
    conn.executemany(
        "INSERT INTO person_alias (comparison_id, person_id, position, alias) VALUES (?, ?, ?, ?)",
        [(cid, p.id, i, alias) for p in people for i, alias in enumerate(p.aliases)],
    )
    conn.executemany(
        "INSERT INTO descriptor (comparison_id, person_id, position, article_id, kind, text,"
        ' start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
            (cid, p.id, i, labels[d.article], d.kind, d.text, d.start, d.end)
            for p in people
            for i, d in enumerate(p.descriptors)
        ],
    )
    conn.executemany(
        'INSERT INTO mention (comparison_id, person_id, position, article_id, start, "end",'
        " text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (cid, p.id, i, labels[m.article], m.start, m.end, m.text)
            for p in people
            for i, m in enumerate(p.mentions)
        ],
    )


def _write_quotes(
    conn: sqlite3.Connection, cid: str, comparison: Comparison, labels: _Labels
) -> None:
    """Quotes with their cue and speaker mention spans; `speaker_id` must name a person."""
    if not comparison.quotes:
        return
    people = {p.id for p in comparison.people}
    conn.executemany(
        'INSERT INTO quote (comparison_id, id, position, article_id, kind, start, "end", text,'
        " cue_start, cue_end, cue_text, mention_start, mention_end, mention_text, speaker,"
        " person_id, how, confidence, cue_kind, quoted)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                cid,
                q.id,
                i,
                labels[q.article],
                q.kind,
                q.start,
                q.end,
                q.text,
                *span_columns(q.cue),
                *span_columns(q.mention),
                q.speaker,
                _known(people, q.speaker_id, f"quote {q.id} speaker_id"),
                q.how,
                q.confidence,
                q.cue_kind,
                quoted_json(q.quoted),
            )
            for i, q in enumerate(comparison.quotes)
        ],
    )


def _write_alignments(conn: sqlite3.Connection, cid: str, comparison: Comparison) -> None:
    """Alignments, their member quotes and their pairwise diffs."""
    people = {p.id for p in comparison.people}
    quotes = {q.id for q in comparison.quotes}
    alignments = comparison.alignments
    conn.executemany(
        "INSERT INTO alignment (comparison_id, id, position, relation, person_id)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                cid,
                a.id,
                i,
                a.relation,
                _known(people, a.speaker_id, f"alignment {a.id} speaker_id"),
            )
            for i, a in enumerate(alignments)
        ],
    )
    conn.executemany(
        "INSERT INTO alignment_member (comparison_id, alignment_id, position, quote_id)"
        " VALUES (?, ?, ?, ?)",
        [
            (cid, a.id, i, _known(quotes, q, f"alignment {a.id}"))
            for a in alignments
            for i, q in enumerate(a.quotes)
        ],
    )
    conn.executemany(
        "INSERT INTO aligned_pair (comparison_id, alignment_id, position, a, b, relation,"
        " similarity, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                cid,
                a.id,
                i,
                json_text(list(p.a)),
                json_text(list(p.b)),
                p.relation,
                p.similarity,
                json_text([asdict(op) for op in p.diff]),
            )
            for a in alignments
            for i, p in enumerate(a.pairs)
        ],
    )


def _write_discrepancies(
    conn: sqlite3.Connection, cid: str, comparison: Comparison, labels: _Labels
) -> None:
    """Discrepancies, their per-article values and spans keyed by article sha."""
    people = {p.id for p in comparison.people}
    conn.executemany(
        'INSERT INTO discrepancy (comparison_id, id, position, person_id, about, topic, "values",'
        " spans) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                cid,
                d.id,
                i,
                _known(people, d.person_id, f"discrepancy {d.id}"),
                d.about,
                d.topic,
                json_text(labels.keyed_by_sha(d.values)),
                json_text(labels.keyed_by_sha({k: _span_json(s) for k, s in d.spans.items()})),
            )
            for i, d in enumerate(comparison.discrepancies)
        ],
    )


def _write_coverage(
    conn: sqlite3.Connection, cid: str, comparison: Comparison, labels: _Labels, prominent: bool
) -> None:
    """One voice row per (article, person); `exclusive_position` marks (and orders) the voices
    only that article carries. An exclusive voice the article does not carry is a bug upstream."""
    coverage = comparison.coverage
    people = {p.id for p in comparison.people}
    labels.keyed_by_sha(coverage.voices)  # every key must be an article of the comparison
    labels.keyed_by_sha(coverage.exclusive)
    prominence = {(p.article, p.person): p for p in coverage.prominence}
    voice_rows = []
    for label in labels.sha:
        voices = coverage.voices.get(label, ())
        exclusive = coverage.exclusive.get(label, ())
        if stray := set(exclusive) - set(voices):
            raise ValueError(f"coverage: {label!r} has exclusive voices it lacks: {sorted(stray)}")
        voice_rows += [
            (
                cid,
                labels[label],
                _known(people, pid, f"coverage of {label!r}"),
                i,
                exclusive.index(pid) if pid in exclusive else None,
                *_prominence_columns(prominence.get((label, pid))),
            )[: 8 if prominent else 5]
            for i, pid in enumerate(voices)
        ]
    columns = "comparison_id, article_id, person_id, position, exclusive_position"
    if prominent:
        columns += ", first_position, first_offset, words"
    marks = ", ".join("?" * (8 if prominent else 5))
    conn.executemany(f"INSERT INTO voice ({columns}) VALUES ({marks})", voice_rows)


def _prominence_columns(found: Prominence | None) -> tuple[str | None, int | None, int | None]:
    return (None, None, None) if found is None else (found.first, found.offset, found.words)


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def load_comparison(
    conn: sqlite3.Connection, comparison_id: str, *, with_raw: bool = False
) -> Comparison:
    """Rebuild the stored comparison, equal to the one saved. `Article.raw` (the page as fetched,
    possibly large) is loaded only on request: nothing but a re-extraction needs it."""
    with transaction(conn, write=False), reading(f"comparison {comparison_id}"):
        row = conn.execute("SELECT shared FROM comparison WHERE id = ?", (comparison_id,))
        found = row.fetchone()
        if found is None:
            raise KeyError(f"no comparison {comparison_id!r} in this store")
        articles, labels, keys = _load_articles(conn, comparison_id, with_raw)
        return Comparison(
            articles=articles,
            quotes=_load_quotes(conn, comparison_id, labels),
            people=_load_people(conn, comparison_id, labels),
            alignments=_load_alignments(conn, comparison_id),
            discrepancies=_load_discrepancies(conn, comparison_id, labels),
            coverage=_load_coverage(conn, comparison_id, labels, keys, json.loads(found[0])),
            claims=load_claims(conn, comparison_id, labels),
            framing=load_framing(conn, comparison_id),
        )


def _load_articles(
    conn: sqlite3.Connection, cid: str, with_raw: bool
) -> tuple[tuple[Article, ...], _Labels, list[tuple[str, bool, bool]]]:
    """Articles in comparison order, under their labels in this comparison; also the label map
    and which labels were Coverage keys."""
    found = rows(
        conn,
        "SELECT a.*, ca.label AS ca_label, ca.source AS ca_source, ca.in_voices, ca.in_exclusive"
        " FROM comparison_article ca JOIN article a ON a.id = ca.article_id"
        " WHERE ca.comparison_id = ? ORDER BY ca.position",
        (cid,),
    )
    dropped = dropped_of(conn, (r["id"] for r in found))
    articles = tuple(
        article_from_row(
            r, dropped[r["id"]], label=r["ca_label"], source=r["ca_source"], with_raw=with_raw
        )
        for r in found
    )
    labels = _Labels([(r["ca_label"], r["id"]) for r in found])
    keys = [(r["ca_label"], bool(r["in_voices"]), bool(r["in_exclusive"])) for r in found]
    return articles, labels, keys


def _load_quotes(conn: sqlite3.Connection, cid: str, labels: _Labels) -> tuple[Quote, ...]:
    evidence = quote_evidence(conn, "quote")
    return tuple(
        Quote(
            id=r["id"],
            article=labels.label[r["article_id"]],
            kind=r["kind"],
            start=r["start"],
            end=r["end"],
            text=r["text"],
            cue=span_from_columns(r["cue_start"], r["cue_end"], r["cue_text"]),
            mention=span_from_columns(r["mention_start"], r["mention_end"], r["mention_text"]),
            speaker=r["speaker"],
            speaker_id=r["person_id"],
            how=r["how"],
            confidence=r["confidence"],
            cue_kind=r["cue_kind"],
            quoted=quoted_spans(r["quoted"]),
        )
        for r in rows(
            conn,
            'SELECT id, article_id, kind, start, "end", text, cue_start, cue_end, cue_text,'
            " mention_start, mention_end, mention_text, speaker, person_id,"
            f" {evidence} FROM quote WHERE comparison_id = ? ORDER BY position",
            (cid,),
        )
    )


def _load_people(conn: sqlite3.Connection, cid: str, labels: _Labels) -> tuple[Person, ...]:
    """People with their lists, one query per table grouped here rather than one per person."""

    def grouped(table: str, make: Callable[[sqlite3.Row], Any]) -> dict[str, list[Any]]:
        groups: dict[str, list[Any]] = defaultdict(list)
        for r in rows(
            conn,
            f"SELECT * FROM {table} WHERE comparison_id = ? ORDER BY person_id, position",
            (cid,),
        ):
            groups[r["person_id"]].append(make(r))
        return groups

    aliases = grouped("person_alias", lambda r: r["alias"])
    descriptors = grouped(
        "descriptor",
        lambda r: Descriptor(
            labels.label[r["article_id"]], r["kind"], r["text"], r["start"], r["end"]
        ),
    )
    mentions = grouped(
        "mention",
        lambda r: Mention(labels.label[r["article_id"]], r["start"], r["end"], r["text"]),
    )
    return tuple(
        Person(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            aliases=tuple(aliases[r["id"]]),
            descriptors=tuple(descriptors[r["id"]]),
            mentions=tuple(mentions[r["id"]]),
        )
        for r in rows(
            conn, "SELECT * FROM person WHERE comparison_id = ? ORDER BY position", (cid,)
        )
    )


def _load_alignments(conn: sqlite3.Connection, cid: str) -> tuple[Alignment, ...]:
    members: dict[str, list[str]] = defaultdict(list)
    for r in rows(
        conn,
        "SELECT alignment_id, quote_id FROM alignment_member WHERE comparison_id = ?"
        " ORDER BY alignment_id, position",
        (cid,),
    ):
        members[r["alignment_id"]].append(r["quote_id"])
    pairs: dict[str, list[AlignedPair]] = defaultdict(list)
    for r in rows(
        conn,
        "SELECT * FROM aligned_pair WHERE comparison_id = ? ORDER BY alignment_id, position",
        (cid,),
    ):
        pairs[r["alignment_id"]].append(
            AlignedPair(
                a=tuple(json.loads(r["a"])),
                b=tuple(json.loads(r["b"])),
                relation=r["relation"],
                similarity=r["similarity"],
                diff=tuple(DiffOp(**op) for op in json.loads(r["diff"])),
            )
        )
    return tuple(
        Alignment(
            id=r["id"],
            quotes=tuple(members[r["id"]]),
            relation=r["relation"],
            speaker_id=r["person_id"],
            pairs=tuple(pairs[r["id"]]),
        )
        for r in rows(
            conn, "SELECT * FROM alignment WHERE comparison_id = ? ORDER BY position", (cid,)
        )
    )


def _load_discrepancies(
    conn: sqlite3.Connection, cid: str, labels: _Labels
) -> tuple[Discrepancy, ...]:
    def spans(text: str) -> dict[str, Span | None]:
        return {k: None if s is None else Span(**s) for k, s in json.loads(text).items()}

    return tuple(
        Discrepancy(
            id=r["id"],
            person_id=r["person_id"],
            about=r["about"],
            topic=r["topic"],
            values=labels.keyed_by_label(json.loads(r["values"])),
            spans=labels.keyed_by_label(spans(r["spans"])),
        )
        for r in rows(
            conn, "SELECT * FROM discrepancy WHERE comparison_id = ? ORDER BY position", (cid,)
        )
    )


def _load_coverage(
    conn: sqlite3.Connection,
    cid: str,
    labels: _Labels,
    keys: list[tuple[str, bool, bool]],
    shared: list[str],
) -> Coverage:
    voices: dict[str, list[str]] = defaultdict(list)
    exclusive: dict[str, list[tuple[int, str]]] = defaultdict(list)
    prominence: dict[str, list[Prominence]] = defaultdict(list)
    with_prominence = has_tables(conn, "statement")  # schema 5 added the voice columns too
    for r in rows(conn, "SELECT * FROM voice WHERE comparison_id = ? ORDER BY position", (cid,)):
        label = labels.label[r["article_id"]]
        voices[label].append(r["person_id"])
        if r["exclusive_position"] is not None:
            exclusive[label].append((r["exclusive_position"], r["person_id"]))
        if with_prominence and r["first_position"] is not None:
            prominence[label].append(
                Prominence(
                    label, r["person_id"], r["first_position"], r["first_offset"], r["words"]
                )
            )
    return Coverage(
        voices={label: tuple(voices[label]) for label, in_voices, _ in keys if in_voices},
        exclusive={
            label: tuple(pid for _, pid in sorted(exclusive[label]))
            for label, _, in_exclusive in keys
            if in_exclusive
        },
        shared=tuple(shared),
        prominence=tuple(p for label, _, _ in keys for p in prominence[label]),
    )


# ---------------------------------------------------------------------------------------------
# Listing
# ---------------------------------------------------------------------------------------------

COUNTED = {
    "quotes": "quote",
    "people": "person",
    "alignments": "alignment",
    "discrepancies": "discrepancy",
}


def list_comparisons(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every stored comparison, newest first: id, created, article labels and record counts."""
    return [
        {key: found[key] for key in ("id", "created", "articles", *COUNTED)}
        for found in find_comparisons(conn)
    ]


# ---------------------------------------------------------------------------------------------
# Listing with filters, pages and facets (the web app's list of comparisons)
# ---------------------------------------------------------------------------------------------


def _casefold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


def _facets(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
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


def _filters(
    conn: sqlite3.Connection,
    outlet: str | None,
    speaker: str | None,
    date_from: str | None,
    date_to: str | None,
    only: set[str] | None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (over `comparison c`) and its parameters for the listing's filters, so
    SQLite filters, counts and pages the comparisons instead of Python reading every one."""
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


def count_comparisons(
    conn: sqlite3.Connection,
    *,
    outlet: str | None = None,
    speaker: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    only: set[str] | None = None,
) -> int:
    """How many comparisons `find_comparisons` would list with these filters and no limit."""
    where, params = _filters(conn, outlet, speaker, date_from, date_to, only)
    return conn.execute(f"SELECT count(*) FROM comparison c{where}", params).fetchone()[0]


def find_comparisons(
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
    page's comparisons are then read in full."""
    where, params = _filters(conn, outlet, speaker, date_from, date_to, only)
    rows = conn.execute(
        f"SELECT c.id, c.created FROM comparison c{where}"
        " ORDER BY c.created DESC, c.id LIMIT ? OFFSET ?",
        [*params, -1 if limit is None else limit, offset],
    ).fetchall()
    ids = [cid for cid, _ in rows]
    if not ids:
        return []
    with reading("the comparisons' list"):
        facets, counts = _facets(conn, ids), _counts(conn, ids)
    found = []
    for cid, created in rows:
        facet = facets[cid]
        dates = sorted(facet["dates"])
        found.append(
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
    return found


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


def resolve_comparison(conn: sqlite3.Connection, ref: str) -> str:
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


# ---------------------------------------------------------------------------------------------
# One person across every comparison; the comparisons an article is in
# ---------------------------------------------------------------------------------------------


def person_across_comparisons(conn: sqlite3.Connection, person_id: str) -> dict[str, Any]:
    """Everything said by one person across the store (person ids are content ids of the name,
    so the same person has the same id in every comparison and every article a corpus run
    analysed): their quotes grouped by outlet, with what each outlet calls them. A saved
    comparison's quote has its `comparison`; a corpus run's has None and its article's `sha`.
    KeyError when nothing stored knows them."""
    from newsparallax.analysis.people import person_id as person_id_of

    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    conn.create_function("np_person_id", 2, person_id_of, deterministic=True)
    names = cur.execute(
        "SELECT name, kind, comparison_id FROM person WHERE id = ? ORDER BY comparison_id",
        (person_id,),
    ).fetchall()
    corpus = has_tables(conn, "article_person", "article_quote")
    if corpus:
        # A full scan with a Python function: the run's tables keep names, not ids.
        names += cur.execute(
            "SELECT name, kind, NULL AS comparison_id FROM article_person"
            " WHERE np_person_id(kind, name) = ? LIMIT 1",
            (person_id,),
        ).fetchall()
    if not names:
        raise KeyError(person_id)
    evidence = quote_evidence(conn, "q")
    quotes = cur.execute(
        'SELECT q.comparison_id, q.id, q.kind, q.start, q."end", q.text,'
        f" {evidence}, q.mention_text, ca.label, coalesce(a.outlet, ca.label) AS outlet,"
        " a.title, a.date, a.id AS sha FROM quote q"
        " JOIN comparison_article ca ON ca.comparison_id = q.comparison_id"
        " AND ca.article_id = q.article_id JOIN article a ON a.id = q.article_id"
        " WHERE q.person_id = ? ORDER BY outlet, q.comparison_id, ca.label, q.position",
        (person_id,),
    ).fetchall()
    if corpus:
        quotes += cur.execute(
            'SELECT NULL AS comparison_id, NULL AS id, q.kind, q.start, q."end", q.text,'
            f" {evidence}, q.mention_text, a.label, coalesce(a.outlet, a.label) AS outlet,"
            " a.title, a.date, a.id AS sha"
            " FROM article_quote q JOIN article a ON a.id = q.article_id"
            " WHERE q.speaker IN (SELECT p.name FROM article_person p"
            " WHERE p.article_id = q.article_id AND np_person_id(p.kind, p.name) = ?)"
            " ORDER BY outlet, a.date, a.id, q.position",
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
                "comparison": r["comparison_id"],
                "quote": r["id"],
                "sha": r["sha"],
                "article": r["label"],
                "title": r["title"],
                "date": r["date"],
                "kind": r["kind"],
                "start": r["start"],
                "end": r["end"],
                "text": r["text"],
                "how": r["how"],
                "confidence": r["confidence"],
                "mention": r["mention_text"],
            }
        )
    seen: set[tuple[str, str, str]] = set()
    for r in descriptors:
        key = (r["outlet"], r["kind"], r["text"])
        if key not in seen:  # the same descriptor in every comparison of one article: once
            seen.add(key)
            outlets[r["outlet"]]["descriptors"].append(
                {
                    "comparison": r["comparison_id"],
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
        "comparisons": sorted({r["comparison_id"] for r in names if r["comparison_id"]}),
        "quotes": len(quotes),
        "outlets": list(outlets.values()),
    }


def labels_by_article(conn: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    """Article id → (comparison id, label) of every comparison it is in."""
    found: dict[str, list[tuple[str, str]]] = {}
    for sha, cid, label in conn.execute(
        "SELECT article_id, comparison_id, label FROM comparison_article"
    ):
        found.setdefault(sha, []).append((cid, label))
    return found
