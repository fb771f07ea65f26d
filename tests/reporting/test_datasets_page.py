"""Datasets are managed on pages (not the admin), through `save_dataset`: the coordinator
only, one audit row per change; bad input gets a Vietnamese message and nothing is written;
a group assigns every current ward and commune."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied

from hientai.core.models import AuditEntry
from hientai.orgs.models import Unit, UnitKind
from hientai.reporting import services
from hientai.reporting.models import Assignment, Dataset, PeriodType
from tests.reporting.rep_support import *  # noqa: F403
from tests.reporting.rep_support import at

LIST = "/reporting/datasets/"
NEW = "/reporting/datasets/new/"


def _form(catalogue, **changes):
    data = {
        "name_vi": "Báo cáo quý về nhân lực số",
        "name_en": "Quarterly digital workforce report",
        "period_type": PeriodType.YEAR,
        "due_day": "15",
        "due_month": "11",
        "active": "on",
        "indicators": [catalogue["trained"].pk, catalogue["experts"].pk],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_coordinator_creates_and_edits_a_dataset(indicators, unit_a, coordinator, login):
    client = login(coordinator)
    assert client.get(LIST).status_code == 200
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, _form(indicators, units=[unit_a.pk]))
    assert response.status_code == 302
    dataset = Dataset.objects.get(name_vi="Báo cáo quý về nhân lực số")
    assert (dataset.due_day, dataset.due_month, dataset.active) == (15, 11, True)
    assert list(dataset.items.values_list("indicator__code", flat=True)) == [
        "T.TRAINED",
        "T.EXPERTS",
    ]
    assert list(dataset.assignments.values_list("unit", flat=True)) == [unit_a.pk]
    created = AuditEntry.objects.get(action="create", object_id=str(dataset.pk))
    assert created.actor == coordinator and created.after["indicators"] == [
        "T.TRAINED",
        "T.EXPERTS",
    ]
    page = client.get(LIST).content.decode()
    assert "Báo cáo quý về nhân lực số" in page and "15/11" in page

    edit = f"/reporting/datasets/{dataset.pk}/"
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, _form(indicators, due_day="20", active=None, indicators=[indicators["rnd"].pk])
    )
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.due_day == 20 and not dataset.active
    assert list(dataset.items.values_list("indicator__code", flat=True)) == ["T.RND"]
    # unit A was not chosen again: its assignment ended, not deleted (past reports count)
    assert Assignment.objects.get(dataset=dataset, unit=unit_a).until is not None
    updated = AuditEntry.objects.get(action="update", object_id=str(dataset.pk))
    assert updated.actor == coordinator
    assert updated.before["due_day"] == 15 and updated.after["due_day"] == 20
    assert AuditEntry.objects.filter(object_id=str(dataset.pk)).count() == 2


@pytest.mark.parametrize("persona", ["officer_a", "leader", "expert", "dept_officer"])
def test_other_roles_are_refused(persona, datasets, indicators, request, login):
    client = login(request.getfixturevalue(persona))
    year = datasets["year"]
    before = list(Dataset.objects.values_list())
    for url in (LIST, NEW, f"/reporting/datasets/{year.pk}/"):
        assert client.get(url).status_code == 403
        assert client.post(url, _form(indicators, due_day="1")).status_code == 403
    assert list(Dataset.objects.values_list()) == before
    assert not AuditEntry.objects.exists()


def test_the_service_refuses_other_roles(indicators, leader):
    with pytest.raises(PermissionDenied):
        services.save_dataset(
            Dataset(name_vi="X", period_type=PeriodType.YEAR, due_day=1, due_month=1),
            leader,
            indicators=[indicators["trained"]],
        )
    assert not Dataset.objects.filter(name_vi="X").exists()


def test_bad_due_day_gets_a_vietnamese_error_and_nothing_is_written(
    datasets, indicators, coordinator, login
):
    client = login(coordinator)
    response = client.post(NEW, _form(indicators, due_day="30", due_month="2"))
    assert response.status_code == 200
    assert "Ngày 30 không phải là một ngày của tháng 2." in response.content.decode()
    assert not Dataset.objects.filter(name_vi="Báo cáo quý về nhân lực số").exists()
    year = datasets["year"]
    response = client.post(f"/reporting/datasets/{year.pk}/", _form(indicators, due_day="32"))
    assert "Ngày 32 không phải là một ngày của tháng 11." in response.content.decode()
    response = client.post(f"/reporting/datasets/{year.pk}/", _form(indicators, indicators=[]))
    assert "Hãy chọn ít nhất một chỉ tiêu do đơn vị báo cáo." in response.content.decode()
    year_before = Dataset.objects.get(pk=year.pk)
    assert (year_before.due_day, year_before.name_vi) == (5, year.name_vi)
    assert year_before.items.count() == 4
    assert not AuditEntry.objects.exists()


def test_a_group_assigns_every_current_ward_and_commune(indicators, unit_a, coordinator, login):
    # A ward closed (merged away) is not assigned; every current ward and commune is.
    closed = Unit.objects.filter(kind=UnitKind.WARD, valid_to__isnull=True).exclude(pk=unit_a.pk)[0]
    closed.valid_to = datetime.date(2025, 7, 1)
    closed.save(update_fields=["valid_to"])
    client = login(coordinator)
    response = client.post(NEW, _form(indicators, groups=["local"]))
    assert response.status_code == 302
    dataset = Dataset.objects.get(name_vi="Báo cáo quý về nhân lực số")
    local = set(
        Unit.objects.filter(
            kind__in=[UnitKind.WARD, UnitKind.COMMUNE], valid_to__isnull=True
        ).values_list("pk", flat=True)
    )
    assert len(local) > 2
    assert set(dataset.assignments.values_list("unit", flat=True)) == local
    assert closed.pk not in local
    assert services.dataset_groups(dataset) == ["local"]
    # The edit page ticks the group back.
    page = client.get(f"/reporting/datasets/{dataset.pk}/").content.decode()
    assert re.search(r'value="local"[^>]*checked', page)
    assert not re.search(r'value="departments"[^>]*checked', page)


def test_service_dates_the_audit_row(indicators, coordinator):
    now = at(2026, 12, 7)
    dataset = services.save_dataset(
        Dataset(name_vi="Báo cáo đột xuất", period_type=PeriodType.AD_HOC),
        coordinator,
        indicators=[indicators["trained"]],
        groups=["departments"],
        now=now,
    )
    entry = AuditEntry.objects.get(object_id=str(dataset.pk))
    assert entry.at == now and entry.actor == coordinator and dataset.code == "DS-20261207-1"
    again = services.save_dataset(
        Dataset(name_vi="Báo cáo đột xuất 2", period_type=PeriodType.AD_HOC),
        coordinator,
        indicators=[indicators["rnd"]],
        now=now,
    )
    assert again.code == "DS-20261207-2"
    assert dataset.assignments.filter(unit__kind=UnitKind.DEPARTMENT).count() == (
        Unit.objects.filter(kind=UnitKind.DEPARTMENT, valid_to__isnull=True).count()
    )
