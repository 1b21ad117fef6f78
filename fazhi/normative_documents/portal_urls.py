"""Public pages of normative documents (统一公开查询), at /documents/."""

from django.urls import path

from . import portal_views

app_name = "normdocs_portal"

urlpatterns = [
    path("", portal_views.index, name="index"),
    path("<int:pk>/", portal_views.detail, name="detail"),
    path("comments/", portal_views.comment_index, name="comments"),
    path("comments/<int:pk>/", portal_views.comment_draft, name="comment_draft"),
]
