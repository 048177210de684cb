"""Generated news pages for the ingest benchmark and tests: realistic HTML (navigation, byline,
JSON-LD or <meta> dates, related links, footer) around invented stories, plus syndicated copies
with known edits (a few words changed, the ending trimmed, boilerplate added).

Everything is invented from a seeded RNG: names, places and sentences are recombined from small
word lists, so no real article text is copied, and the same seed gives the same pages.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace

FIRST = (
    "Ana Ben Carla Dev Elena Farid Grace Hank Ines Jon Kira Luis Maren Nico Olga Priya Quinn Rosa"
    " Sam Tara Umar Vera Walt Xena Yusuf Zoe"
).split()
LAST = (
    "Abbott Brandt Castillo Dunmore Ellery Faraday Gomez Haskins Ibarra Jensen Kowalski Lindqvist"
    " Moreau Natarajan Okafor Pruitt Quintero Ramsey Sato Tremblay Underwood Varga Whitfield Yoon"
).split()
PLACES = (
    "Millbrook Riverton Ashford Calder Dunmore Eastvale Fairhaven Glenwood Harrow Ironton"
    " Juniper Kestrel Larkspur Marrowby Northgate Oakridge Pinecrest Quarry Redwater Stonebridge"
).split()
TOPICS = (
    "water board|city council|school district|transit agency|county commission|port authority"
    "|state senate|hospital board|police department|library trustees|zoning panel|fire district"
).split("|")
NOUNS = (
    "budget plan vote rate fee levy bridge road pipe main reservoir tunnel station clinic school"
    " contract audit report permit lawsuit election program policy grant loan shortfall deficit"
    " proposal agreement hearing deadline schedule project study survey review forecast"
).split()
VERBS = (
    "approved rejected delayed expanded cut raised funded questioned defended revised"
    " announced postponed criticised endorsed reviewed extended paused cancelled"
).split()
ADJ = (
    "new costly contested narrow emergency regional temporary long-awaited unpopular modest"
    " ambitious revised preliminary final disputed overdue"
).split()
OUTLETS = (
    "The Valley Courier|Riverton Daily|KMBR News|The Ridgeline Dispatch|Calder Gazette"
    "|Northgate Herald|Eastvale Times|Harrow Post"
).split("|")
BOILERPLATE = (
    "This story was originally published by the Valley Wire Service and is republished here"
    " under a content-sharing agreement.",
    "Sign up for our morning newsletter to get the day's top local stories in your inbox.",
    "Copyright 2025 Valley Wire Service. All rights reserved. This material may not be"
    " published, broadcast, rewritten or redistributed without permission.",
)


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    outlet: str
    date: str  # YYYY-MM-DD
    place: str


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng: random.Random, people: list[str], place: str, topic: str) -> str:
    who = rng.choice(people)
    surname = who.split()[1]
    n = rng.randint(2, 95)
    forms = (
        f"The {place} {topic} {rng.choice(VERBS)} the {rng.choice(ADJ)} {rng.choice(NOUNS)}"
        f" on {rng.choice(('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'))} by a"
        f" {rng.randint(3, 9)}-{rng.randint(1, 4)} vote.",
        f"“We {rng.choice(VERBS)} the {rng.choice(NOUNS)} because the {rng.choice(NOUNS)} left"
        f" us no choice,” said {who}, who has led the {topic} for {n} years.",
        f"{surname} said the {rng.choice(NOUNS)} would cost about ${n}.{rng.randint(1, 9)}"
        f" million and take {rng.randint(2, 30)} months to finish.",
        f"Critics, including {rng.choice(people)}, said the {rng.choice(ADJ)}"
        f" {rng.choice(NOUNS)} {rng.choice(VERBS)} last year had not helped"
        f" {rng.choice(PLACES)} residents.",
        f"According to a {rng.choice(ADJ)} {rng.choice(NOUNS)}, {n} percent of households in"
        f" {place} saw their {rng.choice(NOUNS)} {rng.choice(VERBS)}"
        f" since {rng.randint(2001, 2024)}.",
        f"“It is {rng.choice(ADJ)}, and people will notice,” {surname} told reporters after the"
        f" {rng.choice(NOUNS)}.",
    )
    return rng.choice(forms)


def story(rng: random.Random, index: int, paragraphs: int = 10) -> Story:
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    people = [person(rng) for _ in range(4)]
    body = tuple(
        " ".join(sentence(rng, people, place, topic) for _ in range(rng.randint(2, 4)))
        for _ in range(paragraphs)
    )
    title = f"{place} {topic} {rng.choice(VERBS)} {rng.choice(ADJ)} {rng.choice(NOUNS)}"
    date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    authors = tuple(person(rng) for _ in range(rng.randint(1, 2)))
    return Story(
        f"s{index:05d}", title.capitalize(), body, authors, rng.choice(OUTLETS), date, place
    )


def url_of(s: Story, host: str = "news.example") -> str:
    y, m, d = s.date.split("-")
    return f"https://{host}/{y}/{m}/{d}/{s.id}-{s.place.lower()}.html"


def page(s: Story, rng: random.Random, date_style: str | None = None) -> str:
    """A whole page: the date in JSON-LD, a <meta> tag, or only the URL/text (`date_style`)."""
    date_style = date_style or rng.choice(("jsonld", "meta", "url", "text"))
    head = [
        f"<title>{s.title} | {s.outlet}</title>",
        f'<meta property="og:site_name" content="{s.outlet}">',
        f'<link rel="canonical" href="{url_of(s)}">',
    ]
    if date_style == "jsonld":
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.title,
            "datePublished": f"{s.date}T08:30:00-07:00",
            "author": [{"@type": "Person", "name": a} for a in s.authors],
            "publisher": {"@type": "Organization", "name": s.outlet},
        }
        head.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    elif date_style == "meta":
        head.append(f'<meta property="article:published_time" content="{s.date}T08:30:00Z">')
    byline = " and ".join(s.authors)
    dateline = ""
    if date_style == "text":
        y, m, d = s.date.split("-")
        months = (
            "January February March April May June July August September October November December"
        )
        dateline = f'<p class="date">Published {months.split()[int(m) - 1]} {int(d)}, {y}</p>'
    related = "".join(
        f'<li><a href="/related/{rng.randint(1, 9999)}">{rng.choice(PLACES)} {rng.choice(NOUNS)}'
        f" {rng.choice(VERBS)}</a></li>"
        for _ in range(4)
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in s.paragraphs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' + "".join(head) + "</head>"
        '<body><nav><a href="/">Home</a> <a href="/local">Local</a>'
        ' <a href="/sports">Sports</a></nav>'
        f'<article><h1>{s.title}</h1><p class="byline">By {byline}</p>{dateline}'
        f"{paragraphs}</article>"
        f"<aside><h2>Related stories</h2><ul>{related}</ul></aside>"
        f"<footer><p>© 2025 {s.outlet}. All rights reserved.</p></footer></body></html>"
    )


def edited(s: Story, rng: random.Random, index: int) -> Story:
    """A syndicated copy: a new headline and outlet, a few words changed (about 1 in 60)."""
    paragraphs = []
    for p in s.paragraphs:
        words = p.split(" ")
        for _ in range(max(1, len(words) // 60)):
            i = rng.randrange(len(words))
            words[i] = rng.choice(("also", "recently", "still", "again", "now", "reportedly"))
        paragraphs.append(" ".join(words))
    return replace(
        s,
        id=f"c{index:05d}",
        title=f"{s.place}: {s.title.lower()}",
        paragraphs=tuple(paragraphs),
        outlet=rng.choice(OUTLETS),
    )


def trimmed(s: Story, rng: random.Random, index: int, keep: float = 0.7) -> Story:
    """A copy cut short: the last paragraphs dropped (wire copies trimmed to fit)."""
    n = max(1, round(len(s.paragraphs) * keep))
    return replace(s, id=f"c{index:05d}", paragraphs=s.paragraphs[:n], outlet=rng.choice(OUTLETS))


def boilerplated(s: Story, rng: random.Random, index: int) -> Story:
    """A copy with a republication note, a newsletter plug and a copyright line added."""
    extra = tuple(rng.sample(BOILERPLATE, 2))
    return replace(
        s, id=f"c{index:05d}", paragraphs=(*s.paragraphs, *extra), outlet=rng.choice(OUTLETS)
    )


COPIERS = (edited, trimmed, boilerplated)


def syndication_set(
    originals: int, copies_per: int = 2, seed: int = 7
) -> tuple[list[Story], set[frozenset[str]]]:
    """Stories plus syndicated copies of some of them, and the true duplicate pairs (by id).

    Two of every three originals get `copies_per` copies, each made by one or two of the
    copiers applied in turn (an edited and then trimmed copy, ...)."""
    rng = random.Random(seed)
    stories: list[Story] = []
    pairs: set[frozenset[str]] = set()
    n = 0
    for i in range(originals):
        original = story(rng, i)
        stories.append(original)
        if i % 3 == 2:
            continue
        family = [original.id]
        for _ in range(copies_per):
            copy = original
            for copier in rng.sample(COPIERS, rng.randint(1, 2)):
                n += 1
                copy = copier(copy, rng, n)
            stories.append(copy)
            family.append(copy.id)
        pairs |= {frozenset((a, b)) for a in family for b in family if a < b}
    rng.shuffle(stories)
    return stories, pairs
