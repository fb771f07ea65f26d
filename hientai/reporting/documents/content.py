"""The facts of a consolidated report, gathered once for every output (DOCX, XLSX, PDF) and
for the dashboard: the plans chosen, their tasks by status and lead unit, every plan target
with its indicator's value for the period, and reporting completeness per unit.

Scope: without a user the caller is the system (the `report` command without --as) and sees
the whole city; with a user, plans, tasks and units go through the scoping rules.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.accounts.scoping import scope_for, visible
from hientai.indicators import services as indicator_services
from hientai.indicators.models import IndicatorTarget
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.plans.matching import number_key
from hientai.plans.models import Plan, PlanStatus, Target, Task, TaskStatus, TaskUnit
from hientai.plans.services import readable_plans
from hientai.reporting.services import UnitCompleteness, completeness

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


def letterhead() -> Letterhead:
    overrides = getattr(settings, "HIENTAI_REPORT_LETTERHEAD", None) or {}
    if "recipients" in overrides:
        overrides = {**overrides, "recipients": tuple(overrides["recipients"])}
    return Letterhead(**overrides)


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

    @property
    def bucket_label(self) -> str:
        return str(TASK_BUCKET_LABELS[self.bucket])

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
class ReportContent:
    period: Period
    unit: Unit | None
    report_date: datetime.date
    letterhead: Letterhead
    plans: list[PlanSection]
    completeness: list[UnitCompleteness]
    indicator_values: list[Any] = field(default_factory=list)  # IndicatorValue, for the annex

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


def find_unit(code: str, user: Any = None) -> Unit:
    """The unit of `code` (in the user's scope); ReportError otherwise."""
    units = Unit.objects.all() if user is None else visible(Unit.objects.all(), user)
    unit = units.filter(code=code.strip()).first()
    if unit is None:
        raise ReportError(_("Unknown unit code “%(code)s”.") % {"code": code})
    return unit


def plans_for(user: Any = None) -> QuerySet[Plan]:
    return Plan.objects.all() if user is None else readable_plans(user)


def find_plan(reference: str, user: Any = None) -> Plan:
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
    user: Any = None,
    *,
    plan: str | None = None,
    all_plans: bool = False,
    unit: Unit | None = None,
) -> list[Plan]:
    """The plans of a report: one plan, every plan (--all-plans) or the active ones."""
    if plan:
        return [find_plan(plan, user)]
    plans = plans_for(user).select_related("issuing_unit")
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


def _tasks(plans: Sequence[Plan], user: Any, unit: Unit | None) -> QuerySet[Task]:
    tasks = Task.objects.filter(plan__in=plans)
    if user is not None:
        tasks = visible(tasks, user)
    if unit is not None:
        tasks = tasks.filter(
            Q(plan__issuing_unit__path__startswith=unit.path)
            | Q(pk__in=TaskUnit.objects.filter(unit__path__startswith=unit.path).values("task_id"))
        )
    return (
        tasks.select_related("plan")
        .prefetch_related(
            Prefetch("units", queryset=TaskUnit.objects.select_related("unit")), "updates"
        )
        .order_by("plan_id", "position", "pk")
    )


def task_row(task: Task, as_of: datetime.date) -> TaskRow:
    if task.status == TaskStatus.DONE:
        bucket = "done"
    elif task.is_overdue(as_of):
        bucket = "overdue"
    else:
        bucket = "on_time"
    leads = [link.unit.name_vi if link.unit_id else link.name for link in task.leads()]
    return TaskRow(
        task=task,
        number=task.number,
        content=" ".join(task.content.split()),
        lead_units=leads,
        due=task.next_due(as_of),
        deadline_raw=task.deadline_raw,
        bucket=bucket,
        progress=task.progress,
    )


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

    targets = list(Target.objects.filter(plan__in=plans).select_related("plan"))
    links: dict[int, IndicatorTarget] = {}
    for link in (
        IndicatorTarget.objects.filter(plan_target__in=targets, is_baseline=False)
        .select_related("indicator", "unit")
        .order_by("unit__depth", "pk")
    ):
        links.setdefault(link.plan_target_id, link)
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
        if link is not None:
            own = per_target.get(target.pk)
            mine = own is not None and own.unit.pk == where.pk
            result = own if mine else values.get((indicator.pk, where.pk))
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
    period: Period, unit: Unit | None, user: Any = None
) -> list[UnitCompleteness]:
    """REP's completeness for the period, one row per unit owing reports and per unit above
    it, the scope's total first."""
    return completeness(period, unit=unit, user=user, within=False)


def report_units(unit: Unit | None, user: Any = None) -> list[Unit]:
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


# ---------------------------------------------------------------- everything


def gather(
    period: Period,
    *,
    user: Any = None,
    plan: str | None = None,
    all_plans: bool = False,
    unit: Unit | str | None = None,
    report_date: datetime.date | None = None,
    with_indicator_values: bool = False,
) -> ReportContent:
    """Collect the report's facts; ReportError (translated) for a bad plan or unit."""
    if isinstance(unit, str):
        unit = find_unit(unit, user)
    plans = choose_plans(user, plan=plan, all_plans=all_plans, unit=unit)
    day = report_date or datetime.date.today()
    as_of = min(day, period.end)
    rows_by_plan: dict[int, list[TaskRow]] = defaultdict(list)
    for task in _tasks(plans, user, unit):
        rows_by_plan[task.plan_id].append(task_row(task, as_of))
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
    content = ReportContent(
        period=period,
        unit=unit,
        report_date=day,
        letterhead=letterhead(),
        plans=sections,
        completeness=completeness_rows(period, unit, user),
    )
    if with_indicator_values:
        content.indicator_values = indicator_values(period, report_units(unit, user))
    return content
