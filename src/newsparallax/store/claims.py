"""The claim map, the framing of cues and the prominence of voices in the store (schema version
5): one comparison's statements with their claim group and "only" flag, the differences between
renderings, each article's "left out" groups and the map's notes; each quote's cue verb and
frame; and, across the whole store, each outlet's shares of frames, named sources and direct
speech.

Written and read by `store.comparisons` inside its own transaction, keyed like every derived row
by `(comparison_id, ...)`, so a re-saved comparison replaces them wholesale.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any, Protocol

from newsparallax.analysis.framing import Shares, count_quote
from newsparallax.model import ClaimDifference, ClaimMap, Comparison, CueFrame, Span, Statement
from newsparallax.store.schema import has_tables, json_text, rows


class Labels(Protocol):
    sha: dict[str, str]
    label: dict[str, str]

    def __getitem__(self, label: str) -> str: ...


def write_claims(
    conn: sqlite3.Connection, cid: str, comparison: Comparison, labels: Labels
) -> None:
    claims = comparison.claims
    conn.executemany(
        'INSERT INTO statement (comparison_id, id, position, article_id, start, "end", text,'
        " claim_group, only) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (cid, s.id, n, labels[s.article], s.start, s.end, s.text, s.group, int(s.only))
            for n, s in enumerate(claims.statements)
        ],
    )
    conn.executemany(
        "INSERT INTO claim_difference (comparison_id, id, position, kind, a, b, a_start, a_end,"
        " a_text, b_start, b_end, b_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (cid, d.id, n, d.kind, d.a, d.b, d.a_span.start, d.a_span.end, d.a_span.text,
             d.b_span.start, d.b_span.end, d.b_span.text)
            for n, d in enumerate(claims.differences)
        ],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO left_out (comparison_id, article_id, position, claim_group)"
        " VALUES (?, ?, ?, ?)",
        [
            (cid, labels[label], n, group)
            for label, groups in claims.left_out.items()
            for n, group in enumerate(groups)
        ],
    )
    conn.execute(
        "UPDATE comparison SET claim_notes = ?, left_out_articles = ? WHERE id = ?",
        (json_text(list(claims.notes)), json_text([labels[a] for a in claims.left_out]), cid),
    )
    conn.executemany(
        "INSERT INTO cue_frame (comparison_id, quote_id, position, verb, frame)"
        " VALUES (?, ?, ?, ?, ?)",
        [(cid, f.quote, n, f.verb, f.frame) for n, f in enumerate(comparison.framing)],
    )


def load_claims(conn: sqlite3.Connection, cid: str, labels: Labels) -> ClaimMap:
    if not has_tables(conn, "statement"):
        return ClaimMap()  # a read-only store of an older schema
    statements = tuple(
        Statement(
            r["id"], labels.label[r["article_id"]], r["start"], r["end"], r["text"],
            r["claim_group"], bool(r["only"]),
        )
        for r in rows(conn, "SELECT * FROM statement WHERE comparison_id = ? ORDER BY position",
                      (cid,))
    )  # fmt: skip
    differences = tuple(
        ClaimDifference(
            r["id"], r["kind"], r["a"], r["b"],
            Span(r["a_start"], r["a_end"], r["a_text"]),
            Span(r["b_start"], r["b_end"], r["b_text"]),
        )
        for r in rows(
            conn, "SELECT * FROM claim_difference WHERE comparison_id = ? ORDER BY position", (cid,)
        )
    )  # fmt: skip
    notes, articles = conn.execute(
        "SELECT claim_notes, left_out_articles FROM comparison WHERE id = ?", (cid,)
    ).fetchone()
    left_out: dict[str, list[str]] = {labels.label[sha]: [] for sha in json.loads(articles)}
    for r in rows(conn, "SELECT * FROM left_out WHERE comparison_id = ? ORDER BY position", (cid,)):
        left_out[labels.label[r["article_id"]]].append(r["claim_group"])
    return ClaimMap(
        statements=statements,
        differences=differences,
        left_out={label: tuple(groups) for label, groups in left_out.items()},
        notes=tuple(json.loads(notes)),
    )


def load_framing(conn: sqlite3.Connection, cid: str) -> tuple[CueFrame, ...]:
    if not has_tables(conn, "cue_frame"):
        return ()
    return tuple(
        CueFrame(r["quote_id"], r["verb"], r["frame"])
        for r in rows(
            conn, "SELECT * FROM cue_frame WHERE comparison_id = ? ORDER BY position", (cid,)
        )
    )


def framing_by_outlet(conn: sqlite3.Connection) -> dict[str, Shares]:
    """Each outlet's shares over the whole store: every stored quote counted once, however many
    comparisons hold its article (the first comparison's reading of it)."""
    if not has_tables(conn, "cue_frame"):
        return {}
    out: dict[str, Shares] = defaultdict(Shares)
    seen: set[tuple[str, int, int]] = set()
    for r in rows(
        conn,
        'SELECT coalesce(a.outlet, ca.label) AS outlet, q.article_id, q.start, q."end", q.kind,'
        " q.person_id, f.frame FROM quote q"
        " JOIN comparison_article ca ON ca.comparison_id = q.comparison_id"
        " AND ca.article_id = q.article_id"
        " JOIN article a ON a.id = q.article_id"
        " JOIN comparison c ON c.id = q.comparison_id"
        " LEFT JOIN cue_frame f ON f.comparison_id = q.comparison_id AND f.quote_id = q.id"
        " ORDER BY c.created, c.id, q.position",
    ):
        key = (r["article_id"], r["start"], r["end"])
        if key in seen:
            continue
        seen.add(key)
        count_quote(out[r["outlet"]], r["kind"], r["person_id"] is not None, r["frame"])
    return dict(sorted(out.items()))


def shares_table(shares: dict[str, Shares]) -> list[dict[str, Any]]:
    """Rows for a table or JSON: outlet, counts, and each share in percent."""
    return [{"outlet": outlet, **s.as_dict()} for outlet, s in shares.items()]
