"""Steps start and stop statutory deadlines (procedures_app.timed), and the status shows them."""

from __future__ import annotations

import sys
import types

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from fazhi.procedures.selectors import procedure_status
from fazhi.procedures.services import StepRefused, step_take
from tests.procedures_app.models import TimedApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def timed(world) -> TimedApplication:
    return TimedApplication.objects.create(
        unit=world.east.dept_a, title="计时申请", state=TimedApplication.initial_state()
    )


def take(world, record, step_code, actor=None):
    return step_take(
        record=record, step_code=step_code, actor=actor or world.handler, unit=world.east.dept_a
    )


@pytest.fixture
def fake_deadlines(monkeypatch) -> list[tuple]:
    """A stand-in for fazhi.deadlines.services that records how it is called."""
    calls: list[tuple] = []
    module = types.ModuleType("fazhi.deadlines.services")

    def deadline_start(*, subject, rule_id, trigger, trigger_basis, unit, owner):
        calls.append(("start", subject.pk, rule_id, trigger, trigger_basis, unit, owner))

    def deadline_stop(*, subject, rule_id, on):
        calls.append(("stop", subject.pk, rule_id, on))

    module.deadline_start, module.deadline_stop = deadline_start, deadline_stop
    monkeypatch.setitem(sys.modules, "fazhi.deadlines.services", module)
    return calls


def test_steps_stop_then_start_their_deadlines(world, timed, fake_deadlines):
    today = timezone.localdate()
    take(world, timed, "register")
    take(world, timed, "accept")
    basis = f"行政复议期限（测试）：张承办于{today.year}年{today.month}月{today.day}日办理"
    assert fake_deadlines == [
        (
            "start",
            timed.pk,
            "reconsideration.acceptance_review",
            today,
            f"{basis}“登记收件”",
            world.east.dept_a,
            world.handler,
        ),
        ("stop", timed.pk, "reconsideration.acceptance_review", today),
        (
            "start",
            timed.pk,
            "reconsideration.decision",
            today,
            f"{basis}“受理”",
            world.east.dept_a,
            world.handler,
        ),
    ]


def test_a_refused_step_touches_no_deadline(world, timed, fake_deadlines):
    with pytest.raises(StepRefused):
        take(world, timed, "accept")
    assert fake_deadlines == []


def test_a_failing_deadline_service_undoes_the_step(world, timed, monkeypatch):
    module = types.ModuleType("fazhi.deadlines.services")

    def deadline_start(**kwargs):
        raise ValueError("rule not found")

    module.deadline_start, module.deadline_stop = deadline_start, lambda **kwargs: 0
    monkeypatch.setitem(sys.modules, "fazhi.deadlines.services", module)
    with pytest.raises(ValueError):
        take(world, timed, "register")
    timed.refresh_from_db()
    assert (timed.state, timed.version) == ("new", 0)


def test_with_the_real_deadlines_module(world, timed):
    """End to end through fazhi.deadlines (skipped while that module is not importable)."""
    pytest.importorskip("fazhi.deadlines.services")
    from fazhi.deadlines.selectors import deadlines_for

    take(world, timed, "register")
    take(world, timed, "accept")
    deadlines = {d.rule_id: d for d in deadlines_for(timed)}
    assert set(deadlines) == {"reconsideration.acceptance_review", "reconsideration.decision"}
    review, decision = (
        deadlines["reconsideration.acceptance_review"],
        deadlines["reconsideration.decision"],
    )
    assert review.stopped_on == timezone.localdate() and decision.stopped_on is None
    assert decision.trigger_date == timezone.localdate() and "“受理”" in decision.trigger_basis
    assert (decision.unit, decision.owner) == (world.east.dept_a, world.handler)

    status = procedure_status(timed, world.leader)
    assert status.deadlines_available and len(status.deadlines) == 2
    html = render_to_string("procedures/_status.html", {"status": status})
    assert 'data-testid="procedure-deadlines"' in html

    take(world, timed, "decide", actor=world.leader)
    assert all(d.stopped_on for d in deadlines_for(timed))
