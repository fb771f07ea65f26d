"""The web shell: Vietnamese first, English switch, login, home figures, CLI, settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hientai.__main__ import main as hientai_main
from hientai.orgs.models import Unit, UnitKind

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default(client):
    page = client.get("/login/").content.decode()
    assert 'lang="vi"' in page
    assert "Đăng nhập" in page and "Mật khẩu" in page


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    page = client.get("/login/").content.decode()
    assert 'lang="en"' in page and "Sign in" in page and "Đăng nhập" not in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/login/"})
    assert "Đăng nhập" in client.get("/login/").content.decode()


@pytest.mark.django_db
def test_wrong_password_gets_a_vietnamese_error(client, officer_a):
    page = client.post("/login/", {"username": "officer_a", "password": "sai"}).content.decode()
    assert "Sai tên đăng nhập hoặc mật khẩu" in page


@pytest.mark.django_db
def test_home_shows_real_counts_in_scope(officer_a, coordinator, login):
    officer_page = login(officer_a).get("/").content.decode()
    in_scope = Unit.objects.current().filter(path__startswith="/75/25210/").count()
    assert f'<div class="value">{in_scope}</div>' in officer_page
    coordinator_page = login(coordinator).get("/").content.decode()
    wards = Unit.objects.current().filter(kind__in=[UnitKind.WARD, UnitKind.COMMUNE]).count()
    assert f'<div class="value">{wards}</div>' in coordinator_page
    assert "Đơn vị" in coordinator_page


def test_hyphenated_commands_reach_django(capsys):
    with pytest.raises(SystemExit) as caught:
        hientai_main(["hientai", "import-codes", "--help"])
    assert caught.value.code == 0
    assert "scheme,version,code" in capsys.readouterr().out


def _run_hientai(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hientai", *args],
        cwd=PROJECT,
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_profile_passes_deploy_checks(tmp_path):
    result = _run_hientai(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "HIENTAI_PROFILE": "production",
            "SECRET_KEY": "production-key-2026-" + "aB3dE5gH7jK9mN1pQ4sT6vW8yZ0cF2" * 2,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "hientai.dongnai.gov.vn",
            "HIENTAI_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_local_profile_fails_deploy_checks(tmp_path):
    result = _run_hientai(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "HIENTAI_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def test_secret_key_is_generated_once_into_var(tmp_path):
    env = {"HIENTAI_VAR_DIR": str(tmp_path), "SECRET_KEY": ""}
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _run_hientai("shell", "--no-imports", "-c", code, env=env).stdout.strip()
    second = _run_hientai("shell", "--no-imports", "-c", code, env=env).stdout.strip()
    assert len(first) >= 50 and first == second
    assert (tmp_path / "secret_key").read_text().strip() == first


@pytest.mark.django_db
def test_browser_language_does_not_override_vietnamese(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/login/", "/", "/units/", "/code-lists/", "/api/v1/docs", "/admin/"]
)
def test_every_asset_is_served_by_the_app(administrator, login, path):
    response = login(administrator).get(path)
    assert response.status_code == 200
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', response.content.decode())
