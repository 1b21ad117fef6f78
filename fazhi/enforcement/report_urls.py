"""执法监督 pages, under /workspace/enforcement/supervision/ (included inside the namespace
"enforcement" by urls.py)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("", report_views.supervision, name="supervision"),
    path("export.xlsx", report_views.supervision_export, name="supervision_export"),
    path("bodies/<int:pk>/", report_views.supervision_body, name="supervision_body"),
    path(
        "bodies/<int:pk>/statistics/",
        report_views.statistics_publish,
        name="statistics_publish",
    ),
    path(
        "bodies/<int:pk>/statistics/<int:year>.xlsx",
        report_views.statistics_export,
        name="statistics_export",
    ),
]
