"""Jobs of normative documents: the daily evaluation reminder."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="6", minute="15"))
def evaluations_remind() -> int:
    return services.evaluations_remind()
