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
        from fazhi.ledger.public import register_public_type

        from . import events  # noqa: F401  (registers the ledger events)

        # A published decision's proof is public (复议法第七十九条); a case's entries carry no
        # personal data (the applicant is a keyed digest, texts are SHA-256 digests).
        register_public_type(
            "reconsideration.ReconsiderationCase",
            is_published=lambda case: case.published_on is not None,
        )
