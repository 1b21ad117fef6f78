"""Reading settings from the environment, refusing bad values by name.

Every setting that comes from the environment is read through this module so that a
missing or invalid value stops start-up with a message naming the variable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bad(name: str, value: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"环境变量 {name} 的值 {value!r} 无效：应为{expected}。")


def get_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"缺少环境变量 {name}：生产模式必须设置它。")
    return value


def get_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _bad(name, raw, "true/false、1/0、yes/no 或 on/off")


def get_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _bad(name, raw, "整数") from None
    if value < minimum:
        raise _bad(name, raw, f"不小于 {minimum} 的整数")
    return value


def get_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise _bad(name, value, "、".join(choices) + " 之一")
    return value


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_database(name: str, default: str) -> dict:
    raw = os.environ.get(name, default)
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:  # environ raises several types for malformed URLs
        raise _bad(name, raw, f"数据库地址（sqlite:///… 或 postgres://…）；{exc}") from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise _bad(name, raw, "包含数据库名的数据库地址")
    if config["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise _bad(name, raw, "sqlite:///… 或 postgres://… 地址（仅支持 SQLite 与 PostgreSQL）")
    return config


def get_redis_url(name: str) -> str | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise _bad(name, raw, "redis://主机:端口/库号 形式的地址")
    return raw


def embedded_secret_key() -> str:
    """The embedded mode keeps a random key in var/ so sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
