"""The daily sweep: a task past its due date becomes 滞后 the day after, by the plan's own date
and with no actor; units that have not reported on the last period get a report-due period;
the deadlines sweep turns both into workspace alerts. Running it twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.core.models import TodoItem, TodoState
from fazhi.deadlines.models import Deadline, DeadlineState
from fazhi.deadlines.services import deadlines_sweep
from fazhi.plans import services
from fazhi.plans.models import Task, TaskUnit
from fazhi.procedures.models import StepRecord
from fazhi.procedures.services import StepRefused

from .conftest import at


def sweep(day: date) -> dict:
    with at(day, hour=0):
        return services.tasks_sweep()


def report_due(link=None):
    qs = Deadline.objects.filter(rule_id="plans.report_due")
    if link is not None:
        qs = qs.filter(subject_type=ContentType.objects.get_for_model(TaskUnit), subject_id=link.pk)
    return qs


def test_a_task_falls_behind_the_day_after_its_due_date(world):
    plan = world.plan()
    one = world.task(plan, "一")
    assert sweep(date(2025, 6, 30))["lagging"] == 0  # the due date itself is still in time
    assert sweep(date(2025, 7, 1))["lagging"] == 1
    one.refresh_from_db()
    assert one.state == "lagging"
    step = StepRecord.objects.get(object_id=one.pk, step="fall_behind")
    assert step.actor is None and timezone.localdate(step.occurred_at) == date(2025, 7, 1)
    assert sweep(date(2025, 7, 2))["lagging"] == 0  # idempotent
    assert StepRecord.objects.filter(step="fall_behind").count() == 1
    # Other tasks are not touched: 二 and 四 are due at the year's end, 三 is 长期坚持.
    assert set(Task.objects.exclude(pk=one.pk).values_list("state", flat=True)) == {
        "not_started",
        "ongoing",
    }


def test_a_done_task_never_falls_behind(world):
    plan = world.plan()
    one = world.task(plan, "一")
    report = world.report(
        one,
        actor=world.office_admin,
        unit=world.office_unit,
        claims_done=True,
        completed_on=date(2025, 3, 18),
    )
    world.accept(report)
    assert sweep(date(2025, 7, 1))["lagging"] == 0
    assert Task.objects.get(pk=one.pk).state == "done"


def test_a_lagging_task_catches_up_after_its_date_is_moved(world):
    plan = world.plan()
    one = world.task(plan, "一")
    sweep(date(2025, 7, 1))
    one.refresh_from_db()
    with at(date(2025, 7, 3)), pytest.raises(StepRefused, match="完成时限"):
        services.task_catch_up(actor=world.office, unit=world.office_unit, task=one)
    with at(date(2025, 7, 3)):
        services.task_update(
            actor=world.office,
            task=one,
            title=one.title,
            text=one.text,
            due_on=date(2025, 9, 30),
            period="",
        )
        services.task_catch_up(actor=world.office, unit=world.office_unit, task=one)
    one.refresh_from_db()
    assert one.state == "in_progress"
    with at(date(2025, 7, 3)), pytest.raises(StepRefused):  # not lagging any more
        services.task_catch_up(actor=world.office, unit=world.office_unit, task=one)


def test_a_lagging_task_is_still_reported_on_and_completed(world):
    plan = world.plan()
    one = world.task(plan, "一")
    sweep(date(2025, 7, 1))
    report = world.report(
        one,
        on=date(2025, 7, 20),
        actor=world.office_admin,
        unit=world.office_unit,
        claims_done=True,
        completed_on=date(2025, 7, 15),
    )
    world.accept(report, on=date(2025, 7, 21))
    assert Task.objects.get(pk=one.pk).state == "done"


def test_report_due_periods_for_units_that_have_not_reported(world):
    plan = world.plan()
    two = world.task(plan, "二")
    world.report(two, on=date(2025, 3, 20))  # 财政局 reported on the first quarter
    assert sweep(date(2025, 3, 31))["report_due"] == 0  # the quarter has not ended
    counts = sweep(date(2025, 4, 1))
    # Open tasks 二 (财政局 reported; 城管委 not), 三 (two streets and the town; 长期坚持 too),
    # 四 (教委; the court is outside the tree); 一 (司法局, 财政局).
    missing = TaskUnit.objects.filter(unit__isnull=False).exclude(task=two, unit=world.finance)
    assert counts["report_due"] == missing.count() == 7
    finance_two = TaskUnit.objects.get(task=two, unit=world.finance)
    assert not report_due(finance_two).exists()
    urban_two = TaskUnit.objects.get(task=two, unit=world.urban)
    period = report_due(urban_two).get()
    assert period.due_date == date(2025, 4, 10) and period.owner == world.urban_handler
    assert period.unit == world.urban and "2025年1月1日至2025年3月31日" in period.trigger_basis
    assert sweep(date(2025, 4, 2))["report_due"] == 0  # idempotent
    # The deadlines sweep alerts the unit three days before the due date.
    with at(date(2025, 4, 7)):
        deadlines_sweep(today=date(2025, 4, 7))
    item = TodoItem.objects.get(assignee=world.urban_handler, state=TodoState.OPEN)
    assert "任务进展报送截止日" in item.title
    # Reporting on the period stops it (late reports too) and withdraws the alert.
    world.report(
        two,
        on=date(2025, 4, 8),
        actor=world.urban_handler,
        unit=world.urban,
        period_start=date(2025, 1, 1),
    )
    period.refresh_from_db()
    assert period.state == DeadlineState.STOPPED and period.outcome == "已报送"
    item.refresh_from_db()
    assert item.state != TodoState.OPEN


def test_a_report_for_a_later_period_ends_the_missed_one(world):
    plan = world.plan()
    two = world.task(plan, "二")
    sweep(date(2025, 4, 1))
    urban_two = TaskUnit.objects.get(task=two, unit=world.urban)
    # Q2 reported on 4-05, while Q1's report is still in time (due 4-10): Q1 is still owed.
    world.report(two, on=date(2025, 4, 5), actor=world.urban_handler, unit=world.urban)
    assert report_due(urban_two).get().state == DeadlineState.RUNNING
    # Past Q1's day, another unit reports Q2: its missed Q1 period ends, 逾期未报.
    finance_two = TaskUnit.objects.get(task=two, unit=world.finance)
    world.report(two, on=date(2025, 4, 20))
    missed = report_due(finance_two).get()
    assert (missed.state, missed.outcome) == (DeadlineState.STOPPED, "逾期未报")
    assert report_due(urban_two).get().state == DeadlineState.RUNNING
    # The next quarter's sweep ends urban's missed Q1 too; Q2 was reported by both: no new one.
    sweep(date(2025, 7, 1))
    assert report_due(urban_two).get().outcome == "逾期未报"
    assert report_due(finance_two).count() == 1
    # A late Q1 report stops nothing more, starts nothing.
    world.report(
        two,
        on=date(2025, 7, 2),
        actor=world.urban_handler,
        unit=world.urban,
        period_start=date(2025, 1, 1),
    )
    assert sweep(date(2025, 7, 3))["report_due"] == 0
    assert report_due(urban_two).count() == 1


def test_a_missed_period_does_not_stop_the_reminders_for_later_ones(world):
    plan = world.plan()
    one = world.task(plan, "一")
    link = TaskUnit.objects.get(task=one, unit=world.finance)
    sweep(date(2025, 4, 1))
    assert list(report_due(link).values_list("trigger_date", "state")) == [
        (date(2025, 4, 10), DeadlineState.RUNNING)
    ]
    # Finance skips Q1 and reports Q2 in June.
    world.report(one, on=date(2025, 6, 20), period_start=date(2025, 4, 1))
    sweep(date(2025, 7, 1))
    sweep(date(2025, 10, 1))
    assert list(
        report_due(link).order_by("trigger_date").values_list("trigger_date", "state", "outcome")
    ) == [
        (date(2025, 4, 10), DeadlineState.STOPPED, "逾期未报"),
        (date(2025, 10, 10), DeadlineState.RUNNING, ""),
    ]


def test_the_next_period_ends_a_missed_one_and_asks_for_itself(world):
    plan = world.plan()
    one = world.task(plan, "一")
    link = TaskUnit.objects.get(task=one, unit=world.finance)
    sweep(date(2025, 4, 1))
    assert sweep(date(2025, 7, 1))["report_due"] > 0
    assert list(
        report_due(link).order_by("trigger_date").values_list("trigger_date", "state", "outcome")
    ) == [
        (date(2025, 4, 10), DeadlineState.STOPPED, "逾期未报"),
        (date(2025, 7, 10), DeadlineState.RUNNING, ""),
    ]
    assert sweep(date(2025, 7, 2))["report_due"] == 0  # idempotent
    assert report_due(link).count() == 2


def test_a_standing_task_given_a_due_date_moves_on_and_can_lag(world):
    plan = world.plan()
    three = world.task(plan, "三")
    assert three.state == "ongoing"
    with at(date(2025, 2, 1)):
        services.task_update(
            actor=world.office,
            task=three,
            title=three.title,
            text=three.text,
            due_on=date(2025, 3, 1),
            period=three.period,
        )
    three.refresh_from_db()
    assert (three.state, three.due_on, three.original_due_on) == (
        "in_progress",
        date(2025, 3, 1),
        date(2025, 3, 1),
    )
    assert StepRecord.objects.filter(object_id=three.pk, step="resume").exists()
    assert sweep(date(2025, 3, 5))["lagging"] == 1
    three.refresh_from_db()
    assert three.state == "lagging"


def test_a_dated_standing_task_still_lags(world):
    """However a standing task came to have a date, the sweep does not pass it over."""
    plan = world.plan()
    three = world.task(plan, "三")
    Task.objects.filter(pk=three.pk).update(due_on=date(2025, 3, 1))
    assert sweep(date(2025, 3, 5))["lagging"] == 1
    three.refresh_from_db()
    assert three.state == "lagging"


def test_only_a_reviewer_gives_a_standing_task_a_due_date(world):
    plan = world.plan()
    three = world.task(plan, "三")
    with at(date(2025, 2, 1)), pytest.raises(PermissionDenied):
        services.task_update(
            actor=world.office_admin,
            task=three,
            title=three.title,
            text=three.text,
            due_on=date(2025, 3, 1),
            period=three.period,
        )
    three.refresh_from_db()
    assert (three.state, three.due_on) == ("ongoing", None)


def test_the_step_is_dated_the_day_after_the_due_date_when_the_sweep_runs_late(world):
    plan = world.plan()
    one = world.task(plan, "一")
    assert sweep(date(2025, 7, 5))["lagging"] == 1
    step = StepRecord.objects.get(object_id=one.pk, step="fall_behind")
    assert timezone.localdate(step.occurred_at) == date(2025, 7, 1)


def test_a_plan_imported_after_the_period_asks_nothing_for_it(world):
    plan = world.plan()
    plan.imported_at = plan.imported_at.replace(year=2025, month=5, day=5)
    plan.save(update_fields=["imported_at"])
    assert sweep(date(2025, 5, 6))["report_due"] == 0


def test_completion_stops_the_units_report_due_periods(world):
    plan = world.plan()
    one = world.task(plan, "一")
    sweep(date(2025, 4, 1))
    assert report_due().filter(state=DeadlineState.RUNNING).count() == 8
    report = world.report(
        one,
        on=date(2025, 4, 3),
        period_start=date(2025, 4, 1),
        actor=world.office_admin,
        unit=world.office_unit,
        claims_done=True,
        completed_on=date(2025, 4, 2),
    )
    world.accept(report, on=date(2025, 4, 3))
    for link in TaskUnit.objects.filter(task=one):
        assert report_due(link).get().state == DeadlineState.STOPPED


def test_a_report_on_a_future_period_is_refused(world):
    plan = world.plan()
    with pytest.raises(ValidationError, match="不能晚于今天"):
        world.report(world.task(plan, "二"), on=date(2025, 3, 20), period_start=date(2025, 4, 1))


def test_naming_the_units_again_ends_the_old_rows_report_due_periods(world):
    plan = world.plan()
    two = world.task(plan, "二")
    sweep(date(2025, 4, 1))
    urban_two = TaskUnit.objects.get(task=two, unit=world.urban)
    with at(date(2025, 4, 2)):
        services.task_units_set(actor=world.office, task=two, lead=[world.finance], responsible=[])
    period = report_due(urban_two).get()
    assert period.state == DeadlineState.STOPPED and period.outcome == "责任单位已调整"
