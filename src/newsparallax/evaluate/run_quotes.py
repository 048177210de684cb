"""`newsparallax eval quotes`: our quote extraction on a PolNeAR-layout split, beside textacy.

One run reads the gold attributions (`polnear`), parses every article once with
`parse_articles` (batched), runs our `analyse` on each and, on the very same parsed Doc, textacy's
`direct_quotations` as the baseline, then scores both with `quote_metrics`. Timing of the parse,
of our extraction and of textacy is taken in the same run, so the ratios compare like with like.

textacy is optional (``pip install -e '.[eval]'``); without it the baseline is reported as not
available. Its crashes (textacy 0.13 fails on some documents with an odd number of quotation
marks) are caught per article and counted; a crashed article contributes no baseline predictions,
so its gold quotes count as missed for textacy.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .cofenet import ROLES, BioScore, score_split
from .polnear import TYPES, GoldDoc, Problem, read_polnear_full
from .quote_metrics import (
    METRIC_LABELS,
    METRICS,
    VIEWS,
    ArticleEval,
    GoldName,
    Pred,
    Table,
    evaluate_article,
    predictions_from_quotes,
    resolve_gold_sources,
    speaker_right,
)

BASELINE_METRICS = ("content_strict", "content_30", "content_80", "cue", "source")
ACCURACY_METRICS = ("source", "speaker")
TEXTACY_VERSION = "0.13.0"

METHOD_NOTES = (
    "Gold type from the content's characters: direct = every letter inside quotation marks, "
    "mixed = some inside, indirect = none (marks just outside the span count).",
    "Gold content = union span of its fragments (min start, max end); spans trimmed of "
    "whitespace, quote marks and edge punctuation.",
    "Overlap: greedy one-to-one, a prediction matches when it covers >=30% / >=80% of the gold "
    "span's characters. TP/FN by gold type; unmatched predictions are FP by their own type.",
    "Our kinds: direct/block -> direct, indirect -> indirect, partial -> mixed; a statement "
    "quoting some of its words (an indirect quote with `quoted` spans) is one item, scored "
    "as mixed.",
    "Source and speaker are judged on pairs matched at >=30%; end to end at >=80% with the "
    "speaker right. Accuracy = right / matched pairs.",
    "Gold speaker: the head of the gold source (its root in our parse) read as a name with "
    "the article's spaCy PERSON/ORG entities (surname -> longest full name with that last word; "
    "he/she -> nearest preceding subject name of a compatible gender, names inside direct "
    "quotes left out; I -> speaker of the enclosing quote); unresolved heads (groups, "
    "nominals, no source) are judged by the source-mention rule. "
    "Pronoun resolution by this judge is heuristic too.",
    "Speech-verb cues only: gold whose cue has a SPEECH_VERBS lemma; predictions matched to "
    "other gold are left out; unmatched ones count when their cue is a speech verb or absent.",
)


@dataclass
class BaselineResult:
    name: str = "textacy.extract.triples.direct_quotations"
    version: str | None = None
    available: bool = False
    reason: str = ""
    table: Table = field(default_factory=Table)
    crashed: list[str] = field(default_factory=list)
    crash_reasons: Counter = field(default_factory=Counter)
    predictions: int = 0


@dataclass
class QuoteEvalReport:
    root: str
    split: str
    articles: int
    gold: Counter
    gold_speech: int
    predictions: Counter
    table: Table
    baseline: BaselineResult
    gold_names: Counter
    problems: list[Problem]
    skipped_attributions: int
    skipped_files: int
    seconds: dict[str, float]
    pieces: Counter = field(default_factory=Counter)
    # matched pairs (>=30%) by our confidence, whether the speaker is right and how the gold's
    # name was read from its source mention: the calibration
    calibration: Counter = field(default_factory=Counter)
    evals: list[ArticleEval] = field(default_factory=list, repr=False)
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    quotes: dict[str, list] = field(default_factory=dict, repr=False)
    cofenet: BioScore | None = None


Progress = Callable[[int, int], None]


def run_quote_eval(
    root: Path,
    split: str = "dev",
    limit: int | None = None,
    progress: Progress | None = None,
    baseline: bool = True,
) -> QuoteEvalReport:
    """Score our quotes and speakers (and textacy's direct quotations) on one split."""
    from newsparallax.analysis.nlp import load_nlp, parse_articles
    from newsparallax.pipeline import analyse
    from newsparallax.reading.text import article_from_text

    started = time.perf_counter()
    read = read_polnear_full(Path(root), split, limit=limit)
    docs = read.docs
    seconds = {"read": time.perf_counter() - started, "parse": 0.0, "ours": 0.0, "textacy": 0.0}
    base = BaselineResult()
    direct_quotations = _load_textacy(base) if baseline else None
    if not baseline:
        base.reason = "not requested"
    report = QuoteEvalReport(
        root=str(root),
        split=split,
        articles=len(docs),
        gold=Counter(a.type for d in docs for a in d.attributions),
        gold_speech=sum(a.speech_cue for d in docs for a in d.attributions),
        predictions=Counter(),
        table=Table(),
        baseline=base,
        gold_names=Counter(),
        problems=read.problems,
        skipped_attributions=read.skipped_attributions,
        skipped_files=read.skipped_files,
        seconds=seconds,
    )
    if not docs:
        return report
    load = time.perf_counter()
    nlp = load_nlp()
    seconds["load_model"] = time.perf_counter() - load
    articles = [article_from_text(d.text, d.id, source=str(d.text_path)) for d in docs]
    parsed = _timed(parse_articles(nlp, articles), seconds, "parse")
    for done, (gold_doc, article, doc) in enumerate(zip(docs, articles, parsed, strict=True), 1):
        t = time.perf_counter()
        quotes, _people = analyse(article, doc)
        seconds["ours"] += time.perf_counter() - t
        preds = predictions_from_quotes(quotes, gold_doc.text)
        names = resolve_gold_sources(gold_doc.text, doc, gold_doc.attributions)
        result = evaluate_article(gold_doc.text, gold_doc.attributions, preds, names, gold_doc.id)
        report.table.add(result.table)
        report.predictions.update(p.type for p in preds)
        report.gold_names.update(n.how for n in names)
        report.pieces.update(pieces_of_matched_gold(result))
        report.calibration.update(calibration_of(result))
        report.evals.append(result)
        report.texts[gold_doc.id] = gold_doc.text
        report.quotes[gold_doc.id] = list(quotes)
        if direct_quotations is not None:
            _run_baseline(base, direct_quotations, gold_doc, doc, names, seconds)
        if progress is not None:
            progress(done, len(docs))
    report.cofenet = score_split(Path(root), split, report.texts, report.quotes)
    seconds["total"] = time.perf_counter() - started
    return report


def calibration_of(result: ArticleEval) -> Counter:
    """(confidence, speaker right, how the gold name was read) of every pair matched at >=30%:
    how often each level is right, on the same pairs and by the same rule as the speaker
    accuracy."""
    found: Counter = Counter()
    for gi, pi in result.pairs["30"]:
        pred, name = result.preds[pi], result.names[gi]
        right = speaker_right(result.golds[gi], pred, name)
        found[(pred.confidence or "none", right, name.how)] += 1
    return found


def pieces_of_matched_gold(result: ArticleEval) -> Counter:
    """Unmatched predictions (at ≥30%) lying inside a gold content that another prediction
    matched, by prediction type: mostly the second half of a quote interrupted by "he said",
    which PolNeAR annotates as one discontinuous content and the one-to-one rule counts as FP."""
    found: Counter = Counter()
    matched = {pi: gi for gi, pi in result.pairs["30"]}
    spans = [result.golds[gi].content_span for gi, _ in result.pairs["30"]]
    for pi, p in enumerate(result.preds):
        if pi not in matched and any(s <= p.start and p.end <= e + 2 for s, e in spans):
            found[p.type] += 1
    return found


def _timed(items: Iterator, seconds: dict[str, float], key: str) -> Iterator:
    it = iter(items)
    while True:
        t = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            seconds[key] += time.perf_counter() - t
            return
        seconds[key] += time.perf_counter() - t
        yield item


def _load_textacy(base: BaselineResult):
    try:
        import textacy
        from textacy.extract.triples import direct_quotations
    except Exception as exc:  # not installed, or broken against this spaCy
        base.reason = f"textacy not importable ({type(exc).__name__}: {exc})"
        return None
    base.available = True
    base.version = getattr(textacy, "__version__", None)
    return direct_quotations


def _run_baseline(base, direct_quotations, gold_doc: GoldDoc, doc, names, seconds) -> None:
    t = time.perf_counter()
    try:
        triples = list(direct_quotations(doc))
    except Exception as exc:  # textacy 0.13 raises ValueError on an odd number of quote marks
        triples = None
        reason = re.sub(r"^\d+ ", "N ", str(exc).split(";")[0])
        base.crash_reasons[f"{type(exc).__name__}: {reason}"] += 1
    seconds["textacy"] += time.perf_counter() - t
    preds: list[Pred] = []
    if triples is None:
        base.crashed.append(gold_doc.id)
    else:
        for triple in triples:
            preds.append(_textacy_pred(triple, gold_doc.text))
    base.predictions += len(preds)
    result = evaluate_article(gold_doc.text, gold_doc.attributions, preds, names, gold_doc.id)
    base.table.add(result.table)


def _textacy_pred(triple, text: str) -> Pred:
    from .polnear import is_speech_cue

    content = triple.content
    speaker = _token_span(triple.speaker)
    cue = _token_span(triple.cue)
    return Pred(
        start=content.start_char,
        end=content.end_char,
        type="direct",
        kind="textacy",
        cue=cue,
        mention=speaker,
        speaker=None,
        speech=cue is None or is_speech_cue(text[cue[0] : cue[1]]),
    )


def _token_span(tokens) -> tuple[int, int] | None:
    tokens = list(tokens or ())
    if not tokens:
        return None
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


# --- output ------------------------------------------------------------------------------------


def report_dict(report: QuoteEvalReport, max_problems: int | None = None) -> dict:
    """The whole report as plain JSON-able data."""

    def table_dict(table: Table, metrics=METRICS) -> dict:
        out: dict = {}
        for view in VIEWS:
            out[view] = {}
            for metric in metrics:
                out[view][metric] = {}
                for type_ in (*TYPES, "all"):
                    cell = table.cell(view, metric, type_).as_dict()
                    if metric in ACCURACY_METRICS:
                        acc = table.acc(view, metric, type_)
                        cell["matched"] = acc.matched
                        cell["correct"] = acc.correct
                        cell["accuracy"] = round(acc.value, 4)
                    out[view][metric][type_] = cell
        return out

    base = report.baseline
    problems = report.problems if max_problems is None else report.problems[:max_problems]
    return {
        "format": "newsparallax-eval-quotes/1",
        "corpus": report.root,
        "split": report.split,
        "articles": report.articles,
        "gold_attributions": {**{t: report.gold.get(t, 0) for t in TYPES}, "all": _n(report.gold)},
        "gold_speech_cue": report.gold_speech,
        "predictions": {
            **{t: report.predictions.get(t, 0) for t in TYPES},
            "all": _n(report.predictions),
        },
        "metrics": table_dict(report.table),
        "gold_speakers": dict(report.gold_names.most_common()),
        "speaker_by_confidence": calibration_dict(report.calibration),
        "speaker_by_confidence_named_gold": calibration_dict(report.calibration, NAMED_GOLD),
        "speaker_by_gold_source": by_gold_source_dict(report.calibration),
        "fp_inside_matched_gold": {
            **{t: report.pieces.get(t, 0) for t in TYPES},
            "all": _n(report.pieces),
        },
        "baseline": {
            "name": base.name,
            "version": base.version,
            "available": base.available,
            "reason": base.reason,
            "predictions": base.predictions,
            "crashed_articles": len(base.crashed),
            "crashed": base.crashed,
            "crash_reasons": dict(base.crash_reasons.most_common()),
            "metrics": table_dict(base.table, BASELINE_METRICS) if base.available else None,
        },
        "cofenet_protocol": cofenet_dict(report.cofenet),
        "seconds": {k: round(v, 2) for k, v in report.seconds.items()},
        "problems": {
            "count": len(report.problems),
            "skipped_attributions": report.skipped_attributions,
            "skipped_files": report.skipped_files,
            "items": [{"file": p.file, "line": p.line, "message": p.message} for p in problems],
        },
        "method": list(METHOD_NOTES),
    }


# Gold names read from the source mention itself, not through the gold's pronoun heuristic or
# left without a name: where a wrong speaker is ours rather than the judge's.
NAMED_GOLD = ("name", "surname", "organisation")


def calibration_dict(calibration: Counter, hows: tuple[str, ...] | None = None) -> dict[str, dict]:
    """Matched pairs, right speakers and accuracy per confidence level (only pairs whose gold
    name was read in one of `hows`, when given)."""
    by_level: Counter = Counter()
    for (level, right, how), n in calibration.items():
        if hows is None or how in hows:
            by_level[(level, right)] += n
    return _accuracy(by_level, ("high", "medium", "low", "none"))


def by_gold_source_dict(calibration: Counter) -> dict[str, dict]:
    """Matched pairs, right speakers and accuracy by how the gold's name was read."""
    by_how: Counter = Counter()
    for (_, right, how), n in calibration.items():
        by_how[(how, right)] += n
    return _accuracy(by_how, sorted({how for how, _ in by_how}))


def _accuracy(pairs: Counter, keys) -> dict[str, dict]:
    """{key: matched, correct, accuracy} from counts keyed by (key, speaker right)."""
    out = {}
    for key in keys:
        right, wrong = pairs[(key, True)], pairs[(key, False)]
        if right + wrong:
            out[key] = {
                "matched": right + wrong,
                "correct": right,
                "accuracy": round(right / (right + wrong), 4),
            }
    return out


def _accuracies(figures: dict[str, dict]) -> str:
    return ", ".join(
        f"{k} {v['accuracy']:.1%} ({v['correct']}/{v['matched']})" for k, v in figures.items()
    )


def _reasons(counter: Counter) -> str:
    return "; ".join(f"{k} ×{v}" for k, v in counter.most_common()) or "none"


def _n(counter: Counter) -> int:
    return sum(counter.values())


def render_text(report: QuoteEvalReport, console, max_problems: int = 5) -> None:
    """Rich tables on `console`: figures per view, the baseline, speakers, timing, problems."""
    from rich.table import Table as RichTable

    g = report.gold
    console.print(
        f"PolNeAR {report.split} ({report.root}): {report.articles} articles, {_n(g)} gold "
        f"attributions (direct {g['direct']}, mixed {g['mixed']}, indirect {g['indirect']}; "
        f"speech-verb cue {report.gold_speech}); {_n(report.predictions)} predictions "
        f"(direct {report.predictions['direct']}, mixed {report.predictions['mixed']}, "
        f"indirect {report.predictions['indirect']})",
        highlight=False,
    )
    for view in VIEWS:
        title = "All attributions" if view == "all" else "Speech-verb cues only"
        table = RichTable(title=title, title_justify="left")
        for col in ("metric", "type", "P", "R", "F1", "TP", "FP", "FN", "acc (right/matched)"):
            table.add_column(col, justify="left" if col in ("metric", "type") else "right")
        for metric in METRICS:
            for type_ in (*TYPES, "all"):
                cell = report.table.cell(view, metric, type_)
                acc = ""
                if metric in ACCURACY_METRICS:
                    a = report.table.acc(view, metric, type_)
                    acc = f"{100 * a.value:.1f} ({a.correct}/{a.matched})"
                table.add_row(
                    METRIC_LABELS[metric] if type_ == TYPES[0] else "",
                    type_,
                    *_prf(cell),
                    acc,
                    end_section=type_ == "all",
                )
        console.print(table)
    base = report.baseline
    if base.available:
        table = RichTable(
            title=f"Baseline: textacy {base.version} direct_quotations vs ours, same Docs "
            f"({base.predictions} textacy predictions; crashed on {len(base.crashed)} of "
            f"{report.articles} articles: {_reasons(base.crash_reasons)})",
            title_justify="left",
        )
        for col in ("metric", "gold type", "system", "P", "R", "F1", "TP", "FP", "FN"):
            table.add_column(
                col, justify="left" if col in ("metric", "gold type", "system") else "right"
            )
        for metric in BASELINE_METRICS:
            for type_ in ("direct", "all"):
                for name, source in (("textacy", base.table), ("ours", report.table)):
                    first = type_ == "direct" and name == "textacy"
                    table.add_row(
                        METRIC_LABELS[metric] if first else "",
                        type_ if name == "textacy" else "",
                        name,
                        *_prf(source.cell("all", metric, type_)),
                        end_section=type_ == "all" and name == "ours",
                    )
        console.print(table)
    else:
        console.print(f"Baseline: textacy not run: {base.reason}", highlight=False)
    if report.cofenet is not None:
        _render_cofenet(report.cofenet, console)
    pieces = report.pieces
    console.print(
        f"Of the FP at >=30%, {_n(pieces)} lie inside a gold content matched to another of our "
        f"quotes (direct {pieces['direct']}, mixed {pieces['mixed']}, indirect "
        f"{pieces['indirect']}): mostly the 2nd part of a quote interrupted by 'he said', which "
        "PolNeAR annotates as one discontinuous content.",
        highlight=False,
    )
    console.print(
        "Speaker right by our confidence (pairs at >=30%): "
        + _accuracies(calibration_dict(report.calibration)),
        highlight=False,
    )
    console.print(
        "The same where the gold names its source itself (name, surname, organisation): "
        + _accuracies(calibration_dict(report.calibration, NAMED_GOLD)),
        highlight=False,
    )
    names = ", ".join(f"{k} {v}" for k, v in report.gold_names.most_common())
    console.print(f"Gold source mentions resolved by: {names}", highlight=False)
    console.print(
        "Speaker right by how the gold name was read (pairs at >=30%): "
        + _accuracies(by_gold_source_dict(report.calibration)),
        highlight=False,
    )
    s = report.seconds
    rate = report.articles / s["parse"] if s.get("parse") else 0.0
    timing = (
        f"Time: total {s.get('total', 0):.1f}s; spaCy parse {s['parse']:.1f}s ({rate:.1f} "
        f"articles/s); our extraction {s['ours']:.1f}s ({_ratio(s['ours'], s['parse'])} of the "
        "parse)"
    )
    if base.available:
        timing += f"; textacy {s['textacy']:.1f}s ({_ratio(s['textacy'], s['parse'])} of the parse)"
    console.print(timing, highlight=False)
    console.print("Method:", highlight=False)
    for note in METHOD_NOTES:
        console.print(f"  - {note}", highlight=False)
    _print_problems(report, console, max_problems)


def _render_cofenet(bio: BioScore, console) -> None:
    from rich.table import Table as RichTable

    table = RichTable(
        title=f"CofeNet's protocol: exact spans per sentence ({bio.path}; {bio.sentences} "
        f"sentences, {bio.unaligned} not found in the text and counted as missed). Published, "
        "test split: source 83.2, cue 75.3, content 72.9",
        title_justify="left",
    )
    for col in ("role", "P", "R", "F1", "TP", "FP", "FN", "gold .ann projected: F1"):
        table.add_column(col, justify="left" if col == "role" else "right")
    for role in ROLES:
        table.add_row(role, *_prf(bio.counts[role]), f"{100 * bio.projection[role].f1:.1f}")
    console.print(table)


def cofenet_dict(bio: BioScore | None) -> dict | None:
    if bio is None:
        return None
    return {
        "file": bio.path,
        "sentences": bio.sentences,
        "unaligned": bio.unaligned,
        "metrics": {role: bio.counts[role].as_dict() for role in ROLES},
        "gold_projection": {role: bio.projection[role].as_dict() for role in ROLES},
    }


def _print_problems(report: QuoteEvalReport, console, max_problems: int) -> None:
    console.print(
        f"Problems: {len(report.problems)} ({report.skipped_attributions} attributions and "
        f"{report.skipped_files} files skipped)",
        highlight=False,
    )
    for problem in report.problems[:max_problems]:
        console.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
    if len(report.problems) > max_problems:
        console.print(f"  ... and {len(report.problems) - max_problems} more", highlight=False)


def _prf(cell) -> tuple[str, ...]:
    return (
        f"{100 * cell.precision:.1f}",
        f"{100 * cell.recall:.1f}",
        f"{100 * cell.f1:.1f}",
        str(cell.tp),
        str(cell.fp),
        str(cell.fn),
    )


def _ratio(part: float, whole: float) -> str:
    return f"{part / whole:.2f}x" if whole else "n/a"


# --- error listing -----------------------------------------------------------------------------


def error_records(report: QuoteEvalReport, snippet: int = 160) -> Iterator[dict]:
    """One record per error at the ≥30% overlap level: a gold attribution we missed, a prediction
    matching no gold one, a matched pair with the wrong speaker or source mention. For reading
    while improving the extractor; the snippets come from the corpus, so keep them out of the
    repository."""
    for ev in report.evals:
        text = report.texts[ev.article]
        by_gold = dict(ev.pairs["30"])
        by_pred = {pi: gi for gi, pi in ev.pairs["30"]}
        for gi, g in enumerate(ev.golds):
            pi = by_gold.get(gi)
            name = ev.names[gi]
            if pi is None:
                yield {"error": "missed", **_gold(g, name, text, snippet), "pred": None}
                continue
            p = ev.preds[pi]
            if not speaker_right(g, p, name):
                yield {
                    "error": "wrong_speaker",
                    **_gold(g, name, text, snippet),
                    "pred": _pred(p, text, snippet),
                }
        for pi, p in enumerate(ev.preds):
            if pi not in by_pred:
                yield {
                    "error": "spurious",
                    "article": ev.article,
                    "type": p.type,
                    "gold": None,
                    "pred": _pred(p, text, snippet),
                }


def _cut(text: str, start: int, end: int, snippet: int) -> str:
    value = text[start:end]
    return value if len(value) <= snippet else value[: snippet - 1] + "…"


def _gold(g, name: GoldName, text: str, snippet: int) -> dict:
    s, e = g.content_span
    return {
        "article": g.article,
        "type": g.type,
        "gold": {
            "id": g.id,
            "start": s,
            "end": e,
            "fragments": len(g.content),
            "text": _cut(text, s, e, snippet),
            "cue": " ".join(text[a:b] for a, b in g.cue),
            "speech_cue": g.speech_cue,
            "source": " ".join(text[a:b] for a, b in g.source) or None,
            "source_start": g.source_span[0] if g.source else None,
            "name": name.name,
            "name_how": name.how,
        },
    }


def _pred(p: Pred, text: str, snippet: int) -> dict:
    return {
        "kind": p.kind,
        "type": p.type,
        "start": p.start,
        "end": p.end,
        "text": _cut(text, p.start, p.end, snippet),
        "cue": text[p.cue[0] : p.cue[1]] if p.cue else None,
        "mention": text[p.mention[0] : p.mention[1]] if p.mention else None,
        "speaker": p.speaker,
        "how": p.how,
        "confidence": p.confidence,
    }


# --- the command -------------------------------------------------------------------------------


def eval_quotes_command(
    polnear: Path,
    split: str = "dev",
    fmt: str = "text",
    limit: int | None = None,
    errors: Path | None = None,
    out=None,
    err=None,
) -> int:
    """What `newsparallax eval quotes` does: run with a progress bar on stderr, print the report
    (rich tables or JSON) on stdout, the problems count and the first problems on stderr; the
    exit code is 2 when no article could be read, else 0."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    if out is None:
        out = Console(highlight=False)
        if not out.is_terminal:  # piped or redirected: wide enough for the tables
            out = Console(highlight=False, width=max(out.width, 120))
    err = err or Console(stderr=True, highlight=False)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(f"PolNeAR {split}", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = run_quote_eval(polnear, split, limit=limit, progress=tick)
    if not report.articles:
        _print_problems(report, err, 5)
        err.print("newsparallax: error: no article could be read", highlight=False)
        return 2
    if fmt == "json":  # stdout stays pure JSON; the problems summary goes to stderr
        out.file.write(json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n")
        _print_problems(report, err, 5)
    else:
        render_text(report, out)
    if errors is not None:
        with errors.open("w", encoding="utf-8") as fh:
            for record in error_records(report):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        err.print(f"Errors written to {errors}", highlight=False, markup=False)
    return 0
