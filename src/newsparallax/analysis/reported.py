"""Reported speech: what a cue reports without quoting it whole. The clause of a speech, stance,
belief or finding verb ("X said that ...", "..., saying ...", "denounced the plan as ..."),
`according to X`, a parenthetical `as X put it`; a partial quote the parser left unhosted, with
the reporter's words it is part of; and an unmarked statement paragraph after "X said in a
statement." Cues and sources are read by `analysis.cues`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsparallax.analysis.cues import (
    first_of_a_list,
    has_marks,
    has_own_subject,
    is_speech_verb,
    make_quote,
    names_what_it_modifies,
    subject_of,
    trim,
    with_cue,
)
from newsparallax.analysis.lexicon import (
    ADDRESS_VERBS,
    AS_VERBS,
    BELIEF_VERBS,
    FINDING_VERBS,
    FIRST_PERSON,
    JUDGING_VERBS,
    LEADING_MARKS,
    NAMING_VERBS,
    PREP_OBJECTS,
    REFUSING_VERBS,
    RELATIVE_WORDS,
    REPORT_NOUNS,
    SPEECH_NOUNS,
    STANCE_VERBS,
    SUBJECT_DEPS,
    URGING_VERBS,
)
from newsparallax.analysis.marks import Marked
from newsparallax.analysis.nlp import entity_of, source_text, span_between, token_at
from newsparallax.model import Quote, Span, content_id

MIN_INDIRECT_WORDS = 3
NOMINAL_POS = ("NOUN", "PROPN", "ADJ")


def block_quotes(article, doc, in_quote, paras) -> list[Quote]:
    """`X said in a statement.` ending a paragraph, then a paragraph with no marks and no cue of
    its own: that paragraph is the statement."""
    quotes = []
    for n in range(1, len(paras)):
        lo, hi = paras[n]
        phi = paras[n - 1][1]
        if article.is_dropped(lo, hi) or has_marks(article.text[lo:hi]):
            continue
        sent = token_at(doc, phi - 1).sent
        if not any(t.lemma_.lower() == "statement" for t in sent) or has_marks(sent.text):
            continue
        verbs = [t for t in sent if is_speech_verb(t) or t.lemma_ == "issue"]
        body = span_between(doc, lo, hi)
        if not verbs or any(_reports_speech(t) for t in body):
            continue
        reported = any(c.dep_ == "ccomp" for v in verbs for c in v.children)
        if reported and not any(t.lower_ in FIRST_PERSON for t in body[0].sent):
            continue  # the intro already says what was stated; this paragraph is narrative
        quotes.append(make_quote(article, "block", lo, hi, verbs[0], "statement", in_quote))
    return quotes


def _reports_speech(token: Token) -> bool:
    """A reporter's `Smith said` / `she says` (not a statement's own `we will recommend`)."""
    if not is_speech_verb(token) or token.tag_ not in ("VBD", "VBZ"):
        return False
    if token.lemma_ not in ("say", "tell") and not any(c.dep_ == "ccomp" for c in token.children):
        return False  # "Stage 3 asks a great deal": the verb reports no speech here
    subject = subject_of(token)
    return subject is not None and subject.lower_ not in FIRST_PERSON


def indirect_quotes(article, doc, marked, in_quote, partials=(), taken=()) -> list[Quote]:
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
        span, cue_kind = None, "cue"
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            span = _according_content(token)
        elif _as_clause(token):
            span = _as_content(token)
        elif _reports(token):
            if _asked_of_someone(token) or names_what_it_modifies(token):
                continue  # "Asked why she left, Ruiz said ...": the question is the asker's
            if _cue_after_its_quote(token, in_quote):
                continue  # "“He does love us,” Melanie said, and soon she ...": the cue of the
                # quote before it, which the parser made the head of the whole sentence
            span = _complement_content(token)
        elif token.pos_ in ("VERB", "AUX") and token.lemma_ in BELIEF_VERBS and _held(token):
            span, cue_kind = _complement_content(token, ("ccomp", "xcomp")), "belief"
        elif token.pos_ in ("VERB", "AUX") and token.lemma_ in FINDING_VERBS:
            span, cue_kind = _complement_content(token, ("ccomp",)), "finding"
        if span is None or (
            _words(span) < MIN_INDIRECT_WORDS and not _keeps_partial(span, in_quote, partials)
        ):
            continue
        if token.i >= span.end:
            span = _to_the_closing_mark(span, in_quote)
        first = span[0]
        if with_cue(first, token) and len(span) > 1:
            span = span[1:]  # "called for more investment": the preposition goes with the cue
        more = [c for c in token.rights if c.i >= span.end and _quoted_clause(c, in_quote)]
        if more:
            span = doc[span.start : max(c.right_edge.i for c in more) + 1]
        lead = conditions(token) if token.pos_ != "NOUN" and token.i < span.start else []
        if lead and any(in_quote[t.i] for t in span):
            span = doc[min(c.left_edge.i for c in lead) : span.end]
        own = _around_partials(span, in_quote, partials, taken)
        if _quoted_share(span, in_quote) > 0.5 and not own:
            continue  # the complement is itself a direct quote: already taken
        cue = token if token.pos_ != "NOUN" else token.head
        start, end = _whole_marks(marked, afters, span.start_char, span.end_char)
        end = _partial_after(article.text, marked, afters, end, partials)
        quote = make_quote(article, "indirect", start, end, cue, cue_kind, in_quote)
        owner = _owner(token) if token.pos_ == "NOUN" else None
        if owner is not None:  # "Vance dismissed Hale's accusations that ...": Hale's words
            mention = Span(owner.start_char, owner.end_char, source_text(owner))
            quote = replace(quote, mention=mention)
        quotes.append(quote)
    return quotes


def _owner(noun: Token) -> SpacySpan | None:
    """Whose claim, concern or accusation a report noun is, when a name or a pronoun says so
    ("Hale's accusations", "his claim"; not "his campaign's suggestion", whose owner is for the
    verb's subject to speak for)."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    if poss.tag_ == "PRP$":
        return poss.doc[poss.i : poss.i + 1]
    ent = entity_of(poss)
    return ent if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP") else None


def _asked_of_someone(token: Token) -> bool:
    """`Asked why she left`, `when asked whether`: a question put to the subject, with no asker
    named, is nobody's statement (least of all the subject's)."""
    return token.lemma_ == "ask" and token.tag_ == "VBN" and not has_own_subject(token)


def partial_hosts(article, doc, marked: list[Marked], found: list[Quote]) -> list[Quote]:
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


def speech_noun_owner(tokens: SpacySpan) -> SpacySpan | None:
    """Whose speech act a quote is part of, when it sits in the phrase of a noun naming one:
    "brushed off Biden's call for a “significant de-escalation”", "Biden call for 'significant
    de-escalation'", "her remark that “...”": the name or the pronoun owning the noun, not the
    sentence's subject."""
    node = _quoted_root(tokens)
    for _ in range(3):
        if (
            node is None
            or node.head.i == node.i
            or node.dep_ not in ("pobj", "prep", "dobj", "acl")
        ):
            return None
        node = node.head
        if node.pos_ == "NOUN" and node.lemma_ in SPEECH_NOUNS:
            named = next(
                (
                    c
                    for c in node.children
                    if c.dep_ == "compound" and c.ent_type_ in ("PERSON", "ORG")
                ),
                None,
            )
            if named is None:
                return _owner(node)
            ent = entity_of(named)
            return ent if ent is not None else named.doc[named.i : named.i + 1]
    return None


def judging_verb(tokens: SpacySpan) -> Token | None:
    """The verb that says what its object is, when the quoted words are what it is said to be
    (`_judged_as`)."""
    root = _quoted_root(tokens)
    noun = _noun_phrase_head(root) if root is not None else None
    return _judged_as(noun) if noun is not None else None


def has_outside_subject(tokens: SpacySpan) -> bool:
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
    return trim(doc[start : noun.right_edge.i + 1])


def _noun_phrase_head(token: Token) -> Token | None:
    while token.head.i != token.i and token.head.pos_ in NOMINAL_POS and token.dep_ != "appos":
        token = token.head
    return token if token.pos_ in NOMINAL_POS else None


def _judged_as(noun: Token) -> Token | None:
    """The verb of `described him as a “psychopath”`, `cast himself as a “law and order”
    candidate`, `dismissed the protests as noisy and “part of the job”`: one that says what
    its object is, whether or not it is a speech verb."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
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
    """A speech verb, a stance taken in public ("denounced"), or a report noun ("concerns that").
    A stance someone else's words tell of is part of those words ("In particular, Will wrote,
    Christie can challenge Clinton"), not a statement of its own."""
    if token.pos_ == "NOUN":
        return token.lemma_ in REPORT_NOUNS
    stance = token.lemma_ in STANCE_VERBS or token.lemma_ in URGING_VERBS
    told = any(c.dep_ == "parataxis" and is_speech_verb(c) for c in token.children)
    return is_speech_verb(token) or (token.pos_ == "VERB" and stance and not told)


def _cue_after_its_quote(cue: Token, in_quote: list[bool]) -> bool:
    """A cue hung as a parenthesis on a clause that opens with quoted words and has no word of
    the reporter's before the cue but its subject ("“...,” Melanie said, and ..."), unlike
    "Mills “got an immunity agreement,” Jordan said", whose clause the reporter opens."""
    head = cue.head
    if cue.dep_ != "parataxis" or head.i > cue.i or not in_quote[head.i]:
        return False
    before = cue.doc[head.left_edge.i : cue.i]
    return not any(not in_quote[t.i] and t.is_alpha and t.head != cue for t in before)


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
        if not has_own_subject(token) and first_of_a_list(token) is not None:
            comps = [c for c in comps if c.i > token.i]  # "Kasich offered the man a job, then
            # says he'll ...": the first verb of the list is no content
        if not comps and "ccomp" in deps:
            comps = _misparsed_complements(token)
        if not comps and token.dep_ == "parataxis" and subject_of(token) is not None:
            head = token.head
            return trim(doc[head.left_edge.i : head.right_edge.i + 1])
        if not comps and deps == ("ccomp",) and not _in_reported_clause(token):
            # only in the reporter's own clause: in "felt the district was asking people to
            # sacrifice" nobody asked anything
            comps = [c for c in token.children if asks_for(c, token)]
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
    return trim(doc[start:end])


def _to_the_closing_mark(span: SpacySpan, in_quote: list[bool]) -> SpacySpan:
    """Content before its cue that opens on a quote broken off at a comma ends where the quote
    closes: in "“We've had better conventions,” Texas delegate Bill Eastland, wearing a cowboy
    hat, said" the parser hung the speaker and his description on the quote's verb."""
    if not in_quote[span.start]:
        return span
    outside = next((t for t in span if not in_quote[t.i] and not t.is_punct), None)
    if outside is None or span.doc[outside.i - 2].text != ",":
        return span  # not "“We will need a few big wins” of the season, Ruiz said": one clause
    return trim(span.doc[span.start : outside.i])


def _quoted_clause(token: Token, in_quote: list[bool]) -> bool:
    """`said he would abdicate leadership and his world view is “dangerously wrong”`: a clause
    the parser joined to the cue, not to what it reports, that quotes the speaker's words
    still reports them (a clause with no quoted words may be the reporter's own)."""
    return (
        token.dep_ == "conj"
        and token.pos_ in ("VERB", "AUX")
        and has_own_subject(token)
        and not is_speech_verb(token)
        and any(in_quote[t.i] for t in token.subtree)
    )


def conditions(verb: Token) -> list[Token]:
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
    as a pronoun, which `asks_for` leaves out as the person told."""
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


def asks_for(child: Token, verb: Token) -> bool:
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
        return any(with_cue(m, verb) for m in child.children)
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
    return has_marks(words)


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
    if token.dep_ != "advcl" or token.lemma_ not in AS_VERBS or not has_own_subject(token):
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
        return trim(doc[start : head.right_edge.i + 1]) if start <= head.right_edge.i else None
    return trim(doc[head.left_edge.i : token.left_edge.i])


def _according_content(token: Token) -> SpacySpan | None:
    head = token.head
    if head is token:
        return None
    doc = token.doc
    if token.i > head.i:
        return trim(doc[head.left_edge.i : token.left_edge.i])
    return trim(doc[token.right_edge.i + 1 : head.right_edge.i + 1])


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
