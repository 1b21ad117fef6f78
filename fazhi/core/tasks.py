"""Platform jobs. Modules define theirs in their own tasks.py with the same decorators:

- `db_periodic_task(crontab(...))` for sweeps (the deadline sweep runs this way);
- `on_commit_task()` for work a service triggers: queued only when the service's
  transaction commits, never from inside it.
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="3", minute="10"))
def sessions_purge_expired() -> int:
    """Delete expired login sessions (what `manage.py clearsessions` does), nightly."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@db_periodic_task(crontab(hour="3", minute="20"))
def login_failures_purge_old() -> int:
    """Keep the failed-login log for FAZHI_LOGIN_LOG_DAYS days (a security record), then drop it."""
    cutoff = timezone.now() - timedelta(days=settings.FAZHI_LOGIN_LOG_DAYS)
    deleted, _ = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted
