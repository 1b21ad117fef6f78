from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = "组织机构、人员与权限"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers start-up checks)
