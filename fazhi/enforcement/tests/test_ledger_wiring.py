"""Every write of enforcement services appends to the ledger in its own transaction (处罚法
第四十七条: the full-process record). Walks services.py: each public function is either a read
(listed with the reason) or is called below and must append at least one entry."""

from __future__ import annotations

import inspect
from datetime import date

import pytest

from fazhi.enforcement import services
from fazhi.enforcement.models import Hearing, PenaltyCase
from fazhi.ledger.models import LedgerEntry

from .conftest import at, upload

pytestmark = pytest.mark.django_db

READS = {
    "benchmark_in_force": "a read",
    "proposal_range": "a read for the proposal form",
    "payment_due_of": "a date computation",
    "surcharge_of": "a computation",
    "public_fields": "builds the public record; publish() records it",
    "surcharges_refresh": "keeps a computed figure current; the surcharge accrues by law",
}


def _public_functions():
    return {
        name: fn
        for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }


@pytest.fixture
def counted(monkeypatch):
    appended: dict[str, int] = {}
    for name, fn in _public_functions().items():
        if name in READS:
            continue

        def wrapper(*args, _fn=fn, _name=name, **kwargs):
            before = LedgerEntry.objects.count()
            result = _fn(*args, **kwargs)
            appended[_name] = min(appended.get(_name, 10**9), LedgerEntry.objects.count() - before)
            return result

        monkeypatch.setattr(services, name, wrapper)
    return appended


def test_every_write_is_recorded(world, counted):
    s = services
    lead, head, clerk = world.lead, world.head, world.clerk
    with at(date(2026, 2, 2)):
        s.training_record(
            actor=head,
            officer=world.officers["lead"],
            held_on=date(2026, 2, 2),
            title="行政处罚法专题",
            hours="6",
        )
        s.exam_record(
            actor=clerk, officer=world.officers["trainee"], taken_on=date(2026, 1, 20), passed=True
        )
        cert = s.certificate_issue(
            actor=clerk,
            officer=world.officers["trainee"],
            number="11010126000009",
            issuer="北京市人民政府",
            area="甲区",
            valid_from=date(2026, 2, 1),
            valid_to=date(2031, 1, 31),
        )
        s.certificate_status(
            actor=clerk, certificate=cert, status="suspended", reason="涉嫌违纪暂扣"
        )
        s.officer_leave(actor=clerk, officer=world.officers["trainee"], reason="调离执法岗位")
        s.body_register(
            actor=clerk,
            unit=world.east.dept_a,
            kind="agency",
            legal_basis="三定规定",
            scope="教育行政执法",
        )
        s.officer_register(actor=clerk, body=world.body, person=world.second)
        s.item_save(
            actor=head,
            body=world.body,
            code="X1",
            name="检查事项",
            kind="inspection",
            legal_basis="某法第一条",
            level="district",
        )
        s.benchmark_save(
            actor=head,
            item=world.item,
            effective_from=date(2027, 1, 1),
            source="2027版",
            rows=[
                {
                    "circumstance": "一般",
                    "degree": "ordinary",
                    "penalty": "罚款",
                    "fine_min": "1000",
                    "fine_max": "8000",
                }
            ],
        )
        s.exemption_save(
            actor=head,
            item=world.item,
            kind="mandatory",
            circumstance="轻微并及时改正",
            effective_from=date(2026, 2, 1),
            source="清单",
        )
    case = world.open(officers=[world.officers["lead"]])
    with at(date(2026, 3, 2)):
        s.case_assign(actor=lead, case=case, officer=world.officers["second"])
        s.preservation_start(actor=head, case=case, things="账册三本")
    with at(date(2026, 3, 3)):
        s.preservation_handle(
            actor=lead, preservation=case.preservations.get(), handling="解除登记保存"
        )
        s.evidence_add(
            actor=lead,
            case=case,
            upload=upload(),
            kind="photo",
            title="现场照片",
            collected_on=date(2026, 3, 3),
            collected_by=world.officers["lead"],
        )
        s.case_extend(
            actor=head, case=case, days=30, reason="案情复杂", basis="某部门规章第六十四条"
        )
    world.propose(case, kinds=("fine", "suspension"))
    world.notify(case)
    with at(date(2026, 3, 6)):
        s.statement_record(actor=lead, case=case, received_on=date(2026, 3, 6), content="已整改")
        s.statement_answer(
            actor=lead, statement=case.statements.get(), adopted=False, reply="不影响定性"
        )
        hearing = s.hearing_request(actor=lead, case=case, requested_on=date(2026, 3, 6))
        s.hearing_notify(
            actor=lead,
            hearing=hearing,
            notified_on=date(2026, 3, 6),
            scheduled_on=date(2026, 3, 17),
            place="听证室",
            chair=head,
        )
    with at(date(2026, 3, 17)):
        s.hearing_hold(
            actor=lead,
            hearing=Hearing.objects.get(pk=hearing.pk),
            held_on=date(2026, 3, 17),
            record="听证笔录",
        )
        s.review_submit(actor=lead, case=case)
        s.review_record(actor=world.reviewer, case=case, result="agree", opinion="同意")
        s.discussion_record(
            actor=head,
            case=case,
            held_on=date(2026, 3, 17),
            meeting="局长办公会",
            attendees="王主任等",
            conclusion="同意处罚",
        )
    world.decide(PenaltyCase.objects.get(pk=case.pk), on=date(2026, 3, 18))
    with at(date(2026, 3, 19)):
        s.case_serve(actor=lead, case=case, served_on=date(2026, 3, 19), method="直接送达")
        publication = s.publish(actor=lead, case=case)
        s.payment_arrange(
            actor=head, case=case, kind="deferral", until=date(2026, 6, 30), reason="经营困难"
        )
        challenge = s.challenge_record(
            actor=lead, case=case, kind="reconsideration", filed_on=date(2026, 3, 19)
        )
    with at(date(2026, 5, 6)):
        s.challenge_end(actor=lead, challenge=challenge, ended_on=date(2026, 5, 6), result="维持")
        s.payment_record(actor=lead, case=case, paid_on=date(2026, 5, 6), amount="2000")
    with at(date(2026, 11, 16)):  # suit period ended 2026-09-19 (served 03-19 + 6 months)
        s.court_apply(
            actor=head,
            case=case,
            demanded_on=date(2026, 10, 20),
            applied_on=date(2026, 11, 16),
            court="甲区人民法院",
        )
        s.case_close(actor=lead, case=case)
    with at(date(2026, 9, 1)):
        s.publication_withdraw(
            actor=head, publication=publication, reason="复议决定变更", revoked_on=date(2026, 8, 31)
        )
    other = world.open(number="甲卫罚〔2026〕99号")
    with at(date(2026, 3, 3)):
        s.case_dismiss(actor=head, case=other, reason="不属于本机关管辖")
    third = world.open(number="甲卫罚〔2026〕98号")
    with at(date(2026, 3, 3)):
        transfer = s.case_transfer(
            actor=head,
            case=third,
            kind="criminal",
            receiver="甲区公安分局",
            reason="涉嫌犯罪",
            materials="案卷一册",
        )
        s.transfer_feedback(
            actor=lead, transfer=transfer, accepted_on=date(2026, 3, 3), feedback="已立案"
        )
    spot = world.open(number="甲卫罚〔2026〕97号", simplified=True)
    world.propose(spot, fine="100", benchmark_row=None, outside_range_reason="")
    with at(date(2026, 3, 4)):
        s.case_decide_on_spot(actor=lead, case=spot, decision_number="甲卫当罚〔2026〕1号")
    fourth = world.to_ready(world.open(number="甲卫罚〔2026〕96号"))
    world.decide(fourth)
    with at(date(2026, 3, 10)):
        published = s.publish(actor=lead, case=fourth)
        s.case_serve(actor=lead, case=fourth, served_on=date(2026, 3, 10), method="直接送达")
        s.payment_record(actor=lead, case=fourth, paid_on=date(2026, 3, 10), amount="5000")
    with at(date(2027, 3, 10)):
        s.publication_end_early(actor=head, publication=published, reason="已整改并申请信用修复")
        s.statistics_publish(actor=head, body=world.body, year=2026, figures={"cases": 6})

    writes = set(_public_functions()) - set(READS)
    assert writes - set(counted) == set(), "services not exercised here"
    assert {name for name, n in counted.items() if n < 1} == set(), "writes without a ledger entry"
