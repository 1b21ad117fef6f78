"""The demo district's major decisions: three years of catalogs and a decision in every state,
built through the services on the days the acts happened. One generation, checked at once
(it takes several seconds)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Person, TodoItem
from fazhi.demo import decisions as demo
from fazhi.demo.generator import generate
from fazhi.ledger import archive
from fazhi.major_decisions.figures import figures
from fazhi.major_decisions.models import (
    Catalog,
    CatalogAdjustment,
    CatalogItem,
    Comment,
    Conflict,
    Decision,
    ExpertOpinion,
    Hearing,
)
from fazhi.procedures.definitions import get_procedure

LOG_KEY = bytes(range(32))


@pytest.fixture(autouse=True)
def ledger_keys(settings):
    settings.FAZHI_LEDGER_SIGNING_KEY = LOG_KEY.hex()
    settings.FAZHI_LEDGER_ORIGIN = "fazhi.test/ledger"
    settings.FAZHI_LEDGER_SIGNER_NAME = "示例区人民政府"
    settings.FAZHI_LEDGER_TRUSTED_KEYS = []
    settings.FAZHI_LEDGER_WITNESS_KEYS = {}


@pytest.mark.django_db
def test_demo_builds_catalogs_and_every_state(client, tmp_path):
    summary = generate(seed=2026, documents=0)
    today = timezone.localdate()
    assert summary.decisions == len(demo.SPECS)

    # every state of the procedure, each decision where its spec says
    states = Counter(Decision.objects.values_list("state", flat=True))
    assert set(states) == {s.code for s in get_procedure("major_decisions.decision").states}
    by_title = {d.title: d for d in Decision.objects.all()}
    for spec in demo.SPECS:
        assert by_title[spec.title].state == spec.state, spec.key

    # three years of catalogs, published in January, with declined items and an adjustment
    catalogs = list(Catalog.objects.order_by("year"))
    assert [c.year for c in catalogs] == [today.year - 2, today.year - 1, today.year]
    for catalog in catalogs:
        if date(catalog.year, 1, 15) < today:
            assert catalog.state == "published" and catalog.party_agreement
    assert CatalogItem.objects.filter(state="declined").exists()
    assert CatalogItem.objects.filter(state="removed").exists()
    assert CatalogAdjustment.objects.filter(added_items__isnull=False).exists()
    assert Decision.objects.filter(catalog_item__isnull=False).count() >= 5
    assert Decision.objects.exclude(outside_catalog_reason="").exists()

    # the open solicitation, replies, hearings, experts with a conflict kept out
    drafting = Decision.objects.get(state="drafting")
    period = drafting.comment_periods.get()
    assert period.opens_on < today <= period.closes_on
    assert Comment.objects.exclude(reply="").count() >= 20
    assert Hearing.objects.filter(state="held").count() >= 2
    conflict = Conflict.objects.select_related("expert", "unit").get()
    traffic = Decision.objects.filter(unit=conflict.unit)
    assert traffic.exists()
    assert not ExpertOpinion.objects.filter(
        expert=conflict.expert, review__decision__in=traffic
    ).exists()
    assert ExpertOpinion.objects.filter(signed=True).count() >= 9

    # execution: an overdue task, on the execution unit's to-do list
    executing = Decision.objects.get(state="executing")
    overdue = executing.tasks.filter(done_on__isnull=True, due_on__lt=today)
    assert overdue.exists()
    assert TodoItem.objects.filter(source__startswith="major_decisions.ExecutionTask:").exists()
    completed = Decision.objects.get(state="completed")
    assert completed.evaluations.get().conclusion == "continue"
    assert Decision.objects.get(state="stopped").evaluations.get().conclusion == "stop"

    # the acts are dated when they happened: years of history, time spent in each state
    assert completed.started_on < date(today.year - 1, 1, 1)
    reviewer = Person.objects.get(username="sfj_shencha")
    data = figures(reviewer, today.year - 2, today.year)
    assert sum(y.started for y in data.years) == len(demo.SPECS)
    drafting_times = [t for y in data.years for t in y.state_times if t.state == "drafting"]
    assert sum(t.count for t in drafting_times) >= 9
    assert all(t.mean_days is None or 40 <= t.mean_days <= 60 for t in drafting_times)
    assert any(y.catalog_completion for y in data.years)

    # the completed decision's archive verifies, with its attachments
    path = tmp_path / "completed.zip"
    manifest = archive.export_archive(completed, path)
    assert archive.verify_archive(path) == []
    assert len(manifest["files"]) == 2

    # the district leader sees who did what
    client.force_login(Person.objects.get(username="qz_lingdao"))
    response = client.get(reverse("major_decisions:accountability", args=[completed.pk]))
    assert response.status_code == 200
    assert reviewer.name in response.content.decode()
