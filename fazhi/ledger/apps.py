from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "fazhi.ledger"
    label = "ledger"
    verbose_name = "记账与透明日志"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers start-up checks)
