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
        register_public_type("enforcement.PenaltyCase", is_published=_case_on_view)
        register_public_type(
            "enforcement.InspectionPlan",
            is_published=lambda plan: plan.committed_at is not None,
        )
        register_public_type(
            "enforcement.Campaign",
            is_published=lambda campaign: campaign.committed_at is not None,
        )


def _case_on_view(case) -> bool:
    """A case's proof is public while its decision is (营商条例第七十三条; withdrawn under
    处罚法第四十八条第二款 → no longer)."""
    if case.disclosed_on is None:
        return False
    from .selectors import public_publications

    return public_publications().filter(case_id=case.pk).exists()
