"""Public pages of major decisions (重大行政决策), at /decisions/."""

from django.urls import path

from . import portal_views

app_name = "major_decisions_portal"

urlpatterns = [
    path("", portal_views.index, name="index"),
    path("catalogs/<int:year>/", portal_views.catalog_year, name="catalog"),
    path("solicitations/<int:pk>/", portal_views.solicitation, name="solicitation"),
    path("solicitations/<int:pk>/sent/", portal_views.comment_sent, name="comment_sent"),
    path("hearings/<int:pk>/", portal_views.hearing, name="hearing"),
    path("<int:pk>/", portal_views.decision, name="decision"),
    path("<int:pk>/files/<int:attachment_pk>/", portal_views.attachment, name="attachment"),
]
