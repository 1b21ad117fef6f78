"""The public pages of enforcement at /enforcement/ (执法公示), for anonymous visitors: bodies,
officers and the certificate verification page with its QR code, benchmarks and exemption
lists, penalty decisions (a natural person's data masked; withdrawn with the reason; gone once
the period ends), yearly statistics, inspection plans and evaluation campaigns, the re-run
script; hostile search strings answered calmly."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

import pytest
import segno
from django.core.exceptions import ValidationError

from fazhi.enforcement import draw, evaluation_services, inspection_services, portal_views, services
from fazhi.enforcement.importing import USCC_ALPHABET, uscc_check_char
from fazhi.enforcement.models import Campaign, Entity, InspectionPlan, PenaltyCase, Publication

from .conftest import World, at

pytestmark = pytest.mark.django_db

PERSON_NAME = "欧阳晓明"
PERSON_ID = "110101199003071234"
PERSON_PHONE = "13912345678"
PERSON_ADDRESS = "甲区幸福路8号院3号楼"
COMPANY = "甲区某某餐饮有限公司"
HOSTILE = ("%", "' OR 1=1 --", "中" * 2000, "张\x00三", "_", "\\", "<script>alert(1)</script>")


@dataclass
class Published:
    world: World
    company: Publication  # a company's decision, on view from 2026-03-10
    person: Publication  # a natural person's decision, on view from 2026-03-10


def _decide(world: World, **party) -> PenaltyCase:
    case = world.open(**party)
    case = world.to_ready(case)
    return world.decide(case)


@pytest.fixture
def published(world) -> Published:
    company_case = _decide(world)
    person_case = _decide(
        world,
        party_kind="person",
        party_name=PERSON_NAME,
        party_code=PERSON_ID,
        party_phone=PERSON_PHONE,
        party_address=PERSON_ADDRESS,
        facts=f"{PERSON_NAME}（身份证号{PERSON_ID}）在{PERSON_ADDRESS}未取得卫生许可证擅自经营理发店。",
    )
    with at(date(2026, 3, 10)):
        company = services.publish(actor=world.lead, case=company_case)
        person = services.publish(actor=world.lead, case=person_case)
    return Published(world, company, person)


def _html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# ---- access -----------------------------------------------------------------------------------


def test_every_page_is_public(client, published):
    world = published.world
    certificate = world.officers["lead"].certificates.get()
    plan, campaign = _plan(world), _campaign(world, published)
    urls = [
        "/enforcement/",
        "/enforcement/bodies/",
        f"/enforcement/bodies/{world.body.pk}/",
        "/enforcement/review-list/",
        "/enforcement/officers/",
        f"/enforcement/certificates/{certificate.token}/",
        f"/enforcement/certificates/{certificate.token}/qr.svg",
        "/enforcement/benchmarks/",
        f"/enforcement/items/{world.item.pk}/",
        "/enforcement/exemptions/",
        "/enforcement/decisions/",
        "/enforcement/decisions/withdrawn/",
        f"/enforcement/decisions/{published.company.pk}/",
        "/enforcement/statistics/",
        "/enforcement/inspections/",
        f"/enforcement/inspections/{plan.pk}/",
        "/enforcement/evaluations/",
        f"/enforcement/evaluations/{campaign.pk}/",
        "/enforcement/tools/fazhi_draw.py",
    ]
    with at(date(2026, 4, 1)):
        for url in urls:
            assert client.get(url).status_code == 200, url


def test_unknown_records_are_404(client, db):
    huge = "9" * 30
    for url in (
        "/enforcement/bodies/999/",
        "/enforcement/items/999/",
        "/enforcement/decisions/999/",
        "/enforcement/inspections/999/",
        "/enforcement/inspections/999/bundle.zip",
        "/enforcement/evaluations/999/",
        f"/enforcement/bodies/{huge}/",
        f"/enforcement/items/{huge}/",
        f"/enforcement/decisions/{huge}/",
        f"/enforcement/inspections/{huge}/",
        f"/enforcement/evaluations/{huge}/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_index_counts_each_section(client, published):
    with at(date(2026, 4, 1)):
        html = _html(client, "/enforcement/")
    assert 'data-testid="count-bodies">1<' in html
    assert 'data-testid="count-officers">2<' in html  # the trainee holds no certificate
    assert 'data-testid="count-benchmarks">1<' in html
    assert 'data-testid="count-exemptions">1<' in html
    assert 'data-testid="count-publications">2<' in html
    assert f"/enforcement/decisions/{published.company.pk}/" in html


# ---- bodies, items, benchmarks ------------------------------------------------------------------


def test_a_body_page_shows_its_powers_officers_benchmarks_lists_and_statistics(client, world):
    with at(date(2026, 1, 5)):
        services.item_save(
            actor=world.head,
            body=world.body,
            code="330217002000",
            name="对医疗机构使用非卫生技术人员的行政处罚",
            kind="penalty",
            legal_basis="《医疗机构管理条例》第四十七条",
            level="district",
            review_listed=True,
        )
    with at(date(2026, 1, 20)):
        services.statistics_publish(
            actor=world.head,
            body=world.body,
            year=2025,
            figures={"cases": 120, "fine_total": "356000.00", "自定义指标": 7},
        )
    with at(date(2026, 2, 1)):
        html = _html(client, f"/enforcement/bodies/{world.body.pk}/")
        listed = _html(client, "/enforcement/review-list/")
        stats = _html(client, "/enforcement/statistics/?year=2025")
    assert "公共场所卫生、医疗卫生监督" in html and "职能配置" in html
    assert "对未取得卫生许可证擅自营业的行政处罚" in html
    assert "11010126000001" in html and "执法员赵一" in html
    assert "见习孙三" not in html  # no certificate: not a 持证执法人员
    assert "法规科周审核" not in html  # a legal reviewer, not an enforcement officer
    assert "甲区卫健委行政处罚裁量基准（2025）" in html
    assert "甲区卫健委首违不罚清单（2025）" in html
    assert "2025年度行政执法数据" in html and "行政处罚案件数" in html and "356000.00" in html
    assert "自定义指标" in html
    review = html.split('id="review"')[1].split('id="benchmarks"')[0]
    assert "对医疗机构使用非卫生技术人员的行政处罚" in review
    assert "对未取得卫生许可证擅自营业的行政处罚" not in review
    assert "对医疗机构使用非卫生技术人员的行政处罚" in listed
    assert "对未取得卫生许可证擅自营业的行政处罚" not in listed
    assert "2025年度行政执法数据" in stats and "甲区" in stats
    with at(date(2026, 2, 1)):
        assert "尚未公布" in _html(client, "/enforcement/statistics/?year=2024")
        assert "“年度”参数无效" in _html(client, "/enforcement/statistics/?year=abc&body=%00")


def test_an_item_shows_the_benchmark_in_force_and_earlier_versions(client, world):
    with at(date(2026, 1, 10)):
        services.benchmark_save(
            actor=world.head,
            item=world.item,
            effective_from=date(2026, 2, 1),
            source="甲区卫健委行政处罚裁量基准（2026年修订）",
            published_on=date(2026, 1, 10),
            rows=[
                {
                    "circumstance": "首次违法、及时改正（2026）",
                    "degree": "lighter",
                    "penalty": "警告、罚款",
                    "fine_min": "500",
                    "fine_max": "1500",
                }
            ],
        )
        before = _html(client, f"/enforcement/items/{world.item.pk}/")
    with at(date(2026, 3, 1)):
        after = _html(client, f"/enforcement/items/{world.item.pk}/")
        index = _html(client, "/enforcement/benchmarks/")
    current = before.split('data-testid="current-benchmark"')[1].split("</details>")[0]
    assert "甲区卫健委行政处罚裁量基准（2025）" in current
    assert "将于2026年2月1日施行的版本" in before
    current = after.split('data-testid="current-benchmark"')[1].split("历次版本")[0]
    assert "首次违法、及时改正（2026）" in current and "罚款幅度500.00元至1,500.00元" in current
    earlier = after.split("历次版本")[1]
    assert "2025年1月1日起施行，2026年2月1日起被新版本替代" in earlier
    assert "甲区卫健委行政处罚裁量基准（2025）" in earlier and "经营时间不满三个月" in earlier
    assert "初次违法、危害后果轻微并及时改正" in after  # the first-offence list
    assert "2026年2月1日" in index and "（2026年修订）" in index


def test_the_exemption_lists_show_what_is_in_force(client, world):
    with at(date(2026, 1, 5)):
        services.exemption_save(
            actor=world.head,
            item=world.item,
            kind="mandatory",
            circumstance="亮证经营前已主动改正且未造成危害后果",
            effective_from=date(2026, 6, 1),
            source="甲区卫健委不予处罚清单（2026）",
        )
    with at(date(2026, 3, 1)):
        html = _html(client, "/enforcement/exemptions/")
    assert "初次违法、危害后果轻微并及时改正" in html
    assert "亮证经营前已主动改正" not in html  # not yet in force
    with at(date(2026, 6, 1)):
        html = _html(client, "/enforcement/exemptions/")
    mandatory = html.split('data-testid="exemptions-mandatory"')[1].split("首违不罚清单")[0]
    assert "亮证经营前已主动改正" in mandatory


# ---- officers and certificates ------------------------------------------------------------------


def test_the_officer_list_searches_by_name_or_number(client, world):
    with at(date(2026, 3, 1)):
        everyone = _html(client, "/enforcement/officers/")
        by_name = _html(client, "/enforcement/officers/?q=赵一")
        by_number = _html(client, "/enforcement/officers/?q=26000002")
        nobody = _html(client, "/enforcement/officers/?q=不存在的人")
    assert "执法员赵一" in everyone and "执法员钱二" in everyone and "见习孙三" not in everyone
    assert "甲区" in everyone and "2030-06-30" in everyone and "有效" in everyone
    assert "执法员赵一" in by_name and "执法员钱二" not in by_name
    assert "执法员钱二" in by_number and "执法员赵一" not in by_number
    assert "未找到" in nobody


def test_the_officer_list_is_paginated(client, world):
    from fazhi.core.models import Role
    from fazhi.core.tests.factories import PersonFactory

    with at(date(2026, 1, 5)):
        for n in range(portal_views.PAGE_SIZE + 1):
            person = PersonFactory(unit=world.east.dept_b, role=Role.HANDLER, name=f"执法员{n:02d}")
            officer = services.officer_register(actor=world.clerk, body=world.body, person=person)
            services.exam_record(
                actor=world.clerk, officer=officer, taken_on=date(2025, 6, 1), passed=True
            )
            services.certificate_issue(
                actor=world.clerk,
                officer=officer,
                number=f"1101012610{n:04d}",
                issuer="北京市人民政府",
                area="甲区",
                valid_from=date(2025, 7, 1),
                valid_to=date(2030, 6, 30),
            )
        first = _html(client, "/enforcement/officers/?q=执法员")
        second = _html(client, "/enforcement/officers/?q=执法员&page=2")
        junk = _html(client, "/enforcement/officers/?page=abc%00")
    assert f"共 {portal_views.PAGE_SIZE + 3} 人" in first
    assert "第 1 / 2 页" in first and "page=2" in first and "q=" in first
    assert "第 2 / 2 页" in second
    assert "第 1 / 2 页" in junk


@pytest.mark.parametrize(
    ("day", "status", "state"),
    [
        (date(2026, 3, 1), None, "有效"),
        (date(2030, 7, 1), None, "已过期"),
        (date(2025, 6, 30), None, "尚未生效"),
        (date(2026, 3, 1), "suspended", "暂扣"),
        (date(2026, 3, 1), "cancelled", "已注销"),
    ],
)
def test_the_verification_page_says_the_state(client, world, day, status, state):
    certificate = world.officers["lead"].certificates.get()
    if status:
        with at(date(2026, 2, 1)):
            services.certificate_status(
                actor=world.clerk,
                certificate=certificate,
                status=status,
                reason="违规执法，调查期间",
            )
    with at(day):
        html = _html(client, f"/enforcement/certificates/{certificate.token}/")
    badge = re.search(r'data-testid="certificate-state">([^<]+)<', html).group(1)
    assert badge == state
    assert "执法员赵一" in html and "11010126000001" in html and "甲区卫健委" in html
    assert "甲区" in html and "2025年7月1日至2030年6月30日" in html
    assert f"/enforcement/certificates/{certificate.token}/qr.svg" in html
    assert "违规执法" not in html  # the internal reason for the status is not published


def test_a_certificate_of_an_officer_who_left_is_not_valid(client, world):
    certificate = world.officers["lead"].certificates.get()
    with at(date(2026, 2, 1)):
        services.officer_leave(actor=world.clerk, officer=world.officers["lead"], reason="调离")
        html = _html(client, f"/enforcement/certificates/{certificate.token}/")
        listing = _html(client, "/enforcement/officers/")
    badge = re.search(r'data-testid="certificate-state">([^<]+)<', html).group(1)
    assert badge == "已注销"  # leaving the post cancels the certificate
    assert "执法员赵一" not in listing  # no longer listed among the officers


def test_an_unknown_certificate_is_a_chinese_404(client, db):
    for token in ("nonexistent-token", "x" * 300, "%00", "' OR 1=1 --"):
        response = client.get(f"/enforcement/certificates/{token}/")
        assert response.status_code == 404, token
        assert "未找到该执法证件" in response.content.decode()
        assert client.get(f"/enforcement/certificates/{token}/qr.svg").status_code == 404


def _svg_matrix(svg: bytes) -> list[list[bool]]:
    """The dark modules of a segno SVG, read back from its path (h-runs on half rows)."""
    root = ET.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{namespace}svg"
    size = int(root.get("width")) // 4  # scale 4
    grid = [[False] * size for _ in range(size)]
    path = next(p for p in root.iter(f"{namespace}path") if p.get("class") == "qrline")
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.get("d")):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                grid[int(y)][column] = True
            x += float(a)
    return grid


def test_the_qr_code_is_an_svg_of_the_verification_url(client, world):
    certificate = world.officers["lead"].certificates.get()
    response = client.get(f"/enforcement/certificates/{certificate.token}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    url = f"http://testserver/enforcement/certificates/{certificate.token}/"
    svg = response.content
    assert url.encode() in svg  # also in the SVG's description
    expected = segno.make(url, error="m", micro=False)
    border = 4
    matrix = _svg_matrix(svg)
    assert len(matrix) == len(expected.matrix) + 2 * border
    for row, line in enumerate(expected.matrix):
        assert [bool(m) for m in line] == matrix[row + border][border:-border], row
    assert not any(matrix[0]) and not any(matrix[-1])  # the quiet zone


# ---- penalty decisions ---------------------------------------------------------------------------


def test_a_natural_persons_data_is_masked_everywhere(client, published):
    person = published.person
    urls = [
        "/enforcement/",
        "/enforcement/decisions/",
        f"/enforcement/decisions/{person.pk}/",
        "/enforcement/decisions/?q=欧",
        f"/enforcement/bodies/{published.world.body.pk}/",
    ]
    with at(date(2026, 3, 20)):
        for url in urls:
            html = _html(client, url)
            for private in (PERSON_NAME, PERSON_ID, PERSON_PHONE, PERSON_ADDRESS, "晓明"):
                assert private not in html, (url, private)
        detail = _html(client, f"/enforcement/decisions/{person.pk}/")
        listing = _html(client, "/enforcement/decisions/")
    assert "欧***" in detail and "110*************34" in detail and "自然人" in detail
    assert "欧***" in listing
    assert "未取得卫生许可证擅自经营理发店" in detail  # the facts, with the person removed


def test_a_decision_shows_exactly_the_published_fields_and_its_proof(client, published):
    company = published.company
    with at(date(2026, 3, 20)):
        html = _html(client, f"/enforcement/decisions/{company.pk}/")
    for label, value in portal_views.publication_rows(company.fields):
        assert label in html and value.split("\n")[0] in html, label
    assert COMPANY in html and "91110108MA01ABCD2X" in html
    assert company.fields["decision_number"] in html and "5000.00" in html
    assert "《公共场所卫生管理条例》第十四条第一款第四项" in html and "罚款" in html
    assert "2026-03-09" in html and "甲区卫健委" in html
    assert f"存证序号 {company.ledger_seq}" in html
    proof = f"/transparency/proof/enforcement.penaltycase/{company.case_id}/"
    assert proof in html
    assert client.get(proof).status_code == 200


def test_the_list_filters_by_body_date_and_published_fields(client, published):
    company, person = published.company, published.person
    with at(date(2026, 3, 20)):
        by_number = _html(client, f"/enforcement/decisions/?q={company.fields['decision_number']}")
        by_company = _html(client, "/enforcement/decisions/?q=某某餐饮")
        by_full_name = _html(client, f"/enforcement/decisions/?q={PERSON_NAME}")
        by_id = _html(client, f"/enforcement/decisions/?q={PERSON_ID}")
        by_body = _html(client, f"/enforcement/decisions/?body={published.world.body.pk}")
        other_body = _html(client, "/enforcement/decisions/?body=999")
        in_range = _html(client, "/enforcement/decisions/?from=2026-03-01&to=2026-03-09")
        out_of_range = _html(client, "/enforcement/decisions/?from=2026-03-10")
        bad = _html(client, "/enforcement/decisions/?from=2026-13-01&body=x")
    detail = f"/enforcement/decisions/{company.pk}/"
    person_detail = f"/enforcement/decisions/{person.pk}/"
    assert detail in by_number and person_detail not in by_number
    assert detail in by_company and person_detail not in by_company
    # A natural person's full name or number finds nothing: only the masked fields are searched.
    assert "未找到" in by_full_name and "未找到" in by_id
    assert detail in by_body and person_detail in by_body
    assert "未找到" in other_body
    assert detail in in_range and "未找到" in out_of_range
    assert "决定日期（起）”无效" in bad and "“执法主体”参数无效" in bad and detail in bad


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_search_strings_are_answered_calmly(client, published, hostile):
    with at(date(2026, 3, 20)):
        for url in ("/enforcement/decisions/", "/enforcement/officers/"):
            response = client.get(url, {"q": hostile, "body": hostile, "from": hostile})
            assert response.status_code == 200, (url, hostile)
            html = response.content.decode()
            assert "<script>alert(1)</script>" not in html
            if hostile != "中" * 2000:
                assert "未找到" in html, (url, hostile)
        long = client.get("/enforcement/officers/", {"q": "中" * 2000}).content.decode()
    assert f"只按前{portal_views.MAX_QUERY_CHARS}个字检索" in long


def test_a_withdrawn_decision_shows_its_reason_and_leaves_the_list(client, published):
    company = published.company
    reason = "该处罚决定已被甲区人民政府行政复议决定撤销。"
    with at(date(2026, 3, 25)):
        services.publication_withdraw(
            actor=published.world.head,
            publication=company,
            reason=reason,
            revoked_on=date(2026, 3, 24),
        )
        listing = _html(client, "/enforcement/decisions/")
        withdrawn = _html(client, "/enforcement/decisions/withdrawn/")
        detail = _html(client, f"/enforcement/decisions/{company.pk}/", status=404)
        index = _html(client, "/enforcement/")
    assert f"/enforcement/decisions/{company.pk}/" not in listing
    assert f"/enforcement/decisions/{published.person.pk}/" in listing
    assert reason in withdrawn and company.fields["decision_number"] in withdrawn
    assert "2026-03-25" in withdrawn
    assert reason in detail and "已撤回" in detail
    assert COMPANY not in detail and "91110108MA01ABCD2X" not in detail
    assert COMPANY not in withdrawn
    assert "已撤回的公示及理由（1）" in index


def test_an_ended_publication_is_gone(client, published):
    company = published.company
    assert company.ends_on == date(2027, 3, 10)
    with at(date(2027, 3, 10)):
        assert f"/enforcement/decisions/{company.pk}/" in _html(client, "/enforcement/decisions/")
    with at(date(2027, 3, 11)):
        listing = _html(client, "/enforcement/decisions/")
        detail = _html(client, f"/enforcement/decisions/{company.pk}/", status=404)
    assert f"/enforcement/decisions/{company.pk}/" not in listing
    assert "公示期已届满" in detail
    assert COMPANY not in detail and company.fields["decision_number"] not in detail


def test_a_publication_ended_early_is_gone(client, published):
    person = published.person
    world = published.world
    with at(date(2026, 3, 11)):  # performed first (营商条例第七十三条第三款)
        services.case_serve(
            actor=world.lead, case=person.case, served_on=date(2026, 3, 11), method="直接送达"
        )
        services.payment_record(
            actor=world.lead, case=person.case, paid_on=date(2026, 3, 11), amount=person.case.fine
        )
    with at(date(2026, 6, 15)):
        services.publication_end_early(
            actor=published.world.head, publication=person, reason="当事人已改正并申请。"
        )
        listing = _html(client, "/enforcement/decisions/")
        detail = _html(client, f"/enforcement/decisions/{person.pk}/", status=404)
    assert f"/enforcement/decisions/{person.pk}/" not in listing
    assert "提前停止公示" in detail and "欧***" not in detail
    assert "当事人已改正并申请" not in detail


def test_a_publication_dated_later_is_not_shown_yet(client, world):
    case = _decide(world)
    with at(date(2026, 3, 10)):
        publication = services.publish(actor=world.lead, case=case)
    with at(date(2026, 3, 9)):
        html = _html(client, f"/enforcement/decisions/{publication.pk}/", status=404)
    assert "未找到该行政处罚决定" in html and COMPANY not in html


# ---- inspections, evaluations, the script --------------------------------------------------------


def _entities(count: int) -> list[Entity]:
    """Businesses with valid unified social credit codes, all of tier A."""
    entities = []
    for n in range(count):
        body = "91110108" + "".join(USCC_ALPHABET[(n // 31**i) % 31] for i in range(9))[::-1]
        code = body + uscc_check_char(body)
        entities.append(Entity(code=code, name=f"甲区清风浴池{n}号店有限公司", tier="A"))
    return Entity.objects.bulk_create(entities)


def _plan(world: World, *, drawn: bool = True) -> InspectionPlan:
    """A plan over 20 businesses at 10%, committed on 2026-03-02 and (by default) drawn on
    03-03; the first drawn target inspected on 03-10 and its result published on 03-12."""
    with at(date(2026, 2, 2)):
        lines = inspection_services.checklist_save(
            actor=world.head,
            item=world.item,
            lines=[{"text": "是否取得有效卫生许可证", "basis": "公共场所卫生管理条例第八条"}],
        )
    _entities(20)
    with at(date(2026, 3, 2)):
        plan = inspection_services.plan_create(
            actor=world.head,
            body=world.body,
            title="2026年公共场所卫生双随机抽查",
            year=2026,
            starts_on=date(2026, 3, 9),
            ends_on=date(2026, 6, 30),
            items=[world.item],
            ratios={"A": "0.1"},
        )
        inspection_services.plan_create(
            actor=world.head,
            body=world.body,
            title="拟定中的抽查计划",
            year=2026,
            starts_on=date(2026, 7, 1),
            ends_on=date(2026, 9, 30),
            items=[world.item],
            ratios={"A": "0.05"},
        )
        plan = inspection_services.plan_commit(actor=world.head, plan=plan)
    if not drawn:
        return plan
    with at(date(2026, 3, 3)):
        plan = inspection_services.plan_draw(actor=world.head, plan=plan)
    first = plan.inspections.order_by("order").first()
    with at(date(2026, 3, 10)):
        inspection_services.inspection_record(
            actor=first.officers.first().person,
            inspection=first,
            inspected_on=date(2026, 3, 10),
            findings={lines[0].pk: (True, "")},
        )
    with at(date(2026, 3, 12)):
        inspection_services.inspection_publish(actor=world.head, plan=plan, inspections=[first])
    return plan


def _close(world: World, case: PenaltyCase) -> PenaltyCase:
    with at(date(2026, 3, 10)):
        services.case_serve(
            actor=world.lead, case=case, served_on=date(2026, 3, 10), method="直接送达"
        )
    with at(date(2026, 3, 20)):
        services.payment_record(
            actor=world.lead, case=case, paid_on=date(2026, 3, 20), amount="5000"
        )
        return services.case_close(actor=world.lead, case=world.refresh(case))


def _campaign(world: World, published: Published) -> Campaign:
    """An evaluation of the 卫健委's cases closed in 2026, one file drawn: the natural
    person's closed case."""
    _close(world, published.person.case)
    with at(date(2026, 4, 1)):
        standard = evaluation_services.default_standard(world.east.legal_office, actor=world.clerk)
        campaign = evaluation_services.campaign_create(
            actor=world.clerk,
            standard=standard,
            title="2026年度行政处罚案卷评查",
            year=2026,
            closed_from=date(2026, 1, 1),
            closed_to=date(2026, 3, 31),
            bodies=[world.body],
            sample_size=1,
        )
        campaign = evaluation_services.campaign_commit(actor=world.clerk, campaign=campaign)
    with at(date(2026, 4, 2)):
        return evaluation_services.campaign_draw(actor=world.clerk, campaign=campaign)


def _bundle(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def test_committed_plans_are_published_with_their_draw(client, world):
    plan = _plan(world)
    drawn = list(plan.inspections.select_related("entity").order_by("order"))
    with at(date(2026, 4, 1)):
        listing = _html(client, "/enforcement/inspections/")
        html = _html(client, f"/enforcement/inspections/{plan.pk}/")
        bundle = _bundle(client, f"/enforcement/inspections/{plan.pk}/bundle.zip")
    assert "2026年公共场所卫生双随机抽查" in listing and "拟定中的抽查计划" not in listing
    for digest in (plan.pool_sha256, plan.officer_pool_sha256, plan.seed_commitment):
        assert digest in html
    assert f'data-testid="seed">{plan.seed}' in html and plan.result_sha256 in html
    assert len(drawn) == 2
    for inspection in drawn:
        assert inspection.entity.name in html and inspection.entity.code in html
        for officer in inspection.officers.all():
            assert officer.person.name in html
    assert "未发现问题" in html and "是否取得有效卫生许可证：符合" in html
    assert "已公示检查结果 1 / 2 户" in html
    assert "对未取得卫生许可证擅自营业的行政处罚" in html
    assert "python fazhi_draw.py verify 数据包.zip" in html
    assert f"/transparency/proof/enforcement.inspectionplan/{plan.pk}/" in html
    report = draw.verify_bundle(bundle)
    assert report.ok and report.drawn, report.problems
    assert [row.code for row in report.rows] == [i.entity.code for i in drawn]
    draft = InspectionPlan.objects.get(title="拟定中的抽查计划")
    assert client.get(f"/enforcement/inspections/{draft.pk}/").status_code == 404
    assert client.get(f"/enforcement/inspections/{draft.pk}/bundle.zip").status_code == 404


def test_a_committed_plans_seed_stays_hidden_until_the_draw(client, world):
    plan = _plan(world, drawn=False)
    assert plan.seed  # kept, unpublished, in the plan row until the draw
    with at(date(2026, 3, 2)):
        html = _html(client, f"/enforcement/inspections/{plan.pk}/")
        listing = _html(client, "/enforcement/inspections/")
        bundle = _bundle(client, f"/enforcement/inspections/{plan.pk}/bundle.zip")
    assert plan.seed_commitment in html and "尚未抽取" in html
    assert plan.seed not in html and plan.seed not in listing
    assert plan.seed.encode() not in bundle
    report = draw.verify_bundle(bundle)
    assert report.ok and not report.drawn


def test_a_corrupted_bundle_is_refused_in_chinese(client, world, monkeypatch):
    plan = _plan(world, drawn=False)

    def broken(_plan):
        raise ValidationError("检查对象名录（SHA-256 …）的存储副本缺失，请联系系统管理员。")

    monkeypatch.setattr(inspection_services, "plan_bundle", broken)
    response = client.get(f"/enforcement/inspections/{plan.pk}/bundle.zip")
    assert response.status_code == 409
    assert "存储副本缺失" in response.content.decode()


def test_committed_campaigns_are_published(client, published):
    campaign = _campaign(published.world, published)
    with at(date(2026, 4, 3)):
        listing = _html(client, "/enforcement/evaluations/")
        html = _html(client, f"/enforcement/evaluations/{campaign.pk}/")
        bundle = _bundle(client, f"/enforcement/evaluations/{campaign.pk}/bundle.zip")
    assert "2026年度行政处罚案卷评查" in listing
    assert campaign.pool_sha256 in html and campaign.seed_commitment in html
    assert f'data-testid="seed">{campaign.seed}' in html
    assert published.person.case.number in html and "评查中" in html
    for private in (PERSON_NAME, PERSON_ID, PERSON_PHONE, PERSON_ADDRESS):
        assert private not in html
    report = draw.verify_bundle(bundle)
    assert report.ok and report.drawn, report.problems


def test_the_draw_script_is_served(client, db):
    response = client.get("/enforcement/tools/fazhi_draw.py")
    assert response.status_code == 200
    assert 'filename="fazhi_draw.py"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == portal_views.DRAW_SCRIPT.read_bytes()


# ---- queries ------------------------------------------------------------------------------------


def test_the_lists_read_in_a_fixed_number_of_queries(
    client, published, django_assert_max_num_queries
):
    with at(date(2026, 3, 20)):
        for url, limit in (
            ("/enforcement/", 16),
            ("/enforcement/decisions/", 8),
            ("/enforcement/officers/", 8),
            (f"/enforcement/bodies/{published.world.body.pk}/", 14),
        ):
            with django_assert_max_num_queries(limit):
                assert client.get(url).status_code == 200, url
