"""Ledger tests sign with fixed keys (never var/'s), and build entries through the recorder."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection, transaction

from fazhi.core.models import Person, Role, Unit
from fazhi.core.tests.factories import PersonFactory, UnitFactory
from fazhi.ledger import keys, services
from fazhi.ledger.events import EventType

LOG_KEY = bytes(range(32))
WITNESS_KEY = bytes(range(100, 132))
OTHER_KEY = bytes(range(200, 232))


def public_hex(raw: bytes) -> str:
    return keys.public_bytes(Ed25519PrivateKey.from_private_bytes(raw)).hex()


@pytest.fixture(autouse=True)
def ledger_keys(settings):
    settings.FAZHI_LEDGER_SIGNING_KEY = LOG_KEY.hex()
    settings.FAZHI_LEDGER_ORIGIN = "fazhi.test/ledger"
    settings.FAZHI_LEDGER_SIGNER_NAME = "测试区人民政府"
    settings.FAZHI_LEDGER_TRUSTED_KEYS = []
    settings.FAZHI_LEDGER_WITNESS_KEYS = {public_hex(WITNESS_KEY): "市司法局"}


@dataclass
class Actors:
    unit: Unit
    person: Person


@pytest.fixture
def actors(db) -> Actors:
    unit = UnitFactory(name="测试区人民政府")
    return Actors(unit=unit, person=PersonFactory(unit=unit, role=Role.HANDLER, name="张三"))


def append(n: int, *, actor=None, unit=None, note="测试") -> list:
    """Append n entries in one transaction."""
    with transaction.atomic():
        return [
            services.record(
                event=EventType.UNIT_UPDATE,
                actor=actor,
                unit=unit,
                role=Role.HANDLER if actor else "",
                record_type="core.unit",
                record_id=str(i),
                changes={"name": (f"旧名{i}", f"新名{i}")},
                note=f"{note}{i}",
            )
            for i in range(n)
        ]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
