"""Parses the tagger gets wrong, written out by hand so the repair is tested whatever parse a
model gives: who the cue's subject is once the parse is read the way a reader reads it."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsparallax.analysis.cues import subject_of

# (word, tag, pos, dependency, head index)
# "Pence blamed the claim that Obama “founded ISIS,” saying they lied."
PARTICIPLE_GIVEN_A_SUBJECT = [
    ("Pence", "NNP", "PROPN", "nsubj", 1),
    ("blamed", "VBD", "VERB", "ROOT", 1),
    ("the", "DT", "DET", "det", 3),
    ("claim", "NN", "NOUN", "dobj", 1),
    ("that", "IN", "SCONJ", "mark", 11),
    ("Obama", "NNP", "PROPN", "nsubj", 11),
    ("“", "``", "PUNCT", "punct", 8),
    ("founded", "VBD", "VERB", "amod", 8),
    ("ISIS", "NN", "NOUN", "appos", 5),
    (",", ",", "PUNCT", "punct", 5),
    ("”", "''", "PUNCT", "punct", 5),
    ("saying", "VBG", "VERB", "acl", 3),
    ("they", "PRP", "PRON", "nsubj", 13),
    ("lied", "VBD", "VERB", "ccomp", 11),
    (".", ".", "PUNCT", "punct", 1),
]
PARTICIPLE_WITH_ITS_SUBJECT = [  # "Both met, Ryan saying he was glad."
    ("Both", "DT", "PRON", "nsubj", 1),
    ("met", "VBD", "VERB", "ROOT", 1),
    (",", ",", "PUNCT", "punct", 1),
    ("Ryan", "NNP", "PROPN", "nsubj", 4),
    ("saying", "VBG", "VERB", "advcl", 1),
    ("he", "PRP", "PRON", "nsubj", 6),
    ("was", "VBD", "AUX", "ccomp", 4),
    ("glad", "JJ", "ADJ", "acomp", 6),
    (".", ".", "PUNCT", "punct", 1),
]


def parsed(rows) -> Doc:
    words, tags, pos, deps, heads = zip(*rows, strict=True)
    spaces = [
        i + 1 < len(words) and words[i + 1] not in ",.”" and w != "“" for i, w in enumerate(words)
    ]
    return Doc(
        Vocab(),
        words=list(words),
        spaces=spaces,
        tags=list(tags),
        pos=list(pos),
        deps=list(deps),
        heads=list(heads),
    )


@pytest.mark.parametrize(
    ("rows", "cue", "speaker"),
    [
        (PARTICIPLE_GIVEN_A_SUBJECT, "saying", "Pence"),
        (PARTICIPLE_WITH_ITS_SUBJECT, "saying", "Ryan"),
    ],
)
def test_the_subject_of_a_participle_after_a_comma(rows, cue, speaker):
    doc = parsed(rows)
    verb = next(t for t in doc if t.text == cue)
    assert subject_of(verb).text == speaker
