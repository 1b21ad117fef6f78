"""Staff pages of enforcement (placeholder until the workspace pages land)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "enforcement/index.html", {})
