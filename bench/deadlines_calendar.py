"""Benchmark: working-day deadline computations with the statutory calendar.

1,000,000 computations "the n-th working day after start" with random starts
(2024-01-01..2026-12-31) and random lengths (1..60 working days), numpy RNG with a fixed seed.

Baseline: the naive loop that asks the calendar day by day (chinese_calendar.is_workday for
every day after the start until n working days have passed). At ~35 µs per call it is far too
slow for 1,000,000 computations, so it is timed on a random sample (default 20,000) and its
per-computation cost is scaled. chinesecalendar has no data after 2026, so sample items whose
deadline falls in 2027 cannot be computed by the baseline: they are left out of its timing and
of the comparison (their number is printed).

Measured:
  (a) StatutoryCalendar.add_workdays, one at a time, over all 1,000,000;
  (b) StatutoryCalendar.add_workdays_batch over all 1,000,000 (median of several runs);
  (c) agreement: (a) and (b) against the naive loop on the sample, and (a) against (b) on all.

Exits 1 if any result disagrees. Usage: .venv/bin/python bench/deadlines_calendar.py
[--count N] [--sample N] [--seed S]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.deadlines.calendar import StatutoryCalendar

FIRST, LAST = date(2024, 1, 1), date(2026, 12, 31)
EPOCH = date(1970, 1, 1).toordinal()


def naive_add_workdays(start: date, n: int) -> date:
    """The baseline: walk forward one day at a time, asking chinesecalendar about each day."""
    day = start
    while n:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the batch (median)")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    ords = rng.integers(FIRST.toordinal(), LAST.toordinal() + 1, args.count)
    ns_arr = rng.integers(1, 61, args.count)
    starts_arr = (ords - EPOCH).astype("datetime64[D]")
    starts = [date.fromordinal(int(o)) for o in ords]
    ns = ns_arr.tolist()
    sample = rng.choice(args.count, size=min(args.sample, args.count), replace=False)

    started = time.perf_counter()
    cal = StatutoryCalendar()
    build_s = time.perf_counter() - started

    # (a) one at a time, all computations
    add = cal.add_workdays
    started = time.perf_counter()
    one = [add(s, n) for s, n in zip(starts, ns, strict=True)]
    one_s = time.perf_counter() - started

    # (b) batch, all computations
    runs = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        batch = cal.add_workdays_batch(starts_arr, ns_arr)
        runs.append(time.perf_counter() - started)
    batch_s = statistics.median(runs)

    # Baseline on the sample; each computation timed, only the comparable ones counted.
    naive: dict[int, date] = {}
    beyond = 0
    naive_s = 0.0
    clock = time.perf_counter
    for i in sample.tolist():
        started = clock()
        try:
            result = naive_add_workdays(starts[i], ns[i])
        except NotImplementedError:  # the deadline falls after the package's last year
            beyond += 1
            continue
        naive_s += clock() - started
        naive[i] = result
    comparable = list(naive)

    # (c) agreement
    batch_dates = batch.tolist()
    wrong_one = [i for i in comparable if one[i] != naive[i]]
    wrong_batch = [i for i in comparable if batch_dates[i] != naive[i]]
    wrong_ab = sum(a != b for a, b in zip(one, batch_dates, strict=True))

    per_naive = naive_s / len(comparable)
    per_one = one_s / args.count
    per_batch = batch_s / args.count
    ratio_one = per_naive / per_one
    ratio_batch = per_naive / per_batch

    def us(seconds: float) -> str:
        return f"{seconds * 1e6:10.3f} µs"

    print("Working-day deadlines: n-th working day after start (start excluded)")
    print(f"  {args.count:,} computations; starts {FIRST}..{LAST}, n in 1..60; seed {args.seed}")
    print(
        f"  StatutoryCalendar() construction: {build_s * 1000:.1f} ms (years "
        f"{cal.first_year}..{cal.last_year})"
    )
    print()
    print("Baseline: naive loop, chinese_calendar.is_workday day by day")
    print(f"  timed on a random sample of {len(sample):,} (not on all {args.count:,}: too slow)")
    print(f"  {beyond:,} sample items end after 2026 (no package data): excluded")
    print(f"  {len(comparable):,} comparable items: {naive_s:.2f} s")
    print(f"  per computation:                      {us(per_naive)}")
    print(f"  scaled to {args.count:,}:               {per_naive * args.count:10.1f} s (estimate)")
    print()
    print(f"(a) add_workdays one at a time, all {args.count:,}")
    print(f"  total {one_s:.3f} s; per computation:  {us(per_one)}")
    print(f"(b) add_workdays_batch, all {args.count:,} (median of {args.repeat} runs)")
    print(f"  total {batch_s:.4f} s; per computation: {us(per_batch)}")
    print()
    target_one, target_batch = 10, 100
    print("Speed-up vs naive loop, per computation:")
    print(
        f"  (a) one at a time: {ratio_one:12,.0f}×  (target ≥ {target_one}×: "
        f"{'met' if ratio_one >= target_one else 'NOT met'})"
    )
    print(
        f"  (b) batch:         {ratio_batch:12,.0f}×  (target ≥ {target_batch}×: "
        f"{'met' if ratio_batch >= target_batch else 'NOT met'})"
    )
    print()
    print("(c) Agreement")
    print(f"  (a) vs naive on {len(comparable):,} sample items: {len(wrong_one)} disagree")
    print(f"  (b) vs naive on {len(comparable):,} sample items: {len(wrong_batch)} disagree")
    print(f"  (a) vs (b) on all {args.count:,}: {wrong_ab} disagree")
    if wrong_one or wrong_batch or wrong_ab:
        for i in (wrong_one + wrong_batch)[:10]:
            print(
                f"    start {starts[i]} n={ns[i]}: naive {naive[i]}, "
                f"one {one[i]}, batch {batch_dates[i]}"
            )
        print("RESULT: DISAGREEMENT")
        return 1
    print("RESULT: all results agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
