"""Procedures as data: states, steps, guards with their legal basis, and the registry.

A module declares its procedures in its own `procedures.py` and calls `register()` there; the
procedures app imports every installed app's `procedures` module at start-up
(`autodiscover_modules`, as the admin does), so a registered procedure is known before the
first request and to the start-up checks.

Everything here is plain frozen data. Nothing imports a model at import time, so that a
definition can be built while the app registry is still loading; what needs models (role
codes, deadline rule ids) is checked by `checks.py`.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fazhi.core.models import Person, Unit


class ProcedureDefinitionError(ValueError):
    """A procedure definition that cannot be right (raised when it is constructed)."""


@dataclass(frozen=True)
class Citation:
    """The legal basis of a step or guard: law, version and article, cited as on a file."""

    law: str
    version: str = ""
    article: str = ""

    def __post_init__(self) -> None:
        if not self.law.strip():
            raise ProcedureDefinitionError("法律依据必须写明法律、法规名称。")

    @property
    def text(self) -> str:
        """《中华人民共和国行政复议法》（2023年修订）第三十条."""
        version = f"（{self.version}）" if self.version else ""
        return f"《{self.law}》{version}{self.article}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class GuardResult:
    """Whether a guard passes now; when it does not, why (in Chinese) and which article says so."""

    ok: bool
    reason: str = ""
    citation: Citation | None = None

    @property
    def message(self) -> str:
        """The reason followed by its citation, as shown to the person refused."""
        if self.citation is None:
            return self.reason
        return f"{self.reason}（依据：{self.citation.text}）"


@dataclass(frozen=True)
class StepContext:
    """What a guard may look at: the record (locked, when the step is being taken), who acts, in
    which unit and role, the data the step would record, and the day.

    In `selectors.available_steps` the step is not being taken: `data` is empty and `unit` and
    `role` are the actor's first post that could take the step (None when there is none), so a
    guard on the data reports what is still to be filled in.
    """

    procedure: Procedure
    step: Step
    record: Any
    actor: Person | None  # None for a step the law takes (Step.by_law)
    unit: Unit | None
    role: str | None
    data: Mapping[str, Any]
    today: date


GuardCheck = Callable[[StepContext], "GuardResult | bool"]


@dataclass(frozen=True)
class Guard:
    """A condition a step needs, with its legal basis.

    `check` returns a GuardResult, or a bool for the common case; then `reason` is the failure
    reason and `citation` the basis. A GuardResult without a citation gets the guard's. A guard
    that rests on no article (an internal rule, a technical precondition) says why in
    `no_citation_reason`; the start-up checks refuse a guard with neither.
    """

    name: str
    check: GuardCheck
    citation: Citation | None = None
    no_citation_reason: str = ""
    reason: str = ""

    def evaluate(self, context: StepContext) -> GuardResult:
        result = self.check(context)
        if isinstance(result, bool):
            return GuardResult(
                ok=result,
                reason="" if result else (self.reason or f"未满足条件：{self.name}"),
                citation=self.citation,
            )
        if not isinstance(result, GuardResult):
            raise TypeError(f"guard {self.name!r} returned {result!r}, not a GuardResult or bool")
        if result.citation is None and self.citation is not None:
            return GuardResult(ok=result.ok, reason=result.reason, citation=self.citation)
        return result


def required_field(
    name: str,
    label: str,
    *,
    citation: Citation | None = None,
    no_citation_reason: str = "",
    reason: str = "",
) -> Guard:
    """A guard that the step's data includes a non-empty `name` (e.g. the reasons of a refusal)."""

    def check(context: StepContext) -> bool:
        value = context.data.get(name)
        return not (value is None or (isinstance(value, str) and not value.strip()))

    return Guard(
        name=f"已填写{label}",
        check=check,
        citation=citation,
        no_citation_reason=no_citation_reason,
        reason=reason or f"须填写{label}。",
    )


@dataclass(frozen=True)
class State:
    code: str
    label: str
    terminal: bool = False


def _as_tuple(value: Any) -> tuple:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Step:
    """A transition: from any of `source` to `target`, taken by a person holding one of `roles`.

    `guards` must all pass. `starts` and `stops` are deadline rule ids (fazhi.deadlines.rules)
    that the step starts and stops; `fields` the names of the data it records (its reasons,
    opinions, dates). `citation` is the step's own legal basis, named when the step is asked
    for in a state it cannot be taken from (a decision before the review).

    A step `by_law` is what the law itself does when a period ends without the act (视为受理:
    行政复议法第三十条第三款): no person takes it, so it names no roles, needs a citation, and
    is taken by `services.step_take_by_law` (a periodic job) with no actor.
    """

    code: str
    label: str
    source: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    guards: tuple[Guard, ...] = ()
    starts: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    citation: Citation | None = None
    by_law: bool = False

    def __post_init__(self) -> None:
        # A single string is accepted where a tuple is expected, for readable definitions.
        for name in ("source", "roles", "guards", "starts", "stops", "fields"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))


_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Procedure:
    """A statutory procedure: its states, the steps between them, and where it begins.

    Validated when constructed: codes are unique and well-formed, every step leads from and to
    known states, terminal states have no way out and other states have one, every state is
    reachable from `initial`.
    """

    id: str
    title: str
    states: tuple[State, ...]
    steps: tuple[Step, ...]
    initial: str
    _states: dict[str, State] = field(init=False, repr=False, compare=False)
    _steps: dict[str, Step] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "states", tuple(self.states))
        object.__setattr__(self, "steps", tuple(self.steps))
        errors = self._validate()
        if errors:
            raise ProcedureDefinitionError(f"程序“{self.id}”定义有误：" + "；".join(errors))
        object.__setattr__(self, "_states", {state.code: state for state in self.states})
        object.__setattr__(self, "_steps", {step.code: step for step in self.steps})

    def __hash__(self) -> int:
        return hash(self.id)

    def _validate(self) -> list[str]:
        errors: list[str] = []
        if not _ID.match(self.id):
            errors.append("编号只能由小写字母、数字、下划线和点组成（如 reconsideration.ordinary）")
        if not self.title.strip():
            errors.append("缺少名称")
        state_codes = [state.code for state in self.states]
        step_codes = [step.code for step in self.steps]
        for kind, codes in (("状态", state_codes), ("步骤", step_codes)):
            errors += [f"{kind}代码“{c}”不合规范" for c in codes if not _CODE.match(c)]
            errors += [f"{kind}代码“{c}”重复" for c in sorted(_duplicates(codes))]
        known = set(state_codes)
        terminal = {state.code for state in self.states if state.terminal}
        if self.initial not in known:
            errors.append(f"初始状态“{self.initial}”未定义")
        if not terminal:
            errors.append("没有终结状态")
        for step in self.steps:
            if not step.label.strip():
                errors.append(f"步骤“{step.code}”缺少名称")
            if not step.source:
                errors.append(f"步骤“{step.code}”没有起始状态")
            errors += [
                f"步骤“{step.code}”的起始状态“{s}”未定义" for s in step.source if s not in known
            ]
            errors += [
                f"步骤“{step.code}”从终结状态“{s}”出发" for s in step.source if s in terminal
            ]
            if step.target not in known:
                errors.append(f"步骤“{step.code}”的目标状态“{step.target}”未定义")
            if step.by_law and (step.roles or step.citation is None):
                errors.append(f"依法视为的步骤“{step.code}”不由任何角色办理，且须写明法律依据")
            if not step.by_law and not step.roles:
                errors.append(f"步骤“{step.code}”没有写明由哪些角色办理")
            errors += [
                f"步骤“{step.code}”的条件“{n}”重复"
                for n in sorted(_duplicates([g.name for g in step.guards]))
            ]
            errors += [
                f"步骤“{step.code}”记录的字段“{f}”重复" for f in sorted(_duplicates(step.fields))
            ]
        if errors:
            return errors
        leaving = {s for step in self.steps for s in step.source}
        errors += [
            f"状态“{state.code}”不是终结状态，却没有可办理的步骤"
            for state in self.states
            if not state.terminal and state.code not in leaving
        ]
        reached = {state.code for layer in self._bfs_layers() for state in layer}
        errors += [f"状态“{code}”从初始状态无法到达" for code in state_codes if code not in reached]
        return errors

    def _bfs_layers(self) -> list[list[State]]:
        by_code = {state.code: state for state in self.states}
        depth = {self.initial: 0}
        queue = deque([self.initial])
        while queue:
            code = queue.popleft()
            for step in self.steps:
                if code in step.source and step.target not in depth:
                    depth[step.target] = depth[code] + 1
                    queue.append(step.target)
        layers: list[list[State]] = [[] for _ in range(max(depth.values()) + 1)]
        for state in self.states:  # declaration order within a layer
            if state.code in depth:
                layers[depth[state.code]].append(by_code[state.code])
        return layers

    def layers(self) -> list[list[State]]:
        """The states in breadth-first order from the initial state, one list per depth."""
        return self._bfs_layers()

    def state(self, code: str) -> State:
        try:
            return self._states[code]
        except KeyError:
            raise LookupError(f"程序“{self.title}”没有状态“{code}”。") from None

    def step(self, code: str) -> Step:
        try:
            return self._steps[code]
        except KeyError:
            raise LookupError(f"程序“{self.title}”没有步骤“{code}”。") from None

    def has_step(self, code: str) -> bool:
        return code in self._steps

    def state_label(self, code: str) -> str:
        state = self._states.get(code)
        return state.label if state else code

    def steps_from(self, state_code: str) -> list[Step]:
        return [step for step in self.steps if state_code in step.source]

    def deadline_rules(self) -> set[str]:
        return {rule for step in self.steps for rule in (*step.starts, *step.stops)}


def _duplicates(items: list[str] | tuple[str, ...]) -> set[str]:
    return {item for item, count in Counter(items).items() if count > 1}


_REGISTRY: dict[str, Procedure] = {}


def register(procedure: Procedure) -> Procedure:
    """Make a procedure known by its id. Registering the same definition again is harmless;
    registering a different one under a taken id is an error."""
    existing = _REGISTRY.get(procedure.id)
    if existing is not None and existing is not procedure and existing != procedure:
        raise ProcedureDefinitionError(f"程序编号“{procedure.id}”已被另一个程序使用。")
    _REGISTRY[procedure.id] = procedure
    return procedure


def unregister(procedure_id: str) -> None:
    """Forget a procedure (for tests that register a definition of their own)."""
    _REGISTRY.pop(procedure_id, None)


def get_procedure(procedure_id: str) -> Procedure:
    try:
        return _REGISTRY[procedure_id]
    except KeyError:
        raise LookupError(f"未登记的程序：“{procedure_id}”。") from None


def all_procedures() -> list[Procedure]:
    """Every registered procedure, by id."""
    return sorted(_REGISTRY.values(), key=lambda procedure: procedure.id)
