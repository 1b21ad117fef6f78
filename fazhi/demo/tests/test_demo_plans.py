"""The demo's plan ledger (`fazhi.demo.plans`): the composed plan reads, every unit name it uses
settles in the demo district's tree, and a year of progress through the services reaches every
task status, with reports returned and then accepted — the same for the same seed."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from fazhi.core.models import Unit, UnitKind
from fazhi.demo import generator
from fazhi.demo import plans as demo
from fazhi.demo.decisions import clock, moment
from fazhi.plans.models import Plan, ProgressReport, TaskStatus, TaskUnit, UnitRole
from fazhi.plans.parsing import parse_plan
from fazhi.procedures.models import StepRecord

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


@pytest.fixture
def district(db) -> Unit:
    """District 1 of the demo: its units and staff as the generator makes them (nothing else)."""
    plan = generator.plan_district(random.Random(generator.DEFAULT_SEED), 1)
    summary = generator.Summary()
    with (
        clock(moment(generator.DEMO_VALID_FROM)),
        tqdm(total=0, disable=True) as bar,
    ):
        units = generator._build_units(plan, summary, bar)
        generator._build_staff(plan, units, summary, bar)
    return units[generator.ROOT_KEY]


def test_the_plan_text_shifts_its_years_and_takes_the_district_name():
    other = Unit(name="示例第二区人民政府", short_name="示例第二区")
    parsed = parse_plan(demo.plan_text(other, 2027))
    document = parsed["document"]
    assert document["plan_title"] == "示例第二区法治政府建设实施方案（2027—2029年）"
    assert document["doc_number"] == "示政发〔2027〕3号"
    assert document["written_on"] == "2027-02-10"
    assert not parsed["anomalies"]
    as_written = parse_plan(demo.PLAN_FILE.read_text(encoding="utf-8"))
    assert len(parsed["tasks"]) == len(as_written["tasks"]) == 21
    for shifted, task in zip(parsed["tasks"], as_written["tasks"], strict=True):
        if task["due"]:
            assert int(shifted["due"][:4]) == int(task["due"][:4]) + 1
            assert shifted["due"][4:] == task["due"][4:]
    assert set(demo.SPECS) == {task["number"] for task in as_written["tasks"]}
    assert demo.plan_year(date(2026, 10, 18)) == 2026
    assert demo.plan_year(date(2026, 10, 17)) == 2025


def test_every_unit_name_settles_in_the_demo_tree(district):
    reviewer = demo._reviewer(district)
    assert reviewer.unit.name == "法治督察科"
    with clock(moment(date(2026, 2, 24), 11)):
        plan = demo.import_plan(district, reviewer, 2026)
    assert plan.is_public and plan.doc_number == "示政发〔2026〕3号"
    tasks = list(plan.tasks.select_related("unit"))
    assert 15 <= len(tasks) <= 25
    for task in tasks:
        # the lead unit answers for the task, in the tree under the district
        assert task.unit.path.startswith(district.path) and task.unit != district
        lead = task.units.get(role=UnitRole.LEAD)
        assert lead.unit == task.unit
    links = TaskUnit.objects.filter(task__plan=plan)
    external = set(links.filter(unit__isnull=True).values_list("external_name", flat=True))
    assert external == set(demo.EXTERNAL)
    fuzzy = links.get(written="区城市管理执法局")
    assert fuzzy.unit.name == "区城市管理综合行政执法局"
    towns = links.filter(written="各镇人民政府", task__number="十")
    assert towns.count() == generator.TOWNSHIP_COUNT
    assert {link.unit.kind for link in towns} == {UnitKind.TOWNSHIP}
    streets = links.filter(written="各街道办事处", task__number="十")
    assert streets.count() == generator.STREET_COUNT
    # 区政府各部门: every department (区政府办公室 and 区司法局, named before it, once each)
    named = set(links.filter(task__number="三").values_list("unit__name", flat=True))
    assert named == {spec.name for spec in generator.DEPARTMENTS} | {generator.LEGAL_OFFICE}
    assert links.filter(written="区政府各部门", task__number="三").count() == len(named) - 2


def _snapshot(plan: Plan) -> tuple[list, list]:
    tasks = list(
        plan.tasks.order_by("position").values_list(
            "number", "state", "unit__name", "due_on", "completed_on", "latest_progress"
        )
    )
    positions = {str(pk): (number, position) for pk, number, position in _targets(plan)}
    reports = sorted(
        (
            r.task.number,
            r.unit.name,
            r.period_start,
            r.state,
            r.text,
            sorted((positions[key], value) for key, value in r.figures.items()),
            r.claims_done,
            r.completed_on,
            r.submitted_by.username,
            r.submitted_at,
            r.review_comment,
        )
        for r in ProgressReport.objects.filter(task__plan=plan).select_related(
            "task", "unit", "submitted_by"
        )
    )
    return tasks, reports


def _targets(plan: Plan):
    return plan.targets.filter(task__isnull=False).values_list("pk", "task__number", "position")


class Rollback(Exception):
    pass


def _build_and_roll_back(district: Unit) -> tuple[list, list]:
    try:
        with transaction.atomic():
            built = demo.build([district], seed=generator.DEFAULT_SEED, today=TODAY)
            taken = _snapshot(Plan.objects.get(pk=built[district.pk]["plan"]))
            raise Rollback
    except Rollback:
        pass
    return taken


def test_a_year_of_progress_reaches_every_status_and_is_the_same_for_the_same_seed(district):
    first = _build_and_roll_back(district)
    built = demo.build([district], seed=generator.DEFAULT_SEED, today=TODAY)[district.pk]
    plan = Plan.objects.get(pk=built["plan"])
    assert _snapshot(plan) == first

    tasks = plan.tasks.all()
    states = Counter(tasks.values_list("state", flat=True))
    assert set(states) == set(TaskStatus.values)
    for task in tasks.filter(state=TaskStatus.DONE):
        assert task.completed_on <= task.due_on < TODAY
    for task in tasks.filter(state=TaskStatus.LAGGING):
        assert task.due_on < TODAY and task.completed_on is None
    assert not tasks.filter(state=TaskStatus.ONGOING, due_on__isnull=False).exists()
    silent = tasks.get(number="八")  # never reported on: 未启动 → 滞后 the day after its date
    assert silent.state == TaskStatus.LAGGING and not silent.reports.exists()
    step = StepRecord.objects.get(object_id=silent.pk, procedure_id="plans.task")
    assert step.step == "fall_behind" and step.actor is None
    assert timezone.localtime(step.occurred_at).date() == silent.due_on + timedelta(days=1)

    reports = ProgressReport.objects.filter(task__plan=plan)
    assert built["reports"] == reports.count() > 100
    assert set(reports.values_list("state", flat=True)) == {"submitted", "returned", "accepted"}
    steps = StepRecord.objects.filter(procedure_id="plans.report")
    returned = set(steps.filter(step="return_").values_list("object_id", flat=True))
    accepted = set(steps.filter(step="accept").values_list("object_id", flat=True))
    resubmitted = set(steps.filter(step="resubmit").values_list("object_id", flat=True))
    assert len(returned & accepted & resubmitted) >= 3
    assert returned - accepted  # one still waits for the unit's correction
    for report in reports.select_related("task", "unit"):
        assert set(map(int, report.figures)) <= set(
            report.task.targets.values_list("pk", flat=True)
        )
        assert report.task.units.filter(unit=report.unit).exists()
        assert report.submitted_at.date() <= TODAY
    done_reports = reports.filter(claims_done=True, state="accepted")
    assert done_reports.count() == states[TaskStatus.DONE]
    assert all(r.files.exists() for r in done_reports)
    met = plan.targets.filter(task__isnull=False, latest_value__isnull=False)
    assert met.count() > 10
