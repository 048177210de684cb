"""How much of the PolNeAR speaker error is the evaluation's own: a hand audit of pronoun sources.

PolNeAR marks a source's words ("he"), not whom they mean. `eval quotes` gives a pronoun source
the name of the latest compatible person named before it, a heuristic, and counts our speaker
wrong when it differs. `benchmarks/gold/polnear-pronoun-audit.jsonl` holds a seeded random
sample of those disagreements on the train split, each resolved by reading the article
(`speaker`: whom the pronoun means, null for someone never named). This prints how often, over
the audited items a train run still disagrees on, our speaker was right, the heuristic's, or
neither, and what that share makes of the speaker accuracy each run's report prints.

    newsparallax eval quotes --polnear DIR --split train -f json --errors train.jsonl > train.json
    newsparallax eval quotes --polnear DIR --split dev -f json --errors dev.jsonl > dev.json
    python benchmarks/polnear_pronoun_audit.py --train-errors train.jsonl --train-report \
        train.json --errors dev.jsonl --report dev.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsparallax.evaluate.quote_metrics import same_name

AUDIT = Path(__file__).resolve().parent / "gold" / "polnear-pronoun-audit.jsonl"


def disagreements(errors: Path) -> dict[tuple[str, str], dict]:
    """Matched attributions whose pronoun source the heuristic named differently from us."""
    out = {}
    with errors.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["error"] == "wrong_speaker" and record["gold"].get("name_how") == "pronoun":
                out[(record["article"], record["gold"]["id"])] = record
    return out


def verdict(judged: str | None, ours: str | None, heuristic: str | None) -> str:
    if judged is None:
        return "ours" if ours is None else "neither"
    if same_name(judged, ours):
        return "ours"
    return "heuristic" if same_name(judged, heuristic) else "neither"


def audit_shares(errors: Path, audit: Path) -> tuple[dict[str, int], int]:
    """The verdicts over the audited items that are still disagreements in `errors`."""
    found = disagreements(errors)
    tally = {"ours": 0, "heuristic": 0, "neither": 0}
    for line in audit.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        record = found.get((item["article"], item["attribution"]))
        if record is not None:  # else this run agrees with the heuristic there
            tally[verdict(item["speaker"], record["pred"]["speaker"], record["gold"]["name"])] += 1
    return tally, sum(tally.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train-errors", type=Path, required=True, help="errors of a train run")
    parser.add_argument("--train-report", type=Path, help="that run's --format json report")
    parser.add_argument("--errors", type=Path, help="errors of another split's run to correct")
    parser.add_argument("--report", type=Path, help="that run's --format json report")
    parser.add_argument("--audit", type=Path, default=AUDIT)
    args = parser.parse_args()
    tally, audited = audit_shares(args.train_errors, args.audit)
    if not audited:
        print("none of the audited items is a disagreement in this run")
        return 0
    share = tally["ours"] / audited
    print(
        f"audited pronoun disagreements (train): {audited}; ours right {tally['ours']} "
        f"({share:.0%}), heuristic right {tally['heuristic']}, neither {tally['neither']}"
    )
    runs = [("train", args.train_errors, args.train_report), ("other", args.errors, args.report)]
    for name, errors, report in runs:
        if errors is None or report is None:
            continue
        report_json = json.loads(report.read_text(encoding="utf-8"))
        speaker = report_json["metrics"]["all"]["speaker"]["all"]
        right, matched = speaker["correct"], speaker["matched"]
        split = report_json.get("split", name)
        differ = len(disagreements(errors))
        print(
            f"{split}: speaker accuracy on matched as scored {right / matched:.1%} "
            f"({right}/{matched}); {differ} pronoun disagreements, of which the audit's share "
            f"right: {(right + share * differ) / matched:.1%} (agreements taken as right)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
