"""Writes of the talent app: vocabulary, organisations, shortlists and their export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hientai.core.models import AuditEntry
from hientai.orgs.models import Unit
from hientai.registry.models import SensitiveAccess
from hientai.talent import services
from hientai.talent.engine import SYSTEM, find_experts
from hientai.talent.models import Organisation, SynonymGroup
from tests.talent.conftest import ON, UNIT_B

pytestmark = pytest.mark.django_db


def test_a_new_synonym_group_is_data_and_takes_effect(make_person, coordinator):
    person = make_person(UNIT_B, "Hồ", "Văn", "Tâm", keywords="chôm chôm")
    assert person.pk not in [h.person_id for h in find_experts(SYSTEM, "rambutan", on=ON).hits]
    group = services.save_synonym_group(
        coordinator, None, label_vi="Chôm chôm", label_en="Rambutan", terms="chôm chôm\nrambutan"
    )
    hits = find_experts(SYSTEM, "rambutan experts", on=ON).hits
    assert [h.person_id for h in hits] == [person.pk]
    assert hits[0].reasons[0].term == "chom chom"
    assert AuditEntry.objects.filter(object_id=str(group.pk), action="create").exists()
    # Editing the term (and the name) away takes the person out again.
    services.save_synonym_group(
        coordinator, group, label_vi="Quả nhiệt đới", label_en="Rambutan", terms="rambutan"
    )
    assert find_experts(SYSTEM, "rambutan", on=ON).hits == []


def test_a_term_belongs_to_one_group_and_only_coordinators_edit(coordinator, officer_a):
    with pytest.raises(ValidationError) as error:
        services.save_synonym_group(
            coordinator, None, label_vi="Chip", label_en="", terms="vi mạch"
        )
    assert "Bán dẫn và vi mạch" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        services.save_synonym_group(coordinator, None, label_vi="Rỗng", label_en="", terms=" ")
    with pytest.raises(PermissionDenied):
        services.save_synonym_group(officer_a, None, label_vi="X", label_en="", terms="x")
    assert not SynonymGroup.objects.filter(label_vi__in=["Chip", "Rỗng", "X"]).exists()


def test_every_code_label_is_understood(db):
    from hientai.catalogs.models import Code
    from hientai.talent.indexer import code_label, vocabulary
    from hientai.talent.query import words

    vocab = vocabulary()
    for label in Code.objects.filter(
        scheme__key__in=["st_field", "strategic_technology"]
    ).values_list("label_vi", flat=True):
        found = vocab.find(words(code_label(label)))
        assert found, label


def test_organisation_links_people_and_filters_the_finder(experts, officer_b, officer_a):
    organisation = services.save_organisation(
        officer_b,
        Organisation(
            name="Viện Cây ăn quả miền Nam", kind="research_institute",
            unit=Unit.objects.get(code=UNIT_B), aliases="SOFRI",
        ),
    )  # fmt: skip
    people = services.organisation_people(organisation, officer_b)
    assert list(people) == [experts["durian"]]
    assert list(services.organisation_people(organisation, officer_a)) == []
    result = find_experts(SYSTEM, "sầu riêng", {"organisations": [organisation.pk]}, on=ON)
    assert [h.person_id for h in result.hits] == [experts["durian"].pk]
    # The organisation's name in the question is a filter too.
    result = find_experts(SYSTEM, "chuyên gia Viện Cây ăn quả miền Nam", on=ON)
    assert result.filters == {"organisations": [organisation.pk]}
    assert AuditEntry.objects.filter(object_id=str(organisation.pk)).count() == 1
    organisation.name = "Đổi tên"
    with pytest.raises(PermissionDenied):
        services.save_organisation(officer_a, organisation)
    organisation.unit = Unit.objects.get(code="25210")
    with pytest.raises(PermissionDenied):
        services.save_organisation(officer_b, organisation)
    assert Organisation.objects.get(pk=organisation.pk).name == "Viện Cây ăn quả miền Nam"


def test_shortlist_share_scope_and_masked_logged_export(experts, officer_b, officer_a, leader):
    person = experts["chip_jp"]  # unit B
    person.email, person.phone = "binh@example.vn", "0912345678"
    person.save()
    shortlist = services.create_shortlist(officer_b, "Bán dẫn", "bán dẫn")
    assert services.add_to_shortlist(officer_b, shortlist, person.pk, "Bán dẫn: từ khóa")
    assert not services.add_to_shortlist(officer_b, shortlist, person.pk)
    with pytest.raises(ValidationError):  # out of officer B's scope
        services.add_to_shortlist(officer_b, shortlist, experts["chip_us"].pk)
    with pytest.raises(PermissionDenied):
        services.add_to_shortlist(officer_a, shortlist, experts["chip_us"].pk)
    with pytest.raises(ValidationError):
        services.share_shortlist(officer_b, shortlist, ["nobody-such"])
    services.share_shortlist(officer_b, shortlist, ["officer_a", "leader"])
    assert shortlist in services.readable_shortlists(officer_a)
    assert services.shortlist_entries(shortlist, officer_a) == []  # not in A's scope

    before = SensitiveAccess.objects.count()
    content, _type, name = services.export_shortlist(officer_b, shortlist, "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][0] == person.full_name and rows[1][3] == "binh@example.vn"
    assert SensitiveAccess.objects.count() == before + 1
    assert SensitiveAccess.objects.first().channel == "export"

    content, _type, name = services.export_shortlist(leader, shortlist, "xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.cell(2, 1).value == person.full_name
    assert sheet.cell(2, 4).value != "binh@example.vn" and "•" in sheet.cell(2, 4).value
    assert SensitiveAccess.objects.count() == before + 1  # masked: nothing to log
    assert name.endswith(".xlsx")
    with pytest.raises(ValidationError):
        services.export_shortlist(officer_b, shortlist, "pdf")


def test_finder_page_and_shortlist_pages(experts, officer_b, login):
    client = login(officer_b)
    response = client.get("/talent/finder/", {"q": "bán dẫn"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trần Thị Bình" in body and "Bàn Văn Danh" not in body
    response = client.get("/talent/finder/", {"q": "bán dẫn", "f": "1", "abroad": "0"})
    assert "Trần Thị Bình" not in response.content.decode()
    response = client.post(
        "/talent/shortlists/add/",
        {"person": experts["chip_jp"].pk, "new_name": "Danh sách A", "reasons": "x"},
    )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "Trần Thị Bình" in detail.content.decode()
    export = client.get(response["Location"] + "export.csv")
    assert export.status_code == 200 and "Trần Thị Bình" in export.content.decode("utf-8-sig")
    response = client.get("/talent/finder/", {"q": "AI", "f": "1", "max_age": "abc"})
    assert response.status_code == 200
