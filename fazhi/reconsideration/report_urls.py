"""行政复议统计, under /workspace/reconsideration/figures/ (included by urls.py inside the
namespace "reconsideration")."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("", report_views.figures, name="figures"),
    path("export.xlsx", report_views.figures_export, name="figures_export"),
]
