"""The reviewer's findings, each pinned to its article: the second hearing of an instance (出庭
规定第七条), a late answer apart from late evidence (诉讼法第六十七条第二款; 解释第三十四条), the
number of agents (诉讼法第三十一条; 解释第一百二十八条第二款), who is a 负责人 (出庭规定第二条), an
appeal withdrawn (民事诉讼法第一百八十条), an answer after a hearing, several evidence extensions,
the state checks of extensions, one second instance, the head-notice checks at registration,
and text that looks like a formula in the export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from fazhi.deadlines.models import Deadline
from fazhi.litigation import figures, services
from fazhi.litigation.models import EvidenceExtension, LitigationCase
from fazhi.procedures.services import StepRefused

from .conftest import at

pytestmark = pytest.mark.django_db

STAFF_ONLY = {
    "head_appeared": False,
    "staff": "赵一（法规科科员）",
    "staff_authorized": True,
}


def _deadlines(subject, rule_id: str) -> list[Deadline]:
    return list(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            rule_id=rule_id,
        )
    )


# ---- 1. 出庭规定第七条第一款 ----


def test_a_later_hearing_after_the_head_appeared_needs_no_absence_ground_7(world):
    case = world.register(head_required_reasons=["food_drug"])
    world.answer(case)
    world.hear(case, on=date(2025, 11, 4))
    # 出庭规定第七条第一款: the head appeared once in this instance — enough.
    world.hear(world.refresh(case), on=date(2025, 11, 20), **STAFF_ONLY)
    assert world.refresh(case).hearings.count() == 2
    # … unless the court notified the head to appear again: then 第八条、第九条 apply again.
    with pytest.raises(StepRefused) as caught:
        world.hear(world.refresh(case), on=date(2025, 11, 25), head_renotified=True, **STAFF_ONLY)
    assert "第八条" in str(caught.value) and "第九条第一款" in str(caught.value)


def test_the_first_hearing_without_the_head_still_needs_the_ground_8(world):
    case = world.register(head_required_reasons=["food_drug"])
    with pytest.raises(StepRefused, match="第八条"):
        world.hear(case, **STAFF_ONLY)


# ---- 3. 诉讼法第六十七条第二款; 解释第三十四条 ----


def test_a_late_answer_is_not_late_evidence_67(world):
    case = world.register()  # answer due 2025-10-09
    with at(date(2025, 10, 20)):
        services.case_answer(
            actor=world.handler,
            case=case,
            answered_on=date(2025, 10, 20),
            evidence_on=date(2025, 9, 25),
        )
    case = world.refresh(case)
    assert (case.answered_late, case.evidence_late) == (True, False)
    client = Client()
    client.force_login(world.handler)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "第六十七条第二款" in page
    assert "视为没有相应证据" not in page


def _granted(world, case, removed: date) -> EvidenceExtension:
    with at(date(2025, 9, 20)):
        extension = services.extension_request(
            actor=world.handler,
            case=case,
            requested_on=date(2025, 9, 20),
            reason="原始凭证由上级机关调阅",
            evidence="检查笔录",
        )
    with at(date(2025, 9, 22)):
        services.extension_decide(
            actor=world.handler, extension=extension, granted=True, decided_on=date(2025, 9, 22)
        )
    with at(removed):
        return services.extension_resume(
            actor=world.handler, extension=extension, obstacle_removed_on=removed
        )


def test_evidence_under_a_granted_extension_is_judged_by_the_extension_34(world):
    case = world.register()
    extension = _granted(world, case, date(2025, 10, 20))  # evidence due 2025-11-04
    assert extension.due_on == date(2025, 11, 4)
    with at(date(2025, 10, 25)):
        services.case_answer(
            actor=world.handler,
            case=case,
            answered_on=date(2025, 9, 30),
            evidence_on=date(2025, 10, 25),
        )
    case = world.refresh(case)
    assert (case.answered_late, case.evidence_late) == (False, False)


def test_evidence_after_the_extended_period_counts_as_none_34(world):
    case = world.register()
    _granted(world, case, date(2025, 10, 20))  # evidence due 2025-11-04
    with at(date(2025, 11, 5)):
        services.case_answer(
            actor=world.handler,
            case=case,
            answered_on=date(2025, 9, 30),
            evidence_on=date(2025, 11, 5),
        )
    assert world.refresh(case).evidence_late


# ---- 4. 诉讼法第三十一条; 解释第一百二十八条第二款 ----


def test_more_than_two_agents_are_refused_31(world):
    case = world.register()
    with pytest.raises(StepRefused) as caught:
        world.hear(case, staff="赵一、钱二", lawyers="律师甲")
    assert "第三十一条第一款" in str(caught.value)
    assert "第一百二十八条第二款" in str(caught.value)
    world.hear(case, staff="赵一", lawyers="律师甲")  # two: lawful


# ---- 5. 出庭规定第二条 ----


def test_the_deputy_level_head_in_charge_of_the_act_may_appear_2(world):
    case = world.register()
    hearing = world.hear(case, head_kind="deputy_level")
    assert hearing.get_head_kind_display() == "参与分管被诉行政行为实施工作的副职级别的负责人"
    assert hearing.head_own


def test_the_head_must_be_the_agencys_own_2_2(world):
    case = world.register()
    with pytest.raises(StepRefused) as caught:
        world.hear(case, head_own=False)
    assert "委托的组织或者下级行政机关的负责人" in str(caught.value)
    assert "第二条第二款" in str(caught.value)


# ---- 7. 准许撤回上诉 ----


def _second(world, outcome: str = "revoke") -> tuple[LitigationCase, LitigationCase]:
    case = world.register()
    world.answer(case)
    world.hear(case)
    world.judge(case, outcome=outcome)
    with at(date(2025, 12, 10)):
        services.case_appeal(
            actor=world.handler,
            case=world.refresh(case),
            appellant="agency",
            appealed_on=date(2025, 12, 10),
        )
    second = world.register(
        on=date(2026, 1, 5),
        instance="second",
        previous=world.refresh(case),
        court="甲市第一中级人民法院",
        number="（2026）甲01行终1号",
    )
    return case, second


def test_an_appeal_withdrawn_lets_the_first_judgment_take_effect(world):
    _, second = _second(world)
    with at(date(2026, 2, 3)):
        services.judgment_record(
            actor=world.handler,
            case=second,
            document_kind="ruling",
            outcome="appeal_withdrawn",
            number="（2026）甲01行终1号裁定",
            judged_on=date(2026, 2, 1),
            served_on=date(2026, 2, 3),
        )
    second = world.refresh(second)
    assert (second.state, second.result, second.effective_on) == (
        "effective",
        "loss",
        date(2026, 2, 3),
    )
    with at(date(2026, 2, 4)):
        services.execution_add(
            actor=world.handler, case=second, obligor="agency", content="重新作出行政行为"
        )
    assert world.refresh(second).state == "executing"
    counts = figures.yearly(world.supervisor, 2026, today=date(2026, 12, 31)).total
    assert (counts.concluded, counts.loss, counts.withdrawn) == (1, 1, 0)


def test_an_appeal_withdrawn_is_a_second_instance_outcome(world):
    case = world.register()
    with pytest.raises(StepRefused, match="准许撤回上诉"):
        world.judge(case, outcome="appeal_withdrawn", kind="ruling")


# ---- 8. an answer recorded after a hearing ----


def test_an_answer_after_the_hearing_is_recorded_and_stops_the_period_on_its_day(world):
    case = world.register()
    world.hear(case, on=date(2025, 9, 25))
    with at(date(2025, 9, 29)):
        services.case_answer(actor=world.handler, case=case, answered_on=date(2025, 9, 26))
    case = world.refresh(case)
    assert (case.state, case.answered_on) == ("heard", date(2025, 9, 26))
    [deadline] = _deadlines(case, "litigation.answer")
    assert (deadline.state, deadline.stopped_on) == ("stopped", date(2025, 9, 26))
    with pytest.raises(StepRefused):  # once only
        world.answer(case, on=date(2025, 9, 30))


def test_the_answer_period_stops_on_the_answered_date_not_the_entry_day(world):
    case = world.register()
    with at(date(2025, 9, 30)):
        services.case_answer(actor=world.handler, case=case, answered_on=date(2025, 9, 26))
    [deadline] = _deadlines(case, "litigation.answer")
    assert deadline.stopped_on == date(2025, 9, 26)


# ---- 9. several extensions (解释第三十四条) ----


def test_two_extensions_run_side_by_side_and_the_judgment_stops_the_open_one(world):
    case = world.register()
    first = _granted(world, case, date(2025, 10, 20))
    second = _granted(world, case, date(2025, 10, 21))
    assert [d.state for d in _deadlines(first, "litigation.evidence_extension")] == ["running"]
    assert [d.state for d in _deadlines(second, "litigation.evidence_extension")] == ["running"]
    with at(date(2025, 10, 25)):
        services.extension_submit(
            actor=world.handler, extension=first, submitted_on=date(2025, 10, 25)
        )
    [d1] = _deadlines(first, "litigation.evidence_extension")
    [d2] = _deadlines(second, "litigation.evidence_extension")
    assert (d1.state, d1.stopped_on, d2.state) == ("stopped", date(2025, 10, 25), "running")
    world.answer(case, on=date(2025, 10, 26))
    world.hear(case)
    world.judge(case)
    d2.refresh_from_db()
    assert (d2.state, d2.stopped_on, d2.outcome) == ("stopped", date(2025, 12, 1), "案件已审结")


# ---- 10. the case's state for extension decisions and evidence ----


def test_no_extension_decision_or_evidence_after_the_judgment(world):
    case = world.register()
    with at(date(2025, 9, 20)):
        pending = services.extension_request(
            actor=world.handler, case=case, requested_on=date(2025, 9, 20), reason="r", evidence="e"
        )
    granted = _granted(world, case, date(2025, 10, 20))
    world.answer(case, on=date(2025, 10, 26))
    world.hear(case)
    world.judge(case)
    with at(date(2025, 12, 10)):
        with pytest.raises(ValidationError, match="不能再办理延期提供证据"):
            services.extension_decide(
                actor=world.handler, extension=pending, granted=True, decided_on=date(2025, 12, 10)
            )
        with pytest.raises(ValidationError, match="不能再办理延期提供证据"):
            services.extension_submit(
                actor=world.handler, extension=granted, submitted_on=date(2025, 12, 10)
            )
    pending.refresh_from_db()
    granted.refresh_from_db()
    assert (pending.state, granted.submitted_on) == ("pending", None)


# ---- 11. one second instance (诉讼法第七条) ----


def test_a_second_second_instance_is_refused(world):
    first, _ = _second(world)
    with pytest.raises(ValidationError, match="已经登记了第二审案件"):
        world.register(
            on=date(2026, 1, 6),
            instance="second",
            previous=world.refresh(first),
            court="甲市第一中级人民法院",
            number="（2026）甲01行终2号",
        )
    assert LitigationCase.objects.filter(previous=first).count() == 1


# ---- 12. the head notice at registration (出庭规定第四条第一款、第五条) ----


def test_registration_checks_the_court_notice_date(world):
    with pytest.raises(ValidationError, match="须填写出庭通知书送达日期"):
        world.register(head_required_reasons=["court_notice"])
    with pytest.raises(ValidationError, match="不能早于起诉状副本送达日期"):
        world.register(head_required_reasons=["court_notice"], head_notice_on=date(2025, 1, 1))
    assert not LitigationCase.objects.exists()
    case = world.register(head_required_reasons=["court_notice"], head_notice_on=date(2025, 9, 17))
    assert case.head_required and case.head_notice_on == date(2025, 9, 17)


# ---- 13. the export writes entered text as text ----


def test_text_that_looks_like_a_formula_is_exported_as_text(world):
    # (a leading tab or CR is stripped on entry; the export guards against them too)
    entered = ['=HYPERLINK("http://evil/","x")', "+1", "-2", "@SUM(A1)"]
    with at(date(2025, 10, 10)):
        for i, issuer in enumerate(entered):
            services.suggestion_register(
                actor=world.admin,
                unit=world.east.dept_b,
                kind="judicial",
                issuer=issuer,
                number=f"=1+{i}",
                received_on=date(2025, 10, 10),
                due_on=date(2025, 11, 10),
                content="c",
            )
        client = Client()
        client.force_login(world.admin)
        response = client.get("/workspace/litigation/figures/export.xlsx?year=2025")
    sheet = load_workbook(io.BytesIO(response.content))["尚未答复的建议"]
    cells = [cell for row in sheet.iter_rows(min_row=3) for cell in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert set(entered) <= values and "=1+0" in values


def test_the_case_page_shows_each_extensions_own_period(world):
    from django.test import Client

    case = world.register()
    _granted(world, case, date(2025, 10, 20))
    client = Client()
    client.force_login(world.handler)
    with at(date(2025, 10, 21)):
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert "申请延期提供证据期限" in response.content.decode()
