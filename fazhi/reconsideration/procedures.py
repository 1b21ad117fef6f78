"""The reconsideration case as a procedure (PERIODS.md §1): 收到申请 → 审查受理 (受理 / 不予受理 /
补正, or 视为受理 when the review period ends) → 审理 (普通或者简易程序; 中止 / 恢复) → 决定 →
送达生效; or 调解结案, 终止, 撤回, 视为放弃.

"复议法" is 中华人民共和国行政复议法 (2023年修订), in shared/laws, checked. The services write the
case's records (the reply, activities, hearings, reviews, suspensions) and the dates, then take
the step; the guards below read them from the locked case.
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
    required_field,
)

from . import law
from .models import ActivityKind, DecisionKind

FUYI = ("中华人民共和国行政复议法", "2023年修订")

OFFICE = ("handler", "legal_reviewer")  # 行政复议机构 (司法局) staff
HEAD = ("leader",)  # 行政复议机构的负责人


def fuyi(article: str) -> Citation:
    return Citation(*FUYI, article)


def _g(name: str, check, article: str, reason: str = "") -> Guard:
    return Guard(name=name, check=check, citation=fuyi(article), reason=reason)


# ---- what the guards read -----------------------------------------------------------------------


def within_review(ctx: StepContext) -> GuardResult | bool:
    due = ctx.record.review_due
    if due is None or ctx.today <= due:
        return True
    return GuardResult(
        False,
        f"受理审查期限已于{law.fmt(due)}届满，依法自该日起视为受理；受理后发现不符合受理条件的，"
        "应当决定驳回申请（第三十三条）。",
        fuyi("第三十条第三款"),
    )


def review_expired(ctx: StepContext) -> GuardResult | bool:
    due = ctx.record.review_due
    if due is not None and ctx.today > due:
        return True
    return GuardResult(False, f"受理审查期限{law.fmt(due)}尚未届满。")


def not_barred(ctx: StepContext) -> GuardResult | bool:
    if not ctx.record.barred:
        return True
    return GuardResult(
        False,
        f"申请已超过自行政行为作出之日起的最长期限（{ctx.record.late_note}），应当不予受理。",
        fuyi("第二十一条"),
    )


def timely_or_reasoned(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if not case.late or case.delay_reason.strip():
        return True
    return GuardResult(
        False,
        f"申请已超过法定申请期限（{case.late_note}）。有不可抗力或者其他正当理由的，须写明理由"
        "（第二十条第二款）；否则应当不予受理。",
        fuyi("第三十条第一款第四项"),
    )


def refusal_names_body(ctx: StepContext) -> GuardResult | bool:
    if ctx.record.refusal_reason != "not_competent" or ctx.record.competent_body.strip():
        return True
    return GuardResult(False, "不属于本机关管辖的，须在不予受理决定中告知有管辖权的行政复议机关。")


def refusal_reasoned(ctx: StepContext) -> GuardResult | bool:
    return bool(ctx.record.refusal_reason and ctx.record.refusal_text.strip())


def supplement_once(ctx: StepContext) -> GuardResult | bool:
    if ctx.record.supplement_requested_on is None:
        return True
    return GuardResult(
        False,
        f"已于{law.fmt(ctx.record.supplement_requested_on)}通知补正；补正通知应当一次性载明"
        "需要补正的事项，不得再次通知补正。",
    )


def within_supplement_notice(ctx: StepContext) -> GuardResult | bool:
    due = law.period_due("reconsideration.supplement_notice", ctx.record.received_on)
    if ctx.today <= due:
        return True
    return GuardResult(
        False, f"通知补正的期限已于{law.fmt(due)}届满（自收到申请之日起五个工作日）。"
    )


def supplement_items_listed(ctx: StepContext) -> GuardResult | bool:
    return bool(ctx.record.supplement_items.strip())


def supplement_overdue(ctx: StepContext) -> GuardResult | bool:
    due = ctx.record.supplement_due
    if due is not None and ctx.today > due:
        return True
    return GuardResult(False, f"补正期限{law.fmt(due)}尚未届满，不能视为放弃申请。")


def simplified(ctx: StepContext) -> GuardResult | bool:
    return GuardResult(True) if ctx.record.simplified else GuardResult(False, "本案适用普通程序。")


def general(ctx: StepContext) -> GuardResult | bool:
    if not ctx.record.simplified:
        return True
    return GuardResult(
        False,
        "适用简易程序的案件应当在三十日内作出决定，法律未规定可以延长。",
        fuyi("第六十二条第二款"),
    )


def extended_once(ctx: StepContext) -> GuardResult | bool:
    if not ctx.record.extended_days:
        return True
    return GuardResult(
        False, f"本案已延长{ctx.record.extended_days}日；延长期限最多不得超过三十日。"
    )


def reply_heard(ctx: StepContext) -> GuardResult | bool:
    """The respondent has replied, or its period has run out (then 第七十条 applies)."""
    case = ctx.record
    if case.copy_sent_on is None:
        return GuardResult(False, "尚未向被申请人发送申请书副本。", fuyi("第四十八条"))
    if case.replied_on or (case.reply_due and ctx.today > case.reply_due):
        return True
    due = law.fmt(case.reply_due) if case.reply_due else "（被申请人尚未签收副本）"
    return GuardResult(False, f"被申请人的答复期限{due}尚未届满。", fuyi("第四十八条"))


def views_heard(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if case.simplified or case.activities.filter(kind=ActivityKind.VIEWS).exists():
        return True
    return GuardResult(
        False,
        "适用普通程序的，应当当面或者通过互联网、电话等方式听取当事人的意见并记录在案；因当事人"
        "原因不能听取意见的，记录原因后书面审理。",
        fuyi("第四十九条"),
    )


def hearing_if_major(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if not case.major or case.hearings.filter(held=True).exists():
        return True
    return GuardResult(
        False, "审理重大、疑难、复杂的行政复议案件，应当组织听证。", fuyi("第五十条第一款")
    )


def committee_if_major(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if not case.major or case.activities.filter(kind=ActivityKind.COMMITTEE).exists():
        return True
    return GuardResult(
        False,
        "案情重大、疑难、复杂的案件，应当提请行政复议委员会提出咨询意见。",
        fuyi("第五十二条"),
    )


def normdocs_done(ctx: StepContext) -> GuardResult | bool:
    reviews = list(ctx.record.normdoc_reviews.all())
    if ctx.record.normdoc_requested and not any(r.on_request for r in reviews):
        return GuardResult(
            False,
            f"申请人一并提出了对《{ctx.record.normdoc_title}》的附带审查申请，尚未处理或者转送。",
            fuyi("第五十六条"),
        )
    open_ = [r for r in reviews if r.open]
    if not open_:
        return True
    return GuardResult(
        False, f"规范性文件附带审查（{open_[0].document_title}）尚未处理完毕。", fuyi("第五十六条")
    )


def decision_complete(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if not (case.decision_kind and case.decision_text.strip() and case.decided_on):
        return GuardResult(False, "须写明决定类型、决定主文和决定日期。", fuyi("第七十五条"))
    if case.decision_kind == DecisionKind.PERFORM and not case.perform_within_days:
        return GuardResult(False, "责令履行的，须写明履行期限。", fuyi("第六十六条"))
    return True


def approved(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if case.approval and case.approver.strip():
        return True
    return GuardResult(
        False,
        "行政复议决定须经行政复议机关的负责人同意或者集体讨论通过，须写明批准的负责人或者会议。",
        fuyi("第六十一条第一款"),
    )


def served_after_decision(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if case.served_on and case.decided_on and case.served_on >= case.decided_on:
        return True
    return GuardResult(False, "送达日期须在决定日期之后。", fuyi("第七十五条第二款"))


# ---- the procedure ------------------------------------------------------------------------------


CASE = register(
    Procedure(
        id="reconsideration.case",
        title="行政复议",
        initial="received",
        states=(
            State("received", "待审查受理"),
            State("supplementing", "待补正"),
            State("accepted", "审理中"),
            State("suspended", "中止审理"),
            State("decided", "已作出决定（待送达）"),
            State("effective", "已送达生效", terminal=True),
            State("mediated", "调解结案", terminal=True),
            State("terminated", "终止", terminal=True),
            State("not_accepted", "不予受理", terminal=True),
            State("abandoned", "视为放弃申请", terminal=True),
            State("withdrawn", "受理前撤回", terminal=True),
        ),
        steps=(
            Step(
                "accept",
                "受理",
                "received",
                "accepted",
                OFFICE,
                guards=(
                    _g("在审查期限内", within_review, "第三十条第一款"),
                    _g("未超过最长申请期限", not_barred, "第二十一条"),
                    _g("在申请期限内或者有正当理由", timely_or_reasoned, "第二十条"),
                ),
                citation=fuyi("第三十条第一款"),
            ),
            Step(
                "refuse",
                "不予受理",
                "received",
                "not_accepted",
                OFFICE,
                guards=(
                    _g("在审查期限内", within_review, "第三十条第二款"),
                    _g("写明理由", refusal_reasoned, "第三十条第二款", "须写明不予受理的理由。"),
                    _g("告知有管辖权的复议机关", refusal_names_body, "第三十条第二款"),
                ),
                citation=fuyi("第三十条第二款"),
            ),
            Step(
                "request_supplement",
                "通知补正",
                "received",
                "supplementing",
                OFFICE,
                guards=(
                    _g("只通知一次", supplement_once, "第三十一条第一款"),
                    _g("在五个工作日内", within_supplement_notice, "第三十一条第一款"),
                    _g(
                        "一次性载明补正事项",
                        supplement_items_listed,
                        "第三十一条第一款",
                        "须一次性载明需要补正的全部事项。",
                    ),
                ),
                citation=fuyi("第三十一条第一款"),
            ),
            Step(
                "extend_supplement",
                "延长补正期限",
                "supplementing",
                "supplementing",
                OFFICE,
                guards=(
                    required_field(
                        "reason", "不能按期补正的正当理由", citation=fuyi("第三十一条第二款")
                    ),
                ),
                fields=("reason", "until"),
                citation=fuyi("第三十一条第二款"),
            ),
            Step(
                "supplement",
                "收到补正材料",
                "supplementing",
                "received",
                OFFICE,
                citation=fuyi("第三十一条第三款"),
            ),
            Step(
                "abandon",
                "视为放弃申请",
                "supplementing",
                "abandoned",
                OFFICE,
                guards=(_g("补正期限已届满", supplement_overdue, "第三十一条第二款"),),
                citation=fuyi("第三十一条第二款"),
            ),
            Step(
                "deem_accept",
                "视为受理",
                "received",
                "accepted",
                (),
                guards=(_g("审查期限已届满", review_expired, "第三十条第三款"),),
                citation=fuyi("第三十条第三款"),
                by_law=True,
            ),
            Step(
                "withdraw",
                "受理前撤回申请",
                ("received", "supplementing"),
                "withdrawn",
                OFFICE,
                guards=(
                    required_field(
                        "reason", "撤回的情况", no_citation_reason="登记申请人撤回的书面材料"
                    ),
                ),
                fields=("reason", "resolved"),
                citation=fuyi("第七十四条"),
            ),
            Step(
                "convert",
                "转为普通程序",
                "accepted",
                "accepted",
                HEAD,
                guards=(
                    _g("适用简易程序", simplified, "第五十五条"),
                    required_field("reason", "不宜适用简易程序的理由", citation=fuyi("第五十五条")),
                ),
                fields=("reason",),
                citation=fuyi("第五十五条"),
            ),
            Step(
                "extend",
                "延长审理期限",
                "accepted",
                "accepted",
                HEAD,
                guards=(
                    _g("适用普通程序", general, "第六十二条第一款"),
                    _g("只延长一次", extended_once, "第六十二条第一款"),
                    required_field("reason", "情况复杂的理由", citation=fuyi("第六十二条第一款")),
                ),
                fields=("reason", "days"),
                citation=fuyi("第六十二条第一款"),
            ),
            Step(
                "suspend",
                "中止",
                "accepted",
                "suspended",
                OFFICE,
                guards=(required_field("ground", "中止情形", citation=fuyi("第三十九条第一款")),),
                fields=("ground", "reason"),
                citation=fuyi("第三十九条"),
            ),
            Step(
                "resume",
                "恢复审理",
                "suspended",
                "accepted",
                OFFICE,
                guards=(_g("中止原因已消除", normdocs_done, "第三十九条第二款"),),
                fields=("reason",),
                citation=fuyi("第三十九条第二款"),
            ),
            Step(
                "decide",
                "作出行政复议决定",
                "accepted",
                "decided",
                HEAD,
                guards=(
                    _g("被申请人已答复或者答复期限届满", reply_heard, "第四十八条"),
                    _g("已听取当事人意见", views_heard, "第四十九条"),
                    _g("重大疑难复杂案件已听证", hearing_if_major, "第五十条第一款"),
                    _g("重大疑难复杂案件已咨询复议委员会", committee_if_major, "第五十二条"),
                    _g("附带审查已处理", normdocs_done, "第五十六条"),
                    _g("决定内容完整", decision_complete, "第七十五条"),
                    _g("负责人同意或者集体讨论通过", approved, "第六十一条第一款"),
                ),
                fields=("kind",),
                citation=fuyi("第六十一条"),
            ),
            Step(
                "serve",
                "送达",
                "decided",
                "effective",
                OFFICE,
                guards=(_g("送达在决定之后", served_after_decision, "第七十五条第二款"),),
                citation=fuyi("第七十五条第二款"),
            ),
            Step(
                "mediate",
                "调解结案",
                ("accepted", "suspended"),
                "mediated",
                OFFICE,
                guards=(
                    required_field("agreement", "调解协议内容", citation=fuyi("第七十三条第一款")),
                ),
                fields=("agreement", "signed_on"),
                citation=fuyi("第七十三条"),
            ),
            Step(
                "terminate",
                "终止",
                ("accepted", "suspended"),
                "terminated",
                OFFICE,
                guards=(required_field("ground", "终止情形", citation=fuyi("第四十一条")),),
                fields=("ground", "reason"),
                citation=fuyi("第四十一条"),
            ),
        ),
    )
)
