"""The JSON interchange format, `newsparallax/1` (documented field by field in docs/json-format.md).

The acceptance fields come first in each object, exactly as the format names them; everything
after them is a superset for tools that want the whole analysis. Keys keep insertion order
(never sorted) so the same comparison always serialises to the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from newsparallax.analysis.framing import aligned_frames, outlet_shares
from newsparallax.model import (
    AlignedPair,
    Alignment,
    Article,
    Comparison,
    Descriptor,
    DiffOp,
    Discrepancy,
    Person,
    Quote,
    Span,
)
from newsparallax.report.common import article_keys, person_name

FORMAT_VERSION = "newsparallax/1"


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _article(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "outlet": a.outlet,
        "dropped": [[d.start, d.end] for d in a.dropped],
        "title": a.title,
        "authors": list(a.authors),
        "date": a.date,
        "place": a.place,
        "source": a.source,
        "sha": a.sha,
        "length": len(a.text),
        "dateline": _span(a.dateline),
        "dropped_detail": [{"start": d.start, "end": d.end, "reason": d.reason} for d in a.dropped],
    }


def _quote(q: Quote) -> dict[str, Any]:
    return {
        "id": q.id,
        "article": q.article,
        "kind": q.kind,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "speaker": q.speaker,
        "speaker_id": q.speaker_id,
        "cue": _span(q.cue),
        "mention": _span(q.mention),
        "how": q.how,
        "confidence": q.confidence,
        "cue_kind": q.cue_kind,
        "quoted": [_span(s) for s in q.quoted],
    }


def _descriptor(d: Descriptor) -> dict[str, Any]:
    return {"article": d.article, "kind": d.kind, "text": d.text, "start": d.start, "end": d.end}


def _person(c: Comparison, p: Person) -> dict[str, Any]:
    by_article = {d.article: [x.text for x in p.descriptors_in(d.article)] for d in p.descriptors}
    return {
        "id": p.id,
        "name": p.name,
        "aliases": list(p.aliases),
        "descriptors": {aid: by_article[aid] for aid in article_keys(c, by_article)},
        "kind": p.kind,
        "descriptor_spans": [_descriptor(d) for d in p.descriptors],
        "mentions": [
            {"article": m.article, "start": m.start, "end": m.end, "text": m.text}
            for m in p.mentions
        ],
    }


def _op(op: DiffOp) -> dict[str, Any]:
    return {
        "op": op.op,
        "a_text": op.a_text,
        "b_text": op.b_text,
        "a_start": op.a_start,
        "a_end": op.a_end,
        "b_start": op.b_start,
        "b_end": op.b_end,
    }


def _pair(p: AlignedPair) -> dict[str, Any]:
    return {
        "a": list(p.a),
        "b": list(p.b),
        "relation": p.relation,
        "similarity": p.similarity,
        "diff": [_op(op) for op in p.diff],
    }


def _alignment(c: Comparison, al: Alignment) -> dict[str, Any]:
    return {
        "quotes": list(al.quotes),
        "relation": al.relation,
        "id": al.id,
        "scope": "group",
        "speaker_id": al.speaker_id,
        "speaker": person_name(c, al.speaker_id),
        "pairs": [_pair(p) for p in al.pairs],
    }


def _alignments(c: Comparison) -> list[dict[str, Any]]:
    """Every group, and for a group spanning three or more articles each pair of articles on
    its own too (`"scope": "pair"`): a group's relation is its most altered pair's, and a reader
    comparing two outlets wants the relation between those two."""
    out = []
    for al in c.alignments:
        out.append(_alignment(c, al))
        if len(al.pairs) > 1:
            for n, pair in enumerate(al.pairs, 1):
                out.append(
                    {
                        "quotes": [*pair.a, *pair.b],
                        "relation": pair.relation,
                        "id": f"{al.id}/{n}",
                        "scope": "pair",
                        "group": al.id,
                        "speaker_id": al.speaker_id,
                        "speaker": person_name(c, al.speaker_id),
                        "pairs": [_pair(pair)],
                    }
                )
    return out


def _discrepancy(c: Comparison, d: Discrepancy) -> dict[str, Any]:
    return {
        "about": d.about,
        "topic": d.topic,
        "values": {aid: d.values[aid] for aid in article_keys(c, d.values)},
        "id": d.id,
        "person_id": d.person_id,
        "spans": {aid: _span(d.spans[aid]) for aid in article_keys(c, d.spans)},
    }


def _per_article(c: Comparison, mapping: dict[str, tuple[str, ...]], every: bool) -> dict:
    """Per-article person-id lists in article order; `every` lists articles with none, too."""
    keys = article_keys(c, set(mapping) | ({a.id for a in c.articles} if every else set()))
    return {aid: list(mapping.get(aid, ())) for aid in keys}


def _claims(c: Comparison) -> dict[str, Any]:
    claims = c.claims
    return {
        "statements": [
            {
                "id": s.id,
                "article": s.article,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "group": s.group,
                "only": s.only,
            }
            for s in claims.statements
        ],
        "differences": [
            {
                "id": d.id,
                "kind": d.kind,
                "a": d.a,
                "b": d.b,
                "a_span": _span(d.a_span),
                "b_span": _span(d.b_span),
            }
            for d in claims.differences
        ],
        "left_out": {aid: list(claims.left_out[aid]) for aid in article_keys(c, claims.left_out)},
        "notes": list(claims.notes),
    }


def _framing(c: Comparison) -> dict[str, Any]:
    return {
        "cues": [{"quote": f.quote, "verb": f.verb, "frame": f.frame} for f in c.framing],
        "aligned": [
            {
                "alignment": item.alignment,
                "changed": item.changed,
                "renderings": [
                    {"article": r.article, "quote": r.quote, "verb": r.verb, "frame": r.frame}
                    for r in item.renderings
                ],
            }
            for item in aligned_frames(c)
        ],
        "outlets": {aid: shares.as_dict() for aid, shares in outlet_shares(c).items()},
    }


def to_dict(comparison: Comparison) -> dict[str, Any]:
    """The whole comparison as plain JSON-ready data."""
    c = comparison
    voice_ids = _per_article(c, c.coverage.voices, every=True)
    return {
        "format": FORMAT_VERSION,
        "id": c.id,
        "articles": [_article(a) for a in c.articles],
        "quotes": [_quote(q) for q in c.quotes],
        "people": [_person(c, p) for p in c.people],
        "alignments": _alignments(c),
        "voices": {
            aid: [person_name(c, pid) or pid for pid in ids] for aid, ids in voice_ids.items()
        },
        "discrepancies": [_discrepancy(c, d) for d in c.discrepancies],
        "coverage": {
            "voices": voice_ids,
            "exclusive": _per_article(c, c.coverage.exclusive, every=False),
            "shared": list(c.coverage.shared),
            "prominence": [
                {
                    "article": p.article,
                    "person": p.person,
                    "first": p.first,
                    "offset": p.offset,
                    "words": p.words,
                }
                for p in c.coverage.prominence
            ],
        },
        "claims": _claims(c),
        "framing": _framing(c),
    }


def render_json(comparison: Comparison) -> str:
    """UTF-8-friendly, indented, newline-terminated: diffable and readable as well as parseable."""
    return json.dumps(to_dict(comparison), ensure_ascii=False, indent=2) + "\n"
