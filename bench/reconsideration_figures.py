"""Benchmark: the yearly reconsideration figures (行政复议统计) over 100,000 cases.

Corpus: the demo district (`fazhi demo --documents 0`: units, people and the service-built demo
records), then --cases reconsideration cases (default 100,000) to its 司法局 against its
departments and street offices, written by raw bulk inserts with realistic rates
(`fazhi.demo.reconsideration_bulk`). The database is DATABASE_URL if set (PostgreSQL allowed),
otherwise var/bench/reconsideration_figures.sqlite3; one that already holds the cases is reused.
On PostgreSQL the table is analyzed first (a bulk load leaves no planner statistics).

Measured, as the 司法局's reviewer (sfj_shencha: every case of the district in reach), for the
year --year (default: this year) and last year: `figures.yearly(person, year)` — every figure
of the page (the grouped aggregate query over the cases, the respondents' names, the letters);
the first (cold) run, then the median of --repeat runs; and the same for one respondent's
handler (an agency: the cases against it).

Baseline in the same run (once): the same figures (every `Counts` field, per respondent and kind
of act) computed by iterating the ORM objects — `cases_for(person).iterator()` over every case
in reach, testing each figure's condition in Python. The script checks that both give the same
figures (exit 1 otherwise) and prints the ratio. Target: under 1 s on SQLite and PostgreSQL.

    .venv/bin/python bench/reconsideration_figures.py [--cases 100000] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rf_x .venv/bin/python bench/reconsideration_figures.py
"""  # noqa: E501

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = ROOT / "var" / "bench" / "reconsideration_figures.sqlite3"
TARGET = 1.0  # seconds


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
    """An empty database gets the demo district, then the bulk cases."""
    from django.core.management import call_command
    from django.db import connection

    from fazhi.core.models import Unit
    from fazhi.demo import reconsideration_bulk
    from fazhi.reconsideration.models import ReconsiderationCase

    bulk = ReconsiderationCase.objects.filter(dedup_key__startswith="bulk-")
    have = bulk.count()
    if have >= n:
        print(f"  corpus: reusing {have:,} bulk reconsideration cases")
    elif have:
        sys.exit(f"the database holds {have:,} bulk cases, fewer than {n:,}: empty it first")
    else:
        started = time.perf_counter()
        if not Unit.objects.exists():
            call_command("demo", documents=0, no_progress=True)
        demo = time.perf_counter() - started
        root = Unit.objects.get_root_nodes().order_by("path").first()
        reconsideration_bulk.bulk_build(root, count=n)
        print(
            f"  corpus: `fazhi demo --documents 0` in {demo:.0f} s, then {n:,} bulk cases in "
            f"{time.perf_counter() - started - demo:.0f} s"
        )
    if connection.vendor == "postgresql":
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ReconsiderationCase._meta.db_table}")
        print(f"  ANALYZE: {time.perf_counter() - started:.1f} s")


# --- the baseline: the same figures by iterating the ORM objects ----------------------------


def by_iteration(person, year: int) -> dict:
    """{(respondent key, subject): Counts} from every case in reach, one by one."""
    from fazhi.reconsideration import figures, selectors
    from fazhi.reconsideration.models import CLOSED

    start, end = figures.year_period(year)
    out: dict[tuple, figures.Counts] = {}

    def within(day) -> bool:
        return day is not None and start <= day <= end

    for case in selectors.cases_for(person).select_related(None).iterator(chunk_size=5000):
        got, acc, end_ = within(case.received_on), within(case.accepted_on), within(case.ended_on)
        if not (got or acc or end_):
            continue
        key = (case.respondent_unit_id or case.respondent_name, case.subject)
        c = out.setdefault(key, figures.empty())
        c.received += got
        if acc:
            c.accepted += 1
            c.deemed += case.deemed_accepted
            c.simplified += case.simplified
        if not end_:
            continue
        outcome = case.outcome
        if outcome == "not_accepted":
            c.refusals[case.refusal_reason] += 1
        for name in ("abandoned", "resolved", "withdrawn", "decided", "mediated", "terminated"):
            if outcome == name:
                setattr(c, name, getattr(c, name) + 1)
        if outcome == "terminated" and case.termination_ground == "withdrawn":
            c.terminated_withdrawn += 1
        if outcome == "decided":
            c.decisions[case.decision_kind] += 1
        if outcome in CLOSED:
            c.on_time += case.on_time is True
            if case.accepted_on is not None:
                c.days += (case.ended_on - case.accepted_on).days
    return out


def compare(data, person, counted: dict) -> list[str]:
    """The grouped query's rows, summed per (respondent, subject), against the baseline's."""
    from dataclasses import fields

    from fazhi.reconsideration import figures, selectors

    start, end = figures.year_period(data.year)
    mine: dict[tuple, figures.Counts] = {}
    for group in figures._grouped(selectors.cases_for(person), start, end):
        key = (group["unit_id"] or group["name"], group["subject"])
        mine.setdefault(key, figures.empty()).add(group["counts"])
    total = figures.empty()
    for c in counted.values():
        total.add(c)
    problems = []
    for key in sorted(set(mine) | set(counted), key=str):
        a, b = mine.get(key), counted.get(key)
        if a is None or b is None:
            problems.append(f"{key}: only in one")
            continue
        problems += [
            f"{key} {f.name}: {getattr(a, f.name)} != {getattr(b, f.name)}"
            for f in fields(a)
            if getattr(a, f.name) != getattr(b, f.name)
        ]
    problems += [
        f"total {f.name}: {getattr(data.total, f.name)} != {getattr(total, f.name)}"
        for f in fields(total)
        if getattr(data.total, f.name) != getattr(total, f.name)
    ]
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


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args()

    url = setup_django()
    from django.db import connection
    from django.utils import timezone

    from fazhi.core.models import Person, Post, Role
    from fazhi.reconsideration import figures
    from fazhi.reconsideration.models import ReconsiderationCase

    print(f"Reconsideration figures, {connection.vendor}: {url}")
    build(args.cases)
    n = ReconsiderationCase.objects.count()
    today = timezone.localdate()
    year = args.year or today.year
    person = Person.objects.get(username="sfj_shencha")
    print(f"  {n:,} reconsideration cases; as {person.name} (司法局); today {today}")

    worst = 0.0
    for y in (year, year - 1):
        first, median, data = timed(lambda y=y: figures.yearly(person, y, today=today), args.repeat)
        worst = max(worst, median)
        t = data.total
        print(
            f"  {y}: yearly() first {first:.3f} s, median of {args.repeat} {median:.3f} s — "
            f"{t.received:,} received, {t.accepted:,} accepted ({_pct(t.acceptance_rate)}), "
            f"{t.closed:,} closed ({_pct(t.closure_rate)} of received), {t.decided:,} decisions, "
            f"correction {_pct(t.correction_rate)}, on time {_pct(t.on_time_rate)}, "
            f"{t.average_days:.1f} days on average; {len(data.respondents)} respondents"
        )
    busiest = data.respondents[0]
    agency = (
        Post.objects.active()
        .filter(unit_id=int(busiest.key[1:]), role=Role.HANDLER)
        .select_related("person")
        .order_by("pk")
        .first()
        .person
    )
    _, agency_median, mine = timed(lambda: figures.yearly(agency, year, today=today), args.repeat)
    print(
        f"  {year}: one agency ({busiest.label}, its handler {agency.name}): median "
        f"{agency_median:.3f} s, {mine.total.received:,} received"
    )

    started = time.perf_counter()
    counted = by_iteration(person, year)
    baseline = time.perf_counter() - started
    data = figures.yearly(person, year, today=today)
    problems = compare(data, person, counted)
    print(f"  baseline: iterating the ORM objects ({n:,} cases), once: {baseline:.2f} s")
    ratio = baseline / worst
    print(f"  ratio: the aggregate query is {ratio:,.0f}× faster than iterating")
    if problems:
        print("MISMATCH:", *problems[:20], sep="\n  ")
        sys.exit(1)
    target = "met" if worst < TARGET else "NOT met"
    print(
        f"RESULT: yearly figures in {worst:.3f} s over {n:,} cases, same figures as the "
        f"baseline; {ratio:,.0f}× the ORM iteration (target < {TARGET:.0f} s: {target})"
    )


if __name__ == "__main__":
    main()
