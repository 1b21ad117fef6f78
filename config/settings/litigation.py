"""litigation: what a jurisdiction sets for itself.

No setting yet: every period litigation counts is the law's own (fazhi.deadlines.rules:
litigation.*), and a suggestion's reply date is the one its letter sets. The reminders use
FAZHI_ALERT_DAYS (config/settings/base.py)."""

from .env import get_int  # noqa: F401
