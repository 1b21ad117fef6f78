"""The project's URLs, with the procedures pages at /workspace/procedures/ if config/urls.py
does not include them yet."""

from django.urls import URLResolver, include, path

from config.urls import urlpatterns as project_urlpatterns

_included = any(
    isinstance(pattern, URLResolver) and pattern.namespace == "procedures"
    for pattern in project_urlpatterns
)

urlpatterns = list(project_urlpatterns)
if not _included:
    urlpatterns.insert(0, path("workspace/procedures/", include("fazhi.procedures.urls")))
