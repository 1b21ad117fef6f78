"""Every read of enforcement: scoped to the person (a body's people see its records; the legal
affairs office sees the bodies it supervises), prefetched, no N+1. The public selectors return
only what 执法公示 makes public, with natural persons' data masked."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from fazhi.core import policies
from fazhi.core.identity import mask_code, mask_name
from fazhi.core.models import Person

from .models import (
    Benchmark,
    Body,
    Certificate,
    CertificateStatus,
    Exemption,
    Item,
    Officer,
    PartyKind,
    PenaltyCase,
    Publication,
)


def _ids(person: Person) -> frozenset[int] | None:
    return policies.unit_ids_for(person, policies.Action.VIEW)


def _scoped(qs: QuerySet, person: Person, field: str) -> QuerySet:
    ids = _ids(person)
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


def _get(qs: QuerySet, pk):
    """One record within reach, else 404 (a record out of reach is never revealed to exist)."""
    try:
        return qs.get(pk=int(pk))
    except (ValueError, TypeError, qs.model.DoesNotExist):
        raise Http404("记录不存在或您无权查看。") from None


# ---- staff ---------------------------------------------------------------------------------------


def bodies_for(person: Person) -> QuerySet[Body]:
    return _scoped(Body.objects.select_related("unit", "entrusted_by"), person, "unit")


def body_for(person: Person, pk) -> Body:
    return _get(bodies_for(person), pk)


def officers_for(person: Person) -> QuerySet[Officer]:
    return _scoped(
        Officer.objects.select_related("person", "body__unit").prefetch_related("certificates"),
        person,
        "body__unit",
    )


def officer_for(person: Person, pk) -> Officer:
    return _get(officers_for(person).prefetch_related("trainings", "exams"), pk)


def items_for(person: Person) -> QuerySet[Item]:
    return _scoped(Item.objects.select_related("body__unit"), person, "body__unit")


def item_for(person: Person, pk) -> Item:
    return _get(
        items_for(person).prefetch_related(
            Prefetch("benchmarks", queryset=Benchmark.objects.prefetch_related("rows")),
            "exemptions",
            "checklist",
        ),
        pk,
    )


def cases_for(person: Person) -> QuerySet[PenaltyCase]:
    return _scoped(PenaltyCase.objects.select_related("body__unit", "item", "unit"), person, "unit")


def case_for(person: Person, pk) -> PenaltyCase:
    return _get(
        cases_for(person)
        .select_related("benchmark_row__benchmark", "exemption")
        .prefetch_related(
            "case_officers__officer__person",
            "evidence",
            "preservations",
            "notices",
            "statements",
            "hearings__chair",
            "reviews__reviewer",
            "discussions",
            "extensions",
            "arrangements",
            "payments",
            "challenges",
            "transfers",
        ),
        pk,
    )


def benchmark_rows(item: Item, on: date | None = None):
    """The rows of the benchmark in force on `on` (today) for `item`."""
    day = on or timezone.localdate()
    benchmark = item.benchmarks.filter(effective_from__lte=day).order_by("-effective_from").first()
    return list(benchmark.rows.all()) if benchmark else []


def exemptions_in_force(item: Item, on: date | None = None) -> list[Exemption]:
    day = on or timezone.localdate()
    return list(
        item.exemptions.filter(effective_from__lte=day).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gt=day)
        )
    )


def assignable_officers(case: PenaltyCase, on: date | None = None) -> list[Officer]:
    """The body's enforcement officers with a certificate valid on `on` (today)."""
    day = on or timezone.localdate()
    officers = (
        Officer.objects.filter(body_id=case.body_id, duty="enforcement", active=True)
        .select_related("person")
        .prefetch_related("certificates")
    )
    return [o for o in officers if any(c.valid_on(day) for c in o.certificates.all())]


# ---- masking -------------------------------------------------------------------------------------


def mask_party(case: PenaltyCase) -> tuple[str, str]:
    """The party's name and code as the public may see them: an organization's in full, a
    natural person's masked (个人信息保护法; 双公示 rules)."""
    if case.party_kind == PartyKind.PERSON:
        return mask_name(case.party_name), mask_code(case.party_code)
    return case.party_name, case.party_code


# ---- public --------------------------------------------------------------------------------------


def public_bodies() -> QuerySet[Body]:
    return Body.objects.select_related("unit", "entrusted_by").order_by("unit__path")


def public_officers() -> QuerySet[Officer]:
    """Officers with their certificates (执法公示 of 主体和人员)."""
    return (
        Officer.objects.filter(active=True, duty="enforcement")
        .select_related("person", "body__unit")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("-valid_to"))
        )
    )


def certificate_by_token(token: str) -> Certificate:
    try:
        return Certificate.objects.select_related("officer__person", "officer__body__unit").get(
            token=str(token)[:40]
        )
    except Certificate.DoesNotExist:
        raise Http404("未找到该执法证件。") from None


def certificate_state(certificate: Certificate, on: date | None = None) -> str:
    """What the verification page says: 有效 / 已过期 / 尚未生效 / 暂扣 / 注销."""
    day = on or timezone.localdate()
    if certificate.status == CertificateStatus.CANCELLED:
        return "已注销"
    if certificate.status == CertificateStatus.SUSPENDED:
        return "暂扣"
    if day < certificate.valid_from:
        return "尚未生效"
    if day > certificate.valid_to:
        return "已过期"
    return "有效"


def public_publications(on: date | None = None) -> QuerySet[Publication]:
    """Publications on view on `on` (today): published, not withdrawn, not ended."""
    day = on or timezone.localdate()
    return (
        Publication.objects.filter(
            published_on__lte=day,
            withdrawn_on__isnull=True,
            ended_early_on__isnull=True,
        )
        # 营商条例第七十三条第二款: a decision not yet performed stays public past the period.
        .filter(Q(ends_on__gte=day) | Q(case__state="executing"))
        .select_related("case__body__unit")
        .order_by("-published_on", "-id")
    )


def withdrawn_publications() -> QuerySet[Publication]:
    """Withdrawn publications stay listed with the public reason (处罚法第四十八条第二款)."""
    return Publication.objects.filter(withdrawn_on__isnull=False).select_related("case__body__unit")


# ---- public reads of the portal (added for portal_views.py) -------------------------------------
# An additive block: what the 执法公示 pages at /enforcement/ read besides the selectors above.


def public_items() -> QuerySet[Item]:
    """The powers list as published: the active items of every body."""
    return Item.objects.filter(active=True).select_related("body__unit").order_by("body_id", "code")


def public_item(pk) -> Item:
    """An item with its benchmark versions (newest first, rows prefetched) and exemption
    entries; 404 when unknown. An item taken off the list stays readable (its benchmarks
    governed past decisions)."""
    return _get(
        Item.objects.select_related("body__unit").prefetch_related(
            Prefetch(
                "benchmarks",
                queryset=Benchmark.objects.order_by("-effective_from").prefetch_related("rows"),
            ),
            Prefetch("exemptions", queryset=Exemption.objects.order_by("kind", "effective_from")),
        ),
        pk,
    )


def public_body(pk) -> Body:
    return _get(public_bodies(), pk)


def public_exemptions(on: date | None = None) -> QuerySet[Exemption]:
    """The no-penalty and first-offence lists in force on `on` (today), of active items."""
    day = on or timezone.localdate()
    return (
        Exemption.objects.filter(item__active=True, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=day))
        .select_related("item__body__unit")
        .order_by("kind", "item__body_id", "item__code", "id")
    )


def search_public_officers(q: str = "") -> QuerySet[Officer]:
    """Certified officers (public_officers with at least one certificate) whose name or
    certificate number contains `q`."""
    officers = public_officers().filter(certificates__isnull=False)
    if q:
        officers = officers.filter(
            Q(person__name__icontains=q) | Q(certificates__number__icontains=q)
        )
    return officers.distinct().order_by("body__unit__path", "person__name", "id")


def search_public_publications(
    *,
    on: date | None = None,
    body: int | None = None,
    decided_from: date | None = None,
    decided_to: date | None = None,
    q: str = "",
) -> QuerySet[Publication]:
    """Publications on view, filtered by body and decision date; `q` matches the published
    party name or decision number only (never the case's own, unmasked fields)."""
    publications = public_publications(on)
    if body is not None:
        publications = publications.filter(case__body_id=body)
    if decided_from is not None:
        publications = publications.filter(case__decided_on__gte=decided_from)
    if decided_to is not None:
        publications = publications.filter(case__decided_on__lte=decided_to)
    if q:
        publications = publications.filter(
            Q(fields__party_name__icontains=q) | Q(fields__decision_number__icontains=q)
        )
    return publications


def public_statistics() -> QuerySet:
    from .models import AnnualStatistics

    return AnnualStatistics.objects.select_related("body__unit").order_by(
        "-year", "body__unit__path"
    )


def public_plans() -> QuerySet:
    """Random-inspection plans once committed (their pools and seed commitment published)."""
    from .models import InspectionPlan

    return (
        InspectionPlan.objects.filter(committed_at__isnull=False)
        .select_related("body__unit")
        .prefetch_related("joint_bodies__unit", "items")
        .order_by("-year", "-committed_at", "-id")
    )


def public_plan(pk):
    from .models import Inspection

    return _get(
        public_plans().prefetch_related(
            Prefetch(
                "inspections",
                queryset=Inspection.objects.select_related("entity")
                .prefetch_related("officers__person", "findings__line")
                .order_by("order"),
            )
        ),
        pk,
    )


def public_campaigns() -> QuerySet:
    """Case-file evaluation campaigns once committed."""
    from .models import Campaign

    return (
        Campaign.objects.filter(committed_at__isnull=False)
        .select_related("organizer", "standard")
        .prefetch_related("bodies__unit")
        .order_by("-year", "-committed_at", "-id")
    )


def public_campaign(pk):
    from .models import CaseFile

    return _get(
        public_campaigns().prefetch_related(
            Prefetch(
                "files",
                queryset=CaseFile.objects.select_related("case__body__unit").order_by("order"),
            )
        ),
        pk,
    )


# ---- random inspections and case-file evaluation (added for inspection_views.py) ---------------
# An additive block: the staff reads of 双随机、一公开 and 案卷评查. A plan is seen by the people
# of its lead and joint bodies (and those who supervise them); a campaign by its organizer and
# the people of the bodies it evaluates, who see only their own bodies' files.


def entities_for(person: Person, q: str = "") -> QuerySet:
    """The inspection targets (a shared register) for people of an enforcement body or of the
    office that supervises them; nothing for anyone else."""
    from .models import Entity

    if not bodies_for(person).exists():
        return Entity.objects.none()
    entities = Entity.objects.select_related("street").order_by("code")
    q = (q or "").strip()
    if q:
        entities = entities.filter(Q(code__startswith=q.upper()) | Q(name__icontains=q))
    return entities


def plans_for(person: Person) -> QuerySet:
    from .models import InspectionPlan

    plans = InspectionPlan.objects.select_related("body__unit", "created_by")
    ids = _ids(person)
    if ids is None:
        return plans
    visible = InspectionPlan.objects.filter(
        Q(body__unit__in=ids) | Q(joint_bodies__unit__in=ids)
    ).values("pk")
    return plans.filter(pk__in=visible)


def plan_for(person: Person, pk):
    return _get(plans_for(person).prefetch_related("joint_bodies__unit", "items__body__unit"), pk)


def plan_inspections(plan) -> QuerySet:
    """A plan's drawn inspections in draw order, with entity, officers and findings."""
    return (
        plan.inspections.select_related("entity__street")
        .prefetch_related("officers__person", "officers__certificates", "findings")
        .order_by("order")
    )


def inspection_for(person: Person, pk):
    from .models import Inspection

    return _get(
        Inspection.objects.filter(plan__in=plans_for(person).values("pk"))
        .select_related("plan__body__unit", "entity__street")
        .prefetch_related("officers__person", "officers__body__unit", "findings__line"),
        pk,
    )


def conflicts_for(person: Person) -> QuerySet:
    from .models import OfficerConflict

    return _scoped(
        OfficerConflict.objects.select_related("officer__person", "officer__body__unit", "entity"),
        person,
        "officer__body__unit",
    ).order_by("-declared_on", "-id")


def standards_for(person: Person) -> QuerySet:
    from .models import Standard

    return _scoped(
        Standard.objects.select_related("owner").prefetch_related("criteria"), person, "owner"
    )


def standard_for(person: Person, pk):
    return _get(standards_for(person), pk)


def campaigns_for(person: Person) -> QuerySet:
    from .models import Campaign

    campaigns = Campaign.objects.select_related("organizer", "standard", "created_by")
    ids = _ids(person)
    if ids is None:
        return campaigns
    visible = Campaign.objects.filter(Q(organizer__in=ids) | Q(bodies__unit__in=ids)).values("pk")
    return campaigns.filter(pk__in=visible)


def campaign_for(person: Person, pk):
    return _get(campaigns_for(person).prefetch_related("bodies__unit", "standard__criteria"), pk)


def campaign_files_for(person: Person, campaign) -> QuerySet:
    """The drawn files of a campaign the person may see: all for the organizer's people, a
    body's own files for the body's people."""
    files = (
        campaign.files.select_related("case__body__unit", "case__item", "reviewer")
        .prefetch_related("rectifications")
        .order_by("order")
    )
    ids = _ids(person)
    if ids is None or campaign.organizer_id in ids:
        return files
    return files.filter(case__body__unit__in=ids)


def case_file_for(person: Person, pk):
    from .models import CaseFile

    files = CaseFile.objects.filter(campaign__in=campaigns_for(person).values("pk"))
    ids = _ids(person)
    if ids is not None:
        files = files.filter(Q(campaign__organizer__in=ids) | Q(case__body__unit__in=ids))
    return _get(
        files.select_related(
            "campaign__standard",
            "campaign__organizer",
            "case__body__unit",
            "case__item",
            "reviewer",
        ).prefetch_related("marks__criterion", "rectifications", "campaign__standard__criteria"),
        pk,
    )
