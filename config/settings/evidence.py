"""Evidence files: size limit and accepted types (type codes of fazhi/evidence/filetypes.py)."""

from .env import get_int, get_list

# 200 MiB: enough for a phone's video of an on-site inspection.
FAZHI_EVIDENCE_MAX_BYTES = get_int("FAZHI_EVIDENCE_MAX_BYTES", 200 * 1024 * 1024, minimum=1)
# Empty means every type the platform knows (images, audio, video, PDF, OFD, Office, text);
# a start-up check refuses unknown codes.
FAZHI_EVIDENCE_TYPES = get_list("FAZHI_EVIDENCE_TYPES", []) or None
