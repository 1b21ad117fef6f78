"""Every period of litigation with its article, across the 2025 and 2026 holidays, computed by
hand from the State Council's notices (国办发明电〔2024〕12号 for 2025: 国庆节、中秋节 10月1日至
8日放假，9月28日（星期日）、10月11日（星期六）上班; 国办发明电〔2025〕7号 for 2026: 元旦 1月1日至
3日放假，1月4日（星期日）上班; 春节 2月15日至23日放假，2月14日（星期六）、2月28日（星期六）上班;
劳动节 5月1日至5日放假，5月9日（星期六）上班; 国庆节 10月1日至7日放假，9月20日（星期日）、
10月10日（星期六）上班).

The count starts the day after the triggering day (民事诉讼法第八十五条第二款, 行政诉讼法第一百
零一条); a last day that is a rest day moves to the next working day (第八十五条第三款)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.litigation import law

pytestmark = pytest.mark.django_db


# ---- 行政诉讼法第六十七条第一款: answer, evidence and normative documents, 15 days ---------------


@pytest.mark.parametrize(
    ("served", "due"),
    [
        # Wednesday 2025-09-17 + 15 = 2025-10-02, in the holiday → Thursday 2025-10-09.
        (date(2025, 9, 17), date(2025, 10, 9)),
        # Tuesday 2025-09-16 + 15 = 2025-10-01 (National Day) → 2025-10-09.
        (date(2025, 9, 16), date(2025, 10, 9)),
        # Friday 2025-09-12 + 15 = Saturday 2025-09-27, a rest day → Sunday 09-28, a working day.
        (date(2025, 9, 12), date(2025, 9, 28)),
        # Thursday 2026-09-17 + 15 = 2026-10-02, in the holiday (10-01 … 10-07) → 2026-10-08.
        (date(2026, 9, 17), date(2026, 10, 8)),
        # Friday 2026-02-06 + 15 = Saturday 2026-02-21, Spring Festival (02-15 … 02-23) → 02-24.
        (date(2026, 2, 6), date(2026, 2, 24)),
        # Thursday 2026-04-16 + 15 = Friday 2026-05-01, Labour Day (05-01 … 05-05) → 05-06.
        (date(2026, 4, 16), date(2026, 5, 6)),
        # Sunday 2025-12-21 + 15 = Monday 2026-01-05, an ordinary working day.
        (date(2025, 12, 21), date(2026, 1, 5)),
        # Tuesday 2025-12-16 + 15 = Wednesday 2025-12-31.
        (date(2025, 12, 16), date(2025, 12, 31)),
    ],
)
def test_answer_due_67(served, due):
    assert law.answer_due(served) == due


# ---- 解释第三十四条: request to extend, within the same 15 days; then 15 days from the end of
# the obstacle ----------------------------------------------------------------------------------


def test_extension_request_due_34_is_the_answer_period():
    # Served 2025-09-17: the written request is due the same day as the answer, 2025-10-09.
    assert law.extension_request_due(date(2025, 9, 17)) == date(2025, 10, 9)


@pytest.mark.parametrize(
    ("removed", "due"),
    [
        # Obstacle removed Friday 2026-01-30 + 15 = Saturday 2026-02-14, an adjusted working
        # day of the Spring Festival notice: due that Saturday.
        (date(2026, 1, 30), date(2026, 2, 14)),
        # Removed Saturday 2026-01-31 + 15 = Sunday 2026-02-15, the first day of the holiday
        # (02-15 … 02-23) → Tuesday 2026-02-24.
        (date(2026, 1, 31), date(2026, 2, 24)),
    ],
)
def test_extended_evidence_due_34(removed, due):
    assert law.extended_evidence_due(removed) == due


# ---- 行政诉讼法第八十五条: appeal, 15 days for a judgment, 10 for a ruling -----------------------


@pytest.mark.parametrize(
    ("served", "judgment", "ruling"),
    [
        # Wednesday 2025-09-17: +15 = 10-02 (holiday) → 10-09; +10 = Saturday 09-27 → Sunday
        # 09-28, a working day under the notice.
        (date(2025, 9, 17), date(2025, 10, 9), date(2025, 9, 28)),
        # Thursday 2026-09-17: +15 = 10-02 → 10-08; +10 = Sunday 09-27 → Monday 09-28 (09-20 is
        # the adjusted working Sunday, not 09-27).
        (date(2026, 9, 17), date(2026, 10, 8), date(2026, 9, 28)),
        # Thursday 2026-02-05: +15 = Friday 02-20, in the Spring Festival → 02-24; +10 = Sunday
        # 02-15, the holiday's first day → 02-24.
        (date(2026, 2, 5), date(2026, 2, 24), date(2026, 2, 24)),
        # Sunday 2026-01-25: +15 = Monday 02-09; +10 = Wednesday 02-04.
        (date(2026, 1, 25), date(2026, 2, 9), date(2026, 2, 4)),
        # Thursday 2025-12-25: +15 = Friday 2026-01-09; +10 = Sunday 2026-01-04, the adjusted
        # working Sunday of New Year's Day: due that Sunday.
        (date(2025, 12, 25), date(2026, 1, 9), date(2026, 1, 4)),
    ],
)
def test_appeal_due_85_judgment_15_ruling_10(served, judgment, ruling):
    assert law.appeal_due(law.JUDGMENT, served) == judgment
    assert law.appeal_due(law.RULING, served) == ruling
    assert law.appeal_rule(law.JUDGMENT) == "litigation.appeal"
    assert law.appeal_rule(law.RULING) == "litigation.appeal_ruling"


# ---- the plaintiff's filing period: 第四十六条第一款 (6 months), 第四十五条 (15 days) ------------


@pytest.mark.parametrize(
    ("known", "due"),
    [
        # 2025-10-01 + 6 months = Thursday 2026-04-01.
        (date(2025, 10, 1), date(2026, 4, 1)),
        # 2025-08-01 + 6 months = Sunday 2026-02-01 → Monday 02-02.
        (date(2025, 8, 1), date(2026, 2, 2)),
        # 2025-08-17 + 6 months = 2026-02-17, Spring Festival → 2026-02-24.
        (date(2025, 8, 17), date(2026, 2, 24)),
        # 2025-08-31 + 6 months: February has no 31st → its last day, Saturday 2026-02-28, an
        # adjusted working day of the Spring Festival notice.
        (date(2025, 8, 31), date(2026, 2, 28)),
    ],
)
def test_filing_due_46(known, due):
    assert law.filing_due(known_on=known) == (due, "第四十六条第一款")


def test_filing_due_45_after_reconsideration():
    # Received the decision Thursday 2025-09-18: +15 = Friday 10-03 (holiday) → 2025-10-09.
    assert law.filing_due(
        known_on=date(2025, 6, 1),
        reconsideration_result="upheld",
        reconsideration_served_on=date(2025, 9, 18),
    ) == (date(2025, 10, 9), "第四十五条")
    # No decision (逾期未作决定): the 15 days of 第四十五条 run from the end of the reconsideration
    # period, which the agency does not know; the six months of 第四十六条 apply to the act.
    assert law.filing_due(
        known_on=date(2025, 10, 1),
        reconsideration_result="no_decision",
        reconsideration_served_on=None,
    ) == (date(2026, 4, 1), "第四十六条第一款")
    assert law.filing_due(known_on=None) is None


# ---- 解释第一百三十三条、第一百三十四条: co-defendant --------------------------------------------


@pytest.mark.parametrize(
    ("result", "co"),
    [
        ("upheld", True),
        ("rejected", True),  # 第一百三十三条: rejecting the request is upholding
        ("partly", True),  # 第一百三十四条第二款
        ("inadmissible", False),  # 第一百三十三条: except as inadmissible
        ("changed", False),
        ("no_decision", False),
        ("", False),
    ],
)
def test_co_defendant_134(result, co):
    assert law.co_defendant(result) is co


# ---- 解释第一百二十九条; 出庭规定第四条第一款: the cases the head must attend --------------------


@pytest.mark.parametrize("reason", [code for code, _ in law.HEAD_REQUIRED])
def test_each_listed_case_requires_the_head(reason):
    assert law.head_required([reason])


def test_no_reason_no_requirement():
    assert not law.head_required([])
    assert not law.head_required(["major_property"])  # 第四条第二款: the court *may* notify


# ---- 解释第一百二十八条、第一百三十一条; 出庭规定第六条、第八条、第九条: who may appear ----------


def test_a_lawyer_alone_is_not_an_appearance_128():
    refusals = law.appearance_refusals(law.Appearance(head=False, lawyers=1), mandatory=False)
    assert refusals[0] == (
        "行政机关负责人不能出庭的，应当委托行政机关相应的工作人员出庭，不得仅委托律师出庭。",
        f"{law.JIESHI}第一百二十八条第二款",
    )


def test_the_head_must_be_a_fuzeren_and_prove_it():
    assert (
        law.appearance_refusals(
            law.Appearance(head=True, head_kind="deputy", head_proof=True, head_own=True),
            mandatory=True,
        )
        == []
    )
    [(reason, basis)] = law.appearance_refusals(
        law.Appearance(head=True, head_kind="director_of_division", head_proof=True, head_own=True),
        mandatory=False,
    )
    assert "副职级别的负责人或者其他参与分管的负责人" in reason
    assert basis.endswith("第一百二十八条第一款")
    [(_, basis)] = law.appearance_refusals(
        law.Appearance(head=True, head_kind="principal", head_own=True), mandatory=False
    )
    assert basis.endswith("第六条第一款")


def test_staff_need_a_sealed_authorization_and_the_reason_for_the_heads_absence():
    staff = law.Appearance(head=False, staff=1, staff_authorized=False)
    bases = [basis for _, basis in law.appearance_refusals(staff, mandatory=False)]
    assert bases == [f"{law.JIESHI}第一百三十一条第二款", f"{law.CHUTING}第八条"]
    reasoned = law.Appearance(
        head=False,
        staff=1,
        staff_authorized=True,
        absence_ground="official_duty",
        absence_reason="出席全区安全生产会议",
    )
    assert law.appearance_refusals(reasoned, mandatory=False) == []
    # Where the head had to appear, the reason needs its proof (出庭规定第九条).
    [(reason, basis)] = law.appearance_refusals(reasoned, mandatory=True)
    assert "加盖行政机关印章或者由主要负责人签字认可的证明材料" in reason
    assert "第九条第一款" in basis and "第一百二十九条第三款" in basis
    proven = law.Appearance(**{**reasoned.__dict__, "absence_proof": True})
    assert law.appearance_refusals(proven, mandatory=True) == []


# ---- outcomes -----------------------------------------------------------------------------------


def test_what_may_be_appealed_85_and_119():
    assert law.may_appeal("first", False, "reject_claim")
    assert law.may_appeal("first", False, "dismiss_suit")  # 解释第一百零一条第二款
    assert not law.may_appeal("first", False, "withdrawal")
    assert not law.may_appeal("second", False, "amended")  # 两审终审
    assert law.may_appeal("retrial", True, "revoke")  # 解释第一百一十九条
    assert not law.may_appeal("retrial", False, "revoke")


def test_results_for_the_agency():
    assert law.result_of("revoke") == law.LOSS
    assert law.result_of("dismiss_suit") == law.WIN
    assert law.result_of("appeal_dismissed", previous_result=law.LOSS) == law.LOSS
    assert law.result_of("appeal_dismissed", previous_result="", stated=law.WIN) == law.WIN
    assert law.result_of("amended", previous_result=law.LOSS) is None
    assert law.result_of("amended", stated=law.WIN) == law.WIN
    assert law.step_for("withdrawal", appealable=False) == "withdraw"
    assert law.step_for("mediation", appealable=False) == "mediate"
    assert law.step_for("revoke", appealable=True) == "judge"
    assert law.step_for("amended", appealable=False) == "judge_final"
