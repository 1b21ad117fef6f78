"""Every write of litigation: one transaction each, authorized by the actor's post in the
defendant agency itself (its handlers, administrators and heads; the 司法局 supervises and
reads, it does not act for the agency), one ledger entry recorded against the case or the
suggestion — a step of the procedure records its own. Plaintiffs' names reach the ledger only
as keyed digests, texts (answers, reasons, replies) as SHA-256 digests.

Statutory periods are started here with the date that triggers them (the service of the
complaint, of the judgment; the end of an obstacle to evidence), not the day of entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import services as core_services
from fazhi.core.inputs import day as _day
from fazhi.core.inputs import not_before as _not_before
from fazhi.core.inputs import past_day as _past
from fazhi.core.inputs import sha as _sha
from fazhi.core.inputs import text as _text
from fazhi.core.models import Person, Post, Role, TodoItem, TodoState, Unit, UnitKind
from fazhi.core.policies import Action, post_reaches
from fazhi.deadlines.services import deadline_start, deadline_stop
from fazhi.evidence.services import file_store
from fazhi.ledger.services import keyed_digest as _keyed
from fazhi.ledger.services import record_for_post as _record
from fazhi.procedures.services import step_take

from . import law
from .events import LitigationEvent as E
from .models import (
    ActKind,
    Appellant,
    DocumentKind,
    EvidenceExtension,
    Execution,
    ExtensionState,
    Hearing,
    Instance,
    LitigationCase,
    Obligor,
    Outcome,
    PartyKind,
    ReconsiderationResult,
    Suggestion,
    SuggestionKind,
)
from .procedures import AGENCY

APPEAL_RULES = ("litigation.appeal", "litigation.appeal_ruling")


# ---- small helpers ------------------------------------------------------------------------------


def _choice(value: Any, choices, label: str, *, required: bool = True) -> str:
    value = "" if value is None else str(value)
    if not value and not required:
        return ""
    if value not in choices.values:
        raise ValidationError(f"请选择有效的{label}。" if not value else f"{label}无效：{value}。")
    return value


def _names(text: str) -> int:
    """How many people a free-text list names (separated by 、，, ; or new lines)."""
    return len([part for part in re.split(r"[、，,；;\n]+", text) if part.strip()])


def _agency_post(actor: Person, unit_id: int) -> Post:
    """The actor's post in the defendant agency itself (or one of its divisions) that reaches
    the agency: a case is answered by the agency sued (诉讼法第三条第三款), never by a unit
    above it, nor by the 司法局 that supervises it."""
    unit = Unit.objects.get(pk=unit_id)
    posts = Post.objects.active().filter(
        person=actor, role__in=AGENCY, unit__path__startswith=unit.path
    )
    for post in posts.select_related("unit"):
        if post_reaches(post.unit, post.role, unit.pk, Action.CHANGE):
            return post
    raise PermissionDenied(f"只有{unit.name}的工作人员（承办人员、单位管理员、负责人）可以办理。")


def _lock(case: LitigationCase) -> LitigationCase:
    return LitigationCase.objects.select_for_update().get(pk=case.pk)


def _step(case, code, *, actor, post, data, request=None) -> None:
    step_take(
        record=case,
        step_code=code,
        actor=actor,
        unit=post.unit,
        role=post.role,
        data=data,
        request=request,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# ---- registering a case -------------------------------------------------------------------------


def _check_previous(previous: LitigationCase | None, unit: Unit, instance: str) -> None:
    if previous is None:
        return
    if previous.unit_id != unit.pk:
        raise ValidationError("原审案件不是本机关的应诉案件。")
    if instance == Instance.SECOND and previous.state != "appealed":
        raise ValidationError(f"原审案件{previous.number}尚未登记上诉，不能登记二审。")
    if instance == Instance.SECOND and previous.next_instances.filter(instance=instance).exists():
        raise ValidationError(
            f"原审案件{previous.number}已经登记了第二审案件：同一案件只有一个第二审"
            f"{law.cite('第七条')}。"
        )
    if instance == Instance.RETRIAL and previous.state not in ("effective", "executing", "closed"):
        raise ValidationError(f"原审案件{previous.number}的裁判尚未生效，不能登记再审。")
    if instance == Instance.FIRST and previous.outcome != "remanded":
        raise ValidationError(
            f"原审案件{previous.number}不是发回重审的案件，重新审理的第一审须由二审发回。"
        )


def _reconsideration(body: str, result: str, served: date | None) -> tuple[str, str]:
    body = _text(body, "复议机关", required=False, limit=100)
    result = _choice(result, ReconsiderationResult, "复议结果", required=False)
    if bool(body) != bool(result):
        raise ValidationError("经过行政复议的，须同时写明复议机关和复议结果。")
    if served and not result:
        raise ValidationError("填写了收到复议决定书的日期，须写明复议机关和复议结果。")
    return body, result


def _head_reasons(reasons: Iterable[str]) -> list[str]:
    reasons = list(dict.fromkeys(reasons or ()))
    unknown = [r for r in reasons if r not in law.HEAD_REQUIRED_LABELS]
    if unknown:
        raise ValidationError(f"负责人应当出庭的情形无效：{'、'.join(unknown)}。")
    return reasons


def _head_notice(reasons: list[str], notice_on: Any, served_on: date | None) -> date | None:
    """The date the court's written notice that the head appear was served (出庭规定第四条第一款、
    第五条): required when that is a reason, never before the complaint copy was served."""
    notice = _past(notice_on, "出庭通知书送达日期", required=False)
    if "court_notice" in reasons and notice is None:
        raise ValidationError("人民法院书面建议或通知负责人出庭的，须填写出庭通知书送达日期。")
    _not_before(notice, served_on, "出庭通知书送达日期", "起诉状副本送达日期")
    return notice


def _filing(values: dict) -> dict:
    """The plaintiff's filing period (诉讼法第四十五条、第四十六条第一款): its last day, and whether
    the suit came after it — a ground to ask that it be dismissed (解释第六十九条)."""
    found = law.filing_due(
        known_on=values["known_on"],
        reconsideration_result=values["reconsideration_result"],
        reconsideration_served_on=values["reconsideration_served_on"],
    )
    if found is None:
        return {"filing_due": None, "filing_article": "", "filing_late": False}
    due, article = found
    filed = values["filed_on"]
    return {
        "filing_due": due,
        "filing_article": article,
        "filing_late": filed is not None and filed > due,
    }


def _register_values(
    *,
    unit: Unit,
    instance: str,
    court: Any,
    number: Any,
    plaintiff_kind: str,
    plaintiff: Any,
    act: Any,
    act_kind: str,
    served_on: Any,
    third_party: Any,
    act_number: Any,
    act_on: Any,
    known_on: Any,
    filed_on: Any,
    reconsideration_body: Any,
    reconsideration_result: Any,
    reconsideration_served_on: Any,
) -> dict:
    if unit.kind == UnitKind.DIVISION:
        raise ValidationError("内设机构不能作为被告，请选择其所属的行政机关。")
    values = {
        "instance": _choice(instance, Instance, "审级"),
        "court": _text(court, "受理法院", limit=100),
        "number": _text(number, "案号", limit=80),
        "plaintiff_kind": _choice(plaintiff_kind, PartyKind, "原告类型"),
        "plaintiff": _text(plaintiff, "原告", limit=200),
        "third_party": _text(third_party, "第三人", required=False, limit=200),
        "act": _text(act, "被诉行政行为", limit=300),
        "act_kind": _choice(act_kind, ActKind, "行政行为类别"),
        "act_number": _text(act_number, "行政行为文书文号", required=False, limit=100),
        "served_on": _past(served_on, "起诉状（上诉状）副本送达日期"),
        "act_on": _past(act_on, "行政行为作出日期", required=False),
        "known_on": _past(known_on, "原告知道行政行为之日", required=False),
        "filed_on": _past(filed_on, "原告起诉日期", required=False),
        "reconsideration_served_on": _past(
            reconsideration_served_on, "原告收到复议决定书之日", required=False
        ),
    }
    body, result = _reconsideration(
        reconsideration_body, reconsideration_result, values["reconsideration_served_on"]
    )
    values["reconsideration_body"], values["reconsideration_result"] = body, result
    _not_before(values["known_on"], values["act_on"], "原告知道行政行为之日", "行政行为作出日期")
    _not_before(values["filed_on"], values["known_on"], "原告起诉日期", "原告知道行政行为之日")
    _not_before(
        values["filed_on"],
        values["reconsideration_served_on"],
        "原告起诉日期",
        "收到复议决定书之日",
    )
    _not_before(values["served_on"], values["filed_on"], "起诉状副本送达日期", "原告起诉日期")
    _not_before(values["served_on"], values["act_on"], "起诉状副本送达日期", "行政行为作出日期")
    values["co_defendant"] = law.co_defendant(result)
    values.update(_filing(values))
    return values


def case_register(
    *,
    actor: Person,
    unit: Unit,
    instance: str,
    court: str,
    number: str,
    plaintiff_kind: str,
    plaintiff: str,
    act: str,
    act_kind: str,
    served_on: Any,
    previous: LitigationCase | None = None,
    retrial_first_procedure: bool = False,
    third_party: str = "",
    act_number: str = "",
    act_on: Any = None,
    known_on: Any = None,
    filed_on: Any = None,
    reconsideration_body: str = "",
    reconsideration_result: str = "",
    reconsideration_served_on: Any = None,
    head_required_reasons: Iterable[str] = (),
    head_notice_on: Any = None,
    request=None,
) -> LitigationCase:
    """登记: the agency received a complaint (or appeal) copy on `served_on`. A first-instance
    case starts the answer period (诉讼法第六十七条第一款, rule litigation.answer); the
    plaintiff's filing period is checked; the co-defendant rule is applied (解释第一百三十四条)."""
    post = _agency_post(actor, unit.pk)
    values = _register_values(
        unit=unit,
        instance=instance,
        court=court,
        number=number,
        plaintiff_kind=plaintiff_kind,
        plaintiff=plaintiff,
        act=act,
        act_kind=act_kind,
        served_on=served_on,
        third_party=third_party,
        act_number=act_number,
        act_on=act_on,
        known_on=known_on,
        filed_on=filed_on,
        reconsideration_body=reconsideration_body,
        reconsideration_result=reconsideration_result,
        reconsideration_served_on=reconsideration_served_on,
    )
    reasons = _head_reasons(head_required_reasons)
    notice = _head_notice(reasons, head_notice_on, values["served_on"])
    retrial_first = bool(retrial_first_procedure) and values["instance"] == Instance.RETRIAL
    with transaction.atomic():
        if previous is not None:
            previous = _lock(previous)
        _check_previous(previous, unit, values["instance"])
        _not_before(
            values["served_on"],
            previous and previous.judgment_served_on,
            "送达日期",
            "原审裁判送达日期",
        )
        if LitigationCase.objects.filter(unit=unit, number=values["number"]).exists():
            raise ValidationError(f"案号“{values['number']}”已经登记。")
        case = LitigationCase.objects.create(
            unit=unit,
            previous=previous,
            retrial_first_procedure=retrial_first,
            registered_by=actor,
            head_required_reasons=reasons,
            head_required=law.head_required(reasons),
            head_notice_on=notice,
            state=LitigationCase.initial_state(),
            **values,
        )
        if case.instance == Instance.FIRST or retrial_first:
            deadline = deadline_start(
                subject=case,
                rule_id="litigation.answer",
                trigger=case.served_on,
                trigger_basis=f"起诉状副本送达回证载明的收到日期（{case.court}{case.number}）",
                unit=unit,
                owner=actor,
            )
            case.answer_due = deadline.due_date
            case.save(update_fields=["answer_due"])
        _record(
            E.CASE_REGISTER,
            actor=actor,
            post=post,
            record=case,
            changes={
                "number": (None, case.number),
                "court": (None, case.court),
                "instance": (None, case.instance),
                "previous": (None, previous.pk if previous else None),
                "plaintiff": (None, _keyed(case.plaintiff)),
                "act": (None, case.act),
                "served_on": (None, _iso(case.served_on)),
                "co_defendant": (None, case.co_defendant),
                "head_required": (None, case.head_required),
                "filing_late": (None, case.filing_late),
            },
            request=request,
        )
    return case


def head_flags_set(
    *,
    actor: Person,
    case: LitigationCase,
    reasons: Iterable[str],
    notice_on: Any = None,
    request=None,
) -> LitigationCase:
    """Record why the head must appear (解释第一百二十九条; 出庭规定第四条第一款) — e.g. when the
    court's written notice arrives after registration (出庭规定第五条第二款)."""
    post = _agency_post(actor, case.unit_id)
    reasons = _head_reasons(reasons)
    with transaction.atomic():
        case = _lock(case)
        if case.procedure_state.terminal or case.judged_on:
            raise ValidationError("案件已审结，不能再变更负责人应当出庭的情形。")
        notice = _head_notice(reasons, notice_on, case.served_on)
        before = (list(case.head_required_reasons), case.head_required)
        case.head_required_reasons, case.head_required = reasons, law.head_required(reasons)
        case.head_notice_on = notice
        case.save(update_fields=["head_required_reasons", "head_required", "head_notice_on"])
        _record(
            E.CASE_FLAGS,
            actor=actor,
            post=post,
            record=case,
            changes={
                "head_required_reasons": (before[0], reasons),
                "head_required": (before[1], case.head_required),
                "head_notice_on": (None, _iso(notice)),
            },
            request=request,
        )
    return case


# ---- answer and evidence ------------------------------------------------------------------------


def case_answer(
    *,
    actor: Person,
    case: LitigationCase,
    answered_on: Any,
    evidence_on: Any = None,
    normative_documents: str = "",
    request=None,
) -> LitigationCase:
    """答辩举证 (诉讼法第六十七条第一款), also recorded after a hearing. The answer and the
    evidence are judged apart: a late answer does not keep the court from hearing the case
    (第六十七条第二款); evidence given late counts as none (第三十四条第二款) — judged against the
    extended period where the court granted one (解释第三十四条). The answer period stops on the
    day the answer was given."""
    post = _agency_post(actor, case.unit_id)
    answered = _past(answered_on, "提交答辩状日期")
    evidence = _past(evidence_on, "提交证据日期", required=False) or answered
    documents = _text(normative_documents, "所依据的规范性文件", required=False)
    with transaction.atomic():
        case = _lock(case)
        answer_late = case.answer_due is not None and answered > case.answer_due
        due = _evidence_due(case)
        evidence_late = due is not None and evidence > due
        code = (
            "answer_after_hearing" if case.state == "heard" and not case.answered_on else "answer"
        )
        data = {
            "answered_on": _iso(answered),
            "evidence_on": _iso(evidence),
            "late": answer_late,
            "evidence_late": evidence_late,
        }
        _step(case, code, actor=actor, post=post, data=data, request=request)
        deadline_stop(subject=case, rule_id="litigation.answer", on=answered)
        case.answered_on, case.evidence_on = answered, evidence
        case.answered_late, case.evidence_late = answer_late, evidence_late
        case.normative_documents = documents
        case.save(
            update_fields=[
                "answered_on",
                "evidence_on",
                "answered_late",
                "evidence_late",
                "normative_documents",
            ]
        )
    return case


def _evidence_due(case: LitigationCase) -> date | None:
    """The last day for the evidence: the answer period (诉讼法第六十七条第一款), or where the
    court granted an extension, the later end of the extended periods (解释第三十四条); None
    while a granted extension's obstacle is not yet removed (its period has not begun)."""
    granted = [e for e in case.extensions.all() if e.state == ExtensionState.GRANTED]
    if any(e.due_on is None for e in granted):
        return None
    days = [d for d in (case.answer_due, *(e.due_on for e in granted)) if d is not None]
    return max(days, default=None)


def _open_for_evidence(case: LitigationCase) -> None:
    if case.state not in ("served", "answered", "heard"):
        raise ValidationError(f"案件当前为“{case.state_label}”，不能再办理延期提供证据。")


def extension_request(
    *,
    actor: Person,
    case: LitigationCase,
    requested_on: Any,
    reason: str,
    evidence: str,
    request=None,
) -> EvidenceExtension:
    """A written request to provide evidence late, within 15 days of receiving the complaint
    (解释第三十四条; rule litigation.evidence_extension)."""
    post = _agency_post(actor, case.unit_id)
    day = _past(requested_on, "申请日期")
    reason = _text(reason, "不能按期提供证据的正当事由", limit=3000)
    evidence = _text(evidence, "申请延期提供的证据", limit=3000)
    with transaction.atomic():
        case = _lock(case)
        _open_for_evidence(case)
        _not_before(day, case.served_on, "申请日期", "收到起诉状副本之日")
        last = law.extension_request_due(case.served_on)
        if day > last:
            raise ValidationError(
                "被告申请延期提供证据的，应当在收到起诉状副本之日起十五日内以书面方式提出，期限已于"
                f"{law.fmt(last)}届满{law.cite('第三十四条', law.JIESHI)}。"
            )
        extension = EvidenceExtension.objects.create(
            case=case, requested_on=day, reason=reason, evidence=evidence
        )
        _record(
            E.EXTENSION_REQUEST,
            actor=actor,
            post=post,
            record=case,
            changes={
                "extension": (None, extension.pk),
                "requested_on": (None, _iso(day)),
                "reason": (None, _sha(reason)),
            },
            request=request,
        )
    return extension


def _lock_extension(extension: EvidenceExtension) -> tuple[EvidenceExtension, LitigationCase]:
    case = _lock(extension.case)
    return EvidenceExtension.objects.select_for_update().get(pk=extension.pk), case


def extension_decide(
    *,
    actor: Person,
    extension: EvidenceExtension,
    granted: bool,
    decided_on: Any,
    request=None,
) -> EvidenceExtension:
    """The court's decision on the request (诉讼法第三十六条第一款)."""
    post = _agency_post(actor, extension.case.unit_id)
    day = _past(decided_on, "法院决定日期")
    with transaction.atomic():
        extension, case = _lock_extension(extension)
        _open_for_evidence(case)
        if extension.state != ExtensionState.PENDING:
            raise ValidationError("法院已对该申请作出决定。")
        _not_before(day, extension.requested_on, "法院决定日期", "申请日期")
        extension.state = ExtensionState.GRANTED if granted else ExtensionState.REFUSED
        extension.decided_on = day
        extension.save(update_fields=["state", "decided_on"])
        _record(
            E.EXTENSION_DECIDE,
            actor=actor,
            post=post,
            record=case,
            changes={"extension": (None, extension.pk), "state": ("pending", extension.state)},
            request=request,
        )
    return extension


def extension_resume(
    *,
    actor: Person,
    extension: EvidenceExtension,
    obstacle_removed_on: Any,
    request=None,
) -> EvidenceExtension:
    """The obstacle is removed: the evidence is due within 15 days (解释第三十四条), a running
    period (rule litigation.evidence_extension) from that day."""
    post = _agency_post(actor, extension.case.unit_id)
    day = _past(obstacle_removed_on, "正当事由消除日期")
    with transaction.atomic():
        extension, case = _lock_extension(extension)
        if extension.state != ExtensionState.GRANTED:
            raise ValidationError("法院准许延期提供证据后，方可登记正当事由消除。")
        if extension.obstacle_removed_on is not None:
            raise ValidationError("已登记正当事由消除日期。")
        _open_for_evidence(case)
        _not_before(day, extension.requested_on, "正当事由消除日期", "申请日期")
        deadline = deadline_start(
            subject=extension,
            rule_id="litigation.evidence_extension",
            trigger=day,
            trigger_basis="延期提供证据的正当事由消除之日（人民法院已准许延期提供）",
            unit=case.unit,
            owner=actor,
        )
        extension.obstacle_removed_on, extension.due_on = day, deadline.due_date
        extension.save(update_fields=["obstacle_removed_on", "due_on"])
        _record(
            E.EXTENSION_RESUME,
            actor=actor,
            post=post,
            record=case,
            changes={
                "extension": (None, extension.pk),
                "obstacle_removed_on": (None, _iso(day)),
                "due_on": (None, _iso(deadline.due_date)),
            },
            request=request,
        )
    return extension


def extension_submit(
    *,
    actor: Person,
    extension: EvidenceExtension,
    submitted_on: Any,
    request=None,
) -> EvidenceExtension:
    """The evidence provided late; after its period it counts as none (解释第三十四条)."""
    post = _agency_post(actor, extension.case.unit_id)
    day = _past(submitted_on, "提供证据日期")
    with transaction.atomic():
        extension, case = _lock_extension(extension)
        _open_for_evidence(case)
        if extension.due_on is None:
            raise ValidationError("须先登记正当事由消除日期。")
        if extension.submitted_on is not None:
            raise ValidationError("已登记提供证据。")
        _not_before(day, extension.obstacle_removed_on, "提供证据日期", "正当事由消除日期")
        deadline_stop(subject=extension, rule_id="litigation.evidence_extension", on=day)
        extension.submitted_on, extension.late = day, day > extension.due_on
        extension.save(update_fields=["submitted_on", "late"])
        _record(
            E.EXTENSION_SUBMIT,
            actor=actor,
            post=post,
            record=case,
            changes={
                "extension": (None, extension.pk),
                "submitted_on": (None, _iso(day)),
                "late": (None, extension.late),
            },
            request=request,
        )
    return extension


# ---- hearings -----------------------------------------------------------------------------------


def hearing_record(
    *,
    actor: Person,
    case: LitigationCase,
    held_on: Any,
    head_appeared: bool,
    head_name: str = "",
    head_title: str = "",
    head_kind: str = "",
    head_proof: bool = False,
    head_own: bool = False,
    head_renotified: bool = False,
    staff: str = "",
    staff_authorized: bool = False,
    lawyers: str = "",
    absence_ground: str = "",
    absence_reason: str = "",
    absence_proof: Any = None,
    request=None,
) -> Hearing:
    """A hearing and who appeared for the agency: its head (a 负责人: 解释第一百二十八条第一款), or
    its staff with the reason the head could not (出庭规定第八条) — with proof where the head
    had to appear (第九条) — never a lawyer alone, never more than two agents (诉讼法第三十一条;
    解释第一百二十八条第二款). The head must be the agency's own (出庭规定第二条第二款). Once the
    head appeared in this instance, a later hearing needs no reason for the head's absence
    unless the court notified the head to appear again (`head_renotified`, 第七条第一款)."""
    post = _agency_post(actor, case.unit_id)
    day = _day(held_on, "开庭日期")
    head = bool(head_appeared)
    values = {
        "head_name": _text(head_name, "出庭负责人姓名", required=head, limit=60),
        "head_title": _text(head_title, "出庭负责人职务", required=head, limit=60),
        "head_kind": head_kind if head else "",
        "staff": _text(staff, "出庭工作人员", required=False, limit=300),
        "lawyers": _text(lawyers, "委托律师", required=False, limit=200),
        "absence_ground": "" if head else (absence_ground or ""),
        "absence_reason": "" if head else _text(absence_reason, "不能出庭的理由", required=False),
    }
    with transaction.atomic():
        case = _lock(case)
        proof = None
        if not head and absence_proof:
            proof = file_store(
                actor=actor, unit=case.unit, upload=absence_proof, role=post.role, request=request
            )
        data = {
            "held_on": _iso(day),
            "head_appeared": head,
            "head_name": values["head_name"],
            "head_title": values["head_title"],
            "head_kind": values["head_kind"],
            "head_proof": head and bool(head_proof),
            "head_own": head and bool(head_own),
            "head_renotified": bool(head_renotified),
            "staff_count": _names(values["staff"]),
            "staff_authorized": bool(staff_authorized),
            "lawyer_count": _names(values["lawyers"]),
            "absence_ground": values["absence_ground"],
            "absence_reason": values["absence_reason"],
            "absence_proof": proof.sha256 if proof else "",
        }
        _step(case, "hear", actor=actor, post=post, data=data, request=request)
        hearing = Hearing.objects.create(
            case=case,
            held_on=day,
            head_appeared=head,
            head_proof=data["head_proof"],
            head_own=data["head_own"],
            head_renotified=data["head_renotified"],
            staff_authorized=data["staff_authorized"],
            absence_proof=data["absence_proof"],
            absence_proof_name=_file_name(absence_proof, proof),
            recorded_by=actor,
            **values,
        )
        case.first_heard_on = min(filter(None, (case.first_heard_on, day)))
        case.head_appeared = case.head_appeared or head
        case.save(update_fields=["first_heard_on", "head_appeared"])
    return hearing


# ---- judgments, appeals, effect -----------------------------------------------------------------


def judgment_record(
    *,
    actor: Person,
    case: LitigationCase,
    document_kind: str,
    outcome: str,
    number: str,
    judged_on: Any,
    served_on: Any,
    result: str = "",
    request=None,
) -> LitigationCase:
    """The court's judgment, ruling or mediation, served on `served_on`. A first-instance
    judgment starts the 15-day appeal period, an appealable ruling the 10-day one (诉讼法第八十五
    条, rules litigation.appeal / litigation.appeal_ruling), counted from service; a final one
    is effective on service; a withdrawal ends the case (第六十二条)."""
    post = _agency_post(actor, case.unit_id)
    _choice(document_kind, DocumentKind, "裁判文书类别")
    _choice(outcome, Outcome, "裁判结果")
    number = _text(number, "裁判文书号", limit=80)
    judged = _past(judged_on, "裁判日期")
    served = _past(served_on, "裁判文书送达日期")
    stated = result or ""
    if stated not in ("", law.WIN, law.LOSS):
        raise ValidationError("对本机关的结果须为胜诉或败诉。")
    with transaction.atomic():
        case = _lock(case)
        previous = case.previous.result if case.previous_id else ""
        found = law.result_of(outcome, previous_result=previous, stated=stated) or ""
        code = law.step_for(
            outcome, appealable=law.may_appeal(case.instance, case.retrial_first_procedure, outcome)
        )
        data = {
            "document_kind": document_kind,
            "outcome": outcome,
            "result": found,
            "number": number,
            "judged_on": _iso(judged),
            "served_on": _iso(served),
        }
        _step(case, code, actor=actor, post=post, data=data, request=request)
        case.document_kind, case.outcome, case.result = document_kind, outcome, found
        case.judgment_number, case.judged_on, case.judgment_served_on = number, judged, served
        deadline_stop(subject=case, rule_id="litigation.answer", on=judged, outcome="案件已审结")
        for extension in case.extensions.filter(submitted_on__isnull=True):
            deadline_stop(
                subject=extension,
                rule_id="litigation.evidence_extension",
                on=judged,
                outcome="案件已审结",
            )
        if code == "judge":
            deadline = deadline_start(
                subject=case,
                rule_id=law.appeal_rule(document_kind),
                trigger=served,
                trigger_basis=f"{case.get_document_kind_display()}书送达回证载明的收到日期（{number}）",
                unit=case.unit,
                owner=actor,
            )
            case.appeal_due = deadline.due_date
        elif code in ("judge_final", "mediate"):
            case.effective_on = served
        else:
            case.closed_on = served
        case.save()
    return case


def case_appeal(
    *,
    actor: Person,
    case: LitigationCase,
    appellant: str,
    appealed_on: Any,
    request=None,
) -> LitigationCase:
    """上诉 (诉讼法第八十五条): by the agency within its period, or by the other party (the
    agency records the appeal it was served). The second instance is registered as a new case
    linked to this one."""
    post = _agency_post(actor, case.unit_id)
    _choice(appellant, Appellant, "上诉人")
    day = _day(appealed_on, "上诉日期")
    with transaction.atomic():
        case = _lock(case)
        _step(
            case,
            "appeal",
            actor=actor,
            post=post,
            data={"appellant": appellant, "appealed_on": _iso(day)},
            request=request,
        )
        case.appellant, case.appealed_on = appellant, day
        case.save(update_fields=["appellant", "appealed_on"])
    return case


def case_effective(
    *, actor: Person, case: LitigationCase, effective_on: Any, request=None
) -> LitigationCase:
    """No appeal within the period: the first-instance judgment or ruling takes effect
    (诉讼法第八十五条)."""
    post = _agency_post(actor, case.unit_id)
    day = _day(effective_on, "裁判生效日期")
    with transaction.atomic():
        case = _lock(case)
        _step(
            case,
            "take_effect",
            actor=actor,
            post=post,
            data={"effective_on": _iso(day)},
            request=request,
        )
        case.effective_on = day
        case.save(update_fields=["effective_on"])
    return case


# ---- execution and closing ----------------------------------------------------------------------


def execution_add(
    *,
    actor: Person,
    case: LitigationCase,
    obligor: str,
    content: str,
    due_on: Any = None,
    request=None,
) -> Execution:
    """What the effective judgment, ruling or mediation requires of whom (诉讼法第九十四条)."""
    post = _agency_post(actor, case.unit_id)
    _choice(obligor, Obligor, "履行义务人")
    content = _text(content, "应当履行的内容", limit=3000)
    due = _day(due_on, "履行期限", required=False)
    with transaction.atomic():
        case = _lock(case)
        if case.state not in ("effective", "mediated", "executing"):
            raise ValidationError(
                f"裁判（调解书）发生法律效力后方可登记执行，案件当前为“{case.state_label}”。"
            )
        _not_before(due, case.effective_on, "履行期限", "裁判生效日期")
        execution = Execution.objects.create(
            case=case, obligor=obligor, content=content, due_on=due
        )
        if case.state != "executing":
            data = {"obligor": obligor, "due_on": _iso(due)}
            _step(case, "execute", actor=actor, post=post, data=data, request=request)
        else:
            _record(
                E.EXECUTION_ADD,
                actor=actor,
                post=post,
                record=case,
                changes={"execution": (None, execution.pk), "obligor": (None, obligor)},
                request=request,
            )
    return execution


def execution_perform(
    *,
    actor: Person,
    execution: Execution,
    performed_on: Any = None,
    applied_on: Any = None,
    note: str = "",
    request=None,
) -> Execution:
    """Performed (诉讼法第九十四条), or — the other party refusing — applied to the court for
    (第九十五条)."""
    post = _agency_post(actor, execution.case.unit_id)
    performed = _past(performed_on, "履行完毕日期", required=False)
    applied = _past(applied_on, "申请强制执行日期", required=False)
    note = _text(note, "履行情况", required=False, limit=300)
    if performed is None and applied is None:
        raise ValidationError("请填写履行完毕日期，或申请人民法院强制执行的日期。")
    with transaction.atomic():
        case = _lock(execution.case)
        execution = Execution.objects.select_for_update().get(pk=execution.pk)
        if case.state != "executing":
            raise ValidationError(f"案件当前为“{case.state_label}”，不能登记履行情况。")
        if applied and execution.obligor != Obligor.PLAINTIFF:
            raise ValidationError(
                f"申请人民法院强制执行适用于对方当事人拒绝履行的情形{law.cite('第九十五条')}。"
            )
        for day, label in ((performed, "履行完毕日期"), (applied, "申请强制执行日期")):
            _not_before(day, case.effective_on, label, "裁判生效日期")
        execution.performed_on = performed or execution.performed_on
        execution.applied_on = applied or execution.applied_on
        execution.note = note or execution.note
        execution.save(update_fields=["performed_on", "applied_on", "note"])
        _record(
            E.EXECUTION_PERFORM,
            actor=actor,
            post=post,
            record=case,
            changes={
                "execution": (None, execution.pk),
                "performed_on": (None, _iso(performed)),
                "applied_on": (None, _iso(applied)),
            },
            request=request,
        )
    return execution


def case_close(
    *,
    actor: Person,
    case: LitigationCase,
    closed_on: Any = None,
    close_note: str = "",
    request=None,
) -> LitigationCase:
    """结案: the effective document performed, or the reason nothing is to be performed."""
    post = _agency_post(actor, case.unit_id)
    day = _past(closed_on or timezone.localdate(), "结案日期")
    note = _text(close_note, "结案说明", required=False, limit=300)
    with transaction.atomic():
        case = _lock(case)
        _not_before(day, case.effective_on, "结案日期", "裁判生效日期")
        data = {"closed_on": _iso(day), "close_note": note}
        _step(case, "close", actor=actor, post=post, data=data, request=request)
        case.closed_on, case.close_note = day, note
        case.save(update_fields=["closed_on", "close_note"])
    return case


# ---- judicial and procuratorial suggestions -----------------------------------------------------


def suggestion_register(
    *,
    actor: Person,
    unit: Unit,
    kind: str,
    issuer: str,
    number: str,
    received_on: Any,
    due_on: Any,
    content: str,
    case: LitigationCase | None = None,
    request=None,
) -> Suggestion:
    """A suggestion received, with the reply date the letter sets (no statutory period in the
    stored laws: the letter's date is kept as it is)."""
    post = _agency_post(actor, unit.pk)
    values = {
        "kind": _choice(kind, SuggestionKind, "建议类别"),
        "issuer": _text(issuer, "制发机关", limit=100),
        "number": _text(number, "建议书文号", limit=80),
        "received_on": _past(received_on, "收到日期"),
        "due_on": _day(due_on, "建议书要求的答复期限"),
        "content": _text(content, "建议内容", limit=10000),
    }
    _not_before(values["due_on"], values["received_on"], "答复期限", "收到日期")
    if case is not None and case.unit_id != unit.pk:
        raise ValidationError("相关案件不是本机关的应诉案件。")
    with transaction.atomic():
        if Suggestion.objects.filter(
            unit=unit, issuer=values["issuer"], number=values["number"]
        ).exists():
            raise ValidationError(f"{values['issuer']}的建议书“{values['number']}”已经登记。")
        suggestion = Suggestion.objects.create(unit=unit, case=case, registered_by=actor, **values)
        _record(
            E.SUGGESTION_REGISTER,
            actor=actor,
            post=post,
            record=suggestion,
            changes={
                "kind": (None, suggestion.kind),
                "issuer": (None, suggestion.issuer),
                "number": (None, suggestion.number),
                "received_on": (None, _iso(suggestion.received_on)),
                "due_on": (None, _iso(suggestion.due_on)),
                "case": (None, case.pk if case else None),
            },
            request=request,
        )
    return suggestion


def suggestion_reply(
    *,
    actor: Person,
    suggestion: Suggestion,
    replied_on: Any,
    reply: str,
    reply_number: str = "",
    request=None,
) -> Suggestion:
    """The reply (and what was corrected). A reply after the letter's date is recorded as late."""
    post = _agency_post(actor, suggestion.unit_id)
    day = _past(replied_on, "答复日期")
    reply = _text(reply, "答复及整改情况", limit=10000)
    reply_number = _text(reply_number, "答复文号", required=False, limit=80)
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.replied_on is not None:
            raise ValidationError("该建议已经答复。")
        _not_before(day, suggestion.received_on, "答复日期", "收到日期")
        suggestion.replied_on, suggestion.reply, suggestion.reply_number = day, reply, reply_number
        suggestion.replied_by = actor
        suggestion.save(update_fields=["replied_on", "reply", "reply_number", "replied_by"])
        _record(
            E.SUGGESTION_REPLY,
            actor=actor,
            post=post,
            record=suggestion,
            changes={
                "replied_on": (None, _iso(day)),
                "late": (None, suggestion.late),
                "reply": (None, _sha(reply)),
            },
            request=request,
        )
        _close_reminders(suggestion)
    return suggestion


# ---- reminders ----------------------------------------------------------------------------------


def _source(suggestion: Suggestion) -> str:
    return f"litigation.Suggestion:{suggestion.pk}"


def _close_reminders(suggestion: Suggestion) -> None:
    for item in TodoItem.objects.filter(source=_source(suggestion), state=TodoState.OPEN):
        core_services.todo_close(actor=item.assignee, item=item)


def suggestions_remind(today: date | None = None, days: int | None = None) -> int:
    """Put a to-do item on the workspace of each administrator and head of an agency whose
    suggestion is unanswered and due within `days` (FAZHI_ALERT_DAYS) or past due; one per
    person and suggestion. Returns how many items were created."""
    from django.conf import settings

    today = today or timezone.localdate()
    days = settings.FAZHI_ALERT_DAYS if days is None else days
    made = 0
    due = Suggestion.objects.filter(
        replied_on__isnull=True, due_on__lte=today + timedelta(days=days)
    )
    for suggestion in due.select_related("unit"):
        source = _source(suggestion)
        posts = Post.objects.active().filter(
            unit=suggestion.unit, role__in=(Role.UNIT_ADMIN, Role.LEADER)
        )
        for post in posts.select_related("person"):
            if TodoItem.objects.filter(assignee=post.person, source=source).exists():
                continue
            core_services.todo_create(
                assignee=post.person,
                unit=suggestion.unit,
                title=f"答复{suggestion.get_kind_display()}：{suggestion.issuer}{suggestion.number}",
                module="litigation",
                source=source,
                url=suggestion.get_absolute_url(),
                due_at=timezone.make_aware(datetime.combine(suggestion.due_on, time(23, 59))),
                deadline_basis=f"建议书要求于{law.fmt(suggestion.due_on)}前答复",
            )
            made += 1
    return made


def _file_name(upload: Any, stored) -> str:
    if stored is None:
        return ""
    name = str(getattr(upload, "name", "") or stored.original_name)
    return name.replace("\\", "/").rsplit("/", 1)[-1][:255]
