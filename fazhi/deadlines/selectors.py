"""Reads: the statutory calendar as currently known, and deadlines scoped to a person."""

from __future__ import annotations

import threading

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Max, QuerySet
from django.http import Http404

from fazhi.core import policies
from fazhi.core.models import Person
from fazhi.core.policies import Action

from .calendar import Notice, NoticeDay, StatutoryCalendar
from .models import Deadline, HolidayNotice

_cache: dict[str, object] = {}
_lock = threading.Lock()


def _notices_version() -> tuple:
    row = HolidayNotice.objects.aggregate(n=Count("pk"), changed=Max("updated_at"))
    return row["n"], row["changed"]


def _load_notices() -> list[Notice]:
    notices = HolidayNotice.objects.prefetch_related("days").order_by("year")
    return [
        Notice(
            notice.year,
            notice.title,
            tuple(NoticeDay(d.day, d.is_workday, d.name) for d in notice.days.all()),
        )
        for notice in notices
    ]


def current_calendar() -> StatutoryCalendar:
    """The calendar from the chinesecalendar package overridden by the entered notices.

    Rebuilt only when the notices change (one cheap query per call to find out), so that the
    web process and the job consumer agree without a restart."""
    version = _notices_version()
    with _lock:
        if _cache.get("version") != version:
            _cache["calendar"] = StatutoryCalendar(_load_notices())
            _cache["version"] = version
        return _cache["calendar"]  # type: ignore[return-value]


def forget_calendar() -> None:
    with _lock:
        _cache.clear()


def deadlines_for(record: models.Model) -> QuerySet[Deadline]:
    """Every deadline of one record, open first, then by due date."""
    return (
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(record), subject_id=record.pk
        )
        .select_related("owner", "unit")
        .prefetch_related("events__approver")
        .order_by("state", "due_date")
    )


def deadlines_visible(person: Person) -> QuerySet[Deadline]:
    return (
        policies.scope(Deadline.objects.all(), person, Action.VIEW)
        .select_related("owner", "unit")
        .order_by("state", "due_date", "pk")
    )


def deadline_get(person: Person, pk: int) -> Deadline:
    deadline = (
        deadlines_visible(person)
        .prefetch_related("events__approver", "events__recorded_by")
        .filter(pk=pk)
        .first()
    )
    if deadline is None:
        raise Http404("未找到该期限。")
    return deadline


def holiday_notices() -> QuerySet[HolidayNotice]:
    return HolidayNotice.objects.prefetch_related("days").select_related("entered_by")
