"""Stories: the online grouper, its features, the metrics, the store and the commands.

The articles are invented for these tests: a footbridge collapse in the fictional town of
Harwick, a similar collapse a year later in Dunmore (same kind of event, other people and place:
it must stay apart), a school budget vote in Millbrook, and two floods of the river at Harwick
five years apart (same kind, same town, same fire chief: the years they mention keep them apart).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsparallax.cli import app
from newsparallax.evaluate.stories_eval import (
    average_link_merges,
    baseline,
    cut,
    read_allsides,
    read_ecbplus,
    score_clustering,
)
from newsparallax.model import Article
from newsparallax.reading.text import article_from_text
from newsparallax.store.comparisons import save_comparison
from newsparallax.store.schema import open_store
from newsparallax.store.stories import (
    StoryError,
    list_stories,
    merge_stories,
    resolve_story,
    split_story,
    story_articles,
)
from newsparallax.stories.features import (
    StoryDoc,
    StoryOptions,
    cheap_entities,
    parse_day,
    stated_year,
    words,
)
from newsparallax.stories.grouping import assign_stories
from newsparallax.stories.index import StoryIndex, group, story_id_for

HARWICK_1 = """Footbridge collapses over the Lune in Harwick, injuring four

HARWICK — A wooden footbridge over the River Lune collapsed on Saturday morning while a group
of walkers was crossing it, injuring four people, Harwick fire chief Moira Castellane said.
The 1920s footbridge had been closed for inspection last spring and reopened in June.
Castellane said two of the injured were taken to Lune Valley Hospital with broken legs.
"""

HARWICK_2 = """Four hurt as Harwick footbridge gives way

Four walkers were hurt when the old Lune footbridge in Harwick gave way beneath them on
Saturday, fire chief Moira Castellane told reporters. Two of them were treated at Lune Valley
Hospital. Councillor Ravi Dempster said the council would ask why the footbridge reopened in June
after its inspection.
"""

HARWICK_3 = """Harwick asks engineers to explain footbridge collapse

Harwick council has asked the engineers who inspected the Lune footbridge to explain how it
collapsed on Saturday, four months after they passed it. Councillor Ravi Dempster said the
inspection report would be published. Fire chief Moira Castellane said the four injured walkers
were recovering.
"""

DUNMORE = """Dunmore footbridge collapses, two injured

DUNMORE — A steel footbridge over the Avon canal in Dunmore collapsed on Tuesday as two cyclists
were crossing, police sergeant Tobias Whelan said. Both cyclists were taken to St Bride's
Infirmary. The footbridge was built in 1968 and was due for inspection this year, Mayor Greta
Lindqvist said.
"""

MILLBROOK = """Millbrook school board approves budget

MILLBROOK — The Millbrook school board voted 5-2 on Tuesday to approve a $41 million budget that
adds four teachers and closes the Elm Street annex, board president Hal Ferrante said. Parents
who packed the meeting asked the board to keep the annex open until June.
"""

# A wire copy of HARWICK_1 under another headline, with a credit line added.
HARWICK_COPY = (
    HARWICK_1.replace(
        "Footbridge collapses over the Lune in Harwick, injuring four", "Bridge falls in Harwick"
    )
    + "\nThe Associated Press contributed to this report.\n"
)


FLOOD = """River Lune floods Harwick high street

HARWICK — The River Lune burst its banks in Harwick on Sunday night, flooding forty shops on the
high street, fire chief Moira Castellane said. It was the worst flood in the town since 1968, she
said. Councillor Ravi Dempster said the council would ask for flood defences in its 2019 budget.
"""

FLOOD_2 = """Harwick shops count the cost of the Lune flood

Shopkeepers on Harwick high street were clearing mud on Monday after the River Lune flooded forty
shops, fire chief Moira Castellane said. Councillor Ravi Dempster said the 2019 budget must pay
for flood defences.
"""

# The same flood, no year mentioned: nothing to conflict with.
FLOOD_3 = """Harwick high street reopens after the Lune flood

Harwick high street reopened on Wednesday after the River Lune flood, and thirty of the forty
flooded shops were trading again, Councillor Ravi Dempster said.
"""

# Another flood five years on, recalling the first.
FLOOD_LATER = """Riverside estate flooded in Harwick

HARWICK — Sixty homes on the Riverside estate in Harwick were flooded on Thursday when the Lune
rose overnight, five years after the 2019 flood, and firefighters carried elderly residents to a
rest centre, fire chief Moira Castellane said. Residents asked why the estate had no pumps in
2024.
"""


def doc(id: str, text: str, date: str | None = None) -> StoryDoc:
    title, _, body = text.partition("\n\n")
    return StoryDoc(id=id, text=body, title=title, date=date)


# ---------------------------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor's statements about rehab centers", ["mayor", "statement", "rehab", "center"]),
        ("It was 42 and they said no.", []),
        ("", []),
        ("Harwick’s bridges", ["harwick", "bridge"]),
    ],
)
def test_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A full name gives the name and the surname; a title before it is not part of it.
        ("Fire chief said President Joe Biden spoke.", {"joe biden", "biden"}),
        # A capitalised word that only ever opens a sentence is not a name ...
        ("Officials met. Later they left.", set()),
        # ... but one also written mid-sentence is.
        ("Castellane spoke. Then Castellane left.", {"castellane"}),
        ("Lune Valley Hospital's staff", {"lune valley hospital", "hospital"}),
        ("On Saturday in March nothing happened.", set()),
        ("", set()),
    ],
)
def test_cheap_entities(text, expected):
    assert set(cheap_entities(text)) == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("1970-01-02", 1.0),
        ("1970-01-02T12:00:00+00:00", 1.5),
        ("1970-01-02T12:00:00Z", 1.5),
        ("1970-01-02T05:00:00-07:00", 1.5),
        ("yesterday", None),
        (None, None),
        ("", None),
    ],
)
def test_parse_day(date, expected):
    assert parse_day(date) == expected


# ---------------------------------------------------------------------------------------------
# The grouper
# ---------------------------------------------------------------------------------------------


def test_same_event_joins_similar_event_stays_apart():
    stream = [
        doc("h1", HARWICK_1),
        doc("m", MILLBROOK),
        doc("d", DUNMORE),
        doc("h2", HARWICK_2),
        doc("h3", HARWICK_3),
    ]
    story = {a.doc: a.story for a in group(stream)}
    assert story["h1"] == story["h2"] == story["h3"]
    assert len({story["h1"], story["d"], story["m"]}) == 3
    assert story["h1"] == story_id_for("h1")  # the founder names the story


def test_ids_are_stable_across_runs():
    stream = [doc("h1", HARWICK_1), doc("m", MILLBROOK), doc("h2", HARWICK_2)]
    assert group(stream) == group(stream)


def test_wire_copy_is_collapsed_and_leaves_the_centroid_alone():
    index = StoryIndex()
    index.add(doc("h1", HARWICK_1))
    before = dict(index.stories[story_id_for("h1")].terms)
    copy = index.add(doc("copy", HARWICK_COPY))
    assert (copy.how, copy.duplicate_of, copy.story) == ("duplicate", "h1", story_id_for("h1"))
    assert index.stories[story_id_for("h1")].terms == before
    assert index.n_docs == 1


def test_known_copy_from_the_ingest_is_trusted():
    index = StoryIndex()
    index.add(doc("h1", HARWICK_1))
    assert index.add(doc("x", MILLBROOK), copy_of="h1").how == "duplicate"


@pytest.mark.parametrize(
    ("second_date", "together"),
    [
        ("2024-05-04T18:00:00+00:00", True),  # the same day
        ("2024-05-06T09:00:00+00:00", True),  # two days on
        ("2024-08-04T09:00:00+00:00", False),  # three months on: another story
        (None, True),  # no date: words and names decide
    ],
)
def test_time_window(second_date, together):
    first = doc("h1", HARWICK_1, "2024-05-04T09:00:00+00:00")
    second = doc("h2", HARWICK_2, second_date)
    story = {a.doc: a.story for a in group([first, second])}
    assert (story["h1"] == story["h2"]) is together


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The flood of 2019 was worse than the one in 1968.", 2019),
        ("Sixty homes flooded in 2024, five years after the 2019 flood.", 2024),
        ("The 1920s footbridge replaced one built in 1899.", None),  # a decade; before 1950
        ("Sandbags cost $2013, up 2015% on room 2012B's order.", None),  # money, percent, codes
        ("No year here, only 42 shops and 7 homes.", None),
    ],
)
def test_stated_year(text, expected):
    assert stated_year(text) == expected


@pytest.mark.parametrize(
    ("text", "year_penalty", "together"),
    [
        (FLOOD_LATER, 0.0, True),  # on words and names alone, the later flood would join
        (FLOOD_LATER, 0.3, False),  # it mentions 2024, none of the story's: a story of its own
        (FLOOD_3, 0.3, True),  # no year mentioned: words and names decide
    ],
)
def test_a_later_event_of_the_same_kind_stays_apart_by_its_year(text, year_penalty, together):
    stream = [doc("a", FLOOD), doc("a2", FLOOD_2), doc("x", text)]
    story = {a.doc: a.story for a in group(stream, StoryOptions(year_penalty=year_penalty))}
    assert story["a"] == story["a2"]
    assert (story["x"] == story["a"]) is together


# The same flood reported later, with little wording in common but the same year stated.
FLOOD_RECALLED = """Harwick counts its flood repair bill

Harwick council put the repair bill for the Lune flood at two million pounds, Councillor Ravi
Dempster said, as traders asked for the defences promised in the 2019 budget. Pumps arrived from
Lancaster and Kendal.
"""


@pytest.mark.parametrize(
    ("year_bonus", "date", "together"),
    [
        (0.0, None, False),  # on words and names alone it falls short
        (0.3, None, True),  # it states 2019, a year the story states: the same event, likely
        # dated in 2019 itself, stating 2019 says nothing about which event: no bonus
        (0.3, "2019-03-03T12:00:00+00:00", False),
    ],
)
def test_a_year_the_story_states_too_raises_the_match(year_bonus, date, together):
    dated = "2019-03-03T10:00:00+00:00" if date else None
    stream = [doc("a", FLOOD, dated), doc("a2", FLOOD_2, dated), doc("x", FLOOD_RECALLED, date)]
    # The threshold the texts were written for: at a lower one the words alone suffice.
    options = StoryOptions(year_bonus=year_bonus, date_bonus=0.0, threshold=0.30)
    story = {a.doc: a.story for a in group(stream, options)}
    assert story["a"] == story["a2"]
    assert (story["x"] == story["a"]) is together


def test_tokens_stored_without_a_year_still_read():
    from newsparallax.stories.features import Tokens

    assert Tokens.from_json('[{"flood": 2}, {"@harwick": 1}, [7, 9]]').year is None


def test_pin_overrides_the_signals():
    pins = {"m": story_id_for("h1")}
    assignments = group([doc("h1", HARWICK_1), doc("m", MILLBROOK)], pins=pins)
    assert assignments[1].story == story_id_for("h1")
    assert assignments[1].how == "pinned"


def test_candidates_are_bounded_by_the_posting_cap():
    """Thousands of stories sharing every word: an article still scores at most
    2 × query_terms × posting_cap of them, not all."""
    options = StoryOptions(posting_cap=5, query_terms=3)
    index = StoryIndex(options)
    for i in range(300):
        index.add(StoryDoc(id=f"s{i}", text=f"Zorblat quarrel number{i} in Vexley {i}"))
    features = index._features(StoryDoc(id="q", text="Zorblat quarrel in Vexley"))
    assert len(index._candidates(features)) <= 2 * 3 * 5


def test_old_stories_are_retired_on_a_dated_stream():
    """Memory stays bounded: stories past the time window leave the index, their articles keep
    their assignments."""
    from datetime import date, timedelta

    index = StoryIndex(StoryOptions(max_gap_days=10))
    for i in range(60):
        day = (date(2024, 1, 1) + timedelta(days=i)).isoformat()
        index.add(StoryDoc(id=f"a{i}", text=f"Quarrel{i} in Vexley{i} over marker{i}", date=day))
    assert len(index.story_of) == 60
    assert len(index.stories) <= 21


# Two events with the same people and place: a footbridge collapse in 2019 and a warehouse fire
# in 2024. The fire's first report joins the collapse's story on the names alone.
_CREWS = (
    "Harwick fire chief Moira Castellane said crews from Harwick and Lune Valley worked through"
    " the night by the River Lune, and Councillor Ravi Dempster thanked them."
)
TWO_EVENTS = [
    (
        "c1",
        "A footbridge collapsed under walkers in 2019, injuring four, and two walkers went to"
        " hospital with broken legs.",
    ),
    (
        "c2",
        "The footbridge gave way beneath the walkers in 2019; four walkers were injured and the"
        " footbridge inspection was questioned.",
    ),
    (
        "c3",
        "Engineers who inspected the footbridge in 2019 must explain the collapse that injured"
        " four walkers.",
    ),
    ("f1", "A warehouse fire in 2024 destroyed stock and smoke closed the ring road overnight."),
    (
        "f2",
        "The warehouse blaze of 2024 sent smoke over the ring road; the warehouse stock was"
        " destroyed.",
    ),
    (
        "f3",
        "Investigators of the 2024 warehouse fire searched the burnt stock for the cause of the"
        " blaze.",
    ),
]


@pytest.mark.parametrize(
    ("split_ratio", "pinned", "apart"),
    [
        (0.0, False, False),  # no splitting: the fire's reports followed its first into the story
        (0.5, False, True),  # split once both events have three reports in it
        (0.5, True, False),  # a story holding a user's correction is never split
    ],
)
def test_a_story_holding_two_events_is_split(split_ratio, pinned, apart):
    stream = [StoryDoc(id=i, text=f"{t} {_CREWS}") for i, t in TWO_EVENTS]
    pins = {"c1": story_id_for("c1")} if pinned else {}
    decided = group(stream, StoryOptions(split_ratio=split_ratio), pins=pins)
    assert decided[3].how == "joined"  # the fire's first report joined the collapse's story
    story = {a.doc: a.story for a in decided}
    assert story["c1"] == story["c2"] == story["c3"] == story_id_for("c1")
    assert story["f1"] == story["f2"] == story["f3"]
    # The part split off is named by its earliest article.
    assert (story["f1"] == story_id_for("f1")) is apart
    assert (story["f1"] != story["c1"]) is apart


# ---------------------------------------------------------------------------------------------
# Metrics and the baseline
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "gold", "b3", "pair_f1", "ari"),
    [
        # Perfect.
        ("aabb", "xxyy", (1.0, 1.0, 1.0), 1.0, 1.0),
        # Everything in one cluster: full recall, BCubed precision 1/2.
        ("aaaa", "xxyy", (0.5, 1.0, 2 / 3), 0.5, 0.0),
        # All singletons: full precision, BCubed recall 1/2, no pairs predicted.
        ("abcd", "xxyy", (1.0, 0.5, 2 / 3), 0.0, 0.0),
        # One item misplaced: a a b | x x y -> P = (1/2 + 1/2 + 1) / 3 ... worked by hand.
        ("aab", "xyy", ((0.5 + 0.5 + 1) / 3, (0.5 + 1 + 0.5) / 3, 2 / 3), 0.0, -0.5),
    ],
)
def test_scores_on_tiny_clusterings(predicted, gold, b3, pair_f1, ari):
    scores = score_clustering(dict(enumerate(predicted)), dict(enumerate(gold)))
    assert (scores.b3_p, scores.b3_r, scores.b3_f1) == pytest.approx(b3)
    assert scores.pair_f1 == pytest.approx(pair_f1)
    assert scores.ari == pytest.approx(ari)


def test_average_link_merges_and_cut():
    import numpy as np

    similarity = np.array(
        [[1.0, 0.9, 0.1, 0.0], [0.9, 1.0, 0.2, 0.1], [0.1, 0.2, 1.0, 0.6], [0.0, 0.1, 0.6, 1.0]]
    )
    merges = average_link_merges(similarity)
    assert [round(m[2], 3) for m in merges] == [0.9, 0.6, 0.1]  # (.1 + 0 + .2 + .1) / 4
    labels = cut(merges, 4, 0.5)
    assert labels[0] == labels[1] != labels[2] == labels[3]
    assert len(set(cut(merges, 4, 0.05))) == 1


# ---------------------------------------------------------------------------------------------
# Readers (tiny files in the two corpora's layouts, texts written here)
# ---------------------------------------------------------------------------------------------


def test_read_ecbplus_drops_the_url_line(tmp_path):
    path = tmp_path / "docs.jsonl"
    rows = [
        {"doc_id": "1_1ecb", "cluster_id": "1_ecb", "sentences": ["A bridge fell .", "Two hurt ."]},
        {
            "doc_id": "1_2ecbplus",
            "cluster_id": "1_ecbplus",
            "sentences": ["http : / / example . com / bridge", "Another bridge fell ."],
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    docs = read_ecbplus(path)
    assert [(g.doc.id, g.story, g.doc.text) for g in docs] == [
        ("1_1ecb", "1_ecb", "A bridge fell .\nTwo hurt ."),
        ("1_2ecbplus", "1_ecbplus", "Another bridge fell ."),
    ]


def test_read_allsides_one_doc_per_side_in_date_order(tmp_path):
    path = tmp_path / "roundups.jsonl"
    side = {"newsTitle": "Budget passes", "newBody": ["The board voted.", "Parents objected."]}
    rows = [
        {"id": 2, "date": "2021-05-02T10:00:00-07:00", "news": {"left": side}},
        {"id": 1, "date": "2021-05-01T10:00:00-07:00", "news": {"left": side, "right": side}},
        {"id": 3, "date": "2021-05-03T10:00:00-07:00", "news": {}},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs = read_allsides(path)
    assert [(g.doc.id, g.story) for g in docs] == [
        ("1:left", "1"),
        ("1:right", "1"),
        ("2:left", "2"),
    ]
    assert docs[0].doc.title == "Budget passes"
    assert docs[0].doc.text == "The board voted.\nParents objected."


def test_baseline_finds_the_two_events(tmp_path):
    from newsparallax.evaluate.stories_eval import GoldDoc

    docs = [
        GoldDoc(doc("h1", HARWICK_1), "harwick"),
        GoldDoc(doc("h2", HARWICK_2), "harwick"),
        GoldDoc(doc("h3", HARWICK_3), "harwick"),
        GoldDoc(doc("m", MILLBROOK), "millbrook"),
    ]
    scores, threshold = baseline(docs)
    assert scores.b3_f1 == 1.0
    assert 0 < threshold < 1


# ---------------------------------------------------------------------------------------------
# The store and the commands
# ---------------------------------------------------------------------------------------------


def _store_articles(db: Path, texts: dict[str, str]) -> dict[str, str]:
    """Save articles to a real store file (as `compare` would, one comparison each);
    label -> article id."""
    from newsparallax.model import Comparison, Coverage

    ids = {}
    with closing(open_store(db)) as conn:
        for label, text in texts.items():
            article = article_from_text(text, label)
            comparison = Comparison((article,), (), (), (), (), Coverage({}, {}, ()))
            save_comparison(conn, comparison)
            ids[label] = article.sha
    return ids


@pytest.fixture()
def store(tmp_path):
    db = tmp_path / "stories.db"
    ids = _store_articles(
        db, {"h1": HARWICK_1, "m": MILLBROOK, "d": DUNMORE, "h2": HARWICK_2, "h3": HARWICK_3}
    )
    return db, ids


def _story_of(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT article_id, story_id FROM article_story"))


@pytest.mark.parametrize("ref", ["%", "_", "%%", "_" * 12])
def test_wildcards_are_not_story_or_article_prefixes(store, ref: str):
    db, _ = store
    with closing(open_store(db)) as conn:
        assign_stories(conn)
        with pytest.raises(StoryError, match="no story"):
            resolve_story(conn, ref)
        with pytest.raises(StoryError, match="no article"):
            split_story(conn, resolve_story(conn, _story_of(conn).popitem()[1]), [ref])


def test_assign_is_online_and_stable(store):
    db, ids = store
    with closing(open_store(db)) as conn:
        first = assign_stories(conn)
        assert len(first.assigned) == 5 and first.n_stories == 3
        before = _story_of(conn)
        again = assign_stories(conn)
        assert again.assigned == () and _story_of(conn) == before
    # A new article joins its story; nothing decided before moves.
    _store_articles(db, {"copy": HARWICK_COPY})
    with closing(open_store(db)) as conn:
        run = assign_stories(conn)
        assert [(a.how, a.story) for a in run.assigned] == [("duplicate", before[ids["h1"]])]
        after = _story_of(conn)
        assert {k: after[k] for k in before} == before


def test_merge_and_split_survive_a_rebuild(store):
    db, ids = store
    with closing(open_store(db)) as conn:
        assign_stories(conn)
        story = _story_of(conn)
        harwick, dunmore = story[ids["h1"]], story[ids["d"]]
        kept, moved = merge_stories(conn, harwick[:6], dunmore)
        assert (kept, moved) == (harwick, 1)
        assign_stories(conn, rebuild=True)
        assert _story_of(conn)[ids["d"]] == harwick
        new = split_story(conn, harwick, ["d"])  # by label
        assign_stories(conn, rebuild=True)
        story = _story_of(conn)
        assert story[ids["d"]] == new != story[ids["h1"]] == harwick
        # The merged-away id still leads somewhere, and the listing marks corrections.
        summaries = {s.id: s for s in list_stories(conn)}
        assert summaries[harwick].pinned and summaries[new].n_articles == 1
        corrections = conn.execute("SELECT kind FROM story_correction ORDER BY id").fetchall()
        assert corrections == [("merge",), ("split",)]


def test_a_split_moves_articles_stored_by_an_earlier_run(tmp_path):
    db = tmp_path / "split.db"
    texts = {i: f"{i}\n\n{t} {_CREWS}" for i, t in TWO_EVENTS}
    early = _store_articles(db, {i: texts[i] for i in ("c1", "c2", "c3", "f1")})
    with closing(open_store(db)) as conn:
        assign_stories(conn)
        assert len(set(_story_of(conn).values())) == 1
    late = _store_articles(db, {i: texts[i] for i in ("f2", "f3")})
    with closing(open_store(db)) as conn:
        run = assign_stories(conn)
        story = _story_of(conn)
        assert story[early["f1"]] == story[late["f2"]] == story[late["f3"]] != story[early["c1"]]
        assert {a.story for a in run.assigned} == {story[early["f1"]]}
        assert (run.split_off, run.n_moved) == ((story[early["f1"]],), 1)
        summaries = {s.id: s for s in list_stories(conn)}
        assert summaries[story[early["f1"]]].title == "f1"  # its founder: its earliest article
        assert summaries[story[early["c1"]]].n_articles == 3


def test_cli_stories_says_when_a_story_was_cut_in_two(tmp_path):
    db = tmp_path / "cut.db"
    texts = {i: f"{i}\n\n{t} {_CREWS}" for i, t in TWO_EVENTS}
    _store_articles(db, {i: texts[i] for i in ("c1", "c2", "c3", "f1")})
    runner = CliRunner()
    first = runner.invoke(app, ["stories", "--db", str(db)])
    assert first.exit_code == 0 and "cut out" not in first.output
    _store_articles(db, {i: texts[i] for i in ("f2", "f3")})
    second = runner.invoke(app, ["stories", "--db", str(db)])
    assert second.exit_code == 0, second.output
    assert "1 stories cut out of stories that held two events (1 articles of earlier" in " ".join(
        second.output.split()
    )


def test_a_story_with_a_stored_correction_is_not_split(tmp_path):
    db = tmp_path / "pinned.db"
    texts = {i: f"{i}\n\n{t} {_CREWS}" for i, t in TWO_EVENTS}
    early = _store_articles(db, {i: texts[i] for i in ("c1", "c2", "c3", "f1")} | {"m": MILLBROOK})
    with closing(open_store(db)) as conn:
        assign_stories(conn)
        story = _story_of(conn)
        merge_stories(conn, story[early["c1"]], story[early["m"]])  # every member now pinned
    late = _store_articles(db, {i: texts[i] for i in ("f2", "f3")})
    with closing(open_store(db)) as conn:
        assign_stories(conn)
        story = _story_of(conn)
        assert story[early["f1"]] == story[early["c1"]] == story[late["f2"]] == story[late["f3"]]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c, s: merge_stories(c, "nosuch", s), "no story"),
        (lambda c, s: merge_stories(c, s, s), "already one story"),
        (lambda c, s: split_story(c, s, ["m"]), "not in story"),
        (lambda c, s: split_story(c, s, ["h1", "h2", "h3"]), "nothing would remain"),
        (lambda c, s: split_story(c, s, ["nosuch"]), "no article"),
    ],
)
def test_correction_errors(store, call, message):
    db, ids = store
    with closing(open_store(db)) as conn:
        assign_stories(conn)
        harwick = _story_of(conn)[ids["h1"]]
        with pytest.raises(StoryError, match=message):
            call(conn, harwick)


def test_story_articles_are_articles(store):
    db, ids = store
    with closing(open_store(db)) as conn:
        assign_stories(conn)
        harwick = _story_of(conn)[ids["h1"]]
        articles = story_articles(conn, harwick)
    assert all(isinstance(a, Article) for a in articles)
    assert sorted(a.id for a in articles) == ["h1", "h2", "h3"]


def test_cli_stories_merge_split(store):
    db, ids = store
    runner = CliRunner()
    result = runner.invoke(app, ["stories", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "5 articles assigned (3 new stories, 0 copies); 5 articles in 3 stories" in result.output
    with closing(open_store(db)) as conn:
        story = _story_of(conn)
    harwick, millbrook = story[ids["h1"]], story[ids["m"]]
    result = runner.invoke(app, ["stories", "--db", str(db), "merge", harwick, millbrook])
    assert result.exit_code == 0 and "1 articles moved" in result.output
    result = runner.invoke(app, ["stories", "--db", str(db), "split", harwick, "m"])
    assert result.exit_code == 0 and "now in story" in result.output
    result = runner.invoke(app, ["stories", "--db", str(db), "merge", "nosuch", harwick])
    assert result.exit_code == 2 and "no story 'nosuch'" in result.output
    result = runner.invoke(app, ["stories", "--db", str(db / "missing.db")])
    assert result.exit_code == 2


def test_cli_compare_story(store, nlp):
    db, ids = store
    runner = CliRunner()
    runner.invoke(app, ["stories", "--db", str(db)])
    with closing(open_store(db)) as conn:
        harwick = _story_of(conn)[ids["h1"]]
    result = runner.invoke(
        app, ["compare", "--story", harwick, "--db", str(db), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert sorted(a["id"] for a in report["articles"]) == ["h1", "h2", "h3"]
    result = runner.invoke(app, ["compare", "--story", harwick, "--db", str(db), "x.txt"])
    assert result.exit_code == 2 and "not both" in result.stderr
    result = runner.invoke(app, ["compare"])
    assert result.exit_code == 2


def test_cli_eval_stories(tmp_path):
    path = tmp_path / "docs.jsonl"
    rows = [
        {"doc_id": f"{i}", "cluster_id": c, "sentences": t.split("\n")}
        for i, (c, t) in enumerate(
            [("h", HARWICK_1), ("h", HARWICK_2), ("h", HARWICK_3), ("m", MILLBROOK), ("d", DUNMORE)]
        )
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "stories", "--ecbplus", str(path)])
    assert result.exit_code == 0, result.output
    assert "ECB+ streaming" in result.output and "oracle threshold" in result.output
    result = CliRunner().invoke(app, ["eval", "stories"])
    assert result.exit_code == 2


def test_story_tables_are_schema_version_3_and_old_stores_migrate(tmp_path, monkeypatch):
    from newsparallax.store import schema
    from newsparallax.store.schema import ensure_story_tables

    # A version-2 store whose story tables the story module made itself (before migration 3).
    db = tmp_path / "v2.db"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
    ids = _store_articles(db, {"h1": HARWICK_1, "m": MILLBROOK})
    with closing(open_store(db)) as conn:
        ensure_story_tables(conn)
        assign_stories(conn)
        before = _story_of(conn)
    monkeypatch.undo()
    with closing(open_store(db)) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version")]
        assert versions[:3] == [1, 2, 3]
        assert _story_of(conn) == before and set(before) == set(ids.values())
        ensure_story_tables(conn)  # a no-op on a migrated store
        assert _story_of(conn) == before
    # A fresh store has the tables without any call from the story module.
    with closing(open_store(tmp_path / "fresh.db")) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"story", "article_story", "story_pin", "story_correction"} <= tables
        assert list_stories(conn) == []


def test_tokens_are_stored_once_and_replayed(store, monkeypatch):
    from newsparallax.stories import grouping
    from newsparallax.stories.features import Tokens, tokens_key, tokens_of

    db, ids = store
    doc = StoryDoc("x", HARWICK_1, title="Footbridge collapses")
    made = tokens_of(doc, StoryOptions())
    assert Tokens.from_json(made.to_json()) == made
    with closing(open_store(db)) as conn:
        first = assign_stories(conn)
        rows = dict(conn.execute("SELECT article_id, options FROM story_tokens"))
        assert set(rows) == set(ids.values())
        assert set(rows.values()) == {tokens_key(StoryOptions())}
        before = _story_of(conn)
    # A rebuild decides again from the stored tokens alone: no article is tokenised anew.
    calls = []
    real = grouping.tokens_of
    monkeypatch.setattr(grouping, "tokens_of", lambda d, o: calls.append(d.id) or real(d, o))
    with closing(open_store(db)) as conn:
        again = assign_stories(conn, rebuild=True)
        assert calls == [] and _story_of(conn) == before
        assert [a.story for a in again.assigned] == [a.story for a in first.assigned]
        # Other token options make the stored tokens stale: they are made (and stored) again.
        assign_stories(conn, StoryOptions(lead_words=60), rebuild=True)
        assert sorted(calls) == sorted(ids.values())
        keys = {r[0] for r in conn.execute("SELECT DISTINCT options FROM story_tokens")}
        assert keys == {tokens_key(StoryOptions(lead_words=60))}
