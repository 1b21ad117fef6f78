"""Reads for the workspace: where a record stands, what this person can do next and what each
step still needs, the history, and the running deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from fazhi.core import policies
from fazhi.core.models import Person, Post, Role, Unit
from fazhi.core.policies import Action

from .definitions import Guard, GuardResult, Procedure, State, Step, StepContext
from .models import ProcedureRecord, StepRecord

# A template the deadlines module may provide to show one deadline with its explanation.
DEADLINE_TEMPLATE = "deadlines/_deadline.html"


@dataclass(frozen=True)
class GuardStatus:
    guard: Guard
    result: GuardResult


@dataclass(frozen=True)
class StepOption:
    """One step leaving the record's current state, as seen by one person."""

    step: Step
    allowed: bool  # the person holds a role of the step in a unit, and reaches the record
    roles: tuple[str, ...]  # the step's roles the person holds (empty when not allowed)
    unit: Unit | None  # the unit the person would act in
    guards: tuple[GuardStatus, ...]

    @property
    def ready(self) -> bool:
        """Allowed, and every guard passes already (guards on the step's data cannot)."""
        return self.allowed and all(status.result.ok for status in self.guards)

    @property
    def unmet(self) -> list[GuardResult]:
        return [status.result for status in self.guards if not status.result.ok]

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label if role in Role.values else role for role in self.step.roles]


def _posts_by_role(actor: Person) -> dict[str, list[Post]]:
    posts: dict[str, list[Post]] = {}
    if not actor.is_authenticated:
        return posts
    for post in Post.objects.active().filter(person=actor).select_related("unit").order_by("pk"):
        posts.setdefault(post.role, []).append(post)
    return posts


def available_steps(record: ProcedureRecord, actor: Person) -> list[StepOption]:
    """For each step leaving the record's current state: whether `actor` may take it and each
    guard's result now (with empty step data, so the guards on data say what is to be filled)."""
    procedure = type(record).procedure()
    posts = {
        role: [
            p
            for p in role_posts
            if policies.post_reaches(p.unit, role, record.unit_id, Action.CHANGE)
        ]
        for role, role_posts in _posts_by_role(actor).items()
    }
    posts = {role: role_posts for role, role_posts in posts.items() if role_posts}
    today = timezone.localdate()
    options = []
    for step in procedure.steps_from(record.state):
        if step.by_law:
            continue
        held = tuple(role for role in step.roles if role in posts)
        unit = posts[held[0]][0].unit if held else None
        context = StepContext(
            procedure=procedure,
            step=step,
            record=record,
            actor=actor,
            unit=unit,
            role=held[0] if held else None,
            data=MappingProxyType({}),
            today=today,
        )
        guards = tuple(GuardStatus(guard, guard.evaluate(context)) for guard in step.guards)
        options.append(StepOption(step, bool(held), held, unit, guards))
    return options


def history(record: ProcedureRecord) -> QuerySet[StepRecord]:
    """The steps taken on the record, oldest first, with actor and unit loaded."""
    return (
        StepRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=True),
            object_id=record.pk,
        )
        .select_related("actor", "unit")
        .order_by("version", "pk")
    )


def deadlines_of(record: ProcedureRecord) -> tuple[list[Any], bool]:
    """The record's deadlines from the deadlines module, and whether that module answered."""
    try:
        from fazhi.deadlines.selectors import deadlines_for
    except ImportError:
        return [], False
    return list(deadlines_for(record)), True


@dataclass(frozen=True)
class ProcedureStatus:
    """Everything `procedures/_status.html` shows for one record and one person."""

    record: ProcedureRecord
    procedure: Procedure
    state: State
    options: list[StepOption]
    history: list[StepRecord]
    deadlines: list[Any] = field(default_factory=list)
    deadlines_available: bool = False
    deadline_template: str | None = None


def _deadline_template() -> str | None:
    try:
        get_template(DEADLINE_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return DEADLINE_TEMPLATE


def procedure_status(record: ProcedureRecord, person: Person) -> ProcedureStatus:
    """Load what the status partial needs for `record` as seen by `person`, in one pass.

    The caller has already decided that `person` may see the record (its selector scoped it).
    """
    procedure = type(record).procedure()
    deadlines, available = deadlines_of(record)
    return ProcedureStatus(
        record=record,
        procedure=procedure,
        state=procedure.state(record.state),
        options=available_steps(record, person),
        history=list(history(record)),
        deadlines=deadlines,
        deadlines_available=available,
        deadline_template=_deadline_template() if deadlines else None,
    )
