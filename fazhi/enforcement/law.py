"""The computations 行政处罚法 (2021年修订) and its neighbours prescribe, as plain functions of
dates and amounts: the limitation period, the simplified procedure's thresholds, the right to a
hearing, the discretion range, the late-payment surcharge and the publication period.

They know no model, so each can be checked against a hand-computed case (tests/test_law.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from fazhi.deadlines.compute import add_months, compute

CHUFA = "《中华人民共和国行政处罚法》（2021年修订）"
QIANGZHI = "《中华人民共和国行政强制法》（2011年）"
YINGSHANG = "《北京市优化营商环境条例》（2024年修订）"
GUOBAN_118 = "国办发〔2018〕118号"
CENT = Decimal("0.01")
# 初次从事行政处罚决定审核的人员 must hold the legal qualification since the 2017 amendment
# (in force 2018-01-01; 2021年修订 第五十八条第二款 keeps the rule).
QUALIFICATION_SINCE = date(2018, 1, 1)


def cite(article: str, law: str = CHUFA) -> str:
    return f"（依据：{law}{article}）"


def fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def money(value) -> str:
    return f"{Decimal(value):,.2f}元"


# ---- 第三十六条: limitation ----------------------------------------------------------------------


def limitation_years(endangers_safety: bool) -> int:
    """Two years; five where the violation concerns citizens' life, health or safety, or
    financial security, and has harmful consequences (第三十六条第一款)."""
    return 5 if endangers_safety else 2


def limitation_ends(occurred_on: date, ended_on: date | None, endangers_safety: bool) -> date:
    """The last day on which the violation can still be discovered. The period runs from the
    day the act occurred, or for a continuing or repeated act from the day it ended
    (第三十六条第二款); a period of years ends on the corresponding day (民法典第二百零二条)."""
    start = ended_on or occurred_on
    return add_months(start, 12 * limitation_years(endangers_safety))


def limitation_refusal(
    occurred_on: date,
    ended_on: date | None,
    endangers_safety: bool,
    discovered_on: date,
    continuing: bool = False,
) -> str:
    """Why the case cannot be opened, or "" when it is within the limitation period. A
    continuing or repeated act that has not ended has not started its period."""
    if ended_on is not None and ended_on < occurred_on:
        return "违法行为终了日期不能早于发生日期。"
    if discovered_on < occurred_on:
        return "发现日期不能早于违法行为发生日期。"
    if continuing and ended_on is None:
        return ""
    last = limitation_ends(occurred_on, ended_on, endangers_safety)
    if discovered_on <= last:
        return ""
    years = limitation_years(endangers_safety)
    start = "终了" if ended_on else "发生"
    return (
        f"违法行为自{start}之日（{fmt(ended_on or occurred_on)}）起{years}年内未被发现"
        f"（至{fmt(last)}届满，{fmt(discovered_on)}才发现），不再给予行政处罚"
        f"{cite('第三十六条')}。"
    )


# ---- 第五十一条: the simplified procedure --------------------------------------------------------

SIMPLIFIED_KINDS = {"warning", "fine"}


def simplified_limit(party_kind: str) -> Decimal:
    """¥200 for a citizen, ¥3,000 for a legal person or other organisation (第五十一条)."""
    return Decimal("200") if party_kind == "person" else Decimal("3000")


def simplified_refusal(party_kind: str, kinds: Iterable[str], fine: Decimal | None) -> str:
    kinds = set(kinds)
    if not kinds:
        return "当场处罚须写明处罚种类（警告或者罚款）。"
    if kinds - SIMPLIFIED_KINDS:
        return f"当场作出的行政处罚只能是警告或者罚款{cite('第五十一条')}。"
    limit = simplified_limit(party_kind)
    if "fine" in kinds and (fine is None or fine <= 0):
        return "处以罚款的，须写明罚款金额。"
    if fine is not None and fine > limit:
        who = "公民" if party_kind == "person" else "法人或者其他组织"
        return (
            f"对{who}当场处以罚款的上限为{money(limit)}，拟罚款{money(fine)}超出，"
            f"应当适用普通程序{cite('第五十一条')}。"
        )
    return ""


# ---- 第六十三条: the right to a hearing ----------------------------------------------------------

HEARING_KINDS = {
    "qualification",
    "licence_revocation",
    "restriction",
    "suspension",
    "closure",
    "practice",
}


def large_amount(party_kind: str) -> Decimal:
    """The “较大数额” of 第六十三条, which local or sector rules set (a setting)."""
    if party_kind == "person":
        return Decimal(settings.FAZHI_HEARING_LARGE_FINE_PERSON)
    return Decimal(settings.FAZHI_HEARING_LARGE_FINE_ORGANIZATION)


def hearing_right(
    party_kind: str, kinds: Iterable[str], fine: Decimal | None, confiscation: Decimal | None
) -> bool:
    """Whether the proposed penalty gives the party the right to request a hearing."""
    kinds = set(kinds)
    if kinds & HEARING_KINDS:
        return True
    limit = large_amount(party_kind)
    return any(amount is not None and amount >= limit for amount in (fine, confiscation))


# ---- 第三十四条: discretion ----------------------------------------------------------------------


def outside_range(fine: Decimal | None, low: Decimal | None, high: Decimal | None) -> str:
    """How a fine departs from the benchmark range, or "" when it is within it."""
    if fine is None:
        return ""
    if low is not None and fine < low:
        return f"拟罚款{money(fine)}低于裁量基准下限{money(low)}"
    if high is not None and fine > high:
        return f"拟罚款{money(fine)}高于裁量基准上限{money(high)}"
    return ""


def statutory_refusal(fine: Decimal | None, low: Decimal | None, high: Decimal | None) -> str:
    """A fine above the statutory maximum is never lawful; below the minimum only as 减轻处罚
    (第三十二条), which the caller checks."""
    if fine is not None and high is not None and fine > high:
        return f"罚款{money(fine)}超过法定上限{money(high)}，不得作出。"
    return ""


def reduction(outcome: str, fine: Decimal | None, statutory_min: Decimal | None) -> Decimal:
    """The fine forgone (免罚轻罚): the statutory minimum for a case not punished because of
    第三十三条, or what a mitigated fine falls below the statutory minimum (第三十二条)."""
    if statutory_min is None or statutory_min <= 0:
        return Decimal("0.00")
    if outcome == "no_penalty":
        return statutory_min.quantize(CENT)
    if fine is not None and fine < statutory_min:
        return (statutory_min - fine).quantize(CENT)
    return Decimal("0.00")


# ---- 第六十七条、第七十二条、第七十三条: payment and the surcharge -------------------------------


@dataclass(frozen=True)
class Surcharge:
    amount: Decimal
    days: int
    first_day: date | None
    explanation: str


def period_due(rule_id: str, start: date) -> date:
    """The due date of a statutory period (fazhi.deadlines), on the statutory calendar."""
    from fazhi.deadlines.selectors import current_calendar

    return compute(rule_id, start, calendar=current_calendar()).due


def payment_due(received_on: date, deferred_until: date | None = None) -> date:
    """The last day to pay: 15 days from receipt (第六十七条第三款; rule penalty.fine_payment,
    a last day on a holiday moves to the next working day), unless payment was deferred or
    split on approval (第六十六条), then the end of that arrangement."""
    due = period_due("penalty.fine_payment", received_on)
    if deferred_until is not None and deferred_until > due:
        return deferred_until
    return due


def surcharge(
    *,
    fine: Decimal,
    due: date,
    on: date,
    paid_off_on: date | None = None,
    pauses: Sequence[tuple[date, date | None]] = (),
) -> Surcharge:
    """The late-payment surcharge on `on`: for each day after `due` until the fine is paid
    off (`paid_off_on`, that day included), 3% of the fine (第七十二条第一款第一项: 每日按罚款数额的
    百分之三), not counted while a reconsideration or suit runs — from the filing day to the day
    it ended, both included (第七十三条第三款) — and never more than the fine (the same item;
    行政强制法第四十五条第二款).
    """
    fine = Decimal(fine)
    last = min(on, paid_off_on) if paid_off_on else on
    days = 0
    first = None
    day = due + timedelta(days=1)
    while day <= last:
        if not _paused(day, pauses):
            days += 1
            first = first or day
        day += timedelta(days=1)
    amount = min(fine * Decimal("0.03") * days, fine).quantize(CENT, ROUND_HALF_UP)
    return Surcharge(amount, days, first, _surcharge_text(fine, due, days, amount, pauses))


def _paused(day: date, pauses: Sequence[tuple[date, date | None]]) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in pauses)


def _surcharge_text(fine, due, days, amount, pauses) -> str:
    if days == 0:
        return f"缴款期限{fmt(due)}届满前缴清或尚未逾期，不加处罚款。"
    paused = "，复议、诉讼期间不计" if pauses else ""
    capped = "，已达罚款数额上限" if amount >= fine else ""
    return (
        f"逾期{days}日（自{fmt(due + timedelta(days=1))}起{paused}），每日按罚款数额的3%加处罚款"
        f"{money(amount)}{capped}{cite('第七十二条第一款第一项、第七十三条第三款')}。"
    )


SUSONG = "《中华人民共和国行政诉讼法》（2017年修正）"


def remedies_end(
    served_on: date,
    challenges: Sequence[tuple[str, date | None]] = (),
    deferred_until: date | None = None,
) -> date | None:
    """The day the periods for reconsideration and suit have run out: six months from service
    for a suit (行政诉讼法第四十六条第一款; longer than the 60 days of reconsideration), or 15
    days after a reconsideration decision was received (第四十五条), each on the statutory
    calendar (a last day on a holiday moves on). A suit or reconsideration still running → None;
    a suit decided → the day it ended. A deferral or instalments move the start of the court
    period to their end (处罚法第七十二条第二款)."""
    end = period_due("litigation.filing", served_on)
    for kind, ended_on in challenges:
        if ended_on is None:
            return None
        if kind == "reconsideration":
            after = period_due("litigation.filing_after_reconsideration", ended_on)
        else:
            after = ended_on
        end = max(end, after)
    if deferred_until is not None:
        end = max(end, deferred_until)
    return end


def court_window_refusal(
    served_on: date,
    challenges: Sequence[tuple[str, date | None]],
    applied_on: date,
    deferred_until: date | None = None,
) -> str:
    """An application to the court comes after the remedy periods and within three months of
    their end (行政强制法第五十三条; rule enforcement.court_application)."""
    end = remedies_end(served_on, challenges, deferred_until)
    if end is None:
        return f"复议或诉讼尚未审结，不能申请人民法院强制执行{cite('第五十三条', QIANGZHI)}。"
    if applied_on <= end:
        return (
            f"申请复议、提起诉讼的期限（或延期、分期缴纳的期限）至{fmt(end)}届满，届满前不能申请"
            f"人民法院强制执行{cite('第五十三条', QIANGZHI)}。"
        )
    last = period_due("enforcement.court_application", end)
    if applied_on > last:
        return (
            f"应当自复议、诉讼期限届满之日起三个月内（至{fmt(last)}）申请人民法院强制执行，"
            f"已经超过{cite('第五十三条', QIANGZHI)}。"
        )
    return ""


# ---- 北京市优化营商环境条例第七十三条: how long a penalty stays public ---------------------------


def publication_months(serious: bool) -> tuple[int, int]:
    """(minimum, maximum) months a business entity's penalty stays public: 3–12 months for an
    ordinary violation, 12–36 for a serious one (营商条例第七十三条); within them, the
    district's settings choose."""
    return (12, 36) if serious else (3, 12)


def publication_ends(published_on: date, serious: bool) -> date:
    months = (
        settings.FAZHI_PUBLICATION_MONTHS_SERIOUS
        if serious
        else settings.FAZHI_PUBLICATION_MONTHS_ORDINARY
    )
    return add_months(published_on, months)


def early_end_refusal(published_on: date, serious: bool, on: date) -> str:
    """Publication may end early on the party's application after correction, but not before
    the minimum period has run."""
    minimum, _ = publication_months(serious)
    earliest = add_months(published_on, minimum)
    if on < earliest:
        kind = "严重违法行为" if serious else "一般违法行为"
        return (
            f"{kind}的行政处罚信息最短公示{minimum}个月，{fmt(earliest)}前不能提前停止公示"
            f"{cite('第七十三条', YINGSHANG)}。"
        )
    return ""


# ---- 国办发〔2018〕118号: staffing and the statistics date ---------------------------------------


def legal_staff_short(enforcement_staff: int, legal_staff: int) -> bool:
    """法制审核 staff should in principle be at least 5% of the enforcement staff (四（十一））."""
    return legal_staff * 100 < enforcement_staff * 5


def statistics_due(year: int) -> date:
    """Last year's statistics are published by January 31 (二（六））."""
    return date(year + 1, 1, 31)
