"""`compare` has `ingest`'s caps and parses long texts in bounded memory (issue 18, class 4).

A 50 MB text once took 7.4 GB and ended in a NumPy allocation traceback; a megabyte took 3.9 GB,
because the parser's working memory grows with the characters it is given at once. Now a file
over `--max-bytes` is refused before the model loads, and a long text is parsed in pieces and
small batches. The big inputs are generated here and run in a child process whose address space,
CPU time and wall-clock time the kernel caps (`bounded`)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bounded import NEWSPARALLAX, run_bounded
from newspages import person, sentence
from newsparallax.checks import MODEL_MAX_LENGTH, article_warnings
from newsparallax.cli import app
from newsparallax.reading.text import article_from_text

STORY = "HARROW — The council met on Tuesday.\n\n“We cannot wait,” said Mara Quill.\n"


@pytest.mark.parametrize("extra, refused", [(0, False), (1, True), (10_000, True)])
def test_compare_refuses_a_file_over_max_bytes(tmp_path: Path, extra: int, refused: bool):
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    cap = path.stat().st_size + (0 if refused else extra)
    if refused:
        path.write_text(STORY + " " * extra)
    result = CliRunner().invoke(
        app, ["compare", str(path), "--no-store", "--max-bytes", str(cap), "-f", "json"]
    )
    if refused:
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"newsparallax: error: {path}: too large: more than {cap} bytes (--max-bytes)"
        )
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "length, warned", [(MODEL_MAX_LENGTH + 1, True), (MODEL_MAX_LENGTH, False), (2_000, False)]
)
def test_a_text_longer_than_the_model_reads_at_once_is_a_warning(length: int, warned: bool):
    text = (STORY * (length // len(STORY) + 1))[:length]
    messages = [c.message for c in article_warnings(article_from_text(text, "long"), "en")]
    assert any("more than the English model reads at once" in m for m in messages) == warned


@pytest.mark.slow
def test_a_50_mb_text_is_refused_within_bounds(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("w") as out:
        for _ in range(50):
            out.write((STORY * (1024 * 1024 // len(STORY) + 1))[: 1024 * 1024])
    result = run_bounded(
        [NEWSPARALLAX, "compare", str(path), "--no-store"],
        memory_mb=1200,
        cpu_seconds=60,
        wall_seconds=120,
    )
    assert result.returncode == 2, result.explain()
    assert result.stderr.strip() == (
        f"newsparallax: error: {path}: too large: more than 10485760 bytes (--max-bytes)"
    ), result.explain()


@pytest.mark.slow
def test_a_long_text_is_compared_in_bounded_memory(tmp_path: Path) -> None:
    """5,000 lines (half a megabyte) in 1,200 MB of address space: the model alone takes about
    500 MB, and parsing the text in one batch took 1.5 GB more."""
    rng = random.Random(18)
    people = [person(rng) for _ in range(6)]
    lines = [sentence(rng, people, "Harrow", "council") for _ in range(5_000)]
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines) + "\n")
    result = run_bounded(
        [NEWSPARALLAX, "compare", str(path), "--no-store", "-f", "json", "-o", str(tmp_path / "o")],
        memory_mb=1200,
        cpu_seconds=600,
        wall_seconds=900,
    )
    assert result.returncode == 0, result.explain()
    assert "Traceback" not in result.stderr
    assert '"quotes"' in (tmp_path / "o").read_text()
    print(f"compare of {path.stat().st_size:,} bytes in {len(lines):,} lines: {result.explain()}")
