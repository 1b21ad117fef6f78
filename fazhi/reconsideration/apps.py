from django.apps import AppConfig


class ReconsiderationConfig(AppConfig):
    """行政复议: applications (online, by letter or at the window), acceptance, the simplified and
    general procedures, hearings, incidental review of normative documents, decisions, service
    and publication, opinion letters and their follow-up, and the figures."""

    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the ledger events)
