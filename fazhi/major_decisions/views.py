"""Staff pages of major administrative decisions, at /workspace/major-decisions/ (thin:
selectors read, services write; a refusal of the law is shown on the form with its article and
the person's input, nothing saved; a record outside the person's reach is 404)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.models import SUPERVISING_KINDS, Post, Unit, UnitKind
from fazhi.procedures.diagram import procedure_svg
from fazhi.procedures.selectors import procedure_status
from fazhi.procedures.services import StepRefused

from . import selectors, services
from .forms import (
    ATTACHMENT_KIND_LABELS,
    AttachmentForm,
    CatalogAdjustForm,
    CatalogCreateForm,
    CommentEntryForm,
    CommentReplyForm,
    ConcludeForm,
    ConflictForm,
    DecisionFilterForm,
    DecisionStartForm,
    DecisionUpdateForm,
    DrawForm,
    EvaluationRecordForm,
    EvaluationStartForm,
    ExpertForm,
    ExpertReviewStartForm,
    FeedbackForm,
    HearingAnnounceForm,
    HearingCancelForm,
    HearingHoldForm,
    ItemDecideForm,
    ItemProposeForm,
    LocalStepForm,
    MaterialsForm,
    OpinionForm,
    ParticipantsForm,
    PeriodOpenForm,
    ReviewRespondForm,
    RiskForm,
    SelectForm,
    StepForm,
    TaskCreateForm,
    TaskReportForm,
)
from .models import (
    RISK_DIMENSIONS,
    Catalog,
    CatalogItem,
    Comment,
    CommentPeriod,
    Decision,
    Evaluation,
    ExpertOpinion,
    ExpertReview,
    Hearing,
    ItemState,
    RiskLevel,
)
from .procedures import BODY, HANDLERS, latest_review, local_steps

BODY_STAFF = ("handler", *BODY)  # who acts for a decision body or a catalog's body
LEGAL_OFFICE_ROLES = ("legal_reviewer", "unit_admin")
REFUSALS = (StepRefused, ValidationError, PermissionDenied)


def refusal_messages(exc: Exception) -> list[str]:
    """The Chinese reasons of a refusal, each with its article where the law gives one."""
    if isinstance(exc, StepRefused):
        return [failure.message for failure in exc.failures] or [str(exc)]
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or "您无权办理该事项。"]


def _refused_status(exc: Exception) -> int:
    return 403 if isinstance(exc, PermissionDenied) else 200


def attempt(form, call: Callable[[dict[str, Any]], Any]) -> int | None:
    """Validate `form` and call one service with its data. None when done; otherwise the
    status to show the form again with (its errors, or the service's reasons, on it)."""
    if not form.is_valid():
        return 200
    try:
        call(form.cleaned_data)
    except REFUSALS as exc:
        form.add_error(None, refusal_messages(exc))
        return _refused_status(exc)
    return None


def _create_page(request, form, create, *, done, to: str, page: dict[str, Any]) -> HttpResponse:
    """A page with one form that makes one record through `create(data)`: when it succeeds, the
    message `done` (a text, or a function of the record) and a redirect to the URL named `to`
    for the record; otherwise the form again, with its errors or the service's reasons."""
    made: list[Any] = []
    status = 200
    if request.method == "POST":
        status = attempt(form, lambda data: made.append(create(data)))
        if status is None:
            messages.success(request, done(made[0]) if callable(done) else done)
            return redirect(to, pk=made[0].pk)
    return render(request, "major_decisions/form_page.html", {"form": form, **page}, status=status)


# ---- who could act where (the services decide; these only choose which forms to show) --------


def _post_units(person, roles, *, reaching: int | None = None) -> list[Unit]:
    """The units of the person's active posts in `roles` (those whose reach covers unit
    `reaching`, when given), first post first."""
    from fazhi.core import policies

    units: dict[int, Unit] = {}
    posts = (
        Post.objects.active()
        .filter(person=person, role__in=list(roles))
        .select_related("unit")
        .order_by("pk")
    )
    for post in posts:
        if reaching is not None and not policies.post_reaches(
            post.unit, post.role, reaching, policies.Action.CHANGE
        ):
            continue
        units.setdefault(post.unit_id, post.unit)
    return list(units.values())


def _in_unit(person, unit_id: int, roles) -> bool:
    return Post.objects.active().filter(person=person, unit_id=unit_id, role__in=roles).exists()


def _legal_office_units(person) -> list[Unit]:
    units = []
    for unit in _post_units(person, LEGAL_OFFICE_ROLES):
        body = Unit.objects.get_parent(unit) if unit.kind == UnitKind.DIVISION else unit
        if body is not None and body.kind in SUPERVISING_KINDS:
            units.append(unit)
    return units


def _subtree(units) -> QuerySet[Unit]:
    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(path__startswith=unit.path)
    today = timezone.localdate()
    return (
        Unit.objects.filter(condition)
        .exclude(kind=UnitKind.DIVISION)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .order_by("path")
    )


def _reviewing_units() -> QuerySet[Unit]:
    today = timezone.localdate()
    return (
        Unit.objects.filter(kind__in=SUPERVISING_KINDS, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .order_by("path")
    )


# ---- scoped reads: outside the person's reach is 404 ------------------------------------------


def _decision(request: HttpRequest, pk: int) -> Decision:
    decision = (
        selectors.decisions_for(request.user)
        .filter(pk=pk)
        .select_related("body", "unit", "catalog_item")
        .first()
    )
    if decision is None:
        raise Http404("没有找到该决策。")
    return decision


def _within_decisions(request: HttpRequest, model, pk: int, path: str = "decision"):
    visible = selectors.decisions_for(request.user).values("pk")
    obj = model.objects.filter(pk=pk, **{f"{path}__in": visible}).first()
    if obj is None:
        raise Http404("没有找到该记录。")
    return obj


def _catalog(request: HttpRequest, pk: int) -> Catalog:
    catalog = selectors.catalogs_for(request.user).filter(pk=pk).select_related("unit").first()
    if catalog is None:
        raise Http404("没有找到该决策事项目录。")
    return catalog


# ---- the list ---------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = selectors.decisions_for(request.user)
    years = sorted(
        {today.year, *(d.year for d in visible.dates("started_on", "year"))}, reverse=True
    )
    unit_ids = set(visible.values_list("unit_id", flat=True))
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("path"))
    form = DecisionFilterForm(request.GET or None, years=years, units=units)
    decisions = form.apply(visible).select_related("unit", "body").order_by("-started_on", "-pk")
    page = Paginator(decisions, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "major_decisions/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "catalogs": selectors.catalogs_for(request.user).select_related("unit"),
            "may_start": bool(_post_units(request.user, BODY_STAFF)),
        },
    )


# ---- catalogs ---------------------------------------------------------------------------------


def catalog_create(request: HttpRequest) -> HttpResponse:
    units = _post_units(request.user, BODY_STAFF)
    if not units:
        raise PermissionDenied("您没有决策机关的任职，不能编制决策事项目录。")
    form = CatalogCreateForm(
        request.POST or None, units=units, initial={"year": timezone.localdate().year}
    )
    return _create_page(
        request,
        form,
        lambda d: services.catalog_create(
            actor=request.user, unit=d["unit"], year=d["year"], title=d["title"], request=request
        ),
        done=lambda catalog: f"已创建《{catalog.title}》。",
        to="major_decisions:catalog",
        page={
            "title": "编制决策事项目录",
            "submit": "创建",
            "cancel_url": reverse("major_decisions:index"),
        },
    )


def _catalog_step_panels(request, catalog, status, bound):
    bound = bound or {}
    panels = []
    units = _post_units(request.user, BODY_STAFF, reaching=catalog.unit_id)
    units.sort(key=lambda u: u.pk != catalog.unit_id)
    for option in status.options:
        form = None
        if option.allowed:
            form = bound.get(option.step.code) or StepForm(
                step=option.step,
                units=[u for u in units if u.pk == catalog.unit_id] or units,
                initial={"expected_version": catalog.version},
            )
        panels.append({"option": option, "form": form})
    return panels


def _render_catalog(request: HttpRequest, pk: int, status: int = 200, **bound: Any):
    catalog = _catalog(request, pk)
    procedure = procedure_status(catalog, request.user)
    items = list(selectors.items_for(request.user, catalog).select_related("proposer", "decision"))
    may_body = _in_unit(request.user, catalog.unit_id, BODY_STAFF)
    decide_forms = bound.get("decide_forms", {})
    for item in items:
        item.form = decide_forms.get(item.pk) or ItemDecideForm(prefix=f"item{item.pk}")
        try:
            item.started = item.decision
        except Decision.DoesNotExist:
            item.started = None
    proposers = _post_units(request.user, HANDLERS)
    panels = _catalog_step_panels(request, catalog, procedure, bound.get("step_forms"))
    return render(
        request,
        "major_decisions/catalog.html",
        {
            "catalog": catalog,
            "status": procedure,
            "panels": panels,
            "orphan_forms": [
                form
                for code, form in (bound.get("step_forms") or {}).items()
                if code not in {p["option"].step.code for p in panels}
            ],
            "groups": [
                (state.label, [i for i in items if i.state == state.value]) for state in ItemState
            ],
            "adjustments": catalog.adjustments.prefetch_related("added_items", "removed_items"),
            "may_body": may_body,
            "may_decide": may_body and catalog.state == "drafting",
            "may_propose": bool(proposers) and catalog.state in ("drafting", "published"),
            "propose_form": bound.get("propose_form")
            or ItemProposeForm(
                prefix="propose", units=proposers, lead_units=_subtree([catalog.unit])
            ),
            "may_adjust": may_body and catalog.state == "published",
            "adjust_form": bound.get("adjust_form")
            or CatalogAdjustForm(prefix="adjust", catalog=catalog),
            "may_start": may_body,
        },
        status=status,
    )


def catalog(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_catalog(request, pk)


@require_POST
def item_propose(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = _catalog(request, pk)
    form = ItemProposeForm(
        request.POST,
        prefix="propose",
        units=_post_units(request.user, HANDLERS),
        lead_units=_subtree([catalog.unit]),
    )
    status = attempt(
        form,
        lambda d: services.item_propose(actor=request.user, catalog=catalog, request=request, **d),
    )
    if status is None:
        messages.success(request, "已申报决策事项。")
        return redirect("major_decisions:catalog", pk=catalog.pk)
    return _render_catalog(request, pk, status=status, propose_form=form)


@require_POST
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    visible = selectors.catalogs_for(request.user).values("pk")
    item = CatalogItem.objects.filter(pk=pk, catalog__in=visible).select_related("catalog").first()
    if item is None:
        raise Http404("没有找到该决策事项。")
    form = ItemDecideForm(request.POST, prefix=f"item{item.pk}")
    status = attempt(
        form,
        lambda d: services.item_decide(
            actor=request.user,
            item=item,
            include=d["include"],
            reason=d["reason"],
            request=request,
        ),
    )
    if status is None:
        included = form.cleaned_data["include"]
        messages.success(request, f"“{item.title}”已{'列入目录' if included else '确定不列入'}。")
        return redirect("major_decisions:catalog", pk=item.catalog_id)
    return _render_catalog(request, item.catalog_id, status=status, decide_forms={item.pk: form})


@require_POST
def catalog_step(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    catalog = _catalog(request, pk)
    procedure = Catalog.procedure()
    if not procedure.has_step(code):
        raise Http404("没有这一步骤。")
    step_def = procedure.step(code)
    units = _post_units(request.user, step_def.roles, reaching=catalog.unit_id)
    if not units:
        raise PermissionDenied(f"您没有办理“{step_def.label}”的权限。")
    units.sort(key=lambda u: u.pk != catalog.unit_id)
    form = StepForm(request.POST, step=step_def, units=units)
    result = 200
    if form.is_valid():
        try:
            services.catalog_step(
                actor=request.user,
                unit=form.acting_unit(),
                catalog=catalog,
                step_code=code,
                data=form.step_data(),
                expected_version=form.cleaned_data.get("expected_version"),
                request=request,
            )
        except REFUSALS as exc:
            form.refusals = refusal_messages(exc)
            result = _refused_status(exc)
        else:
            messages.success(request, f"已办理“{step_def.label}”。")
            return redirect("major_decisions:catalog", pk=catalog.pk)
    return _render_catalog(request, pk, status=result, step_forms={code: form})


@require_POST
def catalog_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    catalog = _catalog(request, pk)
    form = CatalogAdjustForm(request.POST, prefix="adjust", catalog=catalog)
    status = attempt(
        form,
        lambda d: services.catalog_adjust(
            actor=request.user,
            catalog=catalog,
            reason=d["reason"],
            published_on=d["published_on"],
            add=[item.pk for item in d["add"]],
            remove=[item.pk for item in d["remove"]],
            party_agreed_on=d["party_agreed_on"],
            party_agreement=d["party_agreement"],
            request=request,
        ),
    )
    if status is None:
        messages.success(request, "目录调整已记录。")
        return redirect("major_decisions:catalog", pk=catalog.pk)
    return _render_catalog(request, pk, status=status, adjust_form=form)


# ---- starting a decision ----------------------------------------------------------------------


def start(request: HttpRequest) -> HttpResponse:
    bodies = [u for u in _post_units(request.user, BODY_STAFF) if u.kind != UnitKind.DIVISION]
    if not bodies:
        raise PermissionDenied("决策由决策机关决定启动；您没有决策机关的任职。")
    item = None
    item_id = request.POST.get("item") or request.GET.get("item")
    if item_id:
        visible = selectors.catalogs_for(request.user).values("pk")
        item = (
            CatalogItem.objects.filter(pk=item_id if str(item_id).isdigit() else 0)
            .filter(catalog__in=visible)
            .select_related("catalog__unit", "lead_unit")
            .first()
        )
        if item is None:
            raise Http404("没有找到该目录事项。")
    initial: dict[str, Any] = {"started_on": timezone.localdate()}
    if item is not None:
        initial.update(
            body=item.catalog.unit_id,
            unit=item.lead_unit_id,
            title=item.title,
            category=item.category,
            start_basis=f"列入{item.catalog.title}",
        )
    units = _subtree(bodies)
    form = DecisionStartForm(
        request.POST or None,
        bodies=bodies,
        units=list(units),
        co_units=units,
        item=item,
        initial=initial,
    )
    started: list[Decision] = []
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: started.append(
                services.decision_start(
                    actor=request.user,
                    body=d["body"],
                    unit=d["unit"],
                    title=d["title"],
                    category=d["category"],
                    started_on=d["started_on"],
                    start_basis=d["start_basis"],
                    catalog_item=item,
                    outside_catalog_reason=d.get("outside_catalog_reason", ""),
                    co_units=list(d["co_units"]),
                    request=request,
                )
            ),
        )
        if status is None:
            messages.success(request, f"已启动决策程序：{started[0].title}。")
            return redirect("major_decisions:detail", pk=started[0].pk)
    return render(
        request,
        "major_decisions/start.html",
        {"form": form, "item": item},
    )


# ---- one decision -----------------------------------------------------------------------------


def _step_panels(request, decision, status, bound) -> list[dict[str, Any]]:
    """For each step leaving the decision's state: the option and, where the person may take
    it, the form with exactly the step's fields (`bound` keeps a refused form as posted)."""
    bound = bound or {}
    panels = []
    reviewing = _reviewing_units()
    for option in status.options:
        form = None
        if option.allowed:
            form = bound.get(option.step.code) or StepForm(
                step=option.step,
                units=_step_units(request.user, decision, option.step.roles),
                reviewing_units=reviewing,
                initial={"expected_version": decision.version},
            )
        panels.append({"option": option, "form": form})
    return panels


def _step_units(person, decision, roles) -> list[Unit]:
    """Where the person could act on the decision in `roles`: the decision body first."""
    units = _post_units(person, roles, reaching=decision.unit_id)
    units.sort(key=lambda u: (u.pk != decision.body_id, u.pk != decision.unit_id))
    return units


def _detail_context(request: HttpRequest, decision: Decision, **bound: Any) -> dict[str, Any]:
    user = request.user
    status = procedure_status(decision, user)
    panels = _step_panels(request, decision, status, bound.get("step_forms"))
    may_draft = bool(_post_units(user, HANDLERS, reaching=decision.unit_id))
    may_body = _in_unit(user, decision.body_id, BODY_STAFF)
    drafting = decision.state == "drafting"
    review = latest_review(decision)
    steps_local = local_steps()
    periods = list(decision.comment_periods.prefetch_related("comments"))
    for period in periods:
        comments = list(period.comments.all())
        period.comment_count = len(comments)
        period.unanswered = sum(1 for c in comments if not c.reply)
    attachments = list(decision.attachments.select_related("stored_file", "added_by"))
    for attachment in attachments:
        attachment.kind_label = ATTACHMENT_KIND_LABELS.get(attachment.kind, attachment.kind)
    risks = list(decision.risk_assessments.all())
    labels = dict(RISK_DIMENSIONS)
    for risk in risks:
        risk.rows = [
            {
                "label": labels.get(code, code),
                "level": RiskLevel(v["level"]).label if v.get("level") in RiskLevel.values else "",
                "points": v.get("points", ""),
            }
            for code, v in (risk.dimensions or {}).items()
        ]
    return {
        "decision": decision,
        "status": status,
        "panels": panels,
        "orphan_forms": [
            form
            for code, form in (bound.get("step_forms") or {}).items()
            if code not in {p["option"].step.code for p in panels}
        ],
        "svg": procedure_svg(Decision.procedure()),
        "checklist": selectors.checklist(decision),
        "co_units": list(decision.co_units.all()),
        "may_draft": may_draft,
        "may_body": may_body,
        "editable": may_draft and drafting,
        "periods": periods,
        "hearings": list(decision.hearings.all()),
        "expert_reviews": list(decision.expert_reviews.prefetch_related("opinions__expert")),
        "risks": risks,
        "legality_reviews": list(
            decision.legality_reviews.select_related("reviewing_unit", "reviewer")
        ),
        "discussions": list(decision.discussions.all()),
        "tasks": list(decision.tasks.select_related("unit").prefetch_related("reports")),
        "evaluations": list(decision.evaluations.select_related("evaluator_unit")),
        "attachments": attachments,
        "local_steps_done": list(decision.local_steps.all()),
        "local_steps_defined": steps_local,
        "may_respond": may_draft
        and review is not None
        and review.opinion == "amend"
        and not review.response.strip(),
        "respond_review": review,
        "respond_form": bound.get("respond_form") or ReviewRespondForm(prefix="respond"),
        "attachment_form": bound.get("attachment_form") or AttachmentForm(prefix="attachment"),
        "local_form": bound.get("local_form")
        or LocalStepForm(
            prefix="local", steps=steps_local, initial={"done_on": timezone.localdate()}
        ),
        "review_start_form": bound.get("review_start_form")
        or ExpertReviewStartForm(prefix="expert"),
        "task_form": bound.get("task_form")
        or TaskCreateForm(prefix="task", units=_subtree([decision.body])),
        "may_execute": may_body and decision.state in ("executing", "suspended"),
    }


def _render_detail(request: HttpRequest, pk: int, status: int = 200, **bound: Any):
    decision = _decision(request, pk)  # fresh: a refused service may have touched the object
    return render(
        request,
        "major_decisions/detail.html",
        _detail_context(request, decision, **bound),
        status=status,
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    initial = {name: getattr(decision, name) for name in DecisionUpdateForm.base_fields}
    form = DecisionUpdateForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: services.decision_update(
                actor=request.user, decision=decision, request=request, **form.draft_fields()
            ),
        )
        if status is None:
            messages.success(request, "决策草案已保存。")
            return redirect("major_decisions:detail", pk=pk)
    return render(
        request,
        "major_decisions/edit.html",
        {"form": form, "decision": _decision(request, pk)},
        status=status,
    )


@require_POST
def step(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    decision = _decision(request, pk)
    procedure = Decision.procedure()
    if not procedure.has_step(code):
        raise Http404("没有这一步骤。")
    step_def = procedure.step(code)
    units = _step_units(request.user, decision, step_def.roles)
    if not units:
        raise PermissionDenied(f"您没有办理“{step_def.label}”的权限。")
    form = StepForm(request.POST, step=step_def, units=units, reviewing_units=_reviewing_units())
    result = 200
    if form.is_valid():
        try:
            services.decision_step(
                actor=request.user,
                unit=form.acting_unit(),
                decision=decision,
                step_code=code,
                data=form.step_data(),
                expected_version=form.cleaned_data.get("expected_version"),
                request=request,
            )
        except REFUSALS as exc:
            form.refusals = refusal_messages(exc)
            result = _refused_status(exc)
        else:
            messages.success(request, f"已办理“{step_def.label}”。")
            return redirect("major_decisions:detail", pk=pk)
    return _render_detail(request, pk, status=result, step_forms={code: form})


def _detail_post(
    request: HttpRequest, pk: int, form, key: str, call, done: str, anchor: str = ""
) -> HttpResponse:
    """A form of the detail page: the service called with its data, or the page again with
    the form as posted and the reasons on it."""
    status = attempt(form, call)
    if status is None:
        messages.success(request, done)
        return redirect(reverse("major_decisions:detail", args=[pk]) + anchor)
    return _render_detail(request, pk, status=status, **{key: form})


@require_POST
def review_respond(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = ReviewRespondForm(request.POST, prefix="respond")
    return _detail_post(
        request,
        pk,
        form,
        "respond_form",
        lambda d: services.review_respond(
            actor=request.user, decision=decision, response=d["response"], request=request
        ),
        "已记录根据合法性审查意见调整或补充的情况。",
        "#legality",
    )


@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    return _detail_post(
        request,
        pk,
        form,
        "attachment_form",
        lambda d: services.attachment_add(
            actor=request.user,
            decision=decision,
            kind=d["kind"],
            title=d["title"],
            upload=d["upload"],
            public=d["public"],
            request=request,
        ),
        "材料已上传。",
        "#attachments",
    )


@require_POST
def local_step(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = LocalStepForm(request.POST, prefix="local", steps=local_steps())
    return _detail_post(
        request,
        pk,
        form,
        "local_form",
        lambda d: services.local_step_record(
            actor=request.user,
            decision=decision,
            code=d["code"],
            done_on=d["done_on"],
            note=d["note"],
            request=request,
        ),
        "本地规定环节已记录。",
        "#local-steps",
    )


# ---- public participation ---------------------------------------------------------------------


def period_open(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    today = timezone.localdate()
    form = PeriodOpenForm(
        request.POST or None,
        initial={
            "opens_on": today,
            "closes_on": today + timedelta(days=30),
            "how_to_comment": "登录区政府网站“重大行政决策”栏目提出意见，"
            "或者来信寄至决策承办单位。",
        },
    )
    return _create_page(
        request,
        form,
        lambda d: services.comment_period_open(
            actor=request.user, decision=decision, request=request, **d
        ),
        done="已向社会公开征求意见。",
        to="major_decisions:period",
        page={
            "decision": decision,
            "title": f"公开征求意见：{decision.title}",
            "intro": "发布时复制当前的决策草案及其说明作为征求意见稿。",
            "submit": "发布",
            "cancel_url": reverse("major_decisions:detail", args=[pk]),
        },
    )


def _render_period(request: HttpRequest, pk: int, status: int = 200, **bound: Any):
    period = _within_decisions(request, CommentPeriod, pk)
    decision = _decision(request, period.decision_id)
    comments = list(period.comments.select_related("replied_by"))
    reply_forms = bound.get("reply_forms", {})
    for comment in comments:
        # Only the lead unit, which answers the commenters, sees who they are.
        comment.masked_name = selectors.mask_name(comment.name)
        comment.form = reply_forms.get(comment.pk) or CommentReplyForm(
            prefix=f"comment{comment.pk}",
            initial={"reply": comment.reply or None, "reason": comment.reply_reason},
        )
    today = timezone.localdate()
    may_draft = bool(_post_units(request.user, HANDLERS, reaching=decision.unit_id))
    return render(
        request,
        "major_decisions/period.html",
        {
            "period": period,
            "decision": decision,
            "comments": comments,
            "today": today,
            "is_open": period.is_open_on(today),
            "may_draft": may_draft,
            "may_reply": may_draft and period.feedback_published_on is None,
            "entry_form": bound.get("entry_form") or CommentEntryForm(prefix="entry"),
            "feedback_form": bound.get("feedback_form") or FeedbackForm(prefix="feedback"),
            "may_feedback": may_draft
            and period.feedback_published_on is None
            and period.closes_on < today,
        },
        status=status,
    )


def period(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_period(request, pk)


@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    period = _within_decisions(request, CommentPeriod, pk)
    form = CommentEntryForm(request.POST, prefix="entry")
    status = attempt(
        form,
        lambda d: services.comment_submit(period=period, actor=request.user, request=request, **d),
    )
    if status is None:
        messages.success(request, "意见已录入。")
        return redirect(reverse("major_decisions:period", args=[pk]) + "#comments")
    return _render_period(request, pk, status=status, entry_form=form)


@require_POST
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _within_decisions(request, Comment, pk, "period__decision")
    form = CommentReplyForm(request.POST, prefix=f"comment{comment.pk}")
    status = attempt(
        form,
        lambda d: services.comment_reply(
            actor=request.user,
            comment=comment,
            reply=d["reply"],
            reason=d["reason"],
            request=request,
        ),
    )
    if status is None:
        messages.success(request, "已答复该条意见。")
        return redirect(
            reverse("major_decisions:period", args=[comment.period_id]) + f"#comment-{comment.pk}"
        )
    return _render_period(request, comment.period_id, status=status, reply_forms={comment.pk: form})


@require_POST
def feedback_publish(request: HttpRequest, pk: int) -> HttpResponse:
    period = _within_decisions(request, CommentPeriod, pk)
    form = FeedbackForm(request.POST, prefix="feedback")
    status = attempt(
        form,
        lambda d: services.feedback_publish(
            actor=request.user, period=period, feedback=d["feedback"], request=request
        ),
    )
    if status is None:
        messages.success(request, "意见采纳情况已公布。")
        return redirect("major_decisions:period", pk=pk)
    return _render_period(request, pk, status=status, feedback_form=form)


# ---- hearings ---------------------------------------------------------------------------------


def hearing_announce(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = HearingAnnounceForm(request.POST or None)
    return _create_page(
        request,
        form,
        lambda d: services.hearing_announce(
            actor=request.user, decision=decision, request=request, **d
        ),
        done="听证会已公告。",
        to="major_decisions:hearing",
        page={
            "decision": decision,
            "title": f"公告听证会：{decision.title}",
            "intro": "听证会公开举行；应当提前公布决策草案及其说明等材料，"
            "明确听证时间、地点等信息，"
            "听证会材料应当于召开听证会7日前送达听证参加人（条例第十六条）。",
            "submit": "公告",
            "cancel_url": reverse("major_decisions:detail", args=[pk]),
        },
    )


def _render_hearing(request: HttpRequest, pk: int, status: int = 200, **bound: Any):
    hearing = _within_decisions(request, Hearing, pk)
    decision = _decision(request, hearing.decision_id)
    may_draft = bool(_post_units(request.user, HANDLERS, reaching=decision.unit_id))
    participants_text = "\n".join(f"{p['name']}，{p['side']}" for p in hearing.participants)
    return render(
        request,
        "major_decisions/hearing.html",
        {
            "hearing": hearing,
            "decision": decision,
            "may_act": may_draft and hearing.state == "announced",
            "participants_form": bound.get("participants_form")
            or ParticipantsForm(prefix="participants", initial={"participants": participants_text}),
            "materials_form": bound.get("materials_form")
            or MaterialsForm(prefix="materials", initial={"delivered_on": timezone.localdate()}),
            "hold_form": bound.get("hold_form") or HearingHoldForm(prefix="hold"),
            "cancel_form": bound.get("cancel_form") or HearingCancelForm(prefix="cancel"),
        },
        status=status,
    )


def hearing(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_hearing(request, pk)


def _hearing_post(request: HttpRequest, pk: int, form, key: str, call, done: str):
    status = attempt(form, call)
    if status is None:
        messages.success(request, done)
        return redirect("major_decisions:hearing", pk=pk)
    return _render_hearing(request, pk, status=status, **{key: form})


@require_POST
def hearing_participants(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _within_decisions(request, Hearing, pk)
    return _hearing_post(
        request,
        pk,
        ParticipantsForm(request.POST, prefix="participants"),
        "participants_form",
        lambda d: services.hearing_participants_publish(
            actor=request.user, hearing=hearing, participants=d["participants"], request=request
        ),
        "听证参加人名单已公布。",
    )


@require_POST
def hearing_materials(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _within_decisions(request, Hearing, pk)
    return _hearing_post(
        request,
        pk,
        MaterialsForm(request.POST, prefix="materials"),
        "materials_form",
        lambda d: services.hearing_materials_deliver(
            actor=request.user, hearing=hearing, delivered_on=d["delivered_on"], request=request
        ),
        "材料送达已记录。",
    )


@require_POST
def hearing_hold(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _within_decisions(request, Hearing, pk)
    return _hearing_post(
        request,
        pk,
        HearingHoldForm(request.POST, prefix="hold"),
        "hold_form",
        lambda d: services.hearing_hold(
            actor=request.user,
            hearing=hearing,
            record=d["record"],
            record_signed=d["record_signed"],
            request=request,
        ),
        "听证会举行情况已记录。",
    )


@require_POST
def hearing_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = _within_decisions(request, Hearing, pk)
    return _hearing_post(
        request,
        pk,
        HearingCancelForm(request.POST, prefix="cancel"),
        "cancel_form",
        lambda d: services.hearing_cancel(
            actor=request.user, hearing=hearing, reason=d["reason"], request=request
        ),
        "听证会已取消。",
    )


# ---- experts ----------------------------------------------------------------------------------


def expert_list(request: HttpRequest) -> HttpResponse:
    experts = (
        selectors.experts_for(request.user).select_related("unit").prefetch_related("conflicts")
    )
    q = request.GET.get("q", "").strip()
    if q:
        experts = experts.filter(Q(name__icontains=q) | Q(specialties__icontains=q))
    page = Paginator(experts, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "major_decisions/expert_list.html",
        {
            "page": page,
            "q": q,
            "query": urlencode({"q": q}) if q else "",
            "may_manage": bool(_legal_office_units(request.user)),
        },
    )


def _expert(request: HttpRequest, pk: int):
    expert = selectors.experts_for(request.user).filter(pk=pk).first()
    if expert is None:
        raise Http404("没有找到该专家。")
    return expert


def expert_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    units = _legal_office_units(request.user)
    expert = _expert(request, pk) if pk is not None else None
    if expert is None and not units:
        raise PermissionDenied("专家库由司法行政部门（法治机构）管理。")
    initial = {"active": True}
    if expert is not None:
        initial = {
            name: getattr(expert, name)
            for name in ("unit", "name", "specialties", "affiliation", "title", "phone", "active")
        }
        initial["unit"] = expert.unit_id
        if expert.unit not in units:
            units = [expert.unit, *units]
    form = ExpertForm(request.POST or None, units=units, initial=initial, prefix="expert")
    saved: list = []
    status = 200
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: saved.append(
                services.expert_save(actor=request.user, expert=expert, request=request, **d)
            ),
        )
        if status is None:
            messages.success(request, f"已保存专家“{saved[0].name}”。")
            return redirect("major_decisions:expert_edit", pk=saved[0].pk)
    return _render_expert(request, expert, form, status=status)


def _render_expert(request, expert, form, status=200, conflict_form=None):
    return render(
        request,
        "major_decisions/expert_form.html",
        {
            "expert": expert,
            "form": form,
            "may_manage": bool(_legal_office_units(request.user)),
            # Conflicts with decisions the person may not see are counted, not named.
            "conflicts": list(
                expert.conflicts.select_related("decision", "unit").filter(
                    Q(decision__isnull=True) | Q(decision__in=selectors.decisions_for(request.user))
                )
            )
            if expert
            else [],
            "conflict_form": conflict_form
            or ConflictForm(prefix="conflict", decisions=selectors.decisions_for(request.user)),
        },
        status=status,
    )


@require_POST
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _expert(request, pk)
    form = ConflictForm(
        request.POST, prefix="conflict", decisions=selectors.decisions_for(request.user)
    )
    status = attempt(
        form,
        lambda d: services.conflict_declare(
            actor=request.user,
            expert=expert,
            description=d["description"],
            decision=d["decision"],
            unit=d["unit"],
            request=request,
        ),
    )
    if status is None:
        messages.success(request, "利害关系已登记。")
        return redirect("major_decisions:expert_edit", pk=expert.pk)
    units = _legal_office_units(request.user)
    if expert.unit not in units:
        units = [expert.unit, *units]
    expert_form = ExpertForm(
        units=units,
        prefix="expert",
        initial={
            "unit": expert.unit_id,
            **{
                name: getattr(expert, name)
                for name in ("name", "specialties", "affiliation", "title", "phone", "active")
            },
        },
    )
    return _render_expert(request, expert, expert_form, status=status, conflict_form=form)


@require_POST
def review_start(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = ExpertReviewStartForm(request.POST, prefix="expert")
    started: list[ExpertReview] = []
    status = attempt(
        form,
        lambda d: started.append(
            services.expert_review_start(
                actor=request.user,
                decision=decision,
                method=d["method"],
                institution=d["institution"],
                request=request,
            )
        ),
    )
    if status is None:
        messages.success(request, "已启动专家论证。")
        return redirect("major_decisions:review", pk=started[0].pk)
    return _render_detail(request, pk, status=status, review_start_form=form)


def _render_review(request: HttpRequest, pk: int, status: int = 200, **bound: Any):
    review = _within_decisions(request, ExpertReview, pk)
    decision = _decision(request, review.decision_id)
    opinions = list(review.opinions.select_related("expert"))
    opinion_forms = bound.get("opinion_forms", {})
    for opinion in opinions:
        opinion.form = opinion_forms.get(opinion.pk) or OpinionForm(
            prefix=f"opinion{opinion.pk}",
            initial={
                "text": opinion.opinion,
                "signed": opinion.signed,
                "submitted_on": opinion.submitted_on or timezone.localdate(),
            },
        )
    specialty = request.GET.get("specialty", "").strip()
    pool = selectors.experts_for(request.user).filter(active=True)
    return render(
        request,
        "major_decisions/review.html",
        {
            "review": review,
            "decision": decision,
            "opinions": opinions,
            "specialty": specialty,
            "eligible": list(selectors.eligible_experts(decision, specialty)[:50]),
            "may_act": bool(_post_units(request.user, HANDLERS, reaching=decision.unit_id))
            and decision.state == "drafting"
            and review.round == decision.round,
            "draw_form": bound.get("draw_form")
            or DrawForm(prefix="draw", initial={"specialty": specialty, "count": 3}),
            "select_form": bound.get("select_form") or SelectForm(prefix="select", experts=pool),
            "conclude_form": bound.get("conclude_form")
            or ConcludeForm(
                prefix="conclude",
                initial={"adoption": review.adoption, "held_on": review.held_on},
            ),
        },
        status=status,
    )


def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_review(request, pk)


def _review_post(request: HttpRequest, pk: int, form, key: str, call, done: Callable[[], str]):
    status = attempt(form, call)
    if status is None:
        messages.success(request, done())
        return redirect("major_decisions:review", pk=pk)
    return _render_review(request, pk, status=status, **{key: form})


@require_POST
def review_draw(request: HttpRequest, pk: int) -> HttpResponse:
    review = _within_decisions(request, ExpertReview, pk)
    drawn: list = []
    return _review_post(
        request,
        pk,
        DrawForm(request.POST, prefix="draw"),
        "draw_form",
        lambda d: drawn.extend(
            services.experts_draw(
                actor=request.user,
                review=review,
                specialty=d["specialty"],
                count=d["count"],
                request=request,
            )
        ),
        lambda: f"已随机抽取{len(drawn)}名专家：{'、'.join(o.expert.name for o in drawn)}。",
    )


@require_POST
def review_select(request: HttpRequest, pk: int) -> HttpResponse:
    review = _within_decisions(request, ExpertReview, pk)
    pool = selectors.experts_for(request.user).filter(active=True)
    form = SelectForm(request.POST, prefix="select", experts=pool)
    return _review_post(
        request,
        pk,
        form,
        "select_form",
        lambda d: services.expert_select(
            actor=request.user, review=review, expert=d["expert"], request=request
        ),
        lambda: f"已选定专家“{form.cleaned_data['expert'].name}”。",
    )


@require_POST
def opinion_record(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = _within_decisions(request, ExpertOpinion, pk, "review__decision")
    form = OpinionForm(request.POST, prefix=f"opinion{opinion.pk}")
    status = attempt(
        form,
        lambda d: services.expert_opinion_record(
            actor=request.user,
            opinion=opinion,
            text=d["text"],
            signed=d["signed"],
            submitted_on=d["submitted_on"],
            request=request,
        ),
    )
    if status is None:
        messages.success(request, "论证意见已记录。")
        return redirect("major_decisions:review", pk=opinion.review_id)
    return _render_review(
        request, opinion.review_id, status=status, opinion_forms={opinion.pk: form}
    )


@require_POST
def review_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    review = _within_decisions(request, ExpertReview, pk)
    return _review_post(
        request,
        pk,
        ConcludeForm(request.POST, prefix="conclude"),
        "conclude_form",
        lambda d: services.expert_review_conclude(
            actor=request.user,
            review=review,
            adoption=d["adoption"],
            held_on=d["held_on"],
            request=request,
        ),
        lambda: "论证意见研究采纳情况已记录。",
    )


# ---- risk -------------------------------------------------------------------------------------


def risk_assess(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = RiskForm(request.POST or None, initial={"reported_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: services.risk_assess(
                actor=request.user,
                decision=decision,
                assessor=d["assessor"],
                methods=d["methods"],
                dimensions=form.dimensions(),
                level=d["level"],
                controllable=d["controllable"],
                measures=d["measures"],
                contingency=d["contingency"],
                departments_heard=d["departments_heard"],
                reported_on=d["reported_on"],
                request=request,
            ),
        )
        if status is None:
            messages.success(request, "风险评估报告已记录。")
            return redirect(reverse("major_decisions:detail", args=[pk]) + "#risk")
    return render(
        request, "major_decisions/risk.html", {"form": form, "decision": decision}, status=status
    )


# ---- execution and evaluation -----------------------------------------------------------------


@require_POST
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = TaskCreateForm(request.POST, prefix="task", units=_subtree([decision.body]))
    return _detail_post(
        request,
        pk,
        form,
        "task_form",
        lambda d: services.task_create(actor=request.user, decision=decision, request=request, **d),
        "执行任务已明确。",
        "#execution",
    )


def task_list(request: HttpRequest) -> HttpResponse:
    tasks = (
        selectors.tasks_for(request.user)
        .select_related("decision", "unit")
        .prefetch_related("reports")
        .order_by("done_on", "due_on", "pk")
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "major_decisions/task_list.html",
        {"page": page, "today": timezone.localdate()},
    )


def task(request: HttpRequest, pk: int) -> HttpResponse:
    task = (
        selectors.tasks_for(request.user)
        .filter(pk=pk)
        .select_related("decision", "unit", "created_by")
        .first()
    )
    if task is None:
        raise Http404("没有找到该执行任务。")
    form = TaskReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: services.task_report(actor=request.user, task=task, request=request, **d),
        )
        if status is None:
            messages.success(request, "执行情况已报告。")
            return redirect("major_decisions:task", pk=pk)
    return render(
        request,
        "major_decisions/task.html",
        {
            "task": task,
            "reports": list(task.reports.select_related("reporter")),
            "form": form,
            "may_report": task.done_on is None and _in_unit(request.user, task.unit_id, BODY_STAFF),
            "today": timezone.localdate(),
        },
        status=status,
    )


def evaluation_start(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    form = EvaluationStartForm(request.POST or None, units=_subtree([decision.body]))
    return _create_page(
        request,
        form,
        lambda d: services.evaluation_start(
            actor=request.user, decision=decision, request=request, **d
        ),
        done="已启动决策后评估。",
        to="major_decisions:evaluation",
        page={
            "decision": decision,
            "title": f"启动决策后评估：{decision.title}",
            "intro": "决策后评估可以委托专业机构、社会组织等第三方进行；"
            "决策作出前承担主要论证评估工作的"
            "单位除外（条例第三十六条第二款）。",
            "submit": "启动评估",
            "cancel_url": reverse("major_decisions:detail", args=[pk]),
        },
    )


def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _within_decisions(request, Evaluation, pk)
    decision = _decision(request, evaluation.decision_id)
    form = EvaluationRecordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: services.evaluation_record(
                actor=request.user, evaluation=evaluation, request=request, **d
            ),
        )
        if status is None:
            messages.success(request, "评估结论已记录。")
            return redirect("major_decisions:evaluation", pk=pk)
    return render(
        request,
        "major_decisions/evaluation.html",
        {
            "evaluation": _within_decisions(request, Evaluation, pk),
            "decision": decision,
            "form": form,
            "may_record": evaluation.done_on is None
            and _in_unit(request.user, decision.body_id, BODY_STAFF),
        },
        status=status,
    )
