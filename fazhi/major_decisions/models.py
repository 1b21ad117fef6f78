"""重大行政决策: the yearly catalog and its adjustments, the decision under its procedure, the
records of each mandatory step, execution and post-decision evaluation.

Law: 重大行政决策程序暂行条例 (国务院令第713号, 2019) — "条例" below.

A decision goes through its mandatory steps in rounds: a major adjustment (第三十七条) sends it
back to drafting and opens round n + 1, so every step record carries the round it belongs to and
the guards look at the current round only.
"""

from __future__ import annotations

import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import Person, Unit
from fazhi.procedures.models import ProcedureRecord


class Category(models.TextChoices):
    """条例第三条第一款: the five kinds of decision matters."""

    POLICY = "policy", "重大公共政策和措施（公共服务、市场监管、社会管理、环境保护等）"
    PLAN = "plan", "经济和社会发展等方面的重要规划"
    RESOURCES = "resources", "开发利用、保护重要自然资源和文化资源的重大公共政策和措施"
    PROJECT = "project", "在本行政区域实施的重大公共建设项目"
    OTHER = "other", "对经济社会发展有重大影响、涉及重大公共利益或者社会公众切身利益的其他重大事项"


# ---- the catalog (条例第三条第三款) -------------------------------------------------------------


class Catalog(ProcedureRecord):
    """The decision body's yearly catalog of decision matters (决策事项目录)."""

    procedure_id = "major_decisions.catalog"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="决策机关")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("目录名称", max_length=200)
    party_agreed_on = models.DateField("党委同意日期", null=True, blank=True)
    party_agreement = models.CharField("党委同意的文件或会议", max_length=200, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="编制人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "决策事项目录"
        verbose_name_plural = "决策事项目录"
        ordering = ["-year", "unit_id"]
        constraints = [
            *ProcedureRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="catalog_one_per_year",
                violation_error_message="该决策机关本年度的决策事项目录已经存在。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("major_decisions:catalog", args=[self.pk])


class CatalogAdjustment(models.Model):
    """One adjustment of a published catalog (调整), recorded and published."""

    catalog = models.ForeignKey(
        Catalog, models.CASCADE, related_name="adjustments", verbose_name="决策事项目录"
    )
    number = models.PositiveSmallIntegerField("调整序号")
    reason = models.TextField("调整理由")
    party_agreed_on = models.DateField("党委同意日期", null=True, blank=True)
    party_agreement = models.CharField("党委同意的文件或会议", max_length=200, blank=True)
    published_on = models.DateField("公布日期")
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="经办人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "目录调整"
        verbose_name_plural = "目录调整"
        ordering = ["catalog_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalog", "number"],
                name="catalog_adjustment_number",
                violation_error_message="调整序号重复。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.catalog}第{self.number}次调整"


class ItemState(models.TextChoices):
    PROPOSED = "proposed", "已申报"
    INCLUDED = "included", "列入目录"
    DECLINED = "declined", "未列入"
    REMOVED = "removed", "调出目录"


class CatalogItem(models.Model):
    """A decision matter: proposed by a unit, included in (or declined for) the catalog, or
    added or removed by an adjustment."""

    catalog = models.ForeignKey(
        Catalog, models.PROTECT, related_name="items", verbose_name="决策事项目录"
    )
    title = models.CharField("决策事项名称", max_length=200)
    category = models.CharField("事项类别", max_length=20, choices=Category.choices)
    reason = models.TextField("列为重大行政决策的理由")
    lead_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name="决策承办单位"
    )
    planned = models.CharField("计划完成时间", max_length=60)
    proposed_by = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="申报单位")
    proposer = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="申报人")
    proposed_at = models.DateTimeField("申报时间", default=timezone.now)
    state = models.CharField(
        "状态", max_length=20, choices=ItemState.choices, default=ItemState.PROPOSED
    )
    position = models.PositiveSmallIntegerField("目录序号", null=True, blank=True)
    decline_reason = models.TextField("未列入理由", blank=True)
    added_by = models.ForeignKey(
        CatalogAdjustment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="added_items",
        verbose_name="调整增列",
    )
    removed_by = models.ForeignKey(
        CatalogAdjustment,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="removed_items",
        verbose_name="调整调出",
    )

    class Meta:
        verbose_name = "决策事项"
        verbose_name_plural = "决策事项"
        ordering = ["catalog_id", "position", "pk"]

    def __str__(self) -> str:
        return self.title


# ---- the decision -----------------------------------------------------------------------------


class Decision(ProcedureRecord):
    """A major administrative decision under `major_decisions.decision`. `unit` is the lead
    drafting unit (决策承办单位, 第十一条); `body` the decision body (决策机关)."""

    procedure_id = "major_decisions.decision"

    body = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="决策机关")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="决策承办单位")
    co_units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name="协办单位")
    catalog_item = models.OneToOneField(
        CatalogItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name="目录事项",
    )
    outside_catalog_reason = models.TextField("目录外事项作为重大行政决策办理的理由", blank=True)
    title = models.CharField("决策事项", max_length=200)
    category = models.CharField("事项类别", max_length=20, choices=Category.choices)
    started_on = models.DateField("决定启动日期")
    start_basis = models.CharField("启动依据", max_length=200)
    draft = models.TextField("决策草案", blank=True)
    explanation = models.TextField("决策草案说明", blank=True)
    legal_basis = models.TextField("法律、法规、规章和政策依据", blank=True)
    concerns_business = models.BooleanField("涉及市场主体经济活动", default=False)
    competition_position = models.TextField("公平竞争审查情况", blank=True)
    not_public_reason = models.TextField("依法不予公开的理由", blank=True)
    # Steps the 条例 makes conditional: blank means required; a reason means not required.
    hearing_waiver = models.TextField("不召开听证会的理由", blank=True)
    expert_waiver = models.TextField("不组织专家论证的理由", blank=True)
    risk_waiver = models.TextField("不开展风险评估的理由", blank=True)
    exploratory = models.BooleanField("探索性改革决策事项", default=False)
    npc_report_required = models.BooleanField("出台前须向人大常委会报告", default=False)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    party_reported_on = models.DateField("向党委请示报告日期", null=True, blank=True)
    party_reply = models.TextField("党委批复意见", blank=True)
    npc_reported_on = models.DateField("向人大常委会报告日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    publication = models.TextField("公布的决策内容", blank=True)
    adoption_note = models.TextField("公众意见、专家论证意见采纳情况说明", blank=True)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        ordering = ["-started_on", "-pk"]
        constraints = [
            *ProcedureRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(catalog_item__isnull=False) | ~Q(outside_catalog_reason=""),
                name="decision_in_catalog_or_reason",
                violation_error_message="目录外事项作为重大行政决策办理的，须写明理由。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("major_decisions:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return not self.not_public_reason.strip()


# ---- 公众参与 (第十四–十八条) ----------------------------------------------------------------


class CommentPeriod(models.Model):
    """A public comment solicitation on the portal (第十五条)."""

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="comment_periods", verbose_name="重大行政决策"
    )
    round = models.PositiveSmallIntegerField("办理轮次")
    draft = models.TextField("征求意见稿")
    explanation = models.TextField("起草说明")
    how_to_comment = models.TextField("提出意见的方式", blank=True)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    shortened_reason = models.TextField("缩短期限的理由", blank=True)
    feedback = models.TextField("意见采纳情况反馈", blank=True)
    feedback_published_on = models.DateField("反馈公布日期", null=True, blank=True)
    opened_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="发布人")

    class Meta:
        verbose_name = "公开征求意见"
        verbose_name_plural = "公开征求意见"
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="comment_period_range",
                violation_error_message="截止日期不能早于开始日期。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision}（征求意见）"

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Channel(models.TextChoices):
    PORTAL = "portal", "网站留言"
    LETTER = "letter", "信函"
    MEETING = "meeting", "座谈会"
    VISIT = "visit", "实地走访"
    SURVEY = "survey", "问卷调查"
    OTHER = "other", "其他"


class Reply(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "不采纳"


class Comment(models.Model):
    """One comment on a solicitation; the commenter is never shown in public."""

    period = models.ForeignKey(
        CommentPeriod, models.PROTECT, related_name="comments", verbose_name="公开征求意见"
    )
    channel = models.CharField("来源", max_length=20, choices=Channel.choices)
    name = models.CharField("提出人", max_length=60, blank=True)
    organization = models.CharField("单位或组织", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=60, blank=True)
    text = models.TextField("意见内容")
    submitted_at = models.DateTimeField("提出时间", default=timezone.now)
    client_key = models.CharField("来源标识摘要", max_length=64, blank=True, db_index=True)
    reply = models.CharField("采纳情况", max_length=20, choices=Reply.choices, blank=True)
    reply_reason = models.TextField("理由", blank=True)
    replied_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="答复人"
    )
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "决策意见"
        verbose_name_plural = "决策意见"
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


class HearingState(models.TextChoices):
    ANNOUNCED = "announced", "已公告"
    HELD = "held", "已举行"
    CANCELLED = "cancelled", "已取消"


class Hearing(models.Model):
    """A hearing (第十六–十七条): announced with the draft, time and place and the participants'
    selection method; the participants' list published and the materials delivered 7 days
    before; held publicly; its record confirmed and signed by the participants."""

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="hearings", verbose_name="重大行政决策"
    )
    round = models.PositiveSmallIntegerField("办理轮次")
    held_on = models.DateField("听证日期")
    time = models.CharField("听证时间", max_length=40)
    place = models.CharField("听证地点", max_length=200)
    selection_method = models.TextField("听证参加人遴选办法")
    draft = models.TextField("公布的决策草案", blank=True)
    explanation = models.TextField("公布的决策草案说明", blank=True)
    announced_on = models.DateField("公告日期")
    participants = models.JSONField("听证参加人", default=list, encoder=DjangoJSONEncoder)
    participants_published_on = models.DateField("参加人名单公布日期", null=True, blank=True)
    materials_delivered_on = models.DateField("材料送达日期", null=True, blank=True)
    state = models.CharField(
        "状态", max_length=20, choices=HearingState.choices, default=HearingState.ANNOUNCED
    )
    record = models.TextField("听证会记录", blank=True)
    record_signed = models.BooleanField("听证参加人已确认记录并签字", default=False)
    cancel_reason = models.TextField("取消理由", blank=True)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="组织人")

    class Meta:
        verbose_name = "听证会"
        verbose_name_plural = "听证会"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision}听证会（{self.held_on}）"


# ---- 专家论证 (第十九–二十一条) ----------------------------------------------------------------


class Expert(models.Model):
    """An expert of the decision-consultation pool (决策咨询论证专家库, 第二十一条)."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="专家库管理单位")
    name = models.CharField("姓名", max_length=60)
    specialties = models.CharField("专业领域", max_length=200, help_text="以顿号或逗号分隔")
    affiliation = models.CharField("工作单位", max_length=200)
    title = models.CharField("职称或职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    active = models.BooleanField("在库", default=True)
    added_on = models.DateField("入库日期", default=timezone.localdate)

    class Meta:
        verbose_name = "决策咨询论证专家"
        verbose_name_plural = "决策咨询论证专家"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def specialty_list(self) -> list[str]:
        return [f for f in re.split(r"[、，,;；\s]+", self.specialties) if f]


class Conflict(models.Model):
    """A declared conflict of interest: with one decision, or with a unit (every decision that
    unit drafts). A conflicted expert is not drawn (第二十条: 不得选择有直接利害关系的专家)."""

    expert = models.ForeignKey(
        Expert, models.CASCADE, related_name="conflicts", verbose_name="专家"
    )
    decision = models.ForeignKey(
        Decision, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="决策"
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="单位"
    )
    description = models.TextField("利害关系说明")
    declared_on = models.DateField("申报日期", default=timezone.localdate)

    class Meta:
        verbose_name = "利害关系申报"
        verbose_name_plural = "利害关系申报"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | Q(unit__isnull=False),
                name="conflict_names_decision_or_unit",
                violation_error_message="利害关系须指明所涉决策或单位。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert}：{self.description[:30]}"


class ReviewMethod(models.TextChoices):
    MEETING = "meeting", "论证会"
    WRITTEN = "written", "书面咨询"
    COMMISSIONED = "commissioned", "委托咨询论证"


class ExpertReview(models.Model):
    """专家论证 of one round: the method (第二十条), the experts drawn from the pool, their
    signed written opinions (第十九条第二款) and how the drafting unit used them."""

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="expert_reviews", verbose_name="重大行政决策"
    )
    round = models.PositiveSmallIntegerField("办理轮次")
    method = models.CharField("论证方式", max_length=20, choices=ReviewMethod.choices)
    institution = models.CharField("受托专业机构", max_length=200, blank=True)
    held_on = models.DateField("论证日期", null=True, blank=True)
    adoption = models.TextField("论证意见研究采纳情况", blank=True)
    cancel_reason = models.TextField("撤销理由", blank=True)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="组织人")

    class Meta:
        verbose_name = "专家论证"
        verbose_name_plural = "专家论证"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.decision}（专家论证）"


class ExpertOpinion(models.Model):
    review = models.ForeignKey(
        ExpertReview, models.CASCADE, related_name="opinions", verbose_name="专家论证"
    )
    expert = models.ForeignKey(Expert, models.PROTECT, related_name="+", verbose_name="专家")
    opinion = models.TextField("论证意见", blank=True)
    signed = models.BooleanField("已署名", default=False)
    submitted_on = models.DateField("提交日期", null=True, blank=True)

    class Meta:
        verbose_name = "专家论证意见"
        verbose_name_plural = "专家论证意见"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "expert"],
                name="expert_once_per_review",
                violation_error_message="该专家已在本次论证中。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert}的论证意见"


# ---- 风险评估 (第二十二–二十四条) --------------------------------------------------------------


class RiskLevel(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


RISK_DIMENSIONS = (
    ("social_stability", "社会稳定"),
    ("public_safety", "公共安全"),
    ("environment", "生态环境"),
    ("economy", "经济"),
    ("public_opinion", "舆情"),
)


class RiskAssessment(models.Model):
    """A risk assessment report: by dimension (level, risk points), the overall level, the
    prevention measures and the contingency plan (第二十三条), and whether the decision body
    finds the risk controllable (第二十四条)."""

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="risk_assessments", verbose_name="重大行政决策"
    )
    round = models.PositiveSmallIntegerField("办理轮次")
    assessor = models.CharField("评估单位", max_length=200)
    methods = models.CharField("评估方式", max_length=200)
    dimensions = models.JSONField("分项评估", default=dict, encoder=DjangoJSONEncoder)
    level = models.CharField("风险等级", max_length=20, choices=RiskLevel.choices)
    controllable = models.BooleanField("风险可控")
    measures = models.TextField("风险防范措施")
    contingency = models.TextField("处置预案")
    departments_heard = models.TextField("听取有关部门意见情况")
    reported_on = models.DateField("报告日期")
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="登记人")

    class Meta:
        verbose_name = "风险评估"
        verbose_name_plural = "风险评估"
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision}（风险评估）"


# ---- 合法性审查 (第二十五–二十八条) -----------------------------------------------------------


class Opinion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    AMEND = "amend", "应当修改"
    LEGAL_RISK = "legal_risk", "明示法律风险（探索性改革事项）"
    UNLAWFUL = "unlawful", "不合法"
    RETURNED = "returned", "材料不符合要求，退回补充"


class LegalityReview(models.Model):
    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="legality_reviews", verbose_name="重大行政决策"
    )
    round = models.PositiveSmallIntegerField("办理轮次")
    reviewing_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name="合法性审查部门"
    )
    submitted_on = models.DateField("送审日期")
    package = models.JSONField("送审材料", default=dict, encoder=DjangoJSONEncoder)
    urgent_reason = models.TextField("审查时间少于7个工作日的理由", blank=True)
    adviser_opinion = models.TextField("法律顾问意见", blank=True)
    lawyer_opinion = models.TextField("公职律师意见", blank=True)
    opinion = models.CharField("审查意见", max_length=20, choices=Opinion.choices, blank=True)
    opinion_text = models.TextField("合法性审查意见书", blank=True)
    reviewed_on = models.DateField("审查完成日期", null=True, blank=True)
    reviewer = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审查人"
    )
    response = models.TextField("承办单位根据审查意见调整或补充的情况", blank=True)

    class Meta:
        verbose_name = "合法性审查"
        verbose_name_plural = "合法性审查"
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.decision}（合法性审查）"


# ---- 集体讨论决定 (第二十九–三十一条) ---------------------------------------------------------


class MeetingKind(models.TextChoices):
    EXECUTIVE = "executive", "常务会议"
    PLENARY = "plenary", "全体会议"


class Outcome(models.TextChoices):
    ADOPTED = "adopted", "通过"
    DEFERRED = "deferred", "修改后再议"
    REJECTED = "rejected", "不予通过"


class Discussion(models.Model):
    """The collective discussion (第三十条): members speak, the head speaks last and decides,
    explains at the meeting a decision against the majority; dissent is minuted."""

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="discussions", verbose_name="重大行政决策"
    )
    round = models.PositiveSmallIntegerField("办理轮次")
    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    meeting = models.CharField("会议名称", max_length=100)
    held_on = models.DateField("会议日期")
    chair = models.CharField("行政首长", max_length=60)
    views = models.JSONField("组成人员意见", default=list, encoder=DjangoJSONEncoder)
    observers = models.JSONField("列席人员", default=list, encoder=DjangoJSONEncoder)
    materials = models.JSONField("提交讨论的材料", default=dict, encoder=DjangoJSONEncoder)
    outcome = models.CharField("决定", max_length=20, choices=Outcome.choices)
    chair_view = models.TextField("行政首长意见")
    differs_explanation = models.TextField("与多数意见不一致的理由", blank=True)
    dissent = models.TextField("不同意见", blank=True)
    minutes = models.TextField("会议记录")

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.meeting}（{self.held_on}）"


# ---- 执行和调整 (第三十四–三十七条) -----------------------------------------------------------


class ExecutionTask(models.Model):
    """What one execution unit must do by when (第三十四条)."""

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="tasks", verbose_name="重大行政决策"
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="决策执行单位")
    target = models.TextField("执行目标")
    due_on = models.DateField("完成时限")
    report_every_days = models.PositiveSmallIntegerField("报告周期（日）", default=90)
    done_on = models.DateField("完成日期", null=True, blank=True)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="分解人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "执行任务"
        verbose_name_plural = "执行任务"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.target[:40]


class ExecutionReport(models.Model):
    """An execution unit's report (第三十四条); `problem` marks a report under 第三十五条 (a
    problem, a major change of circumstances, force majeure), which the decision body must see."""

    task = models.ForeignKey(
        ExecutionTask, models.PROTECT, related_name="reports", verbose_name="执行任务"
    )
    reported_on = models.DateField("报告日期")
    progress = models.TextField("执行情况")
    problem = models.BooleanField("存在第三十五条所列情形", default=False)
    problem_text = models.TextField("问题或情况变化", blank=True)
    done = models.BooleanField("任务已完成", default=False)
    reporter = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="报告人")

    class Meta:
        verbose_name = "执行情况报告"
        verbose_name_plural = "执行情况报告"
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.task}（{self.reported_on}）"


class Trigger(models.TextChoices):
    """条例第三十六条第一款."""

    NOT_ACHIEVED = "not_achieved", "实施后明显未达到预期效果"
    MANY_COMMENTS = "many_comments", "公民、法人或者其他组织提出较多意见"
    NECESSARY = "necessary", "决策机关认为有必要"


class EvaluationConclusion(models.TextChoices):
    CONTINUE = "continue", "继续执行"
    ADJUST = "adjust", "调整"
    STOP = "stop", "停止执行"


class Evaluation(models.Model):
    """决策后评估 (第三十六条): started on a trigger, carried out by a unit (or a third party)
    that did not do the main pre-decision work, concluded with continue / adjust / stop."""

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="evaluations", verbose_name="重大行政决策"
    )
    trigger = models.CharField("启动情形", max_length=20, choices=Trigger.choices)
    trigger_note = models.TextField("情形说明")
    evaluator_unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="评估单位"
    )
    third_party = models.CharField("受托第三方", max_length=200, blank=True)
    started_on = models.DateField("启动日期")
    public_heard = models.TextField("听取社会公众意见情况", blank=True)
    report = models.TextField("评估报告", blank=True)
    conclusion = models.CharField(
        "评估结论", max_length=20, choices=EvaluationConclusion.choices, blank=True
    )
    follow_up = models.TextField("后续处理", blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="登记人")

    class Meta:
        verbose_name = "决策后评估"
        verbose_name_plural = "决策后评估"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evaluator_unit__isnull=False) | ~Q(third_party=""),
                name="evaluation_has_evaluator",
                violation_error_message="须指明承担评估具体工作的单位或受托第三方。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision}（决策后评估）"

    @property
    def evaluator(self) -> str:
        return self.third_party or (self.evaluator_unit.name if self.evaluator_unit else "")


# ---- additions of the district's own procedure rules, and files ---------------------------------


class LocalStep(models.Model):
    """A step the district's own rules add (setting FAZHI_DECISION_LOCAL_STEPS), done."""

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="local_steps", verbose_name="重大行政决策"
    )
    round = models.PositiveSmallIntegerField("办理轮次")
    code = models.CharField("环节代码", max_length=40)
    label = models.CharField("环节名称", max_length=100)
    done_on = models.DateField("完成日期")
    note = models.TextField("办理情况")
    recorded_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="登记人")

    class Meta:
        verbose_name = "本地规定环节"
        verbose_name_plural = "本地规定环节"
        ordering = ["done_on", "pk"]

    def __str__(self) -> str:
        return self.label


class Attachment(models.Model):
    """A file of the decision's record (the draft's materials, a signed expert opinion, the
    hearing record, the risk report, minutes…), stored by the evidence app."""

    decision = models.ForeignKey(
        Decision, models.PROTECT, related_name="attachments", verbose_name="重大行政决策"
    )
    round = models.PositiveSmallIntegerField("办理轮次")
    kind = models.CharField("材料类别", max_length=40)
    title = models.CharField("材料名称", max_length=200)
    stored_file = models.ForeignKey(
        "evidence.StoredFile", models.PROTECT, related_name="+", verbose_name="文件"
    )
    public = models.BooleanField("向社会公开", default=False)
    added_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="上传人")
    added_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "决策材料"
        verbose_name_plural = "决策材料"
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title
