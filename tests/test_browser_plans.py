"""A plan's ledger in headless Chromium: the 司法局's reviewer uploads a small plan (.txt),
corrects a task's title and confirms a unit name the parser matched only approximately (and
marks the court as an external body) on the review page, and imports it; the 财政局's handler
reports progress on its task with a figure; the reviewer returns the report with a comment,
the handler corrects and resubmits it, the reviewer accepts it, and the plan's overview shows
the task 推进中."""

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

# The pages under the project's URLs (the same as config/urls.py once it includes them).

PLAN = (
    "示范区人民政府关于印发示范区法治政府建设工作要点的通知\n"
    "示政发〔2025〕2号\n"
    "一、完善制度体系\n"
    "（一）健全合法性审核机制。行政规范性文件合法性审核率达到100%。2025年6月底前实现全覆盖。"
    "（牵头单位：区司法局；责任单位：区财正局）\n"
    "（二）加强基层法治建设。（责任单位：各街道办事处）\n"
    "（三）支持法院审理行政案件。2025年年底前建立联席机制。（责任单位：区法院、区教委）\n"
)
TITLE = "健全行政规范性文件合法性审核机制"


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    from fazhi.plans.tests.conftest import BUILT, at, build_world

    settings.FAZHI_EVIDENCE_ROOT = str(tmp_path / "evidence")
    with at(BUILT):
        return build_world()


@pytest.fixture
def march():
    """The clock at 2025-03-20 10:00 in Beijing, running, for the test and the live server."""
    moment = datetime(2025, 3, 20, 10, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=True):
        yield


def done(page, message: str) -> None:
    page.locator(".alert-success", has_text=message).wait_for()
    refusal = page.get_by_test_id("action-refusal")
    assert refusal.count() == 0, refusal.first.inner_text()


def switch(page, live_server, person) -> None:
    from fazhi.core.tests.factories import PASSWORD

    if page.get_by_role("button", name="退出").count():
        page.get_by_role("button", name="退出").click()
        page.wait_for_load_state()
    login(page, live_server, person.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")


@BROWSER[0]
@BROWSER[1]
def test_upload_review_import_then_report_return_resubmit_accept(page, live_server, world, march):
    from fazhi.plans.models import Plan, ProgressReport, Task

    base = f"{live_server.url}/workspace/plans"
    switch(page, live_server, world.office)
    page.goto(f"{base}/")
    page.get_by_role("link", name="上传规划文本").click()
    page.wait_for_url(f"{base}/upload/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "工作要点.txt", "mimeType": "text/plain", "buffer": PLAN.encode()}],
    )
    page.get_by_role("button", name="上传并解析").click()
    page.wait_for_url(f"{base}/drafts/*/")
    done(page, "已解析")
    assert page.get_by_test_id("task").count() == 3
    finance = page.locator('tr[data-name="区财正局"]')
    assert finance.get_attribute("data-status") == "fuzzy"
    assert "区财正局" in page.get_by_test_id("unsettled").inner_text()

    # Correct a title, confirm the approximate match, mark the court external; save.
    page.fill("#id_t0-title", TITLE)
    finance.locator("select").select_option(str(world.finance.pk))
    finance.get_by_label("确认为该单位").check()
    page.locator('tr[data-name="区法院"]').get_by_label("记为外部单位").check()
    page.get_by_role("button", name="保存核对结果").click()
    done(page, "已保存核对结果")
    assert page.get_by_test_id("unsettled").count() == 0
    assert page.locator("#id_t0-title").input_value() == TITLE

    page.get_by_role("button", name="导入台账").click()
    page.wait_for_url(f"{base}/plans/*/")
    done(page, "已导入")
    plan = Plan.objects.get()
    task = Task.objects.get(plan=plan, position=1)
    assert task.title == TITLE
    assert page.get_by_test_id("sum-tasks").inner_text() == "3"

    # The finance bureau reports on its task, with the figure of the target.
    switch(page, live_server, world.fin_handler)
    page.goto(f"{base}/mine/")
    row = page.locator(f'tr[data-task="{task.pk}"]')
    assert row.get_by_test_id("period-state").inner_text() == "未报送"
    row.get_by_role("link", name="报送进展").click()
    page.wait_for_url(f"{base}/tasks/{task.pk}/report/*")
    page.fill("#id_text", "已修订合法性审核工作规则，一季度审核文件12件。")
    page.get_by_test_id("figures").locator("input").first.fill("100")
    page.get_by_role("button", name="报送", exact=True).click()
    page.wait_for_url(f"{base}/tasks/{task.pk}/")
    done(page, "已报送进展")

    # The office returns it with a comment.
    switch(page, live_server, world.office)
    page.goto(f"{base}/review/")
    page.get_by_test_id("review-list").get_by_role("link", name=TITLE).click()
    report = ProgressReport.objects.get()
    form = page.locator(f'form[data-action="review-{report.pk}"]')
    form.locator("textarea").fill("请补充审核台账。")
    form.get_by_role("button", name="退回（须写意见）").click()
    done(page, "已退回修改")
    assert page.get_by_test_id("report-state").first.inner_text() == "已退回"

    # The unit corrects it and submits it again.
    switch(page, live_server, world.fin_handler)
    page.goto(f"{base}/mine/")
    page.get_by_role("link", name="修改后重新报送").first.click()
    page.wait_for_url(f"{base}/reports/{report.pk}/resubmit/")
    assert "请补充审核台账。" in page.get_by_test_id("return-comment").inner_text()
    page.fill("#id_text", "已修订合法性审核工作规则，一季度审核文件12件，审核台账已补充。")
    page.get_by_role("button", name="重新报送").click()
    done(page, "已修改并重新报送")

    # The office accepts it: the task is under way.
    switch(page, live_server, world.office)
    page.goto(f"{base}/tasks/{task.pk}/")
    form = page.locator(f'form[data-action="review-{report.pk}"]')
    form.get_by_role("button", name="审核通过").click()
    done(page, "已审核通过")
    assert page.get_by_test_id("task-state").inner_text() == "推进中"
    assert page.get_by_test_id("latest-value").first.inner_text() == "100%"
    page.goto(f"{base}/plans/{plan.pk}/")
    assert page.get_by_test_id("count-in_progress").inner_text() == "1"
    row = page.get_by_test_id("task-list").locator(f'tr[data-task="{task.pk}"]')
    assert row.get_by_test_id("task-state").inner_text() == "推进中"
    assert page.external_requests == []
