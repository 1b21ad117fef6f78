"""行政规范性文件: a document is a work (Document) with dated versions (Version), each made
under the procedure `normative_documents.making`; published versions are never edited —
amendment makes a new version, repeal ends the work.

Status on any date is derived from the dates (see `Version.status_on` and
`VersionQuerySet.in_force_on`), never stored, so "what was in force on D" has one answer.
"""

from __future__ import annotations

from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from fazhi.core.models import Person, Unit
from fazhi.procedures.models import ProcedureRecord


class Subject(models.TextChoices):
    GENERAL = "general", "综合政务"
    MARKET = "market", "市场监管"
    CONSTRUCTION = "construction", "城乡建设"
    ENVIRONMENT = "environment", "生态环境"
    EDUCATION = "education", "教育"
    HEALTH = "health", "卫生健康"
    CIVIL = "civil", "民政"
    FINANCE = "finance", "财政"
    TRANSPORT = "transport", "交通运输"
    SAFETY = "safety", "公共安全"
    AGRICULTURE = "agriculture", "农业农村"
    CULTURE = "culture", "文化旅游"
    LABOUR = "labour", "人力资源和社会保障"
    OTHER = "other", "其他"


class Status(models.TextChoices):
    """A version's status on a given day, derived from its dates."""

    DRAFTING = "drafting", "起草中"
    PENDING = "pending", "已公布尚未施行"
    IN_FORCE = "in_force", "现行有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"
    DECLARED_INVALID = "declared_invalid", "宣布失效"


class EndKind(models.TextChoices):
    REPEALED = "repealed", "废止"
    DECLARED_INVALID = "declared_invalid", "宣布失效"


class Document(models.Model):
    """The work: one identity across its versions, issued by an enacting body (制定机关)."""

    issuer = models.ForeignKey(
        Unit, models.PROTECT, related_name="normative_documents", verbose_name="制定机关"
    )
    co_issuers = models.ManyToManyField(
        Unit, blank=True, related_name="co_issued_documents", verbose_name="联合发文机关"
    )
    subject = models.CharField("主题分类", max_length=20, choices=Subject.choices)
    ended_on = models.DateField("废止或宣布失效日期", null=True, blank=True)
    end_kind = models.CharField("终止方式", max_length=20, choices=EndKind.choices, blank=True)
    end_reason = models.TextField("终止理由", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "规范性文件"
        verbose_name_plural = "规范性文件"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_kind="")
                | Q(ended_on__isnull=False) & ~Q(end_kind=""),
                name="normdoc_end_kind_with_date",
                violation_error_message="废止或宣布失效须同时写明日期和方式。",
            ),
        ]

    def __str__(self) -> str:
        latest = self.versions.order_by("-number").first()
        return latest.title if latest else f"规范性文件 {self.pk}"


class VersionQuerySet(models.QuerySet):
    def published(self) -> VersionQuerySet:
        return self.filter(published_on__isnull=False, state="published")

    def in_force_on(self, day: date) -> VersionQuerySet:
        """The versions in force on `day`: published and in effect by then, not expired, the
        work not repealed, and no later version of the work in effect by then. One query."""
        later = Version.objects.filter(
            document=OuterRef("document"),
            state="published",
            number__gt=OuterRef("number"),
            effective_on__lte=day,
        )
        return (
            self.published()
            .filter(effective_on__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
            .filter(Q(document__ended_on__isnull=True) | Q(document__ended_on__gt=day))
            .exclude(Exists(later))
        )


class Version(ProcedureRecord):
    """One dated version of a document, from its draft to its publication."""

    procedure_id = "normative_documents.making"

    document = models.ForeignKey(
        Document, models.PROTECT, related_name="versions", verbose_name="规范性文件"
    )
    number = models.PositiveSmallIntegerField("版本序号", default=1)
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="drafted_normative_documents", verbose_name="起草单位"
    )
    co_drafters = models.ManyToManyField(
        Unit, blank=True, related_name="co_drafted_normative_documents", verbose_name="联合起草单位"
    )
    title = models.CharField("标题", max_length=200)
    text = models.TextField("正文", blank=True)
    necessity = models.TextField("必要性论证", blank=True)
    feasibility = models.TextField("可行性论证", blank=True)
    impact = models.TextField("影响评估", blank=True)
    legal_basis = models.TextField("制定依据", blank=True)
    drafter_opinion = models.TextField("起草单位合法性审查意见", blank=True)
    affects_rights = models.BooleanField("涉及公民、法人和其他组织权利义务", default=True)
    concerns_business = models.BooleanField("与市场主体生产经营活动密切相关", default=False)
    comment_opens_on = models.DateField("征求意见开始日期", null=True, blank=True)
    comment_closes_on = models.DateField("征求意见截止日期", null=True, blank=True)
    adoption_summary = models.TextField("意见采纳情况说明", blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    effective_exception = models.TextField("施行日期少于适应期的理由", blank=True)
    doc_number = models.CharField("发文字号", max_length=60, blank=True)
    registration_number = models.CharField("登记编号", max_length=40, blank=True)
    imported = models.BooleanField("历史文件导入", default=False)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="起草人")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    objects = VersionQuerySet.as_manager()

    class Meta(ProcedureRecord.Meta):
        verbose_name = "规范性文件版本"
        verbose_name_plural = "规范性文件版本"
        ordering = ["-published_on", "-pk"]
        constraints = [
            *ProcedureRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["document", "number"],
                name="normdoc_version_number_unique",
                violation_error_message="同一文件的版本序号不能重复。",
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="normdoc_registration_unique",
                violation_error_message="登记编号已被使用。",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(valid_until__gte=models.F("effective_on")),
                name="normdoc_valid_after_effective",
                violation_error_message="有效期截止日期不能早于施行日期。",
            ),
        ]
        indexes = [models.Index(fields=["document", "number"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/workspace/normative-documents/{self.pk}/"

    @property
    def is_provisional(self) -> bool:
        """暂行 or 试行 documents have a shorter validity period."""
        return "暂行" in self.title or "试行" in self.title or "暫行" in self.title

    def status_on(self, day: date, *, later_effective: date | None = None) -> Status:
        """This version's status on `day`. `later_effective` is the effective date of the next
        published version of the work, if any (the caller knows it; see selectors)."""
        if self.state != "published" or self.published_on is None or self.published_on > day:
            return Status.DRAFTING
        document = self.document
        if document.ended_on is not None and document.ended_on <= day:
            return Status(document.end_kind)
        if later_effective is not None and later_effective <= day:
            return Status.AMENDED
        if self.valid_until is not None and self.valid_until < day:
            return Status.EXPIRED
        if self.effective_on is not None and self.effective_on > day:
            return Status.PENDING
        return Status.IN_FORCE


class Channel(models.TextChoices):
    PORTAL = "portal", "门户网站"
    STAFF = "staff", "工作人员录入"
    ENTERPRISE = "enterprise", "企业"
    ASSOCIATION = "association", "行业协会商会"
    LETTER = "letter", "来信"


class Reply(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    REJECTED = "rejected", "不采纳"


class Comment(models.Model):
    """A comment on a draft in its comment period, and the official reply to it."""

    version = models.ForeignKey(
        Version, models.PROTECT, related_name="comments", verbose_name="文件版本"
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
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}意见 {self.pk}"

    @property
    def unit_id(self) -> int:
        return self.version.unit_id


class FairCompetitionConclusion(models.TextChoices):
    COMPLIANT = "compliant", "符合公平竞争审查标准"
    EXCEPTION = "exception", "具有排除、限制竞争效果但符合例外规定"
    NONCOMPLIANT = "noncompliant", "不符合公平竞争审查标准"


class FairCompetitionReview(models.Model):
    """公平竞争审查 (公平竞争审查条例 2024): the 19 items of 第八–十一条 and the conclusion."""

    version = models.ForeignKey(
        Version, models.PROTECT, related_name="competition_reviews", verbose_name="文件版本"
    )
    findings = models.JSONField("逐项审查结果", default=dict, encoder=DjangoJSONEncoder)
    operators_heard = models.TextField("听取经营者意见情况", blank=True)
    conclusion = models.CharField(
        "审查结论", max_length=20, choices=FairCompetitionConclusion.choices
    )
    exception_reason = models.TextField("适用例外规定的说明", blank=True)
    reviewed_on = models.DateField("审查日期")
    reviewer = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="审查人")

    class Meta:
        verbose_name = "公平竞争审查"
        verbose_name_plural = "公平竞争审查"
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.version}：{self.get_conclusion_display()}"

    @property
    def passed(self) -> bool:
        return self.conclusion != FairCompetitionConclusion.NONCOMPLIANT


class Opinion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    UNLAWFUL = "unlawful", "不合法"
    AMEND = "amend", "应当予以修改"


class Adoption(models.TextChoices):
    FULL = "full", "全部采纳"
    PARTIAL = "partial", "部分采纳"
    NONE = "none", "未采纳"


class LegalityReview(models.Model):
    """One round of 合法性审核 (国办发〔2018〕115号 二(四)–(七)): the package submitted, the
    reviewer's written opinion, and the drafter's response to it."""

    version = models.ForeignKey(
        Version, models.PROTECT, related_name="legality_reviews", verbose_name="文件版本"
    )
    round = models.PositiveSmallIntegerField("审核轮次", default=1)
    reviewing_unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name="审核机构"
    )
    submitted_on = models.DateField("送审日期")
    package = models.JSONField("送审材料", default=dict, encoder=DjangoJSONEncoder)
    urgent_reason = models.TextField("紧急情况说明（缩短审核时间）", blank=True)
    opinion = models.CharField("审核意见", max_length=20, choices=Opinion.choices, blank=True)
    opinion_text = models.TextField("审核意见书", blank=True)
    opinion_items = models.PositiveIntegerField("提出意见条数", default=0)
    reviewed_on = models.DateField("审核完成日期", null=True, blank=True)
    reviewer = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审核人"
    )
    adoption = models.CharField(
        "起草单位采纳情况", max_length=20, choices=Adoption.choices, blank=True
    )
    adoption_explanation = models.TextField("未完全采纳的说明", blank=True)

    class Meta:
        verbose_name = "合法性审核"
        verbose_name_plural = "合法性审核"
        ordering = ["version", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "round"],
                name="normdoc_review_round_unique",
                violation_error_message="同一版本的审核轮次不能重复。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} 第{self.round}轮合法性审核"


class FlagDecision(models.TextChoices):
    PENDING = "", "待判断"
    ACCEPTED = "accepted", "采纳"
    DISMISSED = "dismissed", "不采纳"


class PrereviewFlag(models.Model):
    """A clause the pre-review flagged, and the reviewer's call on it (an aid, not a ruling)."""

    review = models.ForeignKey(
        LegalityReview, models.CASCADE, related_name="flags", verbose_name="合法性审核"
    )
    category = models.CharField("类别", max_length=20)
    clause = models.TextField("条款")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    reason = models.TextField("提示理由")
    basis = models.CharField("可能违反的规定", max_length=300)
    other_version = models.ForeignKey(
        Version, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="冲突文件"
    )
    other_clause = models.TextField("冲突条款", blank=True)
    decision = models.CharField(
        "审核人判断", max_length=20, choices=FlagDecision.choices, blank=True
    )
    decision_reason = models.TextField("判断理由", blank=True)

    class Meta:
        verbose_name = "合法性审核提示"
        verbose_name_plural = "合法性审核提示"
        ordering = ["review", "start", "pk"]

    def __str__(self) -> str:
        return f"{self.category}：{self.clause[:30]}"


class DeliberationResult(models.TextChoices):
    PASSED = "passed", "审议通过"
    PASSED_IN_PRINCIPLE = "in_principle", "原则通过"
    REJECTED = "rejected", "未通过"


class Deliberation(models.Model):
    """集体审议: the meeting that discussed the draft."""

    version = models.ForeignKey(
        Version, models.PROTECT, related_name="deliberations", verbose_name="文件版本"
    )
    meeting = models.CharField("会议名称", max_length=100)
    held_on = models.DateField("会议日期")
    result = models.CharField("审议结果", max_length=20, choices=DeliberationResult.choices)
    attendees = models.TextField("出席人员")
    notes = models.TextField("审议意见", blank=True)

    class Meta:
        verbose_name = "集体审议"
        verbose_name_plural = "集体审议"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting}（{self.held_on}）"


class FilingBody(models.TextChoices):
    CONGRESS = "congress", "区人大常委会"
    GOVERNMENT = "government", "上级人民政府法制机构"


class FilingKind(models.TextChoices):
    FILING = "filing", "备案审查"
    OBJECTION = "objection", "审查建议（异议审查）"


class RiskRating(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class Filing(ProcedureRecord):
    """备案 and its review (有件必备、有备必审、有错必纠), or a request by anyone to review a
    document in force (审查建议), run under `normative_documents.filing`."""

    procedure_id = "normative_documents.filing"

    # Not `version`: ProcedureRecord.version is the record's step counter.
    document_version = models.ForeignKey(
        Version, models.PROTECT, related_name="filings", verbose_name="文件版本"
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="报备单位")
    kind = models.CharField("类型", max_length=20, choices=FilingKind.choices)
    body = models.CharField("备案审查机关", max_length=20, choices=FilingBody.choices)
    due_on = models.DateField("报备期限", null=True, blank=True)
    filed_on = models.DateField("报备日期", null=True, blank=True)
    requester_name = models.CharField("建议人", max_length=60, blank=True)
    requester_contact = models.CharField("建议人联系方式", max_length=60, blank=True)
    request_text = models.TextField("审查建议内容", blank=True)
    client_key = models.CharField("来源标识摘要", max_length=64, blank=True, db_index=True)
    checks = models.JSONField("审查要点", default=dict, encoder=DjangoJSONEncoder)
    risk_rating = models.CharField(
        "风险等级", max_length=10, choices=RiskRating.choices, blank=True
    )
    letter_kind = models.CharField("审查文书", max_length=20, blank=True)
    letter_text = models.TextField("审查文书内容", blank=True)
    reply_text = models.TextField("制定机关答复", blank=True)
    correction = models.TextField("纠正情况", blank=True)
    outcome = models.CharField("审查结论", max_length=20, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta(ProcedureRecord.Meta):
        verbose_name = "备案审查"
        verbose_name_plural = "备案审查"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.document_version}（{self.get_body_display()}）"

    def get_absolute_url(self) -> str:
        return f"/workspace/normative-documents/filings/{self.pk}/"


class EvaluationKind(models.TextChoices):
    PRE_EXPIRY = "pre_expiry", "有效期届满前评估"
    PERIODIC = "periodic", "定期后评估"


class EvaluationConclusion(models.TextChoices):
    CONTINUE = "continue", "继续有效"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"
    DECLARE_INVALID = "declare_invalid", "宣布失效"


class Evaluation(models.Model):
    """An evaluation due on a published version: before expiry, or the periodic one."""

    version = models.ForeignKey(
        Version, models.PROTECT, related_name="evaluations", verbose_name="文件版本"
    )
    kind = models.CharField("评估类型", max_length=20, choices=EvaluationKind.choices)
    due_on = models.DateField("应完成日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    conclusion = models.CharField(
        "评估结论", max_length=20, choices=EvaluationConclusion.choices, blank=True
    )
    report = models.TextField("评估报告", blank=True)
    evaluator = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="评估人"
    )

    class Meta:
        verbose_name = "文件评估"
        verbose_name_plural = "文件评估"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "due_on"],
                name="normdoc_evaluation_once",
                violation_error_message="该评估已经安排。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}：{self.get_kind_display()}"


class Cleanup(models.Model):
    """A cleanup campaign (清理) over many documents, its results published together."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="组织单位")
    title = models.CharField("清理名称", max_length=200)
    basis = models.TextField("清理依据", blank=True)
    started_on = models.DateField("开始日期")
    published_on = models.DateField("结果公布日期", null=True, blank=True)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="创建人")

    class Meta:
        verbose_name = "文件清理"
        verbose_name_plural = "文件清理"
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class CleanupItem(models.Model):
    cleanup = models.ForeignKey(
        Cleanup, models.PROTECT, related_name="items", verbose_name="文件清理"
    )
    version = models.ForeignKey(
        Version, models.PROTECT, related_name="cleanup_items", verbose_name="文件版本"
    )
    conclusion = models.CharField(
        "清理结论", max_length=20, choices=EvaluationConclusion.choices, blank=True
    )
    reason = models.TextField("理由", blank=True)

    class Meta:
        verbose_name = "清理文件"
        verbose_name_plural = "清理文件"
        ordering = ["cleanup", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cleanup", "version"],
                name="normdoc_cleanup_item_once",
                violation_error_message="该文件已在本次清理范围内。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cleanup}：{self.version}"


class RegistrationSerial(models.Model):
    """The last unified registration serial (统一编号) given in a year: one locked row per year,
    so numbering is gapless and O(1) however many documents exist."""

    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    last = models.PositiveIntegerField("已用编号", default=0)

    class Meta:
        verbose_name = "登记编号序列"
        verbose_name_plural = "登记编号序列"

    def __str__(self) -> str:
        return f"{self.year}年：{self.last}"


from .search_models import SearchEntry  # noqa: E402, F401
