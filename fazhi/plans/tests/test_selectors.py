"""Who sees which plans, tasks and reports; lists without N+1 queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from fazhi.plans import selectors, services
from fazhi.plans.models import Plan, ProgressReport, Task
from fazhi.procedures.models import StepRecord

from .conftest import PARSED, at


def numbers(qs):
    return [task.number for task in qs]


def test_the_office_and_the_leader_see_every_task(world):
    plan = world.plan()
    for person in (world.office, world.inspector, world.office_admin, world.leader):
        assert numbers(selectors.tasks_for(person)) == ["一", "二", "三", "四"], person
        assert list(selectors.plans_for(person)) == [plan]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("fin_handler", ["一", "二"]),  # lead of 二, responsible for 一
        ("urban_handler", ["二"]),  # named by its former name
        ("east_handler", ["三"]),  # through the class 街道办事处
        ("town_admin", ["三"]),
        ("edu_handler", ["四"]),  # the vague class, confirmed as 教委
        ("stranger", []),
    ],
)
def test_a_unit_sees_the_tasks_it_is_named_on(world, who, expected):
    plan = world.plan()
    person = getattr(world, who)
    assert numbers(selectors.tasks_for(person)) == expected
    assert list(selectors.plans_for(person)) == ([plan] if expected else [])


def test_a_task_out_of_reach_is_404(world):
    plan = world.plan()
    three = world.task(plan, "三")
    assert selectors.task_for(world.east_handler, three.pk) == three
    for person in (world.fin_handler, world.stranger):
        with pytest.raises(Http404):
            selectors.task_for(person, three.pk)
    with pytest.raises(Http404):
        selectors.task_for(world.office, "abc")


def test_filters(world):
    plan = world.plan()
    assert numbers(selectors.tasks_for(world.office, state="ongoing")) == ["三"]
    assert numbers(selectors.tasks_for(world.office, unit=world.finance)) == ["一", "二"]
    assert numbers(selectors.tasks_for(world.office, plan=plan, unit=world.town)) == ["三"]


def test_reports_to_review_are_the_offices(world):
    plan = world.plan()
    two = world.task(plan, "二")
    report = world.report(two)
    assert list(selectors.reports_to_review(world.office)) == [report]
    assert list(selectors.reports_to_review(world.inspector)) == [report]
    for person in (world.fin_admin, world.office_admin, world.stranger, world.leader):
        assert not selectors.reports_to_review(person).exists(), person
    world.accept(report)
    assert not selectors.reports_to_review(world.office).exists()


def test_reports_of_a_task_by_reach(world):
    plan = world.plan()
    two = world.task(plan, "二")
    own = world.report(two)
    other = world.report(two, actor=world.urban_handler, unit=world.urban)
    assert set(selectors.reports_for(world.office, two)) == {own, other}
    assert set(selectors.reports_for(world.leader, two)) == {own, other}
    assert list(selectors.reports_for(world.fin_handler, two)) == [own]
    assert selectors.report_for(world.urban_handler, other.pk) == other
    with pytest.raises(Http404):
        selectors.report_for(world.urban_handler, own.pk)
    with pytest.raises(Http404):
        selectors.report_for(world.stranger, own.pk)


def test_who_manages_and_who_reports(world):
    plan = world.plan()
    assert selectors.can_manage(world.office, plan) and selectors.can_manage(world.inspector, plan)
    assert selectors.can_manage(world.office_admin, world.district)
    assert not selectors.can_review(world.office_admin, plan)
    for person in (world.fin_admin, world.leader, world.stranger):
        assert not selectors.can_manage(person, plan), person
    two = world.task(plan, "二")
    assert selectors.report_units(world.fin_handler, two) == [world.finance]
    assert selectors.report_units(world.edu_handler, two) == []
    assert list(selectors.drafts_for(world.office)) and not selectors.drafts_for(world.fin_admin)


def test_history_is_oldest_first(world):
    plan = world.plan()
    two = world.task(plan, "二")
    report = world.report(two)
    world.accept(report)
    history = selectors.task_history(Task.objects.get(pk=two.pk))
    kinds = [item.kind for item in history]
    assert kinds == ["report", "review", "step"]
    assert history[-1].title == "开始推进" and history[-1].actor == "司法局李科长"
    assert [item.at for item in history] == sorted(item.at for item in history)


def test_the_task_list_takes_the_same_queries_for_more_tasks(world, django_assert_max_num_queries):
    world.plan()

    def walk():
        rows = 0
        for task in selectors.tasks_for(world.fin_handler):
            rows += len([tu.name for tu in task.units.all()]) + len(list(task.targets.all()))
            rows += len(task.plan.owner.name) + len(task.unit.name)
        return rows

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walk()  # the person's reach is computed once per request (cached on the person)
    with CaptureQueriesContext(connection) as few:
        walk()
    bigger = {**PARSED, "tasks": PARSED["tasks"] * 5}
    for index, task in enumerate(bigger["tasks"]):
        bigger["tasks"][index] = {**task, "number": str(index + 1)}
    with at(date(2025, 1, 10)):
        world.plan(bigger, sha="cd" * 32)  # a second plan, five times as many tasks
    with CaptureQueriesContext(connection) as many:
        assert walk() > 0
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(len(few.captured_queries)):
        walk()


def _return(world, report, day: date, comment: str):
    with at(day):
        services.report_return(
            actor=world.office, unit=world.office_unit, report=report, comment=comment
        )


def _resubmit(world, report, day: date, text: str, actor=None, unit=None):
    with at(day):
        services.report_resubmit(
            actor=actor or world.fin_handler,
            unit=unit or world.finance,
            report=report,
            text=text,
            figures={},
        )


def test_history_keeps_every_review_act_and_the_return_comment(world):
    plan = world.plan()
    two = world.task(plan, "二")
    report = world.report(two)  # 2025-03-20
    _return(world, report, date(2025, 3, 21), "请补充签到表。")
    _resubmit(world, report, date(2025, 3, 22), "已补充签到表。")
    world.accept(report, comment="同意。")  # 2025-03-25: the report's comment is now this
    report.refresh_from_db()
    assert report.review_comment == "同意。"
    history = selectors.task_history(Task.objects.get(pk=two.pk))
    acts = [(item.kind, item.title.split("（")[0], item.detail) for item in history]
    assert acts == [
        ("report", "报送示范区财政局2025年01月起的进展报告", ""),
        ("review", "审核进展报告：已退回", "请补充签到表。"),
        ("report", "修改后重新报送示范区财政局2025年01月起的进展报告", ""),
        ("review", "审核进展报告：已通过", "同意。"),
        ("step", "开始推进", ""),
    ]
    assert [item.at.date() for item in history] == [
        date(2025, 3, 20),
        date(2025, 3, 21),
        date(2025, 3, 22),
        date(2025, 3, 25),
        date(2025, 3, 25),
    ]
    assert history[0].actor == world.fin_handler.name and history[1].actor == world.office.name
    kept = StepRecord.objects.get(step="return_")  # the comment is kept with the step
    assert kept.data["comment"] == "请补充签到表。"


def test_a_unit_sees_the_history_of_its_own_reports_only(world):
    plan = world.plan()
    two = world.task(plan, "二")
    own = world.report(two, actor=world.urban_handler, unit=world.urban)
    other = world.report(two)
    _return(world, other, date(2025, 3, 21), "财政局的退回意见。")
    _return(world, own, date(2025, 3, 21), "城管委的退回意见。")
    task = Task.objects.get(pk=two.pk)
    seen = [item.detail for item in selectors.task_history(task, world.urban_handler)]
    assert "城管委的退回意见。" in seen and "财政局的退回意见。" not in seen
    everything = [item.detail for item in selectors.task_history(task, world.office)]
    assert {"城管委的退回意见。", "财政局的退回意见。"} <= set(everything)


def test_the_history_takes_the_same_queries_for_more_reports(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = world.plan()
    two = world.task(plan, "二")
    first = world.report(two)
    _return(world, first, date(2025, 3, 21), "请补充。")
    _resubmit(world, first, date(2025, 3, 22), "已补充。")
    task = Task.objects.get(pk=two.pk)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert selectors.task_history(task, world.office)
        return len(queries.captured_queries)

    count()  # the content types and the person's reach are cached after the first time
    few = count()
    for actor, unit in ((world.urban_handler, world.urban), (world.fin_admin, world.finance)):
        on = date(2025, 6, 20) if unit == world.finance else date(2025, 3, 20)
        report = world.report(two, on=on, actor=actor, unit=unit)
        _return(world, report, on, "请补充。")
        _resubmit(world, report, on, "已补充。", actor=actor, unit=unit)
        world.accept(report, on=on)
    assert ProgressReport.objects.filter(task=two).count() == 3
    assert count() == few


def test_owners_kept_are_the_governments_the_office_supervises(world):
    for person in (world.office, world.inspector, world.office_admin):
        assert selectors.owners_kept(person) == [world.district], person
    assert selectors.owners_kept(world.stranger) == [world.other]
    for person in (world.fin_admin, world.leader, world.east_handler):
        assert selectors.owners_kept(person) == [], person


def test_public_plans_are_the_published_ones_only(world, django_assert_num_queries):
    shown = world.plan()
    parsed = {**PARSED, "document": {**PARSED["document"], "title": "内部工作方案"}}
    world.plan(parsed, sha="cd" * 32)
    assert not selectors.public_plans().exists()
    Plan.objects.filter(pk=shown.pk).update(is_public=True)
    with django_assert_num_queries(1):
        assert [(p.title, p.owner.name) for p in selectors.public_plans()] == [
            (shown.title, world.district.name)
        ]
    with django_assert_num_queries(2):  # the tasks, then their units
        rows = [(t.number, t.unit.name, len(t.units.all())) for t in selectors.public_tasks(shown)]
    assert [row[0] for row in rows] == ["一", "二", "三", "四"]
