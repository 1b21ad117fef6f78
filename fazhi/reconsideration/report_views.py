"""行政复议统计: the yearly figures over the cases the person reaches (the 司法局 that handles
them: all of them; an agency: the cases against it), the page with its charts and the
workbook. Login-only (the middleware); every read is scoped by `selectors.cases_for`."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.core import policies
from fazhi.core.models import Person

from . import exports
from .figures import FIRST_YEAR, Figures, yearly
from .models import DecisionKind, Outcome


def year_of(request: HttpRequest) -> int:
    """The year asked for (FIRST_YEAR … this year; this year by default)."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    return year if FIRST_YEAR <= year <= this_year else this_year


def scope_label(person: Person) -> str:
    """Whose cases the figures count, in words."""
    ids = policies.unit_ids_for(person, policies.Action.VIEW)
    if ids is None:
        return "全部案件"
    return "有权查看的案件"


def _chart(data: Figures) -> dict:
    total = data.total
    respondents = data.respondents[:15]
    return {
        "respondents": [r.label for r in respondents],
        "received": [r.counts.received for r in respondents],
        "closed": [r.counts.closed for r in respondents],
        "corrected": [r.counts.corrected for r in respondents],
        "outcomes": [
            {"name": label, "value": value}
            for label, value in (
                (Outcome.DECIDED.label, total.decided),
                (Outcome.MEDIATED.label, total.mediated),
                (Outcome.TERMINATED.label, total.terminated),
                (Outcome.NOT_ACCEPTED.label, total.not_accepted),
                (Outcome.ABANDONED.label, total.abandoned),
                ("案前化解", total.resolved),
                (Outcome.WITHDRAWN.label, total.withdrawn),
            )
            if value
        ],
        "decisions": [
            {"name": label.split("（")[0], "value": total.decisions.get(code, 0)}
            for code, label in DecisionKind.choices
            if total.decisions.get(code, 0)
        ],
        "subjects": [r.label for r in data.subjects],
        "subject_received": [r.counts.received for r in data.subjects],
    }


def _rates(data: Figures) -> dict[str, str]:
    t = data.total
    return {
        "acceptance": exports.rate(t.acceptance_rate, True),
        "closure": exports.rate(t.closure_rate, True),
        "correction": exports.rate(t.correction_rate, True),
        "on_time": exports.rate(t.on_time_rate, True),
    }


def figures(request: HttpRequest) -> HttpResponse:
    year = year_of(request)
    data = yearly(request.user, year)
    return render(
        request,
        "reconsideration/figures.html",
        {
            "figures": data,
            "title": data.title,
            "year": year,
            "years": list(range(data.today.year, FIRST_YEAR - 1, -1)),
            "scope": scope_label(request.user),
            "tables": exports.figure_tables(data, display=True),
            "definitions": exports.DEFINITIONS,
            "rates": _rates(data),
            "chart": _chart(data),
            "chart_height": max(16, 1.6 * len(data.respondents[:15]) + 4),
        },
    )


def figures_export(request: HttpRequest) -> HttpResponse:
    """The page's figures as a workbook (no applicant, agent or case in it)."""
    year = year_of(request)
    data = yearly(request.user, year)
    response = HttpResponse(
        exports.workbook(data, scope_label(request.user)),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = (
        f'attachment; filename="reconsideration-figures-{year}.xlsx"; '
        f"filename*=UTF-8''{quote(f'行政复议统计-{year}.xlsx')}"
    )
    return response
