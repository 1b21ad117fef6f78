"""Jobs of reconsideration."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="0", minute="20"))
def deemed_acceptances() -> int:
    """Daily, just after midnight: an application whose review period ended yesterday without a
    refusal is accepted from that day (复议法第三十条第三款)."""
    return services.deemed_acceptances()
