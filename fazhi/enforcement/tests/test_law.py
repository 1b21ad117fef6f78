"""The computations of 行政处罚法 (2021年修订) and its neighbours against hand-computed cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from fazhi.enforcement import law

D = Decimal


class TestLimitation:
    """第三十六条: 2 years, 5 where life, health, safety or finance is concerned with harm."""

    def test_two_years_from_occurrence(self):
        assert law.limitation_ends(date(2024, 3, 2), None, False) == date(2026, 3, 2)
        assert law.limitation_refusal(date(2024, 3, 2), None, False, date(2026, 3, 2)) == ""
        refusal = law.limitation_refusal(date(2024, 3, 2), None, False, date(2026, 3, 3))
        assert "2年内未被发现" in refusal and "第三十六条" in refusal

    def test_continuing_act_runs_from_its_end(self):
        # Began 2020, ended 2025-06-30: discoverable until 2027-06-30.
        assert law.limitation_ends(date(2020, 1, 1), date(2025, 6, 30), False) == date(2027, 6, 30)
        assert (
            law.limitation_refusal(date(2020, 1, 1), date(2025, 6, 30), False, date(2026, 1, 1))
            == ""
        )

    def test_five_years_for_safety_with_harm(self):
        assert law.limitation_ends(date(2022, 5, 10), None, True) == date(2027, 5, 10)
        assert law.limitation_refusal(date(2022, 5, 10), None, True, date(2026, 5, 10)) == ""

    def test_leap_day_ends_on_the_last_day_of_february(self):
        assert law.limitation_ends(date(2024, 2, 29), None, False) == date(2026, 2, 28)


class TestSimplified:
    """第五十一条: a warning, or a fine ≤ ¥200 (citizen) / ≤ ¥3,000 (organization)."""

    @pytest.mark.parametrize(
        ("party", "fine", "ok"),
        [
            ("person", "200", True),
            ("person", "200.01", False),
            ("legal", "3000", True),
            ("other", "3000.01", False),
        ],
    )
    def test_thresholds(self, party, fine, ok):
        assert (law.simplified_refusal(party, ["fine"], D(fine)) == "") is ok

    def test_warning_only_and_no_other_kinds(self):
        assert law.simplified_refusal("person", ["warning"], None) == ""
        assert "警告或者罚款" in law.simplified_refusal("legal", ["suspension"], None)


class TestHearingRight:
    """第六十三条: serious kinds always; fines over the local “较大数额”."""

    def test_kinds_give_the_right(self):
        assert law.hearing_right("legal", ["licence_revocation"], None, None)
        assert law.hearing_right("person", ["suspension"], None, None)
        assert not law.hearing_right("person", ["warning"], None, None)

    @override_settings(
        FAZHI_HEARING_LARGE_FINE_PERSON=10000, FAZHI_HEARING_LARGE_FINE_ORGANIZATION=100000
    )
    def test_large_amounts_are_a_setting(self):
        assert law.hearing_right("person", ["fine"], D("10000"), None)
        assert not law.hearing_right("person", ["fine"], D("9999.99"), None)
        assert not law.hearing_right("legal", ["fine"], D("50000"), None)
        assert law.hearing_right("legal", ["confiscation"], None, D("100000"))


class TestSurcharge:
    """第七十二条第一款第一项: 3% of the fine a day, capped at the fine; 第七十三条第三款."""

    def test_not_late(self):
        result = law.surcharge(fine=D("5000"), due=date(2026, 3, 25), on=date(2026, 3, 25))
        assert result.amount == D("0.00") and result.days == 0

    def test_two_days(self):
        result = law.surcharge(fine=D("5000"), due=date(2026, 3, 25), on=date(2026, 3, 27))
        assert (result.amount, result.days, result.first_day) == (D("300.00"), 2, date(2026, 3, 26))

    def test_capped_at_the_fine_after_34_days(self):
        # 33 days: 99% of the fine; the 34th day reaches the cap.
        assert law.surcharge(fine=D("1000"), due=date(2026, 1, 1), on=date(2026, 2, 3)).amount == D(
            "990.00"
        )
        capped = law.surcharge(fine=D("1000"), due=date(2026, 1, 1), on=date(2026, 6, 1))
        assert capped.amount == D("1000.00") and "上限" in capped.explanation

    def test_paid_off_stops_the_count(self):
        result = law.surcharge(
            fine=D("2000"), due=date(2026, 3, 1), on=date(2026, 4, 30), paid_off_on=date(2026, 3, 5)
        )
        assert result.days == 4 and result.amount == D("240.00")

    def test_reconsideration_is_not_counted(self):
        # Late from 03-02; reconsideration filed 03-04, decided 03-20: days 03-02, 03-03 and
        # 03-21..03-25 count — 7 days, 21% of ¥10,000.
        result = law.surcharge(
            fine=D("10000"),
            due=date(2026, 3, 1),
            on=date(2026, 3, 25),
            pauses=[(date(2026, 3, 4), date(2026, 3, 20))],
        )
        assert result.days == 7 and result.amount == D("2100.00")

    def test_open_litigation_pauses_until_today(self):
        result = law.surcharge(
            fine=D("10000"),
            due=date(2026, 3, 1),
            on=date(2026, 6, 1),
            pauses=[(date(2026, 3, 3), None)],
        )
        assert result.days == 1


class TestPaymentDue:
    """第六十七条第三款: 15 days from receipt; a last day on a rest day moves to the next
    working day; a deferral (第六十六条) moves it to the end of the arrangement."""

    def test_fifteen_days(self, db):
        assert law.payment_due(date(2026, 3, 10)) == date(2026, 3, 25)

    def test_last_day_on_a_saturday(self, db):
        assert law.payment_due(date(2026, 1, 16)) == date(2026, 2, 2)

    def test_deferral(self, db):
        assert law.payment_due(date(2026, 3, 10), date(2026, 6, 30)) == date(2026, 6, 30)


class TestRangesAndReduction:
    def test_outside_range(self):
        assert law.outside_range(D("2000"), D("2000"), D("10000")) == ""
        assert "低于" in law.outside_range(D("1999.99"), D("2000"), D("10000"))
        assert "高于" in law.outside_range(D("10000.01"), D("2000"), D("10000"))

    def test_statutory_maximum_is_absolute(self):
        assert "法定上限" in law.statutory_refusal(D("30000.01"), D("500"), D("30000"))

    def test_reduction(self):
        assert law.reduction("no_penalty", None, D("500")) == D("500.00")
        assert law.reduction("penalty", D("300"), D("500")) == D("200.00")  # 减轻 below the minimum
        assert law.reduction("penalty", D("800"), D("500")) == D("0.00")  # 从轻 within the range


class TestPublication:
    """北京市优化营商环境条例第七十三条: 3–12 months ordinary, 1–3 years serious."""

    @override_settings(FAZHI_PUBLICATION_MONTHS_ORDINARY=12, FAZHI_PUBLICATION_MONTHS_SERIOUS=36)
    def test_ends(self):
        assert law.publication_ends(date(2026, 3, 31), False) == date(2027, 3, 31)
        assert law.publication_ends(date(2026, 3, 31), True) == date(2029, 3, 31)

    def test_early_end_not_before_the_minimum(self):
        assert "3个月" in law.early_end_refusal(date(2026, 3, 31), False, date(2026, 6, 29))
        assert law.early_end_refusal(date(2026, 3, 31), False, date(2026, 6, 30)) == ""
        assert "12个月" in law.early_end_refusal(date(2026, 3, 31), True, date(2027, 3, 30))


def test_legal_staff_five_percent():
    """118号四（十一）: legal reviewers at least 5% of enforcement staff."""
    assert not law.legal_staff_short(100, 5)
    assert law.legal_staff_short(100, 4)
    assert law.legal_staff_short(41, 2)  # 2/41 < 5%
    assert not law.legal_staff_short(40, 2)


def test_statistics_due_january_31():
    assert law.statistics_due(2025) == date(2026, 1, 31)


class TestCourtWindow:
    """行政强制法第五十三条: after the remedy periods, within three months of their end."""

    def test_suit_period_of_six_months(self, db):
        # Served 2026-03-19 → 6 months → 2026-09-19, a Saturday → 09-20, a Sunday made a
        # working day by the 2026 National Day notice; three months on → 12-20 (Sunday) → 12-21.
        assert law.remedies_end(date(2026, 3, 19)) == date(2026, 9, 20)
        assert "届满前" in law.court_window_refusal(date(2026, 3, 19), [], date(2026, 9, 20))
        assert law.court_window_refusal(date(2026, 3, 19), [], date(2026, 9, 21)) == ""
        assert law.court_window_refusal(date(2026, 3, 19), [], date(2026, 12, 21)) == ""
        assert "三个月内" in law.court_window_refusal(date(2026, 3, 19), [], date(2026, 12, 22))

    def test_reconsideration_decided_late_moves_the_end(self, db):
        # Received 2026-09-10: a suit may follow within 15 days (行政诉讼法第四十五条) → 09-25,
        # 中秋节, then a weekend → Monday 09-28.
        challenges = [("reconsideration", date(2026, 9, 10))]
        assert law.remedies_end(date(2026, 3, 19), challenges) == date(2026, 9, 28)

    def test_deferral_moves_the_start(self, db):
        assert law.remedies_end(date(2026, 3, 19), [], date(2026, 12, 31)) == date(2026, 12, 31)

    def test_pending_suit_blocks(self, db):
        assert "尚未审结" in law.court_window_refusal(
            date(2026, 3, 19), [("litigation", None)], date(2027, 1, 5)
        )


class TestLimitationContinuing:
    def test_a_continuing_act_not_ended_is_not_time_barred(self):
        assert (
            law.limitation_refusal(date(2020, 1, 1), None, False, date(2026, 3, 2), continuing=True)
            == ""
        )

    def test_discovery_before_the_act_is_refused(self):
        assert "不能早于" in law.limitation_refusal(date(2026, 2, 1), None, False, date(2026, 1, 1))
