"""The 任务分解表 export: one row per task the person may see, in plan order, with the columns
offices circulate, no formula in any cell, no person in it.

The ledger used here (and by test_importing and test_figures) is built through the services:
甲区人民政府's 2025 要点 with six tasks, uploaded, its parse replaced by a reviewed one
(draft_save) and imported on 2025-01-06 by the 司法局's reviewer, reporting quarterly:

  1 严格规范性文件合法性审核  lead 甲区司法局, resp. 甲区教育局; due 2025-06-30; ≥100%
  2 加强行政执法监督          lead 甲区卫健委, resp. 区法院 (external); due 2025-12-31;
                              ≥90% 合格率, ≥12 学时
  3 领导干部集体学法          lead 甲区教育局, resp. 各街道办事处 (two streets); 每年 (→ 长期坚持);
                              ≥4 次
  4 公布重大行政决策事项目录  lead 甲区司法局; due 2025-03-31
  5 建成行政复议网上办理平台  lead 甲区卫健委; due 2025-05-31
  6 完成执法事项清单          lead 甲区卫健委; due 2026-12-31; ≤15 个工作日
  and a general target (总体目标): ≥100% 达标率.

`reported` then runs the year to 2025-07-20 (see `run_progress`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from fazhi.core.models import Person, Role, Unit, UnitKind
from fazhi.core.tests.factories import District, PersonFactory, UnitFactory, district_tree
from fazhi.plans import exports, services
from fazhi.plans.models import Plan, Target, Task

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
IMPORTED = date(2025, 1, 6)
TODAY = date(2025, 7, 20)

PLAN_TEXT = """甲区2025年法治政府建设工作要点

一、完善依法行政制度体系

（一）严格合法性审核。2025年6月30日前完成。（区司法局牵头，区教育局负责）
"""
SECTION = "一、完善依法行政制度体系"


def at(day: date, hour: int = 10):
    """Travel to 10:00 Beijing time on `day` (the clock stands still)."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


def target(text: str, value, unit: str, comparator: str = ">=") -> dict:
    return {
        "text": text,
        "value": value,
        "unit": unit,
        "comparator": comparator,
        "period": "",
        "by": None,
    }


def task(number, title, lead, responsible=(), *, due=None, period="", targets=()) -> dict:
    return {
        "number": number,
        "path": ["一"],
        "section": SECTION,
        "title": title,
        "text": f"{title}的具体要求。",
        "responsible": [*lead, *responsible],
        "lead": list(lead),
        "targets": list(targets),
        "deadlines": [{"text": f"{due}前完成", "by": due}] if due else [],
        "due": due,
        "period": period,
    }


def reviewed_parse(prefix: str = "甲区", tasks: list[dict] | None = None) -> dict:
    office, edu, health = f"{prefix}司法局", f"{prefix}教育局", f"{prefix}卫健委"
    tasks = tasks or [
        task(
            "一",
            "严格规范性文件合法性审核",
            [office],
            [edu],
            due="2025-06-30",
            targets=[target("规范性文件合法性审核率达到100%", 100, "%")],
        ),
        task(
            "二",
            "加强行政执法监督",
            [health],
            ["区法院"],
            due="2025-12-31",
            targets=[
                target("行政执法案卷评查合格率不低于90%", 90, "%"),
                target("执法人员培训不少于12学时", 12, "学时"),
            ],
        ),
        task(
            "三",
            "领导干部集体学法",
            [edu],
            ["各街道办事处"],
            period="每年",
            targets=[target("每年集体学法不少于4次", 4, "次")],
        ),
        task("四", "公布重大行政决策事项目录", [office], due="2025-03-31"),
        task("五", "建成行政复议网上办理平台", [health], due="2025-05-31"),
        task(
            "六",
            "完成执法事项清单",
            [health],
            due="2026-12-31",
            targets=[target("平均办理时间不超过15个工作日", 15, "个工作日", "<=")],
        ),
    ]
    return {
        "document": {
            "title": f"{prefix}2025年法治政府建设工作要点",
            "plan_title": "",
            "issuers": [f"{prefix}人民政府"],
            "doc_number": "",
            "written_on": None,
            "published_on": None,
            "script": "simplified",
            "targets": [target("法治政府建设示范创建达标率达到100%", 100, "%")],
        },
        "sections": [],
        "tasks": tasks,
        "units": {"区法院": {"status": "external", "confirmed": True}},
        "anomalies": [],
    }


def import_plan(
    actor: Person,
    owner: Unit,
    parsed: dict,
    *,
    name: str = "要点.txt",
    text: str = PLAN_TEXT,
    on: date = IMPORTED,
) -> Plan:
    """Upload, replace the parse by the reviewed one, import: through the services."""
    with at(on):
        draft = services.draft_upload(actor=actor, owner=owner, name=name, data=text.encode())
        services.draft_save(actor=actor, draft=draft, parsed=parsed)
        return services.plan_import(actor=actor, draft=draft, report_months=3)


@dataclass
class Ledger:
    east: District
    west: District
    east_street: Unit
    west_street: Unit
    office: Person  # 甲区司法局 法治机构审核人员: keeps the ledger
    clerk: Person  # 甲区司法局 承办人员: reports the office's own tasks
    edu: Person  # 甲区教育局 承办人员
    health: Person  # 甲区卫健委 承办人员
    street: Person  # 甲区东街街道办事处 承办人员
    leader: Person  # 甲区人民政府 领导
    stranger: Person  # 乙区司法局 法治机构审核人员
    plan: Plan

    def task(self, position: int) -> Task:
        return Task.objects.get(plan=self.plan, position=position)

    def targets(self, position: int) -> list[Target]:
        return list(self.task(position).targets.order_by("position"))


def build_ledger() -> Ledger:
    with at(IMPORTED):
        east, west = district_tree("甲区"), district_tree("乙区")
        east_street = UnitFactory(
            parent=east.district, kind=UnitKind.STREET, name="甲区东街街道办事处"
        )
        west_street = UnitFactory(
            parent=east.district, kind=UnitKind.STREET, name="甲区西街街道办事处"
        )
        office = PersonFactory(
            unit=east.legal_office, role=Role.LEGAL_REVIEWER, name="司法局李科长"
        )
        people = {
            "clerk": PersonFactory(unit=east.legal_office, role=Role.HANDLER, name="司法局王一"),
            "edu": PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="教育局吴五"),
            "health": PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="卫健委赵六"),
            "street": PersonFactory(unit=east_street, role=Role.HANDLER, name="东街孙七"),
            "leader": PersonFactory(unit=east.district, role=Role.LEADER, name="区长周八"),
            "stranger": PersonFactory(
                unit=west.legal_office, role=Role.LEGAL_REVIEWER, name="乙区司法局郑九"
            ),
        }
    plan = import_plan(office, east.district, reviewed_parse())
    return Ledger(east, west, east_street, west_street, office, plan=plan, **people)


def submit(ledger, person, unit, position, period_start, on, figures=None, **kwargs):
    with at(on):
        return services.report_submit(
            actor=person,
            unit=unit,
            task=ledger.task(position),
            period_start=period_start,
            text=kwargs.pop("text", f"第{position}项任务{on:%m月%d日}的进展。"),
            figures=figures or {},
            **kwargs,
        )


def accept(ledger, report, on):
    with at(on):
        return services.report_accept(
            actor=ledger.office, unit=ledger.east.legal_office, report=report
        )


def run_progress(ledger: Ledger) -> None:
    """The first half of 2025 (quarterly reports; Q2's were due 2025-07-10):

    - task 1: 教育局 reports completion (03-20) for Q1 on 03-25 with 100% → accepted 03-26:
      done on time, its target met;
    - task 4: the 司法局's clerk reports completion (04-15) for Q2 on 04-16 → accepted 04-17:
      done 15 days late;
    - task 5: the sweep of 06-01 lists it 滞后; nobody reports;
    - task 2: 卫健委 reports for Q2 on 07-05 with 85% (target 90%: not met; the 学时 target has
      no figure) → accepted 07-06: 推进中, latest progress that text;
    - task 6: 卫健委 reports for Q2 on 07-08, returned on 07-09 (submitted in time all the same);
    - task 3: 教育局 reports for Q2 late, on 07-15, 4 次 → accepted 07-16 (still 长期坚持); the
      two streets never report.
    """
    east = ledger.east
    t1 = ledger.targets(1)[0]
    r = submit(
        ledger,
        ledger.edu,
        east.dept_a,
        1,
        date(2025, 1, 1),
        date(2025, 3, 25),
        {t1.pk: "100"},
        claims_done=True,
        completed_on=date(2025, 3, 20),
    )
    accept(ledger, r, date(2025, 3, 26))
    r = submit(
        ledger,
        ledger.clerk,
        east.legal_office,
        4,
        date(2025, 4, 1),
        date(2025, 4, 16),
        claims_done=True,
        completed_on=date(2025, 4, 15),
    )
    accept(ledger, r, date(2025, 4, 17))
    with at(date(2025, 6, 1)):
        services.tasks_sweep(date(2025, 6, 1))
    rate, _hours = ledger.targets(2)
    r = submit(
        ledger,
        ledger.health,
        east.dept_b,
        2,
        date(2025, 4, 1),
        date(2025, 7, 5),
        {rate.pk: "85"},
        text="=已开展案卷评查两次",  # looks like a formula: must stay text in the sheet
    )
    accept(ledger, r, date(2025, 7, 6))
    r = submit(ledger, ledger.health, east.dept_b, 6, date(2025, 4, 1), date(2025, 7, 8))
    with at(date(2025, 7, 9)):
        services.report_return(
            actor=ledger.office, unit=east.legal_office, report=r, comment="请补充佐证材料。"
        )
    t3 = ledger.targets(3)[0]
    r = submit(
        ledger, ledger.edu, east.dept_a, 3, date(2025, 4, 1), date(2025, 7, 15), {t3.pk: "4"}
    )
    accept(ledger, r, date(2025, 7, 16))


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.FAZHI_EVIDENCE_ROOT = str(tmp_path / "evidence")


@pytest.fixture
def ledger(db) -> Ledger:
    return build_ledger()


@pytest.fixture
def reported(ledger) -> Ledger:
    run_progress(ledger)
    return ledger


def sheet_rows(data: bytes) -> tuple[list[list], object]:
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    return [list(row) for row in sheet.iter_rows(values_only=True)], sheet


# ---- tests -------------------------------------------------------------------------------------


def test_the_office_exports_every_task_in_plan_order(reported):
    with at(TODAY):
        data = exports.ledger_workbook(reported.office, reported.plan)
    rows, sheet = sheet_rows(data)
    assert sheet.title == "任务分解表"
    assert rows[0][0] == "甲区2025年法治政府建设工作要点 任务分解表（导出日 2025年7月20日）"
    assert rows[1] == [
        "序号",
        "任务",
        "牵头单位",
        "责任单位",
        "完成时限",
        "目标",
        "进展",
        "状态",
        "任务编号",
    ]
    body = rows[2:]
    assert [r[0] for r in body] == [1, 2, 3, 4, 5, 6]
    assert [r[8] for r in body] == [reported.task(i).pk for i in range(1, 7)]
    by_position = {r[0]: r for r in body}
    assert by_position[1][1:5] == [
        "严格规范性文件合法性审核",
        "甲区司法局",
        "甲区教育局",
        "2025年6月30日",
    ]
    assert by_position[1][7] == "已完成"
    # an external body by its name; two targets one per line; the accepted progress
    assert by_position[2][2:8] == [
        "甲区卫健委",
        "区法院",
        "2025年12月31日",
        "行政执法案卷评查合格率不低于90%\n执法人员培训不少于12学时",
        "=已开展案卷评查两次",
        "推进中",
    ]
    # a class the plan wrote, expanded to the two streets, shows as written; a period
    assert by_position[3][3:5] == ["各街道办事处", "每年"]
    assert by_position[3][7] == "长期坚持"
    assert [by_position[i][7] for i in (4, 5, 6)] == ["已完成", "滞后", "未启动"]
    # a returned report is not progress
    assert by_position[6][6] is None
    # the id is last and hidden
    assert sheet.column_dimensions["I"].hidden
    assert sheet.column_dimensions["B"].width == 40


def test_no_cell_is_a_formula(reported):
    with at(TODAY):
        services.task_update(
            actor=reported.office,
            task=reported.task(5),
            title='=HYPERLINK("http://example.com","点击")',
            text="",
            due_on=date(2025, 5, 31),
            period="",
        )
        data = exports.ledger_workbook(reported.office, reported.plan)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    rows, _ = sheet_rows(data)
    assert rows[6][1] == '=HYPERLINK("http://example.com","点击")'
    assert rows[3][6] == "=已开展案卷评查两次"


def test_a_control_character_is_dropped_not_a_failure(reported):
    # .xlsx cannot hold \x07, \x0b, \x1b…: whatever let one into a title, a progress text, an
    # external name or the plan's title, the export drops it (openpyxl would refuse the cell)
    Plan.objects.filter(pk=reported.plan.pk).update(title="甲区\x1b工作要点")
    reported.plan.refresh_from_db()
    Task.objects.filter(pk=reported.task(1).pk).update(
        title="标题\x07响铃\x1b", latest_progress="进展\x0b说明\n第二行"
    )
    reported.task(2).units.filter(external_name="区法院").update(external_name="区\x01法院")
    with at(TODAY):
        data = exports.ledger_workbook(reported.office, reported.plan)
    rows, _ = sheet_rows(data)
    assert rows[0][0].startswith("甲区工作要点 任务分解表")
    assert rows[2][1] == "标题响铃" and rows[2][6] == "进展说明\n第二行"
    assert rows[3][3] == "区法院"
    assert exports.file_name(reported.plan, TODAY) == "甲区工作要点任务分解表20250720.xlsx"


def test_a_department_exports_only_its_own_tasks(reported):
    with at(TODAY):
        edu_rows, _ = sheet_rows(exports.ledger_workbook(reported.edu, reported.plan))
        health_rows, _ = sheet_rows(exports.ledger_workbook(reported.health, reported.plan))
        street_rows, _ = sheet_rows(exports.ledger_workbook(reported.street, reported.plan))
        stranger_rows, _ = sheet_rows(exports.ledger_workbook(reported.stranger, reported.plan))
        leader_rows, _ = sheet_rows(exports.ledger_workbook(reported.leader, reported.plan))
    # 教育局 is responsible for 1 and lead of 3
    assert [r[0] for r in edu_rows[2:]] == [1, 3]
    assert [r[0] for r in health_rows[2:]] == [2, 5, 6]
    assert [r[0] for r in street_rows[2:]] == [3]
    # another district's 司法局 sees nothing of it; the government's leader sees all
    assert stranger_rows[2:] == []
    assert [r[0] for r in leader_rows[2:]] == [1, 2, 3, 4, 5, 6]


def test_no_person_appears_in_the_export(reported):
    with at(TODAY):
        data = exports.ledger_workbook(reported.office, reported.plan)
    rows, _ = sheet_rows(data)
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    for person in Person.objects.all():
        assert person.name not in text
        assert person.username not in text


def test_due_labels():
    assert exports.due_label(Task(due_on=date(2025, 12, 31), period="每年")) == "2025年12月31日"
    assert exports.due_label(Task(due_on=None, period="每季度")) == "每季度"
    assert exports.due_label(Task(due_on=None, period="")) == "长期坚持"


def test_file_name_is_safe():
    plan = Plan(title='甲区/2025:"要点"')
    assert exports.file_name(plan, date(2025, 7, 20)) == "甲区2025要点任务分解表20250720.xlsx"


def test_the_export_takes_a_fixed_number_of_queries(reported, django_assert_max_num_queries):
    with at(TODAY):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            exports.ledger_workbook(reported.office, reported.plan)
        more = import_plan(
            reported.office,
            reported.east.district,
            reviewed_parse(
                tasks=[
                    task(
                        str(n),
                        f"第{n}项任务",
                        ["甲区教育局"],
                        ["甲区卫健委", "各街道办事处"],
                        due="2025-12-31",
                        targets=[target(f"指标{n}达到100%", 100, "%")],
                    )
                    for n in range(1, 31)
                ]
            ),
            name="更多任务.txt",
            text=PLAN_TEXT + "\n",
            on=TODAY,
        )
        office = Person.objects.get(pk=reported.office.pk)  # a fresh reach cache
        with django_assert_max_num_queries(len(few.captured_queries)):
            rows, _ = sheet_rows(exports.ledger_workbook(office, more))
    assert len(rows) == 32
