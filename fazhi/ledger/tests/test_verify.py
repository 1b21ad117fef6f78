"""`fazhi ledger verify` finds each kind of tampering a DBA could do directly in SQL.

On PostgreSQL the append-only trigger is disabled inside the test first (ALTER TABLE …
DISABLE TRIGGER, rolled back with the test's transaction), as a DBA would."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from fazhi.ledger import content, keys, services, verification
from fazhi.ledger.events import EventType
from fazhi.ledger.models import LedgerEntry

from .conftest import OTHER_KEY, WITNESS_KEY, append, is_postgres

pytestmark = pytest.mark.django_db

TABLES = ("ledger_ledgerentry", "ledger_merklenode", "ledger_checkpoint", "ledger_witnesssignature")


@contextmanager
def dba():
    """A cursor with the append-only triggers disabled (PostgreSQL), as a DBA would have."""
    with connection.cursor() as cursor:
        if is_postgres():
            # Run the deferred foreign-key checks of the fixture's inserts now: PostgreSQL
            # refuses ALTER TABLE on a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        yield cursor
        if is_postgres():
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


@pytest.fixture
def log(actors):
    """12 entries with checkpoints at 4, 8 and 12, the last countersigned."""
    base = LedgerEntry.objects.count()
    checkpoints = []
    for _ in range(3):
        append(4, actor=actors.person, unit=actors.unit)
        checkpoints.append(services.checkpoint_sign())
    services.witness_countersign(
        checkpoint=checkpoints[-1], signer="市司法局", private_key=WITNESS_KEY
    )
    append(1)
    return base, checkpoints


def findings(kind: str | None = None) -> list[verification.Finding]:
    report = verification.verify_ledger()
    return [f for f in report.findings if kind is None or f.kind == kind]


def test_an_untouched_log_verifies(log):
    report = verification.verify_ledger()
    assert report.ok, report.findings
    assert report.checkpoints == 3 and report.witness_signatures == 1
    call_command("ledger", "verify", "--no-progress")


def test_an_altered_entry_is_found(log):
    base, _ = log
    with dba() as cursor:
        cursor.execute("UPDATE ledger_ledgerentry SET note = %s WHERE seq = %s", ["改过", base + 5])
    found = findings()
    assert [(f.kind, f.seq) for f in found if f.seq is not None] == [("altered", base + 5)]
    assert "内容被篡改" in found[0].message
    # The stored commitment, and so the tree and every checkpoint, still hold: the change is in
    # the content the commitment no longer matches.
    assert not [f for f in found if f.kind == "checkpoint"]


def test_a_rewritten_entry_with_a_recomputed_commitment_is_found(log):
    base, checkpoints = log
    entry = LedgerEntry.objects.get(seq=base + 1)
    body = content.entry_content(entry) | {"note": "伪造的说明"}
    forged = content.commitment(bytes.fromhex(entry.salt), body).hex()
    with dba() as cursor:
        cursor.execute(
            "UPDATE ledger_ledgerentry SET note = %s, commitment = %s WHERE seq = %s",
            ["伪造的说明", forged, base + 1],
        )
    found = findings()
    assert [(f.kind, f.seq) for f in found if f.seq is not None] == [("altered", base + 1)]
    assert "整行被替换" in found[0].message
    assert {f.checkpoint_id for f in found if f.kind == "checkpoint"} == {c.pk for c in checkpoints}


def test_a_removed_entry_is_found(log):
    base, checkpoints = log
    with dba() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE seq = %s", [base + 9])
    found = findings()
    removed = [f for f in found if f.kind == "removed"]
    assert [(f.seq, f.message) for f in removed] == [
        (base + 9, f"条目 #{base + 9} 缺失：已被删除。")
    ]
    assert {f.checkpoint_id for f in found if f.kind == "checkpoint"} == {checkpoints[2].pk}


def test_a_truncated_log_is_found(log):
    base, checkpoints = log
    with dba() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE seq >= %s", [base + 6])
    found = findings()
    kinds = {f.kind for f in found}
    assert {"removed", "checkpoint", "head"} <= kinds
    assert any("日志末尾被截断" in f.message for f in found)
    assert any("日志被截断" in f.message and f.checkpoint_id == checkpoints[2].pk for f in found)


def test_an_inserted_entry_is_found(log):
    last = LedgerEntry.objects.order_by("-seq").first()
    seq = last.seq + 1
    body = content.entry_content(last) | {"seq": seq, "note": "事后补录"}
    salt = bytes(32)
    columns = (
        "seq, occurred_at, event, event_name, actor_id, actor_name, unit_id, unit_name, role, "
        "record_type, record_id, changes, files, request_id, note, salt, commitment, redacted"
    )
    with dba() as cursor:
        cursor.execute(
            f"INSERT INTO ledger_ledgerentry ({columns}) VALUES "
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                seq, last.occurred_at, last.event, last.event_name, last.actor_id,
                last.actor_name, last.unit_id, last.unit_name, last.role, last.record_type,
                last.record_id, json.dumps(last.changes), json.dumps(last.files),
                last.request_id, "事后补录", salt.hex(),
                content.commitment(salt, body).hex(), False,
            ],
        )  # fmt: skip
    found = findings()
    assert [(f.kind, f.seq) for f in found] == [("inserted", seq), ("head", None)]
    assert "未经记录器写入" in found[0].message


def test_reordered_entries_are_found(log):
    base, _ = log
    a, b = base + 2, base + 6
    with dba() as cursor:
        cursor.execute("UPDATE ledger_ledgerentry SET seq = 999999999 WHERE seq = %s", [a])
        cursor.execute("UPDATE ledger_ledgerentry SET seq = %s WHERE seq = %s", [a, b])
        cursor.execute("UPDATE ledger_ledgerentry SET seq = %s WHERE seq = 999999999", [b])
    found = findings()
    assert [(f.kind, f.seq) for f in found if f.seq is not None] == [
        ("reordered", a),
        ("reordered", b),
    ]
    assert found[0].message == f"条目 #{a} 原是第 #{b} 条：条目顺序被调换。"


def test_an_altered_checkpoint_is_found(log):
    _, checkpoints = log
    with dba() as cursor:
        cursor.execute(
            "UPDATE ledger_checkpoint SET size = size - 1 WHERE id = %s", [checkpoints[0].pk]
        )
    found = findings()
    assert {(f.kind, f.checkpoint_id) for f in found} == {
        ("signature", checkpoints[0].pk),
        ("checkpoint", checkpoints[0].pk),
    }


def test_checkpoints_and_witness_signatures_by_unknown_keys_are_found(log):
    _, checkpoints = log
    other = Ed25519PrivateKey.from_private_bytes(OTHER_KEY)
    public = keys.public_bytes(other)
    cp = checkpoints[2]
    stamp = timezone.now().replace(microsecond=0)
    message = keys.checkpoint_message(cp.origin, cp.size, cp.root, stamp)
    with dba() as cursor:
        cursor.execute(
            "INSERT INTO ledger_checkpoint (origin, size, root, timestamp, signature, key_id, "
            "public_key) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                cp.origin,
                cp.size,
                cp.root,
                stamp,
                other.sign(message).hex(),
                keys.key_id(public),
                public.hex(),
            ],
        )
        cursor.execute(
            "INSERT INTO ledger_witnesssignature (checkpoint_id, signer, key_id, public_key, "
            "signature, signed_at) VALUES (%s, %s, %s, %s, %s, %s)",
            [cp.pk, "冒名机关", keys.key_id(public), public.hex(),
             other.sign(keys.checkpoint_message(cp.origin, cp.size, cp.root, cp.timestamp)).hex(),
             stamp],
        )  # fmt: skip
    found = findings()
    assert [f.kind for f in found] == ["unknown_key", "unknown_key"]
    assert any("未知密钥签署" in f.message for f in found)
    assert any("见证签名来自未知密钥：冒名机关" in f.message for f in found)


def test_a_damaged_tree_node_is_found(log):
    with dba() as cursor:
        cursor.execute(
            'UPDATE ledger_merklenode SET hash = %s WHERE level = 2 AND "index" = 1', [bytes(32)]
        )
    found = findings()
    assert [f.kind for f in found] == ["tree"]
    assert "(2, 1)" in found[0].message


def test_the_command_exits_non_zero_and_lists_each_finding(log, capsys):
    base, _ = log
    with dba() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE seq = %s", [base + 3])
    with pytest.raises(CommandError, match=r"发现 \d+ 处问题"):
        call_command("ledger", "verify", "--no-progress")
    assert f"[条目被删除] 条目 #{base + 3} 缺失" in capsys.readouterr().out


@pytest.mark.skipif("not is_postgres()", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_ledgerentry SET note = 'x'",
        "DELETE FROM ledger_ledgerentry",
        "UPDATE ledger_merklenode SET hash = hash",
        "DELETE FROM ledger_checkpoint",
    ],
)
def test_the_postgresql_trigger_refuses_raw_updates_and_deletes(log, sql):
    with (
        pytest.raises(DatabaseError, match="账本是只增不改的"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


@pytest.mark.skipif("is_postgres()", reason="PostgreSQL's jsonb reformats JSON: no splicing there")
def test_the_spliced_canonical_form_is_the_reference_one(actors):
    tricky = {
        "标题": ('引号"与\\反斜杠', "换行\n制表\t😀"),
        "amount": (1.5, 10**20),
        "on": (None, date(2026, 3, 2)),
        "list": ([], [{"b": 1, "a": [True, False]}]),
    }
    with transaction.atomic():
        services.record(
            event=EventType.UNIT_UPDATE,
            actor=actors.person,
            unit=actors.unit,
            record=actors.unit,
            changes=tricky,
            files=["ab" * 32],
            note='说明 "quoted" \\ \u2028',
        )
        services.record(event=EventType.UNIT_UPDATE, record_type="core.unit", record_id="x")
    rows = {row[0]: row for row in verification._entry_rows(100)}
    for entry in LedgerEntry.objects.order_by("-seq")[:2]:
        expected = content.canonical(content.entry_content(entry))
        assert verification._spliced(*rows[entry.seq][:15]) == expected
    assert verification.verify_ledger().ok
