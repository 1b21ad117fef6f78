"""Where evidence bytes live: `<root>/ab/cd/<sha256>`, written once through a temporary file in
`<root>/tmp/` on the same file system and moved into place atomically.

The root is `settings.FAZHI_EVIDENCE_ROOT` when set, else `<MEDIA_ROOT>/evidence` (MEDIA_ROOT is
`var/media` in the embedded mode).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

CHUNK_SIZE = 1024 * 1024


def evidence_root() -> Path:
    configured = getattr(settings, "FAZHI_EVIDENCE_ROOT", None)
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "evidence"


def blob_path(sha256: str) -> Path:
    return evidence_root() / sha256[:2] / sha256[2:4] / sha256


def temporary_file() -> tuple[int, Path]:
    """A new temporary file beside the blobs (so that moving it in is atomic)."""
    directory = evidence_root() / "tmp"
    directory.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="upload-", dir=directory)
    return fd, Path(name)


def hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def blob_intact(sha256: str, size: int) -> bool:
    path = blob_path(sha256)
    try:
        return path.stat().st_size == size and hash_file(path) == (sha256, size)
    except OSError:
        return False


def move_into_place(temporary: Path, sha256: str) -> Path:
    final = blob_path(sha256)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(temporary, 0o444)
    os.replace(temporary, final)
    return final
