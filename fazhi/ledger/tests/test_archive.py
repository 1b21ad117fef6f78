"""Archives: a record's history exported as one zip and verified offline — by the server's
`verify_archive` and by tools/fazhi_verify.py run as a stranger would — and every kind of
tampering with the zip reported by both."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.db import transaction
from django.test import Client

from fazhi.evidence import storage
from fazhi.ledger import archive, services
from fazhi.ledger.events import EventType
from fazhi.ledger.models import Checkpoint

from .conftest import LOG_KEY, OTHER_KEY, public_hex
from .records import PHOTO, REPORT, build_world, clean_run, sha256

pytestmark = pytest.mark.django_db

LOG_PUBLIC = public_hex(LOG_KEY)


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.FAZHI_EVIDENCE_ROOT = str(tmp_path / "evidence")


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def exported(world, tmp_path):
    path = tmp_path / "archive.zip"
    archive.export_archive(world.application, path)
    return path


def read_zip(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as source:
        return {name: source.read(name) for name in source.namelist()}


def write_zip(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)


def both_verifiers(path, key: str = LOG_PUBLIC) -> tuple[list[str], str, int]:
    findings = archive.verify_archive(path, trusted_keys=[key])
    result = clean_run("archive", str(path), "--key", key, cwd=path.parent)
    return findings, result.stdout, result.returncode


def test_an_exported_archive_verifies(world, exported):
    members = read_zip(exported)
    manifest = json.loads(members["manifest.json"])
    seqs = [item["entry"]["seq"] for item in manifest["entries"]]
    assert manifest["format"] == "fazhi-archive/v1"
    assert manifest["record"]["type"] == "procedures_app.application"
    assert manifest["entry_count"] == 4 and seqs == sorted(seqs)
    assert [item["entry"]["note"] for item in manifest["entries"]] == [
        "提出",
        "审核",
        "批准",
        "决定",
    ]
    assert {f["name"] for f in manifest["files"]} == {"现场照片.png", "调查报告.pdf"}
    assert members[f"files/{sha256(PHOTO)}"] == PHOTO
    assert members[f"files/{sha256(REPORT)}"] == REPORT
    assert {f"proofs/{s}.json" for s in seqs} <= set(members)
    checkpoint = json.loads(members["checkpoint.json"])
    assert [s["signer"] for s in checkpoint["signatures"]] == ["测试区人民政府", "市司法局"]
    assert "说明.txt" in members

    findings, stdout, status = both_verifiers(exported)
    assert findings == []
    assert status == 0, stdout
    assert "档案 procedures_app.application" in stdout and "4 条记录、2 个文件均已验证" in stdout
    assert archive.verify_archive(exported) == []  # the ledger's own keys by default


def test_the_fallback_verifies_an_archive(exported):
    result = clean_run("archive", str(exported), "--key", LOG_PUBLIC, pure=True)
    assert result.returncode == 0 and "纯 Python" in result.stdout, result.stdout


def test_an_archive_under_an_unknown_key_fails(exported):
    findings, stdout, status = both_verifiers(exported, key=public_hex(OTHER_KEY))
    assert findings == [
        "检查点没有受信任公钥的有效签名 / no valid signature by a trusted key on the checkpoint"
    ]
    assert status == 1 and "检查点没有受信任公钥的有效签名" in stdout


def tampered(exported, change) -> object:
    members = read_zip(exported)
    manifest = json.loads(members["manifest.json"])
    change(members, manifest)
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    path = exported.parent / "tampered.zip"
    write_zip(path, members)
    return path


def entry_with(manifest, digest: str) -> dict:
    return next(i for i in manifest["entries"] if digest in i["entry"]["files"])


def test_a_modified_file_is_reported(exported):
    digest = sha256(PHOTO)

    def change(members, manifest):
        members[f"files/{digest}"] = PHOTO[:-1] + b"\x00"

    findings, stdout, status = both_verifiers(tampered(exported, change))
    actual = sha256(PHOTO[:-1] + b"\x00")
    assert findings == [
        f"文件 {digest}（现场照片.png）已被改动：实际 SHA-256 为 {actual} / "
        f"file {digest} was modified"
    ]
    assert status == 1
    assert f"文件 {digest}（现场照片.png）已被改动：实际 SHA-256 为 {actual}" in stdout


def test_a_file_missing_from_the_zip_is_reported(exported):
    digest = sha256(REPORT)

    def change(members, manifest):
        del members[f"files/{digest}"]

    findings, stdout, status = both_verifiers(tampered(exported, change))
    expected = f"文件 {digest}（调查报告.pdf）列于清单但不在档案中"
    assert len(findings) == 1 and findings[0].startswith(expected)
    assert status == 1 and expected in stdout


def test_a_file_not_in_the_manifest_is_reported(exported):
    extra = b"%PDF-1.4 forged"

    def change(members, manifest):
        members[f"files/{sha256(extra)}"] = extra

    findings, stdout, status = both_verifiers(tampered(exported, change))
    expected = f"档案中的 files/{sha256(extra)} 未列于清单"
    assert len(findings) == 1 and findings[0].startswith(expected)
    assert status == 1 and expected in stdout


def test_a_manifest_listing_a_file_no_entry_recorded_is_reported(exported):
    extra = b"%PDF-1.4 smuggled"

    def change(members, manifest):
        members[f"files/{sha256(extra)}"] = extra
        manifest["files"].append({"sha256": sha256(extra), "name": "补充.pdf", "size": len(extra)})

    findings, stdout, status = both_verifiers(tampered(exported, change))
    expected = f"文件 {sha256(extra)} 未被任何已验证的条目引用"
    assert len(findings) == 1 and findings[0].startswith(expected)
    assert status == 1 and expected in stdout


def test_an_entry_removed_from_the_manifest_is_reported(exported):
    def change(members, manifest):
        manifest["entries"].pop(1)

    findings, stdout, status = both_verifiers(tampered(exported, change))
    assert findings[0].startswith("manifest.json 声明 4 条记录，实际列出 3 条：有条目被删除或添加")
    assert any("不对应 manifest.json 中的任何条目" in f for f in findings)
    assert status == 1
    assert "manifest.json 声明 4 条记录，实际列出 3 条" in stdout
    assert "不对应 manifest.json 中的任何条目：有条目被从清单中删除" in stdout


def test_an_entry_removed_with_its_proof_is_reported(exported):
    """Even when the count and the proofs are made to agree, the file that the removed entry
    recorded gives the removal away."""
    digest = sha256(REPORT)

    def change(members, manifest):
        item = entry_with(manifest, digest)
        manifest["entries"].remove(item)
        manifest["entry_count"] -= 1
        del members[f"proofs/{item['entry']['seq']}.json"]

    findings, stdout, status = both_verifiers(tampered(exported, change))
    expected = f"文件 {digest} 未被任何已验证的条目引用：引用它的条目可能被删除"
    assert len(findings) == 1 and findings[0].startswith(expected)
    assert status == 1 and expected in stdout


def test_a_changed_entry_is_reported(exported):
    def change(members, manifest):
        item = manifest["entries"][3]
        item["entry"]["changes"]["opinion"][1] = "撤销原行政行为"
        name = f"proofs/{item['entry']['seq']}.json"
        bundle = json.loads(members[name])
        bundle["entry"] = item["entry"]
        members[name] = json.dumps(bundle, ensure_ascii=False).encode()

    path = tampered(exported, change)
    seq = json.loads(read_zip(path)["manifest.json"])["entries"][3]["entry"]["seq"]
    findings, stdout, status = both_verifiers(path)
    assert len(findings) == 1 and findings[0].startswith(f"条目 {seq} 的包含证明不成立")
    assert status == 1 and f"条目 {seq} 的包含证明不成立" in stdout


def test_a_manifest_entry_that_differs_from_its_proof_is_reported(exported):
    def change(members, manifest):
        manifest["entries"][0]["entry"]["actor_name"] = "某某"

    path = tampered(exported, change)
    seq = json.loads(read_zip(path)["manifest.json"])["entries"][0]["entry"]["seq"]
    findings, stdout, status = both_verifiers(path)
    expected = f"manifest.json 中条目 {seq} 的内容或盐值与 proofs/{seq}.json 不一致"
    assert findings[0].startswith(expected)
    assert status == 1 and expected in stdout


def test_reordered_entries_are_reported(exported):
    def change(members, manifest):
        manifest["entries"][0], manifest["entries"][1] = (
            manifest["entries"][1],
            manifest["entries"][0],
        )

    findings, stdout, status = both_verifiers(tampered(exported, change))
    assert any("顺序被改动" in f for f in findings)
    assert status == 1 and "顺序被改动" in stdout


def test_export_signs_a_checkpoint_when_none_covers_the_record(world, tmp_path):
    with transaction.atomic():
        services.record(event=EventType.PROCEDURE_STEP, record=world.application, note="送达")
    before = Checkpoint.objects.count()
    path = tmp_path / "later.zip"
    manifest = archive.export_archive(world.application, path)
    assert Checkpoint.objects.count() == before + 1
    assert manifest["entry_count"] == 5
    assert archive.verify_archive(path, trusted_keys=[LOG_PUBLIC]) == []


def test_export_refuses_a_record_without_entries(world, tmp_path):
    from tests.procedures_app.models import Application

    other = Application.objects.create(unit=world.east.dept_a, state="submitted", title="空")
    with pytest.raises(archive.ArchiveError, match="没有任何全过程记录"):
        archive.export_archive(other, tmp_path / "x.zip")


def test_export_refuses_damaged_evidence(world, tmp_path):
    path = storage.blob_path(sha256(PHOTO))
    path.chmod(0o644)
    path.write_bytes(b"damaged")
    with pytest.raises(archive.ArchiveError, match="存储副本已被改动或损坏"):
        archive.export_archive(world.application, tmp_path / "x.zip")


# --- the workspace pages --------------------------------------------------------------------


def history_url(world) -> str:
    return f"/workspace/ledger/record/procedures_app.application/{world.application.pk}/"


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_accountability_page_shows_who_did_what_in_order(world):
    response = client_for(world.handler).get(history_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('data-testid="accountability"') : html.index("</table>")]
    order = [
        table.index(text) for text in ("建议受理", "材料齐全，程序合法", "同意", "维持原行政行为")
    ]
    assert order == sorted(order)
    for text in (
        "张承办",
        "李审核",
        "王局长",
        "承办人员",
        "法治机构审核人员",
        "领导",
        "东区司法局",
    ):
        assert text in table
    assert f"/workspace/evidence/{sha256(PHOTO)}/" in table
    assert "archive.zip" in html and "已有 4 条纳入已签名的检查点" in html


@pytest.mark.parametrize("who", ["reviewer", "leader"])
def test_supervisors_see_the_page(world, who):
    assert client_for(getattr(world, who)).get(history_url(world)).status_code == 200


def test_another_unit_gets_404(world):
    client = client_for(world.b_handler)
    assert client.get(history_url(world)).status_code == 404
    assert client.get(history_url(world) + "archive.zip").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/workspace/ledger/record/procedures_app.application/999999/",
        "/workspace/ledger/record/procedures_app.application/abc/",
        "/workspace/ledger/record/no.such/1/",
        "/workspace/ledger/record/nonsense/1/",
    ],
)
def test_unknown_records_are_404(world, url):
    assert client_for(world.handler).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world):
    response = Client().get(history_url(world))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_archive_is_downloaded_from_the_workspace(world, tmp_path):
    response = client_for(world.handler).get(history_url(world) + "archive.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    path = tmp_path / "downloaded.zip"
    path.write_bytes(b"".join(response.streaming_content))
    assert archive.verify_archive(path, trusted_keys=[LOG_PUBLIC]) == []
    assert zipfile.is_zipfile(io.BytesIO(path.read_bytes()))


def test_a_failing_export_is_explained(world):
    path = storage.blob_path(sha256(REPORT))
    path.chmod(0o644)
    path.unlink()
    response = client_for(world.handler).get(history_url(world) + "archive.zip")
    assert response.status_code == 409
    assert (
        "无法导出档案" in response.content.decode() and "存储副本缺失" in response.content.decode()
    )
