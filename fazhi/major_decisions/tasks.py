"""Jobs of major decisions: the daily reminder of overdue execution tasks and reports."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="6", minute="30"))
def tasks_remind() -> int:
    return services.tasks_remind()
