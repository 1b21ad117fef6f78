"""Writes to the ledger: appending an entry, signing a checkpoint, a witness's countersignature.

`record` is the one recorder every service calls for an official act, inside its own
transaction, so that the act and its entry commit or roll back together.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from fazhi.core.models import Person, Unit

from . import events, keys, merkle, selectors
from .content import commitment, content_of
from .models import Checkpoint, LedgerEntry, LedgerHead, MerkleNode, WitnessSignature

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class LedgerUsageError(RuntimeError):
    """`record` called outside a transaction, or with arguments that cannot make an entry."""


def _request_id(request: Any) -> str:
    if request is None:
        return ""
    value = getattr(request, "request_id", "")
    if not value and hasattr(request, "headers"):
        value = request.headers.get("X-Request-ID", "")
    return str(value)


def _normalise_changes(changes: Mapping[str, Sequence[Any]] | None) -> dict[str, list[Any]]:
    """{"field": [before, after]} as JSON will store it (dates as ISO strings, decimals as
    strings), so that the commitment is computed over exactly what the database keeps."""
    if not changes:
        return {}
    pairs = {}
    for field, pair in changes.items():
        if isinstance(pair, str | bytes) or len(pair) != 2:
            raise LedgerUsageError(f"变更内容“{field}”应为（变更前, 变更后）两项。")
        pairs[str(field)] = list(pair)
    return json.loads(json.dumps(pairs, cls=DjangoJSONEncoder, ensure_ascii=False))


def _normalise_files(files: Iterable[str]) -> list[str]:
    digests = sorted({str(digest).lower() for digest in files})
    bad = [digest for digest in digests if not _SHA256_HEX.match(digest)]
    if bad:
        raise LedgerUsageError(f"附件哈希应为 64 位十六进制 SHA-256：{'、'.join(bad)}")
    return digests


def _locked_head() -> LedgerHead:
    """The head row, locked until the caller's transaction ends (PostgreSQL: SELECT … FOR
    UPDATE; SQLite: the IMMEDIATE transaction already holds the database's write lock)."""
    head = LedgerHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        LedgerHead.objects.bulk_create([LedgerHead(pk=1)], ignore_conflicts=True)
        head = LedgerHead.objects.select_for_update().get(pk=1)
    return head


# The append path in SQL. Through the ORM the same four statements made an append ≈ 7× slower
# on this machine (≈ 320/s against ≈ 2,300/s: query compilation dominated; docs/benchmarks.md).
# Values are still adapted by each model field, and the statements go through Django's cursor
# (its transaction, its query log).
_ENTRY_FIELDS = [
    LedgerEntry._meta.get_field(name)
    for name in (
        "seq",
        "occurred_at",
        "event",
        "event_name",
        "actor",
        "actor_name",
        "unit",
        "unit_name",
        "role",
        "record_type",
        "record_id",
        "changes",
        "files",
        "request_id",
        "note",
        "salt",
        "commitment",
        "redacted",
    )
]


# Fields whose values the database driver cannot take as they are (the others are str, int,
# bool or None).
_ADAPTED = {"occurred_at", "changes", "files"}


class _AppendSQL:
    """The statements of an append, for one database connection's dialect."""

    def __init__(self, connection) -> None:
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        self.head = (
            f"SELECT size, frontier FROM {quote(LedgerHead._meta.db_table)} WHERE id = 1{lock}"
        )
        columns = ", ".join(quote(field.column) for field in _ENTRY_FIELDS)
        self.row = "(" + ", ".join(["%s"] * len(_ENTRY_FIELDS)) + ")"
        self.returning = connection.features.can_return_columns_from_insert
        self.entry = f"INSERT INTO {quote(LedgerEntry._meta.db_table)} ({columns}) VALUES "
        self.entry_end = f" RETURNING {quote('id')}, {quote('seq')}" if self.returning else ""
        self.nodes = (
            f"INSERT INTO {quote(MerkleNode._meta.db_table)} "
            f"({quote('level')}, {quote('index')}, {quote('hash')}) VALUES "
        )
        self.update = (
            f"UPDATE {quote(LedgerHead._meta.db_table)} "
            "SET size = %s, frontier = %s, updated_at = %s WHERE id = 1"
        )


_append_sql: dict[str, _AppendSQL] = {}
_ROWS_PER_INSERT = 500  # 500 × 18 parameters stays far below SQLite's limit


def _sql_for(connection) -> _AppendSQL:
    sql = _append_sql.get(connection.vendor)
    if sql is None:
        sql = _append_sql[connection.vendor] = _AppendSQL(connection)
    return sql


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise LedgerUsageError(
            "ledger.record must run inside the transaction of the service that makes the change."
        )


def _prepare(
    *,
    event: int,
    actor: Person | None = None,
    unit: Unit | None = None,
    role: str = "",
    record: models.Model | None = None,
    record_type: str = "",
    record_id: str | int = "",
    changes: Mapping[str, Sequence[Any]] | None = None,
    files: Iterable[str] = (),
    request: Any = None,
    note: str = "",
    request_id: str = "",
    occurred_at: datetime | None = None,
) -> dict[str, Any]:
    """An entry's fields (all but seq, salt and commitment), checked and normalised."""
    registered = events.get(event)
    if record is not None:
        if record.pk is None:
            raise LedgerUsageError("记录尚未保存，不能记账。")
        record_type = record._meta.concrete_model._meta.label_lower
        record_id = record.pk
    record_id = str(record_id)
    if len(record_id) > 64 or len(record_type) > 100:
        raise LedgerUsageError("记录类型或记录编号过长。")
    moment = occurred_at or timezone.now()
    if timezone.is_naive(moment):
        raise LedgerUsageError("发生时间必须带时区。")
    return {
        "occurred_at": moment,
        "event": int(registered),
        "event_name": registered.label,
        "actor_id": actor.pk if actor is not None else None,
        "actor_name": actor.name if actor is not None else "",
        "unit_id": unit.pk if unit is not None else None,
        "unit_name": unit.name if unit is not None else "",
        "role": str(role or ""),
        "record_type": record_type,
        "record_id": record_id,
        "changes": _normalise_changes(changes),
        "files": _normalise_files(files),
        "request_id": (request_id or _request_id(request))[:64],
        "note": note,
    }


def _append(prepared: Sequence[dict[str, Any]]) -> list[LedgerEntry]:
    """Append prepared entries in order: lock the head, insert the entries and the tree nodes
    they complete, move the head. Four statements for up to 500 entries."""
    connection = transaction.get_connection()
    sql = _sql_for(connection)
    entries: list[LedgerEntry] = []
    with connection.cursor() as cursor:
        cursor.execute(sql.head)
        row = cursor.fetchone()
        if row is None:
            _locked_head()  # the first append ever: create the row (rare path)
            cursor.execute(sql.head)
            row = cursor.fetchone()
        size, stored_frontier = row
        frontier = merkle.Frontier.from_bytes(size, bytes(stored_frontier))
        nodes: list[tuple[int, int, bytes]] = []
        params: list[list[Any]] = []
        for fields in prepared:
            salt = secrets.token_bytes(32)
            digest = commitment(salt, content_of(seq=frontier.size, **fields))
            entry = LedgerEntry(
                seq=frontier.size, salt=salt.hex(), commitment=digest.hex(), **fields
            )
            nodes += frontier.append(merkle.leaf_hash(digest))
            params.append(
                [
                    field.get_db_prep_save(getattr(entry, field.attname), connection)
                    if field.name in _ADAPTED
                    else getattr(entry, field.attname)
                    for field in _ENTRY_FIELDS
                ]
            )
            entries.append(entry)
        by_seq = {entry.seq: entry for entry in entries}
        for start in range(0, len(entries), _ROWS_PER_INSERT if sql.returning else 1):
            chunk = params[start : start + (_ROWS_PER_INSERT if sql.returning else 1)]
            cursor.execute(
                sql.entry + ", ".join([sql.row] * len(chunk)) + sql.entry_end,
                [value for row_params in chunk for value in row_params],
            )
            if sql.returning:
                for pk, seq in cursor.fetchall():
                    by_seq[seq].pk = pk
            else:
                entries[start].pk = cursor.lastrowid
        for start in range(0, len(nodes), _ROWS_PER_INSERT):
            chunk = nodes[start : start + _ROWS_PER_INSERT]
            cursor.execute(
                sql.nodes + ", ".join(["(%s, %s, %s)"] * len(chunk)),
                [value for node in chunk for value in node],
            )
        cursor.execute(
            sql.update,
            [
                frontier.size,
                frontier.to_bytes(),
                LedgerHead._meta.get_field("updated_at").get_db_prep_save(
                    timezone.now(), connection
                ),
            ],
        )
    for entry in entries:
        entry._state.adding = False
        entry._state.db = connection.alias
    return entries


def record(
    *,
    event: int,
    actor: Person | None = None,
    unit: Unit | None = None,
    role: str = "",
    record: models.Model | None = None,
    record_type: str = "",
    record_id: str | int = "",
    changes: Mapping[str, Sequence[Any]] | None = None,
    files: Iterable[str] = (),
    request: Any = None,
    note: str = "",
    request_id: str = "",
    occurred_at: datetime | None = None,
) -> LedgerEntry:
    """Append one entry for an official act and keep the Merkle tree current.

    Must be called inside the caller's transaction (the service that changes the record), so
    that the change and its entry commit or roll back together; raises LedgerUsageError
    otherwise. It locks the ledger's head row until that transaction ends: every append in
    the platform waits for the previous one to commit, which is what gives entries gapless
    sequence numbers in commit order. Call it as the last write of the transaction to keep
    that wait short.

    `event` is a registered event (events.EventType or a registered module enum); `record` the
    model instance the act concerns (or `record_type` "app_label.model" and `record_id`);
    `changes` {"field": (before, after)}; `files` the SHA-256 hex digests of attached files;
    the request id comes from `request` (request.request_id or the X-Request-ID header) or
    `request_id`. Costs four queries: lock the head, insert the entry, insert the tree nodes
    it completes (O(log n), two on average), update the head.
    """
    _require_transaction()
    return _append(
        [
            _prepare(
                event=event,
                actor=actor,
                unit=unit,
                role=role,
                record=record,
                record_type=record_type,
                record_id=record_id,
                changes=changes,
                files=files,
                request=request,
                note=note,
                request_id=request_id,
                occurred_at=occurred_at,
            )
        ]
    )[0]


_record_act = record  # record_for_post takes a `record` argument of its own


def record_for_post(
    event: int,
    *,
    actor: Person | None,
    post: Any,
    record: models.Model,
    changes: Mapping[str, Sequence[Any]] | None = None,
    note: str = "",
    request: Any = None,
    files: Iterable[str] = (),
) -> LedgerEntry:
    """`record` for an act done through a post (core.Post, or None for the system): the unit
    and role come from the post."""
    return _record_act(
        event=event,
        actor=actor,
        unit=post.unit if post else None,
        role=post.role if post else "",
        record=record,
        changes=changes or {},
        note=note,
        request=request,
        files=files,
    )


def keyed_digest(text: str) -> str:
    """A keyed digest (HMAC-SHA-256 with the secret key) of a short personal text — a name, an
    identity number — for a public entry: unlike a plain SHA-256 it cannot be reversed by
    trying every candidate."""
    if not text:
        return ""
    return (
        "hmac-sha256:" + hmac.new(settings.SECRET_KEY.encode(), text.encode(), "sha256").hexdigest()
    )


def record_many(acts: Iterable[Mapping[str, Any]]) -> list[LedgerEntry]:
    """Append several entries at once, in order: each item holds `record`'s keyword arguments.
    For bulk work (imports of earlier records) inside one transaction: the same four
    statements per 500 entries instead of per entry. Same rules as `record`."""
    _require_transaction()
    prepared = [_prepare(**act) for act in acts]
    return _append(prepared) if prepared else []


# --- checkpoints -------------------------------------------------------------------------------


@transaction.atomic
def checkpoint_sign() -> Checkpoint:
    """Sign the current tree head with the log's key and keep it as a checkpoint.

    Takes the head's lock, so the size and root are those of committed appends only."""
    head = _locked_head()
    root = merkle.Frontier.from_bytes(head.size, bytes(head.frontier)).root().hex()
    timestamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    key = keys.signing_key()
    public = keys.public_bytes(key)
    origin = settings.FAZHI_LEDGER_ORIGIN
    signature = key.sign(keys.checkpoint_message(origin, head.size, root, timestamp))
    return Checkpoint.objects.create(
        origin=origin,
        size=head.size,
        root=root,
        timestamp=timestamp,
        signature=signature.hex(),
        key_id=keys.key_id(public),
        public_key=public.hex(),
    )


def checkpoint_sign_if_grown() -> Checkpoint | None:
    """Sign a checkpoint when entries were appended since the latest one (the hourly job)."""
    latest = selectors.latest_checkpoint()
    size = selectors.tree_size()
    if size == 0 or (latest is not None and latest.size >= size):
        return None
    return checkpoint_sign()


class WitnessRefused(ValidationError):
    """A witness may not countersign this checkpoint; the message says why."""


@transaction.atomic
def witness_countersign(
    *,
    checkpoint: Checkpoint,
    signer: str,
    private_key: Ed25519PrivateKey | str | bytes,
) -> WitnessSignature:
    """Countersign `checkpoint` as witness `signer` with its own Ed25519 key.

    Refused (WitnessRefused, in Chinese) unless the checkpoint carries a valid signature by a
    key the log trusts, and it is consistent with the last checkpoint this witness signed
    (the same key): not smaller, and an RFC 9162 consistency proof between the two verifies
    against both signed roots. A witness that signs only consistent checkpoints makes a
    rewritten history visible to anyone holding an older one. Appends a WITNESS_SIGN entry."""
    signer = signer.strip()
    if not signer:
        raise WitnessRefused("必须写明见证机关名称。")
    key = keys.private_key(private_key)
    public = keys.public_bytes(key)
    kid = keys.key_id(public)
    checkpoint = Checkpoint.objects.get(pk=checkpoint.pk)
    message = keys.checkpoint_message(
        checkpoint.origin, checkpoint.size, checkpoint.root, checkpoint.timestamp
    )
    if checkpoint.public_key not in keys.trusted_log_keys() or not keys.verify(
        checkpoint.public_key, message, checkpoint.signature
    ):
        raise WitnessRefused(
            f"检查点（{checkpoint.size} 条）没有本日志可信密钥的有效签名，不能联署。"
        )
    if checkpoint.witness_signatures.filter(key_id=kid).exists():
        raise WitnessRefused(f"{signer}已联署过这一检查点。")
    previous = (
        Checkpoint.objects.filter(witness_signatures__key_id=kid).order_by("-size", "-pk").first()
    )
    if previous is not None:
        if checkpoint.size < previous.size:
            raise WitnessRefused(
                f"该检查点只有 {checkpoint.size} 条，少于{signer}上次联署的检查点"
                f"（{previous.size} 条）：日志不会缩短，拒绝联署。"
            )
        proof = [
            bytes.fromhex(p) for p in selectors.consistency_proof(previous.size, checkpoint.size)
        ]
        if not merkle.verify_consistency(
            previous.size,
            checkpoint.size,
            bytes.fromhex(previous.root),
            bytes.fromhex(checkpoint.root),
            proof,
        ):
            raise WitnessRefused(
                f"该检查点（{checkpoint.size} 条）与{signer}上次联署的检查点"
                f"（{previous.size} 条，根哈希 {previous.root[:16]}…）不一致：日志历史可能被改写，"
                "拒绝联署。"
            )
    signature = WitnessSignature.objects.create(
        checkpoint=checkpoint,
        signer=signer,
        key_id=kid,
        public_key=public.hex(),
        signature=key.sign(message).hex(),
        signed_at=timezone.now(),
    )
    record(
        event=events.EventType.WITNESS_SIGN,
        record=checkpoint,
        changes={"witness": (None, signer), "key_id": (None, kid)},
        note=f"{signer}联署检查点（{checkpoint.size} 条，根哈希 {checkpoint.root}）",
    )
    return signature
