"""Django set-up shared by the bench scripts: run them from anywhere, with the project's settings."""

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuachua.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-key-not-used-for-serving-0123456789")
# Requests go through Django's test client over plain HTTP, without collected static files.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()
