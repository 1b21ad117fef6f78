"""Reads of the organization tree and people, scoped to the requesting person."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from . import policies
from .models import Person, Post, Unit
from .policies import Action


def units_visible(person: Person, action: Action = Action.VIEW) -> QuerySet[Unit]:
    """Units whose records the person may see, in tree order."""
    return policies.scope(Unit.objects.all(), person, action, unit_field="pk").order_by("path")


def unit_get(person: Person, unit_id: int, action: Action = Action.VIEW) -> Unit:
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


def people_visible(person: Person, action: Action = Action.VIEW) -> QuerySet[Person]:
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


def person_get(person: Person, person_id: int, action: Action = Action.VIEW) -> Person:
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
    return Unit.get_root_nodes().filter(valid_to__isnull=True).first()
