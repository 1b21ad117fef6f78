"""Workspace pages of the ledger: a record's accountability (who proposed, reviewed, approved
and decided, with opinions and dates, in order), its full list of entries, and its archive.

A record is named by its type and primary key (`/workspace/ledger/record/<app_label>.<model>/
<pk>/`) and shown only to people who reach the unit holding it (`fazhi.core.policies`); for
everyone else, and for a record that does not exist, the answer is 404.
"""

from __future__ import annotations

import tempfile

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from fazhi.core import policies
from fazhi.core.models import Person, Unit

from . import selectors
from .archive import ArchiveError, archive_filename, export_archive


def _model(label: str) -> type[models.Model]:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404("未找到该记录类型。") from None


def _holding_unit_ids(record: models.Model) -> set[int] | None:
    """The units whose people may see the record's history; None when no unit holds it."""
    if isinstance(record, Unit):
        return {record.pk}
    if isinstance(record, Person):
        return set(record.posts.values_list("unit_id", flat=True))
    try:
        field = record._meta.get_field("unit")
    except FieldDoesNotExist:
        return None
    if not isinstance(field, models.ForeignKey):
        return None
    unit_id = getattr(record, field.attname)
    return {unit_id} if unit_id is not None else None


def scoped_record(request: HttpRequest, label: str, pk: str) -> models.Model:
    """The record `label`/`pk` if the requesting person reaches its unit; 404 otherwise."""
    model = _model(label)
    try:
        record = model._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        record = None
    if record is None:
        raise Http404("未找到该记录。")
    person = request.user
    unit_ids = _holding_unit_ids(record)
    action = policies.Action.VIEW_DIRECTORY if isinstance(record, Person) else policies.Action.VIEW
    allowed = person.is_superuser if unit_ids is None else policies.can(person, action, unit_ids)
    if not allowed:
        raise Http404("未找到该记录。")
    return record


def _record_url(record: models.Model) -> str:
    try:
        return record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    except NoReverseMatch:
        return ""


def _file_link(digest: str) -> tuple[str, str]:
    """(digest, download URL) — the URL empty when no file store is installed."""
    try:
        return digest, reverse("evidence:download", args=[digest])
    except NoReverseMatch:
        return digest, ""


def record_history(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    record = scoped_record(request, label, pk)
    rows = selectors.accountability(record)
    files = dict(selectors.entries_for(record).values_list("seq", "files"))
    items = [{"row": row, "files": [_file_link(d) for d in files.get(row.seq, [])]} for row in rows]
    checkpoint = selectors.latest_checkpoint()
    covered = sum(1 for row in rows if checkpoint is not None and row.seq < checkpoint.size)
    return render(
        request,
        "ledger/record_history.html",
        {
            "record": record,
            "record_type": record._meta.verbose_name,
            "record_url": _record_url(record),
            "label": record._meta.label_lower,
            "rows": rows,
            "items": items,
            "checkpoint": checkpoint,
            "covered": covered,
            "archive_url": reverse(
                "ledger:record_archive", args=[record._meta.label_lower, record.pk]
            ),
        },
    )


def record_archive(request: HttpRequest, label: str, pk: str) -> HttpResponse:
    record = scoped_record(request, label, pk)
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response)
    try:
        export_archive(record, spool)
    except ArchiveError as exc:
        spool.close()
        return render(
            request,
            "ledger/archive_error.html",
            {
                "record": record,
                "message": str(exc),
                "history_url": reverse("ledger:record", args=[record._meta.label_lower, record.pk]),
            },
            status=409,
        )
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=archive_filename(record),
        content_type="application/zip",
    )
