"""Who reaches which units: per role, over time, across merges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from fazhi.core import policies, services
from fazhi.core.models import Person, Role, SuccessionKind, Unit, UnitKind
from fazhi.core.policies import Action

from .factories import PersonFactory, PostFactory, UnitFactory

pytestmark = pytest.mark.django_db


@dataclass
class Tree:
    """市 ─┬─ 市司法局
    ├─ 市发改委
    ├─ 东区 ─┬─ 东区司法局 ── 东区司法局行政复议科
    │        ├─ 东区教育局 ─┬─ 东区教育局法规科
    │        │              └─ 东区教育局基教科
    │        ├─ 东区卫健委 ── 东区卫健委法规科
    │        └─ 东城街道 ─┬─ 东城司法所
    │                     └─ 东城街道综合科
    └─ 西区 ─┬─ 西区教育局
             └─ 西城街道 ── 西城司法所
    """

    city: Unit
    city_legal: Unit
    city_dept: Unit
    east: Unit
    east_legal: Unit
    east_legal_div: Unit
    east_edu: Unit
    east_edu_law: Unit
    east_edu_basic: Unit
    east_health: Unit
    east_health_law: Unit
    east_street: Unit
    east_station: Unit
    east_street_div: Unit
    west: Unit
    west_edu: Unit
    west_street: Unit
    west_station: Unit

    def all(self) -> set[Unit]:
        return set(vars(self).values())


@pytest.fixture
def tree() -> Tree:
    def unit(parent, kind, name):
        return UnitFactory(parent=parent, kind=kind, name=name)

    city = UnitFactory(kind=UnitKind.CITY, name="市人民政府")
    east = unit(city, UnitKind.DISTRICT, "东区人民政府")
    west = unit(city, UnitKind.DISTRICT, "西区人民政府")
    east_legal = unit(east, UnitKind.LEGAL_OFFICE, "东区司法局")
    east_edu = unit(east, UnitKind.DEPARTMENT, "东区教育局")
    east_health = unit(east, UnitKind.DEPARTMENT, "东区卫健委")
    east_street = unit(east, UnitKind.STREET, "东城街道")
    west_street = unit(west, UnitKind.STREET, "西城街道")
    return Tree(
        city=city,
        city_legal=unit(city, UnitKind.LEGAL_OFFICE, "市司法局"),
        city_dept=unit(city, UnitKind.DEPARTMENT, "市发改委"),
        east=east,
        east_legal=east_legal,
        east_legal_div=unit(east_legal, UnitKind.DIVISION, "东区司法局行政复议科"),
        east_edu=east_edu,
        east_edu_law=unit(east_edu, UnitKind.DIVISION, "东区教育局法规科"),
        east_edu_basic=unit(east_edu, UnitKind.DIVISION, "东区教育局基教科"),
        east_health=east_health,
        east_health_law=unit(east_health, UnitKind.DIVISION, "东区卫健委法规科"),
        east_street=east_street,
        east_station=unit(east_street, UnitKind.JUSTICE_STATION, "东城司法所"),
        east_street_div=unit(east_street, UnitKind.DIVISION, "东城街道综合科"),
        west=west,
        west_edu=unit(west, UnitKind.DEPARTMENT, "西区教育局"),
        west_street=west_street,
        west_station=unit(west_street, UnitKind.JUSTICE_STATION, "西城司法所"),
    )


def reach(person: Person, action: Action = Action.VIEW) -> set[int]:
    """The unit ids a freshly loaded copy of `person` reaches (no cached reach)."""
    ids = policies.unit_ids_for(Person.objects.get(pk=person.pk), action)
    assert ids is not None, "only superusers reach every unit"
    return set(ids)


def pks(*units: Unit) -> set[int]:
    return {unit.pk for unit in units}


def subtree(unit: Unit) -> set[int]:
    # Reload the path: inserting a sibling that sorts first (node_order_by) renumbers paths.
    path = Unit.objects.get(pk=unit.pk).path
    return set(Unit.objects.filter(path__startswith=path).values_list("pk", flat=True))


# --- reach per role ------------------------------------------------------------------------


def test_handler_reaches_own_unit_only(tree):
    handler = PersonFactory(unit=tree.east_edu, role=Role.HANDLER)
    assert reach(handler) == pks(tree.east_edu)
    assert reach(handler, Action.CHANGE) == pks(tree.east_edu)
    assert reach(handler, Action.MANAGE_DIRECTORY) == set()


@pytest.mark.parametrize("role", [Role.LEADER, Role.UNIT_ADMIN])
def test_leader_and_unit_admin_reach_unit_and_sub_units(tree, role):
    person = PersonFactory(unit=tree.east_edu, role=role)
    expected = pks(tree.east_edu, tree.east_edu_law, tree.east_edu_basic)
    assert reach(person) == expected
    assert reach(person, Action.CHANGE) == expected
    assert pks(tree.east, tree.east_health, tree.east_health_law).isdisjoint(reach(person))


def test_only_unit_admin_and_system_admin_manage_the_directory(tree):
    leader = PersonFactory(unit=tree.east_edu, role=Role.LEADER)
    unit_admin = PersonFactory(unit=tree.east_edu, role=Role.UNIT_ADMIN)
    reviewer = PersonFactory(unit=tree.east_legal, role=Role.LEGAL_REVIEWER)
    assert reach(leader, Action.MANAGE_DIRECTORY) == set()
    assert reach(reviewer, Action.MANAGE_DIRECTORY) == set()
    assert reach(unit_admin, Action.MANAGE_DIRECTORY) == subtree(tree.east_edu)


def test_legal_office_reviewer_reaches_the_whole_district(tree):
    reviewer = PersonFactory(unit=tree.east_legal, role=Role.LEGAL_REVIEWER)
    assert reach(reviewer) == subtree(tree.east)
    assert pks(tree.east_health_law, tree.east_station, tree.east_street_div) <= reach(reviewer)
    assert pks(tree.city, tree.west, tree.west_edu, tree.city_dept).isdisjoint(reach(reviewer))


def test_city_legal_office_reviewer_reaches_the_whole_city(tree):
    reviewer = PersonFactory(unit=tree.city_legal, role=Role.LEGAL_REVIEWER)
    assert reach(reviewer) == pks(*tree.all())


def test_justice_station_reviewer_reaches_its_street(tree):
    reviewer = PersonFactory(unit=tree.east_station, role=Role.LEGAL_REVIEWER)
    assert reach(reviewer) == pks(tree.east_street, tree.east_station, tree.east_street_div)
    assert pks(tree.east, tree.east_edu, tree.west_station).isdisjoint(reach(reviewer))


def test_department_legal_division_reviewer_acts_for_the_department(tree):
    reviewer = PersonFactory(unit=tree.east_edu_law, role=Role.LEGAL_REVIEWER)
    assert reach(reviewer) == subtree(tree.east_edu)
    assert policies.can(reviewer, Action.VIEW, tree.east_edu_basic.pk)
    assert not policies.can(reviewer, Action.VIEW, tree.east.pk)
    assert pks(tree.east_legal, tree.west_edu).isdisjoint(reach(reviewer))


def test_legal_office_division_reviewer_supervises_the_district(tree):
    # A 科室 of the 司法局 acts for the 司法局, which supervises the government around it.
    reviewer = PersonFactory(unit=tree.east_legal_div, role=Role.LEGAL_REVIEWER)
    assert reach(reviewer) == subtree(tree.east)


def test_system_admin_records_are_own_unit_directory_is_the_district(tree):
    admin = PersonFactory(unit=tree.east_edu, role=Role.SYSTEM_ADMIN)
    assert reach(admin) == pks(tree.east_edu)
    assert reach(admin, Action.CHANGE) == pks(tree.east_edu)
    assert reach(admin, Action.MANAGE_DIRECTORY) == subtree(tree.east)
    assert pks(tree.city, tree.west).isdisjoint(reach(admin, Action.MANAGE_DIRECTORY))


def test_system_admin_in_a_district_government_manages_the_district(tree):
    admin = PersonFactory(unit=tree.east, role=Role.SYSTEM_ADMIN)
    assert reach(admin, Action.MANAGE_DIRECTORY) == subtree(tree.east)


def test_system_admin_in_a_division_manages_the_nearest_government(tree):
    admin = PersonFactory(unit=tree.east_street_div, role=Role.SYSTEM_ADMIN)
    assert reach(admin) == pks(tree.east_street_div)
    assert reach(admin, Action.MANAGE_DIRECTORY) == subtree(tree.east)


def test_system_admin_of_a_city_department_manages_the_city(tree):
    admin = PersonFactory(unit=tree.city_dept, role=Role.SYSTEM_ADMIN)
    assert reach(admin, Action.MANAGE_DIRECTORY) == pks(*tree.all())


def test_reach_is_the_union_of_all_active_posts(tree):
    person = PersonFactory(unit=tree.east_edu_law, role=Role.HANDLER)
    PostFactory(person=person, unit=tree.west_station, role=Role.LEGAL_REVIEWER)
    assert reach(person) == pks(tree.east_edu_law, tree.west_street, tree.west_station)
    assert policies.can(person, Action.VIEW, [tree.east.pk, tree.west_station.pk])
    assert not policies.can(person, Action.VIEW, [tree.east.pk, tree.west.pk])


def test_scope_filters_a_queryset(tree):
    leader = PersonFactory(unit=tree.east_health, role=Role.LEADER)
    scoped = policies.scope(Unit.objects.all(), leader, unit_field="pk")
    assert set(scoped) == {tree.east_health, tree.east_health_law}


# --- time: ended and future posts --------------------------------------------------------


@pytest.mark.parametrize("role", Role.values)
def test_ended_post_gives_no_rights(tree, role):
    person = PersonFactory(unit=tree.west_edu, role=Role.HANDLER)
    post = PostFactory(person=person, unit=tree.east, role=role, valid_from=date(2023, 1, 1))
    services.post_end(actor=None, post=post, on=date(2024, 6, 30))
    for action in Action:
        assert tree.east.pk not in reach(person, action)
        assert not reach(person, action) & subtree(tree.east)
    assert reach(person) == pks(tree.west_edu)


def test_post_ended_today_gives_no_rights(tree):
    person = PersonFactory(unit=tree.east_edu, role=Role.LEADER)
    post = person.posts.get()
    services.post_end(actor=None, post=post)
    assert reach(person) == set()


@pytest.mark.parametrize("role", Role.values)
def test_post_not_yet_started_gives_no_rights(tree, role):
    person = PersonFactory(unit=tree.west_edu, role=Role.HANDLER)
    tomorrow = timezone.localdate() + timedelta(days=1)
    PostFactory(person=person, unit=tree.east, role=role, valid_from=tomorrow)
    for action in Action:
        assert not reach(person, action) & subtree(tree.east)


def test_cached_reach_is_forgotten_when_posts_change(tree):
    person = PersonFactory(unit=tree.east_edu, role=Role.HANDLER)
    assert not policies.can(person, Action.VIEW, tree.west_edu.pk)  # caches the reach
    post = PostFactory(person=person, unit=tree.west_edu, role=Role.HANDLER)
    assert policies.can(person, Action.VIEW, tree.west_edu.pk)
    services.post_end(actor=None, post=post)
    assert not policies.can(person, Action.VIEW, tree.west_edu.pk)


# --- merges -------------------------------------------------------------------------------


def test_merge_passes_records_to_the_successor(tree):
    handler = PersonFactory(unit=tree.east_health, role=Role.HANDLER)
    assert not policies.can(handler, Action.VIEW, tree.east_edu.pk)
    today = timezone.localdate()
    services.units_succeed(
        actor=None,
        predecessors=[tree.east_edu],
        successor=tree.east_health,
        kind=SuccessionKind.MERGE,
        effective_on=today,
        basis="区编办〔2025〕1号",
    )
    tree.east_edu.refresh_from_db()
    assert tree.east_edu.valid_to == today
    assert reach(handler) == pks(tree.east_health, tree.east_edu)
    assert reach(handler, Action.CHANGE) == pks(tree.east_health, tree.east_edu)
    # The predecessor's sub-units are not records of the predecessor.
    assert tree.east_edu_law.pk not in reach(handler)


def test_merges_chain(tree):
    handler = PersonFactory(unit=tree.east_station, role=Role.HANDLER)
    today = timezone.localdate()
    services.units_succeed(
        actor=None,
        predecessors=[tree.east_edu],
        successor=tree.east_health,
        kind=SuccessionKind.MERGE,
        effective_on=today,
        basis="批复一",
    )
    services.units_succeed(
        actor=None,
        predecessors=[tree.east_health],
        successor=tree.east_station,
        kind=SuccessionKind.TRANSFER,
        effective_on=today,
        basis="批复二",
    )
    assert reach(handler) == pks(tree.east_station, tree.east_health, tree.east_edu)


def test_split_leaves_predecessor_open_and_reaches_it(tree):
    handler = PersonFactory(unit=tree.east_health, role=Role.HANDLER)
    services.units_succeed(
        actor=None,
        predecessors=[tree.east_edu],
        successor=tree.east_health,
        kind=SuccessionKind.SPLIT,
        effective_on=timezone.localdate(),
        basis="分立批复",
    )
    tree.east_edu.refresh_from_db()
    assert tree.east_edu.valid_to is None
    assert tree.east_edu.pk in reach(handler)


def test_predecessor_staff_do_not_gain_the_successor(tree):
    old_handler = PersonFactory(unit=tree.east_edu, role=Role.HANDLER)
    services.units_succeed(
        actor=None,
        predecessors=[tree.east_edu],
        successor=tree.east_health,
        kind=SuccessionKind.MERGE,
        effective_on=timezone.localdate(),
        basis="合并批复",
    )
    assert tree.east_health.pk not in reach(old_handler)


# --- special accounts ---------------------------------------------------------------------


def test_superuser_reaches_everything(tree):
    root = Person.objects.create_superuser(username="root", password="x", name="平台管理员")
    for action in Action:
        assert policies.unit_ids_for(root, action) is None
        assert policies.can(root, action, tree.west_station.pk)
    assert policies.scope(Unit.objects.all(), root, unit_field="pk").count() == len(tree.all())


def test_inactive_person_reaches_nothing(tree):
    person = PersonFactory(unit=tree.east_legal, role=Role.LEGAL_REVIEWER)
    PostFactory(person=person, unit=tree.east, role=Role.SYSTEM_ADMIN)
    Person.objects.filter(pk=person.pk).update(is_active=False)
    person = Person.objects.get(pk=person.pk)
    for action in Action:
        assert policies.unit_ids_for(person, action) == frozenset()
        assert not policies.can(person, action, tree.east_legal.pk)
    assert not policies.scope(Unit.objects.all(), person, unit_field="pk").exists()


def test_inactive_superuser_reaches_nothing(tree):
    root = Person.objects.create_superuser(
        username="root", password="x", name="平台管理员", is_active=False
    )
    assert policies.unit_ids_for(root) == frozenset()


def test_anonymous_reaches_nothing(tree):
    for action in Action:
        assert policies.unit_ids_for(AnonymousUser(), action) == frozenset()
