"""Workspace pages: deadlines with their explanations, and the holiday notices."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import selectors, services
from .forms import HolidayNoticeForm
from .rules import get_rule


def deadline_list(request: HttpRequest) -> HttpResponse:
    deadlines = list(selectors.deadlines_visible(request.user)[:200])
    for deadline in deadlines:
        deadline.rule = get_rule(deadline.rule_id)
    return render(request, "deadlines/deadline_list.html", {"deadlines": deadlines})


def deadline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = selectors.deadline_get(request.user, pk)
    return render(
        request,
        "deadlines/deadline_detail.html",
        {
            "deadline": deadline,
            "rule": get_rule(deadline.rule_id),
        },
    )


def notice_list(request: HttpRequest) -> HttpResponse:
    form = HolidayNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice, changed = services.holiday_notice_save(
                actor=request.user,
                year=data["year"],
                title=data["title"],
                published_on=data["published_on"],
                days=data["days"],
                document_number=data["document_number"],
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, f"已保存《{notice.title}》，重新计算并调整了 {changed} 个期限。"
            )
            return redirect("deadlines:notices")
    return render(
        request,
        "deadlines/notice_list.html",
        {
            "notices": selectors.holiday_notices(),
            "form": form,
            "may_enter": services.may_enter_notices(request.user),
        },
    )
