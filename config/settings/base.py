"""Settings shared by every environment.

Configuration comes from environment variables (README, "Configuration"); each overlay
(dev, test, production) starts from here and changes only what it must.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
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
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.security.AreaCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
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
                "csp.context_processors.nonce",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent use: with WAL, pages read while an import
    # writes; a writer waits up to `timeout` seconds for another instead of failing; and
    # transactions take the write lock when they begin, so two of them never deadlock
    # upgrading from read to write ("database is locked" at once).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
        "transaction_mode": "IMMEDIATE",
    }
else:
    # PostgreSQL's JIT compiler starts on queries it guesses expensive, such as a search
    # over a large directory, and spent more time compiling (0.75 s) than running them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every worker process and host: rate limits and the search engine's
# circuit breaker must be the same for all of them. The database cache needs no further
# service and works with SQLite and PostgreSQL; a migration creates its table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}

# django-axes first: it refuses logins of a locked-out account before checking passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Work longer than a request (large imports) runs in the background: `manage.py
# db_worker` takes the tasks from the database (no broker to run); `make run` and
# docker-compose start it next to the web server.
# Wagtail's own small tasks (search and reference index updates after a save) run at once,
# in the request, as without a queue; only imports, which may take minutes, wait in the
# database for the worker (`db_worker --backend imports`).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# --- Login throttling (django-axes, in the database: shared by all workers) --------
# After AXES_FAILURE_LIMIT wrong passwords for one login name, or from one address
# (password spraying), logins are refused, even with the right password, for the
# cool-off time; admin and public login alike. The client address comes from
# X-Forwarded-For, which the proxy must set (docs/security.md).
# `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS` lift a lockout early.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.views.accounts.login_paused"
AXES_VERBOSE = False

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
# The admin asks no third party: no avatars from gravatar.com (initials instead), no
# update check against releases.wagtail.org (upgrades are done via requirements.lock).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
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
# Wagtail's workflow e-mails come from the same configured sender (not admin@localhost).
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# One e-mail per event: with superusers included, Wagtail mails a submission to them
# twice (workflow and task notice). The task notice goes to the approving group; an
# administrator who wants these joins that group.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
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
# After a timeout or refused connection the database answers at once for this long, then
# one request tries Elasticsearch again (search.breaker). The state is kept in this cache.
SEARCH_BREAKER_COOLDOWN_SECONDS = float(os.environ.get("SEARCH_BREAKER_COOLDOWN_SECONDS", "30"))
SEARCH_BREAKER_CACHE = "default"

# --- Geocoding ------------------------------------------------------------------
# Addresses get their position on saving from a Nominatim- or Photon-compatible service
# (docs/operations.md). Off when GEOCODER_URL is unset: then the postcode's or the
# district's centre stands in. The public nominatim.openstreetmap.org allows at most one
# request per second and needs a real contact in the user agent.
GEOCODER_URL = os.environ.get("GEOCODER_URL", "")
GEOCODER_API = os.environ.get("GEOCODER_API", "nominatim")  # or "photon"
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "praeventionskette-verzeichnis")
GEOCODER_TIMEOUT_SECONDS = float(os.environ.get("GEOCODER_TIMEOUT_SECONDS", "5"))
GEOCODER_COUNTRY = os.environ.get("GEOCODER_COUNTRY", "de")
# Used when a location has no city (most of a city's offers are in the city itself).
GEOCODER_DEFAULT_CITY = os.environ.get("GEOCODER_DEFAULT_CITY", "")
GEOCODER_CACHE_SECONDS = int(os.environ.get("GEOCODER_CACHE_SECONDS", str(90 * 24 * 3600)))

# --- Maps ----------------------------------------------------------------------
# Background tiles come from a third party, so they are off unless configured, and even
# then each visitor must opt in (remembered in the browser). Without tiles, maps show
# district outlines from our own data. Example: MAP_TILE_URL=https://tile.openstreetmap.de/{z}/{x}/{y}.png
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors" if MAP_TILE_URL else ""
)

# The open-data HSDS API (/api/hsds/): how long shared caches may keep an answer, and how
# many requests one client address may make per minute (0 = no limit).
HSDS_API_MAX_AGE = int(os.environ.get("HSDS_API_MAX_AGE", "300"))
HSDS_API_RATE_LIMIT = int(os.environ.get("HSDS_API_RATE_LIMIT", "120"))

# --- Response headers (config/security.py, docs/security.md) -------------------
# Public pages: scripts and styles from our origin or with the response's nonce only; no
# inline handlers, no eval, nothing from another origin (the middleware adds the map-tile
# origin when MAP_TILE_URL is set; tiles still load only after a visitor opts in).
_COMMON_DIRECTIVES = {
    "default-src": [SELF],
    "connect-src": [SELF],
    "font-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_COMMON_DIRECTIVES,
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin needs inline scripts and style attributes (see config/security.py);
# everything else stays on our origin. blob: for image previews before upload.
ADMIN_PATH_PREFIXES = ("/admin/",)
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_COMMON_DIRECTIVES,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Browser features no page of ours uses are switched off; the results page may ask for
# the position ("near me", never stored), on our own origin only.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "display-capture": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}
