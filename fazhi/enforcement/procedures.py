"""The penalty case as a procedure (PERIODS.md §2, §3): 立案 → 调查取证 → 告知 → 陈述申辩 / 听证 →
法制审核 (where required) → 决定 (after collective discussion where required) → 送达 → 执行 → 结案;
or 当场处罚 under the simplified procedure; or 移送 / 撤销立案.

"处罚法" is 中华人民共和国行政处罚法 (2021年修订), in shared/laws, checked. The services write the
case's records (officers, evidence, the notice, the hearing, the review) and then take the step;
the guards below read them from the locked case.
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

CHUFA = ("中华人民共和国行政处罚法", "2021年修订")
GUOBAN_118 = (
    "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见",
    "国办发〔2018〕118号",
)
YINGSHANG = ("北京市优化营商环境条例", "2024年修订")


def chufa(article: str) -> Citation:
    return Citation(*CHUFA, article)


HANDLERS = ("handler", "unit_admin")
HEAD = ("leader",)  # 行政机关负责人
REVIEWERS = ("legal_reviewer",)


def _g(name: str, check, article: str, reason: str = "") -> Guard:
    return Guard(name=name, check=check, citation=chufa(article), reason=reason)


# ---- what the guards read -----------------------------------------------------------------------


def certified_officers(case, day) -> list:
    """The case's officers whose certificate is valid on `day`."""
    officers = []
    for assignment in case.case_officers.select_related("officer"):
        certificates = assignment.officer.certificates.all()
        if assignment.officer.active and any(c.valid_on(day) for c in certificates):
            officers.append(assignment.officer)
    return officers


def officers_enough(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    needed = 1 if case.single_officer_basis.strip() else 2
    certified = certified_officers(case, ctx.today)
    if len(certified) >= needed:
        return True
    total = case.case_officers.count()
    if needed == 1:
        return GuardResult(False, "本案没有持有效执法证件的执法人员。")
    return GuardResult(
        False,
        f"执法人员不得少于两人，且须持有有效执法证件；本案指派{total}人，"
        f"持有效证件{len(certified)}人。",
    )


def evidence_collected(ctx: StepContext) -> GuardResult | bool:
    if ctx.record.evidence.exists():
        return True
    return GuardResult(
        False, "尚未收集证据。违法事实不清、证据不足的，不得给予行政处罚。", chufa("第四十条")
    )


def preservations_handled(ctx: StepContext) -> GuardResult | bool:
    open_ = ctx.record.preservations.filter(handled_on__isnull=True).count()
    if not open_:
        return True
    return GuardResult(
        False, f"尚有{open_}项先行登记保存的证据未作出处理决定（应当在七日内作出）。"
    )


def proposal_made(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if case.penalty_kinds:
        return True
    return GuardResult(False, "尚未拟定行政处罚的种类和内容。")


def within_range_or_reasoned(ctx: StepContext) -> GuardResult | bool:
    """A fine outside the benchmark range needs a reason (处罚法第三十四条; 营商条例第七十二条)."""
    case = ctx.record
    row = case.benchmark_row
    if case.outside_range_reason.strip() or case.fine is None:
        return True
    if row is None:
        if case.item.benchmarks.exists():
            return GuardResult(
                False,
                "该事项已制定裁量基准，须选择适用的违法情节，或说明不适用的理由。",
                chufa("第三十四条"),
            )
        minimum = case.item.statutory_min
        if minimum is not None and case.fine < minimum:
            return GuardResult(
                False,
                f"罚款低于法定下限{law.money(minimum)}的（减轻处罚），须说明理由。",
                chufa("第三十二条"),
            )
        return True
    departure = law.outside_range(case.fine, row.fine_min, row.fine_max)
    if not departure:
        return True
    return GuardResult(
        False,
        f"{departure}（{row.get_degree_display()}：{row.range_text}），须说明理由。",
        chufa("第三十四条"),
    )


def notice_given(ctx: StepContext) -> GuardResult | bool:
    notice = ctx.record.notices.first()
    if notice is None:
        return GuardResult(
            False,
            "作出行政处罚决定之前，应当告知拟作出的行政处罚内容及事实、理由、依据，并告知陈述、"
            "申辩、要求听证等权利。",
        )
    for field, label in (
        ("facts", "事实"),
        ("reasons", "理由"),
        ("basis", "依据"),
        ("proposal", "拟处罚内容"),
    ):
        if not getattr(notice, field).strip():
            return GuardResult(False, f"告知书未载明{label}。")
    return True


def hearing_right_told(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    notice = case.notices.first()
    if notice is None or notice.hearing_right:
        return True
    if law.hearing_right(case.party_kind, case.penalty_kinds, case.fine, case.confiscation):
        return GuardResult(
            False,
            "拟作出的行政处罚属于当事人有权要求听证的情形（较大数额罚款、没收较大数额违法所得、"
            "降低资质等级、吊销许可证件、责令停产停业等），告知书须告知听证权利。",
            chufa("第六十三条"),
        )
    return True


def statements_answered(ctx: StepContext) -> GuardResult | bool:
    open_ = ctx.record.statements.filter(adopted__isnull=True).count()
    if not open_:
        return True
    return GuardResult(
        False,
        f"尚有{open_}份陈述申辩未复核。当事人提出的事实、理由和证据应当进行复核。",
        chufa("第四十五条第一款"),
    )


def hearing_window_over(ctx: StepContext) -> GuardResult | bool:
    """No decision while the party may still ask for a hearing (第六十四条第一项), unless
    it waived."""
    case = ctx.record
    notice = case.notices.first()
    if notice is None or not notice.hearing_right or notice.waived:
        return True
    if case.hearings.filter(requested_on__gte=notice.notified_on).exists():
        return True
    last = law.period_due("penalty.hearing_request", notice.notified_on)
    if ctx.today > last:
        return True
    return GuardResult(
        False,
        f"当事人要求听证的期限至{law.fmt(last)}届满（告知后五个工作日），期限届满或当事人明确放弃"
        "前不能作出决定。",
        chufa("第六十四条第一项"),
    )


def hearing_concluded(ctx: StepContext) -> GuardResult | bool:
    pending = [h for h in ctx.record.hearings.all() if h.held_on is None and h.withdrawn_on is None]
    if not pending:
        return True
    return GuardResult(
        False, "当事人要求听证的，应当组织听证并根据听证笔录作出决定。", chufa("第六十五条")
    )


def hearing_requested_in_time(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    notice = case.notices.first()
    if notice is None or not notice.hearing_right:
        return GuardResult(False, "告知书未告知听证权利，本案不适用听证程序。", chufa("第六十三条"))
    asked = law.as_date(ctx.data.get("requested_on")) or ctx.today
    if asked < notice.notified_on:
        return GuardResult(False, "听证要求不能早于告知日期。")
    last = law.period_due("penalty.hearing_request", notice.notified_on)
    if asked > last:
        return GuardResult(
            False,
            f"当事人应当在告知后五日内提出听证要求，期限已于{law.fmt(last)}届满。",
            chufa("第六十四条第一项"),
        )
    return True


def hearing_held_properly(ctx: StepContext) -> GuardResult | bool:
    hearing = ctx.record.hearings.filter(held_on__isnull=True, withdrawn_on__isnull=True).first()
    if hearing is None:
        return GuardResult(False, "没有待举行的听证。")
    if hearing.notified_on is None or hearing.scheduled_on is None or hearing.chair_id is None:
        return GuardResult(False, "尚未通知听证的时间、地点并指定主持人。", chufa("第六十四条"))
    return True


def review_needed(ctx: StepContext) -> bool:
    return ctx.record.review_needed


def review_not_needed(ctx: StepContext) -> GuardResult | bool:
    if not ctx.record.review_needed:
        return True
    return GuardResult(
        False,
        "本案属于应当进行法制审核的情形（涉及重大公共利益、经过听证、疑难复杂或列入法制审核目录），"
        "未经法制审核或者审核未通过的，不得作出决定。",
        chufa("第五十八条"),
    )


def reviewer_fit(ctx: StepContext) -> GuardResult | bool:
    """The reviewer is the body's legal reviewer, not on the case, qualified where new
    (第五十八条第二款: 初次从事法制审核的人员须取得法律职业资格; in force 2021-07-15)."""
    case = ctx.record
    officer = case.body.officers.filter(person=ctx.actor, duty="legal_review", active=True).first()
    if officer is None:
        return GuardResult(
            False, f"您不是{case.body}的法制审核人员。", Citation(*GUOBAN_118, "四（十一）")
        )
    if (
        case.opened_by_id == ctx.actor.pk
        or case.case_officers.filter(officer__person=ctx.actor).exists()
    ):
        return GuardResult(False, "办案人员不得审核本案。", Citation(*GUOBAN_118, "四（十三）"))
    new = officer.reviewing_since is None or officer.reviewing_since >= law.QUALIFICATION_SINCE
    if new and not officer.legal_qualification.strip():
        return GuardResult(
            False,
            "初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格。",
            chufa("第五十八条第二款"),
        )
    return True


def review_passed(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if not case.review_needed:
        return True
    latest = case.reviews.exclude(result="").order_by("-reviewed_on", "-id").first()
    notice = case.notices.first()
    after_notice = notice is None or latest is None or latest.submitted_on >= notice.notified_on
    if latest is not None and latest.result == "agree" and after_notice:
        return True
    return GuardResult(
        False, "未经法制审核或者审核未通过的，不得作出决定。", chufa("第五十八条第一款")
    )


def discussion_held(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if not case.major_violation:
        return True
    if case.discussions.exists():
        return True
    return GuardResult(
        False,
        "情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。",
        chufa("第五十七条第二款"),
    )


def penalty_noticed(ctx: StepContext) -> GuardResult | bool:
    """A penalty needs the notice and the party heard (第六十二条); a case not punished does not."""
    if ctx.data.get("outcome") != "penalty":
        return True
    if ctx.record.notices.exists():
        return True
    return GuardResult(
        False,
        "未告知当事人拟作出的行政处罚内容及事实、理由、依据，或者拒绝听取陈述、申辩的，不得作出"
        "行政处罚决定。",
        chufa("第六十二条"),
    )


def outcome_valid(ctx: StepContext) -> GuardResult | bool:
    outcome = ctx.data.get("outcome")
    if outcome not in ("penalty", "no_penalty", "not_established"):
        return GuardResult(False, "须选择处理结果：给予行政处罚、不予行政处罚或违法事实不能成立。")
    case = ctx.record
    if outcome == "penalty" and not case.penalty_kinds:
        return GuardResult(False, "给予行政处罚的，须写明处罚种类和内容。", chufa("第五十九条"))
    if outcome == "penalty" and case.state == "investigating":
        return GuardResult(
            False,
            "给予行政处罚的，须先告知拟作出的处罚并听取陈述申辩（告知后方可作出决定）。",
            chufa("第四十四条、第六十二条"),
        )
    if outcome == "penalty" and case.exemption_id and case.exemption.kind == "mandatory":
        return GuardResult(
            False,
            "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚（适用不予处罚清单）。",
            chufa("第三十三条第一款"),
        )
    return True


def notice_matches_proposal(ctx: StepContext) -> GuardResult | bool:
    """The penalty decided is the one the party was told of (第四十四条、第六十二条): a changed
    proposal needs a new notice, and the hearing right it gives (第六十三条)."""
    if ctx.data.get("outcome") != "penalty":
        return True
    case = ctx.record
    notice = case.notices.first()
    if notice is None:
        return True  # penalty_noticed reports it
    told = (sorted(notice.penalty_kinds), notice.fine, notice.confiscation)
    if told != (sorted(case.penalty_kinds), case.fine, case.confiscation):
        return GuardResult(
            False,
            "拟作出的行政处罚已在告知后变更，须重新告知当事人并听取陈述申辩后方可决定。",
            chufa("第四十四条、第六十二条"),
        )
    return hearing_right_told(ctx)


def within_statutory_range(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    refusal = law.statutory_refusal(case.fine, case.item.statutory_min, case.item.statutory_max)
    return GuardResult(False, refusal, chufa("第四条")) if refusal else True


def simplified_allowed(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if not case.simplified:
        return GuardResult(False, "本案按普通程序立案，不能当场作出处罚决定。", chufa("第五十一条"))
    refusal = law.simplified_refusal(case.party_kind, case.penalty_kinds, case.fine)
    return GuardResult(False, refusal, chufa("第五十一条")) if refusal else True


def ordinary_case(ctx: StepContext) -> GuardResult | bool:
    if not ctx.record.simplified:
        return True
    return GuardResult(False, "适用简易程序的案件当场作出决定，不经过本环节。", chufa("第五十二条"))


def decided_document(ctx: StepContext) -> GuardResult | bool:
    case = ctx.record
    if case.outcome == "penalty" and not case.decision_number.strip():
        return GuardResult(False, "行政处罚决定书须有文号。", chufa("第五十九条"))
    return True


def executed(ctx: StepContext) -> GuardResult | bool:
    """结案: the decision performed, or handed to the court, or nothing to execute."""
    case = ctx.record
    owed = (case.fine or 0) + (case.confiscation or 0) + case.surcharge
    if case.outcome != "penalty" or case.paid >= owed:
        return True
    if hasattr(case, "court_application"):
        return True
    reason = (ctx.data.get("close_reason") or "").strip()
    if reason:
        return True
    return GuardResult(
        False,
        f"罚没款{law.money(owed)}尚未缴清（已缴{law.money(case.paid)}）；当事人逾期不履行的，"
        "依法加处罚款或者申请人民法院强制执行，或写明其他结案情形。",
        chufa("第七十二条"),
    )


def date_not_future(field: str, label: str) -> Guard:
    def check(ctx: StepContext) -> GuardResult | bool:
        day = ctx.data.get(field)
        if day is None:
            return True
        if day > ctx.today:
            return GuardResult(False, f"{label}不能晚于今天。")
        return True

    return Guard(
        name=f"{label}有效", check=check, no_citation_reason="日期的一般校验，不涉及实体规则"
    )


DATES = date_not_future("on", "办理日期")
NOTICE = _g("已依法告知", notice_given, "第四十四条")
OFFICERS = _g("两名以上持证执法人员", officers_enough, "第四十二条")


PENALTY = register(
    Procedure(
        id="enforcement.penalty",
        title="行政处罚案件",
        states=(
            State("investigating", "调查取证中"),
            State("notified", "已告知，听取陈述申辩"),
            State("hearing", "听证程序中"),
            State("reviewing", "法制审核中"),
            State("ready", "待作出决定"),
            State("decided", "已作出决定，待送达"),
            State("executing", "执行中"),
            State("closed", "已结案", terminal=True),
            State("transferred", "已移送", terminal=True),
            State("dismissed", "已撤销立案", terminal=True),
        ),
        initial="investigating",
        steps=(
            Step(
                code="notify",
                label="告知拟作出的行政处罚",
                source="investigating",
                target="notified",
                roles=HANDLERS,
                citation=chufa("第四十四条"),
                fields=("notified_on", "proposal", "hearing_right"),
                guards=(
                    _g("调查终结，证据已收集", evidence_collected, "第四十条"),
                    OFFICERS,
                    _g("先行登记保存的证据已处理", preservations_handled, "第五十六条"),
                    _g("已拟定处罚内容", proposal_made, "第四十四条"),
                    _g("拟罚款在裁量基准内或说明理由", within_range_or_reasoned, "第三十四条"),
                    _g("不超过法定处罚幅度", within_statutory_range, "第四条"),
                    NOTICE,
                    _g("告知听证权利", hearing_right_told, "第六十三条"),
                    _g("普通程序案件", ordinary_case, "第五十四条"),
                ),
            ),
            Step(
                code="renotify",
                label="重新告知（事实、理由、依据或拟处罚内容变更）",
                source=("notified", "ready"),
                target="notified",
                roles=HANDLERS,
                citation=chufa("第四十四条"),
                fields=("notified_on", "proposal", "hearing_right", "reason"),
                guards=(
                    _g("拟罚款在裁量基准内或说明理由", within_range_or_reasoned, "第三十四条"),
                    _g("不超过法定处罚幅度", within_statutory_range, "第四条"),
                    NOTICE,
                    _g("告知听证权利", hearing_right_told, "第六十三条"),
                    required_field("reason", "重新告知的原因", citation=chufa("第四十四条")),
                ),
            ),
            Step(
                code="request_hearing",
                label="当事人要求听证",
                source="notified",
                target="hearing",
                roles=HANDLERS,
                citation=chufa("第六十四条第一项"),
                fields=("requested_on",),
                guards=(_g("在告知后五日内提出", hearing_requested_in_time, "第六十四条第一项"),),
            ),
            Step(
                code="hold_hearing",
                label="举行听证",
                source="hearing",
                target="notified",
                roles=HANDLERS,
                citation=chufa("第六十四条"),
                fields=("held_on", "record_sha256"),
                guards=(_g("已通知并指定主持人", hearing_held_properly, "第六十四条"),),
            ),
            Step(
                code="withdraw_hearing",
                label="当事人放弃听证",
                source="hearing",
                target="notified",
                roles=HANDLERS,
                citation=chufa("第六十四条"),
                fields=("withdrawn_on", "reason"),
                guards=(
                    required_field("reason", "放弃听证的情形", citation=chufa("第六十四条第六项")),
                ),
            ),
            Step(
                code="submit_review",
                label="送法制审核",
                source=("notified", "ready"),
                target="reviewing",
                roles=HANDLERS,
                citation=chufa("第五十八条"),
                guards=(
                    _g("听取陈述申辩并复核", statements_answered, "第四十五条第一款"),
                    _g("听证要求期限已过或当事人放弃", hearing_window_over, "第六十四条第一项"),
                    _g("听证已举行", hearing_concluded, "第六十五条"),
                ),
            ),
            Step(
                code="review_agree",
                label="法制审核：同意",
                source="reviewing",
                target="ready",
                roles=REVIEWERS,
                citation=chufa("第五十八条"),
                fields=("opinion_sha256",),
                guards=(_g("审核人员适格", reviewer_fit, "第五十八条第二款"),),
            ),
            Step(
                code="review_return",
                label="法制审核：存在问题，退回",
                source="reviewing",
                target="investigating",
                roles=REVIEWERS,
                citation=chufa("第五十八条"),
                fields=("opinion_sha256",),
                guards=(_g("审核人员适格", reviewer_fit, "第五十八条第二款"),),
            ),
            Step(
                code="ready",
                label="陈述申辩（听证）终结，待决定",
                source="notified",
                target="ready",
                roles=HANDLERS,
                citation=chufa("第四十五条"),
                guards=(
                    _g("听取陈述申辩并复核", statements_answered, "第四十五条第一款"),
                    _g("听证要求期限已过或当事人放弃", hearing_window_over, "第六十四条第一项"),
                    _g("听证已举行", hearing_concluded, "第六十五条"),
                    _g("不属于应当法制审核的情形", review_not_needed, "第五十八条"),
                ),
            ),
            Step(
                code="decide",
                label="作出决定",
                source=("investigating", "ready"),
                target="decided",
                roles=HEAD,
                citation=chufa("第五十七条"),
                fields=("outcome", "decision_number", "decided_on"),
                stops=("penalty.decision",),
                guards=(
                    _g("处理结果", outcome_valid, "第五十七条第一款"),
                    _g("作出处罚决定前已告知并听取意见", penalty_noticed, "第六十二条"),
                    _g("决定的处罚与告知的一致", notice_matches_proposal, "第四十四条"),
                    _g("法制审核已通过", review_passed, "第五十八条第一款"),
                    _g("集体讨论决定", discussion_held, "第五十七条第二款"),
                    _g("拟罚款在裁量基准内或说明理由", within_range_or_reasoned, "第三十四条"),
                    _g("不超过法定处罚幅度", within_statutory_range, "第四条"),
                    _g("决定书文号", decided_document, "第五十九条"),
                    _g("普通程序案件", ordinary_case, "第五十四条"),
                ),
            ),
            Step(
                code="decide_on_spot",
                label="当场作出行政处罚决定（简易程序）",
                source="investigating",
                target="executing",
                roles=HANDLERS,
                citation=chufa("第五十一条、第五十二条"),
                fields=("decision_number", "decided_on"),
                stops=("penalty.decision",),
                guards=(
                    _g("符合简易程序的条件", simplified_allowed, "第五十一条"),
                    OFFICERS,
                    _g("决定书文号", decided_document, "第五十二条"),
                ),
            ),
            Step(
                code="serve",
                label="送达决定书",
                source="decided",
                target="executing",
                roles=HANDLERS,
                citation=chufa("第六十一条"),
                fields=("served_on", "method"),
                stops=("penalty.service",),
            ),
            Step(
                code="close",
                label="结案",
                source="executing",
                target="closed",
                roles=HANDLERS + HEAD,
                citation=chufa("第四十七条"),
                fields=("closed_on", "close_reason"),
                guards=(_g("决定已执行完毕或依法申请强制执行", executed, "第七十二条"),),
            ),
            Step(
                code="transfer",
                label="移送",
                source=("investigating", "notified", "ready"),
                target="transferred",
                roles=HEAD,
                citation=chufa("第二十二条、第二十七条"),
                fields=("kind", "receiver", "reason"),
                stops=("penalty.decision",),
                guards=(
                    required_field("reason", "移送理由", citation=chufa("第五十七条第一款第四项")),
                ),
            ),
            Step(
                code="dismiss",
                label="撤销立案",
                source=("investigating",),
                target="dismissed",
                roles=HEAD,
                fields=("reason",),
                stops=("penalty.decision",),
                guards=(
                    required_field(
                        "reason", "撤销立案的理由", no_citation_reason="记录理由的一般要求"
                    ),
                ),
            ),
        ),
    )
)
