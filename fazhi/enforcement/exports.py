"""The supervision figures as tables (for the page) and as an .xlsx workbook (for the annual
report): one sheet per table, Chinese titles and headers; the late publications, the idle
items, the officers short of training and the certificates to renew as lists. A natural
person's name and identity number are masked wherever a row names a party."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import selectors
from .figures import STATES, Counts, Figures, days_late
from .models import PenaltyCase

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Table = tuple[str, list[str], list[list]]  # (title, headers, rows)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _money(display: bool) -> Callable[[Decimal], object]:
    return (lambda m: f"{m:,.2f}") if display else (lambda m: m)


def _by_body(title: str, figures: Figures, columns: list[tuple[str, Callable]]) -> Table:
    """A row per body, then 合计 (the total of the bodies in reach)."""
    headers = ["执法主体", "层级", *(label for label, _ in columns)]
    rows = [
        [b.body.unit.name, b.level, *(get(b.counts) for _, get in columns)] for b in figures.bodies
    ]
    if len(figures.bodies) > 1:
        rows.append(["合计", "", *(get(figures.total) for _, get in columns)])
    return title, headers, rows


def figure_tables(figures: Figures, *, display: bool = False) -> list[Table]:
    """The tables of the supervision page and the workbook. `display`: money as text with
    thousands separators (the page); otherwise numbers (the workbook)."""
    money = _money(display)
    tables: list[Table] = []

    def add(title: str, columns: list[tuple[str, Callable[[Counts], object]]]) -> None:
        tables.append(_by_body(title, figures, columns))

    add(
        "立案与办理阶段",
        [
            ("立案（件）", lambda c: c.opened),
            ("简易程序", lambda c: c.simplified),
            ("普通程序", lambda c: c.ordinary),
            *((label, lambda c, code=code: c.states.get(code, 0)) for code, label in STATES),
            ("超期未作出决定", lambda c: c.overdue_open),
        ],
    )
    add(
        "作出决定与办案期限",
        [
            ("作出决定（件）", lambda c: c.decided),
            ("给予行政处罚", lambda c: c.penalty),
            ("不予行政处罚", lambda c: c.no_penalty),
            ("违法事实不能成立", lambda c: c.not_established),
            ("适用办案期限（普通程序）", lambda c: c.with_period),
            ("期限内作出", lambda c: c.on_time),
            ("超过期限作出", lambda c: c.late),
            ("期限内作出率", lambda c: percent(c.on_time_rate)),
        ],
    )
    add(
        "行政处罚决定公示",
        [
            ("应公示（件）", lambda c: c.publish_due),
            ("7个工作日内公示", lambda c: c.disclosed_on_time),
            ("逾期公示", lambda c: c.disclosed_late),
            ("逾期未公示", lambda c: c.undisclosed_overdue),
            ("尚在公示期限内", lambda c: c.undisclosed_pending),
            ("按期公示率", lambda c: percent(c.disclosure_rate)),
        ],
    )
    add(
        "法制审核与听证",
        [
            ("应当法制审核（件）", lambda c: c.review_required),
            ("经法制审核", lambda c: c.reviewed),
            ("法制审核率", lambda c: percent(c.review_rate)),
            ("举行听证（件）", lambda c: c.hearings),
        ],
    )
    add(
        "免罚轻罚与罚没款",
        [
            ("不予行政处罚（件）", lambda c: c.no_penalty),
            ("免罚轻罚（件）", lambda c: c.relieved),
            ("减免罚款（元）", lambda c: money(c.reduced)),
            ("罚款（元）", lambda c: money(c.fines)),
            ("加处罚款（元）", lambda c: money(c.surcharge)),
        ],
    )
    add(
        "案件移送",
        [
            ("移送其他行政机关", lambda c: c.transferred_body),
            ("移送司法机关（行刑衔接）", lambda c: c.transferred_criminal),
            ("合计（件）", lambda c: c.transferred),
        ],
    )
    staff_rows = [
        [
            b.body.unit.name,
            b.level,
            b.staff.enforcement,
            b.staff.legal,
            percent(b.staff.legal_share),
            "是" if b.staff.legal_short else "否",
            len(b.staff.training_short),
            b.staff.expired,
            b.staff.expiring,
            len(b.idle_items),
        ]
        for b in figures.bodies
    ]
    tables.append(
        (
            "执法人员与执法事项",
            [
                "执法主体",
                "层级",
                "在岗执法人员",
                "法制审核人员",
                "法制审核人员占比",
                "不足5%",
                "培训学时不足（人）",
                "无有效执法证件（人）",
                "证件90日内到期（人）",
                "无案件的处罚事项（项）",
            ],
            staff_rows,
        )
    )
    tables.append(
        (
            "案卷评查",
            ["执法主体", "层级", "评查案卷（卷）", "平均得分", "合格（卷）", "触发否决项（卷）"],
            [
                [
                    b.body.unit.name,
                    b.level,
                    b.evaluation.files,
                    "—" if b.evaluation.average is None else round(b.evaluation.average, 1),
                    b.evaluation.passed,
                    b.evaluation.vetoed,
                ]
                for b in figures.bodies
            ],
        )
    )
    tables.append(
        (
            "各街道（乡镇）",
            [
                "街道（乡镇）",
                "执法主体（个）",
                "立案（件）",
                "作出决定（件）",
                "期限内作出率",
                "按期公示率",
                "法制审核率",
                "免罚轻罚（件）",
                "减免罚款（元）",
                "移送（件）",
            ],
            [
                [
                    s.unit.name,
                    s.bodies,
                    s.counts.opened,
                    s.counts.decided,
                    percent(s.counts.on_time_rate),
                    percent(s.counts.disclosure_rate),
                    percent(s.counts.review_rate),
                    s.counts.relieved,
                    money(s.counts.reduced),
                    s.counts.transferred,
                ]
                for s in figures.streets
            ],
        )
    )
    return tables


LATE_HEADERS = [
    "案号",
    "执法主体",
    "当事人",
    "决定书文号",
    "决定日期",
    "公示期限",
    "公示日期",
    "逾期（日）",
]


def late_rows(cases: Iterable[PenaltyCase], today: date) -> list[list]:
    """One row per late publication; a natural person's name masked (selectors.mask_party)."""
    rows = []
    for case in cases:
        name, _code = selectors.mask_party(case)
        rows.append(
            [
                case.number,
                case.body.unit.name,
                name,
                case.decision_number,
                case.decided_on,
                case.disclosure_due,
                case.disclosed_on or "未公示",
                days_late(case, today),
            ]
        )
    return rows


def list_tables(figures: Figures, late: Iterable[PenaltyCase]) -> list[Table]:
    """The lists of the workbook: late publications, idle items, training, certificates."""
    return [
        ("逾期公示的行政处罚决定", LATE_HEADERS, late_rows(late, figures.today)),
        (
            "无案件的处罚事项",
            ["执法主体", "事项编码", "事项名称", "实施层级"],
            [
                [b.body.unit.name, item.code, item.name, item.get_level_display()]
                for b in figures.bodies
                for item in b.idle_items
            ],
        ),
        (
            "培训学时不足的执法人员",
            ["执法主体", "姓名", f"{figures.end.year}年度培训学时", "要求学时"],
            [
                [b.body.unit.name, officer.person.name, hours, training_target()]
                for b in figures.bodies
                for officer, hours in b.staff.training_short
            ],
        ),
        (
            "执法证件失效或即将到期",
            ["执法主体", "姓名", "证号", "情况", "有效期至"],
            [
                [b.body.unit.name, i.officer.person.name, i.number or "—", i.problem, i.day or "—"]
                for b in figures.bodies
                for i in b.staff.certificates
            ],
        ),
    ]


def training_target() -> int:
    from django.conf import settings

    return settings.FAZHI_ENFORCEMENT_TRAINING_HOURS


def workbook(figures: Figures, late: Iterable[PenaltyCase]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    sheets = [*figure_tables(figures), *list_tables(figures, late)]
    for name, headers, rows in sheets:
        sheet = book.create_sheet(name[:31])
        sheet.append([f"{figures.title} 行政执法监督 · {name}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True)
        for row in rows:
            sheet.append([_cell(value) for value in row])
        for index, header in enumerate(headers, start=1):
            width = max([len(str(header)), *(len(str(r[index - 1])) for r in rows)], default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(50, width * 2 + 2)
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def annual_workbook(body_name: str, year: int, rows: list[tuple[str, object]]) -> bytes:
    """A body's annual statistics (118号二（六）) as one sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年度执法数据"
    sheet.append([f"{body_name}{year}年度行政执法总体情况有关数据"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["项目", "数据"])
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 20
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
