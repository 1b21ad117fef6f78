"""The figures of major decisions as tables (for the page) and as an .xlsx workbook (for the
annual report): one sheet per table, Chinese titles and headers, one column per year."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .figures import CONCLUSION_LABELS, OPINION_LABELS, RISK_LABELS, Figures, YearFigures
from .models import Reply

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Table = tuple[str, list[str], list[list]]  # (title, headers, rows)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def days(value: float | None) -> str | float:
    return "—" if value is None else value


def _by_year(figures: Figures, rows: list[tuple[str, callable]]) -> list[list]:
    return [[label, *(get(y) for y in figures.years)] for label, get in rows]


def _choices(figures: Figures, attr: str, labels: dict[str, str]) -> list[list]:
    """One row per choice (in the choices' order, then any other value seen), one column per
    year."""
    seen = [k for k in labels if any(getattr(y, attr).get(k) for y in figures.years)]
    seen += sorted(
        {k for y in figures.years for k in getattr(y, attr) if k not in labels},
    )
    return [
        [labels.get(key, key or "未作结论"), *(getattr(y, attr).get(key, 0) for y in figures.years)]
        for key in seen
    ]


def figure_tables(figures: Figures) -> list[Table]:
    """The tables of the figures page and the workbook, each with a column per year."""
    years = [f"{y.year}年" for y in figures.years]
    tables: list[Table] = [
        (
            "决策数量",
            ["项目", *years],
            _by_year(
                figures,
                [
                    ("启动决策程序（件）", lambda y: y.started),
                    ("其中：目录外事项（件）", lambda y: y.outside_catalog),
                    ("集体讨论决定通过（件）", lambda y: y.decided),
                    ("向社会公布（件）", lambda y: y.published),
                    ("未予通过（件）", lambda y: y.rejected),
                    ("终止决策程序（件）", lambda y: y.withdrawn),
                ],
            ),
        ),
        (
            "决策事项目录",
            ["项目", *years],
            _by_year(
                figures,
                [
                    ("列入目录的事项（项）", lambda y: y.catalog_included),
                    ("其中：已作出决策（项）", lambda y: y.catalog_decided),
                    ("其中：决策已公布（项）", lambda y: y.catalog_published),
                    ("目录完成率", lambda y: percent(y.catalog_completion)),
                    ("调整目录（次）", lambda y: y.adjustments),
                    ("调出目录的事项（项）", lambda y: y.catalog_removed),
                ],
            ),
        ),
        (
            "法定程序履行",
            ["项目", *years],
            _by_year(
                figures,
                [
                    ("当年决定的决策（件）", lambda y: len(y.completeness)),
                    ("法定程序完备的（件）", lambda y: y.complete_decisions),
                    ("程序完备率", lambda y: percent(y.completeness_rate)),
                ],
            )
            + [
                [f"{label}：{status}", *(_step_count(y, code, key) for y in figures.years)]
                for code, label in step_labels(figures)
                for key, status in (("done", "已履行"), ("waived", "记录理由不适用"))
            ],
        ),
        (
            "公众参与",
            ["项目", *years],
            _by_year(
                figures,
                [
                    ("收到公众意见（条）", lambda y: y.comments_received),
                    ("召开听证会（次）", lambda y: y.hearings_held),
                    ("取消听证会（次）", lambda y: y.hearings_cancelled),
                ],
            )
            + [
                [f"意见答复：{label}", *(y.comment_replies.get(k, 0) for y in figures.years)]
                for k, label in Reply.choices
            ],
        ),
        (
            "专家论证和风险评估",
            ["项目", *years],
            _by_year(
                figures,
                [
                    ("组织专家论证（次）", lambda y: y.expert_reviews),
                    ("专家书面论证意见（份）", lambda y: y.expert_opinions),
                    ("风险评估报告（份）", lambda y: y.risk_total),
                    ("其中：风险不可控（份）", lambda y: y.risk_uncontrollable),
                ],
            )
            + [
                [f"风险等级：{row[0]}", *row[1:]]
                for row in _choices(figures, "risk_assessments", RISK_LABELS)
            ],
        ),
        (
            "合法性审查",
            ["审查意见", *years],
            [
                *_choices(figures, "review_opinions", OPINION_LABELS),
                ["合计（件次）", *(y.reviews for y in figures.years)],
                ["其中：审查时间少于7个工作日（件次）", *(y.reviews_urgent for y in figures.years)],
            ],
        ),
        (
            "各环节用时",
            [
                "办理状态",
                *(f"{y}{what}" for y in years for what in ("件数", "平均（日）", "中位（日）")),
            ],
            _state_rows(figures),
        ),
        (
            "决策后评估",
            ["项目", *years],
            _by_year(
                figures,
                [
                    ("启动评估（项）", lambda y: y.evaluations_started),
                    ("完成评估（项）", lambda y: y.evaluations_done),
                ],
            )
            + [
                [f"评估结论：{row[0]}", *row[1:]]
                for row in _choices(figures, "evaluation_conclusions", CONCLUSION_LABELS)
            ],
        ),
    ]
    return tables


def step_labels(figures: Figures) -> list[tuple[str, str]]:
    labels: dict[str, str] = {}
    for y in figures.years:
        for decision in y.completeness:
            for step in decision.steps:
                labels.setdefault(step.code, step.label)
    return list(labels.items())


def _step_count(y: YearFigures, code: str, status: str) -> int:
    return sum(1 for d in y.completeness for s in d.steps if s.code == code and s.status == status)


def _state_rows(figures: Figures) -> list[list]:
    if not figures.years:
        return []
    rows = []
    for index, first in enumerate(figures.years[0].state_times):
        row: list = [first.label]
        for y in figures.years:
            st = y.state_times[index]
            row += [st.count, days(st.mean_days), days(st.median_days)]
        rows.append(row)
    return rows


def completeness_rows(figures: Figures) -> tuple[list[str], list[list]]:
    """One row per decision decided in the years, one column per mandatory step."""
    labels = step_labels(figures)
    headers = ["年度", "决策事项", "承办单位", "决定日期", *(label for _code, label in labels)]
    rows = []
    for y in figures.years:
        for d in y.completeness:
            by_code = {s.code: s for s in d.steps}
            cells = []
            for code, _label in labels:
                s = by_code.get(code)
                if s is None:
                    cells.append("—")
                elif s.status == "done":
                    cells.append("已履行")
                elif s.status == "waived":
                    cells.append(f"不适用：{s.note}")
                else:
                    cells.append(f"未履行：{s.note}" if s.note else "未履行")
            rows.append([y.year, d.title, d.unit, d.decided_on, *cells])
    return headers, rows


def title(figures: Figures) -> str:
    if figures.year_from == figures.year_to:
        return f"{figures.year_from}年度"
    return f"{figures.year_from}—{figures.year_to}年度"


def figures_workbook(figures: Figures) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = [*figure_tables(figures), ("各决策程序履行情况", *completeness_rows(figures))]
    for name, headers, rows in sheets:
        sheet = workbook.create_sheet(name[:31])
        sheet.append([f"{title(figures)} 重大行政决策 · {name}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True)
        for row in rows:
            sheet.append(list(row))
        for index, header in enumerate(headers, start=1):
            width = max([len(str(header)), *(len(str(r[index - 1])) for r in rows)], default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(60, width * 2 + 4)
        sheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
