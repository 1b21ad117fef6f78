"""Public pages of normative documents (统一公开查询), at /documents/: the query with its filters,
a document's page with its public history, the drafts open for comment, and the two things the
public may send without an account (comments on a draft, 审查建议 on a document).

Thin: selectors read, services write. Every view is public one by one. Nothing a member of the
public typed about themselves (name, organization, contact) is ever shown back on a public page.
"""

from __future__ import annotations

import re
from datetime import date

from axes.helpers import get_client_ip_address
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from fazhi.ledger.public import proof_path

from . import search, selectors, services
from .models import Channel, EvaluationConclusion, Status, Subject, Version
from .selectors import PublicQuery

PAGE_SIZE = 20
MAX_QUERY_CHARS = 100

# Statuses the public may filter on (a draft is never public).
PUBLIC_STATUSES = [(value, label) for value, label in Status.choices if value != Status.DRAFTING]

STATUS_BADGES = {
    Status.PENDING: "text-bg-info",
    Status.IN_FORCE: "text-bg-success",
    Status.AMENDED: "text-bg-warning",
    Status.REPEALED: "text-bg-secondary",
    Status.EXPIRED: "text-bg-secondary",
    Status.DECLARED_INVALID: "text-bg-dark",
    Status.DRAFTING: "text-bg-light border",
}

# ---- parsing what the public sends ------------------------------------------------------------

# C0/C1 controls, DEL, lone surrogates, the byte-order mark and the replacement character.
_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffd]")
# In free text, keep line breaks and tabs.
_UNSAFE_TEXT_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")

INT_LIMIT = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1949, 2100


def clean_words(value: object, limit: int = MAX_QUERY_CHARS) -> tuple[str, bool]:
    """A query string safe to hand on: no control characters or lone surrogates, whitespace
    collapsed, at most `limit` characters. Returns the words and whether they were cut."""
    text = _UNSAFE_CHARS.sub(" ", str(value or ""))
    text = " ".join(text.split())
    return text[:limit], len(text) > limit


def clean_text(value: object) -> str:
    return _UNSAFE_TEXT_CHARS.sub("", str(value or "")).strip()


def _int(value: str, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _date(value: str) -> date | None:
    try:
        day = date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def public_query_from(params: QueryDict | dict) -> PublicQuery:
    """The portal's query from GET parameters (q, issuer, year, status, subject, on). A value
    that does not parse is ignored, with a note in `errors`; nothing here raises."""
    query = PublicQuery()
    query.q, cut = clean_words(params.get("q", ""))
    if cut:
        query.errors.append(f"检索词过长，只按前{MAX_QUERY_CHARS}个字检索。")

    def raw(name: str) -> str:
        return clean_words(params.get(name, ""), 40)[0]

    if value := raw("issuer"):
        query.issuer = _int(value, 1, INT_LIMIT)
        if query.issuer is None:
            query.errors.append("“制定机关”参数无效，已忽略。")
    if value := raw("year"):
        query.year = _int(value, FIRST_YEAR, LAST_YEAR)
        if query.year is None:
            query.errors.append("“年份”参数无效，已忽略。")
    if value := raw("status"):
        if value in dict(PUBLIC_STATUSES):
            query.status = value
        else:
            query.errors.append("“效力状态”参数无效，已忽略。")
    if value := raw("subject"):
        if value in Subject.values:
            query.subject = value
        else:
            query.errors.append("“主题分类”参数无效，已忽略。")
    if value := raw("on"):
        query.on = _date(value)
        if query.on is None:
            query.errors.append("“在某日有效”的日期无效（格式如 2024-01-01），已按今天计算。")
    return query


def client_address(request: HttpRequest) -> str:
    """The sender's address, resolved the way the login rate limit resolves it."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


# ---- what the public may see of the people involved -------------------------------------------

_CONTACT_PATTERNS = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # e-mail addresses
    r"|(?<![\d])(?:\+?86[\s-]?)?(?:\d[\s-]?){6,}[\dXx](?![\d])"  # phone, ID card and long numbers
)


def redact(text: str) -> str:
    """Comment text as published: e-mail addresses and long numbers (phones, ID numbers) that a
    commenter may have typed into it are hidden."""
    return _CONTACT_PATTERNS.sub("[已隐去]", text or "")


def commenter_label(comment) -> str:
    """Who commented, as published: an enterprise or association by its name; a natural person
    as "公众" (the form promises the name is not published)."""
    if comment.channel in (Channel.ENTERPRISE, Channel.ASSOCIATION) and comment.organization:
        return comment.organization
    return "公众"


def _decorate(version: Version) -> Version:
    """Labels for the templates (status on the day the query asked about)."""
    status = getattr(version, "status", None) or Status.DRAFTING
    version.status_label = Status(status).label
    version.status_badge = STATUS_BADGES.get(status, "text-bg-light border")
    return version


# ---- the query --------------------------------------------------------------------------------


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    query = public_query_from(request.GET)
    notes = list(query.errors)
    paginator = Paginator(selectors.public_versions(query), PAGE_SIZE)
    try:
        with transaction.atomic():  # a failing search must not spoil the request's connection
            page = paginator.get_page(request.GET.get("page"))
            versions = [_decorate(v) for v in page.object_list]
    except DatabaseError:
        notes.append("无法按该检索词检索，请换用其他词语。")
        paginator = Paginator([], PAGE_SIZE)
        page, versions = paginator.get_page(1), []
    count, capped = search.search_count(paginator.object_list, paginator.count)
    params = request.GET.copy()
    params.pop("page", None)
    filtered = any((query.q, query.issuer, query.year, query.status, query.subject, query.on))
    return render(
        request,
        "normative_documents/portal_index.html",
        {
            "query": query,
            "notes": notes,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_ends=1)),
            "versions": versions,
            "count": count,
            "count_capped": capped,  # a search counts up to search.CAP: "1000 件以上"
            "filtered": filtered,
            "day": query.on or timezone.localdate(),
            "page_query": params.urlencode(),
            "issuers": selectors.public_issuers(),
            "years": selectors.years_with_documents(),
            "statuses": PUBLIC_STATUSES,
            "subjects": Subject.choices,
            "open_drafts": selectors.commenting_drafts().count(),
        },
    )


# ---- one document -----------------------------------------------------------------------------


class ObjectionForm(forms.Form):
    """审查建议: anyone may ask for a review of a document (no account)."""

    request_text = forms.CharField(
        label="审查建议内容和理由",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请写明认为该文件违反法律、法规、规章或者上级文件的具体条款和理由。",
    )
    requester_name = forms.CharField(label="建议人姓名或名称", max_length=60)
    requester_contact = forms.CharField(
        label="联系方式（选填，仅用于答复，不公开）", max_length=60, required=False
    )
    website = forms.CharField(label="请勿填写此项", required=False)  # honeypot

    def clean_request_text(self) -> str:
        return clean_text(self.cleaned_data["request_text"])

    def clean_requester_name(self) -> str:
        return clean_words(self.cleaned_data["requester_name"], 60)[0]

    def clean_requester_contact(self) -> str:
        return clean_words(self.cleaned_data["requester_contact"], 60)[0]


def _history_rows(history: dict) -> dict:
    replies = [
        {
            "who": commenter_label(comment),
            "channel": comment.get_channel_display(),
            "text": redact(comment.text),
            "reply": comment.get_reply_display(),
            "reason": redact(comment.reply_reason),
            "submitted_on": timezone.localdate(comment.submitted_at),
        }
        for comment in history["replies"]
    ]
    return {
        **history,
        "versions": [_decorate(v) for v in history["versions"]],
        "replies": replies,
        "cleanups": [
            {
                "title": item.cleanup.title,
                "published_on": item.cleanup.published_on,
                "conclusion": EvaluationConclusion(item.conclusion).label
                if item.conclusion
                else "",
                "reason": item.reason,
            }
            for item in history["cleanups"]
        ],
    }


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _decorate(selectors.public_version_get(pk))
    form = ObjectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        here = reverse("normdocs_portal:detail", args=[version.pk]) + "#objection"
        if form.cleaned_data["website"]:
            messages.success(request, "您的审查建议已收到。")  # a bot: said, not saved
            return redirect(here)
        try:
            filing = services.objection_submit(
                version=version,
                request_text=form.cleaned_data["request_text"],
                requester_name=form.cleaned_data["requester_name"],
                requester_contact=form.cleaned_data["requester_contact"],
                client=client_address(request),
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"您的审查建议已收到，登记号：{filing.pk}（"
                f"{timezone.localdate(filing.created_at):%Y年%m月%d日}）。"
                "审查机关将依法审查，并将结果告知留有联系方式的建议人。",
            )
            return redirect(here)
    history = _history_rows(selectors.public_history(version))
    newer = [v for v in history["versions"] if v.number > version.number]
    return render(
        request,
        "normative_documents/portal_detail.html",
        {
            "version": version,
            "document": version.document,
            "co_issuers": list(version.document.co_issuers.all()),
            "history": history,
            "latest": newer[-1] if newer else None,
            "proof_url": proof_path(version),
            "form": form,
            "today": timezone.localdate(),
        },
    )


# ---- drafts open for comment ------------------------------------------------------------------


class CommentForm(forms.Form):
    text = forms.CharField(
        label="意见内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="请写明对哪一条提出意见，以及修改建议和理由。",
    )
    name = forms.CharField(label="姓名（选填，不公开）", max_length=60, required=False)
    organization = forms.CharField(
        label="单位或组织（选填，不公开）", max_length=100, required=False
    )
    contact = forms.CharField(label="联系方式（选填，不公开）", max_length=60, required=False)
    website = forms.CharField(label="请勿填写此项", required=False)  # honeypot

    def clean_text(self) -> str:
        return clean_text(self.cleaned_data["text"])

    def clean_name(self) -> str:
        return clean_words(self.cleaned_data["name"], 60)[0]

    def clean_organization(self) -> str:
        return clean_words(self.cleaned_data["organization"], 100)[0]

    def clean_contact(self) -> str:
        return clean_words(self.cleaned_data["contact"], 60)[0]


@login_not_required
@require_safe
def comment_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "normative_documents/portal_comments.html",
        {"drafts": list(selectors.commenting_drafts()), "today": timezone.localdate()},
    )


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_draft(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.public_draft_get(pk)
    today = timezone.localdate()
    is_open = (
        version.state == "commenting"
        and version.comment_opens_on is not None
        and version.comment_closes_on is not None
        and version.comment_opens_on <= today <= version.comment_closes_on
    )
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        here = reverse("normdocs_portal:comment_draft", args=[version.pk]) + "#comment"
        if form.cleaned_data["website"]:
            messages.success(request, "您的意见已提交，感谢参与。")  # a bot: said, not saved
            return redirect(here)
        try:
            comment = services.comment_submit(
                version=version,
                text=form.cleaned_data["text"],
                channel=Channel.PORTAL,
                name=form.cleaned_data["name"],
                organization=form.cleaned_data["organization"],
                contact=form.cleaned_data["contact"],
                client=client_address(request),
                request=request,
            )
        except ValidationError as error:  # CommentRefused too: period closed, too frequent
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"您的意见已提交，意见编号：{comment.pk}。感谢参与！"
                "征求意见结束后，起草单位将公布意见采纳情况。",
            )
            return redirect(here)
    published = None
    if version.state == "published":
        published = version
    return render(
        request,
        "normative_documents/portal_comment_draft.html",
        {
            "version": version,
            "form": form,
            "is_open": is_open,
            "published": published,
            "today": today,
        },
    )
