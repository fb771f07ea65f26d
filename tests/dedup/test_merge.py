"""Merge with per-field survivorship, then unmerge: both profiles come back exactly."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from hientai.core.models import AuditEntry
from hientai.dedup import services
from hientai.dedup.models import Candidate, CandidateStatus, Merge
from hientai.registry.models import Employment, Person, ProfileVersion, Qualification


def _state(person_id: int) -> dict:
    """Everything a profile is: fields, codes, parts, status timeline, history."""
    person = Person.objects.get(pk=person_id)
    fields = {
        f.attname: getattr(person, f.attname)
        for f in Person._meta.concrete_fields
        if f.attname not in ("updated_at",)
    }
    return {
        "fields": fields,
        "m2m": {
            name: sorted(getattr(person, name).values_list("pk", flat=True))
            for name in ("categories", "st_fields", "strategic_technologies")
        },
        "qualifications": sorted(person.qualifications.values_list("pk", "major", "year")),
        "employments": sorted(person.employments.values_list("pk", "position")),
        "status": sorted(person.status_periods.values_list("status", "effective_from")),
        "versions": sorted(person.versions.values_list("pk", "entity", "action")),
    }


@pytest.fixture
def pair(make_person, officer_a, coordinator):
    kept = make_person(
        officer_a, birth_date=datetime.date(1985, 3, 7), phone="0912345678",
        personal_id="079085001234",
    )  # fmt: skip
    other = make_person(
        coordinator, unit_code="26041", categories=("scientist",), given_name="Hưng",
        email="hung@example.vn", old_id_number="123456789", address="12 Lê Lợi",
    )  # fmt: skip
    Qualification.objects.create(person=kept, major="Hóa học", year=2008)
    Qualification.objects.create(person=other, major="Vật lý", year=2010)
    Employment.objects.create(person=other, position="Giảng viên")
    return kept, other


def test_merge_then_unmerge_restores_both_profiles_exactly(pair, coordinator):
    kept, other = pair
    before_kept, before_other = _state(kept.pk), _state(other.pk)
    record = services.merge(
        kept, other, coordinator, {"given_name": "other", "phone": "survivor"}, "same person"
    )
    merged = Person.objects.get(pk=kept.pk)
    assert not Person.objects.filter(pk=other.pk).exists()
    # Per field: the chosen given name, the survivor's phone, the other's e-mail (empty here).
    assert merged.given_name == "Hưng"
    assert merged.phone == "0912345678"
    assert merged.email == "hung@example.vn"
    assert merged.personal_id == "079085001234"
    assert merged.qualifications.count() == 2 and merged.employments.count() == 1
    assert set(merged.categories.values_list("code", flat=True)) == {"expert", "scientist"}
    # Every value of the absorbed profile is kept in the survivor's history, and audited.
    merge_version = ProfileVersion.objects.get(person=merged, entity="merge")
    assert merge_version.before["old_id_number"] == "123456789"
    assert merge_version.before["address"] == "12 Lê Lợi"
    entry = AuditEntry.objects.get(action="merge")
    assert entry.person_id == kept.pk
    assert entry.after["choices"]["given_name"] == "other"

    restored = services.unmerge(record, coordinator, "two people after all")
    assert restored.pk == other.pk
    assert _state(kept.pk) | {"versions": None, "fields": None} == before_kept | {
        "versions": None, "fields": None,
    }  # fmt: skip
    after_kept = _state(kept.pk)["fields"]
    assert {k: v for k, v in after_kept.items()} == before_kept["fields"]
    assert _state(other.pk) == before_other
    assert Merge.objects.get(pk=record.pk).undone_at is not None
    assert AuditEntry.objects.filter(action="unmerge").count() == 1


def test_merge_needs_both_profiles_in_scope(pair, officer_a):
    kept, other = pair  # other is in ward B: officer A may not merge it
    with pytest.raises(PermissionDenied):
        services.merge(kept, other, officer_a)
    assert Person.objects.filter(pk=other.pk).exists()


def test_not_the_same_person_is_never_proposed_again(make_person, coordinator):
    people = []
    for number in range(12):
        people.append(
            make_person(
                coordinator, given_name=f"Tên{number}", family_name="Trần",
                birth_date=datetime.date(1970 + number, 1, 5), phone=f"09{number:08d}",
            )
        )  # fmt: skip
    # Two records of one person: same name, date and phone, one without accents.
    twin = make_person(
        coordinator, unit_code="26041", family_name="Tran", given_name="Ten3",
        birth_date=datetime.date(1973, 1, 5), phone="+84 9 0000 0003",
    )  # fmt: skip
    services.run_dedup(threads=1)
    candidate = Candidate.objects.get(left=people[3], right=twin)
    assert candidate.probability > 0.5
    assert {item["field"] for item in candidate.evidence} >= {"name", "birth", "phone"}
    services.mark_distinct(candidate, coordinator, "brothers")
    services.run_dedup(threads=1)
    assert Candidate.objects.filter(left=people[3], right=twin).count() == 1
    assert Candidate.objects.get(left=people[3], right=twin).status == CandidateStatus.DISTINCT
    assert not Candidate.objects.filter(status=CandidateStatus.OPEN, right=twin).exists()


def test_review_page_masks_the_evidence_and_merges(pair, coordinator, login):
    from django.urls import reverse

    kept, other = pair
    candidate = Candidate.objects.create(
        left=kept, right=other, probability=0.97, found_at=kept.created_at,
        evidence=[{"field": "personal_id", "level": 1, "weight": 9.0,
                   "left": "079085001234", "right": "079085001234"}],
    )  # fmt: skip
    client = login(coordinator)
    page = client.get(reverse("dedup:candidate", args=[candidate.pk])).content.decode()
    assert "07•••••••••4" in page
    response = client.post(
        reverse("dedup:candidate", args=[candidate.pk]),
        {"action": "merge", "survivor": "left", "field_given_name": "other"},
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=kept.pk).given_name == "Hưng"
    assert not Person.objects.filter(pk=other.pk).exists()
    record = Merge.objects.get()
    response = client.post(reverse("dedup:unmerge", args=[record.pk]))
    assert response.status_code == 302
    assert Person.objects.filter(pk=other.pk).exists()
