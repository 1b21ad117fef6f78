"""Reading evidence files, scoped: a person reaches a stored file when one of the units that
hold it is in their reach (`fazhi.core.policies`)."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.core import policies
from fazhi.core.models import Person

from .models import FileHolding, StoredFile


def stored_files(person: Person) -> QuerySet[StoredFile]:
    ids = policies.unit_ids_for(person, policies.Action.VIEW)
    if ids is None:
        return StoredFile.objects.all()
    held = FileHolding.objects.filter(unit_id__in=ids).values("stored_file_id")
    return StoredFile.objects.filter(pk__in=held)


def stored_file(person: Person, sha256: str) -> StoredFile:
    """The file with this hash if the person reaches it; StoredFile.DoesNotExist otherwise
    (never revealing that it exists)."""
    return stored_files(person).get(sha256=sha256.lower())


def holdings(person: Person, stored: StoredFile) -> QuerySet[FileHolding]:
    return policies.scope(
        FileHolding.objects.filter(stored_file=stored).select_related("unit", "uploaded_by"),
        person,
    ).order_by("uploaded_at", "pk")
