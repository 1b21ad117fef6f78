"""Start-up refuses bad configuration with a message that names the setting to fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()"
# Variables the settings read; the tests start from none of them set.
OWN_VARIABLES = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")


def start(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in OWN_VARIABLES and not key.startswith("FAZHI_")
    }
    clean["FAZHI_VAR_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, *(args or ("-c", SETUP))],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_valid_defaults_start(tmp_path):
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr


def test_production_with_a_secret_key_starts(tmp_path):
    result = start(tmp_path, FAZHI_MODE="production", SECRET_KEY="s" * 50)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"FAZHI_DEBUG": "maybe"}, "FAZHI_DEBUG"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://user@db/fazhi"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"FAZHI_MODE": "production"}, "SECRET_KEY"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL"),
        ({"FAZHI_MODE": "staging"}, "FAZHI_MODE"),
        ({"FAZHI_ALERT_DAYS": "three"}, "FAZHI_ALERT_DAYS"),
        ({"FAZHI_ALERT_DAYS": "0"}, "FAZHI_ALERT_DAYS"),
        ({"FAZHI_LOGIN_FAILURE_LIMIT": "0"}, "FAZHI_LOGIN_FAILURE_LIMIT"),
        ({"FAZHI_LOGIN_LOG_DAYS": "30"}, "FAZHI_LOGIN_LOG_DAYS"),
        (
            {"FAZHI_MODE": "production", "SECRET_KEY": "s" * 50, "FAZHI_DEBUG": "true"},
            "FAZHI_DEBUG",
        ),
    ],
    ids=lambda value: (
        "+".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else value
    ),
)
def test_invalid_setting_stops_start_up_naming_it(tmp_path, env, named):
    result = start(tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert named in message, result.stderr


def test_short_secret_key_fails_the_system_check(tmp_path):
    result = start(
        tmp_path,
        "manage.py",
        "check",
        FAZHI_MODE="production",
        SECRET_KEY="too-short",
    )
    assert result.returncode != 0
    assert "fazhi.E002" in result.stderr
    assert "SECRET_KEY" in result.stderr
