"""The procedures of major decisions, as data (PERIODS.md §5).

`major_decisions.catalog`: the yearly catalog — 编制 → 报请党委同意 → 公布 (条例第三条第三款).
`major_decisions.decision`: 拟订 (公众参与, 专家论证, 风险评估 recorded while drafting) →
合法性审查 → 集体讨论决定 → 向党委请示报告 (and the people's congress where required) → 公布 →
执行 (中止, 重大调整, 停止, 执行完毕).

"条例" is 重大行政决策程序暂行条例 (国务院令第713号, 2019), in shared/laws, checked. Steps a
district's own rules add are a setting, FAZHI_DECISION_LOCAL_STEPS (see `local_steps`).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from fazhi.core.models import SUPERVISING_KINDS, Unit, UnitKind
from fazhi.deadlines.compute import compute
from fazhi.deadlines.selectors import current_calendar
from fazhi.procedures.definitions import (
    Citation,
    Guard,
    GuardResult,
    Procedure,
    State,
    Step,
    StepContext,
    register,
    required_field,
)

LAW = "重大行政决策程序暂行条例"
VERSION = "2019年"


def tiaoli(article: str) -> Citation:
    return Citation(LAW, VERSION, article)


HANDLERS = ("handler", "unit_admin")
BODY = ("leader", "unit_admin")  # who records the decision body's acts
REVIEWERS = ("legal_reviewer",)


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


def period(rule_id: str) -> str:
    """The period in force, as the law writes it ("30日", "7个工作日"): a district may set
    another length (FAZHI_PERIOD_DECISION_*)."""
    from fazhi.deadlines.rules import effective_length, get_rule

    rule = get_rule(rule_id)
    return rule.day_type.describe(effective_length(rule))


def local_steps(before: str | None = None) -> list[dict]:
    """The steps the district's rules add: FAZHI_DECISION_LOCAL_STEPS, a list of
    {"code", "label", "before" (a step code of `major_decisions.decision`), "basis"}."""
    steps = list(getattr(settings, "FAZHI_DECISION_LOCAL_STEPS", ()))
    return [s for s in steps if before is None or s.get("before") == before]


# ---- what a round holds -------------------------------------------------------------------------


def _current(manager, decision):
    return manager.filter(round=decision.round)


def participation_missing(decision, today: date) -> list[str]:
    """What 公众参与 still lacks in the current round (第十四、十五、十八条)."""
    if not decision.is_public:
        return []
    periods = list(_current(decision.comment_periods, decision))
    if not periods:
        return ["尚未向社会公开征求意见"]
    missing = []
    if any(p.closes_on >= today for p in periods):
        missing.append("公开征求意见尚未结束")
    unanswered = sum(
        1 for p in periods for c in p.comments.all() if not c.reply
    )  # prefetched by callers that list many
    if unanswered:
        missing.append(f"尚有{unanswered}条意见未答复采纳情况")
    if any(p.feedback_published_on is None for p in periods if p.closes_on < today):
        missing.append("意见采纳情况尚未公布")
    return missing


def hearing_missing(decision) -> list[str]:
    if decision.hearing_waiver.strip():
        return []
    held = [h for h in _current(decision.hearings, decision) if h.state == "held"]
    if not held:
        return ["尚未召开听证会（不召开的，须记录理由）"]
    return []


def expert_missing(decision) -> list[str]:
    if decision.expert_waiver.strip():
        return []
    reviews = list(
        _current(decision.expert_reviews, decision)
        .filter(cancel_reason="")
        .prefetch_related("opinions__expert__conflicts")
    )
    if not reviews:
        return ["尚未组织专家论证（不组织的，须记录理由）"]
    missing = []
    for review in reviews:
        opinions = list(review.opinions.all())
        if not opinions and not review.institution:
            missing.append("专家论证尚无论证专家")
        if any(not (o.opinion.strip() and o.signed) for o in opinions):
            missing.append("尚有专家未提交署名的书面论证意见")
        units = {decision.unit_id, *decision.co_units.values_list("pk", flat=True)}
        conflicted = [
            o.expert.name
            for o in opinions
            if any(
                c.decision_id == decision.pk or c.unit_id in units for c in o.expert.conflicts.all()
            )
        ]
        if conflicted:
            missing.append(f"{'、'.join(conflicted)}与决策事项有利害关系，其论证意见不能采用")
        if not review.adoption.strip():
            missing.append("尚未说明专家论证意见的研究采纳情况")
    return missing


def latest_risk(decision):
    return _current(decision.risk_assessments, decision).order_by("-reported_on", "-pk").first()


def risk_missing(decision) -> list[str]:
    if decision.risk_waiver.strip():
        return []
    risk = latest_risk(decision)
    if risk is None:
        return ["尚未开展风险评估（不开展的，须记录理由）"]
    if not risk.controllable:
        return ["风险评估认为风险不可控，须调整决策草案等确保风险可控后重新评估"]
    return []


def local_missing(decision, before: str) -> list[str]:
    done = set(_current(decision.local_steps, decision).values_list("code", flat=True))
    return [
        f"尚未办理“{s['label']}”（{s.get('basis', '本地规定')}）"
        for s in local_steps(before)
        if s["code"] not in done
    ]


def latest_review(decision):
    return _current(decision.legality_reviews, decision).order_by("-submitted_on", "-pk").first()


# ---- guards: drafting → legality review ---------------------------------------------------------


def _result(missing: list[str], citation: Citation | None = None) -> GuardResult:
    if missing:
        return GuardResult(False, "；".join(missing) + "。", citation)
    return GuardResult(True)


def draft_complete(context: StepContext) -> GuardResult:
    d = context.record
    blank = [
        label
        for value, label in (
            (d.draft, "决策草案"),
            (d.explanation, "决策草案说明"),
            (d.legal_basis, "法律、法规、规章等依据"),
        )
        if not value.strip()
    ]
    return _result([f"送审材料缺少{'、'.join(blank)}"] if blank else [])


def public_participation_done(context: StepContext) -> GuardResult:
    return _result(participation_missing(context.record, context.today))


def hearing_done(context: StepContext) -> GuardResult:
    return _result(hearing_missing(context.record))


def expert_review_done(context: StepContext) -> GuardResult:
    return _result(expert_missing(context.record))


def risk_controllable(context: StepContext) -> GuardResult:
    return _result(risk_missing(context.record))


def local_steps_done(context: StepContext) -> GuardResult:
    return _result(local_missing(context.record, context.step.code))


def reviewing_unit_is_legal_office(context: StepContext) -> GuardResult:
    unit_id = context.data.get("reviewing_unit")
    if not unit_id:
        return GuardResult(False, "须指定负责合法性审查的部门。")
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or unit.kind not in SUPERVISING_KINDS:
        return GuardResult(False, "合法性审查须送司法行政部门（法治机构）。")
    body = context.record.body
    if Unit.objects.get_parent(unit) != body:
        return GuardResult(False, f"合法性审查须送决策机关（{body}）的司法行政部门。")
    return GuardResult(True)


# ---- guards: the legality review ----------------------------------------------------------------


def acting_in_legal_office(context: StepContext) -> GuardResult:
    unit = context.unit
    if unit is None:
        return GuardResult(False, "须由负责合法性审查的部门办理。")
    office = Unit.objects.get_parent(unit) if unit.kind == UnitKind.DIVISION else unit
    review = latest_review(context.record)
    if office is None or review is None or office.pk != review.reviewing_unit_id:
        sent_to = review.reviewing_unit if review else "负责合法性审查的部门"
        return GuardResult(False, f"合法性审查意见须由送审的部门（{sent_to}）出具。")
    return GuardResult(True)


def review_time_enough(context: StepContext) -> GuardResult:
    review = latest_review(context.record)
    if review is None:
        return GuardResult(False, "没有送审记录。")
    if review.urgent_reason.strip():
        return GuardResult(True)
    earliest = compute(
        "decision.legality_review", review.submitted_on, calendar=current_calendar()
    ).due
    if context.today < earliest:
        return GuardResult(
            False,
            f"合法性审查时间一般不少于{period('decision.legality_review')}：{fmt(review.submitted_on)}送审，"
            f"最早于{fmt(earliest)}出具意见（送审时已写明缩短理由的除外）。",
        )
    return GuardResult(True)


def lawyers_heard(context: StepContext) -> GuardResult:
    missing = [
        label
        for key, label in (("adviser_opinion", "法律顾问"), ("lawyer_opinion", "公职律师"))
        if not str(context.data.get(key) or "").strip()
    ]
    if missing:
        return GuardResult(False, f"合法性审查过程中应当组织{'、'.join(missing)}提出法律意见。")
    return GuardResult(True)


def opinion_allowed(context: StepContext) -> GuardResult:
    opinion = context.data.get("opinion")
    if opinion not in ("lawful", "amend", "legal_risk"):
        return GuardResult(False, "审查意见须为合法、应当修改或明示法律风险。")
    if opinion == "legal_risk" and not context.record.exploratory:
        return GuardResult(
            False, "只有国家尚无明确规定的探索性改革决策事项，才可以明示法律风险提交讨论。"
        )
    if not str(context.data.get("opinion_text") or "").strip():
        return GuardResult(False, "须填写合法性审查意见书。")
    return GuardResult(True)


# ---- guards: the collective discussion ----------------------------------------------------------


def acting_for_body(context: StepContext) -> GuardResult:
    if context.unit is None or context.unit.pk != context.record.body_id:
        return GuardResult(False, f"须由决策机关（{context.record.body}）办理。")
    return GuardResult(True)


def reviewed_and_lawful(context: StepContext) -> GuardResult:
    review = latest_review(context.record)
    if review is None or not review.opinion:
        return GuardResult(False, "决策草案未经合法性审查，不得提交决策机关讨论。")
    if review.opinion not in ("lawful", "amend", "legal_risk"):
        return GuardResult(False, "决策草案经审查不合法，不得提交决策机关讨论。")
    return GuardResult(True)


def review_opinion_answered(context: StepContext) -> GuardResult:
    review = latest_review(context.record)
    if review is not None and review.opinion == "amend" and not review.response.strip():
        return GuardResult(False, "承办单位须先根据合法性审查意见进行调整或者补充，并记录情况。")
    return GuardResult(True)


def meeting_kind_lawful(context: StepContext) -> GuardResult:
    if context.data.get("kind") not in ("executive", "plenary"):
        return GuardResult(False, "决策草案应当经决策机关常务会议或者全体会议讨论。")
    missing = [
        label
        for key, label in (
            ("meeting", "会议名称"),
            ("held_on", "会议日期"),
            ("chair", "行政首长"),
            ("chair_view", "行政首长意见"),
            ("minutes", "会议记录"),
        )
        if not str(context.data.get(key) or "").strip()
    ]
    if missing:
        return GuardResult(False, f"须填写{'、'.join(missing)}。")
    held_on = as_date(context.data.get("held_on"))
    if held_on is None or held_on > context.today:
        return GuardResult(False, "会议日期无效或晚于今天。")
    review = latest_review(context.record)
    if review is not None and review.reviewed_on and held_on < review.reviewed_on:
        return GuardResult(
            False, f"会议日期不能早于合法性审查意见出具之日（{fmt(review.reviewed_on)}）。"
        )
    return GuardResult(True)


VIEWS = {"agree": "同意", "disagree": "不同意", "abstain": "弃权"}


def members_spoke(context: StepContext) -> GuardResult:
    views = context.data.get("views") or []
    if not views:
        return GuardResult(False, "须记录会议组成人员的意见。")
    for view in views:
        if not str(view.get("name") or "").strip() or view.get("view") not in VIEWS:
            return GuardResult(False, "每位组成人员须写明姓名和意见（同意、不同意或弃权）。")
    return GuardResult(True)


def _majority(views) -> str | None:
    agree = sum(1 for v in views if v.get("view") == "agree")
    disagree = sum(1 for v in views if v.get("view") == "disagree")
    if agree > disagree:
        return "agree"
    if disagree > agree:
        return "disagree"
    return None


def chair_explains_departure(context: StepContext) -> GuardResult:
    views = context.data.get("views") or []
    majority = _majority(views)
    chair = {"adopt": "agree", "reject": "disagree"}.get(context.step.code)
    if (
        majority is not None
        and chair is not None
        and chair != majority
        and not str(context.data.get("differs_explanation") or "").strip()
    ):
        return GuardResult(
            False, "行政首长拟作出的决定与会议组成人员多数人的意见不一致，应当在会上说明理由。"
        )
    return GuardResult(True)


def dissent_minuted(context: StepContext) -> GuardResult:
    views = context.data.get("views") or []
    if (
        any(v.get("view") == "disagree" for v in views)
        and not str(context.data.get("dissent") or "").strip()
    ):
        return GuardResult(False, "集体讨论中有不同意见的，应当如实载明。")
    return GuardResult(True)


def materials_complete(context: StepContext) -> GuardResult:
    d = context.record
    missing = []
    if d.concerns_business and not d.competition_position.strip():
        missing.append("决策草案涉及市场主体经济活动，须包含公平竞争审查的有关情况")
    return _result(missing)


# ---- guards: after the decision -----------------------------------------------------------------


def npc_reported_if_required(context: StepContext) -> GuardResult:
    d = context.record
    if d.npc_report_required and d.npc_reported_on is None:
        return GuardResult(False, "该决策出台前应当向本级人民代表大会常务委员会报告，尚未报告。")
    return GuardResult(True)


def npc_report_required(context: StepContext) -> bool:
    return context.record.npc_report_required


def is_public(context: StepContext) -> GuardResult:
    if not context.record.is_public:
        return GuardResult(False, "该决策依法不予公开。")
    if not str(context.data.get("publication") or "").strip():
        return GuardResult(False, "须填写公布的决策内容。")
    if not str(context.data.get("adoption_note") or "").strip():
        return GuardResult(False, "须说明公众意见、专家论证意见的采纳情况。")
    return GuardResult(True)


def not_public(context: StepContext) -> bool:
    return not context.record.is_public


def step_date_valid(context: StepContext) -> GuardResult:
    """Dates given are real, not in the future, and not before the act they follow (a report
    after the decision, the publication after the reports)."""
    record = context.record
    after = [
        (getattr(record, "decided_on", None), "作出决定"),
        (getattr(record, "party_reported_on", None), "向党委请示报告"),
        (getattr(record, "npc_reported_on", None), "向人大常委会报告"),
    ]
    for key in ("reported_on", "published_on", "held_on", "agreed_on"):
        if key in context.data:
            day = as_date(context.data.get(key))
            if day is None:
                return GuardResult(False, "日期无效。")
            if day > context.today:
                return GuardResult(False, f"日期（{fmt(day)}）不能晚于今天。")
            limits = after if key == "published_on" else after[:1] if key == "reported_on" else []
            for earlier, label in limits:
                if earlier is not None and day < earlier:
                    return GuardResult(
                        False, f"日期（{fmt(day)}）不能早于{label}之日（{fmt(earlier)}）。"
                    )
    return GuardResult(True)


def party_reported(context: StepContext) -> GuardResult:
    if context.record.party_reported_on is None:
        return GuardResult(False, "重大行政决策出台前应当向同级党委请示报告，尚未报告。")
    return GuardResult(True)


def tasks_all_done(context: StepContext) -> GuardResult:
    open_tasks = context.record.tasks.filter(done_on__isnull=True).count()
    if not context.record.tasks.exists():
        return GuardResult(False, "尚未明确决策执行任务。")
    if open_tasks:
        return GuardResult(False, f"尚有{open_tasks}项执行任务未完成。")
    return GuardResult(True)


def _reason(label: str, article: str, field: str = "reason", message: str = "") -> Guard:
    """The step's data must carry `field` (the engine's `required_field`), citing `article`."""
    return required_field(field, label, citation=tiaoli(article), reason=message)


def stop_decided_collectively(context: StepContext) -> GuardResult:
    missing = [
        label
        for key, label in (("meeting", "会议名称"), ("held_on", "会议日期"))
        if not str(context.data.get(key) or "").strip()
    ]
    if missing:
        return GuardResult(False, f"停止执行须经决策机关集体讨论决定，须填写{'、'.join(missing)}。")
    return GuardResult(True)


def _g(name: str, check, article: str, reason: str = "") -> Guard:
    return Guard(name=name, check=check, citation=tiaoli(article), reason=reason)


FOR_BODY = _g("由决策机关办理", acting_for_body, "第二条、第三十条")
DATES = Guard(
    name="日期有效",
    check=step_date_valid,
    no_citation_reason="日期的一般校验，不涉及实体规则",
)
LOCAL = Guard(
    name="本地规定的环节已办理",
    check=local_steps_done,
    no_citation_reason="各区规定的附加环节，依据见设置 FAZHI_DECISION_LOCAL_STEPS",
)
DISCUSSION_GUARDS = (
    FOR_BODY,
    _g("已经合法性审查且未被认定不合法", reviewed_and_lawful, "第二十五条第二款"),
    _g("已根据审查意见调整或补充", review_opinion_answered, "第二十八条"),
    _g("常务会议或者全体会议讨论", meeting_kind_lawful, "第三十条第一款"),
    _g("组成人员充分发表意见", members_spoke, "第三十条第二款"),
    _g("不同意见如实载明", dissent_minuted, "第三十条第三款"),
    DATES,
)
DISCUSSION_FIELDS = (
    "kind",
    "meeting",
    "held_on",
    "chair",
    "views",
    "observers",
    "chair_view",
    "differs_explanation",
    "dissent",
    "minutes",
)

DECISION = register(
    Procedure(
        id="major_decisions.decision",
        title="重大行政决策",
        initial="drafting",
        states=(
            State("drafting", "拟订中"),
            State("reviewing", "合法性审查中"),
            State("reviewed", "待集体讨论"),
            State("decided", "已决定，待请示报告"),
            State("reported", "待公布"),
            State("executing", "执行中"),
            State("suspended", "中止执行"),
            State("completed", "执行完毕", terminal=True),
            State("stopped", "停止执行", terminal=True),
            State("rejected", "未予通过", terminal=True),
            State("withdrawn", "终止决策程序", terminal=True),
        ),
        steps=(
            Step(
                code="submit_review",
                label="送请合法性审查",
                source="drafting",
                target="reviewing",
                roles=HANDLERS,
                citation=tiaoli("第二十五条第一款"),
                fields=("reviewing_unit", "urgent_reason"),
                starts=("decision.legality_review",),
                guards=(
                    _g("送审材料齐全", draft_complete, "第二十六条第一款"),
                    _g(
                        "已履行公众参与程序",
                        public_participation_done,
                        "第十四条、第十五条、第十八条",
                    ),
                    _g("已召开听证会或记录不召开的理由", hearing_done, "第十六条、第十七条"),
                    _g("已组织专家论证或记录不组织的理由", expert_review_done, "第十九条"),
                    _g(
                        "风险评估认为风险可控或记录不评估的理由",
                        risk_controllable,
                        "第二十二条、第二十四条",
                    ),
                    _g("送司法行政部门审查", reviewing_unit_is_legal_office, "第二十五条第一款"),
                    LOCAL,
                ),
            ),
            Step(
                code="return_materials",
                label="材料不符合要求，退回补充",
                source="reviewing",
                target="drafting",
                roles=REVIEWERS,
                citation=tiaoli("第二十六条第一款"),
                fields=("reason",),
                stops=("decision.legality_review",),
                guards=(
                    _g("由负责合法性审查的部门办理", acting_in_legal_office, "第二十五条第一款"),
                    _reason("退回理由", "第二十六条第一款"),
                ),
            ),
            Step(
                code="review_opinion",
                label="出具合法性审查意见",
                source="reviewing",
                target="reviewed",
                roles=REVIEWERS,
                citation=tiaoli("第二十八条"),
                fields=("opinion", "opinion_text", "adviser_opinion", "lawyer_opinion"),
                stops=("decision.legality_review",),
                guards=(
                    _g("由负责合法性审查的部门办理", acting_in_legal_office, "第二十五条第一款"),
                    _g("保证必要的审查时间", review_time_enough, "第二十六条第二款"),
                    _g("组织法律顾问、公职律师提出法律意见", lawyers_heard, "第二十八条"),
                    _g("审查意见", opinion_allowed, "第二十五条第二款"),
                ),
            ),
            Step(
                code="review_unlawful",
                label="审查认为不合法，退回",
                source="reviewing",
                target="drafting",
                roles=REVIEWERS,
                citation=tiaoli("第二十五条第二款"),
                fields=("opinion_text", "adviser_opinion", "lawyer_opinion"),
                stops=("decision.legality_review",),
                guards=(
                    _g("由负责合法性审查的部门办理", acting_in_legal_office, "第二十五条第一款"),
                    _g("组织法律顾问、公职律师提出法律意见", lawyers_heard, "第二十八条"),
                ),
            ),
            Step(
                code="adopt",
                label="集体讨论决定：通过",
                source="reviewed",
                target="decided",
                roles=BODY,
                citation=tiaoli("第三十条"),
                fields=DISCUSSION_FIELDS,
                guards=(
                    *DISCUSSION_GUARDS,
                    _g(
                        "行政首长说明与多数意见不一致的理由",
                        chair_explains_departure,
                        "第三十条第二款",
                    ),
                    _g("提交讨论的材料齐全", materials_complete, "第二十九条"),
                    _g("风险可控", risk_controllable, "第二十四条"),
                    LOCAL,
                ),
            ),
            Step(
                code="defer",
                label="集体讨论：修改后再议",
                source="reviewed",
                target="drafting",
                roles=BODY,
                citation=tiaoli("第三十条"),
                fields=DISCUSSION_FIELDS,
                guards=DISCUSSION_GUARDS,
            ),
            Step(
                code="reject",
                label="集体讨论决定：不予通过",
                source="reviewed",
                target="rejected",
                roles=BODY,
                citation=tiaoli("第三十条"),
                fields=DISCUSSION_FIELDS,
                guards=(
                    *DISCUSSION_GUARDS,
                    _g(
                        "行政首长说明与多数意见不一致的理由",
                        chair_explains_departure,
                        "第三十条第二款",
                    ),
                ),
            ),
            Step(
                code="report_party",
                label="向党委请示报告",
                source="decided",
                target="reported",
                roles=BODY,
                citation=tiaoli("第三十一条"),
                fields=("reported_on", "reply"),
                guards=(FOR_BODY, DATES),
            ),
            Step(
                code="report_npc",
                label="向人大常委会报告",
                source="reported",
                target="reported",
                roles=BODY,
                citation=tiaoli("第八条第一款"),
                fields=("reported_on",),
                guards=(
                    FOR_BODY,
                    _g(
                        "属于应当向人大常委会报告的事项",
                        npc_report_required,
                        "第八条第一款",
                        "该决策未标明须向人大常委会报告。",
                    ),
                    DATES,
                ),
            ),
            Step(
                code="publish",
                label="公布决策",
                source="reported",
                target="executing",
                roles=BODY,
                citation=tiaoli("第三十二条"),
                fields=("published_on", "publication", "adoption_note", "channels"),
                guards=(
                    FOR_BODY,
                    _g("已向党委请示报告", party_reported, "第三十一条"),
                    _g("已向人大常委会报告（须报告的）", npc_reported_if_required, "第八条第一款"),
                    _g("公布内容和意见采纳情况", is_public, "第三十二条"),
                    DATES,
                    LOCAL,
                ),
            ),
            Step(
                code="execute_unpublished",
                label="依法不予公开，交付执行",
                source="reported",
                target="executing",
                roles=BODY,
                citation=tiaoli("第三十二条"),
                fields=("reason",),
                guards=(
                    FOR_BODY,
                    _g("已向党委请示报告", party_reported, "第三十一条"),
                    _g("已向人大常委会报告（须报告的）", npc_reported_if_required, "第八条第一款"),
                    _reason("不予公开的依据", "第三十二条"),
                    _g(
                        "依法不予公开",
                        not_public,
                        "第三十二条",
                        "该决策不属于依法不予公开的事项，应当公布。",
                    ),
                ),
            ),
            Step(
                code="suspend",
                label="中止执行",
                source="executing",
                target="suspended",
                roles=("leader",),
                citation=tiaoli("第三十七条"),
                fields=("reason", "situation"),
                guards=(
                    FOR_BODY,
                    _reason("中止执行的理由", "第三十七条"),
                    _reason(
                        "出现的第三十五条所列情形",
                        "第三十七条",
                        field="situation",
                        message="行政首长先决定中止执行，须写明出现的第三十五条所列情形（决策存在"
                        "问题、客观情况发生重大变化或者不可抗力等）及情况紧急的理由。",
                    ),
                ),
            ),
            Step(
                code="resume",
                label="恢复执行",
                source="suspended",
                target="executing",
                roles=BODY,
                citation=tiaoli("第三十七条"),
                fields=("reason",),
                guards=(FOR_BODY, _reason("理由", "第三十七条")),
            ),
            Step(
                code="revise",
                label="重大调整，重新履行决策程序",
                source=("executing", "suspended"),
                target="drafting",
                roles=BODY,
                citation=tiaoli("第三十七条"),
                fields=("reason",),
                guards=(FOR_BODY, _reason("调整理由", "第三十七条")),
            ),
            Step(
                code="stop",
                label="停止执行",
                source=("executing", "suspended"),
                target="stopped",
                roles=BODY,
                citation=tiaoli("第三十七条"),
                fields=("reason", "meeting", "held_on"),
                guards=(
                    FOR_BODY,
                    _reason("停止执行的理由", "第三十七条"),
                    _g("经决策机关集体讨论决定", stop_decided_collectively, "第三十七条"),
                    DATES,
                ),
            ),
            Step(
                code="complete",
                label="执行完毕",
                source="executing",
                target="completed",
                roles=BODY,
                citation=tiaoli("第三十四条"),
                guards=(FOR_BODY, _g("执行任务均已完成", tasks_all_done, "第三十四条")),
            ),
            Step(
                code="withdraw",
                label="终止决策程序",
                source=("drafting", "reviewing", "reviewed"),
                target="withdrawn",
                roles=BODY,
                citation=tiaoli("第十条"),
                fields=("reason",),
                stops=("decision.legality_review",),
                guards=(FOR_BODY, _reason("理由", "第十条")),
            ),
        ),
    )
)


# ---- the catalog --------------------------------------------------------------------------------


def catalog_has_items(context: StepContext) -> GuardResult:
    if not context.record.items.filter(state="included").exists():
        return GuardResult(False, "目录中还没有列入任何决策事项。")
    undecided = context.record.items.filter(state="proposed").count()
    if undecided:
        return GuardResult(False, f"尚有{undecided}项申报事项未确定是否列入目录。")
    return GuardResult(True)


def party_agreement_recorded(context: StepContext) -> GuardResult:
    if not str(context.data.get("party_agreement") or "").strip():
        return GuardResult(False, "须写明党委同意的文件或会议。")
    return (
        step_date_valid(context)
        if as_date(context.data.get("agreed_on"))
        else GuardResult(False, "须填写党委同意日期。")
    )


def catalog_acting_for_body(context: StepContext) -> GuardResult:
    if context.unit is None or context.unit.pk != context.record.unit_id:
        return GuardResult(False, f"决策事项目录由决策机关（{context.record.unit}）确定。")
    return GuardResult(True)


CATALOG_BODY = _g("由决策机关办理", catalog_acting_for_body, "第三条第三款")

CATALOG = register(
    Procedure(
        id="major_decisions.catalog",
        title="重大行政决策事项目录",
        initial="drafting",
        states=(
            State("drafting", "编制中"),
            State("submitted", "报请党委同意"),
            State("agreed", "党委已同意，待公布"),
            State("published", "已公布", terminal=True),
        ),
        steps=(
            Step(
                code="submit",
                label="报请同级党委同意",
                source="drafting",
                target="submitted",
                roles=("handler", "unit_admin", "leader"),
                citation=tiaoli("第三条第三款"),
                guards=(CATALOG_BODY, _g("目录事项已确定", catalog_has_items, "第三条第三款")),
            ),
            Step(
                code="return",
                label="党委未同意，退回修改",
                source="submitted",
                target="drafting",
                roles=("handler", "unit_admin", "leader"),
                citation=tiaoli("第三条第三款"),
                fields=("reason",),
                guards=(CATALOG_BODY, _reason("理由", "第三条第三款")),
            ),
            Step(
                code="agree",
                label="记录党委同意",
                source="submitted",
                target="agreed",
                roles=("handler", "unit_admin", "leader"),
                citation=tiaoli("第三条第三款"),
                fields=("agreed_on", "party_agreement"),
                guards=(
                    CATALOG_BODY,
                    _g("党委同意的文件或会议", party_agreement_recorded, "第三条第三款"),
                ),
            ),
            Step(
                code="publish",
                label="向社会公布",
                source="agreed",
                target="published",
                roles=("handler", "unit_admin", "leader"),
                citation=tiaoli("第三条第三款"),
                fields=("published_on",),
                guards=(CATALOG_BODY, DATES),
            ),
        ),
    )
)
