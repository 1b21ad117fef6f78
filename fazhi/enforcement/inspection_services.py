"""Random inspections (双随机、一公开): checklists, declared conflicts, plans, the verifiable draw,
inspection results and their publication. Every write is one transaction with one ledger entry;
a plan's entries are recorded against the plan, so its history is the public record of the draw
(public from the commit); an inspection's result is recorded against the inspection (not public)
until its publication, recorded against the plan.

A plan is the lead body's own act: drafted, committed and drawn by its leader or administrator
(a post in the body's unit or below) — not by the 司法局 or a district administrator, whose reach
covers every body — and a joint body takes part only when the actor holds such a post in it too.
The draw takes place from the day after the commit (never in the same instant: whoever commits
cannot try seeds until one suits), and the commit publishes that day.

The draw (`draw.py`, format fazhi-draw/1) runs on three canonical files frozen when the plan is
committed — the target pool (统一社会信用代码 and credit/risk tier of every entity), the officer
pool (the certificate numbers of the certified enforcement officers of the lead and joint bodies,
with their body) and the exclusions (declared conflicts, and officers who inspected the same
entity within the plan's conflict period) — stored in the evidence store and hashed into the
ledger together with the commitment (SHA-256) of a fresh random seed, before the draw. The seed
stays in the plan row, unpublished, until the draw; the draw reveals it, so anyone can re-run
the draw from the bundle (`plan_bundle`) with `fazhi_draw.py verify`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.core.models import Person, Post, Unit
from fazhi.deadlines.compute import compute
from fazhi.deadlines.selectors import current_calendar
from fazhi.evidence.services import (
    EvidenceCorrupted,
    file_open_verified,
    file_store,
    files_by_hash,
)

from . import draw, law
from .events import EnforcementEvent as E
from .models import (
    Body,
    Certificate,
    CertificateStatus,
    ChecklistItem,
    Duty,
    Entity,
    Finding,
    Inspection,
    InspectionPlan,
    InspectionState,
    Item,
    Officer,
    OfficerConflict,
    PlanState,
)
from .services import ADMINS, OFFICE_ROLES, _day, _past, _post, _record, _text

HEADS = ("leader", "unit_admin")  # a body's own (own_post): may draft, commit and draw its plans
STAFF = ("handler", "unit_admin", "leader", "legal_reviewer")

EMPTY_SHA256 = draw.digest(b"")
TIER_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

RESULT_OK = "未发现问题"
RESULT_CHOICES = (
    RESULT_OK,
    "发现问题，责令限期改正",
    "发现问题，已立案调查",
    "发现问题，移送有关部门处理",
)
RESULT_NOT_FOUND = "未发现检查对象（查无下落）"
TWO_OFFICERS = "行政处罚法第四十二条：执法人员不得少于两人"
DISCLOSURE_RULE = "enforcement.disclosure"


# ---- checklists and conflicts -------------------------------------------------------------------


def checklist_save(
    *, actor: Person, item: Item, lines: Iterable[Mapping[str, str] | str], request=None
) -> list[ChecklistItem]:
    """Set an item's inspection checklist (检查单): lines in order, each {text, basis}. A line
    already answered in an inspection keeps its text (the record must keep its meaning): it
    cannot be changed or removed; new lines can be added after it."""
    post = _post(actor, item.body.unit_id, ADMINS + OFFICE_ROLES)
    wanted = []
    for number, line in enumerate(lines, 1):
        if isinstance(line, str):
            line = {"text": line}
        text = _text(line.get("text"), f"检查单第{number}项的检查内容", limit=300)
        basis = _text(
            line.get("basis", ""), f"检查单第{number}项的检查依据", required=False, limit=300
        )
        wanted.append((number, text, basis))
    if not wanted:
        raise ValidationError("检查单至少应有一项检查内容。")
    with transaction.atomic():
        current = {
            line.order: line for line in ChecklistItem.objects.select_for_update().filter(item=item)
        }
        used = set(
            Finding.objects.filter(line__item=item).values_list("line__order", flat=True).distinct()
        )
        for order in sorted(used):
            line = current[order]
            new = next(((t, b) for n, t, b in wanted if n == order), None)
            if new is None or new != (line.text, line.basis):
                raise ValidationError(
                    f"检查单第{order}项“{line.text}”已用于检查记录，不能修改或删除；"
                    "可以在检查单末尾增加新的检查项。"
                )
        for order, line in current.items():
            if order > len(wanted):
                line.delete()
        saved = []
        for order, text, basis in wanted:
            line = current.get(order)
            if line is None:
                line = ChecklistItem.objects.create(item=item, order=order, text=text, basis=basis)
            elif (line.text, line.basis) != (text, basis):
                line.text, line.basis = text, basis
                line.save(update_fields=["text", "basis"])
            saved.append(line)
        _record(
            E.CHECKLIST_SAVE,
            actor=actor,
            post=post,
            record=item,
            changes={"lines": (len(current), len(saved))},
            request=request,
        )
    return saved


def conflict_declare(
    *,
    actor: Person,
    officer: Officer,
    entity: Entity,
    reason: str,
    declared_on: Any = None,
    request=None,
) -> OfficerConflict:
    """Declare that `officer` must not inspect `entity` (回避): by the officer, or by the head
    or administrator of the body. Conflicts declared before a plan is committed are excluded
    from its draw."""
    if officer.person_id == actor.pk:
        post = _post(actor, officer.body.unit_id, STAFF)
    else:
        post = _post(actor, officer.body.unit_id, ADMINS, "回避由执法人员本人或本单位负责人申报。")
    reason = _text(reason, "回避事由", limit=200)
    day = _past(declared_on or timezone.localdate(), "申报日期")
    with transaction.atomic():
        if OfficerConflict.objects.filter(officer=officer, entity=entity).exists():
            raise ValidationError(f"{officer}与“{entity.name}”的回避已经申报。")
        conflict = OfficerConflict.objects.create(
            officer=officer, entity=entity, reason=reason, declared_on=day
        )
        _record(
            E.CONFLICT_DECLARE,
            actor=actor,
            post=post,
            record=officer,
            changes={"entity": (None, entity.code), "declared_on": (None, day.isoformat())},
            note=reason,
            request=request,
        )
    return conflict


# ---- plans --------------------------------------------------------------------------------------


def _plan_post(actor: Person, plan_or_body, roles, message: str = "") -> Post:
    body = plan_or_body.body if isinstance(plan_or_body, InspectionPlan) else plan_or_body
    return _post(actor, body.unit_id, roles, message or f"您无权办理{body}的抽查计划。")


def own_post(actor: Person, body: Body, message: str = "") -> Post:
    """The actor's active post as leader or administrator in the body's own unit (or one of its
    sub-units): the plans of a body commit its officers, so only its own head decides them."""
    post = (
        Post.objects.active()
        .filter(person=actor, role__in=HEADS, unit__path__startswith=body.unit.path)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    if post is None:
        raise PermissionDenied(
            message or f"抽查计划由{body}的负责人或单位管理员拟定、公布和抽取，您无权办理。"
        )
    return post


def own_bodies(person: Person) -> QuerySet[Body]:
    """The bodies of which the person is leader or administrator (own_post): those whose plans
    they may draft, commit and draw, and which they may join to a plan."""
    paths: set[str] = set()
    posts = Post.objects.active().filter(person=person, role__in=HEADS)
    for path in posts.values_list("unit__path", flat=True):
        paths.update(path[:end] for end in range(Unit.steplen, len(path) + 1, Unit.steplen))
    return Body.objects.filter(unit__path__in=paths).select_related("unit").order_by("unit__path")


def draw_opens(committed_at) -> date:
    """The first day a committed plan or campaign may be drawn: the day after its commit."""
    return timezone.localtime(committed_at).date() + timedelta(days=1)


def check_draw_day(committed_at, what: str) -> None:
    """Refuse a draw on the day of the commit (the operator could otherwise re-commit until a
    seed suits); the day is published with the commit."""
    opens = draw_opens(committed_at)
    if timezone.localdate() < opens:
        raise ValidationError(
            f"{what}的随机抽取不能与公布在同一天进行，自{law.fmt(opens)}起可以抽取。"
        )


def _ratios(ratios: Mapping[str, Any]) -> dict[str, str]:
    if not isinstance(ratios, Mapping) or not ratios:
        raise ValidationError("请填写至少一个信用风险等级的抽查比例。")
    cleaned: dict[str, str] = {}
    for tier, ratio in ratios.items():
        tier = str(tier).strip().upper()
        if not tier or len(tier) > 2 or set(tier) - TIER_CHARS:
            raise ValidationError(f"信用风险等级“{tier}”无效，应为 1～2 位字母或数字。")
        cleaned[tier] = str(ratio).strip()
    try:
        draw.read_params({"ratios": cleaned})
    except draw.DrawError as exc:
        raise ValidationError(str(exc)) from None
    if all(draw.read_params({"ratios": {t: r}}).quotas[t] == 0 for t, r in cleaned.items()):
        raise ValidationError("抽查比例不能全部为 0。")
    return dict(sorted(cleaned.items()))


def params_of(plan: InspectionPlan) -> dict[str, Any]:
    """The draw's parameters as published in plan.json."""
    return {"ratios": dict(plan.ratios), "officers_per_target": plan.officers_per_target}


def plan_create(
    *,
    actor: Person,
    body: Body,
    title: str,
    year: int,
    starts_on: Any,
    ends_on: Any,
    items: Iterable[Item],
    ratios: Mapping[str, Any],
    joint_bodies: Iterable[Body] = (),
    officers_per_target: int = 2,
    conflict_days: int = 365,
    request=None,
) -> InspectionPlan:
    """Draft a random-inspection plan of `body` (the lead) and, for a joint inspection
    (进一次门、查多项事), the joint bodies: the items inspected (held by these bodies; one
    inspection covers them all), the sampling ratio per credit/risk tier, officers per target
    (at least two), and the conflict period."""
    post = own_post(actor, body)
    title = _text(title, "计划名称", limit=200)
    start = _day(starts_on, "检查开始日期")
    end = _day(ends_on, "检查结束日期")
    if end < start:
        raise ValidationError("检查结束日期不能早于开始日期。")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError("年度无效。") from None
    if not 2000 <= year <= 2100 or year not in (start.year, end.year):
        raise ValidationError("年度应与检查期间一致。")
    joint = {b.pk: b for b in joint_bodies if b.pk != body.pk}
    for other in joint.values():
        own_post(
            actor,
            other,
            f"您不是{other}的负责人或单位管理员，不能将其列为联合检查的执法主体"
            f"（抽查计划会抽取{other}的执法人员）。",
        )
    items = list(items)
    if not items:
        raise ValidationError("请选择至少一个检查事项。")
    holders = {body.pk, *joint}
    foreign = [item for item in items if item.body_id not in holders]
    if foreign:
        raise ValidationError(
            f"检查事项“{foreign[0].name}”不属于牵头或联合检查的执法主体，不能列入本计划。"
        )
    try:
        per_target = int(officers_per_target)
        days = int(conflict_days)
    except (TypeError, ValueError):
        raise ValidationError("每户检查人员数和回避天数应为整数。") from None
    if per_target < 2:
        raise ValidationError(f"每个检查对象至少应抽取两名执法人员（{TWO_OFFICERS}）。")
    if per_target > 10:
        raise ValidationError("每个检查对象的检查人员不宜超过10名。")
    if not 0 <= days <= 3650:
        raise ValidationError("回避天数应在0到3650之间。")
    ratios = _ratios(ratios)
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            body=body,
            title=title,
            year=year,
            starts_on=start,
            ends_on=end,
            ratios=ratios,
            officers_per_target=per_target,
            conflict_days=days,
            created_by=actor,
        )
        plan.items.set(items)
        plan.joint_bodies.set(joint.values())
        _record(
            E.PLAN_SAVE,
            actor=actor,
            post=post,
            record=plan,
            changes={
                "title": (None, title),
                "items": (None, sorted(item.code for item in items)),
                "joint_bodies": (None, sorted(joint)),
                "params": (None, json.dumps(params_of(plan), sort_keys=True)),
                "period": (None, f"{start.isoformat()}/{end.isoformat()}"),
            },
            request=request,
        )
    return plan


def _lock_plan(plan: InspectionPlan) -> InspectionPlan:
    return InspectionPlan.objects.select_for_update().select_related("body__unit").get(pk=plan.pk)


def plan_bodies(plan: InspectionPlan) -> list[Body]:
    return [plan.body, *plan.joint_bodies.exclude(pk=plan.body_id).order_by("pk")]


@dataclass(frozen=True)
class Pools:
    targets: bytes
    officers: bytes
    exclusions: bytes
    officer_count: int
    exclusion_count: int


def build_pools(plan: InspectionPlan) -> Pools:
    """The three canonical files of a plan as they are now (read only)."""
    bodies = plan_bodies(plan)
    # (tier, code) is the covering index: one index scan, no table lookups; the runs of each
    # tier, already in code order, are merged by the sort of targets_bytes in linear time.
    rows = (
        Entity.objects.order_by("tier", "code")
        .values_list("code", "tier")
        .iterator(chunk_size=50000)
    )
    try:
        targets = draw.targets_bytes(rows)
    except draw.DrawError as exc:
        raise ValidationError(f"检查对象名录有误：{exc}") from None
    staff = officer_pool(bodies, plan.starts_on)  # every officer id of a person → one line
    start = plan.starts_on
    pairs = set(
        OfficerConflict.objects.filter(officer_id__in=staff).values_list(
            "officer_id", "entity__code"
        )
    )
    recent = Inspection.officers.through.objects.filter(
        officer_id__in=list(staff),
        inspection__inspected_on__gte=start - timedelta(days=plan.conflict_days),
        inspection__inspected_on__lte=start,
    ).values_list("officer_id", "inspection__entity__code")
    pairs.update(recent)
    lines = set(staff.values())
    try:
        officers = draw.officers_bytes(lines)
        exclusions = draw.exclusions_bytes({(staff[o][0], code) for o, code in pairs})
    except draw.DrawError as exc:
        raise ValidationError(f"执法人员名录有误：{exc}") from None
    return Pools(targets, officers, exclusions, len(lines), len(pairs))


def officer_pool(bodies: Iterable[Body], on: date) -> dict[int, tuple[str, str]]:
    """{officer id: (certificate number, body name)} of the bodies' enforcement officers in
    post with a certificate valid on `on`. The pool has one line per person: a person who is
    an officer of several of the bodies is drawn as the officer of the first body (by id) that
    has a valid certificate (with several: the one valid longest), and every officer id of the
    person maps to that line — so the draw cannot pick the same person twice for a target,
    and a conflict declared in any of the bodies excludes the person."""
    names = {b.pk: b.unit.name for b in bodies}
    certificates = (
        Certificate.objects.filter(
            officer__body_id__in=list(names),
            officer__duty=Duty.ENFORCEMENT,
            officer__active=True,
            status=CertificateStatus.ACTIVE,
            valid_from__lte=on,
            valid_to__gte=on,
        )
        .order_by("officer__body_id", "officer_id", "valid_to", "number")
        .values_list("officer__person_id", "officer_id", "number", "officer__body_id")
    )
    chosen: dict[int, tuple[int, str, str]] = {}  # person → (body id, number, body name)
    officers_of: dict[int, set[int]] = {}
    for person, officer, number, body in certificates:
        officers_of.setdefault(person, set()).add(officer)
        if person not in chosen or chosen[person][0] == body:
            chosen[person] = (body, number, names[body])  # the last of the first body: longest
    return {
        officer: (chosen[person][1], chosen[person][2])
        for person, officers in officers_of.items()
        for officer in officers
    }


def _store(actor: Person, post: Post, name: str, data: bytes, request) -> str:
    """Keep a canonical file in the evidence store (as .txt: .tsv is not an evidence type);
    an empty file is not stored, its digest is that of no bytes."""
    if data:
        upload = io.BytesIO(data)
        upload.name = name
        file_store(actor=actor, unit=post.unit, upload=upload, role=post.role, request=request)
    return draw.digest(data)


def _read_stored(sha256: str, label: str) -> bytes:
    if not sha256 or sha256 == EMPTY_SHA256:
        return b""
    stored = files_by_hash([sha256]).get(sha256)
    if stored is None:
        raise ValidationError(f"{label}（SHA-256 {sha256}）的存储副本缺失，请联系系统管理员。")
    try:
        with file_open_verified(stored) as handle:
            return handle.read()
    except EvidenceCorrupted as exc:
        raise ValidationError(str(exc)) from None


def plan_commit(*, actor: Person, plan: InspectionPlan, request=None) -> InspectionPlan:
    """Publish the plan before the draw: freeze the target pool, the officer pool and the
    exclusions as canonical files in the evidence store, and record their SHA-256 and the
    commitment of a new random seed in the ledger. The seed itself stays unpublished in the
    plan row until the draw."""
    post = own_post(actor, plan.body, f"抽查计划由{plan.body}的负责人或单位管理员公布。")
    with transaction.atomic():
        plan = _lock_plan(plan)
        if plan.state != PlanState.DRAFT:
            raise ValidationError("该抽查计划已经公布，不能重复公布。")
        if not plan.items.exists():
            raise ValidationError("抽查计划没有检查事项。")
        pools = build_pools(plan)
        if not pools.targets:
            raise ValidationError("检查对象名录为空，请先导入检查对象。")
        if pools.officer_count < plan.officers_per_target:
            raise ValidationError(
                f"执法人员名录中在{law.fmt(plan.starts_on)}持有有效执法证件的执法人员只有"
                f"{pools.officer_count}名，少于每个检查对象所需的{plan.officers_per_target}名"
                f"（{TWO_OFFICERS}）。"
            )
        prefix = f"抽查计划{plan.pk}-"
        plan.pool_sha256 = _store(actor, post, prefix + "targets.txt", pools.targets, request)
        plan.officer_pool_sha256 = _store(
            actor, post, prefix + "officers.txt", pools.officers, request
        )
        plan.exclusions_sha256 = _store(
            actor, post, prefix + "exclusions.txt", pools.exclusions, request
        )
        plan.pool_size = pools.targets.count(b"\n")
        plan.seed = draw.new_seed()
        plan.seed_commitment = draw.commit(plan.seed)
        plan.committed_at = timezone.now()
        plan.state = PlanState.COMMITTED
        plan.save()
        opens = draw_opens(plan.committed_at)
        _record(
            E.PLAN_COMMIT,
            actor=actor,
            post=post,
            record=plan,
            changes={
                "state": (PlanState.DRAFT, PlanState.COMMITTED),
                "targets_sha256": (None, plan.pool_sha256),
                "targets": (None, plan.pool_size),
                "officers_sha256": (None, plan.officer_pool_sha256),
                "officers": (None, pools.officer_count),
                "exclusions_sha256": (None, plan.exclusions_sha256),
                "exclusions": (None, pools.exclusion_count),
                "params": (None, json.dumps(params_of(plan), sort_keys=True)),
                "seed_commitment": (None, plan.seed_commitment),
                "draw_from": (None, opens.isoformat()),
            },
            files=[d for d in _digests(plan) if d != EMPTY_SHA256],
            note=f"公布抽查计划“{plan.title}”的检查对象名录、执法人员名录、回避名单及随机种子"
            f"承诺值；自{law.fmt(opens)}起随机抽取",
            request=request,
        )
    return plan


def _digests(plan: InspectionPlan) -> list[str]:
    return [plan.pool_sha256, plan.officer_pool_sha256, plan.exclusions_sha256]


def plan_files(plan: InspectionPlan) -> dict[str, bytes]:
    """The plan's published files from the evidence store, each re-hashed on reading:
    targets, officers, exclusions and, after the draw, result."""
    if plan.committed_at is None:
        raise ValidationError("抽查计划尚未公布，没有检查对象名录。")
    files = {
        "targets": _read_stored(plan.pool_sha256, "检查对象名录"),
        "officers": _read_stored(plan.officer_pool_sha256, "执法人员名录"),
        "exclusions": _read_stored(plan.exclusions_sha256, "回避名单"),
    }
    if plan.drawn_at is not None:
        files["result"] = _read_stored(plan.result_sha256, "抽取结果")
    return files


def plan_draw(*, actor: Person, plan: InspectionPlan, request=None) -> InspectionPlan:
    """Run the draw on the stored files with the committed seed: create the inspections with
    their officers, reveal the seed and record the result's SHA-256."""
    post = own_post(actor, plan.body, f"随机抽取由{plan.body}的负责人或单位管理员进行。")
    with transaction.atomic():
        plan = _lock_plan(plan)
        if plan.state != PlanState.COMMITTED:
            raise ValidationError(
                "抽查计划尚未公布检查对象名录和随机种子承诺值，不能抽取。"
                if plan.state == PlanState.DRAFT
                else "该抽查计划已经抽取，不能重新抽取。"
            )
        check_draw_day(plan.committed_at, "抽查计划")
        files = plan_files(plan)
        try:
            result = draw.draw(
                files["targets"], files["officers"], files["exclusions"], params_of(plan), plan.seed
            )
        except draw.DrawError as exc:
            raise ValidationError(f"无法抽取：{exc}（{TWO_OFFICERS}）。") from None
        if not result.rows:
            raise ValidationError(
                "按本计划的抽查比例没有抽中任何检查对象，请检查抽查比例和检查对象名录。"
            )
        _create_inspections(plan, result.rows)
        plan.result_sha256 = _store(
            actor, post, f"抽查计划{plan.pk}-result.txt", result.data, request
        )
        plan.state = PlanState.DRAWN
        plan.drawn_at = timezone.now()
        plan.save(update_fields=["result_sha256", "state", "drawn_at"])
        _record(
            E.PLAN_DRAW,
            actor=actor,
            post=post,
            record=plan,
            changes={
                "state": (PlanState.COMMITTED, PlanState.DRAWN),
                "seed": (None, plan.seed),
                "result_sha256": (None, plan.result_sha256),
                "drawn": (None, len(result.rows)),
            },
            files=[plan.result_sha256],
            note=f"随机抽取检查对象{len(result.rows)}户并公开随机种子",
            request=request,
        )
    return plan


def _create_inspections(plan: InspectionPlan, rows: list[draw.Row]) -> None:
    codes = [row.code for row in rows]
    entities: dict[str, int] = {}
    for start in range(0, len(codes), 500):
        entities.update(
            Entity.objects.filter(code__in=codes[start : start + 500]).values_list("code", "pk")
        )
    numbers = sorted({number for row in rows for number in row.officers})
    officers = dict(
        Certificate.objects.filter(number__in=numbers).values_list("number", "officer_id")
    )
    missing = [code for code in codes if code not in entities]
    if missing:
        raise ValidationError(f"检查对象 {missing[0]} 已不在检查对象库中，无法建立检查任务。")
    inspections = Inspection.objects.bulk_create(
        [Inspection(plan=plan, entity_id=entities[row.code], order=row.order) for row in rows],
        batch_size=500,
    )
    through = Inspection.officers.through
    through.objects.bulk_create(
        [
            through(inspection_id=inspection.pk, officer_id=officers[number])
            for inspection, row in zip(inspections, rows, strict=True)
            for number in row.officers
        ],
        batch_size=1000,
    )


def plan_bundle(plan: InspectionPlan) -> bytes:
    """The published bundle (zip, fazhi-draw/1): plan.json and the frozen files; after the draw
    also the seed and result.tsv, so that `fazhi_draw.py verify` re-runs the draw. A read."""
    files = plan_files(plan)
    drawn = plan.drawn_at is not None
    return draw.bundle_bytes(
        title=plan.title,
        params=params_of(plan),
        targets=files["targets"],
        officers=files["officers"],
        exclusions=files["exclusions"],
        seed_commitment=plan.seed_commitment,
        seed=plan.seed if drawn else "",
        result=files["result"] if drawn else None,
    )


# ---- inspections --------------------------------------------------------------------------------


def plan_checklist(plan: InspectionPlan) -> list[ChecklistItem]:
    """The checklist of a plan's inspections: the lines of all its items (进一次门、查多项事)."""
    return list(
        ChecklistItem.objects.filter(item__in=plan.items.all())
        .select_related("item")
        .order_by("item__body_id", "item__code", "order")
    )


def inspection_record(
    *,
    actor: Person,
    inspection: Inspection,
    inspected_on: Any,
    found: bool = True,
    findings: Mapping[int, tuple[bool, str]] | None = None,
    result: str = RESULT_OK,
    problems: str = "",
    request=None,
) -> Inspection:
    """Record an inspection's result, by one of the officers drawn for it: the answer to every
    line of the plan's checklist ({line id: (compliant, note)}; a non-compliant line needs a
    note), the conclusion and the problems found. `found=False`: the target was not found at
    its address (查无下落). A result can be corrected until it is published."""
    officer = inspection.officers.filter(person=actor, active=True).select_related("body").first()
    if officer is None:
        raise PermissionDenied("只有随机抽取的检查人员可以登记检查结果。")
    post = _post(actor, officer.body.unit_id, STAFF)
    plan = inspection.plan
    day = _past(inspected_on, "检查日期")
    problems = _text(problems, "发现的问题", required=False, limit=5000)
    try:
        findings = {int(line): answer for line, answer in (findings or {}).items()}
    except (TypeError, ValueError):
        raise ValidationError("检查情况中有无效的检查单项目。") from None
    with transaction.atomic():
        inspection = (
            Inspection.objects.select_for_update()
            .select_related("plan", "entity")
            .get(pk=inspection.pk)
        )
        plan = inspection.plan
        if plan.state not in (PlanState.DRAWN, PlanState.DONE) or plan.drawn_at is None:
            raise ValidationError("抽查计划尚未抽取。")
        if inspection.published_on is not None:
            raise ValidationError("检查结果已经公示，不能修改。")
        if day < plan.starts_on or day < timezone.localtime(plan.drawn_at).date():
            raise ValidationError(
                f"检查日期（{law.fmt(day)}）不能早于计划检查开始日期（{law.fmt(plan.starts_on)}）"
                "或抽取日期。"
            )
        lines = plan_checklist(plan)
        answers: list[Finding] = []
        if found:
            unanswered = [line for line in lines if line.pk not in findings]
            if unanswered:
                raise ValidationError(
                    f"检查单“{unanswered[0].text}”等{len(unanswered)}项未填写检查情况。"
                )
            by_id = {line.pk: line for line in lines}
            for line_id, (compliant, note) in findings.items():
                line = by_id.get(line_id)
                if line is None:
                    raise ValidationError("检查情况中有不属于本计划检查单的项目。")
                note = _text(note, f"“{line.text}”的情况说明", required=not compliant, limit=300)
                answers.append(
                    Finding(inspection=inspection, line=line, compliant=bool(compliant), note=note)
                )
            if result not in RESULT_CHOICES:
                raise ValidationError(f"检查结果“{result}”无效。")
            if result == RESULT_OK and any(not a.compliant for a in answers):
                raise ValidationError("检查单有不符合项，检查结果不能为“未发现问题”。")
            if result != RESULT_OK and not problems:
                raise ValidationError("请写明发现的问题。")
            state = InspectionState.DONE
        else:
            result, state = RESULT_NOT_FOUND, InspectionState.NOT_FOUND
        before = inspection.state
        inspection.findings.all().delete()
        Finding.objects.bulk_create(answers)
        inspection.state, inspection.inspected_on = state, day
        inspection.result, inspection.problems = result, problems
        inspection.save(update_fields=["state", "inspected_on", "result", "problems"])
        _record(  # against the inspection: not public before the result is published
            E.INSPECTION_RECORD,
            actor=actor,
            post=post,
            record=inspection,
            changes={
                "plan": (None, plan.pk),
                "entity": (None, inspection.entity.code),
                "state": (before, state),
                "inspected_on": (None, day.isoformat()),
                "result": (None, result),
                "noncompliant": (None, sum(1 for a in answers if not a.compliant)),
            },
            request=request,
        )
    return inspection


def disclosure_due(inspection: Inspection, calendar=None) -> date | None:
    """The last day to publish an inspection's result: 20 working days from the inspection
    (国办发〔2018〕118号 二（六）; rule enforcement.disclosure). Pass the statutory `calendar`
    when computing many (fazhi.deadlines.selectors.current_calendar)."""
    if inspection.inspected_on is None:
        return None
    if calendar is None:
        return law.period_due(DISCLOSURE_RULE, inspection.inspected_on)
    return compute(DISCLOSURE_RULE, inspection.inspected_on, calendar=calendar).due


def disclosure_late(inspection: Inspection, on: date | None = None, calendar=None) -> bool:
    """Published after the due day, or still unpublished when it has passed."""
    due = disclosure_due(inspection, calendar)
    if due is None:
        return False
    return (inspection.published_on or on or timezone.localdate()) > due


def inspection_publish(
    *,
    actor: Person,
    plan: InspectionPlan,
    inspections: Iterable[Inspection] | None = None,
    request=None,
) -> list[Inspection]:
    """Publish the recorded, unpublished results of a plan (all, or those given) today (一公开:
    within 20 working days of the inspection; late ones are flagged). The plan is done when
    every result is published."""
    post = _plan_post(actor, plan, STAFF)
    today = timezone.localdate()
    with transaction.atomic():
        plan = _lock_plan(plan)
        pending = plan.inspections.select_for_update().filter(
            published_on__isnull=True, inspected_on__isnull=False
        )
        if inspections is not None:
            pending = pending.filter(pk__in=[i.pk for i in inspections])
        chosen = list(pending.select_related("entity").order_by("order"))
        if not chosen:
            raise ValidationError("没有已登记、待公示的检查结果。")
        for inspection in chosen:
            inspection.published_on = today
        Inspection.objects.bulk_update(chosen, ["published_on"])
        calendar = current_calendar()
        late = [i for i in chosen if disclosure_late(i, today, calendar)]
        changes = {
            "published": (None, len(chosen)),
            "inspections": (None, [i.pk for i in chosen]),
            "late": (None, [i.pk for i in late]),
        }
        if not plan.inspections.filter(published_on__isnull=True).exists():
            changes["state"] = (plan.state, PlanState.DONE)
            plan.state = PlanState.DONE
            plan.save(update_fields=["state"])
        _record(
            E.INSPECTION_PUBLISH,
            actor=actor,
            post=post,
            record=plan,
            changes=changes,
            note=(
                f"公示检查结果{len(chosen)}户"
                + (f"，其中{len(late)}户超过20个工作日的公示期限" if late else "")
            ),
            request=request,
        )
    return chosen
