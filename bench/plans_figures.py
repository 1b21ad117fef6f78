"""Benchmark: the plan figures (规划任务 statistics for the annual report) over 10,000 tasks.

Corpus: an empty database gets one district (基准区人民政府: its 司法局, 40 departments and 12
streets, built through `fazhi.core.services`), a 司法局 reviewer, and --plans plans (default
20) holding --tasks tasks between them (default 10,000) by bulk inserts: each task's lead unit
and one to three responsible units (one in ten naming 区法院, an external body), zero to two
targets (latest figure or none), statuses of every kind with due and completion dates, report
cycles of 1, 3 and 6 months, and progress reports — for about 60% of the (task, unit) pairs
that owed the last due period's, some late, and as many from the period before. The database
is DATABASE_URL if set (PostgreSQL allowed), otherwise var/bench/plans_figures.sqlite3; one
that already holds the tasks is reused. On PostgreSQL the tables are analyzed first.

Measured, as the 司法局's reviewer (every task in reach), on 2025-07-20:
`figures.plan_figures(person)`, and with year=2025 — statuses, on-time completion, targets met
and overdue reports per unit (four grouped aggregate queries and one for the units' names,
besides the person's reach); the first run, then the median of --repeat runs.

Baseline in the same run: the same figures by iterating the ORM objects — every task in reach,
its targets, its units and the reports of the periods counted, `.iterator()`, each condition
tested in Python. The script checks both give the same figures (exit 1 otherwise) and prints the
ratio. Target: under 1 s.

    .venv/bin/python bench/plans_figures.py [--tasks 10000] [--plans 20] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_plans \\
        .venv/bin/python bench/plans_figures.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import fields
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = ROOT / "var" / "bench" / "plans_figures.sqlite3"
TARGET = 1.0  # seconds
TODAY = date(2025, 7, 20)
SEED = 20250720
BASELINE = "ORM iteration (every task, target, unit and report in reach, tested in Python)"
DISTRICT = "基准区人民政府"


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


def _aware(day: date, hour: int = 10) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, clock(hour)))


def build(n_tasks: int, n_plans: int) -> None:
    from django.db import connection, transaction

    from fazhi.core import services as core
    from fazhi.core.models import Person, Role, Unit, UnitKind
    from fazhi.plans import figures, services
    from fazhi.plans.models import Plan, ProgressReport, Target, Task, TaskStatus, TaskUnit

    have = Task.objects.count()
    if have >= n_tasks:
        print(f"  corpus: reusing {have:,} plan tasks")
    elif have:
        sys.exit(f"the database holds {have:,} tasks, fewer than {n_tasks:,}: empty it first")
    else:
        started = time.perf_counter()
        rng = random.Random(SEED)
        with transaction.atomic():
            district = core.unit_create(
                actor=None,
                parent=None,
                kind=UnitKind.DISTRICT,
                name=DISTRICT,
                valid_from=date(2020, 1, 1),
            )
            office = core.unit_create(
                actor=None,
                parent=district,
                kind=UnitKind.LEGAL_OFFICE,
                name="基准区司法局",
                valid_from=date(2020, 1, 1),
            )
            units = [office]
            for i in range(40):
                units.append(
                    core.unit_create(
                        actor=None,
                        parent=district,
                        kind=UnitKind.DEPARTMENT,
                        name=f"基准区第{i + 1}局",
                        valid_from=date(2020, 1, 1),
                    )
                )
            for i in range(12):
                units.append(
                    core.unit_create(
                        actor=None,
                        parent=district,
                        kind=UnitKind.STREET,
                        name=f"基准区第{i + 1}街道办事处",
                        valid_from=date(2020, 1, 1),
                    )
                )
            reviewer = core.person_create(
                actor=None,
                unit=office,
                username="bench_plans_reviewer",
                name="基准区司法局审核员",
                role=Role.LEGAL_REVIEWER,
            )
            plans = Plan.objects.bulk_create(
                Plan(
                    owner=district,
                    title=f"基准区法治政府建设规划之{i + 1}",
                    source_name=f"plan{i + 1}.txt",
                    source_sha256=f"{i:064x}",
                    report_months=(1, 3, 3, 6)[i % 4],
                    imported_by=reviewer,
                    imported_at=_aware(date(2024, 1, 5)),
                    published_on=date(2023 + i % 3, 12, 1),
                )
                for i in range(n_plans)
            )
            per_plan = -(-n_tasks // n_plans)
            tasks = []
            states = [s.value for s in TaskStatus]
            for plan in plans:
                for position in range(1, per_plan + 1):
                    if len(tasks) >= n_tasks:
                        break
                    state = rng.choice(states)
                    due = (
                        None
                        if state == TaskStatus.ONGOING or rng.random() < 0.1
                        else date(2024, 1, 1) + timedelta(days=rng.randrange(4 * 365))
                    )
                    completed = None
                    if state == TaskStatus.DONE:
                        completed = date(2024, 1, 1) + timedelta(days=rng.randrange(560))
                    tasks.append(
                        Task(
                            plan=plan,
                            unit=rng.choice(units),
                            position=position,
                            number=str(position),
                            title=f"任务{position}",
                            due_on=due,
                            original_due_on=due,
                            period="每年" if due is None else "",
                            completed_on=completed,
                            state=state,
                        )
                    )
            tasks = Task.objects.bulk_create(tasks, batch_size=2000)
            links, targets = [], []
            for task in tasks:
                named = [task.unit, *rng.sample(units, rng.randint(1, 3))]
                seen = set()
                for position, unit in enumerate(named):
                    if unit.pk in seen:
                        continue
                    seen.add(unit.pk)
                    role = "lead" if position == 0 else "responsible"
                    links.append(
                        TaskUnit(
                            task=task, role=role, unit=unit, written=unit.name, position=position
                        )
                    )
                if rng.random() < 0.1:
                    links.append(
                        TaskUnit(
                            task=task,
                            role="responsible",
                            external_name="区法院",
                            written="区法院",
                            position=9,
                        )
                    )
                for position in range(rng.randint(0, 2)):
                    value = Decimal(rng.choice((90, 100, 15, 4)))
                    latest = None if rng.random() < 0.4 else value + Decimal(rng.choice((-5, 0, 3)))
                    targets.append(
                        Target(
                            plan_id=task.plan_id,
                            task=task,
                            position=position,
                            text="目标",
                            value=value,
                            comparator=rng.choice((">=", "<=", "=")),
                            latest_value=latest,
                        )
                    )
            for plan in plans:
                for position in range(3):
                    targets.append(
                        Target(
                            plan=plan,
                            position=position,
                            text="总体目标",
                            value=Decimal(100),
                            comparator=">=",
                            latest_value=rng.choice((None, Decimal(100))),
                        )
                    )
            TaskUnit.objects.bulk_create(links, batch_size=2000)
            Target.objects.bulk_create(targets, batch_size=2000)
            plan_by_id = {p.pk: p for p in plans}
            reports = []
            for link in links:
                if link.unit_id is None:
                    continue
                plan = plan_by_id[link.task.plan_id]
                period = figures.last_due_period(plan.report_months, TODAY)
                before = services.reporting_period(plan, period.start - timedelta(days=1))
                for start, end, due in (
                    (period.start, period.end, period.due),
                    (before[0], before[1], services.report_due_on(plan, before[1])),
                ):
                    if rng.random() < 0.6:
                        late = rng.random() < 0.15
                        submitted = (
                            due + timedelta(days=rng.randint(1, 5))
                            if late
                            else (end + timedelta(days=rng.randint(1, 10)))
                        )
                        reports.append(
                            ProgressReport(
                                task_id=link.task_id,
                                unit_id=link.unit_id,
                                period_start=start,
                                period_end=end,
                                text="进展",
                                submitted_by=reviewer,
                                submitted_at=_aware(min(submitted, TODAY)),
                                state=rng.choice(("submitted", "accepted", "returned")),
                            )
                        )
            ProgressReport.objects.bulk_create(reports, batch_size=2000)
        print(
            f"  corpus: {len(tasks):,} tasks in {n_plans} plans, {len(links):,} task units, "
            f"{len(targets):,} targets, {len(reports):,} reports by bulk inserts in "
            f"{time.perf_counter() - started:.0f} s"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Plan, Task, TaskUnit, Target, ProgressReport, Unit):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    Person.objects.get(username="bench_plans_reviewer")


def by_iteration(person, year, today):
    """{unit id or None: Counts} from every task, target, unit and report, one at a time."""
    from fazhi.core import policies
    from fazhi.plans import figures, selectors
    from fazhi.plans.models import ProgressReport, Target, TaskStatus, TaskUnit

    out: dict = {}

    def counts(key):
        return out.setdefault(key, figures.Counts())

    def in_year(task):
        if year is None:
            return True
        published = task.plan.published_on
        return (task.completed_on is None or task.completed_on >= date(year, 1, 1)) and (
            published is None or published <= date(year, 12, 31)
        )

    periods = {m: figures.last_due_period(m, today, year=year) for m in (1, 2, 3, 4, 6, 12)}
    tasks = {}
    plain = selectors.tasks_for(person).prefetch_related(None).select_related("plan")
    for task in plain.iterator(chunk_size=5000):
        if not in_year(task):
            continue
        tasks[task.pk] = task
        c = counts(task.unit_id)
        c.tasks += 1
        setattr(c, task.state, getattr(c, task.state) + 1)
        if task.state == TaskStatus.DONE and task.due_on is not None:
            c.done_with_due += 1
            c.on_time += task.completed_on <= task.due_on
    reach = policies.unit_ids_for(person)
    for t in Target.objects.select_related("task", "plan").iterator(chunk_size=5000):
        if t.task_id is None:
            if reach is not None and t.plan.owner_id not in reach:
                continue
            c = counts(None)
        elif t.task_id in tasks:
            c = counts(t.task.unit_id)
        else:
            continue
        c.targets += 1
        c.with_figure += t.latest_value is not None
        c.met += bool(t.met)
    submitted = {}
    for r in ProgressReport.objects.iterator(chunk_size=5000):
        submitted.setdefault((r.task_id, r.unit_id, r.period_start), []).append(r.submitted_at)
    for link in TaskUnit.objects.select_related("unit").iterator(chunk_size=5000):
        task = tasks.get(link.task_id)
        if task is None or link.unit_id is None or task.state == TaskStatus.DONE:
            continue
        if link.unit.valid_to is not None and link.unit.valid_to <= today:
            continue
        period = periods.get(task.plan.report_months)
        if period is None or task.plan.imported_at >= _end(period.end):
            continue
        c = counts(link.unit_id)
        c.reports_due += 1
        times = submitted.get((task.pk, link.unit_id, period.start), [])
        c.reports_in_time += any(t < _end(period.due) for t in times)
    return out


def _end(day: date) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day + timedelta(days=1), clock.min))


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


def pct(value):
    return "—" if value is None else f"{value * 100:.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--plans", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    url = setup_django()
    from django.db import connection

    from fazhi.core.models import Person
    from fazhi.plans import figures
    from fazhi.plans.models import Task

    print(f"Plan figures, {connection.vendor}: {url}")
    build(args.tasks, args.plans)
    n = Task.objects.count()
    person = Person.objects.get(username="bench_plans_reviewer")
    print(f"  {n:,} plan tasks; as {person.name} (司法局); today {TODAY}")

    worst, baseline_worst, problems = 0.0, 0.0, []
    for year in (None, TODAY.year):
        label = "all years" if year is None else str(year)
        first, median, data = timed(
            lambda y=year: figures.plan_figures(
                Person.objects.get(pk=person.pk), year=y, today=TODAY
            ),
            args.repeat,
        )
        worst = max(worst, median)
        t = data.total
        print(
            f"  {label}: plan_figures() first {first:.3f} s, median of {args.repeat} "
            f"{median:.3f} s — {len(data.units)} units, {t.tasks:,} tasks ({t.done:,} done, "
            f"{t.lagging:,} lagging), on time {pct(t.on_time_rate)}, targets met "
            f"{pct(t.met_rate)} ({t.without_figure:,} without a figure), reports overdue "
            f"{t.reports_overdue:,} of {t.reports_due:,}"
        )
        started = time.perf_counter()
        expected = by_iteration(Person.objects.get(pk=person.pk), year, TODAY)
        baseline = time.perf_counter() - started
        baseline_worst = max(baseline_worst, baseline)
        mine = {u.unit.pk: u.counts for u in data.units}
        if data.general.targets:
            mine[None] = data.general
        for key in sorted(set(mine) | set(expected), key=lambda k: (k is None, k or 0)):
            a, b = mine.get(key), expected.get(key)
            if a is None or b is None:
                problems.append(f"{label} unit {key}: only in one")
                continue
            problems += [
                f"{label} unit {key} {f.name}: {getattr(a, f.name)} != {getattr(b, f.name)}"
                for f in fields(a)
                if getattr(a, f.name) != getattr(b, f.name)
            ]
        print(f"  {label}: baseline ({BASELINE}): {baseline:.3f} s")
    if problems:
        print("MISMATCH:", *problems[:20], sep="\n  ")
        sys.exit(1)
    ratio = baseline_worst / worst
    verdict = "met" if worst < TARGET else "NOT met"
    print(
        f"RESULT: plan figures in {worst:.3f} s over {n:,} tasks, same figures as the baseline; "
        f"{ratio:,.1f}× faster than the baseline, {BASELINE} ({baseline_worst:.3f} s) "
        f"(target < {TARGET:.0f} s: {verdict})"
    )


if __name__ == "__main__":
    main()
