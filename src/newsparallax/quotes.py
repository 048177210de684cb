"""Quotes: what was said, the cue that reports it, and the phrase naming who said it.

Quoted spans come from the marks (marks.py); their kind and cue come from the sentence frame
around them in the dependency parse: `”, SPEAKER VERB`, `”, VERB SPEAKER`, `SPEAKER VERB: “`, a
partial quote inside reported speech. Unquoted reported speech comes from speech verbs with a
clausal complement ("X said that ...", "..., saying ...") and from "according to X"; an unmarked
statement paragraph from an introducing "in a statement" sentence. Which *person* a mention means
is the next stage's job (speakers.py); here a quote with no cue of its own is only marked as a
continuation of the quote before it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .lexicon import SPEECH_VERBS, TERM_MARKERS
from .marks import Marked, find_marked, paragraphs
from .model import Article, Quote, QuoteKind, Span, content_id
from .nlp import entity_of, full_text, source_text, span_between, token_at

SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLIMB_DEPS = ("advcl", "xcomp", "conj", "pcomp", "acl", "relcl", "prep", "acomp")
FIRST_PERSON = frozenset({"i", "we", "our", "us", "my", "me"})
BELIEF_VERBS = frozenset(
    """think believe expect hope fear worry feel know doubt suspect assume want plan intend
    wonder""".split()
)
FINDING_VERBS = frozenset("show find indicate".split())
# Taking a public position on something: reported like speech, though no words are quoted.
STANCE_VERBS = frozenset(
    """oppose support reject blame defend dismiss challenge condemn denounce applaud welcome
    endorse back embrace criticise criticize attack decry dispute contest protest cite""".split()
)
# Saying what someone or something is: "described the plan as ...", "blasted the media for ...".
JUDGING_VERBS = frozenset(
    """describe call criticize criticise praise blast slam brand label hail mock characterize
    characterise portray cast""".split()
)
ADDRESS_VERBS = frozenset("tell ask inform remind assure advise urge warn answer".split())
# Pressing someone to act ("encouraged voters to ..."): reported like a speech act.
URGING_VERBS = frozenset("encourage exhort implore beseech".split())
REFUSING_VERBS = frozenset("decline refuse".split())
# A parenthetical `as` cue ("as Smith put it,", "as the report noted,"): the verbs that take one.
AS_VERBS = frozenset(
    "say note observe put write explain report argue claim suggest predict remark state".split()
)
RELATIVE_WORDS = frozenset("that which who whom whose where when what why".split())
# What a speech act is about, when a preposition introduces it ("warned of", "called for").
PREP_OBJECTS = {
    "call": ("for", "on"), "press": ("for",), "push": ("for",), "warn": ("of", "about", "against"),
    "accuse": ("of",), "speak": ("about", "of", "on"), "talk": ("about",), "ask": ("for", "about"),
    "complain": ("about", "of"), "argue": ("for", "against"), "testify": ("about", "on"),
    "comment": ("on",), "write": ("about", "of"),
}  # fmt: skip
REPORT_NOUNS = frozenset(
    """concern claim warning argument assertion allegation prediction promise pledge assurance
    insistence accusation suggestion""".split()
)
MIN_INDIRECT_WORDS = 3
SCARE_MAX_WORDS = 4
# “PENCE: Well, ...”: a transcript's speaker label opening the quoted words.
SPEAKER_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")
# “...” ― Jane Doe: an attribution by dash after the quote, to the end of the line or a comma.
DASH_NAME = re.compile(
    r"[ \t\u00a0]*[―—–][ \t\u00a0]*([^\W\d_][\w.'’-]*(?:[ \t\u00a0][^\W\d_][\w.'’-]*){0,4})"
)
CONTINUING_WORDS = frozenset(
    "of because that for about since if to than until from before like unless whether".split()
)
NOMINAL_POS = ("NOUN", "PROPN", "ADJ")
LEADING_MARKS = frozenset("if when unless once until while because although though".split())
SMALL_WORDS = frozenset("a an the of and or in on at for to by with from".split())
NAMING_VERBS = frozenset("call dub name term label nickname title".split())
TITLE_MAX_WORDS = 8


@dataclass(frozen=True)
class Frame:
    """The words around a quote that are not themselves quoted, and the paragraph it sits in."""

    tokens: tuple[Token, ...]
    sentence_start: int
    paragraph: int


def extract_quotes(article: Article, doc: Doc) -> tuple[Quote, ...]:
    """All quotes of one article in text order (direct, partial, block and indirect). Reported
    speech is not read from the headline, whose telegraphic grammar the parser gets wrong."""
    marked = [m for m in find_marked(article.text) if not article.is_dropped(m.start, m.end)]
    in_quote = _quoted_token_mask(doc, marked)
    paras = paragraphs(article.text)
    found = _marked_quotes(article, doc, marked, in_quote, paras)
    found += _block_quotes(article, doc, in_quote, paras)
    partials = [(q.start, q.end) for q in found if q.kind == "partial"]
    taken = [(q.start, q.end) for q in found if q.kind != "partial"]
    found += _indirect_quotes(article, doc, marked, in_quote, partials, taken)
    found += _partial_hosts(article, doc, marked, found)
    found = _outside_blocks(found)
    body = _headline_end(article, paras)
    kept = (q for q in found if q.start >= body or q.kind != "indirect")
    return tuple(sorted(kept, key=lambda q: (q.start, q.end)))


def _outside_blocks(found: list[Quote]) -> list[Quote]:
    """Reported speech whose cue lies inside a block quote is the statement's own ("staff will
    recommend lifting the limits"), not a second statement."""
    blocks = [q for q in found if q.kind == "block"]
    return [
        q
        for q in found
        if q.kind != "indirect"
        or q.cue is None
        or not any(b.start <= q.cue.start < b.end for b in blocks)
    ]


def _headline_end(article: Article, paras: list[tuple[int, int]]) -> int:
    if article.title and paras and article.text[slice(*paras[0])].strip() == article.title:
        return paras[0][1]
    return 0


# --- quoted speech -------------------------------------------------------------------------


def _marked_quotes(article, doc, marked, in_quote, paras) -> list[Quote]:
    quotes: list[Quote] = []
    previous: tuple[Marked, int, int] | None = None  # mark, its paragraph, its frame's end
    for mark in marked:
        frame = _frame(doc, mark, in_quote, paras)
        cue = _best_cue(frame.tokens, mark)
        kind = _kind(article.text, mark, frame)
        words = len(article.text[mark.start : mark.end].split())
        judged = _judging_verb(span_between(doc, mark.start, mark.end))
        if judged is not None and kind == "partial" and _subject_of(judged) is not None:
            cue = judged  # "Smith, who cast himself as a “law and order” candidate, spoke ..."
        elif _is_title(article.text, mark, words) or (
            kind == "partial" and _is_term(article.text, mark, words, cue)
        ):
            continue  # scare quotes, names and titles are no one's words
        if kind == "direct" and (
            _elaborates(article.text, mark, cue, in_quote)
            or (cue is not None and _goes_on(article.text, mark))
            or (cue is not None and cue.idx < mark.open and _conditions(cue))
            or _has_outside_subject(span_between(doc, mark.start, mark.end))
        ):
            kind = "partial"  # part of the reported clause it goes on with (see _indirect_quotes)
        how, mention = ("cue" if cue is not None else "none"), None
        if cue is None:
            cue, how, mention = _uncued(
                article, doc, mark, frame, paras, in_quote, previous, quotes
            )
        quotes.append(_quote(article, kind, mark.start, mark.end, cue, how, in_quote, mention))
        last_token = span_between(doc, mark.start, mark.end)[-1]
        previous = (mark, frame.paragraph, last_token.sent.end_char)
    return quotes


def _uncued(article, doc, mark, frame, paras, in_quote, previous, quotes):
    """Who speaks a quote with no speech verb around it, as (cue, how, mention): a name after
    a dash (“...” ― Jane Doe), an introduction ending in a colon in the same sentence or the
    paragraph before ("Obama has a new message: “...”"), the quote it continues, or the
    reported speech of the sentence before it."""
    dash = DASH_NAME.match(article.text, mark.after)
    if dash and article.text[dash.start(1) : dash.start(1) + 1].isupper():
        return None, "dash", Span(dash.start(1), dash.end(1), dash.group(1))
    label = SPEAKER_LABEL.match(article.text, mark.start)
    if label:  # a transcript turn: “PENCE: Well, ...”
        return None, "label", Span(label.start(1), label.end(1), label.group(1))
    before = article.text[frame.sentence_start : mark.open].rstrip()
    if before.endswith(":"):
        intro = _intro_verb([t for t in frame.tokens if t.idx < mark.open])
        if intro is not None:
            return intro, "intro", None
    if previous is not None and _continues(previous, frame, paras):
        mention = next((q.mention for q in reversed(quotes) if q.kind != "indirect"), None)
        return None, "continuation", mention
    if mark.open == paras[frame.paragraph][0]:
        intro = _colon_intro(doc, paras, frame.paragraph, in_quote)
        if intro is not None:
            return intro, "intro", None
    if not before:
        reported = _reported_before(doc, frame, paras, in_quote)
        if reported is not None:
            return reported, "reported", None
    return None, "none", None


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
        and _is_speech_verb(t)
        and (t.dep_ in ("ROOT", "parataxis") or (t.head.dep_ == "ROOT" and t.dep_ == "conj"))
    ]
    spoken = [v for v in verbs if _speaker_of(v, in_quote) is not None]
    return spoken[-1] if spoken else None


def _intro_verb(tokens) -> Token | None:
    """The last verb with a subject of its own before a colon: speech or not ("scolded him:")."""
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX") and _has_own_subject(t)]
    return verbs[-1] if verbs else None


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
        and ((doc[stop].is_lower and doc[stop].is_alpha) or _only_attribution(doc[stop].sent))
    ):
        stop = doc[stop].sent.end
    tokens = tuple(t for t in doc[first.start : stop] if not in_quote[t.i] and not t.is_space)
    return Frame(tokens, first.start_char, _paragraph_index(paras, mark.open))


def _only_attribution(sent: SpacySpan) -> bool:
    """A sentence of a few words around a speech verb with its subject: "Graham asked."."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    return len(words) <= 5 and any(_is_speech_verb(t) and _has_own_subject(t) for t in words)


def _kind(text: str, mark: Marked, frame: Frame) -> QuoteKind:
    """Direct when the quote stands as its own sentence (or follows `said:` / `said,`); partial
    when the reporter's own sentence runs into it ("tactics that were “abandoned ...”")."""
    before = text[frame.sentence_start : mark.open].strip()
    if not before or before.endswith(":") or before[-1] in '“”"—–':
        return "direct"
    if before.endswith(","):
        lead = [t for t in frame.tokens if t.idx < mark.open]
        if any(_is_speech_verb(t) for t in lead):
            return "direct"
    return "partial"


def _elaborates(text: str, mark: Marked, cue: Token | None, in_quote: list[bool]) -> bool:
    """`said she has what the job needs: “Steadiness ...”`, `says things such as, “...”`: a
    quote after a colon or comma that goes on with the clause or object the cue already
    reports (not the person told: "told reporters: “...”") is part of that report."""
    if cue is None or cue.idx >= mark.open or cue.pos_ == "NOUN":
        return False
    for comp in cue.rights:
        if comp.dep_ != "ccomp" and not _asks_for(comp, cue):
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
    inner = text[mark.start : mark.end].split()
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() or w in SMALL_WORDS for w in inner[1:])
    if 2 <= words <= TITLE_MAX_WORDS and inner[0][:1].isupper() and capitalised:
        return True
    if cue is not None and cue.lemma_ in NAMING_VERBS and words <= SCARE_MAX_WORDS:
        subject = _subject_of(cue)
        person = subject is not None and (
            subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she")
        )
        if not person:
            return True  # "engineers call it a “fatigue crack”": a name for a thing
    preceding = text[max(0, mark.open - 30) : mark.open].lower().split()
    marker = preceding[-1].strip(",") if preceding else ""
    if marker in TERM_MARKERS and words <= TITLE_MAX_WORDS:
        named_by_someone = cue is not None and cue.lower_ == marker and _has_own_subject(cue)
        if not named_by_someone:
            return True
    return words <= SCARE_MAX_WORDS and (cue is None or _subject_of(cue) is None)


def _is_title(text: str, mark: Marked, words: int) -> bool:
    """`“Tucker Carlson Tonight” host`: every word capitalised and no closing punctuation
    inside the marks, which spoken words quoted as a sentence would have."""
    inner = text[mark.start : mark.end].split()
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() or w in SMALL_WORDS for w in inner)
    return 2 <= words <= TITLE_MAX_WORDS and capitalised and text[mark.end - 1] not in ".,!?;:…"


def _has_own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


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


# --- unmarked statements --------------------------------------------------------------------


def _block_quotes(article, doc, in_quote, paras) -> list[Quote]:
    """`X said in a statement.` ending a paragraph, then a paragraph with no marks and no cue of
    its own: that paragraph is the statement."""
    quotes = []
    for n in range(1, len(paras)):
        lo, hi = paras[n]
        phi = paras[n - 1][1]
        if article.is_dropped(lo, hi) or _has_marks(article.text[lo:hi]):
            continue
        sent = token_at(doc, phi - 1).sent
        if not any(t.lemma_.lower() == "statement" for t in sent) or _has_marks(sent.text):
            continue
        verbs = [t for t in sent if _is_speech_verb(t) or t.lemma_ == "issue"]
        body = span_between(doc, lo, hi)
        if not verbs or any(_reports_speech(t) for t in body):
            continue
        reported = any(c.dep_ == "ccomp" for v in verbs for c in v.children)
        if reported and not any(t.lower_ in FIRST_PERSON for t in body[0].sent):
            continue  # the intro already says what was stated; this paragraph is narrative
        quotes.append(_quote(article, "block", lo, hi, verbs[0], "statement", in_quote))
    return quotes


def _reports_speech(token: Token) -> bool:
    """A reporter's `Smith said` / `she says` (not a statement's own `we will recommend`)."""
    if not _is_speech_verb(token) or token.tag_ not in ("VBD", "VBZ"):
        return False
    if token.lemma_ not in ("say", "tell") and not any(c.dep_ == "ccomp" for c in token.children):
        return False  # "Stage 3 asks a great deal": the verb reports no speech here
    subject = _subject_of(token)
    return subject is not None and subject.lower_ not in FIRST_PERSON


def _has_marks(text: str) -> bool:
    return any(c in text for c in '“”"«»')


# --- reported speech ------------------------------------------------------------------------


def _indirect_quotes(article, doc, marked, in_quote, partials=(), taken=()) -> list[Quote]:
    """Reported speech: the clause a speech, stance, belief or finding verb reports. A clause
    made mostly of quoted words is taken only when those words are partial quotes inside the
    reporter's own sentence ("she said the plan was “a disaster for the city”"): the clause is
    what was reported, the partial quote the words kept; a clause that is a direct quote is that
    quote, already taken."""
    quotes = []
    afters = [m.after for m in marked]
    for token in doc:
        if in_quote[token.i] or article.is_dropped(token.idx, token.idx + 1):
            continue
        span, how = None, "cue"
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            span = _according_content(token)
        elif _as_clause(token):
            span = _as_content(token)
        elif _reports(token):
            span = _complement_content(token)
        elif token.pos_ in ("VERB", "AUX") and token.lemma_ in BELIEF_VERBS and _held(token):
            span, how = _complement_content(token, ("ccomp", "xcomp")), "belief"
        elif token.pos_ in ("VERB", "AUX") and token.lemma_ in FINDING_VERBS:
            span, how = _complement_content(token, ("ccomp",)), "finding"
        if span is None or (
            _words(span) < MIN_INDIRECT_WORDS and not _keeps_partial(span, in_quote, partials)
        ):
            continue
        first = span[0]
        if _with_cue(first, token) and len(span) > 1:
            span = span[1:]  # "called for more investment": the preposition goes with the cue
        more = [c for c in token.rights if c.i >= span.end and _quoted_clause(c, in_quote)]
        if more:
            span = doc[span.start : max(c.right_edge.i for c in more) + 1]
        lead = _conditions(token) if token.pos_ != "NOUN" and token.i < span.start else []
        if lead and any(in_quote[t.i] for t in span):
            span = doc[min(c.left_edge.i for c in lead) : span.end]
        own = _around_partials(span, in_quote, partials, taken)
        if _quoted_share(span, in_quote) > 0.5 and not own:
            continue  # the complement is itself a direct quote: already taken
        cue = token if token.pos_ != "NOUN" else token.head
        start, end = _whole_marks(marked, afters, span.start_char, span.end_char)
        end = _partial_after(article.text, marked, afters, end, partials)
        quotes.append(_quote(article, "indirect", start, end, cue, how, in_quote))
    return quotes


def _partial_hosts(article, doc, marked: list[Marked], found: list[Quote]) -> list[Quote]:
    """A partial quote that no reported clause hosts (the parser did not hang it from its cue)
    is hosted by the reporter's words it is part of (`_host_span`): those and the quoted words
    are together what was said."""
    hosted = [(q.start, q.end) for q in found if q.kind == "indirect"]
    after = {m.start: m.after for m in marked}
    hosts = []
    for q in found:
        if (
            q.kind != "partial"
            or q.cue is None
            or any(s <= q.start and q.end <= e for s, e in hosted)
        ):
            continue
        tokens = span_between(doc, q.start, q.end)
        span = _host_span(tokens)
        if span is None or not any(
            t.is_alpha for t in span if not tokens.start <= t.i < tokens.end
        ):
            continue  # no host, or only the quote itself
        start, end = min(span.start_char, q.start), max(span.end_char, after.get(q.start, q.end))
        if start <= q.cue.start < end:
            continue
        kind = "indirect"
        hosts.append(
            replace(
                q,
                id=content_id(article.sha, kind, start, end, length=12),
                kind=kind,
                start=start,
                end=end,
                text=article.text[start:end],
            )
        )
    return hosts


def _quoted_root(tokens: SpacySpan) -> Token | None:
    """The quoted word the reporter's sentence hangs the quote from (the first whose head is
    outside the quote, or the sentence root)."""
    inside = range(tokens.start, tokens.end)
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), None)


def _judging_verb(tokens: SpacySpan) -> Token | None:
    """The verb that says what its object is, when the quoted words are what it is said to be
    (`_judged_as`)."""
    root = _quoted_root(tokens)
    noun = _noun_phrase_head(root) if root is not None else None
    return _judged_as(noun) if noun is not None else None


def _has_outside_subject(tokens: SpacySpan) -> bool:
    """`notes that Jane Kim, who is running for the Senate, “is a civil rights attorney”`: the
    quote is the predicate of the reporter's subject, so it is a piece of the reported clause."""
    root = _quoted_root(tokens)
    span = _host_span(tokens)
    return span is not None and span.start < tokens.start and root.pos_ in ("VERB", "AUX")


def _host_span(tokens: SpacySpan) -> SpacySpan | None:
    """`The people of Scranton “deserve someone who's with them,” said the man`: the subject
    of a quoted predicate; `called for a “use it or lose it” approach to voting`: the noun
    phrase a quoted phrase sits in."""
    root = _quoted_root(tokens)
    if root is None:
        return None
    doc, inside = tokens.doc, range(tokens.start, tokens.end)
    if root.pos_ in ("VERB", "AUX"):
        subject = next(
            (c for c in root.lefts if c.dep_ in SUBJECT_DEPS and c.i not in inside), None
        )
        if subject is None or subject.sent != root.sent:
            return None
        return doc[subject.left_edge.i : tokens.end]
    noun = _noun_phrase_head(root)
    if noun is None:
        return None
    start = noun.left_edge.i
    judged = _judged_as(noun)
    if judged is not None:  # "cast himself as a “law and order” candidate"
        start = min(c.left_edge.i for c in judged.children if c.dep_ == "dobj")
    return _trim(doc[start : noun.right_edge.i + 1])


def _noun_phrase_head(token: Token) -> Token | None:
    while token.head.i != token.i and token.head.pos_ in NOMINAL_POS and token.dep_ != "appos":
        token = token.head
    return token if token.pos_ in NOMINAL_POS else None


def _judged_as(noun: Token) -> Token | None:
    """The verb of `described him as a “psychopath”`, `cast himself as a “law and order”
    candidate`: one that says what its object is, whether or not it is a speech verb."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "as" or prep.head.pos_ != "VERB":
        return None
    verb = prep.head
    return verb if any(c.dep_ == "dobj" and c.i < prep.i for c in verb.children) else None


def _whole_marks(marked: list[Marked], afters: list[int], start: int, end: int) -> tuple[int, int]:
    """Reported speech that ends (or starts) inside a quoted phrase takes the whole phrase:
    the parser's clause can stop short of the closing mark ("her foot was “so swollen").
    Marks are in order and do not overlap (`afters` ascends), so only those from the first
    reaching past `start` to the last opening before `end` are looked at."""
    for i in range(bisect_right(afters, start), len(marked)):
        mark = marked[i]
        if mark.open >= end:
            break
        if start < mark.open < end < mark.after:
            end = mark.after
        if mark.open < start < mark.after <= end:
            start = mark.open
    return start, end


def _partial_after(text: str, marked, afters: list[int], end: int, partials) -> int:
    """Reported speech followed by `:` or `,` and a partial quote that goes on with it (see
    `_elaborates`) takes that quote along."""
    i = bisect_right(afters, end)
    if i < len(marked):
        mark = marked[i]
        gap = text[end : mark.open]
        if (mark.start, mark.end) in partials and re.fullmatch(r"\s*[:,]\s*", gap):
            return mark.after
    return end


def _reports(token: Token) -> bool:
    """A speech verb, a stance taken in public ("denounced"), or a report noun ("concerns that")."""
    if token.pos_ == "NOUN":
        return token.lemma_ in REPORT_NOUNS
    return _is_speech_verb(token) or (
        token.pos_ == "VERB" and (token.lemma_ in STANCE_VERBS or token.lemma_ in URGING_VERBS)
    )


def _held(belief: Token) -> bool:
    """Someone holds it: "construction is expected to start", "construction expected to start"
    name what is expected, not who expects it, so there is nobody to attribute it to."""
    deps = {c.dep_ for c in belief.children}
    if deps & {"nsubjpass", "auxpass"}:
        return "agent" in deps
    return not (belief.tag_ == "VBN" and belief.dep_ in ("acl", "advcl", "amod"))


def _complement_content(token: Token, deps: tuple[str, ...] = ("ccomp",)) -> SpacySpan | None:
    """What a cue reports: the clause before it ("No one was hurt, police said") or after it;
    the sentence a parenthetical cue interrupts ("Too often, Clarke said, the debate ...");
    for a speech verb with no clause, what it asks, vows or calls for ("vowed to block the
    bill", "called for more school investment"). The parser sometimes tags a clause's verb as a
    noun ("tactics risk damaging") or splits it in two ccomps, so every ccomp is taken."""
    doc = token.doc
    if token.pos_ == "NOUN":
        comps = [
            c
            for c in token.children
            if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children)
        ]
    else:
        if any(c.dep_ == "neg" for c in token.children) or (
            token.dep_ == "xcomp" and token.head.lemma_ in REFUSING_VERBS
        ):
            return None  # "has not said what it would do", "declined to say": no speech
        comps = [c for c in token.children if c.dep_ in deps]
        if not comps and "ccomp" in deps:
            comps = _misparsed_complements(token)
        if not comps and token.dep_ == "parataxis" and _has_own_subject(token):
            head = token.head
            return _trim(doc[head.left_edge.i : head.right_edge.i + 1])
        if not comps and deps == ("ccomp",) and not _in_reported_clause(token):
            # only in the reporter's own clause: in "felt the district was asking people to
            # sacrifice" nobody asked anything
            comps = [c for c in token.children if _asks_for(c, token)]
            acts = [c.i for c in comps if c.dep_ == "xcomp"]
            if acts:  # "urged voters to stay home": who is urged goes with what they are to do
                comps += [
                    c
                    for c in token.children
                    if c.dep_ == "dobj" and token.i < c.i < min(acts) and c not in comps
                ]
            if any(c.dep_ == "dobj" for c in comps):  # "dismissed Estonia as being in ..."
                comps += [c for c in token.children if c.dep_ == "prep" and _judges(c, comps)]
        comps += _judged_object(token, comps)
    if not comps:
        return None
    start = min(c.left_edge.i for c in comps)
    end = max(c.right_edge.i for c in comps) + 1
    return _trim(doc[start:end])


def _quoted_clause(token: Token, in_quote: list[bool]) -> bool:
    """`said he would abdicate leadership and his world view is “dangerously wrong”`: a clause
    the parser joined to the cue, not to what it reports, that quotes the speaker's words
    still reports them (a clause with no quoted words may be the reporter's own)."""
    return (
        token.dep_ == "conj"
        and token.pos_ in ("VERB", "AUX")
        and _has_own_subject(token)
        and not _is_speech_verb(token)
        and any(in_quote[t.i] for t in token.subtree)
    )


def _conditions(verb: Token) -> list[Token]:
    """`If whites were moving his way, Cohn wrote, “the assumption ... may be shakier”`: a
    conditional or time clause opening the sentence before the cue belongs to the quoted words
    that follow it (PolNeAR's reading; for unquoted content it is left out, as PolNeAR mostly
    does)."""
    return [
        c
        for c in verb.lefts
        if c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in LEADING_MARKS for m in c.children)
    ]


def _judged_object(verb: Token, comps: list[Token]) -> list[Token]:
    """Who or what was called something ("called her “weak”", "described himself as “pro-Israel”",
    "whom he described as “volatile”"): what was said is about them, so they are part of it, even
    as a pronoun, which `_asks_for` leaves out as the person told."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c not in comps]
    if len(objects) != 1:
        return []
    obj = objects[0]
    said = any(
        c.dep_ == "oprd" or (c.dep_ == "ccomp" and verb.lemma_ in NAMING_VERBS) for c in comps
    ) or (
        verb.lemma_ in JUDGING_VERBS
        and any(c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i for c in verb.children)
    )
    if not said or (obj.i < verb.i and obj.lower_ not in RELATIVE_WORDS):
        return []
    as_phrase = [
        c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c not in comps
    ]
    return [obj, *as_phrase]


def _judges(prep: Token, objects: list[Token]) -> bool:
    """`as a “crazy system”`, `for being “dishonest”` after the object of a verb that judges
    it ("dismissed", "blasted", "described"): what the object was called, part of what was said
    (not "charging households extra for heavy use")."""
    verb = prep.head
    judging = verb.lemma_ in STANCE_VERBS or verb.lemma_ in JUDGING_VERBS
    return judging and prep.lower_ in ("as", "for") and prep.i > max(o.i for o in objects)


def _in_reported_clause(token: Token) -> bool:
    """Inside a clause that a verb reports or believes ("felt the district was asking ...")."""
    return any(a.dep_ == "ccomp" for a in [token, *token.ancestors][:-1])


def _asks_for(child: Token, verb: Token) -> bool:
    """`vowed to block`, `called for investment`, `called the surcharge “a tax”`, `echoed the
    governor's concerns`: the object of a speech act, not a person told ("told reporters")."""
    if child.i < verb.i:
        return False
    if child.dep_ == "xcomp":
        return True
    if child.dep_ in ("dobj", "oprd") and verb.lemma_ not in ADDRESS_VERBS:
        if verb.lemma_ in NAMING_VERBS and not _names_something(verb, child):
            return False  # "called a recess", "calling its customer service line"
        return not (child.pos_ == "PRON" and child.n_rights == 0)
    if child.dep_ == "advcl":  # "called for pay to be clawed back": `for` parsed as a mark
        return any(_with_cue(m, verb) for m in child.children)
    if child.dep_ != "prep" or child.lower_ not in PREP_OBJECTS.get(verb.lemma_, ()):
        return False
    return not any(g.ent_type_ in ("DATE", "TIME") for g in child.children)  # not "on Monday"


def _names_something(verb: Token, child: Token) -> bool:
    """`called the surcharge “a tax”`, `called it a disgrace`: a naming verb says something
    only when it gives a name (a complement after the object, or quoted words); with a bare
    object it summons or convenes ("called a recess", "call 911")."""
    if child.dep_ == "oprd" or any(c.dep_ in ("oprd", "ccomp") for c in verb.children):
        return True
    if any(c.pos_ == "ADJ" for c in child.rights):  # "called the actions lawful"
        return True
    words = child.doc[child.left_edge.i : child.right_edge.i + 1].text
    return _has_marks(words)


def _with_cue(token: Token, verb: Token) -> bool:
    """The preposition right after a cue that belongs to it ("called for", "warned of"), also
    when the parser made it the mark of the clause that follows ("called for pay to be ...")."""
    if token.i != verb.i + 1 or token.lower_ not in PREP_OBJECTS.get(verb.lemma_, ()):
        return False
    return (token.dep_ == "prep" and token.head == verb) or (
        token.dep_ == "mark" and token.head.head == verb
    )


def _misparsed_complements(verb: Token) -> list[Token]:
    """A reported clause the parser hung as a relative clause on the verb's object or on the
    noun of a phrase after it: one opening with the conjunction `that` ("reported at the time
    that the board ..."), or one with a subject of its own, no relative word and a modal or a
    copula after the person told ("told the forum he was ...", "told aides they would ...")."""
    found = []
    for child in verb.rights:
        if child.dep_ == "dobj":
            nouns = [child]
        elif child.dep_ == "prep":
            nouns = [g for g in child.children if g.dep_ == "pobj"]
        else:
            continue
        for noun in nouns:
            for rel in noun.rights:
                if rel.dep_ != "relcl":
                    continue
                kids = list(rel.children)
                if any(k.dep_ == "mark" and k.lower_ == "that" for k in kids) or (
                    verb.lemma_ in ADDRESS_VERBS
                    and noun.dep_ == "dobj"
                    and any(k.dep_ in SUBJECT_DEPS for k in kids)
                    and not any(k.lower_ in RELATIVE_WORDS for k in kids if k.i < rel.i)
                    and (rel.pos_ == "AUX" or any(k.tag_ == "MD" for k in kids))
                ):
                    found.append(rel)
    return found


def _as_clause(token: Token) -> bool:
    """`as Smith put it`, `as the report noted`: a cue in a clause opened by `as` that reports
    the clause it hangs from (not "as she spoke", not "as he said he would")."""
    if token.dep_ != "advcl" or token.lemma_ not in AS_VERBS or not _has_own_subject(token):
        return False
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
        return False
    if any(c.dep_ in ("ccomp", "xcomp") for c in token.children):
        return False
    return token.lemma_ != "put" or any(
        c.dep_ == "dobj" and c.lower_ == "it" for c in token.children
    )


def _as_content(token: Token) -> SpacySpan | None:
    """What an `as` cue reports: the rest of the clause it hangs from, after the cue when the
    cue comes first ("As Smith observed, in May the ..."), before it when it comes last."""
    head, doc = token.head, token.doc
    if token.i < head.i:
        start = token.i + 1
        if token.lemma_ == "put":
            start += 1  # "it"
        return _trim(doc[start : head.right_edge.i + 1]) if start <= head.right_edge.i else None
    return _trim(doc[head.left_edge.i : token.left_edge.i])


def _according_content(token: Token) -> SpacySpan | None:
    head = token.head
    if head is token:
        return None
    doc = token.doc
    if token.i > head.i:
        return _trim(doc[head.left_edge.i : token.left_edge.i])
    return _trim(doc[token.right_edge.i + 1 : head.right_edge.i + 1])


def _trim(span: SpacySpan) -> SpacySpan | None:
    """Drop commas and end punctuation at the edges of reported content, and a conjunction
    left dangling at its end ("the bridge is “unsafe” and", when the parser hung the next
    clause's `and` on the reported one). A leading `that` is kept: the reported clause is "that
    the bridge will reopen", as the attribution corpora (PARC, PolNeAR) mark it."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"
    ):
        if doc[end - 1].text in '”"' and _has_marks(doc[start : end - 1].text):
            break  # keep the mark closing a partial quote inside the reported speech
        if doc[end - 1].text == ")" and "(" in doc[start : end - 1].text:
            break  # "Sen. Ted Cruz (R-Texas)": the bracket closes one the span opened
        end -= 1
    return doc[start:end] if end > start else None


def _words(span: SpacySpan) -> int:
    """Words of reported content, its opening `that` not counted."""
    words = [t for t in span if t.is_alpha]
    return len(words) - (bool(words) and words[0].lower_ == "that" and words[0].dep_ == "mark")


def _around_partials(span: SpacySpan, in_quote: list[bool], partials, taken=()) -> bool:
    """The span has words of the reporter's own, and every quoted word in it belongs to a
    partial quote or to no quote taken at all (a short phrase quoted inside the reported words:
    "called the plan “a total mess”"), not to a direct quote."""
    if not any(t.is_alpha and not in_quote[t.i] for t in span):
        return False
    quoted = [t for t in span if in_quote[t.i] and t.is_alpha]
    return all(
        any(s <= t.idx < e for s, e in partials) or not any(s <= t.idx < e for s, e in taken)
        for t in quoted
    )


def _keeps_partial(span: SpacySpan, in_quote: list[bool], partials) -> bool:
    """A short reported phrase is still content when it carries a partial quote (`her “weak”`)."""
    return any(in_quote[t.i] for t in span) and _around_partials(span, in_quote, partials)


def _quoted_share(span: SpacySpan, in_quote: list[bool]) -> float:
    quoted = sum(len(t) for t in span if in_quote[t.i])
    return quoted / max(1, sum(len(t) for t in span))


# --- cues and subjects ----------------------------------------------------------------------


def _is_speech_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS


def _best_cue(frame: tuple[Token, ...], mark: Marked) -> Token | None:
    """The speech verb nearest the quote, after it first (`”, he said`), and its subject."""
    end = mark.close if mark.close is not None else mark.end
    candidates = [t for t in frame if _is_speech_verb(t) or t.lower_ == "according"]
    candidates.sort(key=lambda t: (t.idx - end) if t.idx > end else (mark.open - t.idx) + 0.5)
    with_subject = [t for t in candidates if _subject_of(t) is not None]
    return (with_subject or candidates or [None])[0]


def _subject_of(verb: Token) -> Token | None:
    """Who does the verb's saying: its subject, or, for `..., saying ...`, `... and added`,
    `by saying`, `is determined to warn`, the subject of the clause it hangs from; for a
    participle on a noun ("a statement saying", "X, who said"), that noun; for `according to X`,
    X; for `was accused by X`, X. The subject of a passive cue is not the speaker: "X was asked
    whether ..." or "X was accused of ..." has none unless a `by` phrase names one."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    for step in range(6):
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if step == 0 and subjects and all(s.dep_ == "nsubjpass" for s in subjects):
            return by  # "X was asked / accused / expected": X is spoken to or of, not the speaker
        if subjects:
            return _pick_subject(subjects, verb)
        if by is not None:
            return by
        if step == 0 and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.i > 0:
            before = verb.doc[verb.i - 1]  # "the Washington Post Trump said": a name the
            if before.pos_ == "PROPN" or before.lower_ in ("he", "she"):  # parser took away
                return before
        if verb.dep_ not in CLIMB_DEPS or verb.head is verb:
            return None
        verb = verb.head
        if verb.dep_ == "ccomp" and _is_speech_verb(verb.head):
            verb = verb.head  # "..., noting that X will not ..., saying ...": the noter says it
        if verb.pos_ in ("NOUN", "PROPN"):  # a relative clause: "X, who said ..."
            return verb
        if verb.pos_ not in ("VERB", "AUX", "ADP", "ADJ"):
            return None
    return None


def _pick_subject(subjects: list[Token], verb: Token) -> Token:
    """The parser sometimes gives two subjects ("Lincoln, Nebraska, Mayor X echoed"): a person
    beats a place. A relative pronoun ("X, who said") is the mention as written; the speakers
    stage resolves it to the noun it hangs from."""
    subject = next((s for s in subjects if s.ent_type_ == "PERSON"), subjects[-1])
    if subject.ent_type_ != "PERSON":  # "Lincoln, Nebraska, Mayor X": X hangs as an apposition
        named = [  # after the noun: in "the Clinton campaign said" the campaign spoke
            c
            for c in subject.children
            if c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON" and c.i > subject.i
        ]
        subject = named[0] if named else subject
    return subject


def mention_span(token: Token) -> SpacySpan:
    """The words naming the subject: its name with titles (`Mayor Dyer`), or `the mayor`."""
    doc = token.doc
    if token.ent_type_ and token.ent_iob_ != "O":
        ent = entity_of(token)
        if ent is not None and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
            start, end = ent.start, ent.end
        else:
            start, end = token.i, token.i + 1
    else:
        start, end = token.i, token.i + 1
    for child in token.lefts:
        modifies = child.dep_ in ("compound", "det", "amod", "nmod", "poss") and child.i < start
        if modifies and all(doc[k].dep_ != "punct" for k in range(child.i, start)):
            start = min(start, child.left_edge.i if child.dep_ != "det" else child.i)
    while start < end and doc[start].is_punct:
        start += 1
    return doc[start:end]


def _source_phrase(subject: Token, cue: Token, in_quote: list[bool]) -> SpacySpan:
    """The speaker as the reporter wrote them: the name or noun with the appositives, relative
    clauses and modifiers that go with it ("Joe Maloy, a Republican from the Concord area",
    "a former official who oversaw investigations"), as attribution corpora mark a source. The
    name alone (`mention_span`) when that phrase would reach into quoted words or the cue."""
    name = mention_span(subject)
    if subject.pos_ == "PRON":
        return name
    phrase = _trim(subject.doc[min(name.start, subject.left_edge.i) : subject.right_edge.i + 1])
    if phrase is None or phrase.start <= cue.i < phrase.end or any(in_quote[t.i] for t in phrase):
        return name
    return phrase


def _cue_words(cue: Token, in_quote: list[bool]) -> SpacySpan:
    """The words of the cue: the verb with the auxiliaries, negation and adverbs right before it
    ("has also called") and the preposition that goes with it ("called for", "according to"),
    as the attribution corpora mark a cue."""
    doc = cue.doc
    start, end = cue.i, cue.i + 1
    while start > 0 and not in_quote[start - 1]:
        left = doc[start - 1]
        if left.head != cue or left.dep_ not in ("aux", "auxpass", "neg", "advmod"):
            break
        if left.lower_ in RELATIVE_WORDS:
            break  # "when asked": the cue is "asked"
        start -= 1
    if end < len(doc):
        right = doc[end]
        if _with_cue(right, cue) or (
            right.head == cue
            and (
                (cue.lower_ == "according" and right.lower_ == "to")
                or (cue.lemma_ == "put" and right.lower_ == "it")
            )
        ):
            end += 1
    if end < len(doc) and doc[end].text == ":" and not in_quote[end]:
        end += 1  # "said:" before the quote: the colon is part of the cue, as annotators mark it
    return doc[start:end]


def _speaker_of(cue: Token, in_quote: list[bool]) -> Token | None:
    """The cue's subject, unless the parser took it from inside the quote ("“An announcement:
    ...,” tweeted Smith" read as "announcement tweeted"): then the name right after the verb."""
    subject = _subject_of(cue)
    if subject is not None and not in_quote[subject.i]:
        return subject
    following = [t for t in cue.doc[cue.i + 1 : cue.i + 3] if not t.is_space]
    if following and (following[0].pos_ == "PROPN" or following[0].ent_type_ == "PERSON"):
        return following[0]
    return None


def _quote(
    article: Article,
    kind: QuoteKind,
    start: int,
    end: int,
    cue,
    how: str,
    in_quote: list[bool],
    mention: Span | None = None,
) -> Quote:
    if cue is not None:
        subject = _speaker_of(cue, in_quote)
        if subject is not None:
            span = _source_phrase(subject, cue, in_quote)
            mention = Span(span.start_char, span.end_char, source_text(span))
        words = _cue_words(cue, in_quote)
        cue = Span(words.start_char, words.end_char, source_text(words))
    return Quote(
        id=content_id(article.sha, kind, start, end, length=12),
        article=article.id,
        kind=kind,
        start=start,
        end=end,
        text=article.text[start:end],
        cue=cue,
        mention=mention,
        how=how,
    )


# --- helpers --------------------------------------------------------------------------------


def _quoted_token_mask(doc: Doc, marked: list[Marked]) -> list[bool]:
    """For each token, whether it lies inside quotation marks (marks included)."""
    mask = [False] * len(doc)
    spans = [(m.open, m.after) for m in marked]
    k = 0
    for token in doc:
        while k < len(spans) and spans[k][1] <= token.idx:
            k += 1
        if k < len(spans) and spans[k][0] <= token.idx < spans[k][1]:
            mask[token.i] = True
    return mask


def _paragraph_index(paras: list[tuple[int, int]], offset: int) -> int:
    lo, hi = 0, len(paras) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if paras[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo
