"""The claim map: which statements of which articles carry the same information in other words,
which ones state it differently, what only one article carries and what each one leaves out.

A statement is a sentence of the parse that states something: clutter, bylines and the dateline
are not statements, a sentence of fewer than MIN_WORDS words is not one, quotes are. Two
statements carry the same information when they end up in one group when every statement of
the story is clustered by average linkage, cut at SAME_INFORMATION_EMBEDDED, on

    s(a, b) = cos(v(a), v(b)) - NUMBER_VETO if both state numbers and share none

where v is a statement's all-MiniLM-L6-v2 vector (analysis/embeddings.py). Without the model
(or past MAX_EMBEDDED statements) v is a TF-IDF vector over the statement's words in lower case,
IDF over the story's own statements, cut at SAME_INFORMATION: cheaper, and 11 points lower on
NAnCo (docs/claims.md gives the figures). "Two years" and "three years" are different
information, as NAnCo's annotators judged them; but two statements alike in their words apart
from a number (or a qualifier, a negation, a name) are a `ClaimDifference`, and a statement with
a difference partner in another article is not "only" there: a reader of the other article was
told the same thing, differently.

Cost: the lexical similarity is a sparse product, and the clustering runs inside the connected
components of the graph of pairs above the cut (average linkage never joins two clusters
whose every pair is below it), so a story costs what its related statements cost. The map
reads at most MAX_STATEMENTS statements, MAX_ARTICLE_STATEMENTS per article, and encodes at most
MAX_EMBEDDED (past that it groups the story by word overlap alone); `ClaimMap.notes`
names what a bound left out (the comparison keeps every article and quote).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsparallax.analysis.embeddings import Encoder
from newsparallax.analysis.lexicon import (
    BOUND_FAMILIES,
    CURRENCIES,
    NAME_LABELS,
    NEGATIONS,
    QUALIFIERS,
    SCALES,
)
from newsparallax.analysis.numbers import number_value
from newsparallax.model import (
    Article,
    ClaimDifference,
    ClaimMap,
    DifferenceKind,
    Span,
    Statement,
    content_id,
)

MIN_WORDS = 4  # "Photo: AP", "Advertisement", "Read more" state nothing
SAME_INFORMATION_EMBEDDED = 0.42  # the average-linkage cut on MiniLM vectors (docs/claims.md)
SAME_INFORMATION = 0.11  # the cut on the lexical similarity, without the model
LEXICAL_NOTE = (
    "grouped by word overlap: the sentence-vector model is not installed (docs/claims.md)"
)
NUMBER_VETO = 1.0  # subtracted when both state numbers and share none
DIFFERENT_RENDERING = 0.3  # cosine above which two renderings can differ by a number
SAME_RENDERING = 0.5  # ... by a negation or a name, which change a statement less visibly
NEGATED_POS = ("VERB", "AUX", "ADJ")  # "not wasting", "isn't coming", "not guilty"
LEFT_OUT_SHARE = 0.5  # a group at least this share of the other articles carry is "left out"
MAX_ARTICLE_STATEMENTS = 400
MAX_EMBEDDED = 2000  # statements encoded as vectors; past this the map groups by word overlap
MAX_STATEMENTS = 6000  # statements in the map (past this, later articles are left out of it)

Mark = tuple[str, int, int]  # a normalised key and where it stands in the article
Scores = sparse.csr_matrix | np.ndarray  # pairwise, sparse (lexical) or dense (embedded)


@dataclass(frozen=True)
class Unit:
    """What the claim map reads of one statement: its words (lower case, numbers as keys) for
    the lexical similarity, and the marks a difference is read from (numbers, qualifiers,
    negations, names, lemmas), with their offsets."""

    article: str
    start: int
    end: int
    terms: tuple[str, ...]
    numbers: tuple[Mark, ...] = ()
    qualifiers: tuple[Mark, ...] = ()
    negations: tuple[Mark, ...] = ()
    names: tuple[tuple[str, str, int, int], ...] = ()  # (label, name, start, end)
    lemmas: tuple[Mark, ...] = ()  # of its words, where a negated verb is looked for

    @cached_property
    def number_keys(self) -> frozenset[str]:
        return frozenset(k for k, _, _ in self.numbers)


# --- statements -------------------------------------------------------------------------------


def statement_spans(article: Article, doc: Doc) -> list[SpacySpan]:
    """The sentences of an article that state something, in text order."""
    dateline_end = article.dateline.end if article.dateline is not None else -1
    found = []
    for sent in doc.sents:
        tokens = [t for t in sent if t.idx >= dateline_end and not t.is_space]
        while tokens and tokens[-1].is_punct and tokens[-1].text in "…-–—":
            tokens.pop()  # an excerpt's trailing "..." or dash is not part of the statement
        if not tokens:
            continue
        span = doc[tokens[0].i : tokens[-1].i + 1]
        if article.is_dropped(span.start_char, span.end_char):
            continue
        if sum(1 for t in span if t.is_alpha or t.like_num) < MIN_WORDS:
            continue
        found.append(span)
    return found


def unit_of(span: SpacySpan, article: str) -> Unit:
    """A span read for the claim map (a statement, or an answer span when evaluating)."""
    terms, numbers, qualifiers, negations, lemmas = [], [], [], [], []
    for token in span:
        number = _number(token)
        if number is not None:
            numbers.append((number, *_number_extent(token)))
            terms.append(number)
            continue
        word = token.lower_.replace("’", "'")
        if (word in NEGATIONS or token.dep_ == "neg") and token.head.pos_ in NEGATED_POS:
            negations.append((token.head.lemma_.lower(), token.idx, token.idx + len(token)))
        elif word in QUALIFIERS and (number := _bounded_number(token)) is not None:
            start, end = min(token.idx, number.idx), max(token.idx + len(token), _end(number))
            key = f"{BOUND_FAMILIES.get(word, word)} {_number(number)}"
            qualifiers.append((key, start, end))
        if token.is_alpha:
            terms.append(word)
            lemmas.append((token.lemma_.lower(), token.idx, token.idx + len(token)))
    names = tuple(
        (ent.label_, ent.text.lower(), ent.start_char, ent.end_char)
        for ent in span.ents
        if ent.label_ in NAME_LABELS
    )
    return Unit(
        article,
        span.start_char,
        span.end_char,
        tuple(terms),
        tuple(numbers),
        tuple(qualifiers),
        tuple(negations),
        names,
        tuple(lemmas),
    )


def _bounded_number(token: Token) -> Token | None:
    """The number a qualifier bounds: its head ("nearly 30", "more than 12"), or its object
    ("above 12")."""
    for candidate in (token.head, *token.children):
        if candidate is not token and _number(candidate) is not None:
            return candidate
    return None


def _end(token: Token) -> int:
    return token.idx + len(token)


def _number_extent(token: Token) -> tuple[int, int]:
    """A number with its currency, qualifier and scale: "nearly 30", "$4.2 million", "8.5%"."""
    doc, first, last = token.doc, token.i, token.i
    while first > 0 and (doc[first - 1].text in CURRENCIES or doc[first - 1].lower_ in QUALIFIERS):
        first -= 1
    while last + 1 < len(doc) and (doc[last + 1].lower_ in SCALES or doc[last + 1].text == "%"):
        last += 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _number(token: Token) -> str | None:
    """A number as a key: its value when numbers.py reads one ("three" and "3" alike, "1,000"
    as "1000"), else as written when spaCy takes it for a number (years, ordinals, times)."""
    value = number_value(token)
    if value is not None:
        return f"{value:g}"
    if token.lower_ in SCALES:
        return None  # "million" is part of "$4.2 million", not a number of its own
    return token.lower_.replace(",", "") if token.like_num else None


# --- similarity and groups --------------------------------------------------------------------


def similarity(units: Sequence[Unit]) -> sparse.csr_matrix:
    """Cosine of the units' TF-IDF vectors (smoothed IDF over the units themselves)."""
    vocabulary: dict[str, int] = {}
    rows, cols, counts = [], [], []
    for i, unit in enumerate(units):
        tf: dict[int, int] = defaultdict(int)
        for term in unit.terms:
            tf[vocabulary.setdefault(term, len(vocabulary))] += 1
        for j, n in tf.items():
            rows.append(i)
            cols.append(j)
            counts.append(n)
    shape = (len(units), max(1, len(vocabulary)))
    x = sparse.csr_matrix((np.array(counts, float), (rows, cols)), shape=shape)
    df = np.bincount(np.array(cols, dtype=np.int64), minlength=shape[1])
    idf = np.log((1 + len(units)) / (1 + df)) + 1
    x = x.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sparse.diags(1 / np.where(norms > 0, norms, 1)) @ x
    return (x @ x.T).tocsr()


def vetoed(units: Sequence[Unit], cosine: Scores) -> Scores:
    """The cosine less NUMBER_VETO where both units state numbers and share none."""
    stated, has = _numbers_stated(units)
    shared = stated @ stated.T
    if not sparse.issparse(cosine):
        conflicts = np.outer(has, has) & ~(shared.toarray() > 0)
        np.fill_diagonal(conflicts, False)
        return np.asarray(cosine) - NUMBER_VETO * conflicts
    coo = cosine.tocoo()
    both = has[coo.row] & has[coo.col] & (coo.row != coo.col)
    found = shared.tocsr()[coo.row[both], coo.col[both]]
    common = np.asarray(found.todense() if sparse.issparse(found) else found).ravel() > 0
    data = coo.data.copy()
    data[np.flatnonzero(both)[~common]] -= NUMBER_VETO
    return sparse.csr_matrix((data, (coo.row, coo.col)), shape=cosine.shape)


def _numbers_stated(units: Sequence[Unit]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """A units x numbers 0/1 matrix of the numbers each unit states, and which state any."""
    index: dict[str, int] = {}
    rows, cols = [], []
    for i, unit in enumerate(units):
        for key in unit.number_keys:
            rows.append(i)
            cols.append(index.setdefault(key, len(index)))
    stated = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(units), max(1, len(index)))
    )
    return stated, np.asarray(stated.sum(axis=1)).ravel() > 0


def embedded_similarity(vectors: np.ndarray) -> np.ndarray:
    """Cosine of unit-length sentence vectors (analysis.embeddings), dense."""
    return vectors @ vectors.T


def groups(scores: Scores, threshold: float = SAME_INFORMATION) -> list[int]:
    """One label per unit: average-linkage clusters of the scores, cut at `threshold`, found
    inside the connected components of the pairs scoring at least `threshold` (sparse scores
    are zero where not stored)."""
    n = scores.shape[0]
    if sparse.issparse(scores):
        linked = scores.copy()
        linked.data[linked.data < threshold] = 0
        linked.eliminate_zeros()
    else:
        linked = sparse.csr_matrix(np.where(scores >= threshold, scores, 0))
    _, component = connected_components(linked, directed=False)
    labels = [0] * n
    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(component):
        members[int(c)].append(i)
    next_label = 0
    for idx in members.values():
        if len(idx) == 1:
            labels[idx[0]] = next_label
            next_label += 1
            continue
        sub = scores[idx][:, idx].toarray() if sparse.issparse(scores) else scores[np.ix_(idx, idx)]
        distance = 1.0 - (sub + sub.T) / 2
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(np.clip(distance, 0, None), checks=False), method="average")
        cut = fcluster(tree, t=1.0 - threshold, criterion="distance")
        for i, label in zip(idx, cut, strict=True):
            labels[i] = next_label + int(label) - 1
        next_label += int(cut.max())
    return labels


# --- differences --------------------------------------------------------------------------------


def difference(a: Unit, b: Unit, score: float) -> tuple[DifferenceKind, Mark, Mark] | None:
    """How two renderings of one statement differ, first found of: a number, a qualifier of a
    number both state, and, when they are alike past SAME_RENDERING, a verb one negates and the
    other states plainly, or names of one kind that share nothing."""
    shared = a.number_keys & b.number_keys
    if a.numbers and b.numbers and not shared:
        return "number", a.numbers[0], b.numbers[0]
    for number in sorted(shared):
        qa = [m for m in a.qualifiers if m[0].endswith(f" {number}")]
        qb = [m for m in b.qualifiers if m[0].endswith(f" {number}")]
        if {m[0] for m in qa} != {m[0] for m in qb}:
            return "qualifier", _mark(qa, a, number), _mark(qb, b, number)
    if score < SAME_RENDERING:
        return None
    for x, y, flip in ((a, b, False), (b, a, True)):
        negated = {m[0] for m in y.negations}
        stated = {m[0]: m for m in y.lemmas}
        plain = [m for m in x.negations if m[0] in stated and m[0] not in negated]
        if plain:
            spot = stated[plain[0][0]]
            return ("negation", spot, plain[0]) if flip else ("negation", plain[0], spot)
    for label in {n[0] for n in a.names} & {n[0] for n in b.names}:
        na = [n for n in a.names if n[0] == label]
        nb = [n for n in b.names if n[0] == label]
        if not {n[1] for n in na} & {n[1] for n in nb}:
            return "name", na[0][1:], nb[0][1:]
    return None


def _mark(marks: Sequence[Mark], unit: Unit, number: str | None = None) -> Mark:
    """The first mark; when there is none, the number it would qualify, else the statement."""
    if marks:
        return marks[0]
    bare = [m for m in unit.numbers if m[0] == number]
    return bare[0] if bare else ("", unit.start, unit.end)


# --- the map ------------------------------------------------------------------------------------


def claim_map(
    articles: Sequence[Article], docs: Sequence[Doc], encoder: Encoder | None = None
) -> ClaimMap:
    """The claim map of a comparison's articles (their parses in the same order), grouped by
    sentence vectors when an encoder is given, else by the lexical similarity alone."""
    units: list[Unit] = []
    notes: list[str] = []
    for article, doc in zip(articles, docs, strict=True):
        spans = statement_spans(article, doc)
        if len(spans) > MAX_ARTICLE_STATEMENTS:
            notes.append(
                f"{article.id}: {len(spans)} statements; the claim map reads the first "
                f"{MAX_ARTICLE_STATEMENTS}"
            )
            spans = spans[:MAX_ARTICLE_STATEMENTS]
        if len(units) + len(spans) > MAX_STATEMENTS:
            notes.append(
                f"{article.id}: left out of the claim map (it reads {MAX_STATEMENTS} statements "
                "in all, in article order)"
            )
            continue
        units.extend(unit_of(span, article.id) for span in spans)
    if encoder is None:
        notes.append(LEXICAL_NOTE)
    elif len(units) > MAX_EMBEDDED:
        notes.append(
            f"{len(units)} statements: grouped by word overlap, not sentence vectors (which take "
            f"about a minute per {MAX_EMBEDDED} statements on a small machine)"
        )
        encoder = None
    return map_units(articles, units, notes, encoder)


def map_units(
    articles: Sequence[Article], units: list[Unit], notes: list[str], encoder: Encoder | None
) -> ClaimMap:
    if not units:
        return ClaimMap(left_out={a.id: () for a in articles}, notes=tuple(notes))
    texts = {a.id: a for a in articles}
    cosine = similarity(units)
    if encoder is None:
        labels = groups(vetoed(units, cosine))
    else:
        vectors = encoder.encode([texts[u.article].text[u.start : u.end] for u in units])
        labels = groups(vetoed(units, embedded_similarity(vectors)), SAME_INFORMATION_EMBEDDED)
    ids = [content_id(texts[u.article].sha, u.start, u.end, length=12) for u in units]
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[label].append(i)
    group_ids = {
        label: content_id("claim", *(ids[i] for i in idx), length=12)
        for label, idx in members.items()
    }
    differences, partners = _differences(units, cosine, labels, ids, texts)
    carried_by = {label: {units[i].article for i in idx} for label, idx in members.items()}
    statements = tuple(
        Statement(
            id=ids[i],
            article=u.article,
            start=u.start,
            end=u.end,
            text=texts[u.article].text[u.start : u.end],
            group=group_ids[labels[i]],
            only=len(articles) > 1 and carried_by[labels[i]] == {u.article} and not partners[i],
        )
        for i, u in enumerate(units)
    )
    return ClaimMap(
        statements=statements,
        differences=tuple(differences),
        left_out=_left_out(articles, members, carried_by, group_ids),
        notes=tuple(notes),
    )


def _differences(units, cosine, labels, ids, articles) -> tuple[list[ClaimDifference], list[bool]]:
    """Differences between statements of two articles that render one statement: in one group,
    or kept apart only by their numbers, and alike (numbers aside) past DIFFERENT_RENDERING."""
    partners = [False] * len(units)
    found = []
    coo = sparse.triu(cosine, k=1).tocoo()
    article = np.array([u.article for u in units])
    keep = (coo.data >= DIFFERENT_RENDERING) & (article[coo.row] != article[coo.col])
    for i, j, score in zip(coo.row[keep], coo.col[keep], coo.data[keep], strict=True):
        a, b = units[i], units[j]
        vetoed_apart = a.number_keys and b.number_keys and not a.number_keys & b.number_keys
        if labels[i] != labels[j] and not vetoed_apart:
            continue
        found_difference = difference(a, b, score)
        if found_difference is None:
            continue
        partners[i] = partners[j] = True
        kind, ma, mb = found_difference
        found.append(
            ClaimDifference(
                id=content_id(ids[i], ids[j], kind, length=12),
                kind=kind,
                a=ids[i],
                b=ids[j],
                a_span=_span(articles[a.article].text, ma),
                b_span=_span(articles[b.article].text, mb),
            )
        )
    return found, partners


def _span(text: str, mark: tuple) -> Span:
    start, end = mark[-2], mark[-1]
    return Span(start, end, text[start:end])


def _left_out(articles, members, carried_by, group_ids) -> dict[str, tuple[str, ...]]:
    """Per article, the groups at least LEFT_OUT_SHARE of the other articles carry (one at
    least) and it does not, most carried first."""
    others = len(articles) - 1
    need = max(1, math.ceil(others * LEFT_OUT_SHARE))
    by_reach = sorted(members, key=lambda label: (-len(carried_by[label]), min(members[label])))
    return {
        a.id: tuple(
            group_ids[label]
            for label in by_reach
            if a.id not in carried_by[label] and len(carried_by[label]) >= need
        )
        if others
        else ()
        for a in articles
    }
