"""Evidence files, stored once per content (content-addressed by SHA-256), and the units that
hold them.

A file's bytes live at `<MEDIA_ROOT>/evidence/ab/cd/<sha256>` (under `var/` in the embedded
mode); the row says what they are. The same content uploaded by two units is stored once and
held by both (`FileHolding`), so that each unit reaches the evidence it submitted and no other.
Rows are never changed or deleted: evidence is kept as it was received.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import Person, Role, Unit

SHA256_VALIDATOR = RegexValidator(r"^[0-9a-f]{64}$", "SHA-256 应为 64 位小写十六进制数字。")


class StoredFile(models.Model):
    """One stored content: its SHA-256, size and type, and who first uploaded it."""

    sha256 = models.CharField("SHA-256", max_length=64, unique=True, validators=[SHA256_VALIDATOR])
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=120)
    type_code = models.CharField("类型代码", max_length=10)
    original_name = models.CharField("原文件名", max_length=255)
    uploaded_by = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="首次上传人",
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="首次上传单位")
    uploaded_at = models.DateTimeField("首次上传时间", default=timezone.now)

    class Meta:
        verbose_name = "证据文件"
        verbose_name_plural = "证据文件"
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0),
                name="storedfile_size_positive",
                violation_error_message="证据文件不能为空。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.sha256[:12]}…）"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("证据文件登记后不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("证据文件不能删除。")


class FileHolding(models.Model):
    """A unit holding a stored file: uploaded by one of its people (each upload is one row)."""

    stored_file = models.ForeignKey(
        StoredFile, models.PROTECT, related_name="holdings", verbose_name="证据文件"
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="单位")
    uploaded_by = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="上传人"
    )
    role = models.CharField("上传角色", max_length=20, choices=Role.choices, blank=True)
    original_name = models.CharField("上传时的文件名", max_length=255)
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "证据文件上传记录"
        verbose_name_plural = "证据文件上传记录"
        indexes = [models.Index(fields=["unit", "stored_file"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.original_name}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("证据文件上传记录不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("证据文件上传记录不能删除。")
