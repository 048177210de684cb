"""Parses the tagger gets wrong, written out by hand so the repair is tested whatever parse a
model gives: who the cue's subject is once the parse is read the way a reader reads it."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsparallax.analysis.cues import speaker_of

# (word, tag, pos, dependency, head index, entity)
# "Pence blamed the claim that Obama “founded ISIS,” saying they lied."
PARTICIPLE_GIVEN_A_SUBJECT = [
    ("Pence", "NNP", "PROPN", "nsubj", 1, "B-PERSON"),
    ("blamed", "VBD", "VERB", "ROOT", 1, "O"),
    ("the", "DT", "DET", "det", 3, "O"),
    ("claim", "NN", "NOUN", "dobj", 1, "O"),
    ("that", "IN", "SCONJ", "mark", 11, "O"),
    ("Obama", "NNP", "PROPN", "nsubj", 11, "B-PERSON"),
    ("“", "``", "PUNCT", "punct", 8, "O"),
    ("founded", "VBD", "VERB", "amod", 8, "O"),
    ("ISIS", "NN", "NOUN", "appos", 5, "O"),
    (",", ",", "PUNCT", "punct", 5, "O"),
    ("”", "''", "PUNCT", "punct", 5, "O"),
    ("saying", "VBG", "VERB", "acl", 3, "O"),
    ("they", "PRP", "PRON", "nsubj", 13, "O"),
    ("lied", "VBD", "VERB", "ccomp", 11, "O"),
    (".", ".", "PUNCT", "punct", 1, "O"),
]
PARTICIPLE_WITH_ITS_SUBJECT = [  # "Both met, Ryan saying he was glad."
    ("Both", "DT", "PRON", "nsubj", 1, "O"),
    ("met", "VBD", "VERB", "ROOT", 1, "O"),
    (",", ",", "PUNCT", "punct", 1, "O"),
    ("Ryan", "NNP", "PROPN", "nsubj", 4, "B-PERSON"),
    ("saying", "VBG", "VERB", "advcl", 1, "O"),
    ("he", "PRP", "PRON", "nsubj", 6, "O"),
    ("was", "VBD", "AUX", "ccomp", 4, "O"),
    ("glad", "JJ", "ADJ", "acomp", 6, "O"),
    (".", ".", "PUNCT", "punct", 1, "O"),
]

# "In the rally, Stein, a physician, accused the council.": the subject hung on the phrase
SUBJECT_IN_THE_OPENING_PHRASE = [
    ("In", "IN", "ADP", "prep", 8, "O"),
    ("the", "DT", "DET", "det", 2, "O"),
    ("rally", "NN", "NOUN", "pobj", 0, "O"),
    (",", ",", "PUNCT", "punct", 2, "O"),
    ("Stein", "NNP", "PROPN", "appos", 2, "B-PERSON"),
    (",", ",", "PUNCT", "punct", 4, "O"),
    ("a", "DT", "DET", "det", 7, "O"),
    ("physician", "NN", "NOUN", "appos", 4, "O"),
    ("accused", "VBD", "VERB", "ROOT", 8, "O"),
    ("the", "DT", "DET", "det", 10, "O"),
    ("council", "NN", "NOUN", "dobj", 8, "O"),
    (".", ".", "PUNCT", "punct", 8, "O"),
]
# "And Trump, said Sunshine, who knows him, never forgets.": the parser's subject is Trump
NAME_SET_OFF_AFTER_THE_VERB = [
    ("And", "CC", "CCONJ", "cc", 3, "O"),
    ("Trump", "NNP", "PROPN", "nsubj", 3, "B-PERSON"),
    (",", ",", "PUNCT", "punct", 1, "O"),
    ("said", "VBD", "VERB", "ROOT", 3, "O"),
    ("Sunshine", "NNP", "PROPN", "nsubj", 10, "B-PERSON"),
    (",", ",", "PUNCT", "punct", 4, "O"),
    ("who", "WP", "PRON", "nsubj", 7, "O"),
    ("knows", "VBZ", "VERB", "relcl", 4, "O"),
    ("him", "PRP", "PRON", "dobj", 7, "O"),
    (",", ",", "PUNCT", "punct", 4, "O"),
    ("forgets", "VBZ", "VERB", "ccomp", 3, "O"),
    (".", ".", "PUNCT", "punct", 3, "O"),
]

VOCAB = spacy.blank("en").vocab  # English lexical attributes (what is punctuation), no model


def parsed(rows) -> Doc:
    words, tags, pos, deps, heads, ents = zip(*rows, strict=True)
    spaces = [
        i + 1 < len(words) and words[i + 1] not in ",.”" and w != "“" for i, w in enumerate(words)
    ]
    return Doc(
        VOCAB,
        words=list(words),
        spaces=spaces,
        tags=list(tags),
        pos=list(pos),
        deps=list(deps),
        heads=list(heads),
        ents=list(ents),
    )


@pytest.mark.parametrize(
    ("rows", "cue", "speaker"),
    [
        (PARTICIPLE_GIVEN_A_SUBJECT, "saying", "Pence"),
        (PARTICIPLE_WITH_ITS_SUBJECT, "saying", "Ryan"),
        (SUBJECT_IN_THE_OPENING_PHRASE, "accused", "Stein"),
        (NAME_SET_OFF_AFTER_THE_VERB, "said", "Sunshine"),
    ],
)
def test_who_speaks_once_the_parse_is_repaired(rows, cue, speaker):
    doc = parsed(rows)
    verb = next(t for t in doc if t.text == cue)
    assert speaker_of(verb, [False] * len(doc)).text == speaker
