"""Coverage: whose voices each article carries, whose voices only one article has, and how
prominently each article gives each voice (where it first appears, how many words it gets).

A voice is a person or organisation quoted or paraphrased (any quote kind) with a resolved
speaker; unresolved groups ("several mayors") are not voices anyone could be missing, and a
belief ("he believes the agency should pull back") is the reporter's reading, not a voice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsparallax.model import Article, Coverage, Person, Position, Prominence, Quote

# What someone believes or a study finds is attributed to them, but it is not their voice.
NOT_VOICED = frozenset({"belief", "finding"})


def voices_by_article(
    articles: Sequence[Article], quotes: Sequence[Quote], people: Sequence[Person] = ()
) -> Coverage:
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
        prominence=prominence(articles, quotes, people, voices),
    )


_WORD = re.compile(r"[^\W_]+")


def prominence(
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    people: Sequence[Person],
    voices: dict[str, list[str]],
) -> tuple[Prominence, ...]:
    """Per article and voice: where the voice first appears (a mention of the person or one of
    their quotes) and how many words of their quotes the article carries."""
    by_id = {p.id: p for p in people}
    out = []
    for article in articles:
        head, lead, third = _sections(article)
        for person_id in voices[article.id]:
            own = [q for q in quotes if q.article == article.id and q.speaker_id == person_id]
            person = by_id.get(person_id)
            starts = [q.start for q in own]
            if person is not None:
                starts += [m.start for m in person.mentions if m.article == article.id]
            first = min(starts) if starts else None
            position: Position
            if (person is not None and _in_title(article, person)) or (
                first is not None and first < head
            ):
                position = "headline"
            elif first is not None and first < lead:
                position = "lead"
            elif first is not None and first < third:
                position = "first third"
            else:
                position = "later"
            words = sum(len(_WORD.findall(q.text)) for q in own if q.cue_kind not in NOT_VOICED)
            out.append(Prominence(article.id, person_id, position, first, words))
    return tuple(out)


def _sections(article: Article) -> tuple[int, int, int]:
    """Where the headline, the lead paragraph and the first third of the body end: the headline
    is the text's first line when it is the article's title; the lead, the first paragraph
    after it that is not clutter."""
    text = article.text
    head = 0
    stripped = text.lstrip()
    if article.title and stripped.startswith(article.title):
        head = len(text) - len(stripped) + len(article.title)
    lead = head
    for paragraph in re.finditer(r"[^\n]+", text[head:]):
        start, end = head + paragraph.start(), head + paragraph.end()
        if paragraph.group().strip() and not article.is_dropped(start, end):
            lead = end
            break
    return head, lead, head + (len(text) - head) // 3


def _in_title(article: Article, person: Person) -> bool:
    """The title names the person (by their last name) when it is not part of the text."""
    title = article.title or ""
    if not title or article.text.lstrip().startswith(title):
        return False
    words = {w.lower() for w in _WORD.findall(title)}
    names = [person.name, *person.aliases]
    return any(_WORD.findall(n) and _WORD.findall(n)[-1].lower() in words for n in names)
