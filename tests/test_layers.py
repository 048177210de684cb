"""The package's layers, and the direction of its imports: a module imports from its own layer
or from the layers below, never from one above (docs/architecture.md draws them). Every import
counts, a function's own or one made only for type checking. And the store is the only place
that runs SQL, the web app's in-memory search index aside."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsparallax"

# Lowest first. A name is a top-level module or subpackage of newsparallax ("" is the package
# itself, whose names are the API's).
LAYERS = (
    ("version", "model", "limits"),  # the version, the records and the caps on input
    ("reading",),  # one document → one Article
    ("analysis",),  # an Article and its parse → quotes, people, alignments, facts, voices
    ("pipeline",),  # the analysis wired for a set of articles → a Comparison
    ("store",),  # the only SQL: schema, articles, comparisons, corpus tables, stories, export
    ("stories",),  # the story grouper, and grouping over a store
    ("corpus",),  # many documents: sources, fetching, workers, pools, the ingest and run drivers
    ("report", "evaluate"),  # renderers; the measurements against annotated corpora
    ("checks", "api"),  # what a user is warned of; the Python API
    ("web",),  # the web app
    ("cli", "__main__", ""),  # the command line; the package's names (the API's, lazily)
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def modules() -> list[tuple[str, Path]]:
    """(dotted name, path) of every module of the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append((".".join(parts), path))
    return found


def layer(module: str) -> str:
    """The layer a dotted module name lies in: its first name below the package."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imported(module: str, path: Path) -> set[str]:
    """The newsparallax modules `module` imports, relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name == "newsparallax":  # `from newsparallax import store`: the module named
                found |= {f"{name}.{a.name}" if a.name in RANK else name for a in node.names}
            else:
                found.add(name)
    return {name for name in found if name.split(".")[0] == "newsparallax"}


def test_every_module_has_a_layer():
    assert {layer(m) for m, _ in modules()} - set(RANK) == set()


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_no_module_imports_from_a_layer_above_it(module: str, path: Path):
    rank = RANK[layer(module)]
    above = sorted(i for i in imported(module, path) if RANK[layer(i)] > rank)
    assert above == [], f"{module} (layer {layer(module) or 'newsparallax'}) imports {above}"


# Modules outside store/ allowed to run SQL: the web app's private in-memory search index.
SQL_ELSEWHERE = {"newsparallax.web.search"}


@pytest.mark.parametrize(("module", "path"), modules(), ids=[m for m, _ in modules()])
def test_only_the_store_runs_sql(module: str, path: Path):
    calls = {
        node.func.attr
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("execute", "executemany", "executescript")
    }
    if layer(module) != "store" and module not in SQL_ELSEWHERE:
        assert calls == set(), f"{module} runs SQL ({', '.join(sorted(calls))}): store/ should"


def test_the_check_sees_an_upward_import(tmp_path: Path):
    """The check itself: a store module importing the corpus is caught, relative or not."""
    for line in ("from newsparallax.corpus import worker", "from ..corpus.worker import work"):
        path = tmp_path / "corpus_rows.py"
        path.write_text(line + "\n", encoding="utf-8")
        (found,) = imported("newsparallax.store.corpus_rows", path)
        assert RANK[layer(found)] > RANK["store"], found
