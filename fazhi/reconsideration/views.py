"""Staff pages of reconsideration, at /workspace/reconsideration/ (thin: selectors read, services
write; a refusal of the law is shown on the form with its article and the person's input,
nothing saved; a record outside the person's reach is 404).

The 行政复议机构 (the 司法局) registers applications and takes the steps; its head approves
conversions and extensions and decides. The respondent's staff see the cases against their
unit — without the applicant's personal data — and submit the reply. Each action on a case
posts to its own URL and calls one service; the case page is the file of the case with the
forms of what the person may do next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import policies
from fazhi.core.models import Person, Post, Unit, UnitKind
from fazhi.deadlines.rules import get_rule
from fazhi.deadlines.selectors import deadlines_for
from fazhi.procedures.selectors import procedure_status
from fazhi.procedures.services import StepRefused

from . import documents, law, selectors, services
from . import forms as f
from .models import Attachment, Letter, ReconsiderationCase
from .procedures import HEAD, OFFICE

REFUSALS = (StepRefused, ValidationError, PermissionDenied)
RESPONDENT_ROLES = ("handler", "unit_admin", "leader")
DUE_SOON_DAYS = 7
OPEN_STATES = ("accepted", "suspended")


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


def _page(request, queryset, size: int = 25) -> tuple[Any, str]:
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# ---- who may act where (the services decide; these only choose which forms to show) --------


def _roles_on(person: Person, unit_id: int | None) -> set[str]:
    """The roles of the person's active posts that reach unit `unit_id`."""
    if unit_id is None:
        return set()
    posts = Post.objects.active().filter(person=person).select_related("unit")
    return {
        post.role
        for post in posts
        if policies.post_reaches(post.unit, post.role, unit_id, policies.Action.CHANGE)
    }


def offices_of(person: Person) -> list[Unit]:
    """The 行政复议机构 (司法局) in which the person's handler or reviewer post acts."""
    found: dict[int, Unit] = {}
    posts = Post.objects.active().filter(person=person, role__in=OFFICE).select_related("unit")
    for post in posts:
        for unit in [*Unit.objects.get_ancestors(post.unit), post.unit]:
            if unit.kind == UnitKind.LEGAL_OFFICE and policies.post_reaches(
                post.unit, post.role, unit.pk, policies.Action.CHANGE
            ):
                found[unit.pk] = unit
    return sorted(found.values(), key=lambda u: u.path)


def _government_units(offices: list[Unit]) -> QuerySet[Unit]:
    """Units of the governments the offices serve, as respondents or letter recipients."""
    today = timezone.localdate()
    near = Q(pk__in=[])
    for office in offices:
        parent = Unit.objects.get_parent(office) or office
        near |= Q(path__startswith=parent.path, depth__gt=parent.depth)
    return (
        Unit.objects.filter(near)
        .exclude(kind=UnitKind.DIVISION)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .order_by("path")
    )


@dataclass(frozen=True)
class Viewer:
    """What the person is to a case: the office's staff (office), its head, the respondent's
    staff; `insider` sees the applicant's data (a post reaching the office)."""

    office: bool
    head: bool
    respondent: bool
    insider: bool


def viewer_of(person: Person, case: ReconsiderationCase) -> Viewer:
    roles = _roles_on(person, case.unit_id)
    respondent = _roles_on(person, case.respondent_unit_id) & set(RESPONDENT_ROLES)
    return Viewer(
        office=bool(roles & set(OFFICE)),
        head=bool(roles & set(HEAD)),
        respondent=bool(respondent),
        insider=bool(roles & {*OFFICE, *HEAD}) or person.is_superuser,
    )


# ---- the module's home: the cases ---------------------------------------------------------


def _due_soon(cases: QuerySet, today: date) -> dict[str, list[ReconsiderationCase]]:
    """Cases whose review, reply or decision period ends within a week or has passed."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return {
        "review": list(
            cases.filter(state="received", review_due__lte=soon).order_by("review_due")[:20]
        ),
        "reply": list(
            cases.filter(
                state__in=OPEN_STATES,
                copy_sent_on__isnull=False,
                replied_on__isnull=True,
                reply_due__lte=soon,
            ).order_by("reply_due")[:20]
        ),
        "decision": list(
            cases.filter(state__in=OPEN_STATES, decision_due__lte=soon).order_by("decision_due")[
                :20
            ]
        ),
    }


def _letters_waiting(person: Person, today: date) -> dict[str, Any]:
    waiting = selectors.letters_for(person).filter(
        kind=Letter.Kind.OPINION, replied_on__isnull=True
    )
    return {
        "count": waiting.count(),
        "overdue": waiting.filter(reply_due__lt=today).count(),
        "rows": list(waiting.order_by("reply_due")[:10]),
    }


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    visible = selectors.cases_for(user)
    years = sorted({d.year for d in visible.dates("received_on", "year")}, reverse=True)
    form = f.CaseFilterForm(request.GET or None, years=years)
    page, query = _page(request, form.apply(visible, today).order_by("-received_on", "-pk"))
    insider_units = {
        unit_id
        for unit_id in {c.unit_id for c in page.object_list}
        if _roles_on(user, unit_id) & {*OFFICE, *HEAD}
    }
    for case in page.object_list:
        insider = case.unit_id in insider_units or user.is_superuser
        case.applicant_shown = case.applicant_name if insider else selectors.public_applicant(case)
    return render(
        request,
        "reconsideration/index.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "today": today,
            "due": _due_soon(visible, today),
            "letters": _letters_waiting(user, today),
            "total": visible.count(),
            "may_register": bool(offices_of(user)),
        },
    )


# ---- registering an application -------------------------------------------------------------


def _office_field(form, offices: list[Unit]) -> None:
    from django import forms as django_forms

    field = django_forms.ModelChoiceField(
        label="行政复议机构",
        queryset=Unit.objects.filter(pk__in=[o.pk for o in offices]),
        initial=offices[0].pk,
    )
    if len(offices) == 1:
        field.widget = django_forms.HiddenInput()
    else:
        field.widget.attrs["class"] = "form-select form-select-sm"
    form.fields = {"office": field, **form.fields}


def case_register(request: HttpRequest) -> HttpResponse:
    offices = offices_of(request.user)
    if not offices:
        raise PermissionDenied("只有行政复议机构（司法局）的工作人员可以登记行政复议申请。")
    form = f.RegisterForm(
        request.POST or None, request.FILES or None, respondents=_government_units(offices)
    )
    _office_field(form, offices)
    made: list[tuple[ReconsiderationCase, str]] = []
    status = 200
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: made.append(
                services.application_register(actor=request.user, request=request, **d)
            ),
        )
        if status is None:
            case, code = made[0]
            request.session[f"reconsideration_code_{case.pk}"] = code
            messages.success(request, f"已登记行政复议申请，收件编号{case.receipt_number}。")
            return redirect("reconsideration:case_detail", pk=case.pk)
    return render(
        request,
        "reconsideration/case_register.html",
        {"form": form, "offices": offices},
        status=status,
    )


# ---- one case: its actions ----------------------------------------------------------------


@dataclass(frozen=True)
class CaseAction:
    """One form of the case page: its form, the service it calls, what it says when done."""

    form: type
    service: Callable[..., Any]
    done: str
    submit: str
    summary: str
    anchor: str = ""
    danger: bool = False


A = CaseAction
CASE_ACTIONS: dict[str, CaseAction] = {
    "accept": A(f.AcceptForm, services.case_accept, "已受理。", "受理", "受理（第三十条第一款）"),
    "refuse": A(
        f.RefuseForm,
        services.case_refuse,
        "已决定不予受理。",
        "不予受理",
        "不予受理（第三十条第二款）",
        danger=True,
    ),
    "supplement_request": A(
        f.SupplementRequestForm,
        services.supplement_request,
        "已通知补正。",
        "通知补正",
        "通知补正（第三十一条第一款）",
    ),
    "supplement_extend": A(
        f.SupplementExtendForm,
        services.supplement_extend,
        "补正期限已延长。",
        "延长补正期限",
        "延长补正期限（第三十一条第二款）",
    ),
    "supplement_receive": A(
        f.SupplementReceiveForm,
        services.supplement_receive,
        "已收到补正材料，重新审查受理。",
        "登记补正材料",
        "收到补正材料（第三十一条第三款）",
    ),
    "abandon": A(
        f.AbandonForm,
        services.case_abandon,
        "已记录视为放弃申请。",
        "视为放弃申请",
        "逾期未补正，视为放弃申请（第三十一条第二款）",
        danger=True,
    ),
    "withdraw": A(
        f.WithdrawForm,
        services.application_withdraw,
        "已记录申请人撤回申请。",
        "记录撤回",
        "申请人撤回申请",
        danger=True,
    ),
    "copy_send": A(
        f.CopySendForm,
        services.copy_send,
        "已发送申请书副本，被申请人的答复期限开始计算。",
        "记录发送",
        "发送申请书副本（第四十八条）",
        anchor="#reply",
    ),
    "reply": A(
        f.ReplyForm,
        services.reply_submit,
        "书面答复已提交。",
        "提交答复",
        "提交书面答复及证据、依据（第四十八条）",
        anchor="#reply",
    ),
    "activity": A(
        f.ActivityForm,
        services.activity_record,
        "审理活动已记录。",
        "记录",
        "记录审理活动（听取意见、调查取证、委员会咨询、调解）",
        anchor="#review",
    ),
    "hearing_schedule": A(
        f.HearingScheduleForm,
        services.hearing_schedule,
        "听证已通知。",
        "通知听证",
        "组织听证（第五十条、第五十一条）",
        anchor="#review",
    ),
    "suspend": A(
        f.SuspendForm,
        services.case_suspend,
        "已中止审理。",
        "中止",
        "中止（第三十九条）",
        anchor="#review",
        danger=True,
    ),
    "resume": A(
        f.ResumeForm,
        services.case_resume,
        "已恢复审理。",
        "恢复审理",
        "恢复审理（第三十九条第二款）",
        anchor="#review",
    ),
    "convert": A(
        f.ConvertForm,
        services.case_convert,
        "已转为普通程序。",
        "转为普通程序",
        "转为普通程序（第五十五条，负责人批准）",
    ),
    "extend": A(
        f.ExtendForm,
        services.case_extend,
        "审理期限已延长。",
        "延长",
        "延长审理期限（第六十二条第一款，负责人批准）",
    ),
    "normdoc_start": A(
        f.NormdocStartForm,
        services.normdoc_review_start,
        "已启动规范性文件附带审查，案件中止。",
        "启动附带审查",
        "规范性文件附带审查（第五十六条、第五十七条）",
        anchor="#normdoc",
    ),
    "decide": A(
        f.DecideForm,
        services.case_decide,
        "已作出行政复议决定。",
        "作出决定",
        "作出行政复议决定（负责人）",
        anchor="#decision",
    ),
    "serve": A(
        f.ServeForm,
        services.case_serve,
        "决定书已送达，发生法律效力。",
        "记录送达",
        "送达决定书（第七十五条第二款）",
        anchor="#decision",
    ),
    "mediate": A(
        f.MediateForm,
        services.case_mediate,
        "已调解结案。",
        "调解结案",
        "调解结案（第七十三条）",
        anchor="#decision",
    ),
    "terminate": A(
        f.TerminateForm,
        services.case_terminate,
        "已终止行政复议。",
        "终止",
        "终止行政复议（第四十一条）",
        anchor="#decision",
        danger=True,
    ),
    "publish": A(
        f.PublishForm,
        services.decision_publish,
        "决定书已公开。",
        "公开",
        "公开决定书（第七十九条第一款）",
        anchor="#after",
    ),
    "withhold": A(
        f.WithholdForm,
        services.decision_publish,
        "不公开的理由已记录。",
        "记录不公开",
        "不予公开",
        anchor="#after",
    ),
    "copy": A(
        f.CopyForm,
        services.decision_copy,
        "已抄告上一级主管部门。",
        "记录抄告",
        "抄告上一级主管部门（第七十九条第二款）",
        anchor="#after",
    ),
    "performance": A(
        f.PerformanceForm,
        services.performance_record,
        "履行情况已记录。",
        "记录履行",
        "被申请人履行（第七十七条第一款）",
        anchor="#after",
    ),
    "urge": A(
        f.UrgeForm,
        services.performance_urge,
        "已责令限期履行。",
        "责令履行",
        "责令限期履行（第七十七条第二款）",
        anchor="#after",
    ),
}

# Actions on a record of the case: (form, the case's related name, service, its keyword).
SUB_ACTIONS: dict[str, tuple[CaseAction, str, str]] = {
    "hearing_hold": (
        A(f.HearingHoldForm, services.hearing_hold, "听证已记录。", "记录听证", "举行听证"),
        "hearings",
        "hearing",
    ),
    "normdoc_notify": (
        A(
            f.NormdocNotifyForm,
            services.normdoc_enactor_notify,
            "已书面通知制定机关。",
            "记录通知",
            "书面通知制定机关（第五十八条第一款）",
        ),
        "normdoc_reviews",
        "review",
    ),
    "normdoc_reply": (
        A(
            f.NormdocReplyForm,
            services.normdoc_enactor_reply,
            "制定机关的答复已记录。",
            "记录答复",
            "制定机关书面答复",
        ),
        "normdoc_reviews",
        "review",
    ),
    "normdoc_conclude": (
        A(
            f.NormdocConcludeForm,
            services.normdoc_conclude,
            "附带审查已处理。",
            "记录处理结果",
            "处理或者转送（第五十六条）",
        ),
        "normdoc_reviews",
        "review",
    ),
}


def shown_actions(case: ReconsiderationCase, who: Viewer) -> list[str]:
    """Which forms to offer, from the state and the person's roles on the case (the services
    and guards decide; a form offered may still be refused with its reason)."""
    state, shown = case.state, []
    office, head, respondent = who.office, who.head, who.respondent
    if office and state == "received":
        shown += ["accept", "supplement_request", "refuse", "withdraw"]
    if office and state == "supplementing":
        shown += ["supplement_receive", "supplement_extend", "abandon", "withdraw"]
    if state in OPEN_STATES:
        if office and not case.copy_sent_on:
            shown.append("copy_send")
        if (office or respondent) and case.respondent_received_on and not case.replied_on:
            shown.append("reply")
        if office:
            shown.append("activity")
    if office and state == "accepted":
        shown += ["hearing_schedule", "normdoc_start", "suspend"]
    if office and state == "suspended":
        shown.append("resume")
    if head and state == "accepted":
        shown += ["convert"] if case.simplified else []
        shown += [] if case.simplified or case.extended_days else ["extend"]
        shown.append("decide")
    if office and state in OPEN_STATES:
        shown += ["mediate", "terminate"]
    if office and state == "decided":
        shown.append("serve")
    shown += _after_actions(case, who)
    return shown


def _after_actions(case: ReconsiderationCase, who: Viewer) -> list[str]:
    shown = []
    if who.office and case.state == "effective":
        if not case.published_on and not case.not_published_reason:
            shown += ["publish", "withhold"]
        shown += [] if case.copied_on else ["copy"]
    if case.state in ("effective", "mediated") and not case.performed_on:
        shown += ["performance"] if (who.office or who.respondent) else []
        shown += ["urge"] if who.office and not case.urged_on else []
    return shown


def _initial(case: ReconsiderationCase, key: str) -> dict[str, Any]:
    if key == "publish":
        return {"public_text": selectors.redacted_decision(case)}
    if key == "copy":
        return {"to": case.copied_to}
    return {}


def _panels(case, who: Viewer, bound: dict[str, Any]) -> dict[str, dict[str, Any]]:
    panels = {}
    for key in shown_actions(case, who):
        action = CASE_ACTIONS[key]
        form = bound.get(key) or action.form(prefix=key, initial=_initial(case, key))
        url = reverse(f"reconsideration:case_{key}", args=[case.pk])
        panels[key] = {"form": form, "url": url, "action": action}
    return panels


def _sub_forms(case, who: Viewer, bound: dict[str, Any]) -> None:
    """Each hearing's and each review's own forms, on the record (`.forms`)."""
    for hearing in case.hearing_list:
        hearing.forms = {}
        if who.office and not hearing.held and case.state == "accepted":
            hearing.forms["hearing_hold"] = _sub_panel(case, "hearing_hold", hearing, bound)
    for review in case.review_list:
        review.forms = {}
        if not (who.office and review.open):
            continue
        names = ["normdoc_conclude"]
        if review.enactor_notified_on is None:
            names.insert(0, "normdoc_notify")
        elif review.enactor_replied_on is None:
            names.insert(0, "normdoc_reply")
        for name in names:
            review.forms[name] = _sub_panel(case, name, review, bound)


def _sub_panel(case, name: str, record, bound: dict[str, Any]) -> dict[str, Any]:
    action = SUB_ACTIONS[name][0]
    key = f"{name}-{record.pk}"
    return {
        "form": bound.get(key) or action.form(prefix=key),
        "url": reverse(f"reconsideration:{name}", args=[case.pk, record.pk]),
        "action": action,
    }


# ---- one case: what the page shows --------------------------------------------------------


def _periods(case: ReconsiderationCase, today: date) -> list[dict[str, Any]]:
    """The statutory periods of the case and its incidental reviews, each with its due date,
    its state and the article that sets it (from the deadlines module)."""
    rows = []
    if case.application_due:
        rows.append(
            {
                "title": "行政复议申请期限",
                "basis": law.cite("第二十条、第二十一条"),
                "due": case.application_due,
                "state": "已超过" if case.late else "在期限内",
                "overdue": False,
                "deadline": None,
            }
        )
    deadlines = list(deadlines_for(case))
    for review in case.review_list:
        deadlines += list(deadlines_for(review))
    for deadline in deadlines:
        rule = get_rule(deadline.rule_id)
        running = deadline.state in ("running", "paused")
        rows.append(
            {
                "title": rule.title,
                "basis": rule.basis,
                "period": rule.period,
                "due": deadline.due_date,
                "state": deadline.get_state_display(),
                "outcome": deadline.outcome,
                "overdue": running and deadline.due_date < today,
                "deadline": deadline,
            }
        )
    return rows


def _timeline(case: ReconsiderationCase) -> list[tuple[date, str]]:
    """What happened, in order, from the case's own records."""
    c = case
    events = [
        (c.received_on, f"收到申请（{c.get_channel_display()}），收件编号{c.receipt_number}"),
        (c.supplement_requested_on, "通知补正"),
        (c.supplement_received_on, "收到补正材料"),
        (c.accepted_on, f"{'视为受理' if c.deemed_accepted else '受理'}，案号{c.number}"),
        (c.copy_sent_on, "发送申请书副本"),
        (c.respondent_received_on, "被申请人签收申请书副本"),
        (c.replied_on, "被申请人提交书面答复"),
        (c.converted_on, "转为普通程序"),
        (c.extension_notified_on if c.extended_days else None, f"延长审理期限{c.extended_days}日"),
        (c.decided_on, f"作出行政复议决定（{c.get_decision_kind_display()}）"),
        (c.served_on, "决定书送达，发生法律效力"),
        (c.published_on, "决定书向社会公开"),
        (c.copied_on, f"抄告{c.copied_to}"),
        (c.urged_on, f"责令限期履行（{c.urge_measure}）"),
        (c.performed_on, "被申请人履行"),
    ]
    if c.outcome and c.ended_on and c.outcome != "decided":
        events.append((c.ended_on, f"结案：{c.get_outcome_display()}"))
    events += [(a.on, a.get_kind_display()) for a in c.activity_list]
    events += [(h.notified_on, f"通知听证（{h.scheduled_on:%Y-%m-%d}）") for h in c.hearing_list]
    for s in c.suspension_list:
        events.append((s.started_on, f"中止：{s.get_ground_display()}"))
        events.append((s.resumed_on, "恢复审理"))
    for r in c.review_list:
        events.append((r.started_on, f"启动对《{r.document_title}》的附带审查"))
        events.append((r.handled_on or r.transferred_on, "附带审查处理完毕"))
    return sorted((e for e in events if e[0]), key=lambda e: e[0])


def _load(case: ReconsiderationCase) -> None:
    case.activity_list = list(case.activities.select_related("recorded_by"))
    case.hearing_list = list(case.hearings.all())
    case.suspension_list = list(case.suspensions.all())
    case.review_list = list(case.normdoc_reviews.all())


def _attachments(case: ReconsiderationCase, who: Viewer) -> list[Attachment]:
    """Every file to the office; to the respondent only the reply's (the application's
    materials carry the applicant's personal data)."""
    files = case.attachments.select_related("uploaded_by")
    if who.insider:
        return list(files)
    return list(files.filter(kind=Attachment.Kind.REPLY))


def _case_context(request: HttpRequest, case: ReconsiderationCase, bound: dict[str, Any]):
    user = request.user
    today = timezone.localdate()
    who = viewer_of(user, case)
    _load(case)
    _sub_forms(case, who, bound)
    return {
        "case": case,
        "who": who,
        "today": today,
        "status": procedure_status(case, user),
        "panels": _panels(case, who, bound),
        "posted": next(iter(bound.values()), None),
        "periods": _periods(case, today),
        "timeline": _timeline(case),
        "attachments": _attachments(case, who),
        "documents": documents.available(case, respondent=not who.insider),
        "letters": list(case.letters.all()) if who.insider else [],
        "public_applicant": selectors.public_applicant(case),
        "reply_overdue": services.reply_overdue(case, today),
        "late_reply": law.late_reply_consequence(),
    }


def _render_case(request: HttpRequest, pk, status: int = 200, **bound: Any) -> HttpResponse:
    case = selectors.case_for(request.user, pk)  # fresh: a refused service may have touched it
    context = _case_context(request, case, bound)
    context["access_code"] = request.session.pop(f"reconsideration_code_{case.pk}", "")
    return render(request, "reconsideration/case_detail.html", context, status=status)


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    response = _render_case(request, pk)
    response["Cache-Control"] = "no-store"  # it may show a new application's access code once
    return response


def _act(request, case, key: str, action: CaseAction, call) -> HttpResponse:
    form = action.form(request.POST, request.FILES, prefix=key)
    status = attempt(form, call)
    if status is None:
        messages.success(request, action.done)
        return redirect(reverse("reconsideration:case_detail", args=[case.pk]) + action.anchor)
    return _render_case(request, case.pk, status=status, **{key: form})


@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    spec = CASE_ACTIONS[action]
    return _act(
        request,
        case,
        action,
        spec,
        lambda d: spec.service(actor=request.user, case=case, request=request, **d),
    )


@require_POST
def sub_action(request: HttpRequest, pk: int, sub: int, action: str) -> HttpResponse:
    case = selectors.case_for(request.user, pk)
    spec, related, keyword = SUB_ACTIONS[action]
    record = getattr(case, related).filter(pk=sub).first()
    if record is None:
        raise Http404("记录不存在或您无权查看。")
    return _act(
        request,
        case,
        f"{action}-{sub}",
        spec,
        lambda d: spec.service(actor=request.user, request=request, **{keyword: record}, **d),
    )


# ---- documents ------------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(title: str, case: ReconsiderationCase, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    filename = f"{title}（{case.number or case.receipt_number}）.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def case_document(request: HttpRequest, pk: int, kind: str, sub: int | None = None):
    """A document of the case as .docx: to the office's staff every one the case has reached;
    to the respondent's staff those served on the respondent."""
    case = selectors.case_for(request.user, pk)
    who = viewer_of(request.user, case)
    allowed = {d.kind for d in documents.available(case, respondent=not who.insider)}
    if kind not in documents.KINDS:
        raise Http404("没有这种行政复议文书。")
    if kind not in allowed:
        if kind in {d.kind for d in documents.available(case)}:
            raise PermissionDenied("该文书载有申请人的个人信息，只有行政复议机构可以下载。")
        messages.error(request, documents.not_yet(kind))
        return redirect(reverse("reconsideration:case_detail", args=[pk]) + "#documents")
    try:
        title, data = documents.render(case, kind, sub=sub)
    except documents.NotAvailable as exc:
        messages.error(request, str(exc))
        return redirect(reverse("reconsideration:case_detail", args=[pk]) + "#documents")
    return _docx(title, case, data)


# ---- letters (意见书和建议书) ----------------------------------------------------------------


def letter_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = f.LetterFilterForm(request.GET or None)
    letters = form.apply(selectors.letters_for(request.user), today).order_by("-issued_on", "-pk")
    page, query = _page(request, letters)
    return render(
        request,
        "reconsideration/letter_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "today": today,
            "may_issue": bool(offices_of(request.user)),
        },
    )


def letter_issue(request: HttpRequest) -> HttpResponse:
    offices = offices_of(request.user)
    if not offices:
        raise PermissionDenied("只有行政复议机构（司法局）的工作人员可以制发意见书、建议书。")
    cases = selectors.cases_for(request.user).filter(unit__in=offices).exclude(number="")
    initial = {}
    if (chosen := request.GET.get("case", "")).isdigit():
        chosen_case = cases.filter(pk=int(chosen)).first()
        if chosen_case is not None:
            initial = {"case": chosen_case.pk, "recipient_unit": chosen_case.respondent_unit_id}
    form = f.LetterForm(
        request.POST or None,
        recipients=_government_units(offices),
        cases=cases.order_by("-received_on"),
        initial=initial,
    )
    _office_field(form, offices)
    made: list[Letter] = []
    status = 200
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: made.append(services.letter_issue(actor=request.user, request=request, **d)),
        )
        if status is None:
            messages.success(request, f"已制发{made[0]}。")
            return redirect("reconsideration:letter_detail", pk=made[0].pk)
    return render(
        request,
        "reconsideration/letter_issue.html",
        {"form": form},
        status=status,
    )


def _letter_may_reply(person: Person, letter: Letter) -> bool:
    if letter.replied_on:
        return False
    recipient = _roles_on(person, letter.recipient_unit_id) & set(RESPONDENT_ROLES)
    office = _roles_on(person, letter.unit_id) & set(OFFICE)
    return bool(recipient or office)


def _render_letter(request, pk, status: int = 200, form=None) -> HttpResponse:
    letter = selectors.letter_for(request.user, pk)
    may_reply = _letter_may_reply(request.user, letter)
    if may_reply and form is None:
        form = f.LetterReplyForm(prefix="reply")
    return render(
        request,
        "reconsideration/letter_detail.html",
        {
            "letter": letter,
            "reply_form": form if may_reply or form is not None else None,
            "posted": form if form is not None and form.is_bound else None,
            "today": timezone.localdate(),
            "case_visible": letter.case_id
            and selectors.cases_for(request.user).filter(pk=letter.case_id).exists(),
        },
        status=status,
    )


def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_letter(request, pk)


@require_POST
def letter_reply(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for(request.user, pk)
    form = f.LetterReplyForm(request.POST, prefix="reply")
    status = attempt(
        form,
        lambda d: services.letter_reply(actor=request.user, letter=letter, request=request, **d),
    )
    if status is None:
        messages.success(request, "办理情况已报送。")
        return redirect("reconsideration:letter_detail", pk=letter.pk)
    return _render_letter(request, pk, status=status, form=form)
