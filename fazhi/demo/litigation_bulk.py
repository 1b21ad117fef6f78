"""Litigation cases for load tests (bench/litigation_figures.py): N instance records and about
one suggestion per 25 cases, written by bulk inserts (`bulk_create`, batches of 5,000) with the
fields the figures count set as the services would have set them and consistent with each
other — no procedure history, hearings, deadlines or ledger entries. A corpus for measuring
the figures, not a demonstration of the procedure (that is `litigation.py`).

The spread: complaints served uniformly from January 1 three years ago to today, on the
district's departments, street offices and townships and the district government (the
enforcement departments weighted most); 8% second instance; 15% with the head required; 10%
with the reconsideration body as co-defendant. By age: under 15 days served, under 45 answered,
under 75 heard (two in three), older ones concluded: 40% judgments rejecting the claim, 15%
rulings dismissing the suit, 15% judgments against the agency, 20% withdrawn, 5% mediated, 5%
terminated; of those heard the head appeared in 60% (85% where required). Answer and appeal
due dates are computed on the statutory calendar. Deterministic for a seed, a district and a
day.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

from django.db import transaction
from django.utils import timezone

from fazhi.core.models import Person, Post, Unit, UnitKind
from fazhi.litigation import law
from fazhi.litigation.models import LitigationCase, Suggestion

BATCH = 5_000
HEAVY = ("市场监督", "城市管理综合", "规划和自然资源", "住房和城乡建设", "生态环境", "人力资源")

# (outcome, document kind, result, weight)
CONCLUSIONS = (
    ("reject_claim", law.JUDGMENT, law.WIN, 40),
    ("dismiss_suit", law.RULING, law.WIN, 15),
    ("revoke", law.JUDGMENT, law.LOSS, 8),
    ("illegal", law.JUDGMENT, law.LOSS, 4),
    ("perform", law.JUDGMENT, law.LOSS, 3),
    ("withdrawal", law.RULING, law.WITHDRAWN, 20),
    ("mediation", law.MEDIATION, law.MEDIATED, 5),
    ("terminate", law.RULING, law.OTHER, 5),
)
ACT_KINDS = ("penalty", "coercion", "licensing", "expropriation", "disclosure", "inaction", "other")


@cache
def _answer_due(served: date) -> date:
    return law.answer_due(served)


@cache
def _appeal_due(kind: str, served: date) -> date:
    return law.appeal_due(kind, served)


def _agencies(root: Unit) -> tuple[list[Unit], list[int]]:
    kinds = (UnitKind.DEPARTMENT, UnitKind.STREET, UnitKind.TOWNSHIP)
    units = [
        root,
        *Unit.objects.filter(path__startswith=root.path, kind__in=kinds).order_by("path"),
    ]
    weights = [3 if u == root else 10 if any(w in u.name for w in HEAVY) else 1 for u in units]
    return units, weights


def _concluded(row: dict, rng: random.Random, served: date, today: date) -> None:
    outcome, kind, result, _ = rng.choices(CONCLUSIONS, weights=[c[3] for c in CONCLUSIONS])[0]
    heard = row["first_heard_on"] is not None and outcome not in ("withdrawal",)
    judged = served + timedelta(days=75 + int(rng.expovariate(1 / 40)))
    if judged > today:
        judged = today
    if not heard:
        row["first_heard_on"], row["head_appeared"] = None, False
    delivered = min(judged + timedelta(days=3), today)
    row.update(
        document_kind=kind,
        outcome=outcome,
        result=result,
        judgment_number=row["number"],
        judged_on=judged,
        judgment_served_on=delivered,
    )
    appealable = row["instance"] == "first" and law.OUTCOME_RULES[outcome].appealable
    if result == law.WITHDRAWN:
        row.update(state="withdrawn", closed_on=delivered)
    elif result == law.MEDIATED:
        row.update(state=rng.choice(("mediated", "closed")), effective_on=delivered)
    elif appealable:
        due = _appeal_due(kind, delivered)
        row["appeal_due"] = due
        if due >= today:
            row["state"] = "judged"
        elif rng.random() < 0.12:
            row.update(state="appealed", appellant="plaintiff", appealed_on=due)
        else:
            row.update(state="effective", effective_on=due + timedelta(days=1))
    else:
        row.update(state="effective", effective_on=delivered)
    if row["state"] == "effective" and rng.random() < 0.8:
        row["state"] = "executing" if result == law.LOSS and rng.random() < 0.3 else "closed"
        if row["state"] == "closed":
            row["closed_on"] = min(row["effective_on"] + timedelta(days=30), today)


def _row(rng, unit: Unit, person: Person, serial: int, served: date, today: date) -> dict:
    age = (today - served).days
    required = rng.random() < 0.15
    second = rng.random() < 0.08
    row = {
        "unit_id": unit.pk,
        "instance": "second" if second else "first",
        "court": "某市第一中级人民法院" if second else "某区人民法院",
        "number": f"（{served.year}）京01{'行终' if second else '行初'}{serial}号",
        "plaintiff_kind": rng.choice(("person", "legal", "other")),
        "plaintiff": f"原告{serial % 5000}",
        "act": "被诉行政行为",
        "act_kind": rng.choice(ACT_KINDS),
        "served_on": served,
        "answer_due": None if second else _answer_due(served),
        "registered_by_id": person.pk,
        "head_required_reasons": ["attention"] if required else [],
        "head_required": required,
        "co_defendant": rng.random() < 0.10,
        "state": "served",
        "first_heard_on": None,
        "head_appeared": False,
    }
    if row["co_defendant"]:
        row.update(reconsideration_body="区人民政府", reconsideration_result="upheld")
    if age >= 15:
        row.update(state="answered", answered_on=served + timedelta(days=10))
        row["evidence_on"] = row["answered_on"]
    if age >= 45 and (age >= 75 or rng.random() < 2 / 3):
        head = rng.random() < (0.85 if required else 0.6)
        row.update(state="heard", first_heard_on=served + timedelta(days=45), head_appeared=head)
    if age >= 75:
        _concluded(row, rng, served, today)
    return row


def _suggestion(rng, unit: Unit, person: Person, serial: int, received: date, today: date):
    due = received + timedelta(days=30)
    replied = None
    if rng.random() < 0.9:
        replied = received + timedelta(days=rng.randint(5, 28 if rng.random() < 0.85 else 50))
        replied = replied if replied <= today else None
    return Suggestion(
        unit_id=unit.pk,
        kind="procuratorial" if rng.random() < 0.3 else "judicial",
        issuer="某区人民法院",
        number=f"建〔{received.year}〕{serial}号",
        received_on=received,
        due_on=due,
        content="建议",
        registered_by_id=person.pk,
        replied_on=replied,
        reply="已整改" if replied else "",
    )


def bulk_build(
    root: Unit,
    *,
    count: int,
    seed: int,
    first: int = 0,
    today: date | None = None,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Write `count` cases (and about count / 25 suggestions) for the district `root`, numbered
    from `first`; returns how many cases were written."""
    today = today or timezone.localdate()
    rng = random.Random(f"litigation-bulk:{seed}:{root.name}:{today.isoformat()}")
    units, weights = _agencies(root)
    person = (
        Person.objects.filter(
            pk__in=Post.objects.filter(unit__path__startswith=root.path).values("person")
        )
        .order_by("pk")
        .first()
    )
    start = date(today.year - 3, 1, 1)
    span = (today - start).days
    written = 0
    while written < count:
        size = min(BATCH, count - written)
        cases, suggestions = [], []
        for i in range(size):
            serial = first + written + i + 1
            unit = rng.choices(units, weights)[0]
            served = start + timedelta(days=rng.randrange(span + 1))
            cases.append(LitigationCase(**_row(rng, unit, person, serial, served, today)))
            if serial % 25 == 0:
                received = start + timedelta(days=rng.randrange(span + 1))
                suggestions.append(_suggestion(rng, unit, person, serial, received, today))
        with transaction.atomic():
            LitigationCase.objects.bulk_create(cases, batch_size=1000)
            Suggestion.objects.bulk_create(suggestions, batch_size=1000)
        written += size
        if progress is not None:
            progress(size)
    return written
