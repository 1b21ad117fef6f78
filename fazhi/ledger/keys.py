"""Ed25519 keys and the checkpoint message (docs/decisions/0001), through `cryptography`.

The log's key comes from FAZHI_LEDGER_SIGNING_KEY (hex or base64 of the raw 32-byte private
key); in the embedded mode without it, a key is generated on first use into
var/ledger_signing_key (mode 0600, created exclusively so two processes cannot both write one).
key_id = first 16 hex digits of SHA-256(raw public key).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MESSAGE_HEADER = "fazhi-checkpoint/v1"


class KeyFormatError(ValueError):
    """A key that cannot be read (wrong length or encoding)."""


def parse_key_bytes(text: str | bytes) -> bytes:
    """Raw 32 key bytes from raw bytes, hex or base64 (standard or URL-safe)."""
    if isinstance(text, bytes | bytearray):
        if len(text) == 32:
            return bytes(text)
        text = text.decode("ascii", "replace")
    text = text.strip()
    candidates = []
    if len(text) == 64:
        with contextlib.suppress(ValueError):
            candidates.append(bytes.fromhex(text))
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        with contextlib.suppress(ValueError, binascii.Error):
            candidates.append(decode(text + "=" * (-len(text) % 4)))
    for raw in candidates:
        if len(raw) == 32:
            return raw
    raise KeyFormatError("密钥应为 32 字节 Ed25519 密钥的十六进制（64 位）或 Base64 编码。")


def private_key(value: Ed25519PrivateKey | str | bytes) -> Ed25519PrivateKey:
    if isinstance(value, Ed25519PrivateKey):
        return value
    return Ed25519PrivateKey.from_private_bytes(parse_key_bytes(value))


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def private_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def generate() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def write_key_file(path: Path, key: Ed25519PrivateKey) -> None:
    """Write a private key as hex into a new file readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(private_bytes(key).hex() + "\n")


def read_key_file(path: Path) -> Ed25519PrivateKey:
    return private_key(Path(path).read_text().strip())


def signing_key() -> Ed25519PrivateKey:
    """The log's signing key (see the module docstring)."""
    if settings.FAZHI_LEDGER_SIGNING_KEY:
        return private_key(settings.FAZHI_LEDGER_SIGNING_KEY)
    if not settings.EMBEDDED:
        raise ImproperlyConfigured(
            "生产模式必须设置 FAZHI_LEDGER_SIGNING_KEY（用 `fazhi ledger keygen` 生成）。"
        )
    path = Path(settings.FAZHI_LEDGER_SIGNING_KEY_FILE)
    with contextlib.suppress(FileExistsError):
        write_key_file(path, generate())
    return read_key_file(path)


def trusted_log_keys() -> dict[str, str]:
    """Public keys (hex) whose checkpoints verify: the current one and FAZHI_LEDGER_TRUSTED_KEYS.
    Maps key hex → signer name."""
    trusted = {key: settings.FAZHI_LEDGER_SIGNER_NAME for key in settings.FAZHI_LEDGER_TRUSTED_KEYS}
    trusted[public_bytes(signing_key()).hex()] = settings.FAZHI_LEDGER_SIGNER_NAME
    return trusted


def witness_keys() -> dict[str, str]:
    """The configured witnesses: public key hex → name."""
    return dict(settings.FAZHI_LEDGER_WITNESS_KEYS)


def format_timestamp(moment: datetime) -> str:
    """A checkpoint's timestamp: ISO 8601 UTC, seconds, "Z"."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def checkpoint_message(origin: str, size: int, root_hex: str, timestamp: datetime | str) -> bytes:
    """The signed message of a checkpoint (fazhi-checkpoint/v1)."""
    if isinstance(timestamp, datetime):
        timestamp = format_timestamp(timestamp)
    return f"{MESSAGE_HEADER}\n{origin}\n{size}\n{root_hex.lower()}\n{timestamp}\n".encode()


def verify(public_hex: str, message: bytes, signature_hex: str) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        public.verify(bytes.fromhex(signature_hex), message)
    except (ValueError, InvalidSignature):
        return False
    return True
