"""The yearly figures (行政复议统计) on a small set built through the services and counted by
hand, their scope, the page and the workbook.

The set (甲区, 2026; respondents 卫健委 = dept_b and 教育局 = dept_a):

    A 卫健委 处罚  received 3-2, accepted 3-3, decided 撤销 3-20 (17 days, on time)
    B 卫健委 处罚  received 3-2, accepted 3-3, decided 维持 3-23 (20 days, on time)
    C 卫健委 许可  received 3-2, not accepted 3-4 (不属于行政复议范围)
    D 教育局 公开  received 3-2, withdrawn after settlement 3-4 (案前化解)
    E 教育局 处罚  received 3-2, deemed accepted from 3-9, copy sent 3-10, mediated 4-1 (23 days)
    F 卫健委 处罚  received 3-2, accepted 3-3, terminated on withdrawal 3-10 (7 days)
    I 卫健委 处罚  received 3-2, told to supplement 3-3, abandoned 3-18
    J 卫健委 处罚  received 3-2, accepted (simplified, due 4-2) 3-3, 确认违法 4-10 (38 days, late)
    H 卫健委 处罚  received 12-28, accepted 12-29, pending

2026: received 9; accepted 6 (1 deemed, 1 simplified): 6 ÷ 9; closed 5 (3 decisions, 1
mediation, 1 termination): 5 ÷ 9; corrections 2 of 3 decisions; on time 4 of 5; days
(17 + 20 + 23 + 7 + 38) ÷ 5 = 21.0.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.views import LogoutView
from django.urls import include, path, reverse
from openpyxl import load_workbook

from fazhi.core.views import LoginView
from fazhi.reconsideration import exports, report_urls, services
from fazhi.reconsideration.figures import yearly
from fazhi.reconsideration.models import Letter, ReconsiderationCase

from .conftest import APPLICANT_ID, at

pytestmark = pytest.mark.django_db

# The figures' patterns in the namespace "reconsideration" at /workspace/reconsideration/figures/
# (as urls.py includes them), with what the workspace layout links to; kept apart from the
# project's URLs so that the page is tested whatever state the other pages are in.
urlpatterns = [
    path("", include("fazhi.portal.urls")),
    path("workspace/", include("fazhi.workspace.urls")),
    path("workspace/deadlines/", include("fazhi.deadlines.urls")),
    path("workspace/procedures/", include("fazhi.procedures.urls")),
    path(
        "workspace/reconsideration/figures/",
        include((report_urls.urlpatterns, "reconsideration")),
    ),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("api/", include("config.api_urls")),
]
pages = pytest.mark.urls(__name__)


def _decide(world, case, kind: str, day: date):
    with at(day):
        return services.case_decide(
            actor=world.head,
            case=ReconsiderationCase.objects.get(pk=case.pk),
            kind=kind,
            text="决定如下。",
            reasons="经审理查明。",
            approval="head",
            approver="区政府副区长",
        )


def _letters(world) -> None:
    with at(date(2026, 3, 2)):
        for number, kind, unit in (
            ("意1", "opinion", world.east.dept_b),
            ("建1", "suggestion", world.east.dept_b),
            ("意2", "opinion", world.east.dept_a),
        ):
            services.letter_issue(
                actor=world.clerk,
                office=world.east.legal_office,
                kind=kind,
                number=f"甲府复{number}",
                recipient_unit=unit,
                recipient_name="",
                issued_on=date(2026, 3, 2),
                received_on=date(2026, 3, 2),
                problems="程序不规范",
                requests="完善程序",
            )


@pytest.fixture
def made(world) -> dict[str, ReconsiderationCase]:
    """The set of the module docstring, each act on its day, in time order."""
    east, clerk = world.east, world.clerk

    def register(key: str, **extra):
        return world.register(act=f"甲卫罚〔2026〕{key}号行政处罚决定", **extra)

    c = {key: register(key) for key in ("A", "B", "F", "I")}
    c["C"] = register("C", subject="license")
    c["D"] = register("D", subject="disclosure", respondent_unit=east.dept_a)
    c["E"] = register("E", respondent_unit=east.dept_a)
    c["J"] = register("J", amount=Decimal("2000"))
    _letters(world)
    for key in ("A", "B", "F"):
        c[key] = world.accept(c[key], number=f"甲府复〔2026〕{key}号")
    c["J"] = world.accept(c["J"], number="甲府复〔2026〕J号", simplified=True)
    with at(date(2026, 3, 3)):
        c["I"] = services.supplement_request(
            actor=clerk, case=c["I"], items="身份证复印件", served_on=date(2026, 3, 3)
        )
    with at(date(2026, 3, 4)):
        c["C"] = services.case_refuse(
            actor=clerk, case=c["C"], reason="out_of_scope", text="内部管理行为"
        )
        c["D"] = services.application_withdraw(
            actor=clerk, case=c["D"], reason="经沟通已解决", resolved=True
        )
    with at(date(2026, 3, 5)):
        for key in ("A", "B", "J"):
            c[key] = services.copy_send(
                actor=clerk, case=c[key], sent_on=date(2026, 3, 4), received_on=date(2026, 3, 5)
            )
    with at(date(2026, 3, 10)):
        assert services.deemed_acceptances() == 1  # E, from 3-9
        c["E"] = services.copy_send(
            actor=clerk,
            case=ReconsiderationCase.objects.get(pk=c["E"].pk),
            sent_on=date(2026, 3, 10),
            received_on=date(2026, 3, 10),
        )
        c["F"] = services.case_terminate(
            actor=clerk, case=c["F"], ground="withdrawn", reason="申请人撤回申请"
        )
        c["J"] = services.reply_submit(actor=world.respondent, case=c["J"], text="答复")
    with at(date(2026, 3, 12)):
        for key in ("A", "B"):
            c[key] = services.reply_submit(actor=world.respondent, case=c[key], text="答复")
    with at(date(2026, 3, 16)):
        for key in ("A", "B"):
            services.activity_record(
                actor=clerk, case=c[key], kind="views", on=date(2026, 3, 16), summary="听取意见"
            )
    with at(date(2026, 3, 18)):
        c["I"] = services.case_abandon(actor=clerk, case=c["I"])
    c["A"] = _decide(world, c["A"], "revoke", date(2026, 3, 20))
    c["B"] = _decide(world, c["B"], "uphold", date(2026, 3, 23))
    with at(date(2026, 4, 1)):
        c["E"] = services.case_mediate(
            actor=clerk,
            case=ReconsiderationCase.objects.get(pk=c["E"].pk),
            agreement="双方达成调解协议。",
            signed_on=date(2026, 4, 1),
        )
    c["J"] = _decide(world, c["J"], "unlawful", date(2026, 4, 10))
    late = {"on": date(2026, 12, 28), "act_made_on": date(2026, 12, 18)}
    c["H"] = register("H", act_known_on=date(2026, 12, 20), **late)
    c["H"] = world.accept(c["H"], number="甲府复〔2026〕H号", on=date(2026, 12, 29))
    return c


# ---- the figures ---------------------------------------------------------------------------------


def test_the_year_as_counted_by_hand(world, made):
    data = yearly(world.clerk, 2026, today=date(2027, 1, 10))
    t = data.total
    assert (t.received, t.accepted, t.deemed, t.simplified) == (9, 6, 1, 1)
    assert t.acceptance_rate == pytest.approx(6 / 9)
    assert (t.not_accepted, t.refusals["out_of_scope"], t.abandoned) == (1, 1, 1)
    assert (t.resolved, t.withdrawn) == (1, 0)
    assert (t.closed, t.decided, t.mediated, t.terminated, t.terminated_withdrawn) == (
        5,
        3,
        1,
        1,
        1,
    )
    assert t.closure_rate == pytest.approx(5 / 9)
    assert t.decisions["revoke"] == t.decisions["uphold"] == t.decisions["unlawful"] == 1
    assert (t.corrected, t.correction_rate) == (2, pytest.approx(2 / 3))
    assert (t.on_time, t.on_time_rate) == (4, pytest.approx(4 / 5))
    assert (t.days, t.average_days) == (105, pytest.approx(21.0))


def test_a_year_without_cases_has_no_rates(world, made):
    t = yearly(world.clerk, 2025).total
    assert (t.received, t.closed, t.decided) == (0, 0, 0)
    assert t.acceptance_rate is t.closure_rate is t.correction_rate is t.average_days is None
    # H, received 12-28, is in 2026's applications and acceptances but closed in no year.
    assert made["H"].accepted_on == date(2026, 12, 29) and made["H"].ended_on is None


def test_per_respondent_and_per_kind_of_act(world, made):
    data = yearly(world.clerk, 2026)
    rows = {r.label: r.counts for r in data.respondents}
    assert list(rows) == ["甲区卫健委", "甲区教育局"]  # most applications first
    health, education = rows["甲区卫健委"], rows["甲区教育局"]
    assert (health.received, health.accepted, health.closed, health.decided) == (7, 5, 4, 3)
    assert (health.corrected, health.not_accepted, health.abandoned) == (2, 1, 1)
    assert (education.received, education.accepted, education.deemed) == (2, 1, 1)
    assert (education.resolved, education.mediated, education.closed) == (1, 1, 1)
    subjects = {r.key: r.counts for r in data.subjects}
    assert [subjects[k].received for k in ("penalty", "license", "disclosure")] == [7, 1, 1]
    assert sum(r.counts.received for r in data.subjects) == data.total.received


def test_letters_issued_replied_and_overdue(world, made):
    with at(date(2026, 4, 1)):
        services.letter_reply(
            actor=world.respondent, letter=Letter.objects.get(number="甲府复建1"), text="已整改"
        )
    data = yearly(world.clerk, 2026, today=date(2026, 6, 1))
    opinion, suggestion = data.letters["opinion"], data.letters["suggestion"]
    # 第七十六条: 60 days from 3-2 → 5-6 (after the 劳动节 holiday); both opinions unreported.
    assert (opinion.issued, opinion.replied, opinion.overdue) == (2, 0, 2)
    assert (suggestion.issued, suggestion.replied, suggestion.overdue) == (1, 1, 0)
    mine = yearly(world.respondent, 2026, today=date(2026, 6, 1)).letters
    assert (mine["opinion"].issued, mine["suggestion"].issued) == (1, 1)


def test_an_agency_sees_only_the_cases_against_it_once_sent_the_copy(world, made):
    # selectors.cases_for: a respondent sees a case from the copy of the application on
    # (复议法第四十八条): 卫健委 A, B and J (not C, F, H, I); 教育局 E (not D).
    health = yearly(world.respondent, 2026)
    assert [r.label for r in health.respondents] == ["甲区卫健委"]
    t = health.total
    assert (t.received, t.accepted, t.closed, t.corrected, t.not_accepted) == (3, 3, 3, 2, 0)
    education = yearly(world.outsider, 2026)
    assert [r.label for r in education.respondents] == ["甲区教育局"]
    assert (education.total.received, education.total.mediated) == (1, 1)
    assert education.total.resolved == 0


# ---- the workbook and the page -------------------------------------------------------------------


def _sheet_values(book, name) -> list[list]:
    return [list(row) for row in book[name].iter_rows(min_row=3, values_only=True)]


def test_the_workbook_holds_the_same_figures_and_no_personal_data(world, made):
    data = yearly(world.clerk, 2026)
    content = exports.workbook(data, "有权查看的案件")
    book = load_workbook(io.BytesIO(content))
    summary = {row[0]: row[1] for row in _sheet_values(book, "总体情况")}
    assert summary["收到申请（件）"] == 9 and summary["审结（件）"] == 5
    assert summary["审结率"] == pytest.approx(round(5 / 9, 4))
    assert book["总体情况"]["B13"].number_format == "0.0%"  # 审结率, as a percentage
    respondents = {row[0]: row for row in _sheet_values(book, "按被申请人")}
    assert respondents["甲区卫健委"][1:3] == [7, 5] and respondents["合计"][1] == 9
    text = " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    for private in ("张三丰", APPLICANT_ID, "13800138000", "甲区某街道1号", "甲卫罚"):
        assert private not in text
    assert "统计口径" in book.sheetnames


@pages
def test_the_page_shows_the_figures_with_their_bases(client, world, made):
    client.force_login(world.clerk)
    response = client.get(reverse("reconsideration:figures"), {"year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2026年度 行政复议统计" in page
    assert "审结 ÷ 收到申请 = 5 ÷ 9" in page and "55.6%" in page
    assert "受理 ÷ 收到申请 = 6 ÷ 9" in page
    assert "纠错 ÷ 复议决定 = 2 ÷ 3" in page
    assert "甲区教育局" in page and "figures-data" in page
    assert "张三丰" not in page


@pages
def test_the_page_is_scoped_for_an_agency_and_the_export_downloads(client, world, made):
    client.force_login(world.respondent)
    page = client.get(reverse("reconsideration:figures"), {"year": 2026}).content.decode()
    assert "甲区卫健委" in page and "甲区教育局" not in page
    response = client.get(reverse("reconsideration:figures_export"), {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in _sheet_values(book, "总体情况")}
    assert summary["收到申请（件）"] == 3


@pages
def test_the_page_needs_a_login_and_takes_only_years_it_knows(client, world):
    url = reverse("reconsideration:figures")
    assert client.get(url).status_code == 302
    client.force_login(world.clerk)
    assert client.get(url, {"year": "abc"}).status_code == 200
    assert client.get(url, {"year": "1990"}).context["year"] >= 2026


def test_the_export_never_turns_typed_text_into_a_formula():
    from openpyxl import Workbook

    from fazhi.reconsideration.exports import _sheet

    book = Workbook()
    _sheet(book, "标题", "表", ["被申请人"], [['=HYPERLINK("http://evil.example","点击")']])
    cell = book["表"]["A3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
