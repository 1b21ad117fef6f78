"""The staff pages of major decisions: scoped reads (outside the person's reach is 404), each
main form posted through its service, and a refusal shown with its Chinese reason (and article)
with the input kept and nothing saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.major_decisions import services
from fazhi.major_decisions.models import (
    Attachment,
    Catalog,
    CatalogItem,
    Comment,
    CommentPeriod,
    Conflict,
    Decision,
    Evaluation,
    ExecutionReport,
    ExecutionTask,
    Expert,
    ExpertOpinion,
    Hearing,
    RiskAssessment,
)

from .conftest import at

pytestmark = pytest.mark.django_db

BASE = "/workspace/major-decisions"
DAY = date(2026, 1, 6)


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def body(response) -> str:
    return response.content.decode()


def expert(world, name: str = "钱教授", specialties: str = "交通规划、城市管理") -> Expert:
    return services.expert_save(
        actor=world.reviewer,
        unit=world.east.legal_office,
        name=name,
        specialties=specialties,
        affiliation="某大学",
    )


# ---- list, detail, reach ----------------------------------------------------------------------


def test_index_lists_what_the_person_sees_and_filters(world):
    with at(DAY):
        decision = world.start()
        world.start(title="甲区老旧小区改造实施方案")
        page = client_for(world.drafter).get(f"{BASE}/")
        assert page.status_code == 200
        text = body(page)
        assert decision.title in text and "甲区老旧小区改造实施方案" in text
        assert "专家库" in text and "执行任务" in text
        filtered = body(client_for(world.drafter).get(f"{BASE}/", {"q": "老旧小区"}))
        assert "甲区老旧小区改造实施方案" in filtered and decision.title not in filtered
        other = body(client_for(world.outsider).get(f"{BASE}/"))
        assert decision.title not in other
        assert "启动决策程序" in body(client_for(world.clerk).get(f"{BASE}/"))


def test_detail_for_those_in_reach_and_404_outside(world):
    with at(DAY):
        decision = world.start()
        for person in (world.drafter, world.reviewer, world.chief, world.clerk):
            page = client_for(person).get(f"{BASE}/{decision.pk}/")
            assert page.status_code == 200, person
        text = body(client_for(world.drafter).get(f"{BASE}/{decision.pk}/"))
        assert "本轮法定程序" in text and "尚未向社会公开征求意见" in text
        assert "送请合法性审查" in text and 'data-testid="procedure-diagram"' in text
        assert f"{BASE}/{decision.pk}/archive.zip" in text
        assert f"{BASE}/{decision.pk}/accountability/" in text
        assert f'href="{BASE}/figures/"' in body(client_for(world.drafter).get(f"{BASE}/"))
        outsider = client_for(world.outsider)
        assert outsider.get(f"{BASE}/{decision.pk}/").status_code == 404
        assert outsider.get(f"{BASE}/{decision.pk}/edit/").status_code == 404
        assert outsider.get(f"{BASE}/{decision.pk}/risk/").status_code == 404
        response = outsider.post(
            f"{BASE}/{decision.pk}/steps/withdraw/", {"withdraw-reason": "不再需要"}
        )
        assert response.status_code == 404
        assert Decision.objects.get(pk=decision.pk).state == "drafting"


def test_executor_sees_only_after_a_task(world):
    with at(DAY):
        decision = world.start()
        assert client_for(world.executor).get(f"{BASE}/{decision.pk}/").status_code == 404


# ---- starting and editing ---------------------------------------------------------------------


def test_start_outside_the_catalog_needs_a_reason(world):
    with at(DAY):
        client = client_for(world.clerk)
        assert client.get(f"{BASE}/new/").status_code == 200
        data = {
            "body": world.east.district.pk,
            "unit": world.east.dept_a.pk,
            "title": "甲区公共自行车系统建设方案",
            "category": "project",
            "started_on": "2026-01-06",
            "start_basis": "区政府常务会议",
            "outside_catalog_reason": "",
        }
        refused = client.post(f"{BASE}/new/", data)
        assert refused.status_code == 200
        assert "理由" in body(refused) and "甲区公共自行车系统建设方案" in body(refused)
        assert not Decision.objects.filter(title="甲区公共自行车系统建设方案").exists()
        data["outside_catalog_reason"] = "区委部署的年度重点民生工程"
        done = client.post(f"{BASE}/new/", data)
        decision = Decision.objects.get(title="甲区公共自行车系统建设方案")
        assert done.status_code == 302 and done["Location"] == f"{BASE}/{decision.pk}/"
        # a legal reviewer holds no post of a decision body
        assert client_for(world.reviewer).get(f"{BASE}/new/").status_code == 403


def test_edit_saves_through_the_service_and_refuses_after_drafting(world):
    decision = world.start()
    with at(DAY):
        client = client_for(world.drafter)
        assert client.get(f"{BASE}/{decision.pk}/edit/").status_code == 200
        response = client.post(
            f"{BASE}/{decision.pk}/edit/",
            {
                "title": decision.title,
                "category": "policy",
                "draft": "一、目标……",
                "explanation": "说明",
                "legal_basis": "依据",
                "hearing_waiver": "无较大分歧",
                "npc_report_required": "on",
            },
        )
        assert response.status_code == 302
        decision.refresh_from_db()
        assert decision.draft == "一、目标……" and decision.hearing_waiver == "无较大分歧"
        assert decision.npc_report_required
    world.to_reviewing(decision)
    with at(date(2026, 2, 21)):
        refused = client_for(world.drafter).post(
            f"{BASE}/{decision.pk}/edit/",
            {"title": decision.title, "category": "policy", "draft": "改过的草案"},
        )
        assert refused.status_code == 200
        assert "拟订阶段" in body(refused) and "改过的草案" in body(refused)
        decision.refresh_from_db()
        assert "改过的草案" not in decision.draft


# ---- steps ------------------------------------------------------------------------------------


def test_submit_review_refused_names_what_is_missing(world):
    decision = world.start()
    world.fill(decision)
    with at(DAY):
        response = client_for(world.drafter).post(
            f"{BASE}/{decision.pk}/steps/submit_review/",
            {
                "submit_review-unit": world.east.dept_a.pk,
                "submit_review-reviewing_unit": world.east.legal_office.pk,
                "submit_review-expected_version": decision.version,
            },
        )
        assert response.status_code == 200
        text = body(response)
        assert 'data-testid="step-refusal"' in text
        assert "尚未向社会公开征求意见" in text and "第十四条" in text
        assert Decision.objects.get(pk=decision.pk).state == "drafting"


def test_review_opinion_and_the_lead_units_response(world):
    decision = world.start()
    world.to_reviewing(decision)
    with at(date(2026, 3, 3)):
        reviewer = client_for(world.reviewer)
        page = body(reviewer.get(f"{BASE}/{decision.pk}/"))
        assert "出具合法性审查意见" in page
        refused = reviewer.post(
            f"{BASE}/{decision.pk}/steps/review_opinion/",
            {
                "review_opinion-opinion": "amend",
                "review_opinion-opinion_text": "第三条须修改。",
            },
        )
        assert "法律顾问" in body(refused) and "第二十八条" in body(refused)
        assert "第三条须修改。" in body(refused)  # the input is kept
        assert Decision.objects.get(pk=decision.pk).state == "reviewing"
        done = reviewer.post(
            f"{BASE}/{decision.pk}/steps/review_opinion/",
            {
                "review_opinion-opinion": "amend",
                "review_opinion-opinion_text": "第三条须修改。",
                "review_opinion-adviser_opinion": "同意审查意见。",
                "review_opinion-lawyer_opinion": "同意审查意见。",
            },
        )
        assert done.status_code == 302
        assert Decision.objects.get(pk=decision.pk).state == "reviewed"
        drafter = client_for(world.drafter)
        assert 'data-testid="respond-form"' in body(drafter.get(f"{BASE}/{decision.pk}/"))
        empty = drafter.post(f"{BASE}/{decision.pk}/review-response/", {"respond-response": ""})
        assert empty.status_code == 200
        drafter.post(f"{BASE}/{decision.pk}/review-response/", {"respond-response": "已修改。"})
        assert decision.legality_reviews.get().response == "已修改。"


def test_adopt_with_member_views_parsed(world):
    decision = world.start()
    world.to_reviewed(decision)
    with at(date(2026, 3, 10)):
        client = client_for(world.chief)
        data = {
            "adopt-kind": "executive",
            "adopt-meeting": "区政府2026年第8次常务会议",
            "adopt-held_on": "2026-03-10",
            "adopt-chair": "王区长",
            "adopt-views": "李副区长，同意，同意\n赵副区长 不同意",
            "adopt-chair_view": "同意。",
            "adopt-minutes": "会议记录。",
        }
        bad = client.post(f"{BASE}/{decision.pk}/steps/adopt/", data)
        assert "第2行格式不对" in body(bad)
        data["adopt-views"] = "李副区长，同意，同意\n赵副区长，不同意，资金不足"
        refused = client.post(f"{BASE}/{decision.pk}/steps/adopt/", data)
        assert "不同意见" in body(refused) and "第三十条" in body(refused)
        assert Decision.objects.get(pk=decision.pk).state == "reviewed"
        data["adopt-dissent"] = "赵副区长认为资金不足。"
        data["adopt-differs_explanation"] = ""
        done = client.post(f"{BASE}/{decision.pk}/steps/adopt/", data)
        assert done.status_code == 302, body(done)
        assert Decision.objects.get(pk=decision.pk).state == "decided"


# ---- the catalog ------------------------------------------------------------------------------


def test_catalog_create_propose_include_and_submit(world):
    with at(DAY):
        clerk = client_for(world.clerk)
        assert clerk.get(f"{BASE}/catalogs/new/").status_code == 200
        response = clerk.post(
            f"{BASE}/catalogs/new/", {"unit": world.east.district.pk, "year": 2026, "title": ""}
        )
        catalog = Catalog.objects.get()
        assert (
            response.status_code == 302 and response["Location"] == f"{BASE}/catalogs/{catalog.pk}/"
        )
        again = clerk.post(f"{BASE}/catalogs/new/", {"unit": world.east.district.pk, "year": 2026})
        assert again.status_code == 200 and "已经存在" in body(again)
        assert Catalog.objects.count() == 1

        refused = clerk.post(
            f"{BASE}/catalogs/{catalog.pk}/steps/submit/",
            {"submit-unit": world.east.district.pk, "submit-expected_version": catalog.version},
        )
        assert "还没有列入任何决策事项" in body(refused) and "第三条第三款" in body(refused)

        proposed = clerk.post(
            f"{BASE}/catalogs/{catalog.pk}/items/",
            {
                "propose-proposed_by": world.east.district.pk,
                "propose-title": "甲区停车设施建设三年行动方案",
                "propose-category": "policy",
                "propose-reason": "涉及群众切身利益",
                "propose-lead_unit": world.east.dept_a.pk,
                "propose-planned": "2026年第三季度",
            },
        )
        assert proposed.status_code == 302, body(proposed)
        item = CatalogItem.objects.get()
        assert item.state == "proposed"
        # the lead unit now sees the catalog
        assert client_for(world.drafter).get(f"{BASE}/catalogs/{catalog.pk}/").status_code == 200

        no_reason = clerk.post(f"{BASE}/items/{item.pk}/decide/", {f"item{item.pk}-include": "0"})
        assert no_reason.status_code == 200
        assert CatalogItem.objects.get().state == "proposed"
        clerk.post(f"{BASE}/items/{item.pk}/decide/", {f"item{item.pk}-include": "1"})
        assert CatalogItem.objects.get().state == "included"

        submitted = clerk.post(
            f"{BASE}/catalogs/{catalog.pk}/steps/submit/",
            {"submit-unit": world.east.district.pk},
        )
        assert submitted.status_code == 302
        assert Catalog.objects.get().state == "submitted"
        assert client_for(world.outsider).get(f"{BASE}/catalogs/{catalog.pk}/").status_code == 404


# ---- participation ----------------------------------------------------------------------------


def test_comment_period_needs_30_days_unless_shortened(world):
    decision = world.start()
    world.fill(decision)
    with at(DAY):
        client = client_for(world.drafter)
        assert client.get(f"{BASE}/{decision.pk}/periods/new/").status_code == 200
        data = {"opens_on": "2026-01-06", "closes_on": "2026-01-20", "how_to_comment": "网站"}
        refused = client.post(f"{BASE}/{decision.pk}/periods/new/", data)
        assert refused.status_code == 200 and "第十五条" in body(refused)
        assert not CommentPeriod.objects.exists()
        data["closes_on"] = "2026-02-10"
        done = client.post(f"{BASE}/{decision.pk}/periods/new/", data)
        period = CommentPeriod.objects.get()
        assert done["Location"] == f"{BASE}/periods/{period.pk}/"

        entered = client.post(
            f"{BASE}/periods/{period.pk}/comments/",
            {
                "entry-channel": "letter",
                "entry-name": "李四",
                "entry-contact": "13800000000",
                "entry-text": "建议延长开放时间。",
            },
        )
        assert entered.status_code == 302
        comment = Comment.objects.get()
        page = body(client.get(f"{BASE}/periods/{period.pk}/"))
        assert "李四" in page and "13800000000" in page  # staff see who wrote

        client.post(
            f"{BASE}/comments/{comment.pk}/reply/",
            {f"comment{comment.pk}-reply": "partly", f"comment{comment.pk}-reason": "部分可行"},
        )
        assert Comment.objects.get().reply == "partly"
        early = client.post(
            f"{BASE}/periods/{period.pk}/feedback/", {"feedback-feedback": "已采纳"}
        )
        assert early.status_code == 200
        assert CommentPeriod.objects.get().feedback_published_on is None
        assert client_for(world.outsider).get(f"{BASE}/periods/{period.pk}/").status_code == 404


# ---- hearings ---------------------------------------------------------------------------------


def test_hearing_announce_participants_and_cancel(world):
    decision = world.start()
    world.fill(decision)
    with at(DAY):
        client = client_for(world.drafter)
        data = {
            "held_on": "2026-01-08",
            "time": "上午9:30",
            "place": "区政府第一会议室",
            "selection_method": "自愿报名、随机选取",
        }
        refused = client.post(f"{BASE}/{decision.pk}/hearings/new/", data)
        assert refused.status_code == 200 and "第十六条第三款" in body(refused)
        assert "区政府第一会议室" in body(refused)  # the input is kept
        assert not Hearing.objects.exists()
        data["held_on"] = "2026-02-10"
        done = client.post(f"{BASE}/{decision.pk}/hearings/new/", data)
        hearing = Hearing.objects.get()
        assert done["Location"] == f"{BASE}/hearings/{hearing.pk}/"
        bad = client.post(
            f"{BASE}/hearings/{hearing.pk}/participants/",
            {"participants-participants": "张三"},
        )
        assert "第1行格式不对" in body(bad)
        client.post(
            f"{BASE}/hearings/{hearing.pk}/participants/",
            {"participants-participants": "张三，居民代表\n李四，企业代表"},
        )
        hearing.refresh_from_db()
        assert [p["name"] for p in hearing.participants] == ["张三", "李四"]
        no_reason = client.post(f"{BASE}/hearings/{hearing.pk}/cancel/", {"cancel-reason": ""})
        assert no_reason.status_code == 200
        client.post(f"{BASE}/hearings/{hearing.pk}/cancel/", {"cancel-reason": "草案调整"})
        assert Hearing.objects.get().state == "cancelled"
        assert client_for(world.outsider).get(f"{BASE}/hearings/{hearing.pk}/").status_code == 404


# ---- experts ----------------------------------------------------------------------------------


def test_expert_pool_is_managed_by_the_legal_office(world):
    with at(DAY):
        reviewer = client_for(world.reviewer)
        assert reviewer.get(f"{BASE}/experts/new/").status_code == 200
        response = reviewer.post(
            f"{BASE}/experts/new/",
            {
                "expert-unit": world.east.legal_office.pk,
                "expert-name": "孙教授",
                "expert-specialties": "法学",
                "expert-affiliation": "某大学法学院",
                "expert-phone": "13900000000",
                "expert-active": "on",
            },
        )
        found = Expert.objects.get()
        assert response["Location"] == f"{BASE}/experts/{found.pk}/"
        assert "13900000000" in body(reviewer.get(f"{BASE}/experts/"))
        drafter = client_for(world.drafter)
        listing = body(drafter.get(f"{BASE}/experts/"))
        assert "孙教授" in listing and "13900000000" not in listing
        assert drafter.get(f"{BASE}/experts/new/").status_code == 403


def test_expert_review_select_conflicted_refused_draw_and_conclude(world):
    decision = world.start()
    with at(DAY):
        conflicted = expert(world, "钱教授")
        expert(world, "赵研究员")
        client_for(world.reviewer).post(
            f"{BASE}/experts/{conflicted.pk}/conflicts/",
            {"conflict-description": "曾为该项目提供咨询", "conflict-decision": decision.pk},
        )
        assert Conflict.objects.filter(expert=conflicted).exists()
        drafter = client_for(world.drafter)
        started = drafter.post(
            f"{BASE}/{decision.pk}/expert-reviews/", {"expert-method": "meeting"}
        )
        review = decision.expert_reviews.get()
        assert started["Location"] == f"{BASE}/expert-reviews/{review.pk}/"
        page = body(drafter.get(f"{BASE}/expert-reviews/{review.pk}/"))
        assert "赵研究员" in page
        refused = drafter.post(
            f"{BASE}/expert-reviews/{review.pk}/select/", {"select-expert": conflicted.pk}
        )
        assert refused.status_code == 200 and "第二十条" in body(refused)
        assert not ExpertOpinion.objects.exists()
        too_many = drafter.post(
            f"{BASE}/expert-reviews/{review.pk}/draw/", {"draw-specialty": "", "draw-count": 3}
        )
        assert "只有1人" in body(too_many) and not ExpertOpinion.objects.exists()
        drawn = drafter.post(
            f"{BASE}/expert-reviews/{review.pk}/draw/", {"draw-specialty": "", "draw-count": 1}
        )
        assert drawn.status_code == 302
        opinion = ExpertOpinion.objects.get()
        assert opinion.expert.name == "赵研究员"
        drafter.post(
            f"{BASE}/opinions/{opinion.pk}/",
            {
                f"opinion{opinion.pk}-text": "方案可行。",
                f"opinion{opinion.pk}-signed": "on",
                f"opinion{opinion.pk}-submitted_on": "2026-01-06",
            },
        )
        assert ExpertOpinion.objects.get().signed
        drafter.post(
            f"{BASE}/expert-reviews/{review.pk}/conclude/",
            {"conclude-adoption": "已采纳。", "conclude-held_on": "2026-01-06"},
        )
        review.refresh_from_db()
        assert review.adoption == "已采纳。"
        outsider = client_for(world.outsider)
        assert outsider.get(f"{BASE}/expert-reviews/{review.pk}/").status_code == 404


# ---- risk, attachments ------------------------------------------------------------------------


def test_risk_assessment_form(world):
    decision = world.start()
    with at(DAY):
        client = client_for(world.drafter)
        assert "社会稳定风险" in body(client.get(f"{BASE}/{decision.pk}/risk/"))
        data = {
            "assessor": "区交通委",
            "methods": "问卷调查、座谈",
            "level_social_stability": "low",
            "points_social_stability": "施工扰民",
            "level": "low",
            "controllable": "1",
            "measures": "错峰施工",
            "contingency": "应急预案",
            "departments_heard": "已听取区公安分局意见",
            "reported_on": "2026-01-06",
        }
        missing = client.post(f"{BASE}/{decision.pk}/risk/", {**data, "measures": ""})
        assert missing.status_code == 200 and not RiskAssessment.objects.exists()
        done = client.post(f"{BASE}/{decision.pk}/risk/", data)
        assert done.status_code == 302, body(done)
        risk = RiskAssessment.objects.get()
        assert risk.dimensions["social_stability"]["points"] == "施工扰民"
        assert "施工扰民" in body(client.get(f"{BASE}/{decision.pk}/"))


def test_attachment_refused_type_shows_the_message(world):
    decision = world.start()
    with at(DAY):
        client = client_for(world.drafter)
        fake = SimpleUploadedFile("报告.pdf", b"not a pdf at all", content_type="application/pdf")
        refused = client.post(
            f"{BASE}/{decision.pk}/attachments/",
            {
                "attachment-kind": "risk",
                "attachment-title": "风险评估报告",
                "attachment-upload": fake,
            },
        )
        assert refused.status_code == 200 and "未保存" in body(refused)
        assert not Attachment.objects.exists()
        text = SimpleUploadedFile("说明.txt", "决策草案说明。".encode(), content_type="text/plain")
        done = client.post(
            f"{BASE}/{decision.pk}/attachments/",
            {"attachment-kind": "draft", "attachment-title": "起草说明", "attachment-upload": text},
        )
        assert done.status_code == 302
        assert Attachment.objects.get().title == "起草说明"


# ---- execution and evaluation -----------------------------------------------------------------


def test_tasks_reports_and_evaluation(world):
    decision = world.start()
    world.to_executing(decision)
    with at(date(2026, 3, 23)):
        clerk = client_for(world.clerk)
        assert "明确执行任务" in body(clerk.get(f"{BASE}/{decision.pk}/"))
        created = clerk.post(
            f"{BASE}/{decision.pk}/tasks/",
            {
                "task-unit": world.east.dept_b.pk,
                "task-target": "建成立体停车库2座",
                "task-due_on": "2026-12-31",
                "task-report_every_days": 90,
            },
        )
        assert created.status_code == 302, body(created)
        task = ExecutionTask.objects.get()
        executor = client_for(world.executor)
        assert "建成立体停车库2座" in body(executor.get(f"{BASE}/tasks/"))
        assert executor.get(f"{BASE}/{decision.pk}/").status_code == 200
        reported = executor.post(
            f"{BASE}/tasks/{task.pk}/",
            {"progress": "已开工1座。", "problem": "on", "problem_text": "用地指标不足"},
        )
        assert reported.status_code == 302, body(reported)
        assert ExecutionReport.objects.get().problem
        assert client_for(world.outsider).get(f"{BASE}/tasks/{task.pk}/").status_code == 404

        refused = clerk.post(
            f"{BASE}/{decision.pk}/evaluations/new/",
            {
                "trigger": "necessary",
                "trigger_note": "执行中出现用地问题",
                "evaluator_unit": world.east.dept_a.pk,
            },
        )
        assert refused.status_code == 200 and "第三十六条" in body(refused)
        assert not Evaluation.objects.exists()
        started = clerk.post(
            f"{BASE}/{decision.pk}/evaluations/new/",
            {
                "trigger": "necessary",
                "trigger_note": "执行中出现用地问题",
                "third_party": "某研究院",
            },
        )
        evaluation = Evaluation.objects.get()
        assert started["Location"] == f"{BASE}/evaluations/{evaluation.pk}/"
        recorded = clerk.post(
            f"{BASE}/evaluations/{evaluation.pk}/",
            {"report": "评估报告。", "conclusion": "continue", "follow_up": "继续执行。"},
        )
        assert recorded.status_code == 302, body(recorded)
        assert Evaluation.objects.get().conclusion == "continue"


def test_pages_of_a_decision_render(world):
    decision = world.start()
    world.to_executing(decision)
    with at(date(2026, 3, 23) + timedelta(days=1)):
        client = client_for(world.drafter)
        for path in ("", "risk/", "periods/new/", "hearings/new/"):
            assert client.get(f"{BASE}/{decision.pk}/{path}").status_code == 200, path
        period = decision.comment_periods.get()
        assert client.get(f"{BASE}/periods/{period.pk}/").status_code == 200
        assert client.get(f"{BASE}/tasks/").status_code == 200
        assert client.get(f"{BASE}/experts/").status_code == 200


def _propose(world, catalog, title):
    return services.item_propose(
        actor=world.drafter,
        catalog=catalog,
        proposed_by=world.east.dept_a,
        title=title,
        category="policy",
        reason="涉及群众切身利益",
        lead_unit=world.east.dept_a,
        planned="2026年年底",
    )


def test_catalog_agree_publish_and_adjust(world):
    with at(DAY):
        catalog = services.catalog_create(actor=world.clerk, unit=world.east.district, year=2026)
        first = _propose(world, catalog, "甲区停车设施建设三年行动方案")
        services.item_decide(actor=world.clerk, item=first, include=True)
        services.catalog_step(
            actor=world.clerk, unit=world.east.district, catalog=catalog, step_code="submit"
        )
        clerk = client_for(world.clerk)
        url = f"{BASE}/catalogs/{catalog.pk}/steps/agree/"
        refused = clerk.post(url, {"agree-agreed_on": "2026-01-06"})
        assert "党委同意的文件或会议" in body(refused)
        assert Catalog.objects.get().state == "submitted"
        clerk.post(
            url, {"agree-agreed_on": "2026-01-06", "agree-party_agreement": "区委常委会第1次会议"}
        )
        assert Catalog.objects.get().state == "agreed"
        clerk.post(
            f"{BASE}/catalogs/{catalog.pk}/steps/publish/", {"publish-published_on": "2026-01-06"}
        )
        assert Catalog.objects.get().state == "published"
        second = _propose(world, catalog, "甲区老旧小区改造实施方案")
        adjust = f"{BASE}/catalogs/{catalog.pk}/adjust/"
        empty = clerk.post(
            adjust, {"adjust-reason": "区委部署", "adjust-published_on": "2026-01-06"}
        )
        assert "至少增列或调出一项" in body(empty) and "区委部署" in body(empty)
        assert not catalog.adjustments.exists()
        done = clerk.post(
            adjust,
            {
                "adjust-add": [second.pk],
                "adjust-reason": "区委部署",
                "adjust-published_on": "2026-01-06",
            },
        )
        assert done.status_code == 302, body(done)
        assert CatalogItem.objects.get(pk=second.pk).state == "included"
        page = body(client_for(world.drafter).get(f"{BASE}/catalogs/{catalog.pk}/"))
        assert "第1次调整" in page and "启动决策程序" not in page  # the drafter is no body
        assert f"new/?item={first.pk}" in body(clerk.get(f"{BASE}/catalogs/{catalog.pk}/"))
        started = clerk.get(f"{BASE}/new/", {"item": first.pk})
        assert started.status_code == 200 and "甲区停车设施建设三年行动方案" in body(started)


LOCAL = [
    {
        "code": "consult",
        "label": "征求区人大常委会意见",
        "before": "adopt",
        "basis": "某区规定第十二条",
    }
]


def test_local_steps_are_recorded(world, settings):
    settings.FAZHI_DECISION_LOCAL_STEPS = LOCAL
    decision = world.start()
    with at(DAY):
        client = client_for(world.drafter)
        page = body(client.get(f"{BASE}/{decision.pk}/"))
        assert "征求区人大常委会意见" in page and "某区规定第十二条" in page
        missing = client.post(
            f"{BASE}/{decision.pk}/local-steps/",
            {"local-code": "consult", "local-done_on": "2026-01-06", "local-note": ""},
        )
        assert missing.status_code == 200 and not decision.local_steps.exists()
        done = client.post(
            f"{BASE}/{decision.pk}/local-steps/",
            {"local-code": "consult", "local-done_on": "2026-01-06", "local-note": "已书面征求"},
        )
        assert done.status_code == 302, body(done)
        assert decision.local_steps.get().label == "征求区人大常委会意见"


def test_index_queries_do_not_grow_with_the_list(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with at(DAY):
        world.start()
        client = client_for(world.drafter)
        client.get(f"{BASE}/")
        with CaptureQueriesContext(connection) as one:
            client.get(f"{BASE}/")
        for number in range(5):
            world.start(title=f"甲区第{number}项决策")
        with CaptureQueriesContext(connection) as six:
            client.get(f"{BASE}/")
        assert len(six) == len(one)
