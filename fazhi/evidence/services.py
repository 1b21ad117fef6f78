"""Storing and reading evidence files.

`file_store` streams an upload to a temporary file while hashing it, refuses it precisely (a
declared hash that does not match, a forbidden or disguised type, an oversized or empty file),
and otherwise registers it and appends a ledger entry carrying its SHA-256 in one transaction,
moving the bytes into place last. A refused or failed upload leaves nothing behind: no row, no
ledger entry, no file.

`file_open_verified` re-hashes the stored bytes before handing them out and refuses a copy that
no longer matches its registered hash.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import unicodedata
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from fazhi.core import policies
from fazhi.core.models import Person, Unit
from fazhi.ledger import services as ledger
from fazhi.ledger.events import EventType

from . import storage
from .filetypes import HEAD_BYTES, FileTypeRefused, human_size, identify, max_bytes
from .models import FileHolding, StoredFile

logger = logging.getLogger("fazhi.evidence")

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class EvidenceRefused(ValidationError):
    """An upload that is not stored; `code` says why (hash_mismatch, bad_hash, forbidden_type,
    too_large, empty) and the message says it precisely, in Chinese."""


class EvidenceCorrupted(Exception):
    """A stored file whose bytes no longer match their registered SHA-256 (or are missing)."""


def _clean_name(upload: Any) -> str:
    raw = os.path.basename(str(getattr(upload, "name", "") or "").replace("\\", "/"))
    name = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 255:
        stem, suffix = os.path.splitext(name)
        name = stem[: 255 - len(suffix)] + suffix
    return name or "未命名文件"


def _chunks(upload: Any):
    if hasattr(upload, "chunks"):
        yield from upload.chunks(storage.CHUNK_SIZE)
        return
    while chunk := upload.read(storage.CHUNK_SIZE):
        yield chunk


def _too_large(name: str, limit: int, size: int | None = None) -> EvidenceRefused:
    actual = f"（{human_size(size)}）" if size is not None else ""
    return EvidenceRefused(
        f"文件“{name}”{actual}超过证据文件大小上限 {human_size(limit)}，未保存。",
        code="too_large",
    )


def _spool(upload: Any, name: str, limit: int) -> tuple[Path, str, int, bytes]:
    """Copy the upload to a temporary file, hashing it; refuse it as soon as it passes the
    limit. Returns (temporary path, sha256 hex, size, first bytes)."""
    fd, path = storage.temporary_file()
    digest = hashlib.sha256()
    size = 0
    head = bytearray()
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(upload):
                size += len(chunk)
                if size > limit:
                    raise _too_large(name, limit)
                digest.update(chunk)
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, digest.hexdigest(), size, bytes(head)


def _authorize(actor: Person | None, unit: Unit) -> None:
    if actor is None:  # the platform itself (imports, the demo)
        return
    if not policies.can(actor, policies.Action.CHANGE, unit.pk):
        raise PermissionDenied(f"您没有为“{unit.name}”上传证据文件的权限。")


def normalize_sha256(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    normalized = str(value).strip().lower()
    if not _SHA256.match(normalized):
        raise EvidenceRefused(
            f"声明的 SHA-256 值“{value}”格式不正确：应为 64 位十六进制数字。文件未保存。",
            code="bad_hash",
        )
    return normalized


def file_store(
    *,
    actor: Person | None,
    unit: Unit,
    upload: Any,
    declared_sha256: str | None = None,
    role: str = "",
    request: HttpRequest | None = None,
) -> StoredFile:
    """Store an uploaded evidence file for `unit` and record it in the ledger.

    `upload` is a Django UploadedFile or any binary file object with a `name`. Raises
    EvidenceRefused (nothing stored) or PermissionDenied. Storing the same content again
    returns the existing StoredFile, adds the unit's holding and a new ledger entry, and
    repairs the stored copy if it had been lost or damaged."""
    _authorize(actor, unit)
    declared = normalize_sha256(declared_sha256)
    name = _clean_name(upload)
    limit = max_bytes()
    announced = getattr(upload, "size", None)
    if isinstance(announced, int) and announced > limit:
        raise _too_large(name, limit, announced)

    temporary, sha256, size, head = _spool(upload, name, limit)
    try:
        if declared is not None and declared != sha256:
            raise EvidenceRefused(
                f"文件“{name}”的 SHA-256 与声明值不符：声明 {declared}，实际 {sha256}。"
                "文件可能在传输中损坏或被替换，未保存。",
                code="hash_mismatch",
            )
        try:
            kind = identify(name, head, temporary)
        except FileTypeRefused as exc:
            raise EvidenceRefused(f"{exc}文件未保存。", code="forbidden_type") from None
        return _register(
            actor=actor,
            unit=unit,
            role=role,
            request=request,
            name=name,
            kind=kind,
            sha256=sha256,
            size=size,
            temporary=temporary,
        )
    finally:
        temporary.unlink(missing_ok=True)


def _register(*, actor, unit, role, request, name, kind, sha256, size, temporary) -> StoredFile:
    moved = False
    try:
        with transaction.atomic():
            stored, created = StoredFile.objects.get_or_create(
                sha256=sha256,
                defaults={
                    "size": size,
                    "content_type": kind.content_type,
                    "type_code": kind.code,
                    "original_name": name,
                    "uploaded_by": actor,
                    "unit": unit,
                },
            )
            FileHolding.objects.create(
                stored_file=stored, unit=unit, uploaded_by=actor, role=role, original_name=name
            )
            repaired = not created and not storage.blob_intact(sha256, size)
            note = f"上传证据文件“{name}”（{kind.label}，{human_size(size)}）"
            if repaired:
                note += "；原存储副本缺失或损坏，已用本次上传的相同内容修复"
                logger.warning("evidence %s: stored copy was missing or damaged; repaired", sha256)
            ledger.record(
                event=EventType.FILE_STORE,
                actor=actor,
                unit=unit,
                role=role,
                record=stored,
                files=[sha256],
                request=request,
                note=note,
            )
            if created or repaired:
                storage.move_into_place(temporary, sha256)
                moved = True
    except BaseException:
        if moved:
            storage.blob_path(sha256).unlink(missing_ok=True)
        raise
    return stored


def file_open_verified(stored: StoredFile) -> IO[bytes]:
    """The stored bytes, opened for reading at the start, after checking that they still hash
    to `stored.sha256`. Raises EvidenceCorrupted otherwise. The caller closes the file."""
    path = storage.blob_path(stored.sha256)
    try:
        handle = open(path, "rb")  # noqa: SIM115  (returned to the caller)
    except FileNotFoundError:
        logger.error("evidence %s: stored copy is missing", stored.sha256)
        raise EvidenceCorrupted(
            f"证据文件“{stored.original_name}”（SHA-256 {stored.sha256}）的存储副本缺失，"
            "无法提供。请联系系统管理员从备份恢复。"
        ) from None
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(storage.CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
    if digest.hexdigest() != stored.sha256 or size != stored.size:
        handle.close()
        logger.error(
            "evidence %s: stored copy hashes to %s (%d bytes)",
            stored.sha256,
            digest.hexdigest(),
            size,
        )
        raise EvidenceCorrupted(
            f"证据文件“{stored.original_name}”的存储副本已被改动或损坏：登记的 SHA-256 为 "
            f"{stored.sha256}，现存副本为 {digest.hexdigest()}（{size} 字节）。拒绝提供下载，"
            "请联系系统管理员从备份恢复。"
        )
    handle.seek(0)
    return handle


def files_by_hash(hashes) -> dict[str, StoredFile]:
    """The stored files with these hashes (unscoped: for callers that already scoped the
    record the files belong to, such as the archive export)."""
    return {f.sha256: f for f in StoredFile.objects.filter(sha256__in=set(hashes))}


def archive_files(hashes) -> dict:
    """The archive's view of stored files (registered with `fazhi.ledger.archive` at start-up):
    each opened through `file_open_verified`, so that a damaged copy stops the export."""
    from fazhi.ledger.archive import ArchiveFile

    return {
        digest: ArchiveFile(
            sha256=digest,
            name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            open=partial(file_open_verified, stored),
        )
        for digest, stored in files_by_hash(hashes).items()
    }


__all__ = [
    "EvidenceCorrupted",
    "EvidenceRefused",
    "archive_files",
    "file_open_verified",
    "file_store",
    "files_by_hash",
]
