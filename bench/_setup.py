"""Django set-up shared by the bench scripts: run them from anywhere, with the project's settings."""

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuachua.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-key-not-used-for-serving-0123456789")
# Requests go through Django's test client over plain HTTP; pages use the production static storage, collected
# into a folder of the bench's own.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench-static"))
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("collectstatic", interactive=False, verbosity=0)
