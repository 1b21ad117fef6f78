"""Demo major decisions: three years of catalogs and decisions in every state of
`major_decisions.decision`, all through the services, each act on its own day.

Each catalog and each decision is a story: a generator that takes its steps and yields the
moment of the next one. `run` advances all stories together in time order with the clock set
to each moment (`clock`), so the services' dates, the step records, the deadlines and the
ledger entries are those of the day the act happened, and the ledger's times only go forward.
A story stops at its last act before today: what would come later has not happened yet.

Dates are relative to today (the decisions) or to the calendar (the catalogs, published each
January). Deterministic for a seed and a day.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.core.models import Person, Post, Role, Unit, UnitKind
from fazhi.deadlines.compute import compute
from fazhi.deadlines.selectors import current_calendar
from fazhi.major_decisions import services
from fazhi.major_decisions.models import Catalog, CatalogItem, Category, Decision
from fazhi.major_decisions.selectors import eligible_experts

SHANGHAI = ZoneInfo("Asia/Shanghai")

# ---- the clock --------------------------------------------------------------------------------


def moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


class _Instances(type):
    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, datetime)


@contextmanager
def clock(at: datetime) -> Iterator[None]:
    """Stop the platform's clock at `at` while the block runs: `django.utils.timezone.now`
    (which `localdate` and every `default=timezone.now` call) reads it. Only for building the
    demo; nothing else may move the clock."""

    class Stopped(datetime, metaclass=_Instances):
        @classmethod
        def now(cls, tz=None):
            return at.astimezone(tz) if tz else at.replace(tzinfo=None)

    with mock.patch("django.utils.timezone.datetime", Stopped):
        yield


Story = Iterator[datetime]


def run(stories: list[Story], until: datetime) -> None:
    """Advance the stories in time order; each runs its acts with the clock at the moment it
    yielded last. A story whose next moment is not before `until` stops there."""
    queue: list[tuple[datetime, int, Story]] = []

    def advance(index: int, story: Story, at: datetime | None) -> None:
        try:
            if at is None:
                nxt = next(story)
            else:
                with clock(at):
                    nxt = next(story)
        except StopIteration:
            return
        if nxt < until:
            heapq.heappush(queue, (nxt, index, story))

    for index, story in enumerate(stories):
        advance(index, story, None)
    while queue:
        at, index, story = heapq.heappop(queue)
        advance(index, story, at)


# ---- who acts ---------------------------------------------------------------------------------


@dataclass
class Cast:
    district: Unit
    body: Unit  # the district government: decision body and catalog owner
    leader: Person  # 区长 (qz_lingdao in district 1)
    deputies: list[str]  # names of the other members of the executive meeting
    legal_office: Unit
    reviewer: Person
    reviewer_unit: Unit
    units: dict[str, Unit]
    handlers: dict[int, Person] = field(default_factory=dict)  # unit id → first handler

    def handler(self, unit: Unit) -> Person:
        if unit.pk not in self.handlers:
            post = (
                Post.objects.active()
                .filter(unit=unit, role=Role.HANDLER)
                .select_related("person")
                .order_by("pk")
                .first()
            )
            if post is None:
                raise LookupError(f"{unit.name}没有承办人员。")
            self.handlers[unit.pk] = post.person
        return self.handlers[unit.pk]


def _cast(district: Unit) -> Cast | None:
    units = {u.name: u for u in Unit.objects.get_tree(district)}
    legal_office = next((u for u in units.values() if u.kind == UnitKind.LEGAL_OFFICE), None)
    leaders = list(
        Post.objects.active()
        .filter(unit=district, role=Role.LEADER)
        .select_related("person")
        .order_by("pk")
    )
    if legal_office is None or not leaders:
        return None
    reviewers = list(
        Post.objects.active()
        .filter(role=Role.LEGAL_REVIEWER, unit__path__startswith=legal_office.path)
        .select_related("person", "unit")
        .order_by("unit__path", "pk")
    )
    if not reviewers:
        return None
    review_post = next((p for p in reviewers if p.unit.name == "法制审核科"), reviewers[0])
    return Cast(
        district=district,
        body=district,
        leader=leaders[0].person,
        deputies=[p.person.name for p in leaders[1:]] or ["副区长甲", "副区长乙"],
        legal_office=legal_office,
        reviewer=review_post.person,
        reviewer_unit=review_post.unit,
        units=units,
    )


# ---- what is decided --------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One demo decision: it starts `days_ago` days before today and stops in `state`."""

    key: str
    title: str
    category: str
    lead: str  # lead unit (department name)
    executors: tuple[str, ...]
    state: str
    days_ago: int
    from_catalog: bool = True
    hearing: bool = False
    experts: bool = False
    risk: bool = True
    opinion: str = "lawful"
    npc: bool = False
    attachments: bool = False


SPECS: tuple[Spec, ...] = (
    Spec(
        "completed",
        "老旧小区综合整治三年行动计划",
        Category.PLAN,
        "区住房和城乡建设委员会",
        ("区住房和城乡建设委员会", "区城市管理委员会"),
        "completed",
        700,
        hearing=True,
        experts=True,
        attachments=True,
    ),
    Spec(
        "stopped",
        "共享单车停放区域收费管理措施",
        Category.POLICY,
        "区交通委员会",
        ("区交通委员会",),
        "stopped",
        620,
    ),
    Spec(
        "suspended",
        "滨河公园改造提升工程实施方案",
        Category.PROJECT,
        "区园林绿化局",
        ("区园林绿化局", "区水务局"),
        "suspended",
        420,
        experts=True,
    ),
    Spec(
        "executing",
        "公共停车设施建设和错时共享实施方案",
        Category.POLICY,
        "区交通委员会",
        ("区交通委员会", "区住房和城乡建设委员会", "区城市管理委员会"),
        "executing",
        220,
        hearing=True,
        experts=True,
    ),
    Spec(
        "rejected",
        "区属菜市场经营权统一招标办法",
        Category.POLICY,
        "区商务局",
        (),
        "rejected",
        300,
        from_catalog=False,
    ),
    Spec(
        "withdrawn",
        "校外培训机构集中办学园区建设方案",
        Category.PROJECT,
        "区教育委员会",
        (),
        "withdrawn",
        250,
    ),
    Spec(
        "reported",
        "区级生态环境保护规划（2026—2030年）",
        Category.RESOURCES,
        "区生态环境局",
        ("区生态环境局",),
        "reported",
        86,
        npc=True,
        experts=True,
    ),
    Spec(
        "decided",
        "食品小作坊集中加工区建设实施方案",
        Category.POLICY,
        "区市场监督管理局",
        ("区市场监督管理局",),
        "decided",
        78,
        opinion="amend",
    ),
    Spec(
        "reviewed",
        "养老服务驿站运营补贴办法",
        Category.POLICY,
        "区民政局",
        (),
        "reviewed",
        70,
        opinion="amend",
    ),
    Spec(
        "reviewing",
        "网络餐饮服务食品安全社会共治措施",
        Category.POLICY,
        "区市场监督管理局",
        (),
        "reviewing",
        47,
    ),
    Spec(
        "drafting",
        "背街小巷环境精细化整治提升方案",
        Category.POLICY,
        "区城市管理委员会",
        (),
        "drafting",
        12,
        from_catalog=False,
    ),
)

# Items proposed for each year's catalog besides the decisions' own: (title, unit, included).
EXTRA_ITEMS = (
    ("全民健身场地设施补短板工作方案", "区体育局", True),
    ("区域医疗中心建设规划", "区卫生健康委员会", True),
    ("农村集体经营性建设用地入市管理办法", "区农业农村局", True),
    ("政务服务事项“一网通办”实施细则", "区政务服务和数据管理局", False),
)

EXPERTS = (
    ("孙立群", "行政法学、立法学", "某大学法学院", "教授"),
    ("周文博", "城市规划、交通工程", "某规划设计研究院", "正高级工程师"),
    ("吴静怡", "环境科学、生态保护", "某环境科学研究院", "研究员"),
    ("郑海峰", "经济学、财政学", "某财经大学", "教授"),
    ("钱思远", "公共管理、社会学", "某行政学院", "副教授"),
    ("冯晓明", "交通工程、城市规划", "某交通大学", "教授"),
    ("陈雅琳", "社会学、社会稳定风险评估", "某社会科学院", "研究员"),
    ("褚建华", "建筑工程、工程造价", "某建设工程咨询公司", "高级工程师"),
    ("卫明轩", "食品安全、公共卫生", "某疾病预防控制中心", "主任医师"),
    ("蒋一鸣", "教育管理、教育法学", "某师范大学", "教授"),
    ("沈佳慧", "行政法学、政府法制", "某律师事务所", "律师"),
    ("韩志刚", "水利工程、园林景观", "某水利水电勘测设计院", "正高级工程师"),
)
# The expert with a declared conflict: works for a consultancy the lead unit hired.
CONFLICTED = "冯晓明"

COMMENTS = (
    ("建议明确资金来源和使用的公开方式。", "adopted", ""),
    ("建议增加对老年人、残疾人的便利措施。", "partly", "已在实施细则中增加无障碍设施要求。"),
    ("建议取消全部收费。", "not_adopted", "与上位法规定的有偿使用原则不符。"),
    ("赞成草案，希望尽快实施。", "adopted", ""),
)


@dataclass
class Outcome:
    decisions: dict[str, Decision] = field(default_factory=dict)
    catalogs: list[Catalog] = field(default_factory=list)


def build(districts: list[Unit], *, seed: int, today: date | None = None) -> dict[int, Outcome]:
    """Build the catalogs and decisions of each district (its government as the decision
    body), all stories run together in time order; return what was made, by district id."""
    today = today or timezone.localdate()
    outcomes: dict[int, Outcome] = {}
    stories: list[Story] = []
    for district in districts:
        cast = _cast(district)
        outcome = outcomes[district.pk] = Outcome()
        if cast is not None:
            rng = random.Random(f"decisions:{seed}:{district.name}")
            stories += _stories(cast, rng, outcome, today)
    run(stories, until=moment(today, 0))
    services.tasks_remind(today=today)  # the overdue tasks reach the execution units
    return outcomes


def _stories(cast: Cast, rng: random.Random, outcome: Outcome, today: date) -> list[Story]:
    specs = [s for s in SPECS if s.lead in cast.units]
    starts = {s.key: _start(today, s.days_ago) for s in specs}
    items: dict[str, CatalogItem] = {}  # spec key → its catalog item, once proposed
    stories: list[Story] = [_pool(cast, today)]
    for year in range(today.year - 2, today.year + 1):
        planned = [
            s
            for s in specs
            if s.from_catalog and _catalog_year(starts[s.key]) == year and s.state != "drafting"
        ]
        stories.append(_catalog(cast, rng, year, planned, items, outcome, today))
    for spec in specs:
        stories.append(_decision(cast, rng, spec, starts[spec.key], items, outcome))
    return stories


def _closes(opens: date) -> date:
    """35 days after opening, or later if the statutory 30 days end later (holidays)."""
    earliest = compute("decision.public_comment", opens, calendar=current_calendar()).due
    return max(opens + timedelta(days=35), earliest)


def _late(start: date) -> int:
    opens = start + timedelta(days=7)
    return max(0, (_closes(opens) - opens).days - 35)


def _start(today: date, days_ago: int) -> date:
    """The start that puts the decision's acts after S+44 `days_ago` days before today,
    allowing for a comment period that holidays lengthen."""
    start = today - timedelta(days=days_ago)
    for _ in range(3):
        start = today - timedelta(days=days_ago + _late(start))
    return start


def _catalog_year(start: date) -> int:
    """A decision started before the year's catalog is out comes from last year's."""
    return start.year if start >= date(start.year, 1, 16) else start.year - 1


# ---- the expert pool --------------------------------------------------------------------------


def _pool(cast: Cast, today: date) -> Story:
    yield moment(date(today.year - 3, 3, 1))
    experts = {}
    for name, specialties, affiliation, title in EXPERTS:
        experts[name] = services.expert_save(
            actor=cast.reviewer,
            unit=cast.legal_office,
            name=name,
            specialties=specialties,
            affiliation=affiliation,
            title=title,
        )
    traffic = cast.units.get("区交通委员会")
    if traffic is not None:
        services.conflict_declare(
            actor=cast.reviewer,
            expert=experts[CONFLICTED],
            unit=traffic,
            description="本人所在单位承接区交通委员会停车规划咨询项目，存在直接利害关系。",
        )


# ---- the catalogs -----------------------------------------------------------------------------


def _catalog(
    cast: Cast,
    rng: random.Random,
    year: int,
    planned: list[Spec],
    items: dict[str, CatalogItem],
    outcome: Outcome,
    today: date,
) -> Story:
    """Drafted in December, agreed by the Party committee and published in January; last
    year's adjusted in July (one item added, one removed)."""
    yield moment(date(year - 1, 12, 1))
    catalog = services.catalog_create(
        actor=cast.leader,
        unit=cast.body,
        year=year,
        title=f"{cast.district.name}{year}年度重大行政决策事项目录",
    )
    outcome.catalogs.append(catalog)
    yield moment(date(year - 1, 12, 5))
    proposed: list[tuple[CatalogItem, bool]] = []
    for spec in planned:
        item = _propose(cast, catalog, spec.title, spec.category, cast.units[spec.lead])
        items[spec.key] = item
        proposed.append((item, True))
    for title, unit_name, include in EXTRA_ITEMS:
        unit = cast.units.get(unit_name)
        if unit is not None:
            item = _propose(cast, catalog, f"{title}（{year}年）", Category.POLICY, unit)
            proposed.append((item, include))
    yield moment(date(year - 1, 12, 15))
    for item, include in proposed:
        services.item_decide(
            actor=cast.leader,
            item=item,
            include=include,
            reason="" if include else "属于部门日常管理事项，不列为重大行政决策。",
        )
    yield moment(date(year - 1, 12, 20))
    _catalog_step(cast, catalog, "submit")
    yield moment(date(year, 1, 10))
    _catalog_step(
        cast,
        catalog,
        "agree",
        agreed_on=date(year, 1, 10),
        party_agreement=f"区委常委会{year}年第{rng.randint(1, 3)}次会议",
    )
    yield moment(date(year, 1, 15))
    _catalog_step(cast, catalog, "publish", published_on=date(year, 1, 15))
    if year >= today.year:
        return
    yield moment(date(year, 6, 20))
    added = _propose(
        cast,
        catalog,
        f"重点区域防汛排涝能力提升方案（{year}年）",
        Category.PROJECT,
        cast.units.get("区水务局") or cast.body,
    )
    removable = [item for item, include in proposed if include and item not in items.values()]
    yield moment(date(year, 7, 1))
    services.catalog_adjust(
        actor=cast.leader,
        catalog=catalog,
        reason="根据汛期防灾减灾工作需要增列防汛排涝事项；一项事项因上级统一部署调出。",
        published_on=date(year, 7, 1),
        add=[added.pk],
        remove=[removable[-1].pk] if removable else [],
        party_agreed_on=date(year, 6, 28),
        party_agreement=f"区委常委会{year}年第{rng.randint(10, 14)}次会议",
    )


def _propose(cast: Cast, catalog: Catalog, title: str, category: str, unit: Unit) -> CatalogItem:
    return services.item_propose(
        actor=cast.handler(unit),
        catalog=catalog,
        proposed_by=unit,
        title=title,
        category=category,
        reason="涉及经济社会发展全局，关系群众切身利益，社会关注度高。",
        lead_unit=unit,
        planned=f"{catalog.year}年第四季度",
    )


def _catalog_step(cast: Cast, catalog: Catalog, code: str, **data) -> None:
    catalog.refresh_from_db()
    services.catalog_step(
        actor=cast.leader, unit=cast.body, catalog=catalog, step_code=code, data=data
    )


# ---- the decisions ----------------------------------------------------------------------------


def _decision(
    cast: Cast,
    rng: random.Random,
    spec: Spec,
    start: date,
    items: dict[str, CatalogItem],
    outcome: Outcome,
) -> Story:
    """One decision from its start to `spec.state`, each act on its day (S = start):
    S+3 draft, S+7 comment period (35 days), S+8 hearing announced for S+40, S+14 expert
    review, S+38 risk report, S+44 replies and feedback, S+45 legality review requested,
    S+66 opinion, S+75 executive meeting, S+80 report to the Party committee, S+85 publication,
    then execution."""
    lead = cast.units[spec.lead]
    drafter = cast.handler(lead)

    # From the replies on (S+44), every act is `late` days later when the 30-day comment
    # period, counted by the statutory calendar, closes later than S+42 (holidays).
    late = _late(start)

    def d(offset: int) -> date:
        return start + timedelta(days=offset + (late if offset >= 44 else 0))

    def at(offset: int) -> datetime:
        return moment(d(offset))

    def step(code: str, person: Person, unit: Unit, **data) -> None:
        decision.refresh_from_db()
        services.decision_step(
            actor=person, unit=unit, decision=decision, step_code=code, data=data
        )

    def body_step(code: str, **data) -> None:
        step(code, cast.leader, cast.body, **data)

    yield at(0)
    item = items.get(spec.key)
    if item is not None:
        item = CatalogItem.objects.get(pk=item.pk)
        item = item if item.state == "included" else None
    decision = services.decision_start(
        actor=cast.leader,
        body=cast.body,
        unit=lead,
        title=spec.title,
        category=spec.category,
        started_on=start,
        start_basis=f"区政府{start.year}年第{rng.randint(2, 30)}次常务会议决定启动",
        catalog_item=item,
        outside_catalog_reason=""
        if item is not None
        else "年度目录公布后区委区政府部署的事项，经区政府常务会议研究作为重大行政决策办理",
        co_units=[cast.units[n] for n in spec.executors[1:2] if n in cast.units],
    )
    outcome.decisions[spec.key] = decision

    yield at(3)
    services.decision_update(
        actor=drafter,
        decision=decision,
        draft=_draft(spec),
        explanation=f"针对群众反映集中的问题，{lead.name}在调查研究的基础上起草了本草案。",
        legal_basis="《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》第七十三条",
        hearing_waiver="" if spec.hearing else "不直接涉及特定群体重大利益，各方无较大分歧。",
        expert_waiver="" if spec.experts else "专业性、技术性不强，已征求相关部门意见。",
        risk_waiver="" if spec.risk else "实施不会对社会稳定、公共安全造成不利影响。",
        concerns_business=spec.category == Category.POLICY,
        competition_position="经公平竞争审查，未发现排除、限制竞争的内容。"
        if spec.category == Category.POLICY
        else "",
        npc_report_required=spec.npc,
    )

    yield at(7)
    opens = d(7)
    period = services.comment_period_open(
        actor=drafter,
        decision=decision,
        opens_on=opens,
        closes_on=_closes(opens),
        how_to_comment="通过区政府网站“意见征集”栏目或信函提出意见。",
    )
    hearing = None
    if spec.hearing:
        yield at(8)
        hearing = services.hearing_announce(
            actor=drafter,
            decision=decision,
            held_on=d(40),
            time="上午9:30",
            place=f"{lead.name}第一会议室",
            selection_method="自愿报名、随机抽取，确保利害关系各方均有代表参加。",
        )
        yield at(9)
        services.hearing_participants_publish(
            actor=drafter,
            hearing=hearing,
            participants=[
                {"name": "刘建平", "side": "居民代表"},
                {"name": "马晓红", "side": "居民代表"},
                {"name": "何志勇", "side": "企业代表"},
                {"name": "邓律师", "side": "法律专业人士"},
            ],
        )
    comments = []

    def comment(n: int) -> None:
        text = COMMENTS[n][0]
        comments.append(
            services.comment_submit(
                period=period,
                text=text,
                name=f"市民{n + 1}",
                # an address per district too: the hourly limit holds at any --scale
                client=f"198.{cast.district.pk % 250}.{spec.days_ago % 250}.{n + 1}",
            )
        )

    yield at(10)
    comment(0)
    if hearing is not None:
        yield at(12)
        services.hearing_materials_deliver(actor=drafter, hearing=hearing, delivered_on=d(12))
    selected = []
    if spec.experts:
        yield at(14)
        review = services.expert_review_start(actor=drafter, decision=decision, method="meeting")
        pool = list(eligible_experts(decision))
        selected = [
            services.expert_select(actor=drafter, review=review, expert=expert)
            for expert in rng.sample(pool, min(3, len(pool)))
        ]
    yield at(20)
    comment(1)
    yield at(26)
    comment(2)
    if selected:
        yield at(30)
        for opinion in selected:
            services.expert_opinion_record(
                actor=drafter,
                opinion=opinion,
                text=f"{opinion.expert.name}：方案总体可行，建议细化实施步骤和资金保障。",
                signed=True,
                submitted_on=d(30),
            )
    yield at(33)
    comment(3)
    if selected:
        yield at(35)
        services.expert_review_conclude(
            actor=drafter,
            review=review,
            adoption="专家提出的细化实施步骤、资金保障等意见已采纳，草案已相应修改。",
            held_on=d(30),
        )
    if spec.risk:
        yield at(38)
        services.risk_assess(
            actor=drafter,
            decision=decision,
            assessor=f"{lead.name}（会同{cast.legal_office.name}）",
            methods="问卷调查、座谈走访、专家咨询",
            dimensions={
                "social_stability": {"level": "low", "points": "个别群众对实施方式有顾虑。"},
                "public_safety": {"level": "low", "points": "施工期间存在安全隐患。"},
                "public_opinion": {"level": "medium", "points": "社会关注度较高。"},
            },
            level="low",
            controllable=True,
            measures="加强宣传解读，分阶段实施，设立意见反馈渠道。",
            contingency="出现群体性诉求时由属地街道会同承办单位及时处置。",
            departments_heard="已听取区公安分局、区信访办公室和有关街道意见。",
            reported_on=d(38),
        )
    if hearing is not None:
        yield at(40)
        services.hearing_hold(
            actor=drafter,
            hearing=hearing,
            record="听证参加人充分发表了意见，主要意见已记录在案并经参加人确认签字。",
            record_signed=True,
        )
    yield at(44)
    for comment, (_text, reply, reason) in zip(comments, COMMENTS, strict=True):
        services.comment_reply(actor=drafter, comment=comment, reply=reply, reason=reason)
    services.feedback_publish(
        actor=drafter,
        period=period,
        feedback=f"共收到意见{len(comments)}条，采纳2条，部分采纳1条，未采纳1条并说明理由。",
    )
    if spec.state == "withdrawn":
        yield at(50)
        body_step("withdraw", reason="上级已出台统一规定，本区不再另行决策。")
        return

    yield at(45)
    step("submit_review", drafter, lead, reviewing_unit=cast.legal_office.pk)
    if spec.state == "reviewing":
        return
    yield at(66)
    step(
        "review_opinion",
        cast.reviewer,
        cast.reviewer_unit,
        opinion=spec.opinion,
        opinion_text="经审查，决策事项符合法定权限，程序完备。"
        + ("第五条关于收取保证金的规定缺乏法律依据，应当删除。" if spec.opinion == "amend" else ""),
        adviser_opinion="政府法律顾问：同意审查意见。",
        lawyer_opinion="公职律师：同意审查意见。",
    )
    if spec.opinion == "amend":
        yield at(68)
        decision.refresh_from_db()
        services.review_respond(
            actor=drafter, decision=decision, response="已删除第五条关于收取保证金的规定。"
        )
    if spec.state == "reviewed":
        return

    yield at(75)
    held = d(75)
    rejected = spec.state == "rejected"
    names = cast.deputies[:3]
    views = [
        {
            "name": name,
            "view": "disagree" if rejected and i < 2 else ("disagree" if i == 2 else "agree"),
            "text": "建议进一步论证。" if rejected or i == 2 else "同意。",
        }
        for i, name in enumerate(names)
    ]
    body_step(
        "reject" if rejected else "adopt",
        kind="executive",
        meeting=f"区政府{held.year}年第{rng.randint(5, 40)}次常务会议",
        held_on=held,
        chair=cast.leader.name,
        views=views,
        observers=[
            {"name": "区人大代表王某", "kind": "deputy"},
            {"name": "区融媒体中心记者", "kind": "media"},
        ],
        chair_view="不同意，待条件成熟后再议。" if rejected else "同意，按程序报区委。",
        differs_explanation="",
        dissent="; ".join(f"{v['name']}：{v['text']}" for v in views if v["view"] == "disagree"),
        minutes="会议听取了承办单位的汇报和司法局的合法性审查意见，组成人员逐一发表意见。",
    )
    if spec.state in ("rejected", "decided"):
        return

    yield at(80)
    body_step("report_party", reported_on=d(80), reply="区委同意。")
    if spec.npc:
        yield at(82)
        body_step("report_npc", reported_on=d(82))
    if spec.state == "reported":
        return

    yield at(85)
    published = d(85)
    body_step(
        "publish",
        published_on=published,
        publication=f"{spec.title}（全文）",
        adoption_note="公开征求意见期间共收到意见4条，采纳3条；专家论证意见已研究采纳。",
        channels="区政府网站、区政府公报",
    )
    if spec.attachments:
        yield at(86)
        for title, text in (
            ("常务会议纪要", f"{spec.title}经区政府常务会议审议通过。"),
            ("合法性审查意见书", "经审查，决策事项符合法定权限，程序完备，内容合法。"),
        ):
            services.attachment_add(
                actor=drafter,
                decision=decision,
                kind="决策材料",
                title=title,
                upload=SimpleUploadedFile(f"{title}.txt", text.encode(), content_type="text/plain"),
            )
    yield at(86)
    executors = [cast.units[n] for n in spec.executors if n in cast.units] or [lead]
    horizon = {"completed": 180, "stopped": 200, "suspended": 250, "executing": 60}[spec.state]
    tasks = [
        services.task_create(
            actor=cast.leader,
            decision=decision,
            unit=unit,
            target=f"{unit.name}负责落实{spec.title}第{i + 1}项任务",
            due_on=published + timedelta(days=horizon + i * 120),
            report_every_days=60,
        )
        for i, unit in enumerate(executors)
    ]
    for offset in (120, 160):
        yield at(offset)
        for task in tasks:
            services.task_report(
                actor=cast.handler(task.unit), task=task, progress="按计划推进，已完成阶段性任务。"
            )
    if spec.state == "executing":
        return  # the first task is overdue today (due S+146)
    if spec.state == "suspended":
        yield at(320)
        body_step(
            "suspend",
            reason="施工区域发现地下文物，须停工勘探。",
            situation="发生第三十五条规定的重大情况变化，情况紧急。",
        )
        return
    if spec.state == "stopped":
        yield at(240)
        evaluation = services.evaluation_start(
            actor=cast.leader,
            decision=decision,
            trigger="many_comments",
            trigger_note="实施后群众通过接诉即办反映意见较多。",
            third_party="某大学公共政策研究院",
        )
        yield at(290)
        services.evaluation_record(
            actor=cast.leader,
            evaluation=evaluation,
            report="评估认为收费措施未达到预期效果，社会反响较大。",
            conclusion="stop",
            follow_up="建议停止执行，改为免费停放加信用管理。",
            public_heard="开展问卷调查1200份。",
        )
        yield at(300)
        body_step(
            "stop",
            reason="决策后评估认为应当停止执行。",
            meeting=f"区政府{(d(300)).year}年第{rng.randint(5, 40)}次常务会议",
            held_on=d(300),
        )
        return
    # completed: the remaining tasks done, then evaluated
    yield at(250)
    for task in tasks:
        services.task_report(
            actor=cast.handler(task.unit), task=task, progress="任务已全部完成。", done=True
        )
    yield at(260)
    body_step("complete")
    yield at(420)
    evaluation = services.evaluation_start(
        actor=cast.leader,
        decision=decision,
        trigger="necessary",
        trigger_note="实施满一年，评估实施效果。",
        third_party="某社会科学院",
    )
    yield at(470)
    services.evaluation_record(
        actor=cast.leader,
        evaluation=evaluation,
        report="整治任务全部完成，居民满意度92%。",
        conclusion="continue",
        follow_up="总结经验，纳入长效管理机制。",
        public_heard="入户走访居民300户。",
    )


def _draft(spec: Spec) -> str:
    return (
        f"一、目标：{spec.title[:-4]}工作取得明显成效。\n"
        "二、主要措施：统筹规划，分步实施，加强部门协同和属地管理。\n"
        f"三、保障措施：{spec.lead}牵头，区财政安排专项资金，定期向区政府报告执行情况。"
    )
