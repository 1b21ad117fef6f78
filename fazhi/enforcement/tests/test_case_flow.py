"""A penalty case end to end and the refusals the law requires (行政处罚法, 2021年修订)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.enforcement import services
from fazhi.enforcement.models import Hearing
from fazhi.procedures.services import StepRefused

from .conftest import at, upload

pytestmark = pytest.mark.django_db


def test_ordinary_case_end_to_end(world):
    case = world.open()
    assert case.state == "investigating"
    # 立案 2026-03-02 + 90日 = 2026-05-31, a Sunday: the next working day (第六十条, 第八十五条)
    assert case.decision_due == date(2026, 6, 1)
    case = world.to_ready(case)
    case = world.decide(case)
    assert case.state == "decided"
    assert case.disclosure_due == date(2026, 3, 18)  # 7 working days after 2026-03-09
    with at(date(2026, 3, 10)):
        services.case_serve(
            actor=world.lead, case=case, served_on=date(2026, 3, 10), method="直接送达"
        )
    case = world.refresh(case)
    assert services.payment_due_of(case) == date(2026, 3, 25)
    with at(date(2026, 3, 27)):
        services.payment_record(
            actor=world.lead, case=case, paid_on=date(2026, 3, 27), amount="5300"
        )
        case = world.refresh(case)
        assert case.surcharge == Decimal("300.00")  # 2 days × 3% × 5000 (第七十二条)
        services.case_close(actor=world.lead, case=case)
    assert world.refresh(case).state == "closed"


def test_uncertified_or_single_officer_refused(world):
    with pytest.raises(ValidationError, match="执法证件"):
        world.open(officers=[world.officers["lead"], world.officers["trainee"]])
    case = world.open(officers=[world.officers["lead"]])
    world.investigate(case)
    world.propose(case)
    with pytest.raises(StepRefused, match="不得少于两人"):
        world.notify(case)


def test_limitation_refused_at_opening(world):
    with pytest.raises(ValidationError, match="第三十六条"):
        world.open(occurred_on=date(2024, 3, 1), on=date(2026, 3, 2))
    case = world.open(occurred_on=date(2024, 3, 2), on=date(2026, 3, 2))  # the last day
    assert case.pk


def test_decision_before_required_review_refused(world):
    case = world.open()
    world.investigate(case)
    world.propose(case, major_public_interest=True)
    world.notify(case, waived=True)
    with at(date(2026, 3, 6)), pytest.raises(StepRefused, match="第五十八条"):
        services.case_ready(actor=world.lead, case=case)
    with at(date(2026, 3, 6)):
        services.review_submit(actor=world.lead, case=case)
    with at(date(2026, 3, 6)), pytest.raises(PermissionDenied):
        services.review_record(actor=world.lead, case=case, result="agree", opinion="同意")
    with at(date(2026, 3, 7)):
        services.review_record(
            actor=world.reviewer, case=case, result="agree", opinion="事实清楚，同意。"
        )
    case = world.decide(world.refresh(case))
    assert case.state == "decided" and world.refresh(case).reviewed


def test_fine_outside_benchmark_needs_reason(world):
    case = world.open()
    world.investigate(case)
    with pytest.raises(ValidationError, match="裁量基准上限"):
        world.propose(case, fine="15000")
    world.propose(case, fine="15000", outside_range_reason="多次违法，情节较重")
    with pytest.raises(ValidationError, match="法定上限"):
        world.propose(case, fine="40000", outside_range_reason="x")


def test_hearing_notice_too_late_refused(world):
    case = world.open()
    world.investigate(case)
    world.propose(case, kinds=("fine", "suspension"))
    notice = world.notify(case)
    assert notice.hearing_right
    with at(date(2026, 3, 10)):
        hearing = services.hearing_request(
            actor=world.lead, case=case, requested_on=date(2026, 3, 10)
        )
    with at(date(2026, 3, 12)), pytest.raises(ValidationError, match="第六十四条第二项"):
        services.hearing_notify(
            actor=world.lead,
            hearing=hearing,
            notified_on=date(2026, 3, 12),
            scheduled_on=date(2026, 3, 19),
            place="一会议室",
            chair=world.head,
        )
    with at(date(2026, 3, 12)), pytest.raises(ValidationError, match="非本案调查人员"):
        services.hearing_notify(
            actor=world.lead,
            hearing=hearing,
            notified_on=date(2026, 3, 12),
            scheduled_on=date(2026, 3, 23),
            place="一会议室",
            chair=world.lead,
        )
    with at(date(2026, 3, 12)):
        services.hearing_notify(
            actor=world.lead,
            hearing=hearing,
            notified_on=date(2026, 3, 12),
            scheduled_on=date(2026, 3, 23),
            place="一会议室",
            chair=world.head,
        )
    with at(date(2026, 3, 23)):
        services.hearing_hold(
            actor=world.lead,
            hearing=Hearing.objects.get(pk=hearing.pk),
            held_on=date(2026, 3, 23),
            record="当事人陈述……",
        )
    case = world.refresh(case)
    assert case.hearing_held and case.review_needed


def test_hearing_request_late_refused(world):
    case = world.open()
    world.investigate(case)
    world.propose(case, kinds=("fine", "suspension"))
    world.notify(case)  # 2026-03-05 (Thu): 5 working days → 2026-03-12
    with at(date(2026, 3, 13)), pytest.raises(StepRefused, match="五日内"):
        services.hearing_request(actor=world.lead, case=case, requested_on=date(2026, 3, 13))


def test_evidence_hash_mismatch_refused(world):
    case = world.open()
    with at(date(2026, 3, 3)), pytest.raises(ValidationError, match="SHA-256"):
        services.evidence_add(
            actor=world.lead,
            case=case,
            upload=upload(),
            kind="photo",
            title="照片",
            collected_on=date(2026, 3, 3),
            collected_by=world.officers["lead"],
            declared_sha256="0" * 64,
        )
    assert not case.evidence.exists()


def test_simplified_thresholds(world):
    case = world.open(
        simplified=True, party_kind="person", party_name="张三", party_code="110101199001011234"
    )
    with pytest.raises(ValidationError, match="第五十一条"):
        world.propose(case, fine="300", benchmark_row=None)
    world.propose(case, fine="200", benchmark_row=None, outside_range_reason="")
    with at(date(2026, 3, 4)):
        services.case_decide_on_spot(
            actor=world.lead, case=case, decision_number="甲卫当罚〔2026〕1号"
        )
    assert world.refresh(case).state == "executing"


def test_outsider_cannot_act(world):
    case = world.open()
    with at(date(2026, 3, 3)), pytest.raises(PermissionDenied):
        services.evidence_add(
            actor=world.outsider,
            case=case,
            upload=upload(),
            kind="photo",
            title="照片",
            collected_on=date(2026, 3, 3),
            collected_by=world.officers["lead"],
        )


def test_surcharge_kept_current_by_the_nightly_job(world):
    case = world.decide(world.to_ready(world.open()))
    with at(date(2026, 3, 10)):
        services.case_serve(
            actor=world.lead, case=case, served_on=date(2026, 3, 10), method="直接送达"
        )
    assert services.surcharges_refresh(on=date(2026, 3, 30)) == 1  # due 03-25: 5 days late
    assert world.refresh(case).surcharge == Decimal("750.00")
    assert services.surcharges_refresh(on=date(2026, 3, 30)) == 0


# ---- the refusals a reviewer found reachable, now closed -----------------------------------------


def test_a_proposal_changed_after_notice_needs_a_new_notice(world):
    case = world.to_ready(world.open())
    world.propose(case, fine="8000", on=date(2026, 3, 6))
    with pytest.raises(StepRefused, match="重新告知"):
        world.decide(case)
    world.notify(case, on=date(2026, 3, 9), waived=True, proposal="罚款人民币8000元")
    with at(date(2026, 3, 9)):
        services.case_ready(actor=world.lead, case=case)
    assert world.decide(case, on=date(2026, 3, 10)).state == "decided"


def test_a_required_review_cannot_be_cleared_after_investigation(world):
    case = world.open()
    world.investigate(case)
    world.propose(case, major_public_interest=True)
    world.notify(case, waived=True)
    with pytest.raises(ValidationError, match="不能取消"):
        world.propose(case, major_public_interest=False, on=date(2026, 3, 6))
    assert world.refresh(case).review_needed


def test_no_penalty_from_investigation_without_notice(world):
    case = world.open()
    world.investigate(case)
    world.propose(case)
    with pytest.raises(StepRefused, match="须先告知"):
        world.decide(case)
    assert world.decide(case, outcome="not_established", decision_number="").state == "decided"


def test_a_fine_without_the_benchmark_circumstance_needs_a_reason(world):
    case = world.open()
    world.investigate(case)
    world.propose(case, benchmark_row=None)
    with pytest.raises(StepRefused, match="须选择适用的违法情节"):
        world.notify(case)


def test_a_mandatory_exemption_cannot_be_punished(world):
    mandatory = world.item.exemptions.create(
        kind="mandatory",
        circumstance="轻微并及时改正",
        effective_from=date(2025, 1, 1),
        source="清单",
    )
    case = world.open()
    world.investigate(case)
    world.propose(case, exemption=mandatory)
    world.notify(case, waived=True)
    with at(date(2026, 3, 6)):
        services.case_ready(actor=world.lead, case=case)
    with pytest.raises(StepRefused, match="第三十三条第一款"):
        world.decide(case)


def test_only_the_bodys_own_head_decides(world):
    from fazhi.core.models import Role
    from fazhi.core.tests.factories import PersonFactory

    with at(date(2026, 1, 5)):
        mayor = PersonFactory(unit=world.east.district, role=Role.LEADER, name="区长")
    case = world.to_ready(world.open())
    with at(date(2026, 3, 9)), pytest.raises(PermissionDenied):
        services.case_decide(
            actor=mayor,
            case=case,
            outcome="penalty",
            decision_number="X1",
            decided_on=date(2026, 3, 9),
        )


def test_a_colleague_not_on_the_case_cannot_investigate(world):
    case = world.open(officers=[world.officers["lead"], world.officers["second"]])
    with at(date(2026, 3, 3)), pytest.raises(PermissionDenied, match="办案人员"):
        services.evidence_add(
            actor=world.trainee,
            case=case,
            upload=upload(),
            kind="photo",
            title="照片",
            collected_on=date(2026, 3, 3),
            collected_by=world.officers["lead"],
        )


def test_payment_cannot_exceed_what_is_owed(world):
    case = world.decide(world.to_ready(world.open()))
    with at(date(2026, 3, 10)):
        services.case_serve(
            actor=world.lead, case=case, served_on=date(2026, 3, 10), method="直接送达"
        )
        with pytest.raises(ValidationError, match="超过尚欠"):
            services.payment_record(
                actor=world.lead, case=case, paid_on=date(2026, 3, 10), amount="999999"
            )


def test_an_unperformed_decision_stays_public_past_its_period(world, settings):
    from fazhi.enforcement.selectors import public_publications

    settings.FAZHI_PUBLICATION_MONTHS_ORDINARY = 3
    case = world.decide(world.to_ready(world.open()))
    with at(date(2026, 3, 10)):
        services.case_serve(
            actor=world.lead, case=case, served_on=date(2026, 3, 10), method="直接送达"
        )
        publication = services.publish(actor=world.lead, case=case)
    assert publication.ends_on == date(2026, 6, 10)
    assert public_publications(date(2026, 7, 1)).filter(pk=publication.pk).exists()  # unpaid
    with at(date(2026, 7, 1)), pytest.raises(ValidationError, match="尚未履行"):
        services.publication_end_early(actor=world.head, publication=publication, reason="申请")
