"""Every word list the analysis reads: what counts as a speech verb, a title, a group, an
organisation, a first-person word, a number's name.

Kept in one module so that a reader tuning recall or precision finds every list in one place;
the modules that read them keep only their parse labels, thresholds and patterns.
"""

from functools import lru_cache

# Verbs that report speech or writing. Beliefs ("think", "believe", "hope") are left out on
# purpose: "he believes the agency should pull back" is the reporter's reading, not an utterance.
SPEECH_VERBS = frozenset(
    """
    say tell add warn note write urge announce insist echo explain state claim argue ask
    reply respond answer declare emphasize emphasise stress acknowledge admit assert concede
    confirm deny suggest predict promise vow pledge recall remark report reiterate repeat
    contend caution charge complain comment continue counter joke maintain observe propose
    quip recount reveal testify tweet post clarify remind mention indicate allege boast
    conclude demand disclose estimate inform lament plead proclaim reason recommend retort
    shout signal speculate stipulate tout underscore highlight whisper yell describe
    criticize criticise call praise blast slam accuse question counsel assure advise concur agree
    disagree speak talk scoff sneer fume exclaim muse sing lecture chide vent boom chant
    """.split()
)
# Verbs that make someone else speak ("prompting the governor to ask"): the one made to.
PROMPTING_VERBS = frozenset("prompt lead cause spur move provoke inspire drive".split())
# Verbs that report speech only with this particle or object: "pointed out", "as she put it",
# "shot back", "went on".
SPEECH_PHRASES = {
    "point": "out",
    "put": "it",
    "shoot": "back",
    "fire": "back",
    "hit": "back",
    "go": "on",
}

PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "we", "us"})

# Words that open a person's name but are not part of it.
TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. rev rev. sen sen. rep rep. gov gov. lt lt. gen
    gen. col col. capt capt. sgt sgt. det det. cmdr cmdr. adm adm. mayor senator
    representative governor president vice chief secretary supervisor judge justice officer
    detective sheriff councilman councilwoman councilmember councillor councilor commissioner
    chair chairman chairwoman chairperson director minister premier chancellor ambassador
    superintendent principal pastor father sister brother coach trustee deputy assistant
    attorney general congressman congresswoman speaker leader spokesman spokeswoman
    spokesperson pro tem former acting interim the
    """.split()
)

# Nouns that, heading a subject, stand for a role a named person holds ("the mayor said").
ROLE_NOUNS = frozenset(
    """
    mayor senator governor president chief secretary supervisor judge officer detective
    sheriff councilman councilwoman councilmember councillor councilor commissioner chair
    chairman chairwoman chairperson director minister premier chancellor ambassador
    superintendent principal pastor coach trustee deputy attorney congressman congresswoman
    representative spokesman spokeswoman spokesperson manager executive founder owner official
    leader lawmaker candidate ceo administrator
    """.split()
)
# Roles any office holder has: "the government's top health official" is the secretary the
# story is about, as "the mayor" is not the governor it is about.
GENERIC_ROLE_NOUNS = frozenset("official leader executive administrator".split())

# Nouns that stand for a person ("the actor and activist said"): a definite one, with nobody
# holding it as a title, refers back to the latest compatible subject, as a pronoun would.
PERSON_NOUNS = ROLE_NOUNS | frozenset(
    """
    actor actress author writer novelist poet singer musician rapper artist comedian host anchor
    journalist reporter columnist editor activist advocate lawyer doctor physician surgeon nurse
    professor teacher economist analyst scientist researcher expert strategist adviser advisor
    aide player star athlete champion prosecutor defendant suspect victim witness resident
    businessman businesswoman billionaire entrepreneur investor diplomat general sergeant captain
    lieutenant commander soldier veteran farmer worker priest bishop rabbi imam pope king queen
    prince princess monarch man woman mother father son daughter wife husband widow grandmother
    grandfather democrat republican incumbent challenger nominee candidate lawmaker legislator
    lady
    """.split()
)
NOUN_GENDER = {
    **dict.fromkeys(
        "actress woman lady mother wife daughter widow grandmother queen princess businesswoman "
        "chairwoman spokeswoman congresswoman councilwoman".split(),
        "f",
    ),
    **dict.fromkeys(
        "man father husband son grandfather king prince businessman chairman spokesman "
        "congressman councilman".split(),
        "m",
    ),
}

# What a person puts out, standing for its author as a subject ("the ad says", "her statement").
DOCUMENT_NOUNS = frozenset(
    "ad spot statement speech letter release video post tweet memo interview remark email message"
    " op-ed column essay report filing lawsuit complaint petition announcement notice affidavit"
    " testimony analysis study document survey poll audit review assessment investigation memoir"
    " book article editorial ruling data datum calculation estimate projection response reply"
    " rebuttal".split()
)

# Different words for one role, so that "the chairwoman" finds "Board Chair Elena Ortiz".
ROLE_SYNONYMS = {
    "chairwoman": "chair",
    "chairman": "chair",
    "chairperson": "chair",
    "sen": "senator",
    "rep": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "gov": "governor",
    "councilwoman": "councilmember",
    "councilman": "councilmember",
    "councillor": "councilmember",
    "councilor": "councilmember",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "supt": "superintendent",
    "atty": "attorney",
    "prez": "president",
    "chief executive": "ceo",
    "pm": "prime minister",
    "vp": "vice president",
}


def canonical_role(word: str) -> str:
    word = word.lower().rstrip(".")
    return ROLE_SYNONYMS.get(word, word)


# Nouns that make a phrase an organisation ("Fresno police", "the water district").
ORGANISATION_NOUNS = frozenset(
    """
    police department office district agency company council board committee campaign
    administration government ministry commission authority union association university
    college school hospital court party coalition foundation institute bureau service
    corporation firm group station network newspaper military army navy pac caucus
    organization organisation alliance federation league society fund bank radio show
    news magazine podcast channel program programme productions studios records entertainment
    holdings airlines pictures club center centre initiative herald tribune journal gazette
    chronicle courier inquirer examiner telegraph dispatch
    """.split()
)

# Last words that make a name a place or a document, not a person ("Ashby Falls", "Harlan
# Reservoir", "Calder County"), whatever the tagger says; a document is no organisation either
# ("the Calder Basin Supply Outlook says": who wrote it is not said).
PLACE_NOUNS = frozenset(
    """falls reservoir county river lake creek valley springs heights basin island islands
    mountain mountains canyon beach harbor harbour airport square plaza township parish""".split()
)
DOCUMENT_TITLE_NOUNS = frozenset("outlook report review survey forecast assessment".split())
NOT_PERSON_NOUNS = PLACE_NOUNS | DOCUMENT_TITLE_NOUNS

# Determiners and quantifiers that make a subject a group, which we do not guess a speaker for.
GROUP_WORDS = frozenset(
    """
    several some many few others other most all both various numerous multiple critics
    officials residents people experts mayors lawmakers members supporters opponents
    analysts observers advocates activists protesters leaders democrats republicans voters
    parents students
    """.split()
)

PARTIES = {
    "republican": "Republican",
    "republicans": "Republican",
    "gop": "Republican",
    "r": "Republican",
    "democrat": "Democrat",
    "democratic": "Democrat",
    "democrats": "Democrat",
    "d": "Democrat",
    "independent": "Independent",
    "i": "Independent",
    "libertarian": "Libertarian",
    "green": "Green",
    "labour": "Labour",
    "conservative": "Conservative",
    "tory": "Conservative",
}

# Nouns for a work whose title is quoted ("the film “Parasite”"), and verbs that make one.
WORK_NOUNS = frozenset(
    """film movie show series sitcom book novel memoir song single album play musical opera
    documentary podcast episode programme program poem painting exhibition game""".split()
)
CREATION_VERBS = frozenset("write direct produce publish release film compose record".split())
# Who asks the questions in an interview: their questions are not a source's words.
# The dependencies that make a word the subject of its verb.
SUBJECT_DEPS = ("nsubj", "nsubjpass")

# When something was said, which says nothing itself ("started the debate saying ...").
OCCASION_NOUNS = frozenset(
    """
    debate hearing rally meeting session conference event forum summit day night morning
    evening afternoon week trip visit tour appearance
    """.split()
)
# An effort someone runs, which speaks for whoever runs it ("began a $1 million ad campaign
# praising ...": who began it).
EFFORT_NOUNS = frozenset("campaign ad advertisement commercial effort drive push crusade".split())

INTERVIEWER_NOUNS = frozenset("interviewer reporter host moderator anchor journalist".split())
# Words before a short quoted span that make it a name or a term, not an utterance.
TERM_MARKERS = frozenset(
    """
    called titled entitled dubbed named nicknamed so-called term word phrase label known
    """.split()
)


# --- quotes: cues, reported speech, marked quotes ---------------------------------------------

# First-person words: a statement's own voice ("we will recommend"), not a reporter's.
FIRST_PERSON = frozenset({"i", "we", "our", "us", "my", "me"})
BELIEF_VERBS = frozenset(
    """think believe expect hope fear worry feel know doubt suspect assume want plan intend
    wonder""".split()
)
FINDING_VERBS = frozenset("show find indicate".split())
# Taking a public position on something: reported like speech, though no words are quoted.
STANCE_VERBS = frozenset(
    """oppose support reject blame defend dismiss challenge condemn denounce applaud welcome
    endorse back embrace criticise criticize attack decry dispute contest protest cite thank
    credit""".split()
)
# Saying what someone or something is: "described the plan as ...", "blasted the media for ...".
JUDGING_VERBS = frozenset(
    """describe call criticize criticise praise blast slam brand label hail mock characterize
    characterise portray cast dub introduce""".split()
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
# Nouns naming a speech act, whose owner is the speaker of words quoted in their phrase
# ("Biden's call for a “significant de-escalation”").
SPEECH_NOUNS = frozenset(
    """call plea demand warning appeal promise pledge vow request remark comment statement
    claim accusation threat order message speech testimony assurance announcement suggestion
    prediction criticism description denial admission apology""".split()
)
REPORT_NOUNS = frozenset(
    """concern claim warning argument assertion allegation prediction promise pledge assurance
    insistence accusation suggestion""".split()
)
# Words after a closing mark that carry the reporter's sentence on past the quote.
CONTINUING_WORDS = frozenset(
    "of because that for about since if to than until from before like unless whether".split()
)
# Conjunctions opening a conditional or time clause before a cue.
LEADING_MARKS = frozenset("if when unless once until while because although though".split())
# Words a title leaves in lower case ("The Art of the Deal").
SMALL_WORDS = frozenset("a an the of and or in on at for to by with from".split())
NAMING_VERBS = frozenset("call dub name term label nickname title".split())

# --- speakers ---------------------------------------------------------------------------------

# A generational suffix after a name: not the family name ("Patrick Carlineo Jr.").
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
# A company's legal form, left out when the article names it short ("Microsoft Corp").
ORGANISATION_SUFFIXES = frozenset(
    "corp corporation inc incorporated co ltd llc plc ag sa gmbh nv".split()
)

RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# Titles written short ("Navy Capt. Jeff Davis"): never the last word of a person's name.
ABBREVIATED_TITLES = frozenset(
    "mr mrs ms dr prof rev sen rep gov lt gen col capt sgt det cmdr adm maj cpl pvt supt ag".split()
)
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f"}

# --- alignment --------------------------------------------------------------------------------

# Words too common to tell two renderings of an utterance apart.
FUNCTION_WORDS = frozenset(
    """
    a an the and or but of to in on at for with by from as is are was were be been being it
    its that this these those we our us you your they their them he his him she her i my me
    not no do does did have has had will would can could should may might must there here so
    if then than which who whom what when where how all any some such into about over also
    just very
    """.split()
)

# --- numbers and facts ------------------------------------------------------------------------

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen"}
# Words left out of the phrase around a number.
CONTEXT_STOP = frozenset("a an the ’s 's of in as at for on with to".split())
# A person speaking of themselves ("I've served 18 years").
FIRST_PERSON_SINGULAR = frozenset({"i", "my", "me", "i’ve", "i've", "i’m", "i'm"})


@lru_cache(maxsize=1)
def _first_names():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def first_name_gender(first_name: str) -> str | None:
    """ "m" or "f" when a first name is given to one sex almost always (gender-guesser's
    offline name list), else None. A prior only: what the text says of a person wins."""
    found = _first_names().get_gender(first_name)
    return {"male": "m", "female": "f"}.get(found)


# --- framing: what a reporting verb implies (docs/framing.md gives the sources) -----------------

# A verb's class says how the reporter frames what was said, not what was said: "said" passes it
# on, "insisted" presents it as pressed against doubt, "claimed" distances the reporter from it,
# "admitted" presents it as true and against the speaker's interest, "slammed" as a display of
# feeling. Lemmas; a phrasal cue is written with its particle ("lash out").
CUE_FRAMES: dict[str, str] = {
    **dict.fromkeys(
        """say tell add state note write report explain describe speak talk comment remark
        respond reply answer ask announce continue recall post tweet mention inform observe
        recount according_to testify call estimate cite signal muse sing put""".split(),
        "neutral",
    ),
    **dict.fromkeys(
        """insist stress argue assert maintain emphasize emphasise declare contend reiterate
        repeat underscore highlight affirm vow pledge promise assure predict warn caution
        proclaim""".split(),
        "assertive",
    ),
    **dict.fromkeys("claim allege purport suggest speculate question".split(), "doubting"),
    **dict.fromkeys("admit acknowledge concede confess grant".split(), "conceding"),
    **dict.fromkeys("deny reject dispute refute rebut dismiss counter".split(), "denying"),
    **dict.fromkeys("reveal disclose confirm point_out".split(), "factive"),
    **dict.fromkeys(
        """slam blast lash_out rip bash fume rage scoff sneer snap hammer attack decry denounce
        condemn mock shout yell scream exclaim complain lament plead beg boast gush quip joke
        accuse charge criticize criticise praise hail chide vent boom lecture""".split(),
        "emotive",
    ),
    **dict.fromkeys(
        "urge demand call_for call_on implore exhort recommend propose".split(), "directive"
    ),
    # Not speech: a state of mind the reporter attributes, or what a study or figures show.
    **dict.fromkeys(BELIEF_VERBS, "belief"),
    **dict.fromkeys(FINDING_VERBS | {"conclude"}, "finding"),
}
# The particle that makes a phrasal cue ("lashed out", "pointed out", "called for").
CUE_PARTICLES = frozenset({"out", "for", "on"})
FRAMES = (
    "neutral", "assertive", "doubting", "conceding", "denying", "factive", "emotive",
    "directive", "belief", "finding", "other",
)  # fmt: skip

# --- claims: what makes two renderings of one statement differ ----------------------------------

# Words that hedge or bound a number or a claim ("nearly 100" against "99", "at least 12").
QUALIFIERS = frozenset(
    """nearly almost about around roughly approximately some over under above below more less
    fewer least most up just only barely reportedly allegedly likely possibly probably
    apparently""".split()
)
# Bounds that say the same: "more than 12" is "over 12" is "above 12".
BOUND_FAMILIES = {
    **dict.fromkeys("more over above upward upwards".split(), "more"),
    **dict.fromkeys("less fewer under below".split(), "less"),
}
NEGATIONS = frozenset("not no never n't nothing none nobody neither nor without".split())
# Entity labels whose names, when two renderings of one statement disagree, are a difference.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
