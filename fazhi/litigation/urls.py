"""Staff pages of litigation, under /workspace/litigation/ (namespace "litigation")."""

from django.urls import path

from . import report_views, views

app_name = "litigation"

case = "cases/<int:pk>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_register, name="case_register"),
    path(case, views.case_detail, name="case_detail"),
    path(case + "extensions/<int:sub>/<slug:key>/", views.extension_action, name="extension"),
    path(case + "executions/<int:sub>/perform/", views.execution_perform, name="perform"),
    path(case + "<slug:key>/", views.case_action, name="case_action"),
    path("suggestions/", views.suggestion_list, name="suggestion_list"),
    path("suggestions/new/", views.suggestion_register, name="suggestion_register"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path("figures/", report_views.figures_page, name="figures"),
    path("figures/export.xlsx", report_views.figures_export, name="figures_export"),
]
