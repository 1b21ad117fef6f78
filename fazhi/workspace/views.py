"""Staff workspace pages: thin adapters over core and workspace selectors and services."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import policies, selectors, services
from fazhi.core.models import TodoItem
from fazhi.core.modules import MODULES
from fazhi.core.policies import Action

from .forms import PersonForm, UnitForm


def home(request: HttpRequest) -> HttpResponse:
    items = list(selectors.todos_open(request.user)[:100])
    return render(
        request,
        "workspace/home.html",
        {
            "items": items,
            "counts": selectors.alert_counts(items),
            "posts": selectors.my_posts(request.user),
            "modules": MODULES,
        },
    )


def modules(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/modules.html", {"modules": MODULES})


@require_POST
def todo_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(TodoItem, pk=pk, assignee=request.user)
    try:
        services.todo_close(actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    if request.htmx:
        return HttpResponse("")
    return redirect("workspace:home")


def unit_list(request: HttpRequest) -> HttpResponse:
    units = selectors.unit_children_counts(selectors.units_visible(request.user))
    return render(request, "workspace/unit_list.html", {"units": units})


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(request.user, pk)
    return render(
        request,
        "workspace/unit_detail.html",
        {
            "unit": unit,
            "people": selectors.people_of_unit(request.user, unit),
            "can_manage": policies.can(request.user, Action.MANAGE_DIRECTORY, unit.pk),
        },
    )


def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(request.user, pk, Action.MANAGE_DIRECTORY)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                actor=request.user,
                unit=unit,
                **{field: form.cleaned_data[field] for field in form.changed_data},
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "单位信息已保存。")
            return redirect("workspace:unit_detail", pk=unit.pk)
    unit.refresh_from_db()
    return render(
        request,
        "workspace/form.html",
        {
            "form": form,
            "title": f"编辑单位信息：{unit.name}",
            "cancel_url": reverse("workspace:unit_detail", args=[unit.pk]),
        },
    )


def unit_roster_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The unit's staff roster as CSV (UTF-8 with BOM so that Excel opens it in Chinese)."""
    unit = selectors.unit_get(request.user, pk)
    people = selectors.people_of_unit(request.user, unit)

    def rows():
        yield "\ufeff"
        writer = csv.writer(_Echo())
        yield writer.writerow(["姓名", "登录名", "单位", "角色", "职务", "任职开始"])
        for person in people:
            for post in person.active_posts:
                yield writer.writerow(
                    [
                        person.name,
                        person.username,
                        post.unit.name,
                        post.get_role_display(),
                        post.title,
                        post.valid_from,
                    ]
                )

    filename = f"roster-{unit.pk}-{timezone.localdate():%Y%m%d}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk)
    unit_ids = [post.unit_id for post in person.active_posts]
    return render(
        request,
        "workspace/person_detail.html",
        {
            "person": person,
            "can_manage": policies.can(request.user, Action.MANAGE_DIRECTORY, unit_ids),
        },
    )


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(request.user, pk, Action.MANAGE_DIRECTORY)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                **{field: form.cleaned_data[field] for field in form.changed_data},
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "人员信息已保存。")
            return redirect("workspace:person_detail", pk=person.pk)
    return render(
        request,
        "workspace/form.html",
        {
            "form": form,
            "title": f"编辑人员信息：{person.name}",
            "cancel_url": reverse("workspace:person_detail", args=[person.pk]),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
