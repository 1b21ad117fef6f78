"""The reconsideration case through its procedure, each period with its article, hand-computed
on the 2026 calendar (conftest), and every refusal leaving nothing half-saved.

复议法 = 中华人民共和国行政复议法（2023年修订）."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.deadlines.models import Deadline
from fazhi.ledger.models import LedgerEntry
from fazhi.procedures.models import StepRecord
from fazhi.procedures.services import StepForbidden, StepRefused
from fazhi.reconsideration import services
from fazhi.reconsideration.models import Outcome, ReconsiderationCase

from .conftest import APPLICANT_ID, at, person_id, upload

pytestmark = pytest.mark.django_db


def deadline(case, rule_id):
    return Deadline.objects.filter(subject_id=case.pk, rule_id=rule_id).order_by("-pk").first()


# ---- filing --------------------------------------------------------------------------------------


def test_online_filing_gets_a_receipt_and_an_access_code_and_starts_the_review(world):
    with at(date(2026, 3, 2)):
        case, code = services.application_submit(
            office=world.east.legal_office,
            client="198.51.100.7",
            uploads=[upload()],
            **world.application(),
        )
    assert case.receipt_number.startswith("FY20260302") and len(code) == 8
    assert case.access_code_hash and code not in case.access_code_hash
    # 复议法第三十条第一款: 5 working days from receipt (3-3 … 3-9).
    assert case.review_due == date(2026, 3, 9)
    # 第二十条第一款: 60 days from knowing the act on 2-26 → 4-27.
    assert case.application_due == date(2026, 4, 27) and not case.late
    assert case.attachments.count() == 1
    entry = LedgerEntry.objects.filter(record_type="reconsideration.reconsiderationcase").first()
    assert "张三丰" not in str(entry.changes) and APPLICANT_ID not in str(entry.changes)


def test_the_review_period_runs_over_the_national_day_holiday(world):
    # Received Monday 9-28: 9-29, 9-30, (10-1…10-7 holiday), 10-8, 10-9, 10-10 (调休 Saturday).
    case = world.register(on=date(2026, 9, 28), act_known_on=date(2026, 9, 20))
    assert case.review_due == date(2026, 10, 10)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"applicant_id_number": "110105198001010010"}, "校验码错误"),
        ({"applicant_id_number": "11010519801301001X"}, "出生日期"),
        ({"applicant_id_number": "12345"}, "应为 18 位"),
        (
            {"applicant_kind": "legal", "applicant_id_number": "91110108MA01ABCD2Y"},
            "统一社会信用代码",
        ),
        ({"respondent_unit": None, "respondent_name": ""}, "请填写被申请人"),
        ({"act": "  "}, "请填写被申请行政复议的行政行为"),
        ({"act_known_on": date(2027, 1, 1)}, "不能晚于今天"),
        ({"act_known_on": date(2026, 2, 1)}, "不能早于行政行为作出日期"),
        ({"request_text": ""}, "请填写行政复议请求"),
        ({"normdoc_requested": True}, "第十三条"),
    ],
)
def test_bad_filings_are_refused_and_nothing_is_saved(world, bad, message):
    with at(date(2026, 3, 2)), pytest.raises(ValidationError, match=message):
        services.application_submit(
            office=world.east.legal_office, client="198.51.100.7", **world.application(**bad)
        )
    assert not ReconsiderationCase.objects.exists() and not Deadline.objects.exists()


def test_a_file_of_the_wrong_type_saves_nothing(world):
    with at(date(2026, 3, 2)), pytest.raises(Exception, match=r"类型|格式|不支持"):
        services.application_submit(
            office=world.east.legal_office,
            client="198.51.100.7",
            uploads=[upload("申请书.exe", b"MZ\x90\x00" + b"\x00" * 100)],
            **world.application(),
        )
    assert not ReconsiderationCase.objects.exists()


def test_the_same_application_twice_is_refused(world):
    world.file()
    with at(date(2026, 3, 3)), pytest.raises(ValidationError, match="第三十条第一款第七项"):
        services.application_submit(
            office=world.east.legal_office,
            client="198.51.100.8",
            **world.application(act=" 甲卫罚〔2026〕7号行政处罚决定 "),
        )
    assert ReconsiderationCase.objects.count() == 1


def test_online_filings_are_rate_limited_per_sender(world):
    for n in range(5):
        world.file(applicant_id_number=person_id(f"1101051980010100{n}"))
    with at(date(2026, 3, 2)), pytest.raises(ValidationError, match="提交过于频繁"):
        services.application_submit(
            office=world.east.legal_office,
            client="198.51.100.7",
            **world.application(applicant_id_number=person_id("11010519800101009")),
        )


def test_a_late_filing_is_registered_and_flagged(world):
    case = world.register(on=date(2026, 6, 1), act_known_on=date(2026, 3, 1))
    assert case.late and "已超过申请期限" in case.late_note
    with at(date(2026, 6, 2)), pytest.raises(StepRefused, match="第二十条"):
        services.case_accept(actor=world.clerk, case=case, number="甲府复〔2026〕1号")
    case = world.accept(case, on=date(2026, 6, 2), delay_reason="申请人住院治疗（有诊断证明）")
    assert case.state == "accepted"


def test_not_informed_of_the_right_the_period_runs_from_knowing_it_capped_at_a_year(world):
    case = world.register(
        on=date(2026, 9, 1),
        act_known_on=date(2026, 2, 26),
        informed_of_right=False,
        informed_on=date(2026, 8, 3),
    )
    # 第二十条第三款: 60 days from 8-3 → 10-2, in the holiday → 10-8; cap 2027-02-26.
    assert case.application_due == date(2026, 10, 8) and not case.late


def test_the_absolute_bar_of_five_years(world):
    with at(date(2026, 3, 2)):
        timeliness = services.law.timeliness(
            received_on=date(2026, 3, 2),
            known_on=date(2026, 2, 1),
            informed=False,
            made_on=date(2021, 2, 1),
        )
    # 第二十一条: 5 years from 2021-02-01 → 2026-02-01 (a Sunday) → 2026-02-02.
    assert timeliness.absolute == date(2026, 2, 2) and timeliness.late


# ---- acceptance ---------------------------------------------------------------------------------


def test_acceptance_starts_the_copy_and_decision_periods(world):
    case = world.accept(world.file())
    assert case.accepted_on == date(2026, 3, 3)
    # 第六十二条第一款: 60 days → 5-2, in the 劳动节 holiday (5-1…5-5) → 5-6.
    assert case.decision_due == date(2026, 5, 6)
    # 第四十八条: copy within 7 working days → 3-12.
    assert deadline(case, "reconsideration.copy_to_respondent").due_date == date(2026, 3, 12)
    assert deadline(case, "reconsideration.acceptance_review").state == "stopped"


def test_deemed_acceptance_on_the_last_day_of_review(world):
    case = world.file()
    with at(date(2026, 3, 9)):
        assert services.deemed_acceptances() == 0
    with at(date(2026, 3, 10)):
        assert services.deemed_acceptances() == 1
    case.refresh_from_db()
    # 第三十条第三款: accepted from 3-9; 60 days → 5-8.
    assert (case.state, case.accepted_on, case.deemed_accepted) == (
        "accepted",
        date(2026, 3, 9),
        True,
    )
    assert case.decision_due == date(2026, 5, 8)
    step = StepRecord.objects.get(object_id=case.pk, step="deem_accept")
    assert step.actor is None


def test_refusal_after_the_review_period_is_refused(world):
    case = world.file()
    with at(date(2026, 3, 10)), pytest.raises(StepRefused, match="视为受理"):
        services.case_refuse(actor=world.clerk, case=case, reason="out_of_scope", text="内部行为")
    assert ReconsiderationCase.objects.get(pk=case.pk).state == "received"


def test_refusal_for_jurisdiction_names_the_competent_body(world):
    case = world.file()
    with at(date(2026, 3, 4)), pytest.raises(ValidationError, match="有管辖权"):
        services.case_refuse(
            actor=world.clerk, case=case, reason="not_competent", text="不属本机关"
        )
    with at(date(2026, 3, 4)):
        case = services.case_refuse(
            actor=world.clerk,
            case=case,
            reason="not_competent",
            text="被申请人为区政府",
            competent_body="北京市人民政府",
        )
    assert (case.state, case.outcome) == ("not_accepted", Outcome.NOT_ACCEPTED)


def test_supplement_once_within_five_working_days_then_a_new_review(world):
    case = world.file(on=date(2026, 9, 21))
    with at(date(2026, 9, 25)):
        case = services.supplement_request(
            actor=world.clerk,
            case=case,
            items="身份证复印件；处罚决定书",
            served_on=date(2026, 9, 25),
        )
    # 第三十一条第二款: 10 working days from 9-25 → 10-15 (over the holiday).
    assert case.supplement_due == date(2026, 10, 15)
    with at(date(2026, 10, 9)):
        case = services.supplement_receive(actor=world.clerk, case=case)
    # 第三十一条第三款 → 第三十条: 5 working days from 10-9 → 10-10 (调休), 12, 13, 14, 15.
    assert (case.state, case.review_due) == ("received", date(2026, 10, 15))
    with at(date(2026, 10, 12)), pytest.raises(StepRefused, match="一次性"):
        services.supplement_request(actor=world.clerk, case=case, items="再补一份")


def test_supplement_notice_after_five_working_days_is_refused(world):
    case = world.file()
    with at(date(2026, 3, 10)), pytest.raises(StepRefused, match="五个工作日"):
        services.supplement_request(actor=world.clerk, case=case, items="身份证复印件")


def test_not_supplemented_in_time_is_abandonment(world):
    case = world.file()
    with at(date(2026, 3, 3)):
        case = services.supplement_request(actor=world.clerk, case=case, items="身份证复印件")
    assert case.supplement_due is None  # sent by post: the period waits for its receipt
    with at(date(2026, 3, 16)), pytest.raises(StepRefused, match="尚未届满"):
        services.case_abandon(actor=world.clerk, case=case)
    with at(date(2026, 3, 5)):
        case = services.supplement_served(actor=world.clerk, case=case, served_on=date(2026, 3, 5))
    # 第三十一条第二款: 10 working days from receipt on 3-5 → 3-19.
    assert case.supplement_due == date(2026, 3, 19)
    with at(date(2026, 3, 19)), pytest.raises(StepRefused, match="尚未届满"):
        services.case_abandon(actor=world.clerk, case=case)
    with at(date(2026, 3, 20)):
        case = services.case_abandon(actor=world.clerk, case=case)
    assert case.outcome == Outcome.ABANDONED


def test_simplified_procedure_needs_a_condition_of_article_53(world):
    case = world.file()
    with at(date(2026, 3, 3)), pytest.raises(ValidationError, match="第五十三条"):
        services.case_accept(
            actor=world.clerk, case=case, number="甲府复〔2026〕1号", simplified=True
        )
    case.amount = "2000"
    case.save()
    case = world.accept(case, simplified=True)
    assert case.simplified and "三千元以下" in case.simplified_ground
    # 第六十二条第二款: 30 days → 4-2; 第五十四条: copy in 3 working days → 3-6.
    assert case.decision_due == date(2026, 4, 2)
    assert deadline(case, "reconsideration.copy_to_respondent_simplified").due_date == date(
        2026, 3, 6
    )


def test_conversion_to_the_general_procedure_needs_the_head(world):
    case = world.file(amount="100")
    case = world.accept(case, simplified=True)
    with at(date(2026, 3, 10)), pytest.raises(PermissionDenied):
        services.case_convert(actor=world.clerk, case=case, reason="案情复杂")
    with at(date(2026, 3, 10)):
        case = services.case_convert(actor=world.head, case=case, reason="案情复杂")
    # Setting default: 60 days from the original acceptance (3-3) → 5-6.
    assert (case.simplified, case.decision_due) == (False, date(2026, 5, 6))
    assert deadline(case, "reconsideration.decision_simplified").state == "stopped"


@pytest.mark.parametrize("days", [0, 31])
def test_extension_is_at_most_thirty_days(world, days):
    case = world.accept(world.file())
    with at(date(2026, 4, 20)), pytest.raises(ValidationError, match="三十日"):
        services.case_extend(actor=world.head, case=case, days=days, reason="情况复杂")


def test_one_extension_only_and_never_for_the_simplified_procedure(world):
    case = world.accept(world.file())
    with at(date(2026, 4, 20)):
        case = services.case_extend(actor=world.head, case=case, days=30, reason="情况复杂")
    assert case.extended_days == 30 and case.decision_due > date(2026, 5, 6)
    with at(date(2026, 4, 21)), pytest.raises(StepRefused, match="已延长"):
        services.case_extend(actor=world.head, case=case, days=1, reason="仍复杂")
    other = world.accept(world.file(amount="100", act="另一处罚决定"), simplified=True)
    with at(date(2026, 3, 20)), pytest.raises(StepRefused, match="第六十二条第二款"):
        services.case_extend(actor=world.head, case=other, days=10, reason="复杂")


# ---- review and decision -------------------------------------------------------------------------


def test_the_reply_period_runs_from_the_respondents_receipt(world):
    case = world.accept(world.file())
    with at(date(2026, 3, 5)):
        case = services.copy_send(
            actor=world.clerk, case=case, sent_on=date(2026, 3, 4), received_on=date(2026, 3, 5)
        )
    # 第四十八条: 10 working days from 3-5 → 3-19.
    assert case.reply_due == date(2026, 3, 19)
    with at(date(2026, 3, 10)), pytest.raises(PermissionDenied):
        services.reply_submit(actor=world.outsider, case=case, text="答复")


def test_a_decision_needs_the_reply_views_and_approval(world):
    case = world.accept(world.file())
    with at(date(2026, 3, 20)), pytest.raises(StepRefused, match="申请书副本"):
        decide(world, case)
    case = world.replied(
        case, sent=date(2026, 3, 4), received=date(2026, 3, 5), replied=date(2026, 3, 12)
    )
    with at(date(2026, 3, 20)), pytest.raises(StepRefused, match="第四十九条"):
        decide(world, case)
    with at(date(2026, 3, 16)):
        services.activity_record(
            actor=world.clerk,
            case=case,
            kind="views",
            on=date(2026, 3, 16),
            how="phone",
            summary="申请人坚持复议请求。",
        )
    with at(date(2026, 3, 20)):
        case = decide(world, case)
    assert (case.state, case.on_time) == ("decided", True)
    with at(date(2026, 3, 23)):
        case = services.case_serve(actor=world.clerk, case=case, served_on=date(2026, 3, 23))
    assert case.state == "effective"


def decide(world, case, **extra):
    values = {
        "kind": "revoke",
        "text": "撤销甲卫罚〔2026〕7号行政处罚决定。",
        "reasons": "证据不足。",
        "approval": "head",
        "approver": "区政府副区长",
    }
    values.update(extra)
    return services.case_decide(actor=world.head, case=case, **values)


def test_no_reply_in_time_means_no_upholding(world):
    case = world.accept(world.file())
    with at(date(2026, 3, 5)):
        case = services.copy_send(
            actor=world.clerk, case=case, sent_on=date(2026, 3, 4), received_on=date(2026, 3, 5)
        )
        services.activity_record(
            actor=world.clerk, case=case, kind="views", on=date(2026, 3, 5), summary="听取意见"
        )
    with at(date(2026, 3, 20)):
        assert services.reply_overdue(ReconsiderationCase.objects.get(pk=case.pk))
        with pytest.raises(ValidationError, match="第七十条"):
            decide(world, case, kind="uphold")
        case = decide(world, case, kind="revoke")
    assert case.decision_kind == "revoke"


def test_a_major_case_needs_a_hearing_and_the_committee(world):
    case = world.accept(world.file(), major=True)
    case = world.replied(
        case, sent=date(2026, 3, 4), received=date(2026, 3, 5), replied=date(2026, 3, 12)
    )
    with at(date(2026, 3, 16)):
        services.activity_record(
            actor=world.clerk, case=case, kind="views", on=date(2026, 3, 16), summary="意见"
        )
    with at(date(2026, 4, 3)), pytest.raises(ValidationError, match="第五十一条"):
        services.hearing_schedule(
            actor=world.clerk,
            case=case,
            scheduled_on=date(2026, 4, 10),
            place="复议室",
            issues="证据",
            notified_on=date(2026, 4, 3),
        )
    with at(date(2026, 3, 16)):
        hearing = services.hearing_schedule(
            actor=world.clerk,
            case=case,
            scheduled_on=date(2026, 4, 10),
            place="复议室",
            issues="证据",
            notified_on=date(2026, 3, 16),
        )
    assert hearing.notice_due == date(2026, 4, 2)
    with at(date(2026, 4, 15)), pytest.raises(StepRefused, match="第五十条"):
        decide(world, case)
    with at(date(2026, 4, 10)):
        with pytest.raises(ValidationError, match="负责人不能参加的理由"):
            services.hearing_hold(
                actor=world.clerk,
                hearing=hearing,
                attendee="赵法制员",
                head_attended=False,
                record="笔录",
            )
        services.hearing_hold(
            actor=world.clerk,
            hearing=hearing,
            attendee="卫健委副主任",
            head_attended=True,
            record="笔录",
        )
    with at(date(2026, 4, 15)), pytest.raises(StepRefused, match="第五十二条"):
        decide(world, case)


def test_suspension_pauses_the_decision_period(world):
    case = world.accept(world.file())
    with at(date(2026, 3, 10)):
        services.case_suspend(
            actor=world.clerk, case=case, ground="other_case", reason="等待刑事案件"
        )
    with at(date(2026, 3, 20)):
        case = services.case_resume(
            actor=world.clerk,
            case=ReconsiderationCase.objects.get(pk=case.pk),
            reason="刑事案件已审结",
        )
    assert case.decision_due > date(2026, 5, 6)


def test_lapse_only_after_sixty_days_of_suspension(world):
    case = world.accept(world.file())
    with at(date(2026, 3, 10)):
        services.case_suspend(actor=world.clerk, case=case, ground="death", reason="申请人死亡")
    case = ReconsiderationCase.objects.get(pk=case.pk)
    with at(date(2026, 4, 1)), pytest.raises(ValidationError, match="第四十一条第五项"):
        services.case_terminate(actor=world.clerk, case=case, ground="lapsed", reason="满期")
    with at(date(2026, 5, 11)):
        case = services.case_terminate(actor=world.clerk, case=case, ground="lapsed", reason="满期")
    assert case.outcome == Outcome.TERMINATED


def test_people_outside_the_office_cannot_take_steps(world):
    case = world.file()
    with at(date(2026, 3, 3)), pytest.raises(PermissionDenied):
        services.case_accept(actor=world.respondent, case=case, number="X1")
    with at(date(2026, 3, 3)), pytest.raises(StepForbidden):
        from fazhi.procedures.services import step_take

        step_take(
            record=case, step_code="deem_accept", actor=world.clerk, unit=world.east.legal_office
        )


def test_status_lookup_reveals_nothing_on_a_wrong_code_and_is_rate_limited(world):
    with at(date(2026, 3, 2)):
        case, code = services.application_submit(
            office=world.east.legal_office, client="198.51.100.7", **world.application()
        )
        assert (
            services.status_lookup(
                receipt_number=case.receipt_number, access_code=code.lower(), client="203.0.113.1"
            )
            == case
        )
        for _ in range(10):
            with pytest.raises(ValidationError, match="收件编号或查询码不正确"):
                services.status_lookup(
                    receipt_number=case.receipt_number, access_code="WRONG123", client="203.0.113.1"
                )
        with pytest.raises(services.QueryRefused):
            services.status_lookup(
                receipt_number=case.receipt_number, access_code=code, client="203.0.113.1"
            )
        with pytest.raises(ValidationError, match="收件编号或查询码不正确"):
            services.status_lookup(receipt_number="FY000", access_code=code, client="203.0.113.2")


def test_opinion_letter_report_due_in_sixty_days(world):
    with at(date(2026, 3, 2)):
        letter = services.letter_issue(
            actor=world.clerk,
            office=world.east.legal_office,
            kind="opinion",
            number="甲府复意〔2026〕1号",
            recipient_unit=world.east.dept_b,
            recipient_name="",
            issued_on=date(2026, 3, 2),
            received_on=date(2026, 3, 2),
            problems="执法程序不规范",
            requests="完善告知程序",
        )
    # 第七十六条: 60 days from 3-2 → 5-1, in the holiday → 5-6.
    assert letter.reply_due == date(2026, 5, 6)
    with at(date(2026, 4, 1)):
        with pytest.raises(PermissionDenied):
            services.letter_reply(actor=world.outsider, letter=letter, text="已整改")
        letter = services.letter_reply(actor=world.respondent, letter=letter, text="已整改")
    assert letter.replied_on == date(2026, 4, 1)


# ---- what the review found -----------------------------------------------------------------------


def test_the_absolute_bar_cannot_be_excused(world):
    case = world.register(
        on=date(2026, 3, 2), act_made_on=date(2020, 1, 1), act_known_on=date(2026, 2, 20)
    )
    assert case.barred
    with at(date(2026, 3, 3)), pytest.raises(StepRefused, match="第二十一条"):
        world.accept(case, delay_reason="不知道")
    with at(date(2026, 3, 3)):
        case = services.case_refuse(
            actor=world.clerk, case=case, reason="out_of_time", text="超过五年"
        )
    assert case.state == "not_accepted"


def test_the_respondents_staff_cannot_act_for_the_office(world):
    from fazhi.core.tests.factories import PostFactory

    PostFactory(person=world.respondent, unit=world.east.legal_office, role="handler")
    case = world.file()
    with at(date(2026, 3, 3)), pytest.raises(PermissionDenied, match="被申请人的工作人员"):
        services.case_accept(actor=world.respondent, case=case, number="甲府复〔2026〕9号")
    with at(date(2026, 3, 2)), pytest.raises(PermissionDenied):
        services.application_register(
            actor=world.respondent,
            office=world.east.dept_b,
            channel="letter",
            received_on=date(2026, 3, 2),
            **world.application(),
        )


def test_a_late_reply_still_allows_only_the_decisions_of_article_70(world):
    case = world.accept(world.file())
    case = world.replied(
        case, sent=date(2026, 3, 4), received=date(2026, 3, 5), replied=date(2026, 3, 25)
    )
    with at(date(2026, 3, 26)):
        services.activity_record(
            actor=world.clerk, case=case, kind="views", on=date(2026, 3, 26), summary="意见"
        )
    with at(date(2026, 3, 27)):
        for kind in ("uphold", "vary", "reject_request"):
            with pytest.raises(ValidationError, match="第七十条"):
                decide(world, case, kind=kind)
        case = decide(world, case, kind="unlawful", text="确认违法。")
    assert case.decision_kind == "unlawful"


def test_a_requested_normdoc_review_must_be_handled_before_the_decision(world):
    case = world.accept(world.file(normdoc_requested=True, normdoc_title="甲区某管理办法"))
    case = world.replied(
        case, sent=date(2026, 3, 4), received=date(2026, 3, 5), replied=date(2026, 3, 12)
    )
    with at(date(2026, 3, 13)):
        services.activity_record(
            actor=world.clerk, case=case, kind="views", on=date(2026, 3, 13), summary="意见"
        )
    with at(date(2026, 3, 16)), pytest.raises(StepRefused, match="附带审查"):
        decide(world, case)


def test_ending_a_suspended_case_closes_its_reviews_and_suspension(world):
    case = world.accept(world.file())
    with at(date(2026, 3, 10)):
        review = services.normdoc_review_start(
            actor=world.clerk,
            case=case,
            document_title="甲区某管理办法",
            enacting_body="甲区人民政府",
            competent=True,
        )
    # 第五十六条: 30 days from 3-10 → 4-9.
    assert review.due == date(2026, 4, 9)
    with at(date(2026, 3, 20)):
        case = services.case_terminate(
            actor=world.clerk,
            case=ReconsiderationCase.objects.get(pk=case.pk),
            ground="withdrawn",
            reason="申请人撤回",
        )
    assert not Deadline.objects.filter(subject_id=review.pk, state="running").exists()
    assert case.suspensions.get().resumed_on == date(2026, 3, 20)


def test_deemed_acceptance_is_recorded_on_the_legal_day_even_when_the_job_runs_late(world):
    case = world.file()
    with at(date(2026, 3, 20)):
        services.deemed_acceptances()
    step = StepRecord.objects.get(object_id=case.pk, step="deem_accept")
    from django.utils import timezone

    assert timezone.localdate(step.occurred_at) == date(2026, 3, 9)
    case.refresh_from_db()
    assert case.decision_due == date(2026, 5, 8)


def test_step_data_in_the_ledger_carries_no_reason_text(world):
    case = world.file()
    with at(date(2026, 3, 3)):
        services.application_withdraw(actor=world.clerk, case=case, reason="申请人张三丰因病撤回")
    texts = [str(e.changes) + e.note for e in LedgerEntry.objects.all()]
    assert not any("张三丰" in t for t in texts)


def test_ipv6_senders_are_limited_by_their_64_block(world):
    assert services._client_key("2001:db8::1") == services._client_key("2001:db8::ffff")
    assert services._client_key("2001:db8::1") != services._client_key("2001:db8:0:1::1")


def test_a_case_against_the_office_itself_is_still_handled_by_it(world):
    case = world.file(respondent_unit=world.east.legal_office, act="甲区司法局的某决定")
    case = world.accept(case)
    assert case.state == "accepted"


def test_the_applicant_is_a_different_digest_in_each_case(world):
    first = world.file()
    second = world.file(act="另一行政行为")
    entries = LedgerEntry.objects.filter(record_type="reconsideration.reconsiderationcase")
    digests = {e.record_id: e.changes.get("applicant") for e in entries if "applicant" in e.changes}
    assert digests[str(first.pk)] != digests[str(second.pk)]
    assert not any("receipt_number" in e.changes for e in entries)
