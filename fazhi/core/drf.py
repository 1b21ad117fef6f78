"""Project-wide DRF pieces named in settings (kept apart from views to avoid import cycles)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc, context):
    """Turn the services' Django exceptions into API answers with Chinese messages."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(
            {"detail": str(exc) or "无权执行此操作。"}, status=status.HTTP_403_FORBIDDEN
        )
    if getattr(exc, "status_code", None) == status.HTTP_409_CONFLICT:
        # "Not allowed now": a procedure step the law forbids, with the articles that say so.
        body = {"detail": str(exc), "citations": list(getattr(exc, "citations", []))}
        return Response(body, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
