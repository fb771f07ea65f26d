"""Scoping and personal-data protection on profiles (web, API, services)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from hientai.registry.models import Person, SensitiveAccess
from hientai.registry.privacy import mask
from hientai.registry.services import save_person

pytestmark = pytest.mark.django_db
PERSONAL_ID = "075085000123"


def test_officer_of_a_cannot_read_or_edit_a_profile_of_b(officer_a, officer_b, make_person, login):
    person_b = make_person(officer_b, unit_code="26041")
    client = login(officer_a)
    assert client.get(f"/people/{person_b.pk}/").status_code == 404
    assert client.get(f"/people/{person_b.pk}/edit/").status_code == 404
    response = client.post(f"/people/{person_b.pk}/edit/", {"family_name": "Hack", "reason": "x"})
    assert response.status_code == 404
    assert client.get(f"/people/{person_b.pk}/history/").status_code == 404
    assert client.get(f"/api/v1/people/{person_b.pk}").status_code == 404
    person_b.family_name = "Trần"
    with pytest.raises(PermissionDenied):
        save_person(person_b, officer_a, "not mine")
    assert Person.objects.get(pk=person_b.pk).family_name == "Nguyễn"


def test_officer_cannot_create_a_profile_in_another_unit(officer_a, make_person):
    with pytest.raises(PermissionDenied):
        make_person(officer_a, unit_code="26041")
    assert not Person.objects.exists()


def test_keeping_officer_sees_personal_data_and_the_view_is_logged(officer_a, make_person, login):
    person = make_person(officer_a, personal_id=PERSONAL_ID, email="hung@dongnai.gov.vn")
    page = login(officer_a).get(f"/people/{person.pk}/").content.decode()
    assert PERSONAL_ID in page
    access = SensitiveAccess.objects.get(person=person, user=officer_a)
    assert "personal_id" in access.fields and access.channel == "web"


def test_leader_sees_masked_personal_data_and_nothing_is_logged(
    officer_a, leader, make_person, login
):
    person = make_person(officer_a, personal_id=PERSONAL_ID, phone="+84912345678")
    page = login(leader).get(f"/people/{person.pk}/").content.decode()
    assert PERSONAL_ID not in page and mask(PERSONAL_ID) in page
    assert "+84912345678" not in page
    assert not SensitiveAccess.objects.filter(user=leader).exists()
    api = login(leader).get(f"/api/v1/people/{person.pk}").json()
    assert api["personal_id"] == mask(PERSONAL_ID)


def test_history_masks_personal_data_for_the_leader(officer_a, leader, make_person, login):
    person = make_person(officer_a, personal_id=PERSONAL_ID)
    person.personal_id = "075085000999"
    save_person(person, officer_a, "corrected ID")
    page = login(leader).get(f"/people/{person.pk}/history/").content.decode()
    assert "075085000999" not in page and PERSONAL_ID not in page
    officer_page = login(officer_a).get(f"/people/{person.pk}/history/").content.decode()
    assert "075085000999" in officer_page
    assert SensitiveAccess.objects.filter(user=officer_a, channel="web-history").exists()


def test_mask_keeps_only_the_ends():
    assert mask("075085000123") == "07•••••••••3"
    assert mask("") == "" and mask("ab") == "••"


def test_form_rejects_bad_input_in_vietnamese_and_writes_nothing(officer_a, login):
    from hientai.orgs.models import Unit

    client = login(officer_a)
    client.cookies["django_language"] = "vi"
    response = client.post(
        "/people/new/",
        {
            "unit": Unit.objects.get(code="25210").pk,
            "family_name": "Lê",
            "given_name": "Lan",
            "personal_id": "12345",
            "birth_year": "1850",
            "qualifications-TOTAL_FORMS": "0",
            "qualifications-INITIAL_FORMS": "0",
            "employments-TOTAL_FORMS": "0",
            "employments-INITIAL_FORMS": "0",
            "trainings-TOTAL_FORMS": "0",
            "trainings-INITIAL_FORMS": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    with translation.override("vi"):
        assert "Số định danh cá nhân phải có đúng 12 chữ số." in page
        assert "Năm sinh phải từ 1900 đến năm nay." in page
    assert not Person.objects.exists()


def test_create_through_the_form(officer_a, login):
    from hientai.catalogs.models import Code
    from hientai.orgs.models import Unit

    expert = Code.objects.get(scheme__key="person_category", code="expert")
    response = login(officer_a).post(
        "/people/new/",
        {
            "unit": Unit.objects.get(code="25210").pk,
            "family_name": "Đặng",
            "middle_name": "Thị",
            "given_name": "Mai",
            "gender": "female",
            "birth_year": "1990",
            "categories": [expert.pk],
            "qualifications-TOTAL_FORMS": "1",
            "qualifications-INITIAL_FORMS": "0",
            "qualifications-0-year": "2015",
            "qualifications-0-institution": "Đại học Đồng Nai",
            "employments-TOTAL_FORMS": "0",
            "employments-INITIAL_FORMS": "0",
            "trainings-TOTAL_FORMS": "0",
            "trainings-INITIAL_FORMS": "0",
        },
    )
    person = Person.objects.get(full_name="Đặng Thị Mai")
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert person.qualifications.get().institution == "Đại học Đồng Nai"
    assert person.versions.filter(entity="qualification", user=officer_a).exists()


def test_api_search_outside_scope_is_a_clear_error(officer_a, login):
    response = login(officer_a).get("/api/v1/people/", {"unit": "26041"})
    assert response.status_code == 400


def test_profile_page_explains_quality_findings_in_vietnamese(
    officer_a, make_person, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = make_person(officer_a, personal_id="075185000123", birth_year=1990)
    person.refresh_from_db()
    assert person.quality_score is not None and person.quality_score < 100
    page = login(officer_a).get(f"/people/{person.pk}/").content.decode()
    assert "Vấn đề chất lượng dữ liệu" in page
    # Digits 5-6 of the ID say 1985, the profile says 1990: the "đúng" rule explains it.
    assert "1990" in page and "Đúng" in page
