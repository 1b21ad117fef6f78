"""Staff pages of the plan ledger (规划任务台账), at /workspace/plans/ (thin: selectors read,
services write; a refusal is shown on the form with the person's input, nothing saved; a
record outside the person's reach is 404, an act the person may not do 403).

- 规划列表 (index): the plans the person reaches, the drafts waiting for review;
- 上传规划文本 and 核对解析结果: the legal affairs office uploads a plan's text, corrects the
  parse on one page (particulars, tasks, unit names; delete, merge, split) and imports it;
- 台账总览: the plan's tasks by status and by unit, overdue tasks, figures, the .xlsx export
  and import, the plan's settings;
- 本单位任务 and the progress report form (报送, 修改后重新报送);
- 任务详情: the task, its units, targets, reports with their review, its history, and the
  office's acts (审核, 列为长期坚持, 调整);
- 待审核: the reports waiting for the office.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core import policies
from fazhi.core.models import Person, Post, Role, Unit, UnitKind
from fazhi.procedures.services import StepForbidden, StepRefused

from . import exports, figures, importing, review, selectors, services
from .forms import (
    DocumentForm,
    DraftTaskForm,
    ImportForm,
    LedgerImportForm,
    PlanSettingsForm,
    ReportForm,
    ReviewForm,
    StyledForm,
    TaskEditForm,
    TaskUnitsForm,
    UnitNameForm,
    UploadForm,
)
from .models import (
    DraftState,
    FigureSource,
    Plan,
    PlanDraft,
    ProgressReport,
    ReportState,
    Task,
    TaskStatus,
    UnitRole,
)

REFUSALS = (StepRefused, StepForbidden, ValidationError, PermissionDenied, review.ReviewError)

STATUS_CSS = {
    TaskStatus.NOT_STARTED: "text-bg-secondary",
    TaskStatus.IN_PROGRESS: "text-bg-primary",
    TaskStatus.DONE: "text-bg-success",
    TaskStatus.LAGGING: "text-bg-danger",
    TaskStatus.ONGOING: "text-bg-info",
}
RESOLUTION_LABELS = {
    "exact": "全称一致",
    "short": "简称或层级写法",
    "former": "曾用名",
    "fuzzy": "近似名称，待确认",
    "class": "类别名称",
    "external": "外部单位",
    "unresolved": "未识别",
}
ANOMALY_LABELS = {
    "injected": "疑似注入的无关内容",
    "broken_sentence": "断句（分页处断开）",
    "doubled_text": "重复文字",
    "page_break": "页码或分页标记",
    "numbering": "编号不连续",
    "target": "量化目标需核对",
    "truncated": "内容过长已截断",
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
        return 403 if isinstance(exc, PermissionDenied | StepForbidden) else 200
    return None


def _page(request, queryset, size: int = 50):
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _kw(request) -> dict[str, Any]:
    return {"actor": request.user, "request": request}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class TargetSourceForm(StyledForm):
    """数据来源 of one of the task's targets: reported by the units, or a figure another
    module computes (`services.target_link`)."""

    target = forms.TypedChoiceField(label="量化目标", coerce=int)
    source = forms.ChoiceField(label="数据来源", choices=FigureSource.choices)

    def __init__(self, *args: Any, targets: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {t.pk: t for t in targets}
        self.fields["target"].choices = [(t.pk, t.text) for t in targets]


# ---- who may do what (the services check again) -----------------------------------------------


def upload_owners(person: Person) -> list[Unit]:
    """The governments a plan can be uploaded for (`selectors.owners_kept`)."""
    return selectors.owners_kept(person)


def overview_test(person: Person) -> Callable[[Plan], bool]:
    """Whether the person sees the whole ledger of a plan: the office that keeps it
    (`selectors.can_manage`: a post in the 司法局 supervising the owner) and whoever reaches
    its owner (the government's leaders). The person's reach is read once; each plan is then
    tested in memory (its owner loaded with it), however many plans a list shows."""
    ids = policies.unit_ids_for(person)
    if ids is None:
        return lambda plan: True
    roots = [unit.path for unit in selectors.owners_kept(person)]
    return lambda plan: plan.owner_id in ids or any(plan.owner.path.startswith(r) for r in roots)


def may_overview(person: Person, plan: Plan) -> bool:
    return overview_test(person)(plan)


def review_unit(person: Person, owner: Unit) -> Unit | None:
    """The 司法局 (or 科室) the person reviews in for `owner`'s plans."""
    posts = selectors.office_posts(person, owner, roles=(Role.LEGAL_REVIEWER,))
    return posts[0].unit if posts else None


def report_posts_units(person: Person) -> list[Unit]:
    """The units in which the person reports progress (承办人员 or 单位管理员 posts)."""
    posts = (
        Post.objects.active()
        .filter(person=person, role__in=selectors.REPORT_ROLES)
        .select_related("unit")
    )
    units = {post.unit_id: post.unit for post in posts}
    return sorted(units.values(), key=lambda u: u.path)


def tree_units(owner: Unit) -> list[Unit]:
    """The active units under a plan's owner (without the owner's 科室), in tree order."""
    today = timezone.localdate()
    units = Unit.objects.filter(path__startswith=owner.path).order_by("path")
    return [u for u in units if u.is_active_on(today) and u.kind != UnitKind.DIVISION]


# ---- the list of plans ------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    plans = list(
        selectors.plans_for(user).annotate(task_count=Count("tasks")).order_by("-imported_at")
    )
    overview = overview_test(user)
    for plan in plans:
        plan.overview = overview(plan)
    owners = upload_owners(user)
    drafts = []
    if owners:
        drafts = list(
            selectors.drafts_for(user).filter(state=DraftState.REVIEWING).order_by("-created_at")
        )
    return render(
        request,
        "plans/index.html",
        {
            "plans": plans,
            "drafts": drafts,
            "may_upload": bool(owners),
            "may_report": bool(report_posts_units(user)),
            "to_review": selectors.reports_to_review(user).count(),
        },
    )


# ---- upload and review of a parse -------------------------------------------------------------


def upload(request: HttpRequest) -> HttpResponse:
    owners = upload_owners(request.user)
    if not owners:
        raise PermissionDenied(
            "只有负责规划台账的司法局法治机构审核人员或单位管理员可以上传规划文本。"
        )
    form = UploadForm(request.POST or None, request.FILES or None, owners=owners)
    made: list[PlanDraft] = []
    status = 200
    if request.method == "POST":

        def call(data):
            owner = next((u for u in owners if u.pk == data["owner"]), None)
            if owner is None:
                raise PermissionDenied("您不能为该机关上传规划。")
            upload = data["file"]
            made.append(
                services.draft_upload(
                    owner=owner, name=upload.name, data=upload.read(), **_kw(request)
                )
            )

        status = attempt(form, call)
        if status is None:
            draft = made[0]
            count = len(draft.parsed.get("tasks", []))
            messages.success(request, f"已解析“{draft.source_name}”：{count}项任务。请核对后导入。")
            return redirect("plans:draft", pk=draft.pk)
    return render(request, "plans/upload.html", {"form": form}, status=status)


def parsed_digest(parsed: dict) -> str:
    """A fingerprint of a draft's parse: a page posted over an older version is refused (here
    at once, and again by the services on the locked draft)."""
    return services.draft_fingerprint(parsed)


class DraftPage:
    """The review page's forms over one draft: particulars, tasks, unit names, import."""

    def __init__(self, draft: PlanDraft, data=None) -> None:
        self.draft = draft
        parsed = draft.parsed
        self.parsed = parsed
        self.tasks = list(parsed.get("tasks") or [])
        self.units = tree_units(draft.owner)
        self.by_id = {u.pk: u for u in Unit.objects.filter(path__startswith=draft.owner.path)}
        entries = parsed.get("units") or {}
        self.names = review.unit_names(self.tasks)
        self.document = DocumentForm(
            data, prefix="doc", initial=DocumentForm.initial_of(parsed.get("document") or {})
        )
        self.task_forms = [
            DraftTaskForm(data, prefix=f"t{i}", initial=DraftTaskForm.initial_of(task))
            for i, task in enumerate(self.tasks)
        ]
        self.name_forms = [
            UnitNameForm(
                data,
                prefix=f"u{i}",
                initial={"name": name},
                entry=entries.get(name) or {"status": "unresolved"},
                units=self.units,
                by_id=self.by_id,
            )
            for i, name in enumerate(self.names)
        ]
        for form, name in zip(self.name_forms, self.names, strict=True):
            form.written = name
            form.status_label = RESOLUTION_LABELS.get(form.status, form.status)
            form.used_by = [
                t.get("number") or str(i + 1)
                for i, t in enumerate(self.tasks)
                if name in (t.get("responsible") or []) or name in (t.get("lead") or [])
            ]
        self.import_form = ImportForm(data, prefix="import")
        self.errors: list[str] = []

    @property
    def forms(self):
        return [self.document, *self.task_forms, *self.name_forms]

    def valid(self) -> bool:
        return all(form.is_valid() for form in self.forms)

    def corrected(self, op: str) -> dict:
        """The parse as posted: edits, the unit names' resolutions, then the operation on one
        task (delete, merge) and the splits marked with "---"."""
        known = set(self.names) | set(self.parsed.get("units") or {})
        tasks = [
            form.task(before, known)
            for form, before in zip(self.task_forms, self.tasks, strict=True)
        ]
        units = dict(self.parsed.get("units") or {})
        for form, name in zip(self.name_forms, self.names, strict=True):
            if form.cleaned_data.get("name") != name:
                raise review.ReviewError("页面已过期，请刷新后重新核对。")
            units[name] = form.result()
        verb, _, index = op.partition("-")
        if verb == "delete":
            tasks = review.delete_task(tasks, _index(index))
        elif verb == "merge":
            tasks = review.merge_with_previous(tasks, _index(index))
        tasks = review.split_marked(tasks)
        return {
            **self.parsed,
            "document": self.document.document(self.parsed.get("document") or {}),
            "tasks": tasks,
            "units": units,
        }

    def unsettled(self) -> list[str]:
        return services.unsettled_names(self.parsed)

    def context(self) -> dict[str, Any]:
        anomalies = [
            {**a, "label": ANOMALY_LABELS.get(a.get("kind"), a.get("kind", ""))}
            for a in self.parsed.get("anomalies") or []
        ]
        return {
            "draft": self.draft,
            "page": self,
            "digest": parsed_digest(self.parsed),
            "anomalies": anomalies,
            "rows": list(zip(self.tasks, self.task_forms, strict=True)),
            "unsettled": self.unsettled(),
            "targets": self.parsed.get("document", {}).get("targets") or [],
            "posted_errors": self.errors
            + [
                f"{_form_where(form)}{err}"
                for form in self.forms
                if form.is_bound
                for err in _form_errors(form)
            ],
            "plan": _imported_plan(self.draft),
            "editable": self.draft.state == DraftState.REVIEWING,
        }


def _index(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise review.ReviewError("无效的操作。") from None


def _form_where(form) -> str:
    if form.prefix == "doc":
        return "文件信息："
    if form.prefix.startswith("t"):
        return f"第{int(form.prefix[1:]) + 1}项任务："
    if form.prefix.startswith("u"):
        return f"单位“{getattr(form, 'written', '')}”："
    return ""


def _form_errors(form) -> list[str]:
    out = list(form.non_field_errors())
    for field in form:
        out += [f"{field.label}：{e}" for e in field.errors]
    return out


def _imported_plan(draft: PlanDraft) -> Plan | None:
    if draft.state != DraftState.IMPORTED:
        return None
    return (
        Plan.objects.filter(owner=draft.owner, source_sha256=draft.source_sha256)
        .order_by("-pk")
        .first()
    )


STALE_PAGE = "解析稿已被修改（可能在另一窗口中），请在下面的最新内容上重新核对。"


def _draft_changed(request, draft: PlanDraft, *errors: str) -> HttpResponse:
    """The draft as it now stands, with why the posted page was not saved (409)."""
    draft.refresh_from_db()
    page = DraftPage(draft)
    page.errors.extend(errors)
    return render(request, "plans/draft.html", page.context(), status=409)


def draft_review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_for(request.user, pk)
    if request.method != "POST":
        return render(request, "plans/draft.html", DraftPage(draft).context())
    page = DraftPage(draft, request.POST)
    op = request.POST.get("op", "save")
    if draft.state != DraftState.REVIEWING:
        page.errors.append("该解析稿已导入或已放弃，不能再修改。")
        return render(request, "plans/draft.html", page.context(), status=409)
    expected = request.POST.get("digest") or ""
    if expected != parsed_digest(draft.parsed):
        return _draft_changed(request, draft, STALE_PAGE)
    if not page.valid() or (op == "import" and not page.import_form.is_valid()):
        return render(request, "plans/draft.html", page.context())
    try:
        parsed = page.corrected(op)
        if parsed != draft.parsed:
            draft = services.draft_save(
                draft=draft, parsed=parsed, expected=expected, **_kw(request)
            )
            expected = parsed_digest(draft.parsed)
    except services.DraftChanged as exc:  # saved by someone else since the check above
        return _draft_changed(request, draft, *refusal_messages(exc))
    except REFUSALS as exc:
        page.errors += refusal_messages(exc)
        return render(request, "plans/draft.html", page.context())
    if op != "import":
        done = {"delete": "已删除该项。", "merge": "已与上一项合并。"}.get(op.partition("-")[0])
        messages.success(request, done or "已保存核对结果。")
        return redirect("plans:draft", pk=draft.pk)
    options = page.import_form.cleaned_data
    try:
        plan = services.plan_import(
            draft=draft,
            report_months=options["report_months"],
            is_public=options["is_public"],
            expected=expected,
            **_kw(request),
        )
    except services.DraftChanged as exc:
        return _draft_changed(request, draft, *refusal_messages(exc))
    except REFUSALS as exc:
        fresh = DraftPage(draft)
        fresh.import_form = ImportForm(request.POST, prefix="import")
        context = fresh.context()
        context["import_refusal"] = refusal_messages(exc)
        return render(
            request,
            "plans/draft.html",
            context,
            status=403 if isinstance(exc, PermissionDenied) else 200,
        )
    messages.success(request, f"已导入《{plan.title}》：{plan.tasks.count()}项任务。")
    return redirect("plans:plan", pk=plan.pk)


@require_POST
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_for(request.user, pk)
    try:
        services.draft_discard(draft=draft, **_kw(request))
    except REFUSALS as exc:
        for text in refusal_messages(exc):
            messages.error(request, text)
        return redirect("plans:draft", pk=draft.pk)
    messages.success(request, f"已放弃解析稿“{draft.source_name}”。")
    return redirect("plans:index")


# ---- the overview of a plan -------------------------------------------------------------------


def _figures_context(fig: figures.Figures) -> dict[str, Any]:
    statuses = fig.total.by_status()
    most = max((n for _, _, n in statuses), default=0) or 1
    bars = [
        {
            "code": code,
            "label": label,
            "count": n,
            "width": round(n * 100 / most, 1),
            "css": STATUS_CSS.get(code, "text-bg-secondary").replace("text-bg-", "bg-"),
        }
        for code, label, n in statuses
    ]
    return {
        "figures": fig,
        "bars": bars,
        "on_time_rate": percent(fig.total.on_time_rate),
        "met_rate": percent(fig.total.met_rate),
    }


def plan_overview(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_overview(request, pk)


def _render_overview(request, pk: int, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    plan = selectors.plan_for(user, pk)
    if not may_overview(user, plan):
        return redirect(reverse("plans:mine") + f"?plan={plan.pk}")
    today = timezone.localdate()
    manage = selectors.can_manage(user, plan)
    tasks = selectors.tasks_for(user, plan=plan)
    state = request.GET.get("state", "")
    if state in TaskStatus.values:
        tasks = tasks.filter(state=state)
    page, query = _page(request, tasks)
    overdue = list(
        selectors.tasks_for(user, plan=plan)
        .filter(due_on__lt=today)
        .exclude(state=TaskStatus.DONE)
        .order_by("due_on", "position")[:100]
    )
    for task in [*page, *overdue]:
        task.css = STATUS_CSS.get(task.state, "")
    context = {
        "plan": plan,
        "today": today,
        "manage": manage,
        "page": page,
        "query": query,
        "state": state,
        "states": TaskStatus.choices,
        "overdue": overdue,
        "settings_form": bound.get("settings") or PlanSettingsForm.of(plan) if manage else None,
        "import_form": bound.get("import") or LedgerImportForm(prefix="xlsx") if manage else None,
        "import_report": bound.get("import_report"),
        "posted": bound.get("settings") or bound.get("import"),
        **_figures_context(figures.plan_figures(user, plan=plan, today=today)),
    }
    return render(request, "plans/plan.html", context, status=status)


@require_POST
def plan_settings(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk)
    if not selectors.can_manage(request.user, plan):
        raise PermissionDenied("只有负责该规划台账的司法局工作人员可以变更规划设置。")
    form = PlanSettingsForm.of(plan, request.POST)
    status = attempt(form, lambda d: services.plan_settings(plan=plan, **d, **_kw(request)))
    if status is None:
        messages.success(request, "已保存规划设置。")
        return redirect("plans:plan", pk=plan.pk)
    return _render_overview(request, plan.pk, status=status, settings=form)


def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk)
    data = exports.ledger_workbook(request.user, plan)
    response = HttpResponse(data, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="plan-{plan.pk}.xlsx"; '
        f"filename*=UTF-8''{quote(exports.file_name(plan))}"
    )
    return response


@require_POST
def plan_ledger_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for(request.user, pk)
    if not selectors.can_manage(request.user, plan):
        raise PermissionDenied("只有负责该规划台账的司法局工作人员可以导入任务分解表。")
    form = LedgerImportForm(request.POST, request.FILES, prefix="xlsx")
    if not form.is_valid():
        return _render_overview(request, plan.pk, **{"import": form})
    report = importing.ledger_import(plan=plan, upload=form.cleaned_data["file"], **_kw(request))
    if report.ok:
        messages.success(request, report.summary())
        for note in report.notes:
            messages.info(request, note)
        return redirect("plans:plan", pk=plan.pk)
    return _render_overview(request, plan.pk, import_report=report, **{"import": form})


# ---- a unit's tasks ---------------------------------------------------------------------------


def _periods(plan: Plan, today: date) -> list[tuple[date, date]]:
    """The reporting periods a unit may report for today: the one before (while the plan was
    imported before it ended) and the current one."""
    current = services.reporting_period(plan, today)
    previous = services.reporting_period(plan, current[0] - timedelta(days=1))
    out = [current]
    if timezone.localdate(plan.imported_at) <= previous[1]:
        out.insert(0, previous)
    return out


def my_tasks(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    plan = None
    if pk := request.GET.get("plan"):
        plan = selectors.plan_for(user, pk)
    sections = []
    for unit in report_posts_units(user):
        tasks = list(selectors.tasks_for(user, plan=plan, unit=unit))
        reports: dict[int, list[ProgressReport]] = {}
        for report in ProgressReport.objects.filter(task__in=tasks, unit=unit).order_by(
            "-period_start", "-pk"
        ):
            reports.setdefault(report.task_id, []).append(report)
        rows = []
        for task in tasks:
            start, end = services.reporting_period(task.plan, today)
            mine = reports.get(task.pk, [])
            rows.append(
                {
                    "task": task,
                    "css": STATUS_CSS.get(task.state, ""),
                    "period": (start, end),
                    "current": next((r for r in mine if r.period_start == start), None),
                    "returned": [r for r in mine if r.state == ReportState.RETURNED],
                    "role": next(
                        (tu.get_role_display() for tu in task.units.all() if tu.unit_id == unit.pk),
                        "",
                    ),
                }
            )
        sections.append({"unit": unit, "rows": rows})
    return render(
        request,
        "plans/mine.html",
        {"sections": sections, "plan": plan, "today": today},
    )


def _report_units(request, task: Task) -> list[Unit]:
    units = selectors.report_units(request.user, task)
    if not units:
        raise PermissionDenied(
            "您不是该任务牵头单位或责任单位的承办人员或单位管理员，不能报送进展。"
        )
    return units


def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_for(request.user, pk)
    units = _report_units(request, task)
    today = timezone.localdate()
    periods = _periods(task.plan, today)
    unit_id = units[0].pk
    asked = request.GET.get("unit", "")
    if asked.isdigit() and any(u.pk == int(asked) for u in units):
        unit_id = int(asked)
    reported = set(
        ProgressReport.objects.filter(task=task, unit_id=unit_id).values_list(
            "period_start", flat=True
        )
    )
    # the previous period while its report is due and not yet made, else the current one
    default = periods[-1]
    previous = periods[0]
    if (
        len(periods) > 1
        and previous[0] not in reported
        and today <= services.report_due_on(task.plan, previous[1])
    ):
        default = previous
    initial = {"unit": unit_id, "period_start": default[0].isoformat()}
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        periods=periods,
        targets=task.targets.all(),
        initial=initial,
    )
    status = 200
    if request.method == "POST":

        def call(data):
            unit = next(u for u in units if u.pk == data["unit"])
            services.report_submit(
                unit=unit,
                task=task,
                period_start=date.fromisoformat(data["period_start"]),
                text=data["text"],
                figures=form.figures(),
                claims_done=data["claims_done"],
                completed_on=data["completed_on"],
                files=data["files"],
                **_kw(request),
            )

        status = attempt(form, call)
        if status is None:
            messages.success(request, "已报送进展，等待司法局审核。")
            return redirect("plans:task", pk=task.pk)
    return render(
        request,
        "plans/report_form.html",
        {"task": task, "form": form, "report": None, "posted": form if form.is_bound else None},
        status=status,
    )


def report_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    task = selectors.task_for(request.user, report.task_id)
    units = _report_units(request, task)
    unit = next((u for u in units if u.pk == report.unit_id), None)
    if unit is None:
        raise PermissionDenied("只能修改本单位报送的进展报告。")
    if report.state != ReportState.RETURNED:
        messages.info(request, "该进展报告不是退回状态，无需重新报送。")
        return redirect("plans:task", pk=task.pk)
    initial = {
        "text": report.text,
        "claims_done": report.claims_done,
        "completed_on": report.completed_on,
        **{f"figure_{key}": value for key, value in (report.figures or {}).items()},
    }
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        units=[],
        periods=[],
        targets=task.targets.all(),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = attempt(
            form,
            lambda d: services.report_resubmit(
                unit=unit,
                report=report,
                text=d["text"],
                figures=form.figures(),
                claims_done=d["claims_done"],
                completed_on=d["completed_on"],
                files=d["files"],
                **_kw(request),
            ),
        )
        if status is None:
            messages.success(request, "已修改并重新报送，等待司法局审核。")
            return redirect("plans:task", pk=task.pk)
    return render(
        request,
        "plans/report_form.html",
        {"task": task, "form": form, "report": report, "posted": form if form.is_bound else None},
        status=status,
    )


# ---- one task ---------------------------------------------------------------------------------


def _render_task(request, pk: int, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    task = selectors.task_for(user, pk)
    plan = task.plan
    manage = selectors.can_manage(user, plan)
    reviewer = review_unit(user, plan.owner) is not None
    report_units = selectors.report_units(user, task)
    reports = list(selectors.reports_for(user, task).order_by("-period_start", "-submitted_at"))
    for report in reports:
        key = f"review-{report.pk}"
        report.form = None
        if reviewer and report.state == ReportState.SUBMITTED:
            report.form = bound.get(key) or ReviewForm(prefix=key)
        report.resubmit = report.state == ReportState.RETURNED and any(
            u.pk == report.unit_id for u in report_units
        )
        report.figure_rows = [(t, report.figures.get(str(t.pk))) for t in task.targets.all()]
    panels: dict[str, Any] = {}
    if manage:
        panels["edit"] = bound.get("edit") or TaskEditForm(
            prefix="edit",
            initial={
                "title": task.title,
                "text": task.text,
                "due_on": task.due_on,
                "period": task.period,
            },
        )
        units = tree_units(plan.owner)
        links = list(task.units.all())
        targets = list(task.targets.all())
        if targets:
            panels["target"] = bound.get("target") or TargetSourceForm(
                prefix="target",
                targets=targets,
                initial={"target": targets[0].pk, "source": targets[0].source},
            )
        panels["units"] = bound.get("units") or TaskUnitsForm(
            prefix="units",
            units=units,
            initial={
                "lead": [tu.unit_id for tu in links if tu.role == UnitRole.LEAD and tu.unit_id],
                "responsible": [
                    tu.unit_id for tu in links if tu.role == UnitRole.RESPONSIBLE and tu.unit_id
                ],
                "lead_external": "\n".join(
                    tu.external_name for tu in links if tu.role == UnitRole.LEAD and not tu.unit_id
                ),
                "responsible_external": "\n".join(
                    tu.external_name
                    for tu in links
                    if tu.role == UnitRole.RESPONSIBLE and not tu.unit_id
                ),
            },
        )
    steps = []
    if reviewer:
        if task.state in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS) and task.due_on is None:
            steps.append(("keep_up", "列为长期坚持"))
        if task.state == TaskStatus.LAGGING:
            steps.append(("catch_up", "恢复推进（已调整完成时限）"))
    posted = next(
        (f for f in bound.values() if f is not None and getattr(f, "is_bound", False)), None
    )
    return render(
        request,
        "plans/task.html",
        {
            "task": task,
            "plan": plan,
            "css": STATUS_CSS.get(task.state, ""),
            "links": list(task.units.all()),
            "targets": list(task.targets.all()),
            "reports": reports,
            "history": selectors.task_history(task, user),
            "manage": manage,
            "overview": may_overview(user, plan),
            "may_report": bool(report_units) and task.state != TaskStatus.DONE,
            "panels": panels,
            "steps": steps,
            "posted": posted,
            "step_errors": bound.get("step_errors"),
            "today": timezone.localdate(),
        },
        status=status,
    )


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_task(request, pk)


def _act(request, task: Task, form, call, done: str, anchor: str = "") -> HttpResponse:
    status = attempt(form, call)
    if status is None:
        messages.success(request, done)
        return redirect(reverse("plans:task", args=[task.pk]) + anchor)
    return _render_task(request, task.pk, status=status, **{form.prefix: form})


@require_POST
def task_action(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    user = request.user
    task = selectors.task_for(user, pk)
    if key == "edit":
        form = TaskEditForm(request.POST, prefix="edit")
        call = lambda d: services.task_update(task=task, **d, **_kw(request))  # noqa: E731
        return _act(request, task, form, call, "已调整任务。", "#task")
    if key == "units":
        form = TaskUnitsForm(request.POST, prefix="units", units=tree_units(task.plan.owner))

        def call(d):
            lead, responsible = form.lists()
            services.task_units_set(task=task, lead=lead, responsible=responsible, **_kw(request))

        return _act(request, task, form, call, "已调整责任单位。", "#units")
    if key == "target":
        form = TargetSourceForm(request.POST, prefix="target", targets=list(task.targets.all()))

        def call(d):
            target = form.targets[d["target"]]
            services.target_link(target=target, source=d["source"], **_kw(request))

        return _act(request, task, form, call, "已设置数据来源。", "#targets")
    steps = {
        "keep_up": (services.task_keep_up, "已列为长期坚持。"),
        "catch_up": (services.task_catch_up, "已恢复推进。"),
    }
    if key not in steps:
        raise Http404("没有这一办理事项。")
    service, done = steps[key]
    unit = review_unit(user, task.plan.owner)
    if unit is None:
        raise PermissionDenied("只有负责该规划台账的司法局法治机构审核人员可以办理。")
    try:
        service(unit=unit, task=task, **_kw(request))
    except REFUSALS as exc:
        code = 403 if isinstance(exc, PermissionDenied | StepForbidden) else 200
        return _render_task(request, task.pk, status=code, step_errors=refusal_messages(exc))
    messages.success(request, done)
    return redirect("plans:task", pk=task.pk)


@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report = selectors.report_for(user, pk)
    task = selectors.task_for(user, report.task_id)
    unit = review_unit(user, task.plan.owner)
    if unit is None:
        raise PermissionDenied("只有负责该规划台账的司法局法治机构审核人员可以审核进展报告。")
    key = f"review-{report.pk}"
    form = ReviewForm(request.POST, prefix=key)
    decision = request.POST.get("decision")
    if decision == "accept":
        call = lambda d: services.report_accept(  # noqa: E731
            unit=unit, report=report, comment=d["comment"], **_kw(request)
        )
        done = "已审核通过。"
    elif decision == "return":
        call = lambda d: services.report_return(  # noqa: E731
            unit=unit, report=report, comment=d["comment"], **_kw(request)
        )
        done = "已退回修改。"
    else:
        raise Http404("没有这一办理事项。")
    return _act(request, task, form, call, done, f"#report-{report.pk}")


# ---- reports waiting for review ---------------------------------------------------------------


def review_list(request: HttpRequest) -> HttpResponse:
    page, query = _page(request, selectors.reports_to_review(request.user))
    return render(request, "plans/review.html", {"page": page, "query": query})
