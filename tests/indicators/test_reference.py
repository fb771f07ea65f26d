"""Reference data come with `migrate`, not with the demo: the indicator catalogue, the seed
plans' targets and the three statutory reporting datasets with their assignments, in a
database that has no user and no demo data."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from hientai.accounts.models import User
from hientai.indicators import reference
from hientai.indicators.models import Indicator, IndicatorTarget
from hientai.orgs.models import Unit, UnitKind
from hientai.plans.models import Plan
from hientai.registry.models import Person
from hientai.reporting import reference as reporting_reference
from hientai.reporting.models import Assignment, Dataset, DatasetIndicator, Submission

pytestmark = pytest.mark.django_db


def test_migrate_alone_has_the_catalogue_without_users_or_demo():
    assert not User.objects.exists()
    assert not Person.objects.exists() and not Plan.objects.exists()
    codes = [row["code"] for row in reference.catalogue_rows()]
    stored = list(Indicator.objects.order_by("position").values_list("code", flat=True))
    assert [code for code in stored if code in codes] == codes
    # Apps above keep a few indicators of their own (support, honours): reported by them.
    others = Indicator.objects.exclude(code__in=codes)
    assert set(others.values_list("kind", flat=True)) <= {"reported"}
    out = StringIO()
    call_command("indicators", period="2025", json=True, stdout=out)
    listed = [row["code"] for row in json.loads(out.getvalue())["indicators"]]
    assert sorted(listed) == sorted(stored)


def test_migrate_loads_the_seed_plans_targets():
    rows = reference.target_rows()
    expected = {(row["indicator"], row["unit"], row["year"]) for row in rows}
    loaded = set(
        IndicatorTarget.objects.filter(is_baseline=False).values_list(
            "indicator__code", "unit__code", "year"
        )
    )
    assert loaded == expected
    # No plan is loaded, so no target links to one; no baseline without data.
    assert not IndicatorTarget.objects.filter(plan_target__isnull=False).exists()
    assert not IndicatorTarget.objects.filter(is_baseline=True).exists()
    city_2030 = IndicatorTarget.objects.get(
        indicator__code="rd_postgrad_per_10k", unit__code="75", year=2030
    )
    assert city_2030.value == 12


def test_migrate_loads_the_statutory_datasets_and_assignments():
    due = {row.code: (row.period_type, row.due_day, row.due_month) for row in Dataset.objects.all()}
    assert due == {
        "BC6T-NLKHCN": ("half_year", 20, 6),
        "BCN-NLKHCN": ("year", 5, 12),
        "BCN-KNS": ("digital_year", 20, 11),
        # Issue 15: every other reported indicator of the plans on a dataset of its own.
        "BCN-KHCN": ("year", 5, 12),
        "BCN-NVKHCN": ("year", 5, 12),
        "BCN-LHH": ("year", 5, 12),
        "BCN-GDNN": ("year", 5, 12),
        "BCN-LDDT": ("year", 5, 12),
        "BCN-NLS-GD": ("digital_year", 20, 11),
    }
    local = set(
        Unit.objects.filter(
            kind__in=[UnitKind.WARD, UnitKind.COMMUNE], valid_to__isnull=True
        ).values_list("code", flat=True)
    )
    departments = set(
        Unit.objects.filter(kind=UnitKind.DEPARTMENT, valid_to__isnull=True).values_list(
            "code", flat=True
        )
    )
    assert local and departments

    def assigned(code: str) -> set[str]:
        return set(
            Assignment.objects.filter(dataset__code=code).values_list("unit__code", flat=True)
        )

    assert assigned("BC6T-NLKHCN") == assigned("BCN-NLKHCN") == local | departments
    assert assigned("BCN-KNS") == local
    assert set(
        Assignment.objects.filter(dataset__code="BCN-KNS").values_list("since", flat=True)
    ) == {datetime.date(2026, 1, 1)}
    # By group (all departments; all wards and communes) and named units.
    assert assigned("BCN-NVKHCN") == departments
    assert assigned("BCN-LDDT") == local
    assert assigned("BCN-KHCN") == {"75.SKHCN"}
    assert assigned("BCN-GDNN") == assigned("BCN-NLS-GD") == {"75.SGDDT"}
    assert assigned("BCN-LHH") == {"75.LHH"}
    for dataset in Dataset.objects.all():
        assert dataset.recipient.code == "75.SKHCN"
        assert dataset.items.count() >= 1
    # Every reported indicator of the catalogue is on a dataset.
    # (Indicators that apps keep themselves, such as SUP_ONTIME, are not the catalogue's.)
    catalogue = {row["code"] for row in json.loads(reference.CATALOGUE.read_text("utf-8"))}
    reported = set(
        Indicator.objects.filter(kind="reported", code__in=catalogue).values_list("code", flat=True)
    )
    on_forms = set(DatasetIndicator.objects.values_list("indicator__code", flat=True))
    assert len(reported) == 18 and reported <= on_forms
    assert not Submission.objects.exists()


def test_reference_loaders_are_idempotent():
    before = (
        Indicator.objects.count(),
        IndicatorTarget.objects.count(),
        Assignment.objects.count(),
    )
    reference.load_catalogue()
    reference.load_targets()
    reporting_reference.load_datasets()
    after = (Indicator.objects.count(), IndicatorTarget.objects.count(), Assignment.objects.count())
    assert after == before
