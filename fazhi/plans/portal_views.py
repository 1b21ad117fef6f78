"""Public pages of the plan ledger, at /plans/: the plans the office chose to publish
(`Plan.is_public`) and, for each, its tasks with their status, due date, lead unit and the
progress the office accepted — nothing else. No page names a person (uploader, reporter,
reviewer), shows an evidence file, a report that was not accepted, or a review comment.

Every view is public one by one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import exports
from .models import Plan, Task, TaskStatus, TaskUnit


def public_plans() -> QuerySet[Plan]:
    return (
        Plan.objects.filter(is_public=True)
        .select_related("owner")
        .only(
            "pk",
            "title",
            "doc_number",
            "issuers",
            "published_on",
            "imported_at",
            "owner__name",
        )
    )


def _public_tasks(plan: Plan) -> QuerySet[Task]:
    links = TaskUnit.objects.select_related("unit").only(
        "task_id", "role", "unit__name", "external_name", "written", "position"
    )
    return (
        Task.objects.filter(plan=plan)
        .select_related("unit")
        .prefetch_related(Prefetch("units", queryset=links))
        .only(
            "pk",
            "plan_id",
            "position",
            "number",
            "section",
            "title",
            "state",
            "due_on",
            "period",
            "completed_on",
            "latest_progress",
            "unit__name",
        )
        .order_by("position")
    )


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    plans = public_plans().annotate(task_count=Count("tasks")).order_by("-published_on", "-pk")
    return render(request, "plans/portal/index.html", {"plans": plans})


@login_not_required
@require_safe
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = public_plans().filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该规划，或该规划未公开。")
    rows = []
    counts = {s.value: 0 for s in TaskStatus}
    for task in _public_tasks(found):
        counts[task.state] = counts.get(task.state, 0) + 1
        rows.append(
            {
                "number": task.number,
                "section": task.section,
                "title": task.title,
                "status": exports.status_label(task),
                "state": task.state,
                "due": exports.due_label(task),
                "lead": exports.lead_text(task) or task.unit.name,
                "progress": task.latest_progress,
                "completed_on": task.completed_on,
            }
        )
    return render(
        request,
        "plans/portal/plan.html",
        {
            "plan": found,
            "rows": rows,
            "counts": [(s.label, counts.get(s.value, 0)) for s in TaskStatus],
        },
    )
