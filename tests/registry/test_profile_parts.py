"""Each part of a profile is edited on its own page, through registry.services."""

import datetime
import re

import pytest
from django.utils import translation

from hientai.catalogs.models import Code
from hientai.orgs.models import Unit
from hientai.registry.history import recording
from hientai.registry.models import Employment, Person, ProfileVersion

FORMER_WARD = "legacy:25195"  # Phường Tân Phú, merged into Phường Bình Phước on 1/7/2025


def submitted(response) -> dict:
    """What a browser sends back for the page as it was shown (no change made)."""
    data: dict = {}
    forms = [response.context["form"]]
    formset = response.context.get("formset")
    if formset is not None:
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[management[name].html_name] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(item) for item in value]
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)
    return data


@pytest.fixture
def person_with_former_job(officer_a, make_person):
    person = make_person(officer_a, phone="0912345678")
    with recording(officer_a, "test"):
        Employment.objects.create(
            person=person,
            unit=Unit.objects.get(code=FORMER_WARD),
            position="Cán bộ địa chính",
            start=datetime.date(2015, 1, 1),
            end=datetime.date(2025, 6, 30),
        )
    return person


def test_phone_of_a_person_whose_past_job_is_at_a_former_unit_can_be_saved(
    officer_a, person_with_former_job, login
):
    person = person_with_former_job
    client = login(officer_a)
    data = submitted(client.get(f"/people/{person.pk}/edit/"))
    data["phone"] = "0987654321"
    response = client.post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert person.phone == "0987654321"
    version = person.versions.filter(entity="person").latest("at")
    assert version.user == officer_a and version.changed_fields() == ["phone"]


def test_a_past_job_at_a_former_unit_is_shown_with_its_successor_and_saves(
    officer_a, person_with_former_job, login
):
    person = person_with_former_job
    client = login(officer_a)
    client.cookies["django_language"] = "vi"
    response = client.get(f"/people/{person.pk}/edit/employment/")
    page = response.content.decode()
    former = Unit.objects.get(code=FORMER_WARD)
    assert f'<option value="{former.pk}" selected>' in page
    assert "Phường Tân Phú (đơn vị cũ, nay là Phường Bình Phước)" in page
    data = submitted(response)
    data["employment-0-position"] = "Chuyên viên địa chính"
    response = client.post(f"/people/{person.pk}/edit/employment/", data)
    assert response.status_code == 302
    job = person.employments.get()
    assert job.unit == former and job.position == "Chuyên viên địa chính"
    detail = client.get(f"/people/{person.pk}/").content.decode()
    assert "Phường Tân Phú (đơn vị cũ, nay là Phường Bình Phước)" in detail


def _code(scheme: str, code: str) -> str:
    return str(Code.objects.get(scheme__key=scheme, scheme__is_current=True, code=code).pk)


NEW_ROWS = {
    "qualifications": {
        "degree": ("degree", "cu_nhan"),
        "institution": "Đại học Đồng Nai",
        "year": "2012",
    },
    "titles": {"title": ("academic_title", "PGS"), "year": "2020"},
    "employment": {
        "organization": "Công ty Cổ phần Sonadezi",
        "position": "Kỹ sư",
        "start": "2019-03-01",
    },
    "training": {"title": "Chuyển đổi số", "provider": "Sở KH&CN", "hours": "40"},
    "languages": {"language": ("language", "en"), "level": ("language_level", "B2")},
    "publications": {"title": "Cảm biến độ ẩm đất", "venue": "Tạp chí KH&CN", "year": "2023"},
    "patents": {"title": "Máy sấy hạt điều", "kind": "utility_solution", "status": "granted"},
    "projects": {"title": "Đề tài cấp tỉnh về cao su", "role": "leader", "applied": "on"},
    "awards": {"name": "Bằng khen UBND tỉnh", "level": "city", "year": "2021"},
    "assessments": {"kind": "it", "result": "Đạt chuẩn nâng cao", "score": "8.5"},
}
RELATED = {
    "qualifications": "qualifications",
    "titles": "academic_titles",
    "employment": "employments",
    "training": "trainings",
    "languages": "languages",
    "publications": "publications",
    "patents": "patents",
    "projects": "st_projects",
    "awards": "awards",
    "assessments": "assessments",
}


@pytest.mark.parametrize("part", sorted(NEW_ROWS))
def test_each_part_is_edited_on_its_own_and_versioned(part, officer_a, make_person, login):
    person = make_person(officer_a)
    client = login(officer_a)
    data = submitted(client.get(f"/people/{person.pk}/edit/{part}/"))
    for name, value in NEW_ROWS[part].items():
        data[f"{part}-0-{name}"] = _code(*value) if isinstance(value, tuple) else value
    data["reason"] = "bổ sung theo hồ sơ giấy"
    response = client.post(f"/people/{person.pk}/edit/{part}/", data)
    assert response.status_code == 302, response.context["formset"].errors
    assert getattr(person, RELATED[part]).count() == 1
    version = ProfileVersion.objects.filter(person=person, action="create").latest("pk")
    assert version.user == officer_a and version.reason == "bổ sung theo hồ sơ giấy"
    # The profile page shows the new row (languages too).
    shown = {"languages": "Tiếng Anh", "titles": "Phó giáo sư"}.get(part) or next(
        v for v in NEW_ROWS[part].values() if not isinstance(v, tuple) and len(v) > 4
    )
    assert shown in client.get(f"/people/{person.pk}/").content.decode()


def test_a_row_can_be_deleted_and_the_reason_defaults_to_the_part(officer_a, make_person, login):
    person = make_person(officer_a)
    client = login(officer_a)
    url = f"/people/{person.pk}/edit/awards/"
    data = submitted(client.get(url))
    data["awards-0-name"] = "Chiến sĩ thi đua"
    assert client.post(url, data).status_code == 302
    data = submitted(client.get(url))
    data["awards-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert not person.awards.exists()
    deleted = ProfileVersion.objects.get(person=person, action="delete")
    with translation.override("vi"):
        assert deleted.reason.startswith("Sửa:")


def test_bad_input_is_refused_in_vietnamese_and_nothing_is_written(officer_a, make_person, login):
    person = make_person(officer_a, phone="0912345678")
    client = login(officer_a)
    client.cookies["django_language"] = "vi"
    data = submitted(client.get(f"/people/{person.pk}/edit/"))
    data["phone"] = "gọi anh Ba"
    page = client.post(f"/people/{person.pk}/edit/", data).content.decode()
    assert "không phải là số điện thoại" in page
    data = submitted(client.get(f"/people/{person.pk}/edit/employment/"))
    data.update(
        {
            "employment-0-position": "Kỹ sư",
            "employment-0-start": "2020-01-01",
            "employment-0-end": "2019-01-01",
            "employment-0-organization": "X",
        }
    )
    page = client.post(f"/people/{person.pk}/edit/employment/", data).content.decode()
    assert "Ngày kết thúc trước ngày bắt đầu." in page
    data = submitted(client.get(f"/people/{person.pk}/edit/titles/"))
    data["titles-0-year"] = "2020"
    page = client.post(f"/people/{person.pk}/edit/titles/", data).content.decode()
    assert "Chọn học hàm." in page
    person.refresh_from_db()
    assert person.phone == "0912345678"
    assert not person.employments.exists() and not person.academic_titles.exists()


def test_parts_are_scoped(officer_a, officer_b, leader, make_person, login):
    person = make_person(officer_a)
    assert login(officer_b).get(f"/people/{person.pk}/edit/languages/").status_code == 404
    assert login(leader).get(f"/people/{person.pk}/edit/languages/").status_code == 403
    assert login(officer_a).get(f"/people/{person.pk}/edit/nothing/").status_code == 404
    response = login(officer_b).post(
        f"/people/{person.pk}/edit/awards/",
        {"awards-TOTAL_FORMS": "1", "awards-INITIAL_FORMS": "0", "awards-0-name": "X"},
    )
    assert response.status_code == 404 and not Person.objects.get().awards.exists()


def test_categories_are_edited_on_their_own(officer_a, make_person, login):
    person = make_person(officer_a)
    client = login(officer_a)
    data = submitted(client.get(f"/people/{person.pk}/edit/categories/"))
    data["categories"] = [_code("person_category", "scientist")]
    data["keywords"] = "cao su; vật liệu"
    assert client.post(f"/people/{person.pk}/edit/categories/", data).status_code == 302
    person.refresh_from_db()
    assert [code.code for code in person.categories.all()] == ["scientist"]
    assert person.keywords == "cao su; vật liệu" and person.phone == ""


def test_every_profile_input_has_a_label(officer_a, make_person, login):
    person = make_person(officer_a)
    client = login(officer_a)
    for part in ("identity", "employment", "languages", "assessments"):
        page = client.get(f"/people/{person.pk}/edit/{part}/").content.decode()
        ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page)
        labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', page))
        hidden = set(re.findall(r'<input type="hidden"[^>]*id="([^"]+)"', page))
        missing = [i for i in ids if i not in labelled and i not in hidden]
        assert not missing, (part, missing)
