"""Import of an edited 任务分解表: the office's edits applied through the services in one
transaction with one more ledger entry; every bad row reported with its number and reason and
nothing applied; status and progress read but not imported; files that are not an .xlsx
refused with a Chinese message; tolerant headers; only the office keeping the plan may."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook, load_workbook

from fazhi.ledger.models import LedgerEntry
from fazhi.plans import exports, importing, services
from fazhi.plans.events import PlanEvent
from fazhi.plans.models import Task, TaskStatus, TaskUnit

from . import test_exports as base
from .test_exports import PLAN_TEXT, TODAY, at, import_plan, reviewed_parse, task

pytestmark = pytest.mark.django_db

# the ledger of test_exports (built through the services)
evidence_root, ledger, reported = base.evidence_root, base.ledger, base.reported

HEADER = exports.HEADERS
COL = {name: index for index, name in enumerate(HEADER)}


def exported(book, person=None) -> list[list]:
    """The office's export as rows (title, header, tasks)."""
    with at(TODAY):
        data = exports.ledger_workbook(person or book.office, book.plan)
    sheet = load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx(rows: list[list], name: str = "任务分解表.xlsx") -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:  # text that looks like a formula stays text, as in Excel
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def upload(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def run(book, file, actor=None, **kwargs):
    with at(TODAY):
        return importing.ledger_import(
            actor=actor or book.office, plan=book.plan, upload=file, **kwargs
        )


def row_of(rows: list[list], position: int) -> list:
    return next(r for r in rows[2:] if r[0] == position)


def snapshot(book) -> list[tuple]:
    tasks = Task.objects.filter(plan=book.plan).order_by("position")
    return [
        (
            t.title,
            t.due_on,
            t.period,
            t.unit_id,
            t.state,
            t.latest_progress,
            [(u.role, u.unit_id, u.external_name) for u in t.units.order_by("position")],
        )
        for t in tasks
    ]


# ---- a good file --------------------------------------------------------------------------------


def test_an_edited_sheet_is_applied_through_the_services(reported):
    rows = exported(reported)
    row_of(rows, 2)[COL["任务"]] = "加强行政执法监督和案卷评查"
    row_of(rows, 6)[COL["完成时限"]] = "2026年6月底前"
    row_of(rows, 6)[COL["状态"]] = "已完成"  # read, not imported
    row_of(rows, 5)[COL["牵头单位"]] = "区教育局"  # a short name
    row_of(rows, 5)[COL["责任单位"]] = "甲区卫健委、区法院"  # the plan's external body
    row_of(rows, 3)[COL["责任单位"]] = "甲区东街街道办事处"  # one street of the two
    row_of(rows, 2)[COL["进展"]] = "已开展案卷评查三次"  # read, not imported
    row_of(rows, 1)[COL["完成时限"]] = datetime(2025, 6, 30)  # Excel made it a date: same day
    before = LedgerEntry.objects.count()

    report = run(reported, xlsx(rows))

    assert report.ok, report.errors
    assert (report.rows, report.applied, report.unchanged) == (6, 4, 2)
    assert len(report.sha256) == 64
    assert "已导入 6 行任务：修改 4 项，2 项无变化" in report.summary()
    assert "状态不通过本表导入" in report.summary()
    assert report.notes == [
        "第4行：进展有修改，未导入。" + importing.PROGRESS_NOT_IMPORTED,
        "第8行：状态由“未启动”改为“已完成”，未导入。" + importing.STATUS_NOT_IMPORTED,
    ]
    t2, t3, t5, t6 = (reported.task(i) for i in (2, 3, 5, 6))
    assert t2.title == "加强行政执法监督和案卷评查"
    assert t2.latest_progress == "=已开展案卷评查两次"  # progress not imported
    assert (t6.due_on, t6.state) == (date(2026, 6, 30), TaskStatus.NOT_STARTED)
    assert t5.unit == reported.east.dept_a  # the new lead answers for it
    assert [(u.role, u.name) for u in t5.units.order_by("position")] == [
        ("lead", "甲区教育局"),
        ("responsible", "甲区卫健委"),
        ("responsible", "区法院"),
    ]
    assert [u.name for u in t3.units.order_by("position")] == ["甲区教育局", "甲区东街街道办事处"]
    # each service's entry, and one for the import carrying the file's digest
    entries = list(LedgerEntry.objects.order_by("seq")[before:])
    events = [e.event for e in entries]
    assert events.count(PlanEvent.LEDGER_IMPORT.value) == 1
    assert events.count(PlanEvent.TASK_EDIT.value) == 2
    assert events.count(PlanEvent.TASK_UNITS.value) == 2
    last = entries[-1]
    assert last.event == PlanEvent.LEDGER_IMPORT.value
    assert last.changes["file_sha256"][1] == report.sha256
    assert last.changes["applied"][1] == 4
    assert sorted(last.changes["tasks"][1]) == sorted(t.pk for t in (t2, t3, t5, t6))


def test_the_sheet_as_exported_changes_nothing(reported):
    rows = exported(reported)
    before, entries = snapshot(reported), LedgerEntry.objects.count()
    report = run(reported, xlsx(rows))
    assert report.ok and (report.applied, report.unchanged) == (0, 6)
    assert "与台账一致，没有需要导入的修改" in report.summary()
    assert report.notes == []
    assert snapshot(reported) == before
    assert LedgerEntry.objects.count() == entries


def test_a_standing_task_and_a_period(reported):
    rows = exported(reported)
    row_of(rows, 6)[COL["完成时限"]] = "长期坚持"
    row_of(rows, 2)[COL["完成时限"]] = "每季度"
    report = run(reported, xlsx(rows))
    assert report.ok, report.errors
    assert (reported.task(6).due_on, reported.task(6).period) == (None, "")
    assert (reported.task(2).due_on, reported.task(2).period) == (None, "每季度")


def test_a_dry_run_changes_nothing(reported):
    rows = exported(reported)
    row_of(rows, 2)[COL["任务"]] = "新的任务名称"
    before, entries = snapshot(reported), LedgerEntry.objects.count()
    report = run(reported, xlsx(rows), dry_run=True)
    assert report.ok and report.applied == 1
    assert "可导入 6 行任务：修改 1 项" in report.summary()
    assert snapshot(reported) == before
    assert LedgerEntry.objects.count() == entries


def test_headers_in_traditional_script_and_full_width(reported):
    rows = exported(reported)
    header = [
        "序號",
        "任務",
        "牽頭單位",
        "責任單位",
        "完成時限（日期）",
        "目標",
        "進展",
        "狀態",
        "＊任務編號",
    ]
    row_of(rows, 4)[COL["任务"]] = "公布年度重大行政决策事项目录"
    row_of(rows, 3)[COL["状态"]] = "長期堅持"  # the same status, in Traditional script
    report = run(reported, xlsx([["说明：请勿修改任务编号"], [], header, *rows[2:]]))
    assert report.ok, report.errors
    assert report.applied == 1 and report.notes == []
    assert reported.task(4).title == "公布年度重大行政决策事项目录"


def test_an_xlsx_with_only_some_columns(reported):
    """A sheet keeping only 任务编号 and 完成时限 changes the due dates and nothing else."""
    t5 = reported.task(5)
    report = run(reported, xlsx([["任务编号", "完成时限"], [t5.pk, "2025-09-30"]]))
    assert report.ok, report.errors
    t5 = reported.task(5)
    assert t5.due_on == date(2025, 9, 30) and t5.title == "建成行政复议网上办理平台"


# ---- bad rows -----------------------------------------------------------------------------------


def test_every_bad_row_is_reported_and_nothing_applied(reported):
    other = import_plan(
        reported.office,
        reported.east.district,
        reviewed_parse(tasks=[task("一", "另一规划的任务", ["甲区教育局"], due="2025-12-31")]),
        name="另一规划.txt",
        text=PLAN_TEXT + "\n",
        on=TODAY,
    )
    west = import_plan(
        reported.stranger,
        reported.west.district,
        reviewed_parse("乙区", [task("一", "乙区的任务", ["乙区教育局"], due="2025-12-31")]),
        name="乙区要点.txt",
        on=TODAY,
    )
    other_task, west_task = other.tasks.get(), west.tasks.get()
    rows = exported(reported)
    row_of(rows, 1)[COL["任务"]] = "改了名称的任务"  # a good row: must not be applied
    row_of(rows, 2)[COL["牵头单位"]] = "甲区不存在局"  # row 4
    row_of(rows, 3)[COL["完成时限"]] = "明年"  # row 5
    row_of(rows, 4)[COL["状态"]] = "差不多"  # row 6
    row_of(rows, 5)[COL["任务"]] = "  "  # row 7
    row_of(rows, 6)[COL["任务编号"]] = row_of(rows, 5)[COL["任务编号"]]  # row 8: duplicate
    extra = [
        [7, "无编号的新任务", "甲区教育局", "", "2025年12月31日", "", "", "未启动", None],  # 9
        [8, "不存在的任务", "甲区教育局", "", "2025年12月31日", "", "", "未启动", 999999],  # 10
        [9, "另一规划的任务", "甲区教育局", "", "2025年12月31日", "", "", "未启动", other_task.pk],
        [10, "乙区的任务", "乙区教育局", "", "2025年12月31日", "", "", "未启动", west_task.pk],
        [11, "日期错误", "甲区教育局", "", "2025年2月30日", "", "", "未启动", "abc"],  # 13
    ]
    before, entries = snapshot(reported), LedgerEntry.objects.count()

    report = run(reported, xlsx([*rows, *extra]))

    assert not report.ok and report.applied == 0
    problems = {p.number: p.reasons for p in report.problems}
    assert set(problems) == {4, 5, 6, 7, 8, 9, 10, 11, 12, 13}
    assert problems[4] == [
        "牵头单位：单位“甲区不存在局”在甲区人民政府的组织机构中找不到，请填写单位全称或简称"
        "（外部单位须在规划中登记为外部单位）。"
    ]
    assert problems[5] == [
        "完成时限“明年”不是有效的日期，应填写如“2025年12月31日”的日期、“每年”等周期或“长期坚持”。"
    ]
    assert problems[6] == ["状态“差不多”无效，应为未启动、推进中、已完成、滞后、长期坚持之一。"]
    assert problems[7] == ["任务不能为空。"]
    assert problems[8] == [f"任务编号 {reported.task(5).pk} 与第7行重复。"]
    assert "缺少任务编号" in problems[9][0]
    # an unknown task and another district's task get the same answer: out of reach is unknown
    assert problems[10] == ["任务编号 999999 不存在，或该任务不在您的权限范围内。"]
    assert problems[12] == [f"任务编号 {west_task.pk} 不存在，或该任务不在您的权限范围内。"]
    assert problems[11] == [
        f"任务编号 {other_task.pk} 是《甲区2025年法治政府建设工作要点》的任务，"
        f"不属于《甲区2025年法治政府建设工作要点》。"
    ]
    assert problems[13] == ["任务编号“abc”无效。"]
    assert "其中 10 行有误" in report.summary() and "没有修改任何任务" in report.summary()
    assert report.errors[0].startswith("第4行：牵头单位：")
    assert snapshot(reported) == before
    assert LedgerEntry.objects.count() == entries


def test_an_id_no_task_can_have_is_invalid_not_a_failure(reported):
    # beyond a database bigint (2**63 - 1), negative, zero or fractional: the row's answer,
    # not an OverflowError or a DataError from the lookup
    ids = [99999999999999999999, "99999999999999999999", 2**63, -1, 0, 1.5, "9" * 5000]
    rows = [
        [n, "任务", "甲区教育局", "", "2025年12月31日", "", "", "未启动", value]
        for n, value in enumerate(ids, start=1)
    ]
    before = snapshot(reported)

    report = run(reported, xlsx([HEADER, *rows]))

    assert not report.ok and report.applied == 0
    problems = {p.number: p.reasons for p in report.problems}
    assert [len(problems[n]) for n in range(2, 2 + len(ids))] == [1] * len(ids)
    for n in range(2, 2 + len(ids)):
        assert problems[n][0].startswith("任务编号“") and problems[n][0].endswith("”无效。")
    assert snapshot(reported) == before
    assert importing._task_id(2**63 - 1) == 2**63 - 1
    assert importing._task_id("9223372036854775807") == 2**63 - 1
    assert importing._task_id(2**63) is None and importing._task_id(float(2**63)) is None


def test_a_bad_date_and_a_done_task(reported):
    rows = exported(reported)
    row_of(rows, 3)[COL["完成时限"]] = "2025年2月30日"
    row_of(rows, 1)[COL["完成时限"]] = "2025年12月31日"  # task 1 is done
    report = run(reported, xlsx(rows))
    problems = {p.number: p.reasons for p in report.problems}
    assert problems == {
        5: [
            "完成时限“2025年2月30日”不是有效的日期，应填写如“2025年12月31日”的日期、"
            "“每年”等周期或“长期坚持”。"
        ],
        3: ["任务已完成，不能再变更完成时限。"],
    }


def test_names_that_do_not_name_one_unit(reported):
    rows = exported(reported)
    row_of(rows, 2)[COL["责任单位"]] = "区政府有关部门"
    row_of(rows, 4)[COL["牵头单位"]] = "甲区教育"  # close to 甲区教育局
    row_of(rows, 6)[COL["牵头单位"]] = ""
    row_of(rows, 6)[COL["责任单位"]] = ""
    report = run(reported, xlsx(rows))
    problems = {p.number: p.reasons for p in report.problems}
    assert problems[4] == ["责任单位：“区政府有关部门”没有指明具体单位，请写明单位名称。"]
    assert problems[6][0].startswith("牵头单位：单位“甲区教育”在甲区人民政府的组织机构中找不到")
    assert "“甲区教育局”" in problems[6][0]
    assert problems[8] == ["牵头单位和责任单位不能都为空。"]


def test_a_refusal_while_applying_rolls_everything_back(reported, monkeypatch):
    """A service refusing the second change undoes the first (one transaction)."""
    rows = exported(reported)
    row_of(rows, 2)[COL["任务"]] = "第一处修改"
    row_of(rows, 5)[COL["牵头单位"]] = "甲区教育局"
    real = services.task_units_set

    def refuse(**kwargs):
        real(**kwargs)  # writes, then refuses: the write must be undone
        raise ValidationError("该单位已撤销。")

    monkeypatch.setattr(services, "task_units_set", refuse)
    before, entries = snapshot(reported), LedgerEntry.objects.count()
    report = run(reported, xlsx(rows))
    assert not report.ok and report.applied == 0
    assert [(p.number, p.reasons) for p in report.problems] == [(7, ["该单位已撤销。"])]
    assert snapshot(reported) == before
    assert LedgerEntry.objects.count() == entries


# ---- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["edu", "health", "leader", "stranger", "clerk"])
def test_only_the_office_keeping_the_plan_may_import(reported, who):
    rows = exported(reported)
    row_of(rows, 2)[COL["任务"]] = "试图修改"
    with pytest.raises(PermissionDenied):
        run(reported, xlsx(rows), actor=getattr(reported, who))
    assert reported.task(2).title == "加强行政执法监督"


def test_the_office_cannot_reach_another_districts_tasks(reported):
    """乙区's office imports a sheet of its own plan holding 甲区's task ids: refused."""
    west = import_plan(
        reported.stranger,
        reported.west.district,
        reviewed_parse("乙区", [task("一", "乙区的任务", ["乙区教育局"], due="2025-12-31")]),
        name="乙区要点.txt",
        on=TODAY,
    )
    rows = exported(reported)
    row_of(rows, 2)[COL["任务"]] = "乙区改甲区的任务"
    with at(TODAY):
        report = importing.ledger_import(actor=reported.stranger, plan=west, upload=xlsx(rows))
    assert not report.ok and report.bad_rows == 6
    assert all("不存在，或该任务不在您的权限范围内" in p.reasons[0] for p in report.problems)
    assert reported.task(2).title == "加强行政执法监督"


# ---- bad files ----------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx_like() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("照片.xlsx", PNG, "“照片.xlsx”是PNG 图片，不是 .xlsx 工作簿"),
        ("任务.txt", "序号\t任务\n1\t任务一\n".encode(), "“任务.txt”不是 .xlsx 工作簿"),
        ("空.xlsx", b"", "“空.xlsx”是空文件（0 字节）"),
        ("旧.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "Excel 97-2003（.xls）"),
        ("文档.docx", _docx_like(), "可能是 Word 文档"),
        ("坏.xlsx", b"PK\x03\x04" + b"\x00" * 100, "已损坏"),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused(reported, name, data, message):
    before = snapshot(reported)
    report = run(reported, upload(data, name))
    assert not report.ok and message in report.error
    assert report.summary().startswith("未导入：")
    assert report.errors == [report.error]
    assert snapshot(reported) == before


def test_an_oversized_file_is_refused(reported, settings):
    settings.FAZHI_PLANS_MAX_UPLOAD_BYTES = 1024
    report = run(reported, xlsx(exported(reported)))
    assert "超过 1024 字节" in report.error


def test_sheets_without_the_header_or_rows(reported):
    no_header = run(reported, xlsx([["甲", "乙"], [1, 2]]))
    assert "没有找到任务分解表的表头" in no_header.error
    no_id = run(reported, xlsx([["序号", "任务", "完成时限"], [1, "任务", "2025年12月31日"]]))
    assert "缺少“任务编号”列" in no_id.error
    no_rows = run(reported, xlsx([HEADER]))
    assert "只有表头，没有任务行" in no_rows.error
    doubled = run(reported, xlsx([["任务编号", "任务", "任务名称"], [1, "甲", "乙"]]))
    assert "“任务”和“任务名称”都对应任务列" in doubled.error


# ---- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025年12月31日", (date(2025, 12, 31), None)),
        ("2025-06-30", (date(2025, 6, 30), None)),
        ("2025/6/30前", (date(2025, 6, 30), None)),
        ("２０２５．６．３０", (date(2025, 6, 30), None)),
        ("2025年6月底前", (date(2025, 6, 30), None)),
        ("2024年2月底", (date(2024, 2, 29), None)),
        ("2025年底前", (date(2025, 12, 31), None)),
        ("2025年年底前", (date(2025, 12, 31), None)),
        ("2025年", (date(2025, 12, 31), None)),
        (datetime(2025, 3, 1, 0, 0), (date(2025, 3, 1), None)),
        (date(2025, 3, 1), (date(2025, 3, 1), None)),
        ("每年", (None, "每年")),
        ("每季度", (None, "每季度")),
        ("長期堅持", (None, None)),
        ("长期坚持", (None, None)),
    ],
)
def test_due_cells(cell, expected):
    assert importing.parse_due(cell) == expected


@pytest.mark.parametrize(
    "cell", ["明年", "2025年13月", "2025-02-30", "年底", "12月31日", "", 45657]
)
def test_due_cells_that_are_not_dates(cell):
    with pytest.raises(ValueError):
        importing.parse_due(cell)


def test_status_cells():
    assert importing.parse_status("推進中") == TaskStatus.IN_PROGRESS
    assert importing.parse_status(" 滞后 ") == TaskStatus.LAGGING
    assert importing.parse_status("") is None
    with pytest.raises(ValueError, match="应为未启动、推进中、已完成、滞后、长期坚持之一"):
        importing.parse_status("完成了")


def test_units_of_the_plan_stay_unchanged_when_their_cell_is(reported):
    """A class written in the plan (各街道办事处) exported as written resolves to the same
    units: the cell is not touched."""
    rows = exported(reported)
    assert row_of(rows, 3)[COL["责任单位"]] == "各街道办事处"
    row_of(rows, 3)[COL["责任单位"]] = "各 街道办事处"  # spacing only
    row_of(rows, 2)[COL["责任单位"]] = "区法院"
    report = run(reported, xlsx(rows))
    assert report.ok and report.applied == 0
    assert TaskUnit.objects.filter(task=reported.task(3), role="responsible").count() == 2
