"""The ledger's tables: entries, the Merkle tree's stored nodes and head, signed checkpoints
and the witnesses' countersignatures.

Entries, nodes, checkpoints and witness signatures are append-only: the models refuse
updates and deletes (also through querysets), and on PostgreSQL a trigger refuses UPDATE and
DELETE on their tables (migration 0002). Only `LedgerHead`, the one-row counter that
serialises appends and keeps the tree's right edge, changes, and only `services.record`
changes it. Formats: docs/decisions/0001-ledger-format.md.

Redaction (blanking an entry's personal data while its salted commitment keeps the log
intact) is prepared for by the format but not implemented: no code path blanks an entry,
and the trigger allows none.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from fazhi.core.models import Person, Unit

from .content import CanonicalJSONEncoder


class LedgerImmutableError(ValidationError):
    """An attempt to change or remove an append-only ledger row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerImmutableError(f"{self.model._meta.verbose_name}一经记录不得修改。")

    def delete(self):
        raise LedgerImmutableError(f"{self.model._meta.verbose_name}一经记录不得删除。")

    update.queryset_only = True
    delete.queryset_only = True


class AppendOnly(models.Model):
    """Rows that are inserted once and never updated or deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise LedgerImmutableError(f"{self._meta.verbose_name}一经记录不得修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutableError(f"{self._meta.verbose_name}一经记录不得删除。")


class LedgerEntry(AppendOnly):
    """One official act: who (person, unit, role), when, which record, which event, the changed
    fields before and after, the SHA-256 of attached files and the request it came from.

    `seq` is the entry's leaf index in the Merkle tree (0, 1, 2, … without gaps). The names of
    the actor and unit and the event's label are copied in when the entry is made, so that the
    entry's content (and so its commitment) never depends on rows that may change later.
    `commitment` = SHA-256(salt ‖ canonical content); the tree holds only the commitment."""

    seq = models.BigIntegerField("序号", unique=True)
    occurred_at = models.DateTimeField("发生时间")
    event = models.PositiveIntegerField("事件编号")
    event_name = models.CharField("事件", max_length=100)
    actor = models.ForeignKey(
        Person,
        models.PROTECT,
        related_name="ledger_entries",
        verbose_name="办理人",
        null=True,
        blank=True,
    )
    actor_name = models.CharField("办理人姓名", max_length=40, blank=True)
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        related_name="ledger_entries",
        verbose_name="办理单位",
        null=True,
        blank=True,
    )
    unit_name = models.CharField("办理单位名称", max_length=100, blank=True)
    role = models.CharField("办理角色", max_length=40, blank=True)
    record_type = models.CharField("记录类型", max_length=100, blank=True)
    record_id = models.CharField("记录编号", max_length=64, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True, encoder=CanonicalJSONEncoder)
    files = models.JSONField("附件哈希", default=list, blank=True, encoder=CanonicalJSONEncoder)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    note = models.TextField("说明", blank=True)
    salt = models.CharField("盐值", max_length=64)
    commitment = models.CharField("承诺哈希", max_length=64)
    redacted = models.BooleanField("已删除个人信息", default=False)

    class Meta:
        verbose_name = "账本条目"
        verbose_name_plural = "账本条目"
        constraints = [
            models.CheckConstraint(condition=Q(seq__gte=0), name="ledgerentry_seq_not_negative"),
        ]
        indexes = [
            models.Index(fields=["record_type", "record_id", "seq"], name="ledgerentry_record"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_name}"


class MerkleNode(AppendOnly):
    """A complete subtree of the Merkle tree: 2**level leaves from leaf index * 2**level.

    Appending leaf n stores the leaf (level 0) and every subtree it completes (amortised two
    rows per entry), so any inclusion or consistency proof needs only O(log n) of these rows,
    fetched in one query."""

    pk = models.CompositePrimaryKey("level", "index")
    level = models.PositiveSmallIntegerField("层级")
    index = models.BigIntegerField("位置")
    hash = models.BinaryField("哈希", max_length=32)

    class Meta:
        verbose_name = "默克尔树节点"
        verbose_name_plural = "默克尔树节点"

    def __str__(self) -> str:
        return f"({self.level}, {self.index}) {bytes(self.hash).hex()}"


class LedgerHead(models.Model):
    """The one row that says how many entries the tree holds and keeps its right edge (the
    hashes of its maximal complete subtrees, largest first). `services.record` locks it to
    assign the next seq, so appends are serialised."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    size = models.BigIntegerField("条目数", default=0)
    frontier = models.BinaryField("右边缘哈希", default=b"")
    updated_at = models.DateTimeField("更新时间", null=True, blank=True)

    class Meta:
        verbose_name = "账本状态"
        verbose_name_plural = "账本状态"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="ledgerhead_single_row")]

    def __str__(self) -> str:
        return f"账本共 {self.size} 条"


class Checkpoint(AppendOnly):
    """A signed tree head: the log's statement that its first `size` entries have `root`.
    The signed message is `services.checkpoint_message` (fazhi-checkpoint/v1)."""

    origin = models.CharField("日志标识", max_length=200)
    size = models.BigIntegerField("条目数")
    root = models.CharField("根哈希", max_length=64)
    timestamp = models.DateTimeField("签署时间")
    signature = models.CharField("签名", max_length=128)
    key_id = models.CharField("密钥标识", max_length=16)
    public_key = models.CharField("公钥", max_length=64)

    class Meta:
        verbose_name = "检查点"
        verbose_name_plural = "检查点"
        indexes = [models.Index(fields=["size"], name="checkpoint_size")]

    def __str__(self) -> str:
        return f"检查点 {self.size} 条 {self.root[:16]}…"


class WitnessSignature(AppendOnly):
    """Another body's countersignature of a checkpoint (e.g. the higher-level legal affairs
    office), made after checking consistency with the last checkpoint it signed."""

    checkpoint = models.ForeignKey(
        Checkpoint, models.PROTECT, related_name="witness_signatures", verbose_name="检查点"
    )
    signer = models.CharField("见证机关", max_length=100)
    key_id = models.CharField("密钥标识", max_length=16)
    public_key = models.CharField("公钥", max_length=64)
    signature = models.CharField("签名", max_length=128)
    signed_at = models.DateTimeField("联署时间")

    class Meta:
        verbose_name = "见证签名"
        verbose_name_plural = "见证签名"
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "key_id"],
                name="witness_once_per_checkpoint",
                violation_error_message="该见证机关已联署过这一检查点。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer} 联署 {self.checkpoint}"
