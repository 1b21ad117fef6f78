"""The yearly figures on small data computed by hand, scoped to who reads them, in a constant
number of queries.

2025, 卫健委 (dept_b):
  A served 09-17, heard 11-04 with the head, judgment revoking (败诉);
  B served 09-18, heard 11-05 by staff (reason given), judgment rejecting the claim (胜诉);
  C served 09-19, withdrawal by ruling 09-30 (撤诉; a ruling, so in the loss rate's base);
  D served 09-22, the head must appear (食品药品安全), heard 11-06 with the head, mediated;
  E served 2024-12-20, no hearing, ruling dismissing the suit 2025-02-10 (胜诉).
  → received 4, concluded 5 (胜2 败1 撤1 调1), by judgment or ruling 4, loss rate 1/4;
    heard 3, head 2 (2/3); must appear 1, head appeared 1.
2025, 教育局 (dept_a):
  F served 10-09, the head must appear (社会高度关注), heard 12-01 by staff with proof,
    judgment confirming illegality (败诉);
  G served 11-03, still open.
  → received 2, concluded 1 (败1), loss rate 1/1; heard 1, head 0; must appear 1, head 0.
Suggestions: 卫健委 one received 2025-10-10, replied on time (and one of 2024, not counted);
教育局 one received 2025-11-03 due 12-01, unanswered → overdue on 2025-12-31.
Total: received 6, concluded 6, loss 2 of 5 (40%), head 2 of 4 heard (50%), replies 1 of 2.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.litigation import figures, services

from .conftest import at, upload
from .test_hearings import STAFF_ONLY

pytestmark = pytest.mark.django_db

OLD_DATES = {"act_on": date(2024, 10, 1), "known_on": date(2024, 10, 2), "filed_on": None}


def suggestion(world, unit, actor, received, due, number, replied=None):
    with at(received):
        made = services.suggestion_register(
            actor=actor,
            unit=unit,
            kind="judicial",
            issuer="甲区人民法院",
            number=number,
            received_on=received,
            due_on=due,
            content="建议",
        )
    if replied:
        with at(replied):
            services.suggestion_reply(
                actor=actor, suggestion=made, replied_on=replied, reply="已整改"
            )


@pytest.fixture
def data(world):
    w = world
    a = w.register(on=date(2025, 9, 17))
    w.hear(a, on=date(2025, 11, 4))
    w.judge(a, outcome="revoke", judged=date(2025, 12, 1), served=date(2025, 12, 3))
    b = w.register(on=date(2025, 9, 18))
    w.hear(b, on=date(2025, 11, 5), **STAFF_ONLY)
    w.judge(b, outcome="reject_claim", judged=date(2025, 12, 2), served=date(2025, 12, 4))
    c = w.register(on=date(2025, 9, 19))
    w.judge(
        c, outcome="withdrawal", kind="ruling", judged=date(2025, 9, 30), served=date(2025, 9, 30)
    )
    d = w.register(on=date(2025, 9, 22), head_required_reasons=["food_drug"])
    w.hear(d, on=date(2025, 11, 6))
    w.judge(
        d,
        outcome="mediation",
        kind="mediation",
        judged=date(2025, 11, 20),
        served=date(2025, 11, 20),
    )
    e = w.register(on=date(2024, 12, 20), **OLD_DATES)
    w.judge(
        e, outcome="dismiss_suit", kind="ruling", judged=date(2025, 2, 10), served=date(2025, 2, 12)
    )

    def edu(on, number, **kwargs):
        return w.register(on=on, unit=w.east.dept_a, actor=w.outsider, number=number, **kwargs)

    f = edu(date(2025, 10, 9), "教育局F", head_required_reasons=["attention"])
    with at(date(2025, 12, 1)):
        services.hearing_record(
            actor=w.outsider,
            case=f,
            held_on=date(2025, 12, 1),
            **STAFF_ONLY,
            absence_proof=upload(),
        )
    with at(date(2025, 12, 17)):
        services.judgment_record(
            actor=w.outsider,
            case=f,
            document_kind="judgment",
            outcome="illegal",
            number="教育局F判决",
            judged_on=date(2025, 12, 15),
            served_on=date(2025, 12, 17),
        )
    edu(date(2025, 11, 3), "教育局G")
    suggestion(
        w, w.east.dept_b, w.admin, date(2025, 10, 10), date(2025, 11, 10), "1号", date(2025, 11, 5)
    )
    suggestion(w, w.east.dept_b, w.admin, date(2024, 10, 10), date(2024, 11, 10), "0号")
    suggestion(w, w.east.dept_a, w.outsider, date(2025, 11, 3), date(2025, 12, 1), "2号")
    return w


def test_the_district_as_the_legal_office_sees_it(data):
    result = figures.yearly(data.supervisor, 2025, today=date(2025, 12, 31))
    by_name = {a.unit.name: a.counts for a in result.agencies}
    health, education = by_name["甲区卫健委"], by_name["甲区教育局"]
    assert (health.received, health.received_first, health.concluded) == (4, 4, 5)
    assert (health.win, health.loss, health.withdrawn, health.mediated, health.other) == (
        2,
        1,
        1,
        1,
        0,
    )
    assert (health.by_judgment, health.loss_rate) == (4, 0.25)
    assert (health.heard, health.head, health.required, health.required_head) == (3, 2, 1, 1)
    assert health.head_rate == pytest.approx(2 / 3)
    assert (health.suggestions, health.replied, health.replied_on_time, health.overdue) == (
        1,
        1,
        1,
        0,
    )
    assert (education.received, education.concluded, education.loss, education.by_judgment) == (
        2,
        1,
        1,
        1,
    )
    assert (education.heard, education.head, education.required, education.required_head) == (
        1,
        0,
        1,
        0,
    )
    assert (education.suggestions, education.replied, education.overdue) == (1, 0, 1)
    t = result.total
    assert (t.received, t.concluded, t.loss, t.by_judgment, t.loss_rate) == (6, 6, 2, 5, 0.4)
    assert (t.heard, t.head, t.head_rate) == (4, 2, 0.5)
    assert (t.suggestions, t.replied, t.reply_rate) == (2, 1, 0.5)


def test_last_year_counts_only_its_own(data):
    result = figures.yearly(data.supervisor, 2024, today=date(2025, 12, 31))
    [health] = result.agencies
    c = health.counts
    assert (c.received, c.concluded, c.suggestions, c.replied, c.overdue) == (1, 0, 1, 0, 1)


def test_an_agency_sees_only_its_own_and_others_nothing(data):
    [own] = figures.yearly(data.handler, 2025, today=date(2025, 12, 31)).agencies
    assert own.unit == data.east.dept_b and own.counts.received == 4
    [own] = figures.yearly(data.outsider, 2025, today=date(2025, 12, 31)).agencies
    assert own.unit == data.east.dept_a
    assert figures.yearly(data.stranger, 2025).agencies == []
    one = figures.yearly(data.supervisor, 2025, unit=data.east.dept_a, today=date(2025, 12, 31))
    assert [a.unit for a in one.agencies] == [data.east.dept_a]


def test_the_figures_are_a_few_aggregate_queries(data):
    with CaptureQueriesContext(connection) as captured:
        figures.yearly(data.supervisor, 2025, today=date(2025, 12, 31))
    # reach (posts, units, successions) + three case aggregates + suggestions + agencies
    assert len(captured) <= 9
