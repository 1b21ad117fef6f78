"""The plan figures on the small ledger of test_exports, computed by hand, scoped to who reads
them, in a fixed number of queries.

On 2025-07-20 (quarterly reports; Q2 = 04-01…06-30, due 07-10), after `run_progress`:

by lead unit      tasks  status                               done with due  on time
  甲区司法局       2     1 done (03-20 ≤ 06-30), 4 done (04-15 > 03-31)   2       1
  甲区教育局       1     3 长期坚持                                         0       0
  甲区卫健委       3     2 推进中, 5 滞后, 6 未启动                         0       0
  → 6 tasks: 未启动 1, 推进中 1, 已完成 2, 滞后 1, 长期坚持 1; on time 1 ÷ 2.

targets           count  with a figure  met
  甲区司法局       1      1 (100 ≥ 100)  1
  甲区教育局       1      1 (4 ≥ 4)      1
  甲区卫健委       3      1 (85 < 90)    0   (12 学时 and ≤15 个工作日 without a figure)
  总体目标         1      0              0
  → 6 targets, 3 with a figure, 2 met (2 ÷ 3), 3 without a figure.

Q2 reports owed by the open tasks (2, 3, 5, 6) to their units in the tree:
  甲区卫健委: 2 (07-05, in time), 5 (none), 6 (07-08, returned: submitted in time)
    → 3 owed, 1 overdue
  甲区教育局: 3 (07-15: late) → 1 owed, 1 overdue
  甲区东街、甲区西街街道办事处: 3 (none) → 1 owed, 1 overdue each
  (区法院, external, owes nothing here; tasks 1 and 4 are done)
  → 6 owed, 4 overdue.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import Person
from fazhi.plans import figures, services
from fazhi.plans.figures import Counts
from fazhi.plans.models import Target

from . import test_exports as base
from .conftest import at as travel
from .test_exports import PLAN_TEXT, TODAY, at, import_plan, reviewed_parse, target, task

pytestmark = pytest.mark.django_db

# the ledger of test_exports (built through the services)
evidence_root, ledger, reported = base.evidence_root, base.ledger, base.reported


def by_unit(result: figures.Figures) -> dict[str, Counts]:
    return {row.unit.name: row.counts for row in result.units}


def statuses(c: Counts) -> tuple[int, ...]:
    return (c.not_started, c.in_progress, c.done, c.lagging, c.ongoing)


def test_the_office_figures_by_hand(reported):
    with at(TODAY):
        result = figures.plan_figures(reported.office, plan=reported.plan)
    units = by_unit(result)
    assert list(units) == [
        "甲区司法局",
        "甲区教育局",
        "甲区卫健委",
        "甲区东街街道办事处",
        "甲区西街街道办事处",
    ]
    office, edu, health = units["甲区司法局"], units["甲区教育局"], units["甲区卫健委"]
    assert (office.tasks, statuses(office), office.done_with_due, office.on_time) == (
        2,
        (0, 0, 2, 0, 0),
        2,
        1,
    )
    assert (edu.tasks, statuses(edu)) == (1, (0, 0, 0, 0, 1))
    assert (health.tasks, statuses(health)) == (3, (1, 1, 0, 1, 0))
    assert (office.targets, office.with_figure, office.met) == (1, 1, 1)
    assert (edu.targets, edu.with_figure, edu.met) == (1, 1, 1)
    assert (health.targets, health.with_figure, health.met, health.without_figure) == (3, 1, 0, 2)
    assert (health.reports_due, health.reports_overdue) == (3, 1)
    assert (edu.reports_due, edu.reports_overdue) == (1, 1)
    assert (office.reports_due, office.reports_overdue) == (0, 0)
    for street in ("甲区东街街道办事处", "甲区西街街道办事处"):
        assert (units[street].tasks, units[street].reports_due, units[street].reports_overdue) == (
            0,
            1,
            1,
        )
    assert (result.general.targets, result.general.with_figure) == (1, 0)

    total = result.total
    assert total.tasks == 6 and statuses(total) == (1, 1, 2, 1, 1)
    assert (total.done_with_due, total.on_time, total.on_time_rate) == (2, 1, 0.5)
    assert (total.targets, total.with_figure, total.met, total.without_figure) == (6, 3, 2, 3)
    assert total.met_rate == pytest.approx(2 / 3)
    assert (total.reports_due, total.reports_overdue) == (6, 4)
    period = result.periods[3]
    assert (period.start, period.end, period.due) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
        date(2025, 7, 10),
    )


def test_met_in_sql_agrees_with_the_model(reported):
    """The SQL condition counts exactly the targets Target.met says are met (each comparator,
    both sides of the line)."""
    cases = [
        (">=", "90", "89.99"),
        (">=", "90", "90"),
        ("<=", "15", "15"),
        ("<=", "15", "15.01"),
        ("=", "100", "100"),
        ("=", "100", "99"),
    ]
    plan, first = reported.plan, reported.task(6)
    Target.objects.filter(plan=plan).update(latest_value=None)
    for i, (comparator, value, latest) in enumerate(cases):
        Target.objects.create(
            plan=plan,
            task=first,
            position=10 + i,
            text=f"目标{i}",
            value=Decimal(value),
            comparator=comparator,
            latest_value=Decimal(latest),
        )
    expected = sum(1 for t in Target.objects.filter(plan=plan) if t.met)
    assert expected == 3
    with at(TODAY):
        result = figures.plan_figures(reported.office, plan=plan)
    assert (result.total.with_figure, result.total.met) == (len(cases), expected)


def test_a_department_sees_the_figures_of_its_own_tasks(reported):
    with at(TODAY):
        health = figures.plan_figures(reported.health, plan=reported.plan)
        stranger = figures.plan_figures(reported.stranger, plan=reported.plan)
    assert [row.unit.name for row in health.units] == ["甲区卫健委"]
    c = health.total
    assert (c.tasks, statuses(c)) == (3, (1, 1, 0, 1, 0))
    # its tasks' targets; the plan's general target belongs to the government, not to it
    assert (c.targets, c.with_figure, c.met) == (3, 1, 0)
    assert health.general.targets == 0
    assert (c.reports_due, c.reports_overdue) == (3, 1)
    # another district sees nothing
    assert stranger.units == [] and stranger.total == Counts()


def test_a_year(reported):
    with at(TODAY):
        y2025 = figures.plan_figures(reported.office, year=2025)
        y2026 = figures.plan_figures(reported.office, year=2026)
        y2024 = figures.plan_figures(reported.office, year=2024)
    # 2025: every task (none was completed before 2025)
    assert y2025.total.tasks == 6
    assert (y2025.total.reports_due, y2025.total.reports_overdue) == (6, 4)
    # 2026: tasks 1 and 4 were completed in 2025; no 2026 period has been due yet
    assert y2026.total.tasks == 4 and statuses(y2026.total) == (1, 1, 0, 1, 1)
    assert (y2026.total.done_with_due, y2026.total.on_time) == (0, 0)
    assert y2026.periods == {} and y2026.total.reports_due == 0
    # 2024: its last quarter was due on 2025-01-10, but the plan came on 2025-01-06: nothing
    # was owed for it
    assert y2024.periods[3].end == date(2024, 12, 31)
    assert y2024.total.reports_due == 0


def test_before_a_period_is_due_nothing_is_overdue(reported):
    # On 2025-07-10 Q2 reports are still in time: the period counted is Q1 (due 04-10). The
    # open tasks 2, 3, 5 and 6 owe their six units one report each; the only Q1 report is
    # task 1's (done: not counted).
    with at(date(2025, 7, 10)):
        result = figures.plan_figures(reported.office, plan=reported.plan)
    assert result.periods[3].start == date(2025, 1, 1)
    assert (result.total.reports_due, result.total.reports_overdue) == (6, 6)


def test_last_due_period():
    assert figures.last_due_period(3, date(2025, 7, 11)).start == date(2025, 4, 1)
    assert figures.last_due_period(3, date(2025, 7, 10)).start == date(2025, 1, 1)
    monthly = figures.last_due_period(1, date(2025, 3, 1))
    assert (monthly.start, monthly.end, monthly.due) == (
        date(2025, 1, 1),
        date(2025, 1, 31),
        date(2025, 2, 10),
    )
    yearly = figures.last_due_period(12, date(2025, 7, 20))
    assert (yearly.start, yearly.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert figures.last_due_period(12, date(2025, 7, 20), year=2025) is None


def test_the_queries_are_bounded(reported, django_assert_max_num_queries):
    with at(TODAY):
        office = Person.objects.get(pk=reported.office.pk)
        with CaptureQueriesContext(connection) as few:
            figures.plan_figures(office)
        import_plan(
            reported.office,
            reported.east.district,
            reviewed_parse(
                tasks=[
                    task(
                        str(n),
                        f"第{n}项任务",
                        ["甲区卫健委" if n % 2 else "甲区教育局"],
                        ["各街道办事处"],
                        due="2025-12-31",
                        targets=[target(f"指标{n}达到100%", 100, "%")],
                    )
                    for n in range(1, 41)
                ]
            ),
            name="更多任务.txt",
            text=PLAN_TEXT + "\n",
            on=date(2025, 3, 1),
        )
        office = Person.objects.get(pk=reported.office.pk)
        with django_assert_max_num_queries(len(few.captured_queries)):
            result = figures.plan_figures(office)
    assert result.total.tasks == 46
    # the 40 new tasks owe Q2 reports to their lead unit and both streets: 120 more, none made
    assert (result.total.reports_due, result.total.reports_overdue) == (126, 124)
    # the person's reach (posts, units, successors: 4), the 司法局 posts keeping plans (2), and
    # the five of figures.py
    assert len(few.captured_queries) <= 11


# ---- on the conftest world: what the office's later actions must not change -------------------


def test_a_resubmission_does_not_make_an_in_time_report_late(world):
    plan = world.plan()
    one = world.task(plan, "一")
    report = world.report(one, on=date(2025, 3, 20))  # Q1, due 04-10
    with travel(date(2025, 3, 25)):
        services.report_return(
            actor=world.office, unit=world.office_unit, report=report, comment="补充佐证。"
        )
    with travel(date(2025, 5, 1)):
        services.report_resubmit(
            actor=world.fin_handler, unit=world.finance, report=report, text="改了", figures={}
        )
    result = figures.plan_figures(world.office, plan=plan, today=date(2025, 5, 2))
    finance = by_unit(result)["示范区财政局"]
    assert finance.reports_due == 2  # tasks 一 and 二
    assert finance.reports_in_time == 1  # 一, by its first submission


def test_on_time_is_measured_against_the_original_due_date(world):
    plan = world.plan()
    one = world.task(plan, "一")  # due 2025-06-30
    with travel(date(2025, 7, 1), hour=0):
        services.tasks_sweep()
    with travel(date(2025, 7, 2)):
        services.task_update(
            actor=world.office,
            task=one,
            title=one.title,
            text=one.text,
            due_on=date(2025, 12, 31),
            period="",
        )
        services.task_catch_up(actor=world.office, unit=world.office_unit, task=one)
    report = world.report(
        one,
        on=date(2025, 9, 20),
        period_start=date(2025, 7, 1),
        claims_done=True,
        completed_on=date(2025, 9, 15),
    )
    world.accept(report, on=date(2025, 9, 25))
    result = figures.plan_figures(world.office, plan=plan, today=date(2025, 9, 26))
    assert (result.total.done_with_due, result.total.on_time) == (1, 0)
