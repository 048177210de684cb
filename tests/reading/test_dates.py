"""Publication dates with their source and confidence; page metadata; authors; teasers."""

from __future__ import annotations

import pytest

from newsparallax.reading.dates import find_published, normalise
from newsparallax.reading.document import clean_authors, detect_language, is_truncated
from newsparallax.reading.pagemeta import read_page_meta

JSONLD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
    '{"@type": "WebSite"}, {"@type": "NewsArticle", "datePublished": "2025-06-10T09:00:00Z"}]}'
    "</script>"
)
META = '<meta property="article:published_time" content="2025-06-11T08:00:00+02:00">'
MODIFIED = '<meta property="article:modified_time" content="2025-07-01T08:00:00Z">'


def html(head: str) -> str:
    return f"<html><head>{head}</head><body><p>x</p></body></html>"


@pytest.mark.parametrize(
    ("head", "url", "text", "expected"),
    [
        (JSONLD + META, None, "", ("2025-06-10T09:00:00+00:00", "json-ld", 0.95)),
        (META, None, "", ("2025-06-11T08:00:00+02:00", "meta", 0.9)),
        (META, "https://x.test/2025/06/11/story", "", ("2025-06-11T08:00:00+02:00", "meta", 0.95)),
        (MODIFIED, "https://x.test/news/2025/06/11/story.html", "", ("2025-06-11", "url", 0.75)),
        ("", "https://x.test/2025/06/story", "", ("2025-06", "url-month", 0.5)),
        ("", "https://x.test/20250611/story", "", ("2025-06-11", "url", 0.75)),
        ("", None, "Harrow\nPublished June 9, 2025\nThe panel voted.", ("2025-06-09", "text", 0.5)),
        ("", None, "Updated 9 Jun. 2024 — text", ("2024-06-09", "text", 0.5)),
        ("", "https://x.test/2025/13/45/story", "", None),  # no such day
        ("", None, "In 1066 the panel voted on March 3, 1850.", None),  # implausible year
        ('<meta name="date" content="not a date">', None, "", None),
    ],
)
def test_published_date_source_and_confidence(head, url, text, expected):
    found = find_published(read_page_meta(html(head)), url, text)
    got = None if found is None else (found.value, found.source, found.confidence)
    assert got == expected


def test_given_date_beats_the_page():
    found = find_published(read_page_meta(html(META)), None, "", given="2025-06-01")
    assert (found.value, found.source, found.confidence) == ("2025-06-01", "given", 1.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-11T08:00:00Z", "2025-06-11T08:00:00+00:00"),
        ("2025-06-11T08:00:00+0200", "2025-06-11T08:00:00+02:00"),
        ("2025-06-11", "2025-06-11"),
        ("Wed, 11 Jun 2025 08:00:00 GMT", "2025-06-11"),
        ("", None),
        ("yesterday", None),
    ],
)
def test_normalise(value, expected):
    assert normalise(value) == expected


def test_page_meta_canonical_lang_and_paywall():
    meta = read_page_meta(
        '<html lang="en-GB"><head><link rel="canonical" href="https://x.test/a">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": '
        '"False"}</script><script type="application/ld+json">{broken</script></head></html>'
    )
    assert (meta.canonical, meta.lang, meta.paywalled) == ("https://x.test/a", "en-GB", True)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["By Jane Doe", "John Roe"], ("Jane Doe", "John Roe")),
        (["JANE DOE", "jane doe", "Jane Doe"], ("Jane Doe",)),
        (["Jane Doe jane@paper.test", "https://paper.test/staff", "Staff 2025"], ("Jane Doe",)),
        ([" ", ""], ()),
    ],
)
def test_clean_authors(names, expected):
    assert clean_authors(names) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council met on Monday and what it decided will surprise many residents who…", True),
        ("A long story. " * 200 + "And so on...", False),
        ("The story goes on.\nSubscribe now to continue reading this article.", True),
        ("The council met on Monday and voted to pause the project.", False),
    ],
)
def test_truncated_teasers(text, expected):
    assert is_truncated(text, None) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The zoning panel voted on Tuesday to pause the project for a year after a hearing.",
            "en",
        ),
        (
            "Le conseil municipal a voté mardi pour suspendre le projet pendant un an.",
            "fr",
        ),
        (
            "Der Stadtrat hat am Dienstag beschlossen, das Projekt für ein Jahr auszusetzen.",
            "de",
        ),
    ],
)
def test_language(text, expected):
    assert detect_language(text) == expected
