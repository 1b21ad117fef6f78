"""The public pages of reconsideration at /reconsideration/, for anonymous visitors: how to
apply, the online application (every refusal re-shows the form with the Chinese message and
saves nothing), the receipt shown once, the status page (POST only; a wrong pair says only
"收件编号或查询码不正确"; too many failures refused) through every stage of a case, and the
published decisions. The applicant's personal data never appears on a portal page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.core.models import UnitKind
from fazhi.core.tests.factories import UnitFactory, district_tree
from fazhi.deadlines.models import Deadline
from fazhi.reconsideration import portal_views, services
from fazhi.reconsideration.models import ReconsiderationCase

from .conftest import APPLICANT_ID, PNG, World, at, person_id

pytestmark = pytest.mark.django_db

FILED = date(2026, 3, 2)
APPLY, STATUS = "/reconsideration/apply/", "/reconsideration/status/"
RECEIPT = "/reconsideration/apply/receipt/"
AGENT_NAME, AGENT_PHONE = "李明律师", "13911112222"
PERSONAL = (
    "张三丰",
    APPLICANT_ID,
    "13800138000",
    "甲区某街道1号",
    AGENT_NAME,
    AGENT_PHONE,
)


def form_data(world: World, **extra) -> dict:
    values = {
        "office": world.east.legal_office.pk,
        "applicant_kind": "person",
        "applicant_name": "张三丰",
        "applicant_id_number": APPLICANT_ID,
        "applicant_phone": "13800138000",
        "applicant_address": "甲区某街道1号",
        "agent_kind": "lawyer",
        "agent_name": AGENT_NAME,
        "agent_phone": AGENT_PHONE,
        "respondent_unit": world.east.dept_b.pk,
        "respondent_name": "",
        "subject": "penalty",
        "act": "甲卫罚〔2026〕7号行政处罚决定",
        "act_number": "甲卫罚〔2026〕7号",
        "act_made_on": "2026-02-25",
        "act_known_on": "2026-02-26",
        "informed_of_right": "yes",
        "request_text": "撤销甲卫罚〔2026〕7号行政处罚决定。",
        "reasons": "认定事实不清，证据不足。",
        "website": "",
    }
    values.update(extra)
    return values


def png(name: str = "处罚决定书.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def submit(client: Client, data: dict, *, on: date = FILED, ip: str = "198.51.100.7", **files):
    with at(on):
        return client.post(APPLY, {**data, **files}, REMOTE_ADDR=ip)


def filed(client: Client, world: World, **extra) -> tuple[ReconsiderationCase, str]:
    """File online through the page; returns the case and the access code from the receipt."""
    response = submit(client, form_data(world, **extra), attachments=[png()])
    assert response.status_code == 302 and response["Location"] == RECEIPT
    with at(FILED):
        html = client.get(RECEIPT).content.decode()
    number = re.search(r'data-testid="receipt-number">([^<]+)<', html).group(1)
    code = re.search(r'data-testid="access-code">([^<]+)<', html).group(1)
    return ReconsiderationCase.objects.get(receipt_number=number), code


def query(client: Client, number: str, code: str, *, on: date = FILED, ip: str = "203.0.113.9"):
    with at(on):
        response = client.post(
            STATUS, {"receipt_number": number, "access_code": code}, REMOTE_ADDR=ip
        )
    assert response.status_code == 200
    return response.content.decode()


def assert_private(html: str) -> None:
    for value in PERSONAL:
        assert value not in html, value


def errors(html: str) -> str:
    found = re.search(r'data-testid="form-errors">(.*?)</div>\s*\n', html, re.S)
    return found.group(1) if found else ""


# ---- the index ----------------------------------------------------------------------------------


def test_the_index_explains_how_to_apply_and_links_the_pages(client, world):
    with at(FILED):
        html = client.get("/reconsideration/").content.decode()
    assert "六十日" in html and "第二十条第三款" in html and "第二十一条" in html
    assert "不得向申请人收取任何费用（第八十七条）" in html
    assert "授权委托书" in html and "五个工作日" in html
    for url in (APPLY, STATUS, "/reconsideration/decisions/"):
        assert f'href="{url}"' in html
    assert "甲区人民政府" in html and "甲区司法局" in html


def test_every_page_is_public_and_nothing_else_is_allowed(client, world):
    with at(FILED):
        for url in ("/reconsideration/", APPLY, STATUS, "/reconsideration/decisions/", RECEIPT):
            assert client.get(url).status_code == 200, url
        assert client.get("/reconsideration/decisions/999/").status_code == 404
        assert client.post("/reconsideration/decisions/").status_code == 405
        assert client.put(APPLY).status_code == 405


def test_posts_need_the_csrf_token(world):
    strict = Client(enforce_csrf_checks=True)
    with at(FILED):
        assert strict.post(APPLY, form_data(world)).status_code == 403
        assert strict.post(STATUS, {"receipt_number": "FY1", "access_code": "X"}).status_code == 403
    assert not ReconsiderationCase.objects.exists()


# ---- the application form -----------------------------------------------------------------------


def test_the_form_offers_the_governments_and_the_respondents_grouped(client, world):
    with at(FILED):
        html = client.get(APPLY).content.decode()
    office = world.east.legal_office
    # The only 行政复议机关 is preselected, labelled by its government's name.
    assert re.search(rf'<option value="{office.pk}" selected>甲区人民政府</option>', html)
    group = re.search(r'<optgroup label="甲区人民政府">(.*?)</optgroup>', html, re.S).group(1)
    assert "甲区卫健委" in group and "甲区教育局" in group and "甲区司法局" in group
    assert "法规科" not in html  # 内设科室 are not respondents
    assert 'name="website"' in html and "csrfmiddlewaretoken" in html
    assert 'enctype="multipart/form-data"' in html and "multiple" in html
    assert html.count('type="date"') == 3


def test_filing_online_gives_the_receipt_once(client, world):
    response = submit(client, form_data(world), attachments=[png(), png("身份证.png")])
    assert response.status_code == 302 and response["Location"] == RECEIPT
    case = ReconsiderationCase.objects.get()
    assert (case.channel, case.respondent_unit, case.agent_name) == (
        "online",
        world.east.dept_b,
        AGENT_NAME,
    )
    assert case.attachments.count() == 2 and case.informed_of_right
    with at(FILED):
        shown = client.get(RECEIPT)
        again = client.get(RECEIPT)
    html = shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert case.receipt_number in html and "2026年3月2日" in html
    assert "2026年3月9日" in html and "五个工作日" in html  # 第三十条: 3-3 … 3-9
    code = re.search(r'data-testid="access-code">([^<]+)<', html).group(1)
    with at(FILED):
        assert (
            services.status_lookup(receipt_number=case.receipt_number, access_code=code, client="x")
            == case
        )
    assert "只在本页显示这一次" in html
    assert_private(html)
    # Not shown again.
    gone = again.content.decode()
    assert case.receipt_number not in gone and code not in gone and "显示一次" in gone


def test_a_respondent_typed_when_outside_the_tree(client, world):
    data = form_data(world, respondent_unit="", respondent_name="北京市某区市场监督管理局")
    assert submit(client, data).status_code == 302
    case = ReconsiderationCase.objects.get()
    assert case.respondent_unit is None and case.respondent_name == "北京市某区市场监督管理局"


def test_not_informed_of_the_right_counts_from_learning_it(client, world):
    data = form_data(world, informed_of_right="no", informed_on="2026-02-27")
    assert submit(client, data).status_code == 302
    case = ReconsiderationCase.objects.get()
    assert not case.informed_of_right and case.informed_on == date(2026, 2, 27)
    assert "第二十条第三款" in case.late_note


def test_a_legal_person_with_its_credit_code(client, world):
    code = _uscc("91110108MA01ABCD2")
    data = form_data(
        world,
        applicant_kind="legal",
        applicant_name="甲区某某餐饮有限公司",
        applicant_id_number=code,
        applicant_representative="王五",
        agent_kind="",
        agent_name="",
        agent_phone="",
    )
    assert submit(client, data).status_code == 302
    case = ReconsiderationCase.objects.get()
    assert case.applicant_kind == "legal" and case.applicant_id_number == code


def _uscc(first17: str) -> str:
    from fazhi.enforcement.importing import uscc_check_char

    return first17 + uscc_check_char(first17)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"applicant_id_number": "110105198001010010"}, "校验码错误"),
        ({"applicant_id_number": "12345"}, "18 位"),
        ({"respondent_unit": "", "respondent_name": ""}, "请填写被申请人"),
        ({"act": "   "}, "请填写被申请行政复议的行政行为。"),
        ({"act_known_on": "2026-13-40"}, "有效的日期"),
        ({"act_known_on": "2026-12-01"}, "不能晚于今天"),
        ({"request_text": ""}, "请填写行政复议请求。"),
        ({"applicant_kind": ""}, "请选择申请人类型。"),
        ({"normdoc_requested": "on", "normdoc_title": ""}, "第十三条"),
        ({"agent_name": ""}, "请填写委托代理人姓名"),
        ({"office": "999999"}, "选择一个有效的选项"),
        ({"respondent_unit": "999999"}, "选择一个有效的选项"),
        ({"amount": "-1"}, "大于或等于0"),
    ],
)
def test_bad_input_reshows_the_form_with_the_message_and_saves_nothing(client, world, bad, message):
    data = form_data(world, **bad)
    response = submit(client, data, attachments=[png()])
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert not ReconsiderationCase.objects.exists() and not Deadline.objects.exists()
    # Everything typed is kept (the files must be chosen again).
    assert 'value="张三丰"' in html and "认定事实不清，证据不足。</textarea>" in html
    assert 'value="2026-02-25"' in html and "重新选择附件" in html


def test_a_file_of_the_wrong_type_is_refused(client, world):
    exe = SimpleUploadedFile("申请书.exe", b"MZ\x90\x00" + b"\x00" * 100)
    response = submit(client, form_data(world), attachments=[png(), exe])
    html = response.content.decode()
    assert response.status_code == 200 and ".exe" in errors(html)
    assert "未保存" in errors(html) and 'value="张三丰"' in html
    assert not ReconsiderationCase.objects.exists()


def test_a_file_too_large_is_refused(client, world, settings):
    settings.FAZHI_RECONSIDERATION_UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("证据.png", PNG + b"\x00" * (1024 * 1024), content_type="image/png")
    response = submit(client, form_data(world), attachments=[big])
    html = response.content.decode()
    assert response.status_code == 200 and "“证据.png”超过1MB" in html
    assert not ReconsiderationCase.objects.exists()


def test_too_many_files_are_refused(client, world, settings):
    settings.FAZHI_RECONSIDERATION_UPLOAD_MAX_FILES = 1
    response = submit(client, form_data(world), attachments=[png(), png("b.png")])
    assert "附件最多1个" in response.content.decode()
    assert not ReconsiderationCase.objects.exists()


def test_the_same_application_twice_is_refused(client, world):
    assert submit(client, form_data(world)).status_code == 302
    response = submit(client, form_data(world), ip="198.51.100.99")
    html = response.content.decode()
    assert response.status_code == 200 and "第三十条第一款第七项" in html
    assert ReconsiderationCase.objects.count() == 1


def test_filings_are_rate_limited_per_sender(client, world, settings):
    for n in range(settings.FAZHI_RECONSIDERATION_FILINGS_PER_HOUR):
        data = form_data(world, applicant_id_number=person_id(f"1101051980010100{n}"))
        assert submit(client, data).status_code == 302
    data = form_data(world, applicant_id_number=person_id("11010519800101009"))
    html = submit(client, data).content.decode()
    assert "提交过于频繁，请一小时后再试。" in html and 'value="张三丰"' in html
    assert ReconsiderationCase.objects.count() == settings.FAZHI_RECONSIDERATION_FILINGS_PER_HOUR
    # Another sender is not limited.
    data = form_data(world, applicant_id_number=person_id("11010519800101010"))
    assert submit(client, data, ip="198.51.100.200").status_code == 302


def test_the_honeypot_saves_nothing(client, world):
    response = submit(client, form_data(world, website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == "/reconsideration/"
    assert not ReconsiderationCase.objects.exists()


def test_a_respondent_of_another_government_is_refused(client, world):
    west = district_tree("乙区")
    data = form_data(world, respondent_unit=west.dept_a.pk)
    html = submit(client, data).content.decode()
    assert "对乙区教育局的行政行为不服的，行政复议机关是乙区人民政府" in html
    assert not ReconsiderationCase.objects.exists()
    # With two governments, none is preselected; both are offered, by name.
    with at(FILED):
        html = client.get(APPLY).content.decode()
    assert '<option value="" selected>请选择</option>' in html
    assert f'<option value="{west.legal_office.pk}">乙区人民政府</option>' in html
    # Filed with 乙区's office, it is accepted.
    data = form_data(world, office=west.legal_office.pk, respondent_unit=west.dept_a.pk)
    assert submit(client, data).status_code == 302
    assert ReconsiderationCase.objects.get().unit == west.legal_office


def test_a_lower_government_is_a_respondent_of_the_one_above(client, world):
    city = UnitFactory(kind=UnitKind.CITY, name="丙市人民政府")
    city_office = UnitFactory(parent=city, kind=UnitKind.LEGAL_OFFICE, name="丙市司法局")
    district = UnitFactory(parent=city, kind=UnitKind.DISTRICT, name="丙市丁区人民政府")
    UnitFactory(parent=district, kind=UnitKind.LEGAL_OFFICE, name="丙市丁区司法局")
    data = form_data(world, office=city_office.pk, respondent_unit=district.pk)
    assert submit(client, data).status_code == 302
    assert ReconsiderationCase.objects.get().respondent_name == "丙市丁区人民政府"


def test_the_offered_respondents_go_to_the_office_the_services_name(world):
    from fazhi.reconsideration.portal_forms import Tree

    city = UnitFactory(kind=UnitKind.CITY, name="丙市人民政府")
    UnitFactory(parent=city, kind=UnitKind.LEGAL_OFFICE, name="丙市司法局")
    district = UnitFactory(parent=city, kind=UnitKind.DISTRICT, name="丙市丁区人民政府")
    UnitFactory(parent=district, kind=UnitKind.LEGAL_OFFICE, name="丙市丁区司法局")
    UnitFactory(parent=district, kind=UnitKind.STREET, name="丙市丁区某街道办事处")
    with at(FILED):
        tree = Tree.load()
    respondents = tree.respondents()
    assert {u.name for u in respondents} >= {
        "丙市丁区人民政府",
        "丙市丁区某街道办事处",
        "甲区卫健委",
    }
    for unit in respondents:
        assert tree.office_for(unit) == services.office_of(unit), unit.name


# ---- the status page ----------------------------------------------------------------------------


def test_the_status_page_shows_the_progress_and_nothing_personal(client, world):
    case, code = filed(client, world)
    html = query(client, case.receipt_number, code.lower())
    assert 'data-testid="state">待审查受理<' in html
    assert "2026年3月2日" in html and 'data-testid="review-due">2026年3月9日' in html
    assert "甲区卫健委" in html and "甲区人民政府" in html
    assert_private(html)


def test_a_status_query_is_never_a_get(client, world):
    case, code = filed(client, world)
    with at(FILED):
        html = client.get(
            STATUS, {"receipt_number": case.receipt_number, "access_code": code}
        ).content.decode()
    assert 'data-testid="progress"' not in html and case.receipt_number not in html
    assert 'method="post"' in html


def test_a_wrong_pair_says_only_that(client, world):
    case, code = filed(client, world)
    other, _ = filed(client, world, applicant_id_number=person_id("11010519800101002"))
    wrong = query(client, case.receipt_number, "WRONG234")
    missing = query(client, "FY20260302000000", code)
    swapped = query(client, other.receipt_number, code)
    for html in (wrong, missing, swapped):
        assert errors(html).strip() == '<div data-testid="form-error">收件编号或查询码不正确。'
        assert 'data-testid="progress"' not in html
        assert "待审查受理" not in html and "甲区卫健委" not in html


def test_an_empty_query_asks_for_both(client, world):
    html = query(client, "", "")
    assert "请填写收件编号。" in html and "请填写查询码。" in html
    assert 'data-testid="progress"' not in html


def test_too_many_failures_are_refused(client, world, settings):
    case, code = filed(client, world)
    for _ in range(settings.FAZHI_RECONSIDERATION_QUERY_FAILURES_PER_HOUR):
        assert "收件编号或查询码不正确" in query(client, case.receipt_number, "WRONG234")
    html = query(client, case.receipt_number, code)
    assert "查询失败次数过多，请一小时后再试。" in html and 'data-testid="progress"' not in html
    # Another sender still reads it.
    assert "待审查受理" in query(client, case.receipt_number, code, ip="203.0.113.50")


def test_accepted_shows_the_decision_due_date(client, world):
    case, code = filed(client, world)
    world.accept(case, on=date(2026, 3, 3))
    case.refresh_from_db()
    html = query(client, case.receipt_number, code, on=date(2026, 3, 4))
    assert 'data-testid="state">审理中<' in html
    assert case.number in html and 'data-testid="accepted-on">2026年3月3日' in html
    assert f'data-testid="decision-due">{_cn(case.decision_due)}前' in html
    assert "review-due" not in html
    assert_private(html)


def test_a_lapsed_review_and_a_deemed_acceptance(client, world):
    case, code = filed(client, world)
    html = query(client, case.receipt_number, code, on=date(2026, 3, 10))
    assert "待审查受理" in html and "第三十条第三款" in html and "视为受理" in html
    with at(date(2026, 3, 10)):
        services.deemed_acceptances()
    html = query(client, case.receipt_number, code, on=date(2026, 3, 10))
    assert 'data-testid="state">审理中<' in html
    assert "依照第三十条第三款自2026年3月9日起视为受理" in html
    assert 'data-testid="decision-due">2026年5月8日前' in html  # 第六十二条: 60 days


def test_not_accepted_shows_the_reason_and_the_competent_body(client, world):
    case, code = filed(client, world)
    with at(date(2026, 3, 4)):
        services.case_refuse(
            actor=world.clerk,
            case=case,
            reason="not_competent",
            text="张三丰（电话13800138000）所诉行为系区政府作出。",
            competent_body="北京市人民政府",
        )
    html = query(client, case.receipt_number, code, on=date(2026, 3, 5))
    assert 'data-testid="state">不予受理<' in html
    assert "不属于本机关管辖（第六项）" in html
    assert 'data-testid="competent-body">北京市人民政府<' in html
    assert "张**（电话[已隐去]）所诉行为系区政府作出。" in html
    assert_private(html)


def test_a_supplement_request_shows_the_items_and_the_due_date(client, world):
    case, code = filed(client, world)
    with at(date(2026, 3, 3)):
        services.supplement_request(
            actor=world.clerk, case=case, items="张三丰的身份证复印件；处罚决定书原件照片"
        )
    html = query(client, case.receipt_number, code, on=date(2026, 3, 4))
    assert 'data-testid="state">待补正<' in html
    assert "张**的身份证复印件；处罚决定书原件照片" in html
    assert "自您收到补正通知之日起十个工作日" in html  # not yet served
    with at(date(2026, 3, 5)):
        case = services.supplement_served(actor=world.clerk, case=case, served_on=date(2026, 3, 5))
    html = query(client, case.receipt_number, code, on=date(2026, 3, 6))
    assert case.supplement_due == date(2026, 3, 19)  # 第三十一条: 10 working days from 3-5
    assert 'data-testid="supplement-due">2026年3月19日届满' in html
    assert_private(html)


def test_a_decided_and_served_case(client, world):
    case, code = filed(client, world)
    case = decided(world, case)
    html = query(client, case.receipt_number, code, on=date(2026, 3, 21))
    assert 'data-testid="state">已作出决定（待送达）<' in html
    assert 'data-testid="decision-kind">撤销（第六十四条）<' in html
    assert 'data-testid="decided-on">2026年3月20日' in html
    with at(date(2026, 3, 23)):
        services.case_serve(actor=world.clerk, case=case, served_on=date(2026, 3, 23))
    html = query(client, case.receipt_number, code, on=date(2026, 3, 23))
    assert 'data-testid="state">已送达生效<' in html
    assert 'data-testid="served-on">2026年3月23日' in html
    assert_private(html)


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def decided(world: World, case: ReconsiderationCase, **extra) -> ReconsiderationCase:
    """Accepted 3-3, the copy served 3-5, replied 3-12, views heard 3-16, decided 3-20."""
    case = world.accept(case, on=date(2026, 3, 3))
    with at(date(2026, 3, 5)):
        case = services.copy_send(
            actor=world.clerk, case=case, sent_on=date(2026, 3, 4), received_on=date(2026, 3, 5)
        )
    with at(date(2026, 3, 12)):
        case = services.reply_submit(actor=world.clerk, case=case, text="原行为合法。")
    with at(date(2026, 3, 16)):
        services.activity_record(
            actor=world.clerk, case=case, kind="views", on=date(2026, 3, 16), summary="听取意见"
        )
    values = {
        "kind": "revoke",
        "text": "撤销甲卫罚〔2026〕7号行政处罚决定。",
        "reasons": "张三丰（身份证号码见卷）的违法事实证据不足。",
        "approval": "head",
        "approver": "区政府副区长",
    }
    values.update(extra)
    with at(date(2026, 3, 20)):
        return services.case_decide(actor=world.head, case=case, **values)


def published(world: World, case: ReconsiderationCase, text: str = "", **extra):
    case = decided(world, case, **extra)
    with at(date(2026, 3, 23)):
        case = services.case_serve(actor=world.clerk, case=case, served_on=date(2026, 3, 23))
    with at(date(2026, 3, 24)):
        return services.decision_publish(actor=world.clerk, case=case, public_text=text)


# ---- published decisions ------------------------------------------------------------------------


def test_a_published_decision_masks_the_natural_person(client, world):
    case, _ = filed(client, world)
    case = published(world, case)
    with at(date(2026, 3, 25)):
        listing = client.get("/reconsideration/decisions/").content.decode()
        page = client.get(f"/reconsideration/decisions/{case.pk}/").content.decode()
    assert case.number in listing and "撤销（第六十四条）" in listing
    assert "甲区卫健委" in listing and "行政处罚" in listing
    assert f'href="/reconsideration/decisions/{case.pk}/"' in listing
    assert "甲区人民政府行政复议决定书" in page and "申请人：张**" in page
    assert "撤销甲卫罚〔2026〕7号行政处罚决定。" in page
    for html in (listing, page):
        assert_private(html)


def test_a_party_typed_into_the_published_text_is_still_masked(client, world):
    case, _ = filed(client, world)
    text = "申请人张三丰，住甲区某街道1号，电话13800138000，委托代理人李明律师。决定撤销。"
    case = published(world, case, text=text)
    with at(date(2026, 3, 25)):
        page = client.get(f"/reconsideration/decisions/{case.pk}/").content.decode()
    assert "决定撤销。" in page and "张**" in page
    assert_private(page)


def test_unpublished_decisions_are_not_shown(client, world):
    case, _ = filed(client, world)
    case = decided(world, case)
    with at(date(2026, 3, 25)):
        assert client.get(f"/reconsideration/decisions/{case.pk}/").status_code == 404
        html = client.get("/reconsideration/decisions/").content.decode()
    assert "目前没有公开的行政复议决定书" in html and case.number not in html


def test_decisions_are_searched_by_respondent_subject_and_year(client, world, monkeypatch):
    first, _ = filed(client, world)
    first = published(world, first)
    second, _ = filed(
        client,
        world,
        applicant_id_number=person_id("11010519800101002"),
        respondent_unit=world.east.dept_a.pk,
        subject="license",
        act="甲教许〔2026〕3号不予许可决定",
    )
    second = published(world, second, text="决定维持。")

    def listed(**params) -> str:
        with at(date(2026, 3, 25)):
            return client.get("/reconsideration/decisions/", params).content.decode()

    html = listed(q="卫健")
    assert first.number in html and second.number not in html
    html = listed(subject="license")
    assert second.number in html and first.number not in html
    assert listed(year="2026").count("/reconsideration/decisions/") >= 2
    assert "未找到符合条件的行政复议决定书" in listed(year="2025")
    assert '<option value="2026">2026年</option>' in listed()
    # Bad parameters are ignored with a note; hostile strings answered calmly.
    html = listed(year="abc", subject="nope")
    assert "“年度”参数无效" in html and "“行为类别”参数无效" in html
    assert first.number in html and second.number in html
    for hostile in ("%", "' OR 1=1 --", "中" * 200, "张\x00三", "<script>alert(1)</script>"):
        html = listed(q=hostile)
        assert "<script>alert(1)" not in html
    assert "检索词过长" in listed(q="中" * 200)
    # Paginated.
    monkeypatch.setattr(portal_views, "PAGE_SIZE", 1)
    html = listed(q="甲区")
    assert "第 1 / 2 页" in html and "q=%E7%94%B2%E5%8C%BA&amp;page=2" in html
    assert "第 2 / 2 页" in listed(q="甲区", page="2")
    assert "第 2 / 2 页" in listed(page="999")
