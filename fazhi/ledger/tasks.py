"""The ledger's periodic job: a signed checkpoint at least hourly while the log grows."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="0"))
def ledger_checkpoint_hourly() -> int | None:
    """Sign a checkpoint when entries were appended since the last one; its size, or None."""
    checkpoint = services.checkpoint_sign_if_grown()
    return checkpoint.size if checkpoint is not None else None
