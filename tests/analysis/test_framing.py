"""What each quote's reporting verb implies (model-backed), side by side across outlets, and each
outlet's shares."""

from __future__ import annotations

import pytest

from newsparallax.analysis.framing import aligned_frames, frame_of, outlet_shares
from newsparallax.pipeline import compare
from newsparallax.reading.text import article_from_text

QUOTE = "“We did everything we could to keep the plant open,” {cue}.\n\nThe plant closed Friday."


@pytest.mark.parametrize(
    ("cue", "verb", "frame"),
    [
        ("Mayor Ana Ruiz said", "say", "neutral"),
        ("Mayor Ana Ruiz told reporters", "tell", "neutral"),
        ("Mayor Ana Ruiz insisted", "insist", "assertive"),
        ("Mayor Ana Ruiz claimed", "claim", "doubting"),
        ("Mayor Ana Ruiz admitted", "admit", "conceding"),
        ("Mayor Ana Ruiz acknowledged", "acknowledge", "conceding"),
        ("Mayor Ana Ruiz stressed", "stress", "assertive"),
        ("Mayor Ana Ruiz alleged", "allege", "doubting"),
    ],
)
def test_the_frame_of_a_cue(nlp, cue, verb, frame):
    comparison = compare([article_from_text(QUOTE.format(cue=cue), "one")], nlp)
    (found,) = comparison.framing
    assert (found.verb, found.frame) == (verb, frame)


@pytest.mark.parametrize(
    ("verb", "frame"),
    [("slam", "emotive"), ("lash out", "emotive"), ("deny", "denying"), ("urge", "directive"),
     ("according to", "neutral"), ("point out", "factive"), ("mumble", "other")],
)  # fmt: skip
def test_the_lexicon(verb, frame):
    assert frame_of(verb) == frame


def test_aligned_renderings_show_a_change_of_frame(nlp):
    said = article_from_text(QUOTE.format(cue="Mayor Ana Ruiz said"), "said")
    admitted = article_from_text(QUOTE.format(cue="Mayor Ana Ruiz admitted"), "admitted")
    also_said = article_from_text(QUOTE.format(cue="Ruiz said"), "also")
    changed = compare([said, admitted], nlp)
    (frames,) = aligned_frames(changed)
    assert frames.changed
    assert {(r.article, r.verb) for r in frames.renderings} == {
        ("said", "say"),
        ("admitted", "admit"),
    }
    (same,) = aligned_frames(compare([said, also_said], nlp))
    assert not same.changed


def test_outlet_shares(nlp):
    text = (
        "“The plant will close,” Mayor Ana Ruiz admitted on Friday.\n\n"
        "“It is a sad day,” one worker said.\n\n"
        "Ruiz said the city would help the workers find new jobs."
    )
    shares = outlet_shares(compare([article_from_text(text, "one")], nlp))["one"]
    assert shares.quotes == 3
    assert (shares.direct, shares.reported) == (2, 1)
    assert (shares.named, shares.unnamed) == (2, 1)
    assert shares.frames == {"conceding": 1, "neutral": 2}
    assert shares.share("conceding") == pytest.approx(1 / 3)
