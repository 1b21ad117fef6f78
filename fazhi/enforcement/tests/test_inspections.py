"""双随机、一公开: plans, the verifiable draw (commit → draw → bundle → re-verification), conflicts,
joint inspections, checklists, results and their publication, and the staff pages."""

from __future__ import annotations

import io
import json
import random
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import Person, Role
from fazhi.core.tests.factories import PersonFactory, PostFactory
from fazhi.enforcement import draw, services
from fazhi.enforcement import inspection_services as inspections
from fazhi.enforcement.events import EnforcementEvent as E
from fazhi.enforcement.importing import USCC_ALPHABET, uscc_check_char
from fazhi.enforcement.models import (
    Body,
    ChecklistItem,
    Entity,
    Inspection,
    InspectionPlan,
    Item,
    Officer,
    PlanState,
)
from fazhi.evidence.models import StoredFile
from fazhi.ledger.models import LedgerEntry

from .conftest import BUILT, World, at

pytestmark = pytest.mark.django_db

PLANNED = date(2026, 3, 2)  # a Monday
DRAWN = date(2026, 3, 3)


# ---- helpers ------------------------------------------------------------------------------------


def uscc(n: int, prefix: str = "91110108") -> str:
    """A valid unified social credit code, distinct for each n."""
    body = prefix + "".join(USCC_ALPHABET[(n // 31**i) % 31] for i in range(9))[::-1]
    return body + uscc_check_char(body)


def make_entities(count: int, tiers: str = "ABC", start: int = 0) -> list[Entity]:
    rng = random.Random(count)
    return Entity.objects.bulk_create(
        Entity(code=uscc(start + n), name=f"甲区某某商店{start + n}号", tier=rng.choice(tiers))
        for n in range(count)
    )


def certify(world: World, name: str, *, unit=None, body: Body | None = None) -> Officer:
    """A further certified enforcement officer (a handler of the body's unit)."""
    body = body or world.body
    with at(date(2026, 1, 5)):
        person = PersonFactory(unit=unit or body.unit, role=Role.HANDLER, name=name)
        officer = services.officer_register(actor=world.clerk, body=body, person=person)
        services.exam_record(
            actor=world.clerk, officer=officer, taken_on=date(2025, 6, 1), passed=True
        )
        services.certificate_issue(
            actor=world.clerk,
            officer=officer,
            number=f"1101012601{Officer.objects.count():04d}",
            issuer="北京市人民政府",
            area="甲区",
            valid_from=date(2025, 7, 1),
            valid_to=date(2030, 6, 30),
        )
    return officer


def checklist(world: World, item: Item | None = None) -> list[ChecklistItem]:
    with at(date(2026, 2, 2)):
        return inspections.checklist_save(
            actor=world.head,
            item=item or world.item,
            lines=[
                {"text": "是否取得有效卫生许可证", "basis": "公共场所卫生管理条例第八条"},
                {"text": "从业人员是否持有健康证明", "basis": "公共场所卫生管理条例第七条"},
            ],
        )


def plan(world: World, *, actor: Person | None = None, **kwargs) -> InspectionPlan:
    values = {
        "body": world.body,
        "title": "2026年公共场所卫生双随机抽查",
        "year": 2026,
        "starts_on": date(2026, 3, 9),
        "ends_on": date(2026, 6, 30),
        "items": [world.item],
        "ratios": {"A": "0.1", "B": "1/20", "C": "0"},
        "officers_per_target": 2,
        "conflict_days": 365,
    }
    values.update(kwargs)
    with at(PLANNED):
        return inspections.plan_create(actor=actor or world.head, **values)


def commit(world: World, p: InspectionPlan) -> InspectionPlan:
    with at(PLANNED):
        return inspections.plan_commit(actor=world.head, plan=p)


def drawn(world: World, p: InspectionPlan) -> InspectionPlan:
    with at(DRAWN):
        return inspections.plan_draw(actor=world.head, plan=p)


def ledger_text(p: InspectionPlan) -> str:
    entries = LedgerEntry.objects.filter(record_type="enforcement.inspectionplan", record_id=p.pk)
    return json.dumps([[e.changes, e.note] for e in entries], ensure_ascii=False)


def replace_in_zip(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    files = {n: source.read(n) for n in source.namelist()}
    files[name] = content
    return draw.zip_bytes(files)


# ---- the verifiable draw ------------------------------------------------------------------------


def test_commit_draw_and_bundle_reverify(world):
    make_entities(300)
    certify(world, "执法员郑四")
    p = plan(world)
    assert p.state == PlanState.DRAFT
    p = commit(world, p)
    assert p.state == PlanState.COMMITTED and p.pool_size == 300
    assert p.seed_commitment == draw.commit(p.seed)
    stored = set(StoredFile.objects.values_list("sha256", flat=True))
    assert {p.pool_sha256, p.officer_pool_sha256} <= stored
    assert p.exclusions_sha256 == inspections.EMPTY_SHA256  # nothing to exclude: not stored

    before = draw.verify_bundle(inspections.plan_bundle(p))
    assert before.ok and not before.drawn
    assert before.plan["seed"] == "" and before.plan["targets_sha256"] == p.pool_sha256

    p = drawn(world, p)
    assert p.state == PlanState.DRAWN
    report = draw.verify_bundle(inspections.plan_bundle(p))
    assert report.ok, report.problems
    assert report.drawn and report.plan["seed"] == p.seed
    drawn_rows = list(p.inspections.select_related("entity").order_by("order"))
    assert [(r.order, r.code) for r in report.rows] == [
        (i.order, i.entity.code) for i in drawn_rows
    ]
    counts = {t: Entity.objects.filter(tier=t).count() for t in "ABC"}
    expected = -(-counts["A"] // 10) + -(-counts["B"] // 20)
    assert len(drawn_rows) == expected
    assert all(i.entity.tier in "AB" for i in drawn_rows)
    for row, inspection in zip(report.rows, drawn_rows, strict=True):
        numbers = {o.certificates.get().number for o in inspection.officers.all()}
        assert numbers == set(row.officers) and len(numbers) == 2


def test_the_draw_is_deterministic_from_the_stored_files(world):
    make_entities(120)
    p = drawn(world, commit(world, plan(world)))
    files = inspections.plan_files(p)
    again = draw.draw(
        files["targets"], files["officers"], files["exclusions"], inspections.params_of(p), p.seed
    )
    assert again.digest == p.result_sha256 == draw.digest(files["result"])
    assert again.data == files["result"]


def test_an_altered_pool_is_reported(world):
    make_entities(120)
    p = drawn(world, commit(world, plan(world)))
    bundle = inspections.plan_bundle(p)
    targets = zipfile.ZipFile(io.BytesIO(bundle)).read("targets.tsv")
    lines = targets.decode().splitlines(keepends=True)
    first_drawn = p.inspections.order_by("order").first().entity.code
    altered = "".join(line for line in lines if not line.startswith(first_drawn)).encode()
    report = draw.verify_bundle(replace_in_zip(bundle, "targets.tsv", altered))
    assert not report.ok
    assert any("检查对象名录" in problem and "名录被改动" in problem for problem in report.problems)
    # A different tier for one entity changes the draw too.
    line = next(line for line in lines if line.startswith(first_drawn))
    retiered = targets.replace(line.encode(), f"{first_drawn}\tD\n".encode())
    report = draw.verify_bundle(replace_in_zip(bundle, "targets.tsv", retiered))
    assert not report.ok and any("SHA-256" in problem for problem in report.problems)


def test_the_seed_is_not_exposed_before_the_draw(world, client):
    make_entities(60)
    p = commit(world, plan(world))
    seed = p.seed
    client.force_login(world.head)
    with at(PLANNED):
        page = client.get(f"/workspace/enforcement/inspections/{p.pk}/").content.decode()
        listing = client.get("/workspace/enforcement/inspections/").content.decode()
        bundle = client.get(f"/workspace/enforcement/inspections/{p.pk}/bundle.zip").content
    assert p.seed_commitment in page
    assert seed not in page and seed not in listing
    assert seed.encode() not in bundle
    assert seed not in json.dumps(
        list(LedgerEntry.objects.values("changes", "note")), ensure_ascii=False
    )
    assert p.seed_commitment in ledger_text(p)
    client.logout()
    with at(PLANNED):  # the portal publishes the plan, its pools and the commitment
        public = client.get(f"/enforcement/inspections/{p.pk}/")
        public_bundle = client.get(f"/enforcement/inspections/{p.pk}/bundle.zip")
    assert public.status_code == 200 and p.seed_commitment in public.content.decode()
    assert seed not in public.content.decode() and seed.encode() not in public_bundle.content
    client.force_login(world.head)
    drawn(world, p)
    with at(DRAWN):
        page = client.get(f"/workspace/enforcement/inspections/{p.pk}/").content.decode()
    assert seed in page and seed in ledger_text(p)


# ---- conflicts ----------------------------------------------------------------------------------


def test_declared_and_recent_conflicts_are_excluded(world):
    entities = make_entities(40, tiers="A")
    third = certify(world, "执法员郑四")
    lead, second = world.officers["lead"], world.officers["second"]
    with at(date(2026, 2, 2)):
        for entity in entities[:10]:
            inspections.conflict_declare(
                actor=world.lead, officer=lead, entity=entity, reason="近亲属在该单位任职"
            )
        with pytest.raises(ValidationError, match="已经申报"):
            inspections.conflict_declare(
                actor=world.lead, officer=lead, entity=entities[0], reason="重复"
            )
        with pytest.raises(PermissionDenied):
            inspections.conflict_declare(
                actor=world.second, officer=lead, entity=entities[1], reason="代为申报"
            )
    # `second` inspected entities 10–19 on 2025-12-01 (within 365 days); 20–24 in 2024 (not).
    earlier = InspectionPlan.objects.create(
        body=world.body,
        title="2025年抽查",
        year=2025,
        starts_on=date(2024, 1, 1),
        ends_on=date(2025, 12, 31),
        ratios={"A": "1"},
        state=PlanState.DONE,
        created_by=world.head,
    )
    for order, entity in enumerate(entities[10:25], 1):
        inspection = Inspection.objects.create(
            plan=earlier,
            entity=entity,
            order=order,
            state="done",
            inspected_on=date(2025, 12, 1) if order <= 10 else date(2024, 6, 1),
        )
        inspection.officers.set([second])
    p = drawn(world, commit(world, plan(world, ratios={"A": "1"})))
    exclusions = inspections.plan_files(p)["exclusions"].decode()
    number = {o.pk: o.certificates.get().number for o in (lead, second, third)}
    assert f"{number[lead.pk]}\t{entities[0].code}\n" in exclusions
    assert f"{number[second.pk]}\t{entities[10].code}\n" in exclusions
    assert entities[20].code not in exclusions  # inspected more than 365 days before
    by_entity = {i.entity_id: {o.pk for o in i.officers.all()} for i in p.inspections.all()}
    assert len(by_entity) == 40
    for entity in entities[:10]:
        assert lead.pk not in by_entity[entity.pk]
    for entity in entities[10:20]:
        assert second.pk not in by_entity[entity.pk]
    assert draw.verify_bundle(inspections.plan_bundle(p)).ok


def test_too_few_officers_is_refused_and_nothing_saved(world):
    make_entities(30)
    with pytest.raises(ValidationError, match="第四十二条"):
        plan(world, officers_per_target=1)
    p = plan(world, officers_per_target=3)
    entries, files = LedgerEntry.objects.count(), StoredFile.objects.count()
    with pytest.raises(ValidationError, match="只有2名，少于每个检查对象所需的3名"):
        commit(world, p)
    p.refresh_from_db()
    assert p.state == PlanState.DRAFT and not p.seed and not p.seed_commitment
    assert (LedgerEntry.objects.count(), StoredFile.objects.count()) == (entries, files)


def test_too_few_officers_after_exclusions_refuses_the_draw(world):
    entity = make_entities(1, tiers="A")[0]
    with at(date(2026, 2, 2)):
        inspections.conflict_declare(
            actor=world.head, officer=world.officers["lead"], entity=entity, reason="曾任该单位顾问"
        )
    p = commit(world, plan(world, ratios={"A": "1"}))
    entries = LedgerEntry.objects.count()
    with pytest.raises(ValidationError, match="可选执法人员只有 1 名"):
        drawn(world, p)
    p.refresh_from_db()
    assert p.state == PlanState.COMMITTED and not p.inspections.exists()
    assert LedgerEntry.objects.count() == entries


def test_an_uncertified_or_expired_officer_is_not_in_the_pool(world):
    make_entities(10)
    p = commit(world, plan(world))
    officers = inspections.plan_files(p)["officers"].decode()
    assert "11010126000001" in officers and "11010126000002" in officers
    assert officers.count("\n") == 2  # not the trainee (no certificate), not the reviewer


# ---- joint inspections, checklists, results -----------------------------------------------------


def joint_world(world: World, *, head_joins: bool = True) -> tuple[Body, Item]:
    """The 教育局 registered as a body with two certified officers and a checklisted item; with
    `head_joins`, the 卫健委's head is also an administrator of the 教育局 (and so may join it
    to a plan)."""
    with at(date(2026, 1, 5)):
        if head_joins:
            PostFactory(person=world.head, unit=world.east.dept_a, role=Role.UNIT_ADMIN)
        education = services.body_register(
            actor=world.clerk,
            unit=world.east.dept_a,
            kind="agency",
            legal_basis="三定规定",
            scope="教育行政执法",
        )
    certify(world, "教育执法员甲", body=education)
    certify(world, "教育执法员乙", body=education)
    with at(date(2026, 1, 5)):
        admin = PersonFactory(unit=world.east.dept_a, role=Role.UNIT_ADMIN, name="教育局管理员")
        item = services.item_save(
            actor=admin,
            body=education,
            code="330000002000",
            name="对校外培训机构的行政检查",
            kind="inspection",
            legal_basis="《民办教育促进法》第四十一条",
            level="district",
        )
    with at(date(2026, 2, 2)):
        inspections.checklist_save(actor=admin, item=item, lines=["是否取得办学许可证"])
    return education, item


def test_a_joint_inspection_draws_from_every_body_and_checks_every_item(world):
    education, school_item = joint_world(world)
    lines = checklist(world)
    make_entities(50, tiers="A")
    with pytest.raises(ValidationError, match="不属于牵头或联合检查的执法主体"):
        plan(world, items=[world.item, school_item])
    p = plan(world, items=[world.item, school_item], joint_bodies=[education], ratios={"A": "1"})
    p = drawn(world, commit(world, p))
    pool = inspections.plan_files(p)["officers"].decode()
    assert pool.count("\n") == 4 and "甲区教育局" in pool and "甲区卫健委" in pool
    assert p.inspections.count() == 50  # one visit per target for both items
    bodies = {o.body_id for i in p.inspections.all() for o in i.officers.all()}
    assert bodies == {world.body.pk, education.pk}
    assert len(inspections.plan_checklist(p)) == len(lines) + 1


def test_a_plan_cannot_conscript_a_body_its_author_does_not_head(world, client):
    """The 卫健委's head cannot join the 教育局 (and draw its officers) to a plan: the service
    refuses it, and the form offers only the bodies they head and those bodies' items."""
    from fazhi.enforcement.inspection_forms import PlanForm

    education, school_item = joint_world(world, head_joins=False)
    make_entities(20, tiers="A")
    with pytest.raises(PermissionDenied, match="不能将其列为联合检查的执法主体"):
        plan(world, items=[world.item, school_item], joint_bodies=[education], ratios={"A": "1"})
    assert not InspectionPlan.objects.exists()
    with at(PLANNED):
        form = PlanForm(bodies=inspections.own_bodies(world.head))
    assert list(form.fields["body"].queryset) == [world.body]
    assert list(form.fields["joint_bodies"].queryset) == [world.body]
    assert list(form.fields["items"].queryset) == [world.item]
    client.force_login(world.head)
    with at(PLANNED):
        page = client.get("/workspace/enforcement/inspections/new/")
        assert school_item.name not in page.content.decode()
        assert education not in page.context["form"].fields["joint_bodies"].queryset
        response = client.post(
            "/workspace/enforcement/inspections/new/",
            {
                "body": world.body.pk,
                "title": "联合抽查",
                "year": "2026",
                "starts_on": "2026-03-09",
                "ends_on": "2026-06-30",
                "items": [world.item.pk, school_item.pk],
                "joint_bodies": [education.pk],
                "ratios": "A=1",
                "officers_per_target": "2",
                "conflict_days": "365",
            },
        )
    assert response.status_code == 200 and not InspectionPlan.objects.exists()


def test_a_person_in_two_joint_bodies_is_drawn_once(world):
    """赵一 is an officer of the 卫健委 and of the 教育局: one line of the pool (as the officer
    of the first body), so never twice for one target; a conflict declared as an officer of
    either body excludes the person."""
    education, school_item = joint_world(world)
    entities = make_entities(30, tiers="A")
    with at(BUILT):
        PostFactory(person=world.lead, unit=world.east.dept_a, role=Role.HANDLER)
        twice = services.officer_register(actor=world.clerk, body=education, person=world.lead)
        services.exam_record(
            actor=world.clerk, officer=twice, taken_on=date(2025, 6, 1), passed=True
        )
        services.certificate_issue(
            actor=world.clerk,
            officer=twice,
            number="11010126009999",
            issuer="北京市人民政府",
            area="甲区",
            valid_from=date(2025, 7, 1),
            valid_to=date(2030, 6, 30),
        )
    with at(date(2026, 2, 2)):
        inspections.conflict_declare(
            actor=world.head, officer=twice, entity=entities[0], reason="近亲属在该单位任职"
        )
    p = plan(
        world,
        items=[world.item, school_item],
        joint_bodies=[education],
        ratios={"A": "1"},
        officers_per_target=3,
    )
    p = drawn(world, commit(world, p))
    pool = inspections.plan_files(p)["officers"].decode()
    assert pool.count("\n") == 4  # four people
    assert "11010126000001\t甲区卫健委\n" in pool and "11010126009999" not in pool
    exclusions = inspections.plan_files(p)["exclusions"].decode()
    assert exclusions == f"11010126000001\t{entities[0].code}\n"
    assert p.inspections.count() == 30
    for inspection in p.inspections.prefetch_related("officers"):
        people = [o.person_id for o in inspection.officers.all()]
        assert len(people) == len(set(people)) == 3
        if inspection.entity_id == entities[0].pk:
            assert world.lead.pk not in people
    assert draw.verify_bundle(inspections.plan_bundle(p)).ok


def test_results_are_not_public_before_their_publication(world, client):
    """A plan's ledger entries are public from its commit; a result is recorded against the
    inspection (not public) and only its publication against the plan."""
    lines = checklist(world)
    make_entities(10, tiers="A")
    p = drawn(world, commit(world, plan(world, ratios={"A": "0.1"})))
    inspection = p.inspections.get()
    proof = f"/transparency/proof/enforcement.inspectionplan/{p.pk}/"
    with at(date(2026, 3, 10)):
        before = client.get(proof).json()["pending"]
        inspections.inspection_record(
            actor=inspection.officers.first().person,
            inspection=inspection,
            inspected_on=date(2026, 3, 10),
            findings={lines[0].pk: (True, ""), lines[1].pk: (False, "2名从业人员无健康证明")},
            result="发现问题，责令限期改正",
            problems="从业人员未取得健康证明，责令十日内改正。",
        )
        assert client.get(proof).json()["pending"] == before
        label = "enforcement.inspection"
        assert client.get(f"/transparency/proof/{label}/{inspection.pk}/").status_code == 404
    assert "责令限期改正" not in ledger_text(p)
    entry = LedgerEntry.objects.get(record_type=label, record_id=inspection.pk)
    assert entry.event == E.INSPECTION_RECORD
    assert entry.changes["result"][1] == "发现问题，责令限期改正"
    with at(date(2026, 3, 12)):
        inspections.inspection_publish(actor=world.head, plan=p)
        assert client.get(proof).json()["pending"] == before + 1
    published = LedgerEntry.objects.filter(record_type="enforcement.inspectionplan").last()
    assert published.event == E.INSPECTION_PUBLISH
    assert published.changes["inspections"][1] == [inspection.pk]


def test_recording_and_publishing_results(world):
    lines = checklist(world)
    make_entities(20, tiers="A")
    p = drawn(world, commit(world, plan(world, ratios={"A": "0.1"})))
    first, second = list(p.inspections.order_by("order"))
    officer = first.officers.first()
    recorder = officer.person
    not_drawn = certify(world, "执法员郑四").person
    answers = {lines[0].pk: (True, ""), lines[1].pk: (False, "2名从业人员无健康证明")}
    with at(date(2026, 3, 10)):
        with pytest.raises(PermissionDenied):
            inspections.inspection_record(
                actor=not_drawn, inspection=first, inspected_on=date(2026, 3, 10), findings=answers
            )
        with pytest.raises(ValidationError, match="未填写检查情况"):
            inspections.inspection_record(
                actor=recorder,
                inspection=first,
                inspected_on=date(2026, 3, 10),
                findings={lines[0].pk: (True, "")},
            )
        with pytest.raises(ValidationError, match="不能为“未发现问题”"):
            inspections.inspection_record(
                actor=recorder, inspection=first, inspected_on=date(2026, 3, 10), findings=answers
            )
        with pytest.raises(ValidationError, match="不能早于计划检查开始日期"):
            inspections.inspection_record(
                actor=recorder, inspection=first, inspected_on=date(2026, 3, 6), found=False
            )
        inspections.inspection_record(
            actor=recorder,
            inspection=first,
            inspected_on=date(2026, 3, 10),
            findings=answers,
            result="发现问题，责令限期改正",
            problems="从业人员未取得健康证明，责令十日内改正。",
        )
    first.refresh_from_db()
    assert first.state == "done" and first.findings.filter(compliant=False).count() == 1
    with at(date(2026, 3, 11)):
        inspections.inspection_record(
            actor=second.officers.first().person,
            inspection=second,
            inspected_on=date(2026, 3, 11),
            found=False,
        )
    with at(date(2026, 3, 12)):
        inspections.inspection_publish(actor=world.head, plan=p, inspections=[first])
    first.refresh_from_db()
    assert first.published_on == date(2026, 3, 12) and not inspections.disclosure_late(first)
    with at(date(2026, 3, 13)), pytest.raises(ValidationError, match="已经公示"):
        inspections.inspection_record(
            actor=recorder, inspection=first, inspected_on=date(2026, 3, 10), found=False
        )
    # 2026-03-11 + 20 working days = 2026-04-09 (清明 2026-04-05 is a Sunday; 04-06 off).
    second.refresh_from_db()
    due = inspections.disclosure_due(second)
    assert due > date(2026, 4, 7)
    with at(date(2026, 4, 30)):
        published = inspections.inspection_publish(actor=world.head, plan=p)
    assert [i.pk for i in published] == [second.pk]
    second.refresh_from_db()
    assert inspections.disclosure_late(second)
    p.refresh_from_db()
    assert p.state == PlanState.DONE
    entry = LedgerEntry.objects.filter(event=12057).order_by("-seq").first()
    assert entry.changes["late"][1] == [second.pk]


def test_a_checklist_line_in_use_cannot_change(world):
    lines = checklist(world)
    make_entities(10, tiers="A")
    p = drawn(world, commit(world, plan(world, ratios={"A": "0.1"})))
    inspection = p.inspections.get()
    with at(date(2026, 3, 10)):
        inspections.inspection_record(
            actor=inspection.officers.first().person,
            inspection=inspection,
            inspected_on=date(2026, 3, 10),
            findings={line.pk: (True, "") for line in lines},
        )
    with at(date(2026, 3, 11)), pytest.raises(ValidationError, match="已用于检查记录"):
        inspections.checklist_save(actor=world.head, item=world.item, lines=["只有一项"])
    with at(date(2026, 3, 11)):
        saved = inspections.checklist_save(
            actor=world.head,
            item=world.item,
            lines=[{"text": line.text, "basis": line.basis} for line in lines]
            + [{"text": "是否公示卫生信誉度等级"}],
        )
    assert [line.order for line in saved] == [1, 2, 3]


# ---- permissions --------------------------------------------------------------------------------


def test_outsiders_cannot_plan_commit_or_draw(world):
    make_entities(20)
    with pytest.raises(PermissionDenied):
        plan(world, actor=world.outsider)
    p = plan(world)
    with at(PLANNED), pytest.raises(PermissionDenied):
        inspections.plan_commit(actor=world.lead, plan=p)  # the head publishes
    with at(PLANNED), pytest.raises(PermissionDenied):
        inspections.plan_commit(actor=world.outsider, plan=p)
    p = commit(world, p)
    with at(DRAWN), pytest.raises(PermissionDenied):
        inspections.plan_draw(actor=world.outsider, plan=p)
    with at(DRAWN), pytest.raises(ValidationError, match="已经公布"):
        inspections.plan_commit(actor=world.head, plan=p)
    p = drawn(world, p)
    with at(DRAWN), pytest.raises(ValidationError, match="已经抽取"):
        inspections.plan_draw(actor=world.head, plan=p)


def test_only_the_lead_bodys_own_head_plans_commits_and_draws(world):
    """The 司法局 reaches every body and a district administrator the whole district, a
    handler and the body's own 法规科 reviewer reach the body: none of them decides its plans
    (which draw its officers) — only its leader or unit administrator."""
    make_entities(20)
    with at(BUILT):
        district_admin = PersonFactory(
            unit=world.east.district, role=Role.UNIT_ADMIN, name="区政府管理员"
        )
    others = (world.clerk, district_admin, world.lead, world.reviewer)
    for actor in others:
        with pytest.raises(PermissionDenied, match="负责人或单位管理员"):
            plan(world, actor=actor)
    p = plan(world)
    for actor in others:
        with at(PLANNED), pytest.raises(PermissionDenied, match="负责人或单位管理员"):
            inspections.plan_commit(actor=actor, plan=p)
    p = commit(world, p)
    for actor in others:
        with at(DRAWN), pytest.raises(PermissionDenied, match="负责人或单位管理员"):
            inspections.plan_draw(actor=actor, plan=p)
    assert InspectionPlan.objects.get(pk=p.pk).state == PlanState.COMMITTED
    with at(BUILT):  # the administrator of the 卫健委 (not its leader) may
        admin = PersonFactory(unit=world.east.dept_b, role=Role.UNIT_ADMIN, name="卫健委管理员")
    with at(DRAWN):
        p = inspections.plan_draw(actor=admin, plan=p)
    assert p.state == PlanState.DRAWN


def test_the_draw_waits_for_the_day_after_the_commit(world):
    make_entities(20)
    p = commit(world, plan(world))
    entry = LedgerEntry.objects.filter(event=E.PLAN_COMMIT).get()
    assert entry.changes["draw_from"][1] == "2026-03-03" and "2026年3月3日起随机抽取" in entry.note
    for hour in (10, 23):  # the same day, however late
        with at(PLANNED, hour), pytest.raises(ValidationError, match="自2026年3月3日起可以抽取"):
            inspections.plan_draw(actor=world.head, plan=p)
    p.refresh_from_db()
    assert p.state == PlanState.COMMITTED and not p.inspections.exists()
    with at(DRAWN, 0):  # from midnight of the next day (Beijing time)
        p = inspections.plan_draw(actor=world.head, plan=p)
    assert p.state == PlanState.DRAWN


def test_pages_are_scoped(world, client):
    make_entities(30)
    lines = checklist(world)
    p = drawn(world, commit(world, plan(world)))
    inspection = p.inspections.order_by("order").first()
    client.force_login(world.outsider)
    base = "/workspace/enforcement/inspections"
    with at(DRAWN):
        for url in (
            f"{base}/{p.pk}/",
            f"{base}/{p.pk}/bundle.zip",
            f"{base}/records/{inspection.pk}/",
        ):
            assert client.get(url).status_code == 404, url
        assert client.post(f"{base}/{p.pk}/draw/").status_code == 404
        assert str(p.title) not in client.get(f"{base}/").content.decode()
    client.force_login(world.head)
    with at(DRAWN):
        page = client.get(f"{base}/{p.pk}/").content.decode()
        assert inspection.entity.code in page and p.seed in page
        response = client.get(f"{base}/{p.pk}/bundle.zip")
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        assert draw.verify_bundle(response.content).ok
        assert client.get(f"{base}/entities/?q=甲区某某").status_code == 200
    client.force_login(inspection.officers.first().person)
    with at(date(2026, 3, 10)):
        form = client.get(f"{base}/records/{inspection.pk}/").content.decode()
        assert lines[0].text in form
        data = {
            "inspected_on": "2026-03-10",
            "found": "1",
            "result": "未发现问题",
            "problems": "",
        }
        for line in lines:
            data[f"line_{line.pk}"] = "1"
            data[f"note_{line.pk}"] = ""
        response = client.post(f"{base}/records/{inspection.pk}/", data)
        assert response.status_code == 302, response.content.decode()
    inspection.refresh_from_db()
    assert inspection.state == "done" and inspection.result == "未发现问题"


def test_plan_pages_create_commit_and_draw(world, client):
    make_entities(30)
    client.force_login(world.head)
    base = "/workspace/enforcement/inspections"
    with at(PLANNED):
        assert client.get(f"{base}/new/").status_code == 200
        response = client.post(
            f"{base}/new/",
            {
                "body": world.body.pk,
                "title": "页面创建的抽查计划",
                "year": "2026",
                "starts_on": "2026-03-09",
                "ends_on": "2026-06-30",
                "items": [world.item.pk],
                "ratios": "A=0.1\nB=1/20",
                "officers_per_target": "2",
                "conflict_days": "365",
            },
        )
        assert response.status_code == 302, response.content.decode()
        p = InspectionPlan.objects.get(title="页面创建的抽查计划")
        assert p.ratios == {"A": "0.1", "B": "1/20"}
        assert client.post(f"{base}/{p.pk}/commit/").status_code == 302
    with at(DRAWN):
        assert client.post(f"{base}/{p.pk}/draw/").status_code == 302
    p.refresh_from_db()
    assert p.state == PlanState.DRAWN and p.inspections.exists()
    with at(DRAWN):
        response = client.post(f"{base}/{p.pk}/draw/", follow=True)
        assert "已经抽取" in response.content.decode()


def test_every_page_renders_for_its_users(world, client):
    entities = make_entities(30)
    lines = checklist(world)
    p = drawn(world, commit(world, plan(world)))
    base = "/workspace/enforcement/inspections"
    client.force_login(world.head)
    with at(DRAWN):
        for url in (
            f"{base}/",
            f"{base}/new/",
            f"{base}/{p.pk}/",
            f"{base}/entities/",
            f"{base}/entities/?q={entities[0].code[:10]}",
            f"{base}/entities/import/",
            f"{base}/items/import/",
            f"{base}/items/{world.item.pk}/checklist/",
            f"{base}/conflicts/",
            f"{base}/campaigns/",
            f"{base}/records/{p.inspections.first().pk}/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "双随机" in response.content.decode(), url
        response = client.post(
            f"{base}/conflicts/",
            {"officer": world.officers["lead"].pk, "code": entities[3].code, "reason": "亲属"},
        )
        assert response.status_code == 302
        response = client.post(
            f"{base}/conflicts/",
            {"officer": world.officers["lead"].pk, "code": uscc(99999), "reason": "亲属"},
        )
        assert "检查对象名录中没有" in response.content.decode()
        response = client.post(
            f"{base}/items/{world.item.pk}/checklist/",
            {
                "lines": f"{lines[0].text}｜{lines[0].basis}\n{lines[1].text}｜{lines[1].basis}\n"
                "是否建立卫生管理档案｜公共场所卫生管理条例实施细则第十二条"
            },
        )
        assert response.status_code == 302
    assert world.item.checklist.count() == 3
    assert world.item.checklist.get(order=3).basis.startswith("公共场所卫生管理条例实施细则")
    client.force_login(world.outsider)
    with at(DRAWN):
        assert client.get(f"{base}/entities/").status_code == 403
        assert client.get(f"{base}/new/").status_code == 403
        assert client.get(f"{base}/items/{world.item.pk}/checklist/").status_code == 404


def _count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_do_not_grow_with_their_rows(world, client):
    make_entities(8, tiers="A")
    small = drawn(world, commit(world, plan(world, ratios={"A": "1"}, title="小计划")))
    make_entities(40, tiers="A", start=100)
    big = drawn(world, commit(world, plan(world, ratios={"A": "1"}, title="大计划")))
    assert (small.inspections.count(), big.inspections.count()) == (8, 48)
    client.force_login(world.head)
    base = "/workspace/enforcement/inspections"
    with at(DRAWN):
        client.get(f"{base}/{small.pk}/")  # warm the calendar cache
        assert _count_queries(client, f"{base}/{small.pk}/") == _count_queries(
            client, f"{base}/{big.pk}/"
        )
        few = _count_queries(client, f"{base}/entities/?q=甲区某某商店1")
        many = _count_queries(client, f"{base}/entities/")
        assert few == many
        two = _count_queries(client, f"{base}/")
    plan(world, title="第三个计划")
    with at(DRAWN):
        assert _count_queries(client, f"{base}/") == two <= 12


def test_every_write_is_recorded(world, monkeypatch):
    """Each public write of inspection_services, evaluation_services and importing appends at
    least one ledger entry in its transaction; the reads are listed."""
    import inspect

    from fazhi.enforcement import evaluation_services, importing

    from .test_evaluation import closed_case
    from .test_importing import ENTITY_HEADER, ITEM_HEADER, item_row, xlsx

    reads = {
        "params_of", "plan_bodies", "build_pools", "officer_pool", "plan_files", "plan_bundle",
        "plan_checklist", "disclosure_due", "disclosure_late", "default_criteria",
        "campaign_params", "campaign_pool", "campaign_result", "campaign_bundle", "score_of",
        "normalize", "header_key", "read_sheet", "uscc_check_char", "uscc_problem",
        "own_post", "own_bodies", "draw_opens", "check_draw_day", "register_bodies",
        "register_post",
    }  # fmt: skip
    appended: dict[str, int | None] = {}
    modules = (inspections, evaluation_services, importing)
    for module in modules:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_") or name in reads:
                continue

            def wrapper(*args, _fn=fn, _name=name, **kwargs):
                before = LedgerEntry.objects.count()
                result = _fn(*args, **kwargs)
                counted = LedgerEntry.objects.count() - before
                seen = appended[_name]
                appended[_name] = counted if seen is None else min(seen, counted)
                return result

            monkeypatch.setattr(module, name, wrapper)
            appended[name] = None  # never called
    entities = make_entities(10, tiers="A")
    lines = checklist(world)
    with at(date(2026, 2, 2)):
        inspections.conflict_declare(
            actor=world.lead, officer=world.officers["lead"], entity=entities[0], reason="亲属"
        )
    third = certify(world, "执法员郑四")
    assert third
    p = drawn(world, commit(world, plan(world, ratios={"A": "0.1"})))
    inspection = p.inspections.get()
    with at(date(2026, 3, 10)):
        inspections.inspection_record(
            actor=inspection.officers.first().person,
            inspection=inspection,
            inspected_on=date(2026, 3, 10),
            findings={line.pk: (True, "") for line in lines},
        )
        inspections.inspection_publish(actor=world.head, plan=p)
    closed_case(world, 1)
    with at(date(2026, 3, 20)):
        standard = evaluation_services.default_standard(world.east.legal_office, actor=world.clerk)
        campaign = evaluation_services.campaign_create(
            actor=world.clerk, standard=standard, title="评查", year=2026,
            closed_from=date(2026, 3, 1), closed_to=date(2026, 3, 31), bodies=[world.body],
            sample_size=1,
        )  # fmt: skip
        campaign = evaluation_services.campaign_commit(actor=world.clerk, campaign=campaign)
    with at(date(2026, 3, 21)):
        campaign = evaluation_services.campaign_draw(actor=world.clerk, campaign=campaign)
        file = evaluation_services.file_evaluate(
            actor=world.clerk, file=campaign.files.get(), marks=[], evaluated_on=date(2026, 3, 21)
        )
        rectification = evaluation_services.rectification_require(
            actor=world.clerk, file=file, required="完善卷宗", due_on=date(2026, 4, 20)
        )
        evaluation_services.rectification_report(
            actor=world.lead, rectification=rectification, report="已完善"
        )
        evaluation_services.rectification_accept(
            actor=world.clerk, rectification=rectification, accepted=True
        )
        importing.items_import(
            actor=world.head, body=world.body, upload=xlsx([ITEM_HEADER, item_row("Z1")])
        )
        importing.entities_import(
            actor=world.clerk,
            body=world.body,
            upload=xlsx([ENTITY_HEADER, [uscc(5000), "某公司", "", "", "A", ""]]),
        )
    assert {name: n for name, n in appended.items() if n is None or n < 1} == {}
