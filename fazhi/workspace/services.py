"""Writes of to-do items. Modules call these from their own services, in their transaction."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core.models import Person, Post, Unit

from .models import TodoItem, TodoState


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
        assignee=assignee, unit=unit, title=title, module=module, source=source, url=url,
        due_at=due_at, deadline_basis=deadline_basis,
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
