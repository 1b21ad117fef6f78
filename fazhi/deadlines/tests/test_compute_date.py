"""A date a document sets (DayType.DATE): a plan's "2026年年底前" is due on that day itself —
nothing counted, nothing rolled — and it alerts through the ordinary sweep."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.models import Role, TodoItem, TodoState
from fazhi.core.tests.factories import PersonFactory, district_tree
from fazhi.deadlines import services
from fazhi.deadlines.calendar import StatutoryCalendar
from fazhi.deadlines.compute import DeadlineError, Extension, Pause, compute
from fazhi.deadlines.rules import DayType, PeriodKind, Rule, get_rule

BASIS = "《示范区法治政府建设实施方案》第十四项任务的完成时限：2026年年底前"


@pytest.fixture(scope="module")
def cal() -> StatutoryCalendar:
    return StatutoryCalendar()


@pytest.mark.parametrize("rule_id", ["plans.task_due", "plans.report_due"])
def test_the_due_date_is_the_date_itself(cal, rule_id):
    result = compute(rule_id, date(2026, 12, 31), calendar=cal, trigger_basis=BASIS)
    assert result.due == result.start == date(2026, 12, 31)
    assert result.day_type is DayType.DATE and result.kind is PeriodKind.WITHIN
    assert result.length == 0 and not result.provisional and not result.skipped
    text = " ".join(result.steps)
    assert BASIS in text and "不计算期间" in text and "不因休息日、节假日顺延" in text
    assert "期限届满日：2026年12月31日（星期四）" in text
    assert "开始的当日不计入，自" not in text  # no counting from the day after


def test_a_date_on_a_holiday_does_not_roll_and_says_so(cal):
    # 2026-10-03 is in 国庆节: a counted period would roll to 10-08; a document's date does not.
    result = compute("plans.task_due", date(2026, 10, 3), calendar=cal, trigger_basis=BASIS)
    assert result.due == date(2026, 10, 3)
    assert any("国庆节" in step and "仍以该日为截止日" in step for step in result.steps)
    assert not cal.is_workday(result.due)


def test_a_date_in_a_year_without_a_notice_is_not_provisional(cal):
    result = compute("plans.task_due", date(2027, 6, 30), calendar=cal, trigger_basis=BASIS)
    assert result.due == date(2027, 6, 30) and result.provisional is False


def test_the_basis_is_the_document_not_a_statute():
    rule = get_rule("plans.task_due")
    assert rule.basis == "《本级法治政府建设规划（实施方案）》（印发稿）任务分工中的完成时限"
    assert "中华人民共和国" not in rule.basis and rule.verified
    assert rule.period == "文件确定的日期" and rule.roll_forward is False
    assert "FAZHI_PLANS_REPORT_DUE_DAYS" in get_rule("plans.report_due").explanation


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pauses": [Pause(date(2026, 3, 1), date(2026, 3, 5))]}, "不适用中止"),
        ({"restart": date(2026, 4, 1)}, "不适用重新起算"),
        ({"extensions": [Extension(10, "情况复杂")]}, "不能延长"),
        ({"length": 30}, "没有期间长度"),
    ],
)
def test_a_document_date_takes_no_clock_changes(cal, kwargs, message):
    with pytest.raises(DeadlineError, match=message):
        compute("plans.task_due", date(2026, 12, 31), calendar=cal, **kwargs)


def test_a_date_rule_has_no_length_setting_or_extension():
    with pytest.raises(ValueError, match="日期由文件确定"):
        Rule("x.y", "测试", "文件", "印发稿", "任务", 5, DayType.DATE, PeriodKind.WITHIN, "说明")
    with pytest.raises(ValueError, match="正整数"):  # other day types still need a length
        Rule("x.y", "测试", "法", "版本", "第一条", 0, DayType.NATURAL, PeriodKind.WITHIN, "说明")


def test_json_of_a_document_date(cal):
    data = compute("plans.task_due", date(2026, 12, 31), calendar=cal).to_json()
    assert data["day_type"] == "date" and data["due"] == data["start"] == "2026-12-31"
    assert data["period"] == "文件确定的日期"
    assert data["steps"][0].endswith("（未注明由哪一文件确定）。")


@pytest.mark.django_db
def test_a_document_date_alerts_through_the_sweep_and_refuses_a_pause():
    tree = district_tree("甲区")
    owner = PersonFactory(unit=tree.dept_a, role=Role.UNIT_ADMIN)
    deadline = services.deadline_start(
        subject=tree.dept_a,
        rule_id="plans.task_due",
        trigger=date(2026, 10, 3),
        trigger_basis=BASIS,
        unit=tree.dept_a,
        owner=owner,
    )
    assert deadline.due_date == date(2026, 10, 3) and deadline.explanation["day_type"] == "date"
    assert services.deadlines_sweep(today=date(2026, 9, 1))["created"] == 0
    assert services.deadlines_sweep(today=date(2026, 10, 1))["created"] == 1
    item = TodoItem.objects.get(source=f"deadlines.Deadline:{deadline.pk}")
    assert item.state == TodoState.OPEN and "任务分工中的完成时限" in item.deadline_basis
    with pytest.raises(ValidationError, match="不适用中止"):
        services.deadline_pause(actor=None, deadline=deadline, on=date(2026, 10, 3), reason="等待")
