"""The claim map's bounds on hostile sizes, each in a subprocess with its memory capped: an
article of 10,000 sentences, a story of 200 articles. A clear bound, a note saying which, and
nothing lost from the comparison."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow

MEMORY = 8 * 1024**3  # bytes of address space the child may use (spaCy and BLAS threads need 4)

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
    from newsparallax.analysis.claims import claim_map
    from newsparallax.analysis.embeddings import load_encoder
    from newsparallax.analysis.nlp import load_nlp, parse_articles
    from newsparallax.reading.text import article_from_text

    texts = json.loads(sys.stdin.read())
    articles = [article_from_text(t, f"a{{n}}") for n, t in enumerate(texts)]
    docs = list(parse_articles(load_nlp(), articles))
    start = time.process_time()
    found = claim_map(articles, docs, load_encoder())
    print(json.dumps({{
        "seconds": time.process_time() - start,
        "notes": list(found.notes),
        "articles": sorted({{s.article for s in found.statements}}),
        "statements": len(found.statements),
        "left_out_keys": sorted(found.left_out),
    }}))
    """
).format(memory=MEMORY)


def run_child(texts: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def sentence(n: int) -> str:
    return f"Inspectors counted {n} trucks waiting at gate {n % 97} before noon on day {n}."


def test_an_article_of_ten_thousand_sentences():
    long = "\n\n".join(sentence(n) for n in range(10_000))
    found = run_child([long, "Inspectors counted 12 trucks waiting at the gate before noon."])
    assert found["articles"] == ["a0", "a1"]
    assert found["statements"] == 400 + 1
    assert any(n.startswith("a0: 10000 statements; the claim map reads the first 400")
               for n in found["notes"])  # fmt: skip
    assert found["left_out_keys"] == ["a0", "a1"]


def test_a_story_of_two_hundred_articles():
    texts = [
        "\n\n".join(sentence(a * 100 + k) for k in range(40)) for a in range(200)
    ]  # 8,000 statements
    found = run_child(texts)
    assert found["left_out_keys"] == sorted(f"a{n}" for n in range(200))  # every article kept
    assert found["statements"] <= 6000
    assert len(found["articles"]) == 150  # 150 articles of 40 statements fill the map
    assert any("left out of the claim map" in n for n in found["notes"])
    assert any("grouped by word overlap" in n for n in found["notes"])
    assert found["seconds"] < 120  # CPU seconds of the child: the map stays bounded
