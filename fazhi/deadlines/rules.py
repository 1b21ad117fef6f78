"""Statutory period rules as data: what each period is, how long, in which kind of day, and the
article that requires it.

Every figure comes from ``shared/laws/PERIODS.md`` and was checked against the law text beside
it (``shared/laws/``). A rule whose figure could not be confirmed against a primary text
(PERIODS.md: UNVERIFIED or SEC), or that a jurisdiction or sector may set for itself, names a
Django setting (``Rule.setting``) that overrides its length; the default is the documented value.
The settings live in ``config/settings/deadlines.py``.

Day types follow the per-article reading of PERIODS.md §0 and §12.4:

* 行政复议法 第八十八条第二款: "三日""五日""七日""十日" are working days; 15/30/60 日 are
  calendar days.
* 行政处罚法 第八十五条: "二日""三日""五日""七日" are working days; 15 and 90 日 are calendar
  days.
* 行政许可法 第八十二条: every period the agency must meet is in working days.
* 行政强制法 第六十九条: periods of ten days or less are working days.
* Everything else is in calendar days unless the article itself says 工作日.

Roll-forward (``Rule.roll_forward``): a period counted in calendar days, months or years whose
last day is not a working day ends on the next working day (民事诉讼法 第八十五条第三款, 民法典
第二百零三条; PERIODS.md §0, §12.1). The default is:

* WITHIN, natural/month/year: roll forward. This is the statutory rule.
* NOT_LESS_THAN, natural/month/year: roll forward too. 民法典 第二百零三条 speaks of "期间的
  最后一日" without distinguishing who acts; a minimum period (公开征求意见 "不少于30日") whose
  last day is a holiday has not given the public its last full day to act, so the earliest
  allowed end moves to the next working day. Rolling back would shorten a minimum period, which
  the law forbids; not rolling would allow a comment period that ends on a holiday.
* BEFORE, natural: the flag means "move off a non-working day", and the move is *backwards*:
  the result is the latest day on which the act may be done ("听证会材料应当于召开听证会7日前
  送达"); if event − N days is a rest day, the act must be done on the last working day before
  it. Moving backwards only lengthens the notice period, never shortens it.
* Working-day rules always end on a working day, and hour rules do not roll (an emergency
  feedback due at 13:00 on a Sunday is due then): the flag is False for both.

A date a document sets (``DayType.DATE``: a plan's "2026年年底前", a reporting deadline a
government's work rules set) is not a period: nothing is counted and nothing rolls. The
trigger *is* the due date; the rule's length is 0 and its basis is the document, not a
statute (``trigger_basis`` says which document and which item).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "RULES",
    "DayType",
    "PeriodKind",
    "Rule",
    "UnknownRuleError",
    "effective_length",
    "get_rule",
]


class DayType(StrEnum):
    """The unit a period is counted in."""

    NATURAL = "natural"
    WORKING = "working"
    MONTH = "month"
    YEAR = "year"
    HOUR = "hour"
    DATE = "date"  # a date a document sets: due on the trigger date itself

    @property
    def label(self) -> str:
        return _DAY_TYPE_LABELS[self]

    def describe(self, length: int) -> str:
        """The period as the law writes it: "60日", "5个工作日", "3个月", "1年", "2小时"; for a
        date a document sets, "文件确定的日期" (there is no length)."""
        return _DAY_TYPE_FORMATS[self].format(n=length)


_DAY_TYPE_LABELS = {
    DayType.NATURAL: "日",
    DayType.WORKING: "工作日",
    DayType.MONTH: "月",
    DayType.YEAR: "年",
    DayType.HOUR: "小时",
    DayType.DATE: "日期由文件确定",
}
_DAY_TYPE_FORMATS = {
    DayType.NATURAL: "{n}日",
    DayType.WORKING: "{n}个工作日",
    DayType.MONTH: "{n}个月",
    DayType.YEAR: "{n}年",
    DayType.HOUR: "{n}小时",
    DayType.DATE: "文件确定的日期",
}


class PeriodKind(StrEnum):
    """What the computed date means."""

    WITHIN = "within"  # 最长期限: the act must be done no later than the due date
    NOT_LESS_THAN = "not_less_than"  # 最短期限: the period may end no earlier than the date
    BEFORE = "before"  # 倒计期限: the act must be done no later than N days before an event

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def due_label(self) -> str:
        """What the computed date is called on a file."""
        return _DUE_LABELS[self]


_KIND_LABELS = {
    PeriodKind.WITHIN: "最长期限",
    PeriodKind.NOT_LESS_THAN: "最短期限",
    PeriodKind.BEFORE: "倒计期限",
}
_DUE_LABELS = {
    PeriodKind.WITHIN: "期限届满日",
    PeriodKind.NOT_LESS_THAN: "最早可结束日",
    PeriodKind.BEFORE: "最迟办理日",
}


class UnknownRuleError(KeyError):
    """No rule has this id. ``str()`` gives the Chinese message (not KeyError's quoted repr)."""

    def __init__(self, rule_id: str) -> None:
        super().__init__(rule_id)
        self.rule_id = rule_id
        self.message = (
            f"未知的期限规则编号“{rule_id}”。可运行 fazhi deadline --list 查看全部规则编号。"
        )

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Rule:
    """One statutory period.

    ``length`` is the documented value (0 for a DATE rule: no period); use
    :func:`effective_length` for the value in force (it applies the override named by
    ``setting``). ``max_extension`` is in the rule's own unit (days, working days, months…); a
    rule without it refuses any extension. ``verified`` is
    False where PERIODS.md could not confirm the figure against a primary text; such a rule
    always has a ``setting``. ``roll_forward`` defaults as described in the module docstring.
    """

    id: str
    title: str
    law: str
    version: str
    article: str
    length: int
    day_type: DayType
    kind: PeriodKind
    explanation: str
    max_extension: int | None = None
    extension_basis: str = ""
    setting: str | None = None
    verified: bool = True
    roll_forward: bool | None = None

    def __post_init__(self) -> None:
        if self.roll_forward is None:
            calendar_unit = self.day_type in (DayType.NATURAL, DayType.MONTH, DayType.YEAR)
            object.__setattr__(self, "roll_forward", calendar_unit)
        if self.day_type is DayType.DATE:
            if self.length != 0 or self.setting or self.max_extension is not None:
                raise ValueError(
                    f"规则 {self.id} 的日期由文件确定，不能规定期间长度、设置项或延长。"
                )
        elif self.length < 1:
            raise ValueError(f"规则 {self.id} 的期间长度必须为正整数。")
        if not self.verified and not self.setting:
            raise ValueError(f"规则 {self.id} 未经核实，必须指定可调整的设置项。")
        if self.max_extension is not None and not self.extension_basis:
            raise ValueError(f"规则 {self.id} 可以延长，必须写明延长的依据。")

    @property
    def basis(self) -> str:
        """The citation: 《中华人民共和国行政复议法》（2023年修订）第三十条第一款."""
        return f"《{self.law}》（{self.version}）{self.article}"

    @property
    def period(self) -> str:
        """The documented period in words ("60日", "5个工作日")."""
        return self.day_type.describe(self.length)


def effective_length(rule: Rule) -> int:
    """The length in force: the Django setting named by ``rule.setting`` if it is set, else
    the documented length. Outside a configured Django project, the documented length."""
    if not rule.setting:
        return rule.length
    from django.conf import settings

    if not settings.configured:
        return rule.length
    value = getattr(settings, rule.setting, None)
    if value is None:
        return rule.length
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"设置 {rule.setting} 的值 {value!r} 无效：应为正整数（{rule.title}的期间长度）。"
        )
    return value


# --------------------------------------------------------------------------------------------
# Sources: (law, version) as cited. Versions are those in force in 2026 per PERIODS.md.
# --------------------------------------------------------------------------------------------

_FUYI = ("中华人民共和国行政复议法", "2023年修订")
_CHUFA = ("中华人民共和国行政处罚法", "2021年修订")
_XUKE = ("中华人民共和国行政许可法", "2019年修正")
_QIANGZHI = ("中华人民共和国行政强制法", "2011年")
_SUSONG = ("中华人民共和国行政诉讼法", "2017年修正")
_GONGKAI = ("中华人民共和国政府信息公开条例", "2019年修订")
_YINGSHANG = ("优化营商环境条例", "2019年")
_JUECE = ("重大行政决策程序暂行条例", "2019年")
_XINFANG = ("信访工作条例", "2022年")
_DAIBIAO = ("中华人民共和国全国人民代表大会和地方各级人民代表大会代表法", "2025年修正")
_GUOBAN_118 = (
    "国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见",
    "国办发〔2018〕118号",
)
_GUOBAN_115 = (
    "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见",
    "国办发〔2018〕115号",
)
_GUOBAN_37 = (
    "国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知",
    "国办发〔2018〕37号",
)
_BJ_BEIAN = ("北京市各级人民代表大会常务委员会规范性文件备案审查条例", "2024年修订")
_BJ_BEIAN_GOV = ("北京市行政规范性文件备案规定", "2016年")
_BJ_JIESU = ("北京市接诉即办工作条例", "2021年")
_BJ_YINGSHANG = ("北京市优化营商环境条例", "2024年修订")

_N, _W, _M, _H = DayType.NATURAL, DayType.WORKING, DayType.MONTH, DayType.HOUR
_D = DayType.DATE
# A plan's own dates: no statute sets them (the same citation as fazhi/plans/procedures.py).
_GUIHUA = ("本级法治政府建设规划（实施方案）", "印发稿")
_WITHIN, _NOT_LESS, _BEFORE = PeriodKind.WITHIN, PeriodKind.NOT_LESS_THAN, PeriodKind.BEFORE

# Day-type reasons, quoted in explanations.
_FUYI_WORK = "第八十八条第二款：本法“三日”“五日”“七日”“十日”指工作日，不含法定休假日"
_FUYI_NAT = (
    "不属于第八十八条第二款所列的“三日”“五日”“七日”“十日”，按自然日计算；"
    "依第八十八条第一款适用民事诉讼法第八十五条，末日为法定休假日的顺延至其后第一个工作日"
)
_CHUFA_WORK = "第八十五条：本法“二日”“三日”“五日”“七日”指工作日，不含法定节假日"
_CHUFA_NAT = (
    "不属于第八十五条所列的“二日”“三日”“五日”“七日”，按自然日计算；"
    "末日为法定休假日的，参照民法典第二百零三条顺延至其后第一个工作日"
)
_XUKE_WORK = "第八十二条：本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日"
_QIANGZHI_WORK = "第六十九条：本法中十日以内期限的规定是指工作日，不含法定节假日"
_QIANGZHI_NAT = "超过十日，不适用第六十九条的工作日规定，按自然日计算，末日为法定休假日的顺延"
_SUSONG_NAT = (
    "行政诉讼法未规定工作日；依第一百零一条适用民事诉讼法第八十五条，按自然日计算，"
    "开始的当日不计入，末日为法定休假日的顺延至其后第一个工作日"
)
_XINFANG_NAT = (
    "条例未规定期间计算方法，参照民法典第二百零一条至第二百零三条按自然日计算，"
    "末日为法定休假日的顺延至其后第一个工作日"
)


def _rule(
    rule_id: str,
    title: str,
    source: tuple[str, str],
    article: str,
    length: int,
    day_type: DayType,
    kind: PeriodKind,
    explanation: str,
    **options: object,
) -> Rule:
    law, version = source
    return Rule(
        id=rule_id,
        title=title,
        law=law,
        version=version,
        article=article,
        length=length,
        day_type=day_type,
        kind=kind,
        explanation=explanation,
        **options,  # type: ignore[arg-type]
    )


# fmt: off
_ALL: tuple[Rule, ...] = (
    # ---- 行政复议法 (2023修订) ----------------------------------------------------------------
    _rule(
        "reconsideration.application", "行政复议申请期限",
        _FUYI, "第二十条第一款", 60, _N, _WITHIN,
        "申请人自知道或者应当知道该行政行为之日起六十日内提出行政复议申请；法律规定的申请期限"
        f"超过六十日的除外。{_FUYI_NAT}。因不可抗力等正当理由耽误的，自障碍消除之日起继续计算"
        "（第二十条第二款，按中止处理）；未告知申请期限的，依第二十条第三款另行起算，最长不得"
        "超过一年。",
    ),
    _rule(
        "reconsideration.application_cap", "未告知申请权利时的最长申请期限",
        _FUYI, "第二十条第三款", 1, DayType.YEAR, _WITHIN,
        "行政机关作出行政行为时未告知申请行政复议的权利、行政复议机关和申请期限的，申请期限自"
        "知道或者应当知道申请权利、复议机关和期限之日起计算，但是自知道或者应当知道行政行为内容"
        "之日起最长不得超过一年。按年计算，到期年的对应日为末日，末日为法定休假日的顺延。",
    ),
    _rule(
        "reconsideration.absolute_limit", "行政复议最长保护期限（不动产以外）",
        _FUYI, "第二十一条", 5, DayType.YEAR, _WITHIN,
        "因不动产以外的行政行为提出的行政复议申请，自行政行为作出之日起超过五年的，行政复议机关"
        "不予受理。按年计算，到期年的对应日为末日。因不动产提出的为二十年，超出法定日历的覆盖"
        "范围，由 fazhi.reconsideration.law 按对应日计算。",
    ),
    _rule(
        "reconsideration.acceptance_review", "行政复议受理审查期限",
        _FUYI, "第三十条第一款", 5, _W, _WITHIN,
        "行政复议机关自收到行政复议申请之日起五日内进行审查，决定是否受理；期满未作出不予受理"
        f"决定的，自期满之日起视为受理（第三十条第三款）。{_FUYI_WORK}。",
    ),
    _rule(
        "reconsideration.supplement_notice", "行政复议补正通知期限",
        _FUYI, "第三十一条第一款", 5, _W, _WITHIN,
        "申请材料不齐全或者表述不清楚的，自收到申请之日起五日内书面通知申请人补正，并一次性"
        f"载明需要补正的事项。{_FUYI_WORK}。",
    ),
    _rule(
        "reconsideration.supplement_by_applicant", "申请人提交补正材料期限",
        _FUYI, "第三十一条第二款", 10, _W, _WITHIN,
        "申请人自收到补正通知之日起十日内提交补正材料；无正当理由逾期不补正的，视为放弃行政"
        f"复议申请。{_FUYI_WORK}。有正当理由不能按期补正的，行政复议机关可以延长“合理的补正"
        "期限”，法律未规定上限，由复议机关另行确定，不在本规则中按延长计算。",
    ),
    _rule(
        "reconsideration.forward_penalty", "转送行政复议申请期限",
        _FUYI, "第三十二条第二款", 5, _W, _WITHIN,
        "通过作出行政处罚决定的行政机关提交行政复议申请，该机关认为需要维持行政处罚决定的，"
        f"自收到行政复议申请之日起五日内转送行政复议机关。{_FUYI_WORK}。",
    ),
    _rule(
        "reconsideration.copy_to_respondent", "发送申请书副本期限（普通程序）",
        _FUYI, "第四十八条", 7, _W, _WITHIN,
        "适用普通程序的，行政复议机构自行政复议申请受理之日起七日内将申请书副本或者申请笔录"
        f"复印件发送被申请人。{_FUYI_WORK}。",
    ),
    _rule(
        "reconsideration.respondent_reply", "被申请人书面答复期限（普通程序）",
        _FUYI, "第四十八条", 10, _W, _WITHIN,
        "被申请人自收到申请书副本或者申请笔录复印件之日起十日内提出书面答复，并提交作出行政"
        f"行为的证据、依据和其他有关材料；起算日为被申请人签收之日。{_FUYI_WORK}。逾期不答复的，"
        "视为该行政行为没有证据、依据（第七十条）。",
    ),
    _rule(
        "reconsideration.hearing_notice", "行政复议听证通知期限",
        _FUYI, "第五十一条第一款", 5, _W, _BEFORE,
        "行政复议机构组织听证的，应当于举行听证的五日前将听证的时间、地点和拟听证事项书面通知"
        f"当事人；自听证日倒数计算，结果为最迟送达通知之日。{_FUYI_WORK}。",
    ),
    _rule(
        "reconsideration.copy_to_respondent_simplified", "发送申请书副本期限（简易程序）",
        _FUYI, "第五十四条第一款", 3, _W, _WITHIN,
        "适用简易程序的，行政复议机构自受理行政复议申请之日起三日内将申请书副本或者申请笔录"
        f"复印件发送被申请人。{_FUYI_WORK}。",
    ),
    _rule(
        "reconsideration.respondent_reply_simplified", "被申请人书面答复期限（简易程序）",
        _FUYI, "第五十四条第一款", 5, _W, _WITHIN,
        "适用简易程序的，被申请人自收到申请书副本或者申请笔录复印件之日起五日内提出书面答复，"
        f"并提交证据、依据和其他有关材料。{_FUYI_WORK}。",
    ),
    _rule(
        "reconsideration.normdoc_handling", "规范性文件附带审查处理期限",
        _FUYI, "第五十六条", 30, _N, _WITHIN,
        "申请人提出对规范性文件的附带审查申请，行政复议机关有权处理的，应当在三十日内依法"
        f"处理。{_FUYI_NAT}。",
    ),
    _rule(
        "reconsideration.normdoc_transfer", "规范性文件附带审查转送期限",
        _FUYI, "第五十六条", 7, _W, _WITHIN,
        "申请人提出对规范性文件的附带审查申请，行政复议机关无权处理的，应当在七日内转送有权"
        f"处理的行政机关。{_FUYI_WORK}（同一条中三十日为自然日、七日为工作日）。",
    ),
    _rule(
        "reconsideration.enactor_notice", "书面通知制定机关期限",
        _FUYI, "第五十八条第一款", 3, _W, _WITHIN,
        "行政复议机构应当自行政复议中止之日起三日内，书面通知规范性文件的制定机关就相关条款的"
        f"合法性提出书面答复。{_FUYI_WORK}。",
    ),
    _rule(
        "reconsideration.enactor_reply", "制定机关书面答复期限",
        _FUYI, "第五十八条第一款", 10, _W, _WITHIN,
        "制定机关自收到行政复议机构的书面通知之日起十日内提交书面答复及相关材料；区政府作为"
        f"被审查规范性文件的制定机关时适用。{_FUYI_WORK}。",
    ),
    _rule(
        "reconsideration.suspension_termination", "行政复议中止满期终止",
        _FUYI, "第四十一条第五项", 60, _N, _WITHIN,
        "依照第三十九条第一款第一项、第二项、第四项的规定中止行政复议满六十日，行政复议中止的"
        f"原因仍未消除的，行政复议机关决定终止行政复议。{_FUYI_NAT}。",
    ),
    _rule(
        "reconsideration.publication", "行政复议决定书公开期限",
        _FUYI, "第七十九条第一款", 20, _W, _WITHIN,
        "第七十九条第一款：行政复议机关根据被申请行政复议的行政行为的公开情况，按照国家有关规定"
        "将行政复议决定书向社会公开。法律未规定期限；缺省值20个工作日参照国办发〔2018〕118号"
        "对行政执法决定公示的要求（未核实），由本级设置确定。",
        setting="FAZHI_PERIOD_RECONSIDERATION_PUBLICATION_DAYS",
        verified=False,
    ),
    _rule(
        "reconsideration.decision", "行政复议决定期限（普通程序）",
        _FUYI, "第六十二条第一款", 60, _N, _WITHIN,
        "适用普通程序的，行政复议机关自受理申请之日起六十日内作出行政复议决定（法律规定的期限"
        f"少于六十日的除外）；受理日依第三十条第三款确定。{_FUYI_NAT}。",
        max_extension=30,
        extension_basis=(
            "第六十二条第一款：情况复杂，不能在规定期限内作出行政复议决定的，经行政复议机构的"
            "负责人批准，可以适当延长，并书面告知当事人；但是延长期限最多不得超过三十日"
        ),
    ),
    _rule(
        "reconsideration.decision_simplified", "行政复议决定期限（简易程序）",
        _FUYI, "第六十二条第二款", 30, _N, _WITHIN,
        "适用简易程序的，行政复议机关自受理申请之日起三十日内作出行政复议决定；法律未规定可以"
        f"延长。{_FUYI_NAT}。",
    ),
    _rule(
        "reconsideration.opinion_reply", "行政复议意见书办理情况报送期限",
        _FUYI, "第七十六条", 60, _N, _WITHIN,
        "有关机关自收到行政复议意见书之日起六十日内，将纠正相关违法或者不当行政行为的情况"
        f"报送行政复议机关。{_FUYI_NAT}。",
    ),
    # ---- 行政处罚法 (2021修订) and 国办发〔2018〕118号 ------------------------------------------
    _rule(
        "penalty.decision", "行政处罚决定期限",
        _CHUFA, "第六十条", 90, _N, _WITHIN,
        "行政机关自行政处罚案件立案之日起九十日内作出行政处罚决定；法律、法规、规章另有规定的，"
        f"从其规定，因此期间长度可按行业规定通过设置调整。{_CHUFA_NAT}。",
        setting="FAZHI_PERIOD_PENALTY_DECISION_DAYS",
    ),
    _rule(
        "penalty.evidence_handling", "先行登记保存证据处理期限",
        _CHUFA, "第五十六条", 7, _W, _WITHIN,
        f"经行政机关负责人批准先行登记保存证据的，应当在七日内及时作出处理决定。{_CHUFA_WORK}。",
    ),
    _rule(
        "penalty.service", "行政处罚决定书送达期限",
        _CHUFA, "第六十一条第一款", 7, _W, _WITHIN,
        "行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，行政机关应当在七日内依照"
        f"民事诉讼法的有关规定送达。{_CHUFA_WORK}。",
    ),
    _rule(
        "penalty.hearing_request", "当事人要求听证期限",
        _CHUFA, "第六十四条第一项", 5, _W, _WITHIN,
        f"当事人要求听证的，应当在行政机关告知后五日内提出；自告知之日起算。{_CHUFA_WORK}。",
    ),
    _rule(
        "penalty.hearing_notice", "行政处罚听证通知期限",
        _CHUFA, "第六十四条第二项", 7, _W, _BEFORE,
        "行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点；自听证日倒数"
        f"计算，结果为最迟通知之日。{_CHUFA_WORK}。",
    ),
    _rule(
        "penalty.fine_payment", "缴纳罚款期限",
        _CHUFA, "第六十七条第三款", 15, _N, _WITHIN,
        "当事人自收到行政处罚决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款；"
        f"到期不缴纳的，每日按罚款数额的百分之三加处罚款（第七十二条第一款第一项）。{_CHUFA_NAT}。",
    ),
    _rule(
        "penalty.disclosure_withdrawal", "撤回行政处罚决定信息期限",
        _CHUFA, "第四十八条第二款", 3, _W, _WITHIN,
        "公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，行政机关应当在三日内撤回"
        f"行政处罚决定信息并公开说明理由。{_CHUFA_WORK}。",
    ),
    _rule(
        "penalty.disclosure", "行政处罚决定信息公开期限",
        _GUOBAN_118, "二（六）", 7, _W, _WITHIN,
        "行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开，但法律、行政"
        "法规另有规定的除外；文件原文即规定为工作日。市场监管部门规章规定的20个工作日"
        "（市场监督管理行政处罚信息公示规定第九条）宽于本规定，按较严的7个工作日执行。",
    ),
    _rule(
        "enforcement.disclosure", "行政执法决定信息公开期限",
        _GUOBAN_118, "二（六）", 20, _W, _WITHIN,
        "行政执法机关要在执法决定作出之日起20个工作日内，向社会公布执法机关、执法对象、执法"
        "类别、执法结论等信息；法律、行政法规另有规定的除外。文件原文即规定为工作日；行政许可、"
        "行政处罚决定另适用7个工作日（见 penalty.disclosure、licence.disclosure）。",
    ),
    _rule(
        "licence.disclosure", "行政许可决定信息公开期限",
        _GUOBAN_118, "二（六）", 7, _W, _WITHIN,
        "行政许可的执法决定信息要在执法决定作出之日起7个工作日内公开，但法律、行政法规另有"
        "规定的除外；文件原文即规定为工作日。",
    ),
    # ---- 行政许可法 (2019修正) ------------------------------------------------------------------
    _rule(
        "licence.supplement_notice", "行政许可补正告知期限",
        _XUKE, "第三十二条第一款第四项", 5, _W, _WITHIN,
        "申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部"
        f"内容；逾期不告知的，自收到申请材料之日起即为受理。{_XUKE_WORK}。",
    ),
    _rule(
        "licence.decision", "行政许可决定期限",
        _XUKE, "第四十二条第一款", 20, _W, _WITHIN,
        "除当场作出决定的外，行政机关自受理行政许可申请之日起二十日内作出行政许可决定；法律、"
        f"法规另有规定的，依照其规定。{_XUKE_WORK}。听证、检验、检测、专家评审等所需时间不计算在"
        "期限内（第四十五条，按中止处理）。",
        max_extension=10,
        extension_basis=(
            "第四十二条第一款：二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，"
            "并应当将延长期限的理由告知申请人"
        ),
    ),
    _rule(
        "licence.certificate", "颁发、送达行政许可证件期限",
        _XUKE, "第四十四条", 10, _W, _WITHIN,
        "行政机关作出准予行政许可的决定，应当自作出决定之日起十日内向申请人颁发、送达行政许可"
        f"证件。{_XUKE_WORK}。",
    ),
    _rule(
        "licence.hearing_notice", "行政许可听证通知期限",
        _XUKE, "第四十八条第一款第一项", 7, _W, _BEFORE,
        "行政机关应当于举行听证的七日前将举行听证的时间、地点通知申请人、利害关系人，必要时"
        f"予以公告；自听证日倒数计算。{_XUKE_WORK}。",
    ),
    # ---- 行政强制法 (2011) ----------------------------------------------------------------------
    _rule(
        "enforcement.seizure", "查封、扣押期限",
        _QIANGZHI, "第二十五条第一款", 30, _N, _WITHIN,
        "查封、扣押的期限不得超过三十日；法律、行政法规另有规定的除外。检测、检验、检疫或者"
        f"技术鉴定的期间不计入（第二十五条第三款，按中止处理）。{_QIANGZHI_NAT}。",
        max_extension=30,
        extension_basis=(
            "第二十五条第一款：情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得"
            "超过三十日"
        ),
    ),
    _rule(
        "enforcement.court_application", "申请人民法院强制执行期限",
        _QIANGZHI, "第五十三条", 3, _M, _WITHIN,
        "当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，没有行政强制"
        "执行权的行政机关可以自期限届满之日起三个月内申请人民法院强制执行。按月计算，到期月的"
        "对应日为末日，无对应日的为月末日（民法典第二百零二条），末日为法定休假日的顺延。",
    ),
    _rule(
        "enforcement.demand_wait", "催告后申请强制执行的等待期",
        _QIANGZHI, "第五十四条", 10, _W, _NOT_LESS,
        "申请人民法院强制执行前应当催告当事人履行义务；催告书送达十日后当事人仍未履行的，方可"
        f"申请。自催告书送达之日起算，结果为等待期的最后一日，此后方可申请。{_QIANGZHI_WORK}。",
    ),
    # ---- 行政规范性文件 -------------------------------------------------------------------------
    _rule(
        "normdoc.public_comment", "规范性文件公开征求意见期限",
        _GUOBAN_37, "（五）", 7, _W, _NOT_LESS,
        "对公民、法人和其他组织权利义务有重大影响或者涉及群众切身利益的规范性文件，向社会公开"
        "征求意见的期限一般不少于7个工作日，自公布征求意见稿之日起算。该数字仅见于法治政府建设"
        "示范指标体系的地方政府网页（二手来源），未能取得国办发〔2018〕37号原文核对，条目序号"
        "“（五）”亦为推定，须经法制机构确认；期间长度可通过设置调整。",
        setting="FAZHI_PERIOD_NORMDOC_PUBLIC_COMMENT_WORKDAYS",
        verified=False,
    ),
    _rule(
        "normdoc.business_comment", "涉企规范性文件公开征求意见期限",
        _YINGSHANG, "第六十二条第二款", 30, _N, _NOT_LESS,
        "制定与市场主体生产经营活动密切相关的行政规范性文件，除依法需要保密外，应当向社会公开"
        "征求意见，期限一般不少于30日，自公布征求意见稿之日起算。条例未规定工作日，按自然日"
        "计算；末日为法定休假日的，征求意见期顺延至其后第一个工作日结束。",
    ),
    _rule(
        "normdoc.legality_review", "规范性文件合法性审核期限",
        _GUOBAN_115, "二（五）", 15, _W, _WITHIN,
        "合法性审核时间一般不少于5个工作日，最长不超过15个工作日（突发事件、执行上级紧急命令"
        "等除外）；本规则为审核机构的最长期限，自收到送审材料之日起算。文件原文即规定为工作日。",
    ),
    _rule(
        "normdoc.legality_review_minimum", "规范性文件合法性审核最短时间",
        _GUOBAN_115, "二（五）", 5, _W, _NOT_LESS,
        "合法性审核时间一般不少于5个工作日；本规则为应当给予审核机构的最短审核时间，自送审之日"
        "起算，结果为审核时间最早可以结束之日。文件原文即规定为工作日。",
    ),
    _rule(
        "normdoc.adaptation", "涉企规范性文件适应调整期",
        _BJ_YINGSHANG, "第七十四条", 30, _N, _NOT_LESS,
        "制定与经营主体生产经营活动密切相关的政策措施，除涉及国家安全或者必须立即施行的外，应当"
        "为经营主体留出一般不少于三十日的适应调整期；自公布之日起算，结果为最早可以施行的日期"
        "（PERIODS.md：施行日期不早于公布后第三十日）。条例未规定工作日，按自然日计算；末日为"
        "法定休假日的顺延。期间长度可通过设置调整。",
        setting="FAZHI_PERIOD_NORMDOC_ADAPTATION_DAYS",
    ),
    _rule(
        "normdoc.filing_congress", "规范性文件报区人大常委会备案期限",
        _BJ_BEIAN, "第十一条第一款", 30, _N, _WITHIN,
        "区人民政府及其办公室制定的行政规范性文件（第九条第一项）应当自公布之日起三十日内报送"
        "区人民代表大会常务委员会备案。条例未规定工作日，按自然日计算，末日为法定休假日的顺延。"
        "本规则为北京市地方性法规，其他地方适用本地规定，期间长度可通过设置调整。",
        setting="FAZHI_PERIOD_NORMDOC_FILING_CONGRESS_DAYS",
    ),
    _rule(
        "normdoc.filing_government", "规范性文件报政府法制机构备案期限",
        _BJ_BEIAN_GOV, "第六条", 30, _N, _WITHIN,
        "制定机关自规范性文件公布之日起三十日内报送政府法制机构备案。该规定仅见于二手来源（北京"
        "日报2016年报道及文本镜像），是否仍然有效未经核实，须经法制机构确认；期间长度可通过设置"
        "调整。按自然日计算，末日为法定休假日的顺延。",
        setting="FAZHI_PERIOD_NORMDOC_FILING_GOVERNMENT_DAYS",
        verified=False,
    ),
    # ---- 重大行政决策程序暂行条例 (2019) ----------------------------------------------
    _rule(
        "decision.public_comment", "重大行政决策公开征求意见期限",
        _JUECE, "第十五条第一款", 30, _N, _NOT_LESS,
        "决策事项向社会公开征求意见的，期限一般不少于30日，自公布决策草案之日起算；因情况紧急"
        "需要缩短的，应当在征求意见时说明理由。条例未规定工作日，按自然日计算；末日为法定休假日"
        "的顺延至其后第一个工作日结束。各区可能另有规定，期间长度可通过设置调整。",
        setting="FAZHI_PERIOD_DECISION_PUBLIC_COMMENT_DAYS",
    ),
    _rule(
        "decision.hearing_materials", "重大行政决策听证会材料送达期限",
        _JUECE, "第十六条第三款", 7, _N, _BEFORE,
        "听证会材料应当于召开听证会7日前送达听证参加人；自听证会日期倒数7个自然日（条例未规定"
        "工作日），该日为休息日或者节假日的，提前至此前最后一个工作日送达。各区可能另有规定，"
        "期间长度可通过设置调整。",
        setting="FAZHI_PERIOD_DECISION_HEARING_MATERIALS_DAYS",
    ),
    _rule(
        "decision.legality_review", "重大行政决策合法性审查时间",
        _JUECE, "第二十六条第二款", 7, _W, _NOT_LESS,
        "送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日；自送请审查之日起算，结果"
        "为审查时间最早可以结束之日。条文即规定为工作日。各区可能另有规定，期间长度可通过"
        "设置调整。",
        setting="FAZHI_PERIOD_DECISION_LEGALITY_REVIEW_WORKDAYS",
    ),
    # ---- 政府信息公开条例 (2019修订) -------------------------------------------------------------
    _rule(
        "disclosure.proactive", "主动公开政府信息期限",
        _GONGKAI, "第二十六条", 20, _W, _WITHIN,
        "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开；"
        "法律、法规另有规定的，从其规定。条文即规定为工作日。",
    ),
    _rule(
        "disclosure.supplement_notice", "政府信息公开申请补正告知期限",
        _GONGKAI, "第三十条", 7, _W, _WITHIN,
        "申请内容不明确的，自收到申请之日起7个工作日内一次性告知申请人补正；答复期限自收到补正"
        "的申请之日起重新计算（按重新起算处理）。条文即规定为工作日。",
    ),
    _rule(
        "disclosure.third_party", "第三方提出意见期限",
        _GONGKAI, "第三十二条", 15, _W, _WITHIN,
        "依申请公开会损害第三方合法权益的，第三方自收到征求意见书之日起15个工作日内提出意见；"
        "逾期未提出的，由行政机关决定是否公开。征求意见所需时间不计入答复期限（第三十三条第三款）。"
        "条文即规定为工作日。",
    ),
    _rule(
        "disclosure.co_producer", "共同制作机关提出意见期限",
        _GONGKAI, "第三十四条", 15, _W, _WITHIN,
        "申请公开的政府信息由两个以上行政机关共同制作的，被征求意见机关自收到征求意见书之日起"
        "15个工作日内提出意见，逾期未提出的视为同意公开。条文即规定为工作日。",
    ),
    _rule(
        "disclosure.reply", "政府信息公开申请答复期限",
        _GONGKAI, "第三十三条第二款", 20, _W, _WITHIN,
        "不能当场答复的，自收到申请之日起20个工作日内予以答复；收到申请之日依第三十一条确定。"
        "征求第三方和其他机关意见所需时间不计算在期限内（第三十三条第三款，按中止处理）；申请"
        "补正的，自收到补正的申请之日起重新计算（第三十条）。条文即规定为工作日。",
        max_extension=20,
        extension_basis=(
            "第三十三条第二款：需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知"
            "申请人，延长的期限最长不得超过20个工作日"
        ),
    ),
    # ---- 信访工作条例 (2022) ---------------------------------------------------------------------
    _rule(
        "petition.registration", "信访部门登记处理期限",
        _XINFANG, "第二十二条第一款", 15, _N, _WITHIN,
        f"党委和政府信访部门收到信访事项，应当予以登记，并在15日内分别转送、交办。{_XINFANG_NAT}。",
    ),
    _rule(
        "petition.notice", "信访事项书面告知期限",
        _XINFANG, "第二十三条第二款", 15, _N, _WITHIN,
        "对信访人直接提出的信访事项，不能当场告知的，应当自收到信访事项之日起15日内书面告知"
        f"信访人（信访人姓名、住址不清的除外）。{_XINFANG_NAT}。",
    ),
    _rule(
        "petition.notice_transferred", "转送交办信访事项书面告知期限",
        _XINFANG, "第二十三条第三款", 15, _N, _WITHIN,
        "对转送、交办的信访事项，属于本机关职权范围的，应当自收到之日起15日内书面告知信访人接收"
        f"情况以及处理途径和程序。{_XINFANG_NAT}。",
    ),
    _rule(
        "petition.objection", "转送交办信访事项提出异议期限",
        _XINFANG, "第二十三条第三款", 5, _W, _WITHIN,
        "对转送、交办的信访事项，不属于本机关职权范围的，应当自收到之日起5个工作日内提出异议并"
        "详细说明理由。条文即规定为工作日（同一款中15日为自然日）。",
    ),
    _rule(
        "petition.conclusion", "信访事项办结期限",
        _XINFANG, "第三十四条", 60, _N, _WITHIN,
        f"对第三十一条第六项规定的信访事项，应当自受理之日起60日内办结。{_XINFANG_NAT}。",
        max_extension=30,
        extension_basis=(
            "第三十四条：情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，但延长期限"
            "不得超过30日，并告知信访人延期理由"
        ),
    ),
    _rule(
        "petition.review", "信访复查意见期限",
        _XINFANG, "第三十五条", 30, _N, _WITHIN,
        "收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见，并予以书面答复。"
        f"{_XINFANG_NAT}。",
    ),
    _rule(
        "petition.re_review", "信访复核意见期限",
        _XINFANG, "第三十六条第一款", 30, _N, _WITHIN,
        "收到复核请求的机关、单位应当自收到复核请求之日起30日内提出复核意见；举行听证的，听证"
        f"所需时间不计算在期限内（第三十六条第二款，按中止处理）。{_XINFANG_NAT}。",
    ),
    # ---- 行政诉讼法 (2017修正) -------------------------------------------------------------------
    _rule(
        "litigation.answer", "行政诉讼答辩和举证期限",
        _SUSONG, "第六十七条第一款", 15, _N, _WITHIN,
        "被告应当在收到起诉状副本之日起十五日内向人民法院提交作出行政行为的证据和所依据的规范性"
        f"文件，并提出答辩状；起算日为起诉状副本送达之日。{_SUSONG_NAT}。",
    ),
    _rule(
        "litigation.evidence_extension", "申请延期提供证据期限",
        ("最高人民法院关于适用《中华人民共和国行政诉讼法》的解释", "法释〔2018〕1号"),
        "第三十四条第一款", 15, _N, _WITHIN,
        "被告因不可抗力或者客观上不能控制的其他正当事由，不能在收到起诉状副本之日起十五日内提交"
        "证据的，应当在收到起诉状副本之日起十五日内向人民法院提出延期提供证据的书面申请；人民法院"
        f"准许的，在正当事由消除后十五日内提供证据。{_SUSONG_NAT}。",
    ),
    _rule(
        "litigation.filing", "直接提起行政诉讼期限",
        _SUSONG, "第四十六条第一款", 6, _M, _WITHIN,
        "公民、法人或者其他组织直接向人民法院提起诉讼的，应当自知道或者应当知道作出行政行为之日"
        "起六个月内提出；法律另有规定的除外。按月计算，到期月的对应日为末日，无对应日的为月末日，"
        f"末日为法定休假日的顺延（{_SUSONG_NAT}）。",
    ),
    _rule(
        "litigation.filing_after_reconsideration", "不服复议决定起诉期限",
        _SUSONG, "第四十五条", 15, _N, _WITHIN,
        "不服复议决定的，可以在收到复议决定书之日起十五日内向人民法院提起诉讼；法律另有规定的"
        f"除外。{_SUSONG_NAT}。",
    ),
    _rule(
        "litigation.appeal", "不服第一审判决上诉期限",
        _SUSONG, "第八十五条", 15, _N, _WITHIN,
        f"当事人不服第一审判决的，有权在判决书送达之日起十五日内提起上诉。{_SUSONG_NAT}。",
    ),
    _rule(
        "litigation.appeal_ruling", "不服第一审裁定上诉期限",
        _SUSONG, "第八十五条", 10, _N, _WITHIN,
        "当事人不服第一审裁定的，有权在裁定书送达之日起十日内提起上诉。"
        f"{_SUSONG_NAT}（行政诉讼法没有“十日指工作日”的规定）。",
    ),
    # ---- 代表建议 --------------------------------------------------------------------------------
    _rule(
        "suggestion.reply", "人大代表建议答复期限",
        _DAIBIAO, "第五十一条第二款", 3, _M, _WITHIN,
        "有关机关、组织自交办之日起三个月内答复代表建议、批评和意见。按月计算：到期月的对应日为"
        "末日，无对应日的为月末日（参照民法典第二百零二条），末日为法定休假日的顺延。北京市实施"
        "代表法办法第三十条第三款规定相同。",
        max_extension=3,
        extension_basis=(
            "第五十一条第二款：涉及面广、处理难度大的建议、批评和意见，应当自交办之日起六个月内"
            "答复（即最多延长三个月）；北京市实施代表法办法第三十条第三款要求经交办机关同意"
        ),
    ),
    # ---- 北京市接诉即办 (12345) ------------------------------------------------------------------
    _rule(
        "hotline.urgent_feedback", "紧急诉求反馈时限",
        _BJ_JIESU, "第十三条", 2, _H, _WITHIN,
        "第十三条：派单应当在工单上注明办理时限，办理时限由市政务服务部门会同有关部门确定，"
        "法规本身没有数字。默认值2小时取自《12345热线服务与管理规范》征求意见稿（2021年12月，"
        "二手来源，未核实），仅作缺省配置，应以工单载明的时限为准。按小时计算，自次时起算。",
        setting="FAZHI_PERIOD_HOTLINE_URGENT_HOURS",
        verified=False,
    ),
    _rule(
        "hotline.utility_feedback", "水电气热诉求反馈时限",
        _BJ_JIESU, "第十三条", 24, _H, _WITHIN,
        "第十三条：办理时限由市政务服务部门会同有关部门确定。默认值24小时取自《12345热线服务与"
        "管理规范》征求意见稿（2021年12月，二手来源，未核实），仅作缺省配置，应以工单载明的时限"
        "为准。按小时计算，自次时起算。",
        setting="FAZHI_PERIOD_HOTLINE_UTILITY_HOURS",
        verified=False,
    ),
    _rule(
        "hotline.general_feedback", "一般诉求反馈时限",
        _BJ_JIESU, "第十三条", 7, _N, _WITHIN,
        "第十三条：办理时限由市政务服务部门会同有关部门确定。默认值7日取自《12345热线服务与管理"
        "规范》征求意见稿（2021年12月，二手来源，未核实），日的性质亦未核实，暂按自然日计算并"
        "顺延节假日；应以工单载明的时限为准。",
        setting="FAZHI_PERIOD_HOTLINE_GENERAL_DAYS",
        verified=False,
    ),
    _rule(
        "hotline.complex_feedback", "复杂诉求反馈时限",
        _BJ_JIESU, "第十三条", 15, _N, _WITHIN,
        "第十三条：办理时限由市政务服务部门会同有关部门确定。默认值15日取自《12345热线服务与"
        "管理规范》征求意见稿（2021年12月，二手来源，未核实），日的性质亦未核实，暂按自然日计算"
        "并顺延节假日；应以工单载明的时限为准。",
        setting="FAZHI_PERIOD_HOTLINE_COMPLEX_DAYS",
        verified=False,
    ),
    # ---- 法治政府建设规划（实施方案）：日期由文件确定 ------------------------------------------
    _rule(
        "plans.task_due", "规划任务完成时限",
        _GUIHUA, "任务分工中的完成时限", 0, _D, _WITHIN,
        "规划（实施方案）为每项任务写明完成时限（如“2026年年底前”），该日期由规划文件本身确定，"
        "不是自某日起计算的期间：不按自然日或工作日计算，也不因休息日、节假日顺延。没有法律条文"
        "规定该期限，依据是本级政府印发的规划文件；起算依据写明文件和任务编号。",
    ),
    _rule(
        "plans.report_due", "任务进展报送截止日",
        ("本级法治政府建设规划（实施方案）及督查督办工作安排", "本级文件"),
        "任务进展报送要求", 0, _D, _WITHIN,
        "牵头单位和责任单位应在每个报送期间结束后的规定日数内报送任务进展；截止日由本级规划和"
        "督查督办工作安排确定（日数为设置项 FAZHI_PLANS_REPORT_DUE_DAYS），计算所得的日期即为"
        "截止日，不再按自然日或工作日另行计算，也不因休息日、节假日顺延。没有法律条文规定该期限。",
    ),
)

# fmt: on

RULES: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in _ALL})
if len(RULES) != len(_ALL):  # pragma: no cover - a programming error caught at import
    raise RuntimeError("期限规则编号重复。")


def get_rule(rule_id: str) -> Rule:
    """The rule with this id; :class:`UnknownRuleError` (a KeyError) if there is none."""
    try:
        return RULES[rule_id]
    except (KeyError, TypeError):
        raise UnknownRuleError(str(rule_id)) from None
