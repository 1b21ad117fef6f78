"""A district with the people who take the test application's steps.

东区: handler and leader in 教育局 (dept_a, which holds the applications), a legal reviewer in
the 司法局 (reaching the whole district); a handler in the sibling 卫健委 (dept_b) and one in
西区, who must not reach dept_a's records.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from fazhi.core.models import Person, Role
from fazhi.core.tests.factories import District, PersonFactory, district_tree
from tests.procedures_app.models import Application


@dataclass
class World:
    east: District
    west: District
    handler: Person
    reviewer: Person
    leader: Person
    b_handler: Person
    west_handler: Person


@pytest.fixture
def world(db) -> World:
    east = district_tree("东区")
    west = district_tree("西区")
    return World(
        east=east,
        west=west,
        handler=PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="张承办"),
        reviewer=PersonFactory(unit=east.legal_office, role=Role.LEGAL_REVIEWER, name="李审核"),
        leader=PersonFactory(unit=east.dept_a, role=Role.LEADER, name="王局长"),
        b_handler=PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="赵卫健"),
        west_handler=PersonFactory(unit=west.dept_a, role=Role.HANDLER, name="钱西区"),
    )


def make_application(world: World, **fields) -> Application:
    fields = {"title": "对某行政处罚不服的复议申请", "applicant": "孙某", **fields}
    return Application.objects.create(
        unit=world.east.dept_a, state=Application.initial_state(), **fields
    )


@pytest.fixture
def application(world) -> Application:
    return make_application(world)
