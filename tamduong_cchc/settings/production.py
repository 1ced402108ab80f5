"""Production settings: PostgreSQL, Redis, SMTP, gunicorn + whitenoise; fails fast on missing secrets."""

from .base import *  # noqa: F403
from .base import env, tune_database

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # no default: refuse to start without it
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": tune_database(env.db("DATABASE_URL"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
# One cache shared by every gunicorn process and node (the survey's rate limit counts there);
# the per-process default would let each process count on its own.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default="redis://127.0.0.1:6379/1"),
    }
}
# Sessions are read from that cache (written through to PostgreSQL, so a Redis restart signs
# nobody out): one database query less on every page.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Static files: `manage.py collectstatic` once per release; whitenoise serves them from gunicorn,
# hashed names with far-future cache headers, plus compressed variants.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The site runs behind TLS (a reverse proxy sets X-Forwarded-Proto). DJANGO_HTTPS=0 exists only for
# a load test over plain HTTP on localhost (bench/load_run.py); `check --deploy` then complains.
HTTPS = env.bool("DJANGO_HTTPS", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS and env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# "__Host-" cookies are only accepted over HTTPS, for this host, on path / (no sub-domain can set them).
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
