"""Who may see and act on which units' records.

A person's rights come from their active posts. Each role reaches a set of units:

- 承办人员 (handler): their own unit;
- 领导 and 单位管理员: their unit and its sub-units;
- 法治机构审核人员: acts for the body their post is in (a 科室's body is its parent): in a
  司法局 or 司法所 (or one of their 科室), every unit of the government or street it
  supervises (the parent's subtree); in a department or its legal 科室, the department's
  subtree;
- 系统管理员: their own unit's records; the people and units of their whole jurisdiction
  (the subtree of the nearest 市/区 government above them) for directory management.

Directory pages (units, people) show the union of record reach and directory reach, so that
an administrator sees what they manage.

Reach extends to the units whose duties a reached unit took over (merges, splits), so that
records stay attached to the unit that made them and remain in the hands of its successor.
Everything else is denied. Results are cached on the person object for one request.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import (
    GOVERNMENT_KINDS,
    SUPERVISING_KINDS,
    Person,
    Post,
    Role,
    Unit,
    UnitKind,
    UnitSuccession,
)


class Action(enum.StrEnum):
    VIEW = "view"
    CHANGE = "change"
    VIEW_DIRECTORY = "view_directory"
    MANAGE_DIRECTORY = "manage_directory"


class Reach(enum.StrEnum):
    UNIT = "unit"
    SUBTREE = "subtree"
    SUPERVISED = "supervised"
    JURISDICTION = "jurisdiction"


RECORD_REACH: dict[str, Reach] = {
    Role.HANDLER: Reach.UNIT,
    Role.LEADER: Reach.SUBTREE,
    Role.UNIT_ADMIN: Reach.SUBTREE,
    Role.LEGAL_REVIEWER: Reach.SUPERVISED,
    Role.SYSTEM_ADMIN: Reach.UNIT,
}

DIRECTORY_REACH: dict[str, Reach] = {
    Role.UNIT_ADMIN: Reach.SUBTREE,
    Role.SYSTEM_ADMIN: Reach.JURISDICTION,
}

REACH_BY_ACTION: dict[Action, dict[str, Reach]] = {
    Action.VIEW: RECORD_REACH,
    Action.CHANGE: RECORD_REACH,
    Action.VIEW_DIRECTORY: {**RECORD_REACH, **DIRECTORY_REACH},
    Action.MANAGE_DIRECTORY: DIRECTORY_REACH,
}

_CACHE_ATTR = "_fazhi_unit_ids"


def _reach_root(unit: Unit, reach: Reach) -> tuple[Unit, bool]:
    """The unit whose subtree (True) or which alone (False) the reach covers."""
    if reach is Reach.UNIT:
        return unit, False
    if reach is Reach.SUPERVISED:
        body = Unit.objects.get_parent(unit) if unit.kind == UnitKind.DIVISION else unit
        if body.kind in SUPERVISING_KINDS and body.depth > 1:
            return Unit.objects.get_parent(body), True
        return body, True
    if reach is Reach.JURISDICTION:
        government = (
            unit
            if unit.kind in GOVERNMENT_KINDS
            else Unit.objects.get_ancestors(unit).filter(kind__in=GOVERNMENT_KINDS).last()
        )
        return (government or unit), True
    return unit, True


def _with_predecessors(unit_ids: set[int]) -> set[int]:
    frontier = set(unit_ids)
    while frontier:
        found = set(
            UnitSuccession.objects.filter(successor_id__in=frontier).values_list(
                "predecessor_id", flat=True
            )
        )
        frontier = found - unit_ids
        unit_ids |= frontier
    return unit_ids


def _compute_unit_ids(person: Person, action: Action) -> frozenset[int]:
    reach_by_role = REACH_BY_ACTION[action]
    posts = Post.objects.active().filter(person=person, role__in=list(reach_by_role))
    condition = Q(pk__in=[])
    for post in posts.select_related("unit"):
        root, whole_subtree = _reach_root(post.unit, reach_by_role[post.role])
        condition |= Q(path__startswith=root.path) if whole_subtree else Q(pk=root.pk)
    ids = set(Unit.objects.filter(condition).values_list("pk", flat=True))
    return frozenset(_with_predecessors(ids))


def post_reaches(
    unit: Unit, role: str, target_unit_id: int, action: Action = Action.CHANGE
) -> bool:
    """Whether one post (a role held in `unit`) reaches the target unit's records.

    Procedures use this instead of `can`: a step taken as 承办人员 of unit A must not borrow
    the reach the same person has as 领导 of unit B."""
    reach = REACH_BY_ACTION[action].get(role)
    if reach is None:
        return False
    root, whole_subtree = _reach_root(Unit.objects.get(pk=unit.pk), reach)  # a fresh path
    reached = Unit.objects.filter(Q(path__startswith=root.path) if whole_subtree else Q(pk=root.pk))
    ids = set(reached.values_list("pk", flat=True))
    return target_unit_id in _with_predecessors(ids)


def unit_ids_for(person: Person, action: Action = Action.VIEW) -> frozenset[int] | None:
    """Ids of the units whose records `person` may act on; None means every unit (superuser)."""
    if not person.is_authenticated or not person.is_active:
        return frozenset()
    if person.is_superuser:
        return None
    cache = person.__dict__.setdefault(_CACHE_ATTR, {})
    if action not in cache:
        cache[action] = _compute_unit_ids(person, action)
    return cache[action]


def scope(
    queryset: QuerySet, person: Person, action: Action = Action.VIEW, unit_field: str = "unit"
) -> QuerySet:
    """Filter `queryset` to the rows whose `unit_field` the person may act on."""
    ids = unit_ids_for(person, action)
    if ids is None:
        return queryset
    lookup = "pk__in" if unit_field == "pk" else f"{unit_field}__in"
    return queryset.filter(**{lookup: ids})


def can(person: Person, action: Action, unit_ids: Iterable[int] | int) -> bool:
    """Whether the person may act on a record held by the unit(s) (any of them suffices)."""
    ids = unit_ids_for(person, action)
    if ids is None:
        return True
    wanted = {unit_ids} if isinstance(unit_ids, int) else set(unit_ids)
    return bool(wanted & ids)


def forget(person: Person) -> None:
    """Drop the cached reach (after the person's posts changed in this request)."""
    person.__dict__.pop(_CACHE_ATTR, None)


def roles_of(person: Person) -> set[str]:
    return set(Post.objects.active().filter(person=person).values_list("role", flat=True))
