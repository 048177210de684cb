"""The caps `newsparallax ingest` puts on hostile input, with their defaults, in one place.

A corpus is input nobody vetted: a 40 GB "article", a 20 KB gzip file that inflates to 20 GB, a
page nested a million elements deep, a WARC file of ten million empty records. Each such input
must cost a bounded amount of memory and time and end as one `error` row whose reason names the
cap and its flag, while the run goes on with the other documents. The caps are options fields
(`IngestOptions`, `SourceOptions`, `FetchOptions`) and `ingest` flags; README "Limits" lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_BYTES = 10 * 1024 * 1024  # one document (file, JSONL line, WARC record, page, stdin)
DOC_TIMEOUT = 60.0  # seconds to extract one document
MAX_RATIO = 100.0  # decompressed / compressed size of a gzip stream
RATIO_FLOOR = 1024 * 1024  # the ratio is judged only beyond this many decompressed bytes
# libxml2, which both trafilatura and we parse HTML with, keeps 256 levels of elements and
# silently drops anything deeper: a deeper limit could not be honoured, only lie.
PARSER_DEPTH = 255
MAX_DEPTH = PARSER_DEPTH  # elements nested inside one another in an HTML page
MAX_WARC_RECORDS = 1_000_000  # records of every type in one WARC file
# The header lines of one WARC record (its WARC and HTTP headers): a crawler writes a few KiB;
# warcio would hold a header line of any length, and take time growing with its square.
MAX_HEADER_BYTES = 64 * 1024


def ratio_reason(ratio: float) -> str:
    return f"refused: decompresses more than {ratio:g} times its size (--max-ratio)"


class TooCompressed(Exception):
    """A gzip stream inflating past `--max-ratio`: reading stops here, not gigabytes later."""


@dataclass
class Inflation:
    """Decompressed against compressed bytes of one gzip stream, over the whole file and since
    the last `mark` (a WARC record, a JSONL line): a bomb late in a large honest file is caught
    by the second, many small bombs by the first."""

    ratio: float = MAX_RATIO
    _mark: tuple[int, int] = field(default=(0, 0), init=False, repr=False)

    def mark(self, decoded: int, compressed: int) -> None:
        self._mark = (decoded, compressed)

    def check(self, decoded: int, compressed: int) -> None:
        """Raise TooCompressed when either measure is past the cap."""
        since = (decoded - self._mark[0], compressed - self._mark[1])
        for out, into in ((decoded, compressed), since):
            if out > RATIO_FLOOR and out > self.ratio * max(into, 1):
                raise TooCompressed(ratio_reason(self.ratio))


def html_too_deep(html: str, max_depth: int) -> str | None:
    """Why `html` is refused when some element lies more than `max_depth` levels deep (the root
    element is level 1) as libxml2 parses it, else None. One parse and one XPath step per
    level, all in C. A `max_depth` beyond PARSER_DEPTH counts as PARSER_DEPTH: the parser keeps
    no deeper levels, so the page could not be read whole."""
    import lxml.html
    from lxml import etree

    depth = min(max_depth, PARSER_DEPTH)
    parser = lxml.html.HTMLParser(collect_ids=False, encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None  # nothing parseable: the extraction says so in its own words
    if root.getroottree().xpath("boolean(" + "/*" * (depth + 1) + ")"):
        return f"refused: HTML nested more than {depth} elements deep (--max-depth)"
    return None
