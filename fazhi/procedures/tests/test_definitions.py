"""Procedure definitions: citations, guards, validation at construction, the registry."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.procedures.definitions import (
    Citation,
    Guard,
    GuardResult,
    Procedure,
    ProcedureDefinitionError,
    State,
    Step,
    StepContext,
    all_procedures,
    get_procedure,
    register,
    unregister,
)

REVIEW_ACT = Citation("中华人民共和国行政复议法", "2023年修订", "第三十条")


def test_citation_text():
    assert REVIEW_ACT.text == "《中华人民共和国行政复议法》（2023年修订）第三十条"
    assert (
        Citation("政府信息公开条例", article="第三十三条").text == "《政府信息公开条例》第三十三条"
    )
    with pytest.raises(ProcedureDefinitionError):
        Citation("  ")


def context(data=None) -> StepContext:
    return StepContext(
        procedure=None,
        step=None,
        record=None,
        actor=None,
        unit=None,
        role=None,
        data=data or {},
        today=date(2025, 3, 3),
    )


def test_a_boolean_guard_takes_its_reason_and_citation():
    guard = Guard("材料齐全", lambda c: c.data.get("ok", False), REVIEW_ACT, reason="材料不全。")
    assert guard.evaluate(context({"ok": True})) == GuardResult(True, "", REVIEW_ACT)
    failed = guard.evaluate(context())
    assert failed == GuardResult(False, "材料不全。", REVIEW_ACT)
    assert (
        failed.message == "材料不全。（依据：《中华人民共和国行政复议法》（2023年修订）第三十条）"
    )


def test_a_guard_result_without_citation_gets_the_guards():
    other = Citation("中华人民共和国行政复议法", "2023年修订", "第三十一条")
    guard = Guard("x", lambda c: GuardResult(False, "具体理由"), REVIEW_ACT)
    assert guard.evaluate(context()).citation == REVIEW_ACT
    guard = Guard("x", lambda c: GuardResult(False, "具体理由", other), REVIEW_ACT)
    assert guard.evaluate(context()).citation == other
    with pytest.raises(TypeError):
        Guard("x", lambda c: "yes", REVIEW_ACT).evaluate(context())


def states(*codes, terminal=("done",)):
    return tuple(State(code, code, terminal=code in terminal) for code in codes)


def procedure(steps, codes=("new", "done"), initial="new", **kwargs) -> Procedure:
    return Procedure(
        id=kwargs.pop("id", "test.sample"),
        title="样例",
        states=states(*codes),
        steps=tuple(steps),
        initial=initial,
    )


def test_a_valid_procedure():
    p = procedure([Step("finish", "办结", "new", "done", "handler")])
    assert p.step("finish").source == ("new",) and p.step("finish").roles == ("handler",)
    assert [[s.code for s in layer] for layer in p.layers()] == [["new"], ["done"]]
    assert [s.code for s in p.steps_from("new")] == ["finish"]
    with pytest.raises(LookupError):
        p.step("nope")


@pytest.mark.parametrize(
    ("steps", "codes", "initial", "message"),
    [
        (
            [Step("a", "甲", "new", "gone", "handler")],
            ("new", "done"),
            "new",
            "目标状态“gone”未定义",
        ),
        (
            [Step("a", "甲", "old", "done", "handler")],
            ("new", "done"),
            "new",
            "起始状态“old”未定义",
        ),
        (
            [Step("a", "甲", "new", "done", "handler")],
            ("new", "done"),
            "start",
            "初始状态“start”未定义",
        ),
        (
            [Step("a", "甲", "new", "done", "handler"), Step("a", "乙", "new", "done", "handler")],
            ("new", "done"),
            "new",
            "步骤代码“a”重复",
        ),
        (
            [Step("a", "甲", "new", "done", "handler")],
            ("new", "new", "done"),
            "new",
            "状态代码“new”重复",
        ),
        (
            [Step("a", "甲", "new", "done", "handler"), Step("b", "乙", "lost", "done", "handler")],
            ("new", "lost", "done"),
            "new",
            "状态“lost”从初始状态无法到达",
        ),
        (
            [Step("a", "甲", "new", "stuck", "handler"), Step("b", "乙", "new", "done", "handler")],
            ("new", "stuck", "done"),
            "new",
            "状态“stuck”不是终结状态，却没有可办理的步骤",
        ),
        (
            [Step("a", "甲", "new", "done", "handler"), Step("b", "乙", "done", "new", "handler")],
            ("new", "done"),
            "new",
            "从终结状态“done”出发",
        ),
        ([Step("a", "甲", "new", "done", ())], ("new", "done"), "new", "没有写明由哪些角色办理"),
        ([Step("Bad-Code", "甲", "new", "done", "handler")], ("new", "done"), "new", "不合规范"),
    ],
)
def test_invalid_procedures_are_refused_at_construction(steps, codes, initial, message):
    with pytest.raises(ProcedureDefinitionError, match=message):
        procedure(steps, codes=codes, initial=initial)


def test_the_registry():
    p = procedure([Step("finish", "办结", "new", "done", "handler")], id="test.registry")
    try:
        assert register(p) is p
        register(p)  # again: harmless
        assert get_procedure("test.registry") is p
        assert p in all_procedures()
        clash = procedure([Step("close", "关闭", "new", "done", "handler")], id="test.registry")
        with pytest.raises(ProcedureDefinitionError, match="已被另一个程序使用"):
            register(clash)
    finally:
        unregister("test.registry")
    with pytest.raises(LookupError, match="未登记的程序"):
        get_procedure("test.registry")


def test_the_test_apps_procedures_are_discovered_at_start_up():
    ids = {p.id for p in all_procedures()}
    assert {"procedures_app.application", "procedures_app.timed"} <= ids
