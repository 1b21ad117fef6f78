"""Staff pages of enforcement, under /workspace/enforcement/ (namespace "enforcement")."""

from django.urls import include, path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("", views.index, name="index"),
    # Random inspections and case-file evaluation (inspection_urls.py), supervision (report_urls.py).
    path("inspections/", include("fazhi.enforcement.inspection_urls")),
    path("supervision/", include("fazhi.enforcement.report_urls")),
]
