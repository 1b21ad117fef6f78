"""The plan ledger in the admin, read-only: every write goes through services.py (one
transaction, one ledger entry), so the admin only lets a superuser look things up."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin

from .models import Plan, PlanDraft, ProgressReport, ReportFile, Target, Task, TaskUnit


@admin.register(PlanDraft)
class PlanDraftAdmin(ReadOnlyAdmin):
    list_display = ["source_name", "owner", "state", "created_by", "created_at"]
    list_filter = ["state"]
    list_select_related = ["owner", "created_by"]
    search_fields = ["source_name", "source_sha256"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "doc_number", "published_on", "report_months", "is_public"]
    list_filter = ["is_public", "report_months"]
    list_select_related = ["owner"]
    search_fields = ["title", "doc_number", "source_sha256"]


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0
    can_delete = False
    fields = ["role", "unit", "external_name", "written", "position"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "unit", "state", "due_on", "completed_on"]
    list_filter = ["state"]
    list_select_related = ["plan", "unit"]
    search_fields = ["title", "number", "plan__title"]
    inlines = [TaskUnitInline]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["text", "plan", "task", "comparator", "value", "latest_value", "source"]
    list_filter = ["source", "comparator"]
    list_select_related = ["plan", "task"]
    search_fields = ["text"]


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    extra = 0
    can_delete = False
    fields = ["name", "sha256", "size"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "unit", "period_start", "state", "submitted_by", "submitted_at"]
    list_filter = ["state"]
    list_select_related = ["task", "unit", "submitted_by"]
    search_fields = ["task__title", "unit__name"]
    inlines = [ReportFileInline]
