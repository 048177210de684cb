"""Framing: what each quote's reporting verb implies about what was said, side by side where
outlets render one utterance, and each outlet's shares of each frame, of named and unnamed
sources and of direct and reported speech.

The class of a verb (neutral, assertive, doubting, conceding, denying, factive, emotive,
directive) is read from `lexicon.CUE_FRAMES`; docs/framing.md gives the lexicon and its sources.
A cue whose verb the lexicon does not know is "other", never guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsparallax.analysis.lexicon import CUE_FRAMES, CUE_PARTICLES, FRAMES
from newsparallax.analysis.nlp import span_between
from newsparallax.model import Comparison, CueFrame, Quote

# A quote is direct speech when it gives the speaker's words in marks; reported otherwise.
DIRECT_KINDS = frozenset({"direct", "partial", "block"})


def cue_frames(quotes: Sequence[Quote], docs: Mapping[str, Doc]) -> tuple[CueFrame, ...]:
    """The frame of every quote that has a cue (article id -> its parse in `docs`)."""
    frames = []
    for quote in quotes:
        if quote.cue is None or quote.article not in docs:
            continue
        verb = cue_verb(span_between(docs[quote.article], quote.cue.start, quote.cue.end))
        frames.append(CueFrame(quote.id, verb, frame_of(verb)))
    return tuple(frames)


def cue_verb(tokens) -> str:
    """The verb of a cue as the lexicon lists it: a lemma, a phrasal verb with its particle
    ("lash out", "point out"), "according to"; else the first verb's lemma."""
    tokens = list(tokens)
    for n, token in enumerate(tokens):
        lemma = token.lemma_.lower()
        if token.lower_ == "according":
            return "according to"
        following = tokens[n + 1].lower_ if n + 1 < len(tokens) else ""
        if following in CUE_PARTICLES and f"{lemma}_{following}" in CUE_FRAMES:
            return f"{lemma} {following}"
        if lemma in CUE_FRAMES:
            return lemma
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX")]
    return (verbs[-1] if verbs else tokens[-1]).lemma_.lower() if tokens else ""


def frame_of(verb: str) -> str:
    return CUE_FRAMES.get(verb.replace(" ", "_"), "other")


@dataclass(frozen=True)
class Rendering:
    """One outlet's rendering of an aligned utterance, with its reporting verb."""

    article: str
    quote: str
    verb: str | None
    frame: str | None


@dataclass(frozen=True)
class AlignedFrames:
    """The reporting verbs of one utterance as each outlet renders it; `changed` when two
    outlets frame it with verbs of different classes ("said" in one, "admitted" in another)."""

    alignment: str
    renderings: tuple[Rendering, ...]

    @property
    def changed(self) -> bool:
        return len({r.frame for r in self.renderings if r.frame is not None}) > 1


def aligned_frames(comparison: Comparison) -> list[AlignedFrames]:
    by_quote = {f.quote: f for f in comparison.framing}
    quotes = {q.id: q for q in comparison.quotes}
    out = []
    for alignment in comparison.alignments:
        renderings = []
        for qid in alignment.quotes:
            frame = by_quote.get(qid)
            renderings.append(
                Rendering(
                    quotes[qid].article if qid in quotes else "?",
                    qid,
                    frame.verb if frame else None,
                    frame.frame if frame else None,
                )
            )
        out.append(AlignedFrames(alignment.id, tuple(renderings)))
    return out


@dataclass
class Shares:
    """Counts behind an outlet's shares: frames of its cued quotes, named and unnamed sources,
    direct and reported speech."""

    quotes: int = 0
    frames: Counter = field(default_factory=Counter)
    named: int = 0
    unnamed: int = 0
    direct: int = 0
    reported: int = 0

    def add(self, other: Shares) -> None:
        self.quotes += other.quotes
        self.frames.update(other.frames)
        self.named += other.named
        self.unnamed += other.unnamed
        self.direct += other.direct
        self.reported += other.reported

    def share(self, frame: str) -> float:
        cued = sum(self.frames.values())
        return self.frames[frame] / cued if cued else 0.0

    def as_dict(self) -> dict:
        cued = sum(self.frames.values())
        return {
            "quotes": self.quotes,
            "cued": cued,
            "frames": {f: self.frames[f] for f in FRAMES if self.frames[f]},
            "named": self.named,
            "unnamed": self.unnamed,
            "direct": self.direct,
            "reported": self.reported,
        }


def count_quote(shares: Shares, kind: str, named: bool, frame: str | None) -> None:
    """One quote into an outlet's counts (the store's aggregation calls this too)."""
    shares.quotes += 1
    if frame is not None:
        shares.frames[frame] += 1
    if named:
        shares.named += 1
    else:
        shares.unnamed += 1
    if kind in DIRECT_KINDS:
        shares.direct += 1
    else:
        shares.reported += 1


def outlet_shares(comparison: Comparison) -> dict[str, Shares]:
    """Per article (in article order), its quotes' frames, sources and kinds."""
    frames = {f.quote: f.frame for f in comparison.framing}
    out = {a.id: Shares() for a in comparison.articles}
    for quote in comparison.quotes:
        if quote.article in out:
            named = comparison.person(quote.speaker_id) is not None
            count_quote(out[quote.article], quote.kind, named, frames.get(quote.id))
    return out
