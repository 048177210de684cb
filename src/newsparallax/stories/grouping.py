"""Grouping over a store: every stored article put into a story, online, the decisions kept.

The index (`stories.index`) is rebuilt from the stored decisions, replayed in their order with
nothing re-decided, then each new article is decided in arrival order; what the grouper reads
of each text is stored once (`story_tokens`) and replayed after. The SQL is `store.stories`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from newsparallax.store import stories as stored
from newsparallax.stories.features import (
    StoryDoc,
    StoryOptions,
    Tokens,
    tokens_key,
    tokens_of,
    visible_text,
)
from newsparallax.stories.index import Assignment, StoryIndex, current


@dataclass(frozen=True)
class StoryRun:
    """What one `assign_stories` did."""

    assigned: tuple[Assignment, ...]  # decisions made in this run, in order
    n_articles: int  # stored articles, all of them now in a story
    n_stories: int  # live stories (merged-away ones not counted)
    split_off: tuple[str, ...] = ()  # stories cut out of a story found to hold two events
    n_moved: int = 0  # articles stored by earlier runs that such a cut moved


def assign_stories(
    conn: sqlite3.Connection, options: StoryOptions | None = None, *, rebuild: bool = False
) -> StoryRun:
    """Put every stored article without a story into one, online: the index is rebuilt from
    the stored decisions (replayed in their order, nothing re-decided), then each new article is
    decided in arrival order. A story that grows may be split in two (`StoryOptions.split_ratio`),
    which moves earlier articles, stored ones too, into the new story. `rebuild` forgets every
    decision but the user's pins and decides all articles again."""
    if rebuild:
        stored.forget_decisions(conn)
    known = stored.decisions(conn)
    pins = stored.pins(conn)
    options = options or StoryOptions()
    key = tokens_key(options)
    docs = [
        StoryDoc(id=i, text=visible_text(text, dropped), title=title, date=date)
        for i, title, date, text, dropped in stored.articles_to_group(conn, key)
    ]
    by_id = {d.id: d for d in docs}
    kept = {a: Tokens.from_json(t) for a, t in stored.stored_tokens(conn, key).items()}
    fresh = {d.id: tokens_of(d, options) for d in docs if d.id not in kept}
    tokens = kept | fresh
    index = StoryIndex(options)
    for article_id, (story, copy, original) in known.items():
        if article_id in by_id:
            index.place(
                by_id[article_id],
                story,
                copy=copy,
                tokens=tokens[article_id],
                duplicate_of=original,
                pinned=article_id in pins,
            )
    copies = stored.duplicate_groups(conn)
    decided = [
        index.add(d, pins.get(d.id), copies.get(d.id), tokens[d.id])
        for d in docs
        if d.id not in known
    ]
    decided = [current(a, index) for a in decided]
    moved = [
        (index.story_of[a], a) for a, (s, *_) in known.items() if index.story_of.get(a, s) != s
    ]
    live = stored.record_decisions(
        conn,
        tokens=[(a, key, t.to_json()) for a, t in fresh.items()],
        split_off=list(index.split_off.items()),
        moved=moved,
        decided=[(a.doc, a.story, a.how, round(a.score, 6), a.duplicate_of) for a in decided],
    )
    return StoryRun(tuple(decided), len(docs), live, tuple(index.split_off), len(moved))
