"""A reconsideration case in headless Chromium: the clerk of the 司法局 (行政复议机构) registers
an application received by letter, with its attachment, accepts it and sends the copy to the
respondent; the respondent's staff submit the written reply; the clerk records hearing the
parties' views; the head of the office decides; the clerk records the service, and the case
page says the decision has taken effect (已送达生效)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from tests import test_browser as platform
from tests.test_browser import CHROMIUM, login

# The browser and the page that refuses outside requests are the platform's browser fixtures.
browser = platform.browser
page = platform.page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（make test 会尝试安装）"),
]

NUMBER = "甲府复〔2026〕8号"


@pytest.fixture
def world(transactional_db):
    """甲区 with its 司法局's clerk and head, and the 卫健委's legal officer (the conftest of
    fazhi.reconsideration), built on 2026-01-05."""
    from datetime import date

    from fazhi.reconsideration.tests.conftest import at, build_world

    with at(date(2026, 1, 5)):
        return build_world()


@pytest.fixture
def march_second():
    """The clock at 2026-03-02 10:00 in Beijing, running, for the test and the live server."""
    moment = datetime(2026, 3, 2, 10, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=True):
        yield


def logout(page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()


def as_person(page, live_server, person) -> None:
    from fazhi.core.tests.factories import PASSWORD

    login(page, live_server, person.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")


def done(page, message: str) -> None:
    """The page after a form: the success message, and no refusal."""
    page.locator(".alert-success", has_text=message).wait_for()
    refusal = page.get_by_test_id("action-refusal")
    assert refusal.count() == 0, refusal.first.inner_text()


def open_form(page, summary: str, action: str):
    page.locator("summary", has_text=summary).click()
    return page.locator(f'form[data-action="{action}"]')


def register(page, base: str, world) -> None:
    from fazhi.reconsideration.tests.conftest import APPLICANT_ID, PNG

    page.goto(f"{base}/")
    page.get_by_role("link", name="登记行政复议申请").click()
    page.wait_for_url(f"{base}/cases/new/")
    page.select_option("#id_channel", "letter")
    page.select_option("#id_applicant_kind", "person")
    page.fill("#id_applicant_name", "张三丰")
    page.fill("#id_applicant_id_number", APPLICANT_ID)
    page.fill("#id_applicant_address", "甲区某街道1号")
    page.fill("#id_applicant_phone", "13800138000")
    page.select_option("#id_respondent_unit", str(world.east.dept_b.pk))
    page.fill("#id_act", "甲卫罚〔2026〕7号行政处罚决定")
    page.fill("#id_act_made_on", "2026-02-25")
    page.fill("#id_act_known_on", "2026-02-26")
    page.select_option("#id_subject", "penalty")
    page.fill("#id_request_text", "撤销甲卫罚〔2026〕7号行政处罚决定。")
    page.fill("#id_reasons", "认定事实不清，证据不足。")
    page.locator("#id_uploads").set_input_files(
        {"name": "行政复议申请书.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url(f"{base}/cases/*/")
    done(page, "已登记行政复议申请")


def test_a_letter_application_to_an_effective_decision(page, live_server, world, march_second):
    from fazhi.reconsideration.models import ReconsiderationCase

    base = f"{live_server.url}/workspace/reconsideration"

    # The clerk registers the letter, accepts it and sends the copy to the respondent.
    as_person(page, live_server, world.clerk)
    register(page, base, world)
    case = ReconsiderationCase.objects.get()
    case_url = f"{base}/cases/{case.pk}/"
    assert page.get_by_test_id("case-state").inner_text() == "待审查受理"
    assert "行政复议申请书.png" in page.get_by_test_id("attachments").inner_text()
    assert "13800138000" in page.get_by_test_id("applicant").inner_text()
    form = open_form(page, "受理（第三十条第一款）", "accept")
    form.locator("#id_accept-number").fill(NUMBER)
    form.get_by_role("button", name="受理").click()
    done(page, "已受理")
    assert page.get_by_test_id("case-state").inner_text() == "审理中"
    form = open_form(page, "发送申请书副本（第四十八条）", "copy_send")
    form.get_by_role("button", name="记录发送").click()
    done(page, "已发送申请书副本")
    assert "第四十八条" in page.get_by_test_id("periods").inner_text()
    logout(page)

    # The respondent's legal officer sees the case against the 卫健委 and replies.
    as_person(page, live_server, world.respondent)
    page.goto(f"{base}/")
    page.get_by_test_id("case-list").get_by_role("link", name=NUMBER).click()
    page.wait_for_url(case_url)
    assert "13800138000" not in page.content()
    form = open_form(page, "提交书面答复及证据、依据（第四十八条）", "reply")
    form.locator("#id_reply-text").fill("原行政行为认定事实清楚，证据确凿，适用依据正确。")
    form.get_by_role("button", name="提交答复").click()
    done(page, "书面答复已提交")
    logout(page)

    # The clerk records hearing the parties' views (第四十九条).
    as_person(page, live_server, world.clerk)
    page.goto(case_url)
    form = open_form(page, "记录审理活动", "activity")
    form.locator("#id_activity-kind").select_option("views")
    form.locator("#id_activity-how").select_option("phone")
    form.locator("#id_activity-summary").fill("电话听取申请人和被申请人的意见。")
    form.get_by_role("button", name="记录", exact=True).click()
    done(page, "审理活动已记录")
    logout(page)

    # The head of the office decides.
    as_person(page, live_server, world.head)
    page.goto(case_url)
    form = open_form(page, "作出行政复议决定（负责人）", "decide")
    form.locator("#id_decide-kind").select_option("revoke")
    form.locator("#id_decide-text").fill("撤销甲卫罚〔2026〕7号行政处罚决定。")
    form.locator("#id_decide-reasons").fill("被申请人认定申请人无证经营的证据不足。")
    form.locator("#id_decide-approval").select_option("head")
    form.locator("#id_decide-approver").fill("区政府王副区长")
    form.get_by_role("button", name="作出决定").click()
    done(page, "已作出行政复议决定")
    assert "已作出决定" in page.get_by_test_id("case-state").inner_text()
    assert page.get_by_role("link", name="下载行政复议决定书").is_visible()
    logout(page)

    # The clerk records the service: the decision takes effect (第七十五条第二款).
    as_person(page, live_server, world.clerk)
    page.goto(case_url)
    form = open_form(page, "送达决定书（第七十五条第二款）", "serve")
    form.get_by_role("button", name="记录送达").click()
    done(page, "决定书已送达")
    assert page.get_by_test_id("case-state").inner_text() == "已送达生效"
    case.refresh_from_db()
    assert (case.state, case.decision_kind, case.replied_on) == (
        "effective",
        "revoke",
        case.served_on,
    )
    assert page.external_requests == []
