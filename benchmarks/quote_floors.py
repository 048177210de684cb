"""Fail when quote extraction scores drop below their pinned floors on PolNeAR dev.

Runs `newsparallax eval quotes --format json` on `../shared/data/polnear` (or `--polnear DIR`),
reads the figures named in `benchmarks/quote-floors.json` ("view/metric/type/field", or a path
from the report's top such as "cofenet_protocol/metrics/source/f1": floor) and
prints each beside its floor. Exit 1 on any figure below its floor, 0 otherwise, and 0 with
"skipped" when the data set is absent (a clone without ../shared). `.ci/run` runs it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "benchmarks" / "quote-floors.json"


def figure(report: dict, path: str) -> float:
    """`view/metric/type/field` in the report's metrics, or a path from the report's top
    (`cofenet_protocol/metrics/source/f1`)."""
    node = report if path.split("/")[0] in report else report["metrics"]
    for key in path.split("/"):
        node = node[key]
    return float(node)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    args = parser.parse_args()
    if not args.polnear.is_dir():
        print(f"quote floors: skipped ({args.polnear} not found)")
        return 0
    exe = ROOT / ".venv" / "bin" / "newsparallax"
    command = [str(exe) if exe.exists() else "newsparallax", "eval", "quotes"]
    command += ["--polnear", str(args.polnear), "--split", "dev", "--format", "json"]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        print(f"quote floors: FAILED - eval exited with {run.returncode}")
        return 1
    report = json.loads(run.stdout)
    floors = json.loads(FLOORS.read_text())
    below = []
    for path, floor in floors.items():
        value = figure(report, path)
        mark = "ok " if value >= floor else "LOW"
        print(f"{mark} {path:40} {value:.4f}  (floor {floor:.4f})")
        if value < floor:
            below.append(path)
    if below:
        print(f"quote floors: {len(below)} figure(s) below their floor")
        return 1
    print(f"quote floors: all {len(floors)} figures at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
