"""The demo stores its decisions' attachments: in a temporary directory, never var/."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    settings.FAZHI_EVIDENCE_ROOT = str(tmp_path / "evidence")
