"""A hand-built Comparison of three invented reports of one invented event (a footbridge in the
fictional town of Marrowby reopening), for testing renderers without running the pipeline.

Every offset is computed with str.index, so `text == article.text[start:end]` holds by
construction. One report is hostile: its headline and one quote carry HTML/JS injection
attempts, which every renderer must show as text and never execute.
"""

from __future__ import annotations

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
)

HOSTILE_TITLE = "Bridge reopens <script>alert(1)</script> | *soon*"
HOSTILE_QUOTE = 'Nobody asked us <script>alert(1)</script>" onmouseover="alert(2)'

LEDGER = """Kessel Street footbridge to reopen after flood repairs

By Ana Ruiz
March 3, 2031

MARROWBY, Ore. (Marrowby Ledger) — The Kessel Street footbridge will reopen next week, \
Mayor Ilse Varga said Tuesday.

"We rebuilt it stronger than before, and it will carry the parade this summer," Varga told \
reporters.

Varga, who has led the city for six years, said the repairs cost $2.1 million.

City engineer Tomas Oduya said the new deck was "good for a century" and that every \
inspection had been passed.

In a statement, the city said:

    The footbridge has passed every load test the state requires.

Photo: The footbridge under repair in February.
"""

COURIER = f"""{HOSTILE_TITLE}

MARROWBY — The rebuilt Kessel Street footbridge opens to walkers next week.

"We rebuilt it stronger than before," Mayor Ilse Varga said. "It will carry the parade \
this summer."

Varga, mayor for eight years, put the cost at $2.4 million.

Resident Joan Pell was unconvinced. “{HOSTILE_QUOTE},” she said.

"It's about time," one neighbour said.

Related: Council approves new parking rules
"""

RADIO = """Footbridge work done, engineer says

MARROWBY (KMRB) — City engineer Tomas Oduya said the Kessel Street footbridge is \
"good for a hundred years."

"The footbridge will reopen next week," Mayor Ilse Varga said.

Poll: Will you walk across the new bridge? Yes / No
"""


def at(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def span(text: str, needle: str, after: int = 0) -> Span:
    return Span(*at(text, needle, after), needle)


def quote(qid, article, text, kind, needle, speaker=None, pid=None, cue=None, after=0) -> Quote:
    start, end = at(text, needle, after)
    return Quote(
        id=qid,
        article=article,
        kind=kind,
        start=start,
        end=end,
        text=needle,
        cue=span(text, cue, end) if cue else None,
        mention=span(text, speaker.split()[-1]) if speaker else None,
        speaker=speaker,
        speaker_id=pid,
        how="name" if cue else "role",
        confidence="high" if cue else "medium",
        cue_kind="cue" if cue else "none",
    )


def dropped(text: str, line: str, reason: str) -> Dropped:
    return Dropped(*at(text, line), reason)


def articles() -> tuple[Article, ...]:
    return (
        Article(
            id="ledger",
            text=LEDGER,
            source="ledger.txt",
            title="Kessel Street footbridge to reopen after flood repairs",
            authors=("Ana Ruiz",),
            date="2031-03-03",
            outlet="Marrowby Ledger",
            place="Marrowby, Ore.",
            dateline=span(LEDGER, "MARROWBY, Ore. (Marrowby Ledger) —"),
            dropped=(
                dropped(LEDGER, "Photo: The footbridge under repair in February.", "caption"),
            ),
        ),
        Article(
            id="courier",
            text=COURIER,
            source="courier.html",
            title=HOSTILE_TITLE,
            outlet=None,
            place="Marrowby",
            dateline=span(COURIER, "MARROWBY —"),
            dropped=(
                dropped(COURIER, "Related: Council approves new parking rules", "related-link"),
            ),
        ),
        Article(
            id="radio",
            text=RADIO,
            source="https://kmrb.example/news/footbridge",
            title="Footbridge work done, engineer says",
            outlet="KMRB",
            place="Marrowby",
            dateline=span(RADIO, "MARROWBY (KMRB) —"),
            dropped=(
                dropped(RADIO, "Poll: Will you walk across the new bridge? Yes / No", "poll"),
            ),
        ),
    )


def quotes() -> tuple[Quote, ...]:
    varga, oduya, pell, city = "Ilse Varga", "Tomas Oduya", "Joan Pell", "City of Marrowby"
    l1 = "We rebuilt it stronger than before, and it will carry the parade this summer,"
    return (
        quote("l1", "ledger", LEDGER, "indirect",
              "The Kessel Street footbridge will reopen next week", varga, "p1", "said"),
        quote("l2", "ledger", LEDGER, "direct", l1, varga, "p1", "told"),
        quote("l3", "ledger", LEDGER, "indirect", "the repairs cost $2.1 million", varga, "p1"),
        quote("l4", "ledger", LEDGER, "indirect",
              'the new deck was "good for a century" and that every inspection had been passed',
              oduya, "p2"),
        quote("l5", "ledger", LEDGER, "partial", "good for a century", oduya, "p2"),
        quote("l6", "ledger", LEDGER, "block",
              "The footbridge has passed every load test the state requires.", city, "p4"),
        quote("c1", "courier", COURIER, "direct", "We rebuilt it stronger than before,",
              varga, "p1", "said"),
        quote("c2", "courier", COURIER, "direct", "It will carry the parade this summer.",
              varga, "p1"),
        quote("c3", "courier", COURIER, "direct", HOSTILE_QUOTE + ",", pell, "p3", "said"),
        quote("c4", "courier", COURIER, "direct", "It's about time,", None, None, "said"),
        quote("r1", "radio", RADIO, "partial", "good for a hundred years.", oduya, "p2"),
        quote("r2", "radio", RADIO, "direct", "The footbridge will reopen next week,",
              varga, "p1", "said"),
    )  # fmt: skip


def people() -> tuple[Person, ...]:
    def desc(article, text, needle, kind):
        return Descriptor(article, kind, needle, *at(text, needle))

    def mentions(name, *arts):
        last = name.split()[-1]
        return tuple(Mention(aid, *at(t, last), last) for aid, t in arts)

    all_arts = (("ledger", LEDGER), ("courier", COURIER), ("radio", RADIO))
    return (
        Person("p1", "Ilse Varga", aliases=("Varga", "Mayor Ilse Varga"),
               descriptors=(desc("ledger", LEDGER, "Mayor", "title"),
                            desc("courier", COURIER, "mayor for eight years", "role"),
                            desc("radio", RADIO, "Mayor", "title")),
               mentions=mentions("Ilse Varga", *all_arts)),
        Person("p2", "Tomas Oduya", aliases=("Oduya",),
               descriptors=(desc("ledger", LEDGER, "City engineer", "title"),
                            desc("radio", RADIO, "City engineer", "title")),
               mentions=mentions("Tomas Oduya", all_arts[0], all_arts[2])),
        Person("p3", "Joan Pell", aliases=("Pell",),
               descriptors=(desc("courier", COURIER, "Resident", "role"),),
               mentions=mentions("Joan Pell", all_arts[1])),
        Person("p4", "City of Marrowby", kind="organisation", aliases=("the city",)),
    )  # fmt: skip


def alignments() -> tuple[Alignment, ...]:
    ledger_a = "We rebuilt it stronger than before,"
    la, _ = at(LEDGER, ledger_a)
    ca, _ = at(COURIER, ledger_a)
    l_and = LEDGER.index("and it will", la)
    l_rest = LEDGER.index("it will carry", la)
    c_rest = COURIER.index("It will carry")
    rest = "it will carry the parade this summer"
    split_diff = (
        DiffOp("equal", ledger_a, ledger_a, la, la + len(ledger_a), ca, ca + len(ledger_a)),
        DiffOp("delete", "and", "", l_and, l_and + 3, None, None),
        DiffOp("equal", rest, "It will carry the parade this summer",
               l_rest, l_rest + len(rest), c_rest, c_rest + len(rest)),
    )  # fmt: skip
    l5, r1 = at(LEDGER, "good for a century"), at(RADIO, "good for a hundred years")
    reword_diff = (
        DiffOp("equal", "good for a", "good for a", l5[0], l5[0] + 10, r1[0], r1[0] + 10),
        DiffOp("replace", "century", "hundred years", l5[0] + 11, l5[1], r1[0] + 11, r1[1]),
    )
    return (
        Alignment("a1", ("l2", "c1", "c2"), "split", "p1",
                  (AlignedPair(("l2",), ("c1", "c2"), "split", 0.94, split_diff),)),
        Alignment("a2", ("l5", "r1"), "reworded", "p2",
                  (AlignedPair(("l5",), ("r1",), "reworded", 0.71, reword_diff),)),
        Alignment("a3", ("l1", "r2"), "paraphrase", "p1",
                  (AlignedPair(("l1",), ("r2",), "paraphrase", 0.88),)),
    )  # fmt: skip


def discrepancies() -> tuple[Discrepancy, ...]:
    return (
        Discrepancy(
            "d1", "p1", "Ilse Varga", "years as mayor",
            values={"ledger": "six years", "courier": "eight years", "radio": None},
            spans={"ledger": span(LEDGER, "six years"), "courier": span(COURIER, "eight years"),
                   "radio": None},
        ),
        Discrepancy(
            "d2", "p1", "Ilse Varga", "cost of repairs",
            values={"ledger": "$2.1 million", "courier": "$2.4 million"},
            spans={"ledger": span(LEDGER, "$2.1 million"),
                   "courier": span(COURIER, "$2.4 million")},
        ),
    )  # fmt: skip


def build_sample_comparison() -> Comparison:
    return Comparison(
        articles=articles(),
        quotes=quotes(),
        people=people(),
        alignments=alignments(),
        discrepancies=discrepancies(),
        coverage=Coverage(
            voices={"ledger": ("p1", "p2", "p4"), "courier": ("p1", "p3"), "radio": ("p2", "p1")},
            exclusive={"ledger": ("p4",), "courier": ("p3",)},
            shared=("p1", "p2"),
        ),
    )
