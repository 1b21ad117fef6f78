"""Public pages of enforcement (行政执法公示), at /enforcement/."""

from django.urls import path

from . import portal_views

app_name = "enforcement_portal"

urlpatterns = [
    path("", portal_views.index, name="index"),
    path("bodies/", portal_views.bodies, name="bodies"),
    path("bodies/<int:pk>/", portal_views.body, name="body"),
    path("review-list/", portal_views.review_list, name="review_list"),
    path("officers/", portal_views.officers, name="officers"),
    path("certificates/<str:token>/", portal_views.certificate, name="certificate"),
    path("certificates/<str:token>/qr.svg", portal_views.certificate_qr, name="certificate_qr"),
    path("benchmarks/", portal_views.benchmarks, name="benchmarks"),
    path("items/<int:pk>/", portal_views.item, name="item"),
    path("exemptions/", portal_views.exemptions, name="exemptions"),
    path("decisions/", portal_views.publications, name="publications"),
    path("decisions/withdrawn/", portal_views.withdrawn, name="withdrawn"),
    path("decisions/<int:pk>/", portal_views.publication, name="publication"),
    path("statistics/", portal_views.statistics, name="statistics"),
    path("inspections/", portal_views.plans, name="plans"),
    path("inspections/<int:pk>/", portal_views.plan, name="plan"),
    path("inspections/<int:pk>/bundle.zip", portal_views.plan_bundle, name="plan_bundle"),
    path("evaluations/", portal_views.campaigns, name="campaigns"),
    path("evaluations/<int:pk>/", portal_views.campaign, name="campaign"),
    path("evaluations/<int:pk>/bundle.zip", portal_views.campaign_bundle, name="campaign_bundle"),
    path("tools/fazhi_draw.py", portal_views.draw_script, name="draw_script"),
]
