"""Every write of reconsideration: one transaction each, one ledger entry against the case (a
case's entries are its file). The applicant's data reaches the ledger only as keyed digests and
texts (requests, reasons, decisions) as SHA-256 digests until the decision is published.

The 行政复议机构 (the 司法局 under the district government, 复议法第二十四条、第四条) handles
the cases: its staff (handler, legal_reviewer) take the steps, its head (leader) approves
conversions and extensions and signs off decisions. The respondent's staff submit the reply
(第四十八条) and report on opinion letters (第七十六条).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import logging
import secrets
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.core.identity import id_number_problem, normalize_code, uscc_problem
from fazhi.core.inputs import choice as _choice
from fazhi.core.inputs import day as _day
from fazhi.core.inputs import money as _money
from fazhi.core.inputs import not_before as _not_before
from fazhi.core.inputs import past_day as _past
from fazhi.core.inputs import sha as _sha
from fazhi.core.inputs import text as _text
from fazhi.core.models import Person, Post, Unit, UnitKind
from fazhi.core.policies import Action, post_reaches
from fazhi.deadlines.models import Deadline
from fazhi.deadlines.services import (
    deadline_extend,
    deadline_pause,
    deadline_resume,
    deadline_start,
    deadline_stop,
)
from fazhi.evidence.services import file_store
from fazhi.ledger.services import keyed_digest as _keyed
from fazhi.ledger.services import record_for_post as _record
from fazhi.procedures.services import step_take, step_take_by_law

from . import law
from .events import ReconsiderationEvent as E
from .models import (
    SUSPENSIONS_THAT_LAPSE,
    Activity,
    ActivityKind,
    AgentKind,
    ApplicantKind,
    Approval,
    Attachment,
    Channel,
    DecisionKind,
    Hearing,
    Letter,
    NormdocReview,
    Outcome,
    ReconsiderationCase,
    RefusalReason,
    StatusQuery,
    Subject,
    Suspension,
    SuspensionGround,
    TerminationGround,
)
from .procedures import HEAD, OFFICE

logger = logging.getLogger(__name__)

DUPLICATE = (
    "该申请与一件正在办理的申请的申请人、被申请人和行政行为相同，不能重复申请（复议法第三十条"
    "第一款第七项）。如已提交过申请，请凭原收件编号和查询码查询办理进度。"
)


class QueryRefused(Exception):
    """Too many failed status queries from one sender: refused without looking."""


# ---- small helpers ------------------------------------------------------------------------------


def _office_post(actor: Person, case_or_unit, roles: Iterable[str] = OFFICE) -> Post:
    """The actor's post in the 行政复议机构 that handles the case (or in `unit`, the office)."""
    case = case_or_unit if isinstance(case_or_unit, ReconsiderationCase) else None
    office = case.unit if case is not None else case_or_unit
    if office.kind != UnitKind.LEGAL_OFFICE:
        raise PermissionDenied("行政复议由行政复议机构（司法局）办理。")
    if (
        case is not None
        and case.respondent_unit_id
        and case.respondent_unit_id != office.pk  # against the office itself: it still handles it
        and _holds_post_in(actor, case.respondent_unit)
    ):
        raise PermissionDenied(
            "被申请人的工作人员不能办理针对本单位的行政复议案件（复议法第四条、第二十四条）。"
        )
    posts = Post.objects.active().filter(
        person=actor, role__in=tuple(roles), unit__path__startswith=office.path
    )
    for post in posts.select_related("unit"):
        if post_reaches(post.unit, post.role, office.pk, Action.CHANGE):
            return post
    raise PermissionDenied(f"只有{office.name}（行政复议机构）的相关人员可以办理。")


def _holds_post_in(actor: Person, unit: Unit) -> bool:
    return Post.objects.active().filter(person=actor, unit__path__startswith=unit.path).exists()


def _respondent_post(actor: Person, unit: Unit | None) -> Post | None:
    """The actor's post in the respondent (or letter recipient) unit, if any."""
    if unit is None:
        return None
    posts = Post.objects.active().filter(
        person=actor, role__in=("handler", "unit_admin", "leader"), unit__path__startswith=unit.path
    )
    for post in posts.select_related("unit"):
        if post_reaches(post.unit, post.role, unit.pk, Action.CHANGE):
            return post
    return None


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


def _lock(case: ReconsiderationCase) -> ReconsiderationCase:
    return ReconsiderationCase.objects.select_for_update().get(pk=case.pk)


def _deadline(case, rule_id: str) -> Deadline | None:
    from django.contrib.contenttypes.models import ContentType

    return (
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(case),
            subject_id=case.pk,
            rule_id=rule_id,
        )
        .exclude(state="stopped")
        .order_by("-pk")
        .first()
    )


def _start(case, rule_id: str, trigger: date, basis: str, owner: Person | None) -> date:
    return deadline_start(
        subject=case,
        rule_id=rule_id,
        trigger=trigger,
        trigger_basis=basis,
        unit=case.unit,
        owner=owner,
    ).due_date


def _require_state(case: ReconsiderationCase, *states: str) -> None:
    if case.state not in states:
        label = type(case).procedure().state_label(case.state)
        raise ValidationError(f"案件当前状态为“{label}”，不能办理该事项。")


def _check_size(upload) -> None:
    if getattr(upload, "size", 0) and upload.size > settings.FAZHI_RECONSIDERATION_UPLOAD_MAX_BYTES:
        limit = settings.FAZHI_RECONSIDERATION_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"文件“{upload.name}”超过{limit}MB，未保存。")


def _store(case, upload, kind: str, actor: Person | None, request=None, post=None) -> Attachment:
    """Keep a file of the case in the evidence store, held by the office (and by the uploader's
    own unit when a respondent submits it, so that both may open it)."""
    _check_size(upload)
    unit = post.unit if post is not None else case.unit
    stored = file_store(actor=actor, unit=unit, upload=upload, request=request)
    if unit.pk != case.unit_id:
        upload.seek(0)
        file_store(actor=None, unit=case.unit, upload=upload, request=request)
    return Attachment.objects.create(
        case=case,
        kind=kind,
        name=(getattr(upload, "name", "") or stored.original_name)[:200],
        sha256=stored.sha256,
        size=stored.size,
        uploaded_by=actor,
    )


# ---- applications -------------------------------------------------------------------------------


def covers(office: Unit, unit: Unit) -> bool:
    """Whether the government the office serves handles cases against `unit`: its departments,
    their divisions and the streets and townships below it — not the government itself, whose
    cases go up a level (复议法第二十四条第一款)."""
    government = office.path[: -Unit.steplen]
    return unit.path.startswith(government) and unit.path != government


def office_of(unit: Unit) -> Unit:
    """The 行政复议机构 for cases against `unit`: the 司法局 of the nearest government above or
    at it (复议法第二十四条: the government at the respondent's level handles them)."""
    covering = [o for o in Unit.objects.filter(kind=UnitKind.LEGAL_OFFICE) if covers(o, unit)]
    if covering:
        return max(covering, key=lambda office: office.depth)
    raise ValidationError(
        f"本平台没有受理以{unit.name}为被申请人的行政复议机关（复议法第二十四条）。"
    )


def _applicant(kind: str, name: str, id_number: str) -> tuple[str, str]:
    _choice(kind, ApplicantKind, "申请人类型")
    name = _text(name, "申请人姓名或名称", limit=200)
    code = normalize_code(id_number)
    if kind == ApplicantKind.PERSON:
        problem = id_number_problem(code) if code else "请填写申请人的身份证号码。"
    elif code:
        problem = uscc_problem(code)
    else:
        problem = "请填写统一社会信用代码。" if kind == ApplicantKind.LEGAL else ""
    if problem:
        raise ValidationError(problem)
    return name, code


def _dedup_key(code: str, name: str, respondent: str, act: str) -> str:
    """Who applies about which act of whom: the same applicant (by identity number, or name when
    there is none), respondent and act, whitespace and case aside."""
    norm = "".join((act or "").split()).lower()
    return _keyed(f"{code or name}|{''.join(respondent.split())}|{norm}")[:80]


def _receipt_number(received: date) -> str:
    prefix = f"FY{received:%Y%m%d}"
    for _ in range(20):
        candidate = f"{prefix}{secrets.randbelow(10**6):06d}"
        if not ReconsiderationCase.objects.filter(receipt_number=candidate).exists():
            return candidate
    raise ValidationError("生成收件编号失败，请重试。")  # pragma: no cover


def _create_once(**values: Any) -> ReconsiderationCase:
    """Create the case; a concurrent identical application loses on the unique constraint."""
    try:
        with transaction.atomic():
            return ReconsiderationCase.objects.create(**values)
    except IntegrityError:
        raise ValidationError(DUPLICATE) from None


def new_access_code() -> str:
    """Eight characters without look-alikes (no 0/O, 1/I/L)."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def _register(
    *,
    actor: Person | None,
    post: Post | None,
    office: Unit,
    channel: str,
    received_on: date,
    applicant_kind: str,
    applicant_name: str,
    applicant_id_number: str,
    respondent_unit: Unit | None,
    respondent_name: str,
    act: str,
    act_known_on: Any,
    subject: str,
    request_text: str,
    reasons: str,
    uploads: Iterable = (),
    client: str = "",
    request=None,
    **fields: Any,
) -> tuple[ReconsiderationCase, str]:
    name, code = _applicant(applicant_kind, applicant_name, applicant_id_number)
    if respondent_unit is not None:
        respondent_name = respondent_unit.name
    respondent_name = _text(respondent_name, "被申请人", limit=200)
    act = _text(act, "被申请行政复议的行政行为", limit=500)
    _choice(subject, Subject, "行为类别")
    known = _past(act_known_on, "知道该行政行为的日期")
    made = _past(fields.pop("act_made_on", None), "行政行为作出日期", required=False)
    informed_on = _past(fields.pop("informed_on", None), "知道申请权利的日期", required=False)
    _not_before(known, made, "知道行政行为的日期", "行政行为作出日期")
    if known > received_on:
        raise ValidationError("知道行政行为的日期不能晚于收到申请的日期。")
    agent_kind = fields.pop("agent_kind", "") or ""
    if agent_kind:
        _choice(agent_kind, AgentKind, "代理人类别")
    informed = bool(fields.pop("informed_of_right", True))
    concerns_property = bool(fields.pop("concerns_property", False))
    forwarder_received = _past(
        fields.pop("forwarder_received_on", None), "转送机关收到申请日期", required=False
    )
    _not_before(received_on, forwarder_received, "收到申请日期", "转送机关收到申请日期")
    timeliness = law.timeliness(
        received_on=forwarder_received or received_on,
        known_on=known,
        informed=informed,
        informed_on=informed_on,
        made_on=made,
        concerns_property=concerns_property,
    )
    values = {
        "applicant_representative": _text(
            fields.pop("applicant_representative", ""), "法定代表人", required=False, limit=60
        ),
        "applicant_address": _text(
            fields.pop("applicant_address", ""), "住所", required=False, limit=300
        ),
        "applicant_phone": _text(
            fields.pop("applicant_phone", ""), "联系电话", required=False, limit=40
        ),
        "agent_name": _text(fields.pop("agent_name", ""), "委托代理人", required=False, limit=60),
        "agent_phone": _text(fields.pop("agent_phone", ""), "代理人电话", required=False, limit=40),
        "act_number": _text(fields.pop("act_number", ""), "文书编号", required=False, limit=100),
        "normdoc_title": _text(
            fields.pop("normdoc_title", ""), "规范性文件", required=False, limit=300
        ),
        "forwarded_by": _text(
            fields.pop("forwarded_by", ""), "转送机关", required=False, limit=200
        ),
        "forwarder_received_on": forwarder_received,
        "normdoc_requested": bool(fields.pop("normdoc_requested", False)),
        "compensation_requested": bool(fields.pop("compensation_requested", False)),
        "on_the_spot": bool(fields.pop("on_the_spot", False)),
        "warning_or_criticism": bool(fields.pop("warning_or_criticism", False)),
        "parties_consent": bool(fields.pop("parties_consent", False)),
        "amount": _money(fields.pop("amount", None), "涉及款额"),
    }
    if fields:
        raise TypeError(f"unknown fields: {sorted(fields)}")
    if values["normdoc_requested"] and not values["normdoc_title"]:
        raise ValidationError(
            "一并申请审查规范性文件的，请写明规范性文件的名称（复议法第十三条）。"
        )
    if channel == Channel.FORWARDED and not (values["forwarded_by"] and forwarder_received):
        raise ValidationError(
            "经作出行政处罚的机关转送的，请写明转送机关及其收到申请的日期（复议法第三十二条）。"
        )
    if channel == Channel.FORWARDED and subject != Subject.PENALTY:
        raise ValidationError(
            "只有行政处罚案件可以通过作出处罚决定的机关转送（复议法第三十二条）。"
        )
    if agent_kind and not values["agent_name"]:
        raise ValidationError("请填写委托代理人姓名。")
    uploads = list(uploads)
    for upload in uploads:
        _check_size(upload)
    if len(uploads) > settings.FAZHI_RECONSIDERATION_UPLOAD_MAX_FILES:
        raise ValidationError(
            f"附件最多{settings.FAZHI_RECONSIDERATION_UPLOAD_MAX_FILES}个，本次提交了{len(uploads)}个。"
        )
    late_note = timeliness.note
    if respondent_unit is not None and not covers(office, respondent_unit):
        late_note += (
            f"被申请人{respondent_unit.name}不属于本机关管辖：以县级以上地方人民政府为被申请人的，"
            "向上一级人民政府申请（复议法第二十四条）。"
        )
    if forwarder_received is not None:
        due = law.period_due("reconsideration.forward_penalty", forwarder_received)
        if received_on > due:
            late_note += (
                f"转送机关于{law.fmt(forwarder_received)}收到申请，应于{law.fmt(due)}前转送，"
                "已逾期（复议法第三十二条第二款）；申请期限按转送机关收到之日计算。"
            )
    key = _dedup_key(code, name, respondent_name, act)
    access_code = new_access_code()
    with transaction.atomic():
        duplicate = (
            ReconsiderationCase.objects.select_for_update()
            .filter(dedup_key=key)
            .exclude(state__in=("not_accepted", "abandoned", "withdrawn"))
            .exists()
        )
        if duplicate:
            raise ValidationError(DUPLICATE)
        if ReconsiderationCase.objects.filter(dedup_key=key, state="withdrawn").exists():
            late_note += (
                "申请人曾就同一行政行为提出申请后撤回；撤回后不得以同一事实和理由再次申请，但能够"
                "证明撤回违背其真实意思表示的除外（复议法第七十四条第二款），请在受理审查时"
                "核实。"
            )
        case = _create_once(
            unit=office,
            receipt_number=_receipt_number(received_on),
            access_code_hash=make_password(access_code),
            channel=channel,
            received_on=received_on,
            registered_by=actor,
            client_key=_client_key(client) if client else "",
            dedup_key=key,
            applicant_kind=applicant_kind,
            applicant_name=name,
            applicant_id_number=code,
            agent_kind=agent_kind,
            respondent_unit=respondent_unit,
            respondent_name=respondent_name,
            act=act,
            act_made_on=made,
            act_known_on=known,
            informed_of_right=informed,
            informed_on=informed_on,
            concerns_property=concerns_property,
            subject=subject,
            request=_text(request_text, "行政复议请求", limit=5000),
            reasons=_text(reasons, "事实和理由", limit=20000),
            application_due=timeliness.due,
            late=timeliness.late,
            barred=timeliness.barred,
            late_note=late_note,
            state=ReconsiderationCase.initial_state(),
            **values,
        )
        case.review_due = _start(
            case,
            "reconsideration.acceptance_review",
            received_on,
            f"收件编号{case.receipt_number}载明的收到申请日期（{Channel(channel).label}）",
            actor,
        )
        case.save(update_fields=["review_due"])
        for upload in uploads:
            _store(case, upload, Attachment.Kind.APPLICATION, actor, request)
        _record(
            E.APPLICATION_RECEIVE,
            actor=actor,
            post=post,
            record=case,
            changes={
                "channel": (None, channel),
                "received_on": (None, received_on.isoformat()),
                "applicant": (None, _keyed(f"{case.pk}|{code or name}")),
                "respondent": (None, respondent_name),
                "act": (None, _sha(act)),
                "late": (None, timeliness.late),
            },
            request=request,
        )
    return case, access_code


def _client_key(client: str) -> str:
    """A sender, hashed; an IPv6 sender by its /64 (one household or host can rotate within it)."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        address = None
    if address is not None and address.version == 6:
        client = str(ipaddress.ip_network(f"{address}/64", strict=False))
    return hashlib.sha256(f"{settings.SECRET_KEY}|{client}".encode()).hexdigest()


def application_submit(
    *, office: Unit, client: str = "", request=None, **fields: Any
) -> tuple[ReconsiderationCase, str]:
    """An application filed online on the portal, without an account (复议法第二十二条). Rate-
    limited per sender; returns the case and its access code (shown once, stored hashed)."""
    if office.kind != UnitKind.LEGAL_OFFICE:
        raise ValidationError("请选择行政复议机关。")
    key = _client_key(client) if client else ""
    if key:
        hour_ago = timezone.now() - timedelta(hours=1)
        recent = ReconsiderationCase.objects.filter(client_key=key, created_at__gte=hour_ago)
        if recent.count() >= settings.FAZHI_RECONSIDERATION_FILINGS_PER_HOUR:
            raise ValidationError("提交过于频繁，请一小时后再试。")
    return _register(
        actor=None,
        post=None,
        office=office,
        channel=Channel.ONLINE,
        received_on=timezone.localdate(),
        client=client,
        request=request,
        **fields,
    )


def application_register(
    *, actor: Person, office: Unit, channel: str, received_on: Any, request=None, **fields: Any
) -> tuple[ReconsiderationCase, str]:
    """A letter, a window filing, an oral application put on record, or one forwarded by the
    penalty agency (第三十二条), registered by the office's staff into the same kind of record."""
    post = _office_post(actor, office)
    _choice(channel, Channel, "申请方式")
    if channel == Channel.ONLINE:
        raise ValidationError("网上申请由申请人在门户网站提交。")
    received = _past(received_on, "收到申请日期")
    return _register(
        actor=actor,
        post=post,
        office=office,
        channel=channel,
        received_on=received,
        request=request,
        **fields,
    )


@functools.cache
def _dummy_hash() -> str:
    return make_password(new_access_code())


def status_lookup(*, receipt_number: str, access_code: str, client: str) -> ReconsiderationCase:
    """The case for a receipt number and its access code. A wrong pair reveals nothing (the same
    message whether the number exists or not); too many failures from one sender in an hour are
    refused before looking."""
    key = _client_key(client)
    hour_ago = timezone.now() - timedelta(hours=1)
    failures = StatusQuery.objects.filter(client_key=key, at__gte=hour_ago, ok=False).count()
    if failures >= settings.FAZHI_RECONSIDERATION_QUERY_FAILURES_PER_HOUR:
        raise QueryRefused("查询失败次数过多，请一小时后再试。")
    number = (receipt_number or "").strip().upper()[:30]
    code = (access_code or "").strip().upper()[:20]
    case = ReconsiderationCase.objects.filter(receipt_number=number).first() if number else None
    # The same work whether or not the number exists, so the timing reveals nothing.
    stored = case.access_code_hash if case is not None and case.access_code_hash else _dummy_hash()
    ok = check_password(code or "-", stored) and case is not None and bool(code)
    StatusQuery.objects.create(client_key=key, ok=ok)
    if not ok:
        raise ValidationError("收件编号或查询码不正确。")
    return case


# ---- acceptance ---------------------------------------------------------------------------------


def _accepted(case, accepted_on: date, actor: Person | None, basis: str) -> None:
    """From acceptance: the copy to the respondent and the decision period (第四十八条、
    第五十四条、第六十二条)."""
    case.accepted_on = accepted_on
    case.decision_due = _start(case, law.decision_rule(case.simplified), accepted_on, basis, actor)
    _start(case, law.copy_rule(case.simplified), accepted_on, basis, actor)
    case.save()


def case_accept(
    *,
    actor: Person,
    case: ReconsiderationCase,
    number: str,
    simplified: bool = False,
    major: bool = False,
    delay_reason: str = "",
    request=None,
) -> ReconsiderationCase:
    """受理 (第三十条第一款), under the simplified procedure only where 第五十三条 allows it."""
    post = _office_post(actor, case)
    number = _text(number, "案号", limit=60)
    today = timezone.localdate()
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "received")
        if ReconsiderationCase.objects.filter(unit=case.unit, number=number).exists():
            raise ValidationError(f"案号“{number}”已经使用。")
        grounds = law.simplified_grounds(
            on_the_spot=case.on_the_spot,
            warning_or_criticism=case.warning_or_criticism,
            amount=case.amount,
            disclosure=case.subject == Subject.DISCLOSURE,
            parties_consent=case.parties_consent,
        )
        if simplified and not grounds:
            raise ValidationError(
                "本案不符合适用简易程序的情形：须为当场作出、警告或者通报批评、款额三千元以下、"
                "政府信息公开案件，或者当事人各方同意（复议法第五十三条）。"
            )
        if simplified and major:
            raise ValidationError("重大、疑难、复杂的案件不适用简易程序（复议法第五十三条）。")
        case.number, case.major, case.simplified = number, bool(major), bool(simplified)
        case.simplified_ground = "；".join(grounds) if simplified else ""
        case.delay_reason = _text(delay_reason, "正当理由", required=False, limit=2000)
        case.save()
        _step(case, "accept", actor=actor, post=post, request=request)
        deadline_stop(
            subject=case, rule_id="reconsideration.acceptance_review", on=today, outcome="已受理"
        )
        _accepted(case, today, actor, f"受理审查通过（案号{number}）")
        _record(
            E.CASE_ACCEPT,
            actor=actor,
            post=post,
            record=case,
            changes={
                "number": (None, number),
                "simplified": (None, case.simplified),
                "major": (None, case.major),
            },
            request=request,
        )
    return case


def case_refuse(
    *,
    actor: Person,
    case: ReconsiderationCase,
    reason: str,
    text: str,
    competent_body: str = "",
    request=None,
) -> ReconsiderationCase:
    """不予受理 within the review period, with reasons; naming the competent body where this one
    is not (第三十条第二款)."""
    post = _office_post(actor, case)
    _choice(reason, RefusalReason, "不予受理理由")
    today = timezone.localdate()
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "received")
        case.refusal_reason = reason
        case.refusal_text = _text(text, "不予受理的理由说明", limit=5000)
        case.competent_body = _text(
            competent_body, "有管辖权的行政复议机关", required=False, limit=200
        )
        if reason == RefusalReason.NOT_COMPETENT and not case.competent_body:
            raise ValidationError(
                "不属于本机关管辖的，须在不予受理决定中告知有管辖权的行政复议机关"
                "（复议法第三十条第二款）。"
            )
        case.outcome, case.ended_on, case.on_time = Outcome.NOT_ACCEPTED, today, True
        case.save()
        _step(case, "refuse", actor=actor, post=post, request=request)
        deadline_stop(
            subject=case, rule_id="reconsideration.acceptance_review", on=today, outcome="不予受理"
        )
        _record(
            E.CASE_REFUSE,
            actor=actor,
            post=post,
            record=case,
            changes={"reason": (None, reason), "competent_body": (None, case.competent_body)},
            request=request,
        )
    return case


def supplement_request(
    *, actor: Person, case: ReconsiderationCase, items: str, served_on: Any = None, request=None
) -> ReconsiderationCase:
    """补正通知 within 5 working days of receipt, listing everything at once (第三十一条第一款);
    the applicant's 10 working days run from receiving it (第三十一条第二款)."""
    post = _office_post(actor, case)
    today = timezone.localdate()
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "received")
        case.supplement_items = _text(items, "需要补正的事项", limit=5000)
        case.save()
        _step(case, "request_supplement", actor=actor, post=post, request=request)
        case.supplement_requested_on = today
        deadline_stop(
            subject=case, rule_id="reconsideration.acceptance_review", on=today, outcome="通知补正"
        )
        if served_on not in (None, ""):
            _supplement_served(case, served_on, actor)
        case.save()
        _record(
            E.SUPPLEMENT_REQUEST,
            actor=actor,
            post=post,
            record=case,
            changes={
                "items": (None, _sha(case.supplement_items)),
                "due": (None, case.supplement_due),
            },
            request=request,
        )
    return case


def _supplement_served(case, served_on: Any, actor: Person) -> None:
    served = _past(served_on, "申请人收到补正通知日期")
    _not_before(served, case.supplement_requested_on, "收到补正通知日期", "通知补正日期")
    if case.supplement_served_on:
        raise ValidationError(f"已登记申请人于{law.fmt(case.supplement_served_on)}收到补正通知。")
    case.supplement_served_on = served
    case.supplement_due = _start(
        case, "reconsideration.supplement_by_applicant", served, "补正通知送达回证", actor
    )


def supplement_served(
    *, actor: Person, case: ReconsiderationCase, served_on: Any, request=None
) -> ReconsiderationCase:
    """The day the applicant received the notice (by post, later than it was sent): the 10
    working days run from it (第三十一条第二款)."""
    post = _office_post(actor, case)
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "supplementing")
        _supplement_served(case, served_on, actor)
        case.save()
        _record(
            E.SUPPLEMENT_REQUEST,
            actor=actor,
            post=post,
            record=case,
            changes={
                "served_on": (None, case.supplement_served_on),
                "due": (None, case.supplement_due),
            },
            request=request,
        )
    return case


def supplement_extend(
    *, actor: Person, case: ReconsiderationCase, until: Any, reason: str, request=None
) -> ReconsiderationCase:
    """A reasonable longer time to supplement for a good reason (第三十一条第二款)."""
    post = _office_post(actor, case)
    until = _day(until, "延长后的补正期限")
    reason = _text(reason, "正当理由", limit=2000)
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "supplementing")
        if case.supplement_due is None:
            raise ValidationError("尚未登记申请人收到补正通知的日期。")
        if until <= case.supplement_due:
            raise ValidationError(
                f"延长后的补正期限须晚于原期限（{law.fmt(case.supplement_due)}）。"
            )
        _step(
            case,
            "extend_supplement",
            actor=actor,
            post=post,
            data={"reason": _sha(reason), "until": until.isoformat()},
            request=request,
        )
        # The law sets no length for the extension (第三十一条第二款 "合理的补正期限"), so the
        # statutory period stops here and the new date is the office's own, kept on the case.
        deadline_stop(
            subject=case,
            rule_id="reconsideration.supplement_by_applicant",
            on=timezone.localdate(),
            outcome="延长补正期限",
        )
        case.supplement_due = until
        case.save(update_fields=["supplement_due"])
        _record(
            E.SUPPLEMENT_EXTEND,
            actor=actor,
            post=post,
            record=case,
            changes={"due": (None, until)},
            request=request,
        )
    return case


def supplement_receive(
    *,
    actor: Person,
    case: ReconsiderationCase,
    received_on: Any = None,
    uploads: Iterable = (),
    request=None,
) -> ReconsiderationCase:
    """补正材料 received: the acceptance review runs anew, 5 working days from receipt
    (第三十一条第三款 → 第三十条)."""
    post = _office_post(actor, case)
    received = _past(received_on or timezone.localdate(), "收到补正材料日期")
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "supplementing")
        _not_before(received, case.supplement_requested_on, "收到补正材料日期", "通知补正日期")
        _step(case, "supplement", actor=actor, post=post, request=request)
        deadline_stop(
            subject=case,
            rule_id="reconsideration.supplement_by_applicant",
            on=received,
            outcome="已补正",
        )
        case.supplement_received_on = received
        case.review_due = _start(
            case,
            "reconsideration.acceptance_review",
            received,
            "收到补正材料之日（复议法第三十一条第三款）",
            actor,
        )
        case.save()
        for upload in uploads:
            _store(case, upload, Attachment.Kind.SUPPLEMENT, actor, request)
        _record(
            E.SUPPLEMENT_RECEIVE,
            actor=actor,
            post=post,
            record=case,
            changes={"received_on": (None, received)},
            files=[a.sha256 for a in case.attachments.filter(kind=Attachment.Kind.SUPPLEMENT)],
            request=request,
        )
    return case


def case_abandon(*, actor: Person, case: ReconsiderationCase, request=None) -> ReconsiderationCase:
    """Not supplemented in time without good reason: deemed abandoned (第三十一条第二款)."""
    post = _office_post(actor, case)
    today = timezone.localdate()
    with transaction.atomic():
        case = _lock(case)
        _step(case, "abandon", actor=actor, post=post, request=request)
        case.outcome, case.ended_on, case.on_time = Outcome.ABANDONED, today, True
        case.save()
        deadline_stop(
            subject=case,
            rule_id="reconsideration.supplement_by_applicant",
            on=today,
            outcome="逾期未补正",
        )
        _record(E.CASE_ABANDON, actor=actor, post=post, record=case, request=request)
    return case


def application_withdraw(
    *,
    actor: Person,
    case: ReconsiderationCase,
    reason: str,
    resolved: bool = False,
    on: Any = None,
    request=None,
) -> ReconsiderationCase:
    """The applicant withdraws before acceptance; `resolved` when the dispute was settled by the
    office's work before acceptance (案前化解)."""
    post = _office_post(actor, case)
    day = _past(on or timezone.localdate(), "撤回日期")
    reason = _text(reason, "撤回的情况", limit=2000)
    with transaction.atomic():
        case = _lock(case)
        _not_before(day, case.received_on, "撤回日期", "收到申请日期")
        _step(
            case,
            "withdraw",
            actor=actor,
            post=post,
            data={"reason": _sha(reason), "resolved": bool(resolved)},
            request=request,
        )
        case.outcome = Outcome.RESOLVED if resolved else Outcome.WITHDRAWN
        case.ended_on, case.on_time, case.end_reason = day, True, reason
        case.save()
        for rule in (
            "reconsideration.acceptance_review",
            "reconsideration.supplement_by_applicant",
        ):
            deadline_stop(subject=case, rule_id=rule, on=day, outcome="申请人撤回")
        _record(
            E.APPLICATION_WITHDRAW,
            actor=actor,
            post=post,
            record=case,
            changes={"resolved": (None, bool(resolved))},
            request=request,
        )
    return case


def deemed_acceptances(today: date | None = None) -> int:
    """Every application whose review period has ended without a refusal is accepted from the
    day the period ended (第三十条第三款); its decision period runs from that day. Run daily."""
    today = today or timezone.localdate()
    count = 0
    due = ReconsiderationCase.objects.filter(state="received", review_due__lt=today)
    for case in due.order_by("pk"):
        try:
            count += _deem_accept(case)
        except Exception:  # one case must not stop the others; the next run retries it
            logger.exception("视为受理失败：%s", case.receipt_number)
    return count


def _deem_accept(case: ReconsiderationCase) -> int:
    with transaction.atomic():
        case = _lock(case)
        if case.state != "received":
            return 0
        day = case.review_due
        step_take_by_law(record=case, step_code="deem_accept", on=day)
        case.deemed_accepted = True
        deadline_stop(
            subject=case, rule_id="reconsideration.acceptance_review", on=day, outcome="视为受理"
        )
        basis = f"受理审查期限于{law.fmt(day)}届满，视为受理（复议法第三十条第三款）"
        _accepted(case, day, None, basis)
        _record(
            E.CASE_DEEMED_ACCEPT,
            actor=None,
            post=None,
            record=case,
            changes={"accepted_on": (None, day)},
        )
    return 1


# ---- review -------------------------------------------------------------------------------------


def copy_send(
    *, actor: Person, case: ReconsiderationCase, sent_on: Any, received_on: Any, request=None
) -> ReconsiderationCase:
    """The application's copy to the respondent (7 / 3 working days from acceptance); the
    respondent's 10 / 5 working days run from its receipt (第四十八条、第五十四条)."""
    post = _office_post(actor, case)
    sent = _past(sent_on, "发送副本日期")
    received = _past(received_on, "被申请人签收日期")
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "accepted", "suspended")
        if case.copy_sent_on:
            raise ValidationError(f"已于{law.fmt(case.copy_sent_on)}发送申请书副本。")
        _not_before(sent, case.accepted_on, "发送副本日期", "受理日期")
        _not_before(received, sent, "签收日期", "发送日期")
        case.copy_sent_on, case.respondent_received_on = sent, received
        deadline_stop(
            subject=case, rule_id=law.copy_rule(case.simplified), on=sent, outcome="已发送"
        )
        case.reply_due = _start(
            case, law.reply_rule(case.simplified), received, "被申请人签收申请书副本之日", actor
        )
        case.save()
        _record(
            E.COPY_SEND,
            actor=actor,
            post=post,
            record=case,
            changes={
                "sent_on": (None, sent),
                "received_on": (None, received),
                "reply_due": (None, case.reply_due),
            },
            request=request,
        )
    return case


def reply_submit(
    *,
    actor: Person,
    case: ReconsiderationCase,
    text: str,
    replied_on: Any = None,
    uploads: Iterable = (),
    request=None,
) -> ReconsiderationCase:
    """The respondent's written reply with its evidence and basis (第四十八条): by its own staff
    online, or entered by the office from paper."""
    post = _respondent_post(actor, case.respondent_unit) or _office_post(actor, case)
    day = _past(replied_on or timezone.localdate(), "答复日期")
    text = _text(text, "书面答复", limit=50000)
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "accepted", "suspended")
        if case.respondent_received_on is None:
            raise ValidationError("尚未向被申请人发送申请书副本。")
        if case.replied_on:
            raise ValidationError(f"被申请人已于{law.fmt(case.replied_on)}答复。")
        _not_before(day, case.respondent_received_on, "答复日期", "收到副本日期")
        case.replied_on, case.reply_text = day, text
        case.save()
        for upload in uploads:
            _store(case, upload, Attachment.Kind.REPLY, actor, request, post)
        deadline_stop(
            subject=case, rule_id=law.reply_rule(case.simplified), on=day, outcome="已答复"
        )
        _record(
            E.REPLY_SUBMIT,
            actor=actor,
            post=post,
            record=case,
            changes={
                "replied_on": (None, day),
                "late": (None, day > case.reply_due),
                "reply": (None, _sha(text)),
            },
            files=[a.sha256 for a in case.attachments.filter(kind=Attachment.Kind.REPLY)],
            request=request,
        )
    return case


def reply_overdue(case: ReconsiderationCase, today: date | None = None) -> bool:
    """No reply within the period, or a reply after it: 第七十条's consequence follows."""
    today = today or timezone.localdate()
    if case.reply_due is None:
        return False
    if case.replied_on is None:
        return today > case.reply_due
    return case.replied_on > case.reply_due


# 第七十条: with no reply in time the act is treated as without evidence or basis.
_WITHOUT_EVIDENCE = (
    DecisionKind.REVOKE,
    DecisionKind.PARTIAL_REVOKE,
    DecisionKind.UNLAWFUL,
    DecisionKind.VOID,
    DecisionKind.PERFORM,
    DecisionKind.REJECT_APPLICATION,
)


def activity_record(
    *,
    actor: Person,
    case: ReconsiderationCase,
    kind: str,
    on: Any,
    summary: str,
    how: str = "",
    participants: str = "",
    request=None,
) -> Activity:
    """Hearing the parties' views (第四十九条), an investigation (第四十五条), the committee's
    consultation (第五十二条), a mediation session (第七十三条)."""
    post = _office_post(actor, case)
    _choice(kind, ActivityKind, "审理活动类别")
    if how:
        _choice(how, Activity.How, "方式")
    day = _past(on, "日期")
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "accepted", "suspended")
        _not_before(day, case.accepted_on, "日期", "受理日期")
        activity = Activity.objects.create(
            case=case,
            kind=kind,
            on=day,
            how=how,
            participants=_text(participants, "参加人员", required=False, limit=500),
            summary=_text(summary, "内容", limit=20000),
            recorded_by=actor,
        )
        _record(
            E.ACTIVITY_RECORD,
            actor=actor,
            post=post,
            record=case,
            changes={
                "kind": (None, kind),
                "on": (None, day),
                "summary": (None, _sha(activity.summary)),
            },
            request=request,
        )
    return activity


def hearing_schedule(
    *,
    actor: Person,
    case: ReconsiderationCase,
    scheduled_on: Any,
    place: str,
    issues: str,
    notified_on: Any,
    request=None,
) -> Hearing:
    """A hearing, notified in writing at least 5 working days before (第五十一条第一款)."""
    post = _office_post(actor, case)
    scheduled = _day(scheduled_on, "听证日期")
    notified = _past(notified_on, "书面通知送达日期")
    due = law.hearing_notice_due(scheduled)
    if notified > due:
        raise ValidationError(
            f"听证通知应当在举行听证的五个工作日前送达，{law.fmt(scheduled)}举行的听证最迟应于"
            f"{law.fmt(due)}送达（复议法第五十一条第一款）。"
        )
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "accepted")
        _not_before(notified, case.accepted_on, "通知日期", "受理日期")
        hearing = Hearing.objects.create(
            case=case,
            scheduled_on=scheduled,
            place=_text(place, "听证地点", limit=200),
            issues=_text(issues, "拟听证事项", limit=5000),
            notified_on=notified,
            notice_due=due,
        )
        _record(
            E.HEARING_SCHEDULE,
            actor=actor,
            post=post,
            record=case,
            changes={"scheduled_on": (None, scheduled), "notified_on": (None, notified)},
            request=request,
        )
    return hearing


def hearing_hold(
    *,
    actor: Person,
    hearing: Hearing,
    attendee: str,
    head_attended: bool,
    record: str,
    head_absence_reason: str = "",
    request=None,
) -> Hearing:
    """The hearing held: the respondent's head attends, or gives reasons and sends staff
    (第五十一条第二款)."""
    case = hearing.case
    post = _office_post(actor, case)
    attendee = _text(attendee, "被申请人参加人员及职务", limit=200)
    reason = _text(
        head_absence_reason, "负责人不能参加的理由", required=not head_attended, limit=2000
    )
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if hearing.held:
            raise ValidationError("该听证已经举行。")
        if hearing.scheduled_on > timezone.localdate():
            raise ValidationError("听证日期尚未到来。")
        hearing.held, hearing.head_attended = True, bool(head_attended)
        hearing.attendee, hearing.head_absence_reason = attendee, reason
        hearing.record = _text(record, "听证笔录摘要", limit=50000)
        hearing.save()
        _record(
            E.HEARING_HOLD,
            actor=actor,
            post=post,
            record=case,
            changes={
                "head_attended": (None, bool(head_attended)),
                "record": (None, _sha(hearing.record)),
            },
            request=request,
        )
    return hearing


# ---- suspension, conversion, extension ----------------------------------------------------------


def case_suspend(
    *,
    actor: Person,
    case: ReconsiderationCase,
    ground: str,
    reason: str,
    on: Any = None,
    request=None,
) -> Suspension:
    """中止 on a ground of 第三十九条, notified in writing; the decision period does not run while
    suspended where the setting says so (the law is silent; practice excludes it)."""
    post = _office_post(actor, case)
    _choice(ground, SuspensionGround, "中止情形")
    day = _past(on or timezone.localdate(), "中止日期")
    reason = _text(reason, "中止理由", limit=2000)
    with transaction.atomic():
        case = _lock(case)
        _not_before(day, case.accepted_on, "中止日期", "受理日期")
        _step(
            case,
            "suspend",
            actor=actor,
            post=post,
            data={"ground": ground, "reason": _sha(reason)},
            request=request,
        )
        suspension = _suspend(case, ground, reason, day, actor)
        _record(
            E.CASE_SUSPEND,
            actor=actor,
            post=post,
            record=case,
            changes={"ground": (None, ground), "on": (None, day)},
            request=request,
        )
    return suspension


def _suspend(case, ground: str, reason: str, day: date, actor: Person) -> Suspension:
    pauses = settings.FAZHI_RECONSIDERATION_SUSPENSION_PAUSES
    lapses = None
    if ground in SUSPENSIONS_THAT_LAPSE:
        lapses = _start(
            case,
            "reconsideration.suspension_termination",
            day,
            "中止之日（复议法第四十一条第五项）",
            actor,
        )
    if pauses:
        deadline = _deadline(case, law.decision_rule(case.simplified))
        if deadline is not None:
            deadline_pause(actor=actor, deadline=deadline, on=day, reason=f"中止：{reason}")
    return Suspension.objects.create(
        case=case,
        ground=ground,
        reason=reason,
        started_on=day,
        lapses_on=lapses,
        pauses_period=pauses,
    )


def case_resume(
    *, actor: Person, case: ReconsiderationCase, reason: str, on: Any = None, request=None
) -> ReconsiderationCase:
    """恢复审理 once the cause is gone (第三十九条第二款), notified in writing."""
    post = _office_post(actor, case)
    day = _past(on or timezone.localdate(), "恢复日期")
    reason = _text(reason, "恢复理由", limit=2000)
    with transaction.atomic():
        case = _lock(case)
        suspension = case.suspensions.filter(resumed_on__isnull=True).last()
        if suspension is not None:
            _not_before(day, suspension.started_on, "恢复日期", "中止日期")
        _step(
            case, "resume", actor=actor, post=post, data={"reason": _sha(reason)}, request=request
        )
        if suspension is not None:
            suspension.resumed_on, suspension.resume_reason = day, reason
            suspension.save()
            deadline_stop(
                subject=case,
                rule_id="reconsideration.suspension_termination",
                on=day,
                outcome="已恢复审理",
            )
            deadline = _deadline(case, law.decision_rule(case.simplified))
            if suspension.pauses_period and deadline is not None and deadline.state == "paused":
                deadline_resume(
                    actor=actor, deadline=deadline, on=day, reason=f"恢复审理：{reason}"
                )
                case.decision_due = Deadline.objects.get(pk=deadline.pk).due_date
                case.save(update_fields=["decision_due"])
        _record(
            E.CASE_RESUME,
            actor=actor,
            post=post,
            record=case,
            changes={"on": (None, day)},
            request=request,
        )
    return case


def case_convert(
    *, actor: Person, case: ReconsiderationCase, reason: str, request=None
) -> ReconsiderationCase:
    """简易 → 普通 with the office head's approval (第五十五条). The general period then runs
    from the original acceptance, or from the conversion where the setting says so (the law is
    silent, PERIODS.md: UNVERIFIED)."""
    post = _office_post(actor, case, HEAD)
    reason = _text(reason, "转为普通程序的理由", limit=2000)
    today = timezone.localdate()
    with transaction.atomic():
        case = _lock(case)
        _step(
            case, "convert", actor=actor, post=post, data={"reason": _sha(reason)}, request=request
        )
        for rule in (
            "reconsideration.decision_simplified",
            "reconsideration.copy_to_respondent_simplified",
            "reconsideration.respondent_reply_simplified",
        ):
            deadline_stop(subject=case, rule_id=rule, on=today, outcome="转为普通程序")
        case.simplified, case.converted_on, case.conversion_reason = False, today, reason
        start = (
            today
            if settings.FAZHI_RECONSIDERATION_CONVERTED_FROM == "conversion"
            else case.accepted_on
        )
        case.decision_due = _start(
            case,
            "reconsideration.decision",
            start,
            f"转为普通程序（{law.fmt(today)}），期限自"
            f"{'转换之日' if start == today else '受理之日'}起算",
            actor,
        )
        if case.copy_sent_on is None:
            _start(case, "reconsideration.copy_to_respondent", case.accepted_on, "受理之日", actor)
        elif case.replied_on is None and case.respondent_received_on:
            case.reply_due = _start(
                case,
                "reconsideration.respondent_reply",
                case.respondent_received_on,
                "被申请人签收申请书副本之日（转为普通程序）",
                actor,
            )
        case.save()
        _record(
            E.CASE_CONVERT,
            actor=actor,
            post=post,
            record=case,
            changes={"decision_due": (None, case.decision_due)},
            request=request,
        )
    return case


def case_extend(
    *,
    actor: Person,
    case: ReconsiderationCase,
    days: int,
    reason: str,
    notified_on: Any = None,
    request=None,
) -> ReconsiderationCase:
    """One extension of at most 30 days for a complex case, approved by the office head and
    notified to the parties in writing (第六十二条第一款)."""
    post = _office_post(actor, case, HEAD)
    reason = _text(reason, "情况复杂的理由", limit=2000)
    notified = _past(notified_on or timezone.localdate(), "书面告知日期")
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValidationError("延长天数须为整数。") from None
    if not 1 <= days <= 30:
        raise ValidationError("延长期限最多不得超过三十日（复议法第六十二条第一款）。")
    with transaction.atomic():
        case = _lock(case)
        _step(
            case,
            "extend",
            actor=actor,
            post=post,
            data={"reason": _sha(reason), "days": days},
            request=request,
        )
        deadline = _deadline(case, "reconsideration.decision")
        if deadline is None:
            raise ValidationError("本案没有进行中的决定期限。")
        if timezone.localdate() > deadline.due_date:
            raise ValidationError(f"决定期限已于{law.fmt(deadline.due_date)}届满，不能再延长。")
        deadline_extend(actor=actor, deadline=deadline, length=days, reason=reason, approver=actor)
        case.extended_days, case.extension_reason, case.extension_notified_on = (
            days,
            reason,
            notified,
        )
        case.decision_due = Deadline.objects.get(pk=deadline.pk).due_date
        case.save()
        _record(
            E.CASE_EXTEND,
            actor=actor,
            post=post,
            record=case,
            changes={"days": (None, days), "decision_due": (None, case.decision_due)},
            request=request,
        )
    return case


# ---- incidental review of normative documents ---------------------------------------------------


def normdoc_review_start(
    *,
    actor: Person,
    case: ReconsiderationCase,
    document_title: str,
    enacting_body: str,
    competent: bool,
    on_request: bool = True,
    started_on: Any = None,
    request=None,
) -> NormdocReview:
    """附带审查 (第五十六条 on request, 第五十七条 on the body's own motion): the case is suspended
    (第三十九条第一款第九项); decided within 30 days, or transferred within 7 working days."""
    post = _office_post(actor, case)
    day = _past(started_on or timezone.localdate(), "启动审查日期")
    title = _text(document_title, "规范性文件名称", limit=300)
    enactor = _text(enacting_body, "制定机关", limit=200)
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "accepted")
        review = NormdocReview.objects.create(
            case=case,
            document_title=title,
            enacting_body=enactor,
            on_request=bool(on_request),
            competent=bool(competent),
            started_on=day,
            due=law.normdoc_due(day, bool(competent)),
        )
        rule = (
            "reconsideration.normdoc_handling" if competent else "reconsideration.normdoc_transfer"
        )
        deadline_start(
            subject=review,
            rule_id=rule,
            trigger=day,
            trigger_basis=f"决定附带审查之日（案号{case.number}）",
            unit=case.unit,
            owner=actor,
        )
        reason = f"对《{title}》进行附带审查"
        _step(
            case,
            "suspend",
            actor=actor,
            post=post,
            data={"ground": SuspensionGround.NORMDOC, "reason": reason},
            request=request,
        )
        _suspend(case, SuspensionGround.NORMDOC, reason, day, actor)
        _record(
            E.NORMDOC_START,
            actor=actor,
            post=post,
            record=case,
            changes={"document": (None, title), "competent": (None, bool(competent))},
            request=request,
        )
    return review


def normdoc_enactor_notify(
    *, actor: Person, review: NormdocReview, notified_on: Any, request=None
) -> NormdocReview:
    """The enacting body told in writing within 3 working days of the suspension; it replies
    within 10 working days of receipt (第五十八条第一款)."""
    case = review.case
    post = _office_post(actor, case)
    day = _past(notified_on, "书面通知日期")
    with transaction.atomic():
        review = NormdocReview.objects.select_for_update().get(pk=review.pk)
        if not review.competent:
            raise ValidationError("本机关无权处理的，应当转送有权处理的机关，不通知制定机关答复。")
        if review.enactor_notified_on:
            raise ValidationError(f"已于{law.fmt(review.enactor_notified_on)}书面通知制定机关。")
        _not_before(day, review.started_on, "通知日期", "启动审查日期")
        latest = law.period_due("reconsideration.enactor_notice", review.started_on)
        if day > latest:
            raise ValidationError(
                f"应当自中止之日起三个工作日内（{law.fmt(latest)}前）书面通知制定机关"
                "（复议法第五十八条第一款）。"
            )
        review.enactor_notified_on = day
        review.enactor_reply_due = deadline_start(
            subject=review,
            rule_id="reconsideration.enactor_reply",
            trigger=day,
            trigger_basis="制定机关收到书面通知之日",
            unit=case.unit,
            owner=actor,
        ).due_date
        review.save()
        _record(
            E.NORMDOC_NOTIFY,
            actor=actor,
            post=post,
            record=case,
            changes={"notified_on": (None, day), "reply_due": (None, review.enactor_reply_due)},
            request=request,
        )
    return review


def normdoc_enactor_reply(
    *, actor: Person, review: NormdocReview, replied_on: Any, request=None
) -> NormdocReview:
    case = review.case
    post = _office_post(actor, case)
    day = _past(replied_on, "制定机关答复日期")
    with transaction.atomic():
        review = NormdocReview.objects.select_for_update().get(pk=review.pk)
        if review.enactor_notified_on is None:
            raise ValidationError("尚未书面通知制定机关。")
        _not_before(day, review.enactor_notified_on, "答复日期", "通知日期")
        review.enactor_replied_on = day
        review.save()
        deadline_stop(
            subject=review, rule_id="reconsideration.enactor_reply", on=day, outcome="已答复"
        )
        _record(
            E.NORMDOC_REPLY,
            actor=actor,
            post=post,
            record=case,
            changes={"replied_on": (None, day)},
            request=request,
        )
    return review


def normdoc_conclude(
    *,
    actor: Person,
    review: NormdocReview,
    conclusion: str = "",
    transferred_to: str = "",
    on: Any = None,
    request=None,
) -> NormdocReview:
    """The review handled (第五十六条: 30 days) or transferred to the competent body (7 working
    days); the case's suspension stays until the office resumes it."""
    case = review.case
    post = _office_post(actor, case)
    day = _past(on or timezone.localdate(), "处理日期")
    with transaction.atomic():
        review = NormdocReview.objects.select_for_update().get(pk=review.pk)
        if not review.open:
            raise ValidationError("该附带审查已经处理。")
        _not_before(day, review.started_on, "处理日期", "启动审查日期")
        if review.competent:
            review.conclusion, review.handled_on = _text(conclusion, "处理结论", limit=20000), day
            rule = "reconsideration.normdoc_handling"
        else:
            review.transferred_to = _text(transferred_to, "有权处理的机关", limit=200)
            review.transferred_on = day
            rule = "reconsideration.normdoc_transfer"
        review.save()
        deadline_stop(
            subject=review, rule_id=rule, on=day, outcome="已处理" if review.competent else "已转送"
        )
        _record(
            E.NORMDOC_CONCLUDE,
            actor=actor,
            post=post,
            record=case,
            changes={"on": (None, day), "transferred_to": (None, review.transferred_to)},
            request=request,
        )
    return review


# ---- the end ------------------------------------------------------------------------------------


def _close(case, outcome: str, day: date) -> None:
    """End the case: its running periods stop, an open suspension and open reviews end with it;
    on time against the decision period as it stands (extensions and pauses counted)."""
    deadline = _deadline(case, law.decision_rule(case.simplified))
    due = deadline.due_date if deadline is not None else case.decision_due
    case.outcome, case.ended_on = outcome, day
    case.on_time = due is None or day <= due
    case.suspensions.filter(resumed_on__isnull=True).update(
        resumed_on=day, resume_reason=f"案件{Outcome(outcome).label}"
    )
    for review in case.normdoc_reviews.all():
        for rule in (
            "reconsideration.normdoc_handling",
            "reconsideration.normdoc_transfer",
            "reconsideration.enactor_reply",
        ):
            deadline_stop(
                subject=review, rule_id=rule, on=day, outcome=f"案件{Outcome(outcome).label}"
            )
    for rule in (
        law.decision_rule(case.simplified),
        "reconsideration.suspension_termination",
        law.copy_rule(case.simplified),
        law.reply_rule(case.simplified),
    ):
        deadline_stop(subject=case, rule_id=rule, on=day, outcome=Outcome(outcome).label)


def case_decide(
    *,
    actor: Person,
    case: ReconsiderationCase,
    kind: str,
    text: str,
    reasons: str,
    approval: str,
    approver: str,
    decided_on: Any = None,
    perform_within_days: int | None = None,
    third_party_evidence: bool = False,
    request=None,
) -> ReconsiderationCase:
    """The decision (第六十一条 approval; 第六十三至六十九条 types). Where the respondent did not
    reply in time, upholding the act or rejecting the request is refused (第七十条) unless a
    third party supplied the evidence."""
    post = _office_post(actor, case, HEAD)
    _choice(kind, DecisionKind, "决定类型")
    _choice(approval, Approval, "决定方式")
    day = _past(decided_on or timezone.localdate(), "决定日期")
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "accepted")
        _not_before(day, case.accepted_on, "决定日期", "受理日期")
        if reply_overdue(case, day) and kind not in _WITHOUT_EVIDENCE and not third_party_evidence:
            raise ValidationError(
                law.late_reply_consequence() + f"不能作出“{DecisionKind(kind).label}”的决定。"
            )
        _not_before(day, _latest_review_act(case), "决定日期", "最后一项审理活动的日期")
        case.decision_kind, case.decided_on = kind, day
        case.decision_text = _text(text, "决定主文", limit=20000)
        case.decision_reasons = _text(reasons, "认定事实和理由", limit=50000)
        case.approval, case.approver = approval, _text(approver, "批准的负责人或者会议", limit=200)
        case.perform_within_days = perform_within_days or None
        case.save()
        _step(case, "decide", actor=actor, post=post, data={"kind": kind}, request=request)
        _close(case, Outcome.DECIDED, day)
        case.save()
        _record(
            E.CASE_DECIDE,
            actor=actor,
            post=post,
            record=case,
            changes={
                "kind": (None, kind),
                "decided_on": (None, day),
                "on_time": (None, case.on_time),
                "text": (None, _sha(case.decision_text)),
            },
            request=request,
        )
    return case


def _latest_review_act(case: ReconsiderationCase) -> date | None:
    days = [case.accepted_on, case.replied_on]
    days += [a.on for a in case.activities.all()]
    days += [h.scheduled_on for h in case.hearings.filter(held=True)]
    return max((d for d in days if d), default=None)


def case_serve(
    *, actor: Person, case: ReconsiderationCase, served_on: Any, request=None
) -> ReconsiderationCase:
    """送达: the decision takes effect (第七十五条第二款); publication is due (第七十九条)."""
    post = _office_post(actor, case)
    day = _past(served_on, "送达日期")
    with transaction.atomic():
        case = _lock(case)
        case.served_on = day
        case.save(update_fields=["served_on"])
        _step(case, "serve", actor=actor, post=post, request=request)
        _start(case, "reconsideration.publication", day, "决定书送达生效之日", actor)
        _record(
            E.CASE_SERVE,
            actor=actor,
            post=post,
            record=case,
            changes={"served_on": (None, day)},
            request=request,
        )
    return case


def case_mediate(
    *, actor: Person, case: ReconsiderationCase, agreement: str, signed_on: Any, request=None
) -> ReconsiderationCase:
    """调解书 signed by every party and sealed: it has legal effect (第七十三条)."""
    post = _office_post(actor, case)
    day = _past(signed_on, "调解书签收日期")
    agreement = _text(agreement, "调解协议内容", limit=20000)
    with transaction.atomic():
        case = _lock(case)
        _not_before(day, case.accepted_on, "签收日期", "受理日期")
        _step(
            case,
            "mediate",
            actor=actor,
            post=post,
            data={"agreement": _sha(agreement), "signed_on": day.isoformat()},
            request=request,
        )
        case.end_reason = agreement
        _close(case, Outcome.MEDIATED, day)
        case.save()
        _record(
            E.CASE_MEDIATE,
            actor=actor,
            post=post,
            record=case,
            changes={"signed_on": (None, day)},
            request=request,
        )
    return case


def case_terminate(
    *,
    actor: Person,
    case: ReconsiderationCase,
    ground: str,
    reason: str,
    on: Any = None,
    request=None,
) -> ReconsiderationCase:
    """终止 on a ground of 第四十一条; a lapse (第五项) only once a suspension on its first, second
    or fourth ground has lasted 60 days."""
    post = _office_post(actor, case)
    _choice(ground, TerminationGround, "终止情形")
    day = _past(on or timezone.localdate(), "终止日期")
    reason = _text(reason, "终止理由", limit=2000)
    with transaction.atomic():
        case = _lock(case)
        _not_before(day, case.accepted_on, "终止日期", "受理日期")
        if ground == TerminationGround.LAPSED:
            suspension = case.suspensions.filter(
                resumed_on__isnull=True, lapses_on__isnull=False
            ).last()
            if suspension is None or day <= suspension.lapses_on:
                raise ValidationError(
                    "只有依第三十九条第一款第一项、第二项、第四项中止满六十日、原因仍未消除的，才能"
                    "以此终止（复议法第四十一条第五项）。"
                )
        _step(
            case,
            "terminate",
            actor=actor,
            post=post,
            data={"ground": ground, "reason": _sha(reason)},
            request=request,
        )
        case.termination_ground, case.end_reason = ground, reason
        _close(case, Outcome.TERMINATED, day)
        case.save()
        _record(
            E.CASE_TERMINATE,
            actor=actor,
            post=post,
            record=case,
            changes={"ground": (None, ground), "on": (None, day)},
            request=request,
        )
    return case


# ---- after the decision -------------------------------------------------------------------------


def decision_publish(
    *,
    actor: Person,
    case: ReconsiderationCase,
    public_text: str = "",
    withhold_reason: str = "",
    on: Any = None,
    request=None,
) -> ReconsiderationCase:
    """Publish the decision with personal data removed (第七十九条第一款), or record why it is
    not published (the original act was not public)."""
    from .selectors import redacted_decision

    post = _office_post(actor, case)
    day = _past(on or timezone.localdate(), "公开日期")
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "effective")
        if case.published_on:
            raise ValidationError(f"决定书已于{law.fmt(case.published_on)}公开。")
        if withhold_reason.strip():
            case.not_published_reason = _text(withhold_reason, "不公开的理由", limit=2000)
        else:
            case.public_text = _text(
                public_text, "公开文本", required=False, limit=50000
            ) or redacted_decision(case)
            case.published_on = day
        case.save()
        deadline_stop(
            subject=case,
            rule_id="reconsideration.publication",
            on=day,
            outcome="已公开" if case.published_on else "不予公开",
        )
        _record(
            E.DECISION_PUBLISH,
            actor=actor,
            post=post,
            record=case,
            changes={
                "published_on": (None, case.published_on),
                "text": (None, _sha(case.public_text)),
            },
            request=request,
        )
    return case


def decision_copy(
    *, actor: Person, case: ReconsiderationCase, to: str, on: Any = None, request=None
) -> ReconsiderationCase:
    """抄告 the effective decision to the respondent department's superior (第七十九条第二款)."""
    post = _office_post(actor, case)
    day = _past(on or timezone.localdate(), "抄告日期")
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "effective")
        case.copied_to, case.copied_on = _text(to, "上一级主管部门", limit=200), day
        case.save()
        _record(
            E.DECISION_COPY,
            actor=actor,
            post=post,
            record=case,
            changes={"to": (None, case.copied_to), "on": (None, day)},
            request=request,
        )
    return case


def performance_record(
    *, actor: Person, case: ReconsiderationCase, performed_on: Any, note: str, request=None
) -> ReconsiderationCase:
    """The respondent performed the decision or mediation agreement (第七十七条第一款)."""
    post = _respondent_post(actor, case.respondent_unit) or _office_post(actor, case)
    day = _past(performed_on, "履行日期")
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "effective", "mediated")
        _not_before(day, case.ended_on, "履行日期", "结案日期")
        case.performed_on, case.performance_note = day, _text(note, "履行情况", limit=5000)
        case.save()
        _record(
            E.PERFORMANCE_RECORD,
            actor=actor,
            post=post,
            record=case,
            changes={"performed_on": (None, day)},
            request=request,
        )
    return case


def performance_urge(
    *, actor: Person, case: ReconsiderationCase, measure: str, on: Any = None, request=None
) -> ReconsiderationCase:
    """责令限期履行, with 约谈 or 通报批评 (第七十七条第二款)."""
    post = _office_post(actor, case)
    day = _past(on or timezone.localdate(), "责令履行日期")
    with transaction.atomic():
        case = _lock(case)
        _require_state(case, "effective", "mediated")
        if case.performed_on:
            raise ValidationError(f"被申请人已于{law.fmt(case.performed_on)}履行。")
        case.urged_on, case.urge_measure = day, _text(measure, "督促措施", limit=200)
        case.save()
        _record(
            E.PERFORMANCE_URGE,
            actor=actor,
            post=post,
            record=case,
            changes={"on": (None, day), "measure": (None, case.urge_measure)},
            request=request,
        )
    return case


# ---- letters ------------------------------------------------------------------------------------


def letter_issue(
    *,
    actor: Person,
    office: Unit,
    kind: str,
    number: str,
    recipient_name: str,
    issued_on: Any,
    received_on: Any,
    problems: str,
    requests: str,
    recipient_unit: Unit | None = None,
    case: ReconsiderationCase | None = None,
    request=None,
) -> Letter:
    """A 行政复议意见书 (第七十六条: the agency reports its correction within 60 days of receipt)
    or 建议书 (实施条例第五十七条第二款)."""
    post = _office_post(actor, office)
    _choice(kind, Letter.Kind, "类别")
    issued = _past(issued_on, "制发日期")
    received = _past(received_on, "送达日期")
    _not_before(received, issued, "送达日期", "制发日期")
    if case is not None and case.unit_id != office.pk:
        raise PermissionDenied("所涉案件不属于本机构。")
    if recipient_unit is not None:
        recipient_name = recipient_unit.name
    with transaction.atomic():
        number = _text(number, "文号", limit=60)
        if Letter.objects.filter(unit=office, number=number).exists():
            raise ValidationError(f"文号“{number}”已经使用。")
        letter = Letter.objects.create(
            unit=office,
            kind=kind,
            number=number,
            case=case,
            recipient_unit=recipient_unit,
            recipient_name=_text(recipient_name, "收文机关", limit=200),
            issued_on=issued,
            received_on=received,
            problems=_text(problems, "发现的问题", limit=20000),
            requests=_text(requests, "意见或者建议", limit=20000),
            issued_by=actor,
        )
        if kind == Letter.Kind.OPINION:
            letter.reply_due = deadline_start(
                subject=letter,
                rule_id="reconsideration.opinion_reply",
                trigger=received,
                trigger_basis="收文机关签收意见书之日",
                unit=office,
                owner=actor,
            ).due_date
            letter.save(update_fields=["reply_due"])
        _record(
            E.LETTER_ISSUE,
            actor=actor,
            post=post,
            record=letter,
            changes={
                "kind": (None, kind),
                "number": (None, number),
                "recipient": (None, letter.recipient_name),
            },
            request=request,
        )
    return letter


def letter_reply(
    *, actor: Person, letter: Letter, text: str, replied_on: Any = None, request=None
) -> Letter:
    """The recipient's report of how it corrected the act (第七十六条), by its own staff or
    entered by the office."""
    post = _respondent_post(actor, letter.recipient_unit) or _office_post(actor, letter.unit)
    day = _past(replied_on or timezone.localdate(), "报送日期")
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.replied_on:
            raise ValidationError(f"已于{law.fmt(letter.replied_on)}报送办理情况。")
        _not_before(day, letter.received_on, "报送日期", "送达日期")
        letter.replied_on, letter.reply_text = day, _text(text, "纠正或者办理情况", limit=20000)
        letter.save()
        deadline_stop(
            subject=letter, rule_id="reconsideration.opinion_reply", on=day, outcome="已报送"
        )
        _record(
            E.LETTER_REPLY,
            actor=actor,
            post=post,
            record=letter,
            changes={"replied_on": (None, day)},
            request=request,
        )
    return letter
