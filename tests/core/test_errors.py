"""Error pages: Vietnamese, inside the site's frame, with a way back; 403 logged as one line."""

import logging

from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error


def test_404_is_vietnamese_inside_the_frame(officer_a, login):
    response = login(officer_a).get("/people/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and "Not Found" not in page
    assert 'class="topbar"' in page and 'class="mainnav"' in page
    assert 'href="/"' in page and "Về trang chủ" in page


def test_404_for_anonymous_readers_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_403_is_vietnamese_and_logged_as_one_line(leader, login, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = login(leader).get("/people/new/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không được mở trang này" in page and "Forbidden" not in page
    assert 'class="topbar"' in page
    records = [record for record in caplog.records if record.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None and records[0].exc_text is None
    assert "Traceback" not in caplog.text and "/people/new/" in caplog.text


def test_500_is_vietnamese_with_a_way_back(db):
    request = RequestFactory().get("/")
    with translation.override("vi"):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in page and "Server Error" not in page
    assert 'href="/"' in page
