"""Demo enforcement (行政执法): five enforcement bodies of the demo district — four departments
and a street office — with their officers (certificates, one expired, one suspended, one about
to expire), qualification exams and training hours (some short of the yearly target), items of
the powers list with discretion benchmarks and exemption lists, and three years of penalty
cases in every state of `enforcement.penalty`; a random-inspection plan published, drawn and
partly carried out; a case-file evaluation campaign drawn and scored — all through the services,
each act on its day.

Each case is a story (as in `decisions.py`): a generator that takes its acts and yields the
moment of the next; `decisions.run` advances them together in time order with the clock set.
Dates are relative to today; a story stops at the state its spec names. Deterministic for a
seed and a day.

The load-test cases of `fazhi demo --bulk --cases N` are in `enforcement_bulk.py`.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from fazhi.core import services as core_services
from fazhi.core.models import Person, Post, Role, Unit, UnitKind
from fazhi.demo.decisions import Story, clock, moment, run
from fazhi.enforcement import evaluation_services as evaluation
from fazhi.enforcement import importing, inspection_services, law, services
from fazhi.enforcement.models import (
    Body,
    Exemption,
    Item,
    Officer,
    PenaltyCase,
    Publication,
)

LEGAL_OFFICE_DIVISION = "行政执法协调监督科"  # the 司法局 division that keeps the register

# ---- reference data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSpec:
    code: str
    name: str
    basis: str
    low: str | None  # statutory minimum fine (元)
    high: str | None  # statutory maximum fine (元)
    trade: str  # what kind of party it concerns, for names and facts
    violation: str
    review_listed: bool = False


@dataclass(frozen=True)
class BodySpec:
    key: str
    unit: str  # department name; "" for the first street office
    prefix: str  # of case numbers
    legal_basis: str
    scope: str
    items: tuple[ItemSpec, ...]


BODIES: tuple[BodySpec, ...] = (
    BodySpec(
        "market",
        "区市场监督管理局",
        "市监",
        "《{district}市场监督管理局职能配置、内设机构和人员编制规定》",
        "食品安全、价格、广告、特种设备、计量、知识产权等市场监督管理领域行政处罚",
        (
            ItemSpec(
                "C1100001",
                "对未取得食品经营许可从事食品经营活动的行政处罚",
                "《中华人民共和国食品安全法》第一百二十二条第一款",
                "50000",
                "100000",
                "餐饮",
                "未取得食品经营许可从事食品经营活动",
                review_listed=True,
            ),
            ItemSpec(
                "C1100002",
                "对经营者不按规定明码标价的行政处罚",
                "《中华人民共和国价格法》第四十二条",
                None,
                "5000",
                "超市",
                "未按规定明码标价",
            ),
            ItemSpec(
                "C1100003",
                "对发布虚假广告的行政处罚",
                "《中华人民共和国广告法》第五十五条第一款",
                "200000",
                "1000000",
                "文化传媒",
                "发布虚假广告",
            ),
            ItemSpec(
                "C1100004",
                "对特种设备使用单位未按规定办理使用登记的行政处罚",
                "《中华人民共和国特种设备安全法》第八十三条第一项",
                "10000",
                "100000",
                "物业管理",
                "特种设备未办理使用登记",
            ),
        ),
    ),
    BodySpec(
        "health",
        "区卫生健康委员会",
        "卫健",
        "《{district}卫生健康委员会职能配置、内设机构和人员编制规定》",
        "公共场所卫生、生活饮用水卫生、医疗卫生、控制吸烟等卫生健康监督领域行政处罚",
        (
            ItemSpec(
                "C0800001",
                "对公共场所经营者未取得卫生许可证擅自营业的行政处罚",
                "《公共场所卫生管理条例实施细则》第三十五条第一款",
                "500",
                "30000",
                "美容美发",
                "未取得公共场所卫生许可证擅自营业",
            ),
            ItemSpec(
                "C0800002",
                "对个人在禁止吸烟场所吸烟且不听劝阻的行政处罚",
                "《北京市控制吸烟条例》第二十八条",
                "50",
                "200",
                "个人",
                "在禁止吸烟场所吸烟且不听劝阻",
            ),
            ItemSpec(
                "C0800003",
                "对供水单位供应的饮用水不符合国家卫生标准的行政处罚",
                "《生活饮用水卫生监督管理办法》第二十六条第三项",
                "20",
                "5000",
                "二次供水",
                "供应的饮用水不符合国家卫生标准",
            ),
        ),
    ),
    BodySpec(
        "urban",
        "区城市管理综合行政执法局",
        "城管",
        "《{district}城市管理综合行政执法局职能配置、内设机构和人员编制规定》",
        "市容环境卫生、施工扬尘、餐饮油烟、生活垃圾分类、城市道路等城市管理领域行政处罚",
        (
            ItemSpec(
                "C2000001",
                "对施工工地未采取扬尘污染防治措施的行政处罚",
                "《中华人民共和国大气污染防治法》第一百一十五条第一款",
                "10000",
                "100000",
                "建筑施工",
                "施工工地未采取有效扬尘污染防治措施",
            ),
            ItemSpec(
                "C2000002",
                "对餐饮服务单位未安装油烟净化设施的行政处罚",
                "《中华人民共和国大气污染防治法》第一百一十八条第一款",
                "5000",
                "50000",
                "餐饮",
                "未安装油烟净化设施排放油烟",
            ),
            ItemSpec(
                "C2000003",
                "对擅自占用城市道路的行政处罚",
                "《城市道路管理条例》第四十二条第四项",
                None,
                "20000",
                "商贸",
                "擅自占用城市道路",
            ),
        ),
    ),
    BodySpec(
        "ecology",
        "区生态环境局",
        "环",
        "《{district}生态环境局职能配置、内设机构和人员编制规定》",
        "大气、水、噪声、固体废物污染防治和排污许可等生态环境领域行政处罚",
        (
            ItemSpec(
                "C1000001",
                "对超过大气污染物排放标准排放大气污染物的行政处罚",
                "《中华人民共和国大气污染防治法》第九十九条第二项",
                "100000",
                "1000000",
                "制造",
                "超过大气污染物排放标准排放大气污染物",
                review_listed=True,
            ),
            ItemSpec(
                "C1000002",
                "对未取得排污许可证排放污染物的行政处罚",
                "《排污许可管理条例》第三十三条第一项",
                "200000",
                "1000000",
                "印刷",
                "未取得排污许可证排放污染物",
                review_listed=True,
            ),
        ),
    ),
    BodySpec(
        "street",
        "",
        "综执",
        "《北京市人民政府关于向街道办事处和乡镇人民政府下放部分行政执法职权并实行综合执法的决定》",
        "生活垃圾分类、市容环境卫生等下放街道实施的行政处罚",
        (
            ItemSpec(
                "C2000101",
                "对个人未按规定分类投放生活垃圾的行政处罚",
                "《北京市生活垃圾管理条例》第七十三条第三款",
                "50",
                "200",
                "个人",
                "未按规定分类投放生活垃圾，经劝阻拒不改正",
            ),
            ItemSpec(
                "C2000102",
                "对单位未按规定分类投放生活垃圾的行政处罚",
                "《北京市生活垃圾管理条例》第七十三条第一款",
                "1000",
                "50000",
                "商贸",
                "未按规定分类投放生活垃圾",
            ),
        ),
    ),
)

TRADE_WORDS = {
    "餐饮": ("餐饮管理有限公司", "小吃店", "餐厅"),
    "超市": ("商贸有限公司", "便利店", "超市有限公司"),
    "文化传媒": ("文化传媒有限公司", "广告有限公司", "健康科技有限公司"),
    "物业管理": ("物业管理有限公司", "物业服务有限公司", "置业有限公司"),
    "美容美发": ("美容美发店", "美容有限公司", "洗浴中心"),
    "二次供水": ("物业管理有限公司", "供水服务有限公司", "房地产开发有限公司"),
    "建筑施工": ("建筑工程有限公司", "建设集团有限公司", "市政工程有限公司"),
    "商贸": ("商贸有限公司", "百货商店", "贸易有限公司"),
    "制造": ("机械制造有限公司", "家具有限公司", "化工有限公司"),
    "印刷": ("印刷有限公司", "包装制品有限公司", "彩印厂"),
}
SHOP_HEADS = "鑫隆泰和顺丰华盛福兴嘉恒瑞金源德宝永安康达"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞鑫波宇浩凯"


# ---- parties ------------------------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def company_code(rng: random.Random) -> str:
    """A fictional unified social credit code of a company (91 + Beijing division), with a
    valid check character (GB 32100-2015)."""
    body = "".join(rng.choice(USCC_ALPHABET[:10]) for _ in range(8)) + rng.choice("0123456789")
    first17 = "91110108" + body
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def identity_number(rng: random.Random) -> str:
    """A fictional resident identity number with a valid check digit (GB 11643-1999)."""
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 45))
    first17 = f"110108{birth:%Y%m%d}{rng.randrange(1000):03d}"
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def party(rng: random.Random, spec: ItemSpec, person: bool, place: str = "示例区") -> dict:
    if person or spec.trade == "个人":
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        return {
            "party_kind": "person",
            "party_name": name,
            "party_code": identity_number(rng),
            "party_address": f"北京市{place}{rng.choice(SHOP_HEADS)}{rng.randint(1, 30)}号院",
            "party_phone": f"139{rng.randrange(10**8):08d}",
        }
    words = TRADE_WORDS.get(spec.trade, TRADE_WORDS["商贸"])
    name = f"北京{rng.choice(SHOP_HEADS)}{rng.choice(SHOP_HEADS)}{rng.choice(words)}"
    return {
        "party_kind": "legal",
        "party_name": name,
        "party_code": company_code(rng),
        "party_address": f"北京市{place}{rng.choice(SHOP_HEADS)}园路{rng.randint(1, 200)}号",
        "party_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
    }


# ---- who acts -----------------------------------------------------------------------------------


@dataclass
class Cast:
    """The people of one demo body."""

    spec: BodySpec
    district: Unit
    body: Body
    unit: Unit
    head: Person  # 行政机关负责人
    admin: Person  # unit_admin: keeps the items
    officers: list[Officer]  # certified, in good standing: the case officers
    reviewer: Person | None  # 法制审核人员
    items: list[Item]
    exemptions: dict[int, Exemption] = field(default_factory=dict)  # item id → one entry
    numbers: dict[tuple[str, int], int] = field(default_factory=dict)  # (kind, year) → last

    def number(self, kind: str, year: int) -> str:
        key = (kind, year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return f"示{self.spec.prefix}{kind}〔{year}〕{self.numbers[key]}号"

    @property
    def lead(self) -> Person:
        return self.officers[0].person


def _first_post(unit: Unit, role: str, *, below: bool = False) -> Post | None:
    posts = Post.objects.active().filter(role=role).select_related("person", "unit")
    posts = posts.filter(unit__path__startswith=unit.path) if below else posts.filter(unit=unit)
    return posts.order_by("unit__path", "pk").first()


def _office(district: Unit) -> Unit | None:
    return (
        Unit.objects.filter(path__startswith=district.path, kind=UnitKind.LEGAL_OFFICE)
        .order_by("path")
        .first()
    )


def _clerk(district: Unit) -> Person | None:
    """Who keeps the register of bodies and officers for the 司法局: its administrator."""
    office = _office(district)
    post = _first_post(office, Role.UNIT_ADMIN) if office is not None else None
    return post.person if post else None


def _supervisor(district: Unit) -> Person | None:
    """The 司法局's reviewer who organizes the case-file evaluation (its 行政执法协调监督科)."""
    office = _office(district)
    if office is None:
        return None
    posts = (
        Post.objects.active()
        .filter(role=Role.LEGAL_REVIEWER, unit__path__startswith=office.path)
        .select_related("person", "unit")
        .order_by("unit__path", "pk")
    )
    chosen = next((p for p in posts if p.unit.name == LEGAL_OFFICE_DIVISION), None)
    chosen = chosen or posts.first()
    return chosen.person if chosen else None


def _body_unit(district: Unit, spec: BodySpec) -> Unit | None:
    units = Unit.objects.filter(path__startswith=district.path)
    if spec.unit:
        return units.filter(name=spec.unit, kind=UnitKind.DEPARTMENT).first()
    return units.filter(kind=UnitKind.STREET).order_by("path").first()


def _new_officer(index: int, unit: Unit, serial: str, rng: random.Random) -> Person:
    """An enforcement officer the directory does not have yet (a 执法队员 of the body)."""
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=2))
    return core_services.person_create(
        actor=None,
        unit=unit,
        username=f"d{index}u-{serial}",  # district `index`'s namespace (generator: d{index}u…)
        name=name,
        role=Role.HANDLER,
        title="执法队员",
    )


def _register(
    district: Unit,
    index: int,
    clerk: Person,
    spec: BodySpec,
    rng: random.Random,
    today: date,
    *,
    officers_wanted: int,
    troubles: bool,
) -> Cast | None:
    """Register the body, its officers with exams and certificates, its items with benchmarks
    and exemption lists. `troubles`: one officer's certificate expired, one suspended, one
    expiring within 90 days, one failed exam."""
    unit = _body_unit(district, spec)
    if unit is None:
        return None
    head_post = _first_post(unit, Role.LEADER)
    admin_post = _first_post(unit, Role.UNIT_ADMIN)
    if head_post is None or admin_post is None:
        return None
    body = services.body_register(
        actor=clerk,
        unit=unit,
        kind="agency",
        legal_basis=spec.legal_basis.format(district=district.short_name),
        scope=spec.scope,
        phone=f"010-6{rng.randrange(10**6):06d}",
    )
    handlers = [
        p.person
        for p in Post.objects.active()
        .filter(unit=unit, role=Role.HANDLER)
        .select_related("person")
        .order_by("pk")
    ]
    serial = 1
    while len(handlers) < officers_wanted:
        handlers.append(_new_officer(index, unit, f"{spec.key}{serial:02d}", rng))
        serial += 1
    start = today.replace(year=today.year - 5, month=7, day=1)
    good: list[Officer] = []
    for position, person in enumerate(handlers):
        officer = services.officer_register(actor=clerk, body=body, person=person)
        trouble = (
            {0: "", 1: "", 2: "expiring", 3: "expired", 4: "suspended"}.get(position, "")
            if troubles
            else ""
        )
        services.exam_record(
            actor=clerk,
            officer=officer,
            taken_on=start - timedelta(days=40),
            passed=True,
            score=str(rng.randint(72, 96)),
        )
        valid_to = start.replace(year=start.year + 8)
        if trouble == "expiring":
            valid_to = today + timedelta(days=rng.randint(30, 80))
        elif trouble == "expired":
            valid_to = today - timedelta(days=rng.randint(60, 200))
        certificate = services.certificate_issue(
            actor=clerk,
            officer=officer,
            number=f"1101{district.pk % 100:02d}{body.pk:03d}{position + 1:04d}",
            issuer="北京市人民政府",
            area=district.name,
            valid_from=start,
            valid_to=valid_to,
            category=spec.scope[:20],
        )
        if trouble == "suspended":
            services.certificate_status(
                actor=clerk,
                certificate=certificate,
                status="suspended",
                reason="执法过错责任追究期间暂扣执法证件",
            )
        if trouble in ("", "expiring"):
            good.append(officer)
    if troubles:
        trainee = _new_officer(index, unit, f"{spec.key}-trainee", rng)
        officer = services.officer_register(actor=clerk, body=body, person=trainee)
        services.exam_record(
            actor=clerk, officer=officer, taken_on=start - timedelta(days=100), passed=False
        )
    reviewer_post = _first_post(unit, Role.LEGAL_REVIEWER, below=True)
    reviewer = None
    if reviewer_post is not None:
        services.officer_register(
            actor=clerk,
            body=body,
            person=reviewer_post.person,
            duty="legal_review",
            legal_qualification=f"A2018{rng.randrange(10**10):010d}",
            reviewing_since=start,
        )
        reviewer = reviewer_post.person
    cast = Cast(spec, district, body, unit, head_post.person, admin_post.person, good, reviewer, [])
    for item_spec in spec.items:
        cast.items.append(_item(cast, item_spec, today))
    return cast


def _item(cast: Cast, spec: ItemSpec, today: date) -> Item:
    street = not cast.spec.unit
    item = services.item_save(
        actor=cast.admin,
        body=cast.body,
        code=spec.code,
        name=spec.name,
        kind="penalty",
        legal_basis=spec.basis,
        level="street" if street else "district",
        delegated=street,
        statutory_min=spec.low,
        statutory_max=spec.high,
        review_listed=spec.review_listed,
    )
    low = Decimal(spec.low or "0")
    high = Decimal(spec.high)
    span = high - low
    rows = []
    if low > 0:
        rows.append(
            {
                "circumstance": "主动消除或者减轻违法行为危害后果，符合减轻处罚情形",
                "degree": "mitigated",
                "penalty": "罚款",
                "fine_min": str((low * Decimal("0.3")).quantize(law.CENT)),
                "fine_max": str(low),
            }
        )
    rows += [
        {
            "circumstance": "初次违法、及时改正，危害后果较小",
            "degree": "lighter",
            "penalty": "警告、罚款",
            "fine_min": str(low),
            "fine_max": str((low + span * Decimal("0.3")).quantize(law.CENT)),
        },
        {
            "circumstance": "违法行为持续时间较长或者涉及范围较广",
            "degree": "ordinary",
            "penalty": "罚款",
            "fine_min": str((low + span * Decimal("0.3")).quantize(law.CENT)),
            "fine_max": str((low + span * Decimal("0.7")).quantize(law.CENT)),
        },
        {
            "circumstance": "拒不改正、多次违法或者造成严重危害后果",
            "degree": "heavier",
            "penalty": "罚款",
            "fine_min": str((low + span * Decimal("0.7")).quantize(law.CENT)),
            "fine_max": str(high),
        },
    ]
    first = date(today.year - 3, 1, 1)
    source = f"{cast.unit.name}行政处罚裁量基准"
    services.benchmark_save(
        actor=cast.admin,
        item=item,
        effective_from=first,
        source=f"{source}（{first.year}年版）",
        published_on=first - timedelta(days=15),
        rows=rows,
    )
    cast.exemptions[item.pk] = services.exemption_save(
        actor=cast.admin,
        item=item,
        kind="discretionary",
        circumstance=f"初次{spec.violation}，危害后果轻微并及时改正",
        effective_from=first,
        source=f"{cast.unit.name}轻微违法行为免罚清单",
    )
    if spec is cast.spec.items[0]:
        services.exemption_save(
            actor=cast.admin,
            item=item,
            kind="mandatory",
            circumstance=f"{spec.violation}轻微并及时改正，没有造成危害后果",
            effective_from=first,
            source=f"{cast.unit.name}轻微违法行为免罚清单",
        )
    return item


# ---- the cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseSpec:
    """One demo case of body `body`, opened `days_ago` days before today, stopping in `stop`."""

    body: str
    item: int
    days_ago: int
    stop: str
    simplified: bool = False
    person: bool = False
    fine: str | None = None  # None: the middle of the "ordinary" benchmark row
    kinds: tuple[str, ...] = ("fine",)
    outcome: str = "penalty"
    hearing: bool = False
    review: bool = False
    late_decision: bool = False
    publish: str = "on_time"  # on_time | late | none | withdrawn
    pay: str = "on_time"  # on_time | late | none
    transfer: str = ""  # body | criminal
    mitigated: bool = False
    extension: bool = False


CASES: tuple[CaseSpec, ...] = (
    # 市场监管: the demo accounts' body
    CaseSpec("market", 0, 900, "closed"),
    CaseSpec("market", 1, 840, "closed", simplified=True, fine="1000"),
    CaseSpec("market", 2, 600, "closed", hearing=True, kinds=("fine", "confiscation")),
    CaseSpec("market", 1, 500, "closed", outcome="no_penalty"),
    CaseSpec("market", 0, 320, "closed", publish="late"),
    CaseSpec("market", 2, 260, "closed", publish="withdrawn", review=True),
    CaseSpec("market", 0, 220, "transferred", transfer="criminal"),
    CaseSpec("market", 0, 150, "executing", pay="none", extension=True),
    CaseSpec("market", 0, 130, "investigating"),
    CaseSpec("market", 2, 24, "reviewing", review=True),
    CaseSpec("market", 1, 12, "notified"),
    # 卫生健康
    CaseSpec("health", 1, 800, "closed", simplified=True, person=True, fine="50"),
    CaseSpec("health", 0, 450, "closed", outcome="no_penalty"),
    CaseSpec("health", 2, 380, "closed", pay="late"),
    CaseSpec("health", 0, 200, "dismissed"),
    CaseSpec("health", 0, 18, "ready"),
    CaseSpec("health", 0, 9, "hearing", hearing=True, kinds=("fine", "suspension")),
    # 城管执法
    CaseSpec("urban", 0, 650, "closed"),
    CaseSpec("urban", 1, 350, "closed", late_decision=True, publish="late"),
    CaseSpec("urban", 2, 60, "transferred", transfer="body"),
    CaseSpec("urban", 1, 55, "executing", publish="none", pay="none"),
    CaseSpec("urban", 0, 30, "decided", publish="none"),
    # 生态环境
    CaseSpec("ecology", 0, 550, "closed", hearing=True, kinds=("fine", "suspension")),
    CaseSpec("ecology", 1, 420, "closed", review=True, mitigated=True),
    CaseSpec("ecology", 0, 40, "decided", review=True, publish="none"),
    # 街道综合执法
    CaseSpec("street", 0, 500, "closed", simplified=True, person=True, fine="100"),
    CaseSpec("street", 1, 270, "closed", late_decision=True),
    CaseSpec("street", 1, 8, "investigating"),
)

RECORD_TEXT = (
    "现场检查笔录\n检查时间：{day}\n检查地点：{address}\n执法人员：{officers}（已出示执法证件）\n"
    "当事人：{party}\n检查情况：经现场检查，发现当事人{violation}。执法人员当场拍照取证，"
    "并告知当事人享有陈述、申辩的权利。\n当事人签字：（已签）"
)


def _fine(item: Item, spec: CaseSpec) -> Decimal | None:
    if spec.outcome != "penalty" or "fine" not in spec.kinds:
        return None
    if spec.fine is not None:
        return Decimal(spec.fine)
    low = item.statutory_min or Decimal("0")
    high = item.statutory_max
    if spec.mitigated:
        return (low * Decimal("0.6")).quantize(Decimal("1"))
    return (low + (high - low) * Decimal("0.5")).quantize(Decimal("100"), ROUND_HALF_UP)


def _row(item: Item, fine: Decimal | None, day: date, *, mitigated: bool = False):
    """The benchmark row in force on `day` whose range holds `fine` (a 减轻处罚 row only for a
    mitigated fine)."""
    if fine is None:
        return None
    for row in services.benchmark_in_force(item, day).rows.all():
        if (row.degree == "mitigated") == mitigated and row.fine_min <= fine <= row.fine_max:
            return row
    return None


def _hearing_day(notified: date) -> date:
    """The first day at least 7 working days after a hearing notice (第六十四条第二项)."""
    day = notified + timedelta(days=10)
    while law.period_due("penalty.hearing_notice", day) < notified:
        day += timedelta(days=1)
    return day


def _case(cast: Cast, spec: CaseSpec, rng: random.Random, today: date, made: list) -> Story:
    item = cast.items[spec.item]
    opened = today - timedelta(days=spec.days_ago)
    parties = party(rng, ITEMS[item.code], spec.person, cast.district.short_name)
    lead, assist = cast.officers[0], cast.officers[1 + rng.randrange(len(cast.officers) - 1)]
    names = f"{lead.person.name}、{assist.person.name}"

    def at(day: date, hour: int = 10) -> datetime:
        return moment(day, hour)

    def refresh() -> PenaltyCase:
        return PenaltyCase.objects.get(pk=case.pk)

    yield at(opened, 9)
    facts = (
        f"{law.fmt(opened - timedelta(days=3))}，当事人{parties['party_name']}"
        f"{ITEMS[item.code].violation}，违反了{item.legal_basis}的规定。"
    )
    case = services.case_open(
        actor=cast.lead,
        body=cast.body,
        item=item,
        number=cast.number("立", opened.year),
        occurred_on=opened - timedelta(days=3),
        source=rng.choice(("inspection", "complaint", "inspection", "assigned")),
        facts=facts,
        violation_type=ITEMS[item.code].violation,
        simplified=spec.simplified,
        officers=[lead, assist],
        **parties,
    )
    made.append(case)
    fine = _fine(item, spec)

    if spec.simplified:
        services.case_propose(
            actor=cast.lead,
            case=case,
            penalty_kinds=["fine"],
            fine=fine,
            benchmark_row=_row(item, fine, opened),
            discretion_reasoning="当场查实，违法事实确凿，依法当场处罚。",
        )
        services.case_decide_on_spot(
            actor=cast.lead, case=case, decision_number=cast.number("简罚", opened.year)
        )
        yield at(opened + timedelta(days=2))
        services.publish(actor=cast.lead, case=refresh())
        services.payment_record(
            actor=cast.lead,
            case=refresh(),
            paid_on=opened + timedelta(days=2),
            amount=fine,
            receipt=f"FK{case.pk:08d}",
        )
        if spec.stop == "closed":
            yield at(opened + timedelta(days=3))
            services.case_close(actor=cast.lead, case=refresh())
        return

    yield at(opened + timedelta(days=1))
    text = RECORD_TEXT.format(
        day=law.fmt(opened + timedelta(days=1)),
        address=parties["party_address"],
        officers=names,
        party=parties["party_name"],
        violation=ITEMS[item.code].violation,
    )
    services.evidence_add(
        actor=cast.lead,
        case=case,
        upload=SimpleUploadedFile("现场检查笔录.txt", text.encode(), content_type="text/plain"),
        kind="onsite",
        title="现场检查笔录",
        collected_on=opened + timedelta(days=1),
        collected_by=lead,
    )
    if spec.stop == "investigating":
        return
    if spec.stop == "dismissed":
        yield at(opened + timedelta(days=10))
        services.case_dismiss(
            actor=cast.head,
            case=case,
            reason="经核查，当事人已于立案前办理相关手续，不存在违法行为。",
        )
        return
    if spec.transfer:
        yield at(opened + timedelta(days=12))
        criminal = spec.transfer == "criminal"
        transfer = services.case_transfer(
            actor=cast.head,
            case=case,
            kind=spec.transfer,
            receiver=f"{cast.district.short_name}公安分局"
            if criminal
            else f"{cast.district.short_name}市场监督管理局",
            reason="涉案货值金额较大，涉嫌构成生产、销售不符合安全标准的食品罪。"
            if criminal
            else "违法行为属于其他行政机关管辖。",
            materials="案件移送书、现场检查笔录、询问笔录、涉案物品清单",
        )
        yield at(opened + timedelta(days=20))
        services.transfer_feedback(
            actor=cast.lead,
            transfer=transfer,
            accepted_on=opened + timedelta(days=18),
            feedback="已受理立案侦查。" if criminal else "已受理。",
        )
        return
    decide_day = opened + timedelta(days=110 if spec.late_decision or spec.extension else 25)
    if spec.outcome == "no_penalty":
        yield at(opened + timedelta(days=5))
        services.case_propose(
            actor=cast.lead,
            case=case,
            penalty_kinds=[],
            exemption=cast.exemptions[item.pk],
            discretion_reasoning="当事人初次违法，危害后果轻微并及时改正，依法可以不予行政处罚。",
        )
        decide_day = opened + timedelta(days=8)
    else:
        yield at(opened + timedelta(days=3))
        services.case_propose(
            actor=cast.lead,
            case=case,
            penalty_kinds=list(spec.kinds),
            fine=fine,
            confiscation="3000" if "confiscation" in spec.kinds else None,
            benchmark_row=_row(item, fine, opened + timedelta(days=3), mitigated=spec.mitigated),
            discretion_reasoning="综合违法行为的事实、性质、情节和社会危害程度，依照裁量基准拟处罚。",
            major_public_interest=spec.review,
            major_violation=spec.hearing,
        )
        notified = opened + timedelta(days=5)
        yield at(notified)
        services.case_notify(
            actor=cast.lead,
            case=case,
            notified_on=notified,
            facts=facts,
            reasons=f"当事人的行为违反了{item.legal_basis}的规定。",
            basis=item.legal_basis,
            proposal=f"{'、'.join(spec.kinds)}：罚款人民币{fine}元" if fine else "警告",
            waived=not spec.hearing and spec.stop != "notified",
        )
        if spec.stop == "notified":
            return
        after = notified + timedelta(days=2)
        if spec.hearing:
            yield at(after)
            hearing = services.hearing_request(actor=cast.lead, case=case, requested_on=after)
            if spec.stop == "hearing":
                return
            yield at(after + timedelta(days=1))
            held = _hearing_day(after + timedelta(days=1))
            services.hearing_notify(
                actor=cast.lead,
                hearing=hearing,
                notified_on=after + timedelta(days=1),
                scheduled_on=held,
                place=f"{cast.unit.name}听证室",
                chair=cast.head,
            )
            yield at(held)
            hearing.refresh_from_db()
            services.hearing_hold(
                actor=cast.lead,
                hearing=hearing,
                held_on=held,
                record="当事人及其委托代理人到场陈述申辩，对违法事实无异议，请求从轻处罚。",
            )
            after = held + timedelta(days=2)
            decide_day = max(decide_day, held + timedelta(days=10))
        if spec.review or spec.hearing or item.review_listed:
            yield at(after)
            services.review_submit(actor=cast.lead, case=case)
            if spec.stop == "reviewing":
                return
            yield at(after + timedelta(days=3))
            services.review_record(
                actor=cast.reviewer,
                case=case,
                result="agree",
                opinion="主体合法，事实清楚，证据确凿，适用依据正确，程序合法，裁量适当。同意。",
            )
        else:
            yield at(after)
            services.case_ready(actor=cast.lead, case=case)
        if spec.stop == "ready":
            return
        if spec.extension:
            yield at(opened + timedelta(days=80))
            services.case_extend(
                actor=cast.head,
                case=case,
                days=30,
                reason="案情复杂，需要补充检验检测，进一步调查取证。",
                basis="《市场监督管理行政处罚程序规定》第六十四条",
            )
        if spec.hearing:
            yield at(decide_day - timedelta(days=1))
            services.discussion_record(
                actor=cast.head,
                case=case,
                held_on=decide_day - timedelta(days=1),
                meeting=f"{cast.unit.name}案件审理委员会会议",
                attendees=f"{cast.head.name}等负责人",
                conclusion="同意按拟处罚意见作出行政处罚决定。",
            )

    yield at(decide_day)
    services.case_decide(
        actor=cast.head,
        case=refresh(),
        outcome=spec.outcome,
        decided_on=decide_day,
        decision_number=cast.number("罚", decide_day.year),
    )
    if spec.stop == "decided":
        return
    served = decide_day + timedelta(days=2)
    yield at(served)
    services.case_serve(actor=cast.lead, case=refresh(), served_on=served, method="直接送达")
    if spec.outcome != "penalty" or not fine:
        if spec.stop == "closed":
            yield at(served + timedelta(days=1))
            services.case_close(actor=cast.lead, case=refresh())
        return

    # After service: publication (on time, late, never, or withdrawn after a reconsideration
    # revoked the decision) and payment (on time, late with the surcharge, or not yet), in
    # the order of their days.
    acts: list[tuple[date, int, Callable[[date], None]]] = []
    published = decide_day + timedelta(days=20 if spec.publish == "late" else 3)
    if spec.publish != "none":
        acts.append((published, 0, lambda day: services.publish(actor=cast.lead, case=refresh())))
    if spec.pay != "none":
        due = services.payment_due_of(refresh())
        paid_on = due + timedelta(days=5) if spec.pay == "late" else served + timedelta(days=6)

        def pay(day: date) -> None:
            current = refresh()
            owed = fine + (current.confiscation or 0)
            late = services.surcharge_of(current, on=day)
            services.payment_record(
                actor=cast.lead,
                case=current,
                paid_on=day,
                amount=owed + (late.amount if late else 0),
                receipt=f"FK{case.pk:08d}",
            )

        acts.append((paid_on, 1, pay))
    closed = max((a[0] for a in acts), default=served) + timedelta(days=1)
    close_reason = ""
    if spec.publish == "withdrawn":
        filed, ended = published + timedelta(days=6), published + timedelta(days=40)
        acts += [
            (
                filed,
                2,
                lambda day: services.challenge_record(
                    actor=cast.lead, case=refresh(), kind="reconsideration", filed_on=day
                ),
            ),
            (
                ended,
                3,
                lambda day: services.challenge_end(
                    actor=cast.lead,
                    challenge=refresh().challenges.get(),
                    ended_on=day,
                    result="复议机关决定撤销原行政处罚决定",
                ),
            ),
            (
                ended + timedelta(days=2),
                4,
                lambda day: services.publication_withdraw(
                    actor=cast.head,
                    publication=Publication.objects.get(case_id=case.pk),
                    reason="该行政处罚决定已被行政复议机关决定撤销，依法撤回公示。",
                    revoked_on=ended,
                ),
            ),
        ]
        closed, close_reason = ended + timedelta(days=3), "处罚决定被行政复议决定撤销"
    if spec.stop == "closed":
        acts.append(
            (
                closed,
                5,
                lambda day: services.case_close(
                    actor=cast.lead, case=refresh(), close_reason=close_reason
                ),
            )
        )
    for day, _order, act in sorted(acts, key=lambda a: (a[0], a[1])):
        yield at(day)
        act(day)


ITEMS: dict[str, ItemSpec] = {item.code: item for spec in BODIES for item in spec.items}

# ---- trainings ----------------------------------------------------------------------------------

SESSIONS = (
    ((3, 15), "行政处罚法及其配套制度专题培训", "区司法局", 24),
    ((6, 18), "行政执法全过程记录与执法文书规范化培训", "区司法局", 20),
    ((10, 20), "本系统业务知识和执法技能培训", "", 20),
)


def _trainings(casts: list[Cast], today: date) -> Story:
    """This year's sessions (64 hours in all); some officers miss one."""
    for year in (today.year,):
        for (month, day), title, organizer, hours in SESSIONS:
            held = date(year, month, day)
            if held >= today:
                return
            yield moment(held, 16)
            for cast in casts:
                officers = Officer.objects.filter(body=cast.body, duty="enforcement", active=True)
                for index, officer in enumerate(officers.order_by("pk")):
                    if (index * 7 + month + cast.body.pk) % 11 == 0:
                        continue  # absent from this session: short of the yearly hours
                    services.training_record(
                        actor=cast.admin,
                        officer=officer,
                        held_on=held,
                        title=title,
                        organizer=organizer or cast.unit.name,
                        hours=hours,
                    )


# ---- a random inspection and a case-file evaluation ----------------------------------------

CHECKLIST = (
    ("电梯等特种设备是否办理使用登记", "《中华人民共和国特种设备安全法》第三十三条"),
    ("使用登记标志是否置于显著位置", "《中华人民共和国特种设备安全法》第三十三条"),
    ("是否按期进行定期检验", "《中华人民共和国特种设备安全法》第四十条"),
)
TIERS = (("A", 1), ("B", 3), ("C", 5), ("D", 1))  # credit/risk tier, weight


def _entities_upload(rng: random.Random, district: Unit) -> SimpleUploadedFile:
    """The target list (检查对象名录) as the .xlsx a body imports: 60 property companies."""
    streets = list(
        Unit.objects.filter(path__startswith=district.path, kind=UnitKind.STREET)
        .order_by("path")
        .values_list("name", flat=True)[:5]
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "名称", "所在街道", "地址", "信用风险等级", "行业"])
    codes: set[str] = set()
    while len(codes) < 60:
        codes.add(company_code(rng))
    for code in sorted(codes):
        words = TRADE_WORDS["物业管理"]
        sheet.append(
            [
                code,
                f"北京{rng.choice(SHOP_HEADS)}{rng.choice(SHOP_HEADS)}{rng.choice(words)}",
                rng.choice(streets) if streets else "",
                f"北京市{district.short_name}{rng.choice(SHOP_HEADS)}园路{rng.randint(1, 200)}号",
                rng.choices([t for t, _ in TIERS], weights=[w for _, w in TIERS])[0],
                "物业管理",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("检查对象名录.xlsx", buffer.getvalue())


def _inspection_plan(cast: Cast, clerk: Person, rng: random.Random, today: date) -> Story:
    """双随机、一公开 of the market body over its special-equipment item: the targets imported
    by the 司法局 (which keeps the register), the checklist set; the plan published with its
    pools and seed commitment, drawn; two results recorded (one with problems), one published."""
    drafted = today - timedelta(days=80)
    yield moment(drafted)
    report = importing.entities_import(
        actor=clerk, body=cast.body, upload=_entities_upload(rng, cast.district)
    )
    if report.error or report.bad_rows:
        raise RuntimeError(f"demo targets refused: {report.error or report.problems}")
    item = cast.items[-1]
    inspection_services.checklist_save(
        actor=cast.admin,
        item=item,
        lines=[{"text": text, "basis": basis} for text, basis in CHECKLIST],
    )
    starts = drafted + timedelta(days=15)
    plan = inspection_services.plan_create(
        actor=cast.admin,
        body=cast.body,
        title=f"{starts.year}年度特种设备使用登记情况双随机抽查",
        year=starts.year,
        starts_on=starts,
        ends_on=starts + timedelta(days=90),
        items=[item],
        ratios={"A": "1/20", "B": "1/10", "C": "1/10", "D": "1/5"},
    )
    yield moment(drafted + timedelta(days=5))
    plan = inspection_services.plan_commit(actor=cast.admin, plan=plan)
    yield moment(drafted + timedelta(days=8))
    plan = inspection_services.plan_draw(actor=cast.admin, plan=plan)
    inspections = list(plan.inspections.order_by("order")[:2])
    lines = inspection_services.plan_checklist(plan)
    for index, inspection in enumerate(inspections):
        day = starts + timedelta(days=5 + index)
        yield moment(day)
        inspector = inspection.officers.select_related("person").order_by("pk").first()
        problem = index == 1
        findings = {line.pk: (True, "") for line in lines}
        if problem:
            findings[lines[-1].pk] = (False, "电梯超过检验有效期未申请定期检验")
        inspection_services.inspection_record(
            actor=inspector.person,
            inspection=inspection,
            inspected_on=day,
            findings=findings,
            result="发现问题，责令限期改正" if problem else inspection_services.RESULT_OK,
            problems="一部电梯超过检验有效期，已责令停止使用并限期申请检验。" if problem else "",
        )
    if inspections:
        yield moment(starts + timedelta(days=12))
        inspection_services.inspection_publish(
            actor=cast.admin, plan=plan, inspections=inspections[:1]
        )


def _campaign(casts: list[Cast], office: Unit, clerk: Person, today: date) -> Story:
    """案卷评查 by the 司法局: one closed case drawn per body (verifiably), every file scored
    against the default standard, one failing a veto item, its rectification required."""
    started = today - timedelta(days=30)
    yield moment(started)
    standard = evaluation.default_standard(office, actor=clerk)
    campaign = evaluation.campaign_create(
        actor=clerk,
        standard=standard,
        title=f"{today.year}年度行政处罚案卷评查",
        year=today.year,
        closed_from=date(today.year - 2, 1, 1),
        closed_to=started - timedelta(days=1),
        bodies=[c.body for c in casts],
        sample_size=1,
    )
    yield moment(started + timedelta(days=2))
    campaign = evaluation.campaign_commit(actor=clerk, campaign=campaign)
    yield moment(started + timedelta(days=3))
    campaign = evaluation.campaign_draw(actor=clerk, campaign=campaign)
    yield moment(started + timedelta(days=12))
    criteria = list(standard.criteria.order_by("order"))
    veto = next(c for c in criteria if c.kind == "veto")
    scored = [c for c in criteria if c.kind != "veto"]
    files = list(campaign.files.select_related("case").order_by("order"))
    for index, file in enumerate(files):
        marks = [
            {"criterion": scored[index % len(scored)], "lost": "2", "note": "文书填写不规范"},
            {"criterion": scored[-2], "lost": str(index * 2), "note": "说理不够充分"},
        ]
        if index == len(files) - 1:
            marks.append({"criterion": veto, "note": "现场检查笔录仅有一名执法人员签名"})
        evaluation.file_evaluate(actor=clerk, file=file, marks=marks, comments="已评查。")
    if files:
        yield moment(started + timedelta(days=15))
        evaluation.rectification_require(
            actor=clerk,
            file=files[-1],
            required="补正执法人员签名缺失问题，完善现场检查笔录制作规范，举一反三开展自查。",
            due_on=today + timedelta(days=30),
        )


# ---- build --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    bodies: list[Body] = field(default_factory=list)
    cases: list[PenaltyCase] = field(default_factory=list)


def _casts(
    district: Unit, index: int, clerk: Person, rng: random.Random, today: date
) -> list[Cast]:
    casts = []
    for spec in BODIES:
        cast = _register(
            district,
            index,
            clerk,
            spec,
            rng,
            today,
            officers_wanted=5,
            troubles=spec.key != "street",
        )
        if cast is not None and len(cast.officers) >= 2 and cast.reviewer is not None:
            casts.append(cast)
    return casts


def build(districts: list[Unit], *, seed: int, today: date | None = None) -> dict[int, Outcome]:
    """Build the enforcement bodies and cases of each district (district k of the demo is
    `districts[k - 1]`), all stories together in time order; return what was made, by
    district id."""
    today = today or timezone.localdate()
    outcomes: dict[int, Outcome] = {}
    stories: list[Story] = []
    for index, district in enumerate(districts, start=1):
        outcome = outcomes[district.pk] = Outcome()
        clerk = _clerk(district)
        if clerk is None:
            continue
        rng = random.Random(f"enforcement:{seed}:{district.name}")
        with clock(moment(date(today.year - 3, 1, 10))):
            casts = _casts(district, index, clerk, rng, today)
        outcome.bodies = [c.body for c in casts]
        by_key = {c.spec.key: c for c in casts}
        stories.append(_trainings(casts, today))
        if "market" in by_key:
            stories.append(_inspection_plan(by_key["market"], clerk, rng, today))
        supervisor = _supervisor(district)
        if casts and supervisor is not None:
            stories.append(_campaign(casts, _office(district), supervisor, today))
        for spec in CASES:
            if spec.body in by_key:
                stories.append(_case(by_key[spec.body], spec, rng, today, outcome.cases))
    run(stories, until=moment(today, 0))
    return outcomes
