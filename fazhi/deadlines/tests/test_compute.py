"""Hand-checked period computations across 元旦, 春节 and 国庆 of 2024–2026.

The official arrangements used (国务院办公厅 holiday notices; the package data agrees):

2024: 元旦 2023-12-30 – 2024-01-01 off. 春节 02-10 – 02-17 off, 02-04 (Sun) and 02-18 (Sun)
      worked. 清明 04-04 – 04-06 off, 04-07 (Sun) worked. 劳动节 05-01 – 05-05 off, 04-28 (Sun)
      and 05-11 (Sat) worked. 国庆 10-01 – 10-07 off, 09-29 (Sun) and 10-12 (Sat) worked.
2025: 元旦 01-01 off. 春节 01-28 – 02-04 off, 01-26 (Sun) and 02-08 (Sat) worked. 国庆·中秋
      10-01 – 10-08 off, 09-28 (Sun) and 10-11 (Sat) worked.
2026: 元旦 01-01 – 01-03 off, 01-04 (Sun) worked. 春节 02-15 – 02-23 off, 02-14 (Sat) and
      02-28 (Sat) worked. 清明 04-04 – 04-06 off. 劳动节 05-01 – 05-05 off, 05-09 (Sat) worked.
      中秋 09-25 – 09-27 off. 国庆 10-01 – 10-07 off, 09-20 (Sun) and 10-10 (Sat) worked.
2027: no notice yet: provisional.

Working days are numbered in the comments as "(k)" after the date.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fazhi.deadlines.calendar import DayKind, Notice, NoticeDay, StatutoryCalendar, notice_title
from fazhi.deadlines.compute import (
    DeadlineError,
    Extension,
    Pause,
    Result,
    add_months,
    compute,
    describe_days,
)
from fazhi.deadlines.rules import PeriodKind, UnknownRuleError, get_rule

NOTICE_2027 = notice_title(2027)


@pytest.fixture(scope="module")
def cal() -> StatutoryCalendar:
    return StatutoryCalendar()


def due(rule_id: str, start: date, cal: StatutoryCalendar, **kwargs) -> date:
    return compute(rule_id, start, calendar=cal, **kwargs).due


def text(result: Result) -> str:
    return "\n".join(result.steps)


# ---- 元旦 -------------------------------------------------------------------------------------


def test_working_days_across_new_year_2024(cal):
    # 5 working days (复议法 第三十条第一款, 第八十八条第二款) from Thu 2023-12-28:
    # 12-29 Fri (1); 12-30 – 01-01 元旦 off; 01-02 (2), 01-03 (3), 01-04 (4), 01-05 (5).
    result = compute("reconsideration.acceptance_review", date(2023, 12, 28), calendar=cal)
    assert result.due == date(2024, 1, 5)
    assert [info.day for info in result.skipped] == [
        date(2023, 12, 30),
        date(2023, 12, 31),
        date(2024, 1, 1),
    ]
    assert "2023年12月30日至2024年1月1日（元旦，共3日）" in text(result)


def test_natural_days_roll_onto_a_swapped_sunday_2026(cal):
    # 15 days (处罚法 第六十七条第三款) from Wed 2025-12-17: 12-17 + 15 = 2026-01-01, 元旦.
    # 01-01, 01-02 and 01-03 (Sat) are off; 01-04 is a Sunday worked under the 2026 notice, so
    # the period ends on that Sunday.
    result = compute("penalty.fine_payment", date(2025, 12, 17), calendar=cal)
    assert result.due == date(2026, 1, 4)
    assert cal.info(result.due).kind is DayKind.SWAPPED_WORKDAY
    assert "顺延至其后第一个工作日2026年1月4日（星期日）" in text(result)


def test_natural_days_ending_on_new_year_2025(cal):
    # 15 days (行政诉讼法 第六十七条第一款) from Tue 2024-12-17 end on Wed 2025-01-01 (元旦):
    # next working day Thu 2025-01-02; the roll-forward cites 行诉法第一百零一条 → 民诉法第八十五条.
    result = compute("litigation.answer", date(2024, 12, 17), calendar=cal)
    assert result.due == date(2025, 1, 2)
    assert "《中华人民共和国行政诉讼法》第一百零一条" in text(result)
    assert "第八十五条第三款" in text(result)


# ---- 春节 -------------------------------------------------------------------------------------


def test_working_days_across_spring_festival_2024(cal):
    # 20 working days (公开条例 第三十三条第二款) from Wed 2024-01-31:
    # 02-01 (1), 02-02 (2), 02-03 Sat rest, 02-04 Sun worked (3), 02-05 … 02-09 (4–8),
    # 02-10 … 02-17 春节 off, 02-18 Sun worked (9), 02-19 … 02-23 (10–14), 02-26 … 03-01
    # (15–19), 03-04 (20).
    result = compute("disclosure.reply", date(2024, 1, 31), calendar=cal)
    assert result.due == date(2024, 3, 4)
    assert "2024年2月10日至17日（春节，共8日）" in text(result)
    assert date(2024, 2, 4) not in {info.day for info in result.skipped}


def test_working_days_across_spring_festival_2025(cal):
    # 5 working days from Fri 2025-01-24: 01-25 Sat rest, 01-26 Sun worked (1), 01-27 (2),
    # 01-28 … 02-04 春节 off, 02-05 (3), 02-06 (4), 02-07 (5).
    assert due("reconsideration.acceptance_review", date(2025, 1, 24), cal) == date(2025, 2, 7)


def test_natural_days_roll_over_spring_festival_2026(cal):
    # 60 days (复议法 第六十二条第一款) from Sat 2025-12-20: 12-31 is day 11, 01-31 day 42,
    # 02-18 day 60 – inside 春节 (02-15 … 02-23). Next working day: Tue 2026-02-24.
    result = compute("reconsideration.decision", date(2025, 12, 20), calendar=cal)
    assert result.due == date(2026, 2, 24)
    assert "2026年2月18日至23日（春节，共6日）" in text(result)


def test_working_days_across_spring_festival_2026(cal):
    # 20 working days (公开条例 第二十六条) from Fri 2026-02-06: 02-09 … 02-13 (1–5),
    # 02-14 Sat worked (6), 02-15 … 02-23 off, 02-24 … 02-27 (7–10), 02-28 Sat worked (11),
    # 03-02 … 03-06 (12–16), 03-09 … 03-12 (17–20).
    assert due("disclosure.proactive", date(2026, 2, 6), cal) == date(2026, 3, 12)


# ---- 国庆 -------------------------------------------------------------------------------------


def test_natural_days_roll_forward_across_national_day_2024(cal):
    # 60 days from Fri 2024-08-02: 08-31 is day 29, 09-30 day 59, 10-01 day 60 (国庆).
    # 10-01 … 10-07 off: the period ends Tue 2024-10-08.
    result = compute(
        "reconsideration.decision",
        date(2024, 8, 2),
        calendar=cal,
        trigger_basis="受理通知书落款日期（第三十条第三款）",
    )
    assert result.due == date(2024, 10, 8)
    assert result.kind is PeriodKind.WITHIN
    assert [info.day for info in result.skipped] == [date(2024, 10, d) for d in range(1, 8)]
    steps = text(result)
    assert "受理通知书落款日期" in steps
    assert "《中华人民共和国行政复议法》（2023年修订）第六十二条第一款" in steps
    assert "期间最后一日2024年10月1日（星期二）不是工作日" in steps
    assert "2024年10月1日至7日（国庆节，共7日）" in steps
    assert "期限届满日：2024年10月8日（星期二）" in steps
    assert not result.provisional and result.missing_notices == ()


def test_working_days_across_national_day_2025(cal):
    # 5 working days from Fri 2025-09-26: 09-27 Sat rest, 09-28 Sun worked (1), 09-29 (2),
    # 09-30 (3), 10-01 … 10-08 off (国庆 and 中秋 on 10-06), 10-09 (4), 10-10 (5).
    result = compute("reconsideration.acceptance_review", date(2025, 9, 26), calendar=cal)
    assert result.due == date(2025, 10, 10)
    assert "2025年10月1日至8日（国庆节、中秋节，共8日）" in text(result)


def test_natural_days_roll_forward_across_national_day_2026(cal):
    # 15 days from Wed 2026-09-16 end on Thu 10-01 (国庆, 10-01 … 10-07 off): Thu 2026-10-08.
    assert due("penalty.fine_payment", date(2026, 9, 16), cal) == date(2026, 10, 8)
    # 15 days from Fri 2026-10-09 end on Sat 10-24, a rest day → Mon 10-26.
    assert due("penalty.fine_payment", date(2026, 10, 9), cal) == date(2026, 10, 26)
    # 15 days from Thu 2026-10-08 → Fri 10-23, a working day: no roll.
    result = compute("penalty.fine_payment", date(2026, 10, 8), calendar=cal)
    assert result.due == date(2026, 10, 23) and result.skipped == ()


def test_working_days_across_national_day_2026(cal):
    # 7 working days (重大决策条例 第二十六条第二款, 不少于) from Mon 2026-09-28: 09-29 (1),
    # 09-30 (2), 10-01 … 10-07 off, 10-08 (3), 10-09 (4), 10-10 Sat worked (5), 10-12 (6),
    # 10-13 (7).
    result = compute("decision.legality_review", date(2026, 9, 28), calendar=cal)
    assert result.due == date(2026, 10, 13)
    assert result.kind is PeriodKind.NOT_LESS_THAN
    assert "最早可结束日：2026年10月13日（星期二）" in text(result)


# ---- backward periods -----------------------------------------------------------------------


def test_hearing_notice_before_a_hearing_after_national_day_2024(cal):
    # 复议法 第五十一条第一款: 5 working days before a hearing on Wed 2024-10-09. Counting back:
    # 10-08 (1), 10-01 … 10-07 off, 09-30 (2), 09-29 Sun worked (3), 09-28 Sat rest,
    # 09-27 (4), 09-26 (5).
    result = compute("reconsideration.hearing_notice", date(2024, 10, 9), calendar=cal)
    assert result.due == date(2024, 9, 26)
    assert result.kind is PeriodKind.BEFORE
    assert "最迟应于2024年9月26日（星期四）办理" in text(result)


def test_hearing_notice_before_a_hearing_after_national_day_2026(cal):
    # Hearing Fri 2026-10-09: 10-08 (1), 10-01 … 10-07 off, 09-30 (2), 09-29 (3), 09-28 (4),
    # 09-25 … 09-27 中秋 off, 09-24 (5).
    result = compute("reconsideration.hearing_notice", date(2026, 10, 9), calendar=cal)
    assert result.due == date(2026, 9, 24)
    assert "中秋节" in text(result) and "国庆节" in text(result)


def test_penalty_hearing_notice_2025(cal):
    # 处罚法 第六十四条第二项: 7 working days before a hearing on Mon 2025-10-13: 10-12 Sun rest,
    # 10-11 Sat worked (1), 10-10 (2), 10-09 (3), 10-01 … 10-08 off, 09-30 (4), 09-29 (5),
    # 09-28 Sun worked (6), 09-27 Sat rest, 09-26 (7).
    assert due("penalty.hearing_notice", date(2025, 10, 13), cal) == date(2025, 9, 26)


def test_natural_backward_period_rolls_back_to_a_working_day(cal):
    # 重大决策条例 第十六条第三款: materials 7 days before a hearing on Wed 2024-10-09 → 10-02,
    # inside 国庆; the last working day before it is Mon 09-30.
    result = compute("decision.hearing_materials", date(2024, 10, 9), calendar=cal)
    assert result.due == date(2024, 9, 30)
    assert "提前至此前最后一个工作日2024年9月30日（星期一）" in text(result)
    # 7 days before Fri 2026-03-13 is Fri 03-06, a working day: no move.
    assert due("decision.hearing_materials", date(2026, 3, 13), cal) == date(2026, 3, 6)


def test_backward_periods_take_no_pause_or_restart(cal):
    with pytest.raises(DeadlineError, match="不适用中止"):
        compute(
            "reconsideration.hearing_notice",
            date(2026, 10, 9),
            calendar=cal,
            pauses=[Pause(date(2026, 9, 1), date(2026, 9, 2))],
        )
    with pytest.raises(DeadlineError, match="不适用重新起算"):
        compute(
            "reconsideration.hearing_notice",
            date(2026, 10, 9),
            calendar=cal,
            restart=date(2026, 10, 10),
        )


# ---- not-less-than periods ------------------------------------------------------------------


def test_minimum_comment_period_ending_on_a_holiday_runs_to_the_next_working_day(cal):
    # 重大决策条例 第十五条第一款 (不少于30日) from Sun 2024-09-01: 30 days → Tue 10-01 (国庆):
    # the comment period may end no earlier than Tue 2024-10-08.
    result = compute("decision.public_comment", date(2024, 9, 1), calendar=cal)
    assert result.due == date(2024, 10, 8)
    # 优化营商环境条例 第六十二条第二款 from Fri 2025-09-05: 30 days → Sun 10-05, in the
    # 10-01 … 10-08 break: Thu 2025-10-09.
    assert due("normdoc.business_comment", date(2025, 9, 5), cal) == date(2025, 10, 9)


# ---- months ---------------------------------------------------------------------------------


def test_month_end_without_a_corresponding_day_then_provisional(cal):
    # 代表法 第五十一条第二款: 3 months from Mon 2026-11-30. February 2027 has no 30th: the last
    # day is 02-28 (民法典 第二百零二条), a Sunday. 2027 has no notice: provisionally Sunday is a
    # rest day, so the period ends Mon 2027-03-01, provisional, naming the missing notice.
    result = compute("suggestion.reply", date(2026, 11, 30), calendar=cal)
    assert result.due == date(2027, 3, 1)
    assert result.provisional is True
    assert result.missing_notices == (NOTICE_2027,)
    steps = text(result)
    assert "以月末日2027年2月28日为期间的最后一日" in steps
    assert f"《{NOTICE_2027}》" in steps and "（暂定）" in steps

    # Once a 2027 notice is known, the result is no longer provisional. This notice is
    # fictional (for the test only): it makes Sunday 2027-02-28 a swapped working day, so the
    # period ends on the 28th itself.
    notice = Notice(
        2027,
        NOTICE_2027,
        (
            *(NoticeDay(date(2027, 2, d), False, "春节") for d in range(5, 12)),
            NoticeDay(date(2027, 2, 28), True, "春节"),
        ),
    )
    known = compute("suggestion.reply", date(2026, 11, 30), calendar=StatutoryCalendar([notice]))
    assert known.due == date(2027, 2, 28)
    assert known.provisional is False and known.missing_notices == ()
    assert "（暂定）" not in text(known)


def test_one_month_from_the_31st_of_january(cal):
    # 1 month from 2024-01-31 → 2024-02-29 (leap year; Thursday, a working day).
    assert due("suggestion.reply", date(2024, 1, 31), cal, length=1) == date(2024, 2, 29)
    # … and from 2025-01-31 → 2025-02-28 (Friday).
    assert due("suggestion.reply", date(2025, 1, 31), cal, length=1) == date(2025, 2, 28)


def test_add_months_corresponding_day():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 5, 15), 0) == date(2024, 5, 15)


def test_month_period_rolls_over_a_holiday(cal):
    # 行政强制法 第五十三条: 3 months from 2024-07-01 → Tue 10-01 (国庆) → Tue 2024-10-08.
    assert due("enforcement.court_application", date(2024, 7, 1), cal) == date(2024, 10, 8)


# ---- pauses ---------------------------------------------------------------------------------


def test_pause_in_a_working_day_period(cal):
    # 公开条例 第三十三条: 20 working days from Mon 2026-03-02; the third party is consulted
    # from 03-05 to 03-20 (第三十三条第三款: not counted).
    # Counted before the pause: 03-03 (1), 03-04 (2). Paused working days: 03-05, 03-06,
    # 03-09 … 03-13, 03-16 … 03-20 = 12. From 03-23: 03-23 … 03-27 (3–7), 03-30 … 04-03
    # (8–12), 04-04 … 04-06 清明 off, 04-07 … 04-10 (13–16), 04-13 … 04-16 (17–20).
    plain = compute("disclosure.reply", date(2026, 3, 2), calendar=cal)
    assert plain.due == date(2026, 3, 30)
    result = compute(
        "disclosure.reply",
        date(2026, 3, 2),
        calendar=cal,
        pauses=[Pause(date(2026, 3, 5), date(2026, 3, 20), "征求第三方意见")],
    )
    assert result.due == date(2026, 4, 16)
    assert result.paused_days == 12
    steps = text(result)
    assert "2026年3月5日至20日中止计算（征求第三方意见），其间12个工作日不计入期间" in steps
    assert "2026年3月21日起继续计算" in steps
    assert "2026年4月4日至6日（清明节，共3日）" in steps


def test_pause_in_a_natural_day_period(cal):
    # 60 days from Mon 2026-03-02 → Fri 05-01 (劳动节, off to 05-05) → 05-06 without a pause.
    # A pause 03-10 … 03-19 adds 10 days: 05-11 (Monday, a working day).
    assert due("reconsideration.decision", date(2026, 3, 2), cal) == date(2026, 5, 6)
    result = compute(
        "reconsideration.decision",
        date(2026, 3, 2),
        calendar=cal,
        pauses=[Pause(date(2026, 3, 10), date(2026, 3, 19), "中止（第三十九条）")],
    )
    assert result.due == date(2026, 5, 11)
    assert result.paused_days == 10


def test_pause_from_the_start_day(cal):
    # A pause starting on the trigger day: the trigger day is not counted anyway, so only the
    # two days after it are added. 15 days from Thu 2026-03-05 → Fri 03-20; + 2 → Sun 03-22 →
    # Mon 03-23.
    result = compute(
        "litigation.answer",
        date(2026, 3, 5),
        calendar=cal,
        pauses=[Pause(date(2026, 3, 5), date(2026, 3, 7))],
    )
    assert result.paused_days == 2
    assert result.due == date(2026, 3, 23)


def test_two_pauses(cal):
    # 5 working days from Mon 2026-03-02, paused 03-03 and 03-05 … 03-06:
    # 03-04 (1), 03-09 (2), 03-10 (3), 03-11 (4), 03-12 (5).
    result = compute(
        "reconsideration.acceptance_review",
        date(2026, 3, 2),
        calendar=cal,
        pauses=[
            Pause(date(2026, 3, 5), date(2026, 3, 6)),
            Pause(date(2026, 3, 3), date(2026, 3, 3)),
        ],
    )
    assert result.due == date(2026, 3, 12)
    assert result.paused_days == 3


@pytest.mark.parametrize(
    ("pause", "message"),
    [
        (Pause(date(2026, 3, 1), date(2026, 3, 3)), "早于期间起算日"),
        (Pause(date(2026, 3, 10), date(2026, 3, 9)), "早于开始日"),
        (Pause(date(2026, 3, 10), date(2026, 3, 12)), "期间已经届满"),  # due is 03-09
    ],
)
def test_bad_pauses_are_refused(cal, pause, message):
    # 5 working days from Mon 2026-03-02 end Mon 03-09.
    with pytest.raises(DeadlineError, match=message):
        compute("reconsideration.acceptance_review", date(2026, 3, 2), calendar=cal, pauses=[pause])


def test_a_pause_on_the_last_day_is_accepted_and_overlaps_are_refused(cal):
    result = compute(
        "reconsideration.acceptance_review",
        date(2026, 3, 2),
        calendar=cal,
        pauses=[Pause(date(2026, 3, 9), date(2026, 3, 9))],
    )
    assert result.due == date(2026, 3, 10)
    with pytest.raises(DeadlineError, match="相互重叠"):
        compute(
            "reconsideration.decision",
            date(2026, 3, 2),
            calendar=cal,
            pauses=[
                Pause(date(2026, 3, 5), date(2026, 3, 9)),
                Pause(date(2026, 3, 9), date(2026, 3, 12)),
            ],
        )


def test_a_pause_after_the_natural_last_day_but_before_the_rolled_due_is_refused(cal):
    # 60 days from 2024-08-02 end on 10-01 (rolled to 10-08): the 60 days have run; a pause
    # entered on 10-03 is too late.
    with pytest.raises(DeadlineError, match="2024年10月1日"):
        compute(
            "reconsideration.decision",
            date(2024, 8, 2),
            calendar=cal,
            pauses=[Pause(date(2024, 10, 3), date(2024, 10, 5))],
        )


# ---- restart --------------------------------------------------------------------------------


def test_restart_after_supplement(cal):
    # 公开条例 第三十条: the reply period runs from receipt of the supplemented application,
    # Tue 2026-03-10: 03-11 … 03-13 (1–3), 03-16 … 03-20 (4–8), 03-23 … 03-27 (9–13),
    # 03-30 … 04-03 (14–18), 04-04 … 04-06 清明 off, 04-07 (19), 04-08 (20).
    result = compute("disclosure.reply", date(2026, 3, 2), calendar=cal, restart=date(2026, 3, 10))
    assert result.due == date(2026, 4, 8)
    assert result.start == date(2026, 3, 2) and result.counted_from == date(2026, 3, 10)
    assert "2026年3月10日起重新计算期间" in text(result)


def test_restart_before_start_is_refused(cal):
    with pytest.raises(DeadlineError, match="早于原起算日"):
        compute("disclosure.reply", date(2026, 3, 2), calendar=cal, restart=date(2026, 3, 1))


def test_pause_before_the_restart_is_refused(cal):
    with pytest.raises(DeadlineError, match="早于期间起算日"):
        compute(
            "disclosure.reply",
            date(2026, 3, 2),
            calendar=cal,
            restart=date(2026, 3, 10),
            pauses=[Pause(date(2026, 3, 4), date(2026, 3, 5))],
        )


# ---- extensions -----------------------------------------------------------------------------


def test_extension_at_the_maximum(cal):
    # 复议法 第六十二条第一款: 60 + 30 = 90 days from Fri 2024-08-02 → Thu 10-31.
    result = compute(
        "reconsideration.decision",
        date(2024, 8, 2),
        calendar=cal,
        extensions=[Extension(30, "案情复杂", "复议机构负责人", date(2024, 9, 20))],
    )
    assert result.due == date(2024, 10, 31)
    assert result.extended_by == 30
    steps = text(result)
    assert "延长30日（案情复杂，批准人：复议机构负责人，批准日期：2024年9月20日）" in steps
    # Two extensions adding up to the maximum are allowed too.
    split = compute(
        "reconsideration.decision",
        date(2024, 8, 2),
        calendar=cal,
        extensions=[Extension(20, "一"), Extension(10, "二")],
    )
    assert split.due == result.due


@pytest.mark.parametrize("lengths", [[31], [20, 11]])
def test_extension_over_the_maximum_is_refused_naming_the_article(cal, lengths):
    with pytest.raises(DeadlineError, match="第六十二条第一款") as excinfo:
        compute(
            "reconsideration.decision",
            date(2024, 8, 2),
            calendar=cal,
            extensions=[Extension(n, "超期") for n in lengths],
        )
    assert "最长延长期限30日" in str(excinfo.value)


def test_a_rule_without_a_maximum_refuses_any_extension(cal):
    with pytest.raises(DeadlineError, match="未规定可以延长"):
        compute(
            "reconsideration.decision_simplified",
            date(2024, 8, 2),
            calendar=cal,
            extensions=[Extension(1, "试图延长")],
        )


def test_working_day_extension(cal):
    # 公开条例 第三十三条第二款: 20 + 20 working days from Mon 2026-03-02. Day 20 is 03-30;
    # then 03-31 … 04-03 (21–24), 04-07 … 04-10 (25–28), 04-13 … 04-17 (29–33),
    # 04-20 … 04-24 (34–38), 04-27 (39), 04-28 (40).
    result = compute(
        "disclosure.reply",
        date(2026, 3, 2),
        calendar=cal,
        extensions=[Extension(20, "需要延长答复期限")],
    )
    assert result.due == date(2026, 4, 28)
    with pytest.raises(DeadlineError, match="20个工作日"):
        compute(
            "disclosure.reply", date(2026, 3, 2), calendar=cal, extensions=[Extension(21, "超过")]
        )


def test_month_extension_for_deputies_suggestions(cal):
    # 代表法 第五十一条第二款: 3 months, or 6 for difficult suggestions: from Thu 2026-01-15 to
    # Wed 2026-07-15.
    result = compute(
        "suggestion.reply",
        date(2026, 1, 15),
        calendar=cal,
        extensions=[Extension(3, "涉及面广、处理难度大")],
    )
    assert result.due == date(2026, 7, 15)
    with pytest.raises(DeadlineError, match="3个月"):
        compute(
            "suggestion.reply", date(2026, 1, 15), calendar=cal, extensions=[Extension(4, "超过")]
        )


# ---- provisional years ----------------------------------------------------------------------


def test_provisional_2027_until_a_notice_is_given(cal):
    # 60 days from Sun 2026-12-20 → Thu 2027-02-18, a day no published calendar covers yet.
    result = compute("reconsideration.application", date(2026, 12, 20), calendar=cal)
    assert result.due == date(2027, 2, 18)
    assert result.provisional and result.missing_notices == (NOTICE_2027,)
    # A (fictional) notice making 02-05 … 02-18 春节 holidays moves the end to Fri 02-19.
    notice = Notice(
        2027, NOTICE_2027, tuple(NoticeDay(date(2027, 2, d), False, "春节") for d in range(5, 19))
    )
    known = compute(
        "reconsideration.application", date(2026, 12, 20), calendar=StatutoryCalendar([notice])
    )
    assert known.due == date(2027, 2, 19)
    assert not known.provisional and known.missing_notices == ()


def test_working_days_into_2027_are_provisional(cal):
    # 5 working days from Wed 2026-12-30: 12-31 (1), 2027-01-01 元旦 (provisional), 01-02 …
    # 01-03 weekend, 01-04 (2) … 01-07 (5).
    result = compute("reconsideration.acceptance_review", date(2026, 12, 30), calendar=cal)
    assert result.due == date(2027, 1, 7)
    assert result.provisional and result.missing_notices == (NOTICE_2027,)


def test_a_2026_result_is_not_provisional(cal):
    result = compute("reconsideration.acceptance_review", date(2026, 12, 21), calendar=cal)
    assert result.due == date(2026, 12, 28)
    assert not result.provisional


# ---- hours ----------------------------------------------------------------------------------

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_hour_period_starts_at_the_next_whole_hour(cal):
    # 民诉法解释 第一百二十五条: counted from the next hour. 2 hours from 10:20 on 国庆 2026:
    # counting starts at 11:00, due at 13:00 the same (holiday) day: hours do not roll.
    start = datetime(2026, 10, 1, 10, 20, tzinfo=SHANGHAI)
    result = compute("hotline.urgent_feedback", start, calendar=cal)
    assert result.due == datetime(2026, 10, 1, 13, 0, tzinfo=SHANGHAI)
    assert result.to_json()["due"] == "2026-10-01T13:00:00+08:00"
    on_the_hour = compute(
        "hotline.urgent_feedback", datetime(2026, 10, 1, 10, 0, tzinfo=SHANGHAI), calendar=cal
    )
    assert on_the_hour.due == datetime(2026, 10, 1, 13, 0, tzinfo=SHANGHAI)
    # 24 hours from 23:59 cross midnight: from 00:00 next day to 00:00 the day after.
    late = compute(
        "hotline.utility_feedback", datetime(2026, 3, 2, 23, 59, tzinfo=SHANGHAI), calendar=cal
    )
    assert late.due == datetime(2026, 3, 4, 0, 0, tzinfo=SHANGHAI)


def test_hour_period_needs_a_time_and_takes_no_pause(cal):
    with pytest.raises(DeadlineError, match="必须包含时刻"):
        compute("hotline.urgent_feedback", date(2026, 3, 2), calendar=cal)
    with pytest.raises(DeadlineError, match="不适用按日中止"):
        compute(
            "hotline.urgent_feedback",
            datetime(2026, 3, 2, 10, tzinfo=SHANGHAI),
            calendar=cal,
            pauses=[Pause(date(2026, 3, 2), date(2026, 3, 2))],
        )


# ---- the weekend practice setting -----------------------------------------------------------


def test_weekend_roll_forward_follows_the_setting(cal, settings):
    # 15 days from Fri 2024-11-01 end on Sat 11-16. Practice (default): weekends count as
    # 法定休假日, so the period ends Mon 11-18. With the setting off, only holidays roll.
    assert due("penalty.fine_payment", date(2024, 11, 1), cal) == date(2024, 11, 18)
    settings.FAZHI_DEADLINE_ROLL_OVER_WEEKENDS = False
    assert due("penalty.fine_payment", date(2024, 11, 1), cal) == date(2024, 11, 16)
    # A real holiday still rolls: 2024-08-02 + 60 = 10-01 → the day after the break, 10-08.
    assert due("reconsideration.decision", date(2024, 8, 2), cal) == date(2024, 10, 8)


# ---- inputs and output ----------------------------------------------------------------------


def test_unknown_rule_id(cal):
    with pytest.raises(UnknownRuleError):
        compute("no.such_rule", date(2026, 3, 2), calendar=cal)


@pytest.mark.parametrize("length", [0, -3, True])
def test_bad_length(cal, length):
    with pytest.raises(DeadlineError, match="正整数"):
        compute("reconsideration.decision", date(2026, 3, 2), calendar=cal, length=length)


def test_outside_the_calendar_is_a_deadline_error(cal):
    with pytest.raises(DeadlineError, match="无法计算"):
        compute("reconsideration.decision", date(2003, 6, 1), calendar=cal)


def test_a_rule_object_and_an_explicit_length(cal):
    rule = get_rule("reconsideration.decision")
    result = compute(rule, date(2024, 8, 2), calendar=cal, length=30)
    # 30 days from 08-02 → Sun 09-01 → Mon 09-02.
    assert result.due == date(2024, 9, 2)
    assert result.length == 30
    assert "本次按指定期间30日计算（规则规定为60日）" in text(result)


def test_to_json(cal):
    result = compute(
        "reconsideration.decision", date(2026, 12, 20), calendar=cal, trigger_basis="受理日"
    )
    data = result.to_json()
    assert {
        "rule",
        "start",
        "due",
        "day_type",
        "kind",
        "basis",
        "provisional",
        "missing_notices",
        "steps",
    } <= set(data)
    assert data["rule"] == "reconsideration.decision"
    assert data["start"] == "2026-12-20"
    # 60 days from 2026-12-20 → Thu 2027-02-18 (provisional).
    assert data["due"] == "2027-02-18"
    assert (data["day_type"], data["kind"]) == ("natural", "within")
    assert data["provisional"] is True and data["missing_notices"] == [NOTICE_2027]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_describe_days_compresses_runs(cal):
    days = cal.non_workdays(date(2024, 9, 27), date(2024, 10, 13))
    assert describe_days(days) == (
        "2024年9月28日（休息日）、2024年10月1日至7日（国庆节，共7日）、2024年10月13日（休息日）"
    )
    assert describe_days(cal.non_workdays(date(2024, 6, 7), date(2024, 6, 10))) == (
        "2024年6月8日至10日（休息日、端午节，共3日）"
    )


def test_every_rule_computes(cal):
    from fazhi.deadlines.rules import RULES, DayType

    for rule in RULES.values():
        start = (
            datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI)
            if rule.day_type is DayType.HOUR
            else date(2026, 3, 2)
        )
        result = compute(rule, start, calendar=cal)
        if rule.day_type is DayType.DATE:  # the document's date itself
            assert result.due == start
        elif rule.kind is PeriodKind.BEFORE:
            assert result.due < start
        else:
            assert result.due > start
        assert result.steps and all(step.strip() for step in result.steps)
        if rule.day_type is not DayType.HOUR:
            assert cal.is_workday(result.due) or not rule.roll_forward
        longest = 367 * rule.length if rule.day_type is DayType.YEAR else 400
        assert result.due - start < timedelta(days=longest)
