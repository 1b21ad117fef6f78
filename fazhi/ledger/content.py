"""An entry's content, its canonical bytes and its commitment (docs/decisions/0001).

content = {"seq", "occurred_at", "event", "event_name", "actor_id", "actor_name", "unit_id",
"unit_name", "role", "record_type", "record_id", "changes", "files", "request_id", "note"};
canonical = UTF-8 of json.dumps(content, sort_keys=True, separators=(",", ":"),
ensure_ascii=False); commitment = SHA-256(salt ‖ canonical). Everything in the content comes
from the entry's own row, so it can be recomputed from the database alone.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

CONTENT_FIELDS = (
    "seq",
    "occurred_at",
    "event",
    "event_name",
    "actor_id",
    "actor_name",
    "unit_id",
    "unit_name",
    "role",
    "record_type",
    "record_id",
    "changes",
    "files",
    "request_id",
    "note",
)


class CanonicalJSONEncoder(DjangoJSONEncoder):
    """Stores `changes` and `files` already in canonical form (sorted keys, no spaces, UTF-8
    characters as they are), so that on SQLite `fazhi ledger verify` can splice the stored text
    into an entry's canonical bytes instead of decoding and re-encoding it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        super().__init__(**kwargs)


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC to the microsecond, with its offset: one spelling per instant."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def content_of(
    *,
    seq: int,
    occurred_at: datetime,
    event: int,
    event_name: str,
    actor_id: int | None,
    actor_name: str,
    unit_id: int | None,
    unit_name: str,
    role: str,
    record_type: str,
    record_id: str,
    changes: dict[str, Any],
    files: list[str],
    request_id: str,
    note: str,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "occurred_at": format_time(occurred_at),
        "event": event,
        "event_name": event_name,
        "actor_id": actor_id,
        "actor_name": actor_name,
        "unit_id": unit_id,
        "unit_name": unit_name,
        "role": role,
        "record_type": record_type,
        "record_id": record_id,
        "changes": changes,
        "files": files,
        "request_id": request_id,
        "note": note,
    }


def entry_content(entry) -> dict[str, Any]:
    """The published content of a LedgerEntry, exactly as its commitment was computed."""
    return content_of(**{field: getattr(entry, field) for field in CONTENT_FIELDS})


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def commitment(salt: bytes, content: dict[str, Any]) -> bytes:
    return hashlib.sha256(salt + canonical(content)).digest()
