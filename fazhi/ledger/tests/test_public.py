"""The portal's transparency pages: the latest checkpoint with its witnesses and keys, the
offline verifier, and proofs of published records that the verifier accepts — run as a
stranger would run it — and tampered ones it refuses, saying precisely why."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fazhi.ledger import public, services
from fazhi.ledger.models import LedgerEntry
from tests.procedures_app.models import Application

from .conftest import LOG_KEY, OTHER_KEY, WITNESS_KEY, public_hex
from .records import PEOPLE, VERIFIER, build_world, clean_run

pytestmark = pytest.mark.django_db

LOG_PUBLIC = public_hex(LOG_KEY)
WITNESS_PUBLIC = public_hex(WITNESS_KEY)


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.FAZHI_EVIDENCE_ROOT = str(tmp_path / "evidence")


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def registered():
    public.register_public_type(Application, is_published=lambda record: record.state != "draft")
    yield
    public.unregister_public_type(Application)


def proof_url(record) -> str:
    return f"/transparency/proof/{record._meta.label_lower}/{record.pk}/"


def test_the_transparency_page_shows_the_checkpoint_witnesses_and_keys(world):
    response = Client().get("/transparency/")
    assert response.status_code == 200
    html = response.content.decode()
    checkpoint = world.checkpoint
    assert f'data-testid="checkpoint-size">{checkpoint.size}<' in html
    assert checkpoint.root in html and checkpoint.signature in html
    assert "测试区人民政府" in html and "市司法局" in html and "见证联署" in html
    assert LOG_PUBLIC in html and WITNESS_PUBLIC in html
    assert f"fazhi-checkpoint/v1\nfazhi.test/ledger\n{checkpoint.size}\n{checkpoint.root}\n" in html
    assert "/transparency/verifier.py" in html


def test_the_public_pages_show_nothing_personal(world, registered):
    for url in ("/transparency/", "/transparency/checkpoint.json", "/about/"):
        response = Client().get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for name in PEOPLE:
            assert name not in text, (url, name)
        for person in (world.handler, world.reviewer, world.leader):
            assert person.username not in text


def test_the_transparency_page_before_any_checkpoint(db):
    response = Client().get("/transparency/")
    assert response.status_code == 200
    assert "尚未签署检查点" in response.content.decode()
    document = Client().get("/transparency/checkpoint.json").json()
    assert document["checkpoint"] is None
    assert [k["public_key"] for k in document["public_keys"]] == [LOG_PUBLIC, WITNESS_PUBLIC]


def test_checkpoint_json(world):
    response = Client().get("/transparency/checkpoint.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = response.json()
    checkpoint = document["checkpoint"]
    assert document["format"] == "fazhi-checkpoint/v1"
    assert (checkpoint["size"], checkpoint["root"]) == (
        world.checkpoint.size,
        world.checkpoint.root,
    )
    assert [s["signer"] for s in checkpoint["signatures"]] == ["测试区人民政府", "市司法局"]
    assert {(k["public_key"], k["role"]) for k in document["public_keys"]} == {
        (LOG_PUBLIC, "log"),
        (WITNESS_PUBLIC, "witness"),
    }


def test_the_verifier_is_offered_for_download(db):
    response = Client().get("/transparency/verifier.py")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == VERIFIER.read_bytes()
    assert 'filename="fazhi_verify.py"' in response["Content-Disposition"]


def test_an_unregistered_type_is_404(world):
    assert not public.is_public_type("procedures_app.application")
    assert Client().get(proof_url(world.application)).status_code == 404


def test_the_proof_path_of_a_record(world, registered):
    assert public.is_public_type("procedures_app.Application")
    assert public.proof_path(world.application) == proof_url(world.application)


@pytest.mark.parametrize(
    "url",
    [
        "/transparency/proof/procedures_app.application/999999/",
        "/transparency/proof/procedures_app.application/not-a-number/",
        "/transparency/proof/core.person/1/",
        "/transparency/proof/no.such/1/",
    ],
)
def test_missing_or_unpublished_records_are_404(world, registered, url):
    assert Client().get(url).status_code == 404


def test_a_record_not_yet_published_is_404(world, registered):
    Application.objects.filter(pk=world.application.pk).update(state="draft")
    assert Client().get(proof_url(world.application)).status_code == 404


def fetch_proof(world, tmp_path, name="proof.json"):
    response = Client().get(proof_url(world.application))
    assert response.status_code == 200
    document = response.json()
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return document, path


def test_a_published_records_proof_verifies_offline(world, registered, tmp_path):
    document, path = fetch_proof(world, tmp_path)
    assert document["record"] == {
        "type": "procedures_app.application",
        "id": str(world.application.pk),
        "title": "关于某学校办学许可的复议申请",
    }
    bundles = document["bundles"]
    assert [b["entry"]["note"] for b in bundles] == ["提出", "审核", "批准", "决定"]
    assert all(b["format"] == "fazhi-proof/v1" for b in bundles) and document["pending"] == 0

    result = clean_run("proof", str(path), "--key", LOG_PUBLIC, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ed25519: cryptography" in result.stdout
    assert "验证通过 / VERIFIED" in result.stdout
    assert "第 2 个签名（市司法局" in result.stdout  # the witness's signature, valid, untrusted

    pure = clean_run("proof", str(path), "--key", WITNESS_PUBLIC, pure=True, cwd=tmp_path)
    assert pure.returncode == 0, pure.stdout + pure.stderr
    assert "纯 Python" in pure.stdout and "验证通过" in pure.stdout


def test_a_single_bundle_and_a_keys_file_verify(world, registered, tmp_path):
    document, _ = fetch_proof(world, tmp_path)
    bundle = tmp_path / "one.json"
    bundle.write_text(json.dumps(document["bundles"][0]), encoding="utf-8")
    keys = tmp_path / "checkpoint.json"
    keys.write_bytes(Client().get("/transparency/checkpoint.json").content)
    result = clean_run("proof", str(bundle), "--keys", str(keys), cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_entries_after_the_checkpoint_are_pending(world, registered, tmp_path):
    from django.db import transaction

    from fazhi.ledger.events import EventType

    with transaction.atomic():
        services.record(event=EventType.PROCEDURE_STEP, record=world.application, note="公布")
    document, _ = fetch_proof(world, tmp_path)
    assert len(document["bundles"]) == 4 and document["pending"] == 1
    assert "将在下一次签署检查点" in document["note"]


def _set_note(bundle):
    bundle["entry"]["note"] = "审核（改）"


def _set_salt(bundle):
    bundle["salt"] = ("0" if bundle["salt"][0] != "0" else "1") + bundle["salt"][1:]


def _change_path(bundle):
    first = bundle["inclusion_proof"][0]
    bundle["inclusion_proof"][0] = ("f" if first[0] != "f" else "e") + first[1:]


def _drop_path(bundle):
    bundle["inclusion_proof"].pop()


def _flip_signature(bundle):
    signature = bundle["checkpoint"]["signatures"][0]
    signature["signature"] = (
        format(int(signature["signature"][:2], 16) ^ 1, "02x") + signature["signature"][2:]
    )


def _change_root(bundle):
    root = bundle["checkpoint"]["root"]
    bundle["checkpoint"]["root"] = ("0" if root[0] != "0" else "1") + root[1:]


def _change_seq(bundle):
    bundle["entry"]["seq"] += 1


TAMPERINGS = {
    "content changed": (_set_note, "条目 {seq} 的包含证明不成立"),
    "salt changed": (_set_salt, "条目 {seq} 的包含证明不成立"),
    "path changed": (_change_path, "条目 {seq} 的包含证明不成立"),
    "path shortened": (_drop_path, "条目 {seq} 的审计路径长度为"),
    "signature flipped": (_flip_signature, "第 1 个签名（测试区人民政府，key_id"),
    "root changed": (_change_root, "无效：签名与检查点内容不符"),
    "seq changed": (_change_seq, "与叶子位置 {seq} 不一致"),
}


@pytest.mark.parametrize("tampering", sorted(TAMPERINGS))
def test_a_tampered_bundle_fails_with_a_precise_message(world, registered, tmp_path, tampering):
    document, _ = fetch_proof(world, tmp_path)
    bundle = document["bundles"][1]  # the review
    change, expected = TAMPERINGS[tampering]
    change(bundle)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    result = clean_run("proof", str(path), "--key", LOG_PUBLIC, cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert expected.format(seq=bundle["leaf_index"]) in result.stdout, result.stdout
    assert "验证未通过" in result.stdout and "失败 / FAIL" in result.stdout


def test_the_wrong_key_fails(world, registered, tmp_path):
    _, path = fetch_proof(world, tmp_path)
    result = clean_run("proof", str(path), "--key", public_hex(OTHER_KEY), cwd=tmp_path)
    assert result.returncode == 1
    assert "检查点没有受信任公钥的有效签名" in result.stdout
    assert "no valid signature by a trusted key" in result.stdout


def test_the_fallback_refuses_a_flipped_signature_too(world, registered, tmp_path):
    document, _ = fetch_proof(world, tmp_path)
    bundle = document["bundles"][0]
    _flip_signature(bundle)
    path = tmp_path / "flipped.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    result = clean_run("proof", str(path), "--key", LOG_PUBLIC, pure=True, cwd=tmp_path)
    assert result.returncode == 1 and "纯 Python" in result.stdout
    assert "无效：签名与检查点内容不符" in result.stdout


def test_the_proof_matches_the_database(world, registered, tmp_path):
    document, _ = fetch_proof(world, tmp_path)
    entries = LedgerEntry.objects.filter(record_id=str(world.application.pk)).order_by("seq")
    assert [b["leaf_index"] for b in document["bundles"]] == [
        e.seq for e in entries if e.record_type == "procedures_app.application"
    ]
