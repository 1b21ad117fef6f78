"""step_take: the transitions of the test application (受理 → 审查 → 决定), and every refusal."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from fazhi.core import services as core_services
from fazhi.core.models import Role, TodoItem, TodoState
from fazhi.procedures import recording
from fazhi.procedures.models import StepRecord
from fazhi.procedures.services import StepForbidden, StepRefused, record_source, step_take
from tests.procedures_app.models import Application
from tests.procedures_app.procedures import article

from .conftest import make_application

pytestmark = pytest.mark.django_db


def snapshot(record: Application) -> tuple:
    fresh = Application.objects.get(pk=record.pk)
    return fresh.state, fresh.version, StepRecord.objects.count()


def accept(world, record, **kwargs):
    return step_take(
        record=record,
        step_code="accept",
        actor=world.handler,
        unit=world.east.dept_a,
        **kwargs,
    )


def test_the_procedure_runs_from_acceptance_to_decision(world, application):
    entry = accept(world, application, data={"opinion": "符合受理条件"})
    assert (application.state, application.version) == ("accepted", 1)
    assert (entry.from_state, entry.to_state, entry.version) == ("submitted", "accepted", 1)
    assert (entry.actor, entry.unit, entry.role) == (world.handler, world.east.dept_a, "handler")
    assert entry.data == {"opinion": "符合受理条件"}

    Application.objects.filter(pk=application.pk).update(opinions_heard=True)
    application.refresh_from_db()
    step_take(
        record=application,
        step_code="review",
        actor=world.reviewer,
        unit=world.east.legal_office,
        data={"opinion": "建议维持"},
    )
    step_take(
        record=application,
        step_code="decide",
        actor=world.leader,
        unit=world.east.dept_a,
        data={"decision": "维持原行政行为"},
    )
    stored = Application.objects.get(pk=application.pk)
    assert (stored.state, stored.version) == ("decided", 3)
    assert stored.state_label == "已作出决定"
    steps = list(StepRecord.objects.order_by("version").values_list("step", "role", "unit__name"))
    assert steps == [
        ("accept", Role.HANDLER, "东区教育局"),
        ("review", Role.LEGAL_REVIEWER, "东区司法局"),
        ("decide", Role.LEADER, "东区教育局"),
    ]


def test_a_step_back_and_forward_again(world, application):
    step_take(
        record=application,
        step_code="request_supplement",
        actor=world.handler,
        unit=world.east.dept_a,
        data={"items": "缺少身份证明"},
    )
    step_take(
        record=application, step_code="supplement", actor=world.handler, unit=world.east.dept_a
    )
    assert application.state == "submitted"
    accept(world, application)
    assert (application.state, application.version) == ("accepted", 3)


def test_a_step_from_the_wrong_state_is_refused_naming_its_article(world, application):
    before = snapshot(application)
    with pytest.raises(StepRefused) as refused:
        step_take(
            record=application,
            step_code="decide",
            actor=world.leader,
            unit=world.east.dept_a,
            data={"decision": "撤销"},
        )
    failure = refused.value.failures[0]
    assert failure.citation == article("第六十一条第一款")
    assert "只能在“已审查”时办理" in failure.reason and "已收到申请" in failure.reason
    assert "《中华人民共和国行政复议法》（2023年修订）第六十一条第一款" in str(refused.value)
    assert refused.value.status_code == 409
    assert snapshot(application) == before


def test_a_failing_guard_refuses_with_its_reason_and_citation(world):
    record = make_application(world, applicant="")
    before = snapshot(record)
    with pytest.raises(StepRefused) as refused:
        accept(world, record)
    assert refused.value.reasons == ["申请书未写明申请人，不符合受理条件。"]
    assert refused.value.citations == [
        "《中华人民共和国行政复议法》（2023年修订）第三十条第一款第一项"
    ]
    assert snapshot(record) == before


def test_every_failing_guard_is_reported(world, application):
    accept(world, application)
    with pytest.raises(StepRefused) as refused:
        step_take(
            record=application,
            step_code="review",
            actor=world.reviewer,
            unit=world.east.legal_office,
        )
    assert refused.value.citations == ["《中华人民共和国行政复议法》（2023年修订）第四十九条"]


def test_a_guard_on_the_step_data(world, application):
    with pytest.raises(StepRefused) as refused:
        step_take(
            record=application,
            step_code="reject",
            actor=world.handler,
            unit=world.east.dept_a,
            data={"reason": "  "},
        )
    assert refused.value.reasons == ["须填写不予受理的理由。"]
    step_take(
        record=application,
        step_code="reject",
        actor=world.handler,
        unit=world.east.dept_a,
        data={"reason": "超过法定申请期限"},
    )
    assert application.state == "rejected"
    with pytest.raises(StepRefused):  # a terminal state has no way out
        accept(world, application)


def test_a_person_without_the_role_is_forbidden(world, application):
    before = snapshot(application)
    with pytest.raises(StepForbidden) as forbidden:
        step_take(
            record=application, step_code="accept", actor=world.leader, unit=world.east.dept_a
        )
    assert isinstance(forbidden.value, PermissionDenied)
    assert "承办人员" in str(forbidden.value)
    with pytest.raises(StepForbidden):  # naming a role the step does not take
        accept(world, application, role=Role.LEADER)
    with pytest.raises(StepForbidden):  # the role, but not in the unit named
        step_take(
            record=application, step_code="accept", actor=world.handler, unit=world.east.dept_b
        )
    assert snapshot(application) == before


def test_another_units_record_is_forbidden(world, application):
    before = snapshot(application)
    for outsider, unit in (
        (world.b_handler, world.east.dept_b),
        (world.west_handler, world.west.dept_a),
    ):
        with pytest.raises(StepForbidden):
            step_take(record=application, step_code="accept", actor=outsider, unit=unit)
    assert snapshot(application) == before


def test_forbidden_comes_before_refused(world, application):
    """An outsider learns nothing about the record's state: forbidden even from a wrong state."""
    with pytest.raises(StepForbidden):
        step_take(
            record=application,
            step_code="supplement",
            actor=world.b_handler,
            unit=world.east.dept_b,
        )


def test_a_stale_form_is_refused(world, application):
    other_copy = Application.objects.get(pk=application.pk)
    step_take(
        record=application,
        step_code="request_supplement",
        actor=world.handler,
        unit=world.east.dept_a,
        data={"items": "补充证据"},
    )
    step_take(
        record=application, step_code="supplement", actor=world.handler, unit=world.east.dept_a
    )
    with pytest.raises(StepRefused) as refused:
        accept(world, other_copy, expected_version=0)
    assert "已被他人办理或修改" in str(refused.value)
    accept(world, other_copy, expected_version=2)
    assert other_copy.version == 3


def test_data_outside_the_steps_fields_is_rejected(world, application):
    before = snapshot(application)
    with pytest.raises(ValidationError):
        accept(world, application, data={"decision": "x"})
    assert snapshot(application) == before


def test_nothing_is_saved_when_recording_fails(world, application, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("ledger unavailable")

    monkeypatch.setattr(recording, "record_step", broken)
    with pytest.raises(RuntimeError):
        accept(world, application)
    assert snapshot(application) == ("submitted", 0, 0)


def test_the_request_id_is_recorded(world, application):
    request = RequestFactory().post("/", HTTP_X_REQUEST_ID="req-42")
    assert accept(world, application, request=request).request_id == "req-42"


def test_the_actors_own_todo_for_the_record_is_closed(world, application):
    source = record_source(application)
    mine = core_services.todo_create(
        assignee=world.handler, unit=world.east.dept_a, title="受理审查", module="x", source=source
    )
    theirs = core_services.todo_create(
        assignee=world.leader, unit=world.east.dept_a, title="受理审查", module="x", source=source
    )
    accept(world, application)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.state, theirs.state) == (TodoState.DONE, TodoState.OPEN)


def test_assignments_become_todos_after_commit(
    world, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        accept(world, application, assign=[(world.reviewer, world.east.legal_office)])
    assert not TodoItem.objects.exists()  # queued, not written inside the transaction
    for callback in callbacks:
        callback()
    item = TodoItem.objects.get()
    assert item.assignee == world.reviewer and item.unit == world.east.legal_office
    assert item.title == "行政复议申请（测试）：对某行政处罚不服的复议申请（已受理）"
    assert (item.module, item.source) == (
        "procedures_app",
        f"procedures_app.Application:{application.pk}",
    )
    assert item.url == f"/workspace/test-applications/{application.pk}/"


def test_assigning_to_someone_outside_the_unit_saves_nothing(world, application):
    before = snapshot(application)
    with pytest.raises(ValidationError):
        accept(world, application, assign=[(world.reviewer, world.east.dept_a)])
    assert snapshot(application) == before


def test_an_unknown_step_is_refused(world, application):
    with pytest.raises(StepRefused) as refused:
        step_take(
            record=application, step_code="publish", actor=world.handler, unit=world.east.dept_a
        )
    assert "publish" in str(refused.value)


def test_a_step_uses_only_the_reach_of_the_post_it_is_taken_in(world):
    """承办人员 of A who is also 领导 of B may not take a 承办人员 step on B's record: the
    leader post reaches B, but the step is taken as handler, whose reach is A alone."""
    from fazhi.core.tests.factories import PostFactory

    PostFactory(person=world.handler, unit=world.east.dept_b, role=Role.LEADER)
    b_record = Application.objects.create(
        unit=world.east.dept_b,
        state=Application.initial_state(),
        title="乙局的申请",
        applicant="某",
    )
    with pytest.raises(StepForbidden):
        step_take(record=b_record, step_code="accept", actor=world.handler, unit=world.east.dept_a)
    b_record.refresh_from_db()
    assert (b_record.state, b_record.version) == (Application.initial_state(), 0)
    assert not StepRecord.objects.filter(object_id=b_record.pk).exists()


def test_the_api_answers_a_refused_step_with_409_and_the_article(world, application):
    from fazhi.core.drf import exception_handler

    with pytest.raises(StepRefused) as excinfo:
        step_take(
            record=application,
            step_code="decide",
            actor=world.leader,
            unit=world.east.dept_a,
            data={"decision": "维持"},
        )
    response = exception_handler(excinfo.value, {})
    assert response.status_code == 409
    assert response.data["citations"] and "行政复议法" in response.data["citations"][0]
    assert response.data["detail"]


# ---- steps the law takes (Step.by_law) ------------------------------------------------------


def test_a_step_by_law_is_recorded_without_an_actor(world, application):
    from fazhi.ledger.models import LedgerEntry
    from fazhi.procedures.services import step_take_by_law

    entry = step_take_by_law(record=application, step_code="deem_accept")
    assert (application.state, application.version) == ("accepted", 1)
    assert (entry.actor, entry.unit, entry.role) == (None, application.unit, "")
    ledger = LedgerEntry.objects.filter(record_type="procedures_app.application").get()
    assert ledger.actor_name == "" and ledger.note.endswith("：视为受理")


def test_a_step_by_law_needs_its_state_and_cannot_be_taken_by_a_person(world, application):
    from fazhi.procedures.services import step_take_by_law

    with pytest.raises(StepRefused, match="没有依法视为的步骤"):
        step_take_by_law(record=application, step_code="accept")
    accept(world, application)
    before = snapshot(application)
    with pytest.raises(StepRefused):
        step_take_by_law(record=application, step_code="deem_accept")
    assert snapshot(application) == before
    with pytest.raises(StepForbidden):
        step_take(
            record=application, step_code="deem_accept", actor=world.handler, unit=world.east.dept_a
        )


def test_a_step_by_law_names_no_roles_and_cites_its_article():
    from fazhi.procedures.definitions import Procedure, ProcedureDefinitionError, State, Step

    states = (State("a", "甲"), State("b", "乙", terminal=True))
    with pytest.raises(ProcedureDefinitionError, match="不由任何角色办理"):
        Procedure(
            id="t.law",
            title="测试",
            states=states,
            steps=(Step("go", "视为", "a", "b", roles=(), by_law=True),),
            initial="a",
        )
