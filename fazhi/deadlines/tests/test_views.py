"""Deadline pages: explanations shown, scoping by unit, the holiday notice form."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fazhi.core.models import Role
from fazhi.core.tests.factories import PersonFactory, district_tree
from fazhi.deadlines import services
from fazhi.deadlines.models import HolidayNotice

pytestmark = pytest.mark.django_db


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_deadline_page_explains_and_other_units_get_404():
    tree = district_tree("甲区")
    owner = PersonFactory(unit=tree.dept_a, role=Role.HANDLER)
    deadline = services.deadline_start(
        subject=tree.dept_a,
        rule_id="reconsideration.acceptance_review",
        trigger=date(2026, 9, 28),
        trigger_basis="当面递交",
        unit=tree.dept_a,
        owner=owner,
    )
    page = client_for(owner).get(f"/workspace/deadlines/{deadline.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "2026年10月10日" in body and "第三十条" in body

    outsider = PersonFactory(unit=tree.dept_b, role=Role.HANDLER)
    assert client_for(outsider).get(f"/workspace/deadlines/{deadline.pk}/").status_code == 404
    assert f"/workspace/deadlines/{deadline.pk}/" not in (
        client_for(outsider).get("/workspace/deadlines/").content.decode()
    )


def test_notice_form_reports_every_bad_line_and_saves_nothing():
    tree = district_tree("甲区")
    admin = PersonFactory(unit=tree.district, role=Role.SYSTEM_ADMIN)
    response = client_for(admin).post(
        "/workspace/deadlines/notices/",
        {
            "year": 2027,
            "title": "国务院办公厅关于2027年部分节假日安排的通知",
            "published_on": "2026-11-10",
            "days": "\n".join(
                [
                    "2027-01-01 元旦 放假",
                    "2027-02-30 春节 放假",
                    "春节 放假",
                    "2027-02-05 至 2027-02-11 春节 放假",
                ]
            ),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "第 2 行" in body and "第 3 行" in body
    assert not HolidayNotice.objects.exists()

    response = client_for(admin).post(
        "/workspace/deadlines/notices/",
        {
            "year": 2027,
            "title": "国务院办公厅关于2027年部分节假日安排的通知",
            "published_on": "2026-11-10",
            "days": "\n".join(
                [
                    "2027-01-01 元旦 放假",
                    "2027-02-05 至 2027-02-11 春节 放假",
                    "2027-02-20 春节 上班",
                ]
            ),
        },
    )
    assert response.status_code == 302
    assert HolidayNotice.objects.get().days.count() == 9


def test_a_handler_sees_notices_but_cannot_enter_one():
    tree = district_tree("甲区")
    handler = PersonFactory(unit=tree.dept_a, role=Role.HANDLER)
    client = client_for(handler)
    assert 'name="days"' not in client.get("/workspace/deadlines/notices/").content.decode()
    response = client.post(
        "/workspace/deadlines/notices/",
        {
            "year": 2027,
            "title": "x",
            "published_on": "2026-11-10",
            "days": "2027-01-01 元旦 放假",
        },
    )
    assert response.status_code == 403
    assert not HolidayNotice.objects.exists()
