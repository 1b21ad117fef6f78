"""案卷评查: standards, campaigns drawn verifiably from closed cases, scoring (veto items, 20 + 80
points, the pass score), rectifications, and who may do what."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import Role
from fazhi.core.tests.factories import PostFactory
from fazhi.enforcement import draw, services
from fazhi.enforcement import evaluation_services as evaluation
from fazhi.enforcement.models import Campaign, CaseFile, CriterionKind, PenaltyCase, Standard
from fazhi.ledger.models import LedgerEntry

from .conftest import World, at

pytestmark = pytest.mark.django_db

COMMITTED = date(2026, 4, 1)
DRAWN = date(2026, 4, 2)
EVALUATED = date(2026, 4, 10)


# ---- helpers ------------------------------------------------------------------------------------


def closed_case(world: World, n: int, *, opened: date = date(2026, 3, 2)) -> PenaltyCase:
    """A case closed as 违法事实不能成立 (the shortest path to a closed file)."""
    case = world.open(on=opened, number=f"甲卫罚〔2026〕{n}号")
    decided = date(opened.year, opened.month, opened.day + 1)
    with at(decided):
        services.case_decide(
            actor=world.head, case=case, outcome="not_established", decided_on=decided
        )
        services.case_serve(
            actor=world.lead, case=world.refresh(case), served_on=decided, method="直接送达"
        )
        services.case_close(actor=world.lead, case=world.refresh(case), closed_on=decided)
    return world.refresh(case)


def standard(world: World) -> Standard:
    with at(date(2026, 3, 20)):
        return evaluation.default_standard(world.east.legal_office, actor=world.clerk)


def campaign(world: World, *, sample_size: int = 3, actor=None) -> Campaign:
    with at(date(2026, 3, 25)):
        return evaluation.campaign_create(
            actor=actor or world.clerk,
            standard=standard(world),
            title="2026年第一季度行政处罚案卷评查",
            year=2026,
            closed_from=date(2026, 3, 1),
            closed_to=date(2026, 3, 31),
            bodies=[world.body],
            sample_size=sample_size,
        )


def drawn_campaign(world: World, cases: int = 5, sample_size: int = 3) -> Campaign:
    for n in range(1, cases + 1):
        closed_case(world, n)
    c = campaign(world, sample_size=sample_size)
    with at(COMMITTED):
        c = evaluation.campaign_commit(actor=world.clerk, campaign=c)
    with at(DRAWN):
        return evaluation.campaign_draw(actor=world.clerk, campaign=c)


def criteria(c: Campaign) -> dict[str, list]:
    found: dict[str, list] = {kind: [] for kind in CriterionKind.values}
    for criterion in c.standard.criteria.order_by("order"):
        found[criterion.kind].append(criterion)
    return found


# ---- standards and scoring ----------------------------------------------------------------------


def test_the_default_standard(world):
    s = standard(world)
    kinds = {kind: [c for c in s.criteria.all() if c.kind == kind] for kind in CriterionKind.values}
    assert len(kinds["veto"]) == 6
    assert sum(c.points for c in kinds["form"]) == 20
    assert sum(c.points for c in kinds["content"]) == 80
    assert s.pass_score == 60
    texts = " ".join(c.text for c in kinds["veto"])
    for phrase in ("执法主体资格", "少于两人", "主要证据不足", "适用法律", "法定程序", "法制审核"):
        assert phrase in texts


def test_a_standard_must_total_100_and_have_a_veto_item(world):
    office = world.east.legal_office
    with at(date(2026, 3, 20)):
        with pytest.raises(ValidationError, match="合计应为100分，现为90"):
            evaluation.standard_save(
                actor=world.clerk,
                owner=office,
                title="不完整的标准",
                criteria=[("veto", "超越职权", 0), ("form", "形式", 10), ("content", "内容", 80)],
            )
        with pytest.raises(ValidationError, match="至少有一项否决项"):
            evaluation.standard_save(
                actor=world.clerk,
                owner=office,
                title="没有否决项",
                criteria=[("form", "形式", 20), ("content", "内容", 80)],
            )
        with pytest.raises(PermissionDenied):
            evaluation.standard_save(
                actor=world.reviewer,
                owner=office,
                title="法规科自定标准",
                criteria=evaluation.default_criteria(),
            )
        custom = evaluation.standard_save(
            actor=world.clerk,
            owner=office,
            title="简化标准",
            criteria=[("veto", "超越职权", 5), ("form", "形式", 30), ("content", "内容", 70)],
            pass_score="75",
        )
    assert custom.criteria.get(kind="veto").points == 0 and custom.pass_score == 75


def test_scoring_veto_20_80_and_the_pass_score(world):
    s = standard(world)
    by_kind = {kind: list(s.criteria.filter(kind=kind)) for kind in CriterionKind.values}
    veto, form, content = by_kind["veto"][0], by_kind["form"][0], by_kind["content"][1]
    perfect_but_vetoed = evaluation.score_of(s, [(veto, Decimal("0"))])
    assert perfect_but_vetoed.score == 100 and perfect_but_vetoed.vetoed
    assert not perfect_but_vetoed.passed
    ok = evaluation.score_of(s, [(form, Decimal("5")), (content, Decimal("15"))])
    assert (ok.score, ok.passed) == (Decimal("80.0"), True)
    exactly = evaluation.score_of(
        s,
        [(c, c.points) for c in by_kind["form"]]
        + [(by_kind["content"][1], Decimal("15")), (by_kind["content"][3], Decimal("5"))],
    )
    assert (exactly.score, exactly.passed) == (Decimal("60.0"), True)
    below = evaluation.score_of(
        s,
        [(c, c.points) for c in by_kind["form"]] + [(c, c.points) for c in by_kind["content"][:3]],
    )
    assert below.score == Decimal("45.0") and not below.passed


# ---- campaigns: the verifiable draw -------------------------------------------------------------


def test_a_campaign_draws_closed_cases_verifiably(world):
    for n in range(1, 6):
        closed_case(world, n)
    closed_case(world, 6, opened=date(2026, 4, 1))  # closed 2026-04-02: outside the range
    world.open(number="甲卫罚〔2026〕7号")  # still open
    c = campaign(world)
    with at(COMMITTED):
        c = evaluation.campaign_commit(actor=world.clerk, campaign=c)
    pool = evaluation.campaign_pool(c)
    assert pool.count(b"\n") == 5 and "6号".encode() not in pool and "7号".encode() not in pool
    seed = c.seed
    before = draw.verify_bundle(evaluation.campaign_bundle(c))
    assert before.ok and not before.drawn and before.plan["seed"] == ""
    history = LedgerEntry.objects.filter(record_type="enforcement.campaign", record_id=c.pk)
    assert c.seed_commitment in json.dumps(list(history.values("changes")), ensure_ascii=False)
    assert seed not in json.dumps(list(LedgerEntry.objects.values("changes", "note")))
    with at(DRAWN):
        c = evaluation.campaign_draw(actor=world.clerk, campaign=c)
    files = list(c.files.select_related("case").order_by("order"))
    assert len(files) == 3 and len({f.case_id for f in files}) == 3
    assert all(f.case.state == "closed" for f in files)
    bundle = evaluation.campaign_bundle(c)
    report = draw.verify_bundle(bundle)
    assert report.ok, report.problems
    assert [r.code for r in report.rows] == [f.case.number for f in files]
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    altered = archive.read("targets.tsv").replace("1号".encode(), "9号".encode())
    files_in = {n: archive.read(n) for n in archive.namelist()} | {"targets.tsv": altered}
    report = draw.verify_bundle(draw.zip_bytes(files_in))
    assert not report.ok and any("名录被改动" in p for p in report.problems)
    with at(DRAWN), pytest.raises(ValidationError, match="已经抽取"):
        evaluation.campaign_draw(actor=world.clerk, campaign=c)


def test_a_campaign_is_drawn_from_the_day_after_its_commit(world):
    for n in range(1, 4):
        closed_case(world, n)
    c = campaign(world)
    with at(COMMITTED):
        c = evaluation.campaign_commit(actor=world.clerk, campaign=c)
    entry = LedgerEntry.objects.filter(record_type="enforcement.campaign", event=12063).get()
    assert entry.changes["draw_from"][1] == "2026-04-02" and "2026年4月2日起随机抽取" in entry.note
    with at(COMMITTED, 23), pytest.raises(ValidationError, match="自2026年4月2日起可以抽取"):
        evaluation.campaign_draw(actor=world.clerk, campaign=c)
    c.refresh_from_db()
    assert c.drawn_at is None and not c.files.exists()
    with at(DRAWN, 0):
        c = evaluation.campaign_draw(actor=world.clerk, campaign=c)
    assert c.files.count() == 3


def test_drawn_files_are_found_in_one_query(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cases = [closed_case(world, n) for n in range(1, 5)]
    tier = str(world.body.pk)
    rows = [draw.Row(n, case.number, tier) for n, case in enumerate(cases[:3], 1)]
    rows.append(draw.Row(4, f"{cases[3].number}#{tier}", tier))  # a number two bodies share
    with CaptureQueriesContext(connection) as queries:
        found = evaluation._cases_of(rows)
    assert len(queries) == 1
    assert found == {(row.code, tier): case.pk for row, case in zip(rows, cases, strict=True)}
    with pytest.raises(ValidationError, match="已不存在"):
        evaluation._cases_of([draw.Row(1, "甲卫罚〔2026〕99号", tier)])


def test_a_campaign_without_closed_cases_cannot_commit(world):
    c = campaign(world)
    with at(COMMITTED), pytest.raises(ValidationError, match="没有已结案的案件"):
        evaluation.campaign_commit(actor=world.clerk, campaign=c)
    c.refresh_from_db()
    assert c.committed_at is None and not c.seed


def test_only_the_legal_affairs_office_runs_campaigns(world):
    closed_case(world, 1)
    with pytest.raises(PermissionDenied):
        campaign(world, actor=world.reviewer)  # the body's own 法规科
    with pytest.raises(PermissionDenied):
        campaign(world, actor=world.outsider)
    c = campaign(world)
    for actor in (world.outsider, world.head, world.lead):
        with at(COMMITTED), pytest.raises(PermissionDenied):
            evaluation.campaign_commit(actor=actor, campaign=c)
    with at(COMMITTED):
        evaluation.campaign_commit(actor=world.clerk, campaign=c)
    with at(DRAWN), pytest.raises(PermissionDenied):
        evaluation.campaign_draw(actor=world.outsider, campaign=Campaign.objects.get(pk=c.pk))


# ---- evaluating files, rectifications -----------------------------------------------------------


def test_evaluating_a_file(world):
    c = drawn_campaign(world)
    file = c.files.order_by("order").first()
    by_kind = criteria(c)
    marks = [
        {"criterion": by_kind["form"][0], "lost": "2", "note": "卷内材料顺序混乱"},
        {"criterion": by_kind["content"][1].pk, "lost": "10", "note": "现场检查笔录缺少当事人签名"},
    ]
    with at(EVALUATED):
        with pytest.raises(PermissionDenied):
            evaluation.file_evaluate(actor=world.outsider, file=file, marks=marks)
        with pytest.raises(ValidationError, match=r"最多扣5\.0分"):
            evaluation.file_evaluate(
                actor=world.clerk,
                file=file,
                marks=[{"criterion": by_kind["form"][0], "lost": "6", "note": "x"}],
            )
        with pytest.raises(ValidationError, match="问题说明"):
            evaluation.file_evaluate(
                actor=world.clerk,
                file=file,
                marks=[{"criterion": by_kind["form"][0], "lost": "1", "note": ""}],
            )
        file = evaluation.file_evaluate(actor=world.clerk, file=file, marks=marks)
    assert (file.score, file.passed, file.vetoed) == (Decimal("88.0"), True, False)
    assert file.reviewer == world.clerk and file.marks.count() == 2
    with at(EVALUATED):
        file = evaluation.file_evaluate(
            actor=world.clerk,
            file=file,
            marks=[*marks, {"criterion": by_kind["veto"][2], "note": "违法事实的主要证据缺失"}],
        )
    assert file.vetoed and not file.passed and file.score == Decimal("88.0")


def test_a_reviewer_does_not_evaluate_their_own_body(world):
    c = drawn_campaign(world, cases=2, sample_size=1)
    with at(date(2026, 1, 5)):
        PostFactory(person=world.reviewer, unit=world.east.legal_office, role=Role.LEGAL_REVIEWER)
    file = c.files.get()
    with at(EVALUATED), pytest.raises(PermissionDenied, match="本单位"):
        evaluation.file_evaluate(actor=world.reviewer, file=file, marks=[])
    assert CaseFile.objects.get(pk=file.pk).evaluated_on is None


def test_rectification_required_reported_and_accepted(world):
    c = drawn_campaign(world, cases=2, sample_size=1)
    file = c.files.get()
    veto = criteria(c)["veto"][4]
    with at(EVALUATED):
        with pytest.raises(ValidationError, match="尚未评查"):
            evaluation.rectification_require(
                actor=world.clerk, file=file, required="补正", due_on=date(2026, 5, 10)
            )
        evaluation.file_evaluate(
            actor=world.clerk, file=file, marks=[{"criterion": veto, "note": "未告知陈述申辩权"}]
        )
        rectification = evaluation.rectification_require(
            actor=world.clerk,
            file=file,
            required="对未告知陈述申辩权的问题开展自查，完善告知程序。",
            due_on=date(2026, 5, 10),
        )
        with pytest.raises(ValidationError, match="不能重新评查"):
            evaluation.file_evaluate(actor=world.clerk, file=file, marks=[])
    with at(date(2026, 5, 6)):
        with pytest.raises(PermissionDenied):
            evaluation.rectification_report(
                actor=world.outsider, rectification=rectification, report="已整改"
            )
        with pytest.raises(ValidationError, match="尚未报告"):
            evaluation.rectification_accept(
                actor=world.clerk, rectification=rectification, accepted=True
            )
        evaluation.rectification_report(
            actor=world.lead, rectification=rectification, report="已修订告知书格式文本并培训。"
        )
    with at(date(2026, 5, 8)):
        with pytest.raises(PermissionDenied):
            evaluation.rectification_accept(
                actor=world.head, rectification=rectification, accepted=True
            )
        done = evaluation.rectification_accept(
            actor=world.clerk, rectification=rectification, accepted=True
        )
    assert done.accepted and done.reported_on == date(2026, 5, 6)
    events = set(
        LedgerEntry.objects.filter(record_type="enforcement.campaign", record_id=c.pk).values_list(
            "event", flat=True
        )
    )
    assert {12062, 12063, 12064, 12065, 12066, 12067, 12068} <= events


# ---- pages --------------------------------------------------------------------------------------


def test_campaign_pages_are_scoped(world, client):
    c = drawn_campaign(world, cases=3, sample_size=2)
    file = c.files.order_by("order").first()
    base = "/workspace/enforcement/inspections"
    client.force_login(world.outsider)
    with at(EVALUATED):
        for url in (f"{base}/campaigns/{c.pk}/", f"{base}/files/{file.pk}/"):
            assert client.get(url).status_code == 404, url
        assert client.post(f"{base}/files/{file.pk}/", {}).status_code == 404
        assert c.title not in client.get(f"{base}/campaigns/").content.decode()
    client.force_login(world.head)  # the evaluated body sees its files, cannot evaluate
    with at(EVALUATED):
        page = client.get(f"{base}/campaigns/{c.pk}/").content.decode()
        assert file.case.number in page
        assert client.get(f"{base}/files/{file.pk}/").status_code == 200
        response = client.post(f"{base}/files/{file.pk}/", {"comments": "自评"})
        assert response.status_code == 403
    client.force_login(world.clerk)
    by_kind = criteria(c)
    data = {"comments": "总体规范。", "evaluated_on": "2026-04-10"}
    for criterion in c.standard.criteria.all():
        data[f"lost_{criterion.pk}"] = ""
        data[f"note_{criterion.pk}"] = ""
    data[f"lost_{by_kind['content'][0].pk}"] = "3"
    data[f"note_{by_kind['content'][0].pk}"] = "立案审批表未填写日期"
    with at(EVALUATED):
        assert client.get(f"{base}/files/{file.pk}/").status_code == 200
        response = client.post(f"{base}/files/{file.pk}/", data)
        assert response.status_code == 302, response.content.decode()
        page = client.get(f"{base}/campaigns/{c.pk}/").content.decode()
    file.refresh_from_db()
    assert file.score == Decimal("97.0") and file.passed
    assert "97.0" in page


def test_campaign_pages_from_standard_to_acceptance(world, client):
    for n in range(1, 4):
        closed_case(world, n)
    base = "/workspace/enforcement/inspections"
    client.force_login(world.clerk)
    with at(date(2026, 3, 25)):
        assert client.get(f"{base}/campaigns/new/").status_code == 302  # no standard yet
        assert client.post(f"{base}/standards/").status_code == 302
        assert client.get(f"{base}/standards/").status_code == 200
        assert client.get(f"{base}/standards/new/").status_code == 200
        response = client.post(
            f"{base}/standards/new/",
            {
                "title": "错误标准",
                "pass_score": "60",
                "criteria": "否决项｜超越职权\n形式｜形式|10",
            },
        )
        assert "合计应为100分" in response.content.decode()
        s = Standard.objects.get()
        response = client.post(
            f"{base}/campaigns/new/",
            {
                "standard": s.pk,
                "title": "页面评查",
                "year": "2026",
                "closed_from": "2026-03-01",
                "closed_to": "2026-03-31",
                "bodies": [world.body.pk],
                "sample_size": "2",
            },
        )
        assert response.status_code == 302, response.content.decode()
    c = Campaign.objects.get(title="页面评查")
    with at(COMMITTED):
        assert client.post(f"{base}/campaigns/{c.pk}/commit/").status_code == 302
        page = client.get(f"{base}/campaigns/{c.pk}/").content.decode()
        c.refresh_from_db()
        assert c.seed_commitment in page and c.seed not in page
    with at(DRAWN):
        assert client.post(f"{base}/campaigns/{c.pk}/draw/").status_code == 302
        c.refresh_from_db()
        assert c.seed in client.get(f"{base}/campaigns/{c.pk}/").content.decode()
        bundle = client.get(f"{base}/campaigns/{c.pk}/bundle.zip")
        assert draw.verify_bundle(bundle.content).ok
    file = c.files.order_by("order").first()
    veto = c.standard.criteria.filter(kind="veto").first()
    with at(EVALUATED):
        response = client.post(
            f"{base}/files/{file.pk}/",
            {
                "evaluated_on": "2026-04-10",
                f"veto_{veto.pk}": "on",
                f"note_{veto.pk}": "无主体资格",
            },
        )
        assert response.status_code == 302
        response = client.post(
            f"{base}/files/{file.pk}/rectifications/",
            {"require-required": "完善执法主体资格审查。", "require-due_on": "2026-05-10"},
        )
        assert response.status_code == 302
    rectification = file.rectifications.get()
    client.force_login(world.lead)
    with at(date(2026, 5, 6)):
        page = client.get(f"{base}/files/{file.pk}/").content.decode()
        assert "报告整改情况" in page and "保存评查结果" not in page
        client.post(
            f"{base}/rectifications/{rectification.pk}/report/",
            {f"r{rectification.pk}-report": "已完成自查。"},
        )
    client.force_login(world.clerk)
    with at(date(2026, 5, 7)):
        client.post(
            f"{base}/rectifications/{rectification.pk}/accept/",
            {f"a{rectification.pk}-accepted": "1", f"a{rectification.pk}-note": ""},
        )
        page = client.get(f"{base}/campaigns/{c.pk}/").content.decode()
    rectification.refresh_from_db()
    assert rectification.accepted and "已验收" in page
    file.refresh_from_db()
    assert file.vetoed and not file.passed
