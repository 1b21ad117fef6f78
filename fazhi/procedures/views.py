"""Workspace pages of the procedures: the list of procedures, and each drawn as a diagram with
its steps, guards and legal bases (for the staff manual). Login-only like the whole
workspace; the definitions are public law, so no unit scoping applies."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.models import Role

from .definitions import all_procedures, get_procedure
from .diagram import procedure_svg


def procedure_list(request: HttpRequest) -> HttpResponse:
    return render(request, "procedures/procedure_list.html", {"procedures": all_procedures()})


def procedure_detail(request: HttpRequest, procedure_id: str) -> HttpResponse:
    try:
        procedure = get_procedure(procedure_id)
    except LookupError:
        raise Http404("未找到该程序。") from None
    steps = [
        {
            "step": step,
            "sources": [procedure.state_label(code) for code in step.source],
            "target": procedure.state_label(step.target),
            "roles": [Role(r).label if r in Role.values else r for r in step.roles],
        }
        for step in procedure.steps
    ]
    return render(
        request,
        "procedures/procedure_detail.html",
        {"procedure": procedure, "svg": procedure_svg(procedure), "steps": steps},
    )
