"""The staff pages of the plan ledger: upload, the review of a parse, the overview, a unit's
tasks and reports, the task page with the office's review — and the attempts that must fail
(another unit's task, a department uploading, a unit not named on the task, a return without
a comment, a bad file), leaving nothing behind."""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.plans import views
from fazhi.plans.models import (
    DraftState,
    FigureSource,
    Plan,
    PlanDraft,
    ProgressReport,
    ReportState,
    Task,
    TaskStatus,
)

from .conftest import IMPORTED, PARSED, at, upload

DATA = Path(__file__).parent / "data"

QUARTER = date(2025, 3, 20)  # inside the first reporting period after the import

PLAN_TEXT = (
    "示范区人民政府关于印发示范区法治政府建设工作要点的通知\n"
    "示政发〔2025〕2号\n"
    "一、完善制度体系\n"
    "（一）健全合法性审核机制。行政规范性文件合法性审核率达到100%。2025年6月底前实现全覆盖。"
    "（牵头单位：区司法局；责任单位：区财正局）\n"
    "（二）加强基层法治建设。（责任单位：各街道办事处）\n"
    "（三）支持法院审理行政案件。2025年年底前建立联席机制。（责任单位：区法院、区教委）\n"
)


def txt(text: str = PLAN_TEXT, name: str = "工作要点.txt", encoding: str = "utf-8"):
    stream = io.BytesIO(text.encode(encoding))
    stream.name = name
    return stream


def client_for(client, person):
    client.force_login(person)
    return client


def upload_plan(client, world, file=None):
    with at(IMPORTED):
        return client.post(
            reverse("plans:upload"),
            {"owner": world.district.pk, "file": file or txt()},
        )


def draft_data(draft: PlanDraft, op: str = "save") -> dict:
    """What the review page posts when nothing is changed."""
    draft.refresh_from_db()
    page = views.DraftPage(draft)
    data: dict = {"digest": views.parsed_digest(draft.parsed), "op": op}
    for form in [*page.forms, page.import_form]:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(value)
    return data


def name_prefix(draft: PlanDraft, name: str) -> str:
    return f"u{views.DraftPage(draft).names.index(name)}"


def post_draft(client, draft, data, day=IMPORTED):
    with at(day):
        return client.post(reverse("plans:draft", args=[draft.pk]), data)


# ---- the list and the upload -------------------------------------------------------------------


def test_the_office_sees_the_upload_button_a_department_does_not(client, world):
    with at(IMPORTED):
        page = client_for(client, world.office).get(reverse("plans:index"))
    assert page.status_code == 200 and "上传规划文本" in page.content.decode()
    client.logout()
    with at(IMPORTED):
        page = client_for(client, world.fin_handler).get(reverse("plans:index"))
    assert page.status_code == 200 and "上传规划文本" not in page.content.decode()


def test_a_department_cannot_upload_a_plan(client, world):
    client_for(client, world.fin_handler)
    with at(IMPORTED):
        assert client.get(reverse("plans:upload")).status_code == 403
    response = upload_plan(client, world)
    assert response.status_code == 403
    assert not PlanDraft.objects.exists()


def test_the_office_uploads_and_reviews_the_parse(client, world):
    client_for(client, world.office)
    response = upload_plan(client, world)
    draft = PlanDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:draft", args=[draft.pk]
    )
    with at(IMPORTED):
        page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "健全合法性审核机制" in html and "示政发〔2025〕2号" in html
    rows = {f.written: f.status for f in page.context["page"].name_forms}
    assert rows["区财正局"] == "fuzzy" and rows["区法院"] == "unresolved"
    assert rows["各街道办事处"] == "class"
    assert "区财正局" in page.context["unsettled"]
    assert "删除（不是任务）" in html and "与上一项合并" in html and "---" in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("图片.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG 图片"),
        ("空.txt", b"", "空文件"),
        ("说明.txt", "本文件没有任何编号的任务，只有一段说明文字。".encode(), "没有"),
    ],
)
def test_a_bad_file_shows_the_message_and_saves_nothing(client, world, name, data, message):
    client_for(client, world.office)
    stream = io.BytesIO(data)
    stream.name = name
    response = upload_plan(client, world, stream)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PlanDraft.objects.exists()


def test_a_spreadsheet_is_not_a_plan(client, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    stream = io.BytesIO(buffer.getvalue())
    stream.name = "任务分解表.docx"
    client_for(client, world.office)
    response = upload_plan(client, world, stream)
    assert "电子表格" in response.content.decode()
    assert not PlanDraft.objects.exists()


def test_a_file_over_the_limit_is_refused(client, world, settings):
    settings.FAZHI_PLANS_MAX_UPLOAD_BYTES = 100
    client_for(client, world.office)
    response = upload_plan(client, world)
    assert "超过上限" in response.content.decode()
    assert not PlanDraft.objects.exists()


def test_a_gb18030_text_is_read(client, world):
    client_for(client, world.office)
    response = upload_plan(client, world, txt(encoding="gb18030"))
    assert response.status_code == 302
    draft = PlanDraft.objects.get()
    assert draft.parsed["tasks"][0]["title"] == "健全合法性审核机制"


def test_the_anomalies_are_listed_at_the_top_of_the_review(client, world):
    data = (DATA / "shichuan_notice.txt").read_bytes()
    stream = io.BytesIO(data)
    stream.name = "shichuan_notice.txt"
    client_for(client, world.office)
    response = upload_plan(client, world, stream)
    assert response.status_code == 302
    with at(IMPORTED):
        page = client.get(response["Location"])
    html = page.content.decode()
    kinds = {a["kind"] for a in page.context["anomalies"]}
    assert {"broken_sentence", "doubled_text", "page_break"} <= kinds
    assert "断句" in html and "重复文字" in html and "页码行" in html
    assert html.index('data-testid="anomalies"') < html.index('data-testid="tasks"')


def test_what_the_upload_fixed_is_listed_for_review(client, world):
    text = (
        "示范区法治政府建设实施方案\n一、主要任务\n"
        "1.加强投入。每年投入不少于99999999999元，执法效率提高到1.125倍。\n责任单位：区司法局\n"
    )
    stream = io.BytesIO(text.encode())
    stream.name = "方案.txt"
    client_for(client, world.office)
    response = upload_plan(client, world, stream)
    assert response.status_code == 302
    with at(IMPORTED):
        page = client.get(response["Location"])
    html = page.content.decode()
    notes = [a for a in page.context["anomalies"] if a["kind"] == "target"]
    assert len(notes) == 2 and "量化目标需核对" in html and "第3行" in html
    assert "过大" in html and "1.13" in html


# ---- the review page ---------------------------------------------------------------------------


@pytest.fixture
def draft(client, world) -> PlanDraft:
    client_for(client, world.office)
    upload_plan(client, world)
    return PlanDraft.objects.get()


def test_corrections_are_saved_and_the_import_waits_for_every_name(client, world, draft):
    data = draft_data(draft)
    data["t0-title"] = "健全行政规范性文件合法性审核机制"
    data[name_prefix(draft, "区财正局") + "-confirm"] = "on"
    response = post_draft(client, draft, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["title"] == "健全行政规范性文件合法性审核机制"
    finance = draft.parsed["units"]["区财正局"]
    assert finance["confirmed"] and finance["unit_ids"] == [world.finance.pk]

    # 区法院 is still unresolved: the import is refused, naming it.
    data = draft_data(draft, op="import")
    response = post_draft(client, draft, data)
    assert response.status_code == 200
    refusal = response.context["import_refusal"]
    assert any("区法院" in line for line in refusal)
    assert "区法院" in response.content.decode()
    assert not Plan.objects.exists()

    data = draft_data(draft, op="import")
    data[name_prefix(draft, "区法院") + "-external"] = "on"
    data["import-report_months"] = "6"
    response = post_draft(client, draft, data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan", args=[plan.pk])
    assert plan.report_months == 6
    titles = list(plan.tasks.order_by("position").values_list("title", flat=True))
    assert titles[0] == "健全行政规范性文件合法性审核机制"
    draft.refresh_from_db()
    assert draft.state == DraftState.IMPORTED


def test_another_unit_chosen_for_a_name(client, world, draft):
    data = draft_data(draft)
    data[name_prefix(draft, "区财正局") + "-unit"] = str(world.development.pk)
    post_draft(client, draft, data)
    draft.refresh_from_db()
    entry = draft.parsed["units"]["区财正局"]
    assert entry["unit_ids"] == [world.development.pk] and entry["confirmed"]


def test_delete_merge_and_split_on_the_page(client, world, draft):
    data = draft_data(draft)
    # as a browser posts a textarea: CRLF line ends
    data["t2-text"] = "2025年年底前建立联席机制。\r\n---\r\n每季度通报一次行政案件审理情况。"
    response = post_draft(client, draft, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    tasks = draft.parsed["tasks"]
    assert len(tasks) == 4
    assert tasks[2]["text"] == "2025年年底前建立联席机制。"
    assert tasks[3]["title"] == "每季度通报一次行政案件审理情况"
    assert tasks[3]["responsible"] == tasks[2]["responsible"]

    data = draft_data(draft, op="merge-1")
    post_draft(client, draft, data)
    draft.refresh_from_db()
    tasks = draft.parsed["tasks"]
    assert len(tasks) == 3
    assert "加强基层法治建设" in tasks[0]["text"]
    assert "各街道办事处" in tasks[0]["responsible"]

    data = draft_data(draft, op="delete-2")
    post_draft(client, draft, data)
    draft.refresh_from_db()
    assert [t["title"] for t in draft.parsed["tasks"]] == [
        "健全合法性审核机制",
        "支持法院审理行政案件",
    ]


def test_a_bad_correction_saves_nothing(client, world, draft):
    before = draft.parsed
    data = draft_data(draft)
    data["t0-title"] = ""
    data["t1-due"] = "2025-13-40"
    response = post_draft(client, draft, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "未能保存" in html and "第1项任务" in html and "第2项任务" in html
    draft.refresh_from_db()
    assert draft.parsed == before


def test_a_page_posted_over_a_newer_version_is_refused(client, world, draft):
    stale = draft_data(draft)
    fresh = draft_data(draft)
    fresh["t0-title"] = "新的任务名称"
    post_draft(client, draft, fresh)
    stale["t0-title"] = "旧页面上的修改"
    response = post_draft(client, draft, stale)
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["title"] == "新的任务名称"


def test_a_save_landing_after_the_pages_check_is_refused(client, world, draft, monkeypatch):
    """Another person saves between the page's check and the save: the service, on the
    locked draft, refuses the page (the view passes the fingerprint it was shown)."""
    from fazhi.plans import services

    real = services.draft_save

    def first_someone_else(**kwargs):
        theirs = copy.deepcopy(kwargs["draft"].parsed)
        theirs["tasks"][0]["title"] = "他人刚保存的修改"
        real(actor=world.inspector, draft=kwargs["draft"], parsed=theirs)
        return real(**kwargs)

    monkeypatch.setattr(services, "draft_save", first_someone_else)
    data = draft_data(draft)
    data["t0-title"] = "我的修改"
    response = post_draft(client, draft, data)
    assert response.status_code == 409
    assert "该解析稿已被他人修改，请刷新后再改" in response.content.decode()
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["title"] == "他人刚保存的修改"


def test_a_department_cannot_see_or_change_a_draft(client, world, draft):
    data = draft_data(draft)
    client.logout()
    client_for(client, world.fin_handler)
    with at(IMPORTED):
        assert client.get(reverse("plans:draft", args=[draft.pk])).status_code == 404
    data["t0-title"] = "改"
    assert post_draft(client, draft, data).status_code == 404
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["title"] == "健全合法性审核机制"


def test_the_office_administrator_cannot_import(client, world, draft):
    """Only a 法治机构审核人员 imports (the procedure's role); the administrator may correct."""
    data = draft_data(draft, op="import")
    data[name_prefix(draft, "区财正局") + "-confirm"] = "on"
    data[name_prefix(draft, "区法院") + "-external"] = "on"
    client.logout()
    client_for(client, world.office_admin)
    response = post_draft(client, draft, data)
    assert response.status_code == 403
    assert not Plan.objects.exists()
    draft.refresh_from_db()
    assert draft.parsed["units"]["区法院"]["status"] == "external"


def test_discard(client, world, draft):
    with at(IMPORTED):
        response = client.post(reverse("plans:draft_discard", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == DraftState.DISCARDED


# ---- the overview ------------------------------------------------------------------------------


def test_the_overview_for_leaders_and_the_office(client, world):
    plan = world.plan()
    for person in (world.leader, world.office):
        client.logout()
        client_for(client, person)
        with at(QUARTER):
            page = client.get(reverse("plans:plan", args=[plan.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert page.context["figures"].total.tasks == 4
        assert "各牵头单位的任务" in html and "逾期未完成的任务" in html
        assert ("规划设置" in html) == (person == world.office)
    with at(date(2026, 1, 20)):
        page = client.get(reverse("plans:plan", args=[plan.pk]))
    overdue = [t.number for t in page.context["overdue"]]
    assert overdue == ["一", "二", "四"]


@pytest.mark.parametrize("who", ["fin_handler", "office", "leader"])
def test_the_plan_list_costs_the_same_for_2_and_6_plans(client, world, who):
    person = getattr(world, who)
    client_for(client, person)

    def listed() -> tuple[int, list[bool]]:
        with at(QUARTER), CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("plans:index"))
        assert page.status_code == 200
        return len(queries.captured_queries), [p.overview for p in page.context["plans"]]

    for n in range(2):
        world.plan(sha=f"{n:02d}" * 32)
    few, overview = listed()
    assert overview == [who != "fin_handler"] * 2
    for n in range(2, 6):
        world.plan(sha=f"{n:02d}" * 32)
    many, overview = listed()
    assert overview == [who != "fin_handler"] * 6
    assert many == few


def test_a_department_is_sent_to_its_own_tasks(client, world):
    plan = world.plan()
    client_for(client, world.fin_handler)
    with at(QUARTER):
        response = client.get(reverse("plans:plan", args=[plan.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:mine") + f"?plan={plan.pk}"
    with at(QUARTER):
        assert client.get(reverse("plans:plan", args=[plan.pk + 1])).status_code == 404
    client.logout()
    client_for(client, world.stranger)
    with at(QUARTER):
        assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == 404


def test_settings_and_export(client, world):
    plan = world.plan()
    client_for(client, world.office)
    with at(QUARTER):
        response = client.post(
            reverse("plans:plan_settings", args=[plan.pk]),
            {"settings-report_months": "1", "settings-is_public": "on"},
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.report_months, plan.is_public) == (1, True)
    with at(QUARTER):
        response = client.get(reverse("plans:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content.startswith(b"PK")


def test_a_department_cannot_change_the_settings(client, world):
    plan = world.plan()
    client_for(client, world.fin_admin)
    with at(QUARTER):
        response = client.post(
            reverse("plans:plan_settings", args=[plan.pk]),
            {"settings-report_months": "1", "settings-is_public": "on"},
        )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert (plan.report_months, plan.is_public) == (3, False)


def test_a_bad_ledger_file_is_reported(client, world):
    plan = world.plan()
    client_for(client, world.office)
    with at(QUARTER):
        response = client.post(
            reverse("plans:plan_import", args=[plan.pk]), {"xlsx-file": txt(name="表.xlsx")}
        )
    assert response.status_code == 200
    assert "未导入" in response.content.decode()


# ---- a unit's tasks and reports ----------------------------------------------------------------


def report_form(target_values: dict | None = None, **values) -> dict:
    data = {"text": "本季度已完成审核制度修订。", "period_start": "2025-01-01"}
    data.update(values)
    for pk, value in (target_values or {}).items():
        data[f"figure_{pk}"] = value
    return data


def test_a_unit_sees_its_tasks_and_reports_with_a_figure(client, world):
    plan = world.plan()
    one = world.task(plan, "一")
    target = one.targets.get()
    client_for(client, world.fin_handler)
    with at(QUARTER):
        page = client.get(reverse("plans:mine"))
    assert page.status_code == 200
    html = page.content.decode()
    assert one.title in html and "未报送" in html
    numbers = [row["task"].number for s in page.context["sections"] for row in s["rows"]]
    assert sorted(numbers) == ["一", "二"]  # not 三 or 四

    with at(QUARTER):
        response = client.post(
            reverse("plans:report_new", args=[one.pk]),
            {
                **report_form({target.pk: "98.5"}),
                "unit": world.finance.pk,
                "files": [upload("审核台账.pdf")],
            },
        )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.unit, report.period_start) == (world.finance, date(2025, 1, 1))
    assert report.figures == {str(target.pk): "98.50"}
    assert report.files.count() == 1
    with at(QUARTER):
        page = client.get(reverse("plans:task", args=[one.pk]))
    assert "98.50%" in page.content.decode() and "已报送" in page.content.decode()


def test_another_units_task_is_404(client, world):
    plan = world.plan()
    one = world.task(plan, "一")
    client_for(client, world.edu_handler)
    with at(QUARTER):
        assert client.get(reverse("plans:task", args=[one.pk])).status_code == 404
        assert client.get(reverse("plans:report_new", args=[one.pk])).status_code == 404
        response = client.post(
            reverse("plans:report_new", args=[one.pk]),
            {**report_form(), "unit": world.education.pk},
        )
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


def test_a_unit_not_named_on_the_task_cannot_report(client, world):
    plan = world.plan()
    one = world.task(plan, "一")
    # The finance handler also holds a post in 乙区财政局: that unit is not named on the task.
    client_for(client, world.fin_handler)
    with at(QUARTER):
        response = client.post(
            reverse("plans:report_new", args=[one.pk]),
            {**report_form(), "unit": world.other_finance.pk},
        )
    assert response.status_code == 200
    assert "报送单位" in response.content.decode()
    assert not ProgressReport.objects.exists()
    # The leader sees the task but reports for no unit named on it.
    client.logout()
    client_for(client, world.leader)
    with at(QUARTER):
        assert client.get(reverse("plans:report_new", args=[one.pk])).status_code == 403
        response = client.post(
            reverse("plans:report_new", args=[one.pk]),
            {**report_form(), "unit": world.finance.pk},
        )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_a_bad_report_shows_the_message_and_saves_nothing(client, world):
    plan = world.plan()
    one = world.task(plan, "一")
    target = one.targets.get()
    client_for(client, world.fin_handler)
    with at(QUARTER):
        response = client.post(
            reverse("plans:report_new", args=[one.pk]),
            {**report_form({target.pk: "-3"}, text="", claims_done="on"), "unit": world.finance.pk},
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "未能办理" in html and "须填写完成日期" in html
    assert not ProgressReport.objects.exists()


def review(client, report, decision, comment="", day=date(2025, 3, 25)):
    with at(day):
        return client.post(
            reverse("plans:report_review", args=[report.pk]),
            {"decision": decision, f"review-{report.pk}-comment": comment},
        )


def test_return_without_a_comment_then_with_one_resubmit_and_accept(client, world):
    plan = world.plan()
    one = world.task(plan, "一")
    report = world.report(one)
    client_for(client, world.office)
    with at(QUARTER):
        page = client.get(reverse("plans:review"))
    assert report in page.context["page"].object_list

    response = review(client, report, "return", "  ")
    assert response.status_code == 200
    assert "请填写退回意见" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED

    response = review(client, report, "return", "请补充审核台账。")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED

    client.logout()
    client_for(client, world.fin_handler)
    with at(date(2025, 3, 26)):
        page = client.get(reverse("plans:mine"))
        assert "修改后重新报送" in page.content.decode()
        page = client.get(reverse("plans:report_resubmit", args=[report.pk]))
        assert "请补充审核台账。" in page.content.decode()
        response = client.post(
            reverse("plans:report_resubmit", args=[report.pk]),
            {"text": "已补充审核台账。", "files": [upload("审核台账.pdf")]},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.text) == (ReportState.SUBMITTED, "已补充审核台账。")

    client.logout()
    client_for(client, world.office)
    assert review(client, report, "accept", day=date(2025, 3, 27)).status_code == 302
    one.refresh_from_db()
    assert one.state == TaskStatus.IN_PROGRESS
    assert one.latest_progress == "已补充审核台账。"
    # the return and its comment stay in the task's history after the acceptance
    for person in (world.office, world.fin_handler):
        client.logout()
        client_for(client, person)
        with at(date(2025, 3, 28)):
            html = client.get(reverse("plans:task", args=[one.pk])).content.decode()
        history = html[html.index('data-testid="history"') :]
        assert "审核进展报告：已退回" in history and "请补充审核台账。" in history, person
        assert "修改后重新报送" in history and "审核进展报告：已通过" in history, person
        assert history.index("已退回") < history.index("修改后重新报送") < history.index("已通过")


def test_a_department_cannot_review(client, world):
    plan = world.plan()
    report = world.report(world.task(plan, "一"))
    client_for(client, world.fin_admin)
    assert review(client, report, "accept").status_code == 403
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    with at(QUARTER):
        page = client.get(reverse("plans:review"))
    assert list(page.context["page"].object_list) == []


# ---- the task page: the office's acts ----------------------------------------------------------


def test_the_task_page_shows_units_targets_reports_and_history(client, world):
    plan = world.plan()
    one = world.task(plan, "一")
    report = world.report(one, figures={one.targets.get().pk: 100})
    world.accept(report)
    client_for(client, world.leader)
    with at(date(2025, 3, 26)):
        page = client.get(reverse("plans:task", args=[one.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "示范区司法局" in html and "示范区财政局" in html
    assert "行政规范性文件合法性审核率达到100%" in html
    assert "已通过" in html and "审核进展报告" in html
    assert "调整任务" not in html and "审核通过" not in html  # the leader only reads


def test_the_office_adjusts_a_task_and_keeps_one_up(client, world):
    plan = world.plan()
    two = world.task(plan, "二")
    client_for(client, world.office)
    with at(QUARTER):
        response = client.post(
            reverse("plans:task_action", args=[two.pk, "edit"]),
            {
                "edit-title": "全面提升执法人员法治素养",
                "edit-text": two.text,
                "edit-due_on": "",
                "edit-period": "每年",
            },
        )
    assert response.status_code == 302
    two.refresh_from_db()
    assert (two.title, two.due_on, two.period) == ("全面提升执法人员法治素养", None, "每年")
    with at(QUARTER):
        response = client.post(reverse("plans:task_action", args=[two.pk, "keep_up"]))
    assert response.status_code == 302
    two.refresh_from_db()
    assert two.state == TaskStatus.ONGOING
    with at(QUARTER):
        response = client.post(
            reverse("plans:task_action", args=[two.pk, "units"]),
            {"units-lead": [world.urban.pk], "units-responsible_external": "区法院"},
        )
    assert response.status_code == 302
    two.refresh_from_db()
    assert two.unit == world.urban
    assert [link.name for link in two.units.all()] == ["示范区城市管理委员会", "区法院"]


def test_the_office_sets_a_targets_source_on_the_task_page(client, world):
    plan = world.plan()
    one = world.task(plan, "一")
    target = one.targets.get()
    client_for(client, world.office)
    url = reverse("plans:task_action", args=[one.pk, "target"])
    with at(QUARTER):
        assert "设置数据来源" in client.get(reverse("plans:task", args=[one.pk])).content.decode()
        response = client.post(url, {"target-target": target.pk, "target-source": "bogus"})
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.source == FigureSource.REPORTED
    other = world.task(plan, "二").targets.get()  # a target of another task is not offered
    with at(QUARTER):
        response = client.post(
            url, {"target-target": other.pk, "target-source": FigureSource.NORMDOC_REVIEW_RATE}
        )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.source == FigureSource.REPORTED
    with at(QUARTER):
        response = client.post(
            url, {"target-target": target.pk, "target-source": FigureSource.NORMDOC_REVIEW_RATE}
        )
        assert response.status_code == 302
        html = client.get(reverse("plans:task", args=[one.pk])).content.decode()
    target.refresh_from_db()
    assert target.source == FigureSource.NORMDOC_REVIEW_RATE
    assert "行政规范性文件合法性审核率" in html and "变更量化目标的数据来源" in html


def test_a_department_cannot_set_a_targets_source(client, world):
    plan = world.plan()
    one = world.task(plan, "一")  # 财政局 is a responsible unit: it reaches the task
    target = one.targets.get()
    client_for(client, world.fin_admin)
    with at(QUARTER):
        page = client.get(reverse("plans:task", args=[one.pk]))
        assert page.status_code == 200 and "设置数据来源" not in page.content.decode()
        response = client.post(
            reverse("plans:task_action", args=[one.pk, "target"]),
            {"target-target": target.pk, "target-source": FigureSource.NORMDOC_REVIEW_RATE},
        )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.source == FigureSource.REPORTED


def test_keep_up_of_a_dated_task_is_refused_on_the_page(client, world):
    plan = world.plan()
    one = world.task(plan, "一")
    client_for(client, world.office)
    with at(QUARTER):
        response = client.post(reverse("plans:task_action", args=[one.pk, "keep_up"]))
    assert response.status_code == 200
    assert "不能列为长期坚持" in response.content.decode()
    one.refresh_from_db()
    assert one.state == TaskStatus.NOT_STARTED


def test_a_department_cannot_adjust_a_task(client, world):
    plan = world.plan()
    two = world.task(plan, "二")
    client_for(client, world.fin_admin)
    with at(QUARTER):
        response = client.post(
            reverse("plans:task_action", args=[two.pk, "edit"]),
            {"edit-title": "改", "edit-text": "", "edit-due_on": "", "edit-period": ""},
        )
    assert response.status_code == 403
    assert Task.objects.get(pk=two.pk).title == two.title


def _queries(client, person, url) -> int:
    client.force_login(person)
    with at(QUARTER):
        client.get(url)  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_list_pages_cost_the_same_whatever_the_number_of_tasks(client, world):
    small = world.plan()
    parsed = copy.deepcopy(PARSED)
    parsed["tasks"] = [
        {**copy.deepcopy(t), "number": f"{t['number']}{i}"}
        for i in range(3)
        for t in parsed["tasks"]
    ]
    large = world.plan(parsed, sha="ef" * 32)
    assert large.tasks.count() == 3 * small.tasks.count()
    for person, name in ((world.office, "plans:plan"), (world.leader, "plans:plan")):
        costs = [_queries(client, person, reverse(name, args=[p.pk])) for p in (small, large)]
        assert costs[0] == costs[1] <= 30, (name, costs)
    costs = [
        _queries(client, world.fin_handler, reverse("plans:mine") + f"?plan={p.pk}")
        for p in (small, large)
    ]
    assert costs[0] == costs[1] <= 20, costs
    Plan.objects.update(is_public=True)
    costs = [
        _queries(client, world.office, reverse("plans_portal:plan", args=[p.pk]))
        for p in (small, large)
    ]
    assert costs[0] == costs[1] <= 8, costs


def test_figures_on_the_overview_follow_the_accepted_report(client, world):
    plan = world.plan()
    one = world.task(plan, "一")
    world.accept(world.report(one, figures={one.targets.get().pk: Decimal("100")}))
    client_for(client, world.office)
    with at(date(2025, 3, 26)):
        page = client.get(reverse("plans:plan", args=[plan.pk]))
    assert page.context["figures"].total.in_progress == 1
    assert page.context["met_rate"] == "100.0%"
