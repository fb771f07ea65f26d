"""Reporting API: the caller's submissions, one submission with its values, saving values,
submitting, completeness. Scoped like the screens (out-of-scope rows answer 404) and written
through `reporting.services`; bad input answers 400 with the (Vietnamese) message and writes
nothing, a write the caller may not make answers 403."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from hientai.accounts.scoping import get_visible_or_404, visible
from hientai.core import cursor as cursors
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.reporting import services
from hientai.reporting.models import Dataset, Submission, SubmissionValue

router = Router(tags=["reporting"])


class ValueOut(Schema):
    indicator: str
    name: str
    unit_of_measure: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    note: str
    warnings: list[str]


class SubmissionOut(Schema):
    id: int
    dataset: str
    dataset_name: str
    unit: str
    unit_name: str
    period: str
    status: str
    due_date: datetime.date | None
    timeliness: str
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    comment: str


class SubmissionDetailOut(SubmissionOut):
    values: list[ValueOut]


class OpenIn(Schema):
    dataset: str
    unit: str
    period: str


class ValueIn(Schema):
    numerator: str | float | None = None
    denominator: str | float | None = None
    value: str | float | None = None
    note: str = ""


class SaveIn(Schema):
    values: dict[str, ValueIn]
    submit: bool = False


class SaveOut(SubmissionDetailOut):
    changed: list[str]


class CompletenessOut(Schema):
    unit: str
    unit_name: str
    level: int
    expected: int
    submitted: int
    approved: int
    on_time: int
    late: int
    missing: int
    pending: int
    returned: int
    rate: float | None
    timely_rate: float | None


def _submission(submission: Submission) -> dict:
    return {
        "id": submission.pk,
        "dataset": submission.dataset.code,
        "dataset_name": submission.dataset.name_vi,
        "unit": submission.unit.code,
        "unit_name": submission.unit.name_vi,
        "period": submission.period,
        "status": submission.status,
        "due_date": submission.due_date,
        "timeliness": submission.timeliness(),
        "first_submitted_at": submission.first_submitted_at,
        "submitted_at": submission.submitted_at,
        "decided_at": submission.decided_at,
        "comment": submission.comment,
    }


def _detail(submission: Submission) -> dict:
    values = SubmissionValue.objects.filter(submission=submission).select_related("indicator")
    return {
        **_submission(submission),
        "values": [
            {
                "indicator": value.indicator.code,
                "name": value.indicator.name_vi,
                "unit_of_measure": value.indicator.unit,
                "numerator": value.numerator,
                "denominator": value.denominator,
                "value": value.value,
                "note": value.note,
                "warnings": value.warning_messages(),
            }
            for value in values
        ],
    }


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{code}: {' '.join(messages)}" if code != "__all__" else " ".join(messages)
            for code, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as error:
        raise HttpError(400, str(error)) from error


def _load(request: HttpRequest, submission_id: int) -> Submission:
    return get_visible_or_404(
        Submission.objects.select_related("dataset", "unit"), request.user, pk=submission_id
    )


class SubmissionPage(Schema):
    items: list[SubmissionOut]
    next_cursor: str | None


@router.get("/submissions", response=SubmissionPage)
def list_submissions(
    request: HttpRequest,
    period: str | None = None,
    status: str | None = None,
    dataset: str | None = None,
    cursor: str | None = None,
    limit: int = Query(cursors.DEFAULT_LIMIT, ge=1, le=cursors.MAX_LIMIT),
    updated_since: datetime.datetime | None = None,
):
    """Submissions of the caller's units (all units for city-wide roles), by id, a page at
    a time (pass `next_cursor` as `cursor`); `updated_since` for incremental sync."""
    submissions = visible(Submission.objects.select_related("dataset", "unit"), request.user)
    if period:
        submissions = submissions.filter(period=str(_period(period)))
    if status:
        submissions = submissions.filter(status=status)
    if dataset:
        submissions = submissions.filter(dataset__code=dataset)
    if updated_since:
        submissions = submissions.filter(updated_at__gte=updated_since)
    try:
        rows, next_cursor = cursors.page(submissions, "submissions", cursor, limit)
    except cursors.BadCursor as error:
        raise HttpError(400, str(error)) from error
    return cursors.envelope([_submission(submission) for submission in rows], next_cursor)


@router.post("/submissions", response={200: SubmissionDetailOut, 201: SubmissionDetailOut})
def open_submission(request: HttpRequest, payload: OpenIn):
    """Open (or find) the draft of a dataset for one of the caller's units and a period."""
    dataset = get_object_or_404(Dataset, code=payload.dataset)
    unit = get_visible_or_404(Unit.objects.all(), request.user, code=payload.unit)
    period = _period(payload.period)
    existed = Submission.objects.filter(dataset=dataset, unit=unit, period=str(period)).exists()
    try:
        submission = services.open_submission(dataset, unit, period, request.user)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise HttpError(400, _message(error)) from error
    return (200 if existed else 201), _detail(submission)


@router.get("/submissions/{submission_id}", response=SubmissionDetailOut)
def get_submission(request: HttpRequest, submission_id: int):
    return _detail(_load(request, submission_id))


@router.put("/submissions/{submission_id}/values", response=SaveOut)
def save_values(request: HttpRequest, submission_id: int, payload: SaveIn):
    """Save values `{indicator code: {numerator, denominator, value, note}}` (all or nothing);
    `submit: true` submits in the same step."""
    submission = _load(request, submission_id)
    values = {code: item.dict() for code, item in payload.values.items()}
    try:
        result = services.save_values(submission, request.user, values, submit_after=payload.submit)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise HttpError(400, _message(error)) from error
    return {**_detail(result.submission), "changed": sorted(result.changed)}


@router.post("/submissions/{submission_id}/submit", response=SubmissionDetailOut)
def submit(request: HttpRequest, submission_id: int):
    submission = _load(request, submission_id)
    try:
        services.submit(submission, request.user)
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise HttpError(400, _message(error)) from error
    return _detail(submission)


@router.get("/completeness", response=list[CompletenessOut])
def completeness(request: HttpRequest, period: str, unit: str | None = None, within: bool = False):
    """Expected, submitted, on-time, late and missing reports per unit, rolled up the tree."""
    root = get_visible_or_404(Unit.objects.all(), request.user, code=unit) if unit else None
    rows = services.completeness(_period(period), unit=root, user=request.user, within=within)
    return [
        {
            "unit": row.unit.code,
            "unit_name": row.unit.name_vi,
            "level": row.level,
            "expected": row.expected,
            "submitted": row.submitted,
            "approved": row.approved,
            "on_time": row.on_time,
            "late": row.late,
            "missing": row.missing,
            "pending": row.pending,
            "returned": row.returned,
            "rate": row.rate,
            "timely_rate": row.timely_rate,
        }
        for row in rows
    ]
