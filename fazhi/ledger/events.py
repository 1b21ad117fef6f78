"""The registered event types of ledger entries: one numbered enum, a number range per module.

As in Zulip's AuditLogEventType, an event's number is what the ledger stores and publishes
(`event` in an entry's content, beside its Chinese label `event_name`): a number, once used,
keeps its meaning for ever. Never renumber or reuse a value; retire it in a comment instead.

Each member is `NAME = value, "module", "中文标签"`. A domain app adds its events here, in its
own range (MODULE_RANGES), or defines its own enum of the same shape and passes it to
`register`, which refuses a value outside the module's range and a value already taken:

    class EnforcementEvent(LedgerEvent):
        CASE_OPENED = 12001, "enforcement", "立案"

    register(EnforcementEvent)
"""

from __future__ import annotations

import enum

# module → (first, last) event number, inclusive.
MODULE_RANGES: dict[str, tuple[int, int]] = {
    "core": (1000, 1999),
    "deadlines": (2000, 2999),
    "procedures": (3000, 3999),
    "ledger": (4000, 4999),
    "normative_documents": (10000, 10999),
    "major_decisions": (11000, 11999),
    "enforcement": (12000, 12999),
    "reconsideration": (13000, 13999),
    "litigation": (14000, 14999),
    "hotline": (15000, 15999),
    "disclosure": (16000, 16999),
    "plans": (17000, 17999),
    "capacity": (18000, 18999),
    "assessment": (19000, 19999),
}


class EventRegistrationError(ValueError):
    """An event enum that breaks the numbering rules (raised at import, so start-up stops)."""


class LedgerEvent(enum.IntEnum):
    """Base of event enums: each member is (value, module, Chinese label)."""

    module: str
    label: str

    def __new__(cls, value: int, module: str, label: str) -> LedgerEvent:
        member = int.__new__(cls, value)
        member._value_ = value
        member.module = module
        member.label = label
        return member

    def __str__(self) -> str:
        return self.label


class EventType(LedgerEvent):
    """The events of the platform's libraries; domain apps add theirs in their ranges."""

    # core 1000–1999: the organization tree and the people in it
    UNIT_CREATE = 1001, "core", "设立单位"
    UNIT_UPDATE = 1002, "core", "修改单位信息"
    UNITS_SUCCEED = 1003, "core", "机构沿革（合并、分立、更名、职责划转）"
    PERSON_CREATE = 1011, "core", "新增人员"
    PERSON_UPDATE = 1012, "core", "修改人员信息"
    POST_ASSIGN = 1021, "core", "任职"
    POST_END = 1022, "core", "任职结束"

    # deadlines 2000–2999: statutory periods and the holiday calendar
    DEADLINE_START = 2001, "deadlines", "期限起算"
    DEADLINE_PAUSE = 2002, "deadlines", "中止计时"
    DEADLINE_RESUME = 2003, "deadlines", "恢复计时"
    DEADLINE_EXTEND = 2004, "deadlines", "延长期限"
    DEADLINE_RESTART = 2005, "deadlines", "重新计算期限"
    DEADLINE_STOP = 2006, "deadlines", "期限结束"
    DEADLINE_DEEM = 2007, "deadlines", "期限届满视为"
    HOLIDAY_NOTICE_SAVE = 2101, "deadlines", "录入或更正节假日安排通知"

    # procedures 3000–3999
    PROCEDURE_STEP = 3001, "procedures", "办理程序步骤"

    # ledger 4000–4999
    # Not appended by services.checkpoint_sign: an entry about checkpoint n would grow the tree
    # past it, so every checkpoint would call for another. Checkpoints are their own signed,
    # append-only table; this number is kept for the act of publishing one (the portal).
    CHECKPOINT_SIGN = 4001, "ledger", "签署检查点"
    WITNESS_SIGN = 4002, "ledger", "见证机关联署检查点"
    FILE_STORE = 4101, "ledger", "存证文件"


_registry: dict[int, LedgerEvent] = {}


def check(events: type[LedgerEvent]) -> list[str]:
    """What is wrong with an event enum (empty when nothing): a value outside its module's
    range or a module not in MODULE_RANGES, two members with one value (IntEnum would silently
    make the second an alias), a value another registered enum already uses."""
    problems = []
    seen: dict[int, str] = {}
    for name, member in events.__members__.items():
        value = int(member)
        if value in seen:
            problems.append(f"事件 {name} 与 {seen[value]} 的编号 {value} 重复。")
            continue
        seen[value] = name
        module = member.module
        if module not in MODULE_RANGES:
            problems.append(f"事件 {name} 所属模块“{module}”没有分配编号段。")
            continue
        first, last = MODULE_RANGES[module]
        if not first <= value <= last:
            problems.append(
                f"事件 {name} 的编号 {value} 不在模块 {module} 的编号段 {first}–{last} 内。"
            )
        other = _registry.get(value)
        if other is not None and type(other) is not events:
            problems.append(
                f"事件 {name} 的编号 {value} 已被 {type(other).__name__}.{other.name} 使用。"
            )
    return problems


def register(events: type[LedgerEvent]) -> type[LedgerEvent]:
    """Check `events` (see `check`) and make its members known to `get`; raise
    EventRegistrationError listing every problem. Registering the same enum again is a no-op."""
    problems = check(events)
    if problems:
        raise EventRegistrationError("\n".join(problems))
    for member in events:
        _registry[int(member)] = member
    return events


def get(value: int) -> LedgerEvent:
    """The registered event of number `value`; LookupError when none is."""
    try:
        return _registry[int(value)]
    except KeyError:
        raise LookupError(f"未登记的事件编号：{value}") from None


def label(value: int) -> str:
    """The Chinese label of event `value`, or the bare number when it is not registered."""
    member = _registry.get(int(value))
    return member.label if member is not None else f"事件 {value}"


def registered() -> dict[int, LedgerEvent]:
    return dict(_registry)


register(EventType)
