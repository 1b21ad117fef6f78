"""Holiday notices entered by administrators, and the running deadlines of official records."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from fazhi.core.models import Person, Unit


class HolidayNotice(models.Model):
    """The State Council's yearly holiday arrangement (国务院办公厅关于X年部分节假日安排的通知).

    Its days take precedence over the chinesecalendar package. Entering or correcting one
    recomputes the open deadlines of that year (services.holiday_notice_save).
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("通知名称", max_length=200)
    document_number = models.CharField("文号", max_length=60, blank=True)
    published_on = models.DateField("发布日期")
    entered_by = models.ForeignKey(
        Person, models.PROTECT, related_name="+", verbose_name="录入人", null=True, blank=True
    )
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排通知"
        verbose_name_plural = "节假日安排通知"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class HolidayNoticeDay(models.Model):
    """One day the notice names: a holiday (放假) or a swapped working day (调休上班)."""

    notice = models.ForeignKey(
        HolidayNotice, models.CASCADE, related_name="days", verbose_name="通知"
    )
    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班", help_text="调休上班日为是；放假日为否。")
    name = models.CharField("节日", max_length=20)

    class Meta:
        verbose_name = "节假日安排日"
        verbose_name_plural = "节假日安排日"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.name}{'上班' if self.is_workday else '放假'}"


class DeadlineState(models.TextChoices):
    RUNNING = "running", "计时中"
    PAUSED = "paused", "中止计时"
    STOPPED = "stopped", "已结束"


class Deadline(models.Model):
    """A statutory period running for one record, computed from a rule and recomputed whenever
    its clock events or the holiday calendar change. `explanation` keeps the computation (the
    steps a reviewer would write on the file) as of the last recomputation."""

    subject_type = models.ForeignKey(
        "contenttypes.ContentType", models.PROTECT, related_name="+", verbose_name="记录类型"
    )
    subject_id = models.PositiveBigIntegerField("记录编号")
    rule_id = models.CharField("期限规则", max_length=60)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="deadlines", verbose_name="单位")
    owner = models.ForeignKey(
        Person,
        models.PROTECT,
        related_name="deadlines",
        verbose_name="承办人",
        null=True,
        blank=True,
    )
    trigger_date = models.DateField("起算日")
    trigger_at = models.DateTimeField(
        "起算时刻", null=True, blank=True, help_text="按小时计算的期限（如接诉即办）才有。"
    )
    trigger_basis = models.CharField("起算依据", max_length=300)
    due_date = models.DateField("届满日")
    due_at = models.DateTimeField("届满时刻", null=True, blank=True)
    provisional = models.BooleanField("暂定", default=False)
    explanation = models.JSONField("计算说明", default=dict, blank=True)
    state = models.CharField(
        "状态", max_length=10, choices=DeadlineState.choices, default=DeadlineState.RUNNING
    )
    stopped_on = models.DateField("结束日期", null=True, blank=True)
    outcome = models.CharField("结束原因", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "法定期限"
        verbose_name_plural = "法定期限"
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "rule_id"],
                condition=~Q(state="stopped"),
                name="deadline_one_open_per_rule",
                violation_error_message="该记录已有一个同一规则的期限正在计时。",
            ),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["state", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} 届满 {self.due_date}"


class ClockEventKind(models.TextChoices):
    PAUSE = "pause", "中止计时"
    RESUME = "resume", "恢复计时"
    RESTART = "restart", "重新计算"
    EXTENSION = "extension", "延长期限"
    DEEMED = "deemed", "视为"


class ClockEvent(models.Model):
    """Something that changed a deadline's clock, with its own dates. Never edited."""

    deadline = models.ForeignKey(
        Deadline, models.PROTECT, related_name="events", verbose_name="期限"
    )
    kind = models.CharField("类型", max_length=10, choices=ClockEventKind.choices)
    on = models.DateField("日期")
    length = models.PositiveIntegerField("延长天数", null=True, blank=True)
    reason = models.CharField("理由", max_length=300)
    approver = models.ForeignKey(
        Person, models.PROTECT, related_name="+", verbose_name="批准人", null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        Person, models.PROTECT, related_name="+", verbose_name="记录人", null=True, blank=True
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "计时事件"
        verbose_name_plural = "计时事件"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"
