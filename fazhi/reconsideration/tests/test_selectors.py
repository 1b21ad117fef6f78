"""Who sees which case, and what the public sees of one."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from fazhi.reconsideration import selectors, services

from .conftest import APPLICANT_ID, at

pytestmark = pytest.mark.django_db


def test_the_office_sees_its_cases_the_respondent_its_own_and_others_nothing(world):
    against_b = world.file()
    against_a = world.file(respondent_unit=world.east.dept_a, act="教育局的某决定")
    assert set(selectors.cases_for(world.clerk)) == {against_b, against_a}
    # 复议法第四十八条: the respondent sees the application once it is sent the copy.
    assert not selectors.cases_for(world.respondent).exists()
    against_b = world.accept(against_b)
    with at(date(2026, 3, 4)):
        services.copy_send(
            actor=world.clerk,
            case=against_b,
            sent_on=date(2026, 3, 4),
            received_on=date(2026, 3, 4),
        )
    assert list(selectors.cases_for(world.respondent)) == [against_b]
    assert not selectors.cases_for(world.outsider).exists()
    with pytest.raises(Http404):
        selectors.case_for(world.outsider, against_b.pk)
    with pytest.raises(Http404):
        selectors.case_for(world.clerk, "1; DROP TABLE")


def test_the_published_decision_carries_no_personal_data(world):
    case = world.accept(world.file(agent_name="李四光", agent_phone="13912345678"))
    case.decision_reasons = (
        "申请人张三丰（身份证号码" + APPLICANT_ID + "，电话13800138000）委托李四光。"
    )
    case.decision_text = "撤销。"
    text = selectors.redacted_decision(case)
    for secret in ("张三丰", APPLICANT_ID, "13800138000", "李四光", "13912345678"):
        assert secret not in text
    assert "张**" in text and "甲区人民政府行政复议决定书" in text


def test_an_organization_applicant_is_published_by_name(world):
    case = world.file(
        applicant_kind="legal",
        applicant_name="甲区某某餐饮有限公司",
        applicant_id_number="91110108MA01ABCD2H",
    )
    assert selectors.public_applicant(case) == "甲区某某餐饮有限公司"


def test_public_decisions_are_only_the_published(world):
    case = world.file()
    assert not selectors.public_decisions().exists()
    with pytest.raises(Http404):
        selectors.public_decision(case.pk)


def test_the_office_for_a_respondent_is_its_governments_legal_office(world):
    from fazhi.reconsideration.services import office_of

    assert office_of(world.east.div_b) == world.east.legal_office
    # 复议法第二十四条: a case against the district government goes to the government above.
    with pytest.raises(ValidationError, match="第二十四条"):
        office_of(world.east.district)


def test_redaction_keeps_dates_and_hides_numbers(world):
    case = world.file()
    text = selectors.redact(case, "2026-03-20 收到，电话 010-6512 3456，身份证 " + APPLICANT_ID)
    assert text.startswith("2026-03-20 收到") and "6512" not in text and APPLICANT_ID not in text
