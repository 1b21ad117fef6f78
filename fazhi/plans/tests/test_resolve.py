"""Unit names as plans write them, resolved against 示范区's tree."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core.models import UnitKind
from fazhi.core.tests.factories import UnitFactory
from fazhi.plans.resolve import resolve_name, resolve_names

from .conftest import at


def resolved(world, name):
    with at(date(2025, 1, 10)):
        return resolve_name(name, world.district)


@pytest.mark.parametrize(
    ("name", "status", "unit"),
    [
        ("示范区财政局", "exact", "finance"),
        ("区财政局", "short", "finance"),  # its short name
        ("区发展改革委", "short", "development"),
        ("区司法局", "short", "office_unit"),  # the level prefix for the owner's name
        ("县司法局", "short", "office_unit"),  # written when the district was a county
        ("示范县司法局", "short", "office_unit"),
        ("司法局", "short", "office_unit"),
        ("區財政局", "short", "finance"),  # Traditional script
        ("区财政局\u3000", "short", "finance"),  # a full-width space
        ("示范区财政局\t", "exact", "finance"),
        ("区政府", "short", "district"),  # the owner itself
        ("示范区人民政府", "exact", "district"),
        ("示范区市政市容管理委员会", "former", "urban"),  # renamed in 2019
        ("区市政市容管理委员会", "former", "urban"),
        ("示范区城市管理委员会", "exact", "urban"),
    ],
)
def test_a_plain_name_resolves_and_is_confirmed(world, name, status, unit):
    result = resolved(world, name)
    assert result == {
        "status": status,
        "unit_ids": [getattr(world, unit).pk],
        "confirmed": True,
        "candidates": [],
    }


def test_a_near_name_is_offered_but_not_confirmed(world):
    result = resolved(world, "区财务局")
    assert result["status"] == "fuzzy" and result["confirmed"] is False
    assert result["unit_ids"] == [world.finance.pk]
    assert world.finance.pk in result["candidates"]


@pytest.mark.parametrize("name", ["区法院", "市司法局", "区委宣传部", "各区政府", ""])
def test_a_body_outside_the_tree_is_unresolved(world, name):
    result = resolved(world, name)
    assert result["status"] == "unresolved"
    assert result["unit_ids"] == [] and result["confirmed"] is False


def test_a_name_of_another_government_never_resolves_to_its_unit(world):
    result = resolved(world, "乙区财政局")
    assert world.other_finance.pk not in result["unit_ids"] + result["candidates"]
    assert result["confirmed"] is False


def test_an_ended_unit_is_not_a_match_without_a_successor(world):
    with at(date(2024, 1, 1)):
        gone = UnitFactory(parent=world.district, kind=UnitKind.DEPARTMENT, name="示范区档案局")
    gone.valid_to = date(2024, 6, 1)
    gone.save(update_fields=["valid_to"])
    result = resolved(world, "示范区档案局")
    assert result["status"] != "exact" and gone.pk not in result["unit_ids"]
    assert result["confirmed"] is False


@pytest.mark.parametrize(
    ("name", "units"),
    [
        ("各街道办事处", ["east", "west"]),
        ("各乡镇人民政府", ["town"]),
        ("各乡镇", ["town"]),
        ("地区、街道办事处", ["east", "west", "town"]),
        ("各街道、乡镇", ["east", "west", "town"]),
        (
            "县政府各部门",
            ["office_unit", "finance", "development", "education", "urban"],
        ),
        (
            "区政府各委办局",
            ["office_unit", "finance", "development", "education", "urban"],
        ),
        ("各部门", ["office_unit", "finance", "development", "education", "urban"]),
        ("示范区政府各部门", ["office_unit", "finance", "development", "education", "urban"]),
        ("区直各部门", ["office_unit", "finance", "development", "education", "urban"]),
        ("区各街道办事处", ["east", "west"]),
    ],
)
def test_a_class_expands_to_every_active_unit_of_its_kind(world, name, units):
    result = resolved(world, name)
    assert result["status"] == "class" and result["confirmed"] is True
    assert sorted(result["unit_ids"]) == sorted(getattr(world, u).pk for u in units)
    assert world.old_urban.pk not in result["unit_ids"]  # ended in 2019


@pytest.mark.parametrize("name", ["区政府相关部门", "示范区人民政府有关部门", "有关部门"])
def test_a_vague_class_lists_candidates_for_a_person_to_pick(world, name):
    result = resolved(world, name)
    assert result["status"] == "class" and result["confirmed"] is False
    assert result["unit_ids"] == []
    departments = [world.office_unit, world.finance, world.development, world.education]
    assert {u.pk for u in departments} <= set(result["candidates"])
    assert world.east.pk not in result["candidates"]


def test_many_names_in_two_queries(world, django_assert_num_queries):
    names = ["区财政局", "县司法局", "各街道办事处", "区法院", "区市政市容管理委员会", "区财务局"]
    with at(date(2025, 1, 10)), django_assert_num_queries(2):
        results = resolve_names(names, world.district)
    assert list(results) == names
    assert [results[n]["status"] for n in names] == [
        "short",
        "short",
        "class",
        "unresolved",
        "former",
        "fuzzy",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "市政府各部门",
        "各市政府部门",
        "省政府各部门",
        "市政府有关部门",
        "省人民政府相关部门",
        "乙区政府各部门",
        "示范市政府各部门",
        "市各街道办事处",
        "国务院各部门",
        "区委各部门",
    ],
)
def test_another_governments_class_is_not_the_owners_units(world, name):
    # the city's (or the province's) departments are not the district's: a person decides
    result = resolved(world, name)
    assert result == {"status": "unresolved", "unit_ids": [], "confirmed": False, "candidates": []}


@pytest.mark.parametrize("name", ["示范市财政局", "示范市司法局"])
def test_a_name_with_another_level_prefix_is_never_confirmed(world, name):
    # 示范市 is the city above 示范区, not 示范区 written differently
    result = resolved(world, name)
    assert result["status"] in ("fuzzy", "unresolved") and result["confirmed"] is False


def test_a_countys_plan_does_not_confirm_the_citys_bureau(world):
    with at(date(2024, 1, 1)):
        county = UnitFactory(kind=UnitKind.DISTRICT, name="南昌县人民政府")
        office = UnitFactory(parent=county, kind=UnitKind.LEGAL_OFFICE, name="南昌县司法局")
    with at(date(2025, 1, 10)):
        results = resolve_names(["南昌市司法局", "南昌县司法局", "县政府各部门"], county)
    assert results["南昌市司法局"]["confirmed"] is False
    assert results["南昌县司法局"]["status"] == "exact"
    assert results["县政府各部门"] == {
        "status": "class",
        "unit_ids": [office.pk],
        "confirmed": True,
        "candidates": [],
    }


def test_a_citys_plan_takes_only_its_own_classes(world):
    with at(date(2024, 1, 1)):
        city = UnitFactory(kind=UnitKind.CITY, name="示范市人民政府")
        bureau = UnitFactory(parent=city, kind=UnitKind.DEPARTMENT, name="示范市财政局")
    with at(date(2025, 1, 10)):
        results = resolve_names(["市政府各部门", "省政府各部门", "示范区财政局"], city)
    assert results["市政府各部门"]["unit_ids"] == [bureau.pk]
    assert results["市政府各部门"]["confirmed"] is True
    assert results["省政府各部门"]["status"] == "unresolved"
    assert results["示范区财政局"]["confirmed"] is False
