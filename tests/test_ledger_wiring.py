"""Nothing writes an official record without a ledger entry.

Walks every public function of the services modules of core, deadlines and procedures: each
must either have a scenario here that calls it as a real caller would — and the call must
append at least one ledger entry in its transaction — or be listed in NOT_OFFICIAL with the
reason it changes no official record. A new service function fails this test until it is
classified one way or the other."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from fazhi.core import services as core_services
from fazhi.core.models import Person, Post, Role, SuccessionKind, Unit, UnitKind
from fazhi.core.tests.factories import District, PersonFactory, district_tree
from fazhi.deadlines import services as deadline_services
from fazhi.deadlines.calendar import NoticeDay
from fazhi.deadlines.models import Deadline
from fazhi.ledger.models import LedgerEntry
from fazhi.procedures import services as procedure_services
from tests.procedures_app.models import Application

MODULES = ("fazhi.core.services", "fazhi.deadlines.services", "fazhi.procedures.services")

# Public functions that change no official record, and why.
NOT_OFFICIAL: dict[str, str] = {
    "fazhi.core.services.todo_create": "to-do items are notifications about records",
    "fazhi.core.services.todo_close": "to-do items are notifications about records",
    "fazhi.core.services.todo_reschedule": "to-do items are notifications about records",
    "fazhi.core.services.todo_withdraw": "to-do items are notifications about records",
    "fazhi.deadlines.services.deadlines_sweep": "puts alerts (to-do items) on workspaces",
    "fazhi.deadlines.services.may_enter_notices": "a predicate: writes nothing",
    "fazhi.deadlines.services.end_of_day": "a date helper: writes nothing",
    "fazhi.deadlines.services.due_moment": "a date helper: writes nothing",
    "fazhi.procedures.services.record_source": "names a record for to-do items: writes nothing",
}


@dataclass
class World:
    east: District
    handler: Person
    reviewer: Person
    admin: Person
    deadline: Deadline
    application: Application


def _start(world: World, rule_id: str = "reconsideration.decision") -> Deadline:
    return deadline_services.deadline_start(
        subject=world.east.div_a,
        rule_id=rule_id,
        trigger=date(2026, 3, 2),
        trigger_basis="收件回执载明的日期",
        unit=world.east.dept_a,
        owner=world.handler,
    )


def _paused(world: World) -> Deadline:
    return deadline_services.deadline_pause(
        actor=world.handler, deadline=world.deadline, on=date(2026, 3, 5), reason="补正材料"
    )


SCENARIOS: dict[str, Callable[[World], object]] = {
    # core
    "fazhi.core.services.unit_create": lambda w: core_services.unit_create(
        actor=w.admin, parent=w.east.district, kind=UnitKind.DEPARTMENT, name="甲区新设局"
    ),
    "fazhi.core.services.unit_update": lambda w: core_services.unit_update(
        actor=w.admin, unit=w.east.dept_b, phone="010-12345678"
    ),
    "fazhi.core.services.units_succeed": lambda w: core_services.units_succeed(
        actor=w.admin,
        predecessors=[w.east.div_b],
        successor=w.east.div_a,
        kind=SuccessionKind.MERGE,
        effective_on=date(2026, 1, 1),
        basis="区编办批复",
    ),
    "fazhi.core.services.person_create": lambda w: core_services.person_create(
        actor=w.admin, unit=w.east.dept_a, username="newcomer", name="新人", role=Role.HANDLER
    ),
    "fazhi.core.services.person_update": lambda w: core_services.person_update(
        actor=w.admin, person=w.handler, mobile="13800000000"
    ),
    "fazhi.core.services.post_assign": lambda w: core_services.post_assign(
        actor=w.admin, person=w.handler, unit=w.east.dept_b, role=Role.HANDLER
    ),
    "fazhi.core.services.post_end": lambda w: core_services.post_end(
        actor=w.admin, post=Post.objects.get(person=w.reviewer)
    ),
    # deadlines
    "fazhi.deadlines.services.deadline_start": lambda w: _start(
        w, "reconsideration.acceptance_review"
    ),
    "fazhi.deadlines.services.deadline_stop": lambda w: deadline_services.deadline_stop(
        subject=w.east.div_a, rule_id="reconsideration.decision", on=date(2026, 3, 10)
    ),
    "fazhi.deadlines.services.deadline_pause": _paused,
    "fazhi.deadlines.services.deadline_resume": lambda w: deadline_services.deadline_resume(
        actor=w.handler, deadline=_paused(w), on=date(2026, 3, 9), reason="材料已补正"
    ),
    "fazhi.deadlines.services.deadline_extend": lambda w: deadline_services.deadline_extend(
        actor=w.handler, deadline=w.deadline, length=10, reason="案情复杂", approver=w.reviewer
    ),
    "fazhi.deadlines.services.deadline_restart": lambda w: deadline_services.deadline_restart(
        actor=w.handler, deadline=w.deadline, on=date(2026, 3, 6), reason="补正后重新计算"
    ),
    "fazhi.deadlines.services.deadline_deem": lambda w: deadline_services.deadline_deem(
        actor=w.handler,
        deadline=w.deadline,
        outcome="视为受理",
        on=date(2026, 3, 9),
        basis="第三十条第三款",
    ),
    "fazhi.deadlines.services.holiday_notice_save": lambda w: deadline_services.holiday_notice_save(
        actor=None,
        year=2027,
        title="国务院办公厅关于2027年部分节假日安排的通知",
        published_on=date(2026, 11, 1),
        days=[NoticeDay(date(2027, 1, 1), False, "元旦")],
    ),
    # procedures
    "fazhi.procedures.services.step_take": lambda w: procedure_services.step_take(
        record=w.application,
        step_code="accept",
        actor=w.handler,
        unit=w.east.dept_a,
        data={"opinion": "符合受理条件"},
    ),
    "fazhi.procedures.services.step_take_by_law": lambda w: procedure_services.step_take_by_law(
        record=w.application, step_code="deem_accept"
    ),
}


def public_functions() -> set[str]:
    names = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, member in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and member.__module__ == module_name:
                names.add(f"{module_name}.{name}")
    return names


def test_every_public_service_function_is_classified():
    functions = public_functions()
    assert functions - set(SCENARIOS) - set(NOT_OFFICIAL) == set(), "add a scenario or a reason"
    assert set(SCENARIOS) | set(NOT_OFFICIAL) <= functions, "a listed function no longer exists"
    assert not set(SCENARIOS) & set(NOT_OFFICIAL)


@pytest.fixture
def world(db) -> World:
    east = district_tree("甲区")
    handler = PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="承办人")
    reviewer = PersonFactory(unit=east.legal_office, role=Role.LEGAL_REVIEWER, name="审核人")
    admin = PersonFactory(unit=east.district, role=Role.UNIT_ADMIN, name="管理员")
    world = World(east, handler, reviewer, admin, None, None)  # type: ignore[arg-type]
    world.deadline = _start(world)
    world.application = Application.objects.create(
        unit=east.dept_a, title="复议申请", applicant="孙某", state=Application.initial_state()
    )
    return world


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_each_official_change_appends_a_ledger_entry(world, name):
    before = LedgerEntry.objects.count()
    SCENARIOS[name](world)
    added = LedgerEntry.objects.filter(seq__gte=before).order_by("seq")
    assert added.exists(), f"{name} changed an official record without a ledger entry"
    assert all(entry.record_type and entry.record_id for entry in added)


def test_a_procedure_step_is_recorded_with_who_and_the_opinion(world):
    SCENARIOS["fazhi.procedures.services.step_take"](world)
    entry = LedgerEntry.objects.filter(record_type="procedures_app.application").get()
    assert (entry.actor_name, entry.unit_name, entry.role) == ("承办人", "甲区教育局", "handler")
    assert entry.changes == {"state": ["submitted", "accepted"], "opinion": [None, "符合受理条件"]}
    assert entry.note.endswith("：受理")


def test_a_failed_service_call_leaves_no_entry(world):
    before = LedgerEntry.objects.count()
    with pytest.raises(Exception, match="只有市、区人民政府"):
        core_services.unit_create(actor=None, parent=None, kind=UnitKind.DEPARTMENT, name="无上级")
    assert LedgerEntry.objects.count() == before
    assert not Unit.objects.filter(name="无上级").exists()
