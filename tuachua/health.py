"""What a server needs before it can serve a page: a reachable database and the static files manifest.

Used by /healthz (for load balancers and monitoring) and by the deployment system check, so the two agree.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import connection


def database_status() -> str:
    """ "ok" or "unavailable" (the error itself is not shown: the endpoint is public)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return "unavailable"
    return "ok"


def uses_manifest() -> bool:
    """True when pages name static files through the manifest that `collectstatic` writes (production)."""
    return isinstance(staticfiles_storage, ManifestFilesMixin)


def manifest_path() -> Path:
    return Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name


def static_status() -> str:
    """ "ok" when this process loaded a manifest (or needs none, in development), else what is missing.

    The storage reads the manifest once, when the process starts: a worker started before `collectstatic`
    answers HTTP 500 on every page until it is restarted, so the health check asks the loaded copy.
    """
    if not uses_manifest():
        return "ok"
    if staticfiles_storage.hashed_files:
        return "ok"
    if manifest_path().is_file():
        return "manifest not loaded: restart the server"
    return "manifest missing: run collectstatic"
