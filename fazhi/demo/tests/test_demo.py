"""The demo generator: deterministic, complete, built through the services."""

from __future__ import annotations

import random
from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from fazhi.core import policies, services
from fazhi.core.models import USCC_VALIDATOR, Person, Post, Role, Unit, UnitKind
from fazhi.demo.generator import (
    DEMO_PASSWORD,
    DEMO_PERSONAS,
    district_name,
    generate,
    government_uscc,
    plan_district,
    uscc_check_char,
)


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, "--no-progress", stdout=out)
    return out.getvalue()


def snapshot() -> tuple[list, list, list]:
    units = list(
        Unit.objects.order_by("path").values_list("path", "kind", "name", "short_name", "uscc")
    )
    people = list(Person.objects.order_by("username").values_list("username", "name"))
    posts = sorted(Post.objects.values_list("person__username", "unit__path", "role", "title"))
    return units, people, posts


class Rollback(Exception):
    pass


def generate_and_roll_back(**options) -> tuple[list, list, list]:
    try:
        with transaction.atomic():
            generate(**options)
            taken = snapshot()
            raise Rollback
    except Rollback:
        pass
    return taken


# --- unified social credit codes ---------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y43", "91110108551385082Q", "914403001922038216", "91310000717854505W"],
)
def test_check_char_matches_published_codes(code):
    assert uscc_check_char(code[:17]) == code[17]


def test_government_codes_pass_the_validator_and_the_check():
    for district, serial in [(1, 1), (2, 250), (12, 99999)]:
        code = government_uscc(district, serial)
        USCC_VALIDATOR(code)
        assert code.startswith("11") and uscc_check_char(code[:17]) == code[17]
    with pytest.raises(ValidationError):
        USCC_VALIDATOR("11110151001000010I")


# --- the plan ----------------------------------------------------------------------------


def test_plan_depends_only_on_the_seed():
    first, again = plan_district(random.Random(7), 1), plan_district(random.Random(7), 1)
    other = plan_district(random.Random(8), 1)
    assert first == again
    assert [s.name for s in first.staff] != [s.name for s in other.staff]
    assert [u.key for u in first.units] != [u.key for u in other.units]  # place names differ


def test_place_and_person_names_are_unique_in_a_district():
    plan = plan_district(random.Random(2026), 1)
    names = [unit.name for unit in plan.units if unit.kind != UnitKind.DIVISION]
    assert len(names) == len(set(names))
    people = [staff.name for staff in plan.staff]
    assert len(people) == len(set(people))
    assert all(2 <= len(name) <= 3 for name in people)


# --- the database ------------------------------------------------------------------------


@pytest.mark.django_db
def test_same_seed_gives_the_same_district():
    first = generate_and_roll_back(seed=11)
    assert not Unit.objects.exists()
    assert generate_and_roll_back(seed=11) == first


@pytest.mark.django_db
def test_district_has_the_expected_shape():
    assert "1 个区" in run_demo()

    kinds = Counter(Unit.objects.values_list("kind", flat=True))
    assert kinds[UnitKind.DISTRICT] == 1 and kinds[UnitKind.LEGAL_OFFICE] == 1
    assert 30 <= kinds[UnitKind.DEPARTMENT] <= 40
    assert kinds[UnitKind.STREET] >= 15 and kinds[UnitKind.TOWNSHIP] >= 5
    assert kinds[UnitKind.STREET] + kinds[UnitKind.TOWNSHIP] == 29
    for local in Unit.objects.filter(kind__in=[UnitKind.STREET, UnitKind.TOWNSHIP]):
        stations = Unit.objects.get_children(local).filter(kind=UnitKind.JUSTICE_STATION)
        assert stations.count() == 1, local.name
        assert Post.objects.filter(unit__in=stations, role=Role.LEGAL_REVIEWER).count() == 1
    for department in Unit.objects.filter(kind=UnitKind.DEPARTMENT):
        assert 2 <= Unit.objects.get_children(department).count() <= 4, department.name
        roles = set(department.posts.values_list("role", flat=True))
        assert {Role.LEADER, Role.UNIT_ADMIN, Role.HANDLER} <= roles, department.name

    assert 250 <= Person.objects.count() <= 450
    legal_office = Unit.objects.get(kind=UnitKind.LEGAL_OFFICE)
    reviewers = Post.objects.filter(
        unit__path__startswith=legal_office.path, role=Role.LEGAL_REVIEWER
    )
    assert reviewers.count() >= 5
    assert Post.objects.filter(role=Role.SYSTEM_ADMIN).count() == 1

    # Every legal person (not divisions or 司法所) has a valid, unique code.
    codes = list(Unit.objects.exclude(uscc="").values_list("uscc", flat=True))
    legal_persons = Unit.objects.exclude(kind__in=[UnitKind.DIVISION, UnitKind.JUSTICE_STATION])
    assert len(codes) == len(set(codes)) == legal_persons.count()
    for code in codes:
        USCC_VALIDATOR(code)
        assert uscc_check_char(code[:17]) == code[17]


@pytest.mark.django_db
def test_personas_log_in_and_other_staff_cannot(client):
    run_demo()
    for persona in DEMO_PERSONAS:
        person = Person.objects.get(username=persona.username)
        assert person.name == persona.name
        role = next(role for role in Role if role.label == persona.role)
        unit = Unit.objects.get(name=persona.unit)  # the post is there or in one of its 科室
        assert Post.objects.filter(
            person=person, unit__path__startswith=unit.path, role=role
        ).exists()
        response = client.post(
            reverse("login"), {"username": persona.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, persona.username
        assert client.session["_auth_user_id"] == str(person.pk)
        client.logout()
    staff = Person.objects.exclude(username__in=[p.username for p in DEMO_PERSONAS])
    assert staff.count() > 200
    assert not any(person.has_usable_password() for person in staff)

    # The reviewer in a 司法局 科室 acts for the 司法局: the whole district is in reach.
    reviewer = Person.objects.get(username="sfj_shencha")
    assert policies.unit_ids_for(reviewer) == set(Unit.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_if_empty_leaves_a_database_with_data_alone():
    services.unit_create(actor=None, parent=None, kind=UnitKind.DISTRICT, name="某区人民政府")
    assert "已有数据" in run_demo("--if-empty")
    assert Unit.objects.count() == 1 and not Person.objects.exists()


@pytest.mark.django_db
def test_refuses_to_generate_into_a_database_with_data():
    services.unit_create(actor=None, parent=None, kind=UnitKind.DISTRICT, name="某区人民政府")
    with pytest.raises(CommandError, match="已有"):
        run_demo()
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_scale_must_be_positive():
    with pytest.raises(CommandError, match="--scale"):
        run_demo("--scale", "0")


def test_district_names():
    assert [district_name(i) for i in (1, 2, 10, 11, 23, 100)] == [
        "示例区",
        "示例第二区",
        "示例第十区",
        "示例第十一区",
        "示例第二十三区",
        "示例第100区",
    ]


@pytest.mark.django_db
def test_accounts_only_prints_the_table():
    output = run_demo("--accounts")
    assert not Unit.objects.exists()
    assert DEMO_PASSWORD in output and "账号" in output and "角色" in output
    for persona in DEMO_PERSONAS:
        assert persona.username in output and persona.name in output


@pytest.mark.django_db
def test_scale_two_builds_two_full_districts():
    assert "2 个区" in run_demo("--scale", "2", "--seed", "5")
    roots = list(Unit.objects.get_root_nodes())
    # District 1 stays the first root, where selectors.root_government() looks.
    assert [root.name for root in roots] == ["示例区人民政府", "示例第二区人民政府"]

    def shape(root: Unit) -> Counter:
        units = Unit.objects.get_descendants(root).exclude(kind=UnitKind.DIVISION)
        return Counter(units.values_list("kind", flat=True))

    assert shape(roots[0]) == shape(roots[1])
    assert shape(roots[1])[UnitKind.DEPARTMENT] >= 30
    second = Person.objects.filter(posts__unit__path__startswith=roots[1].path).distinct()
    assert second.count() > 250
    assert all(person.username.startswith("d2u") for person in second)
    assert Person.objects.filter(username__in=[p.username for p in DEMO_PERSONAS]).count() == 5


@pytest.mark.django_db
def test_bulk_corpus_for_load_tests_is_published_indexed_and_numbered_across_districts():
    from fazhi.demo import corpus
    from fazhi.normative_documents import search
    from fazhi.normative_documents.models import Version

    assert "2 个区" in run_demo("--scale", "2", "--documents", "3", "--bulk", "--chars", "300")
    bulk = Version.objects.published().filter(document__issuer__kind=UnitKind.DISTRICT)
    assert bulk.count() == 6
    titles = set(bulk.values_list("title", flat=True))
    expected = [corpus.document(i, 300) for i in range(6)]
    assert {d["title"] for d in expected if not d["traditional"]} <= titles
    assert all(len(text) >= 300 for text in bulk.values_list("text", flat=True))
    text = expected[4]["text"]
    start = next(i for i in range(len(text)) if all(c.isalnum() for c in text[i : i + 6]))
    phrase = text[start : start + 6]
    assert bulk.get(text=expected[4]["text"]) in search.search(Version.objects.published(), phrase)
