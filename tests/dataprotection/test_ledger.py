"""The ledger of legal bases and consents: per purpose, with notice version and date,
append-only, recorded by officers in scope or by the person for their own consent."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hientai.dataprotection import services
from hientai.dataprotection.models import (
    BasisRecord,
    BasisState,
    NoticeVersion,
    PrivacyEvent,
    ProcessingPurpose,
)
from hientai.dataprotection.reference import PURPOSES
from hientai.registry.presenters import profile_sections

pytestmark = pytest.mark.django_db


def purpose(code: str) -> ProcessingPurpose:
    return ProcessingPurpose.objects.get(code=code)


def test_reference_data_is_loaded_by_the_migration():
    bases = dict(ProcessingPurpose.objects.values_list("code", "basis"))
    assert bases == {
        "registry": "public_task",
        "public_profile": "consent",
        "opportunities": "consent",
        "national_database": "legal_obligation",
        # Added with self-registration (issue 19, migration 0003).
        "news_events": "consent",
    }
    assert len(PURPOSES) == 4
    notice = NoticeVersion.objects.get(version="1.0")
    assert notice.effective_from == datetime.date(2026, 1, 1) and "91/2025/QH15" in notice.body_vi


def test_consent_history_per_purpose(full_person, officer_a, now):
    lines = {line.purpose.code: line for line in services.overview(full_person)}
    assert lines["registry"].allowed and not lines["public_profile"].allowed  # nothing recorded
    given = services.record_basis(
        full_person,
        purpose("public_profile"),
        BasisState.GIVEN,
        officer_a,
        now=now,
        evidence="written",
        effective_on=datetime.date(2026, 2, 20),
    )
    assert given.notice.version == "1.0" and given.effective_on == datetime.date(2026, 2, 20)
    assert services.may_process(full_person, "public_profile")
    later = now + datetime.timedelta(days=3)
    services.record_basis(
        full_person, purpose("public_profile"), BasisState.WITHDRAWN, officer_a, now=later
    )
    assert not services.may_process(full_person, "public_profile")
    history = BasisRecord.objects.filter(person=full_person, purpose__code="public_profile")
    assert [r.state for r in history.order_by("recorded_at")] == ["given", "withdrawn"]
    events = PrivacyEvent.objects.filter(action="basis_recorded", person_id=full_person.pk)
    assert events.count() == 2


def test_the_ledger_is_append_only(full_person, officer_a, now):
    record = services.record_basis(
        full_person, purpose("registry"), BasisState.APPLIES, officer_a, now=now
    )
    assert record.evidence == "not_needed"
    record.note = "rewritten"
    with pytest.raises(ValidationError):
        record.save()


@pytest.mark.parametrize(
    ("code", "state", "evidence"),
    [
        ("public_profile", "given", ""),  # consent must be verifiable: no default consent
        ("public_profile", "withdrawn", ""),  # nothing to withdraw yet
        ("public_profile", "applies", ""),  # a consent purpose needs consent
        ("registry", "given", "written"),  # a legal-basis purpose is not consented to
    ],
)
def test_wrong_entries_are_refused_in_vietnamese(
    full_person, officer_a, now, code, state, evidence
):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.record_basis(
            full_person, purpose(code), state, officer_a, now=now, evidence=evidence
        )
    assert any(ord(ch) > 127 for ch in " ".join(error.value.messages))  # Vietnamese text
    assert not BasisRecord.objects.exists() and not PrivacyEvent.objects.exists()


def test_a_future_effective_date_is_refused(full_person, officer_a, now):
    with pytest.raises(ValidationError):
        services.record_basis(
            full_person,
            purpose("registry"),
            "applies",
            officer_a,
            now=now,
            effective_on=now.date() + datetime.timedelta(days=1),
        )


def test_who_may_record(full_person, officer_b, leader, expert_user, coordinator, now):
    for user in (officer_b, leader, expert_user):
        with pytest.raises(PermissionDenied):
            services.record_basis(full_person, purpose("registry"), "applies", user, now=now)
    services.record_basis(full_person, purpose("registry"), "applies", coordinator, now=now)
    # the person may give or withdraw their own consent from their account
    full_person.user = expert_user
    full_person.save()
    own = services.record_basis(
        full_person, purpose("opportunities"), BasisState.GIVEN, expert_user, now=now
    )
    assert own.evidence == "digital"
    with pytest.raises(PermissionDenied):
        services.record_basis(
            full_person, purpose("registry"), BasisState.OBJECTED, expert_user, now=now
        )


def test_the_profile_page_shows_the_section(full_person, officer_a, leader, login):
    sections = profile_sections(full_person, officer_a)
    # Other apps add their own sections (support cases, honours); this one is there once.
    templates = [s["template"] for s in sections]
    assert templates.count("dataprotection/_profile_section.html") == 1
    page = login(officer_a).get(f"/people/{full_person.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bảo vệ dữ liệu cá nhân" in html and f"/privacy/people/{full_person.pk}/" in html
    assert "Công bố hồ sơ chuyên gia công khai" in html
    assert login(leader).get(f"/people/{full_person.pk}/").status_code == 200
