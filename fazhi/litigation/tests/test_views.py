"""The staff pages: a case through the forms, refusals shown in Chinese with nothing saved, and
the attempts that must fail — another agency's people and another district get 404 on every
page and export of the case, the 司法局 reads but may not act (403), a division's handler
neither."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.tests.factories import PersonFactory
from fazhi.ledger.models import LedgerEntry
from fazhi.litigation import services
from fazhi.litigation.models import Hearing, LitigationCase, Suggestion

from .conftest import at

pytestmark = pytest.mark.django_db


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def case(world):
    case = world.register(head_required_reasons=["food_drug"])
    world.answer(case)
    return world.refresh(case)


@pytest.fixture
def suggestion(world):
    with at(date(2025, 10, 10)):
        return services.suggestion_register(
            actor=world.admin,
            unit=world.east.dept_b,
            kind="procuratorial",
            issuer="甲区人民检察院",
            number="甲检行建〔2025〕1号",
            received_on=date(2025, 10, 10),
            due_on=date(2025, 11, 10),
            content="建议依法履行监管职责。",
        )


def test_register_through_the_form(world):
    client = client_for(world.handler)
    with at(date(2025, 9, 18)):
        page = client.get("/workspace/litigation/cases/new/")
        assert page.status_code == 200 and "答辩举证期限" in page.content.decode()
        response = client.post(
            "/workspace/litigation/cases/new/",
            {
                "unit": world.east.dept_b.pk,
                "instance": "first",
                "court": "甲区人民法院",
                "number": "（2025）甲0101行初77号",
                "served_on": "2025-09-17",
                "plaintiff_kind": "person",
                "plaintiff": "张某",
                "act": "责令改正通知书",
                "act_kind": "other",
                "head_required_reasons": ["attention"],
            },
        )
    case = LitigationCase.objects.get(number="（2025）甲0101行初77号")
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.head_required and case.answer_due == date(2025, 10, 9)
    with at(date(2025, 9, 18)):
        page = client.get(case.get_absolute_url()).content.decode()
    assert "2025年10月9日" in page and "负责人应当出庭" in page


def test_a_refused_hearing_is_shown_in_chinese_and_nothing_saved(world, case):
    client = client_for(world.handler)
    before = (LedgerEntry.objects.count(), Hearing.objects.count())
    with at(date(2025, 11, 4)):
        response = client.post(
            case.get_absolute_url() + "hearing/",
            {
                "hearing-held_on": "2025-11-04",
                "hearing-lawyers": "孙律师",
            },
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "未能办理，未保存任何内容" in body and "不得仅委托律师出庭" in body
    assert (LedgerEntry.objects.count(), Hearing.objects.count()) == before


def test_the_hearing_and_the_judgment_through_the_forms(world, case):
    client = client_for(world.handler)
    with at(date(2025, 11, 4)):
        response = client.post(
            case.get_absolute_url() + "hearing/",
            {
                "hearing-held_on": "2025-11-04",
                "hearing-head_appeared": "on",
                "hearing-head_name": "王建华",
                "hearing-head_title": "副主任",
                "hearing-head_kind": "deputy",
                "hearing-head_proof": "on",
                "hearing-head_own": "on",
            },
        )
    assert response.status_code == 302
    with at(date(2025, 12, 3)):
        response = client.post(
            case.get_absolute_url() + "judgment/",
            {
                "judgment-document_kind": "judgment",
                "judgment-outcome": "reject_claim",
                "judgment-number": "（2025）甲0101行初1号",
                "judgment-judged_on": "2025-12-01",
                "judgment-served_on": "2025-12-03",
            },
        )
        assert response.status_code == 302
        page = client.get(case.get_absolute_url()).content.decode()
    assert "上诉期限至2025年12月18日" in page and "胜诉" in page


@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_out_of_reach_is_404_on_every_entry_point(world, case, suggestion, who):
    client = client_for(getattr(world, who))
    base = case.get_absolute_url()
    with at(date(2025, 10, 1)):
        for url in (base, f"/workspace/litigation/suggestions/{suggestion.pk}/"):
            assert client.get(url).status_code == 404
        for key in ("answer", "hearing", "judgment", "flags", "close"):
            assert client.post(base + f"{key}/", {}).status_code == 404
        assert (
            client.post(f"/workspace/litigation/suggestions/{suggestion.pk}/", {}).status_code
            == 404
        )
        assert client.get(f"/workspace/litigation/cases/new/?previous={case.pk}").status_code in (
            403,
            404,
        )
        assert (
            client.get(f"/workspace/litigation/figures/?unit={world.east.dept_b.pk}").status_code
            == 404
        )
        export = client.get(
            f"/workspace/litigation/figures/export.xlsx?year=2025&unit={world.east.dept_b.pk}"
        )
        assert export.status_code == 404
        listing = client.get("/workspace/litigation/cases/").content.decode()
        assert case.number not in listing
        whole = client.get("/workspace/litigation/figures/export.xlsx?year=2025")
    sheet = load_workbook(io.BytesIO(whole.content))["收案与审结"]
    assert "甲区卫健委" not in [row[0] for row in sheet.iter_rows(values_only=True)]


def test_the_legal_office_reads_but_may_not_act(world, case, suggestion):
    client = client_for(world.supervisor)
    with at(date(2025, 10, 1)):
        page = client.get(case.get_absolute_url())
        assert page.status_code == 200 and 'data-action="hearing"' not in page.content.decode()
        response = client.post(
            case.get_absolute_url() + "hearing/", {"hearing-held_on": "2025-10-01"}
        )
        assert response.status_code == 403
        response = client.post(
            f"/workspace/litigation/suggestions/{suggestion.pk}/",
            {"reply-replied_on": "2025-10-01", "reply-reply": "越权答复"},
        )
        assert response.status_code == 403
        assert client.get("/workspace/litigation/cases/new/").status_code == 403
        figures = client.get("/workspace/litigation/figures/?year=2025").content.decode()
        assert "甲区卫健委" in figures and "败诉率" in figures
    suggestion.refresh_from_db()
    assert suggestion.replied_on is None
    assert world.refresh(case).hearings.count() == 0


def test_a_division_handler_sees_nothing_of_the_department(world, case):
    client = client_for(world.division)
    with at(date(2025, 10, 1)):
        assert client.get(case.get_absolute_url()).status_code == 404


def test_reply_through_the_form(world, suggestion):
    client = client_for(world.admin)
    with at(date(2025, 11, 12)):
        response = client.post(
            f"/workspace/litigation/suggestions/{suggestion.pk}/",
            {"reply-replied_on": "2025-11-12", "reply-reply": "已建立监管台账。"},
        )
        assert response.status_code == 302
        page = client.get(f"/workspace/litigation/suggestions/{suggestion.pk}/").content.decode()
    assert "逾期答复" in page
    assert Suggestion.objects.get().replied_on == date(2025, 11, 12)


def test_pages_render(world, case, suggestion):
    client = client_for(world.handler)
    with at(date(2025, 10, 1)):
        for url in (
            "/workspace/litigation/",
            "/workspace/litigation/cases/",
            "/workspace/litigation/cases/?state=answered&instance=first&head_required=1",
            "/workspace/litigation/suggestions/",
            "/workspace/litigation/suggestions/?state=open",
            "/workspace/litigation/suggestions/new/",
            f"/workspace/litigation/suggestions/new/?case={case.pk}",
            "/workspace/litigation/figures/",
            "/workspace/litigation/figures/?year=2025",
            f"/workspace/litigation/cases/new/?previous={case.pk}",
            reverse("procedures:detail", args=["litigation.case"]),
        ):
            assert client.get(url).status_code == 200, url
        index = client.get("/workspace/litigation/").content.decode()
    assert case.number in index  # the head must appear and the case is not heard yet


def test_the_workbook(world, case, suggestion):
    client = client_for(world.supervisor)
    with at(date(2025, 12, 31)):
        response = client.get("/workspace/litigation/figures/export.xlsx?year=2025")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "收案与审结",
        "负责人出庭应诉",
        "司法建议、检察建议",
        "尚未答复的建议",
        "统计口径",
    ]
    rows = list(book["收案与审结"].iter_rows(values_only=True))
    assert rows[1][:2] == ("被诉行政机关", "收案（件）")
    assert rows[2][:2] == ("甲区卫健委", 1)
    unanswered = list(book["尚未答复的建议"].iter_rows(values_only=True))
    assert unanswered[2][3] == "甲检行建〔2025〕1号" and unanswered[2][6] == "逾期51日"
    terms = [row[0] for row in book["统计口径"].iter_rows(values_only=True)]
    assert "败诉率" in terms and "负责人出庭率" in terms


def test_someone_without_any_post_in_an_agency_cannot_register(world):
    nobody = PersonFactory(unit=world.east.legal_office, role="legal_reviewer", name="另一审核人")
    assert client_for(nobody).get("/workspace/litigation/cases/new/").status_code == 403
