"""Speakers: which member of the article's cast (`analysis.cast`) each quote's mention means, how
that was found, and how sure it is.

No coreference model runs offline, so this is our own, measured code. One pass over the article
in reading order keeps track of who was last the subject of a sentence: a pronoun ("he said")
goes to the most recent subject of a compatible gender, a role noun ("the envoy") to the person
the cast says holds that role, a bare surname to the full name used elsewhere, a statement ("the
statement said") to whoever issued it, a quote with no cue of its own to the speaker of the quote
it continues. A group ("officials") or someone the article never names ("a spokesperson for the
port authority") stays unresolved, shown by the words that describe them, and a later "he said"
goes to them rather than to an earlier named person on the other side.

Every attribution says how it was found (`Quote.how`) and how sure that is (`Quote.confidence`):
`high` for a name at the cue, `medium` or `low` for what a reader should check (a pronoun, a
role, a continuation, the paragraph before). Calibration is measured by `eval attribution`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsparallax.analysis.cast import (
    TITLE_WORDS,
    Cast,
    Member,
    build_cast,
    family_name,
    given_name,
    joins,
    learn_gender,
    lettered,
    mistagged_person,
    name_text,
    name_tokens,
    off_story,
    one_owner,
    organisation_key,
    organisation_words,
    organisational,
    owners_of,
    person_key,
    personal,
    role_head,
    role_words,
    titled,
)
from newsparallax.analysis.cues import is_speech_verb, mention_span, subject_of
from newsparallax.analysis.descriptors import describe, title_before
from newsparallax.analysis.lexicon import (
    ABBREVIATED_TITLES,
    BELIEF_VERBS,
    DOCUMENT_NOUNS,
    GENERIC_ROLE_NOUNS,
    GROUP_WORDS,
    HONORIFIC_GENDER,
    NOUN_GENDER,
    ORGANISATION_NOUNS,
    PARTIES,
    PERSON_NOUNS,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    RELATIVE_PRONOUNS,
    ROLE_NOUNS,
    SUBJECT_DEPS,
    canonical_role,
)
from newsparallax.analysis.marks import HEADLINE_LABEL, headline_end, paragraphs
from newsparallax.analysis.nlp import entity_of, full_text, source_text, span_between, token_at
from newsparallax.model import Article, Confidence, Descriptor, EntityKind, Mention, Quote, Span

SUBJECT_LOOKBACK = 3  # sentences in which a subject stays the likely antecedent
# Mentions looked back over for an antecedent: one further back is no reading a person would
# make, and an unbounded look back for every pronoun makes a long text quadratic.
SEEN_WINDOW = 1000
LEVELS: tuple[Confidence, ...] = ("low", "medium", "high")
HEADING_WORDS = 12  # a subheading made of a quote is short
NAME_ENTITIES = ("ORG", "GPE", "PERSON", "NORP", "FAC", "LOC")
UNNAMED = ("group", "description")  # how a speaker the article never names is found
# "... in 'barbaric act' - PM", "... claim -key House Republican": who speaks, after a dash.
HEADLINE_TAIL = re.compile(r"\s[-–—]\s?([^\W\d_][^-–—\n]{0,60}?)\s*$")


@dataclass(frozen=True)
class LocalPerson:
    """A person or organisation as one article refers to it."""

    article: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...]
    gender: str | None
    roles: tuple[str, ...]
    mentions: tuple[Mention, ...]
    descriptors: tuple[Descriptor, ...]


@dataclass(frozen=True)
class Found:
    """Who a mention means: a member of the cast (`key`), or nobody the article names, then
    described by `naming` (the words naming a group or an unnamed person)."""

    key: str | None
    how: str
    confidence: Confidence
    naming: Span | None = None


NOBODY = Found(None, "none", "low")


@dataclass
class _Unnamed:
    """Someone the article describes but never names ("a spokesperson for the union"), or a
    group ("officials", "the residents"): a possible antecedent of a later pronoun."""

    naming: Span
    plural: bool
    gender: str | None = None


@dataclass
class _Sweep:
    """Reading-order state: who has been named, who was last a subject."""

    cast: Cast
    seen: list[tuple[int, str, bool]] = field(default_factory=list)  # token, key, is subject
    resolved: dict[int, Found] = field(default_factory=dict)
    sentence_starts: list[int] = field(default_factory=list)
    told_starts: list[int] = field(default_factory=list)  # of sentences opening outside quotes
    unnamed: dict[str, _Unnamed] = field(default_factory=dict)  # pseudo-keys "#<token>"
    statements: list[tuple[int, Found]] = field(default_factory=list)  # "X said in a statement"


def resolve_speakers(
    article: Article, doc: Doc, quotes: tuple[Quote, ...]
) -> tuple[tuple[Quote, ...], tuple[LocalPerson, ...]]:
    """Fill in each quote's speaker (a canonical name within the article), how it was found and
    how sure that is; list the article's people and organisations with their mentions and
    descriptors."""
    paras = paragraphs(article.text)
    cast = build_cast(article, doc, quotes, headline_end(article.title, article.text, paras))
    sweep = _Sweep(cast)
    _sweep(sweep)
    resolved: list[Quote] = []
    previous: tuple[Quote, Found] | None = None
    for quote in quotes:
        found, mention = _quote_speaker(sweep, quote, previous, paras)
        done = _with_speaker(cast, quote, found, mention)
        continued = quote.kind != "indirect" or quote.quoted  # what a next quote may go on
        if continued and quote.cue_kind != "recounted":  # not words inside another quote
            previous = (done, found)
        resolved.append(done)
    resolved = _headline_speakers(sweep, _run_on(article.text, resolved, paras))
    people = tuple(_local_person(article.id, m) for m in cast.members.values() if m.mentions)
    return tuple(resolved), people


def _run_on(text: str, quotes: list[Quote], paras: list[tuple[int, int]]) -> list[Quote]:
    """A quoted paragraph left unclosed, whose quotation goes on in the next paragraph, is the
    speaker's who says the rest ("“The first paragraph runs on.\n\n“And the second one closes
    it,” Ruiz said."), when nothing before gave it one."""
    out = list(quotes)
    marked = [i for i, q in enumerate(out) if q.kind != "indirect"]
    for k in range(len(marked) - 2, -1, -1):
        quote, after = out[marked[k]], out[marked[k + 1]]
        if quote.how not in ("none", "context") or after.speaker is None:
            continue
        n = _paragraph(paras, quote.start)
        unclosed = paras[n][1] <= quote.end + 1 or not text[quote.end : paras[n][1]].strip(".")
        opens_next = n + 1 < len(paras) and _paragraph(paras, after.start) == n + 1
        opens_next = opens_next and not text[paras[n + 1][0] : after.start].strip(" “\"‘'")
        if unclosed and opens_next:
            out[marked[k]] = replace(
                quote,
                speaker=after.speaker,
                mention=after.mention,
                how="continuation",
                confidence=after.confidence,
            )
    return out


def _with_speaker(cast: Cast, quote: Quote, found: Found, mention: Span | None) -> Quote:
    """The quote with its speaker: a member's name, or, for a group or someone the article
    never names, the words that describe them ("a spokesperson for the port authority", also
    for a later "he said"), which no person record stands behind."""
    if found.key is not None:
        name = cast.members[found.key].name
    elif found.naming is not None:
        name = " ".join(found.naming.text.split())
    else:
        name = None
    return replace(quote, speaker=name, mention=mention, how=found.how, confidence=found.confidence)


def _quote_speaker(
    sweep: _Sweep,
    quote: Quote,
    previous: tuple[Quote, Found] | None,
    paras: list[tuple[int, int]],
) -> tuple[Found, Span | None]:
    """The speaker of one quote and the words naming them."""
    cast, doc = sweep.cast, sweep.cast.doc
    mention = quote.mention
    if quote.cue_kind == "continuation" and previous is not None:
        before, found = previous
        same_paragraph = _paragraph(paras, before.start) == _paragraph(paras, quote.start)
        level = found.confidence if same_paragraph else _weaker(found.confidence, "medium")
        how = found.how if found.how in UNNAMED else "continuation"
        return Found(found.key, how, level, found.naming), before.mention
    relayed = _relayed_speaker(doc, quote)
    if relayed is not None:  # whose words an outlet relays, named inside them
        found = _resolve(sweep, relayed)
        if found.key is not None:
            named = Span(relayed.idx, relayed.idx + len(relayed), relayed.text)
            return replace(found, confidence=_weaker(found.confidence, "medium")), named
    if mention is not None:
        span = _name_after_titles(span_between(doc, mention.start, mention.end))
        if span.end_char > mention.end:  # the mention reaches the name its titles lead to
            end = span.end_char
            mention = Span(mention.start, end, cast.article.text[mention.start : end])
        titled = _titled_name(cast, span)
        together = _coordinated(span.root) if titled is None else None
        if together is not None:  # "The guild and other unions warned": all of them
            return Found(None, "group", "medium", together), mention
        found = _resolve(sweep, titled or span.root)
        if _holds_cue(titled or span.root, quote):
            found = _named_before_the_cue(cast, titled or span.root, quote)  # "Benghazi
            # Investigation Helped Reveal Clinton": a headline's capitals read as one
            # organisation, the cue inside it, is no one who spoke, unless a person the
            # article names opens it ("Bernie Sanders Promises Action On Immigration")
        if found.key is None and quote.cue_kind == "dash":  # a name, whatever NER says
            key = person_key(cast, name_tokens(span))
            found = Found(key, "name", "high") if key else found
        elif found.key is None and quote.cue_kind == "label":  # "PENCE:", not "WANTED:"
            key = _name_key(cast, span)
            found = Found(key, "name", "high") if key else NOBODY
        if found.key is None and found.how == "description":
            found = _named_next(sweep, titled or span.root) or found
        recounted = quote.cue_kind == "recounted"  # words as someone else recounts them
        if (
            found.confidence == "high"
            and quote.cue is not None
            and (
                recounted
                or _nested(doc, quote.cue)
                or _relays(quote)
                or (quote.cue_kind == "reported" and _someone_else_after(cast, quote, found))
            )
        ):
            found = replace(found, confidence="medium")
        return found, mention
    if quote.start < cast.headline_end:
        return _headline_label(sweep, quote), None
    if quote.cue_kind != "none":
        return NOBODY, None  # a cue with no subject: "was asked", "is expected to"
    return _context_speaker(sweep, quote, paras), None


def _named_next(sweep: _Sweep, token: Token) -> Found | None:
    """Someone described before they are named, as a lede does ("A recently relieved Space
    Force commander claimed ..." then "Lt. Col. Matthew Lohmeier told Fox News ..."): the
    person the next sentence is about, named there for the first time. A reading to check."""
    doc = token.doc
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
        token = token.head.head  # "a career Army officer who described ...": the officer
    if (token.tag_ != "NN" and not _party_member(token)) or token.sent.end >= len(doc):
        return None
    following = doc[token.sent.end].sent
    subject = next(
        (t for t in following if t.dep_ in SUBJECT_DEPS and t.head == following.root), None
    )
    named = _named_person(sweep, subject) if subject is not None else None
    if named is None:
        return None
    member = sweep.cast.members[named[0]]
    if any(m.start < following.start_char for m in member.mentions.values()):
        return None  # named before: the description is someone else
    return Found(named[0], "role", "low")


def _relays(quote: Quote) -> bool:
    """ "The Post and Courier reported on the closing argument: “ ‘There is hatred,’ [Bruck]
    said.”": words that open with a quotation of their own relay someone else's."""
    return quote.kind == "direct" and quote.text.lstrip()[:1] in "'‘\"“"


def _relayed_speaker(doc: Doc, quote: Quote) -> Token | None:
    """The name inside relayed words that says whose they are: "The Post and Courier reported:
    “ ‘There is hatred,’ [Bruck] said.”" are Bruck's words, as the paper tells them."""
    if not _relays(quote):
        return None
    span = span_between(doc, quote.start, quote.end)
    for verb in span:
        subject = subject_of(verb) if is_speech_verb(verb) else None
        if subject is None or not span.start < subject.i < verb.i or subject.pos_ != "PROPN":
            continue
        before = doc[max(span.start, subject.left_edge.i - 2) : subject.left_edge.i]
        if any(t.text in ("'", "’") for t in before):  # right after the inner quotation
            return subject
    return None


def _someone_else_after(cast: Cast, quote: Quote, found: Found) -> bool:
    """A quote carried over from the sentence before, which names another person after its
    verb ("Paul alleged the lab was funded by the agency, something Fauci disputed. “With
    all ...”"): either could be speaking."""
    name = cast.members[found.key].name.split() if found.key is not None else []
    people = {w for m in cast.members.values() if m.kind == "person" for w in m.name.split()}
    return any(
        ent.root.text in people and ent.root.text not in name
        for ent in cast.doc.ents
        if quote.cue.end <= ent.start_char and ent.end_char <= quote.start
    )


def _nested(doc: Doc, cue: Span) -> bool:
    """The cue is itself reported by someone else ("Sondland was known for telling others “he
    was in charge”, said Hill"; "Ruiz said Lind told her the plan was “dead”"): whose words
    the quote holds is then a reading a person should check."""
    verb = token_at(doc, cue.start)
    subject = subject_of(verb)
    node = verb
    while node.head.i != node.i and node.dep_ not in ("relcl", "parataxis"):
        node = node.head
        if node.pos_ in ("VERB", "AUX") and (is_speech_verb(node) or node.lemma_ in BELIEF_VERBS):
            other = subject_of(node)
            if other is not None and (subject is None or other.i != subject.i):
                return True
    for token in verb.sent:  # "..., said another witness, Fiona Hill", hung beside the cue
        if token.i <= verb.i or verb in token.ancestors or not is_speech_verb(token):
            continue
        if token.i == 0 or doc[token.i - 1].text not in (",", "”", '"'):
            continue
        after = [c for c in token.rights if c.dep_ in SUBJECT_DEPS or c.dep_ == "dobj"]
        if after and (subject is None or after[0].i != subject.i):
            return True
    return False


def _headline_label(sweep: _Sweep, quote: Quote) -> Found:
    """A headline's own way of naming who speaks: a name before a colon opening it ("Ortiz:
    'Not the right time' for ..."), or words after a dash closing it ("... in 'barbaric act' -
    PM"), a name or a role the article ties to someone."""
    cast = sweep.cast
    text = cast.article.text
    label = HEADLINE_LABEL.match(text)
    if label and label.end(1) <= quote.start:
        key = _name_key(cast, span_between(cast.doc, label.start(1), label.end(1)))
        if key is not None:
            return Found(key, "headline", "high")
    tail = HEADLINE_TAIL.search(text, 0, cast.headline_end)
    if tail and tail.start(1) >= quote.end:
        span = span_between(cast.doc, tail.start(1), tail.end(1))
        key = _name_key(cast, span)
        if key is not None:
            return Found(key, "headline", "medium")
        holders = cast.holders_of(canonical_role(span.root.lemma_))
        if holders:
            return replace(_holder(sweep, span.root, holders), how="headline")
    return NOBODY


def _headline_speakers(sweep: _Sweep, quotes: list[Quote]) -> list[Quote]:
    """A headline or subheading quote nobody was found for yet (nor for the quote before it,
    which it goes on from): the headline's subject when it is a name or a group ("GOP leaders
    draw ‘red line’ on tax hikes"), else the speaker of the body's quote holding the same words,
    as a reader would take it (the headline quotes the story), else the first person or
    organisation the headline names before the quote."""
    cast = sweep.cast
    body = [q for q in quotes if q.start >= cast.headline_end and q.how != "none"]
    out = []
    for quote in quotes:
        in_headline = quote.start < cast.headline_end
        unfound = quote.how == "none" or (quote.how == "continuation" and quote.speaker is None)
        if not unfound or not (in_headline or _heading(cast.article.text, quote)):
            out.append(quote)
            continue
        found = _subject_of_headline(sweep, quote) if in_headline else NOBODY
        words = _words(quote.text)
        match = next(
            (b for b in body if b is not quote and words and _contains(_words(b.text), words)),
            None,
        )
        if found is NOBODY and match is not None:
            quote = replace(
                quote,
                speaker=match.speaker,
                mention=match.mention,
                how="headline",
                confidence=_weaker(match.confidence or "low", "medium"),
            )
        else:
            if found is NOBODY and in_headline:
                found = _first_named(sweep, quote)
            quote = _with_speaker(cast, quote, found, None) if found is not NOBODY else quote
        out.append(quote)
    return out


def _heading(text: str, quote: Quote) -> bool:
    """A subheading made of a quote ("3. “Not some irregular channel”"): a short line holding
    nothing but the quote and a list marker."""
    lo = text.rfind("\n", 0, quote.start) + 1
    hi = text.find("\n", quote.end)
    line = text[lo : hi if hi >= 0 else len(text)]
    rest = line.replace(quote.text, "", 1).strip(" \t“”\"‘’'-–—•*0123456789.):")
    return not rest and len(quote.text.split()) <= HEADING_WORDS


def _subject_of_headline(sweep: _Sweep, quote: Quote) -> Found:
    """The subject nearest the quote of a clause of the headline, when it is a name or a group
    ("Republicans draw 'red line' on taxes", "'We are no longer afraid': Thousands of Cubans
    protest"); not a description ("exec says"), which the body names better, nor the subject of
    quoted words ("..., says Israel 'determined to continue'": what was said of Israel)."""
    cast = sweep.cast
    headline = cast.doc[: token_at(cast.doc, cast.headline_end - 1).i + 1]
    subjects = [
        t
        for t in headline
        if t.dep_ in SUBJECT_DEPS
        and not cast.quoted[t.i]
        and not cast.quoted[t.head.i]
        and not _described(t, quote)
    ]
    subjects.sort(key=lambda t: min(abs(t.idx - quote.start), abs(t.idx - quote.end)))
    for subject in subjects:
        found = _resolve(sweep, subject)
        if found.key is not None:
            return Found(found.key, "headline", _weaker(found.confidence, "medium"))
        if found.how == "group" and found.naming is not None:
            return found
    return NOBODY


def _described(subject: Token, quote: Quote) -> bool:
    """The subject of "be" whose predicate holds the quote ("Why Ruiz Thinks Democrats Are in a
    'Deep Cult'", "videos claimed white people are 'inherently evil'"): what the words describe,
    not who said them."""
    verb = subject.head
    predicate_start = verb.left_edge.idx if verb.i < subject.i else verb.idx
    last = verb.right_edge
    return verb.lemma_ == "be" and predicate_start <= quote.start < last.idx + len(last)


def _first_named(sweep: _Sweep, quote: Quote) -> Found:
    """The first person or organisation the headline names before the quote (the parser reads a
    headline's grammar poorly): "Fauci Clashes With Rand Paul Again: 'You Are Saying ...'"."""
    here = token_at(sweep.cast.doc, quote.start).i
    named = sorted((i, key) for i, key, _ in _recent(sweep, here) if not key.startswith("#"))
    return Found(named[0][1], "headline", "low") if named else NOBODY


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _context_speaker(sweep: _Sweep, quote: Quote, paras: list[tuple[int, int]]) -> Found:
    """A quote standing alone as its paragraph, with no cue and no quote before it to continue:
    the person the paragraph before is about (clutter such as a caption passed over), as a
    reader would take it ("However, he defended his decision to ..." then a quoted paragraph):
    the only person it mentions, else its last main subject. A guess: low."""
    cast = sweep.cast
    article, doc = cast.article, cast.doc
    n = _paragraph(paras, quote.start)
    lo, hi = paras[n]
    if article.text[lo : quote.start].strip(" “\"‘'-–—0123456789.") or article.is_dropped(lo, hi):
        return NOBODY
    n -= 1
    while n >= 0 and article.is_dropped(*paras[n]):
        n -= 1
    if n < 0 or paras[n][0] < cast.headline_end:
        return NOBODY
    plo, phi = paras[n]
    announced = _announcer(sweep, token_at(doc, phi - 1).sent)
    if announced is not None:
        return announced
    first, after = token_at(doc, plo).i, token_at(doc, phi - 1).i + 1
    seen = [(key, subject) for i, key, subject in _recent(sweep, after) if i >= first]
    people = {key for key, _ in seen if not key.startswith("#") and _is_person(cast, key)}
    if len(people) == 1:
        return Found(next(iter(people)), "context", "low")
    subject = next((key for key, is_subject in seen if is_subject and key in people), None)
    return Found(subject, "context", "low") if subject else NOBODY


def _announcer(sweep: _Sweep, sentence) -> Found | None:
    """The one the sentence before the quote's paragraph has speak or issue a statement ("the
    DNC issued a statement apologizing to Sanders ...", then the statement's words): whom the
    reader takes for the speaker, an organisation too."""
    root = sentence.root
    issues = any(c.dep_ == "dobj" and c.lemma_ in DOCUMENT_NOUNS for c in root.children)
    subject = subject_of(root) if is_speech_verb(root) or issues else None
    found = _resolve(sweep, subject) if subject is not None else NOBODY
    if found.key is None or found.key.startswith("#"):
        return None
    return Found(found.key, "context", "low")


def _holds_cue(token: Token, quote: Quote) -> bool:
    """The organisation the tagger found holds the quote's own cue: title case run together."""
    ent = entity_of(token)
    cue = quote.cue
    if ent is None or ent.label_ != "ORG" or cue is None:
        return False  # a person's name with the verb ("Donald Trump Calls") is cut in the cast
    return ent.start_char <= cue.start < ent.end_char


def _named_before_the_cue(cast: Cast, token: Token, quote: Quote) -> Found:
    """The person the article names by the words of a title-case headline before its verb."""
    ent, cue = entity_of(token), quote.cue
    words = [t for t in ent if cue is not None and t.idx < cue.start] if ent is not None else []
    if not words or not all(t.pos_ == "PROPN" for t in words):
        return NOBODY
    name = " ".join(t.text for t in words)
    name = cast.fuller.get(name, name)
    if name in cast.members and _is_person(cast, name):
        return Found(name, "name", "medium")
    owner = one_owner(cast, words[-1].text)
    return Found(owner, "name", "medium") if owner and _is_person(cast, owner) else NOBODY


def _is_person(cast: Cast, key: str) -> bool:
    return cast.members[key].kind == "person"


def _coordinated(head: Token) -> Span | None:
    """Speakers named together ("the guild, the port authority and the ferry operators"): the
    words naming all of them, which speak as one group."""
    others = [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    if head.tag_ == "NNP" and not any(c.dep_ == "cc" for c in head.children):
        others = [  # "Trump, the frontrunner and leader in the polls": an apposition
            c for c in others if c.tag_ != "NN" or not any(d.dep_ == "det" for d in c.children)
        ]
    if (
        head.tag_ == "NN"
        and others
        and all(  # "the actor and activist": one person
            c.tag_ == "NN" and not any(d.dep_ == "det" for d in c.children) for c in others
        )
    ):
        return None
    bare_name = head.tag_ == "NNP" and not any(c.dep_ == "det" for c in head.children)
    if head.ent_type_ != "PERSON" and not bare_name:  # after a name ("Ana Ruiz, a ...",
        # "Marsh, the frontrunner and leader in the polls"), appositions describe
        others += [  # "the guild, the port authority, the union and ...", read as appositions
            c
            for c in head.children
            if c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children)
        ]
    if not others or head.pos_ not in ("NOUN", "PROPN"):
        return None
    doc = head.doc
    words = doc[head.left_edge.i : max(c.right_edge.i for c in others) + 1]
    return Span(words.start_char, words.end_char, source_text(words))


def _titled_name(cast: Cast, span: SpacySpan) -> Token | None:
    """The name a run of title words leads up to ("Actress and activist Rose McGowan", which
    the parser reads as a list of three; "Rovers head coach Tom Aldous"): every word before the
    name a noun, an adjective or a conjunction, with no determiner or comma, and none the name
    of someone in the article ("Trump and Sanders", "Trump" read as a noun, are two people)."""
    names = [t for t in span if t.ent_type_ == "PERSON"]
    if not names or span.root.ent_type_ == "PERSON":
        return None
    first = names[0]
    lead = [t for t in span if t.i < first.i]
    titles = all(
        t.pos_ in ("ADJ", "CCONJ", "NOUN", "PROPN")
        and not (t.text[:1].isupper() and owners_of(cast, t.text))
        for t in lead
    )
    return entity_of(first).root if lead and titles else None


def _name_after_titles(span: SpacySpan) -> SpacySpan:
    """The name a chain of titles after a speaker's first words leads to, which the parser may
    cut off from them: "tweeted Rubio spokesman Alex Conant", "said Pentagon spokesman Navy
    Capt. Jeff Davis", "explained CBS moderator Nancy Cordes": the spokesman, not Rubio. The
    chain holds nouns and names only, with at least one common noun (a role), and the name
    ends it."""
    doc = span.doc
    k, role, last = span.start, False, None
    while k < len(doc) and k < span.end + 8:
        token = doc[k]
        abbreviation = token.text == "." and doc[k - 1].lower_ in ABBREVIATED_TITLES
        title = token.lower_.rstrip(".") in ABBREVIATED_TITLES
        if title or (token.pos_ == "NOUN" and token.text[:1].islower()):
            role = True
        elif token.ent_type_ == "PERSON":
            last = k
        elif not (abbreviation or token.pos_ == "PROPN" or token.like_num):
            break  # "Air Force 1st Lt. Tyler Livingston", "Channel 9 moderator" go on
        k += 1
    if last is None or not role or last != k - 1:
        return span
    ent = entity_of(doc[last])
    return ent if ent is not None and ent.label_ == "PERSON" and personal(ent) else span


def _paragraph(paras: list[tuple[int, int]], offset: int) -> int:
    return max(0, bisect_right([p[0] for p in paras], offset) - 1)


def _weaker(a: Confidence, b: Confidence) -> Confidence:
    return a if LEVELS.index(a) <= LEVELS.index(b) else b


def _name_key(cast: Cast, span: SpacySpan) -> str | None:
    """The member written words name: a person or organisation the tagger finds in them ("VP
    Kamala Harris"), else a name the cast already knows (a surname, a short form)."""
    ents = [e for e in span.ents if e.start <= span.root.i < e.end]  # the words' head, named
    for ent in sorted(ents, key=lambda e: e.label_ != "PERSON"):
        if ent.label_ == "PERSON":
            key = person_key(cast, name_tokens(ent))
            if key is not None:
                return key
        elif ent.label_ == "ORG":
            words = organisation_words(ent)
            if words:
                return organisation_key(cast, " ".join(t.text for t in words))
    words = name_tokens(span)
    if not words:
        return None
    if len(words) == 1:
        owner = one_owner(cast, words[0].text)
        if owner is not None:
            return owner
    name = cast.fuller.get(name_text(words), name_text(words))
    if name in cast.members:
        return name
    return cast.short_forms.get(name.lower())


# --- names -----------------------------------------------------------------------------------


def _named_person(sweep: _Sweep, token: Token) -> tuple[str, SpacySpan, Confidence] | None:
    """The person a name token belongs to (spaCy's PERSON entities, or a known surname that
    the tagger mislabelled, as with "Homan said"). A surname two people share goes to the one
    last mentioned, compatible with an honorific's gender ("Ms. Okafor"), and asks for a check."""
    cast = sweep.cast
    ent = entity_of(token)
    if ent is not None and _organisation_named(cast, ent.text) is not None:
        return None  # "MHCR said", the tagger's person: the ministry the article named so
    if ent is not None and ent.label_ == "PERSON" and personal(ent):
        words = name_tokens(ent)
        key = person_key(cast, words)
        if key is None and len(words) == 1:  # a name two people share: which one, if told
            key = _shared_name(sweep, token, words[0].text, ent)
            return (key, ent, "medium") if key else None
        return (key, ent, "high") if key else None
    capitalised = token.text[:1].isupper() and lettered(token)  # "said Small", "Will said":
    # a surname that is also a word, whatever the tagger calls it
    word = _hyphenated(token)  # "Park-Ortiz said", tagged as an organisation
    in_organisation = (  # "Team Trump", "the Clinton Foundation": not the person
        ent is not None
        and ent.label_ == "ORG"
        and not word.start <= ent.start < ent.end <= word.end
        and not (titled(ent) and ent.end == word.end)  # "AG Mukasey"
    )
    if capitalised and not in_organisation:
        shared = [k for k in owners_of(cast, word.text) if cast.members[k].kind == "person"]
        if len(shared) > 1:  # "Fiorina" beside Carly and Frank Fiorina, tagged an organisation
            return _shared_name(sweep, token, word.text, word), word, "medium"
        owner = one_owner(cast, word.text)
        if owner is None and word.text in cast.members:  # "Trump", named so before
            owner = word.text
        if owner is not None and cast.members[owner].kind == "person":
            return owner, word, "high"
    return None


def _shared_name(sweep: _Sweep, token: Token, word: str, ent: SpacySpan) -> str:
    """The person a name two of them share stands for ("Clinton" beside "Bill Clinton" and
    "Hillary Clinton"; "Lee" beside "Lee Jae-myung" and "Lee Sang-min"): the one an honorific's
    gender ("Mrs. Clinton") or an appositive's role ("Lee, the party leader") allows, else the
    one written about (a subject) in the last few sentences, else the one named there; else the
    name stays as written, its own member."""
    cast = sweep.cast
    owners = owners_of(cast, word)
    title = title_before(ent)
    gender = HONORIFIC_GENDER.get(title[-1].lower_) if title is not None else None
    if gender is not None:
        owners = {k for k in owners if cast.members[k].gender in (None, gender)}
    roles = {
        role_head(role_words(_noun_words(c)))
        for c in ent.root.children
        if c.dep_ == "appos" and c.pos_ == "NOUN"
    }
    holding = {k for k in owners if roles & {role_head(r) for r in cast.members[k].roles}}
    if len(holding) == 1:
        return next(iter(holding))
    if len(owners) == 1:
        return next(iter(owners))
    horizon = _horizon(sweep, token)
    named = None  # the one last written about (a subject) first, else the one last named
    for i, key, subject in _recent(sweep, token.i):
        if i < horizon:
            break
        if key in owners and subject:
            return key
        named = named or (key if key in owners else None)
    if named is not None:
        return named
    cast.members.setdefault(word, Member(word, "person", gender))
    return word


def _horizon(sweep: _Sweep, token: Token) -> int:
    """The first token of the sentence SUBJECT_LOOKBACK sentences before `token`'s, counting
    only the reporter's sentences: after a long quote, "he said" still looks back past it to
    who was being written about."""
    starts, told = sweep.sentence_starts, sweep.told_starts
    if not starts:
        starts.extend(sent.start for sent in sweep.cast.doc.sents)
        quoted = sweep.cast.quoted
        told.extend(start for start in starts if not quoted[start] or start == 0)
    here = bisect_right(told, token.i) - 1
    return told[max(0, here - SUBJECT_LOOKBACK)]


def _hyphenated(token: Token) -> SpacySpan:
    """The hyphenated word a token is part of ("Park-Ortiz"), or the token alone."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 1 and joins(doc[start - 1]):
        start -= 2
    while end < len(doc) - 1 and joins(doc[end]):
        end += 2
    return doc[start:end]


# --- the reading-order sweep -------------------------------------------------------------------


def _sweep(sweep: _Sweep) -> None:
    """Walk the article once, outside quotes and clutter, noting every person named and
    resolving every subject pronoun and nominal as it comes."""
    cast = sweep.cast
    doc, article = cast.doc, cast.article
    for token in doc:
        if cast.quoted[token.i] or off_story(article, token.idx, token.idx + len(token)):
            continue
        named = _named_person(sweep, token)
        if named is not None:
            key, span, level = named
            if token.i == span.root.i or len(span) == 1:
                _note(sweep, token, key, span, level)
            continue
        if (
            token.dep_ in SUBJECT_DEPS
            or (token.dep_ == "pobj" and token.head.lower_ == "to")
            or (token.dep_ == "poss" and _main_subject(token))
        ):
            _resolve(sweep, token)
        elif token.ent_type_ == "ORG" and token.ent_iob_ == "B":
            _note_organisation(sweep, token)
        if token.lemma_ == "statement" and token.dep_ == "pobj":
            _note_statement(sweep, token)


def _note_organisation(sweep: _Sweep, token: Token) -> str | None:
    """An organisation named anywhere ("the Upper Calder Water District's board"), so that a
    later "the district" knows what it stands for."""
    cast = sweep.cast
    ent = entity_of(token)
    words = organisation_words(ent)
    if not words or words[0].ent_type_ != "ORG" or not organisational(words):
        return None
    if mistagged_person(cast, words):
        return None
    key = organisation_key(cast, " ".join(t.text for t in words))
    member = cast.members[key]
    if member.kind != "organisation":
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    text = full_text(cast.doc)[start:end]  # as written (spaces as in the text)
    member.mentions.setdefault((start, end), Mention(cast.article.id, start, end, text))
    if text != key:
        member.aliases.setdefault(text, None)
    sweep.seen.append((ent.root.i, key, ent.root.dep_ in SUBJECT_DEPS))
    return key


def _note_statement(sweep: _Sweep, token: Token) -> None:
    """ "X said in a statement": who issued the latest statement, for a later "the statement
    said"."""
    verb = token.head.head if token.head.dep_ == "prep" else None
    if verb is None:
        return
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None:
        return
    found = _resolve(sweep, subject)
    if found.key is not None or found.naming is not None:
        sweep.statements.append((token.i, found))


def _main_subject(token: Token) -> bool:
    """The subject of a main clause, the one a later "he" most likely means: not of a clause
    inside another ("should Clinton attempt a return", "said Obama was born ..."). When that
    subject is a thing, its owner stands in for it ("Mr. Obama's bet is ...", "the mayor's
    plan was ...": a later "he" means the owner)."""
    if token.dep_ == "poss" and token.head.dep_ in SUBJECT_DEPS:
        owned = token.head
        person = owned.ent_type_ in ("PERSON", "ORG", "NORP") or owned.pos_ in ("PRON", "PROPN")
        thing = not person and canonical_role(owned.lemma_) not in PERSON_NOUNS
        return thing and owned.lower_ not in GROUP_WORDS and _main_subject(owned)
    if token.dep_ not in SUBJECT_DEPS:
        return False
    clause = token.head
    while clause.dep_ == "conj":
        clause = clause.head
    return clause.dep_ in ("ROOT", "parataxis") and not _inverted_condition(clause, token)


def _inverted_condition(clause: Token, subject: Token) -> bool:
    """A condition the parser took for the main clause, as in "..., should Clinton attempt a
    return": an auxiliary before its subject, in a sentence that asks nothing."""
    inverted = any(
        c.dep_ == "aux" and c.lower_ in ("should", "had", "were") and c.i < subject.i
        for c in clause.children
    )
    return inverted and not clause.sent.text.rstrip().rstrip("”\"'’").endswith("?")


def _note(sweep: _Sweep, token: Token, key: str, span: SpacySpan, level: Confidence) -> None:
    cast = sweep.cast
    member = cast.members[key]
    subject = _main_subject(token)
    sweep.seen.append((token.i, key, subject))
    sweep.resolved[token.i] = Found(key, "name", level)
    mention = Mention(cast.article.id, span.start_char, span.end_char, source_text(span))
    member.mentions.setdefault((span.start_char, span.end_char), mention)
    if member.kind == "person":
        words = name_tokens(span)
        name = name_text(words)
        if name:
            member.aliases.setdefault(name, None)
        title = title_before(span) if len(span) and span.root.pos_ == "PROPN" else None
        if title is not None and title[-1].lower_.rstrip(".") in TITLE_WORDS:
            member.aliases.setdefault(
                f"{title[-1].text} {family_name(name.split())}" if name.split() else span.text,
                None,
            )
        if subject:
            learn_gender(cast, key, span)
    elif span.text:
        member.aliases.setdefault(span.text, None)
    for d in describe(cast.article.id, span, token):
        if d.kind != "party" or member.kind == "person":  # an organisation has no party
            member.descriptors.setdefault((d.kind, d.start), d)


def _relative_antecedent(pronoun: Token) -> Token:
    """The noun a relative clause hangs from; for "who", a person: the parser hangs "Grijalva,
    a co-chairman of the Progressive Caucus, who sent a letter" on the caucus, the last noun,
    but a caucus is no "who", the co-chairman is, and the co-chairman is Grijalva; "Ana Ruiz,
    32, a former aide who said ...": the aide is Ana Ruiz."""
    noun = pronoun.head.head
    organisation = noun.ent_type_ in ("ORG", "GPE", "NORP") or noun.lemma_ in ORGANISATION_NOUNS
    if pronoun.lower_ not in ("who", "whom"):
        return noun
    if not organisation:  # "officials, including a career officer who ...": the officer
        while noun.dep_ == "appos" and noun.head.ent_type_ == "PERSON":
            noun = noun.head
        return noun
    climbed = noun
    while climbed.dep_ == "pobj" and climbed.head.dep_ == "prep":
        climbed = climbed.head.head
    if climbed is noun or climbed.pos_ not in ("NOUN", "PROPN"):
        return noun
    while climbed.dep_ == "appos":
        climbed = climbed.head
    return climbed


def _resolve(sweep: _Sweep, token: Token) -> Found:
    """Who a subject token refers to."""
    if token.i in sweep.resolved:
        return sweep.resolved[token.i]
    cast = sweep.cast
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
        found = _resolve(sweep, _relative_antecedent(token))  # "X, who said": X
        sweep.resolved[token.i] = found
        return found
    given = None
    named = _named_person(sweep, token)
    if named is not None:
        key, span, level = named
        _note(sweep, token, key, span, level)
        return sweep.resolved[token.i]
    lower = token.lower_
    ent = entity_of(token)
    known = _organisation_named(cast, ent.text if ent is not None else token.text)
    if known is not None and token.text[:1].isupper() and lower not in PRONOUN_GENDER:
        found = Found(known, "name", "high")
    elif token.i in cast.in_place:  # "The envoy, Mara Quist, said": the name is right there
        found = Found(cast.in_place[token.i], "name", "high")
    elif lower in PRONOUN_GENDER:
        found = _antecedent(sweep, token, PRONOUN_GENDER[lower])
    elif lower in PLURAL_PRONOUNS or lower == "it":
        found = _plural_antecedent(sweep, token)
    elif token.pos_ in ("NOUN", "PROPN"):
        given = given_name(token)  # "A group called Doctors for Camp Closure wrote": that group
        found = _resolve(sweep, given.root) if given is not None else _nominal(sweep, token)
    else:
        found = NOBODY
    sweep.resolved[token.i] = found
    key = found.key
    guess = found.how == "role" and found.confidence == "low"
    if key is not None and not key.startswith("#") and not guess:  # a guess is no antecedent
        sweep.seen.append((token.i, key, _main_subject(token)))
        pronoun = lower in PRONOUN_GENDER or lower in PLURAL_PRONOUNS
        if not pronoun and found.how != "document" and given is None:
            _note_nominal(sweep, token, key)  # "a court document", "a man named X": no alias
    elif (
        found.how in UNNAMED
        and found.naming is not None
        and lower not in PRONOUN_GENDER
        and lower not in PLURAL_PRONOUNS
        and is_speech_verb(token.head)
    ):
        pseudo = f"#{token.i}"  # someone described, never named, who spoke: an antecedent
        plural = token.tag_ in ("NNS", "NNPS") or found.how == "group"
        gender = NOUN_GENDER.get(lower) or NOUN_GENDER.get(token.lemma_.lower())
        sweep.unnamed[pseudo] = _Unnamed(found.naming, plural, gender)
        sweep.seen.append((token.i, pseudo, _main_subject(token)))
    return found


def _note_nominal(sweep: _Sweep, token: Token, key: str) -> None:
    cast = sweep.cast
    span = mention_span(token)
    member = cast.members[key]
    member.mentions.setdefault(
        (span.start_char, span.end_char),
        Mention(cast.article.id, span.start_char, span.end_char, source_text(span)),
    )
    if member.kind == "person":
        member.aliases.setdefault(span.text.lower() if span[0].lower_ == "the" else span.text, None)
    for d in describe(cast.article.id, span, token):
        if d.kind != "title" and (d.kind != "party" or member.kind == "person"):
            member.descriptors.setdefault((d.kind, d.start), d)


def _antecedent(sweep: _Sweep, token: Token, gender: str | None, role: str | None = None) -> Found:
    """The most recent compatible subject in the last few sentences, else the most recent
    compatible person named at all. Compatible: the gender (when known on both sides) and, for
    a nominal ("the actor"), no title that says otherwise. Someone described but never named
    ("a spokesperson for the union") is a subject like any other: a later "he said" is theirs.
    How sure: `medium` when the antecedent is a subject of the last few sentences and no other
    compatible person was named there; `low` otherwise."""
    topic = _topic(sweep, token)
    if topic is not None and _compatible(sweep, topic, gender, role):
        return Found(topic, "pronoun" if role is None else "role", "medium")
    horizon = _horizon(sweep, token)
    starts = sweep.sentence_starts
    same = _same_sentence_subject(
        sweep, token, starts[bisect_right(starts, token.i) - 1], gender, role
    )
    if same is not None:
        return same
    latest, near, rivals = None, False, set()
    for i, key, subject in _recent(sweep, token.i):
        if not _compatible(sweep, key, gender, role):
            continue
        if i >= horizon:
            rivals.add(key)  # everyone compatible in the last few sentences
        if subject and i >= horizon:
            if latest is None or not near:
                latest, near = key, True
            continue
        if latest is None:
            latest = key
        if i < horizon:
            break
    rivals.discard(latest)
    # No gender is learnt from the choice: it is a guess, and a wrong one taken as evidence
    # ("she" → Obama) would send every later pronoun astray.
    if latest is None:
        return Found(None, "pronoun", "low")
    level: Confidence = "medium" if near and not rivals else "low"
    if latest.startswith("#"):
        return Found(None, "description", level, sweep.unnamed[latest].naming)
    return Found(latest, "pronoun" if role is None else "role", level)


def _topic(sweep: _Sweep, token: Token) -> str | None:
    """The person a sentence opens on with "As for X," ("As for Trump, he said he's not
    worried"): who its pronoun means, whoever was named last."""
    words = [t for t in token.sent if not t.is_space]
    if len(words) < 4 or words[0].lower_ != "as" or words[1].lower_ not in ("for", "to"):
        return None
    name = next((c for c in words[1].children if c.dep_ == "pobj"), None)
    if name is None or name.i > token.i:
        return None
    named = _named_person(sweep, name)
    return named[0] if named is not None else None


def _same_sentence_subject(
    sweep: _Sweep, token: Token, start: int, gender: str | None, role: str | None
) -> Found | None:
    """A subject earlier in the pronoun's own sentence, of any clause, when it is the only
    compatible one there ("Yet Sondland has amended his testimony — “I now do recall,” he
    said"): the reading a person makes before looking further back."""
    keys = set()
    for i, key, _ in _recent(sweep, token.i):
        if i < start:
            break
        if sweep.cast.doc[i].dep_ in SUBJECT_DEPS and _compatible(sweep, key, gender, role):
            keys.add(key)
    if len(keys) != 1:
        return None
    key = next(iter(keys))
    if key.startswith("#"):
        return Found(None, "description", "medium", sweep.unnamed[key].naming)
    return Found(key, "pronoun" if role is None else "role", "medium")


def _compatible(sweep: _Sweep, key: str, gender: str | None, role: str | None) -> bool:
    if key.startswith("#"):
        unnamed = sweep.unnamed[key]
        return not unnamed.plural and (gender is None or unnamed.gender in (None, gender))
    member = sweep.cast.members[key]
    return (
        member.kind == "person"
        and (gender is None or member.gender in (None, gender))
        and (role is None or not member.roles)
    )


def _recent(sweep: _Sweep, before: int):
    """(token, key, is subject) of who was seen before token `before`, most recent first, at
    most SEEN_WINDOW mentions back."""
    seen = sweep.seen
    for n in range(len(seen) - 1, max(-1, len(seen) - 1 - SEEN_WINDOW), -1):
        if seen[n][0] < before:
            yield seen[n]


def _plural_antecedent(sweep: _Sweep, token: Token) -> Found:
    """ "They said", "it said": the latest subject when it is an organisation or a group."""
    for _, key, subject in _recent(sweep, token.i):
        if not subject:
            continue
        if key.startswith("#"):
            unnamed = sweep.unnamed[key]
            if unnamed.plural and token.lower_ != "it":
                return Found(None, "group", "medium", unnamed.naming)
            return NOBODY
        if sweep.cast.members[key].kind == "organisation":
            return Found(key, "pronoun", "medium")
        return NOBODY
    return NOBODY


def _nominal(sweep: _Sweep, token: Token) -> Found:
    """`the mayor` → the person the cast says is mayor; `Fresno police` → an organisation;
    `the statement` → who issued it; a plural or a group word → a group, unresolved; `a
    spokesperson for the union`, `his attorney` → someone never named, unresolved."""
    cast = sweep.cast
    lemma = canonical_role(token.lemma_)
    ent = entity_of(token)
    naming = _naming(token)
    if lemma in ORGANISATION_NOUNS or (ent is not None and ent.label_ == "ORG"):
        return _organisation(sweep, token)
    group_word = lemma in GROUP_WORDS or token.lower_ in GROUP_WORDS
    if group_word or (token.tag_ in ("NNS", "NNPS") and _can_speak(token)):
        organisation = _organisation_of_group(cast, token)
        if organisation is not None:
            return Found(organisation, "role", "medium")
        return Found(None, "group", "medium", naming)
    if ent is not None and ent.label_ == "GPE" and token.dep_ in SUBJECT_DEPS:
        words = organisation_words(ent)  # "South Dakota says", "China said": its government
        return Found(organisation_key(cast, " ".join(t.text for t in words)), "name", "medium")
    if _party_member(token):
        if _opens_the_story(sweep.cast, token):  # "The No. 3 Republican in the House said":
            return Found(None, "description", "medium", naming)  # named in the next sentence
        found = _antecedent(sweep, token, None)  # "the South Carolina Republican": a guess
        return replace(found, how="role", confidence="low") if found.key else found
    if ent is not None and ent.label_ in ("GPE", "NORP", "LOC", "DATE", "TIME", "CARDINAL"):
        return NOBODY
    if lemma in DOCUMENT_NOUNS:
        return _author(sweep, token)
    untyped_name = (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and ent is None
        and token.lower_.rstrip(".") not in TITLE_WORDS
        and not any(c.dep_ == "det" for c in token.children)
    )
    if untyped_name and token.dep_ in SUBJECT_DEPS:  # "Twitter pledged": a name left untyped
        return Found(organisation_key(cast, token.text), "name", "medium")
    person_noun = lemma in PERSON_NOUNS or bool(cast.holders_of(lemma))
    if not person_noun:
        return NOBODY
    if not _definite(token):
        return Found(None, "description", "medium", naming)
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
        return Found(None, "description", "medium", naming)  # "his attorney": not him
    role = role_words(_noun_words(token))
    holders = cast.holders_of(role) or (cast.holders_of(lemma) if role != lemma else [])
    if holders:
        return _holder(sweep, token, holders)
    gender = NOUN_GENDER.get(token.lower_) or NOUN_GENDER.get(token.lemma_.lower())
    if lemma in ROLE_NOUNS and lemma not in GENERIC_ROLE_NOUNS:
        # a role nobody holds in the article: described, not named
        return Found(None, "description", "medium", naming)
    found = _antecedent(sweep, token, gender)  # "the actor", "the 56-year-old": a guess
    return replace(found, how="role", confidence="low") if found.key else found


def _party_member(token: Token) -> bool:
    """ "the No. 3 Republican", "a Democrat": one member of a party, not the party."""
    return (
        token.lower_ in PARTIES
        and token.tag_ in ("NN", "NNP")
        and not token.lower_.endswith("s")
        and any(c.dep_ == "det" for c in token.children)
    )


def _opens_the_story(cast: Cast, token: Token) -> bool:
    """In the first sentence after the headline, where a lede describes who it names next."""
    return not cast.article.text[cast.headline_end : token.sent.start_char].strip()


def _can_speak(token: Token) -> bool:
    """People or bodies ("the doctors", "unions", "Democrats"), not things ("fares", "videos")."""
    lemma = canonical_role(token.lemma_)
    return (
        lemma in PERSON_NOUNS
        or lemma in ORGANISATION_NOUNS
        or token.ent_type_ in ("NORP", "ORG", "PERSON")
        or token.lemma_.endswith(("er", "or", "ist", "ian", "ant", "ent"))  # "voters", "experts"
    )


def _organisation_named(cast: Cast, text: str) -> str | None:
    """The organisation a written name is, or is short for ("MHCR", "Microsoft")."""
    name = " ".join(w for w in text.split() if w.lower() not in ("the", "a", "an"))
    member = cast.members.get(name)
    if member is not None and member.kind == "organisation":
        return name
    return cast.short_forms.get(name.lower().replace(".", ""))


def _organisation_of_group(cast: Cast, token: Token) -> str | None:
    """ "The doctors said", in an article about "Doctors for Camp Closure": a definite plural
    that the cast ties to an organisation ("the doctors, members of ..."), or whose word is in
    the name of exactly one organisation the article names ("the nurses", "the teachers' union")."""
    if not _definite(token) or any(c.dep_ == "poss" for c in token.children):
        return None
    tied = cast.groups.get(token.lemma_.lower())
    if tied is not None:
        return tied
    return _only_organisation_with(cast, token)


def _only_organisation_with(cast: Cast, word: Token) -> str | None:
    """The one organisation of the article with the word (or its lemma) in its name."""
    forms = {word.lower_, word.lemma_.lower()}
    named = [
        key
        for key, m in cast.members.items()
        if m.kind == "organisation" and forms & set(key.lower().split())
    ]
    return named[0] if len(named) == 1 else None


def _holder(sweep: _Sweep, token: Token, holders: list[tuple[int, str]]) -> Found:
    """The person holding a role: the only one, else the latest tied to it before the mention,
    else the first after it ("The trade envoy quit on Friday ... The envoy, Mara Quist, ...")."""
    keys = {key for _, key in holders}
    if len(keys) == 1:
        return Found(next(iter(keys)), "role", "medium")
    before = [(i, key) for i, key in holders if i < token.i]
    recent: dict[str, int] = {}
    for i, key, _ in _recent(sweep, token.i):  # most recent first: each holder's latest mention
        if key in keys:
            recent.setdefault(key, i)
    if recent:
        return Found(max(recent, key=recent.get), "role", "low")
    if before:
        return Found(max(before)[1], "role", "low")
    return Found(min(holders)[1], "role", "low")


def _noun_words(token: Token) -> list[Token]:
    return [t for t in token.lefts if t.dep_ in ("compound", "amod")] + [token]


def _naming(token: Token) -> Span:
    """The words describing a speaker the article does not name: the noun with what qualifies it
    ("a spokesperson for the port authority", "several residents")."""
    doc = token.doc
    span = doc[token.left_edge.i : token.right_edge.i + 1]
    end = span.end
    for t in span:
        if t.i > token.i and (t.dep_ in ("relcl", "acl") or t.text in (",", "—", "(")):
            end = t.i
            break
    span = doc[span.start : end]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    return Span(span.start_char, span.end_char, source_text(span))


def _author(sweep: _Sweep, token: Token) -> Found:
    """Who stands behind "her statement", "a letter from X", "the statement said" (whoever
    issued the latest statement), "a report" that the next sentence calls "the report by X";
    nobody is guessed for a bare "the ad"."""
    named = _named_author(sweep, token)
    if named is not None:
        return named
    held = token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ == "VERB"
    if token.dep_ == "dobj" or held:  # "the commission issued a statement saying ...": its
        issuer = subject_of(token.head.head if held else token.head)  # issuer, also of
        # "Sanders ..., releasing a statement that ...", "comments Clinton made during a speech
        # attacking ..."
        if issuer is not None and issuer != token:
            found = _resolve(sweep, issuer)
            if found.key is not None or found.naming is not None:
                return replace(found, how="document")
    if token.lemma_ == "statement" and _definite(token) and sweep.statements:
        before = [found for i, found in sweep.statements if i < token.i]
        if before:
            return replace(before[-1], how="document", confidence="medium")
    if not _definite(token) and token.sent.end < len(token.doc):
        following = token.doc[token.sent.end].sent
        for later in following:
            if later.lemma_ == token.lemma_ and _definite(later):
                found = _named_author(sweep, later)
                return replace(found, confidence="medium") if found else NOBODY
    return NOBODY


def _named_author(sweep: _Sweep, token: Token) -> Found | None:
    """The author a document's own words name: "her statement", "the report by the union", "the
    letter signed by seven physicians"."""
    for child in token.children:
        if child.dep_ == "poss":
            return replace(_resolve(sweep, child), how="document")
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return replace(_resolve(sweep, obj), how="document")
        if child.dep_ == "acl":  # "the letter signed by seven physicians"
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            obj = agent and next((c for c in agent.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return replace(_resolve(sweep, obj), how="document")
    return None


def _definite(token: Token) -> bool:
    """`the mayor`, `the city's mayor` — not `a mayor` or `another official`."""
    determiners = [c for c in token.children if c.dep_ in ("det", "poss")]
    return bool(determiners) and all(
        d.lower_ not in ("a", "an", "another", "any", "some", "no", "every", "each")
        for d in determiners
    )


def _organisation(sweep: _Sweep, token: Token) -> Found:
    """`Fresno police`, `the Upper Calder Water District board`; `the district` as the last
    organisation of that name; `his office` and `whose district` belong to someone else."""
    cast = sweep.cast
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
        return NOBODY
    span = mention_span(token)
    possessive = [t.i for t in span if t.tag_ == "POS"]
    if possessive:  # "the district's board said": the district speaks; in "Netanyahu's
        owner = token.doc[span.start : possessive[0]]  # Likud party" the party does
        person = any(t.ent_type_ == "PERSON" for t in owner)
        span = token.doc[possessive[0] + 1 : span.end] if person else owner
    named_organisation = [t for t in span if t.ent_type_ == "ORG"]
    if named_organisation and token.lemma_ in ORGANISATION_NOUNS:  # "the Likud party"
        ent = entity_of(named_organisation[0])
        a_person = ent is not None and one_owner(cast, ent.text) is not None
        if ent is not None and not a_person:  # "the Bloomberg campaign" is no Bloomberg
            span = ent
    words = organisation_words(span)
    named = any(t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTITIES for t in words)
    if any(t.tag_ in ("WP$", "WDT", "PRP$") for t in words):  # "whose campaign", "its board"
        return NOBODY
    if not named:  # "the district": the organisation of that name, else the latest one
        members = next((c for c in token.children if c.dep_ == "compound"), None)
        known = _only_organisation_with(cast, members) if members is not None else None
        if known is not None and _definite(token):  # "the nurses group": Nurses for Safe Wards
            return Found(known, "role", "medium")
        head = [token.lemma_.lower()]
        latest_subject = None
        horizon = _horizon(sweep, token)
        for i, key, subject in _recent(sweep, token.i):
            if key.startswith("#") or cast.members[key].kind != "organisation":
                continue
            if latest_subject is not None and i < horizon:
                break  # "the company", with Whole Foods the subject of late: not a "... Company"
            if key.lower().split()[-1:] == head:  # one "... District" in the article: it
                namesakes = sum(
                    m.kind == "organisation" and k.lower().split()[-1:] == head
                    for k, m in cast.members.items()
                )
                return Found(key, "role", "medium" if namesakes == 1 else "low")
            if subject and latest_subject is None:
                latest_subject = key
        if latest_subject is not None and _definite(token):
            return Found(latest_subject, "role", "low")
        return Found(None, "group", "medium", _naming(token))
    if words and not organisational(words):  # "the Calder Basin Supply Outlook says"
        return Found(None, "description", "medium", _naming(token))
    key = organisation_key(cast, " ".join(t.text for t in words))
    return Found(key, "name", "high")


# --- output ------------------------------------------------------------------------------------


def _local_person(article: str, member: Member) -> LocalPerson:
    mentions = tuple(sorted(member.mentions.values(), key=lambda m: m.start))
    return LocalPerson(
        article=article,
        name=member.name,
        kind=member.kind,
        aliases=tuple(a for a in member.aliases if a and a != member.name),
        gender=member.gender,
        roles=tuple(r for r in member.roles if r),
        mentions=mentions,
        descriptors=tuple(sorted(member.descriptors.values(), key=lambda d: d.start)),
    )
