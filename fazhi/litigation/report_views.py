"""行政应诉 figures: the page of the 司法局 (every agency of its district) and of an agency (its
own), with charts and the .xlsx workbook. Every read is scoped to the person; an agency out of
reach asked for by `unit` is 404."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.core import policies
from fazhi.core.models import Unit

from . import exports, figures
from .figures import Figures

FIRST_YEAR = 2015  # 行政诉讼法 as amended in 2014, in force 2015-05-01


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        return today.year
    return year if FIRST_YEAR <= year <= today.year else today.year


def _unit(request: HttpRequest) -> Unit | None:
    value = request.GET.get("unit")
    if not value:
        return None
    try:
        unit = Unit.objects.get(pk=int(value))
    except (ValueError, Unit.DoesNotExist):
        raise Http404("记录不存在或您无权查看。") from None
    if not policies.can(request.user, policies.Action.VIEW, unit.pk):
        raise Http404("记录不存在或您无权查看。")
    return unit


def _chart(data: Figures) -> dict:
    agencies = data.agencies
    names = [a.unit.short_name or a.unit.name for a in agencies]
    return {
        "agencies": names,
        "received": [a.counts.received for a in agencies],
        "concluded": [a.counts.concluded for a in agencies],
        "results": [
            {"name": label, "data": [getattr(a.counts, code) for a in agencies]}
            for code, label in (
                ("win", "胜诉"),
                ("loss", "败诉"),
                ("withdrawn", "撤诉"),
                ("mediated", "调解"),
                ("other", "其他"),
            )
        ],
        "head": [a.counts.head for a in agencies],
        "staff_only": [a.counts.heard - a.counts.head for a in agencies],
        "head_rate": [
            None if a.counts.head_rate is None else round(a.counts.head_rate * 100, 1)
            for a in agencies
        ],
        "replied": [a.counts.replied for a in agencies],
        "unreplied": [a.counts.suggestions - a.counts.replied for a in agencies],
    }


def figures_page(request: HttpRequest) -> HttpResponse:
    year, unit = _year(request), _unit(request)
    data = figures.yearly(request.user, year, unit=unit)
    unanswered = list(figures.unanswered(request.user, unit=unit)[:100])
    query = f"year={year}" + (f"&unit={unit.pk}" if unit else "")
    return render(
        request,
        "litigation/figures.html",
        {
            "figures": data,
            "unit": unit,
            "year": year,
            "years": list(range(data.today.year, FIRST_YEAR - 1, -1)),
            "query": query,
            "tables": exports.figure_tables(data),
            "definitions": exports.DEFINITIONS,
            "unanswered": exports.unanswered_rows(unanswered, data.today),
            "unanswered_headers": exports.UNANSWERED_HEADERS,
            "chart": _chart(data),
            "rates": {
                "loss": exports.percent(data.total.loss_rate),
                "head": exports.percent(data.total.head_rate),
                "reply": exports.percent(data.total.reply_rate),
            },
            "chart_height": max(14, 1.5 * len(data.agencies) + 4),
        },
    )


def figures_export(request: HttpRequest) -> HttpResponse:
    year, unit = _year(request), _unit(request)
    data = figures.yearly(request.user, year, unit=unit)
    unanswered = figures.unanswered(request.user, unit=unit)
    who = f"-{unit.name}" if unit else ""
    response = HttpResponse(
        exports.workbook(data, unanswered), content_type=exports.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="litigation-{year}.xlsx"; '
        f"filename*=UTF-8''{quote(f'行政应诉{who}-{year}.xlsx')}"
    )
    return response
