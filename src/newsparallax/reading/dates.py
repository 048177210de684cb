"""When a story was published, where that date came from, and how far to trust it.

Sources in order of trust: what the caller supplied (a JSONL field), the page's JSON-LD
`datePublished`, a <meta> tag (`article:published_time` and its relatives), the date of the feed
entry that linked to the page, a date in the URL
(`/2025/06/11/`), and last a date written near the top of the text. The first that yields a
plausible date wins; when a later source names the same day, confidence goes up (two independent
claims agree). A "modified" date is never taken for the published one.

Confidences are fixed per source, not learned: they rank evidence for a reader of the store
(filter with `date_confidence >= 0.9` for machine-readable claims only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from newsparallax.reading.pagemeta import PageMeta

CONFIDENCE = {
    "given": 1.0,
    "feed": 0.85,
    "json-ld": 0.95,
    "meta": 0.9,
    "url": 0.75,
    "url-month": 0.5,
    "text": 0.5,
}
META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "time-datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
)
EARLIEST_YEAR = 1990


@dataclass(frozen=True)
class Published:
    """A publication date (ISO-8601: a date, or a date-time with offset), its source, confidence."""

    value: str
    source: str  # given | json-ld | meta | feed | url | url-month | text
    confidence: float


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ]
    )
    for m in names.split()
}
_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MDY = re.compile(
    rf"\b{_MONTH_RE}[ ](?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?[ ](?P<year>\d{{4}})\b", re.I
)
_DMY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[ ]{_MONTH_RE},?[ ](?P<year>\d{{4}})\b", re.I
)
_ISO_DAY = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_URL_DAY = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?=[/_.-]|$)"
)
_URL_COMPACT = re.compile(r"/(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?=/)")
_URL_MONTH = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>[01]?\d)/")
_TEXT_HEAD = 1500  # characters: a date line sits under the headline, not in the tenth paragraph


def find_published(
    meta: PageMeta | None,
    url: str | None,
    text: str,
    given: str | None = None,
    feed: str | None = None,
) -> Published | None:
    """The best-supported publication date, or None when nothing plausible is found."""
    found = [
        p
        for p in (
            _given(given, "given"),
            _from_jsonld(meta),
            _from_meta(meta),
            _given(feed, "feed"),
            _from_url(url),
            _from_text(text),
        )
        if p is not None
    ]
    if not found:
        return None
    best = found[0]
    if any(other.value[:10] == best.value[:10] for other in found[1:]):
        best = Published(
            best.value, best.source, round(best.confidence + (1 - best.confidence) / 2, 3)
        )
    return best


def normalise(value: str) -> str | None:
    """An ISO-8601 date or date-time from a machine-readable date string, or None if implausible."""
    value = value.strip()
    if not value:
        return None
    candidate = value.replace("Z", "+00:00").replace("z", "+00:00")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?[+-]\d{4}", candidate):
        candidate = candidate[:-2] + ":" + candidate[-2:]
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        day = _day_in(value)
        return day.isoformat() if day else None
    if not _plausible(parsed.date()):
        return None
    if len(candidate) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()


def _given(value: str | None, source: str) -> Published | None:
    found = normalise(value) if value else None
    return Published(found, source, CONFIDENCE[source]) if found else None


def _from_jsonld(meta: PageMeta | None) -> Published | None:
    for obj in meta.jsonld if meta else ():
        value = obj.get("datePublished") or obj.get("dateCreated")
        if isinstance(value, str) and (found := normalise(value)):
            return Published(found, "json-ld", CONFIDENCE["json-ld"])
    return None


def _from_meta(meta: PageMeta | None) -> Published | None:
    if meta is None:
        return None
    for name in META_NAMES:
        for value in meta.meta.get(name, ()):
            if found := normalise(value):
                return Published(found, "meta", CONFIDENCE["meta"])
    return None


def _from_url(url: str | None) -> Published | None:
    if not url:
        return None
    path = url.split("?", 1)[0]
    for pattern in (_URL_DAY, _URL_COMPACT):
        for m in pattern.finditer(path):
            day = _make(m.group("year"), m.group("month"), m.group("day"))
            if day:
                return Published(day.isoformat(), "url", CONFIDENCE["url"])
    for m in _URL_MONTH.finditer(path):
        year, month = int(m.group("year")), int(m.group("month"))
        if 1 <= month <= 12 and _plausible(date(year, month, 1)):
            return Published(f"{year:04d}-{month:02d}", "url-month", CONFIDENCE["url-month"])
    return None


def _from_text(text: str) -> Published | None:
    day = _day_in(text[:_TEXT_HEAD])
    return Published(day.isoformat(), "text", CONFIDENCE["text"]) if day else None


def _day_in(text: str) -> date | None:
    """The first plausible written date in `text` (June 11, 2025 / 11 June 2025 / 2025-06-11)."""
    hits = []
    for pattern in (_MDY, _DMY, _ISO_DAY):
        m = pattern.search(text)
        if m:
            month = m.group("month")
            month_number = int(month) if month.isdigit() else _month(month)
            day = _make(m.group("year"), month_number, m.group("day"))
            if day:
                hits.append((m.start(), day))
    return min(hits)[1] if hits else None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTHS.get(key[:3], 0)


def _make(year: object, month: object, day: object) -> date | None:
    try:
        value = date(int(year), int(month), int(day))  # type: ignore[call-overload]
    except ValueError:
        return None
    return value if _plausible(value) else None


def _plausible(value: date) -> bool:
    today = datetime.now(UTC).date()
    return value.year >= EARLIEST_YEAR and value <= date(today.year + 1, 12, 31)
