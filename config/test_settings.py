"""Test settings: the production pair, PostgreSQL and Redis, on this machine unless told otherwise."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/playbook")
# Database 15 keeps test jobs apart from anything a developer runs on the same Redis.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("SECRET_KEY", "playbook-tests-only-not-a-secret")

from config.settings import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the finders; no collectstatic before tests
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
CELERY_BEAT_SCHEDULE = {}
WEBHOOK_INSECURE_HOSTS = ["localhost", "127.0.0.1"]  # the tests' own receiver (tests/support/receiver.py)
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
PANELS_KEPT = False  # a test reads what it just wrote; tests/playbook/test_kept_panels.py turns it on
