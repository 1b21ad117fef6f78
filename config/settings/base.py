"""Core Django settings. Environment variables: FAZHI_MODE, FAZHI_DEBUG, SECRET_KEY,
FAZHI_ALLOWED_HOSTS, FAZHI_GOVERNMENT_NAME (see README)."""

from .env import BASE_DIR, VAR_DIR, embedded_secret_key, get_bool, get_choice, get_list, get_str

FAZHI_MODE = get_choice("FAZHI_MODE", "embedded", ("embedded", "production"))
EMBEDDED = FAZHI_MODE == "embedded"

DEBUG = get_bool("FAZHI_DEBUG", False)
SECRET_KEY = (
    embedded_secret_key()
    if EMBEDDED and "SECRET_KEY" not in __import__("os").environ
    else get_str("SECRET_KEY")
)
ALLOWED_HOSTS = get_list("FAZHI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# The name the portal's about page and the page titles use when no root unit exists yet.
FAZHI_GOVERNMENT_NAME = get_str("FAZHI_GOVERNMENT_NAME", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "config.apps.FazhiStaticFilesConfig",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "huey.contrib.djhuey",
    "axes",
    "treebeard",
    "fazhi.core",
    "fazhi.deadlines",
    "fazhi.procedures",
    "fazhi.ledger",
    "fazhi.evidence",
    "fazhi.normative_documents",
    "fazhi.major_decisions",
    "fazhi.enforcement",
    "fazhi.reconsideration",
    "fazhi.litigation",
    "fazhi.plans",
    "fazhi.workspace",
    "fazhi.portal",
    "fazhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.site",
            ],
        },
    },
]

AUTH_USER_MODEL = "core.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "WARNING"},
        "fazhi": {"handlers": ["console"], "level": "INFO"},
    },
}

# A to-do item is 临期 when due within this many natural days (the deadlines module refines it).
from .env import get_int  # noqa: E402

FAZHI_ALERT_DAYS = get_int("FAZHI_ALERT_DAYS", 3, minimum=1)
