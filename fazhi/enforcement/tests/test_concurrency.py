"""Two heads decide one case at the same moment: one decision, the other refused because the
state moved (PostgreSQL row locks); two clerks publish one decision at once: one publication."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from fazhi.core.models import Role
from fazhi.core.tests.factories import PersonFactory
from fazhi.enforcement import services
from fazhi.enforcement.models import PenaltyCase, Publication
from fazhi.procedures import recording
from fazhi.procedures.services import StepRefused

from .conftest import BUILT, at, build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="row locks need PostgreSQL; run with DATABASE_URL=postgres://...",
    ),
]


def _race(calls) -> list:
    barrier = threading.Barrier(len(calls))
    outcomes: list = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except Exception as exc:  # the test reports whatever happened
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes, key=lambda outcome: outcome != "ok")


def test_two_heads_decide_one_case(monkeypatch):
    with at(BUILT):
        world = build_world()
        deputy = PersonFactory(unit=world.east.dept_b, role=Role.LEADER, name="卫健委副主任")
    case = world.to_ready(world.open())
    real = recording.record_step

    def slow(**kwargs):
        time.sleep(0.3)  # hold the row lock while the other thread tries
        return real(**kwargs)

    monkeypatch.setattr(recording, "record_step", slow)

    def decide(actor, number):
        def call():
            with at(date(2026, 3, 9)):
                services.case_decide(
                    actor=actor,
                    case=PenaltyCase.objects.get(pk=case.pk),
                    outcome="penalty",
                    decision_number=number,
                    decided_on=date(2026, 3, 9),
                )

        return call

    results = _race(
        [decide(world.head, "甲卫罚决〔2026〕1号"), decide(deputy, "甲卫罚决〔2026〕2号")]
    )
    assert results[0] == "ok"
    assert isinstance(results[1], StepRefused), results[1]
    assert PenaltyCase.objects.get(pk=case.pk).state == "decided"


def test_two_clerks_publish_one_decision():
    with at(BUILT):
        world = build_world()
    case = world.decide(world.to_ready(world.open()))

    def publish(actor):
        def call():
            with at(date(2026, 3, 10)):
                services.publish(actor=actor, case=PenaltyCase.objects.get(pk=case.pk))

        return call

    results = _race([publish(world.lead), publish(world.second)])
    assert results[0] == "ok"
    assert isinstance(results[1], ValidationError), results[1]
    assert Publication.objects.filter(case=case).count() == 1
