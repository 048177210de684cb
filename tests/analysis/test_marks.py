"""Quotation marks to quoted spans: no model needed."""

import pytest

from newsparallax.analysis.marks import find_marked, paragraphs


def quoted(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_marked(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will rebuild,” she said.", ["We will rebuild,"]),
        ('"Straight marks," he said.', ["Straight marks,"]),
        ("« Guillemets », a-t-il dit.", ["Guillemets"]),
        ("“One,” she said. “Two.”", ["One,", "Two."]),
        ("”Typed backwards,” he said.", ["Typed backwards,"]),
        ("“Opened and never closed", ["Opened and never closed"]),
        ("He said it was “fine and left.", []),  # unclosed mid-paragraph: a typo
        ("No quotes at all.", []),
        ("It’s the mayors’ plan.", []),  # apostrophes are not marks
        ("The ‘big idea’ failed", ["big idea"]),  # headline-style single quotes
        ("'We had some issues,' exec says", ["We had some issues,"]),
        ("Ortiz: 'Not the right time' for a vote", ["Not the right time"]),
        ("The mayors' plan and the '90s", []),
        ("“ ”", []),  # nothing inside
        (
            "“First paragraph\n\n“Second paragraph,” she said.",
            ["First paragraph", "Second paragraph,"],
        ),
        ("“Unclosed\n\nNarrative follows.", ["Unclosed"]),
        ('"a" and "b"', ["a", "b"]),
        ("''Doubled apostrophes,'' he said.", ["Doubled apostrophes,"]),  # newspaper archives
        ("“Closed by two curly apostrophes,’’ she said.", ["Closed by two curly apostrophes,"]),
        ("‘‘Doubled curly marks,’’ he said.", ["Doubled curly marks,"]),
        ("The mayors’ ’90s plan", []),
        ("It isn't the mayors' plan.", []),
        # a stray space inside the marks
        ('"Who are we? " she wrote. "We are better."', ["Who are we?", "We are better."]),
        (
            '"I have no computer," he said. " You did well."',
            ["I have no computer,", "You did well."],
        ),
        # a quotation carried into the next paragraph, opened after a sentence
        (
            "“One,” he said. “Two runs on\n“and ends,” he said.",
            ["One,", "Two runs on", "and ends,"],
        ),
        ("“One,” he said. “Never closed\nNarrative follows.", ["One,"]),
    ],
)
def test_quoted_spans(text, expected):
    assert quoted(text) == expected


def test_offsets_index_the_text():
    text = "Intro.\n“Quoted words,” she said.\n\n“More.”"
    for m in find_marked(text):
        assert text[m.open] in '“"' and text[m.start : m.end].strip() == text[m.start : m.end]


def test_paragraphs_skip_blank_lines():
    assert paragraphs("a\n\n b\n") == [(0, 1), (3, 5)]


def test_ten_thousand_marks_stay_linear():
    text = "“x” " * 10_000
    assert len(find_marked(text)) == 10_000
