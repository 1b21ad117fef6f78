from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("publications/", views.publications, name="publications"),
    path("transparency/", views.transparency, name="transparency"),
    path("transparency/checkpoint.json", views.checkpoint_document, name="checkpoint"),
    path("transparency/proof/<str:label>/<str:pk>/", views.record_proof, name="record_proof"),
    path("transparency/verifier.py", views.verifier, name="verifier"),
]
