"""Benchmark: the supervision figures (执法监督) over 1,000,000 penalty cases.

Corpus: --cases penalty cases (default 1,000,000) built by the demo generator into an empty
database: `fazhi demo --bulk --documents 0 --cases N` (the demo district with its five
service-built bodies, plus every street office and township and eight more departments
registered through the services — 41 bodies — then N cases written by raw bulk inserts with
realistic rates: `fazhi.demo.enforcement_bulk`). The database is DATABASE_URL if set
(PostgreSQL allowed), otherwise var/bench/enforcement_figures.sqlite3; one that already holds
the cases is reused. On PostgreSQL the table is analyzed first (a bulk load leaves no planner
statistics). The script says whether the covering indexes the two grouped queries are meant to
read (COVERING; docs/benchmarks.md) are in the database.

Measured, as the 司法局's reviewer (sfj_shencha: every body of the district in reach), for the
year --year (default: this year) and last year:

- `figures.supervision(person, Jan 1, Dec 31)`: every figure of the supervision page (two
  grouped aggregate queries over the cases, the idle items, the officers, the evaluations);
  the first (cold) run, then the median of --repeat runs;
- one body's page (`supervision(..., body=…)`, the busiest body) and the late-publication list's
  first page of 50 with its count, median of --repeat runs.

Baseline in the same run (once; it is slow): the same case figures (every `Counts` field, per
body) and the idle items computed by iterating the ORM objects —
`cases_for(person).iterator()` over every case in reach, testing each figure's condition in
Python. The script checks that both give the same figures (exit 1 otherwise) and prints the
ratio. Target: supervision figures under 2 s on SQLite and on PostgreSQL.

    .venv/bin/python bench/enforcement_figures.py [--cases 1000000] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_figures \\
        .venv/bin/python bench/enforcement_figures.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = ROOT / "var" / "bench" / "enforcement_figures.sqlite3"
TARGET = 2.0  # seconds
# The indexes the two grouped queries read without touching the table (see docs/benchmarks.md).
COVERING = ("enforcement_case_fig_opened", "enforcement_case_fig_decided")


def setup_django() -> str:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("FAZHI_VAR_DIR", str(DEFAULT_DB.parent))
    os.environ.setdefault("FAZHI_LEDGER_SIGNING_KEY", bytes(range(32)).hex())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def build(n: int) -> None:
    """An empty database gets the corpus from the demo generator."""
    from django.core.management import call_command
    from django.db import connection

    from fazhi.core.models import Unit
    from fazhi.enforcement.models import PenaltyCase

    have = PenaltyCase.objects.count()
    if have >= n:
        print(f"  corpus: reusing {have:,} penalty cases")
    elif Unit.objects.exists():
        sys.exit(f"the database holds {have:,} cases, fewer than {n:,}: empty it first")
    else:
        started = time.perf_counter()
        call_command("demo", bulk=True, documents=0, cases=n, no_progress=True)
        print(
            f"  corpus: built by `fazhi demo --bulk --documents 0 --cases {n}` in "
            f"{time.perf_counter() - started:.0f} s"
        )
    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum keeps them in production (a bulk load does
        # not update them; without them PostgreSQL walks the indexes row by row).
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {PenaltyCase._meta.db_table}")
        print(f"  ANALYZE {PenaltyCase._meta.db_table}: {time.perf_counter() - started:.1f} s")


# --- the baseline: the same figures by iterating the ORM objects ----------------------------


def by_iteration(person, start, end, today):
    """({body id: Counts}, {body id: [idle item ids]}) from every case in reach, one by one."""
    from fazhi.enforcement import figures, selectors
    from fazhi.enforcement.models import Item

    states = [code for code, _ in figures.STATES]
    out: dict[int, figures.Counts] = {}
    used: set[int] = set()
    for case in selectors.cases_for(person).select_related(None).iterator(chunk_size=5000):
        opened = start <= case.opened_on <= end
        decided = case.decided_on is not None and start <= case.decided_on <= end
        if not (opened or decided):
            continue
        c = out.get(case.body_id)
        if c is None:
            c = out[case.body_id] = figures.Counts(states=dict.fromkeys(states, 0))
        if opened:
            used.add(case.item_id)
            c.opened += 1
            c.simplified += case.simplified
            c.states[case.state] += 1
            c.overdue_open += (
                case.decided_on is None
                and case.decision_due is not None
                and case.decision_due < today
                and case.state not in figures.TERMINAL_UNDECIDED
            )
            c.transferred_body += case.transferred == "body"
            c.transferred_criminal += case.transferred == "criminal"
        if decided:
            penalty = case.outcome == "penalty"
            due = case.decision_due
            c.decided += 1
            c.penalty += penalty
            c.no_penalty += case.outcome == "no_penalty"
            c.not_established += case.outcome == "not_established"
            c.with_period += due is not None
            c.on_time += due is not None and case.decided_on <= due
            c.late += due is not None and case.decided_on > due
            c.review_required += case.review_required
            c.reviewed += case.review_required and case.reviewed
            c.hearings += case.hearing_held
            c.relieved += case.outcome == "no_penalty" or case.reduced > 0
            c.reduced += case.reduced
            c.fines += case.fine if penalty and case.fine is not None else 0
            c.surcharge += case.surcharge
            disclosure = case.disclosure_due
            if penalty and disclosure is not None:
                c.publish_due += 1
                if case.disclosed_on is not None:
                    c.disclosed_on_time += case.disclosed_on <= disclosure
                    c.disclosed_late += case.disclosed_on > disclosure
                else:
                    c.undisclosed_overdue += disclosure < today
    idle: dict[int, list[int]] = {}
    bodies = selectors.bodies_for(person).values("pk")
    for item in Item.objects.filter(body__in=bodies, kind="penalty", active=True).order_by("code"):
        if item.pk not in used:
            idle.setdefault(item.body_id, []).append(item.pk)
    return out, idle


def same(mine, theirs) -> list[str]:
    from dataclasses import fields

    problems = []
    for body_id in sorted(set(mine) | set(theirs)):
        a, b = mine.get(body_id), theirs.get(body_id)
        if a is None or b is None:
            problems.append(f"body {body_id}: only in one")
            continue
        for f in fields(a):
            x, y = getattr(a, f.name), getattr(b, f.name)
            if isinstance(x, Decimal) or isinstance(y, Decimal):
                x, y = Decimal(x).quantize(Decimal("0.01")), Decimal(y).quantize(Decimal("0.01"))
            if x != y:
                problems.append(f"body {body_id} {f.name}: {x} != {y}")
    return problems


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """(first run, median of `repeat` more, result) in seconds."""
    started = time.perf_counter()
    result = fn()
    first = time.perf_counter() - started
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return first, statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()

    url = setup_django()
    from django.db import connection
    from django.utils import timezone

    from fazhi.core.models import Person
    from fazhi.enforcement import figures
    from fazhi.enforcement.models import PenaltyCase

    print(f"Supervision figures, {connection.vendor}: {url}")
    build(args.cases)
    n = PenaltyCase.objects.count()
    today = timezone.localdate()
    year = args.year or today.year
    person = Person.objects.get(username="sfj_shencha")
    print(f"  {n:,} penalty cases; as {person.name} (司法局); today {today}")
    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, PenaltyCase._meta.db_table)
    have = [name for name in COVERING if name in names]
    print(f"  covering indexes: {', '.join(have) or 'none'} (of {', '.join(COVERING)})")

    worst = 0.0
    for y in (year, year - 1):
        start, end = figures.year_period(y)
        first, median, data = timed(
            lambda s=start, e=end: figures.supervision(person, s, e, today=today), args.repeat
        )
        worst = max(worst, median)
        t = data.total
        print(
            f"  {y}: supervision() first {first:.3f} s, median of {args.repeat} {median:.3f} s — "
            f"{len(data.bodies)} bodies, {t.opened:,} opened, {t.decided:,} decided "
            f"({t.late:,} late), {t.relieved:,} 免罚轻罚 ¥{t.reduced:,.2f}, "
            f"{t.late_publications:,} late publications, {data.idle_items} idle items"
        )
    start, end = figures.year_period(year)
    busiest = max(data.bodies, key=lambda b: b.counts.opened).body
    _, body_median, _ = timed(
        lambda: figures.supervision(person, start, end, body=busiest, today=today), args.repeat
    )
    print(f"  {year}: one body ({busiest}) median {body_median:.3f} s")

    def late_page():
        late = figures.late_publications(person, start, end, today=today)
        return list(late.select_related("body__unit")[:50]), late.count()

    _, late_median, (_page, count) = timed(late_page, args.repeat)
    print(f"  {year}: late publications, first 50 of {count:,}: median {late_median:.3f} s")

    if args.no_baseline:
        return
    started = time.perf_counter()
    counts, idle = by_iteration(person, start, end, today)
    baseline = time.perf_counter() - started
    data = figures.supervision(person, start, end, today=today)
    mine = {b.body.pk: b.counts for b in data.bodies if b.counts.opened or b.counts.decided}
    problems = same(mine, counts)
    idle_mine = {b.body.pk: [i.pk for i in b.idle_items] for b in data.bodies if b.idle_items}
    if {k: sorted(v) for k, v in idle_mine.items()} != {k: sorted(v) for k, v in idle.items()}:
        problems.append("idle items differ")
    print(f"  baseline: iterating the ORM objects ({n:,} cases), once: {baseline:.1f} s")
    ratio = baseline / worst
    print(f"  ratio: the aggregates are {ratio:,.0f}× faster than iterating")
    if problems:
        print("MISMATCH:", *problems[:20], sep="\n  ")
        sys.exit(1)
    target = "met" if worst < TARGET else "NOT met"
    print(
        f"RESULT: supervision figures in {worst:.3f} s over {n:,} cases, same figures as the "
        f"baseline; {ratio:,.0f}× the ORM iteration (target < {TARGET:.0f} s: {target})"
    )


if __name__ == "__main__":
    main()
