"""The importer changes a status through `registry.services` (issue 11): the open period
closes the day before the new one, the new period opens, the profile takes the status,
and all of it is versioned as the importing user; a date not after the timeline's last
period is a warning and changes nothing."""

import csv
import datetime

import pytest

from hientai.exchange.errors import ImportFileError
from hientai.registry import models as m
from tests.exchange.import_support import TODAY, do_import, people, write_csv

pytestmark = pytest.mark.django_db
SINCE = TODAY + datetime.timedelta(days=1)  # after every generated period, before any run


def _with_status(path, status: str, since: datetime.date) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for row in rows[1:]:
        row[header.index("status")] = status
        row[header.index("status_since")] = since.strftime("%d/%m/%Y")
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_a_changed_status_opens_a_versioned_period(tmp_path, officer_a):
    records = [r for r in people(30, seed=21) if r.status != "retired"][:3]
    path = write_csv(tmp_path / "p.csv", records)
    assert do_import(path, officer_a).created == 3
    _with_status(path, "retired", SINCE)
    result = do_import(path, officer_a)
    assert result.committed and result.updated == 3, result.findings[:3]
    for person in m.Person.objects.all():
        periods = list(person.status_periods.order_by("effective_from"))
        assert [p.status for p in periods[-1:]] == ["retired"]
        assert periods[-1].effective_from == SINCE and periods[-1].effective_to is None
        assert periods[-2].effective_to == SINCE - datetime.timedelta(days=1)
        assert person.status == "retired"
        versions = m.ProfileVersion.objects.filter(person=person, user=officer_a)
        assert versions.filter(entity="statusperiod", action="create").exists()
        assert versions.filter(entity="person", action="update").exists()
    # The same file again: the period is there, nothing changes.
    again = do_import(path, officer_a)
    assert (again.updated, again.unchanged) == (0, 3)


def test_a_status_date_before_the_timeline_is_a_warning(tmp_path, officer_a):
    records = [r for r in people(30, seed=22) if r.status != "retired"][:2]
    path = write_csv(tmp_path / "p.csv", records)
    do_import(path, officer_a)
    before = m.StatusPeriod.objects.count()
    _with_status(path, "retired", datetime.date(1990, 1, 1))
    result = do_import(path, officer_a)
    assert result.committed and result.rejected == 0
    assert m.StatusPeriod.objects.count() == before
    warnings = [f for f in result.findings if f.field == "status_since"]
    assert len(warnings) == 2 and all(f.level == "warning" for f in warnings)


def test_a_committed_import_writes_one_audit_row_and_a_rejected_one_none(tmp_path, officer_a):
    from hientai.core.models import AuditEntry

    records = people(30, seed=23)[:4]
    path = write_csv(tmp_path / "p.csv", records)
    result = do_import(path, officer_a)
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor == officer_a and entry.channel == "import"
    assert entry.object_id == str(result.batch_id) and entry.object_label == "p.csv"
    assert entry.after["created"] == 4 and entry.after["rows"] == 4
    bad = tmp_path / "bad.csv"
    # The header's first columns run together: no name column is left (a file without a
    # managing-unit column now takes the unit of work as its managing unit instead).
    bad.write_text(path.read_text(encoding="utf-8").replace(",", ";", 6), encoding="utf-8")
    with pytest.raises(ImportFileError):
        do_import(bad, officer_a)
    assert AuditEntry.objects.filter(action="import").count() == 1
