"""Jobs of enforcement."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="1", minute="10"))
def surcharges_refresh() -> int:
    """Nightly: the late-payment surcharge of unpaid fines grows by the day (处罚法第七十二条)."""
    return services.surcharges_refresh()
