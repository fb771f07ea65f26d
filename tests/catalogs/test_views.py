"""Code-list pages and API: readable by every signed-in role, never by anonymous users."""

import pytest

pytestmark = pytest.mark.django_db


def test_code_lists_page_lists_versions_and_flags(officer_a, login):
    page = login(officer_a).get("/code-lists/").content.decode()
    assert "ethnic_group" in page and "QD1019-2008" in page and "QD121-1979" in page
    assert "chưa kiểm chứng" in page


def test_scheme_page_searches_without_diacritics(officer_a, login):
    page = (
        login(officer_a)
        .get("/code-lists/ethnic_group/QD1019-2008/", {"q": "cho ro"})
        .content.decode()
    )
    assert "Chơ-ro" in page or "Chơ Ro" in page
    assert "Kinh" not in page


def test_api_lists_codes_with_their_extra_attributes(officer_a, login):
    codes = login(officer_a).get("/api/v1/code-lists/st_field/TT24-2025").json()
    by_code = {item["code"]: item for item in codes}
    assert by_code["102"]["parent"] == "1" and by_code["102"]["extra"]["ford"] == "1.2"


def test_anonymous_cannot_read_code_lists(client):
    assert client.get("/code-lists/").status_code == 302
    assert client.get("/api/v1/code-lists/").status_code == 401


def test_officer_cannot_change_code_lists_in_admin(officer_a, administrator, login):
    from hientai.catalogs.models import Code

    code = Code.objects.get(scheme__key="gender", code="male")
    response = login(officer_a).post(f"/admin/catalogs/code/{code.pk}/change/", {"label_vi": "X"})
    assert response.status_code == 403
    assert Code.objects.get(pk=code.pk).label_vi != "X"
    assert login(administrator).get(f"/admin/catalogs/code/{code.pk}/change/").status_code == 200
