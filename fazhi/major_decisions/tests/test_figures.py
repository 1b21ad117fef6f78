"""The figures of major decisions on a small hand-built world, the workbook, the page, and
the bounded number of queries."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.major_decisions import exports, services
from fazhi.major_decisions.figures import figures
from fazhi.major_decisions.models import Category

from .conftest import World, at


def catalog_2026(world: World):
    """The 2026 catalog: three items proposed, two included, one declined; published."""
    with at(date(2026, 1, 5)):
        catalog = services.catalog_create(
            actor=world.clerk, unit=world.east.district, year=2026, title="甲区2026年度目录"
        )
        items = [
            services.item_propose(
                actor=world.drafter,
                catalog=catalog,
                proposed_by=world.east.dept_a,
                title=title,
                category=Category.POLICY,
                reason="涉及群众切身利益",
                lead_unit=world.east.dept_a,
                planned="2026年第四季度",
            )
            for title in ("停车设施建设行动方案", "背街小巷整治方案", "公园免费开放办法")
        ]
        services.item_decide(actor=world.clerk, item=items[0], include=True)
        services.item_decide(actor=world.clerk, item=items[1], include=True)
        services.item_decide(actor=world.clerk, item=items[2], include=False, reason="不属于")
        for code, data in (
            ("submit", {}),
            ("agree", {"agreed_on": date(2026, 1, 5), "party_agreement": "区委常委会"}),
            ("publish", {"published_on": date(2026, 1, 5)}),
        ):
            services.catalog_step(
                actor=world.clerk,
                unit=world.east.district,
                catalog=catalog,
                step_code=code,
                data=data,
            )
    return catalog, items


def build(world: World) -> dict:
    """Three decisions started in 2026:
    - executing: from the catalog; drafting 01-05 → 02-20 (46 days), reviewing → 03-03 (11),
      reviewed → 03-10 (7), decided → 03-16 (6), reported → 03-20 (4); evaluated in 2026;
    - returned: started 01-10, submitted 02-26 (47), materials returned 03-02 (4), drafting;
    - amend: started 01-05, submitted 02-20 (46), review "amend" 03-03 (11), reviewed.
    """
    _catalog, items = catalog_2026(world)
    with at(date(2026, 1, 5)):
        executing = world.start(catalog_item=items[0], outside_catalog_reason="")
    world.to_executing(executing)

    with at(date(2026, 1, 10)):
        returned = world.start(title="背街小巷整治", started_on=date(2026, 1, 10))
    world.to_reviewing(returned, day=date(2026, 2, 26))
    with at(date(2026, 3, 2)):
        world.step(returned, "return_materials", world.reviewer, reason="缺少起草说明附件。")

    with at(date(2026, 1, 5)):
        amend = world.start(title="公园管理办法")
    world.to_reviewing(amend)
    world.review(amend, opinion="amend")

    with at(date(2026, 4, 1)):
        task = services.task_create(
            actor=world.clerk,
            decision=executing,
            unit=world.east.dept_b,
            target="新增泊位1000个",
            due_on=date(2026, 12, 31),
        )
        services.task_report(actor=world.executor, task=task, progress="已开工5处。")
    with at(date(2026, 6, 1)):
        evaluation = services.evaluation_start(
            actor=world.clerk,
            decision=executing,
            trigger="necessary",
            trigger_note="实施满两个月，评估实施效果。",
            third_party="某大学公共管理学院",
        )
    with at(date(2026, 7, 1)):
        services.evaluation_record(
            actor=world.clerk,
            evaluation=evaluation,
            report="泊位建设进度符合预期。",
            conclusion="continue",
            follow_up="继续执行。",
        )
    return {"executing": executing, "returned": returned, "amend": amend}


@pytest.fixture
def built(world: World) -> dict:
    return build(world)


def test_counts_and_catalog_completion(world: World, built):
    with at(date(2026, 8, 1)):
        data = figures(world.reviewer, 2025, 2026)
    y2025, y2026 = data.years
    assert y2025.year == 2025 and y2025.started == 0 and y2025.catalog_included == 0
    assert (y2026.started, y2026.decided, y2026.published) == (3, 1, 1)
    assert y2026.outside_catalog == 2
    assert (y2026.catalog_included, y2026.catalog_decided, y2026.catalog_published) == (2, 1, 1)
    assert y2026.catalog_completion == 0.5
    assert y2026.review_opinions == {"lawful": 1, "amend": 1, "returned": 1}
    assert y2026.reviews == 3
    assert y2026.comments_received == 3 and y2026.comment_replies == {"adopted": 3}
    assert y2026.hearings_held == 0 and y2026.expert_reviews == 0 and y2026.risk_total == 0
    assert (y2026.evaluations_started, y2026.evaluations_done) == (1, 1)
    assert y2026.evaluation_conclusions == {"continue": 1}


def test_step_completeness(world: World, built):
    data = figures(world.reviewer, 2026, 2026)
    (decided,) = data.years[0].completeness
    assert decided.title == built["executing"].title and decided.complete
    statuses = {s.code: (s.status, s.note) for s in decided.steps}
    assert statuses["participation"] == ("done", "")
    assert statuses["hearing"][0] == statuses["expert"][0] == statuses["risk"][0] == "waived"
    assert statuses["hearing"][1] == "不直接涉及特定群体切身利益，且无较大分歧"
    assert statuses["legality"] == statuses["discussion"] == ("done", "")
    assert data.years[0].completeness_rate == 1.0


def test_time_in_each_state(world: World, built):
    data = figures(world.reviewer, 2026, 2026)
    times = {t.state: t for t in data.years[0].state_times}
    # drafting: 46, 47, 46 (the returned one is drafting again and not counted twice)
    assert times["drafting"].count == 3
    assert times["drafting"].mean_days == 46.3 and times["drafting"].median_days == 46.0
    # reviewing: 11, 4, 11
    assert times["reviewing"].count == 3
    assert times["reviewing"].mean_days == 8.7 and times["reviewing"].median_days == 11.0
    assert (times["reviewed"].count, times["reviewed"].mean_days) == (1, 7.0)
    assert (times["decided"].mean_days, times["reported"].mean_days) == (6.0, 4.0)
    # still executing: not counted; a year with nothing left has no figure
    assert times["executing"].count == 0 and times["executing"].mean_days is None
    assert figures(world.reviewer, 2025, 2025).years[0].state_times[0].count == 0


def test_scoped_to_the_person(world: World, built):
    data = figures(world.outsider, 2026, 2026).years[0]
    assert (data.started, data.decided, data.reviews, data.evaluations_done) == (0, 0, 0, 0)
    assert all(t.count == 0 for t in data.state_times)
    # the executing unit sees the decision it executes, not the others
    executor = figures(world.executor, 2026, 2026).years[0]
    assert (executor.started, executor.decided) == (1, 1)


def test_queries_are_bounded(world: World, built, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few:
        figures(world.reviewer, 2024, 2026)
    for n in range(4):  # more decisions, each with its history and records
        with at(date(2026, 1, 5)):
            extra = world.start(title=f"另一事项{n}")
        world.fill(extra)
        world.waive_all(extra)
        world.comment_round(extra, opens_on=date(2026, 1, 7 + n))  # one per day: rate limit
        with at(date(2026, 2, 20)):
            world.step(extra, "submit_review", reviewing_unit=world.east.legal_office.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = figures(world.reviewer, 2024, 2026)
    assert data.by_year(2026).started == 7
    assert len(few.captured_queries) <= 30


def test_workbook_has_the_expected_cells(world: World, built):
    with at(date(2026, 8, 1)):
        content = exports.figures_workbook(figures(world.reviewer, 2025, 2026))
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[:3] == ["决策数量", "决策事项目录", "法定程序履行"]
    assert "各决策程序履行情况" in book.sheetnames and "各环节用时" in book.sheetnames
    counts = book["决策数量"]
    assert counts["A1"].value == "2025—2026年度 重大行政决策 · 决策数量"
    assert [c.value for c in counts[2]] == ["项目", "2025年", "2026年"]
    rows = {row[0]: row[1:] for row in counts.iter_rows(min_row=3, values_only=True)}
    assert rows["启动决策程序（件）"] == (0, 3)
    assert rows["集体讨论决定通过（件）"] == (0, 1)
    catalog = {row[0]: row[1:] for row in book["决策事项目录"].iter_rows(values_only=True)}
    assert catalog["目录完成率"] == ("—", "50.0%")
    review = {row[0]: row[1:] for row in book["合法性审查"].iter_rows(values_only=True)}
    assert review["合法"] == (0, 1) and review["应当修改"] == (0, 1)
    assert review["合计（件次）"] == (0, 3)
    states = {row[0]: row[1:] for row in book["各环节用时"].iter_rows(values_only=True)}
    assert states["拟订中"] == (0, "—", "—", 3, 46.3, 46)
    steps = list(book["各决策程序履行情况"].iter_rows(min_row=3, values_only=True))
    assert len(steps) == 1 and steps[0][1] == built["executing"].title
    assert steps[0][4] == "已履行" and steps[0][5].startswith("不适用：")


def login(client, person) -> None:
    client.force_login(person)


def test_page_and_download(world: World, built, client):
    login(client, world.reviewer)
    url = reverse("major_decisions:figures")
    with at(date(2026, 8, 1)):
        response = client.get(url, {"year_from": "2026", "year_to": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年度 重大行政决策统计" in html and "echarts.min.js" in html
    assert "//cdn" not in html and built["executing"].title in html
    with at(date(2026, 8, 1)):
        response = client.get(
            reverse("major_decisions:figures_xlsx"), {"year_from": "2024", "year_to": "2026"}
        )
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content))["决策数量"]["D2"].value == "2026年"


def test_page_for_an_outsider_shows_nothing_of_the_district(world: World, built, client):
    login(client, world.outsider)
    with at(date(2026, 8, 1)):
        response = client.get(reverse("major_decisions:figures"))
    assert response.status_code == 200
    assert built["executing"].title not in response.content.decode()


def test_bad_years_fall_back(world: World, client):
    login(client, world.reviewer)
    with at(date(2026, 8, 1)):
        response = client.get(
            reverse("major_decisions:figures"), {"year_from": "abc", "year_to": "1900"}
        )
    assert response.status_code == 200
    assert response.context["year_from"] == 2024 and response.context["year_to"] == 2026
