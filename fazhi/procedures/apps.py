from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ProceduresConfig(AppConfig):
    name = "fazhi.procedures"
    label = "procedures"
    verbose_name = "法定程序"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers start-up checks)

        # Each installed app declares its procedures in its own procedures.py (as data) and
        # registers them there; importing those modules here makes them known at start-up.
        autodiscover_modules("procedures")
