from django.apps import AppConfig


class PlansConfig(AppConfig):
    """规划任务台账: a plan document parsed into tasks, responsible units and targets; the
    units' progress reports with evidence, the legal affairs office's review, overdue alerts and
    the figures of the annual report."""

    name = "fazhi.plans"
    label = "plans"
    verbose_name = "规划任务台账"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers the ledger events)
