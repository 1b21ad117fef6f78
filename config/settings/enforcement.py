"""Enforcement: what a jurisdiction sets for itself (PERIODS.md §2, §3)."""

from django.core.exceptions import ImproperlyConfigured

from .env import get_int

# 处罚法第六十三条 “较大数额”: set by local or sector rules, not by the law itself. The defaults
# are placeholders to be replaced by the district's own figures (UNVERIFIED for Beijing).
FAZHI_HEARING_LARGE_FINE_PERSON = get_int("FAZHI_HEARING_LARGE_FINE_PERSON", 10000, minimum=1)
FAZHI_HEARING_LARGE_FINE_ORGANIZATION = get_int(
    "FAZHI_HEARING_LARGE_FINE_ORGANIZATION", 100000, minimum=1
)

# 北京市优化营商环境条例（2024年修订）第七十三条: a business entity's penalty stays public
# 3–12 months (ordinary violation) or 12–36 months (serious violation); it may end early on
# the party's application after correction, once the minimum has run.
FAZHI_PUBLICATION_MONTHS_ORDINARY = get_int("FAZHI_PUBLICATION_MONTHS_ORDINARY", 12, minimum=1)
FAZHI_PUBLICATION_MONTHS_SERIOUS = get_int("FAZHI_PUBLICATION_MONTHS_SERIOUS", 36, minimum=1)
if not 3 <= FAZHI_PUBLICATION_MONTHS_ORDINARY <= 12:
    raise ImproperlyConfigured(
        "FAZHI_PUBLICATION_MONTHS_ORDINARY 须在3至12之间"
        "（北京市优化营商环境条例第七十三条：一般违法行为最短3个月、最长1年）。"
    )
if not 12 <= FAZHI_PUBLICATION_MONTHS_SERIOUS <= 36:
    raise ImproperlyConfigured(
        "FAZHI_PUBLICATION_MONTHS_SERIOUS 须在12至36之间"
        "（北京市优化营商环境条例第七十三条：严重违法行为最短1年、最长3年）。"
    )

# Yearly training hours per officer (the Beijing plan: at least 60 hours a year).
FAZHI_ENFORCEMENT_TRAINING_HOURS = get_int("FAZHI_ENFORCEMENT_TRAINING_HOURS", 60, minimum=1)

# Rows an .xlsx import of enforcement items or entities may hold.
FAZHI_ENFORCEMENT_IMPORT_MAX_ROWS = get_int("FAZHI_ENFORCEMENT_IMPORT_MAX_ROWS", 20000, minimum=1)
