"""The deterministic demo district (示例区): its organization tree, staff and demo accounts.

Everything is written through `fazhi.core.services` with actor=None (the platform itself), so
the demo passes the same placement, validation and constraint checks as real data. Generation
has two steps: `plan_district` turns a seeded `random.Random` into plain data (no database),
and `generate` writes the plans in one transaction. The same seed and scale always give the
same units, names, usernames, roles and titles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db import transaction
from tqdm import tqdm

from fazhi.core import services
from fazhi.core.models import Person, Role, Unit, UnitKind
from fazhi.demo import (
    corpus,
    decisions,
    enforcement,
    enforcement_bulk,
    litigation,
    normdocs,
    reconsideration,
)
from fazhi.demo import plans as plan_ledger

DEFAULT_SEED = 2026
DEMO_PASSWORD = "fazhi-demo-2026"
# The units were set up in the 2019 institutional reform (机构改革); the organization tree and
# its posts are built with the clock at that day, so that the demo's decisions of the past
# years are taken by people in office then.
DEMO_VALID_FROM = date(2019, 1, 1)

ROOT_KEY = "区人民政府"
LEGAL_OFFICE = "区司法局"
STREET_COUNT = 20
TOWNSHIP_COUNT = 9


class Persona(NamedTuple):
    """A demo account in district 1; all of them log in with DEMO_PASSWORD."""

    username: str
    name: str
    role: str  # the role's Chinese label
    unit: str  # name of the unit whose post gives the role its reach


DEMO_PERSONAS: list[Persona] = [
    Persona("sfj_shencha", "周雅琴", Role.LEGAL_REVIEWER.label, LEGAL_OFFICE),
    Persona("scj_chengban", "李明远", Role.HANDLER.label, "区市场监督管理局"),
    Persona("scj_admin", "王晓燕", Role.UNIT_ADMIN.label, "区市场监督管理局"),
    Persona("qz_lingdao", "陈建国", Role.LEADER.label, "示例区人民政府"),
    Persona("xt_admin", "赵志强", Role.SYSTEM_ADMIN.label, "区政务服务和数据管理局"),
]

# The generated post each persona takes over: (unit key of the first post, role).
_PERSONA_SLOTS: dict[tuple[str, str], str] = {
    (f"{LEGAL_OFFICE}/法制审核科", Role.LEGAL_REVIEWER): "sfj_shencha",
    ("区市场监督管理局", Role.HANDLER): "scj_chengban",
    ("区市场监督管理局", Role.UNIT_ADMIN): "scj_admin",
    (ROOT_KEY, Role.LEADER): "qz_lingdao",
    ("区政务服务和数据管理局", Role.SYSTEM_ADMIN): "xt_admin",
}

# --- reference data ---------------------------------------------------------------------

# One department a line: name, short name, legal division ("-" for none), other divisions.
# Every department keeps its legal division, or else the first of the others.
_DEPARTMENT_TABLE = """
区人民政府办公室 区政府办 - 秘书科 综合科 督查科 政务公开科
区发展和改革委员会 区发展改革委 法制科 办公室 综合科 投资科 价格科
区教育委员会 区教委 法制科 办公室 基础教育科 职业与成人教育科 督导室
区科学技术和信息化局 区科信局 - 办公室 科技创新科 信息化科 产业科
区公安分局 公安分局 法制支队 办公室 治安管理支队 交通管理支队 户政科
区民政局 区民政局 法制科 办公室 社会救助科 养老服务科 社会组织科
区财政局 区财政局 法制科 办公室 预算科 国库科 政府采购科
区人力资源和社会保障局 区人力社保局 法制科 办公室 就业促进科 劳动关系科 劳动保障监察大队
区规划和自然资源分局 区规自分局 法制科 办公室 规划管理科 土地利用科 执法监察科
区生态环境局 区生态环境局 法制科 办公室 大气环境科 水生态环境科 生态环境执法队
区住房和城乡建设委员会 区住建委 法制科 办公室 房屋管理科 建设工程管理科 物业管理科
区城市管理委员会 区城管委 法制科 办公室 环境卫生科 市政设施科 燃气供热科
区城市管理综合行政执法局 区城管执法局 法制科 办公室 执法督察科 案件审理科 勤务指挥科
区交通委员会 区交通委 法制科 办公室 道路管理科 运输管理科 停车管理科
区农业农村局 区农业农村局 法制科 办公室 种植业科 畜牧兽医科 农村经营管理科
区水务局 区水务局 法制科 办公室 水资源科 河湖管理科 水务执法队
区商务局 区商务局 - 办公室 综合科 商贸流通科 对外贸易科
区文化和旅游局 区文旅局 法制科 办公室 公共文化科 旅游发展科 文化市场综合执法队
区卫生健康委员会 区卫健委 法制科 办公室 医政医管科 疾病预防控制科 卫生健康监督所
区退役军人事务局 区退役军人局 - 办公室 综合科 安置就业科 优抚褒扬科
区应急管理局 区应急局 法制科 办公室 安全生产综合科 风险监测科 应急管理执法队
区审计局 区审计局 法制科 办公室 财政审计科 经济责任审计科 固定资产投资审计科
区国有资产监督管理委员会 区国资委 - 办公室 综合科 产权管理科 企业改革科
区市场监督管理局 区市场监管局 法制科 办公室 登记注册科 食品安全监督管理科 执法稽查科
区统计局 区统计局 - 办公室 综合科 国民经济核算科 统计执法检查科
区园林绿化局 区园林绿化局 法制科 办公室 绿化建设科 林业保护科 公园管理科
区体育局 区体育局 - 办公室 综合科 群众体育科 竞技体育科
区医疗保障局 区医保局 法制科 办公室 待遇保障科 医药服务管理科 基金监管科
区政务服务和数据管理局 区政务服务和数据局 - 综合科 审批服务科 数据管理科 营商环境科
区信访办公室 区信访办 - 综合科 来信科 接待科 督查督办科
区国防动员办公室 区国动办 法制科 综合科 人防工程科 指挥通信科
区人民政府外事办公室 区外办 - 综合科 外事管理科 港澳事务科
区人民政府研究室 区政府研究室 - 综合科 经济研究科 社会研究科
区地方金融监督管理局 区金融局 - 综合科 金融发展科 风险防控科
区地震局 区地震局 - 综合科 监测预报科 震害防御科
"""


class DepartmentSpec(NamedTuple):
    name: str
    short_name: str
    legal_division: str
    other_divisions: tuple[str, ...]


DEPARTMENTS: list[DepartmentSpec] = [
    DepartmentSpec(name, short, "" if legal == "-" else legal, tuple(others))
    for name, short, legal, *others in map(str.split, _DEPARTMENT_TABLE.strip().splitlines())
]

# 司法局 divisions; every one but 办公室 has a 法治机构审核人员 as its head.
LEGAL_OFFICE_DIVISIONS = (
    "办公室",
    "法治调研科",
    "法治督察科",
    "法制审核科",
    "行政执法协调监督科",
    "行政复议科",
    "行政应诉科",
)

STREET_DIVISIONS = (
    "综合保障办公室",
    "党群工作办公室",
    "平安建设办公室",
    "城市管理办公室",
    "社区建设办公室",
    "民生保障办公室",
    "综合行政执法队",
)
TOWNSHIP_DIVISIONS = (
    "党政办公室",
    "经济发展办公室",
    "城乡建设办公室",
    "社会事务办公室",
    "平安建设办公室",
    "综合行政执法队",
)

PLACE_HEADS = (
    "和安永兴长清丰广明德嘉乐宁瑞福春金玉青翠柳桃松竹梅兰云星月凤鹤泉文华景锦新平祥康盛泰惠"
)
STREET_TAILS = "里门桥园坊苑湖台城院口塘"
TOWNSHIP_TAILS = "庄营屯店峪坡湾岭河沟堡寨"

# The hundred most common surnames, most common first; weights fall off with the rank.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤"
)
SURNAME_WEIGHTS = [1000 // (rank + 8) for rank in range(len(SURNAMES))]
GIVEN_NAME_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞鑫波宇浩凯健俊帆帅旭宁龙林欣佳琳晶颖"
    "婷雪慧莉倩丹蕾薇璐琪悦瑶怡晨阳辉文斌宏志建国峰毅博亮昊然睿哲思源泽晓嘉鸿海铭振家子雨梓诗梦雅婧"
    "楠蓉燕彤妍晗冰清远航翔坤蕊菲岚钰立新东春松柏兵德永成光胜荣庆安福生祥瑞达正卫江义力金利忠群兰云"
    "霖琦扬程继维凡舒"
)
HANDLER_TITLES = (
    "科员",
    "一级科员",
    "四级主任科员",
    "三级主任科员",
    "二级主任科员",
    "一级主任科员",
)
CHINESE_DIGITS = "零一二三四五六七八九"

# --- unified social credit codes (GB 32100-2015) ----------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015, mod 31)."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """The 9th character of an organization code (GB 11714-1997, mod 11), digits only."""
    check = 11 - sum(int(c) * w for c, w in zip(body8, _ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def government_uscc(district: int, serial: int) -> str:
    """A fictional code for a government organ: registered by 机构编制 (1), kind 机关 (1),
    in an unassigned Beijing division code, with both check characters correct."""
    division_code = f"{110150 + district:06d}"
    org_body = f"{district % 1000:03d}{serial:05d}"
    first17 = f"11{division_code}{org_body}{org_code_check_char(org_body)}"
    return first17 + uscc_check_char(first17)


def chinese_numeral(n: int) -> str:
    """一 … 九十九 (the district names need no more)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_DIGITS[ones]
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return f"{head}十{CHINESE_DIGITS[ones] if ones else ''}"


def district_name(index: int) -> str:
    # 示例第二区 sorts after 示例区 (第 > 区), so district 1 stays the first root.
    if index == 1:
        return "示例区"
    return f"示例第{chinese_numeral(index) if index < 100 else index}区"


# --- the plan: plain data -----------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    key: str  # the names below the root joined by "/" (the root's key is ROOT_KEY)
    parent_key: str | None
    kind: str
    name: str
    short_name: str = ""
    uscc: str = ""


@dataclass(frozen=True)
class PostSpec:
    unit_key: str
    role: str
    title: str


@dataclass
class StaffSpec:
    username: str
    name: str
    posts: list[PostSpec]  # the first is given by person_create, the rest by post_assign
    password: str | None = None


@dataclass
class DistrictPlan:
    index: int
    name: str
    units: list[UnitSpec] = field(default_factory=list)
    staff: list[StaffSpec] = field(default_factory=list)


class _Planner:
    """Draws one district from `rng`; every draw happens in a fixed order."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.plan = DistrictPlan(index=index, name=district_name(index))
        self.used_names = {persona.name for persona in DEMO_PERSONAS}
        self.used_places: set[str] = set()

    # units

    def unit(
        self,
        parent_key: str | None,
        kind: str,
        name: str,
        short_name: str = "",
        *,
        legal_person: bool = True,
    ) -> str:
        if parent_key is None:
            key = ROOT_KEY
        else:
            key = name if parent_key == ROOT_KEY else f"{parent_key}/{name}"
        uscc = government_uscc(self.plan.index, len(self.plan.units) + 1) if legal_person else ""
        self.plan.units.append(UnitSpec(key, parent_key, kind, name, short_name, uscc))
        return key

    def divisions(self, parent_key: str, names: tuple[str, ...] | list[str]) -> list[str]:
        return [
            self.unit(parent_key, UnitKind.DIVISION, name, legal_person=False) for name in names
        ]

    def place_name(self, tails: str) -> str:
        while True:
            middle = self.rng.choice(PLACE_HEADS) if self.rng.random() < 0.6 else ""
            place = self.rng.choice(PLACE_HEADS) + middle + self.rng.choice(tails)
            if place not in self.used_places and len(set(place)) == len(place):
                self.used_places.add(place)
                return place

    # people

    def person_name(self) -> str:
        while True:
            surname = self.rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
            length = 1 if self.rng.random() < 0.25 else 2
            name = surname + "".join(self.rng.choices(GIVEN_NAME_CHARS, k=length))
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def staff(self, *posts: PostSpec) -> None:
        username = f"d{self.plan.index}u{len(self.plan.staff) + 1:04d}"
        self.plan.staff.append(StaffSpec(username, self.person_name(), list(posts)))

    def post(self, unit_key: str, role: str, title: str) -> None:
        self.staff(PostSpec(unit_key, role, title))

    def handlers(self, unit_key: str, low: int, high: int) -> None:
        for _ in range(self.rng.randint(low, high)):
            self.post(unit_key, Role.HANDLER, self.rng.choice(HANDLER_TITLES))

    def leaders(self, unit_key: str, title: str) -> None:
        self.post(unit_key, Role.LEADER, title)
        if self.rng.random() < 1 / 3:
            self.post(unit_key, Role.LEADER, f"副{title}")


def _plan_root(planner: _Planner) -> None:
    planner.unit(None, UnitKind.DISTRICT, f"{planner.plan.name}人民政府", planner.plan.name)
    planner.post(ROOT_KEY, Role.LEADER, "区长")
    for _ in range(planner.rng.randint(2, 4)):
        planner.post(ROOT_KEY, Role.LEADER, "副区长")


def _plan_legal_office(planner: _Planner) -> None:
    office = planner.unit(ROOT_KEY, UnitKind.LEGAL_OFFICE, LEGAL_OFFICE, LEGAL_OFFICE)
    divisions = planner.divisions(office, LEGAL_OFFICE_DIVISIONS)
    planner.post(office, Role.LEADER, "局长")
    planner.post(office, Role.LEADER, "副局长")
    planner.post(office, Role.UNIT_ADMIN, "办公室主任")
    # A reviewer in a 司法局 科室 acts for the 司法局: the whole district is in reach.
    for division in divisions[1:]:
        name = division.rsplit("/", 1)[1]
        titles = [f"{name}科长"] + ["科员"] * planner.rng.randint(0, 1)
        for title in titles:
            planner.staff(PostSpec(division, Role.LEGAL_REVIEWER, title))
    planner.handlers(office, 1, 2)


def _plan_department(planner: _Planner, spec: DepartmentSpec) -> None:
    name, short_name, legal_division, others = spec
    department = planner.unit(ROOT_KEY, UnitKind.DEPARTMENT, name, short_name)
    kept = [legal_division or others[0]]
    pool = [division for division in others if division not in kept]
    kept += planner.rng.sample(pool, planner.rng.randint(1, min(3, len(pool))))
    division_keys = planner.divisions(department, kept)
    is_office = name.endswith(("办公室", "室"))
    planner.leaders(department, "主任" if is_office or name.endswith("委员会") else "局长")
    planner.post(department, Role.UNIT_ADMIN, "综合科科长" if is_office else "办公室主任")
    planner.handlers(department, 2, 3)
    if legal_division:
        title = f"{legal_division}{'支队长' if legal_division.endswith('支队') else '科长'}"
        planner.staff(PostSpec(division_keys[0], Role.LEGAL_REVIEWER, title))
    if name == "区政务服务和数据管理局":
        planner.post(department, Role.SYSTEM_ADMIN, "信息系统管理员")


def _plan_local_office(planner: _Planner, township: bool) -> None:
    tails, divisions = (
        (TOWNSHIP_TAILS, TOWNSHIP_DIVISIONS) if township else (STREET_TAILS, STREET_DIVISIONS)
    )
    place = planner.place_name(tails)
    if township:
        office = planner.unit(ROOT_KEY, UnitKind.TOWNSHIP, f"{place}镇人民政府", f"{place}镇")
    else:
        office = planner.unit(ROOT_KEY, UnitKind.STREET, f"{place}街道办事处", f"{place}街道")
    station = planner.unit(office, UnitKind.JUSTICE_STATION, f"{place}司法所", legal_person=False)
    planner.divisions(office, planner.rng.sample(divisions, planner.rng.randint(1, 2)))
    planner.leaders(office, "镇长" if township else "主任")
    planner.post(office, Role.UNIT_ADMIN, "办公室主任")
    planner.handlers(office, 1, 2)
    planner.post(station, Role.LEGAL_REVIEWER, "所长")


def _apply_personas(plan: DistrictPlan) -> None:
    """In district 1, the personas take over the first generated post of their kind."""
    personas = {persona.username: persona for persona in DEMO_PERSONAS}
    for staff in plan.staff:
        first = staff.posts[0]
        username = _PERSONA_SLOTS.get((first.unit_key, first.role))
        if username in personas:
            persona = personas.pop(username)
            staff.username, staff.name, staff.password = username, persona.name, DEMO_PASSWORD


def plan_district(rng: random.Random, index: int) -> DistrictPlan:
    """The units and staff of district `index` (1-based), drawn from `rng`."""
    planner = _Planner(rng, index)
    _plan_root(planner)
    _plan_legal_office(planner)
    for spec in DEPARTMENTS:
        _plan_department(planner, spec)
    for township in [False] * STREET_COUNT + [True] * TOWNSHIP_COUNT:
        _plan_local_office(planner, township)
    if index == 1:
        _apply_personas(planner.plan)
    return planner.plan


# --- writing the plan through the services ------------------------------------------------


@dataclass
class Summary:
    districts: int = 0
    units: int = 0
    people: int = 0
    posts: int = 0
    documents: int = 0
    decisions: int = 0
    cases: int = 0
    reconsiderations: int = 0
    litigations: int = 0
    plan_tasks: int = 0
    plan_reports: int = 0


def _depth(spec: UnitSpec) -> int:
    return 0 if spec.parent_key is None else spec.key.count("/") + 1


def _build_units(plan: DistrictPlan, summary: Summary, bar: tqdm) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    # Parents first, siblings by name: treebeard then appends each unit (node_order_by is
    # "name") instead of shifting the paths of the siblings it sorts before.
    for spec in sorted(plan.units, key=lambda spec: (_depth(spec), spec.name)):
        units[spec.key] = services.unit_create(
            actor=None,
            parent=units[spec.parent_key] if spec.parent_key else None,
            kind=spec.kind,
            name=spec.name,
            short_name=spec.short_name,
            uscc=spec.uscc,
            valid_from=DEMO_VALID_FROM,
        )
        summary.units += 1
        bar.update()
    return units


def _build_staff(plan: DistrictPlan, units: dict[str, Unit], summary: Summary, bar: tqdm) -> None:
    for staff in plan.staff:
        first, *others = staff.posts
        person = services.person_create(
            actor=None,
            unit=units[first.unit_key],
            username=staff.username,
            name=staff.name,
            role=first.role,
            title=first.title,
            password=staff.password,
        )
        for post in others:
            services.post_assign(
                actor=None,
                person=person,
                unit=units[post.unit_key],
                role=post.role,
                title=post.title,
            )
        summary.people += 1
        summary.posts += len(staff.posts)
        bar.update()


def generate(
    *,
    seed: int = DEFAULT_SEED,
    scale: int = 1,
    progress: bool = False,
    documents: int = 40,
    bulk: bool = False,
    chars: int = 5_000,
    cases: int = 0,
) -> Summary:
    """Create `scale` demo districts in one transaction and return what was created:
    units, people, `documents` historical normative documents per district (plus this
    year's drafts at each step), three years of major-decision catalogs and decisions in
    every state, enforcement bodies with three years of penalty cases in every state, and three
    years of reconsideration cases and of suits against the district's agencies in every state,
    and the district's 法治政府建设实施方案 imported as a plan ledger with about a year of progress.

    With `bulk`, the historical documents are instead the load-test corpus of
    `fazhi.demo.corpus` (about `chars` characters each), written by bulk inserts after the
    districts, in transactions of 1,000 (numbered across districts: district k holds
    documents k·documents … (k+1)·documents − 1), and `cases` penalty cases per district
    (`fazhi.demo.enforcement_bulk`, raw bulk inserts in transactions of 10,000).

    The caller checks that the database is empty; usernames would collide otherwise.
    """
    rng = random.Random(seed)
    plans = [plan_district(rng, index) for index in range(1, scale + 1)]
    total = sum(len(plan.units) + len(plan.staff) for plan in plans)
    summary = Summary(districts=len(plans))
    disable = None if progress else True  # None: tqdm shows the bar only on a terminal
    with (
        transaction.atomic(),
        tqdm(total=total, desc="生成示例数据", unit="项", disable=disable) as bar,
    ):
        with decisions.clock(decisions.moment(DEMO_VALID_FROM)):
            for plan in plans:
                units = _build_units(plan, summary, bar)
                _build_staff(plan, units, summary, bar)
        made = decisions.build(roots(plans), seed=seed)
        summary.decisions = sum(len(outcome.decisions) for outcome in made.values())
        for root in roots(plans):
            summary.documents += normdocs.build(root, rng=rng, documents=0 if bulk else documents)
        built = enforcement.build(roots(plans), seed=seed)
        summary.cases = sum(len(outcome.cases) for outcome in built.values())
        made_cases = reconsideration.build(roots(plans), seed=seed)
        summary.reconsiderations = sum(len(outcome.cases) for outcome in made_cases.values())
        suits = litigation.build(roots(plans), seed=seed)
        summary.litigations = sum(made["cases"] for made in suits.values())
        ledgers = plan_ledger.build(roots(plans), seed=seed)
        summary.plan_tasks = sum(made["tasks"] for made in ledgers.values())
        summary.plan_reports = sum(made["reports"] for made in ledgers.values())
    if bulk:
        with tqdm(total=documents * len(plans), desc="批量文件", unit="件", disable=disable) as bar:
            for k, root in enumerate(roots(plans)):
                staff = Person.objects.filter(posts__unit__path__startswith=root.path)
                summary.documents += corpus.bulk_build(
                    root,
                    staff.order_by("pk").first(),
                    count=documents,
                    chars=chars,
                    first=k * documents,
                    progress=bar.update,
                )
    if bulk and cases:
        with tqdm(total=cases * len(plans), desc="批量案件", unit="件", disable=disable) as bar:
            for k, root in enumerate(roots(plans)):
                summary.cases += enforcement_bulk.bulk_build(
                    root, count=cases, seed=seed, index=k + 1, first=k * cases, progress=bar.update
                )
    return summary


def roots(plans: list[DistrictPlan]) -> list[Unit]:
    names = [next(spec.name for spec in plan.units if spec.key == ROOT_KEY) for plan in plans]
    by_name = {unit.name: unit for unit in Unit.objects.get_root_nodes().filter(name__in=names)}
    return [by_name[name] for name in names]
