"""Factories for the organization tree, people and posts.

They build through `fazhi.core.services` (actor=None, the platform itself), so test data passes
the same placement, validation and constraint checks as real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import factory

from fazhi.core import services
from fazhi.core.models import Person, Post, Role, Unit, UnitKind

PASSWORD = "Fazhi-test-2024!"


class UnitFactory(factory.Factory):
    """A unit; a root district unless `parent` and `kind` say otherwise."""

    class Meta:
        model = Unit

    parent = None
    kind = UnitKind.DISTRICT
    name = factory.Sequence(lambda n: f"测试单位{n:03d}")
    valid_from = date(2020, 1, 1)

    @classmethod
    def _create(cls, model_class, **kwargs) -> Unit:
        return services.unit_create(actor=None, **kwargs)


class PersonFactory(factory.Factory):
    """A person with a first post (`unit`, `role`) and a usable password."""

    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    role = Role.HANDLER
    username = factory.Sequence(lambda n: f"user{n:03d}")
    name = factory.Sequence(lambda n: f"测试人员{n:03d}")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, **kwargs) -> Person:
        return services.person_create(actor=None, **kwargs)


class PostFactory(factory.Factory):
    """A further post for an existing person."""

    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.HANDLER

    @classmethod
    def _create(cls, model_class, **kwargs) -> Post:
        return services.post_assign(actor=None, **kwargs)


@dataclass
class District:
    """A district with a legal office and two sibling departments, each with a division.

    district
    ├── legal_office (司法局)
    ├── dept_a ── div_a
    └── dept_b ── div_b
    """

    district: Unit
    legal_office: Unit
    dept_a: Unit
    div_a: Unit
    dept_b: Unit
    div_b: Unit


def district_tree(prefix: str) -> District:
    """Build a District whose unit names all start with `prefix` (e.g. 甲区)."""
    district = UnitFactory(kind=UnitKind.DISTRICT, name=f"{prefix}人民政府")
    legal_office = UnitFactory(parent=district, kind=UnitKind.LEGAL_OFFICE, name=f"{prefix}司法局")
    dept_a = UnitFactory(parent=district, kind=UnitKind.DEPARTMENT, name=f"{prefix}教育局")
    div_a = UnitFactory(parent=dept_a, kind=UnitKind.DIVISION, name=f"{prefix}教育局法规科")
    dept_b = UnitFactory(parent=district, kind=UnitKind.DEPARTMENT, name=f"{prefix}卫健委")
    div_b = UnitFactory(parent=dept_b, kind=UnitKind.DIVISION, name=f"{prefix}卫健委法规科")
    return District(district, legal_office, dept_a, div_a, dept_b, div_b)
