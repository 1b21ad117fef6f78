"""The public portal. Every view here is marked public one by one; nothing personal is shown."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.models import GOVERNMENT_KINDS, Unit, UnitKind
from fazhi.core.modules import MODULES
from fazhi.core.selectors import root_government

# The sections where modules publish, in the order the portal shows them.
PUBLIC_SECTIONS = (
    "normative_documents",
    "major_decisions",
    "enforcement",
    "disclosure",
    "reconsideration",
    "plans",
    "assessment",
)


def _sections():
    by_code = {module.code: module for module in MODULES}
    return [by_code[code] for code in PUBLIC_SECTIONS]


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"sections": _sections()})


@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    government = root_government()
    departments = []
    if government is not None:
        departments = (
            Unit.objects.get_children(government)
            .filter(valid_to__isnull=True)
            .exclude(kind__in=GOVERNMENT_KINDS)
            .only("name", "kind", "address", "phone")
        )
    return render(
        request,
        "portal/about.html",
        {
            "government": government,
            "departments": [
                u for u in departments if u.kind not in (UnitKind.STREET, UnitKind.TOWNSHIP)
            ],
            "streets": [u for u in departments if u.kind in (UnitKind.STREET, UnitKind.TOWNSHIP)],
        },
    )


@login_not_required
def publications(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/publications.html", {"sections": _sections()})
