"""One backup archive (an uncompressed tar): the database dump, `media/<path>` for every uploaded file, and
manifest.json written last. Writing goes to a hidden folder next to the target and ends with a rename;
restoring checks the whole archive before it touches anything, and checks the result afterwards.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from tuachua.backup.database import (
    database_counts,
    database_dump,
    database_restore,
    database_restore_check,
    database_rows_beyond_migrate,
    pending_migrations,
)
from tuachua.backup.manifest import (
    MANIFEST,
    MANIFEST_MAX_BYTES,
    MEDIA_PREFIX,
    BackupError,
    manifest_build,
    manifest_validate,
    safe_relative_path,
)
from tuachua.backup.media import (
    CHUNK,
    HashingReader,
    archive_add_file,
    media_add,
    media_count,
    media_extract,
    media_remove_others,
    media_verify,
)

BACKUP_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
LISTED = 5  # names shown in a message before "…"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    tables: int
    rows: int
    files: int
    file_bytes: int
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    created_at: str
    tables: int
    rows: int
    files: int
    file_bytes: int
    removed_files: int
    pending_migrations: int
    seconds: float
    mismatches: list[str] = field(default_factory=list)


def backup_create(*, output: str | Path | None = None) -> BackupResult:
    """Write the database and every file under MEDIA_ROOT into one archive; `output` is a folder or a .tar file."""
    started = time.monotonic()
    created_at = timezone.localtime(timezone.now(), BACKUP_TIME_ZONE)
    target = backup_target(output, created_at)
    _refuse_inside_media(target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".tuachua-backup-") as work:
        partial = Path(work) / f"{target.name}.part"
        manifest = _write_archive(partial, directory=Path(work), created_at=created_at)
        os.replace(partial, target)
    _fsync_folder(target.parent)
    return BackupResult(
        path=target,
        size=target.stat().st_size,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        file_bytes=sum(entry["size"] for entry in manifest["files"]),
        seconds=time.monotonic() - started,
    )


def backup_target(output: str | Path | None, created_at: datetime.datetime) -> Path:
    """`output` itself if it names a .tar file, else tuachua-backup-<YYYYmmdd-HHMMSS>.tar in the folder `output`
    (created if missing) or BACKUP_DIR."""
    name = f"tuachua-backup-{created_at:%Y%m%d-%H%M%S}.tar"
    if output is None:
        return Path(getattr(settings, "BACKUP_DIR", Path(settings.BASE_DIR) / "var" / "backups")) / name
    output = Path(output)
    return output if output.suffix == ".tar" and not output.is_dir() else output / name


def _refuse_inside_media(folder: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if folder.resolve() == media_root or media_root in folder.resolve().parents:
        raise BackupError(_("Không ghi bản sao lưu vào trong MEDIA_ROOT (%(root)s).") % {"root": media_root})


def _write_archive(path: Path, *, directory: Path, created_at: datetime.datetime) -> dict[str, Any]:
    dump = database_dump(connection=connection, directory=directory)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            database = archive_add_file(tar, source=dump.path, name=dump.member)
            dump.path.unlink()
            files = media_add(tar, root=Path(settings.MEDIA_ROOT))
            manifest = manifest_build(
                created_at=created_at,
                vendor=connection.vendor,
                engine=connection.settings_dict["ENGINE"],
                database=database,
                migrations=dump.migrations,
                tables=dump.tables,
                files=files,
            )
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        raw.flush()
        os.fsync(raw.fileno())
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(content), int(time.time()), 0o600
    tar.addfile(info, io.BytesIO(content))


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def backup_restore(*, archive: Path, force: bool = False) -> RestoreResult:
    """Restore the database and MEDIA_ROOT from `archive`, then compare both with its manifest.

    Refuses, touching nothing, an unreadable archive, one of another database vendor, and (unless `force`)
    a target that is not empty. With `force`, files under MEDIA_ROOT that the archive lacks are removed.
    """
    started = time.monotonic()
    media_root = Path(settings.MEDIA_ROOT)
    with _open_archive(archive) as tar:
        manifest = _read_manifest(tar)
        database_member, media_members = _archive_members(tar, manifest)
        _check_target(manifest, media_root=media_root, force=force)
        _restore_database(tar, database_member, manifest["database"])
        media_extract(tar, members=media_members, root=media_root)
    removed = media_remove_others(media_root, keep=set(media_members)) if force else 0
    mismatches = _table_mismatches(manifest["tables"]) + media_verify(media_root, manifest["files"])
    return RestoreResult(
        created_at=manifest["created_at"],
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        file_bytes=sum(entry["size"] for entry in manifest["files"]),
        removed_files=removed,
        pending_migrations=pending_migrations(connection),
        seconds=time.monotonic() - started,
        mismatches=mismatches,
    )


@contextmanager
def _open_archive(path: Path) -> Iterator[tarfile.TarFile]:
    if not path.is_file() or not os.access(path, os.R_OK):
        raise BackupError(_("Không tìm thấy hoặc không đọc được tệp sao lưu %(path)s.") % {"path": path})
    try:
        with tarfile.open(path, "r:*") as tar:
            yield tar
    except (tarfile.TarError, EOFError) as error:
        raise BackupError(_unreadable(path, error)) from error


def _unreadable(path: Path, error: Exception) -> str:
    detail = str(error).strip()
    message = _("%(path)s không phải tệp sao lưu đọc được (tar hỏng hoặc bị cắt cụt)") % {"path": path}
    return f"{message}: {detail}" if detail and "\n" not in detail else f"{message}."


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError(
            _("Tệp sao lưu không có manifest.json: không do lệnh backup tạo ra, hoặc bị cắt cụt. Không phục hồi gì.")
        ) from None
    if not member.isfile() or member.size > MANIFEST_MAX_BYTES:
        raise BackupError(_("manifest.json trong tệp sao lưu không hợp lệ."))
    try:
        data = json.loads(tar.extractfile(member).read().decode("utf-8"))
    except ValueError as error:
        raise BackupError(_("manifest.json hỏng (không đọc được JSON): %(error)s") % {"error": error}) from error
    return manifest_validate(data)


def _archive_members(tar: tarfile.TarFile, manifest: dict[str, Any]) -> tuple[tarfile.TarInfo, dict]:
    """The database member and the media members (by path under MEDIA_ROOT), after checking every member."""
    database_name = manifest["database"]["path"]
    database, media, seen = None, {}, set()
    for member in tar.getmembers():
        safe_relative_path(member.name)
        if member.name in seen or not (member.isfile() or member.isdir()):
            raise BackupError(
                _("Tệp sao lưu có mục trùng hoặc không phải tệp thường: %(name)s. Không phục hồi gì.")
                % {"name": member.name}
            )
        seen.add(member.name)
        if member.isdir():
            continue
        if member.name == database_name:
            database = member
        elif member.name.startswith(MEDIA_PREFIX):
            media[str(safe_relative_path(member.name.removeprefix(MEDIA_PREFIX)))] = member
        elif member.name != MANIFEST:
            raise BackupError(_("Tệp sao lưu có mục lạ: %(name)s. Không phục hồi gì.") % {"name": member.name})
    _check_complete(database, set(media), manifest)
    return database, media


def _check_complete(database: tarfile.TarInfo | None, media: set[str], manifest: dict[str, Any]) -> None:
    listed = {entry["path"] for entry in manifest["files"]}
    problems = []
    if database is None or not database.isfile() or database.size != manifest["database"]["size"]:
        problems.append(_("thiếu hoặc sai %(name)s") % {"name": manifest["database"]["path"]})
    if missing := sorted(listed - media):
        problems.append(_("thiếu tệp %(names)s") % {"names": _names(missing)})
    if extra := sorted(media - listed):
        problems.append(_("có tệp không ghi trong manifest: %(names)s") % {"names": _names(extra)})
    if problems:
        raise BackupError(
            _("Tệp sao lưu không khớp manifest (%(problems)s). Không phục hồi gì.") % {"problems": "; ".join(problems)}
        )


def _names(names: list[str]) -> str:
    return ", ".join(names[:LISTED]) + (", …" if len(names) > LISTED else "")


def _check_target(manifest: dict[str, Any], *, media_root: Path, force: bool) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            _(
                "Tệp sao lưu là cơ sở dữ liệu %(archive)s, còn trang đang cấu hình %(current)s: không phục hồi chéo "
                "được. Đặt DATABASE_URL trỏ tới một cơ sở dữ liệu %(archive)s."
            )
            % {"archive": vendor, "current": connection.vendor}
        )
    if not force:
        rows = database_rows_beyond_migrate(connection)
        files = media_count(media_root)
        if rows or files:
            raise BackupError(_not_empty_message(rows, files, media_root))
    database_restore_check(connection)


def _not_empty_message(rows: dict[str, int], files: int, media_root: Path) -> str:
    found = []
    if rows:
        tables = _names([f"{table} ({count})" for table, count in sorted(rows.items())])
        found.append(
            _("cơ sở dữ liệu có dữ liệu ở %(count)s bảng: %(tables)s") % {"count": len(rows), "tables": tables}
        )
    if files:
        found.append(_("%(root)s có %(count)s tệp") % {"root": media_root, "count": files})
    return _(
        "Nơi phục hồi không trống: %(found)s. Không phục hồi gì. Hãy phục hồi vào một cơ sở dữ liệu mới tạo "
        "(createdb, hoặc một tệp SQLite chưa có) và một thư mục media trống, hoặc thêm --force để thay toàn bộ "
        "dữ liệu và tệp hiện có bằng bản sao lưu."
    ) % {"found": "; ".join(found)}


def _restore_database(tar: tarfile.TarFile, member: tarfile.TarInfo, entry: dict[str, Any]) -> None:
    """Extract the dump to a temporary file, check its sha256, then load it into the configured database."""
    with tempfile.TemporaryDirectory(prefix="tuachua-restore-") as work:
        dump = Path(work) / member.name
        reader = HashingReader(tar.extractfile(member))
        with dump.open("wb") as file:
            shutil.copyfileobj(reader, file, CHUNK)
        if reader.digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                _("%(name)s khác mã sha256 trong manifest: tệp sao lưu bị hỏng. Không phục hồi gì.")
                % {"name": member.name}
            )
        database_restore(connection=connection, dump=dump)


def _table_mismatches(expected: dict[str, int]) -> list[str]:
    counts = database_counts(connection)
    mismatches = []
    for table, rows in expected.items():
        if table not in counts:
            mismatches.append(_("bảng %(table)s: không có") % {"table": table})
        elif counts[table] != rows:
            mismatches.append(
                _("bảng %(table)s: %(found)s dòng, manifest ghi %(rows)s")
                % {"table": table, "found": counts[table], "rows": rows}
            )
    return mismatches
