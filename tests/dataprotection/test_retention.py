"""Retention rules per data category and the report of what is due."""

import datetime
import json

import pytest
from django.core.management import call_command

from hientai.dataprotection import services
from hientai.dataprotection.models import RetentionRule
from hientai.dataprotection.retention import due_report
from hientai.registry.models import ProfileVersion, StatusPeriod
from hientai.registry.services import change_status

pytestmark = pytest.mark.django_db


def _report(now):
    return {report.rule.code: report for report in due_report(now)}


def test_every_trigger_has_a_rule():
    assert RetentionRule.objects.count() == 6
    assert all(rule.period_days > 0 for rule in RetentionRule.objects.all())


def test_people_who_left_become_due_after_their_period(officer_a, coordinator, make_person, now):
    stayed = make_person(officer_a, given_name="Lan")
    left = make_person(officer_a, given_name="Minh", email="minh@example.vn")
    for person in (stayed, left):
        StatusPeriod.objects.filter(person=person).update(effective_from=datetime.date(2015, 1, 1))
    change_status(left, "moved_out", datetime.date(2022, 6, 1), officer_a, "chuyển đi")
    report = _report(now)
    assert [item.person_id for item in report["contacts-left"].items] == [left.pk]
    assert report["profile-left"].total == 0  # 5 years not yet over on 2 March 2026
    later = now + datetime.timedelta(days=730)
    report = _report(later)
    assert [item.person_id for item in report["profile-left"].items] == [left.pk]
    assert report["profile-left"].items[0].since == datetime.date(2022, 6, 1)
    # an anonymised profile is no longer due
    request = services.receive_request(left, "erase", officer_a, now=now)
    services.carry_out_erasure(request, coordinator, now=now, mode=services.ANONYMISE)
    assert _report(later)["profile-left"].total == 0


def test_old_history_closed_requests_and_the_command(
    officer_a, coordinator, make_person, now, capsys
):
    person = make_person(officer_a)
    ProfileVersion.objects.filter(person=person).update(at=now - datetime.timedelta(days=11 * 365))
    request = services.receive_request(person, "access", officer_a, now=now)
    services.close_request(request, coordinator, now=now, outcome="fulfilled")
    assert _report(now)["history"].total == ProfileVersion.objects.filter(person=person).count()
    assert _report(now)["requests"].total == 0
    assert _report(now + datetime.timedelta(days=5 * 365 + 1))["requests"].total == 1
    call_command("privacy_retention", "--now", now.isoformat(), "--json")
    data = {row["rule"]: row for row in json.loads(capsys.readouterr().out)}
    assert data["history"]["due"] >= 1 and data["history"]["items"][0]["person_id"] == person.pk
    call_command("privacy_retention", "--now", now.date().isoformat())
    assert "Lịch sử thay đổi hồ sơ" in capsys.readouterr().out
