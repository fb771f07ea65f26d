"""The breach register and its 72-hour notification clock."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hientai.dataprotection import services
from hientai.dataprotection.models import Breach, PrivacyEvent

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def _breach(user, now, detected_hours_ago: int = 10) -> Breach:
    return services.record_breach(
        user,
        now=now,
        title="Tệp xuất gửi nhầm địa chỉ",
        description="Một tệp xuất 120 hồ sơ được gửi nhầm ra ngoài.",
        detected_at=now - detected_hours_ago * HOUR,
        people_affected=120,
    )


def test_the_clock_is_72_hours_from_detection(coordinator, now):
    breach = _breach(coordinator, now)
    assert breach.notify_by == breach.detected_at + 72 * HOUR
    assert not breach.overdue(now)
    assert breach.overdue(breach.notify_by + HOUR)  # not notified in time
    services.update_breach(breach, coordinator, now=now, notified_at=now - HOUR)
    assert not breach.overdue(now + 100 * HOUR)  # notified in time stays on time
    assert PrivacyEvent.objects.filter(breach=breach).count() == 2


def test_a_late_notification_needs_its_reason_and_is_flagged(coordinator, now):
    breach = _breach(coordinator, now, detected_hours_ago=80)
    with pytest.raises(ValidationError):
        services.update_breach(breach, coordinator, now=now, notified_at=now)
    breach.refresh_from_db()
    assert breach.notified_at is None
    services.update_breach(
        breach, coordinator, now=now, notified_at=now, lateness_reason="phát hiện ngoài giờ"
    )
    assert breach.overdue(now)
    with pytest.raises(ValidationError):
        services.update_breach(breach, coordinator, now=now, notified_at=now)


def test_bad_input_and_scope(coordinator, officer_a, leader, now):
    for user in (officer_a, leader):
        with pytest.raises(PermissionDenied):
            _breach(user, now)
    with pytest.raises(ValidationError):
        _breach(coordinator, now, detected_hours_ago=-1)  # in the future
    with pytest.raises(ValidationError):
        services.record_breach(coordinator, now=now, title=" ", description="x", detected_at=now)
    breach = _breach(coordinator, now)
    with pytest.raises(ValidationError):
        services.update_breach(breach, coordinator, now=now, status="closed")  # not notified
    with pytest.raises(ValidationError):
        services.update_breach(breach, coordinator, now=now, notified_at=now - 20 * HOUR)
    assert Breach.objects.count() == 1
    services.update_breach(breach, coordinator, now=now, notified_at=now)
    services.update_breach(breach, coordinator, now=now + HOUR, status="closed")
    assert breach.closed_at == now + HOUR
