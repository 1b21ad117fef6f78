"""Jobs: Huey on SQLite (embedded) or Redis (REDIS_URL), periodic tasks, on-commit queueing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import on_commit_task

from fazhi.core import tasks

REDIS_URL = "redis://127.0.0.1:6379/15"
calls: list[str] = []


@on_commit_task()
def record_call(label: str) -> None:
    calls.append(label)


def huey_class_for(env: dict[str, str], tmp_path) -> str:
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.HUEY['huey_class'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "FAZHI_VAR_DIR": str(tmp_path), **env},
    )
    return result.stdout.strip()


def test_embedded_mode_uses_sqlite_and_redis_url_switches_to_redis(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    assert huey_class_for({**env, "REDIS_URL": ""}, tmp_path) == "huey.SqliteHuey"
    assert huey_class_for({"REDIS_URL": REDIS_URL}, tmp_path) == "huey.RedisHuey"


def test_task_round_trip_through_real_redis():
    from huey import RedisHuey
    from redis.exceptions import ConnectionError as RedisConnectionError

    huey = RedisHuey(name=f"fazhi-test-{uuid.uuid4().hex}", url=REDIS_URL)
    try:
        huey.storage.conn.ping()
    except RedisConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("Redis 未在 127.0.0.1:6379 运行")

    @huey.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1
    huey.execute(huey.dequeue())
    assert result.get() == 5
    huey.storage.flush_all()


@pytest.mark.django_db(transaction=True)
def test_on_commit_task_runs_only_after_commit():
    calls.clear()
    with transaction.atomic():
        record_call("after-commit")
        assert calls == []
    assert calls == ["after-commit"]

    calls.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        record_call("rolled-back")
        raise RuntimeError
    assert calls == []


@pytest.mark.django_db
def test_sessions_purge_removes_only_expired_sessions():
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="new", session_data="", expire_date=now + timedelta(days=1))
    assert tasks.sessions_purge_expired.call_local() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


@pytest.mark.django_db
def test_login_failure_log_is_kept_for_the_retention_period(settings):
    from axes.models import AccessFailureLog

    old = AccessFailureLog.objects.create(
        username="a", ip_address="127.0.0.1", user_agent="", path_info="/", locked_out=False
    )
    AccessFailureLog.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - timedelta(days=settings.FAZHI_LOGIN_LOG_DAYS + 1)
    )
    AccessFailureLog.objects.create(
        username="b", ip_address="127.0.0.1", user_agent="", path_info="/", locked_out=False
    )
    assert tasks.login_failures_purge_old.call_local() == 1
    assert json.dumps(list(AccessFailureLog.objects.values_list("username", flat=True))) == '["b"]'


def test_periodic_tasks_are_registered():
    from huey.contrib.djhuey import HUEY

    import fazhi.normative_documents.tasks  # noqa: F401  (run_huey imports every app's tasks)

    names = {task_class.__name__ for task_class in HUEY._registry._periodic_tasks}
    assert {"sessions_purge_expired", "login_failures_purge_old", "evaluations_remind"} <= names
