"""The computations of administrative litigation as plain functions: the statutory periods
(answer and evidence, evidence extension, appeal, the plaintiff's filing period), which cases
the agency's head must attend, the co-defendant rule, and what a court's outcome means for the
defendant agency. They know no model, so each can be checked by hand (tests/test_law.py).

"诉讼法" is 中华人民共和国行政诉讼法 (2017年修正); "解释" 最高人民法院关于适用《中华人民共和国
行政诉讼法》的解释 (法释〔2018〕1号); "出庭规定" 最高人民法院关于行政机关负责人出庭应诉若干问题的
规定 (法释〔2020〕3号, 施行2020-07-01). Texts in shared/laws.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fazhi.deadlines.compute import compute

SUSONG = "《中华人民共和国行政诉讼法》（2017年修正）"
JIESHI = "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》（法释〔2018〕1号）"
CHUTING = "《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》（2020年）"


def cite(article: str, law: str = SUSONG) -> str:
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


def period_due(rule_id: str, start: date) -> date:
    """The last day of a statutory period (fazhi.deadlines.rules) on the statutory calendar:
    counted from the day after `start`, a last day on a rest day moves to the next working
    day (民事诉讼法第八十五条, applied by 诉讼法第一百零一条)."""
    from fazhi.deadlines.selectors import current_calendar

    return compute(rule_id, start, calendar=current_calendar()).due


# ---- 诉讼法第六十七条、解释第三十四条: the answer and the evidence -------------------------------


def answer_due(served_on: date) -> date:
    """The answer, the evidence and the normative documents: within 15 days of receiving the
    complaint (诉讼法第六十七条第一款; rule litigation.answer)."""
    return period_due("litigation.answer", served_on)


def extension_request_due(served_on: date) -> date:
    """A written request to extend the time for evidence: within 15 days of receiving the
    complaint (解释第三十四条; rule litigation.evidence_extension)."""
    return period_due("litigation.evidence_extension", served_on)


def extended_evidence_due(obstacle_removed_on: date) -> date:
    """Evidence allowed late: within 15 days after the obstacle is removed (解释第三十四条)."""
    return period_due("litigation.evidence_extension", obstacle_removed_on)


# ---- 诉讼法第四十五条、第四十六条: the plaintiff's filing period -------------------------------

RECONSIDERATION_DECIDED = ("upheld", "rejected", "partly", "changed", "inadmissible")


def filing_due(
    *,
    known_on: date | None,
    reconsideration_result: str = "",
    reconsideration_served_on: date | None = None,
) -> tuple[date, str] | None:
    """The last day the plaintiff could sue, with its article: 15 days from receiving the
    reconsideration decision (第四十五条), else 6 months from knowing of the act (第四十六条
    第一款). None when the dates that start it are not known."""
    if reconsideration_result in RECONSIDERATION_DECIDED and reconsideration_served_on:
        return (
            period_due("litigation.filing_after_reconsideration", reconsideration_served_on),
            "第四十五条",
        )
    if known_on:
        return period_due("litigation.filing", known_on), "第四十六条第一款"
    return None


# ---- 解释第一百三十三条、第一百三十四条: the reconsideration body as co-defendant ---------------

CO_DEFENDANT_RESULTS = ("upheld", "rejected", "partly")


def co_defendant(reconsideration_result: str) -> bool:
    """The reconsideration body is a co-defendant when it upheld the act, including rejecting
    the request (解释第一百三十三条; not a rejection as inadmissible), or partly upheld and
    partly changed it (解释第一百三十四条第一款、第二款)."""
    return reconsideration_result in CO_DEFENDANT_RESULTS


# ---- 解释第一百二十九条、出庭规定第四条: the cases the head must attend --------------------------

HEAD_REQUIRED: tuple[tuple[str, str], ...] = (
    ("public_interest", "涉及重大公共利益"),
    ("food_drug", "涉及食品药品安全"),
    ("ecology", "涉及生态环境和资源保护"),
    ("public_health", "涉及公共卫生安全"),
    ("attention", "社会高度关注"),
    ("mass_incident", "可能引发群体性事件"),
    ("court_notice", "人民法院书面建议或通知负责人出庭"),
)
HEAD_REQUIRED_LABELS = dict(HEAD_REQUIRED)


def head_required(reasons: Iterable[str]) -> bool:
    """Whether any reason makes the head's appearance mandatory (解释第一百二十九条第一款;
    出庭规定第四条第一款)."""
    return any(reason in HEAD_REQUIRED_LABELS for reason in reasons)


# 出庭规定第二条: who is a 负责人; 第八条: why a head may not appear.
HEAD_KINDS: tuple[tuple[str, str], ...] = (
    ("principal", "正职负责人"),
    ("deputy", "副职负责人"),
    ("deputy_level", "参与分管被诉行政行为实施工作的副职级别的负责人"),
    ("in_charge", "其他参与分管的负责人"),
)
ABSENCE_GROUNDS: tuple[tuple[str, str], ...] = (
    ("force_majeure", "不可抗力"),
    ("accident", "意外事件"),
    ("official_duty", "需要履行他人不能代替的公务"),
    ("other", "无法出庭的其他正当事由"),
)


@dataclass(frozen=True)
class Appearance:
    """Who appeared for the agency at one hearing (the facts the rules are checked against)."""

    head: bool
    head_kind: str = ""
    head_proof: bool = False  # 身份证明 with the agency's seal (出庭规定第六条)
    # the head is the defendant agency's own, not of an organisation it entrusted or of a lower
    # agency (出庭规定第二条第二款)
    head_own: bool = False
    staff: int = 0
    staff_authorized: bool = False  # 授权委托书 with the agency's seal (解释第一百三十一条第二款)
    lawyers: int = 0
    absence_ground: str = ""
    absence_reason: str = ""
    absence_proof: bool = False  # sealed or signed by the principal head (出庭规定第九条)
    # the head already appeared at an earlier hearing of this instance (出庭规定第七条第一款)
    head_appeared_before: bool = False
    # the court notified the head to appear again (the exception of 出庭规定第七条第一款)
    head_renotified: bool = False


MAX_AGENTS = 2  # 诉讼法第三十一条第一款; 解释第一百二十八条第二款: 一至二人


def appearance_refusals(a: Appearance, *, mandatory: bool) -> list[tuple[str, str]]:
    """What is wrong with an appearance, each with its article (empty when lawful)."""
    out: list[tuple[str, str]] = []
    if not a.head and not a.staff:
        out.append(
            (
                "行政机关负责人不能出庭的，应当委托行政机关相应的工作人员出庭，不得仅委托律师出庭。"
                if a.lawyers
                else "须有行政机关负责人或者相应的工作人员出庭应诉。",
                f"{JIESHI}第一百二十八条第二款",
            )
        )
    if a.head and a.head_kind not in dict(HEAD_KINDS):
        out.append(
            (
                "出庭的负责人须为行政机关的正职、副职负责人、参与分管被诉行政行为实施工作的副职级别"
                "的负责人或者其他参与分管的负责人。",
                f"{CHUTING}第二条第一款；{JIESHI}第一百二十八条第一款",
            )
        )
    if a.head and not a.head_own:
        out.append(
            (
                "须确认出庭的负责人是被诉行政机关本身的负责人：被诉行政机关委托的组织或者下级"
                "行政机关的负责人，不能作为被诉行政机关负责人出庭。",
                f"{CHUTING}第二条第二款",
            )
        )
    if a.staff + a.lawyers > MAX_AGENTS:
        out.append(
            (
                f"委托的诉讼代理人（出庭的工作人员和律师）共{a.staff + a.lawyers}人，当事人可以委托"
                "一至二人作为诉讼代理人；负责人出庭应诉的，可以另行委托一至二名诉讼代理人。",
                f"{SUSONG}第三十一条第一款；{JIESHI}第一百二十八条第二款",
            )
        )
    if a.head and not a.head_proof:
        out.append(
            (
                "负责人出庭应诉的，应当提交载明其姓名、职务并加盖行政机关印章的身份证明。",
                f"{CHUTING}第六条第一款",
            )
        )
    if a.staff and not a.staff_authorized:
        out.append(
            (
                "委托相应的工作人员出庭的，应当提交加盖行政机关印章、载明姓名、职务和代理权限的"
                "授权委托书。",
                f"{JIESHI}第一百三十一条第二款",
            )
        )
    if not a.head and (a.head_renotified or not a.head_appeared_before):
        # 出庭规定第七条第一款: one appearance per instance is enough, unless the court
        # notified the head to appear again.
        out += _absence_refusals(a, mandatory=mandatory)
    return out


def _absence_refusals(a: Appearance, *, mandatory: bool) -> list[tuple[str, str]]:
    out = []
    if a.absence_ground not in dict(ABSENCE_GROUNDS) or not a.absence_reason.strip():
        out.append(
            (
                "负责人未出庭的，须选择不能出庭的情形（不可抗力、意外事件、需要履行他人不能代替的"
                "公务或其他正当事由）并写明理由。",
                f"{CHUTING}第八条",
            )
        )
    if mandatory and not a.absence_proof:
        out.append(
            (
                "本案属于负责人应当出庭的案件，负责人不能出庭的，须提交加盖行政机关印章或者由主要"
                "负责人签字认可的证明材料。",
                f"{CHUTING}第九条第一款；{JIESHI}第一百二十九条第三款",
            )
        )
    return out


# ---- outcomes: what a judgment, ruling or mediation means for the defendant agency ------------

JUDGMENT, RULING, MEDIATION = "judgment", "ruling", "mediation"
WIN, LOSS, WITHDRAWN, MEDIATED, OTHER = "win", "loss", "withdrawn", "mediated", "other"
RESULTS: tuple[tuple[str, str], ...] = (
    (WIN, "胜诉"),
    (LOSS, "败诉"),
    (WITHDRAWN, "撤诉"),
    (MEDIATED, "调解"),
    (OTHER, "其他"),
)
DERIVED = ""  # the result follows from the earlier instance (维持) or is stated (改判)


@dataclass(frozen=True)
class OutcomeRule:
    code: str
    label: str
    kinds: tuple[str, ...]  # the documents that dispose so
    result: str  # for the agency; DERIVED: see result_of
    appealable: bool = False  # a first-instance document of this outcome may be appealed
    performance: bool = False  # against the agency, it must perform (诉讼法第九十四条)


OUTCOMES: tuple[OutcomeRule, ...] = (
    OutcomeRule("reject_claim", "判决驳回原告诉讼请求（第六十九条）", (JUDGMENT,), WIN, True),
    OutcomeRule("revoke", "判决撤销或部分撤销（第七十条）", (JUDGMENT,), LOSS, True, True),
    OutcomeRule("perform", "判决履行法定职责（第七十二条）", (JUDGMENT,), LOSS, True, True),
    OutcomeRule("pay", "判决履行给付义务（第七十三条）", (JUDGMENT,), LOSS, True, True),
    OutcomeRule("illegal", "判决确认违法（第七十四条）", (JUDGMENT,), LOSS, True),
    OutcomeRule("void", "判决确认无效（第七十五条）", (JUDGMENT,), LOSS, True),
    OutcomeRule("compensate", "判决补救、赔偿（第七十六条）", (JUDGMENT,), LOSS, True, True),
    OutcomeRule("modify", "判决变更（第七十七条）", (JUDGMENT,), LOSS, True, True),
    OutcomeRule("agreement", "判决继续履行协议或赔偿（第七十八条）", (JUDGMENT,), LOSS, True, True),
    OutcomeRule("dismiss_suit", "裁定驳回起诉（解释第六十九条）", (RULING,), WIN, True),
    OutcomeRule("withdrawal", "裁定准许撤诉（第六十二条）", (RULING,), WITHDRAWN),
    OutcomeRule("deemed_withdrawal", "裁定按撤诉处理（解释第六十一条）", (RULING,), WITHDRAWN),
    OutcomeRule("terminate", "裁定终结诉讼", (RULING,), OTHER),
    OutcomeRule("mediation", "调解结案（第六十条）", (MEDIATION,), MEDIATED, False, True),
    OutcomeRule(
        "appeal_dismissed", "驳回上诉，维持原判决、裁定（第八十九条第一款第一项）",
        (JUDGMENT, RULING), DERIVED, False, True,
    ),
    OutcomeRule(
        "amended", "依法改判、撤销或者变更（第八十九条第一款第二、三项）", (JUDGMENT,), DERIVED,
        False, True,
    ),
    OutcomeRule("remanded", "裁定撤销原判决，发回重审（第八十九条）", (RULING,), OTHER),
    OutcomeRule(
        "appeal_withdrawn", "裁定准许撤回上诉，原审裁判发生法律效力（民事诉讼法第一百八十条）",
        (RULING,), DERIVED, False, True,
    ),
)  # fmt: skip
OUTCOME_RULES = {rule.code: rule for rule in OUTCOMES}
# Outcomes only a second instance gives (诉讼法第八十九条; 民事诉讼法第一百八十条).
SECOND_INSTANCE_OUTCOMES = ("appeal_dismissed", "amended", "remanded", "appeal_withdrawn")
# Outcomes that leave the earlier instance's judgment standing: its result is carried through.
CARRIES_EARLIER = ("appeal_dismissed", "appeal_withdrawn")
DOCUMENT_KINDS = ((JUDGMENT, "判决"), (RULING, "裁定"), (MEDIATION, "调解书"))


def appeal_rule(document_kind: str) -> str:
    """诉讼法第八十五条: 15 days from service of a judgment, 10 days of a ruling."""
    return "litigation.appeal" if document_kind == JUDGMENT else "litigation.appeal_ruling"


def appeal_due(document_kind: str, served_on: date) -> date:
    return period_due(appeal_rule(document_kind), served_on)


def may_appeal(instance: str, retrial_first_procedure: bool, outcome: str) -> bool:
    """A first-instance judgment, or a ruling not to docket, dismissing the suit or on
    jurisdiction, may be appealed (诉讼法第八十五条; 解释第一百零一条第二款); so may a retrial
    heard under the first-instance procedure (解释第一百一十九条). Second-instance judgments
    are final (诉讼法第七条: 两审终审)."""
    first = instance == "first" or (instance == "retrial" and retrial_first_procedure)
    rule = OUTCOME_RULES.get(outcome)
    return first and rule is not None and rule.appealable


def result_of(outcome: str, *, previous_result: str = "", stated: str = "") -> str | None:
    """The result for the agency: fixed by most outcomes; an appeal dismissed, or withdrawn with
    the court's leave (the earlier judgment then takes effect), keeps the earlier instance's (or
    the one stated); an amended judgment needs the result stated. None when it cannot be
    known."""
    rule = OUTCOME_RULES[outcome]
    if rule.result != DERIVED:
        return rule.result
    if outcome in CARRIES_EARLIER and previous_result in (WIN, LOSS):
        return previous_result
    return stated if stated in (WIN, LOSS) else None


def step_for(outcome: str, *, appealable: bool) -> str:
    """The procedure step a document of `outcome` takes the case by."""
    result = OUTCOME_RULES[outcome].result
    if result == WITHDRAWN:
        return "withdraw"
    if result == MEDIATED:
        return "mediate"
    return "judge" if appealable else "judge_final"


# ---- the figures' definitions -----------------------------------------------------------------


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None
