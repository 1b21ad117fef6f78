"""Properties of the computation that must hold for every date, length, pause and extension."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fazhi.deadlines.calendar import StatutoryCalendar
from fazhi.deadlines.compute import DeadlineError, Extension, Pause, compute
from fazhi.deadlines.rules import DayType, PeriodKind, Rule, get_rule

CALENDAR = StatutoryCalendar()  # package data to 2026, provisional after: both are exercised
DATES = st.dates(min_value=date(2004, 1, 2), max_value=date(2031, 12, 31))
LENGTHS = st.integers(min_value=1, max_value=120)
# Backward periods reach up to 120 working days (about six months) before the event, which must
# stay inside the calendar (2004 onwards).
EVENTS = st.dates(min_value=date(2004, 9, 1), max_value=date(2031, 12, 31))

# One rule per way of counting; the length is given per example.
FORWARD = {
    DayType.NATURAL: get_rule("reconsideration.decision"),
    DayType.WORKING: get_rule("disclosure.reply"),
    DayType.MONTH: get_rule("suggestion.reply"),
}
BACKWARD = {
    DayType.NATURAL: get_rule("decision.hearing_materials"),
    DayType.WORKING: get_rule("reconsideration.hearing_notice"),
}
NOT_LESS = get_rule("decision.public_comment")


def run(rule: Rule, start: date, n: int, **kwargs):
    return compute(rule, start, calendar=CALENDAR, length=n, **kwargs)


def month_length(day_type: DayType, n: int) -> int:
    return min(n, 24) if day_type is DayType.MONTH else n


@given(start=DATES, n=LENGTHS)
def test_working_days_land_on_a_working_day(start, n):
    result = run(FORWARD[DayType.WORKING], start, n)
    assert CALENDAR.is_workday(result.due)
    assert CALENDAR.workdays_between(start, result.due) == n


@given(start=DATES, n=LENGTHS, day_type=st.sampled_from(list(FORWARD)))
def test_forward_periods_end_on_a_working_day_after_the_start(start, n, day_type):
    n = month_length(day_type, n)
    result = run(FORWARD[day_type], start, n)
    assert result.due > start
    assert CALENDAR.is_workday(result.due)
    # Rolling forward passes over non-working days only.
    assert all(not CALENDAR.is_workday(info.day) for info in result.skipped)


@given(start=DATES, a=LENGTHS, b=LENGTHS, day_type=st.sampled_from(list(FORWARD)))
def test_monotonic_in_the_length(start, a, b, day_type):
    a, b = sorted((month_length(day_type, a), month_length(day_type, b)))
    rule = FORWARD[day_type]
    assert run(rule, start, a).due <= run(rule, start, b).due


@given(s1=DATES, s2=DATES, n=LENGTHS, day_type=st.sampled_from(list(FORWARD)))
def test_monotonic_in_the_start(s1, s2, n, day_type):
    s1, s2 = sorted((s1, s2))
    n = month_length(day_type, n)
    rule = FORWARD[day_type]
    assert run(rule, s1, n).due <= run(rule, s2, n).due


@given(e1=EVENTS, e2=EVENTS, a=LENGTHS, b=LENGTHS, day_type=st.sampled_from(list(BACKWARD)))
def test_backward_periods_are_monotonic_and_before_the_event(e1, e2, a, b, day_type):
    e1, e2 = sorted((e1, e2))
    a, b = sorted((a, b))
    rule = BACKWARD[day_type]
    assert run(rule, e1, a).due <= run(rule, e2, a).due
    # A longer notice period means an earlier latest date.
    assert run(rule, e2, b).due <= run(rule, e2, a).due < e2
    assert CALENDAR.is_workday(run(rule, e2, a).due)


@given(start=DATES, n=LENGTHS)
def test_a_minimum_period_never_ends_early(start, n):
    # The earliest allowed end is at least N days after the start, and a working day.
    result = run(NOT_LESS, start, n)
    assert result.kind is PeriodKind.NOT_LESS_THAN
    assert result.due >= start + timedelta(days=n)
    assert CALENDAR.is_workday(result.due)


@given(
    start=DATES,
    n=LENGTHS,
    day_type=st.sampled_from(list(FORWARD)),
    offset=st.floats(min_value=0, max_value=1),
    length=st.integers(min_value=0, max_value=60),
)
def test_a_pause_never_shortens_a_period(start, n, day_type, offset, length):
    n = month_length(day_type, n)
    rule = FORWARD[day_type]
    plain = run(rule, start, n)
    # The last counted day before any roll-forward: a pause may start up to that day.
    if day_type is DayType.WORKING:
        last = plain.due
    elif day_type is DayType.NATURAL:
        last = start + timedelta(days=n)
    else:
        from fazhi.deadlines.compute import add_months

        last = add_months(start, n)
    pause_start = start + timedelta(days=round((last - start).days * offset))
    pause = Pause(pause_start, pause_start + timedelta(days=length), "中止")
    paused = run(rule, start, n, pauses=[pause])
    assert paused.due >= plain.due
    assert paused.paused_days >= 0


@given(start=DATES, n=LENGTHS, day_type=st.sampled_from(list(FORWARD)))
def test_a_pause_after_the_end_is_refused(start, n, day_type):
    n = month_length(day_type, n)
    rule = FORWARD[day_type]
    plain = run(rule, start, n)
    late = plain.due + timedelta(days=1)
    with pytest.raises(DeadlineError):
        run(rule, start, n, pauses=[Pause(late, late + timedelta(days=3))])


@settings(max_examples=200)
@given(
    start=DATES,
    rule_id=st.sampled_from(
        [
            "reconsideration.decision",
            "disclosure.reply",
            "suggestion.reply",
            "petition.conclusion",
            "licence.decision",
            "reconsideration.decision_simplified",
        ]
    ),
    lengths=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=4),
)
def test_extensions_never_exceed_the_maximum(start, rule_id, lengths):
    rule = get_rule(rule_id)
    extensions = [Extension(n, "延长") for n in lengths]
    maximum = rule.max_extension
    if maximum is None or sum(lengths) > maximum:
        with pytest.raises(DeadlineError) as excinfo:
            compute(rule, start, calendar=CALENDAR, extensions=extensions)
        assert rule.article in str(excinfo.value)
        return
    result = compute(rule, start, calendar=CALENDAR, extensions=extensions)
    assert result.extended_by == sum(lengths) <= maximum
    assert result.due >= compute(rule, start, calendar=CALENDAR).due


@given(start=DATES, n=LENGTHS, restart_after=st.integers(min_value=0, max_value=90))
def test_restart_is_the_same_as_starting_later(start, n, restart_after):
    rule = FORWARD[DayType.WORKING]
    restart = start + timedelta(days=restart_after)
    assume(restart <= date(2031, 12, 31))
    assert run(rule, start, n, restart=restart).due == run(rule, restart, n).due
