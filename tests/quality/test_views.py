"""The /quality/ worklist: scoped to the officer's subtree, filters, Vietnamese text."""

import pytest

from hientai.core import nav
from hientai.quality.engine import run_batch
from tests.quality.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_wards():
    mine = make_person(unit="25210", family_name="Lê", given_name="HÙNG")
    theirs = make_person(unit="26041", family_name="Phạm", given_name="Bình", email="x@")
    run_batch()
    return mine, theirs


def test_anonymous_is_sent_to_login(client):
    response = client.get("/quality/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_officer_sees_only_their_subtree(officer_a, login, two_wards):
    mine, theirs = two_wards
    page = login(officer_a).get("/quality/").content.decode()
    assert f'href="/people/{mine.pk}/"' in page
    assert "Lê Văn HÙNG" in page
    assert "Trường “tên” (“HÙNG”) chưa viết hoa chữ cái đầu mỗi từ." in page
    assert '<code class="suggestion">Hùng</code>' in page
    assert f"/people/{theirs.pk}/" not in page
    assert "Phạm Văn Bình" not in page
    assert "Phường Trấn Biên" not in page
    assert "Phường Đồng Xoài" in page


def test_officer_cannot_open_another_ward(officer_a, login, two_wards):
    assert login(officer_a).get("/quality/", {"unit": "26041"}).status_code == 404


def test_coordinator_sees_every_unit_with_scores(coordinator, login, two_wards):
    mine, theirs = two_wards
    page = login(coordinator).get("/quality/").content.decode()
    assert f"/people/{mine.pk}/" in page and f"/people/{theirs.pk}/" in page
    assert "Điểm theo đơn vị" in page
    assert "Thành phố Đồng Nai" in page and "Phường Trấn Biên" in page
    assert '<span class="score good">90,0</span>' in page  # Trấn Biên: one e-mail error
    assert '<span class="score good">93,5</span>' in page  # the whole city


def test_filters_by_family_rule_and_unit(coordinator, login, two_wards):
    mine, theirs = two_wards
    client = login(coordinator)
    by_family = client.get("/quality/", {"family": "correct"}).content.decode()
    assert f"/people/{theirs.pk}/" in by_family and f"/people/{mine.pk}/" not in by_family
    by_rule = client.get("/quality/", {"rule": "clean.name.casing"}).content.decode()
    assert f"/people/{mine.pk}/" in by_rule and f"/people/{theirs.pk}/" not in by_rule
    by_unit = client.get("/quality/", {"unit": "25210"}).content.decode()
    assert f"/people/{mine.pk}/" in by_unit and f"/people/{theirs.pk}/" not in by_unit
    assert "Chất lượng dữ liệu: Phường Đồng Xoài" in by_unit


def test_non_staff_users_are_refused(login, django_user_model):
    user = django_user_model.objects.create_user(username="plain", password="x-pass-2026")
    assert login(user).get("/quality/").status_code == 403


def test_navigation_entry_for_staff(officer_a, login):
    assert any(item.url_name == "quality:worklist" for item in nav.items())
    page = login(officer_a).get("/").content.decode()
    assert 'href="/quality/"' in page and "Chất lượng dữ liệu" in page


def test_empty_worklist(officer_b, login):
    page = login(officer_b).get("/quality/").content.decode()
    assert "Các đơn vị này chưa có hồ sơ." in page
    assert "Không có vấn đề nào khớp với bộ lọc." in page
