"""The SQLite store: schema, round trips, idempotence, sharing, atomicity and integrity."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from newsparallax.model import (
    AlignedPair,
    Alignment,
    Article,
    Comparison,
    Coverage,
    Descriptor,
    DiffOp,
    Discrepancy,
    Dropped,
    Mention,
    Person,
    Quote,
    Span,
    content_id,
)
from newsparallax.store import comparisons, export, schema
from newsparallax.store.comparisons import list_comparisons, load_comparison, save_comparison
from newsparallax.store.schema import SchemaVersionError, StoreError, open_read_only, open_store

TABLES = {
    "schema_version",
    "article",
    "dropped",
    "comparison",
    "comparison_article",
    "person",
    "person_alias",
    "mention",
    "descriptor",
    "quote",
    "alignment",
    "alignment_member",
    "aligned_pair",
    "discrepancy",
    "voice",
    # version 2: the corpus
    "run",
    "article_source",
    "error",
    "minhash",
    "duplicate_group",
    "duplicate_member",
    # version 3: stories
    "story",
    "article_story",
    "story_pin",
    "story_correction",
    "story_tokens",
    # version 4: corpus runs
    "article_analysis",
    "article_quote",
    "article_person",
    "run_partition",
    # version 6: the claim map and cue frames
    "statement",
    "claim_difference",
    "left_out",
    "cue_frame",
    "sqlite_sequence",  # story_correction's AUTOINCREMENT
}

NATIONAL = (
    "RIVERTON, March 3 — Mayor Ann Dyer said on Monday: “We will rebuild the bridge by spring.” "
    "Dyer, a Democrat, added that funding was “fully secured”. "
    "Council member Tom Reyes said the plan was rushed. "
    "Related: Ten bridges to see before you die"
)
LOCAL = (
    "Ann Dyer, the city's mayor since 2019, told reporters: “We will rebuild the bridge.” "
    "She said the state had promised the money. "
    "Reyes, an independent, disagreed.\n\n"
    "    “This is a promise with no plan behind it. We have heard it before.”\n\n"
    "Share this story"
)
WIRE = "Officials in Riverton said on Monday that repairs would start soon, Dyer said."


def span(text: str, needle: str, occurrence: int = 0) -> Span:
    """The span of the n-th occurrence of `needle`, so offsets in the fixture are real."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle), needle)


def quote(
    article: str,
    kind: str,
    said: str,
    cue: str | None = None,
    who: str | None = None,
    person: str | None = None,
    how: str = "cue",
) -> Quote:
    """A quote whose offsets are found in the fixture text, so they are real."""
    body = TEXTS[article]
    s = span(body, said)
    return Quote(
        id=content_id(article, s.start, s.end),
        article=article,
        kind=kind,  # type: ignore[arg-type]
        start=s.start,
        end=s.end,
        text=s.text,
        cue=span(body, cue) if cue else None,
        mention=span(body, who) if who else None,
        speaker=NAMES.get(person),  # type: ignore[arg-type]
        speaker_id=person,
        how=how,
    )


def mention(article: str, text: str, occurrence: int = 0) -> Mention:
    s = span(TEXTS[article], text, occurrence)
    return Mention(article, s.start, s.end, s.text)


def descriptor(article: str, kind: str, text: str) -> Descriptor:
    s = span(TEXTS[article], text)
    return Descriptor(article, kind, s.text, s.start, s.end)


TEXTS = {"national": NATIONAL, "local": LOCAL, "wire": WIRE}
DYER = content_id("person", "Ann Dyer")
REYES = content_id("person", "Tom Reyes")
NAMES = {DYER: "Ann Dyer", REYES: "Tom Reyes"}


def make_articles() -> tuple[Article, Article, Article]:
    national = Article(
        id="national",
        text=NATIONAL,
        source="examples/national.html",
        title="Mayor vows bridge by spring",
        authors=("Jo Park", "Lee Chan"),
        date="2024-03-04T09:30:00+00:00",
        outlet="The National",
        place="Riverton",
        dateline=span(NATIONAL, "RIVERTON, March 3 —"),
        dropped=(Dropped(NATIONAL.index("Related:"), len(NATIONAL), "related-link"),),
        raw=b"<html><body>the national page</body></html>",
    )
    local = Article(
        id="local",
        text=LOCAL,
        source="examples/local.txt",
        dropped=(
            Dropped(LOCAL.index("Share this"), len(LOCAL), "promo-headline"),
            Dropped(0, 0, "caption"),
        ),
    )
    wire = Article(id="wire", text=WIRE, source="examples/wire.txt", outlet="Wire Service")
    return national, local, wire


@pytest.fixture
def comparison() -> Comparison:
    """Two articles about one event: every kind of quote, two people, one alignment."""
    national, local, _ = make_articles()
    q_nat = quote("national", "direct", "We will rebuild the bridge by spring.", "said",
                  "Mayor Ann Dyer", DYER)  # fmt: skip
    q_partial = quote("national", "partial", "fully secured", "added", "Dyer", DYER)
    q_indirect = quote("national", "indirect", "the plan was rushed", "said",
                       "Council member Tom Reyes", REYES)  # fmt: skip
    q_local = quote("local", "direct", "We will rebuild the bridge.", "told reporters",
                    "Ann Dyer", DYER)  # fmt: skip
    q_local_ind = quote("local", "indirect", "the state had promised the money", "said", "She",
                        DYER, how="pronoun")  # fmt: skip
    q_block = quote("local", "block",
                    "This is a promise with no plan behind it. We have heard it before.",
                    how="continuation")  # fmt: skip
    dyer = Person(
        id=DYER,
        name="Ann Dyer",
        aliases=("Dyer", "Mayor Ann Dyer", "the mayor"),
        descriptors=(
            descriptor("national", "title", "Mayor"),
            descriptor("national", "party", "a Democrat"),
            descriptor("local", "role", "the city's mayor since 2019"),
        ),
        mentions=(
            mention("national", "Ann Dyer"),
            mention("national", "Dyer", 1),
            mention("local", "Ann Dyer"),
            mention("local", "She"),
        ),
    )
    reyes = Person(
        id=REYES,
        name="Tom Reyes",
        aliases=("Reyes",),
        descriptors=(descriptor("local", "party", "an independent"),),
        mentions=(mention("national", "Tom Reyes"), mention("local", "Reyes")),
    )
    council = Person(id=content_id("org", "council"), name="City Council", kind="organisation")
    a, b = q_nat, q_local
    pair = AlignedPair(
        a=(a.id,),
        b=(b.id,),
        relation="trimmed",
        similarity=0.8571428571428571,
        diff=(
            DiffOp(
                "equal",
                "We will rebuild the bridge",
                "We will rebuild the bridge",
                a.start,
                a.start + 26,
                b.start,
                b.start + 26,
            ),
            DiffOp("delete", " by spring", "", a.start + 26, a.start + 36, None, None),
            DiffOp("equal", ".", ".", a.end - 1, a.end, b.end - 1, b.end),
        ),
    )
    split = AlignedPair(
        a=(q_partial.id,), b=(q_local_ind.id, q_block.id), relation="paraphrase", similarity=0.25
    )
    alignment = Alignment(
        id=content_id(a.id, b.id),
        quotes=(a.id, b.id),
        relation="trimmed",
        speaker_id=DYER,
        pairs=(pair,),
    )
    loose = Alignment(
        id=content_id(q_partial.id, q_local_ind.id, q_block.id),
        quotes=(q_partial.id, q_local_ind.id, q_block.id),
        relation="paraphrase",
        speaker_id=None,
        pairs=(split,),
    )
    party = Discrepancy(
        id=content_id(DYER, "party"),
        person_id=DYER,
        about="Ann Dyer",
        topic="party",
        values={"national": "a Democrat", "local": None},
        spans={"national": span(NATIONAL, "a Democrat"), "local": None},
    )
    role = Discrepancy(
        id=content_id(REYES, "party"),
        person_id=REYES,
        about="Tom Reyes",
        topic="party",
        values={"local": "an independent", "national": None},
        spans={"local": span(LOCAL, "an independent"), "national": None},
    )
    return Comparison(
        articles=(national, local),
        quotes=(q_nat, q_partial, q_indirect, q_local, q_local_ind, q_block),
        people=(dyer, reyes, council),
        alignments=(alignment, loose),
        discrepancies=(party, role),
        coverage=Coverage(
            voices={"national": (DYER, REYES), "local": (DYER,)},
            exclusive={"national": (REYES,), "local": ()},
            shared=(DYER,),
        ),
    )


def with_wire(comparison: Comparison) -> Comparison:
    """A second comparison sharing the national article, under another label and path."""
    national = dataclasses.replace(
        comparison.articles[0], id="nat", source="/elsewhere/national.html"
    )
    said = span(WIRE, "repairs would start soon")
    wire_quote = Quote(
        id=content_id("wire", said.start, said.end),
        article="wire",
        kind="indirect",
        start=said.start,
        end=said.end,
        text=said.text,
        cue=span(WIRE, "said", 1),
        mention=span(WIRE, "Dyer"),
        speaker="Ann Dyer",
        speaker_id=DYER,
        how="cue",
    )
    dyer_said = dataclasses.replace(comparison.quotes[0], article="nat")
    dyer = Person(
        id=DYER,
        name="Ann Dyer",
        mentions=(
            dataclasses.replace(mention("national", "Dyer", 1), article="nat"),
            mention("wire", "Dyer"),
        ),
    )
    return Comparison(
        articles=(national, make_articles()[2]),
        quotes=(dyer_said, wire_quote),
        people=(dyer,),
        alignments=(),
        discrepancies=(),
        coverage=Coverage(voices={"nat": (DYER,), "wire": (DYER,)}, exclusive={}, shared=(DYER,)),
    )


@pytest.fixture
def db(tmp_path: Path):
    conn = open_store(tmp_path / "store.db")
    yield conn
    conn.close()


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in sorted(TABLES)}


# --- schema ----------------------------------------------------------------------------------


ALL_VERSIONS = list(range(1, schema.SCHEMA_VERSION + 1))


def test_open_creates_schema_with_version_fk_and_wal(tmp_path: Path):
    path = tmp_path / "nested" / "store.db"
    conn = open_store(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert path.is_file()
    assert tables == TABLES
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version")] == ALL_VERSIONS
    assert schema.SCHEMA_VERSION == 7
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"quote_by_article", "quote_by_person", "article_story_by_story"} <= indexes
    conn.close()

    again = open_store(path)  # reopening migrates nothing and adds no version row
    assert [r[0] for r in again.execute("SELECT version FROM schema_version")] == ALL_VERSIONS
    again.close()


def test_newer_schema_version_is_refused(tmp_path: Path):
    path = tmp_path / "store.db"
    open_store(path).execute(
        "INSERT INTO schema_version VALUES (99, '2099-01-01')"
    ).connection.close()
    with pytest.raises(
        SchemaVersionError, match=rf"schema version 99, newer than the {schema.SCHEMA_VERSION}"
    ):
        open_store(path)


def test_quotes_stored_before_evidence_keep_what_reported_them(tmp_path: Path, monkeypatch):
    """Version 5: the old `how` (what reported the quote) moves to `cue_kind`; how the speaker
    was found and how sure are unknown for quotes nobody judged."""
    path = tmp_path / "store.db"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:4])
    old = open_store(path)
    old.execute("PRAGMA foreign_keys = OFF")
    old.execute(
        'INSERT INTO article_quote (article_id, position, kind, start, "end", text, how)'
        " VALUES ('a', 0, 'direct', 0, 4, 'Yes.', 'continuation')"
    )
    old.close()
    monkeypatch.undo()
    conn = open_store(path)
    row = conn.execute("SELECT how, confidence, cue_kind, quoted FROM article_quote").fetchone()
    assert row == ("", None, "continuation", "[]")
    conn.close()


def test_a_store_from_before_evidence_is_read_as_it_is(tmp_path: Path, comparison: Comparison):
    """A read-only command (serve, export) cannot migrate: a version-4 store's quotes load with
    what reported them (then `how`) as `cue_kind`, and no judged speaker."""
    path = tmp_path / "store.db"
    conn = open_store(path)
    save_comparison(conn, comparison)
    for table in ("quote", "article_quote"):
        conn.execute(f"UPDATE {table} SET how = cue_kind")
        for column in ("confidence", "cue_kind", "quoted"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("DELETE FROM schema_version WHERE version > 4")
    conn.close()
    old = schema.open_read_only(path)
    loaded = load_comparison(old, comparison.id)
    expected = [("", None, q.cue_kind, ()) for q in comparison.quotes]
    assert [(q.how, q.confidence, q.cue_kind, q.quoted) for q in loaded.quotes] == expected
    exported = list(export.rows(old, "quotes"))
    assert [(r["how"], r["confidence"]) for r in exported] == [("", None)] * len(exported)
    speaker = next(q.speaker_id for q in comparison.quotes if q.speaker_id)
    person = comparisons.person_across_comparisons(old, speaker)
    judged = [q["confidence"] for o in person["outlets"] for q in o["quotes"]]
    assert judged and judged == [None] * len(judged)
    old.close()


def test_older_schema_is_migrated_step_by_step(tmp_path: Path, monkeypatch):
    path = tmp_path / "store.db"
    open_store(path).close()

    def add_note(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE comparison ADD COLUMN note TEXT")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_note])
    conn = open_store(path)
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_version")]
    assert versions == [*ALL_VERSIONS, schema.SCHEMA_VERSION + 1]
    assert "note" in {r[1] for r in conn.execute("PRAGMA table_info(comparison)")}
    conn.close()


def test_failed_migration_leaves_store_at_old_version(tmp_path: Path, monkeypatch):
    path = tmp_path / "store.db"
    open_store(path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE comparison ADD COLUMN note TEXT")
        raise RuntimeError("boom")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    with pytest.raises(RuntimeError, match="boom"):
        open_store(path)
    monkeypatch.undo()
    conn = open_store(path)
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version")] == ALL_VERSIONS
    assert "note" not in {r[1] for r in conn.execute("PRAGMA table_info(comparison)")}
    conn.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database at all, just some bytes" * 100, "not a usable"),
        (None, "not a newsparallax store"),
    ],
)
def test_foreign_files_are_refused(tmp_path: Path, content: bytes | None, message: str):
    path = tmp_path / "other.db"
    if content is None:
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE accounts (id INTEGER)")
        other.commit()
        other.close()
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        open_store(path)


@pytest.mark.parametrize("opener", [open_store, open_read_only])
@pytest.mark.parametrize(
    ("table", "damaged"),
    [
        ("comparison", b"("),  # SQLite's parse error quotes the byte
        ("article", b"label"),  # a column's name: SQLite parses it, a query's names fail later
    ],
)
def test_a_store_whose_schema_text_is_not_utf8_is_refused(tmp_path: Path, opener, table, damaged):
    """A byte of the schema's text turned into 0xA9 or 0xFF (found by fuzz/fuzz_store.py): one
    StoreError on opening, never a UnicodeDecodeError at some later read."""
    path = tmp_path / "damaged.db"
    conn = open_store(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = path.read_bytes()
    at = data.index(damaged, data.index(f"CREATE TABLE {table} (".encode()))
    path.write_bytes(data[:at] + b"\xa9" + data[at + 1 :])
    with pytest.raises(StoreError, match="its schema is damaged"):
        opener(path)


def test_text_that_is_not_utf8_reads_with_replacement_characters(tmp_path: Path, comparison):
    """A store is a file people pass around: bytes another program wrote into a text column
    read as U+FFFD, wherever the column is read."""
    path = tmp_path / "store.db"
    conn = open_store(path)
    save_comparison(conn, comparison)
    conn.execute("UPDATE article SET title = CAST(x'ff41' AS TEXT)")
    conn.close()
    for opener in (open_store, open_read_only):
        conn = opener(path)
        loaded = load_comparison(conn, comparison.id)
        conn.close()
        assert {a.title for a in loaded.articles} == {"\ufffdA"}


@pytest.mark.parametrize(
    ("damage", "read"),
    [
        ("UPDATE comparison SET shared = 'not json'", "comparison"),
        ("UPDATE article SET authors = '{'", "comparison"),
        ("UPDATE quote SET quoted = '[[1]]'", "comparison"),  # JSON, not the spans it holds
        ("UPDATE article SET authors = 'not json'", "export"),
        ("UPDATE comparison SET id = CAST(id AS BLOB)", "list"),  # its articles' rows say TEXT
        ("ALTER TABLE person RENAME COLUMN name TO nome", "comparison"),
    ],
)
def test_a_value_the_store_cannot_have_written_is_one_store_error(
    tmp_path: Path, comparison, damage, read
):
    """A JSON column holding something else (found by fuzz/fuzz_store.py): one StoreError
    saying the store is damaged, which the commands print as one line."""
    path = tmp_path / "store.db"
    conn = open_store(path)
    save_comparison(conn, comparison)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(damage)
    with pytest.raises(StoreError, match="the store is damaged"):
        if read == "comparison":
            load_comparison(conn, comparison.id)
        elif read == "list":
            list_comparisons(conn)
        else:
            export.export(conn, "articles", "jsonl", tmp_path / "out.jsonl")
    conn.close()


# --- round trip ------------------------------------------------------------------------------


def variants(comparison: Comparison) -> dict[str, Comparison]:
    """The fixture, plus shapes the pipeline may produce: sparse coverage, nothing found."""
    sparse = dataclasses.replace(
        comparison,
        coverage=Coverage(voices={"national": (REYES, DYER)}, exclusive={}, shared=()),
    )
    empty = dataclasses.replace(
        comparison,
        quotes=(),
        people=(),
        alignments=(),
        discrepancies=(),
        coverage=Coverage(voices={}, exclusive={}, shared=()),
    )
    about_the_story = dataclasses.replace(
        comparison,
        discrepancies=(
            *comparison.discrepancies,
            Discrepancy(
                id=content_id("story", "count"),
                person_id=None,
                about="the story",
                topic="count",
                values={"national": "12", "local": "14"},
                spans={"national": None, "local": None},
            ),
        ),
    )
    return {
        "full": comparison,
        "sparse-coverage": sparse,
        "nothing-found": empty,
        "a fact about the story": about_the_story,
    }


@pytest.mark.parametrize(
    "variant", ["full", "sparse-coverage", "nothing-found", "a fact about the story"]
)
def test_round_trip_is_exact(tmp_path: Path, comparison: Comparison, variant: str):
    original = variants(comparison)[variant]
    path = tmp_path / "store.db"
    conn = open_store(path)
    assert save_comparison(conn, original) == original.id
    conn.close()

    conn = open_store(path)  # a fresh connection reads only what reached the file
    loaded = load_comparison(conn, original.id)
    conn.close()
    assert loaded == original
    assert loaded.articles[0].raw is None  # raw is opt-in


def test_raw_page_loads_on_request(db, comparison: Comparison):
    save_comparison(db, comparison)
    loaded = load_comparison(db, comparison.id, with_raw=True)
    assert [a.raw for a in loaded.articles] == [a.raw for a in comparison.articles]


def test_offsets_and_provenance_survive(db, comparison: Comparison):
    save_comparison(db, comparison)
    loaded = load_comparison(db, comparison.id)
    texts = {a.id: a.text for a in loaded.articles}
    for q in loaded.quotes:
        assert texts[q.article][q.start : q.end] == q.text
        for s in (q.cue, q.mention):
            assert s is None or texts[q.article][s.start : s.end] == s.text
    for p in loaded.people:
        for item in (*p.descriptors, *p.mentions):
            assert texts[item.article][item.start : item.end] == item.text
    for d in loaded.discrepancies:
        for label, s in d.spans.items():
            assert s is None or texts[label][s.start : s.end] == s.text


def test_the_claim_map_and_frames_survive(db, examples_comparison: Comparison):
    save_comparison(db, examples_comparison)
    loaded = load_comparison(db, examples_comparison.id)
    assert loaded == examples_comparison
    texts = {a.id: a.text for a in loaded.articles}
    assert loaded.claims.statements and loaded.claims.differences and loaded.framing
    statements = {s.id: s for s in loaded.claims.statements}
    for s in statements.values():
        assert texts[s.article][s.start : s.end] == s.text
    for d in loaded.claims.differences:
        for sid, span in ((d.a, d.a_span), (d.b, d.b_span)):
            assert texts[statements[sid].article][span.start : span.end] == span.text
    assert {p.article for p in loaded.coverage.prominence} <= set(texts)


def test_framing_by_outlet_counts_each_stored_quote_once(db, nlp, examples_comparison: Comparison):
    from newsparallax.analysis.framing import outlet_shares
    from newsparallax.pipeline import compare
    from newsparallax.store.claims import framing_by_outlet

    comparison = examples_comparison
    save_comparison(db, comparison)
    save_comparison(db, compare(comparison.articles[:2], nlp))  # two articles stored again
    assert db.execute("SELECT count(*) FROM comparison").fetchone()[0] == 2
    by_outlet = framing_by_outlet(db)
    expected = outlet_shares(comparison)
    for article in comparison.articles:
        found = by_outlet[article.outlet or article.id]
        assert found.as_dict() == expected[article.id].as_dict()


def test_unknown_comparison_is_a_key_error(db):
    with pytest.raises(KeyError, match="no comparison 'nope'"):
        load_comparison(db, "nope")


# --- idempotence and sharing -----------------------------------------------------------------


def test_saving_twice_adds_no_rows(db, comparison: Comparison):
    save_comparison(db, comparison)
    before = counts(db)
    created = db.execute("SELECT created FROM comparison").fetchone()[0]
    assert save_comparison(db, comparison) == comparison.id
    assert counts(db) == before
    assert db.execute("SELECT created FROM comparison").fetchone()[0] == created
    assert load_comparison(db, comparison.id) == comparison


def test_resaving_a_reanalysis_replaces_its_findings(db, comparison: Comparison):
    save_comparison(db, comparison)
    fewer = dataclasses.replace(
        comparison, alignments=(), discrepancies=comparison.discrepancies[:1]
    )
    save_comparison(db, fewer)
    assert load_comparison(db, comparison.id) == fewer
    assert counts(db)["aligned_pair"] == 0


def test_shared_article_is_stored_once(db, comparison: Comparison):
    second = with_wire(comparison)
    save_comparison(db, comparison)
    save_comparison(db, second)
    assert counts(db)["article"] == 3
    assert counts(db)["comparison_article"] == 4
    assert counts(db)["dropped"] == 3  # the national article's clutter is not duplicated
    # each comparison sees the shared article under its own label and path
    assert load_comparison(db, comparison.id) == comparison
    assert load_comparison(db, second.id) == second


def test_raw_is_filled_in_by_a_later_save(db, comparison: Comparison):
    bare = dataclasses.replace(
        comparison, articles=tuple(dataclasses.replace(a, raw=None) for a in comparison.articles)
    )
    save_comparison(db, bare)
    save_comparison(db, comparison)
    raw = load_comparison(db, comparison.id, with_raw=True).articles[0].raw
    assert raw == comparison.articles[0].raw


def test_list_comparisons(db, comparison: Comparison):
    assert list_comparisons(db) == []
    save_comparison(db, comparison)
    save_comparison(db, with_wire(comparison))
    listing = {c["id"]: c for c in list_comparisons(db)}
    assert listing[comparison.id]["articles"] == ["national", "local"]
    assert listing[comparison.id] | {"created": None} == {
        "id": comparison.id,
        "created": None,
        "articles": ["national", "local"],
        "quotes": 6,
        "people": 3,
        "alignments": 2,
        "discrepancies": 2,
    }
    assert listing[with_wire(comparison).id]["articles"] == ["nat", "wire"]


# --- atomicity and integrity -----------------------------------------------------------------

WRITERS = [
    "_write_articles",
    "_write_people",
    "_write_quotes",
    "_write_alignments",
    "_write_discrepancies",
    "_write_coverage",
]


@pytest.mark.parametrize("already_saved", [False, True], ids=["fresh", "resave"])
@pytest.mark.parametrize("writer", WRITERS)
def test_failure_mid_save_changes_nothing(
    db, comparison: Comparison, monkeypatch, writer: str, already_saved: bool
):
    if already_saved:  # the re-save first deletes the old rows; those must come back too
        save_comparison(db, comparison)
    before = counts(db)
    real = getattr(comparisons, writer)

    def fail_after_writing(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(comparisons, writer, fail_after_writing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        save_comparison(db, dataclasses.replace(comparison, alignments=()))
    assert counts(db) == before
    assert not db.in_transaction
    if already_saved:
        assert load_comparison(db, comparison.id) == comparison


def test_save_inside_callers_transaction_uses_a_savepoint(db, comparison: Comparison):
    db.execute("BEGIN")
    save_comparison(db, comparison)
    db.execute("ROLLBACK")
    assert counts(db)["comparison"] == 0


def broken(comparison: Comparison, what: str) -> Comparison:
    """The fixture with one dangling cross-reference."""
    q0 = comparison.quotes[0]
    if what == "quote article":
        return dataclasses.replace(
            comparison, quotes=(dataclasses.replace(q0, article="gazette"), *comparison.quotes[1:])
        )
    if what == "quote speaker":
        return dataclasses.replace(
            comparison, quotes=(dataclasses.replace(q0, speaker_id="ghost"), *comparison.quotes[1:])
        )
    if what == "alignment quote":
        a0 = comparison.alignments[0]
        bad = dataclasses.replace(a0, quotes=(*a0.quotes, "missing-quote"))
        return dataclasses.replace(comparison, alignments=(bad, *comparison.alignments[1:]))
    if what == "discrepancy article":
        d0 = comparison.discrepancies[0]
        bad = dataclasses.replace(d0, values={**d0.values, "gazette": "x"})
        return dataclasses.replace(comparison, discrepancies=(bad,))
    if what == "exclusive not voiced":
        cov = dataclasses.replace(comparison.coverage, exclusive={"local": (REYES,)})
        return dataclasses.replace(comparison, coverage=cov)
    if what == "duplicate text":
        twin = dataclasses.replace(comparison.articles[0], id="twin")
        return dataclasses.replace(comparison, articles=(*comparison.articles, twin))
    raise AssertionError(what)


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("quote article", "unknown article label 'gazette'"),
        ("quote speaker", "speaker_id refers to unknown id 'ghost'"),
        ("alignment quote", "unknown id 'missing-quote'"),
        ("discrepancy article", "unknown article label 'gazette'"),
        ("exclusive not voiced", "exclusive voices it lacks"),
        ("duplicate text", "identical text"),
    ],
)
def test_dangling_references_are_refused(db, comparison: Comparison, what: str, message: str):
    before = counts(db)
    with pytest.raises(ValueError, match=message):
        save_comparison(db, broken(comparison, what))
    assert counts(db) == before


@pytest.mark.parametrize(
    "sql",
    [
        'INSERT INTO quote (comparison_id, id, position, article_id, kind, start, "end", text,'
        " how) VALUES ('{cid}', 'q-new', 99, 'no-such-article', 'direct', 0, 1, 'x', '')",
        "INSERT INTO comparison_article (comparison_id, article_id, label, position, source,"
        " in_voices, in_exclusive) VALUES ('{cid}', 'no-such-article', 'x', 9, '', 0, 0)",
        'INSERT INTO quote (comparison_id, id, position, article_id, kind, start, "end", text,'
        " person_id, how) VALUES ('{cid}', 'q-new', 99, '{sha}', 'direct', 0, 1, 'x', 'ghost', '')",
        "INSERT INTO alignment_member (comparison_id, alignment_id, position, quote_id)"
        " VALUES ('{cid}', '{aid}', 99, 'no-such-quote')",
        'INSERT INTO mention (comparison_id, person_id, position, article_id, start, "end", text)'
        " VALUES ('{cid}', 'ghost', 0, '{sha}', 0, 1, 'x')",
        'INSERT INTO dropped (article_id, position, start, "end", reason)'
        " VALUES ('no-such-article', 0, 0, 1, 'caption')",
        "DELETE FROM article WHERE id = '{sha}'",
    ],
    ids=[
        "quote-missing-article",
        "link-missing-article",
        "quote-missing-person",
        "member-missing-quote",
        "mention-missing-person",
        "dropped-missing-article",
        "delete-article-in-use",
    ],
)
def test_foreign_keys_are_enforced(db, comparison: Comparison, sql: str):
    save_comparison(db, comparison)
    ids = {"cid": comparison.id, "sha": comparison.articles[0].sha}
    ids["aid"] = comparison.alignments[0].id
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute(sql.format(**ids))
