from django.apps import AppConfig


class MajorDecisionsConfig(AppConfig):
    """重大行政决策: the yearly catalog, the mandatory steps of each decision, execution,
    post-decision evaluation, the archive and the public pages."""

    name = "fazhi.major_decisions"
    label = "major_decisions"
    verbose_name = "重大行政决策"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fazhi.ledger.public import register_public_type

        from . import events  # noqa: F401  (registers the ledger events)

        # A published decision's history is public (条例第三十二条); internal texts are in its
        # entries as digests only, and commenters are never named. A catalog is public once
        # published (第三条第三款).
        register_public_type(
            "major_decisions.Decision",
            is_published=lambda decision: decision.published_on is not None,
        )
        register_public_type(
            "major_decisions.Catalog",
            is_published=lambda catalog: catalog.state == "published",
        )
