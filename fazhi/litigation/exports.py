"""The litigation figures as tables (for the page) and as an .xlsx workbook: one sheet per
table, Chinese titles and headers, then the definitions and the unanswered suggestions."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .figures import Counts, Figures
from .models import Suggestion

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Table = tuple[str, list[str], list[list]]

DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("统计口径", "一个审级（一审、二审、再审）为一件案件；统计范围为您有权查看的被诉行政机关。"),
    ("收案", "起诉状（上诉状）副本在本年度送达被诉行政机关的案件。"),
    ("审结", "判决书、裁定书或调解书落款日期在本年度的案件。"),
    (
        "败诉率",
        "败诉件数 ÷ 以判决或裁定审结的件数。败诉指判决撤销、确认违法或无效、变更、责令履行法定职责"
        "或给付义务、赔偿等对被诉机关不利的判决，以及二审、再审维持该结果或改判被诉机关败诉；分母"
        "含准许撤诉、按撤诉处理、驳回起诉等裁定，不含以调解书结案的案件。",
    ),
    (
        "负责人出庭率",
        "负责人出庭件数 ÷ 开庭审理件数。开庭审理指本年度首次开庭的案件；负责人出庭指被诉机关的"
        "正职、副职或其他参与分管的负责人在该审级的庭审中出庭（《最高人民法院关于行政机关负责人"
        "出庭应诉若干问题的规定》第七条：同一审级出庭一次即可）。",
    ),
    (
        "应当出庭",
        "涉及重大公共利益、社会高度关注、可能引发群体性事件，涉及食品药品安全、生态环境和资源保护、"
        "公共卫生安全，或人民法院书面建议（通知）负责人出庭的案件（行诉解释第一百二十九条；出庭规定"
        "第四条第一款），按开庭审理的案件统计。",
    ),
    (
        "建议答复率",
        "已答复件数 ÷ 本年度收到的司法建议、检察建议件数（答复情况截至统计当日）；"
        "按期答复指在建议书要求的期限内答复。",
    ),
)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _by_agency(title: str, figures: Figures, columns: list[tuple[str, Callable]]) -> Table:
    headers = ["被诉行政机关", *(label for label, _ in columns)]
    rows = [[a.unit.name, *(get(a.counts) for _, get in columns)] for a in figures.agencies]
    if len(figures.agencies) > 1:
        rows.append(["合计", *(get(figures.total) for _, get in columns)])
    return title, headers, rows


def figure_tables(figures: Figures) -> list[Table]:
    tables: list[Table] = []

    def add(title: str, columns: list[tuple[str, Callable[[Counts], object]]]) -> None:
        tables.append(_by_agency(title, figures, columns))

    add(
        "收案与审结",
        [
            ("收案（件）", lambda c: c.received),
            ("其中一审", lambda c: c.received_first),
            ("复议机关共同被告", lambda c: c.co_defendant),
            ("审结（件）", lambda c: c.concluded),
            ("胜诉", lambda c: c.win),
            ("败诉", lambda c: c.loss),
            ("撤诉", lambda c: c.withdrawn),
            ("调解", lambda c: c.mediated),
            ("其他", lambda c: c.other),
            ("判决、裁定审结", lambda c: c.by_judgment),
            ("败诉率", lambda c: percent(c.loss_rate)),
        ],
    )
    add(
        "负责人出庭应诉",
        [
            ("开庭审理（件）", lambda c: c.heard),
            ("负责人出庭（件）", lambda c: c.head),
            ("负责人出庭率", lambda c: percent(c.head_rate)),
            ("应当出庭（件）", lambda c: c.required),
            ("其中负责人出庭", lambda c: c.required_head),
            ("应当出庭案件出庭率", lambda c: percent(c.required_rate)),
        ],
    )
    add(
        "司法建议、检察建议",
        [
            ("收到（件）", lambda c: c.suggestions),
            ("司法建议", lambda c: c.judicial),
            ("检察建议", lambda c: c.procuratorial),
            ("已答复", lambda c: c.replied),
            ("按期答复", lambda c: c.replied_on_time),
            ("逾期未答复", lambda c: c.overdue),
            ("答复率", lambda c: percent(c.reply_rate)),
        ],
    )
    return tables


UNANSWERED_HEADERS = ["收到建议的机关", "类别", "制发机关", "文号", "收到日期", "答复期限", "状态"]


def unanswered_rows(suggestions: Iterable[Suggestion], today: date) -> list[list]:
    return [
        [
            s.unit.name,
            s.get_kind_display(),
            s.issuer,
            s.number,
            s.received_on,
            s.due_on,
            f"逾期{(today - s.due_on).days}日" if s.due_on < today else "未到期",
        ]
        for s in suggestions
    ]


# A text starting so is read by spreadsheet programs as a formula (or by openpyxl, "=", stored as
# one): entered names and numbers (issuers, document numbers) are kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell) -> None:
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"


def workbook(figures: Figures, unanswered: Iterable[Suggestion]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    sheets = [
        *figure_tables(figures),
        ("尚未答复的建议", UNANSWERED_HEADERS, unanswered_rows(unanswered, figures.today)),
        ("统计口径", ["项目", "说明"], [list(row) for row in DEFINITIONS]),
    ]
    for name, headers, rows in sheets:
        sheet = book.create_sheet(name[:31])
        sheet.append([f"{figures.title} 行政应诉 · {name}（统计日 {figures.today.isoformat()}）"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True)
        for row in rows:
            sheet.append([value.isoformat() if isinstance(value, date) else value for value in row])
            for cell in sheet[sheet.max_row]:
                _as_text(cell)
        for index, header in enumerate(headers, start=1):
            width = max([len(str(header)), *(len(str(r[index - 1])) for r in rows)], default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(60, width * 2 + 2)
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
