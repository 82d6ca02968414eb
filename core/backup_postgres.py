"""The PostgreSQL side of backups: `pg_dump --format=custom` into the archive and
`pg_restore` back out of it, run as child processes against the database Django is
connected to.

Why the client tools rather than a JSON fixture: at a million reviews a fixture takes
long to write and far longer to load row by row, while pg_dump copies tables as they
are (indexes, sequences and constraints included) and pg_restore rebuilds them in bulk.

The connection comes from `connections[alias].settings_dict`, turned into arguments and
libpq variables by Django's own `dbshell` client (so sslmode, sslrootcert, service and
passfile work as they do there). The password travels in PGPASSWORD, in the child's
environment only: never on a command line, where `ps` would show it to every user.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient

from core.backup_archive import BackupError

# Tables whose rows a backup leaves out (the tables themselves are kept, empty): sessions
# (a stolen backup must not sign anyone in; everyone signs in again), sign-in lockouts,
# and sorl-thumbnail's index of generated thumbnails, which are not archived either.
UNSAVED_TABLES_OF_APPS = ("sessions", "axes", "thumbnail")
# How long pg_restore waits for a table the running site holds before giving up, rather
# than queueing behind live requests for ever.
RESTORE_LOCK_TIMEOUT = "60s"


def tool(name: str, *, server_major: int) -> str:
    """The path of pg_dump or pg_restore, at least as new as the server; BackupError if
    there is none. PG_BIN_DIR picks a folder (e.g. /usr/lib/postgresql/16/bin)."""
    folder = os.environ.get("PG_BIN_DIR") or None
    path = shutil.which(name, path=folder)
    where = f"in PG_BIN_DIR ({folder})" if folder else "on the PATH"
    if path is None:
        raise BackupError(
            f"{name} was not found {where}. Backups of a PostgreSQL database need the "
            f"PostgreSQL client tools of version {server_major} or newer (Debian/Ubuntu: "
            f"apt install postgresql-client-{server_major}); PG_BIN_DIR can point at their "
            "bin folder."
        )
    major = tool_major_version(path)
    if major < server_major:
        raise BackupError(
            f"{path} is version {major} but the server is PostgreSQL {server_major}: "
            f"{name} must be at least as new as the server. Install "
            f"postgresql-client-{server_major} (or newer), or set PG_BIN_DIR to its bin "
            "folder."
        )
    return path


def tool_major_version(path: str) -> int:
    try:
        answer = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise BackupError(f"Could not run {path} --version ({error}).") from error
    # "pg_dump (PostgreSQL) 15.10 (Debian 15.10-1)"; "... 9.6.24" was major 9.6, i.e. 9.
    found = re.search(r"\(PostgreSQL\) (\d+)", answer)
    if not found:
        raise BackupError(f"{path} --version said {answer.strip()!r}: not a PostgreSQL tool?")
    return int(found.group(1))


def server_major_version(connection: BaseDatabaseWrapper) -> int:
    connection.ensure_connection()
    version: int = connection.pg_version  # type: ignore[attr-defined]  # PostgreSQL only
    return version // 10000


def _command(executable: str, settings_dict: dict, options: list[str]) -> tuple[list, dict]:
    """argv and environment for a client tool connected like `dbshell` would be."""
    if not settings_dict.get("NAME"):
        raise BackupError("The database settings name no database (NAME) to back up.")
    # dbshell's arguments end with the database name: "--dbname" before it names it for
    # pg_dump and pg_restore alike (pg_restore's positional argument is the archive).
    args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, ["--dbname"])
    return [executable, *options, *args[1:]], {**os.environ, **(env or {})}


def _run(argv: list[str], env: dict, what: str) -> None:
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True)
    except OSError as error:
        raise BackupError(f"Could not start {argv[0]} ({error}).") from error
    if result.returncode != 0:
        said = result.stderr.strip()[-2000:] or f"exit status {result.returncode}"
        raise BackupError(f"{what} failed: {said}")


def dump(
    connection: BaseDatabaseWrapper,
    target: Path,
    *,
    snapshot: str | None,
    unsaved_tables: list[str],
) -> int:
    """Write the database to `target` in pg_dump's custom format; returns pg_dump's major
    version (a restore needs a pg_restore at least that new). `snapshot` is an id from
    pg_export_snapshot(): pg_dump then sees exactly what the caller's transaction sees."""
    executable = tool("pg_dump", server_major=server_major_version(connection))
    options = ["--format=custom", f"--file={target}", "--no-password"]
    if snapshot:
        options.append(f"--snapshot={snapshot}")
    # Quoted: a pattern in double quotes matches that one table name exactly.
    options += [f'--exclude-table-data="{table}"' for table in unsaved_tables]
    argv, env = _command(executable, connection.settings_dict, options)
    _run(argv, env, "pg_dump")
    return tool_major_version(executable)


def check_readable(connection: BaseDatabaseWrapper, dump_file: Path, *, dumped_by: int) -> str:
    """The pg_restore to use for `dump_file`, once it has read the dump's table of
    contents; BackupError if the tool is missing or too old, or the dump unreadable."""
    server_major = server_major_version(connection)
    executable = tool("pg_restore", server_major=max(server_major, dumped_by))
    _run(
        [executable, "--list", str(dump_file)],
        dict(os.environ),
        "Reading the backup's database dump (pg_restore --list)",
    )
    return executable


def restore(connection: BaseDatabaseWrapper, dump_file: Path, *, executable: str) -> None:
    """Replace the database's tables with the dump's, in one transaction: pg_restore
    either restores all of it or, at the first error, rolls everything back."""
    if connection.in_atomic_block:
        # Our own open transaction would hold locks pg_restore's DROP TABLE waits for.
        raise BackupError("pg_restore cannot run while this process holds a transaction.")
    connection.close()  # nor an idle connection with cached state about the old tables
    options = ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-password"]
    argv, env = _command(executable, connection.settings_dict, options)
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c lock_timeout={RESTORE_LOCK_TIMEOUT}"
    _run([*argv, str(dump_file)], env, "pg_restore")
