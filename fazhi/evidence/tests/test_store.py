"""Storing evidence files: content-addressed, hashed into the ledger, refused precisely."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.evidence import services, storage
from fazhi.evidence.models import FileHolding, StoredFile
from fazhi.evidence.services import EvidenceCorrupted, EvidenceRefused, file_open_verified
from fazhi.ledger.models import LedgerEntry

from .conftest import stored_blobs
from .samples import GBK_TEXT, PLAIN_ZIP, SAMPLES, WINDOWS_EXE

pytestmark = pytest.mark.django_db

PNG_NAME, PNG = SAMPLES["png"]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(world, name: str, data: bytes, person=None, unit=None, **kwargs) -> StoredFile:
    return services.file_store(
        actor=person or world.handler,
        unit=unit or world.east.dept_a,
        upload=SimpleUploadedFile(name, data),
        **kwargs,
    )


def assert_nothing_saved(evidence_root, world) -> None:
    assert StoredFile.objects.count() == 0
    assert FileHolding.objects.count() == 0
    assert LedgerEntry.objects.count() == world.entries
    assert stored_blobs(evidence_root) == []  # no blob and no temporary file left over


def test_a_file_is_stored_by_its_hash_and_recorded_in_the_ledger(world, evidence_root):
    stored = store(world, PNG_NAME, PNG, declared_sha256=sha(PNG).upper())
    digest = sha(PNG)
    assert (stored.sha256, stored.size, stored.content_type) == (digest, len(PNG), "image/png")
    assert (stored.original_name, stored.unit, stored.uploaded_by) == (
        PNG_NAME,
        world.east.dept_a,
        world.handler,
    )
    path = evidence_root / digest[:2] / digest[2:4] / digest
    assert path.read_bytes() == PNG
    assert stored_blobs(evidence_root) == [path]

    entry = LedgerEntry.objects.get(record_type="evidence.storedfile", record_id=str(stored.pk))
    assert entry.files == [digest]
    assert entry.actor_id == world.handler.pk and entry.unit_id == world.east.dept_a.pk
    assert PNG_NAME in entry.note

    with file_open_verified(stored) as handle:
        assert handle.read() == PNG


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_every_accepted_kind_is_recognized(world, code):
    name, data = SAMPLES[code]
    assert store(world, name, data).type_code == code


def test_plain_text_in_gbk_is_accepted(world):
    assert store(world, *GBK_TEXT).type_code == "txt"


def test_a_file_without_extension_is_recognized_by_content(world):
    stored = store(world, "scan", SAMPLES["pdf"][1])
    assert (stored.type_code, stored.content_type) == ("pdf", "application/pdf")


def test_the_same_content_is_stored_once_and_held_by_each_unit(world, evidence_root):
    first = store(world, PNG_NAME, PNG)
    again = store(world, "副本.png", PNG, person=world.b_handler, unit=world.east.dept_b)
    assert again.pk == first.pk and again.original_name == PNG_NAME
    assert sorted(h.unit.name for h in FileHolding.objects.all()) == ["东区卫健委", "东区教育局"]
    assert LedgerEntry.objects.filter(record_type="evidence.storedfile").count() == 2
    assert len(stored_blobs(evidence_root)) == 1


def test_a_wrong_declared_hash_is_refused_and_nothing_is_saved(world, evidence_root):
    wrong = sha(b"something else")
    with pytest.raises(EvidenceRefused) as refused:
        store(world, PNG_NAME, PNG, declared_sha256=wrong)
    assert refused.value.code == "hash_mismatch"
    assert refused.value.message == (
        f"文件“{PNG_NAME}”的 SHA-256 与声明值不符：声明 {wrong}，实际 {sha(PNG)}。"
        "文件可能在传输中损坏或被替换，未保存。"
    )
    assert_nothing_saved(evidence_root, world)


def test_a_malformed_declared_hash_is_refused(world, evidence_root):
    with pytest.raises(EvidenceRefused) as refused:
        store(world, PNG_NAME, PNG, declared_sha256="abc123")
    assert refused.value.code == "bad_hash"
    assert "应为 64 位十六进制数字" in refused.value.message
    assert_nothing_saved(evidence_root, world)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("工具.exe", WINDOWS_EXE, "不允许上传扩展名为 .exe 的文件。允许的类型：JPEG 图像"),
        (
            "现场照片.jpg",
            WINDOWS_EXE,
            "文件“现场照片.jpg”的内容与扩展名 .jpg 不符：不是有效的JPEG 图像。",
        ),
        (
            "现场照片.jpg",
            SAMPLES["pdf"][1],
            "文件“现场照片.jpg”的内容与扩展名 .jpg 不符：不是有效的JPEG 图像，实际内容是PDF 文档。",
        ),
        ("听证笔录.docx", PLAIN_ZIP, "内容与扩展名 .docx 不符：不是有效的Word 文档（.docx）"),
        ("电子公文.ofd", PLAIN_ZIP, "内容与扩展名 .ofd 不符：不是有效的OFD 版式文档"),
        ("说明.txt", WINDOWS_EXE, "内容与扩展名 .txt 不符：不是有效的纯文本（.txt）"),
        ("program", WINDOWS_EXE, "文件“program”没有扩展名，且内容不是允许的类型。"),
        ("空文件.pdf", b"", "文件为空（0 字节），不能作为证据文件保存。"),
    ],
)
def test_a_forbidden_or_disguised_type_is_refused(world, evidence_root, name, data, message):
    with pytest.raises(EvidenceRefused) as refused:
        store(world, name, data)
    assert refused.value.code == "forbidden_type"
    assert message in refused.value.message and refused.value.message.endswith("文件未保存。")
    assert_nothing_saved(evidence_root, world)


def test_a_type_left_out_of_the_settings_is_refused(world, settings, evidence_root):
    settings.FAZHI_EVIDENCE_TYPES = ["pdf", "ofd"]
    with pytest.raises(EvidenceRefused) as refused:
        store(world, PNG_NAME, PNG)
    assert refused.value.message.startswith(
        "本系统未开放上传PNG 图像（.png）。允许的类型：PDF 文档"
    )
    assert store(world, *SAMPLES["pdf"]).type_code == "pdf"


def test_an_oversized_file_is_refused_before_it_is_read(world, settings, evidence_root):
    settings.FAZHI_EVIDENCE_MAX_BYTES = 1024

    class Announced(io.BytesIO):
        name = "大文件.pdf"
        size = 5 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("an upload announced as too large must not be read")

    with pytest.raises(EvidenceRefused) as refused:
        services.file_store(actor=world.handler, unit=world.east.dept_a, upload=Announced())
    assert refused.value.code == "too_large"
    assert refused.value.message == "文件“大文件.pdf”（5 MiB）超过证据文件大小上限 1 KiB，未保存。"
    assert_nothing_saved(evidence_root, world)


def test_an_oversized_stream_is_refused_while_streaming(world, settings, evidence_root):
    settings.FAZHI_EVIDENCE_MAX_BYTES = 1024
    data = SAMPLES["pdf"][1][:100] + b"\x00" * 2000
    stream = io.BytesIO(data)
    stream.name = "扫描件.pdf"
    with pytest.raises(EvidenceRefused) as refused:
        services.file_store(actor=world.handler, unit=world.east.dept_a, upload=stream)
    assert refused.value.message == "文件“扫描件.pdf”超过证据文件大小上限 1 KiB，未保存。"
    assert_nothing_saved(evidence_root, world)

    exact = io.BytesIO(data[:1024])
    exact.name = "扫描件.pdf"
    assert (
        services.file_store(actor=world.handler, unit=world.east.dept_a, upload=exact).size == 1024
    )


def test_a_failing_ledger_leaves_nothing_half_saved(world, evidence_root, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("ledger unavailable")

    monkeypatch.setattr(services.ledger, "record", broken)
    with pytest.raises(RuntimeError):
        store(world, PNG_NAME, PNG)
    assert_nothing_saved(evidence_root, world)


def test_a_failing_move_leaves_nothing_half_saved(world, evidence_root, monkeypatch):
    def broken(temporary, sha256):
        raise OSError("disk full")

    monkeypatch.setattr(storage, "move_into_place", broken)
    with pytest.raises(OSError):
        store(world, PNG_NAME, PNG)
    assert_nothing_saved(evidence_root, world)


def test_a_person_outside_the_unit_cannot_store_for_it(world, evidence_root):
    with pytest.raises(PermissionDenied, match="您没有为“东区教育局”上传证据文件的权限。"):
        store(world, PNG_NAME, PNG, person=world.west_handler)
    assert_nothing_saved(evidence_root, world)


def test_the_uploaded_name_is_reduced_to_a_plain_file_name(world):
    stored = store(world, "../../etc/情况\x00说明.txt", SAMPLES["txt"][1])
    assert stored.original_name == "情况说明.txt"


def tamper(path, data: bytes | None) -> None:
    path.chmod(0o644)
    if data is None:
        path.unlink()
    else:
        path.write_bytes(data)


def test_a_tampered_copy_is_refused_on_reading(world):
    stored = store(world, PNG_NAME, PNG)
    damaged = PNG[:-1] + b"\x00"
    tamper(storage.blob_path(stored.sha256), damaged)
    with pytest.raises(EvidenceCorrupted) as corrupted:
        file_open_verified(stored)
    message = str(corrupted.value)
    assert f"登记的 SHA-256 为 {stored.sha256}" in message
    assert f"现存副本为 {sha(damaged)}" in message and "拒绝提供下载" in message


def test_a_missing_copy_is_refused_on_reading(world):
    stored = store(world, PNG_NAME, PNG)
    tamper(storage.blob_path(stored.sha256), None)
    with pytest.raises(EvidenceCorrupted, match="的存储副本缺失"):
        file_open_verified(stored)


def test_uploading_the_same_content_again_repairs_a_damaged_copy(world):
    stored = store(world, PNG_NAME, PNG)
    tamper(storage.blob_path(stored.sha256), b"garbage")
    store(world, PNG_NAME, PNG)
    with file_open_verified(stored) as handle:
        assert handle.read() == PNG
    assert "已用本次上传的相同内容修复" in LedgerEntry.objects.order_by("seq").last().note


def test_stored_rows_cannot_be_changed_or_deleted(world):
    stored = store(world, PNG_NAME, PNG)
    stored.original_name = "改名.png"
    with pytest.raises(ValueError, match="证据文件登记后不能修改"):
        stored.save()
    with pytest.raises(ValueError, match="证据文件不能删除"):
        stored.delete()


def test_the_settings_are_checked_at_start_up(settings):
    from fazhi.evidence.checks import evidence_settings

    assert evidence_settings() == []
    settings.FAZHI_EVIDENCE_TYPES = ["pdf", "exe"]
    settings.FAZHI_EVIDENCE_MAX_BYTES = 0
    errors = evidence_settings()
    assert [e.id for e in errors] == ["evidence.E001", "evidence.E002"]
    assert "未知的文件类型代码：exe" in errors[0].msg
