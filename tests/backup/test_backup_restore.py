"""`hientai backup` then `hientai restore` into a fresh database gives identical rows in
every table and the same files, on SQLite and on PostgreSQL; restore refuses a database
that is not empty and a damaged archive."""

import hashlib
import io
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.exchange.import_support import UNIT_A, people, write_csv

ROOT = Path(__file__).resolve().parents[2]


def _env(database_url: str, var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT"}}
    env.update(DATABASE_URL=database_url, HIENTAI_VAR_DIR=str(var), PYTHONPATH=str(ROOT))
    return env


def _hientai(env: dict, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "hientai", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def _fill(env: dict, tmp_path: Path, var: Path) -> None:
    """A site with data in many tables and files in both folders."""
    _hientai(env, "migrate", "--noinput", "-v0")
    _hientai(
        env,
        "shell",
        "-c",
        "from hientai.accounts.models import User;"
        "User.objects.create_superuser('root', password='backup-test-2026')",
    )
    source = write_csv(tmp_path / "nguoi.csv", people(25, units=[UNIT_A]))
    _hientai(env, "import_people", str(source), "--as", "root")
    for relative, content in {
        "media/uploads/ke-hoach.docx": b"PK\x03\x04 a plan",
        "jobs/1/export.xlsx": os.urandom(5000),
        "jobs/1/progress.json": b'{"done": 25}',
    }.items():
        path = var / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _files(var: Path) -> dict[str, str]:
    return {
        path.relative_to(var).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in ("media", "jobs")
        for path in sorted((var / folder).rglob("*"))
        if path.is_file()
    }


def _sqlite_rows(path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: sorted(db.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        db.close()


def test_sqlite_backup_then_restore_is_identical(tmp_path):
    var_a, var_b = tmp_path / "a", tmp_path / "b"
    env_a = _env(f"sqlite:///{tmp_path / 'a.sqlite3'}", var_a)
    env_b = _env(f"sqlite:///{tmp_path / 'b.sqlite3'}", var_b)
    _fill(env_a, tmp_path, var_a)
    archive = tmp_path / "sao-luu.tar"
    _hientai(env_a, "backup", str(archive))
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # personal data in clear

    _hientai(env_b, "restore", str(archive))
    source, restored = _sqlite_rows(tmp_path / "a.sqlite3"), _sqlite_rows(tmp_path / "b.sqlite3")
    assert source.keys() == restored.keys()
    assert len(source["registry_person"]) == 25
    for table in source:
        assert source[table] == restored[table], table
    assert _files(var_a) == _files(var_b) and len(_files(var_a)) == 3

    # A second restore into the now filled database is refused, nothing changed.
    again = _hientai(env_b, "restore", str(archive), ok=False)
    assert again.returncode != 0 and "empty" in again.stderr + again.stdout
    assert _sqlite_rows(tmp_path / "b.sqlite3") == restored

    # An existing archive is never overwritten.
    assert _hientai(env_a, "backup", str(archive), ok=False).returncode != 0


def test_a_damaged_archive_is_refused_and_nothing_is_written(tmp_path):
    var_a = tmp_path / "a"
    env_a = _env(f"sqlite:///{tmp_path / 'a.sqlite3'}", var_a)
    _fill(env_a, tmp_path, var_a)
    archive = tmp_path / "sao-luu.tar"
    _hientai(env_a, "backup", str(archive))
    damaged = tmp_path / "hong.tar"
    with tarfile.open(archive) as good, tarfile.open(damaged, "w") as bad:
        for member in good.getmembers():
            data = good.extractfile(member).read()
            if member.name == "files/jobs/1/progress.json":
                data = b'{"done": 99}'
                member.size = len(data)
            bad.addfile(member, io.BytesIO(data))
    env_c = _env(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path / "c")
    done = _hientai(env_c, "restore", str(damaged), ok=False)
    assert done.returncode != 0 and "progress.json" in done.stderr
    assert not _sqlite_rows(tmp_path / "c.sqlite3")
    assert not (tmp_path / "c" / "jobs").exists()


def _pg_rows(url: str) -> dict[str, list[tuple]]:
    import psycopg

    with psycopg.connect(url) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_backup_then_restore_is_identical(tmp_path):
    import psycopg

    settings_db = connection.settings_dict
    base = (
        f"postgres://{settings_db['USER']}:{settings_db['PASSWORD'] or ''}@"
        f"{settings_db['HOST'] or '127.0.0.1'}:{settings_db['PORT'] or 5432}"
    )
    names = [f"hientai_bk_{uuid.uuid4().hex[:8]}_{side}" for side in ("a", "b")]
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        url_a, url_b = (f"{base}/{name}" for name in names)
        var_a, var_b = tmp_path / "a", tmp_path / "b"
        env_a, env_b = _env(url_a, var_a), _env(url_b, var_b)
        _fill(env_a, tmp_path, var_a)
        archive = tmp_path / "sao-luu.tar"
        _hientai(env_a, "backup", str(archive))
        _hientai(env_b, "restore", str(archive))
        source, restored = _pg_rows(url_a), _pg_rows(url_b)
        assert source.keys() == restored.keys() and len(source["registry_person"]) == 25
        for table in source:
            assert source[table] == restored[table], table
        assert _files(var_a) == _files(var_b)
        again = _hientai(env_b, "restore", str(archive), ok=False)
        assert again.returncode != 0
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
