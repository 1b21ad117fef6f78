"""The documents of a reconsideration case, as .docx (python-docx), laid out after GB/T 9704:
受理通知书, 补正通知书, 不予受理决定书, 答复通知书 (to the respondent, with the copy of the
application), 听证通知书, 行政复议决定书 and 调解书. Each exists once the case has reached the
point that makes it (`available`).

They are drafts printed from the case file, in the name of the 行政复议机关 (the government the
司法局 serves, 复议法第六十一条): the office checks, signs and seals the paper copy. They carry
the applicant's real data, for they are served to the parties; the views let only the office's
staff download them (the respondent's staff: those served on the respondent). The Chinese fonts
are named for East Asian text (仿宋_GB2312, 方正小标宋简体, 黑体); a viewer substitutes its own.

"复议法" is 中华人民共和国行政复议法（2023年修订）.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.core.identity import mask_code
from fazhi.core.official_docx import (
    Writer,
)

from . import law
from .models import ApplicantKind, DecisionKind, Hearing, ReconsiderationCase
from .selectors import body_of

SEAL = "（行政复议专用章）"
FUYI = "《中华人民共和国行政复议法》"

KINDS = {
    "acceptance": "行政复议受理通知书",
    "supplement": "行政复议申请补正通知书",
    "refusal": "行政复议不予受理决定书",
    "reply_notice": "行政复议答复通知书",
    "hearing": "行政复议听证通知书",
    "decision": "行政复议决定书",
    "mediation": "行政复议调解书",
}
# Served on the respondent (the others go to the applicant only).
RESPONDENT_KINDS = ("reply_notice", "hearing", "decision", "mediation")

NOT_YET = {
    "acceptance": "案件尚未受理，没有受理通知书。",
    "supplement": "本案没有通知补正，没有补正通知书。",
    "refusal": "本案没有作出不予受理决定。",
    "reply_notice": "尚未向被申请人发送申请书副本，没有答复通知书。",
    "hearing": "本案没有组织听证。",
    "decision": "尚未作出行政复议决定。",
    "mediation": "本案没有调解结案。",
}

DECISION_ARTICLES = {
    DecisionKind.VARY: "第六十三条",
    DecisionKind.REVOKE: "第六十四条",
    DecisionKind.PARTIAL_REVOKE: "第六十四条",
    DecisionKind.UNLAWFUL: "第六十五条",
    DecisionKind.VOID: "第六十七条",
    DecisionKind.PERFORM: "第六十六条",
    DecisionKind.UPHOLD: "第六十八条",
    DecisionKind.REJECT_REQUEST: "第六十九条",
    DecisionKind.REJECT_APPLICATION: "第三十三条",
}


class NotAvailable(Exception):
    """The case has no such document (yet); the message says why, in Chinese."""


@dataclass(frozen=True)
class Doc:
    kind: str
    title: str
    sub: int | None = None  # the hearing, for a hearing notice


def available(case: ReconsiderationCase, *, respondent: bool = False) -> list[Doc]:
    """The documents the case has reached, in the order they are made; `respondent` keeps
    those served on the respondent."""
    docs = []
    if case.supplement_requested_on:
        docs.append(Doc("supplement", KINDS["supplement"]))
    if case.state == "not_accepted":
        docs.append(Doc("refusal", KINDS["refusal"]))
    if case.accepted_on and case.number:
        docs.append(Doc("acceptance", KINDS["acceptance"]))
    if case.copy_sent_on:
        docs.append(Doc("reply_notice", KINDS["reply_notice"]))
    for hearing in case.hearings.all():
        title = f"{KINDS['hearing']}（{law.fmt(hearing.scheduled_on)}）"
        docs.append(Doc("hearing", title, hearing.pk))
    if case.decided_on:
        docs.append(Doc("decision", KINDS["decision"]))
    if case.state == "mediated":
        docs.append(Doc("mediation", KINDS["mediation"]))
    if respondent:
        docs = [d for d in docs if d.kind in RESPONDENT_KINDS]
    return docs


def not_yet(kind: str) -> str:
    return NOT_YET.get(kind, "没有这种行政复议文书。")


def render(case: ReconsiderationCase, kind: str, *, sub: int | None = None) -> tuple[str, bytes]:
    """(title, .docx bytes) of the document `kind` of the case (`sub`: the hearing)."""
    if kind not in KINDS:
        raise NotAvailable("没有这种行政复议文书。")
    if not any(d.kind == kind and (sub is None or d.sub == sub) for d in available(case)):
        raise NotAvailable(not_yet(kind))
    if kind == "hearing":
        hearing = case.hearings.filter(pk=sub).first()
        if hearing is None:
            raise NotAvailable(not_yet(kind))
        return KINDS[kind], hearing_docx(case, hearing)
    return KINDS[kind], BUILDERS[kind](case)


# ---- layout -------------------------------------------------------------------------------------


# ---- the case as the documents say it -----------------------------------------------------------


def _you(case: ReconsiderationCase) -> str:
    return "你" if case.applicant_kind == ApplicantKind.PERSON else "你单位"


def _applicant(writer: Writer, case: ReconsiderationCase, *, masked: bool = False) -> None:
    """申请人 with the data the parties are served: name, identity number, address, agent; in
    the copy for the respondent a natural person's identity number is masked (it needs the
    name and address to reply, not the number)."""
    person = case.applicant_kind == ApplicantKind.PERSON
    writer.labelled("申请人：", case.applicant_name)
    if case.applicant_id_number:
        label = "公民身份号码：" if person else "统一社会信用代码："
        number = case.applicant_id_number
        writer.labelled(label, mask_code(number) if masked and person else number)
    if case.applicant_representative and not person:
        writer.labelled("法定代表人（负责人）：", case.applicant_representative)
    writer.labelled("住所（通讯地址）：", case.applicant_address or "——")
    if case.agent_name:
        kind = case.get_agent_kind_display() or "委托代理人"
        writer.labelled("委托代理人：", f"{case.agent_name}（{kind}）")


def _parties(writer: Writer, case: ReconsiderationCase) -> None:
    _applicant(writer, case)
    writer.labelled("被申请人：", case.respondent_name)
    writer.paragraph()


def _act(case: ReconsiderationCase) -> str:
    return case.act + (f"（{case.act_number}）" if case.act_number else "")


def _procedure(case: ReconsiderationCase) -> str:
    return "简易程序" if case.simplified else "普通程序"


def _applied(case: ReconsiderationCase) -> str:
    return (
        f"申请人{case.applicant_name}不服被申请人{case.respondent_name}作出的{_act(case)}，"
        f"于{law.fmt(case.received_on)}向本机关申请行政复议"
    )


# ---- before acceptance --------------------------------------------------------------------------


def supplement_docx(case: ReconsiderationCase) -> bytes:
    """补正通知书 (复议法第三十一条): every item at once, the ten days from receipt, and what
    happens when nothing comes."""
    writer = Writer()
    body = body_of(case)
    writer.title(body, KINDS["supplement"], f"收件编号：{case.receipt_number}")
    writer.line(f"{case.applicant_name}：", indent=False)
    writer.line(
        f"本机关于{law.fmt(case.received_on)}收到{_you(case)}对{case.respondent_name}作出的"
        f"{_act(case)}提出的行政复议申请。经审查，申请材料不齐全或者表述不清楚，无法判断该申请"
        f"是否符合{FUYI}第三十条第一款规定的受理条件。根据{FUYI}第三十一条第一款的规定，"
        f"请{_you(case)}补正以下事项："
    )
    items = [line.strip() for line in case.supplement_items.splitlines() if line.strip()]
    writer.numbered(items)
    due = f"，即{law.fmt(case.supplement_due)}前" if case.supplement_due else ""
    writer.line(
        f"请{_you(case)}自收到本通知之日起十日内{due}提交补正材料（第三十一条第二款）。有正当"
        "理由不能按期补正的，可以向本机关说明，本机关可以延长合理的补正期限；无正当理由逾期"
        "不补正的，视为放弃行政复议申请，并记录在案。收到补正材料后，本机关依照第三十条的规定"
        "重新审查（第三十一条第三款）。"
    )
    writer.signature(body, case.supplement_requested_on, seal=SEAL)
    return writer.bytes()


def refusal_docx(case: ReconsiderationCase) -> bytes:
    """不予受理决定书 (复议法第三十条第二款): the reasons, the competent body where this one is
    not, and the way to court (第三十四条)."""
    writer = Writer()
    body = body_of(case)
    writer.title(body, KINDS["refusal"], f"收件编号：{case.receipt_number}")
    _parties(writer, case)
    writer.line(f"{_applied(case)}，请求：{case.request}")
    writer.line(f"经审查，本机关认为：{case.refusal_text}")
    writer.line(
        f"该申请属于{case.get_refusal_reason_display()}的情形，不符合{FUYI}第三十条第一款规定的"
        f"受理条件。根据{FUYI}第三十条第二款的规定，本机关决定不予受理。"
    )
    if case.competent_body:
        writer.line(
            f"该申请不属于本机关管辖，申请人可以依法向{case.competent_body}申请行政复议"
            "（第三十条第二款）。"
        )
    writer.line(
        "申请人对本决定不服的，可以依法向人民法院提起行政诉讼；法律、行政法规规定应当先向"
        "行政复议机关申请行政复议的，可以自收到本决定书之日起十五日内，依法向人民法院提起"
        f"行政诉讼（{FUYI}第三十四条）。"
    )
    writer.signature(body, case.ended_on, seal=SEAL)
    return writer.bytes()


def acceptance_docx(case: ReconsiderationCase) -> bytes:
    """受理通知书 (复议法第三十条): accepted (or deemed accepted), the procedure, the decision
    period and the applicant's rights during the review."""
    writer = Writer()
    body = body_of(case)
    writer.title(body, KINDS["acceptance"], case.number)
    writer.line(f"{case.applicant_name}：", indent=False)
    how = (
        f"审查期限届满，自{law.fmt(case.accepted_on)}起视为受理（{FUYI}第三十条第三款）"
        if case.deemed_accepted
        else f"符合{FUYI}第三十条第一款规定的受理条件，本机关决定自{law.fmt(case.accepted_on)}起"
        "受理"
    )
    writer.line(
        f"{_you(case)}于{law.fmt(case.received_on)}对{case.respondent_name}作出的{_act(case)}"
        f"提出的行政复议申请（收件编号{case.receipt_number}），经审查，{how}。"
    )
    article = "第六十二条第二款" if case.simplified else "第六十二条第一款"
    days = "三十" if case.simplified else "六十"
    extend = (
        ""
        if case.simplified
        else "情况复杂，不能在规定期限内作出行政复议决定的，经行政复议机构的负责人批准，可以适当"
        "延长，并书面告知当事人；但是延长期限最多不得超过三十日。"
    )
    writer.line(
        f"本案适用{_procedure(case)}审理。本机关将自受理之日起{days}日内作出行政复议决定"
        f"（{FUYI}{article}），即{law.fmt(case.decision_due)}前。{extend}"
    )
    writer.line(
        f"行政复议期间，{_you(case)}可以按照规定查阅、复制被申请人提出的书面答复、作出行政行为"
        "的证据、依据和其他有关材料（第四十七条）。行政复议期间行政行为不停止执行，但有第四十二条"
        "规定情形的除外。行政复议机关已经依法受理的，在行政复议期间不得向人民法院提起行政诉讼"
        "（第二十九条）。"
    )
    writer.signature(body, case.accepted_on, seal=SEAL)
    return writer.bytes()


# ---- review -------------------------------------------------------------------------------------


def _reply_period(case: ReconsiderationCase) -> tuple[str, str]:
    return ("第五十四条第一款", "五") if case.simplified else ("第四十八条", "十")


def reply_notice_docx(case: ReconsiderationCase) -> bytes:
    """答复通知书 to the respondent (复议法第四十八条、第五十四条): the copy of the application,
    the reply period with its article and due date, and 第七十条's consequence."""
    writer = Writer()
    body = body_of(case)
    writer.title(body, KINDS["reply_notice"], case.number)
    writer.line(f"{case.respondent_name}：", indent=False)
    writer.line(
        f"{_applied(case)}，本机关已于{law.fmt(case.accepted_on)}依法受理，适用{_procedure(case)}"
        "审理。现将行政复议申请书副本（申请笔录复印件）发送你单位。"
    )
    article, days = _reply_period(case)
    received = law.fmt(case.respondent_received_on)
    writer.line(
        f"根据{FUYI}{article}的规定，请你单位自收到行政复议申请书副本之日起{days}日内（你单位于"
        f"{received}签收，答复期限至{law.fmt(case.reply_due)}届满），提出书面答复，并提交作出"
        "该行政行为的证据、依据和其他有关材料。"
    )
    writer.line(law.late_reply_consequence())
    writer.line(
        "行政复议期间，被申请人不得自行向申请人和其他有关单位或者个人收集证据；自行收集的证据"
        "不作为认定行政行为合法性、适当性的依据（第四十六条第一款）。"
    )
    writer.signature(body, case.copy_sent_on, seal=SEAL)
    _application_copy(writer, case)
    return writer.bytes()


def _application_copy(writer: Writer, case: ReconsiderationCase) -> None:
    writer.paragraph()
    writer.heading("附件：行政复议申请书副本")
    _applicant(writer, case, masked=True)
    writer.labelled("被申请人：", case.respondent_name)
    writer.labelled("申请方式：", f"{case.get_channel_display()}，{law.fmt(case.received_on)}收到")
    writer.labelled("被申请行政复议的行政行为：", _act(case))
    writer.labelled("行政复议请求：", case.request)
    writer.heading("事实和理由")
    writer.lines(case.reasons)
    if case.normdoc_requested:
        writer.line(f"申请人一并请求审查《{case.normdoc_title}》（第十三条）。")
    if case.compensation_requested:
        writer.line("申请人一并提出行政赔偿请求。")


def hearing_docx(case: ReconsiderationCase, hearing: Hearing) -> bytes:
    """听证通知书 (复议法第五十条、第五十一条): the time, place and issues, five working days
    before; the respondent's head attends."""
    writer = Writer()
    body = body_of(case)
    writer.title(body, KINDS["hearing"], case.number)
    writer.line(f"申请人{case.applicant_name}、被申请人{case.respondent_name}：", indent=False)
    writer.line(
        f"{_applied(case)}，本机关已依法受理。根据{FUYI}第五十条的规定，本机关决定组织听证。"
        f"根据第五十一条第一款的规定，现将听证的时间、地点和拟听证事项通知如下："
    )
    writer.numbered(
        [
            f"听证时间：{law.fmt(hearing.scheduled_on)}",
            f"听证地点：{hearing.place}",
            f"拟听证事项：{hearing.issues}",
        ]
    )
    writer.line(
        "申请人无正当理由拒不参加听证的，视为放弃听证权利（第五十一条第二款）。被申请人的"
        "负责人应当参加听证；不能参加的，应当说明理由并委托相应的工作人员参加听证"
        "（第五十一条第三款）。"
    )
    writer.signature(body, hearing.notified_on, seal=SEAL)
    return writer.bytes()


# ---- the end ------------------------------------------------------------------------------------


def _course(case: ReconsiderationCase) -> str:
    accepted = law.fmt(case.accepted_on)
    text = f"{_applied(case)}，本机关于{accepted}依法受理，适用{_procedure(case)}审理。"
    if case.hearings.filter(held=True).exists():
        text += "本机关依法组织了听证。"
    if case.replied_on:
        text += f"被申请人于{law.fmt(case.replied_on)}提出书面答复。"
    elif case.copy_sent_on:
        text += "被申请人未在法定期限内提出书面答复。"
    return text + "本案现已审理终结。"


def decision_docx(case: ReconsiderationCase) -> bytes:
    """行政复议决定书 (复议法第六十一条、第七十五条): the parties, the request, the parties' cases,
    the facts and reasons, the decision under its article, and the right to sue within 15
    days of receipt (行政诉讼法第四十五条)."""
    writer = Writer()
    body = body_of(case)
    writer.title(body, KINDS["decision"], case.number)
    _parties(writer, case)
    writer.line(_course(case))
    writer.line(f"申请人请求：{case.request}")
    writer.line("申请人称：")
    writer.lines(case.reasons)
    if case.reply_text:
        writer.line("被申请人称：")
        writer.lines(case.reply_text)
    writer.line("经审理查明，本机关认为：")
    writer.lines(case.decision_reasons)
    article = DECISION_ARTICLES.get(case.decision_kind, "")
    writer.line(f"根据{FUYI}{article}的规定，本机关决定如下：")
    writer.lines(case.decision_text)
    if case.perform_within_days:
        writer.line(f"被申请人应当自收到本决定书之日起{case.perform_within_days}日内履行。")
    writer.line(
        "本决定书一经送达，即发生法律效力（第七十五条第二款）。被申请人应当履行本决定"
        "（第七十七条第一款）。"
    )
    writer.line(
        "申请人、第三人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起"
        "行政诉讼（《中华人民共和国行政诉讼法》第四十五条）。"
    )
    writer.signature(body, case.decided_on, seal=SEAL)
    return writer.bytes()


def mediation_docx(case: ReconsiderationCase) -> bytes:
    """调解书 (复议法第七十三条): the agreement, signed by every party and sealed by the body."""
    writer = Writer()
    body = body_of(case)
    writer.title(body, KINDS["mediation"], case.number)
    _parties(writer, case)
    writer.line(
        f"{_applied(case)}，本机关于{law.fmt(case.accepted_on)}依法受理。审理中，经本机关主持"
        "调解，双方当事人自愿达成如下协议："
    )
    writer.lines(case.end_reason)
    writer.line(
        f"上述协议不损害国家利益、社会公共利益和他人合法权益，不违反法律、法规的强制性规定"
        f"（{FUYI}第七十三条、第七十四条）。本调解书经各方当事人签字或者签章，并加盖本机关印章，"
        "即具有法律效力（第七十三条第一款）。被申请人应当履行本调解书（第七十七条第一款）。"
    )
    writer.paragraph()
    writer.line("申请人（签字或者签章）：", indent=False)
    writer.line("被申请人（签章）：", indent=False)
    writer.signature(body, case.ended_on, seal=SEAL)
    return writer.bytes()


BUILDERS = {
    "acceptance": acceptance_docx,
    "supplement": supplement_docx,
    "refusal": refusal_docx,
    "reply_notice": reply_notice_docx,
    "decision": decision_docx,
    "mediation": mediation_docx,
}
