"""The one decoder: the same rules for `compare` (strict) and for corpora (lenient), with
(input, expected) cases; and the two readers agreeing on the bytes both take."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from newsparallax.model import InputError
from newsparallax.reading.decode import decode
from newsparallax.reading.document import Document, read_document
from newsparallax.reading.files import read_article

TEXT = "MAPLETON, Vt. — “The café will close,” said Renée Dubois.\nIt had stood since 1985.\n"
CP1252 = TEXT.encode("cp1252")
NUL_LATE = (TEXT * 200).encode("utf-8")[:9500] + b"\x00" + TEXT.encode("utf-8")
assert len(TEXT.encode("utf-8")) * 200 > 9500  # the NUL sits past the first 9 KB


@dataclass(frozen=True)
class Refused:
    """The decoder refuses the bytes, with these words in its reason."""

    words: str


# bytes, how (strict, encoding, declared), the text or the refusal
CASES = {
    "utf-8": (TEXT.encode("utf-8"), (True, None, None), TEXT),
    "utf-8 lenient": (TEXT.encode("utf-8"), (False, None, None), TEXT),
    "cp1252 strict": (CP1252, (True, None, None), Refused("not valid UTF-8 (byte 0x97")),
    "cp1252 strict names the flag": (CP1252, (True, None, None), Refused("--encoding cp1252")),
    "cp1252 with --encoding": (CP1252, (True, "cp1252", None), TEXT),
    "cp1252 lenient": (CP1252, (False, None, None), TEXT),
    "cp1252 declared": (CP1252, (True, None, "windows-1252"), TEXT),
    "cp1252 declared as utf-8, strict": (CP1252, (True, None, "utf-8"), Refused("UTF-8")),
    "cp1252 declared as utf-8, lenient": (CP1252, (False, None, "utf-8"), TEXT),
    "unknown declared charset": (TEXT.encode("utf-8"), (True, None, "klingon-8"), TEXT),
    "NUL after 9 KB, strict": (NUL_LATE, (True, None, None), Refused("binary")),
    "NUL after 9 KB, lenient": (NUL_LATE, (False, None, None), Refused("binary")),
    "UTF-16 with BOM, strict": (TEXT.encode("utf-16"), (True, None, None), TEXT),
    "UTF-16 with BOM, lenient": (TEXT.encode("utf-16"), (False, None, None), TEXT),
    "UTF-32 with BOM, lenient": (TEXT.encode("utf-32"), (False, None, None), TEXT),
    "UTF-8 BOM and CR LF": (
        b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"),
        (False, None, None),
        TEXT,
    ),
    "invalid UTF-8, strict": (b"caf\xe9 \x81 bar", (True, None, None), Refused("offset 3")),
    "invalid UTF-8 and cp1252, lenient": (
        b"caf\xe9 \x81 bar",
        (False, None, None),
        Refused("not UTF-8 nor cp1252"),
    ),
    "control bytes": (bytes(range(1, 9)) * 50 + b"text", (False, None, None), Refused("binary")),
    "unknown --encoding": (CP1252, (True, "klingon-8", None), Refused("unknown encoding")),
    "bytes-to-bytes --encoding": (CP1252, (True, "base64", None), Refused("unknown encoding")),
    "bytes-to-bytes declared": (TEXT.encode("utf-8"), (False, None, "base64"), TEXT),
    "wrong --encoding": (CP1252, (True, "ascii", None), Refused("cannot decode as ascii")),
}


@pytest.mark.parametrize(("raw", "how", "expected"), CASES.values(), ids=CASES.keys())
def test_decode(raw: bytes, how: tuple, expected: str | Refused) -> None:
    strict, encoding, declared = how
    if isinstance(expected, Refused):
        with pytest.raises(InputError, match=r"^doc: ") as caught:
            decode(raw, "doc", strict=strict, encoding=encoding, declared=declared)
        assert expected.words in caught.value.reason
    else:
        assert decode(raw, "doc", strict=strict, encoding=encoding, declared=declared) == expected


def test_the_two_readers_agree_on_cp1252(tmp_path: Path) -> None:
    """`compare` refuses what it cannot decode as UTF-8 and says how to read it; read that way,
    it is the text a corpus run reads from the same bytes."""
    path = tmp_path / "cafe.txt"
    path.write_bytes(CP1252)
    with pytest.raises(InputError, match="--encoding cp1252"):
        read_article(path)
    compared = read_article(path, encoding="cp1252")
    ingested = read_document(Document(str(path), CP1252, label="cafe")).article
    assert compared.text == ingested.text == TEXT


def test_the_two_readers_agree_on_a_late_nul(tmp_path: Path) -> None:
    path = tmp_path / "late-nul.txt"
    path.write_bytes(NUL_LATE)
    with pytest.raises(InputError, match="binary"):
        read_article(path)
    with pytest.raises(InputError, match="binary"):
        read_document(Document(str(path), NUL_LATE))
