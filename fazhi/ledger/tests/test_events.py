"""The event registry: numbered per module, no duplicates, a Chinese label each."""

from __future__ import annotations

import re

import pytest

from fazhi.ledger import events
from fazhi.ledger.events import EventRegistrationError, EventType, LedgerEvent


def test_every_library_event_lies_in_its_module_range_with_a_chinese_label():
    assert events.check(EventType) == []
    for member in EventType:
        first, last = events.MODULE_RANGES[member.module]
        assert first <= member <= last, member
        assert re.search(r"[\u4e00-\u9fff]", member.label), member
        assert events.get(int(member)) is member


def test_a_value_outside_its_module_range_is_refused():
    class Bad(LedgerEvent):
        CASE_OPENED = 13999, "enforcement", "立案"

    with pytest.raises(EventRegistrationError, match="不在模块 enforcement 的编号段 12000–12999"):
        events.register(Bad)
    with pytest.raises(LookupError):
        events.get(13999)


def test_a_module_without_a_range_is_refused():
    class Bad(LedgerEvent):
        THING = 99001, "nowhere", "某事"

    with pytest.raises(EventRegistrationError, match="没有分配编号段"):
        events.register(Bad)


def test_two_members_with_one_value_are_refused():
    class Twice(LedgerEvent):
        CASE_OPENED = 12001, "enforcement", "立案"
        CASE_FILED = 12001, "enforcement", "立案登记"  # IntEnum would make this an alias

    with pytest.raises(
        EventRegistrationError, match=r"CASE_FILED 与 CASE_OPENED 的编号 12001 重复"
    ):
        events.register(Twice)


def test_a_value_taken_by_another_enum_is_refused():
    class Clash(LedgerEvent):
        UNIT_MADE = 1001, "core", "设立单位"

    with pytest.raises(EventRegistrationError, match=r"已被 EventType\.UNIT_CREATE 使用"):
        events.register(Clash)


def test_a_domain_enum_registers_and_is_found():
    # The last number of a module not built yet (a real module's numbers are taken).
    class Reports(LedgerEvent):
        FILED = 19999, "assessment", "年度报告报送"

    try:
        assert events.register(Reports) is Reports
        events.register(Reports)  # again: no-op
        assert events.get(19999) is Reports.FILED
        assert events.label(19999) == "年度报告报送"
    finally:
        events._registry.pop(19999, None)
    assert events.label(19999) == "事件 19999"
