"""Marked quotes: each quoted span (`analysis.marks`) with its kind and cue, read from the sentence
frame around it in the dependency parse: `”, SPEAKER VERB`, `”, VERB SPEAKER`, `SPEAKER VERB: “`,
a partial quote inside the reporter's own sentence. Scare quotes, names and titles are no one's
words and are left out. A quote with no cue of its own finds one in a dash (“...” ― Jane Doe), a
transcript label, an introducing colon, the reported speech just before it, or is marked as
continuing the quote before it; which *person* that is is `analysis.speakers`' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsparallax.analysis.cues import (
    best_cue,
    has_own_subject,
    is_speech_verb,
    make_quote,
    quote_ends_with,
    speaker_of,
    subject_of,
)
from newsparallax.analysis.lexicon import (
    CONTINUING_WORDS,
    CREATION_VERBS,
    INTERVIEWER_NOUNS,
    JUDGING_VERBS,
    NAMING_VERBS,
    SMALL_WORDS,
    SPEECH_VERBS,
    STANCE_VERBS,
    SUBJECT_DEPS,
    TERM_MARKERS,
    WORK_NOUNS,
)
from newsparallax.analysis.marks import Marked, headline_end
from newsparallax.analysis.nlp import entity_of, full_text, source_text, span_between, token_at
from newsparallax.analysis.reported import (
    asks_for,
    conditions,
    has_outside_subject,
    judging_verb,
    speech_noun_owner,
)
from newsparallax.model import Quote, QuoteKind, Span

SCARE_MAX_WORDS = 4
TITLE_MAX_WORDS = 8
# “PENCE: Well, ...”: a transcript's speaker label opening the quoted words.
SPEAKER_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")
# Ruiz: “No. We will hold them ...”: an interview's answer, the speaker's name opening the line.
LABEL_BEFORE = re.compile(r"\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})\s*:\s*")
# “...” ― Jane Doe: an attribution by dash after the quote, to the end of the line or a comma.
DASH_NAME = re.compile(
    r"[ \t\u00a0]*[―—–][ \t\u00a0]*([^\W\d_][\w.'’-]*(?:[ \t\u00a0][^\W\d_][\w.'’-]*){0,4})"
)
# “...” then a line of its own, "- Sanders." or "—President Obama, tweeting": a short line
# after the paragraph the quote ends, a dash and a capitalised name (a title allowed).
DASH_LINE = re.compile(
    r"[ \t\u00a0]*\n\s*[―—–-][ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \t\u00a0][A-Z][\w.'’-]*){0,3})"
    r"[ \t\u00a0]*(?:[,.][^\n]{0,60})?[ \t\u00a0]*(?:\n|$)"
)


@dataclass(frozen=True)
class Frame:
    """The words around a quote that are not themselves quoted, and the paragraph it sits in."""

    tokens: tuple[Token, ...]
    sentence_start: int
    paragraph: int


def marked_quotes(article, doc, marked, in_quote, paras) -> list[Quote]:
    quotes: list[Quote] = []
    previous: tuple[Marked, int, int] | None = None  # mark, its paragraph, its frame's end
    headline = headline_end(article.title, article.text, paras)
    title_case = headline and _title_case(article.text[:headline])
    for mark in marked:
        frame = _frame(doc, mark, in_quote, paras)
        cue = best_cue(frame.tokens, mark)
        kind = _kind(article.text, mark, frame)
        words = len(article.text[mark.start : mark.end].split())
        if cue is None:  # "dismissed the protests as noisy and “part of the job”"
            cue = _stance_verb(span_between(doc, mark.start, mark.end))
        judged = judging_verb(span_between(doc, mark.start, mark.end))
        in_headline = mark.start < headline
        if judged is not None and kind == "partial" and subject_of(judged) is not None:
            cue = judged  # "Smith, who cast himself as a “law and order” candidate, spoke ..."
        elif in_headline:
            if _marked_as_term(article.text, mark, words, cue) or (
                not title_case and _is_title(article.text, mark, words)
            ):
                continue  # a headline's quotes are someone's words, but for a title or a name
        elif _is_title(article.text, mark, words, span_between(doc, mark.start, mark.end)) or (
            kind == "partial" and _is_term(article.text, mark, words, cue)
        ):
            tokens = span_between(doc, mark.start, mark.end)
            if kind == "partial" and _could_be_said(article.text, mark, words, cue, tokens):
                namer = cue if cue is not None and subject_of(cue) is not None else None
                quotes.append(
                    make_quote(article, kind, mark.start, mark.end, namer, "scare", in_quote)
                )
            continue  # scare quotes, names and titles are no one's words on their own
        if cue is not None and _interviewers_question(article.text, mark, cue):
            continue  # "“Why did you leave?” the interviewer asked": not the source's words
        if kind == "direct" and (
            _elaborates(article.text, mark, cue, in_quote)
            or (cue is not None and _goes_on(article.text, mark))
            or (cue is not None and cue.idx < mark.open and conditions(cue))
            or has_outside_subject(span_between(doc, mark.start, mark.end))
        ):
            kind = "partial"  # part of the reported clause it goes on with (see indirect_quotes)
        cue_kind, mention = ("cue" if cue is not None else "none"), None
        owner = speech_noun_owner(span_between(doc, mark.start, mark.end))
        if owner is not None:  # "Biden's call for a “significant de-escalation”": Biden's
            cue, cue_kind = None, "noun"
            mention = Span(owner.start_char, owner.end_char, source_text(owner))
        elif cue is None:
            cue, cue_kind, mention = _uncued(
                article, doc, mark, frame, paras, in_quote, previous, quotes
            )
        quotes.append(
            make_quote(article, kind, mark.start, mark.end, cue, cue_kind, in_quote, mention)
        )
        last_token = span_between(doc, mark.start, mark.end)[-1]
        previous = (mark, frame.paragraph, last_token.sent.end_char)
    return quotes


def _uncued(article, doc, mark, frame, paras, in_quote, previous, quotes):
    """Who speaks a quote with no speech verb around it, as (cue, cue kind, mention): a name after
    a dash (“...” ― Jane Doe), an introduction ending in a colon in the same sentence or the
    paragraph before ("Obama has a new message: “...”"), the quote it continues, or the
    reported speech of the sentence before it."""
    dash = DASH_NAME.match(article.text, mark.after) or DASH_LINE.match(article.text, mark.after)
    if dash and article.text[dash.start(1) : dash.start(1) + 1].isupper():
        name, end = dash.group(1), dash.end(1)
        if name.endswith(".") and len(name.split()[-1]) > 3:  # "- Sanders.", not "Jr." or "W."
            name, end = name[:-1], end - 1
        return None, "dash", Span(dash.start(1), end, name)
    label = SPEAKER_LABEL.match(article.text, mark.start)
    if label:  # a transcript turn: “PENCE: Well, ...”
        return None, "label", Span(label.start(1), label.end(1), label.group(1))
    lo = paras[frame.paragraph][0]
    label = LABEL_BEFORE.fullmatch(article.text, lo, mark.open)
    if label:  # an interview's answer: Ruiz: “No. We will hold them ...”
        return None, "label", Span(label.start(1), label.end(1), label.group(1))
    before = article.text[frame.sentence_start : mark.open].rstrip()
    lead = [t for t in frame.tokens if t.idx < mark.open]
    intro = _intro_verb(lead) if before.endswith((":", ",")) else None
    if intro is not None and (before.endswith(":") or _right_before_comma(intro, lead)):
        return intro, "intro", None  # "Rubio fired back: “...”", "Clinton shot back, “...”"
    reported = None if before else _reported_before(doc, frame, paras, in_quote)
    if previous is not None and _continues(previous, frame, paras):
        if reported is not None and previous[1] != frame.paragraph:
            return reported, "reported", None  # "Or maybe Jeb Bush, Phil Musser says. “...”"
        mention = next((q.mention for q in reversed(quotes) if q.kind != "indirect"), None)
        return None, "continuation", mention
    if mark.open == paras[frame.paragraph][0]:
        intro = _colon_intro(doc, paras, frame.paragraph, in_quote)
        if intro is not None:
            return intro, "intro", None
    if reported is not None:
        return reported, "reported", None
    return None, "none", None


def _stance_verb(tokens: SpacySpan) -> Token | None:
    """The verb whose predicate the quoted words are part of, when it takes a stance on or
    judges something and has a subject ("The governor dismissed the protests as noisy and “part
    of the job”"): the words are the subject's, not the reporter's scare quotes."""
    node = next((t for t in tokens if not tokens.start <= t.head.i < tokens.end), None)
    for _ in range(4):
        if node is None or node.head.i == node.i or node.dep_ in SUBJECT_DEPS:
            return None  # in the subject ("Washington, star of “Scandal,” thanked ..."): no stance
        node = node.head
        if node.pos_ == "VERB":
            stance = node.lemma_ in STANCE_VERBS or node.lemma_ in JUDGING_VERBS
            return node if stance and subject_of(node) is not None else None
    return None


def _interviewers_question(text: str, mark: Marked, cue: Token) -> bool:
    """A question the interviewer, the reporter or the host asks is not a source's words."""
    if cue.lemma_ != "ask" or not text[mark.start : mark.end].rstrip().endswith("?"):
        return False
    subject = subject_of(cue)
    return subject is not None and (
        subject.lemma_.lower() in INTERVIEWER_NOUNS or subject.lower_ in ("i", "we")
    )


def _reported_before(doc: Doc, frame: Frame, paras, in_quote) -> Token | None:
    """`..., Schiff said. “The other factor ...”`: a quote opening a sentence right after one in
    the same paragraph whose main verb reports someone's speech goes on with that speaker."""
    first = token_at(doc, frame.sentence_start).sent
    if first.start == 0:
        return None
    prior = doc[first.start - 1].sent
    if prior.start_char < paras[frame.paragraph][0]:
        return None
    verbs = [
        t
        for t in prior
        if not in_quote[t.i]
        and is_speech_verb(t)
        and (t.dep_ in ("ROOT", "parataxis") or (t.head.dep_ == "ROOT" and t.dep_ == "conj"))
    ]
    spoken = [v for v in verbs if speaker_of(v, in_quote) is not None]
    return spoken[-1] if spoken else None


def _intro_verb(tokens) -> Token | None:
    """The verb with a subject of its own before a colon, speech or not ("scolded him:"): the
    main clause's when it has one (in "Lind summed up the trip to a store owned by a company
    that has redefined retail: “...”" Lind speaks, not the company), else the last."""
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX") and has_own_subject(t)]
    inside = {t.i for t in tokens}
    main = [
        v
        for v in verbs
        if v.dep_ == "ROOT"
        or (v.dep_ == "conj" and v.head.dep_ == "ROOT")
        or v.head.i not in inside  # "Clinton apologized for what happened: “...”", hung on
    ]  # the quote's verb: Clinton, not "what"
    return (main or verbs or [None])[-1]


def _right_before_comma(verb: Token, lead: list[Token]) -> bool:
    """A main clause that ends on its verb ("Clinton shot back, “...”") introduces the quote
    after its comma; one that goes on past its verb ("Trump, in a speech on trade, “...”", "The
    mayor spoke of the deal, “...”") says nothing of who speaks it."""
    after = [t for t in lead if t.i > verb.i]
    return (
        bool(after)
        and after[-1].text == ","
        and all(t.dep_ in ("prt", "advmod") for t in after[:-1])
    )


def _frame(doc: Doc, mark: Marked, in_quote: list[bool], paras) -> Frame:
    first = token_at(doc, mark.open).sent
    end_at = mark.after
    last = token_at(doc, end_at - 1).sent
    stop = last.end
    # "“Why?” he asked." is often split after the mark: take a lowercase tail sentence along,
    # or a short one that only says who spoke ("“Why?” Graham asked.")
    if (
        stop < len(doc)
        and "\n" not in doc[stop - 1].text_with_ws  # no paragraph break between
        and (
            (doc[stop].is_lower and doc[stop].is_alpha)
            or _only_attribution(doc[stop].sent, quote_ends_with(doc, mark) in ("?", "!"))
        )
    ):
        stop = doc[stop].sent.end
    tokens = tuple(t for t in doc[first.start : stop] if not in_quote[t.i] and not t.is_space)
    return Frame(tokens, first.start_char, _paragraph_index(paras, mark.open))


def _only_attribution(sent: SpacySpan, after_a_question: bool = False) -> bool:
    """A sentence that only says who spoke: a few words around a speech verb with its subject
    ("Graham asked."), or a longer one opening on the speaker that adds only where or when
    ("Mr. Trump wrote on Twitter on Tuesday."); after a question or an exclamation, one that
    opens on the speaker and the verb, however long ("“..., who knows?” Trump told Britain's
    ITV television station in an interview aired on Monday")."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) <= 5 and any(is_speech_verb(t) and has_own_subject(t) for t in words):
        return True
    # "Mr. Trump wrote on Twitter on Tuesday.": opens on the one who spoke, says where or
    # when, and reports nothing of its own
    root, opening = sent.root, words[0] if words else None
    subject = subject_of(root) if is_speech_verb(root) else None
    comma = next((t.i for t in sent if t.text == "," and t.i > root.i), sent.end)
    clause = [t for t in words if t.i < comma]  # a participle set off after it adds nothing
    at_once = subject is not None and all(
        t.dep_ == "advmod" for t in sent.doc[subject.right_edge.i + 1 : root.i]
    )
    return (  # of its own: "Clinton remarked, alluding to the actor's latest turn as ..."
        subject is not None
        and (len(clause) <= 14 or (after_a_question and at_once))
        and opening is not None
        and subject.left_edge.i <= opening.i <= subject.i
        and not any(c.dep_ in ("ccomp", "xcomp", "conj") for c in root.children)
    )


def _kind(text: str, mark: Marked, frame: Frame) -> QuoteKind:
    """Direct when the quote stands as its own sentence (or follows `said:` / `said,`); partial
    when the reporter's own sentence runs into it ("tactics that were “abandoned ...”")."""
    before = text[frame.sentence_start : mark.open].strip()
    if not before or before.endswith(":") or before[-1] in '“”"—–':
        return "direct"
    if before.endswith(","):
        lead = [t for t in frame.tokens if t.idx < mark.open]
        if any(is_speech_verb(t) for t in lead):
            return "direct"
    return "partial"


def _elaborates(text: str, mark: Marked, cue: Token | None, in_quote: list[bool]) -> bool:
    """`said she has what the job needs: “Steadiness ...”`, `says things such as, “...”`: a
    quote after a colon or comma that goes on with the clause or object the cue already
    reports (not the person told: "told reporters: “...”") is part of that report."""
    if cue is None or cue.idx >= mark.open or cue.pos_ == "NOUN":
        return False
    for comp in cue.rights:
        if comp.dep_ != "ccomp" and not asks_for(comp, cue):
            continue
        own = [t for t in comp.subtree if t.idx < mark.open and not in_quote[t.i]]
        words = [t for t in own if t.is_alpha]
        if len(words) < 2 or comp.lower_ == "following" or in_quote[comp.i]:
            continue
        last = max(own, key=lambda t: t.i)
        if re.fullmatch(r"\s*[:,]\s*", text[last.idx + len(last) : mark.open]):
            return True
    return False


def _goes_on(text: str, mark: Marked) -> bool:
    """`“we will need some big wins at the end” of the season`, `“the account is credible” than
    that of the chief`: the reporter's sentence carries on past the closing mark, so the quoted
    words are a piece of it. A preposition of the speech event ("in a statement") does not."""
    after = re.match(r"[ \t]+([a-z]+)\b", text[mark.after : mark.after + 20])
    return after is not None and after.group(1) in CONTINUING_WORDS


def _is_term(text: str, mark: Marked, words: int, cue: Token | None) -> bool:
    """A quoted name or term rather than someone's words: a title (every word capitalised),
    a span right after `called`/`so-called`/`titled` (unless someone does the calling: "Ortiz
    called the rules “...”"), or a short span with no cue at all (a scare quote)."""
    if _capitalised(text, mark, words) or _named_as(text, mark, words, cue):
        return True
    return words <= SCARE_MAX_WORDS and (cue is None or subject_of(cue) is None)


def _capitalised(text: str, mark: Marked, words: int) -> bool:
    inner = text[mark.start : mark.end].split()
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() or w in SMALL_WORDS for w in inner[1:])
    return 2 <= words <= TITLE_MAX_WORDS and inner[0][:1].isupper() and capitalised


def _could_be_said(
    text: str, mark: Marked, words: int, cue: Token | None, tokens: SpacySpan
) -> bool:
    """A scare quote or a name given to something, which is someone's words after all when it
    lies inside that someone's reported statement ("it calls on “revolutionaries” to ...",
    "what the union's executive called a “hijacking”"): kept, for the statement to hold
    (`quotes._statements_hold_their_words`). A title or a term the text marks as one
    ("so-called", "titled") is never anyone's words, nor is one word capitalised inside, a
    handle or a brand ("factcheckUK"), nor what a trade calls a thing, nor what is said of
    something by nobody named ("what's been portrayed as an “irregular” channel")."""
    inner = text[mark.start : mark.end]
    if _capitalised(text, mark, words) or _marked_as_term(text, mark, words, cue):
        return False
    if words == 1 and any(c.isupper() for c in inner[1:]):
        return False
    if cue is not None and cue.lemma_ in NAMING_VERBS and _generic(subject_of(cue)):
        return False  # "Engineers call it a “fatigue crack”": what a trade calls a thing
    return not _said_by_nobody(tokens)


def _generic(subject: Token | None) -> bool:
    """A bare plural ("engineers", "doctors"): people in general, not someone who spoke."""
    return (
        subject is not None
        and subject.tag_ == "NNS"
        and not any(c.dep_ in ("det", "poss", "nummod") for c in subject.children)
    )


def _said_by_nobody(tokens: SpacySpan) -> bool:
    """The quoted words hang from a passive verb that names no one ("what's been portrayed as
    ...", "is described as ..."): said by others the text does not name."""
    node = next((t for t in tokens if not tokens.start <= t.head.i < tokens.end), None)
    for _ in range(4):
        if node is None or node.head.i == node.i:
            return False
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in node.children)
            return passive and not any(c.dep_ == "agent" for c in node.children)
    return False


def _named(token: Token) -> bool:
    """A surname the article gave a person earlier, whatever the tagger calls it here
    ("Bannock, who Marsh called “a dishonest man”", Marsh tagged an organisation)."""
    return token.pos_ == "PROPN" and any(
        ent.label_ == "PERSON" and ent.end <= token.i and ent[-1].text == token.text
        for ent in token.doc.ents
    )


def _named_as(text: str, mark: Marked, words: int, cue: Token | None) -> bool:
    """A name given to a thing, not words said: after a naming verb whose subject is no person
    ("engineers call it a “fatigue crack”"), or after `called`/`so-called`/`titled`."""
    if cue is not None and cue.lemma_ in NAMING_VERBS and words <= SCARE_MAX_WORDS:
        subject = subject_of(cue)
        person = subject is not None and (
            subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she") or _named(subject)
        )
        if not person:
            return True  # "engineers call it a “fatigue crack”": a name for a thing
    return _marked_as_term(text, mark, words, cue)


def _marked_as_term(text: str, mark: Marked, words: int, cue: Token | None) -> bool:
    """Quoted words the text itself marks as a name or a title: after `so-called`, `titled`,
    `dubbed`, ... (unless someone does the naming: "Ortiz dubbed the rules “...”")."""
    preceding = text[max(0, mark.open - 30) : mark.open].lower().split()
    marker = preceding[-1].strip(",") if preceding else ""
    if marker in TERM_MARKERS and words <= TITLE_MAX_WORDS:
        named_by_someone = cue is not None and cue.lower_ == marker and has_own_subject(cue)
        if not named_by_someone:
            return True
    return False


def _title_case(headline: str) -> bool:
    """A headline in title case ("Tim Cook On Apple Being ‘Pulled Into The Enterprise’"), where
    capitals tell a title of a work from quoted words no longer."""
    long_words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", headline) if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _is_title(text: str, mark: Marked, words: int, tokens: SpacySpan | None = None) -> bool:
    """`“Tucker Carlson Tonight” host`: every word capitalised and no closing punctuation
    inside the marks, which spoken words quoted as a sentence would have; one capitalised word
    too when the sentence says it is a work ("the film “Parasite”", "wrote “Fleabag”")."""
    inner = text[mark.start : mark.end].split()
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() or w in SMALL_WORDS for w in inner)
    if not capitalised or words > TITLE_MAX_WORDS or text[mark.end - 1] in ".,!?;:…":
        return False
    return words >= 2 or (tokens is not None and _names_a_work(tokens))


def _names_a_work(tokens: SpacySpan) -> bool:
    """The quoted words stand for a work: beside a noun for one ("the film “Parasite”"), or the
    object of a verb that makes one ("wrote “Fleabag”", "directed “Parasite”")."""
    root = next((t for t in tokens if not tokens.start <= t.head.i < tokens.end), tokens.root)
    if root.dep_ in ("appos", "compound", "nmod") and root.head.lemma_ in WORK_NOUNS:
        return True
    if any(c.lemma_ in WORK_NOUNS and c.dep_ in ("compound", "amod", "nmod") for c in root.lefts):
        return True
    before = tokens.doc[tokens.start - 2] if tokens.start >= 2 else None  # "the film “X”"
    if before is not None and before.lemma_ in WORK_NOUNS:
        return True
    return root.dep_ in ("dobj", "pobj") and root.head.lemma_ in CREATION_VERBS


def _continues(previous, frame: Frame, paras) -> bool:
    """A cue-less quote continues the previous speaker when it follows that speaker's quote in
    the same paragraph, or opens the next paragraph right after a paragraph that ended with it."""
    _, paragraph, frame_end = previous
    if paragraph == frame.paragraph:
        return True
    if paragraph != frame.paragraph - 1:
        return False
    return frame_end >= paras[paragraph][1] - 1


def _colon_intro(doc: Doc, paras, paragraph: int, in_quote) -> Token | None:
    """`Dyer said:` closing the paragraph before introduces the quote that opens this one."""
    if paragraph == 0:
        return None
    lo, hi = paras[paragraph - 1]
    if not full_text(doc)[lo:hi].rstrip().endswith(":"):
        return None
    last = token_at(doc, hi - 1).sent
    return _intro_verb([t for t in last if not in_quote[t.i]])


def _paragraph_index(paras: list[tuple[int, int]], offset: int) -> int:
    lo, hi = 0, len(paras) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if paras[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


# Words quoted inside a quote, in single marks: an opening mark after no letter, a closing one
# before no letter (so that the apostrophe of "he’s" closes nothing).
INNER_QUOTE = re.compile(r"(?<!\w)[‘'](\w.+?)[’'](?!\w)", re.S)


def recounted_quotes(article, doc: Doc, found: list[Quote]) -> list[Quote]:
    """Someone's words quoted inside a speaker's quote, as the speaker recounts them: "“I then
    heard President Trump ask, quote, ‘So he’s going to do the investigation?’” Holmes
    testified" holds Trump's question. Only when a speech verb inside the quote, before the
    inner words and in their sentence, names who said them; otherwise single marks inside a
    quote are the speaker's own (a title, a term)."""
    out = []
    for outer in found:
        if outer.kind not in ("direct", "block"):
            continue
        for inner in INNER_QUOTE.finditer(article.text, outer.start, outer.end):
            start, end = inner.start(1), inner.end(1)
            if len(inner.group(1).split()) < 2:
                continue
            words = span_between(doc, start, end)
            if not len(words):
                continue
            own = [False] * len(doc)  # only the inner words count as quoted for the cue
            for token in words:
                own[token.i] = True
            before = doc[words[0].sent.start : words.start]
            cues = [t for t in before if t.idx >= outer.start and _recounting(t, own)]
            if not cues:
                continue
            cue, mention = cues[-1], None
            if speaker_of(cue, own) is None:  # "heard President Trump ask", "ask" as a noun
                name = entity_of(doc[cue.i - 1])
                mention = Span(name.start_char, name.end_char, source_text(name))
            kind: QuoteKind = "direct" if inner.group(1)[:1].isupper() else "partial"
            out.append(make_quote(article, kind, start, end, cue, "recounted", own, mention))
    return out


def _recounting(token: Token, own: list[bool]) -> bool:
    """A speech verb whose speaker is named ("Sondland replied that"; not "who can say", "it's
    fair to say", whose words are the speaker's own), or a speech word right after a person's
    name (the parser reads "heard President Trump ask" with "ask" as a noun)."""
    if is_speech_verb(token):
        speaker = speaker_of(token, own)
        return speaker is not None and speaker.ent_type_ in ("PERSON", "ORG")
    if token.lemma_.lower() not in SPEECH_VERBS or token.i == 0:
        return False
    name = entity_of(token.doc[token.i - 1])
    return name is not None and name.label_ == "PERSON"
