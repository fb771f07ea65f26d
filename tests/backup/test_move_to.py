"""`hientai move-to`: the embedded database (the demo) copied into an empty PostgreSQL
database, counts and checksums equal per table; a non-empty or non-PostgreSQL target
refused. Run as the commands an administrator types (own var dir, own SQLite file)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def empty_postgres():
    """A new PostgreSQL database (named after the branch), dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    name = f"intake_moveto_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}", name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _run(env: dict, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "hientai", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_the_demo_moves_to_postgresql_with_equal_counts(empty_postgres, tmp_path):
    url, _name = empty_postgres
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(HIENTAI_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="hientai.settings")
    _run(env, "migrate", "-v0")
    _run(env, "demo", "--people", "120")
    out = _run(env, "move-to", url).stdout
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert lines["registry_person"][1:3] == ["120", "120"]
    # Every table: the same count on both sides, checksums equal ("có": yes).
    rows = [parts for table, parts in lines.items() if "_" in table and len(parts) == 5]
    assert len(rows) > 50 and all(p[1] == p[2] and p[4] == "có" for p in rows)
    assert "search_fts" in out  # SQLite's own full-text table: listed as not copied

    import psycopg

    with psycopg.connect(url) as target:
        count = target.execute("SELECT count(*) FROM registry_person").fetchone()[0]
        assert count == 120
        # Sequences were reset: the next id comes after the copied ones.
        top = target.execute("SELECT max(id) FROM orgs_unit").fetchone()[0]
        nextval = target.execute(
            "SELECT nextval(pg_get_serial_sequence('orgs_unit', 'id'))"
        ).fetchone()[0]
        assert nextval > top

    # The target is no longer empty: a second move is refused.
    again = _run(env, "move-to", url, ok=False)
    assert again.returncode != 0 and "không trống" in again.stderr


def test_a_target_that_is_not_postgresql_is_refused(tmp_path):
    env = dict(os.environ, HIENTAI_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    done = _run(env, "move-to", f"sqlite:///{tmp_path / 'x.sqlite3'}", ok=False)
    assert done.returncode != 0 and "PostgreSQL" in done.stderr
