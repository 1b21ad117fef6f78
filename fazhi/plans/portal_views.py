"""Public pages of the plan ledger, at /plans/: the plans the office chose to publish
(`Plan.is_public`) and, for each, its tasks with their status, due date, lead unit and the
progress the office accepted — nothing else. No page names a person (uploader, reporter,
reviewer), shows an evidence file, a report that was not accepted, or a review comment.

Every view is public one by one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import exports, selectors
from .models import TaskStatus


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    plans = (
        selectors.public_plans()
        .annotate(task_count=Count("tasks"))
        .order_by("-published_on", "-pk")
    )
    return render(request, "plans/portal/index.html", {"plans": plans})


@login_not_required
@require_safe
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_plans().filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该规划，或该规划未公开。")
    rows = []
    counts = {s.value: 0 for s in TaskStatus}
    for task in selectors.public_tasks(found):
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
