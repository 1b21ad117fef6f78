"""The supervision workbook (Chinese headers, natural persons masked), the supervision pages
(charts served locally, scoping, 404 out of reach) and publishing a body's annual statistics
from its page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.models import Role
from fazhi.core.tests.factories import PersonFactory
from fazhi.enforcement import exports, figures
from fazhi.enforcement.models import AnnualStatistics

from .conftest import World, at
from .test_figures import TODAY, YEAR, decided, hand_built, other_body, row

pytestmark = pytest.mark.django_db


def sheet_rows(book, name: str) -> list[tuple]:
    return list(book[name].iter_rows(values_only=True))


def test_workbook_has_chinese_headers_figures_and_masked_names(world: World):
    hand_built(world)
    decided(  # a natural person's penalty, never published
        world,
        party_kind="person",
        party_name="张三丰",
        party_code="110101199001011234",
        disclosed_on=None,
        state="executing",
    )
    data = figures.supervision(world.clerk, *YEAR, today=TODAY)
    late = figures.late_publications(world.clerk, *YEAR, today=TODAY)
    book = load_workbook(io.BytesIO(exports.workbook(data, late)))
    assert book.sheetnames == [
        "立案与办理阶段",
        "作出决定与办案期限",
        "行政处罚决定公示",
        "法制审核与听证",
        "免罚轻罚与罚没款",
        "案件移送",
        "执法人员与执法事项",
        "案卷评查",
        "各街道（乡镇）",
        "逾期公示的行政处罚决定",
        "无案件的处罚事项",
        "培训学时不足的执法人员",
        "执法证件失效或即将到期",
    ]
    opened = sheet_rows(book, "立案与办理阶段")
    assert opened[0] == ("2026年度 行政执法监督 · 立案与办理阶段",) + (None,) * 15
    assert opened[1][:5] == ("执法主体", "层级", "立案（件）", "简易程序", "普通程序")
    assert opened[2][:5] == ("甲区卫健委", "区级", 10, 1, 9)
    decisions = dict((r[0], r[2:]) for r in sheet_rows(book, "作出决定与办案期限")[2:])
    assert decisions["甲区卫健委"][-1] == "87.5%"  # 7 of 8 within the period
    relieved = sheet_rows(book, "免罚轻罚与罚没款")
    assert relieved[1][2:5] == ("不予行政处罚（件）", "免罚轻罚（件）", "减免罚款（元）")
    assert relieved[2][2:5] == (1, 2, 700)

    late_sheet = sheet_rows(book, "逾期公示的行政处罚决定")
    assert late_sheet[1] == tuple(exports.LATE_HEADERS)
    parties = [r[2] for r in late_sheet[2:]]
    assert parties == ["某某有限公司", "某某有限公司", "张**"]
    assert not any("张三丰" in str(cell) for r in late_sheet for cell in r)
    assert late_sheet[2][6] == "2026-04-10" and late_sheet[3][6] == "未公示"
    certificates = sheet_rows(book, "执法证件失效或即将到期")
    assert ("甲区卫健委", "见习孙三", "—", "无执法证件", "—") in certificates


def login(client, person) -> None:
    client.force_login(person)


def test_supervision_page_renders_with_local_charts(world: World, client):
    hand_built(world)
    login(client, world.clerk)
    with at(TODAY):
        response = client.get(reverse("enforcement:supervision"), {"year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年度 行政执法监督" in html
    assert "vendor/echarts/echarts.min.js" in html and "//cdn" not in html
    assert "甲区卫健委" in html and 'data-table="逾期公示"' in html
    assert response.context["figures"].total.opened == 9
    assert response.context["late_page"].paginator.count == 2
    assert 'id="supervision-data"' in html


def test_period_falls_back_and_date_range(world: World, client):
    login(client, world.clerk)
    with at(TODAY):
        bad = client.get(reverse("enforcement:supervision"), {"year": "abc"})
        ranged = client.get(
            reverse("enforcement:supervision"), {"start": "2026-03-01", "end": "2026-03-31"}
        )
    assert (bad.context["start"], bad.context["end"]) == YEAR
    assert ranged.context["title"] == "2026年3月1日至2026年3月31日"


def test_department_sees_its_own_and_nothing_of_the_other(world: World, client):
    decided(world)
    education, item = other_body(world)
    row(world, body=education, item=item)
    login(client, world.outsider)  # 教育局
    with at(TODAY):
        page = client.get(reverse("enforcement:supervision"))
        other = client.get(reverse("enforcement:supervision_body", args=[world.body.pk]))
        export = client.get(reverse("enforcement:supervision_export"), {"body": world.body.pk})
        own = client.get(reverse("enforcement:supervision_body", args=[education.pk]))
    assert page.status_code == 200
    assert "甲区教育局" in page.content.decode() and "甲区卫健委" not in page.content.decode()
    assert other.status_code == 404 and export.status_code == 404
    assert own.status_code == 200


def test_person_without_bodies_sees_an_empty_page(world: World, client):
    login(client, PersonFactory(unit=world.east.legal_office, role=Role.HANDLER))
    with at(TODAY):
        response = client.get(reverse("enforcement:supervision"))
    assert response.status_code == 200
    assert 'data-testid="no-bodies"' in response.content.decode()


def test_export_download(world: World, client):
    hand_built(world)
    login(client, world.clerk)
    with at(TODAY):
        response = client.get(reverse("enforcement:supervision_export"), {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book["立案与办理阶段"]["A2"].value == "执法主体"


def test_body_page_and_publishing_statistics_once(world: World, client):
    hand_built(world)
    url = reverse("enforcement:supervision_body", args=[world.body.pk])
    publish = reverse("enforcement:statistics_publish", args=[world.body.pk])

    with at(date(2027, 1, 10)):
        login(client, world.lead)  # a handler: sees the page, may not publish
        page = client.get(url)
        refused = client.post(publish, {"year": "2026"})
    assert page.status_code == 200 and not page.context["can_publish"]
    assert 'data-testid="statistics-preview"' in page.content.decode()
    assert refused.status_code == 403
    assert not AnnualStatistics.objects.exists()

    with at(date(2027, 1, 10)):
        login(client, world.head)  # the body's leader
        page = client.get(url)
        assert page.context["can_publish"]
        done = client.post(publish, {"year": "2026"}, follow=True)
        again = client.post(publish, {"year": "2026"}, follow=True)
        this_year = client.post(publish, {"year": "2027"}, follow=True)
    assert "已公布甲区卫健委2026年度行政执法数据" in done.content.decode()
    assert "已经公布" in again.content.decode()
    assert "已经结束的年度" in this_year.content.decode()
    stats = AnnualStatistics.objects.get()
    assert stats.year == 2026 and stats.figures["cases_opened"] == 9
    assert 'data-testid="statistics-published"' in again.content.decode()
    with at(date(2027, 1, 10)):
        sheet = client.get(reverse("enforcement:statistics_export", args=[world.body.pk, 2026]))
        missing = client.get(reverse("enforcement:statistics_export", args=[world.body.pk, 2025]))
    assert sheet.status_code == 200 and missing.status_code == 404
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("甲区卫健委2026年度行政执法总体情况有关数据", None)
    assert ("行政处罚立案（件）", 9) in rows
