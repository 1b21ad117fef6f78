"""Staff pages of enforcement, under /workspace/enforcement/ (namespace "enforcement")."""

from django.urls import include, path

from . import views

app_name = "enforcement"

case = "cases/<int:pk>/"

urlpatterns = [
    path("", views.index, name="index"),
    # bodies and officers
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_register, name="body_register"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", views.body_register, name="body_edit"),
    path("bodies/<int:pk>/officers/new/", views.officer_register, name="officer_register"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/<int:pk>/", views.officer_detail, name="officer_detail"),
    path("officers/<int:pk>/exams/", views.exam_record, name="exam_record"),
    path("officers/<int:pk>/certificates/", views.certificate_issue, name="certificate_issue"),
    path("officers/<int:pk>/trainings/", views.training_record, name="training_record"),
    path("certificates/<int:pk>/status/", views.certificate_status, name="certificate_status"),
    path("officers/<int:pk>/leave/", views.officer_leave, name="officer_leave"),
    # items, benchmarks, exemption lists
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/benchmarks/new/", views.benchmark_create, name="benchmark_create"),
    path("items/<int:pk>/exemptions/", views.exemption_add, name="exemption_add"),
    # cases
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_open, name="case_open"),
    path(case, views.case_detail, name="case_detail"),
    path(case + "officers/", views.case_assign, name="case_assign"),
    path(case + "evidence/", views.case_evidence, name="case_evidence"),
    path(case + "preservations/", views.preservation_start, name="preservation_start"),
    path(
        case + "preservations/<int:sub>/handle/",
        views.preservation_handle,
        name="preservation_handle",
    ),
    path(case + "proposal/", views.case_propose, name="case_propose"),
    path(case + "notices/", views.case_notify, name="case_notify"),
    path(case + "statements/", views.statement_record, name="statement_record"),
    path(case + "statements/<int:sub>/answer/", views.statement_answer, name="statement_answer"),
    path(case + "hearings/", views.hearing_request, name="hearing_request"),
    path(case + "hearings/<int:sub>/notify/", views.hearing_notify, name="hearing_notify"),
    path(case + "hearings/<int:sub>/hold/", views.hearing_hold, name="hearing_hold"),
    path(case + "hearings/<int:sub>/withdraw/", views.hearing_withdraw, name="hearing_withdraw"),
    path(case + "review/submit/", views.review_submit, name="review_submit"),
    path(case + "review/", views.review_record, name="review_record"),
    path(case + "ready/", views.case_ready, name="case_ready"),
    path(case + "discussions/", views.discussion_record, name="discussion_record"),
    path(case + "extensions/", views.case_extend, name="case_extend"),
    path(case + "decision/", views.case_decide, name="case_decide"),
    path(case + "decision/on-spot/", views.case_decide_on_spot, name="case_decide_on_spot"),
    path(case + "service/", views.case_serve, name="case_serve"),
    path(case + "arrangements/", views.payment_arrange, name="payment_arrange"),
    path(case + "payments/", views.payment_record, name="payment_record"),
    path(case + "challenges/", views.challenge_record, name="challenge_record"),
    path(case + "challenges/<int:sub>/end/", views.challenge_end, name="challenge_end"),
    path(case + "court/", views.court_apply, name="court_apply"),
    path(case + "close/", views.case_close, name="case_close"),
    path(case + "transfers/", views.case_transfer, name="case_transfer"),
    path(case + "transfers/<int:sub>/feedback/", views.transfer_feedback, name="transfer_feedback"),
    path(case + "dismiss/", views.case_dismiss, name="case_dismiss"),
    path(case + "publication/", views.case_publish, name="case_publish"),
    path(
        case + "publication/withdraw/",
        views.publication_withdraw,
        name="publication_withdraw",
    ),
    path(
        case + "publication/end-early/",
        views.publication_end_early,
        name="publication_end_early",
    ),
    path(case + "documents/<slug:kind>.docx", views.case_document, name="case_document"),
    # Random inspections and case-file evaluation (inspection_urls.py); supervision
    # (report_urls.py).
    path("inspections/", include("fazhi.enforcement.inspection_urls")),
    path("supervision/", include("fazhi.enforcement.report_urls")),
]
