from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("record/<str:label>/<str:pk>/", views.record_history, name="record"),
    path("record/<str:label>/<str:pk>/archive.zip", views.record_archive, name="record_archive"),
]
