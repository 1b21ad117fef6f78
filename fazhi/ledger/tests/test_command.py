"""`fazhi ledger checkpoint | witness | keygen` (verify: test_verify.py)."""

from __future__ import annotations

import json
import stat

import pytest
from django.core.management import CommandError, call_command

from fazhi.ledger import checks, keys
from fazhi.ledger.models import Checkpoint, WitnessSignature

from .conftest import WITNESS_KEY, append, public_hex

pytestmark = pytest.mark.django_db


def test_keygen_writes_a_private_key_only_its_owner_can_read(tmp_path, capsys):
    path = tmp_path / "witness.key"
    call_command("ledger", "keygen", "--out", str(path))
    out = capsys.readouterr().out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    public = keys.public_bytes(keys.read_key_file(path))
    assert f"公钥：{public.hex()}" in out and f"key_id：{keys.key_id(public)}" in out
    with pytest.raises(CommandError, match="已存在"):
        call_command("ledger", "keygen", "--out", str(path))


def test_checkpoint_prints_the_published_form(capsys):
    append(3)
    call_command("ledger", "checkpoint")
    published = json.loads(capsys.readouterr().out)
    checkpoint = Checkpoint.objects.get()
    assert published["size"] == checkpoint.size and published["root"] == checkpoint.root
    assert published["signatures"][0]["key_id"] == checkpoint.key_id


def test_witness_countersigns_the_latest_checkpoint_from_a_key_file(tmp_path, capsys):
    append(2)
    call_command("ledger", "checkpoint")
    path = tmp_path / "witness.key"
    path.write_text(WITNESS_KEY.hex())
    call_command("ledger", "witness", "--signer", "市司法局", "--key", str(path))
    assert "市司法局" in capsys.readouterr().out
    assert WitnessSignature.objects.get().public_key == public_hex(WITNESS_KEY)
    with pytest.raises(CommandError, match="已联署过"):
        call_command("ledger", "witness", "--signer", "市司法局", "--key", str(path))
    with pytest.raises(CommandError, match="无法读取"):
        call_command("ledger", "witness", "--signer", "市司法局", "--key", str(tmp_path / "none"))


def test_production_without_a_signing_key_is_warned_at_start_up(settings):
    settings.FAZHI_MODE = "production"
    settings.FAZHI_LEDGER_SIGNING_KEY = ""
    assert [w.id for w in checks.check_signing_key(None)] == ["fazhi.W401"]
    settings.FAZHI_LEDGER_SIGNING_KEY = "00" * 32
    assert checks.check_signing_key(None) == []
