"""Acceptance: a data subject's export holds every part of the profile and its history,
in JSON and in XLSX, and producing it is logged."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from hientai.dataprotection import services
from hientai.dataprotection.export import export_subject, subject_data
from hientai.dataprotection.models import BasisState, ConsentEvidence, ProcessingPurpose
from hientai.registry.history import versioned_models
from hientai.registry.models import ProfileVersion, SensitiveAccess

pytestmark = pytest.mark.django_db

PART_NAMES = [model._meta.model_name for model in versioned_models()[1:]]


def _with_consent(person, user, now):
    services.record_basis(
        person,
        ProcessingPurpose.objects.get(code="public_profile"),
        BasisState.GIVEN,
        user,
        now=now,
        evidence=ConsentEvidence.WRITTEN,
    )
    return services.receive_request(person, "export", user, now=now)


def test_the_json_export_holds_every_part_and_the_whole_history(full_person, coordinator, now):
    request = _with_consent(full_person, coordinator, now)
    data = json.loads(export_subject(full_person, coordinator, "json", now=now))
    profile = data["person"]
    assert profile["personal_id"] == "075085000123" and profile["phone"] == "0909123456"
    assert profile["email"] == "hung@new.example.vn" and profile["birth_date"] == "1985-04-12"
    assert profile["ethnic_group"] and profile["st_fields"] and profile["strategic_technologies"]
    assert profile["categories"] and profile["orcid"] == "0000-0002-1825-0097"
    # every part model of the registry has its row, with its values
    assert sorted(data["parts"]) == sorted(PART_NAMES)
    assert all(data["parts"][name] for name in PART_NAMES), data["parts"]
    assert data["parts"]["publication"][0]["doi"] == "10.1000/xyz"
    assert data["parts"]["employment"][0]["position"] == "Trưởng phòng R&D"
    assert data["parts"]["skillassessment"][0]["score"] == "8.50"
    # the history has every version, including the change of e-mail with before and after
    assert len(data["history"]) == ProfileVersion.objects.filter(person=full_person).count()
    change = next(h for h in data["history"] if h["reason"] == "new e-mail")
    assert change["before"]["email"] == "hung@old.example.vn"
    assert change["after"]["email"] == "hung@new.example.vn"
    assert {h["entity"] for h in data["history"]} >= {"person", *PART_NAMES}
    assert data["legal_bases"][0]["purpose"] == "public_profile"
    assert data["legal_bases"][0]["notice_version"] == "1.0"
    assert data["requests"][0]["reference"] == request.reference
    assert data["generated_at"] == now.isoformat()


def test_the_xlsx_export_holds_the_same_parts_and_history(full_person, coordinator, now):
    _with_consent(full_person, coordinator, now)
    book = load_workbook(io.BytesIO(export_subject(full_person, coordinator, "xlsx", now=now)))
    data = subject_data(full_person, now)
    profile = {row[0]: row[2] for row in book["Hồ sơ"].iter_rows(min_row=2, values_only=True)}
    assert profile["personal_id"] == "075085000123"
    assert profile["email"] == "hung@new.example.vn"
    # one sheet per part, each with the part's rows
    part_sheets = book.sheetnames[1 : 1 + len(PART_NAMES)]
    assert len(part_sheets) == len(PART_NAMES)
    for sheet_name, name in zip(part_sheets, PART_NAMES, strict=True):
        rows = list(book[sheet_name].iter_rows(min_row=2, values_only=True))
        assert len(rows) == len(data["parts"][name]), sheet_name
    publication_sheet = book[part_sheets[PART_NAMES.index("publication")]]
    cells = [cell for row in publication_sheet.iter_rows(values_only=True) for cell in row]
    assert "Graphene coatings" in cells
    history = list(book["Lịch sử"].iter_rows(min_row=2, values_only=True))
    assert ("email", "hung@old.example.vn", "hung@new.example.vn") in [
        (row[6], row[7], row[8]) for row in history
    ]
    assert {row[3] for row in history} >= set(PART_NAMES)
    for title in ("Cơ sở pháp lý và sự đồng ý", "Yêu cầu", "Nhật ký truy cập"):
        assert len(list(book[title].iter_rows(values_only=True))) >= 2, title


def test_a_value_that_looks_like_a_formula_stays_text(full_person, coordinator, now):
    full_person.keywords = '=HYPERLINK("http://x")'
    full_person.save()
    book = load_workbook(io.BytesIO(export_subject(full_person, coordinator, "xlsx", now=now)))
    cell = next(row[2] for row in book["Hồ sơ"].iter_rows(min_row=2) if row[0].value == "keywords")
    assert cell.data_type == "s"


def test_each_export_is_logged_and_out_of_scope_users_are_refused(
    full_person, coordinator, officer_b, leader, now
):
    before = SensitiveAccess.objects.filter(person=full_person).count()
    export_subject(full_person, coordinator, "json", now=now)
    log = SensitiveAccess.objects.filter(person=full_person).order_by("-pk").first()
    assert SensitiveAccess.objects.filter(person=full_person).count() == before + 1
    assert log.user == coordinator and log.channel == "privacy-export-json"
    assert "personal_id" in log.fields
    for user in (officer_b, leader):
        with pytest.raises(PermissionDenied):
            export_subject(full_person, user, "xlsx", now=now)


def test_the_person_may_export_their_own_data(full_person, expert_user, now):
    full_person.user = expert_user
    full_person.save()
    data = json.loads(export_subject(full_person, expert_user, "json", now=now))
    assert data["person"]["personal_id"] == "075085000123"
