"""The demo district's enforcement: bodies, officers, items, three years of cases in every
state built through the services, a random inspection and a case-file evaluation; the same
for the same seed; and the bulk cases of `fazhi demo --bulk --cases N` (one generation of
each, checked at once: they take several seconds)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Person
from fazhi.demo import enforcement as demo
from fazhi.demo.enforcement_bulk import COLUMNS, BulkBody, BulkItem, _Rows
from fazhi.demo.generator import generate
from fazhi.enforcement import figures
from fazhi.enforcement.models import (
    Benchmark,
    Body,
    CaseFile,
    Certificate,
    Exemption,
    Inspection,
    InspectionPlan,
    Item,
    Officer,
    PenaltyCase,
    Publication,
    Transfer,
)
from fazhi.ledger.models import LedgerEntry
from fazhi.procedures.definitions import get_procedure


class Rollback(Exception):
    pass


def service_cases():
    return PenaltyCase.objects.exclude(number__contains="〕B")


def snapshot() -> list[tuple]:
    return sorted(
        service_cases().values_list(
            "number", "party_name", "party_code", "state", "fine", "opened_on", "decided_on"
        )
    )


@pytest.mark.django_db
def test_demo_enforcement_and_bulk_cases(client):
    try:
        with transaction.atomic():
            generate(seed=2026, documents=0)
            first = snapshot()
            raise Rollback
    except Rollback:
        pass
    summary = generate(seed=2026, documents=0, bulk=True, cases=3000)
    today = timezone.localdate()

    # deterministic: the same seed gives the same cases, parties and amounts
    assert snapshot() == first
    assert len(first) == len(demo.CASES)
    assert summary.cases == len(demo.CASES) + 3000

    # five bodies from departments and a street office, with officers, items, benchmarks
    cases = service_cases()
    bodies = Body.objects.filter(pk__in=cases.values("body"))
    assert sorted(b.unit.kind for b in bodies) == ["department"] * 4 + ["street"]
    assert Officer.objects.filter(body__in=bodies, duty="legal_review").count() == 5
    assert Certificate.objects.filter(status="suspended").count() == 4
    assert Certificate.objects.filter(valid_to__lt=today).exists()  # expired
    assert Item.objects.filter(body__in=bodies, delegated=True).exists()  # a street's item
    assert Benchmark.objects.filter(item__body__in=bodies).count() == sum(
        len(spec.items) for spec in demo.BODIES
    )
    assert Exemption.objects.filter(kind="mandatory").exists()

    # every state; both procedures; three years; the flags the supervision page counts
    states = Counter(cases.values_list("state", flat=True))
    assert set(states) == {s.code for s in get_procedure("enforcement.penalty").states}
    assert cases.filter(simplified=True).exists() and cases.filter(simplified=False).exists()
    assert len({d.year for d in cases.values_list("opened_on", flat=True)}) >= 3
    no_penalty = cases.filter(outcome="no_penalty")
    assert no_penalty.exists() and not no_penalty.filter(exemption__isnull=True).exists()
    assert cases.filter(reduced__gt=0, outcome="penalty").exists()  # mitigated
    assert cases.filter(surcharge__gt=0).exists()
    assert cases.filter(hearing_held=True).count() >= 2
    assert cases.filter(reviewed=True).count() >= 4
    late = [c for c in cases.filter(decided_on__isnull=False, decision_due__isnull=False)]
    assert any(c.decided_on > c.decision_due for c in late)
    assert Publication.objects.filter(published_on__gt=F("due_on")).exists()
    assert Publication.objects.filter(withdrawn_on__isnull=False).count() == 1
    assert sorted(Transfer.objects.values_list("kind", flat=True)) == ["body", "criminal"]
    every_case = cases.first()
    assert LedgerEntry.objects.filter(  # through the services
        record_type="enforcement.penaltycase", record_id=str(every_case.pk)
    ).exists()

    # a random inspection drawn and partly done; a campaign drawn and scored
    plan = InspectionPlan.objects.get()
    assert plan.state == "drawn" and plan.seed and plan.inspections.exists()
    assert Inspection.objects.filter(state="done").count() == 2
    assert CaseFile.objects.filter(score__isnull=False).count() == 5
    assert CaseFile.objects.filter(vetoed=True, passed=False).count() == 1

    # the bulk cases: more bodies (every street and township), all states, the figures run
    bulk = PenaltyCase.objects.filter(number__contains="〕B")
    assert bulk.count() == 3000
    assert bulk.values("body").distinct().count() > 20
    assert set(bulk.values_list("state", flat=True)) == set(states)
    reviewer = Person.objects.get(username="sfj_shencha")
    data = figures.supervision(reviewer, *figures.year_period(today.year))
    assert len(data.bodies) > 20 and data.total.opened > 500
    assert data.total.late and data.total.late_publications and data.total.relieved
    assert any(b.staff.training_short for b in data.bodies)

    # the 司法局's supervision page, and the market regulator's own
    client.force_login(reviewer)
    response = client.get(reverse("enforcement:supervision"))
    assert response.status_code == 200 and "区市场监督管理局" in response.content.decode()
    client.force_login(Person.objects.get(username="scj_admin"))
    response = client.get(reverse("enforcement:supervision"))
    assert [b.body.unit.name for b in response.context["figures"].bodies] == ["区市场监督管理局"]


@pytest.mark.django_db
def test_cases_need_bulk():
    with pytest.raises(CommandError, match="--bulk"):
        call_command("demo", "--cases", "10", "--no-progress")


def test_bulk_rows_are_consistent():
    """The bulk rows obey what the services keep (a draw of 5,000, no database)."""
    item = BulkItem(1, "违法", low=Decimal("500"), high=Decimal("30000"), review_listed=False)
    today = date(2026, 11, 1)
    rows = _Rows(random.Random(1), [BulkBody(1, 1, [item], 1, "测", 1)], today, "示例区")
    at = {name: i for i, name in enumerate(COLUMNS)}

    def day(value) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) else value

    states = Counter()
    for i in range(5000):
        r = rows.row(i)
        assert len(r) == len(COLUMNS)
        opened, decided = day(r[at["opened_on"]]), day(r[at["decided_on"]])
        states[r[at["state"]]] += 1
        assert day(r[at["occurred_on"]]) <= opened <= today
        if decided is not None:
            assert opened <= decided <= today and r[at["outcome"]]
        else:
            assert r[at["state"]] not in ("decided", "executing", "closed")
        if r[at["outcome"]] == "penalty":
            assert Decimal(r[at["fine"]]) > 0 and r[at["disclosure_due"]] is not None
        if r[at["simplified"]]:
            assert r[at["decision_due"]] is None and Decimal(r[at["fine"]]) <= 3000
        if r[at["reviewed"]]:
            assert r[at["review_required"]]
        if r[at["state"]] == "transferred":
            assert r[at["transferred"]] in ("body", "criminal")
    assert len(states) == 10 and states["closed"] > 2500
