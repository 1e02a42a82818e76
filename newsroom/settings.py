"""Newsroom settings: one module, configured from environment variables.

A checkout runs at once on a laptop: DJANGO_DEBUG on gives a development
secret key and an SQLite file in the project. Anything else (production) must
say its secret key, hosts, database and cache in the environment; a missing
secret or a malformed value stops start-up with ImproperlyConfigured rather
than running half-configured.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0, true/false, yes/no.")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is too small; give {minimum} or more.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name: str, default: list[str]) -> list[str]:
    """Comma-separated IP addresses or networks (CIDR), each checked."""
    values = env_list(name, default)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or network (e.g. 10.0.0.0/8)."
            ) from None
    return values


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its widgets.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    # History of article text and version state (see articles/history.py).
    "reversion",
    "axes",
    # Background tasks (Django's tasks API, DEP 14; `django.tasks` from Django 6.0) and the
    # database backend that stores them, run by `manage.py db_worker` (docs/operations.md).
    "django_tasks",
    "django_tasks_db",
    "articles",
]

MIDDLEWARE = [
    # Permissions-Policy, and no inline styles outside the admin (newsroom/headers.py).
    "newsroom.headers.SiteHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses reader pages, not the admin (newsroom/compression.py says why); inside
    # WhiteNoise, which serves its own precompressed static files.
    "newsroom.compression.PublicGZipMiddleware",
    "newsroom.nul_bytes.RejectNulInAdminQueryMiddleware",
    # Serves cached reader pages before sessions, CSRF, locale or the database are touched.
    "articles.caching.PublicPageCacheMiddleware",
    "newsroom.db_router.PublicReadsOnReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Admin pages in the language the user chose on their account (articles/admin/language.py).
    "articles.admin.language.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in the project unless DATABASE_URL names another database,
# e.g. postgres://postgres@127.0.0.1:5432/test
DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
# In production a worker keeps its connection between requests: opening one costs
# more than a front page's queries (SQLite reads the schema again and starts with an
# empty page cache; PostgreSQL forks a backend), a health check first sees that it
# still works. Not in development: runserver's thread per request would leave a
# connection open per thread.
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60)
# The page cache of each SQLite connection a web worker opens (newsroom/sqlite_page_cache.py
# says why; commands keep SQLite's own 2 MB). At least 1: sqlite_page_cache.py writes "-<KiB>"
# into a PRAGMA, where a negative size would start an SQL comment and every connection fail.
DATABASE_SQLITE_CACHE_MB = env_int("DATABASE_SQLITE_CACHE_MB", 32, minimum=1)
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            conn_max_age=DATABASE_CONN_MAX_AGE,
            conn_health_checks=DATABASE_CONN_MAX_AGE > 0,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while an import writes; IMMEDIATE makes a writer
    # take the lock at BEGIN so two importers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Read replica (newsroom/db_router.py): readers' pages read from it, the admin
# and every write use `default`. Tests treat it as a mirror of `default`.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=DATABASE_CONN_MAX_AGE,
            conn_health_checks=DATABASE_CONN_MAX_AGE > 0,
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database URL: {exc}") from None
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["newsroom.db_router.ReplicaRouter"]
# Pages rendered this soon after a change are served but not cached: the replica may lag.
NEWSROOM_REPLICA_LAG_SECONDS = env_int("NEWSROOM_REPLICA_LAG_SECONDS", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r} is not a redis:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            # A Redis that accepts connections and never answers costs a reader this long,
            # once per process (articles/caching.py then leaves it alone for a while);
            # redis-py's own default is to wait for ever.
            "OPTIONS": {
                "socket_connect_timeout": env_int("CACHE_CONNECT_TIMEOUT_MS", 250, minimum=1)
                / 1000,
                "socket_timeout": env_int("CACHE_TIMEOUT_MS", 250, minimum=1) / 1000,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments that depend on nothing but the language and the code (the front
# page's unfiltered finder): in each process's memory, so a deploy, which restarts the
# processes, never serves the old release's markup.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
}
# Public page cache (articles/caching.py). On only with a shared cache: each
# gunicorn worker has its own memory, so a change seen by one worker would not
# reach the pages another worker keeps. 0 turns it off.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 300 if CACHE_URL else 0)
# After the cache fails (refused, timed out), a process serves readers uncached this long
# before trying it again.
NEWSROOM_CACHE_RETRY_SECONDS = env_int("NEWSROOM_CACHE_RETRY_SECONDS", 10, minimum=0)

# Reader search (articles/search.py) ranks at most this many of the newest matches and
# says "more than" beyond it: a word in every story costs the same as a word in 1,000.
NEWSROOM_SEARCH_MAX_RESULTS = env_int("NEWSROOM_SEARCH_MAX_RESULTS", 1000, minimum=1)

# HTTP caching of reader pages by browsers, a CDN or reverse proxy (articles/http_cache.py):
# Cache-Control lifetimes in seconds; ETag and Last-Modified come from the database, so
# it is on in every deployment, Redis or not.
NEWSROOM_HTTP_CACHE = env_bool("NEWSROOM_HTTP_CACHE", True)
# No Last-Modified for a page changed this recently: a second holds more than one change.
NEWSROOM_HTTP_SETTLE_SECONDS = env_int("NEWSROOM_HTTP_SETTLE_SECONDS", 2, minimum=1)
NEWSROOM_HTTP_MAX_AGE = env_int("NEWSROOM_HTTP_MAX_AGE", 60)
NEWSROOM_HTTP_S_MAXAGE = env_int("NEWSROOM_HTTP_S_MAXAGE", 600)
NEWSROOM_HTTP_STALE_WHILE_REVALIDATE = env_int("NEWSROOM_HTTP_STALE_WHILE_REVALIDATE", 30)

# Purge of HTTP caches on every change (articles/purging.py): "" (none), "http"
# (Varnish/nginx PURGE), "cloudflare" or "fastly"; each with its settings below.
NEWSROOM_PURGE_BACKEND = os.environ.get("NEWSROOM_PURGE_BACKEND", "")
NEWSROOM_PURGE_HTTP_SERVERS = env_list("NEWSROOM_PURGE_HTTP_SERVERS", [])
NEWSROOM_PURGE_HOST = os.environ.get("NEWSROOM_PURGE_HOST", "")
NEWSROOM_CLOUDFLARE_ZONE_ID = os.environ.get("NEWSROOM_CLOUDFLARE_ZONE_ID", "")
NEWSROOM_CLOUDFLARE_API_TOKEN = os.environ.get("NEWSROOM_CLOUDFLARE_API_TOKEN", "")
NEWSROOM_CLOUDFLARE_API_URL = os.environ.get(
    "NEWSROOM_CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4"
)
NEWSROOM_FASTLY_SERVICE_ID = os.environ.get("NEWSROOM_FASTLY_SERVICE_ID", "")
NEWSROOM_FASTLY_API_TOKEN = os.environ.get("NEWSROOM_FASTLY_API_TOKEN", "")
NEWSROOM_FASTLY_API_URL = os.environ.get("NEWSROOM_FASTLY_API_URL", "https://api.fastly.com")
NEWSROOM_PURGE_TIMEOUT = env_int("NEWSROOM_PURGE_TIMEOUT", 5)
_PURGE_NEEDS = {
    "": [],
    "http": ["NEWSROOM_PURGE_HTTP_SERVERS"],
    "cloudflare": ["NEWSROOM_CLOUDFLARE_ZONE_ID", "NEWSROOM_CLOUDFLARE_API_TOKEN"],
    "fastly": ["NEWSROOM_FASTLY_SERVICE_ID", "NEWSROOM_FASTLY_API_TOKEN"],
}
if NEWSROOM_PURGE_BACKEND not in _PURGE_NEEDS:
    raise ImproperlyConfigured(
        f"NEWSROOM_PURGE_BACKEND={NEWSROOM_PURGE_BACKEND!r} is not one of http, cloudflare, fastly."
    )
for _name in _PURGE_NEEDS[NEWSROOM_PURGE_BACKEND]:
    if not globals()[_name]:
        raise ImproperlyConfigured(
            f"NEWSROOM_PURGE_BACKEND={NEWSROOM_PURGE_BACKEND} needs {_name}."
        )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation. Adding a language is a line here plus
# `makemigrations` (modeltranslation adds its columns to Article).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("id", _("Indonesian")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("de", _("German")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# A reader of /fr/ must never see another language's text in its place.
MODELTRANSLATION_ENABLE_FALLBACKS = False
# The tabbed admin's jQuery UI, served from our own static files: the default CDN URL
# is blocked by our Content-Security-Policy (and unreachable offline).
JQUERY_UI_URL = "articles/vendor/jquery-ui-1.13.3.min.js"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
# Our date formats where Django's differ from what readers use (newsroom/formats/).
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic writes here; whitenoise serves it (a deployment may point it elsewhere).
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Repeated failed logins lock that username from that address out for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("NEWSROOM_LOGIN_LOCKOUT", True)
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NEWSROOM_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The reverse proxies in front (the client's address is then read from X-Forwarded-For):
# without this, every client has the proxy's address and one lock-out locks out everyone.
NEWSROOM_TRUSTED_PROXIES = env_networks("NEWSROOM_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
AXES_CLIENT_IP_CALLABLE = "newsroom.proxies.client_ip"
AXES_RESET_ON_SUCCESS = True

# The site's name: the author of its feeds (articles/feeds.py).
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# E-mail: editors hear of submissions, translators of decisions (articles/notifications.py).
# In development the console shows them; with EMAIL_HOST set they go out by SMTP.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST or not DEBUG
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
# Where the links in those e-mails point (the site's own address, no trailing slash).
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")

# Importer limits.
NEWSROOM_IMPORT_MAX_BYTES = env_int("NEWSROOM_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
NEWSROOM_DEFAULT_BUNDLE = BASE_DIR / "fixtures" / "seeds"
# Files planned, linked and written together: an import's memory grows with this, not
# with the bundle (articles/importing/pipeline.py).
NEWSROOM_IMPORT_BATCH = env_int("NEWSROOM_IMPORT_BATCH", 2000, minimum=1)
# Bundles uploaded in the admin are stored here until the worker has imported them.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
NEWSROOM_UPLOAD_DIR = Path(os.environ.get("NEWSROOM_UPLOAD_DIR", MEDIA_ROOT / "upload"))
# Limits of one upload (articles/importing/uploads.py): its size as sent, the files in it,
# and for a .zip, what it unpacks to and how much one member may expand (a zip bomb).
NEWSROOM_UPLOAD_MAX_BYTES = env_int("NEWSROOM_UPLOAD_MAX_BYTES", 200 * 1024 * 1024, minimum=1)
NEWSROOM_UPLOAD_MAX_FILES = env_int("NEWSROOM_UPLOAD_MAX_FILES", 50_000, minimum=1)
NEWSROOM_UPLOAD_MAX_UNPACKED_BYTES = env_int(
    "NEWSROOM_UPLOAD_MAX_UNPACKED_BYTES", 1024 * 1024 * 1024, minimum=1
)
NEWSROOM_UPLOAD_MAX_RATIO = env_int("NEWSROOM_UPLOAD_MAX_RATIO", 100, minimum=1)
# Django's own limit on the files in one request, whatever the page: the upload's separate
# .txt files (a bigger bundle goes as a .zip, up to NEWSROOM_UPLOAD_MAX_FILES). Any POST with
# a CSRF cookie is parsed before it is refused, so a high limit here let anyone make a
# worker parse 50,000 empty files (2 CPU-s) with one request.
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 1000, minimum=1)

# Background tasks: review e-mails, CDN purges, the checks after an import and uploaded
# imports. The database backend needs no other service; its worker is `manage.py
# db_worker` (`make run` starts one). For more workers than one machine runs, the RQ
# backend (django-tasks-rq) reads the same tasks from Redis (docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("NEWSROOM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # Imports have a queue of their own: a worker for it keeps a long import from
        # holding e-mails and purges back (docs/operations.md).
        "QUEUES": ["default", "imports"],
    }
}
# Attempts of a task that fails (a mail server or CDN down) before it stays failed, and
# the wait before the first retry (doubled at each retry).
NEWSROOM_TASK_ATTEMPTS = env_int("NEWSROOM_TASK_ATTEMPTS", 4, minimum=1)
NEWSROOM_TASK_RETRY_SECONDS = env_int("NEWSROOM_TASK_RETRY_SECONDS", 30, minimum=0)

# Machine translation and its disclosure (docs/translation-workflow.md).
NEWSROOM_DEEPL_AUTH_KEY = os.environ.get("NEWSROOM_DEEPL_AUTH_KEY", "")
NEWSROOM_DEEPL_SERVER_URL = os.environ.get("NEWSROOM_DEEPL_SERVER_URL", "")
NEWSROOM_MT_URL = os.environ.get("NEWSROOM_MT_URL", "")
NEWSROOM_MT_API_KEY = os.environ.get("NEWSROOM_MT_API_KEY", "")
NEWSROOM_MT_TIMEOUT = env_int("NEWSROOM_MT_TIMEOUT", 20, minimum=1)
# "label": readers are told a published version began as machine translation (the
# default); "off": rely on the EU AI Act art. 50(4) exception for text a person reviewed
# and the newsroom holds editorial responsibility for.
NEWSROOM_MT_DISCLOSURE = os.environ.get("NEWSROOM_MT_DISCLOSURE", "label")
if NEWSROOM_MT_DISCLOSURE not in ("label", "off"):
    raise ImproperlyConfigured(
        f"NEWSROOM_MT_DISCLOSURE={NEWSROOM_MT_DISCLOSURE!r} is not one of label, off."
    )

# Production hardening: on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Scripts only from our own origin: imported text can never run as script.
# Inline style attributes stay allowed in the admin only (its widgets set them;
# newsroom/headers.py takes 'unsafe-inline' out of every other page's policy).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "without_traceback": {"()": "newsroom.log_filters.WithoutTraceback"},
        "refusal_without_traceback": {"()": "newsroom.log_filters.RefusalWithoutTraceback"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # A request for a host not in ALLOWED_HOSTS, or a refused one (403: a permission, a
    # CSRF failure), is one line in the log, not a traceback anyone could repeat at will.
    "loggers": {
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        "django.security.csrf": {"filters": ["without_traceback"]},
        "django.request": {"filters": ["refusal_without_traceback"]},
    },
}
