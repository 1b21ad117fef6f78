"""Who sees which plans, tasks and reports; lists without N+1 queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from fazhi.plans import selectors
from fazhi.plans.models import Task

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
