"""`hientai indicators`, the API and the pages: payload shape, scoping, Vietnamese errors."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hientai.indicators.models import IndicatorTarget
from hientai.indicators.services import indicators_json, record_reported
from hientai.orgs.models import Unit

KEYS = {"code", "name", "unit", "value", "target", "target_year", "achievement", "status"}


@pytest.fixture
def dossiers(make_indicator, db):
    indicator = make_indicator("T.DOSSIERS", name_vi="Tỷ lệ hồ sơ giải quyết đúng hạn")
    city = Unit.objects.get(code="75")
    IndicatorTarget.objects.create(indicator=indicator, unit=city, year=2026, value=90)
    for code, numerator in (("25210", 45), ("26041", 80)):
        record_reported(
            indicator, Unit.objects.get(code=code), "2026H1", numerator=numerator, denominator=100
        )
    return indicator


def run(*args: str) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_command_json_shape(dossiers, trained_share, make_person):
    make_person()
    payload = json.loads(run("--period", "2026H1", "--json"))
    assert payload["unit"] == "75" and payload["period"] == "2026H1"
    rows = {row["code"]: row for row in payload["indicators"]}
    assert set(rows) == {"T.DOSSIERS", "T.TRAINED"}
    for row in rows.values():
        assert set(row) >= KEYS
    dossier = rows["T.DOSSIERS"]
    assert dossier["name"] == "Tỷ lệ hồ sơ giải quyết đúng hạn"
    assert (dossier["value"], dossier["target"], dossier["target_year"]) == (62.5, 90.0, 2026)
    assert dossier["status"] == "at_risk"
    assert payload == json.loads(json.dumps(indicators_json(Unit.objects.get(code="75"), "2026H1")))
    ward = json.loads(run("--unit", "25210", "--period", "2026H1", "--json"))
    assert {r["code"]: r["value"] for r in ward["indicators"]}["T.DOSSIERS"] == 45.0


def test_command_table_is_vietnamese(dossiers, vietnamese):
    text = run("--period", "2026H1")
    assert "6 tháng đầu năm 2026" in text
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in text
    assert "có nguy cơ không đạt" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2026H3"), "Kỳ báo cáo “2026H3” không hợp lệ"),
        (("--unit", "99999"), "Không có đơn vị “99999”"),
        (("--unit", "26041", "--as", "officer_a"), "Không có đơn vị “26041”"),
        (("--as", "nobody"), "nobody"),
    ],
)
def test_command_bad_input_gives_vietnamese_errors(args, message, officer_a, vietnamese):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_api_values_are_scoped(dossiers, login, officer_a, coordinator):
    officer = login(officer_a)
    own = officer.get("/api/v1/indicators/values", {"period": "2026H1"})
    assert own.status_code == 200
    assert own.json()["unit"] == "25210"  # an officer's default is their own unit
    values = {row["code"]: row for row in own.json()["indicators"]}
    assert values["T.DOSSIERS"]["value"] == 45.0 and set(values["T.DOSSIERS"]) >= KEYS
    other = officer.get("/api/v1/indicators/values", {"unit": "26041", "period": "2026H1"})
    assert other.status_code == 404
    city = officer.get("/api/v1/indicators/values", {"unit": "75", "period": "2026H1"})
    assert city.status_code == 404
    whole = login(coordinator).get("/api/v1/indicators/values", {"unit": "75", "period": "2026H1"})
    assert whole.status_code == 200
    assert {r["code"]: r["value"] for r in whole.json()["indicators"]}["T.DOSSIERS"] == 62.5


def test_api_bad_period_and_anonymous(dossiers, login, coordinator, client, vietnamese):
    response = login(coordinator).get("/api/v1/indicators/values", {"period": "2026H3"})
    assert response.status_code == 400
    assert "không hợp lệ" in response.json()["detail"]
    assert client.get("/api/v1/indicators/values").status_code == 401
    catalogue = login(coordinator).get("/api/v1/indicators/")
    assert [row["code"] for row in catalogue.json()] == ["T.DOSSIERS"]


def test_pages(dossiers, login, coordinator, officer_a, client):
    page = login(coordinator).get("/indicators/", {"period": "2026H1"})
    assert page.status_code == 200
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in page.content.decode()
    detail = login(coordinator).get("/indicators/T.DOSSIERS/", {"period": "2026H1"})
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "<svg" in body and "Phường Đồng Xoài" in body and "Phường Trấn Biên" in body
    mine = login(officer_a).get("/indicators/T.DOSSIERS/", {"period": "2026H1", "unit": "26041"})
    assert mine.status_code == 200
    assert "Phường Trấn Biên" not in mine.content.decode()  # falls back to their own unit
    assert client.get("/indicators/").status_code == 302


def test_admin_catalogue_is_changed_by_administrators_only(
    dossiers, login, administrator, coordinator, officer_a
):
    path = f"/admin/indicators/indicator/{dossiers.pk}/change/"
    assert login(administrator).get("/admin/indicators/indicator/").status_code == 200
    form = login(administrator).get(path).content.decode()
    assert 'name="name_vi"' in form  # editable
    for other in (coordinator, officer_a):
        assert login(other).get(path).status_code == 403
        assert login(other).get("/admin/indicators/indicatortarget/").status_code == 403


def test_chart_numbers_are_never_localised(dossiers, login, coordinator):
    client = login(coordinator)
    client.cookies["django_language"] = "vi"
    body = client.get("/indicators/T.DOSSIERS/", {"period": "2026H1"}).content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    attributes = re.findall(r'\s(?:x|y|x1|y1|x2|y2|cx|cy|width|height)="([^"]*)"', svg)
    assert attributes and not [value for value in attributes if "," in value]
    points = re.findall(r'points="([^"]*)"', svg)
    for pair in " ".join(points).split():
        x, y = pair.split(",")
        float(x), float(y)  # each point is "x,y" with decimal points


def test_unit_and_period_are_chosen_by_name_not_typed_as_codes(dossiers, login, coordinator):
    client = login(coordinator)
    client.cookies["django_language"] = "vi"
    for url in ("/indicators/", "/indicators/T.DOSSIERS/"):
        body = client.get(url, {"period": "2026H1"}).content.decode()
        assert '<select name="period"' in body and '<select name="unit"' in body, url
        assert 'type="text" name="unit"' not in body and 'type="text" name="period"' not in body
        assert '<option value="2026H1" selected>6 tháng đầu năm 2026</option>' in body
