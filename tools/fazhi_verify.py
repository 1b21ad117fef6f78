#!/usr/bin/env python3
"""fazhi offline verifier — 法治平台记录离线验证工具.

Checks, without a network and with nothing but the Python standard library (3.11+), that a
record published by a fazhi portal (or exported from its workspace as an archive) is the one
that the government's transparency log committed to and signed.

    python fazhi_verify.py proof BUNDLE.json --key HEX [--key HEX ...] [--keys FILE] [--pure]
    python fazhi_verify.py archive FILE.zip --key HEX [--keys FILE] [--pure]

Exit status: 0 when everything verifies; 1 when anything does not (each finding is printed,
in Chinese and English); 2 when the input cannot be read or no trusted key was given.

Formats (docs/decisions/0001-ledger-format.md, "The ledger's entry, leaf, checkpoint and proof
formats"):

- canonical(content) = UTF-8 of json.dumps(content, sort_keys=True, separators=(",", ":"),
  ensure_ascii=False); commitment = SHA-256(salt ‖ canonical(content)), salt 32 bytes;
- leaf hash = SHA-256(0x00 ‖ commitment), node = SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1);
- the inclusion path is checked with the algorithm of RFC 9162 §2.1.3.2;
- the checkpoint message is "fazhi-checkpoint/v1\\n<origin>\\n<size>\\n<root hex>\\n<timestamp>\\n",
  signed with Ed25519; key_id = first 16 hex digits of SHA-256(raw 32-byte public key).

A proof file is one bundle {"format": "fazhi-proof/v1", "entry", "salt", "leaf_index",
"checkpoint", "inclusion_proof"}, a JSON list of bundles, or an object with a "bundles" list
(what the portal's /transparency/proof/… link returns).

An archive (fazhi-archive/v1) is a zip holding manifest.json (the record, its entries in
order with content and salt, the list of files), checkpoint.json, proofs/<seq>.json (one
bundle per entry) and files/<sha256> (the evidence files).

Trusted keys: --key HEX (repeatable) and/or --keys FILE, where FILE holds one hex public key
per line (anything after the key on the line, and lines starting with "#", are ignored), or is
the JSON the portal publishes at /transparency/checkpoint.json (its "public_keys" list).
A checkpoint is accepted when at least one signature by a trusted key verifies and no
signature on it is invalid; signatures by keys not on the trusted list are reported and
otherwise ignored.

Ed25519: when the `cryptography` package is importable it is used. Otherwise (or with
--pure) a compact pure-Python implementation of the verification procedure of RFC 8032
§5.1.7 is used — written from the RFC's mathematics for this file. It is slow (some
milliseconds per signature) and does verification only: it never handles a private key and
is not meant for signing. It uses the cofactored check [8][S]B = [8]R + [8][k]A' that the
RFC gives first.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path

PROOF_FORMAT = "fazhi-proof/v1"
ARCHIVE_FORMAT = "fazhi-archive/v1"
CHECKPOINT_HEADER = "fazhi-checkpoint/v1"
ENTRY_FIELDS = frozenset(
    {
        "seq",
        "occurred_at",
        "event",
        "event_name",
        "actor_id",
        "actor_name",
        "unit_id",
        "unit_name",
        "role",
        "record_type",
        "record_id",
        "changes",
        "files",
        "request_id",
        "note",
    }
)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX128 = re.compile(r"^[0-9a-f]{128}$")
_HEX16 = re.compile(r"^[0-9a-f]{16}$")

# --------------------------------------------------------------------------------------------
# Ed25519 signature verification, pure Python (RFC 8032 §5.1; verification only, slow).
# --------------------------------------------------------------------------------------------

_P = 2**255 - 19  # the field prime
_L = 2**252 + 27742317777372353535851937790883648493  # order of the base point
_D = (-121665 * pow(121666, _P - 2, _P)) % _P  # the curve constant d = -121665/121666
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)  # a square root of -1 in GF(p)


def _inverse(x: int) -> int:
    return pow(x, _P - 2, _P)


def _decode_point(data: bytes) -> tuple[int, int, int, int] | None:
    """RFC 8032 §5.1.3: a 32-byte encoding to a point in extended coordinates (X, Y, Z, T),
    or None when the bytes encode no point of the curve."""
    if len(data) != 32:
        return None
    number = int.from_bytes(data, "little")
    x_sign = number >> 255
    y = number & ((1 << 255) - 1)
    if y >= _P:
        return None
    # x² = (y² − 1) / (d·y² + 1); candidate root x = u·v³·(u·v⁷)^((p−5)/8).
    u = (y * y - 1) % _P
    v = (_D * y * y + 1) % _P
    x = u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P) % _P
    check = v * x * x % _P
    if check == u:
        pass
    elif check == (-u) % _P:
        x = x * _SQRT_M1 % _P
    else:
        return None
    if x == 0 and x_sign == 1:
        return None
    if x & 1 != x_sign:
        x = _P - x
    return (x, y, 1, x * y % _P)


def _add(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, ...]:
    """RFC 8032 §5.1.4: addition in extended twisted Edwards coordinates (a = −1)."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % _P
    bb = (y1 + x1) * (y2 + x2) % _P
    cc = 2 * _D * t1 * t2 % _P
    dd = 2 * z1 * z2 % _P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _double(a: tuple[int, ...]) -> tuple[int, ...]:
    """RFC 8032 §5.1.4: doubling."""
    x1, y1, z1, _t1 = a
    aa = x1 * x1 % _P
    bb = y1 * y1 % _P
    cc = 2 * z1 * z1 % _P
    h = aa + bb
    e = h - (x1 + y1) * (x1 + y1)
    g = aa - bb
    f = cc + g
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


_NEUTRAL = (0, 1, 1, 0)


def _multiply(scalar: int, point: tuple[int, ...]) -> tuple[int, ...]:
    result = _NEUTRAL
    addend = point
    while scalar:
        if scalar & 1:
            result = _add(result, addend)
        addend = _double(addend)
        scalar >>= 1
    return result


def _same_point(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    # x1/z1 = x2/z2 and y1/z1 = y2/z2, compared without division.
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


def _base_point() -> tuple[int, int, int, int]:
    # B has y = 4/5 and a non-negative (even) x: its encoding is y with the sign bit clear.
    y = 4 * _inverse(5) % _P
    point = _decode_point(y.to_bytes(32, "little"))
    assert point is not None
    return point


_BASE = _base_point()


def ed25519_verify_pure(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 §5.1.7 verification of an Ed25519 signature (no context, no prehash)."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    point_a = _decode_point(public_key)
    point_r = _decode_point(signature[:32])
    if point_a is None or point_r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little")
    k %= _L
    left = _multiply(8 * s, _BASE)
    right = _multiply(8, _add(point_r, _multiply(k, point_a)))
    return _same_point(left, right)


def _cryptography_verifier():
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError:
        return None

    def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    return verify


class Ed25519:
    """The signature check in use: `cryptography` when importable (and not --pure), else the
    pure-Python verification above."""

    def __init__(self, pure: bool = False) -> None:
        verifier = None if pure else _cryptography_verifier()
        self.pure = verifier is None
        self._verify = verifier or ed25519_verify_pure

    @property
    def name(self) -> str:
        return "纯 Python（RFC 8032 §5.1.7）/ pure Python" if self.pure else "cryptography"

    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> bool:
        return self._verify(public_key, message, signature)


# --------------------------------------------------------------------------------------------
# Hashing, commitments and RFC 9162 inclusion proofs.
# --------------------------------------------------------------------------------------------


def canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def commitment(content: dict, salt: bytes) -> bytes:
    return hashlib.sha256(salt + canonical(content)).digest()


def leaf_hash(commitment_bytes: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + commitment_bytes).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def inclusion_path_length(index: int, size: int) -> int:
    """How many hashes the RFC 9162 §2.1.3.1 audit path of leaf `index` in a tree of `size`
    leaves holds."""
    length = 0
    while size > 1:
        split = 1 << ((size - 1).bit_length() - 1)  # the largest power of two below size
        if index < split:
            size = split
        else:
            index, size = index - split, size - split
        length += 1
    return length


def root_from_inclusion(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes | None:
    """RFC 9162 §2.1.3.2: the root that `path` leads to from `leaf`, or None when the path
    does not fit a tree of `size` leaves."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def checkpoint_message(checkpoint: dict) -> bytes:
    return (
        f"{CHECKPOINT_HEADER}\n{checkpoint['origin']}\n{checkpoint['size']}\n"
        f"{checkpoint['root']}\n{checkpoint['timestamp']}\n"
    ).encode()


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# Verification with findings (each a precise bilingual message).
# --------------------------------------------------------------------------------------------


class Report:
    """Collects what was checked and what failed."""

    def __init__(self) -> None:
        self.findings: list[str] = []
        self.notes: list[str] = []

    def fail(self, message: str) -> None:
        self.findings.append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    @property
    def ok(self) -> bool:
        return not self.findings


def _hex_bytes(value: object, pattern: re.Pattern) -> bytes | None:
    if isinstance(value, str) and pattern.match(value):
        return bytes.fromhex(value)
    return None


def verify_checkpoint(
    checkpoint: object, trusted: dict[str, bytes], ed: Ed25519, report: Report, where: str = ""
) -> bool:
    """The checkpoint's fields and signatures: at least one valid signature by a trusted key
    and no invalid signature."""
    prefix = f"{where}: " if where else ""
    if not isinstance(checkpoint, dict):
        report.fail(f"{prefix}检查点缺失或格式错误 / checkpoint missing or not an object")
        return False
    missing = [
        k for k in ("origin", "size", "root", "timestamp", "signatures") if k not in checkpoint
    ]
    if missing:
        report.fail(
            f"{prefix}检查点缺少字段 {', '.join(missing)} / checkpoint lacks {', '.join(missing)}"
        )
        return False
    size = checkpoint["size"]
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        report.fail(f"{prefix}检查点的树大小 {size!r} 无效 / checkpoint size is not an integer ≥ 0")
        return False
    if _hex_bytes(checkpoint["root"], _HEX64) is None:
        report.fail(
            f"{prefix}检查点的根哈希 {checkpoint['root']!r} 不是 64 位小写十六进制 / "
            "checkpoint root is not 64 lowercase hex digits"
        )
        return False
    signatures = checkpoint["signatures"]
    if not isinstance(signatures, list) or not signatures:
        report.fail(f"{prefix}检查点没有签名 / checkpoint carries no signature")
        return False
    message = checkpoint_message(checkpoint)
    trusted_valid = 0
    ok = True
    for number, sig in enumerate(signatures, 1):
        if not isinstance(sig, dict):
            report.fail(f"{prefix}第 {number} 个签名格式错误 / signature {number} is not an object")
            ok = False
            continue
        signer = sig.get("signer", "")
        label = f"第 {number} 个签名（{signer or '未署名'}，key_id {sig.get('key_id')}）"
        label_en = f"signature {number} ({signer or 'unnamed'}, key_id {sig.get('key_id')})"
        public = _hex_bytes(sig.get("public_key"), _HEX64)
        signature = _hex_bytes(sig.get("signature"), _HEX128)
        if public is None or signature is None:
            report.fail(
                f"{prefix}{label}的公钥或签名不是规定长度的十六进制 / "
                f"{label_en}: public key or signature is not hex of the right length"
            )
            ok = False
            continue
        if sig.get("key_id") != key_id(public):
            report.fail(
                f"{prefix}{label}的 key_id 与公钥不符（应为 {key_id(public)}）/ "
                f"{label_en}: key_id does not match the public key (expected {key_id(public)})"
            )
            ok = False
            continue
        if not ed.verify(public, message, signature):
            report.fail(
                f"{prefix}{label}无效：签名与检查点内容不符 / {label_en} is invalid for this "
                f"checkpoint (size {size}, root {checkpoint['root']})"
            )
            ok = False
            continue
        if key_id(public) in trusted:
            trusted_valid += 1
            report.note(f"{prefix}{label}有效（受信任）/ {label_en} valid, trusted key")
        else:
            report.note(
                f"{prefix}{label}有效，但该公钥不在受信任列表中，不予采信 / "
                f"{label_en} valid but its key is not trusted; ignored"
            )
    if ok and trusted_valid == 0:
        ids = ", ".join(str(s.get("key_id")) for s in signatures if isinstance(s, dict))
        report.fail(
            f"{prefix}检查点没有受信任公钥的有效签名（签名公钥：{ids}）/ "
            f"no valid signature by a trusted key on the checkpoint (signed by key_id {ids})"
        )
        ok = False
    return ok


def verify_bundle(
    bundle: object,
    trusted: dict[str, bytes],
    ed: Ed25519,
    report: Report,
    where: str = "",
    check_checkpoint: bool = True,
) -> bool:
    """One fazhi-proof/v1 bundle: commitment, leaf, inclusion path, root, signatures."""
    prefix = f"{where}: " if where else ""
    if not isinstance(bundle, dict) or bundle.get("format") != PROOF_FORMAT:
        report.fail(f"{prefix}不是 {PROOF_FORMAT} 证明 / not a {PROOF_FORMAT} bundle")
        return False
    entry = bundle.get("entry")
    index = bundle.get("leaf_index")
    salt = _hex_bytes(bundle.get("salt"), _HEX64)
    checkpoint = bundle.get("checkpoint")
    path_hex = bundle.get("inclusion_proof")
    if not isinstance(entry, dict):
        report.fail(f"{prefix}证明中没有条目内容 / bundle has no entry object")
        return False
    if set(entry) != ENTRY_FIELDS:
        extra = sorted(set(entry) - ENTRY_FIELDS)
        lacking = sorted(ENTRY_FIELDS - set(entry))
        report.fail(
            f"{prefix}条目字段不符合格式（多出 {extra}，缺少 {lacking}）/ "
            f"entry fields differ from the format (extra {extra}, missing {lacking})"
        )
        return False
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        report.fail(f"{prefix}leaf_index {index!r} 无效 / leaf_index is not an integer ≥ 0")
        return False
    if entry.get("seq") != index:
        report.fail(
            f"{prefix}条目序号 {entry.get('seq')!r} 与叶子位置 {index} 不一致 / "
            f"entry seq {entry.get('seq')!r} differs from leaf_index {index}"
        )
        return False
    if salt is None:
        report.fail(
            f"{prefix}条目 {index} 的盐值不是 64 位小写十六进制（32 字节）/ "
            f"entry {index}: salt is not 32 bytes of lowercase hex"
        )
        return False
    if not isinstance(path_hex, list) or any(_hex_bytes(p, _HEX64) is None for p in path_hex):
        report.fail(
            f"{prefix}条目 {index} 的审计路径格式错误 / entry {index}: inclusion_proof is not a "
            "list of 64-digit hex hashes"
        )
        return False
    if check_checkpoint and not verify_checkpoint(checkpoint, trusted, ed, report, where):
        return False
    if not isinstance(checkpoint, dict) or not isinstance(checkpoint.get("size"), int):
        report.fail(f"{prefix}证明中没有检查点 / bundle has no checkpoint")
        return False
    size = checkpoint["size"]
    if index >= size:
        report.fail(
            f"{prefix}条目 {index} 不在检查点的树中（树大小 {size}）/ "
            f"entry {index} lies outside the checkpoint's tree of size {size}"
        )
        return False
    expected = inclusion_path_length(index, size)
    if len(path_hex) != expected:
        report.fail(
            f"{prefix}条目 {index} 的审计路径长度为 {len(path_hex)}，树大小 {size} 时应为 "
            f"{expected} / entry {index}: audit path has {len(path_hex)} hashes, a tree of "
            f"size {size} needs {expected}"
        )
        return False
    leaf = leaf_hash(commitment(entry, salt))
    root = root_from_inclusion(index, size, leaf, [bytes.fromhex(p) for p in path_hex])
    if root is None or root.hex() != checkpoint["root"]:
        report.fail(
            f"{prefix}条目 {index} 的包含证明不成立：由条目内容、盐值和审计路径算出的根哈希 "
            f"{root.hex() if root else '—'} 不等于检查点根哈希 {checkpoint['root']}（条目内容、"
            f"盐值或审计路径被改动）/ entry {index}: inclusion proof fails — content, salt and "
            f"path give root {root.hex() if root else '-'}, the checkpoint says "
            f"{checkpoint['root']} (the content, the salt or the path was altered)"
        )
        return False
    report.note(
        f"{prefix}条目 {index} 包含于树大小 {size} 的检查点 / entry {index} is included in the "
        f"checkpoint of size {size}"
    )
    return True


def bundles_of(document: object) -> list:
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("bundles"), list):
        return document["bundles"]
    return [document]


def verify_proof_document(document: object, trusted: dict[str, bytes], ed: Ed25519) -> Report:
    report = Report()
    bundles = bundles_of(document)
    if not bundles:
        report.fail("文件中没有任何证明 / the file holds no proof bundle")
    for number, bundle in enumerate(bundles, 1):
        where = f"证明 {number}/{len(bundles)}" if len(bundles) > 1 else ""
        verify_bundle(bundle, trusted, ed, report, where)
    return report


def verify_archive(path: str | Path, trusted: dict[str, bytes], ed: Ed25519) -> Report:
    """A fazhi-archive/v1 zip: every entry proven against the checkpoint, the manifest and
    the proofs telling the same story, every file present with its hash, nothing extra."""
    report = Report()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.fail(f"无法打开档案：{exc} / cannot open the archive: {exc}")
        return report
    with archive:
        names = set(archive.namelist())

        def load_json(name: str) -> object:
            if name not in names:
                report.fail(f"档案中缺少 {name} / {name} is missing from the archive")
                return None
            try:
                return json.loads(archive.read(name).decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                report.fail(f"{name} 不是有效的 JSON：{exc} / {name} is not valid JSON: {exc}")
                return None

        manifest = load_json("manifest.json")
        checkpoint = load_json("checkpoint.json")
        if not isinstance(manifest, dict) or checkpoint is None:
            return report
        if manifest.get("format") != ARCHIVE_FORMAT:
            report.fail(
                f"manifest.json 不是 {ARCHIVE_FORMAT} 格式 / manifest.json is not {ARCHIVE_FORMAT}"
            )
            return report
        if not verify_checkpoint(checkpoint, trusted, ed, report, "checkpoint.json"):
            return report

        entries = manifest.get("entries")
        record = manifest.get("record") or {}
        if not isinstance(entries, list):
            report.fail("manifest.json 中没有条目列表 / manifest.json has no entries list")
            return report
        if manifest.get("entry_count") != len(entries):
            report.fail(
                f"manifest.json 声明 {manifest.get('entry_count')} 条记录，实际列出 "
                f"{len(entries)} 条：有条目被删除或添加 / manifest declares "
                f"{manifest.get('entry_count')} entries but lists {len(entries)}: an entry was "
                "removed or added"
            )

        previous = -1
        referenced: set[str] = set()
        manifest_seqs: set[int] = set()
        for number, item in enumerate(entries, 1):
            entry = item.get("entry") if isinstance(item, dict) else None
            if not isinstance(entry, dict) or "seq" not in entry:
                report.fail(
                    f"manifest.json 第 {number} 条格式错误 / manifest entry {number} is malformed"
                )
                continue
            seq = entry["seq"]
            manifest_seqs.add(seq)
            if not isinstance(seq, int) or seq <= previous:
                report.fail(
                    f"manifest.json 中条目 {seq} 不在 {previous} 之后：顺序被改动 / "
                    f"entry {seq} does not follow entry {previous}: the order was changed"
                )
            previous = seq if isinstance(seq, int) else previous
            if (entry.get("record_type"), str(entry.get("record_id"))) != (
                record.get("type"),
                str(record.get("id")),
            ):
                report.fail(
                    f"条目 {seq} 属于 {entry.get('record_type')} {entry.get('record_id')}，"
                    f"不属于本档案的记录 / entry {seq} belongs to another record"
                )
            name = f"proofs/{seq}.json"
            bundle = load_json(name)
            if bundle is None:
                continue
            where = f"条目 {seq}"
            if not isinstance(bundle, dict) or bundle.get("checkpoint") != checkpoint:
                report.fail(
                    f"{name} 所依据的检查点与 checkpoint.json 不同 / {name} is proven against a "
                    "different checkpoint than checkpoint.json"
                )
                continue
            if bundle.get("entry") != entry or bundle.get("salt") != item.get("salt"):
                report.fail(
                    f"manifest.json 中条目 {seq} 的内容或盐值与 {name} 不一致 / manifest entry "
                    f"{seq} differs from {name} (content or salt)"
                )
                continue
            if verify_bundle(bundle, trusted, ed, report, where, check_checkpoint=False):
                files = entry.get("files") or []
                referenced.update(f for f in files if isinstance(f, str))

        for name in sorted(n for n in names if n.startswith("proofs/")):
            stem = name[len("proofs/") : -len(".json")] if name.endswith(".json") else ""
            if not stem.isdigit() or int(stem) not in manifest_seqs:
                report.fail(
                    f"{name} 不对应 manifest.json 中的任何条目：有条目被从清单中删除 / {name} "
                    "matches no manifest entry: an entry was removed from the manifest"
                )

        listed = manifest.get("files")
        if not isinstance(listed, list):
            report.fail("manifest.json 中没有文件列表 / manifest.json has no files list")
            listed = []
        listed_hashes = set()
        for item in listed:
            digest = item.get("sha256") if isinstance(item, dict) else None
            if not isinstance(digest, str) or not _HEX64.match(digest):
                report.fail(f"manifest.json 中的文件项格式错误：{item!r} / malformed file item")
                continue
            listed_hashes.add(digest)
            name = f"files/{digest}"
            if name not in names:
                report.fail(
                    f"文件 {digest}（{item.get('name', '')}）列于清单但不在档案中 / file {digest} "
                    "is listed in the manifest but absent from the archive"
                )
                continue
            hasher = hashlib.sha256()
            length = 0
            with archive.open(name) as handle:
                while chunk := handle.read(1 << 20):
                    hasher.update(chunk)
                    length += len(chunk)
            actual = hasher.hexdigest()
            if actual != digest:
                report.fail(
                    f"文件 {digest}（{item.get('name', '')}）已被改动：实际 SHA-256 为 {actual} / "
                    f"file {digest} was modified: its SHA-256 is {actual}"
                )
            elif item.get("size") is not None and item.get("size") != length:
                report.fail(
                    f"文件 {digest} 的大小 {length} 与清单记载的 {item.get('size')} 不符 / "
                    f"file {digest} has {length} bytes, the manifest says {item.get('size')}"
                )
        for name in sorted(n for n in names if n.startswith("files/")):
            digest = name[len("files/") :]
            if digest not in listed_hashes:
                report.fail(
                    f"档案中的 {name} 未列于清单 / {name} is in the archive but not in the manifest"
                )
        unavailable = manifest.get("files_unavailable") or []
        for digest in sorted(referenced - listed_hashes):
            why = (
                "导出时不可用（导出系统中没有该文件）"
                if digest in unavailable
                else "不在档案清单中"
            )
            report.fail(
                f"条目引用的文件 {digest} {why} / file {digest}, hashed into an entry, is not "
                "in the archive"
            )
        for digest in sorted(listed_hashes - referenced):
            report.fail(
                f"文件 {digest} 未被任何已验证的条目引用：引用它的条目可能被删除 / file {digest} "
                "is referenced by no verified entry: the entry that recorded it may be removed"
            )
        if report.ok:
            report.note(
                f"档案 {record.get('type')} {record.get('id')}：{len(entries)} 条记录、"
                f"{len(listed_hashes)} 个文件均已验证 / archive verified: {len(entries)} entries, "
                f"{len(listed_hashes)} files"
            )
    return report


# --------------------------------------------------------------------------------------------
# Trusted keys and the command line.
# --------------------------------------------------------------------------------------------


class UsageError(Exception):
    pass


def parse_key(text: str, origin: str) -> bytes:
    value = text.strip().lower()
    if not _HEX64.match(value):
        raise UsageError(
            f"{origin}：公钥 {text!r} 不是 64 位十六进制（32 字节 Ed25519 公钥）/ "
            f"{origin}: {text!r} is not a 32-byte Ed25519 public key in hex"
        )
    return bytes.fromhex(value)


def load_trusted(keys: list[str], keys_file: str | None) -> dict[str, bytes]:
    trusted: dict[str, bytes] = {}
    for text in keys:
        public = parse_key(text, "--key")
        trusted[key_id(public)] = public
    if keys_file:
        try:
            raw = Path(keys_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"无法读取 {keys_file}：{exc} / cannot read {keys_file}") from None
        if raw.lstrip().startswith("{"):
            try:
                document = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{keys_file} 不是有效的 JSON：{exc}") from None
            for item in document.get("public_keys", []):
                value = item.get("public_key") if isinstance(item, dict) else item
                public = parse_key(str(value), keys_file)
                trusted[key_id(public)] = public
        else:
            for line in raw.splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    public = parse_key(line.split()[0], keys_file)
                    trusted[key_id(public)] = public
    if not trusted:
        raise UsageError(
            "没有给出受信任的公钥：请用 --key 或 --keys 指定（从门户“透明日志”页获取）/ "
            "no trusted key: give --key HEX or --keys FILE (the portal's transparency page "
            "lists the keys)"
        )
    return trusted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fazhi_verify.py",
        description="fazhi 记录离线验证 / offline verification of fazhi records",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("proof", "验证门户下载的证明 JSON / verify a proof bundle JSON"),
        ("archive", "验证导出的档案 zip / verify an exported archive zip"),
    ):
        command = sub.add_parser(name, help=help_text)
        command.add_argument("path")
        command.add_argument("--key", action="append", default=[], help="受信任公钥（十六进制）")
        command.add_argument("--keys", help="受信任公钥文件 / file of trusted keys")
        command.add_argument(
            "--pure",
            action="store_true",
            help="不使用 cryptography，使用纯 Python Ed25519 / force the pure-Python Ed25519",
        )
        command.add_argument("-q", "--quiet", action="store_true", help="只输出结论和问题")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a console that cannot show Chinese still shows English
            stream.reconfigure(errors="backslashreplace")

    try:
        trusted = load_trusted(args.key, args.keys)
    except UsageError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    ed = Ed25519(pure=args.pure)

    if args.command == "proof":
        try:
            document = json.loads(Path(args.path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            print(f"错误 / error: 无法读取证明文件 {args.path}：{exc}", file=sys.stderr)
            return 2
        report = verify_proof_document(document, trusted, ed)
    else:
        if not Path(args.path).is_file():
            print(f"错误 / error: 档案文件 {args.path} 不存在 / no such file", file=sys.stderr)
            return 2
        report = verify_archive(args.path, trusted, ed)

    if not args.quiet:
        print(f"Ed25519: {ed.name}")
        for line in report.notes:
            print(f"  {line}")
    for line in report.findings:
        print(f"失败 / FAIL: {line}")
    if report.ok:
        print("验证通过 / VERIFIED")
        return 0
    count = len(report.findings)
    print(f"验证未通过：{count} 处问题 / NOT VERIFIED: {count} finding(s)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
