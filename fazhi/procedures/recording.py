"""The one place a procedure step is written down.

`services.step_take` calls `record_step` inside its transaction, after the record's state has
moved and before deadlines start. It writes the StepRecord and the step's ledger entry, so that
every step of every module reaches the ledger through this single seam.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType

from fazhi.core.models import Person, Unit
from fazhi.ledger import services as ledger_services
from fazhi.ledger.events import EventType

from .definitions import Procedure, Step
from .models import ProcedureRecord, StepRecord


def record_step(
    *,
    record: ProcedureRecord,
    procedure: Procedure,
    step: Step,
    from_state: str,
    actor: Person | None,
    unit: Unit,
    role: str,
    data: dict[str, Any],
    occurred_at: datetime,
    request_id: str = "",
) -> StepRecord:
    """Record that `actor` took `step` on `record` (whose state and version are already the new
    ones). Must run inside the transaction that moved the record."""
    step_record = StepRecord.objects.create(
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
    ledger_services.record(
        event=EventType.PROCEDURE_STEP,
        actor=actor,
        unit=unit,
        role=role,
        record=record,
        changes={"state": (from_state, record.state), **{k: (None, v) for k, v in data.items()}},
        note=f"{procedure.title}：{step.label}",
        request_id=request_id,
        occurred_at=occurred_at,
    )
    return step_record
