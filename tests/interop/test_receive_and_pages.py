"""The import side (the national system's records in our exchange format, through the
importer) and the exchange's pages: status, push now (a job), endpoints, the mapping."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from hientai.exchange.errors import ImportFileError
from hientai.interop import services
from hientai.interop.models import ElementMapping, Endpoint, Push
from hientai.registry.models import Person
from tests.interop.conftest import make_person

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _document(version: str = "1.1") -> dict:
    return {
        "schema": "hientai-interop-person", "version": version,
        "generated_at": "2026-12-01T00:00:00+00:00",
        "batch": {"id": "qg-1", "sender": "cbnc-quoc-gia", "count": 1},
        "people": [{
            "record_id": "cbnc:9001", "operation": "upsert",
            "managing_unit": {"code": "26041"},
            "name": {"family": "Lê", "middle": "Thị", "given": "Mai"},
            "birth": {"year": 1985}, "gender": "female",
            "national": {"CBNC.HO_TEN": "Lê Thị Mai"},
        }],
    }  # fmt: skip


def test_records_of_the_national_system_are_imported(tmp_path, officer_b):
    path = tmp_path / "qg.json"
    path.write_text(json.dumps(_document()), encoding="utf-8")
    result = services.receive(path, user=officer_b)
    assert result.created == 1
    assert Person.objects.filter(full_name="Lê Thị Mai", unit__code="26041").exists()


def test_another_major_version_is_refused_with_a_clear_message(tmp_path, officer_b):
    path = tmp_path / "qg.json"
    path.write_text(json.dumps(_document("2.0")), encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"2\.0"):
        services.receive(path, user=officer_b)
    assert not Person.objects.filter(given_name="Mai").exists()


def test_the_receive_command(tmp_path, capsys):
    path = tmp_path / "qg.json"
    path.write_text(json.dumps(_document()), encoding="utf-8")
    call_command("interop_receive", str(path))
    assert '"created": 1' in capsys.readouterr().out


def test_the_mapping_is_loaded_as_data():
    rows = dict(ElementMapping.objects.values_list("source", "element"))
    assert rows["name.full"] == "CBNC.HO_TEN" and len(rows) >= 20


def test_pages_for_the_coordinator(login, coordinator, endpoint, national, settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.JOBS_DIR = tmp_path / "jobs"
    make_person("A")
    client = login(coordinator)
    for url in ("/interop/", "/interop/mapping/", "/interop/mapping/add/",
                f"/interop/endpoints/{endpoint.pk}/", "/interop/endpoints/add/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    # Push now: a job of the worker (immediate here), its result on the status page.
    response = client.post(f"/interop/endpoints/{endpoint.pk}/push/")
    assert response.status_code == 302
    run = Push.objects.get()
    assert run.accepted == 1 and run.user == coordinator
    assert client.get(f"/interop/pushes/{run.pk}/").status_code == 200
    # The coordinator edits the mapping on its page.
    row = ElementMapping.objects.get(source="keywords")
    response = client.post(f"/interop/mapping/{row.pk}/", {
        "source": "keywords", "element": "CBNC.TU_KHOA", "label_vi": "Từ khóa",
        "reference": "", "required": "", "verified": "on", "active": "on", "order": 5,
    })  # fmt: skip
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.element == "CBNC.TU_KHOA" and row.verified


def test_an_endpoint_must_use_https_in_production(login, coordinator, settings):
    settings.DEBUG = False
    response = login(coordinator).post("/interop/endpoints/add/", {
        "name": "QG", "url": "http://example.vn/api", "token_env": "HIENTAI_INTEROP_TOKEN",
        "batch_size": 100, "max_attempts": 3, "active": "on",
    })  # fmt: skip
    assert response.status_code == 400 and not Endpoint.objects.exists()
    assert "https://" in response.content.decode()


def test_officers_do_not_reach_the_exchange(login, officer_b):
    assert login(officer_b).get("/interop/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.push(Endpoint(name="x", url="https://x"), user=officer_b)
