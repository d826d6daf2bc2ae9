"""Settings for the test suite: the normal settings with fast hashing and test-friendly defaults."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("ALLOWED_HOSTS", "*")
# pytest-django's live_server runs next to Playwright's event loop (browser tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tuachua.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# The production static storage (hashed names, manifest, compressed copies): tests/conftest.py runs
# `collectstatic` into this folder once per test session, before any page is rendered, and removes it after.
# One folder per session, so two suites running at once (SQLite and PostgreSQL) never see half a collection.
STATIC_ROOT = Path(tempfile.gettempdir()) / f"tuachua-test-static-{os.getpid()}"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "documents": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-documents"},
}
