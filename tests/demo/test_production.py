"""`hientai demo` refuses a production install: it would create accounts with a published
password."""

import pytest
from django.core.management import call_command, execute_from_command_line
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


@pytest.mark.django_db
def test_demo_refusal_exits_nonzero(settings, capsys):
    settings.PRODUCTION = True
    with pytest.raises(SystemExit) as stopped:
        execute_from_command_line(["hientai", "demo", "--if-empty"])
    assert stopped.value.code != 0
    assert "HIENTAI_PROFILE=production" in capsys.readouterr().err
    assert not User.objects.exists()
