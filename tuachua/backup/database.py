"""The database in a backup: a consistent dump with the row count of every table, its restore, its check.

PostgreSQL: rows are counted in a REPEATABLE READ transaction whose snapshot pg_dump is given
(`--snapshot`), so the counts describe exactly the rows dumped. SQLite: the online backup API copies the
database, and rows are counted in the copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from tuachua.backup.manifest import DATABASE_MEMBERS, BackupError

# Rows that `migrate` itself writes: migration history, content types and permissions, and the role groups
# that plans creates after every migrate. A database holding only these counts as empty.
MIGRATE_TABLES = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "auth_group", "auth_group_permissions"}
)
# libpq settings Django reads from OPTIONS, passed to pg_dump/pg_restore as environment variables.
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


@dataclass(frozen=True)
class DatabaseDump:
    path: Path
    member: str
    tables: dict[str, int]
    migrations: dict[str, str]


def database_member(vendor: str) -> str:
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(_("Chưa hỗ trợ sao lưu cơ sở dữ liệu %(vendor)s.") % {"vendor": vendor})
    return DATABASE_MEMBERS[vendor]


def database_dump(*, connection: BaseDatabaseWrapper, directory: Path) -> DatabaseDump:
    """Dump the database into `directory`, with its row counts and latest migrations taken at the same moment."""
    member = database_member(connection.vendor)
    path = directory / member
    if connection.vendor == "postgresql":
        tables, migrations = _dump_postgresql(connection, path)
    else:
        tables, migrations = _dump_sqlite(connection, path)
    return DatabaseDump(path=path, member=member, tables=tables, migrations=migrations)


def _dump_postgresql(connection: BaseDatabaseWrapper, path: Path) -> tuple[dict[str, int], dict[str, str]]:
    pg_dump = _tool("pg_dump")
    snapshot = connection.copy()
    try:
        with snapshot.cursor() as cursor:
            cursor.execute("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            tables = row_counts(cursor, snapshot.introspection.table_names(cursor), snapshot.ops.quote_name)
            migrations = latest_migrations(cursor, tables)
            options = ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}"]
            _run_pg(pg_dump, [*options, f"--file={path}"], connection.settings_dict)
            cursor.execute("COMMIT")
    finally:
        snapshot.close()
    return tables, migrations


def _dump_sqlite(connection: BaseDatabaseWrapper, path: Path) -> tuple[dict[str, int], dict[str, str]]:
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        names = connection.introspection.table_names()
        cursor = copy.cursor()
        tables = row_counts(cursor, names, connection.ops.quote_name)
        return tables, latest_migrations(cursor, tables)
    finally:
        copy.close()


def row_counts(cursor: Any, tables: list[str], quote_name) -> dict[str, int]:
    """COUNT(*) of each table, by name."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def latest_migrations(cursor: Any, tables: dict[str, int]) -> dict[str, str]:
    """The migration each app applied last, from django_migrations."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
    return dict(sorted(dict(cursor.fetchall()).items()))


def database_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    with connection.cursor() as cursor:
        return row_counts(cursor, connection.introspection.table_names(cursor), connection.ops.quote_name)


def database_rows_beyond_migrate(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Tables holding rows that `migrate` did not write: what makes a database not empty."""
    counts = database_counts(connection)
    return {table: count for table, count in counts.items() if count and table not in MIGRATE_TABLES}


def database_restore_check(connection: BaseDatabaseWrapper) -> None:
    """Raise BackupError before anything is touched if the restore could not run here."""
    if connection.vendor == "postgresql":
        _tool("pg_restore")
    elif connection.is_in_memory_db():
        raise BackupError(_("Không phục hồi vào cơ sở dữ liệu SQLite trong bộ nhớ; cấu hình một tệp."))


def database_restore(*, connection: BaseDatabaseWrapper, dump: Path) -> None:
    """Replace the configured database by the dump (Django's connection is closed first)."""
    connection.close()
    if connection.vendor == "postgresql":
        options = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        _run_pg(_tool("pg_restore"), [*options, str(dump)], connection.settings_dict)
    else:
        _restore_sqlite(connection.settings_dict, dump)


def _restore_sqlite(settings_dict: dict[str, Any], dump: Path) -> None:
    source = sqlite3.connect(dump)
    target = sqlite3.connect(
        settings_dict["NAME"], timeout=(settings_dict.get("OPTIONS") or {}).get("timeout", 5), uri=True
    )
    try:
        source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(_("Không ghi được cơ sở dữ liệu SQLite: %(error)s") % {"error": error}) from error
    finally:
        target.close()
        source.close()


def pending_migrations(connection: BaseDatabaseWrapper) -> int:
    """How many migrations of the code are not applied to the database (a backup made by older code)."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("Không tìm thấy %(tool)s. Cài gói postgresql-client cùng phiên bản với máy chủ (hoặc mới hơn).")
            % {"tool": name}
        )
    return path


def _run_pg(tool: str, options: list[str], settings_dict: dict[str, Any]) -> None:
    """Run pg_dump or pg_restore on the configured database; raise BackupError with its message on failure."""
    arguments, env = _pg_connection(settings_dict)
    result = subprocess.run([tool, *options, *arguments], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s thất bại (mã %(code)s): %(error)s")
            % {"tool": Path(tool).name, "code": result.returncode, "error": result.stderr.strip()[-2000:]}
        )


def _pg_connection(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Command-line connection options (never the password, which goes in PGPASSWORD) and the environment."""
    arguments = ["--no-password", f"--dbname={settings_dict['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments.append(f"{option}={settings_dict[key]}")
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    env.update({name: str(options[option]) for option, name in PG_OPTION_ENV.items() if options.get(option)})
    return arguments, env
