from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fazhi.core.views import LoginView

urlpatterns = [
    path("", include("fazhi.portal.urls")),
    path("workspace/", include("fazhi.workspace.urls")),
    path("workspace/deadlines/", include("fazhi.deadlines.urls")),
    path("workspace/procedures/", include("fazhi.procedures.urls")),
    path("workspace/ledger/", include("fazhi.ledger.urls")),
    path("workspace/evidence/", include("fazhi.evidence.urls")),
    path("workspace/normative-documents/", include("fazhi.normative_documents.urls")),
    path("documents/", include("fazhi.normative_documents.portal_urls")),
    path("workspace/major-decisions/", include("fazhi.major_decisions.urls")),
    path("decisions/", include("fazhi.major_decisions.portal_urls")),
    path("workspace/enforcement/", include("fazhi.enforcement.urls")),
    path("enforcement/", include("fazhi.enforcement.portal_urls")),
    path("workspace/reconsideration/", include("fazhi.reconsideration.urls")),
    path("reconsideration/", include("fazhi.reconsideration.portal_urls")),
    path("workspace/litigation/", include("fazhi.litigation.urls")),
    path("litigation/", include("fazhi.litigation.portal_urls")),
    path("workspace/plans/", include("fazhi.plans.urls")),
    path("plans/", include("fazhi.plans.portal_urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("config.api_urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "fazhi 管理后台"
admin.site.site_title = "fazhi 管理后台"
