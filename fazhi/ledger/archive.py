"""Archives: a record's full history as one zip, verifiable offline (决策档案、执法案卷).

Layout (format "fazhi-archive/v1"; `tools/fazhi_verify.py archive` checks it):

    manifest.json        {"format", "record": {"type", "id", "title"}, "exported_at",
                          "entry_count", "entries": [{"entry": content, "salt": hex}, …] in
                          order of seq, "files": [{"sha256", "name", "content_type", "size"}],
                          "files_unavailable": [sha256, …]}
    checkpoint.json      the checkpoint the proofs lead to, with its signatures (0001 format)
    proofs/<seq>.json    one fazhi-proof/v1 bundle per entry, against that checkpoint
    files/<sha256>       every file whose hash an entry recorded, as stored
    说明.txt             how to verify, in Chinese

The signed checkpoint is the only thing an archive's reader needs to trust: each entry's
content and salt lead through its proof to the checkpoint's root, and each file's bytes hash to
a digest recorded in a proven entry. What the format cannot prove on its own is that no entry
of the record was left out (the log is not indexed by record); the manifest, the proofs and
the files cross-check one another so that a removal made by editing the zip shows.

Files come from the sources registered with `register_file_source` (the evidence app
registers its store), so that the ledger imports no module above it.

`verify_archive` repeats the offline verifier's checks on the server, with `merkle` and
`cryptography`: two independent implementations of the same format check each other in tests.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import IO

from django.db import models
from django.utils import timezone

from . import merkle, selectors

ARCHIVE_FORMAT = "fazhi-archive/v1"
PROOF_FORMAT = "fazhi-proof/v1"
CHUNK_SIZE = 1024 * 1024
_HEX64 = re.compile(r"^[0-9a-f]{64}$")

README = """本档案由 fazhi 法治政府建设平台导出，
包含一项记录的全过程记录、相关证据文件及其存证证明。

验证方法（无需联网，只需 Python 3.11 或更高版本）：
  python fazhi_verify.py archive 本文件.zip --key <公钥>
验证工具可从门户“透明日志”页面（/transparency/）下载，公钥也在该页面公布。

manifest.json      记录及其各条全过程记录（按顺序，含内容和盐值）、文件清单
checkpoint.json    经签名的检查点（日志大小、根哈希、时间）及签名
proofs/<序号>.json  每条记录在检查点中的包含证明
files/<SHA-256>    证据文件，文件名即其 SHA-256 值
"""


class ArchiveError(Exception):
    """The archive cannot be exported (message in Chinese)."""


@dataclass(frozen=True)
class ArchiveFile:
    sha256: str
    name: str
    content_type: str
    size: int
    open: Callable[[], IO[bytes]]  # opens the bytes, verified against sha256


FileSource = Callable[[Iterable[str]], dict[str, ArchiveFile]]
_file_sources: list[FileSource] = []


def register_file_source(source: FileSource) -> None:
    """Add a function that, given SHA-256 digests, returns the files it holds among them."""
    if source not in _file_sources:
        _file_sources.append(source)


def _find_files(hashes: set[str]) -> dict[str, ArchiveFile]:
    found: dict[str, ArchiveFile] = {}
    for source in _file_sources:
        missing = hashes - set(found)
        if not missing:
            break
        found.update(source(missing))
    return found


def record_label(record: models.Model) -> str:
    return f"{record._meta.app_label}.{record._meta.model_name}"


def _dumps(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _covering_checkpoint(last_seq: int):
    checkpoint = selectors.latest_checkpoint()
    if checkpoint is None or checkpoint.size <= last_seq:
        from . import services  # a checkpoint covering the record is signed for the export

        checkpoint = services.checkpoint_sign()
    if checkpoint is None or checkpoint.size <= last_seq:
        raise ArchiveError("尚无覆盖该记录全部过程的已签名检查点，暂时无法导出档案。")
    return checkpoint


def archive_filename(record: models.Model) -> str:
    return f"档案-{record_label(record)}-{record.pk}.zip"


def export_archive(record: models.Model, out: IO[bytes] | str | Path) -> dict:
    """Write the record's archive to `out` (a path or a binary file); return its manifest."""
    entries = list(selectors.entries_for(record))
    if not entries:
        raise ArchiveError(f"“{record}”没有任何全过程记录，无法导出档案。")
    checkpoint = _covering_checkpoint(max(e.seq for e in entries))
    try:
        bundles = [selectors.proof_bundle(entry, checkpoint) for entry in entries]
    except ValueError as exc:  # e.g. an entry whose content was redacted
        raise ArchiveError(f"无法导出档案：{exc}") from exc
    hashes = {digest for bundle in bundles for digest in bundle["entry"].get("files") or []}
    files = _find_files(hashes)
    manifest = {
        "format": ARCHIVE_FORMAT,
        "record": {"type": record_label(record), "id": str(record.pk), "title": str(record)},
        "exported_at": timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "entry_count": len(bundles),
        "entries": [{"entry": b["entry"], "salt": b["salt"]} for b in bundles],
        "files": [
            {"sha256": f.sha256, "name": f.name, "content_type": f.content_type, "size": f.size}
            for f in sorted(files.values(), key=lambda f: f.sha256)
        ],
        "files_unavailable": sorted(hashes - set(files)),
    }
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _dumps(manifest))
        archive.writestr("checkpoint.json", _dumps(bundles[0]["checkpoint"]))
        for bundle in bundles:
            archive.writestr(f"proofs/{bundle['leaf_index']}.json", _dumps(bundle))
        for item in manifest["files"]:
            info = zipfile.ZipInfo(f"files/{item['sha256']}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            try:
                source = files[item["sha256"]].open()
            except Exception as exc:  # e.g. evidence whose stored copy fails verification
                raise ArchiveError(f"无法导出档案：{exc}") from exc
            with source, archive.open(info, "w") as target:
                while chunk := source.read(CHUNK_SIZE):
                    target.write(chunk)
        archive.writestr("说明.txt", README.encode("utf-8"))
    return manifest


# --- server-side verification (mirrors tools/fazhi_verify.py) ---------------------------------


def _canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _checkpoint_message(cp: dict) -> bytes:
    return (
        f"fazhi-checkpoint/v1\n{cp['origin']}\n{cp['size']}\n{cp['root']}\n{cp['timestamp']}\n"
    ).encode()


def _ed25519_valid(public_key: bytes, message: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def known_public_keys() -> set[str]:
    """Hex public keys that signed or witnessed checkpoints of this ledger."""
    from .models import Checkpoint, WitnessSignature

    keys = set(Checkpoint.objects.values_list("public_key", flat=True).distinct())
    keys |= set(WitnessSignature.objects.values_list("public_key", flat=True).distinct())
    return {str(k) for k in keys}


def _check_checkpoint(cp: object, trusted: set[str]) -> list[str]:
    if not isinstance(cp, dict) or not {"origin", "size", "root", "timestamp"} <= set(cp):
        return ["checkpoint.json 格式错误 / checkpoint.json is malformed"]
    signatures = cp.get("signatures") or []
    message = _checkpoint_message(cp)
    findings, trusted_valid = [], 0
    for sig in signatures:
        try:
            public = bytes.fromhex(sig["public_key"])
            valid = hashlib.sha256(public).hexdigest()[:16] == sig["key_id"] and _ed25519_valid(
                public, message, bytes.fromhex(sig["signature"])
            )
        except (KeyError, TypeError, ValueError):
            valid = False
        if not valid:
            findings.append(
                f"检查点上 {sig.get('signer', '') if isinstance(sig, dict) else ''}"
                f"（key_id {sig.get('key_id') if isinstance(sig, dict) else '?'}）的签名无效 / "
                "a signature on the checkpoint is invalid"
            )
        elif sig["public_key"] in trusted:
            trusted_valid += 1
    if not findings and not trusted_valid:
        findings.append(
            "检查点没有受信任公钥的有效签名 / no valid signature by a trusted key on the checkpoint"
        )
    return findings


def _check_bundle(seq: int, bundle: dict, checkpoint: dict) -> str | None:
    try:
        salt = bytes.fromhex(bundle["salt"])
        path = [bytes.fromhex(p) for p in bundle["inclusion_proof"]]
        index = bundle["leaf_index"]
        entry = bundle["entry"]
    except (KeyError, TypeError, ValueError):
        return f"条目 {seq} 的证明格式错误 / entry {seq}: malformed proof"
    if bundle.get("format") != PROOF_FORMAT or entry.get("seq") != index or index != seq:
        return f"条目 {seq} 的证明与其序号不符 / entry {seq}: proof does not match its seq"
    leaf = merkle.leaf_hash(hashlib.sha256(salt + _canonical(entry)).digest())
    if not merkle.verify_inclusion(
        index, checkpoint["size"], leaf, path, bytes.fromhex(checkpoint["root"])
    ):
        return (
            f"条目 {seq} 的包含证明不成立（条目内容、盐值或审计路径被改动）/ entry {seq}: "
            "inclusion proof fails (the content, the salt or the path was altered)"
        )
    return None


def verify_archive(path: str | Path, trusted_keys: Iterable[str] | None = None) -> list[str]:
    """Findings (empty when the archive verifies) for the archive at `path`, against the
    given hex public keys (default: the keys that signed this ledger's checkpoints)."""
    trusted = set(trusted_keys) if trusted_keys is not None else known_public_keys()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return [f"无法打开档案：{exc} / cannot open the archive"]
    findings: list[str] = []
    with archive:
        names = set(archive.namelist())
        try:
            manifest = json.loads(archive.read("manifest.json"))
            checkpoint = json.loads(archive.read("checkpoint.json"))
        except (KeyError, ValueError) as exc:
            return [f"档案缺少或无法读取 manifest.json / checkpoint.json：{exc}"]
        if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
            return [
                f"manifest.json 不是 {ARCHIVE_FORMAT} 格式 / manifest.json is not {ARCHIVE_FORMAT}"
            ]
        findings += _check_checkpoint(checkpoint, trusted)
        if findings:
            return findings
        entries = manifest.get("entries") or []
        if manifest.get("entry_count") != len(entries):
            findings.append(
                f"manifest.json 声明 {manifest.get('entry_count')} 条记录，实际列出 {len(entries)} "
                "条：有条目被删除或添加 / an entry was removed or added"
            )
        seqs: list[int] = []
        referenced: set[str] = set()
        record = manifest.get("record") or {}
        for item in entries:
            entry = item.get("entry") if isinstance(item, dict) else None
            if not isinstance(entry, dict):
                findings.append("manifest.json 中有格式错误的条目 / a manifest entry is malformed")
                continue
            seq = entry.get("seq")
            if seqs and (not isinstance(seq, int) or seq <= seqs[-1]):
                findings.append(f"条目 {seq} 的顺序被改动 / entry {seq} is out of order")
            seqs.append(seq)
            if (entry.get("record_type"), str(entry.get("record_id"))) != (
                record.get("type"),
                str(record.get("id")),
            ):
                findings.append(f"条目 {seq} 不属于本档案的记录 / entry {seq} belongs elsewhere")
            name = f"proofs/{seq}.json"
            if name not in names:
                findings.append(f"档案中缺少 {name} / {name} is missing from the archive")
                continue
            try:
                bundle = json.loads(archive.read(name))
            except ValueError:
                bundle = None
            if not isinstance(bundle, dict):
                findings.append(f"{name} 不是有效的证明 JSON / {name} is not a proof bundle")
            elif bundle.get("checkpoint") != checkpoint:
                findings.append(f"{name} 所依据的检查点与 checkpoint.json 不同 / other checkpoint")
            elif bundle.get("entry") != entry or bundle.get("salt") != item.get("salt"):
                findings.append(
                    f"manifest.json 中条目 {seq} 的内容或盐值与 {name} 不一致 / manifest entry "
                    f"{seq} differs from {name} (content or salt)"
                )
            elif problem := _check_bundle(seq, bundle, checkpoint):
                findings.append(problem)
            else:
                referenced.update(entry.get("files") or [])
        for name in sorted(n for n in names if n.startswith("proofs/")):
            stem = name.removeprefix("proofs/").removesuffix(".json")
            if not stem.isdigit() or int(stem) not in seqs:
                findings.append(
                    f"{name} 不对应 manifest.json 中的任何条目：有条目被从清单中删除 / {name} "
                    "matches no manifest entry: an entry was removed from the manifest"
                )
        listed: set[str] = set()
        for item in manifest.get("files") or []:
            digest = item.get("sha256", "")
            listed.add(digest)
            name = f"files/{digest}"
            if name not in names:
                findings.append(
                    f"文件 {digest}（{item.get('name', '')}）列于清单但不在档案中 / file {digest} "
                    "is listed in the manifest but absent from the archive"
                )
                continue
            actual = hashlib.sha256()
            with archive.open(name) as handle:
                while chunk := handle.read(CHUNK_SIZE):
                    actual.update(chunk)
            if actual.hexdigest() != digest:
                findings.append(
                    f"文件 {digest}（{item.get('name', '')}）已被改动：实际 SHA-256 为 "
                    f"{actual.hexdigest()} / file {digest} was modified"
                )
        for name in sorted(n for n in names if n.startswith("files/")):
            if name.removeprefix("files/") not in listed:
                findings.append(f"档案中的 {name} 未列于清单 / {name} is not in the manifest")
        unavailable = set(manifest.get("files_unavailable") or [])
        for digest in sorted(referenced - listed):
            why = "导出时不可用" if digest in unavailable else "不在档案清单中"
            findings.append(
                f"条目引用的文件 {digest} {why} / file {digest}, hashed into an entry, is not in "
                "the archive"
            )
        for digest in sorted(listed - referenced):
            findings.append(
                f"文件 {digest} 未被任何已验证的条目引用：引用它的条目可能被删除 / file {digest} "
                "is referenced by no verified entry: the entry that recorded it may be removed"
            )
    return findings
