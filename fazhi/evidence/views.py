"""Evidence download in the workspace: scoped by unit (404 outside the person's reach) and
re-verified against the registered SHA-256 on every download."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .models import StoredFile
from .services import EvidenceCorrupted, file_open_verified


def download(request: HttpRequest, sha256: str) -> HttpResponse:
    try:
        stored = selectors.stored_file(request.user, sha256)
    except StoredFile.DoesNotExist:
        raise Http404("未找到该证据文件。") from None
    try:
        handle = file_open_verified(stored)
    except EvidenceCorrupted as exc:
        return render(
            request, "evidence/corrupted.html", {"stored": stored, "message": str(exc)}, status=409
        )
    response = FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-SHA256"] = stored.sha256
    response["X-Content-Type-Options"] = "nosniff"
    return response
