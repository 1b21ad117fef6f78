from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("<str:procedure_id>/", views.procedure_detail, name="detail"),
]
