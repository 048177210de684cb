"""The user's documents stay true: the README is short, its sample output is what the command
prints, every option it names exists, every command is in it and in docs/commands.md (which is
the commands' own `--help`), and every document it links to exists."""

from __future__ import annotations

import re

import pytest
import typer

from newsparallax.cli import app
from newsparallax.report import render
from reference import DOCS, command_names, reference, walk

README = DOCS.parent / "README.md"
SAMPLE = re.compile(r"<!-- sample: (?P<command>[^>]+) -->\n```\n(?P<text>.*?)```", re.DOTALL)


def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_readme_is_short():
    assert len(README.read_bytes()) <= 12 * 1024


def test_command_reference_is_the_commands_help():
    assert (DOCS / "commands.md").read_text(encoding="utf-8") == reference(), "run: make docs"


def test_readme_sample_output_is_what_compare_prints(examples_comparison):
    (sample,) = SAMPLE.finditer(readme())
    assert sample["command"] == "newsparallax compare examples/*.txt examples/*.html --no-store"
    printed = render(examples_comparison, "text")
    # The sample is abridged: each run of lines between "..." is a run of the real output.
    chunks = [c.strip("\n") for c in sample["text"].split("...\n") if c.strip()]
    assert len(chunks) >= 3
    for chunk in chunks:
        assert chunk in printed, chunk


def test_every_command_is_in_the_readme():
    text = readme()
    for name in command_names()[1:]:
        words = name.removeprefix("newsparallax ")
        assert f"`{words}" in text or f"{words}`" in text, f"README leaves out {name}"


def test_every_option_the_readme_names_exists():
    options = {"--help"} | {
        opt
        for command, _ in walk(typer.main.get_command(app))
        for param in command.params
        for opt in param.opts
    }
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", readme()))
    assert named and named <= options, named - options


@pytest.mark.parametrize(
    "link", sorted(set(re.findall(r"\]\((docs/[^)#]+)\)", README.read_text())))
)
def test_every_document_the_readme_links_exists(link: str):
    assert (README.parent / link).is_file(), link
