"""A district whose 司法局 (the 行政复议机构) has a clerk and a head; the 卫健委 (dept_b) is the
respondent with a handler and a leader; the 教育局 (dept_a) has an outsider. Applications are
registered through the services; `at()` travels in time as the law's periods require.

The 2026 calendar used by hand-computed dates: 国庆 2026-10-01 to 10-07 (调休 9-20 Sunday and
10-10 Saturday are working days), 元旦 2026-01-01 to 01-03 (01-04 Sunday a working day).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.identity import id_check_char
from fazhi.core.models import Person, Role
from fazhi.core.tests.factories import District, PersonFactory, PostFactory, district_tree
from fazhi.reconsideration import services
from fazhi.reconsideration.models import ReconsiderationCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8"
    "cfc0f01f0005000201a0c3d6e60000000049454e44ae426082"
)


def person_id(first17: str = "11010519800101001") -> str:
    return first17 + id_check_char(first17)


APPLICANT_ID = person_id()


def at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


def upload(name: str = "处罚决定书.png", data: bytes = PNG):
    stream = io.BytesIO(data)
    stream.name = name
    return stream


@dataclass
class World:
    east: District
    clerk: Person  # 司法局 handler
    head: Person  # 司法局 leader (行政复议机构负责人)
    respondent: Person  # 卫健委 handler
    outsider: Person  # 教育局 handler

    def application(self, **extra) -> dict:
        values = {
            "applicant_kind": "person",
            "applicant_name": "张三丰",
            "applicant_id_number": APPLICANT_ID,
            "applicant_phone": "13800138000",
            "applicant_address": "甲区某街道1号",
            "respondent_unit": self.east.dept_b,
            "respondent_name": "",
            "act": "甲卫罚〔2026〕7号行政处罚决定",
            "act_made_on": date(2026, 2, 25),
            "act_known_on": date(2026, 2, 26),
            "subject": "penalty",
            "request_text": "撤销甲卫罚〔2026〕7号行政处罚决定。",
            "reasons": "认定事实不清，证据不足。",
        }
        values.update(extra)
        return values

    def file(self, *, on: date = date(2026, 3, 2), **extra) -> ReconsiderationCase:
        with at(on):
            case, _ = services.application_submit(
                office=self.east.legal_office, client="198.51.100.7", **self.application(**extra)
            )
        return case

    def register(self, *, on: date = date(2026, 3, 2), **extra) -> ReconsiderationCase:
        with at(on):
            case, _ = services.application_register(
                actor=self.clerk,
                office=self.east.legal_office,
                channel="letter",
                received_on=on,
                **self.application(**extra),
            )
        return case

    def accept(self, case, *, on: date = date(2026, 3, 3), **extra) -> ReconsiderationCase:
        values = {"number": f"甲府复〔2026〕{ReconsiderationCase.objects.count()}号"}
        values.update(extra)
        with at(on):
            return services.case_accept(actor=self.clerk, case=case, **values)

    def replied(self, case, *, sent: date, received: date, replied: date):
        with at(received):
            case = services.copy_send(
                actor=self.clerk, case=case, sent_on=sent, received_on=received
            )
        with at(replied):
            return services.reply_submit(
                actor=self.respondent,
                case=case,
                text="原行政行为事实清楚，证据确凿。",
                replied_on=replied,
            )


def build_world() -> World:
    east = district_tree("甲区")
    clerk = PersonFactory(unit=east.legal_office, role=Role.HANDLER, name="复议科李科员")
    head = PersonFactory(unit=east.legal_office, role=Role.LEADER, name="司法局王局长")
    respondent = PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="卫健委赵法制员")
    outsider = PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="教育局吴五")
    PostFactory(person=clerk, unit=east.legal_office, role=Role.LEGAL_REVIEWER)
    return World(east, clerk, head, respondent, outsider)


@pytest.fixture
def world(db) -> World:
    with at(date(2026, 1, 5)):
        return build_world()
