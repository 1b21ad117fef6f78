"""A district whose 卫健委 (dept_b) is sued: its handler answers the suits, its head (a 负责人)
appears in court, its administrator keeps the file; the 教育局 (dept_a) is another agency with
its own handler; the 司法局 supervises; a second district’s 司法局 reaches none of it. Built on
2024-09-02 (a Monday); `World` helpers take a case through its instance with the clock at the
day each act is done (`at`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.models import Person, Role
from fazhi.core.tests.factories import District, PersonFactory, district_tree
from fazhi.litigation import services
from fazhi.litigation.models import LitigationCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
BUILT = date(2024, 9, 2)

# A one-page PDF as the proof a head could not appear.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def at(day: date, hour: int = 10):
    """Travel to 10:00 Beijing time on `day` (the clock stands still)."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


def upload(name: str = "情况说明.pdf", data: bytes = PDF):
    stream = io.BytesIO(data)
    stream.name = name
    return stream


HEAD = {
    "head_appeared": True,
    "head_name": "王建华",
    "head_title": "卫健委副主任",
    "head_kind": "deputy",
    "head_proof": True,
    "head_own": True,
    "staff": "赵一（法规科科员）",
    "staff_authorized": True,
}


@dataclass
class World:
    east: District
    west: District
    handler: Person  # 卫健委 handler
    head: Person  # 卫健委 leader
    admin: Person  # 卫健委 unit_admin
    division: Person  # handler in 卫健委法规科: reaches only the division
    outsider: Person  # 教育局 handler
    supervisor: Person  # 司法局 legal_reviewer
    stranger: Person  # 西区司法局 legal_reviewer

    def register(self, *, on: date = date(2025, 9, 17), **kwargs) -> LitigationCase:
        values = {
            "unit": self.east.dept_b,
            "instance": "first",
            "court": "甲区人民法院",
            "number": f"（2025）甲0101行初{LitigationCase.objects.count() + 1}号",
            "plaintiff_kind": "legal",
            "plaintiff": "甲区某某餐饮有限公司",
            "act": "甲卫罚〔2025〕12号行政处罚决定",
            "act_kind": "penalty",
            "act_on": date(2025, 6, 3),
            "known_on": date(2025, 6, 5),
            "filed_on": date(2025, 9, 5),
            "served_on": on,
        }
        values.update(kwargs)
        actor = values.pop("actor", self.handler)
        with at(on):
            return services.case_register(actor=actor, **values)

    def answer(self, case, *, on: date = date(2025, 9, 26), **kwargs) -> LitigationCase:
        with at(on):
            return services.case_answer(actor=self.handler, case=case, answered_on=on, **kwargs)

    def hear(self, case, *, on: date = date(2025, 11, 4), **kwargs):
        values = {**HEAD, **kwargs}
        with at(on):
            return services.hearing_record(actor=self.handler, case=case, held_on=on, **values)

    def judge(
        self,
        case,
        *,
        outcome: str = "reject_claim",
        kind: str = "judgment",
        judged: date = date(2025, 12, 1),
        served: date = date(2025, 12, 3),
        **kwargs,
    ) -> LitigationCase:
        with at(served):
            return services.judgment_record(
                actor=self.handler,
                case=case,
                document_kind=kind,
                outcome=outcome,
                number=kwargs.pop("number", f"（2025）甲0101行初{case.pk}号判决"),
                judged_on=judged,
                served_on=served,
                **kwargs,
            )

    def refresh(self, case: LitigationCase) -> LitigationCase:
        return LitigationCase.objects.get(pk=case.pk)


def build_world() -> World:
    east = district_tree("甲区")
    west = district_tree("乙区")
    handler = PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="应诉承办人赵一")
    head = PersonFactory(unit=east.dept_b, role=Role.LEADER, name="卫健委王主任")
    admin = PersonFactory(unit=east.dept_b, role=Role.UNIT_ADMIN, name="卫健委办公室孙主任")
    division = PersonFactory(unit=east.div_b, role=Role.HANDLER, name="法规科钱二")
    outsider = PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="教育局吴五")
    supervisor = PersonFactory(
        unit=east.legal_office, role=Role.LEGAL_REVIEWER, name="司法局李科长"
    )
    stranger = PersonFactory(unit=west.legal_office, role=Role.LEGAL_REVIEWER, name="乙区司法局周")
    return World(east, west, handler, head, admin, division, outsider, supervisor, stranger)


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    """Proofs of a head's absence are stored in a temporary directory, never var/."""
    settings.FAZHI_EVIDENCE_ROOT = str(tmp_path / "evidence")


@pytest.fixture
def world(db) -> World:
    with at(BUILT):
        return build_world()
