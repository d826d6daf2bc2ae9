"""`manage.py backup` and `manage.py restore`: one archive holding the database and MEDIA_ROOT, put back into a
fresh database and media folder, and checked.

A restore is run as an administrator would: `manage.py restore` in its own process, with DATABASE_URL pointing
at a new, empty database (a new SQLite file, or a database just created on the PostgreSQL server) and
MEDIA_ROOT at an empty folder. The tests that back up real data are transactional, so pg_dump sees the rows.
"""

import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from plans.models import UnitKind
from tests.factories import PlanFactory, UnitFactory, UserFactory
from tuachua.backup.database import database_rows_beyond_migrate

ROOT = Path(__file__).resolve().parent.parent
REPORT = "private/monitoring/reports/2024/03/báo-cáo tháng 3 — xã Sính Phình.pdf"
MEDIA = {
    REPORT: "%PDF-1.4 báo cáo kết quả giám sát".encode(),
    "private/monitoring/evidence/2024/05/anh-hien-truong.jpg": bytes(range(256)) * 40,
    "private/monitoring/minutes/bien-ban.txt": "Biên bản làm việc".encode(),
}


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def checksums(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256(p.read_bytes()) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    for name, content in MEDIA.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def site_data(media):
    province = UnitFactory(code="DB", name="Điện Biên", kind=UnitKind.PROVINCE)
    district = UnitFactory(code="TC", name="Tủa Chùa", kind=UnitKind.DISTRICT, parent=province)
    UnitFactory(code="SP", name="Sính Phình", parent=district)
    PlanFactory(issuing_unit=district, title="Thực hiện Dự án 7 năm 2024")
    UserFactory(username="can-bo")


@pytest.fixture
def backup(site_data, tmp_path):
    """Back up the test database and media; return the archive."""
    output = tmp_path / "backups"  # not there yet: created, as in the cron line
    call_command("backup", output=str(output), stdout=io.StringIO())
    (archive,) = output.iterdir()
    return archive


# --- a fresh target: a new database and an empty media folder, for `manage.py restore` in a subprocess ---


def _pg_admin(*statements: str) -> None:
    import psycopg2

    source = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        user=source["USER"],
        password=source["PASSWORD"],
        host=source["HOST"],
        port=source["PORT"] or None,
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        admin.close()


@pytest.fixture
def target(tmp_path):
    """Environment of a manage.py process whose database and MEDIA_ROOT are new and empty."""
    source = connection.settings_dict
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(DJANGO_SETTINGS_MODULE="tuachua.settings", DEBUG="false", SECRET_KEY="backup-test-key-0123456789")
    env.update(MEDIA_ROOT=str(tmp_path / "restored-media"), PYTHONIOENCODING="utf-8")
    if connection.vendor != "postgresql":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield env
        return
    name = f"{source['NAME']}_restore"
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    credentials = quote(source["USER"]) + (f":{quote(source['PASSWORD'])}" if source["PASSWORD"] else "")
    env["DATABASE_URL"] = f"postgres://{credentials}@{source['HOST']}:{source['PORT'] or 5432}/{name}"
    env["TARGET_NAME"] = name
    yield env
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore(env: dict, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", "restore", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, encoding="utf-8", timeout=120)


def target_rows(env: dict) -> dict[str, int]:
    """Row count of every table of the target database, read with the plain driver."""
    if "TARGET_NAME" in env:
        import psycopg2

        db = psycopg2.connect(env["DATABASE_URL"])
        tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    else:
        db = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
        tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    try:
        cursor = db.cursor()
        cursor.execute(tables_sql)
        counts = {}
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts
    finally:
        db.close()


def source_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


# --- round trip ---


@pytest.mark.django_db(transaction=True)
def test_backup_writes_one_archive_with_database_media_and_manifest(backup, media):
    assert re.fullmatch(r"tuachua-backup-\d{8}-\d{6}\.tar", backup.name)
    assert backup.stat().st_mode & 0o077 == 0  # personal data and password hashes: owner only
    with tarfile.open(backup) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    database = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}[connection.vendor]
    assert names == {"manifest.json", database, *(f"media/{name}" for name in MEDIA)}
    assert manifest["format"] == 1
    assert manifest["created_at"].endswith("+07:00")
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == source_rows()
    assert manifest["migrations"]["plans"].startswith("00")
    assert {entry["path"]: entry["sha256"] for entry in manifest["files"]} == checksums(media)


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_target_gives_back_every_row_and_file(backup, media, target):
    result = restore(target, str(backup))

    assert result.returncode == 0, result.stderr
    assert "khớp manifest" in result.stdout
    assert target_rows(target) == source_rows()
    assert checksums(Path(target["MEDIA_ROOT"])) == checksums(media)


@pytest.mark.django_db(transaction=True)
def test_a_non_empty_target_is_refused_without_force_and_replaced_with_it(backup, media, target):
    assert restore(target, str(backup)).returncode == 0
    rows = target_rows(target)
    stray = Path(target["MEDIA_ROOT"]) / "private" / "tep-la.txt"
    stray.write_text("không có trong bản sao lưu")

    refused = restore(target, str(backup))

    assert refused.returncode != 0
    assert "không trống" in refused.stderr and "--force" in refused.stderr
    assert "plans_administrativeunit" in refused.stderr
    assert stray.exists()
    assert target_rows(target) == rows

    forced = restore(target, str(backup), "--force")

    assert forced.returncode == 0, forced.stderr
    assert not stray.exists()
    assert checksums(Path(target["MEDIA_ROOT"])) == checksums(media)


@pytest.mark.django_db(transaction=True)
def test_a_media_file_changed_after_the_manifest_fails_verification(backup, target, tmp_path):
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(backup) as source, tarfile.open(tampered, "w", format=tarfile.PAX_FORMAT) as copy:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == f"media/{REPORT}":
                content = content.replace(b"PDF", b"XXX")
            copy.addfile(member, io.BytesIO(content))

    result = restore(target, str(tampered))

    assert result.returncode != 0
    assert REPORT in result.stderr
    assert "sha256" in result.stderr


# --- refusals that touch nothing (in this process) ---


def hand_made_archive(path: Path, *, vendor: str | None = None, extra: dict | None = None, manifest: bool = True):
    """An archive shaped like a backup: a (fake) database member, two media files and their manifest."""
    vendor = vendor or connection.vendor
    member = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}[vendor]
    dump, files = b"not a real dump", {"a.txt": b"a", "b/c.txt": b"c"}
    entries = [{"path": name, "size": len(content), "sha256": sha256(content)} for name, content in files.items()]
    data = {
        "format": 1,
        "created_at": "2024-03-18T08:00:00+07:00",
        "database": {"vendor": vendor, "engine": "x", "path": member, "size": len(dump), "sha256": sha256(dump)},
        "migrations": {},
        "tables": {},
        "files": entries,
    }
    members = {member: dump, **{f"media/{name}": content for name, content in files.items()}, **(extra or {})}
    if manifest:
        members["manifest.json"] = json.dumps(data).encode()
    with tarfile.open(path, "w") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


def test_a_garbage_file_is_refused(tmp_path):
    garbage = tmp_path / "tuachua-backup.tar"
    garbage.write_bytes(os.urandom(3000))

    with pytest.raises(CommandError, match="không phải tệp sao lưu"):
        call_command("restore", str(garbage))


def test_a_tar_without_manifest_is_refused(tmp_path):
    archive = hand_made_archive(tmp_path / "no-manifest.tar", manifest=False)

    with pytest.raises(CommandError, match="không có manifest.json"):
        call_command("restore", str(archive))


@pytest.mark.parametrize("name", ["media/../../escaped.txt", "../escaped.txt", "/tmp/escaped.txt"])
def test_a_member_leaving_its_folder_is_refused(settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path / "deep" / "media"
    archive = hand_made_archive(tmp_path / "evil.tar", extra={name: b"gotcha"})

    with pytest.raises(CommandError, match="không an toàn"):
        call_command("restore", str(archive))
    assert not any(tmp_path.rglob("escaped.txt"))
    assert not settings.MEDIA_ROOT.exists()


def test_an_archive_of_another_database_vendor_is_refused(tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    archive = hand_made_archive(tmp_path / "other.tar", vendor=other)

    with pytest.raises(CommandError, match=f"cơ sở dữ liệu {other}"):
        call_command("restore", str(archive))


def test_a_non_empty_target_is_refused_and_left_untouched(db, media, tmp_path):
    UnitFactory(code="TC", name="Tủa Chùa", kind=UnitKind.DISTRICT)
    before = source_rows()
    archive = hand_made_archive(tmp_path / "backup.tar")

    with pytest.raises(CommandError, match="không trống") as refused:
        call_command("restore", str(archive))

    assert "plans_administrativeunit (1)" in str(refused.value)
    assert "3 tệp" in str(refused.value)
    assert source_rows() == before
    assert checksums(media) == {name: sha256(content) for name, content in MEDIA.items()}


def test_a_database_holding_only_what_migrate_wrote_counts_as_empty(db):
    assert database_rows_beyond_migrate(connection) == {}

    UserFactory(username="can-bo")

    assert database_rows_beyond_migrate(connection) == {"auth_user": 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is for PostgreSQL only")
def test_backup_without_pg_dump_fails_cleanly_and_leaves_no_file(monkeypatch, tmp_path):
    monkeypatch.setattr("tuachua.backup.database.shutil.which", lambda name: None)

    with pytest.raises(CommandError, match="Không tìm thấy pg_dump"):
        call_command("backup", output=f"{tmp_path}/")
    assert list(tmp_path.iterdir()) == []
