"""Unit pages: diacritics-insensitive search, htmx partial, history on the detail page."""

import pytest

from hientai.core.text import fold
from hientai.orgs.models import Succession

pytestmark = pytest.mark.django_db


def test_fold_strips_tone_marks_and_d_stroke():
    assert fold("  Phường ĐỒNG   Xoài ") == "phuong dong xoai"
    assert fold("Đắk Lắk") == fold("dak lak")


def test_search_ignores_diacritics(coordinator, login):
    page = login(coordinator).get("/units/", {"q": "dong xoai"}).content.decode()
    assert "Phường Đồng Xoài" in page
    assert "Phường Trấn Biên" not in page


def test_htmx_request_gets_only_the_rows(coordinator, login):
    response = login(coordinator).get("/units/", {"q": "tran bien"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Phường Trấn Biên" in body


def test_former_units_are_hidden_unless_asked(coordinator, login):
    client = login(coordinator)
    assert "Tỉnh Bình Phước" not in client.get("/units/", {"q": "binh phuoc"}).content.decode()
    shown = client.get("/units/", {"q": "binh phuoc", "closed": "1"}).content.decode()
    assert "Tỉnh Bình Phước" in shown


def test_detail_of_a_former_unit_shows_its_successor(coordinator, login):
    link = Succession.objects.filter(new_unit__code="25210").select_related("old_unit").first()
    page = login(coordinator).get(f"/units/{link.old_unit.code}/").content.decode()
    assert "Đơn vị kế thừa" in page and "Phường Đồng Xoài" in page


def test_english_page_shows_english_names(coordinator, login):
    client = login(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get("/units/25210/").content.decode()
    assert "<h1>Dong Xoai Ward</h1>" in page
