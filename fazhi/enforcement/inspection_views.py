"""Staff pages of random inspections (双随机、一公开), the .xlsx imports and case-file evaluation
(案卷评查), at /workspace/enforcement/inspections/ (thin: selectors read, one service writes; a
refusal is shown in Chinese on the form or as a message, nothing saved; a forbidden act is
403; a record out of reach is 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.models import SUPERVISING_KINDS, Post, Unit, UnitKind
from fazhi.core.policies import Action, post_reaches
from fazhi.deadlines.selectors import current_calendar

from . import evaluation_services as evaluation
from . import importing, selectors
from . import inspection_services as inspections
from .inspection_forms import (
    CampaignForm,
    ChecklistForm,
    ConflictForm,
    EvaluationForm,
    ImportForm,
    InspectionRecordForm,
    PlanForm,
    RectificationAcceptForm,
    RectificationForm,
    RectificationReportForm,
    StandardForm,
)
from .models import Duty, Entity, PlanState, Rectification

T = "enforcement/inspections/"
REFUSALS = (ValidationError, PermissionDenied)


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or "您无权办理该事项。"]


def _attempt(form, call: Callable[[dict[str, Any]], Any]) -> int | None:
    """Validate `form`, call one service with its data: None when done, else the status to
    show the form again with (its errors, or the service's reasons, on it)."""
    if not form.is_valid():
        return 200
    try:
        call(form.cleaned_data)
    except REFUSALS as exc:
        form.add_error(None, _messages(exc))
        return 403 if isinstance(exc, PermissionDenied) else 200
    return None


def _act(request: HttpRequest, call: Callable[[], Any], done: str | Callable[[Any], str]) -> None:
    """A button: one service call; a refusal of the law becomes a Chinese message, a forbidden
    act is 403."""
    try:
        result = call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return
    messages.success(request, done(result) if callable(done) else done)


def _may(person, unit_id: int, roles) -> bool:
    """Whether one of the person's active posts in `roles` reaches the unit (to show a form;
    the services decide)."""
    posts = (
        Post.objects.active().filter(person=person, role__in=tuple(roles)).select_related("unit")
    )
    return any(post_reaches(p.unit, p.role, unit_id, Action.CHANGE) for p in posts)


def _office_units(person) -> list[Unit]:
    offices = []
    posts = Post.objects.active().filter(person=person, role__in=evaluation.OFFICE_ROLES)
    for post in posts.select_related("unit"):
        unit = post.unit
        office = Unit.objects.get_parent(unit) if unit.kind == UnitKind.DIVISION else unit
        if office is not None and office.kind in SUPERVISING_KINDS and office not in offices:
            offices.append(office)
    return offices


def _form_page(request, form, status, *, title, intro, submit, cancel) -> HttpResponse:
    return render(
        request,
        T + "form_page.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "cancel_url": reverse(cancel),
        },
        status=status,
    )


def _zip(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


# ---- plans --------------------------------------------------------------------------------------


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for(request.user).prefetch_related("joint_bodies__unit")
    page = Paginator(plans.order_by("-year", "-id"), 25).get_page(request.GET.get("page"))
    roles = set(Post.objects.active().filter(person=request.user).values_list("role", flat=True))
    offices = _office_units(request.user) if roles & set(evaluation.OFFICE_ROLES) else []
    return render(
        request,
        T + "plan_list.html",
        {
            "page": page,
            "may_plan": bool(roles & set(inspections.HEADS)),
            "may_import": bool(roles & {"unit_admin", "leader", "system_admin"}) or bool(offices),
            "may_evaluate": bool(offices),
        },
    )


def plan_create(request: HttpRequest) -> HttpResponse:
    bodies = inspections.own_bodies(request.user)
    if not bodies.exists():
        raise PermissionDenied("抽查计划由执法主体的负责人或单位管理员拟定，您不能制定抽查计划。")
    today = timezone.localdate()
    form = PlanForm(
        request.POST or None,
        bodies=bodies,
        initial={"year": today.year, "ratios": "A=0.05\nB=0.1\nC=0.2\nD=0.3"},
    )
    made: list = []
    status = 200
    if request.method == "POST":
        status = _attempt(
            form,
            lambda d: made.append(
                inspections.plan_create(actor=request.user, request=request, **d)
            ),
        )
        if status is None:
            messages.success(request, f"已拟定抽查计划“{made[0].title}”。")
            return redirect("enforcement:plan_detail", pk=made[0].pk)
    return _form_page(
        request,
        form,
        status,
        title="拟定双随机抽查计划",
        intro="计划拟定后由执法主体负责人公布：检查对象名录、执法人员名录、回避名单的 SHA-256 "
        "和随机种子的承诺值先行记入存证账本，随后抽取并公开随机种子，任何人都可以复核抽取结果。",
        submit="拟定计划",
        cancel="enforcement:plan_list",
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk)
    rows = selectors.plan_inspections(plan)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    today = timezone.localdate()
    calendar = current_calendar()
    for inspection in page:
        inspection.due = inspections.disclosure_due(inspection, calendar)
        inspection.late = inspections.disclosure_late(inspection, today, calendar)
        inspection.may_record = inspection.published_on is None and any(
            o.person_id == request.user.pk for o in inspection.officers.all()
        )
    approve = inspections.own_bodies(request.user).filter(pk=plan.body_id).exists()
    drawn = plan.drawn_at is not None
    return render(
        request,
        T + "plan_detail.html",
        {
            "plan": plan,
            "page": page,
            "drawn": drawn,
            "seed": plan.seed if drawn else "",  # the seed is never shown before the draw
            "params": inspections.params_of(plan),
            "checklist": inspections.plan_checklist(plan),
            "may_commit": approve and plan.state == PlanState.DRAFT,
            "may_draw": approve and plan.state == PlanState.COMMITTED,
            "may_publish": drawn
            and _may(request.user, plan.body.unit_id, inspections.STAFF)
            and plan.inspections.filter(
                published_on__isnull=True, inspected_on__isnull=False
            ).exists(),
        },
    )


@require_POST
def plan_commit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk)
    _act(
        request,
        lambda: inspections.plan_commit(actor=request.user, plan=plan, request=request),
        "已公布检查对象名录、执法人员名录、回避名单和随机种子承诺值。",
    )
    return redirect("enforcement:plan_detail", pk=pk)


@require_POST
def plan_draw(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk)
    _act(
        request,
        lambda: inspections.plan_draw(actor=request.user, plan=plan, request=request),
        lambda p: f"已随机抽取{p.inspections.count()}户检查对象，随机种子已公开。",
    )
    return redirect("enforcement:plan_detail", pk=pk)


@require_POST
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk)
    _act(
        request,
        lambda: inspections.inspection_publish(actor=request.user, plan=plan, request=request),
        lambda done: f"已公示{len(done)}户检查结果。",
    )
    return redirect("enforcement:plan_detail", pk=pk)


def plan_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk)
    try:
        data = inspections.plan_bundle(plan)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from None
    return _zip(data, f"plan-{plan.pk}-bundle.zip")


def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for(request.user, pk)
    lines = inspections.plan_checklist(inspection.plan)
    initial: dict[str, Any] = {"inspected_on": inspection.inspected_on or timezone.localdate()}
    if inspection.inspected_on:
        initial.update(
            found="0" if inspection.state == "not_found" else "1",
            result=inspection.result,
            problems=inspection.problems,
        )
        for finding in inspection.findings.all():
            initial[f"line_{finding.line_id}"] = "1" if finding.compliant else "0"
            initial[f"note_{finding.line_id}"] = finding.note
    form = InspectionRecordForm(request.POST or None, lines=lines, initial=initial)
    status = 200
    if request.method == "POST":
        status = _attempt(
            form,
            lambda d: inspections.inspection_record(
                actor=request.user,
                inspection=inspection,
                inspected_on=d["inspected_on"],
                found=d["found"] == "1",
                findings=form.findings(),
                result=d["result"] or inspections.RESULT_OK,
                problems=d["problems"],
                request=request,
            ),
        )
        if status is None:
            messages.success(request, f"已登记“{inspection.entity.name}”的检查结果。")
            return redirect("enforcement:plan_detail", pk=inspection.plan_id)
    return render(
        request,
        T + "inspection_form.html",
        {
            "inspection": inspection,
            "plan": inspection.plan,
            "form": form,
            "may_record": inspection.published_on is None
            and any(o.person_id == request.user.pk for o in inspection.officers.all()),
        },
        status=status,
    )


# ---- entities, conflicts, checklists, imports ---------------------------------------------------


def entity_list(request: HttpRequest) -> HttpResponse:
    if not selectors.bodies_for(request.user).exists():
        raise PermissionDenied("检查对象名录供执法主体和司法局查阅。")
    q = request.GET.get("q", "").strip()[:60]
    entities = selectors.entities_for(request.user, q)
    page = Paginator(entities, 50).get_page(request.GET.get("page"))
    return render(
        request,
        T + "entity_list.html",
        {
            "page": page,
            "q": q,
            "query": urlencode({"q": q}) if q else "",
            "total": Entity.objects.count(),
        },
    )


def conflict_list(request: HttpRequest) -> HttpResponse:
    officers = selectors.officers_for(request.user).filter(duty=Duty.ENFORCEMENT, active=True)
    form = ConflictForm(request.POST or None, officers=officers)
    status = 200
    if request.method == "POST":

        def declare(data: dict[str, Any]) -> None:
            entity = Entity.objects.filter(code=data["code"]).first()
            if entity is None:
                raise ValidationError(
                    f"检查对象名录中没有统一社会信用代码为 {data['code']} 的主体。"
                )
            inspections.conflict_declare(
                actor=request.user,
                officer=data["officer"],
                entity=entity,
                reason=data["reason"],
                request=request,
            )

        status = _attempt(form, declare)
        if status is None:
            messages.success(request, "已申报回避。")
            return redirect("enforcement:conflict_list")
    conflicts = Paginator(selectors.conflicts_for(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        T + "conflict_list.html",
        {"form": form, "page": conflicts, "may_declare": officers.exists()},
        status=status,
    )


def checklist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(request.user, pk)
    current = "\n".join(
        f"{line.text}｜{line.basis}" if line.basis else line.text for line in item.checklist.all()
    )
    form = ChecklistForm(request.POST or None, initial={"lines": current})
    status = 200
    if request.method == "POST":
        status = _attempt(
            form,
            lambda d: inspections.checklist_save(
                actor=request.user, item=item, lines=d["lines"], request=request
            ),
        )
        if status is None:
            messages.success(request, f"已保存“{item.name}”的检查单。")
            return redirect("enforcement:checklist_edit", pk=item.pk)
    return render(request, T + "checklist.html", {"item": item, "form": form}, status=status)


def _import_page(request: HttpRequest, what: str, run) -> HttpResponse:
    if what == "items":
        bodies = selectors.bodies_for(request.user)
    else:  # the register is kept by the 司法局 or the district's system administrator
        bodies = importing.register_bodies(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, bodies=bodies)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = run(
                actor=request.user,
                body=form.cleaned_data["body"],
                upload=form.cleaned_data["file"],
                request=request,
            )
        except PermissionDenied as exc:
            form.add_error(None, _messages(exc))
            status = 403
    columns = importing.ITEM_COLUMNS if what == "items" else importing.ENTITY_COLUMNS
    return render(
        request,
        T + "import.html",
        {
            "form": form,
            "report": report,
            "what": "执法事项" if what == "items" else "检查对象",
            "columns": columns,
            "max_rows": settings.FAZHI_ENFORCEMENT_IMPORT_MAX_ROWS,
        },
        status=status,
    )


def items_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "items", importing.items_import)


def entities_import(request: HttpRequest) -> HttpResponse:
    return _import_page(request, "entities", importing.entities_import)


# ---- case-file evaluation -----------------------------------------------------------------------


def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.campaigns_for(request.user).prefetch_related("bodies__unit")
    page = Paginator(campaigns.order_by("-year", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        T + "campaign_list.html",
        {"page": page, "may_organize": bool(_office_units(request.user))},
    )


def campaign_create(request: HttpRequest) -> HttpResponse:
    offices = _office_units(request.user)
    if not offices:
        raise PermissionDenied("案卷评查由司法局（法治机构）组织。")
    standards = selectors.standards_for(request.user)
    if not standards.exists():
        messages.info(request, "请先制定评查标准（可采用默认标准）。")
        return redirect("enforcement:standard_list")
    form = CampaignForm(
        request.POST or None,
        standards=standards,
        bodies=selectors.bodies_for(request.user),
        initial={"year": timezone.localdate().year},
    )
    made: list = []
    status = 200
    if request.method == "POST":
        status = _attempt(
            form,
            lambda d: made.append(
                evaluation.campaign_create(actor=request.user, request=request, **d)
            ),
        )
        if status is None:
            messages.success(request, f"已组织评查活动“{made[0].title}”。")
            return redirect("enforcement:campaign_detail", pk=made[0].pk)
    return _form_page(
        request,
        form,
        status,
        title="组织案卷评查",
        intro="从所选执法主体在结案日期范围内已结案的案件中，按每个主体的抽取数量随机抽取案卷；"
        "案卷名录和随机种子承诺值先行公布，抽取后公开随机种子。",
        submit="创建评查活动",
        cancel="enforcement:campaign_list",
    )


def _organizes(person, campaign) -> bool:
    return campaign.organizer in _office_units(person)


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for(request.user, pk)
    files = list(selectors.campaign_files_for(request.user, campaign))
    organizer = _organizes(request.user, campaign)
    evaluated = [f for f in files if f.evaluated_on]
    return render(
        request,
        T + "campaign_detail.html",
        {
            "campaign": campaign,
            "files": files,
            "criteria": list(campaign.standard.criteria.all()),
            "drawn": campaign.drawn_at is not None,
            "seed": campaign.seed if campaign.drawn_at else "",
            "params": evaluation.campaign_params(campaign),
            "may_commit": organizer and campaign.committed_at is None,
            "may_draw": organizer and campaign.committed_at and not campaign.drawn_at,
            "summary": {
                "evaluated": len(evaluated),
                "passed": sum(1 for f in evaluated if f.passed),
                "vetoed": sum(1 for f in evaluated if f.vetoed),
            },
        },
    )


@require_POST
def campaign_commit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for(request.user, pk)
    _act(
        request,
        lambda: evaluation.campaign_commit(actor=request.user, campaign=campaign, request=request),
        "已公布案卷名录和随机种子承诺值。",
    )
    return redirect("enforcement:campaign_detail", pk=pk)


@require_POST
def campaign_draw(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for(request.user, pk)
    _act(
        request,
        lambda: evaluation.campaign_draw(actor=request.user, campaign=campaign, request=request),
        lambda c: f"已随机抽取{c.files.count()}卷案卷，随机种子已公开。",
    )
    return redirect("enforcement:campaign_detail", pk=pk)


def campaign_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for(request.user, pk)
    try:
        data = evaluation.campaign_bundle(campaign)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from None
    return _zip(data, f"campaign-{campaign.pk}-bundle.zip")


def standard_list(request: HttpRequest) -> HttpResponse:
    offices = _office_units(request.user)
    if request.method == "POST":
        if not offices:
            raise PermissionDenied("评查标准由司法局（法治机构）制定。")
        _act(
            request,
            lambda: evaluation.default_standard(offices[0], actor=request.user, request=request),
            lambda s: f"已按默认标准制定“{s.title}”。",
        )
        return redirect("enforcement:standard_list")
    return render(
        request,
        T + "standard_list.html",
        {
            "standards": selectors.standards_for(request.user).order_by("-created_at"),
            "may_create": bool(offices),
        },
    )


def standard_create(request: HttpRequest) -> HttpResponse:
    offices = _office_units(request.user)
    if not offices:
        raise PermissionDenied("评查标准由司法局（法治机构）制定。")
    labels = {"veto": "否决项", "form": "形式", "content": "内容"}
    default = "\n".join(
        f"{labels[c['kind']]}｜{c['text']}｜{c['points']}" for c in evaluation.default_criteria()
    )
    form = StandardForm(
        request.POST or None,
        initial={"title": f"{offices[0].display_name}行政处罚案卷评查标准", "criteria": default},
    )
    status = 200
    if request.method == "POST":
        status = _attempt(
            form,
            lambda d: evaluation.standard_save(
                actor=request.user, owner=offices[0], request=request, **d
            ),
        )
        if status is None:
            messages.success(request, "已制定评查标准。")
            return redirect("enforcement:standard_list")
    return _form_page(
        request,
        form,
        status,
        title="制定评查标准",
        intro="否决项：存在其中任一情形的案卷为不合格；计分项：案卷形式与案卷内容合计100分，"
        "得分为100分减去扣分，达到合格分数的为合格。标准制定后不再修改，修订即另立新标准。",
        submit="制定标准",
        cancel="enforcement:standard_list",
    )


def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A drawn file: its evaluation (the form, for the organizing office) and rectifications."""
    file = selectors.case_file_for(request.user, pk)
    campaign = file.campaign
    criteria = list(campaign.standard.criteria.all())
    initial: dict[str, Any] = {"comments": file.comments}
    if file.evaluated_on:
        initial["evaluated_on"] = file.evaluated_on
    for mark in file.marks.all():
        key = "veto" if mark.criterion.kind == "veto" else "lost"
        initial[f"{key}_{mark.criterion_id}"] = True if key == "veto" else mark.lost
        initial[f"note_{mark.criterion_id}"] = mark.note
    organizer = _organizes(request.user, campaign)
    form = EvaluationForm(request.POST or None, criteria=criteria, initial=initial)
    status = 200
    if request.method == "POST":
        if not organizer:
            raise PermissionDenied("案卷由组织评查的司法局（法治机构）评查。")
        status = _attempt(
            form,
            lambda d: evaluation.file_evaluate(
                actor=request.user,
                file=file,
                marks=form.marks(),
                comments=d["comments"],
                evaluated_on=d["evaluated_on"],
                request=request,
            ),
        )
        if status is None:
            messages.success(request, f"已评查案卷{file.case.number}。")
            return redirect("enforcement:campaign_detail", pk=campaign.pk)
    body_staff = _may(request.user, file.case.body.unit_id, evaluation.BODY_ROLES)
    rectifications = list(file.rectifications.all())
    marks = {m.criterion_id: m for m in file.marks.all()}
    for rectification in rectifications:
        rectification.report_form = (
            RectificationReportForm(prefix=f"r{rectification.pk}")
            if body_staff and rectification.accepted is None
            else None
        )
        rectification.accept_form = (
            RectificationAcceptForm(prefix=f"a{rectification.pk}")
            if organizer and rectification.reported_on and rectification.accepted is None
            else None
        )
    return render(
        request,
        T + "file_detail.html",
        {
            "file": file,
            "campaign": campaign,
            "case": file.case,
            "form": form,
            "mark_rows": [(c, marks.get(c.pk)) for c in criteria],
            "criteria": criteria,
            "may_evaluate": organizer and not rectifications and campaign.drawn_at is not None,
            "rectifications": rectifications,
            "require_form": RectificationForm(prefix="require")
            if organizer and file.evaluated_on
            else None,
        },
        status=status,
    )


@require_POST
def rectification_require(request: HttpRequest, pk: int) -> HttpResponse:
    file = selectors.case_file_for(request.user, pk)
    form = RectificationForm(request.POST, prefix="require")
    if form.is_valid():
        _act(
            request,
            lambda: evaluation.rectification_require(
                actor=request.user, file=file, request=request, **form.cleaned_data
            ),
            "已下达整改要求。",
        )
    else:
        messages.error(request, "请填写整改要求和整改期限。")
    return redirect("enforcement:file_detail", pk=pk)


def _rectification(request: HttpRequest, pk: int) -> Rectification:
    rectification = Rectification.objects.select_related("file").filter(pk=pk).first()
    if rectification is None:
        raise Http404("没有找到该整改要求。")
    selectors.case_file_for(request.user, rectification.file_id)  # 404 when out of reach
    return rectification


@require_POST
def rectification_report(request: HttpRequest, pk: int) -> HttpResponse:
    rectification = _rectification(request, pk)
    form = RectificationReportForm(request.POST, prefix=f"r{pk}")
    if form.is_valid():
        _act(
            request,
            lambda: evaluation.rectification_report(
                actor=request.user,
                rectification=rectification,
                report=form.cleaned_data["report"],
                request=request,
            ),
            "已报告整改情况。",
        )
    else:
        messages.error(request, "请填写整改情况。")
    return redirect("enforcement:file_detail", pk=rectification.file_id)


@require_POST
def rectification_accept(request: HttpRequest, pk: int) -> HttpResponse:
    rectification = _rectification(request, pk)
    form = RectificationAcceptForm(request.POST, prefix=f"a{pk}")
    if form.is_valid():
        _act(
            request,
            lambda: evaluation.rectification_accept(
                actor=request.user,
                rectification=rectification,
                request=request,
                **form.cleaned_data,
            ),
            "已完成整改验收。",
        )
    else:
        messages.error(request, "请选择验收结论。")
    return redirect("enforcement:file_detail", pk=rectification.file_id)
