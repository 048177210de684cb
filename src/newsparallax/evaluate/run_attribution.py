"""`newsparallax eval attribution`: quotes and their speakers on the gold sets read by people
(benchmarks/gold/README.md), scored by `evaluate.attribution`'s fixed definitions.

Each gold article is read the way a user's file would be: a page with the product's HTML reader,
an AllSides side as the plain text a user would paste. Every article is parsed once (the model
loaded once, texts batched) and analysed on its own, as `compare` would analyse a single file;
the quotes are then the JSON report's records, which is what the scorer reads. The gold holds
anchors rather than text, so whatever the reader's text is, each gold quote is found again by its
words (`attribution.relocate`).

The pages' development split (`int(sha256(id)[:8], 16) % 3 != 0`) is what rules are tuned on;
the rest is held out and looked at only for figures.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsparallax.model import Article, InputError

from .attribution import render, score

GOLD_DIR = Path(__file__).resolve().parents[3] / "benchmarks" / "gold"
PAGES_GOLD = GOLD_DIR / "attribution-pages.jsonl"
ALLSIDES_GOLD = GOLD_DIR / "attribution-allsides.jsonl"
SPLITS = ("all", "dev", "held-out")

Progress = Callable[[int, int], None]


@dataclass
class AttributionRun:
    """One gold set scored: its name, the scorer's figures, and what could not be read."""

    name: str
    figures: dict
    unread: list[str] = field(default_factory=list)


def load_gold(path: Path) -> list[dict]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(str(path), f"not a gold file ({error})") from None


def in_split(gold_id: str, split: str) -> bool:
    """The pages' development set is two thirds of the articles by a hash of their id, so that
    the held-out third is fixed before anyone looks at it."""
    if split == "all":
        return True
    dev = int(hashlib.sha256(gold_id.encode("utf-8")).hexdigest()[:8], 16) % 3 != 0
    return dev == (split == "dev")


def page_bytes(source: dict, mirror: Path) -> bytes:
    """A test page as its project keeps it: a file at a commit of a bare git copy laid out as
    `DIR/<owner>+<name>/repo`; gzipped pages inflated."""
    git = Path(mirror) / source["repo"].replace("/", "+") / "repo"
    spec = f"{source['commit']}:{source['path']}"
    found = subprocess.run(
        ["git", "--git-dir", str(git), "show", spec], capture_output=True, check=False
    )
    if found.returncode != 0:
        raise InputError(f"{source['repo']}@{spec}", "not in the git copies given")
    return gzip.decompress(found.stdout) if source["path"].endswith(".gz") else found.stdout


def allsides_text(story: dict, side: str) -> str:
    """An AllSides side as a user would paste it: the headline, then the paragraphs."""
    news = story["news"][side]
    return news["newsTitle"] + "\n\n" + "\n\n".join(news["newBody"])


def read_stories(path: Path) -> dict[int, dict]:
    stories = {}
    try:
        with Path(path).open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    story = json.loads(line)
                    stories[story["id"]] = story
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError) as error:
        raise InputError(str(path), f"not an AllSides roundups file ({error})") from None
    return stories


def read_gold_article(gold: dict, mirror: Path | None, stories: dict[int, dict]) -> Article:
    """The article a gold record was annotated on, as the product reads it."""
    from newsparallax.reading.html import article_from_html
    from newsparallax.reading.text import article_from_text

    source = gold["source"]
    if source["kind"] == "git":
        if mirror is None:
            raise InputError(gold["id"], "a page: give --pages DIR")
        return article_from_html(page_bytes(source, mirror), gold["id"], gold["id"])
    if source["kind"] == "allsides":
        story = stories.get(source["story"])
        if story is None or source["side"] not in story.get("news", {}):
            raise InputError(gold["id"], "story not in the roundups file")
        return article_from_text(allsides_text(story, source["side"]), gold["id"], gold["id"])
    raise InputError(gold["id"], f"unknown source kind {source['kind']!r}")


def predict(articles: list[Article], progress: Progress | None = None) -> dict[str, list[dict]]:
    """Each article analysed on its own, as `compare` does one file: its quotes as the JSON
    report gives them."""
    from newsparallax.analysis.nlp import load_nlp, parse_articles
    from newsparallax.pipeline import compare_parsed
    from newsparallax.report.json_format import to_dict

    out = {}
    docs = parse_articles(load_nlp(), articles)
    for n, (article, doc) in enumerate(zip(articles, docs, strict=True), 1):
        out[article.id] = to_dict(compare_parsed([article], [doc]))["quotes"]
        if progress is not None:
            progress(n, len(articles))
    return out


def run_gold(
    name: str,
    golds: Iterable[dict],
    mirror: Path | None = None,
    stories: dict[int, dict] | None = None,
    progress: Progress | None = None,
) -> AttributionRun:
    """Read, analyse and score one gold set. An article that cannot be read is scored as
    read empty (all its quotes missed) and named in `unread`."""
    golds = list(golds)
    articles, unread = [], []
    for gold in golds:
        try:
            articles.append(read_gold_article(gold, mirror, stories or {}))
        except InputError as error:
            unread.append(str(error))
    quotes = predict(articles, progress)
    texts = {a.id: a.text for a in articles}
    predictions = {g["id"]: (texts.get(g["id"], ""), quotes.get(g["id"], [])) for g in golds}
    return AttributionRun(name, score(golds, predictions), unread)


def run_attribution_eval(
    pages: Path | None = None,
    allsides: Path | None = None,
    pages_gold: Path = PAGES_GOLD,
    allsides_gold: Path = ALLSIDES_GOLD,
    split: str = "all",
    progress: Progress | None = None,
) -> list[AttributionRun]:
    """Score the pages gold (when `pages`, the folder of git copies, is given) and the AllSides
    gold (when `allsides`, the roundups file, is given). `split` picks the pages' development or
    held-out articles; the AllSides gold is scored whole."""
    runs = []
    if pages is not None:
        golds = [g for g in load_gold(pages_gold) if in_split(g["id"], split)]
        label = "pages" if split == "all" else f"pages ({split})"
        runs.append(run_gold(label, golds, mirror=pages, progress=progress))
    if allsides is not None:
        golds = load_gold(allsides_gold)
        runs.append(run_gold("allsides", golds, stories=read_stories(allsides), progress=progress))
    return runs


def summary(run: AttributionRun) -> dict:
    """The figures as plain numbers, for JSON output and floors."""
    r = run.figures
    out: dict = {"articles": r["articles"], "gold": r["gold"], "unlocatable": r["unlocatable"]}
    for key in ("cover30", "cover80"):
        c = r[key]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        rec = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        out[key] = {"precision": p, "recall": rec, "tp": c["tp"], "fp": c["fp"], "fn": c["fn"]}
        for part in ("direct", "partial", "headline", "body"):
            hit, every = c[f"recall_{part}_hit"], c[f"recall_{part}_all"]
            out[key][f"recall_{part}"] = hit / every if every else None
    s = r["speaker"]
    matched = s["matched"]
    out["speaker"] = {
        "accuracy": s["right"] / matched if matched else 0.0,
        "right": s["right"],
        "matched": matched,
        "confident_misattributions": s["confident_wrong"],
        "confident_per_100": 100 * s["confident_wrong"] / matched if matched else 0.0,
    }
    out["speaker_by"] = {k: dict(v) for k, v in sorted(r["speaker_by"].items())}
    out["confidence"] = {k: dict(v) for k, v in sorted(r["confidence"].items())}
    out["unread"] = run.unread
    return out


def check_floors(runs: list[AttributionRun], floors: dict) -> list[str]:
    """Figures below their floor, as lines to print. `floors` maps a run name to figures:
    `{"allsides": {"cover30/recall": 0.8, "speaker/accuracy": 0.85, ...}}`; a figure named
    `speaker/confident_per_100` is a ceiling instead."""
    failures = []
    by_name = {run.name: summary(run) for run in runs}
    for name, figures in floors.items():
        if name not in by_name:
            continue
        for path, bound in figures.items():
            node = by_name[name]
            for key in path.split("/"):
                node = node[key]
            ceiling = path.endswith("confident_per_100")
            if (node > bound) if ceiling else (node < bound):
                relation = "above its ceiling" if ceiling else "below its floor"
                failures.append(f"{name} {path} {node:.4f} {relation} {bound}")
    return failures


def eval_attribution_command(
    pages: Path | None,
    allsides: Path | None,
    pages_gold: Path = PAGES_GOLD,
    allsides_gold: Path = ALLSIDES_GOLD,
    split: str = "all",
    fmt: str = "text",
    errors: Path | None = None,
    floors: Path | None = None,
    echo: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
) -> int:
    """What `newsparallax eval attribution` does: the figures on stdout (text or JSON), each
    error (missed, spurious, wrong speaker) as a JSON line in `errors`; exit 1 when a figure
    is below the floors file's, 0 otherwise."""
    runs = run_attribution_eval(pages, allsides, pages_gold, allsides_gold, split)
    for run in runs:
        for problem in run.unread:
            warn(f"newsparallax: warning: {run.name}: {problem}; scored as read empty")
    if fmt == "json":
        echo(json.dumps({run.name: summary(run) for run in runs}, indent=2))
    else:
        echo("\n\n".join(render(run.name, run.figures) for run in runs))
    if errors is not None:
        with Path(errors).open("w", encoding="utf-8") as fh:
            for run in runs:
                for record in run.figures["errors"]:
                    fh.write(json.dumps({"set": run.name, **record}, ensure_ascii=False) + "\n")
    if floors is not None:
        failures = check_floors(runs, json.loads(Path(floors).read_text(encoding="utf-8")))
        for line in failures:
            warn(f"LOW {line}")
        if failures:
            return 1
    return 0
