"""The procedures of normative documents, as data.

`normative_documents.making`: 起草 → 公开征求意见 → 合法性审核 → 集体审议 → 公布 (PERIODS.md §4).
`normative_documents.filing`: 备案 and its review, and the review a citizen asks for (审查建议).

Citations: 国办发〔2018〕115号 and the 条例 texts are in shared/laws and were checked.
国办发〔2018〕37号 was not retrieved (PERIODS.md §4: UNVERIFIED); where it is the only
basis, the citation names it (article numbers to be confirmed) and its period is a setting.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from fazhi.core.models import UnitKind
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

GUOBAN_115 = "国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见"
GUOBAN_37 = "国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知"


def guoban_115(article: str) -> Citation:
    return Citation(GUOBAN_115, "国办发〔2018〕115号", article)


def guoban_37(article: str) -> Citation:
    return Citation(GUOBAN_37, "国办发〔2018〕37号", article)


YINGSHANG_62 = Citation("优化营商环境条例", "2019年", "第六十二条第二款")
YINGSHANG_63 = Citation("优化营商环境条例", "2019年", "第六十三条")
BJ_YINGSHANG_74 = Citation("北京市优化营商环境条例", "2024年修订", "第七十四条")
COMPETITION_18 = Citation("公平竞争审查条例", "2024年", "第十八条")
DOC_NUMBER_FORMAT = Citation("党政机关公文格式", "GB/T 9704—2012", "7.2.4")
BEIAN_11 = Citation(
    "北京市各级人民代表大会常务委员会规范性文件备案审查条例", "2024年修订", "第十一条"
)
BEIAN_29 = Citation(
    "北京市各级人民代表大会常务委员会规范性文件备案审查条例", "2024年修订", "第二十九条、第三十条"
)
VALIDITY = Citation(
    "法治机构确认的有效期规则（设置 FAZHI_NORMDOC_VALIDITY_YEARS）", "", "PERIODS.md §4，未经核实"
)

HANDLERS = ("handler", "unit_admin")
REVIEWERS = ("legal_reviewer",)


def _day(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ---- guards on the draft ----------------------------------------------------------------------


def _blank(version, fields: tuple[tuple[str, str], ...]) -> list[str]:
    """The labels of the version's fields (name, label) that are blank."""
    return [label for name, label in fields if not getattr(version, name).strip()]


DRAFTING_NOTE = (("necessity", "必要性论证"), ("feasibility", "可行性论证"), ("impact", "影响评估"))
REVIEW_PACKAGE = (
    ("text", "文件草案"),
    *DRAFTING_NOTE,
    ("legal_basis", "制定依据"),
    ("drafter_opinion", "起草单位的合法性审查意见"),
)


def drafting_note_complete(context: StepContext) -> GuardResult:
    missing = _blank(context.record, DRAFTING_NOTE)
    if missing:
        return GuardResult(False, f"起草说明缺少{'、'.join(missing)}。")
    return GuardResult(True)


def issuer_not_division(context: StepContext) -> bool:
    return context.record.document.issuer.kind != UnitKind.DIVISION


def comment_period_long_enough(context: StepContext) -> GuardResult:
    opens, closes = _day(context.data.get("opens_on")), _day(context.data.get("closes_on"))
    if opens is None or closes is None:
        return GuardResult(False, "须填写征求意见的开始和截止日期。")
    if opens < context.today:
        return GuardResult(False, "征求意见开始日期不能早于今天。")
    rule = comment_rule(context.record)
    earliest = compute(rule, opens, calendar=current_calendar()).due
    if closes < earliest:
        return GuardResult(
            False,
            f"征求意见期限不足：自{_fmt(opens)}起，截止日期不得早于{_fmt(earliest)}。",
            citation=YINGSHANG_62 if context.record.concerns_business else guoban_37("（五）"),
        )
    return GuardResult(True)


def comment_rule(version) -> str:
    """The minimum comment period: 30 days where the document closely concerns business
    (优化营商环境条例 第六十二条), otherwise the 7 working days of 国办发〔2018〕37号
    (a setting)."""
    return "normdoc.business_comment" if version.concerns_business else "normdoc.public_comment"


def comment_period_over(context: StepContext) -> GuardResult:
    closes = context.record.comment_closes_on
    if closes is not None and context.today <= closes:
        return GuardResult(
            False,
            f"征求意见期至{_fmt(closes)}届满，期满前不能结束征求意见。",
            citation=YINGSHANG_62 if context.record.concerns_business else guoban_37("（五）"),
        )
    return GuardResult(True)


def every_comment_answered(context: StepContext) -> GuardResult:
    open_count = context.record.comments.filter(reply="").count()
    if open_count:
        return GuardResult(False, f"还有{open_count}条意见未答复采纳情况。")
    return GuardResult(True)


def comment_not_required(context: StepContext) -> GuardResult:
    version = context.record
    if version.comment_closes_on is not None and version.comment_closes_on < context.today:
        return GuardResult(True)  # held before a revision; one round is what the law asks
    if version.concerns_business:
        return GuardResult(
            False, "与市场主体生产经营活动密切相关的文件应当公开征求意见。", citation=YINGSHANG_62
        )
    if version.affects_rights:
        return GuardResult(
            False,
            "涉及公民、法人和其他组织权利义务的文件应当公开征求意见。",
            citation=guoban_37("（五）"),
        )
    return GuardResult(True)


def comment_done_if_required(context: StepContext) -> GuardResult:
    version = context.record
    if (version.affects_rights or version.concerns_business) and version.comment_closes_on is None:
        return GuardResult(
            False,
            "该文件须先公开征求意见。",
            citation=YINGSHANG_62 if version.concerns_business else guoban_37("（五）"),
        )
    return GuardResult(True)


def review_package_complete(context: StepContext) -> GuardResult:
    missing = _blank(context.record, REVIEW_PACKAGE)
    if missing:
        return GuardResult(False, f"送审材料不齐全，缺少：{'、'.join(missing)}。")
    return GuardResult(True)


def competition_reviewed(context: StepContext) -> GuardResult:
    version = context.record
    if not version.concerns_business:
        return GuardResult(True)
    review = version.competition_reviews.order_by("-reviewed_on", "-pk").first()
    if review is None:
        return GuardResult(False, "涉及市场主体经济活动的文件未经公平竞争审查。")
    if not review.passed:
        return GuardResult(False, "公平竞争审查结论为不符合审查标准，文件不得出台。")
    return GuardResult(True)


def reviewing_unit_given(context: StepContext) -> GuardResult:
    """The review body 115号 二（四） assigns: for a government's own documents, that
    government's review body (its 司法局); for a district department's, a street's or a
    township's, its own designated review body (a 科室 of it where legal reviewers sit) or else
    the one the district government designates (its 司法局, or a 司法所 of the district)."""
    from fazhi.core.models import GOVERNMENT_KINDS, Post, Unit

    unit_id = context.data.get("reviewing_unit_id")
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        return GuardResult(False, "须指定审核机构。")
    issuer = context.record.document.issuer
    government = _government_of(issuer)
    if government is None:
        return GuardResult(False, f"未找到{issuer.name}所属的人民政府，无法确定审核机构。")
    supervising = (UnitKind.LEGAL_OFFICE, UnitKind.JUSTICE_STATION)
    if issuer.kind in GOVERNMENT_KINDS:
        allowed = unit.kind == UnitKind.LEGAL_OFFICE and Unit.objects.get_parent(unit) == issuer
        rule = f"以{issuer.name}名义印发的文件，由其司法行政部门审核"
    else:
        own_division = (
            unit.kind == UnitKind.DIVISION
            and Unit.objects.get_parent(unit) == issuer
            and Post.objects.active().filter(unit=unit, role="legal_reviewer").exists()
        )
        district_body = unit.kind in supervising and unit.path.startswith(government.path)
        allowed = own_division or district_body
        rule = f"{issuer.name}的文件由本单位的审核机构，或{government.name}确定的审核机构审核"
    if not allowed:
        return GuardResult(
            False, f"{unit.name}不是适格的审核机构：{rule}。", citation=guoban_115("二（四）")
        )
    return GuardResult(True)


def _government_of(unit):
    """The nearest 市/区 government at or above `unit`."""
    from fazhi.core.models import GOVERNMENT_KINDS, Unit

    step = unit.steplen
    prefixes = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    return (
        Unit.objects.filter(path__in=prefixes, kind__in=GOVERNMENT_KINDS).order_by("-depth").first()
    )


# ---- guards on the review ---------------------------------------------------------------------


def _current_review(version):
    return version.legality_reviews.order_by("-round").first()


def opinion_is_valid(context: StepContext) -> GuardResult:
    from .models import Opinion

    if context.data.get("opinion") not in Opinion.values:
        return GuardResult(False, "审核意见须为“合法”“不合法”或“应当予以修改”之一。")
    try:
        items = int(context.data.get("opinion_items") or 0)
    except (TypeError, ValueError):
        items = -1
    if not 0 <= items <= 10000:
        return GuardResult(False, "提出意见条数须为0至10000之间的整数。")
    return GuardResult(True)


def review_time_respected(context: StepContext) -> GuardResult:
    review = _current_review(context.record)
    if review is None:
        return GuardResult(False, "没有送审记录。")
    if review.urgent_reason.strip():
        return GuardResult(True)
    earliest = compute(
        "normdoc.legality_review_minimum", review.submitted_on, calendar=current_calendar()
    ).due
    if context.today < earliest:
        return GuardResult(
            False,
            f"合法性审核时间一般不少于5个工作日，{_fmt(earliest)}前不能出具审核意见"
            "（紧急情况须在送审时说明）。",
        )
    return GuardResult(True)


def acting_for_review_body(context: StepContext) -> GuardResult:
    review = _current_review(context.record)
    if review is None or context.unit is None:
        return GuardResult(False, "没有送审记录。")
    if not context.unit.path.startswith(review.reviewing_unit.path):
        return GuardResult(
            False, f"该文件送{review.reviewing_unit.name}审核，只能由该机构的审核人员出具意见。"
        )
    return GuardResult(True)


def acting_for_supervising_body(context: StepContext) -> GuardResult:
    """备案审查 is done by the legal affairs body, never by the enacting body itself."""
    from fazhi.core.models import SUPERVISING_KINDS, Unit

    unit = context.unit
    if unit is None:
        return GuardResult(False, "须以审查机构身份办理。")
    step = unit.steplen
    prefixes = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    if not Unit.objects.filter(path__in=prefixes, kind__in=SUPERVISING_KINDS).exists():
        return GuardResult(False, "备案审查由司法局（司法所）办理，制定机关不能审查自己的文件。")
    return GuardResult(True)


def flags_all_decided(context: StepContext) -> GuardResult:
    review = _current_review(context.record)
    pending = review.flags.filter(decision="").count() if review else 0
    if pending:
        return GuardResult(
            False, f"还有{pending}条审核辅助提示未作判断（采纳或不采纳，并说明理由）。"
        )
    return GuardResult(True)


def review_passed(context: StepContext) -> GuardResult:
    from .models import Opinion

    review = _current_review(context.record)
    if review is None or not review.opinion:
        return GuardResult(False, "未经合法性审核的文件，不得提交集体审议。")
    if review.opinion == Opinion.UNLAWFUL:
        return GuardResult(False, "经合法性审核认为不合法的文件，不得提交集体审议。")
    return GuardResult(True)


def non_adoption_explained(context: StepContext) -> GuardResult:
    from .models import Adoption, Opinion

    review = _current_review(context.record)
    if review is None or review.opinion != Opinion.AMEND:
        return GuardResult(True)
    adoption = context.data.get("adoption")
    if adoption not in Adoption.values:
        return GuardResult(False, "审核意见为“应当予以修改”，须写明起草单位的采纳情况。")
    if adoption != Adoption.FULL and not str(context.data.get("adoption_explanation", "")).strip():
        return GuardResult(False, "起草单位未完全采纳审核意见的，提请审议时须说明理由。")
    return GuardResult(True)


def deliberation_passed(context: StepContext) -> GuardResult:
    from .models import DeliberationResult

    if context.data.get("result") not in (
        DeliberationResult.PASSED,
        DeliberationResult.PASSED_IN_PRINCIPLE,
    ):
        return GuardResult(
            False, "审议结果须为“审议通过”或“原则通过”；未通过的请办理“审议未通过”。"
        )
    return GuardResult(True)


def meeting_recorded(context: StepContext) -> GuardResult:
    missing = [
        label
        for key, label in (
            ("meeting", "会议名称"),
            ("held_on", "会议日期"),
            ("attendees", "出席人员"),
        )
        if not str(context.data.get(key, "")).strip()
    ]
    if missing:
        return GuardResult(False, f"须填写{'、'.join(missing)}。")
    held = _day(context.data.get("held_on"))
    if held is None or held > context.today:
        return GuardResult(False, "会议日期无效或晚于今天。")
    return GuardResult(True)


# ---- guards on publication --------------------------------------------------------------------


def doc_number_in_form(context: StepContext) -> GuardResult:
    from fazhi.core.docparse import validate_doc_number

    problem = validate_doc_number(str(context.data.get("doc_number", "")))
    return GuardResult(False, problem) if problem else GuardResult(True)


def publication_dates_valid(context: StepContext) -> GuardResult:
    published = _day(context.data.get("published_on"))
    effective = _day(context.data.get("effective_on"))
    written = _day(context.data.get("written_on"))
    if published is None or effective is None:
        return GuardResult(False, "须填写发布日期和施行日期。")
    if written is not None and written > published:
        return GuardResult(False, "成文日期不能晚于发布日期。")
    if published > context.today:
        return GuardResult(False, "发布日期不能晚于今天。")
    if effective < published:
        return GuardResult(False, "施行日期不能早于发布日期：未经公布的文件不得作为行政管理依据。")
    deliberation = context.record.deliberations.order_by("-held_on").first()
    if deliberation is not None and published < deliberation.held_on:
        return GuardResult(False, f"发布日期不能早于集体审议日期（{_fmt(deliberation.held_on)}）。")
    return GuardResult(True)


def adaptation_period_left(context: StepContext) -> GuardResult:
    if not context.record.concerns_business:
        return GuardResult(True)
    if str(context.data.get("effective_exception", "")).strip():
        return GuardResult(True)
    published = _day(context.data.get("published_on"))
    effective = _day(context.data.get("effective_on"))
    if published is None or effective is None:
        return GuardResult(True)  # publication_dates_valid reports it
    earliest = compute("normdoc.adaptation", published, calendar=current_calendar()).due
    if effective < earliest:
        return GuardResult(
            False,
            f"涉企文件应当留出不少于30日的适应调整期，施行日期不得早于{_fmt(earliest)}；"
            "涉及国家安全或者必须立即施行的，须写明理由。",
        )
    return GuardResult(True)


def validity_within_limit(context: StepContext) -> GuardResult:
    effective = _day(context.data.get("effective_on"))
    until = _day(context.data.get("valid_until"))
    if effective is None:
        return GuardResult(True)
    if until is None:
        return GuardResult(False, "须写明有效期。")
    limit = max_valid_until(context.record, effective)
    if until > limit:
        kind = "暂行、试行文件" if context.record.is_provisional else "文件"
        return GuardResult(False, f"{kind}有效期不得晚于{_fmt(limit)}。")
    if until < effective:
        return GuardResult(False, "有效期截止日期不能早于施行日期。")
    return GuardResult(True)


def max_valid_until(version, effective: date) -> date:
    """The last day a version may be valid to: N years from its effective date, less one day."""
    from datetime import timedelta

    years = (
        settings.FAZHI_NORMDOC_PROVISIONAL_VALIDITY_YEARS
        if version.is_provisional
        else settings.FAZHI_NORMDOC_VALIDITY_YEARS
    )
    try:
        anniversary = effective.replace(year=effective.year + years)
    except ValueError:  # 29 February
        anniversary = effective.replace(year=effective.year + years, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


MAKING = register(
    Procedure(
        id="normative_documents.making",
        title="行政规范性文件制定",
        initial="drafting",
        states=(
            State("drafting", "起草中"),
            State("commenting", "公开征求意见中"),
            State("ready", "待送合法性审核"),
            State("reviewing", "合法性审核中"),
            State("reviewed", "已出具审核意见"),
            State("deliberated", "已集体审议"),
            State("published", "已公布", terminal=True),
            State("withdrawn", "已撤回", terminal=True),
        ),
        steps=(
            Step(
                code="open_comment",
                label="公开征求意见",
                source="drafting",
                target="commenting",
                roles=HANDLERS,
                guards=(
                    Guard(
                        "起草说明完整",
                        drafting_note_complete,
                        citation=guoban_115("二（五）"),
                    ),
                    Guard(
                        "不以内设机构名义制发",
                        issuer_not_division,
                        reason="不得以部门内设机构名义制发行政规范性文件。",
                        citation=guoban_37("（一）"),
                    ),
                    Guard(
                        "征求意见期限足够",
                        comment_period_long_enough,
                        citation=guoban_37("（五）"),
                    ),
                ),
                fields=("opens_on", "closes_on"),
                citation=YINGSHANG_62,
            ),
            Step(
                code="close_comment",
                label="结束征求意见并公布采纳情况",
                source="commenting",
                target="ready",
                roles=HANDLERS,
                guards=(
                    Guard("征求意见期已届满", comment_period_over, citation=guoban_37("（五）")),
                    Guard("每条意见均已答复", every_comment_answered, citation=YINGSHANG_62),
                    required_field("adoption_summary", "意见采纳情况说明", citation=YINGSHANG_62),
                ),
                fields=("adoption_summary",),
                stops=("normdoc.public_comment", "normdoc.business_comment"),
                citation=YINGSHANG_62,
            ),
            Step(
                code="skip_comment",
                label="不公开征求意见",
                source="drafting",
                target="ready",
                roles=HANDLERS,
                guards=(
                    Guard("无须公开征求意见", comment_not_required, citation=guoban_37("（五）")),
                    Guard("起草说明完整", drafting_note_complete, citation=guoban_115("二（五）")),
                    required_field("reason", "不公开征求意见的理由", citation=guoban_37("（五）")),
                ),
                fields=("reason",),
                citation=guoban_37("（五）"),
            ),
            Step(
                code="submit_review",
                label="送合法性审核",
                source="ready",
                target="reviewing",
                roles=HANDLERS,
                guards=(
                    Guard(
                        "不以内设机构名义制发",
                        issuer_not_division,
                        reason="不得以部门内设机构名义制发行政规范性文件。",
                        citation=guoban_37("（一）"),
                    ),
                    Guard("送审材料齐全", review_package_complete, citation=guoban_115("二（五）")),
                    Guard("已依法征求意见", comment_done_if_required, citation=guoban_37("（五）")),
                    Guard("已通过公平竞争审查", competition_reviewed, citation=COMPETITION_18),
                    Guard("审核机构适格", reviewing_unit_given, citation=guoban_115("二（四）")),
                ),
                fields=("reviewing_unit_id", "urgent_reason"),
                starts=("normdoc.legality_review",),
                citation=guoban_115("二（五）"),
            ),
            Step(
                code="give_opinion",
                label="出具合法性审核意见",
                source="reviewing",
                target="reviewed",
                roles=REVIEWERS,
                guards=(
                    Guard(
                        "由送审的审核机构办理",
                        acting_for_review_body,
                        citation=guoban_115("二（四）"),
                    ),
                    Guard("审核意见类别有效", opinion_is_valid, citation=guoban_115("二（六）")),
                    required_field("opinion_text", "书面审核意见", citation=guoban_115("二（六）")),
                    Guard(
                        "审核时间不少于5个工作日",
                        review_time_respected,
                        citation=guoban_115("二（五）"),
                    ),
                    Guard(
                        "审核辅助提示均已判断",
                        flags_all_decided,
                        no_citation_reason="审核辅助提示只辅助审核，须由审核人员逐条判断。",
                    ),
                ),
                fields=("opinion", "opinion_text", "opinion_items"),
                stops=("normdoc.legality_review",),
                citation=guoban_115("二（六）"),
            ),
            Step(
                code="revise",
                label="退回修改",
                source="reviewed",
                target="drafting",
                roles=HANDLERS,
                guards=(required_field("reason", "修改事项", citation=guoban_115("二（六）")),),
                fields=("reason",),
                citation=guoban_115("二（六）"),
            ),
            Step(
                code="deliberate",
                label="集体审议",
                source="reviewed",
                target="deliberated",
                roles=(*HANDLERS, "leader"),
                guards=(
                    Guard(
                        "已经合法性审核且未被认定不合法",
                        review_passed,
                        citation=guoban_115("二（七）"),
                    ),
                    Guard(
                        "未采纳审核意见已说明",
                        non_adoption_explained,
                        citation=guoban_115("二（六）"),
                    ),
                    Guard("已通过公平竞争审查", competition_reviewed, citation=COMPETITION_18),
                    Guard(
                        "会议记录完整",
                        meeting_recorded,
                        no_citation_reason="集体审议须有会议名称、日期和出席人员的记录。",
                    ),
                    Guard("审议通过", deliberation_passed, citation=guoban_115("二（七）")),
                ),
                fields=(
                    "meeting",
                    "held_on",
                    "result",
                    "attendees",
                    "notes",
                    "adoption",
                    "adoption_explanation",
                ),
                citation=guoban_115("二（七）"),
            ),
            Step(
                code="deliberation_failed",
                label="审议未通过",
                source="reviewed",
                target="drafting",
                roles=(*HANDLERS, "leader"),
                guards=(
                    Guard(
                        "已经合法性审核且未被认定不合法",
                        review_passed,
                        citation=guoban_115("二（七）"),
                    ),
                    Guard(
                        "会议记录完整",
                        meeting_recorded,
                        no_citation_reason="集体审议须有会议名称、日期和出席人员的记录。",
                    ),
                ),
                fields=("meeting", "held_on", "attendees", "notes"),
                citation=guoban_115("二（七）"),
            ),
            Step(
                code="publish",
                label="统一登记、编号并公布",
                source="deliberated",
                target="published",
                roles=HANDLERS,
                guards=(
                    Guard(
                        "不以内设机构名义制发",
                        issuer_not_division,
                        reason="不得以部门内设机构名义制发行政规范性文件。",
                        citation=guoban_37("（一）"),
                    ),
                    Guard("已通过公平竞争审查", competition_reviewed, citation=COMPETITION_18),
                    Guard("发文字号符合规范", doc_number_in_form, citation=DOC_NUMBER_FORMAT),
                    Guard(
                        "日期有效",
                        publication_dates_valid,
                        citation=Citation("优化营商环境条例", "2019年", "第六十四条第二款"),
                    ),
                    Guard("留出适应调整期", adaptation_period_left, citation=BJ_YINGSHANG_74),
                    Guard("有效期不超过规定年限", validity_within_limit, citation=VALIDITY),
                ),
                fields=(
                    "doc_number",
                    "written_on",
                    "published_on",
                    "effective_on",
                    "valid_until",
                    "effective_exception",
                ),
                citation=guoban_37("（八）"),
            ),
            Step(
                code="withdraw",
                label="撤回",
                source=("drafting", "commenting", "ready", "reviewed"),
                target="withdrawn",
                roles=HANDLERS,
                guards=(
                    required_field(
                        "reason",
                        "撤回理由",
                        no_citation_reason="撤回草案须留下理由，以备查考。",
                    ),
                ),
                fields=("reason",),
            ),
        ),
    )
)


# ---- filing review ----------------------------------------------------------------------------


def is_filing(context: StepContext) -> bool:
    return context.record.kind == "filing"


def is_objection(context: StepContext) -> bool:
    return context.record.kind == "objection"


def risk_rating_valid(context: StepContext) -> GuardResult:
    from .models import RiskRating

    if context.data.get("risk_rating") not in RiskRating.values:
        return GuardResult(False, "须评定风险等级（低、中、高）。")
    return GuardResult(True)


LETTERS = {
    "explanation": "请予说明函",
    "opinion": "审查意见书",
    "suggestion": "审查建议书",
}


def letter_kind_valid(context: StepContext) -> GuardResult:
    if context.data.get("letter_kind") not in LETTERS:
        return GuardResult(False, "审查文书须为请予说明函、审查意见书或审查建议书之一。")
    return GuardResult(True)


def closing_outcome_valid(context: StepContext) -> GuardResult:
    if context.data.get("outcome") not in FILING_OUTCOMES:
        return GuardResult(False, "须写明审查结论。")
    return GuardResult(True)


FILING_OUTCOMES = {
    "no_issue": "未发现问题",
    "explained": "制定机关说明理由，予以认可",
    "corrected": "制定机关已修改或废止",
    "revoked": "依法予以撤销或纠正",
}


SUPERVISOR = Guard("由法治机构审查", acting_for_supervising_body, citation=BEIAN_29)


FILING = register(
    Procedure(
        id="normative_documents.filing",
        title="规范性文件备案审查",
        initial="registered",
        states=(
            State("registered", "待报备"),
            State("filed", "已报备"),
            State("reviewing", "审查中"),
            State("awaiting_reply", "待制定机关答复"),
            State("closed", "审查终结", terminal=True),
        ),
        steps=(
            Step(
                code="file",
                label="报送备案",
                source="registered",
                target="filed",
                roles=HANDLERS,
                guards=(
                    Guard(
                        "属于备案",
                        is_filing,
                        reason="审查建议无须报送备案。",
                        no_citation_reason="仅备案审查记录需要报送。",
                    ),
                ),
                stops=("normdoc.filing_congress", "normdoc.filing_government"),
                citation=BEIAN_11,
            ),
            Step(
                code="start_review",
                label="登记并开始审查",
                source="filed",
                target="reviewing",
                roles=REVIEWERS,
                guards=(SUPERVISOR,),
                citation=BEIAN_11,
            ),
            Step(
                code="accept_request",
                label="受理审查建议",
                source="registered",
                target="reviewing",
                roles=REVIEWERS,
                guards=(
                    SUPERVISOR,
                    Guard(
                        "属于审查建议",
                        is_objection,
                        reason="备案文件须先报送。",
                        no_citation_reason="备案文件经报送后方可审查。",
                    ),
                ),
                citation=Citation("北京市优化营商环境条例", "2024年修订", "第七十六条"),
            ),
            Step(
                code="send_letter",
                label="发出审查文书",
                source="reviewing",
                target="awaiting_reply",
                roles=REVIEWERS,
                guards=(
                    SUPERVISOR,
                    Guard("风险等级", risk_rating_valid, citation=BEIAN_29),
                    Guard("审查文书类别", letter_kind_valid, citation=BEIAN_29),
                    required_field("letter_text", "审查文书内容", citation=BEIAN_29),
                ),
                fields=("checks", "risk_rating", "letter_kind", "letter_text"),
                citation=BEIAN_29,
            ),
            Step(
                code="reply",
                label="制定机关答复",
                source="awaiting_reply",
                target="reviewing",
                roles=HANDLERS,
                guards=(required_field("reply_text", "答复内容", citation=BEIAN_29),),
                fields=("reply_text", "correction"),
                citation=BEIAN_29,
            ),
            Step(
                code="close",
                label="审查终结",
                source="reviewing",
                target="closed",
                roles=REVIEWERS,
                guards=(
                    SUPERVISOR,
                    Guard("风险等级", risk_rating_valid, citation=BEIAN_29),
                    Guard("审查结论", closing_outcome_valid, citation=BEIAN_29),
                ),
                fields=("checks", "risk_rating", "outcome"),
                citation=BEIAN_29,
            ),
        ),
    )
)
