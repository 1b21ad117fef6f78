from django.apps import AppConfig


class ProceduresAppConfig(AppConfig):
    """A test-only app with records that run procedures (installed by config.settings.test)."""

    name = "tests.procedures_app"
    label = "procedures_app"
    verbose_name = "程序引擎测试"
    default_auto_field = "django.db.models.BigAutoField"
