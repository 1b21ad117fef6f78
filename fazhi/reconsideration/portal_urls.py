"""Public pages of reconsideration, at /reconsideration/."""

from django.urls import path

from . import portal_views

app_name = "reconsideration_portal"

urlpatterns = [
    path("", portal_views.index, name="index"),
    path("apply/", portal_views.apply, name="apply"),
    path("apply/receipt/", portal_views.receipt, name="receipt"),
    path("status/", portal_views.status, name="status"),
    path("decisions/", portal_views.decisions, name="decisions"),
    path("decisions/<int:pk>/", portal_views.decision, name="decision"),
]
