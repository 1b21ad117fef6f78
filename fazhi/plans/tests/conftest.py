"""A district that keeps its plan ledger: 示范区人民政府 with its 司法局 (the legal affairs office:
a reviewer in the bureau and one in its 法治督察科, and an administrator), departments —
示范区财政局 (short name 区财政局), 示范区发展和改革委员会 (区发展改革委), 示范区教育委员会, and
示范区城市管理委员会, renamed from 示范区市政市容管理委员会 in 2019 — two streets and a town.
Handlers and administrators of the units report; the district's leader reads; another
district's 司法局 reaches none of it. Built on 2025-01-06 (a Monday); `at` puts the clock on
the day an act is done.

`PARSED` is a plan as the parser gives it (four tasks: a lead unit and a responsible one, a
renamed unit, class names, a vague class and a court), `settled()` the same with the vague
class confirmed as 教育委员会 and the court marked external.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core import services as core_services
from fazhi.core.models import Person, Role, SuccessionKind, Unit, UnitKind
from fazhi.core.tests.factories import PersonFactory, PostFactory, UnitFactory, district_tree
from fazhi.plans import services
from fazhi.plans.models import Plan, PlanDraft, Task

SHANGHAI = ZoneInfo("Asia/Shanghai")
BUILT = date(2025, 1, 6)
IMPORTED = date(2025, 1, 10)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def at(day: date, hour: int = 10):
    """Travel to 10:00 Beijing time on `day` (the clock stands still)."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


def upload(name: str = "佐证材料.pdf", data: bytes = PDF):
    stream = io.BytesIO(data)
    stream.name = name
    return stream


TARGET_REVIEW = {
    "text": "行政规范性文件合法性审核率达到100%",
    "value": 100,
    "unit": "%",
    "comparator": ">=",
    "period": "每年",
    "by": None,
}
TARGET_TRAINING = {
    "text": "执法人员每人每年参加法律知识培训不少于60学时",
    "value": 60,
    "unit": "学时",
    "comparator": ">=",
    "period": "每年",
    "by": None,
}
TARGET_COURT = {
    "text": "行政机关负责人出庭应诉率达到100%",
    "value": 100,
    "unit": "%",
    "comparator": ">=",
    "period": "",
    "by": "2025-12-31",
}

PARSED = {
    "document": {
        "title": "示范区人民政府关于印发《示范区法治政府建设实施方案（2025—2026年）》的通知",
        "plan_title": "示范区法治政府建设实施方案（2025—2026年）",
        "issuers": ["示范区人民政府"],
        "doc_number": "示政发〔2025〕1号",
        "written_on": "2025-01-03",
        "published_on": "2025-01-05",
        "script": "simplified",
        "targets": [TARGET_COURT],
    },
    "sections": [],
    "tasks": [
        {
            "number": "一",
            "path": ["二"],
            "section": "二、主要任务",
            "title": "健全规范性文件合法性审核机制",
            "text": "严格落实行政规范性文件合法性审核机制，2025年6月底前实现审核全覆盖。",
            "responsible": ["县司法局", "区财政局"],
            "lead": ["县司法局"],
            "targets": [TARGET_REVIEW],
            "deadlines": [{"text": "2025年6月底前", "by": "2025-06-30"}],
            "due": "2025-06-30",
            "period": "",
        },
        {
            "number": "二",
            "path": ["二"],
            "section": "二、主要任务",
            "title": "全面提升执法人员素质",
            "text": "执法人员每人每年参加法律知识培训不少于60学时，2025年年底前完成轮训。",
            "responsible": ["區財政局", "区市政市容管理委员会"],
            "lead": ["區財政局"],
            "targets": [TARGET_TRAINING],
            "deadlines": [{"text": "2025年年底前", "by": "2025-12-31"}],
            "due": "2025-12-31",
            "period": "",
        },
        {
            "number": "三",
            "path": ["三"],
            "section": "三、基层法治",
            "title": "加强基层法治建设",
            "text": "每年开展基层法治建设示范创建。",
            "responsible": ["地区、街道办事处"],
            "lead": [],
            "targets": [],
            "deadlines": [],
            "due": None,
            "period": "每年",
        },
        {
            "number": "四",
            "path": ["三"],
            "section": "三、基层法治",
            "title": "支持人民法院依法受理和审理行政案件",
            "text": "区政府相关部门配合区法院做好行政案件审理工作，2025年年底前建立联席机制。",
            "responsible": ["区政府相关部门", "区法院"],
            "lead": [],
            "targets": [],
            "deadlines": [{"text": "2025年年底前", "by": "2025-12-31"}],
            "due": "2025-12-31",
            "period": "",
        },
    ],
    "anomalies": [],
}


@dataclass
class World:
    district: Unit
    office_unit: Unit  # 示范区司法局
    office_division: Unit  # 司法局法治督察科
    finance: Unit
    development: Unit
    education: Unit
    urban: Unit  # 城市管理委员会 (renamed)
    old_urban: Unit  # 市政市容管理委员会 (ended 2019)
    east: Unit
    west: Unit
    town: Unit
    other: Unit  # 乙区人民政府
    other_finance: Unit
    office: Person  # 司法局 legal_reviewer
    inspector: Person  # legal_reviewer in 司法局法治督察科
    office_admin: Person  # 司法局 unit_admin
    fin_handler: Person
    fin_admin: Person
    edu_handler: Person
    urban_handler: Person
    east_handler: Person
    town_admin: Person
    leader: Person  # leader of 示范区人民政府
    stranger: Person  # 乙区司法局 legal_reviewer

    def settled(self, parsed: dict | None = None) -> dict:
        """The parse with every unit name settled: the vague class confirmed as 教育委员会,
        the court marked external."""
        parsed = copy.deepcopy(parsed or PARSED)
        units = services.clean_parsed(parsed, self.district)["units"]
        units["区政府相关部门"] = {
            "status": "class",
            "unit_ids": [self.education.pk],
            "confirmed": True,
            "candidates": units["区政府相关部门"]["candidates"],
        }
        units["区法院"] = {
            "status": "external",
            "unit_ids": [],
            "confirmed": True,
            "candidates": [],
        }
        parsed["units"] = units
        return parsed

    def draft(
        self, parsed: dict | None = None, *, settle: bool = True, sha: str = "ab" * 32
    ) -> PlanDraft:
        """A draft as an upload leaves it (the parse stored), then saved as checked."""
        parsed = copy.deepcopy(parsed or PARSED)
        with at(IMPORTED):
            draft = PlanDraft.objects.create(
                owner=self.district,
                source_name="实施方案.txt",
                source_sha256=sha,
                parsed={"document": parsed["document"], "tasks": parsed["tasks"]},
                created_by=self.office,
            )
            return services.draft_save(
                actor=self.office,
                draft=draft,
                parsed=self.settled(parsed) if settle else parsed,
            )

    def plan(self, parsed: dict | None = None, sha: str = "ab" * 32) -> Plan:
        draft = self.draft(parsed, sha=sha)
        with at(IMPORTED):
            return services.plan_import(actor=self.office, draft=draft)

    def task(self, plan: Plan, number: str) -> Task:
        return Task.objects.get(plan=plan, number=number)

    def report(self, task: Task, *, on: date = date(2025, 3, 20), actor=None, unit=None, **kw):
        values = {
            "period_start": date(on.year, (on.month - 1) // 3 * 3 + 1, 1),
            "text": "本季度已完成审核制度修订。",
            "figures": {},
        }
        values.update(kw)
        with at(on):
            return services.report_submit(
                actor=actor or self.fin_handler, unit=unit or self.finance, task=task, **values
            )

    def accept(self, report, *, on: date = date(2025, 3, 25), actor=None, unit=None, **kw):
        with at(on):
            return services.report_accept(
                actor=actor or self.office, unit=unit or self.office_unit, report=report, **kw
            )


def build_world() -> World:
    district = UnitFactory(
        kind=UnitKind.DISTRICT, name="示范区人民政府", valid_from=date(2000, 1, 1)
    )

    def child(parent, kind, name, short_name="", valid_from=date(2000, 1, 1)):
        return UnitFactory(
            parent=parent, kind=kind, name=name, short_name=short_name, valid_from=valid_from
        )

    office_unit = child(district, UnitKind.LEGAL_OFFICE, "示范区司法局")
    office_division = child(office_unit, UnitKind.DIVISION, "示范区司法局法治督察科")
    finance = child(district, UnitKind.DEPARTMENT, "示范区财政局", "区财政局")
    development = child(district, UnitKind.DEPARTMENT, "示范区发展和改革委员会", "区发展改革委")
    education = child(district, UnitKind.DEPARTMENT, "示范区教育委员会", "区教委")
    old_urban = child(district, UnitKind.DEPARTMENT, "示范区市政市容管理委员会")
    urban = child(
        district, UnitKind.DEPARTMENT, "示范区城市管理委员会", "区城管委", date(2019, 3, 1)
    )
    core_services.units_succeed(
        actor=None,
        predecessors=[old_urban],
        successor=urban,
        kind=SuccessionKind.RENAME,
        effective_on=date(2019, 3, 1),
        basis="示编发〔2019〕3号",
    )
    east = child(district, UnitKind.STREET, "东街街道办事处")
    west = child(district, UnitKind.STREET, "西街街道办事处")
    town = child(district, UnitKind.TOWNSHIP, "南山镇人民政府")
    other = district_tree("乙区")
    other_finance = child(other.district, UnitKind.DEPARTMENT, "乙区财政局")
    office = PersonFactory(unit=office_unit, role=Role.LEGAL_REVIEWER, name="司法局李科长")
    inspector = PersonFactory(unit=office_division, role=Role.LEGAL_REVIEWER, name="督察科周科员")
    office_admin = PersonFactory(unit=office_unit, role=Role.UNIT_ADMIN, name="司法局办公室王主任")
    fin_handler = PersonFactory(unit=finance, role=Role.HANDLER, name="财政局赵一")
    fin_admin = PersonFactory(unit=finance, role=Role.UNIT_ADMIN, name="财政局孙主任")
    edu_handler = PersonFactory(unit=education, role=Role.HANDLER, name="教委钱二")
    urban_handler = PersonFactory(unit=urban, role=Role.HANDLER, name="城管委吴三")
    east_handler = PersonFactory(unit=east, role=Role.HANDLER, name="东街郑四")
    town_admin = PersonFactory(unit=town, role=Role.UNIT_ADMIN, name="南山镇冯五")
    leader = PersonFactory(unit=district, role=Role.LEADER, name="区长陈六")
    stranger = PersonFactory(
        unit=other.legal_office, role=Role.LEGAL_REVIEWER, name="乙区司法局卫七"
    )
    # The finance handler also handles files in 乙区财政局 (another government): a post there
    # must not let them report for this district's tasks.
    PostFactory(person=fin_handler, unit=other_finance, role=Role.HANDLER)
    return World(
        district=district,
        office_unit=office_unit,
        office_division=office_division,
        finance=finance,
        development=development,
        education=education,
        urban=urban,
        old_urban=old_urban,
        east=east,
        west=west,
        town=town,
        other=other.district,
        other_finance=other_finance,
        office=office,
        inspector=inspector,
        office_admin=office_admin,
        fin_handler=fin_handler,
        fin_admin=fin_admin,
        edu_handler=edu_handler,
        urban_handler=urban_handler,
        east_handler=east_handler,
        town_admin=town_admin,
        leader=leader,
        stranger=stranger,
    )


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    """Evidence files go to a temporary directory, never var/."""
    settings.FAZHI_EVIDENCE_ROOT = str(tmp_path / "evidence")


@pytest.fixture
def world(db) -> World:
    with at(BUILT):
        return build_world()
