"""行政应诉: suits against the district's agencies, one record per instance (一审、二审、再审,
linked to the instance before), under `litigation.case`; the hearings and who appeared for
the agency; requests to extend the time for evidence; the execution of effective judgments;
and the judicial and procuratorial suggestions (司法建议、检察建议) the agencies must answer.

"诉讼法" below is 中华人民共和国行政诉讼法 (2017年修正), "解释" the Supreme People's Court's
interpretation of 2018, "出庭规定" its provisions of 2020 on heads appearing in court (law.py).
The plaintiff's name is personal data when a natural person: it reaches the ledger only as a
keyed digest. The fields the figures count are kept on the case row by the services.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import Person, Unit
from fazhi.procedures.models import ProcedureRecord

from . import law


class Instance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    LEGAL = "legal", "法人"
    OTHER = "other", "其他组织"


class ActKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENSING = "licensing", "行政许可"
    EXPROPRIATION = "expropriation", "征收征用及补偿"
    DISCLOSURE = "disclosure", "政府信息公开"
    INACTION = "inaction", "不履行法定职责"
    AGREEMENT = "agreement", "行政协议"
    CONFIRMATION = "confirmation", "行政确认"
    OTHER = "other", "其他行政行为"


class ReconsiderationResult(models.TextChoices):
    UPHELD = "upheld", "维持原行政行为"
    REJECTED = "rejected", "驳回复议请求"
    PARTLY = "partly", "部分维持、部分改变"
    CHANGED = "changed", "改变原行政行为"
    INADMISSIBLE = "inadmissible", "以不符合受理条件为由驳回复议申请"
    NO_DECISION = "no_decision", "复议机关逾期未作决定"


class DocumentKind(models.TextChoices):
    JUDGMENT = law.JUDGMENT, "判决"
    RULING = law.RULING, "裁定"
    MEDIATION = law.MEDIATION, "调解书"


# Built from law.py's tables (name, (value, label)), so that the rules and choices agree.
Outcome = models.TextChoices("Outcome", [(r.code.upper(), (r.code, r.label)) for r in law.OUTCOMES])
Result = models.TextChoices(
    "Result", [(code.upper(), (code, label)) for code, label in law.RESULTS]
)


class Appellant(models.TextChoices):
    AGENCY = "agency", "本机关上诉"
    PLAINTIFF = "plaintiff", "原告（对方当事人）上诉"
    BOTH = "both", "双方均上诉"
    THIRD = "third", "第三人上诉"


class LitigationCase(ProcedureRecord):
    """One instance of a suit in which the unit is the defendant (被告) — or the reconsideration
    body sued with it (复议机关作共同被告) is recorded beside it."""

    procedure_id = "litigation.case"

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="litigation_cases", verbose_name="被诉行政机关"
    )
    previous = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="next_instances",
        verbose_name="上一审级（原审）案件",
    )
    instance = models.CharField("审级", max_length=10, choices=Instance.choices)
    retrial_first_procedure = models.BooleanField(
        "再审按照第一审程序审理",
        default=False,
        help_text="解释第一百一十九条：按照第一审程序审理的再审案件，所作判决、裁定可以上诉。",
    )
    court = models.CharField("受理法院", max_length=100)
    number = models.CharField("案号", max_length=80)
    plaintiff_kind = models.CharField("原告类型", max_length=10, choices=PartyKind.choices)
    plaintiff = models.CharField("原告（上诉人）", max_length=200)
    third_party = models.CharField("第三人", max_length=200, blank=True)
    act = models.CharField("被诉行政行为", max_length=300)
    act_kind = models.CharField("行政行为类别", max_length=20, choices=ActKind.choices)
    act_number = models.CharField("行政行为文书文号", max_length=100, blank=True)
    act_on = models.DateField("行政行为作出日期", null=True, blank=True)
    known_on = models.DateField("原告知道或者应当知道行政行为之日", null=True, blank=True)
    filed_on = models.DateField("原告起诉日期", null=True, blank=True)
    filing_due = models.DateField("起诉期限届满日", null=True, blank=True)
    filing_article = models.CharField("起诉期限依据", max_length=40, blank=True)
    filing_late = models.BooleanField("原告起诉超过法定期限", default=False)

    reconsideration_body = models.CharField("复议机关", max_length=100, blank=True)
    reconsideration_result = models.CharField(
        "复议结果", max_length=20, choices=ReconsiderationResult.choices, blank=True
    )
    reconsideration_served_on = models.DateField("原告收到复议决定书之日", null=True, blank=True)
    co_defendant = models.BooleanField(
        "复议机关为共同被告",
        default=False,
        help_text="解释第一百三十三条、第一百三十四条：复议维持（含驳回复议请求）的，原机关和"
        "复议机关为共同被告。",
    )

    served_on = models.DateField("起诉状（上诉状）副本送达日期")
    answer_due = models.DateField("答辩举证期限届满日", null=True, blank=True)
    registered_by = models.ForeignKey(
        Person, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    head_required_reasons = models.JSONField("负责人应当出庭的情形", default=list, blank=True)
    head_required = models.BooleanField("负责人应当出庭", default=False)
    head_notice_on = models.DateField("出庭通知书送达日期", null=True, blank=True)

    answered_on = models.DateField("提交答辩状日期", null=True, blank=True)
    evidence_on = models.DateField("提交证据和规范性文件日期", null=True, blank=True)
    normative_documents = models.TextField("作出行政行为所依据的规范性文件", blank=True)
    answered_late = models.BooleanField(
        "逾期提交答辩状",
        default=False,
        help_text="诉讼法第六十七条第二款：被告不提出答辩状的，不影响人民法院审理。",
    )
    evidence_late = models.BooleanField(
        "逾期提供证据",
        default=False,
        help_text="诉讼法第三十四条第二款、解释第三十四条：被告逾期提供证据的，视为没有相应证据；"
        "法院准许延期提供的，以延期提供的期限判断。",
    )

    first_heard_on = models.DateField("首次开庭日期", null=True, blank=True)
    head_appeared = models.BooleanField("负责人出庭应诉", default=False)

    document_kind = models.CharField(
        "裁判文书类别", max_length=20, choices=DocumentKind.choices, blank=True
    )
    outcome = models.CharField("裁判结果", max_length=30, choices=Outcome.choices, blank=True)
    result = models.CharField("对本机关的结果", max_length=20, choices=Result.choices, blank=True)
    judgment_number = models.CharField("裁判文书号", max_length=80, blank=True)
    judged_on = models.DateField("裁判日期（审结日期）", null=True, blank=True)
    judgment_served_on = models.DateField("裁判文书送达日期", null=True, blank=True)
    appeal_due = models.DateField("上诉期限届满日", null=True, blank=True)
    appellant = models.CharField("上诉人", max_length=20, choices=Appellant.choices, blank=True)
    appealed_on = models.DateField("上诉日期", null=True, blank=True)
    effective_on = models.DateField("裁判生效日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    close_note = models.CharField("结案说明", max_length=300, blank=True)

    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "行政应诉案件"
        verbose_name_plural = "行政应诉案件"
        ordering = ["-served_on", "-id"]
        indexes = [
            # The figures (figures.py): one grouped query each over these, unit by unit.
            models.Index(
                fields=["unit", "served_on", "instance"], name="litigation_case_fig_received"
            ),
            models.Index(
                fields=["unit", "judged_on", "document_kind", "result"],
                name="litigation_case_fig_judged",
            ),
            models.Index(
                fields=["unit", "first_heard_on", "head_appeared", "head_required"],
                name="litigation_case_fig_heard",
            ),
        ]
        constraints = [
            *ProcedureRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="litigation_case_number",
                violation_error_message="本机关已登记相同案号的案件。",
            ),
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True) | Q(served_on__gte=models.F("filed_on")),
                name="litigation_served_after_filed",
                violation_error_message="起诉状副本送达日期不能早于起诉日期。",
            ),
            models.CheckConstraint(
                condition=Q(judged_on__isnull=True) | Q(judged_on__gte=models.F("served_on")),
                name="litigation_judged_after_served",
                violation_error_message="裁判日期不能早于起诉状副本送达日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return f"/workspace/litigation/cases/{self.pk}/"

    @property
    def head_required_labels(self) -> list[str]:
        return [law.HEAD_REQUIRED_LABELS.get(r, r) for r in self.head_required_reasons]

    @property
    def may_appeal(self) -> bool:
        return bool(self.outcome) and law.may_appeal(
            self.instance, self.retrial_first_procedure, self.outcome
        )


class ExtensionState(models.TextChoices):
    PENDING = "pending", "待法院决定"
    GRANTED = "granted", "法院准许"
    REFUSED = "refused", "法院不准许"


class EvidenceExtension(models.Model):
    """A written request to provide evidence late (诉讼法第三十六条第一款; 解释第三十四条)."""

    case = models.ForeignKey(
        LitigationCase, models.PROTECT, related_name="extensions", verbose_name="案件"
    )
    requested_on = models.DateField("申请日期")
    reason = models.TextField("不能按期提供的正当事由")
    evidence = models.TextField("申请延期提供的证据")
    state = models.CharField(
        "法院决定", max_length=20, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    decided_on = models.DateField("法院决定日期", null=True, blank=True)
    obstacle_removed_on = models.DateField("正当事由消除日期", null=True, blank=True)
    due_on = models.DateField("延期提供证据期限届满日", null=True, blank=True)
    submitted_on = models.DateField("提供证据日期", null=True, blank=True)
    late = models.BooleanField("逾期提供", default=False)

    class Meta:
        verbose_name = "延期提供证据申请"
        verbose_name_plural = "延期提供证据申请"
        ordering = ["case_id", "requested_on", "id"]

    def __str__(self) -> str:
        return f"延期提供证据申请（{self.requested_on}）"


class Hearing(models.Model):
    """One hearing and who appeared for the agency (诉讼法第三条第三款; 解释第一百二十八条至第
    一百三十二条; 出庭规定第六条至第十条)."""

    case = models.ForeignKey(
        LitigationCase, models.PROTECT, related_name="hearings", verbose_name="案件"
    )
    held_on = models.DateField("开庭日期")
    head_appeared = models.BooleanField("负责人出庭")
    head_name = models.CharField("出庭负责人姓名", max_length=60, blank=True)
    head_title = models.CharField("出庭负责人职务", max_length=60, blank=True)
    head_kind = models.CharField("负责人类别", max_length=20, choices=law.HEAD_KINDS, blank=True)
    head_proof = models.BooleanField("已提交负责人身份证明（加盖印章）", default=False)
    head_own = models.BooleanField(
        "出庭负责人为本机关负责人",
        default=False,
        help_text="出庭规定第二条第二款：被诉行政机关委托的组织或者下级行政机关的负责人，不能作为"
        "被诉行政机关负责人出庭。",
    )
    head_renotified = models.BooleanField(
        "人民法院通知负责人再次出庭",
        default=False,
        help_text="出庭规定第七条第一款：同一审级负责人已出庭一次的，一般可以认定已履行出庭应诉义务，"
        "但人民法院通知负责人再次出庭的除外。",
    )
    staff = models.CharField("出庭工作人员（姓名、职务）", max_length=300, blank=True)
    staff_authorized = models.BooleanField("已提交授权委托书（加盖印章）", default=False)
    lawyers = models.CharField("委托律师", max_length=200, blank=True)
    absence_ground = models.CharField(
        "负责人不能出庭的情形", max_length=20, choices=law.ABSENCE_GROUNDS, blank=True
    )
    absence_reason = models.TextField("负责人不能出庭的理由", blank=True)
    absence_proof = models.CharField("不能出庭的证明材料（SHA-256）", max_length=64, blank=True)
    absence_proof_name = models.CharField("证明材料文件名", max_length=255, blank=True)
    recorded_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "开庭及出庭应诉"
        verbose_name_plural = "开庭及出庭应诉"
        ordering = ["case_id", "held_on", "id"]

    def __str__(self) -> str:
        return f"开庭（{self.held_on}）"


class Obligor(models.TextChoices):
    AGENCY = "agency", "本机关履行"
    PLAINTIFF = "plaintiff", "原告（对方当事人）履行"


class Execution(models.Model):
    """What an effective judgment, ruling or mediation requires, and its performance
    (诉讼法第九十四条至第九十六条)."""

    case = models.ForeignKey(
        LitigationCase, models.PROTECT, related_name="executions", verbose_name="案件"
    )
    obligor = models.CharField("履行义务人", max_length=20, choices=Obligor.choices)
    content = models.TextField("应当履行的内容")
    due_on = models.DateField("裁判确定的履行期限", null=True, blank=True)
    performed_on = models.DateField("履行完毕日期", null=True, blank=True)
    applied_on = models.DateField("申请人民法院强制执行日期", null=True, blank=True)
    note = models.CharField("履行情况", max_length=300, blank=True)

    class Meta:
        verbose_name = "裁判执行"
        verbose_name_plural = "裁判执行"
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_obligor_display()}：{self.content[:20]}"


class SuggestionKind(models.TextChoices):
    JUDICIAL = "judicial", "司法建议"
    PROCURATORIAL = "procuratorial", "检察建议"


class Suggestion(models.Model):
    """A judicial or procuratorial suggestion to an agency and its reply. The reply is due on
    the date the letter sets (no period in the stored laws)."""

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="litigation_suggestions", verbose_name="收到建议的机关"
    )
    case = models.ForeignKey(
        LitigationCase,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name="相关案件",
    )
    kind = models.CharField("建议类别", max_length=20, choices=SuggestionKind.choices)
    issuer = models.CharField("制发机关", max_length=100)
    number = models.CharField("建议书文号", max_length=80)
    received_on = models.DateField("收到日期")
    due_on = models.DateField("建议书要求的答复期限")
    content = models.TextField("建议内容")
    registered_by = models.ForeignKey(
        Person, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_number = models.CharField("答复文号", max_length=80, blank=True)
    reply = models.TextField("答复及整改情况", blank=True)
    replied_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="答复登记人"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "司法建议、检察建议"
        verbose_name_plural = "司法建议、检察建议"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(
                fields=["unit", "received_on", "replied_on", "due_on"],
                name="litigation_suggestion_fig",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "issuer", "number"],
                name="litigation_suggestion_number",
                violation_error_message="本机关已登记该建议书。",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")),
                name="litigation_suggestion_due_after_received",
                violation_error_message="答复期限不能早于收到日期。",
            ),
            models.CheckConstraint(
                condition=Q(replied_on__isnull=True) | Q(replied_on__gte=models.F("received_on")),
                name="litigation_suggestion_replied_after_received",
                violation_error_message="答复日期不能早于收到日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return f"/workspace/litigation/suggestions/{self.pk}/"

    @property
    def late(self) -> bool:
        return self.replied_on is not None and self.replied_on > self.due_on
