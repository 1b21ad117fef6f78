from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    """行政执法: bodies, officers and certificates, enforcement items and discretion benchmarks,
    penalty cases under the three systems, random inspections, case-file evaluation, and the
    supervision of the legal affairs office."""

    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = "行政执法"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fazhi.ledger.public import register_public_type

        from . import events  # noqa: F401  (registers the ledger events)

        # A published penalty decision's proof is public while it is published (118号二（六））;
        # a case's entries carry no personal data (the party is a keyed digest).
        register_public_type(
            "enforcement.PenaltyCase",
            is_published=lambda case: case.disclosed_on is not None,
        )
        register_public_type(
            "enforcement.InspectionPlan",
            is_published=lambda plan: plan.committed_at is not None,
        )
        register_public_type(
            "enforcement.Campaign",
            is_published=lambda campaign: campaign.committed_at is not None,
        )
