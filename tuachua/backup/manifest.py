"""The manifest (manifest.json) of a backup archive: what it holds, and what a restore must find again."""

from __future__ import annotations

import datetime
import re
from pathlib import PurePosixPath
from typing import Any

import django
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message tells the administrator why and what to do."""


def manifest_build(
    *,
    created_at: datetime.datetime,
    vendor: str,
    engine: str,
    database: dict[str, Any],
    migrations: dict[str, str],
    tables: dict[str, int],
    files: list[dict[str, Any]],
) -> dict[str, Any]:
    """The manifest of one archive; `database` is the member entry of the dump (path, size, sha256)."""
    return {
        "format": FORMAT,
        "created_at": created_at.isoformat(timespec="seconds"),
        "django": django.get_version(),
        "database": {"vendor": vendor, "engine": engine, **database},
        "migrations": migrations,
        "tables": tables,
        "files": files,
    }


def manifest_validate(data: Any) -> dict[str, Any]:
    """Return the manifest if its shape is right, else raise BackupError naming what is wrong."""
    problem = _manifest_problem(data)
    if problem:
        raise BackupError(_("manifest.json không hợp lệ: %(problem)s.") % {"problem": problem})
    for entry in data["files"]:
        safe_relative_path(entry["path"])
    return data


def _manifest_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return _("không phải một đối tượng JSON")
    if data.get("format") != FORMAT:
        return _("phiên bản định dạng %(found)r, cần %(expected)s") % {"found": data.get("format"), "expected": FORMAT}
    database = data.get("database")
    if not isinstance(database, dict) or DATABASE_MEMBERS.get(database.get("vendor")) != database.get("path"):
        return _("thiếu hoặc sai mục database")
    if not _is_file_entry(database):
        return _("mục database thiếu dung lượng hoặc mã băm")
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(_is_count(count) for count in tables.values()):
        return _("thiếu hoặc sai danh sách bảng")
    files = data.get("files")
    if not isinstance(files, list) or not all(_is_file_entry(entry) for entry in files):
        return _("thiếu hoặc sai danh sách tệp")
    return None


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_file_entry(entry: Any) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and _is_count(entry.get("size"))
        and isinstance(entry.get("sha256"), str)
        and bool(SHA256.match(entry["sha256"]))
    )


def safe_relative_path(name: str) -> PurePosixPath:
    """`name` as a relative path that stays inside its folder; absolute paths and '..' are refused."""
    path = PurePosixPath(name)
    unsafe = not name or "\\" in name or "\x00" in name or path.is_absolute()
    if unsafe or any(part in ("", ".", "..") for part in name.split("/")):
        raise BackupError(
            _("Tệp sao lưu có đường dẫn không an toàn (tuyệt đối hoặc có '..'): %(name)s. Không phục hồi gì.")
            % {"name": name}
        )
    return path
