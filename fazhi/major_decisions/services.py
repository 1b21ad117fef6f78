"""Every write of major decisions: one transaction each, one ledger entry recorded against the
decision (or the catalog) it concerns, so that a decision's archive is one record's history
(条例第三十三条). Internal texts (opinions, minutes, reports) reach the ledger as SHA-256
digests: a published decision's entries are public. Commenters are never in the ledger.

"条例" is 重大行政决策程序暂行条例 (2019).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.models import SUPERVISING_KINDS, Person, Post, Unit, UnitKind
from fazhi.core.policies import Action, post_reaches
from fazhi.deadlines.compute import compute
from fazhi.deadlines.selectors import current_calendar
from fazhi.ledger import services as ledger
from fazhi.ledger.services import keyed_digest as _keyed
from fazhi.ledger.services import record_for_post as _record
from fazhi.procedures.services import step_take

from .events import DecisionEvent
from .models import (
    RISK_DIMENSIONS,
    Attachment,
    Catalog,
    CatalogAdjustment,
    CatalogItem,
    Category,
    Channel,
    Comment,
    CommentPeriod,
    Conflict,
    Decision,
    Discussion,
    Evaluation,
    EvaluationConclusion,
    ExecutionReport,
    ExecutionTask,
    Expert,
    ExpertOpinion,
    ExpertReview,
    Hearing,
    HearingState,
    ItemState,
    LegalityReview,
    LocalStep,
    Reply,
    ReviewMethod,
    RiskAssessment,
    RiskLevel,
    Trigger,
)
from .procedures import BODY, HANDLERS, as_date, fmt, latest_review, local_steps
from .procedures import period as period_text

ARTICLE = "《重大行政决策程序暂行条例》（2019年）"


class CommentRefused(ValidationError):
    """A comment that cannot be taken now (outside the period, too frequent)."""


def _cite(article: str) -> str:
    return f"（依据：{ARTICLE}{article}）"


# ---- who may act --------------------------------------------------------------------------------


def _acting_post(actor: Person, unit_id: int, roles: Iterable[str], message: str = "") -> Post:
    """The actor's active post in one of `roles` that reaches unit `unit_id`; else refused."""
    posts = Post.objects.active().filter(person=actor, role__in=tuple(roles))
    for post in posts.select_related("unit"):
        if post_reaches(post.unit, post.role, unit_id, Action.CHANGE):
            return post
    raise PermissionDenied(message or "您无权办理该事项。")


def _post_in(actor: Person, unit: Unit, roles: Iterable[str], message: str = "") -> Post:
    """The actor's active post in `unit` itself, in one of `roles`."""
    post = (
        Post.objects.active()
        .filter(person=actor, unit=unit, role__in=tuple(roles))
        .select_related("unit")
        .first()
    )
    if post is None:
        raise PermissionDenied(message or f"您不是{unit.name}的相关工作人员，无权办理。")
    return post


def _drafter(actor: Person, decision: Decision) -> Post:
    """The lead unit's handler or administrator (决策承办单位, 第十一条)."""
    return _acting_post(actor, decision.unit_id, HANDLERS, "只有决策承办单位的工作人员可以办理。")


def _body_staff(actor: Person, body: Unit) -> Post:
    return _post_in(actor, body, ("handler", *BODY), f"只有决策机关（{body.name}）可以办理。")


def _legal_office_post(actor: Person, pool: Unit, roles=("legal_reviewer", "unit_admin")) -> Post:
    """The actor's post in the legal affairs office that keeps the pool `pool` (or a 科室 of
    it)."""
    for post in Post.objects.active().filter(person=actor, role__in=roles).select_related("unit"):
        unit = post.unit
        office = Unit.objects.get_parent(unit) if unit.kind == UnitKind.DIVISION else unit
        if office is not None and office.kind in SUPERVISING_KINDS and office.pk == pool.pk:
            return post
    raise PermissionDenied(f"专家库由{pool.name}管理，您无权维护。")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _digest(text: str) -> str:
    return f"sha256:{_sha(text)}" if text else ""


def _text(value: Any, label: str, *, required: bool = True, limit: int = 20000) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        raise ValidationError(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationError(f"{label}不能超过{limit}字。")
    return value


def _day(value: Any, label: str, *, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"请填写{label}。")
        return None
    day = as_date(value)
    if day is None:
        raise ValidationError(f"{label}不是有效的日期。")
    return day


def _not_future(day: date, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(f"{label}（{fmt(day)}）不能晚于今天。")


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _require_drafting(decision: Decision, what: str, article: str) -> None:
    if decision.state != "drafting":
        raise ValidationError(
            f"{what}须在决策草案拟订阶段进行，该决策当前为“{decision.state_label}”。{_cite(article)}"
        )


# ---- the catalog (第三条第三款) ---------------------------------------------------------------


def catalog_create(
    *, actor: Person, unit: Unit, year: int, title: str = "", request=None
) -> Catalog:
    """Open the yearly catalog of a decision body (a government, or a department or township
    that applies the 条例 by reference, 第四十二条)."""
    post = _post_in(actor, unit, ("handler", *BODY))
    if unit.kind == UnitKind.DIVISION:
        raise ValidationError("内设机构不是决策机关，不能编制决策事项目录。")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("年度无效。")
    title = _text(title, "目录名称", required=False, limit=200) or (
        f"{unit.name}{year}年度重大行政决策事项目录"
    )
    with transaction.atomic():
        if Catalog.objects.filter(unit=unit, year=year).exists():
            raise ValidationError(f"{unit.name}{year}年度的决策事项目录已经存在。")
        catalog = Catalog.objects.create(
            unit=unit,
            year=year,
            title=title,
            state=Catalog.initial_state(),
            created_by=actor,
            created_at=timezone.now(),
        )
        _record(
            DecisionEvent.CATALOG_CREATE,
            actor=actor,
            post=post,
            record=catalog,
            changes={"year": (None, year), "title": (None, title)},
            request=request,
        )
    return catalog


def _check_category(category: str) -> None:
    if category not in Category.values:
        raise ValidationError("事项类别须为《重大行政决策程序暂行条例》第三条第一款所列五类之一。")


def item_propose(
    *,
    actor: Person,
    catalog: Catalog,
    proposed_by: Unit,
    title: str,
    category: str,
    reason: str,
    lead_unit: Unit,
    planned: str,
    request=None,
) -> CatalogItem:
    """A unit proposes a decision matter for the catalog (第十条(二)): while the catalog is being
    drawn up, or after publication for an adjustment."""
    post = _post_in(actor, proposed_by, HANDLERS)
    title = _text(title, "决策事项名称", limit=200)
    reason = _text(reason, "列为重大行政决策的理由", limit=3000)
    planned = _text(planned, "计划完成时间", limit=60)
    _check_category(category)
    for unit in (proposed_by, lead_unit):
        if unit.pk != catalog.unit_id and not unit.path.startswith(catalog.unit.path):
            raise ValidationError(f"{unit.name}不属于{catalog.unit.name}，不能申报该目录的事项。")
    with transaction.atomic():
        catalog = _lock(Catalog, catalog.pk)
        if catalog.state in ("submitted", "agreed"):
            raise ValidationError("目录已报请党委同意，暂不能申报；公布后可申报并通过调整列入。")
        item = CatalogItem.objects.create(
            catalog=catalog,
            title=title,
            category=category,
            reason=reason,
            lead_unit=lead_unit,
            planned=planned,
            proposed_by=proposed_by,
            proposer=actor,
            proposed_at=timezone.now(),
        )
        _record(
            DecisionEvent.ITEM_PROPOSE,
            actor=actor,
            post=post,
            record=catalog,
            changes={"item": (None, item.pk), "title": (None, title), "category": (None, category)},
            request=request,
        )
    return item


def item_decide(
    *, actor: Person, item: CatalogItem, include: bool, reason: str = "", request=None
) -> CatalogItem:
    """The decision body includes a proposed matter in the catalog being drawn up, or declines it
    with the reason."""
    post = _body_staff(actor, item.catalog.unit)
    reason = _text(reason, "未列入理由", required=not include, limit=2000)
    with transaction.atomic():
        catalog = _lock(Catalog, item.catalog_id)
        item = _lock(CatalogItem, item.pk)
        if catalog.state != "drafting":
            raise ValidationError("目录已报请党委同意或已公布，列入或调出事项须通过目录调整。")
        if item.state not in (ItemState.PROPOSED, ItemState.INCLUDED, ItemState.DECLINED):
            raise ValidationError("该事项已调出目录。")
        before = item.state
        item.state = ItemState.INCLUDED if include else ItemState.DECLINED
        item.decline_reason = "" if include else reason
        item.save(update_fields=["state", "decline_reason"])
        _record(
            DecisionEvent.ITEM_DECIDE,
            actor=actor,
            post=post,
            record=catalog,
            changes={"item": (None, item.pk), "state": (before, item.state)},
            note=reason,
            request=request,
        )
    return item


def catalog_step(
    *,
    actor: Person,
    unit: Unit,
    catalog: Catalog,
    step_code: str,
    data: Mapping[str, Any] | None = None,
    request=None,
    expected_version: int | None = None,
) -> Catalog:
    """A step of `major_decisions.catalog` (submit, return, agree, publish)."""
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in (data or {}).items()}
    recorded = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
    with transaction.atomic():
        step_take(
            record=catalog,
            step_code=step_code,
            actor=actor,
            unit=unit,
            data=recorded,
            request=request,
            expected_version=expected_version,
        )
        locked = _lock(Catalog, catalog.pk)
        if step_code == "agree":
            locked.party_agreed_on = as_date(data["agreed_on"])
            locked.party_agreement = data["party_agreement"]
            locked.save(update_fields=["party_agreed_on", "party_agreement"])
        elif step_code == "publish":
            locked.published_on = as_date(data["published_on"])
            locked.save(update_fields=["published_on"])
            included = locked.items.filter(state=ItemState.INCLUDED).order_by("pk")
            for position, item in enumerate(included, start=1):
                item.position = position
                item.save(update_fields=["position"])
    catalog.refresh_from_db()
    return catalog


def catalog_adjust(
    *,
    actor: Person,
    catalog: Catalog,
    reason: str,
    published_on: Any,
    add: Iterable[int] = (),
    remove: Iterable[int] = (),
    party_agreed_on: Any = None,
    party_agreement: str = "",
    request=None,
) -> CatalogAdjustment:
    """Adjust a published catalog (第三条第三款 "根据实际情况调整"): add proposed matters,
    remove included ones; the adjustment is recorded and published with its reason."""
    post = _body_staff(actor, catalog.unit)
    reason = _text(reason, "调整理由", limit=3000)
    published_on = _day(published_on, "公布日期")
    _not_future(published_on, "公布日期")
    party_agreed_on = _day(party_agreed_on, "党委同意日期", required=False)
    add, remove = sorted(set(map(int, add))), sorted(set(map(int, remove)))
    if not add and not remove:
        raise ValidationError("调整须至少增列或调出一项决策事项。")
    with transaction.atomic():
        catalog = _lock(Catalog, catalog.pk)
        if catalog.state != "published":
            raise ValidationError("只有已公布的目录才能调整；编制中的目录可直接修改。")
        adding = list(catalog.items.select_for_update().filter(pk__in=add))
        removing = list(catalog.items.select_for_update().filter(pk__in=remove))
        if len(adding) != len(add) or any(i.state != ItemState.PROPOSED for i in adding):
            raise ValidationError("增列的须是本目录已申报、尚未列入的事项。")
        if len(removing) != len(remove) or any(i.state != ItemState.INCLUDED for i in removing):
            raise ValidationError("调出的须是本目录已列入的事项。")
        number = catalog.adjustments.count() + 1
        adjustment = CatalogAdjustment.objects.create(
            catalog=catalog,
            number=number,
            reason=reason,
            published_on=published_on,
            party_agreed_on=party_agreed_on,
            party_agreement=_text(
                party_agreement, "党委同意的文件或会议", required=False, limit=200
            ),
            created_by=actor,
        )
        last = max(
            catalog.items.exclude(position=None).values_list("position", flat=True), default=0
        )
        for offset, item in enumerate(adding, start=1):
            item.state, item.added_by, item.position = ItemState.INCLUDED, adjustment, last + offset
            item.save(update_fields=["state", "added_by", "position"])
        for item in removing:
            item.state, item.removed_by = ItemState.REMOVED, adjustment
            item.save(update_fields=["state", "removed_by"])
        _record(
            DecisionEvent.CATALOG_ADJUST,
            actor=actor,
            post=post,
            record=catalog,
            changes={"adjustment": (None, number), "added": (None, add), "removed": (None, remove)},
            note=reason,
            request=request,
        )
    return adjustment


# ---- the decision -------------------------------------------------------------------------------


EDITABLE = {
    "title": ("决策事项", 200),
    "category": ("事项类别", 20),
    "draft": ("决策草案", 100000),
    "explanation": ("决策草案说明", 20000),
    "legal_basis": ("法律、法规、规章和政策依据", 20000),
    "competition_position": ("公平竞争审查情况", 5000),
    "not_public_reason": ("依法不予公开的理由", 2000),
    "hearing_waiver": ("不召开听证会的理由", 2000),
    "expert_waiver": ("不组织专家论证的理由", 2000),
    "risk_waiver": ("不开展风险评估的理由", 2000),
}
FLAGS = ("concerns_business", "exploratory", "npc_report_required")
DRAFT_TEXTS = ("draft", "explanation", "legal_basis", "competition_position")


def decision_start(
    *,
    actor: Person,
    body: Unit,
    unit: Unit,
    title: str,
    category: str,
    started_on: Any,
    start_basis: str,
    catalog_item: CatalogItem | None = None,
    outside_catalog_reason: str = "",
    co_units: Iterable[Unit] = (),
    request=None,
) -> Decision:
    """The decision body decides to start the procedure and names the lead unit (第十、十一条).
    A matter outside the catalog may still be handled as a major decision, with the reason."""
    post = _body_staff(actor, body)
    title = _text(title, "决策事项", limit=200)
    _check_category(category)
    started_on = _day(started_on, "决定启动日期")
    _not_future(started_on, "决定启动日期")
    start_basis = _text(start_basis, "启动依据（如会议或批示）", limit=200)
    outside_catalog_reason = _text(
        outside_catalog_reason, "目录外事项的理由", required=catalog_item is None, limit=3000
    )
    if unit.kind == UnitKind.DIVISION:
        raise ValidationError("决策承办单位不能是内设机构。")
    for u in (unit, *co_units):
        if u.pk != body.pk and not u.path.startswith(body.path):
            raise ValidationError(f"{u.name}不属于{body.name}，不能承办其决策事项。")
    with transaction.atomic():
        if catalog_item is not None:
            item = _lock(CatalogItem, catalog_item.pk)
            if item.catalog.unit_id != body.pk or item.catalog.state != "published":
                raise ValidationError("只能启动本决策机关已公布目录中的事项。")
            if item.state != ItemState.INCLUDED:
                raise ValidationError("该事项不在目录中（未列入或已调出）。")
            if Decision.objects.filter(catalog_item=item).exists():
                raise ValidationError("该目录事项已经启动决策程序。")
        decision = Decision.objects.create(
            body=body,
            unit=unit,
            catalog_item=catalog_item,
            outside_catalog_reason="" if catalog_item else outside_catalog_reason,
            title=title,
            category=category,
            started_on=started_on,
            start_basis=start_basis,
            state=Decision.initial_state(),
            created_by=actor,
            created_at=timezone.now(),
        )
        decision.co_units.set(co_units)
        _record(
            DecisionEvent.DECISION_START,
            actor=actor,
            post=post,
            record=decision,
            changes={
                "title": (None, title),
                "lead_unit": (None, unit.pk),
                "catalog_item": (None, catalog_item.pk if catalog_item else None),
                "started_on": (None, started_on.isoformat()),
            },
            note=start_basis,
            request=request,
        )
    return decision


def decision_update(*, actor: Person, decision: Decision, request=None, **fields) -> Decision:
    """Edit the draft and its settings while drafting. Waiving a conditional step (hearing,
    expert review, risk assessment) is a reason recorded here."""
    post = _drafter(actor, decision)
    unknown = set(fields) - set(EDITABLE) - set(FLAGS)
    if unknown:
        raise ValidationError(f"不能修改这些内容：{'、'.join(sorted(unknown))}。")
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name in FLAGS:
            clean[name] = bool(value)
            continue
        label, limit = EDITABLE[name]
        clean[name] = _text(value, label, required=name in ("title", "category"), limit=limit)
    if "category" in clean:
        _check_category(clean["category"])
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        review = latest_review(locked)
        amending = locked.state == "reviewed" and review is not None and review.opinion == "amend"
        if not (amending and set(clean) <= set(DRAFT_TEXTS)):
            _require_drafting(locked, "修改决策草案", "第十二条")
        changes = {}
        for name, value in clean.items():
            before = getattr(locked, name)
            if before == value:
                continue
            setattr(locked, name, value)
            changes[name] = (
                (_digest(before), _digest(value)) if name in DRAFT_TEXTS else (before, value)
            )
        if changes:
            locked.save(update_fields=list(clean))
            _record(
                DecisionEvent.DECISION_UPDATE,
                actor=actor,
                post=post,
                record=locked,
                changes=changes,
                request=request,
            )
    decision.refresh_from_db()
    return decision


# Step data that stays internal: recorded in the ledger as its digest.
INTERNAL = frozenset(
    {
        "opinion_text",
        "adviser_opinion",
        "lawyer_opinion",
        "minutes",
        "chair_view",
        "differs_explanation",
        "dissent",
        "reply",
        "urgent_reason",
    }
)


def _recorded(data: Mapping[str, Any]) -> dict[str, Any]:
    """What a step records: dates as ISO strings, internal texts as digests. The members' and
    observers' lists keep their shape (each view or kind as a code, names and texts digested),
    so that the guards can count views without the names reaching the public ledger."""
    out = {}
    for key, value in data.items():
        if key in ("views", "observers"):
            value = [
                {k: (_keyed(v) if k in ("name", "text") else v) for k, v in item.items()}
                for item in value
            ]
        elif isinstance(value, date):
            value = value.isoformat()
        elif key in INTERNAL and value not in (None, "", []):
            text = value if isinstance(value, str) else repr(value)
            value = f"sha256:{_sha(text)}"
        out[key] = value
    return out


def _clean_list(items: Any, keys: tuple[str, ...], label: str) -> list[dict]:
    """A list of {key: text} from a form or the API, trimmed; a malformed one is refused."""
    if not items:
        return []
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise ValidationError(f"{label}格式无效。")
    return [{k: str(item.get(k) or "").strip()[:2000] for k in keys} for item in items]


def decision_step(
    *,
    actor: Person,
    unit: Unit,
    decision: Decision,
    step_code: str,
    data: Mapping[str, Any] | None = None,
    role: str | None = None,
    request=None,
    expected_version: int | None = None,
) -> Decision:
    """Take a step of `major_decisions.decision` and apply what it records, in one transaction
    (the engine checks roles, reach, state and the guards of the 条例)."""
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in (data or {}).items()}
    if "views" in data:
        data["views"] = _clean_list(data["views"], ("name", "view", "text"), "组成人员意见")
    if "observers" in data:
        data["observers"] = _clean_list(data["observers"], ("name", "kind"), "列席人员")
    if "reviewing_unit" in data and data["reviewing_unit"] not in (None, ""):
        try:
            data["reviewing_unit"] = int(data["reviewing_unit"])
        except (TypeError, ValueError):
            raise ValidationError("合法性审查部门无效。") from None
    with transaction.atomic():
        entry = step_take(
            record=decision,
            step_code=step_code,
            actor=actor,
            unit=unit,
            role=role,
            data=_recorded(data),
            request=request,
            expected_version=expected_version,
        )
        effect = _EFFECTS.get(step_code)
        if effect is not None:
            locked = _lock(Decision, decision.pk)
            effect(locked, data, actor=actor, unit=unit, today=entry.occurred_at.date())
    decision.refresh_from_db()
    return decision


def _after_submit_review(decision: Decision, data, *, actor, unit, today) -> None:
    package = {
        "draft": _digest(decision.draft),
        "explanation": _digest(decision.explanation),
        "legal_basis": _digest(decision.legal_basis),
        "procedure": "公众参与、专家论证、风险评估的履行情况见本决策各环节记录",
    }
    LegalityReview.objects.create(
        decision=decision,
        round=decision.round,
        reviewing_unit_id=data["reviewing_unit"],
        submitted_on=timezone.localdate(),
        package=package,
        urgent_reason=data.get("urgent_reason", ""),
    )


def _review_close(opinion: str):
    def effect(decision: Decision, data, *, actor, unit, today) -> None:
        review = latest_review(decision)
        review.opinion = opinion or data.get("opinion", "")
        review.opinion_text = data.get("opinion_text", "") or data.get("reason", "")
        review.adviser_opinion = data.get("adviser_opinion", "")
        review.lawyer_opinion = data.get("lawyer_opinion", "")
        review.reviewed_on = timezone.localdate()
        review.reviewer = actor
        review.save()

    return effect


def _discussion(outcome: str):
    def effect(decision: Decision, data, *, actor, unit, today) -> None:
        Discussion.objects.create(
            decision=decision,
            round=decision.round,
            kind=data["kind"],
            meeting=data["meeting"],
            held_on=as_date(data["held_on"]),
            chair=data["chair"],
            views=data.get("views") or [],
            observers=data.get("observers") or [],
            materials=_materials(decision),
            outcome=outcome,
            chair_view=data["chair_view"],
            differs_explanation=data.get("differs_explanation", ""),
            dissent=data.get("dissent", ""),
            minutes=data["minutes"],
        )
        if outcome == "adopted":
            decision.decided_on = as_date(data["held_on"])
            decision.save(update_fields=["decided_on"])

    return effect


def _materials(decision: Decision) -> dict:
    """The materials of 第二十九条 as submitted to the discussion, named by what they are."""
    review = latest_review(decision)
    round_ = decision.round
    return {
        "draft": _digest(decision.draft),
        "competition": _digest(decision.competition_position) if decision.concerns_business else "",
        "comments": [p.pk for p in decision.comment_periods.filter(round=round_)],
        "expert_reviews": [r.pk for r in decision.expert_reviews.filter(round=round_)],
        "risk_assessments": [r.pk for r in decision.risk_assessments.filter(round=round_)],
        "legality_review": review.pk if review else None,
    }


def _set_dates(**mapping: str):
    def effect(decision: Decision, data, *, actor, unit, today) -> None:
        for field, key in mapping.items():
            setattr(decision, field, as_date(data[key]))
        decision.save(update_fields=list(mapping))

    return effect


def _after_report_party(decision: Decision, data, *, actor, unit, today) -> None:
    decision.party_reported_on = as_date(data["reported_on"])
    decision.party_reply = data.get("reply", "")
    decision.save(update_fields=["party_reported_on", "party_reply"])


def _after_publish(decision: Decision, data, *, actor, unit, today) -> None:
    decision.published_on = as_date(data["published_on"])
    decision.publication = data["publication"]
    decision.adoption_note = data["adoption_note"]
    decision.save(update_fields=["published_on", "publication", "adoption_note"])


def _after_revise(decision: Decision, data, *, actor, unit, today) -> None:
    decision.round += 1
    decision.decided_on = decision.party_reported_on = decision.npc_reported_on = None
    decision.party_reply = ""
    decision.save(
        update_fields=["round", "decided_on", "party_reported_on", "npc_reported_on", "party_reply"]
    )


_EFFECTS = {
    "submit_review": _after_submit_review,
    "review_opinion": _review_close(""),
    "review_unlawful": _review_close("unlawful"),
    "return_materials": _review_close("returned"),
    "adopt": _discussion("adopted"),
    "defer": _discussion("deferred"),
    "reject": _discussion("rejected"),
    "report_party": _after_report_party,
    "report_npc": _set_dates(npc_reported_on="reported_on"),
    "publish": _after_publish,
    "revise": _after_revise,
}


def review_respond(
    *, actor: Person, decision: Decision, response: str, request=None
) -> LegalityReview:
    """The lead unit's adjustment or supplement after an 应当修改 opinion (第二十八条)."""
    post = _drafter(actor, decision)
    response = _text(response, "根据审查意见调整或补充的情况", limit=5000)
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        review = latest_review(locked)
        if locked.state != "reviewed" or review is None or review.opinion != "amend":
            raise ValidationError(
                "只有合法性审查意见为“应当修改”、尚未集体讨论时才需记录调整情况。"
            )
        review.response = response
        review.save(update_fields=["response"])
        _record(
            DecisionEvent.REVIEW_RESPOND,
            actor=actor,
            post=post,
            record=locked,
            changes={"review": (None, review.pk), "response": (None, _digest(response))},
            request=request,
        )
    return review


def attachment_add(
    *,
    actor: Person,
    decision: Decision,
    kind: str,
    title: str,
    upload: Any,
    public: bool = False,
    request=None,
) -> Attachment:
    """A file of the decision's record, stored content-addressed (evidence app), its SHA-256 in
    the decision's ledger history; a refused type or size saves nothing."""
    from fazhi.evidence.services import file_store

    post = _acting_post(
        actor, decision.unit_id, ("handler", "unit_admin", "leader", "legal_reviewer")
    )
    kind = _text(kind, "材料类别", limit=40)
    title = _text(title, "材料名称", limit=200)
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        stored = file_store(
            actor=actor, unit=post.unit, upload=upload, role=post.role, request=request
        )
        attachment = Attachment.objects.create(
            decision=locked,
            round=locked.round,
            kind=kind,
            title=title,
            stored_file=stored,
            public=bool(public),
            added_by=actor,
            added_at=timezone.now(),
        )
        _record(
            DecisionEvent.ATTACHMENT_ADD,
            actor=actor,
            post=post,
            record=locked,
            changes={
                "attachment": (None, attachment.pk),
                "kind": (None, kind),
                "public": (None, bool(public)),
            },
            files=[stored.sha256],
            request=request,
        )
    return attachment


def local_step_record(
    *, actor: Person, decision: Decision, code: str, done_on: Any, note: str, request=None
) -> LocalStep:
    """Record a step the district's own rules add (FAZHI_DECISION_LOCAL_STEPS) as done."""
    post = _acting_post(actor, decision.unit_id, ("handler", "unit_admin", "leader"))
    step = next((s for s in local_steps() if s["code"] == code), None)
    if step is None:
        raise ValidationError("本区程序规定中没有这一环节。")
    done_on = _day(done_on, "完成日期")
    _not_future(done_on, "完成日期")
    note = _text(note, "办理情况", limit=5000)
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        if locked.state in ("completed", "stopped", "rejected", "withdrawn"):
            raise ValidationError("该决策已办结。")
        local = LocalStep.objects.create(
            decision=locked,
            round=locked.round,
            code=code,
            label=step["label"],
            done_on=done_on,
            note=note,
            recorded_by=actor,
        )
        _record(
            DecisionEvent.LOCAL_STEP,
            actor=actor,
            post=post,
            record=locked,
            changes={"code": (None, code), "done_on": (None, done_on.isoformat())},
            request=request,
        )
    return local


# ---- 公众参与 (第十四–十八条) ----------------------------------------------------------------


def comment_period_open(
    *,
    actor: Person,
    decision: Decision,
    opens_on: Any,
    closes_on: Any,
    how_to_comment: str = "",
    shortened_reason: str = "",
    request=None,
) -> CommentPeriod:
    """Publish the draft and its explanation for public comment on the portal (第十五条): the
    period is not less than 30 days unless shortened for a reason stated in the notice."""
    post = _drafter(actor, decision)
    opens_on, closes_on = _day(opens_on, "开始日期"), _day(closes_on, "截止日期")
    shortened_reason = _text(shortened_reason, "缩短期限的理由", required=False, limit=2000)
    how_to_comment = _text(how_to_comment, "提出意见的方式", required=False, limit=2000)
    today = timezone.localdate()
    if opens_on < today:
        raise ValidationError("征求意见开始日期不能早于今天。")
    if closes_on < opens_on:
        raise ValidationError("截止日期不能早于开始日期。")
    earliest = compute("decision.public_comment", opens_on, calendar=current_calendar()).due
    if closes_on < earliest and not shortened_reason:
        raise ValidationError(
            f"公开征求意见的期限一般不少于{period_text('decision.public_comment')}：自{fmt(opens_on)}起，截止日期不得早于"
            f"{fmt(earliest)}；因情况紧急等原因需要缩短的，应当说明理由。{_cite('第十五条第一款')}"
        )
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        _require_drafting(locked, "公开征求意见", "第十五条")
        if not locked.is_public:
            raise ValidationError(
                f"该决策事项依法不予公开，不向社会公开征求意见。{_cite('第十四条第一款')}"
            )
        if not (locked.draft.strip() and locked.explanation.strip()):
            raise ValidationError(
                f"公开征求意见应当公布决策草案及其说明，请先填写。{_cite('第十五条第一款')}"
            )
        if locked.comment_periods.filter(round=locked.round, closes_on__gte=today).exists():
            raise ValidationError("本轮已有一次正在进行或尚未开始的公开征求意见。")
        period = CommentPeriod.objects.create(
            decision=locked,
            round=locked.round,
            draft=locked.draft,
            explanation=locked.explanation,
            how_to_comment=how_to_comment,
            opens_on=opens_on,
            closes_on=closes_on,
            shortened_reason=shortened_reason,
            opened_by=actor,
        )
        _record(
            DecisionEvent.COMMENT_OPEN,
            actor=actor,
            post=post,
            record=locked,
            changes={
                "period": (None, period.pk),
                "opens_on": (None, opens_on.isoformat()),
                "closes_on": (None, closes_on.isoformat()),
                "draft": (None, _digest(period.draft)),
                "shortened_reason": (None, shortened_reason),
            },
            request=request,
        )
    return period


def _client_key(client: str) -> str:
    """A keyed digest of the commenter's address: enough to rate-limit, not to identify."""
    return _keyed(f"decision:{client}").removeprefix("hmac-sha256:")


def comment_submit(
    *,
    period: CommentPeriod,
    text: str,
    channel: str = Channel.PORTAL,
    name: str = "",
    organization: str = "",
    contact: str = "",
    client: str = "",
    actor: Person | None = None,
    request=None,
) -> Comment:
    """A comment from the portal (no account; rate-limited per client address) or entered by
    the lead unit's staff from another channel (letter, meeting, visit, survey)."""
    limit = settings.FAZHI_DECISION_COMMENT_MAX_CHARS
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写意见内容。")
    if len(text) > limit:
        raise ValidationError(f"意见内容不能超过{limit}字（现为{len(text)}字）。")
    if channel not in Channel.values:
        raise ValidationError("意见来源无效。")
    post = None
    if actor is not None:
        post = _drafter(actor, period.decision)
    elif channel != Channel.PORTAL:
        raise PermissionDenied("只有工作人员可以录入其他渠道的意见。")
    for value, label, most in (
        (name, "姓名", 60),
        (organization, "单位", 100),
        (contact, "联系方式", 60),
    ):
        if len((value or "").strip()) > most:
            raise ValidationError(f"{label}不能超过{most}字。")
    key = _client_key(client) if client and actor is None else ""
    with transaction.atomic():
        locked = _lock(CommentPeriod, period.pk)
        today = timezone.localdate()
        if not locked.is_open_on(today) and actor is None:
            raise CommentRefused(
                f"该决策草案的征求意见期为{fmt(locked.opens_on)}至{fmt(locked.closes_on)}，"
                "现在不能提交意见。"
            )
        if actor is not None and today < locked.opens_on:
            raise CommentRefused("征求意见尚未开始。")
        if locked.feedback_published_on is not None:
            raise CommentRefused("意见采纳情况已经公布，本次征求意见已结束。")
        if key:
            hour_ago = timezone.now() - timedelta(hours=1)
            recent = Comment.objects.filter(client_key=key, submitted_at__gte=hour_ago).count()
            if recent >= settings.FAZHI_DECISION_COMMENTS_PER_HOUR:
                raise CommentRefused("提交过于频繁，请一小时后再试。")
        comment = Comment.objects.create(
            period=locked,
            channel=channel,
            name=(name or "").strip(),
            organization=(organization or "").strip(),
            contact=(contact or "").strip(),
            text=text,
            client_key=key,
            submitted_at=timezone.now(),
        )
        _record(
            DecisionEvent.COMMENT_RECEIVE,
            actor=actor,
            post=post,
            record=locked.decision,
            changes={
                "comment": (None, comment.pk),
                "channel": (None, channel),
                "text": (None, _digest(text)),
            },
            request=request,
        )
    return comment


def comment_reply(
    *, actor: Person, comment: Comment, reply: str, reason: str = "", request=None
) -> Comment:
    """The answer to one comment (第十八条): 采纳, 部分采纳 or 不采纳 with the reason."""
    decision = comment.period.decision
    post = _drafter(actor, decision)
    if reply not in Reply.values:
        raise ValidationError("采纳情况须为采纳、部分采纳或不采纳。")
    reason = _text(reason, "理由", required=reply != Reply.ADOPTED, limit=3000)
    with transaction.atomic():
        period = _lock(CommentPeriod, comment.period_id)
        if period.feedback_published_on is not None:
            raise ValidationError("意见采纳情况已经公布，不能再修改答复。")
        comment = _lock(Comment, comment.pk)
        before = comment.reply
        comment.reply, comment.reply_reason = reply, reason
        comment.replied_by, comment.replied_at = actor, timezone.now()
        comment.save(update_fields=["reply", "reply_reason", "replied_by", "replied_at"])
        _record(
            DecisionEvent.COMMENT_REPLY,
            actor=actor,
            post=post,
            record=decision,
            changes={
                "comment": (None, comment.pk),
                "reply": (before or None, reply),
                "reason": (None, reason),
            },
            request=request,
        )
    return comment


def feedback_publish(
    *, actor: Person, period: CommentPeriod, feedback: str, request=None
) -> CommentPeriod:
    """Publish how the comments were used, when the period has ended and every comment has its
    reply (第十八条; 第三十二条)."""
    post = _drafter(actor, period.decision)
    feedback = _text(feedback, "意见采纳情况反馈", limit=20000)
    with transaction.atomic():
        period = _lock(CommentPeriod, period.pk)
        today = timezone.localdate()
        if period.closes_on >= today:
            raise ValidationError(f"征求意见期至{fmt(period.closes_on)}，期满后才能公布采纳情况。")
        if period.feedback_published_on is not None:
            raise ValidationError("意见采纳情况已经公布。")
        unanswered = period.comments.filter(reply="").count()
        if unanswered:
            raise ValidationError(f"尚有{unanswered}条意见未答复采纳情况。{_cite('第十八条')}")
        period.feedback, period.feedback_published_on = feedback, today
        period.save(update_fields=["feedback", "feedback_published_on"])
        _record(
            DecisionEvent.FEEDBACK_PUBLISH,
            actor=actor,
            post=post,
            record=period.decision,
            changes={"period": (None, period.pk), "feedback": (None, _digest(feedback))},
            request=request,
        )
    return period


# ---- hearings (第十六–十七条) -------------------------------------------------------------------


def _latest_delivery(held_on: date) -> date:
    return compute("decision.hearing_materials", held_on, calendar=current_calendar()).due


def hearing_announce(
    *,
    actor: Person,
    decision: Decision,
    held_on: Any,
    time: str,
    place: str,
    selection_method: str,
    request=None,
) -> Hearing:
    """Announce a hearing with the draft, its time and place and the participants' selection
    method (第十六条第二、三款). Refused when the materials could no longer reach the
    participants 7 days before it."""
    post = _drafter(actor, decision)
    held_on = _day(held_on, "听证日期")
    time = _text(time, "听证时间", limit=40)
    place = _text(place, "听证地点", limit=200)
    selection_method = _text(selection_method, "听证参加人遴选办法", limit=5000)
    today = timezone.localdate()
    latest = _latest_delivery(held_on)
    if latest < today:
        raise ValidationError(
            f"听证会材料应当于召开听证会{period_text('decision.hearing_materials')}前送达听证参加人：{fmt(held_on)}举行的听证会，材料最迟"
            f"应于{fmt(latest)}送达，已来不及，请另定日期。{_cite('第十六条第三款')}"
        )
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        _require_drafting(locked, "召开听证会", "第十六条")
        if not locked.draft.strip():
            raise ValidationError(
                f"听证会须提前公布决策草案及其说明，请先填写。{_cite('第十六条第二款')}"
            )
        hearing = Hearing.objects.create(
            decision=locked,
            round=locked.round,
            held_on=held_on,
            time=time,
            place=place,
            selection_method=selection_method,
            draft=locked.draft,
            explanation=locked.explanation,
            announced_on=today,
            created_by=actor,
        )
        _record(
            DecisionEvent.HEARING_ANNOUNCE,
            actor=actor,
            post=post,
            record=locked,
            changes={
                "hearing": (None, hearing.pk),
                "held_on": (None, held_on.isoformat()),
                "place": (None, place),
            },
            request=request,
        )
    return hearing


def _hearing_locked(actor: Person, hearing: Hearing) -> tuple[Post, Hearing]:
    post = _drafter(actor, hearing.decision)
    locked = _lock(Hearing, hearing.pk)
    if locked.state != HearingState.ANNOUNCED:
        raise ValidationError(f"该听证会{locked.get_state_display()}。")
    return post, locked


def hearing_participants_publish(
    *, actor: Person, hearing: Hearing, participants: list[Mapping[str, str]], request=None
) -> Hearing:
    """Publish the participants' list in advance (第十六条第三款), chosen so that every side is
    represented."""
    clean = [
        {
            "name": str(p.get("name") or "").strip()[:60],
            "side": str(p.get("side") or "").strip()[:60],
        }
        for p in participants or []
    ]
    clean = [p for p in clean if p["name"]]
    if not clean:
        raise ValidationError("请填写听证参加人名单。")
    with transaction.atomic():
        post, locked = _hearing_locked(actor, hearing)
        today = timezone.localdate()
        if today >= locked.held_on:
            raise ValidationError(f"听证参加人名单应当提前向社会公布。{_cite('第十六条第三款')}")
        locked.participants, locked.participants_published_on = clean, today
        locked.save(update_fields=["participants", "participants_published_on"])
        _record(
            DecisionEvent.HEARING_PARTICIPANTS,
            actor=actor,
            post=post,
            record=locked.decision,
            changes={"hearing": (None, locked.pk), "participants": (None, len(clean))},
            request=request,
        )
    return locked


def hearing_materials_deliver(
    *, actor: Person, hearing: Hearing, delivered_on: Any, request=None
) -> Hearing:
    """Record the day the materials reached the participants: at the latest 7 days before."""
    delivered_on = _day(delivered_on, "材料送达日期")
    _not_future(delivered_on, "材料送达日期")
    with transaction.atomic():
        post, locked = _hearing_locked(actor, hearing)
        latest = _latest_delivery(locked.held_on)
        if delivered_on > latest:
            raise ValidationError(
                f"听证会材料应当于召开听证会{period_text('decision.hearing_materials')}前送达：{fmt(locked.held_on)}的听证会最迟应于"
                f"{fmt(latest)}送达，{fmt(delivered_on)}送达已不足{period_text('decision.hearing_materials')}，请改期。{_cite('第十六条第三款')}"
            )
        locked.materials_delivered_on = delivered_on
        locked.save(update_fields=["materials_delivered_on"])
        _record(
            DecisionEvent.HEARING_MATERIALS,
            actor=actor,
            post=post,
            record=locked.decision,
            changes={
                "hearing": (None, locked.pk),
                "delivered_on": (None, delivered_on.isoformat()),
            },
            request=request,
        )
    return locked


def hearing_hold(
    *, actor: Person, hearing: Hearing, record: str, record_signed: bool, request=None
) -> Hearing:
    """The hearing was held publicly (第十七条): the participants' list had been published, the
    materials delivered in time, and the participants confirmed and signed the record."""
    record = _text(record, "听证会记录", limit=100000)
    with transaction.atomic():
        post, locked = _hearing_locked(actor, hearing)
        today = timezone.localdate()
        if today < locked.held_on:
            raise ValidationError(f"听证会定于{fmt(locked.held_on)}举行，尚未到期。")
        if locked.participants_published_on is None:
            raise ValidationError(f"听证参加人名单未提前向社会公布。{_cite('第十六条第三款')}")
        if (
            locked.materials_delivered_on is None
            or locked.materials_delivered_on > _latest_delivery(locked.held_on)
        ):
            raise ValidationError(
                f"听证会材料未于召开听证会{period_text('decision.hearing_materials')}前送达听证参加人。{_cite('第十六条第三款')}"
            )
        if not record_signed:
            raise ValidationError(
                f"听证参加人应当确认听证会记录并签字。{_cite('第十七条第（三）项')}"
            )
        locked.state, locked.record, locked.record_signed = HearingState.HELD, record, True
        locked.save(update_fields=["state", "record", "record_signed"])
        _record(
            DecisionEvent.HEARING_HOLD,
            actor=actor,
            post=post,
            record=locked.decision,
            changes={"hearing": (None, locked.pk), "record": (None, _digest(record))},
            request=request,
        )
    return locked


def hearing_cancel(*, actor: Person, hearing: Hearing, reason: str, request=None) -> Hearing:
    reason = _text(reason, "取消理由", limit=2000)
    with transaction.atomic():
        post, locked = _hearing_locked(actor, hearing)
        locked.state, locked.cancel_reason = HearingState.CANCELLED, reason
        locked.save(update_fields=["state", "cancel_reason"])
        _record(
            DecisionEvent.HEARING_CANCEL,
            actor=actor,
            post=post,
            record=locked.decision,
            changes={"hearing": (None, locked.pk)},
            note=reason,
            request=request,
        )
    return locked


# ---- 专家论证 (第十九–二十一条) ---------------------------------------------------------------


def expert_save(
    *,
    actor: Person,
    unit: Unit,
    name: str,
    specialties: str,
    affiliation: str,
    title: str = "",
    phone: str = "",
    active: bool = True,
    expert: Expert | None = None,
    request=None,
) -> Expert:
    """Add or edit an expert of the decision-consultation pool (第二十一条), kept by the legal
    affairs office."""
    post = _legal_office_post(actor, expert.unit if expert is not None else unit)
    values = {
        "name": _text(name, "姓名", limit=60),
        "specialties": _text(specialties, "专业领域", limit=200),
        "affiliation": _text(affiliation, "工作单位", limit=200),
        "title": _text(title, "职称或职务", required=False, limit=60),
        "phone": _text(phone, "联系电话", required=False, limit=40),
        "active": bool(active),
    }
    with transaction.atomic():
        if expert is None:
            expert = Expert.objects.create(unit=unit, **values)
            changes = {"expert": (None, expert.pk)}
        else:
            expert = _lock(Expert, expert.pk)
            changes = {
                k: (getattr(expert, k), v)
                for k, v in values.items()
                if getattr(expert, k) != v and k != "phone"
            }
            for k, v in values.items():
                setattr(expert, k, v)
            expert.save()
            changes["expert"] = (None, expert.pk)
        # Experts are not parties: the ledger names the pool change, not the person.
        ledger.record(
            event=DecisionEvent.EXPERT_SAVE,
            actor=actor,
            unit=post.unit,
            role=post.role,
            record=expert,
            changes={k: v for k, v in changes.items() if k in ("expert", "active", "specialties")},
            request=request,
        )
    return expert


def conflict_declare(
    *,
    actor: Person,
    expert: Expert,
    description: str,
    decision: Decision | None = None,
    unit: Unit | None = None,
    request=None,
) -> Conflict:
    """A declared conflict of interest with one decision or with a unit (第二十条)."""
    post = _legal_office_post(actor, expert.unit, ("legal_reviewer", "unit_admin", "handler"))
    description = _text(description, "利害关系说明", limit=2000)
    if decision is None and unit is None:
        raise ValidationError("利害关系须指明所涉决策或单位。")
    with transaction.atomic():
        conflict = Conflict.objects.create(
            expert=expert, decision=decision, unit=unit, description=description
        )
        ledger.record(
            event=DecisionEvent.CONFLICT_DECLARE,
            actor=actor,
            unit=post.unit,
            role=post.role,
            record=decision or expert,
            changes={"expert": (None, expert.pk), "unit": (None, unit.pk if unit else None)},
            request=request,
        )
    return conflict


def is_conflicted(expert: Expert, decision: Decision) -> bool:
    from .selectors import conflict_filter

    return expert.conflicts.filter(conflict_filter(decision)).exists()


def expert_review_start(
    *, actor: Person, decision: Decision, method: str, institution: str = "", request=None
) -> ExpertReview:
    post = _drafter(actor, decision)
    if method not in ReviewMethod.values:
        raise ValidationError("论证方式须为论证会、书面咨询或委托咨询论证。")
    institution = _text(
        institution, "受托专业机构", required=method == ReviewMethod.COMMISSIONED, limit=200
    )
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        _require_drafting(locked, "专家论证", "第十九条")
        review = ExpertReview.objects.create(
            decision=locked,
            round=locked.round,
            method=method,
            institution=institution,
            created_by=actor,
        )
        _record(
            DecisionEvent.EXPERT_REVIEW_START,
            actor=actor,
            post=post,
            record=locked,
            changes={
                "review": (None, review.pk),
                "method": (None, method),
                "institution": (None, institution),
            },
            request=request,
        )
    return review


def _select(
    actor, post, review: ExpertReview, expert: Expert, request, drawn: bool
) -> ExpertOpinion:
    if not expert.active:
        raise ValidationError(f"{expert.name}已不在专家库中。")
    if is_conflicted(expert, review.decision):
        raise ValidationError(
            f"{expert.name}已申报与本决策事项存在利害关系，不得选择。{_cite('第二十条')}"
        )
    if review.opinions.filter(expert=expert).exists():
        raise ValidationError(f"{expert.name}已在本次论证中。")
    opinion = ExpertOpinion.objects.create(review=review, expert=expert)
    _record(
        DecisionEvent.EXPERT_SELECT,
        actor=actor,
        post=post,
        record=review.decision,
        changes={"review": (None, review.pk), "expert": (None, expert.pk), "drawn": (None, drawn)},
        request=request,
    )
    return opinion


def _review_locked(actor: Person, review: ExpertReview) -> tuple[Post, ExpertReview]:
    post = _drafter(actor, review.decision)
    decision = _lock(Decision, review.decision_id)
    review = ExpertReview.objects.select_related("decision").get(pk=review.pk)
    if decision.state != "drafting" or review.round != decision.round:
        raise ValidationError(f"专家论证须在决策草案拟订阶段进行。{_cite('第十九条')}")
    if review.cancel_reason:
        raise ValidationError("该次论证已经撤销。")
    return post, review


def expert_select(
    *, actor: Person, review: ExpertReview, expert: Expert, request=None
) -> ExpertOpinion:
    """Choose one expert by hand; one with a declared conflict is refused (第二十条)."""
    with transaction.atomic():
        post, review = _review_locked(actor, review)
        return _select(actor, post, review, expert, request, drawn=False)


def experts_draw(
    *, actor: Person, review: ExpertReview, specialty: str = "", count: int = 3, request=None
) -> list[ExpertOpinion]:
    """Draw `count` experts at random from the pool (in the specialty, if given), leaving out
    the conflicted and those already chosen."""
    from .selectors import eligible_experts

    if not 1 <= int(count) <= 20:
        raise ValidationError("抽取人数须在1至20人之间。")
    with transaction.atomic():
        post, review = _review_locked(actor, review)
        chosen = set(review.opinions.values_list("expert_id", flat=True))
        pool = [e for e in eligible_experts(review.decision, specialty) if e.pk not in chosen]
        if len(pool) < int(count):
            raise ValidationError(
                f"符合条件（{specialty or '全部领域'}、无利害关系）的专家只有{len(pool)}人，"
                f"不足{count}人。"
            )
        drawn = random.SystemRandom().sample(pool, int(count))
        return [_select(actor, post, review, e, request, drawn=True) for e in drawn]


def expert_opinion_record(
    *,
    actor: Person,
    opinion: ExpertOpinion,
    text: str,
    signed: bool,
    submitted_on: Any,
    request=None,
) -> ExpertOpinion:
    """An expert's written opinion, signed (第十九条第二款)."""
    text = _text(text, "论证意见", limit=50000)
    submitted_on = _day(submitted_on, "提交日期")
    _not_future(submitted_on, "提交日期")
    if not signed:
        raise ValidationError(f"专家提供书面论证意见的，应当署名。{_cite('第十九条第二款')}")
    with transaction.atomic():
        post, review = _review_locked(actor, opinion.review)
        opinion = _lock(ExpertOpinion, opinion.pk)
        opinion.opinion, opinion.signed, opinion.submitted_on = text, True, submitted_on
        opinion.save(update_fields=["opinion", "signed", "submitted_on"])
        _record(
            DecisionEvent.EXPERT_OPINION,
            actor=actor,
            post=post,
            record=review.decision,
            changes={"opinion": (None, opinion.pk), "text": (None, _digest(text))},
            request=request,
        )
    return opinion


def expert_review_cancel(
    *, actor: Person, review: ExpertReview, reason: str, request=None
) -> ExpertReview:
    """Abandon an expert review that cannot be completed (an expert who does not answer, a
    conflict found late), with the reason; a new review may then be organized."""
    reason = _text(reason, "撤销理由", limit=2000)
    with transaction.atomic():
        post, review = _review_locked(actor, review)
        review.cancel_reason = reason
        review.save(update_fields=["cancel_reason"])
        _record(
            DecisionEvent.EXPERT_REVIEW_CANCEL,
            actor=actor,
            post=post,
            record=review.decision,
            changes={"review": (None, review.pk)},
            note=reason,
            request=request,
        )
    return review


def expert_review_conclude(
    *, actor: Person, review: ExpertReview, adoption: str, held_on: Any = None, request=None
) -> ExpertReview:
    """How the drafting unit studied and used the experts' opinions (第十八条, 第二十九条(三))."""
    adoption = _text(adoption, "论证意见研究采纳情况", limit=20000)
    held_on = _day(held_on, "论证日期", required=False)
    with transaction.atomic():
        post, review = _review_locked(actor, review)
        opinions = list(review.opinions.all())
        if not opinions and not review.institution:
            raise ValidationError("本次论证还没有论证专家。")
        if any(not (o.opinion and o.signed) for o in opinions):
            raise ValidationError(f"尚有专家未提交署名的书面论证意见。{_cite('第十九条第二款')}")
        review.adoption, review.held_on = adoption, held_on
        review.save(update_fields=["adoption", "held_on"])
        _record(
            DecisionEvent.EXPERT_REVIEW_CONCLUDE,
            actor=actor,
            post=post,
            record=review.decision,
            changes={"review": (None, review.pk), "adoption": (None, _digest(adoption))},
            request=request,
        )
    return review


# ---- 风险评估 (第二十二–二十四条) --------------------------------------------------------------


def risk_assess(
    *,
    actor: Person,
    decision: Decision,
    assessor: str,
    methods: str,
    dimensions: Mapping[str, Mapping[str, str]],
    level: str,
    controllable: bool,
    measures: str,
    contingency: str,
    departments_heard: str,
    reported_on: Any,
    request=None,
) -> RiskAssessment:
    """The risk assessment report (第二十三条): risk points by dimension, measures, the
    contingency plan, the departments heard; the finding whether the risk is controllable."""
    post = _drafter(actor, decision)
    assessor = _text(assessor, "评估单位", limit=200)
    methods = _text(methods, "评估方式", limit=200)
    measures = _text(measures, "风险防范措施", limit=20000)
    contingency = _text(contingency, "处置预案", limit=20000)
    departments_heard = _text(departments_heard, "听取有关部门意见情况", limit=5000)
    reported_on = _day(reported_on, "报告日期")
    _not_future(reported_on, "报告日期")
    if level not in RiskLevel.values:
        raise ValidationError("风险等级须为低、中、高之一。")
    known = dict(RISK_DIMENSIONS)
    clean = {}
    for code, item in (dimensions or {}).items():
        if code not in known:
            raise ValidationError(f"未知的评估维度：{code}。")
        if item.get("level") not in RiskLevel.values:
            raise ValidationError(f"请为“{known[code]}”选择风险等级。")
        clean[code] = {
            "level": item["level"],
            "points": str(item.get("points") or "").strip()[:3000],
        }
    if not clean:
        raise ValidationError("风险评估报告须至少涵盖一个评估维度（如社会稳定、公共安全）。")
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        _require_drafting(locked, "风险评估", "第二十二条")
        risk = RiskAssessment.objects.create(
            decision=locked,
            round=locked.round,
            assessor=assessor,
            methods=methods,
            dimensions=clean,
            level=level,
            controllable=bool(controllable),
            measures=measures,
            contingency=contingency,
            departments_heard=departments_heard,
            reported_on=reported_on,
            created_by=actor,
        )
        _record(
            DecisionEvent.RISK_ASSESS,
            actor=actor,
            post=post,
            record=locked,
            changes={
                "assessment": (None, risk.pk),
                "level": (None, level),
                "controllable": (None, bool(controllable)),
            },
            request=request,
        )
    return risk


# ---- 执行和评估 (第三十四–三十七条) ----------------------------------------------------------


EXECUTING = ("executing", "suspended")


def task_create(
    *,
    actor: Person,
    decision: Decision,
    unit: Unit,
    target: str,
    due_on: Any,
    report_every_days: int = 90,
    request=None,
) -> ExecutionTask:
    """The decision body names an execution unit, its target and time limit (第三十四条)."""
    post = _body_staff(actor, decision.body)
    target = _text(target, "执行目标", limit=5000)
    due_on = _day(due_on, "完成时限")
    if not 7 <= int(report_every_days) <= 366:
        raise ValidationError("报告周期须在7至366日之间。")
    if unit.pk != decision.body_id and not unit.path.startswith(decision.body.path):
        raise ValidationError(f"{unit.name}不属于{decision.body.name}，不能作为决策执行单位。")
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        if locked.state not in ("reported", *EXECUTING):
            raise ValidationError("决策作出并报告后才能明确执行任务。")
        if due_on < timezone.localdate():
            raise ValidationError("完成时限不能早于今天。")
        task = ExecutionTask.objects.create(
            decision=locked,
            unit=unit,
            target=target,
            due_on=due_on,
            report_every_days=int(report_every_days),
            created_by=actor,
            created_at=timezone.now(),
        )
        _record(
            DecisionEvent.TASK_CREATE,
            actor=actor,
            post=post,
            record=locked,
            changes={
                "task": (None, task.pk),
                "unit": (None, unit.pk),
                "due_on": (None, due_on.isoformat()),
            },
            request=request,
        )
    return task


def task_report(
    *,
    actor: Person,
    task: ExecutionTask,
    progress: str,
    problem: bool = False,
    problem_text: str = "",
    done: bool = False,
    request=None,
) -> ExecutionReport:
    """The execution unit reports (第三十四条), and reports a problem or a major change at once
    (第三十五条): the decision body's leaders get a to-do item."""
    post = _post_in(actor, task.unit, ("handler", "unit_admin", "leader"))
    progress = _text(progress, "执行情况", limit=20000)
    problem_text = _text(problem_text, "问题或情况变化", required=bool(problem), limit=5000)
    with transaction.atomic():
        decision = _lock(Decision, task.decision_id)
        task = _lock(ExecutionTask, task.pk)
        if decision.state not in EXECUTING:
            raise ValidationError(f"该决策当前为“{decision.state_label}”，不在执行中。")
        if task.done_on is not None:
            raise ValidationError("该执行任务已经完成。")
        today = timezone.localdate()
        report = ExecutionReport.objects.create(
            task=task,
            reported_on=today,
            progress=progress,
            problem=bool(problem),
            problem_text=problem_text,
            done=bool(done),
            reporter=actor,
        )
        if done:
            task.done_on = today
            task.save(update_fields=["done_on"])
        _record(
            DecisionEvent.TASK_REPORT,
            actor=actor,
            post=post,
            record=decision,
            changes={
                "task": (None, task.pk),
                "problem": (None, bool(problem)),
                "done": (None, bool(done)),
                "progress": (None, _digest(progress)),
            },
            request=request,
        )
        if problem:
            _notify_body(decision, f"执行中发现问题（第三十五条）：{decision.title}", report)
    return report


def _notify_body(decision: Decision, title: str, report: ExecutionReport) -> None:
    from fazhi.core.services import todo_create

    leaders = (
        Post.objects.active()
        .filter(unit_id=decision.body_id, role__in=BODY)
        .select_related("person")
    )
    for post in leaders:
        todo_create(
            assignee=post.person,
            unit=decision.body,
            title=title[:200],
            module="major_decisions",
            source=f"major_decisions.ExecutionReport:{report.pk}",
            url=decision.get_absolute_url(),
        )


def tasks_remind(*, today: date | None = None) -> int:
    """Put each overdue execution task, and each task whose report is overdue, on the
    workspace of the execution unit's staff, once per task and due date. Returns how many."""
    from fazhi.core.models import TodoItem
    from fazhi.core.services import todo_create
    from fazhi.deadlines.services import end_of_day

    today = today or timezone.localdate()
    made = 0
    tasks = (
        ExecutionTask.objects.filter(done_on__isnull=True, decision__state="executing")
        .select_related("decision", "unit")
        .prefetch_related("reports")
    )
    for task in tasks:
        last = max((r.reported_on for r in task.reports.all()), default=task.created_at.date())
        report_due = last + timedelta(days=task.report_every_days)
        if task.due_on < today:
            due, what = task.due_on, "执行任务已逾期"
        elif report_due < today:
            due, what = report_due, "执行情况报告已逾期"
        else:
            continue
        source = f"major_decisions.ExecutionTask:{task.pk}:{due.isoformat()}"
        if TodoItem.objects.filter(source=source).exists():
            continue
        staff = (
            Post.objects.active().filter(unit=task.unit, role__in=HANDLERS).select_related("person")
        )
        for post in staff:
            todo_create(
                assignee=post.person,
                unit=task.unit,
                title=f"{what}：{task.decision.title}"[:200],
                module="major_decisions",
                source=source,
                url=task.decision.get_absolute_url(),
                due_at=end_of_day(due),
                deadline_basis="《重大行政决策程序暂行条例》（2019年）第三十四条；完成时限和报告周期由决策机关确定",
            )
            made += 1
    return made


def _pre_decision_workers(decision: Decision) -> tuple[set[int], set[str]]:
    """Units and third parties that did the main pre-decision work (第三十六条第二款)."""
    units = {decision.unit_id}
    names = {decision.unit.name}
    names |= set(decision.risk_assessments.values_list("assessor", flat=True))
    names |= {n for n in decision.expert_reviews.values_list("institution", flat=True) if n}
    return units, {n.strip() for n in names if n.strip()}


def evaluation_start(
    *,
    actor: Person,
    decision: Decision,
    trigger: str,
    trigger_note: str,
    evaluator_unit: Unit | None = None,
    third_party: str = "",
    request=None,
) -> Evaluation:
    """The decision body organizes a post-decision evaluation when 第三十六条 allows it, by a
    unit or third party that did not do the main pre-decision work."""
    post = _body_staff(actor, decision.body)
    if trigger not in Trigger.values:
        raise ValidationError("启动情形须为第三十六条第一款所列情形之一。")
    trigger_note = _text(trigger_note, "情形说明", limit=5000)
    third_party = _text(third_party, "受托第三方", required=False, limit=200)
    if evaluator_unit is None and not third_party:
        raise ValidationError("须指明承担评估具体工作的单位或受托第三方。")
    units, names = _pre_decision_workers(decision)
    if (
        (evaluator_unit and evaluator_unit.pk in units)
        or (third_party and third_party in names)
        or (evaluator_unit and evaluator_unit.name in names)
    ):
        raise ValidationError(
            f"决策作出前承担主要论证评估工作的单位不得承担决策后评估。{_cite('第三十六条第二款')}"
        )
    with transaction.atomic():
        locked = _lock(Decision, decision.pk)
        if locked.state not in (*EXECUTING, "completed"):
            raise ValidationError("决策实施后才能开展决策后评估。")
        evaluation = Evaluation.objects.create(
            decision=locked,
            trigger=trigger,
            trigger_note=trigger_note,
            evaluator_unit=evaluator_unit,
            third_party=third_party,
            started_on=timezone.localdate(),
            created_by=actor,
        )
        _record(
            DecisionEvent.EVALUATION_START,
            actor=actor,
            post=post,
            record=locked,
            changes={
                "evaluation": (None, evaluation.pk),
                "trigger": (None, trigger),
                "evaluator": (None, evaluation.evaluator),
            },
            request=request,
        )
    return evaluation


def evaluation_record(
    *,
    actor: Person,
    evaluation: Evaluation,
    report: str,
    conclusion: str,
    follow_up: str,
    public_heard: str = "",
    request=None,
) -> Evaluation:
    """The evaluation's report and conclusion; an adjustment or a stop then goes through the
    procedure (steps revise / stop, 第三十七条)."""
    post = _body_staff(actor, evaluation.decision.body)
    report = _text(report, "评估报告", limit=100000)
    follow_up = _text(follow_up, "后续处理", limit=5000)
    public_heard = _text(public_heard, "听取社会公众意见情况", required=False, limit=5000)
    if conclusion not in EvaluationConclusion.values:
        raise ValidationError("评估结论须为继续执行、调整或停止执行。")
    with transaction.atomic():
        evaluation = _lock(Evaluation, evaluation.pk)
        if evaluation.done_on is not None:
            raise ValidationError("该评估已经完成。")
        evaluation.report, evaluation.conclusion = report, conclusion
        evaluation.follow_up, evaluation.public_heard = follow_up, public_heard
        evaluation.done_on = timezone.localdate()
        evaluation.save()
        _record(
            DecisionEvent.EVALUATION_RECORD,
            actor=actor,
            post=post,
            record=evaluation.decision,
            changes={
                "evaluation": (None, evaluation.pk),
                "conclusion": (None, conclusion),
                "report": (None, _digest(report)),
            },
            request=request,
        )
    return evaluation
