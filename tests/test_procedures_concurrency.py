"""Two people take the same step on the same record at the same moment: exactly one succeeds.

Each thread has its own database connection. To make the race real, recording the step is
slowed down while the first transaction holds the row lock: without the lock both threads
would read the old state and both would pass the state check.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from fazhi.core.models import Role
from fazhi.core.tests.factories import PersonFactory, district_tree
from fazhi.procedures import recording
from fazhi.procedures.models import StepRecord
from fazhi.procedures.services import StepRefused, step_take
from tests.procedures_app.models import Application

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="row locks need PostgreSQL (SQLite has no SELECT ... FOR UPDATE); "
        "run with DATABASE_URL=postgres://...",
    ),
]


def test_two_concurrent_steps_on_one_record(monkeypatch):
    assert connection.vendor == "postgresql"
    east = district_tree("东区")
    first = PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="甲")
    second = PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="乙")
    record = Application.objects.create(
        unit=east.dept_a, title="并发申请", applicant="孙某", state=Application.initial_state()
    )

    real_record_step = recording.record_step

    def slow_record_step(**kwargs):
        time.sleep(0.3)  # hold the lock while the other thread tries
        return real_record_step(**kwargs)

    monkeypatch.setattr(recording, "record_step", slow_record_step)

    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def take(actor):
        try:
            copy = Application.objects.get(pk=record.pk)  # each thread read the old state
            barrier.wait()
            step_take(record=copy, step_code="accept", actor=actor, unit=east.dept_a)
            outcomes[actor.name] = "ok"
        except Exception as exc:  # the test reports whatever happened
            outcomes[actor.name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(actor,)) for actor in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    results = sorted(outcomes.values(), key=lambda outcome: outcome != "ok")
    assert results[0] == "ok"
    assert isinstance(results[1], StepRefused), results[1]
    assert "当前为“已受理”" in str(results[1])
    record.refresh_from_db()
    assert (record.state, record.version) == ("accepted", 1)
    assert StepRecord.objects.count() == 1
