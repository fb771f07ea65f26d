"""Settings fail loudly: unknown booleans and profiles, production checks, no writes at import."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "HIENTAI_PROFILE"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**base, "DJANGO_SETTINGS_MODULE": "hientai.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


LOAD = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def test_unknown_boolean_is_refused(tmp_path):
    result = _python(LOAD, {"HIENTAI_VAR_DIR": str(tmp_path), "DEBUG": "flase"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DEBUG='flase'" in result.stderr


def test_known_booleans_are_read(tmp_path):
    for word, expected in [("yes", "True"), ("OFF", "False"), ("1", "True"), ("", "False")]:
        result = _python(LOAD, {"HIENTAI_VAR_DIR": str(tmp_path), "DEBUG": word})
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected


def test_unknown_profile_is_refused(tmp_path):
    result = _python(LOAD, {"HIENTAI_VAR_DIR": str(tmp_path), "HIENTAI_PROFILE": "prod"})
    assert result.returncode != 0
    assert "HIENTAI_PROFILE='prod' is unknown" in result.stderr


def test_importing_the_settings_writes_nothing(tmp_path):
    var = tmp_path / "var"
    result = _python(LOAD, {"HIENTAI_VAR_DIR": str(var)})
    assert result.returncode == 0, result.stderr
    assert not var.exists()


CHECK = (
    "import django; django.setup(); from django.core import checks; "
    "print(sorted(m.id for m in checks.run_checks() if m.id.startswith('hientai.')))"
)


def test_production_without_key_debug_hosts_fails_the_checks(tmp_path):
    env = {
        "HIENTAI_VAR_DIR": str(tmp_path),
        "HIENTAI_PROFILE": "production",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    result = _python(CHECK, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['hientai.E001', 'hientai.E002', 'hientai.E003', 'hientai.E004', 'hientai.E005']"
    )


def test_production_set_up_properly_passes_the_checks(tmp_path):
    env = {
        "HIENTAI_VAR_DIR": str(tmp_path),
        "HIENTAI_PROFILE": "production",
        "SECRET_KEY": "s" * 64,
        "ALLOWED_HOSTS": "hientai.dongnai.gov.vn",
    }
    result = _python(CHECK, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_local_profile_has_no_production_errors(tmp_path):
    result = _python(CHECK, {"HIENTAI_VAR_DIR": str(tmp_path), "DEBUG": "1"})
    assert result.stdout.strip() == "[]", result.stderr
