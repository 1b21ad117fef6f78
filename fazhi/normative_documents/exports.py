"""The year's figures as an .xlsx workbook: one sheet per table, Chinese headers."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import EvaluationConclusion
from .selectors import Figures

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def cleanup_rows(figures: Figures) -> list[tuple[str, int]]:
    labels = dict(EvaluationConclusion.choices)
    return [
        (labels.get(row["conclusion"], row["conclusion"] or "未作结论"), row["count"])
        for row in figures.cleanup_outcomes
    ]


def figure_tables(figures: Figures) -> list[tuple[str, list[str], list[tuple]]]:
    """(sheet title, headers, rows) for each table of the figures page and the workbook."""
    return [
        (
            "制定情况",
            ["起草单位", "公布文件数（件）"],
            [(row["unit_name"], row["count"]) for row in figures.made_by_unit],
        ),
        (
            "合法性审核",
            ["项目", "数量"],
            [("审核件次（件次）", figures.reviews), ("提出审核意见（条）", figures.opinions)],
        ),
        (
            "备案",
            ["项目", "数值"],
            [
                ("应报备（件）", figures.filings_due),
                ("已报备（件）", figures.filings_made),
                ("按时报备（件）", figures.filings_on_time),
                ("报备率", percent(figures.filing_rate)),
                ("报备及时率", percent(figures.timeliness)),
            ],
        ),
        ("纠错", ["项目", "数量"], [("经备案审查纠正（件）", figures.corrections)]),
        ("清理", ["清理结论", "文件数（件）"], cleanup_rows(figures)),
        ("评估", ["项目", "数量"], [("逾期未完成的评估（项）", figures.overdue_evaluations)]),
    ]


def figures_workbook(figures: Figures) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in figure_tables(figures):
        sheet = workbook.create_sheet(title)
        sheet.append([f"{figures.year}年度 行政规范性文件 · {title}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for index, header in enumerate(headers, start=1):
            width = max([len(str(header)), *(len(str(r[index - 1])) for r in rows)], default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(60, width * 2 + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
