"""plans: what a jurisdiction sets for itself about its plan ledger.

No statute sets these: a government's own work rules (督查督办) do. Defaults are those most
offices use; each can be set from the environment."""

from .env import get_int

# Days after a reporting period ends by which its progress report is due.
FAZHI_PLANS_REPORT_DUE_DAYS = get_int("FAZHI_PLANS_REPORT_DUE_DAYS", 10)
# The largest plan file accepted for parsing (a 100,000-character plan is about 300 KB).
FAZHI_PLANS_MAX_UPLOAD_BYTES = get_int("FAZHI_PLANS_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
# Evidence files per progress report (each file is limited by FAZHI_EVIDENCE_MAX_BYTES).
FAZHI_PLANS_REPORT_MAX_FILES = get_int("FAZHI_PLANS_REPORT_MAX_FILES", 10)
