"""Test settings: the same modules, with jobs run immediately and fast password hashing."""

import os

os.environ.setdefault("FAZHI_JOBS_IMMEDIATE", "true")

from . import *  # noqa: E402, F403
from .jobs import HUEY  # noqa: E402

HUEY = {**HUEY, "immediate": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
