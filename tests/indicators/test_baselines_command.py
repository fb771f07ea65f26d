"""`hientai baselines`: a real install computes its baselines once its data is in."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hientai.indicators.models import IndicatorTarget

pytestmark = pytest.mark.django_db


def test_baselines_are_written_once_for_targets_and_say_how_many():
    out = StringIO()
    call_command("baselines", "--year", "2024", stdout=out)
    written = IndicatorTarget.objects.filter(is_baseline=True, year=2024)
    assert f"Đã ghi {written.count()} giá trị cơ sở của năm 2024." in out.getvalue()
    targets = set(
        IndicatorTarget.objects.filter(is_baseline=False).values_list("indicator", "unit")
    )
    assert set(written.values_list("indicator", "unit")) <= targets  # only where a target is
    call_command("baselines", "--year", "2024", stdout=StringIO())  # again: nothing doubles
    assert IndicatorTarget.objects.filter(is_baseline=True, year=2024).count() == written.count()


def test_a_year_out_of_range_is_refused():
    with pytest.raises(CommandError, match="2000"):
        call_command("baselines", "--year", "24")
