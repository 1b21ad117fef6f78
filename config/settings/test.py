"""Test settings: the same modules, with jobs run immediately and fast password hashing."""

import os

os.environ.setdefault("FAZHI_JOBS_IMMEDIATE", "true")

from . import *  # noqa: F403
from .jobs import HUEY

HUEY = {**HUEY, "immediate": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A test-only app whose records run procedures (tests/procedures_app).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.procedures_app"]  # noqa: F405
