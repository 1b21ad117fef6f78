"""The yearly reconsideration figures as tables (for the page) and as an .xlsx workbook: one
sheet per table, Chinese titles and headers, each rate with its base, and a sheet of the
definitions. Only counts and the names of agencies: no applicant, agent or case appears."""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .figures import Counts, Figures, Row
from .models import CORRECTIONS, DecisionKind, Letter, RefusalReason

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Table = tuple[str, list[str], list[list]]  # (title, headers, rows)


class Share(float):
    """A rate: shown as a percentage on the page, a number formatted as one in the workbook."""


def rate(value: float | None, display: bool):
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if display else Share(round(value, 4))


def days(value: float | None) -> object:
    return "—" if value is None else round(value, 1)


def base(part: int, whole: int) -> str:
    return f"{part:,} ÷ {whole:,}"


# The definitions shown on the page and in the workbook: (figure, what it counts).
DEFINITIONS: tuple[tuple[str, str], ...] = (
    ("收到申请", "当年收到的行政复议申请（按收到申请日期）"),
    ("受理", "当年受理的案件（按受理日期），含审查期限届满视为受理的（复议法第三十条第三款）"),
    ("受理率", "受理 ÷ 收到申请（均为当年）"),
    ("不予受理、视为放弃、案前化解、受理前撤回", "当年以该方式结束的申请（按结束日期）"),
    ("审结", "当年作出复议决定、调解结案或者终止的案件（按结案日期）"),
    ("审结率", "审结 ÷ 收到申请（均为当年；与年度报告口径相同，如1,831 ÷ 2,330 = 79%）"),
    ("复议决定", "当年作出的行政复议决定（按决定日期），含驳回申请（复议法第三十三条）"),
    ("纠错率", "（变更 + 撤销 + 部分撤销 + 确认违法 + 确认无效 + 责令履行）÷ 复议决定"),
    ("按期审结率", "在法定审理期限内（含依法延长、中止期间不计）审结的 ÷ 审结"),
    ("平均审理天数", "审结案件自受理之日至结案之日的自然日数的平均值"),
    ("意见书、建议书", "当年制发的（按制发日期）；逾期未报送为今天已超过六十日报送期限的意见书"),
)


def summary_rows(c: Counts, display: bool) -> list[list]:
    """(figure, value, base) of the total."""

    def ratio(value: float | None, name: str, part: int, whole: int) -> str:
        return rate(value, display), f"{name} = {base(part, whole)}"

    return [
        ["收到申请（件）", c.received, "当年收到"],
        ["受理（件）", c.accepted, "当年受理"],
        ["其中：视为受理", c.deemed, "复议法第三十条第三款"],
        ["其中：适用简易程序", c.simplified, "复议法第五十三条"],
        ["受理率", *ratio(c.acceptance_rate, "受理 ÷ 收到申请", c.accepted, c.received)],
        ["不予受理（件）", c.not_accepted, "当年作出不予受理决定"],
        ["视为放弃申请（件）", c.abandoned, "当年逾期未补正"],
        ["案前化解（件）", c.resolved, "受理前经化解撤回"],
        ["受理前撤回（件）", c.withdrawn, "其他受理前撤回"],
        ["审结（件）", c.closed, "决定 + 调解 + 终止"],
        ["审结率", *ratio(c.closure_rate, "审结 ÷ 收到申请", c.closed, c.received)],
        ["作出复议决定（件）", c.decided, "当年作出"],
        ["调解结案（件）", c.mediated, "当年调解书生效"],
        ["终止（件）", c.terminated, "复议法第四十一条"],
        ["其中：申请人撤回申请终止", c.terminated_withdrawn, "复议法第四十一条第一项"],
        ["纠错（件）", c.corrected, "变更、撤销、部分撤销、确认违法、确认无效、责令履行"],
        ["纠错率", *ratio(c.correction_rate, "纠错 ÷ 复议决定", c.corrected, c.decided)],
        ["按期审结率", *ratio(c.on_time_rate, "按期审结 ÷ 审结", c.on_time, c.closed)],
        ["平均审理天数（日）", days(c.average_days), f"自受理至结案，{c.closed:,}件审结案件平均"],
    ]


# The columns of the per-respondent and per-kind tables: (header, value).
def _columns(display: bool) -> list[tuple[str, Callable[[Counts], object]]]:
    return [
        ("收到申请", lambda c: c.received),
        ("受理", lambda c: c.accepted),
        ("受理率（受理÷收到）", lambda c: rate(c.acceptance_rate, display)),
        ("不予受理", lambda c: c.not_accepted),
        ("案前化解", lambda c: c.resolved),
        ("审结", lambda c: c.closed),
        ("审结率（审结÷收到）", lambda c: rate(c.closure_rate, display)),
        ("复议决定", lambda c: c.decided),
        ("纠错", lambda c: c.corrected),
        ("纠错率（纠错÷决定）", lambda c: rate(c.correction_rate, display)),
        ("调解", lambda c: c.mediated),
        ("终止", lambda c: c.terminated),
        ("按期审结率（÷审结）", lambda c: rate(c.on_time_rate, display)),
        ("平均审理天数", lambda c: days(c.average_days)),
    ]


def _by(title: str, first: str, rows: list[Row], total: Counts, display: bool) -> Table:
    columns = _columns(display)
    body = [[row.label, *(get(row.counts) for _, get in columns)] for row in rows]
    if len(rows) > 1:
        body.append(["合计", *(get(total) for _, get in columns)])
    return title, [first, *(header for header, _ in columns)], body


def figure_tables(figures: Figures, *, display: bool = False) -> list[Table]:
    """The tables of the page and the workbook. `display`: rates as text (the page);
    otherwise as numbers formatted as percentages (the workbook)."""
    c, letters = figures.total, figures.letters
    decided = c.decided
    return [
        ("总体情况", ["指标", "数值", "计算口径（基数）"], summary_rows(c, display)),
        (
            "不予受理的理由",
            ["理由（复议法第三十条第一款）", "件数"],
            [[label, c.refusals.get(code, 0)] for code, label in RefusalReason.choices],
        ),
        (
            "复议决定的类型",
            ["决定类型", "件数", "占复议决定", "纠错"],
            [
                [
                    label,
                    c.decisions.get(code, 0),
                    rate(c.decisions.get(code, 0) / decided if decided else None, display),
                    "是" if code in CORRECTIONS else "否",
                ]
                for code, label in DecisionKind.choices
            ],
        ),
        _by("按被申请人", "被申请人", figures.respondents, c, display),
        _by("按行为类别", "行为类别", figures.subjects, c, display),
        (
            "意见书与建议书",
            ["类别", "制发", "已报送办理情况", "逾期未报送"],
            [
                [label, letters[code].issued, letters[code].replied, letters[code].overdue]
                for code, label in Letter.Kind.choices
            ],
        ),
    ]


def workbook(figures: Figures, scope: str) -> bytes:
    """The figures of the page as a workbook; `scope` says whose cases they count."""
    book = Workbook()
    book.remove(book.active)
    for name, headers, rows in figure_tables(figures):
        _sheet(book, f"{figures.title} 行政复议 · {name}（{scope}）", name, headers, rows)
    _sheet(
        book,
        f"{figures.title} 行政复议统计口径",
        "统计口径",
        ["指标", "口径"],
        [list(d) for d in DEFINITIONS],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Workbook, title: str, name: str, headers: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(name[:31])
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    for row in rows:
        sheet.append(list(row))
        for cell, value in zip(sheet[sheet.max_row], row, strict=True):
            if isinstance(value, Share):
                cell.number_format = "0.0%"
            elif isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
                cell.value, cell.data_type = value, "s"  # text typed by applicants: never a formula
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header)), *(len(str(r[index - 1])) for r in rows)], default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(60, width * 2 + 2)
    sheet.freeze_panes = "B3"
