"""Reconsideration: what a jurisdiction sets for itself (PERIODS.md §1)."""

from .env import get_bool, get_choice, get_int

# 复议法第三十九条 is silent on whether the decision period (第六十二条) runs while a case is
# suspended; practice excludes the suspension (PERIODS.md §1: UNVERIFIED).
FAZHI_RECONSIDERATION_SUSPENSION_PAUSES = get_bool("FAZHI_RECONSIDERATION_SUSPENSION_PAUSES", True)

# 复议法第五十五条 is silent on the period after a simplified case is converted: practice counts
# the general 60 days from the original acceptance ("acceptance"); "conversion" counts them from
# the day of conversion (PERIODS.md §1: UNVERIFIED).
FAZHI_RECONSIDERATION_CONVERTED_FROM = get_choice(
    "FAZHI_RECONSIDERATION_CONVERTED_FROM", "acceptance", ("acceptance", "conversion")
)

# Online filings: per sender per hour, attachments per application and their size.
FAZHI_RECONSIDERATION_FILINGS_PER_HOUR = get_int(
    "FAZHI_RECONSIDERATION_FILINGS_PER_HOUR", 5, minimum=1
)
FAZHI_RECONSIDERATION_UPLOAD_MAX_FILES = get_int(
    "FAZHI_RECONSIDERATION_UPLOAD_MAX_FILES", 10, minimum=1
)
FAZHI_RECONSIDERATION_UPLOAD_MAX_BYTES = get_int(
    "FAZHI_RECONSIDERATION_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024
)
# Failed status queries (wrong receipt number or access code) per sender per hour.
FAZHI_RECONSIDERATION_QUERY_FAILURES_PER_HOUR = get_int(
    "FAZHI_RECONSIDERATION_QUERY_FAILURES_PER_HOUR", 10, minimum=1
)
