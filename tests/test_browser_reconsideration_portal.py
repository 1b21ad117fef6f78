"""A citizen applies for reconsideration online and follows the case, in headless Chromium: from
/reconsideration/ they open the form, fill it in with a PNG attachment, get the receipt number
and the access code (shown once), check the status page (待审查受理); once the 司法局 accepts
the case (through the services), the status page says 审理中 with the decision due date. The
applicant's name, identity number, telephone and address never appear after the form."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from tests import test_browser as platform
from tests.test_browser import CHROMIUM

# The browser and the page that refuses outside requests are the platform's browser fixtures.
browser = platform.browser
page = platform.page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（make test 会尝试安装）"),
]

FILING_DAY = date(2026, 3, 2)
NAME, PHONE, ADDRESS = "张三丰", "13800138000", "甲区某街道1号"


@pytest.fixture
def world(transactional_db):
    """The reconsideration world of fazhi/reconsideration/tests: 甲区 with its 司法局 (a clerk
    and a head) and the 卫健委 as the respondent — built through the factories."""
    from fazhi.reconsideration.tests.conftest import at, build_world

    with at(date(2026, 1, 5)):
        return build_world()


def _fill_the_form(page, world, id_number: str) -> None:
    from fazhi.reconsideration.tests.conftest import PNG

    form = page.get_by_test_id("application-form")
    assert form.get_by_label("行政复议机关").input_value() == str(world.east.legal_office.pk)
    form.get_by_label("自然人").check()
    form.get_by_label("申请人姓名或者名称").fill(NAME)
    form.get_by_label("公民身份号码或者统一社会信用代码").fill(id_number)
    form.locator("#id_applicant_phone").fill(PHONE)  # "联系电话" is in the agent's label too
    form.get_by_label("住所或者通讯地址").fill(ADDRESS)
    form.get_by_label("被申请人（从本级机关中选择）").select_option(label="甲区卫健委")
    form.get_by_label("行政行为类别").select_option(label="行政处罚")
    form.get_by_label("被申请行政复议的行政行为").fill("甲卫罚〔2026〕7号行政处罚决定")
    form.get_by_label("行政行为作出日期").fill("2026-02-25")
    form.get_by_label("知道或者应当知道该行政行为的日期").fill("2026-02-26")
    form.get_by_label("行政复议请求").fill("撤销甲卫罚〔2026〕7号行政处罚决定。")
    form.get_by_label("事实和理由").fill("认定事实不清，证据不足。")
    form.get_by_label("附件").set_input_files(
        [{"name": "处罚决定书.png", "mimeType": "image/png", "buffer": PNG}]
    )


def _check_status(page, live_server, number: str, code: str) -> str:
    page.goto(f"{live_server.url}/reconsideration/status/")
    page.get_by_label("收件编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_test_id("query").click()
    page.get_by_test_id("progress").wait_for()
    assert "access_code" not in page.url and code not in page.url
    return page.get_by_test_id("state").inner_text()


def test_a_citizen_files_online_and_follows_the_case(page, live_server, world):
    from fazhi.reconsideration import services
    from fazhi.reconsideration.models import ReconsiderationCase
    from fazhi.reconsideration.tests.conftest import APPLICANT_ID

    moment = datetime.combine(FILING_DAY, time(10), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=True):
        page.goto(f"{live_server.url}/reconsideration/")
        assert "第八十七条" in page.get_by_test_id("no-fee").inner_text()
        page.get_by_test_id("apply-link").click()
        page.wait_for_url(f"{live_server.url}/reconsideration/apply/")
        _fill_the_form(page, world, APPLICANT_ID)
        page.get_by_test_id("submit").click()

        # The receipt: number and access code, shown once.
        page.wait_for_url(f"{live_server.url}/reconsideration/apply/receipt/")
        number = page.get_by_test_id("receipt-number").inner_text().strip()
        code = page.get_by_test_id("access-code").inner_text().strip()
        assert number.startswith("FY20260302") and len(code) == 8
        assert page.get_by_test_id("received-on").inner_text() == "2026年3月2日"
        assert page.get_by_test_id("review-due").inner_text() == "2026年3月9日"
        assert "只在本页显示这一次" in page.get_by_test_id("keep-code").inner_text()
        receipt_html = page.content()
        case = ReconsiderationCase.objects.get(receipt_number=number)
        assert case.channel == "online" and case.attachments.count() == 1
        assert case.attachments.get().name == "处罚决定书.png"

        # The status page: received, awaiting the review.
        assert _check_status(page, live_server, number, code) == "待审查受理"
        received_html = page.content()

        # The 司法局 accepts it (through the services); the status page follows.
        services.case_accept(actor=world.clerk, case=case, number="甲府复〔2026〕1号")
        case.refresh_from_db()
        assert _check_status(page, live_server, number, code) == "审理中"
        due = case.decision_due
        assert (
            page.get_by_test_id("decision-due")
            .inner_text()
            .startswith(f"{due.year}年{due.month}月{due.day}日")
        )
        assert page.get_by_test_id("case-number").inner_text() == "甲府复〔2026〕1号"
        accepted_html = page.content()

        # A wrong code shows only that it is wrong.
        page.get_by_label("收件编号").fill(number)
        page.get_by_label("查询码").fill("WRONG234")
        page.get_by_test_id("query").click()
        page.get_by_test_id("form-errors").wait_for()
        assert page.get_by_test_id("form-errors").inner_text().strip() == "收件编号或查询码不正确。"
        assert page.get_by_test_id("progress").count() == 0

    for html in (receipt_html, received_html, accepted_html):
        for value in (NAME, APPLICANT_ID, PHONE, ADDRESS):
            assert value not in html
    assert page.external_requests == []
