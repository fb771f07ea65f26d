"""The facts of a consolidated report, gathered once for every output (DOCX, XLSX, PDF) and
for the dashboard: the plans chosen, their tasks by status and lead unit, every plan target
with its indicator's value for the period, and reporting completeness per unit.

Scope: without a user the caller is the system (the `report` command without --as) and sees
the whole city; with a user, plans, tasks and units go through the scoping rules.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.accounts.scoping import scope_for, visible
from hientai.indicators import services as indicator_services
from hientai.indicators.models import IndicatorTarget
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.plans.matching import number_key
from hientai.plans.models import Plan, PlanStatus, Target, Task, TaskStatus, TaskUnit
from hientai.plans.services import readable_plans, rolled_up
from hientai.reporting.services import UnitCompleteness, completeness

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.models import User
    from hientai.indicators.services import IndicatorValue

CITY_CODE = "75"

STATUS_LABELS = {
    "achieved": gettext_lazy("Achieved"),
    "not_achieved": gettext_lazy("Not achieved"),
    "at_risk": gettext_lazy("At risk"),
    "on_track": gettext_lazy("On track"),
    "no_data": gettext_lazy("No data"),
    "no_target": gettext_lazy("No target"),
    "no_indicator": gettext_lazy("No indicator linked"),
}
TASK_BUCKETS = ("done", "on_time", "overdue")
TASK_BUCKET_LABELS = {
    "done": gettext_lazy("Done"),
    "on_time": gettext_lazy("In progress, on time"),
    "overdue": gettext_lazy("Overdue"),
}


class ReportError(ValueError):
    """Bad input for a report (unknown plan or unit, no plan to report on); message translated."""


@dataclass(frozen=True)
class Letterhead:
    """The fixed parts of the document (Decree 30/2020/NĐ-CP, Appendix I); `settings.
    HIENTAI_REPORT_LETTERHEAD` (a dict with these keys) overrides them for another issuer."""

    parent_body: str = "UBND THÀNH PHỐ ĐỒNG NAI"
    issuing_body: str = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    symbol: str = "BC-SKHCN"
    place: str = "Đồng Nai"
    signer_authority: str = "KT. GIÁM ĐỐC"
    signer_title: str = "PHÓ GIÁM ĐỐC"
    signer_name: str = ""
    recipients: tuple[str, ...] = ("Bộ Khoa học và Công nghệ", "UBND Thành phố")
    archive: str = "VT, QLKH"


ISSUER_CODE = "75.SKHCN"  # the coordinator issues the consolidated report


def letterhead(issuer: Unit | None = None) -> Letterhead:
    """The settings' letterhead, signed as the issuing unit's signer page says (a
    ReportSigner of the unit, or of the coordinator's department by default)."""
    overrides = getattr(settings, "HIENTAI_REPORT_LETTERHEAD", None) or {}
    if "recipients" in overrides:
        overrides = {**overrides, "recipients": tuple(overrides["recipients"])}
    head = Letterhead(**overrides)
    signer = signer_for(issuer)
    if signer is not None:
        head = dataclasses.replace(
            head,
            signer_authority=signer.authority,
            signer_title=signer.title,
            signer_name=signer.name,
        )
    return head


def signer_for(issuer: Unit | None = None) -> Any:
    """The ReportSigner of the issuing unit (or of the units above it), else of 75.SKHCN."""
    from hientai.reporting.models import ReportSigner

    if issuer is not None:
        codes = [code for code in issuer.path.split("/") if code]
        found = {
            row.unit.code: row
            for row in ReportSigner.objects.filter(unit__code__in=codes).select_related("unit")
        }
        for code in reversed(codes):
            if code in found:
                return found[code]
    return ReportSigner.objects.filter(unit__code=ISSUER_CODE).first()


# ---------------------------------------------------------------- rows


@dataclass
class TaskRow:
    task: Task
    number: str
    content: str
    lead_units: list[str]
    due: datetime.date | None
    deadline_raw: str
    bucket: str  # done | on_time | overdue
    progress: int
    latest_note: str = ""
    latest_note_at: datetime.date | None = None
    responsible: str = ""
    linked: int = 0  # tasks of the units' plans its progress rolls up from

    @property
    def bucket_label(self) -> str:
        return str(TASK_BUCKET_LABELS[self.bucket])

    @property
    def note_display(self) -> str:
        if not self.latest_note:
            return "–"
        day = f" ({self.latest_note_at:%d/%m/%Y})" if self.latest_note_at else ""
        return self.latest_note + day

    @property
    def progress_display(self) -> str:
        if self.linked:
            return _("%(progress)d%% (from %(count)d linked tasks)") % {
                "progress": self.progress,
                "count": self.linked,
            }
        return f"{self.progress}%"

    @property
    def lead_text(self) -> str:
        return "; ".join(self.lead_units) or _("(no lead unit)")


@dataclass
class TaskCounts:
    name: str
    total: int = 0
    done: int = 0
    on_time: int = 0
    overdue: int = 0

    def add(self, bucket: str) -> None:
        self.total += 1
        setattr(self, bucket, getattr(self, bucket) + 1)


@dataclass
class TargetRow:
    """One plan target (a line of the seed) judged for the period."""

    plan: Plan
    target: Target
    indicator: Any  # hientai.indicators.models.Indicator | None
    unit: Unit | None  # where the value is measured
    baseline: Decimal | None
    baseline_year: int | None
    value: Decimal | None
    achievement: Decimal | None
    status: str

    @property
    def name(self) -> str:
        return self.indicator.name_vi if self.indicator is not None else self.target.text

    @property
    def measure(self) -> str:
        return self.target.unit or (
            self.indicator.get_unit_display() if self.indicator is not None else ""
        )

    @property
    def target_display(self) -> str:
        prefix = {"min": "≥ ", "max": "≤ ", "approx": "~ "}.get(self.target.comparator, "")
        return prefix + self.target.value_display

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def value_display(self) -> str:
        return _number(self.value, 2)

    @property
    def exceeded(self) -> bool:
        """More than 100 % of the target: worth a flag (often a target or unit typed wrong)."""
        return self.achievement is not None and self.achievement > 100

    @property
    def achievement_display(self) -> str:
        text = _number(self.achievement, 1)
        return f"{text} ({_('exceeded')})" if self.exceeded else text

    @property
    def baseline_display(self) -> str:
        if self.baseline is None:
            return "–"
        year = f" ({self.baseline_year})" if self.baseline_year else ""
        return _number(self.baseline, 2) + year


def _number(value: Decimal | None, digits: int) -> str:
    from hientai.reporting.documents.charts import number

    return number(None if value is None else float(value), digits)


@dataclass
class PlanSection:
    plan: Plan
    tasks: list[TaskRow]
    by_unit: list[TaskCounts]
    totals: TaskCounts
    targets: list[TargetRow]

    @property
    def heading(self) -> str:
        number = self.plan.number.strip()
        if number and not number.startswith("/"):
            return _("Plan No. %(number)s: %(title)s") % {
                "number": number,
                "title": self.plan.title,
            }
        return self.plan.title


def completeness_total(rows: Sequence[UnitCompleteness]) -> UnitCompleteness | None:
    """The scope's own total: the sum of the top-level rows (rows below roll up into them)."""
    top = [row for row in rows if row.level == 0]
    if not top:
        return None
    if len(top) == 1:
        return top[0]
    total = UnitCompleteness(unit=top[0].unit)
    for row in top:
        for name in ("expected", "submitted", "approved", "on_time", "late", "missing", "pending"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


@dataclass
class NarrativeItem:
    """One unit's text from its report: a difficulty or a proposal."""

    unit: str
    dataset: str
    period: str
    text: str


@dataclass
class TrendRow:
    """A target over the years of a review: the value each year and where it is heading."""

    row: TargetRow
    values: list[tuple[int, Decimal | None]]
    trend: str  # up | down | flat | no_data
    improving: bool | None

    @property
    def trend_label(self) -> str:
        labels = {
            "up": _("rising"),
            "down": _("falling"),
            "flat": _("flat"),
            "no_data": _("not enough data"),
        }
        text = labels[self.trend]
        if self.improving is True:
            text += " (" + _("improving") + ")"
        elif self.improving is False:
            text += " (" + _("worsening") + ")"
        return text


@dataclass
class ReportContent:
    period: Period
    unit: Unit | None
    report_date: datetime.date
    letterhead: Letterhead
    plans: list[PlanSection]
    completeness: list[UnitCompleteness]
    indicator_values: list[Any] = field(default_factory=list)  # IndicatorValue, for the annex
    difficulties: list[NarrativeItem] = field(default_factory=list)
    proposals: list[NarrativeItem] = field(default_factory=list)
    # Mid-term or final review over several years (sơ kết, tổng kết): (first, last year).
    review_years: tuple[int, int] | None = None
    trends: list[TrendRow] = field(default_factory=list)
    breakdowns: list[Any] = field(default_factory=list)  # BreakdownTable, for the annex

    @property
    def is_review(self) -> bool:
        return self.review_years is not None

    @property
    def review_label(self) -> str:
        if self.review_years is None:
            return ""
        first, last = self.review_years
        kind = _("final review") if last >= 2030 else _("mid-term review")
        return f"{kind} {first}–{last}"

    @property
    def exceeded_rows(self) -> list[TargetRow]:
        return [row for row in self.target_rows if row.exceeded]

    @property
    def scope_name(self) -> str:
        return self.unit.name_vi if self.unit is not None else _("Đồng Nai City")

    @property
    def as_of(self) -> datetime.date:
        """Task status is read as of the report date, or the period's end for a past period."""
        return min(self.report_date, self.period.end)

    @property
    def task_totals(self) -> TaskCounts:
        totals = TaskCounts(name=_("Total"))
        for section in self.plans:
            for bucket in TASK_BUCKETS:
                setattr(totals, bucket, getattr(totals, bucket) + getattr(section.totals, bucket))
            totals.total += section.totals.total
        return totals

    @property
    def target_rows(self) -> list[TargetRow]:
        return [row for section in self.plans for row in section.targets]


# ---------------------------------------------------------------- choosing plans and units


def find_unit(code: str, user: User | AnonymousUser | None = None) -> Unit:
    """The unit of `code` (in the user's scope); ReportError otherwise."""
    units = Unit.objects.all() if user is None else visible(Unit.objects.all(), user)
    unit = units.filter(code=code.strip()).first()
    if unit is None:
        raise ReportError(_("Unknown unit code “%(code)s”.") % {"code": code})
    return unit


def plans_for(user: User | AnonymousUser | None = None) -> QuerySet[Plan]:
    return Plan.objects.all() if user is None else readable_plans(user)


def find_plan(reference: str, user: User | AnonymousUser | None = None) -> Plan:
    """A plan by its id ("4") or its number and symbol ("12/KH-UBND"); ReportError otherwise.

    The seed plans are drafts with a blank number ("Số: /KH-UBND"), so the id always works."""

    text = (reference or "").strip()
    plans = plans_for(user)
    if text.isdigit():
        plan = plans.filter(pk=int(text)).first()
        if plan is not None:
            return plan
    key = number_key(text) if text else ""
    matches = list(plans.filter(Q(number=text) | Q(number_key=key)) if key else [])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ReportError(
            _("Several plans have the number “%(number)s” (ids %(ids)s): give the plan's id.")
            % {"number": text, "ids": ", ".join(str(plan.pk) for plan in matches)}
        )
    raise ReportError(
        _("No plan with the id or number “%(reference)s”.") % {"reference": reference}
    )


def choose_plans(
    user: User | AnonymousUser | None = None,
    *,
    plan: str | None = None,
    all_plans: bool = False,
    unit: Unit | None = None,
) -> list[Plan]:
    """The plans of a report: one plan, every plan (--all-plans) or the active ones."""
    if plan:
        return [find_plan(plan, user)]
    plans = plans_for(user).select_related("issuing_unit").defer(*PLAN_HEAVY)
    if not all_plans:
        plans = plans.filter(status=PlanStatus.ACTIVE)
    if unit is not None:
        in_unit = Task.objects.filter(units__unit__path__startswith=unit.path).values("plan_id")
        plans = plans.filter(Q(issuing_unit__path__startswith=unit.path) | Q(pk__in=in_unit))
    chosen = list(plans.order_by("pk").distinct())
    if not chosen:
        raise ReportError(
            _(
                "There is no active plan to report on; give --plan, or --all-plans to include "
                "drafts."
            )
            if not all_plans
            else _("There is no plan to report on.")
        )
    return chosen


# ---------------------------------------------------------------- tasks

# A plan's parsed document and source text (tens of kB of JSON and text each): no report
# reads them, and decoding them once per task row cost most of the dashboard's time.
PLAN_HEAVY = ("parsed", "source_text")


def _tasks(
    plans: Sequence[Plan], user: User | AnonymousUser | None, unit: Unit | None
) -> QuerySet[Task]:
    tasks = Task.objects.filter(plan__in=plans)
    if user is not None:
        tasks = visible(tasks, user)
    if unit is not None:
        tasks = tasks.filter(
            Q(plan__issuing_unit__path__startswith=unit.path)
            | Q(pk__in=TaskUnit.objects.filter(unit__path__startswith=unit.path).values("task_id"))
        )
    return (
        tasks.select_related("plan", "responsible_user")
        .defer(*(f"plan__{name}" for name in PLAN_HEAVY))
        .prefetch_related(
            Prefetch("units", queryset=TaskUnit.objects.select_related("unit")),
            "updates",
            "child_tasks",
        )
        .order_by("plan_id", "position", "pk")
    )


def task_row(task: Task, as_of: datetime.date, notes_until: datetime.date | None = None) -> TaskRow:
    """One task as the report shows it; `notes_until` (a past period's end) leaves out
    progress notes written after it."""
    if task.status == TaskStatus.DONE:
        bucket = "done"
    elif task.is_overdue(as_of):
        bucket = "overdue"
    else:
        bucket = "on_time"
    leads = [link.unit.name_vi if link.unit is not None else link.name for link in task.leads()]
    # The latest progress note up to the report's day (updates are newest first).
    notes = [
        update
        for update in task.updates.all()
        if update.note.strip()
        and (notes_until is None or timezone.localdate(update.created_at) <= notes_until)
    ]
    latest = notes[0] if notes else None
    responsible = task.responsible_person
    if task.responsible_user is not None:
        user = task.responsible_user
        responsible = f"{user.last_name} {user.first_name}".strip() or user.username
    row = TaskRow(
        task=task,
        number=task.number,
        content=" ".join(task.content.split()),
        lead_units=leads,
        due=task.next_due(as_of),
        deadline_raw=task.deadline_raw,
        bucket=bucket,
        progress=task.progress,
        latest_note=" ".join(latest.note.split()) if latest else "",
        latest_note_at=timezone.localdate(latest.created_at) if latest else None,
        responsible=responsible,
        linked=len(task.child_tasks.all()),
    )
    if row.linked:  # progress that rolls up: the weighted progress of the linked tasks
        summary = rolled_up(task)
        if summary is not None:
            row.progress = summary.progress
    return row


def count_by_lead_unit(rows: Iterable[TaskRow]) -> list[TaskCounts]:
    """Tasks per lead unit (a task with two leads counts for both), busiest first."""
    counts: dict[str, TaskCounts] = {}
    for row in rows:
        for name in row.lead_units or [_("(no lead unit)")]:
            counts.setdefault(name, TaskCounts(name=name)).add(row.bucket)
    return sorted(counts.values(), key=lambda item: (-item.overdue, -item.total, item.name))


# ---------------------------------------------------------------- indicators


def judge_target(target: Target, result: Any, period: Period) -> tuple[Decimal | None, str]:
    """Achievement % and status of an indicator's value against one plan target, by IND's
    rules (`indicators.services.judge`: achieved, on track or at risk by the linear forecast
    from the baseline, not achieved once the target year is over). `evaluate` already judged
    the value against the target it picked for the period; a plan target of another year
    (12 per 10,000 by 2030, then 15 by 2045) is judged again against its own value and year."""

    if result is None:
        return None, "no_data"
    if result.plan_target_id == target.pk:
        status, achievement = result.status, result.achievement
    else:
        history = []
        if (
            result.baseline is not None
            and result.baseline_year
            and (result.baseline_year < period.year)
        ):
            history.append((Decimal(result.baseline_year), result.baseline))
        status, achievement, _forecast = indicator_services.judge(
            result.indicator, period, result.value, Decimal(target.value), target.year, history
        )
    if achievement is not None:
        achievement = Decimal(achievement).quantize(Decimal("0.1"))
    return achievement, status


def _target_rows(
    plans: Sequence[Plan], period: Period, unit: Unit | None
) -> tuple[list[TargetRow], dict[int, list[TargetRow]]]:

    targets = list(
        Target.objects.filter(plan__in=plans)
        .select_related("plan")
        .defer(*(f"plan__{name}" for name in PLAN_HEAVY))
    )
    links: dict[int, IndicatorTarget] = {}
    link: IndicatorTarget | None
    result: IndicatorValue | None
    for link in (
        IndicatorTarget.objects.filter(plan_target__in=targets, is_baseline=False)
        .select_related("indicator", "unit")
        .order_by("unit__depth", "pk")
    ):
        links.setdefault(cast(int, link.plan_target_id), link)  # plan_target__in: never None
    measured: dict[int, Unit] = {}
    for target_id, link in links.items():
        measured[target_id] = unit if unit is not None else link.unit
    values: dict[tuple[int, int], Any] = {}
    per_target: dict[int, Any] = {}
    if links:
        # Measured where each target is set: one row per target, judged by IND against it.
        # Measured in another unit (--unit), which has no targets of its own: one row per
        # indicator, judged below against the plan target.
        results = indicator_services.evaluate(
            period,
            units=list({item.pk: item for item in measured.values()}.values()),
            indicators=list(
                {link.indicator_id: link.indicator for link in links.values()}.values()
            ),
            every_target=unit is None,
        )
        for result in results:
            values.setdefault((result.indicator.pk, result.unit.pk), result)
            if result.plan_target_id:
                per_target[result.plan_target_id] = result
    rows: list[TargetRow] = []
    by_plan: dict[int, list[TargetRow]] = defaultdict(list)
    for target in targets:
        link = links.get(target.pk)
        indicator = link.indicator if link else None
        where = measured.get(target.pk)
        result = None
        if link is not None and where is not None:  # `measured` has every linked target
            own = per_target.get(target.pk)
            mine = own is not None and own.unit.pk == where.pk
            result = own if mine else values.get((link.indicator_id, where.pk))
        if link is None:
            achievement, status = None, "no_indicator"
        else:
            achievement, status = judge_target(target, result, period)
        row = TargetRow(
            plan=target.plan,
            target=target,
            indicator=indicator,
            unit=where,
            baseline=result.baseline if result is not None else None,
            baseline_year=result.baseline_year if result is not None else None,
            value=result.value if result is not None else None,
            achievement=achievement,
            status=status,
        )
        rows.append(row)
        by_plan[target.plan_id].append(row)
    return rows, by_plan


def indicator_values(period: Period, units: Sequence[Unit]) -> list[Any]:
    """Every active indicator for `units` and `period` (and its halves for a year)."""

    periods = [period] + (
        [Period(period.year, 1), Period(period.year, 2)] if period.is_year else []
    )
    values: list[Any] = []
    for each in periods:
        values.extend(indicator_services.evaluate(each, units=list(units)))
    return values


# ---------------------------------------------------------------- completeness


def completeness_rows(
    period: Period, unit: Unit | None, user: User | AnonymousUser | None = None
) -> list[UnitCompleteness]:
    """REP's completeness for the period, one row per unit owing reports and per unit above
    it, the scope's total first."""
    return completeness(period, unit=unit, user=user, within=False)


def report_units(unit: Unit | None, user: User | AnonymousUser | None = None) -> list[Unit]:
    """The unit reported on followed by its direct children in scope (the annex's rows)."""
    if unit is None:
        if user is None or scope_for(user).city_wide:
            root = Unit.objects.filter(code=CITY_CODE).first()
            roots = [root] if root else list(Unit.objects.filter(parent__isnull=True))
        else:
            roots = list(Unit.objects.filter(path__in=scope_for(user).read_paths))
    else:
        roots = [unit]
    children = Unit.objects.current().filter(parent__in=roots).order_by("path")
    return roots + list(children)


# ---------------------------------------------------------------- the units' own words


def narratives(
    period: Period,
    unit: Unit | None,
    user: User | AnonymousUser | None = None,
    years: tuple[int, int] | None = None,
) -> tuple[list[NarrativeItem], list[NarrativeItem]]:
    """The "khó khăn, vướng mắc" and "đề xuất, kiến nghị" of the units' delivered reports
    of the period (for a year, of its halves too; for a review, of all its `years`), in
    unit order."""
    from hientai.reporting.models import DELIVERED_STATUSES, Submission

    periods = [str(period)]
    if period.is_year:
        periods += [f"{period.year}H1", f"{period.year}H2"]
    if years is not None:
        periods = [
            f"{year}{suffix}"
            for year in range(years[0], years[1] + 1)
            for suffix in ("", "H1", "H2")
        ]
    rows = Submission.objects.filter(period__in=periods, status__in=DELIVERED_STATUSES).exclude(
        difficulties="", proposals=""
    )
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if user is not None:
        rows = visible(rows, user)
    # A unit writing the same words on several forms or periods is quoted once, with all
    # of its periods.
    found: dict[str, dict[tuple[str, str], NarrativeItem]] = {"d": {}, "p": {}}
    ordered = rows.select_related("unit", "dataset").order_by(
        "unit__path", "-period", "dataset__code"
    )
    for row in ordered:
        label = Period.parse(row.period).label
        unit_name, form = row.unit.name_vi, row.dataset.name_vi
        for key, text in (("d", row.difficulties.strip()), ("p", row.proposals.strip())):
            if not text:
                continue
            item = found[key].get((unit_name, text))
            if item is None:
                found[key][(unit_name, text)] = NarrativeItem(unit_name, form, label, text)
            elif label not in item.period.split(", "):
                item.period += f", {label}"
    return list(found["d"].values()), list(found["p"].values())


# ---------------------------------------------------------------- reviews


def parse_review(text: str) -> tuple[int, int]:
    """ "2026-2028" → (2026, 2028); ReportError otherwise."""
    parts = [part.strip() for part in (text or "").replace("–", "-").split("-")]
    try:
        first, last = (int(parts[0]), int(parts[1])) if len(parts) == 2 else (0, 0)
    except ValueError:
        first, last = 0, 0
    if not (2000 <= first < last <= 2100):
        raise ReportError(
            _("Give the review's years as FIRST-LAST, such as 2026-2028 (got “%(text)s”).")
            % {"text": text}
        )
    return first, last


def trend_rows(
    rows: Sequence[TargetRow], years: tuple[int, int], today: datetime.date | None = None
) -> list[TrendRow]:
    """Each target's value in the year before the review (the starting point) and in every
    year of it that has begun by `today` (later years stay empty), and its direction."""
    first, last = years
    first -= 1  # the starting point
    day = today or datetime.date.today()
    pairs = {
        (row.indicator.pk, row.unit.pk): (row.indicator, row.unit)
        for row in rows
        if row.indicator is not None and row.unit is not None
    }
    by_year: dict[tuple[int, int, int], Decimal | None] = {}
    if pairs:
        indicators = list({ind.pk: ind for ind, _unit in pairs.values()}.values())
        units = list({unit.pk: unit for _ind, unit in pairs.values()}.values())
        for year in range(first, min(last, day.year) + 1):
            for result in indicator_services.evaluate(
                Period(year), units=units, indicators=indicators
            ):
                by_year[(result.indicator.pk, result.unit.pk, year)] = result.value
    trends = []
    for row in rows:
        if row.indicator is None or row.unit is None:
            values: list[tuple[int, Decimal | None]] = [
                (year, None) for year in range(first, last + 1)
            ]
        else:
            values = [
                (year, by_year.get((row.indicator.pk, row.unit.pk, year)))
                for year in range(first, last + 1)
            ]
        known = [value for _year, value in values if value is not None]
        if len(known) < 2:
            trend, improving = "no_data", None
        else:
            change = known[-1] - known[0]
            tolerance = abs(known[0]) * Decimal("0.01")
            trend = "flat" if abs(change) <= tolerance else "up" if change > 0 else "down"
            lower_is_better = getattr(row.indicator, "direction", "up") == "down"
            improving = None if trend == "flat" else (trend == "up") != lower_is_better
        trends.append(TrendRow(row=row, values=values, trend=trend, improving=improving))
    return trends


# ---------------------------------------------------------------- everything


def gather(
    period: Period,
    *,
    user: User | AnonymousUser | None = None,
    plan: str | None = None,
    all_plans: bool = False,
    unit: Unit | str | None = None,
    report_date: datetime.date | None = None,
    with_indicator_values: bool = False,
    review: tuple[int, int] | None = None,
) -> ReportContent:
    """Collect the report's facts; ReportError (translated) for a bad plan or unit. With
    `review` (first, last year), a mid-term or final review: the period is the last year,
    and each target comes with its value in every year of the review."""
    if isinstance(unit, str):
        unit = find_unit(unit, user)
    if review is not None:
        period = Period(review[1])
    plans = choose_plans(user, plan=plan, all_plans=all_plans, unit=unit)
    day = report_date or datetime.date.today()
    as_of = min(day, period.end)
    rows_by_plan: dict[int, list[TaskRow]] = defaultdict(list)
    notes_until = period.end if period.end < day else None
    for task in _tasks(plans, user, unit):
        rows_by_plan[task.plan_id].append(task_row(task, as_of, notes_until))
    _all_targets, targets_by_plan = _target_rows(plans, period, unit)
    sections = []
    for each in plans:
        task_rows = rows_by_plan.get(each.pk, [])
        totals = TaskCounts(name=_("Total"))
        for row in task_rows:
            totals.add(row.bucket)
        sections.append(
            PlanSection(
                plan=each,
                tasks=task_rows,
                by_unit=count_by_lead_unit(task_rows),
                totals=totals,
                targets=targets_by_plan.get(each.pk, []),
            )
        )
    issuer = unit or Unit.objects.filter(code=ISSUER_CODE).first()
    content = ReportContent(
        period=period,
        unit=unit,
        report_date=day,
        letterhead=letterhead(issuer),
        plans=sections,
        completeness=completeness_rows(period, unit, user),
        review_years=review,
    )
    content.difficulties, content.proposals = narratives(period, unit, user, review)
    if review is not None:
        content.trends = trend_rows(content.target_rows, review, day)
    if with_indicator_values:
        units = report_units(unit, user)
        content.indicator_values = indicator_values(period, units)
        content.breakdowns = breakdown_tables(period, units[0] if units else None)
    return content


def breakdown_tables(period: Period, unit: Unit | None) -> list[Any]:
    """Every computed indicator's breakdowns at `unit` (small counts suppressed)."""
    if unit is None:
        return []
    from hientai.indicators.breakdowns import indicator_breakdowns

    return indicator_breakdowns(period, unit)
