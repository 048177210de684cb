"""Tests for ingest: datelines, clutter marking, HTML extraction and file reading.

Every text here is invented for these tests; none needs a language model.
"""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

import pytest

from newsparallax.model import InputError
from newsparallax.reading import files
from newsparallax.reading.files import read_article, read_articles
from newsparallax.reading.html import article_from_html, split_authors
from newsparallax.reading.text import article_from_text, find_clutter, find_dateline

# ---------------------------------------------------------------------------------------------
# Datelines
# ---------------------------------------------------------------------------------------------

DATELINES = [
    # text, dateline span text, outlet, place
    (
        "MAPLETON, Vt. (WMPL) — The town will close its bridge.",
        "MAPLETON, Vt. (WMPL) —",
        "WMPL",
        "MAPLETON, Vt.",
    ),
    ("WASHINGTON (AP) — Senators met on Monday.", "WASHINGTON (AP) —", "AP", "WASHINGTON"),
    ("LONDON (Reuters) - Rail fares rose.", "LONDON (Reuters) -", "Reuters", "LONDON"),
    (
        "NEW YORK, Jan. 5 (Reuters) - Shares of a toy maker fell.",
        "NEW YORK, Jan. 5 (Reuters) -",
        "Reuters",
        "NEW YORK",
    ),
    ("SPRINGFIELD, Ill. — Lawmakers adjourned.", "SPRINGFIELD, Ill. —", None, "SPRINGFIELD, Ill."),
    (
        "ST. CLOUD, Minn. -- A snowplow tipped over.",
        "ST. CLOUD, Minn. --",
        None,
        "ST. CLOUD, Minn.",
    ),
    (
        "WINSTON-SALEM, N.C. – A mill reopened.",
        "WINSTON-SALEM, N.C. –",
        None,
        "WINSTON-SALEM, N.C.",
    ),
    (
        "PORT LOUIS, Mauritius, March 3 (Reuters) - A ferry ran aground.",
        "PORT LOUIS, Mauritius, March 3 (Reuters) -",
        "Reuters",
        "PORT LOUIS, Mauritius",
    ),
    ("(CNN) — A storm battered the coast.", "(CNN) —", "CNN", None),
    ("Lisbon (AFP) - Trams stopped running.", "Lisbon (AFP) -", "AFP", "Lisbon"),
    ("BOISE—The governor signed the bill.", "BOISE—", None, "BOISE"),
]


@pytest.mark.parametrize(("text", "span_text", "outlet", "place"), DATELINES)
def test_dateline_found(text: str, span_text: str, outlet: str | None, place: str | None) -> None:
    span, got_outlet, got_place = find_dateline(text)
    assert span is not None
    assert (span.text, got_outlet, got_place) == (span_text, outlet, place)
    assert text[span.start : span.end] == span.text
    assert span.start == 0


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said the plan — which cost $2 million — was a success.",
        "COVID-19 cases rose again in the county this week.",
        "COVID–19 cases rose again in the county this week.",
        "AI — the technology everyone talks about — came up at the meeting.",
        "BREAKING — Police have closed Main Street.",
        "UPDATE — The road has reopened.",
        "NASA said Tuesday — in a brief statement — that the launch was delayed.",
        "Senator Ruiz (D-Ore.) — who chairs the panel — said little.",
        "US officials — speaking anonymously — confirmed the talks.",
        "Harbor officials met on Monday. LONDON (Reuters) - is not at the start.",
        "",
        "   \n\n",
    ],
)
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) == (None, None, None)


def test_dateline_after_headline_and_byline() -> None:
    text = "Bridge to close for repairs\nBy Dana Whitfield\nMAPLETON, Vt. (AP) — The town said."
    span, outlet, place = find_dateline(text)
    assert span is not None and span.text == "MAPLETON, Vt. (AP) —"
    assert text[span.start : span.end] == span.text
    assert (outlet, place) == ("AP", "MAPLETON, Vt.")


def test_dateline_not_searched_past_the_first_paragraph() -> None:
    lead = "The selectboard met for three hours on Monday night. " * 5
    assert find_dateline(lead + "\nLONDON (Reuters) - Late news.") == (None, None, None)


# ---------------------------------------------------------------------------------------------
# Clutter
# ---------------------------------------------------------------------------------------------

LEAD = (
    "MAPLETON, Vt. (WMPL) — The town of Mapleton will close its only covered bridge for "
    "repairs next month, the selectboard decided Monday night."
)
BODY = [
    "“We have patched it for twenty years, and the patches are now holding each other up,” "
    "said selectboard chair Irene Castillo.",
    "Residents will have to use a detour through Elm Falls, adding about 15 minutes to the drive.",
    "The repairs are expected to cost $1.2 million, most of it paid by a state grant.",
    "Crews from a contractor in Rutland will start work on July 7.",
    "The bridge, built in 1871, carries about 900 cars a day.",
]

CLUTTER = [
    # line, reason
    ("[RELATED] Elm Falls library extends weekend hours", "related-link"),
    ("RELATED: Selectboard approves new snowplow contract", "related-link"),
    ("Related: Town meeting moves to the high school gym", "related-link"),
    ("READ MORE: How Vermont pays for its old bridges", "related-link"),
    ("Read more: Five covered bridges worth a detour", "related-link"),
    ("READ ALSO Flood damage still visible along the river", "related-link"),
    ("SEE ALSO: Mapleton's budget at a glance", "related-link"),
    ("MORE: Castillo elected chair in close vote", "related-link"),
    ("WATCH: Drone footage of the bridge deck", "related-link"),
    ("LISTEN: The selectboard meeting in full", "related-link"),
    ("Click here to see a map of the detour.", "related-link"),
    ("Sign up for our morning newsletter", "related-link"),
    ("Subscribe to WMPL News on YouTube", "related-link"),
    ("Follow us on social media for traffic updates", "related-link"),
    ("ELM FALLS SCHOOL BOARD CUTS BUS ROUTES AGAIN", "promo-headline"),
    ("STATE MORE THAN TRIPLES FEES FOR BOAT PERMITS IN THE U.S.", "promo-headline"),
    ("IS YOUR WELL WATER SAFE TO DRINK?", "promo-headline"),
    (
        "FILE – The covered bridge in Mapleton during a spring flood. (Photo: WMPL Reporter "
        "Sam Okafor)",
        "caption",
    ),
    ("FILE - Selectboard chair Irene Castillo at a meeting in 2023.", "caption"),
    ("FILE PHOTO: Trucks wait at the bridge.", "caption"),
    ("PHOTO: The bridge at dusk.", "caption"),
    ("Photo: Workers inspect the beams.", "caption"),
    ("Cars cross the bridge on Monday. (AP Photo/Lena Marsh)", "caption"),
    ("(AP Photo/Lena Marsh)", "caption"),
    ("A worker measures a cracked beam. Photo by Tomas Reyes", "caption"),
    ("The bridge in winter. Photo credit: Mapleton Historical Society", "caption"),
    ("Snow covers the roof of the bridge. Jane Alder/Getty Images", "caption"),
    ("A truck waits at the detour sign. (REUTERS/Paul Novak)", "caption"),
    ("The bridge in 1952. Credit: Town archives", "caption"),
    ("Do you agree with the selectboard's decision?", "poll"),
    ("Do you agree with the selectboard’s decision?", "poll"),
    ("What do you think?", "poll"),
    ("Would you support a toll to pay for the repairs?", "poll"),
    ("POLL: Should the bridge be replaced instead?", "poll"),
    ("Vote: Is the detour too long?", "poll"),
    ("Take our poll on the bridge closure", "poll"),
    ("Tell us how the detour affects your commute", "poll"),
    ("Advertisement", "advert"),
    ("Story continues below advertisement", "advert"),
    ("Copyright 2025 WMPL. All rights reserved.", "boilerplate"),
    ("(Reporting by Dana Whitfield; Editing by Leo Brandt)", "boilerplate"),
    ("By Dana Whitfield and Leo Brandt, WMPL News", "byline"),
    ("Updated 3:15 PM EDT, June 2, 2025", "timestamp"),
]


def _page(line: str, separator: str) -> str:
    """A short story with `line` in the middle: three story paragraphs before it, three after."""
    return separator.join([LEAD, BODY[0], BODY[1], line, *BODY[2:]])


@pytest.mark.parametrize("separator", ["\n\n", "\n", "\r\n"])
@pytest.mark.parametrize(("line", "reason"), CLUTTER)
def test_clutter_marked(line: str, reason: str, separator: str) -> None:
    text = _page(line, separator)
    article = article_from_text(text, "mapleton")
    assert [(text[d.start : d.end], d.reason) for d in article.dropped] == [(line, reason)]


STORY_LOOKALIKES = [
    "But what happens next?",
    "Why did the beams rot so fast?",
    "“Do you really think we can afford a new bridge?” Castillo asked.",
    '"What do you want us to do, build a ferry?" one resident shouted.',
    "“RELATED: nothing,” she joked, when asked about the two projects.",
    "Related costs, such as the detour signs, will come from the highway budget.",
    "More than 200 residents signed a petition to keep one lane open.",
    "Watch crews will be posted at both ends of the detour at night.",
    "Subscribers to the town's alert service will get a text before the closure.",
    "Sign language interpreters will be at the next public hearing.",
    "File photos from 1952 show the bridge after the last major repair.",
    "Getty Images, the photo agency, bought the rights to the archive last year.",
    "NASA engineers once tested a bridge sensor here.",
    "The sign read NO TRUCKS OVER TEN TONS, but drivers ignored it.",
    "THE BRIDGE IS CLOSED. USE THE DETOUR.",
    "By Tuesday, crews had removed the first planks.",
    "Updated figures released Tuesday show repair costs rising by 40 percent.",
    "Copyright lawyers are not involved in the dispute, the town clerk said.",
    "If you drive a truck, the detour adds 20 minutes. Plan ahead, officials said.",
    "Ad hoc committees will review the bids.",
    "Can you imagine crossing it in a loaded truck?",
    "Why drive the long way when you can walk across the ice?",
    "Q: Do you think the bridge can be saved?",
    "HOST: Do you agree with the engineers?",
    "Poll: Most residents back the repair plan.",
    "Reporting by the Mapleton Gazette first revealed the cracks in 2023.",
    "(BEGIN VIDEO CLIP.)",
    "3. FOR MAPLETON ‘THE BRIDGE IS THE TOWN.’",
    "Tell-tale cracks appeared in the north beam last winter.",
    "Voters approved the bond in March, 412 to 380.",
]


@pytest.mark.parametrize("separator", ["\n\n", "\n"])
@pytest.mark.parametrize("line", STORY_LOOKALIKES)
def test_story_lines_kept(line: str, separator: str) -> None:
    assert find_clutter(_page(line, separator)) == ()


@pytest.mark.parametrize(
    "question",
    [
        "Should the town have repaired the bridge sooner, in your view?",
        "Can you imagine crossing it in a loaded truck?",
    ],
)
def test_question_to_reader_closing_the_page_is_a_poll(question: str) -> None:
    text = "\n\n".join([LEAD, *BODY, question])
    assert [(text[d.start : d.end], d.reason) for d in find_clutter(text)] == [(question, "poll")]


def test_caps_headline_at_top_is_kept_but_promo_below_is_dropped() -> None:
    headline = "MAPLETON WILL CLOSE ITS COVERED BRIDGE"
    promo = "ELM FALLS SCHOOL BOARD CUTS BUS ROUTES AGAIN"
    text = "\n\n".join([headline, LEAD, BODY[0], promo, BODY[1]])
    dropped = find_clutter(text)
    assert [(text[d.start : d.end], d.reason) for d in dropped] == [(promo, "promo-headline")]


def test_all_caps_wire_copy_is_not_all_promo() -> None:
    lines = [
        "MAPLETON, VT. (WMPL) — THE TOWN WILL CLOSE ITS BRIDGE NEXT MONTH",
        "THE SELECTBOARD VOTED 3 TO 2 ON MONDAY",
        "REPAIRS WILL TAKE ABOUT SIX WEEKS",
        "RESIDENTS WILL USE A DETOUR THROUGH ELM FALLS",
    ]
    assert find_clutter("\n".join(lines)) == ()


def test_dateline_line_in_caps_is_never_a_promo() -> None:
    text = "First line of the page\nMAPLETON, Vt. (WMPL) — CREWS ARRIVE AT THE BRIDGE TODAY"
    assert find_clutter(text) == ()


def test_several_clutter_lines_ordered_without_overlap() -> None:
    lines = [
        LEAD,
        BODY[0],
        "FILE – The bridge in spring. (Photo: WMPL Staff)",
        "[RELATED] Elm Falls library extends weekend hours",
        BODY[1],
        "ELM FALLS SCHOOL BOARD CUTS BUS ROUTES AGAIN",
        BODY[2],
        "Do you agree with the selectboard's decision?",
    ]
    text = "\n\n".join(lines)
    article = article_from_text(text, "mapleton")
    got = [(text[d.start : d.end], d.reason) for d in article.dropped]
    assert got == [
        (lines[2], "caption"),
        (lines[3], "related-link"),
        (lines[5], "promo-headline"),
        (lines[7], "poll"),
    ]
    ends = [(d.start, d.end) for d in article.dropped]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(ends))
    assert article.is_dropped(text.index(lines[3]), text.index(lines[3]) + 10)
    assert not article.is_dropped(0, 20)


def test_article_from_text_keeps_text_verbatim() -> None:
    text = "\ufeff  " + _page("Advertisement", "\r\n") + "\r\n"
    article = article_from_text(text, "verbatim", source="paste")
    assert article.text == text
    assert (article.id, article.source) == ("verbatim", "paste")


def test_article_from_text_metadata_from_dateline() -> None:
    article = article_from_text(_page("Story text.", "\n\n"), "mapleton")
    assert (article.outlet, article.place) == ("WMPL", "MAPLETON, Vt.")
    assert article.dateline is not None and article.dateline.text == "MAPLETON, Vt. (WMPL) —"
    assert article.title is None and article.authors == ()


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "A" * 1_000_000,
        "AB " * 300_000,
        "(" * 1_000_000,
        "(" + "Aa/" * 300_000,
        "- " * 500_000,
        "you " * 250_000 + "?",
        "DO YOU AGREE WITH THIS?\n" * 40_000,
        "Photo by " * 100_000,
        "WASHINGTON, D.C. (AP) — " * 40_000,
        " " * 1_000_000 + "x",
        "By Aa " * 160_000,
    ],
)
def test_megabyte_inputs_stay_fast(text: str) -> None:
    """CPU seconds of this process, not wall-clock time: other processes on a shared machine
    slow the clock, not the work (a quadratic step takes minutes either way)."""
    began = time.process_time()
    article_from_text(text, "big")
    assert time.process_time() - began < 5


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Mapleton to close covered bridge for repairs | Valley Ledger</title>
  <meta property="og:site_name" content="Valley Ledger">
  <meta property="og:title" content="Mapleton to close covered bridge for repairs">
  <meta name="author" content="Dana Whitfield, Leo Brandt and Ana Kovac">
  <meta property="article:published_time" content="2025-06-02T08:30:00-04:00">
</head>
<body>
  <header>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
    <li><a href="/sports">Sports</a></li><li><a href="/weather">Weather</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>Mapleton to close covered bridge for repairs</h1>
      <p class="byline">By Dana Whitfield</p>
      <p>MAPLETON, Vt. (Ledger) — The town of Mapleton will close its only covered bridge for
      repairs next month, the selectboard decided Monday night after a long debate.</p>
      <p>“We have patched it for twenty years, and the patches are now holding each other up,”
      said selectboard chair Irene Castillo, who has pushed for the repairs since 2021.</p>
      <p>RELATED: Elm Falls library extends weekend hours</p>
      <p>Residents will have to use a detour through Elm Falls, adding about 15 minutes to the
      drive for most commuters, according to the town's road foreman.</p>
      <p>The repairs are expected to cost $1.2 million, most of it paid by a state grant that
      the town won last autumn after two failed applications.</p>
    </article>
  </main>
  <footer>
    <p>© 2025 Valley Ledger. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a>
  </footer>
</body>
</html>
"""


@pytest.mark.parametrize("page", [PAGE, PAGE.encode("utf-8")])
def test_html_article(page: str | bytes) -> None:
    article = article_from_html(page, "ledger", source="ledger.html")
    assert article.title == "Mapleton to close covered bridge for repairs"
    assert article.authors == ("Dana Whitfield", "Leo Brandt", "Ana Kovac")
    assert article.date == "2025-06-02"
    assert article.outlet == "Valley Ledger"
    assert article.place == "MAPLETON, Vt."
    assert article.dateline is not None
    assert article.text[article.dateline.start : article.dateline.end] == "MAPLETON, Vt. (Ledger) —"
    assert "patches are now holding each other up" in article.text
    assert "Privacy policy" not in article.text and "Sports" not in article.text
    assert [(article.text[d.start : d.end], d.reason) for d in article.dropped] == [
        ("RELATED: Elm Falls library extends weekend hours", "related-link")
    ]


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        b"",
        "<html><head><title>Empty</title></head><body></body></html>",
    ],
)
def test_html_without_article_text(page: str | bytes) -> None:
    with pytest.raises(InputError, match="no article text"):
        article_from_html(page, "empty", source="empty.html")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Dana Whitfield, Leo Brandt and Ana Kovac", ("Dana Whitfield", "Leo Brandt", "Ana Kovac")),
        ("By Dana Whitfield; Leo Brandt", ("Dana Whitfield", "Leo Brandt")),
        ("BY DANA WHITFIELD", ("DANA WHITFIELD",)),
        ("Dana Whitfield & Leo Brandt", ("Dana Whitfield", "Leo Brandt")),
        ("Dana Whitfield; Dana Whitfield", ("Dana Whitfield",)),
        ("", ()),
        (None, ()),
    ],
)
def test_split_authors(value: str | None, expected: tuple[str, ...]) -> None:
    assert split_authors(value) == expected


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

STORY = "\n\n".join([LEAD, *BODY, "Do you agree with the selectboard's decision?"])


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_read_plain_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "wmpl-mapleton.txt", STORY)
    article = read_article(path)
    assert article.id == "wmpl-mapleton"
    assert article.source == str(path)
    assert article.text == path.read_text(encoding="utf-8")
    assert article.raw == path.read_bytes()
    assert article.outlet == "WMPL"
    assert [d.reason for d in article.dropped] == ["poll"]


def test_read_article_with_explicit_id(tmp_path: Path) -> None:
    path = _write(tmp_path / "story.txt", STORY)
    assert read_article(path, article_id="local").id == "local"


def test_crlf_offsets_match_read_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "crlf.txt", STORY.replace("\n", "\r\n").encode("utf-8"))
    article = read_article(path)
    assert article.text == path.read_text(encoding="utf-8") == STORY
    poll = article.dropped[0]
    assert article.text[poll.start : poll.end] == "Do you agree with the selectboard's decision?"


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + STORY.encode("utf-8"),
        STORY.encode("utf-16"),  # with the platform's BOM
        b"\xfe\xff" + STORY.encode("utf-16-be"),
        b"\xff\xfe" + STORY.encode("utf-16-le"),
    ],
)
def test_byte_order_marks_are_decoded(tmp_path: Path, data: bytes) -> None:
    article = read_article(_write(tmp_path / "bom.txt", data))
    assert article.text == STORY
    assert article.raw == data
    assert article.dateline is not None and article.dateline.start == 0


def test_explicit_encoding(tmp_path: Path) -> None:
    text = "MAPLETON, Vt. — The café on the bridge will close; its owner, Renée Dubois, shrugged."
    path = _write(tmp_path / "latin.txt", text.encode("cp1252"))
    assert read_article(path, encoding="cp1252").text == text


def test_html_by_suffix(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path / "ledger.html", PAGE))
    assert (article.id, article.outlet, article.title) == (
        "ledger",
        "Valley Ledger",
        "Mapleton to close covered bridge for repairs",
    )
    assert article.raw == PAGE.encode("utf-8")


@pytest.mark.parametrize("data", [("\n  " + PAGE).encode("utf-8"), PAGE.encode("utf-16")])
def test_html_sniffed_from_content(tmp_path: Path, data: bytes) -> None:
    article = read_article(_write(tmp_path / "saved-page.txt", data))
    assert article.outlet == "Valley Ledger"
    assert not article.text.lstrip().startswith("<")


@pytest.mark.parametrize("name", ["ledger.htm", "ledger-saved.txt"])
def test_html_declared_charset(tmp_path: Path, name: str) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "Irene Castillo", "Irène Castillo"
    )
    article = read_article(_write(tmp_path / name, page.encode("cp1252")))
    assert "Irène Castillo" in article.text


BAD_FILES = [
    # name, content, words the reason must contain
    ("empty.txt", b"", ["empty"]),
    ("blank.txt", b"  \n\t\n   \n", ["whitespace"]),
    ("blank16.txt", "   \n\n".encode("utf-16"), ["whitespace"]),
    ("nul.txt", b"MAPLETON \x00\x00\x00 bridge", ["binary"]),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ["binary"]),
    ("controls.txt", bytes(range(1, 9)) * 50 + b"text", ["binary"]),
    ("latin.txt", "Caf\u00e9 on the bridge".encode("cp1252"), ["UTF-8", "offset 3", "--encoding"]),
    ("symbols.txt", "— … ----- ***\n\u200b\u200b".encode(), ["no letters or digits"]),
    ("empty.html", b"<!DOCTYPE html><html><head></head><body></body></html>", ["no article"]),
]


@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_bad_files(tmp_path: Path, name: str, data: bytes, words: list[str]) -> None:
    path = _write(tmp_path / name, data)
    with pytest.raises(InputError) as caught:
        read_article(path)
    assert caught.value.source == str(path)
    assert str(path) in str(caught.value)
    for word in words:
        assert word in caught.value.reason


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    with pytest.raises(InputError, match="no such file") as caught:
        read_article(path)
    assert str(path) in str(caught.value)


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(InputError, match="directory") as caught:
        read_article(path)
    assert str(path) in str(caught.value)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "locked.txt", STORY)
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: simulate the refusal instead

        def refuse(where: Path) -> None:
            raise PermissionError(13, "Permission denied", str(where))

        monkeypatch.setattr(files, "open_regular", refuse)
    try:
        with pytest.raises(InputError, match="permission denied") as caught:
            read_article(path)
        assert str(path) in str(caught.value)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("encoding", ["no-such-codec", "base64"])
def test_unknown_encoding(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / "story.txt", STORY)
    with pytest.raises(InputError, match="unknown encoding") as caught:
        read_article(path, encoding=encoding)
    assert encoding in caught.value.reason


def test_wrong_explicit_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path / "story.txt", b"Caf\xe9 \xff\xfe on the bridge")
    with pytest.raises(InputError, match="cannot decode as utf-8"):
        read_article(path, encoding="utf-8")


def test_read_articles_keeps_good_files_and_dedupes_ids(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = _write(tmp_path / "one" / "mapleton.txt", STORY)
    empty = _write(tmp_path / "empty.txt", b"")
    second = _write(tmp_path / "two" / "mapleton.txt", STORY.replace("WMPL", "WXYZ"))
    missing = tmp_path / "missing.txt"
    page = _write(tmp_path / "mapleton.html", PAGE)
    articles, errors = read_articles([first, empty, second, missing, page])
    assert [a.id for a in articles] == ["mapleton", "mapleton-2", "mapleton-3"]
    assert [a.source for a in articles] == [str(first), str(second), str(page)]
    assert [a.outlet for a in articles] == ["WMPL", "WXYZ", "Valley Ledger"]
    assert [e.source for e in errors] == [str(empty), str(missing)]


def test_read_articles_applies_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path / "cafe.txt", "The café reopened on Monday.".encode("cp1252"))
    articles, errors = read_articles([path], encoding="cp1252")
    assert errors == [] and articles[0].text == "The café reopened on Monday."


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        (
            "Bridge reopens after two-year repair\nRIVERTON — The bridge reopened.",
            "Bridge reopens after two-year repair",
        ),
        ("The bridge reopened on Monday.\nTraffic was light.", None),  # a sentence, not a headline
        ("RIVERTON, Ore. (AP) — The bridge reopened.\nMore text.", None),  # the dateline paragraph
        ("Only one line", None),
        ("", None),
    ],
)
def test_headline_of_plain_text(text, headline):
    from newsparallax.reading.text import find_dateline, find_headline

    assert find_headline(text, find_dateline(text)[0]) == headline
