"""Production settings refuse to serve without a SECRET_KEY; management commands may run without one."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    env.update({"DEBUG": "false", "DJANGO_SETTINGS_MODULE": "tuachua.settings"})
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_serving_without_a_secret_key_is_refused():
    result = run(["-c", "from tuachua.wsgi import application"])
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false." in result.stderr


def test_a_management_command_runs_without_one():
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
