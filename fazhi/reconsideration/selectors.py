"""Every read of reconsideration, scoped to the person: the 行政复议机构's people see the cases
it handles; a respondent's people see the cases against their unit and the letters addressed
to it. A record outside a person's reach is 404. The public sees published decisions and, with
the receipt number and access code, one case's progress — never the applicant's data."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.http import Http404

from fazhi.core import policies
from fazhi.core.identity import mask_code, mask_name
from fazhi.core.models import Person, Unit

from .models import ApplicantKind, Letter, ReconsiderationCase


def _ids(person: Person) -> frozenset[int] | None:
    return policies.unit_ids_for(person, policies.Action.VIEW)


def cases_for(person: Person) -> QuerySet[ReconsiderationCase]:
    ids = _ids(person)
    cases = ReconsiderationCase.objects.select_related("unit", "respondent_unit")
    if ids is None:
        return cases
    # The respondent sees a case once it has been sent the copy (复议法第四十八条), not before.
    return cases.filter(
        Q(unit_id__in=ids) | Q(respondent_unit_id__in=ids, copy_sent_on__isnull=False)
    )


def case_for(person: Person, pk) -> ReconsiderationCase:
    try:
        return cases_for(person).get(pk=int(pk))
    except (ReconsiderationCase.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该案件。") from None


def letters_for(person: Person) -> QuerySet[Letter]:
    ids = _ids(person)
    letters = Letter.objects.select_related("unit", "recipient_unit", "case")
    if ids is None:
        return letters
    return letters.filter(Q(unit_id__in=ids) | Q(recipient_unit_id__in=ids))


def letter_for(person: Person, pk) -> Letter:
    try:
        return letters_for(person).get(pk=int(pk))
    except (Letter.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该文书。") from None


# ---- what the public may see --------------------------------------------------------------------

_CONTACTS = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # e-mail addresses
    # phones and ID numbers, not ISO dates such as 2026-03-20
    r"|(?<![\dA-Za-z])(?!\d{4}-\d{1,2}-\d{1,2}(?!\d))"
    r"(?:\+?86[\s-]?)?(?:\d[\s-]?){6,}[\dXx](?![\d])"
)


def public_applicant(case: ReconsiderationCase) -> str:
    """An organization by its name; a natural person masked (复议法第七十九条; 个人信息保护法)."""
    if case.applicant_kind == ApplicantKind.PERSON:
        return mask_name(case.applicant_name)
    return case.applicant_name


def redact(case: ReconsiderationCase, text: str) -> str:
    """A text as published: the names and numbers of natural persons among the parties and
    agents replaced, and any contact or identity number typed into it hidden."""
    text = _CONTACTS.sub("[已隐去]", text or "")
    people = []
    if case.applicant_kind == ApplicantKind.PERSON:
        people.append(case.applicant_name)
    people += [case.agent_name, case.applicant_representative]
    for name in sorted({n for n in people if n and len(n) >= 2}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    for value in (
        case.applicant_address,
        case.applicant_id_number,
        case.applicant_phone,
        case.agent_phone,
    ):
        if value and len(value) >= 4:
            text = text.replace(value, "[已隐去]")
    return text


def body_of(case: ReconsiderationCase) -> str:
    """The 行政复议机关: the government the office (司法局) serves (复议法第二十四条)."""
    parent = Unit.objects.get_parent(case.unit)
    return parent.name if parent is not None else case.unit.name


def redacted_decision(case: ReconsiderationCase) -> str:
    """The decision as the portal publishes it, personal data removed."""
    parts = [
        f"{body_of(case)}行政复议决定书",
        f"案号：{case.number}",
        f"申请人：{public_applicant(case)}",
        f"被申请人：{case.respondent_name}",
        f"申请人不服被申请人作出的{case.act}，申请行政复议。",
        f"行政复议请求：{case.request}",
        f"认定事实和理由：{case.decision_reasons}",
        f"决定如下：{case.decision_text}",
    ]
    return redact(case, "\n".join(p for p in parts if p))


# What redact() reads: loaded with the decision so that redacting costs no extra query.
_PERSONAL = (
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "applicant_representative",
    "agent_name",
    "agent_phone",
)


def public_decisions() -> QuerySet[ReconsiderationCase]:
    return (
        ReconsiderationCase.objects.filter(published_on__isnull=False)
        .select_related("unit")
        .only(
            "pk",
            "number",
            "respondent_name",
            "subject",
            "decision_kind",
            "decided_on",
            "published_on",
            "public_text",
            "unit__name",
            "unit__path",
            *_PERSONAL,
        )
        .order_by("-published_on", "-pk")
    )


def public_decision(pk) -> ReconsiderationCase:
    try:
        return public_decisions().get(pk=int(pk))
    except (ReconsiderationCase.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该决定书。") from None


def public_status(case: ReconsiderationCase) -> dict:
    """What the applicant sees of their case online: its progress, never personal data."""
    return {
        "receipt_number": case.receipt_number,
        "number": case.number,
        "state": case.state,
        "state_label": type(case).procedure().state_label(case.state),
        "respondent": case.respondent_name,
        "received_on": case.received_on,
        "review_due": case.review_due,
        "supplement_items": redact(case, case.supplement_items)
        if case.state == "supplementing"
        else "",
        "supplement_due": case.supplement_due,
        "accepted_on": case.accepted_on,
        "deemed_accepted": case.deemed_accepted,
        "simplified": case.simplified,
        "decision_due": case.decision_due,
        "refusal": case.get_refusal_reason_display() if case.refusal_reason else "",
        "refusal_text": redact(case, case.refusal_text),
        "competent_body": case.competent_body,
        "decision_kind": case.get_decision_kind_display() if case.decision_kind else "",
        "decided_on": case.decided_on,
        "served_on": case.served_on,
        "outcome": case.get_outcome_display() if case.outcome else "",
        "ended_on": case.ended_on,
    }


def masked_id(case: ReconsiderationCase) -> str:
    return mask_code(case.applicant_id_number)
