"""Every write on normative documents: one transaction each, through the procedure engine for
the steps of the law, and into the ledger.

A published text is never edited: `amendment_start` opens a new version, `document_end`
repeals or declares a work invalid; both leave the published versions as they were.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core.models import Person, Post, Unit, UnitKind
from fazhi.core.policies import Action, post_reaches
from fazhi.deadlines import services as deadline_services
from fazhi.ledger import services as ledger
from fazhi.ledger.services import record_for_post as _record
from fazhi.procedures.services import step_take

from . import search
from .events import NormdocEvent
from .models import (
    Channel,
    Cleanup,
    CleanupItem,
    Comment,
    Deliberation,
    Document,
    Evaluation,
    EvaluationConclusion,
    EvaluationKind,
    FairCompetitionConclusion,
    FairCompetitionReview,
    Filing,
    FilingBody,
    FilingKind,
    FlagDecision,
    LegalityReview,
    PrereviewFlag,
    Reply,
    Subject,
    Version,
)
from .procedures import FILING

DRAFTERS = ("handler", "unit_admin")
REVIEWERS = ("legal_reviewer",)

EDITABLE_FIELDS = (
    "title",
    "text",
    "necessity",
    "feasibility",
    "impact",
    "legal_basis",
    "drafter_opinion",
    "affects_rights",
    "concerns_business",
)


# ---- who may act ------------------------------------------------------------------------------


def _acting_post(actor: Person, unit_id: int, roles: tuple[str, ...]) -> Post:
    """The actor's active post, in one of `roles`, that reaches unit `unit_id`; else refused."""
    posts = Post.objects.active().filter(person=actor, role__in=roles).select_related("unit")
    for post in posts:
        if post_reaches(post.unit, post.role, unit_id, Action.CHANGE):
            return post
    raise PermissionDenied("您无权办理该文件。")


def _require_drafter(actor: Person, version: Version) -> Post:
    return _acting_post(actor, version.unit_id, DRAFTERS)


def _require_reviewer(actor: Person, unit_id: int) -> Post:
    return _acting_post(actor, unit_id, REVIEWERS)


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# ---- drafting ---------------------------------------------------------------------------------


def _check_issuer(issuer: Unit, unit: Unit | None = None, *, existing: bool = True) -> None:
    """The enacting body: not an internal division, still existing, and the drafting unit
    itself or a unit above it (a department drafts what its government issues)."""
    if issuer.kind == UnitKind.DIVISION:
        raise ValidationError(
            "不得以部门内设机构名义制发行政规范性文件"
            "（依据：《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》"
            "（国办发〔2018〕37号）（一））。"
        )
    if existing and not issuer.is_active_on(timezone.localdate()):
        raise ValidationError(f"{issuer.name}已撤销，不能作为制定机关。")
    if unit is not None and not (issuer.pk == unit.pk or unit.path.startswith(issuer.path)):
        raise ValidationError(f"{unit.name}不能以{issuer.name}的名义起草文件。")


def draft_create(
    *,
    actor: Person,
    unit: Unit,
    issuer: Unit,
    title: str,
    subject: str,
    co_issuers: Iterable[Unit] = (),
    co_drafters: Iterable[Unit] = (),
    request: Any = None,
    **fields: Any,
) -> Version:
    """Start drafting a new document in `unit` (the lead drafting unit), to be issued by
    `issuer` (the unit itself, or the government that issues it)."""
    post = _acting_post(actor, unit.pk, DRAFTERS)
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(f"不能填写这些内容：{'、'.join(unknown)}。")
    _check_issuer(issuer, unit)
    co_issuers, co_drafters = list(co_issuers), list(co_drafters)
    for other in co_issuers:
        _check_issuer(other)  # a joint issuer is no internal division either (37号（一）)
    if issuer in co_issuers or unit in co_drafters:
        raise ValidationError("联合发文机关、协办起草单位不能与制定机关、牵头起草单位重复。")
    if subject not in Subject.values:
        raise ValidationError("请选择主题分类。")
    title = (title or "").strip()
    if not title:
        raise ValidationError("须填写文件标题。")
    with transaction.atomic():
        document = Document.objects.create(issuer=issuer, subject=subject)
        document.co_issuers.set(list(co_issuers))
        version = Version(
            document=document,
            number=1,
            unit=unit,
            title=title,
            created_by=actor,
            state=Version.initial_state(),
            **{name: _clean(value) for name, value in fields.items()},
        )
        version.full_clean()
        version.save()
        version.co_drafters.set(list(co_drafters))
        _record(
            NormdocEvent.DRAFT_CREATE,
            actor=actor,
            post=post,
            record=version,
            changes={"title": (None, title), "issuer": (None, issuer.name)},
            request=request,
        )
    return version


def draft_update(*, actor: Person, version: Version, request: Any = None, **fields: Any) -> Version:
    """Change the draft (only before it goes to legality review; a published text never)."""
    post = _require_drafter(actor, version)
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(f"不能修改这些内容：{'、'.join(unknown)}。")
    with transaction.atomic():
        locked = Version.objects.select_for_update().get(pk=version.pk)
        if locked.state not in ("drafting", "ready"):
            raise ValidationError(
                f"文件处于“{locked.state_label}”状态，不能修改草案（征求意见期间公开的文本不得改动；"
                "已公布的文件只能通过修改程序形成新版本）。"
            )
        changes = {}
        for name, value in fields.items():
            value = _clean(value)
            if getattr(locked, name) != value:
                changes[name] = (getattr(locked, name), value)
                setattr(locked, name, value)
        if not changes:
            return locked
        locked.full_clean()
        locked.save(update_fields=list(changes))
        _record(
            NormdocEvent.DRAFT_UPDATE,
            actor=actor,
            post=post,
            record=locked,
            changes={
                name: (_sha(str(before)), _sha(str(after)))
                if name in DRAFT_TEXTS
                else (before, after)
                for name, (before, after) in changes.items()
            },
            request=request,
        )
    return locked


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def amendment_start(
    *, actor: Person, document: Document, unit: Unit, request: Any = None
) -> Version:
    """Open a new version of a published work (修改): a draft copying the text in force."""
    post = _acting_post(actor, unit.pk, DRAFTERS)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.ended_on is not None:
            raise ValidationError("该文件已废止或宣布失效，不能修改。")
        if document.versions.exclude(state__in=("published", "withdrawn")).exists():
            raise ValidationError("该文件已有正在办理的修改稿。")
        base = document.versions.filter(state="published").order_by("-number").first()
        if base is None:
            raise ValidationError("该文件尚未公布，请直接修改草案。")
        number = document.versions.aggregate(n=Max("number"))["n"] + 1
        version = Version.objects.create(
            document=document,
            number=number,
            unit=unit,
            title=base.title,
            text=base.text,
            legal_basis=base.legal_basis,
            affects_rights=base.affects_rights,
            concerns_business=base.concerns_business,
            created_by=actor,
            state=Version.initial_state(),
        )
        _record(
            NormdocEvent.AMENDMENT_START,
            actor=actor,
            post=post,
            record=version,
            changes={"number": (base.number, number)},
            request=request,
        )
    return version


# ---- the steps of the procedure ---------------------------------------------------------------


def step(
    *,
    actor: Person,
    unit: Unit,
    version: Version,
    step_code: str,
    data: Mapping[str, Any] | None = None,
    role: str | None = None,
    request: Any = None,
    expected_version: int | None = None,
) -> Version:
    """Take a step of `normative_documents.making` and apply what it records to the version,
    in one transaction (the engine checks roles, reach, state and the guards of the law)."""
    data = {key: _clean(value) for key, value in (data or {}).items()}
    with transaction.atomic():
        entry = step_take(
            record=version,
            step_code=step_code,
            actor=actor,
            unit=unit,
            role=role,
            data=_recorded(data),
            request=request,
            expected_version=expected_version,
        )
        apply = _EFFECTS.get(step_code)
        if apply is not None:
            locked = Version.objects.select_for_update().get(pk=version.pk)
            apply(locked, data, actor=actor, unit=unit, role=entry.role, request=request)
    version.refresh_from_db()
    return version


# Internal texts: a published version's ledger entries are public (apps.py), so these are
# recorded by their digest; the texts themselves stay in the module's own tables.
INTERNAL_TEXTS = frozenset(
    {"opinion_text", "notes", "reason", "adoption_explanation", "urgent_reason"}
)
DRAFT_TEXTS = frozenset({"text", "necessity", "feasibility", "impact", "drafter_opinion"})


def _recorded(data: Mapping[str, Any]) -> dict[str, Any]:
    """What a step records: dates as ISO strings, internal texts as their SHA-256."""
    recorded = {}
    for key, value in data.items():
        if isinstance(value, date):
            value = value.isoformat()
        elif key in INTERNAL_TEXTS and isinstance(value, str) and value:
            value = f"sha256:{_sha(value)}"
        recorded[key] = value
    return recorded


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _after_open_comment(version: Version, data, *, actor, unit, role, request) -> None:
    from .procedures import comment_rule

    version.comment_opens_on = _date(data["opens_on"])
    version.comment_closes_on = _date(data["closes_on"])
    version.save(update_fields=["comment_opens_on", "comment_closes_on"])
    deadline_services.deadline_start(
        subject=version,
        rule_id=comment_rule(version),
        trigger=version.comment_opens_on,
        trigger_basis=f"{actor.name}公布征求意见稿之日",
        unit=version.unit,
        owner=actor,
    )


def _after_close_comment(version: Version, data, **context) -> None:
    version.adoption_summary = data["adoption_summary"]
    version.save(update_fields=["adoption_summary"])


def _after_submit_review(version: Version, data, *, actor, unit, role, request) -> None:
    from .prereview import prereview_text

    last = version.legality_reviews.aggregate(n=Max("round"))["n"] or 0
    review = LegalityReview.objects.create(
        version=version,
        round=last + 1,
        reviewing_unit_id=data["reviewing_unit_id"],
        submitted_on=timezone.localdate(),
        urgent_reason=data.get("urgent_reason", "") or "",
        package={
            "draft_sha256": _sha(version.text),
            "drafting_note": True,
            "legal_basis": version.legal_basis,
            "comments": version.comments.count(),
            "adoption_summary": bool(version.adoption_summary),
            "drafter_opinion": version.drafter_opinion,
        },
    )
    flags = [
        PrereviewFlag(
            review=review,
            category=flag.category,
            clause=flag.clause,
            start=flag.start,
            end=flag.end,
            reason=flag.reason,
            basis=flag.basis,
        )
        for flag in prereview_text(version.text)
    ]
    flags += _conflict_flags(review, version)
    PrereviewFlag.objects.bulk_create(flags)
    ledger.record(
        event=NormdocEvent.REVIEW_SUBMIT,
        actor=actor,
        unit=unit,
        role=role,
        record=review,
        changes={"round": (None, review.round), "flags": (None, len(flags))},
        request=request,
    )


def _conflict_flags(review: LegalityReview, version: Version) -> list[PrereviewFlag]:
    """Clauses that regulate the same matter as a document in force, differently (政出多门)."""
    from .prereview import conflicts
    from .selectors import same_subject_in_force

    others = same_subject_in_force(version)
    by_key = {other.pk: other for other in others}
    return [
        PrereviewFlag(
            review=review,
            category="conflict",
            clause=conflict.clause,
            start=conflict.start,
            end=conflict.end,
            reason=conflict.reason,
            basis=f"《{by_key[conflict.key].title}》",
            other_version=by_key[conflict.key],
            other_clause=conflict.other_clause,
        )
        for conflict in conflicts(version.text, [(o.pk, o.title, o.text) for o in others])
    ]


def _after_give_opinion(version: Version, data, *, actor, **context) -> None:
    review = version.legality_reviews.order_by("-round").first()
    review.opinion = data["opinion"]
    review.opinion_text = data["opinion_text"]
    review.opinion_items = int(data.get("opinion_items") or 0)
    review.reviewed_on = timezone.localdate()
    review.reviewer = actor
    review.save()


def _after_deliberate(version: Version, data, **context) -> None:
    from .models import DeliberationResult

    Deliberation.objects.create(
        version=version,
        meeting=data["meeting"],
        held_on=_date(data["held_on"]),
        result=data.get("result") or DeliberationResult.REJECTED,
        attendees=data["attendees"],
        notes=data.get("notes", "") or "",
    )
    review = version.legality_reviews.order_by("-round").first()
    if review is not None and data.get("adoption"):
        review.adoption = data["adoption"]
        review.adoption_explanation = data.get("adoption_explanation", "") or ""
        review.save(update_fields=["adoption", "adoption_explanation"])


def _after_publish(version: Version, data, *, actor, unit, role, request) -> None:
    from fazhi.core.docparse import normalize_doc_number

    version.doc_number = normalize_doc_number(data["doc_number"])
    version.written_on = _date(data.get("written_on")) or _date(data["published_on"])
    version.published_on = _date(data["published_on"])
    version.effective_on = _date(data["effective_on"])
    version.valid_until = _date(data.get("valid_until"))
    version.effective_exception = data.get("effective_exception", "") or ""
    version.registration_number = _next_registration_number(version.published_on.year)
    version.save()
    search.index_versions([version])
    filings = _register_filings(version, actor)
    evaluations = _schedule_evaluations(version)
    ledger.record(
        event=NormdocEvent.PUBLISH_REGISTER,
        actor=actor,
        unit=unit,
        role=role,
        record=version,
        changes={
            "registration_number": (None, version.registration_number),
            "doc_number": (None, version.doc_number),
            "text_sha256": (None, _sha(version.text)),
            "filings": (None, len(filings)),
            "evaluations": (None, len(evaluations)),
        },
        request=request,
    )


_EFFECTS = {
    "open_comment": _after_open_comment,
    "close_comment": _after_close_comment,
    "submit_review": _after_submit_review,
    "give_opinion": _after_give_opinion,
    "deliberate": _after_deliberate,
    "deliberation_failed": _after_deliberate,
    "publish": _after_publish,
}


def _next_registration_number(year: int) -> str:
    """统一编号: 〔year〕 and the next serial of that year across the jurisdiction, from a row
    locked for the rest of the transaction (gapless under concurrent publication)."""
    from .models import RegistrationSerial

    RegistrationSerial.objects.get_or_create(year=year)
    serial = RegistrationSerial.objects.select_for_update().get(year=year)
    serial.last += 1
    serial.save(update_fields=["last"])
    return f"{settings.FAZHI_NORMDOC_REGISTRATION_PREFIX}〔{year}〕{serial.last}号"


def filing_bodies(version: Version) -> list[str]:
    """Where a published version is filed: documents of the district government and its office
    with the 区人大常委会 (北京市…备案审查条例 第九条第一项); every document with the government
    legal affairs office above (北京市行政规范性文件备案规定 第六条, SEC)."""
    issuer = version.document.issuer
    bodies = [FilingBody.GOVERNMENT]
    if issuer.kind in (UnitKind.DISTRICT, UnitKind.CITY) or issuer.name.endswith("人民政府办公室"):
        bodies.insert(0, FilingBody.CONGRESS)
    return bodies


FILING_RULES = {
    FilingBody.CONGRESS: "normdoc.filing_congress",
    FilingBody.GOVERNMENT: "normdoc.filing_government",
}


def _register_filings(version: Version, actor: Person) -> list[Filing]:
    filings = []
    for body in filing_bodies(version):
        filing = Filing.objects.create(
            document_version=version,
            unit=version.unit,
            kind=FilingKind.FILING,
            body=body,
            state=FILING.initial,
        )
        deadline = deadline_services.deadline_start(
            subject=filing,
            rule_id=FILING_RULES[body],
            trigger=version.published_on,
            trigger_basis="文件公布之日",
            unit=version.unit,
            owner=actor,
        )
        filing.due_on = deadline.due_date
        filing.save(update_fields=["due_on"])
        filings.append(filing)
    return filings


def _months_before(day: date, months: int) -> date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _schedule_evaluations(version: Version, not_before: date | None = None) -> list[Evaluation]:
    """The evaluations a published version is due: before it expires and every N years
    (those due on or after `not_before`, when given)."""
    planned = []
    if version.valid_until is not None:
        due = _months_before(version.valid_until, settings.FAZHI_NORMDOC_EXPIRY_REMINDER_MONTHS)
        planned.append((EvaluationKind.PRE_EXPIRY, max(due, version.published_on)))
    years = settings.FAZHI_NORMDOC_EVALUATION_YEARS
    start = version.effective_on or version.published_on
    end = version.valid_until or start + timedelta(days=365 * 10)
    for n in range(1, 11):
        try:
            due = start.replace(year=start.year + years * n)
        except ValueError:
            due = start.replace(year=start.year + years * n, day=28)
        if due >= end:
            break
        planned.append((EvaluationKind.PERIODIC, due))
    return [
        Evaluation.objects.get_or_create(version=version, kind=kind, due_on=due)[0]
        for kind, due in planned
        if not_before is None or due >= not_before
    ]


# ---- comments ---------------------------------------------------------------------------------


class CommentRefused(ValidationError):
    """A comment that cannot be taken (period closed, too many from one client)."""


def _client_key(client: str) -> str:
    """A salted digest of the commenter's address: enough to rate-limit, not to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()


def comment_submit(
    *,
    version: Version,
    text: str,
    channel: str = Channel.PORTAL,
    name: str = "",
    organization: str = "",
    contact: str = "",
    client: str = "",
    actor: Person | None = None,
    request: Any = None,
) -> Comment:
    """Take a comment on a draft in its comment period: from the portal (no account; `client`
    is the sender's address, rate-limited per hour) or entered by staff (`actor`)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写意见内容。")
    if len(text) > 5000:
        raise ValidationError("意见内容不能超过5000字。")
    if channel not in Channel.values:
        raise ValidationError("意见来源无效。")
    post = None
    if actor is not None:
        post = _require_drafter(actor, version)
    elif channel != Channel.PORTAL:
        raise PermissionDenied("只有工作人员可以录入其他渠道的意见。")
    key = _client_key(client) if client else ""
    with transaction.atomic():
        locked = Version.objects.select_for_update().get(pk=version.pk)
        today = timezone.localdate()
        if locked.state != "commenting" or (
            locked.comment_closes_on
            and not locked.comment_opens_on <= today <= locked.comment_closes_on
        ):
            raise CommentRefused("该文件不在征求意见期内，不能提交意见。")
        if key:
            hour_ago = timezone.now() - timedelta(hours=1)
            recent = Comment.objects.filter(client_key=key, submitted_at__gte=hour_ago).count()
            if recent >= settings.FAZHI_NORMDOC_COMMENTS_PER_HOUR:
                raise CommentRefused("提交过于频繁，请一小时后再试。")
        comment = Comment.objects.create(
            version=locked,
            channel=channel,
            name=name.strip()[:60],
            organization=organization.strip()[:100],
            contact=contact.strip()[:60],
            text=text,
            client_key=key,
        )
        # Personal data stays out of the ledger: the entry carries the text's digest only.
        _record(
            NormdocEvent.COMMENT_RECEIVE,
            actor=actor,
            post=post,
            record=comment,
            changes={"channel": (None, channel), "text_sha256": (None, _sha(text))},
            request=request,
        )
    return comment


def comment_reply(
    *, actor: Person, comment: Comment, reply: str, reason: str = "", request: Any = None
) -> Comment:
    """The official reply to one comment: 采纳, 部分采纳 or 不采纳, with the reason (a reason is
    required unless the comment is adopted in full)."""
    post = _require_drafter(actor, comment.version)
    if reply not in Reply.values:
        raise ValidationError("采纳情况须为采纳、部分采纳或不采纳。")
    reason = (reason or "").strip()
    if reply != Reply.ADOPTED and not reason:
        raise ValidationError(
            "部分采纳或不采纳的，须说明理由（依据：《优化营商环境条例》（2019年）第六十二条第二款）。"
        )
    with transaction.atomic():
        locked = Comment.objects.select_for_update().select_related("version").get(pk=comment.pk)
        if locked.version.state not in ("commenting", "ready", "drafting"):
            raise ValidationError("文件已送审，不能再修改意见答复。")
        before = (locked.reply, locked.reply_reason)
        locked.reply, locked.reply_reason = reply, reason
        locked.replied_by, locked.replied_at = actor, timezone.now()
        locked.save()
        _record(
            NormdocEvent.COMMENT_REPLY,
            actor=actor,
            post=post,
            record=locked,
            changes={"reply": (before[0], reply), "reason": (before[1], reason)},
            request=request,
        )
    return locked


# ---- fair-competition review ------------------------------------------------------------------


def competition_review_record(
    *,
    actor: Person,
    version: Version,
    findings: Mapping[str, Mapping[str, Any]],
    conclusion: str,
    reviewed_on: date,
    operators_heard: str = "",
    exception_reason: str = "",
    request: Any = None,
) -> FairCompetitionReview:
    """Record the 公平竞争审查 of a draft: each of the 19 items of 第八–十一条 answered, and the
    conclusion; an item found breached makes the draft 不符合 unless 第十二条's exception is
    stated."""
    from .competition import ITEMS, check_findings

    post = _require_drafter(actor, version)
    problems = check_findings(findings)
    if problems:
        raise ValidationError(problems)
    if conclusion not in FairCompetitionConclusion.values:
        raise ValidationError("请选择审查结论。")
    breached = [code for code in ITEMS if findings[code].get("breach")]
    if breached and conclusion == FairCompetitionConclusion.COMPLIANT:
        raise ValidationError(
            "逐项审查发现违反第八条至第十一条的情形，结论不能为符合审查标准"
            "（依据：《公平竞争审查条例》（2024年）第十八条）。"
        )
    if conclusion == FairCompetitionConclusion.EXCEPTION and not exception_reason.strip():
        raise ValidationError(
            "适用例外规定的，应当在审查结论中详细说明（依据：《公平竞争审查条例》（2024年）第十七条）。"
        )
    if version.state not in ("drafting", "commenting", "ready"):
        raise ValidationError("公平竞争审查应当在起草阶段、送合法性审核前完成。")
    with transaction.atomic():
        review = FairCompetitionReview.objects.create(
            version=version,
            findings={code: dict(findings[code]) for code in ITEMS},
            conclusion=conclusion,
            reviewed_on=reviewed_on,
            operators_heard=operators_heard.strip(),
            exception_reason=exception_reason.strip(),
            reviewer=actor,
        )
        _record(
            NormdocEvent.COMPETITION_REVIEW,
            actor=actor,
            post=post,
            record=review,
            changes={"conclusion": (None, conclusion), "breached": (None, breached)},
            request=request,
        )
    return review


# ---- pre-review flags -------------------------------------------------------------------------


def flag_decide(
    *, actor: Person, flag: PrereviewFlag, decision: str, reason: str, request: Any = None
) -> PrereviewFlag:
    """The reviewer's call on one pre-review flag: accepted (it is a problem) or dismissed."""
    version = flag.review.version
    post = _require_reviewer(actor, version.unit_id)
    if not post.unit.path.startswith(flag.review.reviewing_unit.path):
        raise PermissionDenied(f"该文件送{flag.review.reviewing_unit.name}审核，您不能判断其提示。")
    if decision not in (FlagDecision.ACCEPTED, FlagDecision.DISMISSED):
        raise ValidationError("请选择采纳或不采纳该提示。")
    if not (reason or "").strip():
        raise ValidationError("请说明判断理由。")
    with transaction.atomic():
        locked = (
            PrereviewFlag.objects.select_for_update()
            .select_related("review__version")
            .get(pk=flag.pk)
        )
        if locked.review.version.state != "reviewing" or locked.review.opinion:
            raise ValidationError("审核意见已出具，不能再修改对提示的判断。")
        before = locked.decision
        locked.decision, locked.decision_reason = decision, reason.strip()
        locked.save(update_fields=["decision", "decision_reason"])
        _record(
            NormdocEvent.FLAG_DECIDE,
            actor=actor,
            post=post,
            record=locked,
            changes={"decision": (before, decision), "reason": (None, locked.decision_reason)},
            request=request,
        )
    return locked


# ---- filing review ----------------------------------------------------------------------------


def filing_step(
    *,
    actor: Person,
    unit: Unit,
    filing: Filing,
    step_code: str,
    data: Mapping[str, Any] | None = None,
    request: Any = None,
    expected_version: int | None = None,
) -> Filing:
    """Take a step of `normative_documents.filing` and keep its fields in step."""
    data = {key: _clean(value) for key, value in (data or {}).items()}
    with transaction.atomic():
        step_take(
            record=filing,
            step_code=step_code,
            actor=actor,
            unit=unit,
            data=data,
            request=request,
            expected_version=expected_version,
        )
        locked = Filing.objects.select_for_update().get(pk=filing.pk)
        if step_code == "file":
            locked.filed_on = timezone.localdate()
        for name in ("checks", "risk_rating", "letter_kind", "letter_text", "outcome"):
            if name in data:
                setattr(locked, name, data[name])
        if "reply_text" in data:
            locked.reply_text = data["reply_text"]
            locked.correction = data.get("correction", "") or ""
        locked.save()
    filing.refresh_from_db()
    return filing


def objection_submit(
    *,
    version: Version,
    request_text: str,
    requester_name: str,
    requester_contact: str = "",
    client: str = "",
    actor: Person | None = None,
    request: Any = None,
) -> Filing:
    """Anyone may ask for a review of a document in force (审查建议); it is tracked like a
    filing review. From the portal without an account (`client` is the sender's address,
    rate-limited per hour), or entered by staff."""
    if not (request_text or "").strip():
        raise ValidationError("请写明审查建议的内容和理由。")
    if not (requester_name or "").strip():
        raise ValidationError("请填写建议人姓名或名称。")
    if version.state != "published":
        raise ValidationError("只能对已公布的文件提出审查建议。")
    post = _require_reviewer(actor, version.unit_id) if actor is not None else None
    key = _client_key(client) if client else ""
    with transaction.atomic():
        if key:
            hour_ago = timezone.now() - timedelta(hours=1)
            recent = Filing.objects.filter(client_key=key, created_at__gte=hour_ago).count()
            if recent >= settings.FAZHI_NORMDOC_OBJECTIONS_PER_HOUR:
                raise CommentRefused("提交过于频繁，请一小时后再试。")
        filing = Filing.objects.create(
            document_version=version,
            unit=version.unit,
            kind=FilingKind.OBJECTION,
            body=FilingBody.GOVERNMENT,
            requester_name=requester_name.strip()[:60],
            requester_contact=(requester_contact or "").strip()[:60],
            request_text=request_text.strip()[:5000],
            client_key=key,
            state=FILING.initial,
        )
        _record(
            NormdocEvent.OBJECTION_RECEIVE,
            actor=actor,
            post=post,
            record=filing,
            changes={"request_sha256": (None, _sha(filing.request_text))},
            request=request,
        )
    return filing


# ---- after publication: end, evaluate, clean up ------------------------------------------------


def document_end(
    *,
    actor: Person,
    document: Document,
    kind: str,
    on: date,
    reason: str,
    request: Any = None,
    cleanup: Cleanup | None = None,
) -> Document:
    """Repeal (废止) or declare invalid (宣布失效) a work from `on`: a status change with its
    reason; the published text stays as it was."""
    from .models import EndKind

    published = document.versions.filter(state="published").order_by("-number").first()
    if published is None:
        raise ValidationError("该文件尚未公布。")
    post = _acting_post(actor, published.unit_id, (*DRAFTERS, *REVIEWERS))
    if kind not in EndKind.values:
        raise ValidationError("终止方式须为废止或宣布失效。")
    if not (reason or "").strip():
        raise ValidationError("请写明废止或宣布失效的理由。")
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.ended_on is not None:
            raise ValidationError("该文件已废止或宣布失效。")
        if on < published.published_on:
            raise ValidationError("终止日期不能早于文件的发布日期。")
        locked.ended_on, locked.end_kind, locked.end_reason = on, kind, reason.strip()
        locked.save(update_fields=["ended_on", "end_kind", "end_reason"])
        _record(
            NormdocEvent.DOCUMENT_END,
            actor=actor,
            post=post,
            record=published,
            changes={"end_kind": (None, kind), "ended_on": (None, on.isoformat())},
            note=f"清理：{cleanup.title}" if cleanup else "",
            request=request,
        )
    return locked


def evaluation_record(
    *,
    actor: Person,
    evaluation: Evaluation,
    conclusion: str,
    report: str,
    request: Any = None,
) -> Evaluation:
    """Record an evaluation's conclusion (继续有效 / 修改 / 废止 / 宣布失效) and its report."""
    post = _require_drafter(actor, evaluation.version)
    if conclusion not in EvaluationConclusion.values:
        raise ValidationError("请选择评估结论。")
    if not (report or "").strip():
        raise ValidationError("请填写评估报告。")
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.done_on is not None:
            raise ValidationError("该评估已完成。")
        locked.conclusion, locked.report = conclusion, report.strip()
        locked.done_on, locked.evaluator = timezone.localdate(), actor
        locked.save()
        _record(
            NormdocEvent.EVALUATION_RECORD,
            actor=actor,
            post=post,
            record=locked,
            changes={"conclusion": (None, conclusion)},
            request=request,
        )
    return locked


def cleanup_create(
    *,
    actor: Person,
    unit: Unit,
    title: str,
    versions: Iterable[Version],
    basis: str = "",
    request: Any = None,
) -> Cleanup:
    """Open a cleanup campaign (清理) over the given published versions."""
    post = _acting_post(actor, unit.pk, (*DRAFTERS, *REVIEWERS))
    versions = list(versions)
    if not (title or "").strip():
        raise ValidationError("请填写清理名称。")
    if not versions:
        raise ValidationError("请选择要清理的文件。")
    not_published = [v.title for v in versions if v.state != "published"]
    if not_published:
        raise ValidationError(f"只能清理已公布的文件：{'、'.join(not_published)}。")
    with transaction.atomic():
        cleanup = Cleanup.objects.create(
            unit=unit,
            title=title.strip(),
            basis=(basis or "").strip(),
            started_on=timezone.localdate(),
            created_by=actor,
        )
        CleanupItem.objects.bulk_create(CleanupItem(cleanup=cleanup, version=v) for v in versions)
        _record(
            NormdocEvent.CLEANUP_CREATE,
            actor=actor,
            post=post,
            record=cleanup,
            changes={"versions": (None, [v.pk for v in versions])},
            request=request,
        )
    return cleanup


def cleanup_conclude(
    *, actor: Person, item: CleanupItem, conclusion: str, reason: str = "", request: Any = None
) -> CleanupItem:
    post = _acting_post(actor, item.cleanup.unit_id, (*DRAFTERS, *REVIEWERS))
    if conclusion not in EvaluationConclusion.values:
        raise ValidationError("清理结论须为继续有效、修改、废止或宣布失效。")
    if conclusion != EvaluationConclusion.CONTINUE and not (reason or "").strip():
        raise ValidationError("修改、废止或宣布失效的，须写明理由。")
    with transaction.atomic():
        locked = CleanupItem.objects.select_for_update().select_related("cleanup").get(pk=item.pk)
        if locked.cleanup.published_on is not None:
            raise ValidationError("清理结果已公布，不能再修改。")
        locked.conclusion, locked.reason = conclusion, (reason or "").strip()
        locked.save(update_fields=["conclusion", "reason"])
        _record(
            NormdocEvent.CLEANUP_CONCLUDE,
            actor=actor,
            post=post,
            record=locked,
            changes={"conclusion": (None, conclusion)},
            request=request,
        )
    return locked


def cleanup_publish(*, actor: Person, cleanup: Cleanup, request: Any = None) -> Cleanup:
    """Publish the results: every document concluded; repeals and declarations of invalidity
    take effect on the day of publication (北京市优化营商环境条例 第七十七条: 清理结果应当向
    社会公布)."""
    from .models import EndKind

    post = _acting_post(actor, cleanup.unit_id, (*DRAFTERS, *REVIEWERS))
    with transaction.atomic():
        locked = Cleanup.objects.select_for_update().get(pk=cleanup.pk)
        if locked.published_on is not None:
            raise ValidationError("清理结果已经公布。")
        items = list(locked.items.select_related("version__document"))
        open_items = [i.version.title for i in items if not i.conclusion]
        if open_items:
            raise ValidationError(f"还有文件未作出清理结论：{'、'.join(open_items)}。")
        today = timezone.localdate()
        ends = {
            EvaluationConclusion.REPEAL: EndKind.REPEALED,
            EvaluationConclusion.DECLARE_INVALID: EndKind.DECLARED_INVALID,
        }
        for item in items:
            if item.conclusion in ends and item.version.document.ended_on is None:
                document_end(
                    actor=actor,
                    document=item.version.document,
                    kind=ends[item.conclusion],
                    on=today,
                    reason=item.reason,
                    cleanup=locked,
                    request=request,
                )
        locked.published_on = today
        locked.save(update_fields=["published_on"])
        _record(
            NormdocEvent.CLEANUP_PUBLISH,
            actor=actor,
            post=post,
            record=locked,
            changes={"published_on": (None, today.isoformat())},
            request=request,
        )
    return locked


# ---- import of documents published before fazhi -----------------------------------------------


def document_import(
    *,
    actor: Person,
    unit: Unit,
    issuer: Unit,
    title: str,
    text: str,
    subject: str,
    doc_number: str,
    published_on: date,
    effective_on: date | None = None,
    written_on: date | None = None,
    valid_until: date | None = None,
    ended_on: date | None = None,
    end_kind: str = "",
    end_reason: str = "",
    co_issuers: Iterable[Unit] = (),
    amends: Version | None = None,
    index: bool = True,
    request: Any = None,
) -> Version:
    """Register a document published before the platform (历史文件): a published version with
    its dates, numbered as published, indexed for search, its evaluations scheduled, in one
    transaction. `amends` makes it a later version of that work. Raises ValidationError naming
    every problem; nothing is saved then."""
    from fazhi.core.docparse import normalize_doc_number, validate_doc_number

    post = _acting_post(actor, unit.pk, DRAFTERS)
    doc_number = normalize_doc_number(doc_number or "")
    problems = _import_problems(
        issuer=issuer,
        title=title,
        text=text,
        subject=subject,
        doc_number=doc_number,
        published_on=published_on,
        effective_on=effective_on,
        written_on=written_on,
        valid_until=valid_until,
        ended_on=ended_on,
        end_kind=end_kind,
    )
    if problem := validate_doc_number(doc_number):
        problems.append(problem)
    try:  # a unit abolished since may well have issued a historical document
        _check_issuer(issuer, unit, existing=False)
    except ValidationError as error:
        problems += error.messages
    if amends is not None:
        problems += _amendment_import_problems(amends, issuer, published_on)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        if Version.objects.filter(document__issuer=issuer, doc_number=doc_number).exists():
            raise ValidationError(f"{issuer.name}的{doc_number}已经登记，不再重复导入。")
        if amends is not None:
            document = Document.objects.select_for_update().get(pk=amends.document_id)
            number = document.versions.aggregate(n=Max("number"))["n"] + 1
        else:
            number = 1
            document = Document.objects.create(
                issuer=issuer,
                subject=subject,
                ended_on=ended_on,
                end_kind=end_kind if ended_on else "",
                end_reason=end_reason if ended_on else "",
            )
            if co_issuers:
                document.co_issuers.set(list(co_issuers))
        version = Version.objects.create(
            document=document,
            number=number,
            unit=unit,
            title=title.strip(),
            text=text,
            doc_number=doc_number,
            written_on=written_on or published_on,
            published_on=published_on,
            effective_on=effective_on or published_on,
            valid_until=valid_until,
            imported=True,
            created_by=actor,
            state="published",
            registration_number=_next_registration_number(published_on.year),
        )
        if index:
            search.index_versions([version])
        if ended_on is None:
            # Evaluations that fell due before the platform are not invented after the fact.
            _schedule_evaluations(version, not_before=timezone.localdate())
        _record(
            NormdocEvent.DOCUMENT_IMPORT,
            actor=actor,
            post=post,
            record=version,
            changes={
                "doc_number": (None, doc_number),
                "published_on": (None, published_on.isoformat()),
                "text_sha256": (None, _sha(text)),
            },
            request=request,
        )
    return version


def _amendment_import_problems(amends: Version, issuer: Unit, published_on: date) -> list[str]:
    problems = []
    if amends.state != "published":
        problems.append("被修改的文件尚未公布。")
    if amends.document.issuer_id != issuer.pk:
        problems.append("修改后的文件须由原制定机关发布。")
    if amends.document.ended_on is not None:
        problems.append("被修改的文件已废止或宣布失效。")
    if published_on and amends.published_on and published_on <= amends.published_on:
        problems.append("修改后文件的发布日期须晚于原文件。")
    return problems


def _import_problems(
    *,
    issuer,
    title,
    text,
    subject,
    doc_number,
    published_on,
    effective_on,
    written_on,
    valid_until,
    ended_on,
    end_kind,
) -> list[str]:
    from .models import EndKind

    problems = []
    if issuer.kind == UnitKind.DIVISION:
        problems.append(f"{issuer.name}是内设机构，不能作为制定机关。")
    if not (title or "").strip():
        problems.append("缺少标题。")
    elif len(title.strip()) > 200:
        problems.append("标题超过200字。")
    if len(doc_number or "") > 60:
        problems.append("发文字号超过60字。")
    if not (text or "").strip():
        problems.append("缺少正文。")
    if subject not in Subject.values:
        problems.append("主题分类无效。")
    if published_on is None:
        problems.append("缺少发布日期。")
        return problems
    if published_on > timezone.localdate():
        problems.append("发布日期晚于今天。")
    if written_on and written_on > published_on:
        problems.append("成文日期晚于发布日期。")
    if effective_on and effective_on < published_on:
        problems.append("施行日期早于发布日期。")
    if valid_until and valid_until < (effective_on or published_on):
        problems.append("有效期截止日期早于施行日期。")
    if ended_on and ended_on < published_on:
        problems.append("废止日期早于发布日期。")
    if ended_on and end_kind not in EndKind.values:
        problems.append("须写明终止方式（废止或宣布失效）。")
    return problems


# ---- reminders --------------------------------------------------------------------------------


def evaluations_remind(*, today: date | None = None, days_ahead: int = 30) -> int:
    """Put each evaluation falling due within `days_ahead` days (or overdue) on the workspace
    of the drafting unit's handlers, once per evaluation. Returns how many items were made."""
    from fazhi.core.models import TodoItem
    from fazhi.core.services import todo_create
    from fazhi.deadlines.services import end_of_day

    today = today or timezone.localdate()
    due = Evaluation.objects.filter(
        done_on__isnull=True, due_on__lte=today + timedelta(days=days_ahead)
    ).select_related("version__unit")
    made = 0
    for evaluation in due:
        source = f"normative_documents.Evaluation:{evaluation.pk}"
        if TodoItem.objects.filter(source=source).exists():
            continue
        version = evaluation.version
        handlers = Person.objects.filter(
            pk__in=Post.objects.active()
            .filter(unit=version.unit, role__in=DRAFTERS)
            .values("person")
        )
        for person in handlers:
            todo_create(
                assignee=person,
                unit=version.unit,
                title=f"{evaluation.get_kind_display()}：{version.title}"[:200],
                module="normative_documents",
                source=source,
                url=f"/workspace/normative-documents/evaluations/{evaluation.pk}/",
                due_at=end_of_day(evaluation.due_on),
                deadline_basis="规范性文件评估（设置 FAZHI_NORMDOC_EXPIRY_REMINDER_MONTHS、"
                "FAZHI_NORMDOC_EVALUATION_YEARS）",
            )
            made += 1
    return made
