"""Speakers: which person or organisation each quote's mention means, within one article.

No coreference model runs offline, so this is our own, measured code. One pass over the article
in reading order keeps track of who was last the subject of a sentence; a pronoun ("he said")
goes to the most recent subject of a compatible gender, a nominal ("the mayor") to the most
recent person holding that role, a bare surname to the full name used elsewhere in the article,
and a quote with no cue of its own to the speaker of the quote it continues. Groups ("several
mayors", "others") stay unresolved rather than guessed.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsparallax.analysis.cues import mention_span
from newsparallax.analysis.descriptors import describe, title_before
from newsparallax.analysis.lexicon import (
    DOCUMENT_NOUNS,
    GROUP_WORDS,
    HONORIFIC_GENDER,
    NOUN_GENDER,
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    RELATIVE_PRONOUNS,
    ROLE_NOUNS,
    TITLES,
    canonical_role,
    first_name_gender,
)
from newsparallax.analysis.nlp import entity_of, full_text, source_text, span_between
from newsparallax.model import Article, Descriptor, EntityKind, Mention, Quote

SUBJECT_DEPS = ("nsubj", "nsubjpass")
SUBJECT_LOOKBACK = 3  # sentences in which a subject stays the likely antecedent
MAX_NAME_WORDS = 4
# Mentions looked back over for an antecedent: one further back is no reading a person would
# make, and an unbounded look back for every pronoun makes a long text quadratic.
SEEN_WINDOW = 1000


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


@dataclass
class _Entity:
    name: str
    kind: EntityKind
    gender: str | None = None
    aliases: dict[str, None] = field(default_factory=dict)
    roles: dict[str, None] = field(default_factory=dict)
    mentions: dict[tuple[int, int], Mention] = field(default_factory=dict)
    descriptors: dict[tuple[str, int], Descriptor] = field(default_factory=dict)


@dataclass
class _Tracker:
    """Reading-order state: who has been named, who was last a subject."""

    article: Article
    doc: Doc
    quoted: list[bool]
    entities: dict[str, _Entity] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    fuller: dict[str, str] = field(default_factory=dict)  # "Loretta Lynch" -> "Loretta E. Lynch"
    seen: list[tuple[int, str, bool]] = field(default_factory=list)  # token, key, is subject
    resolved: dict[int, str | None] = field(default_factory=dict)
    sentence_starts: list[int] = field(default_factory=list)


def resolve_speakers(
    article: Article, doc: Doc, quotes: tuple[Quote, ...]
) -> tuple[tuple[Quote, ...], tuple[LocalPerson, ...]]:
    """Fill in `Quote.speaker` (a canonical name within the article) and list the article's
    people and organisations with their mentions and descriptors."""
    tracker = _Tracker(article, doc, _quoted_mask(doc, quotes))
    _register_names(tracker)
    _sweep(tracker)
    resolved: list[Quote] = []
    previous: str | None = None
    for quote in quotes:
        key = None
        if quote.mention is not None:
            span = span_between(doc, quote.mention.start, quote.mention.end)
            key = _resolve(tracker, span.root)
            if key is None and quote.how in ("dash", "label"):  # a name, whatever NER says
                key = _person_key(tracker, name_tokens(span))
        elif quote.how == "continuation":
            key = previous
        if quote.kind != "indirect":
            previous = key
        name = tracker.entities[key].name if key else None
        resolved.append(replace(quote, speaker=name))
    people = tuple(_local_person(article.id, e) for e in tracker.entities.values() if e.mentions)
    return tuple(resolved), people


# --- names -----------------------------------------------------------------------------------


def name_tokens(span: SpacySpan) -> list[Token]:
    """The words of a person's name, without titles, possessives or punctuation (a hyphen inside
    a name, as in "Ban Ki-moon", is kept)."""
    words = [
        t
        for t in span
        if (not t.is_punct or _joins(t)) and t.tag_ != "POS" and t.text not in ("’s", "'s")
    ]
    while words and words[0].lower_.rstrip(".") in {w.rstrip(".") for w in TITLES}:
        words = words[1:]
    return words


def _joins(token: Token) -> bool:
    """A hyphen with a word right on either side: one name of two parts ("Ocasio-Cortez")."""
    doc = token.doc
    return (
        token.text in ("-", "‐")
        and 0 < token.i < len(doc) - 1
        and not doc[token.i - 1].whitespace_
        and not token.whitespace_
        and doc[token.i - 1].is_alpha
        and doc[token.i + 1].is_alpha
    )


def _name_text(words: list[Token]) -> str:
    """The name as written, hyphenated parts kept together: "Ban Ki-moon"."""
    text = ""
    for n, word in enumerate(words):
        attached = n > 0 and (_joins(word) or _joins(words[n - 1]))
        text += word.text if attached or not text else " " + word.text
    return text


def _register_names(tracker: _Tracker) -> None:
    """Full names first, so that a bare surname anywhere in the article finds its owner: the
    tagger's PERSON entities made only of names, and runs of capitalised names that open with
    a known first name ("Donald Trump" tagged as an organisation), but not one that ends in an
    organisation's noun ("Cato Institute")."""
    candidates = [
        name_tokens(ent)
        for ent in tracker.doc.ents
        if ent.label_ == "PERSON" and not _off_story(tracker.article, ent.start_char, ent.end_char)
    ]
    candidates += [
        run for run in _name_runs(tracker.doc) if first_name_gender(run[0].text) is not None
    ]
    names: dict[str, tuple[str, ...]] = {}
    for words in candidates:
        name = _name_text(words)
        parts = tuple(name.split())
        if (
            2 <= len(parts) <= MAX_NAME_WORDS
            and all(_is_name_word(w) for w in words)
            and parts[-1].lower() not in ORGANISATION_NOUNS  # "Cato Institute" is no person
        ):
            names.setdefault(name, parts)
    tracker.fuller = _fuller_names(names)
    for name, words in names.items():
        if name in tracker.fuller:
            continue
        tracker.entities.setdefault(name, _Entity(name, "person", first_name_gender(words[0])))
        tracker.surnames.setdefault(words[-1].lower(), set()).add(name)


def _fuller_names(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each name that is a shorter form of exactly one fuller name in the article, to that name:
    the same first and last name, the middle names or initials left out ("Loretta Lynch" →
    "Loretta E. Lynch"). A short form two fuller names could stand for ("George Bush" beside
    "George W. Bush" and "George H. W. Bush") stays a name of its own."""
    fuller: dict[str, str] = {}
    for name, words in names.items():
        longer = {
            other
            for other, more in names.items()
            if len(more) > len(words) and _shorter_form(words, more)
        }
        fullest = {o for o in longer if not any(_shorter_form(names[o], names[x]) for x in longer)}
        if len(fullest) == 1:
            fuller[name] = next(iter(fullest))
    return fuller


def _shorter_form(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """`short` is `long` with middle names or initials left out."""
    if len(short) >= len(long) or short[0].lower() != long[0].lower():
        return False
    if short[-1].lower() != long[-1].lower():
        return False
    middle = [w.lower().rstrip(".") for w in long[1:-1]]
    for word in short[1:-1]:
        word = word.lower().rstrip(".")
        found = next((m for m in middle if m == word or (len(word) == 1 and m[:1] == word)), None)
        if found is None:
            return False
        middle.remove(found)
    return True


def _is_name_word(token: Token) -> bool:
    """A capitalised word, an initial ("John D. Podesta"), or a hyphen and the part after it
    ("Ki-moon")."""
    initial = len(token.text) == 2 and token.text[1] == "." and token.text[0].isupper()
    word = token.is_alpha and token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "ADJ")
    after_hyphen = token.is_alpha and token.i > 0 and _joins(token.doc[token.i - 1])
    return word or initial or after_hyphen or _joins(token)


def _name_runs(doc: Doc):
    """Maximal runs of capitalised proper nouns, titles left out."""
    run: list[Token] = []
    for token in [*doc, None]:
        if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper():
            run.append(token)
            continue
        words = name_tokens(doc[run[0].i : run[-1].i + 1]) if run else []
        if words:
            yield words
        run = []


def _person_key(tracker: _Tracker, words: list[Token]) -> str | None:
    name = _name_text(words)
    parts = name.split()
    if not parts or not parts[-1][:1].isupper():
        return None
    name = tracker.fuller.get(name, name)
    if len(parts) == 1:
        owners = tracker.surnames.get(parts[0].lower(), set())
        if len(owners) == 1:
            return next(iter(owners))
    tracker.entities.setdefault(name, _Entity(name, "person"))
    return name


def _named_person(tracker: _Tracker, token: Token) -> tuple[str, SpacySpan] | None:
    """The person a name token belongs to (spaCy's PERSON entities, or a known surname that
    the tagger mislabelled, as with "Homan said")."""
    ent = entity_of(token)
    if ent is not None and ent.label_ == "PERSON":
        key = _person_key(tracker, name_tokens(ent))
        return (key, ent) if key else None
    capitalised = token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN")
    word = _hyphenated(token)  # "Park-Ortiz said", tagged as an organisation
    if capitalised and word.text.lower() in tracker.surnames:
        owners = tracker.surnames[word.text.lower()]
        if len(owners) == 1:
            return next(iter(owners)), word
    return None


def _hyphenated(token: Token) -> SpacySpan:
    """The hyphenated word a token is part of ("Park-Ortiz"), or the token alone."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 1 and _joins(doc[start - 1]):
        start -= 2
    while end < len(doc) - 1 and _joins(doc[end]):
        end += 2
    return doc[start:end]


def _off_story(article: Article, start: int, end: int) -> bool:
    """Clutter and the dateline: "(Calder Herald) —" names an outlet, not a person."""
    dateline = article.dateline
    in_dateline = dateline is not None and start < dateline.end and end > dateline.start
    return in_dateline or article.is_dropped(start, end)


# --- the reading-order sweep -------------------------------------------------------------------


def _sweep(tracker: _Tracker) -> None:
    """Walk the article once, outside quotes and clutter, noting every person named and
    resolving every subject pronoun and nominal as it comes."""
    doc, article = tracker.doc, tracker.article
    for token in doc:
        if tracker.quoted[token.i] or _off_story(article, token.idx, token.idx + len(token)):
            continue
        named = _named_person(tracker, token)
        if named is not None:
            key, span = named
            if token.i == span.root.i or len(span) == 1:
                _note(tracker, token, key, span)
            continue
        if (
            token.dep_ in SUBJECT_DEPS
            or (token.dep_ == "pobj" and token.head.lower_ == "to")
            or (token.dep_ == "poss" and _main_subject(token))
        ):
            _resolve(tracker, token)
        elif token.ent_type_ == "ORG" and token.ent_iob_ == "B":
            _note_organisation(tracker, token)


def _note_organisation(tracker: _Tracker, token: Token) -> None:
    """An organisation named anywhere ("the Upper Calder Water District's board"), so that a
    later "the district" knows what it stands for."""
    ent = entity_of(token)
    words = [t for t in ent if t.lower_ not in ("the", "a", "an") and not t.is_punct]
    while words and words[-1].tag_ == "POS":
        words.pop()
    if not words or words[0].ent_type_ != "ORG":
        return
    name = " ".join(t.text for t in words)
    entity = tracker.entities.setdefault(name, _Entity(name, "organisation"))
    if entity.kind != "organisation":
        return
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    text = full_text(tracker.doc)[start:end]  # as written, not `name` (spaces normalised)
    entity.mentions.setdefault((start, end), Mention(tracker.article.id, start, end, text))
    tracker.seen.append((ent.root.i, name, ent.root.dep_ in SUBJECT_DEPS))


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


def _note(tracker: _Tracker, token: Token, key: str, span: SpacySpan) -> None:
    entity = tracker.entities[key]
    tracker.seen.append((token.i, key, _main_subject(token)))
    tracker.resolved[token.i] = key
    mention = Mention(tracker.article.id, span.start_char, span.end_char, source_text(span))
    entity.mentions.setdefault((span.start_char, span.end_char), mention)
    if entity.kind == "person":
        words = name_tokens(span)
        name = _name_text(words)
        if name:
            entity.aliases.setdefault(name, None)
        title = title_before(span) if len(span) and span.root.pos_ == "PROPN" else None
        if title is not None:
            honorific = title[-1].lower_
            if honorific in HONORIFIC_GENDER:
                entity.gender = entity.gender or HONORIFIC_GENDER[honorific]
            if title[-1].lower_.rstrip(".") in {t.rstrip(".") for t in TITLES}:
                entity.aliases.setdefault(
                    f"{title[-1].text} {name.split()[-1]}" if name else span.text, None
                )
            entity.roles.setdefault(_role_of(title), None)
    elif span.text:
        entity.aliases.setdefault(span.text, None)
    for d in describe(tracker.article.id, span, token):
        entity.descriptors.setdefault((d.kind, d.start), d)
        if d.kind == "title":
            entity.roles.setdefault(_role_of(span_between(tracker.doc, d.start, d.end)), None)


def _role_of(title: SpacySpan | None) -> str:
    """`Fresno County Supervisor` → `supervisor`; `Clovis Mayor Pro Tem` → `mayor pro tem`."""
    if title is None:
        return ""
    words = [t.lower_.rstrip(".") for t in title if not t.is_punct]
    words = [canonical_role(w) for w in words]
    for i, word in enumerate(words):
        if word in ROLE_NOUNS or (word in TITLES and word not in ("the", "former", "acting")):
            return " ".join(words[i:])
    return " ".join(words[-1:])


def _resolve(tracker: _Tracker, token: Token) -> str | None:
    """The entity key a subject token refers to, or None for groups and the unknown."""
    if token.i in tracker.resolved:
        return tracker.resolved[token.i]
    key = None
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
        key = _resolve(tracker, token.head.head)  # "X, who said": X
        tracker.resolved[token.i] = key
        return key
    named = _named_person(tracker, token)
    lower = token.lower_
    if named is not None:
        key, span = named
        _note(tracker, token, key, span)
        return key
    if lower in PRONOUN_GENDER:
        key = _antecedent(tracker, token, PRONOUN_GENDER[lower])
    elif lower in PLURAL_PRONOUNS or lower == "it":
        key = _recent_organisation(tracker, token)
    elif token.pos_ in ("NOUN", "PROPN"):
        key = _nominal(tracker, token)
    tracker.resolved[token.i] = key
    if key is not None:
        tracker.seen.append((token.i, key, _main_subject(token)))
        if lower not in PRONOUN_GENDER:
            span = mention_span(token)
            entity = tracker.entities[key]
            entity.mentions.setdefault(
                (span.start_char, span.end_char),
                Mention(tracker.article.id, span.start_char, span.end_char, source_text(span)),
            )
            if entity.kind == "person":
                entity.aliases.setdefault(
                    span.text.lower() if span[0].lower_ == "the" else span.text, None
                )
            for d in describe(tracker.article.id, span, token):
                if d.kind != "title":
                    entity.descriptors.setdefault((d.kind, d.start), d)
    return key


def _antecedent(
    tracker: _Tracker, token: Token, gender: str | None, role: str | None = None
) -> str | None:
    """The most recent compatible subject in the last few sentences, else the most recent
    compatible person named at all. Compatible: the gender (when known on both sides) and, for
    a nominal ("the actor"), no title that says otherwise."""
    starts = tracker.sentence_starts
    if not starts:
        starts.extend(sent.start for sent in tracker.doc.sents)
    here = bisect_right(starts, token.i) - 1
    horizon = starts[max(0, here - SUBJECT_LOOKBACK)]
    latest = None
    for i, key, subject in _recent(tracker, token):
        entity = tracker.entities[key]
        if (
            entity.kind != "person"
            or (gender is not None and entity.gender not in (None, gender))
            or (role is not None and entity.roles)
        ):
            continue
        if subject and i >= horizon:
            latest = key
            break
        latest = latest or key
    # No gender is learnt from the choice: it is a guess, and a wrong one taken as evidence
    # ("she" → Obama) would send every later pronoun astray.
    return latest


def _recent(tracker: _Tracker, token: Token):
    """(token, key, is subject) of who was seen before `token`, most recent first, at most
    SEEN_WINDOW mentions back."""
    seen = tracker.seen
    for n in range(len(seen) - 1, max(-1, len(seen) - 1 - SEEN_WINDOW), -1):
        if seen[n][0] < token.i:
            yield seen[n]


def _recent_organisation(tracker: _Tracker, token: Token) -> str | None:
    key = next((key for _, key, subject in _recent(tracker, token) if subject), None)
    if key is not None and tracker.entities[key].kind == "organisation":
        return key
    return None


def _nominal(tracker: _Tracker, token: Token) -> str | None:
    """`the mayor` → the last person whose title makes them mayor; `Fresno police` → an
    organisation; a plural or a group word → nobody in particular."""
    lemma = canonical_role(token.lemma_)
    ent = entity_of(token)
    if lemma in ORGANISATION_NOUNS or (ent is not None and ent.label_ == "ORG"):
        return _organisation(tracker, token)
    if token.tag_ in ("NNS", "NNPS") or lemma in GROUP_WORDS or token.lower_ in GROUP_WORDS:
        return None
    if ent is not None and ent.label_ in ("GPE", "NORP", "LOC", "DATE", "TIME", "CARDINAL"):
        return None
    if lemma in DOCUMENT_NOUNS:
        return _author(tracker, token)
    if lemma not in PERSON_NOUNS or not _definite(token):
        return None
    holder = next(
        (
            key
            for _, key, _ in _recent(tracker, token)
            if any(_holds(r, lemma) for r in tracker.entities[key].roles)
        ),
        None,
    )
    if holder is not None:
        return holder
    gender = NOUN_GENDER.get(token.lower_) or NOUN_GENDER.get(token.lemma_.lower())
    return _antecedent(tracker, token, gender, role=lemma if lemma in ROLE_NOUNS else None)


def _author(tracker: _Tracker, token: Token) -> str | None:
    """Who stands behind "her statement", "a letter from X": the possessor or the author after
    `from`/`by`; nobody is guessed for a bare "the ad"."""
    for child in token.children:
        if child.dep_ == "poss":
            return _resolve(tracker, child)
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _resolve(tracker, obj)
    return None


def _holds(role: str, lemma: str) -> bool:
    return role == lemma or role.endswith(" " + lemma)


def _definite(token: Token) -> bool:
    """`the mayor`, `the city's mayor` — not `a mayor` or `another official`."""
    determiners = [c for c in token.children if c.dep_ in ("det", "poss")]
    return bool(determiners) and all(
        d.lower_ not in ("a", "an", "another", "any", "some", "no", "every", "each")
        for d in determiners
    )


def _organisation(tracker: _Tracker, token: Token) -> str | None:
    """`Fresno police`, `the Upper Calder Water District board`; `the district` as the last
    organisation of that name; `his office` and `whose district` belong to someone else."""
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
        return None
    span = mention_span(token)
    possessive = [t.i for t in span if t.tag_ == "POS"]
    if possessive:  # "the district's board said": the district speaks
        span = token.doc[span.start : possessive[0]]
    words = [t for t in span if t.lower_ not in ("the", "a", "an") and not t.is_punct]
    named = any(t.pos_ == "PROPN" or t.ent_type_ for t in words)
    name = " ".join(t.text for t in words)
    if not named:  # "the district": the organisation of that name, else the latest one
        head = [token.lemma_.lower()]
        latest_subject = None
        for _, key, subject in _recent(tracker, token):
            if tracker.entities[key].kind != "organisation":
                continue
            if key.lower().split()[-1:] == head:
                return key
            if subject and latest_subject is None:
                latest_subject = key
        return latest_subject if _definite(token) else None
    tracker.entities.setdefault(name, _Entity(name, "organisation"))
    return name


# --- output ------------------------------------------------------------------------------------


def _local_person(article: str, entity: _Entity) -> LocalPerson:
    mentions = tuple(sorted(entity.mentions.values(), key=lambda m: m.start))
    return LocalPerson(
        article=article,
        name=entity.name,
        kind=entity.kind,
        aliases=tuple(a for a in entity.aliases if a and a != entity.name),
        gender=entity.gender,
        roles=tuple(r for r in entity.roles if r),
        mentions=mentions,
        descriptors=tuple(sorted(entity.descriptors.values(), key=lambda d: d.start)),
    )


def _quoted_mask(doc: Doc, quotes: tuple[Quote, ...]) -> list[bool]:
    """Tokens inside quoted words (direct, partial, block): names there are not antecedents."""
    mask = [False] * len(doc)
    for quote in quotes:
        if quote.kind == "indirect":
            continue
        for token in span_between(doc, quote.start, quote.end):
            mask[token.i] = True
    return mask
