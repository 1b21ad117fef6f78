"""Import of a 任务分解表 (`exports.ledger_workbook`) after a person edited it in Excel.

What is read: 任务 (the task's title), 牵头单位 and 责任单位 (unit names joined with "、"),
完成时限 (a date such as “2025年12月31日”, “2025-12-31”, “2025年底前”, “2025年6月底”; a period
such as “每年”; or “长期坚持”). The row's task is found by the 任务编号 column (the task's id,
hidden at the end of the exported sheet). 序号 and 目标 are not read. 状态 and 进展 are checked
but not imported: a status changes only through the procedure (a progress report accepted, a
completion confirmed by the office, the daily sweep), and progress is what the office accepted
from the units' reports — a row whose status or progress differs is listed as a note, and the
rest of the row is imported.

All or nothing: every row is checked and every bad row reported with its row number (as Excel
shows it) and each reason, in Chinese — an unknown task id or one outside the person's reach
(the same message: a task out of reach is never revealed), a task of another plan, a task id
given twice, an empty title, a unit name that does not resolve in the plan owner's tree
(`resolve.Tree`; a name the plan records as an external body stays external), a date that is
not a date, a status that is not one of the five. Only a file without a bad row is applied:
through `services.task_update` and `services.task_units_set` (each records its own ledger
entry) for the rows that change something, in one transaction with one more entry recorded
against the plan (`PlanEvent.LEDGER_IMPORT`) carrying the file's name, SHA-256 and counts. A
service that refuses a row (say, a new due date for a task already done) rolls everything
back and is reported like any bad row.

A cell left as exported is not touched: units are only set again when the names in the cell
differ from the task's current units.

Headers are matched in either script and width (full-/half-width, Traditional Chinese, spaces,
a bracketed note, a leading “*”, common synonyms). A file that cannot be used — not an .xlsx
(an image, a .txt, a Word document, a legacy .xls), empty, over
`settings.FAZHI_PLANS_MAX_UPLOAD_BYTES`, damaged, without the header or without data rows —
is refused with one Chinese message in the report (`ImportReport.error`).
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fazhi.core.models import Person, Unit
from fazhi.core.sheets import Column, header_key, normalize
from fazhi.ledger.services import record_for_post

from . import exports, selectors, services
from .events import PlanEvent as E
from .models import Plan, Task, TaskStatus, TaskUnit, UnitRole
from .resolve import Tree
from .resolve import normalize as unit_key

HEADER_SEARCH_ROWS = 10  # the header is the first row naming two known columns among these
MAX_ROWS = 5000  # a plan has tens or hundreds of tasks
MAX_PROBLEM_ROWS = 500  # a report lists at most this many bad rows (the count is exact)
MAX_NOTES = 500
MAX_LEDGER_TASKS = 1000  # task ids listed in the import's ledger entry (the count is exact)

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: legacy .xls/.doc, or an encrypted package
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_MAGIC = (
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"BM", "BMP 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"%PDF", "PDF 文件"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
)

STATUS_NOT_IMPORTED = (
    "任务状态不通过本表导入：状态随进展报告的审核、完成确认和逾期自动滞后变更，请在系统中办理。"
)
PROGRESS_NOT_IMPORTED = "进展不通过本表导入：最新进展以各单位报送并经审核通过的进展报告为准。"


class ImportFileError(ValueError):
    """The file itself cannot be used (the message says why, in Chinese)."""


class _RolledBack(Exception):
    """Raised inside the transaction to undo what was applied (a refused row, a dry run)."""


# ---- the report ---------------------------------------------------------------------------------


@dataclass
class RowProblem:
    number: int  # the row number in the sheet, as Excel shows it
    task_id: str  # the row's 任务编号 as written
    reasons: list[str]

    def __str__(self) -> str:
        return f"第{self.number}行：" + "；".join(self.reasons)


@dataclass
class ImportReport:
    file_name: str = ""
    sha256: str = ""
    rows: int = 0  # data rows read
    applied: int = 0  # tasks changed
    unchanged: int = 0  # rows that changed nothing
    problems: list[RowProblem] = field(default_factory=list)
    bad_rows: int = 0
    notes: list[str] = field(default_factory=list)  # what was read but not imported
    error: str = ""  # the file cannot be used
    dry_run: bool = False
    changed: list[int] = field(default_factory=list)  # ids of the tasks changed

    @property
    def ok(self) -> bool:
        return not self.error and not self.bad_rows

    @property
    def errors(self) -> list[str]:
        """Every reason the import was refused, one line each."""
        if self.error:
            return [self.error]
        return [str(p) for p in self.problems]

    def summary(self) -> str:
        if self.error:
            return f"未导入：{self.error}"
        if self.bad_rows:
            more = (
                "" if len(self.problems) == self.bad_rows else f"（下列前{len(self.problems)}行）"
            )
            return (
                f"未导入：共 {self.rows} 行任务，其中 {self.bad_rows} 行有误{more}。"
                "请改正全部错误后重新导入，本次没有修改任何任务。"
            )
        verb = "可导入" if self.dry_run else "已导入"
        if not self.applied:
            said = f"共 {self.rows} 行任务，与台账一致，没有需要导入的修改。"
        else:
            said = f"{verb} {self.rows} 行任务：修改 {self.applied} 项，{self.unchanged} 项无变化。"
        return said + STATUS_NOT_IMPORTED

    def _problem(self, number: int, task_id: str, reasons: list[str]) -> None:
        self.bad_rows += 1
        if len(self.problems) < MAX_PROBLEM_ROWS:
            self.problems.append(RowProblem(number, task_id, reasons))

    def _note(self, text: str) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(text)


# ---- headers and cells --------------------------------------------------------------------------


COLUMNS = (
    Column("id", exports.ID_HEADER, ("任务ID", "任务序号编号", "台账编号"), required=True),
    Column("position", "序号", ("顺序号",)),
    Column("title", "任务", ("任务名称", "工作任务", "主要任务", "任务事项", "重点任务")),
    Column("lead", "牵头单位", ("牵头部门", "牵头", "牵头责任单位")),
    Column("responsible", "责任单位", ("责任部门", "责任主体", "配合单位", "参与单位")),
    Column("due", "完成时限", ("完成时间", "时间要求", "时限", "完成期限", "时限要求")),
    Column("targets", "目标", ("量化目标", "目标要求", "预期目标")),
    Column("progress", "进展", ("最新进展", "进展情况", "工作进展", "推进情况", "完成情况")),
    Column("status", "状态", ("任务状态", "完成状态", "进度状态")),
)
LABELS = {c.key: c.label for c in COLUMNS}


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---- reading the file ---------------------------------------------------------------------------


def _check_container(data: bytes, name: str) -> None:
    if not data:
        raise ImportFileError(f"“{name}”是空文件（0 字节）。")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ImportFileError(
                f"“{name}”是{kind}，不是 .xlsx 工作簿。请上传从本系统导出并修改后的任务分解表。"
            )
    if data.startswith(_CFB):
        if _ENCRYPTED in data:
            raise ImportFileError(
                f"“{name}”设置了打开密码（已加密），无法读取。请在 Excel 中取消密码后另存为 .xlsx "
                "再导入。"
            )
        raise ImportFileError(
            f"“{name}”是 Excel 97-2003（.xls）或其他旧格式文件。请在 Excel 中另存为 .xlsx "
            "工作簿后再导入。"
        )
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            f"“{name}”不是 .xlsx 工作簿（可能是文本文件或其他格式），请上传 Excel 2007 及以上"
            "版本的工作簿。"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(f"“{name}”已损坏，无法作为 .xlsx 工作簿读取。") from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFileError(
            f"“{name}”不是 .xlsx 工作簿（可能是 Word 文档或其他压缩文件）。请上传 Excel 表格。"
        )


def _max_bytes() -> int:
    return int(settings.FAZHI_PLANS_MAX_UPLOAD_BYTES)


def _too_big(name: str) -> ImportFileError:
    limit = _max_bytes()
    size = f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} 字节"
    return ImportFileError(f"“{name}”超过 {size}，任务分解表不会这么大，请检查是否选错了文件。")


def read_upload(upload: Any) -> tuple[bytes, str]:
    """The bytes and base name of an uploaded file (refused over the size limit)."""
    name = str(getattr(upload, "name", "") or "上传的文件").replace("\\", "/").rsplit("/", 1)[-1]
    limit = _max_bytes()
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > limit:
        raise _too_big(name)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_big(name)
    return data, name


def read_sheet(data: bytes, name: str) -> list[tuple[int, dict[str, Any]]]:
    """The data rows of the 任务分解表 sheet (else the first sheet) as (row number, {column key:
    cell value}); blank rows are skipped. Raises ImportFileError."""
    from openpyxl import load_workbook

    _check_container(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and lxml raise their own errors on a damaged part
        raise ImportFileError(f"“{name}”已损坏，无法作为 .xlsx 工作簿读取。") from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise ImportFileError(f"“{name}”中没有工作表。")
        wanted = normalize(exports.SHEET_TITLE)
        sheet = next((s for s in sheets if normalize(s.title) == wanted), sheets[0])
        declared = getattr(sheet, "max_row", None)
        if isinstance(declared, int) and declared > MAX_ROWS + HEADER_SEARCH_ROWS + 1000:
            raise ImportFileError(_too_many(name))
        header: dict[int, str] | None = None
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            if header is None:
                if number > HEADER_SEARCH_ROWS:
                    break
                header = _header(cells, name)
                continue
            row = {key: cells[i] for i, key in header.items() if i < len(cells)}
            if all(_blank(v) for v in row.values()):
                continue
            rows.append((number, row))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(_too_many(name))
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(f"“{name}”已损坏，无法读取。") from exc
    finally:
        workbook.close()
    if header is None:
        raise ImportFileError(
            f"“{name}”的前{HEADER_SEARCH_ROWS}行中没有找到任务分解表的表头（须有“任务编号”列）。"
            "请使用本系统导出的任务分解表修改后导入。"
        )
    if not rows:
        raise ImportFileError(f"“{name}”只有表头，没有任务行。")
    return rows


def _too_many(name: str) -> str:
    return f"“{name}”的数据行超过 {MAX_ROWS} 行，不像是一份规划的任务分解表。"


def _header(cells: list[Any], name: str) -> dict[int, str] | None:
    """{cell index: column key} if this row is the header (names two known columns)."""
    found: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, value in enumerate(cells):
        if _blank(value):
            continue
        key = header_key(value)
        column = next((c for c in COLUMNS if key in c.names), None)
        if column is None:
            continue
        if column.key in seen:
            raise ImportFileError(
                f"“{name}”的表头中“{seen[column.key]}”和“{cell_text(value)}”都对应{column.label}"
                "列，请只保留一列。"
            )
        seen[column.key] = cell_text(value)
        found[index] = column.key
    if len(found) < 2:
        return None
    missing = [c.label for c in COLUMNS if c.required and c.key not in found.values()]
    if missing:
        raise ImportFileError(
            f"“{name}”缺少“{'、'.join(missing)}”列。该列（导出时隐藏在最后）用于找到每行对应的"
            "任务，请使用本系统导出的任务分解表，不要删除该列。"
        )
    return found


# ---- values -------------------------------------------------------------------------------------

_STATUSES = {normalize(s.label): s.value for s in TaskStatus} | {
    normalize(s.value): s.value for s in TaskStatus
}
_STANDING = {normalize(v) for v in (exports.STANDING, "长期", "持续推进", "长期推进", "常态化")}
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_BEFORE = r"(?:之前|以前|前)?"
_DATE_FORMS = (
    # 2025年12月31日, 2025-12-31, 2025/12/31, 2025.12.31 (before: 前)
    re.compile(rf"^{_YEAR}[年\-/.](?P<m>\d{{1,2}})[月\-/.](?P<d>\d{{1,2}})日?{_BEFORE}$"),
    # 2025年6月底前, 2025年6月, 2025-06 → the month's last day
    re.compile(rf"^{_YEAR}[年\-/.](?P<m>\d{{1,2}})月?(?:底|末|份)?{_BEFORE}$"),
    # 2025年底前, 2025年年底, 2025年末, 2025年 → December 31
    re.compile(rf"^{_YEAR}年?(?:年?底|年?末|内|全年)?{_BEFORE}$"),
)
_PERIOD = re.compile(r"^每(?:年|半年|季度|季|月|两年|三年|学期|周|年度)[度]?$")


def parse_due(value: Any) -> tuple[date | None, str | None]:
    """(due date, period) from a 完成时限 cell: a date, or (None, "每年") for a period, or
    (None, None) for 长期坚持 (the task keeps its period). ValueError (Chinese) otherwise."""
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    text = cell_text(value)
    key = normalize(text)
    if not key:
        raise ValueError("完成时限为空，应填写日期、周期（如“每年”）或“长期坚持”。")
    if key in _STANDING:
        return None, None
    if _PERIOD.match(key):
        return None, key
    for form in _DATE_FORMS:
        match = form.match(key)
        if match is None:
            continue
        year = int(match["y"])
        groups = match.groupdict()
        month = int(groups.get("m") or 12)
        try:
            day = int(groups.get("d") or calendar.monthrange(year, month)[1])
            return date(year, month, day), None
        except ValueError:
            break
    raise ValueError(
        f"完成时限“{text}”不是有效的日期，应填写如“2025年12月31日”的日期、"
        "“每年”等周期或“长期坚持”。"
    )


def parse_status(value: Any) -> str | None:
    """The status a 状态 cell names; None when blank. ValueError (Chinese) otherwise."""
    key = normalize(cell_text(value))
    if not key:
        return None
    if key in _STATUSES:
        return _STATUSES[key]
    labels = "、".join(s.label for s in TaskStatus)
    raise ValueError(f"状态“{cell_text(value)}”无效，应为{labels}之一。")


# The largest id a database's bigint holds: a larger 任务编号 is invalid, not a lookup that
# overflows.
MAX_TASK_ID = 2**63 - 1


def _task_id(value: Any) -> int | None:
    """The task id a 任务编号 cell holds: a whole number from 1 to MAX_TASK_ID; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    elif not isinstance(value, int):
        text = unicodedata.normalize("NFKC", cell_text(value))
        # (a long digit string is refused before int(), which refuses over 4300 digits)
        value = int(text) if text.isdigit() and len(text) <= 19 else None
    return value if value is not None and 0 < value <= MAX_TASK_ID else None


# ---- unit names ---------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[、,，;；/\n\t\s]+")


@dataclass
class _Units:
    """The owner's tree and the external bodies the plan records, loaded once per import."""

    tree: Tree
    units: dict[int, Unit]
    externals: dict[str, str]  # unit_key(name) → the name as recorded

    @classmethod
    def load(cls, plan: Plan) -> _Units:
        tree = Tree.load(plan.owner)
        units = {entry.unit.pk: entry.unit for entry in tree.entries}
        externals: dict[str, str] = {}
        recorded = TaskUnit.objects.filter(task__plan=plan, unit__isnull=True)
        for name in recorded.values_list("external_name", flat=True):
            externals.setdefault(unit_key(name), name)
        for name, entry in (plan.parsed or {}).get("units", {}).items():
            if isinstance(entry, dict) and entry.get("status") == "external":
                externals.setdefault(unit_key(name), name)
        return cls(tree, units, externals)

    def names(self, ids: list[int]) -> str:
        return "、".join(f"“{self.units[i].name}”" for i in ids if i in self.units)

    def one(self, name: str) -> tuple[list[Unit | str] | None, str]:
        """The units (or the external body) a name stands for, else None and the reason."""
        if unit_key(name) in self.externals:
            return [self.externals[unit_key(name)]], ""
        found = self.tree.resolve(name)
        status, ids = found["status"], found["unit_ids"]
        owner = self.tree.owner.name
        if status in ("exact", "short", "former", "class") and found["confirmed"] and ids:
            return [self.units[i] for i in ids if i in self.units], ""
        if status == "class":
            return None, f"“{name}”没有指明具体单位，请写明单位名称。"
        if status in ("exact", "short", "former"):
            many = self.names(found["candidates"])
            return None, f"“{name}”对应多个单位（{many}），请填写单位全称。"
        if status == "fuzzy":
            return None, (
                f"单位“{name}”在{owner}的组织机构中找不到，是否为{self.names(ids)}？"
                "请填写单位全称或简称。"
            )
        return None, (
            f"单位“{name}”在{owner}的组织机构中找不到，请填写单位全称或简称"
            "（外部单位须在规划中登记为外部单位）。"
        )

    def resolve(self, text: str) -> tuple[list[Unit | str], list[str]]:
        """The units a cell names, in order, and the reasons for the names that resolve to
        none. A name the plan wrote with "、" (“地区、街道办事处”) is tried whole when its
        parts do not resolve."""
        pieces = [p for p in _SEPARATORS.split(text) if p]
        out: list[Unit | str] = []
        reasons: list[str] = []
        i = 0
        while i < len(pieces):
            found, reason = self.one(pieces[i])
            span = 1
            if found is None:
                for more in (2, 3):
                    if i + more > len(pieces):
                        break
                    joined, _ = self.one("、".join(pieces[i : i + more]))
                    if joined is not None:
                        found, span = joined, more
                        break
            if found is None:
                reasons.append(reason)
            else:
                for item in found:
                    if not any(_same(item, o) for o in out):
                        out.append(item)
            i += span
        return out, reasons


def _same(a: Unit | str, b: Unit | str) -> bool:
    if isinstance(a, Unit) and isinstance(b, Unit):
        return a.pk == b.pk
    return isinstance(a, str) and isinstance(b, str) and unit_key(a) == unit_key(b)


def _current(task: Task, role: str) -> list[Any]:
    return [
        link.unit_id if link.unit_id else ("external", unit_key(link.external_name))
        for link in task.units.all()
        if link.role == role
    ]


def _keys(items: list[Unit | str]) -> list[Any]:
    return [i.pk if isinstance(i, Unit) else ("external", unit_key(i)) for i in items]


# ---- rows ---------------------------------------------------------------------------------------


@dataclass
class _Change:
    number: int
    task: Task
    edit: dict[str, Any] | None = None  # task_update's arguments
    units: tuple[list, list] | None = None  # task_units_set's (lead, responsible)


def _text_differs(cell: Any, current: str) -> bool:
    return normalize(cell_text(cell)) != normalize(current)


def _check_row(
    number: int, row: dict[str, Any], task: Task, units: _Units, report: ImportReport
) -> tuple[_Change, list[str]]:
    """What the row changes of its task, and every reason the row is bad."""
    problems: list[str] = []
    change = _Change(number, task)
    title, due_on, period = task.title, task.due_on, task.period
    if "title" in row:
        title = cell_text(row["title"]).replace("\n", " ")
        if not title:
            problems.append("任务不能为空。")
        elif len(title) > 300:
            problems.append("任务不能超过300字。")
    if "due" in row and _text_differs(row["due"], exports.due_label(task)):
        try:
            due_on, new_period = parse_due(row["due"])
        except ValueError as exc:
            problems.append(str(exc))
        else:
            period = task.period if new_period is None else new_period
    if not problems and (title, due_on, period) != (task.title, task.due_on, task.period):
        if task.state == TaskStatus.DONE and due_on != task.due_on:
            problems.append("任务已完成，不能再变更完成时限。")
        change.edit = {"title": title, "text": task.text, "due_on": due_on, "period": period}

    lead, responsible = _current(task, UnitRole.LEAD), _current(task, UnitRole.RESPONSIBLE)
    new_lead: list | None = None
    new_responsible: list | None = None
    if "lead" in row and _text_differs(row["lead"], exports.lead_text(task)):
        new_lead, reasons = units.resolve(cell_text(row["lead"]))
        problems += [f"牵头单位：{r}" for r in reasons]
    if "responsible" in row and _text_differs(row["responsible"], exports.responsible_text(task)):
        new_responsible, reasons = units.resolve(cell_text(row["responsible"]))
        problems += [f"责任单位：{r}" for r in reasons]
    if new_lead is not None or new_responsible is not None:
        keep = {
            role: [
                link.unit if link.unit_id else link.external_name
                for link in task.units.all()
                if link.role == role
            ]
            for role in (UnitRole.LEAD, UnitRole.RESPONSIBLE)
        }
        lead_items = new_lead if new_lead is not None else keep[UnitRole.LEAD]
        responsible_items = (
            new_responsible if new_responsible is not None else keep[UnitRole.RESPONSIBLE]
        )
        # a unit both lead and responsible is lead
        responsible_items = [
            r for r in responsible_items if not any(_same(r, item) for item in lead_items)
        ]
        if not lead_items and not responsible_items:
            problems.append("牵头单位和责任单位不能都为空。")
        elif (_keys(lead_items), _keys(responsible_items)) != (lead, responsible):
            change.units = (lead_items, responsible_items)

    if "status" in row:
        try:
            status = parse_status(row["status"])
        except ValueError as exc:
            problems.append(str(exc))
        else:
            if status is not None and status != task.state:
                report._note(
                    f"第{number}行：状态由“{exports.status_label(task)}”改为"
                    f"“{TaskStatus(status).label}”，未导入。{STATUS_NOT_IMPORTED}"
                )
    if "progress" in row and _text_differs(row["progress"], task.latest_progress):
        report._note(f"第{number}行：进展有修改，未导入。{PROGRESS_NOT_IMPORTED}")
    return change, problems


def _check_rows(
    actor: Person, plan: Plan, rows: list[tuple[int, dict[str, Any]]], report: ImportReport
) -> list[_Change]:
    ids = {pk for _, row in rows if (pk := _task_id(row.get("id"))) is not None}
    reachable = {t.pk: t for t in selectors.tasks_for(actor).filter(pk__in=ids)}
    units = _Units.load(plan)
    changes: list[_Change] = []
    first_row: dict[int, int] = {}
    for number, row in rows:
        written = cell_text(row.get("id"))
        pk = _task_id(row.get("id"))
        if pk is None:
            reason = (
                f"任务编号“{written}”无效。"
                if written
                else "缺少任务编号。本表只能修改已有任务，新增任务请在规划台账中办理。"
            )
            report._problem(number, written, [reason])
            continue
        if pk in first_row:
            report._problem(number, written, [f"任务编号 {pk} 与第{first_row[pk]}行重复。"])
            continue
        first_row[pk] = number
        task = reachable.get(pk)
        if task is None:
            report._problem(
                number, written, [f"任务编号 {pk} 不存在，或该任务不在您的权限范围内。"]
            )
            continue
        if task.plan_id != plan.pk:
            report._problem(
                number,
                written,
                [f"任务编号 {pk} 是《{task.plan.title}》的任务，不属于《{plan.title}》。"],
            )
            continue
        change, problems = _check_row(number, row, task, units, report)
        if problems:
            report._problem(number, written, problems)
        elif change.edit is not None or change.units is not None:
            changes.append(change)
        else:
            report.unchanged += 1
    return changes


def _apply(actor: Person, changes: list[_Change], report: ImportReport, request: Any) -> None:
    """Each change through the services; a refusal is reported against its row."""
    for change in changes:
        task = change.task
        try:
            if change.edit is not None:
                task = services.task_update(actor=actor, task=task, request=request, **change.edit)
            if change.units is not None:
                lead, responsible = change.units
                services.task_units_set(
                    actor=actor, task=task, lead=lead, responsible=responsible, request=request
                )
        except (ValidationError, PermissionDenied) as exc:
            reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            report._problem(change.number, str(task.pk), reasons)
            continue
        report.applied += 1
        report.changed.append(task.pk)


def ledger_import(
    *,
    actor: Person,
    plan: Plan,
    upload: Any,
    dry_run: bool = False,
    request: Any = None,
) -> ImportReport:
    """Import an edited 任务分解表 of `plan` (see the module). Only the legal affairs office
    that keeps the plan's ledger may (PermissionDenied otherwise). `dry_run` checks and
    applies, then rolls back: the report says what an import would change."""
    post = services._office_post(actor, plan.owner)
    report = ImportReport(dry_run=dry_run)
    try:
        data, report.file_name = read_upload(upload)
        report.sha256 = hashlib.sha256(data).hexdigest()
        rows = read_sheet(data, report.file_name)
    except ImportFileError as exc:
        report.error = str(exc)
        return report
    report.rows = len(rows)
    changes = _check_rows(actor, plan, rows, report)
    if report.bad_rows or not changes:
        return report
    try:
        with transaction.atomic():
            _apply(actor, changes, report, request)
            if report.bad_rows or dry_run:
                raise _RolledBack
            record_for_post(
                E.LEDGER_IMPORT,
                actor=actor,
                post=post,
                record=plan,
                changes={
                    "file_name": (None, report.file_name),
                    "file_sha256": (None, report.sha256),
                    "rows": (None, report.rows),
                    "applied": (None, report.applied),
                    "tasks": (None, report.changed[:MAX_LEDGER_TASKS]),
                },
                note=f"导入任务分解表：{report.file_name}",
                request=request,
            )
    except _RolledBack:
        if report.bad_rows:
            report.applied, report.changed = 0, []
    return report
