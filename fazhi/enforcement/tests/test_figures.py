"""The supervision figures (执法监督) on small hand-built sets of cases: the counts against
hand-computed numbers, scoping, street offices, idle items, officers, evaluations, the late
publications, the annual statistics, and a bounded number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import Person, Role, UnitKind
from fazhi.core.tests.factories import PersonFactory, UnitFactory
from fazhi.enforcement import figures, services
from fazhi.enforcement.models import (
    AnnualStatistics,
    Body,
    Campaign,
    CaseFile,
    Item,
    PenaltyCase,
    Standard,
)

from .conftest import World, at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 1)
YEAR = figures.year_period(2026)


def row(world: World, body: Body | None = None, item: Item | None = None, **fields) -> PenaltyCase:
    """A case row written directly (the figures only count fields): opened 2026-03-02 unless
    given, investigating, an organization as party."""
    body = body or world.body
    values = {
        "unit": body.unit,
        "body": body,
        "item": item or world.item if body == world.body else item,
        "number": f"测{PenaltyCase.objects.count() + 1}号",
        "source": "inspection",
        "party_kind": "legal",
        "party_name": "某某有限公司",
        "occurred_on": date(2024, 1, 1),
        "discovered_on": date(2024, 1, 1),
        "opened_on": date(2026, 3, 2),
        "opened_by": world.lead,
        "state": "investigating",
    }
    values.update(fields)
    return PenaltyCase.objects.create(**values)


def decided(world: World, **fields) -> PenaltyCase:
    """A penalty decided 2026-03-20 on an ordinary case opened 2026-03-02 (period to 06-01),
    due for publication 2026-03-31."""
    values = {
        "state": "closed",
        "outcome": "penalty",
        "decided_on": date(2026, 3, 20),
        "decision_due": date(2026, 6, 1),
        "fine": Decimal("5000"),
        "disclosure_due": date(2026, 3, 31),
        "disclosed_on": date(2026, 3, 25),
        "decision_number": f"测罚{PenaltyCase.objects.count() + 1}号",
    }
    values.update(fields)
    return row(world, **values)


def hand_built(world: World) -> None:
    """Ten cases of 卫健委 (the figures for 2026 are in `test_counts_match_hand_computed`)."""
    decided(world)  # 1: on time, published on time
    decided(world, disclosed_on=date(2026, 4, 10))  # 2: published late
    decided(world, disclosed_on=None, state="executing")  # 3: never published, past due
    decided(  # 4: decided after the period (late), not yet due for publication
        world,
        opened_on=date(2026, 2, 1),
        decision_due=date(2026, 5, 6),
        decided_on=date(2026, 6, 26),
        disclosure_due=date(2026, 7, 7),
        disclosed_on=None,
        state="executing",
        review_required=True,
        reviewed=True,
        hearing_held=True,
        surcharge=Decimal("150.00"),
    )
    decided(  # 5: mitigated below the statutory minimum
        world, fine=Decimal("300"), reduced=Decimal("200"), review_required=True
    )
    decided(  # 6: not punished (第三十三条)
        world,
        outcome="no_penalty",
        fine=None,
        reduced=Decimal("500"),
        disclosure_due=None,
        disclosed_on=None,
    )
    decided(  # 7: simplified, on the spot: no period
        world,
        simplified=True,
        decision_due=None,
        decided_on=date(2026, 3, 2),
        fine=Decimal("200"),
        disclosure_due=date(2026, 3, 11),
        disclosed_on=date(2026, 3, 3),
    )
    row(world, decision_due=date(2026, 6, 1))  # 8: still investigating, past its period
    row(world, state="transferred", transferred="criminal", decision_due=date(2026, 6, 1))  # 9
    decided(  # 10: opened last year, decided this year
        world,
        opened_on=date(2025, 12, 1),
        decision_due=date(2026, 3, 2),
        decided_on=date(2026, 2, 20),
        disclosure_due=date(2026, 3, 3),
        disclosed_on=date(2026, 2, 25),
    )
    row(world, opened_on=date(2025, 6, 1), decision_due=date(2025, 9, 1), state="dismissed")


def test_counts_match_hand_computed(world: World):
    hand_built(world)
    data = figures.supervision(world.clerk, *YEAR, today=TODAY)
    assert [b.body for b in data.bodies] == [world.body]
    c = data.bodies[0].counts
    assert (c.opened, c.simplified, c.ordinary) == (9, 1, 8)  # not 10 or 11 (opened in 2025)
    assert c.states == {
        "investigating": 1,
        "notified": 0,
        "hearing": 0,
        "reviewing": 0,
        "ready": 0,
        "decided": 0,
        "executing": 2,
        "closed": 5,
        "transferred": 1,
        "dismissed": 0,
    }
    assert c.overdue_open == 1  # 8 (9 is transferred)
    assert (c.transferred_body, c.transferred_criminal, c.transferred) == (0, 1, 1)
    assert (c.decided, c.penalty, c.no_penalty, c.not_established) == (8, 7, 1, 0)
    assert (c.with_period, c.on_time, c.late) == (7, 6, 1)
    assert c.on_time_rate == pytest.approx(6 / 7)
    assert (c.review_required, c.reviewed, c.review_rate) == (2, 1, 0.5)
    assert c.hearings == 1
    assert c.relieved == 2  # 5 (reduced) and 6 (not punished)
    assert c.reduced == Decimal("700.00")
    assert c.fines == Decimal("5000") * 5 + Decimal("300") + Decimal("200")
    assert c.surcharge == Decimal("150.00")
    # publication: 7 penalties due; 1, 5, 7, 10 on time; 2 late; 3 past due; 4 not yet due
    assert c.publish_due == 7
    assert (c.disclosed_on_time, c.disclosed_late, c.undisclosed_overdue) == (4, 1, 1)
    assert c.undisclosed_pending == 1
    assert c.late_publications == 2
    assert c.disclosure_rate == pytest.approx(4 / 6)
    assert data.total == c


def test_late_publications_list(world: World):
    hand_built(world)
    late = list(figures.late_publications(world.clerk, *YEAR, today=TODAY))
    assert [(c.disclosure_due, c.disclosed_on) for c in late] == [
        (date(2026, 3, 31), date(2026, 4, 10)),
        (date(2026, 3, 31), None),
    ]
    assert [figures.days_late(c, TODAY) for c in late] == [10, 92]
    assert not list(figures.late_publications(world.outsider, *YEAR, today=TODAY))


def test_service_built_cases_are_counted(world: World):
    """The services keep the fields the figures count."""
    on_time = world.decide(world.to_ready(world.open()))  # decided 03-09, due 03-18
    with at(date(2026, 3, 12)):
        services.publish(actor=world.lead, case=on_time)
    exempt = world.open()
    world.investigate(exempt)
    with at(date(2026, 3, 5)):
        services.case_propose(
            actor=world.lead,
            case=exempt,
            penalty_kinds=[],
            exemption=world.item.exemptions.get(),
        )
    world.decide(exempt, outcome="no_penalty", on=date(2026, 3, 10))
    criminal = world.open()
    with at(date(2026, 3, 6)):
        services.case_transfer(
            actor=world.head,
            case=criminal,
            kind="criminal",
            receiver="甲区公安分局",
            reason="涉嫌犯罪",
            materials="案卷",
        )
    world.open()  # still investigating on 2026-07-01: past its period (2026-06-01)
    data = figures.supervision(world.clerk, *YEAR, today=TODAY)
    c = data.total
    assert (c.opened, c.decided, c.on_time, c.late) == (4, 2, 2, 0)
    assert (c.no_penalty, c.relieved, c.reduced) == (1, 1, Decimal("500.00"))
    assert (c.publish_due, c.disclosed_on_time, c.undisclosed_overdue) == (1, 1, 0)
    assert (c.transferred_criminal, c.overdue_open) == (1, 1)
    assert c.states["transferred"] == 1 and c.states["investigating"] == 1


def other_body(world: World) -> tuple[Body, Item]:
    """教育局 registered as a body, with one item."""
    with at(date(2026, 1, 5)):
        body = services.body_register(
            actor=world.clerk,
            unit=world.east.dept_a,
            kind="agency",
            legal_basis="《甲区教育委员会职能配置规定》",
            scope="校外培训监管",
        )
    item = Item.objects.create(
        body=body,
        code="E001",
        name="对校外培训机构违规培训的行政处罚",
        kind="penalty",
        legal_basis="《民办教育促进法》第六十二条",
        level="district",
    )
    return body, item


def test_each_sees_what_it_reaches(world: World):
    decided(world)
    education, item = other_body(world)
    row(world, body=education, item=item)
    row(world, body=education, item=item)

    office = figures.supervision(world.clerk, *YEAR, today=TODAY)  # 司法局: both
    assert {b.body.pk: b.counts.opened for b in office.bodies} == {
        world.body.pk: 1,
        education.pk: 2,
    }
    assert office.total.opened == 3

    health = figures.supervision(world.head, *YEAR, today=TODAY)  # 卫健委: its own
    assert [b.body for b in health.bodies] == [world.body] and health.total.opened == 1

    schools = figures.supervision(world.outsider, *YEAR, today=TODAY)  # 教育局: its own
    assert [b.body for b in schools.bodies] == [education] and schools.total.opened == 2
    assert not list(figures.late_publications(world.outsider, *YEAR, today=TODAY))

    nobody = PersonFactory(unit=world.east.legal_office, role=Role.HANDLER)  # reaches no body
    empty = figures.supervision(nobody, *YEAR, today=TODAY)
    assert empty.bodies == [] and empty.total.opened == 0


def test_street_offices(world: World):
    street = UnitFactory(parent=world.east.district, kind=UnitKind.STREET, name="甲区某街道办事处")
    with at(date(2026, 1, 5)):
        body = services.body_register(
            actor=world.clerk, unit=street, kind="agency", legal_basis="下放决定", scope="垃圾分类"
        )
    item = Item.objects.create(
        body=body, code="S1", name="对个人未分类投放生活垃圾的行政处罚", kind="penalty",
        legal_basis="《北京市生活垃圾管理条例》", level="street", delegated=True,
    )  # fmt: skip
    row(world, body=body, item=item)
    decided(world)
    data = figures.supervision(world.clerk, *YEAR, today=TODAY)
    levels = {b.body.unit.name: b.level for b in data.bodies}
    assert levels == {"甲区卫健委": "区级", "甲区某街道办事处": "街道（乡镇）"}
    assert [(s.unit, s.bodies, s.counts.opened) for s in data.streets] == [(street, 1, 1)]
    assert data.total.opened == 2


def test_items_without_cases(world: World):
    idle = Item.objects.create(
        body=world.body, code="X9", name="对某违法行为的行政处罚", kind="penalty",
        legal_basis="某条例", level="district",
    )  # fmt: skip
    Item.objects.create(
        body=world.body, code="X8", name="某行政检查", kind="inspection", legal_basis="某条例",
        level="district",
    )  # fmt: skip
    row(world)  # the conftest item has a case in 2026
    row(world, item=idle, opened_on=date(2025, 5, 1))  # a case of the idle item, last year
    data = figures.supervision(world.clerk, *YEAR, today=TODAY)
    assert data.bodies[0].idle_items == [idle]
    assert data.idle_items == 1
    last_year = figures.supervision(world.clerk, *figures.year_period(2025), today=TODAY)
    assert last_year.bodies[0].idle_items == [world.item]


def test_officers_training_certificates_and_legal_staff(world: World):
    with at(date(2026, 6, 1)):
        services.training_record(
            actor=world.clerk,
            officer=world.officers["lead"],
            held_on=date(2026, 5, 1),
            title="行政处罚法专题",
            hours="24",
        )
        for hours in ("24", "24", "12"):
            services.training_record(
                actor=world.clerk,
                officer=world.officers["second"],
                held_on=date(2026, 5, 2),
                title="执法技能",
                hours=hours,
            )
    certificate = world.officers["second"].certificates.get()
    with at(date(2026, 6, 2)):
        services.certificate_status(
            actor=world.clerk, certificate=certificate, status="suspended", reason="暂扣"
        )
    data = figures.supervision(world.clerk, *YEAR, today=TODAY)
    staff = data.bodies[0].staff
    assert (staff.enforcement, staff.legal) == (3, 1)  # lead, second, trainee; the reviewer
    assert not staff.legal_short  # 1 of 3 ≥ 5%
    assert [(o.person.name, h) for o, h in staff.training_short] == [
        ("执法员赵一", Decimal("24.0")),  # 24 of 60
        ("见习孙三", Decimal("0")),
    ]  # 钱二 has 60
    assert [(i.officer.person.name, i.problem) for i in staff.certificates] == [
        ("执法员钱二", "暂扣"),
        ("见习孙三", "无执法证件"),
    ]
    # the lead's certificate runs to 2030-06-30: within 90 days of 2030-05-01
    late = figures.supervision(world.clerk, *YEAR, today=date(2030, 5, 1))
    assert ("执法员赵一", "即将到期") in [
        (i.officer.person.name, i.problem) for i in late.bodies[0].staff.certificates
    ]
    after = figures.supervision(world.clerk, *YEAR, today=date(2030, 7, 1))
    assert ("执法员赵一", "已过期") in [
        (i.officer.person.name, i.problem) for i in after.bodies[0].staff.certificates
    ]


def test_legal_staff_short_of_five_percent(world: World):
    assert figures.Staff(enforcement=21, legal=1).legal_short  # 1 of 21 < 5%
    assert not figures.Staff(enforcement=20, legal=1).legal_short


def test_evaluation_scores(world: World):
    case_a, case_b = decided(world), decided(world)
    standard = Standard.objects.create(title="评查标准", owner=world.east.legal_office)
    campaign = Campaign.objects.create(
        organizer=world.east.legal_office,
        standard=standard,
        title="2026年度案卷评查",
        year=2026,
        closed_from=date(2026, 1, 1),
        closed_to=date(2026, 6, 30),
        sample_size=2,
        created_by=world.clerk,
    )
    CaseFile.objects.create(campaign=campaign, case=case_a, order=1, score=90, passed=True)
    CaseFile.objects.create(
        campaign=campaign, case=case_b, order=2, score=55, passed=False, vetoed=True
    )
    evaluation = figures.supervision(world.clerk, *YEAR, today=TODAY).bodies[0].evaluation
    assert (evaluation.files, evaluation.passed, evaluation.vetoed) == (2, 1, 1)
    assert evaluation.average == pytest.approx(72.5)


def test_queries_do_not_grow_with_cases(world: World):
    hand_built(world)
    clerk = Person.objects.get(pk=world.clerk.pk)  # reach computed afresh each time
    with CaptureQueriesContext(connection) as few:
        figures.supervision(clerk, *YEAR, today=TODAY)
    for _ in range(20):
        decided(world)
        row(world)
    clerk = Person.objects.get(pk=world.clerk.pk)
    with CaptureQueriesContext(connection) as many:
        figures.supervision(clerk, *YEAR, today=TODAY)
    assert len(many.captured_queries) == len(few.captured_queries) <= 12


def test_annual_statistics_and_publishing_once(world: World):
    hand_built(world)
    stats = figures.annual_statistics(world.body, 2026)
    assert stats["year"] == 2026 and stats["body"] == "甲区卫健委"
    assert (stats["cases_opened"], stats["cases_simplified"]) == (9, 1)
    assert (stats["decisions"], stats["decisions_penalty"], stats["decisions_no_penalty"]) == (
        8,
        7,
        1,
    )
    assert stats["fines"] == "25500.00" and stats["reduced"] == "700.00"
    assert (stats["relieved"], stats["hearings"], stats["legal_reviews"]) == (2, 1, 1)
    assert stats["penalty_kinds"] == {}  # the direct rows list no kinds
    assert dict(figures.annual_rows(stats))["作出行政处罚决定（件）"] == 8

    with at(date(2027, 1, 20)):
        published = services.statistics_publish(
            actor=world.head, body=world.body, year=2026, figures=stats
        )
        assert published.published_on == date(2027, 1, 20)
        with pytest.raises(ValidationError, match="已经公布"):
            services.statistics_publish(actor=world.head, body=world.body, year=2026, figures={})
        state = figures.statistics_state(world.body, 2026)
    assert state["published"] == published and not state["late"]
    assert AnnualStatistics.objects.count() == 1
    with at(date(2027, 2, 2)):
        assert figures.statistics_state(world.body, 2025)["late"]  # due 2026-01-31


def test_annual_statistics_from_the_procedure(world: World):
    """Penalty kinds, hearings, reviews, transfers and challenges recorded by the services."""
    case = world.decide(world.to_ready(world.open()))
    with at(date(2026, 3, 10)):
        services.case_serve(
            actor=world.lead, case=case, served_on=date(2026, 3, 10), method="直接送达"
        )
        services.publish(actor=world.lead, case=world.refresh(case))
    with at(date(2026, 4, 1)):
        services.challenge_record(
            actor=world.lead,
            case=world.refresh(case),
            kind="reconsideration",
            filed_on=date(2026, 4, 1),
        )
    stats = figures.annual_statistics(world.body, 2026)
    assert stats["penalty_kinds"] == {"fine": 1}
    assert (stats["publications"], stats["publications_late"]) == (1, 0)
    assert (stats["reconsideration_filed"], stats["litigation_filed"]) == (1, 0)
    assert stats["fines"] == "5000.00" and stats["items_penalty"] == 1
    assert ("处罚种类：罚款（件）", 1) in figures.annual_rows(stats)
