"""Step history in the admin, read-only: steps are taken through services.step_take alone."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin

from .models import StepRecord


@admin.register(StepRecord)
class StepRecordAdmin(ReadOnlyAdmin):
    list_display = [
        "occurred_at",
        "procedure_id",
        "content_type",
        "object_id",
        "step",
        "actor",
        "unit",
        "role",
    ]
    list_filter = ["procedure_id", "role"]
    list_select_related = ["content_type", "actor", "unit"]
    date_hierarchy = "occurred_at"
