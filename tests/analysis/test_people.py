"""One person across articles (no model needed: local people are built by hand)."""

from __future__ import annotations

import pytest

from newsparallax.analysis.people import build_people
from newsparallax.analysis.speakers import LocalPerson
from newsparallax.model import Quote


def local(
    article: str, name: str, kind: str = "person", aliases: tuple[str, ...] = ()
) -> LocalPerson:
    return LocalPerson(article, name, kind, aliases, None, (), (), ())


def said(article: str, speaker: str) -> Quote:
    return Quote(f"{article}-{speaker}", article, "direct", 0, 4, "Word", speaker=speaker)


@pytest.mark.parametrize(
    ("names", "people"),
    [
        ([("a", "Jerry Dyer"), ("b", "Jerry Dyer")], [["Jerry Dyer"]]),
        ([("a", "Jerry Dyer"), ("b", "Dyer")], [["Jerry Dyer"]]),  # surname joins the full name
        (
            [("a", "Jerry Dyer"), ("b", "Sandra Dyer"), ("c", "Dyer")],
            [["Jerry Dyer"], ["Sandra Dyer"], ["Dyer"]],
        ),
        ([("a", "Ana Ruiz"), ("b", "Tom Hale")], [["Ana Ruiz"], ["Tom Hale"]]),
        ([("a", "José Núñez"), ("b", "Jose Nunez")], [["José Núñez"]]),  # accents
        # without the middle name, or its initial: one person, and the surname joins them
        (
            [("a", "Sally Quillian Yates"), ("b", "Sally Yates"), ("c", "Yates")],
            [["Sally Quillian Yates"]],
        ),
        ([("a", "Loretta E. Lynch"), ("b", "Loretta Lynch")], [["Loretta E. Lynch"]]),
        ([("a", "Douglas Holtz-Eakin"), ("b", "Holtz-Eakin")], [["Douglas Holtz-Eakin"]]),
        (  # the short form could be either
            [("a", "George Herbert Bush"), ("b", "George Walker Bush"), ("c", "George Bush")],
            [["George Herbert Bush"], ["George Walker Bush"], ["George Bush"]],
        ),
    ],
)
def test_people_across_articles(names, people):
    found, _ = build_people([local(a, n) for a, n in names], ())
    assert sorted([p.name] for p in found) == sorted(people)


def test_organisations_join_when_one_name_contains_the_other():
    locals_ = [
        local("a", "Fresno police", "organisation"),
        local("b", "Fresno Police Department", "organisation"),
    ]
    quotes = (said("a", "Fresno police"), said("b", "Fresno Police Department"))
    people, linked = build_people(locals_, quotes)
    assert [p.name for p in people] == ["Fresno Police Department"]
    assert {q.speaker_id for q in linked} == {people[0].id}


def test_organisations_that_never_speak_are_not_listed():
    people, _ = build_people([local("a", "Trump administration", "organisation")], ())
    assert people == ()


def test_quotes_point_at_one_person_id():
    locals_ = [local("a", "Jerry Dyer", aliases=("Mayor Dyer",)), local("b", "Dyer")]
    people, linked = build_people(locals_, (said("a", "Jerry Dyer"), said("b", "Dyer")))
    [person] = people
    assert {q.speaker_id for q in linked} == {person.id}
    assert {q.speaker for q in linked} == {"Jerry Dyer"}
    assert set(person.aliases) == {"Mayor Dyer", "Dyer"}


def test_ids_are_stable():
    first, _ = build_people([local("a", "Jerry Dyer")], ())
    again, _ = build_people([local("z", "Jerry Dyer")], ())
    assert first[0].id == again[0].id
