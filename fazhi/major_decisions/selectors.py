"""Every read of major decisions: scoped to the person, prefetched, no N+1. The public
selectors return only what the 条例 makes public (published catalogs, open solicitations,
published decisions of matters not exempt from disclosure)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from fazhi.core import policies
from fazhi.core.models import Person, Post

from . import procedures
from .models import (
    Attachment,
    Catalog,
    CatalogItem,
    Comment,
    CommentPeriod,
    Decision,
    ExecutionTask,
    Expert,
    Hearing,
    HearingState,
    ItemState,
)


def _ids(person: Person) -> frozenset[int] | None:
    return policies.unit_ids_for(person, policies.Action.VIEW)


def decisions_for(person: Person) -> QuerySet[Decision]:
    """The decisions a person may see: those of units they reach as lead unit, co-unit,
    decision body or execution unit (the legal affairs office reaches the units it
    supervises)."""
    qs = Decision.objects.select_related("body", "unit", "catalog_item__catalog")
    ids = _ids(person)
    if ids is None:
        return qs
    visible = Decision.objects.filter(
        Q(unit__in=ids) | Q(body__in=ids) | Q(co_units__in=ids) | Q(tasks__unit__in=ids)
    ).values("pk")
    return qs.filter(pk__in=visible)


def catalogs_for(person: Person) -> QuerySet[Catalog]:
    """Catalogs of bodies the person reaches, catalogs in which their unit proposed, catalogs
    being drawn up above their units, and published ones."""
    qs = Catalog.objects.select_related("unit")
    ids = _ids(person)
    if ids is None:
        return qs
    proposed = CatalogItem.objects.filter(Q(proposed_by__in=ids) | Q(lead_unit__in=ids)).values(
        "catalog"
    )
    return qs.filter(
        Q(unit__in=ids)
        | Q(pk__in=proposed)
        | Q(state="published")
        | Q(pk__in=_open_catalogs_above(person))
    )


def _open_catalogs_above(person: Person) -> list[int]:
    """Catalogs being drawn up by a body above one of the person's own units, to which the
    unit may propose matters (第十条(二)). Catalogs are few: one per body and year."""
    paths = list(Post.objects.active().filter(person=person).values_list("unit__path", flat=True))
    return [
        pk
        for pk, body_path in Catalog.objects.filter(state="drafting").values_list(
            "pk", "unit__path"
        )
        if any(path.startswith(body_path) for path in paths)
    ]


def items_for(person: Person, catalog: Catalog) -> QuerySet[CatalogItem]:
    """A catalog's items: all of them for the body's staff, else the published ones and the
    person's own units' proposals."""
    qs = catalog.items.select_related("lead_unit", "proposed_by", "added_by", "removed_by")
    ids = _ids(person)
    if ids is None or catalog.unit_id in ids:
        return qs
    return qs.filter(
        Q(state__in=(ItemState.INCLUDED, ItemState.REMOVED), catalog__state="published")
        | Q(proposed_by__in=ids)
        | Q(lead_unit__in=ids)
    )


def experts_for(person: Person) -> QuerySet[Expert]:
    """The pool: visible to staff with any post (the pool serves every drafting unit); phone
    numbers are shown by the views to the legal affairs office only."""
    if not (person.is_superuser or policies.roles_of(person)):
        return Expert.objects.none()
    return Expert.objects.select_related("unit").prefetch_related("conflicts")


def conflict_filter(decision: Decision) -> Q:
    """Conflicts that exclude an expert from `decision`: with it, or with its lead or co-units."""
    units = {decision.unit_id, *decision.co_units.values_list("pk", flat=True)}
    return Q(decision_id=decision.pk) | Q(unit_id__in=units)


def eligible_experts(decision: Decision, specialty: str = "") -> QuerySet[Expert]:
    """Active experts with no declared conflict with the decision or its units, in the
    specialty if given (matched within the declared specialties)."""
    from .models import Conflict

    conflicted = Conflict.objects.filter(conflict_filter(decision)).values("expert")
    qs = Expert.objects.filter(active=True).exclude(pk__in=conflicted)
    specialty = (specialty or "").strip()
    if specialty:
        qs = qs.filter(specialties__contains=specialty)
    return qs.order_by("pk")


def tasks_for(person: Person) -> QuerySet[ExecutionTask]:
    qs = ExecutionTask.objects.select_related("decision", "unit").prefetch_related("reports")
    ids = _ids(person)
    if ids is None:
        return qs
    return qs.filter(Q(unit__in=ids) | Q(decision__body__in=ids) | Q(decision__unit__in=ids))


def checklist(decision: Decision, today: date | None = None) -> list[tuple[str, list[str]]]:
    """Each mandatory step of the current round and what it still lacks (empty: done or waived
    with a recorded reason)."""
    today = today or timezone.localdate()
    review = procedures.latest_review(decision)
    if review is None or not review.opinion:
        legality = ["尚未经合法性审查"]
    elif review.opinion in ("unlawful", "returned"):
        legality = [f"审查意见：{review.get_opinion_display()}"]
    else:
        legality = []
    rows = [
        ("公众参与", procedures.participation_missing(decision, today)),
        ("听证会", procedures.hearing_missing(decision)),
        ("专家论证", procedures.expert_missing(decision)),
        ("风险评估", procedures.risk_missing(decision)),
        ("合法性审查", legality),
    ]
    done = set(decision.local_steps.filter(round=decision.round).values_list("code", flat=True))
    for step in procedures.local_steps():
        missing = [] if step["code"] in done else [f"尚未办理（{step['basis']}）"]
        rows.append((step["label"], missing))
    return rows


# ---- the portal -----------------------------------------------------------------------------


def public_catalogs() -> QuerySet[Catalog]:
    included = CatalogItem.objects.filter(
        state__in=(ItemState.INCLUDED, ItemState.REMOVED)
    ).select_related("lead_unit", "added_by", "removed_by", "decision")
    return (
        Catalog.objects.filter(state="published")
        .select_related("unit")
        .prefetch_related(Prefetch("items", queryset=included), "adjustments")
        .order_by("-year", "unit_id")
    )


def _public_decision() -> Q:
    return Q(decision__not_public_reason="")


def public_periods() -> QuerySet[CommentPeriod]:
    today = timezone.localdate()
    return (
        CommentPeriod.objects.filter(_public_decision(), opens_on__lte=today)
        .select_related("decision", "decision__unit", "decision__body")
        .order_by("-opens_on", "-pk")
    )


def public_solicitations(today: date | None = None) -> QuerySet[CommentPeriod]:
    today = today or timezone.localdate()
    return public_periods().filter(opens_on__lte=today, closes_on__gte=today)


def public_comments(period: CommentPeriod) -> QuerySet[Comment]:
    """A closed period's comments with their replies, once the feedback is published. The
    views show the text and the reply only: never the commenter."""
    if period.feedback_published_on is None:
        return Comment.objects.none()
    return period.comments.only(
        "pk", "period_id", "channel", "text", "reply", "reply_reason", "submitted_at"
    )


def public_decisions() -> QuerySet[Decision]:
    return (
        Decision.objects.filter(published_on__isnull=False, not_public_reason="")
        .select_related("body", "unit")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.filter(public=True)))
        .order_by("-published_on", "-pk")
    )


def public_hearings() -> QuerySet[Hearing]:
    return (
        Hearing.objects.filter(_public_decision())
        .exclude(state=HearingState.CANCELLED)
        .select_related("decision", "decision__unit", "decision__body")
        .order_by("-held_on", "-pk")
    )


def mask_name(name: str) -> str:
    """ "张三" → "张*", "欧阳娜娜" → "欧***"; empty stays empty."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)
