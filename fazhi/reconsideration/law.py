"""The computations 行政复议法 (2023年修订) requires, as plain functions: the application period
(第二十条、第二十一条), the simplified procedure's conditions (第五十三条), and the periods of
the case on the statutory calendar (fazhi.deadlines). Each says which article it applies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from fazhi.deadlines.compute import add_months, compute

FUYI = "中华人民共和国行政复议法（2023年修订）"
SIMPLIFIED_AMOUNT = Decimal("3000")  # 第五十三条第一款第三项


def cite(article: str) -> str:
    return f"《{FUYI}》{article}"


def fmt(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def period_due(rule_id: str, start: date) -> date:
    """The due date of a statutory period (fazhi.deadlines), on the statutory calendar."""
    from fazhi.deadlines.selectors import current_calendar

    return compute(rule_id, start, calendar=current_calendar()).due


@dataclass(frozen=True)
class Timeliness:
    """Whether an application came in time, and why (第二十条、第二十一条)."""

    due: date | None  # the last day of the application period that applies
    absolute: date | None  # the last day of 第二十一条's bar
    late: bool
    barred: bool  # past 第二十一条's bar: no reason for delay saves it
    note: str


def absolute_limit(made_on: date, concerns_property: bool) -> date:
    """The last day before 第二十一条 bars the application: 5 years from the act (20 for real
    property). The 5-year day is on the statutory calendar; the 20-year day lies beyond it and
    is the corresponding day (民法典第二百零二条)."""
    if concerns_property:
        return _working_day_on_or_after(add_months(made_on, 240))
    return period_due("reconsideration.absolute_limit", made_on)


def _working_day_on_or_after(day: date) -> date:
    """The day itself, or the next working day where the calendar reaches that far (民事诉讼法
    第八十五条); a day beyond the calendar's years stays as it is."""
    from fazhi.deadlines.selectors import current_calendar

    calendar = current_calendar()
    try:
        while not calendar.is_workday(day):
            day += timedelta(days=1)
    except ValueError:
        pass
    return day


def timeliness(
    *,
    received_on: date,
    known_on: date,
    informed: bool,
    informed_on: date | None = None,
    made_on: date | None = None,
    concerns_property: bool = False,
) -> Timeliness:
    """The application period: 60 days from knowing the act (第二十条第一款); where the agency
    did not tell the party of the right, the body and the period, 60 days from knowing these,
    but never past one year from knowing the act (第二十条第三款); and never past 第二十一条's
    5 (20) years from the act. Delay for a 正当理由 (第二十条第二款) is for the reviewer to
    weigh; the result only says whether the days have run."""
    notes = []
    if informed:
        due = period_due("reconsideration.application", known_on)
        notes.append(
            f"自知道该行政行为之日（{fmt(known_on)}）起六十日，至{fmt(due)}届满（第二十条第一款）"
        )
    else:
        cap = period_due("reconsideration.application_cap", known_on)
        due = cap
        if informed_on is not None:
            due = min(period_due("reconsideration.application", informed_on), cap)
        notes.append(
            "行政机关未告知申请权利、复议机关和申请期限，申请期限自知道上述内容之日起计算，"
            f"但自知道行政行为内容之日起最长不超过一年（至{fmt(cap)}，第二十条第三款）；"
            f"本申请的期限至{fmt(due)}届满"
        )
    absolute = absolute_limit(made_on, concerns_property) if made_on else None
    if absolute is not None:
        years = "二十" if concerns_property else "五"
        notes.append(f"自行政行为作出之日起{years}年，至{fmt(absolute)}（第二十一条）")
    barred = absolute is not None and received_on > absolute
    late = received_on > due or barred
    if barred:
        verdict = "已超过第二十一条规定的最长期限，应当不予受理"
    elif late:
        verdict = "已超过申请期限，有正当理由的由受理审查认定"
    else:
        verdict = "在申请期限内"
    note = "；".join(notes) + f"。{fmt(received_on)}收到申请，{verdict}。"
    return Timeliness(due, absolute, late, barred, note)


def simplified_grounds(
    *,
    on_the_spot: bool,
    warning_or_criticism: bool,
    amount: Decimal | None,
    disclosure: bool,
    parties_consent: bool,
) -> list[str]:
    """The conditions of 第五十三条 that hold (its first paragraph also needs the facts clear,
    rights and duties plain and little in dispute — the reviewer's judgment at acceptance)."""
    grounds = []
    if on_the_spot:
        grounds.append("被申请行政复议的行政行为是当场作出（第五十三条第一款第一项）")
    if warning_or_criticism:
        grounds.append("被申请行政复议的行政行为是警告或者通报批评（第一款第二项）")
    if amount is not None and amount <= SIMPLIFIED_AMOUNT:
        grounds.append(f"案件涉及款额{amount}元，在三千元以下（第一款第三项）")
    if disclosure:
        grounds.append("属于政府信息公开案件（第一款第四项）")
    if parties_consent:
        grounds.append("当事人各方同意适用简易程序（第五十三条第二款）")
    return grounds


def decision_rule(simplified: bool) -> str:
    """第六十二条: 60 days (general) or 30 days (simplified) from acceptance."""
    return "reconsideration.decision_simplified" if simplified else "reconsideration.decision"


def copy_rule(simplified: bool) -> str:
    """第四十八条 (7 working days) or 第五十四条 (3 working days) from acceptance."""
    if simplified:
        return "reconsideration.copy_to_respondent_simplified"
    return "reconsideration.copy_to_respondent"


def reply_rule(simplified: bool) -> str:
    """第四十八条 (10 working days) or 第五十四条 (5 working days) from the respondent's receipt."""
    if simplified:
        return "reconsideration.respondent_reply_simplified"
    return "reconsideration.respondent_reply"


def hearing_notice_due(hearing_on: date) -> date:
    """The last day to serve the hearing notice: 5 working days before (第五十一条第一款)."""
    return period_due("reconsideration.hearing_notice", hearing_on)


def normdoc_due(started_on: date, competent: bool) -> date:
    """第五十六条: decided within 30 days where this body may; else transferred within 7
    working days."""
    rule = "reconsideration.normdoc_handling" if competent else "reconsideration.normdoc_transfer"
    return period_due(rule, started_on)


def late_reply_consequence() -> str:
    return (
        "被申请人未按期提出书面答复、提交作出行政行为的证据、依据和其他有关材料的，视为该行政"
        "行为没有证据、依据，行政复议机关决定撤销、部分撤销该行政行为，确认该行政行为违法、无效"
        "或者决定被申请人在一定期限内履行，但是行政行为涉及第三人合法权益，第三人提供证据的除外"
        f"（{cite('第七十条')}）。"
    )
