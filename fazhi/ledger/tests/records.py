"""A record with a history, for the portal, archive and verifier tests: an application of the
test app (tests.procedures_app) in 东区教育局, proposed, reviewed, approved and decided, with
evidence files attached, then a checkpoint signed by the log and countersigned by a witness."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from fazhi.core.models import Person, Role
from fazhi.core.tests.factories import District, PersonFactory, district_tree
from fazhi.evidence import services as evidence
from fazhi.ledger import services
from fazhi.ledger.events import EventType
from fazhi.ledger.models import Checkpoint
from tests.procedures_app.models import Application

from .conftest import WITNESS_KEY

VERIFIER = Path(settings.BASE_DIR) / "tools" / "fazhi_verify.py"
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
REPORT = b"%PDF-1.7\n" + "调查终结报告".encode() * 50
PEOPLE = ("张承办", "李审核", "王局长", "赵卫健", "孙某")


@dataclass
class World:
    east: District
    handler: Person
    reviewer: Person
    leader: Person
    b_handler: Person
    application: Application
    checkpoint: Checkpoint | None = None
    files: dict[str, bytes] = field(default_factory=dict)


def build_world(*, sign: bool = True) -> World:
    east = district_tree("东区")
    handler = PersonFactory(unit=east.dept_a, role=Role.HANDLER, name="张承办")
    reviewer = PersonFactory(unit=east.legal_office, role=Role.LEGAL_REVIEWER, name="李审核")
    leader = PersonFactory(unit=east.dept_a, role=Role.LEADER, name="王局长")
    b_handler = PersonFactory(unit=east.dept_b, role=Role.HANDLER, name="赵卫健")
    application = Application.objects.create(
        unit=east.dept_a, state="submitted", title="关于某学校办学许可的复议申请", applicant="孙某"
    )
    photo = evidence.file_store(
        actor=handler, unit=east.dept_a, upload=SimpleUploadedFile("现场照片.png", PHOTO)
    )
    report = evidence.file_store(
        actor=handler, unit=east.dept_a, upload=SimpleUploadedFile("调查报告.pdf", REPORT)
    )
    steps = [
        (handler, east.dept_a, Role.HANDLER, "提出", "建议受理", [photo.sha256]),
        (reviewer, east.legal_office, Role.LEGAL_REVIEWER, "审核", "材料齐全，程序合法", []),
        (leader, east.dept_a, Role.LEADER, "批准", "同意", [report.sha256]),
        (leader, east.dept_a, Role.LEADER, "决定", "维持原行政行为", []),
    ]
    with transaction.atomic():
        for actor, unit, role, what, opinion, files in steps:
            services.record(
                event=EventType.PROCEDURE_STEP,
                actor=actor,
                unit=unit,
                role=role,
                record=application,
                changes={"opinion": (None, opinion)},
                files=files,
                note=what,
            )
    world = World(east, handler, reviewer, leader, b_handler, application)
    world.files = {photo.sha256: PHOTO, report.sha256: REPORT}
    if sign:
        world.checkpoint = services.checkpoint_sign()
        services.witness_countersign(
            checkpoint=world.checkpoint, signer="市司法局", private_key=WITNESS_KEY
        )
    return world


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def clean_run(*args: str, pure: bool = False, cwd: Path | None = None):
    """Run the offline verifier as a stranger would: a separate interpreter in isolated mode
    (-I: no PYTHON* variables, no user site, no script directory on sys.path) with an empty
    environment. With pure=True also -S, so that no site-packages (and so no `cryptography`)
    is importable and the pure-Python Ed25519 must be used."""
    import subprocess

    flags = ["-I", "-S"] if pure else ["-I"]
    return subprocess.run(
        [sys.executable, *flags, str(VERIFIER), *args],
        env={},
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
