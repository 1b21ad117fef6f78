"""Staff pages of random inspections (双随机、一公开), the .xlsx imports and case-file evaluation
(案卷评查), at /workspace/enforcement/inspections/ (included from urls.py in the namespace
"enforcement")."""

from django.urls import path

from . import inspection_views as views

urlpatterns = [
    # plans, the draw and its bundle, inspection results
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/commit/", views.plan_commit, name="plan_commit"),
    path("<int:pk>/draw/", views.plan_draw, name="plan_draw"),
    path("<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("<int:pk>/bundle.zip", views.plan_bundle, name="plan_bundle_staff"),
    path("records/<int:pk>/", views.inspection_record, name="inspection_record"),
    # targets, conflicts, checklists, imports
    path("entities/", views.entity_list, name="entity_list"),
    path("entities/import/", views.entities_import, name="entities_import"),
    path("items/import/", views.items_import, name="items_import"),
    path("items/<int:pk>/checklist/", views.checklist_edit, name="checklist_edit"),
    path("conflicts/", views.conflict_list, name="conflict_list"),
    # case-file evaluation
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/commit/", views.campaign_commit, name="campaign_commit"),
    path("campaigns/<int:pk>/draw/", views.campaign_draw, name="campaign_draw"),
    path("campaigns/<int:pk>/bundle.zip", views.campaign_bundle, name="campaign_bundle_staff"),
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/new/", views.standard_create, name="standard_create"),
    path("files/<int:pk>/", views.file_detail, name="file_detail"),
    path(
        "files/<int:pk>/rectifications/",
        views.rectification_require,
        name="rectification_require",
    ),
    path(
        "rectifications/<int:pk>/report/",
        views.rectification_report,
        name="rectification_report",
    ),
    path(
        "rectifications/<int:pk>/accept/",
        views.rectification_accept,
        name="rectification_accept",
    ),
]
