"""Every write of enforcement bodies, officers, items, benchmarks and penalty cases: one
transaction each, one ledger entry recorded against the record it concerns — a case's entries
are its full-process record (处罚法第四十七条). Party data reaches the ledger only as keyed
digests and internal texts (facts, opinions, records) as SHA-256 digests: a published case's
entries are public.

Random inspections are in inspection_services.py, case-file evaluation in
evaluation_services.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.inputs import choice as _choice
from fazhi.core.inputs import day as _day
from fazhi.core.inputs import money as _money
from fazhi.core.inputs import past_day as _past
from fazhi.core.inputs import sha as _sha
from fazhi.core.inputs import text as _text
from fazhi.core.models import Person, Post, Unit, UnitKind
from fazhi.core.policies import Action, post_reaches
from fazhi.deadlines.services import deadline_start, deadline_stop
from fazhi.evidence.services import file_store
from fazhi.ledger import services as ledger
from fazhi.ledger.services import keyed_digest as _keyed
from fazhi.ledger.services import record_for_post as _record
from fazhi.procedures.services import step_take

from . import law
from .events import EnforcementEvent as E
from .models import (
    ArrangementKind,
    Benchmark,
    BenchmarkRow,
    Body,
    BodyKind,
    CaseOfficer,
    CaseRole,
    CaseSource,
    Certificate,
    CertificateStatus,
    Challenge,
    ChallengeKind,
    CourtApplication,
    Degree,
    Discussion,
    Duty,
    Evidence,
    EvidenceKind,
    Exam,
    Exemption,
    ExemptionKind,
    Extension,
    Hearing,
    Item,
    ItemKind,
    LegalReview,
    Level,
    Notice,
    Officer,
    Outcome,
    PartyKind,
    Payment,
    PaymentArrangement,
    PenaltyCase,
    PenaltyKind,
    Preservation,
    Publication,
    ReviewResult,
    Statement,
    Training,
    Transfer,
    TransferKind,
)
from .procedures import HANDLERS, HEAD, REVIEWERS

ADMINS = ("unit_admin", "leader")
OFFICE_ROLES = ("legal_reviewer", "unit_admin")  # the 司法局's people who keep the register


# ---- small helpers ------------------------------------------------------------------------------


def _post(actor: Person, unit_id: int, roles: Iterable[str], message: str = "") -> Post:
    """The actor's active post in one of `roles` whose reach covers unit `unit_id`."""
    posts = Post.objects.active().filter(person=actor, role__in=tuple(roles)).select_related("unit")
    for post in posts:
        if post_reaches(post.unit, post.role, unit_id, Action.CHANGE):
            return post
    raise PermissionDenied(message or "您无权办理该事项。")


def _office_post(actor: Person, unit: Unit) -> Post:
    """A post in the legal affairs office (司法局) that supervises `unit`: it keeps the register
    of bodies and officers (certificates are issued and managed through it)."""
    posts = Post.objects.active().filter(person=actor, role__in=OFFICE_ROLES).select_related("unit")
    for post in posts:
        office = (
            post.unit if post.unit.kind != UnitKind.DIVISION else Unit.objects.get_parent(post.unit)
        )
        if (
            office is not None
            and office.kind == UnitKind.LEGAL_OFFICE
            and post_reaches(post.unit, "legal_reviewer", unit.pk, Action.CHANGE)
        ):
            return post
    raise PermissionDenied("执法主体和执法人员由司法局（法治机构）登记管理，您无权办理。")


def _lock(case: PenaltyCase) -> PenaltyCase:
    return PenaltyCase.objects.select_for_update().select_related("item", "body").get(pk=case.pk)


def _step(case, code, *, actor, post, data=None, request=None):
    step_take(
        record=case,
        step_code=code,
        actor=actor,
        unit=post.unit,
        role=post.role,
        data=data or {},
        request=request,
    )


# ---- bodies and officers -------------------------------------------------------------------------


def body_register(
    *,
    actor: Person,
    unit: Unit,
    kind: str,
    legal_basis: str,
    scope: str,
    entrusted_by: Unit | None = None,
    phone: str = "",
    request=None,
) -> Body:
    """Register (or update) a unit as an enforcement body (执法主体资格确认)."""
    post = _office_post(actor, unit)
    _choice(kind, BodyKind, "主体类别")
    if unit.kind == UnitKind.DIVISION:
        raise ValidationError("内设机构不能以自己的名义执法，不能登记为执法主体。")
    if kind == BodyKind.ENTRUSTED and entrusted_by is None:
        raise ValidationError("受委托组织须写明委托机关（处罚法第二十条）。")
    values = {
        "kind": kind,
        "legal_basis": _text(legal_basis, "设立及职权依据", limit=3000),
        "scope": _text(scope, "执法职责范围", limit=3000),
        "entrusted_by": entrusted_by if kind == BodyKind.ENTRUSTED else None,
        "phone": _text(phone, "监督电话", required=False, limit=40),
    }
    with transaction.atomic():
        body, created = Body.objects.select_for_update().get_or_create(unit=unit, defaults=values)
        if not created:
            for key, value in values.items():
                setattr(body, key, value)
            body.save()
        _record(
            E.BODY_SAVE,
            actor=actor,
            post=post,
            record=body,
            changes={"kind": (None, kind), "scope": (None, _sha(values["scope"]))},
            request=request,
        )
    return body


def officer_register(
    *,
    actor: Person,
    body: Body,
    person: Person,
    duty: str = Duty.ENFORCEMENT,
    legal_qualification: str = "",
    reviewing_since: date | None = None,
    request=None,
) -> Officer:
    post = _office_post(actor, body.unit)
    _choice(duty, Duty, "岗位")
    if not person.posts.active().filter(unit__path__startswith=body.unit.path).exists():
        raise ValidationError(f"{person.name}不在{body}任职，不能登记为其执法人员。")
    with transaction.atomic():
        officer, _ = Officer.objects.select_for_update().get_or_create(person=person, body=body)
        officer.duty = duty
        officer.legal_qualification = _text(
            legal_qualification, "法律职业资格证书编号", required=False, limit=40
        )
        officer.reviewing_since = _day(reviewing_since, "从事法制审核起始日期", required=False)
        officer.active = True
        officer.save()
        _record(
            E.OFFICER_SAVE,
            actor=actor,
            post=post,
            record=officer,
            changes={"duty": (None, duty), "body": (None, body.pk)},
            request=request,
        )
    return officer


def officer_leave(*, actor: Person, officer: Officer, reason: str, request=None) -> Officer:
    post = _office_post(actor, officer.body.unit)
    reason = _text(reason, "离岗原因", limit=200)
    with transaction.atomic():
        officer = Officer.objects.select_for_update().get(pk=officer.pk)
        officer.active = False
        officer.save(update_fields=["active"])
        # A certificate is for the post: leaving it cancels the certificates held.
        officer.certificates.exclude(status=CertificateStatus.CANCELLED).update(
            status=CertificateStatus.CANCELLED, status_reason=f"离开执法岗位：{reason}"
        )
        _record(
            E.OFFICER_SAVE,
            actor=actor,
            post=post,
            record=officer,
            changes={"active": (True, False)},
            note=reason,
            request=request,
        )
    return officer


def certificate_issue(
    *,
    actor: Person,
    officer: Officer,
    number: str,
    issuer: str,
    area: str,
    valid_from: Any,
    valid_to: Any,
    category: str = "",
    request=None,
) -> Certificate:
    """Register an officer's certificate. An officer needs a passed qualification exam."""
    post = _office_post(actor, officer.body.unit)
    number = _text(number, "证号", limit=40)
    start = _day(valid_from, "有效期起始日期")
    end = _day(valid_to, "有效期截止日期")
    if end < start:
        raise ValidationError("证件有效期的截止日期不能早于起始日期。")
    if officer.duty == Duty.ENFORCEMENT and not officer.exams.filter(passed=True).exists():
        raise ValidationError(f"{officer}尚未通过执法资格考试，不能发放执法证件。")
    with transaction.atomic():
        if Certificate.objects.filter(number=number).exists():
            raise ValidationError(f"证号“{number}”已经登记。")
        certificate = Certificate.objects.create(
            officer=officer,
            number=number,
            issuer=_text(issuer, "发证机关", limit=100),
            area=_text(area, "执法区域", limit=100),
            category=_text(category, "执法类别", required=False, limit=100),
            valid_from=start,
            valid_to=end,
        )
        _record(
            E.CERTIFICATE_SAVE,
            actor=actor,
            post=post,
            record=officer,
            changes={"certificate": (None, number), "valid_to": (None, end.isoformat())},
            request=request,
        )
    return certificate


def certificate_status(
    *, actor: Person, certificate: Certificate, status: str, reason: str, request=None
) -> Certificate:
    post = _office_post(actor, certificate.officer.body.unit)
    _choice(status, CertificateStatus, "证件状态")
    reason = _text(reason, "状态变更原因", limit=200)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status == CertificateStatus.CANCELLED:
            raise ValidationError("已注销的执法证件不能恢复；须重新申领。")
        before = certificate.status
        certificate.status, certificate.status_reason = status, reason
        certificate.save(update_fields=["status", "status_reason"])
        _record(
            E.CERTIFICATE_STATUS,
            actor=actor,
            post=post,
            record=certificate.officer,
            changes={
                "certificate": (certificate.number, certificate.number),
                "status": (before, status),
            },
            note=reason,
            request=request,
        )
    return certificate


def exam_record(
    *, actor: Person, officer: Officer, taken_on: Any, passed: bool, score=None, request=None
) -> Exam:
    post = _office_post(actor, officer.body.unit)
    taken = _past(taken_on, "考试日期")
    score = _money(score, "成绩") if score not in (None, "") else None
    if score is not None and score > 100:
        raise ValidationError("成绩不能超过100分。")
    with transaction.atomic():
        exam = Exam.objects.create(
            officer=officer, taken_on=taken, passed=bool(passed), score=score
        )
        _record(
            E.EXAM_RECORD,
            actor=actor,
            post=post,
            record=officer,
            changes={"exam": (None, taken.isoformat()), "passed": (None, bool(passed))},
            request=request,
        )
    return exam


def training_record(
    *,
    actor: Person,
    officer: Officer,
    held_on: Any,
    title: str,
    hours: Any,
    organizer: str = "",
    request=None,
) -> Training:
    post = _post(actor, officer.body.unit_id, ADMINS + OFFICE_ROLES)
    held = _past(held_on, "培训日期")
    amount = _money(hours, "学时", required=True)
    if not Decimal("0") < amount <= Decimal("24"):
        raise ValidationError("单次培训学时应大于0且不超过24。")
    with transaction.atomic():
        training = Training.objects.create(
            officer=officer,
            held_on=held,
            title=_text(title, "培训内容", limit=200),
            organizer=_text(organizer, "组织单位", required=False, limit=100),
            hours=amount,
        )
        _record(
            E.TRAINING_RECORD,
            actor=actor,
            post=post,
            record=officer,
            changes={"hours": (None, str(amount)), "held_on": (None, held.isoformat())},
            request=request,
        )
    return training


# ---- items, benchmarks, exemption lists ---------------------------------------------------------


def item_save(
    *,
    actor: Person,
    body: Body,
    code: str,
    name: str,
    kind: str,
    legal_basis: str,
    level: str,
    delegated: bool = False,
    statutory_min: Any = None,
    statutory_max: Any = None,
    review_listed: bool = False,
    request=None,
) -> Item:
    """Add or update an item of the body's powers list (matched by its code)."""
    post = _post(actor, body.unit_id, ADMINS + OFFICE_ROLES)
    values = _item_values(
        code=code,
        name=name,
        kind=kind,
        legal_basis=legal_basis,
        level=level,
        delegated=delegated,
        statutory_min=statutory_min,
        statutory_max=statutory_max,
        review_listed=review_listed,
    )
    with transaction.atomic():
        item = _item_upsert(body, values)
        _record(
            E.ITEM_SAVE,
            actor=actor,
            post=post,
            record=item,
            changes={"code": (None, item.code), "kind": (None, item.kind)},
            request=request,
        )
    return item


def _item_values(
    *, code, name, kind, legal_basis, level, delegated, statutory_min, statutory_max, review_listed
) -> dict:
    values = {
        "code": _text(code, "事项编码", limit=60),
        "name": _text(name, "事项名称", limit=300),
        "kind": _choice(kind, ItemKind, "事项类别"),
        "legal_basis": _text(legal_basis, "法律依据", limit=5000),
        "level": _choice(level, Level, "实施层级"),
        "delegated": bool(delegated),
        "statutory_min": _money(statutory_min, "法定罚款下限"),
        "statutory_max": _money(statutory_max, "法定罚款上限"),
        "review_listed": bool(review_listed),
    }
    low, high = values["statutory_min"], values["statutory_max"]
    if low is not None and high is not None and high < low:
        raise ValidationError("法定罚款上限不能低于下限。")
    if values["delegated"] and values["level"] != Level.STREET:
        raise ValidationError("下放街道（乡镇）实施的事项，实施层级应为街道（乡镇）。")
    return values


def _item_upsert(body: Body, values: dict) -> Item:
    item = Item.objects.select_for_update().filter(body=body, code=values["code"]).first()
    if item is None:
        return Item.objects.create(body=body, **values)
    for key, value in values.items():
        setattr(item, key, value)
    item.save()
    return item


def benchmark_save(
    *,
    actor: Person,
    item: Item,
    effective_from: Any,
    source: str,
    rows: list[dict],
    published_on: Any = None,
    request=None,
) -> Benchmark:
    """A new dated version of the item's benchmark. Rows: {circumstance, degree, penalty,
    fine_min, fine_max}. A benchmark must be published (处罚法第三十四条)."""
    post = _post(actor, item.body.unit_id, ADMINS + OFFICE_ROLES)
    start = _day(effective_from, "施行日期")
    published = _day(published_on, "公布日期", required=False)
    if not rows:
        raise ValidationError("裁量基准至少要有一个违法情节。")
    clean = []
    for number, row in enumerate(rows, start=1):
        try:
            clean.append(_benchmark_row(number, row, item))
        except ValidationError as exc:
            raise ValidationError(f"第{number}个情节：{'；'.join(exc.messages)}") from None
    with transaction.atomic():
        if Benchmark.objects.filter(item=item, effective_from=start).exists():
            raise ValidationError(f"该事项{law.fmt(start)}施行的裁量基准已经存在。")
        benchmark = Benchmark.objects.create(
            item=item,
            effective_from=start,
            source=_text(source, "制定依据文件", limit=300),
            published_on=published,
        )
        BenchmarkRow.objects.bulk_create(BenchmarkRow(benchmark=benchmark, **row) for row in clean)
        _record(
            E.BENCHMARK_SAVE,
            actor=actor,
            post=post,
            record=item,
            changes={"effective_from": (None, start.isoformat()), "rows": (None, len(clean))},
            request=request,
        )
    return benchmark


def _benchmark_row(number: int, row: dict, item: Item) -> dict:
    low = _money(row.get("fine_min"), "罚款下限")
    high = _money(row.get("fine_max"), "罚款上限")
    if low is not None and high is not None and high < low:
        raise ValidationError("罚款上限不能低于下限。")
    if high is not None and item.statutory_max is not None and high > item.statutory_max:
        raise ValidationError(f"罚款上限超过法定上限{law.money(item.statutory_max)}。")
    degree = _choice(row.get("degree", ""), Degree, "裁量阶次")
    if (
        low is not None
        and item.statutory_min is not None
        and low < item.statutory_min
        and degree not in (Degree.MITIGATED, Degree.NONE)
    ):
        raise ValidationError("低于法定罚款下限的，只能是减轻处罚（处罚法第三十二条）。")
    return {
        "order": number,
        "circumstance": _text(row.get("circumstance"), "违法情节", limit=2000),
        "degree": degree,
        "penalty": _text(row.get("penalty"), "处罚种类", limit=200),
        "fine_min": low,
        "fine_max": high,
    }


def exemption_save(
    *,
    actor: Person,
    item: Item,
    kind: str,
    circumstance: str,
    effective_from: Any,
    source: str,
    request=None,
) -> Exemption:
    post = _post(actor, item.body.unit_id, ADMINS + OFFICE_ROLES)
    _choice(kind, ExemptionKind, "清单类别")
    with transaction.atomic():
        exemption = Exemption.objects.create(
            item=item,
            kind=kind,
            circumstance=_text(circumstance, "适用情形", limit=2000),
            effective_from=_day(effective_from, "施行日期"),
            source=_text(source, "制定依据文件", limit=300),
        )
        _record(
            E.EXEMPTION_SAVE,
            actor=actor,
            post=post,
            record=item,
            changes={"exemption": (None, kind)},
            request=request,
        )
    return exemption


def benchmark_in_force(item: Item, on: date) -> Benchmark | None:
    return item.benchmarks.filter(effective_from__lte=on).order_by("-effective_from").first()


# ---- penalty cases: opening and investigation --------------------------------------------------


def _case_post(actor: Person, case_or_body, roles: Iterable[str], message: str = "") -> Post:
    """The actor's post in the enforcement body itself (or one of its divisions): a case is
    handled and decided by the body that opened it (处罚法第五十七条: 行政机关负责人), never by
    a unit above it that happens to reach its records."""
    body_unit = case_or_body.unit if isinstance(case_or_body, Body) else case_or_body.body.unit
    posts = Post.objects.active().filter(
        person=actor, role__in=tuple(roles), unit__path__startswith=body_unit.path
    )
    for post in posts.select_related("unit"):
        if post_reaches(post.unit, post.role, body_unit.pk, Action.CHANGE):
            return post
    raise PermissionDenied(message or f"只有{body_unit.name}的相关人员可以办理。")


def _handler_post(actor: Person, case_or_body) -> Post:
    return _case_post(actor, case_or_body, HANDLERS, "只有办案单位的执法人员可以办理。")


def _case_officer(actor: Person, case: PenaltyCase, day: date) -> None:
    """Investigation acts are done by the case's own certified officers (处罚法第四十二条、
    第五十五条: 出示执法证件)."""
    assignment = case.case_officers.filter(officer__person=actor).select_related("officer").first()
    certified = assignment is not None and any(
        c.valid_on(day) for c in assignment.officer.certificates.all()
    )
    if not certified:
        raise PermissionDenied(
            "只有本案持有效执法证件的办案人员可以办理（处罚法第四十二条：行政处罚应当由具有行政执法"
            "资格的执法人员实施）。"
        )


def case_open(
    *,
    actor: Person,
    body: Body,
    item: Item,
    number: str,
    party_kind: str,
    party_name: str,
    occurred_on: Any,
    opened_on: Any = None,
    discovered_on: Any = None,
    source: str = CaseSource.INSPECTION,
    party_code: str = "",
    party_address: str = "",
    party_phone: str = "",
    party_representative: str = "",
    facts: str = "",
    violation_type: str = "",
    ended_on: Any = None,
    endangers_safety: bool = False,
    simplified: bool = False,
    officers: Iterable[Officer] = (),
    single_officer_basis: str = "",
    request=None,
) -> PenaltyCase:
    """立案. Refused when the limitation of 处罚法第三十六条 has run; starts the decision period
    (第六十条, rule penalty.decision) for a case under the ordinary procedure."""
    post = _handler_post(actor, body)
    if item.body_id != body.pk:
        raise ValidationError(f"“{item.name}”不是{body}的执法事项，{body}不能据此立案。")
    if item.kind != ItemKind.PENALTY:
        raise ValidationError(f"“{item.name}”不是行政处罚事项。")
    if not item.active:
        raise ValidationError(f"“{item.name}”已停止实施。")
    _choice(party_kind, PartyKind, "当事人类型")
    _choice(source, CaseSource, "案件来源")
    today = timezone.localdate()
    opened = _past(opened_on or today, "立案日期")
    occurred = _past(occurred_on, "违法行为发生日期")
    ended = _past(ended_on, "违法行为终了日期", required=False)
    discovered = _past(discovered_on or opened, "发现日期")
    if occurred > opened:
        raise ValidationError("立案日期不能早于违法行为发生日期。")
    if discovered > opened:
        raise ValidationError("发现日期不能晚于立案日期。")
    refusal = law.limitation_refusal(occurred, ended, bool(endangers_safety), discovered)
    if refusal:
        raise ValidationError(refusal)
    values = {
        "party_name": _text(party_name, "当事人名称（姓名）", limit=200),
        "party_code": _text(party_code, "统一社会信用代码或身份证件号码", required=False, limit=30),
        "party_address": _text(party_address, "当事人地址", required=False, limit=300),
        "party_phone": _text(party_phone, "当事人联系电话", required=False, limit=40),
        "party_representative": _text(party_representative, "法定代表人", required=False, limit=60),
        "facts": _text(facts, "违法事实", required=False),
        "violation_type": _text(violation_type, "违法行为类型", required=False, limit=200),
        "single_officer_basis": _text(
            single_officer_basis, "一名执法人员实施的法律依据", required=False, limit=200
        ),
    }
    number = _text(number, "案号", limit=60)
    with transaction.atomic():
        if PenaltyCase.objects.filter(body=body, number=number).exists():
            raise ValidationError(f"案号“{number}”已经使用。")
        case = PenaltyCase.objects.create(
            unit=body.unit,
            body=body,
            item=item,
            number=number,
            simplified=bool(simplified),
            source=source,
            party_kind=party_kind,
            occurred_on=occurred,
            ended_on=ended,
            endangers_safety=bool(endangers_safety),
            discovered_on=discovered,
            opened_on=opened,
            opened_by=actor,
            state=PenaltyCase.initial_state(),
            **values,
        )
        for index, officer in enumerate(officers):
            _assign(case, officer, CaseRole.LEAD if index == 0 else CaseRole.ASSIST, opened)
        if not case.simplified:
            deadline = deadline_start(
                subject=case,
                rule_id="penalty.decision",
                trigger=opened,
                trigger_basis=f"立案审批表载明的立案日期（案号{number}）",
                unit=body.unit,
                owner=actor,
            )
            case.decision_due = deadline.due_date
            case.save(update_fields=["decision_due"])
        _record(
            E.CASE_OPEN,
            actor=actor,
            post=post,
            record=case,
            changes={
                "number": (None, number),
                "item": (None, item.code),
                "party": (None, _keyed(values["party_name"])),
                "party_kind": (None, party_kind),
                "opened_on": (None, opened.isoformat()),
                "simplified": (None, bool(simplified)),
                "facts": (None, _sha(values["facts"])),
            },
            request=request,
        )
    return case


def _assign(case: PenaltyCase, officer: Officer, role: str, day: date) -> CaseOfficer:
    if officer.body_id != case.body_id:
        raise ValidationError(f"{officer}不是{case.body}的执法人员。")
    if officer.duty != Duty.ENFORCEMENT or not officer.active:
        raise ValidationError(f"{officer}不是在岗的执法人员。")
    certificate = next((c for c in officer.certificates.all() if c.valid_on(day)), None)
    if certificate is None:
        raise ValidationError(
            f"{officer}没有{law.fmt(day)}有效的执法证件，不能办理案件（处罚法第四十二条：行政处罚"
            "应当由具有行政执法资格的执法人员实施）。"
        )
    return CaseOfficer.objects.create(
        case=case,
        officer=officer,
        role=role,
        certificate_number=certificate.number,
        assigned_on=day,
    )


def case_assign(
    *, actor: Person, case: PenaltyCase, officer: Officer, role: str = CaseRole.ASSIST, request=None
) -> CaseOfficer:
    post = _handler_post(actor, case)
    _choice(role, CaseRole, "分工")
    with transaction.atomic():
        case = _lock(case)
        _require_open(case)
        if case.case_officers.filter(officer=officer).exists():
            raise ValidationError(f"{officer}已是本案办案人员。")
        assignment = _assign(case, officer, role, timezone.localdate())
        _record(
            E.CASE_OFFICERS,
            actor=actor,
            post=post,
            record=case,
            changes={
                "officer": (None, officer.person.name),
                "certificate": (None, assignment.certificate_number),
            },
            request=request,
        )
    return assignment


def _require_open(case: PenaltyCase) -> None:
    if case.procedure_state.terminal:
        raise ValidationError(f"案件已{case.procedure().state_label(case.state)}，不能再办理。")


def evidence_add(
    *,
    actor: Person,
    case: PenaltyCase,
    upload,
    kind: str,
    title: str,
    collected_on: Any,
    collected_by: Officer,
    declared_sha256: str | None = None,
    note: str = "",
    request=None,
) -> Evidence:
    """Store an evidence file (content-addressed; its SHA-256 in the ledger). A declared hash
    that does not match the file refuses it and stores nothing."""
    post = _handler_post(actor, case)
    _case_officer(actor, case, timezone.localdate())
    _choice(kind, EvidenceKind, "证据种类")
    title = _text(title, "证据名称", limit=200)
    collected = _past(collected_on, "取得日期")
    if (
        collected_by.body_id != case.body_id
        or not case.case_officers.filter(officer=collected_by).exists()
    ):
        raise ValidationError(f"{collected_by}不是本案办案人员。")
    with transaction.atomic():
        case = _lock(case)
        _require_open(case)
        if case.state not in ("investigating",):
            raise ValidationError("调查终结后不能再补充证据；须退回调查（法制审核退回）后补充。")
        stored = file_store(
            actor=actor,
            unit=case.unit,
            upload=upload,
            declared_sha256=declared_sha256,
            role=post.role,
            request=request,
        )
        evidence = Evidence.objects.create(
            case=case,
            kind=kind,
            title=title,
            sha256=stored.sha256,
            file_name=getattr(upload, "name", "") or stored.original_name,
            size=stored.size,
            collected_on=collected,
            collected_by=collected_by,
            note=_text(note, "说明", required=False, limit=300),
        )
        _record(
            E.EVIDENCE_ADD,
            actor=actor,
            post=post,
            record=case,
            changes={"evidence": (None, _sha(title)), "kind": (None, kind)},
            files=[stored.sha256],
            request=request,
        )
    return evidence


def preservation_start(
    *, actor: Person, case: PenaltyCase, things: str, started_on: Any = None, request=None
) -> Preservation:
    """先行登记保存, approved by the body's head (处罚法第五十六条): the handling decision is due
    within 7 working days (rule penalty.evidence_handling)."""
    post = _case_post(actor, case, HEAD, "先行登记保存须经行政机关负责人批准（处罚法第五十六条）。")
    started = _past(started_on or timezone.localdate(), "登记保存日期")
    with transaction.atomic():
        case = _lock(case)
        if case.state != "investigating":
            raise ValidationError(
                "先行登记保存是调查取证中的措施，调查终结后不能采取（处罚法第五十六条）。"
            )
        preservation = Preservation.objects.create(
            case=case,
            things=_text(things, "登记保存物品", limit=3000),
            approved_by=actor,
            started_on=started,
        )
        deadline_start(
            subject=preservation,
            rule_id="penalty.evidence_handling",
            trigger=started,
            trigger_basis="先行登记保存通知书载明的日期",
            unit=case.unit,
            owner=actor,
        )
        _record(
            E.PRESERVATION_START,
            actor=actor,
            post=post,
            record=case,
            changes={
                "preservation": (None, preservation.pk),
                "started_on": (None, started.isoformat()),
            },
            request=request,
        )
    return preservation


def preservation_handle(
    *,
    actor: Person,
    preservation: Preservation,
    handling: str,
    handled_on: Any = None,
    request=None,
) -> Preservation:
    case = preservation.case
    post = _handler_post(actor, case)
    handled = _past(handled_on or timezone.localdate(), "处理决定日期")
    with transaction.atomic():
        preservation = Preservation.objects.select_for_update().get(pk=preservation.pk)
        if preservation.handled_on:
            raise ValidationError("该先行登记保存已作出处理决定。")
        if handled < preservation.started_on:
            raise ValidationError("处理决定日期不能早于登记保存日期。")
        preservation.handled_on = handled
        preservation.handling = _text(handling, "处理决定", limit=300)
        preservation.save(update_fields=["handled_on", "handling"])
        deadline_stop(subject=preservation, rule_id="penalty.evidence_handling", on=handled)
        due = law.period_due("penalty.evidence_handling", preservation.started_on)
        note = (
            "" if handled <= due else f"逾期：应于{law.fmt(due)}前作出处理决定（处罚法第五十六条）"
        )
        _record(
            E.PRESERVATION_HANDLE,
            actor=actor,
            post=post,
            record=case,
            changes={
                "preservation": (None, preservation.pk),
                "handled_on": (None, handled.isoformat()),
            },
            note=note,
            request=request,
        )
    return preservation


# ---- discretion and the proposal ----------------------------------------------------------------


def proposal_range(case: PenaltyCase, row: BenchmarkRow | None) -> dict:
    """What the benchmark proposes for the case's circumstances, shown beside the decision."""
    if row is None:
        return {"row": None, "text": "未选择裁量情节", "low": None, "high": None}
    return {
        "row": row,
        "text": f"{row.get_degree_display()}：{row.range_text}",
        "low": row.fine_min,
        "high": row.fine_max,
    }


def case_propose(
    *,
    actor: Person,
    case: PenaltyCase,
    penalty_kinds: Iterable[str],
    fine: Any = None,
    confiscation: Any = None,
    penalty_other: str = "",
    benchmark_row: BenchmarkRow | None = None,
    exemption: Exemption | None = None,
    outside_range_reason: str = "",
    discretion_reasoning: str = "",
    major_public_interest: bool | None = None,
    complex_case: bool | None = None,
    other_review_basis: str | None = None,
    major_violation: bool | None = None,
    facts: str | None = None,
    violation_type: str | None = None,
    request=None,
) -> PenaltyCase:
    """The proposed penalty and its discretion: the benchmark row in force for the case's
    circumstances (on the day of the violation's end or occurrence… the version in force when
    the case is decided — today), and why a fine departs from it."""
    post = _handler_post(actor, case)
    _case_officer(actor, case, timezone.localdate())
    kinds = sorted(set(penalty_kinds))
    for kind in kinds:
        _choice(kind, PenaltyKind, "处罚种类")
    amount = _money(fine, "罚款金额")
    if "fine" in kinds and not amount:
        raise ValidationError("处以罚款的，须写明罚款金额。")
    if "fine" not in kinds:
        amount = None
    taking = _money(confiscation, "没收金额")
    with transaction.atomic():
        case = _lock(case)
        _require_open(case)
        if case.state not in ("investigating", "notified", "ready"):
            raise ValidationError("当前阶段不能修改拟处罚内容。")
        if benchmark_row is not None:
            benchmark = benchmark_in_force(case.item, timezone.localdate())
            if benchmark is None or benchmark_row.benchmark_id != benchmark.pk:
                raise ValidationError("所选情节不属于该事项现行有效的裁量基准。")
        if exemption is not None and exemption.item_id != case.item_id:
            raise ValidationError("所选免罚清单事项不属于本案的执法事项。")
        reason = _text(outside_range_reason, "超出裁量基准的理由", required=False, limit=3000)
        if benchmark_row is not None and not reason:
            departure = law.outside_range(amount, benchmark_row.fine_min, benchmark_row.fine_max)
            if departure:
                raise ValidationError(
                    f"{departure}（{benchmark_row.get_degree_display()}：{benchmark_row.range_text}），"
                    f"须说明理由{law.cite('第三十四条')}。"
                )
        refusal = law.statutory_refusal(amount, case.item.statutory_min, case.item.statutory_max)
        if refusal:
            raise ValidationError(refusal + law.cite("第四条"))
        if case.simplified:
            refusal = law.simplified_refusal(case.party_kind, kinds, amount)
            if refusal:
                raise ValidationError(refusal)
        before = {"penalty_kinds": case.penalty_kinds, "fine": case.fine}
        case.penalty_kinds, case.fine, case.confiscation = kinds, amount, taking
        case.penalty_other = _text(penalty_other, "其他处罚内容", required=False, limit=300)
        case.benchmark_row, case.exemption = benchmark_row, exemption
        case.outside_range_reason = reason
        case.discretion_reasoning = _text(
            discretion_reasoning, "裁量说明", required=False, limit=5000
        )
        _set_review_flags(
            case,
            major_public_interest=major_public_interest,
            complex_case=complex_case,
            other_review_basis=other_review_basis,
            major_violation=major_violation,
        )
        if facts is not None:
            case.facts = _text(facts, "违法事实", required=False)
        if violation_type is not None:
            case.violation_type = _text(violation_type, "违法行为类型", required=False, limit=200)
        case.review_required = case.review_needed
        case.save()
        _record(
            E.CASE_PROPOSE,
            actor=actor,
            post=post,
            record=case,
            changes={
                "penalty_kinds": (before["penalty_kinds"], kinds),
                "fine": (
                    str(before["fine"]) if before["fine"] is not None else None,
                    str(amount) if amount is not None else None,
                ),
                "benchmark_row": (None, benchmark_row.pk if benchmark_row else None),
                "outside_range_reason": (None, _sha(reason)),
            },
            request=request,
        )
    return case


def _set_review_flags(case: PenaltyCase, **flags) -> None:
    """Why legal review (第五十八条) and collective discussion (第五十七条第二款) are required.
    None leaves a flag as it is; once the case has left investigation a flag can be added but
    not cleared (a required review cannot be talked away)."""
    for name, value in flags.items():
        if value is None:
            continue
        value = (
            _text(value, "其他法制审核情形", required=False, limit=200)
            if name == "other_review_basis"
            else bool(value)
        )
        if getattr(case, name) and not value and case.state != "investigating":
            label = PenaltyCase._meta.get_field(name).verbose_name
            raise ValidationError(
                f"调查终结后不能取消“{label}”的认定（处罚法第五十七条、第五十八条）。"
            )
        setattr(case, name, value)


def case_notify(
    *,
    actor: Person,
    case: PenaltyCase,
    notified_on: Any,
    facts: str,
    reasons: str,
    basis: str,
    proposal: str,
    hearing_right: bool | None = None,
    waived: bool = False,
    request=None,
) -> Notice:
    """告知 (第四十四条). The hearing right follows from the proposal (第六十三条) and may be given
    more widely, never withheld. Starts the hearing-request period when there is one."""
    post = _handler_post(actor, case)
    _case_officer(actor, case, timezone.localdate())
    notified = _past(notified_on, "告知日期")
    with transaction.atomic():
        case = _lock(case)
        renotify = case.state != "investigating"
        if hearing_right is None:
            hearing_right = law.hearing_right(
                case.party_kind, case.penalty_kinds, case.fine, case.confiscation
            )
        latest = case.notices.first()
        if notified < case.opened_on or (latest is not None and notified < latest.notified_on):
            raise ValidationError("告知日期不能早于立案日期或上一次告知的日期。")
        notice = Notice.objects.create(
            case=case,
            penalty_kinds=case.penalty_kinds,
            fine=case.fine,
            confiscation=case.confiscation,
            notified_on=notified,
            facts=_text(facts, "违法事实"),
            reasons=_text(reasons, "处罚理由"),
            basis=_text(basis, "处罚依据"),
            proposal=_text(proposal, "拟作出的行政处罚", limit=300),
            hearing_right=bool(hearing_right),
            waived=bool(waived),
        )
        data = {
            "notified_on": notified.isoformat(),
            "proposal": _sha(notice.proposal),
            "hearing_right": notice.hearing_right,
        }
        if renotify:
            data["reason"] = "事实、理由、依据或拟处罚内容变更，重新告知"
        _step(
            case,
            "renotify" if renotify else "notify",
            actor=actor,
            post=post,
            data=data,
            request=request,
        )
        deadline_stop(
            subject=case, rule_id="penalty.hearing_request", on=notified, outcome="重新告知"
        )
        if notice.hearing_right and not notice.waived:
            deadline_start(
                subject=case,
                rule_id="penalty.hearing_request",
                trigger=notified,
                trigger_basis="行政处罚告知书送达日期",
                unit=case.unit,
                owner=actor,
            )
    return notice


def statement_record(
    *,
    actor: Person,
    case: PenaltyCase,
    received_on: Any,
    content: str,
    adopted: bool | None = None,
    reply: str = "",
    request=None,
) -> Statement:
    """陈述申辩 and its review (第四十五条): the body must not punish more heavily because of it."""
    post = _handler_post(actor, case)
    received = _past(received_on, "提出日期")
    with transaction.atomic():
        case = _lock(case)
        if case.state not in ("notified", "hearing", "ready"):
            raise ValidationError("告知后、作出决定前，当事人可以陈述申辩。")
        statement = Statement.objects.create(
            case=case,
            received_on=received,
            content=_text(content, "陈述申辩内容"),
            adopted=adopted,
            reply=_text(reply, "复核意见", required=adopted is not None),
        )
        _record(
            E.STATEMENT_RECORD,
            actor=actor,
            post=post,
            record=case,
            changes={"statement": (None, _sha(statement.content)), "adopted": (None, adopted)},
            request=request,
        )
    return statement


def statement_answer(
    *, actor: Person, statement: Statement, adopted: bool, reply: str, request=None
) -> Statement:
    case = statement.case
    post = _handler_post(actor, case)
    with transaction.atomic():
        case = _lock(case)
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        if case.state not in ("notified", "hearing", "ready"):
            raise ValidationError("作出决定后不能再修改陈述申辩的复核意见。")
        if statement.adopted is not None:
            raise ValidationError("该陈述申辩已经复核。")
        statement.adopted = bool(adopted)
        statement.reply = _text(reply, "复核意见")
        statement.save(update_fields=["adopted", "reply"])
        _record(
            E.STATEMENT_RECORD,
            actor=actor,
            post=post,
            record=case,
            changes={"adopted": (None, statement.adopted), "reply": (None, _sha(statement.reply))},
            request=request,
        )
    return statement


def hearing_request(
    *, actor: Person, case: PenaltyCase, requested_on: Any, request=None
) -> Hearing:
    post = _handler_post(actor, case)
    asked = _past(requested_on, "要求听证日期")
    with transaction.atomic():
        case = _lock(case)
        hearing = Hearing.objects.create(case=case, requested_on=asked)
        _step(
            case,
            "request_hearing",
            actor=actor,
            post=post,
            data={"requested_on": asked.isoformat()},
            request=request,
        )
        deadline_stop(
            subject=case, rule_id="penalty.hearing_request", on=asked, outcome="当事人要求听证"
        )
    return hearing


def hearing_notify(
    *,
    actor: Person,
    hearing: Hearing,
    notified_on: Any,
    scheduled_on: Any,
    place: str,
    chair: Person,
    public: bool = True,
    request=None,
) -> Hearing:
    """The notice of time and place at least 7 working days before the hearing (第六十四条第二项);
    the chair is not one of the case's investigators (第六十四条第四项)."""
    case = hearing.case
    post = _handler_post(actor, case)
    notified = _past(notified_on, "通知日期")
    scheduled = _day(scheduled_on, "举行日期")
    latest = law.period_due("penalty.hearing_notice", scheduled)
    if notified > latest:
        raise ValidationError(
            f"听证定于{law.fmt(scheduled)}举行，应当在{law.fmt(latest)}前（七个工作日前）通知当事人；"
            f"{law.fmt(notified)}通知过晚，请改定听证日期{law.cite('第六十四条第二项')}。"
        )
    if case.case_officers.filter(officer__person=chair).exists():
        raise ValidationError(
            f"听证由非本案调查人员主持，{chair.name}是本案办案人员{law.cite('第六十四条第四项')}。"
        )
    if not chair.posts.active().filter(unit__path__startswith=case.body.unit.path).exists():
        raise ValidationError(f"主持人应由{case.body}指定其工作人员担任。")
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if hearing.held_on or hearing.withdrawn_on:
            raise ValidationError("该听证已结束。")
        hearing.notified_on, hearing.scheduled_on, hearing.chair = notified, scheduled, chair
        hearing.place = _text(place, "听证地点", limit=200)
        hearing.public = bool(public)
        hearing.save()
        _record(
            E.HEARING_NOTIFY,
            actor=actor,
            post=post,
            record=case,
            changes={
                "notified_on": (None, notified.isoformat()),
                "scheduled_on": (None, scheduled.isoformat()),
                "chair": (None, chair.name),
            },
            request=request,
        )
    return hearing


def hearing_hold(
    *, actor: Person, hearing: Hearing, held_on: Any, record: str, request=None
) -> Hearing:
    case = hearing.case
    post = _handler_post(actor, case)
    held = _past(held_on, "举行日期")
    text = _text(record, "听证笔录")
    with transaction.atomic():
        case = _lock(case)
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if hearing.held_on or hearing.withdrawn_on:
            raise ValidationError("该听证已经结束。")
        if hearing.scheduled_on and held < hearing.scheduled_on:
            raise ValidationError("听证不能早于通知的日期举行。")
        _step(
            case,
            "hold_hearing",
            actor=actor,
            post=post,
            data={"held_on": held.isoformat(), "record_sha256": _sha(text)},
            request=request,
        )
        hearing.held_on, hearing.record = held, text
        hearing.save(update_fields=["held_on", "record"])
        case.refresh_from_db()
        case.hearing_held = True
        case.review_required = True  # 第五十八条第一款第二项
        case.save(update_fields=["hearing_held", "review_required"])
    return hearing


def hearing_withdraw(
    *, actor: Person, hearing: Hearing, withdrawn_on: Any, reason: str, request=None
) -> Hearing:
    case = hearing.case
    post = _handler_post(actor, case)
    day = _past(withdrawn_on, "放弃日期")
    with transaction.atomic():
        case = _lock(case)
        current = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if current.held_on or current.withdrawn_on or current.case_id != case.pk:
            raise ValidationError("该听证已经结束。")
        _step(
            case,
            "withdraw_hearing",
            actor=actor,
            post=post,
            data={
                "withdrawn_on": day.isoformat(),
                "reason": _sha(_text(reason, "放弃听证的情形", limit=300)),
            },
            request=request,
        )
        Hearing.objects.filter(pk=hearing.pk).update(withdrawn_on=day)
    hearing.refresh_from_db()
    return hearing


# ---- legal review, discussion, decision ---------------------------------------------------------


def review_submit(*, actor: Person, case: PenaltyCase, request=None) -> LegalReview:
    post = _handler_post(actor, case)
    with transaction.atomic():
        case = _lock(case)
        _step(case, "submit_review", actor=actor, post=post, request=request)
        return LegalReview.objects.create(case=case, submitted_on=timezone.localdate())


def review_record(
    *, actor: Person, case: PenaltyCase, result: str, opinion: str, request=None
) -> LegalReview:
    """The written review opinion (118号四（十三））: agree, or problems found (the case goes back
    to the investigators)."""
    _choice(result, ReviewResult, "审核意见")
    post = _case_post(actor, case, REVIEWERS, "只有法制审核人员可以出具审核意见。")
    text = _text(opinion, "书面审核意见")
    with transaction.atomic():
        case = _lock(case)
        review = case.reviews.select_for_update().filter(result="").order_by("-id").first()
        if review is None:
            raise ValidationError("没有待审核的送审记录。")
        code = "review_agree" if result == ReviewResult.AGREE else "review_return"
        _step(
            case, code, actor=actor, post=post, data={"opinion_sha256": _sha(text)}, request=request
        )
        review.reviewer, review.reviewed_on, review.result, review.opinion = (
            actor,
            timezone.localdate(),
            result,
            text,
        )
        review.save()
        if result == ReviewResult.AGREE:
            PenaltyCase.objects.filter(pk=case.pk).update(reviewed=True)
    return review


def case_ready(*, actor: Person, case: PenaltyCase, request=None) -> PenaltyCase:
    post = _handler_post(actor, case)
    with transaction.atomic():
        case = _lock(case)
        _step(case, "ready", actor=actor, post=post, request=request)
    return case


def discussion_record(
    *,
    actor: Person,
    case: PenaltyCase,
    held_on: Any,
    meeting: str,
    attendees: str,
    conclusion: str,
    request=None,
) -> Discussion:
    """集体讨论 by the body's heads (第五十七条第二款), after a required legal review."""
    post = _case_post(actor, case, HEAD, "集体讨论由行政机关负责人进行。")
    held = _past(held_on, "讨论日期")
    with transaction.atomic():
        case = _lock(case)
        if case.state != "ready":
            raise ValidationError(
                "调查终结并听取陈述申辩（经法制审核）后，方可提请负责人集体讨论。"
            )
        discussion = Discussion.objects.create(
            case=case,
            held_on=held,
            meeting=_text(meeting, "会议名称", limit=200),
            attendees=_text(attendees, "参加人员", limit=2000),
            conclusion=_text(conclusion, "讨论决定"),
        )
        _record(
            E.DISCUSSION_RECORD,
            actor=actor,
            post=post,
            record=case,
            changes={
                "held_on": (None, held.isoformat()),
                "conclusion": (None, _sha(discussion.conclusion)),
            },
            request=request,
        )
    return discussion


def case_extend(
    *, actor: Person, case: PenaltyCase, days: int, reason: str, basis: str, request=None
) -> Extension:
    """An extension of the decision period that a law, regulation or rule allows (第六十条 “另有
    规定的，从其规定”): approved by the body's head, naming that provision."""
    post = _case_post(actor, case, HEAD, "延长办案期限须经行政机关负责人批准。")
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValidationError("延长日数须为正整数。") from None
    if not 1 <= days <= 365:
        raise ValidationError("延长日数须为1至365之间的整数。")
    with transaction.atomic():
        case = _lock(case)
        _require_open(case)
        if case.decided_on or case.simplified:
            raise ValidationError("已作出决定或适用简易程序的案件不需要延长办案期限。")
        extension = Extension.objects.create(
            case=case,
            days=days,
            reason=_text(reason, "延长理由"),
            basis=_text(basis, "延长依据", limit=200),
            approved_by=actor,
            approved_on=timezone.localdate(),
        )
        before = case.decision_due
        case.decision_due = (case.decision_due or case.opened_on) + timedelta(days=days)
        case.save(update_fields=["decision_due"])
        _record(
            E.EXTENSION_APPROVE,
            actor=actor,
            post=post,
            record=case,
            changes={
                "decision_due": (
                    before.isoformat() if before else None,
                    case.decision_due.isoformat(),
                )
            },
            note=extension.basis,
            request=request,
        )
    return extension


def _decision_predecessors(case: PenaltyCase) -> list[tuple[date, str]]:
    """The dated acts a decision must not precede."""
    found = []
    notice = case.notices.first()
    if notice:
        found.append((notice.notified_on, "告知日期"))
    review = case.reviews.exclude(reviewed_on=None).order_by("-reviewed_on").first()
    if review:
        found.append((review.reviewed_on, "法制审核日期"))
    discussion = case.discussions.order_by("-held_on").first()
    if discussion:
        found.append((discussion.held_on, "集体讨论日期"))
    hearing = case.hearings.exclude(held_on=None).order_by("-held_on").first()
    if hearing:
        found.append((hearing.held_on, "听证日期"))
    return found


def case_decide(
    *,
    actor: Person,
    case: PenaltyCase,
    outcome: str,
    decided_on: Any,
    decision_number: str = "",
    decision_text: str = "",
    request=None,
) -> PenaltyCase:
    """作出决定 by the body's head (第五十七条): a penalty, no penalty (第三十三条: with the
    exemption list entry, which produces the three documents of 一案三书), or facts not
    established. Starts the service period (第六十一条) and sets the disclosure due date."""
    post = _case_post(actor, case, HEAD, "行政处罚决定由行政机关负责人作出（处罚法第五十七条）。")
    _choice(outcome, Outcome, "处理结果")
    decided = _past(decided_on, "决定日期")
    with transaction.atomic():
        case = _lock(case)
        if decided < case.opened_on:
            raise ValidationError("决定日期不能早于立案日期。")
        for record, label in _decision_predecessors(case):
            if decided < record:
                raise ValidationError(f"决定日期不能早于{label}（{law.fmt(record)}）。")
        if (
            decision_number
            and PenaltyCase.objects.filter(body=case.body, decision_number=decision_number.strip())
            .exclude(pk=case.pk)
            .exists()
        ):
            raise ValidationError(f"文号“{decision_number.strip()}”已被本机关其他决定书使用。")
        case.outcome = outcome
        case.decision_number = _text(
            decision_number, "决定书文号", required=outcome != "not_established", limit=80
        )
        case.decision_text = _text(decision_text, "决定书正文", required=False, limit=50000)
        case.decided_on = decided
        if outcome != "penalty":
            case.penalty_kinds, case.fine, case.confiscation = [], None, None
        case.reduced = law.reduction(outcome, case.fine, case.item.statutory_min)
        case.review_required = case.review_needed
        latest = case.reviews.exclude(result="").order_by("-reviewed_on", "-id").first()
        case.reviewed = latest is not None and latest.result == ReviewResult.AGREE
        case.save()
        _step(
            case,
            "decide",
            actor=actor,
            post=post,
            data={
                "outcome": outcome,
                "decision_number": case.decision_number,
                "decided_on": decided.isoformat(),
            },
            request=request,
        )
        if outcome == "penalty":
            _disclosure_start(case, decided, actor)
        deadline_start(
            subject=case,
            rule_id="penalty.service",
            trigger=decided,
            trigger_basis="行政处罚决定书载明的决定日期",
            unit=case.unit,
            owner=actor,
        )
    return case


def _disclosure_start(case: PenaltyCase, decided: date, actor: Person) -> None:
    """A penalty decision is published within 7 working days (118号二（六）; rule
    penalty.disclosure): the period runs on the case and the sweep reminds the body."""
    deadline = deadline_start(
        subject=case,
        rule_id="penalty.disclosure",
        trigger=decided,
        trigger_basis="行政处罚决定书载明的决定日期",
        unit=case.unit,
        owner=actor,
    )
    case.disclosure_due = deadline.due_date
    case.save(update_fields=["disclosure_due"])


def case_decide_on_spot(
    *,
    actor: Person,
    case: PenaltyCase,
    decision_number: str,
    decided_on: Any = None,
    paid_on_spot: Any = None,
    request=None,
) -> PenaltyCase:
    """当场处罚 (第五十一、五十二条): handed to the party on the spot, filed with the body."""
    post = _handler_post(actor, case)
    _case_officer(actor, case, timezone.localdate())
    decided = _past(decided_on or timezone.localdate(), "决定日期")
    with transaction.atomic():
        case = _lock(case)
        case.outcome, case.decided_on = "penalty", decided
        case.decision_number = _text(decision_number, "决定书文号", limit=80)
        case.served_on, case.service_method = decided, "当场交付"
        case.save()
        _step(
            case,
            "decide_on_spot",
            actor=actor,
            post=post,
            data={"decision_number": case.decision_number, "decided_on": decided.isoformat()},
            request=request,
        )
        _disclosure_start(case, decided, actor)
    return case


SERVICE_METHODS = (
    "当场交付",
    "直接送达",
    "留置送达",
    "邮寄送达",
    "委托送达",
    "电子送达",
    "公告送达",
)


def case_serve(
    *,
    actor: Person,
    case: PenaltyCase,
    served_on: Any,
    method: str,
    e_consent: bool = False,
    request=None,
) -> PenaltyCase:
    """送达 within 7 working days when not handed over on announcement (第六十一条); electronic
    service only with the party's consent (第六十一条第二款)."""
    post = _handler_post(actor, case)
    served = _past(served_on, "送达日期")
    if method not in SERVICE_METHODS:
        raise ValidationError("送达方式无效。")
    if method == "电子送达" and not e_consent:
        raise ValidationError(
            f"当事人同意并签订确认书的，方可电子送达{law.cite('第六十一条第二款')}。"
        )
    with transaction.atomic():
        case = _lock(case)
        if case.decided_on and served < case.decided_on:
            raise ValidationError("送达日期不能早于决定日期。")
        _step(
            case,
            "serve",
            actor=actor,
            post=post,
            data={"served_on": served.isoformat(), "method": method},
            request=request,
        )
        case.served_on, case.service_method = served, method
        case.save(update_fields=["served_on", "service_method"])
        if case.outcome == "penalty" and case.fine:
            deadline_start(
                subject=case,
                rule_id="penalty.fine_payment",
                trigger=served,
                trigger_basis=f"送达回证载明的收到日期（{method}）",
                unit=case.unit,
                owner=actor,
            )
    return case


# ---- execution -----------------------------------------------------------------------------------


def payment_arrange(
    *, actor: Person, case: PenaltyCase, kind: str, until: Any, reason: str, request=None
) -> PaymentArrangement:
    """延期或者分期缴纳 on the party's application, approved by the body (第六十六条第二款)."""
    post = _case_post(actor, case, HEAD, "延期（分期）缴纳罚款须经行政机关批准。")
    _choice(kind, ArrangementKind, "类别")
    end = _day(until, "缴清期限")
    with transaction.atomic():
        case = _lock(case)
        if case.state != "executing" or not case.fine:
            raise ValidationError("只有执行中的罚款可以延期或者分期缴纳。")
        if end <= timezone.localdate():
            raise ValidationError("缴清期限应晚于今天。")
        arrangement = PaymentArrangement.objects.create(
            case=case,
            kind=kind,
            until=end,
            reason=_text(reason, "理由"),
            approved_by=actor,
            approved_on=timezone.localdate(),
        )
        _record(
            E.ARRANGEMENT_APPROVE,
            actor=actor,
            post=post,
            record=case,
            changes={"kind": (None, kind), "until": (None, end.isoformat())},
            request=request,
        )
    return arrangement


def payment_due_of(case: PenaltyCase) -> date | None:
    if not case.served_on or not case.fine:
        return None
    latest = case.arrangements.order_by("-until").first()
    return law.payment_due(case.served_on, latest.until if latest else None)


def surcharge_of(case: PenaltyCase, on: date | None = None) -> law.Surcharge | None:
    """The surcharge on `on` (today): from the day after the payment due date to the day the
    fine was paid off, reconsideration and litigation not counted."""
    due = payment_due_of(case)
    if due is None:
        return None
    paid_off = None
    total = Decimal(0)
    for payment in case.payments.order_by("paid_on", "id"):
        total += payment.amount
        if total >= case.fine:
            paid_off = payment.paid_on
            break
    pauses = [(c.filed_on, c.ended_on) for c in case.challenges.all()]
    return law.surcharge(
        fine=case.fine, due=due, on=on or timezone.localdate(), paid_off_on=paid_off, pauses=pauses
    )


def payment_record(
    *, actor: Person, case: PenaltyCase, paid_on: Any, amount: Any, receipt: str = "", request=None
) -> Payment:
    post = _handler_post(actor, case)
    day = _past(paid_on, "缴纳日期")
    value = _money(amount, "缴纳金额", required=True)
    if value <= 0:
        raise ValidationError("缴纳金额应大于零。")
    with transaction.atomic():
        case = _lock(case)
        if case.state != "executing":
            raise ValidationError("决定送达后方可登记缴款。")
        if case.served_on and day < case.served_on:
            raise ValidationError("缴纳日期不能早于决定书送达日期。")
        _refresh_money(case, day)
        outstanding = _owed(case) - case.paid
        if value > outstanding:
            raise ValidationError(
                f"缴纳金额{law.money(value)}超过尚欠的罚没款及加处罚款"
                f"{law.money(max(outstanding, 0))}。"
            )
        payment = Payment.objects.create(
            case=case,
            paid_on=day,
            amount=value,
            receipt=_text(receipt, "缴款凭证号", required=False, limit=60),
        )
        _refresh_money(case, day)
        _record(
            E.PAYMENT_RECORD,
            actor=actor,
            post=post,
            record=case,
            changes={"paid": (None, str(value)), "paid_on": (None, day.isoformat())},
            request=request,
        )
    return payment


def _refresh_money(case: PenaltyCase, on: date | None = None) -> None:
    case.paid = sum((p.amount for p in case.payments.all()), Decimal("0.00"))
    result = surcharge_of(case, on)
    case.surcharge = result.amount if result else Decimal("0.00")
    case.save(update_fields=["paid", "surcharge"])
    if case.fine and case.paid >= case.fine:
        deadline_stop(subject=case, rule_id="penalty.fine_payment", on=on or timezone.localdate())


def challenge_record(
    *,
    actor: Person,
    case: PenaltyCase,
    kind: str,
    filed_on: Any,
    ended_on: Any = None,
    result: str = "",
    request=None,
) -> Challenge:
    """A reconsideration or suit against the decision: the surcharge stops counting while it runs
    (第七十三条第三款)."""
    post = _handler_post(actor, case)
    _choice(kind, ChallengeKind, "类别")
    filed = _past(filed_on, "申请（起诉）日期")
    ended = _past(ended_on, "审结日期", required=False)
    if ended and ended < filed:
        raise ValidationError("审结日期不能早于申请日期。")
    with transaction.atomic():
        case = _lock(case)
        if not case.decided_on or filed < case.decided_on:
            raise ValidationError("复议、诉讼针对已作出的处罚决定。")
        challenge = Challenge.objects.create(
            case=case,
            kind=kind,
            filed_on=filed,
            ended_on=ended,
            result=_text(result, "结果", required=False, limit=200),
        )
        _refresh_money(case)
        _record(
            E.CHALLENGE_RECORD,
            actor=actor,
            post=post,
            record=case,
            changes={
                "kind": (None, kind),
                "filed_on": (None, filed.isoformat()),
                "ended_on": (None, ended.isoformat() if ended else None),
            },
            request=request,
        )
    return challenge


def challenge_end(
    *, actor: Person, challenge: Challenge, ended_on: Any, result: str, request=None
) -> Challenge:
    case = challenge.case
    post = _handler_post(actor, case)
    ended = _past(ended_on, "审结日期")
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if ended < challenge.filed_on:
            raise ValidationError("审结日期不能早于申请日期。")
        challenge.ended_on, challenge.result = ended, _text(result, "结果", limit=200)
        challenge.save(update_fields=["ended_on", "result"])
        case = _lock(case)
        _refresh_money(case)
        _record(
            E.CHALLENGE_RECORD,
            actor=actor,
            post=post,
            record=case,
            changes={
                "ended_on": (None, ended.isoformat()),
                "result": (None, _sha(challenge.result)),
            },
            request=request,
        )
    return challenge


def court_apply(
    *, actor: Person, case: PenaltyCase, demanded_on: Any, applied_on: Any, court: str, request=None
) -> CourtApplication:
    """申请人民法院强制执行: after a written demand served at least 10 working days earlier
    (行政强制法第五十四条), within 3 months of the end of the periods for reconsideration and
    suit (第五十三条; law.court_window_refusal)."""
    post = _case_post(
        actor,
        case,
        HEAD,
        "申请人民法院强制执行须经行政机关负责人批准并签名（行政强制法第五十五条）。",
    )
    demanded = _past(demanded_on, "催告书送达日期")
    applied = _past(applied_on, "申请日期")
    waited = law.period_due("enforcement.demand_wait", demanded)
    earliest = waited + timedelta(days=1)
    if applied <= waited:
        raise ValidationError(
            f"催告书送达十日后当事人仍未履行的，方可申请强制执行；最早可于{law.fmt(earliest)}申请"
            f"{law.cite('第五十四条', law.QIANGZHI)}。"
        )
    with transaction.atomic():
        case = _lock(case)
        if case.state != "executing":
            raise ValidationError("只有执行中的案件可以申请强制执行。")
        challenges = [(c.kind, c.ended_on) for c in case.challenges.all()]
        deferral = case.arrangements.order_by("-until").first()
        refusal = law.court_window_refusal(
            case.served_on, challenges, applied, deferral.until if deferral else None
        )
        due = payment_due_of(case)
        if due is not None and demanded <= due:
            raise ValidationError(f"缴款期限至{law.fmt(due)}届满，届满后当事人仍未履行的方可催告。")
        if refusal:
            raise ValidationError(refusal)
        if demanded < case.served_on:
            raise ValidationError("催告书送达日期不能早于决定书送达日期。")
        application = CourtApplication.objects.create(
            case=case,
            demanded_on=demanded,
            applied_on=applied,
            court=_text(court, "受理法院", limit=100),
        )
        _record(
            E.COURT_APPLY,
            actor=actor,
            post=post,
            record=case,
            changes={"applied_on": (None, applied.isoformat()), "court": (None, application.court)},
            request=request,
        )
    return application


def _owed(case: PenaltyCase) -> Decimal:
    if case.outcome != "penalty":
        return Decimal("0.00")
    return (case.fine or 0) + (case.confiscation or 0) + case.surcharge


def case_close(
    *, actor: Person, case: PenaltyCase, closed_on: Any = None, close_reason: str = "", request=None
) -> PenaltyCase:
    post = _case_post(actor, case, HANDLERS + HEAD)
    closed = _past(closed_on or timezone.localdate(), "结案日期")
    reason = _text(close_reason, "结案情形", required=False, limit=200)
    with transaction.atomic():
        case = _lock(case)
        _refresh_money(case)
        if (
            _owed(case) > case.paid
            and not hasattr(case, "court_application")
            and post.role not in HEAD
        ):
            raise PermissionDenied("罚没款尚未缴清的案件，须经行政机关负责人批准方可结案。")
        _step(
            case,
            "close",
            actor=actor,
            post=post,
            data={"closed_on": closed.isoformat(), "close_reason": _sha(reason)},
            request=request,
        )
        case.closed_on = closed
        case.close_reason = reason or ("执行完毕" if case.outcome == "penalty" else "不予处罚")
        case.save(update_fields=["closed_on", "close_reason"])
    return case


def case_transfer(
    *,
    actor: Person,
    case: PenaltyCase,
    kind: str,
    receiver: str,
    reason: str,
    materials: str,
    transferred_on: Any = None,
    request=None,
) -> Transfer:
    """案件移送 to the competent body, or 行刑衔接 (第二十七条; 第五十七条第一款第四项)."""
    post = _case_post(actor, case, HEAD, "移送案件须经行政机关负责人批准。")
    _choice(kind, TransferKind, "移送类别")
    day = _past(transferred_on or timezone.localdate(), "移送日期")
    with transaction.atomic():
        case = _lock(case)
        transfer = Transfer.objects.create(
            case=case,
            kind=kind,
            receiver=_text(receiver, "接收机关", limit=200),
            transferred_on=day,
            reason=_text(reason, "移送理由"),
            materials=_text(materials, "移送材料清单"),
        )
        _step(
            case,
            "transfer",
            actor=actor,
            post=post,
            data={"kind": kind, "receiver": transfer.receiver, "reason": _sha(transfer.reason)},
            request=request,
        )
        PenaltyCase.objects.filter(pk=case.pk).update(transferred=kind)
    return transfer


def transfer_feedback(
    *, actor: Person, transfer: Transfer, accepted_on: Any, feedback: str, request=None
) -> Transfer:
    case = transfer.case
    post = _handler_post(actor, case)
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        transfer.accepted_on = _past(accepted_on, "受理日期")
        transfer.feedback = _text(feedback, "处理结果反馈")
        transfer.save(update_fields=["accepted_on", "feedback"])
        _record(
            E.TRANSFER_FEEDBACK,
            actor=actor,
            post=post,
            record=case,
            changes={"accepted_on": (None, transfer.accepted_on.isoformat())},
            request=request,
        )
    return transfer


def case_dismiss(*, actor: Person, case: PenaltyCase, reason: str, request=None) -> PenaltyCase:
    post = _case_post(actor, case, HEAD, "撤销立案须经行政机关负责人批准。")
    with transaction.atomic():
        case = _lock(case)
        _step(
            case,
            "dismiss",
            actor=actor,
            post=post,
            data={"reason": _sha(_text(reason, "撤销立案的理由"))},
            request=request,
        )
    return case


# ---- disclosure (执法公示) -----------------------------------------------------------------------


def public_fields(case: PenaltyCase) -> dict:
    """The 双公示 record of a penalty decision, natural persons' data masked."""
    from .selectors import mask_party

    name, code = mask_party(case)
    return {
        "party_name": name,
        "party_kind": case.get_party_kind_display(),
        "party_code": code,
        "decision_number": case.decision_number,
        "violation_type": case.violation_type,
        "facts": case.facts if case.party_kind != PartyKind.PERSON else _mask_text(case),
        "basis": case.item.legal_basis,
        "penalty_kinds": [PenaltyKind(k).label for k in case.penalty_kinds],
        "penalty": case.penalty_other,
        "fine": str(case.fine) if case.fine is not None else "",
        "confiscation": str(case.confiscation) if case.confiscation is not None else "",
        "decided_on": case.decided_on.isoformat() if case.decided_on else "",
        "body": case.body.unit.name,
        "body_code": case.body.unit.uscc,
    }


def _mask_text(case: PenaltyCase) -> str:
    """Facts of a natural person's case with their name, number, address and phone removed."""
    text = case.facts
    for secret in (case.party_name, case.party_code, case.party_address, case.party_phone):
        if secret:
            text = text.replace(secret, "＊＊")
    return text


def publish(
    *,
    actor: Person,
    case: PenaltyCase,
    published_on: Any = None,
    serious: bool = False,
    request=None,
) -> Publication:
    """Publish a penalty decision (处罚法第四十八条; within 7 working days, 118号二（六））. Late
    publication is allowed and shows on the supervision page."""
    post = _case_post(actor, case, HANDLERS + HEAD)
    day = _past(published_on or timezone.localdate(), "公示日期")
    with transaction.atomic():
        case = _lock(case)
        if case.outcome != "penalty" or not case.decided_on:
            raise ValidationError("只有已作出的行政处罚决定可以公示。")
        if hasattr(case, "publication"):
            raise ValidationError("该决定已经公示。")
        if day < case.decided_on:
            raise ValidationError("公示日期不能早于决定日期。")
        fields = public_fields(case)
        publication = Publication.objects.create(
            case=case,
            published_on=day,
            due_on=case.disclosure_due or law.period_due("penalty.disclosure", case.decided_on),
            serious=bool(serious),
            ends_on=law.publication_ends(day, bool(serious)),
            fields=fields,
        )
        case.disclosed_on = day
        case.save(update_fields=["disclosed_on"])
        deadline_stop(subject=case, rule_id="penalty.disclosure", on=day, outcome="已公示")
        entry = ledger.record(
            event=E.PUBLISH,
            actor=actor,
            unit=post.unit,
            role=post.role,
            record=case,
            changes={"published": (None, _sha(repr(sorted(fields.items()))))},
            request=request,
        )
        publication.ledger_seq = entry.seq
        publication.save(update_fields=["ledger_seq"])
    return publication


def publication_withdraw(
    *,
    actor: Person,
    publication: Publication,
    reason: str,
    revoked_on: Any,
    withdrawn_on: Any = None,
    request=None,
) -> Publication:
    """Withdraw a publication whose decision was changed, revoked, or declared unlawful or void
    (on `revoked_on`), within 3 working days, with the reason made public (第四十八条第二款;
    rule penalty.disclosure_withdrawal). A late withdrawal is recorded as late."""
    case = publication.case
    post = _case_post(actor, case, HEAD, "撤回公示须经行政机关负责人批准。")
    day = _past(withdrawn_on or timezone.localdate(), "撤回日期")
    revoked = _past(revoked_on, "决定被变更、撤销或确认违法、无效的日期")
    if day < revoked:
        raise ValidationError("撤回日期不能早于决定被变更、撤销的日期。")
    if revoked < publication.published_on:
        raise ValidationError("决定被变更、撤销的日期不能早于公示日期。")
    due = law.period_due("penalty.disclosure_withdrawal", revoked)
    late = "" if day <= due else f"逾期撤回：应于{law.fmt(due)}前撤回{law.cite('第四十八条第二款')}"
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.withdrawn_on:
            raise ValidationError("该公示已经撤回。")
        publication.withdrawn_on, publication.revoked_on = day, revoked
        publication.withdraw_reason = _text(reason, "撤回理由（公开说明）", limit=2000)
        publication.save(update_fields=["withdrawn_on", "revoked_on", "withdraw_reason"])
        _record(
            E.PUBLICATION_WITHDRAW,
            actor=actor,
            post=post,
            record=case,
            changes={
                "withdrawn_on": (None, day.isoformat()),
                "revoked_on": (None, revoked.isoformat()),
            },
            note="；".join(filter(None, [publication.withdraw_reason, late])),
            request=request,
        )
    return publication


def publication_end_early(
    *, actor: Person, publication: Publication, reason: str, request=None
) -> Publication:
    """End publication early on the party's application after correction (营商条例第七十三条),
    not before the minimum period."""
    case = publication.case
    post = _case_post(actor, case, HEAD, "提前停止公示须经行政机关批准。")
    today = timezone.localdate()
    refusal = law.early_end_refusal(publication.published_on, publication.serious, today)
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.withdrawn_on or publication.ended_early_on:
            raise ValidationError("该公示已经停止。")
        performed = _lock(case)
        if performed.state != "closed" and _owed(performed) > performed.paid:
            raise ValidationError(
                "当事人尚未履行行政处罚决定，不能提前停止公示"
                f"{law.cite('第七十三条', law.YINGSHANG)}。"
            )
        publication.ended_early_on = today
        publication.end_reason = _text(reason, "提前停止公示理由", limit=2000)
        publication.save(update_fields=["ended_early_on", "end_reason"])
        _record(
            E.PUBLICATION_END,
            actor=actor,
            post=post,
            record=case,
            changes={"ended_early_on": (None, today.isoformat())},
            request=request,
        )
    return publication


def statistics_publish(*, actor: Person, body: Body, year: int, figures: dict, request=None):
    """Publish a body's enforcement statistics for `year` (118号二（六）: by January 31 of the
    next year; a later publication is allowed and shows as late)."""
    from .models import AnnualStatistics

    post = _post(actor, body.unit_id, ADMINS)
    today = timezone.localdate()
    if int(year) >= today.year:
        raise ValidationError("只能公布已经结束的年度的执法数据。")
    with transaction.atomic():
        if AnnualStatistics.objects.filter(body=body, year=year).exists():
            raise ValidationError(f"{body}{year}年度执法数据已经公布。")
        stats = AnnualStatistics.objects.create(
            body=body, year=year, figures=figures, published_on=today
        )
        due = law.statistics_due(int(year))
        _record(
            E.STATISTICS_PUBLISH,
            actor=actor,
            post=post,
            record=body,
            changes={
                "year": (None, int(year)),
                "figures": (None, _sha(repr(sorted(figures.items())))),
            },
            note=""
            if today <= due
            else f"逾期：应于{law.fmt(due)}前公布（国办发〔2018〕118号二（六））",
            request=request,
        )
    return stats


def surcharges_refresh(on: date | None = None) -> int:
    """Bring the kept surcharge of every unpaid fine up to `on` (today), for the supervision
    figures; the surcharge itself accrues by law, so this records no act. Returns how many
    cases changed."""
    day = on or timezone.localdate()
    changed = 0
    cases = (
        PenaltyCase.objects.filter(state="executing", fine__gt=0, served_on__isnull=False)
        .prefetch_related("payments", "challenges", "arrangements")
        .only("pk", "fine", "served_on", "surcharge", "paid")
    )
    for case in cases.iterator(chunk_size=500):
        result = surcharge_of(case, day)
        if result is not None and result.amount != case.surcharge:
            PenaltyCase.objects.filter(pk=case.pk).update(surcharge=result.amount)
            changed += 1
    return changed
