"""Two people take the decision step at the same moment: one decides, the other is refused
because the state moved; one discussion is recorded (PostgreSQL row locks)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from fazhi.core.models import Role
from fazhi.core.tests.factories import PersonFactory
from fazhi.major_decisions import services
from fazhi.major_decisions.models import Decision, Discussion
from fazhi.procedures import recording
from fazhi.procedures.services import StepRefused

from .conftest import _world, at

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="row locks need PostgreSQL; run with DATABASE_URL=postgres://...",
    ),
]


def test_two_concurrent_decisions_on_one_draft(monkeypatch):
    with at(date(2026, 1, 5)):
        world = _world()
        deputy = PersonFactory(unit=world.east.district, role=Role.LEADER, name="常务副区长")
    decision = world.start()
    world.to_reviewed(decision)

    real_record_step = recording.record_step

    def slow_record_step(**kwargs):
        time.sleep(0.3)  # hold the row lock while the other thread tries
        return real_record_step(**kwargs)

    monkeypatch.setattr(recording, "record_step", slow_record_step)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(actor, step_code):
        try:
            with at(date(2026, 3, 10)):
                copy = Decision.objects.get(pk=decision.pk)
                barrier.wait()
                services.decision_step(
                    actor=actor,
                    unit=world.east.district,
                    decision=copy,
                    step_code=step_code,
                    data=world.meeting(differs_explanation="财力不足"),
                )
            outcomes[step_code] = "ok"
        except Exception as exc:  # the test reports whatever happened
            outcomes[step_code] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(world.chief, "adopt")),
        threading.Thread(target=decide, args=(deputy, "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    results = sorted(outcomes.values(), key=lambda outcome: outcome != "ok")
    assert results[0] == "ok"
    assert isinstance(results[1], StepRefused), results[1]
    assert "只能在“待集体讨论”时办理" in str(results[1])
    decision.refresh_from_db()
    assert decision.state in ("decided", "rejected")
    assert Discussion.objects.filter(decision=decision).count() == 1
