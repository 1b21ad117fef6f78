"""Evidence files in the admin, read-only: files are stored through services.file_store alone."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin

from .models import FileHolding, StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "sha256", "size", "content_type", "unit", "uploaded_at"]
    list_filter = ["type_code"]
    search_fields = ["sha256", "original_name"]
    list_select_related = ["unit"]


@admin.register(FileHolding)
class FileHoldingAdmin(ReadOnlyAdmin):
    list_display = ["stored_file", "unit", "uploaded_by", "role", "uploaded_at"]
    list_select_related = ["stored_file", "unit", "uploaded_by"]
