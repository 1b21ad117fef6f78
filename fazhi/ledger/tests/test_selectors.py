"""Proofs from stored nodes, proof bundles, a record's entries and its accountability."""

from __future__ import annotations

import pytest
from django.db import transaction

from fazhi.core.models import Role
from fazhi.ledger import content, keys, merkle, selectors, services
from fazhi.ledger.events import EventType
from fazhi.ledger.models import LedgerEntry

from .conftest import WITNESS_KEY, append

pytestmark = pytest.mark.django_db


def leaves() -> list[bytes]:
    return [
        merkle.leaf_hash(bytes.fromhex(c))
        for c in LedgerEntry.objects.order_by("seq").values_list("commitment", flat=True)
    ]


def test_inclusion_and_consistency_proofs_match_the_rfc_over_every_size():
    append(21)
    all_leaves = leaves()
    for size in range(1, len(all_leaves) + 1):
        root = merkle.root(all_leaves[:size])
        for seq in range(size):
            proof = [bytes.fromhex(p) for p in selectors.inclusion_proof(seq, size)]
            assert proof == merkle.inclusion_proof(seq, all_leaves[:size])
            assert merkle.verify_inclusion(seq, size, all_leaves[seq], proof, root)
        for old in range(0, size + 1):
            proof = [bytes.fromhex(p) for p in selectors.consistency_proof(old, size)]
            assert merkle.verify_consistency(old, size, merkle.root(all_leaves[:old]), root, proof)


def test_a_proof_takes_one_query(django_assert_num_queries):
    append(40)
    with django_assert_num_queries(2):  # the tree's size, then the nodes
        selectors.inclusion_proof(17, 33)
    with django_assert_num_queries(2):
        selectors.consistency_proof(13, 40)


def test_proofs_beyond_the_tree_are_refused():
    append(3)
    size = selectors.tree_size()
    with pytest.raises(ValueError, match="没有"):
        selectors.inclusion_proof(0, size + 1)
    with pytest.raises(ValueError, match="不在前"):
        selectors.inclusion_proof(size, size)
    with pytest.raises(ValueError):
        selectors.consistency_proof(size, size - 1)


def test_a_proof_bundle_verifies_against_its_signed_checkpoint(actors):
    with transaction.atomic():
        entry = services.record(
            event=EventType.UNIT_UPDATE,
            actor=actors.person,
            unit=actors.unit,
            role=Role.UNIT_ADMIN,
            record=actors.unit,
            changes={"phone": ("", "010-1234")},
        )
    append(5)
    checkpoint = services.checkpoint_sign()
    services.witness_countersign(checkpoint=checkpoint, signer="市司法局", private_key=WITNESS_KEY)
    bundle = selectors.proof_bundle(LedgerEntry.objects.get(pk=entry.pk), checkpoint)
    assert set(bundle) == {"format", "entry", "salt", "leaf_index", "checkpoint", "inclusion_proof"}
    assert bundle["format"] == "fazhi-proof/v1" and bundle["leaf_index"] == entry.seq
    cp = bundle["checkpoint"]
    assert [s["signer"] for s in cp["signatures"]] == ["测试区人民政府", "市司法局"]
    assert cp["timestamp"].endswith("Z")
    # What an offline verifier does, from the bundle alone:
    digest = content.commitment(bytes.fromhex(bundle["salt"]), bundle["entry"])
    proof = [bytes.fromhex(p) for p in bundle["inclusion_proof"]]
    assert merkle.verify_inclusion(
        bundle["leaf_index"], cp["size"], merkle.leaf_hash(digest), proof, bytes.fromhex(cp["root"])
    )
    message = keys.checkpoint_message(cp["origin"], cp["size"], cp["root"], cp["timestamp"])
    for signature in cp["signatures"]:
        assert keys.verify(signature["public_key"], message, signature["signature"])
    assert bundle["entry"]["changes"] == {"phone": ["", "010-1234"]}
    later = append(1)[0]
    with pytest.raises(ValueError, match="晚于检查点"):
        selectors.proof_bundle(later, checkpoint)


def test_entries_and_accountability_of_a_record_in_order_in_one_query(
    actors, django_assert_num_queries
):
    other = append(2)
    with transaction.atomic():
        for role, opinion in (
            (Role.HANDLER, "拟同意"),
            (Role.LEGAL_REVIEWER, "合法"),
            (Role.LEADER, "同意"),
        ):
            services.record(
                event=EventType.PROCEDURE_STEP,
                actor=actors.person,
                unit=actors.unit,
                role=role,
                record=actors.unit,
                changes={"opinion": (None, opinion)},
                note="审查",
            )
    assert [e.record_id for e in other] == ["0", "1"]
    with django_assert_num_queries(1):
        rows = selectors.accountability(actors.unit)
    mine = [r for r in rows if r.event == EventType.PROCEDURE_STEP]
    assert [(r.role_label, r.opinion) for r in mine] == [
        ("承办人员", "拟同意"),
        ("法治机构审核人员", "合法"),
        ("领导", "同意"),
    ]
    assert all(r.actor_name == "张三" and r.unit_name == "测试区人民政府" for r in mine)
    assert [r.seq for r in rows] == sorted(r.seq for r in rows)
    assert list(selectors.entries_for(actors.unit).values_list("seq", flat=True)) == [
        r.seq for r in rows
    ]
