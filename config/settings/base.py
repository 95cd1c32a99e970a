"""Settings shared by every environment.

Each environment has its own module (dev, test, prod) that imports this one and changes what differs.
Secrets are read from the environment in the production module only.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "arrimage.core",
    "arrimage.jobs",
    "arrimage.accounts",
    "arrimage.glossary",
    "arrimage.territories",
    "arrimage.actors",
    "arrimage.concertation",
    "arrimage.directory",
    "arrimage.access",
    "arrimage.plans",
    "arrimage.meetings",
    "arrimage.cycle",
    "arrimage.funding",
    "arrimage.practice",
    "arrimage.interchange",
    "arrimage.analysis",
    "arrimage.registry",
    "arrimage.reports",
    "arrimage.demo",
    "arrimage.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "arrimage.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "arrimage.core.faults.SessionMiddleware",
    "arrimage.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "arrimage.accounts.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
# A form whose CSRF token is missing or stale gets Arrimage's own French page.
CSRF_FAILURE_VIEW = "arrimage.core.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "arrimage.core.context_processors.site",
            ],
            # « 1er mars » in French wherever a template writes a long date (arrimage.core.templatetags).
            "builtins": ["arrimage.core.templatetags.french_dates"],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
DEFAULT_FROM_EMAIL = "Arrimage <ne-pas-repondre@arrimage.quebec>"
# A password-reset link stays valid one day.
PASSWORD_RESET_TIMEOUT = 24 * 3600


def sqlite_database(path: Path | str) -> dict[str, object]:
    """An SQLite database file as Arrimage uses it: WAL journal, writes that take the lock up front and wait
    up to 20 s for it (several app processes queue their writes rather than fail with « database is locked »)."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


# French first (fr-CA), English complete. The interface is French unless the person chose English.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "arrimage_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Rendered fragments of the territory pages, keyed by a version of the data (see
# arrimage.territories.selectors.territories_version). Local memory is enough: each app server keeps
# its own copy, and a changed version makes old fragments unreachable everywhere at once.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "arrimage",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # What long work (an import, a PDF) has done so far: written by the process doing it, read by the
    # page polling it, which may be another process. Files, shared by every process of the machine and
    # outside the database's transactions (an import's rows stay unseen until it ends; its progress not).
    "progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("ARRIMAGE_PROGRESS_DIR") or str(BASE_DIR / "var" / "progress"),
        "TIMEOUT": 2 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
}
ARRIMAGE_PROGRESS_CACHE = "progress"

# Long work (imports, PDF portraits, a région's or the province's analysis) is handed to a task queue when
# ARRIMAGE_TASKS=db: jobs are stored in the database and carried out by `manage.py db_worker`, while the
# page shows their progress (arrimage.jobs). Unset, the work is done in the request. docs/operations.md.
_TASKS = os.environ.get("ARRIMAGE_TASKS", "").strip()
if _TASKS == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif not _TASKS:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"ARRIMAGE_TASKS={_TASKS!r} is not understood: leave it unset, or write db.")
# The files that background jobs make (kept a day): on several machines, a folder they all mount.
ARRIMAGE_JOBS_DIR = os.environ.get("ARRIMAGE_JOBS_DIR") or str(BASE_DIR / "var" / "jobs")

# Sessions, for the shared computers of community offices: a session ends when the browser closes, and
# after two hours without a request (arrimage.accounts.middleware slides the expiry, saving the session at
# most every 5 minutes), so that a computer left signed in over lunch or overnight asks for the password
# again. See docs/accounts.md.
SESSION_COOKIE_AGE = 2 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

NINJA_PAGINATION_PER_PAGE = 50

# Privacy (Québec's Law 25): contact details of people inactive this many years are emptied by
# `manage.py apply_retention`; the person responsible for personal information, shown on /confidentialite/.
ARRIMAGE_RETENTION_YEARS = 3
ARRIMAGE_PRIVACY_OFFICER = {"name": "", "email": "", "phone": ""}

# Imports: files larger than this, or with more rows or columns, are refused with a clear message
# before they are read in full.
ARRIMAGE_IMPORT_MAX_BYTES = 10 * 1024 * 1024
ARRIMAGE_IMPORT_MAX_ROWS = 20_000
ARRIMAGE_IMPORT_MAX_COLUMNS = 100

# Rate limits (arrimage.core.ratelimit): events per period, counted in the cache named here. With several
# app servers, point it to a shared cache (see the module's documentation).
ARRIMAGE_API_WRITE_RATE = "60/min"
ARRIMAGE_API_KEY_FAILURE_RATE = "20/min"
ARRIMAGE_LOGIN_FAILURE_RATE = "10/15min"
# Failed sign-ins for one email address, from anywhere, that lock it out, and for how long (see
# arrimage.accounts.signin).
ARRIMAGE_LOGIN_LOCKOUT_RATE = "5/15min"
ARRIMAGE_LOGIN_LOCKOUT_DURATION = "15min"
# Failed sign-ins from one network address, whatever the email addresses typed.
ARRIMAGE_LOGIN_NETWORK_FAILURE_RATE = "50/15min"
# Security events (sign-ins, lock-outs, keys, roles) older than this are deleted by
# `manage.py purge_security_events` (run it daily): Law 25 asks to keep personal information no longer
# than needed.
ARRIMAGE_SECURITY_EVENT_RETENTION_DAYS = 365
ARRIMAGE_RATELIMIT_CACHE = "default"
# How many proxies in front of the app servers add themselves to X-Forwarded-For (0: trust none).
ARRIMAGE_TRUSTED_PROXIES = 0

# Background map of the Leaflet maps. Empty "url" draws the boundaries on a plain background
# (used by the tests, which have no network). The tile provider's usage policy applies.
ARRIMAGE_MAP_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "© OpenStreetMap contributors",
    "max_zoom": 18,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
