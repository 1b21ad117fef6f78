"""The one place a procedure step is written down.

`services.step_take` calls `record_step` inside its transaction, after the record's state has
moved and before deadlines start. Today it writes the StepRecord; the ledger issue will add
its audit entry (and hash chain) here, so that every step of every module reaches the ledger
through this single seam and nothing else needs to change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType

from fazhi.core.models import Person, Unit

from .definitions import Procedure, Step
from .models import ProcedureRecord, StepRecord


def record_step(
    *,
    record: ProcedureRecord,
    procedure: Procedure,
    step: Step,
    from_state: str,
    actor: Person,
    unit: Unit,
    role: str,
    data: dict[str, Any],
    occurred_at: datetime,
    request_id: str = "",
) -> StepRecord:
    """Record that `actor` took `step` on `record` (whose state and version are already the new
    ones). Must run inside the transaction that moved the record."""
    return StepRecord.objects.create(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=True),
        object_id=record.pk,
        procedure_id=procedure.id,
        step=step.code,
        from_state=from_state,
        to_state=record.state,
        version=record.version,
        actor=actor,
        unit=unit,
        role=role,
        data=data,
        occurred_at=occurred_at,
        request_id=request_id[:64],
    )
