"""The numpy MiniLM against vectors computed once with sentence-transformers and torch (the lab's
environment) on sentences the project wrote: tests/data/minilm-reference.json."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsparallax.analysis.claims import claim_map
from newsparallax.analysis.embeddings import load_encoder, model_dir
from newsparallax.analysis.nlp import parse_articles
from newsparallax.reading.text import article_from_text

REFERENCE = Path(__file__).parent.parent / "data" / "minilm-reference.json"


@pytest.fixture(scope="module")
def encoder():
    found = load_encoder()
    assert found is not None, f"the model package is not installed (model_dir: {model_dir()})"
    return found


def test_vectors_match_the_torch_implementation(encoder):
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    vectors = encoder.encode(reference["texts"])
    assert vectors.shape == (len(reference["texts"]), 384)
    assert np.abs(vectors - np.array(reference["vectors"])).max() < 1e-4
    # batches of mixed lengths (padding) give the same vectors as one text at a time
    alone = np.vstack([encoder.encode([t]) for t in reference["texts"]])
    assert np.abs(vectors - alone).max() < 1e-5


def test_no_text_and_a_very_long_text(encoder):
    assert encoder.encode([]).shape == (0, 384)
    (long,) = encoder.encode(["word " * 5000])  # cut at MAX_TOKENS word pieces
    assert np.isclose(np.linalg.norm(long), 1.0)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (
            "Riverton's council approved the new bridge budget on Monday night.",
            "On Monday night the council in Riverton voted the bridge budget through.",
            True,
        ),
        (
            "Heavy rain flooded three streets near the river on Sunday.",
            "Riverton's council approved the new bridge budget on Monday night.",
            False,
        ),
    ],
)
def test_the_claim_map_groups_by_sentence_vectors(nlp, encoder, first, second, same):
    articles = [article_from_text(first, "a"), article_from_text(second, "b")]
    found = claim_map(articles, list(parse_articles(nlp, articles)), encoder)
    a, b = found.statements
    assert (a.group == b.group) is same
    assert a.only is not same
    assert not found.notes  # grouped by vectors: no note that the model is missing
