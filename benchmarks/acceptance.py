"""Score `newsparallax compare` on the shared acceptance case and guard against regressions.

Runs `.venv/bin/newsparallax compare national.txt fox26-fresno.txt --format json` on the seed pair
in `../shared/acceptance` (relative to the repo root, or `--shared DIR`), scores the output with
the case's own `score.py`, and compares the number of passed checks with the floor kept in
`benchmarks/acceptance-floor.txt`:

- exit 1 when fewer checks pass than the floor (a regression), when `compare` fails, or when the
  scorer prints no `acceptance: N passed, M failed` line;
- exit 0 otherwise, with a hint to raise the floor when more checks pass than it says;
- exit 0 with "skipped" when there is no shared directory.

`make acceptance` runs it; so does `.ci/run`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR_FILE = ROOT / "benchmarks" / "acceptance-floor.txt"
ARTICLES = ("national.txt", "fox26-fresno.txt")
SCORE_LINE = re.compile(r"^acceptance: (\d+) passed, (\d+) failed\s*$", re.MULTILINE)


def acceptance_dir(shared: Path) -> Path | None:
    """The acceptance directory: `shared/acceptance`, or `shared` itself if it holds score.py."""
    for candidate in (shared / "acceptance", shared):
        if (candidate / "score.py").is_file():
            return candidate
    return None


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--shared", type=Path, default=ROOT.parent / "shared", metavar="DIR")
    args = cli.parse_args()

    accept = acceptance_dir(args.shared.resolve())
    if accept is None:
        print(f"acceptance: skipped (no acceptance case under {args.shared})")
        return 0
    case = accept / "seed-pair"
    floor = int(FLOOR_FILE.read_text().strip())

    exe = ROOT / ".venv" / "bin" / "newsparallax"
    command = [str(exe) if exe.exists() else "newsparallax", "compare", "--no-store"]
    command += [str(case / name) for name in ARTICLES] + ["--format", "json"]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if run.returncode != 0 or not run.stdout.strip():
        sys.stderr.write(run.stderr)
        print(f"acceptance: FAILED - compare exited with {run.returncode}")
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "compare.json"
        output.write_text(run.stdout, encoding="utf-8")
        python = shutil.which("python3") or sys.executable
        score = subprocess.run(
            [python, str(accept / "score.py"), str(case), str(output)],
            capture_output=True,
            text=True,
            check=False,
        )
    print(score.stdout, end="")
    sys.stderr.write(score.stderr)

    found = SCORE_LINE.findall(score.stdout)
    if not found:
        print("acceptance: FAILED - the scorer printed no 'acceptance: N passed, M failed' line")
        return 1
    passed = int(found[-1][0])
    if passed < floor:
        print(f"acceptance: REGRESSION - {passed} checks pass, the floor is {floor}")
        return 1
    if passed > floor:
        print(f"acceptance: {passed} checks pass, above the floor of {floor}: raise it with")
        print(f"    echo {passed} > {FLOOR_FILE.relative_to(ROOT)}")
    else:
        print(f"acceptance: {passed} checks pass (floor {floor})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
