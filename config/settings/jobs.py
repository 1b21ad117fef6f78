"""Jobs: Huey on SQLite in the embedded mode, on Redis when REDIS_URL is set."""

from .env import VAR_DIR, get_bool, get_redis_url

REDIS_URL = get_redis_url("REDIS_URL")
_immediate = get_bool("FAZHI_JOBS_IMMEDIATE", False)

if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "fazhi",
        "url": REDIS_URL,
        "immediate": _immediate,
        "utc": True,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "fazhi",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": _immediate,
        "utc": True,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
