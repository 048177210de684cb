"""A file into an `Article`, as `newsparallax compare` reads it: HTML by suffix or by its opening
tag, plain text otherwise, decoded strictly (`reading.decode`: a file that is not what its bytes
claim is refused, with the reason and how to pass its encoding).

The only change made when reading a file is the one Python's own text mode makes: a byte-order
mark is not text, and CR LF / CR line ends become LF, so offsets agree with `Path.read_text()`.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from newsparallax.limits import MAX_BYTES
from newsparallax.model import Article, InputError
from newsparallax.reading.decode import declared_charset, decode
from newsparallax.reading.html import article_from_html
from newsparallax.reading.text import article_from_text

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html)\b", re.IGNORECASE)


def read_article(
    path: Path,
    article_id: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Article:
    """An article from a file: HTML by suffix or by its opening tag, plain text otherwise.
    At most `max_bytes` are read (`ingest`'s cap, `--max-bytes`): a larger file is refused.

    Raises InputError naming the file and saying, in a few words, what is wrong with it.
    """
    path = Path(path)
    source = str(path)
    raw = _read_bytes(path, max_bytes)
    if not raw:
        raise InputError(source, "the file is empty")
    is_html = path.suffix.lower() in HTML_SUFFIXES or _sniff_html(raw)
    declared = declared_charset(raw) if is_html else None
    text = decode(raw, source, strict=True, encoding=encoding, declared=declared)
    if not text.strip():
        raise InputError(source, "the file contains only whitespace")
    if not any(c.isalnum() for c in text):
        raise InputError(source, "the file decodes, but contains no letters or digits")
    article_id = article_id or path.stem
    if is_html or _HTML_START.match(text[:1024]):
        article = article_from_html(text, article_id, source)
    else:
        article = article_from_text(text, article_id, source)
    return dataclasses.replace(article, raw=raw)


def read_articles(
    paths: Iterable[Path], encoding: str | None = None, max_bytes: int = MAX_BYTES
) -> tuple[list[Article], list[InputError]]:
    """Read every file; a bad one is reported, never fatal. Ids are made unique ("a", "a-2")."""
    articles: list[Article] = []
    errors: list[InputError] = []
    used: set[str] = set()
    for path in paths:
        try:
            article = read_article(Path(path), encoding=encoding, max_bytes=max_bytes)
        except InputError as error:
            errors.append(error)
            continue
        article_id = _unique(article.id, used)
        used.add(article_id)
        articles.append(dataclasses.replace(article, id=article_id))
    return articles, errors


def _unique(article_id: str, used: set[str]) -> str:
    candidate, n = article_id, 2
    while candidate in used:
        candidate, n = f"{article_id}-{n}", n + 1
    return candidate


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    source = str(path)
    try:
        with open_regular(path) as stream:
            raw = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(source, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise InputError(source, f"cannot read the file: {error.strerror or error}") from None
    if len(raw) > max_bytes:
        raise InputError(source, f"too large: more than {max_bytes} bytes (--max-bytes)")
    return raw


class NotRegularFile(OSError):
    """A path that names no regular file but a FIFO, a device or a socket."""


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading if it is a regular file (a symbolic link is followed), else
    NotRegularFile saying what it is. Opening a FIFO waits for a writer and reading a character
    device such as /dev/zero never ends, so neither may be opened as a document: the kind is
    checked before opening, then again on what was opened (the path may have changed between),
    which is opened without blocking. Every caller reads at most its cap plus one byte."""
    _regular(os.stat(path).st_mode, path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        _regular(os.fstat(fd).st_mode, path)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _regular(mode: int, path: Path) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory, not a file", str(path))
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a file")
        raise NotRegularFile(f"not a regular file ({kind})")


def _sniff_html(raw: bytes) -> bool:
    """An HTML page saved under another name, told from its first tag before decoding, so that
    the charset it declares can be used (UTF-16 pages are caught after decoding instead)."""
    head = raw[:1024].removeprefix(codecs.BOM_UTF8).decode("ascii", "ignore")
    return bool(_HTML_START.match(head))
