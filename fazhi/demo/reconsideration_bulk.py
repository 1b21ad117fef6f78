"""Reconsideration cases for load tests (bench/reconsideration_figures.py).

N applications to the district's 司法局 are written by raw bulk inserts (`executemany` on
SQLite, COPY on PostgreSQL; transactions of 10,000) with the fields the figures count set as the
services would have set them, consistent with each other: no procedure history, deadlines,
records or ledger entries. A corpus for measuring the figures, not a demonstration of the
procedure (that is `reconsideration.py`).

The spread: received uniformly from January 1 two years ago to today; respondents weighted
(城管, 市场监管, 公安 and 规自 most; every department and street office some); kinds of act
weighted (行政处罚 40%, 政府信息公开 12%…); of the applications 10% not accepted (by reason),
3% abandoned after a notice to supplement, 6% resolved before acceptance (案前化解), 2%
withdrawn, the others accepted within 6 days (3% deemed accepted on the 7th); 20% of the
accepted under the simplified procedure; of the accepted 75% decided (维持 45%, 驳回请求 20%,
撤销 12%, 确认违法 8%…), 10% mediated, 15% terminated (mostly withdrawn); the time to the end
log-normal (median ≈ 40 days general, 18 simplified; 5% extended by 30 days), so that about 5%
end after their period; those whose end lies after today are still pending. Deterministic for a
seed, a district and a day (the receipt numbers are numbered, not drawn).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from fazhi.core.models import Unit, UnitKind
from fazhi.demo.enforcement import GIVEN, SHOP_HEADS, SURNAMES, company_code, identity_number
from fazhi.demo.reconsideration import RESPONDENTS
from fazhi.reconsideration.models import ReconsiderationCase

POOL = 2_000  # distinct applicants drawn per district
HEAVY = {
    "区城市管理综合行政执法局": 12,
    "区市场监督管理局": 10,
    "区公安分局": 8,
    "区规划和自然资源分局": 6,
    "区人力资源和社会保障局": 5,
    "区住房和城乡建设委员会": 5,
}
SUBJECTS = (("penalty", 40), ("disclosure", 12), ("inaction", 8), ("compulsion", 8),
            ("complaint", 8), ("license", 6), ("injury", 5), ("confirmation", 4),
            ("expropriation", 4), ("agreement", 2), ("other", 3))  # fmt: skip
REFUSALS = (("out_of_scope", 35), ("out_of_time", 20), ("no_interest", 15), ("not_competent", 10),
            ("duplicate", 8), ("no_request", 7), ("no_party", 5))  # fmt: skip
DECISIONS = (("uphold", 45), ("reject_request", 20), ("reject_application", 5), ("revoke", 12),
             ("partial_revoke", 3), ("vary", 3), ("unlawful", 8), ("void", 1),
             ("perform", 3))  # fmt: skip

# The columns the rows draw, in order (the other fields take their defaults: "" or NULL).
COLUMNS = (
    "state", "version", "unit_id", "receipt_number", "number", "channel", "received_on",
    "dedup_key", "applicant_kind", "applicant_name", "applicant_id_number",
    "respondent_unit_id", "respondent_name", "act", "act_known_on", "subject", "request",
    "reasons", "review_due", "refusal_reason", "competent_body", "accepted_on", "deemed_accepted",
    "simplified", "copy_sent_on", "respondent_received_on",
    "decision_due", "extended_days", "decision_kind", "decided_on", "served_on", "outcome",
    "ended_on", "on_time", "termination_ground", "published_on", "created_at",
)  # fmt: skip


@dataclass
class Respondent:
    pk: int
    name: str
    prefix: str
    weight: int


def _weighted(pairs) -> tuple[list[str], list[int]]:
    values, weights = zip(*pairs, strict=True)
    return list(values), list(weights)


def respondents(district: Unit) -> list[Respondent]:
    """Every department and street office or township of the district."""
    prefixes = {name: prefix for name, prefix in RESPONDENTS.values() if name}
    kinds = (UnitKind.DEPARTMENT, UnitKind.STREET, UnitKind.TOWNSHIP)
    units = Unit.objects.filter(path__startswith=district.path, kind__in=kinds).order_by("path")
    return [
        Respondent(u.pk, u.name, prefixes.get(u.name, "示"), HEAVY.get(u.name, 1)) for u in units
    ]


class _Rows:
    """Draws the cases (tuples in COLUMNS order) from one random stream."""

    def __init__(self, rng: random.Random, office: Unit, targets: list[Respondent], today: date):
        self.rng, self.office, self.today = rng, office, today
        self.targets = targets
        self.weights = [t.weight for t in targets]
        self.first_day = date(today.year - 2, 1, 1)
        self.span = (today - self.first_day).days
        self.subjects = _weighted(SUBJECTS)
        self.refusals = _weighted(REFUSALS)
        self.decisions = _weighted(DECISIONS)
        sqlite = connection.vendor == "sqlite"
        self._days: dict[date, str] = {}
        self.day = self._iso if sqlite else (lambda d: d)
        self.created = connection.ops.adapt_datetimefield_value(timezone.now())
        self.people = [self._applicant(rng) for _ in range(POOL)]

    @staticmethod
    def _applicant(rng: random.Random) -> tuple[str, str, str]:
        if rng.random() < 0.7:
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=2))
            return "person", name, identity_number(rng)
        name = f"北京{rng.choice(SHOP_HEADS)}{rng.choice(SHOP_HEADS)}有限公司"
        return "legal", name, company_code(rng)

    def _iso(self, day: date | None):
        if day is None:
            return None
        value = self._days.get(day)
        if value is None:
            value = self._days[day] = day.isoformat()
        return value

    def _before(self, received: date) -> tuple[str, str, int]:
        """How the application ended before acceptance, if it did: (outcome, reason, days)."""
        roll = self.rng.random()
        if roll < 0.10:
            reason = self.rng.choices(*self.refusals)[0]
            return "not_accepted", reason, self.rng.randint(2, 7)
        if roll < 0.13:
            return "abandoned", "", self.rng.randint(18, 30)
        if roll < 0.19:
            return "resolved", "", self.rng.randint(3, 10)
        if roll < 0.21:
            return "withdrawn", "", self.rng.randint(2, 8)
        return "", "", 0

    def _after(self, simplified: bool) -> tuple[str, str, str, int]:
        """How the accepted case ends: (outcome, decision kind, termination ground, days)."""
        rng = self.rng
        median = 18 if simplified else 40
        took = max(3, min(int(rng.lognormvariate(0, 0.35) * median), 150))
        roll = rng.random()
        if roll < 0.75:
            return "decided", rng.choices(*self.decisions)[0], "", took
        if roll < 0.85:
            return "mediated", "", "", took
        ground = (
            "withdrawn" if rng.random() < 0.7 else rng.choice(("no_heir", "criminal", "lapsed"))
        )
        return "terminated", "", ground, max(3, took // 2)

    def row(self, i: int) -> tuple:
        rng, today = self.rng, self.today
        received = self.first_day + timedelta(days=rng.randrange(self.span + 1))
        target = rng.choices(self.targets, weights=self.weights)[0]
        subject = rng.choices(*self.subjects)[0]
        kind, name, code = self.people[rng.randrange(POOL)]
        ended_before, refusal, days = self._before(received)
        state, outcome, ended, accepted, deemed = "received", "", None, None, False
        simplified, due, extended, decision, decided, served = False, None, 0, "", None, None
        on_time, ground, published = None, "", None
        if ended_before:
            ended = received + timedelta(days=days)
            if ended <= today:
                state, outcome, on_time = ended_before, ended_before, True
                state = "withdrawn" if ended_before == "resolved" else state
            else:
                ended, refusal = None, ""
                state = "supplementing" if ended_before == "abandoned" else "received"
        else:
            deemed = rng.random() < 0.03
            accepted = received + timedelta(days=7 if deemed else rng.randint(1, 6))
            if accepted > today:
                accepted, deemed = None, False
        copy_sent = None
        if accepted is not None:
            copy_sent = accepted + timedelta(days=1)
            copy_sent = copy_sent if copy_sent + timedelta(days=1) <= today else None
            simplified = rng.random() < 0.2
            extended = 30 if not simplified and rng.random() < 0.05 else 0
            due = accepted + timedelta(days=(30 if simplified else 60) + extended)
            outcome, decision, ground, took = self._after(simplified)
            ended = accepted + timedelta(days=took)
            if ended > today:
                outcome, decision, ground, ended = "", "", "", None
                state = "suspended" if rng.random() < 0.05 else "accepted"
            else:
                on_time = ended <= due
                state = {"decided": "decided", "mediated": "mediated"}.get(outcome, "terminated")
                if outcome == "decided":
                    decided = ended
                    served = decided + timedelta(days=3)
                    if served <= today:
                        state = "effective"
                        if rng.random() < 0.8 and served + timedelta(days=10) <= today:
                            published = served + timedelta(days=10)
                    else:
                        served = None
        day = self.day
        act = f"示{target.prefix}〔{received.year}〕B{i + 1}号"
        return (
            state,
            3,
            self.office.pk,
            f"FB{received:%Y%m%d}{i + 1:08d}",
            f"示例区政复B〔{accepted.year}〕{i + 1}号" if accepted else "",
            rng.choice(("online", "online", "letter", "window")),
            day(received),
            f"bulk-{self.office.pk}-{i + 1}",
            kind,
            name,
            code,
            target.pk,
            target.name,
            act,
            day(received - timedelta(days=rng.randint(3, 50))),
            subject,
            "请求撤销该行政行为。",
            "认定事实不清，适用依据错误。",
            day(received + timedelta(days=7)),
            refusal,
            "北京市人民政府" if refusal == "not_competent" else "",
            day(accepted),
            deemed,
            simplified,
            day(copy_sent),
            day(copy_sent + timedelta(days=1) if copy_sent else None),
            day(due),
            extended,
            decision,
            day(decided),
            day(served),
            outcome,
            day(ended),
            on_time,
            ground,
            day(published),
            self.created,
        )


def bulk_build(
    district: Unit,
    *,
    count: int,
    seed: int = 2026,
    first: int = 0,
    batch: int = 10_000,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write cases `first` … `first + count - 1` to `district`'s 司法局 in transactions of
    `batch`; return how many."""
    today = today or timezone.localdate()
    office = (
        Unit.objects.filter(path__startswith=district.path, kind=UnitKind.LEGAL_OFFICE)
        .order_by("path")
        .first()
    )
    targets = respondents(district)
    if office is None or not targets or count <= 0:
        return 0
    rows = _Rows(random.Random(f"reconsideration-bulk:{seed}:{district.name}"), office, targets,
                 today)  # fmt: skip
    table = ReconsiderationCase._meta.db_table
    others = [
        f
        for f in ReconsiderationCase._meta.concrete_fields
        if not f.primary_key and f.column not in COLUMNS
    ]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    columns = ", ".join([*COLUMNS, *(f.column for f in others)])
    marks = ", ".join(["%s"] * (len(COLUMNS) + len(others)))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    postgres = connection.vendor == "postgresql"
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
