"""The figures of major decisions for the annual report (法治政府建设年度情况报告), per year,
over what the requesting person may see.

Everything is read in a fixed number of queries whatever the number of decisions: the
decisions in range with their step records prefetched (per relation one query), the procedure
history (StepRecord) of all of them in one query, and one grouped query per kind of record.
The step checks mirror procedures.py's `*_missing` functions, but read prefetched rows instead
of querying per decision.

Years: a decision counts as started in the year of `started_on`, decided in the year of
`decided_on`, published in the year of `published_on`; a catalog's items count in the
catalog's year; a review in the year of its opinion (`reviewed_on`), a hearing in the year it
was held, an expert review in the year it was held (or its opinions submitted), a risk
assessment in the year of its report, an evaluation in the year it was done. Time in a state
counts in the year the decision left that state; a decision still in a state is not counted
for it.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from fazhi.core import policies
from fazhi.core.models import Person
from fazhi.procedures.models import StepRecord

from . import selectors
from .models import (
    CatalogItem,
    Comment,
    Decision,
    Evaluation,
    EvaluationConclusion,
    ExpertReview,
    Hearing,
    ItemState,
    LegalityReview,
    Opinion,
    RiskAssessment,
    RiskLevel,
)
from .procedures import DECISION, local_steps

# The mandatory steps of a round (条例第九条), in order, with the article.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("participation", "公众参与", "第十四条至第十八条"),
    ("hearing", "听证会", "第十六条、第十七条"),
    ("expert", "专家论证", "第十九条至第二十一条"),
    ("risk", "风险评估", "第二十二条至第二十四条"),
    ("legality", "合法性审查", "第二十五条至第二十八条"),
    ("discussion", "集体讨论决定", "第三十条"),
)

DONE, WAIVED, MISSING = "done", "waived", "missing"
STATUS_LABELS = {DONE: "已履行", WAIVED: "依法不适用（已记录理由）", MISSING: "未履行"}

# States whose time is measured (the terminal ones are never left).
MEASURED_STATES = tuple(s for s in DECISION.states if not s.terminal)


@dataclass(frozen=True)
class StepStatus:
    code: str
    label: str
    article: str
    status: str  # DONE, WAIVED or MISSING
    note: str = ""  # the reason recorded for a waiver, or what is missing

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class DecisionSteps:
    """How one decision (decided in the year) went through the mandatory steps of its round."""

    pk: int
    title: str
    unit: str
    decided_on: date | None
    round: int
    steps: tuple[StepStatus, ...]

    @property
    def complete(self) -> bool:
        return all(s.status != MISSING for s in self.steps)


@dataclass(frozen=True)
class StateTime:
    state: str
    label: str
    count: int  # decisions that left the state in the year
    mean_days: float | None
    median_days: float | None


@dataclass
class YearFigures:
    year: int
    started: int = 0
    decided: int = 0
    published: int = 0
    rejected: int = 0
    withdrawn: int = 0
    outside_catalog: int = 0  # started in the year outside the catalog (with the reason)
    catalog_included: int = 0  # items in the year's catalogs (included now)
    catalog_decided: int = 0  # of those, with a decision adopted
    catalog_published: int = 0  # of those, with the decision published
    catalog_removed: int = 0  # items removed by an adjustment
    adjustments: int = 0
    completeness: list[DecisionSteps] = field(default_factory=list)
    state_times: list[StateTime] = field(default_factory=list)
    review_opinions: dict[str, int] = field(default_factory=dict)  # Opinion value → count
    reviews_urgent: int = 0  # reviews shortened with a stated reason
    hearings_held: int = 0
    hearings_cancelled: int = 0
    expert_reviews: int = 0
    expert_opinions: int = 0
    risk_assessments: dict[str, int] = field(default_factory=dict)  # RiskLevel value → count
    risk_uncontrollable: int = 0
    comments_received: int = 0
    comment_replies: dict[str, int] = field(default_factory=dict)  # Reply value → count
    evaluations_started: int = 0
    evaluations_done: int = 0
    evaluation_conclusions: dict[str, int] = field(default_factory=dict)

    @property
    def catalog_completion(self) -> float | None:
        """目录完成率: items with a published decision, of the items included."""
        if not self.catalog_included:
            return None
        return self.catalog_published / self.catalog_included

    @property
    def complete_decisions(self) -> int:
        return sum(1 for d in self.completeness if d.complete)

    @property
    def completeness_rate(self) -> float | None:
        if not self.completeness:
            return None
        return self.complete_decisions / len(self.completeness)

    @property
    def reviews(self) -> int:
        return sum(self.review_opinions.values())

    @property
    def risk_total(self) -> int:
        return sum(self.risk_assessments.values())


@dataclass
class Figures:
    year_from: int
    year_to: int
    years: list[YearFigures]

    def by_year(self, year: int) -> YearFigures:
        return next(y for y in self.years if y.year == year)


# ---- step completeness (mirrors procedures.py's *_missing, on prefetched rows) ----------------


def _round(rows, decision: Decision) -> list:
    return [r for r in rows if r.round == decision.round]


def step_statuses(decision: Decision) -> tuple[StepStatus, ...]:
    """The mandatory steps of the decision's current round, done, waived (with the reason
    recorded) or missing. Reads the relations prefetched by `_decisions`."""
    statuses = []
    labels = {code: (label, article) for code, label, article in STEPS}

    def add(code: str, status: str, note: str = "") -> None:
        statuses.append(StepStatus(code, *labels[code], status, note))

    # 公众参与
    if not decision.is_public:
        add("participation", WAIVED, f"依法不予公开：{decision.not_public_reason.strip()}")
    else:
        periods = _round(decision.comment_periods.all(), decision)
        if not periods:
            add("participation", MISSING, "未向社会公开征求意见")
        else:
            unanswered = sum(1 for p in periods for c in p.comments.all() if not c.reply)
            missing = []
            if unanswered:
                missing.append(f"{unanswered}条意见未答复")
            if any(p.feedback_published_on is None for p in periods):
                missing.append("意见采纳情况未公布")
            add("participation", MISSING if missing else DONE, "；".join(missing))
    # 听证
    if decision.hearing_waiver.strip():
        add("hearing", WAIVED, decision.hearing_waiver.strip())
    elif any(h.state == "held" for h in _round(decision.hearings.all(), decision)):
        add("hearing", DONE)
    else:
        add("hearing", MISSING, "未召开听证会")
    # 专家论证
    if decision.expert_waiver.strip():
        add("expert", WAIVED, decision.expert_waiver.strip())
    else:
        reviews = _round(decision.expert_reviews.all(), decision)
        missing = []
        if not reviews:
            missing.append("未组织专家论证")
        for review in reviews:
            opinions = list(review.opinions.all())
            if not opinions and not review.institution:
                missing.append("无论证专家")
            if any(not (o.opinion.strip() and o.signed) for o in opinions):
                missing.append("有专家未提交署名书面意见")
            if not review.adoption.strip():
                missing.append("未说明论证意见采纳情况")
        add("expert", MISSING if missing else DONE, "；".join(missing))
    # 风险评估
    if decision.risk_waiver.strip():
        add("risk", WAIVED, decision.risk_waiver.strip())
    else:
        risks = sorted(
            _round(decision.risk_assessments.all(), decision),
            key=lambda r: (r.reported_on, r.pk),
        )
        if not risks:
            add("risk", MISSING, "未开展风险评估")
        elif not risks[-1].controllable:
            add("risk", MISSING, "风险评估认为风险不可控")
        else:
            add("risk", DONE)
    # 合法性审查
    reviews = sorted(
        _round(decision.legality_reviews.all(), decision), key=lambda r: (r.submitted_on, r.pk)
    )
    if reviews and reviews[-1].opinion in (Opinion.LAWFUL, Opinion.AMEND, Opinion.LEGAL_RISK):
        add("legality", DONE)
    elif reviews and reviews[-1].opinion == Opinion.UNLAWFUL:
        add("legality", MISSING, "审查认为不合法")
    else:
        add("legality", MISSING, "未经合法性审查")
    # 集体讨论决定
    if any(d.outcome == "adopted" for d in _round(decision.discussions.all(), decision)):
        add("discussion", DONE)
    else:
        add("discussion", MISSING, "未经集体讨论决定")
    # the district's own steps
    done = {s.code for s in _round(decision.local_steps.all(), decision)}
    for step in local_steps():
        labels[step["code"]] = (step["label"], step.get("basis", "本地规定"))
        add(step["code"], DONE if step["code"] in done else MISSING, "")
    return tuple(statuses)


def _decisions(scoped: QuerySet[Decision]) -> QuerySet[Decision]:
    return scoped.select_related("unit").prefetch_related(
        Prefetch(
            "comment_periods__comments", queryset=Comment.objects.only("pk", "period", "reply")
        ),
        "hearings",
        Prefetch("expert_reviews", queryset=ExpertReview.objects.prefetch_related("opinions")),
        "risk_assessments",
        "legality_reviews",
        "discussions",
        "local_steps",
    )


# ---- time in each state ---------------------------------------------------------------------


def _local_day(moment) -> date:
    return timezone.localdate(moment)


def state_times(
    decisions: list[tuple[int, date]], records: list[StepRecord], years: range
) -> dict[int, list[StateTime]]:
    """Mean and median days per state, by the year the state was left. `decisions` are (pk,
    started_on) (a decision enters its first state on the day it is started); `records` the
    decisions' step records ordered by decision and version."""
    started = dict(decisions)
    by_decision: dict[int, list[StepRecord]] = defaultdict(list)
    for record in records:
        by_decision[record.object_id].append(record)
    # (year, state) → decision → days
    spent: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for pk, steps in by_decision.items():
        if pk not in started:
            continue
        state, since = DECISION.initial, started[pk]
        for step in steps:
            left = _local_day(step.occurred_at)
            if step.from_state == state:
                spent[(left.year, state)][pk] += max(0, (left - since).days)
            state, since = step.to_state, max(left, since)
    result: dict[int, list[StateTime]] = {}
    for year in years:
        rows = []
        for s in MEASURED_STATES:
            days = list(spent.get((year, s.code), {}).values())
            rows.append(
                StateTime(
                    s.code,
                    s.label,
                    len(days),
                    round(statistics.fmean(days), 1) if days else None,
                    float(statistics.median(days)) if days else None,
                )
            )
        result[year] = rows
    return result


# ---- the figures ------------------------------------------------------------------------------


def _in(field_name: str, years: range) -> Q:
    return Q(**{f"{field_name}__year__gte": years.start, f"{field_name}__year__lte": years[-1]})


def figures(person: Person, year_from: int, year_to: int) -> Figures:
    """The figures of each year from `year_from` to `year_to` (inclusive), over the decisions
    and catalogs the person may see."""
    if year_to < year_from:
        year_from, year_to = year_to, year_from
    years = range(year_from, year_to + 1)
    out = {year: YearFigures(year) for year in years}
    visible = selectors.decisions_for(person)
    visible_ids = visible.values("pk")

    # decisions: counts by year, and the step completeness of those decided in the year
    rows = list(
        _decisions(
            Decision.objects.filter(pk__in=visible_ids).filter(
                _in("started_on", years) | _in("decided_on", years) | _in("published_on", years)
            )
        ).order_by("decided_on", "pk")
    )
    for d in rows:
        if d.started_on.year in out:
            y = out[d.started_on.year]
            y.started += 1
            y.outside_catalog += d.catalog_item_id is None
            y.rejected += d.state == "rejected"
            y.withdrawn += d.state == "withdrawn"
        if d.decided_on and d.decided_on.year in out:
            out[d.decided_on.year].decided += 1
            out[d.decided_on.year].completeness.append(
                DecisionSteps(d.pk, d.title, d.unit.name, d.decided_on, d.round, step_statuses(d))
            )
        if d.published_on and d.published_on.year in out:
            out[d.published_on.year].published += 1

    # time in each state: every visible decision's history, in one query
    content_type = ContentType.objects.get_for_model(Decision)
    records = list(
        StepRecord.objects.filter(
            content_type=content_type,
            object_id__in=visible.filter(Q(started_on__year__lte=year_to)).values("pk"),
        )
        .only("object_id", "version", "from_state", "to_state", "occurred_at")
        .order_by("object_id", "version")
    )
    starts = list(visible.filter(started_on__year__lte=year_to).values_list("pk", "started_on"))
    for year, times in state_times(starts, records, years).items():
        out[year].state_times = times

    # the catalogs of the years
    catalogs = selectors.catalogs_for(person).filter(year__gte=year_from, year__lte=year_to)
    reach = policies.unit_ids_for(person)
    if reach is not None:  # other bodies' published catalogs are public, not this body's figures
        catalogs = catalogs.filter(unit__in=reach)
    items = CatalogItem.objects.filter(catalog__in=catalogs.values("pk")).values_list(
        "catalog__year", "state", "decision__pk", "decision__published_on"
    )
    # published catalogs are public, the decisions on their items not always: "decided" counts
    # the decisions the person may see, "published" the published ones
    decided = set(visible.filter(decided_on__isnull=False).values_list("pk", flat=True))
    for year, state, decision_pk, published_on in items:
        y = out[year]
        if state == ItemState.INCLUDED:
            y.catalog_included += 1
            y.catalog_decided += decision_pk in decided
            y.catalog_published += published_on is not None
        elif state == ItemState.REMOVED:
            y.catalog_removed += 1
    for year, count in _count(catalogs.values_list("year", "adjustments__pk")):
        out[year].adjustments += count

    in_reach = Q(decision__in=visible_ids)

    for day, opinion, urgent in LegalityReview.objects.filter(
        in_reach, _in("reviewed_on", years)
    ).values_list("reviewed_on", "opinion", "urgent_reason"):
        y = out[day.year]
        y.review_opinions[opinion] = y.review_opinions.get(opinion, 0) + 1
        y.reviews_urgent += bool(urgent.strip())

    for day, state in Hearing.objects.filter(in_reach, _in("held_on", years)).values_list(
        "held_on", "state"
    ):
        out[day.year].hearings_held += state == "held"
        out[day.year].hearings_cancelled += state == "cancelled"

    # an expert review counts in the year it was held, or else of its last opinion
    expert: dict[int, list] = {}
    for pk, held_on, submitted_on in ExpertReview.objects.filter(
        decision__in=visible_ids
    ).values_list("pk", "held_on", "opinions__submitted_on"):
        held, last, opinions = expert.get(pk, (held_on, None, 0))
        if submitted_on is not None:
            last = max(last or submitted_on, submitted_on)
        expert[pk] = [held, last, opinions + 1 if submitted_on is not None else opinions]
    for held_on, last_opinion, opinions in expert.values():
        day = held_on or last_opinion
        if day and day.year in out:
            out[day.year].expert_reviews += 1
            out[day.year].expert_opinions += opinions

    for day, level, controllable in RiskAssessment.objects.filter(
        in_reach, _in("reported_on", years)
    ).values_list("reported_on", "level", "controllable"):
        y = out[day.year]
        y.risk_assessments[level] = y.risk_assessments.get(level, 0) + 1
        y.risk_uncontrollable += not controllable

    for submitted_at, reply in Comment.objects.filter(
        _in("submitted_at", years), period__decision__in=visible_ids
    ).values_list("submitted_at", "reply"):
        year = _local_day(submitted_at).year
        if year in out:
            out[year].comments_received += 1
            if reply:
                out[year].comment_replies[reply] = out[year].comment_replies.get(reply, 0) + 1

    for started_on, done_on, conclusion in Evaluation.objects.filter(
        in_reach, _in("started_on", years) | _in("done_on", years)
    ).values_list("started_on", "done_on", "conclusion"):
        if started_on.year in out:
            out[started_on.year].evaluations_started += 1
        if done_on and done_on.year in out:
            y = out[done_on.year]
            y.evaluations_done += 1
            y.evaluation_conclusions[conclusion] = y.evaluation_conclusions.get(conclusion, 0) + 1

    return Figures(year_from, year_to, [out[year] for year in years])


def _count(pairs) -> list[tuple[int, int]]:
    counts: Counter[int] = Counter()
    for year, pk in pairs:
        if pk is not None:
            counts[year] += 1
    return sorted(counts.items())


# ---- labels for pages and workbooks -----------------------------------------------------------

OPINION_LABELS = dict(Opinion.choices)
RISK_LABELS = dict(RiskLevel.choices)
CONCLUSION_LABELS = dict(EvaluationConclusion.choices)


def default_years(today: date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return today.year - 2, today.year
