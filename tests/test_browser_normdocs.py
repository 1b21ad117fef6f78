"""A normative document from draft to the public query, in headless Chromium: the drafter at
区市场监督管理局 drafts it and sends it for review, the legal reviewer at 司法局 gives the opinion,
the drafter has it deliberated and publishes it, and anyone finds it on /documents/ by a phrase
of its text typed in Traditional script."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import test_browser as platform
from tests.test_browser import CHROMIUM, login

# The browser, the page that refuses outside requests and the demo district are the fixtures of
# the platform's browser tests.
browser = platform.browser
page = platform.page
demo_district = platform.demo_district

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="未安装 Debian chromium（make test 会尝试安装）"),
]

TITLE = "示例区农贸市场计量器具管理办法"
TEXT = (
    "第一条 为规范本区农贸市场计量器具的使用和管理，保障交易公平，制定本办法。\n"
    "第二条 本办法适用于本区行政区域内农贸市场的开办者和场内经营者。\n"
    "第三条 区市场监督管理局负责农贸市场计量器具的监督管理工作。\n"
    "第四条 本办法自发布之日起施行。"
)
PHRASE_TRADITIONAL = "農貿市場計量器具的使用和管理"


def valid_until_for(day):
    """Five years from `day`, less one day."""
    try:
        anniversary = day.replace(year=day.year + 5)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + 5, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def free_doc_number(year: int) -> str:
    from fazhi.normative_documents.models import Version

    taken = set(
        Version.objects.filter(doc_number__startswith=f"示市监发〔{year}〕").values_list(
            "doc_number", flat=True
        )
    )
    serial = 1
    while f"示市监发〔{year}〕{serial}号" in taken:
        serial += 1
    return f"示市监发〔{year}〕{serial}号"


def take_step(page, code: str, label: str, fields: dict[str, str], selects=None) -> None:
    """Fill the form of one step on the staff page and take it; the page says it was done."""
    panel = page.locator(f'[data-step="{code}"]')
    for name, value in fields.items():
        panel.locator(f"#id_{code}-{name}").fill(value)
    for name, value in (selects or {}).items():
        panel.locator(f"#id_{code}-{name}").select_option(value)
    panel.get_by_role("button", name=f"办理“{label}”").click()
    page.wait_for_load_state()
    refusal = page.get_by_test_id("step-refusal")
    assert refusal.count() == 0, refusal.first.inner_text()
    assert f"已办理“{label}”" in page.content()


def logout(page) -> None:
    page.click("text=退出")
    page.wait_for_load_state()


def test_a_document_goes_from_draft_to_the_public_query(page, live_server, demo_district):
    from fazhi.demo.generator import DEMO_PASSWORD
    from fazhi.normative_documents.models import Version

    today = timezone.localdate()
    doc_number = free_doc_number(today.year)

    # 承办人员 at 区市场监督管理局: a draft that affects nobody's rights (no comment needed).
    login(page, live_server, "scj_chengban", DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")
    page.goto(f"{live_server.url}{reverse('normative_documents:create')}")
    page.fill("#id_title", TITLE)
    page.select_option("#id_subject", "market")
    page.fill("#id_text", TEXT)
    page.fill("#id_necessity", "农贸市场计量纠纷时有发生，需要统一管理要求。")
    page.fill("#id_feasibility", "与计量法律法规一致，具备实施条件。")
    page.fill("#id_impact", "对场内经营者影响较小。")
    page.fill("#id_legal_basis", "《中华人民共和国计量法》")
    page.fill("#id_drafter_opinion", "经起草单位法制机构审查，未发现违法内容。")
    page.uncheck("#id_affects_rights")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{live_server.url}/workspace/normative-documents/*/")
    version = Version.objects.get(title=TITLE)
    detail_url = f"{live_server.url}{reverse('normative_documents:detail', args=[version.pk])}"

    take_step(
        page, "skip_comment", "不公开征求意见", {"reason": "不涉及公民、法人和其他组织权利义务。"}
    )
    reviewing = page.locator("#id_submit_review-reviewing_unit_id option", has_text="司法局")
    take_step(
        page,
        "submit_review",
        "送合法性审核",
        {"urgent_reason": "市场秩序整治急需，请求缩短审核时间。"},
        selects={"reviewing_unit_id": reviewing.first.get_attribute("value")},
    )
    logout(page)

    # 法制审核人员 at 司法局: every pre-review flag judged, then the opinion.
    login(page, live_server, "sfj_shencha", DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")
    page.goto(detail_url)
    flags = page.get_by_test_id("flag")
    for index in range(flags.count()):
        flag = flags.nth(index)
        flag.locator("select").select_option("dismissed")
        flag.locator("textarea").fill("经核查，该条款有法律依据。")
        flag.get_by_role("button", name="保存判断").click()
        flags.nth(index).get_by_text("已保存。").wait_for()
    page.goto(detail_url)
    take_step(
        page,
        "give_opinion",
        "出具合法性审核意见",
        {"opinion_text": "经审核，该文件草案合法。", "opinion_items": "0"},
        selects={"opinion": "lawful"},
    )
    logout(page)

    # The drafter again: deliberation, then registration, numbering and publication.
    login(page, live_server, "scj_chengban", DEMO_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workspace/")
    page.goto(detail_url)
    take_step(
        page,
        "deliberate",
        "集体审议",
        {
            "meeting": f"区市场监督管理局{today.year}年第12次局务会议",
            "held_on": today.isoformat(),
            "attendees": "局长、副局长、法规科科长",
        },
        selects={"result": "passed"},
    )
    take_step(
        page,
        "publish",
        "统一登记、编号并公布",
        {
            "doc_number": doc_number,
            "written_on": today.isoformat(),
            "published_on": today.isoformat(),
            "effective_on": today.isoformat(),
            "valid_until": valid_until_for(today).isoformat(),
        },
    )
    version.refresh_from_db()
    assert version.state == "published" and version.doc_number == doc_number
    logout(page)

    # Anyone: found by a phrase of its text typed in Traditional script.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="规范性文件").first.click()
    page.wait_for_url(f"{live_server.url}/documents/")
    page.fill("#id_q", PHRASE_TRADITIONAL)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    results = page.get_by_test_id("results")
    assert TITLE in results.inner_text()
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"{live_server.url}/documents/{version.pk}/")
    assert page.get_by_test_id("title").inner_text() == TITLE
    assert page.get_by_test_id("status").inner_text() == "现行有效"
    assert page.get_by_test_id("doc-number").inner_text() == doc_number
    assert "第三条 区市场监督管理局负责" in page.get_by_test_id("text").inner_text()
    metadata = page.get_by_test_id("metadata").inner_text()
    assert version.registration_number in metadata and "区市场监督管理局" in metadata
    making = page.get_by_test_id("making-history").inner_text()
    assert "意见类别：合法" in making and "审议通过" in making
    assert "经审核，该文件草案合法。" not in page.content()  # the category, not the text
    proof = page.get_by_test_id("proof-link").get_attribute("href")
    assert proof == f"/transparency/proof/normative_documents.version/{version.pk}/"
    assert page.external_requests == []
