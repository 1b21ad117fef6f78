"""A suit in headless Chromium: the 卫健委's handler registers the complaint served on it (the
answer period shown, rolled past the National Day holiday), answers, records the hearing at
which its head appeared, and the first-instance judgment; the 司法局's reviewer then sees the
year's figures with the head's appearance and the loss rate, and their definitions.

Also here (not a browser test; the demo's own tests are fazhi/demo's): the litigation demo
builds, through the services, suits in every state of `litigation.case` on the demo district."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from tests import test_browser as platform
from tests.test_browser import CHROMIUM, login

browser = platform.browser
page = platform.page

BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（make test 会尝试安装）"),
]

NUMBER = "（2025）甲0101行初88号"


@pytest.fixture
def world(transactional_db):
    from fazhi.litigation.tests.conftest import BUILT, at, build_world

    with at(BUILT):
        return build_world()


@pytest.fixture
def december():
    """The clock at 2025-12-05 10:00 in Beijing, running, for the test and the live server."""
    moment = datetime(2025, 12, 5, 10, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=True):
        yield


def done(page, message: str) -> None:
    page.locator(".alert-success", has_text=message).wait_for()
    refusal = page.get_by_test_id("action-refusal")
    assert refusal.count() == 0, refusal.first.inner_text()


def open_form(page, summary: str, action: str):
    page.locator("summary", has_text=summary).click()
    return page.locator(f'form[data-action="{action}"]')


@BROWSER[0]
@BROWSER[1]
def test_register_answer_hear_judge_then_the_figures(page, live_server, world, december):
    from fazhi.core.tests.factories import PASSWORD
    from fazhi.litigation.models import LitigationCase

    base = f"{live_server.url}/workspace/litigation"
    login(page, live_server, world.handler.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")
    page.goto(f"{base}/")
    page.get_by_role("link", name="登记应诉案件").first.click()
    page.wait_for_url(f"{base}/cases/new/")
    page.select_option("#id_instance", "first")
    page.fill("#id_court", "甲区人民法院")
    page.fill("#id_number", NUMBER)
    page.fill("#id_served_on", "2025-09-17")
    page.select_option("#id_plaintiff_kind", "legal")
    page.fill("#id_plaintiff", "甲区某某餐饮有限公司")
    page.fill("#id_act", "甲卫罚〔2025〕12号行政处罚决定")
    page.select_option("#id_act_kind", "penalty")
    page.locator("#id_head_required_reasons input[value='food_drug']").check()
    page.get_by_role("button", name="登记").click()
    page.wait_for_url(f"{base}/cases/*/")
    done(page, "已登记应诉案件")
    case = LitigationCase.objects.get(number=NUMBER)
    assert page.get_by_test_id("case-state").inner_text() == "收到起诉状（上诉状）副本"
    # 2025-09-17 + 15 days = 10-02, in the holiday: the first working day after is 10-09.
    assert page.get_by_test_id("answer-due").inner_text() == "2025年10月9日"
    assert page.get_by_test_id("head-required").is_visible()

    form = open_form(page, "提交答辩状、证据和规范性文件", "answer")
    form.locator("#id_answer-answered_on").fill("2025-09-26")
    form.get_by_role("button", name="登记答辩举证").click()
    done(page, "已登记答辩举证")
    assert page.get_by_test_id("case-state").inner_text() == "已答辩举证"

    form = open_form(page, "记录开庭及出庭应诉情况", "hearing")
    form.locator("#id_hearing-held_on").fill("2025-11-04")
    form.locator("#id_hearing-head_appeared").check()
    form.locator("#id_hearing-head_name").fill("王建华")
    form.locator("#id_hearing-head_title").fill("卫健委副主任")
    form.locator("#id_hearing-head_kind").select_option("deputy")
    form.locator("#id_hearing-head_proof").check()
    form.get_by_role("button", name="记录").click()
    done(page, "已记录开庭及出庭应诉情况")
    assert "王建华（卫健委副主任，副职负责人）" in page.get_by_test_id("hearings").inner_text()

    form = open_form(page, "登记判决、裁定或调解", "judgment")
    form.locator("#id_judgment-document_kind").select_option("judgment")
    form.locator("#id_judgment-outcome").select_option("revoke")
    form.locator("#id_judgment-number").fill(NUMBER)
    form.locator("#id_judgment-judged_on").fill("2025-12-01")
    form.locator("#id_judgment-served_on").fill("2025-12-03")
    form.get_by_role("button", name="登记裁判").click()
    done(page, "已登记裁判结果")
    assert page.get_by_test_id("case-state").inner_text() == "已裁判，上诉期内"
    assert "上诉期限至2025年12月18日" in page.get_by_test_id("judgment").inner_text()
    case.refresh_from_db()
    assert (case.state, case.result, case.head_appeared) == ("judged", "loss", True)
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()

    login(page, live_server, world.supervisor.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")
    page.goto(f"{base}/figures/?year=2025")
    assert page.get_by_test_id("sum-received").inner_text() == "1"
    assert page.get_by_test_id("sum-head-rate").inner_text() == "100.0%"
    assert page.get_by_test_id("sum-loss-rate").inner_text() == "100.0%"
    assert "败诉件数 ÷ 以判决或裁定审结的件数" in page.get_by_test_id("definitions").inner_text()
    page.locator("#chart-results canvas").first.wait_for()
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert page.external_requests == []
