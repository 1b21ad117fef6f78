"""Public pages of major decisions (重大行政决策), at /decisions/: the yearly catalogs with their
adjustments (条例第三条第三款), the drafts out for public comment with a form to comment and,
once the period is over, how each comment was used (第十五条), the hearing announcements
(第十六、十七条) and the published decisions with their adoption note (第三十二条).

Thin: selectors read, services write. Every view is public one by one. Nothing a member of the
public typed about themselves (name, organization, contact) is ever shown on a public page, and
contacts typed into a comment's text are hidden.
"""

from __future__ import annotations

import re
from itertools import groupby

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from fazhi.evidence.services import EvidenceCorrupted, file_open_verified
from fazhi.ledger.public import proof_path

from . import selectors, services
from .models import Catalog, CommentPeriod, Decision, Hearing, HearingState, ItemState

# ---- what the public sends and sees -----------------------------------------------------------

# C0/C1 controls (but line breaks and tabs), DEL, lone surrogates and the byte-order mark.
_UNSAFE_TEXT_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffd]")

_CONTACT_PATTERNS = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # e-mail addresses
    r"|(?<![\d])(?:\+?86[\s-]?)?(?:\d[\s-]?){6,}[\dXx](?![\d])"  # phone, ID card and long numbers
)


def clean_text(value: object) -> str:
    return _UNSAFE_TEXT_CHARS.sub("", str(value or "")).strip()


def clean_words(value: object, limit: int) -> str:
    return " ".join(_UNSAFE_CHARS.sub(" ", str(value or "")).split())[:limit]


def redact(text: str) -> str:
    """Text as published: e-mail addresses and long numbers (phones, ID numbers) that a
    commenter may have typed into a comment are hidden."""
    return _CONTACT_PATTERNS.sub("[已隐去]", text or "")


def client_of(request: HttpRequest) -> str:
    """The address the rate limit counts by, resolved as the login rate limit resolves it:
    REMOTE_ADDR unless the deployment names its proxies (AXES_IPWARE_* settings); a
    forwarded-for header that no trusted proxy wrote is ignored."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


# ---- catalogs ---------------------------------------------------------------------------------


def _catalog_rows(catalog: Catalog, published_ids: set[int]) -> dict:
    """A published catalog as the public sees it: its items (those included, and those an
    adjustment removed, marked so) and its adjustments with what each added and removed."""
    items = [
        item
        for item in catalog.items.all()
        if item.state in (ItemState.INCLUDED, ItemState.REMOVED)
    ]
    items.sort(key=lambda item: (item.position is None, item.position or 0, item.pk))
    adjustments_all = list(catalog.adjustments.all())
    number_of = {adjustment.pk: adjustment.number for adjustment in adjustments_all}
    for item in items:
        decision = getattr(item, "decision", None)  # selected with the item; None if not started
        item.decision_pk = (
            decision.pk if decision is not None and decision.pk in published_ids else None
        )
        item.added_number = number_of.get(item.added_by_id)
        item.removed_number = number_of.get(item.removed_by_id)
    adjustments = []
    for adjustment in adjustments_all:
        adjustments.append(
            {
                "adjustment": adjustment,
                "added": [i for i in items if i.added_by_id == adjustment.pk],
                "removed": [i for i in items if i.removed_by_id == adjustment.pk],
            }
        )
    adjustments.sort(key=lambda row: row["adjustment"].number)
    return {"catalog": catalog, "items": items, "adjustments": adjustments}


def _catalog_blocks(catalogs: list[Catalog]) -> list[dict]:
    """The catalogs' blocks; an item links to its decision once that is published."""
    ids = [
        item.decision.pk
        for catalog in catalogs
        for item in catalog.items.all()
        if getattr(item, "decision", None) is not None
    ]
    published = (
        set(selectors.public_decisions().filter(pk__in=ids).values_list("pk", flat=True))
        if ids
        else set()
    )
    return [_catalog_rows(catalog, published) for catalog in catalogs]


# ---- the index --------------------------------------------------------------------------------


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    catalogs = _catalog_blocks(list(selectors.public_catalogs()))
    by_year = [
        (year, list(blocks))
        for year, blocks in groupby(
            sorted(catalogs, key=lambda b: -b["catalog"].year), key=lambda b: b["catalog"].year
        )
    ]
    # This year's catalog, and next year's once published; then the past years'.
    current = [block for year, blocks in by_year if year >= today.year for block in blocks]
    past = [(year, blocks) for year, blocks in by_year if year < today.year]
    periods = list(selectors.public_periods())
    hearings = list(selectors.public_hearings())
    return render(
        request,
        "major_decisions/portal/index.html",
        {
            "today": today,
            "current": current,
            "past": past,
            "open_periods": [p for p in periods if p.is_open_on(today)],
            "closed_periods": [p for p in periods if p.closes_on < today],
            "upcoming_hearings": [h for h in hearings if h.state == HearingState.ANNOUNCED],
            "held_hearings": [h for h in hearings if h.state == HearingState.HELD],
            "decisions": list(selectors.public_decisions().prefetch_related(None)),
            "has_current": any(block["catalog"].year == today.year for block in current),
        },
    )


@login_not_required
@require_safe
def catalog_year(request: HttpRequest, year: int) -> HttpResponse:
    catalogs = list(selectors.public_catalogs().filter(year=year))
    if not catalogs:
        raise Http404("该年度没有公布的决策事项目录。")
    blocks = _catalog_blocks(catalogs)
    for block in blocks:
        block["proof_url"] = proof_path(block["catalog"])
    years = sorted(set(selectors.public_catalogs().values_list("year", flat=True)), reverse=True)
    return render(
        request,
        "major_decisions/portal/catalog.html",
        {"year": year, "blocks": blocks, "years": years},
    )


# ---- public comment ---------------------------------------------------------------------------


class CleanTextField(forms.CharField):
    """Free text with control characters (NUL among them) dropped before validation."""

    def to_python(self, value):
        return super().to_python(clean_text(value))


class CleanLineField(forms.CharField):
    """One line of text, control characters turned to spaces and whitespace collapsed."""

    def to_python(self, value):
        return super().to_python(clean_words(value, 1000))


class CommentForm(forms.Form):
    """A comment on a draft, without an account. The length limit and the period are the
    service's to check (its messages cite the rule); the form only cleans."""

    text = CleanTextField(
        label="意见内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写意见内容。"},
        help_text="请写明对决策草案哪一部分的意见，以及修改建议和理由。",
    )
    name = CleanLineField(label="姓名（选填）", max_length=60, required=False)
    organization = CleanLineField(label="单位或组织（选填）", max_length=100, required=False)
    contact = CleanLineField(label="联系方式（选填）", max_length=60, required=False)
    website = forms.CharField(label="请勿填写此项", required=False)  # honeypot


def _period(pk: int) -> CommentPeriod:
    period = selectors.public_periods().filter(pk=pk).first()
    if period is None or not period.decision.is_public:
        raise Http404("未找到该征求意见公告。")
    return period


def _replies(period: CommentPeriod) -> list[dict]:
    """The comments with their replies, as published: what was said and how it was used;
    never who said it."""
    return [
        {
            "number": number,
            "text": redact(comment.text),
            "reply": comment.get_reply_display(),
            "reason": redact(comment.reply_reason),
        }
        for number, comment in enumerate(selectors.public_comments(period), start=1)
    ]


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def solicitation(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    today = timezone.localdate()
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sent = reverse("major_decisions_portal:comment_sent", args=[period.pk])
        if form.cleaned_data["website"]:
            messages.success(request, "您的意见已提交，感谢参与。")  # a bot: said, not saved
            return redirect(sent)
        try:
            comment = services.comment_submit(
                period=period,
                text=form.cleaned_data["text"],
                channel="portal",
                name=form.cleaned_data["name"],
                organization=form.cleaned_data["organization"],
                contact=form.cleaned_data["contact"],
                client=client_of(request),
                request=request,
            )
        except ValidationError as error:  # CommentRefused too: outside the period, too frequent
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"您的意见已提交，意见编号：{comment.pk}。感谢参与！"
                "征求意见结束后，决策承办单位将公布意见采纳情况。",
            )
            return redirect(sent)
    published = period.feedback_published_on is not None
    return render(
        request,
        "major_decisions/portal/solicitation.html",
        {
            "period": period,
            "decision": period.decision,
            "today": today,
            "is_open": period.is_open_on(today),
            "closed": today > period.closes_on,
            "form": form,
            "max_chars": settings.FAZHI_DECISION_COMMENT_MAX_CHARS,
            "published": published,
            "replies": _replies(period) if published else [],
            "received": period.comments.count() if not published else None,
        },
    )


@login_not_required
@require_safe
def comment_sent(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    return render(
        request,
        "major_decisions/portal/comment_sent.html",
        {"period": period, "decision": period.decision},
    )


# ---- hearings ---------------------------------------------------------------------------------


@login_not_required
@require_safe
def hearing(request: HttpRequest, pk: int) -> HttpResponse:
    found: Hearing | None = (
        selectors.public_hearings()
        .select_related("decision", "decision__unit", "decision__body")
        .filter(pk=pk)
        .first()
    )
    if found is None or not found.decision.is_public:
        raise Http404("未找到该听证会公告。")
    decision = found.decision
    draft, explanation = found.draft, found.explanation  # as published with the announcement
    return render(
        request,
        "major_decisions/portal/hearing.html",
        {
            "hearing": found,
            "decision": decision,
            "draft": draft,
            "explanation": explanation,
            "participants": found.participants if found.participants_published_on else [],
            "held": found.state == HearingState.HELD,
        },
    )


# ---- published decisions ----------------------------------------------------------------------


def _decision(pk: int) -> Decision:
    decision = (
        selectors.public_decisions()
        .select_related("catalog_item", "catalog_item__catalog")
        .filter(pk=pk)
        .first()
    )
    if decision is None or not decision.is_public:
        raise Http404("未找到该重大行政决策。")
    return decision


@login_not_required
@require_safe
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    found = _decision(pk)
    item = found.catalog_item
    catalog = item.catalog if item is not None else None
    return render(
        request,
        "major_decisions/portal/decision.html",
        {
            "decision": found,
            "co_units": list(found.co_units.all()),
            "catalog": catalog if catalog is not None and catalog.state == "published" else None,
            "attachments": list(
                found.attachments.filter(public=True).select_related("stored_file")
            ),
            "periods": list(selectors.public_periods().filter(decision=found)),
            "hearings": list(selectors.public_hearings().filter(decision=found)),
            "proof_url": proof_path(found),
        },
    )


@login_not_required
@require_safe
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """A public file of a published decision, re-verified against its SHA-256."""
    found = _decision(pk)
    file = found.attachments.filter(pk=attachment_pk, public=True).select_related("stored_file")
    file = file.first()
    if file is None:
        raise Http404("未找到该公开材料。")
    stored = file.stored_file
    try:
        handle = file_open_verified(stored)
    except EvidenceCorrupted:
        return HttpResponse(
            "该材料的存储副本未通过完整性校验，暂不能提供，请联系公布机关。",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["X-Content-SHA256"] = stored.sha256
    response["X-Content-Type-Options"] = "nosniff"
    return response
