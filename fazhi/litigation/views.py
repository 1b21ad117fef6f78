"""Staff pages of litigation, at /workspace/litigation/ (thin: selectors read, services write;
a refusal of the law is shown on the form with its article and the person's input, nothing
saved; a record outside the person's reach is 404, an act the person may not do 403).

Each action on a case posts to its own URL and calls one service; the case page is the file of
the instance with the forms of what may be done next."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.models import Unit
from fazhi.deadlines.models import Deadline
from fazhi.deadlines.selectors import deadlines_visible
from fazhi.procedures.selectors import _deadline_template, procedure_status
from fazhi.procedures.services import StepRefused

from . import law, selectors, services
from .forms import (
    AnswerForm,
    AppealForm,
    CaseFilterForm,
    CaseRegisterForm,
    CloseForm,
    EffectiveForm,
    ExecutionForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    ExtensionResumeForm,
    ExtensionSubmitForm,
    FlagsForm,
    HearingForm,
    JudgmentForm,
    PerformForm,
    ReplyForm,
    SuggestionForm,
)
from .models import EvidenceExtension, Execution, ExtensionState, LitigationCase

REFUSALS = (StepRefused, ValidationError, PermissionDenied)
DUE_SOON_DAYS = 7
WATCHED_RULES = {
    "litigation.answer": "答辩举证",
    "litigation.evidence_extension": "延期提供证据",
    "litigation.appeal": "上诉（判决）",
    "litigation.appeal_ruling": "上诉（裁定）",
}


def refusal_messages(exc: Exception) -> list[str]:
    if isinstance(exc, StepRefused):
        return [failure.message for failure in exc.failures] or [str(exc)]
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or "您无权办理该事项。"]


def attempt(form, call: Callable[[dict[str, Any]], Any]) -> int | None:
    """Validate `form` and call one service with its data: None when done, else the status
    to show the form again with (its errors, or the service's reasons, on it)."""
    if not form.is_valid():
        return 200
    try:
        call(form.cleaned_data)
    except REFUSALS as exc:
        form.add_error(None, refusal_messages(exc))
        return 403 if isinstance(exc, PermissionDenied) else 200
    return None


def _page(request, queryset, size: int = 25):
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# ---- home -----------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    cases = selectors.cases_for(user)
    by_state = dict(cases.order_by().values_list("state").annotate(n=Count("pk")))
    states = [
        (s.code, s.label, by_state[s.code])
        for s in LitigationCase.procedure().states
        if by_state.get(s.code)
    ]
    suggestions = selectors.suggestions_for(user).filter(replied_on__isnull=True)
    return render(
        request,
        "litigation/index.html",
        {
            "today": today,
            "states": states,
            "total": sum(n for _, _, n in states),
            "due_soon": _due_soon(user, cases, today),
            "head_pending": list(
                cases.filter(head_required=True, state__in=("served", "answered"))[:20]
            ),
            "suggestions": list(suggestions.order_by("due_on", "pk")[:20]),
            "may_register": bool(selectors.agencies_acting(user)),
        },
    )


def _due_soon(user, cases, today) -> list[dict[str, Any]]:
    """Running deadlines of the cases (answer, appeal) and of their evidence extensions (each
    extension its own period) due within a week or passed."""
    case_type = ContentType.objects.get_for_model(LitigationCase)
    extension_type = ContentType.objects.get_for_model(EvidenceExtension)
    deadlines = list(
        deadlines_visible(user)
        .filter(
            subject_type__in=(case_type, extension_type),
            rule_id__in=list(WATCHED_RULES),
            state="running",
            due_date__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .order_by("due_date")[:50]
    )
    extension_ids = [d.subject_id for d in deadlines if d.subject_type_id == extension_type.pk]
    case_of = dict(
        EvidenceExtension.objects.filter(pk__in=extension_ids).values_list("pk", "case_id")
    )

    def case_id(d) -> int | None:
        if d.subject_type_id == extension_type.pk:
            return case_of.get(d.subject_id)
        return d.subject_id

    by_id = cases.in_bulk([case_id(d) for d in deadlines if case_id(d) is not None])
    return [
        {
            "deadline": d,
            "case": by_id[case_id(d)],
            "label": WATCHED_RULES[d.rule_id],
            "overdue": d.due_date < today,
        }
        for d in deadlines
        if case_id(d) in by_id
    ]


# ---- cases ----------------------------------------------------------------------------------


def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None, units=selectors.units_in_reach(request.user))
    cases = form.apply(selectors.cases_for(request.user)).order_by("-served_on", "-pk")
    page, query = _page(request, cases)
    return render(
        request,
        "litigation/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "may_register": bool(selectors.agencies_acting(request.user)),
        },
    )


def case_register(request: HttpRequest) -> HttpResponse:
    units = selectors.agencies_acting(request.user)
    if not units:
        raise PermissionDenied("只有被诉行政机关的工作人员可以登记应诉案件。")
    previous = None
    if pk := request.GET.get("previous"):
        previous = selectors.case_for(request.user, pk)
    form = CaseRegisterForm(
        request.POST or None, units=units, previous=previous, initial=_next_instance(previous)
    )
    made: list[LitigationCase] = []
    status = 200
    if request.method == "POST":
        status = attempt(form, lambda d: made.append(_register(request, d, units, previous)))
        if status is None:
            messages.success(request, f"已登记应诉案件：{made[0].number}。")
            return redirect("litigation:case_detail", pk=made[0].pk)
    return render(
        request,
        "litigation/case_register.html",
        {"form": form, "previous": previous},
        status=status,
    )


def _next_instance(previous: LitigationCase | None) -> dict:
    if previous is None:
        return {}
    instance = "second" if previous.state == "appealed" else "retrial"
    if previous.outcome == "remanded":
        instance = "first"
    return {
        "unit": previous.unit_id,
        "instance": instance,
        "plaintiff_kind": previous.plaintiff_kind,
        "plaintiff": previous.plaintiff,
        "third_party": previous.third_party,
        "act": previous.act,
        "act_kind": previous.act_kind,
        "act_number": previous.act_number,
        "act_on": previous.act_on,
        "head_required_reasons": previous.head_required_reasons,
    }


def _register(request, data: dict, units: list[Unit], previous) -> LitigationCase:
    unit = next((u for u in units if u.pk == data.pop("unit")), None)
    if unit is None:
        raise PermissionDenied("您不能为该机关登记应诉案件。")
    return services.case_register(
        actor=request.user, request=request, previous=previous, unit=unit, **data
    )


# ---- one case -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    form: type
    states: tuple[str, ...]
    call: Callable  # (request, case, data) -> object
    done: str
    anchor: str = ""


def _kw(request) -> dict[str, Any]:
    return {"actor": request.user, "request": request}


CASE_ACTIONS: dict[str, Action] = {
    "flags": Action(
        FlagsForm,
        ("served", "answered", "heard"),
        lambda r, c, d: services.head_flags_set(case=c, **d, **_kw(r)),
        "已更新负责人应当出庭的情形。",
        "#flags",
    ),
    "answer": Action(
        AnswerForm,
        ("served", "heard"),
        lambda r, c, d: services.case_answer(case=c, **d, **_kw(r)),
        "已登记答辩举证。",
        "#answer",
    ),
    "extension": Action(
        ExtensionRequestForm,
        ("served", "answered"),
        lambda r, c, d: services.extension_request(case=c, **d, **_kw(r)),
        "已登记延期提供证据的申请。",
        "#answer",
    ),
    "hearing": Action(
        HearingForm,
        ("served", "answered", "heard"),
        lambda r, c, d: services.hearing_record(case=c, **d, **_kw(r)),
        "已记录开庭及出庭应诉情况。",
        "#hearings",
    ),
    "judgment": Action(
        JudgmentForm,
        ("served", "answered", "heard"),
        lambda r, c, d: services.judgment_record(case=c, **d, **_kw(r)),
        "已登记裁判结果。",
        "#judgment",
    ),
    "appeal": Action(
        AppealForm,
        ("judged",),
        lambda r, c, d: services.case_appeal(case=c, **d, **_kw(r)),
        "已登记上诉。",
        "#judgment",
    ),
    "effective": Action(
        EffectiveForm,
        ("judged",),
        lambda r, c, d: services.case_effective(case=c, **d, **_kw(r)),
        "已登记裁判生效。",
        "#judgment",
    ),
    "execution": Action(
        ExecutionForm,
        ("effective", "mediated", "executing"),
        lambda r, c, d: services.execution_add(case=c, **d, **_kw(r)),
        "已登记裁判确定的义务。",
        "#execution",
    ),
    "close": Action(
        CloseForm,
        ("effective", "mediated", "executing"),
        lambda r, c, d: services.case_close(case=c, **d, **_kw(r)),
        "案件已结案。",
        "#execution",
    ),
}


def _sub_forms(case, change: bool, bound: dict[str, Any]):
    extensions = list(case.extensions.all())
    for e in extensions:
        e.forms = {}
        if not change or case.state not in ("served", "answered", "heard"):
            continue
        if e.state == ExtensionState.PENDING:
            e.forms["decide"] = ExtensionDecideForm
        elif e.state == ExtensionState.GRANTED and e.obstacle_removed_on is None:
            e.forms["resume"] = ExtensionResumeForm
        elif e.due_on and e.submitted_on is None:
            e.forms["submit"] = ExtensionSubmitForm
        e.forms = {
            name: bound.get(f"{name}-{e.pk}") or cls(prefix=f"{name}-{e.pk}")
            for name, cls in e.forms.items()
        }
    executions = list(case.executions.all())
    for x in executions:
        key = f"perform-{x.pk}"
        open_ = change and case.state == "executing" and not (x.performed_on or x.applied_on)
        x.form = (bound.get(key) or PerformForm(prefix=key)) if open_ else None
    return extensions, executions


def _case_context(request, case: LitigationCase, bound: dict[str, Any]) -> dict[str, Any]:
    change = selectors.may_change(request.user, case.unit_id)
    panels = {
        key: bound.get(key) or action.form(prefix=key)
        for key, action in CASE_ACTIONS.items()
        if change and case.state in action.states and _offered(case, key)
    }
    extensions, executions = _sub_forms(case, change, bound)
    status = procedure_status(case, request.user)
    if extensions and status.deadlines_available:
        # each evidence extension has its own period (解释第三十四条), kept on the extension
        extension_deadlines = (
            Deadline.objects.filter(
                subject_type=ContentType.objects.get_for_model(EvidenceExtension),
                subject_id__in=[e.pk for e in extensions],
            )
            .select_related("owner", "unit")
            .prefetch_related("events__approver")
            .order_by("state", "due_date")
        )
        status = dataclasses.replace(
            status,
            deadlines=[*status.deadlines, *extension_deadlines],
            deadline_template=status.deadline_template or _deadline_template(),
        )
    return {
        "case": case,
        "status": status,
        "change": change,
        "panels": panels,
        "posted": next(iter(bound.values()), None),
        "hearings": list(case.hearings.all()),
        "extensions": extensions,
        "executions": executions,
        "next_instances": list(case.next_instances.all()),
        "suggestions": list(case.suggestions.all()),
        "today": timezone.localdate(),
        "extension_due": law.extension_request_due(case.served_on),
        "may_register_next": change and _next_allowed(case),
    }


def _offered(case: LitigationCase, key: str) -> bool:
    if key == "appeal" or key == "effective":
        return case.appeal_due is not None
    if key == "answer":  # also after a hearing, when the answer was not yet recorded
        return case.answered_on is None
    return True


def _next_allowed(case: LitigationCase) -> bool:
    if case.state == "appealed":
        return not case.next_instances.exists()
    return case.outcome == "remanded" or case.state in ("effective", "executing", "closed")


def _render_case(request, pk: int, status: int = 200, **bound: Any) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    return render(
        request, "litigation/case_detail.html", _case_context(request, case, bound), status=status
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, pk)


def _act(request, case, form, call, done: str, anchor: str) -> HttpResponse:
    status = attempt(form, call)
    if status is None:
        messages.success(request, done)
        return redirect(reverse("litigation:case_detail", args=[case.pk]) + anchor)
    return _render_case(request, case.pk, status=status, **{form.prefix: form})


@require_POST
def case_action(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    action = CASE_ACTIONS.get(key)
    if action is None:
        raise Http404("没有这一办理事项。")
    case = selectors.case_for(request.user, pk)
    form = action.form(request.POST, request.FILES, prefix=key)
    return _act(
        request, case, form, lambda d: action.call(request, case, d), action.done, action.anchor
    )


EXTENSION_ACTIONS = {
    "decide": (ExtensionDecideForm, services.extension_decide, "已登记法院的决定。"),
    "resume": (
        ExtensionResumeForm,
        services.extension_resume,
        "已登记正当事由消除，开始计算提供证据期限。",
    ),
    "submit": (ExtensionSubmitForm, services.extension_submit, "已登记提供证据。"),
}


@require_POST
def extension_action(request: HttpRequest, pk: int, sub: int, key: str) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    extension = EvidenceExtension.objects.filter(case=case, pk=sub).first()
    if extension is None or key not in EXTENSION_ACTIONS:
        raise Http404("记录不存在或您无权查看。")
    form_class, service, done = EXTENSION_ACTIONS[key]
    form = form_class(request.POST, prefix=f"{key}-{sub}")
    call = lambda d: service(extension=extension, **d, **_kw(request))  # noqa: E731
    return _act(request, case, form, call, done, "#answer")


@require_POST
def execution_perform(request: HttpRequest, pk: int, sub: int) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    execution = Execution.objects.filter(case=case, pk=sub).first()
    if execution is None:
        raise Http404("记录不存在或您无权查看。")
    form = PerformForm(request.POST, prefix=f"perform-{sub}")
    call = lambda d: services.execution_perform(execution=execution, **d, **_kw(request))  # noqa: E731
    return _act(request, case, form, call, "已登记履行情况。", "#execution")


# ---- suggestions ----------------------------------------------------------------------------


def suggestion_list(request: HttpRequest) -> HttpResponse:
    suggestions = selectors.suggestions_for(request.user)
    state = request.GET.get("state", "")
    today = timezone.localdate()
    if state == "open":
        suggestions = suggestions.filter(replied_on__isnull=True)
    elif state == "overdue":
        suggestions = suggestions.filter(replied_on__isnull=True, due_on__lt=today)
    page, query = _page(request, suggestions.order_by("-received_on", "-pk"))
    return render(
        request,
        "litigation/suggestion_list.html",
        {
            "page": page,
            "query": query,
            "state": state,
            "today": today,
            "may_register": bool(selectors.agencies_acting(request.user)),
        },
    )


def suggestion_register(request: HttpRequest) -> HttpResponse:
    units = selectors.agencies_acting(request.user)
    if not units:
        raise PermissionDenied("只有收到建议的行政机关的工作人员可以登记。")
    case = None
    if pk := request.GET.get("case"):
        case = selectors.case_for(request.user, pk)
    initial = {"unit": case.unit_id} if case else {}
    form = SuggestionForm(request.POST or None, units=units, initial=initial)
    made: list = []
    status = 200
    if request.method == "POST":

        def call(data):
            unit = next((u for u in units if u.pk == data.pop("unit")), None)
            if unit is None:
                raise PermissionDenied("您不能为该机关登记建议。")
            made.append(services.suggestion_register(case=case, unit=unit, **data, **_kw(request)))

        status = attempt(form, call)
        if status is None:
            messages.success(request, f"已登记{made[0]}。")
            return redirect("litigation:suggestion_detail", pk=made[0].pk)
    return render(
        request,
        "litigation/suggestion_register.html",
        {"form": form, "case": case},
        status=status,
    )


def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_for(request.user, pk)
    change = selectors.may_change(request.user, suggestion.unit_id)
    form = None
    status = 200
    if change and suggestion.replied_on is None:
        form = ReplyForm(request.POST or None, prefix="reply")
        if request.method == "POST":
            status = attempt(
                form,
                lambda d: services.suggestion_reply(suggestion=suggestion, **d, **_kw(request)),
            )
            if status is None:
                messages.success(request, "已登记答复。")
                return redirect("litigation:suggestion_detail", pk=suggestion.pk)
    elif request.method == "POST":
        raise PermissionDenied("您无权答复该建议，或该建议已经答复。")
    return render(
        request,
        "litigation/suggestion_detail.html",
        {
            "suggestion": suggestion,
            "form": form,
            "posted": form if form is not None and form.is_bound else None,
            "today": timezone.localdate(),
        },
        status=status,
    )
