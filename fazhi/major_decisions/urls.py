"""Staff pages of major administrative decisions, at /workspace/major-decisions/."""

from django.urls import path

from . import report_views, views

app_name = "major_decisions"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.start, name="start"),
    # the yearly catalog
    path("catalogs/new/", views.catalog_create, name="catalog_create"),
    path("catalogs/<int:pk>/", views.catalog, name="catalog"),
    path("catalogs/<int:pk>/items/", views.item_propose, name="item_propose"),
    path("catalogs/<int:pk>/steps/<slug:code>/", views.catalog_step, name="catalog_step"),
    path("catalogs/<int:pk>/adjust/", views.catalog_adjust, name="catalog_adjust"),
    path("items/<int:pk>/decide/", views.item_decide, name="item_decide"),
    # one decision
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/steps/<slug:code>/", views.step, name="step"),
    path("<int:pk>/review-response/", views.review_respond, name="review_respond"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/local-steps/", views.local_step, name="local_step"),
    path("<int:pk>/risk/", views.risk_assess, name="risk"),
    # public participation
    path("<int:pk>/periods/new/", views.period_open, name="period_open"),
    path("periods/<int:pk>/", views.period, name="period"),
    path("periods/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("periods/<int:pk>/feedback/", views.feedback_publish, name="feedback"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    # hearings
    path("<int:pk>/hearings/new/", views.hearing_announce, name="hearing_announce"),
    path("hearings/<int:pk>/", views.hearing, name="hearing"),
    path(
        "hearings/<int:pk>/participants/", views.hearing_participants, name="hearing_participants"
    ),
    path("hearings/<int:pk>/materials/", views.hearing_materials, name="hearing_materials"),
    path("hearings/<int:pk>/hold/", views.hearing_hold, name="hearing_hold"),
    path("hearings/<int:pk>/cancel/", views.hearing_cancel, name="hearing_cancel"),
    # experts
    path("experts/", views.expert_list, name="expert_list"),
    path("experts/new/", views.expert_edit, name="expert_create"),
    path("experts/<int:pk>/", views.expert_edit, name="expert_edit"),
    path("experts/<int:pk>/conflicts/", views.conflict_declare, name="conflict_declare"),
    path("<int:pk>/expert-reviews/", views.review_start, name="review_start"),
    path("expert-reviews/<int:pk>/", views.review, name="review"),
    path("expert-reviews/<int:pk>/draw/", views.review_draw, name="review_draw"),
    path("expert-reviews/<int:pk>/select/", views.review_select, name="review_select"),
    path("expert-reviews/<int:pk>/conclude/", views.review_conclude, name="review_conclude"),
    path("opinions/<int:pk>/", views.opinion_record, name="opinion_record"),
    # execution and evaluation
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("<int:pk>/tasks/", views.task_create, name="task_create"),
    path("<int:pk>/evaluations/new/", views.evaluation_start, name="evaluation_start"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    # figures, the archive and accountability (report_views)
    path("figures/", report_views.figures, name="figures"),
    path("figures.xlsx", report_views.figures_xlsx, name="figures_xlsx"),
    path("<int:pk>/archive.zip", report_views.archive_download, name="archive"),
    path("<int:pk>/accountability/", report_views.accountability, name="accountability"),
]
