"""The paste form's library side: pasted texts (or URLs) to a comparison.

Input is capped before any work is done (count, size of each text, size of the request), a URL
is fetched with the ingest fetcher (public addresses only, size-capped, robots.txt obeyed), and
the comparison runs the same pipeline as `newsparallax compare`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsparallax.model import Article, Comparison, InputError

MAX_TEXTS = 8
MAX_CHARS = 200_000  # one pasted article; long features run to ~60,000 characters
MAX_BODY = MAX_TEXTS * MAX_CHARS * 4 + 64_000  # the whole request, UTF-8 worst case


class PasteError(ValueError):
    """Input the form refuses; the message is shown to the user as it is."""


@dataclass(frozen=True)
class PasteOptions:
    fetch_timeout: float = 15.0
    fetch_max_bytes: int = 5 * 1024 * 1024


def _is_url(text: str) -> bool:
    return "\n" not in text.strip() and text.strip().lower().startswith(("http://", "https://"))


# One word that begins with a URL scheme: `file:///etc/passwd`, `ftp://...`, `data:...`.
_ADDRESS = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):\S+")


def _other_address(text: str) -> str | None:
    """The scheme of an address that is not http(s), when the whole entry is one: it is
    refused, not compared as an article whose text is the address."""
    match = _ADDRESS.fullmatch(text.strip())
    return match[1].lower() if match and not _is_url(text) else None


def _fetch_all(urls: list[str], options: PasteOptions) -> dict[str, bytes | PasteError]:
    """Every pasted URL's page, fetched at once (they are usually different outlets): a form
    with eight URLs waits for the slowest, not for the sum."""
    from concurrent.futures import ThreadPoolExecutor

    from newsparallax.corpus.fetch import Fetcher, FetchError, FetchOptions

    fetch_options = FetchOptions(
        timeout=options.fetch_timeout,
        retries=0,
        delay=0.0,
        max_bytes=options.fetch_max_bytes,
        connections=max(1, len(urls)),
    )

    def get(url: str) -> bytes | PasteError:
        try:
            return fetcher.get(url).content
        except FetchError as exc:
            return PasteError(f"cannot fetch {url}: {exc.reason}")

    if not urls:
        return {}
    with Fetcher(fetch_options) as fetcher, ThreadPoolExecutor(len(urls)) as pool:
        return dict(zip(urls, pool.map(get, urls), strict=True))


def read_pasted(texts: Sequence[str], options: PasteOptions | None = None) -> list[Article]:
    """Articles from pasted texts, in order, labelled `pasted-1`, `pasted-2`, ... (a URL keeps
    its address as the source). Blank entries are skipped; fewer than two articles, too many
    or too long ones raise PasteError."""
    from newsparallax.reading.html import article_from_html
    from newsparallax.reading.text import article_from_text

    options = options or PasteOptions()
    entries = [t.replace("\r\n", "\n") for t in texts if t and t.strip()]
    if len(entries) < 2:
        raise PasteError("paste at least two articles (or URLs) to compare")
    if len(entries) > MAX_TEXTS:
        raise PasteError(f"at most {MAX_TEXTS} articles at a time")
    for i, entry in enumerate(entries, 1):
        if len(entry) > MAX_CHARS:
            raise PasteError(f"article {i} is longer than {MAX_CHARS:,} characters")
        if scheme := _other_address(entry):
            raise PasteError(
                f"article {i}: only http:// and https:// addresses are fetched, not {scheme}:"
            )
    pages = _fetch_all(list(dict.fromkeys(e.strip() for e in entries if _is_url(e))), options)
    articles = []
    for i, entry in enumerate(entries, 1):
        label = f"pasted-{i}"
        try:
            if _is_url(entry):
                url = entry.strip()
                page = pages[url]
                if isinstance(page, PasteError):
                    raise page
                articles.append(article_from_html(page, label, source=url))
            elif entry.lstrip().startswith("<"):
                articles.append(article_from_html(entry, label, source=label))
            else:
                articles.append(article_from_text(entry, label, source=label))
        except InputError as exc:
            raise PasteError(f"article {i}: {exc.reason}") from None
    if len({a.sha for a in articles}) < 2:
        raise PasteError("the pasted articles are the same text")
    return articles


def compare_pasted(
    texts: Sequence[str], nlp: Callable[[], object], options: PasteOptions | None = None
) -> Comparison:
    """Read and compare pasted articles; `nlp` returns the (lazily loaded) spaCy pipeline."""
    from newsparallax.pipeline import compare

    articles = read_pasted(texts, options)
    return compare(articles, nlp())  # type: ignore[arg-type]
