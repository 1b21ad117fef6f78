"""The making procedure, step by step: each guard refuses with the article that requires it, and
a document walks from draft to publication with its filings and evaluations."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import UnitKind
from fazhi.ledger.models import LedgerEntry
from fazhi.normative_documents import services
from fazhi.normative_documents.competition import blank_findings
from fazhi.normative_documents.models import (
    Evaluation,
    Filing,
    Status,
    Subject,
    Version,
)
from fazhi.procedures.services import StepForbidden, StepRefused

from .conftest import at

pytestmark = pytest.mark.django_db


def refused(exc: pytest.ExceptionInfo, *needles: str) -> None:
    text = str(exc.value) + " ".join(getattr(exc.value, "citations", []))
    for needle in needles:
        assert needle in text, f"{needle!r} not in {text!r}"


def test_a_document_walks_from_draft_to_publication(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    assert version.state == "drafting"
    world.to_published(version)
    version.refresh_from_db()
    assert version.state == "published"
    assert version.registration_number.endswith("〔2026〕1号")
    assert version.doc_number == "甲教发〔2026〕3号"
    # 区教育局's document: filed with the government legal office only (not the 区人大).
    filing = Filing.objects.get(document_version=version)
    assert filing.body == "government" and filing.due_on == date(2026, 5, 20)
    kinds = set(Evaluation.objects.filter(version=version).values_list("kind", flat=True))
    assert kinds == {"pre_expiry", "periodic"}
    assert version.status_on(date(2026, 4, 20)) == Status.IN_FORCE
    assert version.status_on(date(2026, 4, 19)) == Status.DRAFTING
    assert list(Version.objects.in_force_on(date(2026, 5, 1))) == [version]
    # drafted, six steps (open, close, submit, opinion, deliberate, publish), registered
    assert LedgerEntry.objects.filter(record_type="normative_documents.version").count() == 8


def test_district_government_documents_are_filed_with_the_congress(world):
    with at(date(2026, 3, 2)):
        version = services.draft_create(
            actor=world.drafter,
            unit=world.east.dept_a,
            issuer=world.east.district,
            title="甲区人民政府关于校外培训的规定",
            subject=Subject.EDUCATION,
            text="第一条 规定。",
            necessity="需要。",
            feasibility="可行。",
            impact="可控。",
            legal_basis="法律",
            drafter_opinion="合法",
        )
    world.to_published(version, doc_number="甲政发〔2026〕1号")
    bodies = set(Filing.objects.filter(document_version=version).values_list("body", flat=True))
    assert bodies == {"congress", "government"}


def test_internal_division_cannot_issue(world):
    assert world.east.div_a.kind == UnitKind.DIVISION
    with pytest.raises(ValidationError) as exc:
        services.draft_create(
            actor=world.drafter,
            unit=world.east.dept_a,
            issuer=world.east.div_a,
            title="法规科通知",
            subject=Subject.EDUCATION,
        )
    refused(exc, "内设机构", "国办发〔2018〕37号")


def test_comment_period_must_be_long_enough(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
        with pytest.raises(StepRefused) as exc:
            world.step(
                version, "open_comment", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 10)
            )
        # 7 working days from Monday 3-2 end on Wednesday 3-11.
        refused(exc, "2026年3月11日", "国办发〔2018〕37号")
        business = world.draft(business=True, title="涉企办法")
        with pytest.raises(StepRefused) as exc:
            world.step(
                business, "open_comment", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 31)
            )
        refused(exc, "2026年4月1日", "优化营商环境条例", "第六十二条第二款")


def test_comment_period_cannot_be_cut_short_and_every_comment_needs_a_reply(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
        world.step(version, "open_comment", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 11))
        comment = services.comment_submit(
            version=version, text="建议明确收费标准。", client="1.2.3.4"
        )
    with at(date(2026, 3, 11)), pytest.raises(StepRefused) as exc:
        world.step(version, "close_comment", adoption_summary="见附表。")
    refused(exc, "期满前不能结束征求意见")
    with at(date(2026, 3, 12)):
        with pytest.raises(StepRefused) as exc:
            world.step(version, "close_comment", adoption_summary="见附表。")
        refused(exc, "还有1条意见未答复", "第六十二条第二款")
        with pytest.raises(ValidationError) as exc:
            services.comment_reply(actor=world.drafter, comment=comment, reply="rejected")
        refused(exc, "须说明理由")
        services.comment_reply(
            actor=world.drafter, comment=comment, reply="rejected", reason="收费标准由上位法规定。"
        )
        world.step(version, "close_comment", adoption_summary="收到1条意见，未采纳。")
    assert version.state == "ready"


def test_portal_comments_are_rate_limited_and_only_in_the_period(world, settings):
    settings.FAZHI_NORMDOC_COMMENTS_PER_HOUR = 2
    with at(date(2026, 3, 2)):
        version = world.draft()
        with pytest.raises(ValidationError) as exc:
            services.comment_submit(version=version, text="意见", client="9.9.9.9")
        refused(exc, "不在征求意见期内")
        world.step(version, "open_comment", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 11))
        services.comment_submit(version=version, text="意见一", client="9.9.9.9")
        services.comment_submit(version=version, text="意见二", client="9.9.9.9")
        with pytest.raises(ValidationError) as exc:
            services.comment_submit(version=version, text="意见三", client="9.9.9.9")
        refused(exc, "过于频繁")
        services.comment_submit(version=version, text="另一人的意见", client="8.8.8.8")
    assert version.comments.count() == 3
    entry = LedgerEntry.objects.filter(record_type="normative_documents.comment").first()
    assert "意见一" not in str(entry.changes) + entry.note


def test_skip_comment_refused_when_rights_are_affected(world):
    with at(date(2026, 3, 2)):
        version = world.draft(rights=True)
        with pytest.raises(StepRefused) as exc:
            world.step(version, "skip_comment", reason="内部事项")
        refused(exc, "应当公开征求意见", "国办发〔2018〕37号")
        internal = world.draft(rights=False, title="内部管理规定")
        world.step(internal, "skip_comment", reason="不涉及公民权利义务。")
    assert internal.state == "ready"


def test_business_documents_need_fair_competition_review(world):
    with at(date(2026, 3, 2)):
        version = world.draft(business=True)
        world.step(version, "open_comment", opens_on=date(2026, 3, 2), closes_on=date(2026, 4, 2))
    with at(date(2026, 4, 3)):
        world.step(version, "close_comment", adoption_summary="未收到意见。")
        with pytest.raises(StepRefused) as exc:
            world.step(version, "submit_review", reviewing_unit_id=world.east.legal_office.pk)
        refused(exc, "未经公平竞争审查", "公平竞争审查条例", "第十八条")
        findings = blank_findings()
        findings["8.3"] = {"breach": True, "note": "第五条限定使用指定平台。"}
        with pytest.raises(ValidationError) as exc:
            services.competition_review_record(
                actor=world.drafter,
                version=version,
                findings=findings,
                conclusion="compliant",
                reviewed_on=date(2026, 4, 3),
            )
        refused(exc, "第十八条")
        incomplete = blank_findings()
        del incomplete["11.4"]
        with pytest.raises(ValidationError) as exc:
            services.competition_review_record(
                actor=world.drafter,
                version=version,
                findings=incomplete,
                conclusion="compliant",
                reviewed_on=date(2026, 4, 3),
            )
        refused(exc, "逐项")
        services.competition_review_record(
            actor=world.drafter,
            version=version,
            findings=findings,
            conclusion="noncompliant",
            reviewed_on=date(2026, 4, 3),
        )
        with pytest.raises(StepRefused) as exc:
            world.step(version, "submit_review", reviewing_unit_id=world.east.legal_office.pk)
        refused(exc, "不得出台")
        world.competition_ok(version, date(2026, 4, 3))
        world.step(version, "submit_review", reviewing_unit_id=world.east.legal_office.pk)
    assert version.state == "reviewing"


def test_review_package_must_be_complete_and_reviewer_a_legal_office(world):
    with at(date(2026, 3, 2)):
        version = world.draft(rights=False, drafter_opinion="")
        world.step(version, "skip_comment", reason="内部管理")
        with pytest.raises(StepRefused) as exc:
            world.step(version, "submit_review", reviewing_unit_id=world.east.dept_b.pk)
        refused(exc, "起草单位的合法性审查意见", "二（五）", "不是适格的审核机构", "二（四）")


def test_the_review_body_follows_115_2_4(world):
    """A department's document: its own legal division (where legal reviewers sit) or the
    district's 司法局; never another department or another district's office. A district
    government's document: only its own 司法局."""
    from fazhi.core.models import Role, UnitKind
    from fazhi.core.tests.factories import PersonFactory, UnitFactory, district_tree

    with at(date(2026, 1, 5)):
        west = district_tree("乙区")
        PersonFactory(unit=world.east.div_a, role=Role.LEGAL_REVIEWER, name="法规科审核人")
        bare = UnitFactory(
            parent=world.east.dept_a, kind=UnitKind.DIVISION, name="甲区教育局办公室"
        )
    with at(date(2026, 3, 2)):
        version = world.draft(rights=False)
        world.step(version, "skip_comment", reason="内部管理")
        for unit in (west.legal_office, bare, world.east.div_b):
            with pytest.raises(StepRefused) as exc:
                world.step(version, "submit_review", reviewing_unit_id=unit.pk)
            refused(exc, "不是适格的审核机构", "二（四）")
        world.step(version, "submit_review", reviewing_unit_id=world.east.div_a.pk)
    assert version.state == "reviewing"


def test_review_takes_at_least_five_working_days(world):
    with at(date(2026, 3, 2)):
        version = world.draft(rights=False)
        world.step(version, "skip_comment", reason="内部管理")
        world.step(version, "submit_review", reviewing_unit_id=world.east.legal_office.pk)
        for flag in version.legality_reviews.get().flags.all():
            services.flag_decide(
                actor=world.reviewer, flag=flag, decision="dismissed", reason="无误"
            )
    with at(date(2026, 3, 6)), pytest.raises(StepRefused) as exc:
        world.step(version, "give_opinion", world.reviewer, opinion="lawful", opinion_text="合法。")
    refused(exc, "2026年3月9日", "二（五）")
    with at(date(2026, 3, 9)):
        world.step(version, "give_opinion", world.reviewer, opinion="lawful", opinion_text="合法。")
    assert version.state == "reviewed"


def test_drafter_cannot_give_the_review_opinion(world):
    with at(date(2026, 3, 2)):
        version = world.draft(rights=False)
        world.step(version, "skip_comment", reason="内部管理")
        world.step(version, "submit_review", reviewing_unit_id=world.east.legal_office.pk)
        with pytest.raises(StepForbidden):
            world.step(version, "give_opinion", opinion="lawful", opinion_text="合法。")


def test_unlawful_document_cannot_go_to_deliberation(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_reviewed(version, date(2026, 3, 2), opinion="unlawful")
    with at(date(2026, 4, 15)), pytest.raises(StepRefused) as exc:
        world.step(
            version,
            "deliberate",
            meeting="局务会",
            held_on=date(2026, 4, 15),
            result="passed",
            attendees="局长",
        )
    refused(exc, "不合法的文件，不得提交集体审议", "二（七）")
    with at(date(2026, 4, 15)):
        world.step(version, "revise", reason="按审核意见删除第三条。")
    assert version.state == "drafting"


def test_deliberation_before_review_is_refused_with_the_article(world):
    with at(date(2026, 3, 2)):
        version = world.draft(rights=False)
        world.step(version, "skip_comment", reason="内部管理")
        with pytest.raises(StepRefused) as exc:
            world.step(
                version,
                "deliberate",
                meeting="局务会",
                held_on=date(2026, 3, 2),
                result="passed",
                attendees="局长",
            )
    refused(exc, "已出具审核意见", "二（七）")


def test_not_adopting_the_opinion_needs_an_explanation(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_reviewed(version, date(2026, 3, 2), opinion="amend")
    meeting = {
        "meeting": "局务会",
        "held_on": date(2026, 4, 15),
        "result": "passed",
        "attendees": "局长",
    }
    with at(date(2026, 4, 15)):
        with pytest.raises(StepRefused) as exc:
            world.step(version, "deliberate", adoption="partial", **meeting)
        refused(exc, "须说明理由", "二（六）")
        world.step(
            version,
            "deliberate",
            adoption="partial",
            adoption_explanation="第二条保留，理由如下。",
            **meeting,
        )
    assert version.legality_reviews.get().adoption == "partial"


def test_publication_checks_number_dates_adaptation_and_validity(world):
    with at(date(2026, 3, 2)):
        version = world.draft(business=True)
        world.competition_ok(version, date(2026, 3, 2))
    world.to_reviewed(version, date(2026, 3, 2))
    with at(date(2026, 4, 20)):
        world.step(
            version,
            "deliberate",
            meeting="局务会",
            held_on=date(2026, 4, 20),
            result="passed",
            attendees="局长",
        )
        good = {
            "doc_number": "甲教发〔2026〕3号",
            "published_on": date(2026, 4, 20),
            "effective_on": date(2026, 5, 20),
            "valid_until": date(2031, 5, 19),
        }
        for bad, needles in (
            ({"doc_number": "甲教发〔2026〕第3号"}, ("GB/T 9704",)),
            ({"doc_number": "甲教发〔26〕3号"}, ("GB/T 9704",)),
            ({"doc_number": "甲教发〔2026〕03号"}, ("GB/T 9704",)),
            ({"effective_on": date(2026, 5, 1)}, ("适应调整期", "第七十四条", "2026年5月20日")),
            ({"valid_until": date(2031, 5, 20)}, ("2031年5月19日",)),
            ({"effective_on": date(2026, 4, 19)}, ("未经公布",)),
        ):
            with pytest.raises(StepRefused) as exc:
                world.step(version, "publish", **(good | bad))
            refused(exc, *needles)
        immediate = {
            "effective_on": date(2026, 4, 20),
            "valid_until": date(2031, 4, 19),
            "effective_exception": "必须立即施行：防疫需要。",
        }
        world.step(version, "publish", **(good | immediate))
    assert version.state == "published"


def test_provisional_documents_have_two_years_at_most(world):
    with at(date(2026, 3, 2)):
        version = world.draft(title="甲区校外培训机构管理暂行办法")
    with pytest.raises(StepRefused) as exc:
        world.to_published(version, valid_until=date(2029, 4, 19))
    refused(exc, "暂行、试行文件有效期不得晚于2028年4月19日")


def test_amendment_makes_a_new_version_and_the_old_one_amended(world):
    with at(date(2026, 3, 2)):
        first = world.draft()
    world.to_published(first, published_on=date(2026, 4, 20))
    with at(date(2026, 5, 4)):
        second = services.amendment_start(
            actor=world.drafter, document=first.document, unit=world.east.dept_a
        )
        services.draft_update(
            actor=world.drafter, version=second, text=first.text + "\n第五条 补充。"
        )
    assert second.number == 2 and second.state == "drafting"
    first.refresh_from_db()
    assert first.text.endswith("发布之日起施行。")  # the published text never changes
    with pytest.raises(ValidationError):
        services.draft_update(actor=world.drafter, version=first, text="篡改")


def test_repeal_changes_status_not_text(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_published(version)
    with at(date(2026, 6, 1)):
        services.document_end(
            actor=world.drafter,
            document=version.document,
            kind="repealed",
            on=date(2026, 6, 1),
            reason="上位法修改。",
        )
    version.refresh_from_db()
    assert version.status_on(date(2026, 5, 31)) == Status.IN_FORCE
    assert version.status_on(date(2026, 6, 1)) == Status.REPEALED
    assert not Version.objects.in_force_on(date(2026, 6, 1)).exists()
    assert Version.objects.in_force_on(date(2026, 5, 31)).exists()


def test_other_units_cannot_touch_the_draft(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    with pytest.raises(PermissionDenied):
        services.draft_update(actor=world.outsider, version=version, title="改标题")
    with pytest.raises(PermissionDenied):
        services.draft_update(actor=world.reviewer, version=version, title="改标题")
    with pytest.raises(StepForbidden):
        services.step(
            actor=world.outsider,
            unit=world.east.dept_b,
            version=version,
            step_code="withdraw",
            data={"reason": "无"},
        )


def test_filing_review_runs_to_closure(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_published(version)
    filing = Filing.objects.get(document_version=version)
    with at(date(2026, 5, 6)):
        services.filing_step(
            actor=world.drafter, unit=world.east.dept_a, filing=filing, step_code="file"
        )
        assert filing.filed_on == date(2026, 5, 6)
        legal = world.east.legal_office
        services.filing_step(
            actor=world.reviewer, unit=legal, filing=filing, step_code="start_review"
        )
        with pytest.raises(StepRefused):
            services.filing_step(
                actor=world.reviewer,
                unit=legal,
                filing=filing,
                step_code="send_letter",
                data={"letter_kind": "opinion", "letter_text": "第三条缺乏依据。"},
            )
        services.filing_step(
            actor=world.reviewer,
            unit=legal,
            filing=filing,
            step_code="send_letter",
            data={
                "letter_kind": "opinion",
                "letter_text": "第三条缺乏依据。",
                "risk_rating": "medium",
            },
        )
        services.filing_step(
            actor=world.drafter,
            unit=world.east.dept_a,
            filing=filing,
            step_code="reply",
            data={"reply_text": "已修改第三条。", "correction": "启动修改程序。"},
        )
        services.filing_step(
            actor=world.reviewer,
            unit=legal,
            filing=filing,
            step_code="close",
            data={"risk_rating": "medium", "outcome": "corrected"},
        )
    assert filing.state == "closed" and filing.outcome == "corrected"


def test_objection_from_the_public_is_tracked(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_published(version)
    with at(date(2026, 6, 1)):
        objection = services.objection_submit(
            version=version,
            request_text="第三条增加了培训机构的义务。",
            requester_name="张三",
            requester_contact="13800000000",
        )
        services.filing_step(
            actor=world.reviewer,
            unit=world.east.legal_office,
            filing=objection,
            step_code="accept_request",
        )
    assert objection.state == "reviewing" and objection.kind == "objection"


def test_cleanup_concludes_and_publishes(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_published(version)
    with at(date(2026, 9, 1)):
        cleanup = services.cleanup_create(
            actor=world.drafter,
            unit=world.east.dept_a,
            title="2026年规范性文件清理",
            versions=[version],
        )
        with pytest.raises(ValidationError):
            services.cleanup_publish(actor=world.drafter, cleanup=cleanup)
        item = cleanup.items.get()
        with pytest.raises(ValidationError):
            services.cleanup_conclude(actor=world.drafter, item=item, conclusion="repeal")
        services.cleanup_conclude(
            actor=world.drafter, item=item, conclusion="repeal", reason="已过时。"
        )
        services.cleanup_publish(actor=world.drafter, cleanup=cleanup)
    version.document.refresh_from_db()
    assert version.document.ended_on == date(2026, 9, 1)
    assert version.status_on(date(2026, 9, 1)) == Status.REPEALED


def test_import_registers_a_published_document_or_names_every_problem(world):
    with at(date(2026, 3, 2)):
        version = services.document_import(
            actor=world.drafter,
            unit=world.east.dept_a,
            issuer=world.east.dept_a,
            title="甲区旧办法",
            text="第一条 旧规定。",
            subject=Subject.EDUCATION,
            doc_number="甲教发[2019]7号",
            published_on=date(2019, 5, 1),
            valid_until=date(2024, 4, 30),
        )
        assert version.doc_number == "甲教发〔2019〕7号"
        assert version.status_on(date(2026, 3, 2)) == Status.EXPIRED
        with pytest.raises(ValidationError) as exc:
            services.document_import(
                actor=world.drafter,
                unit=world.east.dept_a,
                issuer=world.east.dept_a,
                title="",
                text="",
                subject="nonsense",
                doc_number="甲教发〔2019〕7号",
                published_on=date(2019, 5, 1),
                effective_on=date(2019, 4, 1),
            )
        messages = exc.value.messages
        assert {"缺少标题。", "缺少正文。", "主题分类无效。", "施行日期早于发布日期。"} <= set(
            messages
        )
        with pytest.raises(ValidationError) as exc:
            services.document_import(
                actor=world.drafter,
                unit=world.east.dept_a,
                issuer=world.east.dept_a,
                title="重复",
                text="正文",
                subject=Subject.EDUCATION,
                doc_number="甲教发〔2019〕7号",
                published_on=date(2019, 5, 1),
            )
        refused(exc, "已经登记")


def test_evaluations_due_become_workspace_items_once(world):
    from fazhi.core.models import TodoItem

    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_published(version)
    periodic = version.evaluations.filter(kind="periodic").order_by("due_on").first()
    assert periodic.due_on == date(2028, 4, 20)
    assert services.evaluations_remind(today=date(2028, 3, 1)) == 0
    assert services.evaluations_remind(today=date(2028, 4, 1)) == 1  # one per person
    assert services.evaluations_remind(today=date(2028, 4, 2)) == 0
    assert TodoItem.objects.filter(assignee=world.drafter).count() >= 1
    with at(date(2028, 4, 2)):
        services.evaluation_record(
            actor=world.drafter, evaluation=periodic, conclusion="continue", report="实施效果良好。"
        )
    with pytest.raises(ValidationError):
        services.evaluation_record(
            actor=world.drafter, evaluation=periodic, conclusion="continue", report="重复。"
        )


def test_a_department_cannot_draft_in_another_units_name(world):
    with pytest.raises(ValidationError) as exc:
        services.draft_create(
            actor=world.drafter,
            unit=world.east.dept_a,
            issuer=world.east.dept_b,
            title="以他局名义",
            subject=Subject.EDUCATION,
        )
    refused(exc, "不能以甲区卫健委的名义")


def test_review_requests_from_one_client_are_rate_limited(world, settings):
    settings.FAZHI_NORMDOC_OBJECTIONS_PER_HOUR = 1
    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_published(version)
    with at(date(2026, 6, 1)):
        request = {"version": version, "request_text": "第三条违法。", "requester_name": "李四"}
        services.objection_submit(client="203.0.113.9", **request)
        with pytest.raises(ValidationError) as exc:
            services.objection_submit(client="203.0.113.9", **request)
        refused(exc, "过于频繁")
        services.objection_submit(client="203.0.113.10", **request)
    assert Filing.objects.filter(kind="objection").count() == 2


def test_internal_texts_reach_the_public_ledger_as_digests_only(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_published(version)
    entries = LedgerEntry.objects.filter(record_type="normative_documents.version")
    recorded = " ".join(str(entry.changes) for entry in entries)
    assert "经审核，出具意见如下。" not in recorded  # the opinion's text
    assert "sha256:" in recorded
    assert version.legality_reviews.get().opinion_text == "经审核，出具意见如下。"


def test_only_the_body_the_draft_was_sent_to_gives_the_opinion(world):
    from fazhi.core.models import Role
    from fazhi.core.tests.factories import PersonFactory

    with at(date(2026, 1, 5)):  # the department's own legal staff reach its drafts
        own = PersonFactory(unit=world.east.dept_a, role=Role.LEGAL_REVIEWER)
    with at(date(2026, 3, 2)):
        version = world.draft(rights=False)
        world.step(version, "skip_comment", reason="内部管理")
        world.step(version, "submit_review", reviewing_unit_id=world.east.legal_office.pk)
    with at(date(2026, 3, 10)), pytest.raises(StepRefused) as exc:
        services.step(
            actor=own,
            unit=world.east.dept_a,
            version=version,
            step_code="give_opinion",
            data={"opinion": "lawful", "opinion_text": "合法。"},
        )
    refused(exc, "送甲区司法局审核", "二（四）")


def test_drafts_cannot_change_while_out_for_comment_and_one_round_suffices(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
        world.step(version, "open_comment", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 11))
        with pytest.raises(ValidationError):
            services.draft_update(actor=world.drafter, version=version, text="改动")
    with at(date(2026, 3, 12)):
        world.step(version, "close_comment", adoption_summary="未收到意见。")
        world.step(version, "submit_review", reviewing_unit_id=world.east.legal_office.pk)
    with at(date(2026, 3, 19)):
        world.step(version, "give_opinion", world.reviewer, opinion="amend", opinion_text="修改。")
        world.step(version, "revise", reason="按意见修改。")
        world.step(version, "skip_comment", reason="已于3月2日至11日公开征求意见。")
    assert version.state == "ready"


def test_publication_cannot_predate_deliberation(world):
    with at(date(2026, 3, 2)):
        version = world.draft()
    world.to_reviewed(version, date(2026, 3, 2))
    with at(date(2026, 4, 20)):
        world.step(
            version,
            "deliberate",
            meeting="局务会",
            held_on=date(2026, 4, 20),
            result="passed",
            attendees="局长",
        )
        with pytest.raises(StepRefused) as exc:
            world.step(
                version,
                "publish",
                doc_number="甲教发〔2026〕3号",
                published_on=date(2026, 4, 15),
                effective_on=date(2026, 4, 20),
                valid_until=date(2031, 4, 19),
            )
    refused(exc, "不能早于集体审议日期（2026年4月20日）")
