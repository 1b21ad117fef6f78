"""Staff pages of normative documents, at /workspace/normative-documents/ (thin: selectors read,
services write; a refusal of the law is shown on the form with its article, nothing saved)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import policies
from fazhi.procedures.selectors import procedure_status
from fazhi.procedures.services import StepRefused

from . import exports, importing, selectors, services
from .forms import (
    FILING_CHECKS,
    CleanupConcludeForm,
    CleanupCreateForm,
    CommentEntryForm,
    CommentReplyForm,
    CompetitionForm,
    DocumentEndForm,
    DraftCreateForm,
    DraftUpdateForm,
    EvaluationForm,
    FlagDecisionForm,
    ImportForm,
    StepForm,
    VersionFilterForm,
)
from .models import Status
from .procedures import FILING_OUTCOMES, LETTERS

DRAFTER_ROLES = ("handler", "unit_admin")
REVIEWER_ROLES = ("legal_reviewer",)
CLEANUP_ROLES = (*DRAFTER_ROLES, *REVIEWER_ROLES)
EDITABLE_STATES = ("drafting", "commenting", "ready")
REPLYABLE_STATES = ("drafting", "commenting", "ready")

STATUS_BADGES = {
    Status.DRAFTING: "text-bg-secondary",
    Status.PENDING: "text-bg-info",
    Status.IN_FORCE: "text-bg-success",
    Status.AMENDED: "text-bg-warning",
    Status.REPEALED: "text-bg-dark",
    Status.EXPIRED: "text-bg-light border",
    Status.DECLARED_INVALID: "text-bg-danger",
}


def refusal_messages(exc: Exception) -> list[str]:
    """The Chinese reasons of a refusal, each with its article where the law gives one."""
    if isinstance(exc, StepRefused):
        return [failure.message for failure in exc.failures] or [str(exc)]
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or "您无权办理该事项。"]


REFUSALS = (StepRefused, ValidationError, PermissionDenied)


def _refused_status(exc: Exception) -> int:
    return 403 if isinstance(exc, PermissionDenied) else 200


# ---- the list ---------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = sorted({today.year, *selectors.years_with_documents()}, reverse=True)
    form = VersionFilterForm(request.GET or None, years=years)
    versions = form.apply(
        selectors.with_status(selectors.versions_visible(request.user), today)
    ).order_by("-created_at", "-pk")
    page = Paginator(versions, 25).get_page(request.GET.get("page"))
    for version in page:
        version.status_label = Status(version.status).label
        version.status_badge = STATUS_BADGES.get(version.status, "text-bg-light")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "normative_documents/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_draft": bool(selectors.drafting_units(request.user)),
        },
    )


# ---- drafting ---------------------------------------------------------------------------------


def create(request: HttpRequest) -> HttpResponse:
    units = selectors.drafting_units(request.user)
    if not units:
        raise PermissionDenied("您没有承办人员或单位管理员任职，不能起草文件。")
    form = DraftCreateForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        issuers=selectors.issuer_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.draft_create(
                actor=request.user,
                unit=data["unit"],
                issuer=data["issuer"],
                subject=data["subject"],
                co_issuers=data["co_issuers"],
                co_drafters=data["co_drafters"],
                request=request,
                **form.draft_fields(),
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            messages.success(request, f"已创建《{version.title}》的草案。")
            return redirect("normative_documents:detail", pk=version.pk)
    return render(
        request,
        "normative_documents/draft_form.html",
        {"form": form, "title": "起草新文件", "cancel_url": reverse("normative_documents:index")},
    )


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    initial = {name: getattr(version, name) for name in DraftUpdateForm.FIELDS}
    form = DraftUpdateForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_update(
                actor=request.user, version=version, request=request, **form.draft_fields()
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            messages.success(request, "草案已保存。")
            return redirect("normative_documents:detail", pk=version.pk)
    return render(
        request,
        "normative_documents/draft_form.html",
        {
            "form": form,
            "version": version,
            "title": f"修改草案：{version.title}",
            "cancel_url": reverse("normative_documents:detail", args=[version.pk]),
        },
    )


# ---- one version ------------------------------------------------------------------------------


def highlight(text: str, flags) -> list[dict[str, Any]]:
    """The text cut into pieces, each flagged clause (whose offsets still match the text) marked
    with its flag; overlapping flags after the first are listed but not marked."""
    pieces: list[dict[str, Any]] = []
    position = 0
    for flag in sorted(flags, key=lambda f: (f.start, f.end)):
        if flag.start < position or flag.end > len(text) or flag.end <= flag.start:
            continue
        if text[flag.start : flag.end] != flag.clause:
            continue
        if flag.start > position:
            pieces.append({"text": text[position : flag.start], "flag": None})
        pieces.append({"text": text[flag.start : flag.end], "flag": flag})
        position = flag.end
    if position < len(text):
        pieces.append({"text": text[position:], "flag": None})
    return pieces


def flag_category(code: str) -> str:
    from .prereview import CATEGORY_LABELS

    return {**CATEGORY_LABELS, "conflict": "政策冲突"}.get(code, code)


def _step_panels(request, record, status, bound: dict | None = None) -> list[dict[str, Any]]:
    """For each step leaving the record's state: the option and, where the person may take
    it, the form with exactly the step's fields (`bound` keeps a refused form as posted)."""
    bound = bound or {}
    panels = []
    reviewing = selectors.reviewing_units()
    for option in status.options:
        form = None
        if option.allowed:
            form = bound.get(option.step.code) or StepForm(
                step=option.step,
                units=selectors.acting_units(request.user, record, option.step.roles),
                reviewing_units=reviewing,
                initial={"expected_version": record.version},
            )
        panels.append({"option": option, "form": form})
    return panels


def _orphan_forms(panels: list[dict[str, Any]], bound: dict | None) -> list[StepForm]:
    """Refused forms of steps that no longer leave the record's state (someone moved it)."""
    shown = {panel["option"].step.code for panel in panels}
    return [form for code, form in (bound or {}).items() if code not in shown]


def _detail_context(request: HttpRequest, version, **bound: Any) -> dict[str, Any]:
    detail = selectors.version_detail(version)
    status = procedure_status(version, request.user)
    may_draft = bool(selectors.acting_units(request.user, version, DRAFTER_ROLES))
    may_review = bool(selectors.acting_units(request.user, version, REVIEWER_ROLES))
    review = detail["current_review"]
    flags = list(review.flags.all()) if review else []
    flag_forms = bound.get("flag_forms", {})
    for flag in flags:
        flag.category_label = flag_category(flag.category)
        flag.form = flag_forms.get(flag.pk) or FlagDecisionForm(
            prefix=f"flag{flag.pk}", initial={"decision": flag.decision or None}
        )
    reply_forms = bound.get("reply_forms", {})
    for comment in detail["comments"]:
        comment.form = reply_forms.get(comment.pk) or CommentReplyForm(
            prefix=f"comment{comment.pk}",
            initial={"reply": comment.reply or None, "reason": comment.reply_reason},
        )
    document = version.document
    panels = _step_panels(request, version, status, bound.get("step_forms"))
    return {
        "version": version,
        "document": document,
        "status": status,
        "panels": panels,
        "orphan_forms": _orphan_forms(panels, bound.get("step_forms")),
        "may_draft": may_draft,
        "may_review": may_review,
        "editable": may_draft and version.state in EDITABLE_STATES,
        "may_reply": may_draft and version.state in REPLYABLE_STATES,
        "may_enter_comment": may_draft and version.state == "commenting",
        "comment_form": bound.get("comment_form") or CommentEntryForm(prefix="entry"),
        "may_decide_flags": may_review
        and version.state == "reviewing"
        and review is not None
        and not review.opinion,
        "flags": flags,
        "pieces": highlight(version.text, flags) if flags else None,
        "may_amend": may_draft and version.state == "published" and document.ended_on is None,
        "may_end": version.state == "published"
        and document.ended_on is None
        and bool(selectors.acting_units(request.user, version, CLEANUP_ROLES)),
        "status_today": version.status_on(timezone.localdate()),
        **detail,
    }


def _render_detail(request: HttpRequest, version, status: int = 200, **bound: Any):
    return render(
        request,
        "normative_documents/detail.html",
        _detail_context(request, version, **bound),
        status=status,
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, selectors.version_get(request.user, pk))


def _step_form(request: HttpRequest, record, code: str, **options: Any):
    """The posted form of step `code` of the record's procedure; 404 for an unknown step, 403
    when the person holds none of its roles in a unit that reaches the record."""
    procedure = type(record).procedure()
    if not procedure.has_step(code):
        raise Http404("没有这一步骤。")
    step_def = procedure.step(code)
    units = selectors.acting_units(request.user, record, step_def.roles)
    if not units:
        raise PermissionDenied(f"您没有办理“{step_def.label}”的权限。")
    return step_def, StepForm(request.POST, step=step_def, units=units, **options)


@require_POST
def step(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    step_def, form = _step_form(request, version, code, reviewing_units=selectors.reviewing_units())
    result = 200
    if form.is_valid():
        try:
            services.step(
                actor=request.user,
                unit=form.acting_unit(),
                version=version,
                step_code=code,
                data=form.step_data(),
                expected_version=form.cleaned_data.get("expected_version"),
                request=request,
            )
        except REFUSALS as exc:
            form.refusals = refusal_messages(exc)
            result = _refused_status(exc)
            version = selectors.version_get(request.user, pk)
        else:
            messages.success(request, f"已办理“{step_def.label}”。")
            return redirect("normative_documents:detail", pk=version.pk)
    return _render_detail(request, version, status=result, step_forms={code: form})


@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    form = CommentEntryForm(request.POST, prefix="entry")
    if form.is_valid():
        try:
            services.comment_submit(
                version=version, actor=request.user, request=request, **form.cleaned_data
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            messages.success(request, "意见已录入。")
            return redirect(reverse("normative_documents:detail", args=[pk]) + "#comments")
    return _render_detail(request, version, comment_form=form)


@require_POST
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get(request.user, pk)
    version = selectors.version_get(request.user, comment.version_id)
    form = CommentReplyForm(request.POST, prefix=f"comment{comment.pk}")
    if form.is_valid():
        try:
            services.comment_reply(
                actor=request.user,
                comment=comment,
                reply=form.cleaned_data["reply"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            messages.success(request, "已答复该条意见。")
            anchor = f"#comment-{comment.pk}"
            return redirect(reverse("normative_documents:detail", args=[version.pk]) + anchor)
    return _render_detail(request, version, reply_forms={comment.pk: form})


@require_POST
def flag_decide(request: HttpRequest, pk: int) -> HttpResponse:
    flag = selectors.flag_get(request.user, pk)
    version = selectors.version_get(request.user, flag.review.version_id)
    form = FlagDecisionForm(request.POST, prefix=f"flag{flag.pk}")
    saved = False
    if form.is_valid():
        try:
            flag = services.flag_decide(
                actor=request.user,
                flag=flag,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            saved = True
            if not request.htmx:
                messages.success(request, "已记录对该提示的判断。")
                anchor = f"#flag-{flag.pk}"
                return redirect(reverse("normative_documents:detail", args=[version.pk]) + anchor)
            form = FlagDecisionForm(prefix=f"flag{flag.pk}", initial={"decision": flag.decision})
    if request.htmx:
        flag.form = form
        flag.category_label = flag_category(flag.category)
        return render(
            request,
            "normative_documents/_flag.html",
            {"flag": flag, "version": version, "may_decide_flags": True, "saved": saved},
        )
    return _render_detail(request, version, flag_forms={flag.pk: form})


def competition_review(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    form = CompetitionForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.competition_review_record(
                actor=request.user,
                version=version,
                findings=form.findings(),
                conclusion=data["conclusion"],
                reviewed_on=data["reviewed_on"],
                operators_heard=data["operators_heard"],
                exception_reason=data["exception_reason"],
                request=request,
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            messages.success(request, "公平竞争审查结论已记录。")
            return redirect("normative_documents:detail", pk=version.pk)
    return render(
        request,
        "normative_documents/competition.html",
        {
            "version": version,
            "form": form,
            "reviews": selectors.version_detail(version)["competition_reviews"],
        },
    )


@require_POST
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    try:
        new = services.amendment_start(
            actor=request.user, document=version.document, unit=version.unit, request=request
        )
    except REFUSALS as exc:
        for message in refusal_messages(exc):
            messages.error(request, message)
        return redirect("normative_documents:detail", pk=version.pk)
    messages.success(request, f"已启动修改，形成第{new.number}版草案。")
    return redirect("normative_documents:detail", pk=new.pk)


def end(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    form = DocumentEndForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_end(
                actor=request.user,
                document=version.document,
                kind=data["kind"],
                on=data["on"],
                reason=data["reason"],
                request=request,
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            messages.success(request, "已记录废止或宣布失效。")
            return redirect("normative_documents:detail", pk=version.pk)
    return render(
        request,
        "normative_documents/end.html",
        {"version": version, "form": form},
    )


# ---- filing review ----------------------------------------------------------------------------


def filing_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.filings_visible(request.user), 25).get_page(request.GET.get("page"))
    for filing in page:
        filing.outcome_label = FILING_OUTCOMES.get(filing.outcome, filing.outcome)
    return render(
        request,
        "normative_documents/filing_list.html",
        {"page": page, "today": timezone.localdate()},
    )


def _render_filing(request: HttpRequest, filing, status: int = 200, step_forms=None):
    procedure = procedure_status(filing, request.user)
    panels = _step_panels(request, filing, procedure, step_forms)
    return render(
        request,
        "normative_documents/filing_detail.html",
        {
            "filing": filing,
            "letter_label": LETTERS.get(filing.letter_kind, filing.letter_kind),
            "outcome_label": FILING_OUTCOMES.get(filing.outcome, filing.outcome),
            "checks": [
                (FILING_CHECKS.get(code, code), ok) for code, ok in (filing.checks or {}).items()
            ],
            "status": procedure,
            "panels": panels,
            "orphan_forms": _orphan_forms(panels, step_forms),
            # Who asked for a review is for the reviewing body, not the body under review.
            "show_requester": "legal_reviewer" in policies.roles_of(request.user),
        },
        status=status,
    )


def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_filing(request, selectors.filing_get(request.user, pk))


@require_POST
def filing_step(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    filing = selectors.filing_get(request.user, pk)
    step_def, form = _step_form(request, filing, code)
    result = 200
    if form.is_valid():
        try:
            services.filing_step(
                actor=request.user,
                unit=form.acting_unit(),
                filing=filing,
                step_code=code,
                data=form.step_data(),
                expected_version=form.cleaned_data.get("expected_version"),
                request=request,
            )
        except REFUSALS as exc:
            form.refusals = refusal_messages(exc)
            result = _refused_status(exc)
            filing = selectors.filing_get(request.user, pk)
        else:
            messages.success(request, f"已办理“{step_def.label}”。")
            return redirect("normative_documents:filing_detail", pk=filing.pk)
    return _render_filing(request, filing, status=result, step_forms={code: form})


# ---- evaluations ------------------------------------------------------------------------------


def evaluation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.evaluations_visible(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "normative_documents/evaluation_list.html",
        {"page": page, "today": timezone.localdate()},
    )


def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(request.user, pk)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_record(
                actor=request.user,
                evaluation=evaluation,
                conclusion=form.cleaned_data["conclusion"],
                report=form.cleaned_data["report"],
                request=request,
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            messages.success(request, "评估结论已记录。")
            return redirect("normative_documents:evaluation_detail", pk=evaluation.pk)
    return render(
        request,
        "normative_documents/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "form": form,
            "today": timezone.localdate(),
            "may_record": evaluation.done_on is None
            and bool(selectors.acting_units(request.user, evaluation.version, DRAFTER_ROLES)),
        },
    )


# ---- cleanups ---------------------------------------------------------------------------------


def cleanup_list(request: HttpRequest) -> HttpResponse:
    cleanups = selectors.cleanups_visible(request.user).order_by("-started_on", "-pk")
    return render(
        request,
        "normative_documents/cleanup_list.html",
        {
            "cleanups": cleanups,
            "may_create": bool(selectors.drafting_units(request.user, CLEANUP_ROLES)),
        },
    )


def cleanup_create(request: HttpRequest) -> HttpResponse:
    units = selectors.drafting_units(request.user, CLEANUP_ROLES)
    if not units:
        raise PermissionDenied("您没有可以组织文件清理的任职。")
    form = CleanupCreateForm(
        request.POST or None, units=units, versions=selectors.published_visible(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cleanup = services.cleanup_create(
                actor=request.user,
                unit=data["unit"],
                title=data["title"],
                basis=data["basis"],
                versions=data["versions"],
                request=request,
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            messages.success(request, "已启动文件清理。")
            return redirect("normative_documents:cleanup_detail", pk=cleanup.pk)
    return render(request, "normative_documents/cleanup_form.html", {"form": form})


def _render_cleanup(request: HttpRequest, cleanup, status: int = 200, forms=None, errors=None):
    forms = forms or {}
    items = list(selectors.cleanup_items(cleanup))
    for item in items:
        item.form = forms.get(item.pk) or CleanupConcludeForm(
            prefix=f"item{item.pk}",
            initial={"conclusion": item.conclusion or None, "reason": item.reason},
        )
    return render(
        request,
        "normative_documents/cleanup_detail.html",
        {
            "cleanup": cleanup,
            "items": items,
            "publish_errors": errors or [],
            "may_act": cleanup.published_on is None
            and bool(selectors.acting_units(request.user, cleanup, CLEANUP_ROLES)),
        },
        status=status,
    )


def cleanup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_cleanup(request, selectors.cleanup_get(request.user, pk))


@require_POST
def cleanup_conclude(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    cleanup = selectors.cleanup_get(request.user, pk)
    item = selectors.cleanup_items(cleanup).filter(pk=item_pk).first()
    if item is None:
        raise Http404("没有找到该清理文件。")
    form = CleanupConcludeForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            services.cleanup_conclude(
                actor=request.user,
                item=item,
                conclusion=form.cleaned_data["conclusion"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except REFUSALS as exc:
            form.add_error(None, refusal_messages(exc))
        else:
            messages.success(request, f"已作出《{item.version.title}》的清理结论。")
            return redirect("normative_documents:cleanup_detail", pk=cleanup.pk)
    return _render_cleanup(request, cleanup, forms={item.pk: form})


@require_POST
def cleanup_publish(request: HttpRequest, pk: int) -> HttpResponse:
    cleanup = selectors.cleanup_get(request.user, pk)
    try:
        services.cleanup_publish(actor=request.user, cleanup=cleanup, request=request)
    except REFUSALS as exc:
        return _render_cleanup(
            request, cleanup, status=_refused_status(exc), errors=refusal_messages(exc)
        )
    messages.success(request, "清理结果已公布。")
    return redirect("normative_documents:cleanup_detail", pk=cleanup.pk)


# ---- figures ----------------------------------------------------------------------------------


def _figures_year(request: HttpRequest) -> tuple[int, list[int]]:
    today = timezone.localdate()
    years = sorted({today.year, *selectors.years_with_documents()}, reverse=True)
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 1949 <= year <= today.year + 1:
        year = today.year
    return year, years


def figures(request: HttpRequest) -> HttpResponse:
    year, years = _figures_year(request)
    data = selectors.figures(request.user, year)
    chart = {
        "units": [row["unit_name"] for row in data.made_by_unit],
        "counts": [row["count"] for row in data.made_by_unit],
    }
    return render(
        request,
        "normative_documents/figures.html",
        {
            "figures": data,
            "year": year,
            "years": years,
            "tables": exports.figure_tables(data),
            "chart": chart,
        },
    )


def figures_xlsx(request: HttpRequest) -> HttpResponse:
    year, _years = _figures_year(request)
    content = exports.figures_workbook(selectors.figures(request.user, year))
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    ascii_name = f"normative-documents-figures-{year}.xlsx"
    chinese_name = quote(f"规范性文件统计-{year}.xlsx")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{chinese_name}"
    )
    return response


# ---- import -----------------------------------------------------------------------------------


def import_documents(request: HttpRequest) -> HttpResponse:
    units = selectors.drafting_units(request.user)
    if not units:
        raise PermissionDenied("您没有承办人员或单位管理员任职，不能导入文件。")
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = importing.import_uploads(
            actor=request.user,
            unit=data["unit"],
            register=data["register"],
            files=data["files"],
            dry_run=data["dry_run"],
            request=request,
        )
        if report.error:
            form.add_error("register", report.error)
        else:
            return render(request, "normative_documents/import_report.html", {"report": report})
    return render(request, "normative_documents/import_form.html", {"form": form})
