"""Evidence tests: a district with people in two sibling departments, and a fresh evidence
directory per test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from fazhi.core.models import Person, Role
from fazhi.core.tests.factories import District, PersonFactory, district_tree
from fazhi.ledger.models import LedgerEntry


@dataclass
class World:
    east: District
    handler: Person  # 东区教育局 承办人员
    b_handler: Person  # 东区卫健委 承办人员 (a sibling department)
    reviewer: Person  # 东区司法局 法治机构审核人员 (reaches the whole district)
    west_handler: Person
    entries: int = 0  # ledger entries once the world is built (building it records some)


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path) -> Path:
    root = tmp_path / "evidence"
    settings.FAZHI_EVIDENCE_ROOT = str(root)
    return root


@pytest.fixture
def world(db) -> World:
    east = district_tree("东区")
    west = district_tree("西区")
    world = World(
        east=east,
        handler=PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="张承办"),
        b_handler=PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="赵卫健"),
        reviewer=PersonFactory(unit=east.legal_office, role=Role.LEGAL_REVIEWER, name="李审核"),
        west_handler=PersonFactory(unit=west.dept_a, role=Role.HANDLER, name="钱西区"),
    )
    world.entries = LedgerEntry.objects.count()
    return world


def stored_blobs(root: Path) -> list[Path]:
    """Every file under the evidence root, temporary files included."""
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
