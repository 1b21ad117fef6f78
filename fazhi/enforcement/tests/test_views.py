"""The staff pages of enforcement: every page renders for those in reach; outside the person's
reach a record is 404 and no action can be posted; a refusal (a form error, a service's
ValidationError, a guard's reason with its article, a PermissionDenied) is shown in Chinese on
the page and nothing is saved; the case page takes a case from 立案 to 结案 through its forms."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.enforcement import law, services
from fazhi.enforcement.models import (
    Benchmark,
    Body,
    Certificate,
    Evidence,
    Exam,
    Exemption,
    Hearing,
    Item,
    Officer,
    PenaltyCase,
    Publication,
    Statement,
    Training,
)
from fazhi.ledger.models import LedgerEntry

from .conftest import PNG, at

pytestmark = pytest.mark.django_db

BASE = "/workspace/enforcement"
DAY = date(2026, 3, 2)


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def text(response) -> str:
    return response.content.decode()


def refusal(response) -> str:
    """The refusal shown at the top of a page posted back (for assertion messages)."""
    page = text(response)
    return page.split('data-testid="action-refusal"')[-1].split("</ul>")[0]


def case_url(case, suffix: str = "") -> str:
    return f"{BASE}/cases/{case.pk}/{suffix}"


def evidence_data(world, **overrides) -> dict:
    data = {
        "evidence-kind": "photo",
        "evidence-title": "现场照片",
        "evidence-collected_on": "2026-03-03",
        "evidence-collected_by": world.officers["lead"].pk,
        "evidence-upload": SimpleUploadedFile("现场照片.png", PNG, content_type="image/png"),
    }
    data.update(overrides)
    return data


def proposal_data(world, **overrides) -> dict:
    row = world.item.benchmarks.get().rows.get(order=2)
    data = {
        "propose-benchmark_row": row.pk,
        "propose-penalty_kinds": ["fine"],
        "propose-fine": "5000",
        "propose-violation_type": "未取得卫生许可证从事经营活动",
        "propose-facts": "未取得卫生许可证擅自营业。",
    }
    data.update(overrides)
    return data


def notice_data(**overrides) -> dict:
    data = {
        "notify-notified_on": "2026-03-05",
        "notify-facts": "未取得卫生许可证擅自营业。",
        "notify-reasons": "违反《公共场所卫生管理条例》第八条",
        "notify-basis": "《公共场所卫生管理条例》第十四条",
        "notify-proposal": "罚款人民币5000元",
        "notify-waived": "on",
    }
    data.update(overrides)
    return data


# ---- the module's home ------------------------------------------------------------------------


def test_index_links_every_section_and_shows_what_awaits_each_person(world):
    case = world.open()
    world.investigate(case)
    world.propose(case, major_public_interest=True)
    world.notify(case, waived=True)
    with at(date(2026, 3, 6)):
        services.review_submit(actor=world.lead, case=case)
    ready = world.to_ready(world.open())
    with at(date(2026, 3, 6)):
        page = text(client_for(world.lead).get(f"{BASE}/"))
        for link in (
            f"{BASE}/cases/",
            f"{BASE}/bodies/",
            f"{BASE}/officers/",
            f"{BASE}/items/",
            f"{BASE}/inspections/",
            f"{BASE}/supervision/",
            "/workspace/procedures/enforcement.penalty/",
        ):
            assert f'href="{link}"' in page, link
        assert "我承办的案件（2件）" in page
        assert "七日内届满或已逾期的办案期限" in page
        reviewer = text(client_for(world.reviewer).get(f"{BASE}/"))
        assert 'data-testid="to-review"' in reviewer and case.number in reviewer
        head = text(client_for(world.head).get(f"{BASE}/"))
        assert 'data-testid="to-decide"' in head and ready.number in head
        assert client_for(world.outsider).get(f"{BASE}/").status_code == 200
        assert case.number not in text(client_for(world.outsider).get(f"{BASE}/"))


def test_index_lists_overdue_publications(world):
    case = world.decide(world.to_ready(world.open()))
    with at(date(2026, 3, 20)):  # due 2026-03-18
        page = text(client_for(world.head).get(f"{BASE}/"))
    assert 'data-testid="disclosure-overdue"' in page
    assert case.number in page.split('data-testid="disclosure-overdue"')[1]


def test_deadlines_due_soon_listed_with_their_case(world):
    case = world.open()
    with at(date(2026, 5, 28)):  # decision due 2026-06-01
        page = text(client_for(world.lead).get(f"{BASE}/"))
    due = page.split('data-testid="due-soon"')[1]
    assert case.number in due and "作出处罚决定" in due and "2026年6月1日" in due


# ---- bodies and officers ----------------------------------------------------------------------


def test_body_pages_and_the_five_percent_rule(world):
    with at(DAY):
        client = client_for(world.head)
        listing = text(client.get(f"{BASE}/bodies/"))
        assert world.body.unit.name in listing
        page = text(client.get(f"{BASE}/bodies/{world.body.pk}/"))
        assert 'data-testid="enforcement-staff">3<' in page
        assert 'data-testid="legal-staff">1<' in page
        assert 'data-testid="legal-enough"' in page
        services.officer_leave(actor=world.clerk, officer=world.officers["reviewer"], reason="调离")
        page = text(client.get(f"{BASE}/bodies/{world.body.pk}/"))
        assert 'data-testid="legal-short"' in page and "118号四（十一）" in page
        assert client_for(world.outsider).get(f"{BASE}/bodies/{world.body.pk}/").status_code == 404


def test_only_the_justice_bureau_registers_a_body(world):
    data = {
        "unit": world.east.dept_a.pk,
        "kind": "agency",
        "legal_basis": "《甲区教育局职能配置规定》",
        "scope": "教育行政执法",
    }
    with at(DAY):
        assert client_for(world.head).get(f"{BASE}/bodies/new/").status_code == 200
        refused = client_for(world.outsider).post(f"{BASE}/bodies/new/", data)
        assert refused.status_code == 403
        assert "由司法局（法治机构）登记管理" in text(refused)
        assert not Body.objects.filter(unit=world.east.dept_a).exists()
        done = client_for(world.clerk).post(f"{BASE}/bodies/new/", data)
        body = Body.objects.get(unit=world.east.dept_a)
        assert done.status_code == 302 and done.url == f"{BASE}/bodies/{body.pk}/"
        edit = f"{BASE}/bodies/{body.pk}/edit/"
        assert "《甲区教育局职能配置规定》" in text(client_for(world.clerk).get(edit))
        moved = {**data, "unit": world.east.dept_b.pk, "phone": "010-12345"}
        assert client_for(world.clerk).post(edit, moved).status_code == 302
        body.refresh_from_db()
        assert body.phone == "010-12345" and body.unit == world.east.dept_a  # the unit is fixed
        assert (
            client_for(world.outsider).get(f"{BASE}/bodies/{world.body.pk}/edit/").status_code
            == 404
        )


def test_officer_register_from_the_body_page(world):
    newcomer = world.trainee  # already registered: the form re-registers (idempotent)
    with at(DAY):
        page = client_for(world.clerk).get(f"{BASE}/bodies/{world.body.pk}/officers/new/")
        assert page.status_code == 200 and newcomer.name in text(page)
        response = client_for(world.clerk).post(
            f"{BASE}/bodies/{world.body.pk}/officers/new/",
            {"person": world.head.pk, "duty": "enforcement"},
        )
        officer = Officer.objects.get(person=world.head, body=world.body)
        assert response.url == f"{BASE}/officers/{officer.pk}/"
        refused = client_for(world.lead).post(
            f"{BASE}/bodies/{world.body.pk}/officers/new/",
            {"person": world.second.pk, "duty": "legal_review"},
        )
        assert refused.status_code == 403 and "司法局" in text(refused)
        assert Officer.objects.get(pk=world.officers["second"].pk).duty == "enforcement"


def test_officer_list_filters_without_n_plus_one(world, django_assert_max_num_queries):
    client = client_for(world.clerk)
    with at(DAY):
        client.get(f"{BASE}/officers/")  # warm the session and reach caches
        with django_assert_max_num_queries(12):
            page = text(client.get(f"{BASE}/officers/"))
        assert world.lead.name in page and "11010126000001" in page
        none = text(client.get(f"{BASE}/officers/", {"certificate": "none"}))
        assert world.trainee.name in none and world.lead.name not in none
        valid = text(client.get(f"{BASE}/officers/", {"certificate": "valid"}))
        assert world.lead.name in valid and world.trainee.name not in valid
        reviewers = text(client.get(f"{BASE}/officers/", {"duty": "legal_review"}))
        assert world.reviewer.name in reviewers and world.lead.name not in reviewers
        assert world.lead.name not in text(client_for(world.outsider).get(f"{BASE}/officers/"))


def test_officer_detail_certificates_exams_and_training_hours(world):
    lead = world.officers["lead"]
    with at(DAY):
        services.training_record(
            actor=world.head, officer=lead, held_on=date(2026, 2, 10), title="行政处罚法", hours="8"
        )
        page = text(client_for(world.head).get(f"{BASE}/officers/{lead.pk}/"))
        assert "11010126000001" in page and "有效" in page
        assert "2026年已参加培训 <strong>8.0</strong> 学时，年度要求 60 学时" in page
        assert "尚差 52.0 学时" in page
        assert client_for(world.outsider).get(f"{BASE}/officers/{lead.pk}/").status_code == 404


def test_officer_forms_refuse_in_chinese_and_save_nothing(world):
    trainee = world.officers["trainee"]
    url = f"{BASE}/officers/{trainee.pk}"
    clerk = client_for(world.clerk)
    with at(DAY):
        response = clerk.post(f"{url}/exams/", {"exam-score": "80"})
        assert response.status_code == 200 and "该字段是必填项" in text(response)
        assert not Exam.objects.filter(officer=trainee).exists()
        response = clerk.post(
            f"{url}/certificates/",
            {
                "certificate-number": "11010126000009",
                "certificate-issuer": "北京市人民政府",
                "certificate-area": "甲区",
                "certificate-valid_from": "2026-03-01",
                "certificate-valid_to": "2030-02-28",
            },
        )
        assert "尚未通过执法资格考试，不能发放执法证件" in text(response)
        assert not Certificate.objects.filter(number="11010126000009").exists()
        response = clerk.post(
            f"{url}/exams/",
            {"exam-taken_on": "2026-02-01", "exam-score": "90", "exam-passed": "on"},
        )
        assert response.status_code == 302
        clerk.post(
            f"{url}/certificates/",
            {
                "certificate-number": "11010126000009",
                "certificate-issuer": "北京市人民政府",
                "certificate-area": "甲区",
                "certificate-valid_from": "2026-03-01",
                "certificate-valid_to": "2030-02-28",
            },
        )
        certificate = Certificate.objects.get(number="11010126000009")
        response = clerk.post(
            f"{BASE}/certificates/{certificate.pk}/status/",
            {
                f"status-{certificate.pk}-status": "suspended",
                f"status-{certificate.pk}-reason": "违纪",
            },
        )
        assert response.status_code == 302
        assert "暂扣" in text(clerk.get(f"{url}/"))
        training = clerk.post(
            f"{url}/trainings/",
            {"training-held_on": "2026-02-01", "training-title": "培训", "training-hours": "30"},
        )
        assert "24" in text(training) and not Training.objects.filter(officer=trainee).exists()
        outsider = client_for(world.outsider)
        assert outsider.post(f"{url}/exams/", {"exam-taken_on": "2026-02-01"}).status_code == 404
        assert (
            outsider.post(
                f"{BASE}/certificates/{certificate.pk}/status/",
                {f"status-{certificate.pk}-status": "cancelled"},
            ).status_code
            == 404
        )
    assert Certificate.objects.get(pk=certificate.pk).status == "suspended"


# ---- items, benchmarks, exemptions ------------------------------------------------------------


def test_item_list_filters_and_searches(world, django_assert_max_num_queries):
    with at(DAY):
        services.item_save(
            actor=world.head,
            body=world.body,
            code="330217002000",
            name="对公共场所卫生检查的行政检查",
            kind="inspection",
            legal_basis="《公共场所卫生管理条例》",
            level="street",
        )
        client = client_for(world.head)
        client.get(f"{BASE}/items/")
        with django_assert_max_num_queries(10):
            page = text(client.get(f"{BASE}/items/"))
        assert world.item.name in page and "对公共场所卫生检查的行政检查" in page
        penalties = text(client.get(f"{BASE}/items/", {"kind": "penalty"}))
        assert world.item.name in penalties and "行政检查</td>" not in penalties
        found = text(client.get(f"{BASE}/items/", {"q": "330217002"}))
        assert "对公共场所卫生检查的行政检查" in found and world.item.name not in found
        street = text(client.get(f"{BASE}/items/", {"level": "street", "body": world.body.pk}))
        assert world.item.name not in street
        assert world.item.name not in text(client_for(world.outsider).get(f"{BASE}/items/"))


def test_item_detail_shows_versions_and_lists(world):
    with at(DAY):
        page = text(client_for(world.lead).get(f"{BASE}/items/{world.item.pk}/"))
    assert 'data-testid="in-force"' in page and "经营时间不满三个月" in page
    assert "初次违法、危害后果轻微并及时改正" in page.split('data-testid="discretionary"')[1]
    with at(DAY):
        assert client_for(world.outsider).get(f"{BASE}/items/{world.item.pk}/").status_code == 404


def test_item_create_and_edit(world):
    client = client_for(world.head)
    with at(DAY):
        assert client.get(f"{BASE}/items/new/").status_code == 200
        data = {
            "body": world.body.pk,
            "code": "330217009000",
            "name": "对未按规定进行卫生检测的行政处罚",
            "kind": "penalty",
            "legal_basis": "《公共场所卫生管理条例》第十四条",
            "level": "district",
            "statutory_min": "3000",
            "statutory_max": "1000",
        }
        refused = client.post(f"{BASE}/items/new/", data)
        assert "法定罚款上限不能低于下限" in text(refused)
        assert not Item.objects.filter(code="330217009000").exists()
        done = client.post(f"{BASE}/items/new/", {**data, "statutory_max": "20000"})
        item = Item.objects.get(code="330217009000")
        assert done.url == f"{BASE}/items/{item.pk}/"
        edit = client.post(
            f"{BASE}/items/{item.pk}/edit/",
            {**data, "code": "篡改", "statutory_max": "20000", "review_listed": "on"},
        )
        assert edit.status_code == 302
        item.refresh_from_db()
        assert item.review_listed and item.code == "330217009000"
        outsider = client_for(world.outsider)
        assert outsider.get(f"{BASE}/items/{item.pk}/edit/").status_code == 404


def test_benchmark_version_from_the_rows_table(world):
    client = client_for(world.head)
    url = f"{BASE}/items/{world.item.pk}/benchmarks/new/"
    with at(DAY):
        page = text(client.get(url))
        assert "经营时间不满三个月" in page  # prefilled from the version in force
        data = {
            "benchmark-effective_from": "2026-04-01",
            "benchmark-source": "甲区卫健委行政处罚裁量基准（2026）",
            "benchmark-published_on": "2026-03-02",
            "rows-TOTAL_FORMS": "3",
            "rows-INITIAL_FORMS": "0",
            "rows-0-circumstance": "首次违法",
            "rows-0-degree": "lighter",
            "rows-0-penalty": "罚款",
            "rows-0-fine_min": "500",
            "rows-0-fine_max": "40000",
            "rows-1-circumstance": "",
            "rows-2-circumstance": "",
        }
        refused = client.post(url, data)
        assert "第1个情节：罚款上限超过法定上限30,000.00元" in text(refused)
        assert world.item.benchmarks.count() == 1
        done = client.post(url, {**data, "rows-0-fine_max": "3000"})
        assert done.status_code == 302
        version = Benchmark.objects.get(item=world.item, effective_from=date(2026, 4, 1))
        assert [r.circumstance for r in version.rows.all()] == ["首次违法"]


def test_exemption_add_on_the_item_page(world):
    client = client_for(world.head)
    url = f"{BASE}/items/{world.item.pk}/exemptions/"
    with at(DAY):
        refused = client.post(url, {"exemption-kind": "mandatory"})
        assert refused.status_code == 200 and "该字段是必填项" in text(refused)
        done = client.post(
            url,
            {
                "exemption-kind": "mandatory",
                "exemption-circumstance": "轻微并及时改正，没有造成危害后果",
                "exemption-effective_from": "2026-01-01",
                "exemption-source": "甲区卫健委不予处罚清单",
            },
        )
        assert done.status_code == 302
        assert world.item.exemptions.filter(kind="mandatory").count() == 1
        assert client_for(world.outsider).post(url, {}).status_code == 404


# ---- cases: list and opening ------------------------------------------------------------------


def test_case_list_is_scoped_paginated_and_filtered(world, django_assert_max_num_queries):
    cases = [world.open() for _ in range(3)]
    client = client_for(world.lead)
    with at(DAY):
        client.get(f"{BASE}/cases/")
        with CaptureQueriesContext(connection) as few:
            client.get(f"{BASE}/cases/")
    cases += [world.open() for _ in range(5)]
    with at(DAY):
        with django_assert_max_num_queries(len(few.captured_queries)):
            page = text(client.get(f"{BASE}/cases/"))
        for case in cases:
            assert case.number in page
        assert cases[0].number not in text(client_for(world.outsider).get(f"{BASE}/cases/"))
        investigating = text(client.get(f"{BASE}/cases/", {"state": "investigating"}))
        assert cases[0].number in investigating
        assert cases[0].number not in text(client.get(f"{BASE}/cases/", {"state": "closed"}))
        assert cases[0].number in text(client.get(f"{BASE}/cases/", {"q": "餐饮"}))
    with at(date(2026, 6, 2)):
        overdue = text(client.get(f"{BASE}/cases/", {"overdue": "decision"}))
        assert cases[0].number in overdue and "逾期" in overdue


def test_case_open_through_the_form(world):
    client = client_for(world.lead)
    data = {
        "body": world.body.pk,
        "item": world.item.pk,
        "number": "甲卫罚〔2026〕88号",
        "source": "complaint",
        "party_kind": "legal",
        "party_name": "甲区某某美容有限公司",
        "party_code": "91110108MA01XXXX1X",
        "occurred_on": "2023-01-10",
        "discovered_on": "2026-03-02",
        "opened_on": "2026-03-02",
        "lead": world.officers["lead"].pk,
        "assistants": [world.officers["second"].pk],
    }
    with at(DAY):
        page = text(client.get(f"{BASE}/cases/new/"))
        assert world.item.name in page and "11010126000002" in page
        assert world.trainee.name not in page  # no valid certificate: not offered
        refused = client.post(f"{BASE}/cases/new/", data)
        assert "第三十六条" in text(refused) and "不再给予行政处罚" in text(refused)
        assert not PenaltyCase.objects.exists()
        done = client.post(f"{BASE}/cases/new/", {**data, "occurred_on": "2026-02-20"})
        case = PenaltyCase.objects.get()
        assert done.url == f"{BASE}/cases/{case.pk}/"
        assert case.case_officers.count() == 2
        assert case.case_officers.get(role="lead").officer == world.officers["lead"]
        assert client_for(world.outsider).get(f"{BASE}/cases/new/").status_code == 403


# ---- one case ---------------------------------------------------------------------------------


def test_case_page_renders_for_everyone_in_reach_and_404_outside(world):
    case = world.open()
    with at(DAY):
        for person in (world.lead, world.second, world.head, world.reviewer, world.clerk):
            response = client_for(person).get(case_url(case))
            assert response.status_code == 200, person
        page = text(client_for(world.lead).get(case_url(case)))
        assert "甲区某某餐饮有限公司" in page and "91110108MA01ABCD2X" in page
        assert "11010126000001" in page and "11010126000002" in page  # certificate numbers
        assert "行政处罚决定期限" in page and "计算说明" in page  # the running deadline
        assert client_for(world.outsider).get(case_url(case)).status_code == 404


CASE_ACTIONS = [
    "officers/",
    "evidence/",
    "preservations/",
    "preservations/1/handle/",
    "proposal/",
    "notices/",
    "statements/",
    "statements/1/answer/",
    "hearings/",
    "hearings/1/notify/",
    "hearings/1/hold/",
    "hearings/1/withdraw/",
    "review/submit/",
    "review/",
    "ready/",
    "discussions/",
    "extensions/",
    "decision/",
    "decision/on-spot/",
    "service/",
    "arrangements/",
    "payments/",
    "challenges/",
    "challenges/1/end/",
    "court/",
    "close/",
    "transfers/",
    "transfers/1/feedback/",
    "dismiss/",
    "publication/",
    "publication/withdraw/",
    "publication/end-early/",
]


def test_outsider_cannot_post_any_action(world):
    case = world.open()
    world.investigate(case)
    entries = LedgerEntry.objects.count()
    client = client_for(world.outsider)
    with at(date(2026, 3, 4)):
        for action in CASE_ACTIONS:
            response = client.post(
                case_url(case, action),
                {"decide-outcome": "not_established", "decide-decided_on": "2026-03-04"},
            )
            assert response.status_code in (403, 404), action
        for kind in ("decision", "no_penalty", "advice", "pledge"):
            assert client.get(case_url(case, f"documents/{kind}.docx")).status_code == 404
    case.refresh_from_db()
    assert case.state == "investigating" and case.version == 0
    assert LedgerEntry.objects.count() == entries


def test_a_colleague_without_the_role_is_refused_with_the_reason(world):
    case = world.to_ready(world.open())
    with at(date(2026, 3, 9)):
        response = client_for(world.lead).post(
            case_url(case, "decision/"),
            {
                "decide-outcome": "penalty",
                "decide-decision_number": "甲卫罚决〔2026〕1号",
                "decide-decided_on": "2026-03-09",
            },
        )
    assert response.status_code == 403
    assert "行政处罚决定由行政机关负责人作出" in text(response)
    assert PenaltyCase.objects.get(pk=case.pk).state == "ready"


def test_evidence_upload_checks_the_declared_hash(world):
    case = world.open()
    client = client_for(world.lead)
    with at(date(2026, 3, 3)):
        wrong = client.post(
            case_url(case, "evidence/"),
            evidence_data(world, **{"evidence-declared_sha256": "0" * 64}),
        )
        assert wrong.status_code == 200
        assert "SHA-256 与声明值不符" in text(wrong) and "未保存" in text(wrong)
        assert not Evidence.objects.filter(case=case).exists()
        right = client.post(
            case_url(case, "evidence/"),
            evidence_data(world, **{"evidence-declared_sha256": hashlib.sha256(PNG).hexdigest()}),
        )
        assert right.status_code == 302
        evidence = Evidence.objects.get(case=case)
        page = text(client.get(case_url(case)))
        assert reverse("evidence:download", args=[evidence.sha256]) in page
        assert client.get(reverse("evidence:download", args=[evidence.sha256])).status_code == 200
        assert (
            client_for(world.outsider)
            .get(reverse("evidence:download", args=[evidence.sha256]))
            .status_code
            == 404
        )


def test_proposal_shows_the_benchmark_range_and_needs_a_reason_outside_it(world):
    case = world.open()
    world.investigate(case)
    client = client_for(world.lead)
    with at(date(2026, 3, 4)):
        page = text(client.get(case_url(case)))
        assert "经营时间不满三个月（一般处罚：罚款，罚款幅度2,000.00元至10,000.00元）" in page
        refused = client.post(
            case_url(case, "proposal/"), proposal_data(world, **{"propose-fine": "15000"})
        )
        assert "高于裁量基准上限" in text(refused) and "须说明理由" in text(refused)
        assert "第三十四条" in text(refused)
        assert PenaltyCase.objects.get(pk=case.pk).fine is None
        done = client.post(case_url(case, "proposal/"), proposal_data(world))
        assert done.status_code == 302
        page = text(client.get(case_url(case)))
        shown = page.split('data-testid="proposal-range"')[1].split("</dd>")[0]
        assert "一般处罚：罚款，罚款幅度2,000.00元至10,000.00元" in shown
        assert "拟罚款在裁量基准幅度内" in shown


def test_invalid_forms_show_chinese_errors_and_save_nothing(world):
    case = world.open()
    world.investigate(case)
    client = client_for(world.lead)
    with at(date(2026, 3, 4)):
        response = client.post(case_url(case, "notices/"), {"notify-proposal": "罚款"})
        assert response.status_code == 200
        assert 'data-testid="action-refusal"' in text(response)
        assert "该字段是必填项" in text(response)
        response = client.post(
            case_url(case, "proposal/"), proposal_data(world, **{"propose-fine": "abc"})
        )
        assert "输入一个数字" in text(response)
        response = client.post(case_url(case, "notices/"), notice_data())
        assert "尚未拟定行政处罚的种类和内容" in text(response)  # a guard, no article needed
    case.refresh_from_db()
    assert case.state == "investigating" and not case.notices.exists()


def test_decision_before_required_review_shows_article_58(world):
    case = world.open()
    world.investigate(case)
    world.propose(case, major_public_interest=True)
    with at(date(2026, 3, 5)):
        page = text(client_for(world.head).get(case_url(case)))
        assert "未经法制审核或者审核未通过的，不得作出决定" in page  # the step panel says it ahead
        response = client_for(world.head).post(
            case_url(case, "decision/"),
            {
                "decide-outcome": "no_penalty",
                "decide-decision_number": "甲卫不罚〔2026〕1号",
                "decide-decided_on": "2026-03-05",
            },
        )
    assert response.status_code == 200
    refusal = text(response).split('data-testid="action-refusal"')[1].split("</div>\n</div>")[0]
    assert "未经法制审核或者审核未通过的，不得作出决定" in refusal and "第五十八条第一款" in refusal
    case.refresh_from_db()
    assert case.state == "investigating" and case.outcome == "" and not case.decided_on


def test_a_case_through_its_forms_to_closing_and_publication(world):
    case = world.open()
    lead, head, reviewer = (
        client_for(world.lead),
        client_for(world.head),
        client_for(world.reviewer),
    )
    with at(date(2026, 3, 3)):
        assert lead.post(case_url(case, "evidence/"), evidence_data(world)).status_code == 302
    with at(date(2026, 3, 4)):
        assert lead.post(case_url(case, "proposal/"), proposal_data(world)).status_code == 302
    with at(date(2026, 3, 5)):
        response = lead.post(case_url(case, "notices/"), notice_data(**{"notify-waived": ""}))
        assert response.status_code == 302
        response = lead.post(
            case_url(case, "statements/"),
            {"statement-received_on": "2026-03-05", "statement-content": "已停业整改。"},
        )
        assert response.status_code == 302
        statement = Statement.objects.get(case=case)
        assert "尚有1份陈述申辩未复核" in text(lead.get(case_url(case)))
        response = lead.post(
            case_url(case, f"statements/{statement.pk}/answer/"),
            {f"answer-{statement.pk}-adopted": "0", f"answer-{statement.pk}-reply": "不影响定性。"},
        )
        assert response.status_code == 302
        early = lead.post(case_url(case, "ready/"))
        assert "当事人要求听证的期限" not in text(early)  # no hearing right for ¥5,000
    with at(date(2026, 3, 6)):
        assert lead.post(case_url(case, "review/submit/")).status_code == 302
        response = reviewer.post(
            case_url(case, "review/"), {"review-result": "agree", "review-opinion": "事实清楚。"}
        )
        assert response.status_code == 302
    with at(date(2026, 3, 9)):
        response = head.post(
            case_url(case, "decision/"),
            {
                "decide-outcome": "penalty",
                "decide-decision_number": "甲卫罚决〔2026〕7号",
                "decide-decided_on": "2026-03-09",
            },
        )
        assert response.status_code == 302
        assert "已作出决定，待送达" in text(lead.get(case_url(case)))
    with at(date(2026, 3, 10)):
        response = lead.post(
            case_url(case, "service/"),
            {"serve-served_on": "2026-03-10", "serve-method": "电子送达"},
        )
        assert "当事人同意并签订确认书的，方可电子送达" in text(response)
        response = lead.post(
            case_url(case, "service/"),
            {"serve-served_on": "2026-03-10", "serve-method": "直接送达"},
        )
        assert response.status_code == 302
        response = lead.post(case_url(case, "publication/"), {"publish-published_on": "2026-03-10"})
        assert response.status_code == 302
        assert Publication.objects.filter(case=case).exists()
    with at(date(2026, 3, 27)):
        page = text(lead.get(case_url(case)))
        surcharge = page.split('data-testid="surcharge"')[1].split("</div>")[0]
        assert "<strong>300.00 元</strong>" in surcharge and "逾期2日" in surcharge
        closing = lead.post(case_url(case, "close/"), {"close-closed_on": "2026-03-27"})
        assert "尚未缴清" in text(closing)
        response = lead.post(
            case_url(case, "payments/"),
            {"payment-paid_on": "2026-03-27", "payment-amount": "5300"},
        )
        assert response.status_code == 302
        assert (
            lead.post(case_url(case, "close/"), {"close-closed_on": "2026-03-27"}).status_code
            == 302
        )
    case.refresh_from_db()
    assert case.state == "closed" and case.paid == Decimal("5300.00")
    with at(date(2026, 3, 30)):
        response = client_for(world.head).post(
            case_url(case, "publication/withdraw/"),
            {
                "withdraw-revoked_on": "2026-03-30",
                "withdraw-withdrawn_on": "2026-03-30",
                "withdraw-reason": "行政复议决定撤销原处罚决定。",
            },
        )
        assert response.status_code == 302
    assert Publication.objects.get(case=case).withdrawn_on == date(2026, 3, 30)


def test_hearing_through_the_forms(world):
    case = world.open()
    world.investigate(case)
    world.propose(case, kinds=("fine", "suspension"))
    world.notify(case)
    client = client_for(world.lead)
    with at(date(2026, 3, 10)):
        assert (
            client.post(
                case_url(case, "hearings/"), {"hearing_request-requested_on": "2026-03-10"}
            ).status_code
            == 302
        )
        hearing = Hearing.objects.get(case=case)
        page = text(client.get(case_url(case)))
        assert world.head.name in page.split(f'id="id_hearing_notify-{hearing.pk}-chair"')[1]
    key = f"hearing_notify-{hearing.pk}"
    with at(date(2026, 3, 12)):
        late = client.post(
            case_url(case, f"hearings/{hearing.pk}/notify/"),
            {
                f"{key}-notified_on": "2026-03-12",
                f"{key}-scheduled_on": "2026-03-19",
                f"{key}-place": "一会议室",
                f"{key}-chair": world.head.pk,
            },
        )
        assert "第六十四条第二项" in text(late)
        assert Hearing.objects.get(pk=hearing.pk).notified_on is None
        done = client.post(
            case_url(case, f"hearings/{hearing.pk}/notify/"),
            {
                f"{key}-notified_on": "2026-03-12",
                f"{key}-scheduled_on": "2026-03-23",
                f"{key}-place": "一会议室",
                f"{key}-chair": world.head.pk,
                f"{key}-public": "on",
            },
        )
        assert done.status_code == 302
    key = f"hearing_hold-{hearing.pk}"
    with at(date(2026, 3, 23)):
        done = client.post(
            case_url(case, f"hearings/{hearing.pk}/hold/"),
            {f"{key}-held_on": "2026-03-23", f"{key}-record": "当事人陈述……"},
        )
        assert done.status_code == 302
    case.refresh_from_db()
    assert case.hearing_held and case.state == "notified"


# ---- generated documents ----------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def test_decision_document_downloads_as_docx(world):
    case = world.open()
    client = client_for(world.lead)
    with at(date(2026, 3, 4)):
        early = client.get(case_url(case, "documents/decision.docx"))
        assert early.status_code == 302
        assert "尚未作出行政处罚决定" in text(client.get(early.url))
    case = world.decide(world.to_ready(case))
    with at(date(2026, 3, 9)):
        response = client.get(case_url(case, "documents/decision.docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = docx_text(response.content)
    assert "甲区某某餐饮有限公司" in body and case.decision_number in body
    assert "六十日内" in body and "六个月内" in body and "甲区人民政府" in body
    assert "罚款人民币5,000.00元" in body and world.body.unit.name in body


def test_one_case_three_documents_for_an_exemption(world):
    case = world.open()
    world.investigate(case)
    exemption = Exemption.objects.get(item=world.item)
    with at(date(2026, 3, 4)):
        services.case_propose(actor=world.lead, case=case, penalty_kinds=[], exemption=exemption)
    world.decide(
        case, outcome="no_penalty", on=date(2026, 3, 5), decision_number="甲卫不罚〔2026〕1号"
    )
    client = client_for(world.head)
    with at(date(2026, 3, 5)):
        page = text(client.get(case_url(case)))
        assert "一案三书" in page
        for kind, title in (
            ("no_penalty", "不予行政处罚决定书"),
            ("advice", "行政建议书"),
            ("pledge", "信用承诺书"),
        ):
            response = client.get(case_url(case, f"documents/{kind}.docx"))
            assert response.status_code == 200, kind
            body = docx_text(response.content)
            assert (
                title in body and "甲区某某餐饮有限公司" in body and "甲卫不罚〔2026〕1号" in body
            )
        assert client.get(case_url(case, "documents/decision.docx")).status_code == 302
        assert client.get(case_url(case, "documents/unknown.docx")).status_code == 404


def test_the_other_actions_of_the_case_page(world):
    """Preservation, extension, discussion, arrangement, challenge, court, transfer, dismissal
    and the on-the-spot decision, each through its own form; the page renders after each."""
    lead, head = client_for(world.lead), client_for(world.head)

    def ok(client, case, action, data, day):
        with at(day):
            response = client.post(case_url(case, action), data)
            assert response.status_code == 302, (action, refusal(response))
            assert client.get(case_url(case)).status_code == 200

    case = world.open()
    ok(
        head,
        case,
        "preservations/",
        {"preservation-things": "无证经营使用的器具一批", "preservation-started_on": "2026-03-02"},
        DAY,
    )
    preservation = case.preservations.get()
    key = f"handle-{preservation.pk}"
    ok(
        lead,
        case,
        f"preservations/{preservation.pk}/handle/",
        {f"{key}-handling": "解除登记保存", f"{key}-handled_on": "2026-03-04"},
        date(2026, 3, 4),
    )
    ok(
        head,
        case,
        "extensions/",
        {"extend-days": "30", "extend-reason": "案情复杂", "extend-basis": "部门规章第X条"},
        date(2026, 3, 4),
    )
    assert world.refresh(case).decision_due == date(2026, 7, 1)
    world.to_ready(case)
    ok(
        head,
        case,
        "discussions/",
        {
            "discussion-held_on": "2026-03-06",
            "discussion-meeting": "局长办公会",
            "discussion-attendees": "王主任等",
            "discussion-conclusion": "同意处罚",
        },
        date(2026, 3, 6),
    )
    world.decide(case)
    with at(date(2026, 3, 10)):
        services.case_serve(
            actor=world.lead, case=case, served_on=date(2026, 3, 10), method="直接送达"
        )
    ok(
        head,
        case,
        "arrangements/",
        {
            "arrangement-kind": "deferral",
            "arrangement-until": "2026-05-10",
            "arrangement-reason": "经营困难",
        },
        date(2026, 3, 12),
    )
    ok(
        lead,
        case,
        "challenges/",
        {"challenge-kind": "reconsideration", "challenge-filed_on": "2026-03-12"},
        date(2026, 3, 12),
    )
    challenge = case.challenges.get()
    key = f"challenge_end-{challenge.pk}"
    ok(
        lead,
        case,
        f"challenges/{challenge.pk}/end/",
        {f"{key}-ended_on": "2026-04-20", f"{key}-result": "维持"},
        date(2026, 4, 20),
    )
    # After the periods for reconsideration and suit (served 2026-03-10: six months) and ten
    # days after the written demand (行政强制法第五十三条、第五十四条): the tenth working day
    # after 09-11 is 09-24; the next day is 中秋节, then a weekend — Monday 09-28.
    demanded = date(2026, 9, 11)
    assert law.period_due("enforcement.demand_wait", demanded) == date(2026, 9, 24)
    applied = date(2026, 9, 28)
    ok(
        head,
        case,
        "court/",
        {
            "court-demanded_on": demanded.isoformat(),
            "court-applied_on": applied.isoformat(),
            "court-court": "甲区人民法院",
        },
        applied,
    )
    ok(lead, case, "close/", {"close-closed_on": applied.isoformat()}, applied)
    assert world.refresh(case).state == "closed"

    other = world.open()
    ok(
        head,
        other,
        "transfers/",
        {
            "transfer-kind": "criminal",
            "transfer-receiver": "甲区公安分局",
            "transfer-transferred_on": "2026-03-03",
            "transfer-reason": "涉嫌犯罪",
            "transfer-materials": "案卷一册",
        },
        date(2026, 3, 3),
    )
    transfer = other.transfers.get()
    key = f"feedback-{transfer.pk}"
    ok(
        lead,
        other,
        f"transfers/{transfer.pk}/feedback/",
        {f"{key}-accepted_on": "2026-03-05", f"{key}-feedback": "已立案侦查"},
        date(2026, 3, 5),
    )
    dismissed = world.open()
    ok(head, dismissed, "dismiss/", {"dismiss-reason": "违法事实不存在"}, date(2026, 3, 3))
    assert world.refresh(dismissed).state == "dismissed"

    spot = world.open(simplified=True, party_kind="person", party_name="张三")
    with at(date(2026, 3, 3)):
        services.case_propose(actor=world.lead, case=spot, penalty_kinds=["warning"])
    ok(
        lead,
        spot,
        "decision/on-spot/",
        {"spot-decision_number": "甲卫当罚〔2026〕1号", "spot-decided_on": "2026-03-03"},
        date(2026, 3, 3),
    )
    assert world.refresh(spot).state == "executing"


def test_officer_leave_cancels_certificates_and_only_the_legal_office_may(world):
    lead = world.officers["lead"]
    url = f"{BASE}/officers/{lead.pk}/leave/"
    with at(DAY):
        response = client_for(world.head).post(url, {"leave-reason": "调离"})
        assert response.status_code == 403 and "司法局" in text(response)
        assert Officer.objects.get(pk=lead.pk).active
        response = client_for(world.clerk).post(url, {"leave-reason": ""})
        assert response.status_code == 200 and Officer.objects.get(pk=lead.pk).active
        response = client_for(world.clerk).post(url, {"leave-reason": "调离执法岗位"})
        assert response.status_code == 302
    lead.refresh_from_db()
    assert not lead.active
    assert set(lead.certificates.values_list("status", flat=True)) == {"cancelled"}
    with at(DAY):
        assert client_for(world.outsider).post(url, {"leave-reason": "x"}).status_code == 404
