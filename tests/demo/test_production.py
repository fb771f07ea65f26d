"""`hientai demo` refuses a production install: it would create accounts with a published
password."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hientai.accounts.models import User
from hientai.registry.models import Person


@pytest.mark.django_db
def test_demo_refuses_under_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="HIENTAI_PROFILE=production") as refused:
        call_command("demo", people="0")
    assert "Không nạp dữ liệu mẫu" in str(refused.value)  # Vietnamese first
    assert "hientai createsuperuser" in str(refused.value)
    assert not User.objects.exists() and not Person.objects.exists()


def test_real_production_install_is_refused_before_its_settings_checks(tmp_path):
    """As an operator types it: no SECRET_KEY nor hosts yet, the refusal is what they read."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env |= {"HIENTAI_PROFILE": "production", "HIENTAI_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "hientai", "demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Không nạp dữ liệu mẫu khi HIENTAI_PROFILE=production" in result.stderr
    assert "SystemCheckError" not in result.stderr
