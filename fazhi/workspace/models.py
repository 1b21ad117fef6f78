"""To-do items on a person's workspace home: what they must act on, with its deadline."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from fazhi.core.models import Person, Unit


class TodoState(models.TextChoices):
    OPEN = "open", "待办"
    DONE = "done", "已办"
    WITHDRAWN = "withdrawn", "已撤回"


class TodoItem(models.Model):
    """One thing a person (in a unit) must do, created by the module whose procedure needs it.

    `source` names the record it belongs to (e.g. "normative_documents.NormDoc:12"), so that a
    module can close its own items; `due_at` and `deadline_basis` come from the deadline that
    the procedure started (how it was computed and which article requires it).
    """

    assignee = models.ForeignKey(
        Person, models.PROTECT, related_name="todo_items", verbose_name="承办人"
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="todo_items", verbose_name="单位")
    title = models.CharField("事项", max_length=200)
    module = models.CharField("所属模块", max_length=40)
    source = models.CharField("关联记录", max_length=100)
    url = models.CharField("办理链接", max_length=300, blank=True)
    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    deadline_basis = models.CharField("期限依据", max_length=300, blank=True)
    state = models.CharField("状态", max_length=10, choices=TodoState.choices,
                             default=TodoState.OPEN)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "待办事项"
        verbose_name_plural = "待办事项"
        constraints = [
            models.UniqueConstraint(
                fields=["assignee", "source", "title"],
                condition=Q(state="open"),
                name="todo_one_open_per_source",
            ),
            models.CheckConstraint(
                condition=Q(state="open", closed_at__isnull=True)
                | (~Q(state="open") & Q(closed_at__isnull=False)),
                name="todo_closed_at_matches_state",
            ),
        ]
        indexes = [models.Index(fields=["assignee", "state", "due_at"])]

    def __str__(self) -> str:
        return self.title
