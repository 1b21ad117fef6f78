"""Hand-checked cases for the statutory working-day calendar (pure Python: no database).

The expected dates below were worked out by hand from the State Council notices for 2024–2026
(as carried by chinesecalendar 1.11) and, for 2027, from 全国年节及纪念日放假办法 (2024) with
the lunar dates written out literally.
"""

from __future__ import annotations

from datetime import date, datetime

import chinese_calendar
import numpy as np
import pytest
from chinese_calendar import constants as cc

from fazhi.deadlines import calendar as calmod
from fazhi.deadlines.calendar import (
    DayInfo,
    DayKind,
    Notice,
    NoticeDay,
    Source,
    StatutoryCalendar,
    notice_title,
)

D = date


@pytest.fixture(scope="module")
def cal() -> StatutoryCalendar:
    return StatutoryCalendar(first_year=2004, last_year=2032)


def kinds(cal: StatutoryCalendar, *days: date) -> list[DayKind]:
    return [cal.info(day).kind for day in days]


# --- labels and titles ------------------------------------------------------------------------


def test_labels_and_title():
    assert [k.label for k in DayKind] == ["工作日", "休息日", "法定节假日", "调休上班日"]
    assert [s.label for s in Source] == [
        "国务院放假通知",
        "chinesecalendar 数据",
        "按放假办法推算（暂定）",
    ]
    assert DayKind.SWAPPED_WORKDAY == "swapped_workday"
    assert notice_title(2027) == "国务院办公厅关于2027年部分节假日安排的通知"


def test_default_last_year_is_ten_years_ahead():
    assert StatutoryCalendar().last_year == date.today().year + 10


# --- 2024 -------------------------------------------------------------------------------------


def test_2024_new_year_spring_festival_national_day(cal):
    assert cal.info(D(2024, 1, 1)) == DayInfo(
        D(2024, 1, 1), DayKind.HOLIDAY, "元旦", Source.PACKAGE
    )
    assert cal.is_workday(D(2024, 1, 2))
    # 春节 2024: 02-10 (Sat) .. 02-17 (Sat) off; Sundays 02-04 and 02-18 worked.
    assert kinds(cal, D(2024, 2, 4), D(2024, 2, 18)) == [DayKind.SWAPPED_WORKDAY] * 2
    assert cal.info(D(2024, 2, 4)).name == "春节"
    assert all(cal.info(D(2024, 2, d)).kind is DayKind.HOLIDAY for d in range(10, 18))
    assert cal.info(D(2024, 2, 9)).kind is DayKind.WORKDAY  # 除夕 was not a holiday in 2024
    assert cal.info(D(2024, 2, 24)).kind is DayKind.REST
    # 国庆 2024: 10-01 .. 10-07 off; 09-29 (Sun) and 10-12 (Sat) worked.
    assert kinds(cal, D(2024, 9, 29), D(2024, 10, 12)) == [DayKind.SWAPPED_WORKDAY] * 2
    assert {cal.info(D(2024, 10, d)).name for d in range(1, 8)} == {"国庆节"}
    assert not any(cal.is_workday(D(2024, 10, d)) for d in range(1, 8))
    # 中秋 2024 (09-15..09-17) is named as the 办法 names it.
    assert cal.info(D(2024, 9, 17)).name == "中秋节"


def test_2024_add_workdays_across_national_day(cal):
    # 5 working days after Friday 2024-09-27: 09-28 Sat rest; 09-29 Sun worked (1); 09-30 Mon
    # (2); 10-01..10-07 国庆 off; 10-08 Tue (3); 10-09 Wed (4); 10-10 Thu (5).
    assert cal.add_workdays(D(2024, 9, 27), 5) == D(2024, 10, 10)
    assert cal.workdays_between(D(2024, 9, 27), D(2024, 10, 10)) == 5
    assert cal.workdays_between(D(2024, 10, 10), D(2024, 9, 27)) == -5
    # The start day is excluded even when it is a working day: 1 working day after Monday
    # 2024-09-30 is Tuesday 10-08, not 09-30 itself.
    assert cal.add_workdays(D(2024, 9, 30), 1) == D(2024, 10, 8)
    # 10 working days after Sunday 2024-02-04 (itself worked, but not counted): 02-05..02-08
    # Mon–Thu (4); 02-09 Fri (5); 02-10..02-17 off; 02-18 Sun worked (6); 02-19..02-22 (10).
    assert cal.add_workdays(D(2024, 2, 4), 10) == D(2024, 2, 22)


def test_2024_non_workdays_explain_the_gap(cal):
    gap = cal.non_workdays(D(2024, 9, 27), D(2024, 10, 10))
    assert [(i.day, i.kind) for i in gap] == [(D(2024, 9, 28), DayKind.REST)] + [
        (D(2024, 10, d), DayKind.HOLIDAY) for d in range(1, 8)
    ]
    assert cal.non_workdays(D(2024, 10, 10), D(2024, 9, 27)) == []


def test_2024_sub_workdays_before_a_hearing(cal):
    # Hearing on Thursday 2024-10-10, notice 7 working days before. Counting back, the hearing
    # day excluded: 10-09 (1), 10-08 (2), [10-07..10-01 off], 09-30 (3), 09-29 Sun worked (4),
    # [09-28 Sat], 09-27 (5), 09-26 (6), 09-25 Wed (7).
    served = cal.sub_workdays(D(2024, 10, 10), 7)
    assert served == D(2024, 9, 25)
    # Served that day, the 7th working day after service is the hearing day itself ...
    assert cal.add_workdays(served, 7) == D(2024, 10, 10)
    # ... served one working day later, the 7th working day falls after the hearing.
    assert cal.add_workdays(D(2024, 9, 26), 7) > D(2024, 10, 10)
    # An event on a holiday: the n working days before it are still counted.
    assert cal.sub_workdays(D(2024, 10, 5), 1) == D(2024, 9, 30)
    assert cal.add_workdays(D(2024, 9, 30), 1) == cal.next_workday(D(2024, 10, 5))


# --- 2025 -------------------------------------------------------------------------------------


def test_2025_swapped_days(cal):
    # 2025-01-26 was a Sunday and 2025-02-08 a Saturday: both worked for 春节 (01-28..02-04).
    assert D(2025, 1, 26).weekday() == 6 and D(2025, 2, 8).weekday() == 5
    assert kinds(cal, D(2025, 1, 26), D(2025, 2, 8)) == [DayKind.SWAPPED_WORKDAY] * 2
    assert cal.info(D(2025, 1, 28)).kind is DayKind.HOLIDAY  # 除夕: a statutory day since 2025
    assert cal.info(D(2025, 1, 1)).name == "元旦"
    # 国庆+中秋 2025: 10-01..10-08 off; 09-28 (Sun) and 10-11 (Sat) worked.
    assert kinds(cal, D(2025, 9, 28), D(2025, 10, 11)) == [DayKind.SWAPPED_WORKDAY] * 2
    assert cal.info(D(2025, 10, 6)).name == "中秋节"
    assert cal.info(D(2025, 10, 8)).name == "国庆节"


def test_2025_add_workdays(cal):
    # 7 working days after Friday 2025-01-24: 01-25 Sat rest; 01-26 Sun worked (1); 01-27 Mon
    # (2); 01-28..02-04 春节 off; 02-05 Wed (3); 02-06 (4); 02-07 Fri (5); 02-08 Sat worked (6);
    # 02-09 Sun rest; 02-10 Mon (7).
    assert cal.add_workdays(D(2025, 1, 24), 7) == D(2025, 2, 10)
    # 3 working days after Friday 2025-09-26: 09-27 Sat; 09-28 Sun worked (1); 09-29 (2);
    # 09-30 (3).
    assert cal.add_workdays(D(2025, 9, 26), 3) == D(2025, 9, 30)
    # 4 working days after Tuesday 2025-09-30: 10-01..10-08 off; 10-09 Thu (1); 10-10 Fri (2);
    # 10-11 Sat worked (3); 10-12 Sun; 10-13 Mon (4).
    assert cal.add_workdays(D(2025, 9, 30), 4) == D(2025, 10, 13)
    assert cal.next_workday(D(2025, 10, 1)) == D(2025, 10, 9)
    assert cal.next_workday(D(2025, 10, 11)) == D(2025, 10, 11)
    assert cal.next_workday(D(2025, 10, 11), include=False) == D(2025, 10, 13)


# --- 2026 -------------------------------------------------------------------------------------

SWAPPED_2026 = [
    D(2026, 1, 4),
    D(2026, 2, 14),
    D(2026, 2, 28),
    D(2026, 5, 9),
    D(2026, 9, 20),
    D(2026, 10, 10),
]


def test_2026_swapped_working_days_from_the_package(cal):
    assert cal.source_of_year(2026) is Source.PACKAGE
    for day in SWAPPED_2026:
        assert day.weekday() >= 5
        info = cal.info(day)
        assert info.kind is DayKind.SWAPPED_WORKDAY and info.is_workday, day
    assert [cal.info(d).name for d in SWAPPED_2026] == [
        "元旦",
        "春节",
        "春节",
        "劳动节",
        "国庆节",
        "国庆节",
    ]
    # No other weekend day of 2026 is worked.
    weekend_worked = [
        D.fromordinal(o)
        for o in range(D(2026, 1, 1).toordinal(), D(2026, 12, 31).toordinal() + 1)
        if D.fromordinal(o).weekday() >= 5 and cal.is_workday(D.fromordinal(o))
    ]
    assert weekend_worked == SWAPPED_2026


def test_2026_add_workdays(cal):
    # 3 working days after Wednesday 2025-12-31: 01-01..01-03 元旦 off; 01-04 Sun worked (1);
    # 01-05 Mon (2); 01-06 Tue (3).
    assert cal.add_workdays(D(2025, 12, 31), 3) == D(2026, 1, 6)
    # 10 working days after Thursday 2026-02-12: 02-13 Fri (1); 02-14 Sat worked (2);
    # 02-15..02-23 春节 off; 02-24..02-27 (6); 02-28 Sat worked (7); 03-01 Sun; 03-02..03-04 (10).
    assert cal.add_workdays(D(2026, 2, 12), 10) == D(2026, 3, 4)
    # 5 working days after Wednesday 2026-09-30: 10-01..10-07 off; 10-08 Thu (1); 10-09 Fri
    # (2); 10-10 Sat worked (3); 10-11 Sun; 10-12 Mon (4); 10-13 Tue (5).
    assert cal.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 13)) == 5


def test_package_agrees_with_chinesecalendar_everywhere(cal):
    for ordinal in range(D(2004, 1, 1).toordinal(), D(2026, 12, 31).toordinal() + 1):
        day = D.fromordinal(ordinal)
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day


def test_no_per_day_package_calls_after_construction(monkeypatch, cal):
    def refuse(*args, **kwargs):
        raise AssertionError("chinese_calendar called per day")

    monkeypatch.setattr(chinese_calendar, "is_workday", refuse)
    monkeypatch.setattr(chinese_calendar, "get_holiday_detail", refuse)
    assert cal.add_workdays(D(2024, 9, 27), 5) == D(2024, 10, 10)
    assert cal.info(D(2026, 2, 14)).kind is DayKind.SWAPPED_WORKDAY


def test_package_range_is_detected_not_hard_coded(monkeypatch):
    real = chinese_calendar.get_holiday_detail

    def pretend_2026_is_missing(day):
        if day.year >= 2026:
            raise NotImplementedError("no available data")
        return real(day)

    monkeypatch.setattr(chinese_calendar, "get_holiday_detail", pretend_2026_is_missing)
    shorter = StatutoryCalendar(first_year=2024, last_year=2027)
    assert shorter.source_of_year(2025) is Source.PACKAGE
    assert shorter.source_of_year(2026) is Source.PROVISIONAL
    # Without the notice, 2026-01-04 is an ordinary Sunday and 2026-02-14 an ordinary Saturday.
    assert shorter.info(D(2026, 1, 4)).kind is DayKind.REST
    assert shorter.info(D(2026, 2, 16)).kind is DayKind.HOLIDAY  # 除夕 2026


# --- notices ----------------------------------------------------------------------------------


def package_days(year: int) -> list[NoticeDay]:
    """A year's days as the package has them, in the shape of a notice."""
    days = [NoticeDay(d, False, "节日") for d in cc.holidays if d.year == year]
    return days + [NoticeDay(d, True, "调休") for d in cc.workdays if d.year == year]


# A fictitious 2027 arrangement, for the precedence tests only.
FAKE_2027 = Notice(
    2027,
    notice_title(2027),
    (
        NoticeDay(D(2026, 12, 26), True, "元旦"),  # a Saturday of the year before, worked
        NoticeDay(D(2027, 1, 1), False, "元旦"),
        *(NoticeDay(D(2027, 2, d), False, "春节") for d in range(5, 13)),
        NoticeDay(D(2027, 2, 20), True, "春节"),
    ),
)


def test_notice_overrides_package_and_supplies_2027():
    correction = NoticeDay(D(2026, 3, 2), False, "测试更正")  # a Monday made a holiday
    notices = [Notice(2026, notice_title(2026), (*package_days(2026), correction)), FAKE_2027]
    cal = StatutoryCalendar(notices, first_year=2004, last_year=2032)

    assert cal.source_of_year(2026) is Source.NOTICE
    assert cal.info(D(2026, 3, 2)) == DayInfo(
        D(2026, 3, 2), DayKind.HOLIDAY, "测试更正", Source.NOTICE
    )
    # Without the correction 1 working day after Saturday 2026-02-28 would be Monday 03-02.
    assert cal.add_workdays(D(2026, 2, 28), 1) == D(2026, 3, 3)
    assert cal.info(D(2026, 2, 14)).kind is DayKind.SWAPPED_WORKDAY
    assert cal.info(D(2026, 3, 3)).source is Source.NOTICE

    assert cal.source_of_year(2027) is Source.NOTICE
    assert not cal.is_provisional(D(2027, 6, 9))
    assert cal.missing_notices(D(2026, 12, 1), D(2027, 12, 31)) == ()
    # A day the 2027 notice names in December 2026 comes from the notice, not the package.
    assert cal.info(D(2026, 12, 26)) == DayInfo(
        D(2026, 12, 26), DayKind.SWAPPED_WORKDAY, "元旦", Source.NOTICE
    )
    assert cal.info(D(2027, 2, 12)).kind is DayKind.HOLIDAY
    assert cal.info(D(2027, 2, 20)).kind is DayKind.SWAPPED_WORKDAY
    # Days the notice does not list are ordinary: no provisional 端午 on 2027-06-09.
    assert cal.info(D(2027, 6, 9)) == DayInfo(D(2027, 6, 9), DayKind.WORKDAY, "", Source.NOTICE)
    assert cal.source_of_year(2028) is Source.PROVISIONAL


def test_notice_days_in_the_year_before():
    cal = StatutoryCalendar([FAKE_2027], first_year=2025, last_year=2028)
    assert cal.source_of_year(2026) is Source.PACKAGE
    assert cal.info(D(2026, 12, 26)).source is Source.NOTICE
    assert cal.info(D(2026, 12, 27)).source is Source.PACKAGE
    # 1 working day after Friday 2026-12-25 is the worked Saturday 12-26.
    assert cal.add_workdays(D(2026, 12, 25), 1) == D(2026, 12, 26)


def test_a_notice_replaces_the_whole_year():
    # A notice is the whole arrangement of its year: listing one day drops the package's others.
    only = Notice(2026, notice_title(2026), (NoticeDay(D(2026, 3, 2), False, "测试更正"),))
    cal = StatutoryCalendar([only], first_year=2025, last_year=2027)
    assert cal.info(D(2026, 10, 1)) == DayInfo(D(2026, 10, 1), DayKind.WORKDAY, "", Source.NOTICE)
    assert cal.info(D(2026, 2, 14)).kind is DayKind.REST


def test_inconsistent_notices_are_refused():
    with pytest.raises(ValueError, match="2027年的放假通知重复录入"):
        StatutoryCalendar([FAKE_2027, FAKE_2027], last_year=2030)
    clash = Notice(2026, "x", (NoticeDay(D(2026, 12, 26), False, "元旦"),))
    with pytest.raises(ValueError, match="相互矛盾"):
        StatutoryCalendar([clash, FAKE_2027], last_year=2030)


# --- provisional years ------------------------------------------------------------------------

# 2027 from the 放假办法 (2024) and the lunar calendar. 正月初一 2027 = 2027-02-06 (Saturday),
# so 除夕 is 2027-02-05 (Friday; 腊月 of 丙午年 has 29 days). 清明 (solar term) 2027-04-05
# (Monday). 端午 (五月初五) 2027-06-09 (Wednesday). 中秋 (八月十五) 2027-09-15 (Wednesday).
# 第六条 make-up days: 春节 has 02-06 Sat and 02-07 Sun -> 02-09 Tue, 02-10 Wed; 劳动节 05-01 Sat,
# 05-02 Sun -> 05-03 Mon, 05-04 Tue; 国庆 10-02 Sat, 10-03 Sun -> 10-04 Mon, 10-05 Tue.
HOLIDAYS_2027 = {
    D(2027, 1, 1): "元旦",
    D(2027, 2, 5): "春节",
    D(2027, 2, 6): "春节",
    D(2027, 2, 7): "春节",
    D(2027, 2, 8): "春节",
    D(2027, 2, 9): "春节（补休）",
    D(2027, 2, 10): "春节（补休）",
    D(2027, 4, 5): "清明节",
    D(2027, 5, 1): "劳动节",
    D(2027, 5, 2): "劳动节",
    D(2027, 5, 3): "劳动节（补休）",
    D(2027, 5, 4): "劳动节（补休）",
    D(2027, 6, 9): "端午节",
    D(2027, 9, 15): "中秋节",
    D(2027, 10, 1): "国庆节",
    D(2027, 10, 2): "国庆节",
    D(2027, 10, 3): "国庆节",
    D(2027, 10, 4): "国庆节（补休）",
    D(2027, 10, 5): "国庆节（补休）",
}


def test_provisional_2027(cal):
    assert cal.source_of_year(2027) is Source.PROVISIONAL
    assert cal.is_provisional(D(2027, 3, 1)) and not cal.is_provisional(D(2026, 12, 31))
    found = {
        i.day: i.name
        for i in cal.non_workdays(D(2026, 12, 31), D(2027, 12, 31))
        if i.kind is DayKind.HOLIDAY
    }
    assert found == HOLIDAYS_2027
    assert all(cal.info(d).source is Source.PROVISIONAL for d in HOLIDAYS_2027)
    # No 调休 working weekends are invented for a provisional year.
    assert all(
        not cal.is_workday(D.fromordinal(o))
        for o in range(D(2027, 1, 1).toordinal(), D(2027, 12, 31).toordinal() + 1)
        if D.fromordinal(o).weekday() >= 5
    )


def test_provisional_deadline_names_the_missing_notice(cal):
    # 20 working days after Tuesday 2026-12-15: 12-16..12-18 (3); 12-21..12-25 (8);
    # 12-28..12-31 (12); 2027-01-01 Fri 元旦 (provisional); 01-04..01-08 (17); 01-11..01-13 (20).
    due = cal.add_workdays(D(2026, 12, 15), 20)
    assert due == D(2027, 1, 13)
    assert cal.is_provisional(due)
    assert cal.missing_notices(D(2026, 12, 15), due) == (
        "国务院办公厅关于2027年部分节假日安排的通知",
    )
    assert cal.missing_notices(D(2026, 1, 1), D(2026, 12, 31)) == ()
    assert cal.missing_notices(D(2027, 5, 1), D(2026, 5, 1)) == ()
    # 5 working days after Thursday 2027-02-04: 02-05..02-10 off (incl. 2 补休 days);
    # 02-11 Thu (1); 02-12 Fri (2); 02-15..02-17 (5).
    assert cal.add_workdays(D(2027, 2, 4), 5) == D(2027, 2, 17)


def test_provisional_coincidence_and_weekend_make_up(cal):
    # 2028: 中秋 (八月十五) is 10-03, inside 国庆; 10-01 is a Sunday. Both lost days are made up.
    assert cal.info(D(2028, 10, 3)).name == "国庆节、中秋节"
    assert cal.info(D(2028, 10, 4)).name == "国庆节（补休）"
    assert cal.info(D(2028, 10, 5)).name == "中秋节（补休）"
    assert cal.is_workday(D(2028, 10, 6))
    # 2028-01-01 is a Saturday: 元旦 is made up on Monday 01-03.
    assert cal.info(D(2028, 1, 3)).name == "元旦（补休）"


def test_lunar_rules_reproduce_the_package_years():
    """The lunar dates computed for provisional years match the official calendar where the
    two can be compared (2008–2026: 正月初一/初二, 清明, 端午, 中秋 were holidays every year)."""
    official = set(cc.holidays)
    for year in range(2008, 2027):
        blocks = dict(calmod._statutory_holidays(year))
        spring = blocks["春节"]
        for day in [spring[1], spring[2], *blocks["清明节"], *blocks["端午节"], *blocks["中秋节"]]:
            # The package lists every weekday holiday; it omits a few weekend ones (端午
            # 2012-06-23, a Saturday), which are rest days anyway.
            assert day in official or day.weekday() >= 5, (year, day)
            assert not chinese_calendar.is_workday(day), (year, day)
        if year >= 2025:
            assert spring[0] in official  # 除夕


def test_provisional_rules_need_the_2024_amendment():
    with pytest.raises(ValueError, match="2003年既无国务院放假通知"):
        StatutoryCalendar(first_year=2003, last_year=2010)
    # With a notice for 2003 the year is no longer a guess.
    early = StatutoryCalendar(
        [Notice(2003, notice_title(2003), ())], first_year=2003, last_year=2010
    )
    assert early.source_of_year(2003) is Source.NOTICE


# --- errors -----------------------------------------------------------------------------------


def test_errors_are_in_chinese(cal):
    with pytest.raises(ValueError, match="超出法定日历范围"):
        cal.info(D(2003, 12, 31))
    with pytest.raises(ValueError, match="超出法定日历范围"):
        cal.add_workdays(D(2033, 1, 1), 1)
    with pytest.raises(ValueError, match="超出法定日历范围"):
        cal.add_workdays(D(2032, 12, 30), 5)
    with pytest.raises(ValueError, match="超出法定日历范围"):
        cal.sub_workdays(D(2004, 1, 5), 5)
    with pytest.raises(ValueError, match="超出法定日历范围"):
        cal.source_of_year(2040)
    with pytest.raises(ValueError, match="正整数"):
        cal.add_workdays(D(2024, 1, 2), 0)
    with pytest.raises(ValueError, match="正整数"):
        cal.sub_workdays(D(2024, 1, 2), 0)
    with pytest.raises(ValueError, match="正整数"):
        cal.add_workdays(D(2024, 1, 2), -3)
    with pytest.raises(TypeError):
        cal.add_workdays(D(2024, 1, 2), True)
    with pytest.raises(TypeError):
        cal.add_workdays("2024-01-02", 1)
    with pytest.raises(ValueError, match="年份范围无效"):
        StatutoryCalendar(first_year=2030, last_year=2029)


def test_datetime_is_taken_as_its_date(cal):
    assert cal.add_workdays(datetime(2024, 9, 27, 23, 59), 5) == D(2024, 10, 10)
    assert cal.info(datetime(2024, 10, 1, 8)).day == D(2024, 10, 1)


# --- batch ------------------------------------------------------------------------------------


def test_batch_matches_hand_cases(cal):
    starts = np.array(["2024-09-27", "2025-01-24", "2026-02-12", "2026-12-15"], "datetime64[D]")
    ns = np.array([5, 7, 10, 20])
    expected = np.array(["2024-10-10", "2025-02-10", "2026-03-04", "2027-01-13"], "datetime64[D]")
    result = cal.add_workdays_batch(starts, ns)
    assert result.dtype == np.dtype("datetime64[D]")
    np.testing.assert_array_equal(result, expected)
    # ns broadcasts; datetime64 of another unit is taken as its day.
    np.testing.assert_array_equal(
        cal.add_workdays_batch(np.array(["2024-09-27T18:00"], "datetime64[m]"), np.int64(5)),
        np.array(["2024-10-10"], "datetime64[D]"),
    )
    assert cal.add_workdays_batch(np.array([], "datetime64[D]"), np.array([], int)).size == 0


def test_batch_errors(cal):
    starts = np.array(["2024-09-27", "2024-09-28"], "datetime64[D]")
    with pytest.raises(ValueError, match="正整数"):
        cal.add_workdays_batch(starts, np.array([1, 0]))
    with pytest.raises(ValueError, match="超出法定日历范围"):
        cal.add_workdays_batch(np.array(["2003-12-31"], "datetime64[D]"), np.array([1]))
    with pytest.raises(ValueError, match="超出法定日历范围"):
        cal.add_workdays_batch(np.array(["2032-12-30"], "datetime64[D]"), np.array([5]))
    with pytest.raises(ValueError, match="NaT"):
        cal.add_workdays_batch(np.array(["NaT"], "datetime64[D]"), np.array([1]))
    with pytest.raises(TypeError):
        cal.add_workdays_batch(starts, np.array([1.0, 2.0]))
