from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.core.models import TodoItem


@admin.register(TodoItem)
class TodoItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "assignee", "unit", "module", "due_at", "state"]
    list_filter = ["state", "module"]
    list_select_related = ["assignee", "unit"]
