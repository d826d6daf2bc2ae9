"""Backup and restore of the whole site: the database and every file under MEDIA_ROOT in ONE archive.

Why not django-dbbackup (5.4.0, read before writing this): its `dbbackup` and `mediabackup` commands write the
database and the media as two separate files, and its only metadata is a side file holding the engine and
connector names: no row counts, no file checksums, no check after a restore. `mediarestore` skips files that
already exist unless --replace and never removes files the backup lacks; its SQLite restore writes the file
over the live database, and it needs an INSTALLED_APPS entry. Its good parts (SQLite online backup API,
pg_dump --format=custom) are a few lines each, reused here.

    python manage.py backup [--output DIR_OR_FILE]      → tuachua-backup-<YYYYmmdd-HHMMSS>.tar
    python manage.py restore ARCHIVE [--force]
"""

from tuachua.backup.archive import BackupResult, RestoreResult, backup_create, backup_restore
from tuachua.backup.manifest import BackupError

__all__ = ["BackupError", "BackupResult", "RestoreResult", "backup_create", "backup_restore"]
