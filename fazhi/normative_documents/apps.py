from django.apps import AppConfig


class NormativeDocumentsConfig(AppConfig):
    """行政规范性文件: drafting, comment, legality review, deliberation, publication, filing
    review, validity, evaluation and cleanup, and the public query platform."""

    name = "fazhi.normative_documents"
    label = "normative_documents"
    verbose_name = "行政规范性文件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fazhi.ledger.public import register_public_type

        from . import events  # noqa: F401  (registers the ledger events)

        # A published document's history (who drafted, reviewed, deliberated and published it,
        # with their opinions) is public. Comments and citizens' review requests are separate
        # record types, not registered: their entries stay internal.
        register_public_type(
            "normative_documents.Version",
            is_published=lambda version: version.state == "published",
        )
