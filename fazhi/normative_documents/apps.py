from django.apps import AppConfig


class NormativeDocumentsConfig(AppConfig):
    """行政规范性文件: drafting, comment, legality review, deliberation, publication, filing
    review, validity, evaluation and cleanup, and the public query platform."""

    name = "fazhi.normative_documents"
    label = "normative_documents"
    verbose_name = "行政规范性文件"
    default_auto_field = "django.db.models.BigAutoField"
