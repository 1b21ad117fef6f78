"""litigation: what a jurisdiction sets for itself."""

from .env import get_int  # noqa: F401
