"""Demo litigation (行政应诉): three years of suits against the demo district's agencies —
first and second instances, a retrial — in every state of `litigation.case` (收到起诉状副本,
已答辩举证, 已开庭, 已裁判, 已上诉, 生效, 已调解, 执行中, 已结案, 撤诉), with the head appearing
or staff appearing with the reason (and proof where the head had to appear), a late answer, an
evidence extension, co-defendant cases after reconsideration, and judicial and procuratorial
suggestions replied on time, late, or still open — all through the services, each act on its
day (`decisions.run` advances the stories together in time order with the clock set).

Dates are relative to today; a story stops at the state its spec names, or at today.
Deterministic for a seed and a day. The load-test cases are in `litigation_bulk.py`.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from fazhi.core.models import Person, Post, Role, Unit, UnitKind
from fazhi.demo.decisions import Story, moment, run
from fazhi.litigation import law, services
from fazhi.litigation.models import LitigationCase, Suggestion

# The agencies sued, by the name of their unit under the district (DEPARTMENTS of generator.py;
# "" is the district government itself), with the court case-number letters of their cases.
AGENCIES = {
    "market": "区市场监督管理局",
    "urban": "区城市管理综合行政执法局",
    "planning": "区规划和自然资源分局",
    "housing": "区住房和城乡建设委员会",
    "ecology": "区生态环境局",
    "labour": "区人力资源和社会保障局",
    "government": "",
}

ACTS = {
    "market": ("penalty", "行政处罚决定（未取得食品经营许可从事食品经营活动）", "市监罚"),
    "urban": ("coercion", "限期拆除违法建设决定", "城管强拆"),
    "planning": ("licensing", "不予核发建设工程规划许可证决定", "规自许"),
    "housing": ("expropriation", "国有土地上房屋征收补偿决定", "住建征补"),
    "ecology": ("penalty", "行政处罚决定（超标排放大气污染物）", "环罚"),
    "labour": ("confirmation", "工伤认定决定", "人社工认"),
    "government": ("disclosure", "政府信息公开申请答复", "政府信公"),
}

PLAINTIFFS = (
    ("legal", "某某餐饮管理有限公司"),
    ("person", "张某"),
    ("legal", "某某建筑工程有限公司"),
    ("person", "李某某"),
    ("other", "某某村股份经济合作社"),
    ("person", "王某"),
    ("legal", "某某环保科技有限公司"),
)


@dataclass(frozen=True)
class Spec:
    """A suit against `agency`, its complaint served `days_ago` days before today; it stops in
    `stop` (of the first instance, or of the second where `second` names its stop)."""

    agency: str
    days_ago: int
    stop: str
    outcome: str = "reject_claim"
    kind: str = "judgment"
    reasons: tuple[str, ...] = ()
    head: bool = True
    appeal: str = ""  # agency | plaintiff
    second: str = ""  # the second instance's stop
    second_outcome: str = "appeal_dismissed"
    reconsidered: str = ""  # the reconsideration result (the district government decided)
    late_answer: bool = False
    extension: bool = False
    suggestion: str = ""  # on_time | late | open | overdue


SPECS: tuple[Spec, ...] = (
    # Three years ago: concluded.
    Spec("market", 1000, "closed", reasons=("food_drug",), suggestion="on_time"),
    Spec("urban", 960, "closed", outcome="revoke", appeal="agency", second="closed"),
    Spec("housing", 900, "closed", outcome="mediation", kind="mediation",
         reasons=("mass_incident",)),
    Spec("planning", 850, "withdrawn", outcome="withdrawal", kind="ruling"),
    Spec("ecology", 800, "closed", outcome="illegal", head=False, reasons=("ecology",),
         suggestion="late"),
    Spec("government", 760, "closed", reconsidered="upheld", outcome="dismiss_suit", kind="ruling"),
    # Two years ago.
    Spec("labour", 700, "closed", outcome="revoke", appeal="plaintiff", second="closed",
         second_outcome="amended"),
    Spec("market", 640, "closed", reconsidered="rejected", head=False),
    Spec("urban", 600, "executing", outcome="pay", suggestion="on_time"),
    Spec("housing", 560, "closed", outcome="compensate", reasons=("attention",)),
    Spec("ecology", 500, "withdrawn", outcome="deemed_withdrawal", kind="ruling"),
    Spec("planning", 450, "closed", late_answer=True, outcome="revoke", suggestion="on_time"),
    # Last year.
    Spec("market", 400, "closed", extension=True),
    Spec("urban", 330, "appealed", outcome="revoke", appeal="agency", second="effective",
         reasons=("public_interest",)),
    Spec("government", 300, "closed", reconsidered="partly", outcome="perform"),
    Spec("labour", 260, "mediated", outcome="mediation", kind="mediation"),
    Spec("housing", 240, "appealed", appeal="plaintiff", second="heard"),
    Spec("ecology", 200, "effective", outcome="modify", head=False, suggestion="overdue"),
    # This year: in progress.
    Spec("market", 120, "judged", outcome="revoke", reasons=("court_notice",)),
    Spec("planning", 95, "judged", outcome="dismiss_suit", kind="ruling"),
    Spec("urban", 70, "heard", head=False, reasons=("public_health",)),
    Spec("labour", 40, "heard"),
    Spec("housing", 25, "answered", reasons=("mass_incident",), suggestion="open"),
    Spec("ecology", 8, "served", extension=True),
    Spec("market", 3, "served"),
)  # fmt: skip

HEAD_KINDS = ("principal", "deputy", "in_charge")
ABSENCE = ("official_duty", "需出席区委常委会议，他人不能代替")


@dataclass
class Cast:
    agency: str
    unit: Unit
    handler: Person
    head: Person
    admin: Person


def _person(unit: Unit, *roles: str) -> Person | None:
    for role in roles:
        post = (
            Post.objects.active()
            .filter(unit=unit, role=role)
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if post is not None:
            return post.person
    return None


def _cast(district: Unit, agency: str) -> Cast | None:
    name = AGENCIES[agency]
    if name:
        unit = Unit.objects.filter(
            path__startswith=district.path, name=name, kind=UnitKind.DEPARTMENT
        ).first()
    else:
        unit = district
    if unit is None:
        return None
    head = _person(unit, Role.LEADER)
    handler = _person(unit, Role.HANDLER, Role.UNIT_ADMIN, Role.LEADER)
    admin = _person(unit, Role.UNIT_ADMIN, Role.LEADER)
    if head is None or handler is None or admin is None:
        return None
    return Cast(agency, unit, handler, head, admin)


class Numbers:
    def __init__(self, court: str) -> None:
        self.court = court
        self.used: dict[tuple[str, int], int] = {}

    def next(self, kind: str, year: int) -> str:
        key = (kind, year)
        self.used[key] = self.used.get(key, 0) + 1
        return f"（{year}）{self.court}{kind}{self.used[key]}号"


def _proof() -> io.BytesIO:
    stream = io.BytesIO(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    stream.name = "负责人不能出庭情况说明.pdf"
    return stream


def _hearing(cast: Cast, case: LitigationCase, spec: Spec, day: date, rng: random.Random):
    if spec.head:
        values = {
            "head_appeared": True,
            "head_name": cast.head.name,
            "head_title": "负责人",
            "head_kind": rng.choice(HEAD_KINDS),
            "head_proof": True,
            "head_own": True,
            "staff": f"{cast.handler.name}（承办人员）",
            "staff_authorized": True,
        }
    else:
        values = {
            "head_appeared": False,
            "staff": f"{cast.handler.name}（承办人员）",
            "staff_authorized": True,
            "lawyers": "某某律师事务所律师",
            "absence_ground": ABSENCE[0],
            "absence_reason": ABSENCE[1],
            "absence_proof": _proof() if case.head_required else None,
        }
    services.hearing_record(actor=cast.handler, case=case, held_on=day, **values)


def _reload(case: LitigationCase) -> LitigationCase:
    return LitigationCase.objects.get(pk=case.pk)


def _instance(
    cast: Cast,
    spec: Spec,
    numbers: Numbers,
    rng: random.Random,
    served: date,
    *,
    previous: LitigationCase | None = None,
    outcome: str,
    kind: str,
    stop: str,
    made: list,
) -> Iterator[datetime]:
    """One instance from registration to `stop`; yields the moment of each next act."""
    second = previous is not None
    party_kind, plaintiff = PLAINTIFFS[rng.randrange(len(PLAINTIFFS))]
    act_kind, act, word = ACTS[cast.agency]
    values = {
        "unit": cast.unit,
        "instance": "second" if second else "first",
        "court": "某市第一中级人民法院" if second else f"{cast.unit.name[:2]}人民法院",
        "number": numbers.next("行终" if second else "行初", served.year),
        "plaintiff_kind": previous.plaintiff_kind if second else party_kind,
        "plaintiff": previous.plaintiff if second else plaintiff,
        "act": act,
        "act_kind": act_kind,
        "act_number": f"{word}〔{served.year}〕{rng.randint(1, 300)}号",
        "served_on": served,
        "previous": previous,
        "head_required_reasons": spec.reasons,
        # the court's written notice came with the complaint copy (出庭规定第五条第一款)
        "head_notice_on": served if "court_notice" in spec.reasons else None,
    }
    if not second:
        values |= {"act_on": served - timedelta(days=90), "known_on": served - timedelta(days=85)}
        values["filed_on"] = served - timedelta(days=7)
        if spec.reconsidered:
            values |= {
                "reconsideration_body": "区人民政府",
                "reconsideration_result": spec.reconsidered,
                "reconsideration_served_on": served - timedelta(days=14),
            }
    case = services.case_register(actor=cast.handler, **values)
    made.append(case)
    if spec.extension and not second:
        yield moment(served + timedelta(days=5))
        extension = services.extension_request(
            actor=cast.handler,
            case=_reload(case),
            requested_on=served + timedelta(days=5),
            reason="部分执法记录仪视频存储设备故障，正在恢复数据",
            evidence="现场执法记录仪视频",
        )
        yield moment(served + timedelta(days=9))
        services.extension_decide(
            actor=cast.handler, extension=extension, granted=True, decided_on=served + timedelta(9)
        )
        yield moment(served + timedelta(days=12))
        extension = services.extension_resume(
            actor=cast.handler, extension=extension, obstacle_removed_on=served + timedelta(12)
        )
        yield moment(served + timedelta(days=20))
        services.extension_submit(
            actor=cast.handler, extension=extension, submitted_on=served + timedelta(days=20)
        )
    if stop == "served":
        return
    answered = served + timedelta(days=20 if spec.late_answer and not second else 10)
    yield moment(answered)
    services.case_answer(
        actor=cast.handler,
        case=_reload(case),
        answered_on=answered,
        normative_documents="《中华人民共和国行政处罚法》及相关规定" if not second else "",
    )
    if stop == "answered":
        return
    if kind == "ruling" and outcome in ("withdrawal", "deemed_withdrawal"):
        judged = served + timedelta(days=30)
    else:
        heard = served + timedelta(days=45)
        yield moment(heard)
        _hearing(cast, _reload(case), spec, heard, rng)
        if stop == "heard":
            return
        judged = served + timedelta(days=75)
    delivered = judged + timedelta(days=3)
    yield moment(delivered)
    case = services.judgment_record(
        actor=cast.handler,
        case=_reload(case),
        document_kind=kind,
        outcome=outcome,
        number=case.number,
        judged_on=judged,
        served_on=delivered,
        result=("win" if rng.random() < 0.6 else "loss") if outcome == "amended" else "",
    )
    yield from _after_judgment(cast, spec, numbers, rng, case, stop, made)


def _after_judgment(cast, spec, numbers, rng, case, stop, made) -> Iterator[datetime]:
    if case.state == "withdrawn" or stop == "judged":
        return
    if case.state == "judged":
        if spec.appeal:
            day = case.judgment_served_on + timedelta(days=7)
            yield moment(day)
            case = services.case_appeal(
                actor=cast.head if spec.appeal == "agency" else cast.handler,
                case=_reload(case),
                appellant=spec.appeal,
                appealed_on=day,
            )
            served = day + timedelta(days=30)
            yield moment(served)
            yield from _instance(
                cast,
                spec,
                numbers,
                rng,
                served,
                previous=_reload(case),
                outcome=spec.second_outcome,
                kind="judgment",
                stop=spec.second,
                made=made,
            )
            return
        effective = case.appeal_due + timedelta(days=1)
        yield moment(effective + timedelta(days=1))
        case = services.case_effective(
            actor=cast.handler, case=_reload(case), effective_on=effective
        )
    if stop in ("effective", "mediated"):
        return
    yield from _execute(cast, case, stop)


def _execute(cast: Cast, case: LitigationCase, stop: str) -> Iterator[datetime]:
    case = _reload(case)
    start = case.effective_on + timedelta(days=3)
    needs = case.result in (law.LOSS, law.MEDIATED) and law.OUTCOME_RULES[case.outcome].performance
    if needs:
        yield moment(start)
        execution = services.execution_add(
            actor=cast.handler,
            case=_reload(case),
            obligor="agency",
            content="依照生效裁判（调解书）履行：重新作出行政行为或支付相应款项",
            due_on=start + timedelta(days=60),
        )
        if stop == "executing":
            return
        yield moment(start + timedelta(days=30))
        services.execution_perform(
            actor=cast.handler,
            execution=execution,
            performed_on=start + timedelta(days=30),
            note="已履行完毕",
        )
        start += timedelta(days=31)
    yield moment(start)
    note = "" if needs else "本案裁判无需本机关履行义务"
    services.case_close(actor=cast.handler, case=_reload(case), closed_on=start, close_note=note)


def _suggestion(
    cast: Cast, spec: Spec, made: list, rng: random.Random, today: date, number: int
) -> Story:
    received = today - timedelta(days=spec.days_ago - 90)
    if spec.suggestion in ("open", "overdue"):
        received = today - timedelta(days=40 if spec.suggestion == "overdue" else 5)
    yield moment(received)
    case = next((c for c in made if c.unit_id == cast.unit.pk), None)
    kind = "procuratorial" if number % 3 == 0 else "judicial"
    suggestion = services.suggestion_register(
        actor=cast.admin,
        unit=cast.unit,
        kind=kind,
        issuer="区人民检察院" if kind == "procuratorial" else f"{cast.unit.name[:2]}人民法院",
        number=f"{'检行建' if kind == 'procuratorial' else '法建'}〔{received.year}〕{number}号",
        received_on=received,
        due_on=received + timedelta(days=30),
        content="建议进一步规范执法程序，加强行政机关负责人出庭应诉工作，并书面回复整改情况。",
        case=case if case is not None and case.served_on <= received else None,
    )
    if spec.suggestion in ("open", "overdue"):
        return
    replied = received + timedelta(days=20 if spec.suggestion == "on_time" else 45)
    yield moment(replied)
    services.suggestion_reply(
        actor=cast.admin,
        suggestion=suggestion,
        replied_on=replied,
        reply="已组织专题整改，修订执法程序规范，并将整改情况书面回复。",
        reply_number=f"函〔{replied.year}〕{number}号",
    )


def _story(cast, spec, numbers, rng, today, made) -> Story:
    served = today - timedelta(days=spec.days_ago)
    yield moment(served)
    yield from _instance(
        cast,
        spec,
        numbers,
        rng,
        served,
        outcome=spec.outcome,
        kind=spec.kind,
        stop=spec.stop,
        made=made,
    )


def build(roots: list[Unit], *, seed: int, today: date | None = None) -> dict:
    """Build the suits and suggestions of each district (district k of the demo is
    `roots[k - 1]`), all stories together in time order; return {district id: {"cases": n,
    "suggestions": m}}."""
    today = today or timezone.localdate()
    made: dict[int, list] = {}
    stories: list[Story] = []
    for district in roots:
        rng = random.Random(f"litigation:{seed}:{district.name}")
        cases = made.setdefault(district.pk, [])
        numbers = Numbers(district.short_name[:1] or "示")
        casts = {key: _cast(district, key) for key in AGENCIES}
        for index, spec in enumerate(SPECS, start=1):
            cast = casts.get(spec.agency)
            if cast is None:
                continue
            stories.append(_story(cast, spec, numbers, rng, today, cases))
            if spec.suggestion:
                stories.append(_suggestion(cast, spec, cases, rng, today, index))
    run(stories, until=moment(today, 23))
    return {
        pk: {
            "cases": len(cases),
            "suggestions": Suggestion.objects.filter(unit__path__startswith=district.path).count(),
        }
        for district in roots
        for pk in [district.pk]
        for cases in [made[pk]]
    }
