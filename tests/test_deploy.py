"""The shipped production files agree with the application and with what CI runs."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from monitoring.services.uploads import MAX_UPLOAD_BYTES as REPORT_MAX_BYTES
from monitoring.views.recommendations import MAX_FILES
from training.upload import MAX_UPLOAD_BYTES as ANNEX_MAX_BYTES

ROOT = Path(settings.BASE_DIR)
NGINX = (ROOT / "deploy/nginx/tuachua.conf").read_text()
README = (ROOT / "README.md").read_text()
SERVE = (ROOT / ".ci/serve").read_text()
MB = 1024 * 1024


def readme_block(heading: str) -> list[str]:
    """The shell lines of the first code block after a bold step heading of README's production section."""
    section = README[README.index(heading) :]
    block = section[section.index("```sh") + 5 : section.index("```", section.index("```sh") + 5)]
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_ci_runs_readme_production_commands_verbatim():
    commands = [line for line in readme_block("**2. The application**") if line.startswith(".venv/bin/")]
    commands = [line for line in commands if "createsuperuser" not in line and "--upgrade pip" not in line]
    assert len(commands) >= 4
    for command in commands:
        assert command in SERVE, f"README's step `{command}` is not what CI runs"


def test_nginx_accepts_the_largest_upload_and_not_much_more():
    limit = int(re.search(r"client_max_body_size (\d+)m;", NGINX).group(1)) * MB
    largest = max(MAX_FILES * REPORT_MAX_BYTES, ANNEX_MAX_BYTES, REPORT_MAX_BYTES)
    assert largest < limit <= largest + 4 * MB


def test_nginx_compresses_text_and_serves_collected_static_files():
    types = re.search(r"gzip_types([^;]+);", NGINX).group(1).split()
    for kind in ("text/css", "application/javascript", "application/json", "image/svg+xml"):
        assert kind in types
    assert "gzip_static on;" in NGINX
    assert "alias /srv/tuachua/staticfiles/;" in NGINX
    production = (ROOT / "tuachua/settings.py").read_text()
    assert 'env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")' in production


def test_nginx_replaces_the_forwarded_address_and_talks_to_gunicorn():
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX  # not appended: the client cannot add one
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
    gunicorn = (ROOT / "deploy/gunicorn.conf.py").read_text()
    bind = re.search(r'"GUNICORN_BIND", "([^"]+)"', gunicorn).group(1)
    assert f"server {bind};" in NGINX
    assert bind.split(":")[0] in settings.TRUSTED_PROXIES


def test_systemd_unit_runs_the_shipped_gunicorn_settings():
    unit = (ROOT / "deploy/systemd/tuachua.service").read_text()
    assert "gunicorn --config deploy/gunicorn.conf.py tuachua.wsgi" in unit
    assert "gunicorn --config deploy/gunicorn.conf.py tuachua.wsgi" in SERVE


def test_every_cron_line_names_a_real_management_command():
    lines = [line for line in (ROOT / "deploy/cron/tuachua").read_text().splitlines() if "manage.py" in line]
    names = {re.search(r"manage\.py (\S+)", line).group(1) for line in lines}
    assert {"send_deadline_reminders", "send_recommendation_reminders", "backup", "clearsessions"} <= names
    assert names <= set(get_commands())
