"""Start-up checks: deadline rules exist, guards cite a law or say why not, roles exist, and the
models running procedures follow the conventions."""

from __future__ import annotations

import sys
import types

import pytest
from django.db import models
from django.test.utils import isolate_apps

from fazhi.procedures.checks import check_procedures, check_record_models, check_registered
from fazhi.procedures.definitions import Citation, Guard, Procedure, State, Step
from fazhi.procedures.models import ProcedureRecord
from tests.procedures_app.models import Application

CITED = Guard(
    "已审查", lambda c: True, Citation("中华人民共和国行政复议法", "2023年修订", "第三十条")
)
EXPLAINED = Guard("系统可用", lambda c: True, no_citation_reason="技术前提，非法定条件")
UNCITED = Guard("领导已签字", lambda c: True)


def sample(*guards, starts=(), roles=("handler",)) -> Procedure:
    return Procedure(
        id="test.checked",
        title="受检程序",
        initial="new",
        states=(State("new", "新建"), State("done", "办结", terminal=True)),
        steps=(Step("finish", "办结", "new", "done", roles, guards=guards, starts=starts),),
    )


@pytest.fixture
def rules(monkeypatch):
    """A deadline rule registry with one rule, whatever fazhi.deadlines.rules holds today."""
    module = types.ModuleType("fazhi.deadlines.rules")
    module.RULES = {"reconsideration.decision": object()}
    monkeypatch.setitem(sys.modules, "fazhi.deadlines.rules", module)


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_a_sound_procedure_passes(rules):
    assert check_procedures([sample(CITED, EXPLAINED, starts="reconsideration.decision")]) == []


def test_a_guard_without_citation_or_reason(rules):
    messages = check_procedures([sample(CITED, UNCITED)])
    assert ids(messages) == ["procedures.E002"]
    assert "领导已签字" in messages[0].msg


def test_an_unknown_deadline_rule(rules):
    messages = check_procedures([sample(starts=("reconsideration.decision", "no.such_rule"))])
    assert ids(messages) == ["procedures.E001"]
    assert "no.such_rule" in messages[0].msg


def test_missing_deadline_rules_are_a_warning(monkeypatch):
    monkeypatch.setitem(sys.modules, "fazhi.deadlines.rules", None)  # not importable
    assert ids(check_procedures([sample(starts="no.such_rule")])) == ["procedures.W001"]
    assert check_procedures([sample()]) == []  # nothing to check, nothing to warn about


def test_an_unknown_role(rules):
    assert ids(check_procedures([sample(roles=("handler", "clerk"))])) == ["procedures.E003"]


def test_the_registered_procedures_and_models_pass():
    assert [m for m in check_registered() if m.level >= 40] == []


def test_a_model_naming_an_unregistered_procedure(monkeypatch):
    monkeypatch.setattr(Application, "procedure_id", "procedures_app.nothing")
    assert ids(check_record_models([Application])) == ["procedures.E004"]


@isolate_apps("tests.procedures_app")
def test_a_model_without_a_unit():
    class Unitless(ProcedureRecord):
        procedure_id = "procedures_app.application"
        owner = models.CharField(max_length=10)

        class Meta(ProcedureRecord.Meta):
            app_label = "procedures_app"

    assert ids(check_record_models([Unitless])) == ["procedures.E005"]
