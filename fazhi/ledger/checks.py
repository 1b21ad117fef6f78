"""Start-up checks of the ledger's configuration."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def check_signing_key(app_configs, **kwargs):
    if settings.FAZHI_MODE == "production" and not settings.FAZHI_LEDGER_SIGNING_KEY:
        return [
            Warning(
                "生产模式未设置 FAZHI_LEDGER_SIGNING_KEY：无法签署检查点，公众无法核验账本。",
                hint="用 `fazhi ledger keygen` 生成密钥，妥善保管私钥，并设置该环境变量。",
                id="fazhi.W401",
            )
        ]
    return []
