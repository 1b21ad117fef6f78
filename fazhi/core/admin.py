"""Read-only admin views for inspection; all changes go through the services (workspace, CLI)."""

from django.contrib import admin

from .models import Person, Post, Unit, UnitSuccession


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "short_name", "uscc", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "uscc"]
    ordering = ["path"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on", "basis"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "username", "is_active", "last_login"]
    search_fields = ["name", "username"]
    exclude = ["password"]


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["person", "unit", "role", "title", "valid_from", "valid_to"]
    list_filter = ["role"]
    list_select_related = ["person", "unit"]
