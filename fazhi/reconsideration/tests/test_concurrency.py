"""The same application submitted twice at the same moment (a double click, two tabs): exactly
one is registered, on PostgreSQL where the two transactions really run in parallel."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from fazhi.reconsideration import services
from fazhi.reconsideration.models import ReconsiderationCase

from .conftest import at, build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="parallel transactions need PostgreSQL; run with DATABASE_URL=postgres://...",
    ),
]


def test_two_identical_applications_at_once_register_one(monkeypatch):
    with at(date(2026, 1, 5)):
        world = build_world()
    real = services._receipt_number

    def slow_receipt_number(received):
        time.sleep(0.3)  # both threads are past the duplicate check before either inserts
        return real(received)

    monkeypatch.setattr(services, "_receipt_number", slow_receipt_number)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(client: str) -> None:
        try:
            barrier.wait()
            with at(date(2026, 3, 2)):
                services.application_submit(
                    office=world.east.legal_office, client=client, **world.application()
                )
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in ("198.51.100.1", "198.51.100.2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[0] == "ok" and "不能重复申请" in sorted(outcomes)[1]
    assert ReconsiderationCase.objects.count() == 1
