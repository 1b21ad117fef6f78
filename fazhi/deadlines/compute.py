"""Computing a statutory period from its rule, its trigger date and what happened to its clock.

:func:`compute` returns a :class:`Result`: the date, whether it is provisional, and the steps of
the computation written the way a reviewer writes them on the file (in Chinese).

Counting (PERIODS.md §0 and §12; 民法典 第二百零一条至第二百零三条; 民事诉讼法 第八十五条;
民诉法解释 第一百二十五条):

* The start day is never counted; day 1 is the day after the trigger.
* NATURAL: start + N days. If the last day is not a working day it ends on the next working
  day (roll-forward; see ``rules`` for which kinds roll and why).
* WORKING: the N-th working day strictly after the start (``StatutoryCalendar.add_workdays``).
* MONTH / YEAR: the corresponding day of the final month, or that month's last day if it has no
  such day (3 months from 11-30 → 02-28/29; 1 month from 01-31 → 02-28/29), then roll-forward.
* HOUR: ``start`` must be a ``datetime``. Counting starts at the next whole hour (民诉法解释
  第一百二十五条: "以时起算的期间从次时起算"), so the due moment is
  ``start`` truncated to the hour + 1 + N hours. ``Result.start`` and ``Result.due`` are then
  datetimes (aware if ``start`` was). Hour periods do not roll forward over rest days, and take
  no pauses (a date-level pause cannot stop an hour clock).
* NOT_LESS_THAN: computed like WITHIN; the result is the earliest day the period may end.
* BEFORE: ``start`` is the event (a hearing). WORKING: ``sub_workdays(event, N)``. NATURAL:
  event − N days, moved *back* to the previous working day if it is not one. The result is the
  latest day the act may be done.

Clock modifiers:

* ``restart`` (公开条例 第三十条: the reply period runs anew from receipt of the supplemented
  application): counting starts again from that day; pauses must lie after it.
* ``pauses``: the clock stops on ``Pause.start`` and runs again the day after ``Pause.end``; the
  days in [start, end] do not count. For NATURAL/MONTH/YEAR periods the calendar days of the
  pause are added to the last day; for WORKING periods the working days inside the pause are
  not counted. A pause must start on or after the day counting starts from and no later than
  the period's last counted day (with earlier pauses and granted extensions applied): a pause
  cannot be entered for a period that has already run out. ``Result.paused_days`` is in the
  rule's unit (calendar days, or working days for WORKING rules).
* ``extensions``: their sum is added to the length (in the rule's unit) and the whole is counted
  from the start, so an extension of a natural-day period begins the day after the unextended
  last day, *before* any holiday roll-forward (the conservative reading). The sum may not exceed
  ``rule.max_extension``; a rule without one refuses any extension.

DATE (a date a document sets, such as a plan's "2026年年底前"): no counting, no roll-forward;
``due`` is ``start`` itself, and the steps say that the document sets the date (``trigger_basis``
names the document and the item). It takes no pauses, restarts, extensions or lengths: a new
date is a new deadline. It is never provisional (no calendar is consulted for it), though the
steps say when the date is a rest day.

A result is provisional when any day in [start, due] (or [due, event]) lies in a year whose
calendar is inferred rather than published (``StatutoryCalendar.missing_notices``).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .calendar import DayInfo, DayKind, StatutoryCalendar
from .rules import DayType, PeriodKind, Rule, effective_length, get_rule

__all__ = ["DeadlineError", "Extension", "Pause", "Result", "compute"]

_ONE_DAY = timedelta(days=1)
_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

# The general counting rule each law reaches (PERIODS.md §0).
_MINSU = "《中华人民共和国民事诉讼法》第八十五条"
_START_BASIS = {
    "中华人民共和国行政复议法": f"依照《中华人民共和国行政复议法》第八十八条第一款、{_MINSU}第二款",
    "中华人民共和国行政诉讼法": f"依照《中华人民共和国行政诉讼法》第一百零一条、{_MINSU}第二款",
}
_ROLL_BASIS = {
    "中华人民共和国行政复议法": f"依照《中华人民共和国行政复议法》第八十八条第一款、{_MINSU}第三款",
    "中华人民共和国行政诉讼法": f"依照《中华人民共和国行政诉讼法》第一百零一条、{_MINSU}第三款",
}
_DEFAULT_START_BASIS = "参照《中华人民共和国民法典》第二百零一条"
_DEFAULT_ROLL_BASIS = "参照《中华人民共和国民法典》第二百零三条第一款"
_COUNTED_IN = {
    DayType.NATURAL: "按自然日计算",
    DayType.WORKING: "按工作日计算",
    DayType.MONTH: "按月计算",
    DayType.YEAR: "按年计算",
    DayType.HOUR: "按小时计算",
    DayType.DATE: "日期由文件确定，不计算期间",
}
_MONTH_BASIS = "《中华人民共和国民法典》第二百零二条"
_HOUR_BASIS = (
    f"{_MINSU}第二款、《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第一百二十五条"
)


class DeadlineError(ValueError):
    """The inputs do not describe a computable period; the message (Chinese) says why."""


@dataclass(frozen=True)
class Pause:
    """The clock stops on ``start`` and runs again the day after ``end``."""

    start: date
    end: date
    reason: str = ""


@dataclass(frozen=True)
class Extension:
    """An approved extension, in the rule's unit."""

    length: int
    reason: str
    approver: str = ""
    approved_on: date | None = None


@dataclass(frozen=True)
class Result:
    """A computed period. ``due`` is the due date for WITHIN, the earliest allowed end for
    NOT_LESS_THAN and the latest allowed date for BEFORE (a datetime for HOUR rules)."""

    rule: Rule
    start: date
    due: date
    kind: PeriodKind
    day_type: DayType
    basis: str
    provisional: bool
    missing_notices: tuple[str, ...]
    steps: tuple[str, ...]
    skipped: tuple[DayInfo, ...] = ()
    paused_days: int = 0
    extended_by: int = 0
    length: int = 0
    counted_from: date | None = None

    @property
    def due_label(self) -> str:
        return self.kind.due_label

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (ISO dates), as stored with a deadline and printed by the CLI."""
        return {
            "rule": self.rule.id,
            "title": self.rule.title,
            "start": self.start.isoformat(),
            "counted_from": (self.counted_from or self.start).isoformat(),
            "due": self.due.isoformat(),
            "due_label": self.due_label,
            "day_type": str(self.day_type),
            "kind": str(self.kind),
            "length": self.length,
            "period": self.day_type.describe(self.length),
            "basis": self.basis,
            "verified": self.rule.verified,
            "provisional": self.provisional,
            "missing_notices": list(self.missing_notices),
            "steps": list(self.steps),
            "skipped": [
                {"day": info.day.isoformat(), "kind": str(info.kind), "name": info.name}
                for info in self.skipped
            ],
            "paused_days": self.paused_days,
            "extended_by": self.extended_by,
        }


# --------------------------------------------------------------------------------------------
# Formatting (Chinese, as on a file)
# --------------------------------------------------------------------------------------------


def fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def fmt_w(day: date) -> str:
    return f"{fmt(day)}（{_WEEKDAYS[day.weekday()]}）"


def fmt_dt(moment: datetime) -> str:
    return f"{fmt(moment)}{moment.hour}时{moment.minute:02d}分"


def _fmt_range(first: date, last: date) -> str:
    if first == last:
        return fmt(first)
    if first.year != last.year:
        return f"{fmt(first)}至{fmt(last)}"
    if first.month != last.month:
        return f"{fmt(first)}至{last.month}月{last.day}日"
    return f"{fmt(first)}至{last.day}日"


def _day_label(info: DayInfo) -> str:
    if info.kind is DayKind.HOLIDAY:
        return info.name or info.kind.label
    return info.kind.label


def describe_days(days: Sequence[DayInfo]) -> str:
    """Rest days and holidays compressed to runs of consecutive days:
    "2024年10月1日至7日（国庆节，共7日）、2024年10月12日至13日（休息日，共2日）"."""
    runs: list[list[DayInfo]] = []
    for info in days:
        if runs and info.day - runs[-1][-1].day == _ONE_DAY:
            runs[-1].append(info)
        else:
            runs.append([info])
    parts = []
    for run in runs:
        labels: list[str] = []
        for info in run:
            label = _day_label(info)
            if label not in labels:
                labels.append(label)
        count = f"，共{len(run)}日" if len(run) > 1 else ""
        parts.append(f"{_fmt_range(run[0].day, run[-1].day)}（{'、'.join(labels)}{count}）")
    return "、".join(parts)


# --------------------------------------------------------------------------------------------
# Date arithmetic
# --------------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The corresponding day ``months`` later (or earlier), or the last day of that month if it
    has no corresponding day (民法典 第二百零二条)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _roll_over_weekends() -> bool:
    from django.conf import settings

    if not settings.configured:
        return True
    return bool(getattr(settings, "FAZHI_DEADLINE_ROLL_OVER_WEEKENDS", True))


# --------------------------------------------------------------------------------------------
# The computation
# --------------------------------------------------------------------------------------------


class _Computation:
    def __init__(self, rule: Rule, calendar: StatutoryCalendar, length: int) -> None:
        self.rule = rule
        self.calendar = calendar
        self.length = length
        self.steps: list[str] = []
        self.skipped: list[DayInfo] = []
        self.paused_days = 0
        self.over_weekends = _roll_over_weekends()

    def unit(self, n: int) -> str:
        return self.rule.day_type.describe(n)

    # -- rolling off non-working days ---------------------------------------------------------

    def _ends_period(self, day: date) -> bool:
        if self.over_weekends:
            return self.calendar.is_workday(day)
        return self.calendar.info(day).kind is not DayKind.HOLIDAY

    def roll_forward(self, raw: date) -> date:
        day = raw
        if self.over_weekends:
            day = self.calendar.next_workday(raw)
        else:
            while not self._ends_period(day):
                day += _ONE_DAY
        if day != raw:
            passed = self.calendar.non_workdays(raw - _ONE_DAY, day - _ONE_DAY)
            self.skipped.extend(passed)
            basis = _ROLL_BASIS.get(self.rule.law, _DEFAULT_ROLL_BASIS)
            if self.over_weekends:
                why, to = "不是工作日", "其后第一个工作日"
            else:  # FAZHI_DEADLINE_ROLL_OVER_WEEKENDS off: only statutory holidays roll
                why, to = "是法定节假日", "法定节假日结束的次日"
            self.steps.append(
                f"期间最后一日{fmt_w(raw)}{why}，{basis}，顺延至{to}"
                f"{fmt_w(day)}；顺延跳过：{describe_days(passed)}。"
            )
        return day

    def roll_back(self, raw: date) -> date:
        day = raw
        while not self._ends_period(day):
            day -= _ONE_DAY
        if day != raw:
            passed = self.calendar.non_workdays(day, raw)
            self.skipped.extend(passed)
            self.steps.append(
                f"{fmt_w(raw)}不是工作日，提前至此前最后一个工作日{fmt_w(day)}办理，"
                f"以保证不少于规定的期间；跳过：{describe_days(passed)}。"
            )
        return day

    # -- forward periods ----------------------------------------------------------------------

    def pause_step(self, pause: Pause, counted: int) -> None:
        unit = "个工作日" if self.rule.day_type is DayType.WORKING else "日"
        reason = pause.reason.strip() or "未注明原因"
        self.steps.append(
            f"{_fmt_range(pause.start, pause.end)}中止计算（{reason}），其间{counted}{unit}"
            f"不计入期间；{fmt(pause.end + _ONE_DAY)}起继续计算。"
        )

    def _after_due(self, pause: Pause, last: date) -> DeadlineError:
        return DeadlineError(
            f"中止期间无效：中止开始日{fmt(pause.start)}晚于期间最后一日{fmt(last)}，"
            "期间已经届满，不能再中止。"
        )

    def forward_calendar_days(
        self, origin: date, total: int, pauses: Sequence[Pause], extended: int
    ) -> date:
        """NATURAL, MONTH and YEAR: the last counted day before any roll-forward."""
        day_type = self.rule.day_type
        if day_type is DayType.NATURAL:
            raw = origin + timedelta(days=total)
        else:
            months = total * 12 if day_type is DayType.YEAR else total
            raw = add_months(origin, months)
        for pause in pauses:
            if pause.start > raw:
                raise self._after_due(pause, raw)
            counted = (pause.end - max(pause.start - _ONE_DAY, origin)).days
            self.pause_step(pause, counted)
            raw += timedelta(days=counted)
            self.paused_days += counted
        if day_type is DayType.NATURAL:
            extra = f"（含延长{extended}日）" if extended else ""
            if self.paused_days:
                extra += f"，另加中止{self.paused_days}日"
            self.steps.append(f"连续计算{total}日{extra}，期间最后一日为{fmt_w(raw)}。")
        else:
            corresponding = add_months(origin, months)
            if corresponding.day == origin.day:
                how = f"到期月的对应日{fmt(corresponding)}为期间的最后一日"
            else:
                how = (
                    f"到期月没有对应日（{origin.day}日），以月末日{fmt(corresponding)}"
                    "为期间的最后一日"
                )
            extra = (
                f"；另加中止{self.paused_days}日，期间最后一日为{fmt_w(raw)}"
                if self.paused_days
                else ""
            )
            self.steps.append(f"计算{self.unit(total)}，{how}（{_MONTH_BASIS}）{extra}。")
        return raw

    def forward_working_days(
        self, origin: date, total: int, pauses: Sequence[Pause], extended: int
    ) -> date:
        calendar = self.calendar
        cursor, remaining = origin, total
        paused_ranges: list[tuple[date, date]] = []
        for pause in pauses:
            last_before = pause.start - _ONE_DAY
            available = (
                calendar.workdays_between(cursor, last_before) if last_before > cursor else 0
            )
            if available >= remaining:
                raise self._after_due(pause, calendar.add_workdays(cursor, remaining))
            remaining -= available
            counted = calendar.workdays_between(max(cursor, last_before), pause.end)
            self.pause_step(pause, counted)
            self.paused_days += counted
            paused_ranges.append((pause.start, pause.end))
            cursor = pause.end
        due = calendar.add_workdays(cursor, remaining)
        skipped = [
            info
            for info in calendar.non_workdays(origin, due)
            if not any(first <= info.day <= last for first, last in paused_ranges)
        ]
        self.skipped.extend(skipped)
        extra = f"（含延长{extended}个工作日）" if extended else ""
        if self.paused_days:
            extra += f"（中止期间的{self.paused_days}个工作日不计入）"
        if skipped:
            passed = f"其间跳过的休息日和法定节假日：{describe_days(skipped)}"
        else:
            passed = "其间没有休息日和法定节假日"
        self.steps.append(f"按工作日计算{extra}，第{total}个工作日为{fmt_w(due)}；{passed}。")
        return due

    # -- backward periods ---------------------------------------------------------------------

    def backward(self, event: date) -> date:
        day_type = self.rule.day_type
        n = self.length
        if day_type is DayType.WORKING:
            due = self.calendar.sub_workdays(event, n)
            passed = self.calendar.non_workdays(due, event - _ONE_DAY)
            self.skipped.extend(passed)
            between = (
                f"其间跳过的休息日和法定节假日：{describe_days(passed)}"
                if passed
                else "其间没有休息日和法定节假日"
            )
            self.steps.append(
                f"自{fmt(event)}向前倒数（事件当日不计入），第{n}个工作日为{fmt_w(due)}；"
                f"{between}。"
            )
            return due
        if day_type is DayType.NATURAL:
            raw = event - timedelta(days=n)
            self.steps.append(f"自{fmt(event)}向前倒数{n}日（事件当日不计入），为{fmt_w(raw)}。")
        else:
            months = n * 12 if day_type is DayType.YEAR else n
            raw = add_months(event, -months)
            self.steps.append(
                f"自{fmt(event)}向前倒数{self.unit(n)}，对应日为{fmt_w(raw)}（{_MONTH_BASIS}）。"
            )
        if self.rule.roll_forward:
            return self.roll_back(raw)
        return raw


def _as_date(value: date, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise DeadlineError(f"{what}必须是日期，收到 {value!r}。")
    return value


def _check_length(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DeadlineError(f"{what}必须是正整数，收到 {value!r}。")
    return value


def _validate_pauses(pauses: Sequence[Pause], origin: date) -> list[Pause]:
    ordered = sorted(
        (
            Pause(_as_date(p.start, "中止开始日"), _as_date(p.end, "中止结束日"), p.reason)
            for p in pauses
        ),
        key=lambda pause: (pause.start, pause.end),
    )
    for pause in ordered:
        start, end = pause.start, pause.end
        if end < start:
            raise DeadlineError(f"中止期间无效：结束日{fmt(end)}早于开始日{fmt(start)}。")
        if start < origin:
            raise DeadlineError(
                f"中止期间无效：中止开始日{fmt(start)}早于期间起算日{fmt(origin)}。"
            )
    for earlier, later in itertools.pairwise(ordered):
        if later.start <= earlier.end:
            raise DeadlineError(
                f"中止期间无效：{_fmt_range(earlier.start, earlier.end)}与"
                f"{_fmt_range(later.start, later.end)}相互重叠。"
            )
    return ordered


def _extension_total(rule: Rule, extensions: Sequence[Extension], steps: list[str]) -> int:
    if not extensions:
        return 0
    if rule.max_extension is None:
        raise DeadlineError(f"{rule.basis}未规定可以延长“{rule.title}”，不能延长。")
    total = 0
    for extension in extensions:
        _check_length(extension.length, "延长期限")
        total += extension.length
    if total > rule.max_extension:
        raise DeadlineError(
            f"延长期限合计{rule.day_type.describe(total)}，超过{rule.basis}规定的最长延长期限"
            f"{rule.day_type.describe(rule.max_extension)}（{rule.extension_basis}）。"
        )
    for extension in extensions:
        who = f"，批准人：{extension.approver}" if extension.approver else ""
        when = f"，批准日期：{fmt(extension.approved_on)}" if extension.approved_on else ""
        reason = extension.reason.strip() or "未注明理由"
        steps.append(f"延长{rule.day_type.describe(extension.length)}（{reason}{who}{when}）。")
    steps.append(
        f"延长依据：{rule.extension_basis}。合计延长{rule.day_type.describe(total)}，"
        f"未超过最长延长期限{rule.day_type.describe(rule.max_extension)}；"
        "延长期限与原期间连续计算。"
    )
    return total


def _rule_step(rule: Rule, length: int, length_given: bool) -> str:
    text = (
        f"适用规则：{rule.title}，依据{rule.basis}，期间为{rule.day_type.describe(length)}"
        f"（{_COUNTED_IN[rule.day_type]}，{rule.kind.label}）。{rule.explanation}"
    )
    if length_given and length != rule.length:
        text += f"本次按指定期间{rule.day_type.describe(length)}计算（规则规定为{rule.period}）。"
    elif length != rule.length:
        text += (
            f"期间长度依设置 {rule.setting} 调整为{rule.day_type.describe(length)}"
            f"（文献记载为{rule.period}）。"
        )
    if not rule.verified:
        text += f"【提示】该期间未经核实，可通过设置 {rule.setting} 调整，须经法制机构确认。"
    return text


def _trigger_step(rule: Rule, start: date, trigger_basis: str) -> str:
    when = fmt_dt(start) if isinstance(start, datetime) else fmt_w(start)
    if rule.kind is PeriodKind.BEFORE:
        what = "事件日"
    else:
        what = "起算时间" if isinstance(start, datetime) else "起算日"
    if trigger_basis.strip():
        return f"{what}：{when}，依据：{trigger_basis.strip()}。"
    return f"{what}：{when}（未注明{what}的确定方式）。"


def _final_step(rule: Rule, due: date, event: date, length: int) -> str:
    if rule.kind is PeriodKind.BEFORE:
        return (
            f"最迟应于{fmt_w(due)}办理，方能满足{fmt(event)}前{rule.day_type.describe(length)}"
            "的要求。"
        )
    if rule.kind is PeriodKind.NOT_LESS_THAN:
        return (
            f"最早可结束日：{fmt_w(due)}。期间不得早于该日结束，方能满足"
            f"“不少于{rule.day_type.describe(length)}”的要求。"
        )
    return (
        f"期限届满日：{fmt_w(due)}，截止时间为当日24时；有业务时间的，为停止业务活动的时间"
        "（《中华人民共和国民法典》第二百零三条第二款）。"
    )


def _provisional_step(missing: tuple[str, ...]) -> str:
    names = "、".join(f"《{title}》" for title in missing)
    return (
        f"（暂定）计算所及年度尚未录入{names}，该年度的休息日和法定节假日按《全国年节及纪念日"
        "放假办法》和周休息日推算；通知发布并录入后将重新计算。"
    )


def _wrap_calendar_errors(error: ValueError) -> DeadlineError:
    return DeadlineError(f"无法计算：{error}")


def compute(
    rule: Rule | str,
    start: date,
    *,
    calendar: StatutoryCalendar,
    trigger_basis: str = "",
    pauses: Sequence[Pause] = (),
    restart: date | None = None,
    extensions: Sequence[Extension] = (),
    length: int | None = None,
) -> Result:
    """Compute the period ``rule`` triggered on ``start`` (the event date for BEFORE rules).

    ``trigger_basis`` says how the start date was established (送达回证、签收日期…); ``length``
    overrides the rule's (and its setting's) length for this computation. Raises
    :class:`DeadlineError` for inputs that do not describe a computable period and
    ``UnknownRuleError`` for an unknown rule id.
    """
    if isinstance(rule, str):
        rule = get_rule(rule)
    if rule.day_type is DayType.DATE:
        return _compute_date(
            rule, start, calendar, trigger_basis, pauses, restart, extensions, length
        )
    n = effective_length(rule) if length is None else _check_length(length, "期间长度")
    if rule.day_type is DayType.HOUR:
        return _compute_hours(
            rule, start, n, trigger_basis, pauses, restart, extensions, length is not None
        )
    start = _as_date(start, "起算日")
    if restart is not None:
        restart = _as_date(restart, "重新起算日")
        if restart < start:
            raise DeadlineError(f"重新起算日{fmt(restart)}早于原起算日{fmt(start)}。")
    work = _Computation(rule, calendar, n)
    work.steps.append(_trigger_step(rule, start, trigger_basis))
    work.steps.append(_rule_step(rule, n, length is not None))
    try:
        if rule.kind is PeriodKind.BEFORE:
            if pauses:
                raise DeadlineError(f"“{rule.title}”自事件日向前倒数计算，不适用中止。")
            if restart is not None:
                raise DeadlineError(
                    f"“{rule.title}”自事件日向前倒数计算，不适用重新起算；事件改期的，"
                    "请按新的事件日期计算。"
                )
            _extension_total(rule, extensions, work.steps)
            due = work.backward(start)
            lo, hi, origin, extended = due, start, start, 0
        else:
            origin = restart or start
            if restart is not None:
                work.steps.append(
                    f"{fmt(restart)}起重新计算期间，{fmt(start)}至{fmt(restart)}已经过的期间"
                    "不再计入。"
                )
            ordered = _validate_pauses(pauses, origin)
            basis = _START_BASIS.get(rule.law, _DEFAULT_START_BASIS)
            work.steps.append(f"开始的当日不计入，自{fmt(origin + _ONE_DAY)}起计算（{basis}）。")
            extended = _extension_total(rule, extensions, work.steps)
            total = n + extended
            if rule.day_type is DayType.WORKING:
                due = work.forward_working_days(origin, total, ordered, extended)
            else:
                raw = work.forward_calendar_days(origin, total, ordered, extended)
                due = work.roll_forward(raw) if rule.roll_forward else raw
            lo, hi = origin, due
        missing = calendar.missing_notices(lo, hi)
        provisional = bool(missing) or calendar.is_provisional(due)
    except DeadlineError:
        raise
    except ValueError as error:  # the calendar's range errors, in Chinese
        raise _wrap_calendar_errors(error) from error
    work.steps.append(_final_step(rule, due, start, n))
    if provisional:
        work.steps.append(_provisional_step(missing))
    return Result(
        rule=rule,
        start=start,
        due=due,
        kind=rule.kind,
        day_type=rule.day_type,
        basis=rule.basis,
        provisional=provisional,
        missing_notices=missing,
        steps=tuple(work.steps),
        skipped=tuple(work.skipped),
        paused_days=work.paused_days,
        extended_by=extended,
        length=n,
        counted_from=origin,
    )


def _compute_hours(
    rule: Rule,
    start: date,
    n: int,
    trigger_basis: str,
    pauses: Sequence[Pause],
    restart: date | None,
    extensions: Sequence[Extension],
    length_given: bool,
) -> Result:
    if not isinstance(start, datetime):
        raise DeadlineError(
            f"“{rule.title}”按小时计算，起算时间必须包含时刻（如 2026-03-02T10:20）。"
        )
    if pauses:
        raise DeadlineError(f"“{rule.title}”按小时计算，不适用按日中止。")
    if rule.kind is not PeriodKind.WITHIN:
        raise DeadlineError(f"“{rule.title}”按小时计算，仅支持最长期限。")
    origin = start
    if restart is not None:
        if not isinstance(restart, datetime):
            raise DeadlineError("按小时计算的期间，重新起算时间必须包含时刻。")
        try:
            before = restart < start
        except TypeError:
            raise DeadlineError("重新起算时间与起算时间的时区信息不一致。") from None
        if before:
            raise DeadlineError(f"重新起算时间{fmt_dt(restart)}早于原起算时间{fmt_dt(start)}。")
        origin = restart
    steps = [_trigger_step(rule, start, trigger_basis), _rule_step(rule, n, length_given)]
    if restart is not None:
        steps.append(f"{fmt_dt(restart)}起重新计算期间。")
    extended = _extension_total(rule, extensions, steps)
    first = origin.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    due = first + timedelta(hours=n + extended)
    steps.append(
        f"以时计算的期间从次时起算（{_HOUR_BASIS}），自{fmt_dt(first)}起计算"
        f"{n + extended}小时，届满时刻为{fmt_dt(due)}；按小时计算的期间不因休息日、节假日顺延。"
    )
    return Result(
        rule=rule,
        start=start,
        due=due,
        kind=rule.kind,
        day_type=rule.day_type,
        basis=rule.basis,
        provisional=False,
        missing_notices=(),
        steps=tuple(steps),
        length=n,
        extended_by=extended,
        counted_from=origin,
    )


def _compute_date(
    rule: Rule,
    start: date,
    calendar: StatutoryCalendar,
    trigger_basis: str,
    pauses: Sequence[Pause],
    restart: date | None,
    extensions: Sequence[Extension],
    length: int | None,
) -> Result:
    """A date a document sets: due on that date, explained."""
    due = _as_date(start, "文件确定的日期")
    if pauses:
        raise DeadlineError(f"“{rule.title}”的日期由文件确定，不适用中止。")
    if restart is not None:
        raise DeadlineError(
            f"“{rule.title}”的日期由文件确定，不适用重新起算；日期调整的，请按新的日期另行登记。"
        )
    if extensions:
        raise DeadlineError(f"“{rule.title}”的日期由文件确定，不能延长；请按调整后的日期另行登记。")
    if length is not None:
        raise DeadlineError(f"“{rule.title}”的日期由文件确定，没有期间长度。")
    said = trigger_basis.strip()
    steps = [
        f"截止日期：{fmt_w(due)}，依据：{said}。"
        if said
        else f"截止日期：{fmt_w(due)}（未注明由哪一文件确定）。",
        f"适用规则：{rule.title}，依据{rule.basis}（日期由文件确定）。{rule.explanation}",
        "该日期即文件确定的截止日，不是自某日起计算的期间：不计算期间，不适用开始的当日不计入"
        "的规则，也不因休息日、节假日顺延。",
    ]
    try:
        rest = None if calendar.is_workday(due) else calendar.info(due)
    except ValueError:  # outside the calendar's range: nothing to remark
        rest = None
    if rest is not None:
        steps.append(f"{fmt_w(due)}为{_day_label(rest)}，文件未规定顺延，仍以该日为截止日。")
    steps.append(f"期限届满日：{fmt_w(due)}，截止时间为当日24时。")
    return Result(
        rule=rule,
        start=due,
        due=due,
        kind=rule.kind,
        day_type=rule.day_type,
        basis=rule.basis,
        provisional=False,
        missing_notices=(),
        steps=tuple(steps),
        length=0,
        counted_from=due,
    )
