"""Properties of working-day arithmetic (hypothesis; pure Python, no database).

Counts are checked against a brute-force day-by-day walk over ``is_workday``, so the
binary-search arithmetic is compared with something that does not share its logic.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.deadlines.calendar import StatutoryCalendar

CAL = StatutoryCalendar(first_year=2004, last_year=2032)

starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31))
# Events far enough from 2004-01-01 that 250 working days before them are still in range.
events = st.dates(min_value=date(2005, 3, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=1, max_value=250)


def walk_count(first: date, last: date) -> int:
    """Working days in [first, last], one day at a time."""
    n, day = 0, first
    while day <= last:
        n += CAL.is_workday(day)
        day += timedelta(days=1)
    return n


@given(starts, counts)
def test_add_workdays_counts_exactly_n(start, n):
    due = CAL.add_workdays(start, n)
    assert due > start
    assert CAL.is_workday(due)
    assert walk_count(start + timedelta(days=1), due) == n  # exactly n in (start, due]
    assert CAL.workdays_between(start, due) == n
    assert CAL.add_workdays(start, CAL.workdays_between(start, due)) == due
    # Every day after start and before due that is skipped is a non-working day.
    assert len(CAL.non_workdays(start, due)) == (due - start).days - n


@given(starts, counts)
def test_add_workdays_is_strictly_increasing_in_n(start, n):
    assert CAL.add_workdays(start, n) < CAL.add_workdays(start, n + 1)


@given(starts, starts, counts)
def test_add_workdays_is_non_decreasing_in_start(a, b, n):
    a, b = min(a, b), max(a, b)
    assert CAL.add_workdays(a, n) <= CAL.add_workdays(b, n)


@given(events, counts)
def test_sub_workdays_counts_exactly_n_before_the_event(event, n):
    served = CAL.sub_workdays(event, n)
    assert served < event
    assert CAL.is_workday(served)
    assert walk_count(served, event - timedelta(days=1)) == n  # exactly n in [served, event)
    # Forward from the service day, the n-th working day is the event (or, for an event on a
    # non-working day, the first working day after it) ...
    assert CAL.add_workdays(served, n) == CAL.next_workday(event)
    # ... and from the next working day it is later: `served` is the latest such working day.
    later = CAL.next_workday(served, include=False)
    assert CAL.add_workdays(later, n) > CAL.next_workday(event)


# From 2004-01-02 (the first working day of the range) so that a working day <= start exists.
@given(st.dates(min_value=date(2004, 1, 2), max_value=date(2030, 12, 31)), counts)
def test_sub_workdays_undoes_add_workdays(start, n):
    due = CAL.add_workdays(start, n)
    back = CAL.sub_workdays(due, n)
    # Back to start itself when start is a working day; else to the last working day before it.
    if CAL.is_workday(start):
        assert back == start
    else:
        assert back < start and CAL.is_workday(back)
        assert walk_count(back + timedelta(days=1), start) == 0


@given(starts)
def test_next_workday(day):
    nxt = CAL.next_workday(day)
    assert nxt >= day and CAL.is_workday(nxt)
    assert walk_count(day, nxt - timedelta(days=1)) == 0
    assert (nxt == day) == CAL.is_workday(day)
    assert CAL.next_workday(day, include=False) == CAL.add_workdays(day, 1)


@given(starts, starts)
def test_workdays_between_is_antisymmetric_and_additive(a, b):
    assert CAL.workdays_between(a, b) == -CAL.workdays_between(b, a)
    lo, hi = min(a, b), max(a, b)
    mid = lo + (hi - lo) // 2
    assert CAL.workdays_between(lo, hi) == CAL.workdays_between(lo, mid) + CAL.workdays_between(
        mid, hi
    )


@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)))
def test_package_years_agree_with_chinesecalendar(day):
    assert CAL.is_workday(day) == chinese_calendar.is_workday(day)
    assert CAL.info(day).is_workday == CAL.is_workday(day)


@settings(max_examples=50)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=0, max_value=500))
def test_batch_equals_one_at_a_time(seed, size):
    rng = np.random.default_rng(seed)
    lo, hi = date(2004, 1, 1).toordinal(), date(2030, 12, 31).toordinal()
    epoch = date(1970, 1, 1).toordinal()
    starts = (rng.integers(lo, hi + 1, size) - epoch).astype("datetime64[D]")
    ns = rng.integers(1, 251, size)
    result = CAL.add_workdays_batch(starts, ns)
    expected = [CAL.add_workdays(s.item(), int(n)) for s, n in zip(starts, ns, strict=True)]
    assert result.tolist() == expected
