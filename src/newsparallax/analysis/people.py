"""People: one record per person or organisation across every compared article.

Within an article, `analysis.speakers` already joined "Dyer" and "Mayor Dyer" to "Jerry Dyer".
Across articles the same full name is one person, so is a name given without the middle name another
outlet gives ("Sally Yates", "Sally Quillian Yates"), and a name one outlet gives only as a
surname joins the one full name other outlets give with that surname. Organisations join when
one name's words contain the other's ("Fresno police" and "the Fresno Police Department").
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import replace

from newsparallax.analysis.speakers import LocalPerson
from newsparallax.model import Descriptor, Mention, Person, Quote, content_id


def build_people(
    locals_: list[LocalPerson], quotes: tuple[Quote, ...]
) -> tuple[tuple[Person, ...], tuple[Quote, ...]]:
    """Merge each article's people into one list and point every quote at its person."""
    speakers = {(q.article, q.speaker) for q in quotes if q.speaker}
    people: list[Person] = []
    owner: dict[tuple[str, str], Person] = {}
    for members in _group(locals_):
        speaks = any((m.article, m.name) in speakers for m in members)
        if members[0].kind == "organisation" and not speaks:
            continue  # organisations are listed as voices, not as everything a story names
        person = _merge(members)
        people.append(person)
        for member in members:
            owner[(member.article, member.name)] = person
    linked = tuple(
        replace(
            q,
            speaker=owner[(q.article, q.speaker)].name,
            speaker_id=owner[(q.article, q.speaker)].id,
        )
        if (q.article, q.speaker) in owner
        else q
        for q in quotes
    )
    return tuple(people), linked


def person_id(kind: str, name: str) -> str:
    """A person's id: a content id of the kind and the name's plain words, so the same person
    has the same id in every comparison, and in every article a corpus run analysed."""
    return content_id(kind, " ".join(_words(name)), length=12)


def _words(name: str) -> list[str]:
    """Lowercased plain words, initials dropped; "Holtz-Eakin" is one word."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return [
        w
        for w in plain.lower().replace("’s", "").replace("'s", "").replace("-", "").split()
        if w.isalnum() or w.isalpha()
    ]


def _group(locals_: list[LocalPerson]) -> list[list[LocalPerson]]:
    """Union-find over the rules in the module docstring; full names anchor the groups."""
    parent = list(range(len(locals_)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    by_name: dict[tuple[str, tuple[str, ...]], int] = {}
    for i, p in enumerate(locals_):
        key = (p.kind, tuple(_words(p.name)))
        if key in by_name:
            union(i, by_name[key])
        else:
            by_name[key] = i
    full_names = {words for kind, words in by_name if kind == "person" and len(words) >= 2}
    surnames: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for words in full_names:
        fuller = _fuller(words, full_names)
        if fuller is not None:  # "Sally Yates" is "Sally Quillian Yates"
            union(by_name[("person", words)], by_name[("person", fuller)])
        else:
            surnames[words[-1]].add(words)
    for i, p in enumerate(locals_):
        words = tuple(_words(p.name))
        if p.kind == "person" and len(words) == 1 and len(surnames.get(words[0], ())) == 1:
            full = next(iter(surnames[words[0]]))
            union(i, by_name[("person", full)])
        elif p.kind == "organisation":
            for (kind, other), j in by_name.items():
                if kind == "organisation" and other != words and _contains(other, words):
                    union(i, j)
    groups: dict[int, list[LocalPerson]] = defaultdict(list)
    for i, p in enumerate(locals_):
        groups[find(i)].append(p)
    return list(groups.values())


def _fuller(words: tuple[str, ...], names: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The one fuller name `words` is short for: the same first and last name with middle names
    added. None when there is none, or when two could be meant ("George Bush" beside "George
    Herbert Bush" and "George Walker Bush")."""
    longer = {n for n in names if _shorter_form(words, n)}
    fullest = [n for n in longer if not any(_shorter_form(n, m) for m in longer)]
    return fullest[0] if len(fullest) == 1 else None


def _shorter_form(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return (
        len(short) < len(long)
        and short[0] == long[0]
        and short[-1] == long[-1]
        and set(short[1:-1]) <= set(long[1:-1])
    )


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    stripped = tuple(w for w in shorter if w not in ("the", "a", "an"))
    return len(stripped) >= 2 and set(stripped) <= set(longer)


def _merge(members: list[LocalPerson]) -> Person:
    """The longest full name is canonical; everything else any article called them is an alias."""
    name = max((m.name for m in members), key=lambda n: (len(n.split()), len(n)))
    if members[0].kind == "organisation":  # the name used most, then the fullest
        counts: dict[str, int] = {}
        for m in members:
            counts[m.name] = counts.get(m.name, 0) + len(m.mentions)
        name = max(counts, key=lambda n: (counts[n], len(n)))
    kind = members[0].kind
    aliases: dict[str, None] = {}
    descriptors: dict[tuple[str, str, str], Descriptor] = {}
    mentions: dict[tuple[str, int, int], Mention] = {}
    for m in members:
        for alias in (m.name, *m.aliases):
            if alias != name:
                aliases.setdefault(alias, None)
        for d in m.descriptors:
            descriptors.setdefault((d.article, d.kind, d.text), d)
        for x in m.mentions:
            mentions.setdefault((x.article, x.start, x.end), x)
    return Person(
        id=person_id(kind, name),
        name=name,
        kind=kind,
        aliases=tuple(aliases),
        descriptors=tuple(descriptors.values()),
        mentions=tuple(mentions.values()),
    )
