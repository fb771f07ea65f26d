"""The indicator catalogue, targets per unit and year, and values reported by units.

An Indicator is data, not code: a computed indicator carries a declarative definition
(`definition`, see `hientai.indicators.filters`) evaluated over the registry as of a period's
end; a reported indicator reads the approved ReportedValue rows of each unit. Both are rolled
up the unit tree by summing numerators and denominators (ratio of sums).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet


class MeasureUnit(models.TextChoices):
    PERCENT = "percent", _("percent")
    PER_10K = "per_10k", _("per 10,000 people")
    COUNT = "count", _("count")
    GROWTH_PCT = "growth_pct", _("growth % per year")
    AMOUNT = "amount", _("amount")


class Direction(models.TextChoices):
    UP = "up", _("higher is better")
    DOWN = "down", _("lower is better")


class Kind(models.TextChoices):
    COMPUTED = "computed", _("computed from the registry")
    REPORTED = "reported", _("reported by units")


class Aggregation(models.TextChoices):
    SUM = "sum", _("sum")
    RATIO_OF_SUMS = "ratio_of_sums", _("ratio of sums")
    WEIGHTED_AVERAGE = "weighted_average", _("weighted average")


class Breakdown(models.TextChoices):
    GENDER = "gender", _("gender")
    UNDER_45 = "under_45", _("under 45")
    ETHNIC_MINORITY = "ethnic_minority", _("ethnic minority")
    SECTOR = "sector", _("sector")
    TECHNOLOGY_GROUP = "technology_group", _("strategic technology group")


class Indicator(models.Model):
    scope_public = True

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=20, choices=MeasureUnit.choices)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    definition = models.JSONField(
        _("computation"),
        default=dict,
        blank=True,
        help_text=_(
            "For a computed indicator: numerator filter, denominator filter or "
            "“population”, and scale."
        ),
    )
    aggregation = models.CharField(
        _("aggregation"),
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.RATIO_OF_SUMS,
    )
    breakdowns = models.JSONField(_("breakdowns"), default=list, blank=True)
    group = models.CharField(_("group"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name_vi}"

    def display_name(self, language: str = "vi") -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name_vi

    @property
    def scale(self) -> int:
        """Multiplier of numerator / denominator (100 for %, 10,000 per 10k, 1 for counts)."""
        if "scale" in (self.definition or {}):
            return int(self.definition["scale"])
        scales: dict[str, int] = {MeasureUnit.PERCENT: 100, MeasureUnit.PER_10K: 10000}
        return scales.get(self.unit, 1)

    def clean(self) -> None:
        from hientai.indicators.filters import FilterError, validate_definition

        if self.kind == Kind.COMPUTED:
            try:
                validate_definition(self.definition)
            except FilterError as error:
                raise ValidationError({"definition": str(error)}) from error


class IndicatorTarget(models.Model):
    """A baseline (is_baseline) or a target value of an indicator for a unit and a year."""

    scope_path_field = "unit__path"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    is_baseline = models.BooleanField(_("baseline"), default=False)
    plan_target = models.ForeignKey(
        "plans.Target",
        verbose_name=_("plan target"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicator_targets",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["indicator", "unit", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "is_baseline"],
                name="one_indicator_target_per_year",
            )
        ]

    def __str__(self) -> str:
        kind = _("baseline") if self.is_baseline else _("target")
        return f"{self.indicator.code} {self.unit.code} {self.year} {kind}: {self.value}"


class ReportedValue(models.Model):
    """An approved value reported by a unit for a period (written by `services.record_reported`)."""

    scope_path_field = "unit__path"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="reported_values"
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=8, db_index=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        ordering = ["indicator", "period", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"], name="one_reported_value_per_period"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gte=0),
                name="reported_denominator_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.period}: {self.value}"


class AnalyticsPeriod(models.Model):
    """A period held in the analytics store (see `hientai.indicators.analytics`).

    `frozen`: computed after the period's end, so its as-of values no longer change with
    profile edits; the refresh leaves it alone (a rebuild recomputes it)."""

    period = models.CharField(_("period"), max_length=8, unique=True)
    computed_at = models.DateTimeField(_("computed at"))
    frozen = models.BooleanField(_("frozen"), default=False)

    class Meta:
        verbose_name = _("analytics period")
        verbose_name_plural = _("analytics periods")

    def __str__(self) -> str:
        return self.period


class AnalyticsFact(models.Model):
    """Numerator and denominator of a computed indicator over the people a unit itself
    manages (not its subtree), for a period, in total (empty dimension) or for one key of a
    breakdown. A unit's value is the sum over its subtree, read by `unit_path` prefix."""

    period = models.CharField(_("period"), max_length=8)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(_("path"), max_length=512)
    dimension = models.CharField(_("breakdown"), max_length=20, blank=True)
    key = models.CharField(_("key"), max_length=40, blank=True)
    numerator = models.BigIntegerField(_("numerator"), default=0)
    denominator = models.BigIntegerField(_("denominator"), default=0)

    class Meta:
        verbose_name = _("analytics fact")
        verbose_name_plural = _("analytics facts")
        indexes = [
            # Pattern operators: PostgreSQL answers `unit_path LIKE 'prefix%'` from it
            # whatever the database's collation (SQLite ignores them; it reads a range).
            models.Index(
                fields=["period", "dimension", "unit_path"],
                name="analytics_fact_by_path",
                opclasses=["varchar_pattern_ops"] * 3,
            ),
            models.Index(fields=["period", "unit"], name="analytics_fact_by_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_path} {self.period} {self.dimension}{self.key}"


class AnalyticsDirtyUnit(models.Model):
    """A unit whose people changed since the store's last refresh (written in the same
    transaction as the change; the refresh recomputes the unit's facts and deletes it)."""

    unit_id = models.IntegerField(_("unit"), db_index=True)

    class Meta:
        verbose_name = _("unit to refresh")
        verbose_name_plural = _("units to refresh")

    def __str__(self) -> str:
        return str(self.unit_id)


class AnalyticsPending(models.Model):
    """What a person contributed to the open periods' facts before a change, written in the
    change's own transaction (gone with it if it rolls back); once it commits, the store
    adds the person's contribution after the change minus this one (`analytics.apply`).
    The row with an empty period marks the person as noted in the transaction."""

    person_id = models.IntegerField(_("person"), db_index=True)
    period = models.CharField(_("period"), max_length=8, blank=True)
    indicator_id = models.IntegerField(_("indicator"), null=True)
    unit_id = models.IntegerField(_("unit"), null=True)
    dimension = models.CharField(_("breakdown"), max_length=20, blank=True)
    key = models.CharField(_("key"), max_length=40, blank=True)
    numerator = models.BigIntegerField(_("numerator"), default=0)
    denominator = models.BigIntegerField(_("denominator"), default=0)

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")

    def __str__(self) -> str:
        return f"{self.person_id} {self.period}"
