"""Taking a step: the one write path of every procedure.

Why a small engine rather than a state-machine library: see the package docstring
(fazhi/procedures/__init__.py).

The lock: `step_take` re-reads the record with SELECT … FOR UPDATE inside its transaction and
decides on the state and version it read there, so that of two concurrent steps on one record
the second waits for the first and is then refused because the state has moved. SQLite has no
row locks but its IMMEDIATE transactions (config/settings/database.py) serialize writers; the
unique (record, version) constraint of StepRecord backs both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from types import MappingProxyType
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import policies
from fazhi.core import services as core_services
from fazhi.core.models import Person, Post, Role, TodoItem, TodoState, Unit
from fazhi.core.policies import Action

from . import recording
from .definitions import GuardResult, Procedure, Step, StepContext
from .models import ProcedureRecord, StepRecord


class StepForbidden(PermissionDenied):
    """The person may not take this step on this record (403, or 404 where existence must not
    be revealed): they hold none of its roles in the unit they act in, or the record lies
    outside their reach."""


class StepRefused(Exception):
    """The step cannot be taken now (409): the record is in another state, a guard fails, or
    the record changed since the form was shown. `failures` says why and under which article."""

    status_code = 409

    def __init__(self, step: Step | None, failures: Iterable[GuardResult]) -> None:
        self.step = step
        self.failures = tuple(failures)
        super().__init__("；".join(failure.message for failure in self.failures))

    @property
    def reasons(self) -> list[str]:
        return [failure.reason for failure in self.failures]

    @property
    def citations(self) -> list[str]:
        return [failure.citation.text for failure in self.failures if failure.citation]


def record_source(record: ProcedureRecord) -> str:
    """How to-do items name the record: "app_label.Model:pk"."""
    meta = record._meta.concrete_model._meta
    return f"{meta.app_label}.{meta.object_name}:{record.pk}"


def _roles_held(actor: Person, unit: Unit, step: Step, role: str | None) -> str:
    """The role the actor takes the step in: `role` if given, else the first of the step's
    roles they hold through an active post in `unit`."""
    wanted = [role] if role else list(step.roles)
    if role and role not in step.roles:
        raise StepForbidden(f"“{step.label}”不能以{_role_label(role)}身份办理。")
    held = set(
        Post.objects.active()
        .filter(person=actor, unit=unit, role__in=wanted)
        .values_list("role", flat=True)
    )
    for candidate in wanted:
        if candidate in held:
            return candidate
    roles = "、".join(_role_label(r) for r in step.roles)
    raise StepForbidden(f"您在{unit.name}没有办理“{step.label}”所需的角色（{roles}）。")


def _role_label(role: str) -> str:
    return Role(role).label if role in Role.values else role


def _request_id(request: Any) -> str:
    if request is None:
        return ""
    value = getattr(request, "request_id", "") or request.headers.get("X-Request-ID", "")
    return str(value)[:64]


def _state_refusal(procedure: Procedure, step: Step, current: str) -> GuardResult:
    sources = "、".join(f"“{procedure.state_label(s)}”" for s in step.source)
    return GuardResult(
        ok=False,
        reason=(
            f"“{step.label}”只能在{sources}时办理，该记录当前为“{procedure.state_label(current)}”。"
        ),
        citation=step.citation,
    )


def _check_assignees(assign: Iterable[tuple[Person, Unit]]) -> list[tuple[int, int]]:
    pairs = [(person, unit) for person, unit in assign]
    for person, unit in pairs:
        if not Post.objects.active().filter(person=person, unit=unit).exists():
            raise ValidationError(f"{person.name}不在{unit.name}任职，不能向其分派待办。")
    return [(person.pk, unit.pk) for person, unit in pairs]


def step_take(
    *,
    record: ProcedureRecord,
    step_code: str,
    actor: Person,
    unit: Unit,
    role: str | None = None,
    data: Mapping[str, Any] | None = None,
    request: Any = None,
    expected_version: int | None = None,
    assign: Iterable[tuple[Person, Unit]] = (),
) -> StepRecord:
    """Take step `step_code` of the record's procedure, as `actor` acting in `unit`.

    In one transaction: lock the record's row and re-read its state and version; check that
    the actor holds one of the step's roles (`role`, if given) through an active post in
    `unit` and that the record's unit is within that post's reach (`policies.post_reaches`)
    — else StepForbidden; check that the step leaves the current state,
    that the record is still at `expected_version` (when a form passes the version it showed)
    and that every guard passes — else StepRefused with the reasons and articles; then move
    the record, record the step (`recording.record_step`), close the actor's own to-do items
    for the record, stop and start the step's deadlines (fazhi.deadlines.services), and queue
    to-do items for `assign` (person, unit) pairs for when the transaction commits.

    `data` holds what the step records; its keys must be among `step.fields`. Returns the
    StepRecord. The caller's `record` instance is updated to the new state and version.
    """
    procedure = type(record).procedure()
    if not procedure.has_step(step_code):
        raise StepRefused(
            None, [GuardResult(ok=False, reason=f"“{procedure.title}”没有这一步骤：{step_code}。")]
        )
    step = procedure.step(step_code)
    if step.by_law:
        raise StepForbidden(f"“{step.label}”依法自动发生（{step.citation}），不由人员办理。")
    data = dict(data or {})
    unknown = sorted(set(data) - set(step.fields))
    if unknown:
        raise ValidationError(f"“{step.label}”不记录这些内容：{'、'.join(unknown)}。")
    acting_role = _roles_held(actor, unit, step, role)
    assignments = _check_assignees(assign)

    with transaction.atomic():
        locked = type(record)._base_manager.select_for_update(of=("self",)).get(pk=record.pk)
        if not policies.post_reaches(unit, acting_role, locked.unit_id, Action.CHANGE):
            raise StepForbidden("您无权办理该记录。")
        if expected_version is not None and locked.version != expected_version:
            raise StepRefused(
                step,
                [GuardResult(ok=False, reason="该记录已被他人办理或修改，请刷新后重新办理。")],
            )
        if locked.state not in step.source:
            raise StepRefused(step, [_state_refusal(procedure, step, locked.state)])
        today = timezone.localdate()
        context = StepContext(
            procedure=procedure,
            step=step,
            record=locked,
            actor=actor,
            unit=unit,
            role=acting_role,
            data=MappingProxyType(data),
            today=today,
        )
        failures = [result for guard in step.guards if not (result := guard.evaluate(context)).ok]
        if failures:
            raise StepRefused(step, failures)

        entry = _move(locked, procedure, step, actor, unit, acting_role, data, request, today)
        if assignments:
            from .tasks import todos_assign

            todos_assign(
                assignments=assignments,
                title=_todo_title(procedure, locked),
                module=locked._meta.app_label,
                source=record_source(locked),
                url=locked.get_absolute_url() if hasattr(locked, "get_absolute_url") else "",
            )

    record.state, record.version = locked.state, locked.version
    return entry


def _move(
    locked: ProcedureRecord,
    procedure: Procedure,
    step: Step,
    actor: Person | None,
    unit: Unit,
    role: str,
    data: dict[str, Any],
    request: Any,
    today: date,
) -> StepRecord:
    """Move the locked record, record the step (dated `today`, the step's legal day), close the
    actor's to-do items for the record and move the step's deadlines."""
    from_state = locked.state
    locked.state = step.target
    locked.version += 1
    locked.save(update_fields=["state", "version"])
    entry = recording.record_step(
        record=locked,
        procedure=procedure,
        step=step,
        from_state=from_state,
        actor=actor,
        unit=unit,
        role=role,
        data=data,
        occurred_at=_moment(today),
        request_id=_request_id(request),
    )
    if actor is not None:
        source = record_source(locked)
        for item in TodoItem.objects.filter(assignee=actor, source=source, state=TodoState.OPEN):
            core_services.todo_close(actor=actor, item=item)
    _deadlines_move(procedure, step, locked, actor, today)
    return entry


def _moment(day: date) -> datetime:
    """Now, or the start of `day` in local time when the step happened on an earlier day."""
    now = timezone.now()
    if day >= timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(day, time.min))


def step_take_by_law(
    *,
    record: ProcedureRecord,
    step_code: str,
    data: Mapping[str, Any] | None = None,
    on: date | None = None,
) -> StepRecord:
    """Take a step the law itself takes (`Step.by_law`: 视为受理 when the review period ends
    without a refusal), with no actor, in the record's own unit, as of `on` — the day the law
    says it happened (default today); it may be earlier than the day the job records it. The
    guards decide whether the law's condition holds today; StepRefused when it does not."""
    procedure = type(record).procedure()
    step = procedure.step(step_code) if procedure.has_step(step_code) else None
    if step is None or not step.by_law:
        raise StepRefused(
            step,
            [GuardResult(ok=False, reason=f"“{procedure.title}”没有依法视为的步骤：{step_code}。")],
        )
    data = dict(data or {})
    with transaction.atomic():
        locked = type(record)._base_manager.select_for_update(of=("self",)).get(pk=record.pk)
        if locked.state not in step.source:
            raise StepRefused(step, [_state_refusal(procedure, step, locked.state)])
        today = timezone.localdate()
        context = StepContext(
            procedure=procedure,
            step=step,
            record=locked,
            actor=None,
            unit=locked.unit,
            role=None,
            data=MappingProxyType(data),
            today=today,
        )
        failures = [result for guard in step.guards if not (result := guard.evaluate(context)).ok]
        if failures:
            raise StepRefused(step, failures)
        entry = _move(locked, procedure, step, None, locked.unit, "", data, None, on or today)
    record.state, record.version = locked.state, locked.version
    return entry


def _deadlines_move(
    procedure: Procedure, step: Step, record: ProcedureRecord, actor: Person | None, today: date
) -> None:
    """Stop, then start, the step's deadlines (stopping first lets a step restart a rule)."""
    if not (step.starts or step.stops):
        return
    from fazhi.deadlines.services import deadline_start, deadline_stop

    for rule_id in step.stops:
        deadline_stop(subject=record, rule_id=rule_id, on=today)
    day = f"{today.year}年{today.month}月{today.day}日"
    who = actor.name if actor is not None else "依法"
    basis = f"{procedure.title}：{who}于{day}办理“{step.label}”"
    for rule_id in step.starts:
        deadline_start(
            subject=record,
            rule_id=rule_id,
            trigger=today,
            trigger_basis=basis,
            unit=record.unit,
            owner=actor,
        )


def _todo_title(procedure: Procedure, record: ProcedureRecord) -> str:
    title = f"{procedure.title}：{record}（{procedure.state_label(record.state)}）"
    return title if len(title) <= 200 else title[:199] + "…"
