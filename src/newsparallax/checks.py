"""What a user should be told before trusting a comparison: an article the analysis cannot read
well (not English, too short to be the article, a teaser), and articles that do not seem to be
about the same event. Warnings, not errors: the comparison still runs, and the user decides.

Every check reads what the reading and grouping stages already compute (`detect_language`,
`is_truncated`, the story grouper), so a warning here says the same thing `ingest` stores.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsparallax.model import Article, Comparison
from newsparallax.reading.document import detect_language, is_truncated
from newsparallax.stories.features import story_doc
from newsparallax.stories.index import group

# The English model's `nlp.max_length`: spaCy refuses a longer text, as its parser's memory grows
# with the text. `analysis.nlp.parse_articles` parses any text in pieces, so this is only why a
# long one is slow.
MODEL_MAX_LENGTH = 1_000_000

# Below this many words a text is a caption, a teaser or a page's furniture rather than a
# report: a two-paragraph brief with one quote already runs to 60 words or more.
MIN_ARTICLE_WORDS = 40


@dataclass(frozen=True)
class Caution:
    """One thing to tell the user: the article it is about (None: the comparison) and why."""

    article: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.article}: {self.message}" if self.article else self.message


def article_warnings(article: Article, language: str | None = None) -> list[Caution]:
    """What makes one article a poor input: a language other than English (the quote rules and
    the parser are English; `language` is the one ingest detected, else it is detected here),
    a text too short to be the report, or a teaser cut off by a paywall or an ellipsis."""
    found = []
    words = len(article.text.split())
    language = language or detect_language(article.text)
    if language and language != "en":
        found.append(
            Caution(
                article.id,
                f"the text looks like language {language!r}, not English: quotes and speakers"
                " will be missed",
            )
        )
    if words < MIN_ARTICLE_WORDS:
        found.append(
            Caution(
                article.id,
                f"only {words} words ({len(article.text)} characters): a caption, a teaser or"
                " a page's furniture, not the whole article?",
            )
        )
    elif is_truncated(article.text, None):
        found.append(Caution(article.id, "the text ends like a teaser cut short (paywall?)"))
    if len(article.text) > MODEL_MAX_LENGTH:
        found.append(
            Caution(
                article.id,
                f"{len(article.text):,} characters, more than the English model reads at once"
                f" ({MODEL_MAX_LENGTH:,}): parsed in pieces cut at paragraph breaks, which takes"
                " minutes",
            )
        )
    return found


def comparison_warnings(comparison: Comparison) -> list[Caution]:
    """Articles that share nothing with the others: no one quoted in another article, no person
    named in another, and the story grouper would not put them in the others' story. Two such
    reports are usually of different events, and their comparison says little."""
    if len(comparison.articles) < 2:
        return []
    quoted: dict[str, set[str]] = {}
    for quote in comparison.quotes:
        if quote.speaker_id:
            quoted.setdefault(quote.article, set()).add(quote.speaker_id)
    named: dict[str, set[str]] = {}
    for person in comparison.people:
        for mention in person.mentions:
            named.setdefault(mention.article, set()).add(person.id)
    assignments = group(story_doc(a.id, a) for a in comparison.articles)
    story = {a.doc: a.story for a in assignments}
    found = []
    for article in comparison.articles:
        others = [a.id for a in comparison.articles if a.id != article.id]
        shares_voice = any(quoted.get(article.id, set()) & quoted.get(o, set()) for o in others)
        shares_name = any(named.get(article.id, set()) & named.get(o, set()) for o in others)
        shares_story = any(story[article.id] == story[o] for o in others)
        if not (shares_voice or shares_name or shares_story):
            found.append(
                Caution(
                    article.id,
                    "shares no voice, no name and no story with the other articles:"
                    " a report of another event?",
                )
            )
    return found
