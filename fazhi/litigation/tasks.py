"""Jobs of litigation."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="7", minute="40"))
def suggestions_remind() -> int:
    """Each morning: the agencies' administrators and heads are reminded of the judicial and
    procuratorial suggestions whose reply date (set by the letter) is near or past."""
    return services.suggestions_remind()
