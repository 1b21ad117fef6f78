"""Public pages of the plan ledger, at /plans/ (namespace "plans_portal")."""

from django.urls import path

from . import portal_views

app_name = "plans_portal"

urlpatterns = [
    path("", portal_views.index, name="index"),
    path("<int:pk>/", portal_views.plan, name="plan"),
]
