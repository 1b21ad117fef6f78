"""What a person sees of a record's procedure: next steps and their unmet guards, the history,
the deadlines, and the status partial."""

from __future__ import annotations

import sys

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from fazhi.procedures import selectors
from fazhi.procedures.selectors import available_steps, history, procedure_status
from fazhi.procedures.services import step_take

from .conftest import make_application

pytestmark = pytest.mark.django_db


def by_code(options):
    return {option.step.code: option for option in options}


def test_available_steps_say_who_may_act_and_what_is_missing(world):
    record = make_application(world, applicant="")
    options = by_code(available_steps(record, world.handler))
    assert list(options) == ["accept", "reject", "request_supplement"]
    accept = options["accept"]
    assert accept.allowed and not accept.ready
    assert accept.unit == world.east.dept_a and accept.roles == ("handler",)
    assert [r.reason for r in accept.unmet] == ["申请书未写明申请人，不符合受理条件。"]
    assert accept.unmet[0].citation.article == "第三十条第一款第一项"
    # A guard on the step's data says what is still to be filled in.
    assert [r.reason for r in options["reject"].unmet] == ["须填写不予受理的理由。"]


def test_available_steps_for_people_who_may_not_act(world, application):
    leader_view = by_code(available_steps(application, world.leader))
    assert not leader_view["accept"].allowed  # reaches the record, lacks the role
    assert leader_view["accept"].role_labels == ["承办人员"]
    outsider_view = by_code(available_steps(application, world.b_handler))
    assert not any(option.allowed for option in outsider_view.values())  # has the role, no reach


def test_a_passing_step_is_ready(world, application):
    assert by_code(available_steps(application, world.handler))["accept"].ready


def test_history_in_order_without_n_plus_one(world, application):
    step_take(
        record=application,
        step_code="request_supplement",
        actor=world.handler,
        unit=world.east.dept_a,
        data={"items": "身份证明"},
    )
    step_take(
        record=application, step_code="supplement", actor=world.handler, unit=world.east.dept_a
    )
    step_take(record=application, step_code="accept", actor=world.handler, unit=world.east.dept_a)
    list(history(application))  # the content type is cached from here on
    with CaptureQueriesContext(connection) as queries:
        entries = list(history(application))
        labels = [
            (e.step_label, e.from_state_label, e.to_state_label, e.actor.name, e.unit.name)
            for e in entries
        ]
    assert len(queries) == 1
    assert labels == [
        ("通知补正", "已收到申请", "待补正", "张承办", "东区教育局"),
        ("收到补正材料", "待补正", "已收到申请", "张承办", "东区教育局"),
        ("受理", "已收到申请", "已受理", "张承办", "东区教育局"),
    ]


def test_the_deadlines_are_optional(world, application, monkeypatch):
    monkeypatch.setitem(sys.modules, "fazhi.deadlines.selectors", None)  # not importable
    assert selectors.deadlines_of(application) == ([], False)
    status = procedure_status(application, world.handler)
    assert status.deadlines == [] and not status.deadlines_available


def render(record, person) -> str:
    return render_to_string("procedures/_status.html", {"status": procedure_status(record, person)})


def test_the_status_partial(world, application, monkeypatch):
    monkeypatch.setitem(sys.modules, "fazhi.deadlines.selectors", None)
    step_take(record=application, step_code="accept", actor=world.handler, unit=world.east.dept_a)
    html = render(application, world.reviewer)
    assert 'data-state="accepted"' in html and "已受理" in html
    assert "审查" in html
    assert "适用普通程序审理，应当听取当事人的意见并记录在案。" in html
    assert "《中华人民共和国行政复议法》（2023年修订）第四十九条" in html
    assert "张承办（承办人员）办理“受理”：已收到申请 → 已受理" in html
    handler_html = render(application, world.handler)
    assert "须由法治机构审核人员办理" in handler_html


def test_the_status_partial_of_a_finished_record(world, application, monkeypatch):
    monkeypatch.setitem(sys.modules, "fazhi.deadlines.selectors", None)
    step_take(
        record=application,
        step_code="reject",
        actor=world.handler,
        unit=world.east.dept_a,
        data={"reason": "不属于本机关管辖"},
    )
    html = render(application, world.handler)
    assert "本程序已办结" in html and "不予受理" in html


def test_the_status_costs_the_same_for_a_long_history(world, monkeypatch):
    monkeypatch.setitem(sys.modules, "fazhi.deadlines.selectors", None)
    short = make_application(world)
    long = make_application(world)
    step_take(record=short, step_code="accept", actor=world.handler, unit=world.east.dept_a)
    for _ in range(3):
        step_take(
            record=long,
            step_code="request_supplement",
            actor=world.handler,
            unit=world.east.dept_a,
            data={"items": "材料"},
        )
        step_take(record=long, step_code="supplement", actor=world.handler, unit=world.east.dept_a)
    step_take(record=long, step_code="accept", actor=world.handler, unit=world.east.dept_a)
    counts = []
    for record in (short, long):
        person = type(world.reviewer).objects.get(pk=world.reviewer.pk)  # no cached reach
        with CaptureQueriesContext(connection) as queries:
            render(record, person)
        counts.append(len(queries))
    assert counts[0] == counts[1]
