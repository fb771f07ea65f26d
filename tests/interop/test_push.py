"""The push to the national system against a mock endpoint over real HTTP: batches,
acknowledgement per record, retries with backoff, the watermark, idempotent re-push,
the mapping table used by the export, no unconsented person sent, every push logged."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hientai.core.models import AuditEntry
from hientai.dataprotection.models import BasisRecord, BasisState, NoticeVersion, ProcessingPurpose
from hientai.interop import services
from hientai.interop.models import ElementMapping, PushStatus, RecordStatus, SentRecord
from hientai.registry.models import (
    AccessChannel,
    Person,
    ProfileVersion,
    Publication,
    SensitiveAccess,
)
from tests.interop.conftest import make_person

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


def version(person: Person) -> tuple:
    """The watermark a person's profile sets: (version of the whole profile, id)."""
    changed = services.with_version(Person.objects.filter(pk=person.pk)).get().changed
    return (changed, person.pk)


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_push_sends_changed_people_and_stores_the_acknowledgement(endpoint, national, settings):
    people = [make_person(name, personal_id=f"07508000000{i}") for i, name in enumerate("ABC")]
    run = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert run.withheld == 0, services._sharing_checks
    assert (run.status, run.sent, run.accepted, run.rejected, run.unanswered) == (
        PushStatus.DONE, 3, 3, 0, 0,
    )  # fmt: skip
    [document] = national.batches
    assert document["schema"] == "hientai-interop-person" and document["version"] == "1.1"
    assert document["batch"]["count"] == 3 and document["batch"]["since"] is None
    first = document["people"][0]
    assert first["record_id"] == f"hientai:{people[0].pk}" and first["operation"] == "upsert"
    # The mapping table is applied: national elements beside the full record.
    assert first["national"]["CBNC.HO_TEN"] == "Nguyễn Văn A"
    assert first["national"]["CBNC.CO_QUAN_QUAN_LY"] == {"code": "26041"}
    assert first["identifiers"]["personal_id"] == "075080000000"  # unmasked: a hand-out
    assert national.authorizations == ["Bearer s3cret-token"]
    stored = {r.person_id: r for r in SentRecord.objects.filter(endpoint=endpoint)}
    assert {r.status for r in stored.values()} == {RecordStatus.ACCEPTED}
    assert stored[people[1].pk].national_id == f"QG-{people[1].pk}"
    endpoint.refresh_from_db()
    assert (endpoint.watermark_at, endpoint.watermark_pk) == max(version(p) for p in people)
    # Personal data sent counts as a hand-out: one access-log row per person, and the
    # push itself is in the audit trail.
    logged = SensitiveAccess.objects.filter(channel=AccessChannel.EXPORT)
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(p.pk for p in people)
    assert AuditEntry.objects.filter(action="interop.push", object_id=str(run.pk)).exists()


def test_a_second_push_sends_nothing_again(endpoint, national):
    make_person("A")
    make_person("B")
    services.push(endpoint, now=NOW, sleep=Sleeps())
    again = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert (again.sent, again.batches, national.requests) == (0, 0, 1)
    assert again.status == PushStatus.DONE


def test_only_changed_people_are_sent_after_the_watermark(endpoint, national):
    a = make_person("A")
    make_person("B")
    services.push(endpoint, now=NOW, sleep=Sleeps())
    a.keywords = "vật liệu mới"
    a.save()
    run = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert run.sent == 1 and national.names()[-1] == "A"
    assert national.batches[-1]["batch"]["since"] is not None


def test_a_part_saved_on_its_own_sends_the_profile_again(endpoint, national):
    a = make_person("A")
    make_person("B")
    services.push(endpoint, now=NOW, sleep=Sleeps())
    # What registry.services.save_part writes: the part and a history entry, not the person.
    paper = Publication.objects.create(person=a, title="Vật liệu nano", year=2026)
    ProfileVersion.objects.create(
        person=a, at=timezone.now(), entity="publication", entity_id=paper.pk,
        action=ProfileVersion.Action.CREATE, after={"title": paper.title},
    )  # fmt: skip
    run = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert run.sent == 1 and national.received()[-1]["publications"][0]["title"] == "Vật liệu nano"
    assert services.push(endpoint, now=NOW, sleep=Sleeps()).sent == 0


def test_batches_follow_the_endpoint_size(endpoint, national):
    endpoint.batch_size = 2
    endpoint.save()
    for name in "ABCDE":
        make_person(name)
    run = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert run.batches == 3 and [len(b["people"]) for b in national.batches] == [2, 2, 1]
    assert len({b["batch"]["id"] for b in national.batches}) == 3
    assert run.accepted == 5


def test_transient_failures_are_retried_with_backoff(endpoint, national, settings):
    settings.INTEROP_BACKOFF_SECONDS = 0.5
    national.fail_next = 2
    make_person("A")
    sleeps = Sleeps()
    run = services.push(endpoint, now=NOW, sleep=sleeps)
    assert run.status == PushStatus.DONE and run.accepted == 1
    assert run.attempts == 3 and national.requests == 3
    assert sleeps == [0.5, 1.0]  # exponential backoff between the attempts


def test_an_endpoint_down_leaves_the_watermark_and_the_records_wait(endpoint, national):
    national.status_always = 503
    make_person("A")
    make_person("B")
    run = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert run.status == PushStatus.FAILED and run.unanswered == 2 and run.attempts == 4
    assert "503" in run.message
    endpoint.refresh_from_db()
    assert endpoint.watermark_at is None
    # Back up: the waiting records go, once.
    national.status_always = 0
    run = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert run.status == PushStatus.DONE and run.accepted == 2
    assert sorted(national.names()) == ["A", "B"]


def test_partial_acknowledgement_moves_the_watermark_only_over_acknowledged_records(
    endpoint, national, login, coordinator
):
    a = make_person("A")
    b = make_person("B")
    c = make_person("C")
    national.reject = {"A": "Thiếu số định danh cá nhân"}
    national.ignore = {"B"}
    run = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert (run.status, run.accepted, run.rejected, run.unanswered) == (
        PushStatus.PARTIAL, 1, 1, 1,
    )  # fmt: skip
    endpoint.refresh_from_db()
    # A was acknowledged (rejected), B was not: the watermark stops at A.
    assert (endpoint.watermark_at, endpoint.watermark_pk) == version(a)
    states = dict(SentRecord.objects.values_list("person_id", "status"))
    assert states == {a.pk: "rejected", b.pk: "unanswered", c.pk: "accepted"}
    # The next push sends B only: C's version was accepted, A's unchanged one rejected.
    national.ignore = set()
    again = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert again.sent == 1 and national.names()[-1] == "B"
    assert services.candidates(endpoint) == []
    endpoint.refresh_from_db()
    assert (endpoint.watermark_at, endpoint.watermark_pk) == version(c)
    # The rejected record and its reason show on the exchange page.
    page = login(coordinator).get("/interop/")
    assert page.status_code == 200
    assert "Thiếu số định danh cá nhân" in page.content.decode()


def _ledger(person, state: str) -> None:
    BasisRecord.objects.create(
        person=person, purpose=ProcessingPurpose.objects.get(code=services.PURPOSE),
        state=state, notice=NoticeVersion.objects.order_by("effective_from").first(),
        effective_on=NOW.date(), recorded_at=timezone.now(),
    )  # fmt: skip


def test_no_one_without_a_legal_basis_for_sharing_is_sent(endpoint, national):
    make_person("A")
    objected = make_person("B", email="b@example.vn")
    restricted = make_person("C")
    _ledger(objected, BasisState.OBJECTED)
    _ledger(restricted, BasisState.RESTRICTED)
    run = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert national.names() == ["A"] and run.withheld == 2 and run.accepted == 1
    assert not SensitiveAccess.objects.filter(person=objected).exists()
    # Still withheld at the next push; sent once the restriction is lifted.
    services.push(endpoint, now=NOW, sleep=Sleeps())
    assert national.names() == ["A"]
    _ledger(restricted, BasisState.APPLIES)
    services.push(endpoint, now=NOW, sleep=Sleeps())
    assert national.names() == ["A", "C"]


def test_with_consent_as_the_basis_only_people_who_gave_it_are_sent(endpoint, national):
    ProcessingPurpose.objects.filter(code=services.PURPOSE).update(basis="consent")
    given = make_person("A")
    make_person("B")  # never asked: no consent
    withdrawn = make_person("C")
    _ledger(given, BasisState.GIVEN)
    _ledger(withdrawn, BasisState.GIVEN)
    _ledger(withdrawn, BasisState.WITHDRAWN)
    services.push(endpoint, now=NOW, sleep=Sleeps())
    assert national.names() == ["A"]


def test_the_mapping_table_drives_the_national_elements(endpoint, national, coordinator):
    row = ElementMapping.objects.get(source="name.full")
    services.save_mapping(
        coordinator, row, source="name.full", element="CBNC.HO_VA_TEN", label_vi="Họ và tên",
        reference="", verified=True, required=True, active=True, order=10,
    )  # fmt: skip
    ElementMapping.objects.filter(source="birth.year").update(active=False)
    make_person("A")
    services.push(endpoint, now=NOW, sleep=Sleeps())
    elements = national.received()[0]["national"]
    assert elements["CBNC.HO_VA_TEN"] == "Nguyễn Văn A"
    assert "CBNC.HO_TEN" not in elements and "CBNC.NAM_SINH" not in elements
    assert AuditEntry.objects.filter(action="interop.mapping").exists()


def test_a_malformed_acknowledgement_leaves_the_records_waiting(endpoint, national):
    national.status_always = 400
    make_person("A")
    run = services.push(endpoint, now=NOW, sleep=Sleeps())
    assert run.status == PushStatus.FAILED and run.attempts == 1  # a 400 is not retried
    assert SentRecord.objects.get().status == RecordStatus.UNANSWERED


def test_the_worker_pushes_every_day(endpoint, national):
    from hientai.interop import tasks
    from hientai.jobs import services as jobs

    assert jobs._daily["interop_push"] is tasks.daily_push
    make_person("A", email="a@example.vn")
    tasks.daily_push()
    run = endpoint.pushes.get()
    assert run.user is None and run.accepted == 1
    assert SensitiveAccess.objects.get().user_name.startswith("system")
