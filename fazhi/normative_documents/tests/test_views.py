"""The staff pages of normative documents: scoped reads (another unit's record is 404), steps
posted through the service (a refusal shows the reason and its article and saves nothing),
comments, the fair-competition form, pre-review flags, figures and their workbook."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from fazhi.normative_documents import services
from fazhi.normative_documents.competition import ITEMS
from fazhi.normative_documents.models import (
    Cleanup,
    Comment,
    Evaluation,
    FairCompetitionReview,
    Filing,
    Version,
)

from .conftest import at

pytestmark = pytest.mark.django_db

BASE = "/workspace/normative-documents"
START = date(2026, 3, 2)

PENALTY_TEXT = """第一条 为规范校外培训机构管理，制定本办法。
第二条 违反本办法规定的，由区教育局处以五千元罚款。
第三条 本办法自发布之日起施行。"""


def client_for(person) -> Client:
    """Log in now (inside the travelled time, so that the session is current)."""
    client = Client()
    client.force_login(person)
    return client


def body(response) -> str:
    return response.content.decode()


# ---- list, create, detail ---------------------------------------------------------------------


def test_index_lists_what_the_person_sees_and_filters(world):
    with at(START):
        draft = world.draft()
        world.draft(title="甲区学生体质健康管理规定")
        page = client_for(world.drafter).get(f"{BASE}/")
        assert page.status_code == 200
        text = body(page)
        assert draft.title in text and "甲区学生体质健康管理规定" in text
        assert "起草新文件" in text and "批量导入" in text and "清理" in text
        filtered = body(client_for(world.drafter).get(f"{BASE}/", {"q": "体质"}))
        assert "甲区学生体质健康管理规定" in filtered and draft.title not in filtered
        assert draft.title not in body(client_for(world.outsider).get(f"{BASE}/"))


def test_create_page_makes_a_draft_from_an_uploaded_text(world):
    with at(START):
        client = client_for(world.drafter)
        assert client.get(f"{BASE}/new/").status_code == 200
        upload = SimpleUploadedFile("草案.txt", PENALTY_TEXT.encode("gb18030"))
        response = client.post(
            f"{BASE}/new/",
            {
                "unit": world.east.dept_a.pk,
                "issuer": world.east.dept_a.pk,
                "title": "甲区校外培训监督办法",
                "subject": "education",
                "upload": upload,
                "necessity": "需要。",
                "affects_rights": "on",
            },
        )
        assert response.status_code == 302
        version = Version.objects.get(title="甲区校外培训监督办法")
        assert version.text == PENALTY_TEXT and version.state == "drafting"
        assert response["Location"] == f"{BASE}/{version.pk}/"


def test_create_with_joint_issuers_and_co_drafters(world):
    with at(START):
        client = client_for(world.drafter)
        fields = {
            "unit": world.east.dept_a.pk,
            "issuer": world.east.dept_a.pk,
            "title": "甲区联合发文办法",
            "subject": "education",
            "text": PENALTY_TEXT,
            "co_issuers": [world.east.dept_a.pk],
        }
        refused = body(client.post(f"{BASE}/new/", fields))
        assert "不能与制定机关、牵头起草单位重复" in refused
        assert not Version.objects.filter(title="甲区联合发文办法").exists()
        division = body(
            client.post(f"{BASE}/new/", {**fields, "co_issuers": [world.east.div_b.pk]})
        )
        assert "选择一个有效的选项" in division  # divisions are not offered
        response = client.post(
            f"{BASE}/new/",
            {**fields, "co_issuers": [world.east.dept_b.pk], "co_drafters": [world.east.dept_b.pk]},
        )
        assert response.status_code == 302
    version = Version.objects.get(title="甲区联合发文办法")
    assert list(version.document.co_issuers.all()) == [world.east.dept_b]
    assert list(version.co_drafters.all()) == [world.east.dept_b]


def test_create_refuses_a_division_as_issuer_and_a_bad_upload(world):
    with at(START):
        client = client_for(world.drafter)
        response = client.post(
            f"{BASE}/new/",
            {
                "unit": world.east.dept_a.pk,
                "issuer": world.east.div_a.pk,
                "title": "科室文件",
                "subject": "education",
                "upload": SimpleUploadedFile("草案.pdf", b"%PDF-1.4"),
            },
        )
        assert response.status_code == 200
        text = body(response)
        assert "只接受 .txt 或 .docx" in text
        assert "选择一个有效的选项" in text  # the division is not offered as issuer
        assert not Version.objects.filter(title="科室文件").exists()
        offered = body(client.get(f"{BASE}/new/"))
        issuer_select = offered[offered.index('name="issuer"') :].split("</select>")[0]
        assert f'value="{world.east.district.pk}"' in issuer_select
        assert f'value="{world.east.dept_a.pk}"' in issuer_select
        assert f'value="{world.east.div_a.pk}"' not in issuer_select
        assert f'value="{world.east.dept_b.pk}"' not in issuer_select


def test_detail_renders_for_the_drafter_and_is_404_to_another_unit(world):
    with at(START):
        version = world.draft()
        page = client_for(world.drafter).get(f"{BASE}/{version.pk}/")
        assert page.status_code == 200
        text = body(page)
        assert version.title in text and "起草中" in text
        assert 'data-step="open_comment"' in text and 'name="open_comment-opens_on"' in text
        assert "修改草案" in text and "公平竞争审查" in text
        outsider = client_for(world.outsider)
        assert outsider.get(f"{BASE}/{version.pk}/").status_code == 404
        assert outsider.get(f"{BASE}/{version.pk}/edit/").status_code == 404
        response = outsider.post(
            f"{BASE}/{version.pk}/steps/open_comment/",
            {"open_comment-opens_on": "2026-03-02", "open_comment-closes_on": "2026-04-30"},
        )
        assert response.status_code in (403, 404)
    version.refresh_from_db()
    assert version.state == "drafting"


# ---- steps ------------------------------------------------------------------------------------


def test_a_refused_step_shows_the_reason_and_article_and_changes_nothing(world):
    with at(START):
        version = world.draft(business=True)
        before = version.version
        response = client_for(world.drafter).post(
            f"{BASE}/{version.pk}/steps/open_comment/",
            {
                "open_comment-expected_version": before,
                "open_comment-opens_on": "2026-03-02",
                "open_comment-closes_on": "2026-03-10",
            },
        )
        assert response.status_code == 200
        text = body(response)
        assert 'data-testid="step-refusal"' in text
        assert "征求意见期限不足" in text
        assert "优化营商环境条例" in text and "第六十二条第二款" in text
    version.refresh_from_db()
    assert version.state == "drafting" and version.version == before
    assert version.comment_opens_on is None


def test_a_stale_form_is_refused(world):
    with at(START):
        version = world.draft()
        response = client_for(world.drafter).post(
            f"{BASE}/{version.pk}/steps/open_comment/",
            {
                "open_comment-expected_version": version.version + 5,
                "open_comment-opens_on": "2026-03-02",
                "open_comment-closes_on": "2026-04-30",
            },
        )
        assert "请刷新后重新办理" in body(response)
    version.refresh_from_db()
    assert version.state == "drafting"


def test_a_step_from_another_state_is_refused_with_the_state(world):
    with at(START):
        version = world.draft()
        response = client_for(world.drafter).post(
            f"{BASE}/{version.pk}/steps/close_comment/",
            {"close_comment-adoption_summary": "无"},
        )
        text = body(response)
        assert 'data-testid="step-refusal"' in text
        assert "只能在“公开征求意见中”时办理" in text
        assert client_for(world.drafter).post(f"{BASE}/{version.pk}/steps/nope/").status_code == 404
    version.refresh_from_db()
    assert version.state == "drafting"


def test_a_successful_step_moves_the_state(world):
    with at(START):
        version = world.draft()
        response = client_for(world.drafter).post(
            f"{BASE}/{version.pk}/steps/open_comment/",
            {
                "open_comment-expected_version": version.version,
                "open_comment-opens_on": "2026-03-02",
                "open_comment-closes_on": "2026-04-30",
            },
        )
        assert response.status_code == 302
        version.refresh_from_db()
        assert version.state == "commenting"
        assert version.comment_closes_on == date(2026, 4, 30)
        page = body(client_for(world.drafter).get(f"{BASE}/{version.pk}/"))
        assert "公开征求意见中" in page and "procedure-history" in page


def test_the_reviewer_submits_an_opinion_from_the_page(world):
    with at(START):
        version = world.draft()
    # to_reviewed gives the opinion through the service; here the page gives it instead.
    with at(START):
        world.step(version, "open_comment", opens_on=START, closes_on=date(2026, 4, 2))
    with at(date(2026, 4, 3)):
        world.step(version, "close_comment", adoption_summary="未收到意见。")
        client = client_for(world.drafter)
        response = client.post(
            f"{BASE}/{version.pk}/steps/submit_review/",
            {"submit_review-reviewing_unit_id": world.east.legal_office.pk},
        )
        assert response.status_code == 302
        version.refresh_from_db()
        assert version.state == "reviewing"
        for flag in version.legality_reviews.get().flags.all():
            services.flag_decide(
                actor=world.reviewer, flag=flag, decision="dismissed", reason="有据"
            )
        page = body(client_for(world.reviewer).get(f"{BASE}/{version.pk}/"))
        assert 'name="give_opinion-opinion"' in page
        # too early: 5 working days
        early = client_for(world.reviewer).post(
            f"{BASE}/{version.pk}/steps/give_opinion/",
            {
                "give_opinion-opinion": "lawful",
                "give_opinion-opinion_text": "合法。",
                "give_opinion-opinion_items": "0",
            },
        )
        assert "5个工作日" in body(early)
    version.refresh_from_db()
    assert version.state == "reviewing"
    with at(date(2026, 4, 14)):
        response = client_for(world.reviewer).post(
            f"{BASE}/{version.pk}/steps/give_opinion/",
            {
                "give_opinion-opinion": "lawful",
                "give_opinion-opinion_text": "合法。",
                "give_opinion-opinion_items": "1",
            },
        )
        assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == "reviewed"
    assert version.legality_reviews.get().opinion_items == 1


# ---- comments, competition, flags -------------------------------------------------------------


def test_staff_enter_a_comment_and_reply_to_it(world):
    with at(START):
        version = world.draft()
        world.step(version, "open_comment", opens_on=START, closes_on=date(2026, 4, 30))
        client = client_for(world.drafter)
        response = client.post(
            f"{BASE}/{version.pk}/comments/",
            {
                "entry-channel": "letter",
                "entry-name": "张三",
                "entry-text": "建议明确培训机构的退费规则。",
            },
        )
        assert response.status_code == 302
        comment = Comment.objects.get(version=version)
        assert comment.channel == "letter"
        # a partial adoption needs a reason
        refused = client.post(
            f"{BASE}/comments/{comment.pk}/reply/",
            {f"comment{comment.pk}-reply": "partly", f"comment{comment.pk}-reason": ""},
        )
        assert refused.status_code == 200 and "须说明理由" in body(refused)
        comment.refresh_from_db()
        assert comment.reply == ""
        done = client.post(
            f"{BASE}/comments/{comment.pk}/reply/",
            {f"comment{comment.pk}-reply": "partly", f"comment{comment.pk}-reason": "部分已规定"},
        )
        assert done.status_code == 302
        comment.refresh_from_db()
        assert comment.reply == "partly" and comment.replied_by == world.drafter
        outsider = client_for(world.outsider)
        assert (
            outsider.post(
                f"{BASE}/comments/{comment.pk}/reply/",
                {f"comment{comment.pk}-reply": "adopted"},
            ).status_code
            == 404
        )


def _competition_post(**overrides) -> dict:
    data = {"conclusion": "compliant", "reviewed_on": "2026-03-02", "operators_heard": "座谈会"}
    for code in ITEMS:
        data[f"note_{code.replace('.', '_')}"] = ""
    data.update(overrides)
    return data


def test_competition_form_records_the_review_and_refuses_a_breach_without_note(world):
    with at(START):
        version = world.draft(business=True)
        client = client_for(world.drafter)
        page = body(client.get(f"{BASE}/{version.pk}/competition/"))
        assert page.count('type="checkbox"') == len(ITEMS)
        assert "限制市场准入和退出（第八条）" in page and "第十一条第四项" in page
        refused = client.post(
            f"{BASE}/{version.pk}/competition/",
            _competition_post(breach_9_3="on", conclusion="noncompliant"),
        )
        assert refused.status_code == 200
        assert "第九条第三项" in body(refused) and "须写明具体条款" in body(refused)
        assert not FairCompetitionReview.objects.filter(version=version).exists()
        response = client.post(f"{BASE}/{version.pk}/competition/", _competition_post())
        assert response.status_code == 302
        review = FairCompetitionReview.objects.get(version=version)
        assert review.conclusion == "compliant" and len(review.findings) == len(ITEMS)
        assert (
            client_for(world.outsider).get(f"{BASE}/{version.pk}/competition/").status_code == 404
        )


def _to_reviewing(world, text: str = PENALTY_TEXT) -> Version:
    with at(START):
        version = world.draft(text=text)
        world.step(version, "open_comment", opens_on=START, closes_on=date(2026, 4, 2))
    with at(date(2026, 4, 3)):
        world.step(version, "close_comment", adoption_summary="未收到意见。")
        world.step(version, "submit_review", reviewing_unit_id=world.east.legal_office.pk)
    return version


def test_flags_are_highlighted_and_decided_by_the_reviewer(world):
    version = _to_reviewing(world)
    flag = version.legality_reviews.get().flags.get(category="penalty")
    with at(date(2026, 4, 7)):
        reviewer = client_for(world.reviewer)
        page = body(reviewer.get(f"{BASE}/{version.pk}/"))
        assert f'id="clause-{flag.pk}"' in page and "处罚" in page
        assert f"/flags/{flag.pk}/decide/" in page
        refused = reviewer.post(
            f"{BASE}/flags/{flag.pk}/decide/",
            {f"flag{flag.pk}-decision": "accepted", f"flag{flag.pk}-reason": ""},
            headers={"HX-Request": "true"},
        )
        assert refused.status_code == 200 and "请说明判断理由" in body(refused)
        flag.refresh_from_db()
        assert flag.decision == ""
        done = reviewer.post(
            f"{BASE}/flags/{flag.pk}/decide/",
            {f"flag{flag.pk}-decision": "accepted", f"flag{flag.pk}-reason": "不得设定罚款"},
            headers={"HX-Request": "true"},
        )
        assert done.status_code == 200 and "<html" not in body(done) and "已保存" in body(done)
        flag.refresh_from_db()
        assert flag.decision == "accepted" and flag.decision_reason == "不得设定罚款"
        # the drafter sees the flag but cannot decide it
        drafter = client_for(world.drafter)
        assert f"/flags/{flag.pk}/decide/" not in body(drafter.get(f"{BASE}/{version.pk}/"))
        response = drafter.post(
            f"{BASE}/flags/{flag.pk}/decide/",
            {f"flag{flag.pk}-decision": "dismissed", f"flag{flag.pk}-reason": "x"},
        )
        assert "无权" in body(response)
        assert client_for(world.outsider).post(f"{BASE}/flags/{flag.pk}/decide/").status_code == 404
    flag.refresh_from_db()
    assert flag.decision == "accepted"


# ---- after publication ------------------------------------------------------------------------


@pytest.fixture
def published(world) -> Version:
    with at(START):
        version = world.draft()
    return world.to_published(version)


def test_published_version_offers_amendment_and_end(world, published):
    with at(date(2026, 5, 6)):
        client = client_for(world.drafter)
        page = body(client.get(f"{BASE}/{published.pk}/"))
        assert "启动修改" in page and "废止或宣布失效" in page and "已公布" in page
        response = client.post(f"{BASE}/{published.pk}/amend/")
        assert response.status_code == 302
        new = Version.objects.get(document=published.document, number=2)
        assert response["Location"] == f"{BASE}/{new.pk}/"
        refused = client.post(
            f"{BASE}/{published.pk}/end/", {"kind": "repealed", "on": "2026-05-06", "reason": ""}
        )
        assert "请写明废止或宣布失效的理由" in body(refused)
        done = client.post(
            f"{BASE}/{published.pk}/end/",
            {"kind": "repealed", "on": "2026-05-06", "reason": "上位法已修改"},
        )
        assert done.status_code == 302
    published.document.refresh_from_db()
    assert published.document.end_kind == "repealed"


def test_filing_pages_and_steps(world, published):
    filing = Filing.objects.get(document_version=published)
    with at(date(2026, 4, 24)):
        drafter = client_for(world.drafter)
        assert published.title in body(drafter.get(f"{BASE}/filings/"))
        page = body(drafter.get(f"{BASE}/filings/{filing.pk}/"))
        assert "报送备案" in page
        assert client_for(world.outsider).get(f"{BASE}/filings/{filing.pk}/").status_code == 404
        assert published.title not in body(client_for(world.outsider).get(f"{BASE}/filings/"))
        assert drafter.post(f"{BASE}/filings/{filing.pk}/steps/file/").status_code == 302
        filing.refresh_from_db()
        assert filing.state == "filed" and filing.filed_on == date(2026, 4, 24)
        reviewer = client_for(world.reviewer)
        assert reviewer.post(f"{BASE}/filings/{filing.pk}/steps/start_review/").status_code == 302
        refused = reviewer.post(
            f"{BASE}/filings/{filing.pk}/steps/close/", {"close-checks": ["authority"]}
        )
        assert "须评定风险等级" in body(refused)
        filing.refresh_from_db()
        assert filing.state == "reviewing"
        done = reviewer.post(
            f"{BASE}/filings/{filing.pk}/steps/close/",
            {
                "close-checks": ["authority", "procedure"],
                "close-risk_rating": "low",
                "close-outcome": "no_issue",
            },
        )
        assert done.status_code == 302
        filing.refresh_from_db()
        assert filing.state == "closed" and filing.checks["authority"] is True
        assert filing.checks["rights"] is False


def test_evaluation_pages(world, published):
    evaluation = Evaluation.objects.filter(version=published).order_by("due_on").first()
    with at(date(2026, 5, 6)):
        drafter = client_for(world.drafter)
        assert published.title in body(drafter.get(f"{BASE}/evaluations/"))
        assert (
            client_for(world.outsider).get(f"{BASE}/evaluations/{evaluation.pk}/").status_code
            == 404
        )
        refused = drafter.post(
            f"{BASE}/evaluations/{evaluation.pk}/", {"conclusion": "continue", "report": ""}
        )
        assert "请填写评估报告" in body(refused)
        done = drafter.post(
            f"{BASE}/evaluations/{evaluation.pk}/",
            {"conclusion": "continue", "report": "实施效果良好。"},
        )
        assert done.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.conclusion == "continue" and evaluation.done_on == date(2026, 5, 6)
    with at(date(2031, 6, 1)):
        listing = body(client_for(world.drafter).get(f"{BASE}/evaluations/"))
        assert 'data-overdue="1"' in listing and "已逾期" in listing


def test_cleanup_pages(world, published):
    with at(date(2026, 6, 1)):
        client = client_for(world.drafter)
        assert published.title in body(client.get(f"{BASE}/cleanups/new/"))
        response = client.post(
            f"{BASE}/cleanups/new/",
            {"unit": world.east.dept_a.pk, "title": "2026年专项清理", "versions": [published.pk]},
        )
        assert response.status_code == 302
        cleanup = Cleanup.objects.get(title="2026年专项清理")
        item = cleanup.items.get()
        assert "2026年专项清理" in body(client.get(f"{BASE}/cleanups/"))
        assert client_for(world.outsider).get(f"{BASE}/cleanups/{cleanup.pk}/").status_code == 404
        refused = client.post(f"{BASE}/cleanups/{cleanup.pk}/publish/")
        assert "还有文件未作出清理结论" in body(refused)
        url = f"{BASE}/cleanups/{cleanup.pk}/items/{item.pk}/"
        assert "须写明理由" in body(client.post(url, {f"item{item.pk}-conclusion": "repeal"}))
        done = client.post(
            url, {f"item{item.pk}-conclusion": "repeal", f"item{item.pk}-reason": "已不适应"}
        )
        assert done.status_code == 302
        assert client.post(f"{BASE}/cleanups/{cleanup.pk}/publish/").status_code == 302
    cleanup.refresh_from_db()
    published.document.refresh_from_db()
    assert cleanup.published_on == date(2026, 6, 1)
    assert published.document.end_kind == "repealed"


# ---- figures ----------------------------------------------------------------------------------


def test_figures_page_and_workbook(world, published):
    with at(date(2026, 6, 1)):
        client = client_for(world.drafter)
        page = client.get(f"{BASE}/figures/", {"year": 2026})
        assert page.status_code == 200
        text = body(page)
        assert "echarts/echarts.min.js" in text and "made-by-unit-data" in text
        assert world.east.dept_a.name in text and "报备及时率" in text
        response = client.get(f"{BASE}/figures.xlsx", {"year": 2026})
        assert response.status_code == 200
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert "2026" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"制定情况", "合法性审核", "备案", "纠错", "清理", "评估"} <= set(workbook.sheetnames)
    made = list(workbook["制定情况"].iter_rows(values_only=True))
    assert made[1] == ("起草单位", "公布文件数（件）")
    assert (world.east.dept_a.name, 1) in made
    reviews = dict(list(workbook["合法性审核"].iter_rows(values_only=True))[2:])
    assert reviews["审核件次（件次）"] == 1 and reviews["提出审核意见（条）"] == 2
