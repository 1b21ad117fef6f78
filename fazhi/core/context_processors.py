from django.conf import settings

from .selectors import root_government


def site(request):
    """The government's name for page titles; one cheap query, cached per request."""
    if not hasattr(request, "_fazhi_government"):
        government = root_government()
        request._fazhi_government = settings.FAZHI_GOVERNMENT_NAME or (
            government.name if government else "法治政府建设平台"
        )
    return {"government_name": request._fazhi_government}
