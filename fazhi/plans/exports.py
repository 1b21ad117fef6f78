"""The 任务分解表: a plan's tasks as the .xlsx workbook offices circulate and edit.

One sheet: a title row, the header row, then one row per task the person may see
(`selectors.tasks_for`), in the order of the plan. Columns: 序号 (the task's place in the plan),
任务, 牵头单位 and 责任单位 (joined with "、"; the units a class name such as “各街道办事处”
expanded to are shown as the class, as the plan wrote it), 完成时限 (“2025年12月31日”, else
the period such as “每年”, else “长期坚持”), 目标 (the targets' texts, one per line), 进展 (the
latest accepted progress), 状态, and last a hidden 任务编号 (the task's id) by which
`importing.ledger_import` finds the task again.

No cell holds a formula: a text that a spreadsheet program would read as one (starting with
= + - @) is stored as text. No cell holds a control character (\x07, \x0b, \x1b…) that
the .xlsx format cannot store: it is dropped. No person appears in it: no reporter, reviewer
or uploader.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from fazhi.core.models import Person

from . import selectors
from .models import Plan, Task, TaskStatus, TaskUnit, UnitRole

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SHEET_TITLE = "任务分解表"
STANDING = "长期坚持"
JOIN = "、"

# (header, width in characters): the import matches these headers (and their synonyms).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("任务", 40),
    ("牵头单位", 22),
    ("责任单位", 30),
    ("完成时限", 16),
    ("目标", 36),
    ("进展", 50),
    ("状态", 10),
    ("任务编号", 10),
)
HEADERS = [header for header, _ in COLUMNS]
ID_HEADER = "任务编号"

# A text starting so is read by spreadsheet programs as a formula (and stored as one by
# openpyxl when it starts with "="): entered titles and progress are kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def fmt_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def due_label(task: Task) -> str:
    """完成时限 as the sheet shows it: the date, else the period, else 长期坚持."""
    if task.due_on is not None:
        return fmt_day(task.due_on)
    return task.period or STANDING


def status_label(task: Task) -> str:
    try:
        return TaskStatus(task.state).label
    except ValueError:
        return task.state


def unit_names(units: Iterable[TaskUnit], role: str) -> list[str]:
    """The names of a task's units of one role, in order. Several rows written as one class
    name (“各街道办事处”) show as that name once; any other row shows the unit's current name
    (or the external name as recorded)."""
    rows = [u for u in units if u.role == role]
    written_count: dict[str, int] = {}
    for row in rows:
        if row.written:
            written_count[row.written] = written_count.get(row.written, 0) + 1
    names: list[str] = []
    for row in rows:
        name = row.written if written_count.get(row.written, 0) > 1 else row.name
        if name and name not in names:
            names.append(name)
    return names


def lead_text(task: Task) -> str:
    return JOIN.join(unit_names(task.units.all(), UnitRole.LEAD))


def responsible_text(task: Task) -> str:
    return JOIN.join(unit_names(task.units.all(), UnitRole.RESPONSIBLE))


def targets_text(task: Task) -> str:
    return "\n".join(t.text for t in task.targets.all())


def task_row(task: Task) -> list:
    return [
        task.position,
        task.title,
        lead_text(task),
        responsible_text(task),
        due_label(task),
        targets_text(task),
        task.latest_progress,
        status_label(task),
        task.pk,
    ]


def ledger_tasks(person: Person, plan: Plan) -> QuerySet[Task]:
    """The plan's tasks the person may see, in plan order, with their units and targets
    (prefetched by the selector)."""
    return selectors.tasks_for(person, plan=plan).order_by("position", "pk")


def file_name(plan: Plan, today: date | None = None) -> str:
    today = today or timezone.localdate()
    title = "".join(ch for ch in plan.title if ch.isprintable() and ch not in '\\/:*?"<>|')[:60]
    title = title or "规划"
    return f"{title}任务分解表{today:%Y%m%d}.xlsx"


def clean(value):
    """A text without the control characters an .xlsx cell cannot hold (openpyxl refuses
    them); any other value as it is."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _as_text(cell) -> None:
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"


def ledger_workbook(person: Person, plan: Plan, *, today: date | None = None) -> bytes:
    """The 任务分解表 of `plan` as the person may see it (a department: its own tasks)."""
    today = today or timezone.localdate()
    rows = [task_row(task) for task in ledger_tasks(person, plan)]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append([clean(f"{plan.title} 任务分解表（导出日 {fmt_day(today)}）")])
    sheet["A1"].font = Font(bold=True, size=14)
    _as_text(sheet["A1"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS) - 1)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in rows:
        sheet.append([clean(value) for value in row])
        for cell in sheet[sheet.max_row]:
            _as_text(cell)
            cell.alignment = wrap
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # The id is for the import, not for reading: last, and hidden.
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].hidden = True
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
