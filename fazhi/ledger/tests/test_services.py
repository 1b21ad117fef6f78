"""The recorder, checkpoints and witnesses."""

from __future__ import annotations

import hashlib
import stat
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from fazhi.core.models import Role
from fazhi.ledger import content, keys, merkle, selectors, services, tasks
from fazhi.ledger.events import EventType
from fazhi.ledger.models import (
    Checkpoint,
    LedgerEntry,
    LedgerHead,
    LedgerImmutableError,
    MerkleNode,
    WitnessSignature,
)
from fazhi.ledger.services import LedgerUsageError, WitnessRefused

from .conftest import LOG_KEY, OTHER_KEY, WITNESS_KEY, append, public_hex

pytestmark = pytest.mark.django_db


def leaves_in_db() -> list[bytes]:
    return [
        merkle.leaf_hash(bytes.fromhex(c))
        for c in LedgerEntry.objects.order_by("seq").values_list("commitment", flat=True)
    ]


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(actors):
    with pytest.raises(LedgerUsageError, match="inside the transaction"):
        services.record(event=EventType.UNIT_UPDATE, record=actors.unit)


def test_entries_get_gapless_seqs_and_salted_commitments_of_their_content(actors):
    before = selectors.tree_size()
    with transaction.atomic():
        entry = services.record(
            event=EventType.UNIT_UPDATE,
            actor=actors.person,
            unit=actors.unit,
            role=Role.HANDLER,
            record=actors.unit,
            changes={"name": ("旧名", "新名"), "valid_from": (None, date(2024, 1, 2))},
            files=["AB" * 32, "01" * 32],
            note="更名",
            request_id="req-1",
        )
    assert entry.seq == before
    assert (entry.record_type, entry.record_id) == ("core.unit", str(actors.unit.pk))
    assert entry.changes == {"name": ["旧名", "新名"], "valid_from": [None, "2024-01-02"]}
    assert entry.files == ["01" * 32, "ab" * 32]
    assert (entry.actor_name, entry.unit_name, entry.event_name) == (
        "张三",
        "测试区人民政府",
        "修改单位信息",
    )
    stored = LedgerEntry.objects.get(pk=entry.pk)
    body = content.entry_content(stored)
    assert list(body) == list(content.CONTENT_FIELDS)
    assert body["occurred_at"].endswith("+00:00")
    expected = hashlib.sha256(bytes.fromhex(stored.salt) + content.canonical(body)).hexdigest()
    assert stored.commitment == expected
    assert len(stored.salt) == 64 and "张三" not in stored.commitment
    assert content.canonical(body).decode().startswith('{"actor_id":')


def test_the_tree_is_kept_current_and_stored_by_complete_subtrees(actors):
    append(13, actor=actors.person, unit=actors.unit)
    leaves = leaves_in_db()
    head = LedgerHead.objects.get()
    assert head.size == len(leaves)
    assert merkle.Frontier.from_bytes(head.size, bytes(head.frontier)).root() == merkle.root(leaves)
    assert selectors.tree_root(len(leaves)) == merkle.root(leaves).hex()
    assert MerkleNode.objects.filter(level=0).count() == len(leaves)
    # every complete subtree, no more: n leaves + (n - popcount(n)) interior nodes
    assert MerkleNode.objects.count() == 2 * len(leaves) - len(leaves).bit_count()


def test_record_costs_four_queries(actors, django_assert_num_queries):
    append(1)
    with transaction.atomic(), django_assert_num_queries(4):
        services.record(event=EventType.UNIT_UPDATE, record=actors.unit, actor=actors.person)


def test_bad_arguments_are_refused(actors):
    with transaction.atomic():
        with pytest.raises(LookupError, match="未登记的事件编号"):
            services.record(event=999_999, record=actors.unit)
        with pytest.raises(LedgerUsageError, match="64 位十六进制"):
            services.record(event=EventType.FILE_STORE, record=actors.unit, files=["abc"])
        with pytest.raises(LedgerUsageError, match="两项"):
            services.record(event=EventType.UNIT_UPDATE, record=actors.unit, changes={"x": "ab"})


def test_the_model_and_querysets_refuse_updates_and_deletes(actors):
    (entry,) = append(1)
    entry.note = "改过"
    with pytest.raises(LedgerImmutableError, match="账本条目一经记录不得修改"):
        entry.save()
    with pytest.raises(LedgerImmutableError, match="不得删除"):
        entry.delete()
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.filter(pk=entry.pk).update(note="改过")
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(LedgerImmutableError):
        MerkleNode.objects.all().delete()
    assert LedgerEntry.objects.get(pk=entry.pk).note == "测试0"


def test_a_rolled_back_transaction_leaves_no_entry(actors):
    before = selectors.tree_size()
    with pytest.raises(RuntimeError), transaction.atomic():
        append(3)
        raise RuntimeError
    assert selectors.tree_size() == before
    assert LedgerEntry.objects.count() == before


# --- checkpoints --------------------------------------------------------------------------------


def test_a_checkpoint_signs_the_documented_message():
    append(5)
    cp = services.checkpoint_sign()
    assert cp.size == selectors.tree_size() and cp.root == merkle.root(leaves_in_db()).hex()
    assert cp.public_key == public_hex(LOG_KEY) and cp.key_id == keys.key_id(
        bytes.fromhex(cp.public_key)
    )
    stamp = cp.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    message = f"fazhi-checkpoint/v1\nfazhi.test/ledger\n{cp.size}\n{cp.root}\n{stamp}\n".encode()
    assert keys.checkpoint_message(cp.origin, cp.size, cp.root, cp.timestamp) == message
    public = Ed25519PrivateKey.from_private_bytes(LOG_KEY).public_key()
    public.verify(bytes.fromhex(cp.signature), message)  # raises if wrong
    with pytest.raises(LedgerImmutableError):
        cp.delete()


def test_the_hourly_job_signs_only_when_the_tree_grew(actors):
    append(2)
    assert tasks.ledger_checkpoint_hourly.call_local() == selectors.tree_size()
    assert tasks.ledger_checkpoint_hourly.call_local() is None
    append(1)
    assert tasks.ledger_checkpoint_hourly.call_local() == selectors.tree_size()
    assert Checkpoint.objects.count() == 2


def test_the_embedded_mode_generates_a_private_key_file_once(settings, tmp_path):
    settings.FAZHI_LEDGER_SIGNING_KEY = ""
    settings.FAZHI_LEDGER_SIGNING_KEY_FILE = tmp_path / "ledger_signing_key"
    first = keys.public_bytes(keys.signing_key())
    assert stat.S_IMODE((tmp_path / "ledger_signing_key").stat().st_mode) == 0o600
    assert keys.public_bytes(keys.signing_key()) == first
    settings.EMBEDDED = False
    with pytest.raises(ImproperlyConfigured, match="FAZHI_LEDGER_SIGNING_KEY"):
        keys.signing_key()


def test_keys_parse_from_hex_and_base64():
    import base64

    assert keys.parse_key_bytes(LOG_KEY.hex()) == LOG_KEY
    assert keys.parse_key_bytes(base64.b64encode(LOG_KEY).decode()) == LOG_KEY
    assert keys.parse_key_bytes(base64.urlsafe_b64encode(LOG_KEY).decode().rstrip("=")) == LOG_KEY
    with pytest.raises(ValueError, match="32 字节"):
        keys.parse_key_bytes("abcd")


# --- witnesses ----------------------------------------------------------------------------------


def test_a_witness_countersigns_consistent_checkpoints(actors):
    append(2)
    unsigned = services.checkpoint_sign()
    append(1)
    first = services.checkpoint_sign()
    sig = services.witness_countersign(checkpoint=first, signer="市司法局", private_key=WITNESS_KEY)
    message = keys.checkpoint_message(first.origin, first.size, first.root, first.timestamp)
    assert keys.verify(public_hex(WITNESS_KEY), message, sig.signature)
    entry = LedgerEntry.objects.order_by("-seq").first()
    assert entry.event == EventType.WITNESS_SIGN and entry.record_id == str(first.pk)
    append(4)
    second = services.checkpoint_sign()
    services.witness_countersign(
        checkpoint=second, signer="市司法局", private_key=WITNESS_KEY.hex()
    )
    assert WitnessSignature.objects.filter(key_id=sig.key_id).count() == 2
    with pytest.raises(WitnessRefused, match="已联署过"):
        services.witness_countersign(checkpoint=second, signer="市司法局", private_key=WITNESS_KEY)
    with pytest.raises(WitnessRefused, match="少于市司法局上次联署的检查点"):
        services.witness_countersign(
            checkpoint=unsigned, signer="市司法局", private_key=WITNESS_KEY
        )


def _forged_checkpoint(size: int, root: str, key: bytes = LOG_KEY) -> Checkpoint:
    private = Ed25519PrivateKey.from_private_bytes(key)
    stamp = timezone.now().replace(microsecond=0)
    public = keys.public_bytes(private)
    return Checkpoint.objects.create(
        origin="fazhi.test/ledger",
        size=size,
        root=root,
        timestamp=stamp,
        signature=private.sign(
            keys.checkpoint_message("fazhi.test/ledger", size, root, stamp)
        ).hex(),
        key_id=keys.key_id(public),
        public_key=public.hex(),
    )


def test_a_witness_refuses_a_history_that_was_rewritten(actors):
    append(4)
    first = services.checkpoint_sign()
    services.witness_countersign(checkpoint=first, signer="市司法局", private_key=WITNESS_KEY)
    append(2)
    # The log's own key signs a root that does not extend what the witness saw.
    forged = _forged_checkpoint(selectors.tree_size(), "00" * 32)
    with pytest.raises(WitnessRefused, match="不一致：日志历史可能被改写"):
        services.witness_countersign(checkpoint=forged, signer="市司法局", private_key=WITNESS_KEY)


def test_a_witness_refuses_a_checkpoint_not_signed_by_the_log(actors):
    append(2)
    unknown = _forged_checkpoint(
        selectors.tree_size(), selectors.tree_root(selectors.tree_size()), OTHER_KEY
    )
    with pytest.raises(WitnessRefused, match="没有本日志可信密钥的有效签名"):
        services.witness_countersign(checkpoint=unknown, signer="市司法局", private_key=WITNESS_KEY)


def test_record_many_appends_in_order_with_four_statements(actors, django_assert_num_queries):
    append(3)
    acts = [
        {
            "event": EventType.UNIT_UPDATE,
            "actor": actors.person,
            "record": actors.unit,
            "changes": {"phone": (str(i), str(i + 1))},
        }
        for i in range(100)
    ]
    with transaction.atomic(), django_assert_num_queries(4):
        entries = services.record_many(acts)
    seqs = [entry.seq for entry in entries]
    assert seqs == list(range(seqs[0], seqs[0] + 100)) and seqs[-1] == selectors.tree_size() - 1
    stored = {e.seq: e for e in LedgerEntry.objects.filter(seq__in=seqs)}
    assert all(
        stored[e.seq].pk == e.pk and stored[e.seq].commitment == e.commitment for e in entries
    )
    assert selectors.tree_root(selectors.tree_size()) == merkle.root(leaves_in_db()).hex()
    with transaction.atomic():
        assert services.record_many([]) == []
        many = services.record_many([{**acts[0], "note": str(i)} for i in range(1200)])
    assert len({e.pk for e in many}) == 1200
    assert selectors.tree_root(selectors.tree_size()) == merkle.root(leaves_in_db()).hex()
