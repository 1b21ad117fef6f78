from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import AnonRateThrottle

from fazhi.core.api import MeViewSet, PersonViewSet, UnitViewSet
from fazhi.normative_documents.api import PublicDocumentViewSet


class TokenThrottle(AnonRateThrottle):
    scope = "token"


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token (rate-limited like the login page)."""

    throttle_classes = [TokenThrottle]


router = DefaultRouter()
router.register("me", MeViewSet, basename="me")
router.register("units", UnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("documents", PublicDocumentViewSet, basename="public-document")

urlpatterns = [
    path("", include(router.urls)),
    path("token/", login_not_required(TokenView.as_view()), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/", login_required(SpectacularSwaggerView.as_view(url_name="schema")), name="api-docs"
    ),
]
