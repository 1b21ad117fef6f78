"""Staff pages of enforcement, at /workspace/enforcement/ (thin: selectors read, services write;
a refusal of the law is shown on the form with its article and the person's input, nothing
saved; a record outside the person's reach is 404).

Each action on a case posts to its own URL and calls one service; the case page is the
full-process record (处罚法第四十七条) with the forms of what the person may do next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import policies
from fazhi.core.models import Person, Post, Unit, UnitKind
from fazhi.deadlines.selectors import deadlines_visible
from fazhi.procedures.selectors import procedure_status
from fazhi.procedures.services import StepRefused

from . import documents, law, selectors, services
from .forms import (
    ArrangementForm,
    AssignForm,
    BenchmarkForm,
    BodyForm,
    CaseFilterForm,
    CaseOpenForm,
    CertificateForm,
    CertificateStatusForm,
    ChallengeEndForm,
    ChallengeForm,
    CloseForm,
    CourtForm,
    DecideForm,
    DiscussionForm,
    DismissForm,
    EmptyForm,
    EndEarlyForm,
    EvidenceForm,
    ExamForm,
    ExemptionForm,
    ExtensionForm,
    HearingHoldForm,
    HearingNotifyForm,
    HearingRequestForm,
    HearingWithdrawForm,
    ItemCreateForm,
    ItemFilterForm,
    ItemForm,
    NoticeForm,
    OfficerFilterForm,
    OfficerForm,
    OfficerLeaveForm,
    PaymentForm,
    PreservationForm,
    PreservationHandleForm,
    ProposalForm,
    PublishForm,
    ReviewForm,
    ServeForm,
    SpotDecisionForm,
    StatementAnswerForm,
    StatementForm,
    TrainingForm,
    TransferFeedbackForm,
    TransferForm,
    WithdrawForm,
    benchmark_row_formset,
)
from .models import (
    Body,
    Certificate,
    CourtApplication,
    Duty,
    ExemptionDocument,
    ExemptionKind,
    ItemKind,
    Officer,
    PenaltyCase,
    Publication,
)
from .procedures import HANDLERS, HEAD, REVIEWERS

REFUSALS = (StepRefused, ValidationError, PermissionDenied)
DUE_SOON_DAYS = 7
WATCHED_RULES = {
    "penalty.decision": "作出处罚决定",
    "penalty.hearing_request": "当事人要求听证",
    "penalty.service": "送达决定书",
    "penalty.fine_payment": "缴纳罚款",
}


def refusal_messages(exc: Exception) -> list[str]:
    """The Chinese reasons of a refusal, each with its article where the law gives one."""
    if isinstance(exc, StepRefused):
        return [failure.message for failure in exc.failures] or [str(exc)]
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or "您无权办理该事项。"]


def attempt(form, call: Callable[[dict[str, Any]], Any]) -> int | None:
    """Validate `form` and call one service with its data. None when done; otherwise the
    status to show the form again with (its errors, or the service's reasons, on it)."""
    if not form.is_valid():
        return 200
    try:
        call(form.cleaned_data)
    except REFUSALS as exc:
        form.add_error(None, refusal_messages(exc))
        return 403 if isinstance(exc, PermissionDenied) else 200
    return None


def _form_page(request, form, call, *, done, to, page: dict[str, Any]) -> HttpResponse:
    """A page with one form that makes one record through `call(data)`: when it succeeds, the
    message `done` (a text, or a function of the record) and a redirect to `to(record)`;
    otherwise the form again, with its errors or the service's reasons."""
    made: list[Any] = []
    status = 200
    if request.method == "POST":
        status = attempt(form, lambda data: made.append(call(data)))
        if status is None:
            messages.success(request, done(made[0]) if callable(done) else done)
            return redirect(to(made[0]))
    return render(request, "enforcement/form_page.html", {"form": form, **page}, status=status)


def _page(request, queryset, size: int = 25) -> tuple[Any, str]:
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# ---- who may act where (the services decide; these only choose which forms to show) --------


def _roles_on(person: Person, unit_id: int) -> set[str]:
    """The roles of the person's active posts that reach unit `unit_id`."""
    posts = Post.objects.active().filter(person=person).select_related("unit")
    return {
        post.role
        for post in posts
        if policies.post_reaches(post.unit, post.role, unit_id, policies.Action.CHANGE)
    }


def _bodies_acting(person: Person, roles) -> list[Body]:
    """The bodies within the person's reach where one of their posts in `roles` reaches."""
    posts = list(
        Post.objects.active().filter(person=person, role__in=list(roles)).select_related("unit")
    )
    if not posts:
        return []
    near = Q(pk__in=[])
    for post in posts:
        near |= Q(unit__path__startswith=post.unit.path)
    return [
        body
        for body in selectors.bodies_for(person).filter(near)
        if any(
            policies.post_reaches(p.unit, p.role, body.unit_id, policies.Action.CHANGE)
            for p in posts
        )
    ]


def _certified(officers, day) -> list[Officer]:
    """The officers with a certificate valid on `day`, each with `valid_number` set."""
    found = []
    for officer in officers:
        certificate = next((c for c in officer.certificates.all() if c.valid_on(day)), None)
        if certificate is not None:
            officer.valid_number = certificate.number
            found.append(officer)
    return found


# ---- the module's home ----------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    cases = selectors.cases_for(user)
    procedure = PenaltyCase.procedure()
    mine = (
        cases.filter(case_officers__officer__person=user)
        .values("state")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    by_state = {row["state"]: row["n"] for row in mine}
    my_states = [
        (state.code, state.label, by_state[state.code])
        for state in procedure.states
        if by_state.get(state.code)
    ]
    roles = set(Post.objects.active().filter(person=user).values_list("role", flat=True))
    return render(
        request,
        "enforcement/index.html",
        {
            "today": today,
            "counts": {
                "bodies": selectors.bodies_for(user).count(),
                "officers": selectors.officers_for(user).filter(active=True).count(),
                "items": selectors.items_for(user).filter(active=True).count(),
                "cases": cases.count(),
            },
            "my_states": my_states,
            "my_total": sum(n for _, _, n in my_states),
            "due_soon": _due_soon(user, cases, today),
            "to_review": list(_to_review(user, cases)[:20]) if "legal_reviewer" in roles else None,
            "to_decide": list(cases.filter(state="ready")[:20]) if "leader" in roles else None,
            "to_serve": list(cases.filter(state="decided")[:20]) if roles & set(HANDLERS) else None,
            "disclosure_overdue": list(
                cases.filter(
                    outcome="penalty", disclosed_on__isnull=True, disclosure_due__lt=today
                ).order_by("disclosure_due")[:20]
            ),
            "may_open": bool(roles & set(HANDLERS)),
        },
    )


def _to_review(user, cases):
    """Cases sent for legal review to a body whose legal reviewer the person is (the guard of
    the review step checks the rest)."""
    bodies = Officer.objects.filter(person=user, duty=Duty.LEGAL_REVIEW, active=True)
    return cases.filter(state="reviewing", body__in=bodies.values("body")).order_by("pk")


def _due_soon(user, cases, today) -> list[dict[str, Any]]:
    """Running case deadlines (decision, hearing request, service, payment) due within a week
    or already passed, with their case."""
    deadlines = list(
        deadlines_visible(user)
        .filter(
            subject_type=ContentType.objects.get_for_model(PenaltyCase),
            rule_id__in=list(WATCHED_RULES),
            state="running",
            due_date__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .order_by("due_date")[:50]
    )
    by_id = cases.in_bulk([d.subject_id for d in deadlines])
    return [
        {
            "deadline": d,
            "case": by_id[d.subject_id],
            "label": WATCHED_RULES[d.rule_id],
            "overdue": d.due_date < today,
        }
        for d in deadlines
        if d.subject_id in by_id
    ]


# ---- bodies ---------------------------------------------------------------------------------


def _with_staff(bodies):
    return bodies.annotate(
        enforcement_staff=Count(
            "officers", filter=Q(officers__active=True, officers__duty=Duty.ENFORCEMENT)
        ),
        legal_staff=Count(
            "officers", filter=Q(officers__active=True, officers__duty=Duty.LEGAL_REVIEW)
        ),
    )


def _staffing(body) -> None:
    body.legal_short = law.legal_staff_short(body.enforcement_staff, body.legal_staff)
    needed = (body.enforcement_staff * 5 + 99) // 100
    body.legal_needed = needed


def body_list(request: HttpRequest) -> HttpResponse:
    bodies = list(_with_staff(selectors.bodies_for(request.user)))
    for body in bodies:
        _staffing(body)
    return render(request, "enforcement/body_list.html", {"bodies": bodies})


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _with_staff(selectors.bodies_for(request.user)).filter(pk=pk).first()
    if body is None:
        raise Http404("记录不存在或您无权查看。")
    _staffing(body)
    officers = list(selectors.officers_for(request.user).filter(body=body))
    _certified(officers, timezone.localdate())
    return render(
        request,
        "enforcement/body_detail.html",
        {
            "body": body,
            "officers": officers,
            "items": body.items.filter(active=True).order_by("code")[:200],
            "item_count": body.items.filter(active=True).count(),
            "case_count": selectors.cases_for(request.user).filter(body=body).count(),
        },
    )


def _register_units(user):
    today = timezone.localdate()
    return (
        policies.scope(Unit.objects.exclude(kind=UnitKind.DIVISION), user, unit_field="pk")
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .order_by("path")
    )


def body_register(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    body = selectors.body_for(request.user, pk) if pk else None
    initial: dict[str, Any] = {}
    if body is not None:
        initial = {
            "unit": body.unit_id,
            "kind": body.kind,
            "legal_basis": body.legal_basis,
            "scope": body.scope,
            "entrusted_by": body.entrusted_by_id,
            "phone": body.phone,
        }
    form = BodyForm(request.POST or None, units=_register_units(request.user), initial=initial)
    if body is not None:
        form.fields["unit"].disabled = True
    return _form_page(
        request,
        form,
        lambda d: services.body_register(actor=request.user, request=request, **d),
        done=lambda b: f"已登记执法主体：{b.unit.name}。",
        to=lambda b: reverse("enforcement:body_detail", args=[b.pk]),
        page={
            "title": f"修改执法主体：{body.unit.name}" if body else "登记执法主体",
            "intro": "执法主体资格由司法局（法治机构）确认登记；内设机构不能以自己的名义执法。",
            "submit": "保存",
            "cancel_url": reverse("enforcement:body_list"),
        },
    )


# ---- officers -------------------------------------------------------------------------------


def officer_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    bodies = selectors.bodies_for(request.user)
    form = OfficerFilterForm(request.GET or None, bodies=bodies)
    officers = form.apply(selectors.officers_for(request.user), today).order_by(
        "body__unit__path", "duty", "person__name", "pk"
    )
    page, query = _page(request, officers, 50)
    page.object_list = list(page.object_list)
    _certified(page.object_list, today)
    return render(
        request,
        "enforcement/officer_list.html",
        {"form": form, "page": page, "query": query},
    )


def officer_register(request: HttpRequest, pk: int) -> HttpResponse:
    body = selectors.body_for(request.user, pk)
    people = (
        Person.objects.filter(
            posts__in=Post.objects.active().filter(unit__path__startswith=body.unit.path)
        )
        .distinct()
        .order_by("name")
    )
    form = OfficerForm(request.POST or None, people=people)
    return _form_page(
        request,
        form,
        lambda d: services.officer_register(actor=request.user, body=body, request=request, **d),
        done=lambda o: f"已登记{o.person.name}为{body.unit.name}的{o.get_duty_display()}。",
        to=lambda o: reverse("enforcement:officer_detail", args=[o.pk]),
        page={
            "title": f"登记执法人员：{body.unit.name}",
            "intro": "执法人员由司法局（法治机构）登记；通过执法资格考试后方可发放执法证件。",
            "submit": "登记",
            "cancel_url": reverse("enforcement:body_detail", args=[body.pk]),
        },
    )


def _officer_context(request, officer, bound: dict[str, Any]) -> dict[str, Any]:
    today = timezone.localdate()
    certificates = list(officer.certificates.all())
    for certificate in certificates:
        certificate.state = selectors.certificate_state(certificate, today)
        certificate.form = bound.get(f"status-{certificate.pk}") or CertificateStatusForm(
            prefix=f"status-{certificate.pk}"
        )
    trainings = list(officer.trainings.all())
    hours = sum((t.hours for t in trainings if t.held_on.year == today.year), Decimal("0"))
    target = Decimal(settings.FAZHI_ENFORCEMENT_TRAINING_HOURS)
    return {
        "officer": officer,
        "certificates": certificates,
        "exams": list(officer.exams.all()),
        "trainings": trainings,
        "year": today.year,
        "hours": hours,
        "target": target,
        "hours_short": max(target - hours, Decimal("0")),
        "exam_form": bound.get("exam") or ExamForm(prefix="exam"),
        "certificate_form": bound.get("certificate") or CertificateForm(prefix="certificate"),
        "training_form": bound.get("training") or TrainingForm(prefix="training"),
        "leave_form": bound.get("leave") or OfficerLeaveForm(prefix="leave"),
        "posted": next(iter(bound.values()), None),
    }


def _render_officer(request, pk, status: int = 200, **bound: Any) -> HttpResponse:
    officer = selectors.officer_for(request.user, pk)
    return render(
        request,
        "enforcement/officer_detail.html",
        _officer_context(request, officer, bound),
        status=status,
    )


def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_officer(request, pk)


def _officer_post(request, pk, key, form, call, done) -> HttpResponse:
    status = attempt(form, call)
    if status is None:
        messages.success(request, done)
        return redirect("enforcement:officer_detail", pk=pk)
    return _render_officer(request, pk, status=status, **{key: form})


@require_POST
def officer_leave(request: HttpRequest, pk: int) -> HttpResponse:
    officer = selectors.officer_for(request.user, pk)
    return _officer_post(
        request,
        pk,
        "leave",
        OfficerLeaveForm(request.POST, prefix="leave"),
        lambda d: services.officer_leave(actor=request.user, officer=officer, request=request, **d),
        f"{officer}已离开执法岗位，其执法证件已注销。",
    )


@require_POST
def exam_record(request: HttpRequest, pk: int) -> HttpResponse:
    officer = selectors.officer_for(request.user, pk)
    return _officer_post(
        request,
        pk,
        "exam",
        ExamForm(request.POST, prefix="exam"),
        lambda d: services.exam_record(actor=request.user, officer=officer, request=request, **d),
        "执法资格考试已登记。",
    )


@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    officer = selectors.officer_for(request.user, pk)
    return _officer_post(
        request,
        pk,
        "certificate",
        CertificateForm(request.POST, prefix="certificate"),
        lambda d: services.certificate_issue(
            actor=request.user, officer=officer, request=request, **d
        ),
        "执法证件已登记。",
    )


@require_POST
def certificate_status(request: HttpRequest, pk: int) -> HttpResponse:
    visible = selectors.officers_for(request.user).values("pk")
    certificate = (
        Certificate.objects.filter(pk=pk, officer__in=visible)
        .select_related("officer__body__unit")
        .first()
    )
    if certificate is None:
        raise Http404("记录不存在或您无权查看。")
    key = f"status-{certificate.pk}"
    return _officer_post(
        request,
        certificate.officer_id,
        key,
        CertificateStatusForm(request.POST, prefix=key),
        lambda d: services.certificate_status(
            actor=request.user, certificate=certificate, request=request, **d
        ),
        f"执法证件{certificate.number}的状态已变更。",
    )


@require_POST
def training_record(request: HttpRequest, pk: int) -> HttpResponse:
    officer = selectors.officer_for(request.user, pk)
    return _officer_post(
        request,
        pk,
        "training",
        TrainingForm(request.POST, prefix="training"),
        lambda d: services.training_record(
            actor=request.user, officer=officer, request=request, **d
        ),
        "培训学时已登记。",
    )


# ---- items, benchmarks, exemption lists -----------------------------------------------------


def item_list(request: HttpRequest) -> HttpResponse:
    form = ItemFilterForm(request.GET or None, bodies=selectors.bodies_for(request.user))
    items = form.apply(selectors.items_for(request.user).filter(active=True))
    page, query = _page(request, items.order_by("body__unit__path", "code"), 50)
    return render(
        request,
        "enforcement/item_list.html",
        {"form": form, "page": page, "query": query},
    )


def _item_context(request, item, bound: dict[str, Any]) -> dict[str, Any]:
    today = timezone.localdate()
    benchmarks = sorted(item.benchmarks.all(), key=lambda b: b.effective_from, reverse=True)
    in_force = next((b for b in benchmarks if b.effective_from <= today), None)
    exemptions = list(item.exemptions.all())
    for exemption in exemptions:
        exemption.in_force = exemption.effective_from <= today and (
            exemption.effective_to is None or exemption.effective_to > today
        )
    return {
        "item": item,
        "benchmarks": benchmarks,
        "in_force": in_force,
        "mandatory": [e for e in exemptions if e.kind == ExemptionKind.MANDATORY],
        "discretionary": [e for e in exemptions if e.kind == ExemptionKind.DISCRETIONARY],
        "exemption_form": bound.get("exemption") or ExemptionForm(prefix="exemption"),
        "case_count": selectors.cases_for(request.user).filter(item=item).count(),
        "today": today,
    }


def item_detail(request: HttpRequest, pk: int, status: int = 200, **bound: Any) -> HttpResponse:
    item = selectors.item_for(request.user, pk)
    return render(
        request, "enforcement/item_detail.html", _item_context(request, item, bound), status=status
    )


def item_create(request: HttpRequest) -> HttpResponse:
    bodies = selectors.bodies_for(request.user)
    form = ItemCreateForm(request.POST or None, bodies=bodies, initial={"kind": ItemKind.PENALTY})
    return _form_page(
        request,
        form,
        lambda d: services.item_save(actor=request.user, request=request, **d),
        done=lambda i: f"已登记执法事项：{i.name}。",
        to=lambda i: reverse("enforcement:item_detail", args=[i.pk]),
        page={
            "title": "登记执法事项",
            "intro": "同一执法主体的事项以编码区分；编码已存在的，按本次填写更新该事项。",
            "submit": "保存",
            "cancel_url": reverse("enforcement:item_list"),
        },
    )


def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(request.user, pk)
    initial = {name: getattr(item, name) for name in ItemForm.base_fields}
    form = ItemForm(request.POST or None, initial=initial, editing=True)
    return _form_page(
        request,
        form,
        lambda d: services.item_save(
            actor=request.user, body=item.body, request=request, **{**d, "code": item.code}
        ),
        done="执法事项已保存。",
        to=lambda i: reverse("enforcement:item_detail", args=[i.pk]),
        page={
            "title": f"修改执法事项：{item.name}",
            "submit": "保存",
            "cancel_url": reverse("enforcement:item_detail", args=[item.pk]),
        },
    )


def benchmark_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(request.user, pk)
    current = services.benchmark_in_force(item, timezone.localdate())
    rows = [
        {
            "circumstance": r.circumstance,
            "degree": r.degree,
            "penalty": r.penalty,
            "fine_min": r.fine_min,
            "fine_max": r.fine_max,
        }
        for r in (current.rows.all() if current else [])
    ]
    form = BenchmarkForm(request.POST or None, prefix="benchmark")
    try:
        extra = int(request.GET.get("extra", 4))
    except ValueError:
        extra = 4
    formset = benchmark_row_formset(extra)(request.POST or None, prefix="rows", initial=rows)
    status = 200
    if request.method == "POST" and formset.is_valid():
        status = attempt(
            form,
            lambda d: services.benchmark_save(
                actor=request.user, item=item, rows=formset.rows(), request=request, **d
            ),
        )
        if status is None:
            messages.success(request, "已制定新版本的裁量基准。")
            return redirect("enforcement:item_detail", pk=item.pk)
    elif request.method == "POST":
        form.is_valid()  # show the version's own errors beside the rows'
    return render(
        request,
        "enforcement/benchmark_form.html",
        {
            "item": item,
            "form": form,
            "formset": formset,
            "current": current,
            "more": min(extra + 10, 60),
        },
        status=status,
    )


@require_POST
def exemption_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(request.user, pk)
    form = ExemptionForm(request.POST, prefix="exemption")
    status = attempt(
        form,
        lambda d: services.exemption_save(actor=request.user, item=item, request=request, **d),
    )
    if status is None:
        messages.success(request, "免罚清单事项已登记。")
        return redirect(reverse("enforcement:item_detail", args=[pk]) + "#exemptions")
    return item_detail(request, pk, status=status, exemption=form)


# ---- cases: the list and opening ------------------------------------------------------------


def case_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = selectors.cases_for(request.user)
    form = CaseFilterForm(
        request.GET or None,
        bodies=selectors.bodies_for(request.user),
        items=selectors.items_for(request.user).filter(kind=ItemKind.PENALTY),
    )
    page, query = _page(request, form.apply(visible, today).order_by("-opened_on", "-pk"))
    return render(
        request,
        "enforcement/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "today": today,
            "may_open": bool(_bodies_acting(request.user, HANDLERS)),
        },
    )


def case_open(request: HttpRequest) -> HttpResponse:
    bodies = _bodies_acting(request.user, HANDLERS)
    if not bodies:
        raise PermissionDenied("只有执法主体的执法人员可以立案。")
    chosen = request.POST.get("body") or request.GET.get("body")
    body = next((b for b in bodies if str(b.pk) == str(chosen)), None)
    if body is None and len(bodies) == 1:
        body = bodies[0]
    if body is None:
        return render(request, "enforcement/case_open.html", {"bodies": bodies, "form": None})
    today = timezone.localdate()
    officers = _certified(
        selectors.officers_for(request.user).filter(body=body, duty=Duty.ENFORCEMENT, active=True),
        today,
    )
    form = CaseOpenForm(
        request.POST or None,
        items=body.items.filter(kind=ItemKind.PENALTY, active=True).order_by("code"),
        officers=officers,
    )
    opened: list[PenaltyCase] = []
    status = 200
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: opened.append(
                services.case_open(
                    actor=request.user,
                    body=body,
                    officers=form.officers(),
                    request=request,
                    **form.case_fields(),
                )
            ),
        )
        if status is None:
            messages.success(request, f"已立案：{opened[0].number}。")
            return redirect("enforcement:case_detail", pk=opened[0].pk)
    return render(
        request,
        "enforcement/case_open.html",
        {"bodies": bodies, "body": body, "form": form},
        status=status,
    )


# ---- one case -------------------------------------------------------------------------------

# The forms of the case page, by key (also the form's prefix), with the URL name of the action
# each posts to: built unbound for the page, bound when posted.
CASE_ACTIONS: dict[str, tuple[type, str]] = {
    "assign": (AssignForm, "case_assign"),
    "evidence": (EvidenceForm, "case_evidence"),
    "preservation": (PreservationForm, "preservation_start"),
    "propose": (ProposalForm, "case_propose"),
    "notify": (NoticeForm, "case_notify"),
    "statement": (StatementForm, "statement_record"),
    "hearing_request": (HearingRequestForm, "hearing_request"),
    "submit_review": (EmptyForm, "review_submit"),
    "review": (ReviewForm, "review_record"),
    "ready": (EmptyForm, "case_ready"),
    "discussion": (DiscussionForm, "discussion_record"),
    "extend": (ExtensionForm, "case_extend"),
    "decide": (DecideForm, "case_decide"),
    "spot": (SpotDecisionForm, "case_decide_on_spot"),
    "serve": (ServeForm, "case_serve"),
    "arrangement": (ArrangementForm, "payment_arrange"),
    "payment": (PaymentForm, "payment_record"),
    "challenge": (ChallengeForm, "challenge_record"),
    "court": (CourtForm, "court_apply"),
    "close": (CloseForm, "case_close"),
    "transfer": (TransferForm, "case_transfer"),
    "dismiss": (DismissForm, "case_dismiss"),
    "publish": (PublishForm, "case_publish"),
    "withdraw": (WithdrawForm, "publication_withdraw"),
    "end_early": (EndEarlyForm, "publication_end_early"),
}


def _shown(case: PenaltyCase, roles: set[str], publication: Publication | None) -> set[str]:
    """Which forms to offer, from the state and the person's roles on the case (the services
    and guards decide; a form offered may still be refused with its reason)."""
    state = case.state
    handle = bool(roles & set(HANDLERS))
    head = bool(roles & set(HEAD))
    review = bool(roles & set(REVIEWERS))
    decided = case.decided_on is not None
    shown: set[str] = set()
    if handle and state == "investigating":
        shown |= {"assign", "evidence", "propose", "notify"}
        if case.simplified:
            shown.add("spot")
    if handle and state in ("notified", "ready"):
        shown |= {"propose", "notify", "submit_review"}
    if handle and state in ("notified", "hearing", "ready"):
        shown.add("statement")
    if handle and state == "notified":
        shown |= {"hearing_request", "ready"}
    if review and state == "reviewing":
        shown.add("review")
    if head and state == "investigating":
        shown |= {"preservation", "dismiss"}
    if head and state in ("investigating", "ready"):
        shown.add("decide")
    if head and state == "ready":
        shown.add("discussion")
    if head and state in ("investigating", "notified", "ready"):
        shown.add("transfer")
    if head and not decided and not case.simplified and not case.procedure_state.terminal:
        shown.add("extend")
    if handle and state == "decided":
        shown.add("serve")
    if state == "executing":
        if handle:
            shown |= {"payment", "challenge"}
        if head:
            shown.add("arrangement")
        if handle or head:
            shown |= {"court", "close"}
    if (handle or head) and case.outcome == "penalty" and decided:
        if publication is None:
            shown.add("publish")
        elif publication.withdrawn_on is None:
            shown.add("withdraw")
            if head and publication.ended_early_on is None:
                shown.add("end_early")
    return shown


def _case_context(request: HttpRequest, case: PenaltyCase, bound: dict[str, Any]):
    user = request.user
    today = timezone.localdate()
    roles = _roles_on(user, case.unit_id)
    handle = bool(roles & set(HANDLERS))
    publication = Publication.objects.filter(case=case).first()
    shown = _shown(case, roles, publication)
    panels = {
        key: {
            "form": bound.get(key) or CASE_ACTIONS[key][0](prefix=key, case=case),
            "url": reverse(f"enforcement:{CASE_ACTIONS[key][1]}", args=[case.pk]),
        }
        for key in shown
    }

    preservations = list(case.preservations.all())
    for p in preservations:
        p.due = law.period_due("penalty.evidence_handling", p.started_on)
        key = f"handle-{p.pk}"
        p.form = (bound.get(key) or PreservationHandleForm(prefix=key)) if handle else None
    statements = list(case.statements.all())
    for s in statements:
        key = f"answer-{s.pk}"
        open_ = handle and s.adopted is None and case.state in ("notified", "hearing", "ready")
        s.form = (bound.get(key) or StatementAnswerForm(prefix=key)) if open_ else None
    hearings = list(case.hearings.all())
    for h in hearings:
        h.forms = {}
        if handle and h.held_on is None and h.withdrawn_on is None and case.state == "hearing":
            steps = (
                ("notify", HearingNotifyForm)
                if h.notified_on is None
                else ("hold", HearingHoldForm),
                ("withdraw", HearingWithdrawForm),
            )
            for name, cls in steps:
                key = f"hearing_{name}-{h.pk}"
                h.forms[name] = bound.get(key) or cls(prefix=key, case=case)
    challenges = list(case.challenges.all())
    for c in challenges:
        key = f"challenge_end-{c.pk}"
        c.form = (
            (bound.get(key) or ChallengeEndForm(prefix=key)) if handle and not c.ended_on else None
        )
    transfers = list(case.transfers.all())
    for t in transfers:
        key = f"feedback-{t.pk}"
        t.form = (
            (bound.get(key) or TransferFeedbackForm(prefix=key))
            if handle and not t.accepted_on
            else None
        )

    row = case.benchmark_row
    proposal = services.proposal_range(case, row)
    departure = law.outside_range(case.fine, proposal["low"], proposal["high"]) if row else ""
    surcharge = services.surcharge_of(case, today) if case.served_on and case.fine else None
    owed = (case.fine or 0) + (case.confiscation or 0) + (surcharge.amount if surcharge else 0)
    posted = next(iter(bound.values()), None)
    return {
        "case": case,
        "status": procedure_status(case, user),
        "roles": roles,
        "panels": panels,
        "posted": posted,
        "officers": list(case.case_officers.all()),
        "evidence": list(case.evidence.all()),
        "preservations": preservations,
        "notices": list(case.notices.all()),
        "statements": statements,
        "hearings": hearings,
        "reviews": list(case.reviews.all()),
        "discussions": list(case.discussions.all()),
        "extensions": list(case.extensions.all()),
        "arrangements": list(case.arrangements.all()),
        "payments": list(case.payments.all()),
        "challenges": challenges,
        "transfers": transfers,
        "court": CourtApplication.objects.filter(case=case).first(),
        "publication": publication,
        "proposal": proposal,
        "departure": departure,
        "kind_labels": _kind_labels(case),
        "review_needed": case.review_needed,
        "hearing_right": law.hearing_right(
            case.party_kind, case.penalty_kinds, case.fine, case.confiscation
        ),
        "payment_due": services.payment_due_of(case),
        "surcharge": surcharge,
        "owed": owed,
        "today": today,
        "exemption_documents": ExemptionDocument.choices
        if case.outcome == "no_penalty" and case.exemption_id and case.decided_on
        else (),
        "decision_document": case.outcome == "penalty" and case.decided_on is not None,
    }


def _kind_labels(case: PenaltyCase) -> list[str]:
    from .models import PenaltyKind

    return [PenaltyKind(k).label for k in case.penalty_kinds if k in PenaltyKind.values]


def _case(request: HttpRequest, pk: int) -> PenaltyCase:
    return selectors.case_for(request.user, pk)


def _render_case(request: HttpRequest, pk: int, status: int = 200, **bound: Any):
    case = _case(request, pk)  # fresh: a refused service may have touched the object
    return render(
        request, "enforcement/case_detail.html", _case_context(request, case, bound), status=status
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, pk)


def _act(request, case, key: str, call, done: str, *, form=None, anchor: str = ""):
    """One action of the case page: the form (of CASE_ACTIONS[key], unless given) validated and one
    service called; on success a message and back to the case, else the page again with the
    form as posted and the reasons on it."""
    if form is None:
        form = CASE_ACTIONS[key][0](request.POST, request.FILES, prefix=key, case=case)
    status = attempt(form, call)
    if status is None:
        messages.success(request, done)
        return redirect(reverse("enforcement:case_detail", args=[case.pk]) + anchor)
    return _render_case(request, case.pk, status=status, **{form.prefix: form})


def _sub(case: PenaltyCase, related: str, pk: int):
    """A record of the case (its hearing, statement…), else 404."""
    obj = getattr(case, related).filter(pk=pk).first()
    if obj is None:
        raise Http404("记录不存在或您无权查看。")
    return obj


def _kw(request) -> dict[str, Any]:
    return {"actor": request.user, "request": request}


@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "assign",
        lambda d: services.case_assign(case=case, **d, **_kw(request)),
        "已指派执法人员。",
        anchor="#officers",
    )


@require_POST
def case_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "evidence",
        lambda d: services.evidence_add(case=case, **d, **_kw(request)),
        "证据已上传并存证。",
        anchor="#evidence",
    )


@require_POST
def preservation_start(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "preservation",
        lambda d: services.preservation_start(case=case, **d, **_kw(request)),
        "先行登记保存已批准；应当在七个工作日内作出处理决定。",
        anchor="#evidence",
    )


@require_POST
def preservation_handle(request: HttpRequest, pk: int, sub: int) -> HttpResponse:
    case = _case(request, pk)
    preservation = _sub(case, "preservations", sub)
    key = f"handle-{sub}"
    return _act(
        request,
        case,
        key,
        lambda d: services.preservation_handle(preservation=preservation, **d, **_kw(request)),
        "先行登记保存的处理决定已记录。",
        form=PreservationHandleForm(request.POST, prefix=key),
        anchor="#evidence",
    )


@require_POST
def case_propose(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "propose",
        lambda d: services.case_propose(case=case, **d, **_kw(request)),
        "拟处罚意见已保存。",
        anchor="#proposal",
    )


@require_POST
def case_notify(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "notify",
        lambda d: services.case_notify(case=case, **d, **_kw(request)),
        "已告知当事人拟作出的行政处罚及其权利。",
        anchor="#notices",
    )


@require_POST
def statement_record(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "statement",
        lambda d: services.statement_record(case=case, **d, **_kw(request)),
        "陈述申辩已记录。",
        anchor="#statements",
    )


@require_POST
def statement_answer(request: HttpRequest, pk: int, sub: int) -> HttpResponse:
    case = _case(request, pk)
    statement = _sub(case, "statements", sub)
    key = f"answer-{sub}"
    return _act(
        request,
        case,
        key,
        lambda d: services.statement_answer(statement=statement, **d, **_kw(request)),
        "复核意见已记录。",
        form=StatementAnswerForm(request.POST, prefix=key),
        anchor="#statements",
    )


@require_POST
def hearing_request(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "hearing_request",
        lambda d: services.hearing_request(case=case, **d, **_kw(request)),
        "当事人要求听证已记录；应当组织听证。",
        anchor="#hearings",
    )


def _hearing_act(request, pk: int, sub: int, name: str, form_class, service, done: str):
    case = _case(request, pk)
    hearing = _sub(case, "hearings", sub)
    key = f"hearing_{name}-{sub}"
    return _act(
        request,
        case,
        key,
        lambda d: service(hearing=hearing, **d, **_kw(request)),
        done,
        form=form_class(request.POST, prefix=key, case=case),
        anchor="#hearings",
    )


@require_POST
def hearing_notify(request: HttpRequest, pk: int, sub: int) -> HttpResponse:
    return _hearing_act(
        request, pk, sub, "notify", HearingNotifyForm, services.hearing_notify, "听证通知已记录。"
    )


@require_POST
def hearing_hold(request: HttpRequest, pk: int, sub: int) -> HttpResponse:
    return _hearing_act(
        request, pk, sub, "hold", HearingHoldForm, services.hearing_hold, "听证已举行。"
    )


@require_POST
def hearing_withdraw(request: HttpRequest, pk: int, sub: int) -> HttpResponse:
    return _hearing_act(
        request,
        pk,
        sub,
        "withdraw",
        HearingWithdrawForm,
        services.hearing_withdraw,
        "当事人放弃听证已记录。",
    )


@require_POST
def review_submit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "submit_review",
        lambda d: services.review_submit(case=case, **_kw(request)),
        "已送法制审核。",
        anchor="#review",
    )


@require_POST
def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "review",
        lambda d: services.review_record(case=case, **d, **_kw(request)),
        "法制审核意见已记录。",
        anchor="#review",
    )


@require_POST
def case_ready(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "ready",
        lambda d: services.case_ready(case=case, **_kw(request)),
        "陈述申辩已终结，案件待作出决定。",
    )


@require_POST
def discussion_record(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "discussion",
        lambda d: services.discussion_record(case=case, **d, **_kw(request)),
        "集体讨论已记录。",
        anchor="#decision",
    )


@require_POST
def case_extend(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "extend",
        lambda d: services.case_extend(case=case, **d, **_kw(request)),
        "办案期限已延长。",
    )


@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "decide",
        lambda d: services.case_decide(case=case, **d, **_kw(request)),
        "已作出决定。",
        anchor="#decision",
    )


@require_POST
def case_decide_on_spot(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "spot",
        lambda d: services.case_decide_on_spot(case=case, **d, **_kw(request)),
        "已当场作出行政处罚决定。",
        anchor="#decision",
    )


@require_POST
def case_serve(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "serve",
        lambda d: services.case_serve(case=case, **d, **_kw(request)),
        "决定书送达已记录。",
        anchor="#execution",
    )


@require_POST
def payment_arrange(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "arrangement",
        lambda d: services.payment_arrange(case=case, **d, **_kw(request)),
        "延期（分期）缴纳已批准。",
        anchor="#execution",
    )


@require_POST
def payment_record(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "payment",
        lambda d: services.payment_record(case=case, **d, **_kw(request)),
        "缴款已登记。",
        anchor="#execution",
    )


@require_POST
def challenge_record(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "challenge",
        lambda d: services.challenge_record(case=case, **d, **_kw(request)),
        "复议、诉讼情况已记录。",
        anchor="#execution",
    )


@require_POST
def challenge_end(request: HttpRequest, pk: int, sub: int) -> HttpResponse:
    case = _case(request, pk)
    challenge = _sub(case, "challenges", sub)
    key = f"challenge_end-{sub}"
    return _act(
        request,
        case,
        key,
        lambda d: services.challenge_end(challenge=challenge, **d, **_kw(request)),
        "复议、诉讼结果已记录。",
        form=ChallengeEndForm(request.POST, prefix=key),
        anchor="#execution",
    )


@require_POST
def court_apply(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "court",
        lambda d: services.court_apply(case=case, **d, **_kw(request)),
        "申请人民法院强制执行已记录。",
        anchor="#execution",
    )


@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "close",
        lambda d: services.case_close(case=case, **d, **_kw(request)),
        "已结案。",
    )


@require_POST
def case_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "transfer",
        lambda d: services.case_transfer(case=case, **d, **_kw(request)),
        "案件已移送。",
        anchor="#transfers",
    )


@require_POST
def transfer_feedback(request: HttpRequest, pk: int, sub: int) -> HttpResponse:
    case = _case(request, pk)
    transfer = _sub(case, "transfers", sub)
    key = f"feedback-{sub}"
    return _act(
        request,
        case,
        key,
        lambda d: services.transfer_feedback(transfer=transfer, **d, **_kw(request)),
        "接收机关的受理和处理结果已记录。",
        form=TransferFeedbackForm(request.POST, prefix=key),
        anchor="#transfers",
    )


@require_POST
def case_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "dismiss",
        lambda d: services.case_dismiss(case=case, **d, **_kw(request)),
        "已撤销立案。",
    )


@require_POST
def case_publish(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return _act(
        request,
        case,
        "publish",
        lambda d: services.publish(case=case, **d, **_kw(request)),
        "行政处罚决定已公示。",
        anchor="#publication",
    )


def _publication(case: PenaltyCase) -> Publication:
    publication = Publication.objects.filter(case=case).select_related("case").first()
    if publication is None:
        raise Http404("该决定尚未公示。")
    return publication


@require_POST
def publication_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    publication = _publication(case)
    return _act(
        request,
        case,
        "withdraw",
        lambda d: services.publication_withdraw(publication=publication, **d, **_kw(request)),
        "公示已撤回，撤回理由向社会公开。",
        anchor="#publication",
    )


@require_POST
def publication_end_early(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    publication = _publication(case)
    return _act(
        request,
        case,
        "end_early",
        lambda d: services.publication_end_early(publication=publication, **d, **_kw(request)),
        "已提前停止公示。",
        anchor="#publication",
    )


# ---- generated documents --------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def case_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The 行政处罚决定书 of a penalty, or one of the three documents of 一案三书 of a case not
    punished under an exemption list entry, as .docx."""
    case = _case(request, pk)
    if kind not in documents.KINDS:
        raise Http404("没有这种执法文书。")
    try:
        title, data = documents.render(case, kind)
    except documents.NotAvailable as exc:
        messages.error(request, str(exc))
        return redirect(reverse("enforcement:case_detail", args=[pk]) + "#decision")
    response = HttpResponse(data, content_type=DOCX)
    filename = f"{title}（{case.number}）.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
