"""Self-registration, consent, proposed changes and their review, own data, invitations."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hientai.accounts.models import Role, User
from hientai.core.models import AuditEntry
from hientai.dataprotection import services as privacy
from hientai.dataprotection.models import BasisRecord, DataSubjectRequest, NoticeVersion
from hientai.orgs.models import Unit
from hientai.registry.models import Person, ProfileVersion
from hientai.selfservice import services
from hientai.selfservice.models import ChangeRequest, ExpertAccount, Invitation
from tests.conftest import PASSWORD as STAFF_PASSWORD
from tests.conftest import _persona
from tests.selfservice.conftest import NOW, PASSWORD, registration

pytestmark = pytest.mark.django_db


def _post_registration(client: Client, email: str) -> object:
    data = registration(email)
    form = {key: value for key, value in data.items() if value is not None}
    form["country"] = data["country"].pk
    form["st_field"] = data["st_field"].pk
    form["overseas"] = "on"
    return client.post(reverse("selfservice:register"), form)


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _profile_post(person: Person, **changes: str) -> dict:
    """The profile form as the page sends it, unchanged except `changes`."""
    data = {
        "phone": person.phone,
        "overseas_city": person.overseas_city,
        "keywords": person.keywords,
        "orcid": person.orcid,
        "availability": "",
        "note": "",
    }
    for prefix in ("qualifications", "employments", "languages", "publications"):
        data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"})
    data["st_fields"] = [str(pk) for pk in person.st_fields.values_list("pk", flat=True)]
    data.update(changes)
    return data


# ---------------------------------------------------------------- registration


def test_registration_sends_a_link_and_the_account_waits_for_it(
    django_capture_on_commit_callbacks,
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_registration(client, "lan@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("selfservice:register_sent")
    user = User.objects.get(email="lan@example.org")
    assert not user.is_active
    assert user.role_assignments.get().role == Role.EXPERT
    assert not Person.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1 and "/me/verify/" in mail.outbox[0].body
    assert not client.login(username="lan@example.org", password=PASSWORD)
    link = mail.outbox[0].body.split("http://", 1)[1].split()[0]
    path = link[link.index("/me/") :]
    assert "Xác nhận" in client.get(path).content.decode() or client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    user.refresh_from_db()
    assert user.is_active
    person = Person.objects.get(user=user)
    assert person.unit.code == "75.SKHCN"
    assert person.versions.filter(entity="person", action="create").exists()
    assert client.login(username="lan@example.org", password=PASSWORD)


def test_same_answer_for_a_known_address_no_enumeration(django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        first = _post_registration(client, "known@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = _post_registration(client, "KNOWN@example.org")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert User.objects.filter(email__iexact="known@example.org").count() == 1
    # The owner of the address is told, nobody else learns anything.
    assert len(mail.outbox) == 1 and "/me/verify/" not in mail.outbox[0].body


def test_registration_is_rate_limited():
    client = Client()
    for number in range(10):
        _post_registration(client, f"r{number}@example.org")
    response = _post_registration(client, "eleventh@example.org")
    assert response.status_code == 429
    assert not User.objects.filter(email="eleventh@example.org").exists()


def test_bad_registration_writes_nothing():
    client = Client()
    data = registration("weak@example.org", password="123")
    form = {k: v for k, v in data.items() if v is not None and k not in ("country", "st_field")}
    response = client.post(reverse("selfservice:register"), form)
    assert response.status_code == 200
    assert "has-error" in response.content.decode()
    assert not User.objects.filter(email="weak@example.org").exists()
    assert not ExpertAccount.objects.exists()
    assert not mail.outbox


def test_expired_and_invalid_tokens(time_machine):
    time_machine.move_to(NOW)
    user = services.register(registration("old@example.org"), now=NOW)
    token = services.make_token(user, NOW)
    time_machine.move_to(NOW + dt.timedelta(days=4))
    with pytest.raises(ValidationError, match=r"hết hạn|expired"):
        services.verify(token, now=NOW + dt.timedelta(days=4))
    with pytest.raises(ValidationError):
        services.verify(token[:-3] + "abc", now=NOW)
    forged = signing.TimestampSigner(salt="other").sign("x")
    response = Client().post(reverse("selfservice:verify", args=[forged]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active
    assert not Person.objects.filter(user=user).exists()


# ---------------------------------------------------------------- consent


def test_no_consent_is_pre_ticked(registered_expert):
    client = _login(registered_expert.user)
    page = client.get(reverse("selfservice:consent")).content.decode()
    assert page.count('name="purpose"') == 3
    assert "checked" not in page
    # Nothing is assumed: no purpose resting on consent may be pursued yet.
    for code in ("public_profile", "opportunities", "news_events"):
        assert not privacy.has_consent(registered_expert, code, NOW)
    assert privacy.has_consent(registered_expert, "registry", NOW)  # a legal basis


def test_consent_records_version_and_time_and_withdrawal(registered_expert):
    user = registered_expert.user
    notice = NoticeVersion.objects.order_by("-effective_from").first()
    services.give_consents(
        registered_expert, user, ["public_profile", "opportunities"], notice.version, now=NOW
    )
    record = BasisRecord.objects.get(person=registered_expert, purpose__code="public_profile")
    assert record.notice == notice and record.recorded_at == NOW and record.state == "given"
    assert privacy.has_consent(registered_expert, "opportunities", NOW)
    assert not privacy.has_consent(registered_expert, "news_events", NOW)
    later = NOW + dt.timedelta(hours=1)
    services.withdraw_consent(registered_expert, user, "opportunities", now=later)
    assert not privacy.has_consent(registered_expert, "opportunities", later)
    # Before the withdrawal, it was given: the ledger keeps the past.
    assert privacy.has_consent(registered_expert, "opportunities", NOW)
    assert BasisRecord.objects.filter(person=registered_expert).count() == 3


def test_consent_to_a_stale_notice_is_refused(registered_expert):
    with pytest.raises(ValidationError):
        services.give_consents(
            registered_expert, registered_expert.user, ["public_profile"], "0.1", now=NOW
        )
    assert not BasisRecord.objects.filter(person=registered_expert).exists()


def test_withdrawal_stops_invitations(registered_expert, coordinator):
    user = registered_expert.user
    version = NoticeVersion.objects.order_by("-effective_from").first().version
    services.give_consents(registered_expert, user, ["opportunities"], version, now=NOW)
    assert registered_expert in services.invitable(NOW)
    services.invite(coordinator, registered_expert, now=NOW, title="Hội đồng AI")
    later = NOW + dt.timedelta(minutes=5)
    services.withdraw_consent(registered_expert, user, "opportunities", now=later)
    assert registered_expert not in services.invitable(later)
    with pytest.raises(ValidationError):
        services.invite(coordinator, registered_expert, now=later, title="Lần hai")
    assert Invitation.objects.count() == 1


# ---------------------------------------------------------------- changes


@pytest.fixture
def skhcn_officer(db) -> User:
    return _persona("officer_skhcn", Role.OFFICER, "75.SKHCN")


def test_change_waits_for_review_then_is_applied_and_versioned(registered_expert, skhcn_officer):
    user = registered_expert.user
    post = _profile_post(
        registered_expert,
        keywords="học máy, thị giác máy tính",
        availability="open",
        **{"publications-0-title": "Deep vision for rice fields", "publications-0-year": "2024"},
    )
    response = _login(user).post(reverse("selfservice:profile"), post)
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    registered_expert.refresh_from_db()
    assert registered_expert.keywords == ""  # not in the registry yet
    assert not registered_expert.publications.exists()
    officer = _login(skhcn_officer)
    page = officer.get(reverse("selfservice:review", args=[change.pk])).content.decode()
    assert "Deep vision for rice fields" in page and "<ins>" in page
    response = officer.post(reverse("selfservice:review", args=[change.pk]), {"action": "accept"})
    assert response.status_code == 302
    registered_expert.refresh_from_db()
    assert registered_expert.keywords == "học máy, thị giác máy tính"
    assert registered_expert.publications.get().title == "Deep vision for rice fields"
    versions = ProfileVersion.objects.filter(person=registered_expert, user=skhcn_officer)
    assert {v.entity for v in versions} >= {"person", "publication"}
    assert ExpertAccount.objects.get(user=user).availability == "open"
    history = officer.get(reverse("registry:person_history", args=[registered_expert.pk]))
    assert f"Thay đổi số {change.pk} do chuyên gia đề nghị" in history.content.decode()
    assert AuditEntry.objects.filter(action="accept").exists()


def test_returned_change_shows_the_comment(registered_expert, skhcn_officer):
    post = _profile_post(registered_expert, keywords="vật liệu mới")
    services.submit_change(registered_expert, registered_expert.user, _qd(post), now=NOW)
    change = ChangeRequest.objects.get()
    officer = _login(skhcn_officer)
    officer.post(
        reverse("selfservice:review", args=[change.pk]),
        {"action": "return", "comment": "Xin ghi rõ chuyên ngành hẹp"},
    )
    change.refresh_from_db()
    assert change.status == "returned"
    page = _login(registered_expert.user).get(reverse("selfservice:changes")).content.decode()
    assert "Xin ghi rõ chuyên ngành hẹp" in page
    registered_expert.refresh_from_db()
    assert registered_expert.keywords == ""


def test_officer_of_another_unit_cannot_review(registered_expert, officer_a, expert):
    post = _profile_post(registered_expert, keywords="x")
    change = services.submit_change(registered_expert, registered_expert.user, _qd(post), now=NOW)
    url = reverse("selfservice:review", args=[change.pk])
    assert _login(officer_a).get(url).status_code == 404
    assert _login(officer_a).post(url, {"action": "accept"}).status_code == 404
    change.refresh_from_db()
    assert change.status == "pending"
    assert _login(expert).get(url).status_code == 403


def test_bad_profile_input_writes_nothing(registered_expert):
    post = _profile_post(
        registered_expert,
        phone="abc",
        **{"publications-0-year": "1700", "publications-0-title": "x"},
    )
    response = _login(registered_expert.user).post(reverse("selfservice:profile"), post)
    assert response.status_code == 200
    assert "has-error" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_unchanged_profile_is_not_a_change(registered_expert):
    with pytest.raises(ValidationError):
        services.submit_change(
            registered_expert, registered_expert.user, _qd(_profile_post(registered_expert)),
            now=NOW,
        )  # fmt: skip


def _qd(data: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


# ---------------------------------------------------------------- own data


def test_export_contents(registered_expert):
    version = NoticeVersion.objects.order_by("-effective_from").first().version
    services.give_consents(
        registered_expert, registered_expert.user, ["public_profile"], version, now=NOW
    )
    client = _login(registered_expert.user)
    response = client.get(reverse("selfservice:export", args=["json"]))
    data = json.loads(response.content)
    assert data["person"]["family_name"] == "Nguyễn"
    assert data["person"]["email"] == "lan.nguyen@example.org"
    assert [row["purpose"] for row in data["legal_bases"]] == ["public_profile"]
    assert data["legal_bases"][0]["notice_version"] == version
    assert data["history"], "the history of changes is part of the copy"
    response = client.get(reverse("selfservice:export", args=["xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 3
    assert registered_expert.sensitive_accesses.filter(channel="privacy-export-json").exists()


def test_correction_and_deletion_requests_are_data_subject_requests(registered_expert):
    client = _login(registered_expert.user)
    client.post(reverse("selfservice:data"), {"kind": "rectify", "details": "Sai năm sinh"})
    client.post(reverse("selfservice:data"), {"kind": "erase", "details": "Xin xóa hồ sơ"})
    client.post(reverse("selfservice:data"), {"kind": "erase", "details": ""})  # refused
    requests = DataSubjectRequest.objects.filter(person=registered_expert).order_by("kind")
    assert [r.kind for r in requests] == ["erase", "rectify"]
    assert all(r.received_via == "account" and r.due_at > r.received_at for r in requests)
    assert requests[0].unit == Unit.objects.get(code="75.SKHCN")


# ---------------------------------------------------------------- invitations


def test_invitation_accepted_and_officer_sees_the_answer(registered_expert, coordinator):
    version = NoticeVersion.objects.order_by("-effective_from").first().version
    services.give_consents(
        registered_expert, registered_expert.user, ["opportunities"], version, now=NOW
    )
    officer = _login(coordinator)
    response = officer.post(
        reverse("selfservice:connect"),
        {"person": registered_expert.pk, "title": "Hội đồng tư vấn AI", "link": "https://x.vn/a"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    expert = _login(registered_expert.user)
    assert "Hội đồng tư vấn AI" in expert.get(reverse("selfservice:invitations")).content.decode()
    expert.post(
        reverse("selfservice:invitation_answer", args=[invitation.pk]),
        {"answer": "accept", "note": "Rất sẵn lòng"},
    )
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert "Rất sẵn lòng" in officer.get(reverse("selfservice:connect")).content.decode()


def test_invitation_without_title_or_task_is_refused(registered_expert, coordinator):
    with pytest.raises(ValidationError):
        services.invite(coordinator, registered_expert, now=NOW)
    assert not Invitation.objects.exists()


def test_staff_login_password_is_the_fixture_one():
    assert STAFF_PASSWORD


def test_review_of_a_phone_change_is_a_logged_view(registered_expert, skhcn_officer):
    post = _profile_post(registered_expert, phone="0912345678")
    change = services.submit_change(registered_expert, registered_expert.user, _qd(post), now=NOW)
    _login(skhcn_officer).get(reverse("selfservice:review", args=[change.pk]))
    assert registered_expert.sensitive_accesses.filter(
        user=skhcn_officer, channel="web-selfservice-review"
    ).exists()


def test_english_pages(registered_expert):
    client = _login(registered_expert.user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("selfservice:consent"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Publishing a public expert profile" in page
    assert "I agree" in page
