"""The search index's own record of what it holds for each version (see `search.py`).

Imported at the bottom of `models.py` so that Django registers the model with the app.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SearchEntry(models.Model):
    """One indexed version: its normalized title and document number and, on SQLite, its
    normalized text (zlib). A contentless FTS5 table can only forget a row when it is given the
    tokens it indexed, so the index keeps what it indexed; PostgreSQL does not need the text."""

    version = models.OneToOneField(
        "normative_documents.Version",
        models.CASCADE,
        primary_key=True,
        related_name="search_entry",
        verbose_name="文件版本",
    )
    key = models.BigIntegerField("检索键", default=0)  # see search.key_of
    title = models.TextField("标题（规范化）")
    doc_number = models.TextField("发文字号（规范化）", blank=True)
    body = models.BinaryField("正文（规范化、压缩）", blank=True, default=b"")
    indexed_at = models.DateTimeField("索引时间", default=timezone.now)

    class Meta:
        app_label = "normative_documents"
        verbose_name = "检索索引条目"
        verbose_name_plural = "检索索引条目"

    def __str__(self) -> str:
        return self.title
