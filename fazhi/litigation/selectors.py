"""Every read of litigation, scoped to the person: a defendant agency's people see its cases
and suggestions (and its divisions' where their role reaches them); the 司法局 sees every
agency of the government it supervises; nobody else. A record out of reach is 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from fazhi.core import policies
from fazhi.core.models import Person, Post, Unit, UnitKind

from .models import LitigationCase, Suggestion
from .procedures import AGENCY


def _ids(person: Person) -> frozenset[int] | None:
    return policies.unit_ids_for(person, policies.Action.VIEW)


def _scoped(qs: QuerySet, person: Person, field: str = "unit") -> QuerySet:
    ids = _ids(person)
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=int(pk))
    except (ValueError, TypeError, qs.model.DoesNotExist):
        raise Http404("记录不存在或您无权查看。") from None


def cases_for(person: Person) -> QuerySet[LitigationCase]:
    return _scoped(LitigationCase.objects.select_related("unit"), person)


def case_for(person: Person, pk) -> LitigationCase:
    return _get(
        cases_for(person)
        .select_related("previous", "registered_by")
        .prefetch_related("hearings", "extensions", "executions", "next_instances", "suggestions"),
        pk,
    )


def suggestions_for(person: Person) -> QuerySet[Suggestion]:
    return _scoped(Suggestion.objects.select_related("unit", "case"), person)


def suggestion_for(person: Person, pk) -> Suggestion:
    return _get(suggestions_for(person).select_related("registered_by", "replied_by"), pk)


def agencies_acting(person: Person) -> list[Unit]:
    """The agencies in which the person may register cases and suggestions: the units of their
    handler, administrator and head posts (services._agency_post decides; this only offers
    the choices), without divisions."""
    posts = Post.objects.active().filter(person=person, role__in=AGENCY).select_related("unit")
    out: dict[int, Unit] = {}
    for post in posts:
        unit = post.unit
        if unit.kind == UnitKind.DIVISION:
            continue
        if policies.post_reaches(unit, post.role, unit.pk, policies.Action.CHANGE):
            out[unit.pk] = unit
    return sorted(out.values(), key=lambda u: u.path)


def may_change(person: Person, unit_id: int) -> bool:
    """Whether the person holds a post in the agency itself that reaches it (the forms shown;
    the services decide)."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return False
    posts = Post.objects.active().filter(
        person=person, role__in=AGENCY, unit__path__startswith=unit.path
    )
    return any(
        policies.post_reaches(p.unit, p.role, unit_id, policies.Action.CHANGE)
        for p in posts.select_related("unit")
    )


def units_in_reach(person: Person) -> QuerySet[Unit]:
    """The units whose cases the person sees (for the filter of the list)."""
    units = Unit.objects.exclude(kind=UnitKind.DIVISION)
    ids = _ids(person)
    units = units if ids is None else units.filter(pk__in=ids)
    used = Q(litigation_cases__isnull=False) | Q(litigation_suggestions__isnull=False)
    return units.filter(used).distinct().order_by("path")
