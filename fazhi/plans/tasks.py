"""Jobs of the plan ledger."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="0", minute="30"))
def tasks_sweep() -> dict[str, int]:
    """Daily, just after midnight: a task whose due date passed yesterday without being done
    is listed as 滞后 (as of the day after its due date), and units that have not reported on
    the last ended period get a report-due period (the deadlines sweep turns both into
    workspace alerts)."""
    return services.tasks_sweep()
