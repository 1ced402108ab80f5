"""Settings shared by every environment; values come from the environment (django-environ).

The embedded default needs no server: SQLite for data and kombu's ``filesystem://`` broker for
Celery. Setting ``DATABASE_URL`` (PostgreSQL) and ``CELERY_BROKER_URL`` (Redis) switches to the
production parts with no code change.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "axes",
    "csp",
    "auditlog",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "organisation",
    "units",
    "directives",
    "notifications",
    "satisfaction",
    "reminders",
    "dashboard",
    "district_reports",
    "security",
    "api",
    "calendars",
    "transparency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "security.middleware.AdminListFilterGuard",
    "security.passwords.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tamduong_cchc.urls"

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
                "units.context_processors.roles",
                "notifications.context_processors.unread_notifications",
                "directives.context_processors.demo_data",
            ],
        },
    },
]

WSGI_APPLICATION = "tamduong_cchc.wsgi.application"


def tune_database(database: dict) -> dict:
    """Engine-specific options shared by every settings module."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Let the web server, the worker and beat share one SQLite file without "database is locked".
        database.setdefault("OPTIONS", {}).update(
            {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
        )
    elif "postgresql" in database["ENGINE"]:
        # PostgreSQL's JIT spent seconds compiling the dashboard's aggregates (bench/dashboard_province.py:
        # dashboard 3.9 s with JIT, 1.7 s without); this app's queries are short and gain nothing from it.
        database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    return database


DATABASES = {
    "default": tune_database(env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks every sign-in first: after AXES_FAILURE_LIMIT failures for one username from
# one address, that pair is locked out for AXES_COOLOFF_TIME hours (so a stranger cannot lock a
# colleague out from elsewhere). Every attempt is recorded (visible in the admin).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.views.locked_out"  # a Vietnamese page, status 429
# The client's address for the lock-out (and every per-client limit) is security.clients.client_address:
# behind TRUSTED_PROXY_COUNT reverse proxies (0: none), the address the outermost one appended to
# X-Forwarded-For; what a client writes there itself is never read.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "security.clients.client_address"

# Sessions live in the database, so any web node serves any signed-in user.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=10 * 60 * 60)  # one working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): everything from this site only, no inline script or style,
# no CDN. Bootstrap's CSS draws its icons with data: SVG images, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Audit trail (django-auditlog): every create, change and delete of these models is recorded with
# who, when and the values before and after. App labels register every model of the app, including
# models added later; see security/views.py for the office's reading page.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "units",
    "directives",
    {"model": "auth.User", "exclude_fields": ["password", "last_login"]},
    {"model": "api.ApiToken", "exclude_fields": ["digest", "last_used_at"]},
    {"model": "calendars.CalendarFeed", "exclude_fields": ["digest"]},
    "transparency",
    "security.PasswordChangeRequired",  # who set whose password (the hash itself is never recorded)
    "auth.Group",
)
AUDITLOG_DISABLE_ON_RAW_SAVE = True  # `make restore` (loaddata) brings its own audit entries back

# REST API (api/): tokens or (reads only) the session, JSON only, one error shape, a rate per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "api.authentication.SessionReadAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env("API_RATE_LIMIT", default="300/minute")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],  # evidence uploads add multipart
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    # Title and description in the request's language: api.schema.describe_api.
    "TITLE": "CCHC API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No links inside the operations' buttons (deep links), no schema section nor coloured code: what
    # axe-core finds inaccessible in Swagger UI (tamduong_cchc/tests/test_accessibility_browser.py).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "defaultModelsExpandDepth": -1, "syntaxHighlight": {"activated": False}},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema.describe_api",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "directives.models.ReportStatus",
        "ExtensionStatusEnum": "directives.models.ExtensionStatus",
        "DirectiveStatusEnum": "directives.models.DirectiveStatus",
        "UnitKindEnum": "units.models.UnitKind",
        "EvidenceKindEnum": "directives.models.EvidenceKind",
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The project's own templates, then Vietnamese for django-celery-beat's admin pages (the package ships none).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "tamduong_cchc" / "vendor_locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tamduong_cchc.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Uploaded files (scans, evidence) are private: they are never served from a public URL, only
# through permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-public/"
# `make backup` writes its archives here (database + uploaded files); keep a copy off this machine.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Upload limits (bytes), configurable from the environment.
SCAN_MAX_BYTES = env.int("SCAN_MAX_BYTES", default=20 * 1024 * 1024)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# What one report may carry in all: a number of files and their total size.
EVIDENCE_MAX_FILES_PER_REPORT = env.int("EVIDENCE_MAX_FILES_PER_REPORT", default=20)
EVIDENCE_MAX_TOTAL_BYTES_PER_REPORT = env.int("EVIDENCE_MAX_TOTAL_BYTES_PER_REPORT", default=100 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: the embedded default writes every message as a file under var/mail/.
EMAIL_CONFIG = env.email("EMAIL_URL", default="filemail://")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.filebased.EmailBackend"
        if EMAIL_CONFIG.get("EMAIL_HOST", "") in ("", None)
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(EMAIL_CONFIG.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(EMAIL_CONFIG.get("EMAIL_USE_SSL", False))
EMAIL_TIMEOUT = 20
EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="CCHC Tam Đường <cchc@tamduong.laichau.gov.vn>")
EMAIL_SUBJECT_PREFIX = "[CCHC] "
# A reminder left "sending" longer than this (a worker died mid-send) is sent again; keep it well
# above EMAIL_TIMEOUT so that a live worker's message is never taken from it.
REMINDERS_SENDING_LEASE_SECONDS = env.int("REMINDERS_SENDING_LEASE_SECONDS", default=600)

# Celery: kombu's filesystem transport needs no server; Redis in production.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)  # the transport does not create its folder
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # Remote-control exchanges (worker pidbox); without this they land in ./control/.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # With acks_late, a task held by a worker that dies goes back to the queue after this many
    # seconds; keep it longer than the longest task, or a slow task also runs a second time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Everything to stderr, which gunicorn, Celery and the container runtime collect: a command's standard
    # output stays its own (`manage.py dumpdata > data.json` holds JSON only).
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Password of the demo accounts that seed_demo creates (printed by `make run`).
DEMO_PASSWORD = env("DEMO_PASSWORD", default="TamDuong@2020")
