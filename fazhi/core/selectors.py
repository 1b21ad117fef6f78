"""Reads of the organization tree and people, scoped to the requesting person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from . import policies
from .models import Person, Post, TodoItem, TodoState, Unit
from .policies import Action


def units_visible(person: Person, action: Action = Action.VIEW_DIRECTORY) -> QuerySet[Unit]:
    """Units the person may see in the directory (records or management), in tree order."""
    return policies.scope(Unit.objects.all(), person, action, unit_field="pk").order_by("path")


def unit_get(person: Person, unit_id: int, action: Action = Action.VIEW_DIRECTORY) -> Unit:
    """One visible unit, or 404 whether it does not exist or is not the person's to see."""
    unit = units_visible(person, action).filter(pk=unit_id).first()
    if unit is None:
        raise Http404("未找到该单位。")
    return unit


def attach_parent_ids(units: list[Unit]) -> list[Unit]:
    """Set `parent_id` on each unit with one query (the tree stores paths, not parents)."""
    parent_paths = {unit.path[: -Unit.steplen] for unit in units if unit.depth > 1}
    ids = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "pk"))
    for unit in units:
        unit.parent_id = ids.get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None
    return units


def _active_posts() -> Prefetch:
    return Prefetch(
        "posts",
        queryset=Post.objects.active().select_related("unit").order_by("unit__path", "role"),
        to_attr="active_posts",
    )


def people_visible(person: Person, action: Action = Action.VIEW_DIRECTORY) -> QuerySet[Person]:
    """People holding an active post in a unit the person may see."""
    today = timezone.localdate()
    active = Q(posts__valid_from__lte=today) & (
        Q(posts__valid_to__isnull=True) | Q(posts__valid_to__gt=today)
    )
    ids = policies.unit_ids_for(person, action)
    condition = active if ids is None else active & Q(posts__unit_id__in=ids)
    return (
        Person.objects.filter(pk__in=Person.objects.filter(condition).values("pk"))
        .prefetch_related(_active_posts())
        .order_by("name", "pk")
    )


def people_of_unit(person: Person, unit: Unit) -> QuerySet[Person]:
    return people_visible(person).filter(
        pk__in=Post.objects.active().filter(unit=unit).values("person_id")
    )


def person_get(person: Person, person_id: int, action: Action = Action.VIEW_DIRECTORY) -> Person:
    found = people_visible(person, action).filter(pk=person_id).first()
    if found is None:
        raise Http404("未找到该人员。")
    return found


def my_posts(person: Person) -> QuerySet[Post]:
    return Post.objects.active().filter(person=person).select_related("unit").order_by("unit__path")


def unit_children_counts(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """Units annotated with their count of active staff, for lists."""
    today = timezone.localdate()
    return units.annotate(
        staff_count=Count(
            "posts__person",
            filter=Q(posts__valid_from__lte=today)
            & (Q(posts__valid_to__isnull=True) | Q(posts__valid_to__gt=today)),
            distinct=True,
        )
    )


def root_government() -> Unit | None:
    """The government this installation serves: the first root (the demo's district or city)."""
    return Unit.objects.get_root_nodes().filter(valid_to__isnull=True).first()


ALERT_OVERDUE = 2
ALERT_APPROACHING = 1


def todos_open(person: Person) -> QuerySet[TodoItem]:
    """The person's open items, overdue first, then by deadline, with their alert level.

    临期 (approaching) means due within FAZHI_ALERT_DAYS natural days; the deadline sweep of
    the deadlines module refines this per procedure.
    """
    now = timezone.now()
    soon = now + timedelta(days=settings.FAZHI_ALERT_DAYS)
    return (
        TodoItem.objects.filter(assignee=person, state=TodoState.OPEN)
        .select_related("unit")
        .annotate(
            alert=Case(
                When(due_at__lt=now, then=Value(ALERT_OVERDUE)),
                When(due_at__lt=soon, then=Value(ALERT_APPROACHING)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        # Undated items last on every database (SQLite sorts NULL first, PostgreSQL last).
        .order_by("-alert", F("due_at").asc(nulls_last=True), "pk")
    )


@dataclass(frozen=True)
class AlertCounts:
    open: int
    approaching: int
    overdue: int


def alert_counts(items: list[TodoItem]) -> AlertCounts:
    return AlertCounts(
        open=len(items),
        approaching=sum(1 for item in items if item.alert == ALERT_APPROACHING),
        overdue=sum(1 for item in items if item.alert == ALERT_OVERDUE),
    )
