"""Database: SQLite (WAL) under var/ by default, PostgreSQL when DATABASE_URL says so."""

from .env import VAR_DIR, get_database

_default_url = f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"
_db = get_database("DATABASE_URL", _default_url)

if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
else:
    _db.setdefault("CONN_MAX_AGE", 60)
    _db.setdefault("CONN_HEALTH_CHECKS", True)
    # Chinese trigram search needs a UTF-8 ctype (TECHNOTES.md); template0 lets the test
    # database take the cluster's C.UTF-8 locale rather than whatever template1 has.
    _db["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}

DATABASES = {"default": _db}
