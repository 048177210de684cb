"""Quote detection and speaker attribution scored against a gold read by people
(benchmarks/gold/README.md): pure functions from gold articles and the system's quotes, as the
JSON report gives them, to figures.

The gold holds no text: each quote is an anchor (its words' count and hash) into a text kept
outside the repository, so a scorer finds it again even when the reader's text has changed.

Definitions (fixed before any system output was looked at):
- marked spans of the system: quotes of kind direct, partial or block, plus the `quoted` sub-spans
  an indirect statement may carry (a statement with quoted words inside it is one item);
- a gold quote is matched by a marked span covering >= 30% (and, separately, >= 80%) of its
  characters, greedy one-to-one, best coverage first (the Gender Gap Tracker's definition);
- precision: matched marked spans / all marked spans; recall: matched gold / all gold;
- speaker accuracy on the quotes matched at 30%: a named gold speaker (person, organisation) is
  right when the system's name has the gold name's last word and no word outside the gold name
  (titles aside); a group or unnamed gold speaker is right when the system names it the same way
  or leaves it unresolved with a mention sharing a content word; a gold quote with no speaker is
  right only when the system gives none;
- confident misattribution: a matched quote whose system speaker is a name, is wrong, and has
  confidence "high" (a quote without a confidence field counts as high: nothing told the reader
  to check it).
"""

from __future__ import annotations

import hashlib
import re
import statistics
import unicodedata
from collections import Counter, defaultdict

_WORD = re.compile(r"\w+")
# Titles a name may carry in one text and not another ("Mayor Dyer" for "Jerry Dyer").
TITLES = frozenset(
    """mr mrs ms dr mayor sen senator rep gov governor president secretary supervisor chief the
    u s us former sir lord prof professor gen general judge justice rev st jr sr vice""".split()
)
# Words that say nothing about which group speaks ("the residents" and "residents" are one).
STOP = frozenset("the a an of for to in at on and his her their its with from by s".split())


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s or "").replace("’", "'").lower()


def words(s: str) -> list[str]:
    return _WORD.findall(_norm(s))


def _hash(ws: list[str]) -> str:
    return hashlib.sha256(" ".join(ws).encode("utf-8")).hexdigest()[:16]


def word_offsets(text: str) -> list[tuple[str, int, int]]:
    """Words with their offsets in the original text (normalisation done per character, which
    keeps offsets true; NFKC expansions are rare in news text and stay mapped to their source)."""
    out = []
    for m in re.finditer(r"\w+", text):
        w = _norm(m.group())
        for part in _WORD.findall(w):
            out.append((part, m.start(), m.end()))
    return out


def locate_all(text: str, quotes: list[dict]) -> dict[str, list[tuple[int, int]]]:
    """Every place each gold quote's words stand in `text` (by their anchor hash). Two gold
    quotes may hold the same words (a headline's "biggest frustration" and the body's): each
    gets every place, and `relocate` keeps the one nearest its own."""
    toks = word_offsets(text)
    ws = [t[0] for t in toks]
    wanted: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for q in quotes:
        wanted[q["words"]][q["hash"]].append(q["id"])
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, by_hash in wanted.items():
        for i in range(len(ws) - n + 1):
            for qid in by_hash.get(_hash(ws[i : i + n]), ()):
                found[qid].append((toks[i][1], toks[i + n - 1][2]))
    return found


def relocate(gold: dict, text: str) -> dict[str, tuple[int, int] | None]:
    """Each gold quote's span in `text`: its own offsets when the text is the annotated one,
    else the place its words stand: where the annotation had them, if they are still there,
    else the nearest other place once the texts' shift (learnt from quotes found once) is
    allowed for. A place still at one quote's annotated offsets is not given to another with
    the same words (a standfirst's copy of the headline's words the page no longer shows has
    no place)."""
    if hashlib.sha256(text.encode("utf-8")).hexdigest() == gold["text_sha256"]:
        return {q["id"]: (q["start"], q["end"]) for q in gold["quotes"]}
    found = locate_all(text, gold["quotes"])
    shifts = [q["start"] - found[q["id"]][0][0] for q in gold["quotes"] if len(found[q["id"]]) == 1]
    shift = statistics.median(shifts) if shifts else 0
    exact = {
        q["id"]: (q["start"], q["end"])
        for q in gold["quotes"]
        if (q["start"], q["end"]) in (found.get(q["id"]) or [])
    }
    taken = set(exact.values())  # a place still at its annotated offsets is that quote's own
    out: dict[str, tuple[int, int] | None] = {}
    for q in gold["quotes"]:
        spots = [s for s in found.get(q["id"]) or [] if s not in taken]
        out[q["id"]] = exact.get(q["id"]) or min(
            spots, key=lambda s: abs(s[0] + shift - q["start"]), default=None
        )
    return out


def marked_spans(pred_quotes: list[dict]) -> list[dict]:
    """The system's quoted words: direct, partial and block quotes, and the quoted stretches
    inside an indirect statement, each with the quote record it belongs to."""
    spans = []
    for q in pred_quotes:
        if q.get("kind") in ("direct", "partial", "block"):
            spans.append({"start": q["start"], "end": q["end"], "quote": q})
        for inner in q.get("quoted") or ():
            spans.append({"start": inner["start"], "end": inner["end"], "quote": q})
    return spans


def match(gold_spans: dict[str, tuple[int, int] | None], spans: list[dict], cover: float):
    """Greedy one-to-one: gold id -> index into spans."""
    pairs = []
    for gid, g in gold_spans.items():
        if g is None or g[1] <= g[0]:
            continue
        for i, s in enumerate(spans):
            inter = min(g[1], s["end"]) - max(g[0], s["start"])
            if inter > 0 and inter / (g[1] - g[0]) >= cover:
                pairs.append((inter / (g[1] - g[0]), -abs(s["start"] - g[0]), gid, i))
    pairs.sort(reverse=True)
    used_g, used_s, out = set(), set(), {}
    for _, _, gid, i in pairs:
        if gid not in used_g and i not in used_s:
            used_g.add(gid)
            used_s.add(i)
            out[gid] = i
    return out


def same_name(gold: str, pred: str) -> bool:
    """Our name is the gold's or a shorter form of it ("Mayor Dyer" for "Jerry Dyer"); titles
    and initials are no words of a name ("Patrick W. Carlineo" is "Patrick Carlineo Jr.", as
    the PolNeAR evaluation reads names too)."""
    if not gold or not pred:
        return False
    g = words(gold)
    gs = set(g)
    p = {w for w in words(pred) if (w not in TITLES and len(w) > 1) or w in gs}
    if not p or not p <= gs:
        return False
    return g[-1] in p or len(p) >= 2


def speaker_right(gold_q: dict, pred_q: dict) -> bool:
    gs, gt = gold_q.get("speaker"), gold_q.get("speaker_type")
    ps = pred_q.get("speaker")
    mention = (pred_q.get("mention") or {}).get("text") or ""
    if not gs or gt == "none":
        return ps is None
    if gt in ("group", "unnamed"):
        if ps and same_name(gs, ps):
            return True
        shared = (set(words(gs)) - STOP) & (set(words(mention)) - STOP)
        return ps is None and bool(shared)
    return ps is not None and same_name(gs, ps)


def cue_type(gold_q: dict) -> str:
    if gold_q.get("cue"):
        return gold_q["cue"]
    note = gold_q.get("note") or ""
    head = note.split(":", 1)[0].strip()
    return head if head in ("named", "pronoun", "role", "continuation", "context", "none") else "?"


def score(golds: list[dict], predictions: dict[str, tuple[str, list[dict]]]) -> dict:
    """Metrics over all gold articles. predictions: gold id -> (text read, system quotes)."""
    out: dict = {"articles": len(golds), "gold": 0, "unlocatable": 0, "errors": []}
    for cover in (0.3, 0.8):
        out[f"cover{int(cover * 100)}"] = Counter()
    spk = Counter()
    by = defaultdict(Counter)
    conf = defaultdict(Counter)
    for gold in golds:
        text, pred = predictions[gold["id"]]
        located = relocate(gold, text)
        spans = marked_spans(pred)
        out["gold"] += len(gold["quotes"])
        out["unlocatable"] += sum(v is None for v in located.values())
        for cover in (0.3, 0.8):
            m = match(located, spans, cover)
            c = out[f"cover{int(cover * 100)}"]
            c["tp"] += len(m)
            c["fp"] += len(spans) - len(m)
            c["fn"] += len(gold["quotes"]) - len(m)
            for q in gold["quotes"]:
                hit = q["id"] in m
                c[f"recall_{q['kind']}_hit"] += hit
                c[f"recall_{q['kind']}_all"] += 1
                c[f"recall_{q['where']}_hit"] += hit
                c[f"recall_{q['where']}_all"] += 1
            if cover == 0.3:
                matched = m
                for i, s in enumerate(spans):
                    if i not in m.values():
                        out["errors"].append(
                            {
                                "article": gold["id"],
                                "type": "spurious",
                                "span": [s["start"], s["end"]],
                                "text": text[s["start"] : s["end"]][:120],
                            }
                        )
        for q in gold["quotes"]:
            if q["id"] not in matched:
                loc = located[q["id"]]
                out["errors"].append(
                    {
                        "article": gold["id"],
                        "type": "missed",
                        "gold": q["id"],
                        "kind": q["kind"],
                        "where": q["where"],
                        "text": text[loc[0] : loc[1]][:120] if loc else None,
                    }
                )
                continue
            pq = spans[matched[q["id"]]]["quote"]
            right = speaker_right(q, pq)
            level = pq.get("confidence") or "high"
            spk["matched"] += 1
            spk["right"] += right
            by[cue_type(q)]["matched"] += 1
            by[cue_type(q)]["right"] += right
            by["type:" + str(q.get("speaker_type"))]["matched"] += 1
            by["type:" + str(q.get("speaker_type"))]["right"] += right
            conf[level]["matched"] += 1
            conf[level]["right"] += right
            if not right:
                confident = pq.get("speaker") is not None and level == "high"
                spk["confident_wrong"] += confident
                out["errors"].append(
                    {
                        "article": gold["id"],
                        "type": "wrong speaker",
                        "gold": q["id"],
                        "gold_speaker": q.get("speaker"),
                        "gold_type": q.get("speaker_type"),
                        "cue": cue_type(q),
                        "speaker": pq.get("speaker"),
                        "mention": (pq.get("mention") or {}).get("text"),
                        "how": pq.get("how"),
                        "confidence": level,
                        "confident": confident,
                        "text": text[pq["start"] : pq["end"]][:120],
                    }
                )
    out["speaker"] = spk
    out["speaker_by"] = by
    out["confidence"] = conf
    return out


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}" if b else "  n/a"


def render(name: str, r: dict) -> str:
    lines = [
        f"{name}: {r['articles']} articles, {r['gold']} gold quotes "
        f"({r['unlocatable']} whose words the text as read does not hold)"
    ]
    for key, label in (("cover30", ">=30%"), ("cover80", ">=80%")):
        c = r[key]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        rec = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f = 2 * p * rec / (p + rec) if p + rec else 0.0
        parts = ", ".join(
            f"{k} {_pct(c[f'recall_{k}_hit'], c[f'recall_{k}_all'])}"
            for k in ("direct", "partial", "headline", "body")
        )
        lines.append(
            f"  quotes {label}: P {100 * p:.1f} R {100 * rec:.1f} F1 {100 * f:.1f} "
            f"(TP {c['tp']} FP {c['fp']} FN {c['fn']}); recall by {parts}"
        )
    s = r["speaker"]
    lines.append(
        f"  speaker accuracy on matched: {_pct(s['right'], s['matched'])} "
        f"({s['right']}/{s['matched']}); confident misattributions {s['confident_wrong']} "
        f"({_pct(s['confident_wrong'], s['matched'])} per 100 matched)"
    )
    lines.append(
        "  by gold cue / type: "
        + ", ".join(
            f"{k} {_pct(v['right'], v['matched'])} ({v['right']}/{v['matched']})"
            for k, v in sorted(r["speaker_by"].items())
        )
    )
    lines.append(
        "  by confidence: "
        + ", ".join(
            f"{k} {_pct(v['right'], v['matched'])} ({v['right']}/{v['matched']})"
            for k, v in sorted(r["confidence"].items())
        )
    )
    return "\n".join(lines)
