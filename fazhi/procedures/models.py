"""The state a record is in (a mixin for domain models) and the history of the steps taken.

A domain model that runs a procedure:

    class Application(ProcedureRecord):
        procedure_id = "reconsideration.ordinary"
        unit = models.ForeignKey(Unit, models.PROTECT, verbose_name="承办单位")

Conventions (checked at start-up by `checks.py`):
- `procedure_id` names a registered procedure;
- the record has a `unit` foreign key to `core.Unit`: the unit that holds the record. Who may
  act on it is decided from `unit_id` by `fazhi.core.policies`, and the deadlines a step
  starts run for that unit;
- a new record is created in `Model.initial_state()`, and only `services.step_take` changes
  `state` and `version` afterwards.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import Person, Role, Unit

from .definitions import Procedure, State, get_procedure


class ProcedureRecord(models.Model):
    """A record that moves through a procedure: its current state and a version number that
    every step increments (for optimistic checks by forms and for ordering the history)."""

    procedure_id: ClassVar[str] = ""

    state = models.CharField("办理状态", max_length=40, db_index=True)
    version = models.PositiveIntegerField("版本号", default=0, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=""),
                name="%(app_label)s_%(class)s_state_set",
                violation_error_message="记录必须处于程序的某一状态。",
            ),
        ]

    @classmethod
    def procedure(cls) -> Procedure:
        return get_procedure(cls.procedure_id)

    @classmethod
    def initial_state(cls) -> str:
        """The state a new record starts in."""
        return cls.procedure().initial

    @property
    def procedure_state(self) -> State:
        return self.procedure().state(self.state)

    @property
    def state_label(self) -> str:
        return self.procedure().state_label(self.state)


class StepRecord(models.Model):
    """One step taken on one record: who, in which unit and role, from which state to which,
    what they recorded, and when. Append-only; written by `recording.record_step` alone."""

    content_type = models.ForeignKey(
        ContentType, models.PROTECT, related_name="+", verbose_name="记录类型"
    )
    object_id = models.PositiveBigIntegerField("记录编号")
    procedure_id = models.CharField("程序", max_length=80)
    step = models.CharField("步骤", max_length=40)
    from_state = models.CharField("原状态", max_length=40)
    to_state = models.CharField("新状态", max_length=40)
    version = models.PositiveIntegerField("办理后版本号")
    actor = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="procedure_steps",
        verbose_name="办理人",
        help_text="依法视为的步骤（如视为受理）没有办理人。",
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="procedure_steps", verbose_name="办理单位"
    )
    role = models.CharField("办理角色", max_length=20, choices=Role.choices, blank=True)
    data = models.JSONField("记录内容", default=dict, blank=True, encoder=DjangoJSONEncoder)
    occurred_at = models.DateTimeField("办理时间", default=timezone.now)
    request_id = models.CharField("请求编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "程序步骤记录"
        verbose_name_plural = "程序步骤记录"
        constraints = [
            # One step per record version: a second writer that got past the row lock (or a
            # caller that bypassed it) cannot record a step over the first.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version"],
                name="steprecord_one_per_version",
                violation_error_message="该记录的这一版本已经办理过步骤。",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.step_label}（{self.from_state_label} → {self.to_state_label}）"

    def _procedure(self) -> Procedure | None:
        try:
            return get_procedure(self.procedure_id)
        except LookupError:
            return None

    @property
    def step_label(self) -> str:
        procedure = self._procedure()
        return (
            procedure.step(self.step).label
            if procedure and procedure.has_step(self.step)
            else self.step
        )

    @property
    def from_state_label(self) -> str:
        procedure = self._procedure()
        return procedure.state_label(self.from_state) if procedure else self.from_state

    @property
    def to_state_label(self) -> str:
        procedure = self._procedure()
        return procedure.state_label(self.to_state) if procedure else self.to_state
