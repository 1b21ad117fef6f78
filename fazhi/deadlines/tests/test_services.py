"""The Django side of deadlines: starting and changing periods, holiday notices that recompute
open deadlines and tell their owners, and the sweep that raises workspace alerts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import Role, TodoItem, TodoState
from fazhi.core.tests.factories import PersonFactory, district_tree
from fazhi.deadlines import selectors, services
from fazhi.deadlines.calendar import NoticeDay
from fazhi.deadlines.models import ClockEvent, Deadline, DeadlineState

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return district_tree("甲区")


@pytest.fixture
def owner(tree):
    return PersonFactory(unit=tree.dept_a, role=Role.HANDLER)


def start(tree, owner, rule_id, trigger, subject=None):
    return services.deadline_start(
        subject=subject or tree.dept_a,
        rule_id=rule_id,
        trigger=trigger,
        trigger_basis="申请书当面递交，收件回执载明的日期",
        unit=tree.dept_a,
        owner=owner,
    )


def test_acceptance_review_skips_national_day_2026(tree, owner):
    # 行政复议法 第三十条第一款 and 第八十八条第二款: five working days. After Monday
    # 2026-09-28: 09-29, 09-30, then 国庆 10-01..10-07, then 10-08, 10-09 and Saturday 10-10,
    # a swapped working day (调休上班) → due 2026-10-10.
    deadline = start(tree, owner, "reconsideration.acceptance_review", date(2026, 9, 28))
    assert deadline.due_date == date(2026, 10, 10)
    assert deadline.provisional is False
    steps = " ".join(deadline.explanation["steps"])
    assert "第三十条" in steps and "2026年9月28日" in steps and "国庆节" in steps
    assert deadline.explanation["due"] == "2026-10-10"


def test_start_refuses_an_unknown_rule_and_a_missing_basis(tree, owner):
    with pytest.raises(KeyError):
        start(tree, owner, "no.such.rule", date(2026, 9, 28))
    with pytest.raises(ValidationError, match="起算日"):
        services.deadline_start(
            subject=tree.dept_a,
            rule_id="reconsideration.acceptance_review",
            trigger=date(2026, 9, 28),
            trigger_basis=" ",
            unit=tree.dept_a,
        )
    assert Deadline.objects.count() == 0


def test_one_open_deadline_per_rule_and_record(tree, owner):
    start(tree, owner, "reconsideration.acceptance_review", date(2026, 9, 28))
    with pytest.raises(ValidationError):
        start(tree, owner, "reconsideration.acceptance_review", date(2026, 9, 29))
    services.deadline_stop(
        subject=tree.dept_a, rule_id="reconsideration.acceptance_review", on=date(2026, 9, 30)
    )
    start(tree, owner, "reconsideration.acceptance_review", date(2026, 10, 12))
    assert Deadline.objects.filter(state=DeadlineState.STOPPED).count() == 1


def test_pause_and_resume_never_shorten_the_period(tree, owner):
    deadline = start(tree, owner, "reconsideration.decision", date(2026, 3, 2))
    before = deadline.due_date
    services.deadline_pause(
        actor=owner,
        deadline=deadline,
        on=date(2026, 3, 10),
        reason="中止：申请人丧失参加行政复议的行为能力（第三十九条）",
    )
    services.deadline_resume(
        actor=owner, deadline=deadline, on=date(2026, 3, 19), reason="中止原因消除"
    )
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.RUNNING
    assert deadline.due_date > before
    assert any("中止" in step for step in deadline.explanation["steps"])


def test_extension_up_to_the_legal_maximum_and_not_beyond(tree, owner):
    leader = PersonFactory(unit=tree.dept_a, role=Role.LEADER)
    deadline = start(tree, owner, "reconsideration.decision", date(2026, 3, 2))
    before = deadline.due_date
    services.deadline_extend(
        actor=owner,
        deadline=deadline,
        length=30,
        approver=leader,
        reason="案情复杂，经复议机构负责人批准延长（第六十二条第一款）",
    )
    deadline.refresh_from_db()
    assert deadline.due_date > before
    with pytest.raises(ValidationError, match="第六十二条"):
        services.deadline_extend(
            actor=owner, deadline=deadline, length=1, approver=leader, reason="再次延长"
        )
    assert ClockEvent.objects.filter(deadline=deadline, kind="extension").count() == 1


def test_another_units_person_cannot_change_a_deadline(tree, owner):
    outsider = PersonFactory(unit=tree.dept_b, role=Role.HANDLER)
    deadline = start(tree, owner, "reconsideration.decision", date(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        services.deadline_pause(
            actor=outsider, deadline=deadline, on=date(2026, 3, 5), reason="越权尝试"
        )
    assert not ClockEvent.objects.exists()


def test_a_year_without_a_notice_is_provisional_until_the_notice_is_entered(tree, owner):
    # 60 natural days (行政复议法 第二十条第一款) from 2026-12-20 end on 2027-02-18, a year no
    # package covers: provisional, naming the missing notice.
    deadline = start(tree, owner, "reconsideration.application", date(2026, 12, 20))
    assert deadline.due_date == date(2027, 2, 18)
    assert deadline.provisional is True
    assert deadline.explanation["missing_notices"] == ["国务院办公厅关于2027年部分节假日安排的通知"]

    # A (fictional) notice making 2027-02-18 a holiday moves the last day to the next working
    # day and tells the owner.
    admin = PersonFactory(unit=tree.district, role=Role.SYSTEM_ADMIN)
    days = [NoticeDay(date(2027, 2, d), False, "春节") for d in range(5, 19)]
    notice, changed = services.holiday_notice_save(
        actor=admin,
        year=2027,
        title="国务院办公厅关于2027年部分节假日安排的通知",
        published_on=date(2026, 11, 10),
        days=days,
    )
    deadline.refresh_from_db()
    assert changed == 1
    assert deadline.provisional is False
    assert deadline.due_date == date(2027, 2, 19)
    alert = TodoItem.objects.get(assignee=owner, module="deadlines")
    assert "2027-02-19" in alert.deadline_basis

    # Entering the same notice again changes nothing and notifies no one twice.
    services.holiday_notice_save(
        actor=admin, year=2027, title=notice.title, published_on=notice.published_on, days=days
    )
    assert TodoItem.objects.filter(assignee=owner).count() == 1


def test_only_a_system_admin_enters_notices(tree, owner):
    with pytest.raises(PermissionDenied):
        services.holiday_notice_save(
            actor=owner,
            year=2027,
            title="x",
            published_on=date(2026, 11, 10),
            days=[NoticeDay(date(2027, 1, 1), False, "元旦")],
        )


def test_bad_notice_days_are_all_reported_and_nothing_is_saved(tree):
    with pytest.raises(ValidationError) as excinfo:
        services.holiday_notice_save(
            actor=None,
            year=2027,
            title="国务院办公厅关于2027年部分节假日安排的通知",
            published_on=date(2026, 11, 10),
            days=[
                NoticeDay(date(2025, 1, 1), False, "元旦"),
                NoticeDay(date(2027, 2, 3), True, "春节"),
                NoticeDay(date(2027, 10, 1), False, " "),
            ],
        )
    messages = " ".join(excinfo.value.messages)
    assert "2025-01-01" in messages and "2027-02-03" in messages and "2027-10-01" in messages
    assert not selectors.holiday_notices().exists()


def test_sweep_raises_one_alert_then_withdraws_it_when_the_period_stops(tree, owner):
    deadline = start(tree, owner, "reconsideration.acceptance_review", date(2026, 9, 28))
    assert services.deadlines_sweep(today=date(2026, 9, 1))["created"] == 0  # not yet due
    assert services.deadlines_sweep(today=date(2026, 10, 8))["created"] == 1
    assert services.deadlines_sweep(today=date(2026, 10, 9))["created"] == 0  # no duplicate
    item = TodoItem.objects.get(source=f"deadlines.Deadline:{deadline.pk}")
    assert item.state == TodoState.OPEN and "第三十条" in item.deadline_basis
    services.deadline_stop(
        subject=tree.dept_a,
        rule_id="reconsideration.acceptance_review",
        on=date(2026, 10, 9),
        outcome="已受理",
    )
    item.refresh_from_db()
    assert item.state == TodoState.WITHDRAWN
    assert services.deadlines_sweep(today=date(2026, 10, 20)) == {
        "created": 0,
        "moved": 0,
        "closed": 0,
    }


def test_deemed_acceptance_stops_the_review_period(tree, owner):
    deadline = start(tree, owner, "reconsideration.acceptance_review", date(2026, 9, 28))
    services.deadline_deem(
        actor=owner,
        deadline=deadline,
        outcome="视为受理",
        on=date(2026, 10, 10),
        basis="行政复议法第三十条第三款",
    )
    deadline.refresh_from_db()
    assert (deadline.state, deadline.outcome) == (DeadlineState.STOPPED, "视为受理")
    with pytest.raises(ValidationError):
        services.deadline_pause(
            actor=owner, deadline=deadline, on=date(2026, 10, 11), reason="已结束"
        )


def test_hour_periods_need_a_moment_and_end_at_one(tree, owner):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    with pytest.raises(ValidationError, match="起算时刻"):
        start(tree, owner, "hotline.urgent_feedback", date(2026, 10, 1))
    received = datetime(2026, 10, 1, 9, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    deadline = start(tree, owner, "hotline.urgent_feedback", received)
    # 2 hours counted from the next whole hour (民诉法解释 第一百二十五条): 10:00 → 12:00,
    # on a holiday too (hour periods do not roll forward).
    assert deadline.due_at == datetime(2026, 10, 1, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert deadline.due_date == date(2026, 10, 1)
    services.deadlines_sweep(today=date(2026, 10, 1))
    item = TodoItem.objects.get(source=f"deadlines.Deadline:{deadline.pk}")
    assert item.due_at == deadline.due_at
