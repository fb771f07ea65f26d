"""The pages: a public notice, the coordinator's desk, a person's page, requests,
downloads, the breach register and the retention report, each for the right roles."""

import json

import pytest
from django.conf import settings
from django.test import Client

from hientai.dataprotection.models import (
    BasisRecord,
    Breach,
    DataSubjectRequest,
    RequestOutcome,
)
from hientai.registry.models import Person, SensitiveAccess
from hientai.registry.services import ANONYMISED_NAME

pytestmark = pytest.mark.django_db


def test_the_notice_is_public_versioned_and_vietnamese_first():
    client = Client()
    page = client.get("/privacy/notice/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thông báo xử lý dữ liệu cá nhân của Cơ sở dữ liệu nhân tài Đồng Nai" in html
    for text in (
        "Công bố hồ sơ chuyên gia công khai",  # why
        "Hồ sơ người đã rời khỏi diện theo dõi",  # how long
        "Sở Khoa học và Công nghệ (cơ quan điều phối)",  # who sees it
        "Xóa dữ liệu của tôi",  # rights
        "tạm tính",  # the provisional limits say so
        "72",
    ):
        assert text in html, text
    assert client.get("/privacy/notice/1.0/").status_code == 200
    assert client.get("/privacy/notice/9.9/").status_code == 404
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/privacy/notice/").content.decode()
    assert "Notice on the processing of personal data" in english


def test_the_desk_is_for_staff(login, officer_a, coordinator, expert_user):
    assert Client().get("/privacy/").status_code == 302  # to the login page
    assert login(expert_user).get("/privacy/").status_code == 403
    officer_page = login(officer_a).get("/privacy/").content.decode()
    assert "Sổ theo dõi vi phạm" not in officer_page
    coordinator_page = login(coordinator).get("/privacy/").content.decode()
    assert "Sổ theo dõi vi phạm" in coordinator_page and "Nhắc hạn" in coordinator_page


def test_recording_consent_through_the_page(login, full_person, officer_a, officer_b):
    url = f"/privacy/people/{full_person.pk}/"
    assert login(officer_b).get(url).status_code == 404
    client = login(officer_a)
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    purpose = "2"  # public_profile is the second purpose
    refused = client.post(url + "basis/", {"purpose": purpose, "state": "given"}, follow=True)
    assert "Hãy nêu cách thể hiện sự đồng ý" in refused.content.decode()
    assert not BasisRecord.objects.exists()
    client.post(url + "basis/", {"purpose": purpose, "state": "given", "evidence": "written"})
    record = BasisRecord.objects.get()
    assert record.state == "given" and record.recorded_by == officer_a


def test_a_deletion_request_through_the_pages(login, full_person, officer_a, coordinator, frozen):
    person_id = full_person.pk
    officer = login(officer_a)
    response = officer.post(
        f"/privacy/people/{person_id}/requests/",
        {"kind": "erase", "received_via": "post", "details": "Xin xóa hồ sơ"},
    )
    request = DataSubjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/privacy/requests/{request.pk}/"
    action = f"/privacy/requests/{request.pk}/erase/"
    assert officer.post(action, {"mode": "erase", "confirm": "on"}).status_code == 403
    handler = login(coordinator)
    unconfirmed = handler.post(action, {"mode": "anonymise"}, follow=True)
    assert "Tôi đã kiểm tra yêu cầu" in unconfirmed.content.decode()  # the missing box
    handler.post(action, {"mode": "anonymise", "confirm": "on"})
    request.refresh_from_db()
    assert request.outcome == RequestOutcome.ANONYMISED
    assert request.received_at == request.closed_at == frozen  # well within its limit
    assert Person.objects.get(pk=person_id).family_name == ANONYMISED_NAME
    assert SensitiveAccess.objects.filter(person_id=person_id, channel="privacy-anonymise").exists()
    page = handler.get(f"/privacy/requests/{request.pk}/").content.decode()
    assert request.reference in page and "Nguyễn Văn Hùng" not in page


def test_downloads_are_scoped_and_logged(login, full_person, coordinator, officer_b, leader):
    url = f"/privacy/people/{full_person.pk}/export."
    response = login(coordinator).get(url + "json")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["person"]["personal_id"] == "075085000123"
    xlsx = login(coordinator).get(url + "xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    channels = set(SensitiveAccess.objects.values_list("channel", flat=True))
    assert {"privacy-export-json", "privacy-export-xlsx"} <= channels
    assert login(officer_b).get(url + "json").status_code == 404
    assert login(leader).get(url + "json").status_code == 403
    assert login(coordinator).get(url + "csv").status_code == 404


def test_breach_register_and_retention_pages(login, coordinator, officer_a, frozen):
    assert login(officer_a).get("/privacy/breaches/").status_code == 403
    assert login(officer_a).get("/privacy/retention/").status_code == 403
    client = login(coordinator)
    bad = client.post("/privacy/breaches/", {"title": "x", "description": "y"})
    assert bad.status_code == 200 and not Breach.objects.exists()
    response = client.post(
        "/privacy/breaches/",
        {
            "title": "Máy tính xách tay bị mất",
            "description": "Máy có tệp xuất hồ sơ.",
            "detected_at": "2026-01-05T08:00",
            "people_affected": "30",
        },
    )
    breach = Breach.objects.get()
    assert response.status_code == 302 and breach.notify_by.hour == breach.detected_at.hour
    listing = client.get("/privacy/breaches/").content.decode()
    assert "Quá hạn" in listing  # on 2 March 2026, January is long past its 72 hours
    assert client.get("/privacy/retention/").status_code == 200
