"""Static files as production builds and serves them: collectstatic with the manifest storage, pages
rendered through it, files served compressed, and the health check and deploy check that report a gap."""

import gzip
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

STATIC_SOURCE = Path(settings.BASE_DIR) / "static"


def test_every_source_map_a_vendored_file_names_is_shipped():
    """collectstatic's manifest storage follows `sourceMappingURL` comments and stops on a missing map."""
    for path in STATIC_SOURCE.rglob("*"):
        if path.suffix not in (".js", ".css"):
            continue
        for target in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text(encoding="utf-8")):
            assert (path.parent / target).is_file(), f"{path} names {target}, which is not in the repository"


@pytest.fixture
def fresh_static_root(settings, tmp_path):
    """A new STATIC_ROOT, collected by the production storage (the settings signal resets the storage)."""
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_collectstatic_builds_the_manifest_and_compressed_copies(fresh_static_root):
    manifest = json.loads((fresh_static_root / "staticfiles.json").read_text())
    paths = manifest["paths"]
    for name in ("css/app.css", "js/app.js", "vendor/bootstrap/bootstrap.bundle.min.js", "vendor/htmx/htmx.min.js"):
        hashed = fresh_static_root / paths[name]
        assert hashed.is_file()
        assert gzip.decompress(Path(f"{hashed}.gz").read_bytes()) == hashed.read_bytes()
        assert Path(f"{hashed}.br").is_file()


def test_a_page_renders_with_hashed_names_and_its_files_are_served_compressed(fresh_static_root, client):
    page = client.get(reverse("login")).content.decode()
    hashed = staticfiles_storage.url("vendor/bootstrap/bootstrap.bundle.min.js")
    assert re.search(r"bootstrap\.bundle\.min\.[0-9a-f]{12}\.js$", hashed)
    assert hashed in page
    assert "/static/css/app." in page and "/static/css/app.css" not in page

    response = client.get(hashed, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]  # hashed names are cached for good


def test_healthz_answers_503_when_the_process_has_no_manifest(client, db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "empty"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "static": "manifest missing: run collectstatic"}


def test_healthz_asks_for_a_restart_when_the_manifest_came_after_the_process(client, db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "late"
    staticfiles_storage.hashed_files  # noqa: B018 - the worker loads (no) manifest at start
    settings.STATIC_ROOT.mkdir()
    (settings.STATIC_ROOT / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    body = client.get(reverse("healthz")).json()
    assert body["static"] == "manifest not loaded: restart the server"


def test_check_deploy_fails_without_a_manifest(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "nothing"
    with pytest.raises(SystemCheckError, match="tuachua.E001"):
        call_command("check", deploy=True, tags=["staticfiles"])


def test_check_deploy_passes_with_the_collected_manifest(fresh_static_root):
    call_command("check", deploy=True, tags=["staticfiles"])


def test_healthz_answers_over_plain_http_where_pages_redirect_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("login")).status_code == 301
