"""Jobs the procedures engine queues; each runs only after the step's transaction commits."""

from __future__ import annotations

from huey.contrib.djhuey import on_commit_task

from fazhi.core import services
from fazhi.core.models import Person, TodoItem, TodoState, Unit


@on_commit_task()
def todos_assign(
    *, assignments: list[tuple[int, int]], title: str, module: str, source: str, url: str = ""
) -> int:
    """Put a to-do item for the record on each (person id, unit id)'s workspace, once."""
    created = 0
    for person_id, unit_id in assignments:
        person = Person.objects.get(pk=person_id)
        if TodoItem.objects.filter(
            assignee=person, source=source, title=title, state=TodoState.OPEN
        ).exists():
            continue
        services.todo_create(
            assignee=person,
            unit=Unit.objects.get(pk=unit_id),
            title=title,
            module=module,
            source=source,
            url=url,
        )
        created += 1
    return created
