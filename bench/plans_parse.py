"""Benchmark: parsing a 100,000-character plan (`fazhi.plans.parsing.parse_plan`).

The plan is built from the three sample plans in ../shared/samples (a district outline, a
notice wrapping a plan with page breaks, a plan with unit clauses), each kept whole, renumbered
and repeated until the text reaches --chars characters. Times the best and median of --runs
runs. Baseline in the same run: the shared document parser alone (fazhi.core.docparse.parse_text:
metadata, numbered structure and anomalies), which every plan parse starts with — the ratio
says what the plan layer (tasks, units, targets, dates) costs on top. Target: under 1 s.

    .venv/bin/python bench/plans_parse.py [--chars 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "samples"


def build_plan(chars: int) -> str:
    """The samples' bodies concatenated under one title until `chars` characters."""
    bodies = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    if not bodies:
        raise SystemExit(f"no sample plans in {SAMPLES}")
    parts = ["示范区法治政府建设规划（2026-2030年）\n"]
    size = len(parts[0])
    while size < chars:
        for body in bodies:
            parts.append(body)
            size += len(body)
            if size >= chars:
                break
    return "\n".join(parts)[:chars]


def timed(function, text: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from fazhi.core.docparse import parse_text
    from fazhi.plans.parsing import parse_plan

    text = build_plan(args.chars)
    parsed = parse_plan(text)
    plan = timed(parse_plan, text, args.runs)
    base = timed(parse_text, text, args.runs)
    result = {
        "chars": len(text),
        "tasks": len(parsed["tasks"]),
        "targets": sum(len(task["targets"]) for task in parsed["tasks"]),
        "parse_plan_best_s": round(min(plan), 3),
        "parse_plan_median_s": round(statistics.median(plan), 3),
        "baseline_docparse_median_s": round(statistics.median(base), 3),
        "ratio_to_baseline": round(statistics.median(plan) / statistics.median(base), 2),
        "target_s": 1.0,
        "meets_target": statistics.median(plan) < 1.0,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
