"""Who appears for the agency (行政诉讼法第三条第三款; 解释第一百二十八条至第一百三十二条; 出庭规定
第四条至第九条), through the service: the flags of the cases the head must attend, refusals with
their article, nothing saved when refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.ledger.models import LedgerEntry
from fazhi.litigation import services
from fazhi.litigation.models import Hearing
from fazhi.procedures.services import StepRefused

from .conftest import HEAD, at, upload

pytestmark = pytest.mark.django_db

STAFF_ONLY = {
    "head_appeared": False,
    "staff": "赵一（法规科科员）、钱二（科员）",
    "staff_authorized": True,
    "absence_ground": "official_duty",
    "absence_reason": "负责人须出席区政府常务会议，他人不能代替",
}


def refused(world, case, **values) -> str:
    before = (LedgerEntry.objects.count(), Hearing.objects.count())
    with pytest.raises(StepRefused) as caught:
        world.hear(case, **values)
    assert (LedgerEntry.objects.count(), Hearing.objects.count()) == before
    assert world.refresh(case).state == case.state
    return str(caught.value)


def test_flags_at_registration_and_later(world):
    case = world.register(head_required_reasons=["food_drug", "attention"])
    assert case.head_required
    assert case.head_required_labels == ["涉及食品药品安全", "社会高度关注"]
    plain = world.register()
    assert not plain.head_required
    with at(date(2025, 10, 20)):
        with pytest.raises(ValidationError, match="须填写出庭通知书送达日期"):
            services.head_flags_set(actor=world.handler, case=plain, reasons=["court_notice"])
        services.head_flags_set(
            actor=world.handler,
            case=plain,
            reasons=["court_notice"],
            notice_on=date(2025, 10, 20),
        )
    assert world.refresh(plain).head_required
    with pytest.raises(ValidationError, match="负责人应当出庭的情形无效"):
        world.register(head_required_reasons=["whatever"])


def test_the_head_appears(world):
    case = world.register(head_required_reasons=["ecology"])
    hearing = world.hear(case)
    assert (hearing.head_name, hearing.head_kind, hearing.head_proof) == ("王建华", "deputy", True)
    case = world.refresh(case)
    assert case.head_appeared and case.state == "heard"


def test_a_lawyer_alone_is_refused(world):
    case = world.register()
    message = refused(world, case, head_appeared=False, staff="", lawyers="某律师事务所孙律师")
    assert "不得仅委托律师出庭" in message and "第一百二十八条第二款" in message


def test_nobody_for_the_agency_is_refused(world):
    case = world.register()
    message = refused(world, case, head_appeared=False, staff="", lawyers="")
    assert "须有行政机关负责人或者相应的工作人员出庭应诉" in message


def test_the_head_needs_a_kind_and_identity_proof(world):
    case = world.register()
    message = refused(world, case, head_kind="", head_proof=True)
    assert "参与分管被诉行政行为实施工作的副职级别的负责人或者其他参与分管的负责人" in message
    message = refused(world, case, head_proof=False)
    assert "身份证明" in message and "第六条第一款" in message


def test_staff_without_the_heads_reason_is_refused(world):
    case = world.register()
    message = refused(world, case, **{**STAFF_ONLY, "absence_ground": "", "absence_reason": ""})
    assert "须选择不能出庭的情形" in message and "第八条" in message
    message = refused(world, case, **{**STAFF_ONLY, "staff_authorized": False})
    assert "授权委托书" in message and "第一百三十一条第二款" in message


def test_staff_with_the_reason_in_an_ordinary_case(world):
    case = world.register()
    hearing = world.hear(case, **STAFF_ONLY)
    assert not hearing.head_appeared and hearing.absence_ground == "official_duty"
    assert not world.refresh(case).head_appeared


def test_staff_alone_where_the_head_must_appear_needs_proof(world):
    case = world.register(head_required_reasons=["mass_incident"])
    message = refused(world, case, **STAFF_ONLY)
    assert "证明材料" in message and "第九条第一款" in message
    hearing = world.hear(case, **STAFF_ONLY, absence_proof=upload())
    assert len(hearing.absence_proof) == 64 and hearing.absence_proof_name == "情况说明.pdf"


def test_one_appearance_per_instance_counts_and_the_first_hearing_date_is_kept(world):
    case = world.register(head_required_reasons=["public_health"])
    world.hear(case, on=date(2025, 11, 4), **STAFF_ONLY, absence_proof=upload())
    world.hear(case, on=date(2025, 11, 20))
    case = world.refresh(case)
    assert (case.first_heard_on, case.head_appeared) == (date(2025, 11, 4), True)
    assert case.hearings.count() == 2


def test_hearing_dates(world):
    case = world.register(on=date(2025, 9, 17))
    message = refused(world, case, on=date(2025, 9, 10))
    assert "开庭日期不能早于收到起诉状副本之日" in message
    with at(date(2025, 10, 1)), pytest.raises(StepRefused, match="开庭日期不能晚于今天"):
        services.hearing_record(actor=world.handler, case=case, held_on=date(2025, 10, 9), **HEAD)
