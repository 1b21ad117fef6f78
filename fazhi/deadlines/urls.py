from django.urls import path

from . import views

app_name = "deadlines"

urlpatterns = [
    path("", views.deadline_list, name="list"),
    path("<int:pk>/", views.deadline_detail, name="detail"),
    path("notices/", views.notice_list, name="notices"),
]
