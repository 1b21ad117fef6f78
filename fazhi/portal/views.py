"""The public portal. Every view here is marked public one by one; nothing personal is shown."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from fazhi.core.models import GOVERNMENT_KINDS, Unit, UnitKind
from fazhi.core.modules import MODULES
from fazhi.core.selectors import root_government
from fazhi.ledger import keys as ledger_keys
from fazhi.ledger import selectors as ledger
from fazhi.ledger.public import published_record

# The sections where modules publish, in the order the portal shows them.
PUBLIC_SECTIONS = (
    "normative_documents",
    "major_decisions",
    "enforcement",
    "disclosure",
    "reconsideration",
    "plans",
    "assessment",
)


def _sections():
    by_code = {module.code: module for module in MODULES}
    return [by_code[code] for code in PUBLIC_SECTIONS]


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"sections": _sections()})


@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    government = root_government()
    departments = []
    if government is not None:
        departments = (
            Unit.objects.get_children(government)
            .filter(valid_to__isnull=True)
            .exclude(kind__in=GOVERNMENT_KINDS)
            .only("name", "kind", "address", "phone")
        )
    return render(
        request,
        "portal/about.html",
        {
            "government": government,
            "departments": [
                u for u in departments if u.kind not in (UnitKind.STREET, UnitKind.TOWNSHIP)
            ],
            "streets": [u for u in departments if u.kind in (UnitKind.STREET, UnitKind.TOWNSHIP)],
        },
    )


@login_not_required
def publications(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/publications.html", {"sections": _sections()})


# --- 透明日志: the ledger's public face ---------------------------------------------------------

VERIFIER_PATH = Path(settings.BASE_DIR) / "tools" / "fazhi_verify.py"
_JSON = {"ensure_ascii": False, "indent": 2}


def _public_keys(checkpoint) -> list[dict[str, str]]:
    """The keys a reader should trust: the log's (current and former) and the witnesses',
    plus any key that signed the latest checkpoint, each with who holds it."""
    found: dict[str, dict[str, str]] = {}

    def add(public_key: str, signer: str, role: str) -> None:
        found.setdefault(
            public_key,
            {
                "key_id": ledger_keys.key_id(bytes.fromhex(public_key)),
                "public_key": public_key,
                "signer": signer,
                "role": role,
            },
        )

    try:
        for public_key, signer in ledger_keys.trusted_log_keys().items():
            add(public_key, signer, "log")
    except (ImproperlyConfigured, OSError, ValueError):
        pass  # no signing key configured: only the keys on published checkpoints are shown
    for public_key, signer in ledger_keys.witness_keys().items():
        add(public_key, signer, "witness")
    if checkpoint is not None:
        for signature in ledger.checkpoint_json(checkpoint)["signatures"]:
            add(signature["public_key"], signature["signer"], "signature")
    return list(found.values())


def _verifier_sha256() -> str:
    try:
        return hashlib.sha256(VERIFIER_PATH.read_bytes()).hexdigest()
    except OSError:
        return ""


@login_not_required
@require_safe
def transparency(request: HttpRequest) -> HttpResponse:
    checkpoint = ledger.latest_checkpoint()
    published = ledger.checkpoint_json(checkpoint) if checkpoint is not None else None
    return render(
        request,
        "portal/transparency.html",
        {
            "checkpoint": published,
            "checkpoint_time": checkpoint.timestamp if checkpoint is not None else None,
            "signed_message": (
                ledger_keys.checkpoint_message(
                    checkpoint.origin, checkpoint.size, checkpoint.root, checkpoint.timestamp
                ).decode()
                if checkpoint is not None
                else ""
            ),
            "public_keys": _public_keys(checkpoint),
            "verifier_sha256": _verifier_sha256(),
        },
    )


@login_not_required
@require_safe
def checkpoint_document(request: HttpRequest) -> JsonResponse:
    checkpoint = ledger.latest_checkpoint()
    document = {
        "format": "fazhi-checkpoint/v1",
        "checkpoint": ledger.checkpoint_json(checkpoint) if checkpoint is not None else None,
        "public_keys": _public_keys(checkpoint),
    }
    response = JsonResponse(document, json_dumps_params=_JSON)
    response["Cache-Control"] = "public, max-age=60"
    return response


@login_not_required
@require_safe
def record_proof(request: HttpRequest, label: str, pk: str) -> JsonResponse:
    """The entries of a published record with their inclusion proofs against the latest
    checkpoint (fazhi-proof/v1 bundles). 404 for a type not registered as public
    (`fazhi.ledger.public`), and for a record that does not exist or is not published."""
    try:
        record = published_record(label, pk)
    except LookupError:
        raise Http404("未找到该公开记录。") from None
    checkpoint = ledger.latest_checkpoint()
    entries = list(ledger.entries_for(record))
    bundles, pending, redacted = [], 0, 0
    for entry in entries:
        if checkpoint is None or entry.seq >= checkpoint.size:
            pending += 1
        elif entry.redacted:
            redacted += 1
        else:
            bundles.append(ledger.proof_bundle(entry, checkpoint))
    document = {
        "format": "fazhi-proofs/v1",
        "record": {"type": record._meta.label_lower, "id": str(record.pk), "title": str(record)},
        "checkpoint": ledger.checkpoint_json(checkpoint) if checkpoint is not None else None,
        "bundles": bundles,
        "pending": pending,
        "redacted": redacted,
    }
    if pending:
        document["note"] = (
            f"本记录有 {pending} 条记录晚于最新检查点，"
            "将在下一次签署检查点（至少每小时一次）后提供证明。"
        )
    response = JsonResponse(document, json_dumps_params=_JSON)
    response["Cache-Control"] = "public, max-age=60"
    return response


@login_not_required
@require_safe
def verifier(request: HttpRequest) -> FileResponse:
    try:
        handle = VERIFIER_PATH.open("rb")
    except OSError:
        raise Http404("验证工具不在本站。") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename="fazhi_verify.py",
        content_type="text/x-python; charset=utf-8",
    )
