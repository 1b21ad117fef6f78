"""Staff pages of the plan ledger, under /workspace/plans/ (namespace "plans")."""

from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("drafts/<int:pk>/", views.draft_review, name="draft"),
    path("drafts/<int:pk>/discard/", views.draft_discard, name="draft_discard"),
    path("plans/<int:pk>/", views.plan_overview, name="plan"),
    path("plans/<int:pk>/settings/", views.plan_settings, name="plan_settings"),
    path("plans/<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
    path("plans/<int:pk>/import/", views.plan_ledger_import, name="plan_import"),
    path("mine/", views.my_tasks, name="mine"),
    path("review/", views.review_list, name="review"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/report/", views.report_new, name="report_new"),
    path("tasks/<int:pk>/<slug:key>/", views.task_action, name="task_action"),
    path("reports/<int:pk>/resubmit/", views.report_resubmit, name="report_resubmit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
]
