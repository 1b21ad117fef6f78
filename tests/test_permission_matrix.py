"""The permission matrix: every role × every entry point, against units outside its reach.

Two root districts, 东区 and 西区, each with a 司法局 and two sibling departments A (教育局) and
B (卫健委), each with a division. The actor of each role sits in 东区's department A (the
legal reviewer in A's legal division, so that it acts for A). Every page, API endpoint
and export that names B or a person of B must answer 404 — never 403, which would confirm the
record exists — and must leave B untouched.

系统管理员 manages (and so sees in the directory) its whole jurisdiction (东区) by design, so
its cells are aimed at 西区 instead, where it must 404 like everyone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from fazhi.core.models import Person, Role, Unit
from fazhi.core.tests.factories import District, PersonFactory, district_tree

pytestmark = pytest.mark.django_db


@dataclass
class World:
    east: District
    west: District
    a_person: Person  # a colleague in the actor's own department A
    b_person: Person  # staff of the sibling department B
    b_div_person: Person  # staff of B's division
    c_person: Person  # staff of the other district's department


@pytest.fixture
def world() -> World:
    east = district_tree("东区")
    west = district_tree("西区")
    return World(
        east=east,
        west=west,
        a_person=PersonFactory(unit=east.dept_a, name="教育局同事", username="a_colleague"),
        b_person=PersonFactory(unit=east.dept_b, name="卫健委干部", username="b_staff"),
        b_div_person=PersonFactory(unit=east.div_b, name="卫健委科员", username="b_div_staff"),
        c_person=PersonFactory(unit=west.dept_a, name="西区教育局干部", username="c_staff"),
    )


ROLES = [Role.LEGAL_REVIEWER, Role.HANDLER, Role.UNIT_ADMIN, Role.LEADER, Role.SYSTEM_ADMIN]


def own_unit(world: World, role: str) -> Unit:
    """Where the actor of `role` sits: A's division for the reviewer, A for the others."""
    return world.east.div_a if role == Role.LEGAL_REVIEWER else world.east.dept_a


def actor_client(world: World, role: str, unit: Unit | None = None) -> tuple[Person, Client]:
    actor = PersonFactory(unit=unit or own_unit(world, role), role=role, name=f"{role}本人")
    client = Client()
    client.force_login(actor)
    return actor, client


# --- entry points ---------------------------------------------------------------------------

UNIT_FORM = {"name": "被篡改的单位", "short_name": "篡改", "uscc": "", "address": "x", "phone": "1"}
PERSON_FORM = {"name": "被篡改的人", "mobile": "13900000000", "email": "x@example.com"}


@dataclass(frozen=True)
class EntryPoint:
    id: str
    method: str
    url: str  # with {unit} and {person} placeholders
    directory: bool = False  # authorized by MANAGE_DIRECTORY rather than record reach
    data: dict | None = None
    json: bool = False

    def call(self, client: Client, unit: Unit, person: Person):
        url = self.url.format(unit=unit.pk, person=person.pk)
        if self.json:
            return getattr(client, self.method)(url, self.data, content_type="application/json")
        if self.data is not None:
            return getattr(client, self.method)(url, self.data)
        return getattr(client, self.method)(url)


ENTRY_POINTS = [
    # page read
    EntryPoint("page-unit-read", "get", "/workspace/units/{unit}/"),
    EntryPoint("page-person-read", "get", "/workspace/people/{person}/"),
    # page change
    EntryPoint("page-unit-edit-get", "get", "/workspace/units/{unit}/edit/", directory=True),
    EntryPoint("page-unit-edit-post", "post", "/workspace/units/{unit}/edit/", True, UNIT_FORM),
    EntryPoint("page-person-edit-get", "get", "/workspace/people/{person}/edit/", directory=True),
    EntryPoint(
        "page-person-edit-post", "post", "/workspace/people/{person}/edit/", True, PERSON_FORM
    ),
    # API read
    EntryPoint("api-unit-read", "get", "/api/units/{unit}/"),
    EntryPoint("api-person-read", "get", "/api/people/{person}/"),
    EntryPoint("api-unit-people", "get", "/api/units/{unit}/people/"),
    # API change
    EntryPoint("api-unit-patch", "patch", "/api/units/{unit}/", True, {"name": "篡改"}, True),
    EntryPoint("api-unit-put", "put", "/api/units/{unit}/", True, UNIT_FORM, True),
    EntryPoint("api-person-patch", "patch", "/api/people/{person}/", True, {"name": "篡改"}, True),
    # export
    EntryPoint("export-roster", "get", "/workspace/units/{unit}/roster.csv"),
]


def snapshot(*objects: Unit | Person) -> list[dict]:
    return [model_to_dict(type(obj).objects.get(pk=obj.pk)) for obj in objects]


def matrix_cells():
    for role in ROLES:
        for entry in ENTRY_POINTS:
            # 系统管理员 manages all of 东区 by design: aim its cells at 西区.
            other_district = role == Role.SYSTEM_ADMIN
            target = "other-district" if other_district else "B"
            yield pytest.param(role, entry, other_district, id=f"{role}-{entry.id}-{target}")


@pytest.mark.parametrize(("role", "entry", "other_district"), list(matrix_cells()))
def test_out_of_reach_is_404_and_unchanged(world, role, entry, other_district):
    _, client = actor_client(world, role)
    if other_district:
        unit, person = world.west.dept_a, world.c_person
    else:
        unit, person = world.east.dept_b, world.b_person
    before = snapshot(unit, person, world.east.div_b, world.b_div_person)

    response = entry.call(client, unit, person)

    assert response.status_code == 404, response.content[:300]
    assert snapshot(unit, person, world.east.div_b, world.b_div_person) == before


# --- list endpoints -------------------------------------------------------------------------


def api_ids(client: Client, url: str) -> set[int]:
    response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def hidden_units(world: World, role: str) -> list[Unit]:
    """Units the role must not see in any list (系统管理员 sees its whole district)."""
    west = [world.west.dept_a, world.west.district]
    return west if role == Role.SYSTEM_ADMIN else [world.east.dept_b, world.east.div_b, *west]


def hidden_people(world: World, role: str) -> list[Person]:
    west = [world.c_person]
    return west if role == Role.SYSTEM_ADMIN else [world.b_person, world.b_div_person, *west]


@pytest.mark.parametrize("role", ROLES)
def test_api_unit_list_hides_other_units(world, role):
    _, client = actor_client(world, role)
    ids = api_ids(client, "/api/units/")
    assert own_unit(world, role).pk in ids  # positive control
    assert ids.isdisjoint(unit.pk for unit in hidden_units(world, role))


@pytest.mark.parametrize("role", ROLES)
def test_api_people_list_hides_other_people(world, role):
    actor, client = actor_client(world, role)
    ids = api_ids(client, "/api/people/")
    assert actor.pk in ids  # positive control
    assert ids.isdisjoint(person.pk for person in hidden_people(world, role))
    assert world.a_person.pk in ids


@pytest.mark.parametrize("role", ROLES)
def test_workspace_unit_list_hides_other_units(world, role):
    _, client = actor_client(world, role)
    response = client.get("/workspace/units/")
    assert response.status_code == 200
    body = response.content.decode()
    assert own_unit(world, role).name in body  # positive control
    for unit in hidden_units(world, role):
        assert f"/workspace/units/{unit.pk}/" not in body


# --- positive controls ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_own_unit_is_readable_by_every_role(world, role):
    actor, client = actor_client(world, role)
    unit = own_unit(world, role)
    page = client.get(f"/workspace/units/{unit.pk}/")
    assert page.status_code == 200
    assert actor.name in page.content.decode()
    assert client.get(f"/workspace/people/{actor.pk}/").status_code == 200
    assert client.get(f"/api/units/{unit.pk}/").json()["name"] == unit.name
    assert client.get(f"/api/people/{actor.pk}/").json()["username"] == actor.username
    people = client.get(f"/api/units/{unit.pk}/people/").json()["results"]
    assert actor.pk in {row["id"] for row in people}
    export = client.get(f"/workspace/units/{unit.pk}/roster.csv")
    assert export.status_code == 200
    assert actor.username in b"".join(export.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("role", [Role.UNIT_ADMIN, Role.LEADER])
def test_unit_and_sub_units_are_readable_by_leader_and_unit_admin(world, role):
    _, client = actor_client(world, role)
    assert client.get(f"/workspace/units/{world.east.div_a.pk}/").status_code == 200
    assert client.get(f"/api/people/{world.a_person.pk}/").status_code == 200


def test_unit_admin_edits_own_unit_via_page_and_api(world):
    _, client = actor_client(world, Role.UNIT_ADMIN)
    unit = world.east.dept_a
    form = {"name": "东区教育委员会", "short_name": "教委", "uscc": "", "address": "", "phone": ""}
    response = client.post(f"/workspace/units/{unit.pk}/edit/", form)
    assert response.status_code == 302
    assert response.url == f"/workspace/units/{unit.pk}/"
    assert Unit.objects.get(pk=unit.pk).name == "东区教育委员会"

    response = client.patch(
        f"/api/units/{unit.pk}/", {"phone": "010-88886666"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "010-88886666"
    assert Unit.objects.get(pk=unit.pk).phone == "010-88886666"

    response = client.patch(
        f"/api/people/{world.a_person.pk}/",
        {"mobile": "13800000000"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Person.objects.get(pk=world.a_person.pk).mobile == "13800000000"


@pytest.mark.parametrize("role", [Role.HANDLER, Role.LEADER, Role.LEGAL_REVIEWER])
def test_own_unit_is_not_editable_without_directory_rights(world, role):
    _, client = actor_client(world, role)
    unit = own_unit(world, role)
    before = snapshot(unit)
    assert client.get(f"/workspace/units/{unit.pk}/edit/").status_code == 404
    assert client.post(f"/workspace/units/{unit.pk}/edit/", UNIT_FORM).status_code == 404
    response = client.patch(
        f"/api/units/{unit.pk}/", {"name": "篡改"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert snapshot(unit) == before


def test_system_admin_manages_the_directory_of_its_district(world):
    """The reason its cells above are aimed at the other district."""
    _, client = actor_client(world, Role.SYSTEM_ADMIN)
    unit = world.east.dept_b
    assert client.get(f"/workspace/units/{unit.pk}/edit/").status_code == 200
    response = client.post(f"/workspace/units/{unit.pk}/edit/", {**UNIT_FORM, "name": "东区卫健局"})
    assert response.status_code == 302
    assert Unit.objects.get(pk=unit.pk).name == "东区卫健局"
    response = client.patch(
        f"/api/people/{world.b_person.pk}/",
        {"mobile": "13700000000"},
        content_type="application/json",
    )
    assert response.status_code == 200
    # What it manages it also sees in the directory, so the edit lands on a page it can read.
    assert client.get(f"/workspace/units/{unit.pk}/").status_code == 200


def test_legal_office_reviewer_sees_both_departments(world):
    """Positive control: the district's 司法局 reviewer legitimately reaches B."""
    _, client = actor_client(world, Role.LEGAL_REVIEWER, unit=world.east.legal_office)
    b, b_person = world.east.dept_b, world.b_person
    for url in (
        f"/workspace/units/{b.pk}/",
        f"/workspace/people/{b_person.pk}/",
        f"/api/units/{b.pk}/",
        f"/api/people/{b_person.pk}/",
        f"/api/units/{b.pk}/people/",
        f"/workspace/units/{b.pk}/roster.csv",
    ):
        assert client.get(url).status_code == 200, url
    assert {world.east.dept_a.pk, b.pk, world.east.div_b.pk} <= api_ids(client, "/api/units/")
    assert {world.a_person.pk, b_person.pk} <= api_ids(client, "/api/people/")
    assert b.name in client.get("/workspace/units/").content.decode()
    # ...but reviewing is not managing the directory.
    before = snapshot(b)
    assert client.post(f"/workspace/units/{b.pk}/edit/", UNIT_FORM).status_code == 404
    patch = client.patch(f"/api/units/{b.pk}/", {"name": "篡改"}, content_type="application/json")
    assert patch.status_code == 404
    assert snapshot(b) == before
    # The other district stays out of reach.
    assert client.get(f"/api/units/{world.west.dept_a.pk}/").status_code == 404
    assert world.c_person.pk not in api_ids(client, "/api/people/")


# --- anonymous, malformed and non-existent ids ---------------------------------------------


@pytest.mark.parametrize(
    "url", ["/workspace/", "/workspace/units/", "/workspace/units/1/", "/workspace/units/1/edit/"]
)
def test_anonymous_workspace_redirects_to_login(world, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", ["/api/units/", "/api/people/", "/api/me/", "/api/units/1/"])
def test_anonymous_api_is_refused(world, client, url):
    response = client.get(url)
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_anonymous_api_change_is_refused(world, client):
    unit = world.east.dept_b
    before = snapshot(unit)
    response = client.patch(
        f"/api/units/{unit.pk}/", {"name": "篡改"}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert snapshot(unit) == before


@pytest.mark.parametrize(
    "url",
    [
        "/workspace/units/abc/",
        "/workspace/units/abc/edit/",
        "/workspace/people/abc/",
        "/workspace/units/-1/",
        "/api/units/abc/",
        "/api/people/abc/",
        "/api/units/abc/people/",
        "/api/units/1.5/",
    ],
)
def test_malformed_ids_are_404(world, url):
    _, client = actor_client(world, Role.UNIT_ADMIN)
    assert client.get(url).status_code == 404


def _without_csrf(body: bytes) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", body.decode())


@pytest.mark.parametrize(
    "url",
    [
        "/workspace/units/{id}/",
        "/workspace/units/{id}/edit/",
        "/workspace/units/{id}/roster.csv",
        "/api/units/{id}/",
        "/api/units/{id}/people/",
    ],
)
def test_missing_and_forbidden_units_look_the_same(world, url):
    _, client = actor_client(world, Role.UNIT_ADMIN)
    missing_id = Unit.objects.order_by("-pk").first().pk + 1000
    missing = client.get(url.format(id=missing_id))
    forbidden = client.get(url.format(id=world.east.dept_b.pk))
    assert missing.status_code == forbidden.status_code == 404
    assert _without_csrf(missing.content) == _without_csrf(forbidden.content)
    assert missing.get("Content-Type") == forbidden.get("Content-Type")


@pytest.mark.parametrize("url", ["/workspace/people/{id}/", "/api/people/{id}/"])
def test_missing_and_forbidden_people_look_the_same(world, url):
    _, client = actor_client(world, Role.UNIT_ADMIN)
    missing_id = Person.objects.order_by("-pk").first().pk + 1000
    missing = client.get(url.format(id=missing_id))
    forbidden = client.get(url.format(id=world.b_person.pk))
    assert missing.status_code == forbidden.status_code == 404
    assert _without_csrf(missing.content) == _without_csrf(forbidden.content)
