"""Backup and restore of the whole installation: the database and the files beside it.

A backup is one tar archive (mode 0600: it holds personal data in clear):

- `manifest.json`: engine, time, the row count of every table, the size and SHA-256
  of every file;
- `database.sqlite3` (SQLite's online backup API: a consistent copy while the site
  runs, WAL included) or `database.pgdump` (`pg_dump --format=custom`);
- `files/media/...` and `files/jobs/...`: uploads, exports, import reports.

`restore` refuses a database or a file folder that is not empty, checks every file's
hash and every table's row count against the manifest, and writes nothing on a
mismatch it can detect before writing.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator as is."""


def file_roots() -> dict[str, Path]:
    """The folders whose files are part of a backup, by their name in the archive."""
    from hientai.jobs.services import jobs_dir

    return {"media": Path(settings.MEDIA_ROOT), "jobs": jobs_dir()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows per table of the default database (every table, Django's own included)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if not shutil.which(command[0]):
        raise BackupError(_("%(tool)s is not installed.") % {"tool": command[0]})
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": command[0], "error": done.stderr.strip()}
        )


def _dump_database(folder: Path) -> str:
    vendor = connection.vendor
    if vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # online: consistent even while the site writes
        finally:
            copy.close()
            source.close()
        return target.name
    if vendor == "postgresql":
        target = folder / "database.pgdump"
        args, env = _pg_env()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
        return target.name
    raise BackupError(_("Backups of a %(engine)s database are not supported.") % {"engine": vendor})


def backup(out: Path, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Write the archive `out` (atomically: a temporary file renamed into place)."""
    out = Path(out)
    if out.exists():
        raise BackupError(_("%(path)s already exists; choose a new file name.") % {"path": out})
    if not out.parent.is_dir():
        raise BackupError(_("The folder %(path)s does not exist.") % {"path": out.parent})
    moment = now or datetime.datetime.now(datetime.UTC)
    with tempfile.TemporaryDirectory(prefix=".hientai-backup-", dir=out.parent) as work:
        work_dir = Path(work)
        os.chmod(work_dir, 0o700)
        database_file = _dump_database(work_dir)
        files: dict[str, dict[str, Any]] = {}
        archive_path = work_dir / "archive.tar"
        with tarfile.open(archive_path, "w") as archive:
            archive.add(work_dir / database_file, arcname=database_file)
            for name, root in file_roots().items():
                if not root.is_dir():
                    continue
                for path in sorted(p for p in root.rglob("*") if p.is_file()):
                    arcname = f"files/{name}/{path.relative_to(root).as_posix()}"
                    files[arcname] = {"size": path.stat().st_size, "sha256": _sha256(path)}
                    archive.add(path, arcname=arcname)
            manifest = {
                "format": FORMAT_VERSION,
                "engine": connection.vendor,
                "created": moment.isoformat(),
                "database": database_file,
                "tables": table_counts(),
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(moment.timestamp())
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(data))
        os.chmod(archive_path, 0o600)
        os.replace(archive_path, out)
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _folder_is_empty(root: Path) -> bool:
    return not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def restore(source: Path) -> dict[str, Any]:
    """Restore the archive `source` into an empty database and empty file folders."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(_("File not found: %(path)s") % {"path": source})
    try:
        archive = tarfile.open(source, "r")  # noqa: SIM115 - closed by the `with` below
    except (tarfile.TarError, OSError) as error:
        raise BackupError(_("%(path)s is not a hientai backup.") % {"path": source}) from error
    with archive, tempfile.TemporaryDirectory(prefix=".hientai-restore-") as work:
        work_dir = Path(work)
        try:
            # The "data" filter refuses absolute paths, links out of the folder, devices.
            archive.extractall(work_dir, filter="data")
            manifest = json.loads((work_dir / MANIFEST).read_text())
        except (tarfile.TarError, OSError, ValueError, KeyError) as error:
            raise BackupError(_("%(path)s is not a hientai backup.") % {"path": source}) from error
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(_("%(path)s is not a hientai backup.") % {"path": source})
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                _("This backup is of a %(backup)s database; this installation uses %(engine)s.")
                % {"backup": manifest["engine"], "engine": connection.vendor}
            )
        for arcname, facts in manifest["files"].items():
            path = work_dir / arcname
            if not path.is_file() or _sha256(path) != facts["sha256"]:
                raise BackupError(_("The backup is damaged: %(file)s.") % {"file": arcname})
        if not _database_is_empty():
            raise BackupError(_("The database is not empty; restore only into a new database."))
        roots = file_roots()
        for root in roots.values():
            if not _folder_is_empty(root):
                raise BackupError(
                    _("The folder %(path)s is not empty; restore only into empty folders.")
                    % {"path": root}
                )
        _load_database(work_dir / manifest["database"])
        for name, root in roots.items():
            tree = work_dir / "files" / name
            if tree.is_dir():
                root.mkdir(parents=True, exist_ok=True)
                shutil.copytree(tree, root, dirs_exist_ok=True)
        counts = table_counts()
        if counts != manifest["tables"]:
            differing = sorted(
                table
                for table in set(counts) | set(manifest["tables"])
                if counts.get(table) != manifest["tables"].get(table)
            )
            raise BackupError(
                _("The restored database differs from the backup in: %(tables)s.")
                % {"tables": ", ".join(differing)}
            )
    return manifest


def _load_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.close()
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(dump)
        try:
            copy.backup(target)
        finally:
            copy.close()
            target.close()
        return
    connection.close()
    args, env = _pg_env()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *args,
            str(dump),
        ],
        env,
    )
