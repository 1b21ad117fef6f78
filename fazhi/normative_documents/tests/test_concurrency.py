"""Two documents registered at the same moment get consecutive registration numbers: the
year's serial row is locked until the registering transaction ends."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from fazhi.core.models import Role
from fazhi.core.tests.factories import PersonFactory, district_tree
from fazhi.normative_documents import search, services
from fazhi.normative_documents.models import Subject, Version

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="row locks need PostgreSQL; run with DATABASE_URL=postgres://...",
    ),
]


def test_concurrent_registrations_get_distinct_serials(monkeypatch):
    east = district_tree("并区")
    drafter = PersonFactory(unit=east.dept_a, role=Role.HANDLER)
    real_index = search.index_versions

    def slow_index(versions):
        time.sleep(0.3)  # hold the serial row while the other thread tries
        return real_index(versions)

    monkeypatch.setattr(search, "index_versions", slow_index)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            barrier.wait()
            services.document_import(
                actor=drafter,
                unit=east.dept_a,
                issuer=east.dept_a,
                title=f"并发登记文件{n}",
                text="第一条 内容。",
                subject=Subject.GENERAL,
                doc_number=f"并教发〔2025〕{n}号",
                published_on=date(2025, 3, 1),
            )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(Version.objects.values_list("registration_number", flat=True))
    prefix = settings.FAZHI_NORMDOC_REGISTRATION_PREFIX
    assert numbers == [f"{prefix}〔2025〕1号", f"{prefix}〔2025〕2号"]
