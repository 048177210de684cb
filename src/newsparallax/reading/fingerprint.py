"""An article's fingerprint for near-duplicate search: the MinHash signature of its word shingles.

Each story becomes a set of word shingles (`SHINGLE` consecutive words, lower-cased, punctuation
dropped; clutter spans left out), summarised by a MinHash signature of `NUM_PERM` permutations,
computed where the document is read (in a corpus worker), so that the driver only compares them
(`corpus.duplicates`). 4-word shingles tolerate a changed word (it spoils at most 4 shingles)
while two different stories about one event, which share names and phrases but not whole
passages, share few of them.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash

from newsparallax.model import Article

SHINGLE = 4
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2's default: 32-bit hash values
_WORD = re.compile(r"\w+")


def story_text(article: Article) -> str:
    """The text with clutter spans blanked out: what near-duplicate search compares."""
    if not article.dropped:
        return article.text
    parts, at = [], 0
    for d in sorted(article.dropped, key=lambda d: d.start):
        if d.start > at:
            parts.append(article.text[at : d.start])
        at = max(at, d.end)
    parts.append(article.text[at:])
    return "\n".join(parts)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word `size`-grams of `text`, lower-cased; a text shorter than that is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str, num_perm: int = NUM_PERM) -> bytes:
    """The MinHash signature of `text`'s shingles, packed as little-endian uint32 values
    (the affine32 scheme's values are 32-bit)."""
    minhash = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    grams = shingles(text)
    if grams:
        minhash.update_batch(list(grams))
    return minhash.hashvalues.astype("<u4").tobytes()


def unpack(packed: bytes) -> np.ndarray:
    return np.frombuffer(packed, dtype="<u4").astype(np.uint32)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4")))


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """Exact Jaccard similarity of two shingle sets (what the signatures estimate)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
