"""A citizen comments on a draft decision on the portal, in headless Chromium: the draft is out
for comment at /decisions/, the citizen posts a comment without an account (name and phone
given), the lead unit replies; after the period ends it publishes the feedback, and the citizen,
reloading the page, reads the reply — and nothing of what they said about themselves."""

from __future__ import annotations

from datetime import datetime, time, timedelta

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

TITLE = "示例区老旧小区加装电梯补贴办法"
DRAFT = (
    "第一条 为便利老年人出行，对老旧小区既有住宅加装电梯给予补贴。\n"
    "第二条 每部电梯补贴不超过二十万元。"
)
EXPLANATION = "本区老旧小区老年人口比例高，加装电梯需求迫切。"
COMMENT = "建议将补贴范围扩大到加装电梯后的维护保养费用。"
REPLY_REASON = "已在第三条增加维护保养补贴。"
FEEDBACK = "征求意见期间共收到意见1条，采纳1条。"
CITIZEN_NAME = "赵六合"
CITIZEN_ORG = "示例区幸福里业主委员会"
CITIZEN_PHONE = "13700137000"


@pytest.fixture
def solicitation(transactional_db):
    """A district, its housing bureau drafting a public decision, and the draft out for comment
    from today for 30 days — built through the services."""
    from fazhi.core.models import Role, UnitKind
    from fazhi.core.tests.factories import PersonFactory, UnitFactory
    from fazhi.major_decisions import services

    today = timezone.localdate()
    district = UnitFactory(kind=UnitKind.DISTRICT, name="示例区人民政府")
    UnitFactory(parent=district, kind=UnitKind.LEGAL_OFFICE, name="示例区司法局")
    bureau = UnitFactory(parent=district, kind=UnitKind.DEPARTMENT, name="示例区住房和城乡建设局")
    handler = PersonFactory(unit=bureau, role=Role.HANDLER, name="住建局承办人")
    clerk = PersonFactory(unit=district, role=Role.UNIT_ADMIN, name="区政府办工作人员")
    decision = services.decision_start(
        actor=clerk,
        body=district,
        unit=bureau,
        title=TITLE,
        category="policy",
        started_on=today,
        start_basis="区政府常务会议决定",
        outside_catalog_reason="年度目录公布后群众反映集中，区政府决定启动。",
    )
    decision = services.decision_update(
        actor=handler, decision=decision, draft=DRAFT, explanation=EXPLANATION
    )
    period = services.comment_period_open(
        actor=handler,
        decision=decision,
        opens_on=today,
        closes_on=today + timedelta(days=30),
        how_to_comment="在本页提交意见，或信函寄至区住房和城乡建设局。",
    )
    return handler, period


def test_a_citizen_comments_and_reads_the_published_reply(page, live_server, solicitation):
    from fazhi.major_decisions import services
    from fazhi.major_decisions.models import Comment

    handler, period = solicitation

    # The citizen finds the draft from the portal's home page and comments, without an account.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="查看重大行政决策").click()
    page.wait_for_url(f"{live_server.url}/decisions/")
    page.get_by_test_id("open-solicitations").get_by_role(
        "link", name=f"{TITLE}（征求意见稿）"
    ).click()
    page.wait_for_url(f"{live_server.url}/decisions/solicitations/{period.pk}/")
    assert "每部电梯补贴不超过二十万元" in page.get_by_test_id("draft").inner_text()
    assert "不会公开" in page.get_by_test_id("privacy").inner_text()
    page.fill("#id_text", COMMENT)
    page.fill("#id_name", CITIZEN_NAME)
    page.fill("#id_organization", CITIZEN_ORG)
    page.fill("#id_contact", CITIZEN_PHONE)
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_url(f"{live_server.url}/decisions/solicitations/{period.pk}/sent/**")
    taken = Comment.objects.get()
    assert f"意见编号：{taken.pk}" in page.get_by_test_id("message").inner_text()
    assert (taken.name, taken.contact) == (CITIZEN_NAME, CITIZEN_PHONE)

    # The lead unit replies during the period; nothing is shown until the feedback is published.
    services.comment_reply(actor=handler, comment=taken, reply="adopted", reason=REPLY_REASON)
    page.get_by_test_id("back").click()
    page.wait_for_url(f"{live_server.url}/decisions/solicitations/{period.pk}/")
    assert page.get_by_role("button", name="提交意见").is_visible()
    assert REPLY_REASON not in page.content()

    # The day after the period ends (the clock moves for the live server's thread too), the lead
    # unit publishes the feedback; the citizen reloads the page and reads the reply.
    after = period.closes_on + timedelta(days=1)
    moment = datetime.combine(after, time(10), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=True):
        page.reload()
        assert "征求意见已于" in page.get_by_test_id("closed").inner_text()
        assert page.get_by_test_id("feedback-pending").is_visible()
        services.feedback_publish(actor=handler, period=period, feedback=FEEDBACK)
        page.reload()
        feedback = page.get_by_test_id("feedback").inner_text()
        assert FEEDBACK in feedback
        assert COMMENT in feedback and REPLY_REASON in feedback
        assert page.get_by_test_id("reply").first.inner_text() == "采纳"
        assert page.get_by_role("button", name="提交意见").count() == 0
        html = page.content()
        for private in (CITIZEN_NAME, CITIZEN_ORG, CITIZEN_PHONE):
            assert private not in html
    assert page.external_requests == []
