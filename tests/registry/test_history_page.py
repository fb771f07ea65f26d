"""The profile history reads as Vietnamese: field labels, values as their labels, the actor's
full name, the reason; imported and bulk-loaded profiles have a creation entry."""

import datetime

from hientai.catalogs.models import Code
from hientai.orgs.models import Unit
from hientai.registry.history import recording
from hientai.registry.models import Person, Qualification
from hientai.registry.services import save_person
from tests.exchange.import_support import UNIT_A, do_import, people, write_csv


def _vi(client):
    client.cookies["django_language"] = "vi"
    return client


def test_history_uses_labels_full_names_and_reasons(officer_a, make_person, login):
    officer_a.last_name, officer_a.first_name = "Trần Thị", "Bình"
    officer_a.save()
    person = make_person(officer_a, phone="0912345678")
    person.phone = "0987654321"
    person.gender = "female"
    save_person(person, officer_a, "đổi số điện thoại theo đơn")
    degree = Code.objects.get(scheme__key="degree", scheme__is_current=True, code="thac_si")
    with recording(officer_a, "bổ sung bằng cấp"):
        Qualification.objects.create(person=person, degree=degree, year=2018)
    page = _vi(login(officer_a)).get(f"/people/{person.pk}/history/").content.decode()
    assert "Trần Thị Bình" in page and "officer_a" not in page
    assert "Điện thoại" in page and "<code>phone</code>" not in page
    assert "0912345678" in page and "0987654321" in page  # the keeping officer sees them
    assert "Nữ" in page and ">female<" not in page
    assert "Thạc sĩ" in page and "thac_si" not in page
    assert "Trình độ đào tạo" in page  # the record, not "qualification"
    assert "đổi số điện thoại theo đơn" in page and "bổ sung bằng cấp" in page
    assert "person thay đổi" not in page


def test_an_imported_profile_names_its_file(officer_a, login, tmp_path):
    path = write_csv(tmp_path / "nhan_su_phuong.csv", people(2, units=[UNIT_A]))
    result = do_import(path, officer_a)
    assert result.ok
    person = Person.objects.first()
    page = _vi(login(officer_a)).get(f"/people/{person.pk}/history/").content.decode()
    assert "Chưa có thay đổi nào" not in page
    assert "nhan_su_phuong.csv" in page and "dòng" in page


def test_a_bulk_loaded_profile_has_a_creation_entry(officer_a, login):
    person = Person.objects.bulk_create(
        [
            Person(
                unit=Unit.objects.get(code=UNIT_A),
                family_name="Lý",
                given_name="Tâm",
                full_name="Lý Tâm",
                source="Danh sách chuyên gia 2025",
                created_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
            )
        ]
    )[0]
    page = _vi(login(officer_a)).get(f"/people/{person.pk}/history/").content.decode()
    assert "Chưa có thay đổi nào" not in page
    assert "Danh sách chuyên gia 2025" in page
