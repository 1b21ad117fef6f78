"""规划任务台账: a plan (法治政府建设规划、实施纲要、实施意见、工作要点…) as imported from its text
after a person reviewed the parse (PlanDraft → Plan), its tasks (Task, under `plans.task`) with
their units (TaskUnit: lead or responsible, resolved to the organization tree or recorded as
written), their quantitative targets (Target), and the units' periodic progress reports
(ProgressReport, under `plans.report`) with evidence files, reviewed by the legal affairs office.

A plan sets its own dates ("2022年年底前"): no statute does. A task's due date is the latest date
its text sets; a task with a period ("每年") and no date is 长期坚持.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import Person, Unit
from fazhi.procedures.models import ProcedureRecord


class DraftState(models.TextChoices):
    REVIEWING = "reviewing", "待核对"
    IMPORTED = "imported", "已导入"
    DISCARDED = "discarded", "已放弃"


class PlanDraft(models.Model):
    """A parsed plan waiting for a person to check it on one page before it becomes a ledger.
    `parsed` holds the parser's output as the person has corrected it so far."""

    owner = models.ForeignKey(
        Unit, models.PROTECT, related_name="plan_drafts", verbose_name="制定机关"
    )
    source_name = models.CharField("原文文件名", max_length=200)
    source_sha256 = models.CharField("原文 SHA-256", max_length=64)
    parsed = models.JSONField("解析结果")
    state = models.CharField(
        "状态", max_length=10, choices=DraftState.choices, default=DraftState.REVIEWING
    )
    created_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="上传人")
    created_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "规划解析稿"
        verbose_name_plural = "规划解析稿"

    def __str__(self) -> str:
        return self.parsed.get("document", {}).get("title") or self.source_name


class Plan(models.Model):
    """An imported plan: the document's particulars as read (and corrected) and its ledger."""

    owner = models.ForeignKey(Unit, models.PROTECT, related_name="plans", verbose_name="制定机关")
    title = models.CharField("规划名称", max_length=200)
    notice_title = models.CharField("印发通知标题", max_length=300, blank=True)
    issuers = models.CharField("发文机关", max_length=300, blank=True)
    doc_number = models.CharField("发文字号", max_length=60, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    source_name = models.CharField("原文文件名", max_length=200)
    source_sha256 = models.CharField("原文 SHA-256", max_length=64)
    parsed = models.JSONField("导入时的解析结果", default=dict)
    report_months = models.PositiveSmallIntegerField(
        "进展报送周期（月）", default=3, help_text="默认按季度报送。"
    )
    is_public = models.BooleanField("在门户网站公开进展", default=False)
    imported_by = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="导入人")
    imported_at = models.DateTimeField("导入时间", default=timezone.now)

    class Meta:
        verbose_name = "规划"
        verbose_name_plural = "规划"
        constraints = [
            models.CheckConstraint(
                condition=Q(report_months__in=[1, 2, 3, 4, 6, 12]),
                name="plan_report_months_divides_year",
                violation_error_message="报送周期须为 1、2、3、4、6 或 12 个月。",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    LAGGING = "lagging", "滞后"
    ONGOING = "ongoing", "长期坚持"


class Task(ProcedureRecord):
    """One task of a plan, in the order of the plan. `state` is its status (TaskStatus).
    `unit` is the unit that answers for it: the first lead unit, else the first responsible
    unit in the tree, else the plan's owner."""

    procedure_id = "plans.task"

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="tasks", verbose_name="规划")
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="plan_tasks", verbose_name="牵头单位"
    )
    position = models.PositiveIntegerField("序号")
    number = models.CharField("原文编号", max_length=20, blank=True)
    path = models.JSONField("上级编号", default=list, blank=True)
    section = models.CharField("所属部分", max_length=200, blank=True)
    title = models.CharField("任务", max_length=300)
    text = models.TextField("任务内容", blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True)
    original_due_on = models.DateField(
        "原定完成时限",
        null=True,
        blank=True,
        help_text="规划原定的完成时限（导入时的时限，或首次设定的时限）；调整完成时限后不变，"
        "按期完成率以此衡量。",
    )
    due_text = models.CharField("完成时限（原文）", max_length=100, blank=True)
    period = models.CharField("周期", max_length=20, blank=True, help_text="如“每年”。")
    completed_on = models.DateField("完成日期", null=True, blank=True)
    latest_progress = models.TextField("最新进展", blank=True)

    class Meta:
        verbose_name = "规划任务"
        verbose_name_plural = "规划任务"
        ordering = ["plan", "position"]
        constraints = [
            *ProcedureRecord.Meta.constraints,
            models.UniqueConstraint(fields=["plan", "position"], name="plan_task_position_unique"),
        ]
        indexes = [models.Index(fields=["unit", "state"]), models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}" if self.number else self.title


class UnitRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    RESPONSIBLE = "responsible", "责任单位"


class TaskUnit(models.Model):
    """A unit a task names: resolved to the tree, or recorded as written (external: outside
    the tree, such as 区法院 or a 市 body). `written` keeps the name as the plan wrote it — for
    a class name (各街道办事处) it is the class, one row per unit it was expanded to."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="units", verbose_name="任务")
    role = models.CharField("职责", max_length=12, choices=UnitRole.choices)
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_task_roles",
        verbose_name="单位",
    )
    external_name = models.CharField("外部单位名称", max_length=100, blank=True)
    written = models.CharField("原文写法", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "任务责任单位"
        verbose_name_plural = "任务责任单位"
        ordering = ["task", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(external_name=""),
                name="plan_task_unit_named",
                violation_error_message="责任单位须为组织机构中的单位，或写明外部单位名称。",
            ),
            models.UniqueConstraint(
                fields=["task", "unit"],
                condition=Q(unit__isnull=False),
                name="plan_task_unit_once",
                violation_error_message="同一单位在一项任务中只能登记一次。",
            ),
        ]

    def __str__(self) -> str:
        return self.unit.name if self.unit_id else self.external_name

    @property
    def name(self) -> str:
        return self.unit.name if self.unit_id else self.external_name


class Comparator(models.TextChoices):
    AT_LEAST = ">=", "不少于"
    AT_MOST = "<=", "不超过"
    EQUAL = "=", "达到"


class FigureSource(models.TextChoices):
    """Figures another module computes that a target can follow. Until a module computes a
    figure, the unit reports it with evidence (REPORTED)."""

    REPORTED = "reported", "由责任单位报送"
    NORMDOC_REVIEW_RATE = "normdoc_review_rate", "行政规范性文件合法性审核率"
    LITIGATION_HEAD_RATE = "litigation_head_rate", "行政机关负责人出庭应诉率"
    RECONSIDERATION_CORRECTION_RATE = "reconsideration_correction_rate", "行政复议纠错率"
    ENFORCEMENT_REVIEW_RATE = "enforcement_review_rate", "重大执法决定法制审核率"


class Target(models.Model):
    """A quantitative requirement: of a task, or (task empty) of the plan as a whole (the
    general objective's goals). `value` is what the plan requires; `latest_value` the last
    figure accepted from a report (or computed, for a linked figure)."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="targets", verbose_name="规划")
    task = models.ForeignKey(
        Task, models.CASCADE, null=True, blank=True, related_name="targets", verbose_name="任务"
    )
    position = models.PositiveSmallIntegerField("排序", default=0)
    text = models.CharField("目标（原文）", max_length=300)
    value = models.DecimalField("目标值", max_digits=12, decimal_places=2)
    unit_label = models.CharField("计量单位", max_length=12, blank=True)
    comparator = models.CharField("比较", max_length=2, choices=Comparator.choices)
    period = models.CharField("周期", max_length=20, blank=True)
    due_on = models.DateField("期限", null=True, blank=True)
    source = models.CharField(
        "数据来源", max_length=40, choices=FigureSource.choices, default=FigureSource.REPORTED
    )
    latest_value = models.DecimalField(
        "最新完成值", max_digits=12, decimal_places=2, null=True, blank=True
    )
    latest_on = models.DateField("完成值日期", null=True, blank=True)

    class Meta:
        verbose_name = "量化目标"
        verbose_name_plural = "量化目标"
        ordering = ["plan", "task", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def met(self) -> bool | None:
        """Whether the latest figure meets the target; None while there is none."""
        if self.latest_value is None:
            return None
        if self.comparator == Comparator.AT_LEAST:
            return self.latest_value >= self.value
        if self.comparator == Comparator.AT_MOST:
            return self.latest_value <= self.value
        return self.latest_value == self.value


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", "已报送"
    ACCEPTED = "accepted", "已通过"
    RETURNED = "returned", "已退回"


class ProgressReport(ProcedureRecord):
    """A unit's progress report on a task for one reporting period (a quarter by default),
    reviewed by the legal affairs office: accepted, or returned with comments and then
    resubmitted. `figures` maps a target's id to the figure reported for it."""

    procedure_id = "plans.report"

    task = models.ForeignKey(Task, models.CASCADE, related_name="reports", verbose_name="任务")
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="plan_reports", verbose_name="报送单位"
    )
    period_start = models.DateField("报送期间起")
    period_end = models.DateField("报送期间止")
    text = models.TextField("进展情况")
    figures = models.JSONField("完成数据", default=dict, blank=True)
    claims_done = models.BooleanField("报告任务已完成", default=False)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    submitted_by = models.ForeignKey(
        Person, models.PROTECT, related_name="+", verbose_name="报送人"
    )
    submitted_at = models.DateTimeField(
        "报送时间", default=timezone.now, help_text="首次报送的时间；退回后重新报送不改变。"
    )
    resubmitted_at = models.DateTimeField("最近重新报送时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    reviewed_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审核人"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "任务进展报告"
        verbose_name_plural = "任务进展报告"
        ordering = ["task", "period_start", "submitted_at"]
        constraints = [
            *ProcedureRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="plan_report_period_order",
                violation_error_message="报送期间的截止日不能早于起始日。",
            ),
            models.UniqueConstraint(
                fields=["task", "unit", "period_start"],
                name="plan_report_one_per_period",
                violation_error_message="该单位本期已报送过这项任务的进展；被退回的请修改后重新报送。",
            ),
        ]
        indexes = [models.Index(fields=["unit", "period_start"])]

    def __str__(self) -> str:
        return f"{self.task} {self.period_start:%Y-%m}"


class ReportFile(models.Model):
    """An evidence file of a report, in the content-addressed store (fazhi.evidence)."""

    report = models.ForeignKey(
        ProgressReport, models.CASCADE, related_name="files", verbose_name="进展报告"
    )
    name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return self.name
