"""Reads for the workspace home: a person's open items and their deadline alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from fazhi.core.models import Person

from .models import TodoItem, TodoState

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
        .order_by("-alert", "due_at", "pk")
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
