"""A penalty case in headless Chromium: a 执法人员 of 卫健委 opens the case, uploads the photo
taken on site, proposes a fine — seeing the discretion benchmark's range for the circumstance
chosen — and notifies the party, who waives a statement; the head of the body decides, and the
case page says the decision is made."""

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

PARTY = "甲区某某餐饮有限公司"
NUMBER = "甲卫罚〔2026〕21号"
DECISION_NUMBER = "甲卫罚决〔2026〕21号"


@pytest.fixture
def world(transactional_db):
    """甲区 with its 卫健委 registered as an enforcement body, two certified officers, a head, a
    legal reviewer, an item with its benchmark — built through the services (the conftest of
    fazhi.enforcement) on 2026-01-05."""
    from fazhi.enforcement.tests.conftest import BUILT, at, build_world

    with at(BUILT):
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


def done(page, message: str) -> None:
    """The page after a form: the success message, and no refusal."""
    alert = page.locator(".alert-success", has_text=message)
    alert.wait_for()
    refusal = page.get_by_test_id("action-refusal")
    assert refusal.count() == 0, refusal.first.inner_text()


def test_a_case_from_opening_to_the_decision(page, live_server, world, march_second):
    from fazhi.core.tests.factories import PASSWORD
    from fazhi.enforcement.models import PenaltyCase
    from fazhi.enforcement.tests.conftest import PNG

    base = f"{live_server.url}/workspace/enforcement"

    # The officer opens the case from the module's home page.
    login(page, live_server, world.lead.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")
    page.goto(f"{base}/")
    page.get_by_role("link", name="立案", exact=True).click()
    page.wait_for_url(f"{base}/cases/new/")
    page.select_option("#id_item", str(world.item.pk))
    page.fill("#id_number", NUMBER)
    page.select_option("#id_source", "inspection")
    page.select_option("#id_party_kind", "legal")
    page.fill("#id_party_name", PARTY)
    page.fill("#id_party_code", "91110108MA01ABCD2X")
    page.fill("#id_occurred_on", "2026-02-20")
    page.fill("#id_violation_type", "未取得卫生许可证从事经营活动")
    page.fill("#id_facts", "未取得卫生许可证擅自营业。")
    page.select_option("#id_lead", str(world.officers["lead"].pk))
    second = world.officers["second"].pk
    page.locator(f"#id_assistants input[value='{second}']").check()
    page.get_by_role("button", name="立案").click()
    page.wait_for_url(f"{base}/cases/*/")
    case = PenaltyCase.objects.get(number=NUMBER)
    assert page.get_by_test_id("case-state").inner_text() == "调查取证中"
    assert "11010126000002" in page.get_by_test_id("case-officers").inner_text()

    # Evidence: the photo taken on site.
    page.locator("summary", has_text="上传证据").click()
    form = page.locator('form[data-action="evidence"]')
    form.locator("#id_evidence-kind").select_option("photo")
    form.locator("#id_evidence-title").fill("现场照片")
    form.locator("#id_evidence-collected_by").select_option(str(world.officers["lead"].pk))
    form.locator("#id_evidence-upload").set_input_files(
        {"name": "现场照片.png", "mimeType": "image/png", "buffer": PNG}
    )
    form.get_by_role("button", name="上传证据").click()
    done(page, "证据已上传并存证")
    assert "现场照片" in page.get_by_test_id("evidence").inner_text()

    # The proposal: each circumstance of the benchmark shows its range beside the amount.
    row = world.item.benchmarks.get().rows.get(order=2)
    benchmark_range = f"{row.get_degree_display()}：{row.range_text}"
    rows = page.get_by_test_id("benchmark-rows")
    assert benchmark_range in rows.inner_text()
    rows.get_by_label("经营时间不满三个月", exact=False).check()
    form = page.locator('form[data-action="propose"]')
    form.locator("#id_propose-penalty_kinds input[value='fine']").check()
    form.locator("#id_propose-fine").fill("5000")
    form.get_by_role("button", name="保存拟处罚意见").click()
    done(page, "拟处罚意见已保存")
    shown = page.get_by_test_id("proposal-range").inner_text()
    assert benchmark_range in shown and "拟罚款在裁量基准幅度内" in shown

    # The notice; the party waives statement and hearing; the statements are over.
    page.locator("summary", has_text="告知拟作出的行政处罚").click()
    form = page.locator('form[data-action="notify"]')
    form.locator("#id_notify-reasons").fill("违反《公共场所卫生管理条例》第八条")
    form.locator("#id_notify-proposal").fill("罚款人民币5000元")
    form.locator("#id_notify-waived").check()
    form.get_by_role("button", name="告知").click()
    done(page, "已告知当事人")
    page.get_by_role("button", name="陈述申辩终结，提请决定").click()
    done(page, "案件待作出决定")
    assert page.get_by_test_id("case-state").inner_text() == "待作出决定"
    logout(page)

    # The head decides.
    login(page, live_server, world.head.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")
    page.goto(f"{base}/")
    page.get_by_test_id("to-decide").get_by_role("link", name=NUMBER).click()
    page.wait_for_url(f"{base}/cases/{case.pk}/#decision")
    page.locator("summary", has_text="作出决定（行政机关负责人）").click()
    form = page.locator('form[data-action="decide"]')
    assert form.locator("#id_decide-outcome").input_value() == "penalty"
    form.locator("#id_decide-decision_number").fill(DECISION_NUMBER)
    form.get_by_role("button", name="作出决定").click()
    done(page, "已作出决定")
    assert "已作出决定" in page.get_by_test_id("case-state").inner_text()
    assert DECISION_NUMBER in page.get_by_test_id("decision").inner_text()
    assert page.get_by_role("link", name="下载行政处罚决定书").is_visible()
    case.refresh_from_db()
    assert case.state == "decided" and case.fine == 5000
    assert page.external_requests == []
