"""A district whose 卫健委 (dept_b) is an enforcement body with two certified officers, one
uncertified, a head, and a qualified legal reviewer in its 法规科 (div_b); the 司法局 keeps the
register. All built through the services on 2026-01-05 (a Monday); `World` helpers move a case
through its procedure and travel in time as the law's periods require.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.models import Person, Role
from fazhi.core.tests.factories import District, PersonFactory, PostFactory, district_tree
from fazhi.enforcement import services
from fazhi.enforcement.models import Body, Item, Officer, PenaltyCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
BUILT = date(2026, 1, 5)

# A small PNG (1×1) as evidence.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8"
    "cfc0f01f0005000201a0c3d6e60000000049454e44ae426082"
)


def at(day: date, hour: int = 10):
    """Travel to 10:00 Beijing time on `day` (the clock stands still)."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


def upload(name: str = "现场照片.png", data: bytes = PNG):
    stream = io.BytesIO(data)
    stream.name = name
    return stream


@dataclass
class World:
    east: District
    clerk: Person  # 司法局 legal_reviewer: keeps the register
    head: Person  # leader of 卫健委
    lead: Person  # handler, certified
    second: Person  # handler, certified
    trainee: Person  # handler, no certificate
    reviewer: Person  # legal_reviewer in 卫健委法规科, qualified
    outsider: Person  # handler of 教育局
    body: Body
    item: Item
    officers: dict[str, Officer]

    def open(self, *, on: date = date(2026, 3, 2), **kwargs) -> PenaltyCase:
        values = {
            "number": f"甲卫罚〔2026〕{PenaltyCase.objects.count() + 1}号",
            "party_kind": "legal",
            "party_name": "甲区某某餐饮有限公司",
            "party_code": "91110108MA01ABCD2X",
            "occurred_on": date(2026, 2, 20),
            "facts": "未取得卫生许可证擅自营业。",
            "violation_type": "未取得卫生许可证从事经营活动",
            "officers": [self.officers["lead"], self.officers["second"]],
        }
        values.update(kwargs)
        with at(on):
            return services.case_open(actor=self.lead, body=self.body, item=self.item, **values)

    def investigate(self, case: PenaltyCase, *, on: date = date(2026, 3, 3)) -> PenaltyCase:
        with at(on):
            services.evidence_add(
                actor=self.lead,
                case=case,
                upload=upload(),
                kind="photo",
                title="现场照片",
                collected_on=on,
                collected_by=self.officers["lead"],
            )
        return case

    def propose(
        self, case: PenaltyCase, *, fine="5000", kinds=("fine",), on=date(2026, 3, 4), **kwargs
    ):
        """Propose a fine; by default under the 一般 row (2,000–10,000) of the benchmark in
        force."""
        values = dict(kwargs)
        if "benchmark_row" not in values:
            benchmark = services.benchmark_in_force(self.item, on)
            values["benchmark_row"] = benchmark.rows.get(order=2)
        with at(on):
            return services.case_propose(
                actor=self.lead, case=case, penalty_kinds=kinds, fine=fine, **values
            )

    def notify(self, case: PenaltyCase, *, on: date = date(2026, 3, 5), **kwargs):
        values = {
            "notified_on": on,
            "facts": "未取得卫生许可证擅自营业。",
            "reasons": "违反第二十三条",
            "basis": "《公共场所卫生管理条例》第十四条",
            "proposal": "罚款人民币5000元",
        }
        values.update(kwargs)
        with at(on):
            return services.case_notify(actor=self.lead, case=case, **values)

    def to_ready(self, case: PenaltyCase) -> PenaltyCase:
        case = self.investigate(case)
        case = self.propose(case)
        self.notify(case, waived=True)
        with at(date(2026, 3, 6)):
            return services.case_ready(actor=self.lead, case=case)

    def decide(
        self, case: PenaltyCase, *, on: date = date(2026, 3, 9), outcome="penalty", **kwargs
    ):
        values = {"decision_number": f"甲卫罚决〔2026〕{case.pk}号", "decided_on": on}
        values.update(kwargs)
        with at(on):
            return services.case_decide(actor=self.head, case=case, outcome=outcome, **values)

    def refresh(self, case: PenaltyCase) -> PenaltyCase:
        return PenaltyCase.objects.get(pk=case.pk)


def _certify(world_clerk: Person, officer: Officer, number: str) -> None:
    services.exam_record(
        actor=world_clerk, officer=officer, taken_on=date(2025, 6, 1), passed=True, score="88"
    )
    services.certificate_issue(
        actor=world_clerk,
        officer=officer,
        number=number,
        issuer="北京市人民政府",
        area="甲区",
        valid_from=date(2025, 7, 1),
        valid_to=date(2030, 6, 30),
        category="卫生健康",
    )


def build_world() -> World:
    east = district_tree("甲区")
    clerk = PersonFactory(unit=east.legal_office, role=Role.LEGAL_REVIEWER, name="司法局李科长")
    head = PersonFactory(unit=east.dept_b, role=Role.LEADER, name="卫健委王主任")
    lead = PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="执法员赵一")
    second = PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="执法员钱二")
    trainee = PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="见习孙三")
    reviewer = PersonFactory(unit=east.div_b, role=Role.LEGAL_REVIEWER, name="法规科周审核")
    outsider = PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="教育局吴五")
    PostFactory(person=head, unit=east.dept_b, role=Role.UNIT_ADMIN)
    body = services.body_register(
        actor=clerk,
        unit=east.dept_b,
        kind="agency",
        legal_basis="《甲区卫生健康委员会职能配置、内设机构和人员编制规定》",
        scope="公共场所卫生、医疗卫生监督",
    )
    officers = {
        "lead": services.officer_register(actor=clerk, body=body, person=lead),
        "second": services.officer_register(actor=clerk, body=body, person=second),
        "trainee": services.officer_register(actor=clerk, body=body, person=trainee),
        "reviewer": services.officer_register(
            actor=clerk,
            body=body,
            person=reviewer,
            duty="legal_review",
            legal_qualification="A20211101000123",
            reviewing_since=date(2022, 1, 1),
        ),
    }
    _certify(clerk, officers["lead"], "11010126000001")
    _certify(clerk, officers["second"], "11010126000002")
    item = services.item_save(
        actor=head,
        body=body,
        code="330217001000",
        name="对未取得卫生许可证擅自营业的行政处罚",
        kind="penalty",
        legal_basis="《公共场所卫生管理条例》第十四条第一款第四项",
        level="district",
        statutory_min="500",
        statutory_max="30000",
    )
    services.benchmark_save(
        actor=head,
        item=item,
        effective_from=date(2025, 1, 1),
        source="甲区卫健委行政处罚裁量基准（2025）",
        published_on=date(2024, 12, 20),
        rows=[
            {
                "circumstance": "首次违法、及时改正",
                "degree": "lighter",
                "penalty": "警告、罚款",
                "fine_min": "500",
                "fine_max": "2000",
            },
            {
                "circumstance": "经营时间不满三个月",
                "degree": "ordinary",
                "penalty": "罚款",
                "fine_min": "2000",
                "fine_max": "10000",
            },
            {
                "circumstance": "拒不改正或造成危害后果",
                "degree": "heavier",
                "penalty": "罚款",
                "fine_min": "10000",
                "fine_max": "30000",
            },
        ],
    )
    services.exemption_save(
        actor=head,
        item=item,
        kind="discretionary",
        circumstance="初次违法、危害后果轻微并及时改正",
        effective_from=date(2025, 1, 1),
        source="甲区卫健委首违不罚清单（2025）",
    )
    return World(east, clerk, head, lead, second, trainee, reviewer, outsider, body, item, officers)


@pytest.fixture
def world(db) -> World:
    with at(BUILT):
        return build_world()
