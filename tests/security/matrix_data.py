"""The dataset the access matrix probes: one of each object in ward B (26041), plus a few
in ward A (25210) so lists are not empty for everyone. Officer A and the department officer
are probed with the ward-B ids; a ward-B person carries a planted name that must never
appear on their pages."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hientai.accounts import tokens
from hientai.accounts.models import User
from hientai.catalogs.models import Scheme
from hientai.dataprotection import services as privacy
from hientai.dataprotection.models import Breach, NoticeVersion
from hientai.dedup import services as dedup_services
from hientai.dedup.models import Candidate
from hientai.indicators.models import Indicator
from hientai.jobs.models import Job
from hientai.orgs.models import Unit
from hientai.plans.models import DeadlineExtension, TaskUpdate
from hientai.plans.services import import_plan
from hientai.registry.models import Person
from hientai.registry.services import save_person
from hientai.reporting import services as reporting
from hientai.reporting.models import Assignment
from hientai.talent import services as talent
from hientai.talent.models import Organisation, SynonymGroup
from tests.access_rules import EXTENSIONS
from tests.plans.conftest import SEED_001, seed_path

PLANTED_GIVEN = "Zyxwoq"
PLANTED_FAMILY = "Quảngtrị"
PLANTED_NAME = f"{PLANTED_FAMILY} Văn {PLANTED_GIVEN}"


@dataclass
class Dataset:
    ids: dict[str, Any] = field(default_factory=dict)


def _person(user: User, unit: str, given: str, family: str = "Nguyễn") -> Person:
    person = Person(
        unit=Unit.objects.get(code=unit),
        family_name=family,
        middle_name="Văn",
        given_name=given,
        gender="male",
    )
    return save_person(person, user, "access matrix")


def build(officer_a: User, officer_b: User) -> Dataset:
    """Objects in ward B made through the services as officer B (ward-A ones as officer A)."""
    data = Dataset()
    unit_b = Unit.objects.get(code="26041")
    _person(officer_a, "25210", "Antoan")
    person_b = _person(officer_b, "26041", PLANTED_GIVEN, PLANTED_FAMILY)
    plan_b = import_plan(seed_path(SEED_001), user=officer_b, unit_code="26041")
    # A task no unit of officer A or the department leads or coordinates (those may see it).
    task_b = (
        plan_b.tasks.exclude(units__unit__path__contains="/25210/")
        .exclude(units__unit__path__contains="/75.SNGV/")
        .first()
    )
    target_b = plan_b.targets.first()
    update_b = TaskUpdate.objects.create(
        task=task_b, author=officer_b, status="in_progress", progress=10
    )
    extension_b = DeadlineExtension.objects.create(
        task=task_b, new_due=dt.date(2027, 6, 30), reason="access matrix", requested_by=officer_b
    )
    now = timezone.now()
    submission_b = None
    for assignment in Assignment.objects.filter(unit=unit_b).select_related("dataset"):
        for period in ("2025", "2025H1", "2025Q1", "2025M01"):
            try:
                submission_b = reporting.open_submission(
                    assignment.dataset, unit_b, period, officer_b, now=now
                )
            except (ValueError, ValidationError, PermissionDenied):
                continue
            break
        if submission_b is not None:
            break
    assert submission_b is not None, "no dataset assigned to ward B"
    job_b = Job.objects.create(kind="export", user=officer_b, unit=unit_b, status="succeeded")
    request_b = privacy.receive_request(person_b, "access", officer_b, now=now)
    breach = Breach.objects.create(
        title="access matrix", description="-", detected_at=now, notify_by=now, recorded_at=now
    )
    device = TOTPDevice.objects.create(user=officer_b, name="matrix", confirmed=False)
    api_token, _secret = tokens.create_token(officer_b, officer_b, "access matrix", days=30)
    organisation_b = talent.save_organisation(
        officer_b, Organisation(name="Công ty Ma trận", kind="startup", unit=unit_b)
    )
    shortlist_b = talent.create_shortlist(officer_b, "access matrix")
    talent.add_to_shortlist(officer_b, shortlist_b, person_b.pk, "matrix")
    scheme = Scheme.objects.order_by("pk").first()
    notice = NoticeVersion.objects.order_by("pk").first()
    # A pair of ward-B profiles to review, and a merge of ward-B profiles to undo.
    twin_b = _person(officer_b, "26041", PLANTED_GIVEN + "a", PLANTED_FAMILY)
    candidate_b = Candidate.objects.create(
        left=person_b, right=twin_b, probability=0.9, evidence=[], found_at=now
    )
    absorbed_b = _person(officer_b, "26041", "Gopchung", PLANTED_FAMILY)
    kept_b = _person(officer_b, "26041", "Gopmot", PLANTED_FAMILY)
    merge_b = dedup_services.merge(kept_b, absorbed_b, officer_b, reason="access matrix")
    data.ids = {
        "unit": "26041",
        "person": person_b.pk,
        "dedup_candidate": candidate_b.pk,
        "dedup_merge": merge_b.pk,
        "plan": plan_b.pk,
        "task": task_b.pk,
        "target": target_b.pk if target_b else 0,
        "update": update_b.pk,
        "extension": extension_b.pk,
        "submission": submission_b.pk,
        "reporting_dataset": submission_b.dataset_id,
        "job": job_b.pk,
        "request": request_b.pk,
        "breach": breach.pk,
        "device": device.pk,
        "api_token": api_token.pk,
        "scheme_key": scheme.key,
        "scheme_version": scheme.version,
        "indicator": Indicator.objects.order_by("pk").first().code,
        "notice": notice.version if notice else "1",
        "organisation": organisation_b.pk,
        "shortlist": shortlist_b.pk,
        "synonym_group": SynonymGroup.objects.order_by("pk").first().pk,
    }
    # The apps of issues 18 and 19 add their own objects (tests/<app>/access.py).
    for app in EXTENSIONS:
        importlib.import_module(f"tests.{app}.access").build(data.ids, officer_a, officer_b)
    return data
