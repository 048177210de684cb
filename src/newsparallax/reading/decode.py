"""Bytes to text: the one decoder every reader uses, a file given to `compare` as much as a page
in a crawl.

The rules are the same everywhere:

- the codec is, in this order of trust, the one the caller names (`--encoding`), a byte-order
  mark's (UTF-8, UTF-16, UTF-32), the charset an HTML page declares (`declared_charset`), else
  UTF-8;
- bytes with a NUL anywhere, or a head more than a tenth control bytes, are binary, not text
  (unless a BOM or the caller says what they are); so is a text that decodes to NULs or to
  more than a tenth control characters (UTF-16 read as something else);
- a byte-order mark is not text and CR LF / CR line ends become LF, which is what Python's own
  text mode does, so offsets agree with `Path.read_text()`.

One choice differs, and the caller makes it. `strict` (`compare`: a user named the file and can
name its encoding) refuses bytes the codec cannot decode, saying which byte and how to pass the
encoding. Lenient (a corpus: nobody is there to ask) tries the next codec down the list and, last,
cp1252, since a cp1252 page declared as UTF-8 is common on the web.
"""

from __future__ import annotations

import codecs
import re

from newsparallax.model import InputError

# UTF-32 first: its little-endian BOM begins with UTF-16's.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACK = "cp1252"  # lenient decoding's last resort
HEAD = 8192  # bytes (or characters) judged for control codes
MAX_CONTROLS = 0.1  # share of control codes past which a head is binary
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
BINARY = "looks like binary data (NUL or control bytes), not text"


def decode(
    raw: bytes,
    source: str,
    *,
    strict: bool,
    encoding: str | None = None,
    declared: str | None = None,
) -> str:
    """The text of `raw` by the rules above; InputError naming `source` when it is binary or
    cannot be decoded (`strict`: by the first codec chosen; lenient: by any)."""
    if encoding is not None and not _known(encoding):
        raise InputError(source, f"unknown encoding {encoding!r}")
    bom = next((name for mark, name in BOMS if raw.startswith(mark)), None)
    if encoding is None and bom is None and _looks_binary(raw):
        raise InputError(source, BINARY)
    known = declared if _known(declared) else None
    codecs_to_try = [c for c in (encoding, bom, known, "utf-8") if c]
    if strict:
        codecs_to_try = codecs_to_try[:1]
    else:
        codecs_to_try.append(FALLBACK)
    text, error = None, None
    for codec in dict.fromkeys(codecs_to_try):
        try:
            text = raw.decode(codec)
            break
        except UnicodeDecodeError as exc:
            error = error or (exc, codec)
    if text is None:
        assert error is not None
        if not strict:
            raise InputError(source, f"cannot decode the bytes (not UTF-8 nor {FALLBACK})")
        raise InputError(source, _reason(*error, given=encoding is not None))
    if "\x00" in text or _control_share(text[:HEAD]) > MAX_CONTROLS:
        raise InputError(source, "looks like binary data (control characters), not text")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its top, as written."""
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _known(codec: str | None) -> bool:
    """Whether Python has a text codec by this name (not base64 and its kind: bytes to bytes)."""
    if not codec:
        return False
    try:
        info = codecs.lookup(codec)
    except LookupError:
        return False
    return getattr(info, "_is_text_encoding", True)


def _reason(error: UnicodeDecodeError, codec: str, given: bool) -> str:
    byte = error.object[error.start : error.start + 1].hex()
    where = f"byte 0x{byte} at offset {error.start}"
    if given:
        return f"cannot decode as {codec}: {where}"
    name = "UTF-8" if codec == "utf-8" else codec.upper()
    return f"not valid {name} ({where}); pass its encoding with --encoding, e.g. --encoding cp1252"


def _looks_binary(raw: bytes) -> bool:
    """NUL bytes anywhere, or a head that is more than a tenth control bytes."""
    if b"\x00" in raw:
        return True
    head = raw[:HEAD]
    controls = sum(1 for b in head if b < 32 and chr(b) not in _TEXT_CONTROLS)
    return controls > MAX_CONTROLS * len(head)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for c in text if (c < " " or "\x7f" <= c < "\xa0") and c not in _TEXT_CONTROLS)
    return controls / len(text)
