"""Benchmark: the yearly litigation figures (行政应诉统计) over 20,000 cases.

Corpus: an empty database gets the demo district (`fazhi.demo.generator.generate(documents=0)`,
which builds the organization tree and the other modules' demo), then the litigation demo
built through the services (`fazhi.demo.litigation.build`), then --cases cases (default 20,000)
and their suggestions by bulk inserts (`fazhi.demo.litigation_bulk`). The database is
DATABASE_URL if set (PostgreSQL allowed), otherwise var/bench/litigation_figures.sqlite3; one
that already holds the cases is reused. On PostgreSQL the tables are analyzed first.

Measured, as the 司法局's reviewer (sfj_shencha: every agency of the district in reach), for
this year and last year: `figures.yearly(person, year)` — every figure of the page (three
grouped aggregate queries over the cases, one over the suggestions); the first run, then the
median of --repeat runs; and the workbook (`exports.workbook`).

Baseline in the same run: the same figures computed by iterating the ORM objects — every case
and suggestion in reach, `.iterator()`, each condition tested in Python. The script checks both
give the same figures (exit 1 otherwise) and prints the ratio. Target: under 1 s.

    .venv/bin/python bench/litigation_figures.py [--cases 20000] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_litigation \\
        .venv/bin/python bench/litigation_figures.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = ROOT / "var" / "bench" / "litigation_figures.sqlite3"
TARGET = 1.0  # seconds
BASELINE = "ORM iteration (every case and suggestion in reach, conditions tested in Python)"


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
    from django.db import connection

    from fazhi.core.models import Unit
    from fazhi.demo import generator, litigation, litigation_bulk
    from fazhi.litigation.models import LitigationCase, Suggestion

    have = LitigationCase.objects.count()
    if have >= n:
        print(f"  corpus: reusing {have:,} litigation cases")
    elif LitigationCase.objects.exists():
        sys.exit(f"the database holds {have:,} cases, fewer than {n:,}: empty it first")
    else:
        started = time.perf_counter()
        if not Unit.objects.exists():
            generator.generate(seed=generator.DEFAULT_SEED, documents=0)
        roots = list(Unit.objects.get_root_nodes().order_by("path"))
        made = litigation.build(roots, seed=generator.DEFAULT_SEED)
        demo = sum(m["cases"] for m in made.values())
        bulk = litigation_bulk.bulk_build(roots[0], count=n - demo, seed=generator.DEFAULT_SEED)
        print(
            f"  corpus: demo district, {demo} demo cases through the services and {bulk:,} bulk "
            f"cases in {time.perf_counter() - started:.0f} s"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (LitigationCase, Suggestion):
                cursor.execute(f"ANALYZE {model._meta.db_table}")


def by_iteration(person, year, today):
    """{unit id: Counts} from every case and suggestion in reach, one object at a time."""
    from fazhi.litigation import figures, law, selectors

    out: dict[int, figures.Counts] = {}

    def counts(unit_id):
        return out.setdefault(unit_id, figures.Counts())

    for case in selectors.cases_for(person).select_related(None).iterator(chunk_size=5000):
        if case.served_on.year == year:
            c = counts(case.unit_id)
            c.received += 1
            c.received_first += case.instance == "first"
            c.co_defendant += case.co_defendant
        if case.judged_on and case.judged_on.year == year:
            c = counts(case.unit_id)
            judged = case.document_kind in (law.JUDGMENT, law.RULING)
            c.concluded += 1
            c.by_judgment += judged
            c.win += case.result == law.WIN
            c.loss += judged and case.result == law.LOSS
            c.withdrawn += case.result == law.WITHDRAWN
            c.mediated += case.result == law.MEDIATED
            c.other += case.result == law.OTHER
        if case.first_heard_on and case.first_heard_on.year == year:
            c = counts(case.unit_id)
            c.heard += 1
            c.head += case.head_appeared
            c.required += case.head_required
            c.required_head += case.head_required and case.head_appeared
    for s in selectors.suggestions_for(person).select_related(None).iterator(chunk_size=5000):
        if s.received_on.year != year:
            continue
        c = counts(s.unit_id)
        c.suggestions += 1
        c.judicial += s.kind == "judicial"
        c.procuratorial += s.kind == "procuratorial"
        c.replied += s.replied_on is not None
        c.replied_on_time += s.replied_on is not None and s.replied_on <= s.due_on
        c.overdue += s.replied_on is None and s.due_on < today
    return out


def timed(fn, repeat: int):
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
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    url = setup_django()
    from django.db import connection
    from django.utils import timezone

    from fazhi.core.models import Person
    from fazhi.litigation import exports, figures
    from fazhi.litigation.models import LitigationCase

    print(f"Litigation figures, {connection.vendor}: {url}")
    build(args.cases)
    n = LitigationCase.objects.count()
    today = timezone.localdate()
    person = Person.objects.get(username="sfj_shencha")
    print(f"  {n:,} litigation cases; as {person.name} (司法局); today {today}")

    worst, problems, baseline_worst = 0.0, [], 0.0
    for year in (today.year, today.year - 1):
        first, median, data = timed(
            lambda y=year: figures.yearly(person, y, today=today), args.repeat
        )
        worst = max(worst, median)
        t = data.total
        print(
            f"  {year}: yearly() first {first:.3f} s, median of {args.repeat} {median:.3f} s — "
            f"{len(data.agencies)} agencies, {t.received:,} received, {t.concluded:,} concluded, "
            f"loss rate {exports.percent(t.loss_rate)}, head {exports.percent(t.head_rate)}, "
            f"suggestions replied {exports.percent(t.reply_rate)}"
        )
        started = time.perf_counter()
        expected = by_iteration(person, year, today)
        baseline = time.perf_counter() - started
        baseline_worst = max(baseline_worst, baseline)
        mine = {a.unit.pk: a.counts for a in data.agencies}
        for unit_id in sorted(set(mine) | set(expected)):
            a, b = mine.get(unit_id), expected.get(unit_id)
            if a is None or b is None:
                problems.append(f"{year} unit {unit_id}: only in one")
                continue
            problems += [
                f"{year} unit {unit_id} {f.name}: {getattr(a, f.name)} != {getattr(b, f.name)}"
                for f in fields(a)
                if getattr(a, f.name) != getattr(b, f.name)
            ]
        print(f"  {year}: baseline ({BASELINE}): {baseline:.3f} s")
    _, export_median, book = timed(
        lambda: exports.workbook(
            figures.yearly(person, today.year, today=today), figures.unanswered(person)
        ),
        args.repeat,
    )
    print(
        f"  {today.year}: figures + .xlsx workbook ({len(book):,} bytes) "
        f"median {export_median:.3f} s"
    )
    ratio = baseline_worst / worst
    if problems:
        print("MISMATCH:", *problems[:20], sep="\n  ")
        sys.exit(1)
    verdict = "met" if worst < TARGET else "NOT met"
    print(
        f"RESULT: yearly litigation figures in {worst:.3f} s over {n:,} cases, same figures as "
        f"the baseline; {ratio:,.1f}× faster than the baseline, {BASELINE} "
        f"({baseline_worst:.3f} s) (target < {TARGET:.0f} s: {verdict})"
    )


if __name__ == "__main__":
    main()
