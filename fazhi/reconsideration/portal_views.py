"""Public pages of reconsideration (行政复议), at /reconsideration/: how to apply, the online
application (复议法第二十二条) with its receipt, the progress of one case for whoever holds its
receipt number and access code, and the published decisions (第七十九条).

Thin: services write and look up, selectors read. Every view is public one by one. No page shows
the applicant's or agent's name, identity number, address or telephone: the receipt and the
status page show only the case's progress, texts staff wrote pass through `selectors.redact`,
and a decision is shown as published. The access code is shown once, on the receipt page, and
travels only in POST bodies (never in a URL).
"""

from __future__ import annotations

from datetime import date

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from . import selectors, services
from .models import DecisionKind, ReconsiderationCase, Subject, Suspension
from .portal_forms import ApplicationForm, StatusForm, Tree, clean_words

PAGE_SIZE = 20
MAX_QUERY_CHARS = 50
FIRST_YEAR, LAST_YEAR = 1990, 2100
RECEIPT_KEY = "reconsideration_receipt"


def client_address(request: HttpRequest) -> str:
    """The sender's address, resolved the way the login rate limit resolves it."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unknown"


# ---- how to apply -------------------------------------------------------------------------------


@login_not_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    tree = Tree.load()
    offices = [
        {"government": tree.government_name(o), "office": o}
        for o in sorted(tree.offices.values(), key=lambda u: u.path)
    ]
    return render(
        request,
        "reconsideration/portal/index.html",
        {"offices": offices, "decision_count": selectors.public_decisions().count()},
    )


# ---- the online application ---------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    tree = Tree.load()
    if request.method != "POST":
        form = ApplicationForm(tree=tree)
        return _apply_page(request, form)
    form = ApplicationForm(request.POST, request.FILES, tree=tree)
    if not form.is_valid():
        return _apply_page(request, form)
    if form.cleaned_data["website"]:
        messages.success(request, "您的申请已提交。")  # a bot: said, not saved
        return redirect("reconsideration_portal:index")
    try:
        case, code = services.application_submit(
            office=form.cleaned_data["office"],
            client=client_address(request),
            request=request,
            uploads=form.cleaned_data["attachments"],
            **form.service_fields(),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _apply_page(request, form)
    request.session[RECEIPT_KEY] = _receipt(case, code, tree)
    return redirect("reconsideration_portal:receipt")


def _apply_page(request: HttpRequest, form: ApplicationForm) -> HttpResponse:
    return render(
        request,
        "reconsideration/portal/apply.html",
        {"form": form, "files_dropped": form.is_bound and bool(request.FILES)},
    )


def _receipt(case: ReconsiderationCase, code: str, tree: Tree) -> dict:
    """What the receipt page shows, once: nothing about the applicant."""
    return {
        "receipt_number": case.receipt_number,
        "access_code": code,
        "received_on": case.received_on.isoformat(),
        "review_due": case.review_due.isoformat() if case.review_due else "",
        "body": tree.government_name(case.unit),
        "respondent": selectors.redact(case, case.respondent_name),
        "attachments": case.attachments.count(),
        "late": case.late,
    }


@login_not_required
@require_GET  # not HEAD: reading the receipt uses it up
@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    shown = request.session.pop(RECEIPT_KEY, None)
    if not shown:
        return render(request, "reconsideration/portal/receipt_gone.html")
    shown["received_on"] = date.fromisoformat(shown["received_on"])
    shown["review_due"] = date.fromisoformat(shown["review_due"]) if shown["review_due"] else None
    return render(request, "reconsideration/portal/receipt.html", {"receipt": shown})


# ---- the progress of one case -------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST if request.method == "POST" else None)
    progress = None
    if request.method == "POST" and form.is_valid():
        try:
            case = services.status_lookup(
                receipt_number=form.cleaned_data["receipt_number"],
                access_code=form.cleaned_data["access_code"],
                client=client_address(request),
            )
        except services.QueryRefused as refused:
            form.add_error(None, str(refused))
        except ValidationError:
            form.add_error(None, "收件编号或查询码不正确。")
        else:
            progress = case_progress(case, timezone.localdate())
            form = StatusForm()
    context = {"form": form, "progress": progress}
    return render(request, "reconsideration/portal/status.html", context)


def case_progress(case: ReconsiderationCase, today: date) -> dict:
    """The case as its applicant may read it online (`selectors.public_status`), with what this
    page adds; texts written by staff or typed by the applicant pass through `selectors.redact`
    so that no party's personal data is shown."""
    progress = selectors.public_status(case)
    progress.update(
        {
            "body": selectors.body_of(case),
            "respondent": selectors.redact(case, case.respondent_name),
            "act": selectors.redact(case, case.act),
            "channel": case.get_channel_display(),
            "review_lapsed": case.state == "received"
            and case.review_due is not None
            and case.review_due < today,
            "extended_days": case.extended_days,
            "refusal_text": selectors.redact(case, case.refusal_text),
            "supplement_items": selectors.redact(case, case.supplement_items),
            "supplement_requested_on": case.supplement_requested_on,
            "supplement_received_on": case.supplement_received_on,
            "suspension": _open_suspension(case),
        }
    )
    return progress


def _open_suspension(case: ReconsiderationCase) -> dict | None:
    if case.state != "suspended":
        return None
    found: Suspension | None = case.suspensions.filter(resumed_on__isnull=True).last()
    if found is None:
        return None
    return {"ground": found.get_ground_display(), "started_on": found.started_on}


# ---- published decisions ------------------------------------------------------------------------


def _year(value: str) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _decision_filters(params) -> tuple[dict, list[str]]:
    notes: list[str] = []
    raw_q = clean_words(params.get("q", ""), 1000)
    q = raw_q[:MAX_QUERY_CHARS]
    if len(raw_q) > MAX_QUERY_CHARS:
        notes.append(f"检索词过长，只按前{MAX_QUERY_CHARS}个字检索。")
    subject = clean_words(params.get("subject", ""), 20)
    if subject and subject not in Subject.values:
        notes.append("“行为类别”参数无效，已忽略。")
        subject = ""
    year = None
    if raw_year := clean_words(params.get("year", ""), 10):
        year = _year(raw_year)
        if year is None:
            notes.append("“年度”参数无效，已忽略。")
    return {"q": q, "subject": subject, "year": year}, notes


def _filtered(filters: dict):
    found = selectors.public_decisions()
    if filters["q"]:
        for word in filters["q"].split():
            found = found.filter(respondent_name__icontains=word)
    if filters["subject"]:
        found = found.filter(subject=filters["subject"])
    if filters["year"]:
        found = found.filter(decided_on__year=filters["year"])
    return found


@login_not_required
@require_safe
def decisions(request: HttpRequest) -> HttpResponse:
    filters, notes = _decision_filters(request.GET)
    page = Paginator(_filtered(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    for key in list(params):
        params[key] = clean_words(params.get(key), MAX_QUERY_CHARS)
    years = [d.year for d in selectors.public_decisions().dates("decided_on", "year", "DESC")]
    return render(
        request,
        "reconsideration/portal/decisions.html",
        {
            **filters,
            "notes": notes,
            "page": page,
            "query": params.urlencode(),
            "decisions": _listed_page(page.object_list),
            "subjects": Subject.choices,
            "years": years,
            "filtered": any(filters.values()),
        },
    )


def _listed_page(cases) -> list[dict]:
    bodies: dict[int, str] = {}
    rows = []
    for case in cases:
        if case.unit_id not in bodies:
            bodies[case.unit_id] = selectors.body_of(case)
        rows.append(_listed(case, bodies[case.unit_id]))
    return rows


def _listed(case: ReconsiderationCase, body: str = "") -> dict:
    return {
        "pk": case.pk,
        "number": case.number,
        "body": body or selectors.body_of(case),
        "respondent": case.respondent_name,
        "subject": case.get_subject_display(),
        "kind": DecisionKind(case.decision_kind).label if case.decision_kind else "",
        "decided_on": case.decided_on,
        "published_on": case.published_on,
    }


@login_not_required
@require_safe
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_decision(pk)
    # Published already redacted; redact again in case staff typed a party's data into it.
    text = selectors.redact(found, found.public_text)
    return render(
        request,
        "reconsideration/portal/decision.html",
        {
            "decision": _listed(found),
            "paragraphs": [line for line in text.splitlines() if line.strip()],
        },
    )
