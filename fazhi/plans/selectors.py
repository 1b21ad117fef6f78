"""Every read of the plan ledger, scoped to the person.

Who sees what: the legal affairs office (法治机构审核人员 and 单位管理员 of the 司法局 that
supervises the plan's owner) and anyone whose posts reach the owner itself (its leaders) see
every task of the owner's plans; a department, street or township sees the plans that name it
and, of those, the tasks it is lead or responsible unit of (`policies.unit_ids_for`, which also
covers units whose duties it took over). A task out of reach is 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from fazhi.core import policies
from fazhi.core.models import GOVERNMENT_KINDS, Person, Post, Role, Unit, UnitKind
from fazhi.ledger.events import EventType
from fazhi.ledger.models import LedgerEntry
from fazhi.ledger.selectors import entries_for
from fazhi.procedures.models import StepRecord
from fazhi.procedures.selectors import history as step_history

from .events import PlanEvent
from .models import Plan, PlanDraft, ProgressReport, ReportState, Target, Task, TaskUnit

OFFICE_ROLES = (Role.LEGAL_REVIEWER, Role.UNIT_ADMIN)
REPORT_ROLES = (Role.HANDLER, Role.UNIT_ADMIN)


# ---- the legal affairs office ------------------------------------------------------------------


def _supervised_root(unit: Unit) -> Unit | None:
    """The unit whose subtree a 司法局 post (or a post in one of its 科室) supervises: the
    government above it. None for a post outside a 司法局."""
    body = unit
    if unit.kind == UnitKind.DIVISION:
        body = Unit.objects.get_parent(unit)
    if body is None or body.kind != UnitKind.LEGAL_OFFICE:
        return None
    return Unit.objects.get_parent(body) if body.depth > 1 else body


def office_posts(person: Person, owner: Unit, roles=OFFICE_ROLES) -> list[Post]:
    """The person's active posts in the 司法局 (or its 科室) that supervises `owner`, in one of
    `roles`: the posts through which they keep the owner's plan ledger."""
    if not person.is_authenticated or not person.is_active:
        return []
    posts = (
        Post.objects.active()
        .filter(person=person, role__in=tuple(roles))
        .select_related("unit")
        .order_by("pk")
    )
    out = []
    for post in posts:
        root = _supervised_root(post.unit)
        if root is not None and owner.path.startswith(root.path):
            out.append(post)
    return out


def can_manage(person: Person, plan_or_owner: Plan | Unit) -> bool:
    """Whether the person keeps the ledger of the owner's plans: a 法治机构审核人员 or 单位管理员
    of the 司法局 that supervises the owner (superusers too)."""
    owner = plan_or_owner.owner if isinstance(plan_or_owner, Plan) else plan_or_owner
    if person.is_authenticated and person.is_active and person.is_superuser:
        return True
    return bool(office_posts(person, owner))


def can_review(person: Person, plan_or_owner: Plan | Unit) -> bool:
    """Whether the person may review progress reports and take the office's steps (as
    法治机构审核人员: the role the procedures name)."""
    owner = plan_or_owner.owner if isinstance(plan_or_owner, Plan) else plan_or_owner
    return bool(office_posts(person, owner, roles=(Role.LEGAL_REVIEWER,)))


def owners_kept(person: Person) -> list[Unit]:
    """The governments whose plan ledgers the person keeps (法治机构审核人员 or 单位管理员 of
    the 司法局, or one of its 科室, that supervises them), in tree order: those a plan can be
    uploaded for. Every government for a superuser."""
    if not person.is_authenticated or not person.is_active:
        return []
    if person.is_superuser:
        return list(Unit.objects.filter(kind__in=GOVERNMENT_KINDS).order_by("path"))
    owners: dict[int, Unit] = {}
    posts = Post.objects.active().filter(person=person, role__in=OFFICE_ROLES)
    for post in posts.select_related("unit").order_by("pk"):
        root = _supervised_root(post.unit)
        if root is not None and root.kind != UnitKind.DIVISION:
            owners.setdefault(root.pk, root)
    return sorted(owners.values(), key=lambda u: u.path)


def _managed_owner_condition(person: Person, field: str, roles=OFFICE_ROLES) -> Q:
    """Rows whose owner (at `field`, a Unit path lookup prefix) a 司法局 post of the person
    supervises."""
    condition = Q(pk__in=[])
    posts = Post.objects.active().filter(person=person, role__in=tuple(roles))
    for post in posts.select_related("unit"):
        root = _supervised_root(post.unit)
        if root is not None:
            condition |= Q(**{f"{field}__path__startswith": root.path})
    return condition


# ---- plans and tasks ---------------------------------------------------------------------------


def _ids(person: Person) -> frozenset[int] | None:
    return policies.unit_ids_for(person, policies.Action.VIEW)


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=int(pk))
    except (ValueError, TypeError, qs.model.DoesNotExist):
        raise Http404("记录不存在或您无权查看。") from None


def drafts_for(person: Person) -> QuerySet[PlanDraft]:
    """Drafts the person may review: those of owners whose ledger they keep."""
    qs = PlanDraft.objects.select_related("owner", "created_by")
    if person.is_superuser:
        return qs
    return qs.filter(_managed_owner_condition(person, "owner"))


def draft_for(person: Person, pk) -> PlanDraft:
    return _get(drafts_for(person), pk)


def plans_for(person: Person) -> QuerySet[Plan]:
    """Plans whose owner the person reaches or keeps, or that give one of the person's units
    a task."""
    qs = Plan.objects.select_related("owner", "imported_by")
    ids = _ids(person)
    if ids is None:
        return qs
    named = TaskUnit.objects.filter(task__plan=OuterRef("pk"), unit__in=ids)
    answering = Task.objects.filter(plan=OuterRef("pk"), unit__in=ids)
    return qs.filter(
        Q(owner__in=ids)
        | _managed_owner_condition(person, "owner")
        | Exists(named)
        | Exists(answering)
    )


def plan_for(person: Person, pk) -> Plan:
    return _get(plans_for(person), pk)


def _task_queryset() -> QuerySet[Task]:
    return (
        Task.objects.select_related("plan", "plan__owner", "unit")
        .prefetch_related(
            Prefetch("units", queryset=TaskUnit.objects.select_related("unit")),
            Prefetch("targets", queryset=Target.objects.order_by("position", "pk")),
        )
        .order_by("plan", "position")
    )


def tasks_for(
    person: Person,
    *,
    plan: Plan | None = None,
    state: str | None = None,
    unit: Unit | None = None,
) -> QuerySet[Task]:
    """The tasks the person sees (every task of a plan whose owner they reach or keep; else
    the tasks their units lead or are responsible for), with units and targets prefetched.
    `unit` keeps the tasks that unit answers for or is named on."""
    qs = _task_queryset()
    ids = _ids(person)
    if ids is not None:
        named = TaskUnit.objects.filter(task=OuterRef("pk"), unit__in=ids)
        qs = qs.filter(
            Q(plan__owner__in=ids)
            | _managed_owner_condition(person, "plan__owner")
            | Q(unit__in=ids)
            | Exists(named)
        )
    if plan is not None:
        qs = qs.filter(plan=plan)
    if state:
        qs = qs.filter(state=state)
    if unit is not None:
        on_task = TaskUnit.objects.filter(task=OuterRef("pk"), unit=unit)
        qs = qs.filter(Q(unit=unit) | Exists(on_task))
    return qs


def task_for(person: Person, pk) -> Task:
    return _get(tasks_for(person), pk)


def report_units(person: Person, task: Task) -> list[Unit]:
    """The units named on the task in which the person may report (a 承办人员 or 单位管理员
    post in the unit itself)."""
    named = [tu.unit_id for tu in task.units.all() if tu.unit_id]
    posts = (
        Post.objects.active()
        .filter(person=person, role__in=REPORT_ROLES, unit_id__in=named)
        .select_related("unit")
    )
    out = {post.unit_id: post.unit for post in posts}
    return sorted(out.values(), key=lambda u: u.path)


# ---- reports -----------------------------------------------------------------------------------


def _report_queryset() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.select_related(
        "task", "task__plan", "task__plan__owner", "unit", "submitted_by", "reviewed_by"
    ).prefetch_related("files")


def reports_for(person: Person, task: Task) -> QuerySet[ProgressReport]:
    """The reports of a task the person sees: all of them for the office and whoever reaches
    the owner; else their own units' reports."""
    qs = _report_queryset().filter(task=task)
    ids = _ids(person)
    if ids is None or task.plan.owner_id in ids or can_manage(person, task.plan):
        return qs
    return qs.filter(unit__in=ids)


def report_for(person: Person, pk) -> ProgressReport:
    """One report: through its task's reach, and the unit's own or the office's."""
    qs = _report_queryset()
    ids = _ids(person)
    if ids is not None:
        qs = qs.filter(
            Q(unit__in=ids)
            | Q(task__plan__owner__in=ids)
            | _managed_owner_condition(person, "task__plan__owner")
        )
    return _get(qs, pk)


def reports_to_review(person: Person) -> QuerySet[ProgressReport]:
    """Submitted reports waiting for this person's office (法治机构审核人员 of the 司法局 that
    supervises the plan's owner), oldest first."""
    qs = _report_queryset().filter(state=ReportState.SUBMITTED)
    if not person.is_superuser:
        qs = qs.filter(
            _managed_owner_condition(person, "task__plan__owner", roles=(Role.LEGAL_REVIEWER,))
        )
    return qs.order_by("submitted_at", "pk")


# ---- the public portal ------------------------------------------------------------------------


def public_plans() -> QuerySet[Plan]:
    """The plans the office chose to publish (`Plan.is_public`), with only the fields the
    portal shows (no person) and their owner in the same query."""
    return (
        Plan.objects.filter(is_public=True)
        .select_related("owner")
        .only(
            "pk",
            "title",
            "doc_number",
            "issuers",
            "published_on",
            "imported_at",
            "owner__name",
        )
    )


def public_tasks(plan: Plan) -> QuerySet[Task]:
    """The tasks of a published plan, in the plan's order, with their units prefetched and
    only the fields the portal shows. The caller found `plan` through `public_plans`."""
    links = TaskUnit.objects.select_related("unit").only(
        "task_id", "role", "unit__name", "external_name", "written", "position"
    )
    return (
        Task.objects.filter(plan=plan, plan__is_public=True)
        .select_related("unit")
        .prefetch_related(Prefetch("units", queryset=links))
        .only(
            "pk",
            "plan_id",
            "position",
            "number",
            "section",
            "title",
            "state",
            "due_on",
            "period",
            "completed_on",
            "latest_progress",
            "unit__name",
        )
        .order_by("position")
    )


# ---- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    kind: (
        str  # "report" (submitted, resubmitted) | "review" (accepted, returned) | "step" | "ledger"
    )
    title: str
    actor: str
    unit: str
    obj: Any
    detail: str = ""  # the review's comment


def _report_label(report: ProgressReport) -> str:
    return f"{report.unit.name}{report.period_start:%Y年%m月}起的进展报告"


def _first_submissions(reports: list[ProgressReport]) -> dict[int, LedgerEntry]:
    """Each report's first 报送 as the ledger recorded it (one query for all the reports)."""
    if not reports:
        return {}
    entries = LedgerEntry.objects.filter(
        record_type=ProgressReport._meta.label_lower,
        record_id__in=[str(r.pk) for r in reports],
        event=PlanEvent.REPORT_SUBMIT,
    ).order_by("seq")
    first: dict[int, LedgerEntry] = {}
    for entry in entries.only("record_id", "occurred_at", "actor_name", "unit_name", "seq"):
        first.setdefault(int(entry.record_id), entry)
    return first


def _report_steps(reports: list[ProgressReport]) -> list[StepRecord]:
    """Every review act (审核通过, 退回修改 with its comment) and 重新报送 of the reports, in
    one query."""
    if not reports:
        return []
    kind = ContentType.objects.get_for_model(ProgressReport, for_concrete_model=True)
    return list(
        StepRecord.objects.filter(content_type=kind, object_id__in=[r.pk for r in reports])
        .select_related("actor", "unit")
        .order_by("occurred_at", "version", "pk")
    )


def task_history(task: Task, person: Person | None = None) -> list[HistoryItem]:
    """The task's steps, every act on its reports (报送, 退回修改 with the comment, 修改后重新
    报送, 审核通过 with the comment — from the reports' procedure steps, so a later review
    does not hide an earlier return) and its other ledger entries (edits, changes of units),
    oldest first, in a fixed number of queries. The caller reached `task` through
    `task_for`; with `person`, only the reports that person sees (`reports_for`)."""
    items: list[HistoryItem] = []
    procedure = Task.procedure()
    for step in step_history(task):
        label = procedure.step(step.step).label if procedure.has_step(step.step) else step.step
        items.append(
            HistoryItem(
                step.occurred_at,
                "step",
                label,
                step.actor.name if step.actor_id else "依规划自动",
                step.unit.name if step.unit_id else "",
                step,
            )
        )
    if person is None:
        reports_qs = task.reports.select_related("unit", "submitted_by")
    else:
        reports_qs = reports_for(person, task)
    reports = list(reports_qs)
    by_pk = {report.pk: report for report in reports}
    firsts = _first_submissions(reports)
    steps = _report_steps(reports)
    resubmitted = {step.object_id for step in steps if step.step == "resubmit"}
    for report in reports:
        entry = firsts.get(report.pk)
        if entry is not None:
            at, actor, unit = entry.occurred_at, entry.actor_name, entry.unit_name
        elif report.pk not in resubmitted:  # no ledger entry: the report as it stands
            at, actor, unit = report.submitted_at, report.submitted_by.name, report.unit.name
        else:
            continue
        items.append(HistoryItem(at, "report", f"报送{_report_label(report)}", actor, unit, report))
    report_procedure = ProgressReport.procedure()
    for step in steps:
        report = by_pk[step.object_id]
        label = (
            report_procedure.step(step.step).label
            if report_procedure.has_step(step.step)
            else step.step
        )
        if step.step == "resubmit":
            kind, title = "report", f"{label}{_report_label(report)}"
        else:
            verdict = report_procedure.state(step.to_state).label  # 已通过 / 已退回
            kind, title = "review", f"审核进展报告：{verdict}（{_report_label(report)}）"
        items.append(
            HistoryItem(
                step.occurred_at,
                kind,
                title,
                step.actor.name if step.actor_id else "",
                step.unit.name if step.unit_id else "",
                report,
                str(step.data.get("comment") or "") if kind == "review" else "",
            )
        )
    for entry in entries_for(task).exclude(event=EventType.PROCEDURE_STEP):
        items.append(
            HistoryItem(
                entry.occurred_at,
                "ledger",
                entry.event_name,
                entry.actor_name,
                entry.unit_name,
                entry,
            )
        )
    order = {"report": 0, "review": 1, "step": 2, "ledger": 3}  # a review, then its step
    items.sort(key=lambda item: (item.at, order[item.kind]))
    return items
