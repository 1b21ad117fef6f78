"""A suit through its instances: registration (answer period started from service), answer,
hearing with the head, first-instance judgment (appeal period started from its service),
appeal, the second instance, final judgment, execution and closing; withdrawal and mediation;
the co-defendant rule and the plaintiff's filing period."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from fazhi.deadlines.models import Deadline
from fazhi.litigation import services
from fazhi.litigation.models import LitigationCase

from .conftest import at

pytestmark = pytest.mark.django_db


def deadlines(case, state="running") -> dict[str, date]:
    return dict(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(LitigationCase),
            subject_id=case.pk,
            state=state,
        ).values_list("rule_id", "due_date")
    )


def test_registration_starts_the_answer_period_from_service(world):
    # 行政诉讼法第六十七条第一款: served Wednesday 2025-09-17; day 15 is 2025-10-02, in the
    # National Day and Mid-Autumn holiday (10-01 … 10-08): due Thursday 2025-10-09.
    case = world.register(on=date(2025, 9, 17))
    assert case.state == "served"
    assert case.answer_due == date(2025, 10, 9)
    assert deadlines(case) == {"litigation.answer": date(2025, 10, 9)}
    assert not case.co_defendant and not case.filing_late
    # 第四十六条第一款: known 2025-06-05, six months → 2025-12-05 (Friday).
    assert (case.filing_due, case.filing_article) == (date(2025, 12, 5), "第四十六条第一款")


def test_first_instance_to_appeal_and_second_instance_to_closing(world):
    case = world.register()
    world.answer(case, on=date(2025, 9, 26), normative_documents="《公共场所卫生管理条例》")
    case = world.refresh(case)
    assert (case.state, case.answered_late) == ("answered", False)
    assert "litigation.answer" not in deadlines(case)

    world.hear(case, on=date(2025, 11, 4))
    case = world.refresh(case)
    assert (case.state, case.first_heard_on, case.head_appeared) == (
        "heard",
        date(2025, 11, 4),
        True,
    )

    # Revoked at first instance, served Wednesday 2025-12-03: appeal within 15 days → 12-18.
    world.judge(case, outcome="revoke", judged=date(2025, 12, 1), served=date(2025, 12, 3))
    case = world.refresh(case)
    assert (case.state, case.result, case.appeal_due) == ("judged", "loss", date(2025, 12, 18))
    assert deadlines(case) == {"litigation.appeal": date(2025, 12, 18)}

    with at(date(2025, 12, 15)):
        services.case_appeal(
            actor=world.head, case=case, appellant="agency", appealed_on=date(2025, 12, 15)
        )
    case = world.refresh(case)
    assert (case.state, case.appellant) == ("appealed", "agency")
    assert deadlines(case) == {}

    second = world.register(
        on=date(2026, 1, 12),
        instance="second",
        previous=case,
        court="某市第一中级人民法院",
        number="（2026）某01行终8号",
    )
    assert second.answer_due is None  # 第六十七条 is the first instance's period
    world.hear(second, on=date(2026, 3, 10))
    # Appeal dismissed: the first instance's result (a loss) stands; final on service.
    second = world.judge(
        second,
        outcome="appeal_dismissed",
        judged=date(2026, 3, 20),
        served=date(2026, 3, 24),
        number="（2026）某01行终8号判决",
    )
    assert (second.state, second.result, second.effective_on) == (
        "effective",
        "loss",
        date(2026, 3, 24),
    )
    with at(date(2026, 3, 25)):
        execution = services.execution_add(
            actor=world.handler,
            case=second,
            obligor="agency",
            content="重新作出行政行为",
            due_on=date(2026, 5, 24),
        )
    with at(date(2026, 4, 20)):
        with pytest.raises(Exception, match="尚有1项裁判确定的义务未履行完毕"):
            services.case_close(actor=world.handler, case=second)
        services.execution_perform(
            actor=world.handler, execution=execution, performed_on=date(2026, 4, 20)
        )
        services.case_close(actor=world.handler, case=second)
    second = world.refresh(second)
    assert (second.state, second.closed_on) == ("closed", date(2026, 4, 20))


def test_a_judgment_for_the_agency_takes_effect_after_the_appeal_period(world):
    case = world.register()
    world.answer(case)
    world.hear(case)
    world.judge(case, outcome="reject_claim", served=date(2025, 12, 3))
    case = world.refresh(case)
    with at(date(2025, 12, 18)), pytest.raises(Exception, match="上诉期限至2025年12月18日届满"):
        services.case_effective(actor=world.handler, case=case, effective_on=date(2025, 12, 18))
    with at(date(2025, 12, 22)):
        services.case_effective(actor=world.handler, case=case, effective_on=date(2025, 12, 19))
        services.case_close(actor=world.handler, case=world.refresh(case))
    case = world.refresh(case)
    assert (case.state, case.result, case.effective_on) == ("closed", "win", date(2025, 12, 19))


def test_withdrawal_ends_the_instance_and_stops_the_answer_period(world):
    case = world.register()
    world.judge(
        case,
        outcome="withdrawal",
        kind="ruling",
        judged=date(2025, 9, 25),
        served=date(2025, 9, 26),
    )
    case = world.refresh(case)
    assert (case.state, case.result, case.appeal_due) == ("withdrawn", "withdrawn", None)
    assert deadlines(case) == {}


def test_mediation_and_its_performance(world):
    case = world.register(act_kind="expropriation", act="征收补偿决定")
    world.answer(case)
    world.hear(case)
    case = world.judge(
        case,
        outcome="mediation",
        kind="mediation",
        judged=date(2025, 11, 10),
        served=date(2025, 11, 10),
    )
    assert (case.state, case.result, case.effective_on) == (
        "mediated",
        "mediated",
        date(2025, 11, 10),
    )
    with at(date(2025, 11, 11)), pytest.raises(Exception, match="须登记履行情况"):
        services.case_close(actor=world.handler, case=case)
    with at(date(2025, 11, 12)):
        services.case_close(actor=world.handler, case=case, close_note="补偿款已于调解当日当庭支付")
    assert world.refresh(case).state == "closed"


def test_reconsideration_upheld_makes_the_reconsideration_body_co_defendant(world):
    # 解释第一百三十三条、第一百三十四条; 诉讼法第四十五条: 15 days from receiving the decision.
    case = world.register(
        reconsideration_body="甲区人民政府",
        reconsideration_result="rejected",
        reconsideration_served_on=date(2025, 8, 20),
        filed_on=date(2025, 9, 5),
    )
    assert case.co_defendant
    # 2025-08-20 + 15 days = 2025-09-04 (Thursday): the suit of 09-05 was late.
    assert (case.filing_due, case.filing_article, case.filing_late) == (
        date(2025, 9, 4),
        "第四十五条",
        True,
    )
    inadmissible = world.register(
        reconsideration_body="甲区人民政府",
        reconsideration_result="inadmissible",
        reconsideration_served_on=date(2025, 8, 25),
    )
    assert not inadmissible.co_defendant and not inadmissible.filing_late
