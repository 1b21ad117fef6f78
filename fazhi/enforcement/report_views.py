"""执法监督: the supervision page of the legal affairs office (every body it supervises) and of
a department (its own), a page per body, the workbook, and the publication of a body's annual
statistics (国办发〔2018〕118号二（六）). Login-only (the middleware); every read is scoped to
the person (the 司法局 reaches the bodies of the government it supervises, a department its
own), and a body out of reach is 404."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.models import Post
from fazhi.core.policies import Action, post_reaches

from . import exports, figures, law, selectors, services
from .figures import Figures, annual_rows, year_period
from .models import AnnualStatistics, Body

FIRST_YEAR = 2019
LATE_PER_PAGE = 50
PUBLISHERS = ("leader", "unit_admin")  # services.statistics_publish: the body's 负责人 or admin


def period(request: HttpRequest) -> tuple[date, date]:
    """The period asked for: `start` and `end` (ISO dates) when both are valid, else the
    calendar year `year` (2019 … this year; this year by default)."""
    today = timezone.localdate()
    start, end = law.as_date(request.GET.get("start")), law.as_date(request.GET.get("end"))
    if start and end and date(FIRST_YEAR, 1, 1) <= start <= end <= date(today.year, 12, 31):
        return start, end
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if not FIRST_YEAR <= year <= today.year:
        year = today.year
    return year_period(year)


def _query(start: date, end: date) -> str:
    if (start, end) == year_period(start.year):
        return urlencode({"year": start.year})
    return urlencode({"start": start.isoformat(), "end": end.isoformat()})


def _chart(data: Figures) -> dict:
    bodies = data.bodies
    return {
        "bodies": [b.body.unit.short_name or b.body.unit.name for b in bodies],
        "states": [
            {"name": label, "data": [b.counts.states.get(code, 0) for b in bodies]}
            for code, label in figures.STATES
        ],
        "on_time": [b.counts.on_time for b in bodies],
        "late": [b.counts.late for b in bodies],
        "disclosed_on_time": [b.counts.disclosed_on_time for b in bodies],
        "disclosed_late": [b.counts.disclosed_late for b in bodies],
        "undisclosed_overdue": [b.counts.undisclosed_overdue for b in bodies],
        "outcomes": [
            {"name": name, "value": value}
            for name, value in (
                ("给予行政处罚", data.total.penalty),
                ("不予行政处罚", data.total.no_penalty),
                ("违法事实不能成立", data.total.not_established),
            )
            if value
        ],
        "reduced": [float(b.counts.reduced) for b in bodies],
        "relieved": [b.counts.relieved for b in bodies],
    }


def _page(request: HttpRequest, data: Figures, *, body: Body | None, template: str, **extra):
    start, end = data.start, data.end
    late = figures.late_publications(request.user, start, end, body=body, today=data.today)
    page = Paginator(late, LATE_PER_PAGE).get_page(request.GET.get("page"))
    this_year = data.today.year
    return render(
        request,
        template,
        {
            "figures": data,
            "body": body,
            "title": data.title,
            "year": data.year,
            "years": list(range(this_year, FIRST_YEAR - 1, -1)),
            "start": start,
            "end": end,
            "query": _query(start, end),
            "tables": exports.figure_tables(data, display=True),
            "late_page": page,
            "late_rows": exports.late_rows(page.object_list, data.today),
            "late_headers": exports.LATE_HEADERS,
            "chart": _chart(data),
            "chart_height": max(16, 1.5 * len(data.bodies) + 4),
            "training_target": exports.training_target(),
            **extra,
        },
    )


def supervision(request: HttpRequest) -> HttpResponse:
    start, end = period(request)
    data = figures.supervision(request.user, start, end)
    last = timezone.localdate().year - 1
    published = {
        s.body_id: s
        for s in AnnualStatistics.objects.filter(body__in=[b.body for b in data.bodies], year=last)
    }
    return _page(
        request,
        data,
        body=None,
        template="enforcement/supervision/index.html",
        statistics_year=last,
        statistics_due=law.statistics_due(last),
        statistics=[(b.body, published.get(b.body.pk)) for b in data.bodies],
    )


def supervision_body(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_for(request.user, pk)
    start, end = period(request)
    data = figures.supervision(request.user, start, end, body=body)
    last = timezone.localdate().year - 1
    state = figures.statistics_state(body, last)
    preview = None if state["published"] else annual_rows(figures.annual_statistics(body, last))
    history = list(AnnualStatistics.objects.filter(body=body).order_by("-year"))
    return _page(
        request,
        data,
        body=body,
        template="enforcement/supervision/body.html",
        row=data.bodies[0] if data.bodies else None,
        statistics=state,
        preview=preview,
        history=[(s, annual_rows(s.figures)) for s in history],
        can_publish=can_publish(request.user, body),
    )


def can_publish(person, body: Body) -> bool:
    """Whether the person holds a post that may publish the body's statistics (the service
    decides; this only chooses whether to show the form)."""
    posts = Post.objects.active().filter(person=person, role__in=PUBLISHERS).select_related("unit")
    return any(post_reaches(p.unit, p.role, body.unit_id, Action.CHANGE) for p in posts)


def _attachment(content: bytes, ascii_name: str, chinese_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(chinese_name)}"
    )
    return response


def supervision_export(request: HttpRequest) -> HttpResponse:
    """The workbook of the supervision page (or of one body's page, with `body`)."""
    body = (
        selectors.body_for(request.user, request.GET["body"]) if request.GET.get("body") else None
    )
    start, end = period(request)
    data = figures.supervision(request.user, start, end, body=body)
    late = figures.late_publications(request.user, start, end, body=body, today=data.today)
    span = str(data.year) if data.year else f"{start:%Y%m%d}-{end:%Y%m%d}"
    who = f"-{body.unit.name}" if body else ""
    return _attachment(
        exports.workbook(data, late),
        f"enforcement-supervision-{span}.xlsx",
        f"行政执法监督{who}-{span}.xlsx",
    )


@require_POST
def statistics_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the body's statistics for a past year (services.statistics_publish), computed by
    figures.annual_statistics. Refused, with the reason, when already published or the year
    has not ended; a person without the right gets 403."""
    body = selectors.body_for(request.user, pk)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "年度无效。")
        return redirect("enforcement:supervision_body", pk=body.pk)
    try:
        stats = services.statistics_publish(
            actor=request.user,
            body=body,
            year=year,
            figures=figures.annual_statistics(body, year),
            request=request,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        due = law.statistics_due(year)
        late = "（已超过1月31日的公布期限）" if stats.published_on > due else ""
        messages.success(request, f"已公布{body}{year}年度行政执法数据{late}。")
    return redirect("enforcement:supervision_body", pk=body.pk)


def statistics_export(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """A body's published statistics of `year` as a workbook (404 when not published)."""
    body = selectors.body_for(request.user, pk)
    stats = AnnualStatistics.objects.filter(body=body, year=year).first()
    if stats is None:
        raise Http404("该年度执法数据尚未公布。")
    return _attachment(
        exports.annual_workbook(body.unit.name, year, annual_rows(stats.figures)),
        f"enforcement-statistics-{year}.xlsx",
        f"{body.unit.name}{year}年度行政执法数据.xlsx",
    )
