"""Cues and sources: the words that report a quote (the speech verb with its auxiliaries and
preposition, `according to`) and the phrase naming who spoke (the cue's subject, with the
appositives and relative clauses a reporter attaches to it), as attribution corpora mark them.

Every quote is made here (`make_quote`), by the marked quotes (`analysis.marked`) and reported
speech (`analysis.reported`) alike, so the two get their cue and mention spans the same way.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsparallax.analysis.lexicon import (
    DOCUMENT_NOUNS,
    EFFORT_NOUNS,
    GROUP_WORDS,
    OCCASION_NOUNS,
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    PREP_OBJECTS,
    PROMPTING_VERBS,
    RELATIVE_WORDS,
    SPEECH_PHRASES,
    SPEECH_VERBS,
    SUBJECT_DEPS,
)
from newsparallax.analysis.marks import Marked
from newsparallax.analysis.nlp import entity_of, source_text, token_at
from newsparallax.model import Article, Quote, QuoteKind, Span, content_id

SENTENCE_ENDS = (".", "!", "?")
CLAUSE_OPENERS = ("when", "while", "after", "before", "because", "as", "if", "since", "until")
SCENE_OPENERS = ("when", "while", "after", "before", "because", "since", "until", "if", "once")
AFTER_CUE = 8  # words a speaker's title may take after a post-posed cue
SET_OFF = (",", "—", "–", "--")  # what sets a participle off from the clause before it
CLIMB_DEPS = ("advcl", "xcomp", "conj", "pcomp", "acl", "relcl", "prep", "acomp")


def is_speech_verb(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lemma = token.lemma_.lower()
    word = SPEECH_PHRASES.get(lemma)
    return lemma in SPEECH_VERBS or (
        word is not None
        and any(c.lower_ == word and c.dep_ in ("prt", "dobj", "advmod") for c in token.children)
    )


def has_own_subject(verb: Token) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def best_cue(frame: tuple[Token, ...], mark: Marked) -> Token | None:
    """The speech verb nearest the quote, after it first (`”, he said`), with a subject; among
    those, one whose clause holds the quoted words: in "Sondland told officials they would need
    to “deliver” before the administration would agree" Sondland's `told` reports the word,
    though `agree` stands nearer."""
    end = mark.close if mark.close is not None else mark.end
    candidates = [
        t
        for t in frame
        if ((is_speech_verb(t) and not names_what_it_modifies(t)) or t.lower_ == "according")
        and not _in_time_clause_before(t, mark)
        and not _sentence_ended_before(t, mark)
    ]
    candidates.sort(key=lambda t: (t.idx - end) if t.idx > end else (mark.open - t.idx) + 0.5)
    with_subject = [
        t for t in candidates if subject_of(t) is not None or _name_after(t) is not None
    ]
    if not candidates:
        return _verb_closing_the_quote(frame, mark)
    pool = with_subject or candidates
    as_reported = [t for t in pool if t.idx > end and _as_reported(t)]
    if as_reported:  # "..., as NPR's Debbie Elliot reported": whose telling the words are
        return as_reported[0]
    holding = [t for t in pool if _holds_words(t, mark)]
    return (holding or pool or [None])[0]


def _verb_closing_the_quote(frame: tuple[Token, ...], mark: Marked) -> Token | None:
    """ "“France will always be France,” an angry Hollande retaliated.": a quote broken off at a
    comma, a question or an exclamation, then a short clause of a verb and its subject that acts
    on nothing and ends the sentence, or a verb in the past and a name ("“This is fantastic!”
    beamed Donald Hartley"). Whatever the verb, it tells who spoke."""
    if mark.close is None or not frame:
        return None
    if quote_ends_with(frame[0].doc, mark) not in (",", "?", "!"):
        return None
    after = []
    for token in frame:
        if token.idx < mark.after:
            continue
        if token.text in SENTENCE_ENDS or "\n" in token.text:
            break
        after.append(token)
    if after and _inverted_after_the_quote(after[0]) is not None:
        return after[0]  # "“This is fantastic!” beamed Donald Hartley of Madison, Alabama, ..."
    verbs = [t for t in after if t.pos_ == "VERB"]
    if len(after) > 8 or len(verbs) != 1 or after[-1].i + 1 >= len(after[-1].doc):
        return None
    verb, end = verbs[0], after[-1].doc[after[-1].i + 1]
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    subordinate = any(c.dep_ == "mark" for c in verb.children)  # "as they had for others"
    if subject is None or subject.lower_ in RELATIVE_WORDS or subordinate:
        return None  # "..., which votes June 7."
    acts_on = any(  # on something after the quote (the quote itself the parser may hang on it)
        c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd") and c.idx >= mark.after
        for c in verb.children
    )
    if subject not in after or acts_on or end.text not in SENTENCE_ENDS:
        return None
    return verb


def quote_ends_with(doc, mark: Marked) -> str:
    """The last character of the quoted words ("," in "“We will win,” she said")."""
    last = token_at(doc, mark.end - 1)
    return last.text_with_ws[mark.end - 1 - last.idx : mark.end - last.idx]


def _inverted_after_the_quote(verb: Token) -> Token | None:
    """ "“This is fantastic!” beamed Donald Hartley", "“...,” remembered Roy Verley, a former
    spokesman": a verb in the past right after the quote's closing mark, then a name: the name
    speaks, whatever the parser made of it (subject or object)."""
    doc = verb.doc
    if verb.i < 1 or doc[verb.i - 1].tag_ != "''" or verb.tag_ != "VBD" or verb.pos_ != "VERB":
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in ("nsubj", "dobj")
            and c.ent_type_ == "PERSON"
            and c.left_edge.i == verb.i + 1
        ),
        None,
    )


def _in_time_clause_before(verb: Token, mark: Marked) -> bool:
    """ "When Trump suggested that Cuba would sue, Rubio fired back: “...”", "After Brown
    criticized him, Clinton shot back, “...”": a speech verb in a clause that sets the scene
    (when, after, while, if ...) before the quote, which it does not hold, is not who speaks the
    quote after the main clause's colon, nor after a main clause of its own between them.
    ("Audience members laughed when he urged voters, “...”": the one who urged speaks.)"""
    if verb.idx > mark.open or _holds_words(verb, mark):
        return False
    between = verb.doc.char_span(verb.idx, mark.open, alignment_mode="contract")
    main = verb.head
    main_between = verb.i < main.i and main.idx < mark.open and has_own_subject(main)
    if between is None or not (main_between or any(t.text == ":" for t in between)):
        return False
    return any(
        c.dep_ in ("mark", "advmod") and c.lower_ in SCENE_OPENERS and c.i < verb.i
        for c in verb.children
    )


def _sentence_ended_before(verb: Token, mark: Marked) -> bool:
    """ "Paul alleged that the lab was funded by the NIH, something Fauci disputed. “With all
    ...”": a verb whose sentence ended before the quote opens does not report it, though the
    parser ran the two together; unless it reported a quote of its own before ("“One,” he
    said. “Two.”"), whose speaker goes on."""
    if verb.idx > mark.open:
        return False
    doc = verb.doc
    ended = False
    for token in doc[verb.i + 1 :]:
        if token.idx >= mark.open:
            break
        ended = ended or token.text in SENTENCE_ENDS
    if not ended:
        return False
    for token in reversed(doc[: verb.i]):  # back to where the verb's own sentence starts
        if token.text in SENTENCE_ENDS or "\n" in token.text:
            return True
        if has_marks(token.text) or token.text in ("''", "’’"):
            return False
    return True


def names_what_it_modifies(token: Token) -> bool:
    """`a group called Doctors for Camp Closure`, `a super PAC called Future 45`: a participle
    naming the noun it follows, with nobody doing the calling, reports nobody's words."""
    return (
        token.tag_ == "VBN"
        and token.dep_ == "acl"
        and not any(c.dep_ == "agent" for c in token.children)
    )


def _as_reported(verb: Token) -> bool:
    """`as X reported`, `as Smith put it` right after the quote; not "“Quiet,” he demanded, as
    Bush continued to interject", which goes on to what Bush did."""
    return any(
        c.dep_ == "mark" and c.lower_ == "as" and c.i < verb.i for c in verb.children
    ) and not any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)


def _holds_words(verb: Token, mark: Marked) -> bool:
    """The quoted words lie inside the verb's clause (its subtree's reach)."""
    last = verb.right_edge
    return verb.left_edge.idx <= mark.start and mark.end <= last.idx + len(last)


def subject_of(verb: Token) -> Token | None:
    """Who does the verb's saying: its subject, or, for `..., saying ...`, `... and added`,
    `by saying`, `is determined to warn`, the subject of the clause it hangs from; for a
    participle on a noun ("a statement saying", "X, who said"), that noun; for `according to X`,
    X; for `was accused by X`, X. The subject of a passive cue is not the speaker: "X was asked
    whether ..." or "X was accused of ..." has none unless a `by` phrase names one."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    for step in range(6):
        before = verb.doc[verb.i - 1] if verb.i > 0 else None
        if step == 0 and verb.tag_ in ("VBD", "VBN") and _capitalised_modal(before):
            return before  # "Will wrote", "Will described Trump as ...": no modal comes before
            # a past tense, a name does
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if step == 0 and subjects and all(s.dep_ == "nsubjpass" for s in subjects):
            if _perfect_read_as_passive(verb, subjects):
                return _pick_subject(subjects, verb)
            return by  # "X was asked / accused / expected": X is spoken to or of, not the speaker
        gerund_of = _object_doing_it(verb) if step == 0 and not subjects else None
        if gerund_of is not None:
            return gerund_of
        if step == 0 and _participle_of_the_sentence(verb, subjects):
            verb = verb.sent.root
            continue
        named_as = _named_after_as(verb, subjects) if step == 0 else None
        if named_as is not None:
            return named_as
        listed = first_of_a_list(verb) if not subjects else None
        if listed is not None:
            return listed
        if subjects:
            return _pick_subject(subjects, verb)
        if by is not None and (step == 0 or verb.dep_ != "conj"):
            return by  # not "X was booed and shouted down by Y after telling ...": X told
        if step == 0 and verb.tag_ in ("VBD", "VBZ", "VBP") and before is not None:
            # "the Washington Post Trump said": a name the parser took away ("on Monday
            # announced": no name); "Trump claims he's worth ...", "Trump" read as a verb
            named = before.pos_ == "PROPN" and before.ent_type_ not in ("DATE", "TIME")
            opening = before.is_sent_start and before.is_title and before.is_alpha
            if named or opening or before.lower_ in ("he", "she"):
                return before
            apposed = (
                _apposed_before(verb)
                or _name_opening_the_sentence(verb)
                or _named_after_the_quote(verb)
                or _inverted_after_the_quote(verb)
            )
            if apposed is not None:
                return apposed
        unlabelled = (  # "The department obfuscated facts, admitted it withheld emails": a
            verb.dep_ == "dep"  # verb of a list the parser left unlabelled
            and verb.head.pos_ == "VERB"
            and verb.head.i < verb.i
            and verb.doc[verb.i - 1].text == ","
        )
        if (verb.dep_ not in CLIMB_DEPS and not unlabelled) or verb.head.i == verb.i:
            return None
        infinitive = verb.tag_ == "VB" and any(c.lower_ == "to" for c in verb.children)
        prompted = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if infinitive and verb.head.lemma_ in PROMPTING_VERBS and prompted is not None:
            return prompted  # "prompting the state's governor to ask": the governor asks
        through = infinitive or (step > 0 and verb.pos_ == "ADP")  # "a cudgel to", "apologies for"
        verb = _reporting_clause_beside(verb.head, verb) or verb.head
        if verb.dep_ == "ccomp" and is_speech_verb(verb.head) and verb.head.i < verb.i:
            verb = verb.head  # "..., noting that X will not ..., saying ...": the noter says it
            # (not a speech verb after it, inside the quote the parser made the main clause)
        run = verb.lemma_.lower() in EFFORT_NOUNS and verb.dep_ == "dobj"  # "began a campaign"
        if verb.pos_ in ("NOUN", "PROPN") and (
            verb.lemma_.lower() in OCCASION_NOUNS or run or (through and _a_thing(verb))
        ):
            # "Sanders started out their ninth debate saying ...": an occasion says nothing, nor
            # does the thing an infinitive or a preposition hangs from ("invoked the attacks as
            # a cudgel to repeat ...", "makes no apologies for accusing ..."): the verb above
            # them does
            verb = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), verb)
            continue
        if verb.pos_ in ("NOUN", "PROPN"):  # a relative clause: "X, who said ..."
            return verb
        if verb.pos_ not in ("VERB", "AUX", "ADP", "SCONJ", "ADJ"):
            return None  # through "upon" (SCONJ) in "drew jeers upon saying, “...”"
    return None


def _object_doing_it(verb: Token) -> Token | None:
    """ "interviewed about Pope Francis calling Christmas a sham", "anger over Trump saying ...",
    "the spectacle of Netanyahu denouncing ...": a name right before the -ing form, the object
    of "about", "over" or "of", is who does it."""
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if verb.tag_ != "VBG" or before is None or before.dep_ != "pobj":
        return None
    named = before.ent_type_ in ("PERSON", "ORG")
    return before if named and before.head.lower_ in ("about", "over", "of") else None


def _perfect_read_as_passive(verb: Token, subjects: list[Token]) -> bool:
    """ "While he's said he'll fight ...": the parser reads "'s said" as "is said", but one is
    not "said" something with a clause of one's own; "it's said that ..." stays nobody's."""
    return (
        any(c.dep_ == "auxpass" and c.lower_ in ("'s", "’s") for c in verb.children)
        and any(c.dep_ == "ccomp" for c in verb.children)
        and all(s.lower_ not in ("it", "this", "that", "there") for s in subjects)
    )


def _reporting_clause_beside(head: Token, clause: Token) -> Token | None:
    """ "“Thank you, son,” Cruz replied, before adding that ...": the parser made the quote's
    verb the sentence's head and hung on it both the reporting clause and what follows it; what
    follows goes with the reporting clause."""
    return next(
        (
            c
            for c in head.children
            if c.dep_ == "parataxis" and c.i < clause.i and is_speech_verb(c) and has_own_subject(c)
        ),
        None,
    )


def _a_thing(noun: Token) -> bool:
    """A common noun that names no one who could speak (no person, organisation or group) and
    no document, whose author speaks through it."""
    lemma = noun.lemma_.lower()
    return (
        noun.pos_ == "NOUN"
        and not noun.ent_type_
        and lemma not in PERSON_NOUNS
        and lemma not in ORGANISATION_NOUNS
        and lemma not in GROUP_WORDS
        and lemma not in DOCUMENT_NOUNS
    )


def _capitalised_modal(token: Token | None) -> bool:
    """ "Will" tagged a modal, or hung on the verb as one ("Will wrote")."""
    if token is None or not token.text[:1].isupper():
        return False
    return token.tag_ == "MD" or (token.tag_ == "NNP" and token.dep_ == "aux")


def _apposed_before(verb: Token) -> Token | None:
    """ "In her address at the rally, Stein, a physician from Massachusetts, accused ...": the
    parser hung the subject on the opening phrase as an apposition; the person set off by
    commas right before the verb is who acts."""
    doc = verb.doc
    for token in reversed(doc[verb.sent.start : verb.i]):
        start = token.i  # where the name starts, its titles with it
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head == token:
            start -= 1
        set_off = token.dep_ == "appos" or (  # "on Dec. 2, Col. Steven H. Warren, a ..., said"
            token.dep_ == "pobj" and start > 0 and doc[start - 1].text == ","
        )
        if set_off and token.ent_type_ == "PERSON":
            between = doc[token.right_edge.i + 1 : verb.i]
            return token if all(t.is_punct for t in between) else None
        if token.ent_type_ == "PERSON" and token.dep_ != "compound":
            return None
    return None


def _name_opening_the_sentence(verb: Token) -> Token | None:
    """ "Ted Cruz, when asked what is wrong with Trump's vision, responded that ...": the parser
    made the name the subject of the clause set off after it; a verb with no subject right after
    that clause is what the name did."""
    doc, start = verb.doc, verb.sent.start
    if verb.i < 2 or doc[verb.i - 1].text != "," or doc[start].ent_type_ != "PERSON":
        return None
    name = _name_root(doc[start])
    after = doc[name.i + 1] if name.i + 1 < verb.i else None
    if after is None or after.text != "," or not verb.is_ancestor(name.head):
        return None
    return name


def _participle_of_the_sentence(verb: Token, subjects: list[Token]) -> bool:
    """A participle after a comma or a dash tells what the sentence's subject did ("Pence blamed
    the media, saying ..."), also where the parser reads it otherwise: as a clause of its own
    with the last noun before the comma as its subject ("... Trump's claim that Obama “founded
    ISIS,” saying they were nitpicking"), as a description of that noun ("dismissed the
    accusations — saying ..."), or hung on a verb inside a clause the sentence reports
    ("Menendez rejected the notion that Democrats could pull away, arguing ..."). Not so when
    its subject stands right before it ("Ryan saying he was encouraged"), nor when the
    sentence's head comes after it (the parser's reading of a quote that follows)."""
    if verb.tag_ != "VBG":
        return False
    before = next((t for t in reversed(verb.doc[: verb.i]) if t.text not in "\"“”'"), None)
    root = verb.sent.root
    if (
        before is None
        or before.text not in SET_OFF
        or root.i >= verb.i
        or root.pos_ not in ("VERB", "AUX")
    ):
        return False
    if not has_own_subject(root):
        return False
    if subjects:
        return True
    node = verb  # set off, a participle hung on the noun before it is no description of it
    while node != root and node.head.i != node.i:
        if node.dep_ in ("ccomp", "acl", "relcl"):
            return True
        scene = any(c.dep_ == "mark" and c.lower_ in SCENE_OPENERS for c in node.children)
        if node != verb and node.dep_ == "advcl" and scene and is_speech_verb(root):
            return True  # "Hannity said ... after the senator won his primary, remarking that
            # ...": the one who spoke remarks
        node = node.head
    return False


def first_of_a_list(verb: Token) -> Token | None:
    """ "Trump further summed up Clinton as “terrible,” denounced her record and said ...": the
    parser made the first verb of the list a clause the second reports; its subject does all
    three; or a clause hung on the second as an adverbial with no "when" or "if" to make it one
    ("Trump took a hands-off approach, was tepid about ... and distinguished himself by saying
    ..."). Not the subject of quoted words before the verb ("“We will win,” said ...")."""
    doc = verb.doc
    for clause in verb.children:
        listed = clause.dep_ == "ccomp" or (
            clause.dep_ == "advcl" and not any(c.dep_ == "mark" for c in clause.children)
        )
        if not listed or clause.i > verb.i:
            continue
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is None or any(has_marks(t.text) for t in doc[verb.sent.start : subject.i]):
            continue
        between = doc[clause.right_edge.i + 1 : verb.i]  # ", then says ...": an adverb may
        if all(t.is_punct or (t.dep_ == "advmod" and t.head == verb) for t in between):  # come
            return subject
    return None


def _named_after_as(verb: Token, subjects: list[Token]) -> Token | None:
    """ "as an American diplomat put it", "as Tom Ridge, a former secretary, put it": who comes
    after the verb's "as" speaks, whatever other subject the parser gave the verb or whether it
    read "as" as a preposition."""
    as_ = next((c for c in verb.children if c.lower_ == "as" and c.i < verb.i), None)
    if as_ is None:
        return None
    after = next((s for s in subjects if as_.i < s.i < verb.i), None)
    return after or next((c for c in as_.children if c.dep_ == "pobj" and c.i < verb.i), None)


def _pick_subject(subjects: list[Token], verb: Token) -> Token:
    """The parser sometimes gives two subjects ("Lincoln, Nebraska, Mayor X echoed"): a person
    beats a place. A relative pronoun ("X, who said") is the mention as written; the speakers
    stage resolves it to the noun it hangs from, unless a name stands between it and the verb
    ("Bannon, who Beck called ...": Beck called, the pronoun is the object). A subject cut off
    from its verb by a full stop is a sentence the parser ran together with the next ("... is
    Trump. Parker Eaton, a Republican, said"): the person named after the stop spoke."""
    outside = [s for s in subjects if not _closing_mark_between(s, verb)]
    subjects = outside or subjects  # "“Like Oakland. Or Ferguson,” Trump said": not Ferguson
    subject = next((s for s in subjects if s.ent_type_ == "PERSON"), subjects[-1])
    if subject.ent_type_ in ("DATE", "TIME"):  # "Broaddrick Sunday night recounted": the name
        named = [t for t in subject.subtree if t.ent_type_ == "PERSON" and t.i < subject.i]
        subject = named[-1] if named else subject  # the parser folded into a date
    between = verb.doc[subject.i + 1 : verb.i]
    if subject.lower_ in RELATIVE_WORDS:
        named = next((t for t in between if t.head == verb and t.pos_ == "PROPN"), None)
        if named is not None:
            return named
    stops = [t.i for t in between if t.text in SENTENCE_ENDS]
    if stops:
        named = next((t for t in verb.doc[stops[-1] + 1 : verb.i] if t.ent_type_ == "PERSON"), None)
        if named is not None:
            return _name_root(named)
    if subject.ent_type_ != "PERSON":  # "Lincoln, Nebraska, Mayor X": X hangs as an apposition
        named = [  # after the noun: in "the Clinton campaign said" the campaign spoke
            c
            for c in subject.children
            if c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON" and c.i > subject.i
        ]
        subject = named[0] if named else subject
    other = [  # "Or maybe Jeb Bush, digital consultant Phil Musser says": a second name set
        c  # beside the first, right before the verb, is someone else, and the one who speaks
        for c in subject.children
        if c.dep_ == "appos"
        and c.ent_type_ == "PERSON"
        and c.right_edge.i + 1 == verb.i
        and c.lower_ != subject.lower_
    ]
    return other[0] if other and subject.ent_type_ == "PERSON" else subject


def _closing_mark_between(subject: Token, verb: Token) -> bool:
    """A subject the parser found inside a quote that closes before the verb."""
    return subject.i < verb.i and any(t.tag_ == "''" for t in verb.doc[subject.i + 1 : verb.i])


def _named_after_the_quote(verb: Token) -> Token | None:
    """ "“We've had more successful conventions,” Texas delegate Bill Eastland, wearing a cowboy
    hat, said.": the parser hung the name on the quote's verb and left the speech verb without a
    subject; the name right after the quote's closing mark, alone or set off by commas up to the
    verb, speaks."""
    doc = verb.doc
    for mark in doc[verb.sent.start : verb.i]:
        if mark.tag_ != "''" or mark.i < 1 or doc[mark.i - 1].text != ",":
            continue
        run = []
        for token in doc[mark.i + 1 : verb.i]:
            if token.is_punct or token.pos_ in ("VERB", "AUX"):
                break
            run.append(token)
        named = [t for t in run if t.ent_type_ == "PERSON"]
        after = mark.i + 1 + len(run)
        set_off = after == verb.i or (doc[after].text == "," and doc[verb.i - 1].text == ",")
        if named and set_off:
            return named[-1]
    return None


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
    phrase = trim(subject.doc[min(name.start, subject.left_edge.i) : subject.right_edge.i + 1])
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
        if with_cue(right, cue) or (
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


def speaker_of(cue: Token, in_quote: list[bool]) -> Token | None:
    """The cue's subject, unless the parser took it from inside the quote ("“An announcement:
    ...,” tweeted Smith" read as "announcement tweeted"): then the name right after the verb."""
    inverted = _set_off_after(cue)
    if inverted is not None:
        return inverted
    subject = subject_of(cue)
    if subject is not None and not in_quote[subject.i]:
        return subject
    apposed = [  # "“Very good reporter,” Trump, the frontrunner, said": the apposition
        named  # outside the quote names the speaker
        for named in (subject.children if subject is not None else ())
        if named.dep_ == "appos"
        and not in_quote[named.i]
        and named.i < cue.i
        and (named.pos_ == "PROPN" or named.ent_type_ == "PERSON")
    ]
    if apposed:
        return apposed[0]
    if cue.tag_ in ("VBG", "VB"):
        return None  # a name after a participle or an infinitive ("to describe rival Ted
        # Cruz") is what it is about: only a finite verb puts its speaker after it
    following = [t for t in cue.doc[cue.i + 1 : cue.i + 3] if not t.is_space]
    if following and (
        following[0].pos_ == "PROPN"
        or following[0].ent_type_ == "PERSON"
        or _lone_capital(following[0])
    ):
        named = following[0]
    else:
        named = _name_after(cue, in_quote)
    if named is None or _subject_of_what_follows(named):
        return None
    if not _words_before(cue, in_quote) and not _ends_its_phrase(named):
        return None  # "accused Sanders of being ...": whom the verb is about, not who spoke
    return named


def _set_off_after(cue: Token) -> Token | None:
    """ "And Trump, said Sunshine, who remains friendly with her, doesn't forgive": a name set
    off right after a verb set off by a comma is its speaker, whatever subject the parser gave
    the verb from before the comma."""
    doc = cue.doc
    if cue.i == 0 or doc[cue.i - 1].text != "," or cue.i + 1 >= len(doc) or cue.tag_ == "VBG":
        return None
    named = doc[cue.i + 1]
    if named.ent_type_ != "PERSON":
        return None
    end = _end_of_name(named)
    set_off = end >= len(doc) or doc[end].text in (",", ".")  # not "calls Cruz “a ...”"
    return _phrase_head(named) if set_off else None


def _words_before(cue: Token, in_quote: list[bool]) -> bool:
    """What was said stands before the verb: quoted words, or a clause of its own."""
    doc = cue.doc
    before = next((t for t in reversed(doc[: cue.i]) if not (t.is_punct or t.is_space)), None)
    return (
        (before is not None and in_quote[before.i])
        or any(in_quote[t.i] for t in doc[cue.sent.start : cue.i])
        or any(c.dep_ in ("ccomp", "parataxis") and c.i < cue.i for c in cue.children)
    )


def _ends_its_phrase(token: Token) -> bool:
    """A name followed by punctuation ("In other words, explained Nancy Cordes: “...”",
    "Continued Stone: “...”"), as a speaker put after the verb is."""
    end, doc = _end_of_name(token), token.doc
    return end >= len(doc) or doc[end].is_punct or "\n" in doc[end].text


def _subject_of_what_follows(token: Token) -> bool:
    """ "..., said Mr. Trump was a candidate ...": a name that is the subject of the verb right
    after it begins what was said; the speaker stands before the cue. Not so for "said De Iesu,
    director of the Milan police, said at a news conference", a cue written twice."""
    root = _phrase_head(token)
    verb = root.head
    if root.dep_ not in SUBJECT_DEPS or verb.i < root.i or verb.pos_ not in ("VERB", "AUX"):
        return False
    return not any(t.text == "," for t in root.doc[root.i : verb.i])


def _end_of_name(token: Token) -> int:
    """The index just past the name a word belongs to ("CBS moderator Nancy Cordes")."""
    head = _phrase_head(token)
    ent = entity_of(head)
    return ent.end if ent is not None else head.i + 1


def _phrase_head(token: Token) -> Token:
    """The word a name's words hang from: "Trump" for "Mr.", "Cordes" for the "CBS" of "CBS
    moderator Nancy Cordes"."""
    root = _name_root(token)
    while root.dep_ == "compound" and root.head.i > root.i:
        root = root.head
    return root


def _lone_capital(token: Token) -> bool:
    """ "”, said Small, who ...": a capitalised word alone before a comma or a full stop, a
    surname that is also a word, which the parser read as "said small"."""
    doc = token.doc
    alone = token.i + 1 == len(doc) or doc[token.i + 1].is_punct
    return alone and token.text[:1].isupper() and token.pos_ in ("ADJ", "NOUN", "ADV")


def _name_after(cue: Token, in_quote: list[bool] | None = None) -> Token | None:
    """`”, said Rovers head coach Tom Aldous.`: the name a long title leads up to after the
    verb, which the parser may read as a clause of its own ("Rovers head ..."). Never after a
    participle or an infinitive: "touting the endorsement of Rep. Grijalva" is about him."""
    if cue.tag_ in ("VBG", "VB"):
        return None
    for token in cue.doc[cue.i + 1 : cue.i + 1 + AFTER_CUE]:
        if token.is_punct or "\n" in token.text or (in_quote is not None and in_quote[token.i]):
            return None
        if token.pos_ == "SCONJ" or token.lower_ in CLAUSE_OPENERS or token.tag_ == "VBG":
            return None  # "said when Boyle asked him", "accused the committee of sabotaging
            # the Sanders campaign": a name in another clause did not say it
        if token.ent_type_ == "PERSON":
            return _name_root(token)
    return None


def _name_root(token: Token) -> Token:
    """The head word of the name a token is part of, as the speakers stage resolves it."""
    ent = entity_of(token)
    return ent.root if ent is not None else token


def with_cue(token: Token, verb: Token) -> bool:
    """The preposition right after a cue that belongs to it ("called for", "warned of"), also
    when the parser made it the mark of the clause that follows ("called for pay to be ...")."""
    if token.i != verb.i + 1 or token.lower_ not in PREP_OBJECTS.get(verb.lemma_, ()):
        return False
    return (token.dep_ == "prep" and token.head == verb) or (
        token.dep_ == "mark" and token.head.head == verb
    )


def trim(span: SpacySpan) -> SpacySpan | None:
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
        if doc[end - 1].text in '”"' and has_marks(doc[start : end - 1].text):
            break  # keep the mark closing a partial quote inside the reported speech
        if doc[end - 1].text == ")" and "(" in doc[start : end - 1].text:
            break  # "Sen. Ted Cruz (R-Texas)": the bracket closes one the span opened
        end -= 1
    return doc[start:end] if end > start else None


def has_marks(text: str) -> bool:
    return any(c in text for c in '“”"«»')


def make_quote(
    article: Article,
    kind: QuoteKind,
    start: int,
    end: int,
    cue,
    cue_kind: str,
    in_quote: list[bool],
    mention: Span | None = None,
) -> Quote:
    if cue is not None:
        subject = speaker_of(cue, in_quote)
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
        cue_kind=cue_kind,
    )
