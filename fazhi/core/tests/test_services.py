"""The write paths for units, people and posts: placement, validation, authorization."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.core import services
from fazhi.core.models import Person, Post, Role, SuccessionKind, Unit, UnitKind, UnitSuccession

from .factories import PASSWORD, PersonFactory, PostFactory, UnitFactory, district_tree

pytestmark = pytest.mark.django_db

VALID_USCC = "11110000000000001A"
OTHER_USCC = "11110000000000002B"


def messages_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(excinfo.value.messages)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


# --- unit_create --------------------------------------------------------------------------


def test_unit_create_builds_the_tree():
    district = UnitFactory(kind=UnitKind.DISTRICT, name="甲区人民政府")
    dept = services.unit_create(
        actor=None,
        parent=district,
        kind=UnitKind.DEPARTMENT,
        name="  甲区教育局 ",
        uscc=VALID_USCC.lower(),
    )
    assert dept.name == "甲区教育局"
    assert dept.uscc == VALID_USCC
    assert dept.valid_from == timezone.localdate()
    assert Unit.objects.get_parent(Unit.objects.get(pk=dept.pk)) == district
    assert district.kind == UnitKind.DISTRICT and district.is_root()


def test_unit_create_refuses_a_division_directly_under_a_district():
    district = UnitFactory(kind=UnitKind.DISTRICT)
    with pytest.raises(ValidationError) as excinfo:
        services.unit_create(actor=None, parent=district, kind=UnitKind.DIVISION, name="综合科")
    assert "kind" in excinfo.value.message_dict
    assert "“区人民政府”之下不能设立“内设科室”" in messages_of(excinfo)
    assert Unit.objects.count() == 1


@pytest.mark.parametrize(
    ("parent_kind", "child_kind"),
    [
        (UnitKind.CITY, UnitKind.STREET),
        (UnitKind.DISTRICT, UnitKind.JUSTICE_STATION),
        (UnitKind.DISTRICT, UnitKind.CITY),
        (UnitKind.DEPARTMENT, UnitKind.DEPARTMENT),
        (UnitKind.DEPARTMENT, UnitKind.JUSTICE_STATION),
    ],
)
def test_unit_create_refuses_misplaced_kinds(parent_kind, child_kind):
    root_kind = (
        parent_kind if parent_kind in (UnitKind.CITY, UnitKind.DISTRICT) else UnitKind.DISTRICT
    )
    parent = UnitFactory(kind=root_kind)
    if parent_kind != root_kind:
        parent = UnitFactory(parent=parent, kind=parent_kind)
    with pytest.raises(ValidationError, match="之下不能设立"):
        services.unit_create(actor=None, parent=parent, kind=child_kind, name="错位单位")


@pytest.mark.parametrize("kind", [UnitKind.CITY, UnitKind.DISTRICT])
def test_unit_create_accepts_governments_as_roots(kind):
    assert UnitFactory(kind=kind).is_root()


@pytest.mark.parametrize(
    "kind", [k for k in UnitKind.values if k not in (UnitKind.CITY, UnitKind.DISTRICT)]
)
def test_unit_create_refuses_other_roots(kind):
    with pytest.raises(ValidationError) as excinfo:
        services.unit_create(actor=None, parent=None, kind=kind, name="孤立单位")
    assert excinfo.value.message_dict == {"parent": ["只有市、区人民政府可以作为组织树的根。"]}


def test_unit_create_refuses_an_ended_parent():
    tree = district_tree("甲区")
    services.units_succeed(
        actor=None,
        predecessors=[tree.dept_a],
        successor=tree.dept_b,
        kind=SuccessionKind.MERGE,
        effective_on=timezone.localdate(),
        basis="批复",
    )
    tree.dept_a.refresh_from_db()
    with pytest.raises(ValidationError, match=r"已于 .* 撤销"):
        services.unit_create(actor=None, parent=tree.dept_a, kind=UnitKind.DIVISION, name="新科")


@pytest.mark.parametrize(
    "uscc",
    [
        "123",
        "11110000000000001A0",  # 19 characters
        "I1110000000000001A",  # I is not used
        "1111000000000000ZA",  # nor Z
        "11-10000000000001A",
    ],
)
def test_unit_create_refuses_a_malformed_uscc(uscc):
    district = UnitFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.unit_create(
            actor=None, parent=district, kind=UnitKind.DEPARTMENT, name="甲局", uscc=uscc
        )
    assert "uscc" in excinfo.value.message_dict
    assert "统一社会信用代码" in messages_of(excinfo)


def test_unit_create_refuses_a_duplicate_uscc():
    district = UnitFactory()
    services.unit_create(
        actor=None, parent=district, kind=UnitKind.DEPARTMENT, name="甲局", uscc=VALID_USCC
    )
    with pytest.raises(ValidationError) as excinfo:
        services.unit_create(
            actor=None, parent=district, kind=UnitKind.DEPARTMENT, name="乙局", uscc=VALID_USCC
        )
    assert "该统一社会信用代码已登记在另一个单位名下" in messages_of(excinfo)
    assert Unit.objects.filter(uscc=VALID_USCC).count() == 1


def test_units_without_uscc_do_not_collide():
    district = UnitFactory()
    UnitFactory(parent=district, kind=UnitKind.DEPARTMENT, name="甲局")
    UnitFactory(parent=district, kind=UnitKind.DEPARTMENT, name="乙局")
    assert Unit.objects.filter(uscc="").count() == 3


def test_unit_create_checks_the_actor():
    tree = district_tree("甲区")
    outsider = PersonFactory(unit=tree.dept_b, role=Role.UNIT_ADMIN)
    insider = PersonFactory(unit=tree.dept_a, role=Role.UNIT_ADMIN)
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=outsider, parent=tree.dept_a, kind=UnitKind.DIVISION, name="新科"
        )
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=insider, parent=None, kind=UnitKind.DISTRICT, name="新区")
    created = services.unit_create(
        actor=insider, parent=tree.dept_a, kind=UnitKind.DIVISION, name="新科"
    )
    assert Unit.objects.get_parent(created) == tree.dept_a


# --- unit_update --------------------------------------------------------------------------


def test_unit_update_changes_descriptive_fields():
    tree = district_tree("甲区")
    unit = services.unit_update(
        actor=None,
        unit=tree.dept_a,
        name=" 甲区教育委员会 ",
        uscc=VALID_USCC.lower(),
        phone="010-1234",
    )
    unit.refresh_from_db()
    assert (unit.name, unit.uscc, unit.phone) == ("甲区教育委员会", VALID_USCC, "010-1234")


@pytest.mark.parametrize("field", ["kind", "valid_to", "path", "depth", "valid_from"])
def test_unit_update_refuses_unknown_fields(field):
    tree = district_tree("甲区")
    before = Unit.objects.get(pk=tree.dept_a.pk)
    with pytest.raises(ValidationError, match=f"不能修改这些字段：{field}"):
        services.unit_update(actor=None, unit=tree.dept_a, **{field: "x"})
    after = Unit.objects.get(pk=tree.dept_a.pk)
    assert (after.kind, after.path, after.valid_to) == (before.kind, before.path, before.valid_to)


@pytest.mark.parametrize("role", [Role.HANDLER, Role.LEADER, Role.LEGAL_REVIEWER])
def test_unit_update_refuses_an_actor_without_directory_rights(role):
    tree = district_tree("甲区")
    actor = PersonFactory(unit=tree.dept_a, role=role)
    with pytest.raises(PermissionDenied):
        services.unit_update(actor=actor, unit=tree.dept_a, name="改名")
    assert Unit.objects.get(pk=tree.dept_a.pk).name == "甲区教育局"


def test_unit_update_refuses_a_unit_admin_of_a_sibling():
    tree = district_tree("甲区")
    actor = PersonFactory(unit=tree.dept_b, role=Role.UNIT_ADMIN)
    with pytest.raises(PermissionDenied):
        services.unit_update(actor=actor, unit=tree.dept_a, name="改名")


def test_unit_update_by_unit_admin_and_system_admin():
    tree = district_tree("甲区")
    unit_admin = PersonFactory(unit=tree.dept_a, role=Role.UNIT_ADMIN)
    system_admin = PersonFactory(unit=tree.dept_b, role=Role.SYSTEM_ADMIN)
    services.unit_update(actor=unit_admin, unit=tree.div_a, short_name="法规科")
    services.unit_update(actor=system_admin, unit=tree.dept_a, short_name="教育局")
    assert Unit.objects.get(pk=tree.div_a.pk).short_name == "法规科"
    assert Unit.objects.get(pk=tree.dept_a.pk).short_name == "教育局"


def test_unit_update_refuses_a_duplicate_uscc():
    tree = district_tree("甲区")
    services.unit_update(actor=None, unit=tree.dept_a, uscc=VALID_USCC)
    with pytest.raises(ValidationError):
        services.unit_update(actor=None, unit=tree.dept_b, uscc=VALID_USCC)
    services.unit_update(actor=None, unit=tree.dept_b, uscc=OTHER_USCC)
    # Saving a unit with its own code again is not a duplicate.
    services.unit_update(actor=None, unit=tree.dept_a, uscc=VALID_USCC, name="甲区教育局")


# --- units_succeed ------------------------------------------------------------------------


@pytest.mark.parametrize("basis", ["", "   "])
def test_units_succeed_requires_a_basis(basis):
    tree = district_tree("甲区")
    with pytest.raises(ValidationError) as excinfo:
        services.units_succeed(
            actor=None,
            predecessors=[tree.dept_a],
            successor=tree.dept_b,
            kind=SuccessionKind.MERGE,
            effective_on=timezone.localdate(),
            basis=basis,
        )
    assert "依据文件" in excinfo.value.message_dict["basis"][0]
    assert not UnitSuccession.objects.exists()
    assert Unit.objects.get(pk=tree.dept_a.pk).valid_to is None


def test_units_succeed_merges():
    tree = district_tree("甲区")
    on = timezone.localdate()
    successions = services.units_succeed(
        actor=None,
        predecessors=[tree.dept_a, tree.div_b],
        successor=tree.dept_b,
        kind=SuccessionKind.MERGE,
        effective_on=on,
        basis=" 区编办〔2025〕3号 ",
    )
    assert [s.predecessor for s in successions] == [tree.dept_a, tree.div_b]
    assert {s.basis for s in successions} == {"区编办〔2025〕3号"}
    assert Unit.objects.get(pk=tree.dept_a.pk).valid_to == on
    assert Unit.objects.get(pk=tree.div_b.pk).valid_to == on
    assert Unit.objects.get(pk=tree.dept_b.pk).valid_to is None


def test_units_succeed_refuses_self_succession():
    tree = district_tree("甲区")
    with pytest.raises(ValidationError):
        services.units_succeed(
            actor=None,
            predecessors=[tree.dept_a],
            successor=tree.dept_a,
            kind=SuccessionKind.RENAME,
            effective_on=timezone.localdate(),
            basis="批复",
        )


def test_units_succeed_checks_every_unit_for_the_actor():
    tree = district_tree("甲区")
    actor = PersonFactory(unit=tree.dept_a, role=Role.UNIT_ADMIN)
    with pytest.raises(PermissionDenied):
        services.units_succeed(
            actor=actor,
            predecessors=[tree.div_a],
            successor=tree.dept_b,
            kind=SuccessionKind.TRANSFER,
            effective_on=timezone.localdate(),
            basis="批复",
        )
    assert not UnitSuccession.objects.exists()


# --- people and posts ---------------------------------------------------------------------


def test_person_create_gives_a_first_post_and_a_password():
    tree = district_tree("甲区")
    person = services.person_create(
        actor=None,
        unit=tree.dept_a,
        username="zhangsan",
        name=" 张三 ",
        role=Role.LEADER,
        password=PASSWORD,
        title="局长",
    )
    assert person.name == "张三"
    assert person.check_password(PASSWORD)
    post = Post.objects.get(person=person)
    assert (post.unit, post.role, post.title, post.valid_to) == (
        tree.dept_a,
        Role.LEADER,
        "局长",
        None,
    )


def test_person_create_without_password_cannot_log_in():
    tree = district_tree("甲区")
    person = services.person_create(
        actor=None, unit=tree.dept_a, username="lisi", name="李四", role=Role.HANDLER
    )
    assert not person.has_usable_password()


def test_person_create_refuses_a_duplicate_username():
    tree = district_tree("甲区")
    PersonFactory(unit=tree.dept_a, username="zhangsan")
    with pytest.raises(ValidationError) as excinfo:
        services.person_create(
            actor=None,
            unit=tree.dept_b,
            username="zhangsan",
            name="另一个张三",
            role=Role.HANDLER,
        )
    assert excinfo.value.message_dict == {"username": ["登录名“zhangsan”已被使用。"]}
    assert Person.objects.filter(username="zhangsan").count() == 1


def test_person_create_refuses_a_bad_username_and_keeps_nothing():
    tree = district_tree("甲区")
    with pytest.raises(ValidationError, match="登录名只能包含"):
        services.person_create(
            actor=None, unit=tree.dept_a, username="张 三", name="张三", role=Role.HANDLER
        )
    assert not Person.objects.exists()


def test_person_create_refuses_an_unknown_role_and_rolls_back():
    tree = district_tree("甲区")
    with pytest.raises(ValidationError, match="未知角色"):
        services.person_create(
            actor=None, unit=tree.dept_a, username="wangwu", name="王五", role="mayor"
        )
    assert not Person.objects.filter(username="wangwu").exists()


def test_person_create_checks_the_actor():
    tree = district_tree("甲区")
    actor = PersonFactory(unit=tree.dept_b, role=Role.UNIT_ADMIN)
    with pytest.raises(PermissionDenied):
        services.person_create(
            actor=actor, unit=tree.dept_a, username="wangwu", name="王五", role=Role.HANDLER
        )


def test_post_assign_refuses_a_duplicate_open_post():
    tree = district_tree("甲区")
    person = PersonFactory(unit=tree.dept_a, role=Role.HANDLER)
    with pytest.raises(ValidationError, match="已在甲区教育局担任承办人员"):
        services.post_assign(actor=None, person=person, unit=tree.dept_a, role=Role.HANDLER)
    # Another role in the same unit, or the same role elsewhere, is fine.
    services.post_assign(actor=None, person=person, unit=tree.dept_a, role=Role.LEADER)
    services.post_assign(actor=None, person=person, unit=tree.div_a, role=Role.HANDLER)
    assert Post.objects.filter(person=person).count() == 3


def test_post_assign_after_the_post_ended_is_allowed():
    tree = district_tree("甲区")
    person = PersonFactory(unit=tree.dept_a, role=Role.HANDLER)
    services.post_end(actor=None, post=person.posts.get())
    services.post_assign(actor=None, person=person, unit=tree.dept_a, role=Role.HANDLER)
    assert Post.objects.active().filter(person=person).count() == 1


def test_post_assign_refuses_an_ended_unit():
    tree = district_tree("甲区")
    person = PersonFactory(unit=tree.dept_b, role=Role.HANDLER)
    services.units_succeed(
        actor=None,
        predecessors=[tree.dept_a],
        successor=tree.dept_b,
        kind=SuccessionKind.MERGE,
        effective_on=timezone.localdate(),
        basis="批复",
    )
    ended = Unit.objects.get(pk=tree.dept_a.pk)
    with pytest.raises(ValidationError) as excinfo:
        services.post_assign(actor=None, person=person, unit=ended, role=Role.HANDLER)
    assert excinfo.value.message_dict == {"unit": ["单位“甲区教育局”已撤销，不能任职。"]}
    # A post that starts before the unit ended is history, and allowed.
    post = services.post_assign(
        actor=None,
        person=person,
        unit=ended,
        role=Role.HANDLER,
        valid_from=timezone.localdate() - timedelta(days=30),
    )
    assert post.pk


def test_post_assign_checks_the_actor():
    tree = district_tree("甲区")
    person = PersonFactory(unit=tree.dept_a)
    leader = PersonFactory(unit=tree.dept_a, role=Role.LEADER)
    with pytest.raises(PermissionDenied):
        services.post_assign(actor=leader, person=person, unit=tree.div_a, role=Role.HANDLER)


def test_post_end_ends_the_post_once():
    tree = district_tree("甲区")
    person = PersonFactory(unit=tree.dept_a, role=Role.LEADER)
    post = PostFactory(
        person=person, unit=tree.dept_b, role=Role.HANDLER, valid_from=date(2024, 1, 1)
    )
    ended = services.post_end(actor=None, post=post, on=date(2024, 12, 31))
    assert ended.valid_to == date(2024, 12, 31)
    assert Post.objects.get(pk=post.pk).valid_to == date(2024, 12, 31)
    assert list(Post.objects.active().filter(person=person).values_list("unit", flat=True)) == [
        tree.dept_a.pk
    ]
    with pytest.raises(ValidationError, match="已经结束"):
        services.post_end(actor=None, post=ended)


def test_post_end_refuses_an_end_before_the_start():
    tree = district_tree("甲区")
    person = PersonFactory(unit=tree.dept_a)
    post = person.posts.get()
    with pytest.raises(ValidationError):
        services.post_end(actor=None, post=post, on=post.valid_from - timedelta(days=1))
    assert Post.objects.get(pk=post.pk).valid_to is None


def test_post_end_checks_the_actor():
    tree = district_tree("甲区")
    person = PersonFactory(unit=tree.dept_a)
    outsider = PersonFactory(unit=tree.dept_b, role=Role.UNIT_ADMIN)
    with pytest.raises(PermissionDenied):
        services.post_end(actor=outsider, post=person.posts.get())
    assert Post.objects.get(person=person).valid_to is None


def test_person_update():
    tree = district_tree("甲区")
    person = PersonFactory(unit=tree.div_a, name="张三")
    admin = PersonFactory(unit=tree.dept_a, role=Role.UNIT_ADMIN)
    services.person_update(actor=admin, person=person, mobile=" 13800000000 ")
    assert Person.objects.get(pk=person.pk).mobile == "13800000000"
    with pytest.raises(ValidationError, match="不能修改这些字段：username"):
        services.person_update(actor=admin, person=person, username="hacker")
    with pytest.raises(ValidationError):
        services.person_update(actor=admin, person=person, email="not-an-email")
    outsider = PersonFactory(unit=tree.dept_b, role=Role.UNIT_ADMIN)
    with pytest.raises(PermissionDenied):
        services.person_update(actor=outsider, person=person, name="李四")
    assert Person.objects.get(pk=person.pk).name == "张三"
