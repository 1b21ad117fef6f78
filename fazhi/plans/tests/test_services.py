"""The plan ledger's writes: import, edits, progress reports and their review — and the
attempts that must fail, leaving nothing behind."""

from __future__ import annotations

import copy
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from fazhi.deadlines.models import Deadline, DeadlineState
from fazhi.evidence.models import StoredFile
from fazhi.ledger.models import LedgerEntry
from fazhi.plans import services
from fazhi.plans.events import PlanEvent
from fazhi.plans.models import (
    DraftState,
    Plan,
    PlanDraft,
    ProgressReport,
    ReportFile,
    Target,
    Task,
    TaskUnit,
    UnitRole,
)
from fazhi.procedures.models import StepRecord
from fazhi.procedures.services import StepRefused, step_take

from .conftest import IMPORTED, PARSED, at, upload


def deadlines(record, rule="plans.task_due"):
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(record), subject_id=record.pk, rule_id=rule
    )


# ---- import ------------------------------------------------------------------------------------


def test_import_builds_the_ledger_in_the_plans_order(world):
    plan = world.plan()
    assert plan.title == "示范区法治政府建设实施方案（2025—2026年）"
    assert (plan.doc_number, plan.written_on) == ("示政发〔2025〕1号", date(2025, 1, 3))
    tasks = list(plan.tasks.order_by("position"))
    assert [(t.position, t.number) for t in tasks] == [(1, "一"), (2, "二"), (3, "三"), (4, "四")]
    one, two, three, four = tasks
    # The answering unit: the first lead unit, else the first responsible, else the owner.
    assert (one.unit, two.unit, three.unit, four.unit) == (
        world.office_unit,
        world.finance,
        world.east,
        world.education,
    )
    assert [(tu.role, tu.unit_id, tu.written) for tu in one.units.all()] == [
        (UnitRole.LEAD, world.office_unit.pk, "县司法局"),
        (UnitRole.RESPONSIBLE, world.finance.pk, "区财政局"),
    ]
    assert [tu.unit for tu in two.units.all()] == [world.finance, world.urban]  # renamed unit
    assert {tu.unit for tu in three.units.all()} == {world.east, world.west, world.town}
    assert {tu.written for tu in three.units.all()} == {"地区、街道办事处"}
    court = four.units.get(unit__isnull=True)
    assert (court.external_name, court.written) == ("区法院", "区法院")
    # States: a task with a period and no date is 长期坚持 at once, taken by the importer.
    assert [t.state for t in tasks] == ["not_started", "not_started", "ongoing", "not_started"]
    assert (one.due_on, one.due_text) == (date(2025, 6, 30), "2025年6月底前")
    # Targets: the tasks' and the document's (task empty), values as decimals.
    target = Target.objects.get(task=one)
    assert target.value == Decimal("100.00") and target.comparator == ">="
    general = Target.objects.get(plan=plan, task=None)
    assert general.due_on == date(2025, 12, 31) and general.unit_label == "%"
    # One ledger entry for the import, carrying the source's SHA-256.
    entry = LedgerEntry.objects.get(event=PlanEvent.PLAN_IMPORT)
    assert entry.changes["source_sha256"][1] == "ab" * 32 and entry.actor == world.office
    assert PlanDraft.objects.get().state == DraftState.IMPORTED


def test_import_starts_a_due_period_for_each_dated_task(world):
    plan = world.plan()
    one, two, three, four = plan.tasks.order_by("position")
    first = deadlines(one).get()
    assert first.due_date == date(2025, 6, 30) and first.unit == world.office_unit
    assert "第一项任务" in first.trigger_basis and "2025年6月底前" in first.trigger_basis
    # The owner: the answering unit's administrator before its handler.
    assert deadlines(two).get().owner == world.fin_admin
    assert deadlines(four).get().owner == world.edu_handler
    assert first.owner == world.office_admin
    assert not deadlines(three).exists()  # 长期坚持: no date


def test_import_is_refused_while_names_are_unsettled_and_saves_nothing(world):
    draft = world.draft(settle=False)
    assert draft.parsed["units"]["区法院"]["status"] == "unresolved"
    with at(IMPORTED), pytest.raises(ValidationError) as refused:
        services.plan_import(actor=world.office, draft=draft)
    message = refused.value.messages[0]
    assert "“区政府相关部门”" in message and "“区法院”" in message
    assert "区财政局" not in message
    assert not Plan.objects.exists() and not Task.objects.exists()
    draft.refresh_from_db()
    assert draft.state == DraftState.REVIEWING


def test_a_draft_is_imported_once(world):
    plan = world.plan()
    draft = PlanDraft.objects.get()
    with at(IMPORTED), pytest.raises(ValidationError, match="已经导入"):
        services.plan_import(actor=world.office, draft=draft)
    assert Plan.objects.get() == plan and Task.objects.count() == 4


@pytest.mark.parametrize("who", ["fin_admin", "leader", "stranger", "office_admin"])
def test_only_the_offices_reviewer_imports(world, who):
    draft = world.draft()
    with at(IMPORTED), pytest.raises(PermissionDenied):
        services.plan_import(actor=getattr(world, who), draft=draft)
    assert not Plan.objects.exists()


def test_a_department_cannot_save_a_draft(world):
    draft = world.draft()
    with pytest.raises(PermissionDenied):
        services.draft_save(actor=world.fin_handler, draft=draft, parsed=world.settled())


def test_a_save_over_a_changed_draft_is_refused_under_the_lock(world):
    draft = world.draft()
    shown = services.draft_fingerprint(draft.parsed)
    mine = copy.deepcopy(draft.parsed)
    mine["tasks"][0]["title"] = "我的修改"
    theirs = copy.deepcopy(draft.parsed)
    theirs["tasks"][0]["title"] = "他人的修改"
    with at(IMPORTED):
        services.draft_save(actor=world.inspector, draft=draft, parsed=theirs, expected=shown)
    entries = LedgerEntry.objects.filter(event=PlanEvent.DRAFT_EDIT).count()
    with at(IMPORTED), pytest.raises(ValidationError, match="该解析稿已被他人修改，请刷新后再改"):
        services.draft_save(actor=world.office, draft=draft, parsed=mine, expected=shown)
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["title"] == "他人的修改"
    assert LedgerEntry.objects.filter(event=PlanEvent.DRAFT_EDIT).count() == entries
    with at(IMPORTED), pytest.raises(ValidationError, match="该解析稿已被他人修改"):
        services.plan_import(actor=world.office, draft=draft, expected=shown)
    assert not Plan.objects.exists()
    fresh = services.draft_fingerprint(draft.parsed)
    with at(IMPORTED):
        services.draft_save(actor=world.office, draft=draft, parsed=mine, expected=fresh)
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["title"] == "我的修改"


def test_a_unit_of_another_government_is_refused(world):
    draft = world.draft()
    parsed = world.settled()
    parsed["units"]["区法院"] = {
        "status": "exact",
        "unit_ids": [world.other_finance.pk],
        "confirmed": True,
        "candidates": [],
    }
    with pytest.raises(ValidationError, match="不是示范区人民政府所属的现有单位"):
        services.draft_save(actor=world.office, draft=draft, parsed=parsed)
    draft.refresh_from_db()
    assert draft.parsed["units"]["区法院"]["status"] == "external"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["tasks"][0]["targets"][0].update(value="百分之百"), "须为数字"),
        (lambda p: p["tasks"][0]["targets"][0].update(value=-5), "不能为负数"),
        (lambda p: p["tasks"][1].update(title="  "), "请填写"),
        (lambda p: p["tasks"][1].update(due="2025-13-01"), "不是有效的日期"),
        (lambda p: p.update(tasks=[]), "没有任务"),
    ],
)
def test_a_bad_parse_is_refused_in_chinese(world, change, message):
    draft = world.draft()
    parsed = world.settled()
    change(parsed)
    with pytest.raises(ValidationError, match=message):
        services.draft_save(actor=world.office, draft=draft, parsed=parsed)
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["targets"][0]["value"] == 100


def test_a_plan_without_any_title_is_not_imported(world):
    draft = world.draft()
    parsed = world.settled()
    parsed["document"].update(title="", plan_title="")
    services.draft_save(actor=world.office, draft=draft, parsed=parsed)
    with pytest.raises(ValidationError, match="请在核对页填写规划名称"):
        services.plan_import(actor=world.office, draft=draft)
    assert not Plan.objects.exists()


def test_the_upload_reads_parses_and_resolves(world):
    text = (
        "示范区人民政府关于印发示范区法治政府建设工作要点的通知\n"
        "示政发〔2025〕2号\n"
        "一、完善制度体系\n"
        "（一）健全合法性审核机制。2025年6月底前实现全覆盖。（牵头单位：区司法局；"
        "责任单位：区财政局）\n"
        "（二）加强基层法治建设。（责任单位：各街道办事处）\n"
    )
    with at(IMPORTED):
        draft = services.draft_upload(
            actor=world.office, owner=world.district, name="工作要点.txt", data=text.encode()
        )
    assert len(draft.parsed["tasks"]) == 2
    units = draft.parsed["units"]
    assert units.get("区司法局", {}).get("unit_ids") == [world.office_unit.pk]
    assert LedgerEntry.objects.filter(event=PlanEvent.DRAFT_UPLOAD).count() == 1


def test_an_unreadable_upload_is_refused_in_chinese(world):
    with at(IMPORTED), pytest.raises(ValidationError, match="空文件"):
        services.draft_upload(actor=world.office, owner=world.district, name="a.txt", data=b"")
    assert not PlanDraft.objects.exists()


def _upload(world, text: str):
    with at(IMPORTED):
        return services.draft_upload(
            actor=world.office, owner=world.district, name="方案.txt", data=text.encode()
        )


def test_an_upload_rounds_a_target_value_and_notes_it(world):
    draft = _upload(
        world,
        "示范区法治政府建设实施方案\n一、主要任务\n"
        "1.深化执法改革。力争到2025年执法效率提高到1.125倍。\n责任单位：区司法局\n",
    )
    (target,) = draft.parsed["tasks"][0]["targets"]
    assert target["value"] == 1.13
    (note,) = [a for a in draft.parsed["anomalies"] if a["kind"] == "target"]
    assert "1.13" in note["message"] and note["line"] == 3


def test_an_upload_leaves_out_a_target_too_large_and_notes_it(world):
    draft = _upload(
        world,
        "示范区法治政府建设实施方案\n一、主要任务\n"
        "1.加强投入。每年投入不少于99999999999元。\n责任单位：区司法局\n",
    )
    assert draft.parsed["tasks"][0]["targets"] == []
    (note,) = [a for a in draft.parsed["anomalies"] if a["kind"] == "target"]
    assert "过大" in note["message"] and "未导入" in note["message"]


def test_an_upload_cuts_an_over_long_section_and_unit_name_and_notes_them(world):
    heading = "完善依法行政制度体系" * 31  # 310 characters
    unit = "区" + "综合行政执法" * 20 + "局"
    draft = _upload(
        world,
        f"示范区法治政府建设实施方案\n一、{heading}\n"
        f"1.健全审核机制。2025年6月底前实现全覆盖。\n责任单位：{unit}\n",
    )
    (task,) = draft.parsed["tasks"]
    assert len(task["section"]) == 200
    assert all(len(name) <= 100 for name in task["responsible"])
    notes = [a for a in draft.parsed["anomalies"] if a["kind"] == "truncated"]
    assert any("所属部分超过200字" in a["message"] for a in notes)
    assert any("责任单位超过100字" in a["message"] for a in notes)
    # the draft as uploaded saves as it is: what was cut fits
    services.draft_save(actor=world.office, draft=draft, parsed=draft.parsed)


def test_a_persons_own_edit_is_still_checked_strictly(world):
    draft = world.draft()
    for change, message in (
        (lambda p: p["tasks"][0]["targets"][0].update(value="1.125"), "最多保留两位小数"),
        (lambda p: p["tasks"][0]["targets"][0].update(value=99999999999), "过大"),
        (lambda p: p["tasks"][0].update(section="部" * 201), "不能超过200字"),
        (lambda p: p["tasks"][0].update(title="题" * 301), "不能超过300字"),
    ):
        parsed = world.settled()
        change(parsed)
        with pytest.raises(ValidationError, match=message):
            services.draft_save(actor=world.office, draft=draft, parsed=parsed)
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["targets"][0]["value"] == 100


def test_control_characters_are_dropped_from_texts(world):
    plan = world.plan()
    one = world.task(plan, "一")
    with at(date(2025, 2, 1)):
        services.task_update(
            actor=world.office,
            task=one,
            title="标题\x07响铃\x1b",
            text="第一行\r\n第二行\x00\t缩进\x0b",
            due_on=one.due_on,
            period="",
        )
    one.refresh_from_db()
    assert (one.title, one.text) == ("标题响铃", "第一行\n第二行\t缩进")
    report = world.report(one, text="进展\x0b说明\x1f")
    assert report.text == "进展说明"
    world.accept(report, comment="同意\x08")
    report.refresh_from_db()
    assert report.review_comment == "同意"


# ---- settings and edits ------------------------------------------------------------------------


def test_settings_by_the_office_administrator_and_bad_months(world):
    plan = world.plan()
    services.plan_settings(actor=world.office_admin, plan=plan, report_months=6, is_public=True)
    plan.refresh_from_db()
    assert (plan.report_months, plan.is_public) == (6, True)
    with pytest.raises(ValidationError, match="报送周期"):
        services.plan_settings(actor=world.office, plan=plan, report_months=5, is_public=False)
    with pytest.raises(PermissionDenied):
        services.plan_settings(actor=world.fin_admin, plan=plan, report_months=3, is_public=False)
    plan.refresh_from_db()
    assert plan.report_months == 6


def test_a_new_due_date_restarts_the_period(world):
    plan = world.plan()
    one = world.task(plan, "一")
    with at(date(2025, 3, 3)):
        services.task_update(
            actor=world.office,
            task=one,
            title=one.title,
            text=one.text,
            due_on=date(2025, 9, 30),
            period="",
        )
    periods = deadlines(one).order_by("pk")
    assert [(d.state, d.due_date) for d in periods] == [
        (DeadlineState.STOPPED, date(2025, 6, 30)),
        (DeadlineState.RUNNING, date(2025, 9, 30)),
    ]
    assert periods[0].outcome == "完成时限已调整"


def test_units_are_named_again_within_the_tree(world):
    plan = world.plan()
    one = world.task(plan, "一")
    with at(date(2025, 3, 3)):
        services.task_units_set(
            actor=world.office,
            task=one,
            lead=[world.finance],
            responsible=[world.office_unit, "区人民检察院"],
        )
    one.refresh_from_db()
    assert one.unit == world.finance
    assert [tu.name for tu in one.units.all()] == ["示范区财政局", "示范区司法局", "区人民检察院"]
    assert deadlines(one).get(state=DeadlineState.RUNNING).owner == world.fin_admin
    with pytest.raises(ValidationError, match="不是示范区人民政府所属的现有单位"):
        services.task_units_set(
            actor=world.office, task=one, lead=[world.other_finance], responsible=[]
        )
    assert one.units.count() == 3


def test_keep_up_needs_a_task_without_a_date(world):
    plan = world.plan()
    with at(date(2025, 3, 3)), pytest.raises(StepRefused, match="有完成时限"):
        services.task_keep_up(
            actor=world.office, unit=world.office_unit, task=world.task(plan, "一")
        )


# ---- reports -----------------------------------------------------------------------------------


def test_a_report_with_figures_and_evidence(world):
    plan = world.plan()
    two = world.task(plan, "二")
    target = two.targets.get()
    report = world.report(
        two, figures={target.pk: "48"}, files=[upload("培训签到表.pdf")], on=date(2025, 3, 20)
    )
    assert (report.period_start, report.period_end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert report.state == "submitted" and report.figures == {str(target.pk): "48.00"}
    stored = ReportFile.objects.get(report=report)
    assert stored.name == "培训签到表.pdf"
    assert StoredFile.objects.filter(sha256=stored.sha256).exists()
    entry = LedgerEntry.objects.get(event=PlanEvent.REPORT_SUBMIT)
    assert entry.files == [stored.sha256] and entry.actor == world.fin_handler
    two.refresh_from_db()
    assert two.state == "not_started"  # it starts when the office accepts the report


def test_a_responsible_unit_reports_too(world):
    plan = world.plan()
    report = world.report(world.task(plan, "二"), actor=world.urban_handler, unit=world.urban)
    assert report.unit == world.urban


def test_a_unit_not_named_on_the_task_cannot_report(world):
    plan = world.plan()
    with pytest.raises(PermissionDenied, match="不是该任务的牵头单位或责任单位"):
        world.report(world.task(plan, "三"))  # 财政局 is not named on task 三
    with pytest.raises(PermissionDenied, match="承办人员或单位管理员"):
        world.report(world.task(plan, "二"), unit=world.urban)  # no post in 城管委
    with pytest.raises(PermissionDenied):  # a post in another government's 财政局
        world.report(world.task(plan, "二"), unit=world.other_finance)
    with pytest.raises(PermissionDenied):  # the office does not report for a unit
        world.report(world.task(plan, "二"), actor=world.office)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"figures": "TARGET:很多"}, "须为数字"),
        ({"figures": "TARGET:-3"}, "不能为负数"),
        ({"figures": "TARGET:1.234"}, "两位小数"),
        ({"figures": "OTHER:5"}, "不属于该任务"),
        ({"text": "   "}, "请填写进展情况"),
        ({"claims_done": True, "completed_on": date(2025, 4, 1)}, "不能晚于今天"),
        ({"claims_done": True}, "请填写完成日期"),
        ({"period_start": date(2025, 2, 1)}, "报送期间须从报送周期的第一天开始"),
        ({"period_start": date(2025, 4, 1)}, "不能晚于今天"),
        ({"files": "THREE"}, "最多2个"),
        ({"files": "LARGE"}, "超过大小上限"),
        ({"files": "EMPTY"}, "空文件"),
    ],
)
def test_bad_report_input_is_refused_and_nothing_saved(world, settings, values, message):
    settings.FAZHI_PLANS_REPORT_MAX_FILES = 2
    settings.FAZHI_EVIDENCE_MAX_BYTES = 1000
    plan = world.plan()
    two, one = world.task(plan, "二"), world.task(plan, "一")
    values = dict(values)
    if isinstance(values.get("figures"), str):
        which, value = values["figures"].split(":")
        target = (two if which == "TARGET" else one).targets.get()
        values["figures"] = {target.pk: value}
    files = {
        "THREE": [upload("1.pdf"), upload("2.pdf"), upload("3.pdf")],
        "LARGE": [upload("大.pdf", b"%PDF-1.4\n" + b"0" * 2000)],
        "EMPTY": [upload("空.pdf", b"")],
    }
    if "files" in values:
        values["files"] = files[values["files"]]
    with pytest.raises(ValidationError, match=message):
        world.report(two, **values)
    assert not ProgressReport.objects.exists() and not StoredFile.objects.exists()
    assert not LedgerEntry.objects.filter(event=PlanEvent.REPORT_SUBMIT).exists()


def test_one_report_per_unit_and_period(world):
    plan = world.plan()
    two = world.task(plan, "二")
    world.report(two)
    with pytest.raises(ValidationError, match="本期已报送过"):
        world.report(two, actor=world.fin_admin)
    assert ProgressReport.objects.count() == 1


def test_accepting_updates_figures_and_starts_the_task(world):
    plan = world.plan()
    two = world.task(plan, "二")
    target = two.targets.get()
    report = world.report(two, figures={target.pk: "48"}, text="完成首轮培训。")
    world.accept(report, comment="数据属实。")
    report.refresh_from_db()
    two.refresh_from_db()
    target.refresh_from_db()
    assert report.state == "accepted" and report.reviewed_by == world.office
    assert (target.latest_value, target.latest_on) == (Decimal("48.00"), date(2025, 3, 25))
    assert target.met is False
    assert two.state == "in_progress" and two.latest_progress == "完成首轮培训。"
    # The office reviewer in its 科室 reviews as well.
    later = world.report(two, on=date(2025, 6, 20), figures={target.pk: 64})
    world.accept(later, on=date(2025, 6, 25), actor=world.inspector, unit=world.office_division)
    target.refresh_from_db()
    assert target.latest_value == Decimal("64.00") and target.met is True


@pytest.mark.parametrize("who", ["fin_admin", "leader", "stranger", "office_admin"])
def test_only_the_offices_reviewer_reviews(world, who):
    plan = world.plan()
    report = world.report(world.task(plan, "二"))
    person = getattr(world, who)
    unit = world.office_unit if who == "office_admin" else world.finance
    with pytest.raises(PermissionDenied):
        world.accept(report, actor=person, unit=unit)
    with pytest.raises(PermissionDenied), at(date(2025, 3, 25)):
        services.report_return(actor=person, unit=unit, report=report, comment="补充材料")
    report.refresh_from_db()
    assert report.state == "submitted"


def test_the_reviewer_acts_in_a_unit_they_hold_a_post_in(world):
    plan = world.plan()
    report = world.report(world.task(plan, "二"))
    with pytest.raises(PermissionDenied):
        world.accept(report, unit=world.office_division)  # 李科长 holds no post in 督察科


def test_return_needs_a_comment_then_resubmit(world):
    plan = world.plan()
    two = world.task(plan, "二")
    report = world.report(two)
    with at(date(2025, 3, 25)), pytest.raises(ValidationError, match="请填写退回意见"):
        services.report_return(
            actor=world.office, unit=world.office_unit, report=report, comment="  "
        )
    report.refresh_from_db()
    assert report.state == "submitted"
    with at(date(2025, 3, 25)):
        services.report_return(
            actor=world.office, unit=world.office_unit, report=report, comment="请补充签到表。"
        )
    report.refresh_from_db()
    assert report.state == "returned" and report.review_comment == "请补充签到表。"
    with at(date(2025, 3, 26)), pytest.raises(PermissionDenied):
        services.report_resubmit(
            actor=world.urban_handler, unit=world.urban, report=report, text="改", figures={}
        )
    with at(date(2025, 3, 26)):
        services.report_resubmit(
            actor=world.fin_handler,
            unit=world.finance,
            report=report,
            text="已补充签到表。",
            figures={},
            files=[upload("签到表.pdf")],
        )
    report.refresh_from_db()
    assert report.state == "submitted" and report.text == "已补充签到表。"
    assert report.files.count() == 1
    with at(date(2025, 3, 26)), pytest.raises(StepRefused):  # not returned now
        services.report_resubmit(
            actor=world.fin_handler, unit=world.finance, report=report, text="再改", figures={}
        )


def test_a_completion_claim_accepted_completes_the_task_and_stops_its_periods(world):
    plan = world.plan()
    one = world.task(plan, "一")
    # 司法局 answers for task 一; its administrator reports (a unit_admin post).
    report = world.report(
        one,
        actor=world.office_admin,
        unit=world.office_unit,
        claims_done=True,
        completed_on=date(2025, 3, 18),
        text="已实现审核全覆盖。",
    )
    world.accept(report)
    one.refresh_from_db()
    assert one.state == "done" and one.completed_on == date(2025, 3, 18)
    period = deadlines(one).get()
    assert period.state == DeadlineState.STOPPED and period.outcome == "任务已完成"
    # What must fail on a done task: another report, a second completion, 长期坚持.
    with pytest.raises(ValidationError, match="已确认完成"):
        world.report(one, on=date(2025, 6, 20))
    with at(date(2025, 3, 26)), pytest.raises(StepRefused, match="已完成"):
        step_take(
            record=one,
            step_code="complete",
            actor=world.office,
            unit=world.office_unit,
            data={"completed_on": "2025-03-20"},
        )
    with at(date(2025, 3, 26)), pytest.raises(StepRefused):
        services.task_keep_up(actor=world.office, unit=world.office_unit, task=one)


def test_accepting_twice_is_refused(world):
    plan = world.plan()
    report = world.report(world.task(plan, "二"))
    world.accept(report)
    with pytest.raises(StepRefused):
        world.accept(report, actor=world.inspector, unit=world.office_division)
    assert LedgerEntry.objects.filter(event=PlanEvent.REPORT_REVIEW).count() == 1


def test_a_handler_cannot_complete_a_task_by_step(world):
    plan = world.plan()
    two = world.task(plan, "二")
    with at(date(2025, 3, 26)), pytest.raises(PermissionDenied):
        step_take(
            record=two,
            step_code="complete",
            actor=world.fin_handler,
            unit=world.finance,
            data={"completed_on": "2025-03-20"},
        )
    assert Task.objects.get(pk=two.pk).state == "not_started"


def test_reporting_period_follows_the_plans_months(world):
    plan = world.plan()
    assert services.reporting_period(plan, date(2025, 5, 17)) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
    )
    plan.report_months = 1
    assert services.reporting_period(plan, date(2024, 2, 10)) == (
        date(2024, 2, 1),
        date(2024, 2, 29),
    )
    plan.report_months = 6
    assert services.reporting_period(plan, date(2025, 12, 31)) == (
        date(2025, 7, 1),
        date(2025, 12, 31),
    )


def test_the_import_copies_nothing_of_a_changed_parse(world):
    """The draft's parse is re-checked at import: a parse stored with a bad value (as a
    person could not save it) is refused there too."""
    draft = world.draft()
    bad = copy.deepcopy(draft.parsed)
    bad["tasks"][0]["targets"][0]["value"] = "abc"
    PlanDraft.objects.filter(pk=draft.pk).update(parsed=bad)
    draft.refresh_from_db()
    with at(IMPORTED), pytest.raises(ValidationError, match="须为数字"):
        services.plan_import(actor=world.office, draft=draft)
    assert not Plan.objects.exists() and not TaskUnit.objects.exists()
    assert PARSED["tasks"][0]["targets"][0]["value"] == 100  # the fixture is untouched


def test_a_resubmission_keeps_the_first_submission_time(world):
    plan = world.plan()
    one = world.task(plan, "一")
    report = world.report(one, on=date(2025, 3, 20))
    first = report.submitted_at
    with at(date(2025, 3, 25)):
        services.report_return(
            actor=world.office, unit=world.office_unit, report=report, comment="补充佐证。"
        )
    with at(date(2025, 5, 1)):
        services.report_resubmit(
            actor=world.fin_admin, unit=world.finance, report=report, text="改了", figures={}
        )
    report.refresh_from_db()
    assert (report.submitted_at, report.submitted_by) == (first, world.fin_handler)
    assert report.resubmitted_at.date() == date(2025, 5, 1)
    assert report.text == "改了" and report.state == "submitted"


def test_moving_a_due_date_keeps_the_original(world):
    plan = world.plan()
    one, three = world.task(plan, "一"), world.task(plan, "三")
    assert one.original_due_on == one.due_on == date(2025, 6, 30)
    assert three.original_due_on is None
    with at(date(2025, 2, 1)):
        services.task_update(
            actor=world.office,
            task=one,
            title=one.title,
            text=one.text,
            due_on=date(2025, 12, 31),
            period="",
        )
    one.refresh_from_db()
    assert (one.due_on, one.original_due_on) == (date(2025, 12, 31), date(2025, 6, 30))


# ---- at the same moment (PostgreSQL: the transactions really run in parallel) ----------------

pg_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="parallel transactions need PostgreSQL; run with DATABASE_URL=postgres://...",
)


def in_parallel(*calls) -> list[str]:
    """Run the calls in threads released together; each outcome is "ok" or the message."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call) -> None:
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except (ValidationError, PermissionDenied, StepRefused) as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes, key=lambda outcome: outcome != "ok")


def _built_world():
    from .conftest import BUILT, build_world

    with at(BUILT):
        return build_world()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pg_only
def test_two_reports_for_one_period_at_once_keep_one():
    world = _built_world()
    plan = world.plan()
    two = world.task(plan, "二")
    outcomes = in_parallel(
        lambda: world.report(two, actor=world.fin_handler),
        lambda: world.report(two, actor=world.fin_admin),
    )
    assert outcomes[0] == "ok" and "本期已报送过" in outcomes[1]
    assert ProgressReport.objects.filter(task=two).count() == 1
    assert LedgerEntry.objects.filter(event=PlanEvent.REPORT_SUBMIT).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pg_only
def test_two_reviewers_accepting_at_once_accept_once():
    world = _built_world()
    plan = world.plan()
    one = world.task(plan, "一")
    report = world.report(
        one,
        actor=world.office_admin,
        unit=world.office_unit,
        claims_done=True,
        completed_on=date(2025, 3, 18),
    )
    outcomes = in_parallel(
        lambda: world.accept(report),
        lambda: world.accept(report, actor=world.inspector, unit=world.office_division),
    )
    assert outcomes[0] == "ok" and outcomes[1] != "ok"
    assert LedgerEntry.objects.filter(event=PlanEvent.REPORT_REVIEW).count() == 1
    assert StepRecord.objects.filter(step="complete").count() == 1
    assert Task.objects.get(pk=one.pk).state == "done"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pg_only
def test_a_draft_imported_twice_at_once_makes_one_plan():
    world = _built_world()
    draft = world.draft()
    outcomes = in_parallel(
        lambda: services.plan_import(actor=world.office, draft=draft),
        lambda: services.plan_import(actor=world.inspector, draft=draft),
    )
    assert outcomes[0] == "ok" and "已经导入" in outcomes[1]
    assert Plan.objects.count() == 1 and Task.objects.count() == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pg_only
def test_two_saves_over_one_version_at_once_keep_the_first():
    world = _built_world()
    draft = world.draft()
    shown = services.draft_fingerprint(draft.parsed)

    def save(actor, title):
        parsed = copy.deepcopy(draft.parsed)
        parsed["tasks"][0]["title"] = title
        with at(IMPORTED):
            services.draft_save(actor=actor, draft=draft, parsed=parsed, expected=shown)

    before = LedgerEntry.objects.filter(event=PlanEvent.DRAFT_EDIT).count()
    outcomes = in_parallel(
        lambda: save(world.office, "李科长的修改"), lambda: save(world.inspector, "督察科的修改")
    )
    assert outcomes[0] == "ok" and "该解析稿已被他人修改" in outcomes[1], outcomes
    assert LedgerEntry.objects.filter(event=PlanEvent.DRAFT_EDIT).count() == before + 1
    draft.refresh_from_db()
    assert draft.parsed["tasks"][0]["title"] in ("李科长的修改", "督察科的修改")
