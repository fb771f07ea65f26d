"""SensitiveAccess is append-only and outlives the person; coordinators, administrators and
the data protection officer search and export it on a page; every channel logs."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.core.models import AuditEntry
from hientai.registry.models import Person, SensitiveAccess
from hientai.registry.privacy import log_access, log_accesses
from hientai.registry.services import delete_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(db) -> User:
    user = User.objects.create_user("dpo", password="dpo-pass-2026-long")
    RoleAssignment.objects.create(user=user, role=Role.DPO)
    return user


def _at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 3, day, 9, 0))


def test_rows_survive_deleting_the_person(officer_a, administrator, make_person):
    person = make_person(officer_a, personal_id="075085000123")
    log_access(person, officer_a, ["personal_id"])  # the default channel still works
    other = make_person(officer_a, given_name="Lan", personal_id="075085000124")
    log_access(other, officer_a, ["personal_id"], "job-file")
    pk, name, other_pk = person.pk, person.full_name, other.pk
    delete_person(person, administrator, "yêu cầu xoá")
    other.delete()  # even a plain ORM delete keeps the log
    row = SensitiveAccess.objects.get(person_ref=pk)
    assert row.person is None and row.person_label == name and row.unit_code == "25210"
    assert row.channel == "web" and row.user == officer_a and row.user_name == "officer_a"
    assert SensitiveAccess.objects.get(person_ref=other_pk).channel == "job-file"
    assert SensitiveAccess.objects.count() == 2
    assert AuditEntry.objects.get(person_id=pk, action="delete").actor == administrator


def test_rows_cannot_be_updated_or_deleted(officer_a, make_person):
    person = make_person(officer_a, personal_id="075085000123")
    log_access(person, officer_a, ["personal_id"], "web")
    row = SensitiveAccess.objects.get()
    row.fields = "nothing"
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    with pytest.raises(ValidationError):
        SensitiveAccess.objects.all().delete()
    with pytest.raises(ValidationError):
        SensitiveAccess.objects.filter(pk=row.pk).update(fields="x")
    assert SensitiveAccess.objects.get().fields == "personal_id"


def test_admin_cannot_edit_or_delete_access_rows(administrator, officer_a, make_person, login):
    person = make_person(officer_a, personal_id="075085000123")
    log_access(person, officer_a, ["personal_id"], "web")
    row = SensitiveAccess.objects.get(channel="web")
    client = login(administrator)
    page = client.get(f"/admin/registry/sensitiveaccess/{row.pk}/change/")
    assert page.status_code == 200 and 'name="fields"' not in page.content.decode()
    assert (
        client.post(
            f"/admin/registry/sensitiveaccess/{row.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert SensitiveAccess.objects.filter(pk=row.pk).exists()


def test_bulk_logging_keeps_names(officer_a, make_person):
    person = make_person(officer_a)
    assert log_accesses(officer_a, [(person.pk, ["phone"]), (999999, ["email"])], "export") == 2
    kept = SensitiveAccess.objects.get(person_ref=person.pk)
    assert kept.person_label == person.full_name and kept.channel == "export"
    assert SensitiveAccess.objects.get(person_ref=999999).person is None


@pytest.mark.parametrize("persona", ["coordinator", "administrator", "dpo"])
def test_readers_reach_the_page(persona, request, login):
    client = login(request.getfixturevalue(persona))
    page = client.get("/people/access-log/")
    assert page.status_code == 200
    assert "Nhật ký truy cập dữ liệu cá nhân" in page.content.decode()
    assert 'href="/people/access-log/"' in client.get("/").content.decode()


@pytest.mark.parametrize("persona", ["officer_a", "leader"])
def test_other_roles_are_refused(persona, request, login):
    client = login(request.getfixturevalue(persona))
    assert client.get("/people/access-log/").status_code == 403
    assert client.get("/people/access-log/export.csv").status_code == 403
    assert 'href="/people/access-log/"' not in client.get("/").content.decode()


def _log_three(officer_a, officer_b, make_person) -> tuple[Person, Person]:
    hung = make_person(officer_a, given_name="Hùng", personal_id="075085000123")
    lan = make_person(officer_b, unit_code="26041", given_name="Lan", personal_id="075085000124")
    rows = [
        SensitiveAccess(
            person=hung, user=officer_a, fields="personal_id", channel="web", at=_at(2)
        ),
        SensitiveAccess(person=hung, user=officer_a, fields="phone", channel="api", at=_at(10)),
        SensitiveAccess(person=lan, user=officer_b, fields="email", channel="export", at=_at(20)),
    ]
    for row in rows:
        row.save()
    return hung, lan


def test_search_by_person_actor_channel_and_dates(officer_a, officer_b, dpo, make_person, login):
    hung, _lan = _log_three(officer_a, officer_b, make_person)
    client = login(dpo)

    def count(**params) -> int:
        return client.get("/people/access-log/", params).context["page"].paginator.count

    assert count() == 3
    assert count(person=str(hung.pk)) == 2
    assert count(person="Lan") == 1
    assert count(actor="officer_b") == 1
    assert count(channel="api") == 1
    assert count(since="2026-03-05", until="2026-03-15") == 1
    assert count(since="2026-03-10") == 2
    page = client.get("/people/access-log/", {"since": "không phải ngày"})
    assert page.context["page"].paginator.count == 0
    assert "không phải ngày" in page.content.decode()
    assert client.get("/people/access-log/", {"channel": "x"}).context["filters"].errors
    # A channel another caller logged under (not in the list the code names) is searchable.
    log_access(hung, officer_a, ["email"], "job")
    assert count(channel="job") == 1


def test_export_csv_and_xlsx(officer_a, officer_b, coordinator, make_person, login):
    hung, _lan = _log_three(officer_a, officer_b, make_person)
    client = login(coordinator)
    response = client.get("/people/access-log/export.csv", {"person": str(hung.pk)})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3 and rows[0][0] == "Thời điểm"
    assert {row[5] for row in rows[1:]} == {"web", "api"}
    response = client.get("/people/access-log/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4
    assert AuditEntry.objects.filter(actor=coordinator, action="export_access_log").count() == 2
    assert client.get("/people/access-log/export.pdf").status_code == 404


def test_api_and_export_channels_log(officer_a, make_person, login):
    person = make_person(officer_a, personal_id="075085000123")
    login(officer_a).get(f"/api/v1/people/{person.pk}")
    assert SensitiveAccess.objects.filter(person=person, channel="api").exists()


def test_a_system_export_from_the_command_line_is_logged(officer_a, make_person, tmp_path):
    from django.core.management import call_command

    person = make_person(officer_a, personal_id="075085000123")
    out = tmp_path / "people.csv"
    call_command("export_people", str(out), "--format", "csv", stdout=io.StringIO())
    assert "075085000123" in out.read_text(encoding="utf-8-sig")
    row = SensitiveAccess.objects.get(person=person, channel="command")
    assert row.user is None and row.user_name.startswith("system")
    assert "personal_id" in row.fields
    call_command(
        "export_people", str(out), "--format", "csv", "--as", "officer_a", stdout=io.StringIO()
    )
    assert SensitiveAccess.objects.filter(person=person, user=officer_a, channel="command").exists()


def test_the_page_names_channels_and_fields_in_words(officer_a, officer_b, dpo, make_person, login):
    _log_three(officer_a, officer_b, make_person)
    page = login(dpo).get("/people/access-log/").content.decode()
    assert "Trang hồ sơ" in page  # the channel "web"
    assert "personal_id" not in page and ",email" not in page  # field names in words
