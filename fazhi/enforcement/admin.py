"""Enforcement records in the admin, read-only: every write goes through services.py (one
transaction, one ledger entry), so the admin only lets a superuser look things up."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin

from .models import (
    Benchmark,
    BenchmarkRow,
    Body,
    Certificate,
    Evidence,
    Exemption,
    Item,
    Officer,
    PenaltyCase,
    Publication,
)


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ["unit", "kind", "entrusted_by", "phone", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["unit", "entrusted_by"]
    search_fields = ["unit__name"]


@admin.register(Officer)
class OfficerAdmin(ReadOnlyAdmin):
    list_display = ["person", "body", "duty", "active", "created_at"]
    list_filter = ["duty", "active"]
    list_select_related = ["person", "body__unit"]
    search_fields = ["person__name"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "officer", "issuer", "valid_from", "valid_to", "status"]
    list_filter = ["status"]
    list_select_related = ["officer__person"]
    search_fields = ["number", "officer__person__name"]
    exclude = ["token"]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "body", "level", "review_listed", "active"]
    list_filter = ["kind", "level", "review_listed", "active"]
    list_select_related = ["body__unit"]
    search_fields = ["code", "name"]


class BenchmarkRowInline(admin.TabularInline):
    model = BenchmarkRow
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Benchmark)
class BenchmarkAdmin(ReadOnlyAdmin):
    list_display = ["item", "effective_from", "source", "published_on"]
    list_select_related = ["item"]
    inlines = [BenchmarkRowInline]


@admin.register(Exemption)
class ExemptionAdmin(ReadOnlyAdmin):
    list_display = ["item", "kind", "circumstance", "effective_from", "effective_to"]
    list_filter = ["kind"]
    list_select_related = ["item"]


@admin.register(PenaltyCase)
class PenaltyCaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "body", "item", "state", "opened_on", "decided_on", "outcome"]
    list_filter = ["state", "outcome", "simplified"]
    list_select_related = ["body__unit", "item"]
    search_fields = ["number", "decision_number"]
    date_hierarchy = "opened_on"


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "case", "kind", "sha256", "collected_on"]
    list_filter = ["kind"]
    list_select_related = ["case"]
    search_fields = ["sha256", "case__number"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["case", "published_on", "due_on", "ends_on", "withdrawn_on", "ledger_seq"]
    list_select_related = ["case"]
