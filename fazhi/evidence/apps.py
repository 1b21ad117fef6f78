from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    """Content-addressed evidence files (photos, recordings, scans, documents), hashed into the
    ledger on upload and re-verified on every download."""

    name = "fazhi.evidence"
    label = "evidence"
    verbose_name = "证据文件存证"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fazhi.ledger.archive import register_file_source

        from . import checks  # noqa: F401  (registers the settings check)
        from .services import archive_files

        register_file_source(archive_files)
