"""Generated documents of a penalty case, as .docx (python-docx), laid out after GB/T 9704:
the 行政处罚决定书 with the contents 处罚法第五十九条 requires, and for a case not punished under
an entry of the no-penalty lists (第三十三条) the three documents of 一案三书 — 不予行政处罚决定书,
行政建议书 and 信用承诺书.

They are drafts printed from the case file: the body checks, signs and seals the paper copy.
The Chinese fonts are named for East Asian text (仿宋_GB2312, 方正小标宋简体, 黑体); a viewer
without them substitutes its own.
"""

from __future__ import annotations

from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi.core.models import GOVERNMENT_KINDS, Unit
from fazhi.core.official_docx import (
    Writer,
)

from .models import ExemptionDocument, ExemptionKind, PartyKind, PenaltyCase, PenaltyKind

KINDS = {
    "decision": "行政处罚决定书",
    ExemptionDocument.NO_PENALTY.value: ExemptionDocument.NO_PENALTY.label,
    ExemptionDocument.ADVICE.value: ExemptionDocument.ADVICE.label,
    ExemptionDocument.PLEDGE.value: ExemptionDocument.PLEDGE.label,
}


class NotAvailable(Exception):
    """The case has no such document (yet); the message says why, in Chinese."""


def render(case: PenaltyCase, kind: str) -> tuple[str, bytes]:
    """(title, .docx bytes) of the document `kind` of the case."""
    if kind not in KINDS:
        raise NotAvailable("没有这种执法文书。")
    if kind == "decision":
        if case.outcome != "penalty" or case.decided_on is None:
            raise NotAvailable("尚未作出行政处罚决定，不能生成行政处罚决定书。")
        return KINDS[kind], decision_docx(case)
    if case.outcome != "no_penalty" or case.decided_on is None or case.exemption_id is None:
        raise NotAvailable(
            "只有依据免罚清单作出不予行政处罚决定的案件，才生成“一案三书”（不予行政处罚决定书、"
            "行政建议书、信用承诺书）。"
        )
    build = {"no_penalty": no_penalty_docx, "advice": advice_docx, "pledge": pledge_docx}[kind]
    return KINDS[kind], build(case)


# ---- layout -------------------------------------------------------------------------------------


def fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _money(value) -> str:
    return f"人民币{value:,.2f}元"


# ---- the case as the documents say it -----------------------------------------------------------


def _you(case: PenaltyCase) -> str:
    return "你" if case.party_kind == PartyKind.PERSON else "你单位"


def _party(writer: Writer, case: PenaltyCase) -> None:
    person = case.party_kind == PartyKind.PERSON
    writer.labelled("当事人：", case.party_name)
    if case.party_code:
        writer.labelled("身份证件号码：" if person else "统一社会信用代码：", case.party_code)
    if case.party_representative and not person:
        writer.labelled("法定代表人（负责人）：", case.party_representative)
    writer.labelled("住所（地址）：", case.party_address or "——")


def _reconsideration_body(case: PenaltyCase) -> str:
    """The reconsideration body: the government at the level of the body (行政复议法第二十四条
    第一款第一项, 2023年修订), or the government above a government."""
    unit = case.body.unit
    ancestors = list(Unit.objects.get_ancestors(unit))
    if unit.kind in GOVERNMENT_KINDS:
        above = [a for a in ancestors if a.kind in GOVERNMENT_KINDS]
        return above[-1].name if above else "上一级人民政府"
    governments = [a for a in ancestors if a.kind in GOVERNMENT_KINDS]
    return governments[-1].name if governments else "有关行政复议机关"


def _remedies(writer: Writer, case: PenaltyCase, decision: str) -> None:
    writer.line(
        f"{_you(case)}如不服本{decision}，可以在收到本决定书之日起六十日内向"
        f"{_reconsideration_body(case)}申请行政复议，也可以在收到本决定书之日起六个月内"
        "依法向人民法院提起行政诉讼（《中华人民共和国行政复议法》第二十条，"
        "《中华人民共和国行政诉讼法》第四十六条）。"
    )


def _evidence(case: PenaltyCase) -> list[str]:
    return [
        f"{e.title}（{e.get_kind_display()}，{fmt(e.collected_on)}取得，SHA-256：{e.sha256[:16]}…）"
        for e in case.evidence.all()
    ]


def _proceedings(case: PenaltyCase) -> str:
    notice = case.notices.order_by("-notified_on", "-id").first()
    if notice is None:
        return ""
    rights = "陈述、申辩" + ("、要求听证" if notice.hearing_right else "")
    text = (
        f"本机关于{fmt(notice.notified_on)}告知{_you(case)}拟作出的行政处罚内容及事实、理由、"
        f"依据，并告知{_you(case)}依法享有{rights}的权利。"
    )
    hearing = case.hearings.filter(held_on__isnull=False).order_by("-held_on").first()
    statements = list(case.statements.all())
    if hearing is not None:
        text += f"本机关于{fmt(hearing.held_on)}依法举行了听证。"
    if statements:
        adopted = sum(1 for s in statements if s.adopted)
        text += f"{_you(case)}提出了陈述、申辩，本机关进行了复核，" + (
            "采纳了其中成立的部分。" if adopted else "所提事实、理由和证据不成立，不予采纳。"
        )
    elif notice.waived:
        text += f"{_you(case)}明确放弃陈述、申辩和要求听证的权利。"
    else:
        text += f"{_you(case)}在规定期限内未提出陈述、申辩。"
    return text


def _penalty_lines(case: PenaltyCase) -> list[str]:
    lines = []
    for kind in case.penalty_kinds:
        if kind == PenaltyKind.FINE and case.fine is not None:
            lines.append(f"罚款{_money(case.fine)}")
        elif kind == PenaltyKind.CONFISCATION and case.confiscation is not None:
            lines.append(f"没收违法所得、没收非法财物{_money(case.confiscation)}")
        elif kind in PenaltyKind.values:
            lines.append(PenaltyKind(kind).label)
    if case.penalty_other:
        lines.append(case.penalty_other)
    return lines


def _performance(case: PenaltyCase) -> str:
    if not case.fine and not case.confiscation:
        return "本决定自送达之日起执行。"
    arrangement = case.arrangements.order_by("-until").first()
    when = (
        f"经本机关批准{arrangement.get_kind_display()}，于{fmt(arrangement.until)}前"
        if arrangement
        else "自收到本决定书之日起十五日内"
    )
    return (
        f"{_you(case)}应当{when}，到指定的银行或者通过电子支付系统缴纳罚没款"
        "（《中华人民共和国行政处罚法》第六十七条第三款）。到期不缴纳罚款的，本机关将每日按"
        "罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额；并可以依法申请人民法院"
        "强制执行（第七十二条第一款）。申请行政复议或者提起行政诉讼的，行政处罚不停止执行，"
        "法律另有规定的除外；加处罚款的数额在行政复议或者行政诉讼期间不予计算（第七十三条）。"
    )


def decision_docx(case: PenaltyCase) -> bytes:
    """行政处罚决定书 (处罚法第五十九条): the party's name and address; the facts and evidence;
    the penalty's kinds and basis; how and by when to perform it; the ways and periods of
    reconsideration and suit; the body's name and the date (sealed on paper)."""
    writer = Writer()
    body = case.body.unit.name
    writer.title(body, "行政处罚决定书", case.decision_number)
    _party(writer, case)
    writer.paragraph()
    writer.line(
        f"本机关于{fmt(case.opened_on)}对{_you(case)}"
        f"{case.violation_type or case.item.name}一案立案调查，现已调查终结。"
    )
    writer.heading("一、违法事实和证据")
    writer.lines(case.facts or "（见案卷）")
    evidence = _evidence(case)
    if evidence:
        writer.line("以上事实有下列证据证明：")
        for number, item in enumerate(evidence, 1):
            writer.line(f"{number}. {item}")
    proceedings = _proceedings(case)
    if proceedings:
        writer.line(proceedings)
    writer.heading("二、行政处罚的种类和依据")
    writer.line(
        f"{_you(case)}的上述行为违反了有关法律、法规、规章的规定。依据{case.item.legal_basis}"
        + (
            f"，参照本机关公布的行政处罚裁量基准（{case.benchmark_row.get_degree_display()}："
            f"{case.benchmark_row.circumstance}）"
            if case.benchmark_row_id
            else ""
        )
        + "，本机关决定对"
        + _you(case)
        + "作出如下行政处罚："
    )
    writer.numbered(_penalty_lines(case) or ["（见案卷）"])
    if case.discretion_reasoning:
        writer.line(f"裁量说明：{case.discretion_reasoning}")
    if case.outside_range_reason:
        writer.line(f"超出裁量基准的理由：{case.outside_range_reason}")
    writer.heading("三、履行方式和期限")
    writer.line(_performance(case))
    writer.heading("四、申请行政复议或者提起行政诉讼的途径和期限")
    _remedies(writer, case, "行政处罚决定")
    writer.signature(body, case.decided_on)
    return writer.bytes()


# ---- 一案三书 ---------------------------------------------------------------------------

EXEMPTION_RULES = {
    ExemptionKind.MANDATORY: (
        "第三十三条第一款前段",
        "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚",
    ),
    ExemptionKind.DISCRETIONARY: (
        "第三十三条第一款后段",
        "初次违法且危害后果轻微并及时改正的，可以不予行政处罚",
    ),
}


def no_penalty_docx(case: PenaltyCase) -> bytes:
    """不予行政处罚决定书: the facts, the list entry and article applied, the education given
    (第三十三条第三款), the remedies, the body and date."""
    exemption = case.exemption
    article, rule = EXEMPTION_RULES[exemption.kind]
    writer = Writer()
    body = case.body.unit.name
    writer.title(body, "不予行政处罚决定书", case.decision_number)
    _party(writer, case)
    writer.paragraph()
    writer.line(
        f"本机关于{fmt(case.opened_on)}对{_you(case)}"
        f"{case.violation_type or case.item.name}一案立案调查，现已调查终结。"
    )
    writer.heading("一、违法事实和证据")
    writer.lines(case.facts or "（见案卷）")
    evidence = _evidence(case)
    if evidence:
        writer.line("以上事实有下列证据证明：")
        for number, item in enumerate(evidence, 1):
            writer.line(f"{number}. {item}")
    writer.heading("二、不予行政处罚的理由和依据")
    writer.line(
        f"{_you(case)}的上述行为违反了{case.item.legal_basis}的规定，鉴于{exemption.circumstance}，"
        f"符合《{exemption.source}》所列{exemption.get_kind_display()}情形。根据《中华人民共和国"
        f"行政处罚法》{article}“{rule}”的规定，本机关决定对{_you(case)}不予行政处罚。"
    )
    writer.line(
        f"依据《中华人民共和国行政处罚法》第三十三条第三款，本机关已对{_you(case)}进行教育，"
        f"并同时送达《行政建议书》。{_you(case)}应当自觉守法，已签署《信用承诺书》的，"
        "应当履行承诺。"
    )
    writer.heading("三、申请行政复议或者提起行政诉讼的途径和期限")
    _remedies(writer, case, "决定")
    writer.signature(body, case.decided_on)
    return writer.bytes()


def advice_docx(case: PenaltyCase) -> bytes:
    """行政建议书: the education and guidance given with a decision not to punish."""
    writer = Writer()
    body = case.body.unit.name
    writer.title(body, "行政建议书", f"（与{case.decision_number}不予行政处罚决定书同时送达）")
    writer.line(f"{case.party_name}：", indent=False)
    writer.line(
        f"本机关在执法中发现{_you(case)}存在{case.violation_type or case.item.name}的行为，"
        f"违反了{case.item.legal_basis}的规定。鉴于{case.exemption.circumstance}，本机关已依法作出"
        f"不予行政处罚决定（{case.decision_number}）。为帮助{_you(case)}依法经营、防止再次违法，"
        "根据《中华人民共和国行政处罚法》第三十三条第三款的规定，提出如下建议："
    )
    writer.numbered(
        [
            f"认真学习并严格遵守{case.item.legal_basis}等法律、法规、规章的规定，"
            "全面排查同类问题，确保已改正的违法行为不再发生。",
            "建立健全内部管理制度，明确责任人员，加强对从业人员的法治宣传和业务培训。",
            "主动接受行政机关和社会的监督；对有关法律规定有疑问的，可以向本机关咨询。",
            "再次发生同类违法行为的，将不再适用首违不罚，本机关将依法予以处罚。",
        ]
    )
    writer.line(f"请{_you(case)}在收到本建议书之日起三十日内将落实情况书面告知本机关。")
    writer.signature(body, case.decided_on)
    return writer.bytes()


def pledge_docx(case: PenaltyCase) -> bytes:
    """信用承诺书: the party's written pledge to comply, signed by the party."""
    writer = Writer()
    party = case.party_name
    person = case.party_kind == PartyKind.PERSON
    writer.title(case.body.unit.name, "信用承诺书")
    writer.labelled("承诺人：", party)
    if case.party_code:
        writer.labelled("身份证件号码：" if person else "统一社会信用代码：", case.party_code)
    writer.labelled("住所（地址）：", case.party_address or "——")
    writer.paragraph()
    me = "本人" if person else "本单位"
    writer.line(
        f"{me}因{case.violation_type or case.item.name}，经{case.body.unit.name}依法决定不予行政"
        f"处罚（{case.decision_number}）。{me}已改正违法行为，现郑重承诺："
    )
    writer.numbered(
        [
            f"严格遵守{case.item.legal_basis}等法律、法规、规章的规定，不再发生同类违法行为。",
            "落实行政建议书提出的各项建议，建立健全内部管理制度。",
            "自愿接受行政机关的监督检查，如实提供有关情况和材料。",
            f"如违反本承诺，{me}愿意依法承担相应的法律责任，并同意将违反承诺的情况记入信用记录。",
        ]
    )
    writer.paragraph()
    right = WD_ALIGN_PARAGRAPH.RIGHT
    writer.line("承诺人（签名或盖章）：　　　　　　　", indent=False, align=right)
    writer.line("　　年　　月　　日", indent=False, align=right)
    return writer.bytes()
