"""The statutory working-day calendar used to count legal periods (期间).

Pure Python (plus ``chinesecalendar``, ``lunar_python`` and ``numpy``): no Django, no fazhi app.

Which days are working days, year by year, in order of precedence:

1. **NOTICE** – the year has a State Council holiday notice
   (《国务院办公厅关于{year}年部分节假日安排的通知》) entered as a :class:`Notice`. The days it
   lists override everything; every other day of that year is an ordinary weekday (working) or
   Saturday/Sunday (rest, 国务院关于职工工作时间的规定第七条).
2. **PACKAGE** – the ``chinesecalendar`` package has data for the year (2004–2026 in 1.11; the
   range is detected, not hard-coded). Its holiday and 调休 tables are read once, at construction.
3. **PROVISIONAL** – neither: the days are inferred from 全国年节及纪念日放假办法 (2024 amendment):
   weekends, the 13 statutory holiday days of 第二条 (元旦 1/1; 春节 农历除夕 to 正月初三; 清明
   = the 清明 solar-term day; 劳动节 5/1–5/2; 端午 lunar 5/5; 中秋 lunar 8/15; 国庆 10/1–10/3), and
   the make-up days of 第六条 ("全体公民放假的假日，如果适逢周六、周日，应当在工作日补假"): for each
   holiday day that falls on a Saturday or Sunday, the next ordinary working day after that
   holiday's block is a holiday named "<节日>（补休）". A holiday day that coincides with another
   holiday (中秋 inside 国庆, as in 2028 and 2031) is made up the same way: 第二条 grants each
   holiday its own days, and the State Council has treated the coincidence so in practice (2020).
   The 调休 of 第七条 (swapping weekends to form longer breaks) is at the State Council's
   discretion ("可"), so no 调休 working weekend is ever invented for a provisional year.

   **Provisional results are guesses.** Any deadline that depends on a provisional day must be
   shown as provisional (暂定), naming the notice still missing: see :meth:`is_provisional`,
   :meth:`missing_notices` and :func:`notice_title`.

Counting conventions (民事诉讼法第八十五条, 民诉法解释第一百二十五条: the start day is not
counted): :meth:`StatutoryCalendar.add_workdays` returns the n-th working day strictly after the
start. Working days are kept as a sorted array of day numbers built once, so a computation is one
binary search (``bisect`` for one date, ``numpy.searchsorted`` for arrays).
"""

from __future__ import annotations

import bisect
import enum
import functools
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar
import numpy as np
from chinese_calendar import constants as _cc
from lunar_python import Lunar, Solar

__all__ = [
    "DayInfo",
    "DayKind",
    "Notice",
    "NoticeDay",
    "Source",
    "StatutoryCalendar",
    "notice_title",
]

#: The first year whose holidays the 2024 amendment of 全国年节及纪念日放假办法 governs (it was
#: published on 2024-11-10 and applies from the 2025 arrangements). Earlier years cannot be
#: inferred with its rules: they need the package's data or a notice.
PROVISIONAL_RULES_FIRST_YEAR = 2025

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MAKE_UP_SUFFIX = "（补休）"
# The package's Chinese names, normalised to the names of the 办法 (第二条).
_LAW_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


class DayKind(enum.StrEnum):
    """What a day is, for counting working days."""

    WORKDAY = "workday"  # ordinary Monday–Friday working day
    REST = "rest"  # Saturday/Sunday rest day (国务院关于职工工作时间的规定 第七条)
    HOLIDAY = "holiday"  # statutory holiday or its 调休 rest day
    SWAPPED_WORKDAY = "swapped_workday"  # a weekend day made a working day (调休上班)

    @property
    def label(self) -> str:
        return _DAY_KIND_LABELS[self]

    @property
    def is_workday(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.SWAPPED_WORKDAY)


_DAY_KIND_LABELS = {
    DayKind.WORKDAY: "工作日",
    DayKind.REST: "休息日",
    DayKind.HOLIDAY: "法定节假日",
    DayKind.SWAPPED_WORKDAY: "调休上班日",
}


class Source(enum.StrEnum):
    """Where the calendar of a year comes from (in order of precedence)."""

    NOTICE = "notice"
    PACKAGE = "package"
    PROVISIONAL = "provisional"

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    Source.NOTICE: "国务院放假通知",
    Source.PACKAGE: "chinesecalendar 数据",
    Source.PROVISIONAL: "按放假办法推算（暂定）",
}


@dataclass(frozen=True)
class DayInfo:
    """One day of the calendar. ``name`` is the holiday it belongs to ("春节", "国庆节",
    "国庆节（补休）"…; for a 调休上班日 the holiday it was swapped for), "" for ordinary days."""

    day: date
    kind: DayKind
    name: str
    source: Source

    @property
    def is_workday(self) -> bool:
        return self.kind.is_workday


@dataclass(frozen=True)
class NoticeDay:
    """One day named by a State Council notice: a holiday (放假, ``is_workday=False``) or a
    working day (调休上班, ``is_workday=True``)."""

    day: date
    is_workday: bool
    name: str


@dataclass(frozen=True)
class Notice:
    """A State Council holiday notice for ``year``. Its days may include the end of the year
    before (e.g. a Saturday of late December worked for the 元旦 break)."""

    year: int
    title: str
    days: tuple[NoticeDay, ...]


def notice_title(year: int) -> str:
    """The usual title of the State Council's holiday notice for ``year``."""
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


# --------------------------------------------------------------------------------------------
# Year builders: each returns {date: (kind, name)} for the days that are not ordinary
# (weekday = WORKDAY, Saturday/Sunday = REST).
# --------------------------------------------------------------------------------------------

_Special = dict[date, tuple[DayKind, str]]


def _package_years(first_year: int, last_year: int) -> set[int]:
    """The years the installed chinesecalendar has data for (it raises NotImplementedError
    outside its range). One probe per year, at construction only."""
    years = set()
    for year in range(first_year, last_year + 1):
        try:
            chinese_calendar.get_holiday_detail(date(year, 1, 1))
        except NotImplementedError:
            continue
        years.add(year)
    return years


def _package_name(value: str) -> str:
    for holiday in _cc.Holiday:
        if holiday.value == value:
            return _LAW_NAMES.get(holiday.chinese, holiday.chinese)
    return value


def _package_special(years: set[int]) -> _Special:
    special: _Special = {}
    for day, value in _cc.holidays.items():
        if day.year in years:
            special[day] = (DayKind.HOLIDAY, _package_name(value))
    for day, value in _cc.workdays.items():
        if day.year in years:
            kind = DayKind.SWAPPED_WORKDAY if day.weekday() >= 5 else DayKind.WORKDAY
            special[day] = (kind, _package_name(value))
    return special


def _solar_date(solar: Solar) -> date:
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _statutory_holidays(year: int) -> list[tuple[str, list[date]]]:
    """The holidays of 全国年节及纪念日放假办法 (2024) 第二条 for ``year``, as (name, days),
    in date order. Lunar dates come from lunar_python."""
    new_year = _solar_date(Lunar.fromYmd(year, 1, 1).getSolar())  # 正月初一
    eve = new_year - timedelta(days=1)  # 除夕: the last day of the previous lunar year (29 or 30)
    qingming = _solar_date(Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()["清明"])
    duanwu = _solar_date(Lunar.fromYmd(year, 5, 5).getSolar())
    zhongqiu = _solar_date(Lunar.fromYmd(year, 8, 15).getSolar())
    blocks = [
        ("元旦", [date(year, 1, 1)]),
        ("春节", [eve + timedelta(days=i) for i in range(4)]),
        ("清明节", [qingming]),
        ("劳动节", [date(year, 5, 1), date(year, 5, 2)]),
        ("端午节", [duanwu]),
        ("中秋节", [zhongqiu]),
        ("国庆节", [date(year, 10, i) for i in (1, 2, 3)]),
    ]
    return sorted(blocks, key=lambda block: block[1][0])  # stable: 中秋 before 国庆 on a tie


@functools.cache
def _provisional_special(year: int) -> tuple[tuple[date, DayKind, str], ...]:
    """Weekends aside, the holidays of a year with neither notice nor package data: 第二条's
    days plus 第六条's make-up days (see the module docstring). Cached: lunar_python needs
    ~20 ms a year, and calendars are rebuilt whenever a notice changes."""
    names: dict[date, str] = {}
    owed: list[tuple[str, date, int]] = []  # (holiday, last day of its block, days to make up)
    for name, days in _statutory_holidays(year):
        lost = 0
        for day in days:
            if day in names:  # coincides with another holiday: this one's day is lost
                names[day] = f"{names[day]}、{name}"
                lost += 1
            else:
                names[day] = name
                lost += int(day.weekday() >= 5)  # 第六条: falls on Saturday/Sunday
        if lost:
            owed.append((name, days[-1], lost))
    make_up: dict[date, str] = {}
    for name, last, lost in owed:
        day = last
        while lost:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in names and day not in make_up:
                make_up[day] = name + _MAKE_UP_SUFFIX
                lost -= 1
    return tuple(sorted((day, DayKind.HOLIDAY, name) for day, name in (names | make_up).items()))


def _notice_special(notices: Iterable[Notice]) -> tuple[dict[int, Notice], _Special]:
    by_year: dict[int, Notice] = {}
    special: _Special = {}
    for notice in notices:
        if notice.year in by_year:
            raise ValueError(f"{notice.year}年的放假通知重复录入。")
        by_year[notice.year] = notice
        for entry in notice.days:
            kind = (
                (DayKind.SWAPPED_WORKDAY if entry.day.weekday() >= 5 else DayKind.WORKDAY)
                if entry.is_workday
                else DayKind.HOLIDAY
            )
            value = (kind, entry.name)
            if special.get(entry.day, value) != value:
                raise ValueError(f"放假通知对 {entry.day} 的安排相互矛盾。")
            special[entry.day] = value
    return by_year, special


# --------------------------------------------------------------------------------------------


class StatutoryCalendar:
    """Working days over the years ``first_year``..``last_year`` (default: this year + 10).

    Immutable once built; safe to share between threads. Building costs a few tens of
    milliseconds (the lunar computations of the provisional years): build once and reuse.
    Every method raises ``ValueError`` (with a Chinese message) for a date outside the range or
    a result that would fall outside it.
    """

    def __init__(
        self,
        notices: Iterable[Notice] = (),
        *,
        first_year: int = 2004,
        last_year: int | None = None,
    ) -> None:
        if last_year is None:
            last_year = date.today().year + 10
        if not (1 <= first_year <= last_year <= 9998):
            raise ValueError(f"日历年份范围无效：{first_year}–{last_year}年。")
        self.first_year = first_year
        self.last_year = last_year
        self._first_day = date(first_year, 1, 1)
        self._last_day = date(last_year, 12, 31)
        self._first_ord = self._first_day.toordinal()
        self._last_ord = self._last_day.toordinal()

        by_year, notice_special = _notice_special(notices)
        package_years = _package_years(first_year, last_year)
        self._year_source: dict[int, Source] = {}
        special: _Special = {}
        package_needed: set[int] = set()
        for year in range(first_year, last_year + 1):
            if year in by_year:
                self._year_source[year] = Source.NOTICE
            elif year in package_years:
                self._year_source[year] = Source.PACKAGE
                package_needed.add(year)
            else:
                if year < PROVISIONAL_RULES_FIRST_YEAR:
                    raise ValueError(
                        f"{year}年既无国务院放假通知，也不在 chinesecalendar 数据范围内，"
                        f"且早于《全国年节及纪念日放假办法》（2024年修订）的适用年份，无法推算。"
                        f"请录入《{notice_title(year)}》或缩小日历范围。"
                    )
                self._year_source[year] = Source.PROVISIONAL
                special.update(
                    (day, (kind, name)) for day, kind, name in _provisional_special(year)
                )
        special.update(_package_special(package_needed))
        self._special: dict[int, DayInfo] = {
            day.toordinal(): DayInfo(day, kind, name, self._year_source[day.year])
            for day, (kind, name) in special.items()
            if self._first_day <= day <= self._last_day
        }
        # Notice days override whatever the year's base is, including a notice's days in the
        # December of the year before (those keep Source.NOTICE though their year may not).
        self._special.update(
            (day.toordinal(), DayInfo(day, kind, name, Source.NOTICE))
            for day, (kind, name) in notice_special.items()
            if self._first_day <= day <= self._last_day
        )

        ords = np.arange(self._first_ord, self._last_ord + 1, dtype=np.int64)
        working = (ords - 1) % 7 < 5  # ordinal 1 (0001-01-01) was a Monday
        for ordinal, info in self._special.items():
            working[ordinal - self._first_ord] = info.is_workday
        self._working = working.tobytes()  # one byte per day, for O(1) lookups
        work = ords[working]
        self._work_ords: list[int] = work.tolist()  # for bisect on single dates
        self._work_epoch: np.ndarray = work - _EPOCH_ORDINAL  # days since 1970-01-01
        self._work_epoch.setflags(write=False)

    # -- lookups -----------------------------------------------------------------------------

    def _ordinal(self, day: date, what: str = "日期") -> int:
        if isinstance(day, datetime):
            day = day.date()
        if not isinstance(day, date):
            raise TypeError(f"{what}必须是 datetime.date，收到 {type(day).__name__}。")
        ordinal = day.toordinal()
        if not self._first_ord <= ordinal <= self._last_ord:
            raise ValueError(
                f"{what} {day} 超出法定日历范围（{self._first_day} 至 {self._last_day}）。"
            )
        return ordinal

    def _count(self, n: int) -> int:
        if isinstance(n, bool):
            raise TypeError("工作日数必须是整数。")
        n = operator.index(n)
        if n < 1:
            raise ValueError(f"工作日数必须是正整数（至少为 1），收到 {n}。")
        return n

    def _outside(self, day: date, n: int, direction: str) -> ValueError:
        return ValueError(
            f"{day} {direction}第 {n} 个工作日超出法定日历范围"
            f"（{self._first_day} 至 {self._last_day}），无法计算。"
        )

    def info(self, day: date) -> DayInfo:
        """What ``day`` is, and on whose authority."""
        ordinal = self._ordinal(day)
        found = self._special.get(ordinal)
        if found is not None:
            return found
        day = date.fromordinal(ordinal)
        kind = DayKind.WORKDAY if day.weekday() < 5 else DayKind.REST
        return DayInfo(day, kind, "", self._year_source[day.year])

    def is_workday(self, day: date) -> bool:
        return bool(self._working[self._ordinal(day) - self._first_ord])

    def source_of_year(self, year: int) -> Source:
        try:
            return self._year_source[year]
        except KeyError:
            raise ValueError(
                f"{year}年超出法定日历范围（{self.first_year}–{self.last_year}年）。"
            ) from None

    def is_provisional(self, day: date) -> bool:
        """True when ``day``'s year has neither a notice nor package data: what the calendar
        says about it is inferred from the 放假办法 and must be shown as 暂定."""
        self._ordinal(day)
        return self._year_source[day.year] is Source.PROVISIONAL

    def missing_notices(self, start: date, end: date) -> tuple[str, ...]:
        """Titles of the notices whose absence makes any day in [start, end] provisional,
        in year order; empty when nothing in the interval is provisional (or end < start)."""
        self._ordinal(start, "起始日期")
        self._ordinal(end, "截止日期")
        return tuple(
            notice_title(year)
            for year in range(start.year, end.year + 1)
            if self._year_source[year] is Source.PROVISIONAL
        )

    # -- counting ----------------------------------------------------------------------------

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start`` (n >= 1).

        The start day is never counted, whether or not it is a working day (民诉法第八十五条,
        民诉法解释第一百二十五条): day 1 is the first working day after ``start``. So there are
        exactly n working days in (start, result], and the result is itself a working day.
        """
        n = self._count(n)
        index = bisect.bisect_right(self._work_ords, self._ordinal(start, "起算日期")) + n - 1
        if index >= len(self._work_ords):
            raise self._outside(start, n, "之后")
        return date.fromordinal(self._work_ords[index])

    def sub_workdays(self, event: date, n: int) -> date:
        """The n-th working day strictly before ``event`` (n >= 1): counting backwards from the
        event, the event day itself is not counted and day 1 is the last working day before it.

        Use: "在举行听证的N个工作日前通知" – the result is the latest working day on which the
        notice may be served. Precisely, with ``result = sub_workdays(event, n)``:

        * there are exactly n working days in [result, event);
        * ``add_workdays(result, n) == next_workday(event)``: for an event on a working day,
          the n-th working day after service (start day excluded) is the event day itself,
          and serving on any later working day leaves fewer than n;
        * ``sub_workdays(add_workdays(d, n), n)`` is ``d`` for every working day ``d``.

        For an event on a rest day or holiday (unusual for a hearing), the n working days
        before it are still counted, so the n-th working day after service is the first working
        day after the event; a caller who needs n whole working days to elapse *before* such an
        event should ask for ``sub_workdays(event, n + 1)``.
        """
        n = self._count(n)
        index = bisect.bisect_left(self._work_ords, self._ordinal(event, "事件日期")) - n
        if index < 0:
            raise self._outside(event, n, "之前")
        return date.fromordinal(self._work_ords[index])

    def next_workday(self, day: date, *, include: bool = True) -> date:
        """``day`` itself if it is a working day and ``include`` is true, else the first
        working day after it (the roll-forward of 民诉法第八十五条 / 民法典第二百零三条)."""
        ordinal = self._ordinal(day)
        if include:
            index = bisect.bisect_left(self._work_ords, ordinal)
        else:
            index = bisect.bisect_right(self._work_ords, ordinal)
        if index >= len(self._work_ords):
            raise ValueError(
                f"{day} 之后的工作日超出法定日历范围（{self._first_day} 至 {self._last_day}）。"
            )
        return date.fromordinal(self._work_ords[index])

    def non_workdays(self, start: date, end: date) -> list[DayInfo]:
        """The rest days and holidays in (start, end], in date order, for explanations
        ("期间内含国庆节 7 天…"). Empty when end <= start."""
        first = self._ordinal(start, "起始日期") + 1
        last = self._ordinal(end, "截止日期")
        base = self._first_ord
        return [
            self.info(date.fromordinal(ordinal))
            for ordinal in range(first, last + 1)
            if not self._working[ordinal - base]
        ]

    def workdays_between(self, start: date, end: date) -> int:
        """The number of working days in (start, end]. Signed: when end < start it is minus the
        number in (end, start], so ``add_workdays(s, workdays_between(s, e))`` round-trips."""
        first = self._ordinal(start, "起始日期")
        last = self._ordinal(end, "截止日期")
        return bisect.bisect_right(self._work_ords, last) - bisect.bisect_right(
            self._work_ords, first
        )

    def add_workdays_batch(self, starts: np.ndarray, ns: np.ndarray) -> np.ndarray:
        """Vectorised :meth:`add_workdays`: ``starts`` (datetime64, converted to days) and
        ``ns`` (integers >= 1) are broadcast together; returns ``datetime64[D]`` of that shape.
        All-or-nothing: any start out of range, any n < 1 or any result out of range raises
        ``ValueError`` naming the first offending element."""
        starts = np.asarray(starts)
        if not np.issubdtype(starts.dtype, np.datetime64):
            raise TypeError("起算日期数组必须是 datetime64 类型。")
        ns = np.asarray(ns)
        if not np.issubdtype(ns.dtype, np.integer) or ns.dtype == np.bool_:
            raise TypeError("工作日数数组必须是整数类型。")
        days_D = starts.astype("datetime64[D]")
        if np.isnat(days_D).any():
            raise ValueError("起算日期数组中含有空值（NaT）。")
        epoch, ns = np.broadcast_arrays(days_D.astype(np.int64), ns.astype(np.int64))
        lo, hi = self._first_ord - _EPOCH_ORDINAL, self._last_ord - _EPOCH_ORDINAL
        bad = (epoch < lo) | (epoch > hi)
        if bad.any():
            at = np.flatnonzero(bad.ravel())[0]
            self._ordinal(date.fromordinal(int(epoch.ravel()[at]) + _EPOCH_ORDINAL), "起算日期")
        if ns.size and ns.min() < 1:
            self._count(int(ns.min()))
        index = np.searchsorted(self._work_epoch, epoch, side="right") + ns - 1
        over = index >= len(self._work_epoch)
        if over.any():
            at = np.flatnonzero(over.ravel())[0]
            day = date.fromordinal(int(epoch.ravel()[at]) + _EPOCH_ORDINAL)
            raise self._outside(day, int(ns.ravel()[at]), "之后")
        return self._work_epoch[index].astype("datetime64[D]")
