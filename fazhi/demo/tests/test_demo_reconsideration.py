"""The demo's reconsideration (`fazhi.demo.reconsideration`): every state, outcome and decision
type built through the services, letters with and without a report, and the yearly figures
over them."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core.models import Person, Role, UnitKind
from fazhi.core.tests.factories import PersonFactory, UnitFactory
from fazhi.demo import reconsideration as demo
from fazhi.reconsideration.figures import yearly
from fazhi.reconsideration.models import (
    CLOSED,
    DecisionKind,
    Letter,
    Outcome,
    ReconsiderationCase,
)
from fazhi.reconsideration.procedures import CASE
from fazhi.reconsideration.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_district(db):
    """A district with the units and posts the demo looks for (as plan_district makes them)."""
    with at(date(2023, 6, 1)):
        district = UnitFactory(name="示例区人民政府", short_name="示例区")
        office = UnitFactory(parent=district, kind=UnitKind.LEGAL_OFFICE, name="区司法局")
        division = UnitFactory(parent=office, kind=UnitKind.DIVISION, name="行政复议科")
        PersonFactory(unit=division, role=Role.LEGAL_REVIEWER, name="复议科科长")
        PersonFactory(unit=office, role=Role.LEADER, name="司法局局长")
        for name, _prefix in demo.RESPONDENTS.values():
            kind = UnitKind.DEPARTMENT if name else UnitKind.STREET
            unit = UnitFactory(parent=district, kind=kind, name=name or "示例街道办事处")
            PersonFactory(unit=unit, role=Role.HANDLER)
    return district


def test_the_demo_builds_every_state_and_outcome_through_the_services(demo_district):
    built = demo.build([demo_district], seed=2026, today=date(2026, 11, 22))[demo_district.pk]
    cases = ReconsiderationCase.objects.all()
    assert len(built.cases) == cases.count() == len(demo.CASES)
    assert set(cases.values_list("state", flat=True)) == {s.code for s in CASE.states}
    assert set(cases.values_list("outcome", flat=True)) - {""} == set(Outcome.values)
    assert set(cases.values_list("decision_kind", flat=True)) - {""} == set(DecisionKind.values)
    assert cases.filter(deemed_accepted=True).exists() and cases.filter(on_time=False).exists()
    assert cases.filter(published_on__isnull=False).exists()
    assert cases.exclude(not_published_reason="").exists()
    letters = Letter.objects.all()
    assert letters.filter(replied_on__isnull=True).exists()
    assert letters.filter(replied_on__isnull=False).exists()
    reviewer = Person.objects.get(name="复议科科长")
    for year in (2024, 2025, 2026):
        t = yearly(reviewer, year, today=date(2026, 11, 22)).total
        assert t.received == cases.filter(received_on__year=year).count() > 0
        assert t.closed == cases.filter(ended_on__year=year, outcome__in=CLOSED).count() > 0
