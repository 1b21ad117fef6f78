"""Demo reconsideration (行政复议): three years of applications to the demo district's 司法局 (the
行政复议机构) against its departments and a street office, in every state and outcome of
`reconsideration.case` — received, told to supplement, supplemented, accepted under the general
and the simplified procedure, deemed accepted, converted, suspended and resumed, extended, with
an incidental review of a normative document, heard, not accepted for each kind of reason,
abandoned, resolved before acceptance (案前化解) or withdrawn, decided (every type), served,
published or withheld, performed or urged, mediated, terminated — and opinion and suggestion
letters with and without the recipient's report. All through the services, each act on its day.

Each case is a story (as in `decisions.py`): a generator that takes its acts and yields the
moment of the next; `decisions.run` advances them together in time order with the clock set.
Dates are relative to today (never before 2024-01-02: 复议法 2023年修订 took effect on
2024-01-01). Staff are found as the enforcement demo finds them: the 司法局's 行政复议科
reviewer registers and handles, its 局长 decides, each respondent's first handler replies.
Deterministic for a seed and a day (but for receipt numbers and access codes, which the
service draws from `secrets`).

The load-test cases of bench/reconsideration_figures.py are in `reconsideration_bulk.py`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from fazhi.core.models import Person, Post, Role, Unit, UnitKind
from fazhi.demo.decisions import Story, moment, run
from fazhi.demo.enforcement import (
    GIVEN,
    SHOP_HEADS,
    SURNAMES,
    _first_post,
    _office,
    company_code,
    identity_number,
)
from fazhi.reconsideration import services
from fazhi.reconsideration.models import Letter, ReconsiderationCase

DIVISION = "行政复议科"
IN_FORCE = date(2024, 1, 2)  # the first day a demo application may be received

# Respondents: key → the department's name ("" for the first street office), act prefix.
RESPONDENTS: dict[str, tuple[str, str]] = {
    "market": ("区市场监督管理局", "市监"),
    "urban": ("区城市管理综合行政执法局", "城管"),
    "health": ("区卫生健康委员会", "卫健"),
    "planning": ("区规划和自然资源分局", "规自"),
    "labour": ("区人力资源和社会保障局", "人社"),
    "police": ("区公安分局", "公"),
    "housing": ("区住房和城乡建设委员会", "住建"),
    "street": ("", "街"),
}

# What the act is, by kind of act: a template over prefix, year and number.
ACTS = {
    "penalty": "示{p}罚〔{y}〕{n}号行政处罚决定",
    "compulsion": "示{p}强〔{y}〕{n}号查封、扣押决定",
    "license": "示{p}许〔{y}〕{n}号不予行政许可决定",
    "disclosure": "示{p}信〔{y}〕{n}号政府信息公开申请答复",
    "inaction": "对{y}年第{n}号举报事项未依法履行查处职责",
    "injury": "示{p}工伤认〔{y}〕{n}号不予认定工伤决定",
    "confirmation": "示{p}确〔{y}〕{n}号土地权属确认决定",
    "complaint": "示{p}诉〔{y}〕{n}号投诉处理告知书",
    "expropriation": "示{p}征补〔{y}〕{n}号房屋征收补偿决定",
    "agreement": "解除示{p}协〔{y}〕{n}号特许经营协议的决定",
    "other": "示{p}〔{y}〕{n}号责令限期拆除通知",
}


@dataclass(frozen=True)
class CaseSpec:
    """One demo application against `respondent`, received `days_ago` days before today,
    whose story stops at `stop` (a state of the procedure, or resolved / lapsed)."""

    respondent: str
    subject: str
    days_ago: int
    stop: str
    decision: str = ""  # a DecisionKind for stop decided / effective
    simplified: bool = False
    deemed: bool = False
    supplement: bool = False
    major: bool = False
    extend: bool = False
    suspend: bool = False
    convert: bool = False
    normdoc: bool = False
    late: bool = False  # decided after the decision period
    refusal: str = ""
    company: bool = False
    channel: str = "letter"  # online | letter | window | oral | forwarded
    publish: bool = True  # published (True) or withheld with a reason
    perform: str = ""  # done | urged


CASES: tuple[CaseSpec, ...] = (
    # 2024 (about 700–1,000 days ago)
    CaseSpec("market", "penalty", 990, "effective", "revoke", company=True, perform="done"),
    CaseSpec("urban", "compulsion", 960, "effective", "uphold", channel="window"),
    CaseSpec("health", "disclosure", 930, "effective", "perform", simplified=True,
             channel="online", perform="done"),
    CaseSpec("planning", "confirmation", 900, "not_accepted", refusal="out_of_scope"),
    CaseSpec("labour", "injury", 880, "effective", "reject_request", major=True),
    CaseSpec("police", "penalty", 850, "mediated", channel="forwarded"),
    CaseSpec("market", "complaint", 820, "resolved", channel="online"),
    CaseSpec("street", "other", 800, "effective", "unlawful", publish=False),
    CaseSpec("housing", "expropriation", 770, "terminated", company=True),
    CaseSpec("urban", "penalty", 740, "effective", "partial_revoke", late=True),
    CaseSpec("market", "license", 720, "abandoned", company=True, supplement=True),
    # 2025 (about 330–690 days ago)
    CaseSpec("market", "penalty", 680, "effective", "vary", deemed=True, perform="done"),
    CaseSpec("health", "penalty", 650, "effective", "uphold", simplified=True),
    CaseSpec("labour", "inaction", 620, "effective", "perform", perform="urged"),
    CaseSpec("planning", "license", 600, "not_accepted", refusal="out_of_time"),
    CaseSpec("police", "penalty", 580, "effective", "revoke", suspend=True),
    CaseSpec("urban", "penalty", 560, "withdrawn"),
    CaseSpec("housing", "agreement", 540, "effective", "void", company=True, major=True),
    CaseSpec("street", "complaint", 510, "mediated"),
    CaseSpec("market", "penalty", 480, "effective", "uphold", extend=True, company=True),
    CaseSpec("health", "disclosure", 450, "effective", "reject_application", channel="online"),
    CaseSpec("labour", "injury", 420, "lapsed"),
    CaseSpec("police", "compulsion", 400, "not_accepted", refusal="no_interest"),
    CaseSpec("urban", "penalty", 380, "effective", "revoke", normdoc=True),
    CaseSpec("market", "complaint", 350, "resolved", channel="oral"),
    # 2026 (this year and last weeks)
    CaseSpec("market", "penalty", 320, "effective", "uphold", supplement=True, company=True),
    CaseSpec("planning", "other", 290, "effective", "unlawful", convert=True, simplified=True),
    CaseSpec("health", "penalty", 260, "not_accepted", refusal="not_competent"),
    CaseSpec("urban", "compulsion", 230, "terminated"),
    CaseSpec("labour", "inaction", 200, "effective", "perform", late=True, perform="urged"),
    CaseSpec("police", "penalty", 170, "mediated", channel="window"),
    CaseSpec("housing", "expropriation", 150, "effective", "reject_request", company=True),
    CaseSpec("market", "license", 120, "resolved", company=True),
    CaseSpec("street", "other", 95, "suspended", suspend=True),
    CaseSpec("health", "penalty", 70, "effective", "partial_revoke", deemed=True),
    CaseSpec("urban", "penalty", 50, "decided", "revoke"),
    CaseSpec("market", "penalty", 40, "accepted", major=True, company=True),
    CaseSpec("police", "penalty", 25, "accepted", simplified=True),
    CaseSpec("planning", "license", 35, "abandoned", supplement=True),
    CaseSpec("labour", "injury", 8, "supplementing", supplement=True, channel="online"),
    CaseSpec("market", "complaint", 3, "withdrawn", channel="online"),
    CaseSpec("urban", "penalty", 1, "received", channel="online"),
)  # fmt: skip

REFUSALS = {
    "out_of_scope": "申请人不服的是行政机关对其工作人员作出的处分，属于内部管理行为。",
    "out_of_time": "申请人自知道该行政行为之日起超过六十日提出申请，且无正当理由。",
    "no_interest": "申请人与被申请行政复议的行政行为没有利害关系。",
    "not_competent": "被申请人为市级部门派出机构，本机关无管辖权。",
}
DECISION_TEXT = {
    "vary": "变更被申请人作出的{act}，罚款数额变更为人民币二千元。",
    "revoke": "撤销被申请人作出的{act}。",
    "partial_revoke": "撤销被申请人作出的{act}中没收违法所得部分，维持其余部分。",
    "unlawful": "确认被申请人作出的{act}违法。",
    "void": "确认被申请人作出的{act}无效。",
    "perform": "责令被申请人自收到本决定之日起三十日内依法履行法定职责。",
    "uphold": "维持被申请人作出的{act}。",
    "reject_request": "驳回申请人的行政复议请求。",
    "reject_application": "驳回申请人的行政复议申请。",
}


# ---- who acts -----------------------------------------------------------------------------------


@dataclass
class Cast:
    district: Unit
    office: Unit  # 区司法局, the 行政复议机构
    clerk: Person  # 行政复议科: registers and handles
    head: Person  # 局长: decides, approves conversions and extensions
    respondents: dict[str, tuple[Unit, Person, str]]  # key → (unit, its handler, act prefix)
    numbers: dict[tuple[str, int], int] = field(default_factory=dict)

    def number(self, kind: str, year: int) -> str:
        key = (kind, year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return f"{self.district.short_name or '示例区'}政复{kind}〔{year}〕{self.numbers[key]}号"

    @property
    def government(self) -> str:
        return self.district.name


def _clerk(office: Unit) -> Person | None:
    division = Unit.objects.filter(path__startswith=office.path, name=DIVISION).first()
    post = _first_post(division, Role.LEGAL_REVIEWER) if division is not None else None
    post = post or _first_post(office, Role.LEGAL_REVIEWER, below=True)
    post = post or _first_post(office, Role.HANDLER)
    return post.person if post else None


def _respondents(district: Unit) -> dict[str, tuple[Unit, Person, str]]:
    units = Unit.objects.filter(path__startswith=district.path)
    out = {}
    for key, (name, prefix) in RESPONDENTS.items():
        if name:
            unit = units.filter(name=name, kind=UnitKind.DEPARTMENT).first()
        else:
            unit = units.filter(kind=UnitKind.STREET).order_by("path").first()
        post = _first_post(unit, Role.HANDLER) if unit is not None else None
        if post is not None:
            out[key] = (unit, post.person, prefix)
    return out


def _cast(district: Unit) -> Cast | None:
    office = _office(district)
    if office is None:
        return None
    clerk = _clerk(office)
    head = (
        Post.objects.active()
        .filter(unit=office, role=Role.LEADER)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    respondents = _respondents(district)
    if clerk is None or head is None or not respondents:
        return None
    return Cast(district, office, clerk, head.person, respondents)


# ---- the applicant and the act ------------------------------------------------------------------


def _applicant(rng: random.Random, company: bool, place: str) -> dict:
    if company:
        return {
            "applicant_kind": "legal",
            "applicant_name": f"北京{rng.choice(SHOP_HEADS)}{rng.choice(SHOP_HEADS)}商贸有限公司",
            "applicant_id_number": company_code(rng),
            "applicant_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "applicant_address": f"北京市{place}{rng.choice(SHOP_HEADS)}园路{rng.randint(1, 99)}号",
            "agent_kind": "lawyer",
            "agent_name": rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=2)),
            "agent_phone": f"138{rng.randrange(10**8):08d}",
        }
    return {
        "applicant_kind": "person",
        "applicant_name": rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
        "applicant_id_number": identity_number(rng),
        "applicant_address": f"北京市{place}{rng.choice(SHOP_HEADS)}{rng.randint(1, 30)}号院",
        "applicant_phone": f"139{rng.randrange(10**8):08d}",
    }


def _application(cast: Cast, spec: CaseSpec, rng: random.Random, received: date, n: int) -> dict:
    unit, _handler, prefix = cast.respondents[spec.respondent]
    known = received - timedelta(days=rng.randint(5, 40))
    if spec.refusal == "out_of_time":
        known = received - timedelta(days=rng.randint(120, 200))
    act = ACTS[spec.subject].format(p=prefix, y=known.year, n=n)
    values = {
        **_applicant(rng, spec.company, cast.district.short_name or "示例区"),
        "respondent_unit": unit,
        "respondent_name": "",
        "act": act,
        "act_number": act.split("号")[0] + "号" if "〔" in act else "",
        "act_made_on": known - timedelta(days=rng.randint(0, 3)),
        "act_known_on": known,
        "subject": spec.subject,
        "request_text": f"请求撤销{act}。" if spec.subject != "inaction" else "请求责令依法履职。",
        "reasons": "被申请人认定事实不清，适用依据错误，程序违法，请求依法审查。",
    }
    if spec.simplified and spec.subject not in ("disclosure",):
        values["amount"] = Decimal(rng.choice(("500", "1000", "2000", "3000")))
    if spec.channel == "forwarded":
        values["forwarded_by"] = unit.name
        values["forwarder_received_on"] = received - timedelta(days=2)
    return values


# ---- one case -----------------------------------------------------------------------------------


def at(day: date, hour: int = 10) -> datetime:
    return moment(day, hour)


def _fresh(case: ReconsiderationCase) -> ReconsiderationCase:
    return ReconsiderationCase.objects.get(pk=case.pk)


def _register(cast: Cast, spec: CaseSpec, values: dict, received: date, n: int):
    if spec.channel == "online":
        case, _code = services.application_submit(
            office=cast.office, client=f"demo-{cast.district.pk}-{n}", **values
        )
        return case
    case, _code = services.application_register(
        actor=cast.clerk,
        office=cast.office,
        channel=spec.channel,
        received_on=received,
        **values,
    )
    return case


def _case(cast: Cast, spec: CaseSpec, rng: random.Random, today: date, n: int, made: list) -> Story:
    received = max(today - timedelta(days=spec.days_ago), IN_FORCE)
    values = _application(cast, spec, rng, received, n)
    yield at(received, 9)
    case = _register(cast, spec, values, received, n)
    made.append(case)
    if spec.stop == "received":
        return
    clerk = cast.clerk
    if spec.supplement:
        yield at(received + timedelta(days=1))
        services.supplement_request(
            actor=clerk, case=case, items="申请人身份证明复印件；被申请行政复议的行政行为的文书"
        )
        served = received + timedelta(days=4)  # by post: the applicant signs for it later
        yield at(served)
        case = services.supplement_served(actor=clerk, case=_fresh(case), served_on=served)
        if spec.stop == "supplementing":
            return
        if spec.stop == "abandoned":
            yield at(case.supplement_due + timedelta(days=1))
            services.case_abandon(actor=clerk, case=_fresh(case))
            return
        yield at(received + timedelta(days=8))
        case = services.supplement_receive(actor=clerk, case=_fresh(case))
    yield from _acceptance(cast, spec, case, received)


def _acceptance(cast: Cast, spec: CaseSpec, case, received: date) -> Story:
    clerk = cast.clerk
    if spec.stop == "not_accepted":
        yield at(received + timedelta(days=2))
        services.case_refuse(
            actor=clerk,
            case=_fresh(case),
            reason=spec.refusal,
            text=REFUSALS[spec.refusal],
            competent_body="北京市人民政府" if spec.refusal == "not_competent" else "",
        )
        return
    if spec.stop in ("resolved", "withdrawn"):
        yield at(received + timedelta(days=2))
        resolved = spec.stop == "resolved"
        reason = "经行政复议机构沟通协调，被申请人已纠正，申请人书面撤回申请。"
        services.application_withdraw(
            actor=clerk,
            case=_fresh(case),
            reason=reason if resolved else "申请人书面撤回申请。",
            resolved=resolved,
        )
        return
    case = _fresh(case)
    if spec.deemed:
        yield at(case.review_due + timedelta(days=1), 1)
        services.deemed_acceptances()  # the daily job (tasks.deemed_acceptances)
    else:
        yield at((case.supplement_received_on or received) + timedelta(days=2))
        services.case_accept(
            actor=clerk,
            case=case,
            number=cast.number("", received.year),
            simplified=spec.simplified,
            major=spec.major,
        )
    yield from _review(cast, spec, _fresh(case))


def _review(cast: Cast, spec: CaseSpec, case) -> Story:
    clerk, handler = cast.clerk, cast.respondents[spec.respondent][1]
    accepted = case.accepted_on
    yield at(accepted + timedelta(days=2))
    services.copy_send(
        actor=clerk,
        case=case,
        sent_on=accepted + timedelta(days=1),
        received_on=accepted + timedelta(days=2),
    )
    yield at(accepted + timedelta(days=5))
    services.reply_submit(
        actor=handler,
        case=_fresh(case),
        text="被申请人作出的行政行为认定事实清楚，证据确凿，适用依据正确，程序合法，请求予以维持。",
    )
    if spec.convert:
        yield at(accepted + timedelta(days=6))
        services.case_convert(
            actor=cast.head, case=_fresh(case), reason="案情较复杂，当事人对事实争议较大。"
        )
    if not spec.simplified or spec.convert:
        yield at(accepted + timedelta(days=8))
        services.activity_record(
            actor=clerk,
            case=_fresh(case),
            kind="views",
            on=accepted + timedelta(days=8),
            how="phone",
            participants="申请人、被申请人",
            summary="通过电话听取申请人和被申请人的意见，双方均坚持原有主张。",
        )
    if spec.stop == "accepted" and not spec.major:
        return
    yield from _course(cast, spec, case)


def _course(cast: Cast, spec: CaseSpec, case) -> Story:
    """What happens between the views and the end: mediation, termination, suspensions,
    hearings, extensions; then the decision."""
    clerk = cast.clerk
    accepted = case.accepted_on
    if spec.stop == "mediated":
        yield at(accepted + timedelta(days=15))
        services.activity_record(
            actor=clerk,
            case=_fresh(case),
            kind="mediation",
            on=accepted + timedelta(days=15),
            how="in_person",
            participants="申请人、被申请人",
            summary="组织双方调解，被申请人同意调整处理结果，申请人表示接受。",
        )
        yield at(accepted + timedelta(days=20))
        services.case_mediate(
            actor=clerk,
            case=_fresh(case),
            agreement="被申请人重新核定处理结果，申请人不再坚持复议请求。",
            signed_on=accepted + timedelta(days=20),
        )
        return
    if spec.stop == "terminated":
        yield at(accepted + timedelta(days=14))
        services.case_terminate(
            actor=clerk,
            case=_fresh(case),
            ground="withdrawn",
            reason="申请人自愿撤回行政复议申请，经审查准予撤回。",
        )
        return
    if spec.stop == "lapsed":
        yield from _lapse(cast, case)
        return
    pause = 0
    if spec.suspend or spec.normdoc:
        pause = yield from (
            _normdoc(cast, spec, case) if spec.normdoc else _suspension(cast, spec, case)
        )
        if spec.stop == "suspended":
            return
    if spec.major:
        yield from _hearing(cast, spec, case)
        if spec.stop == "accepted":
            return
    days = 15 if spec.simplified and not spec.convert else 30
    days = 48 if spec.major else days
    if spec.extend:
        yield at(accepted + timedelta(days=50))
        services.case_extend(
            actor=cast.head,
            case=_fresh(case),
            days=30,
            reason="案件涉及专业技术鉴定，情况复杂，不能在规定期限内作出决定。",
        )
        days = 75
    days = 72 if spec.late else days
    yield from _decision(cast, spec, case, accepted + timedelta(days=days + pause))


def _suspension(cast: Cast, spec: CaseSpec, case) -> Story:
    accepted = case.accepted_on
    yield at(accepted + timedelta(days=10))
    services.case_suspend(
        actor=cast.clerk,
        case=_fresh(case),
        ground="other_case",
        reason="本案需以相关民事诉讼的审理结果为依据，该案尚未审结。",
    )
    if spec.stop == "suspended":
        return 0
    yield at(accepted + timedelta(days=35))
    services.case_resume(actor=cast.clerk, case=_fresh(case), reason="相关民事诉讼已审结。")
    return 25


def _normdoc(cast: Cast, spec: CaseSpec, case) -> Story:
    accepted, clerk = case.accepted_on, cast.clerk
    yield at(accepted + timedelta(days=10))
    review = services.normdoc_review_start(
        actor=clerk,
        case=_fresh(case),
        document_title=f"{cast.district.short_name or '示例区'}户外广告设施设置管理办法",
        enacting_body=cast.respondents[spec.respondent][0].name,
        competent=True,
    )
    services.normdoc_enactor_notify(actor=clerk, review=review, notified_on=review.started_on)
    yield at(accepted + timedelta(days=15))
    services.normdoc_enactor_reply(
        actor=clerk, review=review, replied_on=accepted + timedelta(days=15)
    )
    yield at(accepted + timedelta(days=25))
    services.normdoc_conclude(
        actor=clerk, review=review, conclusion="该规范性文件第八条与上位法不一致，不作为认定依据。"
    )
    services.case_resume(actor=clerk, case=_fresh(case), reason="规范性文件附带审查已处理完毕。")
    return 15


def _lapse(cast: Cast, case) -> Story:
    accepted = case.accepted_on
    yield at(accepted + timedelta(days=10))
    suspension = services.case_suspend(
        actor=cast.clerk,
        case=_fresh(case),
        ground="death",
        reason="申请人死亡，其近亲属尚未确定是否参加行政复议。",
    )
    yield at(suspension.lapses_on + timedelta(days=1))
    services.case_terminate(
        actor=cast.clerk,
        case=_fresh(case),
        ground="lapsed",
        reason="中止满六十日，申请人近亲属仍未确定是否参加行政复议。",
    )


def _hearing(cast: Cast, spec: CaseSpec, case) -> Story:
    accepted, clerk = case.accepted_on, cast.clerk
    yield at(accepted + timedelta(days=9))
    hearing = services.hearing_schedule(
        actor=clerk,
        case=_fresh(case),
        scheduled_on=accepted + timedelta(days=30),
        place=f"{cast.office.name}行政复议听证室",
        issues="被申请人认定事实的证据是否充分。",
        notified_on=accepted + timedelta(days=9),
    )
    yield at(accepted + timedelta(days=30))
    services.hearing_hold(
        actor=clerk,
        hearing=hearing,
        attendee=f"{cast.respondents[spec.respondent][0].name}副局长",
        head_attended=True,
        record="双方围绕证据进行质证和辩论。",
    )
    yield at(accepted + timedelta(days=34))
    services.activity_record(
        actor=clerk,
        case=_fresh(case),
        kind="committee",
        on=accepted + timedelta(days=34),
        how="in_person",
        participants="区行政复议委员会委员",
        summary="委员会经讨论提出咨询意见，多数委员认为被申请人证据不足。",
    )


UPHELD = ("uphold", "reject_request", "reject_application")


def _decision(cast: Cast, spec: CaseSpec, case, day: date) -> Story:
    yield at(day)
    case = _fresh(case)
    collective = spec.major or spec.decision in ("void", "unlawful")
    found = (
        "认定事实清楚，证据确凿，程序合法" if spec.decision in UPHELD else "认定事实不清、证据不足"
    )
    services.case_decide(
        actor=cast.head,
        case=case,
        kind=spec.decision,
        text=DECISION_TEXT[spec.decision].format(act=case.act),
        reasons=f"经审理查明，被申请人{found}。",
        approval="collective" if collective else "head",
        approver=f"{cast.government}{'行政复议案件审理会议' if collective else '分管副区长'}",
        perform_within_days=30 if spec.decision == "perform" else None,
    )
    if spec.stop == "decided":
        return
    yield at(day + timedelta(days=3))
    services.case_serve(actor=cast.clerk, case=_fresh(case), served_on=day + timedelta(days=3))
    yield at(day + timedelta(days=10))
    withhold = "" if spec.publish else "原行政行为依法未公开，决定书不予公开。"
    services.decision_publish(actor=cast.clerk, case=_fresh(case), withhold_reason=withhold)
    if spec.perform == "done":
        yield at(day + timedelta(days=25))
        services.performance_record(
            actor=cast.respondents[spec.respondent][1],
            case=_fresh(case),
            performed_on=day + timedelta(days=25),
            note="已按照行政复议决定重新作出处理并送达申请人。",
        )
    elif spec.perform == "urged":
        yield at(day + timedelta(days=45))
        services.performance_urge(
            actor=cast.clerk, case=_fresh(case), measure="约谈被申请人负责人，责令限期履行"
        )


# ---- letters ------------------------------------------------------------------------------------

# (respondent key, kind, days ago issued, replied after days or None)
LETTERS = (
    ("urban", "opinion", 700, 40),
    ("market", "suggestion", 500, 30),
    ("labour", "opinion", 300, None),  # no report: past its 60 days
    ("police", "opinion", 150, 50),
    ("health", "suggestion", 60, None),
    ("housing", "opinion", 20, None),  # still within its 60 days
)


def _letter(cast: Cast, key: str, kind: str, issued: date, replied: int | None, made: list):
    unit, handler, _prefix = cast.respondents[key]
    yield at(issued + timedelta(days=1))
    letter = services.letter_issue(
        actor=cast.clerk,
        office=cast.office,
        kind=kind,
        number=cast.number("意" if kind == Letter.Kind.OPINION else "建", issued.year),
        recipient_unit=unit,
        recipient_name="",
        issued_on=issued,
        received_on=issued + timedelta(days=1),
        problems="在审理行政复议案件中发现，执法过程中存在告知程序不规范、证据收集不全面的问题。",
        requests="建议规范行政执法程序，完善证据收集和告知工作，并加强执法人员培训。",
    )
    made.append(letter)
    if replied is None:
        return
    yield at(issued + timedelta(days=replied))
    services.letter_reply(
        actor=handler, letter=letter, text="已组织专项整改，修订执法程序指引并开展培训。"
    )


# ---- the district -------------------------------------------------------------------------------


@dataclass
class Outcome:
    cases: list[ReconsiderationCase] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)


def build(roots: list[Unit], *, seed: int, today: date | None = None) -> dict[int, Outcome]:
    """Build the reconsideration cases and letters of each district's 司法局, all stories
    together in time order; return what was made, by district id."""
    today = today or timezone.localdate()
    outcomes: dict[int, Outcome] = {}
    stories: list[Story] = []
    for district in roots:
        outcome = outcomes[district.pk] = Outcome()
        cast = _cast(district)
        if cast is None:
            continue
        rng = random.Random(f"reconsideration:{seed}:{district.name}")
        for n, spec in enumerate(CASES, start=1):
            if spec.respondent in cast.respondents:
                stories.append(_case(cast, spec, rng, today, n, outcome.cases))
        for key, kind, days_ago, replied in LETTERS:
            if key in cast.respondents:
                issued = max(today - timedelta(days=days_ago), IN_FORCE)
                stories.append(_letter(cast, key, kind, issued, replied, outcome.letters))
    run(stories, until=moment(today, 0))
    return outcomes
