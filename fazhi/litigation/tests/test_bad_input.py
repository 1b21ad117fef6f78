"""Bad input gets a clear Chinese message and nothing is half-saved: missing fields, dates in
the future or in the wrong order, another agency's records, steps the law does not allow now,
periods already run."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.deadlines.models import Deadline
from fazhi.ledger.models import LedgerEntry
from fazhi.litigation import services
from fazhi.litigation.models import (
    EvidenceExtension,
    Execution,
    Hearing,
    LitigationCase,
    Suggestion,
)
from fazhi.procedures.models import StepRecord
from fazhi.procedures.services import StepForbidden, StepRefused

from .conftest import at

pytestmark = pytest.mark.django_db


def snapshot():
    return tuple(
        model.objects.count()
        for model in (
            LitigationCase,
            Hearing,
            EvidenceExtension,
            Execution,
            Suggestion,
            Deadline,
            StepRecord,
            LedgerEntry,
        )
    )


@pytest.fixture
def unchanged():
    """Call `unchanged(fn, exception, message)`: it must fail so and leave every table as it was."""

    def check(fn, exception, message):
        before = snapshot()
        with pytest.raises(exception) as caught:
            fn()
        assert message in " ".join(getattr(caught.value, "messages", [str(caught.value)]))
        assert snapshot() == before

    return check


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"court": ""}, "请填写受理法院。"),
        ({"number": "  "}, "请填写案号。"),
        ({"plaintiff": ""}, "请填写原告。"),
        ({"act": ""}, "请填写被诉行政行为。"),
        ({"served_on": None}, "请填写起诉状（上诉状）副本送达日期。"),
        ({"served_on": "2025-02-30"}, "起诉状（上诉状）副本送达日期不是有效的日期。"),
        ({"served_on": date(2025, 9, 30)}, "不能晚于今天"),
        ({"instance": "third"}, "审级无效：third。"),
        ({"act_kind": ""}, "请选择有效的行政行为类别。"),
        ({"plaintiff_kind": "robot"}, "原告类型无效"),
        (
            {"served_on": date(2025, 9, 10), "filed_on": date(2025, 9, 12)},
            "起诉状副本送达日期（2025年9月10日）不能早于原告起诉日期（2025年9月12日）",
        ),
        (
            {"known_on": date(2025, 6, 1)},
            "原告知道行政行为之日（2025年6月1日）不能早于行政行为作出日期",
        ),
        ({"reconsideration_body": "甲区人民政府"}, "须同时写明复议机关和复议结果"),
        ({"reconsideration_result": "upheld"}, "须同时写明复议机关和复议结果"),
        ({"unit_is_division": True}, "内设机构不能作为被告"),
    ],
)
def test_registration_refusals(world, unchanged, values, message):
    if values.pop("unit_is_division", False):
        values["unit"] = world.east.div_b
        values["actor"] = world.division
    unchanged(lambda: world.register(on=date(2025, 9, 17), **values), Exception, message)


def test_a_number_is_registered_once(world, unchanged):
    world.register(number="（2025）甲0101行初1号")
    unchanged(
        lambda: world.register(number="（2025）甲0101行初1号"),
        ValidationError,
        "案号“（2025）甲0101行初1号”已经登记。",
    )


def test_another_agency_cannot_register_or_act(world, unchanged):
    unchanged(
        lambda: world.register(actor=world.outsider),
        PermissionDenied,
        "只有甲区卫健委的工作人员",
    )
    # The 司法局 supervises: it reads, it does not answer for the agency.
    unchanged(lambda: world.register(actor=world.supervisor), PermissionDenied, "只有甲区卫健委")
    case = world.register()
    for person in (world.outsider, world.supervisor, world.stranger, world.division):
        with at(date(2025, 9, 20)):
            unchanged(
                lambda p=person: services.case_answer(
                    actor=p, case=case, answered_on=date(2025, 9, 20)
                ),
                PermissionDenied,
                "只有甲区卫健委的工作人员",
            )


def test_a_previous_instance_of_another_agency_or_in_the_wrong_state(world, unchanged):
    other = world.register(unit=world.east.dept_a, actor=world.outsider, number="教育局1号")
    unchanged(
        lambda: world.register(instance="second", previous=other),
        ValidationError,
        "原审案件不是本机关的应诉案件。",
    )
    first = world.register()
    unchanged(
        lambda: world.register(instance="second", previous=first),
        ValidationError,
        "尚未登记上诉，不能登记二审",
    )
    unchanged(
        lambda: world.register(instance="first", previous=first),
        ValidationError,
        "不是发回重审的案件",
    )


def test_answer_refusals(world, unchanged):
    case = world.register(on=date(2025, 9, 17))
    with at(date(2025, 9, 20)):
        unchanged(
            lambda: services.case_answer(actor=world.handler, case=case, answered_on=None),
            ValidationError,
            "请填写提交答辩状日期。",
        )
        unchanged(
            lambda: services.case_answer(
                actor=world.handler, case=case, answered_on=date(2025, 9, 25)
            ),
            ValidationError,
            "不能晚于今天",
        )
        unchanged(
            lambda: services.case_answer(
                actor=world.handler, case=case, answered_on=date(2025, 9, 15)
            ),
            StepRefused,
            "提交答辩状日期（2025年9月15日）不能早于收到起诉状副本之日（2025年9月17日）。",
        )


def test_a_late_answer_is_recorded_and_marked(world):
    case = world.register(on=date(2025, 9, 17))  # due 2025-10-09
    world.answer(case, on=date(2025, 10, 10))
    assert world.refresh(case).answered_late


def test_extension_outside_the_15_days_is_refused_34(world, unchanged):
    case = world.register(on=date(2025, 9, 17))  # request due 2025-10-09
    with at(date(2025, 10, 10)):
        unchanged(
            lambda: services.extension_request(
                actor=world.handler,
                case=case,
                requested_on=date(2025, 10, 10),
                reason="档案因水灾受损，正在修复",
                evidence="现场检查笔录原件",
            ),
            ValidationError,
            "期限已于2025年10月9日届满",
        )
        unchanged(
            lambda: services.extension_request(
                actor=world.handler,
                case=case,
                requested_on=date(2025, 10, 9),
                reason="",
                evidence="现场检查笔录原件",
            ),
            ValidationError,
            "请填写不能按期提供证据的正当事由。",
        )


def test_extension_through_the_court_and_the_late_evidence_34(world):
    case = world.register(on=date(2025, 9, 17))
    with at(date(2025, 10, 9)):
        extension = services.extension_request(
            actor=world.handler,
            case=case,
            requested_on=date(2025, 10, 9),
            reason="档案因水灾受损，正在修复",
            evidence="现场检查笔录原件",
        )
        with pytest.raises(ValidationError, match="法院准许延期提供证据后"):
            services.extension_resume(
                actor=world.handler, extension=extension, obstacle_removed_on=date(2025, 10, 9)
            )
    with at(date(2025, 10, 13)):
        services.extension_decide(
            actor=world.handler, extension=extension, granted=True, decided_on=date(2025, 10, 13)
        )
    with at(date(2026, 1, 31)):
        # Obstacle removed Saturday 2026-01-31: +15 = 2026-02-15, Spring Festival → 02-24.
        extension = services.extension_resume(
            actor=world.handler, extension=extension, obstacle_removed_on=date(2026, 1, 31)
        )
    assert extension.due_on == date(2026, 2, 24)
    with at(date(2026, 2, 25)):
        extension = services.extension_submit(
            actor=world.handler, extension=extension, submitted_on=date(2026, 2, 25)
        )
    assert extension.late  # 解释第三十四条: deemed to have no such evidence


def test_judgment_refusals(world, unchanged):
    case = world.register(on=date(2025, 9, 17))
    world.answer(case)
    world.hear(case, on=date(2025, 11, 4))
    judge = world.judge
    unchanged(lambda: judge(case, outcome="revoke", kind="ruling"), StepRefused, "须以判决作出")
    unchanged(
        lambda: judge(case, outcome="appeal_dismissed"),
        StepRefused,
        "是第二审（或按第二审程序再审）",
    )
    unchanged(
        lambda: judge(case, judged=date(2025, 11, 1), served=date(2025, 11, 3)),
        StepRefused,
        "裁判日期不能早于开庭日期（2025年11月4日）",
    )
    with at(date(2025, 12, 10)):
        unchanged(
            lambda: services.judgment_record(
                actor=world.handler,
                case=case,
                document_kind="judgment",
                outcome="revoke",
                number="（2025）甲0101行初1号判决",
                judged_on=date(2025, 12, 5),
                served_on=date(2025, 12, 3),
            ),
            StepRefused,
            "裁判文书送达日期不能早于裁判日期。",
        )
    unchanged(lambda: judge(case, outcome="guilty"), ValidationError, "裁判结果无效：guilty。")
    unchanged(lambda: judge(case, number=""), ValidationError, "请填写裁判文书号。")


def test_an_amended_judgment_needs_its_result_stated(world, unchanged):
    first = world.register()
    world.judge(first, outcome="revoke", judged=date(2025, 12, 1), served=date(2025, 12, 3))
    with at(date(2025, 12, 10)):
        services.case_appeal(
            actor=world.handler, case=first, appellant="agency", appealed_on=date(2025, 12, 10)
        )
    second = world.register(
        on=date(2026, 1, 12), instance="second", previous=first, number="（2026）某01行终9号"
    )
    unchanged(
        lambda: world.judge(
            second, outcome="amended", judged=date(2026, 3, 1), served=date(2026, 3, 2)
        ),
        StepRefused,
        "须写明裁判结果对本机关是胜诉还是败诉",
    )
    second = world.judge(
        second, outcome="amended", result="win", judged=date(2026, 3, 1), served=date(2026, 3, 2)
    )
    assert (second.state, second.result) == ("effective", "win")


def test_appeal_after_the_period_is_refused_85(world, unchanged):
    case = world.register()
    # A ruling dismissing the suit, served Wednesday 2025-12-03: 10 days → Saturday 12-13 →
    # Monday 2025-12-15.
    case = world.judge(
        case,
        outcome="dismiss_suit",
        kind="ruling",
        judged=date(2025, 12, 1),
        served=date(2025, 12, 3),
    )
    assert case.appeal_due == date(2025, 12, 15)
    with at(date(2025, 12, 16)):
        unchanged(
            lambda: services.case_appeal(
                actor=world.handler, case=case, appellant="agency", appealed_on=date(2025, 12, 16)
            ),
            StepRefused,
            "上诉期限已于2025年12月15日届满",
        )
        # The plaintiff's own period runs from its own service: the agency records it.
        services.case_appeal(
            actor=world.handler, case=case, appellant="plaintiff", appealed_on=date(2025, 12, 16)
        )
    assert world.refresh(case).state == "appealed"


def test_steps_out_of_order(world, unchanged):
    case = world.register()
    with at(date(2025, 9, 30)):
        unchanged(
            lambda: services.case_appeal(
                actor=world.handler, case=case, appellant="agency", appealed_on=date(2025, 9, 30)
            ),
            StepRefused,
            "“提起上诉”只能在“已裁判，上诉期内”时办理",
        )
        unchanged(
            lambda: services.execution_add(
                actor=world.handler, case=case, obligor="agency", content="重新作出"
            ),
            ValidationError,
            "裁判（调解书）发生法律效力后方可登记执行",
        )
        unchanged(
            lambda: services.case_close(actor=world.handler, case=case),
            StepRefused,
            "“结案”只能在",
        )
    world.answer(case)
    with at(date(2025, 10, 2)):
        unchanged(
            lambda: services.case_answer(
                actor=world.handler, case=case, answered_on=date(2025, 10, 2)
            ),
            StepRefused,
            "只能在“收到起诉状（上诉状）副本”时办理",
        )


def test_a_post_in_a_division_does_not_reach_the_agency(world):
    case = world.register()
    with at(date(2025, 9, 20)), pytest.raises((PermissionDenied, StepForbidden)):
        services.hearing_record(
            actor=world.division, case=case, held_on=date(2025, 9, 20), head_appeared=False
        )
