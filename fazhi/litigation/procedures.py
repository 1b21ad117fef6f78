"""One instance of a suit as a procedure (PERIODS.md §9): 收到起诉状（上诉状）副本 → 已答辩举证 →
已开庭 → 已裁判（上诉期内）→ 生效 / 上诉 → 执行 → 结案; or 撤诉, 调解.

The services check the input and write the case's records (hearings, extensions, executions),
then take the step; the guards below check the law against the step's data and the locked case,
each citing law, version and article (law.py names the texts).
"""

from __future__ import annotations

from fazhi.procedures.definitions import (
    Citation,
    Guard,
    GuardResult,
    Procedure,
    State,
    Step,
    StepContext,
    register,
)

from . import law

SUSONG = ("中华人民共和国行政诉讼法", "2017年修正")
JIESHI = ("最高人民法院关于适用《中华人民共和国行政诉讼法》的解释", "法释〔2018〕1号")
CHUTING = ("最高人民法院关于行政机关负责人出庭应诉若干问题的规定", "法释〔2020〕3号")

# The defendant agency's people: its handlers, administrators and heads (services check that
# the post is in the agency itself, not a unit above that reaches it).
AGENCY = ("handler", "unit_admin", "leader")


def susong(article: str) -> Citation:
    return Citation(*SUSONG, article)


def jieshi(article: str) -> Citation:
    return Citation(*JIESHI, article)


def chuting(article: str) -> Citation:
    return Citation(*CHUTING, article)


def _day(ctx: StepContext, name: str):
    return law.as_date(ctx.data.get(name))


# ---- guards -------------------------------------------------------------------------------------


def answer_after_service(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    for name, label in (("answered_on", "提交答辩状日期"), ("evidence_on", "提交证据日期")):
        day = _day(ctx, name)
        if day is None:
            return GuardResult(False, f"须填写{label}。")
        if day < case.served_on:
            return GuardResult(
                False,
                f"{label}（{law.fmt(day)}）不能早于收到起诉状副本之日（{law.fmt(case.served_on)}）。",
            )
        if day > ctx.today:
            return GuardResult(False, f"{label}不能晚于今天。")
    return True


def appearance_lawful(ctx: StepContext) -> GuardResult | bool:
    d = ctx.data
    appearance = law.Appearance(
        head=bool(d.get("head_appeared")),
        head_kind=d.get("head_kind") or "",
        head_proof=bool(d.get("head_proof")),
        head_own=bool(d.get("head_own")),
        staff=int(d.get("staff_count") or 0),
        staff_authorized=bool(d.get("staff_authorized")),
        lawyers=int(d.get("lawyer_count") or 0),
        absence_ground=d.get("absence_ground") or "",
        absence_reason=d.get("absence_reason") or "",
        absence_proof=bool(d.get("absence_proof")),
        # 出庭规定第七条第一款: the head already appeared at a hearing of this instance
        head_appeared_before=bool(ctx.record.head_appeared),
        head_renotified=bool(d.get("head_renotified")),
    )
    refusals = law.appearance_refusals(appearance, mandatory=ctx.record.head_required)
    if not refusals:
        return True
    reason, basis = refusals[0]
    return GuardResult(False, f"{reason}（{basis}）" if len(refusals) == 1 else _joined(refusals))


def _joined(refusals: list[tuple[str, str]]) -> str:
    return "；".join(f"{reason}（{basis}）" for reason, basis in refusals)


def hearing_day_valid(ctx: StepContext) -> GuardResult | bool:
    day = _day(ctx, "held_on")
    if day is None:
        return GuardResult(False, "须填写开庭日期。")
    if day < ctx.record.served_on:
        return GuardResult(False, "开庭日期不能早于收到起诉状副本之日。")
    if day > ctx.today:
        return GuardResult(False, "开庭日期不能晚于今天（开庭后记录出庭应诉情况）。")
    return True


def outcome_fits(ctx: StepContext) -> GuardResult | bool:
    """The outcome fits the document and the instance; the appeal path is the law's."""
    case = ctx.record
    outcome, kind = ctx.data.get("outcome"), ctx.data.get("document_kind")
    rule = law.OUTCOME_RULES.get(outcome)
    if rule is None:
        return GuardResult(False, "须选择裁判结果。")
    if kind not in rule.kinds:
        kinds = "、".join(dict(law.DOCUMENT_KINDS)[k] for k in rule.kinds)
        return GuardResult(False, f"“{rule.label}”须以{kinds}作出。")
    second = outcome in law.SECOND_INSTANCE_OUTCOMES
    if second and case.instance == "first":
        return GuardResult(
            False,
            "驳回上诉、改判、发回重审、准许撤回上诉是第二审（或按第二审程序再审）的结果。",
            susong("第八十九条"),
        )
    if ctx.data.get("result") not in dict(law.RESULTS):
        return GuardResult(
            False, "须写明裁判结果对本机关是胜诉还是败诉（改判的，或原审结果未登记的）。"
        )
    return True


def judged_after_answer(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    judged, served = _day(ctx, "judged_on"), _day(ctx, "served_on")
    if judged is None or served is None:
        return GuardResult(False, "须填写裁判日期和裁判文书送达日期。")
    if judged < case.served_on:
        return GuardResult(False, "裁判日期不能早于收到起诉状副本之日。")
    if case.first_heard_on and judged < case.first_heard_on and ctx.step.code != "withdraw":
        return GuardResult(False, f"裁判日期不能早于开庭日期（{law.fmt(case.first_heard_on)}）。")
    if served < judged:
        return GuardResult(False, "裁判文书送达日期不能早于裁判日期。")
    if served > ctx.today:
        return GuardResult(False, "裁判文书送达日期不能晚于今天。")
    return True


def appealable(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if law.may_appeal(case.instance, case.retrial_first_procedure, ctx.data.get("outcome", "")):
        return True
    return GuardResult(
        False,
        "只有第一审判决以及不予立案、驳回起诉、管辖异议的裁定可以上诉；第二审的判决、裁定是终审"
        "判决、裁定。",
        susong("第八十五条"),
    )


def final(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if not law.may_appeal(case.instance, case.retrial_first_procedure, ctx.data.get("outcome", "")):
        return True
    return GuardResult(
        False,
        "第一审判决、裁定在上诉期限届满前不发生法律效力，须先登记为“已裁判，上诉期内”。",
        susong("第八十五条"),
    )


def appeal_in_time(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    day = _day(ctx, "appealed_on")
    if day is None:
        return GuardResult(False, "须填写上诉日期。")
    if day < case.judgment_served_on:
        return GuardResult(False, "上诉日期不能早于裁判文书送达日期。")
    if day > ctx.today:
        return GuardResult(False, "上诉日期不能晚于今天。")
    ours = ctx.data.get("appellant") in ("agency", "both")
    if ours and case.appeal_due and day > case.appeal_due:
        days = "十五日" if case.document_kind == law.JUDGMENT else "十日"
        return GuardResult(
            False,
            f"本机关不服第一审{case.get_document_kind_display()}的，应当在送达之日起{days}内提起上诉，"
            f"上诉期限已于{law.fmt(case.appeal_due)}届满。",
            susong("第八十五条"),
        )
    return True


def appeal_period_over(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    day = _day(ctx, "effective_on")
    if day is None:
        return GuardResult(False, "须填写裁判生效日期。")
    if day > ctx.today:
        return GuardResult(False, "裁判生效日期不能晚于今天。")
    if case.appeal_due and day <= case.appeal_due:
        return GuardResult(
            False,
            f"本机关的上诉期限至{law.fmt(case.appeal_due)}届满，届满前第一审裁判不发生法律效力。",
            susong("第八十五条"),
        )
    return True


def executed(ctx: StepContext) -> GuardResult | bool:
    """结案: what the effective document requires is performed, or applied to the court for,
    or the reason nothing is to be performed is written."""
    case = ctx.record
    if (ctx.data.get("close_note") or "").strip():
        return True
    executions = list(case.executions.all())
    open_ = [e for e in executions if e.performed_on is None and e.applied_on is None]
    if open_:
        return GuardResult(
            False,
            f"尚有{len(open_)}项裁判确定的义务未履行完毕。当事人必须履行人民法院发生法律效力的判决、"
            "裁定、调解书。",
            susong("第九十四条"),
        )
    needs = (
        case.result in (law.LOSS, law.MEDIATED)
        and law.OUTCOME_RULES.get(case.outcome, law.OUTCOME_RULES["reject_claim"]).performance
    )
    if needs and not executions:
        return GuardResult(
            False,
            "本案裁判（调解书）确定了本机关应当履行的义务，须登记履行情况，或写明无需履行的理由。",
            susong("第九十四条"),
        )
    return True


def _g(name: str, check, citation: Citation) -> Guard:
    return Guard(name=name, check=check, citation=citation)


DATES_NOTE = "日期的一般校验，不涉及实体规则"
JUDGED_DATES = Guard(name="裁判日期有效", check=judged_after_answer, no_citation_reason=DATES_NOTE)
OUTCOME = _g("裁判结果与文书、审级相符", outcome_fits, susong("第六十九条至第八十九条"))
BEFORE_JUDGMENT = ("served", "answered", "heard")
ANSWER_DATES = Guard(
    name="答辩、举证日期有效", check=answer_after_service, no_citation_reason=DATES_NOTE
)


CASE = register(
    Procedure(
        id="litigation.case",
        title="行政应诉案件",
        states=(
            State("served", "收到起诉状（上诉状）副本"),
            State("answered", "已答辩举证"),
            State("heard", "已开庭审理"),
            State("judged", "已裁判，上诉期内"),
            State("appealed", "已上诉", terminal=True),
            State("effective", "裁判已生效"),
            State("mediated", "已调解"),
            State("executing", "执行中"),
            State("closed", "已结案", terminal=True),
            State("withdrawn", "原告撤诉", terminal=True),
        ),
        initial="served",
        steps=(
            Step(
                code="answer",
                label="提交答辩状、证据和规范性文件",
                source="served",
                target="answered",
                roles=AGENCY,
                citation=susong("第六十七条第一款"),
                # the answer period (litigation.answer) is stopped by the service on the day
                # the answer was given, not the day it is entered
                fields=("answered_on", "evidence_on", "late", "evidence_late"),
                guards=(ANSWER_DATES,),
            ),
            Step(
                code="answer_after_hearing",
                label="开庭后登记答辩状、证据和规范性文件",
                source="heard",
                target="heard",
                roles=AGENCY,
                citation=susong("第六十七条"),
                fields=("answered_on", "evidence_on", "late", "evidence_late"),
                guards=(ANSWER_DATES,),
            ),
            Step(
                code="hear",
                label="开庭审理及出庭应诉",
                source=("served", "answered", "heard"),
                target="heard",
                roles=AGENCY,
                citation=susong("第三条第三款"),
                fields=(
                    "held_on",
                    "head_appeared",
                    "head_name",
                    "head_title",
                    "head_kind",
                    "head_proof",
                    "head_own",
                    "head_renotified",
                    "staff_count",
                    "staff_authorized",
                    "lawyer_count",
                    "absence_ground",
                    "absence_reason",
                    "absence_proof",
                ),
                guards=(
                    Guard(
                        name="开庭日期有效", check=hearing_day_valid, no_citation_reason=DATES_NOTE
                    ),
                    _g(
                        "出庭应诉符合规定",
                        appearance_lawful,
                        jieshi("第一百二十八条至第一百三十一条"),
                    ),
                ),
            ),
            Step(
                code="judge",
                label="第一审裁判（上诉期内）",
                source=BEFORE_JUDGMENT,
                target="judged",
                roles=AGENCY,
                citation=susong("第八十五条"),
                fields=("document_kind", "outcome", "result", "number", "judged_on", "served_on"),
                guards=(
                    JUDGED_DATES,
                    OUTCOME,
                    _g("可以上诉的裁判", appealable, susong("第八十五条")),
                ),
            ),
            Step(
                code="judge_final",
                label="终审裁判（发生法律效力）",
                source=BEFORE_JUDGMENT,
                target="effective",
                roles=AGENCY,
                citation=susong("第七条"),
                fields=("document_kind", "outcome", "result", "number", "judged_on", "served_on"),
                guards=(JUDGED_DATES, OUTCOME, _g("不能上诉的裁判", final, susong("第八十五条"))),
            ),
            Step(
                code="withdraw",
                label="准许撤诉（按撤诉处理）",
                source=BEFORE_JUDGMENT,
                target="withdrawn",
                roles=AGENCY,
                citation=susong("第六十二条"),
                fields=("document_kind", "outcome", "result", "number", "judged_on", "served_on"),
                guards=(JUDGED_DATES, OUTCOME),
            ),
            Step(
                code="mediate",
                label="调解结案",
                source=BEFORE_JUDGMENT,
                target="mediated",
                roles=AGENCY,
                citation=susong("第六十条"),
                fields=("document_kind", "outcome", "result", "number", "judged_on", "served_on"),
                guards=(JUDGED_DATES, OUTCOME),
            ),
            Step(
                code="appeal",
                label="提起上诉",
                source="judged",
                target="appealed",
                roles=AGENCY,
                citation=susong("第八十五条"),
                fields=("appellant", "appealed_on"),
                stops=("litigation.appeal", "litigation.appeal_ruling"),
                guards=(_g("在上诉期限内上诉", appeal_in_time, susong("第八十五条")),),
            ),
            Step(
                code="take_effect",
                label="上诉期满未上诉，裁判生效",
                source="judged",
                target="effective",
                roles=AGENCY,
                citation=susong("第八十五条"),
                fields=("effective_on",),
                stops=("litigation.appeal", "litigation.appeal_ruling"),
                guards=(_g("上诉期限已届满", appeal_period_over, susong("第八十五条")),),
            ),
            Step(
                code="execute",
                label="执行生效裁判（调解书）",
                source=("effective", "mediated"),
                target="executing",
                roles=AGENCY,
                citation=susong("第九十四条"),
                fields=("obligor", "due_on"),
            ),
            Step(
                code="close",
                label="结案",
                source=("effective", "mediated", "executing"),
                target="closed",
                roles=AGENCY,
                citation=susong("第九十四条"),
                fields=("closed_on", "close_note"),
                guards=(_g("生效裁判已履行", executed, susong("第九十四条")),),
            ),
        ),
    )
)
