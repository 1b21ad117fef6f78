"""A district with a drafting department, the legal affairs office, the government as decision
body, and helpers that drive a decision through its procedure — all through the services.

Dates: the world is built on 2026-01-05 (posts start that day). `World.to_*` helpers take the
decision from one state to the next and travel in time as the 条例's periods require.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.models import Person, Role
from fazhi.core.tests.factories import District, PersonFactory, PostFactory, district_tree
from fazhi.major_decisions import services
from fazhi.major_decisions.models import Category, Decision

SHANGHAI = ZoneInfo("Asia/Shanghai")

DRAFT = """一、目标：到2027年底，全区新增公共停车泊位3000个。
二、措施：利用边角地建设立体停车设施；推动机关、企事业单位停车资源错时共享。
三、保障：区财政安排专项资金，区交通委牵头组织实施。"""


def at(day: date, hour: int = 10):
    """Travel to 10:00 Beijing time on `day` (the clock stands still)."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


@dataclass
class World:
    east: District
    drafter: Person  # handler and unit administrator of dept_a (the lead unit)
    reviewer: Person  # legal_reviewer in the 司法局
    chief: Person  # leader of the district government (the decision body)
    clerk: Person  # unit administrator of the district government
    executor: Person  # handler of dept_b (an execution unit)
    outsider: Person  # handler in another district

    # ---- drafting ------------------------------------------------------------------------

    def start(self, *, title: str = "甲区停车设施建设三年行动方案", **kwargs) -> Decision:
        values = {
            "category": Category.POLICY,
            "started_on": date(2026, 1, 5),
            "start_basis": "区政府2026年第1次常务会议决定启动",
            "outside_catalog_reason": "年度目录公布前，区委区政府部署的紧急事项",
        }
        values.update(kwargs)
        return services.decision_start(
            actor=self.clerk,
            body=self.east.district,
            unit=self.east.dept_a,
            title=title,
            **values,
        )

    def fill(self, decision: Decision, **fields) -> Decision:
        values = {
            "draft": DRAFT,
            "explanation": "停车难是群众反映集中的问题，需统筹建设和共享。",
            "legal_basis": "《中华人民共和国道路交通安全法》第三十三条",
        }
        values.update(fields)
        return services.decision_update(actor=self.drafter, decision=decision, **values)

    def waive_all(self, decision: Decision) -> Decision:
        return services.decision_update(
            actor=self.drafter,
            decision=decision,
            hearing_waiver="不直接涉及特定群体切身利益，且无较大分歧",
            expert_waiver="不属于专业性、技术性较强的事项",
            risk_waiver="实施不会对社会稳定、公共安全造成不利影响",
        )

    def comment_round(self, decision: Decision, opens_on: date = date(2026, 1, 6)):
        """A 30-day portal solicitation with one comment, replied, and the feedback published
        the day after it closes. Returns the period."""
        with at(opens_on):
            period = services.comment_period_open(
                actor=self.drafter,
                decision=decision,
                opens_on=opens_on,
                closes_on=opens_on + timedelta(days=40),
            )
            comment = services.comment_submit(
                period=period, text="建议增加充电桩配建要求。", name="张三", client="10.0.0.1"
            )
        after = period.closes_on + timedelta(days=1)
        with at(after):
            services.comment_reply(actor=self.drafter, comment=comment, reply="adopted", reason="")
            services.feedback_publish(
                actor=self.drafter, period=period, feedback="共收到意见1条，采纳1条。"
            )
        return period

    def step(self, decision: Decision, code: str, person: Person | None = None, **data):
        person = person or self.drafter
        unit = {
            self.drafter.pk: self.east.dept_a,
            self.reviewer.pk: self.east.legal_office,
            self.chief.pk: self.east.district,
            self.clerk.pk: self.east.district,
        }.get(person.pk, self.east.dept_b)
        return services.decision_step(
            actor=person, unit=unit, decision=decision, step_code=code, data=data
        )

    def to_reviewing(self, decision: Decision, day: date = date(2026, 2, 20)) -> Decision:
        self.fill(decision)
        self.waive_all(decision)
        self.comment_round(decision)
        with at(day):
            return self.step(decision, "submit_review", reviewing_unit=self.east.legal_office.pk)

    def review(self, decision: Decision, day: date = date(2026, 3, 3), opinion: str = "lawful"):
        with at(day):
            return self.step(
                decision,
                "review_opinion",
                self.reviewer,
                opinion=opinion,
                opinion_text="经审查，决策事项符合法定权限，程序完备，内容合法。",
                adviser_opinion="法律顾问：同意。",
                lawyer_opinion="公职律师：同意。",
            )

    def to_reviewed(self, decision: Decision) -> Decision:
        self.to_reviewing(decision)
        return self.review(decision)

    def meeting(self, **overrides) -> dict:
        data = {
            "kind": "executive",
            "meeting": "区政府2026年第8次常务会议",
            "held_on": date(2026, 3, 10),
            "chair": "王区长",
            "views": [
                {"name": "李副区长", "view": "agree", "text": "同意。"},
                {"name": "赵副区长", "view": "agree", "text": "同意，注意资金保障。"},
            ],
            "observers": [{"name": "市民代表刘某", "kind": "stakeholder"}],
            "chair_view": "同意，按程序报区委。",
            "minutes": "会议听取了区教育局的汇报，组成人员充分发表意见。",
        }
        data.update(overrides)
        return data

    def to_decided(self, decision: Decision) -> Decision:
        self.to_reviewed(decision)
        with at(date(2026, 3, 10)):
            return self.step(decision, "adopt", self.chief, **self.meeting())

    def to_executing(self, decision: Decision) -> Decision:
        self.to_decided(decision)
        with at(date(2026, 3, 16)):
            self.step(decision, "report_party", self.chief, reported_on=date(2026, 3, 16))
        with at(date(2026, 3, 20)):
            return self.step(
                decision,
                "publish",
                self.chief,
                published_on=date(2026, 3, 20),
                publication="甲区停车设施建设三年行动方案（全文）",
                adoption_note="征求意见期间收到意见1条，已采纳。",
                channels="区政府网站、区政府公报",
            )


@pytest.fixture
def world(db) -> World:
    with at(date(2026, 1, 5)):  # posts start the day they are created
        return _world()


def _world() -> World:
    east = district_tree("甲区")
    drafter = PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="承办人")
    PostFactory(person=drafter, unit=east.dept_a, role=Role.UNIT_ADMIN)
    reviewer = PersonFactory(unit=east.legal_office, role=Role.LEGAL_REVIEWER, name="审查人")
    chief = PersonFactory(unit=east.district, role=Role.LEADER, name="王区长")
    clerk = PersonFactory(unit=east.district, role=Role.UNIT_ADMIN, name="政府办人员")
    executor = PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="执行人")
    west = district_tree("乙区")
    outsider = PersonFactory(unit=west.dept_a, role=Role.HANDLER, name="乙区人员")
    return World(east, drafter, reviewer, chief, clerk, executor, outsider)
