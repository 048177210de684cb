"""Coverage: whose voices each article carries, and whose voices only one article has.

A voice is a person or organisation quoted or paraphrased (any quote kind) with a resolved
speaker; unresolved groups ("several mayors") are not voices anyone could be missing, and a
belief ("he believes the agency should pull back") is the reporter's reading, not a voice.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsparallax.model import Article, Coverage, Quote

# What someone believes or a study finds is attributed to them, but it is not their voice.
NOT_VOICED = frozenset({"belief", "finding"})


def voices_by_article(articles: Sequence[Article], quotes: Sequence[Quote]) -> Coverage:
    voices: dict[str, list[str]] = {a.id: [] for a in articles}
    for quote in sorted(quotes, key=lambda q: (q.article, q.start)):
        if quote.cue_kind in NOT_VOICED:
            continue
        if quote.speaker_id and quote.speaker_id not in voices[quote.article]:
            voices[quote.article].append(quote.speaker_id)
    carried_by: dict[str, set[str]] = {}
    for article, ids in voices.items():
        for person in ids:
            carried_by.setdefault(person, set()).add(article)
    exclusive = (
        {a: tuple(p for p in ids if len(carried_by[p]) == 1) for a, ids in voices.items()}
        if len(articles) > 1
        else {a.id: () for a in articles}
    )
    shared = tuple(p for p, arts in carried_by.items() if len(arts) > 1)
    return Coverage(
        voices={a: tuple(ids) for a, ids in voices.items()},
        exclusive=exclusive,
        shared=shared,
    )
