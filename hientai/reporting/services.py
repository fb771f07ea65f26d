"""Reporting workflow, validation and completeness: every view, API call, admin action and
demo loader goes through these functions.

Workflow: `open_submission` (a draft, only for an assigned unit) → `save_values` (validated,
all or nothing, outlier warnings stored) → `submit` (complete values required) → `approve`
(coordinator or a unit above; the values then count in the indicators through
`indicators.services.record_reported`) or `return_submission` (a comment is required; the
unit edits and submits again). `reopen` lets the unit withdraw a submission not yet decided.
An approved submission is locked. Every step writes a SubmissionEvent.

Timeliness: the first submission against the due date (on the due day is on time); nothing
delivered after the due day is missing. `completeness(period)` counts it per unit and rolls
it up the unit tree.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.models import User
from hientai.accounts.scoping import editable, scope_for, visible
from hientai.core import audit
from hientai.indicators.models import Indicator
from hientai.indicators.models import Kind as IndicatorKind
from hientai.indicators.periods import Period
from hientai.indicators.services import IndicatorError, record_reported
from hientai.orgs.models import PATH_SEPARATOR, Unit, UnitKind
from hientai.reporting import reference, reminders, validation
from hientai.reporting.models import (
    DELIVERED_STATUSES,
    Action,
    Assignment,
    Dataset,
    DatasetIndicator,
    PeriodType,
    ReportRequest,
    ReportSigner,
    Status,
    Submission,
    SubmissionEvent,
    SubmissionLocked,
    SubmissionValue,
    Timeliness,
    timeliness_of,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# ------------------------------------------------------------------ permissions


def may_enter(user: User | AnonymousUser, unit: Unit) -> bool:
    """May write the reports of `unit`: its officers (or officers above it) and city-wide roles."""
    return editable(Unit.objects.filter(pk=unit.pk), user).exists()


def can_enter(user: User | AnonymousUser, submission: Submission) -> bool:
    return submission.is_editable and may_enter(user, submission.unit)


def may_decide(user: User | AnonymousUser, unit: Unit) -> bool:
    """Approves or returns reports of `unit`: the coordinator (DOST) or an administrator, or
    an officer of a unit above it, never the unit's own officers."""
    scope = scope_for(user)
    if scope.city_wide:
        return True
    return any(unit.path.startswith(path) and unit.path != path for path in scope.write_paths)


def can_decide(user: User | AnonymousUser, submission: Submission) -> bool:
    return (
        submission.status == Status.SUBMITTED
        and submission.submitted_by_id != getattr(user, "pk", None)
        and may_decide(user, submission.unit)
    )


def can_reopen(user: User | AnonymousUser, submission: Submission) -> bool:
    return submission.status == Status.SUBMITTED and may_enter(user, submission.unit)


def _actor(user: User | AnonymousUser | None) -> User | None:
    """The user a row records; None for anyone not signed in."""
    return user if isinstance(user, User) else None


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _refuse_locked(submission: Submission) -> None:
    if submission.status == Status.APPROVED:
        raise SubmissionLocked()


# ------------------------------------------------------------------ periods and due dates


def parse_period(text: str | Period) -> Period:
    """Period.parse with the translated message as a ValidationError."""
    try:
        return Period.parse(text)
    except ValueError as error:
        raise ValidationError(str(error)) from error


def due_date(dataset: Dataset, period: Period | str) -> datetime.date | None:
    """The due date of a dataset for a period: the request's date when one was made (every
    ad hoc report; a periodic one whose date was moved), else the dataset's due day in the
    period's year — 20/6 for "2026H1", 05/12 for "2026", 20/11 for digital skills."""
    period = Period.parse(period)
    request = ReportRequest.objects.filter(dataset=dataset, period=str(period)).first()
    if request is not None:
        return request.due_date
    return dataset.default_due_date(period)


@transaction.atomic
def request_report(
    dataset: Dataset,
    period: Period | str,
    due: datetime.date,
    user: Any,
    note: str = "",
    channel: str = "",
) -> ReportRequest:
    """Ask the assigned units for a dataset and period by `due` (ad hoc reports; or a new due
    date for a periodic one). Coordinator only; open submissions take the new date."""
    _require(scope_for(user).city_wide, _("Only the coordinator may request reports."))
    period = parse_period(period)
    if dataset.period_type != PeriodType.AD_HOC:
        try:
            dataset.check_period(period)
        except ValueError as error:
            raise ValidationError(str(error)) from error
    previous = ReportRequest.objects.filter(dataset=dataset, period=str(period)).first()
    before = audit.snapshot(previous, exclude=["created_by"])
    request, _created = ReportRequest.objects.update_or_create(
        dataset=dataset,
        period=str(period),
        defaults={"due_date": due, "note": note, "created_by": _actor(user)},
    )
    Submission.objects.filter(dataset=dataset, period=str(period)).exclude(
        status=Status.APPROVED
    ).update(due_date=due)
    audit.record(
        user,
        audit.Action.REQUEST_REPORT,
        request,
        label=f"{dataset.code} {period}",
        before=before,
        after=audit.snapshot(request, exclude=["created_by"]),
        reason=note,
        channel=channel,
    )
    return request


# ------------------------------------------------------------------ expectations


@dataclass
class Expected:
    """A report a unit owes: dataset, period, due date and what it has delivered so far."""

    dataset: Dataset
    unit: Unit
    period: Period
    due_date: datetime.date | None
    submission: Submission | None
    timeliness: str
    can_start: bool = False  # set by the view: the user may start this report

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else "not_started"

    @property
    def status_label(self) -> str:
        if self.submission is None:
            return _("Not started")
        return self.submission.get_status_display()

    @property
    def delivered(self) -> bool:
        return self.status in DELIVERED_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.timeliness == Timeliness.MISSING


def _newest_first(period: Period) -> tuple[int, int]:
    """Sort key: later years first, and in a year the whole year, then H2, then H1 (Period's
    own ordering cannot compare a year with a half year)."""
    return (-period.year, -(period.half or 3))


def _assignments(
    periods: list[Period], unit: Unit | None, user: User | AnonymousUser | None
) -> QuerySet[Assignment]:
    # The datasets are few: read once and shared (`expectations`), not one copy per row.
    assignments = Assignment.objects.filter(dataset__active=True).select_related("unit")
    if unit is not None:
        assignments = assignments.filter(unit__path__startswith=unit.path)
    if user is not None:
        assignments = visible(assignments, user)
    return assignments.order_by("unit__path", "dataset__code")


def expectations(
    periods: Period | str | Iterable[Period | str],
    *,
    unit: Unit | None = None,
    user: User | AnonymousUser | None = None,
    today: datetime.date | None = None,
) -> list[Expected]:
    """Every report expected for the periods (from the assignments in force), with its
    submission if any; within `unit`'s subtree and what `user` may read when given.
    Four queries whatever the number of units."""
    if isinstance(periods, Period | str):
        periods = [periods]
    wanted = sorted({Period.parse(period) for period in periods}, key=_newest_first)
    texts = [str(period) for period in wanted]
    requests = {
        (request.dataset_id, request.period): request.due_date
        for request in ReportRequest.objects.filter(period__in=texts)
    }
    assignments = list(_assignments(wanted, unit, user))
    datasets = {dataset.pk: dataset for dataset in Dataset.objects.filter(active=True)}
    units = {}
    for assignment in assignments:  # shared instances: no copy of a dataset per row
        Assignment.dataset.field.set_cached_value(assignment, datasets[assignment.dataset_id])
        units[assignment.unit_id] = assignment.unit
    submissions = {}
    for sub in Submission.objects.filter(period__in=texts, unit_id__in=sorted(units)):
        if sub.dataset_id not in datasets:
            continue  # an inactive dataset: no assignment expects it
        Submission.dataset.field.set_cached_value(sub, datasets[sub.dataset_id])
        Submission.unit.field.set_cached_value(sub, units[sub.unit_id])
        submissions[(sub.dataset_id, sub.unit_id, sub.period)] = sub
    rows: list[Expected] = []
    due: datetime.date | None
    for period in wanted:
        for assignment in assignments:
            dataset = assignment.dataset
            requested = requests.get((dataset.pk, str(period)))
            if dataset.period_type == PeriodType.AD_HOC:
                if requested is None:
                    continue
                due = requested
            else:
                if period not in dataset.periods_of_year(period.year):
                    continue
                due = requested or dataset.default_due_date(period)
            if not assignment.covers(period, due):
                continue
            submission = submissions.get((dataset.pk, assignment.unit_id, str(period)))
            rows.append(
                Expected(
                    dataset=dataset,
                    unit=assignment.unit,
                    period=period,
                    due_date=due,
                    submission=submission,
                    timeliness=timeliness_of(
                        submission.status if submission else None,
                        submission.first_submitted_at if submission else None,
                        due,
                        today,
                    ),
                )
            )
    return rows


def recent_periods(today: datetime.date | None = None, years: int = 2) -> list[Period]:
    """The current year's periods and those of the years before, newest first."""
    day = today or timezone.localdate()
    periods: list[Period] = []
    for year in range(day.year, day.year - years, -1):
        periods += [Period(year), Period(year, 1)]
    return periods


# ------------------------------------------------------------------ completeness


@dataclass
class UnitCompleteness:
    """Reports expected from a unit and its subtree for a period, and what came in.

    `submitted` counts delivered reports (submitted or approved); `on_time`/`late` split them
    by the first submission against the due date; `missing` are not delivered after the due
    day, `pending` not delivered before it; `returned` are back with the unit.
    `rate` = submitted / expected and `timely_rate` = on_time / (on_time + late + missing),
    both in percent (None when there is nothing to count)."""

    unit: Unit
    expected: int = 0
    submitted: int = 0
    approved: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0
    returned: int = 0
    level: int = 0
    own_expected: int = 0
    items: list[Expected] = field(default_factory=list, repr=False)

    @property
    def rate(self) -> float | None:
        return round(100 * self.submitted / self.expected, 1) if self.expected else None

    @property
    def timely_rate(self) -> float | None:
        due = self.on_time + self.late + self.missing
        return round(100 * self.on_time / due, 1) if due else None

    @property
    def is_rollup(self) -> bool:
        """A unit shown only because units below it report."""
        return self.own_expected == 0

    def add(self, item: Expected, own: bool) -> None:
        self.expected += 1
        if own:
            self.own_expected += 1
            self.items.append(item)
        if item.delivered:
            self.submitted += 1
        if item.status == Status.APPROVED:
            self.approved += 1
        if item.status == Status.RETURNED:
            self.returned += 1
        if item.timeliness == Timeliness.ON_TIME:
            self.on_time += 1
        elif item.timeliness == Timeliness.LATE:
            self.late += 1
        elif item.timeliness == Timeliness.MISSING:
            self.missing += 1
        else:
            self.pending += 1


def _path_codes(path: str) -> list[str]:
    return [code for code in path.split(PATH_SEPARATOR) if code]


def completeness(
    period: Period | str,
    *,
    unit: Unit | None = None,
    user: User | AnonymousUser | None = None,
    today: datetime.date | None = None,
    within: bool = False,
) -> list[UnitCompleteness]:
    """Completeness and timeliness of the reports of `period`, one row per unit that owes
    reports and per unit above it (rolled up: a row counts its whole subtree), ordered by the
    unit tree; the first row is the total of `unit` (or of the whole city).
    `within=True` with a year also counts the half-year reports of that year.
    `user` limits the rows to what that user may read."""
    period = Period.parse(period)
    periods = [period]
    if within and period.is_year:
        periods += [Period(period.year, 1), Period(period.year, 2)]
    items = expectations(periods, unit=unit, user=user, today=today)
    codes = {code for item in items for code in _path_codes(item.unit.path)}
    by_code = {found.code: found for found in Unit.objects.filter(code__in=codes)}
    top_path = unit.path if unit is not None else PATH_SEPARATOR
    readable: set[str] | None = None
    if user is not None:
        readable = set(
            visible(Unit.objects.filter(code__in=codes), user).values_list("code", flat=True)
        )
    rows: dict[str, UnitCompleteness] = {}
    for item in items:
        for code in _path_codes(item.unit.path):
            holder = by_code.get(code)
            if holder is None or not holder.path.startswith(top_path):
                continue
            if readable is not None and code not in readable:
                continue
            row = rows.get(code)
            if row is None:
                row = rows[code] = UnitCompleteness(unit=holder)
            row.add(item, own=holder.pk == item.unit.pk)
    ordered = sorted(rows.values(), key=lambda row: row.unit.path)
    if ordered:
        base = min(row.unit.depth for row in ordered)
        for row in ordered:
            row.level = row.unit.depth - base
    return ordered


# ------------------------------------------------------------------ the workflow


def _event(
    submission: Submission,
    user: User | AnonymousUser,
    action: str,
    from_status: str,
    *,
    comment: str = "",
    changes: dict | None = None,
    now: datetime.datetime | None = None,
) -> SubmissionEvent:
    event = SubmissionEvent.objects.create(
        submission=submission,
        at=now or timezone.now(),
        user=_actor(user),
        action=action,
        from_status=from_status,
        to_status=submission.status,
        comment=comment,
        changes=changes or {},
    )
    # The submission's own trail is the domain; the common audit row puts it on the
    # coordinator's one page with every other change.
    audit.record(
        user,
        f"submission_{action}",
        submission,
        label=f"{submission.dataset.code} {submission.period}",
        unit=submission.unit,
        before={"status": from_status},
        after={"status": submission.status, "changes": changes or {}},
        reason=comment,
        at=event.at,
        changes_only=False,
    )
    return event


def _locked_row(submission: Submission) -> Submission:
    """Re-read the submission under a row lock: two clicks on "submit" run one after the other
    and the second sees the first's status."""
    # No select_related: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    fresh = Submission.objects.select_for_update().get(pk=submission.pk)
    for name in ("status", "first_submitted_at", "submitted_at", "submitted_by_id"):
        setattr(submission, name, getattr(fresh, name))
    return fresh


def check_expected(dataset: Dataset, unit: Unit, period: Period) -> datetime.date | None:
    """ValidationError unless `unit` owes `dataset` for `period`; returns the due date."""
    if not dataset.active:
        raise ValidationError(_("This dataset is no longer in use."))
    try:
        dataset.check_period(period)
    except ValueError as error:
        raise ValidationError(str(error)) from error
    due = due_date(dataset, period)
    if dataset.period_type == PeriodType.AD_HOC and due is None:
        raise ValidationError(
            _("No report of “%(dataset)s” was requested for %(period)s.")
            % {"dataset": dataset.name_vi, "period": period.label}
        )
    assignment = Assignment.objects.filter(dataset=dataset, unit=unit).first()
    if assignment is None or not assignment.covers(period, due):
        raise ValidationError(
            _("%(unit)s is not assigned the report “%(dataset)s” for %(period)s.")
            % {"unit": unit.name_vi, "dataset": dataset.name_vi, "period": period.label}
        )
    return due


@transaction.atomic
def open_submission(
    dataset: Dataset,
    unit: Unit,
    period: Period | str,
    user: User | AnonymousUser,
    *,
    now: datetime.datetime | None = None,
) -> Submission:
    """The unit's submission for the dataset and period, created as a draft the first time.
    Only for a unit assigned the dataset, by a user who may write its reports."""
    period = parse_period(period)
    existing = Submission.objects.filter(dataset=dataset, unit=unit, period=str(period)).first()
    if existing is not None and visible(Submission.objects.filter(pk=existing.pk), user).exists():
        return existing
    # No oracle (issue 12): a unit outside the caller's scope is not named, and whether it
    # already has a report for the period reads the same as when it has none.
    _require(
        existing is None and may_enter(user, unit),
        _("You may not enter the reports of this unit."),
    )
    due = check_expected(dataset, unit, period)
    moment = now or timezone.now()
    submission = Submission.objects.create(
        dataset=dataset,
        unit=unit,
        period=str(period),
        due_date=due,
        created_at=moment,
        updated_at=moment,
    )
    _event(submission, user, Action.CREATED, "", now=moment)
    return submission


def form_items(submission: Submission) -> list[DatasetIndicator]:
    return list(
        DatasetIndicator.objects.filter(dataset_id=submission.dataset_id)
        .select_related("indicator")
        .order_by("position", "pk")
    )


def history(
    submission: Submission, indicators: Iterable[Indicator]
) -> dict[int, list[tuple[str, Decimal]]]:
    """Approved values of the same unit for earlier periods of the same kind (years with
    years, half years with half years), newest first, per indicator id. One query."""
    current = submission.period_obj
    rows = (
        SubmissionValue.objects.filter(
            submission__unit_id=submission.unit_id,
            submission__status=Status.APPROVED,
            indicator__in=list(indicators),
        )
        .exclude(submission_id=submission.pk)
        .values_list("indicator_id", "submission__period", "value")
    )
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for indicator_id, period_text, value in rows:
        period = Period.parse(period_text)
        if period.half != current.half:  # years with years, first halves with first halves
            continue
        if period >= current:
            continue
        if value is not None:
            found[indicator_id].setdefault(period_text, value)
    return {
        indicator_id: sorted(values.items(), key=lambda pair: Period.parse(pair[0]), reverse=True)
        for indicator_id, values in found.items()
    }


@dataclass
class SaveResult:
    submission: Submission
    changed: dict[str, Any]
    warnings: dict[str, list[str]]


def _value_state(value: SubmissionValue | None) -> dict[str, str | None]:
    if value is None:
        return {"numerator": None, "denominator": None, "value": None, "note": ""}
    return {
        "numerator": _text(value.numerator),
        "denominator": _text(value.denominator),
        "value": _text(value.value),
        "note": value.note,
    }


def _text(number: Decimal | None) -> str | None:
    if number is None:
        return None
    normal = number.normalize()
    return f"{normal:f}"


def validate_values(
    submission: Submission, values: Mapping[str, Mapping[str, Any]]
) -> dict[str, validation.CleanValue]:
    """Check every posted value before anything is written; ValidationError keyed by the
    indicator code (translated messages) when any is wrong."""
    items = {item.indicator.code: item for item in form_items(submission)}
    errors: dict[str, list[str]] = {}
    clean: dict[str, validation.CleanValue] = {}
    for code, raw in values.items():
        item = items.get(code)
        if item is None:
            errors.setdefault("__all__", []).append(
                _("The indicator %(code)s is not on this form.") % {"code": code}
            )
            continue
        if not isinstance(raw, Mapping):
            raw = {"value": raw}
        value, problems = validation.clean_value(item.indicator, raw)
        if problems:
            errors[code] = problems
        else:
            clean[code] = value
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def save_values(
    submission: Submission,
    user: User | AnonymousUser,
    values: Mapping[str, Mapping[str, Any]],
    *,
    submit_after: bool = False,
    now: datetime.datetime | None = None,
) -> SaveResult:
    """Save the posted values (`{indicator code: {"numerator", "denominator", "value",
    "note"}}`; blank clears) of a draft or returned submission. Every value is checked first:
    any error raises ValidationError (keyed by indicator code) and nothing is written.
    Values far from the unit's previous periods get warnings, stored, not blocking.
    `submit_after=True` submits in the same transaction (complete values required)."""
    _locked_row(submission)
    _refuse_locked(submission)
    _require(
        may_enter(user, submission.unit),
        _("You may not enter the reports of this unit."),
    )
    if not submission.is_editable:
        raise ValidationError(
            _("This report was submitted and awaits review: it cannot be changed now.")
        )
    clean = validate_values(submission, values)
    items = {item.indicator.code: item for item in form_items(submission)}
    existing = {
        value.indicator.code: value
        for value in SubmissionValue.objects.filter(submission=submission).select_related(
            "indicator"
        )
    }
    past = history(submission, [items[code].indicator for code in clean])
    changed: dict[str, Any] = {}
    warnings: dict[str, list[str]] = {}
    for code, value in clean.items():
        indicator = items[code].indicator
        row = existing.get(code)
        before = _value_state(row)
        found = validation.outlier_warnings(indicator, value.value, past.get(indicator.pk, []))
        if value.is_empty and not value.note:
            if row is not None:
                row.delete()
                changed[code] = {"before": before, "after": _value_state(None)}
            continue
        if row is None:
            row = SubmissionValue(submission=submission, indicator=indicator)
        row.numerator, row.denominator, row.value = value.numerator, value.denominator, value.value
        row.note = value.note
        row.warnings = found
        after = _value_state(row)
        if after != before or row.pk is None:
            row.save()
        if after != before:
            changed[code] = {"before": before, "after": after}
        if found:
            warnings[code] = [validation.warning_message(item) for item in found]
    moment = now or timezone.now()
    if changed:
        submission.updated_at = moment
        submission.save(update_fields=["updated_at"])
        _event(submission, user, Action.SAVED, submission.status, changes=changed, now=moment)
    if submit_after:
        submit(submission, user, now=moment)
    return SaveResult(submission, changed, warnings)


NARRATIVE_LIMIT = 5000  # characters of each free-text part


@transaction.atomic
def save_narrative(
    submission: Submission,
    user: User | AnonymousUser,
    difficulties: str,
    proposals: str,
    *,
    now: datetime.datetime | None = None,
) -> Submission:
    """Save the report's free-text parts, "Khó khăn, vướng mắc" and "Đề xuất, kiến nghị",
    which the consolidated report gathers. Same rules as the values: the unit's officer, a
    draft or returned report; too long a text is refused and nothing is written."""
    _locked_row(submission)
    _refuse_locked(submission)
    _require(
        may_enter(user, submission.unit),
        _("You may not enter the reports of %(unit)s.") % {"unit": submission.unit.name_vi},
    )
    if not submission.is_editable:
        raise ValidationError(
            _("This report was submitted and awaits review: it cannot be changed now.")
        )
    difficulties, proposals = (difficulties or "").strip(), (proposals or "").strip()
    for text in (difficulties, proposals):
        if len(text) > NARRATIVE_LIMIT:
            raise ValidationError(
                _("Keep each text under %(limit)d characters.") % {"limit": NARRATIVE_LIMIT}
            )
    before = {"difficulties": submission.difficulties, "proposals": submission.proposals}
    after = {"difficulties": difficulties, "proposals": proposals}
    if before == after:
        return submission
    moment = now or timezone.now()
    submission.difficulties, submission.proposals = difficulties, proposals
    submission.updated_at = moment
    submission.save(update_fields=["difficulties", "proposals", "updated_at"])
    changes = {key: {"before": before[key], "after": after[key]} for key in before}
    _event(submission, user, Action.SAVED, submission.status, changes=changes, now=moment)
    return submission


def missing_values(submission: Submission) -> list[Indicator]:
    """Required indicators of the form without a value."""
    stored = {
        value.indicator_id: value for value in SubmissionValue.objects.filter(submission=submission)
    }
    missing = []
    for item in form_items(submission):
        value = stored.get(item.indicator_id)
        filled = value is not None and validation.is_complete(value.value)
        if item.required and not filled:
            missing.append(item.indicator)
    return missing


@transaction.atomic
def submit(
    submission: Submission, user: User | AnonymousUser, *, now: datetime.datetime | None = None
) -> Submission:
    """Send a draft (or a returned report) for review: an officer who may write the unit's
    reports, every required value filled in."""
    _locked_row(submission)
    _refuse_locked(submission)
    _require(
        may_enter(user, submission.unit),
        _("You may not submit the reports of this unit."),
    )
    if submission.status == Status.SUBMITTED:
        raise ValidationError(_("This report was already submitted."))
    missing = missing_values(submission)
    if missing:
        raise ValidationError(
            _("Fill in every required value before submitting: %(names)s.")
            % {"names": "; ".join(indicator.name_vi for indicator in missing)}
        )
    moment = now or timezone.now()
    before = submission.status
    submission.status = Status.SUBMITTED
    submission.submitted_at = moment
    submission.first_submitted_at = submission.first_submitted_at or moment
    submission.submitted_by = _actor(user)
    submission.updated_at = moment
    submission.save()
    _event(submission, user, Action.SUBMITTED, before, now=moment)
    return submission


@transaction.atomic
def approve(
    submission: Submission,
    user: User | AnonymousUser,
    comment: str = "",
    *,
    now: datetime.datetime | None = None,
) -> Submission:
    """Approve a submitted report (coordinator or a unit above, not whoever submitted it):
    its values now count in the indicators, and the report is locked."""

    _locked_row(submission)
    _refuse_locked(submission)
    _check_decision(submission, user)
    period = submission.period_obj
    values = SubmissionValue.objects.filter(submission=submission).select_related("indicator")
    for value in values:
        if value.is_empty:
            continue
        try:
            record_reported(
                value.indicator,
                submission.unit,
                period,
                numerator=value.numerator,
                denominator=value.denominator,
                value=value.value,
                source=_("report %(dataset)s #%(id)d")
                % {"dataset": submission.dataset.code, "id": submission.pk},
            )
        except IndicatorError as error:  # the transaction rolls back every value recorded
            raise ValidationError(
                _("%(indicator)s: %(error)s")
                % {"indicator": value.indicator.name_vi, "error": error}
            ) from error
    moment = now or timezone.now()
    submission.status = Status.APPROVED
    submission.decided_at = moment
    submission.decided_by = _actor(user)
    submission.comment = comment.strip()
    submission.updated_at = moment
    submission.save()
    event = _event(
        submission, user, Action.APPROVED, Status.SUBMITTED, comment=comment.strip(), now=moment
    )
    reminders.notify_decision(event)
    return submission


def _check_decision(submission: Submission, user: User | AnonymousUser) -> None:
    _require(
        may_decide(user, submission.unit),
        _("Only the coordinator or a unit above this unit may approve or return its reports."),
    )
    if submission.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted report can be approved or returned (this one is “%(status)s”).")
            % {"status": submission.get_status_display()}
        )
    _require(
        submission.submitted_by_id != getattr(user, "pk", None),
        _("You submitted this report: someone else must approve or return it."),
    )


@transaction.atomic
def return_submission(
    submission: Submission,
    user: User | AnonymousUser,
    comment: str,
    *,
    now: datetime.datetime | None = None,
) -> Submission:
    """Send a submitted report back to the unit with a comment saying what to fix."""
    _locked_row(submission)
    _refuse_locked(submission)
    _check_decision(submission, user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Write what the unit should correct before returning the report."))
    moment = now or timezone.now()
    submission.status = Status.RETURNED
    submission.decided_at = moment
    submission.decided_by = _actor(user)
    submission.comment = comment
    submission.updated_at = moment
    submission.save()
    event = _event(submission, user, Action.RETURNED, Status.SUBMITTED, comment=comment, now=moment)
    reminders.notify_decision(event)  # the unit's officers, with the comment
    return submission


@transaction.atomic
def reopen(
    submission: Submission,
    user: User | AnonymousUser,
    comment: str = "",
    *,
    now: datetime.datetime | None = None,
) -> Submission:
    """The unit withdraws a submitted report not yet decided, back to a draft to correct."""
    _locked_row(submission)
    _refuse_locked(submission)
    _require(
        may_enter(user, submission.unit),
        _("You may not enter the reports of this unit."),
    )
    if submission.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report awaiting review can be withdrawn."))
    moment = now or timezone.now()
    submission.status = Status.DRAFT
    submission.updated_at = moment
    submission.save()
    _event(submission, user, Action.REOPENED, Status.SUBMITTED, comment=comment.strip(), now=moment)
    return submission


# ------------------------------------------------------------------ reading


def review_queue(user: User | AnonymousUser) -> QuerySet[Submission]:
    """Submitted reports `user` may decide on, oldest first."""
    scope = scope_for(user)
    queryset = visible(Submission.objects.filter(status=Status.SUBMITTED), user)
    if not scope.city_wide:
        below = Q(pk__in=[])
        for path in scope.write_paths:
            below |= Q(unit__path__startswith=path) & ~Q(unit__path=path)
        queryset = queryset.filter(below)
    queryset = queryset.exclude(submitted_by_id=getattr(user, "pk", None))
    return queryset.select_related("dataset", "unit", "submitted_by").order_by("submitted_at", "pk")


def values_by_indicator(submission: Submission) -> dict[int, SubmissionValue]:
    return {
        value.indicator_id: value for value in SubmissionValue.objects.filter(submission=submission)
    }


# ------------------------------------------------------------------ datasets (coordinator)

# The groups a dataset is assigned to, by kind of unit (reference.py's groups).
DATASET_GROUPS: dict[str, tuple[str, ...]] = {
    "local": reference.LOCAL,
    "departments": (UnitKind.DEPARTMENT,),
}


def dataset_groups(dataset: Dataset) -> list[str]:
    """The groups every current unit of which is assigned `dataset` (the form's ticks)."""
    if dataset.pk is None:
        return []
    assigned = set(dataset.assignments.filter(until__isnull=True).values_list("unit_id", flat=True))
    chosen = []
    for key, kinds in DATASET_GROUPS.items():
        units = set(reference.group_units(kinds).values_list("pk", flat=True))
        if units and units <= assigned:
            chosen.append(key)
    return chosen


def _dataset_state(dataset: Dataset) -> dict[str, Any]:
    """The dataset's fields, form and assigned units, for the audit row."""
    state = audit.snapshot(dataset) or {}
    state["indicators"] = list(dataset.items.values_list("indicator__code", flat=True))
    state["units"] = sorted(
        dataset.assignments.filter(until__isnull=True).values_list("unit__code", flat=True)
    )
    return state


@transaction.atomic
def save_dataset(
    dataset: Dataset,
    user: Any,
    indicators: Iterable[Indicator] = (),
    groups: Iterable[str] = (),
    units: Iterable[Unit] = (),
    now: datetime.datetime | None = None,
    channel: str = "web",
) -> Dataset:
    """Create or change a dataset (its fields as set on `dataset`), its form (`indicators`,
    in order) and its assignments: every current unit of `groups` plus the named `units`.
    Units no longer chosen have their assignment ended today, so past reports still count.
    Coordinator or administrator only; one audit row (before/after)."""
    _require(scope_for(user).city_wide, _("Only the coordinator may change datasets."))
    now = now or timezone.now()
    indicators = list(indicators)
    groups = list(groups)
    if not indicators:
        raise ValidationError(_("Choose at least one reported indicator."))
    if any(item.kind != IndicatorKind.REPORTED for item in indicators):
        raise ValidationError(_("Only indicators reported by units can be on a report form."))
    unknown = [key for key in groups if key not in DATASET_GROUPS]
    if unknown:
        raise ValidationError(_("Unknown group of units: %(group)s.") % {"group": unknown[0]})
    if dataset.period_type != PeriodType.AD_HOC:
        if not (dataset.due_month and dataset.due_day):
            raise ValidationError(_("A periodic dataset needs its due day and month."))
        if not 1 <= dataset.due_month <= 12:
            raise ValidationError(_("The due month must be between 1 and 12."))
        try:
            datetime.date(2024, dataset.due_month, dataset.due_day)  # leap year: 29/2 is fine
        except ValueError as error:
            raise ValidationError(
                _("Day %(day)s is not a day of month %(month)s.")
                % {"day": dataset.due_day, "month": dataset.due_month}
            ) from error
    if not dataset.code:  # the pages ask for names only: the first free DS-YYYYMMDD-N
        number = 1
        day = timezone.localdate(now)
        while Dataset.objects.filter(code=f"DS-{day:%Y%m%d}-{number}").exists():
            number += 1
        dataset.code = f"DS-{day:%Y%m%d}-{number}"
    dataset.name_vi = dataset.name_vi.strip()
    if not dataset.name_vi:
        raise ValidationError(_("The dataset needs a Vietnamese name."))
    if Dataset.objects.filter(code=dataset.code).exclude(pk=dataset.pk).exists():
        raise ValidationError(_("Another dataset has the code %(code)s.") % {"code": dataset.code})
    created = dataset.pk is None
    before = None if created else _dataset_state(Dataset.objects.get(pk=dataset.pk))
    dataset.full_clean()
    dataset.save()
    # The form: chosen indicators in order; removed ones leave it.
    dataset.items.exclude(indicator__in=indicators).delete()
    for position, indicator in enumerate(indicators):
        DatasetIndicator.objects.update_or_create(
            dataset=dataset, indicator=indicator, defaults={"position": position}
        )
    chosen: dict[int, Unit] = {unit.pk: unit for unit in units}
    for key in groups:
        chosen.update({unit.pk: unit for unit in reference.group_units(DATASET_GROUPS[key])})
    today = timezone.localdate(now)
    for assignment in dataset.assignments.filter(until__isnull=True).exclude(unit__in=chosen):
        assignment.until = today
        assignment.save(update_fields=["until"])
    for unit in chosen.values():
        assignment, made = Assignment.objects.get_or_create(dataset=dataset, unit=unit)
        if not made and assignment.until is not None:
            assignment.until = None  # chosen again: in force again
            assignment.save(update_fields=["until"])
    audit.record(
        user,
        audit.Action.CREATE if created else audit.Action.UPDATE,
        dataset,
        label=f"{dataset.code} {dataset.name_vi}",
        before=before,
        after=_dataset_state(dataset),
        channel=channel,
        at=now,
    )
    return dataset


# ------------------------------------------------------------------ signers


@transaction.atomic
def save_signer(
    unit: Unit,
    user: Any,
    authority: str,
    title: str,
    name: str,
    *,
    channel: str = "web",
) -> ReportSigner:
    """Set who signs the reports `unit` issues (coordinator or administrator; the system
    when `user` is None). Title and name are required; one audit row."""
    if user is not None:
        _require(scope_for(user).city_wide, _("Only the coordinator may set the signers."))
    authority, title, name = authority.strip(), title.strip(), name.strip()
    if not title or not name:
        raise ValidationError(_("Give the signer's title and name."))
    signer = ReportSigner.objects.filter(unit=unit).first()
    before = audit.snapshot(signer) if signer is not None else None
    if signer is None:
        signer = ReportSigner(unit=unit)
    signer.authority, signer.title, signer.name = authority[:100], title[:100], name[:100]
    signer.full_clean()
    signer.save()
    audit.record(
        user,
        audit.Action.UPDATE if before else audit.Action.CREATE,
        signer,
        label=f"{unit.code} {title} {name}",
        unit=unit,
        before=before,
        after=audit.snapshot(signer),
        channel=channel,
    )
    return signer
