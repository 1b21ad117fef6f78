"""The offline verifier's own pieces: the pure-Python Ed25519 fallback against the test
vectors of RFC 8032 §7.1 and against `cryptography`, its RFC 9162 inclusion check against
`fazhi.ledger.merkle`, and its command line's handling of bad input."""

from __future__ import annotations

import importlib.util
import json
import os
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from fazhi.ledger import keys, merkle

from .records import VERIFIER, clean_run

spec = importlib.util.spec_from_file_location("fazhi_verify", VERIFIER)
verify = sys.modules.setdefault("fazhi_verify", importlib.util.module_from_spec(spec))
spec.loader.exec_module(verify)

# RFC 8032 §7.1, TEST 1–3 (Ed25519): secret key, public key, message, signature.
RFC8032_VECTORS = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
        "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]


@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032_VECTORS)
def test_the_fallback_accepts_the_rfc_8032_vectors(secret, public, message, signature):
    public, message, signature = map(bytes.fromhex, (public, message, signature))
    assert verify.ed25519_verify_pure(public, message, signature)
    # The vectors themselves, checked by `cryptography` (the secret key gives the public key).
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    assert keys.public_bytes(key) == public and key.sign(message) == signature


@pytest.mark.parametrize("number", range(3))
def test_the_fallback_refuses_altered_vectors(number):
    _, public, message, signature = map(bytes.fromhex, RFC8032_VECTORS[number])
    for position in (0, 31, 32, 63):  # R's first and last byte, S's first and last
        altered = bytearray(signature)
        altered[position] ^= 0x01
        assert not verify.ed25519_verify_pure(public, message, bytes(altered))
    assert not verify.ed25519_verify_pure(public, message + b"\x00", signature)
    other = bytes.fromhex(RFC8032_VECTORS[(number + 1) % 3][1])
    assert not verify.ed25519_verify_pure(other, message, signature)


def test_the_fallback_refuses_malformed_input():
    _, public, message, signature = map(bytes.fromhex, RFC8032_VECTORS[1])
    high_s = signature[:32] + (int.from_bytes(signature[32:], "little") + verify._L).to_bytes(
        32, "little"
    )
    assert not verify.ed25519_verify_pure(public, message, high_s)  # S ≥ L: not canonical
    assert not verify.ed25519_verify_pure(public[:31], message, signature)
    assert not verify.ed25519_verify_pure(public, message, signature[:63])
    y_too_big = (2**255 - 19 + 1).to_bytes(32, "little")  # y ≥ p
    assert not verify.ed25519_verify_pure(y_too_big, message, signature)
    assert verify._decode_point(y_too_big) is None


def test_the_fallback_agrees_with_cryptography():
    for n in range(12):
        key = Ed25519PrivateKey.from_private_bytes(bytes([n + 1]) * 32)
        message = os.urandom(n * 7)
        signature = key.sign(message)
        public = keys.public_bytes(key)
        assert verify.ed25519_verify_pure(public, message, signature)
        assert keys.verify(public.hex(), message, signature.hex())
        assert not verify.ed25519_verify_pure(public, message + b"!", signature)


def test_the_inclusion_check_agrees_with_the_ledgers_merkle_module():
    for size in range(1, 40):
        leaves = [merkle.leaf_hash(bytes([i])) for i in range(size)]
        root = merkle.root(leaves)
        for index in range(size):
            path = merkle.inclusion_proof(index, leaves)
            assert verify.inclusion_path_length(index, size) == len(path)
            assert verify.root_from_inclusion(index, size, leaves[index], path) == root
            if path:
                assert verify.root_from_inclusion(index, size, leaves[index], path[:-1]) is None
                wrong = [bytes(32), *path[1:]]
                assert verify.root_from_inclusion(index, size, leaves[index], wrong) != root


def test_the_checkpoint_message_and_key_id_match_the_ledgers():
    checkpoint = {"origin": "o", "size": 5, "root": "ab" * 32, "timestamp": "2025-01-02T03:04:05Z"}
    assert verify.checkpoint_message(checkpoint) == keys.checkpoint_message(
        "o", 5, "ab" * 32, "2025-01-02T03:04:05Z"
    )
    assert verify.key_id(b"\x01" * 32) == keys.key_id(b"\x01" * 32)


def test_no_trusted_key_is_a_usage_error(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("{}", encoding="utf-8")
    result = clean_run("proof", str(path))
    assert result.returncode == 2 and "没有给出受信任的公钥" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["proof", "missing.json", "--key", "00" * 32], "无法读取证明文件"),
        (["proof", "bad.json", "--key", "00" * 32], "无法读取证明文件"),
        (["proof", "bad.json", "--key", "xyz"], "不是 64 位十六进制"),
        (["archive", "missing.zip", "--key", "00" * 32], "档案文件 missing.zip 不存在"),
    ],
)
def test_unreadable_input_is_a_usage_error(tmp_path, args, message):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    result = clean_run(*args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr


def test_a_file_that_is_not_a_bundle_fails(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"format": "something"}), encoding="utf-8")
    result = clean_run("proof", str(path), "--key", "00" * 32, cwd=tmp_path)
    assert result.returncode == 1 and "不是 fazhi-proof/v1 证明" in result.stdout


def test_the_verifier_uses_only_the_standard_library():
    import ast

    tree = ast.parse(VERIFIER.read_text(encoding="utf-8"))
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported - set(sys.stdlib_module_names) == {"cryptography"}  # optional, guarded
