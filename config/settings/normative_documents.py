"""Normative documents: settings a jurisdiction decides for itself (PERIODS.md §4 marks the
validity rules UNVERIFIED for Beijing: confirm with the legal affairs office before go-live)."""

from .env import get_int, get_str

# Validity period (有效期): at most 5 years; 暂行/试行 at most 2 years.
FAZHI_NORMDOC_VALIDITY_YEARS = get_int("FAZHI_NORMDOC_VALIDITY_YEARS", 5, minimum=1)
FAZHI_NORMDOC_PROVISIONAL_VALIDITY_YEARS = get_int(
    "FAZHI_NORMDOC_PROVISIONAL_VALIDITY_YEARS", 2, minimum=1
)
# Evaluate a document this many months before it expires, and every N years after publication.
FAZHI_NORMDOC_EXPIRY_REMINDER_MONTHS = get_int("FAZHI_NORMDOC_EXPIRY_REMINDER_MONTHS", 6, minimum=1)
FAZHI_NORMDOC_EVALUATION_YEARS = get_int("FAZHI_NORMDOC_EVALUATION_YEARS", 2, minimum=1)
# Public comments and review requests from the portal: at most this many per client per hour.
FAZHI_NORMDOC_COMMENTS_PER_HOUR = get_int("FAZHI_NORMDOC_COMMENTS_PER_HOUR", 5, minimum=1)
FAZHI_NORMDOC_OBJECTIONS_PER_HOUR = get_int("FAZHI_NORMDOC_OBJECTIONS_PER_HOUR", 5, minimum=1)
# Prefix of the unified registration number (统一登记编号), e.g. "京海规" → 京海规〔2026〕3号.
FAZHI_NORMDOC_REGISTRATION_PREFIX = get_str("FAZHI_NORMDOC_REGISTRATION_PREFIX", "规备")
