"""The decision procedure: every guard with its article (重大行政决策程序暂行条例, 2019), the
order of the steps, rounds after a major adjustment, and who may act."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from fazhi.ledger.models import LedgerEntry
from fazhi.major_decisions import selectors, services
from fazhi.major_decisions.models import Decision, Discussion, LegalityReview
from fazhi.procedures.models import StepRecord
from fazhi.procedures.services import StepForbidden, StepRefused

from .conftest import at

LAW = "《重大行政决策程序暂行条例》（2019年）"


def refused(excinfo) -> str:
    return str(excinfo.value)


# ---- the happy path ---------------------------------------------------------------------------


def test_a_decision_goes_from_start_to_execution(world):
    decision = world.start()
    world.to_executing(decision)
    decision.refresh_from_db()
    assert decision.state == "executing"
    assert decision.decided_on == date(2026, 3, 10)
    assert decision.party_reported_on == date(2026, 3, 16)
    assert decision.published_on == date(2026, 3, 20)
    steps = list(
        StepRecord.objects.filter(object_id=decision.pk, procedure_id="major_decisions.decision")
        .order_by("version")
        .values_list("step", flat=True)
    )
    assert steps == ["submit_review", "review_opinion", "adopt", "report_party", "publish"]
    discussion = Discussion.objects.get(decision=decision)
    assert discussion.outcome == "adopted" and discussion.views[0]["name"] == "李副区长"
    # Every act is one history: the decision's ledger entries (第三十三条).
    assert LedgerEntry.objects.filter(record_type="major_decisions.decision").count() >= 10


def test_the_ledger_keeps_names_and_opinions_as_digests(world):
    decision = world.start()
    world.to_decided(decision)
    contents = " ".join(
        f"{e.changes} {e.note}" for e in LedgerEntry.objects.filter(record_id=str(decision.pk))
    )
    for secret in ("李副区长", "同意，注意资金保障", "法律顾问：同意", "张三", "建议增加充电桩"):
        assert secret not in contents


# ---- drafting → legality review (第十四–二十六条) -------------------------------------------


def test_review_needs_the_draft_materials(world):
    decision = world.start()
    world.waive_all(decision)
    with at(date(2026, 2, 20)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    message = refused(excinfo)
    assert "送审材料缺少决策草案、决策草案说明、法律、法规、规章等依据" in message
    assert f"{LAW}第二十六条第一款" in message


def test_review_needs_public_participation(world):
    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    with at(date(2026, 1, 6)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    assert "尚未向社会公开征求意见" in refused(excinfo)
    assert "第十四条、第十五条、第十八条" in refused(excinfo)


def test_review_waits_for_the_period_every_reply_and_the_feedback(world):
    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    with at(date(2026, 1, 6)):
        period = services.comment_period_open(
            actor=world.drafter,
            decision=decision,
            opens_on=date(2026, 1, 6),
            closes_on=date(2026, 2, 10),
        )
        services.comment_submit(period=period, text="请公开资金安排。", client="10.0.0.9")
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    assert "公开征求意见尚未结束" in refused(excinfo)
    with at(date(2026, 2, 11)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    assert "尚有1条意见未答复采纳情况" in refused(excinfo)
    assert "意见采纳情况尚未公布" in refused(excinfo)


def test_a_matter_not_to_be_disclosed_skips_public_comment(world):
    decision = world.start()
    world.fill(decision, not_public_reason="涉及国家秘密，依法不予公开")
    world.waive_all(decision)
    with at(date(2026, 1, 6)):
        with pytest.raises(ValidationError) as excinfo:
            services.comment_period_open(
                actor=world.drafter,
                decision=decision,
                opens_on=date(2026, 1, 6),
                closes_on=date(2026, 2, 10),
            )
        assert "依法不予公开" in refused(excinfo) and "第十四条第一款" in refused(excinfo)
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    assert decision.state == "reviewing"


@pytest.mark.parametrize(
    ("waiver", "message", "article"),
    [
        ("hearing_waiver", "尚未召开听证会", "第十六条、第十七条"),
        ("expert_waiver", "尚未组织专家论证", "第十九条"),
        ("risk_waiver", "尚未开展风险评估", "第二十二条、第二十四条"),
    ],
)
def test_conditional_steps_are_required_unless_waived_with_a_reason(
    world, waiver, message, article
):
    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    services.decision_update(actor=world.drafter, decision=decision, **{waiver: ""})
    world.comment_round(decision)
    with at(date(2026, 2, 20)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    assert message in refused(excinfo) and article in refused(excinfo)


def test_an_uncontrollable_risk_stops_the_decision(world):
    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    services.decision_update(actor=world.drafter, decision=decision, risk_waiver="")
    world.comment_round(decision)
    risk = {
        "assessor": "区委政法委",
        "methods": "重点走访、会商分析",
        "dimensions": {"social_stability": {"level": "high", "points": "拆除既有车位引发矛盾"}},
        "level": "high",
        "measures": "分批实施",
        "contingency": "应急处置预案",
        "departments_heard": "区信访办、区公安分局",
    }
    with at(date(2026, 2, 16)):
        services.risk_assess(
            actor=world.drafter,
            decision=decision,
            controllable=False,
            reported_on=date(2026, 2, 16),
            **risk,
        )
    with at(date(2026, 2, 20)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    assert "风险不可控" in refused(excinfo) and "第二十四条" in refused(excinfo)
    with at(date(2026, 2, 20)):
        services.risk_assess(
            actor=world.drafter,
            decision=decision,
            controllable=True,
            reported_on=date(2026, 2, 20),
            **{**risk, "level": "medium"},
        )
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    assert decision.state == "reviewing"


def test_review_goes_to_the_legal_affairs_office(world):
    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    world.comment_round(decision)
    with at(date(2026, 2, 20)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "submit_review", reviewing_unit=world.east.dept_b.pk)
    assert "合法性审查须送司法行政部门" in refused(excinfo)


@override_settings(
    FAZHI_DECISION_LOCAL_STEPS=[
        {
            "code": "npc_opinion",
            "label": "征求区人大常委会意见",
            "before": "submit_review",
            "basis": "某区重大行政决策程序规定第十二条",
        }
    ]
)
def test_a_districts_own_steps_are_required_where_configured(world):
    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    world.comment_round(decision)
    with at(date(2026, 2, 20)):
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
        assert "尚未办理“征求区人大常委会意见”（某区重大行政决策程序规定第十二条）" in refused(
            excinfo
        )
        with pytest.raises(ValidationError):
            services.local_step_record(
                actor=world.drafter,
                decision=decision,
                code="unknown",
                done_on=date(2026, 2, 20),
                note="x",
            )
        services.local_step_record(
            actor=world.drafter,
            decision=decision,
            code="npc_opinion",
            done_on=date(2026, 2, 19),
            note="已书面征求意见。",
        )
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    assert decision.state == "reviewing"


# ---- the legality review (第二十五–二十八条) -------------------------------------------------


def test_review_takes_at_least_seven_working_days(world):
    decision = world.start()
    world.to_reviewing(decision, day=date(2026, 2, 20))  # a Friday
    with pytest.raises(StepRefused) as excinfo:
        world.review(decision, day=date(2026, 2, 26))
    message = refused(excinfo)
    assert "一般不少于7个工作日" in message and "第二十六条第二款" in message
    world.review(decision, day=date(2026, 3, 3))
    assert decision.state == "reviewed"


def test_an_urgent_review_may_be_shorter_with_the_reason(world):
    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    world.comment_round(decision)
    with at(date(2026, 2, 20)):
        world.step(
            decision,
            "submit_review",
            reviewing_unit=world.east.legal_office.pk,
            urgent_reason="汛期前必须完成",
        )
    world.review(decision, day=date(2026, 2, 23))
    assert decision.state == "reviewed"


def test_review_hears_the_legal_adviser_and_the_public_sector_lawyer(world):
    decision = world.start()
    world.to_reviewing(decision)
    with at(date(2026, 3, 3)), pytest.raises(StepRefused) as excinfo:
        world.step(
            decision,
            "review_opinion",
            world.reviewer,
            opinion="lawful",
            opinion_text="合法。",
            adviser_opinion="同意",
        )
    assert "应当组织公职律师提出法律意见" in refused(excinfo)
    assert "第二十八条" in refused(excinfo)


def test_only_the_legal_affairs_office_reviews(world):
    decision = world.start()
    world.to_reviewing(decision)
    with at(date(2026, 3, 3)), pytest.raises(StepForbidden):
        world.step(
            decision,
            "review_opinion",
            world.drafter,
            opinion="lawful",
            opinion_text="合法。",
            adviser_opinion="同意",
            lawyer_opinion="同意",
        )


def test_legal_risk_only_for_exploratory_reforms(world):
    decision = world.start()
    world.to_reviewing(decision)
    with pytest.raises(StepRefused) as excinfo:
        world.review(decision, opinion="legal_risk")
    assert "探索性改革决策事项" in refused(excinfo) and "第二十五条第二款" in refused(excinfo)


def test_unlawful_draft_cannot_go_to_discussion(world):
    decision = world.start()
    world.to_reviewing(decision)
    with at(date(2026, 3, 3)):
        world.step(
            decision,
            "review_unlawful",
            world.reviewer,
            opinion_text="超越法定权限。",
            adviser_opinion="不同意",
            lawyer_opinion="不同意",
        )
    assert decision.state == "drafting"
    assert LegalityReview.objects.get(decision=decision).opinion == "unlawful"
    with at(date(2026, 3, 10)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "adopt", world.chief, **world.meeting())
    message = refused(excinfo)
    assert "只能在“待集体讨论”时办理" in message and "第三十条" in message


def test_a_comment_round_never_replaces_the_review(world):
    """Out of order: straight from drafting (comments done) to the discussion is refused."""
    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    world.comment_round(decision)
    with at(date(2026, 3, 10)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "adopt", world.chief, **world.meeting())
    assert "当前为“拟订中”" in refused(excinfo)


def test_an_amend_opinion_needs_the_drafters_response(world):
    decision = world.start()
    world.to_reviewing(decision)
    world.review(decision, opinion="amend")
    with at(date(2026, 3, 10)):
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "adopt", world.chief, **world.meeting())
        assert "根据合法性审查意见进行调整或者补充" in refused(excinfo)
        assert "第二十八条" in refused(excinfo)
        services.review_respond(
            actor=world.drafter, decision=decision, response="已删除第三条第二款。"
        )
        world.step(decision, "adopt", world.chief, **world.meeting())
    assert decision.state == "decided"


# ---- the collective discussion (第二十九–三十一条) -------------------------------------------


def test_only_the_executive_or_plenary_meeting_decides(world):
    decision = world.start()
    world.to_reviewed(decision)
    with at(date(2026, 3, 10)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "adopt", world.chief, **world.meeting(kind="office"))
    assert "常务会议或者全体会议" in refused(excinfo) and "第三十条第一款" in refused(excinfo)


def test_the_chair_explains_a_decision_against_the_majority(world):
    decision = world.start()
    world.to_reviewed(decision)
    views = [
        {"name": "李副区长", "view": "disagree", "text": "资金不足。"},
        {"name": "赵副区长", "view": "disagree", "text": "时机不成熟。"},
        {"name": "钱副区长", "view": "agree", "text": "同意。"},
    ]
    with at(date(2026, 3, 10)):
        with pytest.raises(StepRefused) as excinfo:
            world.step(
                decision, "adopt", world.chief, **world.meeting(views=views, dissent="两人反对")
            )
        assert "应当在会上说明理由" in refused(excinfo)
        assert "第三十条第二款" in refused(excinfo)
        world.step(
            decision,
            "adopt",
            world.chief,
            **world.meeting(
                views=views, dissent="两人反对", differs_explanation="群众诉求迫切，资金可统筹。"
            ),
        )
    assert decision.state == "decided"


def test_dissent_is_minuted(world):
    decision = world.start()
    world.to_reviewed(decision)
    views = [
        {"name": "李副区长", "view": "agree", "text": ""},
        {"name": "赵副区长", "view": "disagree", "text": "反对。"},
        {"name": "钱副区长", "view": "agree", "text": ""},
    ]
    with at(date(2026, 3, 10)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "adopt", world.chief, **world.meeting(views=views))
    assert "不同意见" in refused(excinfo) and "第三十条第三款" in refused(excinfo)


def test_business_matters_carry_the_fair_competition_position(world):
    decision = world.start()
    world.fill(decision, concerns_business=True)
    world.to_reviewed(decision)
    with at(date(2026, 3, 10)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "adopt", world.chief, **world.meeting())
    assert "公平竞争审查" in refused(excinfo) and "第二十九条" in refused(excinfo)


def test_the_decision_body_decides_not_the_drafting_unit(world):
    decision = world.start()
    world.to_reviewed(decision)
    with at(date(2026, 3, 10)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "adopt", world.drafter, **world.meeting())
    assert "须由决策机关（甲区人民政府）办理" in refused(excinfo)


def test_defer_returns_to_drafting_and_reject_ends(world):
    decision = world.start()
    world.to_reviewed(decision)
    with at(date(2026, 3, 10)):
        world.step(decision, "defer", world.chief, **world.meeting())
    assert decision.state == "drafting"
    other = world.start(title="另一事项")
    world.to_reviewed(other)
    with at(date(2026, 3, 10)):
        with pytest.raises(StepRefused):  # everyone agreed: a rejection must be explained
            world.step(other, "reject", world.chief, **world.meeting())
        world.step(
            other,
            "reject",
            world.chief,
            **world.meeting(differs_explanation="财力不足以支撑，暂不实施。"),
        )
    assert other.state == "rejected"


# ---- after the decision (第八、三十一、三十二条) --------------------------------------------


def test_a_decision_reported_to_the_npc_where_required(world):
    decision = world.start()
    world.fill(decision, npc_report_required=True)
    world.to_decided(decision)
    with at(date(2026, 3, 16)):
        world.step(decision, "report_party", world.chief, reported_on=date(2026, 3, 16))
        data = {
            "published_on": date(2026, 3, 16),
            "publication": "全文",
            "adoption_note": "采纳情况",
            "channels": "网站",
        }
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "publish", world.chief, **data)
        assert "人民代表大会常务委员会报告" in refused(excinfo)
        assert "第八条第一款" in refused(excinfo)
        world.step(decision, "report_npc", world.chief, reported_on=date(2026, 3, 16))
        world.step(decision, "publish", world.chief, **data)
    assert decision.state == "executing"


def test_a_step_cannot_be_dated_in_the_future(world):
    decision = world.start()
    world.to_decided(decision)
    with at(date(2026, 3, 16)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "report_party", world.chief, reported_on=date(2026, 4, 1))
    assert "不能晚于今天" in refused(excinfo)


def test_a_public_decision_is_published_not_executed_silently(world):
    decision = world.start()
    world.to_decided(decision)
    with at(date(2026, 3, 16)):
        world.step(decision, "report_party", world.chief, reported_on=date(2026, 3, 16))
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "execute_unpublished", world.chief, reason="不想公开")
    assert "应当公布" in refused(excinfo) and "第三十二条" in refused(excinfo)


# ---- execution and adjustment (第三十四–三十七条) -------------------------------------------


def test_stop_needs_a_collective_decision_and_suspend_the_head(world):
    decision = world.start()
    world.to_executing(decision)
    with at(date(2026, 6, 1)):
        with pytest.raises(StepForbidden):
            world.step(decision, "suspend", world.clerk, reason="情况紧急", situation="不可抗力")
        world.step(decision, "suspend", world.chief, reason="暴雨致工程停工", situation="不可抗力")
        assert decision.state == "suspended"
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "stop", world.chief, reason="不再需要")
        assert "集体讨论决定" in refused(excinfo) and "第三十七条" in refused(excinfo)
        world.step(
            decision,
            "stop",
            world.chief,
            reason="评估认为应当停止",
            meeting="区政府第20次常务会议",
            held_on=date(2026, 6, 1),
        )
    assert decision.state == "stopped"


def test_completion_needs_every_task_done(world):
    decision = world.start()
    world.to_executing(decision)
    with at(date(2026, 3, 20)):
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "complete", world.chief)
        assert "尚未明确决策执行任务" in refused(excinfo)
        task = services.task_create(
            actor=world.clerk,
            decision=decision,
            unit=world.east.dept_b,
            target="建成立体停车楼2座",
            due_on=date(2026, 12, 31),
        )
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "complete", world.chief)
        assert "尚有1项执行任务未完成" in refused(excinfo)
    with at(date(2026, 9, 1)):
        services.task_report(actor=world.executor, task=task, progress="已建成。", done=True)
        world.step(decision, "complete", world.chief)
    assert decision.state == "completed"


def test_a_major_adjustment_repeats_the_procedure_in_a_new_round(world):
    decision = world.start()
    world.to_executing(decision)
    with at(date(2026, 6, 1)):
        world.step(decision, "revise", world.chief, reason="评估认为需调整建设规模")
    decision.refresh_from_db()
    assert (decision.state, decision.round) == ("drafting", 2)
    # The first round's participation does not count for the second.
    with at(date(2026, 6, 1)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    assert "尚未向社会公开征求意见" in refused(excinfo)
    assert [r for r, missing in selectors.checklist(decision) if missing] == [
        "公众参与",
        "合法性审查",
    ]


def test_withdrawal_by_the_body_with_the_reason(world):
    decision = world.start()
    with at(date(2026, 1, 10)):
        with pytest.raises(StepRefused):
            world.step(decision, "withdraw", world.chief, reason="")
        world.step(decision, "withdraw", world.chief, reason="上级政策调整，不再决策")
    assert decision.state == "withdrawn"


# ---- who may act -----------------------------------------------------------------------------


def test_people_outside_reach_neither_see_nor_act(world):
    decision = world.start()
    world.fill(decision)
    assert not selectors.decisions_for(world.outsider).filter(pk=decision.pk).exists()
    assert selectors.decisions_for(world.drafter).filter(pk=decision.pk).exists()
    assert selectors.decisions_for(world.reviewer).filter(pk=decision.pk).exists()
    assert not selectors.decisions_for(world.executor).filter(pk=decision.pk).exists()
    with pytest.raises(PermissionDenied):
        services.decision_update(actor=world.outsider, decision=decision, draft="篡改")
    with pytest.raises(PermissionDenied):
        services.decision_update(actor=world.executor, decision=decision, draft="篡改")
    decision.refresh_from_db()
    assert decision.draft != "篡改"


def test_an_execution_unit_sees_the_decision_it_executes(world):
    decision = world.start()
    world.to_executing(decision)
    with at(date(2026, 3, 20)):
        services.task_create(
            actor=world.clerk,
            decision=decision,
            unit=world.east.dept_b,
            target="目标",
            due_on=date(2026, 12, 31),
        )
    assert selectors.decisions_for(world.executor).filter(pk=decision.pk).exists()
    assert selectors.tasks_for(world.executor).count() == 1


def test_a_draft_cannot_be_edited_after_it_left_drafting(world):
    decision = world.start()
    world.to_reviewing(decision)
    with at(date(2026, 2, 21)), pytest.raises(ValidationError) as excinfo:
        services.decision_update(actor=world.drafter, decision=decision, draft="改")
    assert "拟订阶段" in refused(excinfo)


def test_start_outside_the_catalog_needs_the_reason(world):
    with at(date(2026, 1, 6)), pytest.raises(ValidationError) as excinfo:
        world.start(outside_catalog_reason="")
    assert "目录外事项的理由" in refused(excinfo)
    assert not Decision.objects.exists()


def test_start_with_a_future_date_or_a_bad_category_is_refused(world):
    with at(date(2026, 1, 6)):
        with pytest.raises(ValidationError):
            world.start(started_on=date(2026, 1, 5) + timedelta(days=30))
        with pytest.raises(ValidationError) as excinfo:
            world.start(category="budget")
    assert "第三条第一款" in refused(excinfo)
    assert not Decision.objects.exists()


def test_a_reviewer_in_a_division_of_the_legal_affairs_office_reviews(world):
    from fazhi.core.models import Role, UnitKind
    from fazhi.core.tests.factories import PersonFactory, UnitFactory

    with at(date(2026, 1, 5)):
        division = UnitFactory(
            parent=world.east.legal_office, kind=UnitKind.DIVISION, name="甲区司法局法治督察科"
        )
        reviewer = PersonFactory(unit=division, role=Role.LEGAL_REVIEWER, name="科室审查人")
    decision = world.start()
    world.to_reviewing(decision)
    with at(date(2026, 3, 3)):
        services.decision_step(
            actor=reviewer,
            unit=division,
            decision=decision,
            step_code="review_opinion",
            data={
                "opinion": "lawful",
                "opinion_text": "合法。",
                "adviser_opinion": "同意",
                "lawyer_opinion": "同意",
            },
        )
    assert decision.state == "reviewed"


def test_the_party_committee_is_reported_to_before_anything_else(world):
    decision = world.start()
    world.fill(decision, npc_report_required=True)
    world.to_decided(decision)
    with at(date(2026, 3, 16)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "report_npc", world.chief, reported_on=date(2026, 3, 16))
    assert "只能在“待公布”时办理" in refused(excinfo)


def test_reports_and_meetings_follow_the_acts_they_rest_on(world):
    decision = world.start()
    world.to_reviewed(decision)  # opinion of 2026-03-03
    with at(date(2026, 3, 10)):
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "adopt", world.chief, **world.meeting(held_on=date(2026, 3, 2)))
        assert "不能早于合法性审查意见出具之日（2026年3月3日）" in refused(excinfo)
        world.step(decision, "adopt", world.chief, **world.meeting())
    with at(date(2026, 3, 16)):
        with pytest.raises(StepRefused) as excinfo:
            world.step(decision, "report_party", world.chief, reported_on=date(2026, 3, 9))
        assert "不能早于作出决定之日" in refused(excinfo)
        world.step(decision, "report_party", world.chief, reported_on=date(2026, 3, 16))
        with pytest.raises(StepRefused) as excinfo:
            world.step(
                decision,
                "publish",
                world.chief,
                published_on=date(2026, 3, 12),
                publication="全文",
                adoption_note="说明",
            )
        assert "不能早于向党委请示报告之日" in refused(excinfo)


def test_a_new_round_needs_new_reports(world):
    decision = world.start()
    world.fill(decision, npc_report_required=True)
    world.to_decided(decision)
    with at(date(2026, 3, 16)):
        world.step(decision, "report_party", world.chief, reported_on=date(2026, 3, 16))
        world.step(decision, "report_npc", world.chief, reported_on=date(2026, 3, 16))
        world.step(
            decision,
            "publish",
            world.chief,
            published_on=date(2026, 3, 16),
            publication="全文",
            adoption_note="说明",
        )
    with at(date(2026, 6, 1)):
        world.step(decision, "revise", world.chief, reason="重大调整")
    decision.refresh_from_db()
    assert (decision.party_reported_on, decision.npc_reported_on, decision.decided_on) == (
        None,
        None,
        None,
    )


def test_only_the_office_the_draft_was_sent_to_gives_the_opinion(world):
    from fazhi.core.models import Role, Unit
    from fazhi.core.tests.factories import PersonFactory

    decision = world.start()
    world.fill(decision)
    world.waive_all(decision)
    world.comment_round(decision)
    west_office = Unit.objects.get(name="乙区司法局")
    with at(date(2026, 2, 20)), pytest.raises(StepRefused) as excinfo:
        world.step(decision, "submit_review", reviewing_unit=west_office.pk)
    assert "须送决策机关（甲区人民政府）的司法行政部门" in refused(excinfo)
    with at(date(2026, 2, 20)):
        world.step(decision, "submit_review", reviewing_unit=world.east.legal_office.pk)
    with at(date(2026, 1, 5)):
        other = PersonFactory(unit=west_office, role=Role.LEGAL_REVIEWER, name="乙区审查人")
    with at(date(2026, 3, 3)), pytest.raises((StepRefused, StepForbidden)):
        services.decision_step(
            actor=other,
            unit=west_office,
            decision=decision,
            step_code="review_opinion",
            data={
                "opinion": "lawful",
                "opinion_text": "x",
                "adviser_opinion": "x",
                "lawyer_opinion": "x",
            },
        )
    assert decision.state == "reviewing"


def test_an_amend_opinion_lets_the_lead_unit_amend_the_draft(world):
    decision = world.start()
    world.to_reviewing(decision)
    world.review(decision, opinion="amend")
    with at(date(2026, 3, 4)):
        services.decision_update(actor=world.drafter, decision=decision, draft="修改后的草案")
        with pytest.raises(ValidationError):
            services.decision_update(actor=world.drafter, decision=decision, hearing_waiver="")
    decision.refresh_from_db()
    assert decision.draft == "修改后的草案"
