"""Writes to the organization tree and the people in it. Each function is one transaction.

`actor` is the person acting; None means the platform itself (the demo generator, set-up
commands), which callers outside the CLI never pass.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.ledger import services as ledger_services
from fazhi.ledger.events import EventType

from . import policies
from .models import (
    GOVERNMENT_KINDS,
    Person,
    Post,
    Role,
    SuccessionKind,
    TodoItem,
    TodoState,
    Unit,
    UnitKind,
    UnitSuccession,
)
from .policies import Action

# Which kinds of unit may sit under which (市 → 区 → 部门/街道乡镇 → 科室/司法所).
ALLOWED_CHILDREN: dict[str, set[str]] = {
    UnitKind.CITY: {UnitKind.DISTRICT, UnitKind.DEPARTMENT, UnitKind.LEGAL_OFFICE},
    UnitKind.DISTRICT: {
        UnitKind.DEPARTMENT,
        UnitKind.LEGAL_OFFICE,
        UnitKind.STREET,
        UnitKind.TOWNSHIP,
    },
    UnitKind.DEPARTMENT: {UnitKind.DIVISION},
    UnitKind.LEGAL_OFFICE: {UnitKind.DIVISION},
    UnitKind.STREET: {UnitKind.DIVISION, UnitKind.JUSTICE_STATION},
    UnitKind.TOWNSHIP: {UnitKind.DIVISION, UnitKind.JUSTICE_STATION},
    UnitKind.DIVISION: set(),
    UnitKind.JUSTICE_STATION: set(),
}


def _require(actor: Person | None, action: Action, unit: Unit) -> None:
    if actor is not None and not policies.can(actor, action, unit.pk):
        raise PermissionDenied("您无权管理该单位。")


def _check_placement(parent: Unit | None, kind: str) -> None:
    if parent is None:
        if kind not in GOVERNMENT_KINDS:
            raise ValidationError({"parent": "只有市、区人民政府可以作为组织树的根。"})
        return
    if kind not in ALLOWED_CHILDREN[parent.kind]:
        raise ValidationError(
            {"kind": f"“{UnitKind(parent.kind).label}”之下不能设立“{UnitKind(kind).label}”。"}
        )
    if parent.valid_to is not None:
        raise ValidationError({"parent": f"上级单位“{parent.name}”已于 {parent.valid_to} 撤销。"})


@transaction.atomic
def unit_create(
    *,
    actor: Person | None,
    parent: Unit | None,
    kind: str,
    name: str,
    short_name: str = "",
    uscc: str = "",
    valid_from: date | None = None,
    address: str = "",
    phone: str = "",
) -> Unit:
    """Create a unit under `parent` (or a root government when parent is None)."""
    if parent is not None:
        _require(actor, Action.MANAGE_DIRECTORY, parent)
    elif actor is not None and not actor.is_superuser:
        raise PermissionDenied("只有平台管理员可以设立根单位。")
    _check_placement(parent, kind)
    unit = Unit(
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
        uscc=uscc.strip().upper(),
        valid_from=valid_from or timezone.localdate(),
        address=address,
        phone=phone,
    )
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        unit = Unit.objects.add_root(instance=unit)
    else:
        parent = Unit.objects.select_for_update().get(pk=parent.pk)
        unit = Unit.objects.add_child(parent, instance=unit)
    ledger_services.record(
        event=EventType.UNIT_CREATE,
        actor=actor,
        record=unit,
        changes={
            "parent": (None, parent.name if parent else None),
            **{f: (None, getattr(unit, f)) for f in ("kind", "valid_from", *UNIT_EDITABLE_FIELDS)},
        },
    )
    return unit


UNIT_EDITABLE_FIELDS = ("name", "short_name", "uscc", "address", "phone")


@transaction.atomic
def unit_update(*, actor: Person | None, unit: Unit, **changes: str) -> Unit:
    """Change a unit's descriptive fields. Structure changes go through units_merge."""
    _require(actor, Action.MANAGE_DIRECTORY, unit)
    unknown = set(changes) - set(UNIT_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = {field: getattr(unit, field) for field in changes}
    for field, value in changes.items():
        value = value.strip()
        setattr(unit, field, value.upper() if field == "uscc" else value)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save(update_fields=list(changes))
    ledger_services.record(
        event=EventType.UNIT_UPDATE,
        actor=actor,
        record=unit,
        changes={field: (before[field], getattr(unit, field)) for field in changes},
    )
    return unit


@transaction.atomic
def units_succeed(
    *,
    actor: Person | None,
    predecessors: list[Unit],
    successor: Unit,
    kind: str,
    effective_on: date,
    basis: str,
) -> list[UnitSuccession]:
    """Record that `successor` takes over the duties of `predecessors` (merge, split, rename).

    Predecessors merged into or renamed as the successor end on `effective_on`; in a split the
    predecessor ends when its last successor is recorded, which the caller marks with MERGE or
    RENAME on the final call. Records stay with the unit that made them; the successor's
    people see them through the policies.
    """
    if not basis.strip():
        raise ValidationError({"basis": "机构变更必须写明依据文件（如编办批复）。"})
    for unit in [*predecessors, successor]:
        _require(actor, Action.MANAGE_DIRECTORY, unit)
    if successor in predecessors:
        raise ValidationError("承继单位不能是原单位本身。")
    successions = []
    for predecessor in predecessors:
        succession = UnitSuccession(
            predecessor=predecessor,
            successor=successor,
            kind=kind,
            effective_on=effective_on,
            basis=basis.strip(),
        )
        succession.full_clean()
        succession.save()
        successions.append(succession)
        if kind != SuccessionKind.SPLIT and predecessor.valid_to is None:
            predecessor.valid_to = effective_on
            predecessor.full_clean(exclude=["path", "depth", "numchild"])
            predecessor.save(update_fields=["valid_to"])
    ledger_services.record(
        event=EventType.UNITS_SUCCEED,
        actor=actor,
        record=successor,
        changes={
            "predecessors": (None, [f"{p.name}（{p.pk}）" for p in predecessors]),
            "kind": (None, kind),
            "effective_on": (None, effective_on),
            "basis": (None, basis.strip()),
            "predecessors_ended": (
                None,
                [p.pk for p in predecessors if p.valid_to == effective_on],
            ),
        },
    )
    return successions


@transaction.atomic
def person_create(
    *,
    actor: Person | None,
    unit: Unit,
    username: str,
    name: str,
    role: str,
    password: str | None = None,
    title: str = "",
    mobile: str = "",
    email: str = "",
) -> Person:
    """Create an account with its first post. Without a password the account cannot log in
    until one is set."""
    _require(actor, Action.MANAGE_DIRECTORY, unit)
    if Person.objects.filter(username=username).exists():
        raise ValidationError({"username": f"登录名“{username}”已被使用。"})
    person = Person(username=username, name=name.strip(), mobile=mobile, email=email)
    if password:
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    ledger_services.record(
        event=EventType.PERSON_CREATE,
        actor=actor,
        record=person,
        changes={f: (None, getattr(person, f)) for f in ("username", *PERSON_EDITABLE_FIELDS)},
    )
    post_assign(actor=actor, person=person, unit=unit, role=role, title=title)
    return person


@transaction.atomic
def post_assign(
    *,
    actor: Person | None,
    person: Person,
    unit: Unit,
    role: str,
    title: str = "",
    valid_from: date | None = None,
) -> Post:
    """Give a person a role in a unit from `valid_from` (today by default)."""
    _require(actor, Action.MANAGE_DIRECTORY, unit)
    if role not in Role.values:
        raise ValidationError({"role": f"未知角色“{role}”。"})
    if unit.valid_to is not None and unit.valid_to <= (valid_from or timezone.localdate()):
        raise ValidationError({"unit": f"单位“{unit.name}”已撤销，不能任职。"})
    if Post.objects.filter(person=person, unit=unit, role=role, valid_to__isnull=True).exists():
        raise ValidationError(f"{person.name}已在{unit.name}担任{Role(role).label}。")
    post = Post(
        person=person,
        unit=unit,
        role=role,
        title=title,
        valid_from=valid_from or timezone.localdate(),
    )
    post.full_clean()
    post.save()
    ledger_services.record(
        event=EventType.POST_ASSIGN,
        actor=actor,
        record=post,
        changes={
            "person": (None, f"{person.name}（{person.pk}）"),
            "unit": (None, f"{unit.name}（{unit.pk}）"),
            "role": (None, role),
            "title": (None, title),
            "valid_from": (None, post.valid_from),
        },
    )
    policies.forget(person)
    return post


@transaction.atomic
def post_end(*, actor: Person | None, post: Post, on: date | None = None) -> Post:
    """End a post (transfer, retirement). The post and what was done in it stay on record."""
    _require(actor, Action.MANAGE_DIRECTORY, post.unit)
    person = post.person  # the caller's instance, which may hold a cached reach
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.valid_to is not None:
        raise ValidationError("该任职已经结束。")
    post.valid_to = on or timezone.localdate()
    post.full_clean()
    post.save(update_fields=["valid_to"])
    ledger_services.record(
        event=EventType.POST_END,
        actor=actor,
        record=post,
        changes={"valid_to": (None, post.valid_to)},
    )
    policies.forget(person)
    return post


PERSON_EDITABLE_FIELDS = ("name", "mobile", "email")


@transaction.atomic
def person_update(*, actor: Person | None, person: Person, **changes: str) -> Person:
    """Change a person's contact details; the actor must manage one of the person's units."""
    unit_ids = list(Post.objects.active().filter(person=person).values_list("unit_id", flat=True))
    if actor is not None and not policies.can(actor, Action.MANAGE_DIRECTORY, unit_ids):
        raise PermissionDenied("您无权修改该人员的信息。")
    unknown = set(changes) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = {field: getattr(person, field) for field in changes}
    for field, value in changes.items():
        setattr(person, field, value.strip())
    person.full_clean(exclude=["password"])
    person.save(update_fields=list(changes))
    ledger_services.record(
        event=EventType.PERSON_UPDATE,
        actor=actor,
        record=person,
        changes={field: (before[field], getattr(person, field)) for field in changes},
    )
    return person


# To-do items: modules put them on a person's workspace from their own services. They are
# notifications about records, not official records themselves, so they append no ledger entry
# (the act that created or closed them has its own).
@transaction.atomic
def todo_create(
    *,
    assignee: Person,
    unit: Unit,
    title: str,
    module: str,
    source: str,
    url: str = "",
    due_at: datetime | None = None,
    deadline_basis: str = "",
) -> TodoItem:
    """Put an item on a person's workspace; the person must hold a post in that unit."""
    if not Post.objects.active().filter(person=assignee, unit=unit).exists():
        raise ValidationError(f"{assignee.name}不在{unit.name}任职，不能向其分派待办。")
    if due_at is not None and timezone.is_naive(due_at):
        raise ValidationError("办理期限必须带时区。")
    item = TodoItem(
        assignee=assignee,
        unit=unit,
        title=title,
        module=module,
        source=source,
        url=url,
        due_at=due_at,
        deadline_basis=deadline_basis,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def todo_close(*, actor: Person, item: TodoItem, state: str = TodoState.DONE) -> TodoItem:
    """Mark an item done (by its assignee) or withdrawn (by the module that created it)."""
    item = TodoItem.objects.select_for_update().get(pk=item.pk)
    if item.assignee_id != actor.pk:
        raise PermissionDenied("只能办结自己的待办事项。")
    if item.state != TodoState.OPEN:
        raise ValidationError("该待办事项已经办结或撤回。")
    item.state = state
    item.closed_at = timezone.now()
    item.save(update_fields=["state", "closed_at"])
    return item


@transaction.atomic
def todo_reschedule(*, item: TodoItem, due_at: datetime, deadline_basis: str) -> TodoItem:
    """Move an open item's deadline (the module recomputed it)."""
    item = TodoItem.objects.select_for_update().get(pk=item.pk)
    item.due_at, item.deadline_basis = due_at, deadline_basis
    item.save(update_fields=["due_at", "deadline_basis"])
    return item


@transaction.atomic
def todo_withdraw(*, item: TodoItem) -> TodoItem:
    """Withdraw an open item the module no longer needs done (its record moved on)."""
    item = TodoItem.objects.select_for_update().get(pk=item.pk)
    if item.state == TodoState.OPEN:
        item.state, item.closed_at = TodoState.WITHDRAWN, timezone.now()
        item.save(update_fields=["state", "closed_at"])
    return item
