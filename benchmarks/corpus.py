"""Synthetic news reports for benchmarking: invented events, each covered by four outlets.

`generate_events(n_events, seed)` returns, per event, four `(article_id, text)` pairs: a wire report
(dateline, single-newline paragraphs), a local TV story (page clutter), a newspaper story (an
organisation's statement) and a blog post. They share the event's facts and the officials' words,
rendered as real outlets do: verbatim, trimmed, split around the cue, reworded or paraphrased, with
the speaker named before or after, by pronoun or by role, in curly or straight marks. Some facts
are stated differently by different outlets (years in office, now and then the vote count).
Everything is drawn from `random.Random(seed)`: the same arguments give the same texts.

Print a few samples: `.venv/bin/python benchmarks/corpus.py`.
"""
# ruff: noqa: E501  (sentence banks read better unwrapped)

from __future__ import annotations

import random
import re
from dataclasses import dataclass

FEMALE = [
    "Elena",
    "Maren",
    "Priya",
    "Dana",
    "Lucia",
    "Grace",
    "Tamsin",
    "Noor",
    "Ingrid",
    "Rosa",
    "Harriet",
    "Keiko",
    "Adaeze",
    "Beth",
    "Carmen",
    "Yvette",
    "Opal",
    "June",
    "Marisol",
    "Thea",
]
MALE = [
    "Walt",
    "Hank",
    "Tomas",
    "Desmond",
    "Arlo",
    "Victor",
    "Emeka",
    "Rudy",
    "Silas",
    "Omar",
    "Gideon",
    "Lyle",
    "Mateo",
    "Curtis",
    "Felix",
    "Ansel",
    "Boyd",
    "Jerome",
    "Rafael",
    "Dmitri",
]
SURNAMES = [
    "Ortiz",
    "Pruitt",
    "Whitfield",
    "Delgado",
    "Natarajan",
    "Holt",
    "Haskins",
    "Okafor",
    "Bertrand",
    "Lindqvist",
    "Marchetti",
    "Castellano",
    "Abernathy",
    "Nakamura",
    "Feeney",
    "Dombrowski",
    "Achebe",
    "Villanueva",
    "Rourke",
    "Sandoval",
    "Kowalczyk",
    "Tremblay",
    "Halvorsen",
    "Mbeki",
    "Quintero",
    "Ashworth",
    "Pellegrini",
    "Yoon",
    "Farrow",
    "Gallo",
    "Esposito",
    "Brandt",
]
TOWNS = [
    "Millbrook",
    "Ashby Falls",
    "Quarry Bend",
    "Larchmont Springs",
    "Cedar Hollow",
    "Port Avery",
    "Wexley",
    "Dunmore Flats",
    "Halston",
    "Brightwater",
    "Kettle Creek",
    "Fairhaven Junction",
    "Oriel",
    "Stonebridge",
    "Marlow Ridge",
    "Tillford",
]
STATES = ["Ore.", "Wash.", "Idaho", "Mont.", "Colo.", "Minn.", "Wis.", "Vt.", "Pa.", "Ohio"]
WIRES = ["AP", "Press Wire", "NWS"]
STATIONS = ["KMBR", "WTKL", "KQRV", "WNVA", "KJAX", "WPLM"]
BLOGS = ["The Ridgeline Dispatch", "Valley Notes", "The Civic Lantern", "Main Street Brief"]

# One kind of local decision each. `line` is (direct, indirect, partial frame); {o}/{c} are marks.
TOPICS = [
    {
        "org": "{town} Water District", "voters": "the {org} board", "body": "board", "official": "Board Chair", "member": "Director",
        "agency": "state Water Resources Department", "site": "{landmark} Reservoir", "thing": "the restrictions", "problem": "the reservoir",
        "decision": "impose Stage 3 water rationing", "headline": "{town} water district approves rationing as {site} drops",
        "photo": "Water levels at {site} sit far below the high-water line",
        "facts": [
            "{site} stood at {pct} percent of capacity, its lowest level for the season since {year}.",
            "Under the new rules, residents may water outdoors only two days a week, before 8 a.m. or after 7 p.m.",
            "Households that use more than {units} units a month will pay a surcharge of ${fee} for every unit above that line.",
            "The district has budgeted ${money} million to replace a leaking main that dates to the 1950s.",
        ],
        "line": ("If we wait for rain that isn't coming, we'll be rationing drinking water by September. I would rather ration lawn water in June.",
                 "waiting for rain would leave the district rationing drinking water by September",
                 "warned that the district could end up {o}rationing drinking water by September{c}"),
    },
    {
        "org": "{county} County Board of Commissioners", "voters": "{county} County commissioners", "body": "commission", "official": "Commission Chair", "member": "Commissioner",
        "agency": "state Department of Transportation", "site": "{landmark} Bridge", "thing": "the closure", "problem": "the bridge",
        "decision": "close the {site} for emergency repairs", "headline": "Commissioners vote to close {site} for up to {weeks} weeks",
        "photo": "Traffic crosses the {site}",
        "facts": [
            "Inspectors found corrosion on {units} of the bridge's steel bearings during a routine check in {month}.",
            "About {count} vehicles a day cross the {site}, which was built in {year}.",
            "The detour adds roughly {minutes} minutes to a trip between {town} and {town2}.",
            "Repairs are expected to cost ${money} million, most of it from a state bridge fund.",
        ],
        "line": ("We cannot keep patching a bridge that was built for a different century. The engineers were very clear with us.",
                 "the county could not keep patching a bridge built for another era",
                 "said the county could not keep patching a bridge {o}built for a different century{c}"),
    },
    {
        "org": "{town} School Board", "voters": "the {org}", "body": "school board", "official": "Board President", "member": "Board member",
        "agency": "state Department of Education", "site": "{landmark} Elementary", "thing": "the closure", "problem": "enrollment",
        "decision": "close {site} at the end of the school year", "headline": "{town} school board votes to close {site}",
        "photo": "Students leave {site} at the end of the day",
        "facts": [
            "Enrollment at {site} has fallen to {count} students, down from nearly twice that in {year}.",
            "The district says closing the building will save about ${money} million a year.",
            "Students will be moved to two other schools, adding up to {minutes} minutes to some bus routes.",
            "The building needs an estimated ${money2} million in roof and heating repairs.",
        ],
        "line": ("We are not closing a school because we want to. We are closing it because keeping half-empty buildings open takes teachers out of classrooms.",
                 "keeping half-empty buildings open was taking teachers out of classrooms",
                 "said half-empty buildings were taking {o}teachers out of classrooms{c}"),
    },
    {
        "org": "{landmark} Regional Hospital", "voters": "the board of {org}", "body": "hospital board", "official": "Board Chair", "member": "Trustee",
        "agency": "state Health Authority", "site": "{landmark} Regional", "thing": "the change", "problem": "the staffing shortage",
        "decision": "end labor and delivery services by {month}", "headline": "{site} to stop delivering babies by {month}",
        "photo": "The entrance to {org}",
        "facts": [
            "The hospital delivered {count} babies last year, about half as many as in {year}.",
            "Expectant mothers will have to travel to {town2}, roughly {minutes} minutes away.",
            "The unit lost ${money} million last year, according to figures presented at the meeting.",
            "Hospital officials said {units} nurses have left the unit since January.",
        ],
        "line": ("We cannot staff a unit safely with the nurses we have. I will not put mothers at risk to keep a sign on the door.",
                 "the hospital could not staff the unit safely with the nurses it had",
                 "said the board would not put mothers at risk {o}to keep a sign on the door{c}"),
    },
    {
        "org": "{county} Transit Authority", "voters": "the {org} board", "body": "transit board", "official": "Board Chair", "member": "Board member",
        "agency": "state Department of Transportation", "site": "Route {units}", "thing": "the fare increase", "problem": "the budget gap",
        "decision": "raise bus fares and cut weekend service", "headline": "Transit board raises fares, trims weekend buses",
        "photo": "A {county} Transit bus on {site}",
        "facts": [
            "The base fare will rise from $1.75 to ${fee}, the first increase since {year}.",
            "The authority faces a ${money} million shortfall after federal relief money ran out.",
            "Weekend service on {site} and two other routes will run every {minutes} minutes instead of every 30.",
            "Ridership has recovered to about {pct} percent of its level before the pandemic.",
        ],
        "line": ("Nobody took this job to raise fares. But a bus that runs empty on a broken budget helps nobody.",
                 "no board member had wanted to raise fares, but the budget left no choice",
                 "said a transit system running on {o}a broken budget helps nobody{c}"),
    },
    {
        "org": "{town} City Council", "voters": "the {org}", "body": "council", "official": "Mayor", "member": "Council member",
        "agency": "state Department of Housing", "site": "{landmark} mill site", "thing": "the rezoning", "problem": "the housing shortage",
        "decision": "rezone the old {site} for {count} apartments", "headline": "{town} council approves {count} apartments on old {site}",
        "photo": "The empty {site}",
        "facts": [
            "The {site} has sat empty since the mill closed in {year}.",
            "About {pct} percent of the units would be rented below market rates for at least 30 years.",
            "The developer has agreed to pay ${money} million toward a new traffic signal and sewer upgrades.",
            "Construction could begin next spring and take about {weeks} months.",
        ],
        "line": ("Our teachers and nurses cannot afford to live in the town they serve. That is the problem this vote starts to fix.",
                 "local teachers and nurses could not afford to live in town",
                 "called the shortage {o}the problem this vote starts to fix{c}"),
    },
]  # fmt: skip

OFFICIAL = [
    ("Nobody on this {body} wanted to be here tonight, but {problem} doesn't care what we want. If we wait any longer, the choices only get worse.",
     "nobody on the {body} had wanted to make the decision, but waiting would only make the choices worse",
     "said that if the {body} waited, {o}the choices only get worse{c}"),
    ("This is not a punishment. It is the cheapest insurance {town} will ever buy.",
     "{thing} was not a punishment but insurance for {town}",
     "called {thing} {o}the cheapest insurance {town} will ever buy{c}"),
    ("We looked at every option we had, and some of them twice. This was the one that keeps people safe.",
     "the {body} had looked at every option and chosen the safest one",
     "said the {body} had looked at {o}every option we had, and some of them twice{c}"),
    ("I know this is hard for a lot of families. We will revisit it the moment the numbers allow.",
     "{pron} knew the decision was hard on families and the {body} would revisit it when the numbers allowed",
     "promised to revisit the decision {o}the moment the numbers allow{c}"),
    ("Every month we put this off, the bill gets bigger. I was not willing to hand that bill to the next {body}.",
     "delaying would only leave a bigger bill for the next {body}",
     "said {pron} was not willing to hand {o}that bill to the next {body}{c}"),
    ("People have every right to be angry. I would be angry too, and I still think this is the right call.",
     "residents had every right to be angry but the decision was still the right one",
     "said residents had {o}every right to be angry{c}"),
]  # fmt: skip
OPPONENT = [
    ("You don't fix a leaky bucket by telling people to drink less. Fix the problem first.", "officials should fix the underlying problem before asking residents to sacrifice"),
    ("We were handed this plan on a Friday and asked to vote on it Tuesday. That is not how public business should work.", "members had too little time to study the plan before the vote"),
    ("The people paying for this are the ones who already did everything we asked. That's not fair, and it won't hold.", "the plan put the burden on residents who had already done their part"),
    ("There were other options on the table, and we never seriously looked at them. I could not vote for that.", "the {body} had never seriously considered other options"),
]  # fmt: skip
RESIDENT = [
    "I've lived here {res_years} years and I have never seen anything like this. Nobody asked us.",
    "If they want us to cut back, fine. But give us a plan we can actually live with.",
    "My kids are the ones who will feel this. I just want somebody to explain how we're supposed to manage.",
    "We drove in from {town2} to be here tonight. Most people I know couldn't get off work.",
    "I understand the numbers. What I don't understand is why we're hearing about it this late.",
]
JOBS = ["a retired teacher", "who runs a hardware store in {town}", "a nurse at the county clinic", "a {parent} of three", "who farms 40 acres outside {town2}", "a school bus driver", "who owns a diner on Main Street", "a {parent} of two"]  # fmt: skip
INTROS = ["spoke during public comment", "told the board the decision would hit hard", "waited nearly two hours for a turn at the microphone", "stayed after the meeting to talk with neighbors", "grew up a few blocks from the meeting hall"]  # fmt: skip
GROUP = ["they had not been consulted before the vote", "they had already cut back and felt singled out", "they would accept sacrifices if the plan were fair", "they learned about the proposal only days before the meeting"]  # fmt: skip
EXPERT = [
    ("{town} is not alone this year, but it is ahead of most of the region in how quickly things have gone wrong. Other towns are watching closely.", "other communities in the region were watching {town} closely"),
    ("The numbers have been heading this way for a decade. What changed this year is that nobody can pretend otherwise.", "the trend had been visible for a decade"),
]  # fmt: skip
STATEMENTS = ["it would review the effects of {thing} every month and report back to residents", "it understood residents' frustration and would hold two more public meetings"]  # fmt: skip
BACKGROUND = [
    "The {body} last took up the issue in {month} of last year, when members voted to study it further.",
    "A similar proposal failed by a single vote two years ago.",
    "Officials first raised the alarm in a report to the {body} early this year.",
    "The {body} also approved a routine budget amendment and a cleaning contract before turning to the main item.",
    "The meeting ran past {late} p.m., and public comment alone took more than two hours.",
    "More than {crowd} people packed the room, and some stood along the back wall for the entire meeting.",
    "Speakers were limited to two minutes each, and a few were cut off mid-sentence when their time ran out.",
    "Several people in the audience held handmade signs, and the chair twice asked the crowd to stay quiet.",
    "A recording of the meeting is posted on the {org} website.",
]
RELATED = ["Library extends summer hours as heat wave continues", "County fair names new grandstand headliner", "High school robotics team heads to state finals", "Road work to close Main Street lanes next week", "Animal shelter waives adoption fees through Sunday"]  # fmt: skip
PROMOS = ["WEEKEND FORECAST: HEAT ADVISORY EXTENDED THROUGH SUNDAY", "LOCAL BAKERY WINS STATE PIE CONTEST", "POLICE SEEK DRIVER IN TUESDAY HIT-AND-RUN", "FARMERS MARKET MOVES TO NEW LOCATION"]  # fmt: skip
REWORDS = [("We are ", "We're "), ("cannot", "can't"), ("It is ", "It's "), ("I would ", "I'd "), ("people", "folks"), ("families", "households"), (" really", ""), ("every option we had", "every option")]  # fmt: skip
CURLY, STRAIGHT = ("“", "”"), ('"', '"')


@dataclass
class Voice:
    first: str
    last: str
    female: bool
    title: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def pron(self) -> str:
        return "she" if self.female else "he"


class _Event:
    """One invented event: its facts, its people, and the words the four outlets share."""

    def __init__(self, rng: random.Random):
        self.rng = r = rng
        self.names: set[str] = set()
        self.topic = t = r.choice(TOPICS)
        town, town2 = r.sample(TOWNS, 2)
        self.v = {
            "town": town, "town2": town2, "county": r.choice(["Calder", "Wasco", "Larkin", "Orme"]),
            "landmark": r.choice(["Harlan", "Eastside", "Pine Street", "Willow", "Granite", "Lakeshore"]),
            "state": r.choice(STATES), "pct": str(r.randint(18, 74)), "year": str(r.randint(1958, 2012)),
            "units": str(r.randint(6, 24)), "fee": f"{r.randint(2, 4)}.{r.choice(['00', '25', '50'])}",
            "money": f"{r.randint(1, 19)}.{r.randint(1, 9)}", "money2": str(r.randint(2, 30)),
            "count": str(r.randint(3, 60) * 10), "minutes": str(r.choice([15, 20, 25, 40, 45])),
            "weeks": str(r.randint(6, 30)), "month": r.choice(["August", "September", "October", "March"]),
            "res_years": str(r.randint(9, 52)), "late": str(r.randint(10, 11)), "crowd": str(r.randint(8, 40) * 10),
            "vote": r.choice(["5-2", "4-3", "6-1", "7-2", "3-2"]),
        }  # fmt: skip
        for key in ("org", "site", "voters", "body", "decision", "thing", "problem", "agency"):
            self.v[key] = t[key].format(**self.v)
        self.official = self.person(t["official"])
        self.opponent = self.person(t["member"])
        self.expert = self.person("spokesperson")
        self.lawmaker = self.person(r.choice(["State Sen.", "State Rep."]))
        self.party = r.choice(["a Democrat", "a Republican", "an independent"])
        self.years = r.randint(8, 27)  # the official's years on the body, rounded by some outlets
        self.shared = [t["line"], *r.sample(OFFICIAL, 2)]  # quoted, in some form, by every outlet
        self.opp_lines = r.sample(OPPONENT, 2)

    def person(self, title: str) -> Voice:
        while True:
            female = self.rng.random() < 0.5
            first, last = self.rng.choice(FEMALE if female else MALE), self.rng.choice(SURNAMES)
            if first not in self.names and last not in self.names:
                self.names |= {first, last}
                return Voice(first, last, female, title)

    def fill(self, text: str, who: Voice | None = None, **extra: str) -> str:
        parent = "mother" if who and who.female else "father"
        return text.format(
            **{**self.v, "pron": who.pron if who else "they", "parent": parent, **extra}
        )


class _Article:
    """One outlet's report of an event, built as blocks of paragraphs (a quote and the paragraph
    that continues it stay in one block, so filler never comes between them)."""

    def __init__(self, ev: _Event, outlet: str, marks: tuple[str, str]):
        self.ev, self.r, self.outlet = ev, ev.rng, outlet
        self.o, self.c = marks
        self.residents = [
            self.r.sample(RESIDENT, 3),
            self.r.sample(JOBS, 3),
            self.r.sample(INTROS, 3),
        ]

    def cue(self, words: str, who: Voice, style: str) -> str:
        """A direct quotation with its speaker, in one of the ways reporters write it."""
        o, c, body = self.o, self.c, words.rstrip(".")
        verb = self.r.choice(["said", "said", "says"])
        return {
            "after": f"{o}{body},{c} {who.last} {verb}.",
            "title": f"{o}{body},{c} says {who.title} {who.last}.",
            "before": f"{who.last} said: {o}{words}{c}",
            "pronoun": f"{o}{body},{c} {who.pron} {self.r.choice(['said', 'added'])}.",
            "nominal": f"{o}{body},{c} the {who.title.lower()} said.",
        }[style]

    def render(self, line: tuple[str, ...], who: Voice, how: str, styles: list[str]) -> str:
        """An utterance as this outlet carries it: full, trimmed, split, reworded, partial or
        paraphrased (the last two inside reported speech)."""
        ev = self.ev
        direct, indirect = ev.fill(line[0], who), ev.fill(line[1], who)
        first, _, second = direct.partition(". ")
        if how == "paraphrase":
            return f"{who.last} said {self.r.choice(['that ', ''])}{indirect}."
        if how == "partial" and len(line) > 2:
            return f"{who.last} {ev.fill(line[2], who, o=self.o, c='.' + self.c)}"
        if how == "split" and second:
            return f"{self.o}{first},{self.c} {who.last} said. {self.o}{second}{self.c}"
        if how == "trimmed" and second:
            direct = self.r.choice([first + ".", second])
        if how == "reworded":
            changes = [(a, b) for a, b in REWORDS if a in direct]
            a, b = self.r.choice(changes) if changes else (" and ", ", ")
            direct = direct.replace(a, b, 1)
        return self.cue(direct, who, self.r.choice(styles))

    def years(self) -> str:
        y = self.ev.years
        if self.outlet == "wire":
            return f"{y} years"
        return self.r.choice(
            [f"{y} years", f"nearly {y + 2} years", f"more than {y - 1} years", "for years"]
        )

    def write(self) -> str:
        ev, r, v, o = self.ev, self.r, self.ev.v, self.o
        off, out = ev.official, self.outlet
        usual = {"wire": "full", "tv": "split", "paper": "paraphrase", "blog": "reworded"}[out]
        how = (
            usual if out == "wire" or r.random() < 0.6 else r.choice(["full", "trimmed", "partial"])
        )
        vote = v["vote"] if r.random() > 0.1 else r.choice(["5-2", "4-3", "6-1"])  # a misreport
        lede = ev.fill(
            r.choice([
                "{voters} voted {vote} {day} to {decision}, after a long and at times heated meeting.",
                "After months of warnings, {voters} voted {vote} {day} to {decision}.",
                "Residents of {town} and {town2} will feel the effects of a {vote} vote {day} by {voters} to {decision}.",
            ]),
            vote=vote, day=r.choice(["Tuesday night", "Monday", "on Wednesday"]),
        )  # fmt: skip
        lede = lede[0].upper() + lede[1:]
        place = f"{v['town'].upper()}, {v['state']}"
        head = {
            "wire": [ev.fill(ev.topic["headline"]), f"{place} ({r.choice(WIRES)}) — {lede}"],
            "tv": [f"{place} ({r.choice(STATIONS)}) — {lede}"],
            "paper": [ev.fill(ev.topic["headline"]), lede],
            "blog": [ev.fill(ev.topic["headline"]), f"By {ev.person('writer').name}", f"Let's be honest about what happened this week. {lede}"],
        }[out]  # fmt: skip
        facts = [ev.fill(f) for f in r.sample(ev.topic["facts"], 4)]
        if out in ("paper", "blog"):  # the organisation as a source of reported speech
            facts[0] = f"{facts[0].rstrip('.')}, according to the {v['org']}."
        intro = f"{off.title} {off.name}, who has served {self.years()} on the {v['body']}, said the {v['body']} had run out of easier options."
        blocks = [
            [facts.pop()],
            [intro, self.render(ev.shared[0], off, how, ["after", "title", "pronoun", "before"])],
            [facts.pop()],
            [
                self.render(
                    ev.shared[1],
                    off,
                    r.choice(["full", "trimmed", "reworded", "partial"]),
                    ["after", "title", "before"],
                )
            ],
            self.opponent_block(),
            self.resident_block(),
        ]
        if out == "tv":
            blocks.append([f"Several residents said {r.choice(GROUP)}."])
            blocks.append(
                [
                    f"{v['town']} police said two people were escorted out of the meeting. No one was arrested, police said."
                ]
            )
        if out == "paper":
            blocks.append([
                f"In a statement, the {v['org']} said {ev.fill(r.choice(STATEMENTS))}.",
                "We recognize that this decision asks a great deal of the people we serve. We will report to the public every month on whether it is working.",
            ])  # fmt: skip
        if out in ("wire", "blog"):
            direct, indirect = (ev.fill(t) for t in r.choice(EXPERT))
            e = ev.expert
            blocks.append(
                [
                    f"{e.name}, a spokesperson for the {v['agency']}, said {indirect}.",
                    self.cue(direct, e, "after"),
                ]
            )
        if out in ("wire", "tv"):
            law = ev.lawmaker
            party = f", {ev.party}," if out == "wire" else ""  # only the wire gives the party
            blocks.append(
                [
                    f"{law.title} {law.name}{party} said {law.pron} would ask the state for emergency help.",
                    self.cue(
                        "This community did its part. Now the state has to do its part",
                        law,
                        "after",
                    ),
                ]
            )
        blocks.append(
            [
                self.render(
                    ev.shared[2],
                    off,
                    r.choice(["full", "paraphrase", "trimmed"]),
                    ["after", "nominal", "before"],
                )
            ]
        )
        # Optional paragraphs, added until the article reaches its length.
        extra = r.choice([x for x in OFFICIAL if x not in ev.shared])
        pool = [[f] for f in facts] + [[ev.fill(b)] for b in BACKGROUND]
        pool += [self.resident_block(), self.resident_block()]
        pool.append(
            [
                f"{off.last} also said {ev.fill(extra[1], off)}.",
                self.cue(ev.fill(extra[0], off), off, "pronoun"),
            ]
        )
        r.shuffle(pool)
        target = r.randint(350, 680)
        while pool and len(" ".join(p for b in blocks for p in b).split()) < target:
            blocks.insert(r.randint(2, len(blocks) - 1), pool.pop())
        blocks.append([ev.fill(f"The {v['body']} is scheduled to meet again in {v['month']}.")])
        if out == "tv":
            self.clutter(blocks)
        if out == "blog":
            blocks.append([f"Subscribe to {r.choice(BLOGS)} to get posts like this in your inbox."])
        paras = head + [p for b in blocks for p in b]
        return _tidy("\n".join(paras) if out == "wire" else "\n\n".join(paras), curly=o == "“")

    def opponent_block(self) -> list[str]:
        ev, opp = self.ev, self.ev.opponent
        line, more = ev.opp_lines
        block = [
            f"{opp.title} {opp.name} voted against the measure and argued that {ev.fill(line[1])}.",
            self.render(line, opp, "full", ["after", "pronoun", "title"]),
        ]
        if self.r.random() < 0.5:  # a paragraph that is only a quote: the same speaker goes on
            block.append(f"{self.o}{ev.fill(more[0])}{self.c}")
        return block

    def resident_block(self) -> list[str]:
        ev, who = self.ev, self.ev.person("resident")
        said, job, intro = (ev.fill(bank.pop(), who) for bank in self.residents)
        return [
            f"{who.name}, {job}, {intro}.",
            self.cue(said, who, self.r.choice(["after", "pronoun"])),
        ]

    def clutter(self, blocks: list[list[str]]) -> None:
        r, v, n = self.r, self.ev.v, len(blocks)
        credit = self.ev.person("photographer").name
        blocks.insert(r.randint(2, n // 2), [f"[RELATED] {r.choice(RELATED)}"])
        blocks.insert(
            r.randint(n // 2, n),
            [
                f"FILE – {self.ev.fill(self.ev.topic['photo'])} in {v['town']}, {v['state']} (Photo: {credit})"
            ],
        )
        blocks.insert(r.randint(n // 2, n + 1), [r.choice(PROMOS)])
        blocks.append([f"Do you think the {v['body']} made the right call?"])


def _tidy(text: str, curly: bool) -> str:
    """Curly apostrophes go with curly quote marks; no doubled stops from the templates."""
    if curly:
        text = re.sub(r"(\w)'(\w)", "\\1’\\2", text)
    return re.sub(r"([.?!])[.,]", r"\1", text)


def generate_events(n_events: int, seed: int = 0) -> list[list[tuple[str, str]]]:
    """`n_events` events of four `(article_id, text)` reports each; the same for the same seed."""
    rng = random.Random(seed)
    events = []
    for i in range(n_events):
        ev = _Event(rng)
        articles = []
        for outlet in ("wire", "tv", "paper", "blog"):
            marks = STRAIGHT if rng.random() < 0.3 else CURLY
            articles.append((f"e{i:03d}-{outlet}", _Article(ev, outlet, marks).write()))
        events.append(articles)
    return events


if __name__ == "__main__":
    events = generate_events(60, seed=7)
    words = [len(text.split()) for event in events for _, text in event]
    print(f"{len(words)} articles, {sum(words)} words, {min(words)}-{max(words)} words each")
    for article_id, text in (events[0][1], events[1][2], events[2][0]):
        print(f"\n===== {article_id} =====\n{text}")
