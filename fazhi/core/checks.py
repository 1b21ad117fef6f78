"""Start-up checks: configuration that would make the platform wrong, not merely slow."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=False)
def check_settings(app_configs, **kwargs):
    errors = []
    if settings.TIME_ZONE != "Asia/Shanghai" or not settings.USE_TZ:
        errors.append(
            Error(
                "法定期限按北京时间计算：TIME_ZONE 必须为 Asia/Shanghai 且 USE_TZ=True。",
                id="fazhi.E001",
            )
        )
    if len(settings.SECRET_KEY) < 32:
        errors.append(Error("SECRET_KEY 太短（至少 32 个字符）。", id="fazhi.E002"))
    return errors
