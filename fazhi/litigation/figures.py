"""行政应诉 figures, per year and per defendant agency, over what the viewing person reaches
(the 司法局: every agency of its district; an agency: its own).

Definitions (the year is January 1 – December 31, both included; one instance — 一审、二审、
再审 — is one case; `today` is the day the figures are read):

- 收案: cases whose complaint (appeal) copy was served on the agency in the year
  (`served_on`); of them first instance, and with the reconsideration body as co-defendant.
- 审结: cases whose judgment, ruling or mediation is dated in the year (`judged_on`), by the
  result for the agency: 胜诉, 败诉, 撤诉 (准许撤诉、按撤诉处理), 调解, 其他 (终结诉讼、发回重审).
- 败诉率 = 败诉 ÷ 以判决或裁定审结的案件 (审结 less the cases ended by mediation; the
  withdrawals, which end by ruling, are in the base). 败诉: a judgment against the agency —
  撤销、确认违法或无效、变更、责令履行、给付、赔偿, or an appeal or retrial decided so.
- 开庭审理: cases first heard in the year (`first_heard_on`); 负责人出庭: of those, the cases
  in which the agency's head (正职、副职或其他参与分管的负责人) appeared at a hearing of that
  instance (出庭规定第七条: one appearance per instance is enough); 出庭率 = 负责人出庭 ÷ 开庭
  审理. 应当出庭: cases flagged under 解释第一百二十九条 / 出庭规定第四条第一款, and of them those
  the head attended.
- 司法建议、检察建议: received in the year (`received_on`); replied by today; replied by the
  date the letter set; unanswered and past that date today; 答复率 = replied ÷ received.

Cost: three grouped aggregate queries over the cases (one per date column, each served by an
index on (unit, date, …)), one over the suggestions and one for the agencies' names —
whatever the number of cases (bench/litigation_figures.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from fazhi.core import policies
from fazhi.core.models import Person, Unit

from . import law
from .models import LitigationCase, Suggestion


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


@dataclass
class Counts:
    received: int = 0
    received_first: int = 0
    co_defendant: int = 0
    concluded: int = 0
    by_judgment: int = 0  # concluded by judgment or ruling: the loss rate's base
    win: int = 0
    loss: int = 0
    withdrawn: int = 0
    mediated: int = 0
    other: int = 0
    heard: int = 0
    head: int = 0
    required: int = 0
    required_head: int = 0
    suggestions: int = 0
    judicial: int = 0
    procuratorial: int = 0
    replied: int = 0
    replied_on_time: int = 0
    overdue: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def loss_rate(self) -> float | None:
        return law.rate(self.loss, self.by_judgment)

    @property
    def head_rate(self) -> float | None:
        return law.rate(self.head, self.heard)

    @property
    def required_rate(self) -> float | None:
        return law.rate(self.required_head, self.required)

    @property
    def reply_rate(self) -> float | None:
        return law.rate(self.replied, self.suggestions)

    @property
    def pending(self) -> int:
        return self.suggestions - self.replied - self.overdue


JUDGED = (law.JUDGMENT, law.RULING)


def _received() -> dict:
    return {
        "received": Count("pk"),
        "received_first": Count("pk", filter=Q(instance="first")),
        "co_defendant": Count("pk", filter=Q(co_defendant=True)),
    }


def _concluded() -> dict:
    by_judgment = Q(document_kind__in=JUDGED)
    return {
        "concluded": Count("pk"),
        "by_judgment": Count("pk", filter=by_judgment),
        "win": Count("pk", filter=Q(result=law.WIN)),
        "loss": Count("pk", filter=by_judgment & Q(result=law.LOSS)),
        "withdrawn": Count("pk", filter=Q(result=law.WITHDRAWN)),
        "mediated": Count("pk", filter=Q(result=law.MEDIATED)),
        "other": Count("pk", filter=Q(result=law.OTHER)),
    }


def _heard() -> dict:
    return {
        "heard": Count("pk"),
        "head": Count("pk", filter=Q(head_appeared=True)),
        "required": Count("pk", filter=Q(head_required=True)),
        "required_head": Count("pk", filter=Q(head_required=True, head_appeared=True)),
    }


def _suggested(today: date) -> dict:
    replied = Q(replied_on__isnull=False)
    return {
        "suggestions": Count("pk"),
        "judicial": Count("pk", filter=Q(kind="judicial")),
        "procuratorial": Count("pk", filter=Q(kind="procuratorial")),
        "replied": Count("pk", filter=replied),
        "replied_on_time": Count("pk", filter=replied & Q(replied_on__lte=F("due_on"))),
        "overdue": Count("pk", filter=Q(replied_on__isnull=True, due_on__lt=today)),
    }


def _grouped(qs: QuerySet, aggregates: dict, out: dict[int, Counts]) -> None:
    """One GROUP BY query; the annotations are prefixed so that none shadows a field."""
    rows = qs.order_by().values("unit_id").annotate(**{f"n_{k}": v for k, v in aggregates.items()})
    for row in rows:
        counts = out.setdefault(row["unit_id"], Counts())
        for name in aggregates:
            setattr(counts, name, row[f"n_{name}"])


def _scope(qs: QuerySet, person: Person, unit: Unit | None) -> QuerySet:
    qs = policies.scope(qs, person)
    return qs.filter(unit=unit) if unit is not None else qs


@dataclass
class AgencyFigures:
    unit: Unit
    counts: Counts


@dataclass
class Figures:
    year: int
    today: date
    agencies: list[AgencyFigures] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)

    @property
    def title(self) -> str:
        return f"{self.year}年度"


def yearly(
    person: Person, year: int, *, unit: Unit | None = None, today: date | None = None
) -> Figures:
    """The figures of `year` per agency the person reaches (one `unit` of them when given)."""
    today = today or timezone.localdate()
    start, end = year_period(year)
    cases = _scope(LitigationCase.objects.all(), person, unit)
    out: dict[int, Counts] = {}
    _grouped(cases.filter(served_on__gte=start, served_on__lte=end), _received(), out)
    _grouped(cases.filter(judged_on__gte=start, judged_on__lte=end), _concluded(), out)
    _grouped(cases.filter(first_heard_on__gte=start, first_heard_on__lte=end), _heard(), out)
    suggestions = _scope(Suggestion.objects.all(), person, unit)
    _grouped(
        suggestions.filter(received_on__gte=start, received_on__lte=end), _suggested(today), out
    )
    units = Unit.objects.filter(pk__in=list(out)).order_by("path")
    figures = Figures(year=year, today=today)
    for u in units:
        figures.agencies.append(AgencyFigures(u, out[u.pk]))
        figures.total.add(out[u.pk])
    return figures


def unanswered(person: Person, *, unit: Unit | None = None) -> QuerySet[Suggestion]:
    """The suggestions not yet answered, oldest due first (past due ones first of all)."""
    qs = _scope(Suggestion.objects.select_related("unit"), person, unit)
    return qs.filter(replied_on__isnull=True).order_by("due_on", "pk")
