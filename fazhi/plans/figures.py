"""规划任务 figures for the annual report's section on measures and results (主要举措和成效),
over the tasks the viewing person reaches (`selectors.tasks_for`: the legal affairs office and
the government's leaders every task of its plans; a department or street the tasks it is lead
or responsible unit of), optionally of one plan, optionally of one year. `today` is the day
the figures are read; statuses are those of that day.

Definitions:

- 任务: with a year, the tasks not completed before the year began (`completed_on` empty or on
  or after January 1) of plans not published after it ended (`published_on` empty or on or
  before December 31); without one, every task in reach. Counted per 牵头单位 (`Task.unit`: the
  first lead unit, else the first responsible unit in the organization tree, else the plan's
  owner), by status: 未启动、推进中、已完成、滞后、长期坚持.
- 按期完成率 = 按期完成 ÷ 有完成时限的已完成任务: of the tasks done that had a due date, those
  whose completion date (`completed_on`) is on or before the original one
  (`original_due_on`: the date the plan set, or the first the office set for a task the plan
  gave none) — not the current `due_on`, which the office may have moved later: a task done
  after its original date is late even if its date was extended. A task done without ever
  having a due date (长期坚持) is in neither.
- 量化目标达成率 = 已达成 ÷ 有完成值的目标: the targets of those tasks — and, for a person who
  reaches the plan's owner, the plan's general targets (总体目标, no task) — whose latest
  accepted or computed figure (`latest_value`) meets the target as `Target.met` says (不少于:
  ≥, 不超过: ≤, 达到: =). 无完成值 counts the targets still without a figure. The general
  targets are counted in the totals, not under a unit.
- 逾期未报送: for each report cycle (`Plan.report_months`: 1, 2, 3, 4, 6 or 12 months, periods
  counted from January 1), the latest reporting period whose report was due before `today` —
  due `settings.FAZHI_PLANS_REPORT_DUE_DAYS` days after the period ended — and, with a year,
  that ended within the year. 应报送 counts the pairs (task, unit) of the tasks open today
  (not done) of plans imported by that period's end, for every unit of the organization tree
  the task names (lead or responsible) that still exists today — the units the daily sweep
  (`services.tasks_sweep`) asks for a report (an external body such as 区法院 reports to no one
  here). 逾期未报送: those pairs for which no report of that period was submitted by the day
  it was due — by its first submission (`submitted_at`; a report returned for correction was
  submitted, and its resubmission, `resubmitted_at`, does not make it late). Counted under the
  unit that owes the report.

Cost: one grouped aggregate query over the tasks (per lead unit: statuses and completion), one
over the targets, two for the reports (the pairs owed, the reports in time: every cycle in the
same query) and one for the units' names — whatever the number of tasks (bench/plans_figures.py) —
besides the person's reach, computed once per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from fazhi.core import policies
from fazhi.core.models import Person, Unit

from . import selectors, services
from .models import Comparator, Plan, ProgressReport, Target, Task, TaskStatus, TaskUnit
from .procedures import OPEN


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Counts:
    tasks: int = 0
    not_started: int = 0
    in_progress: int = 0
    done: int = 0
    lagging: int = 0
    ongoing: int = 0
    done_with_due: int = 0  # the on-time rate's base
    on_time: int = 0
    targets: int = 0
    with_figure: int = 0  # the targets-met rate's base
    met: int = 0
    reports_due: int = 0
    reports_in_time: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def without_figure(self) -> int:
        return self.targets - self.with_figure

    @property
    def reports_overdue(self) -> int:
        return self.reports_due - self.reports_in_time

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.done_with_due)

    @property
    def met_rate(self) -> float | None:
        return rate(self.met, self.with_figure)

    def by_status(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the order of TaskStatus."""
        return [(s.value, s.label, getattr(self, s.value)) for s in TaskStatus]


@dataclass
class UnitFigures:
    unit: Unit
    counts: Counts


@dataclass
class Period:
    """The reporting period whose reports are counted, for plans reporting every `months`."""

    months: int
    start: date
    end: date
    due: date  # the last day a report of the period was on time


@dataclass
class Figures:
    today: date
    year: int | None = None
    plan: Plan | None = None
    units: list[UnitFigures] = field(default_factory=list)
    general: Counts = field(default_factory=Counts)  # the plans' general targets
    total: Counts = field(default_factory=Counts)
    periods: dict[int, Period] = field(default_factory=dict)

    @property
    def title(self) -> str:
        scope = self.plan.title if self.plan else "规划任务"
        return f"{self.year}年度 {scope}" if self.year else scope


# ---- periods --------------------------------------------------------------------------------


def last_due_period(months: int, today: date, *, year: int | None = None) -> Period | None:
    """The latest period of a `months` cycle whose reports were due before `today` (and,
    with a year, that ended within it). Periods as `services.reporting_period` counts them."""
    cycle = Plan(report_months=months)  # not saved: the period depends on the cycle alone
    day = today if year is None else min(today, date(year, 12, 31))
    start, end = services.reporting_period(cycle, day)
    while services.report_due_on(cycle, end) >= today:
        start, end = services.reporting_period(cycle, start - timedelta(days=1))
    if year is not None and end.year != year:
        return None
    return Period(months, start, end, services.report_due_on(cycle, end))


# ---- the queries ----------------------------------------------------------------------------


def _tasks(person: Person, plan: Plan | None, year: int | None) -> QuerySet[Task]:
    tasks = selectors.tasks_for(person, plan=plan).order_by()
    if year is not None:
        tasks = tasks.filter(
            Q(completed_on__isnull=True) | Q(completed_on__gte=date(year, 1, 1)),
            Q(plan__published_on__isnull=True) | Q(plan__published_on__lte=date(year, 12, 31)),
        )
    return tasks


def _met() -> Q:
    return (
        Q(comparator=Comparator.AT_LEAST, latest_value__gte=F("value"))
        | Q(comparator=Comparator.AT_MOST, latest_value__lte=F("value"))
        | Q(comparator=Comparator.EQUAL, latest_value=F("value"))
    )


def _grouped(qs: QuerySet, key: str, aggregates: dict[str, Any], out: dict) -> None:
    """One GROUP BY query; the annotations are prefixed so that none shadows a field."""
    rows = qs.order_by().values(key).annotate(**{f"n_{k}": v for k, v in aggregates.items()})
    for row in rows:
        counts = out.setdefault(row[key], Counts())
        for name in aggregates:
            setattr(counts, name, getattr(counts, name) + row[f"n_{name}"])


def _task_aggregates() -> dict[str, Any]:
    done = Q(state=TaskStatus.DONE)
    with_due = done & Q(original_due_on__isnull=False)
    return {
        "tasks": Count("pk"),
        **{s.value: Count("pk", filter=Q(state=s.value)) for s in TaskStatus},
        "done_with_due": Count("pk", filter=with_due),
        "on_time": Count("pk", filter=with_due & Q(completed_on__lte=F("original_due_on"))),
    }


def _target_aggregates() -> dict[str, Any]:
    figure = Q(latest_value__isnull=False)
    return {
        "targets": Count("pk"),
        "with_figure": Count("pk", filter=figure),
        "met": Count("pk", filter=figure & _met()),
    }


def _end_of(day: date) -> datetime:
    """The first moment after `day`, Beijing time (or the configured zone)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _reports(tasks: QuerySet[Task], periods: dict[int, Period], today: date, out: dict) -> None:
    """Per unit: the (task, unit) pairs that owed a report of the period counted, and of them
    those whose report came in time — two grouped joins (a correlated EXISTS per pair would
    cost PostgreSQL's planner, and its JIT, more than the query itself)."""
    open_tasks = tasks.filter(state__in=OPEN).values("pk")
    active = Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gt=today)
    owed = Q(pk__in=[])
    in_time = Q(pk__in=[])
    for months, period in periods.items():
        cycle = Q(task__plan__report_months=months, task__plan__imported_at__lt=_end_of(period.end))
        owed |= cycle
        in_time |= cycle & Q(period_start=period.start, submitted_at__lt=_end_of(period.due))
    pairs = TaskUnit.objects.filter(owed, active, task__in=open_tasks, unit__isnull=False)
    _grouped(pairs, "unit_id", {"reports_due": Count("pk")}, out)
    # one report per (task, unit, period): counting reports counts pairs; the unit must be
    # named on the task (a report of a unit since removed from it is not one owed)
    reported = ProgressReport.objects.filter(
        in_time, active, task__in=open_tasks, task__units__unit=F("unit")
    )
    _grouped(reported, "unit_id", {"reports_in_time": Count("pk")}, out)


def plan_figures(
    person: Person,
    *,
    plan: Plan | None = None,
    year: int | None = None,
    today: date | None = None,
) -> Figures:
    """The figures over the tasks the person reaches, of one `plan` and one `year` if given."""
    today = today or timezone.localdate()
    tasks = _tasks(person, plan, year)
    task_ids = tasks.values("pk")
    out: dict[int | None, Counts] = {}
    _grouped(Task.objects.filter(pk__in=task_ids), "unit_id", _task_aggregates(), out)

    # The tasks' targets, and the general targets of the plans whose owner the person reaches.
    targets = Q(task__in=task_ids)
    reach = policies.unit_ids_for(person)
    general = Q(task__isnull=True) & (Q(plan=plan) if plan is not None else Q())
    if reach is not None:
        general &= Q(plan__owner__in=reach)
    _grouped(Target.objects.filter(targets | general), "task__unit_id", _target_aggregates(), out)

    periods = {
        months: period
        for months in services.REPORT_MONTHS
        if (period := last_due_period(months, today, year=year)) is not None
    }
    if periods:
        _reports(tasks, periods, today, out)

    figures = Figures(today=today, year=year, plan=plan, periods=periods)
    figures.general = out.pop(None, Counts())
    for unit in Unit.objects.filter(pk__in=list(out)).order_by("path"):
        figures.units.append(UnitFigures(unit, out[unit.pk]))
        figures.total.add(out[unit.pk])
    figures.total.add(figures.general)
    return figures
