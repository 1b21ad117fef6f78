"""Penalty cases for load tests (`fazhi demo --bulk --cases N`).

First more bodies are registered through the services — besides the demo's five (see
`enforcement.py`), the departments of BULK_DEPARTMENTS and every street office and township,
each with two certified officers and a penalty item — then N cases are written by raw bulk
inserts (`executemany` on SQLite, COPY on PostgreSQL; transactions of 10,000) with the fields
the supervision figures count set as the services would have set them, consistent with each
other: no procedure history, evidence, publications or ledger entries. A corpus for measuring
the supervision figures (bench/enforcement_figures.py), not a demonstration of the procedure.

The spread: opened uniformly from January 1 two years ago to today; bodies weighted (市场监管
and 城管 most); 35% simplified where the item's minimum allows it (decided and paid on the
day); of the ordinary cases 3% transferred, 2% dismissed, the others decided after a
log-normal number of days (median ≈ 27) or, 4%, after the 90-day period; recent ones still in a
stage before the decision, half of those past their period still under investigation; 8% not
punished, 2% facts not established; 5% of fines mitigated below the statutory minimum; of the
penalties 92% published within 7 working days (due: decision + 9 days), 6% late, 2% never; 5%
of the paid ones with a surcharge; 15% legally reviewed, 2% heard. Deterministic for a seed, a
district and a day.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from fazhi.core.models import Person, Role, Unit, UnitKind
from fazhi.demo.decisions import clock, moment
from fazhi.demo.enforcement import (
    BODIES,
    GIVEN,
    SHOP_HEADS,
    SURNAMES,
    TRADE_WORDS,
    _clerk,
    _first_post,
    _new_officer,
    company_code,
    identity_number,
)
from fazhi.enforcement import services
from fazhi.enforcement.models import Body, Item, PenaltyCase

# Departments registered as bodies for the load test besides the demo's, with one item each:
# (department, case-number prefix, item name, legal basis, statutory min, max).
BULK_DEPARTMENTS = (
    ("区交通委员会", "交", "对未取得道路运输经营许可擅自从事道路运输经营的行政处罚",
     "《中华人民共和国道路运输条例》第六十三条", "10000", "100000"),
    ("区规划和自然资源分局", "规自", "对未取得建设工程规划许可证进行建设的行政处罚",
     "《中华人民共和国城乡规划法》第六十四条", None, "50000"),
    ("区住房和城乡建设委员会", "住建", "对建设单位未取得施工许可证擅自施工的行政处罚",
     "《建筑工程施工许可管理办法》第十二条", "10000", "30000"),
    ("区文化和旅游局", "文旅", "对旅行社未经许可经营出境旅游业务的行政处罚",
     "《中华人民共和国旅游法》第九十五条第一款", "10000", "100000"),
    ("区应急管理局", "应急", "对生产经营单位未按规定对从业人员进行安全生产教育和培训的行政处罚",
     "《中华人民共和国安全生产法》第九十七条第三项", None, "100000"),
    ("区水务局", "水", "对未经批准擅自取水的行政处罚",
     "《中华人民共和国水法》第六十九条第一项", "20000", "100000"),
    ("区农业农村局", "农", "对经营假农药的行政处罚",
     "《农药管理条例》第五十五条第一款第一项", "5000", "50000"),
    ("区人力资源和社会保障局", "人社", "对用人单位违反工作时间规定延长劳动者工作时间的行政处罚",
     "《劳动保障监察条例》第二十五条", "100", "500"),
)  # fmt: skip
WEIGHTS = {"market": 10, "urban": 8, "health": 4, "ecology": 3}  # departments 1, streets 2
RECENT_STATES = ("investigating", "notified", "hearing", "reviewing", "ready")  # before deciding
POOL = 2_000  # distinct party names and codes drawn per district

# The columns the rows draw, in order (the other fields of PenaltyCase take their defaults).
COLUMNS = (
    "state", "version", "unit_id", "body_id", "item_id", "number", "simplified", "source",
    "party_kind", "party_name", "party_code", "party_address", "party_phone",
    "party_representative", "facts", "violation_type", "occurred_on", "ended_on",
    "endangers_safety", "discovered_on", "opened_on", "opened_by_id", "single_officer_basis",
    "penalty_kinds", "fine", "confiscation", "penalty_other", "outside_range_reason",
    "discretion_reasoning", "major_public_interest", "complex_case", "other_review_basis",
    "major_violation", "outcome", "decision_number", "decided_on", "decision_text", "served_on",
    "service_method", "closed_on", "close_reason", "decision_due", "hearing_held",
    "review_required", "reviewed", "reduced", "surcharge", "paid", "transferred",
    "disclosure_due", "disclosed_on", "created_at",
)  # fmt: skip
ZERO = Decimal("0.00")


@dataclass
class BulkItem:
    pk: int
    violation: str
    low: Decimal
    high: Decimal
    review_listed: bool


@dataclass
class BulkBody:
    pk: int
    unit_id: int
    items: list[BulkItem]
    opened_by: int
    prefix: str
    weight: int


def _bulk_item(item: Item) -> BulkItem:
    violation = item.name.removeprefix("对").removesuffix("的行政处罚")
    low = item.statutory_min or ZERO
    return BulkItem(item.pk, violation, low, item.statutory_max or low + 50000, item.review_listed)


def _register(
    unit: Unit, prefix: str, item: tuple, district: Unit, index: int, clerk: Person, today: date
):
    """One more body through the services: two certified officers and one penalty item."""
    name, basis, low, high = item
    admin = _first_post(unit, Role.UNIT_ADMIN)
    if admin is None:
        return None
    local = unit.kind in (UnitKind.STREET, UnitKind.TOWNSHIP)
    body = services.body_register(
        actor=clerk,
        unit=unit,
        kind="agency",
        legal_basis=f"《{unit.name}职能配置、内设机构和人员编制规定》",
        scope="本机关法定职责范围内的行政处罚",
    )
    officers = []
    for number in range(2):
        rng = random.Random(f"bulk-officer:{unit.pk}:{number}")
        person = _new_officer(index, unit, f"bulk{unit.pk}-{number}", rng)
        officer = services.officer_register(actor=clerk, body=body, person=person)
        services.exam_record(
            actor=clerk, officer=officer, taken_on=date(today.year - 4, 5, 20), passed=True
        )
        services.certificate_issue(
            actor=clerk,
            officer=officer,
            number=f"1101{district.pk % 100:02d}{body.pk:03d}{number + 1:04d}",
            issuer="北京市人民政府",
            area=district.name,
            valid_from=date(today.year - 4, 7, 1),
            valid_to=date(today.year + 4, 6, 30),
        )
        officers.append(officer)
    saved = services.item_save(
        actor=admin.person,
        body=body,
        code=f"B{unit.pk:06d}",
        name=name,
        kind="penalty",
        legal_basis=basis,
        level="street" if local else "district",
        delegated=local,
        statutory_min=low,
        statutory_max=high,
    )
    weight = 2 if local else 1
    return BulkBody(body.pk, unit.pk, [_bulk_item(saved)], officers[0].person_id, prefix, weight)


def bodies(district: Unit, index: int, clerk: Person, today: date) -> list[BulkBody]:
    """The district's bodies for the load test: those it has, and the others registered."""
    out = []
    for body in Body.objects.filter(unit__path__startswith=district.path).select_related("unit"):
        items = [_bulk_item(i) for i in body.items.filter(kind="penalty", active=True)]
        officer = body.officers.filter(duty="enforcement").order_by("pk").first()
        spec = next((s for s in BODIES if s.unit == body.unit.name), BODIES[-1])
        if items and officer is not None:
            weight = WEIGHTS.get(spec.key, 2)
            out.append(
                BulkBody(body.pk, body.unit_id, items, officer.person_id, spec.prefix, weight)
            )
    have = {b.unit_id for b in out}
    units = Unit.objects.filter(path__startswith=district.path)
    street = BODIES[-1].items[0]
    wanted = []
    for name, prefix, *item in BULK_DEPARTMENTS:
        unit = units.filter(name=name, kind=UnitKind.DEPARTMENT).first()
        if unit is not None and unit.pk not in have:
            wanted.append((unit, prefix, tuple(item)))
    for unit in units.filter(kind__in=(UnitKind.STREET, UnitKind.TOWNSHIP)).order_by("path"):
        if unit.pk not in have:
            wanted.append((unit, "综执", (street.name, street.basis, street.low, street.high)))
    for unit, prefix, item in wanted:
        made = _register(unit, prefix, item, district, index, clerk, today)
        if made is not None:
            out.append(made)
    return out


class _Rows:
    """Draws the cases (tuples in COLUMNS order) from one random stream."""

    def __init__(self, rng: random.Random, bodies: list[BulkBody], today: date, place: str):
        self.rng = rng
        self.bodies = bodies
        self.cum = []
        total = 0
        for b in bodies:
            total += b.weight
            self.cum.append(total)
        self.today = today
        self.first_day = date(today.year - 2, 1, 1)
        self.span = (today - self.first_day).days
        sqlite = connection.vendor == "sqlite"
        self._days: dict[date, object] = {}
        self.day = self._iso if sqlite else (lambda d: d)
        self.money = str if sqlite else (lambda m: m)
        now = timezone.now()
        self.created = connection.ops.adapt_datetimefield_value(now)
        trades = [w for words in TRADE_WORDS.values() for w in words]
        self.people = [
            (
                rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                identity_number(rng),
                f"139{rng.randrange(10**8):08d}",
            )
            for _ in range(POOL)
        ]
        self.companies = [
            (
                f"北京{rng.choice(SHOP_HEADS)}{rng.choice(SHOP_HEADS)}{rng.choice(trades)}",
                company_code(rng),
                rng.choice(SURNAMES) + rng.choice(GIVEN),
            )
            for _ in range(POOL)
        ]
        self.addresses = [
            f"北京市{place}{rng.choice(SHOP_HEADS)}园路{rng.randint(1, 300)}号" for _ in range(POOL)
        ]
        self.fine_kinds = json.dumps(["fine"])
        self.no_kinds = json.dumps([])

    def _iso(self, day: date | None):
        if day is None:
            return None
        value = self._days.get(day)
        if value is None:
            value = self._days[day] = day.isoformat()
        return value

    def row(self, i: int) -> tuple:
        rng, today, day, money = self.rng, self.today, self.day, self.money
        b = self.bodies[_bisect(self.cum, rng.random() * self.cum[-1])]
        item = b.items[rng.randrange(len(b.items))] if len(b.items) > 1 else b.items[0]
        opened = self.first_day + timedelta(days=rng.randrange(self.span + 1))
        age = (today - opened).days
        person = rng.random() < 0.4
        limit = 200 if person else 3000  # 处罚法第五十一条
        simplified = rng.random() < 0.35 and item.low <= limit
        due = None if simplified else opened + timedelta(days=90)
        state, transferred, decided = "", "", None
        if simplified:
            state, decided = ("closed" if age > 3 else "executing"), opened
        else:
            roll = rng.random()
            if roll < 0.03:
                state, transferred = "transferred", ("body" if roll < 0.02 else "criminal")
            elif roll < 0.05:
                state = "dismissed"
            else:
                took = min(int(rng.lognormvariate(3.3, 0.5)), 200)
                if rng.random() < 0.04:
                    took = rng.randint(91, 160)  # decided after the 90-day period
                if took >= age:
                    stage = age * len(RECENT_STATES) // max(took, 1)
                    state = RECENT_STATES[min(stage, len(RECENT_STATES) - 1)]
                    if due < today and rng.random() < 0.5:
                        state = "investigating"
                else:
                    decided = opened + timedelta(days=took)
                    after = age - took
                    if after < 3:
                        state = "decided"
                    else:
                        state = "closed" if after > 40 and rng.random() < 0.93 else "executing"
        outcome, fine, reduced, surcharge, paid = "", None, ZERO, ZERO, ZERO
        disclosure_due = disclosed = None
        review_required = reviewed = hearing = False
        if decided is not None:
            roll = rng.random()
            outcome = (
                "penalty"
                if simplified or roll >= 0.10
                else "no_penalty"
                if roll < 0.08
                else "not_established"
            )
            if outcome == "penalty":
                low, top = item.low, min(item.high, limit) if simplified else item.high
                fine = (low + (top - low) * Decimal(rng.randrange(1000)) / 1000).quantize(
                    Decimal("10")
                )
                if not simplified and item.low > 0 and rng.random() < 0.05:
                    fine = (item.low / 2).quantize(Decimal("10"))  # 减轻处罚
                fine = max(fine, Decimal("10.00"))
                if not simplified and fine < item.low:
                    reduced = item.low - fine
                disclosure_due = decided + timedelta(days=9)
                roll = rng.random()
                if roll < 0.92:
                    disclosed = decided + timedelta(days=rng.randint(0, 8))
                elif roll < 0.98:
                    disclosed = decided + timedelta(days=rng.randint(10, 40))
                if disclosed is not None and disclosed > today:
                    disclosed = None
                if state == "closed":
                    paid = fine
                    if rng.random() < 0.05:
                        surcharge = min(fine * Decimal("0.03") * rng.randint(1, 20), fine)
                        paid += surcharge
            elif outcome == "no_penalty":
                reduced = item.low
            if not simplified:
                review_required = item.review_listed or rng.random() < 0.15
                hearing = rng.random() < 0.02
                review_required = reviewed = review_required or hearing
        if person:
            name, code, phone = self.people[rng.randrange(POOL)]
            representative = ""
        else:
            name, code, representative = self.companies[rng.randrange(POOL)]
            phone = ""
        closed = state == "closed"
        return (
            state,
            3,
            b.unit_id,
            b.pk,
            item.pk,
            f"示{b.prefix}立〔{opened.year}〕B{i + 1}号",
            simplified,
            "complaint" if i % 3 == 0 else "inspection",
            "person" if person else "legal",
            name,
            code,
            self.addresses[i % POOL],
            phone,
            representative,
            f"当事人{name}{item.violation}，经现场检查和调查询问，违法事实清楚，证据确凿。",
            item.violation,
            day(opened - timedelta(days=3)),
            None,
            False,
            day(opened),
            day(opened),
            b.opened_by,
            "",
            self.fine_kinds if fine is not None else self.no_kinds,
            money(fine) if fine is not None else None,
            None,
            "",
            "",
            "",
            False,
            False,
            "",
            False,
            outcome,
            f"示{b.prefix}罚〔{decided.year}〕B{i + 1}号" if decided else "",
            day(decided),
            "",
            day(decided + timedelta(days=2)) if decided else None,
            ("当场交付" if simplified else "直接送达") if decided else "",
            day(decided + timedelta(days=40 if not simplified else 0)) if closed else None,
            ("执行完毕" if outcome == "penalty" else "不予处罚") if closed else "",
            day(due),
            hearing,
            review_required,
            reviewed,
            money(reduced),
            money(surcharge.quantize(Decimal("0.01"))),
            money(paid.quantize(Decimal("0.01"))),
            transferred,
            day(disclosure_due),
            day(disclosed),
            self.created,
        )


def _bisect(cum: list[int], x: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] > x:
            hi = mid
        else:
            lo = mid + 1
    return lo


def bulk_build(
    district: Unit,
    *,
    count: int,
    seed: int = 2026,
    index: int = 1,
    first: int = 0,
    batch: int = 10_000,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write penalty cases `first` … `first + count - 1` for `district` (the demo's district
    `index`), registering more bodies through the services first, in transactions of `batch`;
    return how many."""
    today = today or timezone.localdate()
    clerk = _clerk(district)
    if clerk is None or count <= 0:
        return 0
    with transaction.atomic(), clock(moment(date(today.year - 3, 1, 12))):
        found = bodies(district, index, clerk, today)
    if not found:
        return 0
    rows = _Rows(random.Random(f"enforcement-bulk:{seed}:{district.name}"), found, today,
                 district.short_name)  # fmt: skip
    table = PenaltyCase._meta.db_table
    postgres = connection.vendor == "postgresql"
    # Fields the rows do not draw take their defaults (a field added to the model later).
    others = [
        f
        for f in PenaltyCase._meta.concrete_fields
        if not f.primary_key and f.column not in COLUMNS
    ]
    unknown = [f.name for f in others if not f.has_default() and not f.null]
    if unknown:
        raise RuntimeError(f"bulk cases: no value for {', '.join(unknown)}")
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    columns = ", ".join([*COLUMNS, *(f.column for f in others)])
    marks = ", ".join(["%s"] * (len(COLUMNS) + len(others)))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    for start in range(first, first + count, batch):
        values = [rows.row(i) + defaults for i in range(start, min(start + batch, first + count))]
        with transaction.atomic(), connection.cursor() as cursor:
            if postgres:  # COPY: several times faster than INSERT there
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                cursor.executemany(sql, values)
        if progress is not None:
            progress(len(values))
    return count
