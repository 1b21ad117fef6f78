"""The ledger (fazhi.ledger): the transparency log's name, its signing key and the keys it trusts.

FAZHI_LEDGER_ORIGIN      the log's name in every signed checkpoint (one line, never changed once
                         checkpoints are published), e.g. "fazhi.example.gov.cn/ledger".
FAZHI_LEDGER_SIGNING_KEY the log's Ed25519 private key: the raw 32 bytes, hex or base64. Unset in
                         the embedded mode: generated on first use into var/ledger_signing_key
                         (mode 0600). Production must set it (a system check warns otherwise).
FAZHI_LEDGER_SIGNER_NAME who signs for the log, as the portal and proof bundles name it.
FAZHI_LEDGER_TRUSTED_KEYS former log public keys (hex, comma-separated) whose checkpoints
                         `fazhi ledger verify` still accepts after a key rotation.
FAZHI_LEDGER_WITNESS_KEYS the witnesses' public keys, comma-separated "名称=hex" pairs;
                         `fazhi ledger verify` reports a witness signature by any other key.
"""

import base64
import binascii
import os

from django.core.exceptions import ImproperlyConfigured

from .env import VAR_DIR, get_list, get_str

FAZHI_LEDGER_ORIGIN = get_str("FAZHI_LEDGER_ORIGIN", "fazhi-ledger").strip()
if not FAZHI_LEDGER_ORIGIN or any(ch in FAZHI_LEDGER_ORIGIN for ch in "\r\n"):
    raise ImproperlyConfigured("环境变量 FAZHI_LEDGER_ORIGIN 应为非空的一行文字。")


def _key_bytes(name: str, text: str) -> bytes:
    """Raw 32 key bytes from hex or base64, refusing anything else by the variable's name."""
    text = text.strip()
    try:
        raw = bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != 32:
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (ValueError, binascii.Error):
            raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"环境变量 {name} 的值无效："
            "应为 32 字节 Ed25519 密钥的十六进制（64 位）或 Base64 编码。"
        )
    return raw


FAZHI_LEDGER_SIGNING_KEY = os.environ.get("FAZHI_LEDGER_SIGNING_KEY", "").strip()
if FAZHI_LEDGER_SIGNING_KEY:
    _key_bytes("FAZHI_LEDGER_SIGNING_KEY", FAZHI_LEDGER_SIGNING_KEY)
FAZHI_LEDGER_SIGNING_KEY_FILE = VAR_DIR / "ledger_signing_key"

FAZHI_LEDGER_SIGNER_NAME = get_str(
    "FAZHI_LEDGER_SIGNER_NAME", os.environ.get("FAZHI_GOVERNMENT_NAME", "") or "法治政府建设平台"
)

FAZHI_LEDGER_TRUSTED_KEYS = [
    _key_bytes("FAZHI_LEDGER_TRUSTED_KEYS", key).hex()
    for key in get_list("FAZHI_LEDGER_TRUSTED_KEYS", [])
]


def _witness(item: str) -> tuple[str, str]:
    name, _, key = item.rpartition("=")
    return name.strip(), _key_bytes("FAZHI_LEDGER_WITNESS_KEYS", key).hex()


# public key hex → witness name
FAZHI_LEDGER_WITNESS_KEYS = dict(
    (key, name) for name, key in map(_witness, get_list("FAZHI_LEDGER_WITNESS_KEYS", []))
)
