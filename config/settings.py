"""The one settings module. Every value that differs between deployments comes from the
environment through the typed readers in ``config.env``; ``.env.example`` lists them all."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.read_str("VAR_DIR") or BASE_DIR / "var")

DEBUG = env.read_bool("DEBUG", default=False)

SECRET_KEY = env.read_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.read_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = env.read_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "tuphap.core",
    "tuphap.places",
    "tuphap.accounts",
    "tuphap.statistics",
    "tuphap.casework",
    "tuphap.enforcement",
    "tuphap.population",
    "tuphap.civil_status",
    "tuphap.legislation",
    "tuphap.legal_aid",
    "tuphap.oversight",
    "tuphap.outreach",
    "tuphap.api",
    "tuphap.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tuphap.core.middleware.RequestContextMiddleware",
    # The browser middlewares: an API request without the session cookie skips them
    # (tuphap.core.browser_middleware; each a subclass of Django's or django-htmx's).
    "tuphap.core.browser_middleware.SessionMiddleware",
    "tuphap.core.browser_middleware.LocaleMiddleware",
    "tuphap.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tuphap.core.browser_middleware.CsrfViewMiddleware",
    "tuphap.core.browser_middleware.AuthenticationMiddleware",
    "tuphap.core.browser_middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tuphap.core.browser_middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "tuphap.core.middleware.IdempotencyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tuphap.web.context_processors.navigation",
            ],
        },
    },
]

# SQLite is the embedded default so that a fresh clone runs with nothing else installed;
# DATABASE_URL switches to PostgreSQL (production and CI). See docs/adr/0002.
DATABASE_URL = env.read_str("DATABASE_URL") or ""
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database lives here
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'tuphap.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement a connection runs this many times
    # prepared there (parsed and planned once): the write paths' statements are few and
    # repeated (ADR 0022). 0 turns preparing off (a pooler that cannot keep them).
    _prepare = env.read_int("DATABASE_PREPARE_THRESHOLD", 5, minimum=0)
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": _prepare or None,
    }
else:
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL or SQLite database.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes), by user name and client address together.
AXES_FAILURE_LIMIT = env.read_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.read_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "tuphap.accounts.views.lockout"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tuphap" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
# The app serves its own static files (WhiteNoise). In production `collectstatic` gathers and
# compresses them into STATIC_ROOT and STATIC_COLLECTED=true serves them from there (with
# their gzip and brotli versions); otherwise (development, tests) straight from the apps.
STATIC_COLLECTED = env.read_bool("STATIC_COLLECTED", default=False)
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
WHITENOISE_AUTOREFRESH = DEBUG

# Secure headers. HTTPS-only settings switch on with SECURE_HTTPS (behind TLS in production).
SECURE_HTTPS = env.read_bool("SECURE_HTTPS", default=False)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.read_int("SESSION_HOURS", 10, minimum=1) * 3600
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag instead.

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tuphap.accounts.authentication.TokenAuthentication",  # one statement (issue 17)
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tuphap.core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "tuphap.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "tuphap.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The API takes JSON only (its schema says so); files come in through the import pages.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "tuphap API",
    "DESCRIPTION": "Registers, statistics and reference data of the justice sector.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs page loads Swagger UI and Redoc from the app itself, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # <id:...> in the routing tables (tuphap/core/converters.py): a record id the database can hold.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}},
    "ENUM_NAME_OVERRIDES": {
        "HistoricStatusEnum": "tuphap.statistics.aggregate.models.HistoricStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tuphap.api.schema.add_error_components",
    ],
}

# Background work: Django's Tasks API. "immediate" runs a task in-process at once (tests,
# development); "database" queues it for `manage.py run_worker` (production). See docs/adr/0003
# and 0014.
TASKS_BACKEND = env.read_choice("TASKS_BACKEND", "immediate", ("immediate", "database"))
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_BACKEND == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# The gateway to the National Population Database (see docs/population-protocol.md).
# The public address of the site, printed (with a QR code) on certificates so that anyone can
# check a paper on the verification page.
PUBLIC_BASE_URL = (env.read_str("PUBLIC_BASE_URL") or "http://localhost:8000").rstrip("/")
if not PUBLIC_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("PUBLIC_BASE_URL must start with http:// or https://.")
POPULATION_DB_URL = env.read_str("POPULATION_DB_URL") or "http://127.0.0.1:8765"
POPULATION_DB_TIMEOUT_SECONDS = env.read_int("POPULATION_DB_TIMEOUT_SECONDS", 10, minimum=1)
POPULATION_RELAY_BATCH = env.read_int("POPULATION_RELAY_BATCH", 100, minimum=1)
POPULATION_RELAY_CONCURRENCY = env.read_int("POPULATION_RELAY_CONCURRENCY", 8, minimum=1)
POPULATION_RELAY_BATCH_ENDPOINT = env.read_bool("POPULATION_RELAY_BATCH_ENDPOINT", True)
POPULATION_RELAY_LEASE_SECONDS = env.read_int("POPULATION_RELAY_LEASE_SECONDS", 120, minimum=1)
POPULATION_RELAY_BACKOFF_BASE_SECONDS = env.read_int(
    "POPULATION_RELAY_BACKOFF_BASE_SECONDS", 1, minimum=1
)
POPULATION_RELAY_BACKOFF_CAP_SECONDS = env.read_int(
    "POPULATION_RELAY_BACKOFF_CAP_SECONDS", 300, minimum=1
)
POPULATION_RELAY_GIVE_UP_AFTER_SECONDS = env.read_int(
    "POPULATION_RELAY_GIVE_UP_AFTER_SECONDS", 86_400, minimum=60
)

# The worker (`manage.py run_worker`, docs/operations.md): seconds it sleeps between rounds.
WORKER_IDLE_SECONDS = env.read_int("WORKER_IDLE_SECONDS", 1, minimum=1)

# Logs go to standard error, as plain lines or (LOG_FORMAT=json) one JSON object a line.
LOG_FORMAT = env.read_choice("LOG_FORMAT", "plain", ("plain", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "tuphap.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.read_str("LOG_LEVEL") or "INFO"},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every rendering step at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
