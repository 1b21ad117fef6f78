"""行政复议: applications, the case under 行政复议法 (2023年修订) as a procedure, its hearings,
activities (听取意见、调查取证、委员会咨询、调解), incidental reviews of normative documents,
suspensions, opinion and suggestion letters, and the attempts to read a case's status online.

"复议法" below is 中华人民共和国行政复议法 (2023年修订, 施行2024-01-01). The 行政复议机关 is the
district government (第二十四条); its 行政复议机构, the 司法局, handles the cases, so a case's
`unit` is the 司法局 that handles it. The respondent (被申请人) is a unit of the tree where it is
one, or a name where it is not.

Personal data of applicants and agents (names of natural persons, identity numbers, addresses,
telephones) never reaches a public page or an export unmasked: see `selectors.public_case`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import Person, Unit
from fazhi.procedures.models import ProcedureRecord

MONEY = {"max_digits": 14, "decimal_places": 2}


class ApplicantKind(models.TextChoices):
    PERSON = "person", "自然人"
    LEGAL = "legal", "法人"
    OTHER = "other", "其他组织"


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    LETTER = "letter", "邮寄书面申请"
    WINDOW = "window", "当面递交（窗口）"
    ORAL = "oral", "口头申请（制作笔录）"
    FORWARDED = "forwarded", "经作出行政处罚的机关转送（第三十二条）"


class AgentKind(models.TextChoices):
    LAWYER = "lawyer", "律师"
    RELATIVE = "relative", "近亲属"
    OTHER = "other", "其他委托代理人"


class Subject(models.TextChoices):
    """What the challenged act is (the figures count by it; 复议法第十一条's list, condensed)."""

    PENALTY = "penalty", "行政处罚"
    COMPULSION = "compulsion", "行政强制"
    LICENSE = "license", "行政许可"
    CONFIRMATION = "confirmation", "行政确认（确权）"
    EXPROPRIATION = "expropriation", "征收征用及补偿"
    COMPLAINT = "complaint", "投诉举报处理"
    DISCLOSURE = "disclosure", "政府信息公开"
    INACTION = "inaction", "不履行法定职责（不作为）"
    INJURY = "injury", "工伤认定"
    AGREEMENT = "agreement", "行政协议"
    OTHER = "other", "其他"


class RefusalReason(models.TextChoices):
    """The acceptance condition not met (复议法第三十条第一款)."""

    NO_PARTY = "no_party", "没有明确的申请人或者被申请人不适格（第三十条第一款第一项）"
    NO_INTEREST = "no_interest", "申请人与行政行为没有利害关系（第二项）"
    NO_REQUEST = "no_request", "没有具体的复议请求和理由（第三项）"
    OUT_OF_TIME = "out_of_time", "超过法定申请期限（第四项）"
    OUT_OF_SCOPE = "out_of_scope", "不属于行政复议范围（第五项）"
    NOT_COMPETENT = "not_competent", "不属于本机关管辖（第六项）"
    DUPLICATE = "duplicate", "重复申请或者法院已受理同一行政行为的诉讼（第七项）"


class SuspensionGround(models.TextChoices):
    """复议法第三十九条第一款."""

    DEATH = "death", "（一）申请人死亡，近亲属尚未确定是否参加"
    INCAPACITY = "incapacity", "（二）申请人丧失行为能力，尚未确定法定代理人"
    MISSING = "missing", "（三）申请人下落不明"
    DISSOLVED = "dissolved", "（四）申请人终止，尚未确定权利义务承受人"
    FORCE_MAJEURE = "force_majeure", "（五）不可抗力或者其他正当理由不能参加"
    MEDIATION = "mediation", "（六）调解、和解，双方同意中止"
    INTERPRETATION = "interpretation", "（七）法律适用问题需有权机关解释或者确认"
    OTHER_CASE = "other_case", "（八）以其他案件审理结果为依据"
    NORMDOC = "normdoc", "（九）规范性文件附带审查（第五十六、五十七条）"
    OTHER = "other", "（十）其他情形"


# 第四十一条第五项: suspensions on these grounds end the case after 60 days.
SUSPENSIONS_THAT_LAPSE = (
    SuspensionGround.DEATH,
    SuspensionGround.INCAPACITY,
    SuspensionGround.DISSOLVED,
)


class TerminationGround(models.TextChoices):
    """复议法第四十一条."""

    WITHDRAWN = "withdrawn", "（一）申请人撤回申请，准予撤回"
    NO_HEIR = "no_heir", "（二）申请人死亡，无近亲属或者近亲属放弃"
    NO_SUCCESSOR = "no_successor", "（三）申请人终止，无承受人或者承受人放弃"
    CRIMINAL = "criminal", "（四）因同一违法行为被采取刑事强制措施"
    LAPSED = "lapsed", "（五）中止满六十日原因仍未消除"


class DecisionKind(models.TextChoices):
    VARY = "vary", "变更（第六十三条）"
    REVOKE = "revoke", "撤销（第六十四条）"
    PARTIAL_REVOKE = "partial_revoke", "部分撤销（第六十四条）"
    UNLAWFUL = "unlawful", "确认违法（第六十五条）"
    VOID = "void", "确认无效（第六十七条）"
    PERFORM = "perform", "责令履行（第六十六条）"
    UPHOLD = "uphold", "维持（第六十八条）"
    REJECT_REQUEST = "reject_request", "驳回复议请求（第六十九条）"
    REJECT_APPLICATION = "reject_application", "驳回申请（第三十三条）"


# The decisions that correct the act (纠错): the correction rate's numerator.
CORRECTIONS = (
    DecisionKind.VARY,
    DecisionKind.REVOKE,
    DecisionKind.PARTIAL_REVOKE,
    DecisionKind.UNLAWFUL,
    DecisionKind.VOID,
    DecisionKind.PERFORM,
)


class Approval(models.TextChoices):
    """复议法第六十一条第一款: the head's consent or collective discussion."""

    HEAD = "head", "经行政复议机关负责人同意"
    COLLECTIVE = "collective", "经集体讨论通过"


class Outcome(models.TextChoices):
    """How a case ended (the figures count by it)."""

    NOT_ACCEPTED = "not_accepted", "不予受理"
    ABANDONED = "abandoned", "视为放弃申请"
    RESOLVED = "resolved", "案前化解（受理前撤回）"
    WITHDRAWN = "withdrawn", "受理前撤回"
    DECIDED = "decided", "作出决定"
    MEDIATED = "mediated", "调解结案"
    TERMINATED = "terminated", "终止"


# Outcomes that close an accepted case (审结).
CLOSED = (Outcome.DECIDED, Outcome.MEDIATED, Outcome.TERMINATED)


class ReconsiderationCase(ProcedureRecord):
    """An application for reconsideration (行政复议申请) and, once accepted, the case, under the
    procedure `reconsideration.case`. The fields the figures count are kept on the row."""

    procedure_id = "reconsideration.case"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="行政复议机构")
    receipt_number = models.CharField("收件编号", max_length=30, unique=True)
    access_code_hash = models.CharField("查询码摘要", max_length=200, blank=True)
    number = models.CharField("案号", max_length=60, blank=True)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请日期")
    registered_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="登记人"
    )
    forwarded_by = models.CharField(
        "转送机关", max_length=200, blank=True, help_text="复议法第三十二条：经作出处罚的机关转送"
    )
    forwarder_received_on = models.DateField("转送机关收到申请日期", null=True, blank=True)
    client_key = models.CharField("提交来源摘要", max_length=64, blank=True)
    dedup_key = models.CharField("重复申请识别摘要", max_length=80, db_index=True)

    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名（名称）", max_length=200)
    applicant_id_number = models.CharField(
        "身份证号码或统一社会信用代码", max_length=30, blank=True
    )
    applicant_representative = models.CharField("法定代表人（负责人）", max_length=60, blank=True)
    applicant_address = models.CharField("住所（通讯地址）", max_length=300, blank=True)
    applicant_phone = models.CharField("联系电话", max_length=40, blank=True)
    agent_kind = models.CharField(
        "代理人类别", max_length=20, choices=AgentKind.choices, blank=True
    )
    agent_name = models.CharField("委托代理人", max_length=60, blank=True)
    agent_phone = models.CharField("代理人联系电话", max_length=40, blank=True)

    respondent_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="被申请人（本级机关）",
    )
    respondent_name = models.CharField("被申请人", max_length=200)
    act = models.CharField("被申请行政复议的行政行为", max_length=500)
    act_number = models.CharField("行政行为文书编号", max_length=100, blank=True)
    act_made_on = models.DateField("行政行为作出日期", null=True, blank=True)
    act_known_on = models.DateField("知道或者应当知道该行政行为的日期")
    informed_of_right = models.BooleanField(
        "行政机关已告知申请权利、复议机关和申请期限",
        default=True,
        help_text="复议法第二十条第三款：未告知的，申请期限另行起算，最长不超过一年。",
    )
    informed_on = models.DateField("知道申请权利、复议机关和期限的日期", null=True, blank=True)
    concerns_property = models.BooleanField(
        "因不动产提出", default=False, help_text="复议法第二十一条：二十年；其他五年。"
    )
    subject = models.CharField("行为类别", max_length=20, choices=Subject.choices)
    request = models.TextField("行政复议请求")
    reasons = models.TextField("事实和理由")
    normdoc_requested = models.BooleanField(
        "一并申请审查规范性文件", default=False, help_text="复议法第十三条"
    )
    normdoc_title = models.CharField("请求审查的规范性文件", max_length=300, blank=True)
    compensation_requested = models.BooleanField("一并提出行政赔偿请求", default=False)

    # The simplified procedure's conditions (第五十三条).
    on_the_spot = models.BooleanField("被申请行为是当场作出的", default=False)
    warning_or_criticism = models.BooleanField("被申请行为是警告或者通报批评", default=False)
    amount = models.DecimalField("涉及款额（元）", null=True, blank=True, **MONEY)
    parties_consent = models.BooleanField("当事人各方同意适用简易程序", default=False)

    # Timeliness (第二十条、第二十一条), computed at registration.
    application_due = models.DateField("申请期限届满日", null=True, blank=True)
    late = models.BooleanField("超过申请期限", default=False)
    barred = models.BooleanField(
        "超过最长申请期限",
        default=False,
        help_text="复议法第二十一条：应当不予受理，不因正当理由延续。",
    )
    late_note = models.TextField("期限审查说明", blank=True)
    delay_reason = models.TextField(
        "耽误申请期限的正当理由", blank=True, help_text="复议法第二十条第二款"
    )

    # Acceptance (第三十条、第三十一条).
    review_due = models.DateField("受理审查期限届满日", null=True, blank=True)
    supplement_items = models.TextField("需要补正的事项", blank=True)
    supplement_requested_on = models.DateField("通知补正日期", null=True, blank=True)
    supplement_served_on = models.DateField("申请人收到补正通知日期", null=True, blank=True)
    supplement_due = models.DateField("补正期限届满日", null=True, blank=True)
    supplement_received_on = models.DateField("收到补正材料日期", null=True, blank=True)
    refusal_reason = models.CharField(
        "不予受理理由", max_length=20, choices=RefusalReason.choices, blank=True
    )
    refusal_text = models.TextField("不予受理的理由说明", blank=True)
    competent_body = models.CharField("有管辖权的行政复议机关", max_length=200, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("视为受理", default=False)

    # Procedure (第五十三至五十五条) and periods.
    simplified = models.BooleanField("适用简易程序", default=False)
    simplified_ground = models.CharField("适用简易程序的情形", max_length=200, blank=True)
    converted_on = models.DateField("转为普通程序日期", null=True, blank=True)
    conversion_reason = models.TextField("转为普通程序的理由", blank=True)
    major = models.BooleanField(
        "重大、疑难、复杂案件", default=False, help_text="复议法第五十条、第五十二条"
    )
    decision_due = models.DateField("决定期限届满日", null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField("延长天数", default=0)
    extension_reason = models.TextField("延长理由", blank=True)
    extension_notified_on = models.DateField("书面告知延长日期", null=True, blank=True)

    # The respondent's reply (第四十八条、第五十四条、第七十条).
    copy_sent_on = models.DateField("发送申请书副本日期", null=True, blank=True)
    respondent_received_on = models.DateField("被申请人收到副本日期", null=True, blank=True)
    reply_due = models.DateField("答复期限届满日", null=True, blank=True)
    replied_on = models.DateField("被申请人答复日期", null=True, blank=True)
    reply_text = models.TextField("书面答复", blank=True)

    # The end.
    decision_kind = models.CharField(
        "决定类型", max_length=20, choices=DecisionKind.choices, blank=True
    )
    decision_text = models.TextField("决定主文", blank=True)
    decision_reasons = models.TextField("认定事实和理由", blank=True)
    approval = models.CharField("决定方式", max_length=20, choices=Approval.choices, blank=True)
    approver = models.CharField("批准的负责人或者会议", max_length=200, blank=True)
    perform_within_days = models.PositiveSmallIntegerField(
        "限期履行（日）", null=True, blank=True, help_text="复议法第六十四条、第六十六条"
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    outcome = models.CharField("结案方式", max_length=20, choices=Outcome.choices, blank=True)
    ended_on = models.DateField("结案日期", null=True, blank=True)
    on_time = models.BooleanField("在法定期限内办结", null=True, blank=True)
    termination_ground = models.CharField(
        "终止情形", max_length=20, choices=TerminationGround.choices, blank=True
    )
    end_reason = models.TextField("结案说明", blank=True)

    # After the decision (第七十七条、第七十九条).
    performed_on = models.DateField("履行日期", null=True, blank=True)
    performance_note = models.TextField("履行情况", blank=True)
    urged_on = models.DateField("责令限期履行日期", null=True, blank=True)
    urge_measure = models.CharField("督促措施", max_length=200, blank=True)
    copied_to = models.CharField("抄告的上级主管部门", max_length=200, blank=True)
    copied_on = models.DateField("抄告日期", null=True, blank=True)
    published_on = models.DateField("决定书公开日期", null=True, blank=True)
    public_text = models.TextField("公开的决定书（已去除个人信息）", blank=True)
    not_published_reason = models.TextField("不公开的理由", blank=True)

    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["received_on", "unit"], name="recon_received"),
            models.Index(fields=["ended_on", "unit"], name="recon_ended"),
            models.Index(fields=["state", "unit"], name="recon_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                condition=~Q(number=""),
                name="recon_case_number",
                violation_error_message="该案号已经使用。",
            ),
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=~Q(state__in=("not_accepted", "abandoned", "withdrawn")),
                name="recon_one_live_application",
                violation_error_message="同一申请人已就同一行政行为提出过行政复议申请。",
            ),
            models.CheckConstraint(
                condition=Q(extended_days__lte=30),
                name="recon_extension_at_most_30",
                violation_error_message="延长期限最多不得超过三十日（复议法第六十二条第一款）。",
            ),
            models.CheckConstraint(
                condition=~Q(refusal_reason="not_competent") | ~Q(competent_body=""),
                name="recon_not_competent_names_body",
                violation_error_message="不属于本机关管辖的，须告知有管辖权的行政复议机关。",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.receipt_number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reconsideration:case_detail", args=[self.pk])

    @property
    def is_person(self) -> bool:
        return self.applicant_kind == ApplicantKind.PERSON

    @property
    def copy_to_superior_required(self) -> bool:
        """复议法第七十九条第二款: a case against one of the government's own departments."""
        return bool(self.respondent_unit_id) and self.respondent_unit.kind == "department"

    @property
    def corrected(self) -> bool:
        return self.decision_kind in CORRECTIONS


class Attachment(models.Model):
    """A file of the case, kept in the evidence store (content-addressed, in the ledger)."""

    class Kind(models.TextChoices):
        APPLICATION = "application", "申请材料"
        SUPPLEMENT = "supplement", "补正材料"
        REPLY = "reply", "答复及证据、依据"
        EVIDENCE = "evidence", "调查取得的证据"
        DOCUMENT = "document", "复议文书"
        OTHER = "other", "其他"

    case = models.ForeignKey(
        ReconsiderationCase, models.CASCADE, related_name="attachments", verbose_name="案件"
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "案件材料"
        verbose_name_plural = "案件材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    VIEWS = "views", "听取当事人意见（第四十九条）"
    INVESTIGATION = "investigation", "调查取证（第四十五条）"
    COMMITTEE = "committee", "行政复议委员会咨询（第五十二条）"
    MEDIATION = "mediation", "调解、和解（第七十三条、第七十四条）"


class Activity(models.Model):
    """Something done in the review: hearing the parties' views, investigating, consulting the
    reconsideration committee, mediating."""

    class How(models.TextChoices):
        IN_PERSON = "in_person", "当面"
        ONLINE = "online", "互联网"
        PHONE = "phone", "电话"
        WRITTEN = "written", "书面"

    case = models.ForeignKey(
        ReconsiderationCase, models.CASCADE, related_name="activities", verbose_name="案件"
    )
    kind = models.CharField("类别", max_length=20, choices=ActivityKind.choices)
    on = models.DateField("日期")
    how = models.CharField("方式", max_length=20, choices=How.choices, blank=True)
    participants = models.CharField("参加人员", max_length=500, blank=True)
    summary = models.TextField("内容（笔录摘要、咨询意见）")
    recorded_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="记录人")

    class Meta:
        verbose_name = "审理活动"
        verbose_name_plural = "审理活动"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Hearing(models.Model):
    """A hearing (听证, 第五十条、第五十一条): notified in writing at least 5 working days before;
    the respondent's head attends or explains and sends staff."""

    case = models.ForeignKey(
        ReconsiderationCase, models.CASCADE, related_name="hearings", verbose_name="案件"
    )
    scheduled_on = models.DateField("听证日期")
    place = models.CharField("地点", max_length=200)
    issues = models.TextField("拟听证事项")
    notified_on = models.DateField("书面通知送达日期")
    notice_due = models.DateField("最迟通知日")
    held = models.BooleanField("已举行", default=False)
    head_attended = models.BooleanField("被申请人负责人参加", default=False)
    attendee = models.CharField("被申请人参加人员及职务", max_length=200, blank=True)
    head_absence_reason = models.TextField("负责人不能参加的理由", blank=True)
    record = models.TextField("听证笔录摘要", blank=True)

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"
        ordering = ["scheduled_on", "pk"]

    def __str__(self) -> str:
        return f"听证 {self.scheduled_on}"


class Suspension(models.Model):
    """A suspension (中止, 第三十九条) and its resumption, each notified in writing."""

    case = models.ForeignKey(
        ReconsiderationCase, models.CASCADE, related_name="suspensions", verbose_name="案件"
    )
    ground = models.CharField("中止情形", max_length=20, choices=SuspensionGround.choices)
    reason = models.TextField("中止理由")
    started_on = models.DateField("中止日期")
    lapses_on = models.DateField(
        "中止满六十日之日", null=True, blank=True, help_text="复议法第四十一条第五项"
    )
    resumed_on = models.DateField("恢复审理日期", null=True, blank=True)
    resume_reason = models.TextField("恢复理由", blank=True)
    pauses_period = models.BooleanField("中止期间不计入决定期限", default=True)

    class Meta:
        verbose_name = "中止"
        verbose_name_plural = "中止"
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"中止 {self.started_on}"


class NormdocReview(models.Model):
    """Incidental review of a normative document (第五十六条至第六十条): decided within 30 days
    where this body may, else transferred within 7 working days; the enacting body is told
    within 3 working days and replies within 10."""

    case = models.ForeignKey(
        ReconsiderationCase, models.CASCADE, related_name="normdoc_reviews", verbose_name="案件"
    )
    document_title = models.CharField("规范性文件", max_length=300)
    enacting_body = models.CharField("制定机关", max_length=200)
    on_request = models.BooleanField(
        "依申请审查", default=True, help_text="第五十六条依申请；第五十七条依职权"
    )
    competent = models.BooleanField("本机关有权处理")
    started_on = models.DateField("启动审查日期")
    due = models.DateField("处理或者转送期限届满日")
    enactor_notified_on = models.DateField("书面通知制定机关日期", null=True, blank=True)
    enactor_reply_due = models.DateField("制定机关答复期限届满日", null=True, blank=True)
    enactor_replied_on = models.DateField("制定机关答复日期", null=True, blank=True)
    transferred_to = models.CharField("转送机关", max_length=200, blank=True)
    transferred_on = models.DateField("转送日期", null=True, blank=True)
    handled_on = models.DateField("处理日期", null=True, blank=True)
    conclusion = models.TextField("处理结论", blank=True)

    class Meta:
        verbose_name = "规范性文件附带审查"
        verbose_name_plural = "规范性文件附带审查"
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return self.document_title

    @property
    def open(self) -> bool:
        return self.handled_on is None and self.transferred_on is None


class Letter(models.Model):
    """A 行政复议意见书 (第七十六条: the agency reports within 60 days) or 建议书 to an agency,
    and its follow-up."""

    class Kind(models.TextChoices):
        OPINION = "opinion", "行政复议意见书"
        SUGGESTION = "suggestion", "行政复议建议书"

    case = models.ForeignKey(
        ReconsiderationCase,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name="所涉案件",
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="制发机构")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    number = models.CharField("文号", max_length=60)
    recipient_unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="收文机关"
    )
    recipient_name = models.CharField("收文机关名称", max_length=200)
    issued_on = models.DateField("制发日期")
    received_on = models.DateField("送达日期")
    problems = models.TextField("发现的问题")
    requests = models.TextField("意见或者建议")
    reply_due = models.DateField("报送期限届满日", null=True, blank=True)
    replied_on = models.DateField("报送办理情况日期", null=True, blank=True)
    reply_text = models.TextField("纠正或者办理情况", blank=True)
    issued_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="制发人")

    class Meta:
        verbose_name = "意见书和建议书"
        verbose_name_plural = "意见书和建议书"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="recon_letter_number"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.number}）"


class StatusQuery(models.Model):
    """An attempt to read a case's status on the portal: counted per sender to refuse guessing
    (failed attempts per hour)."""

    client_key = models.CharField("来源摘要", max_length=64)
    at = models.DateTimeField("时间", default=timezone.now)
    ok = models.BooleanField("查询成功")

    class Meta:
        verbose_name = "进度查询记录"
        verbose_name_plural = "进度查询记录"
        indexes = [models.Index(fields=["client_key", "at"], name="recon_query_client")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'成功' if self.ok else '失败'}"
