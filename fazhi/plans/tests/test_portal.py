"""The public page of the plan ledger: only the plans the office made public, and of them only
the tasks, their status, due date, lead unit and accepted progress — no person, no evidence,
no report that was not accepted, no review comment."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from django.urls import reverse

from fazhi.plans import services

from .conftest import PARSED, at, upload

DAY = date(2025, 3, 28)


@pytest.fixture
def published(world):
    """A public plan: task 一 with an accepted report (and a later one returned with a
    comment), task 二 with a report waiting for review; and a plan that is not public."""
    plan = world.plan()
    one, two = world.task(plan, "一"), world.task(plan, "二")
    accepted = world.report(
        one, text="已完成审核制度修订，审核率100%。", files=[upload("审核台账.pdf")]
    )
    world.accept(accepted, comment="同意。")
    returned = world.report(
        one, on=date(2025, 4, 10), period_start=date(2025, 4, 1), text="草稿：请勿公开的进展。"
    )
    with at(date(2025, 4, 11)):
        services.report_return(
            actor=world.office, unit=world.office_unit, report=returned, comment="退回意见甲乙丙。"
        )
    world.report(two, text="待审核的进展丁戊己。", actor=world.fin_handler, unit=world.finance)
    with at(DAY):
        services.plan_settings(actor=world.office, plan=plan, report_months=3, is_public=True)
    parsed = copy.deepcopy(PARSED)
    parsed["document"]["plan_title"] = "内部工作方案"
    hidden = world.plan(parsed, sha="cd" * 32)
    return plan, hidden


def test_only_public_plans_are_listed(client, world, published):
    plan, hidden = published
    with at(date(2025, 4, 12)):
        page = client.get(reverse("plans_portal:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert plan.title in html and hidden.title not in html
    with at(date(2025, 4, 12)):
        assert client.get(reverse("plans_portal:plan", args=[hidden.pk])).status_code == 404
        assert client.get(reverse("plans_portal:plan", args=[hidden.pk + 100])).status_code == 404


def test_a_public_plan_shows_tasks_and_accepted_progress_only(client, world, published):
    plan, _ = published
    with at(date(2025, 4, 12)):
        page = client.get(reverse("plans_portal:plan", args=[plan.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "健全规范性文件合法性审核机制" in html
    assert "已完成审核制度修订，审核率100%。" in html  # accepted
    assert "推进中" in html and "2025年6月30日" in html and "示范区司法局" in html
    for secret in (
        "草稿：请勿公开的进展。",  # returned
        "退回意见甲乙丙。",
        "同意。",
        "待审核的进展丁戊己。",  # not yet reviewed
        "审核台账.pdf",
        world.office.name,
        world.fin_handler.name,
        world.leader.name,
        "evidence",
    ):
        assert secret not in html, secret


def test_the_portal_needs_no_login_and_refuses_writes(client, world, published):
    plan, _ = published
    with at(date(2025, 4, 12)):
        assert client.post(reverse("plans_portal:plan", args=[plan.pk])).status_code == 405
        page = client.get(reverse("plans_portal:index"))
    assert page.status_code == 200
