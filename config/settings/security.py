"""Login rate limiting (django-axes), sessions, CSRF and cookies."""

from datetime import timedelta

from .base import DEBUG, EMBEDDED
from .env import get_int

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AXES_FAILURE_LIMIT = get_int("FAZHI_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=get_int("FAZHI_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = not EMBEDDED
CSRF_COOKIE_SECURE = not EMBEDDED
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

if DEBUG and not EMBEDDED:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("FAZHI_DEBUG 不能在生产模式（FAZHI_MODE=production）下开启。")

# How long failed logins stay in the security log (网络安全法 第二十一条: logs kept ≥ 6 months).
FAZHI_LOGIN_LOG_DAYS = get_int("FAZHI_LOGIN_LOG_DAYS", 180, minimum=180)
