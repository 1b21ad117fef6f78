"""A district with a drafting department, the legal affairs office, and a document at each stage
of the making procedure, built through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.core.models import Person, Role
from fazhi.core.tests.factories import District, PersonFactory, PostFactory, district_tree
from fazhi.normative_documents import services
from fazhi.normative_documents.competition import blank_findings
from fazhi.normative_documents.models import Subject, Version

SHANGHAI = ZoneInfo("Asia/Shanghai")

DRAFT_TEXT = """第一条 为规范本区校外培训机构管理，根据《中华人民共和国民办教育促进法》等法律法规，\
制定本办法。
第二条 本办法适用于本区行政区域内的校外培训机构。
第三条 区教育局负责校外培训机构的监督管理工作。
第四条 本办法自发布之日起施行。"""


def at(day: date, hour: int = 10):
    """Travel to 10:00 Beijing time on `day` (the clock stands still)."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


@dataclass
class World:
    east: District
    drafter: Person
    reviewer: Person
    leader: Person
    outsider: Person

    def draft(self, *, business: bool = False, rights: bool = True, **fields) -> Version:
        values = {
            "text": DRAFT_TEXT,
            "necessity": "规范校外培训机构管理的需要。",
            "feasibility": "与上位法一致，具备实施条件。",
            "impact": "对培训机构经营的影响可控。",
            "legal_basis": "《中华人民共和国民办教育促进法》",
            "drafter_opinion": "经起草单位法制机构审查，未发现违法内容。",
            "affects_rights": rights,
            "concerns_business": business,
        }
        values.update(fields)
        return services.draft_create(
            actor=self.drafter,
            unit=self.east.dept_a,
            issuer=self.east.dept_a,
            title=values.pop("title", "甲区校外培训机构管理办法"),
            subject=Subject.EDUCATION,
            **values,
        )

    def step(self, version: Version, code: str, person: Person | None = None, **data) -> Version:
        person = person or self.drafter
        unit = self.east.legal_office if person == self.reviewer else self.east.dept_a
        return services.step(actor=person, unit=unit, version=version, step_code=code, data=data)

    def competition_ok(self, version: Version, day: date) -> None:
        services.competition_review_record(
            actor=self.drafter,
            version=version,
            findings=blank_findings(),
            conclusion="compliant",
            reviewed_on=day,
        )

    def to_reviewed(self, version: Version, start: date, opinion: str = "lawful") -> Version:
        """Comment from `start` (2026-03-02) to 04-02 (long enough for a business document),
        submit on 04-03, and review on 04-14 (5 working days after 清明)."""
        with at(start):
            self.step(version, "open_comment", opens_on=start, closes_on=date(2026, 4, 2))
        with at(date(2026, 4, 3)):
            self.step(version, "close_comment", adoption_summary="未收到意见。")
            self.step(version, "submit_review", reviewing_unit_id=self.east.legal_office.pk)
            review = version.legality_reviews.get()
            for flag in review.flags.all():
                services.flag_decide(
                    actor=self.reviewer, flag=flag, decision="dismissed", reason="依法有据。"
                )
        with at(date(2026, 4, 14)):
            self.step(
                version,
                "give_opinion",
                self.reviewer,
                opinion=opinion,
                opinion_text="经审核，出具意见如下。",
                opinion_items=2,
            )
        return version

    def to_published(self, version: Version, *, published_on: date = date(2026, 4, 20), **data):
        self.to_reviewed(version, date(2026, 3, 2))
        with at(published_on):
            self.step(
                version,
                "deliberate",
                meeting="甲区教育局2026年第5次局务会议",
                held_on=published_on,
                result="passed",
                attendees="局长、副局长、法规科科长",
            )
            values = {
                "doc_number": "甲教发〔2026〕3号",
                "published_on": published_on,
                "effective_on": published_on,
                "valid_until": date(
                    published_on.year + 5, published_on.month, published_on.day - 1
                ),
            }
            values.update(data)
            self.step(version, "publish", **values)
        return version


@pytest.fixture
def world(db) -> World:
    with at(date(2026, 1, 5)):  # posts start the day they are created
        return _world()


def _world() -> World:
    east = district_tree("甲区")
    drafter = PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="起草人")
    reviewer = PersonFactory(unit=east.legal_office, role=Role.LEGAL_REVIEWER, name="审核人")
    leader = PersonFactory(unit=east.district, role=Role.LEADER, name="区领导")
    outsider = PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="他局人员")
    PostFactory(person=drafter, unit=east.dept_a, role=Role.UNIT_ADMIN)
    return World(east, drafter, reviewer, leader, outsider)
