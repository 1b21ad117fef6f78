"""Every read of normative documents: staff reads scoped to the person, public reads limited to
what is published, and the figures for the annual report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from fazhi.core import policies
from fazhi.core.models import Person
from fazhi.core.policies import Action

from . import search
from .models import (
    Cleanup,
    CleanupItem,
    Comment,
    Document,
    Evaluation,
    Filing,
    LegalityReview,
    PrereviewFlag,
    Status,
    Version,
)

# ---- staff ------------------------------------------------------------------------------------


def _scoped(queryset: QuerySet, person: Person, action: Action, *fields: str) -> QuerySet:
    ids = policies.unit_ids_for(person, action)
    if ids is None:
        return queryset
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__in": ids})
    return queryset.filter(condition)


def versions_visible(person: Person, action: Action = Action.VIEW) -> QuerySet[Version]:
    """The versions a person may see: drafted by a unit they reach, or issued in its name."""
    return _scoped(
        Version.objects.select_related("document__issuer", "unit"),
        person,
        action,
        "unit",
        "document__issuer",
    ).order_by("-created_at", "-pk")


def version_get(person: Person, pk: int, action: Action = Action.VIEW) -> Version:
    try:
        return (
            versions_visible(person, action)
            .prefetch_related("co_drafters", "document__co_issuers")
            .get(pk=pk)
        )
    except (Version.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该文件，或您无权查看。") from None


def version_detail(version: Version) -> dict:
    """What the staff page of one version shows, in a fixed number of queries."""
    reviews = list(
        LegalityReview.objects.filter(version=version)
        .select_related("reviewing_unit", "reviewer")
        .prefetch_related(
            Prefetch("flags", queryset=PrereviewFlag.objects.select_related("other_version"))
        )
        .order_by("round")
    )
    return {
        "comments": list(version.comments.select_related("replied_by")),
        "competition_reviews": list(version.competition_reviews.select_related("reviewer")),
        "reviews": reviews,
        "current_review": reviews[-1] if reviews else None,
        "deliberations": list(version.deliberations.all()),
        "filings": list(version.filings.order_by("pk")),
        "evaluations": list(version.evaluations.select_related("evaluator")),
        "siblings": list(
            Version.objects.filter(document_id=version.document_id)
            .exclude(pk=version.pk)
            .order_by("number")
        ),
    }


def comment_get(person: Person, pk: int) -> Comment:
    comment = Comment.objects.select_related("version").filter(pk=pk).first()
    if comment is None or not policies.can(person, Action.VIEW, comment.version.unit_id):
        raise Http404("没有找到该意见。")
    return comment


def flag_get(person: Person, pk: int) -> PrereviewFlag:
    flag = PrereviewFlag.objects.select_related("review__version").filter(pk=pk).first()
    if flag is None or not policies.can(person, Action.VIEW, flag.review.version.unit_id):
        raise Http404("没有找到该提示。")
    return flag


def filings_visible(person: Person) -> QuerySet[Filing]:
    return _scoped(
        Filing.objects.select_related("document_version__document__issuer", "unit"),
        person,
        Action.VIEW,
        "unit",
    ).order_by("-created_at", "-pk")


def filing_get(person: Person, pk: int) -> Filing:
    try:
        return filings_visible(person).get(pk=pk)
    except (Filing.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该备案审查记录。") from None


def evaluations_visible(person: Person) -> QuerySet[Evaluation]:
    return _scoped(
        Evaluation.objects.select_related("version__document", "version__unit"),
        person,
        Action.VIEW,
        "version__unit",
    ).order_by("due_on", "pk")


def evaluation_get(person: Person, pk: int) -> Evaluation:
    try:
        return evaluations_visible(person).get(pk=pk)
    except (Evaluation.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该评估。") from None


def cleanups_visible(person: Person) -> QuerySet[Cleanup]:
    return _scoped(Cleanup.objects.select_related("unit"), person, Action.VIEW, "unit").annotate(
        item_count=Count("items")
    )


def cleanup_get(person: Person, pk: int) -> Cleanup:
    try:
        return cleanups_visible(person).get(pk=pk)
    except (Cleanup.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该清理。") from None


def cleanup_items(cleanup: Cleanup) -> QuerySet[CleanupItem]:
    return cleanup.items.select_related("version__document__issuer").order_by("pk")


def same_subject_in_force(version: Version, limit: int = 50) -> list[Version]:
    """Documents in force on the same subject under the same government, for the conflict
    check of the pre-review (政出多门)."""
    return list(
        Version.objects.in_force_on(timezone.localdate())
        .filter(document__subject=version.document.subject)
        .exclude(document_id=version.document_id)
        .only("pk", "title", "text")
        .order_by("-published_on")[:limit]
    )


# ---- status on a day --------------------------------------------------------------------------


def with_status(queryset: QuerySet[Version], day: date) -> QuerySet[Version]:
    """Annotate `status` (a Status value) on `day` and `later_effective` (when the next
    published version of the work takes effect), in SQL, so lists can filter on status."""
    later = (
        Version.objects.filter(
            document=OuterRef("document"), state="published", number__gt=OuterRef("number")
        )
        .order_by()
        .values("document")
        .annotate(first=Min("effective_on"))
        .values("first")
    )
    return queryset.annotate(later_effective=Subquery(later)).annotate(
        status=Case(
            When(~Q(state="published") | Q(published_on__gt=day), then=Value(Status.DRAFTING)),
            When(
                document__ended_on__lte=day,
                document__end_kind="repealed",
                then=Value(Status.REPEALED),
            ),
            When(document__ended_on__lte=day, then=Value(Status.DECLARED_INVALID)),
            When(later_effective__lte=day, then=Value(Status.AMENDED)),
            When(valid_until__lt=day, then=Value(Status.EXPIRED)),
            When(effective_on__gt=day, then=Value(Status.PENDING)),
            default=Value(Status.IN_FORCE),
            output_field=CharField(),
        )
    )


# ---- the public -------------------------------------------------------------------------------


@dataclass
class PublicQuery:
    """The portal's query: words, filters, and the day the status is computed for."""

    q: str = ""
    issuer: int | None = None
    year: int | None = None
    status: str = ""
    subject: str = ""
    on: date | None = None
    errors: list[str] = field(default_factory=list)


def public_versions(query: PublicQuery) -> QuerySet[Version]:
    """Published versions matching the portal query, with their status on `query.on`."""
    day = query.on or timezone.localdate()
    queryset = Version.objects.published().filter(published_on__lte=day)
    if query.issuer:
        queryset = queryset.filter(
            Q(document__issuer_id=query.issuer) | Q(document__co_issuers=query.issuer)
        ).distinct()
    if query.year:
        queryset = queryset.filter(published_on__year=query.year)
    if query.subject:
        queryset = queryset.filter(document__subject=query.subject)
    queryset = with_status(queryset, day)
    if query.status:
        queryset = queryset.filter(status=query.status)
    if query.q.strip():
        return search.search(queryset, query.q).select_related("document__issuer")
    return queryset.select_related("document__issuer").order_by("-published_on", "-pk")


def public_version_get(pk: int) -> Version:
    version = (
        with_status(Version.objects.published(), timezone.localdate())
        .select_related("document__issuer", "unit")
        .prefetch_related("document__co_issuers")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404("没有找到该文件。")
    return version


def public_history(version: Version) -> dict:
    """The public review history of a published version: its versions, how comments were
    used, the legality review and deliberation dates, filings, evaluations and cleanups."""
    versions = list(
        with_status(Version.objects.published(), timezone.localdate())
        .filter(document_id=version.document_id)
        .order_by("number")
    )
    return {
        "versions": versions,
        "comment_count": version.comments.count(),
        "replies": list(version.comments.exclude(reply="").order_by("submitted_at")),
        "reviews": list(
            version.legality_reviews.exclude(opinion="").select_related("reviewing_unit")
        ),
        "deliberations": list(version.deliberations.all()),
        "filings": list(version.filings.filter(kind="filing").order_by("pk")),
        "cleanups": list(
            CleanupItem.objects.filter(version__document_id=version.document_id)
            .exclude(cleanup__published_on=None)
            .select_related("cleanup")
        ),
    }


def commenting_drafts() -> QuerySet[Version]:
    """Drafts open for public comment today (the portal's 意见征集 list)."""
    today = timezone.localdate()
    return (
        Version.objects.filter(
            state="commenting", comment_opens_on__lte=today, comment_closes_on__gte=today
        )
        .select_related("document__issuer")
        .order_by("comment_closes_on", "pk")
    )


def public_issuers() -> QuerySet:
    from fazhi.core.models import Unit

    return Unit.objects.filter(
        Exists(Document.objects.filter(issuer=OuterRef("pk"), versions__state="published"))
    ).order_by("path")


# ---- figures ----------------------------------------------------------------------------------


@dataclass
class Figures:
    year: int
    made_by_unit: list[dict]
    reviews: int
    opinions: int
    filings_due: int
    filings_made: int
    filings_on_time: int
    corrections: int
    cleanup_outcomes: list[dict]
    overdue_evaluations: int

    @property
    def filing_rate(self) -> float | None:
        return self.filings_made / self.filings_due if self.filings_due else None

    @property
    def timeliness(self) -> float | None:
        return self.filings_on_time / self.filings_made if self.filings_made else None


def figures(person: Person, year: int) -> Figures:
    """The year's figures over the units the person reaches. 报备率: filings made, of those
    made or past their due date (a filing not yet due and not yet made is neither); 报备及时率:
    made on or before the due date, of those made."""
    today = timezone.localdate()
    versions = versions_visible(person).filter(state="published", published_on__year=year)
    made = list(
        versions.values(unit_name=F("unit__name"))
        .annotate(count=Count("pk"))
        .order_by("-count", "unit_name")
    )
    reviews = LegalityReview.objects.filter(
        version__in=versions_visible(person).values("pk"), reviewed_on__year=year
    ).aggregate(n=Count("pk"), items=Sum("opinion_items"))
    filings = filings_visible(person).filter(
        Q(due_on__lte=today) | Q(filed_on__isnull=False),
        kind="filing",
        document_version__published_on__year=year,
    )
    filing_counts = filings.aggregate(
        due=Count("pk"),
        made=Count("pk", filter=Q(filed_on__isnull=False)),
        on_time=Count("pk", filter=Q(filed_on__lte=F("due_on"))),
        corrected=Count("pk", filter=Q(outcome__in=("corrected", "revoked"))),
    )
    cleanup_outcomes = list(
        CleanupItem.objects.filter(
            cleanup__in=cleanups_visible(person).values("pk"), cleanup__published_on__year=year
        )
        .values("conclusion")
        .annotate(count=Count("pk"))
        .order_by("conclusion")
    )
    overdue = evaluations_visible(person).filter(done_on__isnull=True, due_on__lt=today).count()
    return Figures(
        year=year,
        made_by_unit=made,
        reviews=reviews["n"] or 0,
        opinions=reviews["items"] or 0,
        filings_due=filing_counts["due"],
        filings_made=filing_counts["made"],
        filings_on_time=filing_counts["on_time"],
        corrections=filing_counts["corrected"],
        cleanup_outcomes=cleanup_outcomes,
        overdue_evaluations=overdue,
    )


def years_with_documents() -> list[int]:
    return list(
        Version.objects.published()
        .annotate(year=ExtractYear("published_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


# ---- choices for the staff forms (added for the workspace pages) -------------------------------

DRAFTING_ROLES = ("handler", "unit_admin")


def drafting_units(person: Person, roles=DRAFTING_ROLES) -> list:
    """The units where the person holds an active post in one of `roles` (by default 承办人员
    or 单位管理员: a new draft's lead unit is one of them)."""
    from fazhi.core.models import Post

    posts = (
        Post.objects.active()
        .filter(person=person, role__in=list(roles))
        .select_related("unit")
        .order_by("unit__path")
    )
    units: dict[int, object] = {}
    for post in posts:
        if post.unit.is_active_on(timezone.localdate()):
            units.setdefault(post.unit_id, post.unit)
    return list(units.values())


def issuer_choices(person: Person) -> list:
    """Who may issue a draft of the person's units: the unit itself or an active ancestor,
    never an internal division (内设机构)."""
    from fazhi.core.models import Unit, UnitKind

    today = timezone.localdate()
    units: dict[int, object] = {}
    for unit in drafting_units(person):
        for candidate in [*Unit.objects.get_ancestors(unit), unit]:
            if candidate.kind != UnitKind.DIVISION and candidate.is_active_on(today):
                units.setdefault(candidate.pk, candidate)
    return sorted(units.values(), key=lambda u: u.path)


def reviewing_units() -> QuerySet:
    """The bodies a draft can be sent to for 合法性审核: 司法局 and 司法所 in office, and the
    科室 where a unit's own legal reviewers sit (115号 二（四）: which one fits the issuer is the
    guard's `reviewing_unit_given`)."""
    from fazhi.core.models import SUPERVISING_KINDS, Post, Unit, UnitKind

    today = timezone.localdate()
    own = Post.objects.active().filter(role="legal_reviewer", unit__kind=UnitKind.DIVISION)
    return (
        Unit.objects.filter(Q(kind__in=SUPERVISING_KINDS) | Q(pk__in=own.values("unit")))
        .filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .order_by("path")
    )


def acting_units(person: Person, record, roles) -> list:
    """The units in which the person could act on `record` in one of `roles`: their active
    posts in those roles whose reach covers the record's unit, first post first."""
    from fazhi.core.models import Post

    units: dict[int, object] = {}
    posts = (
        Post.objects.active()
        .filter(person=person, role__in=list(roles))
        .select_related("unit")
        .order_by("pk")
    )
    for post in posts:
        if policies.post_reaches(post.unit, post.role, record.unit_id, Action.CHANGE):
            units.setdefault(post.unit_id, post.unit)
    return list(units.values())


def published_visible(person: Person) -> QuerySet[Version]:
    """Published versions of works not ended, that the person sees (what a cleanup covers)."""
    return (
        versions_visible(person)
        .filter(state="published", document__ended_on__isnull=True)
        .order_by("-published_on", "-pk")
    )


def unit_named(name: str):
    """The unit called `name` (full or short name, or its number), or None."""
    from fazhi.core.models import Unit

    name = (name or "").strip()
    if not name:
        return None
    if name.isdigit():
        unit = Unit.objects.filter(pk=int(name)).first()
        if unit is not None:
            return unit
    return (
        Unit.objects.filter(name=name).order_by("path").first()
        or Unit.objects.filter(short_name=name).order_by("path").first()
    )


def import_person(unit, username: str | None = None):
    """Who imports for `unit` from the command line: the named user, else the unit's first
    active 单位管理员."""
    from fazhi.core.models import Post

    if username:
        return Person.objects.filter(username=username, is_active=True).first()
    post = (
        Post.objects.active()
        .filter(unit=unit, role="unit_admin", person__is_active=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return post.person if post else None


def public_draft_get(pk: int) -> Version:
    """A draft in its public comment period, for the portal's comment page (its text cannot be
    edited then); 404 before the period opens and once the round is closed or withdrawn."""
    version = (
        Version.objects.filter(comment_opens_on__lte=timezone.localdate(), state="commenting")
        .select_related("document__issuer", "unit")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404("没有找到该征求意见稿。")
    return version
