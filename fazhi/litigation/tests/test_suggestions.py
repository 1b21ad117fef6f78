"""Judicial and procuratorial suggestions: the reply date is the letter's; replies tracked to
100%; late replies marked; reminders on the workspace; bad input refused with nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import TodoItem, TodoState
from fazhi.litigation import figures, services
from fazhi.litigation.models import Suggestion

from .conftest import at

pytestmark = pytest.mark.django_db


def register(world, *, number="甲法建〔2025〕3号", received=date(2025, 10, 10), **kwargs):
    values = {
        "unit": world.east.dept_b,
        "kind": "judicial",
        "issuer": "甲区人民法院",
        "number": number,
        "received_on": received,
        "due_on": date(2025, 11, 10),
        "content": "建议规范行政处罚决定书的送达程序。",
    }
    values.update(kwargs)
    actor = values.pop("actor", world.admin)
    with at(received):
        return services.suggestion_register(actor=actor, **values)


def test_register_and_reply_to_100_percent(world):
    judicial = register(world)
    procuratorial = register(
        world,
        number="甲检行建〔2025〕7号",
        kind="procuratorial",
        issuer="甲区人民检察院",
        due_on=date(2025, 12, 10),
    )
    data = figures.yearly(world.supervisor, 2025, today=date(2025, 11, 1))
    assert (data.total.suggestions, data.total.replied, data.total.reply_rate) == (2, 0, 0.0)
    with at(date(2025, 11, 5)):
        services.suggestion_reply(
            actor=world.admin,
            suggestion=judicial,
            replied_on=date(2025, 11, 5),
            reply="已修订送达工作规程并组织培训。",
            reply_number="甲卫函〔2025〕30号",
        )
    with at(date(2025, 12, 12)):
        services.suggestion_reply(
            actor=world.head,
            suggestion=procuratorial,
            replied_on=date(2025, 12, 12),
            reply="已整改。",
        )
    judicial.refresh_from_db()
    procuratorial.refresh_from_db()
    assert not judicial.late and procuratorial.late
    data = figures.yearly(world.supervisor, 2025, today=date(2025, 12, 31))
    c = data.total
    assert (c.suggestions, c.judicial, c.procuratorial, c.replied, c.replied_on_time) == (
        2,
        1,
        1,
        2,
        1,
    )
    assert c.reply_rate == 1.0 and c.overdue == 0
    with at(date(2025, 12, 13)), pytest.raises(ValidationError, match="该建议已经答复"):
        services.suggestion_reply(
            actor=world.admin, suggestion=judicial, replied_on=date(2025, 12, 13), reply="再答"
        )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"kind": "advice"}, "建议类别无效"),
        ({"issuer": ""}, "请填写制发机关。"),
        ({"number": ""}, "请填写建议书文号。"),
        ({"content": ""}, "请填写建议内容。"),
        ({"due_on": None}, "请填写建议书要求的答复期限。"),
        (
            {"due_on": date(2025, 10, 1)},
            "答复期限（2025年10月1日）不能早于收到日期（2025年10月10日）",
        ),
        ({"received_on": date(2025, 10, 11)}, "收到日期（2025年10月11日）不能晚于今天"),
    ],
)
def test_register_refusals(world, values, message):
    with pytest.raises(ValidationError) as caught:
        register(world, **values)
    assert message in " ".join(caught.value.messages)
    assert not Suggestion.objects.exists()


def test_only_the_agency_registers_and_replies(world):
    with pytest.raises(PermissionDenied):
        register(world, actor=world.outsider)
    with pytest.raises(PermissionDenied):
        register(world, actor=world.supervisor)
    suggestion = register(world)
    with at(date(2025, 10, 20)), pytest.raises(PermissionDenied):
        services.suggestion_reply(
            actor=world.outsider, suggestion=suggestion, replied_on=date(2025, 10, 20), reply="x"
        )
    case = world.register(unit=world.east.dept_a, actor=world.outsider, number="教育局2号")
    with pytest.raises(ValidationError, match="相关案件不是本机关的应诉案件"):
        register(world, number="另一号", case=case)
    assert Suggestion.objects.count() == 1


def test_reply_before_receipt_is_refused(world):
    suggestion = register(world)
    with at(date(2025, 10, 20)), pytest.raises(ValidationError, match="不能早于收到日期"):
        services.suggestion_reply(
            actor=world.admin, suggestion=suggestion, replied_on=date(2025, 10, 9), reply="已整改"
        )
    suggestion.refresh_from_db()
    assert suggestion.replied_on is None


def test_reminders_for_suggestions_near_or_past_due(world):
    suggestion = register(world)  # due 2025-11-10
    assert services.suggestions_remind(today=date(2025, 11, 1), days=3) == 0
    # Within three days: the administrator and the head of 卫健委 are reminded, once.
    assert services.suggestions_remind(today=date(2025, 11, 7), days=3) == 2
    assert services.suggestions_remind(today=date(2025, 11, 8), days=3) == 0
    items = TodoItem.objects.filter(source=f"litigation.Suggestion:{suggestion.pk}")
    assert {i.assignee for i in items} == {world.admin, world.head}
    with at(date(2025, 11, 9)):
        services.suggestion_reply(
            actor=world.admin, suggestion=suggestion, replied_on=date(2025, 11, 9), reply="已整改"
        )
    assert not items.filter(state=TodoState.OPEN).exists()
