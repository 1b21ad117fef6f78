"""Staff pages of normative documents, at /workspace/normative-documents/."""

from django.urls import path

from . import views

app_name = "normative_documents"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("import/", views.import_documents, name="import"),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/steps/<slug:code>/", views.step, name="step"),
    path("<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("<int:pk>/competition/", views.competition_review, name="competition"),
    path("<int:pk>/amend/", views.amend, name="amend"),
    path("<int:pk>/end/", views.end, name="end"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("flags/<int:pk>/decide/", views.flag_decide, name="flag_decide"),
    path("filings/", views.filing_list, name="filing_list"),
    path("filings/<int:pk>/", views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/steps/<slug:code>/", views.filing_step, name="filing_step"),
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("cleanups/", views.cleanup_list, name="cleanup_list"),
    path("cleanups/new/", views.cleanup_create, name="cleanup_create"),
    path("cleanups/<int:pk>/", views.cleanup_detail, name="cleanup_detail"),
    path(
        "cleanups/<int:pk>/items/<int:item_pk>/",
        views.cleanup_conclude,
        name="cleanup_conclude",
    ),
    path("cleanups/<int:pk>/publish/", views.cleanup_publish, name="cleanup_publish"),
]
