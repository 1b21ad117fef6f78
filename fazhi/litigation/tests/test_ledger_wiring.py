"""Every write of litigation services appends to the ledger in its own transaction. Walks
services.py: each public function is either listed with the reason it records nothing, or is
called below and must append at least one entry against the case or the suggestion."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from fazhi.ledger.models import LedgerEntry
from fazhi.litigation import services

from .conftest import at, upload
from .test_hearings import STAFF_ONLY

pytestmark = pytest.mark.django_db

READS = {
    "suggestions_remind": "puts reminders (to-do items) on workspaces; records nothing official",
}


def _public():
    return {
        name: fn
        for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }


@pytest.fixture
def counted(monkeypatch):
    appended: dict[str, int] = {}
    for name, fn in _public().items():
        if name in READS:
            continue

        def wrapper(*args, _fn=fn, _name=name, **kwargs):
            before = LedgerEntry.objects.count()
            result = _fn(*args, **kwargs)
            added = LedgerEntry.objects.filter(seq__gte=before)
            assert all(e.record_type and e.record_id for e in added)
            appended[_name] = min(appended.get(_name, 10**9), added.count())
            return result

        monkeypatch.setattr(services, name, wrapper)
    return appended


def test_every_write_is_recorded(world, counted):
    s, w = services, world
    case = w.register(head_required_reasons=["ecology"])
    with at(date(2025, 9, 20)):
        s.head_flags_set(
            actor=w.handler,
            case=case,
            reasons=["ecology", "court_notice"],
            notice_on=date(2025, 9, 20),
        )
        extension = s.extension_request(
            actor=w.handler,
            case=case,
            requested_on=date(2025, 9, 20),
            reason="档案在上级机关调阅",
            evidence="调查笔录",
        )
        s.extension_decide(
            actor=w.handler, extension=extension, granted=True, decided_on=date(2025, 9, 20)
        )
        s.extension_resume(
            actor=w.handler, extension=extension, obstacle_removed_on=date(2025, 9, 20)
        )
        s.extension_submit(actor=w.handler, extension=extension, submitted_on=date(2025, 9, 20))
    with at(date(2025, 9, 26)):
        s.case_answer(actor=w.handler, case=case, answered_on=date(2025, 9, 26))
    with at(date(2025, 11, 4)):
        s.hearing_record(
            actor=w.handler,
            case=case,
            held_on=date(2025, 11, 4),
            **STAFF_ONLY,
            absence_proof=upload(),
        )
    with at(date(2025, 12, 3)):
        s.judgment_record(
            actor=w.handler,
            case=case,
            document_kind="judgment",
            outcome="perform",
            number="判决1",
            judged_on=date(2025, 12, 1),
            served_on=date(2025, 12, 3),
        )
    with at(date(2025, 12, 22)):
        s.case_effective(actor=w.handler, case=case, effective_on=date(2025, 12, 19))
        first = s.execution_add(actor=w.handler, case=case, obligor="agency", content="依法履职")
        second = s.execution_add(actor=w.handler, case=case, obligor="plaintiff", content="拆除")
        s.execution_perform(actor=w.handler, execution=first, performed_on=date(2025, 12, 22))
        s.execution_perform(actor=w.handler, execution=second, applied_on=date(2025, 12, 22))
        s.case_close(actor=w.handler, case=case)
    other = w.register()
    w.judge(other, outcome="revoke")
    with at(date(2025, 12, 10)):
        s.case_appeal(actor=w.head, case=other, appellant="agency", appealed_on=date(2025, 12, 10))
        suggestion = s.suggestion_register(
            actor=w.admin,
            unit=w.east.dept_b,
            kind="judicial",
            issuer="甲区人民法院",
            number="甲法建〔2025〕9号",
            received_on=date(2025, 12, 10),
            due_on=date(2026, 1, 10),
            content="建议",
            case=case,
        )
        s.suggestion_reply(
            actor=w.admin, suggestion=suggestion, replied_on=date(2025, 12, 10), reply="已整改"
        )

    writes = set(_public()) - set(READS)
    assert writes - set(counted) == set(), "services not exercised here"
    assert {name for name, n in counted.items() if n < 1} == set(), "writes without an entry"


def test_a_refused_write_leaves_no_entry(world):
    case = world.register()
    before = LedgerEntry.objects.count()
    with at(date(2025, 9, 20)), pytest.raises(Exception, match="不得仅委托律师出庭"):
        services.hearing_record(
            actor=world.handler,
            case=case,
            held_on=date(2025, 9, 20),
            head_appeared=False,
            lawyers="孙律师",
        )
    assert LedgerEntry.objects.count() == before


def test_the_plaintiff_reaches_the_ledger_only_as_a_keyed_digest(world):
    case = world.register(plaintiff_kind="person", plaintiff="张三丰")
    entry = LedgerEntry.objects.filter(record_id=str(case.pk), event=14001).get()
    assert "张三丰" not in str(entry.changes)
    assert entry.changes["plaintiff"][1].startswith("hmac-sha256:")
