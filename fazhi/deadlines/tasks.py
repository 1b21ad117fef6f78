"""The deadline sweep: hourly, approaching and passed deadlines become workspace alerts."""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="5"))
def deadlines_sweep() -> dict[str, int]:
    return services.deadlines_sweep(alert_days=settings.FAZHI_ALERT_DAYS)
