"""Reads from the ledger: a record's entries, checkpoints, proofs, accountability.

Proofs are RFC 9162 audit paths (lists of hex digests) assembled from the stored complete
subtrees: whatever the tree's size, one query fetches the O(log n) nodes a proof needs.
These selectors take no person: a caller reaches `record` through its own scoped selector
first, and the portal publishes only what `public.py` allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, models

from fazhi.core.models import Role

from . import events, keys, merkle
from .content import entry_content
from .models import Checkpoint, LedgerEntry, LedgerHead, MerkleNode

__all__ = [
    "AccountabilityRow",
    "accountability",
    "consistency_proof",
    "entries_for",
    "entry_content",
    "inclusion_proof",
    "latest_checkpoint",
    "proof_bundle",
    "tree_root",
    "tree_size",
]


def _record_key(record: models.Model) -> tuple[str, str]:
    return record._meta.concrete_model._meta.label_lower, str(record.pk)


def entries_for(record: models.Model) -> models.QuerySet[LedgerEntry]:
    """The entries of `record`, in the order they were appended."""
    record_type, record_id = _record_key(record)
    return LedgerEntry.objects.filter(record_type=record_type, record_id=record_id).order_by("seq")


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-pk").prefetch_related("witness_signatures").first()


def tree_size() -> int:
    """How many entries the tree holds (committed appends)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT size FROM {LedgerHead._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def _fetch(plan: Sequence[Sequence[merkle.Node]]) -> list[bytes]:
    """The hashes of a proof plan, from its stored nodes in one query. Raw SQL: a proof is
    dozens of (level, index) lookups on the primary key, and through the ORM the query's
    compilation costs several times its execution (bench/ledger_proofs.py)."""
    wanted = sorted({node for element in plan for node in element})
    if not wanted:
        return []
    quote = connection.ops.quote_name
    condition = f"({quote('level')} = %s AND {quote('index')} = %s)"
    sql = (
        f"SELECT {quote('level')}, {quote('index')}, {quote('hash')} "
        f"FROM {quote(MerkleNode._meta.db_table)} WHERE " + " OR ".join([condition] * len(wanted))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for node in wanted for value in node])
        stored = {(level, index): bytes(digest) for level, index, digest in cursor.fetchall()}
    missing = [node for node in wanted if node not in stored]
    if missing:
        raise LookupError(f"默克尔树缺少节点 {missing[:5]}：请运行 `fazhi ledger verify`。")
    return merkle.assemble(plan, stored)


def _check_size(size: int) -> None:
    current = tree_size()
    if not 0 <= size <= current:
        raise ValueError(f"账本目前只有 {current} 条，没有 {size} 条的树。")


def inclusion_proof(seq: int, size: int) -> list[str]:
    """The audit path of entry `seq` in the tree of the first `size` entries."""
    _check_size(size)
    if not 0 <= seq < size:
        raise ValueError(f"条目 #{seq} 不在前 {size} 条之内。")
    return [h.hex() for h in _fetch(merkle.nodes_for(merkle.inclusion_ranges(seq, size)))]


def consistency_proof(old_size: int, new_size: int) -> list[str]:
    """The proof that the tree of `old_size` entries is a prefix of the tree of `new_size`."""
    _check_size(new_size)
    if not 0 <= old_size <= new_size:
        raise ValueError(f"不能证明 {old_size} 条与 {new_size} 条之间的一致性。")
    return [
        h.hex() for h in _fetch(merkle.nodes_for(merkle.consistency_ranges(old_size, new_size)))
    ]


def tree_root(size: int) -> str:
    """The root (hex) of the tree of the first `size` entries, from stored nodes."""
    _check_size(size)
    if size == 0:
        return merkle.EMPTY_ROOT.hex()
    return _fetch([merkle.subtrees(0, size)])[0].hex()


def checkpoint_json(checkpoint: Checkpoint) -> dict[str, Any]:
    """A checkpoint as published: the log's signature first, then the witnesses' in order."""
    signatures = [
        {
            "key_id": checkpoint.key_id,
            "public_key": checkpoint.public_key,
            "signature": checkpoint.signature,
            "signer": settings.FAZHI_LEDGER_SIGNER_NAME,
        }
    ]
    witnesses = sorted(checkpoint.witness_signatures.all(), key=lambda w: (w.signed_at, w.pk))
    signatures += [
        {
            "key_id": w.key_id,
            "public_key": w.public_key,
            "signature": w.signature,
            "signer": w.signer,
        }
        for w in witnesses
    ]
    return {
        "origin": checkpoint.origin,
        "size": checkpoint.size,
        "root": checkpoint.root,
        "timestamp": keys.format_timestamp(checkpoint.timestamp),
        "signatures": signatures,
    }


def proof_bundle(entry: LedgerEntry, checkpoint: Checkpoint) -> dict[str, Any]:
    """The published proof of one entry against one checkpoint (format fazhi-proof/v1)."""
    if entry.redacted:
        raise ValueError(f"条目 #{entry.seq} 的内容已删除，无法出具含内容的证明。")
    if entry.seq >= checkpoint.size:
        raise ValueError(
            f"条目 #{entry.seq} 晚于检查点（{checkpoint.size} 条），请等待下一个检查点。"
        )
    return {
        "format": "fazhi-proof/v1",
        "entry": entry_content(entry),
        "salt": entry.salt,
        "leaf_index": entry.seq,
        "checkpoint": checkpoint_json(checkpoint),
        "inclusion_proof": inclusion_proof(entry.seq, checkpoint.size),
    }


@dataclass(frozen=True)
class AccountabilityRow:
    """One act on a record: who did what, with which opinion, when."""

    seq: int
    occurred_at: datetime
    event: int
    event_label: str
    actor_id: int | None
    actor_name: str
    unit_id: int | None
    unit_name: str
    role: str
    role_label: str
    opinion: str
    changes: dict[str, list[Any]]
    note: str


OPINION_FIELDS = ("opinion", "comment", "reason", "意见")


def _opinion(changes: dict[str, list[Any]], note: str) -> str:
    for field in OPINION_FIELDS:
        pair = changes.get(field)
        if pair and pair[-1] not in (None, ""):
            return str(pair[-1])
    return ""


def accountability(record: models.Model) -> list[AccountabilityRow]:
    """Who proposed, reviewed, approved and decided `record`, in order: every entry of the
    record with the person, unit and role as they were then (the names are copied into the
    entry), the event, the opinion and the changed fields. One query."""
    rows = []
    for entry in entries_for(record):
        rows.append(
            AccountabilityRow(
                seq=entry.seq,
                occurred_at=entry.occurred_at,
                event=entry.event,
                event_label=entry.event_name or events.label(entry.event),
                actor_id=entry.actor_id,
                actor_name=entry.actor_name,
                unit_id=entry.unit_id,
                unit_name=entry.unit_name,
                role=entry.role,
                role_label=Role(entry.role).label if entry.role in Role.values else entry.role,
                opinion=_opinion(entry.changes, entry.note),
                changes=entry.changes,
                note=entry.note,
            )
        )
    return rows
