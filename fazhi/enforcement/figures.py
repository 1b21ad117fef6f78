"""执法监督: the figures the legal affairs office (司法局) supervises enforcement by, per body
and per street office, over a period (a calendar year by default) and over what the viewing
person reaches; and a body's annual statistics (国办发〔2018〕118号二（六）).

Definitions (the period is [start, end], both days included; `today` is the day the figures
are read, the day against which "still not done and past due" is judged):

- 立案 (the cases opened in the period, by `opened_on`): simplified / ordinary procedure; the
  current stage (`state`); transferred to another body or to the criminal justice organs
  (`transferred`); 超期未决: ordinary cases without a decision, neither transferred nor
  dismissed, whose decision period (`decision_due`: 处罚法第六十条, plus approved extensions)
  ended before today.
- 决定 (the decisions made in the period, by `decided_on`): by outcome; within the decision
  period (`decided_on <= decision_due`) or late (simplified cases are decided on the spot and
  have no period); legal review (`reviewed` of `review_required`, 第五十八条); hearings held;
  不予处罚 (outcome no_penalty, 第三十三条); 免罚轻罚 (no_penalty, or a fine reduced below the
  statutory minimum: `reduced > 0`) with the amount forgone (sum of `reduced`); fines and
  the late-payment surcharges (第七十二条).
- 公示 (of the penalty decisions made in the period, due within 7 working days): published on
  time (`disclosed_on <= disclosure_due`), late, not published and past due (today after
  `disclosure_due`), not yet due. The late ones are `late_publications`.
- 无案件的处罚事项 (a sign of inaction): active penalty items of a body with no case opened in
  the period.
- Officers (as of today; training in the calendar year of `end`): active enforcement officers
  whose training hours in that year are below FAZHI_ENFORCEMENT_TRAINING_HOURS; enforcement
  officers with no certificate valid today (expired, suspended, cancelled, none) or whose
  valid certificate expires within 90 days; legal-review staff below 5% of the enforcement
  staff (118号四（十一））.
- 案卷评查: the files scored in the evaluation campaigns of the period's years, by the body
  of the case: number, average score, passed, vetoed.

Cost: two grouped aggregate queries over the penalty cases (one over `opened_on`, one over
`decided_on`), one for the idle items, one for the officers (+1 for their certificates), one
for the evaluations, and a few small ones for the bodies and street offices — whatever the
number of cases (bench/enforcement_figures.py: 1,000,000 cases).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from fazhi.core.models import Person, Unit, UnitKind

from . import law, selectors
from .models import (
    AnnualStatistics,
    Body,
    CaseFile,
    Challenge,
    CourtApplication,
    Discussion,
    Duty,
    Inspection,
    Item,
    ItemKind,
    Officer,
    Outcome,
    PenaltyCase,
    PenaltyKind,
    Publication,
    Transfer,
    TransferKind,
)
from .procedures import PENALTY

ZERO = Decimal("0.00")
EXPIRY_WARNING_DAYS = 90
LOCAL_KINDS = (UnitKind.STREET, UnitKind.TOWNSHIP)
TERMINAL_UNDECIDED = ("transferred", "dismissed")

# The stages of `enforcement.penalty`, in procedure order: (code, label).
STATES: tuple[tuple[str, str], ...] = tuple((s.code, s.label) for s in PENALTY.states)


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


# ---- one row of counts --------------------------------------------------------------------------


@dataclass
class Counts:
    """The case figures of one body, one street office, or the total (see the module docstring)."""

    opened: int = 0
    simplified: int = 0
    states: dict[str, int] = field(default_factory=dict)
    overdue_open: int = 0
    transferred_body: int = 0
    transferred_criminal: int = 0
    decided: int = 0
    penalty: int = 0
    no_penalty: int = 0
    not_established: int = 0
    with_period: int = 0
    on_time: int = 0
    late: int = 0
    review_required: int = 0
    reviewed: int = 0
    hearings: int = 0
    relieved: int = 0
    reduced: Decimal = ZERO
    fines: Decimal = ZERO
    surcharge: Decimal = ZERO
    publish_due: int = 0
    disclosed_on_time: int = 0
    disclosed_late: int = 0
    undisclosed_overdue: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for key, value in theirs.items():
                    mine[key] = mine.get(key, 0) + value
            else:
                setattr(self, f.name, mine + theirs)

    @property
    def ordinary(self) -> int:
        return self.opened - self.simplified

    @property
    def transferred(self) -> int:
        return self.transferred_body + self.transferred_criminal

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.with_period)

    @property
    def review_rate(self) -> float | None:
        return _rate(self.reviewed, self.review_required)

    @property
    def undisclosed_pending(self) -> int:
        return (
            self.publish_due
            - self.disclosed_on_time
            - self.disclosed_late
            - self.undisclosed_overdue
        )

    @property
    def disclosure_rate(self) -> float | None:
        """Published on time, of the decisions whose publication is due by today."""
        return _rate(self.disclosed_on_time, self.publish_due - self.undisclosed_pending)

    @property
    def late_publications(self) -> int:
        return self.disclosed_late + self.undisclosed_overdue


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _opened_aggregates(today: date) -> dict:
    return {
        "opened": Count("pk"),
        "simplified": Count("pk", filter=Q(simplified=True)),
        **{f"state_{code}": Count("pk", filter=Q(state=code)) for code, _ in STATES},
        "overdue_open": Count(
            "pk",
            filter=Q(decided_on__isnull=True, decision_due__lt=today)
            & ~Q(state__in=TERMINAL_UNDECIDED),
        ),
        "transferred_body": Count("pk", filter=Q(transferred=TransferKind.BODY)),
        "transferred_criminal": Count("pk", filter=Q(transferred=TransferKind.CRIMINAL)),
    }


def _decided_aggregates(today: date) -> dict:
    penalty = Q(outcome=Outcome.PENALTY)
    return {
        "decided": Count("pk"),
        "penalty": Count("pk", filter=penalty),
        "no_penalty": Count("pk", filter=Q(outcome=Outcome.NO_PENALTY)),
        "not_established": Count("pk", filter=Q(outcome=Outcome.NOT_ESTABLISHED)),
        "with_period": Count("pk", filter=Q(decision_due__isnull=False)),
        "on_time": Count("pk", filter=Q(decided_on__lte=F("decision_due"))),
        "late": Count("pk", filter=Q(decided_on__gt=F("decision_due"))),
        "review_required": Count("pk", filter=Q(review_required=True)),
        "reviewed": Count("pk", filter=Q(review_required=True, reviewed=True)),
        "hearings": Count("pk", filter=Q(hearing_held=True)),
        "relieved": Count("pk", filter=Q(outcome=Outcome.NO_PENALTY) | Q(reduced__gt=0)),
        "reduced": Sum("reduced", default=ZERO),
        "fines": Sum("fine", filter=penalty, default=ZERO),
        "surcharge": Sum("surcharge", default=ZERO),
        "publish_due": Count("pk", filter=penalty & Q(disclosure_due__isnull=False)),
        "disclosed_on_time": Count("pk", filter=penalty & Q(disclosed_on__lte=F("disclosure_due"))),
        "disclosed_late": Count("pk", filter=penalty & Q(disclosed_on__gt=F("disclosure_due"))),
        "undisclosed_overdue": Count(
            "pk", filter=penalty & Q(disclosed_on__isnull=True, disclosure_due__lt=today)
        ),
    }


def _grouped(cases: QuerySet[PenaltyCase], aggregates: dict) -> list[tuple[int, dict]]:
    """(body id, {name: value}) per body: one GROUP BY query. The annotations are prefixed so
    that none shadows a field the others filter on."""
    rows = (
        cases.order_by()
        .values("body_id")
        .annotate(**{f"n_{name}": expression for name, expression in aggregates.items()})
    )
    return [
        (row["body_id"], {name: _exact(row[f"n_{name}"]) for name in aggregates}) for row in rows
    ]


def _exact(value):
    """Sums of money to the cent (SQLite adds decimals as floating point)."""
    return value.quantize(law.CENT) if isinstance(value, Decimal) else value


def _counts_by_body(cases: QuerySet[PenaltyCase], start: date, end: date, today: date):
    """{body id: Counts}: the two grouped aggregate queries."""
    out: dict[int, Counts] = {}
    opened = cases.filter(opened_on__gte=start, opened_on__lte=end)
    for body_id, values in _grouped(opened, _opened_aggregates(today)):
        counts = out.setdefault(body_id, Counts())
        counts.states = {code: values.pop(f"state_{code}") for code, _ in STATES}
        for key, value in values.items():
            setattr(counts, key, value)
    decided = cases.filter(decided_on__gte=start, decided_on__lte=end)
    for body_id, values in _grouped(decided, _decided_aggregates(today)):
        counts = out.setdefault(body_id, Counts(states={code: 0 for code, _ in STATES}))
        for key, value in values.items():
            setattr(counts, key, value)
    return out


# ---- officers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateIssue:
    officer: Officer
    problem: str  # 已过期 / 暂扣 / 注销 / 无证件 / 即将到期
    day: date | None  # the expiry date, where there is one
    number: str


@dataclass
class Staff:
    enforcement: int = 0
    legal: int = 0
    training_short: list[tuple[Officer, Decimal]] = field(default_factory=list)
    certificates: list[CertificateIssue] = field(default_factory=list)

    @property
    def legal_short(self) -> bool:
        return law.legal_staff_short(self.enforcement, self.legal)

    @property
    def legal_share(self) -> float | None:
        return _rate(self.legal, self.enforcement)

    @property
    def expired(self) -> int:
        return sum(1 for c in self.certificates if c.problem != "即将到期")

    @property
    def expiring(self) -> int:
        return sum(1 for c in self.certificates if c.problem == "即将到期")


def certificate_issue(officer: Officer, today: date) -> CertificateIssue | None:
    """What is wrong with the officer's certificates today, if anything (prefetched)."""
    certificates = sorted(officer.certificates.all(), key=lambda c: (c.valid_to, c.pk))
    valid = [c for c in certificates if c.valid_on(today)]
    if valid:
        best = valid[-1]
        if best.valid_to <= today + timedelta(days=EXPIRY_WARNING_DAYS):
            return CertificateIssue(officer, "即将到期", best.valid_to, best.number)
        return None
    if not certificates:
        return CertificateIssue(officer, "无执法证件", None, "")
    last = certificates[-1]
    problem = selectors.certificate_state(last, today)
    return CertificateIssue(officer, problem, last.valid_to, last.number)


def _staff(body_ids: list[int], year: int, today: date) -> dict[int, Staff]:
    target = Decimal(settings.FAZHI_ENFORCEMENT_TRAINING_HOURS)
    first, last = year_period(year)
    officers = (
        Officer.objects.filter(body_id__in=body_ids, active=True)
        .select_related("person")
        .prefetch_related("certificates")
        .annotate(
            hours=Sum(
                "trainings__hours",
                filter=Q(trainings__held_on__gte=first, trainings__held_on__lte=last),
                default=Decimal("0"),
            )
        )
        .order_by("body_id", "person__name", "pk")
    )
    out: dict[int, Staff] = {pk: Staff() for pk in body_ids}
    for officer in officers:
        staff = out[officer.body_id]
        if officer.duty == Duty.LEGAL_REVIEW:
            staff.legal += 1
            continue
        staff.enforcement += 1
        if officer.hours < target:
            staff.training_short.append((officer, officer.hours))
        issue = certificate_issue(officer, today)
        if issue is not None:
            staff.certificates.append(issue)
    return out


# ---- evaluations --------------------------------------------------------------------------------


@dataclass
class Evaluation:
    files: int = 0
    score_sum: Decimal = ZERO
    passed: int = 0
    vetoed: int = 0

    @property
    def average(self) -> float | None:
        return float(self.score_sum / self.files) if self.files else None


def _evaluations(body_ids: list[int], start: date, end: date) -> dict[int, Evaluation]:
    rows = (
        CaseFile.objects.filter(
            case__body_id__in=body_ids,
            campaign__year__gte=start.year,
            campaign__year__lte=end.year,
            score__isnull=False,
        )
        .order_by()
        .values("case__body_id")
        .annotate(
            files=Count("pk"),
            score_sum=Sum("score"),
            passed=Count("pk", filter=Q(passed=True)),
            vetoed=Count("pk", filter=Q(vetoed=True)),
        )
    )
    return {
        row["case__body_id"]: Evaluation(
            row["files"], row["score_sum"] or ZERO, row["passed"], row["vetoed"]
        )
        for row in rows
    }


# ---- the figures --------------------------------------------------------------------------------


@dataclass
class BodyFigures:
    body: Body
    street: Unit | None  # the street office or township the body is or belongs to
    counts: Counts
    staff: Staff
    evaluation: Evaluation
    idle_items: list[Item] = field(default_factory=list)

    @property
    def level(self) -> str:
        return "街道（乡镇）" if self.street is not None else "区级"


@dataclass
class StreetFigures:
    unit: Unit
    bodies: int
    counts: Counts


@dataclass
class Figures:
    start: date
    end: date
    today: date
    bodies: list[BodyFigures]
    streets: list[StreetFigures]
    total: Counts
    staff_total: Staff
    evaluation_total: Evaluation

    @property
    def year(self) -> int | None:
        """The calendar year the period is, if it is one."""
        if (self.start, self.end) == year_period(self.start.year):
            return self.start.year
        return None

    @property
    def title(self) -> str:
        if self.year is not None:
            return f"{self.year}年度"
        return f"{law.fmt(self.start)}至{law.fmt(self.end)}"

    @property
    def idle_items(self) -> int:
        return sum(len(b.idle_items) for b in self.bodies)


def _streets(bodies: list[Body]) -> dict[int, Unit]:
    """{body id: the street office or township the body's unit is, or is under}."""
    steplen = Unit.steplen
    prefixes: dict[int, list[str]] = {
        b.pk: [b.unit.path[:n] for n in range(steplen, len(b.unit.path) + 1, steplen)]
        for b in bodies
    }
    wanted = {p for ps in prefixes.values() for p in ps}
    locals_ = {u.path: u for u in Unit.objects.filter(kind__in=LOCAL_KINDS, path__in=wanted)}
    out = {}
    for pk, paths in prefixes.items():
        found = [locals_[p] for p in paths if p in locals_]
        if found:
            out[pk] = found[-1]
    return out


def _bodies(person: Person, body: Body | None) -> QuerySet[Body]:
    """The bodies `person` reaches (one of them, when given). A case's unit is its body's unit
    (services.case_open), so the cases of these bodies are the cases the person reaches
    (selectors.cases_for's rule); the figures filter cases by body, which the covering indexes
    on (body, opened_on, …) and (body, decided_on, …) serve."""
    bodies = selectors.bodies_for(person)
    return bodies.filter(pk=body.pk) if body is not None else bodies


def supervision(
    person: Person,
    start: date,
    end: date,
    *,
    body: Body | None = None,
    today: date | None = None,
) -> Figures:
    """The supervision figures over the bodies and cases `person` reaches (one `body` of them
    when given), for the cases opened and the decisions made from `start` to `end`."""
    if end < start:
        start, end = end, start
    today = today or timezone.localdate()
    bodies = list(_bodies(person, body))
    body_ids = [b.pk for b in bodies]
    cases = PenaltyCase.objects.filter(body_id__in=body_ids)
    counts = _counts_by_body(cases, start, end, today) if bodies else {}
    staff = _staff(body_ids, end.year, today)
    evaluations = _evaluations(body_ids, start, end)
    streets = _streets(bodies)

    idle: dict[int, list[Item]] = {}
    in_period = PenaltyCase.objects.filter(
        item=OuterRef("pk"), opened_on__gte=start, opened_on__lte=end
    )
    for item in (
        Item.objects.filter(body_id__in=body_ids, kind=ItemKind.PENALTY, active=True)
        .filter(~Exists(in_period))
        .order_by("body_id", "code")
    ):
        idle.setdefault(item.body_id, []).append(item)

    rows = [
        BodyFigures(
            body=b,
            street=streets.get(b.pk),
            counts=counts.get(b.pk) or Counts(states={code: 0 for code, _ in STATES}),
            staff=staff[b.pk],
            evaluation=evaluations.get(b.pk) or Evaluation(),
            idle_items=idle.get(b.pk, []),
        )
        for b in bodies
    ]
    total = Counts(states={code: 0 for code, _ in STATES})
    staff_total = Staff()
    evaluation_total = Evaluation()
    by_street: dict[int, StreetFigures] = {}
    for row in rows:
        total.add(row.counts)
        staff_total.enforcement += row.staff.enforcement
        staff_total.legal += row.staff.legal
        staff_total.training_short += row.staff.training_short
        staff_total.certificates += row.staff.certificates
        for f in fields(Evaluation):
            setattr(
                evaluation_total,
                f.name,
                getattr(evaluation_total, f.name) + getattr(row.evaluation, f.name),
            )
        if row.street is not None:
            street = by_street.setdefault(
                row.street.pk,
                StreetFigures(row.street, 0, Counts(states={code: 0 for code, _ in STATES})),
            )
            street.bodies += 1
            street.counts.add(row.counts)
    return Figures(
        start=start,
        end=end,
        today=today,
        bodies=rows,
        streets=sorted(by_street.values(), key=lambda s: s.unit.path),
        total=total,
        staff_total=staff_total,
        evaluation_total=evaluation_total,
    )


def late_publications(
    person: Person,
    start: date,
    end: date,
    *,
    body: Body | None = None,
    today: date | None = None,
) -> QuerySet[PenaltyCase]:
    """The penalty decisions made from `start` to `end` published late, or not published and
    past due today (118号二（六）: within 7 working days of the decision), oldest due first."""
    today = today or timezone.localdate()
    body_ids = list(_bodies(person, body).values_list("pk", flat=True))
    return (
        PenaltyCase.objects.filter(body_id__in=body_ids)
        .select_related("body__unit", "item")
        .filter(
            outcome=Outcome.PENALTY,
            decided_on__gte=start,
            decided_on__lte=end,
            disclosure_due__isnull=False,
        )
        .filter(
            Q(disclosed_on__gt=F("disclosure_due"))
            | Q(disclosed_on__isnull=True, disclosure_due__lt=today)
        )
        .order_by("disclosure_due", "pk")
    )


def days_late(case: PenaltyCase, today: date) -> int:
    """Calendar days from the disclosure due date to the publication (or to today)."""
    return ((case.disclosed_on or today) - case.disclosure_due).days


# ---- the annual statistics (118号二（六）) ---------------------------------------------------

# The published figures, in the order shown: (key, label). Money is a string of 元.
ANNUAL_ITEMS: tuple[tuple[str, str], ...] = (
    ("items_penalty", "行政处罚事项（项）"),
    ("cases_opened", "行政处罚立案（件）"),
    ("cases_simplified", "其中：简易程序（件）"),
    ("decisions", "作出行政处罚决定（件）"),
    ("decisions_penalty", "给予行政处罚（件）"),
    ("decisions_no_penalty", "不予行政处罚（件）"),
    ("decisions_not_established", "违法事实不能成立（件）"),
    ("fines", "罚款金额（元）"),
    ("confiscations", "没收违法所得、非法财物金额（元）"),
    ("paid", "已缴纳罚没款（元）"),
    ("relieved", "免罚轻罚（件）"),
    ("reduced", "减免罚款金额（元）"),
    ("hearings", "举行听证（件）"),
    ("legal_reviews", "经法制审核（件）"),
    ("discussions", "负责人集体讨论（件）"),
    ("transfers_body", "案件移送（件）"),
    ("transfers_criminal", "移送司法机关（件）"),
    ("court_applications", "申请人民法院强制执行（件）"),
    ("reconsideration_filed", "被申请行政复议（件）"),
    ("reconsideration_ended", "行政复议审结（件）"),
    ("litigation_filed", "被提起行政诉讼（件）"),
    ("litigation_ended", "行政诉讼审结（件）"),
    ("publications", "公示行政处罚决定（件）"),
    ("publications_late", "其中：超过7个工作日公示（件）"),
    ("publications_withdrawn", "撤回公示（件）"),
    ("inspections", "双随机抽查检查（户次）"),
)


def annual_statistics(body: Body, year: int) -> dict:
    """The figures a body publishes by January 31 for `year` (118号二（六）: 本机关上年度行政执法
    总体情况有关数据): acts by kind and result, amounts, hearings, reviews, transfers and the
    challenges to its decisions. JSON-ready: counts are integers, money strings of 元."""
    first, last = year_period(year)
    cases = PenaltyCase.objects.filter(body=body)
    opened = cases.filter(opened_on__gte=first, opened_on__lte=last).aggregate(
        cases_opened=Count("pk"), cases_simplified=Count("pk", filter=Q(simplified=True))
    )
    decided_in_year = cases.filter(decided_on__gte=first, decided_on__lte=last)
    penalty = Q(outcome=Outcome.PENALTY)
    decided = decided_in_year.aggregate(
        decisions=Count("pk"),
        decisions_penalty=Count("pk", filter=penalty),
        decisions_no_penalty=Count("pk", filter=Q(outcome=Outcome.NO_PENALTY)),
        decisions_not_established=Count("pk", filter=Q(outcome=Outcome.NOT_ESTABLISHED)),
        fines=Sum("fine", filter=penalty, default=ZERO),
        confiscations=Sum("confiscation", filter=penalty, default=ZERO),
        paid=Sum("paid", default=ZERO),
        relieved=Count("pk", filter=Q(outcome=Outcome.NO_PENALTY) | Q(reduced__gt=0)),
        reduced=Sum("reduced", default=ZERO),
        hearings=Count("pk", filter=Q(hearing_held=True)),
        legal_reviews=Count("pk", filter=Q(reviewed=True)),
    )
    kinds: Counter[str] = Counter()
    for penalty_kinds in decided_in_year.filter(penalty).values_list("penalty_kinds", flat=True):
        kinds.update(penalty_kinds or [])
    transfers = Counter(
        Transfer.objects.filter(
            case__body=body, transferred_on__gte=first, transferred_on__lte=last
        ).values_list("kind", flat=True)
    )
    challenges = Challenge.objects.filter(case__body=body)
    filed = Counter(
        challenges.filter(filed_on__gte=first, filed_on__lte=last).values_list("kind", flat=True)
    )
    ended = Counter(
        challenges.filter(ended_on__gte=first, ended_on__lte=last).values_list("kind", flat=True)
    )
    publications = Publication.objects.filter(case__body=body)
    published = publications.filter(published_on__gte=first, published_on__lte=last)
    figures = {
        "year": year,
        "body": body.unit.name,
        "body_code": body.unit.uscc,
        "items_penalty": Item.objects.filter(body=body, kind=ItemKind.PENALTY, active=True).count(),
        **opened,
        **decided,
        "penalty_kinds": {
            kind.value: kinds[kind.value] for kind in PenaltyKind if kinds[kind.value]
        },
        "discussions": Discussion.objects.filter(
            case__body=body, held_on__gte=first, held_on__lte=last
        )
        .values("case_id")
        .distinct()
        .count(),
        "transfers_body": transfers[TransferKind.BODY],
        "transfers_criminal": transfers[TransferKind.CRIMINAL],
        "court_applications": CourtApplication.objects.filter(
            case__body=body, applied_on__gte=first, applied_on__lte=last
        ).count(),
        "reconsideration_filed": filed["reconsideration"],
        "reconsideration_ended": ended["reconsideration"],
        "litigation_filed": filed["litigation"],
        "litigation_ended": ended["litigation"],
        "publications": published.count(),
        "publications_late": published.filter(published_on__gt=F("due_on")).count(),
        "publications_withdrawn": publications.filter(
            withdrawn_on__gte=first, withdrawn_on__lte=last
        ).count(),
        "inspections": Inspection.objects.filter(
            plan__body=body, inspected_on__gte=first, inspected_on__lte=last, state="done"
        ).count(),
    }
    for key in ("fines", "confiscations", "paid", "reduced"):
        figures[key] = str(Decimal(figures[key]).quantize(law.CENT))
    return figures


def annual_rows(figures: dict) -> list[tuple[str, object]]:
    """(label, value) of published statistics, for pages and workbooks."""
    rows: list[tuple[str, object]] = [
        (label, figures.get(key, "—")) for key, label in ANNUAL_ITEMS if key in figures
    ]
    for code, count in (figures.get("penalty_kinds") or {}).items():
        label = PenaltyKind(code).label if code in PenaltyKind.values else code
        rows.append((f"处罚种类：{label}（件）", count))
    return rows


def statistics_state(body: Body, year: int, today: date | None = None) -> dict:
    """Whether `body` published its statistics for `year`, when, and whether on time."""
    today = today or timezone.localdate()
    due = law.statistics_due(year)
    stats = AnnualStatistics.objects.filter(body=body, year=year).first()
    return {
        "year": year,
        "due": due,
        "published": stats,
        "late": (stats.published_on > due) if stats else today > due,
    }
