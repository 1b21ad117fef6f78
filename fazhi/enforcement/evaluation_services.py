"""Case-file evaluation (案卷评查) by the legal affairs office: standards (veto items and scored
items), campaigns that draw closed cases at random — verifiably, with the same draw as the
random inspections (`draw.py`: the pool of case numbers, tier = the body, a count per body) —
the evaluation of each drawn file, and the rectifications required of the bodies.

A file fails when any veto item applies, whatever its score; otherwise its score is 100 less
the points lost, and it passes at the standard's pass score. A reviewer does not evaluate a
file of their own body. Every write is one transaction with one ledger entry against the
campaign (or the standard)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.models import SUPERVISING_KINDS, Person, Post, Unit, UnitKind
from fazhi.core.policies import Action, post_reaches

from . import draw, law
from .events import EnforcementEvent as E
from .inspection_services import _read_stored, _store, check_draw_day, draw_opens
from .models import (
    Body,
    Campaign,
    CaseFile,
    Criterion,
    CriterionKind,
    Mark,
    PenaltyCase,
    Rectification,
    Standard,
)
from .services import _day, _past, _record, _text

OFFICE_ROLES = ("legal_reviewer", "unit_admin")
BODY_ROLES = ("handler", "unit_admin", "leader", "legal_reviewer")
FULL_MARKS = Decimal("100")
POINT = Decimal("0.1")

# A typical standard (the Beijing and district evaluation standards follow this shape): veto
# items that make a file fail, 20 points for the file's form and 80 for its content.
DEFAULT_TITLE = "行政处罚案卷评查标准"
DEFAULT_PASS_SCORE = Decimal("60")
DEFAULT_CRITERIA: tuple[tuple[str, str, str], ...] = (
    (CriterionKind.VETO, "执法主体不具有执法主体资格或者超越法定职权", "0"),
    (CriterionKind.VETO, "执法人员不具有执法资格，或者调查取证的执法人员少于两人", "0"),
    (CriterionKind.VETO, "认定事实的主要证据不足", "0"),
    (CriterionKind.VETO, "适用法律、法规、规章错误", "0"),
    (CriterionKind.VETO, "违反法定程序，可能影响当事人权利", "0"),
    (CriterionKind.VETO, "应当经过法制审核而未经法制审核，或者审核未通过即作出决定", "0"),
    (CriterionKind.FORM, "案卷材料齐全，一案一卷，按顺序装订", "5"),
    (CriterionKind.FORM, "执法文书使用规范文本，填写完整、字迹清楚", "5"),
    (CriterionKind.FORM, "卷内目录、页码编排规范，备考表填写完整", "4"),
    (CriterionKind.FORM, "送达回证等送达凭证完整", "3"),
    (CriterionKind.FORM, "结案后及时归档", "3"),
    (CriterionKind.CONTENT, "立案及时，立案审批手续完备", "8"),
    (CriterionKind.CONTENT, "调查取证全面、客观、合法，证据形式符合要求", "15"),
    (CriterionKind.CONTENT, "认定事实清楚，违法性质定性准确", "12"),
    (CriterionKind.CONTENT, "适用法律依据准确，裁量适当并说明理由", "15"),
    (CriterionKind.CONTENT, "告知、陈述申辩、听证、法制审核、集体讨论等程序合法", "15"),
    (CriterionKind.CONTENT, "处罚决定书内容完整，说理充分，载明救济途径", "10"),
    (CriterionKind.CONTENT, "执行到位，结案及时规范", "5"),
)


# ---- who ----------------------------------------------------------------------------------------


def _office_of(post: Post) -> Unit | None:
    unit = post.unit
    office = Unit.objects.get_parent(unit) if unit.kind == UnitKind.DIVISION else unit
    return office if office is not None and office.kind in SUPERVISING_KINDS else None


def _office_post(actor: Person, unit: Unit | None = None) -> Post:
    """The actor's post in a legal affairs office (司法局 or 司法所, or one of its 科室); with
    `unit`, a post of that office (or its 科室)."""
    posts = Post.objects.active().filter(person=actor, role__in=OFFICE_ROLES).select_related("unit")
    for post in posts.order_by("pk"):
        office = _office_of(post)
        if office is not None and (unit is None or office.pk == unit.pk):
            return post
    raise PermissionDenied("案卷评查由司法局（法治机构）组织，您无权办理。")


def _supervises(post: Post, body: Body) -> bool:
    return post_reaches(post.unit, "legal_reviewer", body.unit_id, Action.CHANGE)


def _body_post(actor: Person, body: Body, message: str) -> Post:
    posts = Post.objects.active().filter(person=actor, role__in=BODY_ROLES).select_related("unit")
    for post in posts:
        if post.unit.path.startswith(body.unit.path):
            return post
    raise PermissionDenied(message)


# ---- standards ----------------------------------------------------------------------------------


def _points(value: Any, label: str) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label}不是有效的分值。") from None
    if not points.is_finite() or points < 0 or points > FULL_MARKS:
        raise ValidationError(f"{label}应在0到100之间。")
    if points != points.quantize(POINT):
        raise ValidationError(f"{label}最多保留一位小数。")
    return points.quantize(POINT)


def standard_save(
    *,
    actor: Person | None,
    owner: Unit,
    title: str,
    criteria: Iterable[Mapping[str, Any] | tuple],
    pass_score: Any = DEFAULT_PASS_SCORE,
    request=None,
) -> Standard:
    """A new evaluation standard of a legal affairs office: criteria (kind veto/form/content,
    text, points) in order; the scored items (form and content) total 100 points; veto items
    carry no points. A standard is never edited once made (files were scored against it):
    a revision is a new standard. `actor` None: the platform (the demo)."""
    post = _office_post(actor, owner) if actor is not None else None
    if owner.kind not in SUPERVISING_KINDS:
        raise ValidationError("评查标准由司法局（法治机构）制定。")
    title = _text(title, "标准名称", limit=200)
    passing = _points(pass_score, "合格分数")
    rows = []
    for number, criterion in enumerate(criteria, 1):
        if not isinstance(criterion, Mapping):
            criterion = dict(zip(("kind", "text", "points"), criterion, strict=False))
        kind = str(criterion.get("kind", ""))
        if kind not in CriterionKind.values:
            raise ValidationError(f"第{number}项评查项目的类别无效：{kind}。")
        text = _text(criterion.get("text"), f"第{number}项评查内容", limit=300)
        points = _points(criterion.get("points", "0"), f"第{number}项“{text}”的分值")
        if kind == CriterionKind.VETO:
            points = Decimal("0.0")
        elif points <= 0:
            raise ValidationError(f"第{number}项“{text}”是计分项，分值应大于0。")
        rows.append((kind, text, points))
    if not any(kind == CriterionKind.VETO for kind, _, _ in rows):
        raise ValidationError("评查标准应至少有一项否决项。")
    total = sum((points for kind, _, points in rows if kind != CriterionKind.VETO), Decimal(0))
    if total != FULL_MARKS:
        raise ValidationError(f"计分项（案卷形式与案卷内容）的分值合计应为100分，现为{total}分。")
    with transaction.atomic():
        standard = Standard.objects.create(title=title, owner=owner, pass_score=passing)
        Criterion.objects.bulk_create(
            Criterion(standard=standard, order=order, kind=kind, text=text, points=points)
            for order, (kind, text, points) in enumerate(rows, 1)
        )
        split = {
            kind: str(sum((p for k, _, p in rows if k == kind), Decimal(0)))
            for kind in (CriterionKind.FORM, CriterionKind.CONTENT)
        }
        _record(
            E.STANDARD_SAVE,
            actor=actor,
            post=post,
            record=standard,
            changes={
                "title": (None, title),
                "pass_score": (None, str(passing)),
                "veto": (None, sum(1 for k, _, _ in rows if k == CriterionKind.VETO)),
                "form": (None, split[CriterionKind.FORM]),
                "content": (None, split[CriterionKind.CONTENT]),
            },
            request=request,
        )
    return standard


def default_criteria() -> list[dict[str, str]]:
    return [{"kind": str(k), "text": t, "points": p} for k, t, p in DEFAULT_CRITERIA]


def default_standard(owner: Unit, *, actor: Person | None = None, request=None) -> Standard:
    """The typical standard (six veto items; 20 points of form, 80 of content; pass at 60) for
    the office `owner`."""
    return standard_save(
        actor=actor,
        owner=owner,
        title=f"{owner.display_name}{DEFAULT_TITLE}",
        criteria=default_criteria(),
        pass_score=DEFAULT_PASS_SCORE,
        request=request,
    )


# ---- campaigns ----------------------------------------------------------------------------------


def campaign_create(
    *,
    actor: Person,
    standard: Standard,
    title: str,
    year: int,
    closed_from: Any,
    closed_to: Any,
    bodies: Iterable[Body],
    sample_size: int,
    request=None,
) -> Campaign:
    """An evaluation campaign of the actor's legal affairs office over the bodies it
    supervises: closed cases with a closing date in the range, `sample_size` drawn per body."""
    post = _office_post(actor)
    organizer = _office_of(post)
    title = _text(title, "评查活动名称", limit=200)
    start = _day(closed_from, "结案日期起")
    end = _day(closed_to, "结案日期止")
    if end < start:
        raise ValidationError("结案日期的截止日期不能早于起始日期。")
    try:
        year, size = int(year), int(sample_size)
    except (TypeError, ValueError):
        raise ValidationError("评查年度和抽取案卷数应为整数。") from None
    if not 2000 <= year <= 2100:
        raise ValidationError("评查年度无效。")
    if not 1 <= size <= 1000:
        raise ValidationError("每个执法主体抽取的案卷数应在1到1000之间。")
    if not organizer.path.startswith(standard.owner.path):
        raise ValidationError("只能使用本机关或上级机关制定的评查标准。")
    bodies = list({b.pk: b for b in bodies}.values())
    if not bodies:
        raise ValidationError("请选择被评查的执法主体。")
    outside = [b for b in bodies if not _supervises(post, b)]
    if outside:
        raise ValidationError(f"{outside[0]}不在本机关的监督范围内，不能列入评查。")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            organizer=organizer,
            standard=standard,
            title=title,
            year=year,
            closed_from=start,
            closed_to=end,
            sample_size=size,
            created_by=actor,
        )
        campaign.bodies.set(bodies)
        _record(
            E.CAMPAIGN_SAVE,
            actor=actor,
            post=post,
            record=campaign,
            changes={
                "title": (None, title),
                "standard": (None, standard.pk),
                "bodies": (None, sorted(b.pk for b in bodies)),
                "closed": (None, f"{start.isoformat()}/{end.isoformat()}"),
                "sample_size": (None, size),
            },
            request=request,
        )
    return campaign


def campaign_params(campaign: Campaign) -> dict[str, Any]:
    """The draw's parameters: a count per body (the tier of a case is its body's id)."""
    ids = sorted(campaign.bodies.values_list("pk", flat=True))
    return {"counts": {str(pk): campaign.sample_size for pk in ids}, "officers_per_target": 0}


def campaign_pool(campaign: Campaign) -> bytes:
    """targets.tsv of a campaign: ``number<TAB>body id`` of each eligible case (closed, with a
    closing date in the range). A number two bodies share is written ``number#body id``."""
    cases = list(
        PenaltyCase.objects.filter(
            body__in=campaign.bodies.all(),
            state="closed",
            closed_on__gte=campaign.closed_from,
            closed_on__lte=campaign.closed_to,
        ).values_list("number", "body_id")
    )
    counts: dict[str, int] = {}
    for number, _ in cases:
        counts[number] = counts.get(number, 0) + 1
    rows = [
        (number if counts[number] == 1 else f"{number}#{body}", str(body)) for number, body in cases
    ]
    try:
        return draw.targets_bytes(rows)
    except draw.DrawError as exc:
        raise ValidationError(f"案卷名录有误：{exc}") from None


def _lock_campaign(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update()
        .select_related("organizer", "standard")
        .get(pk=campaign.pk)
    )


def campaign_commit(*, actor: Person, campaign: Campaign, request=None) -> Campaign:
    """Publish the pool of eligible case files (stored, its SHA-256 in the ledger) and the
    commitment of a new random seed, before the draw — which takes place from the next day
    (published with the commit)."""
    post = _office_post(actor, campaign.organizer)
    with transaction.atomic():
        campaign = _lock_campaign(campaign)
        if campaign.committed_at is not None:
            raise ValidationError("该评查活动的案卷名录已经公布。")
        pool = campaign_pool(campaign)
        if not pool:
            raise ValidationError(
                f"{law.fmt(campaign.closed_from)}至{law.fmt(campaign.closed_to)}期间，"
                "被评查的执法主体没有已结案的案件。"
            )
        campaign.pool_sha256 = _store(
            actor, post, f"评查活动{campaign.pk}-targets.txt", pool, request
        )
        campaign.seed = draw.new_seed()
        campaign.seed_commitment = draw.commit(campaign.seed)
        campaign.committed_at = timezone.now()
        campaign.save(update_fields=["pool_sha256", "seed", "seed_commitment", "committed_at"])
        opens = draw_opens(campaign.committed_at)
        _record(
            E.CAMPAIGN_COMMIT,
            actor=actor,
            post=post,
            record=campaign,
            changes={
                "targets_sha256": (None, campaign.pool_sha256),
                "targets": (None, pool.count(b"\n")),
                "params": (None, json.dumps(campaign_params(campaign), sort_keys=True)),
                "seed_commitment": (None, campaign.seed_commitment),
                "draw_from": (None, opens.isoformat()),
            },
            files=[campaign.pool_sha256],
            note=f"公布评查活动“{campaign.title}”的案卷名录及随机种子承诺值；"
            f"自{law.fmt(opens)}起随机抽取",
            request=request,
        )
    return campaign


def campaign_draw(*, actor: Person, campaign: Campaign, request=None) -> Campaign:
    """Draw the files from the stored pool with the committed seed; reveal the seed."""
    post = _office_post(actor, campaign.organizer)
    with transaction.atomic():
        campaign = _lock_campaign(campaign)
        if campaign.committed_at is None:
            raise ValidationError("评查活动尚未公布案卷名录和随机种子承诺值，不能抽取。")
        if campaign.drawn_at is not None:
            raise ValidationError("该评查活动已经抽取，不能重新抽取。")
        check_draw_day(campaign.committed_at, "评查活动")
        pool = _read_stored(campaign.pool_sha256, "案卷名录")
        try:
            result = draw.draw(pool, b"", b"", campaign_params(campaign), campaign.seed)
        except draw.DrawError as exc:
            raise ValidationError(f"无法抽取：{exc}") from None
        cases = _cases_of(result.rows)
        CaseFile.objects.bulk_create(
            [
                CaseFile(campaign=campaign, case_id=cases[(row.code, row.tier)], order=row.order)
                for row in result.rows
            ]
        )
        campaign.drawn_at = timezone.now()
        campaign.save(update_fields=["drawn_at"])
        _record(
            E.CAMPAIGN_DRAW,
            actor=actor,
            post=post,
            record=campaign,
            changes={
                "seed": (None, campaign.seed),
                "result_sha256": (None, result.digest),
                "drawn": (None, len(result.rows)),
            },
            note=f"随机抽取评查案卷{len(result.rows)}卷并公开随机种子",
            request=request,
        )
    return campaign


def _cases_of(rows: Iterable[draw.Row]) -> dict[tuple[str, str], int]:
    """{(code, tier): case id} of drawn rows (a code is the number, or ``number#body`` when two
    bodies share the number), in one query."""
    rows = list(rows)
    numbers = {row.code for row in rows} | {
        row.code.removesuffix(f"#{row.tier}") for row in rows if row.code.endswith(f"#{row.tier}")
    }
    cases = {
        (str(body), number): pk
        for pk, body, number in PenaltyCase.objects.filter(
            body_id__in={int(row.tier) for row in rows}, number__in=numbers
        ).values_list("pk", "body_id", "number")
    }
    found = {}
    for row in rows:
        stripped = row.code.removesuffix(f"#{row.tier}")
        pk = cases.get((row.tier, stripped)) if stripped != row.code else None
        if pk is None:
            pk = cases.get((row.tier, row.code))
        if pk is None:
            raise ValidationError(f"案卷 {row.code} 已不存在，无法抽取。")
        found[(row.code, row.tier)] = pk
    return found


def campaign_result(campaign: Campaign) -> bytes:
    """result.tsv as the drawn files stand (order, pool code, body)."""
    pool = draw.parse_targets(_read_stored(campaign.pool_sha256, "案卷名录"))
    codes = {}
    for code, tier in pool.rows():
        number = code.removesuffix(f"#{tier}") if code.endswith(f"#{tier}") else code
        codes.setdefault((number, tier), code)
        codes[(code, tier)] = code
    files = campaign.files.select_related("case").order_by("order")
    rows = []
    for file in files:
        tier = str(file.case.body_id)
        rows.append(
            draw.Row(file.order, codes.get((file.case.number, tier), file.case.number), tier)
        )
    return draw.result_bytes(rows)


def campaign_bundle(campaign: Campaign) -> bytes:
    """The published bundle of a campaign (fazhi-draw/1), re-verifiable like a plan's."""
    if campaign.committed_at is None:
        raise ValidationError("评查活动尚未公布案卷名录。")
    drawn = campaign.drawn_at is not None
    return draw.bundle_bytes(
        title=campaign.title,
        params=campaign_params(campaign),
        targets=_read_stored(campaign.pool_sha256, "案卷名录"),
        officers=b"",
        exclusions=b"",
        seed_commitment=campaign.seed_commitment,
        seed=campaign.seed if drawn else "",
        result=campaign_result(campaign) if drawn else None,
    )


# ---- evaluation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    score: Decimal
    vetoed: bool
    passed: bool
    lost: Decimal


def score_of(standard: Standard, marks: Iterable[tuple[Criterion, Decimal]]) -> Score:
    """A file's outcome: a veto item fails it whatever its score; else 100 less the points
    lost, passing at the standard's pass score."""
    vetoed, lost = False, Decimal("0")
    for criterion, points in marks:
        if criterion.kind == CriterionKind.VETO:
            vetoed = True
        else:
            lost += points
    score = max(FULL_MARKS - lost, Decimal("0")).quantize(POINT)
    return Score(score, vetoed, not vetoed and score >= standard.pass_score, lost)


def _own_body(actor: Person, body: Body) -> bool:
    return (
        Post.objects.active().filter(person=actor, unit__path__startswith=body.unit.path).exists()
    )


def file_evaluate(
    *,
    actor: Person,
    file: CaseFile,
    marks: Iterable[Mapping[str, Any]],
    comments: str = "",
    evaluated_on: Any = None,
    request=None,
) -> CaseFile:
    """Evaluate a drawn file against the campaign's standard: marks [{criterion, lost, note}]
    — a veto item applies when marked (its points are not counted), a scored item loses at
    most its points, each with the problem found. By the organizing office's reviewers, never
    on a file of their own body. A file can be re-evaluated until a rectification is required."""
    campaign = file.campaign
    post = _office_post(actor, campaign.organizer)
    case = file.case
    if _own_body(actor, case.body):
        raise PermissionDenied("评查人员不得评查本单位的案卷（回避）。")
    day = _past(evaluated_on or timezone.localdate(), "评查日期")
    comments = _text(comments, "评查意见", required=False, limit=5000)
    criteria = {c.pk: c for c in campaign.standard.criteria.all()}
    rows: list[tuple[Criterion, Decimal, str]] = []
    for mark in marks:
        criterion = mark.get("criterion")
        criterion = criteria.get(getattr(criterion, "pk", criterion))
        if criterion is None:
            raise ValidationError("扣分项目不属于本次评查的评查标准。")
        if any(c.pk == criterion.pk for c, _, _ in rows):
            raise ValidationError(f"评查项目“{criterion.text}”重复。")
        if criterion.kind == CriterionKind.VETO:
            lost = Decimal("0.0")
        else:
            lost = _points(mark.get("lost", "0"), f"“{criterion.text}”的扣分")
            if lost <= 0:
                continue
            if lost > criterion.points:
                raise ValidationError(
                    f"“{criterion.text}”最多扣{criterion.points}分，不能扣{lost}分。"
                )
        note = _text(mark.get("note"), f"“{criterion.text}”的问题说明", limit=300)
        rows.append((criterion, lost, note))
    outcome = score_of(campaign.standard, [(c, lost) for c, lost, _ in rows])
    with transaction.atomic():
        file = CaseFile.objects.select_for_update().get(pk=file.pk)
        if campaign.drawn_at is None:
            raise ValidationError("评查活动尚未抽取案卷。")
        if file.rectifications.exists():
            raise ValidationError("已下达整改要求的案卷不能重新评查。")
        before = (str(file.score) if file.score is not None else None, file.passed)
        file.marks.all().delete()
        Mark.objects.bulk_create(
            Mark(file=file, criterion=c, lost=lost, note=note) for c, lost, note in rows
        )
        file.reviewer, file.evaluated_on, file.comments = actor, day, comments
        file.score, file.vetoed, file.passed = outcome.score, outcome.vetoed, outcome.passed
        file.save(
            update_fields=["reviewer", "evaluated_on", "comments", "score", "vetoed", "passed"]
        )
        _record(
            E.FILE_EVALUATE,
            actor=actor,
            post=post,
            record=campaign,
            changes={
                "file": (None, file.pk),
                "case": (None, case.number),
                "score": (before[0], str(outcome.score)),
                "vetoed": (None, outcome.vetoed),
                "passed": (before[1], outcome.passed),
                "marks": (None, [[c.order, str(lost)] for c, lost, _ in rows]),
            },
            request=request,
        )
    return file


def rectification_require(
    *, actor: Person, file: CaseFile, required: str, due_on: Any, request=None
) -> Rectification:
    """Require the body to rectify an evaluated file's problems by `due_on`."""
    campaign = file.campaign
    post = _office_post(actor, campaign.organizer)
    required = _text(required, "整改要求", limit=5000)
    due = _day(due_on, "整改期限")
    if due < timezone.localdate():
        raise ValidationError("整改期限不能早于今天。")
    with transaction.atomic():
        file = CaseFile.objects.select_for_update().get(pk=file.pk)
        if file.evaluated_on is None:
            raise ValidationError("案卷尚未评查，不能下达整改要求。")
        if file.rectifications.filter(accepted__isnull=True).exists():
            raise ValidationError("该案卷有尚未验收的整改要求。")
        rectification = Rectification.objects.create(file=file, required=required, due_on=due)
        _record(
            E.RECTIFICATION_REQUIRE,
            actor=actor,
            post=post,
            record=campaign,
            changes={
                "file": (None, file.pk),
                "rectification": (None, rectification.pk),
                "due_on": (None, due.isoformat()),
            },
            request=request,
        )
    return rectification


def rectification_report(
    *,
    actor: Person,
    rectification: Rectification,
    report: str,
    reported_on: Any = None,
    request=None,
) -> Rectification:
    """The body reports how it rectified (by its staff)."""
    file = rectification.file
    post = _body_post(actor, file.case.body, "整改情况由被评查的执法主体报告。")
    report = _text(report, "整改情况", limit=5000)
    day = _past(reported_on or timezone.localdate(), "整改报告日期")
    with transaction.atomic():
        rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if rectification.accepted is not None:
            raise ValidationError("该整改要求已经验收。")
        rectification.report, rectification.reported_on = report, day
        rectification.save(update_fields=["report", "reported_on"])
        _record(
            E.RECTIFICATION_REPORT,
            actor=actor,
            post=post,
            record=file.campaign,
            changes={
                "rectification": (None, rectification.pk),
                "reported_on": (None, day.isoformat()),
                "late": (None, day > rectification.due_on),
            },
            request=request,
        )
    return rectification


def rectification_accept(
    *, actor: Person, rectification: Rectification, accepted: bool, note: str = "", request=None
) -> Rectification:
    """The office accepts the reported rectification, or not (a new requirement may follow)."""
    file = rectification.file
    post = _office_post(actor, file.campaign.organizer)
    note = _text(note, "验收意见", required=not accepted, limit=300)
    with transaction.atomic():
        rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if rectification.reported_on is None:
            raise ValidationError("执法主体尚未报告整改情况，不能验收。")
        if rectification.accepted is not None:
            raise ValidationError("该整改要求已经验收。")
        rectification.accepted = bool(accepted)
        rectification.save(update_fields=["accepted"])
        _record(
            E.RECTIFICATION_ACCEPT,
            actor=actor,
            post=post,
            record=file.campaign,
            changes={"rectification": (None, rectification.pk), "accepted": (None, bool(accepted))},
            note=note,
            request=request,
        )
    return rectification
