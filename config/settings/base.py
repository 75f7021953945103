"""Settings shared by every environment.

Configuration comes from environment variables (README, "Configuration"); each overlay
(dev, test, production) starts from here and changes only what it must.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# A value only good enough for a laptop; production.py refuses to start with it.
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-local-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG", False)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "directory",
    "cms",
    "search",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German first: the directory is run by a German municipality.
LANGUAGE_CODE = "de"
# The public site's languages; each has a URL prefix (/de/, /ar/, …).
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Präventionskette")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "odt", "docx"]
# Wagtail's own admin search stays on the database backend: the directory's search
# (search/) is a separate boundary with its own Elasticsearch index (docs/architecture.md).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# --- The directory's own search (README, "Configuration") -------------------------------
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_ENGINE = os.environ.get(
    "SEARCH_ENGINE", "elasticsearch" if ELASTICSEARCH_URL else "database"
)

# --- Directory -------------------------------------------------------------
# An offer not verified for this many days is "stale" in listings and reports.
DIRECTORY_STALE_AFTER_DAYS = int(os.environ.get("DIRECTORY_STALE_AFTER_DAYS", "365"))
# Freshness reminders (`send_freshness_reminders`, daily by cron): a provider is asked
# again at most every REMIND_EVERY days; an unanswered reminder goes to the editors after
# ESCALATE_AFTER days; the link in it works for LINK_VALID days.
DIRECTORY_REMIND_EVERY_DAYS = int(os.environ.get("DIRECTORY_REMIND_EVERY_DAYS", "30"))
DIRECTORY_ESCALATE_AFTER_DAYS = int(os.environ.get("DIRECTORY_ESCALATE_AFTER_DAYS", "14"))
DIRECTORY_REMINDER_LINK_VALID_DAYS = int(os.environ.get("DIRECTORY_REMINDER_LINK_VALID_DAYS", "60"))
# Professionals log in on the public site; editors use the admin's own login.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "offer_list"
# Share links of shortlists (and the personal note with them) expire after this.
SHARE_LINK_VALID_DAYS = int(os.environ.get("SHARE_LINK_VALID_DAYS", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "verzeichnis@localhost")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "directory": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        "search": {"level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}

# Our index names start with this prefix (kept apart from Wagtail's {prefix}{app}_{model}).
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "praeventionskette")
# Search insights keep weekly counts this long (13 months: a year and its comparison).
SEARCH_INSIGHTS_RETENTION_DAYS = int(os.environ.get("SEARCH_INSIGHTS_RETENTION_DAYS", "396"))
# Elasticsearch must answer within this time, or the database engine answers instead.
SEARCH_TIMEOUT_SECONDS = float(os.environ.get("SEARCH_TIMEOUT_SECONDS", "2"))

# --- Maps ----------------------------------------------------------------------
# Background tiles come from a third party, so they are off unless configured, and even
# then each visitor must opt in (remembered in the browser). Without tiles, maps show
# district outlines from our own data. Example: MAP_TILE_URL=https://tile.openstreetmap.de/{z}/{x}/{y}.png
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors" if MAP_TILE_URL else ""
)
