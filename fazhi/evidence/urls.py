from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("<str:sha256>/", views.download, name="download"),
]
