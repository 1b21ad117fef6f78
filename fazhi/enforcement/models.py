"""行政执法: enforcement bodies and their officers, the enforcement items they hold with their
discretion benchmarks, penalty cases under 行政处罚法 with the three systems of 国办发〔2018〕118号
(公示、全过程记录、法制审核), random inspections (双随机、一公开) and case-file evaluation.

"处罚法" below is 中华人民共和国行政处罚法 (2021年修订); "118号" the State Council office's
opinion on the three systems; "营商条例" 北京市优化营商环境条例 (2024年修订).

Money is kept in 元 as Decimal with two places. Personal data of parties (names of natural
persons, identity numbers, addresses, telephones) never reaches a public page or an export
unmasked: see `selectors.mask_party`.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import Person, Unit
from fazhi.procedures.models import ProcedureRecord

ZERO = Decimal("0.00")
MONEY = {"max_digits": 14, "decimal_places": 2}


def _token() -> str:
    return secrets.token_urlsafe(18)


# ---- bodies and officers ------------------------------------------------------------------------


class BodyKind(models.TextChoices):
    AGENCY = "agency", "行政机关"
    AUTHORIZED = "authorized", "法律法规授权的组织"
    ENTRUSTED = "entrusted", "受委托组织"


class Body(models.Model):
    """An enforcement body (执法主体): a unit of the tree that enforces in its own name."""

    unit = models.OneToOneField(
        Unit, models.PROTECT, related_name="enforcement_body", verbose_name="单位"
    )
    kind = models.CharField("主体类别", max_length=20, choices=BodyKind.choices)
    legal_basis = models.TextField("设立及职权依据")
    scope = models.TextField("执法职责范围")
    entrusted_by = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="委托机关"
    )
    phone = models.CharField("监督电话", max_length=40, blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"
        ordering = ["unit__path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="entrusted") | Q(entrusted_by__isnull=False),
                name="enforcement_body_entrusted_has_principal",
                violation_error_message="受委托组织须写明委托机关。",
            ),
        ]

    def __str__(self) -> str:
        return self.unit.name


class Duty(models.TextChoices):
    ENFORCEMENT = "enforcement", "执法人员"
    LEGAL_REVIEW = "legal_review", "法制审核人员"


class Officer(models.Model):
    """A person of a body who enforces (持证执法人员) or reviews its major decisions (法制审核人员,
    118号四（十一）). The person is a directory Person; posts give their rights."""

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="enforcement_officers", verbose_name="人员"
    )
    body = models.ForeignKey(Body, models.PROTECT, related_name="officers", verbose_name="执法主体")
    duty = models.CharField("岗位", max_length=20, choices=Duty.choices, default=Duty.ENFORCEMENT)
    legal_qualification = models.CharField(
        "法律职业资格证书编号",
        max_length=40,
        blank=True,
        help_text="初次从事法制审核的人员须取得法律职业资格（处罚法第五十八条第二款）。",
    )
    reviewing_since = models.DateField("从事法制审核起始日期", null=True, blank=True)
    active = models.BooleanField("在岗", default=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["body_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "body"],
                name="enforcement_officer_once_per_body",
                violation_error_message="该人员已登记在本执法主体。",
            ),
        ]

    def __str__(self) -> str:
        return self.person.name


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", "在岗"
    SUSPENDED = "suspended", "暂扣"
    CANCELLED = "cancelled", "注销"


class Certificate(models.Model):
    """An enforcement certificate (行政执法证). It is valid on a day when its status is 在岗 and
    the day is within its validity; the public checks it on its verification page."""

    officer = models.ForeignKey(
        Officer, models.PROTECT, related_name="certificates", verbose_name="执法人员"
    )
    number = models.CharField("证号", max_length=40, unique=True)
    issuer = models.CharField("发证机关", max_length=100)
    area = models.CharField("执法区域", max_length=100)
    category = models.CharField("执法类别", max_length=100, blank=True)
    valid_from = models.DateField("有效期自")
    valid_to = models.DateField("有效期至")
    status = models.CharField(
        "状态", max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.ACTIVE
    )
    status_reason = models.CharField("状态变更原因", max_length=200, blank=True)
    token = models.CharField("核验码", max_length=40, unique=True, default=_token, editable=False)

    class Meta:
        verbose_name = "执法证件"
        verbose_name_plural = "执法证件"
        ordering = ["officer_id", "-valid_to"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="enforcement_certificate_dates",
                violation_error_message="证件有效期的截止日期不能早于起始日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def valid_on(self, day: date) -> bool:
        return self.status == CertificateStatus.ACTIVE and self.valid_from <= day <= self.valid_to


class Exam(models.Model):
    """A qualification exam (执法资格考试) an officer took."""

    officer = models.ForeignKey(
        Officer, models.PROTECT, related_name="exams", verbose_name="执法人员"
    )
    taken_on = models.DateField("考试日期")
    score = models.DecimalField("成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField("是否通过")

    class Meta:
        verbose_name = "执法资格考试"
        verbose_name_plural = "执法资格考试"
        ordering = ["-taken_on"]

    def __str__(self) -> str:
        return f"{self.officer} {self.taken_on}"


class Training(models.Model):
    """Hours of training an officer attended (yearly target: FAZHI_ENFORCEMENT_TRAINING_HOURS)."""

    officer = models.ForeignKey(
        Officer, models.PROTECT, related_name="trainings", verbose_name="执法人员"
    )
    held_on = models.DateField("培训日期")
    title = models.CharField("培训内容", max_length=200)
    organizer = models.CharField("组织单位", max_length=100, blank=True)
    hours = models.DecimalField(
        "学时", max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )

    class Meta:
        verbose_name = "执法培训"
        verbose_name_plural = "执法培训"
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="enforcement_training_hours",
                violation_error_message="单次培训学时应大于0且不超过24。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.title}（{self.hours}学时）"


# ---- enforcement items and discretion benchmarks ------------------------------------------------


class ItemKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENCE = "licence", "行政许可"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    LEVY = "levy", "行政征收"
    OTHER = "other", "其他"


class Level(models.TextChoices):
    DISTRICT = "district", "区级"
    STREET = "street", "街道（乡镇）"


class Item(models.Model):
    """An enforcement item (执法事项) of the powers list, held by one body."""

    body = models.ForeignKey(Body, models.PROTECT, related_name="items", verbose_name="实施主体")
    code = models.CharField("事项编码", max_length=60)
    name = models.CharField("事项名称", max_length=300)
    kind = models.CharField("事项类别", max_length=20, choices=ItemKind.choices)
    legal_basis = models.TextField("法律依据（法律名称及条款）")
    level = models.CharField("实施层级", max_length=20, choices=Level.choices)
    delegated = models.BooleanField("下放街道（乡镇）实施", default=False)
    statutory_min = models.DecimalField("法定罚款下限（元）", **MONEY, null=True, blank=True)
    statutory_max = models.DecimalField("法定罚款上限（元）", **MONEY, null=True, blank=True)
    review_listed = models.BooleanField(
        "列入重大执法决定法制审核目录",
        default=False,
        help_text="118号四（十二）：执法机关公布的法制审核目录清单。",
    )
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项"
        ordering = ["body_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code"],
                name="enforcement_item_code_per_body",
                violation_error_message="本执法主体已有相同编码的执法事项。",
            ),
            models.CheckConstraint(
                condition=Q(statutory_min__isnull=True)
                | Q(statutory_max__isnull=True)
                | Q(statutory_max__gte=models.F("statutory_min")),
                name="enforcement_item_statutory_range",
                violation_error_message="法定罚款上限不能低于下限。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Benchmark(models.Model):
    """A dated version of an item's discretion benchmark (裁量基准, 处罚法第三十四条: set and
    published). A version is in force from its date until the next version's date."""

    item = models.ForeignKey(
        Item, models.PROTECT, related_name="benchmarks", verbose_name="执法事项"
    )
    effective_from = models.DateField("施行日期")
    source = models.CharField("制定依据文件", max_length=300)
    published_on = models.DateField("公布日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ["item_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "effective_from"],
                name="enforcement_benchmark_one_per_day",
                violation_error_message="该事项同一施行日期已有裁量基准。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.name}（{self.effective_from}起施行）"


class Degree(models.TextChoices):
    NONE = "none", "不予处罚"
    MITIGATED = "mitigated", "减轻处罚"
    LIGHTER = "lighter", "从轻处罚"
    ORDINARY = "ordinary", "一般处罚"
    HEAVIER = "heavier", "从重处罚"


class BenchmarkRow(models.Model):
    """One line of a benchmark: a circumstance and the penalty it calls for."""

    benchmark = models.ForeignKey(
        Benchmark, models.CASCADE, related_name="rows", verbose_name="裁量基准"
    )
    order = models.PositiveSmallIntegerField("序号")
    circumstance = models.TextField("违法情节")
    degree = models.CharField("裁量阶次", max_length=20, choices=Degree.choices)
    penalty = models.CharField("处罚种类", max_length=200)
    fine_min = models.DecimalField("罚款下限（元）", **MONEY, null=True, blank=True)
    fine_max = models.DecimalField("罚款上限（元）", **MONEY, null=True, blank=True)

    class Meta:
        verbose_name = "裁量基准情节"
        verbose_name_plural = "裁量基准情节"
        ordering = ["benchmark_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "order"], name="enforcement_benchmark_row_order"
            ),
            models.CheckConstraint(
                condition=Q(fine_min__isnull=True)
                | Q(fine_max__isnull=True)
                | Q(fine_max__gte=models.F("fine_min")),
                name="enforcement_benchmark_row_range",
                violation_error_message="罚款上限不能低于下限。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_degree_display()}：{self.circumstance[:40]}"

    @property
    def range_text(self) -> str:
        if self.fine_min is None and self.fine_max is None:
            return self.penalty
        low = f"{self.fine_min:,.2f}" if self.fine_min is not None else "—"
        high = f"{self.fine_max:,.2f}" if self.fine_max is not None else "—"
        return f"{self.penalty}，罚款幅度{low}元至{high}元"


class ExemptionKind(models.TextChoices):
    MANDATORY = "mandatory", "不予处罚（应当）"
    DISCRETIONARY = "discretionary", "首违不罚（可以）"


class Exemption(models.Model):
    """An entry of the no-penalty and first-offence lists (处罚法第三十三条第一款): mandatory
    (轻微并及时改正，没有造成危害后果的，不予行政处罚) or discretionary
    (初次违法且危害后果轻微并及时改正的，可以不予行政处罚)."""

    item = models.ForeignKey(
        Item, models.PROTECT, related_name="exemptions", verbose_name="执法事项"
    )
    kind = models.CharField("清单类别", max_length=20, choices=ExemptionKind.choices)
    circumstance = models.TextField("适用情形")
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("废止日期", null=True, blank=True)
    source = models.CharField("制定依据文件", max_length=300)

    class Meta:
        verbose_name = "免罚清单事项"
        verbose_name_plural = "免罚清单事项"
        ordering = ["item_id", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.circumstance[:40]}"


# ---- penalty cases ------------------------------------------------------------------------------


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    LEGAL = "legal", "法人"
    OTHER = "other", "其他组织"


class CaseSource(models.TextChoices):
    INSPECTION = "inspection", "监督检查发现"
    COMPLAINT = "complaint", "投诉举报"
    TRANSFER = "transfer", "其他机关移送"
    ASSIGNED = "assigned", "上级交办"
    OTHER = "other", "其他"


class Outcome(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    NOT_ESTABLISHED = "not_established", "违法事实不能成立"


class PenaltyKind(models.TextChoices):
    """处罚法第九条."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATION = "confiscation", "没收违法所得、没收非法财物"
    LICENCE_SUSPENSION = "licence_suspension", "暂扣许可证件"
    QUALIFICATION = "qualification", "降低资质等级"
    LICENCE_REVOCATION = "licence_revocation", "吊销许可证件"
    RESTRICTION = "restriction", "限制开展生产经营活动"
    SUSPENSION = "suspension", "责令停产停业"
    CLOSURE = "closure", "责令关闭"
    PRACTICE = "practice", "限制从业"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "法律、行政法规规定的其他行政处罚"


# 处罚法第六十三条: kinds for which the party has the right to a hearing whatever the amount.
HEARING_KINDS = {
    PenaltyKind.QUALIFICATION,
    PenaltyKind.LICENCE_REVOCATION,
    PenaltyKind.RESTRICTION,
    PenaltyKind.SUSPENSION,
    PenaltyKind.CLOSURE,
    PenaltyKind.PRACTICE,
}


class PenaltyCase(ProcedureRecord):
    """A penalty case (行政处罚案件) under `enforcement.penalty`. Party fields are personal data
    when the party is a natural person; the fields the figures count are kept on the row."""

    procedure_id = "enforcement.penalty"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="办案单位")
    body = models.ForeignKey(Body, models.PROTECT, related_name="cases", verbose_name="执法主体")
    item = models.ForeignKey(Item, models.PROTECT, related_name="cases", verbose_name="执法事项")
    number = models.CharField("案号", max_length=60)
    simplified = models.BooleanField("简易程序", default=False)
    source = models.CharField("案件来源", max_length=20, choices=CaseSource.choices)

    party_kind = models.CharField("当事人类型", max_length=20, choices=PartyKind.choices)
    party_name = models.CharField("当事人名称（姓名）", max_length=200)
    party_code = models.CharField("统一社会信用代码或身份证件号码", max_length=30, blank=True)
    party_address = models.CharField("当事人地址", max_length=300, blank=True)
    party_phone = models.CharField("当事人联系电话", max_length=40, blank=True)
    party_representative = models.CharField("法定代表人（负责人）", max_length=60, blank=True)

    facts = models.TextField("违法事实", blank=True)
    violation_type = models.CharField("违法行为类型", max_length=200, blank=True)
    occurred_on = models.DateField("违法行为发生日期")
    ended_on = models.DateField(
        "违法行为终了日期", null=True, blank=True, help_text="连续或者继续状态的违法行为"
    )
    continuing = models.BooleanField(
        "违法行为有连续或者继续状态",
        default=False,
        help_text="处罚法第三十六条第二款：期限从行为终了之日起计算；尚未终了的，期限尚未起算。",
    )
    endangers_safety = models.BooleanField(
        "涉及公民生命健康安全、金融安全且有危害后果",
        default=False,
        help_text="处罚法第三十六条第一款：追责期限延长至五年。",
    )
    discovered_on = models.DateField(
        "发现日期", help_text="处罚法第三十六条：二年（五年）内未被发现的，不再给予行政处罚。"
    )
    opened_on = models.DateField("立案日期")
    opened_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="立案人")
    single_officer_basis = models.CharField(
        "法律规定可由一名执法人员实施的依据",
        max_length=200,
        blank=True,
        help_text="处罚法第四十二条：执法人员不得少于两人，法律另有规定的除外。",
    )

    # Discretion: the benchmark row the circumstances match, the proposed and decided penalty.
    benchmark_row = models.ForeignKey(
        BenchmarkRow,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="适用的裁量情节",
    )
    exemption = models.ForeignKey(
        Exemption,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="适用的免罚清单事项",
    )
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine = models.DecimalField("罚款金额（元）", **MONEY, null=True, blank=True)
    confiscation = models.DecimalField("没收金额（元）", **MONEY, null=True, blank=True)
    penalty_other = models.CharField("其他处罚内容", max_length=300, blank=True)
    outside_range_reason = models.TextField("超出裁量基准的理由", blank=True)
    discretion_reasoning = models.TextField("裁量说明", blank=True)

    # 第五十七、五十八条: why legal review and collective discussion are required.
    major_public_interest = models.BooleanField("涉及重大公共利益", default=False)
    complex_case = models.BooleanField("案件情况疑难复杂、涉及多个法律关系", default=False)
    other_review_basis = models.CharField(
        "法律法规规定的其他法制审核情形", max_length=200, blank=True
    )
    major_violation = models.BooleanField("情节复杂或者重大违法行为（须集体讨论）", default=False)

    outcome = models.CharField("处理结果", max_length=20, choices=Outcome.choices, blank=True)
    decision_number = models.CharField("决定书文号", max_length=80, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_text = models.TextField("决定书正文", blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=20, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    close_reason = models.CharField("结案情形", max_length=200, blank=True)

    # Figures the supervision page counts, kept current by the services.
    decision_due = models.DateField("决定期限届满日", null=True, blank=True)
    hearing_held = models.BooleanField("举行听证", default=False)
    review_required = models.BooleanField("须法制审核", default=False)
    reviewed = models.BooleanField("已通过法制审核", default=False)
    reduced = models.DecimalField("减免罚款金额（元）", **MONEY, default=ZERO)
    surcharge = models.DecimalField("加处罚款（元）", **MONEY, default=ZERO)
    paid = models.DecimalField("已缴纳金额（元）", **MONEY, default=ZERO)
    transferred = models.CharField("移送", max_length=20, blank=True)
    disclosure_due = models.DateField("公示期限届满日", null=True, blank=True)
    disclosed_on = models.DateField("公示日期", null=True, blank=True)

    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["opened_on"], name="enforcement_case_opened"),
            # Covering indexes of the supervision figures (figures.py): each reads one index,
            # body by body, already grouped (docs/benchmarks.md, 1,000,000 cases).
            models.Index(
                fields=[
                    "body",
                    "opened_on",
                    "state",
                    "simplified",
                    "transferred",
                    "decided_on",
                    "decision_due",
                ],
                name="enforcement_case_fig_opened",
            ),
            models.Index(
                fields=[
                    "body",
                    "decided_on",
                    "outcome",
                    "decision_due",
                    "review_required",
                    "reviewed",
                    "hearing_held",
                    "reduced",
                    "fine",
                    "surcharge",
                    "disclosure_due",
                    "disclosed_on",
                ],
                name="enforcement_case_fig_decided",
            ),
        ]
        constraints = [
            *ProcedureRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["body", "number"],
                name="enforcement_case_number",
                violation_error_message="本执法主体已有相同案号的案件。",
            ),
            models.UniqueConstraint(
                fields=["body", "decision_number"],
                condition=~Q(decision_number=""),
                name="enforcement_decision_number",
                violation_error_message="本执法主体已有相同文号的决定书。",
            ),
            models.CheckConstraint(
                condition=Q(fine__isnull=True) | Q(fine__gte=0),
                name="enforcement_case_fine_positive",
                violation_error_message="罚款金额不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(opened_on__gte=models.F("occurred_on")),
                name="enforcement_case_opened_after_act",
                violation_error_message="立案日期不能早于违法行为发生日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return f"/workspace/enforcement/cases/{self.pk}/"

    @property
    def review_needed(self) -> bool:
        """处罚法第五十八条第一款 and the body's published list (118号四（十二））."""
        return bool(
            self.major_public_interest
            or self.hearing_held
            or self.complex_case
            or self.other_review_basis
            or self.item.review_listed
        )


class CaseRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"


class CaseOfficer(models.Model):
    case = models.ForeignKey(
        PenaltyCase, models.CASCADE, related_name="case_officers", verbose_name="案件"
    )
    officer = models.ForeignKey(Officer, models.PROTECT, related_name="+", verbose_name="执法人员")
    role = models.CharField("分工", max_length=20, choices=CaseRole.choices)
    certificate_number = models.CharField("执法证号", max_length=40)
    assigned_on = models.DateField("指派日期")

    class Meta:
        verbose_name = "办案人员"
        verbose_name_plural = "办案人员"
        ordering = ["case_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "officer"], name="enforcement_case_officer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer}（{self.get_role_display()}）"


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", "照片"
    RECORDING = "recording", "录音"
    VIDEO = "video", "执法记录仪视频"
    DOCUMENT = "document", "书证"
    ONSITE = "onsite", "现场检查笔录"
    INQUIRY = "inquiry", "询问笔录"
    EXPERT = "expert", "鉴定意见"
    OTHER = "other", "其他"


class Evidence(models.Model):
    """An evidence item of the full-process record (全过程记录, 处罚法第四十七条): its file is in
    the content-addressed store and its SHA-256 in the ledger."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="evidence", verbose_name="案件"
    )
    kind = models.CharField("证据种类", max_length=20, choices=EvidenceKind.choices)
    title = models.CharField("名称", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    file_name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    collected_on = models.DateField("取得日期")
    collected_by = models.ForeignKey(
        Officer, models.PROTECT, related_name="+", verbose_name="取证人员"
    )
    note = models.CharField("说明", max_length=300, blank=True)
    added_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ["case_id", "collected_on", "id"]

    def __str__(self) -> str:
        return self.title


class Preservation(models.Model):
    """先行登记保存 (处罚法第五十六条): approved by the body's head; a handling decision within
    7 working days (deadline rule penalty.evidence_handling)."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="preservations", verbose_name="案件"
    )
    things = models.TextField("登记保存物品")
    approved_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="批准人")
    started_on = models.DateField("登记保存日期")
    handled_on = models.DateField("处理决定日期", null=True, blank=True)
    handling = models.CharField("处理决定", max_length=300, blank=True)

    class Meta:
        verbose_name = "先行登记保存"
        verbose_name_plural = "先行登记保存"
        ordering = ["case_id", "started_on"]

    def __str__(self) -> str:
        return f"先行登记保存（{self.started_on}）"


class Notice(models.Model):
    """告知 (处罚法第四十四条、第六十三条): the proposed penalty, facts, reasons and basis, and the
    rights of statement, defence and — where 第六十三条 gives it — hearing."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="notices", verbose_name="案件"
    )
    notified_on = models.DateField("告知日期")
    facts = models.TextField("违法事实")
    reasons = models.TextField("处罚理由")
    basis = models.TextField("处罚依据")
    proposal = models.CharField("拟作出的行政处罚", max_length=300)
    penalty_kinds = models.JSONField("告知的处罚种类", default=list, blank=True)
    fine = models.DecimalField("告知的罚款金额（元）", **MONEY, null=True, blank=True)
    confiscation = models.DecimalField("告知的没收金额（元）", **MONEY, null=True, blank=True)
    hearing_right = models.BooleanField("告知听证权利")
    waived = models.BooleanField("当事人明确放弃陈述申辩（听证）", default=False)

    class Meta:
        verbose_name = "行政处罚告知"
        verbose_name_plural = "行政处罚告知"
        ordering = ["case_id", "-notified_on", "-id"]

    def __str__(self) -> str:
        return f"告知（{self.notified_on}）"


class Statement(models.Model):
    """陈述、申辩 (处罚法第四十五条): heard, checked, and adopted where the facts, reasons or
    evidence hold."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="statements", verbose_name="案件"
    )
    received_on = models.DateField("提出日期")
    content = models.TextField("陈述申辩内容")
    adopted = models.BooleanField("是否采纳", null=True)
    reply = models.TextField("复核意见", blank=True)

    class Meta:
        verbose_name = "陈述申辩"
        verbose_name_plural = "陈述申辩"
        ordering = ["case_id", "received_on", "id"]

    def __str__(self) -> str:
        return f"陈述申辩（{self.received_on}）"


class Hearing(models.Model):
    """听证 (处罚法第六十四、六十五条)."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="hearings", verbose_name="案件"
    )
    requested_on = models.DateField("当事人要求听证日期")
    notified_on = models.DateField("通知日期", null=True, blank=True)
    scheduled_on = models.DateField("举行日期", null=True, blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    public = models.BooleanField("公开举行", default=True)
    chair = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="主持人"
    )
    held_on = models.DateField("举行日期（实际）", null=True, blank=True)
    record = models.TextField("听证笔录", blank=True)
    withdrawn_on = models.DateField("当事人放弃听证日期", null=True, blank=True)

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"
        ordering = ["case_id", "requested_on"]

    def __str__(self) -> str:
        return f"听证（{self.scheduled_on or self.requested_on}）"


class ReviewResult(models.TextChoices):
    AGREE = "agree", "同意"
    PROBLEMS = "problems", "存在问题，退回办案机构"


class LegalReview(models.Model):
    """法制审核 (处罚法第五十八条; 118号四（十三）): by a reviewer who is not on the case."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="reviews", verbose_name="案件"
    )
    submitted_on = models.DateField("送审日期")
    reviewer = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审核人员"
    )
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    result = models.CharField("审核意见", max_length=20, choices=ReviewResult.choices, blank=True)
    opinion = models.TextField("书面审核意见", blank=True)

    class Meta:
        verbose_name = "法制审核"
        verbose_name_plural = "法制审核"
        ordering = ["case_id", "submitted_on", "id"]

    def __str__(self) -> str:
        return f"法制审核（{self.submitted_on}）"


class Discussion(models.Model):
    """集体讨论 (处罚法第五十七条第二款)."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="discussions", verbose_name="案件"
    )
    held_on = models.DateField("讨论日期")
    meeting = models.CharField("会议名称", max_length=200)
    attendees = models.TextField("参加人员")
    conclusion = models.TextField("讨论决定")

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"
        ordering = ["case_id", "held_on"]

    def __str__(self) -> str:
        return f"{self.meeting}（{self.held_on}）"


class Extension(models.Model):
    """An approved extension of the decision period (处罚法第六十条 “另有规定的，从其规定”)."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="extensions", verbose_name="案件"
    )
    days = models.PositiveSmallIntegerField("延长日数")
    reason = models.TextField("延长理由")
    basis = models.CharField("延长依据", max_length=200)
    approved_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="批准人")
    approved_on = models.DateField("批准日期")

    class Meta:
        verbose_name = "办案期限延长"
        verbose_name_plural = "办案期限延长"
        ordering = ["case_id", "approved_on"]

    def __str__(self) -> str:
        return f"延长{self.days}日（{self.approved_on}）"


class ArrangementKind(models.TextChoices):
    DEFERRAL = "deferral", "延期缴纳"
    INSTALMENT = "instalment", "分期缴纳"


class PaymentArrangement(models.Model):
    """延期或者分期缴纳罚款 (处罚法第六十六条第二款), approved by the body."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="arrangements", verbose_name="案件"
    )
    kind = models.CharField("类别", max_length=20, choices=ArrangementKind.choices)
    until = models.DateField("缴清期限")
    reason = models.TextField("理由")
    approved_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="批准人")
    approved_on = models.DateField("批准日期")

    class Meta:
        verbose_name = "延期（分期）缴纳"
        verbose_name_plural = "延期（分期）缴纳"
        ordering = ["case_id", "approved_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}至{self.until}"


class Payment(models.Model):
    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="payments", verbose_name="案件"
    )
    paid_on = models.DateField("缴纳日期")
    amount = models.DecimalField("金额（元）", **MONEY)
    receipt = models.CharField("缴款凭证号", max_length=60, blank=True)

    class Meta:
        verbose_name = "罚没款缴纳"
        verbose_name_plural = "罚没款缴纳"
        ordering = ["case_id", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="enforcement_payment_positive",
                violation_error_message="缴纳金额应大于零。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}元"


class ChallengeKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class Challenge(models.Model):
    """A reconsideration or suit against the decision: the surcharge is not counted while it
    runs (处罚法第七十三条第三款)."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="challenges", verbose_name="案件"
    )
    kind = models.CharField("类别", max_length=20, choices=ChallengeKind.choices)
    filed_on = models.DateField("申请（起诉）日期")
    ended_on = models.DateField("审结日期", null=True, blank=True)
    result = models.CharField("结果", max_length=200, blank=True)

    class Meta:
        verbose_name = "复议诉讼"
        verbose_name_plural = "复议诉讼"
        ordering = ["case_id", "filed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.filed_on}）"


class CourtApplication(models.Model):
    """申请人民法院强制执行 (行政强制法第五十三、五十四条)."""

    case = models.OneToOneField(
        PenaltyCase, models.PROTECT, related_name="court_application", verbose_name="案件"
    )
    demanded_on = models.DateField("催告送达日期")
    applied_on = models.DateField("申请日期")
    court = models.CharField("受理法院", max_length=100)
    ruling = models.CharField("裁定结果", max_length=200, blank=True)

    class Meta:
        verbose_name = "申请法院强制执行"
        verbose_name_plural = "申请法院强制执行"

    def __str__(self) -> str:
        return f"申请{self.court}强制执行（{self.applied_on}）"


class TransferKind(models.TextChoices):
    BODY = "body", "案件移送"
    CRIMINAL = "criminal", "行刑衔接（移送司法机关）"


class Transfer(models.Model):
    """案件移送 to the competent body, or 行刑衔接 to the public security or procuratorate
    (处罚法第二十七条)."""

    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="transfers", verbose_name="案件"
    )
    kind = models.CharField("类别", max_length=20, choices=TransferKind.choices)
    receiver = models.CharField("接收机关", max_length=200)
    transferred_on = models.DateField("移送日期")
    reason = models.TextField("移送理由")
    materials = models.TextField("移送材料清单")
    accepted_on = models.DateField("接收机关受理日期", null=True, blank=True)
    feedback = models.TextField("处理结果反馈", blank=True)

    class Meta:
        verbose_name = "案件移送"
        verbose_name_plural = "案件移送"
        ordering = ["case_id", "transferred_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.receiver}"


class ExemptionDocument(models.TextChoices):
    """一案三书: the documents an exemption produces."""

    NO_PENALTY = "no_penalty", "不予行政处罚决定书"
    ADVICE = "advice", "行政建议书"
    PLEDGE = "pledge", "信用承诺书"


# ---- disclosure (执法公示) -----------------------------------------------------------------------


class Publication(models.Model):
    """A published enforcement decision (双公示 record of a penalty). `fields` holds the public
    record exactly as shown, natural persons' data masked; the ledger entry proves it."""

    case = models.OneToOneField(
        PenaltyCase, models.PROTECT, related_name="publication", verbose_name="案件"
    )
    published_on = models.DateField("公示日期")
    due_on = models.DateField("公示期限届满日")
    serious = models.BooleanField("严重违法行为", default=False)
    ends_on = models.DateField("公示截止日期")
    fields = models.JSONField("公示内容")
    revoked_on = models.DateField(
        "决定被变更、撤销或确认违法、无效的日期",
        null=True,
        blank=True,
        help_text="处罚法第四十八条第二款：自该日起三个工作日内撤回公示并说明理由。",
    )
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)
    ended_early_on = models.DateField("提前停止公示日期", null=True, blank=True)
    end_reason = models.TextField("提前停止公示理由", blank=True)
    ledger_seq = models.PositiveBigIntegerField("存证序号", null=True, blank=True)

    class Meta:
        verbose_name = "执法决定公示"
        verbose_name_plural = "执法决定公示"
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["published_on"], name="enforcement_pub_published")]

    def __str__(self) -> str:
        return f"{self.case}（{self.published_on}公示）"


class AnnualStatistics(models.Model):
    """A body's yearly enforcement statistics, published by January 31 (118号二（六）)."""

    body = models.ForeignKey(
        Body, models.PROTECT, related_name="statistics", verbose_name="执法主体"
    )
    year = models.PositiveSmallIntegerField("年度")
    figures = models.JSONField("统计数据")
    published_on = models.DateField("公布日期")

    class Meta:
        verbose_name = "年度执法数据"
        verbose_name_plural = "年度执法数据"
        ordering = ["-year", "body_id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="enforcement_stats_once"),
        ]

    def __str__(self) -> str:
        return f"{self.body}{self.year}年度执法数据"


# ---- random inspections (双随机、一公开) ---------------------------------------------------------


class Entity(models.Model):
    """A market entity or other target of inspections, with its credit/risk tier."""

    code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200)
    street = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所在街道（乡镇）",
    )
    address = models.CharField("地址", max_length=300, blank=True)
    tier = models.CharField("信用风险等级", max_length=2)
    industry = models.CharField("行业", max_length=60, blank=True)

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象"
        ordering = ["code"]
        indexes = [models.Index(fields=["tier", "code"], name="enforcement_entity_tier")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class OfficerConflict(models.Model):
    """A declared conflict between an officer and a target (回避)."""

    officer = models.ForeignKey(
        Officer, models.PROTECT, related_name="conflicts", verbose_name="执法人员"
    )
    entity = models.ForeignKey(Entity, models.PROTECT, related_name="+", verbose_name="检查对象")
    reason = models.CharField("回避事由", max_length=200)
    declared_on = models.DateField("申报日期")

    class Meta:
        verbose_name = "回避申报"
        verbose_name_plural = "回避申报"
        constraints = [
            models.UniqueConstraint(fields=["officer", "entity"], name="enforcement_conflict_once"),
        ]

    def __str__(self) -> str:
        return f"{self.officer}回避{self.entity}"


class ChecklistItem(models.Model):
    """One line of an item's inspection checklist (检查单)."""

    item = models.ForeignKey(
        Item, models.PROTECT, related_name="checklist", verbose_name="执法事项"
    )
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("检查内容", max_length=300)
    basis = models.CharField("检查依据", max_length=300, blank=True)

    class Meta:
        verbose_name = "检查单事项"
        verbose_name_plural = "检查单事项"
        ordering = ["item_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="enforcement_checklist_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"


class PlanState(models.TextChoices):
    DRAFT = "draft", "拟定中"
    COMMITTED = "committed", "已公布，待抽取"
    DRAWN = "drawn", "已抽取"
    DONE = "done", "已完成"


class InspectionPlan(models.Model):
    """A random-inspection plan. Before the draw the plan, its pools and the SHA-256 of a random
    seed are published and logged; the draw uses the seed, which is revealed after it, so that
    anyone can re-run the draw (`draw.py`) from the published data."""

    body = models.ForeignKey(
        Body, models.PROTECT, related_name="plans", verbose_name="牵头执法主体"
    )
    joint_bodies = models.ManyToManyField(
        Body, blank=True, related_name="joint_plans", verbose_name="联合检查执法主体"
    )
    items = models.ManyToManyField(Item, related_name="plans", verbose_name="检查事项")
    title = models.CharField("计划名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    starts_on = models.DateField("检查开始日期")
    ends_on = models.DateField("检查结束日期")
    ratios = models.JSONField("抽查比例（按信用风险等级）")
    officers_per_target = models.PositiveSmallIntegerField("每户检查人员数", default=2)
    conflict_days = models.PositiveSmallIntegerField("同一对象近期已检查的回避天数", default=365)
    state = models.CharField(
        "状态", max_length=20, choices=PlanState.choices, default=PlanState.DRAFT
    )
    pool_sha256 = models.CharField("检查对象名录 SHA-256", max_length=64, blank=True)
    pool_size = models.PositiveIntegerField("检查对象数", default=0)
    officer_pool_sha256 = models.CharField("执法人员名录 SHA-256", max_length=64, blank=True)
    exclusions_sha256 = models.CharField("回避名单 SHA-256", max_length=64, blank=True)
    seed_commitment = models.CharField("随机种子 SHA-256", max_length=64, blank=True)
    seed = models.CharField("随机种子", max_length=64, blank=True)
    committed_at = models.DateTimeField("公布时间", null=True, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    result_sha256 = models.CharField("抽取结果 SHA-256", max_length=64, blank=True)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="制定人")

    class Meta:
        verbose_name = "双随机抽查计划"
        verbose_name_plural = "双随机抽查计划"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class InspectionState(models.TextChoices):
    PENDING = "pending", "待检查"
    DONE = "done", "已检查"
    NOT_FOUND = "not_found", "未发现（查无下落）"


class Inspection(models.Model):
    """One drawn target of a plan, with the officers drawn for it and the result."""

    plan = models.ForeignKey(
        InspectionPlan, models.PROTECT, related_name="inspections", verbose_name="抽查计划"
    )
    entity = models.ForeignKey(
        Entity, models.PROTECT, related_name="inspections", verbose_name="检查对象"
    )
    order = models.PositiveIntegerField("抽取顺序")
    officers = models.ManyToManyField(Officer, related_name="inspections", verbose_name="检查人员")
    state = models.CharField(
        "状态", max_length=20, choices=InspectionState.choices, default=InspectionState.PENDING
    )
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    result = models.CharField("检查结果", max_length=200, blank=True)
    problems = models.TextField("发现的问题", blank=True)
    published_on = models.DateField("结果公示日期", null=True, blank=True)

    class Meta:
        verbose_name = "抽查检查"
        verbose_name_plural = "抽查检查"
        ordering = ["plan_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "entity"], name="enforcement_inspection_once"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}：{self.entity}"


class Finding(models.Model):
    """The answer to one checklist line in one inspection."""

    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="findings", verbose_name="抽查检查"
    )
    line = models.ForeignKey(
        ChecklistItem, models.PROTECT, related_name="+", verbose_name="检查单事项"
    )
    compliant = models.BooleanField("是否符合")
    note = models.CharField("情况说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "检查发现"
        verbose_name_plural = "检查发现"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "line"], name="enforcement_finding_once"),
        ]

    def __str__(self) -> str:
        return f"{self.line}：{'符合' if self.compliant else '不符合'}"


# ---- case-file evaluation (案卷评查) -------------------------------------------------------------


class Standard(models.Model):
    """An evaluation standard: veto items and scored items (typically 20 form, 80 content)."""

    title = models.CharField("标准名称", max_length=200)
    owner = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="制定单位")
    pass_score = models.DecimalField(
        "合格分数", max_digits=5, decimal_places=1, default=Decimal("60")
    )
    created_at = models.DateTimeField("制定时间", default=timezone.now)

    class Meta:
        verbose_name = "评查标准"
        verbose_name_plural = "评查标准"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class CriterionKind(models.TextChoices):
    VETO = "veto", "否决项"
    FORM = "form", "案卷形式"
    CONTENT = "content", "案卷内容"


class Criterion(models.Model):
    standard = models.ForeignKey(
        Standard, models.CASCADE, related_name="criteria", verbose_name="评查标准"
    )
    order = models.PositiveSmallIntegerField("序号")
    kind = models.CharField("类别", max_length=20, choices=CriterionKind.choices)
    text = models.CharField("评查内容", max_length=300)
    points = models.DecimalField("分值", max_digits=5, decimal_places=1, default=Decimal("0"))

    class Meta:
        verbose_name = "评查项目"
        verbose_name_plural = "评查项目"
        ordering = ["standard_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "order"], name="enforcement_criterion_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"


class Campaign(models.Model):
    """An evaluation campaign: closed cases drawn at random, verifiably, as inspections are."""

    organizer = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="组织单位")
    standard = models.ForeignKey(
        Standard, models.PROTECT, related_name="campaigns", verbose_name="评查标准"
    )
    title = models.CharField("评查活动名称", max_length=200)
    year = models.PositiveSmallIntegerField("评查年度")
    closed_from = models.DateField("结案日期自")
    closed_to = models.DateField("结案日期至")
    bodies = models.ManyToManyField(Body, related_name="campaigns", verbose_name="被评查执法主体")
    sample_size = models.PositiveIntegerField("每个执法主体抽取案卷数")
    pool_sha256 = models.CharField("案卷名录 SHA-256", max_length=64, blank=True)
    seed_commitment = models.CharField("随机种子 SHA-256", max_length=64, blank=True)
    seed = models.CharField("随机种子", max_length=64, blank=True)
    committed_at = models.DateTimeField("公布时间", null=True, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="组织人")

    class Meta:
        verbose_name = "案卷评查活动"
        verbose_name_plural = "案卷评查活动"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class CaseFile(models.Model):
    """One drawn case file and its evaluation."""

    campaign = models.ForeignKey(
        Campaign, models.PROTECT, related_name="files", verbose_name="评查活动"
    )
    case = models.ForeignKey(
        PenaltyCase, models.PROTECT, related_name="evaluations", verbose_name="案件"
    )
    order = models.PositiveIntegerField("抽取顺序")
    reviewer = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="评查人员"
    )
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    vetoed = models.BooleanField("触发否决项", default=False)
    passed = models.BooleanField("合格", null=True)
    evaluated_on = models.DateField("评查日期", null=True, blank=True)
    comments = models.TextField("评查意见", blank=True)

    class Meta:
        verbose_name = "评查案卷"
        verbose_name_plural = "评查案卷"
        ordering = ["campaign_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "case"], name="enforcement_casefile_once"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}：{self.case}"


class Mark(models.Model):
    """Points lost (or a veto) on one criterion of one file."""

    file = models.ForeignKey(
        CaseFile, models.CASCADE, related_name="marks", verbose_name="评查案卷"
    )
    criterion = models.ForeignKey(
        Criterion, models.PROTECT, related_name="+", verbose_name="评查项目"
    )
    lost = models.DecimalField("扣分", max_digits=5, decimal_places=1, default=Decimal("0"))
    note = models.CharField("问题说明", max_length=300)

    class Meta:
        verbose_name = "评查扣分"
        verbose_name_plural = "评查扣分"
        constraints = [
            models.UniqueConstraint(fields=["file", "criterion"], name="enforcement_mark_once"),
            models.CheckConstraint(condition=Q(lost__gte=0), name="enforcement_mark_lost_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}：扣{self.lost}分"


class Rectification(models.Model):
    """A rectification required of a body for a file's problems, and its report."""

    file = models.ForeignKey(
        CaseFile, models.PROTECT, related_name="rectifications", verbose_name="评查案卷"
    )
    required = models.TextField("整改要求")
    due_on = models.DateField("整改期限")
    reported_on = models.DateField("整改报告日期", null=True, blank=True)
    report = models.TextField("整改情况", blank=True)
    accepted = models.BooleanField("整改验收通过", null=True)

    class Meta:
        verbose_name = "评查整改"
        verbose_name_plural = "评查整改"
        ordering = ["file_id", "due_on"]

    def __str__(self) -> str:
        return f"整改（期限{self.due_on}）"
