"""Uploaded files (MEDIA_ROOT) in a backup archive: added with their checksum, extracted, checked again."""

from __future__ import annotations

import hashlib
import shutil
import tarfile
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from tuachua.backup.manifest import MEDIA_PREFIX, BackupError

CHUNK = 1024 * 1024


class HashingReader:
    """A file read through this is hashed on the way, so the checksum describes exactly the bytes archived."""

    def __init__(self, file: BinaryIO):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def archive_add_file(tar: tarfile.TarFile, *, source: Path, name: str) -> dict[str, Any]:
    """Add `source` as member `name`; return its manifest entry (path, size, sha256)."""
    stat = source.stat()
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
    with source.open("rb") as file:
        reader = HashingReader(file)
        tar.addfile(info, reader)
    return {"path": name, "size": stat.st_size, "sha256": reader.digest.hexdigest()}


def media_files(root: Path) -> list[str]:
    """Relative POSIX paths of every file under `root`, sorted."""
    if not root.is_dir():
        return []
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def media_add(tar: tarfile.TarFile, *, root: Path) -> list[dict[str, Any]]:
    """Add every file under `root` as `media/<relative path>`; return their manifest entries."""
    entries = []
    for relative in media_files(root):
        entry = archive_add_file(tar, source=root / relative, name=MEDIA_PREFIX + relative)
        entries.append({**entry, "path": relative})
    return entries


def media_extract(tar: tarfile.TarFile, *, members: dict[str, tarfile.TarInfo], root: Path) -> None:
    """Write each member (keyed by its path relative to `root`) under `root`, refusing to leave it."""
    base = root.resolve()
    for relative, member in members.items():
        target = (base / relative).resolve()
        if base not in target.parents:
            raise BackupError(_("Tệp %(name)s sẽ nằm ngoài thư mục media; dừng phục hồi.") % {"name": relative})
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        with target.open("wb") as file:
            shutil.copyfileobj(source, file, CHUNK)


def media_remove_others(root: Path, *, keep: set[str]) -> int:
    """Delete files under `root` that are not in `keep`, then the folders left empty; return how many."""
    removed = [relative for relative in media_files(root) if relative not in keep]
    for relative in removed:
        (root / relative).unlink()
    for folder in sorted((path for path in root.rglob("*") if path.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return len(removed)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_verify(root: Path, entries: list[dict[str, Any]]) -> list[str]:
    """One line per file that is missing under `root` or whose size or sha256 differs from the manifest."""
    mismatches = []
    for entry in entries:
        path = root / entry["path"]
        if not path.is_file():
            mismatches.append(_("tệp %(path)s: không có") % {"path": entry["path"]})
        elif path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            mismatches.append(_("tệp %(path)s: nội dung khác manifest (sha256)") % {"path": entry["path"]})
    return mismatches


def media_count(root: Path) -> int:
    """How many files are under `root` (0 when it does not exist)."""
    return len(media_files(root))
