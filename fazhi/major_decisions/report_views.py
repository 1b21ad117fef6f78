"""Reports on major decisions: the figures page and its workbook, a decision's archive (条例
第三十三条) and its accountability view (第三十八条). Login-only (the middleware); every read
is scoped to the person, and a decision outside their reach is 404."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fazhi.ledger.archive import ArchiveError

from . import accountability as accountability_view
from . import exports, selectors
from .archive import export_decision_archive
from .figures import default_years
from .figures import figures as compute_figures
from .models import Decision, Opinion

MAX_YEARS = 10
FIRST_YEAR = 2019  # the 条例 took effect on 2019-09-01


def _decision(request: HttpRequest, pk: int) -> Decision:
    decision = (
        selectors.decisions_for(request.user).filter(pk=pk).select_related("body", "unit").first()
    )
    if decision is None:
        raise Http404("没有找到该决策。")
    return decision


def _year(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if FIRST_YEAR <= year <= timezone.localdate().year + 1 else default


def year_range(request: HttpRequest) -> tuple[int, int]:
    """The years asked for (year_from, year_to), within 2019 … next year and at most ten;
    by default the last three years."""
    first, last = default_years()
    year_from = _year(request.GET.get("year_from"), first)
    year_to = _year(request.GET.get("year_to"), last)
    if year_to < year_from:
        year_from, year_to = year_to, year_from
    year_from = max(year_from, year_to - MAX_YEARS + 1)
    return year_from, year_to


def _chart(data) -> dict:
    return {
        "years": [f"{y.year}年" for y in data.years],
        "started": [y.started for y in data.years],
        "decided": [y.decided for y in data.years],
        "published": [y.published for y in data.years],
        "completion": [
            None if y.catalog_completion is None else round(y.catalog_completion * 100, 1)
            for y in data.years
        ],
        "states": [s.label for s in data.years[0].state_times] if data.years else [],
        "mean_days": [[s.mean_days for s in y.state_times] for y in data.years],
        "median_days": [[s.median_days for s in y.state_times] for y in data.years],
        "opinions": [
            {"name": label, "value": sum(y.review_opinions.get(code, 0) for y in data.years)}
            for code, label in Opinion.choices
            if any(y.review_opinions.get(code) for y in data.years)
        ],
    }


def figures(request: HttpRequest) -> HttpResponse:
    year_from, year_to = year_range(request)
    data = compute_figures(request.user, year_from, year_to)
    this_year = timezone.localdate().year
    return render(
        request,
        "major_decisions/figures.html",
        {
            "figures": data,
            "title": exports.title(data),
            "year_from": year_from,
            "year_to": year_to,
            "years": list(range(this_year + 1, FIRST_YEAR - 1, -1)),
            "tables": exports.figure_tables(data),
            "step_labels": exports.step_labels(data),
            "chart": _chart(data),
        },
    )


def figures_xlsx(request: HttpRequest) -> HttpResponse:
    year_from, year_to = year_range(request)
    data = compute_figures(request.user, year_from, year_to)
    response = HttpResponse(exports.figures_workbook(data), content_type=exports.XLSX_CONTENT_TYPE)
    span = str(year_from) if year_from == year_to else f"{year_from}-{year_to}"
    ascii_name = f"major-decisions-figures-{span}.xlsx"
    chinese_name = quote(f"重大行政决策统计-{span}.xlsx")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{chinese_name}"
    )
    return response


def archive_filename(decision: Decision) -> str:
    safe = "".join(c for c in decision.title if c not in '\\/:*?"<>|\r\n\t')[:60]
    return f"重大行政决策档案-{decision.pk}-{safe}.zip"


def archive_download(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response)
    try:
        export_decision_archive(decision, spool)
    except ArchiveError as exc:
        spool.close()
        return render(
            request,
            "ledger/archive_error.html",
            {
                "record": decision,
                "message": str(exc),
                "history_url": reverse(
                    "ledger:record", args=[decision._meta.label_lower, decision.pk]
                ),
            },
            status=409,
        )
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=archive_filename(decision),
        content_type="application/zip",
    )


def accountability(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    sections = accountability_view.accountability(decision)
    return render(
        request,
        "major_decisions/accountability.html",
        {
            "decision": decision,
            "sections": sections,
            "people": accountability_view.people(sections),
        },
    )
