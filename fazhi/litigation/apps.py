from django.apps import AppConfig


class LitigationConfig(AppConfig):
    """行政应诉: suits against the government's agencies, answers and evidence, heads appearing
    in court, judgments and appeals, judicial and procuratorial suggestions, and the figures."""

    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = "行政应诉"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the ledger events)
