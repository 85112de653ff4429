"""What each fault of the fault suite costs in delay: the time Odoo takes, once the fault ends, to hold a
confirmed sale order for every Amazon order eligible at that moment (the drain).

Runs the fault suite (``tests/e2e/test_fault_suite.py``: real processes, a private Redis with AOF for the
Redis faults, the shared one for the others), which measures each drain and appends it to a report file,
then prints the drains as a table. The baseline is the same measure with no fault.

Usage: scripts/with-redis .venv/bin/python bench/fault_drain.py [--rounds N] [pytest -k expression]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITE = "tests/e2e/test_fault_suite.py"


def run_suite(report: Path, selection: str | None) -> int:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", SUITE]
    if selection:
        command += ["-k", selection]
    env = {**os.environ, "AMZBUS_FAULT_DRAIN_REPORT": str(report)}
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=1, help="runs of the suite (default 1)")
    parser.add_argument("selection", nargs="?", help="a pytest -k expression to run some scenarios only")
    args = parser.parse_args()
    drains: dict[str, list[dict]] = defaultdict(list)
    failed = 0
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "drains.jsonl"
            failed += run_suite(report, args.selection) != 0
            lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
        for line in lines:
            drain = json.loads(line)
            drains[drain["scenario"]].append(drain)
    print(f"\n{'scenario':<78} {'drain (s)':>10} {'orders':>7}")
    for scenario, runs in drains.items():
        seconds = statistics.median(run["seconds"] for run in runs)
        orders = statistics.median(run["orders"] for run in runs)
        print(f"{scenario:<78} {seconds:>10.1f} {orders:>7.0f}")
    if failed:
        print(f"\n{failed} run(s) of the suite failed: the drains above are those measured before the failure")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
