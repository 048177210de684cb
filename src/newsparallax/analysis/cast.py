"""The cast of one article: every person and organisation it names, under every form it uses
("Mayor Dyer", "Dyer", "the mayor"), with each role tied to the person who holds it.

Who said a quote is mostly a question about the article, not the sentence: "the envoy" is the
person the article calls envoy somewhere (in a title, an appositive, before or after the name);
"Yoon" is the "Yoon Suk Yeol" it named once; "CBP" is "Customs and Border Protection"; "Pat
Carlineo" is "Patrick Carlineo Jr.". The cast is built once per article, before any quote's
speaker is resolved (`analysis.speakers`), so that every resolution reads the same record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsparallax.analysis.descriptors import title_before
from newsparallax.analysis.lexicon import (
    ABBREVIATED_TITLES,
    HONORIFIC_GENDER,
    NAME_SUFFIXES,
    NAMING_VERBS,
    NOT_PERSON_NOUNS,
    ORGANISATION_NOUNS,
    ORGANISATION_SUFFIXES,
    PERSON_NOUNS,
    PLACE_NOUNS,
    PRONOUN_GENDER,
    ROLE_NOUNS,
    SUBJECT_DEPS,
    TITLES,
    canonical_role,
    first_name_gender,
)
from newsparallax.analysis.nlp import entity_of, finite_verb, full_text, span_between
from newsparallax.model import Article, Descriptor, EntityKind, Mention, Quote

MAX_NAME_WORDS = 4
# "Customs and Border Protection (CBP)", "the ministry (MHCR)": an acronym given in brackets.
# A short form given after a name: "the Ministry of Health (MHCR)", "Doctors for Camp Closure,
# D4CC, ...".
ACRONYM_AFTER = re.compile(
    r"\s*(?:\(\s*([A-Z][A-Za-z0-9&.]{1,11})\s*\)|,\s*([A-Z][A-Z0-9&.]{1,11})(?=\s*[,.;]))"
)
INITIALS_SKIP = frozenset("and of the for & de du la le".split())
TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)
MEMBER_NOUNS = frozenset("member part representative delegate".split())
HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady the".split())


@dataclass
class Member:
    """A person or organisation of the article, as the article refers to it."""

    name: str
    kind: EntityKind
    gender: str | None = None
    gender_from_first_name: bool = False  # a guess the text may overrule ("Ilhan Omar ... she")
    aliases: dict[str, None] = field(default_factory=dict)
    roles: dict[str, None] = field(default_factory=dict)
    mentions: dict[tuple[int, int], Mention] = field(default_factory=dict)
    descriptors: dict[tuple[str, int], Descriptor] = field(default_factory=dict)


@dataclass
class Cast:
    """Everyone an article names. Keys of `members` are the canonical names within the article."""

    article: Article
    doc: Doc
    quoted: list[bool]  # per token: inside quoted words (names there are no antecedents)
    members: dict[str, Member] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    first_words: dict[str, set[str]] = field(default_factory=dict)
    middle_words: dict[str, set[str]] = field(default_factory=dict)
    fuller: dict[str, str] = field(default_factory=dict)  # "Loretta Lynch" -> "Loretta E. Lynch"
    short_forms: dict[str, str] = field(default_factory=dict)  # "cbp", "microsoft" -> organisation
    holders: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # role -> (token, key)
    in_place: dict[int, str] = field(default_factory=dict)  # "the envoy, Mara Quist": token -> key
    groups: dict[str, str] = field(default_factory=dict)  # "doctors" -> the organisation they are
    headline_end: int = 0  # the headline is text[:headline_end] (0: none)

    def holders_of(self, role: str) -> list[tuple[int, str]]:
        """(token index, key) of every place a person is said to hold `role`, or, when nobody
        holds that very role, a role with the same head ("the envoy" for "Trade Envoy Mara
        Quist", "the secretary" for "Secretary of State Mike Pompeo")."""
        return list(self.holders.get(role) or self.holders.get(role_head(role), ()))


def build_cast(article: Article, doc: Doc, quotes: tuple[Quote, ...], headline_end: int) -> Cast:
    """The article's cast: full names first (so that a bare surname anywhere finds its owner),
    then organisations with their short forms, then who holds which role."""
    cast = Cast(article, doc, _quoted_mask(doc, quotes), headline_end=headline_end)
    _register_names(cast)
    _register_organisations(cast)
    _tie_roles(cast)
    _tie_groups(cast)
    return cast


# --- names -----------------------------------------------------------------------------------


def name_tokens(span: SpacySpan) -> list[Token]:
    """The words of a person's name, without titles, possessives or punctuation (a hyphen inside
    a name, as in "Ban Ki-moon", is kept)."""
    words = [
        t
        for t in span
        if (not t.is_punct or joins(t)) and t.tag_ != "POS" and t.text not in ("’s", "'s")
    ]
    while words and words[0].lower_.rstrip(".") in TITLE_WORDS:
        words = words[1:]
    end = next(
        (
            k
            for k, w in enumerate(words)
            if k and (finite_verb(w) or w.pos_ == "ADV" or w.ent_type_ in ("DATE", "TIME"))
        ),
        len(words),
    )  # a title-case headline's "Rita Moss Thinks ...", "Trump Finally Endorses", and the
    # "Sunday" of "Broaddrick Sunday night recounted": no name words
    return words[:end]


def joins(token: Token) -> bool:
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


def name_text(words: list[Token]) -> str:
    """The name as written, hyphenated parts kept together: "Ban Ki-moon"."""
    text = ""
    for n, word in enumerate(words):
        attached = n > 0 and (joins(word) or joins(words[n - 1]))
        text += word.text if attached or not text else " " + word.text
    return text


def surname(parts: tuple[str, ...] | list[str]) -> str:
    """The family name of a full name as a key: lower case."""
    return family_name(parts).lower()


def family_name(parts: tuple[str, ...] | list[str]) -> str:
    """The family name of a full name, a generational suffix left out ("Carlineo Jr.")."""
    words = [p for p in parts if p.lower().rstrip(".,") not in NAME_SUFFIXES] or list(parts)
    return words[-1]


def personal(ent: SpacySpan) -> bool:
    """A PERSON entity that is a person: not a place, a document or a title by its last word
    ("Ashby Falls", "Calder Basin Supply Outlook", "Navy Capt"), not an organisation's name
    ("Cato Institute"), and not the first name a business is named after ("Aisha's Salon and
    Spa")."""
    last = ent[-1].lower_
    if last in NOT_PERSON_NOUNS or last in ORGANISATION_NOUNS or last in ABBREVIATED_TITLES:
        return False  # "Navy Capt", a title the tagger cut from its name
    if any(t.lower_ in PLACE_NOUNS for t in ent[1:]):  # "Calder County Fair"
        return False
    doc = ent.doc
    after = doc[ent.end : ent.end + 2]
    if (  # "Quarry Bend", split by the tagger: the first word of a place's name
        len(ent) == 1
        and after
        and after[0].pos_ == "PROPN"
        and after[0].text[:1].isupper()
        and after[0].ent_type_ in ("", "GPE", "LOC", "FAC")
        and not after[0].is_sent_start
    ):
        return False
    owns_a_name = (
        len(ent) == 1
        and len(after) == 2
        and after[0].text in ("’s", "'s")
        and after[1].text[:1].isupper()
        and after[1].ent_type_ not in ("GPE", "PERSON", "NORP")
        and after[1].pos_ in ("PROPN", "NOUN")
    )
    return not owns_a_name


def _register_names(cast: Cast) -> None:
    """Full names: the tagger's PERSON entities made only of names, and runs of capitalised names
    that open with a known first name ("Donald Trump" tagged as an organisation), but not one
    that ends in an organisation's noun ("Cato Institute")."""
    candidates = [
        name_tokens(ent)
        for ent in cast.doc.ents
        if ent.label_ == "PERSON"
        and personal(ent)
        and not off_story(cast.article, ent.start_char, ent.end_char)
    ]
    candidates += [run for run in _name_runs(cast.doc) if first_name_gender(run[0].text)]
    candidates += [  # "Reince Priebus, the GOP chairman," tagged an organisation: a person
        name_tokens(ent)
        for ent in cast.doc.ents
        if ent.label_ == "ORG" and _described_as_a_person(ent)
    ]
    names: dict[str, tuple[str, ...]] = {}
    for words in candidates:
        name = name_text(words)
        parts = tuple(name.split())
        if (
            2 <= len(parts) <= MAX_NAME_WORDS
            and all(_is_name_word(w) for w in words)
            and parts[-1].lower() not in ORGANISATION_NOUNS
            and parts[-1].lower() not in NOT_PERSON_NOUNS
            and not any(p.lower() in PLACE_NOUNS for p in parts[1:])
        ):
            names.setdefault(name, parts)
    cast.fuller = _fuller_names(names)
    for name, parts in names.items():
        if name in cast.fuller:
            continue
        cast.members.setdefault(name, _person(name, parts[0]))
        cast.surnames.setdefault(surname(parts), set()).add(name)
        cast.first_words.setdefault(parts[0].lower(), set()).add(name)
        for middle in parts[1:-1]:
            if len(middle.rstrip(".")) > 1:
                cast.middle_words.setdefault(middle.lower(), set()).add(name)


def _described_as_a_person(ent: SpacySpan) -> bool:
    """A name set off by a description of a person right after it ("X, the party's chairman,")."""
    return any(
        c.dep_ == "appos" and canonical_role(c.lemma_.lower()) in PERSON_NOUNS and c.i > ent.end
        for c in ent.root.children
    )


def _fuller_names(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each name that is a shorter form of exactly one fuller name in the article, to that name:
    middle names or initials left out ("Loretta Lynch" → "Loretta E. Lynch"), a suffix left out
    ("Pat Carlineo" → "Patrick Carlineo Jr."), a short form of the first name ("Geoff Hale" →
    "Geoffrey Hale"). A short form two fuller names could stand for ("George Bush" beside
    "George W. Bush" and "George H. W. Bush") stays a name of its own."""
    fuller: dict[str, str] = {}
    for name, words in names.items():
        longer = {o for o, more in names.items() if o != name and _shorter_form(words, more)}
        fullest = {o for o in longer if not any(_shorter_form(names[o], names[x]) for x in longer)}
        if len(fullest) == 1:
            fuller[name] = next(iter(fullest))
    return fuller


def _shorter_form(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """`short` is `long` with middle names, initials or a suffix left out, or with a short form
    of the same first name ("Pat" for "Patrick")."""
    s, lo = _without_suffix(short), _without_suffix(long)
    if len(s) < 2 or len(s) > len(lo) or s[-1].lower() != lo[-1].lower():
        return False
    same_first = s[0].lower() == lo[0].lower()
    if not same_first and not _first_name_short(s[0], lo[0]):
        return False
    middle = [w.lower().rstrip(".") for w in lo[1:-1]]
    for word in s[1:-1]:
        word = word.lower().rstrip(".")
        found = next((m for m in middle if m == word or (len(word) == 1 and m[:1] == word)), None)
        if found is None:
            return False
        middle.remove(found)
    return len(s) < len(lo) or not same_first or (len(lo) < len(long) and len(s) == len(short))


def _without_suffix(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in parts if w.lower().rstrip(".,") not in NAME_SUFFIXES) or parts


def _first_name_short(short: str, long: str) -> bool:
    """ "Pat" for "Patrick", "Geoff" for "Geoffrey": a first name cut short, three letters or
    more, that is no full first name of the other sex."""
    s, lo = short.lower(), long.lower()
    if len(s) < 3 or len(s) >= len(lo) or not lo.startswith(s):
        return False
    a, b = first_name_gender(short), first_name_gender(long)
    return a is None or b is None or a == b


def lettered(token: Token) -> bool:
    """Letters only, an apostrophe between them allowed: "O'Donnell", "D'Souza"."""
    return token.is_alpha or (token.text.replace("'", "").isalpha() and "''" not in token.text)


def _is_name_word(token: Token) -> bool:
    """A capitalised word, an initial ("John D. Podesta"), or a hyphen and the part after it
    ("Ki-moon")."""
    initial = len(token.text) == 2 and token.text[1] == "." and token.text[0].isupper()
    word = (
        lettered(token)
        and token.text[:1].isupper()
        and (token.pos_ in ("PROPN", "NOUN", "ADJ") or _name_read_as_word(token))
    )
    after_hyphen = token.is_alpha and token.i > 0 and joins(token.doc[token.i - 1])
    suffix = token.lower_.rstrip(".") in NAME_SUFFIXES and token.text[:1].isupper()
    return word or initial or after_hyphen or suffix or joins(token)


def _name_read_as_word(token: Token) -> bool:
    """ "George Will", "Al From": in a person's name, a word the tagger reads as a modal or a
    preposition; not a verb ("Hosting Cook at Dreamforce" is no one's name)."""
    return token.ent_type_ == "PERSON" and token.pos_ in ("AUX", "ADP", "X")


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


def person_key(cast: Cast, words: list[Token]) -> str | None:
    """The member a name stands for, made a member when the article names nobody else so: a
    full name (or its fuller form); a one-word name that is the surname of one full name, or,
    failing that, the first word of one ("Yoon" for "Yoon Suk Yeol", "Kim" for "Kim Jong Un")."""
    name = name_text(words)
    parts = name.split()
    if not parts or not parts[-1][:1].isupper():
        return None
    name = cast.fuller.get(name, name)
    if len(parts) == 1:
        owners = owners_of(cast, parts[0])
        if len(owners) == 1:
            return next(iter(owners))
        if owners:
            return None  # two people share the name: which one is for the reading order
    cast.members.setdefault(name, _person(name, parts[0] if len(parts) == 1 else None))
    return name


def _person(name: str, first_name: str | None) -> Member:
    """A person whose sex, until the text says it, is what their first name suggests."""
    gender = first_name_gender(first_name) if first_name else None
    return Member(name, "person", gender, gender_from_first_name=gender is not None)


def owners_of(cast: Cast, word: str) -> set[str]:
    """The full names a one-word name can stand for: those it is the surname of, else those it
    is the first word of, else those it is a middle word of (the first of two surnames: "Sada"
    of "Carlos Manuel Sada Solana", "López" of "Andrés Manuel López Obrador")."""
    word = word.lower()
    return (
        cast.surnames.get(word) or cast.first_words.get(word) or cast.middle_words.get(word, set())
    )


def one_owner(cast: Cast, word: str) -> str | None:
    owners = owners_of(cast, word)
    return next(iter(owners)) if len(owners) == 1 else None


def off_story(article: Article, start: int, end: int) -> bool:
    """Clutter and the dateline: "(Calder Herald) —" names an outlet, not a person."""
    dateline = article.dateline
    in_dateline = dateline is not None and start < dateline.end and end > dateline.start
    return in_dateline or article.is_dropped(start, end)


# --- organisations ---------------------------------------------------------------------------


def organisation_words(ent: SpacySpan) -> list[Token]:
    """An organisation's name as the tagger found it, without an article or a possessive, nor
    the short form the tagger may take in ("Doctors for Camp Closure (D4CC", "..., D4CC")."""
    bracket = next((t.i for t in ent if t.text in ("(", ",")), ent.end)
    words = [
        t for t in ent if t.i < bracket and t.lower_ not in ("the", "a", "an") and not t.is_punct
    ]
    while words and (words[-1].tag_ == "POS" or words[-1].text in ("’s", "'s")):
        words.pop()
    return words


def given_name(noun: Token) -> SpacySpan | None:
    """The name a participle gives the noun it follows ("a group called Doctors for Camp
    Closure", "a man named Ray Tull"), whatever the tagger took the name for."""
    for child in noun.children:
        if child.dep_ != "acl" or child.tag_ != "VBN" or child.lemma_ not in NAMING_VERBS:
            continue
        name = next((c for c in child.children if c.dep_ in ("oprd", "dobj", "attr")), None)
        if name is not None and name.text[:1].isupper():
            ent = entity_of(name)
            return ent if ent is not None else name.doc[name.left_edge.i : name.right_edge.i + 1]
    return None


def _register_organisations(cast: Cast) -> None:
    """Every organisation the tagger names outside quotes, with the short forms the article
    uses for it: an acronym in brackets after the name ("Customs and Border Protection (CBP)"),
    the initials of its name, a corporate suffix left out ("Microsoft Corp" → "Microsoft"),
    the first words kept and the rest as initials ("California ISO")."""
    text = full_text(cast.doc)
    names: dict[str, None] = {}
    tagged = [
        e
        for e in cast.doc.ents
        if e.label_ == "ORG" and not off_story(cast.article, e.start_char, e.end_char)
    ]
    given = [  # "a group called Nurses for Safe Wards", whatever the tagger took it for
        name
        for t in cast.doc
        if t.lemma_ in ORGANISATION_NOUNS
        and (name := given_name(t)) is not None
        and name.root.ent_type_ not in ("PERSON", "GPE")
    ]
    for ent in [*tagged, *given]:
        if cast.quoted[ent.start]:
            continue
        words = organisation_words(ent)
        named = bool(words) and (words[0].ent_type_ == "ORG" or ent in given)
        if not named or not organisational(words):
            continue
        name = " ".join(t.text for t in words)
        if mistagged_person(cast, words) or name in cast.members:  # a person named so
            continue
        names.setdefault(name, None)
        after = ACRONYM_AFTER.match(text, words[-1].idx + len(words[-1]))
        short = after and (after.group(1) or after.group(2))
        if short and _initials_fit(short, name):
            cast.short_forms.setdefault(short.lower().replace(".", ""), name)
    for name in sorted(names, key=lambda n: -len(n.split())):  # fullest names first
        cast.members.setdefault(name, Member(name, "organisation"))
        for form in _short_forms(name):
            if form != name.lower():
                cast.short_forms.setdefault(form, name)
    for name in names:  # a shorter name that is a short form of a longer one is that one
        owner = cast.short_forms.get(name.lower().replace(".", ""))
        if owner is not None and owner != name and cast.members[name].kind == "organisation":
            cast.members.pop(name, None)


def mistagged_person(cast: Cast, words: list[Token]) -> bool:
    """ "Indyk said", "AG Mukasey said", tagged an organisation: the person the article named."""
    return (len(words) == 1 or titled(words)) and bool(owners_of(cast, words[-1].text))


def titled(words: list[Token] | SpacySpan) -> bool:
    """Titles and a last word ("AG Mukasey", "Sen. Warren"): a titled surname, whatever the
    tagger says."""
    return len(words) >= 2 and all(
        w.lower_.rstrip(".") in TITLE_WORDS or w.lower_.rstrip(".") in ABBREVIATED_TITLES
        for w in list(words)[:-1]
    )


def organisational(words: list[Token]) -> bool:
    """An organisation's name, not a document's or a place's the tagger took for one ("the
    Calder Basin Supply Outlook", "Harlan Reservoir")."""
    return words[-1].lower_ not in NOT_PERSON_NOUNS


def _short_forms(name: str) -> list[str]:
    words = name.split()
    forms = []
    plain = [w for w in words if w.lower().rstrip(".,") not in ORGANISATION_SUFFIXES]
    if 0 < len(plain) < len(words):
        forms.append(" ".join(plain).lower())
    capitalised = [w for w in plain if w.lower() not in INITIALS_SKIP]
    if len(capitalised) >= 3 and all(w[:1].isupper() for w in capitalised):
        forms.append("".join(w[0] for w in capitalised).lower())
        for keep in range(1, len(capitalised) - 2):
            rest = "".join(w[0] for w in capitalised[keep:]).lower()
            forms.append(" ".join(w.lower() for w in capitalised[:keep]) + " " + rest)
    return forms


def _initials_fit(acronym: str, name: str) -> bool:
    """An acronym in brackets names the organisation before it when its letters are initials
    of the name's words, in order (any language's order aside: "MHCR" after "the Ministry of
    Health and Climate Resilience")."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    initials = [w[0].lower() for w in name.split() if w[:1].isalpha()]
    k = 0
    for initial in initials:
        if k < len(letters) and initial == letters[k]:
            k += 1
    return k == len(letters) and len(letters) >= 2


def organisation_key(cast: Cast, name: str) -> str:
    """The member an organisation's name stands for: the full name behind a short form."""
    owner = cast.short_forms.get(name.lower().replace(".", ""))
    if owner is not None:
        return owner
    member = cast.members.get(name)
    if member is None:
        cast.members[name] = Member(name, "organisation")
    return name


# --- roles -----------------------------------------------------------------------------------


def role_words(phrase: SpacySpan | list[Token]) -> str:
    """`Fresno County Supervisor` → `supervisor`; `Clovis Mayor Pro Tem` → `mayor pro tem`;
    `the former trade envoy to Chile` → `trade envoy` (the noun and the nouns before it)."""
    words = [t for t in phrase if not t.is_punct]
    if not words:
        return ""
    lowered = [canonical_role(t.lower_) for t in words]
    for i, word in enumerate(lowered):
        if word in ROLE_NOUNS or (word in TITLE_WORDS and word not in ("the", "former", "acting")):
            return " ".join(lowered[i:])
    head = next((t for t in reversed(words) if t.pos_ in ("NOUN", "PROPN")), words[-1])
    before = [t for t in words if t.i < head.i and t.dep_ == "compound" and t.pos_ == "NOUN"]
    return " ".join([canonical_role(t.lower_) for t in before] + [canonical_role(head.lemma_)])


def _tie_roles(cast: Cast) -> None:
    """Who holds which role: a title before a name ("Trade Envoy Mara Quist"), an appositive
    after it ("Quist, the trade envoy,"), a name in apposition to a role noun ("The envoy, Mara
    Quist,", "The leader of Ennahda, Rachid Ghannouchi,"), which also ties that role noun to the
    person in place. Gender is learnt from honorifics on the way."""
    doc = cast.doc
    for ent in doc.ents:
        if ent.label_ != "PERSON" or off_story(cast.article, ent.start_char, ent.end_char):
            continue
        if not personal(ent) or cast.quoted[ent.start]:  # "“Like Mayor Frye, ...”": someone's
            continue  # words, not the reporter's account of who holds which role
        key = person_key(cast, name_tokens(ent))
        if key is None:
            continue
        member = cast.members[key]
        title = title_before(ent)
        if title is not None:
            honorific = title[-1].lower_
            if honorific in HONORIFIC_GENDER and (
                member.gender is None or member.gender_from_first_name
            ):
                member.gender = HONORIFIC_GENDER[honorific]
                member.gender_from_first_name = False
            _hold(cast, role_words(title), ent.root.i, key)
        head = ent.root
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN" and _person_noun(child):
                _hold(cast, role_words(_noun_phrase(child)), child.i, key)
        noun = _apposed_to(head)
        if noun is not None:
            _hold(cast, role_words(_noun_phrase(noun)), noun.i, key)
            cast.in_place[noun.i] = key
    for ent in doc.ents:  # "The company that runs the show, Dick Clark Productions,"
        if ent.label_ == "ORG" and not off_story(cast.article, ent.start_char, ent.end_char):
            noun = _apposed_to(ent.root, person=False)
            if noun is not None and not cast.quoted[noun.i]:
                words = organisation_words(ent)
                if words:
                    cast.in_place[noun.i] = organisation_key(cast, " ".join(t.text for t in words))


def _tie_groups(cast: Cast) -> None:
    """A group the article says is members of an organisation ("The doctors, members of a
    recently formed group Doctors for Camp Closure, ...") speaks for it when it speaks again."""
    for token in cast.doc:
        if token.tag_ != "NNS" or cast.quoted[token.i]:
            continue
        for child in token.children:
            if child.dep_ != "appos" or child.lemma_ not in MEMBER_NOUNS:
                continue
            names = [t for t in child.subtree if t.ent_type_ == "ORG" and t.ent_iob_ == "B"]
            if names:
                words = organisation_words(entity_of(names[0]))
                if words:
                    key = organisation_key(cast, " ".join(t.text for t in words))
                    cast.groups.setdefault(token.lemma_.lower(), key)


def _apposed_to(name: Token, person: bool = True) -> Token | None:
    """The noun a name stands in apposition to: "The envoy, Mara Quist," → envoy; also when the
    parser hung the name on the object of the noun's `of` ("The leader of Ennahda, Rachid
    Ghannouchi," → leader). A person's name needs a person noun, an organisation's an
    organisation noun ("The company, Dick Clark Productions,")."""
    if name.dep_ != "appos":
        return None
    noun = name.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head
    if noun.pos_ != "NOUN":
        return None
    if person:  # "Two directors, Walt Pruitt and Sam Bertrand,": a group, no one's role
        return noun if _person_noun(noun) and noun.tag_ != "NNS" else None
    return noun if canonical_role(noun.lemma_) in ORGANISATION_NOUNS else None


def _person_noun(noun: Token) -> bool:
    """A noun that can stand for a person: a known role or person noun, or one that heads a
    title ("envoy", "consultant", "diplomat"), which the parser does not tag as a place or an
    organisation."""
    lemma = canonical_role(noun.lemma_)
    if lemma in PERSON_NOUNS or lemma in ORGANISATION_NOUNS:
        return lemma not in ORGANISATION_NOUNS
    return noun.ent_type_ in ("", "PERSON") and noun.tag_ == "NN"


def _noun_phrase(noun: Token) -> list[Token]:
    return [t for t in noun.lefts if t.dep_ in ("compound", "amod")] + [noun]


def role_head(role: str) -> str:
    """The noun a role phrase is about: `trade envoy` → `envoy`, `secretary of state` →
    `secretary`."""
    words = role.split(" of ")[0].split()
    return words[-1] if words else ""


def _hold(cast: Cast, role: str, at: int, key: str) -> None:
    """Note that the person `key` holds `role` (an honorific is no role)."""
    if not role or role in HONORIFICS:
        return
    for name in {role, role_head(role)}:
        cast.holders.setdefault(name, []).append((at, key))
    cast.members[key].roles.setdefault(role, None)


def learn_gender(cast: Cast, key: str, name: SpacySpan) -> None:
    """What the text says of a person's sex, when no honorific did: a "he" or "she" that is the
    subject of a clause their own verb governs ("Omar asked for compassion, saying she did not
    think ..."), or a gendered pronoun after them in a sentence naming nobody else. A first
    name's guess (Ilhan is a man's name in Turkish) gives way only to a pronoun in what they did
    by saying it (", saying she ...") with no one else in the sentence it could be: in what they
    said ("Axelrod said she needs ...", "Trump attacked Clinton, saying she ...") it is more often
    someone else."""
    member = cast.members[key]
    guessed = member.gender_from_first_name
    if member.kind != "person" or (member.gender is not None and not guessed):
        return
    verb = name.root.head if name.root.dep_ in SUBJECT_DEPS else None
    others = rivals = False  # a rival: another person the pronoun may be, not one's possessor
    for token in name.sent:
        if cast.quoted[token.i] or name.start <= token.i < name.end:
            continue
        person = token.ent_type_ == "PERSON" or bool(token.is_title and owners_of(cast, token.text))
        others = others or token.ent_type_ == "PERSON"
        rivals = rivals or (person and token.dep_ not in ("compound", "flat", "poss", "case"))
        if token.i < name.end or token.lower_ not in PRONOUN_GENDER:
            continue
        clauses = _clauses_between(token, verb) if verb is not None else None
        if guessed:
            overrules = bool(clauses) and _participle_in(clauses) and not rivals
        else:
            overrules = clauses is not None or not others
        if overrules:
            member.gender = PRONOUN_GENDER[token.lower_]
            member.gender_from_first_name = False
            return


def _clauses_between(pronoun: Token, verb: Token) -> list[Token] | None:
    """The clauses from a subject pronoun up to `verb` when `verb` governs it through
    complements and adverbial clauses ("asked ..., saying she did not think": she is in
    `asked`'s clauses), else None."""
    if pronoun.dep_ not in SUBJECT_DEPS:
        return None
    head, passed = pronoun.head, []
    for _ in range(4):
        if head == verb:
            return passed
        if head.dep_ not in ("ccomp", "advcl", "xcomp", "conj") or head.head == head:
            return None
        passed.append(head)
        head = head.head
    return None


def _participle_in(clauses: list[Token]) -> bool:
    return any(c.tag_ == "VBG" and c.dep_ == "advcl" for c in clauses)


def _quoted_mask(doc: Doc, quotes: tuple[Quote, ...]) -> list[bool]:
    """Tokens inside quoted words (direct, partial, block): names there are not antecedents."""
    mask = [False] * len(doc)
    spans = [(q.start, q.end) for q in quotes if q.kind != "indirect"]
    spans += [(s.start, s.end) for q in quotes for s in q.quoted]
    for start, end in spans:
        for token in span_between(doc, start, end):
            mask[token.i] = True
    return mask
