"""Settings for Hackney Opportunities: one module, read from environment variables.

Every variable has a development default so that `make run` works on a fresh machine with SQLite and
eager tasks; docs/operations.md lists what production must set.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"  # noqa: S105 - public on purpose
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)


def refuse_development_secret() -> None:
    """Called as the web server and the worker start (not by tests or management commands)."""
    if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured("Set SECRET_KEY: the development secret is only allowed with DEBUG=true.")


ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "config.apps.StaffAdminConfig",  # Django's admin, with the staff site of config/admin.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    # Ours, lowest layer first (docs/architecture.md): each may import only the apps listed before it.
    "govuk",
    "notifications",
    "accounts",
    "organisations",
    "opportunities",
    "residents",
    "applications",
    "advisors",
    "matching",
    "courses",
    "privacy",
    "partners",
    "pages",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.service",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id for new and changed passwords; older hashes still verify and are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/account/"
LOGOUT_REDIRECT_URL = "/"
# Password reset links work for an hour (the email says so) and only once.
PASSWORD_RESET_TIMEOUT = 3600
# Failed sign-ins (accounts/services.py): per email address, slowed after 5 within 15 minutes and locked for
# 15 minutes at 10; per client IP, slowed after 20 (to one attempt a minute at most) and never locked.
SIGN_IN_THROTTLE = {
    "EMAIL_SLOW_AFTER": 5,
    "EMAIL_LOCK_AFTER": 10,
    "LOCK_SECONDS": 15 * 60,
    "IP_SLOW_AFTER": 20,
    "IP_MAX_DELAY": 60,
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("STATIC_UNHASHED", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files residents upload (CVs) are private: kept outside any served folder, with no URL; only views that
# check who is asking read them (see docs/security.md).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-files"))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None, "file_permissions_mode": 0o600},
}
CV_MAX_BYTES = 5 * 1024 * 1024
# Applications keep the resident's details for this long after the listing closes (the privacy notice's 2 years),
# then only what reports count.
APPLICATIONS_KEEP_DAYS = int(os.environ.get("APPLICATIONS_KEEP_DAYS", "730"))
# Booking an advisor: how soon the first time can be (hours from now), and how far ahead residents can book.
ADVISORS_MIN_NOTICE_HOURS = int(os.environ.get("ADVISORS_MIN_NOTICE_HOURS", "24"))
ADVISORS_BOOKING_HORIZON_DAYS = int(os.environ.get("ADVISORS_BOOKING_HORIZON_DAYS", "42"))
# Residents can move or cancel online until this many hours before the start (advisors at any time).
ADVISORS_CHANGE_CUTOFF_HOURS = int(os.environ.get("ADVISORS_CHANGE_CUTOFF_HOURS", "24"))
# Residents' accounts nobody has signed in to for this long are deleted, after a warning this many days before.
ACCOUNTS_INACTIVE_DAYS = int(os.environ.get("ACCOUNTS_INACTIVE_DAYS", "730"))
ACCOUNTS_INACTIVE_WARNING_DAYS = int(os.environ.get("ACCOUNTS_INACTIVE_WARNING_DAYS", "30"))

# Celery with Redis. Without REDIS_URL, tasks run eagerly in the web process (development only).
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The shared cache (opportunities.caching: counts and results every catalogue visitor shares, keyed by the
# catalogue's version): Redis when there is one, local memory otherwise. A cache that stops answering must not hold
# a page, hence the short timeouts; pages are then served uncached.
CACHE_URL = os.environ.get("CACHE_URL", REDIS_URL)
CACHES = {
    "default": {
        "BACKEND": "config.cache.SharedClientRedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "hackney",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# How long a place freed on a course or event is held for the next person waiting before it passes on.
COURSE_OFFER_HOURS = int(os.environ.get("COURSE_OFFER_HOURS", "48"))
# How long a cached catalogue value is kept at most (a change makes it unreachable at once in any case).
CATALOGUE_CACHE_SECONDS = int(os.environ.get("CATALOGUE_CACHE_SECONDS", "3600"))

CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}

# Email: the console in development; SMTP (EMAIL_HOST...) or GOV.UK Notify in production (docs/operations.md).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A mail server that stops answering must not hold a worker (and a locked notification) for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", "")
GOVUK_NOTIFY_BASE_URL = os.environ.get("GOVUK_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hackney Opportunities <opportunities@hackney.gov.uk>")

# The outbox (notifications/): a pending email is queued again by the sweeper once it is this old (or its
# retry is due); transient failures retry after NOTIFICATIONS_RETRY_SECONDS, doubling, up to an hour apart.
NOTIFICATIONS_STALE_AFTER_SECONDS = int(os.environ.get("NOTIFICATIONS_STALE_AFTER_SECONDS", "120"))
NOTIFICATIONS_SWEEP_SECONDS = int(os.environ.get("NOTIFICATIONS_SWEEP_SECONDS", "60"))
NOTIFICATIONS_RETRY_SECONDS = int(os.environ.get("NOTIFICATIONS_RETRY_SECONDS", "60"))
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "10"))
# How long notifications are kept (the privacy notice says 2 years); older ones are deleted nightly.
NOTIFICATIONS_KEEP_DAYS = int(os.environ.get("NOTIFICATIONS_KEEP_DAYS", "730"))

# The London Living Wage per hour, in pounds; listings paying at least this get a tag and the pay=llw filter.
LONDON_LIVING_WAGE_HOURLY = os.environ.get("LONDON_LIVING_WAGE_HOURLY", "14.80")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
# Behind a proxy, the request header holding the client's address (e.g. HTTP_X_REAL_IP), for sign-in throttling.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

FORM_RENDERER = "govuk.forms.GovukFormRenderer"

# The covering index for facet counts has INCLUDE columns, which only PostgreSQL uses; SQLite (the
# zero-setup development fallback) builds it without them, which is fine there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
