"""Start-up check of the evidence settings (FAZHI_EVIDENCE_TYPES, FAZHI_EVIDENCE_MAX_BYTES)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from .filetypes import TYPES_BY_CODE


@register()
def evidence_settings(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    codes = getattr(settings, "FAZHI_EVIDENCE_TYPES", None)
    if codes is not None:
        unknown = [c for c in codes if c not in TYPES_BY_CODE]
        if unknown:
            errors.append(
                Error(
                    f"FAZHI_EVIDENCE_TYPES 含有未知的文件类型代码：{', '.join(unknown)}。"
                    f"可用代码：{', '.join(TYPES_BY_CODE)}。",
                    id="evidence.E001",
                )
            )
    limit = getattr(settings, "FAZHI_EVIDENCE_MAX_BYTES", None)
    if limit is not None and (not isinstance(limit, int) or limit <= 0):
        errors.append(
            Error(
                f"FAZHI_EVIDENCE_MAX_BYTES 应为正整数（字节数），现为 {limit!r}。",
                id="evidence.E002",
            )
        )
    return errors
